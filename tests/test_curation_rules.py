"""The curation rules of graph/README.md hold across both seeds, each checked on the real graph
and shown to catch a breach on a small made-up case."""

from __future__ import annotations

from dataclasses import replace

import pytest
from click.testing import CliRunner
from conftest import REPO

import mechgraph
from mechgraph import vocab
from mechgraph.cli import cli
from mechgraph.curation import checks
from mechgraph.curation.reader import read_graph_dir
from mechgraph.model import Entity, Evidence, Knowledge, Seed, Statement
from mechgraph.reasoning.paths import Filters
from mechgraph.store import open_store


@pytest.fixture(scope="module")
def k() -> Knowledge:
    return read_graph_dir(REPO / "graph", check_curies=False)


@pytest.fixture(scope="module")
def texts(k, seeds_dir):
    return {
        sid: checks.seed_paragraphs((seeds_dir / s.file).read_text(encoding="utf-8"))
        for sid, s in k.seeds.items()
    }


@pytest.fixture(scope="module")
def store():
    return open_store()


# --- 1. connectivity ---------------------------------------------------------------------


def test_no_chain_ends_without_a_way_on_or_a_documented_reason(k):
    assert checks.knowledge_dead_ends(k) == []
    # every leaf is a real chain end: reached by a causal statement, leaving by none
    causal = [(s.subject, s.object) for s in k.statements if s.relation in vocab.CAUSAL_SIGNED]
    reached, leaving = {o for _, o in causal}, {s for s, _ in causal}
    for leaf, reason in k.leaves.items():
        assert leaf in reached and leaf not in leaving and len(reason) > 30, leaf


def test_dead_end_check_catches_a_process_that_leads_nowhere():
    types = {"drug": "drug", "p": "biological_process", "m": "biomarker", "q": "phenotype"}
    causal = [("drug", "p"), ("drug", "m"), ("drug", "q")]
    assert checks.dead_ends(types, causal) == ["p", "q"]  # a measure may end a chain
    assert checks.dead_ends(types, causal, leaves=["q"]) == ["p"]


def test_stats_and_validate_report_connectivity(store):
    s = mechgraph.stats(store)
    assert s.dead_ends == [] and s.leaves >= 10
    out = CliRunner().invoke(cli, ["stats"]).output
    assert "connectivity: 0 dead end(s)" in out


def test_the_osteoclast_routes_reach_bone_outcomes():
    ex = mechgraph.explain("denosumab", "bone loss")
    assert ex.search.paths, "denosumab reaches bone loss"
    g = mechgraph.load_network()
    # "They can also interfere with the STAT3/NFATc1 signaling cascade ... osteoclast
    # maturation": each of the gene, its partner and the cascade node reaches resorption
    for via in ("STAT3", "NFATc1", "STAT3-NFATc1_cascade"):
        found = mechgraph.find_paths(g, "PD1-PDL1-inhibitor", "bone_resorption", max_length=5, via=[via])
        assert any(p.sign == -1 and "osteoclast_maturation" in p.nodes for p in found.paths), via


# --- 2. members and actors ---------------------------------------------------------------

NAMED_AFTER_MEMBERS = {
    "PD-1_pathway": {"PD-1", "PD-L1"},
    "JNK_pathway": {"JNK"},
    "STAT3-NFATc1_cascade": {"STAT3", "NFATc1"},
    "ERK-beta-catenin_pathway": {"ERK", "beta-catenin"},
    "SHP2_signalling": {"SHP2"},
    "RANKL_signalling": {"RANKL"},
    "OPN-RANKL_axis": {"OPN", "RANKL"},
    "PD-L1-PKM2_axis": {"PD-L1", "PKM2"},
    "Wnt5a-Ror2_axis": {"Wnt5a", "Ror2"},
    "canonical_Wnt": {"beta-catenin"},
    "PKM2_tetramer": {"PKM2"},
}
ACTORS = (
    "STAT3",
    "NFATc1",
    "ERK",
    "beta-catenin",
    "PKM2",
    "PD-1",
    "PD-L1",
    "RUNX2",
    "DKK1",
    "Wnt5a",
    "IKZF1",
    "MAT2A",
    "CCL2",
    "RANKL",
    "JNK",
    "SHP2",
    "NF-kB",
    "IL-17A",
    "Ror2",
)


