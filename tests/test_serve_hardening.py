"""mechgraph serve under hostile clients and pages: bodies bounded whatever their headers
say, idle and dripping sockets closed, connections capped, the Host header checked,
cross-site pages refused, CORS only when asked, a fair bounded queue whose waiting never
eats a query's time limit, plain-text errors, quiet workers, and a store that an import
replaced is reopened."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from conftest import free_port, wait_until_up
from test_serve import QUERY, get, http

SLOW = "SELECT (COUNT(*) AS ?n) { ?a obo:RO_0002213+ ?b . ?c obo:RO_0002213+ ?d . ?e ?f ?g }"


class Server:
    def __init__(self, tmp_path: Path, *args: str, env: dict | None = None, store: str | None = None):
        self.port = free_port()
        self.stderr_path = tmp_path / f"serve-{self.port}.err"
        cmd = [sys.executable, "-m", "mechgraph"]
        if store:
            cmd += ["--store", store]
        cmd += ["serve", "--port", str(self.port), *args]
        self.stderr = open(self.stderr_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=self.stderr, env={**os.environ, **(env or {})}
        )
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        wait_until_up(f"http://127.0.0.1:{self.port}/health", self.proc)

    def raw(self, data: bytes, *, timeout: float = 20.0, keep_open: bool = True) -> bytes:
        """Send ``data`` and read what comes back until the server closes or stops talking;
        the client never closes its side first (a server waiting for EOF would hang)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            s.sendall(data)
            if not keep_open:
                s.shutdown(socket.SHUT_WR)
            out = b""
            try:
                while chunk := s.recv(65536):
                    out += chunk
                    if b"\r\n\r\n" in out:
                        head, _, rest = out.partition(b"\r\n\r\n")
                        length = [
                            int(x.split(b":")[1])
                            for x in head.split(b"\r\n")
                            if x.lower().startswith(b"content-length:")
                        ]
                        if length and len(rest) >= length[0]:
                            break
            except TimeoutError:
                out += b"<timed out>"
            return out

    def threads(self) -> int:
        return len(os.listdir(f"/proc/{self.proc.pid}/task"))

    def stop(self) -> str:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.stderr.close()
        return self.stderr_path.read_text()


@pytest.fixture
def server(tmp_path):
    started: list[Server] = []

    def start(*args: str, **kw) -> Server:
        started.append(Server(tmp_path, *args, **kw))
        return started[-1]

    yield start
    for s in started:
        s.stop()


def _post_head(port: int, extra: str) -> bytes:
    return (
        f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/sparql-query\r\n{extra}\r\n"
    ).encode()


def test_bodies_are_bounded_whatever_the_headers_say(server):
    """Defect 14: Content-Length: -1 made the server read until the client closed."""
    s = server()
    answer = s.raw(_post_head(s.port, "Content-Length: -1\r\n") + b"SELECT * {?s ?p ?o}" * 100)
    assert answer.startswith(b"HTTP/1.1 400 ") and b"bad Content-Length '-1'" in answer
    answer = s.raw(_post_head(s.port, "Content-Length: 5\r\nContent-Length: 7\r\n") + b"x" * 7)
    assert answer.startswith(b"HTTP/1.1 400 ")
    chunk = b"10000\r\n" + b"#" * 0x10000 + b"\r\n"
    answer = s.raw(_post_head(s.port, "Transfer-Encoding: chunked\r\n") + chunk * 3)
    assert answer.startswith(b"HTTP/1.1 413 ") and b"larger than 65536 bytes" in answer
    body = QUERY.encode()
    chunked = f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
    answer = s.raw(_post_head(s.port, "Transfer-Encoding: chunked\r\nAccept: text/csv\r\n") + chunked)
    assert answer.startswith(b"HTTP/1.1 200 ") and answer.endswith(b"label\r\nPD-L1\r\n")
    answer = s.raw(_post_head(s.port, "Transfer-Encoding: gzip\r\n") + b"x")
    assert answer.startswith(b"HTTP/1.1 501 ")
    assert get(s.url, QUERY)[0] == 200


