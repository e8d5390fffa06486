"""Key facts of the two seeds, asserted through the public API on the shipped graph:
sign, context and evidence (quote, reference numbers, DOI, quantities, flags)."""

from __future__ import annotations

import pytest
from conftest import REPO

import mechgraph
from mechgraph.model import Statement
from mechgraph.reasoning.network import statements_between


@pytest.fixture(scope="module")
def g():
    return mechgraph.load_network()


def one(g, subject: str, relation: str, obj: str, **context: str) -> Statement:
    found = [
        st
        for st in statements_between(g, subject, obj)
        if st.relation == relation and all(st.context_dict.get(k) == v for k, v in context.items())
    ]
    assert len(found) == 1, (
        subject,
        relation,
        obj,
        context,
        [(s.relation, s.context) for s in statements_between(g, subject, obj)],
    )
    return found[0]


def quantities(st: Statement) -> list[str]:
    return [q.describe() for e in st.evidence for q in e.quantities]


# --- seed 004: PD-1/PD-L1 inhibitors and bone metabolism ---------------------------------


def test_short_term_blockade_lowers_osteoclast_activity_via_jnk(g):
    st = one(g, "PD1-PDL1-inhibitor", "decreases", "JNK_pathway")
    assert st.sign == -1 and st.context_dict["timeframe"] == "short-term"
    ev = next(e for e in st.evidence if e.refs)
    assert ev.refs == (4, 5)
    assert "https://doi.org/10.1172/JCI133334" in ev.dois  # ref 5, Wang et al. 2020
    assert "By inhibiting the JNK pathway" in ev.quote
    assert one(g, "JNK_pathway", "increases", "osteoclast_proliferation").sign == 1


def test_long_term_therapy_raises_fracture_risk_with_hr_1_6(g):
    # the Figure 2 legend says it of PD-1/PD-L1 inhibitors; section 3 of "prolonged ICI
    # therapy" with reference 21 (a study of ICIs in general): one statement per class named
    st = one(g, "PD1-PDL1-inhibitor", "increases", "fracture_risk", timeframe="long-term")
    assert st.context_dict["model"] == "human clinical"
    assert any("1.6" in q for q in quantities(st))
    ici = one(g, "ICI", "increases", "fracture_risk", timeframe="long-term")
    assert any("1.6" in q for q in quantities(ici))
    assert any(21 in e.refs and "https://doi.org/10.1007/s00198-023-06690-1" in e.dois for e in ici.evidence)


def test_chronic_inflammation_raises_rankl_in_long_term_blockade(g):
    # "extended PD-1 blockade": anti-PD-1, a member of the PD-1/PD-L1 inhibitor class
    assert one(g, "anti-PD-1", "increases", "inflammation").context_dict["timeframe"] == "long-term"
    st = one(g, "inflammation", "increases", "RANKL")
    assert st.context_dict["timeframe"] == "long-term" and st.evidence[0].refs == (3,)


def test_chronic_pd1_deficiency_suppresses_canonical_wnt_as_a_perturbation(g):
    st = one(g, "PD-1", "increases", "canonical_Wnt")
    assert st.context_dict["setting"] == "chronic PD-1 deficiency"
    assert st.evidence[0].perturbation.describe() == "deficiency (observed: decreases)"
    assert st.evidence[0].refs == (22,)
    assert one(g, "canonical_Wnt", "decreases", "osteoclastogenesis").sign == -1


def test_gassner_and_pantano_disagree_on_ctx_as_two_statements(g):
    gassner = one(
        g, "PD1-PDL1-inhibitor", "decreases", "serum_CTX", population="patients without bone metastases"
    )
    pantano = one(g, "ICI", "increases", "serum_CTX")
    assert "serum CTX (mean) 0.51 → 0.42 ng/ml (week 3)" in quantities(gassner)
    assert gassner.evidence[0].refs == (4,) and pantano.evidence[0].refs == (7,)
    assert "contradicts_other_statement" in gassner.flags
    assert "contradicts_other_statement" in pantano.flags


