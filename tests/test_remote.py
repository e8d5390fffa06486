"""A real Oxigraph server as a remote store: loading, the cookbook, paths and explain give
the same answers there as on the embedded store on disk, in memory, and (for a sample of
the cookbook) in an rdflib graph."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import IN_CI, free_port, wait_until_up

import mechgraph
from mechgraph.sparql import examples, query, serialize
from mechgraph.store import IRI, open_store, shipped_graph_path


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        if IN_CI:
            pytest.fail("the oxigraph server (PyPI package oxigraph) is not installed")
        pytest.skip("oxigraph server not installed")
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
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


def _answers(text: str, stores, bindings: dict | None = None) -> list:
    results = [query(text, s, bindings) for s in stores]
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


def documented_bindings() -> list[tuple[str, str, str | IRI]]:
    """(example, variable, value) for every `--bind` an example's comments show."""
    found = []
    for name, ex in sorted(examples().items()):
        for var, value in re.findall(r'--bind "?(\w+)=([^"\s]+)', ex.text):
            found.append((name, var, IRI(value[1:-1]) if value.startswith("<") else value))
    return found


@pytest.mark.parametrize(("name", "var", "value"), documented_bindings())
def test_bound_cookbook_answers_are_the_same_on_the_server(name, var, value, remote):
    """A bound value reaches every group that names it (UNION branches, sub-selects), as
    the embedded store's substitution does."""
    answers = _answers(examples()[name].text, [open_store(), remote], {var: value})
    assert answers[0] == answers[1]
    assert answers[0] != _answers(examples()[name].text, [open_store()])[0]  # it did bind


@pytest.mark.parametrize(("name", "var", "value"), documented_bindings())
def test_the_rewritten_query_means_what_the_substitution_means(name, var, value):
    """The text sent to a remote store, run on the embedded store unbound, answers as the
    embedded store's own substitution of the value does."""
    from mechgraph.store.remote import with_bindings

    text = examples()[name].text
    store = open_store()
    sent = _answers(with_bindings(text, {var: value}), [store])
    assert sent == _answers(text, [store], {var: value})


def test_bindings_go_to_groups_not_to_templates_data_strings_or_comments():
    from mechgraph.store.remote import with_bindings

    text = """# a comment { ?x
CONSTRUCT { ?e <urn:p> ?x } WHERE {
  VALUES ?y { "{" UNDEF }
  { SELECT ?e WHERE { ?e <urn:q> "} ?x {" } }
  OPTIONAL { ?e <urn:r> ?x FILTER EXISTS { ?x <urn:s> ?e } }
  MINUS { ?e <urn:t> ?z }
}"""
    sent = with_bindings(text, {"x": IRI("urn:a"), "z": 'say "}"'})
    assert (
        sent
        == """# a comment { ?x
CONSTRUCT { ?e <urn:p> ?x } WHERE { BIND(<urn:a> AS ?x) BIND("say \\"}\\"" AS ?z)
  VALUES ?y { "{" UNDEF }
  { SELECT ?e WHERE { ?e <urn:q> "} ?x {" } }
  OPTIONAL { BIND(<urn:a> AS ?x) ?e <urn:r> ?x FILTER EXISTS { BIND(<urn:a> AS ?x) ?x <urn:s> ?e } }
  MINUS { BIND("say \\"}\\"" AS ?z) ?e <urn:t> ?z }
}"""
    )


# rdflib's pure-Python engine takes minutes on the cookbook's multi-way joins and property
# paths (benchmarks/bench_sparql.py); these run in a second or two there
RDFLIB_SAMPLE = [
    "dataset-description",
    "trials-arms-outcomes",
    "therapy-adverse-effects",
    "curator-inferences",
    "signed-network",
]


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


@contextlib.contextmanager
def canned(
    body: bytes, headers: dict[str, str] | None = None, content_type: str = "application/sparql-results+json"
):
    """An endpoint that answers every POST with ``body``; yields its URL and the requests
    it received (path, headers, form fields)."""
    import http.server
    import threading
    import urllib.parse

    received = []

    class Canned(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            data = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
            received.append((self.path, dict(self.headers), urllib.parse.parse_qs(data)))
            self.send_response(200)
            for name, value in {"Content-Type": content_type, **(headers or {})}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Canned)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


