"""Evidence weighting, hierarchies, strata and verdicts on small hand-made graphs, where
every number can be worked out by hand."""

from __future__ import annotations

import networkx as nx
import pytest
from test_paths import CLINICAL, INFERENCE, REVIEW

from mechgraph.model import Evidence, Perturbation, Quantity, Statement
from mechgraph.reasoning import hierarchy
from mechgraph.reasoning.evidence import Weighing, reliability
from mechgraph.reasoning.explanation import explain_ids
from mechgraph.reasoning.paths import find_paths
from mechgraph.reasoning.verdict import Side, decide, stratum

IN_VIVO = Evidence("doi:x", "in_vivo", "a quote", (5,), "3")
KNOCKOUT = Evidence(
    "doi:x", "in_vivo", "knockout mice", (3,), "1", perturbation=Perturbation("knockout", "increases")
)
HEDGED = Evidence("doi:x", "in_vivo", "may raise", (7,), "3", epistemics="hedged")
NEGATED = Evidence("doi:x", "in_vivo", "does not raise", (7,), "3", epistemics="negated")


def st(sid, s, rel, o, *evidence, ctx=None, flags=()) -> Statement:
    return Statement(
        s,
        rel,
        o,
        tuple(sorted((ctx or {}).items())),
        flags=tuple(flags),
        evidence=evidence or (REVIEW,),
        stored_id=sid,
    )


def network(*statements, members=None) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for x in statements:
        for n in (x.subject, x.object):
            if n not in g:
                g.add_node(n, label=n, type="protein", members=())
        g.add_edge(x.subject, x.object, key=x.id, statement=x)
    for cls, ms in (members or {}).items():
        for n in (cls, *ms):
            if n not in g:
                g.add_node(n, label=n, type="drug", members=())
        g.nodes[cls]["members"] = tuple(ms)
    return g


BOUNDS = {
    "max_length": 6,
    "limit": 20,
    "timeout": 10.0,
    "context": {},
    "direct_only": False,
    "avoid": [],
    "include_flagged": False,
}


# --- weighing --------------------------------------------------------------------------------


def test_reliability_follows_kind_references_and_quantities():
    assert reliability(st("a", "A", "increases", "B", CLINICAL)) == 0.95
    assert reliability(st("a", "A", "increases", "B", IN_VIVO)) == 0.9
    assert reliability(st("a", "A", "increases", "B", REVIEW)) == 0.75
    assert reliability(st("a", "A", "increases", "B", INFERENCE)) == 0.7
    two = Evidence("doi:x", "review", "q", (1, 2), "3")
    assert reliability(st("a", "A", "increases", "B", two)) == pytest.approx(1 - 0.25 * 0.7)
    quantified = Evidence("doi:x", "in_vivo", "q", (5,), "3", quantities=(Quantity("−60 %"),))
    assert reliability(st("a", "A", "increases", "B", quantified)) == pytest.approx(1 - 0.1 * 0.85)
    # a citation that does not back the claim leaves the review's own word
    assert reliability(st("a", "A", "increases", "B", IN_VIVO, flags=["citation_mismatch"])) == 0.75


def test_flagged_hedged_and_negated_evidence():
    rules, loose = Weighing(), Weighing(include_flagged=True)
    ambiguous = st("a", "A", "increases", "B", IN_VIVO, flags=["ambiguous"])
    assert rules.exclusion(ambiguous) == "flagged ambiguous" and loose.counts(ambiguous)
    typo = st("b", "A", "increases", "B", IN_VIVO, flags=["typo_in_source"])
    assert rules.counts(typo)
    hedged = st("c", "A", "increases", "B", HEDGED)
    assert rules.exclusion(hedged) == "hedged in the text" and loose.counts(hedged)
    negated = st("d", "A", "increases", "B", NEGATED)
    assert negated.negated  # only denied by its text: the statement is a denial
    assert rules.exclusion(negated) == "denied in the text"
    assert not loose.counts(negated)  # a denial is never support for the sign
    mixed = st("e", "A", "increases", "B", NEGATED, HEDGED)
    assert not mixed.negated and rules.exclusion(mixed) == "hedged in the text"
    assert loose.usable(mixed) == (HEDGED,)  # the denial is never counted


def test_knockout_evidence_is_not_short_term_evidence():
    short = Weighing(timeframe="short-term")
    ko = st("a", "PD1", "decreases", "OC", KNOCKOUT)
    assert "knockout" in short.exclusion(ko) and Weighing(timeframe="long-term").counts(ko)
    assert Weighing().counts(ko)
    both = st("b", "PD1", "decreases", "OC", KNOCKOUT, CLINICAL)
    assert short.counts(both) and short.usable(both) == (CLINICAL,)


