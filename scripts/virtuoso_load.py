#!/usr/bin/env python3
"""Load mechgraph into a Virtuoso server with its bulk loader and print the --store to use.

    python scripts/virtuoso_load.py [FILE] [--dir DIR] [--server-dir DIR] [--isql HOST:PORT]
                                    [--user dba] [--graph IRI] [--endpoint URL]

FILE (default: exports/mechgraph.nt of this checkout) is N-Triples. Virtuoso's bulk
loader reads files from the server's own file system, from a directory listed under
DirsAllowed in virtuoso.ini: --dir names it (FILE is copied there unless it is there
already; default: FILE's own directory), --server-dir names the same directory as the
server sees it where the two differ (a container's volume).

Through isql (Virtuoso's `isql-vt`, or `isql`), with the password from
$VIRTUOSO_PASSWORD (default: dba):
  1. the graph's old triples and the file's old load record are deleted, so a new
     version replaces the old one;
  2. ld_dir(DIR, FILE, GRAPH); rdf_loader_run(); checkpoint;
  3. the load record must show no error, and the graph must hold one triple per line of
     FILE.
Then the SPARQL endpoint (--endpoint, default http://HOST:8890/sparql) is asked for the
same count with default-graph-uri=GRAPH, and the --store value that reads the graph is
printed. Exit status 0 when all of this holds, 1 otherwise, with the reason.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

GRAPH = "https://w3id.org/mechgraph/graph/curated"
DEFAULT_FILE = Path(__file__).resolve().parent.parent / "exports" / "mechgraph.nt"
ISQL_NAMES = ("isql-vt", "isql-v", "isql")


class LoadError(Exception):
    """A step that failed, with what Virtuoso said."""


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def checked_iri(iri: str) -> str:
    if not iri or any(c in iri for c in '<>"{}|^`\\ \t\n'):
        raise LoadError(f"not an IRI: {iri!r}")
    return iri


def find_isql(name: str | None) -> str:
    """Virtuoso's isql (Debian calls it isql-vt; unixODBC's isql is another program)."""
    for candidate in [name] if name else ISQL_NAMES:
        path = shutil.which(candidate)
        if path:
            banner = subprocess.run([path, "-?"], capture_output=True, text=True, timeout=30)
            if "OpenLink" in banner.stdout + banner.stderr:
                return path
    raise LoadError(
        "Virtuoso's isql is not on PATH (isql-vt in Debian's virtuoso-opensource, "
        "isql in OpenLink's packages); name it with --isql-command"
    )


def isql(command: str, address: str, user: str, password: str, sql: list[str]) -> str:
    """Run SQL statements in one isql session; the first error fails the load."""
    script = "".join(statement.rstrip(";") + ";\n" for statement in sql)
    try:
        done = subprocess.run(
            [command, address, user, password, "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", "ECHO=OFF"],
            input=script,
            capture_output=True,
            text=True,
            timeout=24 * 3600,
        )
    except subprocess.TimeoutExpired:
        raise LoadError("isql did not finish within a day") from None
    errors = [
        line for line in done.stderr.splitlines() + done.stdout.splitlines() if line.startswith("*** Error")
    ]
    if errors or done.returncode != 0:
        detail = errors[0] if errors else done.stderr.strip() or f"exit status {done.returncode}"
        raise LoadError(f"isql {address}: {detail.removeprefix('*** ')}")
    return done.stdout


def triples_in(path: Path) -> int:
    """N-Triples: one triple per line that is neither blank nor a comment."""
    with path.open(encoding="utf-8") as lines:
        return sum(1 for line in lines if line.strip() and not line.lstrip().startswith("#"))


def endpoint_count(endpoint: str, graph: str) -> int:
    """The graph's triple count through the SPARQL 1.1 Protocol, reading it as the
    default graph, as mechgraph's --store will."""
    form = urllib.parse.urlencode(
        {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "default-graph-uri": graph}
    ).encode("ascii")
    request = urllib.request.Request(
        endpoint,
        data=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            rows = json.load(response)["results"]["bindings"]
    except (urllib.error.URLError, OSError, ValueError, KeyError) as exc:
        raise LoadError(
            f"the SPARQL endpoint {endpoint} did not answer ({exc}); the graph "
            f"is loaded: name the endpoint with --endpoint"
        ) from None
    return int(rows[0]["n"]["value"]) if rows else 0


def load(args: argparse.Namespace) -> str:
    source = Path(args.file).resolve()
    if not source.is_file():
        raise LoadError(f"{source}: no such file")
    graph = checked_iri(args.graph)
    directory = Path(args.dir).resolve() if args.dir else source.parent
    if source.parent != directory:
        directory.mkdir(parents=True, exist_ok=True)
        partial = directory / f".{source.name}.part"
        shutil.copyfile(source, partial)
        partial.replace(directory / source.name)
    server_dir = (args.server_dir or str(directory)).rstrip("/") or "/"
    server_file = f"{server_dir.rstrip('/')}/{source.name}"
    command = find_isql(args.isql_command)
    password = os.environ.get("VIRTUOSO_PASSWORD", "dba")
    session = (command, args.isql, args.user, password)
    expected = triples_in(directory / source.name)

    isql(
        *session,
        [
            "log_enable(3, 1)",  # autocommit, no transaction log: a big graph is deleted at once
            f"SPARQL CLEAR GRAPH <{graph}>",
            f"DELETE FROM DB.DBA.load_list WHERE ll_file = {sql_string(server_file)}",
        ],
    )
    started = time.perf_counter()
    isql(
        *session,
        [
            f"ld_dir({sql_string(server_dir)}, {sql_string(source.name)}, {sql_string(graph)})",
            "rdf_loader_run()",
            "checkpoint",
        ],
    )
    seconds = time.perf_counter() - started
    report = isql(
        *session,
        [
            f"SELECT 'load:', ll_state, ll_error FROM DB.DBA.load_list "
            f"WHERE ll_file = {sql_string(server_file)}",
            f"SPARQL SELECT 'triples:', COUNT(*) FROM <{graph}> WHERE {{ ?s ?p ?o }}",
        ],
    )
    record = [line.split(None, 2)[1:] for line in report.splitlines() if line.startswith("load:")]
    if not record:
        raise LoadError(
            f"Virtuoso did not register {server_file}: is {server_dir} listed "
            f"under DirsAllowed in virtuoso.ini, and is it the directory the "
            f"server sees (--server-dir)?"
        )
    state, error = (record[0] + ["NULL"])[:2]
    if state != "2" or error.strip() != "NULL":
        raise LoadError(f"the bulk loader failed on {server_file}: {error.strip()}")
    counts = [line.split()[1] for line in report.splitlines() if line.startswith("triples:")]
    loaded = int(counts[0]) if counts else 0
    if loaded != expected:
        raise LoadError(f"the graph <{graph}> holds {loaded} triples, {source.name} has {expected}")
    print(f"loaded {loaded:,} triples into <{graph}> in {seconds:.2f} s (ld_dir, rdf_loader_run, checkpoint)")

    host = args.isql.rsplit(":", 1)[0] if ":" in args.isql else args.isql
    endpoint = args.endpoint or f"http://{host or 'localhost'}:8890/sparql"
    answered = endpoint_count(endpoint, graph)
    if answered != loaded:
        raise LoadError(f"{endpoint} reads {answered} triples as the graph <{graph}>, isql {loaded}")
    store = f"sparql+{endpoint}?default-graph-uri={graph}"
    print(f"{endpoint} answers from the graph; read it with:")
    print(f'  mechgraph --store \'{store}\' explain "PD-1/PD-L1 inhibitor" "bone mineral density"')
    return store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Bulk-load mechgraph's N-Triples into Virtuoso and print the --store that reads it."
    )
    parser.add_argument(
        "file", nargs="?", default=str(DEFAULT_FILE), help="N-Triples file (default: exports/mechgraph.nt)"
    )
    parser.add_argument(
        "--dir",
        help="a directory in the server's DirsAllowed; FILE is copied there (default: FILE's directory)",
    )
    parser.add_argument("--server-dir", help="that directory as the server sees it (default: --dir)")
    parser.add_argument(
        "--isql",
        default="localhost:1111",
        metavar="HOST:PORT",
        help="Virtuoso's SQL port (default: localhost:1111)",
    )
    parser.add_argument("--user", default="dba", help="user (default: dba; password from $VIRTUOSO_PASSWORD)")
    parser.add_argument("--graph", default=GRAPH, help=f"graph IRI (default: {GRAPH})")
    parser.add_argument("--endpoint", help="SPARQL endpoint (default: http://HOST:8890/sparql)")
    parser.add_argument("--isql-command", help="isql program (default: isql-vt or isql)")
    args = parser.parse_args(argv)
    try:
        load(args)
    except (LoadError, OSError, subprocess.SubprocessError) as exc:
        print(f"virtuoso_load: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
