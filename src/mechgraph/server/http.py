"""The SPARQL 1.1 Protocol over HTTP, read-only and bounded.

GET ?query=… and POST (application/x-www-form-urlencoded or application/sparql-query);
results negotiated from Accept (or ?format=); a service description; an offline query
page. Refused, each with a plain-text 4xx/5xx and a message: updates (403), SERVICE (403),
requests over the size limit (413, 414, 431), results over the row limit (413), queries
past the time limit or a full queue (503 with Retry-After).

Hostile clients: a request must arrive whole within ``idle_seconds`` (a silent or
dripping socket is closed), connections are capped (503 beyond), a body is read only up
to its bound whatever its Content-Length or chunking says, and the listen backlog is deep.
Browsers: the Host header must name this server (no DNS rebinding), a cross-site page may
not run queries (Origin, Sec-Fetch-Site), and CORS is off unless ``--cors ORIGIN``.
"""

from __future__ import annotations

import contextlib
import io
import time
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler

from mechgraph import __version__
from mechgraph.server.connections import (
    IDLE_SECONDS,
    MAX_CONNECTIONS,
    MAX_REQUEST_BYTES,
    DeadlineReader,
    Endpoint,
    Refusal,
    allowed_hosts,
    read_body,
)
from mechgraph.server.page import query_page
from mechgraph.server.workers import GRAPH_TYPES, RESULT_TYPES, Limits, QueryRefused, WorkerPool

