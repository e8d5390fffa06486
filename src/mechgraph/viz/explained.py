"""The explain page: the paths of an explanation laid out left to right, from source to
target, in layers by step, one band per stratum (short-term above, long-term below),
titled with the verdict sentence. The deciding paths are drawn strong; the dissent paler;
paths not counted and paths a co-therapy blocks are dimmed and dashed, the co-therapy
drawn beside the entity it acts on.
"""

from __future__ import annotations

import networkx as nx

from mechgraph.reasoning.verdict import BIDIRECTIONAL, Stratum, background_dissent
from mechgraph.render.summary import shown_paths, stratum_name, stratum_phrase
from mechgraph.store import Store
from mechgraph.viz.data import TYPE_STYLE, View, _edge, _identifiers, _node

COLUMN = 185  # px between layers
ROW = 100  # px between entities of a layer
BAND_GAP = 130  # px between bands (room for the band title)
ROWS = 4  # rows of a band beyond which the dissent and the paths not counted are not drawn
SHOWN = 3  # paths of a deciding side drawn per band
DISSENT = 1  # paths of the dissent drawn per band (the stratum's own dissent first)
UNCOUNTED = 1  # paths not counted drawn per band
SIDE_COLOUR = {1: "#2c7bb6", -1: "#e66101"}  # paths that increase / decrease the target
MUTED = "#9a9a9a"
AGENT_COLOUR = "#6a3d9a"
ROLES = {"deciding": 1.0, "dissent": 0.45, "not counted": 0.3, "blocked": 0.3}
WIDTH = {"deciding": 3.5, "dissent": 2.5, "not counted": 1.5, "blocked": 2.0, "co-therapy": 3.0}


