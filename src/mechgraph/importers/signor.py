"""SIGNOR's own exports: the all-data table (26 or 28 columns, tab- or ``;``-separated,
quoted cells), the pathway export (31 lower-case columns), causalTab (PSI-MITAB 2.8 with
causal columns) and the complex list (``SIGNOR ID;COMPLEX NAME;LIST OF ENTITIES``).

The layout is told from the first line. Effects become relations: ``up-regulates…`` →
increases, ``down-regulates…`` → decreases, ``unknown`` → regulates (unsigned), ``form
complex`` → binds (unsigned); anything else is skipped as ``unknown effect``. A row's
mechanism and modified residue are the statement's; its sentence, SIGNOR id and PubMed ids
its evidence; its species its context.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import replace

from mechgraph.importers.common import (
    DATABASE,
    SPECIES,
    Item,
    Met,
    Skip,
    TrackedFile,
    pubmed_iris,
    record_id,
    record_key,
    split_ids,
    symbol_curie,
)
from mechgraph.model import Entity, Evidence, Statement

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


def signor_entity(
    name: str, typ: str, ident: str, database: str, *, human: bool, symbol: str | None = None
) -> Entity | None:
    """The entity a SIGNOR row names (None: an identifier SIGNOR does not use): a human
    protein's name is kept as a gene-symbol identifier, so symbol-only networks join it."""
    curie = signor_curie(ident, database)
    if curie is None:
        return None
    etype = TYPES.get(typ.strip().lower().split(";")[0], "protein")
    xrefs: tuple[str, ...] = ()
    if human and etype == "protein" and curie.startswith("uniprot:"):
        sym = symbol_curie(symbol if symbol is not None else name)
        xrefs = (sym,) if sym else ()
    label = name.strip().strip("_") or ident
    return Entity(curie, label, etype, xrefs=xrefs)


class Described:
    """What a reader keeps from row to row: each entity description built once (a protein
    recurs on thousands of rows), the entities given, one context per species."""

    def __init__(self, name: str, source: str) -> None:
        self.name, self.source = name, source
        self.met = Met()
        self._entities: dict[tuple, Entity | None] = {}
        self._contexts: dict[str | None, tuple[tuple[str, str], ...]] = {None: ()}

    def entity(
        self, name: str, typ: str, ident: str, database: str, human: bool, symbol=None
    ) -> Entity | None:
        key = (name, typ, ident, database, human, symbol)
        try:
            return self._entities[key]
        except KeyError:
            e = self._entities[key] = signor_entity(name, typ, ident, database, human=human, symbol=symbol)
            return e

    def context(self, species: str | None) -> tuple[tuple[str, str], ...]:
        ctx = self._contexts.get(species)
        if ctx is None:
            ctx = self._contexts[species] = (("species", species),)
        return ctx

    def statement(self, a: Entity, b: Entity, line: int, **fields) -> Iterator[Item]:
        """The row's entities the first time they are met, then its statement."""
        where = f"{self.name}:{line}"
        if self.met.first(a):
            yield replace(a, origin=where)
        if self.met.first(b):
            yield replace(b, origin=where)
        yield Statement(a.id, object=b.id, source=self.source, origin=where, **fields)


def read(
    tracked: TrackedFile, *, taxon: str | None = None, source: str = "signor", **_: object
) -> Iterator[Item]:
    """Rows of any SIGNOR export layout (see the module doc)."""
    described = Described(tracked.text.name, source)
    first = tracked.text.readline()
    lowered = first.lower()
    if "list of entities" in lowered:
        yield from _complexes(tracked, described)
        return
    fields = first.rstrip("\r\n").split("\t")
    if len(fields) >= 46 and ":" in fields[0] and "entitya" not in lowered:
        yield from _causaltab(tracked, first, taxon, described)
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
        yield from _rows(iter([header]), names, 1, taxon, described)
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        yield Skip(1, "unrecognised layout", f"missing columns {', '.join(missing)}")
        return
    reader = csv.reader(tracked.text, delimiter=delimiter, quotechar='"')
    yield from _rows(reader, names, start, taxon, described)


def _rows(reader, names: list[str], start: int, taxon: str | None, described: Described) -> Iterator[Item]:
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
        yield from _row(row, line, taxon, described)


def _row(row: dict[str, str], line: int, taxon: str | None, described: Described) -> Iterator[Item]:
    tax = (row.get("tax_id") or "").strip()
    if taxon and tax not in (taxon, "-1", ""):
        yield Skip(line, "other species", f"taxon {tax}")
        return
    relation = effect_relation(row.get("effect", ""))
    if relation is None:
        yield Skip(line, "unknown effect", row.get("effect", ""))
        return
    human = tax in ("9606", "-1", "")
    a = described.entity(row["entitya"], row["typea"], row["ida"], row.get("databasea", ""), human)
    b = described.entity(row["entityb"], row["typeb"], row["idb"], row.get("databaseb", ""), human)
    if a is None or b is None:
        missing = row["ida"] if a is None else row["idb"]
        yield Skip(line, "missing identifier" if not missing.strip() else "unrecognised identifier", missing)
        return
    pmids = split_ids(row.get("pmid", ""))
    species = SPECIES.get(tax) or (None if tax in ("", "-1") else f"taxon {tax}")
    key = record_key(
        "signor",
        row.get("signor_id"),
        a.id,
        b.id,
        relation,
        row.get("mechanism"),
        row.get("residue"),
        tax,
        ",".join(pmids),
        row.get("sentence"),
    )
    evidence = Evidence(
        described.source,
        DATABASE,
        quote=(row.get("sentence") or "").strip() or None,
        dois=pubmed_iris(pmids),
        record=(row.get("signor_id") or "").strip() or None,
    )
    yield from described.statement(
        a,
        b,
        line,
        relation=relation,
        direct=(row.get("direct") or "").strip().lower() in TRUE,
        context=described.context(species),
        evidence=(evidence,),
        stored_id=record_id(described.source, key),
        mechanism=(row.get("mechanism") or "").strip() or None,
        residue=(row.get("residue") or "").strip() or None,
    )


def _complexes(tracked: TrackedFile, described: Described) -> Iterator[Item]:
    """The complex list: each row a complex with its subunits as members, each subunit (a
    protein, named by its identifier) given before the complex the first time it is met.
    A complex is not its own subunit."""
    reader = csv.reader(tracked.text, delimiter=";", quotechar='"')
    met = described.met
    for line, cells in enumerate(reader, start=2):
        if len(cells) != 3:
            yield Skip(line, "wrong number of columns", f"{len(cells)} instead of 3")
            continue
        ident, name, members = (c.strip() for c in cells)
        curie = signor_curie(ident)
        if curie is None:
            yield Skip(line, "unrecognised identifier", ident)
            continue
        where = f"{described.name}:{line}"
        parts = tuple(c for c in (signor_curie(m) for m in members.split(",")) if c and c != curie)
        for part in parts:
            subunit = Entity(part, part.split(":", 1)[1], "protein", origin=where)
            if met.first(subunit):
                yield subunit
        yield Entity(curie, name or ident, "complex", members=parts, origin=where)  # the row itself


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


def _causaltab(tracked: TrackedFile, first: str, taxon: str | None, described: Described) -> Iterator[Item]:
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
        yield from _row(row, line, taxon, described)
