"""Co-therapy: which of A's paths to B a second agent C blocks or reinforces.

C **blocks** a path of A where C moves an entity on it the other way than A does there (A
raises RANKL on its long-term path to bone resorption, denosumab inhibits RANKL), and
**reinforces** it where C moves the entity the same way. C's effect on an entity is its
best counted signed path to it (at most ``REACH`` steps, through C's classes too), under
the path's timeframe, so a long-term path is only blocked by what holds in the long term
(or with no stated timeframe). The first entity on the path that C acts on decides; A's own
drug targets are held by A (see ``mechgraph.reasoning.routes``) and not acted on. What C
does to B itself is C's own verdict on B, which **counters** A's verdict in a stratum where
the two have opposite signs. Reported per stratum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mechgraph.reasoning import routes
from mechgraph.reasoning.evidence import Weighing
from mechgraph.reasoning.paths import Filters, Path, find_paths

if TYPE_CHECKING:
    from mechgraph.reasoning.multigraph import Network

REACH = 3  # steps from the co-therapy to an entity of a path
BLOCKS, REINFORCES = "blocks", "reinforces"


@dataclass
class Action:
    """What the co-therapy does to one entity: its net sign, by its best path."""

    node: str
    sign: int
    path: Path
    support: float


@dataclass
class PathEffect:
    """A path of the source, and what the co-therapy does to it."""

    path: Path
    stratum: str | None  # the stratum value (timeframe) the path belongs to
    effect: str  # blocks | reinforces
    action: Action


@dataclass
class CoTherapy:
    agent: str
    source: str
    target: str
    effects: list[PathEffect] = field(default_factory=list)
    considered: dict[tuple[str | None, int], int] = field(default_factory=dict)
    alone: object | None = None  # the agent's own explanation of the target
    graph: Network | None = None
    verdicts: list[tuple[str | None, str]] = field(default_factory=list)  # the source's

    def summary(self) -> list[tuple[str | None, int, str, int, int, list[str]]]:
        """(stratum, sign, effect, paths affected, paths considered, entities acted on)."""
        out = []
        for (stratum, sign), total in sorted(
            self.considered.items(), key=lambda kv: (kv[0][0] or "", -kv[0][1])
        ):
            for effect in (BLOCKS, REINFORCES):
                mine = [
                    e
                    for e in self.effects
                    if e.stratum == stratum and e.path.sign == sign and e.effect == effect
                ]
                if mine:
                    nodes = list(dict.fromkeys(e.action.node for e in mine))
                    out.append((stratum, sign, effect, len(mine), total, nodes))
        return out

    def counters(self) -> list[str | None]:
        """The strata (values) whose verdict the agent's own verdict on the target opposes."""
        alone = getattr(self.alone, "verdict", None)
        if alone not in ("increases", "decreases"):
            return []
        opposite = "decreases" if alone == "increases" else "increases"
        return [value for value, verdict in self.verdicts if verdict == opposite]

    def to_json(self, index) -> dict:
        from mechgraph.render.cotherapy import cotherapy_json

        return cotherapy_json(self, index)

    def text_lines(self, g, md: bool) -> list[str]:
        from mechgraph.render.cotherapy import cotherapy_lines

        return cotherapy_lines(self, g, md)


def _sign_at(path: Path, node: str) -> int:
    """The sign of the source's effect on ``node`` along ``path``."""
    sign = 1
    for h in path.hops:
        sign *= h.sign
        if h.target == node:
            return sign
    return sign


def _entry(path: Path) -> int:
    """The index of the first node after the hierarchy steps (the start of the causal chain)."""
    i = 0
    while i < len(path.hops) and path.hops[i].inherited:
        i += 1
    return i


def cotherapy(ex, agent: str) -> CoTherapy:
    """What ``agent`` does to the paths of the explanation ``ex``, per stratum."""
    from mechgraph.reasoning.explanation import explain_ids

    g = ex.graph
    result = CoTherapy(agent, ex.source, ex.target, graph=g)
    strata = ex.strata or ([ex.whole] if ex.whole else [])
    actions: dict[tuple[str, str | None], Action | None] = {}
    result.verdicts = [(s.value, s.verdict) for s in strata]
    for s in strata:
        weighing = s.weighing
        tf = s.value if s.key == "timeframe" else ex.bounds["context"].get("timeframe")
        for sd in (s.up, s.down):
            result.considered[(s.value, sd.sign)] = len(sd.paths)
            for p in sd.paths:
                # the source holds its own drug targets fixed: nothing acts on them there
                held = routes.drug_targets(g, p.nodes[_entry(p)]) | routes.drug_targets(g, ex.source)
                for node in p.nodes[_entry(p) + 1 : -1]:
                    if node == agent or node in held:
                        continue
                    key = (node, p.timeframe or tf)
                    if key not in actions:
                        actions[key] = _action(g, agent, node, p.timeframe or tf, weighing, ex)
                    act = actions[key]
                    if act is None:
                        continue
                    effect = BLOCKS if act.sign != _sign_at(p, node) else REINFORCES
                    result.effects.append(PathEffect(p, s.value, effect, act))
                    break
    bounds = {**ex.bounds, "context": dict(ex.bounds["context"])}
    if agent != ex.target:
        result.alone = explain_ids(g, agent, ex.target, bounds)
    return result


def _action(g, agent: str, node: str, timeframe: str | None, weighing: Weighing, ex) -> Action | None:
    """The agent's best counted signed path to ``node`` under the timeframe, if any."""
    from mechgraph.reasoning.explanation import _excluded

    context = dict(ex.bounds["context"])
    if timeframe:
        context["timeframe"] = timeframe
    filters = Filters(
        context=context,
        avoid=frozenset(ex.bounds["avoid"]) - {node},
        exclude=frozenset(_excluded(g, weighing)),
    )
    found = find_paths(
        g,
        agent,
        node,
        max_length=REACH,
        limit=3,
        timeout=1.0,
        filters=filters,
        weighing=weighing,
        clamp_targets=True,
    )
    if not found.paths:
        return None
    best = found.paths[0]
    return Action(node, best.sign, best, best.reliability(weighing))