def test_short_term_quantities_ctx_minus_23_percent(g):
    sts = [
        s
        for s in statements_between(g, "PD1-PDL1-inhibitor", "serum_CTX")
        if "serum CTX -23 %" in quantities(s)
    ]
    assert len(sts) == 1 and sts[0].context_dict["timeframe"] == "short-term"


def test_pd_l1_upregulates_runx2_in_vitro_with_alp_plus_42(g):
    st = one(g, "PD-L1", "increases", "RUNX2")
    assert st.context_dict["model"] == "in vitro"
    assert any(10 in e.refs for e in st.evidence)
    alp = [q for s in g.out_edges("PD-L1", data=True) for q in quantities(s[2]["statement"])]
    assert any("42" in q and "ALP" in q for q in alp)


def test_pkm2_activation_cuts_runx2_by_60_and_is_flagged_as_citation_mismatch(g):
    st = one(g, "PKM2", "decreases", "RUNX2")
    assert "RUNX2 expression -60 %" in quantities(st)
    assert "citation_mismatch" in st.flags and st.note


def test_beta_catenin_induces_pd_l1_three_to_four_fold(g):
    st = one(g, "beta-catenin", "increases", "PD-L1")
    assert "PD-L1 expression 3–4" in quantities(st)
    assert st.evidence[0].refs == (30,)


def test_dkk1_contradiction_is_flagged(g):
    inhibits = one(g, "DKK1", "decreases", "canonical_Wnt")
    # both halves on canonical Wnt, so they meet
    relieves = [s for s in statements_between(g, "DKK1", "canonical_Wnt") if s.sign == 1]
    assert relieves and "contradicts_other_statement" in relieves[0].flags
    assert "contradicts_other_statement" in inhibits.flags


def test_shp2_sentence_is_flagged_against_its_cited_title(g):
    flagged = [
        d["statement"]
        for _, _, d in g.edges(data=True)
        if 24 in {r for e in d["statement"].evidence for r in e.refs}
        and "contradicts_cited_reference" in d["statement"].flags
    ]
    assert flagged


def test_curator_inferences_carry_a_rationale_and_no_quote(g):
    st = one(g, "bone_resorption", "decreases", "bone_mineral_density")
    assert st.inferred
    assert all(e.quote is None and e.rationale for e in st.evidence)


def test_denosumab_combination_ORR_and_SREs(g):
    st = one(g, "denosumab", "decreases", "SRE")
    assert any("-30" in q for q in quantities(st))
    assert one(g, "denosumab", "increases", "ORR", setting="combined with PD-1 inhibitors")


def test_every_seed004_reference_number_has_its_doi():
    k = mechgraph.read_graph_dir(REPO / "graph", check_curies=False)
    assert sorted(n for (seed, n) in k.references if seed == "seed004") == list(range(1, 40))
    assert all(r.doi for r in k.references.values())
    cited = {(e.source, r) for s in k.statements for e in s.evidence for r in e.refs if e.source == "seed004"}
    assert cited <= set(k.references)


# --- seed 000: immunotherapy for bone tumours --------------------------------------------


def test_revert_pfs_hr_and_p_value(g):
    st = one(g, "denosumab", "increases", "PFS", trial="REVERT")
    qs = quantities(st)
    assert "median PFS 7.9 months vs 4.3 months (arm: denosumab + pembrolizumab)" in qs
    assert any("0.62" in q and "p=0.008" in q for q in qs)


def test_revert_typo_disumab_is_mapped_and_flagged(g):
    st = one(g, "denosumab", "decreases", "OPN", trial="REVERT")
    assert "typo_in_source" in st.flags and "disumab" in st.note
    assert "serum OPN -68 % (after treatment)" in quantities(st)
    tpex = one(g, "denosumab", "increases", "Tpex", trial="REVERT")
    assert "proportion of CD8+ TCF1+ Tpex cells in the tumour 3.2 → 9.8 %" in quantities(tpex)


