"""The SPARQL query cookbook (src/mechgraph/queries/*.rq): every example is run through the
public API on the shipped graph and its answer checked, row by row where the curation fixes
it, and against the package's own counts (mechgraph.stats, mechgraph.contradictions) where
the figures are derived."""

from __future__ import annotations

import re

import pytest

import mechgraph
from mechgraph import vocab
from mechgraph.sparql import examples, query, serialize
from mechgraph.store import IRI, open_store

E = vocab.ENTITY
RO_POS = vocab.OBO + "RO_0002213"
RO_NEG = vocab.OBO + "RO_0002212"
SIGN = {
    "increases": 1,
    "activates": 1,
    "positively_correlated_with": 1,
    "decreases": -1,
    "inhibits": -1,
    "negatively_correlated_with": -1,
}


@pytest.fixture(scope="module")
def store():
    return open_store()


@pytest.fixture(scope="module")
def stats(store):
    return mechgraph.stats(store)


def run(store, name: str, **bindings):
    return query(examples()[name].text, store, bindings or None)


def rows(store, name: str, **bindings) -> list[dict]:
    result = run(store, name, **bindings)
    assert result.kind == "select"
    return result.rows


def entity(local_id: str) -> IRI:
    return IRI(E + local_id)


def pick(found: list[dict], **values) -> list[dict]:
    return [r for r in found if all(r[k] == v for k, v in values.items())]


def only(found: list[dict], **values) -> dict:
    matches = pick(found, **values)
    assert len(matches) == 1, (values, matches)
    return matches[0]


# --- the cookbook as a whole -------------------------------------------------------------

TESTED = {
    "pd1-inhibitor-chains-to-bone-cells",
    "clinical-vs-murine-quantities",
    "short-vs-long-term-effects",
    "trials-arms-outcomes",
    "contradicting-statement-pairs",
    "contradicting-pairs-about-entity",
    "two-step-signed-chains",
    "two-step-chains-from-source",
    "three-step-chains-from-source",
    "therapy-adverse-effects",
    "therapy-selection-biomarkers",
    "entities-without-identifiers",
    "curator-inferences",
    "references-and-supported-claims",
    "flagged-statements",
    "entity-identifiers-and-iris",
    "perturbation-experiments",
    "drug-class-members",
    "counts-by-seed-and-evidence-kind",
    "typos-in-sources",
    "upstream-regulators",
    "dataset-description",
    "signed-network",
    "long-term-fracture-risk",
    "describe-entity",
    "statements-about-entity",
    "epistemic-status",
}


def test_at_least_21_examples_each_with_a_title_and_an_explanation():
    found = examples()
    assert len(found) >= 21
    assert set(found) == TESTED  # a new example needs its own test below
    for name, ex in found.items():
        lines = ex.text.splitlines()
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name), name
        assert lines[0].startswith("# ") and len(ex.title) > 15, name
        assert ex.title == lines[0][2:].strip() and ex.title != name
        assert lines[1].startswith("# ") and len(lines[1]) > 20, name  # what it answers


@pytest.mark.parametrize("name", sorted(examples()))
def test_every_example_parses_runs_and_serialises(store, name):
    ex = examples()[name]
    body = "\n".join(line for line in ex.text.splitlines() if not line.startswith("#"))
    form = re.match(r"\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body).group(1)
    result = query(ex.text, store)
    kind = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}[form]
    assert result.kind == kind
    if kind == "select":
        assert result.rows and "ORDER BY" in body  # deterministic output
        assert serialize(result, "csv").count("\r\n") == len(result.rows) + 1
        assert serialize(result, "json").startswith("{")
        # every variable the comments say may be bound is in the projection
        for var in re.findall(r'--bind "?(\w+)=', ex.text):
            assert var in result.variables, (name, var)
    elif kind == "graph":
        assert result.triples
        assert serialize(result, "ntriples").count("\n") == len(set(map(str, result.triples)))
    else:
        assert serialize(result, "json") in (
            '{"head": {}, "boolean": true}',
            '{"head": {}, "boolean": false}',
        )


_ORDER_KEY = re.compile(r"(?<=\s)(?:(?:ASC|DESC)\()?\?(\w+)\)?(?=\s|$)")
_STR_KEY = re.compile(r"(?<!COALESCE\()STR\(\?(\w+)\)")


@pytest.mark.parametrize("name", sorted(examples()))
def test_strings_are_ordered_by_their_str(store, name):
    """No ordering key is a bare variable holding strings: Virtuoso 7.2 orders a stored
    string by its first 20 characters (then in load order), STR(?x) by the whole string as
    every engine orders strings (README, Remote triple stores). A variable that may be
    unbound is ordered by COALESCE(STR(?x), ""): rdflib cannot sort the error of STR() of
    an unbound variable."""
    text = examples()[name].text
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    if "\nORDER BY" not in body:
        return
    clause = body[body.rindex("\nORDER BY") + len("\nORDER BY") :]
    result = query(text, store)
    if result.kind != "select":
        return
    for var in _ORDER_KEY.findall(clause):
        values = [r[var] for r in result.rows if var in r]
        assert not any(isinstance(v, str) and not isinstance(v, IRI) for v in values), (
            f"{name}: ORDER BY ?{var} orders strings; write STR(?{var})"
        )
    for var in _STR_KEY.findall(clause):
        assert all(r.get(var) is not None for r in result.rows), (
            f'{name}: ?{var} is unbound in some rows; order by COALESCE(STR(?{var}), "")'
        )


