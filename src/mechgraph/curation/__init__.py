"""Reading the curated YAML of graph/ into the model, with errors that point at file and line.

The curation needs the ``curate`` extra (PyYAML, pydantic, pySHACL, Bioregistry); the
reader is imported when first asked for, so that the modules here that need none of it
(``checks``) serve the core install too.
"""

from __future__ import annotations

from typing import Any

__all__ = ["read_graph_dir"]


def __getattr__(name: str) -> Any:
    if name == "read_graph_dir":
        from mechgraph.extras import need_extra

        need_extra("curate", "reading the curated graph")
        from mechgraph.curation.reader import read_graph_dir

        return read_graph_dir
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