def test_idle_and_dripping_sockets_are_closed_and_connections_capped(server):
    """Defect 15: silent sockets were never timed out (1,500 sockets, 1,504 threads)."""
    s = server("--idle-timeout", "2", "--max-connections", "8")
    idle = s.raw(b"", timeout=30)
    assert idle in (b"", b"<timed out>") and idle == b""  # closed by the server, not by us
    with socket.create_connection(("127.0.0.1", s.port), timeout=30) as drip:
        drip.sendall(b"GET /health HTTP/1.1\r\n")
        closed = False
        for _ in range(40):  # a header byte every 0.25 s: past the 2 s deadline
            try:
                drip.sendall(b"X")
                time.sleep(0.25)
            except OSError:
                closed = True
                break
        if not closed:
            drip.settimeout(5)
            closed = drip.recv(1) == b""
        assert closed
    socks = [socket.create_connection(("127.0.0.1", s.port)) for _ in range(8)]
    try:
        time.sleep(0.5)  # let the server accept them
        extra = s.raw(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n", timeout=10)
        assert extra.startswith(b"HTTP/1.1 503 ") and b"too many open connections" in extra
        assert b"Retry-After: 1" in extra
        assert s.threads() < 8 + 12  # a thread per accepted connection, no more
    finally:
        for sock in socks:
            sock.close()
    for _ in range(100):  # the slots come back as the server notices the closes
        if get(s.url, QUERY)[0] == 200:
            break
        time.sleep(0.1)
    assert get(s.url, QUERY)[0] == 200


def test_host_origin_and_cors(server):
    """Defect 16: `Access-Control-Allow-Origin: *` and no Host check let any page query."""
    s = server("--cors", "http://localhost:3000")
    q = f"{s.url}?{urllib.parse.urlencode({'query': QUERY})}"
    assert http(q, headers={"Host": f"localhost:{s.port}"})[0] == 200
    status, ctype, body = http(q, headers={"Host": f"rebound.example:{s.port}"})
    assert status == 403 and ctype.startswith("text/plain") and "does not name this server" in body
    status, _, body = http(q, headers={"Origin": "http://evil.example"})
    assert status == 403 and "queries from pages of http://evil.example are refused" in body
    status, _, body = http(q, headers={"Sec-Fetch-Site": "cross-site"})
    assert status == 403
    assert http(q, headers={"Origin": "null"})[0] == 403  # a sandboxed frame, a local file
    request = urllib.request.Request(q, headers={"Origin": "http://localhost:3000"})
    with urllib.request.urlopen(request) as r:
        assert r.headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
        assert r.headers["Vary"] == "Origin"
    own = http(q, headers={"Origin": f"http://127.0.0.1:{s.port}", "Sec-Fetch-Site": "same-origin"})
    assert own[0] == 200  # the query page itself
    status, _, _ = http(s.url, method="OPTIONS", headers={"Origin": "http://localhost:3000"})
    assert status == 204


def test_explain_is_guarded_as_queries_are(server):
    """/explain reads the store as a query does: another site's page, or a rebound host
    name, may not make it compute an answer."""
    s = server()
    base = s.url.rsplit("/", 1)[0]
    q = f"{base}/explain?{urllib.parse.urlencode({'source': 'PD-L1', 'target': 'RUNX2'})}"
    assert http(q)[0] == 200
    assert http(q, headers={"Origin": "http://evil.example"})[0] == 403
    assert http(q, headers={"Sec-Fetch-Site": "cross-site"})[0] == 403
    assert http(q, headers={"Host": f"rebound.example:{s.port}"})[0] == 403


def test_queued_time_is_not_charged_and_a_repeated_hostile_query_is_refused(server):
    """Defect 16: a query queued behind a hostile one got a 503 once its own time limit had
    gone by in the queue; the same hostile query, repeated, took a worker every time."""
    s = server("--workers", "1", "--timeout", "2")
    results = {}

    def send(name, text):
        results[name] = get(s.url, text)

    threads = [
        threading.Thread(target=send, args=("hostile", SLOW)),
        threading.Thread(target=send, args=("hostile2", SLOW.replace("?g", "?h"))),
    ]
    for t in threads:
        t.start()
        time.sleep(0.2)
    results["cheap"] = get(s.url, QUERY)  # queued behind both: longer than its time limit
    for t in threads:
        t.join()
    for name in ("hostile", "hostile2"):
        assert results[name][0] == 503 and "time limit" in results[name][2]
    assert results["cheap"][0] == 200, results["cheap"]
    request = urllib.request.Request(f"{s.url}?{urllib.parse.urlencode({'query': SLOW})}")
    try:
        urllib.request.urlopen(request, timeout=30)
        pytest.fail("the repeated hostile query ran")
    except urllib.error.HTTPError as exc:
        assert exc.code == 503 and int(exc.headers["Retry-After"]) >= 1
        assert "ran past the time limit of 2 s a moment ago" in exc.read().decode()


def test_a_variable_named_service_is_answered(server):
    """Defect 17: `?service` was refused by a regular expression as SERVICE."""
    s = server()
    status, _, body = get(s.url, "SELECT ?service WHERE { ?service rdfs:label 'RUNX2' }", "text/csv")
    assert status == 200 and body.splitlines() == ["service", "https://w3id.org/mechgraph/entity/RUNX2"]
    status, _, body = get(s.url, "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert status == 403 and "SERVICE is refused" in body


def test_oversized_request_line_and_headers_are_plain_text(server):
    """Defect 18a: 414 and 431 came as http.server's HTML page."""
    s = server()
    answer = s.raw(f"GET /sparql?query={'x' * 70_000} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 414 ")
    assert b"text/plain" in answer and b"<html" not in answer.lower()
    headers = "".join(f"X-{i}: {i}\r\n" for i in range(200))
    answer = s.raw(f"GET /health HTTP/1.1\r\nHost: 127.0.0.1:{s.port}\r\n{headers}\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 431 ")
    assert b"text/plain" in answer and b"<html" not in answer.lower()
    answer = s.raw(b"NONSENSE\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400 ") and b"<html" not in answer.lower()


def test_listen_backlog_is_raised(server):
    """Defect 18b: the listen backlog was http.server's 5."""
    s = server()
    out = subprocess.run(["ss", "-ltnH", f"sport = :{s.port}"], capture_output=True, text=True)
    if out.returncode != 0 or not out.stdout.strip():
        pytest.skip("ss cannot show the listening socket here")
    backlog = int(out.stdout.split()[2])  # Send-Q of a listening socket: its backlog
    assert backlog >= 128


def test_a_worker_killed_for_memory_prints_nothing(server):
    """Defect 18c: a worker past its memory ceiling printed Rust's backtrace on the server's
    terminal."""
    s = server("--timeout", "60", "--memory-mb", "400", "--workers", "1", env={"RUST_BACKTRACE": "1"})
    hog = (
        "SELECT (STRLEN(GROUP_CONCAT(?x)) AS ?n) { ?a ?b ?c . ?d ?e ?f . "
        "BIND(CONCAT(STR(?a), STR(?d)) AS ?x) }"
    )
    status, _, body = get(s.url, hog)
    assert status == 503 and "worker died" in body
    assert get(s.url, QUERY)[0] == 200
    err = s.stop()
    assert "memory allocation" not in err and "backtrace" not in err.lower()
    assert "Traceback" not in err and "panicked" not in err


def _holding(pid: int, directory: Path) -> bool:
    """Whether a child process of ``pid`` has a file of ``directory`` open."""
    children = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as fh:
            children += fh.read().split()
    prefix = str(directory) + os.sep
    for child in children:
        try:
            links = [os.readlink(f"/proc/{child}/fd/{fd}") for fd in os.listdir(f"/proc/{child}/fd")]
        except OSError:
            continue
        if any(link.startswith(prefix) for link in links):
            return True
    return False


def test_serve_reopens_a_store_an_import_replaced(server, tmp_path):
    """Defect 4: serve kept answering from the replaced store, holding deleted files."""
    from test_store_safety import _small_regulons

    from mechgraph.importers.load import import_file

    store = tmp_path / "store"
    rows = _small_regulons(tmp_path)
    import_file("regulons", rows, store, source="first")
    s = server(store=f"oxigraph:{store}")
    sources = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?d a void:Dataset } } ORDER BY ?g"
    assert get(s.url, sources, "text/csv")[2].split() == ["g", "https://w3id.org/mechgraph/graph/first"]
    first = store.resolve()
    assert _holding(s.proc.pid, first)  # the workers have the store's files open
    import_file("regulons", rows, store, source="second")
    # with no query coming, the workers still let go of the replaced version's files
    deadline = time.monotonic() + 60
    while _holding(s.proc.pid, first):
        assert time.monotonic() < deadline, "the workers kept the replaced store open"
        time.sleep(0.2)
    assert get(s.url, sources, "text/csv")[2].split() == [
        "g",
        "https://w3id.org/mechgraph/graph/first",
        "https://w3id.org/mechgraph/graph/second",
    ]
    import_file("regulons", rows, store, source="third")
    assert "https://w3id.org/mechgraph/graph/third" in get(s.url, sources, "text/csv")[2]
    err = s.stop()
    assert "the store was replaced" in err and "Traceback" not in err


