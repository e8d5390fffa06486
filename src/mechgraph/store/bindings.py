"""Bound values written into a query's text, for engines whose planner does not see them.

Oxigraph substitutes a bound value after planning, so a query starting from a bound entity
is planned as if it started anywhere; a remote endpoint takes no bindings at all. Written
in as ``BIND`` in every group that names the variable, the value is visible to both.
"""

from __future__ import annotations

import re
from typing import Any

from mechgraph.errors import StoreError
from mechgraph.store.oxigraph import _term

_TOKEN = re.compile(
    r"""
    (?P<skip>\#[^\n]*|"{3}.*?"{3}|'{3}.*?'{3}|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'
        |<[^<>"{}|^`\\\s]*>)
    |(?P<var>[?$]\w+)
    |(?P<word>[A-Za-z_][\w-]*)
    |(?P<brace>[{}])
    """,
    re.VERBOSE | re.DOTALL,
)


def with_bindings(query: str, bindings: dict[str, Any]) -> str:
    """``query`` with ``BIND(term AS ?name)`` for each bound value opening its WHERE clause
    and every group inside it that mentions the variable.

    The embedded store substitutes a bound value wherever its variable occurs, nested groups
    and sub-selects included. One block at the head of the WHERE clause would not reach
    inside them (a UNION branch or a sub-select is evaluated on its own, then joined), so
    the binding is repeated in each group that names the variable. BIND rather than VALUES:
    with a VALUES block feeding a BIND at its head, Virtuoso 7.2 returned 29 of the 58
    chains of three-step-chains-from-source (?source bound), and hung on a variant.
    """
    if not bindings:
        return query
    terms = {name: str(_term(value)) for name, value in bindings.items()}
    groups = _groups(query)
    if not groups:
        raise StoreError("bound values need a query with a WHERE clause")
    insertions = []
    for n, (opening, mentioned) in enumerate(groups):
        names = list(terms) if n == 0 else [name for name in terms if name in mentioned]
        if names:
            binds = " ".join(f"BIND({terms[name]} AS ?{name})" for name in names)
            insertions.append((opening + 1, f" {binds}"))
    for at, text in reversed(insertions):
        query = query[:at] + text + query[at:]
    return query


def _groups(query: str) -> list[tuple[int, set[str]]]:
    """The group graph patterns of ``query``, outermost first: the offset of each opening
    brace and the variables named anywhere inside it. A CONSTRUCT template, the data of a
    VALUES block and the braces around a sub-select are not groups to add to."""
    tokens = [(m.lastgroup, m.group(), m.start()) for m in _TOKEN.finditer(query) if m.lastgroup != "skip"]
    groups: list[tuple[int, set[str]]] = []
    stack: list[int | None] = []  # index into groups, or None for a brace that is no group
    expect_data = expect_template = False
    for i, (kind, text, at) in enumerate(tokens):
        if kind == "word":
            word = text.upper()
            expect_data = expect_data or word == "VALUES"
            expect_template = word == "CONSTRUCT"
        elif kind == "var":
            for index in stack:
                if index is not None:
                    groups[index][1].add(text[1:])
        elif text == "{":
            following = tokens[i + 1][1].upper() if i + 1 < len(tokens) else ""
            if expect_data or expect_template or following == "SELECT":
                stack.append(None)
            else:
                groups.append((at, set()))
                stack.append(len(groups) - 1)
            expect_data = expect_template = False
        elif stack:
            stack.pop()
    return groups
