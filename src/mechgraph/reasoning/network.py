"""The network view: a directed multigraph of the statements, read from any store by SPARQL.

Nodes are entity ids (with label, type, class members and whether the curated graph
names them); each edge is one statement, keyed by its id, carrying relation, sign,
context, evidence, flags and source, so every hop of a path can show why it is there and
whose knowledge it is.

The source (``curated``, ``imported``, ``all`` or one imported source) decides which
statements become edges. Imported statements without a sign (DoRothEA's ``mor = 0``,
SIGNOR's ``unknown`` effect) stay in the store for SPARQL and ``show``, but are not
loaded here: the network serves the signed path search, which never follows them, and a
million of them would cost minutes and gigabytes.

A statement the text denies (``mg:negated true``: the association is recorded, no plain
triple asserts it) is no edge either: it is never a path step, a hierarchy step or one side
of a contradiction. The network keeps it apart, in ``g.graph["denied"]``, so ``explain`` can
say that the text denies a direct link; ``show`` and SPARQL read it from the store.

The view is a ``StatementGraph`` (mechgraph.reasoning.multigraph), which reads as a networkx
``MultiDiGraph`` does without importing networkx; ``load_network`` gives it as networkx's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mechgraph.io.rdf_reader import (
    read_entities,
    read_statements,
    statement_from_plain,
    statement_sources,
    statement_to_plain,
)
from mechgraph.model import Statement
from mechgraph.reasoning.multigraph import Network, StatementGraph
from mechgraph.store import Store, open_store

if TYPE_CHECKING:
    import networkx as nx


def load_network(store: Store | str | None = None, *,
                 source: str | None = None) -> nx.MultiDiGraph:
    """The network view of the store ``store`` names (default: the shipped graph), read
    through ``source`` (default: the store's own), as a networkx MultiDiGraph (one edge per
    statement, keyed by its id); see ``network_view``."""
    opened = open_store(store, source)
    if "networkx" not in opened.cache:
        g = network_view(opened).to_networkx()
        # the view's own data, not what the reasoning derived from it (kept per graph)
        g.graph = {k: v for k, v in g.graph.items() if k in _GRAPH_DATA}
        opened.cache["networkx"] = g
    return opened.cache["networkx"]


_GRAPH_DATA = ("labels", "source", "denied")


def network_view(store: Store) -> StatementGraph:
    """Every statement of an opened store's source as an edge; built once per store and
    source, and kept on disk beside an on-disk store (see mechgraph.store.cache)."""
    from mechgraph.store.cache import persistent

    cached = store.cache.get("network")
    if cached is None:
        cached = persistent(store, "network", lambda: _build(store), _encode, _decode)
        store.cache["network"] = cached
    return cached


def prepared_network(store: Store) -> dict:
    """The network view of ``store`` as the plain data kept in a cache (for the views
    prepared with the shipped graph)."""
    return _encode(_build(store))


def _build(store: Store) -> StatementGraph:
    g = StatementGraph()
    labels: dict[str, str] = {}
    for eid, (entity, curated) in read_entities(store, details=False).items():
        labels[eid] = entity.label
        # curated: named in the curated graph (imported entities live in their own graph)
        g.add_node(eid, label=entity.label, type=entity.type, members=entity.members,
                   curated=curated)
    g.graph["denied"] = []
    for name in statement_sources(store):
        for st in read_statements(store, name):
            if st.subject not in g or st.object not in g:
                continue
            if st.negated:
                g.graph["denied"].append(st)
            else:
                g.add_edge(st.subject, st.object, key=st.id, statement=st)
    g.graph["labels"] = labels
    g.graph["source"] = store.source
    return g


CACHE_FORMAT = "network/4"  # 4: with the edge lists of mechgraph.reasoning.edges


def _encode(g: Network) -> dict:
    """The network as plain data, for the on-disk cache."""
    from mechgraph.reasoning import edges

    position: dict[int, int] = {}
    rows = []
    for i, (_, _, d) in enumerate(g.edges(data=True)):
        position[id(d)] = i
        rows.append(statement_to_plain(d["statement"]))
    return {
        "format": CACHE_FORMAT,
        "graph": {k: v for k, v in g.graph.items() if k in ("labels", "source")},
        "nodes": [(n, d["label"], d["type"], d["members"], d.get("curated", True))
                  for n, d in g.nodes(data=True)],
        "edges": rows,
        "denied": [statement_to_plain(st) for st in g.graph.get("denied", [])],
        "lists": edges.encode(edges.edge_lists(g), position),
    }


class _CachedStatement(dict):
    """An edge's data read from the cache: its statement is decoded when first asked for
    (a question reaches a few hundred of half a million)."""

    __slots__ = ("_plain",)

    def __missing__(self, key: str):
        if key != "statement":
            raise KeyError(key)
        st = self["statement"] = statement_from_plain(self._plain)
        return st

    def get(self, key: str, default=None):
        return self[key] if key == "statement" or key in self else default


def _decode(data: dict) -> StatementGraph:
    from mechgraph.reasoning import edges

    if data.get("format") != CACHE_FORMAT:
        raise ValueError("a network cached in another format")  # rebuilt by the cache
    g = StatementGraph()
    g.graph.update(data["graph"])
    for n, label, etype, members, curated in data["nodes"]:
        g.add_node(n, label=label, type=etype, members=tuple(members), curated=curated)
    entries = []
    for row in data["edges"]:
        d = _CachedStatement()
        d._plain = row
        u, v, key = row[1], row[3], row[0]
        g.insert_edge(u, v, key, d)
        entries.append((u, v, key, d))
    g.graph["denied"] = [statement_from_plain(row) for row in data["denied"]]
    g.graph["edge_lists"] = edges.decode(data["lists"], entries)
    return g


def denied_between(g: Network, source: str, target: str) -> list[Statement]:
    """The statements from ``source`` to ``target`` that the text denies, by id."""
    return sorted((st for st in g.graph.get("denied", ())
                   if st.subject == source and st.object == target), key=lambda st: st.id)


def statements_between(g: Network, source: str, target: str) -> list[Statement]:
    """The statements whose subject is ``source`` and object ``target``, by id."""
    if not g.has_edge(source, target):
        return []
    return [d["statement"] for _, d in sorted(g.get_edge_data(source, target).items())]