def test_the_same_example_gives_the_same_rows_twice(store):
    for name in ("two-step-signed-chains", "therapy-adverse-effects", "references-and-supported-claims"):
        assert rows(store, name) == rows(store, name)


# --- 1. PD-1/PD-L1 inhibitors to osteoclasts and osteoblasts -----------------------------


def test_pd1_inhibitor_chains_reach_both_bone_cells_with_both_signs(store):
    found = rows(store, "pd1-inhibitor-chains-to-bone-cells")
    chains = {r["chain"]: r for r in found}
    short = chains["PD-1/PD-L1 inhibitor -decreases-> JNK signalling -increases-> osteoclastogenesis"]
    assert (short["net_sign"], short["net_effect"], short["timeframe"], short["steps"]) == (
        -1,
        "decreases",
        "short-term",
        2,
    )
    # "extended PD-1 blockade" is said of anti-PD-1, a member of the class (naming policy)
    long = chains["anti-PD-1 antibody -increases-> inflammation -increases-> osteoclast activity"]
    assert (long["net_sign"], long["timeframe"], long["bone_cell"]) == (1, "long-term", "osteoclast")
    runx2 = chains[
        "PD-1/PD-L1 inhibitor -inhibits-> PD-L1 -increases-> RUNX2 -increases-> osteoblast differentiation"
    ]
    assert (runx2["net_sign"], runx2["steps"], runx2["bone_cell"]) == (-1, 3, "osteoblast")
    # a member of the class reaches the osteoblast directly
    member = only(found, chain="anti-PD-1 antibody -decreases-> osteoblast differentiation")
    assert member["drug"] == "anti-PD-1 antibody" and member["steps"] == 1
    # short-term blockade lowers osteoclasts, long-term raises them: the seeds' bidirectionality
    osteoclast = pick(found, bone_cell="osteoclast")
    assert {r["net_sign"] for r in pick(osteoclast, timeframe="short-term")} == {-1}
    assert {r["net_sign"] for r in pick(osteoclast, timeframe="long-term")} == {1}
    for r in found:
        assert r["chain"].count("->") == r["steps"] == len(r["statements"].split())
        inner = re.split(r" -\w+-> ", r["chain"])[1:-1]
        assert not any(re.search("osteoclast|osteoblast|osteogen", x, re.I) for x in inner)


def test_pd1_inhibitor_chains_accept_another_source(store):
    found = rows(store, "pd1-inhibitor-chains-to-bone-cells", source=entity("anti-PD-1"))
    assert {r["drug"] for r in found} == {"anti-PD-1 antibody"}
    # "PD-1 blockade" is said of anti-PD-1: short-term it lowers osteoclastogenesis, extended
    # it raises osteoclast activity through chronic inflammation, and it weakens osteogenesis
    got = {(r["target"], r["net_sign"], r["timeframe"]) for r in found}
    assert {
        ("osteoblast differentiation", -1, ""),
        ("osteoclastogenesis", -1, "short-term"),
        ("osteoclast activity", 1, "long-term"),
    } <= got


# --- 2. quantitative effects, clinical against murine ------------------------------------


def test_quantities_split_clinical_and_murine(store):
    found = rows(store, "clinical-vs-murine-quantities")
    assert {r["study"] for r in found} == {"clinical", "murine"}
    assert not pick(found, evidence_kind="in_vitro")
    pfs = only(found, study="clinical", subject="denosumab", measure="median PFS")
    assert (pfs["value"], pfs["comparator"], pfs["unit"], pfs["arm"]) == (
        7.9,
        4.3,
        "months",
        "denosumab + pembrolizumab",
    )
    ctx = only(found, measure="serum CTX (mean)")
    assert (ctx["study"], ctx["baseline"], ctx["value"], ctx["unit"], ctx["timepoint"]) == (
        "clinical",
        0.51,
        0.42,
        "ng/ml",
        "week 3",
    )
    fracture = only(found, subject="immune checkpoint inhibitor", measure="fracture risk (adjusted)")
    assert (fracture["quantity_type"], fracture["value"]) == ("hazard_ratio", 1.6)
    knockout = only(found, study="murine", subject="PD-1", measure="osteoclast numbers")
    assert (knockout["relation"], knockout["value"], knockout["perturbation"]) == (
        "decreases",
        72.0,
        "deficiency",
    )
    dkk1 = only(found, subject="DKK1", object="osteoblast density")
    assert (dkk1["study"], dkk1["quantity_type"], dkk1["value"], dkk1["refs"]) == (
        "murine",
        "fold_change",
        2.4,
        "28, 29",
    )


# --- 3. short-term against long-term -----------------------------------------------------


def test_short_and_long_term_effects_side_by_side(store):
    found = rows(store, "short-vs-long-term-effects")
    inhibitor = "PD-1/PD-L1 inhibitor"
    oc = only(found, subject=inhibitor, object="osteoclastogenesis")
    assert (oc["short_term"], oc["long_term"]) == ("decreases [human clinical]", None)
    assert only(found, subject="anti-PD-1 antibody", object="osteoclastogenesis")["short_term"] == "decreases"
    assert only(found, subject=inhibitor, object="fracture risk")["long_term"] == "increases [human clinical]"
    # prolonged ICI therapy: net bone loss (ref 21) against stable BMD (ref 9), on one node
    loss = only(found, subject="immune checkpoint inhibitor", object="bone loss")
    assert loss["long_term"] == "decreases [human clinical]; increases"
    assert only(found, subject="inflammation", object="RANKL")["long_term"] == "increases"
    assert only(found, subject=inhibitor, object="JNK signalling")["subject_iri"] == E + "PD1-PDL1-inhibitor"
    assert all(r["short_term"] or r["long_term"] for r in found)


