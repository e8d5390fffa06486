"""Signed path search on small hand-made graphs: exact path sets, in INDRA's style."""

from __future__ import annotations

import math
from dataclasses import replace

import networkx as nx
import pytest

from mechgraph.model import Evidence, Statement
from mechgraph.reasoning.paths import Filters, find_paths

REVIEW = Evidence("doi:x", "review", "a quote", (1,), "3")
CLINICAL = Evidence("doi:x", "clinical", "a quote", (2,), "3")
INFERENCE = Evidence("doi:x", "curator_inference", rationale="because")
SIGNS = {"increases": 1, "decreases": -1, "inhibits": -1, "activates": 1,
         "positively_correlated_with": 1, "targets": None, "part_of": None}


def graph(*edges, members=None) -> nx.MultiDiGraph:
    """edges: (subject, relation, object[, context dict[, evidence]])."""
    g = nx.MultiDiGraph()
    for i, edge in enumerate(edges):
        s, rel, o = edge[:3]
        ctx = edge[3] if len(edge) > 3 else {}
        ev = edge[4] if len(edge) > 4 else REVIEW
        for n in (s, o):
            g.add_node(n, label=n, type="protein", members=())
        st = Statement(s, rel, o, tuple(sorted(ctx.items())), evidence=(ev,),
                       stored_id=f"s{i}")
        assert st.sign == SIGNS[rel]
        g.add_edge(s, o, key=st.id, statement=st)
    for cls, ms in (members or {}).items():
        g.add_node(cls, label=cls, type="drug_class", members=tuple(ms))
        for m in ms:
            g.add_node(m, label=m, type="drug", members=())
    return g


def signed(result) -> list[tuple[tuple[str, ...], int]]:
    return [(p.nodes, p.sign) for p in result.paths]


def test_both_signs_are_found_and_ranked_by_length():
    g = graph(("A", "increases", "B"), ("B", "decreases", "C"),
              ("A", "decreases", "D"), ("D", "decreases", "E"), ("E", "increases", "C"))
    assert signed(find_paths(g, "A", "C")) == [(("A", "B", "C"), -1), (("A", "D", "E", "C"), 1)]
    assert signed(find_paths(g, "A", "C", sign=1)) == [(("A", "D", "E", "C"), 1)]
    assert signed(find_paths(g, "A", "C", sign=-1)) == [(("A", "B", "C"), -1)]


def test_parallel_statements_of_opposite_sign_give_two_paths():
    g = graph(("A", "increases", "B"), ("A", "decreases", "B"), ("B", "increases", "C"))
    result = find_paths(g, "A", "C")
    assert sorted(signed(result)) == [(("A", "B", "C"), -1), (("A", "B", "C"), 1)]
    for p in result.paths:
        assert [h.statements[0].relation for h in p.hops][0] == (
            "increases" if p.sign == 1 else "decreases")


def test_loops_are_not_followed_and_entities_do_not_repeat():
    g = graph(("A", "increases", "B"), ("B", "decreases", "A"), ("B", "increases", "C"),
              ("C", "decreases", "B"), ("B", "decreases", "D"), ("D", "increases", "B"))
    assert signed(find_paths(g, "A", "C")) == [(("A", "B", "C"), 1)]


def test_length_bound():
    g = graph(("A", "increases", "B"), ("B", "increases", "C"), ("C", "increases", "D"))
    assert signed(find_paths(g, "A", "D", max_length=2)) == []
    assert signed(find_paths(g, "A", "D", max_length=3)) == [(("A", "B", "C", "D"), 1)]


def test_count_bound_truncates_and_says_so():
    edges = []
    for mid in "BCDEF":
        edges += [("A", "increases", mid), (mid, "increases", "Z")]
    g = graph(*edges)
    result = find_paths(g, "A", "Z", limit=3)
    assert len(result.paths) == 3 and result.truncated and result.reason == "count"
    assert [p.nodes[1] for p in result.paths] == ["B", "C", "D"]  # deterministic tie-break
    full = find_paths(g, "A", "Z", limit=10)
    assert len(full.paths) == 5 and not full.truncated


def test_an_entity_is_not_handed_from_one_cell_type_to_another():
    """PD-L1 up-regulated on osteoclasts does not promote the osteogenic differentiation
    of mesenchymal stem cells; a step with no stated cell type fits any."""
    g = graph(("OC", "increases", "PDL1", {"cell_type": "osteoclast"}),
              ("PDL1", "increases", "Osteogenesis", {"cell_type": "MSC"}),
              ("PDL1", "increases", "JNK"), ("JNK", "increases", "Osteogenesis"))
    result = find_paths(g, "OC", "Osteogenesis")
    assert [p.nodes for p in result.paths] == [("OC", "PDL1", "JNK", "Osteogenesis")]
    assert result.dropped_incoherent == 1
    same = graph(("OC", "increases", "PDL1", {"cell_type": "osteoclast"}),
                 ("PDL1", "increases", "T", {"cell_type": "osteoclast"}))
    assert signed(find_paths(same, "OC", "T")) == [(("OC", "PDL1", "T"), 1)]


