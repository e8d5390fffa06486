"""Query evaluation in worker processes, so that one hostile query cannot take the machine
down: each worker has a memory ceiling (RLIMIT_AS) and is killed at the time limit, then
replaced. The HTTP side never evaluates SPARQL itself.

Requests wait for a free worker in a bounded queue served round-robin by client (one
client's burst cannot hold everyone else back), and the time limit starts when a worker
takes the query, so time spent queued never counts against it. A queue that is full, or a
wait past ``Limits.queue_seconds``, is a 503 with Retry-After; so is a query that ran past
the time limit a moment ago, sent again (a loop of the same exploding query costs one
time limit, not a worker for ever). Workers reopen an on-disk store that an import or a
build replaced (mechgraph.store.disk) before their next query.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing as mp
import os
import re
import resource
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from mechgraph.errors import MechgraphError

GRAPH_TYPES = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
}
RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0  # seconds per query, from the moment a worker takes it
    max_rows: int = 10_000  # solutions or triples per result
    memory_mb: int = 2048  # address space of a worker
    max_queue: int = 64  # requests waiting for a worker, all clients together
    queue_seconds: float = 30.0  # longest wait for a worker before a 503
    penalty_seconds: float = 60.0  # a query that timed out is refused this long


@dataclass
class Answer:
    status: int
    body: bytes
    content_type: str


class QueryRefused(MechgraphError):
    def __init__(self, status: int, message: str, retry_after: int | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


def _worker_main(conn, store_spec: str | None, limits: Limits) -> None:
    # a worker killed for memory must not print Rust's or Python's last words on the
    # server's terminal: its failures reach the client as messages
    os.environ["RUST_BACKTRACE"] = "0"
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the life of the process
    limit = limits.memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):  # a platform without the limit
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from mechgraph.sparql import QueryError, QueryRefusedError, query, serialize
    from mechgraph.store import open_store

    store = open_store(store_spec)
    len(store)  # load before the first query
    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        text, result_format, graph_format = request
        try:
            result = query(text, store)
            if len(result) > limits.max_rows:
                conn.send(
                    (
                        "refused",
                        (
                            413,
                            f"the result has {len(result)} rows or triples, "
                            f"above the limit of {limits.max_rows}: add a LIMIT",
                        ),
                    )
                )
                continue
            fmt = graph_format if result.kind == "graph" else result_format
            ctype = GRAPH_TYPES.get(fmt) or RESULT_TYPES[fmt]
            conn.send(("ok", (serialize(result, fmt).encode("utf-8"), ctype)))
        except QueryRefusedError as exc:
            conn.send(("refused", (403, str(exc))))
        except QueryError as exc:
            conn.send(("refused", (400, str(exc))))
        except MemoryError:
            conn.send(("refused", (503, "the query needed more memory than a worker may use")))
            return
        except Exception as exc:  # noqa: BLE001 - reported to the client as a clean 500
            conn.send(("refused", (500, f"query failed: {type(exc).__name__}: {exc}")))


def store_version(store_spec: str | None) -> str | None:
    """Which version of an on-disk store the spec names now (None: not on disk)."""
    if not store_spec or store_spec.startswith(("sparql+", "http:", "https:", "file:", "rdflib:")):
        return None
    path = store_spec.removeprefix("oxigraph:")
    if not os.path.isdir(path):
        return None
    return os.path.realpath(path)


class _Worker:
    def __init__(self, ctx, store_spec: str | None, limits: Limits):
        self.version = store_version(store_spec)
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, store_spec, limits), daemon=True)
        self.process.start()
        child.close()
        if not self.conn.poll(60) or self.conn.recv()[0] != "ready":
            self.kill()
            raise MechgraphError("a query worker failed to start")

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class _Ticket:
    """A request waiting for a worker; the releaser hands the worker over and wakes it."""

    __slots__ = ("ready", "worker")

    def __init__(self) -> None:
        self.ready = threading.Event()
        self.worker: _Worker | None = None


def fingerprint(text: str) -> str:
    """A query's text without comments and spacing, hashed: what a resend repeats."""
    bare = re.sub(r"#[^\n]*", "", text)
    return hashlib.blake2b(" ".join(bare.split()).encode("utf-8"), digest_size=16).hexdigest()


