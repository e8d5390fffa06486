"""The network as SIF (``source interaction target``, interaction 1 / -1, as OmniPath and
CARNIVAL write it: one line per signed pair) and as node and edge tables for Cytoscape
(one row per statement, with its relation, sign, source and evidence)."""

from __future__ import annotations

import csv
import io

import networkx as nx

from mechgraph.io.exporters import statements

EDGE_COLUMNS = ("statement_id", "source", "target", "relation", "sign", "direct", "origin",
                "evidence_kinds", "references", "context")
NODE_COLUMNS = ("id", "label", "type")


def to_sif(g: nx.MultiDiGraph) -> str:
    """Signed statements only (SIF has no place for an unsigned relation's meaning)."""
    lines = sorted({(st.subject, st.sign, st.object) for st in statements(g)
                    if st.sign is not None})
    return "source\tinteraction\ttarget\n" + "".join(f"{s}\t{sign}\t{o}\n" for s, sign, o in lines)


def read_sif(text: str) -> set[tuple[str, int, str]]:
    rows = csv.reader(io.StringIO(text), delimiter="\t")
    next(rows, None)
    return {(a, int(sign), b) for a, sign, b in rows}


def _table(columns: tuple[str, ...], rows: list[dict[str, object]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, columns, delimiter="\t", lineterminator="\n",
                            quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def to_edges_tsv(g: nx.MultiDiGraph) -> str:
    rows = []
    for st in statements(g):
        rows.append({
            "statement_id": st.id, "source": st.subject, "target": st.object,
            "relation": st.relation, "sign": "" if st.sign is None else st.sign,
            "direct": str(st.direct).lower(), "origin": st.source,
            "evidence_kinds": "|".join(sorted({e.kind for e in st.evidence})),
            "references": "|".join(sorted({d for e in st.evidence for d in e.dois})),
            "context": ";".join(f"{k}={v}" for k, v in st.context)})
    return _table(EDGE_COLUMNS, rows)


def to_nodes_tsv(g: nx.MultiDiGraph) -> str:
    return _table(NODE_COLUMNS, [{"id": n, "label": d.get("label", n), "type": d.get("type", "")}
                                 for n, d in sorted(g.nodes(data=True))])


def read_edges_tsv(text: str) -> set[tuple[str, int, str]]:
    rows = csv.DictReader(io.StringIO(text), delimiter="\t")
    return {(r["source"], int(r["sign"]), r["target"]) for r in rows if r["sign"]}
