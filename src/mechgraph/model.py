"""The plain model every layer shares: entities, statements, evidence, context.

Readers produce it, writers consume it; it knows nothing of YAML or RDF.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from mechgraph import vocab


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
        extras = [x for x in (self.timepoint, self.arm and f"arm: {self.arm}",
                              self.n is not None and f"n={self.n}",
                              self.p_value and f"p={self.p_value}", self.ci) if x]
        tail = f" ({', '.join(extras)})" if extras else ""
        return f"{self.measure} {amount}{tail}".strip()


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(x)


@dataclass(frozen=True)
class Perturbation:
    type: str
    observed: str


@dataclass(frozen=True)
class Evidence:
    source: str  # seed id
    kind: str
    quote: str | None = None
    refs: tuple[int, ...] = ()
    section: str | None = None
    quantities: tuple[Quantity, ...] = ()
    perturbation: Perturbation | None = None
    rationale: str | None = None
    origin: str | None = None
    epistemics: str = "asserted"  # see vocab.EPISTEMICS
    epistemics_stated: bool = True  # False when the curator left it to the default

    def key(self) -> str:
        """Content hash: the evidence IRI stays put when other evidence is added."""
        return _hash([self.source, self.kind, self.quote, list(self.refs), self.rationale])


@dataclass(frozen=True)
class Statement:
    subject: str
    relation: str
    object: str
    context: tuple[tuple[str, str], ...] = ()  # sorted (key, value) pairs
    direct: bool = False
    evidence: tuple[Evidence, ...] = ()
    flags: tuple[str, ...] = ()
    note: str | None = None
    files: tuple[str, ...] = ()
    origin: str | None = None

    @property
    def id(self) -> str:
        """Derived from subject, relation, object and context, so a claim keeps its IRI."""
        return statement_id(self.subject, self.relation, self.object, self.context)

    @property
    def iri(self) -> str:
        return vocab.STATEMENT + self.id

    @property
    def sign(self) -> int | None:
        return vocab.RELATIONS[self.relation].sign

    @property
    def context_dict(self) -> dict[str, str]:
        return dict(self.context)

    @property
    def negated(self) -> bool:
        """The text denies the relation and nowhere states it holds (a proposal that it
        will, e.g. "will be increasingly recognized", does not outweigh "is not yet"):
        the claim is recorded, never asserted as a plain triple or a path step."""
        stances = {ev.epistemics for ev in self.evidence}
        return "negated" in stances and not stances & {"asserted", "hedged"}


def statement_id(subject: str, relation: str, obj: str,
                 context: tuple[tuple[str, str], ...]) -> str:
    return _hash([subject, relation, obj, sorted(context)])


def _hash(parts: object) -> str:
    payload = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


@dataclass
class Knowledge:
    """Everything curated: what the RDF writer turns into a graph."""

    seeds: dict[str, Seed] = field(default_factory=dict)
    references: dict[tuple[str, int], Reference] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    # the curators' review decisions (graph/review.yaml): entities that end a chain by
    # nature, and pairs of similar names that are different concepts, each with its reason
    leaves: dict[str, str] = field(default_factory=dict)
    distinct: dict[frozenset[str], str] = field(default_factory=dict)
