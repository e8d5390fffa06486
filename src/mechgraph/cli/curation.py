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
@click.option(
    "--store-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the embedded Oxigraph store (default: .mechgraph/store).",
)
def build(
    root: Path | None, seeds: Path | None, no_verify_quotes: bool, check: bool, store_dir: Path | None
) -> None:
    """Build graph/ into the store and exports/ (validated; all or nothing)."""
    import time

    from mechgraph.extras import need_extra

    need_extra("curate", "viz", "mechgraph build")
    from mechgraph.builder import build as run

    t0 = time.perf_counter()
    result = run(root, seeds_dir=seeds, verify_quotes=not no_verify_quotes, check=check, store_dir=store_dir)
    k = result.knowledge
    summary = f"{len(k.statements)} statements, {len(k.entities)} entities, {result.triples} triples"
    if check:
        if result.stale:
            names = ", ".join(sorted(p.name for p in result.stale))
            click.echo(f"stale: {names}; run `mechgraph build` and commit the result", err=True)
            sys.exit(1)
        click.echo(f"up to date: {summary}")
        return
    written = ", ".join(sorted(_shown(p) for p in result.written)) or "nothing (up to date)"
    click.echo(f"built {summary} in {time.perf_counter() - t0:.2f} s; wrote {written}")
    _echo_review(result)


def _echo_review(result) -> None:
    """The review list of the curation checks: dead ends, near-duplicates, undecided
    epistemic status, citations (graph/README.md, "Rules the checks keep")."""
    review = result.review
    if review is None:
        return
    lines = review.lines(result.knowledge)
    if not lines:
        click.echo(
            "review: nothing to decide (no dead ends, near-duplicates, undecided hedges or stray citations)"
        )
        return
    click.echo(f"review: {len(lines)} item(s) to decide", err=True)
    for line in lines:
        click.echo(f"  {line}", err=True)


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@cli.command()
@root_option
@seeds_option
@click.option(
    "--strict", is_flag=True, help="Fail (exit 1) when the curation checks leave anything to review."
)
def validate(root: Path | None, seeds: Path | None, no_verify_quotes: bool, strict: bool) -> None:
    """Check graph/: schema, identifiers, quotes against the seeds, SHACL shapes, and the
    curation rules (connectivity, near-duplicates, epistemic status, citations)."""
    from mechgraph.extras import need_extra

    need_extra("curate", "mechgraph validate")
    from mechgraph.builder import Layout, compile_graph

    layout = Layout(root) if root else Layout.find()
    result = compile_graph(layout, seeds_dir=seeds, verify_quotes=not no_verify_quotes, pages=False)
    k = result.knowledge
    quotes = sum(1 for s in k.statements for e in s.evidence if e.quote)
    checked = "not checked" if no_verify_quotes else "verified against the seeds"
    click.echo(
        f"valid: {len(k.entities)} entities, {len(k.statements)} statements, "
        f"{quotes} quotes {checked}, SHACL conforms"
    )
    _echo_review(result)
    if strict and result.review and not result.review.clean:
        sys.exit(1)
