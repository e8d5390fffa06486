"""TF regulons ``tf, target, mor`` (DoRothEA ``dorothea_hs`` and ``entire_database``,
CollecTRI): transcription factor → target gene, signed by the mode of regulation.

``mor`` 1 → increases, -1 → decreases, 0 → regulates (DoRothEA's full table says 0 where
no evidence gives a sign: kept, unsigned, never chained by the path finder). Symbols
normalised by SignalingProfiler (``NKX2_5``) are read back with ``-``; the pseudo-TFs
``AP1`` and ``NFKB`` become the FamPlex families ``fplx:AP1`` and ``fplx:NFkappaB``.
PubMed ids (``pubmed_id``, comma-separated, sometimes ``pubmed:N|imex:…``) become evidence.
The tables are human: the species is not repeated on a million statements. The confidence
level and the lines of evidence (``which_chip_seq``… of DoRothEA's full table) are the
evidence's, one ``Evidence`` for each distinct combination with the PubMed ids.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import replace
from hashlib import blake2b

from mechgraph.importers.common import (
    DATABASE,
    Item,
    Met,
    Skip,
    TrackedFile,
    pubmed_iris,
    split_ids,
    symbol_curie,
)
from mechgraph.model import Entity, Evidence, Statement

SIGNS = {1: "increases", -1: "decreases", 0: "regulates"}
FAMILIES = {"AP1": ("fplx:AP1", "AP1"), "NFKB": ("fplx:NFkappaB", "NFkappaB")}
_EVIDENCE = ("chip_seq", "curated", "inferred", "tfbs")


def regulon_entity(name: str) -> Entity | None:
    name = name.strip()
    if name in FAMILIES:
        curie, label = FAMILIES[name]
        return Entity(curie, label, "protein_family")
    curie = symbol_curie(name.replace("_", "-"))
    return Entity(curie, name.replace("_", "-"), "protein") if curie else None


def read(tracked: TrackedFile, *, source: str = "regulons", **_: object) -> Iterator[Item]:
    reader = csv.reader(tracked.text, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header is None:
        return
    index = {name.strip().lower(): i for i, name in enumerate(header)}
    missing = [c for c in ("tf", "target", "mor") if c not in index]
    if missing:
        yield Skip(1, "unrecognised layout", f"missing columns {', '.join(missing)}")
        return
    i_tf, i_target, i_mor = index["tf"], index["target"], index["mor"]
    i_conf, i_pmid = index.get("confidence"), index.get("pubmed_id")
    which = [(f"{name}: ", index[f"which_{name}"]) for name in _EVIDENCE if f"which_{name}" in index]
    width = len(header)
    file = tracked.text.name
    nodes: dict[str, Entity | None] = {}  # symbols repeat a million times: build each once
    unmet: set[str] = set()  # names whose entity is built and not yet given
    met = Met()
    # a million rows share a few thousand evidence records: each built once
    evidence: dict[tuple, tuple[Evidence]] = {}
    for line, cells in enumerate(reader, start=2):
        if len(cells) != width:
            yield Skip(line, "wrong number of columns", f"{len(cells)} instead of {width}")
            continue
        try:
            mor = int(float(cells[i_mor]))
        except ValueError:
            yield Skip(line, "unknown sign", cells[i_mor])
            continue
        relation = SIGNS.get(max(-1, min(1, mor)))
        tf, target = cells[i_tf], cells[i_target]
        for name in (tf, target):
            if name not in nodes:
                nodes[name] = regulon_entity(name)
                unmet.add(name)
        a, b = nodes[tf], nodes[target]
        if a is None or b is None:
            bad = tf if a is None else target
            yield Skip(line, "missing identifier" if not bad.strip() else "unrecognised identifier", bad)
            continue
        where = f"{file}:{line}"
        if unmet and (tf in unmet or target in unmet):  # a name met for the first time
            for name, e in ((tf, a), (target, b)):
                if name in unmet:
                    unmet.discard(name)
                    if met.first(e):
                        yield replace(e, origin=where)
        lines = "; ".join([name + cells[i] for name, i in which if cells[i] not in ("none", "")])
        pmid_cell = cells[i_pmid] if i_pmid is not None else ""
        confidence = (cells[i_conf] or None) if i_conf is not None else None
        ev_key = (pmid_cell, confidence, lines)
        ev = evidence.get(ev_key)
        if ev is None:
            ev = evidence[ev_key] = (
                Evidence(
                    source,
                    DATABASE,
                    dois=pubmed_iris(split_ids(pmid_cell)),
                    confidence=confidence,
                    evidence_lines=lines or None,
                ),
            )
        key = f"regulon\x1f{tf}\x1f{target}\x1f{mor}"
        yield Statement(
            a.id,
            relation,
            b.id,
            evidence=ev,
            source=source,
            stored_id=f"{source}-{blake2b(key.encode(), digest_size=8).hexdigest()}",  # record_id, inline
            origin=where,
        )
