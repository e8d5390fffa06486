"""The optional parts of the install, and the one-line error a missing one gives.

The core install reads, queries and explains. Extras add the rest:

- ``curate``: build and validate the curated graph (PyYAML, pydantic, pySHACL, Bioregistry)
- ``viz``: the HTML views (pyvis, whose vis-network the pages inline)
- ``ndex``: CX2 for NDEx (ndex2)
- ``formats``: third-party libraries that read the exchange formats back (PyBEL)
- ``test``: everything the test suite needs, every extra included

A command that needs a missing extra stops with ``error: … needs … install
'mechgraph[EXTRA]'`` and exit code 69 (EX_UNAVAILABLE), never a traceback.
"""

from __future__ import annotations

from importlib.util import find_spec

from mechgraph.errors import MechgraphError

# what each extra brings, as importable modules
EXTRAS: dict[str, tuple[str, ...]] = {
    "curate": ("yaml", "pydantic", "pyshacl", "bioregistry"),
    "viz": ("pyvis",),
    "ndex": ("ndex2",),
    "formats": ("pybel",),
}


class MissingExtra(MechgraphError):
    """A part of mechgraph whose libraries are not installed."""

    exit_code = 69


def need(module: str, extra: str | None, what: str) -> None:
    """Raise MissingExtra unless ``module`` can be imported."""
    if find_spec(module) is None:
        raise MissingExtra(missing_message(what, [module], [extra] if extra else []))


def need_extra(*extras_and_what: str) -> None:
    """``need_extra(EXTRA…, WHAT)``: raise MissingExtra unless every module of the extras
    can be imported, naming them all in one line."""
    *extras, what = extras_and_what
    missing = [m for extra in extras for m in EXTRAS[extra] if find_spec(m) is None]
    lacking = [extra for extra in extras if any(find_spec(m) is None for m in EXTRAS[extra])]
    if missing:
        raise MissingExtra(missing_message(what, missing, lacking))


def missing_message(what: str, modules: list[str], extras: list[str]) -> str:
    how = f"pip install 'mechgraph[{','.join(extras)}]'" if extras else f"pip install {' '.join(modules)}"
    return f"{what} needs {', '.join(modules)} (not installed): {how}"
