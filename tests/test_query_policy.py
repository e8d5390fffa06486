"""What `mechgraph query` and the API refuse, and how bound values are read: no request to
another server unless asked, updates named as such, typed --bind values, clear errors for
bad IRIs, and impossible bounds of every command as usage errors."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from click.testing import CliRunner

import mechgraph
from mechgraph.cli import cli


def invoke(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def listener():
    """A local HTTP server that records every request and answers an empty SPARQL result."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self):
            seen.append(f"{self.command} {self.path}")
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            body = (
                b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", '
                b'"value": "http://example.org/remote"}}]}}'
            )
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer  # noqa: N815

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", seen
    server.shutdown()
    server.server_close()


def test_service_sends_no_request_unless_allowed(listener):
    """Defect 11: a SERVICE clause made the embedded store POST to the named address."""
    from mechgraph.sparql import QueryError

    url, seen = listener
    text = f"SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    result = invoke("query", text)
    assert result.exit_code == 65
    assert result.output.strip().splitlines() == [
        "error: SERVICE is refused: it would make the store send requests to other servers "
        "(`mechgraph query --allow-service` permits it)"
    ]
    with pytest.raises(QueryError, match="SERVICE is refused"):
        mechgraph.query(text)
    assert seen == []
    result = invoke("query", text, "--allow-service", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["s", "http://example.org/remote"]
    assert len(seen) == 1


def test_a_variable_named_service_is_not_service():
    """Defect 17: `?service` was refused as if it were the SERVICE keyword."""
    from mechgraph.sparql import uses_service

    out = invoke("query", "SELECT ?service WHERE { ?service rdfs:label 'RUNX2' }", "--format", "csv")
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == ["service", "https://w3id.org/mechgraph/entity/RUNX2"]
    assert not uses_service('SELECT * { ?s ex:service ?o ; ?p "SERVICE"@en } # SERVICE <x:y>')
    assert not uses_service("SELECT ?x { ?x a <http://example.org/SERVICE> }")
    assert uses_service("select * { ?s ?p ?o OPTIONAL { service silent ?endpoint { ?a ?b ?c } } }")


def test_updates_are_refused_in_those_words():
    """Defect 12: an update was reported as `SPARQL syntax error … expected CONSTRUCT`."""
    for text in (
        "INSERT DATA { mge:x rdfs:label 'x' }",
        "PREFIX ex: <http://example.org/>\nDELETE WHERE { ?s ?p ?o }",
        "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "drop all",
        "LOAD <http://127.0.0.1:9/data.ttl>",
    ):
        result = invoke("query", text)
        assert result.exit_code == 65, text
        assert "updates are not allowed: this is a SPARQL Update" in result.output, text
        assert "syntax error" not in result.output


def test_bind_with_a_bad_iri_is_a_usage_error():
    """Defect 13a: `--bind 'target=<bad iri>'` gave a traceback."""
    result = invoke("query", "--example", "upstream-regulators", "--bind", "target=<bad iri>")
    assert result.exit_code == 64
    assert "'target=<bad iri>': <bad iri> is not a valid IRI" in result.output
    with pytest.raises(mechgraph.errors.MechgraphError, match="bad bound value"):
        mechgraph.query("SELECT ?x { ?x ?p ?o }", bindings={"x": mechgraph.store.IRI("bad iri")})


def test_bind_values_are_typed():
    """Defect 13b: `--bind number=36` was bound as the string "36" and matched nothing."""
    text = "SELECT ?number ?doi WHERE { ?r mg:referenceNumber ?number ; dcterms:identifier ?doi }"
    out = invoke("query", text, "--bind", "number=36", "--format", "csv")
    assert out.exit_code == 0, out.output
    assert len(out.output.splitlines()) == 2  # the header and reference 36
    out = invoke("query", text, "--bind", 'number="36"^^xsd:integer', "--format", "csv")
    assert len(out.output.splitlines()) == 2
    out = invoke("query", text, "--bind", 'number="36"', "--format", "csv")  # a string: no match
    assert out.output.splitlines() == ["number,doi"]
    out = invoke(
        "query", "SELECT ?e ?name WHERE { ?e rdfs:label ?name }", "--bind", "name=RUNX2", "--format", "csv"
    )
    assert out.output.splitlines() == ["e,name", "https://w3id.org/mechgraph/entity/RUNX2,RUNX2"]
    assert invoke("query", text, "--bind", 'number="36"^^nope').exit_code == 64


@pytest.mark.parametrize(
    "args",
    [
        ("paths", "PD-L1", "RUNX2", "--max-length", "0"),
        ("paths", "PD-L1", "RUNX2", "--max-length", "-1"),
        ("paths", "PD-L1", "RUNX2", "--limit", "0"),
        ("explain", "PD-L1", "RUNX2", "--limit", "-3"),
        ("paths", "PD-L1", "RUNX2", "--timeout", "0"),
        ("explain", "PD-L1", "RUNX2", "--timeout", "-1"),
        ("explain", "PD-L1", "RUNX2", "--timeout", "nan"),
        ("search", "RUNX2", "--limit", "0"),
        ("viz", "--focus", "RUNX2", "--radius", "-1"),
        ("serve", "--timeout", "0"),
        ("serve", "--max-rows", "0"),
        ("serve", "--workers", "0"),
    ],
)
def test_impossible_bounds_are_usage_errors(args, monkeypatch, tmp_path):
    """Defect 10: impossible bounds were accepted and gave misleading answers."""
    import mechgraph.server.http

    monkeypatch.chdir(tmp_path)  # where `viz` would write its page

    monkeypatch.setattr(mechgraph.server.http, "serve", lambda *a, **k: None)  # never listen
    result = invoke(*args)
    assert result.exit_code == 64, result.output
    assert "Invalid value" in result.output


def test_a_failing_service_is_a_clean_error():
    """Defect 11: the SERVICE request's failure surfaced as a traceback."""
    from conftest import free_port

    text = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{free_port()}/sparql> {{ ?s ?p ?o }} }}"
    result = invoke("query", text, "--allow-service")
    assert result.exit_code == 65
    (line,) = result.output.strip().splitlines()
    assert line.startswith("error: SPARQL evaluation failed")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (r'"a\nb"', "a\nb"),
        (r'"tab\there"@en', "tab\there"),
        (r'"quote \" and backslash \\"', 'quote " and backslash \\'),
        (r'"it\'s"', "it's"),
        (r'"\u00e9t\u00E9 \U0001F9B4"', "été 🦴"),
        (r'"\\n stays two characters"', "\\n stays two characters"),
        (r'"\r\b\f"', "\r\b\f"),
    ],
)
def test_bind_string_escapes_are_read_as_turtle_reads_them(text, value):
    """`--bind 'v="a\\nb"'` bound the four characters a, \\, n, b: only \\" and \\\\ were
    read, though the value is documented as written in Turtle, whose escapes are
    \\t \\b \\n \\r \\f \\" \\' \\\\ and \\uXXXX, \\UXXXXXXXX."""
    from mechgraph.sparql import parse_value

    assert parse_value(text).value == value


@pytest.mark.parametrize("text", [r'"bad \q escape"', r'"short \u12"', r'"\UFFFFFFFF"', r'"\uD800"'])
def test_bind_with_a_bad_escape_is_a_usage_error(text):
    result = invoke("query", "SELECT ?v WHERE { }", "--bind", f"v={text}")
    assert result.exit_code == 64, result.output
    assert "escape" in result.output and "Traceback" not in result.output
