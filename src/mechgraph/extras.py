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
        raise MissingExtra(missing_message(what, [module], extra))


def need_extra(extra: str, what: str) -> None:
    """Raise MissingExtra unless every module of ``extra`` can be imported."""
    missing = [m for m in EXTRAS[extra] if find_spec(m) is None]
    if missing:
        raise MissingExtra(missing_message(what, missing, extra))


def missing_message(what: str, modules: list[str], extra: str | None) -> str:
    how = f"pip install 'mechgraph[{extra}]'" if extra else f"pip install {' '.join(modules)}"
    return f"{what} needs {', '.join(modules)}, which is not installed: {how}"