def test_a_drug_holds_its_target():
    """With clamp_targets (explain), a drug's own target is entered by the first step only:
    the route on which something else raises the blocked PD-L1 again is not followed."""
    g = graph(("Drug", "inhibits", "PDL1"), ("PDL1", "increases", "OC"),
              ("Drug", "decreases", "JNK"), ("JNK", "decreases", "Ctx"),
              ("Ctx", "increases", "PDL1"))
    free = {p.nodes for p in find_paths(g, "Drug", "OC").paths}
    assert ("Drug", "JNK", "Ctx", "PDL1", "OC") in free
    held = {p.nodes for p in find_paths(g, "Drug", "OC", clamp_targets=True).paths}
    assert held == {("Drug", "PDL1", "OC")}
    # a target is still a fine question
    assert find_paths(g, "Drug", "PDL1", clamp_targets=True).paths


def test_distinct_routes_come_first_within_the_limit():
    """Four paths through JNK or JNK signalling and one through STAT3, limit 2: the search
    keeps one path of each mechanism rather than the two best."""
    g = graph(("Drug", "decreases", "JNK"), ("Drug", "decreases", "JNKpath"),
              ("JNK", "part_of", "JNKpath"),
              ("JNK", "increases", "OC"), ("JNKpath", "increases", "OC"),
              ("JNK", "increases", "Prolif"), ("Prolif", "increases", "OC"),
              ("Drug", "decreases", "STAT3"), ("STAT3", "increases", "Mat"),
              ("Mat", "increases", "Act"), ("Act", "increases", "OC"))
    g.nodes["JNKpath"]["type"] = "pathway"
    g.nodes["JNKpath"]["label"] = "JNK signalling"
    for n in ("OC", "Prolif", "Mat", "Act"):
        g.nodes[n]["type"] = "biological_process"
    best = find_paths(g, "Drug", "OC", limit=2)
    assert all("STAT3" not in p.nodes for p in best.paths)
    distinct = find_paths(g, "Drug", "OC", limit=2, distinct=True)
    assert [p.nodes[1] for p in distinct.paths] == ["JNKpath", "STAT3"]


def test_timeframes_must_agree_along_a_path():
    g = graph(("Drug", "decreases", "JNK", {"timeframe": "short-term"}),
              ("JNK", "increases", "OC"),
              ("Drug", "increases", "Inflammation", {"timeframe": "long-term"}),
              ("Inflammation", "increases", "OC", {"timeframe": "long-term"}),
              ("Drug", "increases", "X", {"timeframe": "short-term"}),
              ("X", "increases", "OC", {"timeframe": "long-term"}))
    result = find_paths(g, "Drug", "OC")
    got = [(p.nodes, p.sign, p.timeframe) for p in result.paths]
    assert got == [(("Drug", "Inflammation", "OC"), 1, "long-term"),
                   (("Drug", "JNK", "OC"), -1, "short-term")]
    assert result.dropped_incoherent == 1
    marked = find_paths(g, "Drug", "OC", include_incoherent=True)
    assert (("Drug", "X", "OC"), 1, "incoherent") in [(p.nodes, p.sign, p.timeframe)
                                                       for p in marked.paths]


def test_a_step_holding_under_both_timeframes_gives_one_reading_each():
    g = graph(("A", "increases", "B", {"timeframe": "short-term"}),
              ("A", "increases", "B", {"timeframe": "long-term"}),
              ("B", "increases", "C"))
    result = find_paths(g, "A", "C")
    assert [(p.timeframe, p.hops[0].statements[0].id) for p in result.paths] == [
        ("long-term", "s1"), ("short-term", "s0")]


def test_context_filter_keeps_compatible_statements():
    g = graph(("A", "decreases", "B", {"timeframe": "short-term"}),
              ("A", "increases", "B", {"timeframe": "long-term"}),
              ("B", "increases", "C"))
    long_only = find_paths(g, "A", "C", filters=Filters(context={"timeframe": "long-term"}))
    assert signed(long_only) == [(("A", "B", "C"), 1)]
    murine = find_paths(g, "A", "C", filters=Filters(context={"model": "murine in vivo"}))
    assert len(murine.paths) == 2  # no step states a model: all compatible


def test_mixed_models_are_allowed_but_reported():
    g = graph(("A", "increases", "B", {"model": "murine in vivo"}),
              ("B", "increases", "C", {"model": "human clinical"}))
    (path,) = find_paths(g, "A", "C").paths
    assert path.mixed == (("model", ("human clinical", "murine in vivo")),)


def test_ranking_prefers_stronger_then_fewer_inferred_steps():
    g = graph(("A", "increases", "B", {}, INFERENCE), ("B", "increases", "Z", {}, CLINICAL),
              ("A", "increases", "C", {}, CLINICAL), ("C", "increases", "Z", {}, CLINICAL),
              ("A", "increases", "D", {}, REVIEW), ("D", "increases", "Z", {}, CLINICAL))
    assert [p.nodes[1] for p in find_paths(g, "A", "Z").paths] == ["C", "D", "B"]


