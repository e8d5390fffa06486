"""What every importer shares: the items they yield, skip reasons, and reading files.

Readers are generators over a file of the model's contract (``mechgraph.model``), as the
curated graph's reader is: an ``Entity`` for each entity the first time they meet it (its
``id`` the source's CURIE, before any resolution; a complex's subunits as ``members``,
each met before it), a ``Statement`` for each row (subject and object those CURIEs, its
``stored_id`` derived from the record, one ``Evidence`` of kind ``database``), and a
``Skip`` for each row they cannot use, with the reason. Entities and statements carry
``origin`` (``file:line``). Which store entity a CURIE names is decided when the items
are written (``mechgraph.importers.quads``). Nothing is kept in memory beyond the current
row and what repeats (an entity, an evidence record), so a million-row table streams
through.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mechgraph.errors import MechgraphError
from mechgraph.model import Entity, Statement

SIGNED = {"increases": 1, "decreases": -1}
# unsigned relations an import may produce (the curated vocabulary lacks "regulates")
UNSIGNED_PREDICATES = {
    "regulates": "http://purl.obolibrary.org/obo/RO_0002211",
    "binds": "http://purl.obolibrary.org/obo/RO_0002436",
}
SPECIES = {"9606": "human", "10090": "mouse", "10116": "rat", "10029": "hamster", "9534": "monkey"}
DATABASE = "database"  # the evidence kind of an imported record
PUBMED = "https://pubmed.ncbi.nlm.nih.gov/"
_SYMBOL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]*$")


MAX_LINE = 1 << 20  # bytes: a longer line is not a row of a table


class ImportRowError(MechgraphError):
    """A row rejected under ``--strict``: reported with its file and line."""

    exit_code = 1


class ImportInputError(MechgraphError):
    """A file that cannot be imported at all (not text, not UTF-8, cut short, not the
    format asked for, nothing in it): reported with its file and line; nothing is written."""

    exit_code = 1


@dataclass(frozen=True)
class Skip:
    line: int
    reason: str
    detail: str = ""


Item = Entity | Statement | Skip
Reader = Callable[..., Iterator[Item]]


@dataclass
class ImportReport:
    """What an import read, wrote and left out (counts of skipped rows by reason)."""

    source: str
    file: str
    rows: int = 0
    nodes: int = 0  # rows describing entities only (a SIGNOR complex list)
    statements: int = 0
    signed: int = 0
    entities_new: int = 0
    entities_merged_curated: int = 0
    skipped: Counter = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)  # reason → first file:line
    quads: int = 0
    seconds: float = 0.0
    optimize_seconds: float = 0.0  # of ``seconds``: compacting the store after the load

    def skip(self, item: Skip, strict: bool) -> None:
        where = f"{self.file}:{item.line}"
        if strict:
            raise ImportRowError(
                f"{where}: skipped: {item.reason}" + (f" ({item.detail})" if item.detail else "")
            )
        self.skipped[item.reason] += 1
        self.examples.setdefault(item.reason, where + (f" ({item.detail})" if item.detail else ""))

    def summary(self) -> str:
        lines = [
            f"imported {self.statements:,} statements ({self.signed:,} signed) from "
            f"{self.rows:,} rows of {self.file} into source {self.source!r}: "
            f"{self.entities_new:,} new entities, {self.entities_merged_curated:,} "
            f"merged with curated ones, {self.quads:,} quads in {self.seconds:.1f} s "
            f"({self.optimize_seconds:.1f} s of it compacting the store)"
        ]
        total = sum(self.skipped.values())
        lines.append(f"skipped {total:,} rows" + (":" if total else ""))
        for reason, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {n:>9,}  {reason}  (first: {self.examples[reason]})")
        return "\n".join(lines)


class Lines:
    """Text lines decoded one at a time, so that a byte that is not UTF-8, a NUL byte, an
    endless line or a damaged gzip stream is reported with its line number rather than
    as a decoder's traceback. Iterable (csv.reader takes it) and ``readline``-able."""

    def __init__(self, binary, name: str) -> None:
        self._binary = binary
        self.name = name
        self.line = 0  # lines read so far

    def __iter__(self) -> Lines:
        return self

    def __next__(self) -> str:
        text = self.readline()
        if not text:
            raise StopIteration
        return text

    def where(self) -> str:
        return f"{self.name}:{max(self.line, 1)}"

    def readline(self) -> str:
        try:
            raw = self._binary.readline(MAX_LINE + 1)
        except (EOFError, OSError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
            raise ImportInputError(
                f"{self.name}:{self.line + 1}: the file is damaged or cut short ({exc or type(exc).__name__})"
            ) from None
        if not raw:
            return ""
        self.line += 1
        if len(raw) > MAX_LINE:
            raise ImportInputError(
                f"{self.where()}: a line longer than {MAX_LINE:,} bytes: not a table this importer reads"
            )
        if self.line == 1 and raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ImportInputError(f"{self.where()}: UTF-16 text; convert the file to UTF-8")
        if b"\x00" in raw:
            raise ImportInputError(f"{self.where()}: binary data (a NUL byte), not a text table")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            column = len(raw[: exc.start].decode("utf-8", "replace")) + 1
            raise ImportInputError(
                f"{self.where()}: not UTF-8 text (byte 0x{raw[exc.start]:02x} "
                f"at column {column}); convert the file to UTF-8"
            ) from None
        if self.line == 1 and text.startswith("\ufeff"):
            text = text[1:]
        return text


class TrackedFile:
    """A text stream over a (possibly gzip'd) file, exposing how many raw bytes were read,
    so a progress bar can follow a compressed file by its size on disk."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.size = self.path.stat().st_size
        self._raw = open(self.path, "rb")  # noqa: SIM115 - closed in close()
        head = self._raw.read(2)
        self._raw.seek(0)
        self._binary = gzip.GzipFile(fileobj=self._raw) if head == b"\x1f\x8b" else self._raw
        self.text = Lines(self._binary, self.path.name)

    @property
    def position(self) -> int:
        return self._raw.tell()

    def close(self) -> None:
        if self._binary is not self._raw:
            self._binary.close()
        self._raw.close()

    def __enter__(self) -> TrackedFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def symbol_curie(name: str) -> str | None:
    """``hgnc.symbol:NAME`` when NAME looks like a gene symbol, else None."""
    name = name.strip()
    return f"hgnc.symbol:{name}" if _SYMBOL.match(name) else None


def split_ids(cell: str) -> tuple[str, ...]:
    """PMIDs (or other ids) from a cell holding several, however they are joined."""
    if cell in ("", "-"):  # most rows of a large table cite nothing
        return ()
    out = []
    for part in re.split(r"[;,|\s]+", cell or ""):
        part = part.strip().strip('"')
        if part.lower().startswith("pubmed:"):
            part = part.split(":", 1)[1]
        if part.isdigit():
            out.append(part)
    return tuple(dict.fromkeys(out))


def record_key(*parts: object) -> str:
    return "\x1f".join("" if p is None else str(p) for p in parts)


def pubmed_iris(pmids: tuple[str, ...]) -> tuple[str, ...]:
    """PubMed ids as the IRIs evidence cites them by."""
    return tuple(f"{PUBMED}{pmid}/" for pmid in pmids)


def record_id(source: str, key: str) -> str:
    """The stored id of an imported statement: its source and a digest of the record's
    text (``record_key``), so the same row keeps its IRI across imports."""
    return f"{source}-{hashlib.blake2b(key.encode('utf-8'), digest_size=8).hexdigest()}"


class Met:
    """The entities a reader has given, so each description is given once, at the row
    that first needs it (with that row as its ``origin``); the same CURIE described
    otherwise (another label, more identifiers) is given again, as its source gives it.
    Readers build each description once and ask per row by the object (a set look-up),
    by value only for an object not seen before."""

    def __init__(self) -> None:
        self._objects: dict[int, Entity] = {}  # id → the entity, kept so that ids stay unique
        self._values: set[Entity] = set()

    def first(self, entity: Entity) -> bool:
        key = id(entity)
        if key in self._objects:
            return False
        self._objects[key] = entity
        if entity in self._values:
            return False
        self._values.add(entity)
        return True