# --- verdicts --------------------------------------------------------------------------------


def _side(sign, score):
    return Side(sign, [object()], score)


def test_bidirectional_needs_comparable_solid_support_both_ways():
    assert decide(_side(1, 0.9), _side(-1, 0.8))[0] == "bidirectional"
    assert decide(_side(1, 0.9), _side(-1, 0.6)) == ("increases", 0.6)  # 0.6 < 3/4 of 0.9
    assert decide(_side(1, 0.4), _side(-1, 0.3))[0] == "increases"  # weak either way
    assert decide(Side(1), Side(-1)) == ("no known effect", 0.0)


def test_specific_paths_decide_and_the_background_strengthens_or_overturns():
    g = network(
        st("s", "D", "decreases", "OC", IN_VIVO, ctx={"timeframe": "short-term"}),
        st("b", "D", "increases", "OC", REVIEW),
        st("c", "D", "increases", "OC", CLINICAL, ctx={"population": "x"}),
        st("k", "D", "decreases", "OC", CLINICAL, ctx={"population": "y"}),
    )
    paths = find_paths(g, "D", "OC").paths
    spec = [p for p in paths if p.timeframe == "short-term"]
    weak_bg = [p for p in paths if p.timeframe is None and p.hops[0].statements[0].id == "b"]
    strong_bg = [p for p in paths if p.timeframe is None and p.hops[0].statements[0].id == "c"]
    same_bg = [p for p in paths if p.timeframe is None and p.hops[0].statements[0].id == "k"]
    held = stratum(spec, weak_bg + same_bg, Weighing(), "timeframe", "short-term")
    assert (held.verdict, held.decided_by) == ("decreases", "specific")
    assert held.down.score == 0.95  # strengthened by the clinical background path
    assert held.down.paths[0] is spec[0]  # the specific path still names the mechanism
    # 0.9 holds against 0.95 (more than 3/4 of it) …
    assert stratum(spec, strong_bg, Weighing(), "timeframe", "short-term").verdict == "decreases"
    # … a chain of two review statements (0.56) does not: weighed together, it is the dissent
    g2 = network(
        st("s1", "D", "decreases", "X", REVIEW, ctx={"timeframe": "short-term"}),
        st("s2", "X", "increases", "OC", REVIEW),
        st("c", "D", "increases", "OC", CLINICAL),
    )
    paths = find_paths(g2, "D", "OC").paths
    overturned = stratum(
        [p for p in paths if p.timeframe],
        [p for p in paths if not p.timeframe],
        Weighing(),
        "timeframe",
        "short-term",
    )
    assert (overturned.verdict, overturned.decided_by) == ("increases", "background")
    assert overturned.down.score == pytest.approx(0.5625)


def _drug_graph():
    """Short-term blockade lowers resorption through JNK; long-term raises it through
    inflammation; the knockout says the target restrains osteoclastogenesis."""
    return network(
        st("t", "Drug", "inhibits", "PD1", REVIEW),
        st("j", "Drug", "decreases", "JNK", IN_VIVO, ctx={"timeframe": "short-term"}),
        st("jo", "JNK", "increases", "OC", IN_VIVO),
        st("i", "Drug", "increases", "Infl", IN_VIVO, ctx={"timeframe": "long-term"}),
        st("io", "Infl", "increases", "OC", IN_VIVO, ctx={"timeframe": "long-term"}),
        st("ko", "PD1", "decreases", "OC", KNOCKOUT),
        st("ocr", "OC", "increases", "Resorption", IN_VIVO),
        members={"Class": ["Drug"]},
    )


def test_strata_by_timeframe_and_the_knockout_rule():
    ex = explain_ids(_drug_graph(), "Drug", "Resorption", dict(BOUNDS))
    assert ex.verdict == "bidirectional" and ex.separating_key == "timeframe"
    short, long_ = ex.strata
    assert (short.value, short.verdict) == ("short-term", "decreases")
    assert (long_.value, long_.verdict) == ("long-term", "increases")
    # the knockout route (Drug ⊣ PD1 ⊣ OC: increases) counts in the long term only
    ko = ("Drug", "PD1", "OC", "Resorption")
    assert any(p.nodes == ko for p in long_.up.paths)
    assert not any(p.nodes == ko for p in short.up.paths + short.down.paths)
    left = [u for u in ex.uncounted if u.path.nodes == ko]
    assert left and left[0].scope == "short-term" and "knockout" in left[0].reasons[0][1]
    assert ex.reason.startswith("short-term: decreases (JNK ↓; ref 5); long-term: increases")
    asked = explain_ids(
        _drug_graph(), "Drug", "Resorption", {**BOUNDS, "context": {"timeframe": "short-term"}}
    )
    assert asked.verdict == "decreases" and asked.confidence == short.confidence