# --- 4. trials ---------------------------------------------------------------------------


def test_trials_with_phase_population_arms_and_outcomes(store):
    found = rows(store, "trials-arms-outcomes")
    assert {r["label"] for r in found} == {
        "REVERT trial",
        "SCR6639 phase I/II trial",
        "OPERA-1 trial",
        "NEO-DVIC trial",
        "methionine restriction pilot study",
    }
    revert = pick(found, label="REVERT trial")
    assert {(r["registry_id"], r["phase"], r["arms"]) for r in revert} == {
        (
            "clinicaltrials:NCT04586400",
            "Ib/II",
            "1. denosumab + pembrolizumab (denosumab, pembrolizumab); "
            "2. pembrolizumab monotherapy (pembrolizumab)",
        )
    }
    assert "non-small cell lung cancer" in revert[0]["population"]
    pfs = only(revert, measure="median PFS")
    assert (pfs["outcome"], pfs["value"], pfs["comparator"], pfs["unit"]) == (
        "denosumab increases progression-free survival",
        7.9,
        4.3,
        "months",
    )
    hr = only(revert, quantity_type="hazard_ratio")
    assert (hr["value"], hr["p_value"]) == (0.62, "0.008")
    orr = only(
        found, label="SCR6639 phase I/II trial", outcome="pembrolizumab increases objective response rate"
    )
    assert (orr["value"], orr["comparator"], orr["n"], orr["arm"]) == (
        38.5,
        13.3,
        28,
        "SCR6639 + pembrolizumab",
    )
    opera = only(found, label="OPERA-1 trial")  # no outcomes reported, still listed
    assert opera["outcome"] is None and opera["arms"] == "1. OPS-γδT cells (OPS-γδT cells)"


def test_trials_bound_to_one_trial(store):
    found = rows(store, "trials-arms-outcomes", trial=entity("REVERT"))
    assert len(found) == 7 and {r["trial_iri"] for r in found} == {E + "REVERT"}


# --- 5. contradictions -------------------------------------------------------------------


def test_contradicting_pairs_with_contexts(store):
    found = rows(store, "contradicting-statement-pairs")
    dkk1 = only(found, subject_up="DKK1")
    assert (dkk1["object_up"], dkk1["object_down"]) == (
        "canonical Wnt/β-catenin signalling",
        "canonical Wnt/β-catenin signalling",
    )
    assert dkk1["link"] == "same subject, same object"
    assert dkk1["context_up"] == "model=murine in vivo" and dkk1["context_down"] == "no context"
    assert "contradicts_other_statement" in dkk1["flags_up"]
    pdl1 = only(found, subject_up="PD-L1", object_up="osteoclastogenesis")
    assert pdl1["context_up"] == "model=murine in vivo; setting=tumor microenvironment"
    assert pdl1["context_down"] == "model=murine in vivo"
    ici = pick(found, subject_up="immune checkpoint inhibitor", object_up="bone loss")
    assert {r["link"] for r in ici} == {
        "same subject, same object",
        "subject_down is a member of subject_up, same object",
    }
    for r in found:
        assert SIGN[r["relation_up"]] == 1 and SIGN[r["relation_down"]] == -1


def test_contradicting_pairs_are_those_of_mechgraph_contradictions(store):
    found = rows(store, "contradicting-statement-pairs")
    pairs = {(str(r["up"]), str(r["down"])) for r in found}
    expected = {
        (vocab.STATEMENT + up, vocab.STATEMENT + down)
        for c in mechgraph.contradictions(mechgraph.load_network(store))
        for up, down in c.pairs
    }
    assert expected and expected == pairs


def _pairs_touching(store, found: list[dict], entity: str) -> list[dict]:
    """The rows of ``found`` in which ``entity`` is the subject or object of either side."""
    ends = {
        str(r["st"]): (str(r["s"]), str(r["o"]))
        for r in store.select("SELECT ?st ?s ?o WHERE { ?st mg:sign ?sign ; rdf:subject ?s ; rdf:object ?o }")
    }
    return [r for r in found if E + entity in ends[str(r["up"])] + ends[str(r["down"])]]


ABOUT = ["PD1-PDL1-inhibitor", "PD-L1", "ICI", "osteoblast_differentiation", "DKK1", "canonical_Wnt", "RUNX2"]


@pytest.mark.parametrize("about", ABOUT)
def test_contradicting_pairs_about_an_entity_are_the_listing_bound_to_it(store, about):
    listing = rows(store, "contradicting-statement-pairs")
    found = rows(store, "contradicting-pairs-about-entity", entity=entity(about))
    assert [dict(r) for r in found] == [
        dict(r, entity=E + about) for r in _pairs_touching(store, listing, about)
    ]


def test_contradicting_pairs_about_the_default_entity(store):
    found = rows(store, "contradicting-pairs-about-entity")
    assert {r["entity"] for r in found} == {None}  # the bindable variable, left unbound
    listing = rows(store, "contradicting-statement-pairs")
    assert [dict(r, entity=None) for r in _pairs_touching(store, listing, "PD1-PDL1-inhibitor")] == found
    assert len(found) == 8 and len(listing) == 12
    # the class and its members: "immune checkpoint inhibitor" pairs with its member
    assert {r["link"] for r in found} == {
        "same subject, same object",
        "subject_up is a member of subject_down, same object",
        "subject_down is a member of subject_up, same object",
    }


