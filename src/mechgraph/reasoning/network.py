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

from mechgraph.io.plain import statement_from_plain
from mechgraph.io.rdf_reader import read_entities, read_statements, statement_sources
from mechgraph.model import Statement
from mechgraph.reasoning.multigraph import Network, StatementGraph
from mechgraph.store import Store, open_store

if TYPE_CHECKING:
    import networkx as nx


def load_network(store: Store | str | None = None, *, source: str | None = None) -> nx.MultiDiGraph:
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
    from mechgraph.store.cache import fingerprint, persistent

    cached = store.cache.get("network")
    if cached is None:
        if fingerprint(store) is None:  # nothing kept: the graph itself
            cached = persistent(store, "network", lambda: _build(store), _encode, _decode)
        else:  # assembled from each source's part, itself kept until that source changes
            cached = persistent(store, "network", lambda: _assembled(store), _same, _decode)
        store.cache["network"] = cached
    return cached


def prepared_network(store: Store) -> dict:
    """The network view of ``store`` as the plain data kept in a cache (for the views
    prepared with the shipped graph, in JSON)."""
    return _encode(_build(store), compact=False)


def _build(store: Store) -> StatementGraph:
    g = StatementGraph()
    labels: dict[str, str] = {}
    for eid, (entity, curated) in read_entities(store, details=False).items():
        labels[eid] = entity.label
        # curated: named in the curated graph (imported entities live in their own graph)
        g.add_node(eid, label=entity.label, type=entity.type, members=entity.members, curated=curated)
    denied: list[Statement] = []
    g.graph["denied"] = denied

    def edges(statements: list[Statement]):
        for st in statements:
            if st.subject not in labels or st.object not in labels:
                continue
            if st.negated:
                denied.append(st)
            else:
                yield st.subject, st.object, st.id, {"statement": st}

    for name in statement_sources(store):
        g.add_keyed_edges(edges(read_statements(store, name)))
    g.graph["labels"] = labels
    g.graph["source"] = store.source
    return g


CACHE_FORMAT = "network/7"  # 7: statements carry their source's annotations (mechanism, residue…)


def _encode(g: Network, *, compact: bool = True) -> dict:
    """The network as plain data, for a cache. Each edge's statement is kept apart
    (``compact``: as its own pickle, so reading the cache back leaves it undecoded until
    a question reaches it; else as plain data, for the JSON prepared with the shipped
    graph), with the lists and the signed-node index the reasoning reads whole."""
    from mechgraph.reasoning.parts import assemble, part_of_graph

    nodes = [(n, d["label"], d["type"], d["members"], d.get("curated", True)) for n, d in g.nodes(data=True)]
    graph = {k: v for k, v in g.graph.items() if k in ("labels", "source")}
    return assemble(nodes, [part_of_graph(g, compact=compact)], graph, compact=compact)


def _assembled(store: Store) -> dict:
    """The cached form of the network of an on-disk store, from its sources' parts: an
    imported source is read from the store only when its part is not kept already."""
    from mechgraph.reasoning.parts import assemble

    nodes, labels = [], {}
    for eid, (entity, curated) in read_entities(store, details=False).items():
        labels[eid] = entity.label
        nodes.append((eid, entity.label, entity.type, entity.members, curated))
    parts = [source_part(store, name) for name in statement_sources(store)]
    return assemble(nodes, parts, {"labels": labels, "source": store.source})


def source_part(store: Store, name: str):
    """One source's part of the network (mechgraph.reasoning.parts): the curated graph's
    read each time (a few hundred statements), an imported source's kept beside the store
    for as long as that source stays as imported."""
    from mechgraph.reasoning.parts import decode_part, encode_part
    from mechgraph.store.cache import persistent_part

    if name == "curated":
        return _read_part(store, name)
    return persistent_part(store, name, lambda: _read_part(store, name), encode_part, decode_part)


def _read_part(store: Store, name: str):
    """One source's part, read out of the store."""
    from mechgraph.io.rdf_imported import imported_rows
    from mechgraph.reasoning.parts import part_of_rows, part_of_statements

    if name == "curated":
        return part_of_statements(read_statements(store, name))
    return part_of_rows(imported_rows(store, name), name)


def _same(plain: dict) -> dict:
    return plain


class _CachedStatement(dict):
    """An edge's data read from a cache: its statement is decoded when first asked for."""

    __slots__ = ("_plain",)

    def __missing__(self, key: str):
        if key != "statement":
            raise KeyError(key)
        plain = self._plain
        if isinstance(plain, bytes | memoryview):
            from mechgraph.store.cache import plain_loads

            plain = plain_loads(plain)
        st = self["statement"] = statement_from_plain(plain)
        return st

    def get(self, key: str, default=None):
        return self[key] if key == "statement" or key in self else default


def _decode(data: dict) -> StatementGraph:
    from mechgraph.reasoning import edges, signed
    from mechgraph.reasoning.stored import (
        PackedEnds,
        StoredGraph,
        unpack_bytes,
        unpack_ints,
        unpack_rows,
    )

    if data.get("format") != CACHE_FORMAT:
        raise ValueError("a network cached in another format")  # rebuilt by the cache
    nodes = {
        n: {"label": label, "type": etype, "members": tuple(members), "curated": curated}
        for n, label, etype, members, curated in data["nodes"]
    }
    statements, ends = data["statements"], data["ends"]
    if isinstance(statements, dict):  # packed (a pickled cache), else plain (JSON)
        statements = unpack_bytes(statements)
        ends = PackedEnds(
            list(nodes), unpack_ints(ends["u"]), unpack_ints(ends["v"]), unpack_bytes(ends["keys"])
        )

    def make(p: int) -> dict:
        d = _CachedStatement()
        d._plain = statements[p]
        return d

    g = StoredGraph(ends, unpack_rows(data["out"]), unpack_rows(data["into"]), make, nodes)
    g.graph.update(data["graph"])
    g.graph["denied"] = [statement_from_plain(row) for row in data["denied"]]
    g.graph["edge_lists"] = edges.decode(data["lists"], g.entry)
    g.graph["signed_base"] = signed.decode_base(data["signed"], g.data)
    return g


def denied_between(g: Network, source: str, target: str) -> list[Statement]:
    """The statements from ``source`` to ``target`` that the text denies, by id."""
    return sorted(
        (st for st in g.graph.get("denied", ()) if st.subject == source and st.object == target),
        key=lambda st: st.id,
    )


def statements_between(g: Network, source: str, target: str) -> list[Statement]:
    """The statements whose subject is ``source`` and object ``target``, by id."""
    if not g.has_edge(source, target):
        return []
    return [d["statement"] for _, d in sorted(g.get_edge_data(source, target).items())]
