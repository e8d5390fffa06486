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
SIGNS = {
    "increases": 1,
    "decreases": -1,
    "inhibits": -1,
    "activates": 1,
    "positively_correlated_with": 1,
    "targets": None,
    "part_of": None,
}


def graph(*edges, members=None) -> nx.MultiDiGraph:
    """edges: (subject, relation, object[, context dict[, evidence]])."""
    g = nx.MultiDiGraph()
    for i, edge in enumerate(edges):
        s, rel, o = edge[:3]
        ctx = edge[3] if len(edge) > 3 else {}
        ev = edge[4] if len(edge) > 4 else REVIEW
        for n in (s, o):
            g.add_node(n, label=n, type="protein", members=())
        st = Statement(s, rel, o, tuple(sorted(ctx.items())), evidence=(ev,), stored_id=f"s{i}")
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
    g = graph(
        ("A", "increases", "B"),
        ("B", "decreases", "C"),
        ("A", "decreases", "D"),
        ("D", "decreases", "E"),
        ("E", "increases", "C"),
    )
    assert signed(find_paths(g, "A", "C")) == [(("A", "B", "C"), -1), (("A", "D", "E", "C"), 1)]
    assert signed(find_paths(g, "A", "C", sign=1)) == [(("A", "D", "E", "C"), 1)]
    assert signed(find_paths(g, "A", "C", sign=-1)) == [(("A", "B", "C"), -1)]


def test_parallel_statements_of_opposite_sign_give_two_paths():
    g = graph(("A", "increases", "B"), ("A", "decreases", "B"), ("B", "increases", "C"))
    result = find_paths(g, "A", "C")
    assert sorted(signed(result)) == [(("A", "B", "C"), -1), (("A", "B", "C"), 1)]
    for p in result.paths:
        assert [h.statements[0].relation for h in p.hops][0] == ("increases" if p.sign == 1 else "decreases")


def test_loops_are_not_followed_and_entities_do_not_repeat():
    g = graph(
        ("A", "increases", "B"),
        ("B", "decreases", "A"),
        ("B", "increases", "C"),
        ("C", "decreases", "B"),
        ("B", "decreases", "D"),
        ("D", "increases", "B"),
    )
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
    g = graph(
        ("OC", "increases", "PDL1", {"cell_type": "osteoclast"}),
        ("PDL1", "increases", "Osteogenesis", {"cell_type": "MSC"}),
        ("PDL1", "increases", "JNK"),
        ("JNK", "increases", "Osteogenesis"),
    )
    result = find_paths(g, "OC", "Osteogenesis")
    assert [p.nodes for p in result.paths] == [("OC", "PDL1", "JNK", "Osteogenesis")]
    assert result.dropped_incoherent == 1
    same = graph(
        ("OC", "increases", "PDL1", {"cell_type": "osteoclast"}),
        ("PDL1", "increases", "T", {"cell_type": "osteoclast"}),
    )
    assert signed(find_paths(same, "OC", "T")) == [(("OC", "PDL1", "T"), 1)]


def test_a_drug_holds_its_target():
    """With clamp_targets (explain), a drug's own target is entered by the first step only:
    the route on which something else raises the blocked PD-L1 again is not followed."""
    g = graph(
        ("Drug", "inhibits", "PDL1"),
        ("PDL1", "increases", "OC"),
        ("Drug", "decreases", "JNK"),
        ("JNK", "decreases", "Ctx"),
        ("Ctx", "increases", "PDL1"),
    )
    free = {p.nodes for p in find_paths(g, "Drug", "OC").paths}
    assert ("Drug", "JNK", "Ctx", "PDL1", "OC") in free
    held = {p.nodes for p in find_paths(g, "Drug", "OC", clamp_targets=True).paths}
    assert held == {("Drug", "PDL1", "OC")}
    # a target is still a fine question
    assert find_paths(g, "Drug", "PDL1", clamp_targets=True).paths


