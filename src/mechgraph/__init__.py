"""mechgraph: a signed, evidence-carrying knowledge graph of biological mechanisms.

The public API is imported lazily so that ``import mechgraph`` (and the CLI) stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"  # the one place: pyproject.toml and the dataset description read it

_API = {
    "read_graph_dir": "mechgraph.curation",
    "build": "mechgraph.builder",
    "open_store": "mechgraph.store",
    "search": "mechgraph.lookup",
    "resolve": "mechgraph.lookup",
    "show": "mechgraph.lookup",
    "stats": "mechgraph.summary",
    "load_network": "mechgraph.reasoning.network",
    "find_paths": "mechgraph.reasoning.paths",
    "explain": "mechgraph.reasoning.explanation",
    "contradictions": "mechgraph.reasoning.conflicts",
    "query": "mechgraph.sparql",
}

__all__ = ["__version__", *_API]

if TYPE_CHECKING:  # pragma: no cover
    from mechgraph.builder import build
    from mechgraph.curation.reader import read_graph_dir
    from mechgraph.lookup import resolve, search, show
    from mechgraph.reasoning.conflicts import contradictions
    from mechgraph.reasoning.explanation import explain
    from mechgraph.reasoning.network import load_network
    from mechgraph.reasoning.paths import find_paths
    from mechgraph.sparql import query
    from mechgraph.store import open_store
    from mechgraph.summary import stats


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'mechgraph' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