def test_scr6639_arms(g):
    mono = one(g, "SCR6639", "treats", "MTAP-deficient_osteosarcoma")
    assert "ORR 13.3 % (arm: SCR6639 monotherapy, n=15)" in quantities(mono)
    combo = one(g, "pembrolizumab", "increases", "ORR", trial="SCR6639_trial")
    assert "ORR 38.5 % vs 13.3 % (arm: SCR6639 + pembrolizumab, n=28)" in quantities(combo)


def test_mat2a_inhibition_raises_pd_l1_via_ikzf1_as_perturbations(g):
    st = one(g, "MAT2A", "decreases", "PD-L1")
    assert "PD-L1 expression in tumour cells 3–5" in quantities(st)
    assert st.evidence[0].perturbation.describe() == "inhibition (observed: increases)"
    assert one(g, "SCR6639", "inhibits", "MAT2A").sign == -1


def test_opera1_ops_gd_t_cells(g):
    st = one(g, "OPS-gdT_cells", "increases", "TGI")
    assert "tumour growth inhibition 89 % vs 42 % (arm: OPS-γδT cells)" in quantities(st)
    assert one(g, "OPS-gdT_cells", "targets", "B7-H3")


def test_neo_dvic_mpr_and_pablizumab_typo(g):
    st = one(g, "cDC1_vaccine", "increases", "MPR")
    assert st.context_dict["trial"] == "NEO-DVIC"
    assert any("56 % vs 20 %" in q for q in quantities(st))
    combo = one(g, "cDC1_vaccine", "combined_with", "pembrolizumab")
    assert "typo_in_source" in combo.flags and "pablizumab" in combo.note


def test_ctla4_blocks_costimulation(g):
    assert one(g, "CTLA-4", "decreases", "T_cell_activation").sign == -1


def test_ifn_gamma_raises_pd_l1(g):
    st = one(g, "IFN-gamma", "increases", "PD-L1")
    assert {61, 62} <= {r for e in st.evidence for r in e.refs}


def test_car_t_targets_and_table1_adverse_effects(g):
    for target in ("GD2", "HER2"):
        assert one(g, "CAR-T", "targets", target)
    for ae in ("CRS", "ICANS", "cytopenia"):
        assert one(g, "CAR-T", "has_adverse_effect", ae)


def test_oncolytic_viruses_act_through_damps(g):
    assert one(g, "oncolytic_virus", "increases", "DAMPs").sign == 1


def test_shared_entities_are_one_across_both_seeds(g):
    seeds_of = {}
    for _, _, d in g.edges(data=True):
        st = d["statement"]
        for node in (st.subject, st.object):
            seeds_of.setdefault(node, set()).update(e.source for e in st.evidence)
    both = {n for n, seeds in seeds_of.items() if len(seeds) == 2}
    assert {"PD-L1", "RANKL", "denosumab", "osteoclast", "zoledronic_acid", "PD-1"} <= both


def test_no_duplicate_labels_or_identifiers():
    k = mechgraph.read_graph_dir(REPO / "graph", check_curies=False)
    labels = [e.label.casefold() for e in k.entities.values()]
    xrefs = [x.casefold() for e in k.entities.values() for x in e.xrefs]
    assert len(labels) == len(set(labels))
    assert len(xrefs) == len(set(xrefs))


def test_every_section_of_both_seeds_is_covered():
    from mechgraph.io.coverage import coverage_markdown

    k = mechgraph.read_graph_dir(REPO / "graph", check_curies=False)
    table = coverage_markdown(k)
    rows = [r for r in table.splitlines() if r.startswith("| seed0")]
    assert len(rows) == sum(len(s.sections) for s in k.seeds.values()) == 22
    assert "**none**" not in table
    assert table in (REPO / "graph" / "README.md").read_text(encoding="utf-8")