def test_distinct_routes_come_first_within_the_limit():
    """Four paths through JNK or JNK signalling and one through STAT3, limit 2: the search
    keeps one path of each mechanism rather than the two best."""
    g = graph(
        ("Drug", "decreases", "JNK"),
        ("Drug", "decreases", "JNKpath"),
        ("JNK", "part_of", "JNKpath"),
        ("JNK", "increases", "OC"),
        ("JNKpath", "increases", "OC"),
        ("JNK", "increases", "Prolif"),
        ("Prolif", "increases", "OC"),
        ("Drug", "decreases", "STAT3"),
        ("STAT3", "increases", "Mat"),
        ("Mat", "increases", "Act"),
        ("Act", "increases", "OC"),
    )
    g.nodes["JNKpath"]["type"] = "pathway"
    g.nodes["JNKpath"]["label"] = "JNK signalling"
    for n in ("OC", "Prolif", "Mat", "Act"):
        g.nodes[n]["type"] = "biological_process"
    best = find_paths(g, "Drug", "OC", limit=2)
    assert all("STAT3" not in p.nodes for p in best.paths)
    distinct = find_paths(g, "Drug", "OC", limit=2, distinct=True)
    assert [p.nodes[1] for p in distinct.paths] == ["JNKpath", "STAT3"]


def test_timeframes_must_agree_along_a_path():
    g = graph(
        ("Drug", "decreases", "JNK", {"timeframe": "short-term"}),
        ("JNK", "increases", "OC"),
        ("Drug", "increases", "Inflammation", {"timeframe": "long-term"}),
        ("Inflammation", "increases", "OC", {"timeframe": "long-term"}),
        ("Drug", "increases", "X", {"timeframe": "short-term"}),
        ("X", "increases", "OC", {"timeframe": "long-term"}),
    )
    result = find_paths(g, "Drug", "OC")
    got = [(p.nodes, p.sign, p.timeframe) for p in result.paths]
    assert got == [
        (("Drug", "Inflammation", "OC"), 1, "long-term"),
        (("Drug", "JNK", "OC"), -1, "short-term"),
    ]
    assert result.dropped_incoherent == 1
    marked = find_paths(g, "Drug", "OC", include_incoherent=True)
    assert (("Drug", "X", "OC"), 1, "incoherent") in [(p.nodes, p.sign, p.timeframe) for p in marked.paths]


def test_a_step_holding_under_both_timeframes_gives_one_reading_each():
    g = graph(
        ("A", "increases", "B", {"timeframe": "short-term"}),
        ("A", "increases", "B", {"timeframe": "long-term"}),
        ("B", "increases", "C"),
    )
    result = find_paths(g, "A", "C")
    assert [(p.timeframe, p.hops[0].statements[0].id) for p in result.paths] == [
        ("long-term", "s1"),
        ("short-term", "s0"),
    ]


def test_context_filter_keeps_compatible_statements():
    g = graph(
        ("A", "decreases", "B", {"timeframe": "short-term"}),
        ("A", "increases", "B", {"timeframe": "long-term"}),
        ("B", "increases", "C"),
    )
    long_only = find_paths(g, "A", "C", filters=Filters(context={"timeframe": "long-term"}))
    assert signed(long_only) == [(("A", "B", "C"), 1)]
    murine = find_paths(g, "A", "C", filters=Filters(context={"model": "murine in vivo"}))
    assert len(murine.paths) == 2  # no step states a model: all compatible


def test_mixed_models_are_allowed_but_reported():
    g = graph(
        ("A", "increases", "B", {"model": "murine in vivo"}),
        ("B", "increases", "C", {"model": "human clinical"}),
    )
    (path,) = find_paths(g, "A", "C").paths
    assert path.mixed == (("model", ("human clinical", "murine in vivo")),)


def test_ranking_prefers_stronger_then_fewer_inferred_steps():
    g = graph(
        ("A", "increases", "B", {}, INFERENCE),
        ("B", "increases", "Z", {}, CLINICAL),
        ("A", "increases", "C", {}, CLINICAL),
        ("C", "increases", "Z", {}, CLINICAL),
        ("A", "increases", "D", {}, REVIEW),
        ("D", "increases", "Z", {}, CLINICAL),
    )
    assert [p.nodes[1] for p in find_paths(g, "A", "Z").paths] == ["C", "D", "B"]