def test_a_conflict_is_separated_by_the_perturbation_kind():
    g = network(
        st("ko", "PDL1", "decreases", "OC", KNOCKOUT),
        st("tme", "PDL1", "increases", "OC", IN_VIVO, ctx={"setting": "TME"}),
    )
    ex = explain_ids(g, "PDL1", "OC", dict(BOUNDS))
    assert ex.verdict == "bidirectional" and ex.separating_key == "perturbation"
    assert {(s.value, s.verdict) for s in ex.whole.substrata} == {
        ("knockout or deficiency", "decreases"),
        ("no knockout or deficiency", "increases"),
    }


def test_flagged_steps_are_listed_and_counted_only_when_asked():
    g = network(
        st("a", "A", "increases", "B", IN_VIVO, flags=["ambiguous"]), st("b", "B", "increases", "C", IN_VIVO)
    )
    ex = explain_ids(g, "A", "C", dict(BOUNDS))
    assert ex.verdict == "no known effect"
    ((path, reasons),) = [(u.path, u.reasons) for u in ex.uncounted]
    assert path.nodes == ("A", "B", "C") and reasons[0][1] == "flagged ambiguous"
    assert explain_ids(g, "A", "C", {**BOUNDS, "include_flagged": True}).verdict == "increases"


# --- hierarchies -----------------------------------------------------------------------------


def test_class_chains_are_the_transitive_reduction_of_the_member_lists():
    g = network(
        st("x", "ICI", "increases", "Fracture", CLINICAL),
        members={
            "ICI": ["PD1i", "antiPD1", "pembro", "nivo"],
            "PD1i": ["antiPD1", "pembro", "nivo"],
            "antiPD1": ["pembro", "nivo"],
        },
    )
    assert hierarchy.class_chains(g, "pembro") == [
        ("antiPD1",),
        ("antiPD1", "PD1i"),
        ("antiPD1", "PD1i", "ICI"),
    ]
    assert hierarchy.member_chains(g, "ICI")[0] == ("PD1i",)
    assert ("PD1i", "antiPD1", "nivo") in hierarchy.member_chains(g, "ICI")
    (path,) = find_paths(g, "pembro", "Fracture").paths
    assert path.nodes == ("pembro", "antiPD1", "PD1i", "ICI", "Fracture")
    assert [h.hierarchy for h in path.hops] == ["member_of"] * 3 + [None]
    assert path.length == 1 and path.reliability() == 0.95


def test_cyclic_member_lists_do_not_loop():
    g = network(st("x", "A", "increases", "B"), members={"A": ["C"], "C": ["A"]})
    assert hierarchy.class_chains(g, "A") == [("C",)]


def test_a_class_finds_its_members_evidence_marked_and_discounted():
    g = network(st("x", "pembro", "increases", "ORR", CLINICAL), members={"antiPD1": ["pembro"]})
    (path,) = find_paths(g, "antiPD1", "ORR").paths
    assert path.nodes == ("antiPD1", "pembro", "ORR") and path.hops[0].hierarchy == "has_member"
    assert path.reliability() == pytest.approx(0.9 * 0.95)


def test_parts_and_wholes_one_level_each_way_with_the_parthood_evidence():
    g = network(
        st("p", "Wnt5a", "part_of", "Axis", REVIEW),
        st("q", "Axis", "part_of", "Wnt", REVIEW),
        st("a", "Axis", "increases", "OC", IN_VIVO),
        st("w", "Wnt", "decreases", "OC", IN_VIVO),
        st("o", "Wnt5a", "increases", "Loss", IN_VIVO),
    )
    (up,) = find_paths(g, "Wnt5a", "OC").paths  # the axis, not the axis's own whole
    assert up.nodes == ("Wnt5a", "Axis", "OC") and up.hops[0].statements[0].id == "p"
    assert up.reliability() == pytest.approx(0.75 * 0.9)
    (down,) = find_paths(g, "Axis", "Loss").paths
    assert down.hops[0].hierarchy == "has_part" and down.nodes == ("Axis", "Wnt5a", "Loss")
    assert find_paths(g, "Wnt5a", "OC", inherit=False).paths == []


def test_a_parthood_stated_for_one_timeframe_does_not_join_another():
    g = network(
        st("p", "Gene", "part_of", "Axis", REVIEW, ctx={"timeframe": "long-term"}),
        st("a", "Axis", "increases", "OC", IN_VIVO, ctx={"timeframe": "short-term"}),
    )
    assert find_paths(g, "Gene", "OC").paths == []
