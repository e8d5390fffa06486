"""Networks in and out: the HTML view, importers of public networks, exports."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mechgraph.cli.base import (
    NON_NEGATIVE,
    FormatChoice,
    FormatsCommand,
    cli,
    ctx_store,
    parse_context,
    source_option,
)


@cli.command()
@click.option("--focus", help="Draw the neighbourhood of this entity only.")
@click.option("--radius", default=1, show_default=True, type=NON_NEGATIVE, help="Steps around --focus.")
@click.option(
    "--explain",
    "explain_pair",
    nargs=2,
    metavar="SOURCE TARGET",
    help="Draw the paths of `mechgraph explain SOURCE TARGET`.",
)
@click.option(
    "--context",
    "contexts",
    multiple=True,
    metavar="KEY=VALUE",
    help="Only statements compatible with this context (repeatable).",
)
@click.option(
    "--with",
    "cotherapy",
    multiple=True,
    metavar="AGENT",
    help="With --explain: a co-therapy; the paths it blocks are dimmed.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mechgraph.html"),
    show_default=True,
)
@source_option
@click.pass_context
def viz(ctx, focus, radius, explain_pair, contexts, cotherapy, output) -> None:
    """Draw the graph as one offline HTML page (vis-network): signed arrows, evidence on
    click, a legend and a search box."""
    from mechgraph.extras import need_extra

    need_extra("viz", "mechgraph viz")
    from mechgraph.viz import LARGE, render
    from mechgraph.viz.build import view_for

    store = ctx_store(ctx)
    view = view_for(
        store,
        focus=focus,
        radius=radius,
        explain=explain_pair,
        context=parse_context(contexts),
        cotherapy=cotherapy,
    )
    if len(view.nodes) > LARGE:
        click.echo(
            f"warning: {len(view.nodes)} entities (over {LARGE}): the page is laid out "
            "in advance with physics off; --focus ENTITY --radius N draws a readable "
            "part",
            err=True,
        )
    output.write_text(render(view), encoding="utf-8")
    click.echo(f"wrote {output} ({len(view.nodes)} entities, {len(view.edges)} arrows)")


def _store_dir(ctx: click.Context, store: str | None) -> Path:
    """The on-disk store an import writes: --store, else the checkout's .mechgraph/store."""
    spec = store or ctx.obj.get("store")
    if isinstance(spec, str) and spec:
        kind, sep, rest = spec.partition(":")
        if sep and kind in ("file", "rdflib") or spec.startswith(("sparql+", "http")):
            raise click.BadParameter(
                "imports go into an embedded store: oxigraph:DIR or DIR", param_hint="--store"
            )
        return Path(rest if sep and kind == "oxigraph" else spec)
    from mechgraph.builder import Layout
    from mechgraph.errors import MechgraphError

    try:
        return Layout.find().store
    except MechgraphError:
        return Path(".mechgraph") / "store"


@cli.command("import", cls=FormatsCommand, kind="import", write=False)
@click.argument("fmt", metavar="FORMAT", type=FormatChoice("import", write=False))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--store",
    "store",
    metavar="DIR",
    help="Embedded store to write (oxigraph:DIR; default .mechgraph/store, created "
    "with the curated graph when missing).",
)
@click.option("--source-name", help="Name of the source's named graph (default: FORMAT).")
@click.option("--strict", is_flag=True, help="Fail on the first row that cannot be imported.")
@click.option("--taxon", metavar="TAXID", help="Keep only rows of this species (e.g. 9606).")
@click.option("--license", "licence", help="Licence to record for the source.")
@click.option("--data-version", help="Version to record for the source (default: file hash).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--wait",
    is_flag=True,
    help="When another import or build is writing the store, wait for it to finish "
    "(default: stop with an error).",
)
@click.option(
    "--no-prepare",
    is_flag=True,
    help="Prepare only this source's part of the network view, not the views of every "
    "source (when more imports follow; the first reading command assembles them).",
)
@click.pass_context
def import_network(
    ctx, fmt, file, store, source_name, strict, taxon, licence, data_version, quiet, wait, no_prepare
) -> None:
    """Import a public signed network FILE into the embedded store, in its own named graph,
    merged by identifier with the curated entities; all or nothing."""
    from mechgraph.extras import need

    need("bioregistry", "curate", "mechgraph import (identifiers become Bioregistry IRIs)")
    from mechgraph.importers.load import import_file, prepare_source, prepare_views

    target = _store_dir(ctx, store)
    size = file.stat().st_size
    with click.progressbar(length=size, label=f"importing {file.name}", file=sys.stderr, hidden=quiet) as bar:
        report = import_file(
            fmt,
            file,
            target,
            source=source_name,
            strict=strict,
            taxon=taxon,
            license=licence,
            version=data_version,
            progress=bar.update,
            wait=wait,
            on_wait=lambda msg: click.echo(msg, err=True),
        )
    click.echo(report.summary())
    click.echo(f"store: {target}")
    if no_prepare:
        seconds = prepare_source(target, report.source)
        click.echo(f"network part of {report.source!r} prepared in {seconds:.1f} s")
    else:
        seconds = prepare_views(target)
        click.echo(f"network view and names of every source prepared in {seconds:.1f} s")


@cli.command("export", cls=FormatsCommand, kind="network", write=True)
@click.argument("fmt", metavar="FORMAT", type=FormatChoice("network", write=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: standard output).",
)
@source_option
@click.pass_context
def export_network(ctx, fmt, output) -> None:
    """Write the entities and statements of SOURCE in FORMAT (the formats below); the
    curated graph's GraphML and tables are those `mechgraph build` writes into exports/."""
    from mechgraph.io import registry
    from mechgraph.io.rdf_reader import read_knowledge

    write = registry.get(fmt).writer()  # a missing extra is reported before any work
    k = read_knowledge(ctx_store(ctx))
    text = write(k)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {len(k.statements)} statements, {len(k.entities)} entities to {output}", err=True)
    else:
        click.echo(text, nl=False)
