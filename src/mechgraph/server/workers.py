"""Query evaluation in worker processes, so that one hostile query cannot take the machine
down: each worker has a memory ceiling (RLIMIT_AS) and is killed at the time limit, then
replaced. The HTTP side never evaluates SPARQL itself.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import queue
import resource
import time
from dataclasses import dataclass

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
    timeout: float = 10.0  # seconds per query
    max_rows: int = 10_000  # solutions or triples per result
    memory_mb: int = 2048  # address space of a worker


@dataclass
class Answer:
    status: int
    body: bytes
    content_type: str


class QueryRefused(MechgraphError):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _worker_main(conn, store_spec: str | None, limits: Limits) -> None:
    limit = limits.memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):  # a platform without the limit
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from mechgraph.sparql import QueryError, query, serialize
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
                conn.send(("refused", (413, f"the result has {len(result)} rows or triples, "
                                            f"above the limit of {limits.max_rows}: add a LIMIT")))
                continue
            fmt = graph_format if result.kind == "graph" else result_format
            ctype = GRAPH_TYPES.get(fmt) or RESULT_TYPES[fmt]
            conn.send(("ok", (serialize(result, fmt).encode("utf-8"), ctype)))
        except QueryError as exc:
            conn.send(("refused", (400, str(exc))))
        except MemoryError:
            conn.send(("refused", (503, "the query needed more memory than a worker may use")))
            return
        except Exception as exc:  # noqa: BLE001 - reported to the client as a clean 500
            conn.send(("refused", (500, f"query failed: {type(exc).__name__}: {exc}")))


class _Worker:
    def __init__(self, ctx, store_spec: str | None, limits: Limits):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, store_spec, limits),
                                   daemon=True)
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


class WorkerPool:
    """A fixed number of query workers; a worker that times out or dies is replaced."""

    def __init__(self, store_spec: str | None, limits: Limits, size: int = 2):
        self.store_spec = store_spec
        self.limits = limits
        self.ctx = mp.get_context("spawn")  # no fork from a threaded server
        self.idle: queue.Queue[_Worker] = queue.Queue()
        for _ in range(size):
            self.idle.put(_Worker(self.ctx, store_spec, limits))
        self.size = size

    def run(self, text: str, result_format: str, graph_format: str) -> Answer:
        try:
            worker = self.idle.get(timeout=self.limits.timeout)
        except queue.Empty:
            raise QueryRefused(503, "the server is busy; try again") from None
        healthy = False
        try:
            worker.conn.send((text, result_format, graph_format))
            deadline = time.monotonic() + self.limits.timeout
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                raise QueryRefused(503, f"the query ran past the time limit of "
                                        f"{self.limits.timeout:g} s and was stopped")
            try:
                kind, payload = worker.conn.recv()
            except (EOFError, OSError):
                raise QueryRefused(503, "the query worker died (memory limit?)") from None
            healthy = worker.process.is_alive()
            if kind == "ok":
                body, ctype = payload
                return Answer(200, body, ctype)
            status, message = payload
            raise QueryRefused(status, message)
        finally:
            if healthy:
                self.idle.put(worker)
            else:
                worker.kill()
                self.idle.put(_Worker(self.ctx, self.store_spec, self.limits))

    def close(self) -> None:
        while True:
            try:
                self.idle.get_nowait().kill()
            except queue.Empty:
                return
