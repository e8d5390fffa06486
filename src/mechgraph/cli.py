"""The command line: a thin face over the library (it formats, the library decides).

Imports happen inside the commands so that start-up stays fast.

Exit codes: 0 success; 1 failure (stale exports, store or other error); 2 invalid
curated graph; 3 entity not found; 4 ambiguous entity name; 5 store error;
64 usage error (click's own is 2, remapped so that 2 keeps its meaning).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from mechgraph import __version__

FORMATS = click.Choice(["text", "json"])


class _Group(click.Group):
    def main(self, *args, **kwargs):  # type: ignore[override]
        from mechgraph.errors import MechgraphError

        kwargs.setdefault("standalone_mode", False)
        try:
            return super().main(*args, **kwargs)
        except MechgraphError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("aborted", err=True)
            sys.exit(130)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(64)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mechgraph")
@click.option("--store", "store_spec", envvar="MECHGRAPH_STORE", metavar="STORE",
              help="Graph to read: an Oxigraph directory, an RDF file (oxigraph:DIR, file:FILE); "
                   "default: the graph shipped with mechgraph.")
@click.pass_context
def cli(ctx: click.Context, store_spec: str | None) -> None:
    """mechgraph: a signed knowledge graph of the mechanisms by which PD-1/PD-L1 blockade
    and bone-tumour immunotherapy act on bone, with the evidence behind every step."""
    ctx.obj = {"store": store_spec}


def _store(ctx: click.Context):
    from mechgraph.store import open_store

    return open_store(ctx.obj.get("store"))


def _root_option(f):
    return click.option("--root", type=click.Path(file_okay=False, path_type=Path),
                        help="Repository holding graph/ (default: found from the current folder).")(f)


def _seeds_option(f):
    f = click.option("--no-verify-quotes", is_flag=True,
                     help="Skip checking quotes against the seed texts.")(f)
    return click.option("--seeds", type=click.Path(file_okay=False, path_type=Path),
                        envvar="MECHGRAPH_SEEDS",
                        help="Folder holding the seed texts (default: ../shared/seeds beside "
                             "the repository).")(f)


@cli.command()
@_root_option
@_seeds_option
@click.option("--check", is_flag=True, help="Write nothing; fail if exports/ is not up to date.")
@click.option("--store-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the embedded Oxigraph store (default: .mechgraph/store).")
def build(root: Path | None, seeds: Path | None, no_verify_quotes: bool, check: bool,
          store_dir: Path | None) -> None:
    """Build graph/ into the store and exports/ (validated; all or nothing)."""
    import time

    from mechgraph.builder import build as run

    t0 = time.perf_counter()
    result = run(root, seeds_dir=seeds, verify_quotes=not no_verify_quotes, check=check,
                 store_dir=store_dir)
    k = result.knowledge
    summary = (f"{len(k.statements)} statements, {len(k.entities)} entities, "
               f"{result.triples} triples")
    if check:
        if result.stale:
            names = ", ".join(sorted(p.name for p in result.stale))
            click.echo(f"stale: {names}; run `mechgraph build` and commit the result", err=True)
            sys.exit(1)
        click.echo(f"up to date: {summary}")
        return
    written = ", ".join(sorted(_shown(p) for p in result.written)) or "nothing (up to date)"
    click.echo(f"built {summary} in {time.perf_counter() - t0:.2f} s; wrote {written}")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@cli.command()
@_root_option
@_seeds_option
def validate(root: Path | None, seeds: Path | None, no_verify_quotes: bool) -> None:
    """Check graph/: schema, identifiers, quotes against the seeds, SHACL shapes."""
    from mechgraph.builder import Layout, compile_graph

    layout = Layout(root) if root else Layout.find()
    result = compile_graph(layout, seeds_dir=seeds, verify_quotes=not no_verify_quotes)
    k = result.knowledge
    quotes = sum(1 for s in k.statements for e in s.evidence if e.quote)
    checked = "not checked" if no_verify_quotes else "verified against the seeds"
    click.echo(f"valid: {len(k.entities)} entities, {len(k.statements)} statements, "
               f"{quotes} quotes {checked}, SHACL conforms")


@cli.command()
@click.argument("term")
@click.option("--limit", default=20, show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@click.pass_context
def search(ctx: click.Context, term: str, limit: int, fmt: str) -> None:
    """Find entities by label, synonym, id or CURIE (case-insensitive, best first)."""
    from dataclasses import asdict

    from mechgraph.lookup import search as run

    hits = run(term, _store(ctx), limit=limit)
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
@click.pass_context
def show(ctx: click.Context, entity: str, fmt: str) -> None:
    """One entity: identifiers, and its statements in and out with their evidence."""
    from dataclasses import asdict

    from mechgraph.lookup import show as run
    from mechgraph.render import entity_text

    view = run(entity, _store(ctx))
    if fmt == "json":
        click.echo(json.dumps(asdict(view), indent=2, ensure_ascii=False))
    else:
        click.echo(entity_text(view))


@cli.command()
@click.option("--coverage", is_flag=True, help="Also list the statements covering each section.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@click.pass_context
def stats(ctx: click.Context, coverage: bool, fmt: str) -> None:
    """Counts by type, relation and evidence kind; grounding; flags; section coverage."""
    from dataclasses import asdict

    from mechgraph.render import stats_text
    from mechgraph.summary import stats as run

    result = run(_store(ctx))
    if fmt == "json":
        data = asdict(result)
        data["grounded_share"] = round(result.grounded_share, 4)
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(stats_text(result, coverage=coverage))


def _context(values: tuple[str, ...]) -> dict[str, str]:
    from mechgraph import vocab

    out = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or key not in vocab.CONTEXT_KEYS:
            raise click.BadParameter(
                f"{item!r}: expected KEY=VALUE with KEY one of {', '.join(vocab.CONTEXT_KEYS)}",
                param_hint="--context")
        out[key] = value
    return out


def _search_options(f):
    f = click.option("--timeout", default=10.0, show_default=True,
                     help="Seconds before the search stops and returns what it found.")(f)
    f = click.option("--avoid", multiple=True, help="Entity no path may pass through.")(f)
    f = click.option("--direct-only", is_flag=True, help="Only statements marked direct.")(f)
    f = click.option("--context", "contexts", multiple=True, metavar="KEY=VALUE",
                     help="Only statements compatible with this context, e.g. "
                          "timeframe=long-term (repeatable).")(f)
    f = click.option("--limit", default=20, show_default=True, help="Most paths to return.")(f)
    f = click.option("--max-length", default=6, show_default=True, help="Most steps per path.")(f)
    return f


@cli.command()
@click.argument("source")
@click.argument("target")
@click.option("--sign", type=click.Choice(["+", "-", "increases", "decreases"]),
              help="Only paths with this net effect.")
@click.option("--via", multiple=True, help="Entity every path must pass through.")
@click.option("--include-incoherent", is_flag=True,
              help="Also return paths mixing short-term and long-term steps (marked).")
@_search_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_context
def paths(ctx, source, target, sign, via, include_incoherent, max_length, limit, contexts,
          direct_only, avoid, timeout, fmt) -> None:
    """Signed paths from SOURCE to TARGET, best first, each step with its evidence."""
    from mechgraph.lookup import resolve
    from mechgraph.network import load_network
    from mechgraph.paths import Filters, find_paths
    from mechgraph.report import paths_json, paths_text

    store = _store(ctx)
    src, tgt = resolve(source, store).id, resolve(target, store).id
    filters = Filters(context=_context(contexts), direct_only=direct_only,
                      avoid=frozenset(resolve(a, store).id for a in avoid))
    want = {"+": 1, "increases": 1, "-": -1, "decreases": -1}.get(sign) if sign else None
    g = load_network(store)
    result = find_paths(g, src, tgt, sign=want, max_length=max_length, limit=limit,
                        timeout=timeout, filters=filters,
                        via=[resolve(v, store).id for v in via],
                        include_incoherent=include_incoherent)
    click.echo(paths_json(result, g) if fmt == "json" else paths_text(result, g))


@cli.command()
@click.argument("source")
@click.argument("target")
@_search_options
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True)
@click.pass_context
def explain(ctx, source, target, max_length, limit, contexts, direct_only, avoid, timeout,
            fmt) -> None:
    """What SOURCE does to TARGET and why: direct evidence, signed paths grouped by
    effect and timeframe, and a verdict (increases, decreases, bidirectional, none)."""
    from mechgraph.explanation import explain as run
    from mechgraph.report import explanation_json, explanation_text

    result = run(source, target, _store(ctx), max_length=max_length, limit=limit,
                 timeout=timeout, context=_context(contexts), direct_only=direct_only,
                 avoid=avoid)
    if fmt == "json":
        click.echo(explanation_json(result))
    else:
        click.echo(explanation_text(result, markdown=fmt == "markdown"))


@cli.command()
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@click.pass_context
def contradictions(ctx, fmt) -> None:
    """Entity pairs with statements of opposite sign, with each side's context and refs."""
    from mechgraph.conflicts import contradictions as run
    from mechgraph.network import load_network
    from mechgraph.report import statement_json

    g = load_network(_store(ctx))
    found = run(g)
    if fmt == "json":
        click.echo(json.dumps([{
            "subject": c.subject, "object": c.object, "separated_by": list(c.separated_by),
            "increases": [statement_json(s) for s in c.increases],
            "decreases": [statement_json(s) for s in c.decreases]} for c in found],
            indent=2, ensure_ascii=False))
        return
    label = lambda n: g.nodes[n]["label"]  # noqa: E731
    for c in found:
        sep = (f"separated by {', '.join(c.separated_by)}" if c.separated_by
               else "same context: a genuine conflict")
        click.echo(f"{label(c.subject)} → {label(c.object)}  ({sep})")
        for side, sts in (("+", c.increases), ("−", c.decreases)):
            for st in sts:
                ctx_text = "; ".join(f"{k}={v}" for k, v in st.context) or "no context"
                refs = sorted({f"{e.source.removeprefix('doi:')} ref {r}"
                               for e in st.evidence for r in e.refs})
                click.echo(f"   {side} {st.relation} [{ctx_text}] {', '.join(refs)} ({st.id})")
    click.echo(f"{len(found)} pair(s) with statements of opposite sign")


