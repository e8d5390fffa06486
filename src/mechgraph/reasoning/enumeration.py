"""Entity-simple signed paths of one length, enumerated depth-first inside a corridor.

The depth-first enumeration (``paths_of_length``) visits successors in the index's order
and steps only onto signed nodes from which the target can still be reached in the steps
left; how tight that bound is changes how much it explores, never what it finds or in which
order. The bound comes from a ``Corridor``: two breadth-first searches, one forwards from
the source and one backwards from the target, each grown a layer at a time on the cheaper
side (a transcription factor reaches thousands of genes in one step; a gene is regulated by
a few dozen), so a question never pays for the whole network:

- every node at position i of a path of L steps lies within i steps of the source, and every
  node at position i >= L - hb within hb steps of the target, hb being the depth of the
  backward search;
- so a path of L steps stays inside the nodes within L - hb - 1 steps forward and those
  within hb steps backward, and the fewest steps to the target inside that corridor never
  exceeds the steps a path has left: the enumeration may prune by it.

The backward search is kept for (target, +) only: the signed-node graph maps onto itself
when every sign is flipped, so the distance from (n, s) to (target, −) is the distance from
(n, −s) to (target, +). One search serves both signs and every start of a question.
"""

from __future__ import annotations

import time

from mechgraph.reasoning.signed import SignedIndex

FAR = 1 << 30  # no bound known: farther than any path
# a forward layer is read twice (grown, then read again for the bound), a backward one once;
# the choice changes the work done, never the bound's soundness (a test forces either side)
FORWARD_WEIGHT = 2


class Backward:
    """Fewest steps from signed nodes to (target, +), breadth-first backwards, grown one
    layer at a time; a step in ``skip`` (codes of ``SignedIndex.step_codes``) is never
    taken."""

    def __init__(self, index: SignedIndex, target: int, skip: frozenset = frozenset()) -> None:
        self._pred, self.skip = index.pred, skip
        goal = 2 * target
        self.dist: dict[int, int] = {goal: 0}
        self._frontier = [goal]
        self.depth = 0
        self.cost = len(self._pred[target])  # the work of the next layer

    @property
    def exhausted(self) -> bool:
        return not self._frontier

    def grow(self) -> None:
        dist, pred, skip = self.dist, self._pred, self.skip
        depth = self.depth + 1
        nxt = []
        for node in self._frontier:
            bit = node & 1
            for code in pred[node >> 1]:
                p = code ^ bit  # the predecessor's signed node: its bit is q xor ours
                if p not in dist and not (skip and (code >> 1, node & ~1 | code & 1) in skip):
                    dist[p] = depth
                    nxt.append(p)
        self._frontier, self.depth = nxt, depth
        self.cost = sum(len(pred[n >> 1]) for n in nxt)


class Forward:
    """Entities reachable from ``start`` by depth (either sign), grown one layer at a time."""

    def __init__(self, index: SignedIndex, start: int) -> None:
        self._succ = index.succ
        self.depth_of: dict[int, int] = {start: 0}
        self.layers: list[list[int]] = [[start]]
        self.cost = len(self._succ[start])

    @property
    def depth(self) -> int:
        return len(self.layers) - 1

    @property
    def exhausted(self) -> bool:
        return not self.layers[-1]

    def grow(self) -> None:
        seen, succ = self.depth_of, self._succ
        depth = len(self.layers)
        nxt = []
        for e in self.layers[-1]:
            for code in succ[e]:
                v = code >> 1
                if v not in seen:
                    seen[v] = depth
                    nxt.append(v)
        self.layers.append(nxt)
        self.cost = sum(len(succ[v]) for v in nxt)


class Corridor:
    """Lower bounds on the steps from signed nodes to (target, +) for paths from
    (start, ·), one table per path length, computed as the module docstring says."""

    def __init__(self, index: SignedIndex, backward: Backward, start: int) -> None:
        self._index, self.backward = index, backward
        self.forward = Forward(index, start)
        self._start = start
        self._tables: dict[int, dict[int, int]] = {}
        # the last table made, and whether one side was searched through when it was
        self._last: tuple[dict[int, int], bool] = ({}, False)

    def bounds(self, length: int) -> dict[int, int]:
        """For every signed node that can be on a path of ``length`` steps, a lower bound
        on its steps to (target, +) that such a path respects; nodes left out cannot be on
        one."""
        if length in self._tables:
            return self._tables[length]
        back, fwd = self.backward, self.forward
        while back.depth + fwd.depth < length and not back.exhausted and not fwd.exhausted:
            if FORWARD_WEIGHT * fwd.cost < back.cost:
                fwd.grow()
            else:
                back.grow()
        reach = -1 if back.exhausted else FAR if fwd.exhausted else length - back.depth - 1
        beyond = _within(self._index, fwd, back, reach) if reach >= 0 else None
        # without bounds of its own, the table is the backward search's: distances it adds
        # later are exact, and so never cut a path
        table = {**back.dist, **beyond} if beyond else back.dist
        self._tables[length] = table
        self._last = (table, back.exhausted or fwd.exhausted)
        return table

    def unreachable(self, goal: int) -> bool:
        """No path at all from (start, +) to ``goal`` (a signed node of the target): the
        last table was made with one of the two searches complete, and it leaves the
        start out. (The backward search may be shared with other starts: its state now is
        not the table's.)"""
        table, complete = self._last
        return complete and 2 * self._start ^ (goal & 1) not in table