WRITE_SECONDS = 30.0  # for a client to take the answer
_ACCEPT_RESULTS = {v: k for k, v in RESULT_TYPES.items()} | {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
_ACCEPT_GRAPHS = {v: k for k, v in GRAPH_TYPES.items()} | {
    "application/x-turtle": "turtle",
    "text/plain": "ntriples",
    "application/json": "jsonld",
}
_FORMAT_ALIASES = {
    "json": "json",
    "xml": "xml",
    "csv": "csv",
    "tsv": "tsv",
    "turtle": "turtle",
    "ttl": "turtle",
    "ntriples": "ntriples",
    "nt": "ntriples",
    "jsonld": "jsonld",
}
_QUERY_PATHS = ("/", "/sparql", "/query")


def negotiate(accept: str, fmt: str | None) -> tuple[str, str]:
    """(result format, graph format) from ?format= or the Accept header."""
    if fmt:
        chosen = _FORMAT_ALIASES.get(fmt.lower())
        if chosen is None:
            raise QueryRefused(
                406, f"unknown format {fmt!r}; use one of {', '.join(sorted(_FORMAT_ALIASES))}"
            )
        result = chosen if chosen in RESULT_TYPES else "json"
        graph = chosen if chosen in GRAPH_TYPES else "turtle"
        return result, graph
    result, graph = None, None
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        result = result or _ACCEPT_RESULTS.get(media)
        graph = graph or _ACCEPT_GRAPHS.get(media)
    return result or "json", graph or "turtle"


class Handler(BaseHTTPRequestHandler):
    server: Endpoint
    server_version = f"mechgraph/{__version__}"
    protocol_version = "HTTP/1.1"
    deadline = 0.0

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # read through the deadline instead (below)
        self.deadline = time.monotonic() + self.server.idle_seconds
        self.rfile = io.BufferedReader(DeadlineReader(self.connection, self), 64 * 1024)

    def handle_one_request(self) -> None:
        self.deadline = time.monotonic() + self.server.idle_seconds
        super().handle_one_request()

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if self.request_version == "HTTP/0.9":  # a bare `GET /`: no headers, no status line
            self.send_error(400, "a request line needs an HTTP version (HTTP/1.0 or HTTP/1.1)")
            return False
        return True

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass  # quiet by default; the CLI prints a start-up line

    # --- plumbing -------------------------------------------------------------------------
    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.connection.settimeout(WRITE_SECONDS)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        origin = self._cors_origin()
        if origin:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Expose-Headers", "Content-Type")
        if self.server.cors:
            self.send_header("Vary", "Origin")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, retry_after: int | None = None) -> None:
        phrase = HTTPStatus(status).phrase
        body = f"{status} {phrase}: {message}\n".encode()
        headers = {"Retry-After": str(retry_after)} if retry_after else None
        self._send(status, body, "text/plain; charset=utf-8", headers)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (414, 431, 400 on a malformed request line…) as plain
        text, like every other error, and the connection closed."""
        self.close_connection = True
        texts = {
            414: f"the request line is longer than {MAX_REQUEST_BYTES:,} bytes",
            431: "the request headers are too many or too long",
            505: "only HTTP/1.0 and HTTP/1.1 are spoken here",
        }
        if getattr(self, "request_version", None) not in ("HTTP/1.0", "HTTP/1.1"):
            self.request_version = "HTTP/1.1"  # so that the status line is written
        self.command = getattr(self, "command", None) or ""
        with contextlib.suppress(OSError):
            self._error(code, texts.get(code) or message or HTTPStatus(code).phrase)

    def _cors_origin(self) -> str | None:
        headers = getattr(self, "headers", None)
        origin = (headers.get("Origin") or "").rstrip("/") if headers else ""
        if not origin or not self.server.cors:
            return None
        if "*" in self.server.cors:
            return "*"
        return origin if origin in self.server.cors else None

    def _check_host(self) -> None:
        """The Host header names this server (a rebound domain name does not)."""
        host = (self.headers.get("Host") or "").strip().lower()
        if not host:
            if self.request_version == "HTTP/1.1":
                raise Refusal(400, "an HTTP/1.1 request needs a Host header")
        elif self.server.hosts is not None and host not in self.server.hosts:
            raise Refusal(
                403, f"the Host header {host[:100]!r} does not name this server (a rebound domain name?)"
            )

    def _check_site(self) -> None:
        """A page of another site may not run queries (unless allowed by --cors)."""
        host = (self.headers.get("Host") or "").strip().lower()
        origin = (self.headers.get("Origin") or "").rstrip("/")
        site = (self.headers.get("Sec-Fetch-Site") or "").lower()
        own = {f"http://{h}" for h in (self.server.hosts or {host})}
        if origin and origin.lower() not in own and not self._cors_origin():
            raise Refusal(
                403,
                f"queries from pages of {origin[:100]} are refused (start the server "
                "with --cors ORIGIN to allow them)",
            )
        if site in ("cross-site", "same-site") and not self._cors_origin():
            raise Refusal(
                403,
                "queries sent by another site's page are refused (start the "
                "server with --cors ORIGIN to allow them)",
            )

    def _guarded(self, route) -> None:
        try:
            self._check_host()
            route()
        except Refusal as exc:
            if self.command == "POST":
                self.close_connection = True  # its body may be unread
            self._error(exc.status, str(exc))

    def do_OPTIONS(self) -> None:  # noqa: N802 - stdlib naming
        if not self._cors_origin():
            return self._error(
                403, "cross-origin requests are refused (start the server with --cors ORIGIN to allow them)"
            )
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", self._cors_origin())
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Vary", "Origin")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_PUT(self) -> None:  # noqa: N802
        self.close_connection = True
        self._error(405, "this endpoint is read-only")

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    # --- routes ---------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802
        self._guarded(self._get)

    def do_POST(self) -> None:  # noqa: N802
        self._guarded(self._post)

    def _get(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if len(self.path) > MAX_REQUEST_BYTES:
            return self._error(414, f"the request URL is longer than {MAX_REQUEST_BYTES} bytes")
        if url.path in _QUERY_PATHS:
            if "update" in params:
                return self._error(403, "this endpoint is read-only: updates are refused")
            if "query" in params:
                return self._query(params["query"][0], params)
            accept = self.headers.get("Accept", "")
            if url.path != "/" and ("turtle" in accept or "n-triples" in accept):
                return self._service_description(accept)
            return self._send(
                200, query_page(sorted(self.server.pages)).encode("utf-8"), "text/html; charset=utf-8"
            )
        if url.path == "/service-description":
            return self._service_description(self.headers.get("Accept", "text/turtle"))
        if url.path == "/health":
            return self._send(200, b'{"status": "ok"}', "application/json")
        if url.path in self.server.pages:
            return self._send(200, self.server.pages[url.path], "text/html; charset=utf-8")
        if url.path == "/explain":
            from mechgraph.server.explain import handle

            self._check_site()  # it reads the store, as a query does
            return handle(self, params)
        return self._error(404, f"no such resource: {url.path}")

    def _post(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path not in _QUERY_PATHS:
            self.close_connection = True
            return self._error(404, f"no such resource: {url.path}")
        self.close_connection = True  # until the body is known to be read whole
        body = read_body(self.rfile, self.headers).decode("utf-8", "replace")
        self.close_connection = False
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/sparql-update":
            return self._error(403, "this endpoint is read-only: updates are refused")
        if ctype == "application/sparql-query":
            return self._query(body, params)
        if ctype in ("application/x-www-form-urlencoded", ""):
            form = urllib.parse.parse_qs(body, keep_blank_values=True)
            if "update" in form:
                return self._error(403, "this endpoint is read-only: updates are refused")
            if "query" in form:
                return self._query(form["query"][0], {**params, **form})
            return self._error(400, "no query parameter in the request")
        return self._error(415, f"unsupported Content-Type {ctype!r}")

    def _query(self, text: str, params: dict[str, list[str]]) -> None:
        from mechgraph.sparql import QueryRefusedError, check_read_only

        self._check_site()
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return self._error(400, "default-graph-uri and named-graph-uri are not supported")
        try:
            check_read_only(text)
        except QueryRefusedError as exc:
            message = str(exc).replace(" (`mechgraph query --allow-service` permits it)", "")
            return self._error(
                403,
                message.replace("updates are not allowed", "this endpoint is read-only: updates are refused"),
            )
        try:
            result_fmt, graph_fmt = negotiate(
                self.headers.get("Accept", ""), (params.get("format") or [None])[0]
            )
            answer = self.server.pool.run(text, result_fmt, graph_fmt, client=self.client_address[0])
        except QueryRefused as exc:
            return self._error(exc.status, str(exc), exc.retry_after)
        ctype = answer.content_type
        if ctype.startswith("text/") or ctype.endswith("json") or ctype.endswith("xml"):
            ctype += "; charset=utf-8"
        self._send(answer.status, answer.body, ctype)

    def _service_description(self, accept: str) -> None:
        host = self.headers.get("Host", "127.0.0.1")
        endpoint = f"http://{host}/sparql"
        formats = "\n".join(
            f"    sd:resultFormat <http://www.w3.org/ns/formats/{name}> ;"
            for name in (
                "SPARQL_Results_JSON",
                "SPARQL_Results_XML",
                "SPARQL_Results_CSV",
                "SPARQL_Results_TSV",
                "Turtle",
                "N-Triples",
                "JSON-LD",
            )
        )
        ttl = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
{formats}
    sd:feature sd:UnionDefaultGraph ;
    sd:defaultDataset [ a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph ; void:inDataset <https://w3id.org/mechgraph/dataset> ] ] .
"""
        self._send(200, ttl.encode("utf-8"), "text/turtle; charset=utf-8")