def test_a_step_only_an_imported_network_makes_ranks_after_a_curated_one():
    # B's first step is a SIGNOR record, C's a review quote: the same strength (2), and the
    # node ids alone would put B first
    record = Evidence("signor-pkn", "database")
    g = graph(
        ("A", "increases", "B", {}, record),
        ("B", "increases", "Z", {}, CLINICAL),
        ("A", "increases", "C", {}, REVIEW),
        ("C", "increases", "Z", {}, CLINICAL),
    )
    imported = g.edges["A", "B", "s0"]["statement"]
    g.edges["A", "B", "s0"]["statement"] = replace(imported, source="signor-pkn")
    paths = find_paths(g, "A", "Z").paths
    assert [p.nodes[1] for p in paths] == ["C", "B"]
    assert [p.weakest for p in paths] == [2, 2] and [p.imported_steps for p in paths] == [0, 1]


def test_members_inherit_class_statements_as_explicit_steps():
    g = graph(("Class", "inhibits", "PD1"), ("PD1", "decreases", "OC"), members={"Class": ["drug"]})
    (path,) = find_paths(g, "drug", "OC").paths
    assert path.nodes == ("drug", "Class", "PD1", "OC") and path.sign == 1
    assert path.hops[0].inherited and path.hops[0].relation == "member_of"
    assert path.length == 2
    assert find_paths(g, "drug", "OC", inherit=False).paths == []


def test_correlations_and_unsigned_relations_are_not_chained():
    g = graph(
        ("A", "positively_correlated_with", "B"),
        ("B", "increases", "C"),
        ("A", "targets", "D"),
        ("D", "increases", "C"),
    )
    assert find_paths(g, "A", "C").paths == []


def test_via_and_avoid():
    g = graph(
        ("A", "increases", "B"), ("B", "increases", "Z"), ("A", "increases", "C"), ("C", "decreases", "Z")
    )
    assert signed(find_paths(g, "A", "Z", via=["C"])) == [(("A", "C", "Z"), -1)]
    assert signed(find_paths(g, "A", "Z", filters=Filters(avoid=frozenset({"B"})))) == [(("A", "C", "Z"), -1)]


def test_excluded_statements_are_stepped_around():
    g = graph(
        ("A", "increases", "B"),
        ("A", "increases", "B", {}, CLINICAL),
        ("B", "increases", "C"),
        ("A", "decreases", "D"),
        ("D", "decreases", "C"),
    )
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
    edges = [
        (u, rng.choice(["increases", "decreases"]), v)
        for u, v in rng.sample(list(itertools.permutations(names, 2)), 32)
    ]
    edges += [
        (u, "decreases" if rel == "increases" else "increases", v) for u, rel, v in rng.sample(edges, 6)
    ]  # parallel statements of opposite sign
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


# --- the search core (mechgraph.reasoning.enumeration): corridor bounds, both sides ---------


