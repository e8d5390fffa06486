"""explain on the real curated graph: the faces (text, Markdown, JSON, API) of one answer,
the hierarchies it walks, and the contradictions beside it. The verdicts of questions taken
from the seeds are in test_explain_questions.py."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import mechgraph
from mechgraph.cli import cli


def _steps_have_evidence(path) -> bool:
    return all(
        h.hierarchy in ("member_of", "has_member")
        or (h.statements and all(st.evidence for st in h.statements))
        for h in path.hops
    )


def _through(path, *nodes) -> bool:
    return all(n in path.nodes for n in nodes)


def _stratum(ex, value):
    return next(s for s in ex.strata if s.value == value)


@pytest.mark.parametrize("source", ["PD-1/PD-L1 inhibitor", "pembrolizumab"])
@pytest.mark.parametrize("target", ["bone mineral density", "bone resorption"])
def test_blockade_on_bone_is_bidirectional_by_timeframe(source, target):
    ex = mechgraph.explain(source, target)
    assert ex.verdict == "bidirectional" and ex.separating_key == "timeframe"
    protective = +1 if target == "bone mineral density" else -1
    short, long_ = _stratum(ex, "short-term"), _stratum(ex, "long-term")
    assert short.winner.sign == protective and long_.winner.sign == -protective
    # short-term protection through JNK; long-term damage through chronic inflammation
    # (pembrolizumab, a member of anti-PD-1: "extended PD-1 blockade") or, for the class, as
    # a member of ICI: "prolonged ICI therapy ... net bone loss"
    assert any(_through(p, "JNK_pathway") for p in short.winner.paths)
    assert any(_through(p, "inflammation") or _through(p, "bone_loss") for p in long_.winner.paths)
    assert all(_steps_have_evidence(p) for p in short.winner.paths + long_.winner.paths)
    assert [s.value for s in ex.strata] == ["short-term", "long-term"]
    assert ex.reason.startswith("short-term: " + short.verdict)
    assert "; long-term: " + long_.verdict in ex.reason


@pytest.mark.parametrize("target", ["bone mineral density", "bone resorption", "fracture risk"])
@pytest.mark.parametrize("timeframe", ["short-term", "long-term"])
def test_a_stratum_answers_as_the_question_asked_in_its_context(target, timeframe):
    whole = mechgraph.explain("PD-1/PD-L1 inhibitor", target)
    asked = mechgraph.explain("PD-1/PD-L1 inhibitor", target, context={"timeframe": timeframe})
    s = _stratum(whole, timeframe)
    assert asked.verdict == s.verdict and asked.confidence == s.confidence
    (only,) = asked.strata
    assert only.up.score == s.up.score and only.down.score == s.down.score


def test_member_chain_reads_from_the_member_up():
    # the only statement is flagged (entity mapping uncertain): listed, not counted
    ex = mechgraph.explain("pembrolizumab", "T cell exhaustion")
    assert ex.verdict == "no known effect" and not ex.search.paths
    ((path, reasons),) = [(u.path, u.reasons) for u in ex.uncounted]
    assert reasons[0][1] == "flagged entity_mapping_uncertain"
    ex = mechgraph.explain("pembrolizumab", "T cell exhaustion", include_flagged=True)
    assert ex.verdict == "decreases"
    (path,) = ex.search.paths
    assert path.nodes == ("pembrolizumab", "anti-PD-1", "T_cell_exhaustion")
    assert [h.hierarchy for h in path.hops] == ["member_of", None]
    text = (
        CliRunner().invoke(cli, ["explain", "pembrolizumab", "T cell exhaustion", "--include-flagged"]).output
    )
    assert "pembrolizumab ⊂ anti-PD-1 antibody —decreases (−)→ T cell exhaustion" in text
    full = CliRunner().invoke(cli, ["explain", "pembrolizumab", "T cell exhaustion", "--all"]).output
    assert "2 steps (1 membership, 1 causal)" in full
    assert "pembrolizumab is a member of anti-PD-1 antibody: inherits its statements" in full


def test_a_three_class_chain_counts_every_arrow():
    ex = mechgraph.explain("pembrolizumab", "fracture risk")
    chain = next(p for p in ex.search.paths if "ICI" in p.nodes and p.length == 1)
    assert chain.nodes == ("pembrolizumab", "anti-PD-1", "PD1-PDL1-inhibitor", "ICI", "fracture_risk")
    from mechgraph.render.paths import chain_text, steps_text

    assert chain_text(chain, ex.graph) == (
        "pembrolizumab ⊂ anti-PD-1 antibody ⊂ PD-1/PD-L1 "
        "inhibitor ⊂ immune checkpoint inhibitor —increases "
        "(+)→ fracture risk"
    )
    assert steps_text(chain) == "4 steps (3 membership, 1 causal)"


def test_a_class_finds_the_evidence_of_its_members():
    ex = mechgraph.explain("PD-1/PD-L1 inhibitor", "objective response rate")
    via = [p for p in ex.search.paths if p.hops[0].hierarchy == "has_member"]
    assert via and all(p.nodes[-2] == "pembrolizumab" for p in via)
    assert via[0].nodes[:3] == ("PD1-PDL1-inhibitor", "anti-PD-1", "pembrolizumab")
    assert "via member pembrolizumab" in ex.reason


def test_a_member_gene_reaches_its_axis():
    """Seed 004 §3: 'the non-canonical Wnt5a–Ror2 axis promotes osteoclast formation (12)'.
    Wnt5a, an actor the text names, carries the claim itself (graph/README.md, actors) and
    reaches it through its axis as well; RANKL, which has no statement of its own on
    osteoclastogenesis, reaches it only through RANKL signalling ('enhancing CCL2-mediated
    RANKL signaling', ref 5)."""
    ex = mechgraph.explain("Wnt5a", "osteoclastogenesis")
    assert ex.verdict == "increases"
    direct, axis = ex.search.paths
    assert direct.nodes == ("Wnt5a", "osteoclastogenesis")
    assert axis.nodes == ("Wnt5a", "Wnt5a-Ror2_axis", "osteoclastogenesis")
    assert axis.hops[0].hierarchy == "part_of" and axis.hops[0].statements  # with evidence
    assert ex.reason == "increases (directly (in vivo); ref 12)"
    ex = mechgraph.explain("RANKL", "osteoclastogenesis")
    (via,) = [p for p in ex.search.paths if p.hops[0].hierarchy == "part_of"]
    assert via.nodes == ("RANKL", "RANKL_signalling", "osteoclastogenesis")
    assert via.hops[0].statements and via.sign == 1
    assert "directly, via RANKL signalling (in vivo)" in ex.reason


def test_long_term_context_filter_keeps_only_the_damaging_side():
    ex = mechgraph.explain("PD-1/PD-L1 inhibitor", "fracture risk", context={"timeframe": "long-term"})
    assert {p.timeframe for p in ex.search.paths} <= {"long-term", None}
    direct = [st for st, _ in ex.direct if st.relation == "increases"]
    assert all(st.context_dict.get("timeframe") in ("long-term", None) for st in direct)
    assert any(st.context_dict.get("timeframe") == "long-term" for st in direct)
    assert ex.verdict == "increases"


def test_no_path_is_no_known_effect_not_an_error():
    ex = mechgraph.explain("CTLA-4", "bone mineral density", max_length=2)
    assert ex.verdict == "no known effect" and ex.confidence == 0
    assert "within 2 steps" in ex.reason


def test_flagged_statements_are_listed_not_counted_unless_asked():
    ex = mechgraph.explain("PD-1/PD-L1 inhibitor", "bone resorption", context={"timeframe": "short-term"})
    ambiguous = "70e71f577be3b8d8"  # PD-1/PD-L1 inhibitor decreases osteoclast activity
    assert ex.excluded.get(ambiguous) == "flagged ambiguous"
    assert [u for u in ex.uncounted if any(st.id == ambiguous for st, _ in u.reasons)]
    assert not any(ambiguous in {st.id for h in p.hops for st in h.statements} for p in ex.search.paths)
    counted = mechgraph.explain(
        "PD-1/PD-L1 inhibitor", "bone resorption", context={"timeframe": "short-term"}, include_flagged=True
    )
    assert ambiguous not in counted.excluded
    assert any(ambiguous in {st.id for h in p.hops for st in h.statements} for p in counted.search.paths)


def test_explain_json_schema():
    out = (
        CliRunner()
        .invoke(
            cli,
            ["explain", "PD-1/PD-L1 inhibitor", "bone resorption", "--format", "json", "--with", "denosumab"],
        )
        .output
    )
    doc = json.loads(out)
    assert doc["schema"] == "mechgraph.explain/2"
    assert set(doc) == {
        "schema",
        "source",
        "target",
        "verdict",
        "confidence",
        "confidence_label",
        "reason",
        "separating_key",
        "bounds",
        "truncated",
        "truncation_reason",
        "dropped_incoherent",
        "strata",
        "groups",
        "direct",
        "not_counted",
        "separating_context",
        "cotherapy",
        "paths",
    }
    assert doc["source"] == {
        "id": "PD1-PDL1-inhibitor",
        "label": "PD-1/PD-L1 inhibitor",
        "type": "drug_class",
    }
    assert doc["verdict"] == "bidirectional" and doc["separating_key"] == "timeframe"
    stratum = doc["strata"][0]
    assert set(stratum) == {
        "key",
        "value",
        "verdict",
        "confidence",
        "confidence_label",
        "decided_by",
        "sentence",
        "increases",
        "decreases",
        "background_dissent",
        "substrata_key",
        "substrata",
    }
    assert (stratum["key"], stratum["value"], stratum["verdict"]) == ("timeframe", "short-term", "decreases")
    side = stratum["decreases"]
    assert set(side) == {
        "sign",
        "effect",
        "support",
        "solid",
        "references",
        "strongest_evidence",
        "mechanisms",
        "paths",
    }
    assert {"source": "doi:10.3389/fimmu.2025.1630751", "ref": "5"} in side["references"]
    path = doc["paths"][side["paths"][0]]
    assert set(path) == {
        "sign",
        "effect",
        "length",
        "hierarchy_steps",
        "timeframe",
        "mixed_context",
        "evidence_strength",
        "inferred_steps",
        "reliability",
        "nodes",
        "steps",
    }
    assert path["reliability"] == side["support"]
    step = path["steps"][0]
    assert set(step) == {
        "from",
        "to",
        "sign",
        "relation",
        "inherited",
        "hierarchy",
        "reliability",
        "statements",
    }
    st = step["statements"][0]
    assert set(st) == {
        "id",
        "iri",
        "subject",
        "relation",
        "object",
        "sign",
        "direct",
        "context",
        "flags",
        "note",
        "evidence",
    }
    assert set(st["evidence"][0]) == {
        "kind",
        "source",
        "quote",
        "refs",
        "dois",
        "section",
        "rationale",
        "perturbation",
        "perturbation_type",
        "observed",
        "quantities",
        "epistemics",
    }
    assert all(0 <= i < len(doc["paths"]) for g in doc["groups"] for i in g["paths"])
    (co,) = doc["cotherapy"]
    assert co["agent"]["id"] == "denosumab"
    assert set(co) == {"agent", "effects", "summary", "alone", "counters"}
    assert {n["id"] for row in co["summary"] for n in row["at"]} >= {"RANKL"}
    nc = doc["not_counted"][0]
    assert set(nc) == {"scope", "path", "statements"} and nc["statements"][0]["reason"]


def test_markdown_and_text_formats_are_short_and_all_shows_everything():
    md = CliRunner().invoke(cli, ["explain", "pembrolizumab", "fracture risk", "--format", "markdown"]).output
    assert md.startswith("# What does pembrolizumab do to fracture risk?")
    assert "**Verdict: increases**" in md and "### Long-term: INCREASES" in md
    text = CliRunner().invoke(cli, ["explain", "PD-1/PD-L1 inhibitor", "fracture risk"]).output
    assert len(text.splitlines()) <= 60
    assert text.splitlines()[2].startswith("Verdict: INCREASES")
    assert "Not counted, and why:" in text and "“" not in text
    full = CliRunner().invoke(cli, ["explain", "PD-1/PD-L1 inhibitor", "fracture risk", "--all"]).output
    assert full.startswith(text.rsplit("\n", 3)[0]) and "“" in full and "<https://doi" not in full
    assert len(full.splitlines()) > 3 * len(text.splitlines())
    mdall = (
        CliRunner()
        .invoke(cli, ["explain", "PD-1/PD-L1 inhibitor", "fracture risk", "--all", "--format", "markdown"])
        .output
    )
    assert "<https://doi.org/" in mdall


@pytest.mark.parametrize("target", ["bone resorption", "fracture risk", "bone mineral density"])
@pytest.mark.parametrize("timeframe", [None, "short-term", "long-term"])
def test_default_answers_fit_a_screen(target, timeframe):
    args = ["explain", "PD-1/PD-L1 inhibitor", target]
    if timeframe:
        args += ["--context", f"timeframe={timeframe}"]
    for fmt in ("text", "markdown"):
        out = CliRunner().invoke(cli, [*args, "--format", fmt]).output
        assert len(out.splitlines()) <= 60, (fmt, out)


@pytest.mark.parametrize("source", ["pembrolizumab", "immune checkpoint inhibitor"])
@pytest.mark.parametrize("target", ["fracture risk", "bone mineral density", "osteoporosis"])
def test_answers_with_co_therapies_fit_a_screen_too(source, target):
    """A member's answer walks three classes and a co-therapy adds its own lines: fewer
    paths and reasons are shown, the verdict and the sentence stay."""
    from mechgraph.render.explanations import explanation_text

    ex = mechgraph.explain(source, target, cotherapy=("denosumab", "zoledronic acid", "anti-DKK1 antibody"))
    for md in (False, True):
        text = explanation_text(ex, markdown=md)
        assert len(text.splitlines()) <= 60
        assert " ".join((ex.reason + ".").split()) in " ".join(text.split())
        assert "With anti-DKK1 antibody as co-therapy" in text


def test_odd_questions_get_plain_answers():
    same = mechgraph.explain("PD-L1", "PD-L1")
    assert same.verdict == "no known effect" and "same entity" in same.reason
    out = CliRunner().invoke(
        cli, ["explain", "PD-1/PD-L1 inhibitor", "bone resorption", "--with", "PD-1/PD-L1 inhibitor"]
    )
    assert out.exit_code == 1 and "is the source itself" in out.output
    assert (
        mechgraph.explain("PD-1/PD-L1 inhibitor", "bone resorption", avoid=("bone resorption",)).verdict
        == "no known effect"
    )


def test_unknown_and_ambiguous_names():
    runner = CliRunner()
    missing = runner.invoke(cli, ["explain", "PD-L9", "bone mineral density"])
    assert missing.exit_code == 3 and "closest" in missing.output
    missing = runner.invoke(cli, ["explain", "PD-L1", "bone mineral density", "--with", "PD-L9"])
    assert missing.exit_code == 3


def test_paths_cli_json_and_bounds():
    out = CliRunner().invoke(cli, ["paths", "PD-L1", "RUNX2", "--max-length", "2", "--format", "json"]).output
    doc = json.loads(out)
    assert doc["schema"] == "mechgraph.paths/1" and doc["status"] == "found"
    assert all(p["length"] <= 2 for p in doc["paths"])
    assert doc["paths"][0]["nodes"][0]["id"] == "PD-L1"
    assert [p["reliability"] for p in doc["paths"]] == sorted(
        (p["reliability"] for p in doc["paths"]), reverse=True
    )


def _cookbook_pairs() -> set[tuple[str, str]]:
    from mechgraph.sparql import example, query

    rows = query(example("contradicting-statement-pairs").text).rows
    return {(str(r["up"]).rsplit("/", 1)[-1], str(r["down"]).rsplit("/", 1)[-1]) for r in rows}


def test_contradictions_agree_with_the_cookbook_class_and_member_included():
    found = mechgraph.contradictions(mechgraph.load_network())
    pairs = {p for c in found for p in c.pairs}
    assert pairs == _cookbook_pairs()
    # the CTX changes of ref 4 (PD-1/PD-L1 inhibitors) against ref 7 (ICIs), class vs member
    ctx = next(c for c in found if c.object == "serum_CTX")
    assert (ctx.subject, ctx.down_subject) == ("ICI", "PD1-PDL1-inhibitor")
    assert ctx.link == "subject_down is a member of subject_up, same object"
    assert any(c.object == "PINP" and c.down_subject == "ICI" for c in found)
    out = CliRunner().invoke(cli, ["contradictions"]).output
    assert f"{len(pairs)} pair(s) of statements of opposite sign" in out
    doc = json.loads(CliRunner().invoke(cli, ["contradictions", "--format", "json"]).output)
    assert {(p["up"], p["down"]) for c in doc for p in c["pairs"]} == pairs


@pytest.mark.parametrize(
    ("source", "target", "extra"),
    [
        ("PD-1/PD-L1 inhibitor", "bone mineral density", []),
        ("PD-1/PD-L1 inhibitor", "fracture risk", ["--limit", "40"]),
        ("PD-L1", "RUNX2", []),
    ],
)
def test_paths_open_with_the_counts_by_timeframe_and_sign(source, target, extra):
    """The first lines of `paths` say what the listing holds, short-term first: on the
    shipped graph, the blockade's short-term paths to bone mineral density all increase it
    and its long-term ones all decrease it, which a reader otherwise finds path by path."""
    runner = CliRunner()
    found = json.loads(runner.invoke(cli, ["paths", source, target, *extra, "--format", "json"]).output)
    text = runner.invoke(cli, ["paths", source, target, *extra]).output
    head = " ".join(line.strip() for line in text.split("\n\n", 1)[0].splitlines())
    paths = found["paths"]
    noun = "path" if len(paths) == 1 else "paths"
    assert head.startswith(f"{len(paths)} signed {noun} from {source} to {target}")
    assert ("the count bound cut the search" in head) == found["truncated"]
    for timeframe in ("short-term", "long-term"):
        group = [p for p in paths if p["timeframe"] == timeframe]
        counts = [
            (sum(1 for p in group if p["sign"] == s), w) for s, w in ((1, "increasing"), (-1, "decreasing"))
        ]
        expected = ", ".join(f"{n} {w}" for n, w in counts if n)
        if group:
            assert f"{timeframe}: {expected}" in head.lower()
        else:
            assert f"{timeframe}:" not in head.lower()
    if (source, target) == ("PD-1/PD-L1 inhibitor", "bone mineral density"):
        assert "Short-term: 8 increasing; long-term: 7 decreasing;" in head
