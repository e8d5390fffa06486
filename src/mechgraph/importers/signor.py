"""SIGNOR's own exports: the all-data table (26 or 28 columns, tab- or ``;``-separated,
quoted cells), the pathway export (31 lower-case columns), causalTab (PSI-MITAB 2.8 with
causal columns) and the complex list (``SIGNOR ID;COMPLEX NAME;LIST OF ENTITIES``).

The layout is told from the first line. Effects become relations: ``up-regulates…`` →
increases, ``down-regulates…`` → decreases, ``unknown`` → regulates (unsigned), ``form
complex`` → binds (unsigned); anything else is skipped as ``unknown effect``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from mechgraph.importers.common import (
    SPECIES,
    Edge,
    Item,
    Node,
    Skip,
    TrackedFile,
    record_key,
    split_ids,
    symbol_curie,
)

ALL_DATA = (
    "entitya",
    "typea",
    "ida",
    "databasea",
    "entityb",
    "typeb",
    "idb",
    "databaseb",
    "effect",
    "mechanism",
    "residue",
    "sequence",
    "tax_id",
    "cell_data",
    "tissue_data",
    "modulator_complex",
    "target_complex",
    "modificationa",
    "modaseq",
    "modificationb",
    "modbseq",
    "pmid",
    "direct",
    "notes",
    "annotator",
    "sentence",
    "score",
    "signor_id",
)
TYPES = {
    "protein": "protein",
    "complex": "complex",
    "proteinfamily": "protein_family",
    "phenotype": "phenotype",
    "chemical": "chemical",
    "smallmolecule": "chemical",
    "drug": "chemical",
    "antibody": "drug",
    "mirna": "rna",
    "ncrna": "rna",
    "stimulus": "biological_process",
    "fusion protein": "protein",
}
_UNIPROT = re.compile(r"^[OPQ][0-9][A-Z0-9]{3}[0-9]|^[A-NR-Z][0-9]([A-Z][A-Z0-9]{2}[0-9]){1,2}")
TRUE = {"yes", "t", "true", "1"}
REQUIRED = ("entitya", "typea", "ida", "entityb", "typeb", "idb", "effect")


def effect_relation(effect: str) -> str | None:
    """SIGNOR's EFFECT text → the relation it states (None: not a known effect)."""
    text = effect.strip().lower()
    if text.startswith("up-regulates"):
        return "increases"
    if text.startswith("down-regulates"):
        return "decreases"
    return {"unknown": "regulates", "form complex": "binds"}.get(text)


def signor_curie(ident: str, database: str = "") -> str | None:
    """A SIGNOR identifier as a Bioregistry CURIE (None when it is not one SIGNOR uses)."""
    ident = ident.strip()
    db = database.strip().upper()
    if not ident:
        return None
    upper = ident.upper()
    if upper.startswith("CHEBI:"):
        return "chebi:" + ident.split(":", 1)[1]
    if upper.startswith("CID:"):
        return "pubchem.compound:" + ident.split(":", 1)[1]
    if upper.startswith("SID:"):
        return "pubchem.substance:" + ident.split(":", 1)[1]
    if upper.startswith("SIGNOR-"):
        return "signor:" + upper
    if upper.startswith("URS"):
        return "rnacentral:" + ident
    if db.startswith("DRUGBANK") or re.fullmatch(r"DB\d{5}", upper):
        return "drugbank:" + ident
    if db.startswith("UNIPROT") or _UNIPROT.match(ident):
        return "uniprot:" + ident
    return None


def signor_node(
    name: str, typ: str, ident: str, database: str, *, human: bool, symbol: str | None = None
) -> Node | None:
    curie = signor_curie(ident, database)
    if curie is None:
        return None
    etype = TYPES.get(typ.strip().lower().split(";")[0], "protein")
    xrefs: tuple[str, ...] = ()
    if human and etype == "protein" and curie.startswith("uniprot:"):
        sym = symbol_curie(symbol if symbol is not None else name)
        xrefs = (sym,) if sym else ()
    label = name.strip().strip("_") or ident
    return Node(curie, label, etype, xrefs)


def read(tracked: TrackedFile, *, taxon: str | None = None, **_: object) -> Iterator[Item]:
    """Rows of any SIGNOR export layout (see the module doc)."""
    first = tracked.text.readline()
    lowered = first.lower()
    if "list of entities" in lowered:
        yield from _complexes(tracked)
        return
    fields = first.rstrip("\r\n").split("\t")
    if len(fields) >= 46 and ":" in fields[0] and "entitya" not in lowered:
        yield from _causaltab(tracked, first, taxon)
        return
    delimiter = "\t" if "\t" in first else ";"
    header = next(csv.reader([first], delimiter=delimiter))
    names = [h.strip().lower() for h in header]
    start = 2
    if "ida" not in names:  # no header: the positional all-data layout
        if len(names) not in (26, 28):
            yield Skip(1, "unrecognised layout", f"{len(names)} columns, no SIGNOR header")
            return
        names = list(ALL_DATA[: len(header)])
        yield from _rows(tracked, iter([header]), names, 1, taxon)
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        yield Skip(1, "unrecognised layout", f"missing columns {', '.join(missing)}")
        return
    reader = csv.reader(tracked.text, delimiter=delimiter, quotechar='"')
    yield from _rows(tracked, reader, names, start, taxon)


