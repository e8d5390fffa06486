"""``GET /explain``: the same answer as ``mechgraph explain``, as JSON or as the explain page.

    /explain?source=PD-1/PD-L1 inhibitor&target=bone resorption
        [&context=timeframe=short-term]… [&with=denosumab]… [&include_flagged=true]
        [&max_length=6] [&limit=20] [&format=json|html]

JSON (``mechgraph.explain/2``) unless ``format=html`` or the client prefers ``text/html``.
Bounded like the SPARQL endpoint: short parameters, at most four co-therapies, searches
capped in length, count and time, one explanation computed at a time. Unknown or
ambiguous names are a 404 or 400 with the message ``mechgraph explain`` prints.
"""

from __future__ import annotations

import threading

MAX_VALUE = 200  # characters in one parameter
MAX_AGENTS = 4
MAX_LENGTH = 8
MAX_LIMIT = 50
TIMEOUT = 10.0
_LOCK = threading.Lock()  # the network view and its caches are shared: one at a time
_STORES: dict[object, object] = {}


class BadRequest(ValueError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _one(params: dict[str, list[str]], name: str, default: str | None = None) -> str | None:
    values = params.get(name) or []
    if len(values) > 1:
        raise BadRequest(400, f"give {name} once")
    value = values[0] if values else default
    if value is not None and len(value) > MAX_VALUE:
        raise BadRequest(400, f"{name} is longer than {MAX_VALUE} characters")
    return value


def _bounded(params, name: str, default: int, ceiling: int) -> int:
    text = _one(params, name, str(default))
    try:
        value = int(text)
    except ValueError:
        raise BadRequest(400, f"{name} must be a whole number") from None
    if not 1 <= value <= ceiling:
        raise BadRequest(400, f"{name} must be between 1 and {ceiling}")
    return value


def parse(params: dict[str, list[str]]) -> dict:
    """The explain call a query string asks for, checked; BadRequest otherwise."""
    from mechgraph import vocab

    source, target = _one(params, "source"), _one(params, "target")
    if not source or not target:
        raise BadRequest(
            400, "source and target are required, e.g. /explain?source=PD-L1&target=osteoclastogenesis"
        )
    context: dict[str, str] = {}
    for item in params.get("context", []):
        key, sep, value = item.partition("=")
        if not sep or key not in vocab.CONTEXT_KEYS or not value or len(value) > MAX_VALUE:
            raise BadRequest(
                400,
                f"context {item[:60]!r}: expected KEY=VALUE with KEY one of {', '.join(vocab.CONTEXT_KEYS)}",
            )
        context[key] = value
    agents = params.get("with", [])
    if len(agents) > MAX_AGENTS or any(len(a) > MAX_VALUE for a in agents):
        raise BadRequest(400, f"at most {MAX_AGENTS} co-therapies, each under {MAX_VALUE} characters")
    flagged = (_one(params, "include_flagged", "false") or "").lower()
    if flagged not in ("true", "false", "1", "0", "yes", "no"):
        raise BadRequest(400, "include_flagged must be true or false")
    fmt = (_one(params, "format", "") or "").lower()
    if fmt not in ("", "json", "html"):
        raise BadRequest(406, "format must be json or html")
    return {
        "source": source,
        "target": target,
        "context": context,
        "cotherapy": agents,
        "include_flagged": flagged in ("true", "1", "yes"),
        "format": fmt,
        "max_length": _bounded(params, "max_length", 6, MAX_LENGTH),
        "limit": _bounded(params, "limit", 20, MAX_LIMIT),
    }


def answer(store_spec, params: dict[str, list[str]], accept: str = "") -> tuple[int, bytes, str]:
    """(status, body, content type) for a request to /explain."""
    from mechgraph.errors import AmbiguousError, MechgraphError, NotFoundError

    try:
        call = parse(params)
    except BadRequest as exc:
        return exc.status, f"{exc.status}: {exc}\n".encode(), "text/plain; charset=utf-8"
    html = call["format"] == "html" or (not call["format"] and "text/html" in accept)
    try:
        with _LOCK:
            ex = _explain(store_spec, call)
            body = _page(ex, store_spec) if html else _json(ex)
    except NotFoundError as exc:
        return 404, f"404: {exc}\n".encode(), "text/plain; charset=utf-8"
    except AmbiguousError as exc:
        return 400, f"400: {exc}\n".encode(), "text/plain; charset=utf-8"
    except MechgraphError as exc:
        return 500, f"500: {exc}\n".encode(), "text/plain; charset=utf-8"
    if html:
        return 200, body.encode("utf-8"), "text/html; charset=utf-8"
    return 200, body.encode("utf-8"), "application/json; charset=utf-8"


def _store(store_spec):
    """The store an explanation reads, reopened when an import has published a new
    version of an on-disk store (as the query workers are)."""
    from mechgraph.server.workers import store_version
    from mechgraph.store import open_store

    key = store_spec if isinstance(store_spec, (str, type(None))) else id(store_spec)
    version = store_version(store_spec) if isinstance(store_spec, (str, type(None))) else None
    held = _STORES.get(key)
    if held is None or held[0] != version:
        if held is not None and isinstance(store_spec, str):
            from mechgraph import store as stores

            stores._OPEN.pop(store_spec, None)
        _STORES[key] = (version, open_store(store_spec))
    return _STORES[key][1]


def _explain(store_spec, call: dict):
    from mechgraph.reasoning.explanation import explain

    return explain(
        call["source"],
        call["target"],
        _store(store_spec),
        max_length=call["max_length"],
        limit=call["limit"],
        timeout=TIMEOUT,
        context=call["context"],
        include_flagged=call["include_flagged"],
        cotherapy=call["cotherapy"],
    )


def _json(ex) -> str:
    from mechgraph.render.explanations import explanation_json

    return explanation_json(ex)


def _page(ex, store_spec) -> str:
    from mechgraph.extras import need_extra

    need_extra("viz", "the explain page")
    from mechgraph.viz.data import explain_view
    from mechgraph.viz.page import render

    return render(explain_view(ex, _store(store_spec)))


def handle(handler, params: dict[str, list[str]]) -> None:
    """Answer ``GET /explain`` on an endpoint's request handler."""
    status, body, ctype = answer(
        getattr(handler.server, "store_spec", None), params, handler.headers.get("Accept", "")
    )
    handler._send(status, body, ctype)
