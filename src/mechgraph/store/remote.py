"""A remote SPARQL 1.1 endpoint as a store (Oxigraph server, QLever, Virtuoso, GraphDB…).

``--store sparql+http://host:port/query`` reads through the SPARQL 1.1 Protocol; results
come back as the same pyoxigraph objects the embedded store gives, so every reading
command works unchanged. Loading goes through the Graph Store Protocol (PUT of the
default graph), or SPARQL Update where only that is offered.

Queries are sent as an URL-encoded POST (``query=…``), the one form of the protocol every
engine answers (Virtuoso 7.2 never answers a POST of ``application/sparql-query``).
Parameters in the endpoint's URL, such as ``?default-graph-uri=IRI`` to read one graph of
a store that holds several, travel with each query.

Bound values are sent as serialised RDF terms, ``BIND(term AS ?name)`` at the head of each
group that names the variable (see ``with_bindings``), never spliced into the text as
strings.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from mechgraph import vocab
from mechgraph.errors import StoreError
from mechgraph.store.bindings import with_bindings  # noqa: F401  (re-exported)
from mechgraph.store.oxigraph import REMOTE_SCHEMES, Store

SCHEMES = REMOTE_SCHEMES
_DECLARED = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE | re.MULTILINE)


def is_remote(spec: str | None) -> bool:
    return bool(spec) and spec.startswith(SCHEMES)


def endpoint_url(spec: str) -> str:
    return spec.split("+", 1)[1]


class RemoteStore(Store):
    """Reads a SPARQL 1.1 Protocol endpoint; a result cut short by the server is an error."""

    def __init__(self, spec: str, *, timeout: float = 60.0):
        super().__init__(None, f"SPARQL endpoint {endpoint_url(spec)}")
        url = urllib.parse.urlsplit(endpoint_url(spec))
        self.url = urllib.parse.urlunsplit(url._replace(query="", fragment=""))
        self.parameters = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
        self.timeout = timeout

    def raw_query(
        self,
        query: str,
        bindings: dict[str, Any] | None = None,
        *,
        prefixes: bool = True,
        source: str | None = None,
    ) -> Any:
        import pyoxigraph as ox

        if (source or self.source) != "curated":
            raise StoreError(
                "--source other than curated needs an embedded store: a remote "
                "endpoint is queried through its own default graph"
            )

        text = with_bindings(query, bindings or {})
        if prefixes:
            declared = {m.group(1) or "" for m in _DECLARED.finditer(text)}
            header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in vocab.PREFIXES.items() if p not in declared)
            text = header + text
        form = _form(query)
        accept = "application/n-triples" if form == "graph" else "application/sparql-results+json"
        body = self._post(text, accept)
        try:
            if form == "graph":
                return [_canonical_triple(t) for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
            result = ox.parse_query_results(_canonical_json(body), format=ox.QueryResultsFormat.JSON)
            if isinstance(result, ox.QueryBoolean):
                return result
            rows = list(result)  # read it all: errors surface here
            if form == "ask":  # Virtuoso (CaseMode 1) answers ASK as one row of __ASK_RETVAL
                return any(r[0] is not None and r[0].value not in ("0", "false") for r in rows)
            return Solutions(result.variables, rows)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(
                f"{self.description} sent an incomplete or malformed result "
                f"({exc}); it may have hit its own time limit"
            ) from None

    def _post(self, text: str, accept: str) -> bytes:
        form = urllib.parse.urlencode([("query", text), *self.parameters])
        request = urllib.request.Request(
            self.url,
            data=form.encode("ascii"),
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
                headers = response.headers
        except urllib.error.HTTPError as exc:
            # the first line: Virtuoso goes on to echo the whole query it was sent
            detail = exc.read().decode("utf-8", "replace").strip().split("\n", 1)[0][:500]
            if exc.code == 400:
                raise StoreError(f"SPARQL syntax error: {detail}") from None
            raise StoreError(f"{self.description} answered {exc.code}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise StoreError(f"cannot reach {self.description}: {exc}") from None
        # Virtuoso answers 200 with what it had when its time limit struck ("anytime"
        # queries), or with its first ResultSetMaxRows rows, and says so only in headers
        if headers.get("X-SQL-State"):
            message = (headers.get("X-SQL-Message") or "").split("  ")[0]
            raise StoreError(
                f"{self.description} returned an incomplete result ({headers['X-SQL-State']}: {message})"
            )
        if headers.get("X-SPARQL-MaxRows"):
            raise StoreError(
                f"{self.description} cut the result at its limit of "
                f"{headers['X-SPARQL-MaxRows']} rows (Virtuoso: raise "
                f"ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)"
            )
        return body

    def __len__(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0]["n"]) if rows else 0


_BOOLEAN = vocab.PREFIXES["xsd"] + "boolean"
_CANONICAL_BOOLEAN = {"1": "true", "0": "false"}


def _canonical_json(body: bytes) -> bytes:
    """SPARQL JSON results with each xsd:boolean in its canonical form: Virtuoso writes
    ``"1"^^xsd:boolean`` where the data say ``true`` (both are lexical forms of the same
    value, but only ``true`` compares equal as a term and reads back as True)."""
    import json

    if _BOOLEAN.encode() not in body:
        return body
    data = json.loads(body)
    for row in data.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("datatype") == _BOOLEAN and term.get("value") in _CANONICAL_BOOLEAN:
                term["value"] = _CANONICAL_BOOLEAN[term["value"]]
    return json.dumps(data).encode("utf-8")


def _canonical_triple(triple: Any) -> Any:
    import pyoxigraph as ox

    o = triple.object
    if isinstance(o, ox.Literal) and o.datatype.value == _BOOLEAN and o.value in _CANONICAL_BOOLEAN:
        o = ox.Literal(_CANONICAL_BOOLEAN[o.value], datatype=o.datatype)
        return ox.Triple(triple.subject, triple.predicate, o)
    return triple


class Solutions:
    """Fully read query solutions, iterable like pyoxigraph's."""

    def __init__(self, variables, rows):
        self.variables = variables
        self._rows = rows

    def __iter__(self):
        return iter(self._rows)


