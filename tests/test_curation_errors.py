"""Each curator mistake gets a clear error naming file, line and field, and nothing is written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mechgraph.builder import build
from mechgraph.errors import CurationError

STATEMENTS = "graph/statements/osteoclasts.yaml"
ENTITIES = "graph/entities/core.yaml"


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _fail(root: Path, seeds: Path) -> CurationError:
    with pytest.raises(CurationError) as info:
        build(root, seeds_dir=seeds, store_dir=root / "store")
    return info.value


def _snapshot(root: Path) -> dict[str, bytes]:
    files = [
        *(root / "exports").rglob("*"),
        *(root / "store").rglob("*"),
        root / "src/mechgraph/data/mechgraph.nt",
    ]
    return {str(p.relative_to(root)): p.read_bytes() for p in files if p.is_file()}


@pytest.fixture
def built(mini_root: Path, mini_seeds: Path) -> dict[str, bytes]:
    build(mini_root, seeds_dir=mini_seeds, store_dir=mini_root / "store")
    return _snapshot(mini_root)


def test_malformed_yaml_names_file_and_line(mini_root, mini_seeds, built):
    _edit(
        mini_root,
        STATEMENTS,
        "    relation: increases\n    object: osteoclastogenesis",
        "    relation: increases\n  object: [osteoclastogenesis",
    )
    err = _fail(mini_root, mini_seeds)
    (problem,) = err.problems
    assert problem.file == STATEMENTS
    assert problem.line is not None and problem.line > 10
    assert "malformed YAML" in problem.message
    assert _snapshot(mini_root) == built


def test_unknown_entity_suggests_the_closest(mini_root, mini_seeds, built):
    _edit(mini_root, STATEMENTS, "object: JNK_pathway", "object: JNK_pathwy")
    err = _fail(mini_root, mini_seeds)
    (problem,) = err.problems
    assert (problem.file, problem.field) == (STATEMENTS, "object")
    assert problem.line == 4
    assert "unknown entity id 'JNK_pathwy'" in problem.message
    assert "did you mean JNK_pathway" in problem.message
    assert _snapshot(mini_root) == built


def test_unknown_relation_lists_the_allowed(mini_root, mini_seeds, built):
    _edit(
        mini_root,
        STATEMENTS,
        "relation: decreases\n    object: JNK_pathway",
        "relation: lowers\n    object: JNK_pathway",
    )
    (problem,) = _fail(mini_root, mini_seeds).problems
    assert problem.field == "statements[0].relation"
    assert problem.line == 5
    assert "'increases'" in problem.message and "got 'lowers'" in problem.message
    assert _snapshot(mini_root) == built


def test_unknown_context_key(mini_root, mini_seeds, built):
    _edit(
        mini_root,
        STATEMENTS,
        "context: {timeframe: short-term}",
        "context: {timeframe: short-term, tissue: bone}",
    )
    (problem,) = _fail(mini_root, mini_seeds).problems
    assert problem.field == "statements[0].context.tissue"
    assert "unknown field" in problem.message
    assert _snapshot(mini_root) == built


def test_bad_context_value(mini_root, mini_seeds, built):
    _edit(mini_root, STATEMENTS, "context: {timeframe: short-term}", "context: {timeframe: medium-term}")
    (problem,) = _fail(mini_root, mini_seeds).problems
    assert problem.field == "statements[0].context.timeframe"
    assert "'short-term'" in problem.message and "'medium-term'" in problem.message


def test_curie_rejected_by_bioregistry(mini_root, mini_seeds, built):
    _edit(mini_root, ENTITIES, "xrefs: [hgnc:8760, uniprot:Q15116]", "xrefs: [hgnc:PDCD1, notaprefix:1]")
    problems = _fail(mini_root, mini_seeds).problems
    messages = " ".join(p.message for p in problems)
    assert len(problems) == 2
    assert all(p.file == ENTITIES and p.line == 2 for p in problems)
    assert "does not match hgnc's pattern" in messages
    assert "does not know the prefix 'notaprefix'" in messages
    assert _snapshot(mini_root) == built


def test_duplicate_entity_id(mini_root, mini_seeds, built):
    (mini_root / "graph/entities/more.yaml").write_text(
        "entities:\n  - id: PD-1\n    label: programmed cell death 1\n    type: protein\n"
    )
    (problem,) = _fail(mini_root, mini_seeds).problems
    assert problem.file == "graph/entities/more.yaml" and problem.line == 2
    assert "duplicate entity id 'PD-1'" in problem.message
    assert "graph/entities/core.yaml:2" in problem.message


def test_duplicate_statement(mini_root, mini_seeds, built):
    path = mini_root / STATEMENTS
    text = path.read_text()
    first = text.split("  - subject: JNK_pathway")[0].split("statements:\n")[1]
    path.write_text(text + first.replace("Blocking the checkpoint", "Blocking the checkpoint"))
    (problem,) = _fail(mini_root, mini_seeds).problems
    assert "duplicate statement" in problem.message
    assert "in the same file: merge their evidence" in problem.message
    assert f"{STATEMENTS}:4" in problem.message


def test_statement_without_evidence(mini_root, mini_seeds, built):
    _edit(
        mini_root,
        STATEMENTS,
        """    evidence:
      - quote: "the JNK pathway, which drives osteoclastogenesis"
        refs: [1]
        kind: review
