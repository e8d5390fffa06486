"""The command group, its error handling and the options several commands share."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from mechgraph import __version__

FORMATS = click.Choice(["text", "json"])


class _Seconds(click.ParamType):
    """A positive, finite number of seconds (0, negatives, nan and inf are usage errors)."""

    name = "seconds"

    def convert(self, value, param, ctx):
        import math

        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(number) or number <= 0:
            self.fail(f"{value!r}: give a positive number of seconds", param, ctx)
        return number


# Bounds every command shares: an impossible bound is a usage error (exit 64), never a
# silently empty or misleading answer.
POSITIVE = click.IntRange(min=1)  # counts and lengths: --limit, --max-length, --max-rows…
NON_NEGATIVE = click.IntRange(min=0)  # --radius 0 is the entity alone
SECONDS = _Seconds()
PORT = click.IntRange(min=0, max=65535)


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
@click.option(
    "--store",
    "store_spec",
    envvar="MECHGRAPH_STORE",
    metavar="STORE",
    help="Graph to read: an Oxigraph directory (oxigraph:DIR), an RDF file (file:FILE, "
    "or rdflib:FILE through rdflib), a SPARQL endpoint (sparql+http://…); "
    "default: the graph shipped with mechgraph.",
)
@click.pass_context
def cli(ctx: click.Context, store_spec: str | None) -> None:
    """mechgraph: a signed knowledge graph of the mechanisms by which PD-1/PD-L1 blockade
    and bone-tumour immunotherapy act on bone, with the evidence behind every step."""
    ctx.obj = {"store": store_spec}


def ctx_store(ctx: click.Context):
    """The command's store, opened once (by ``--source`` or here) and kept for the command:
    the library is handed the opened store, never the spec."""
    from mechgraph.store import Store, open_store

    store = ctx.obj.get("store")
    if not isinstance(store, Store):
        store = ctx.obj["store"] = open_store(store)
    return store


def root_option(f):
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        help="Repository holding graph/ (default: found from the current folder).",
    )(f)


def seeds_option(f):
    f = click.option("--no-verify-quotes", is_flag=True, help="Skip checking quotes against the seed texts.")(
        f
    )
    return click.option(
        "--seeds",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="MECHGRAPH_SEEDS",
        help="Folder holding the seed texts (default: ../shared/seeds beside the repository).",
    )(f)


def parse_context(values: tuple[str, ...]) -> dict[str, str]:
    from mechgraph import vocab

    out = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or key not in vocab.CONTEXT_KEYS:
            raise click.BadParameter(
                f"{item!r}: expected KEY=VALUE with KEY one of {', '.join(vocab.CONTEXT_KEYS)}",
                param_hint="--context",
            )
        out[key] = value
    return out


def search_options(f):
    f = click.option(
        "--timeout",
        default=10.0,
        show_default=True,
        type=SECONDS,
        help="Seconds before the search stops and returns what it found.",
    )(f)
    f = click.option("--avoid", multiple=True, help="Entity no path may pass through.")(f)
    f = click.option("--direct-only", is_flag=True, help="Only statements marked direct.")(f)
    f = click.option(
        "--context",
        "contexts",
        multiple=True,
        metavar="KEY=VALUE",
        help="Only statements compatible with this context, e.g. timeframe=long-term (repeatable).",
    )(f)
    f = click.option("--limit", default=20, show_default=True, type=POSITIVE, help="Most paths to return.")(f)
    f = click.option(
        "--max-length", default=6, show_default=True, type=POSITIVE, help="Most steps per path."
    )(f)
    return f


_SOURCE_HELP = (
    "Statements to read: curated (the default graph), imported, all, or one imported source by name."
)


def source_option(f):
    """``--source``: the store the command reads becomes that source's view (the library
    applies the filter; the command body is unchanged)."""

    @functools.wraps(f)
    def wrapper(*args, statements_source: str = "curated", **kwargs):
        if statements_source != "curated":
            from mechgraph.store import open_store

            ctx = click.get_current_context()
            ctx.obj["store"] = open_store(ctx.obj.get("store"), statements_source)
        return f(*args, **kwargs)

    return click.option(
        "--source",
        "statements_source",
        default="curated",
        show_default=True,
        metavar="SOURCE",
        help=_SOURCE_HELP,
    )(wrapper)


class FormatChoice(click.ParamType):
    """A format name of the registry (mechgraph.io.registry), read when a command parses
    its arguments or prints its help, so start-up never loads the registry's plugins."""

    name = "format"

    def __init__(self, kind: str, *, write: bool) -> None:
        self.kind, self.write = kind, write

    def choices(self) -> list[str]:
        from mechgraph.io import registry

        return registry.names(self.kind, write=self.write)

    def get_metavar(self, param, ctx=None) -> str:  # click 8.1 and 8.2+ signatures
        return "[" + "|".join(self.choices()) + "]"

    def convert(self, value, param, ctx):
        if value in self.choices():
            return value
        self.fail(f"{value!r} is not one of {', '.join(self.choices())}", param, ctx)

    def shell_complete(self, ctx, param, incomplete):
        from click.shell_completion import CompletionItem

        return [CompletionItem(c) for c in self.choices() if c.startswith(incomplete)]


class FormatsCommand(click.Command):
    """A command whose help ends with the table of the formats it takes, from the registry."""

    def __init__(self, *args, kind: str, write: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind, self.write = kind, write

    def format_epilog(self, ctx, formatter) -> None:
        from mechgraph.io import registry

        table = registry.writers(self.kind) if self.write else registry.readers(self.kind)
        rows = []
        for f in table.values():
            names = ", ".join((f.name, *f.aliases))
            extra = f"  [mechgraph[{f.extra}]]" if f.extra else ""
            rows.append((names, f"{f.title} ({', '.join(f.suffixes)}; {f.media_type}){extra}"))
        with formatter.section("Formats"):
            formatter.write_dl(rows)
        super().format_epilog(ctx, formatter)


def main() -> None:
    cli(prog_name="mechgraph")