def test_axes_cascades_and_complexes_list_their_grounded_members_as_parts(k):
    parts: dict[str, set[str]] = {}
    for s in k.statements:
        if s.relation == "part_of":
            parts.setdefault(s.object, set()).add(s.subject)
    for node, members in NAMED_AFTER_MEMBERS.items():
        assert members <= parts.get(node, set()), node
        assert all(k.entities[m].xrefs for m in members), node
        # parthood is stated with evidence, never as class membership
        assert not set(k.entities[node].members) & members


def test_has_part_and_member_of_are_materialised(store):
    assert store.ask("ASK { mge:STAT3-NFATc1_cascade obo:BFO_0000051 mge:STAT3 }")
    assert store.ask("ASK { mge:pembrolizumab obo:RO_0002350 mge:anti-PD-1 }")
    missing = store.select("""SELECT ?a ?b WHERE { ?a obo:BFO_0000050 ?b
                              FILTER NOT EXISTS { ?b obo:BFO_0000051 ?a } }""")
    assert missing == []


def test_genes_the_text_makes_act_have_causal_statements_of_their_own(k):
    acting = {n for s in k.statements if s.relation in vocab.CAUSAL_SIGNED for n in (s.subject, s.object)}
    assert [a for a in ACTORS if a not in acting] == []
    # a gene the text names only inside a measure is not an actor, and says so
    assert "OPG" not in acting and "RANKL/OPG ratio" in k.entities["OPG"].note


def test_jnk_carries_the_short_term_route_of_its_pathway():
    g = mechgraph.load_network()
    found = mechgraph.find_paths(
        g,
        "PD1-PDL1-inhibitor",
        "bone_resorption",
        max_length=4,
        limit=50,
        filters=Filters(context={"timeframe": "short-term"}),
    )
    assert any(p.nodes[1] == "JNK" and p.sign == -1 for p in found.paths)


def test_drug_classes_named_after_a_target_inhibit_it(k):
    targets = {(s.subject, s.object) for s in k.statements if s.relation == "inhibits"}
    assert {("anti-PD-1", "PD-1"), ("anti-PD-L1", "PD-L1"), ("anti-CTLA-4", "CTLA-4")} <= targets


# --- 3. one node per concept -------------------------------------------------------------


def test_no_undocumented_near_duplicates_and_merged_ids_are_gone(k):
    assert checks.near_duplicates(k) == []
    for merged in (
        "trabecular_bone_volume",
        "ICI_therapy",
        "oncolytic_virus_therapy",
        "IL-17A_production",
        "NF-kB_activation",
    ):
        assert merged not in k.entities
    assert "IL-17A production" in k.entities["IL-17A"].synonyms
    assert "NF-κB activation" in k.entities["NF-kB"].synonyms
    assert "trabecular bone volume" in k.entities["bone_mass"].synonyms
    assert "ICI therapy" in k.entities["ICI"].synonyms


def test_near_duplicate_check_sees_greek_letters_and_shared_identifiers():
    k = Knowledge(
        entities={
            "a": Entity("a", "β-catenin", "protein"),
            "b": Entity("b", "beta catenins", "protein"),
            "c": Entity("c", "x", "protein", xrefs=("hgnc:1",)),
            "d": Entity("d", "y", "gene", xrefs=("hgnc:1",)),
        }
    )
    found = {(p.first, p.second, p.why) for p in checks.near_duplicates(k)}
    assert ("a", "b", "same name") in found and ("c", "d", "shared identifier") in found
    k.distinct[frozenset(("a", "b"))] = "kept apart"
    assert ("a", "b", "same name") not in {(p.first, p.second, p.why) for p in checks.near_duplicates(k)}


