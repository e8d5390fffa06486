"""Questions taken from the seed texts, asked of the shipped graph: each names its expected
verdict (and the verdict of each stratum where the answer has strata) and the passage it
comes from. They cover short- against long-term blockade, knockout against drug, class
against member, gene against axis, and co-therapy.

Each expectation is the one the text supports; where the curated data could not answer a
question, the data was completed (never the expectation loosened).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

import mechgraph

SEED004 = "004 (doi:10.3389/fimmu.2025.1630751)"
SEED000 = "000 (doi:10.3389/fimmu.2025.1580598)"
ST, LT, UNSTATED = "short-term", "long-term", None


@dataclass
class Question:
    source: str
    target: str
    verdict: str
    passage: str  # seed, section and the words the verdict rests on
    context: dict = field(default_factory=dict)
    strata: dict = field(default_factory=dict)  # timeframe (None: no stated) → verdict
    separating: str | None = None
    through: tuple[str, ...] = ()  # an entity the deciding paths go through (any of them)
    include_flagged: bool = False

    @property
    def id(self) -> str:
        ctx = "".join(f"[{v}]" for v in self.context.values())
        return f"{self.source} → {self.target}{ctx}"


QUESTIONS = [
    # --- short- against long-term blockade (seed 004) --------------------------------------
    Question(
        "PD-1/PD-L1 inhibitor",
        "bone resorption",
        "decreases",
        f"{SEED004} §3: 'By inhibiting the JNK pathway, these agents reduce osteoclast "
        "proliferation and resorptive capacity, leading to decreased CTX levels (4, 5)'",
        context={"timeframe": ST},
        strata={ST: "decreases"},
        through=("JNK_pathway",),
    ),
    Question(
        "PD-1/PD-L1 inhibitor",
        "bone resorption",
        "increases",
        f"{SEED004} §3: 'Chronic inflammation during extended PD-1 blockade can enhance "
        "RANKL expression and osteoclast activation, further contributing to skeletal "
        "damage (3)'",
        context={"timeframe": LT},
        strata={LT: "increases"},
        through=("inflammation",),
    ),
    Question(
        "PD-1/PD-L1 inhibitor",
        "bone resorption",
        "bidirectional",
        f"{SEED004} abstract: 'on one hand, PD-1/PD-L1 blockade appears to confer "
        "bone-protective benefits; on the other hand, it has been associated with "
        "bone-related adverse events'; §3 (short-term JNK, long-term inflammation)",
        strata={ST: "decreases", LT: "increases"},
        separating="timeframe",
    ),
    Question(
        "PD-1/PD-L1 inhibitor",
        "fracture risk",
        "increases",
        f"{SEED004} §3: 'prolonged ICI therapy has been associated with increased "
        "fracture risk, with adjusted hazard ratios nearing 1.6 (21)'",
        context={"timeframe": LT},
        strata={LT: "increases"},
    ),
    Question(
        "PD-1/PD-L1 inhibitor",
        "fracture risk",
        "increases",
        f"{SEED004} §6: 'fracture risk increases 2.6-fold within the first year of ICI "
        "treatment' (21); §5.1: 'elderly female patients treated with ICIs have a "
        "significantly increased risk of fractures (21, 31)'",
        strata={ST: "increases", LT: "increases"},
    ),
    Question(
        "PD-1/PD-L1 inhibitor",
        "bone mineral density",
        "bidirectional",
        f"{SEED004} §1: 'some studies report bone-protective outcomes (e.g., reduced "
        "resorption markers and preserved BMD)'; §3: 'chronic PD-1 deficiency can "
        "suppress canonical Wnt signaling ... a 12% decrease in bone density (22)'",
        strata={ST: "increases", LT: "decreases"},
        separating="timeframe",
    ),
    Question(
        "PD-1/PD-L1 inhibitor",
        "serum CTX",
        "decreases",
        f"{SEED004} §2: 'a significant early reduction in the bone resorption marker CTX "
        "(from a baseline mean of 0.51 ng/ml to 0.42 ng/ml at week 3)' (4)",
        context={"timeframe": ST},
    ),
    Question(
        "PD-1/PD-L1 inhibitor",
        "PINP",
        "increases",
        f"{SEED004} §3: 'while increasing PINP levels by 8% at 4 months (p = 0.02) (4, 5)'",
        context={"timeframe": ST},
    ),
    Question(
        "PD-1/PD-L1 inhibitor",
        "osteoclast number",
        "bidirectional",
        f"{SEED004} §3: 'short-term treatment reducing TRAP+ osteoclasts by approximately "
        "60%' against 'chronic PD-1 deficiency ... leading to a 72% increase in osteoclast "
        "numbers (22)'",
        strata={ST: "decreases", LT: "increases"},
        separating="timeframe",
    ),
    Question(
        "PD-1/PD-L1 inhibitor",
        "osteogenesis",
        "increases",
        f"{SEED004} §4: 'the primary bone-related effects of ICIs stem from inhibition of "
        "osteoclast activity and indirect promotion of bone formation (4)'",
    ),
    Question(
        "inflammation",
        "RANKL",
        "increases",
        f"{SEED004} §3: 'Chronic inflammation during extended PD-1 blockade can enhance "
        "RANKL expression (3)'",
        strata={LT: "increases"},
    ),
    # --- knockout against drug --------------------------------------------------------------
    Question(
        "PD-1",
        "osteoclastogenesis",
        "decreases",
        f"{SEED004} §1: 'Murine models with PD-1 or PD-L1 gene knockout exhibit pronounced "
        "osteoporotic phenotypes, including ... elevated osteoclastogenesis (3)'",
    ),
    Question(
        "PD-1",
        "bone mineral density",
        "increases",
        f"{SEED004} §3: 'chronic PD-1 deficiency ... leading to a 72% increase in "
        "osteoclast numbers and a 12% decrease in bone density (22)'",
        strata={LT: "increases"},
    ),
    Question(
        "PD-1/PD-L1 inhibitor",
        "osteoclastogenesis",
        "decreases",
        f"{SEED004} §3: 'The canonical Wnt/β-Catenin pathway synergizes with short-term "
        "PD-1 blockade to suppress osteoclastogenesis (5)'; the knockout phenotype of §1 "
        "(ref 3) is not evidence about short-term blockade",
        context={"timeframe": ST},
    ),
    Question(
        "PD-L1",
        "osteoclastogenesis",
        "bidirectional",
        f"{SEED004} §3: 'Within the tumor microenvironment (TME), upregulation of PD-L1 "
        "and CCL2 facilitates osteoclastogenesis (5)' against §1: 'PD-L1 gene knockout "
        "... elevated osteoclastogenesis (3)'",
        separating="perturbation",
    ),
    # --- the osteoblast side (seed 004 §4) ---------------------------------------------------
    Question(
        "PD-L1",
        "RUNX2",
        "increases",
        f"{SEED004} §4: 'PD-L1 promotes osteogenic differentiation by upregulating RUNX2 expression'",
    ),
    Question(
        "PKM2",
        "RUNX2",
        "decreases",
        f"{SEED004} §4: 'activation of PKM2 leads to increased tetramer formation, "
        "inhibition of glycolysis, a 60% reduction in RUNX2 expression'",
    ),
    Question(
        "PKM2",
        "osteoclast number",
        "increases",
        f"{SEED004} §4: 'PKM2 inhibition can reduce osteoclast numbers by 41%'",
    ),
    Question(
        "beta-catenin",
        "PD-L1",
        "increases",
        f"{SEED004} §4: 'β-catenin not only promotes osteogenesis but also induces PD-L1 "
        "expression (3–4-fold increase)'",
    ),
    Question(
        "Wnt signalling",
        "bone mass",
        "increases",
        f"{SEED004} §4: 'Suppression of Wnt signaling significantly reduces bone mass "
        "(BV/TV by approximately 60%)'",
    ),
    Question(
        "canonical Wnt/β-catenin signalling",
        "osteoclastogenesis",
        "decreases",
        f"{SEED004} figure 2: 'its canonical branch inhibits osteoclastogenesis'",
    ),
    Question(
        "soluble PD-1",
        "osteoclast activity",
        "increases",
        f"{SEED004} §3: 'soluble PD-1 (sPD-1) ... stimulates IL-17A production—a key "
        "mediator of osteoclast activation'",
        through=("IL-17A",),
    ),
    Question(
        "PD-L2",
        "osteoclastogenesis",
        "decreases",
        f"{SEED004} §3: 'PD-L2 expression under inflammatory conditions appears to "
        "suppress osteoclastogenesis (11)' (hedged: counted when asked)",
        include_flagged=True,
    ),
    # --- gene against axis ---------------------------------------------------------------------
    Question(
        "Wnt5a",
        "osteoclastogenesis",
        "increases",
        f"{SEED004} §3: 'the non-canonical Wnt5a–Ror2 axis promotes osteoclast formation "
        "and reduces BMD (12)'",
        through=("Wnt5a-Ror2_axis",),
    ),
    Question(
        "Ror2",
        "bone mineral density",
        "decreases",
        f"{SEED004} §3: 'the non-canonical Wnt5a–Ror2 axis promotes osteoclast formation "
        "and reduces BMD (12)'",
        through=("Wnt5a-Ror2_axis",),
    ),
    Question(
        "Wnt5a–Ror2 axis",
        "bone loss",
        "increases",
        f"{SEED004} §3: 'with Wnt5a overexpression in the TME antagonizing the "
        "bone-preserving effects of PD-1 inhibitors (12)'",
        through=("Wnt5a",),
    ),
    # --- class against member ------------------------------------------------------------------
    Question(
        "nivolumab",
        "bone resorption",
        "bidirectional",
        f"{SEED004} §3 (the class's short- and long-term effects); {SEED000} §4: nivolumab "
        "and pembrolizumab as anti-PD-1 agents",
        strata={ST: "decreases", LT: "increases"},
        separating="timeframe",
        through=("PD1-PDL1-inhibitor",),
    ),
    Question(
        "immune checkpoint inhibitor",
        "serum CTX",
        "bidirectional",
        f"{SEED004} §2: 'Gassner et al. reported ... a significant early reduction in the "
        "bone resorption marker CTX (4)' against 'Pantano et al. observed a marked increase "
        "in CTX-I levels ... after 3 months of immune checkpoint inhibitor (ICI) therapy (7)'",
        strata={ST: "decreases"},
        separating="timeframe",
        through=("PD1-PDL1-inhibitor",),
    ),
    Question(
        "PD-1/PD-L1 inhibitor",
        "objective response rate",
        "increases",
        f"{SEED000} §4: 'SCR6639 combined with the pembrolizumab group (n=28), ORR reached 38.5%'",
        through=("pembrolizumab",),
    ),
    Question(
        "MAT2A inhibitor",
        "PD-L1",
        "increases",
        f"{SEED000} §4: 'MAT2A inhibition increases the expression of PD-L1 by 3–5 times in "
        "tumor cells by activating the transcription factor IKZF1'",
        through=("SCR6639",),
    ),
    Question(
        "T-VEC",
        "antitumour immunity",
        "increases",
        f"{SEED000} §4: 'Oncolytic viruses are able to selectively infect and lyse tumor "
        "cells while eliciting an anti-tumor immune response (77, 78)'",
        through=("oncolytic_virus",),
    ),
    # --- seed 000 ------------------------------------------------------------------------------
    Question(
        "SCR6639",
        "PD-L1",
        "increases",
        f"{SEED000} §4: 'MAT2A inhibition increases the expression of PD-L1 by 3–5 times'",
        through=("MAT2A",),
    ),
    Question(
        "interferon gamma",
        "PD-L1",
        "increases",
        f"{SEED000} §4: 'PD-L1 expression is upregulated in the presence of interferon γ'",
    ),
    Question(
        "CTLA-4",
        "T cell activation",
        "decreases",
        f"{SEED000} §4: 'Key function of CTLA-4 as a negative regulator of T cell activation'",
    ),
    Question(
        "denosumab",
        "PFS",
        "increases",
        f"{SEED000} §4: 'Median PFS was 7.9 months in the combination group, significantly "
        "better than 4.3 months in the monotherapy group (HR=0.62, P=0.008)'",
    ),
]


def _stratum(ex, value):
    return next((s for s in ex.strata if s.value == value), None)


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.id)
def test_question(q: Question):
    ex = mechgraph.explain(q.source, q.target, context=q.context, include_flagged=q.include_flagged)
    assert ex.verdict == q.verdict, (q.passage, ex.reason)
    for value, verdict in q.strata.items():
        s = _stratum(ex, value)
        assert s is not None and s.verdict == verdict, (value, ex.reason)
    if q.separating:
        assert ex.separating_key == q.separating, ex.reason
    deciding = [
        p
        for s in (ex.strata or [ex.whole])
        for side in (s.up, s.down)
        if side.effect == s.verdict or s.verdict == "bidirectional"
        for p in side.paths[:5]
    ]
    for node in q.through:
        assert any(node in p.nodes for p in deciding), (node, ex.reason)
    # every deciding path rests on counted evidence, each step with its quote or rationale
    for p in deciding:
        for h in p.hops:
            assert h.hierarchy in ("member_of", "has_member") or h.statements
            for st in h.statements:
                assert all(e.quote or e.rationale for e in st.evidence)
                assert q.include_flagged or ex.weighing.counts(st)


def test_knockout_steps_are_not_short_term_evidence():
    """The knockout route (inhibitor ⊣ PD-1 ⊣ osteoclastogenesis, ref 3) would say the
    drug raises osteoclastogenesis; in a short-term question it is listed, not counted."""
    ex = mechgraph.explain("PD-1/PD-L1 inhibitor", "osteoclastogenesis", context={"timeframe": "short-term"})
    assert ex.verdict == "decreases"
    knockout = [
        u for u in ex.uncounted if u.path.nodes == ("PD1-PDL1-inhibitor", "PD-1", "osteoclastogenesis")
    ]
    assert knockout and "knockout" in knockout[0].reasons[0][1]
    assert not any(p.nodes == ("PD1-PDL1-inhibitor", "PD-1", "osteoclastogenesis") for p in ex.search.paths)
    # without a timeframe the knockout route counts, in the long-term stratum
    whole = mechgraph.explain("PD-1/PD-L1 inhibitor", "osteoclastogenesis")
    assert any(p.nodes == ("PD1-PDL1-inhibitor", "PD-1", "osteoclastogenesis") for p in whole.search.paths)
    assert _stratum(whole, "short-term").verdict == "decreases"


def test_fracture_risk_short_term_protection_rests_on_inferences():
    """Seed 004 shows short-term protection in markers (CTX, PINP), not in fractures: the
    short-term paths that lower fracture risk go through two curator inferences and are weak."""
    ex = mechgraph.explain("PD-1/PD-L1 inhibitor", "fracture risk")
    short = _stratum(ex, "short-term")
    assert short.decided_by == "background" and short.dissent is not None
    assert not short.dissent.solid
    assert short.dissent.paths[0].inferred_steps == 2


# --- co-therapy ------------------------------------------------------------------------------


def test_denosumab_blocks_the_long_term_rankl_route():
    """Seed 004 §3: 'Chronic inflammation during extended PD-1 blockade can enhance RANKL
    expression'; §6: 'combining PD-1 inhibitors with denosumab ... reduce the incidence of
    skeletal-related events by approximately 30% (36)'; seed 000 §4: 'several clinical trials
    have explored the synergy of RANKL inhibitors with ICIs'."""
    ex = mechgraph.explain("PD-1/PD-L1 inhibitor", "bone resorption", cotherapy="denosumab")
    (co,) = ex.cotherapy
    blocked = [
        e for e in co.effects if e.effect == "blocks" and e.stratum == "long-term" and e.path.sign == 1
    ]
    assert any(e.action.node == "RANKL" and e.action.sign == -1 for e in blocked)
    assert all("RANKL" in e.action.path.nodes for e in blocked)
    assert co.alone.verdict == "decreases" and "long-term" in co.counters()
    # it never blocks the short-term protective paths
    assert not [e for e in co.effects if e.stratum == "short-term" and e.effect == "blocks"]