def views(store_spec: str | None, viz_path: str | None) -> dict[str, bytes]:
    """The HTML views served at /viz: a given page, or the graph and the PD-1 explanation."""
    if viz_path:
        with open(viz_path, "rb") as handle:
            return {"/viz": handle.read()}
    from importlib.util import find_spec

    if find_spec("pyvis") is None:  # without the viz extra, the endpoint serves no views
        return {}
    from mechgraph.store import open_store
    from mechgraph.viz.build import exported_pages

    pages = exported_pages(open_store(store_spec))
    return {
        "/viz": pages["mechgraph.html"].encode("utf-8"),
        "/viz/explained": pages["pd1-bone-explained.html"].encode("utf-8"),
    }


def serve(
    store_spec: str | None,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    limits: Limits | None = None,
    workers: int = 2,
    viz_path: str | None = None,
    cors: tuple[str, ...] = (),
    idle_seconds: float = IDLE_SECONDS,
    max_connections: int = MAX_CONNECTIONS,
    ready=None,
) -> None:
    """Run the endpoint until interrupted. ``ready(url)`` is called once it listens."""
    limits = limits or Limits()
    pool = WorkerPool(store_spec, limits, size=workers)
    server = Endpoint(
        (host, port),
        Handler,
        pool,
        limits,
        pages=views(store_spec, viz_path),
        cors=cors,
        idle_seconds=idle_seconds,
        max_connections=max_connections,
    )
    server.hosts = allowed_hosts(host, server.server_address[1])
    server.store_spec = store_spec  # for /explain (mechgraph.server.explain)
    try:
        if ready:
            ready(f"http://{host}:{server.server_address[1]}/sparql")
        server.serve_forever()
    finally:
        server.server_close()
        pool.close()