@cli.command()
@click.argument("text", required=False)
@click.option("-f", "--file", "file", type=click.File("r", encoding="utf-8"),
              help="Read the query from FILE ('-' for standard input).")
@click.option("--example", "example_name", metavar="NAME", help="Run a query of the cookbook.")
@click.option("--list-examples", is_flag=True, help="List the cookbook's queries.")
@click.option("--prefixes", "show_prefixes", is_flag=True, help="List the predeclared prefixes.")
@click.option("--bind", "binds", multiple=True, metavar="VAR=VALUE",
              help="Bind ?VAR to a literal VALUE (or <IRI>) before running (repeatable).")
@click.option("--format", "fmt", type=click.Choice([
    "table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "jsonld"]),
    help="Result format (default: table for SELECT/ASK, turtle for CONSTRUCT/DESCRIBE).")
@click.pass_context
def query(ctx, text, file, example_name, list_examples, show_prefixes, binds, fmt) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the store."""
    from mechgraph import vocab
    from mechgraph.sparql import example, examples, serialize
    from mechgraph.sparql import query as run
    from mechgraph.store import IRI

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
        if not sep or not var.strip("?"):
            raise click.BadParameter(f"{item!r}: expected VAR=VALUE", param_hint="--bind")
        is_iri = value.startswith("<") and value.endswith(">")
        bindings[var.strip("?")] = IRI(value[1:-1]) if is_iri else value
    result = run(text, _store(ctx), bindings)
    chosen = fmt or ("turtle" if result.kind == "graph" else "table")
    click.echo(serialize(result, chosen), nl=False)


@cli.command()
@click.option("--focus", help="Draw the neighbourhood of this entity only.")
@click.option("--radius", default=1, show_default=True, help="Steps around --focus.")
@click.option("--explain", "explain_pair", nargs=2, metavar="SOURCE TARGET",
              help="Draw the paths of `mechgraph explain SOURCE TARGET`.")
@click.option("--context", "contexts", multiple=True, metavar="KEY=VALUE",
              help="Only statements compatible with this context (repeatable).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("mechgraph.html"), show_default=True)
@click.pass_context
def viz(ctx, focus, radius, explain_pair, contexts, output) -> None:
    """Draw the graph as one offline HTML page (vis-network): signed arrows, evidence on
    click, a legend and a search box."""
    from mechgraph.viz import LARGE, render
    from mechgraph.viz.build import view_for

    store = _store(ctx)
    view = view_for(store, focus=focus, radius=radius, explain=explain_pair,
                    context=_context(contexts))
    if view.layout_precomputed:
        click.echo(f"warning: {len(view.nodes)} entities (over {LARGE}): the page is laid out "
                   "in advance with physics off; --focus ENTITY --radius N draws a readable "
                   "part", err=True)
    output.write_text(render(view), encoding="utf-8")
    click.echo(f"wrote {output} ({len(view.nodes)} entities, {len(view.edges)} arrows)")


@cli.command()
@click.argument("target")
@click.option("--file", "source", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="RDF to load (default: the graph shipped with mechgraph).")
@click.option("--graph-store", metavar="URL",
              help="Graph Store Protocol URL (default: the endpoint's /store, as Oxigraph).")
@click.option("--update", metavar="URL", help="SPARQL Update URL, when there is no GSP.")
def load(target, source, graph_store, update) -> None:
    """Load the graph into TARGET: a remote endpoint (sparql+http://HOST/query) or an
    Oxigraph directory. The target's default graph is replaced."""
    from mechgraph.remote import is_remote, push
    from mechgraph.store import shipped_graph_path, write_oxigraph

    path = source or shipped_graph_path()
    if path.suffix != ".nt":
        raise click.BadParameter("load takes N-Triples (.nt), as mechgraph build writes",
                                 param_hint="--file")
    text = path.read_text(encoding="utf-8")
    triples = sum(1 for line in text.splitlines() if line.strip())
    if is_remote(target):
        where = push(text, target, graph_store=graph_store, update=update)
    else:
        where = target.removeprefix("oxigraph:")
        write_oxigraph(text, Path(where))
    click.echo(f"loaded {triples} triples into {where}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes the endpoint.")
@click.option("--port", default=7878, show_default=True)
@click.option("--timeout", default=10.0, show_default=True, help="Seconds per query.")
@click.option("--max-rows", default=10_000, show_default=True,
              help="Most solutions or triples in one result.")
@click.option("--memory-mb", default=2048, show_default=True,
              help="Memory ceiling of each query worker.")
@click.option("--workers", default=2, show_default=True, help="Query worker processes.")
@click.option("--viz", "viz_path", type=click.Path(exists=True, dir_okay=False),
              help="An HTML page to serve at /viz instead of the views drawn from the store.")
@click.pass_context
def serve(ctx, host, port, timeout, max_rows, memory_mb, workers, viz_path) -> None:
    """A read-only SPARQL 1.1 Protocol endpoint with a query page, at /sparql."""
    from mechgraph.server.http import serve as run
    from mechgraph.server.workers import Limits

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host} exposes the endpoint beyond this machine",
                   err=True)
    limits = Limits(timeout=timeout, max_rows=max_rows, memory_mb=memory_mb)

    def ready(url: str) -> None:
        click.echo(f"mechgraph SPARQL endpoint on {url} (read-only; {timeout:g} s, "
                   f"{max_rows} rows, {memory_mb} MB per query); Ctrl-C stops it", err=True)

    import contextlib

    with contextlib.suppress(KeyboardInterrupt):
        run(ctx.obj.get("store"), host, port, limits=limits, workers=workers,
            viz_path=viz_path, ready=ready)


# --- public networks in and out (importers, exporters, --source) ---------------------------

_SOURCE_HELP = ("Statements to read: curated (the default graph), imported, all, or one "
                "imported source by name.")
IMPORT_FORMATS = ("signor", "signor-pkn", "sif", "regulons")
EXPORT_FORMATS = ("sif", "edges-tsv", "nodes-tsv", "graphml", "nodelink", "bel", "cx2")


def _with_source(name: str) -> None:
    """Give a reading command ``--source``: the store it reads becomes that source's view
    (the library applies the filter; the command body is unchanged)."""
    import functools

    command = cli.commands.get(name)
    if command is None or any(p.name == "statements_source" for p in command.params):
        return
    command.params.append(click.Option(["--source", "statements_source"], default="curated",
                                       show_default=True, metavar="SOURCE", help=_SOURCE_HELP))
    inner = command.callback

    @functools.wraps(inner)
    def callback(*args, statements_source: str = "curated", **kwargs):
        if statements_source != "curated":
            from mechgraph.store import open_store

            ctx = click.get_current_context()
            ctx.obj["store"] = open_store(ctx.obj.get("store"), statements_source)
        return inner(*args, **kwargs)

    command.callback = callback


for _name in ("paths", "explain", "show", "query", "search", "contradictions", "viz"):
    _with_source(_name)


def _store_dir(ctx: click.Context, store: str | None) -> Path:
    """The on-disk store an import writes: --store, else the checkout's .mechgraph/store."""
    spec = store or ctx.obj.get("store")
    if isinstance(spec, str) and spec:
        kind, sep, rest = spec.partition(":")
        if sep and kind in ("file", "rdflib") or spec.startswith(("sparql+", "http")):
            raise click.BadParameter("imports go into an embedded store: oxigraph:DIR or DIR",
                                     param_hint="--store")
        return Path(rest if sep and kind == "oxigraph" else spec)
    from mechgraph.builder import Layout
    from mechgraph.errors import MechgraphError

    try:
        return Layout.find().store
    except MechgraphError:
        return Path(".mechgraph") / "store"


@cli.command("import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(IMPORT_FORMATS))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--store", "store", metavar="DIR",
              help="Embedded store to write (oxigraph:DIR; default .mechgraph/store, created "
                   "with the curated graph when missing).")
@click.option("--source-name", help="Name of the source's named graph (default: FORMAT).")
@click.option("--strict", is_flag=True, help="Fail on the first row that cannot be imported.")
@click.option("--taxon", metavar="TAXID", help="Keep only rows of this species (e.g. 9606).")
@click.option("--license", "licence", help="Licence to record for the source.")
@click.option("--data-version", help="Version to record for the source (default: file hash).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.pass_context
def import_network(ctx, fmt, file, store, source_name, strict, taxon, licence, data_version,
                   quiet) -> None:
    """Import a public signed network FILE into the embedded store, in its own named graph,
    merged by identifier with the curated entities; all or nothing."""
    from mechgraph.importers.load import import_file, prepare_views

    target = _store_dir(ctx, store)
    size = file.stat().st_size
    with click.progressbar(length=size, label=f"importing {file.name}", file=sys.stderr,
                           hidden=quiet) as bar:
        report = import_file(fmt, file, target, source=source_name, strict=strict, taxon=taxon,
                             license=licence, version=data_version, progress=bar.update)
    click.echo(report.summary())
    click.echo(f"store: {target}")
    seconds = prepare_views(target)
    click.echo(f"network view and names of every source prepared in {seconds:.1f} s")


@cli.command("export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(EXPORT_FORMATS))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")
@click.option("--source", "statements_source", default="curated", show_default=True,
              metavar="SOURCE", help=_SOURCE_HELP)
@click.pass_context
def export_network(ctx, fmt, output, statements_source) -> None:
    """Write the network (entities and statements of SOURCE) as SIF, node or edge TSV,
    GraphML, node-link JSON, BEL or CX2."""
    from mechgraph.io.exporters import export
    from mechgraph.network import load_network

    g = load_network(_store(ctx), source=statements_source)
    text = export(g, fmt)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {g.number_of_edges()} statements, {g.number_of_nodes()} entities "
                   f"to {output}", err=True)
    else:
        click.echo(text, nl=False)


def main() -> None:
    cli(prog_name="mechgraph")
