"""Simple signed edge lists (SIF): OmniPath/CARNIVAL ``source interaction target`` and the
COSMOS meta-network, tab- or space-separated, with or without a header.

A node that looks like a gene symbol becomes ``hgnc.symbol:NAME``. Anything else (an
OmniPath complex ``CHUK_IKBKB_IKBKG``, a COSMOS metabolite ``Metab__HMDB0000220_c``
or reaction node ``Gene1__…``) is kept as a node local to the source, ``SOURCE.local:NAME``,
typed complex, chemical or protein; it never merges with another source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mechgraph.importers.common import Edge, Item, Node, Skip, TrackedFile, record_key, symbol_curie

SIGNS = {
    "1": "increases",
    "+1": "increases",
    "+": "increases",
    "activation": "increases",
    "-1": "decreases",
    "-": "decreases",
    "inhibition": "decreases",
}
_HEADER = {"source", "interaction", "target"}


def sif_node(name: str, source: str) -> Node:
    curie = symbol_curie(name)
    if curie is not None:
        return Node(curie, name, "protein", ())
    if name.startswith("Metab__"):
        etype = "chemical"
    elif "_" in name and not name.startswith("Gene") and all(symbol_curie(p) for p in name.split("_")):
        etype = "complex"
    else:
        etype = "protein"
    return Node(f"{source}.local:{name}", name, etype, ())


def read(tracked: TrackedFile, *, source: str = "sif", **_: object) -> Iterator[Item]:
    """Edges of a SIF file. Its first row (after a header) must be an edge: a file that
    opens with anything else (prose, a Markdown table) is not SIF and is refused whole."""
    first = True
    for line, text in enumerate(tracked.text, start=1):
        text = text.strip()
        if not text or text.startswith("#"):
            continue
        cells = re.split(r"\t" if "\t" in text else r"\s+", text)
        if line == 1 and {c.strip().lower() for c in cells} >= _HEADER:
            continue
        item = _edge(cells, line, source)
        if first and isinstance(item, Skip):
            yield Skip(
                line,
                "unrecognised layout",
                f"its first row is not `source interaction target` ({item.reason}: {item.detail})",
            )
            return
        first = False
        yield item


def _edge(cells: list[str], line: int, source: str) -> Item:
    if len(cells) != 3:
        return Skip(line, "wrong number of columns", f"{len(cells)} instead of 3")
    a, sign, b = (c.strip() for c in cells)
    if not a or not b:
        return Skip(line, "missing identifier")
    relation = SIGNS.get(sign.lower())
    if relation is None:
        return Skip(line, "unknown sign", sign)
    return Edge(
        sif_node(a, source), sif_node(b, source), relation, False, line, record_key("sif", a, relation, b)
    )