def test_the_queue_is_fair_between_clients_and_bounded():
    """Defect 16: a released worker goes to the next client in turn, not to whoever sent
    the most; a full queue is a 503 with Retry-After, not an endless wait."""
    from mechgraph.server.workers import Limits, QueryRefused, WorkerPool

    pool = WorkerPool(
        None, Limits(timeout=2, max_queue=4, queue_seconds=30), size=0, log=lambda message: None
    )
    served: list[str] = []
    lock = threading.Lock()

    def wait_for(client: str) -> None:
        worker = pool._acquire(client)
        with lock:
            served.append(f"{client}:{worker}")

    threads = []
    for client in ("greedy", "greedy", "greedy", "polite"):
        threads.append(threading.Thread(target=wait_for, args=(client,)))
        threads[-1].start()
        while pool.queued < len(threads):  # queued in this order
            time.sleep(0.01)
    with pytest.raises(QueryRefused) as refused:
        pool._acquire("another")
    assert refused.value.status == 503 and refused.value.retry_after == 2
    for n in range(4):
        pool._release(f"worker{n}")
        while len(served) < n + 1:
            time.sleep(0.01)
    for t in threads:
        t.join()
    assert served == ["greedy:worker0", "polite:worker1", "greedy:worker2", "greedy:worker3"]
    assert pool.queued == 0 and pool.idle == []
    pool._release("spare")
    assert pool._acquire("anyone") == "spare"  # no one waiting: at once


