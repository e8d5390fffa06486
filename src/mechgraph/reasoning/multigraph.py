"""A directed multigraph with networkx's reading interface, for the reasoning's hot path.

The reasoning reads the network through a small part of networkx's ``MultiDiGraph`` API:
``g.graph``, ``g.nodes[n]``, ``g.nodes(data=True)``, ``g.edges(keys=True, data=...)``,
``g.edges[u, v, k]``, ``g.out_edges`` / ``g.in_edges``, ``has_edge``, ``get_edge_data``,
``degree`` and ``n in g``. ``StatementGraph`` gives exactly that, in networkx's iteration
order, so every reasoning function takes either it or a networkx ``MultiDiGraph`` and
answers the same. Importing networkx costs more than a whole ``mechgraph explain`` on the
shipped graph, so the command line reads this class; ``to_networkx()`` gives the same graph
for the rest of the networkx toolbox (``mechgraph.load_network`` returns that).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    import networkx as nx

Network: TypeAlias = "StatementGraph | nx.MultiDiGraph"  # what the reasoning functions take

Node = Hashable


class StatementGraph:
    """Nodes with attribute dicts; edges keyed (u, v, key), each with an attribute dict."""

    def __init__(self) -> None:
        self.graph: dict[str, Any] = {}
        self._node: dict[Node, dict[str, Any]] = {}
        self._succ: dict[Node, dict[Node, dict[Any, dict[str, Any]]]] = {}
        self._pred: dict[Node, dict[Node, dict[Any, dict[str, Any]]]] = {}

    # --- building ---------------------------------------------------------------------
    def add_node(self, n: Node, **attrs: Any) -> None:
        if n not in self._node:
            self._node[n] = {}
            self._succ[n] = {}
            self._pred[n] = {}
        self._node[n].update(attrs)

    def add_edge(self, u: Node, v: Node, key: Any = None, **attrs: Any) -> Any:
        for n in (u, v):
            if n not in self._node:
                self.add_node(n)
        keyed = self._succ[u].setdefault(v, {})
        if key is None:
            key = len(keyed)
            while key in keyed:
                key += 1
        data = keyed.get(key)
        if data is None:
            data = keyed[key] = {}
            self._pred[v].setdefault(u, {})[key] = data
        data.update(attrs)
        return key

    def add_keyed_edges(self, edges: Iterable[tuple[Node, Node, Any, dict[str, Any]]]) -> None:
        """Edges (u, v, key, attributes) added as ``add_edge`` adds each, in one pass: half
        a million statements of an imported network cost a third of the time."""
        nodes, succ, pred = self._node, self._succ, self._pred
        for u, v, key, attrs in edges:
            if u not in nodes:
                self.add_node(u)
            if v not in nodes:
                self.add_node(v)
            keyed = succ[u].get(v)
            if keyed is None:
                keyed = succ[u][v] = {}
            data = keyed.get(key)
            if data is None:
                keyed[key] = data = {}
                back = pred[v].get(u)
                if back is None:
                    back = pred[v][u] = {}
                back[key] = data
            data.update(attrs)

    # --- reading, as networkx reads ---------------------------------------------------
    def __contains__(self, n: object) -> bool:
        try:
            return n in self._node
        except TypeError:
            return False

    def __iter__(self) -> Iterator[Node]:
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def has_node(self, n: Node) -> bool:
        return n in self

    def number_of_nodes(self) -> int:
        return len(self._node)

    def number_of_edges(self) -> int:
        return sum(len(kd) for nbrs in self._succ.values() for kd in nbrs.values())

    @property
    def nodes(self) -> _Nodes:
        return _Nodes(self._node)

    @property
    def edges(self) -> _Edges:
        return _Edges(self)

    def out_edges(
        self, nbunch: Any = None, keys: bool = False, data: Any = False, default: Any = None
    ) -> Iterator[tuple]:
        return self._edges(self._succ, nbunch, keys, data, default, reverse=False)

    def in_edges(
        self, nbunch: Any = None, keys: bool = False, data: Any = False, default: Any = None
    ) -> Iterator[tuple]:
        return self._edges(self._pred, nbunch, keys, data, default, reverse=True)

    def successors(self, n: Node) -> Iterator[Node]:
        return iter(self._succ[n])

    def predecessors(self, n: Node) -> Iterator[Node]:
        return iter(self._pred[n])

    def has_edge(self, u: Node, v: Node, key: Any = None) -> bool:
        keyed = self._succ.get(u, {}).get(v)
        return keyed is not None and (key is None or key in keyed)

    def get_edge_data(self, u: Node, v: Node, key: Any = None, default: Any = None) -> Any:
        keyed = self._succ.get(u, {}).get(v)
        if keyed is None:
            return default
        return keyed if key is None else keyed.get(key, default)

    def degree(self, n: Node) -> int:
        """Edges in and out of ``n`` (a loop counts twice, as in networkx)."""
        return sum(len(kd) for kd in self._succ[n].values()) + sum(len(kd) for kd in self._pred[n].values())

    def to_networkx(self) -> Any:
        """The same graph as a networkx MultiDiGraph (nodes, edges and keys in order)."""
        import networkx as nx

        g = nx.MultiDiGraph()
        g.graph.update(self.graph)
        g.add_nodes_from(self._node.items())
        g.add_edges_from(
            (u, v, k, _readable(d))
            for u, nbrs in self._succ.items()
            for v, kd in nbrs.items()
            for k, d in kd.items()
        )
        return g

    def _edges(
        self, adjacency: dict, nbunch: Any, keys: bool, data: Any, default: Any, *, reverse: bool
    ) -> Iterator[tuple]:
        if nbunch is None:
            starts: Iterable[Node] = adjacency
        elif nbunch in self:
            starts = (nbunch,)
        else:
            starts = [n for n in nbunch if n in self._node]
        for n in starts:
            for nbr, keyed in adjacency[n].items():
                u, v = (nbr, n) if reverse else (n, nbr)
                for k, d in keyed.items():
                    yield _edge(u, v, k, d, keys, data, default)


def _readable(d: dict) -> dict:
    """A copy of an edge's attributes with its statement as it reads (data read from a
    cache holds it undecoded until asked for)."""
    out = dict(d)
    st = d.get("statement")
    if st is not None:
        out["statement"] = st
    return out


def _edge(u: Node, v: Node, k: Any, d: dict, keys: bool, data: Any, default: Any) -> tuple:
    if data is False:
        return (u, v, k) if keys else (u, v)
    value = d if data is True else d.get(data, default)
    return (u, v, k, value) if keys else (u, v, value)


class _Nodes:
    """``g.nodes``: ``g.nodes[n]`` is n's attributes; ``g.nodes(data=True)`` iterates."""

    __slots__ = ("_node",)

    def __init__(self, node: dict) -> None:
        self._node = node

    def __getitem__(self, n: Node) -> dict[str, Any]:
        return self._node[n]

    def __iter__(self) -> Iterator[Node]:
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def __contains__(self, n: object) -> bool:
        return n in self._node

    def __call__(self, data: Any = False, default: Any = None) -> Iterator:
        if data is False:
            return iter(self._node)
        if data is True:
            return iter(self._node.items())
        return ((n, d.get(data, default)) for n, d in self._node.items())


class _Edges:
    """``g.edges``: ``g.edges[u, v, k]`` is that edge's attributes; ``g.edges(...)``
    iterates as ``out_edges``; iterating it gives (u, v, key)."""

    __slots__ = ("_g",)

    def __init__(self, g: StatementGraph) -> None:
        self._g = g

    def __getitem__(self, uvk: tuple) -> dict[str, Any]:
        u, v, k = uvk
        return self._g._succ[u][v][k]

    def __iter__(self) -> Iterator[tuple]:
        return self._g.out_edges(keys=True)

    def __len__(self) -> int:
        return self._g.number_of_edges()

    def __call__(
        self, nbunch: Any = None, data: Any = False, keys: bool = False, default: Any = None
    ) -> Iterator[tuple]:
        return self._g.out_edges(nbunch, keys=keys, data=data, default=default)
