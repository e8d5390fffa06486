"""Errors a curator or user can act on: each names the file, line and field at fault."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.message}"


class MechgraphError(Exception):
    """Base class of the errors the CLI reports without a traceback."""

    exit_code = 1


class CurationError(MechgraphError):
    """One or more problems in the curated files; nothing was written."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.field))
        super().__init__(self.render())

    def render(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the curated graph; nothing was written."
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class NotFoundError(MechgraphError):
    exit_code = 3


class AmbiguousError(MechgraphError):
    exit_code = 4


class StoreError(MechgraphError):
    exit_code = 5
