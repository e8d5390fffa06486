"""explain on the real curated graph: PD-1/PD-L1 blockade both protects and harms bone."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import mechgraph
from mechgraph.cli import cli


def _steps_have_evidence(path) -> bool:
    return all(h.inherited or (h.statements and all(st.evidence for st in h.statements))
               for h in path.hops)


def _through(path, *nodes) -> bool:
    return all(n in path.nodes for n in nodes)


@pytest.mark.parametrize("source", ["PD-1/PD-L1 inhibitor", "pembrolizumab"])
@pytest.mark.parametrize("target", ["bone mineral density", "fracture risk"])
def test_blockade_on_bone_is_bidirectional_short_vs_long_term(source, target):
    ex = mechgraph.explain(source, target)
    assert ex.verdict == "bidirectional"
    protective = +1 if target == "bone mineral density" else -1
    short = [p for p in ex.search.paths if p.sign == protective and p.timeframe == "short-term"]
    long_ = [p for p in ex.search.paths if p.sign == -protective and p.timeframe == "long-term"]
    # short-term protection through JNK, long-term damage through chronic inflammation
    assert any(_through(p, "JNK_pathway") for p in short)
    if source == "pembrolizumab":  # a member of anti-PD-1: "extended PD-1 blockade"
        assert any(_through(p, "inflammation") for p in long_)
    else:  # the class: as a member of ICI, "prolonged ICI therapy ... net bone loss"
        assert any(_through(p, "inflammation") or _through(p, "bone_loss") for p in long_)
    assert all(_steps_have_evidence(p) for p in short + long_)
    assert ex.separating["timeframe"]["increases" if protective > 0 else "decreases"].get(
        "short-term", 0) > 0
    assert "by timeframe" in ex.reason


def test_member_inherits_class_statements_as_a_step():
    ex = mechgraph.explain("pembrolizumab", "bone mineral density")
    first = ex.search.paths[0].hops[0]
    assert first.inherited and first.source == "pembrolizumab"


def test_long_term_context_filter_keeps_only_the_damaging_side():
    ex = mechgraph.explain("PD-1/PD-L1 inhibitor", "fracture risk",
                           context={"timeframe": "long-term"})
    assert {p.timeframe for p in ex.search.paths} <= {"long-term", None}
    direct = [st for st, _ in ex.direct if st.relation == "increases"]
    assert all(st.context_dict.get("timeframe") in ("long-term", None) for st in direct)
    assert any(st.context_dict.get("timeframe") == "long-term" for st in direct)


def test_no_path_is_no_known_effect_not_an_error():
    ex = mechgraph.explain("CTLA-4", "bone mineral density", max_length=2)
    assert ex.verdict == "no known effect"
    assert "within 2 steps" in ex.reason


def test_explain_json_schema():
    out = CliRunner().invoke(cli, ["explain", "PD-1/PD-L1 inhibitor", "bone mineral density",
                                   "--format", "json"]).output
    doc = json.loads(out)
    assert doc["schema"] == "mechgraph.explain/1"
    assert set(doc) == {"schema", "source", "target", "verdict", "reason", "bounds", "truncated",
                        "truncation_reason", "dropped_incoherent", "direct", "groups",
                        "separating_context"}
    assert doc["source"] == {"id": "PD1-PDL1-inhibitor", "label": "PD-1/PD-L1 inhibitor",
                             "type": "drug_class"}
    group = doc["groups"][0]
    assert set(group) == {"sign", "effect", "timeframe", "paths"}
    path = group["paths"][0]
    assert set(path) == {"sign", "effect", "length", "timeframe", "mixed_context",
                         "evidence_strength", "inferred_steps", "nodes", "steps"}
    step = next(s for p in group["paths"] for s in p["steps"] if not s["inherited"])
    assert set(step) == {"from", "to", "sign", "relation", "inherited", "statements"}
    st = step["statements"][0]
    assert set(st) == {"id", "iri", "subject", "relation", "object", "sign", "direct",
                       "context", "flags", "note", "evidence"}
    assert set(st["evidence"][0]) == {"kind", "source", "quote", "refs", "dois", "section",
                                      "rationale", "perturbation", "quantities", "epistemics"}
    assert doc["verdict"] == "bidirectional"


def test_markdown_and_text_formats():
    md = CliRunner().invoke(cli, ["explain", "pembrolizumab", "fracture risk", "--format",
                                  "markdown"]).output
    assert md.startswith("# What does pembrolizumab do to fracture risk?")
    assert "**Verdict: bidirectional**" in md and "<https://doi.org/" in md
    text = CliRunner().invoke(cli, ["explain", "pembrolizumab", "fracture risk"]).output
    assert "Verdict: BIDIRECTIONAL" in text and "“" in text


def test_unknown_and_ambiguous_names():
    runner = CliRunner()
    missing = runner.invoke(cli, ["explain", "PD-L9", "bone mineral density"])
    assert missing.exit_code == 3 and "closest" in missing.output


def test_paths_cli_json_and_bounds():
    out = CliRunner().invoke(cli, ["paths", "PD-L1", "RUNX2", "--max-length", "2",
                                   "--format", "json"]).output
    doc = json.loads(out)
    assert doc["schema"] == "mechgraph.paths/1" and doc["status"] == "found"
    assert all(p["length"] <= 2 for p in doc["paths"])
    assert doc["paths"][0]["nodes"][0]["id"] == "PD-L1"


def test_contradictions_include_the_ctx_disagreement():
    found = mechgraph.contradictions(mechgraph.load_network())
    assert any(c.object == "osteoblast_differentiation" or c.object == "osteogenesis"
               for c in found)
    out = CliRunner().invoke(cli, ["contradictions"]).output
    assert "pair(s) with statements of opposite sign" in out