# --- 6. and 7. signed chains -------------------------------------------------------------


def test_two_step_chains_multiply_the_signs(store):
    found = rows(store, "two-step-signed-chains")
    assert all(r["net_sign"] == r["sign1"] * r["sign2"] for r in found)
    assert all(r["from_iri"] != r["to_iri"] for r in found)
    ccl2 = only(found, **{"from": "CCL2", "via": "JNK signalling", "to": "osteoclast activity"})
    assert (ccl2["net_sign"], ccl2["net_effect"]) == (1, "increases")
    wnt = only(
        found,
        **{
            "from": "DKK1",
            "via": "canonical Wnt/β-catenin signalling",
            "to": "osteoclastogenesis",
            "relation1": "decreases",
        },
    )
    assert (wnt["sign1"], wnt["sign2"], wnt["net_effect"]) == (-1, -1, "increases")


def test_two_step_chains_from_a_bound_source(store):
    found = rows(store, "two-step-signed-chains", source=entity("PD-L1"))
    # 3 through JNK; 1 through osteoporosis to fracture risk (a curator inference)
    assert len(found) == 22 and {r["from"] for r in found} == {"PD-L1"}
    rankl = only(found, via="inflammation", to="RANKL")
    assert (rankl["net_sign"], rankl["timeframe"]) == (-1, "long-term")


@pytest.mark.parametrize("source", ["PD-L1", "PD1-PDL1-inhibitor", "inflammation", "DKK1", "RUNX2"])
def test_two_step_chains_from_a_source_are_the_bulk_listing_bound_to_it(store, source):
    bounded = rows(store, "two-step-chains-from-source", source=entity(source))
    assert bounded == rows(store, "two-step-signed-chains", source=entity(source))
    assert bounded and {r["from_iri"] for r in bounded} == {E + source}


def test_two_step_chains_from_the_default_source(store):
    found = rows(store, "two-step-chains-from-source")
    assert {r["source"] for r in found} == {None}  # the bindable variable, left unbound
    assert [
        dict(r, source=None) for r in rows(store, "two-step-signed-chains", source=entity("PD-L1"))
    ] == found
    assert len(found) == 22


def test_three_step_chains_from_pd_l1(store):
    found = rows(store, "three-step-chains-from-source")
    assert len(found) == 34 and all(r["chain"].startswith("PD-L1 -") for r in found)
    rankl = only(
        found, chain="PD-L1 -decreases-> inflammation -increases-> RANKL -increases-> osteoclast activity"
    )
    assert (rankl["net_sign"], rankl["timeframe"]) == (-1, "long-term")
    assert all(len({r["via1"], r["via2"], r["to"], "PD-L1"}) == 4 for r in found)


def test_three_step_chains_from_a_bound_source_to_a_bound_target(store):
    found = rows(
        store,
        "three-step-chains-from-source",
        source=entity("PD1-PDL1-inhibitor"),
        target=entity("osteoclastogenesis"),
    )
    assert {r["to"] for r in found} == {"osteoclastogenesis"} and len(found) == 5
    assert {r["net_sign"] for r in pick(found, timeframe="long-term")} == {1}
    assert only(found, timeframe="long-term")["chain"] == (
        "PD-1/PD-L1 inhibitor -inhibits-> PD-1 -increases-> canonical Wnt/β-catenin signalling "
        "-decreases-> osteoclastogenesis"
    )


# --- 8. and 9. Table 1: adverse effects and selection biomarkers -------------------------


def test_therapy_adverse_effects(store):
    found = rows(store, "therapy-adverse-effects")
    ici_table1 = pick(found, therapy="immune checkpoint inhibitor", in_table1=True)
    assert {r["adverse_effect"] for r in ici_table1} == {
        "colitis",
        "dermatitis",
        "endocrinopathy",
        "hepatitis",
        "immune-related adverse event",
        "pneumonitis",
        "thyroiditis",
    }
    vcf = only(found, therapy="PD-1/PD-L1 inhibitor", adverse_effect="vertebral compression fracture")
    assert (vcf["in_table1"], vcf["sections"], vcf["model"]) == (
        False,
        "seed004 1; seed004 abstract",
        "human clinical",
    )
    crs = only(found, therapy="CAR-T cell therapy", adverse_effect="cytokine release syndrome")
    assert crs["in_table1"] and "mondo:0600008" in crs["adverse_effect_xrefs"].split()
    assert {r["therapy"] for r in pick(found, in_table1=True)} == {
        "immune checkpoint inhibitor",
        "CAR-T cell therapy",
        "oncolytic virus",
        "cancer vaccine",
        "bispecific antibodies",
    }


