"""The SPARQL 1.1 Protocol over HTTP, read-only and bounded.

GET ?query=… and POST (application/x-www-form-urlencoded or application/sparql-query);
results negotiated from Accept (or ?format=); a service description; CORS; an offline
query page. Refused, each with a clean 4xx/5xx and a message: updates (403), SERVICE
(403), requests over the size limit (413), results over the row limit (413), queries past
the time limit (503).
"""

from __future__ import annotations

import re
import threading
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from mechgraph import __version__
from mechgraph.server.page import query_page
from mechgraph.server.workers import GRAPH_TYPES, RESULT_TYPES, Limits, QueryRefused, WorkerPool

MAX_REQUEST_BYTES = 64 * 1024
_ACCEPT_RESULTS = {v: k for k, v in RESULT_TYPES.items()} | {
    "application/json": "json", "application/xml": "xml", "text/xml": "xml"}
_ACCEPT_GRAPHS = {v: k for k, v in GRAPH_TYPES.items()} | {
    "application/x-turtle": "turtle", "text/plain": "ntriples", "application/json": "jsonld"}
_FORMAT_ALIASES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv",
                   "turtle": "turtle", "ttl": "turtle", "ntriples": "ntriples", "nt": "ntriples",
                   "jsonld": "jsonld"}
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_UPDATE = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
                     re.IGNORECASE | re.MULTILINE)


def strip_literals(query: str) -> str:
    """The query without comments, string literals and IRIs, to look for keywords safely."""
    out = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'', '""', query)
    out = re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', '""', out)
    out = re.sub(r"<[^<>\s]*>", "<>", out)
    return re.sub(r"#[^\n]*", "", out)


def negotiate(accept: str, fmt: str | None) -> tuple[str, str]:
    """(result format, graph format) from ?format= or the Accept header."""
    if fmt:
        chosen = _FORMAT_ALIASES.get(fmt.lower())
        if chosen is None:
            raise QueryRefused(406, f"unknown format {fmt!r}; use one of "
                                    f"{', '.join(sorted(_FORMAT_ALIASES))}")
        result = chosen if chosen in RESULT_TYPES else "json"
        graph = chosen if chosen in GRAPH_TYPES else "turtle"
        return result, graph
    result, graph = None, None
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        result = result or _ACCEPT_RESULTS.get(media)
        graph = graph or _ACCEPT_GRAPHS.get(media)
    return result or "json", graph or "turtle"


class Endpoint(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, pool: WorkerPool, limits: Limits, *, pages: dict[str, bytes]):
        super().__init__(address, Handler)
        self.pool = pool
        self.limits = limits
        self.pages = pages  # path → HTML view
        self.lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    server: Endpoint
    server_version = f"mechgraph/{__version__}"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass  # quiet by default; the CLI prints a start-up line

    # --- plumbing -------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "Content-Type")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        phrase = HTTPStatus(status).phrase
        body = f"{status} {phrase}: {message}\n".encode()
        self._send(status, body, "text/plain; charset=utf-8")

    def do_OPTIONS(self) -> None:  # noqa: N802 - stdlib naming
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_PUT(self) -> None:  # noqa: N802
        self._error(405, "this endpoint is read-only")

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    # --- routes ---------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if len(self.path) > MAX_REQUEST_BYTES:
            return self._error(414, f"the request URL is longer than {MAX_REQUEST_BYTES} bytes")
        if url.path in ("/", "/sparql", "/query"):
            if "update" in params:
                return self._error(403, "this endpoint is read-only: updates are refused")
            if "query" in params:
                return self._query(params["query"][0], params)
            accept = self.headers.get("Accept", "")
            if url.path != "/" and ("turtle" in accept or "n-triples" in accept):
                return self._service_description(accept)
            return self._send(200, query_page(sorted(self.server.pages)).encode("utf-8"),
                              "text/html; charset=utf-8")
        if url.path == "/service-description":
            return self._service_description(self.headers.get("Accept", "text/turtle"))
        if url.path == "/health":
            return self._send(200, b'{"status": "ok"}', "application/json")
        if url.path in self.server.pages:
            return self._send(200, self.server.pages[url.path], "text/html; charset=utf-8")
        if url.path == "/explain":
            from mechgraph.server.explain import handle

            return handle(self, params)
        return self._error(404, f"no such resource: {url.path}")

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path not in ("/", "/sparql", "/query"):
            return self._error(404, f"no such resource: {url.path}")
        length = self.headers.get("Content-Length")
        if length is None:
            return self._error(411, "a POST needs a Content-Length")
        try:
            size = int(length)
        except ValueError:
            return self._error(400, "bad Content-Length")
        if size > MAX_REQUEST_BYTES:
            return self._error(413, f"the request body is larger than {MAX_REQUEST_BYTES} bytes")
        body = self.rfile.read(size).decode("utf-8", "replace")
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
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return self._error(400, "default-graph-uri and named-graph-uri are not supported")
        bare = strip_literals(text)
        if _SERVICE.search(bare):
            return self._error(403, "SERVICE is refused: this endpoint makes no requests to "
                                    "other servers")
        if _UPDATE.search(bare) and not re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", bare,
                                                  re.IGNORECASE):
            return self._error(403, "this endpoint is read-only: updates are refused")
        try:
            result_fmt, graph_fmt = negotiate(self.headers.get("Accept", ""),
                                              (params.get("format") or [None])[0])
            answer = self.server.pool.run(text, result_fmt, graph_fmt)
        except QueryRefused as exc:
            return self._error(exc.status, str(exc))
        ctype = answer.content_type
        if ctype.startswith("text/") or ctype.endswith("json") or ctype.endswith("xml"):
            ctype += "; charset=utf-8"
        self._send(answer.status, answer.body, ctype)

    def _service_description(self, accept: str) -> None:
        host = self.headers.get("Host", "127.0.0.1")
        endpoint = f"http://{host}/sparql"
        formats = "\n".join(
            f"    sd:resultFormat <http://www.w3.org/ns/formats/{name}> ;"
            for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                         "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD"))
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
    from mechgraph.store import open_store
    from mechgraph.viz.build import exported_pages

    pages = exported_pages(open_store(store_spec))
    return {"/viz": pages["mechgraph.html"].encode("utf-8"),
            "/viz/explained": pages["pd1-bone-explained.html"].encode("utf-8")}


def serve(store_spec: str | None, host: str = "127.0.0.1", port: int = 7878, *,
          limits: Limits | None = None, workers: int = 2, viz_path: str | None = None,
          ready=None) -> None:
    """Run the endpoint until interrupted. ``ready(url)`` is called once it listens."""
    limits = limits or Limits()
    pool = WorkerPool(store_spec, limits, size=workers)
    server = Endpoint((host, port), pool, limits, pages=views(store_spec, viz_path))
    server.store_spec = store_spec  # for /explain (mechgraph.server.explain)
    try:
        if ready:
            ready(f"http://{host}:{server.server_address[1]}/sparql")
        server.serve_forever()
    finally:
        server.server_close()
        pool.close()
