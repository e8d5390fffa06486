"""What a connection must satisfy before a route sees its request: a whole request within
a deadline, a body within its bound whatever its headers say, a free connection slot, and
a Host header naming this server."""

from __future__ import annotations

import contextlib
import io
import socket
import sys
import threading
import time
from http.server import ThreadingHTTPServer

MAX_REQUEST_BYTES = 64 * 1024
IDLE_SECONDS = 15.0  # to send a whole request (or, between requests, the next one)
MAX_CONNECTIONS = 256
BACKLOG = 1024
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def allowed_hosts(host: str, port: int) -> frozenset[str] | None:
    """Host header values naming this server (None: any, when bound to every address)."""
    if host in ("0.0.0.0", "::", ""):
        return None
    names = set(LOOPBACK) if host in LOOPBACK else {host}
    out = set()
    for name in names:
        shown = f"[{name}]" if ":" in name else name
        out.add(f"{shown}:{port}".lower())
        if port == 80:
            out.add(shown.lower())
    return frozenset(out)


class Refusal(Exception):
    """A request refused before it reaches a route: (status, message)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class DeadlineReader(io.RawIOBase):
    """The socket read against the handler's deadline: each read waits only for the time
    left, so a client dripping a byte at a time cannot hold a connection open."""

    def __init__(self, sock: socket.socket, handler):
        self.sock, self.handler = sock, handler

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        left = self.handler.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request took too long to arrive")
        self.sock.settimeout(left)
        return self.sock.recv_into(buffer)


class Endpoint(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = BACKLOG

    def __init__(
        self,
        address,
        handler,
        pool,
        limits,
        *,
        pages: dict[str, bytes],
        cors: tuple[str, ...] = (),
        hosts: frozenset[str] | None = None,
        idle_seconds: float = IDLE_SECONDS,
        max_connections: int = MAX_CONNECTIONS,
    ):
        super().__init__(address, handler)
        self.pool = pool
        self.limits = limits
        self.pages = pages  # path → HTML view
        self.cors = tuple(o.rstrip("/") for o in cors)
        self.hosts = hosts
        self.idle_seconds = idle_seconds
        self.slots = threading.BoundedSemaphore(max_connections)

    def process_request(self, request, client_address) -> None:
        if not self.slots.acquire(blocking=False):
            refuse_connection(request)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address) -> None:
        """A connection that broke (reset, timed out): no traceback on the terminal."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, (OSError, ValueError)):
            print(
                f"mechgraph serve: request from {client_address[0]} failed: {type(exc).__name__}: {exc}",
                file=sys.stderr,
                flush=True,
            )


def refuse_connection(request: socket.socket) -> None:
    body = b"503 Service Unavailable: too many open connections; try again\n"
    head = (
        f"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
    )
    with contextlib.suppress(OSError):
        request.settimeout(1)
        request.sendall(head.encode("ascii") + body)


def read_body(rfile, headers) -> bytes:
    """The request body, never more than MAX_REQUEST_BYTES of it, however it is sent
    (Content-Length, checked, or chunked); Refusal otherwise."""
    coding = headers.get("Transfer-Encoding")
    if coding is not None:
        if coding.strip().lower() != "chunked":
            raise Refusal(501, f"unsupported Transfer-Encoding {coding!r}")
        if headers.get("Content-Length") is not None:
            raise Refusal(400, "both Content-Length and Transfer-Encoding were sent")
        body = _chunked(rfile)
    else:
        lengths = set(headers.get_all("Content-Length") or [])
        if not lengths:
            raise Refusal(411, "a POST needs a Content-Length")
        if len(lengths) > 1:
            raise Refusal(400, "conflicting Content-Length headers")
        text = lengths.pop().strip()
        if not text.isdigit() or not text.isascii():
            raise Refusal(400, f"bad Content-Length {text[:40]!r}: not a number of bytes")
        size = int(text)
        if size > MAX_REQUEST_BYTES:
            raise Refusal(413, f"the request body is larger than {MAX_REQUEST_BYTES} bytes")
        body = rfile.read(size)
        if len(body) < size:
            raise Refusal(400, "the request body ended before its Content-Length")
    return body


def _chunked(rfile) -> bytes:
    parts, total = [], 0
    while True:
        line = rfile.readline(1024)
        if not line.endswith(b"\n"):
            raise Refusal(400, "a malformed chunk")
        size_text = line.split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise Refusal(400, "a malformed chunk size") from None
        if size < 0 or not size_text.isalnum():
            raise Refusal(400, "a malformed chunk size")
        if size == 0:
            break
        total += size
        if total > MAX_REQUEST_BYTES:
            raise Refusal(413, f"the request body is larger than {MAX_REQUEST_BYTES} bytes")
        chunk = rfile.read(size)
        if len(chunk) < size or rfile.read(2) != b"\r\n":
            raise Refusal(400, "a chunk ended early")
        parts.append(chunk)
    for _ in range(64):  # trailers, then the blank line
        line = rfile.readline(1024)
        if line in (b"\r\n", b"\n", b""):
            return b"".join(parts)
    raise Refusal(431, "too many trailer lines")
