"""The command line: a thin face over the library (it formats, the library decides).

Imports happen inside the commands so that start-up stays fast.

Exit codes: 0 success; 1 failure (stale exports, store or other error); 2 invalid
curated graph; 3 entity not found; 4 ambiguous entity name; 5 store error;
64 usage error (click's own is 2, remapped so that 2 keeps its meaning); 65 a query that
cannot run; 69 an extra the command needs is not installed (mechgraph.extras).
"""

from mechgraph.cli import curation, networks, reading, sparql  # noqa: F401  (they register)
from mechgraph.cli.base import cli, main

__all__ = ["cli", "main"]
