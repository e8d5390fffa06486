"""Evidence as weight: which statements a verdict counts, why the others are left out, and
how much a statement, a step and a path weigh.

**Reliability** of a statement: its strongest kind of evidence (clinical 0.95 > in vivo 0.90
> in vitro or ex vivo 0.85 > review statement or imported database record 0.75 > curator
inference 0.70); each further independent reference (a distinct cited study; the review's
own words count as one) takes 30 % off what is left to certainty, up to three of them, and a
quantified finding 15 % once. A path is as reliable as the product of its steps (a
membership step weighs 1, a parthood step as its ``part_of`` statement, a step to a member
or a part 0.9 of it): longer chains and inferred links weigh less.

**Not counted** by default (``include_flagged`` counts them):
- statements flagged ``ambiguous``, ``contradicts_cited_reference`` or
  ``entity_mapping_uncertain``: the curators doubt what the claim is;
- evidence the text words as hedged or proposed (a statement with none asserted is left out).

Never counted: negated evidence ("X does not increase Y") is not support for the sign, and
a statement the text denies outright (``negated``) is not in the network at all.
A ``citation_mismatch`` flag does not remove the claim, which the review itself makes, but
its evidence weighs as the review's own statement (the cited study does not back it).

**Perturbation kind** is a context dimension: knockout and deficiency are chronic, lifelong
loss of function, which is not evidence about short-term pharmacological blockade. When the
question is about the short term, evidence of those kinds is not counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from mechgraph import vocab
from mechgraph.model import Evidence, Statement

RELIABILITY = {
    "clinical": 0.95,
    "in_vivo": 0.90,
    "in_vitro": 0.85,
    "ex_vivo": 0.85,
    "review": 0.75,
    "database": 0.75,
    "curator_inference": 0.70,
}
REFERENCE_FACTOR = 0.7  # each further independent reference keeps 70 % of the doubt
MAX_EXTRA_REFERENCES = 3
QUANTITY_FACTOR = 0.85
CEILING = 0.99
VIA_MEMBER_OR_PART = 0.9  # evidence about a member or a part, used for its class or whole

DOUBTING_FLAGS = ("ambiguous", "contradicts_cited_reference", "entity_mapping_uncertain")
DOWNGRADING_FLAGS = ("citation_mismatch",)
UNCOUNTED_EPISTEMICS = ("hedged", "proposed")

CHRONIC_LOSS = ("knockout", "deficiency")
CHRONIC = "chronic loss of function"
ACUTE_LOSS = "acute loss of function"
GAIN = "gain of function"
SHORT_TERM = "short-term"


def perturbation_kind(e: Evidence) -> str | None:
    """chronic loss of function (knockout, deficiency), acute loss of function (knockdown,
    inhibition, blockade), gain of function (overexpression, activation), or None."""
    if e.perturbation is None:
        return None
    kind = e.perturbation.type
    if kind in CHRONIC_LOSS:
        return CHRONIC
    if kind in vocab.LOSS_OF_FUNCTION:
        return ACUTE_LOSS
    if kind in vocab.GAIN_OF_FUNCTION:
        return GAIN
    return None


@dataclass(frozen=True)
class Weighing:
    """The rules a question applies to evidence."""

    include_flagged: bool = False
    timeframe: str | None = None  # the timeframe the question is about, if any

    def usable(self, st: Statement) -> tuple[Evidence, ...]:
        """The statement's evidence that counts under these rules."""
        out = []
        for e in st.evidence:
            if e.epistemics == "negated":
                continue
            if e.epistemics in UNCOUNTED_EPISTEMICS and not self.include_flagged:
                continue
            if self.timeframe == SHORT_TERM and perturbation_kind(e) == CHRONIC:
                continue
            out.append(e)
        return tuple(out)

    def exclusion(self, st: Statement) -> str | None:
        """Why the statement does not count, or None when it does."""
        if st.negated:
            return "denied in the text"
        doubted = [f for f in st.flags if f in DOUBTING_FLAGS]
        if doubted and not self.include_flagged:
            return "flagged " + ", ".join(doubted)
        if not st.evidence or self.usable(st):
            return None
        kinds = {e.epistemics for e in st.evidence}
        if kinds == {"negated"}:
            return "negated in the text"
        if self.timeframe == SHORT_TERM and any(perturbation_kind(e) == CHRONIC for e in st.evidence):
            types = sorted({e.perturbation.type for e in st.evidence if perturbation_kind(e) == CHRONIC})
            return (
                f"{'/'.join(types)} evidence (lifelong loss of function), not evidence "
                "about short-term blockade"
            )
        wording = sorted(kinds & set(UNCOUNTED_EPISTEMICS)) or sorted(kinds)
        return f"{' or '.join(wording)} in the text"

    def counts(self, st: Statement) -> bool:
        return self.exclusion(st) is None


_ALL = Weighing(include_flagged=True)


def references(evidence) -> frozenset[tuple[str, str]]:
    """Independent references: (source document, cited reference number), or the source's
    own words (``"own"``) for evidence that cites none. Curator inferences cite nothing.
    The document is named as a reader cites it (``Evidence.provenance``: the seed's DOI)."""
    out = set()
    for e in evidence:
        if e.kind == "curator_inference":
            continue
        if e.refs:
            out.update((e.provenance, str(r)) for r in e.refs)
        else:
            out.add((e.provenance, "own"))
    return frozenset(out)


_RELIABILITY: dict[tuple[int, Weighing], tuple[Statement, float]] = {}
_CACHE_SIZE = 200_000


def reliability(st: Statement, weighing: Weighing | None = None) -> float:
    """How far the statement's counted evidence supports it, from 0 to 0.99 (memoised:
    the ranking asks for it again and again)."""
    weighing = weighing or _ALL
    key = (id(st), weighing)
    hit = _RELIABILITY.get(key)
    if hit is not None and hit[0] is st:
        return hit[1]
    if len(_RELIABILITY) > _CACHE_SIZE:
        _RELIABILITY.clear()
    value = _reliability(st, weighing)
    _RELIABILITY[key] = (st, value)  # the statement is kept, so its id is not reused
    return value


def _reliability(st: Statement, weighing: Weighing) -> float:
    evidence = weighing.usable(st)
    if not evidence:
        return 0.0
    downgraded = any(f in DOWNGRADING_FLAGS for f in st.flags)
    best = max(
        RELIABILITY["review"]
        if downgraded and e.kind != "curator_inference"
        else RELIABILITY.get(e.kind, 0.5)
        for e in evidence
    )
    doubt = 1.0 - best
    extra = min(max(len(references(evidence)) - 1, 0), MAX_EXTRA_REFERENCES)
    doubt *= REFERENCE_FACTOR**extra
    if any(e.quantities for e in evidence):
        doubt *= QUANTITY_FACTOR
    return round(min(1.0 - doubt, CEILING), 4)


def strongest_kind(statements, weighing: Weighing | None = None) -> str | None:
    """The strongest kind of counted evidence behind the statements."""
    weighing = weighing or Weighing(include_flagged=True)
    kinds = [e.kind for st in statements for e in weighing.usable(st)]
    return max(kinds, key=lambda k: (RELIABILITY.get(k, 0), k)) if kinds else None


def chronic_only(statements, weighing: Weighing | None = None) -> bool:
    """Every statement rests only on knockout or deficiency evidence."""
    weighing = weighing or Weighing(include_flagged=True)
    found = False
    for st in statements:
        evidence = weighing.usable(st) or st.evidence
        if not evidence or any(perturbation_kind(e) != CHRONIC for e in evidence):
            return False
        found = True
    return found
