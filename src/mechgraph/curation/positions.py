"""YAML loading that remembers where every value was written.

PyYAML's composer keeps a start mark on each node; we keep them in a map from the
value's path (keys and list indices) to its line, so a schema error on
``statements[3].context.timeframe`` can name line 42.
"""

from __future__ import annotations

from typing import Any

import yaml

from mechgraph.errors import CurationError, Problem

Path = tuple[str | int, ...]


class PositionedYAML:
    def __init__(self, data: Any, lines: dict[Path, int]):
        self.data = data
        self.lines = lines

    def line_of(self, path: Path) -> int | None:
        """The line of the value at ``path``, or of its nearest written ancestor."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def load_positioned(text: str, file: str) -> PositionedYAML:
    """The YAML in ``text``, bounded: aliases may not expand it past ten values per byte
    of text (a few hundred bytes of aliases of aliases would otherwise grow without end),
    keys are plain values, and nesting stops short of the interpreter's recursion limit."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise CurationError([Problem(file, None, "", "malformed YAML: nested too deeply")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise CurationError([Problem(file, line, "", f"malformed YAML: {problem}")]) from None
    lines: dict[Path, int] = {}
    if node is None:
        return PositionedYAML(None, {(): 1})
    loader = yaml.SafeLoader("")
    budget = [10 * len(text) + 10_000]  # values left to build
    try:
        data = _construct(node, (), lines, file, loader, budget)
    except RecursionError:
        raise CurationError([Problem(file, None, "", "malformed YAML: nested too deeply")]) from None
    finally:
        loader.dispose()
    return PositionedYAML(data, lines)


def _construct(
    node: yaml.Node, path: Path, lines: dict[Path, int], file: str, loader: yaml.SafeLoader, budget: list[int]
) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise CurationError(
            [
                Problem(
                    file,
                    node.start_mark.line + 1,
                    "",
                    "the YAML expands to far more values than its text holds "
                    "(aliases of aliases?); write the values out",
                )
            ]
        )
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise CurationError(
                    [
                        Problem(
                            file,
                            key_node.start_mark.line + 1,
                            "",
                            "a key must be a plain value, not a list or map",
                        )
                    ]
                )
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                raise CurationError(
                    [Problem(file, key_node.start_mark.line + 1, key, f"duplicate key {key!r}")]
                )
            lines[(*path, key)] = key_node.start_mark.line + 1
            out[key] = _construct(value_node, (*path, key), lines, file, loader, budget)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(v, (*path, i), lines, file, loader, budget) for i, v in enumerate(node.value)]
    return loader.construct_object(node, deep=True)