def test_therapy_selection_biomarkers(store):
    found = rows(store, "therapy-selection-biomarkers")

    def of(therapy):  # noqa: E306
        return {r["biomarker"] for r in pick(found, therapy=therapy)}

    assert of("immune checkpoint inhibitor") == {
        "PD-L1 expression",
        "microsatellite instability-high",
        "tumour mutational burden",
    }
    assert of("CAR-T cell therapy") == {"BCMA", "CD19", "target antigen expression"}
    assert of("blinatumomab") == {"CD19"}
    cd19 = only(found, biomarker="CD19", therapy="blinatumomab")
    assert cd19["biomarker_xrefs"] == "hgnc:1633 uniprot:P15391"
    mel = only(found, biomarker="Mel-ICI Fracture Score")
    assert (mel["therapy"], mel["in_table1"]) == ("bone-protective agents", False)
    assert {r["therapy_type"] for r in found} <= {"Therapy", "DrugClass", "Drug"}
    assert not pick(found, biomarker="serum CTX")  # a biomarker of a process, not of a therapy


# --- 10. entities without identifiers ----------------------------------------------------


def test_entities_without_identifiers_match_the_stats(store, stats):
    found = rows(store, "entities-without-identifiers")
    expected = pick(found, expected_identifier=True)
    assert {(r["id"], r["label"]) for r in expected} == {(i, label) for i, label, _ in stats.ungrounded}
    assert len(found) == sum(stats.entities_by_type.values()) - sum(stats.grounded_by_type.values())
    spd1 = only(found, id="sPD-1")
    assert (spd1["type"], spd1["label"], spd1["expected_identifier"]) == ("Protein", "soluble PD-1", True)
    assert only(found, id="NEO-DVIC")["type"] == "ClinicalTrial"
    with_xref = {r["e"] for r in query("SELECT DISTINCT ?e WHERE { ?e mg:xref ?x } ORDER BY ?e", store)}
    assert with_xref and not with_xref & {r["entity"] for r in found}


# --- 11. curator inferences --------------------------------------------------------------


def test_curator_inferences_with_rationale(store):
    found = rows(store, "curator-inferences")
    links = {(r["subject"], r["relation"], r["object"]) for r in found}
    assert {
        ("RANKL", "increases", "osteoclast activity"),
        ("bone mineral density", "decreases", "fracture risk"),
        ("bone resorption", "decreases", "bone mineral density"),
        ("osteoclast activity", "increases", "bone resorption"),
        # the connectivity pass: chain ends joined to their outcome, members named
        ("osteoclast maturation", "increases", "osteoclast activity"),
        ("bone loss", "increases", "fracture risk"),
        ("STAT3", "part_of", "STAT3/NFATc1 signalling cascade"),
        ("osteoporosis", "increases", "fracture risk"),
        ("T cell-mediated cytotoxicity", "decreases", "tumour cell"),
    } <= links
    assert len(found) == 42  # the BMD -> fracture risk link has two inferences
    assert {r["source_seed"] for r in found} == {"seed000", "seed004"}
    assert all(r["rationale"] and r["quoted_evidence"] == 0 for r in found)
    assert "resorptive capacity" in only(found, subject="osteoclast activity")["rationale"]


# --- 12. references ----------------------------------------------------------------------


def test_references_with_dois_and_the_claims_they_support(store):
    found = rows(store, "references-and-supported-claims")
    refs = {r["number"]: r for r in found}
    assert sorted(refs) == list(range(1, 40))  # seed 004's 39 references, each with a DOI
    assert all(r["doi"].startswith("doi:10.") and r["seed"] == "seed004" for r in found)
    ref5 = pick(found, number=5)
    assert ref5[0]["doi"] == "doi:10.1172/JCI133334"
    assert "PD-1/PD-L1 inhibitor decreases JNK signalling" in {r["claim"] for r in ref5}
    for number, r in refs.items():
        assert r["claims"] == len({x["statement"] for x in pick(found, number=number) if x["statement"]})
    # ref 38: the proposed Bone-Oncology Joint Clinic; ref 39 (stratified care of bone
    # metastases, named in passing in the same sentence) supports no claim
    assert refs[38]["claims"] == 1 and refs[39]["claims"] == 0 and refs[39]["claim"] is None
    bound = rows(store, "references-and-supported-claims", reference="5")
    assert {r["number"] for r in bound} == {5} and len(bound) == len(ref5)


# --- more --------------------------------------------------------------------------------


def test_flagged_statements_match_the_stats(store, stats):
    found = rows(store, "flagged-statements")
    counts: dict[str, int] = {}
    for r in found:
        counts[r["flag_name"]] = counts.get(r["flag_name"], 0) + 1
    assert counts == stats.flags
    assert all(r["note"] for r in found)  # every flag is explained
    dkk1 = only(
        found,
        flag_name="ambiguous",
        subject="DKK1",
        object="canonical Wnt/β-catenin signalling",
        relation="increases",
    )
    assert dkk1["note"].startswith("Recorded as written")
    bound = rows(store, "flagged-statements", flag=IRI(vocab.MG + "citation_mismatch"))
    assert len(bound) == stats.flags["citation_mismatch"]
    assert {r["flag_name"] for r in bound} == {"citation_mismatch"}


def test_typos_in_sources(store, stats):
    found = rows(store, "typos-in-sources")
    assert len(found) == stats.flags["typo_in_source"]
    denosumab = pick(found, subject="denosumab")
    assert {r["object"] for r in denosumab} == {
        "osteoclast activity",
        "osteopontin",
        "precursor exhausted T cell",
    }
    assert all('"disumab"' in r["note"] and "disumab" in r["quotes"] for r in denosumab)
    pazopanib = only(found, subject="pazopanib")
    assert "Pazobanide" in pazopanib["note"] and pazopanib["sections"] == "seed000 2"
    assert "pablizumab" in only(found, subject="NEO-DVIC trial")["quotes"]


