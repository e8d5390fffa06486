"""Building and validating the curated graph."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mechgraph.cli.base import cli, root_option, seeds_option


@cli.command()
@root_option
@seeds_option
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
@root_option
@seeds_option
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
