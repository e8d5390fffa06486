"""The schema of the curated YAML files (pydantic), documented in graph/README.md.

It checks the shape of each file on its own; cross-file checks (entity ids,
duplicates, references, CURIEs, quotes) are the reader's.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from mechgraph import vocab

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.+-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _literal(values: tuple[str, ...]):
    return Literal[values]  # type: ignore[valid-type]


EntityType = _literal(tuple(vocab.ENTITY_TYPES))
RelationName = _literal(tuple(vocab.RELATIONS))
Timeframe = _literal(vocab.TIMEFRAMES)
ModelName = _literal(vocab.MODELS)
SpeciesName = _literal(vocab.SPECIES)
EvidenceKind = _literal(vocab.EVIDENCE_KINDS)
Epistemics = _literal(vocab.EPISTEMICS)
QuantityType = _literal(vocab.QUANTITY_TYPES)
PerturbationType = _literal(vocab.LOSS_OF_FUNCTION + vocab.GAIN_OF_FUNCTION)
Flag = _literal(vocab.FLAGS)
NonEmpty = Field(min_length=1)


class SeedDoc(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    file: str = NonEmpty
    doi: str = Field(pattern=r"^10\.\d{4,9}/\S+$")
    title: str | None = None
    citation: str | None = None
    license: str | None = None
    sections: list[str] = []


class ReferenceDoc(_Strict):
    seed: str
    number: int = Field(ge=1)
    citation: str = NonEmpty
    doi: str | None = Field(default=None, pattern=r"^10\.\d{4,9}/\S+$")
    model: str | None = None


class SourcesFile(_Strict):
    seeds: list[SeedDoc] = NonEmpty
    references: list[ReferenceDoc] = []


class TrialArmDoc(_Strict):
    label: str = NonEmpty
    interventions: list[str] = []
    n: int | None = Field(default=None, ge=0)


class TrialDoc(_Strict):
    phase: str | None = None
    population: str | None = None
    conditions: list[str] = []
    arms: list[TrialArmDoc] = []
    n: int | None = Field(default=None, ge=0)


class EntityDoc(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    label: str = NonEmpty
    type: EntityType
    synonyms: list[str] = []
    xrefs: list[str] = []
    description: str | None = None
    members: list[str] = []
    note: str | None = None
    trial: TrialDoc | None = None

    @model_validator(mode="after")
    def _members_and_trials(self) -> EntityDoc:
        if self.members and self.type not in vocab.GROUPING_TYPES:
            raise ValueError(
                f"only {', '.join(sorted(vocab.GROUPING_TYPES))} entities may list members; "
                f"this one is a {self.type}"
            )
        if self.trial is not None and self.type != "clinical_trial":
            raise ValueError("a trial block belongs to a clinical_trial entity")
        return self


class EntitiesFile(_Strict):
    entities: list[EntityDoc] = NonEmpty


class ContextDoc(_Strict):
    timeframe: Timeframe | None = None
    model: ModelName | None = None
    setting: str | None = None
    cell_type: str | None = None
    disease: str | None = None
    population: str | None = None
    trial: str | None = None
    species: SpeciesName | None = None


class QuantityDoc(_Strict):
    measure: str = NonEmpty
    type: QuantityType | None = None
    value: float | None = None
    baseline: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    approximate: bool = False
    timepoint: str | None = None
    p_value: str | None = None
    n: int | None = Field(default=None, ge=0)
    arm: str | None = None
    comparator: float | None = None
    ci: str | None = None

    @field_validator("p_value", "timepoint", "unit", "ci", "arm", mode="before")
    @classmethod
    def _as_text(cls, v: object) -> object:
        return v if v is None or isinstance(v, str) else str(v)

    @model_validator(mode="after")
    def _has_amount(self) -> QuantityDoc:
        if self.value is None and (self.low is None or self.high is None):
            raise ValueError("a quantity needs a value, or both low and high")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low ({self.low}) is above high ({self.high})")
        return self


class PerturbationDoc(_Strict):
    type: PerturbationType
    observed: Literal["increases", "decreases"]


class EvidenceDoc(_Strict):
    quote: str | None = None
    refs: list[int] = []
    section: str | None = None
    kind: EvidenceKind
    epistemics: Epistemics | None = None  # None: not stated, read as asserted
    quantities: list[QuantityDoc] = []
    perturbation: PerturbationDoc | None = None
    rationale: str | None = None

    @field_validator("section", mode="before")
    @classmethod
    def _section_text(cls, v: object) -> object:
        return v if v is None or isinstance(v, str) else str(v)

    @model_validator(mode="after")
    def _quote_or_rationale(self) -> EvidenceDoc:
        if self.kind == "curator_inference":
            if not self.rationale:
                raise ValueError("a curator_inference needs a rationale")
            if self.quote or self.refs:
                raise ValueError(
                    "a curator_inference has no quote and no refs: it is not "
                    "evidence from the text (put the text in another evidence)"
                )
        elif not self.quote or not self.quote.strip():
            raise ValueError(f"{self.kind} evidence needs a verbatim quote")
        return self


class StatementDoc(_Strict):
    subject: str = NonEmpty
    relation: RelationName
    object: str = NonEmpty
    direct: bool = False
    context: ContextDoc = ContextDoc()
    evidence: list[EvidenceDoc] = Field(min_length=1)
    flags: list[Flag] = []
    note: str | None = None
    section: str | None = None

    @field_validator("section", mode="before")
    @classmethod
    def _section_text(cls, v: object) -> object:
        return v if v is None or isinstance(v, str) else str(v)

    @model_validator(mode="after")
    def _flags_need_note(self) -> StatementDoc:
        if self.flags and not self.note:
            raise ValueError("flags need a note that explains them")
        if self.subject == self.object:
            raise ValueError("subject and object are the same entity")
        return self


class StatementsFile(_Strict):
    source: str = NonEmpty
    section: str | None = None
    topic: str | None = None
    statements: list[StatementDoc] = NonEmpty

    @field_validator("section", mode="before")
    @classmethod
    def _section_text(cls, v: object) -> object:
        return v if v is None or isinstance(v, str) else str(v)


class LeafDoc(_Strict):
    entity: str = NonEmpty
    reason: str = NonEmpty


class DistinctDoc(_Strict):
    pairs: list[list[str]] = NonEmpty  # each [a, b]: similar names, different concepts
    reason: str = NonEmpty

    @field_validator("pairs")
    @classmethod
    def _pairs(cls, v: list[list[str]]) -> list[list[str]]:
        for pair in v:
            if len(pair) != 2 or pair[0] == pair[1]:
                raise ValueError(f"a pair names two different entities; got {pair}")
        return v


class ReviewFile(_Strict):
    """graph/review.yaml: the curators' decisions on what the checks report."""

    leaves: list[LeafDoc] = []
    distinct: list[DistinctDoc] = []