def test_anti_dkk1_blocks_the_loss_of_canonical_wnt():
    """Seed 004 §3: 'To mitigate this deleterious effect, concurrent administration of
    anti-DKK1 antibodies—targeting inhibitors of canonical Wnt signaling—has shown promise
    in reducing skeletal damage and restoring bone homeostasis in the context of long-term
    ICI therapy (23)'."""
    ex = mechgraph.explain("PD-1/PD-L1 inhibitor", "bone resorption", cotherapy="anti-DKK1 antibody")
    (co,) = ex.cotherapy
    rows = {(stratum, sign, effect): nodes for stratum, sign, effect, _, _, nodes in co.summary()}
    assert "canonical_Wnt" in rows[("long-term", 1, "blocks")]
    assert not any(effect == "blocks" and stratum == "short-term" for stratum, _, effect in rows)


def test_zoledronic_acid_counters_osteoporosis():
    """Seed 004 §6: 'their combination with zoledronic acid can synergistically enhance
    anti-tumor immunity and anti-osteoporotic effects through the activation of γδ T cells
    (37)'."""
    ex = mechgraph.explain("PD-1/PD-L1 inhibitor", "osteoporosis", cotherapy="zoledronic acid")
    assert ex.verdict == "increases"
    (co,) = ex.cotherapy
    assert co.alone.verdict == "decreases" and co.counters() == ["long-term"]


