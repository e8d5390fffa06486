"""Property-based tests of the endpoint's HTTP layer: random bytes, malformed request lines,
hostile headers (Content-Length, chunking, Host, Origin), random paths and random query
text always get a plain-text answer or a closed connection, promptly; the server stays up
and writes no traceback."""

from __future__ import annotations

import socket
import urllib.parse

import pytest
from conftest import fuzz_settings
from hypothesis import given
from hypothesis import strategies as st
from test_serve_hardening import Server

FUZZ = fuzz_settings(300)  # MECHGRAPH_FUZZ_EXAMPLES=5000 explores further
STATUS = {200, 204, 400, 403, 404, 405, 406, 408, 411, 413, 414, 415, 431, 501, 503, 505}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = Server(
        tmp_path_factory.mktemp("fuzz-http"), "--idle-timeout", "3", "--timeout", "3", "--max-rows", "50"
    )
    yield s
    err = s.stop()
    assert "Traceback" not in err, err[-3000:]


def exchange(port: int, data: bytes) -> bytes:
    """Send ``data``, half-close, and read the whole answer (the server must not hang)."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as s:
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        except OSError:  # the server may close early on a request it refused
            pass
        out = b""
        try:
            while chunk := s.recv(65536):
                out += chunk
        except ConnectionResetError:
            pass
        except TimeoutError:
            pytest.fail(f"no answer within 20 s to {data[:200]!r}")
        return out


def check(answer: bytes) -> None:
    """Every answer is HTTP with a known status; errors are plain text, never HTML."""
    if not answer:
        return  # a connection closed without a word (e.g. an empty request)
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0]
    parts = status_line.split(b" ", 2)
    assert parts[0] in (b"HTTP/1.1", b"HTTP/1.0"), answer[:300]
    status = int(parts[1])
    assert status in STATUS, answer[:500]
    if status >= 400:
        assert b"content-type: text/plain" in head.lower(), answer[:500]
        assert b"<html" not in body.lower() and b"Traceback" not in body


TOKENS = st.sampled_from(["GET", "POST", "HEAD", "PUT", "OPTIONS", "BREW", "get", "", "G\x00T"])
PATHS = st.one_of(
    st.sampled_from(
        [
            "/",
            "/sparql",
            "/query",
            "/health",
            "/viz",
            "/service-description",
            "/../../etc/passwd",
            "//",
            "*",
            "http://evil.example/sparql",
        ]
    ),
    st.text(alphabet="/%?=&#aq;\x7f é", max_size=200).map(lambda t: "/" + t),
)
SPARQL = st.one_of(
    st.sampled_from(
        [
            "SELECT * { ?s ?p ?o } LIMIT 3",
            "ASK { ?s ?p ?o }",
            "SELECT ?service { ?service ?p ?o } LIMIT 1",
            "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
            "INSERT DATA { <a:a> <a:b> <a:c> }",
            "DESCRIBE mge:RUNX2",
            "SELECT * { ?s ?p ?o }",
        ]
    ),
    st.text(max_size=300),
)


@st.composite
def headers(draw) -> list[tuple[str, str]]:
    out = []
    if draw(st.booleans()):
        out.append(
            (
                "Host",
                draw(
                    st.sampled_from(
                        ["127.0.0.1:{port}", "localhost:{port}", "evil.example", "", "[::1]:{port}"]
                    )
                ),
            )
        )
    if draw(st.booleans()):
        out.append(
            (
                "Content-Length",
                draw(
                    st.one_of(
                        st.integers(-10, 200_000).map(str),
                        st.sampled_from(["", "abc", "1e3", " 5", "+5", "99999999999999999999"]),
                    )
                ),
            )
        )
    if draw(st.booleans()):
        out.append(("Transfer-Encoding", draw(st.sampled_from(["chunked", "gzip", "chunked, x"]))))
    if draw(st.booleans()):
        out.append(
            (
                "Content-Type",
                draw(
                    st.sampled_from(
                        [
                            "application/sparql-query",
                            "application/x-www-form-urlencoded",
                            "application/sparql-update",
                            "text/plain",
                            "",
                        ]
                    )
                ),
            )
        )
    if draw(st.booleans()):
        out.append(
            ("Origin", draw(st.sampled_from(["http://evil.example", "null", "http://127.0.0.1:{port}"])))
        )
    if draw(st.booleans()):
        out.append(("Accept", draw(st.sampled_from(["text/csv", "*/*", "text/turtle", "x/y"]))))
    out += draw(
        st.lists(
            st.tuples(st.text(alphabet="XYZ-abc:", min_size=0, max_size=20), st.text(max_size=50)), max_size=3
        )
    )
    return out


@FUZZ
@given(data=st.binary(max_size=4000))
def test_random_bytes(server, data):
    check(exchange(server.port, data))


@FUZZ
@given(
    method=TOKENS,
    path=PATHS,
    version=st.sampled_from(["HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/x", ""]),
    head=headers(),
    body=st.binary(max_size=3000),
    query=st.none() | SPARQL,
)
def test_malformed_requests(server, method, path, version, head, body, query):
    if query is not None:
        path += ("&" if "?" in path else "?") + urllib.parse.urlencode({"query": query})
    lines = [f"{method} {path} {version}".rstrip()]
    lines += [f"{k}: {v}".replace("{port}", str(server.port)) for k, v in head]
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "replace") + body
    check(exchange(server.port, raw))


@FUZZ
@given(query=SPARQL, how=st.sampled_from(["get", "form", "direct"]))
def test_random_queries_get_a_clean_answer(server, query, how):
    port = server.port
    if how == "get":
        raw = (
            f"GET /sparql?{urllib.parse.urlencode({'query': query})} HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        ).encode()
    else:
        body = (urllib.parse.urlencode({"query": query}) if how == "form" else query).encode()
        ctype = "application/x-www-form-urlencoded" if how == "form" else "application/sparql-query"
        raw = (
            f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: {ctype}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode() + body
    answer = exchange(port, raw)
    check(answer)
    assert answer, "a well-formed request got no answer"
    assert int(answer.split(b" ", 2)[1]) != 500, answer[:500]


def test_the_server_is_still_up(server):
    from test_serve import QUERY, get

    assert get(server.url, QUERY)[0] == 200
