"""A real Oxigraph server as a remote store: loading, the cookbook, paths and explain give
the same answers there as on the embedded store on disk, in memory, and (for a sample of
the cookbook) in an rdflib graph."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import IN_CI, free_port, wait_until_up

import mechgraph
from mechgraph.sparql import examples, query, serialize
from mechgraph.store import open_store, shipped_graph_path


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        if IN_CI:
            pytest.fail("the oxigraph server (PyPI package oxigraph) is not installed")
        pytest.skip("oxigraph server not installed")
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen([binary, "serve", "--location", str(location), "--bind",
                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    wait_until_up(f"{url}?query=ASK%7B%7D", proc)
    yield f"sparql+{url}"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def remote(server):
    from click.testing import CliRunner

    from mechgraph.cli import cli

    out = CliRunner().invoke(cli, ["load", server], catch_exceptions=False).output
    assert re.match(r"loaded \d+ triples into http://127\.0\.0\.1:\d+/store", out)
    return open_store(server)


def _normalised(text: str) -> list[tuple[str, ...]]:
    """Rows, sorted; lists of numbers or IRIs inside a cell (GROUP_CONCAT, whose order
    SPARQL leaves open) sorted too."""
    import csv
    import io

    def cell(value: str) -> str:
        tokens = [t for t in re.split(r",\s*|\s+", value) if t]
        if len(tokens) > 1 and all(re.fullmatch(r"\d+|https?://\S+", t) for t in tokens):
            return " ".join(sorted(tokens))
        return value

    rows = [tuple(cell(c) for c in row) for row in csv.reader(io.StringIO(text))]
    return [rows[0], *sorted(rows[1:])] if rows else rows


def test_remote_store_holds_the_shipped_graph(remote):
    assert len(remote) == len(open_store())


@pytest.fixture(scope="module")
def on_disk(tmp_path_factory):
    """The embedded, persistent Oxigraph store, written as mechgraph build writes it."""
    from mechgraph.store import write_oxigraph

    target = tmp_path_factory.mktemp("store") / "store"
    write_oxigraph(shipped_graph_path().read_text(encoding="utf-8"), target)
    return open_store(f"oxigraph:{target}")


def _answers(text: str, stores) -> list:
    results = [query(text, s) for s in stores]
    if results[0].kind == "graph":
        return [set(serialize(r, "ntriples").splitlines()) for r in results]
    return [_normalised(serialize(r, "csv")) for r in results]


@pytest.mark.parametrize("name", sorted(examples()))
def test_cookbook_answers_are_the_same_everywhere(name, remote, on_disk):
    """Embedded on disk, in memory, and on a live server: the same answer."""
    in_memory = open_store(f"file:{shipped_graph_path()}")
    answers = _answers(examples()[name].text, [on_disk, in_memory, remote])
    assert answers[0] == answers[1] == answers[2]
    assert answers[0]


# rdflib's pure-Python engine takes minutes on the cookbook's multi-way joins and property
# paths (benchmarks/bench_sparql.py); these run in a second or two there
RDFLIB_SAMPLE = ["dataset-description", "trials-arms-outcomes", "therapy-adverse-effects",
                 "curator-inferences", "signed-network"]


@pytest.mark.parametrize("name", RDFLIB_SAMPLE)
def test_rdflib_in_memory_gives_the_same_answers(name):
    stores = [open_store(), open_store(f"rdflib:{shipped_graph_path()}")]
    answers = _answers(examples()[name].text, stores)
    assert answers[0] == answers[1]


def test_explain_and_paths_on_the_server(remote):
    local = mechgraph.explain("PD-1/PD-L1 inhibitor", "bone mineral density")
    there = mechgraph.explain("PD-1/PD-L1 inhibitor", "bone mineral density", remote)
    assert there.verdict == local.verdict == "bidirectional"
    assert [p.nodes for p in there.search.paths] == [p.nodes for p in local.search.paths]
    assert mechgraph.show("PD-L1", remote).xrefs == ["hgnc:17635", "uniprot:Q9NZQ7"]


def test_bound_values_reach_the_server_as_terms(remote):
    hostile = '"} ?s ?p ?o . FILTER(true) {"'
    rows = query("SELECT ?e ?name WHERE { ?e rdfs:label ?name }", remote, {"name": hostile}).rows
    assert rows == []
    rows = query("SELECT ?e ?name WHERE { ?e rdfs:label ?name }", remote, {"name": "RUNX2"}).rows
    assert [r["e"] for r in rows] == ["https://w3id.org/mechgraph/entity/RUNX2"]


def test_unreachable_endpoint_is_a_store_error():
    from mechgraph.errors import StoreError

    store = open_store(f"sparql+http://127.0.0.1:{free_port()}/query")
    with pytest.raises(StoreError, match="cannot reach"):
        len(store)


def test_a_truncated_result_is_an_error_not_an_answer():
    """Oxigraph's read-only server answers a timed-out query with 200 and cut-off JSON."""
    import http.server
    import threading

    from mechgraph.errors import StoreError

    class Truncating(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.rfile.read(int(self.headers["Content-Length"]))
            body = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","val'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Truncating)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        store = open_store(f"sparql+http://127.0.0.1:{server.server_address[1]}/query")
        with pytest.raises(StoreError, match="incomplete or malformed result"):
            query("SELECT ?s WHERE { ?s ?p ?o }", store)
    finally:
        server.shutdown()