# --- what the curation pass (issue 13) connected ------------------------------------------------


def test_stat3_reaches_its_cascade():
    """Seed 004 §3: 'They can also interfere with the STAT3/NFATc1 signaling cascade,
    impeding pre-osteoclast maturation (20)': STAT3 promotes osteoclast maturation."""
    ex = mechgraph.explain("STAT3", "osteoclast maturation")
    assert ex.verdict == "increases"
    assert any("STAT3-NFATc1_cascade" in p.nodes for p in ex.search.paths)


def test_erk_reaches_its_pathway():
    """Seed 004 §4: 'PD-1 receptor activation promotes osteogenic markers via the
    ERK/β-catenin signaling pathway (ALP ↑ 61%, OCN ↑ 54%, mineralization ↑ 83%)'."""
    ex = mechgraph.explain("ERK", "osteoblast differentiation")
    assert ex.verdict == "increases"


STAT3_NFATC1 = {"STAT3-NFATc1_cascade", "STAT3", "NFATc1"}  # the cascade and its parts


def test_short_term_resorption_goes_through_stat3_nfatc1():
    """Seed 004 §3: 'They can also interfere with the STAT3/NFATc1 signaling cascade,
    impeding pre-osteoclast maturation ... (20). This dual mechanism results in a
    bidirectional modulation of bone remodeling (4), with short-term treatment reducing
    TRAP+ osteoclasts by approximately 60%': the second short-term mechanism, beside JNK."""
    ex = mechgraph.explain("PD-1/PD-L1 inhibitor", "bone resorption", context={"timeframe": "short-term"})
    assert ex.verdict == "decreases"
    down = ex.strata[0].down.paths
    assert any(STAT3_NFATC1 & set(p.nodes) for p in down)
    assert any("JNK_pathway" in p.nodes or "JNK" in p.nodes for p in down)
    assert "STAT3/NFATc1 signalling cascade ↓" in ex.reason