def test_near_duplicate_check_sees_a_process_named_after_a_molecule():
    k = Knowledge(
        entities={
            "IL-17A": Entity("IL-17A", "IL-17A", "protein"),
            "p": Entity("p", "IL-17A production", "biological_process"),
            "s": Entity("s", "IL-17A signalling", "pathway"),
            "c": Entity("c", "osteoclast", "cell_type"),
            "a": Entity("a", "osteoclast activity", "biological_process"),
        }
    )
    found = {(p.first, p.second): p.why for p in checks.near_duplicates(k)}
    assert found[("IL-17A", "p")] == "a molecule's activity"
    assert ("IL-17A", "s") not in found  # a pathway named after a gene is a node of its own
    assert ("a", "c") not in found  # a cell's activity is not a molecule's


def test_the_halves_of_a_contradiction_meet_on_one_node(k):
    def signs(subject, obj):
        return {
            vocab.RELATIONS[s.relation].sign
            for s in k.statements
            if s.subject == subject and s.object == obj and s.relation in vocab.CAUSAL_SIGNED
        }

    assert signs("DKK1", "canonical_Wnt") == {1, -1}
    assert signs("ICI", "bone_loss") == {1, -1}
    assert signs("PD1-PDL1-inhibitor", "osteoblast_differentiation") == {1, -1}


# --- 4. epistemic status -----------------------------------------------------------------


def test_every_cue_is_decided_and_the_statuses_are_used(k):
    assert checks.undecided_epistemics(k) == []
    statuses = {e.epistemics for s in k.statements for e in s.evidence}
    assert statuses == set(vocab.EPISTEMICS)
    shp2 = next(s for s in k.statements if (s.subject, s.object) == ("PD-1_pathway", "SHP2_signalling"))
    assert shp2.evidence[0].epistemics == "hedged"


def test_hedge_cues():
    assert checks.hedge_cues("PD-1 blockade may weaken this osteogenic effect") == ["may"]
    assert checks.hedge_cues("PKM2 inhibition can reduce osteoclast numbers") == ["can"]
    assert "proposed" in checks.hedge_cues("The model is also proposed")
    assert checks.hedge_cues("β-catenin not only promotes osteogenesis") == []
    assert checks.hedge_cues("rather than direct osteoblast activation") == ["rather than"]


def test_an_unstated_status_on_a_hedged_quote_is_reported():
    st = Statement(
        "a",
        "increases",
        "b",
        evidence=(Evidence("s", "review", quote="X may raise Y", epistemics_stated=False),),
    )
    k = Knowledge(statements=[st])
    assert [u.cues for u in checks.undecided_epistemics(k)] == [("may",)]
    k.statements = [
        replace(st, evidence=(replace(st.evidence[0], epistemics="hedged", epistemics_stated=True),))
    ]
    assert checks.undecided_epistemics(k) == []


def test_a_quote_cut_from_a_hedged_sentence_keeps_the_hedge(k):
    # "This inhibition may occur through suppression of the SHP2 signaling pathway, which ...
    # thereby enhancing osteoblast differentiation": every step of the chain is hedged
    for subject, obj in (
        ("SHP2_signalling", "osteoblast_differentiation"),
        ("SHP2_signalling", "NF-kB"),
        ("NF-kB", "osteoblast_differentiation"),
        ("SHP2", "osteoblast_differentiation"),
    ):
        st = next(s for s in k.statements if (s.subject, s.object) == (subject, obj))
        assert {e.epistemics for e in st.evidence} == {"hedged"}, (subject, obj)


def test_no_signed_causal_statement_rests_on_a_denial(k):
    """A statement the text denies would still be an RO triple and a step of the path finder:
    denials stand on non-causal statements or in notes, never as the only support of a sign."""
    denied = [
        s.id
        for s in k.statements
        if s.relation in vocab.CAUSAL_SIGNED and all(e.epistemics == "negated" for e in s.evidence)
    ]
    assert denied == []
    assert not any(
        s.subject == "ICI"
        and s.object in ("osteoblast_activity", "osteoblast_differentiation")
        and s.sign == 1
        for s in k.statements
    )
    negated = {
        (s.subject, s.relation, s.object)
        for s in k.statements
        for e in s.evidence
        if e.epistemics == "negated"
    }
    assert ("osteoporosis", "part_of", "irAE") in negated