def _rows(tracked: TrackedFile, reader, names: list[str], start: int, taxon: str | None) -> Iterator[Item]:
    line = start - 1
    for cells in reader:
        line += 1
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        if len(cells) != len(names):
            yield Skip(line, "wrong number of columns", f"{len(cells)} instead of {len(names)}")
            continue
        row = dict(zip(names, cells, strict=True))
        if row.get("entitya", "").lower() == "entitya":  # a repeated header
            continue
        yield _row(row, line, taxon)


def _row(row: dict[str, str], line: int, taxon: str | None) -> Item:
    tax = (row.get("tax_id") or "").strip()
    if taxon and tax not in (taxon, "-1", ""):
        return Skip(line, "other species", f"taxon {tax}")
    relation = effect_relation(row.get("effect", ""))
    if relation is None:
        return Skip(line, "unknown effect", row.get("effect", ""))
    human = tax in ("9606", "-1", "")
    a = signor_node(row["entitya"], row["typea"], row["ida"], row.get("databasea", ""), human=human)
    b = signor_node(row["entityb"], row["typeb"], row["idb"], row.get("databaseb", ""), human=human)
    if a is None or b is None:
        missing = row["ida"] if a is None else row["idb"]
        return Skip(line, "missing identifier" if not missing.strip() else "unrecognised identifier", missing)
    pmids = split_ids(row.get("pmid", ""))
    species = SPECIES.get(tax) or (None if tax in ("", "-1") else f"taxon {tax}")
    key = record_key(
        "signor",
        row.get("signor_id"),
        a.curie,
        b.curie,
        relation,
        row.get("mechanism"),
        row.get("residue"),
        tax,
        ",".join(pmids),
        row.get("sentence"),
    )
    return Edge(
        a,
        b,
        relation,
        (row.get("direct") or "").strip().lower() in TRUE,
        line,
        key,
        pmids=pmids,
        quote=(row.get("sentence") or "").strip() or None,
        record=(row.get("signor_id") or "").strip() or None,
        species=species,
        mechanism=(row.get("mechanism") or "").strip() or None,
        residue=(row.get("residue") or "").strip() or None,
    )


def _complexes(tracked: TrackedFile) -> Iterator[Item]:
    reader = csv.reader(tracked.text, delimiter=";", quotechar='"')
    for line, cells in enumerate(reader, start=2):
        if len(cells) != 3:
            yield Skip(line, "wrong number of columns", f"{len(cells)} instead of 3")
            continue
        ident, name, members = (c.strip() for c in cells)
        curie = signor_curie(ident)
        if curie is None:
            yield Skip(line, "unrecognised identifier", ident)
            continue
        parts = tuple(c for c in (signor_curie(m) for m in members.split(",")) if c)
        yield Node(curie, name or ident, "complex", (), parts)


_TERM = re.compile(r"\(([^()]*)\)\s*$")


def _mitab_id(cell: str) -> str:
    """``uniprotkb:P31749`` / ``chebi:"CHEBI:15996"`` / ``signor:SIGNOR-C1`` → the bare id."""
    first = cell.split("|")[0].strip()
    _, _, value = first.partition(":")
    return value.strip('"')


def _mitab_name(cell: str, fallback: str) -> str:
    for alias in cell.split("|"):
        if alias.endswith("(gene name)") or alias.endswith("(display_short)"):
            return alias.split(":", 1)[-1].rsplit("(", 1)[0].strip('"')
    return fallback


def _term(cell: str) -> str:
    match = _TERM.search(cell.strip())
    return match.group(1) if match else cell.strip()


def _taxon(cell: str) -> str:
    match = re.match(r"taxid:(-?\d+)", cell.strip())
    return match.group(1) if match else ""


def _causaltab(tracked: TrackedFile, first: str, taxon: str | None) -> Iterator[Item]:
    import itertools

    for line, text in enumerate(itertools.chain([first], tracked.text), start=1):
        text = text.rstrip("\r\n")
        if not text or text.startswith("#"):
            continue
        c = text.split("\t")
        if len(c) < 46:
            yield Skip(line, "wrong number of columns", f"{len(c)} instead of 46")
            continue
        ida, idb = _mitab_id(c[0]), _mitab_id(c[1])
        row = {
            "entitya": _mitab_name(c[4], ida),
            "entityb": _mitab_name(c[5], idb),
            "typea": _term(c[20]).replace("small molecule", "smallmolecule"),
            "typeb": _term(c[21]).replace("small molecule", "smallmolecule"),
            "ida": ida,
            "idb": idb,
            "databasea": c[0].split(":", 1)[0],
            "databaseb": c[1].split(":", 1)[0],
            "effect": _term(c[45]),
            "mechanism": _term(c[44]) if c[44].strip() not in ("", "-") else "",
            "tax_id": _taxon(c[9]),
            "pmid": c[8],
            "signor_id": _mitab_id(c[13]),
            "direct": "f" if "indirect" in c[44].lower() else "t",
        }
        if row["databasea"].lower().startswith("uniprot"):
            row["databasea"] = "UNIPROT"
        if row["databaseb"].lower().startswith("uniprot"):
            row["databaseb"] = "UNIPROT"
        yield _row(row, line, taxon)