""",
        "    evidence: []\n",
    )
    (problem,) = _fail(mini_root, mini_seeds).problems
    assert problem.field == "statements[1].evidence"
    assert "at least 1" in problem.message


def test_quote_not_in_seed_shows_closest_passage(mini_root, mini_seeds, built):
    _edit(mini_root, STATEMENTS, "which drives osteoclastogenesis", "which blocks osteoclastogenesis")
    (problem,) = _fail(mini_root, mini_seeds).problems
    assert problem.field == "quote" and problem.file == STATEMENTS
    assert "not found verbatim in mini" in problem.message
    assert "closest passage" in problem.message and "which drives osteoclastogenesis" in problem.message
    assert _snapshot(mini_root) == built


def test_perturbation_sign_must_agree(mini_root, mini_seeds, built):
    _edit(
        mini_root,
        STATEMENTS,
        "perturbation: {type: knockout, observed: increases}",
        "perturbation: {type: knockout, observed: decreases}",
    )
    (problem,) = _fail(mini_root, mini_seeds).problems
    assert problem.field.endswith("perturbation")
    assert "unperturbed subject increases it; the statement says decreases" in problem.message


def test_curator_inference_needs_rationale_and_no_quote(mini_root, mini_seeds, built):
    _edit(
        mini_root,
        STATEMENTS,
        "        rationale: Resorbing bone removes mineral, so more "
        "resorption lowers bone mineral density.\n",
        '        quote: "Osteoclastogenesis"\n',
    )
    (problem,) = _fail(mini_root, mini_seeds).problems
    assert "curator_inference needs a rationale" in problem.message


def test_shacl_violation_reports_the_shape_message(mini_root, mini_seeds, built):
    shapes = mini_root / "ontologies/shapes.ttl"
    shapes.write_text(
        shapes.read_text()
        + """
mgsh:SynonymShape a sh:NodeShape ; sh:targetClass mg:Protein ;
    sh:property [ sh:path skos:altLabel ; sh:minCount 3 ;
                  sh:message "test shape: a protein needs three synonyms" ] .
"""
    )
    problems = _fail(mini_root, mini_seeds).problems
    assert [p.message.split(" (focus")[0] for p in problems] == [
        "SHACL: test shape: a protein needs three synonyms"
    ]
    assert problems[0].file == ENTITIES and problems[0].line == 2
    assert _snapshot(mini_root) == built


def test_missing_seed_text_is_a_clear_error(mini_root, tmp_path, built):
    from mechgraph.errors import MechgraphError

    with pytest.raises(MechgraphError, match=re.escape("mini.txt not found")):
        build(mini_root, seeds_dir=tmp_path / "nowhere", store_dir=mini_root / "store")


def test_unknown_section(mini_root, mini_seeds, built):
    _edit(mini_root, STATEMENTS, 'section: "2"', 'section: "7"')
    problems = _fail(mini_root, mini_seeds).problems
    assert problems and all("section '7' is not one of mini's sections (2)" in p.message for p in problems)