def test_the_pd_l1_pkm2_axis_acts_both_ways_on_runx2():
    """Seed 004 §4: 'The balance within this axis plays a critical role: PD-L1 promotes
    osteogenic differentiation by upregulating RUNX2 expression ... In contrast, activation
    of PKM2 leads to ... a 60% reduction in RUNX2 expression'."""
    ex = mechgraph.explain("PD-L1–PKM2 axis", "RUNX2")
    assert ex.verdict == "bidirectional"
    assert {p.hops[0].hierarchy for p in ex.search.paths} == {"has_part"}


def test_a_hedged_claim_is_not_counted_by_default():
    """Seed 004 §3: 'PD-L2 expression under inflammatory conditions appears to suppress
    osteoclastogenesis (11)': hedged, so listed and not counted unless asked."""
    ex = mechgraph.explain("PD-L2", "osteoclastogenesis")
    assert ex.verdict == "no known effect"
    assert any("hedged" in why for u in ex.uncounted for _, why in u.reasons)


def test_zoledronic_acid_counters_the_long_term_fracture_risk():
    """Seed 004 §6: zoledronic acid with PD-1 inhibitors enhances 'anti-osteoporotic
    effects (37)'; §5.2: too few patients 'receive treatment for osteoporosis ... Such gaps
    in screening and intervention may directly contribute to the occurrence of multiple
    fractures' (osteoporosis raises fracture risk, a curator inference)."""
    ex = mechgraph.explain("PD-1/PD-L1 inhibitor", "fracture risk", cotherapy="zoledronic acid")
    (co,) = ex.cotherapy
    assert co.alone.verdict == "decreases" and "long-term" in co.counters()
    assert any(p.nodes[-2:] == ("osteoporosis", "fracture_risk") for p in co.alone.search.paths)