def test_a_truncated_result_is_an_error_not_an_answer():
    """Oxigraph's read-only server answers a timed-out query with 200 and cut-off JSON."""
    from mechgraph.errors import StoreError

    body = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","val'
    with canned(body) as (url, _), pytest.raises(StoreError, match="incomplete or malformed"):
        query("SELECT ?s WHERE { ?s ?p ?o }", open_store(f"sparql+{url}/query"))


ONE_ROW = (
    b'{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"typed-literal",'
    b'"datatype":"http://www.w3.org/2001/XMLSchema#integer","value":"33475"}}]}}'
)


def test_virtuoso_anytime_and_row_limit_answers_are_errors_not_answers():
    """Virtuoso answers 200 with a partial count when its time limit strikes (an "anytime"
    query), and with its first ResultSetMaxRows rows; only headers say so."""
    from mechgraph.errors import StoreError

    anytime = {
        "X-SQL-State": "S1TAT",
        "X-SQL-Message": "RC...: Returning incomplete results, "
        "query interrupted by result timeout.  Activity:  1.356M rnd",
    }
    with (
        canned(ONE_ROW, anytime) as (url, _),
        pytest.raises(StoreError, match=r"incomplete result \(S1TAT: RC\.\.\.: Returning"),
    ):
        query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", open_store(f"sparql+{url}/a"))
    with (
        canned(ONE_ROW, {"X-SPARQL-MaxRows": "10000"}) as (url, _),
        pytest.raises(StoreError, match="limit of 10000 rows .* ResultSetMaxRows"),
    ):
        query("SELECT ?n WHERE { ?s ?p ?n }", open_store(f"sparql+{url}/b"))
    with canned(ONE_ROW) as (url, _):
        assert query("SELECT ?n WHERE { ?s ?p ?n }", open_store(f"sparql+{url}/c")).rows == [{"n": 33475}]


def test_queries_travel_form_encoded_with_the_endpoints_own_parameters():
    """An URL-encoded POST (Virtuoso never answers a POST of application/sparql-query), the
    endpoint URL's parameters (default-graph-uri) moved into the form."""
    graph = "https://w3id.org/mechgraph/graph/curated"
    with canned(ONE_ROW) as (url, received):
        store = open_store(f"sparql+{url}/sparql?default-graph-uri={graph}")
        query("SELECT ?n WHERE { ?s ?p ?n }", store)
    path, headers, form = received[0]
    assert path == "/sparql"
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert form["default-graph-uri"] == [graph]
    assert form["query"][0].rstrip().endswith("SELECT ?n WHERE { ?s ?p ?n }")


def test_virtuoso_booleans_and_ask_answers_read_as_everywhere_else():
    """Virtuoso writes true as "1"^^xsd:boolean, and (with CaseMode 1) answers ASK with one
    row of __ASK_RETVAL, or none for false."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    body = (
        '{"head":{"vars":["b","i"]},"results":{"bindings":[{"b":{"type":"typed-literal",'
        f'"datatype":"{xsd}boolean","value":"1"}},"i":{{"type":"typed-literal",'
        f'"datatype":"{xsd}integer","value":"1"}}}}]}}}}'
    ).encode()
    with canned(body) as (url, _):
        result = query("SELECT ?b ?i WHERE { ?s ?p ?b }", open_store(f"sparql+{url}/d"))
    assert result.rows == [{"b": True, "i": 1}]
    assert serialize(result, "csv").splitlines()[1] == "true,1"
    nt = f'<http://a> <http://p> "0"^^<{xsd}boolean> .\n'.encode()
    with canned(nt, content_type="application/n-triples") as (url, _):
        result = query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", open_store(f"sparql+{url}/e"))
    assert serialize(result, "ntriples") == f'<http://a> <http://p> "false"^^<{xsd}boolean> .\n'
    ask = (
        b'{"head":{"link":[],"vars":["__ASK_RETVAL"]},"results":{"bindings":[{"__ASK_RETVAL":'
        b'{"type":"typed-literal","datatype":"http://www.w3.org/2001/XMLSchema#integer",'
        b'"value":"1"}}]}}'
    )
    with canned(ask) as (url, _):
        assert query("ASK { ?s ?p ?o }", open_store(f"sparql+{url}/f")).boolean is True
    no = b'{"head":{"link":[],"vars":["__ASK_RETVAL"]},"results":{"bindings":[]}}'
    with canned(no) as (url, _):
        assert query("ASK { ?s ?p ?o }", open_store(f"sparql+{url}/g")).boolean is False