def _form(query: str) -> str:
    body = re.sub(r"#[^\n]*", " ", query)
    body = re.sub(r"(?is)^\s*((PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", body)
    word = body.strip().split(None, 1)[0].upper() if body.strip() else ""
    if word == "ASK":
        return "ask"
    return "graph" if word in ("CONSTRUCT", "DESCRIBE") else "solutions"


def push(
    nt_text: str,
    spec: str,
    *,
    graph_store: str | None = None,
    update: str | None = None,
    timeout: float = 300.0,
) -> str:
    """Replace the default graph of a remote store with ``nt_text``.

    Uses the Graph Store Protocol (``graph_store``, by default the endpoint's ``/store``
    sibling as Oxigraph serves it); with only an ``update`` URL, SPARQL Update instead.
    Returns the URL written to.
    """
    base = endpoint_url(spec)
    if update and not graph_store:
        statement = "DROP SILENT DEFAULT ;\nINSERT DATA {\n" + nt_text + "}\n"
        _send(update, statement.encode("utf-8"), "application/sparql-update", "POST", timeout)
        return update
    target = graph_store or re.sub(r"/query/?$", "/store", base)
    sep = "&" if "?" in target else "?"
    _send(f"{target}{sep}default", nt_text.encode("utf-8"), "application/n-triples", "PUT", timeout)
    return target


def _send(url: str, data: bytes, content_type: str, method: str, timeout: float) -> None:
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip()[:500]
        raise StoreError(f"loading into {url} failed with {exc.code}: {detail}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise StoreError(f"cannot reach {url}: {exc}") from None
