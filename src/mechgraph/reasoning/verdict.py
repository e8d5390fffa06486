"""Verdicts that decide: the effect of a source on a target per stratum of the context that
separates the two directions, weighed by evidence.

- A **side** (the paths that increase, or that decrease, the target) weighs as its best
  supported path (``Path.reliability``); its references are the independent references of
  its paths.
- A side is **solid** when that weight reaches ``SOLID`` (0.5). Within one stratum the
  verdict is **bidirectional** only when both sides are solid and the weaker weighs at least
  ``RATIO`` (three quarters) of the stronger; otherwise the stronger side gives the verdict
  and the weaker one is the dissent.
- **Strata**: the timeframe first, then the perturbation kind (knockout or deficiency
  against the rest), the model, the setting. In a stratum, the paths that state the
  stratum's value are **specific** and decide when one of their sides is solid; paths that
  state no value (compatible with every stratum) are the **background**: they strengthen
  the side the specific paths decide for, and overturn it only when their opposite side
  clearly outweighs it (the specific side weighs less than ``RATIO`` of it); where the
  specific paths do not decide, specific and background paths are weighed together.
- Overall: the strata's solid verdicts decide; strata that disagree make the answer
  bidirectional, separated by that context; a stratum that is itself bidirectional is
  separated, where it can be, by the next key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from mechgraph.reasoning.evidence import (
    Weighing,
    chronic_only,
    references,
    strongest_kind,
)
from mechgraph.reasoning.paths import Path

SOLID = 0.5
RATIO = 0.75
INCREASES, DECREASES = "increases", "decreases"
BIDIRECTIONAL, NONE = "bidirectional", "no known effect"
EFFECT = {1: INCREASES, -1: DECREASES}
EFFECT_SIGN = {INCREASES: 1, DECREASES: -1}
STRATA_KEYS = (
    "timeframe",
    "perturbation",
    "model",
    "setting",
    "cell_type",
    "disease",
    "population",
    "species",
)
KNOCKOUT = "knockout or deficiency"
NO_PERTURBATION = "no knockout or deficiency"


@dataclass
class Side:
    """The paths of one net sign, best supported first."""

    sign: int
    paths: list[Path] = field(default_factory=list)
    score: float = 0.0  # the best path's reliability
    references: frozenset[tuple[str, str]] = frozenset()
    strongest: str | None = None  # the strongest kind of evidence on the best path

    @property
    def effect(self) -> str:
        return EFFECT[self.sign]

    @property
    def solid(self) -> bool:
        return self.score >= SOLID


@dataclass
class Stratum:
    """The verdict under one value of a context key (``key`` None: the whole question)."""

    key: str | None
    value: str | None
    verdict: str
    confidence: float
    up: Side
    down: Side
    decided_by: str = "specific"  # "specific" paths, or "background" (no stated value)
    background: list[Path] = field(default_factory=list)
    substrata: list[Stratum] = field(default_factory=list)
    substrata_key: str | None = None
    weighing: Weighing = field(default_factory=Weighing)  # the rules it was decided by

    @property
    def winner(self) -> Side | None:
        if self.verdict == INCREASES:
            return self.up
        if self.verdict == DECREASES:
            return self.down
        return None

    @property
    def dissent(self) -> Side | None:
        """The side that lost, when it has any path."""
        if self.verdict == INCREASES and self.down.paths:
            return self.down
        if self.verdict == DECREASES and self.up.paths:
            return self.up
        return None

    @property
    def solid(self) -> bool:
        return (
            self.verdict in (INCREASES, DECREASES, BIDIRECTIONAL)
            and max(self.up.score, self.down.score) >= SOLID
        )


def side(paths: Iterable[Path], sign: int, weighing: Weighing) -> Side:
    mine = sorted((p for p in paths if p.sign == sign), key=lambda p: p.rank_key(weighing))
    if not mine:
        return Side(sign)
    refs = frozenset().union(
        *(references(e for h in p.hops for st in h.statements for e in weighing.usable(st)) for p in mine)
    )
    best = mine[0]
    return Side(
        sign,
        mine,
        best.reliability(weighing),
        refs,
        strongest_kind((st for h in best.hops for st in h.statements), weighing),
    )


def _joined(first: Side, then: Side) -> Side:
    """One side from two: the first's paths, then the other's; the best weight of either."""
    if not then.paths:
        return first
    best = first if first.score >= then.score else then
    return Side(
        first.sign, first.paths + then.paths, best.score, first.references | then.references, best.strongest
    )


def decide(up: Side, down: Side) -> tuple[str, float]:
    """The verdict of two sides and its confidence (0–1)."""
    strong, weak = (up, down) if up.score >= down.score else (down, up)
    if strong.score <= 0:
        return NONE, 0.0
    if weak.score >= SOLID and weak.score >= RATIO * strong.score:
        return BIDIRECTIONAL, round(weak.score, 2)
    return strong.effect, round(max(strong.score - weak.score / 2, 0.0), 2)


def confidence_label(value: float) -> str:
    return "high" if value >= 0.7 else "moderate" if value >= SOLID else "low"


def stratum(
    specific: list[Path],
    background: list[Path],
    weighing: Weighing,
    key: str | None = None,
    value: str | None = None,
) -> Stratum:
    """Decide one stratum: by its specific paths where one of their sides is solid, else by
    the specific and the background paths together."""
    up, down = side(specific, 1, weighing), side(specific, -1, weighing)
    if max(up.score, down.score) >= SOLID or not background:
        verdict, conf = decide(up, down)
        if verdict in (INCREASES, DECREASES) and background:
            sign = EFFECT_SIGN[verdict]
            winner = up if sign > 0 else down
            against = side(background, -sign, weighing)
            if against.score * RATIO <= winner.score:
                # background evidence of the same sign adds to the deciding side (listed
                # after the specific paths, which name the mechanism)
                win = _joined(winner, side(background, sign, weighing))
                up, down = (win, down) if sign > 0 else (up, win)
                verdict, conf = decide(up, down)
                return Stratum(key, value, verdict, conf, up, down, "specific", background, weighing=weighing)
            # else: the background clearly outweighs the specific paths; weigh them together
        else:
            return Stratum(key, value, verdict, conf, up, down, "specific", background, weighing=weighing)
    both = specific + background
    up, down = side(both, 1, weighing), side(both, -1, weighing)
    verdict, conf = decide(up, down)
    return Stratum(
        key,
        value,
        verdict,
        conf,
        up,
        down,
        "background" if specific else "any",
        background,
        weighing=weighing,
    )


def background_dissent(s: Stratum) -> Side | None:
    """Paths with no stated value that go against a stratum decided by its specific paths."""
    if s.decided_by != "specific" or s.verdict not in (INCREASES, DECREASES):
        return None
    mine = {id(p) for p in s.up.paths + s.down.paths}
    opposite = side([p for p in s.background if id(p) not in mine], -s.winner.sign, s.weighing)
    return opposite if opposite.paths else None


def path_value(path: Path, key: str, weighing: Weighing) -> str | None:
    """The value of a context key along a path: the timeframe of its reading; for the
    perturbation kind, whether a step rests only on knockout or deficiency evidence; for
    other keys, the one value its steps state (``mixed`` when they state several)."""
    if key == "timeframe":
        return path.timeframe
    if key == "perturbation":
        chronic = any(chronic_only(h.statements, weighing) for h in path.hops if not h.inherited)
        return KNOCKOUT if chronic else NO_PERTURBATION
    values = {v for h in path.hops for st in h.statements for k, v in st.context if k == key}
    if not values:
        return None
    return values.pop() if len(values) == 1 else "mixed"


def stratify(paths: list[Path], key: str, weighing: Weighing) -> list[Stratum]:
    """One stratum per value of ``key`` that some path states, with the paths stating no
    value as background."""
    by_value: dict[str, list[Path]] = {}
    unstated: list[Path] = []
    for p in paths:
        v = path_value(p, key, weighing)
        (unstated if v is None else by_value.setdefault(v, [])).append(p)
    return [stratum(by_value[value], unstated, weighing, key, value) for value in sorted(by_value)]


def separates(strata: list[Stratum]) -> bool:
    """The strata's solid verdicts disagree."""
    verdicts = {s.verdict for s in strata if s.solid}
    return BIDIRECTIONAL in verdicts or {INCREASES, DECREASES} <= verdicts


