"""Curated files that are hostile or half broken: a YAML alias bomb is refused in bounded
time and memory, and one bad entity or one non-UTF-8 byte is reported once, at its line,
without discarding the rest of its file and cascading into "unknown entity" errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mechgraph.curation.reader import read_graph_dir
from mechgraph.errors import CurationError

ENTITIES = "graph/entities/core.yaml"


def _problems(root: Path) -> list:
    with pytest.raises(CurationError) as info:
        read_graph_dir(root / "graph", check_curies=False)
    return info.value.problems


def _bomb(levels: int = 9) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\nentities: []\n"


def test_an_alias_bomb_is_refused_within_bounds(mini_root):
    """Defect 8: a few hundred bytes of aliases made validate grow past 1.3 GB."""
    bomb = mini_root / "graph" / "entities" / "zz-bomb.yaml"
    bomb.write_text(_bomb(), encoding="utf-8")
    assert len(bomb.read_bytes()) < 600
    # in a child process with a memory ceiling, so that a regression fails instead of
    # taking the machine down
    script = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from mechgraph.curation.reader import read_graph_dir
        from mechgraph.errors import CurationError
        try:
            read_graph_dir({str(mini_root / "graph")!r}, check_curies=False)
        except CurationError as exc:
            print(exc)
            sys.exit(2)
    """)
    try:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("reading the alias bomb did not finish")
    assert done.returncode == 2, done.stderr[-2000:]
    assert "graph/entities/zz-bomb.yaml:" in done.stdout
    assert "expands to far more values than its text holds" in done.stdout


def test_a_complex_key_and_deep_nesting_are_problems_not_tracebacks(mini_root):
    path = mini_root / "graph" / "entities" / "zz-odd.yaml"
    path.write_text("? [a, b]\n: 1\nentities: []\n", encoding="utf-8")
    (problem,) = _problems(mini_root)
    assert problem.file.endswith("zz-odd.yaml") and "a key must be a plain value" in problem.message
    path.write_text("entities: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    (problem,) = _problems(mini_root)
    assert problem.file.endswith("zz-odd.yaml") and "nested too deeply" in problem.message


def test_one_entity_with_a_wrong_type_is_one_problem(mini_root):
    """Defect 9: one bad entity discarded its whole file, with a cascade of errors."""
    path = mini_root / ENTITIES
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    type: pathway", "    type: pathwy", 1), encoding="utf-8")
    problems = _problems(mini_root)
    assert [(p.file, p.line, p.field) for p in problems] == [(ENTITIES, 18, "entities[3].type")]
    assert "expected one of" in problems[0].message and "'pathwy'" in problems[0].message


def test_a_non_utf8_byte_is_one_problem_at_its_line(mini_root):
    """Defect 9: a non-UTF-8 byte discarded the whole file, with a cascade of errors."""
    path = mini_root / ENTITIES
    raw = path.read_bytes().replace(b"checkpoint receptor", b"checkpoint r\xe9ceptor", 1)
    path.write_bytes(raw)
    problems = _problems(mini_root)
    assert [(p.file, p.line) for p in problems] == [(ENTITIES, 5)]
    assert "not UTF-8 (byte 0xe9)" in problems[0].message
