"""The reasoning's own multigraph reads as networkx's MultiDiGraph does, and the shipped
graph's prepared views answer without parsing the graph."""

from __future__ import annotations

import json
import random
import shutil

import networkx as nx
import pytest

from mechgraph.reasoning import network as network_module
from mechgraph.reasoning.explanation import explain_ids
from mechgraph.reasoning.multigraph import StatementGraph
from mechgraph.render.explanations import explanation_json
from mechgraph.store import Store, open_store, shipped_graph_path
from mechgraph.store import cache as cache_module


def _pair(seed: int) -> tuple[StatementGraph, nx.MultiDiGraph]:
    rng = random.Random(seed)
    ours, theirs = StatementGraph(), nx.MultiDiGraph()
    nodes = [f"n{i}" for i in range(12)]
    for n in rng.sample(nodes, len(nodes)):
        attrs = {"label": n.upper(), "members": tuple(rng.sample(nodes, 2))}
        ours.add_node(n, **attrs)
        theirs.add_node(n, **attrs)
    for i in range(60):  # parallel edges, loops, keyed and unkeyed
        u, v = rng.choice(nodes), rng.choice(nodes)
        key = f"k{i}" if rng.random() < 0.7 else None
        attrs = {"statement": i, "w": rng.random()}
        assert ours.add_edge(u, v, key=key, **attrs) == theirs.add_edge(u, v, key=key, **attrs)
    ours.graph["source"] = theirs.graph["source"] = "curated"
    return ours, theirs


@pytest.mark.parametrize("seed", range(5))
def test_every_read_the_reasoning_makes_gives_what_networkx_gives(seed):
    ours, theirs = _pair(seed)
    assert list(ours) == list(theirs) and len(ours) == len(theirs)
    assert list(ours.nodes(data=True)) == list(theirs.nodes(data=True))
    assert list(ours.nodes(data="label")) == list(theirs.nodes(data="label"))
    for options in (
        {},
        {"keys": True},
        {"data": True},
        {"keys": True, "data": True},
        {"data": "statement"},
        {"keys": True, "data": "statement"},
        {"data": "missing", "default": 0},
    ):
        assert list(ours.edges(**options)) == list(theirs.edges(**options)), options
        for n in ours:
            assert list(ours.out_edges(n, **options)) == list(theirs.out_edges(n, **options))
            assert list(ours.in_edges(n, **options)) == list(theirs.in_edges(n, **options))
    assert list(ours.edges) == list(theirs.edges)
    assert ours.number_of_edges() == theirs.number_of_edges() == 60
    for u in ours:
        assert ours.nodes[u] == theirs.nodes[u]
        assert ours.degree(u) == theirs.degree(u)
        assert list(ours.successors(u)) == list(theirs.successors(u))
        assert list(ours.predecessors(u)) == list(theirs.predecessors(u))
        for v in ours:
            assert ours.has_edge(u, v) == theirs.has_edge(u, v)
            assert ours.get_edge_data(u, v) == theirs.get_edge_data(u, v)
    for u, v, k in theirs.edges(keys=True):
        assert ours.edges[u, v, k] == theirs.edges[u, v, k]
        assert ours.has_edge(u, v, k) and ours.get_edge_data(u, v, k) == theirs.get_edge_data(u, v, k)
    assert not ours.has_edge("n0", "n0", "no such key") and "absent" not in ours
    assert ["unhashable"] not in ours  # as networkx: a list is no node, not an error
    back = ours.to_networkx()
    assert list(back.edges(keys=True, data=True)) == list(theirs.edges(keys=True, data=True))
    assert back.graph == theirs.graph


@pytest.mark.parametrize("seed", range(3))
def test_edges_added_in_one_pass_make_the_graph_edge_by_edge_adding_makes(seed):
    rng = random.Random(seed)
    nodes = [f"n{i}" for i in range(8)]
    rows = [  # repeated keys between the same ends update the edge, as add_edge does
        (rng.choice(nodes), rng.choice(nodes), f"k{rng.randrange(40)}", {"w": i}) for i in range(80)
    ]
    one_by_one, in_one_pass = StatementGraph(), StatementGraph()
    for g in (one_by_one, in_one_pass):
        g.add_node("n3", label="three")
    for u, v, k, attrs in rows:
        one_by_one.add_edge(u, v, key=k, **attrs)
    in_one_pass.add_keyed_edges(rows)
    assert list(in_one_pass.nodes(data=True)) == list(one_by_one.nodes(data=True))
    assert list(in_one_pass.edges(keys=True, data=True)) == list(one_by_one.edges(keys=True, data=True))
    for n in nodes:
        if n in one_by_one:
            assert list(in_one_pass.in_edges(n, keys=True)) == list(one_by_one.in_edges(n, keys=True))


def test_explain_answers_alike_on_the_view_and_on_networkx():
    store = open_store()
    view = network_module.network_view(store)
    as_networkx = network_module.load_network(store)
    assert isinstance(as_networkx, nx.MultiDiGraph)
    assert as_networkx.number_of_edges() == view.number_of_edges() > 500
    for src, tgt, context in (
        ("PD1-PDL1-inhibitor", "bone_resorption", {}),
        ("PD1-PDL1-inhibitor", "fracture_risk", {"timeframe": "long-term"}),
    ):
        bounds = {
            "max_length": 6,
            "limit": 20,
            "timeout": 60.0,
            "context": context,
            "direct_only": False,
            "avoid": [],
            "include_flagged": False,
        }
        ours = explain_ids(view, src, tgt, bounds)
        theirs = explain_ids(as_networkx, src, tgt, bounds)
        assert ours.verdict == theirs.verdict
        assert explanation_json(ours) == explanation_json(theirs)
        assert [(p.nodes, p.sign) for p in ours.search.paths] == [
            (p.nodes, p.sign) for p in theirs.search.paths
        ] and ours.search.paths


def _fresh_shipped() -> Store:
    path = shipped_graph_path()
    store = Store(None, "shipped graph", loader=lambda: open_store(f"file:{path}").oxigraph)
    store.shipped = True
    return store


def test_the_shipped_graph_answers_from_its_prepared_views_without_parsing_it():
    store = _fresh_shipped()
    g = network_module.network_view(store)
    assert store._box[0] is None  # never loaded
    built = network_module._build(_fresh_shipped())
    assert network_module._encode(g, compact=False) == network_module._encode(built, compact=False)


def test_prepared_views_of_another_graph_are_not_read(tmp_path, monkeypatch):
    shipped = tmp_path / "mechgraph.nt"
    shutil.copy(shipped_graph_path(), shipped)
    prepared = shipped_graph_path().with_name("views") / "network-curated.json"
    view = json.loads(prepared.read_text(encoding="utf-8"))
    view["view"]["edges"] = []  # what a stale file would hold
    (tmp_path / "views").mkdir()
    (tmp_path / "views" / "network-curated.json").write_text(json.dumps(view), encoding="utf-8")
    monkeypatch.setattr("mechgraph.store.oxigraph.shipped_graph_path", lambda: shipped)
    monkeypatch.setattr(cache_module, "_shipped", {})
    assert cache_module.shipped_view("network-curated")["edges"] == []  # same graph: read

    with shipped.open("a", encoding="utf-8") as fh:  # the installed graph changed
        fh.write('<urn:x> <urn:y> "z" .\n')
    monkeypatch.setattr(cache_module, "_shipped", {})
    assert cache_module.shipped_view("network-curated") is None
    store = _fresh_shipped()
    assert network_module.network_view(store).number_of_edges() > 500  # built instead
    assert store._box[0] is not None