def test_perturbation_experiments_invert_the_sign_for_loss_of_function(store):
    found = rows(store, "perturbation-experiments")
    for r in found:
        observed = 1 if r["observed"] == "increases" else -1
        assert SIGN[r["relation"]] == (-observed if r["loss_of_function"] else observed), r
    knockout = pick(found, perturbation="knockout", subject="PD-1", object="osteoclastogenesis")
    assert knockout and {(r["relation"], r["observed"], r["model"]) for r in knockout} == {
        ("decreases", "increases", "murine in vivo")
    }
    assert {r["perturbation"] for r in found} == {
        "activation",
        "deficiency",
        "inhibition",
        "knockout",
        "overexpression",
    }
    assert only(found, subject="Wnt5a")["loss_of_function"] is False


def test_entity_identifiers_and_canonical_iris(store, stats):
    found = rows(store, "entity-identifiers-and-iris")
    assert len(found) == len({(r["entity"], r["xref"]) for r in found})  # one IRI per identifier
    pdl1 = only(found, xref="uniprot:Q9NZQ7")
    assert (pdl1["label"], pdl1["iri"]) == ("PD-L1", "http://purl.uniprot.org/uniprot/Q9NZQ7")
    assert only(found, xref="cl:0000092")["iri"] == "http://purl.obolibrary.org/obo/CL_0000092"
    assert only(found, xref="clinicaltrials:NCT04586400")["label"] == "REVERT trial"
    uniprot = rows(store, "entity-identifiers-and-iris", namespace="uniprot")
    assert {r["type"] for r in uniprot} == {"Protein"} and len(uniprot) == stats.grounded_by_type["protein"]
    assert all(r["iri"].startswith("http://purl.uniprot.org/uniprot/") for r in uniprot)


def test_entity_identifiers_read_the_entity_classes_of_the_vocabulary(with_imports):
    """The listing reads the classes of the vocabulary's entity types only (not the rdf:type
    of every imported statement): every one of them, and the same rows as reading all."""
    text = examples()["entity-identifiers-and-iris"].text
    listed = re.search(r"VALUES \?class \{([^}]*)\}", text).group(1).split()
    assert listed == [f"mg:{cls}" for cls in sorted(vocab.TYPE_BY_CLASS)]
    every_class = re.sub(r"VALUES \?class \{[^}]*\}", "", text)
    for store in with_imports:
        found = query(text, store).rows
        assert found and found == query(every_class, store).rows
    assert len(found) > len(query(text, with_imports[0]).rows)  # the imported entities are listed


def test_drug_class_members(store):
    found = rows(store, "drug-class-members")

    def members(grouping):  # noqa: E306
        return {r["member"] for r in pick(found, grouping=grouping)}

    assert members("PD-1/PD-L1 inhibitor") == {
        "anti-PD-1 antibody",
        "anti-PD-L1 antibody",
        "nivolumab",
        "pembrolizumab",
    }
    assert {"PD-1/PD-L1 inhibitor", "anti-CTLA-4 antibody"} <= members("immune checkpoint inhibitor")
    assert members("bone-protective agents") == {"bisphosphonates", "denosumab", "zoledronic acid"}
    pembro = only(found, grouping="anti-PD-1 antibody", member="pembrolizumab")
    assert "drugbank:DB09037" in pembro["member_xrefs"].split() and pembro["direct"] is True
    # parts are not members: PKM2 is part_of its tetramer, not a member of it
    assert not pick(found, grouping="PKM2 tetramer")


def test_counts_by_seed_and_evidence_kind_match_the_stats(store, stats):
    found = rows(store, "counts-by-seed-and-evidence-kind")
    totals = pick(found, evidence_kind="all")
    assert {r["seed"]: r["statements"] for r in totals} == stats.statements_by_seed
    assert sum(r["evidence"] for r in totals) == stats.evidence
    kinds: dict[str, int] = {}
    for r in found:
        if r["evidence_kind"] != "all":
            kinds[r["evidence_kind"]] = kinds.get(r["evidence_kind"], 0) + r["evidence"]
    assert kinds == stats.evidence_by_kind
    inference = only(found, seed="seed004", evidence_kind="curator_inference")
    assert (inference["statements"], inference["evidence"]) == (32, 33)
    assert not pick(found, seed="seed000", evidence_kind="in_vitro")
    assert found[-1]["evidence_kind"] == "all"  # totals come last


def test_upstream_regulators_of_rankl_and_runx2(store):
    found = rows(store, "upstream-regulators")
    direct = {(r["of"], r["regulator"], r["net_sign"]) for r in pick(found, steps=1)}
    assert direct == {
        ("RANKL", "denosumab", -1),
        ("RANKL", "inflammation", 1),
        ("RUNX2", "PD-L1", 1),
        ("RUNX2", "PKM2", -1),
    }
    # "extended PD-1 blockade" is said of anti-PD-1, a member of the class (naming policy)
    blockade = only(found, of="RANKL", regulator="anti-PD-1 antibody")
    assert (blockade["steps"], blockade["net_sign"], blockade["timeframe"]) == (2, 1, "long-term")
    assert blockade["chain"] == "anti-PD-1 antibody -increases-> inflammation -increases-> RANKL"
    assert only(found, of="RUNX2", regulator="β-catenin")["net_effect"] == "increases"
    other = rows(store, "upstream-regulators", target=entity("osteoclastogenesis"))
    assert {r["of"] for r in other} == {"osteoclastogenesis"}
    assert {r["net_sign"] for r in pick(other, regulator="PD-L1", steps=1)} == {1, -1}


