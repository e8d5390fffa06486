"""The README's tour of the reading commands runs as written, on the shipped graph."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner
from conftest import REPO

from mechgraph.cli import cli

READING = ("search", "show", "explain", "paths", "contradictions")


def tour() -> list[list[str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## A tour\n\n```bash\n(.*?)```", text, re.S).group(1)
    commands = [shlex.split(line, comments=True) for line in block.splitlines()]
    return [c[1:] for c in commands if c and c[0] == "mechgraph" and c[1] in READING]


@pytest.mark.parametrize("args", tour(), ids=" ".join)
def test_tour_command_runs(args):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    if args[0] == "explain" and "--all" not in args and "json" not in args:
        assert len(result.output.splitlines()) <= 60
        assert result.output.splitlines()[2].startswith(("Verdict:", "**Verdict:"))
