"""The network view (curated, imported or merged) out to the ecosystem's formats, one
module per format; ``export(g, FORMAT)`` picks the module."""

from __future__ import annotations

import importlib

import networkx as nx

from mechgraph.model import Statement

WRITERS = {
    "sif": ("mechgraph.io.sif", "to_sif"),
    "edges-tsv": ("mechgraph.io.sif", "to_edges_tsv"),
    "nodes-tsv": ("mechgraph.io.sif", "to_nodes_tsv"),
    "graphml": ("mechgraph.io.graphml", "network_to_graphml"),
    "nodelink": ("mechgraph.io.nodelink", "to_nodelink"),
    "bel": ("mechgraph.io.bel", "to_bel"),
    "cx2": ("mechgraph.io.cx2", "to_cx2"),
}


def export(g: nx.MultiDiGraph, fmt: str) -> str:
    module, name = WRITERS[fmt]
    return getattr(importlib.import_module(module), name)(g)


def statements(g: nx.MultiDiGraph) -> list[Statement]:
    """Every statement of the network, in a stable order."""
    return [d["statement"] for _, _, _, d in sorted(g.edges(keys=True, data=True),
                                                     key=lambda e: (e[0], e[1], e[2]))]


def signed_edges(g: nx.MultiDiGraph) -> set[tuple[str, int, str]]:
    """(subject, sign, object) of every signed statement: what a round trip must keep."""
    return {(st.subject, st.sign, st.object) for st in statements(g) if st.sign is not None}