def _band_paths(s: Stratum, g) -> list[tuple[object, str]]:
    """(path, role) for a band: the deciding side's paths (those its title names first,
    one per mechanism), then the dissent."""
    out: list[tuple[object, str]] = []
    if s.verdict == BIDIRECTIONAL:
        out += [(p, "deciding") for p in shown_paths(s.up, g)[: SHOWN // 2 + 1]]
        out += [(p, "deciding") for p in shown_paths(s.down, g)[: SHOWN // 2 + 1]]
        return out
    win = s.winner
    if win is not None:
        out += [(p, "deciding") for p in shown_paths(win, g)[:SHOWN]]
    dissent = [d for d in (s.dissent, background_dissent(s)) if d is not None]
    out += [(p, "dissent") for d in dissent for p in d.paths[:1]][:DISSENT]
    return out


def _layers(paths: list, source: str, target: str) -> dict[str, int]:
    """Longest-path layers over the band's steps, cycles broken by rank order; the target
    is put in the last layer."""
    dag = nx.DiGraph()
    dag.add_node(source)
    for p in paths:
        for a, b in zip(p.nodes, p.nodes[1:], strict=False):
            if a == b or dag.has_edge(a, b):
                continue
            if b in dag and a in dag and nx.has_path(dag, b, a):
                continue
            dag.add_edge(a, b)
    layer = {n: 0 for n in dag}
    for n in nx.topological_sort(dag):
        for m in dag.successors(n):
            layer[m] = max(layer[m], layer[n] + 1)
    last = max(layer.values(), default=0)
    layer[target] = max(last, 1)
    layer[source] = 0
    return layer


LABEL_INSIDE = ("box", "ellipse", "circle", "database", "text")  # shapes that hold their label
LINE = 14  # characters of a 20 px label in one line of its column


def _tall(g, n: str) -> bool:
    """The entity's label is drawn under its shape and wraps: it needs the row below too."""
    shape = TYPE_STYLE.get(g.nodes[n]["type"], ("ellipse",))[0]
    return shape not in LABEL_INSIDE and len(g.nodes[n]["label"]) > LINE


def _lanes(paths: list, layer: dict[str, int], source: str, target: str, g) -> dict[str, int]:
    """A lane (row) per path for the entities it brings in: the best path on the first
    lane with the source and the target, each further path below, so its steps do not run
    through another path's entities. An entity whose label hangs under its shape in two
    lines keeps the row below free."""
    row = {source: 0, target: 0}
    taken = {(layer[source], 0), (layer[target], 0)}
    for n in (source, target):
        if _tall(g, n):
            taken.add((layer[n], 1))
    lane = 0
    for p in paths:
        new = [n for n in p.nodes if n not in row]
        if not new:
            continue
        for n in new:
            r = lane
            while (layer[n], r) in taken or (_tall(g, n) and (layer[n], r + 1) in taken):
                r += 1
            row[n] = r
            taken.add((layer[n], r))
            if _tall(g, n):
                taken.add((layer[n], r + 1))
        lane = max(row.values()) + 1
    return row


def explain_view(ex, store: Store) -> View:
    """The explanation as a layered drawing, one band per stratum."""
    g = ex.graph
    ids = _identifiers(store)
    src, tgt = g.nodes[ex.source]["label"], g.nodes[ex.target]["label"]
    strata = ex.strata or ([ex.whole] if ex.whole and ex.whole.verdict != "no known effect" else [])
    blocked = {}
    for c in ex.cotherapy:
        for e in c.effects:
            if e.effect == "blocks":
                blocked[(e.stratum, id(e.path))] = (c, e)
    view = View(f"What does {src} do to {tgt}? {ex.verdict.upper()}: {ex.reason}")
    view.mode = "explain"
    top = 0.0
    edges: dict[tuple, dict] = {}
    for band_no, s in enumerate(strata or [None]):
        band = f"b{band_no}"
        if s is None:
            chosen = [(p, "not counted") for p in [u.path for u in ex.uncounted][: UNCOUNTED * 2]]
            title = f"{src} → {tgt}: {ex.reason}"
        else:
            chosen = _band_paths(s, g)
            chosen += [
                (u.path, "not counted")
                for u in ex.uncounted
                if u.scope == s.value or (u.scope is None and u.path.timeframe in (s.value, None))
            ][:UNCOUNTED]
            title = f"{stratum_name(s)}: {s.verdict.upper()} — {stratum_phrase(s, g)}"
        chosen = [
            (p, "blocked" if s is not None and (s.value, id(p)) in blocked else role) for p, role in chosen
        ]
        if not chosen:
            continue
        keep = sum(1 for _, role in chosen if role in ("deciding", "blocked")) or 1
        while True:  # the dissent and the paths not counted give way where a band is full
            layer = _layers([p for p, _ in chosen], ex.source, ex.target)
            row = _lanes([p for p, _ in chosen], layer, ex.source, ex.target, g)
            if len(chosen) <= keep or max(row.values()) < ROWS:
                break
            chosen = chosen[:-1]
        agents: dict[tuple[str, str], object] = {}
        for p, role in chosen:
            if role == "blocked":
                c, e = blocked[(s.value, id(p))]
                agents.setdefault((c.agent, e.action.node), e)
        height = max(row.values()) + 1 + (1 if agents else 0)
        for n in sorted(row, key=lambda n: (layer[n], row[n], n)):
            view.nodes.append(
                _node(
                    g,
                    n,
                    ids,
                    id=f"{band}|{n}",
                    entity=n,
                    focus=n in (ex.source, ex.target),
                    band=band,
                    x=layer[n] * COLUMN,
                    y=round(top + row[n] * ROW, 1),
                )
            )
        for i, (agent, node) in enumerate(agents):
            view.nodes.append(
                _node(
                    g,
                    agent,
                    ids,
                    id=f"{band}|agent|{agent}|{node}",
                    entity=agent,
                    band=band,
                    agent=True,
                    x=layer[node] * COLUMN - COLUMN / 2,
                    y=round(top + (height - 1) * ROW + i * 20, 1),
                )
            )
        for p, role in chosen:
            sign = p.sign
            colour = SIDE_COLOUR[sign] if role in ("deciding", "dissent") else MUTED
            stop = None
            if role == "blocked":
                stop = blocked[(s.value, id(p))][1].action.node
            for h in p.hops:
                relation = h.hierarchy or h.relation
                key = (band, h.source, h.target, relation, sign)
                mine = ROLES[role]
                if key in edges:
                    if mine > edges[key]["opacity"]:  # the strongest role is drawn
                        edges[key].update(
                            opacity=mine,
                            role=role,
                            color=colour,
                            width=WIDTH[role],
                            dashes=False if role not in ("not counted", "blocked") else [4, 4],
                        )
                    continue
                step_sign = None if h.inherited and not h.statements else h.sign
                edge = _edge(
                    f"{band}|{h.source}",
                    f"{band}|{h.target}",
                    step_sign,
                    relation,
                    list(h.statements),
                    colour=colour,
                    net=sign,
                    band=band,
                    role=role,
                    opacity=mine,
                )
                edge["id"] = f"{band}|{h.source}|{relation}|{h.target}|{sign}"
                edge["width"] = WIDTH[role]
                span = layer[h.target] - layer[h.source]
                if span != 1 and row[h.source] == row[h.target]:
                    # along a lane, an arrow that skips a layer arcs over what lies between
                    edge["smooth"] = {"enabled": True, "type": "curvedCCW", "roundness": 0.2}
                if role in ("not counted", "blocked"):
                    edge["dashes"] = [4, 4]
                if role == "blocked" and h.target == stop:
                    edge["label"] = "✕ blocked"
                edges[key] = edge
        for (agent, node), e in agents.items():
            edge = _edge(
                f"{band}|agent|{agent}|{node}",
                f"{band}|{node}",
                e.action.sign,
                f"co-therapy {'decreases' if e.action.sign < 0 else 'increases'}",
                [st for h in e.action.path.hops for st in h.statements],
                colour=AGENT_COLOUR,
                band=band,
                role="co-therapy",
                opacity=1.0,
            )
            edge["id"] = f"{band}|agent|{agent}|{node}"
            edge["width"] = WIDTH["co-therapy"]
            edges[(band, "agent", agent, node)] = edge
        view.bands.append(
            {
                "id": band,
                "title": title,
                "top": top - BAND_GAP * 0.6,
                "height": height * ROW + BAND_GAP * 0.2,
                "width": (max(layer.values()) + 1) * COLUMN,
                "value": None if s is None else s.value,
                "verdict": None if s is None else s.verdict,
            }
        )
        top += height * ROW + BAND_GAP
    view.edges = [edges[k] for k in sorted(edges, key=lambda k: tuple(map(str, k)))]
    view.groups = [
        {"id": i, "name": name, "color": colour, "paths": None}
        for i, (name, colour) in enumerate(
            [
                (f"paths that increase {tgt}", SIDE_COLOUR[1]),
                (f"paths that decrease {tgt}", SIDE_COLOUR[-1]),
                ("not counted, or blocked by a co-therapy (dimmed, dashed)", MUTED),
                ("co-therapy acting on a path", AGENT_COLOUR),
            ]
        )
    ]
    view.layout_precomputed = True
    return view
