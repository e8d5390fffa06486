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
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise CurationError([Problem(file, line, "", f"malformed YAML: {problem}")]) from None
    lines: dict[Path, int] = {}
    if node is None:
        return PositionedYAML(None, {(): 1})
    loader = yaml.SafeLoader("")
    try:
        data = _construct(node, (), lines, file, loader)
    finally:
        loader.dispose()
    return PositionedYAML(data, lines)


def _construct(node: yaml.Node, path: Path, lines: dict[Path, int], file: str,
               loader: yaml.SafeLoader) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                raise CurationError([Problem(file, key_node.start_mark.line + 1, key,
                                             f"duplicate key {key!r}")])
            lines[(*path, key)] = key_node.start_mark.line + 1
            out[key] = _construct(value_node, (*path, key), lines, file, loader)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(v, (*path, i), lines, file, loader) for i, v in enumerate(node.value)]
    return loader.construct_object(node, deep=True)