def test_a_step_only_an_imported_network_makes_ranks_after_a_curated_one():
    # B's first step is a SIGNOR record, C's a review quote: the same strength (2), and the
    # node ids alone would put B first
    record = Evidence("signor-pkn", "database")
    g = graph(("A", "increases", "B", {}, record), ("B", "increases", "Z", {}, CLINICAL),
              ("A", "increases", "C", {}, REVIEW), ("C", "increases", "Z", {}, CLINICAL))
    imported = g.edges["A", "B", "s0"]["statement"]
    g.edges["A", "B", "s0"]["statement"] = replace(imported, source="signor-pkn")
    paths = find_paths(g, "A", "Z").paths
    assert [p.nodes[1] for p in paths] == ["C", "B"]
    assert [p.weakest for p in paths] == [2, 2] and [p.imported_steps for p in paths] == [0, 1]


def test_members_inherit_class_statements_as_explicit_steps():
    g = graph(("Class", "inhibits", "PD1"), ("PD1", "decreases", "OC"),
              members={"Class": ["drug"]})
    (path,) = find_paths(g, "drug", "OC").paths
    assert path.nodes == ("drug", "Class", "PD1", "OC") and path.sign == 1
    assert path.hops[0].inherited and path.hops[0].relation == "member_of"
    assert path.length == 2
    assert find_paths(g, "drug", "OC", inherit=False).paths == []


def test_correlations_and_unsigned_relations_are_not_chained():
    g = graph(("A", "positively_correlated_with", "B"), ("B", "increases", "C"),
              ("A", "targets", "D"), ("D", "increases", "C"))
    assert find_paths(g, "A", "C").paths == []


def test_via_and_avoid():
    g = graph(("A", "increases", "B"), ("B", "increases", "Z"),
              ("A", "increases", "C"), ("C", "decreases", "Z"))
    assert signed(find_paths(g, "A", "Z", via=["C"])) == [(("A", "C", "Z"), -1)]
    assert signed(find_paths(g, "A", "Z", filters=Filters(avoid=frozenset({"B"})))) == [
        (("A", "C", "Z"), -1)]


def test_excluded_statements_are_stepped_around():
    g = graph(("A", "increases", "B"), ("A", "increases", "B", {}, CLINICAL),
              ("B", "increases", "C"), ("A", "decreases", "D"), ("D", "decreases", "C"))
    (kept, other) = find_paths(g, "A", "C", filters=Filters(exclude=frozenset({"s0"}))).paths
    assert kept.nodes == ("A", "B", "C") and [st.id for st in kept.hops[0].statements] == ["s1"]
    assert other.nodes == ("A", "D", "C")
    only = find_paths(g, "A", "C", filters=Filters(exclude=frozenset({"s0", "s1"}))).paths
    assert [p.nodes for p in only] == [("A", "D", "C")]
    assert len(find_paths(g, "A", "C").paths) == 2  # the same network, nothing left out


def test_direct_only():
    g = graph(("A", "increases", "B"), ("B", "increases", "C"))
    assert find_paths(g, "A", "C", filters=Filters(direct_only=True)).paths == []


@pytest.mark.parametrize("target", ["A", "missing"])
def test_no_path_is_an_answer_not_an_error(target):
    g = graph(("A", "increases", "B"))
    result = find_paths(g, "A", target)
    assert result.paths == [] and not result.truncated


@pytest.mark.parametrize("seed", range(5))
def test_every_simple_signed_path_is_found(seed):
    """Against brute force on random signed graphs: every entity-simple path within the
    length bound, with each sign it can carry, and nothing else."""
    import itertools
    import random

    rng = random.Random(seed)
    names = [f"N{i}" for i in range(10)]
    edges = [(u, rng.choice(["increases", "decreases"]), v)
             for u, v in rng.sample(list(itertools.permutations(names, 2)), 32)]
    edges += [(u, "decreases" if rel == "increases" else "increases", v)
              for u, rel, v in rng.sample(edges, 6)]  # parallel statements of opposite sign
    g = graph(*edges)
    for a, b in itertools.permutations(names[:5], 2):
        expected = set()
        for edge_path in nx.all_simple_edge_paths(g, a, b, cutoff=4):
            steps = tuple(g.edges[u, v, k]["statement"].sign for u, v, k in edge_path)
            expected.add((tuple([a] + [v for _, v, _ in edge_path]), steps))
        found = find_paths(g, a, b, max_length=4, limit=100_000)
        assert not found.truncated
        got = [(p.nodes, tuple(h.sign for h in p.hops)) for p in found.paths]
        assert sorted(got) == sorted(expected)
        assert all(p.sign == math.prod(h.sign for h in p.hops) for p in found.paths)
