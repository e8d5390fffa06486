"""The HTML view: draw the graph, a neighbourhood, or an explanation, as one offline page."""

from mechgraph.viz.data import LARGE, View, explain_view, graph_view, precompute_layout
from mechgraph.viz.page import render

__all__ = ["LARGE", "View", "explain_view", "graph_view", "precompute_layout", "render"]
