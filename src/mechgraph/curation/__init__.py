"""Reading the curated YAML of graph/ into the model, with errors that point at file and line."""

from mechgraph.curation.reader import read_graph_dir

__all__ = ["read_graph_dir"]
