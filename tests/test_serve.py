"""mechgraph serve: a real SPARQL client and raw HTTP get every result format; updates,
SERVICE, oversized requests and results, and slow queries are refused cleanly."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import free_port, wait_until_up

TIMEOUT = 2.0


@pytest.fixture(scope="module")
def endpoint():
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mechgraph",
            "serve",
            "--port",
            str(port),
            "--timeout",
            str(TIMEOUT),
            "--max-rows",
            "500",
            "--memory-mb",
            "1024",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    wait_until_up(f"http://127.0.0.1:{port}/health", proc)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def http(
    url: str, *, data: bytes | None = None, headers: dict | None = None, method: str | None = None
) -> tuple[int, str, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read().decode("utf-8")


QUERY = "SELECT ?label WHERE { mge:PD-L1 rdfs:label ?label }"


def get(endpoint: str, query: str, accept: str = "") -> tuple[int, str, str]:
    return http(
        f"{endpoint}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept} if accept else {}
    )


def test_sparqlwrapper_gets_json_xml_csv_tsv(endpoint):
    from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(
        "PREFIX mge: <https://w3id.org/mechgraph/entity/>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + QUERY
    )
    client.setReturnFormat(JSON)
    result = client.query().convert()
    assert result["results"]["bindings"][0]["label"]["value"] == "PD-L1"
    client.setReturnFormat(XML)
    xml = client.query().convert()
    assert xml.getElementsByTagName("literal")[0].firstChild.data == "PD-L1"
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines() == ["label", "PD-L1"]
    client.setReturnFormat(TSV)
    assert client.query().convert().decode().splitlines() == ["?label", '"PD-L1"']


def test_rdflib_sparqlstore_reads_the_endpoint(endpoint):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(endpoint, returnFormat="json")
    rows = list(
        store.query(
            "SELECT ?o WHERE { <https://w3id.org/mechgraph/entity/RUNX2> "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?o }"
        )
    )
    assert [str(r[0]) for r in rows] == ["RUNX2"]


def test_raw_http_get_post_and_negotiation(endpoint):
    status, ctype, body = get(endpoint, QUERY, "text/csv")
    assert (status, ctype.split(";")[0], body.splitlines()) == (200, "text/csv", ["label", "PD-L1"])
    status, ctype, body = http(
        endpoint,
        data=QUERY.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+xml"},
    )
    assert status == 200 and ctype.startswith("application/sparql-results+xml")
    assert "<literal>PD-L1</literal>" in body
    form = urllib.parse.urlencode({"query": QUERY}).encode()
    status, ctype, body = http(
        endpoint, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["label"]["value"] == "PD-L1"
    status, ctype, body = get(endpoint, "DESCRIBE mge:RUNX2", "text/turtle")
    assert status == 200 and ctype.startswith("text/turtle") and "RUNX2" in body
    status, _, body = get(endpoint, "ASK { mge:PD-L1 mg:xref 'hgnc:17635' }")
    assert json.loads(body)["boolean"] is True


def test_no_cors_by_default_and_service_description(endpoint):
    status, _, _ = http(endpoint, method="OPTIONS", headers={"Origin": "http://example.org"})
    assert status == 403
    request = urllib.request.Request(f"{endpoint}?{urllib.parse.urlencode({'query': QUERY})}")
    with urllib.request.urlopen(request) as r:
        assert "Access-Control-Allow-Origin" not in r.headers
    status, ctype, body = http(endpoint.replace("/sparql", "/service-description"))
    assert status == 200 and "sd:SPARQL11Query" in body


def test_query_page_is_offline_and_escapes(endpoint):
    status, ctype, body = http(endpoint)
    assert status == 200 and ctype.startswith("text/html")
    assert "http://" not in body.replace("http://www.w3.org", "") and "https://cdn" not in body
    assert "statements-about-entity" in body
    script = body.split('id="cookbook">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script


def test_updates_are_refused(endpoint):
    status, _, body = http(
        endpoint,
        data=b"INSERT DATA { <a:a> <a:b> <a:c> }",
        headers={"Content-Type": "application/sparql-update"},
    )
    assert status == 403 and "read-only" in body
    form = urllib.parse.urlencode({"update": "DELETE WHERE { ?s ?p ?o }"}).encode()
    status, _, body = http(endpoint, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and "read-only" in body
    status, _, _ = http(endpoint, data=b"x", method="PUT")
    assert status == 405
    assert get(endpoint, "ASK { mge:PD-L1 ?p ?o }")[0] == 200  # still there


def test_service_is_refused(endpoint):
    status, _, body = get(endpoint, "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert status == 403 and "SERVICE is refused" in body
    # the word inside a string is not a SERVICE clause
    status, _, _ = get(endpoint, 'SELECT ?s { ?s rdfs:label "SERVICE" }')
    assert status == 200


def test_oversized_request_and_result(endpoint):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 70_000
    status, _, body = http(endpoint, data=big.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 413 and "larger than" in body
    status, _, body = get(endpoint, "SELECT * { ?s ?p ?o }")
    assert status == 413 and "above the limit of 500" in body


def test_slow_query_is_stopped_and_the_server_recovers(endpoint):
    slow = "SELECT (COUNT(*) AS ?n) { ?a obo:RO_0002213+ ?b . ?c obo:RO_0002213+ ?d . ?e ?f ?g }"
    t0 = time.monotonic()
    status, _, body = get(endpoint, slow)
    assert status == 503 and "time limit" in body
    assert time.monotonic() - t0 < TIMEOUT + 5
    assert get(endpoint, QUERY)[0] == 200


def test_syntax_error_is_a_clean_400(endpoint):
    status, ctype, body = get(endpoint, "SELECT ?x WHERE { ?x ?p }")
    assert status == 400 and ctype.startswith("text/plain")
    assert "line:column" in body and "Traceback" not in body


def test_a_query_past_the_memory_ceiling_is_stopped_and_the_server_recovers():
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mechgraph",
            "serve",
            "--port",
            str(port),
            "--timeout",
            "60",
            "--memory-mb",
            "400",
            "--workers",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", proc)
        # a string of billions of characters: grows until the worker hits its ceiling
        hog = (
            "SELECT (STRLEN(GROUP_CONCAT(?x)) AS ?n) { ?a ?b ?c . ?d ?e ?f . "
            "BIND(CONCAT(STR(?a), STR(?d)) AS ?x) }"
        )
        status, _, body = get(url, hog)
        assert status == 503 and "worker died" in body
        assert get(url, QUERY)[0] == 200
    finally:
        proc.terminate()
        proc.wait(10)