def _random_graph(
    seed: int, n: int = 12, edges: int = 26, hubs: int = 2, relations=("increases", "decreases")
) -> nx.MultiDiGraph:
    """A random signed graph with a few hubs (a regulator of many genes, as in DoRothEA)
    and parallel statements of opposite sign."""
    import itertools
    import random

    rng = random.Random(seed)
    names = [f"N{i}" for i in range(n)]
    pairs = rng.sample(list(itertools.permutations(names, 2)), edges)
    for hub in rng.sample(names, hubs):
        pairs += [(hub, v) for v in rng.sample(names, n // 2) if v != hub]
    out = [(u, rng.choice(relations), v) for u, v in pairs]
    out += [(u, "decreases" if SIGNS[rel] > 0 else "increases", v) for u, rel, v in rng.sample(out, 5)]
    return graph(*out)


def _brute_force(g, a, b, max_length, sign=None, exclude=frozenset(), clamp=frozenset()):
    """Every entity-simple path from a to b within the bounds, as (entities, step signs),
    from the statements not excluded; no entity of ``clamp`` after the first step but at
    the end."""
    out = set()
    for edge_path in nx.all_simple_edge_paths(g, a, b, cutoff=max_length):
        sts = [g.edges[e]["statement"] for e in edge_path]
        nodes = (a, *(v for _, v, _ in edge_path))
        if any(st.id in exclude for st in sts) or any(n in clamp for n in nodes[2:-1]):
            continue
        signs = tuple(st.sign for st in sts)
        if sign is None or math.prod(signs) == sign:
            out.add((nodes, signs))
    return out


def _found(result):
    return sorted((p.nodes, tuple(h.sign for h in p.hops)) for p in result.paths)


@pytest.mark.parametrize("side", ["cheaper", "forward", "backward"])
@pytest.mark.parametrize("seed", range(4))
def test_every_simple_signed_path_is_found_whichever_side_the_corridor_grows(seed, side, monkeypatch):
    """Against brute force, on random graphs with hubs, up to six steps: the corridor grown
    on the cheaper side, or only forwards, or only backwards, prunes nothing it should
    keep; both signs, one sign, left-out statements and a drug's held targets."""
    import itertools

    from mechgraph.reasoning import enumeration

    weight = {"cheaper": enumeration.FORWARD_WEIGHT, "forward": 0, "backward": 10**9}[side]
    monkeypatch.setattr(enumeration, "FORWARD_WEIGHT", weight)
    g = _random_graph(seed, relations=("increases", "decreases", "inhibits", "activates"))
    ids = sorted(st.id for _, _, st in g.edges(data="statement"))
    exclude = frozenset(ids[seed::7])
    for a, b in itertools.permutations(["N0", "N1", "N2", "N3"], 2):
        for length in (3, 6):
            expected = _brute_force(g, a, b, length)
            found = find_paths(g, a, b, max_length=length, limit=100_000)
            assert not found.truncated and _found(found) == sorted(expected)
        want = -1 if seed % 2 else 1
        assert _found(find_paths(g, a, b, sign=want, max_length=5, limit=100_000)) == sorted(
            _brute_force(g, a, b, 5, sign=want)
        )
        assert _found(
            find_paths(g, a, b, max_length=5, limit=100_000, filters=Filters(exclude=exclude))
        ) == sorted(_brute_force(g, a, b, 5, exclude=exclude))
        held = {
            v for _, v, st in g.out_edges(a, data="statement") if st.relation in ("inhibits", "activates")
        } - {a, b}
        assert _found(find_paths(g, a, b, max_length=5, limit=100_000, clamp_targets=True)) == sorted(
            _brute_force(g, a, b, 5, clamp=held)
        )


@pytest.mark.parametrize("seed", range(4))
def test_corridor_bounds_keep_every_path_and_never_undercut_the_distance(seed):
    """For each length, the bound of every node of every path of that length is at most the
    steps the path has left after it, and no bound is below the node's true distance to the
    target (the corridor is a restriction of the graph); the target's minus sign reads the
    same table with every sign flipped."""
    import itertools

    from mechgraph.reasoning.enumeration import Backward, Corridor
    from mechgraph.reasoning.signed import signed_graph

    g = _random_graph(seed + 10, n=11, edges=24)
    index, _, _ = signed_graph(g, Filters())
    flat = nx.DiGraph()
    for u, succ in enumerate(index.succ):
        for code in succ:
            flat.add_edges_from([(2 * u, code), (2 * u + 1, code ^ 1)])
    for a, b in itertools.permutations(["N0", "N1", "N2", "N3", "N4"], 2):
        t = index.index[b]
        back = Backward(index, t)
        corridor = Corridor(index, back, index.index[a])
        distance = nx.single_target_shortest_path_length(flat, 2 * t) if 2 * t in flat else {}
        distance = dict(distance)
        for length in range(1, 6):
            bound = corridor.bounds(length)
            assert all(d >= distance[node] for node, d in bound.items())
            for nodes, signs in _brute_force(g, a, b, length):
                if len(nodes) - 1 != length:
                    continue
                flip = math.prod(signs) < 0
                node = 2 * index.index[a]
                for i, (n, s) in enumerate(zip(nodes[1:], signs, strict=True), start=1):
                    node = 2 * index.index[n] + ((node & 1) ^ (s < 0))
                    assert bound.get(node ^ flip, 99) <= length - i
                assert bound.get(2 * index.index[a] ^ flip, 99) <= length


def test_a_pair_with_no_path_reads_only_the_small_side():
    """A source that reaches one dead end, a target many entities regulate: the search
    stops after the two steps forward without searching back from the target; and the
    mirror case never searches forward from a regulator of everything."""
    from mechgraph.reasoning.enumeration import Backward, Corridor
    from mechgraph.reasoning.signed import signed_graph

    regulators = [f"R{i}" for i in range(30)]
    g = graph(
        ("S", "increases", "X"),
        *[(r, "increases", "T") for r in regulators],
        *[(r, "decreases", q) for r in regulators for q in regulators if r != q],
        ("Hub", "increases", "R0"),
        *[("Hub", "increases", f"G{i}") for i in range(40)],
        ("Y", "decreases", "Lone"),
    )
    index, _, _ = signed_graph(g, Filters())

    def levels_until_unreachable(source, target):
        back = Backward(index, index.index[target])
        corridor = Corridor(index, back, index.index[source])
        for length in range(1, 7):  # as the search asks, one length at a time
            corridor.bounds(length)
            if all(corridor.unreachable(index.node(target, s)) for s in (1, -1)):
                return length, back, corridor
        return None, back, corridor

    length, back, corridor = levels_until_unreachable("S", "T")
    assert length == 2 and back.depth == 0 and corridor.forward.exhausted
    length, back, corridor = levels_until_unreachable("Hub", "Lone")
    assert length == 2 and back.exhausted and corridor.forward.depth == 0
    assert find_paths(g, "S", "T").paths == [] and find_paths(g, "Hub", "Lone").paths == []
    assert [p.nodes for p in find_paths(g, "Hub", "T", max_length=2).paths] == [("Hub", "R0", "T")]


def test_yen_on_the_signed_node_graph_walks_loops_through_both_signs():
    """Why find_paths does not return networkx's Yen paths as they are: on the signed-node
    graph a path may pass through (B, +) and (B, -), a loop through one entity. A negative
    loop B -> C -> B turns A's increase of D into a decrease that no entity-simple path
    carries."""
    import itertools

    g = graph(
        ("A", "increases", "B"), ("B", "decreases", "C"), ("C", "increases", "B"), ("B", "increases", "D")
    )
    sg = nx.DiGraph()
    for u, v, st in g.edges(data="statement"):
        sg.add_edges_from([((u, x), (v, x * st.sign)) for x in (1, -1)])
    yen = list(itertools.islice(nx.shortest_simple_paths(sg, ("A", 1), ("D", -1)), 5))
    assert yen == [[("A", 1), ("B", 1), ("C", -1), ("B", -1), ("D", -1)]]
    assert find_paths(g, "A", "D", sign=-1).paths == []
    assert signed(find_paths(g, "A", "D")) == [(("A", "B", "D"), 1)]


@pytest.mark.parametrize("seed", range(4))
def test_the_same_paths_as_yen_once_its_loops_are_left_out(seed):
    """networkx's Yen search on the signed-node graph, both target signs, paths through
    both signs of an entity left out, gives the paths find_paths gives; with a limit, the
    same lengths, and the same paths below the length where the limit cuts ties."""
    import itertools

    g = _random_graph(seed + 20)
    sg = nx.DiGraph()
    for u, v, st in g.edges(data="statement"):
        sg.add_edges_from([((u, x), (v, x * st.sign)) for x in (1, -1)])

    def yen(a, b, length):
        out = []
        for want in (1, -1):
            if (a, 1) not in sg or (b, want) not in sg:
                continue
            try:
                for p in nx.shortest_simple_paths(sg, (a, 1), (b, want)):
                    if len(p) - 1 > length:
                        break
                    if len({n for n, _ in p}) == len(p):
                        out.append(
                            (tuple(n for n, _ in p), tuple(x[1] * y[1] for x, y in itertools.pairwise(p)))
                        )
            except nx.NetworkXNoPath:
                pass
        return sorted(out, key=lambda p: len(p[0]))

    looped = 0
    for a, b in itertools.permutations(["N0", "N1", "N2", "N3", "N4"], 2):
        theirs = yen(a, b, 5)
        assert _found(find_paths(g, a, b, max_length=5, limit=100_000)) == sorted(theirs)
        top = find_paths(g, a, b, max_length=5, limit=4).paths
        lengths = [len(p.nodes) for p in top]
        assert lengths == [len(n) for n, _ in theirs[:4]]
        if len(top) == 4:
            shorter = {(p.nodes, tuple(h.sign for h in p.hops)) for p in top if len(p.nodes) < lengths[-1]}
            assert shorter == {p for p in theirs if len(p[0]) < lengths[-1]}
        for want in (1, -1):
            if (a, 1) in sg and (b, want) in sg and nx.has_path(sg, (a, 1), (b, want)):
                looped += any(
                    len({n for n, _ in p}) < len(p)
                    for p in itertools.takewhile(
                        lambda p: len(p) <= 6, nx.shortest_simple_paths(sg, (a, 1), (b, want))
                    )
                )
    assert looped  # the difference is real on these graphs, not only on the one above