def test_a_denied_claim_is_recorded_but_no_plain_triple_asserts_it(store):
    """'osteoporosis … not yet formally recognized as irAEs' (only proposed to become one):
    the association is kept and marked negated, and neither part of (BFO:0000050) nor has
    part is written as a fact."""
    rows = store.select("""SELECT ?st WHERE { ?st a mg:Association ; mg:negated true ;
        rdf:subject mge:osteoporosis ; rdf:object mge:irAE }""")
    assert len(rows) == 1
    assert not store.ask("ASK { mge:osteoporosis obo:BFO_0000050 mge:irAE }")
    assert not store.ask("ASK { mge:irAE obo:BFO_0000051 mge:osteoporosis }")
    assert store.ask("ASK { mge:bone_metastasis obo:BFO_0000050 mge:bone_tumour }")


def test_the_writer_drops_plain_triples_of_a_statement_every_evidence_denies():
    from rdflib import URIRef

    from mechgraph.io.rdf import knowledge_to_graph

    k = Knowledge(seeds={"s": Seed("s", "s.txt", "10.1/x")})
    for e in ("A", "B"):
        k.entities[e] = Entity(e, e, "protein")
    denied = Statement(
        "A",
        "increases",
        "B",
        evidence=(Evidence("s", "review", quote="A does not increase B", epistemics="negated"),),
    )
    g = knowledge_to_graph(replace(k, statements=[denied]))
    a, b = URIRef(k.entities["A"].iri), URIRef(k.entities["B"].iri)
    assert not list(g.triples((a, None, b)))
    assert (URIRef(denied.iri), URIRef(vocab.MG + "negated"), None) in g
    proposed = replace(
        denied,
        evidence=(
            *denied.evidence,
            replace(denied.evidence[0], quote="A will increase B", epistemics="proposed"),
        ),
    )
    assert not list(knowledge_to_graph(replace(k, statements=[proposed])).triples((a, None, b)))
    hedged = replace(
        denied,
        evidence=(
            *denied.evidence,
            replace(denied.evidence[0], quote="A may increase B", epistemics="hedged"),
        ),
    )
    assert (a, URIRef(vocab.OBO + "RO_0002213"), b) in knowledge_to_graph(replace(k, statements=[hedged]))


# --- 5. signs visible through RO alone ---------------------------------------------------


def test_ro_predicates_alone_find_every_causal_signed_statement_with_its_sign(k, store):
    rows = store.select("""SELECT ?s ?o ?sign WHERE {
        { ?s obo:RO_0002213 ?o BIND(1 AS ?sign) } UNION { ?s obo:RO_0002212 ?o BIND(-1 AS ?sign) } }""")
    seen = {(str(r["s"]), str(r["o"]), r["sign"]) for r in rows}
    missing = [
        s.id
        for s in k.statements
        if s.relation in vocab.CAUSAL_SIGNED
        and (k.entities[s.subject].iri, k.entities[s.object].iri, s.sign) not in seen
    ]
    assert missing == []
    # a drug's action on its target is among them
    assert (vocab.ENTITY + "denosumab", vocab.ENTITY + "RANKL", -1) in seen


def test_correlations_are_found_by_ro_and_signed_by_biolink(k, store):
    correlations = [s for s in k.statements if s.relation.endswith("correlated_with")]
    assert correlations
    for s in correlations:
        a, b = k.entities[s.subject].iri, k.entities[s.object].iri
        assert store.ask(f"ASK {{ <{a}> obo:RO_0002610 <{b}> }}")
        assert store.ask(f"ASK {{ <{a}> biolink:{s.relation} <{b}> }}")


# --- 6. citations ------------------------------------------------------------------------


def test_every_reference_number_belongs_to_its_quote(k, texts):
    assert checks.citation_problems(k, texts) == []


