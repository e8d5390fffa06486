"""The whole-graph page opens on a readable overview: the entities grouped into mechanism
modules (communities of the signed network: the osteoclast module, the T cell module, the
trials…), each drawn as one labelled box named after its most connected entities, with
arrows between modules. A click opens a module, laid out in advance around its place, and
a click on an entity shows its evidence; the search box opens the module of what it finds.
Deterministic: the same graph gives the same modules and positions on every run.
"""

from __future__ import annotations

import math

import networkx as nx

from mechgraph.viz.data import View

OVERVIEW_MIN = 60  # entities above which the whole graph opens on its modules
SMALLEST = 3  # modules smaller than this join "other"
CELL_W, CELL_H = 190, 75  # px per entity of an open module: a label's room (at least)
CHAR_W = 8  # px per character of a 14 px label, a little more than most take
ASPECT = 1.4  # width / height of an open module, about a screen's
MODULE_COLOURS = (
    "#deebf7",
    "#e5f5e0",
    "#fee6ce",
    "#efedf5",
    "#fde0dd",
    "#f7fcb9",
    "#e0f3f8",
    "#fff7bc",
    "#f2f0f7",
    "#edf8e9",
)


def modules(view: View) -> tuple[list[list[str]], list[str]]:
    """Communities of the drawn graph (Louvain, fixed seed), largest first, and the
    entities of the small ones together."""
    g = nx.Graph()
    g.add_nodes_from(sorted(n["id"] for n in view.nodes))
    g.add_edges_from(sorted((e["from"], e["to"]) for e in view.edges if e["from"] != e["to"]))
    found = nx.community.louvain_communities(g, seed=7)
    big = sorted((sorted(c) for c in found if len(c) >= SMALLEST), key=lambda c: (-len(c), c))
    rest = sorted(n for c in found if len(c) < SMALLEST for n in c)
    return big, rest


def cell_width(labels: list[str]) -> float:
    """A grid cell wide enough for the longest label of a module (14 px text)."""
    return max(CELL_W, CHAR_W * max((len(x) for x in labels), default=0) + 30)


def grid(
    members: list[str], g: nx.Graph, width: float = CELL_W
) -> tuple[dict[str, tuple[float, float]], float]:
    """Positions around (0, 0) on a grid shaped like a screen, in breadth-first order from
    the most connected entity (neighbours stay close), each cell ``width`` wide, room for a
    label; and the half-width of the block. Pure Python, so the same everywhere."""
    sub = g.subgraph(members)
    order: list[str] = []
    for start in sorted(members, key=lambda n: (-sub.degree(n), n)):
        if start in order:
            continue
        for n in nx.bfs_tree(
            sub, start, sort_neighbors=lambda ns: sorted(ns, key=lambda m: (-sub.degree(m), m))
        ):
            if n not in order:
                order.append(n)
    columns = max(1, round(math.sqrt(len(order) * ASPECT * CELL_H / width)))
    rows = math.ceil(len(order) / columns)
    position = {}
    for i, n in enumerate(order):
        row, col = divmod(i, columns)
        if row % 2:  # snake, so the order runs on from one row to the next
            col = columns - 1 - col
        position[n] = ((col - (columns - 1) / 2) * width, (row - (rows - 1) / 2) * CELL_H)
    return position, max(columns * width, rows * CELL_H) / 2


def lay_out_modules(view: View) -> None:
    """Give every node its module and a position: modules on a grid, each module's
    entities on a grid of its own around its centre; physics off."""
    big, rest = modules(view)
    parts = big + ([rest] if rest else [])
    labels = {n["id"]: n["label"] for n in view.nodes}
    g = nx.Graph()
    g.add_nodes_from(labels)
    g.add_edges_from((e["from"], e["to"]) for e in view.edges if e["from"] != e["to"])
    laid = [grid(members, g, cell_width([labels[n] for n in members])) for members in parts]
    columns = max(1, math.ceil(math.sqrt(len(parts) * 1.4)))
    cell = 2 * max(radius for _, radius in laid) + 2 * CELL_W
    font = round(max(30, cell / 14))  # the module boxes stay legible with the whole grid in view
    position: dict[str, tuple[float, float]] = {}
    module_of: dict[str, int] = {}
    view.modules = []
    for i, (members, (around, _)) in enumerate(zip(parts, laid, strict=True)):
        cx, cy = (i % columns) * cell, (i // columns) * cell
        for n in members:
            x, y = around[n]
            position[n] = (round(cx + x, 1), round(cy + y, 1))
            module_of[n] = i
        hubs = sorted(members, key=lambda n: (-g.subgraph(members).degree(n), labels[n]))[:3]
        name = " · ".join(labels[n] for n in hubs) + (" …" if len(members) > 3 else "")
        if rest and i == len(parts) - 1:
            name = "small groups: " + name
        view.modules.append(
            {
                "id": i,
                "label": name,
                "size": len(members),
                "x": cx,
                "y": cy,
                "font": font,
                "width": round(cell * 0.8),
                "color": MODULE_COLOURS[i % len(MODULE_COLOURS)],
                "members": members,
            }
        )
    for n in view.nodes:
        n["x"], n["y"] = position[n["id"]]
        n["module"] = module_of[n["id"]]
    view.mode = "overview"
    view.layout_precomputed = True