def _within(index: SignedIndex, fwd: Forward, back: Backward, reach: int) -> dict[int, int]:
    """Fewest steps to (target, +) inside the corridor for the signed nodes of the entities
    within ``reach`` steps forward that the backward search has not reached."""
    succ, known, skip = index.succ, back.dist, back.skip
    entities = [e for layer in fwd.layers[: reach + 1] for e in layer]
    inside = set(entities)
    first: dict[int, int] = {}
    before: dict[int, list[int]] = {}  # pending node -> pending nodes with a step into it
    for e in entities:
        for bit in (0, 1):
            node = 2 * e + bit
            if node in known:
                continue
            best = FAR
            for code in succ[e]:
                if skip and (e, code) in skip:  # the enumeration trusts a bound of 1
                    continue
                w = code ^ bit
                d = known.get(w)
                if d is not None:
                    if d < best:
                        best = d
                elif w >> 1 in inside:
                    before.setdefault(w, []).append(node)
            if best < FAR:
                first[node] = best + 1
    out: dict[int, int] = {}
    buckets: dict[int, list[int]] = {}
    for node, d in first.items():
        buckets.setdefault(d, []).append(node)
    d = min(buckets, default=FAR)
    while buckets:  # breadth-first backwards from the nodes one step from the known ones
        todo = buckets.pop(d, [])
        for node in todo:
            if node in out:
                continue
            out[node] = d
            for p in before.get(node, ()):
                if p not in out:
                    buckets.setdefault(d + 1, []).append(p)
        d += 1
    return out


def paths_of_length(
    index: SignedIndex,
    a: int,
    b: int,
    length: int,
    bound: dict[int, int],
    deadline: float,
    skip: frozenset = frozenset(),
    clamp: frozenset[int] = frozenset(),
):
    """Every entity-simple signed path of exactly ``length`` steps from ``a`` to ``b`` (signed
    nodes), as lists of signed nodes in the index's order; yields None once past the
    deadline. ``bound`` is a ``Corridor`` table for (target, +); ``b`` may be (target, −).
    Entities in ``clamp`` are entered only by the first step (a drug's own targets)."""
    succ = index.succ
    flip = b & 1
    target = b >> 1
    get = bound.get
    within: dict[tuple[int, int], list[int]] = {}  # (node, steps left) -> its steps in bound

    def steps(node: int, left: int) -> list[int]:
        """The steps out of ``node`` onto signed nodes at most ``left`` steps from b; a
        node is reached by many paths, and a hub has thousands of steps to sift."""
        key = (node, left)
        found = within.get(key)
        if found is None:
            x = node & 1 ^ flip
            found = within[key] = [code for code in succ[node >> 1] if get(code ^ x, FAR) <= left]
        return found

    path, entities = [a], {a >> 1}
    stack = [iter(steps(a, length - 1)) if length > 1 else None]
    expanded = 0
    while stack:
        expanded += 1
        if expanded % 4096 == 0 and time.monotonic() > deadline:
            yield None
            return
        left = length - len(path)  # steps still to take after the next one
        here = path[-1]
        if left == 0:
            # here is one step from b by the bound, through a step not skipped
            yield [*path, b]
            stack.pop()
            entities.discard(path.pop() >> 1)
            continue
        bit, e = here & 1, here >> 1
        for code in stack[-1]:
            v = code >> 1
            if (
                v in entities
                or v == target
                or (skip and (e, code) in skip)
                or (clamp and len(path) > 1 and v in clamp)
            ):
                continue
            nxt = code ^ bit
            path.append(nxt)
            entities.add(v)
            stack.append(iter(steps(nxt, left - 1)) if left > 1 else None)
            break
        else:
            stack.pop()
            entities.discard(path.pop() >> 1)