def test_dataset_description_matches_the_stats(store, stats):
    found = rows(store, "dataset-description")

    def value(section, item):  # noqa: E306
        return only(found, section=section, item=item)

    assert value("total", "triples")["count"] == stats.triples == len(store)
    assert value("total", "statements")["count"] == stats.statements == 605
    assert value("total", "evidence")["count"] == stats.evidence == 696
    assert value("total", "entities")["count"] == stats.entities == 317
    by_class = {r["item"]: r["count"] for r in pick(found, section="entities by class")}
    assert by_class == {vocab.ENTITY_TYPES[t]: n for t, n in stats.entities_by_type.items()}
    by_relation = {r["item"]: r["count"] for r in pick(found, section="statements by relation")}
    assert by_relation == stats.statements_by_relation
    assert value("source", "seed004")["value"] == "doi:10.3389/fimmu.2025.1630751"
    assert value("about", "version")["value"] == mechgraph.__version__


def test_signed_network_construct(store):
    triples = run(store, "signed-network").triples
    edges = {
        (t.subject.value, t.predicate.value, t.object.value)
        for t in triples
        if t.predicate.value != vocab.PREFIXES["rdfs"] + "label"
    }
    assert {p for _, p, _ in edges} == {RO_POS, RO_NEG}
    assert (E + "PD1-PDL1-inhibitor", RO_NEG, E + "JNK_pathway") in edges
    assert (E + "PD1-PDL1-inhibitor", RO_NEG, E + "PD-L1") in edges  # inhibits
    assert (E + "inflammation", RO_POS, E + "RANKL") in edges
    signed = query(
        "SELECT DISTINCT ?s ?sign ?o WHERE { ?st mg:causal true ; mg:sign ?sign ; "
        "rdf:subject ?s ; rdf:object ?o } ORDER BY ?s ?o",
        store,
    ).rows
    assert edges == {(r["s"], RO_POS if r["sign"] > 0 else RO_NEG, r["o"]) for r in signed}
    labels = {t.subject.value: t.object.value for t in triples if t.predicate.value.endswith("#label")}
    assert labels[E + "RANKL"] == "RANKL" and set(labels) == {x for s, _, o in edges for x in (s, o)}


def test_long_term_fracture_risk_ask(store):
    text = examples()["long-term-fracture-risk"].text
    assert query(text, store).boolean is True
    assert query(text.replace('"long-term"', '"short-term"'), store).boolean is False


def test_describe_entity(store):
    triples = run(store, "describe-entity").triples
    assert {t.subject.value for t in triples} == {E + "PD-L1"}
    facts = {(t.predicate.value, t.object.value) for t in triples}
    assert (vocab.MG + "xref", "uniprot:Q9NZQ7") in facts
    assert (vocab.PREFIXES["skos"] + "exactMatch", "http://purl.uniprot.org/uniprot/Q9NZQ7") in facts
    assert (vocab.PREFIXES["skos"] + "altLabel", "B7-H1") in facts
    runx2 = run(store, "describe-entity", entity=entity("RUNX2")).triples
    assert {t.subject.value for t in runx2} == {E + "RUNX2"}
    assert (RO_POS, E + "osteoblast_differentiation") in {(t.predicate.value, t.object.value) for t in runx2}


def test_statements_about_entity(store):
    found = rows(store, "statements-about-entity")
    assert all("PD-L1" in (r["subject"], r["object"]) for r in found)
    runx2 = only(found, subject="PD-L1", object="RUNX2", refs="10")
    assert runx2["dois"] == "https://doi.org/10.3390/cells11193152" and runx2["sign"] == 1
    bound = rows(store, "statements-about-entity", entity=entity("RUNX2"))
    assert {(r["subject"], r["relation"], r["object"]) for r in bound} == {
        ("PKM2", "decreases", "RUNX2"),
        ("PD-L1", "increases", "RUNX2"),
        ("RUNX2", "increases", "osteoblast differentiation"),
    }
    assert only(bound, subject="PKM2")["refs"] == "25"


# --- with an imported network: --source all ----------------------------------------------

# the curation's own notions (flags, trials, quantities, perturbations, inferences, cited
# references, Table 1 rows, seeds): imported statements carry none of them
CURATED_NOTIONS = {
    "flagged-statements",
    "typos-in-sources",
    "trials-arms-outcomes",
    "clinical-vs-murine-quantities",
    "perturbation-experiments",
    "curator-inferences",
    "references-and-supported-claims",
    "therapy-adverse-effects",
    "therapy-selection-biomarkers",
    "counts-by-seed-and-evidence-kind",
    "long-term-fracture-risk",
}
# about every statement or entity: the imported regulons add rows
WHOLE_NETWORK = {
    "signed-network",
    "two-step-signed-chains",
    "upstream-regulators",
    "statements-about-entity",
    "entity-identifiers-and-iris",
    "dataset-description",
    # STAT3, a curated actor of the PD-1/PD-L1 inhibitors, has imported targets
    "pd1-inhibitor-chains-to-bone-cells",
}


