"""SPARQL: queries, loading another store, and the read-only endpoint."""

from __future__ import annotations

from pathlib import Path

import click

from mechgraph.cli.base import PORT, POSITIVE, SECONDS, cli, ctx_store, source_option
from mechgraph.io.registry import SPARQL_RESULTS, rdf_names


@cli.command()
@click.argument("text", required=False)
@click.option(
    "-f",
    "--file",
    "file",
    type=click.File("r", encoding="utf-8"),
    help="Read the query from FILE ('-' for standard input).",
)
@click.option("--example", "example_name", metavar="NAME", help="Run a query of the cookbook.")
@click.option("--list-examples", is_flag=True, help="List the cookbook's queries.")
@click.option("--prefixes", "show_prefixes", is_flag=True, help="List the predeclared prefixes.")
@click.option(
    "--bind",
    "binds",
    multiple=True,
    metavar="VAR=VALUE",
    help="Bind ?VAR to VALUE before running (repeatable), written as in Turtle: <IRI>, "
    '36 (an integer), 3.5, true, "text"@en, "36"^^xsd:integer; anything '
    "else is a plain string.",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let the query use SERVICE, i.e. make the store send requests to other "
    "servers (refused by default).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*SPARQL_RESULTS, *rdf_names()]),
    help="Result format (default: table for SELECT/ASK, turtle for CONSTRUCT/DESCRIBE).",
)
@source_option
@click.pass_context
def query(ctx, text, file, example_name, list_examples, show_prefixes, binds, allow_service, fmt) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the store."""
    from mechgraph import vocab
    from mechgraph.sparql import QueryError, example, examples, parse_value, serialize
    from mechgraph.sparql import query as run

    if show_prefixes:
        for prefix, ns in vocab.PREFIXES.items():
            click.echo(f"PREFIX {prefix}: <{ns}>")
        return
    if list_examples:
        for ex in examples().values():
            click.echo(f"{ex.name:34} {ex.title}")
        return
    sources = [x for x in (text, file, example_name) if x]
    if len(sources) != 1:
        raise click.UsageError("give exactly one of QUERY, -f FILE or --example NAME")
    if example_name:
        text = example(example_name).text
    elif file:
        text = file.read()
    bindings = {}
    for item in binds:
        var, sep, value = item.partition("=")
        name = var.strip().lstrip("?$")
        if not sep or not name.replace("_", "a").isalnum():
            raise click.BadParameter(f"{item!r}: expected VAR=VALUE", param_hint="--bind")
        try:
            bindings[name] = parse_value(value)
        except QueryError as exc:
            raise click.BadParameter(f"{item!r}: {exc}", param_hint="--bind") from None
    result = run(text, ctx_store(ctx), bindings, allow_service=allow_service)
    chosen = fmt or ("turtle" if result.kind == "graph" else "table")
    click.echo(serialize(result, chosen), nl=False)


@cli.command()
@click.argument("target")
@click.option(
    "--file",
    "source",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="RDF to load (default: the graph shipped with mechgraph).",
)
@click.option(
    "--graph-store",
    metavar="URL",
    help="Graph Store Protocol URL (default: the endpoint's /store, as Oxigraph).",
)
@click.option("--update", metavar="URL", help="SPARQL Update URL, when there is no GSP.")
def load(target, source, graph_store, update) -> None:
    """Load the graph into TARGET: a remote endpoint (sparql+http://HOST/query) or an
    Oxigraph directory. The target's default graph is replaced."""
    from mechgraph.store import shipped_graph_path, write_oxigraph
    from mechgraph.store.remote import is_remote, push

    path = source or shipped_graph_path()
    if path.suffix != ".nt":
        raise click.BadParameter("load takes N-Triples (.nt), as mechgraph build writes", param_hint="--file")
    text = path.read_text(encoding="utf-8")
    triples = sum(1 for line in text.splitlines() if line.strip())
    if is_remote(target):
        where = push(text, target, graph_store=graph_store, update=update)
    else:
        where = target.removeprefix("oxigraph:")
        write_oxigraph(text, Path(where))
    click.echo(f"loaded {triples} triples into {where}")


@cli.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback exposes the endpoint.",
)
@click.option("--port", default=7878, show_default=True, type=PORT)
@click.option("--timeout", default=10.0, show_default=True, type=SECONDS, help="Seconds per query.")
@click.option(
    "--max-rows",
    default=10_000,
    show_default=True,
    type=POSITIVE,
    help="Most solutions or triples in one result.",
)
@click.option(
    "--memory-mb",
    default=2048,
    show_default=True,
    type=click.IntRange(min=64),
    help="Memory ceiling of each query worker.",
)
@click.option(
    "--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="Query worker processes."
)
@click.option(
    "--viz",
    "viz_path",
    type=click.Path(exists=True, dir_okay=False),
    help="An HTML page to serve at /viz instead of the views drawn from the store.",
)
@click.option(
    "--max-queue",
    default=64,
    show_default=True,
    type=POSITIVE,
    help="Most queries waiting for a worker; beyond, 503 with Retry-After.",
)
@click.option(
    "--idle-timeout",
    default=15.0,
    show_default=True,
    type=SECONDS,
    help="Seconds a client has to send a whole request (and to send the next one "
    "on a kept-alive connection).",
)
@click.option(
    "--max-connections",
    default=256,
    show_default=True,
    type=POSITIVE,
    help="Most open connections; beyond, 503.",
)
@click.option(
    "--cors",
    "cors",
    multiple=True,
    metavar="ORIGIN",
    help="Let pages of ORIGIN (e.g. http://localhost:3000, or '*' for any) query the "
    "endpoint from a browser and read the answers (repeatable; default: none).",
)
@click.pass_context
def serve(
    ctx,
    host,
    port,
    timeout,
    max_rows,
    memory_mb,
    workers,
    viz_path,
    max_queue,
    idle_timeout,
    max_connections,
    cors,
) -> None:
    """A read-only SPARQL 1.1 Protocol endpoint with a query page, at /sparql."""
    from mechgraph.server.http import serve as run
    from mechgraph.server.workers import Limits

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host} exposes the endpoint beyond this machine", err=True)
    limits = Limits(
        timeout=timeout,
        max_rows=max_rows,
        memory_mb=memory_mb,
        max_queue=max_queue,
        queue_seconds=max(30.0, 3 * timeout),
        penalty_seconds=max(60.0, 6 * timeout),
    )

    def ready(url: str) -> None:
        click.echo(
            f"mechgraph SPARQL endpoint on {url} (read-only; {timeout:g} s, "
            f"{max_rows} rows, {memory_mb} MB per query); Ctrl-C stops it",
            err=True,
        )

    import contextlib

    with contextlib.suppress(KeyboardInterrupt):
        run(
            ctx.obj.get("store"),
            host,
            port,
            limits=limits,
            workers=workers,
            viz_path=viz_path,
            cors=cors,
            idle_seconds=idle_timeout,
            max_connections=max_connections,
            ready=ready,
        )
