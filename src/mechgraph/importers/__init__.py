"""Readers for public signed networks, one module per format, and their loading into
the embedded store (``mechgraph.importers.load``).

Each reader is a generator of the model's contract (``mechgraph.model``): ``Entity`` and
``Statement`` items, and ``Skip`` for a row it cannot use (``common``); the store's writer
(``quads``) resolves the source's identifiers to store entities.
"""

from __future__ import annotations

from dataclasses import dataclass

GRAPH = "https://w3id.org/mechgraph/graph/"
ENTITIES_GRAPH = GRAPH + "entities"
RESERVED = ("curated", "imported", "all", "entities")


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    license: str
    description: str


def _formats() -> dict[str, Format]:
    """The import formats of the registry (mechgraph.io.registry), where they are named."""
    from mechgraph.io.registry import IMPORT, readers

    return {
        f.name: Format(f.name, str(f.read).partition(":")[0], f.license or "", f.title)
        for f in readers(IMPORT).values()
    }


def __getattr__(name: str):
    if name == "FORMATS":  # read when asked for: the registry may load plugins
        return _formats()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def graph_iri(source: str) -> str:
    """The named graph holding one imported source's statements."""
    return GRAPH + source