@pytest.fixture(scope="module")
def chromium():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed")
    from test_viz import CHROMIUM, IN_CI

    if not CHROMIUM:
        if IN_CI:
            pytest.fail("Debian's chromium is not installed")
        pytest.skip("chromium is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def test_the_query_page_runs_queries_and_another_site_cannot(server, chromium, tmp_path):
    """In Chromium: the endpoint's own page still queries it; a page of another origin can
    neither read an answer (no CORS) nor make the endpoint run a query (a form it submits
    is refused)."""
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    s = server()
    evil = tmp_path / "evil"
    evil.mkdir()
    query = urllib.parse.quote("ASK { ?s ?p ?o }")
    (evil / "read.html").write_text(
        f'<script>fetch("http://127.0.0.1:{s.port}/sparql?query={query}")'
        ".then(r => r.text()).then(t => { window.result = t; })"
        '.catch(e => { window.result = "blocked"; });</script>',
        encoding="utf-8",
    )
    (evil / "post.html").write_text(
        f'<form method="POST" action="http://127.0.0.1:{s.port}/sparql">'
        '<input name="query" value="ASK { ?s ?p ?o }"></form>'
        "<script>document.forms[0].submit();</script>",
        encoding="utf-8",
    )

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=str(evil), **k)

        def log_message(self, *args):
            pass

    other = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{other.server_address[1]}"
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(s.url)
        page.click("button[type=submit]")
        page.wait_for_selector("table td", timeout=30_000)
        assert page.inner_text("#status").startswith("200")
        page.goto(f"{site}/read.html")
        page.wait_for_function("window.result !== undefined", timeout=30_000)
        assert page.evaluate("window.result") == "blocked"
        with page.expect_navigation(url=s.url, timeout=30_000) as navigation:
            page.goto(f"{site}/post.html")
        assert navigation.value.status == 403
        assert f"queries from pages of {site} are refused" in page.inner_text("body")
    finally:
        context.close()
        other.shutdown()
        other.server_close()