# --- the sentence per stratum names the mechanism ----------------------------------------------

SHORT_RESORPTION = "JNK signalling ↓, STAT3/NFATc1 signalling cascade ↓; refs 4, 5, 20"
LONG_RESORPTION = "canonical Wnt/β-catenin signalling ↓, inflammation ↑ → RANKL ↑"
SENTENCES = {
    # §3: 'By inhibiting the JNK pathway, these agents reduce osteoclast proliferation and
    # resorptive capacity, leading to decreased CTX levels (4, 5). They can also interfere with
    # the STAT3/NFATc1 signaling cascade, impeding pre-osteoclast maturation (20)'; 'Chronic
    # inflammation during extended PD-1 blockade can enhance RANKL expression and osteoclast
    # activation (3)'; 'chronic PD-1 deficiency can suppress canonical Wnt signaling through
    # sustained inflammation, leading to a 72% increase in osteoclast numbers (22)', the
    # canonical branch suppressing osteoclastogenesis (5)
    "bone resorption": {
        ST: f"decreases ({SHORT_RESORPTION})",
        LT: f"increases ({LONG_RESORPTION}; refs 3, 5, 22)",
    },
    # the same mechanisms, through resorption to BMD; §3: '... and a 12% decrease in bone
    # density (22)'
    "bone mineral density": {
        ST: f"increases ({SHORT_RESORPTION})",
        LT: f"decreases ({LONG_RESORPTION}; refs 3, 22)",
    },
    # §3: 'prolonged ICI therapy has been associated with increased fracture risk, with
    # adjusted hazard ratios nearing 1.6 (21)' and §6 'fracture risk increases 2.6-fold within
    # the first year of ICI treatment (21)' are direct clinical findings; the long-term
    # mechanisms are those of resorption and BMD. No short-term mechanism of harm is stated:
    # the short-term answer rests on findings without a timeframe, with the osteoblast side
    # of §4 ('PD-L1 promotes ... oxidative phosphorylation metabolism (10)'; 'PD-1 receptor
    # activation promotes osteogenic markers via the ERK/β-catenin signaling pathway ...
    # whereas PD-1 blockade may weaken this osteogenic effect (10)') as its mechanisms.
    "fracture risk": {
        ST: "increases (directly (clinical), oxidative phosphorylation ↓, β-catenin ↓; refs 10, "
        "21, 26, 31), from evidence with no stated timeframe; the short-term paths that "
        "decrease it are weak (support 0.47)",
        LT: f"increases (directly (clinical), {LONG_RESORPTION}; refs 3, 21, 22, 31)",
    },
}


@pytest.mark.parametrize("timeframe", [None, ST, LT])
@pytest.mark.parametrize("target", list(SENTENCES))
def test_the_sentence_names_the_mechanism(target, timeframe):
    context = {"timeframe": timeframe} if timeframe else {}
    ex = mechgraph.explain("PD-1/PD-L1 inhibitor", target, context=context)
    wanted = [tf for tf in (ST, LT) if timeframe in (None, tf)]
    assert ex.reason == "; ".join(f"{tf}: {SENTENCES[target][tf]}" for tf in wanted)
    # never the source's own class or drug target as if it were the mechanism
    assert "immune checkpoint inhibitor" not in ex.reason
    assert not any(f"{name} ↓" in ex.reason for name in ("PD-1", "PD-L1"))


def test_a_drug_target_names_the_mechanism_only_with_what_it_moves():
    """Denosumab is an anti-RANKL antibody (seed 000 §4); it has no other route to bone loss
    than RANKL, which the sentence names with the osteoclast activity it drives."""
    ex = mechgraph.explain("denosumab", "bone loss")
    assert ex.verdict == "decreases"
    assert ex.reason.startswith("decreases (RANKL ↓ → osteoclast activity ↓")