class WorkerPool:
    """A fixed number of query workers behind a fair, bounded queue; a worker that times
    out or dies is replaced in the background."""

    def __init__(self, store_spec: str | None, limits: Limits, size: int = 2, log=None):
        self.store_spec = store_spec
        self.limits = limits
        self.size = size
        self.log = log or (lambda message: print(message, file=sys.stderr, flush=True))
        self.ctx = mp.get_context("spawn")  # no fork from a threaded server
        os.environ.setdefault("RUST_BACKTRACE", "0")
        self.lock = threading.Lock()
        self.idle: list[_Worker] = [_Worker(self.ctx, store_spec, limits) for _ in range(size)]
        self.waiting: dict[str, deque[_Ticket]] = {}  # client → its requests, oldest first
        self.turns: deque[str] = deque()  # clients with waiting tickets, in serving order
        self.queued = 0
        self.timed_out: dict[str, float] = {}  # query fingerprint → refused until
        self.closed = False
        self._seen_version = store_version(store_spec)
        if self._seen_version is not None:  # an on-disk store: follow its versions
            threading.Thread(target=self._watch, daemon=True).start()

    # --- the queue ----------------------------------------------------------------------
    def _acquire(self, client: str) -> _Worker:
        """A free worker, at once or when this request's turn comes: a released worker is
        handed to the oldest request of the next client in turn (round-robin by client)."""
        with self.lock:
            if self.idle and not self.queued:
                return self.idle.pop()
            if self.queued >= self.limits.max_queue or self.closed:
                raise QueryRefused(
                    503,
                    f"the server is busy: {self.queued} queries are waiting; try again shortly",
                    retry_after=self._retry_after(),
                )
            ticket = _Ticket()
            self.waiting.setdefault(client, deque()).append(ticket)
            if client not in self.turns:
                self.turns.append(client)
            self.queued += 1
        ticket.ready.wait(self.limits.queue_seconds)
        with self.lock:
            if ticket.worker is not None:
                return ticket.worker
            self.waiting[client].remove(ticket)  # gave up waiting: leave the queue
            if not self.waiting[client]:
                del self.waiting[client]
                self.turns.remove(client)
            self.queued -= 1
        raise QueryRefused(
            503,
            f"the server is busy: no worker was free within {self.limits.queue_seconds:g} s; try again",
            retry_after=self._retry_after(),
        )

    def _retry_after(self) -> int:
        return max(1, round(self.limits.timeout))

    def _release(self, worker: _Worker) -> None:
        with self.lock:
            if self.closed:
                worker.kill()
                return
            if not self.turns:
                self.idle.append(worker)
                return
            client = self.turns.popleft()
            ticket = self.waiting[client].popleft()
            if self.waiting[client]:
                self.turns.append(client)  # its next request waits for its next turn
            else:
                del self.waiting[client]
            self.queued -= 1
            ticket.worker = worker
            ticket.ready.set()

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start another in the background; the pool keeps its size."""
        worker.kill()

        def start() -> None:
            for attempt in range(3):
                try:
                    fresh = _Worker(self.ctx, self.store_spec, self.limits)
                except Exception as exc:  # noqa: BLE001 - reported, then tried again
                    self.log(f"mechgraph serve: a query worker failed to start ({exc})")
                    time.sleep(1 + attempt)
                    continue
                self._release(fresh)
                return

        threading.Thread(target=start, daemon=True).start()

    def _version(self) -> str | None:
        """The store's current version, said once on standard error when it changes."""
        version = store_version(self.store_spec)
        with self.lock:
            changed, self._seen_version = version != self._seen_version, version
        if changed:
            name = Path(version).name if version else "gone"
            self.log(f"mechgraph serve: the store was replaced (now {name}); the query workers reopen it")
        return version

    def _watch(self) -> None:
        """Every few seconds, replace idle workers that still hold a replaced version, so
        that its files are let go even when no query comes."""
        while not self.closed:
            time.sleep(2)
            version = self._version()
            with self.lock:
                stale = [w for w in self.idle if w.version != version]
                self.idle = [w for w in self.idle if w.version == version]
            for worker in stale:
                self._replace(worker)

    def _current(self, worker: _Worker) -> _Worker:
        """``worker``, or a fresh one when the store on disk was replaced since it opened it
        (a link read per query: cheap)."""
        if worker.version == self._version():
            return worker
        worker.kill()
        return _Worker(self.ctx, self.store_spec, self.limits)

    # --- a query ------------------------------------------------------------------------
    def run(self, text: str, result_format: str, graph_format: str, client: str = "local") -> Answer:
        key = fingerprint(text)
        until = self.timed_out.get(key)
        if until is not None:
            left = until - time.monotonic()
            if left > 0:
                raise QueryRefused(
                    503,
                    f"this query ran past the time limit of "
                    f"{self.limits.timeout:g} s a moment ago; it is refused "
                    f"for {left:.0f} s more",
                    retry_after=max(1, round(left)),
                )
            self.timed_out.pop(key, None)
        worker = self._acquire(client)
        try:
            worker = self._current(worker)
        except BaseException as exc:
            self._replace(worker)
            if isinstance(exc, MechgraphError):
                raise QueryRefused(
                    503, f"the store could not be reopened ({exc})", retry_after=self._retry_after()
                ) from None
            raise
        healthy = False
        try:
            worker.conn.send((text, result_format, graph_format))
            if not worker.conn.poll(self.limits.timeout):  # the limit starts now
                self._remember_timeout(key)
                raise QueryRefused(
                    503,
                    f"the query ran past the time limit of {self.limits.timeout:g} s and was stopped",
                    retry_after=self._retry_after(),
                )
            try:
                kind, payload = worker.conn.recv()
            except (EOFError, OSError):
                self._remember_timeout(key)
                raise QueryRefused(
                    503, "the query worker died (memory limit?)", retry_after=self._retry_after()
                ) from None
            healthy = worker.process.is_alive()
            if kind == "ok":
                body, ctype = payload
                return Answer(200, body, ctype)
            status, message = payload
            raise QueryRefused(status, message)
        finally:
            if healthy:
                self._release(worker)
            else:
                self._replace(worker)

    def _remember_timeout(self, key: str) -> None:
        now = time.monotonic()
        if len(self.timed_out) > 10_000:  # bounded: forget the expired ones
            self.timed_out = {k: v for k, v in self.timed_out.items() if v > now}
        self.timed_out[key] = now + self.limits.penalty_seconds

    def close(self) -> None:
        with self.lock:
            self.closed = True
            idle, self.idle = self.idle, []
        for worker in idle:
            worker.kill()
