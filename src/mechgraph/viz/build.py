"""Choosing and assembling a view from a store: whole graph, a focus, or an explanation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mechgraph.store import Store
from mechgraph.viz.data import LARGE, View, explain_view, graph_view, precompute_layout
from mechgraph.viz.overview import OVERVIEW_MIN, lay_out_modules

EXPLAINED = ("PD-1/PD-L1 inhibitor", "bone mineral density")


def view_for(
    store: Store,
    *,
    focus: str | None = None,
    radius: int = 1,
    explain: tuple[str, str] | None = None,
    context: Mapping[str, str] | None = None,
    cotherapy: Sequence[str] = (),
    include_flagged: bool = False,
) -> View:
    """The view to draw: an explanation (laid out in bands), a neighbourhood, or the whole
    graph (opening on its modules)."""
    from mechgraph.lookup import resolve_entity
    from mechgraph.reasoning.network import network_view

    if explain:
        from mechgraph.reasoning.explanation import explain_names

        return explain_view(
            explain_names(
                store,
                explain[0],
                explain[1],
                context=context,
                cotherapy=list(cotherapy),
                include_flagged=include_flagged,
            ),
            store,
        )
    g = network_view(store)
    focus_id = resolve_entity(store, focus).id if focus else None
    view = graph_view(g, store, focus=focus_id, radius=radius, context=context)
    if len(view.nodes) > LARGE:
        precompute_layout(view)
    elif focus_id is None and len(view.nodes) > OVERVIEW_MIN:
        lay_out_modules(view)
    return view


def exported_pages(store: Store) -> dict[str, str]:
    """The pages `mechgraph build` writes into exports/ and `mechgraph serve` serves."""
    import contextlib

    from mechgraph.errors import NotFoundError
    from mechgraph.viz.page import render

    pages = {"mechgraph.html": render(view_for(store))}
    # a graph without these entities (a test graph) has no explained page
    with contextlib.suppress(NotFoundError):
        pages["pd1-bone-explained.html"] = render(view_for(store, explain=EXPLAINED))
    return pages
