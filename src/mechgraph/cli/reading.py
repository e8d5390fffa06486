"""Reading the graph: finding entities, their statements, paths and explanations."""

from __future__ import annotations

import json
import sys

import click

from mechgraph.cli.base import (
    FORMATS,
    POSITIVE,
    cli,
    ctx_store,
    parse_context,
    search_options,
    source_option,
)


@cli.command()
@click.argument("term")
@click.option("--limit", default=20, show_default=True, type=POSITIVE)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@source_option
@click.pass_context
def search(ctx: click.Context, term: str, limit: int, fmt: str) -> None:
    """Find entities by label, synonym, id or CURIE (case-insensitive, best first)."""
    from dataclasses import asdict

    from mechgraph.lookup import find_entities, reference_in

    store = ctx_store(ctx)
    reference = reference_in(store, term)
    if reference is not None:
        _echo_reference(reference, fmt, brief=True)
        return
    hits = find_entities(store, term, limit=limit)
    if fmt == "json":
        click.echo(json.dumps([asdict(h) for h in hits], indent=2, ensure_ascii=False))
        return
    if not hits:
        click.echo(f"no entity matches {term!r}", err=True)
        sys.exit(3)
    for h in hits:
        via = "" if h.how == "label" else f"  ({h.how}: {h.matched})"
        click.echo(f"{h.id}\t{h.label}\t{h.type}{via}")


@cli.command()
@click.argument("entity")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="List every imported statement with its evidence (text lists the curated ones "
    "and the first few imported per section; json always has them all).",
)
@source_option
@click.pass_context
def show(ctx: click.Context, entity: str, fmt: str, every: bool) -> None:
    """One entity: identifiers, and its statements in and out with their evidence."""
    from mechgraph.lookup import entity_view, reference_in
    from mechgraph.render.text import entity_text

    store = ctx_store(ctx)
    reference = reference_in(store, entity)
    if reference is not None:
        _echo_reference(reference, fmt, brief=False)
        return
    view = entity_view(store, entity)
    if fmt == "json":
        from mechgraph.render.text import entity_json

        click.echo(json.dumps(entity_json(view), indent=2, ensure_ascii=False))
    else:
        click.echo(entity_text(view, every_imported=every))


def _echo_reference(reference, fmt: str, *, brief: bool) -> None:
    from mechgraph.render.text import reference_json, reference_text

    if fmt == "json":
        click.echo(json.dumps(reference_json(reference), indent=2, ensure_ascii=False))
    else:
        click.echo(reference_text(reference, brief=brief))


@cli.command()
@click.option("--coverage", is_flag=True, help="Also list the statements covering each section.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@click.pass_context
def stats(ctx: click.Context, coverage: bool, fmt: str) -> None:
    """Counts by type, relation and evidence kind; grounding; flags; section coverage."""
    from dataclasses import asdict

    from mechgraph.render.text import stats_text
    from mechgraph.summary import stats as run

    result = run(ctx_store(ctx))
    if fmt == "json":
        data = asdict(result)
        data["grounded_share"] = round(result.grounded_share, 4)
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(stats_text(result, coverage=coverage))


@cli.command()
@click.argument("source")
@click.argument("target")
@click.option(
    "--sign", type=click.Choice(["+", "-", "increases", "decreases"]), help="Only paths with this net effect."
)
@click.option("--via", multiple=True, help="Entity every path must pass through.")
@click.option(
    "--include-incoherent",
    is_flag=True,
    help="Also return paths mixing short-term and long-term steps (marked).",
)
@search_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@source_option
@click.pass_context
def paths(
    ctx,
    source,
    target,
    sign,
    via,
    include_incoherent,
    max_length,
    limit,
    contexts,
    direct_only,
    avoid,
    timeout,
    fmt,
) -> None:
    """Signed paths from SOURCE to TARGET, best first, each step with its evidence."""
    from mechgraph.lookup import resolve_entity
    from mechgraph.reasoning.network import network_view
    from mechgraph.reasoning.paths import Filters, find_paths
    from mechgraph.render.explanations import paths_json, paths_text

    store = ctx_store(ctx)
    src, tgt = resolve_entity(store, source).id, resolve_entity(store, target).id
    filters = Filters(
        context=parse_context(contexts),
        direct_only=direct_only,
        avoid=frozenset(resolve_entity(store, a).id for a in avoid),
    )
    want = {"+": 1, "increases": 1, "-": -1, "decreases": -1}.get(sign) if sign else None
    g = network_view(store)
    result = find_paths(
        g,
        src,
        tgt,
        sign=want,
        max_length=max_length,
        limit=limit,
        timeout=timeout,
        filters=filters,
        via=[resolve_entity(store, v).id for v in via],
        include_incoherent=include_incoherent,
    )
    click.echo(paths_json(result, g) if fmt == "json" else paths_text(result, g))


@cli.command()
@click.argument("source")
@click.argument("target")
@search_options
@click.option(
    "--with",
    "cotherapy",
    multiple=True,
    metavar="AGENT",
    help="A co-therapy given with SOURCE: which of SOURCE's paths it blocks or reinforces (repeatable).",
)
@click.option(
    "--include-flagged",
    is_flag=True,
    help="Count flagged, hedged and proposed statements towards the verdict.",
)
@click.option(
    "--all", "show_all", is_flag=True, help="Show every path and direct statement with its evidence."
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True
)
@source_option
@click.pass_context
def explain(
    ctx,
    source,
    target,
    max_length,
    limit,
    contexts,
    direct_only,
    avoid,
    timeout,
    cotherapy,
    include_flagged,
    show_all,
    fmt,
) -> None:
    """What SOURCE does to TARGET and why: a verdict (increases, decreases, bidirectional,
    no known effect) per stratum of the context that separates the two directions, decided
    by weighed evidence, with the best paths, the dissent and what was not counted."""
    from mechgraph.reasoning.explanation import explain_names
    from mechgraph.render.explanations import explanation_json, explanation_text

    result = explain_names(
        ctx_store(ctx),
        source,
        target,
        max_length=max_length,
        limit=limit,
        timeout=timeout,
        context=parse_context(contexts),
        direct_only=direct_only,
        avoid=avoid,
        include_flagged=include_flagged,
        cotherapy=list(cotherapy),
    )
    if fmt == "json":
        click.echo(explanation_json(result))
    else:
        click.echo(explanation_text(result, markdown=fmt == "markdown", full=show_all))


@cli.command()
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="List every group of imported statements (text lists the groups with a curated "
    "statement and the first few others; json always has them all).",
)
@source_option
@click.pass_context
def contradictions(ctx, fmt, every) -> None:
    """Statements of opposite sign about the same subject and object, a class and its
    member, or an object and its part, with each side's context and references (the
    cookbook's contradicting-statement-pairs, as pairs grouped by entities)."""
    from mechgraph.reasoning.conflicts import contradictions as run
    from mechgraph.reasoning.network import network_view
    from mechgraph.render.conflicts import contradictions_json, contradictions_text

    g = network_view(ctx_store(ctx))
    found = run(g)
    click.echo(contradictions_json(found) if fmt == "json" else contradictions_text(found, g, every=every))