@pytest.fixture(scope="module")
def with_imports(tmp_path_factory):
    """An embedded store holding the curated graph and, as a named graph, CollecTRI's regulons
    of RUNX2, β-catenin and STAT3 and those of PD-L1's gene (the rows test_merge imports),
    read as the curated graph alone and as the union of every source (--source all)."""
    from test_import_signor import collectri_rows

    from mechgraph.importers.load import import_file

    root = tmp_path_factory.mktemp("cookbook-imports")
    subset = collectri_rows(root, ("RUNX2", "CTNNB1", "STAT3"), ("RUNX2", "CD274"))
    report = import_file("regulons", subset, root / "store", source="collectri")
    assert report.statements > 900
    spec = f"oxigraph:{root / 'store'}"
    return open_store(spec, "curated"), open_store(spec, "all")


def _row(r: dict) -> tuple:
    return tuple(r.values())


@pytest.mark.parametrize("name", sorted(examples()))
def test_every_example_on_a_store_with_an_imported_network(with_imports, name):
    """With every source, an import adds rows and changes none: the curated rows come back
    as they are and in the same order; queries on the curation's own notions give exactly
    the curated answer, those about every statement more."""
    curated, everything = with_imports
    text = examples()[name].text
    alone, merged = query(text, curated), query(text, everything)
    assert merged.kind == alone.kind
    if alone.kind == "ask":
        assert merged.boolean == alone.boolean
    elif alone.kind == "graph":
        before, after = set(map(str, alone.triples)), set(map(str, merged.triples))
        assert before and before <= after
        assert (after > before) == (name in WHOLE_NETWORK)
    else:
        assert merged.variables == alone.variables and alone.rows
        kept = {_row(r) for r in alone.rows}
        assert [_row(r) for r in merged.rows if _row(r) in kept] == [_row(r) for r in alone.rows]
        if name in CURATED_NOTIONS:
            assert merged.rows == alone.rows
        assert (len(merged.rows) > len(alone.rows)) == (
            name in WHOLE_NETWORK | {"three-step-chains-from-source", "two-step-chains-from-source"}
        )


def test_statements_about_pd_l1_from_the_curation_and_the_import(with_imports):
    curated, everything = with_imports
    alone, found = rows(curated, "statements-about-entity"), rows(everything, "statements-about-entity")
    assert all(r in found for r in alone)
    imported = [r for r in found if r not in alone]
    # CollecTRI's regulators of CD274, PD-L1's gene, merged into the curated PD-L1
    assert {"STAT1", "STAT3", "IRF1", "HIF1A"} <= {r["subject"] for r in imported}
    assert all(
        r["object"] == "PD-L1"
        and r["relation"] in ("increases", "decreases")
        and r["quote"] is None
        and r["refs"] is None
        for r in imported
    )
    runx2 = only(found, subject="PD-L1", object="RUNX2", refs="10")
    assert runx2["dois"] == "https://doi.org/10.3390/cells11193152" and runx2["quote"]
    bound = rows(everything, "statements-about-entity", entity=entity("RUNX2"))
    assert {
        ("PKM2", "decreases", "RUNX2"),
        ("PD-L1", "increases", "RUNX2"),
        ("RUNX2", "increases", "osteoblast differentiation"),
    } < {(r["subject"], r["relation"], r["object"]) for r in bound}


@pytest.mark.parametrize("source", ["PD-L1", "STAT3", "RUNX2", "PD1-PDL1-inhibitor"])
def test_two_step_chains_from_a_source_with_an_imported_network(with_imports, source):
    _, everything = with_imports
    bounded = rows(everything, "two-step-chains-from-source", source=entity(source))
    assert bounded == rows(everything, "two-step-signed-chains", source=entity(source))
    assert bounded


def test_upstream_regulators_with_an_imported_network(with_imports):
    _, everything = with_imports
    found = rows(everything, "upstream-regulators")
    direct = {(r["of"], r["regulator"], r["net_sign"]) for r in pick(found, steps=1)}
    assert {
        ("RANKL", "denosumab", -1),
        ("RANKL", "inflammation", 1),
        ("RUNX2", "PD-L1", 1),
        ("RUNX2", "PKM2", -1),
    } < direct
    assert ("RUNX2", "β-catenin", 1) in direct  # CollecTRI's CTNNB1 -> RUNX2, on the curated β-catenin
    assert only(found, of="RANKL", regulator="anti-PD-1 antibody")["chain"] == (
        "anti-PD-1 antibody -increases-> inflammation -increases-> RANKL"
    )
    # the curated STAT3 actor meets the imported STAT3 -> RANKL
    assert only(found, of="RANKL", regulator="PD-1/PD-L1 inhibitor")["chain"] == (
        "PD-1/PD-L1 inhibitor -decreases-> STAT3 -increases-> RANKL"
    )


def test_epistemic_status_lists_hedged_proposed_and_negated_claims(store, stats):
    found = rows(store, "epistemic-status")
    statuses = {str(r["status"]).rsplit("#", 1)[-1] for r in found}
    assert statuses == {"hedged", "proposed", "negated"}
    counts = {k: n for k, n in stats.evidence_by_epistemics.items() if k != "asserted"}
    assert len(found) == sum(counts.values())
    shp2 = pick(found, subject="PD-1/PD-L1 pathway", object="SHP2 signalling")
    assert shp2 and str(shp2[0]["status"]).endswith("#hedged") and "may occur" in shp2[0]["quote"]
    negated = rows(store, "epistemic-status", status=IRI(vocab.MG + "negated"))
    assert {(r["subject"], r["object"]) for r in negated} == {
        ("osteoporosis", "immune-related adverse event"),
        ("fragility fracture", "immune-related adverse event"),
    }