def separate(
    paths: list[Path], weighing: Weighing, keys: Iterable[str] = STRATA_KEYS[1:]
) -> tuple[str | None, list[Stratum]]:
    """The first context key whose strata give disagreeing solid verdicts, with them."""
    for key in keys:
        strata = stratify(paths, key, weighing)
        if len(strata) > 1 and separates(strata) and not any(s.verdict == BIDIRECTIONAL for s in strata):
            return key, strata
    return None, []


def overall(strata: list[Stratum], whole: Stratum) -> tuple[str, float, str | None]:
    """The answer to the question from its strata (or, without strata, the whole): the
    verdict, its confidence and the separating key (None when none separates)."""
    if not strata:
        return whole.verdict, whole.confidence, whole.substrata_key
    solid = [s for s in strata if s.solid]
    one_sided = {s.verdict for s in solid if s.verdict in (INCREASES, DECREASES)}
    if len(one_sided) > 1:
        return BIDIRECTIONAL, round(min(max(s.up.score, s.down.score) for s in solid), 2), strata[0].key
    split = [s for s in solid if s.verdict == BIDIRECTIONAL]
    if split:
        return BIDIRECTIONAL, min(s.confidence for s in split), split[0].substrata_key
    if solid:
        best = max(solid, key=lambda s: s.confidence)
        return best.verdict, best.confidence, None
    best = max(strata, key=lambda s: (max(s.up.score, s.down.score), s.value or ""))
    return best.verdict, best.confidence, None