def test_citation_check_catches_a_number_from_the_next_sentence_and_efficacy_refs():
    text = (
        "Alpha raises beta (1). Gamma lowers delta (2).\n"
        "Drug D, a blocker of T, improved survival in a trial (3)."
    )
    k = Knowledge(
        seeds={"s": Seed("s", "s.txt", "10.1/x")},
        entities={
            n: Entity(n, n, t)
            for n, t in (("alpha", "protein"), ("beta", "protein"), ("D", "drug"), ("T", "protein"))
        },
    )
    stray = Statement(
        "alpha",
        "increases",
        "beta",
        evidence=(Evidence("s", "review", quote="Alpha raises beta", refs=(1, 2)),),
    )
    target = Statement(
        "D", "inhibits", "T", evidence=(Evidence("s", "review", quote="Drug D, a blocker of T", refs=(3,)),)
    )
    k.statements = [stray, target]
    found = checks.citation_problems(k, {"s": text})
    assert [p.refs for p in found] == [(2,), (3,)]
    # a sentence citing nothing borrows the next citation of its paragraph
    assert checks.citation_span("Drug D", "Drug D acts. It works (7).").allowed == (7,)
    assert checks.cited_numbers("(3–6, 9)") == [3, 4, 5, 6, 9]


# --- 7. clinical context -----------------------------------------------------------------


def test_clinical_modifiers_and_screening_are_entities_with_statements(k):
    named = {n for s in k.statements for n in (s.subject, s.object)}
    for e in (
        "age",
        "sex",
        "treatment_regimen",
        "tumour_type",
        "tumour_burden",
        "baseline_skeletal_health",
        "DXA",
        "osteoporosis_treatment_gap",
    ):
        assert e in k.entities and e in named, e
    dkk1 = next(
        s
        for s in k.statements
        if (s.subject, s.relation, s.object) == ("anti-DKK1_antibody", "combined_with", "ICI")
    )
    assert dkk1.context_dict["timeframe"] == "long-term"
    wnt = next(
        s
        for s in k.statements
        if (s.subject, s.relation, s.object) == ("canonical_Wnt", "combined_with", "anti-PD-1")
    )
    assert wnt.context_dict["timeframe"] == "short-term"


# --- 8. names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, entity",
    [
        ("beta-catenin", "beta-catenin"),
        ("β-catenin", "beta-catenin"),
        ("gammadelta", "gamma-delta_T_cell"),
        ("anti-PD-1/PD-L1 antibody", "PD1-PDL1-inhibitor"),
        ("canonical Wnt", "canonical_Wnt"),
        ("anti-DKK1", "anti-DKK1_antibody"),
        ("CD8+ T cell infiltration", "CD8_T_cell"),
        ("DXA", "DXA"),
        ("ICI", "ICI"),
        ("BMD", "bone_mineral_density"),
        ("NF-kappaB", "NF-kB"),
    ],
)
def test_names_a_bioinformatician_types_resolve(typed, entity, store):
    assert mechgraph.search(typed, store)[0].id == entity


def test_search_ranks_exact_then_word_prefix_then_substring(store):
    hits = mechgraph.search("ICI", store, limit=50)
    levels = [h.score // 10 for h in hits]
    assert levels == sorted(levels, reverse=True) and hits[0].id == "ICI"
    neuro = next(i for i, h in enumerate(hits) if h.id == "neurotoxicity")
    mel = next(i for i, h in enumerate(hits) if h.id == "Mel-ICI_Fracture_Score")
    assert mel < neuro  # "Mel-ICI" starts a word; "neurotoxicity" only contains it


def test_a_doi_or_a_reference_number_resolves_to_its_claims(store):
    from mechgraph.errors import AmbiguousError
    from mechgraph.lookup import find_reference

    ref = find_reference("seed004 ref 21", store)
    assert ref.doi == "10.1007/s00198-023-06690-1" and ref.statements
    assert any(s.subject == "ICI" and s.object == "fracture_risk" for s in ref.statements)
    by_doi = find_reference("https://doi.org/10.1007/s00198-023-06690-1", store)
    assert [s.id for s in by_doi.statements] == [s.id for s in ref.statements]
    with pytest.raises(AmbiguousError):
        find_reference("ref 4", store)  # both seeds cite a reference 4
    assert find_reference("PD-L1", store) is None
    out = CliRunner().invoke(cli, ["show", "doi:10.1172/JCI133334"]).output
    assert out.startswith("seed004 ref 5  https://doi.org/10.1172/JCI133334")
    assert "By inhibiting the JNK pathway" in out
