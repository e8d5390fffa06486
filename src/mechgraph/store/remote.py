"""A remote SPARQL 1.1 endpoint as a store (Oxigraph server, QLever, Virtuoso, GraphDB…).

``--store sparql+http://host:port/query`` reads through the SPARQL 1.1 Protocol; results
come back as the same pyoxigraph objects the embedded store gives, so every reading
command works unchanged. Loading goes through the Graph Store Protocol (PUT of the
default graph), or SPARQL Update where only that is offered.

Bound values are sent as a VALUES block of serialised RDF terms at the head of the
WHERE clause, never spliced into the text as strings.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from typing import Any

from mechgraph import vocab
from mechgraph.errors import StoreError
from mechgraph.store.oxigraph import Store, _term

SCHEMES = ("sparql+http://", "sparql+https://")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_DECLARED = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE | re.MULTILINE)


def is_remote(spec: str | None) -> bool:
    return bool(spec) and spec.startswith(SCHEMES)


def endpoint_url(spec: str) -> str:
    return spec.split("+", 1)[1]


class RemoteStore(Store):
    """Reads a SPARQL 1.1 Protocol endpoint; a result cut short by the server is an error."""

    def __init__(self, spec: str, *, timeout: float = 60.0):
        super().__init__(None, f"SPARQL endpoint {endpoint_url(spec)}")
        self.url = endpoint_url(spec)
        self.timeout = timeout

    def raw_query(self, query: str, bindings: dict[str, Any] | None = None,
                  *, prefixes: bool = True, source: str | None = None) -> Any:
        import pyoxigraph as ox

        if (source or self.source) != "curated":
            raise StoreError("--source other than curated needs an embedded store: a remote "
                             "endpoint is queried through its own default graph")

        text = with_values(query, bindings or {})
        if prefixes:
            declared = {m.group(1) or "" for m in _DECLARED.finditer(text)}
            header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in vocab.PREFIXES.items()
                             if p not in declared)
            text = header + text
        form = _form(query)
        accept = ("application/n-triples" if form == "graph"
                  else "application/sparql-results+json")
        body = self._post(text, accept)
        try:
            if form == "graph":
                return list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
            result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            if isinstance(result, ox.QueryBoolean):
                return result
            return Solutions(result.variables, list(result))  # read it all: errors surface here
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.description} sent an incomplete or malformed result "
                             f"({exc}); it may have hit its own time limit") from None

    def _post(self, text: str, accept: str) -> bytes:
        request = urllib.request.Request(
            self.url, data=text.encode("utf-8"), method="POST",
            headers={"Content-Type": "application/sparql-query; charset=utf-8",
                     "Accept": accept})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:500]
            if exc.code == 400:
                raise StoreError(f"SPARQL syntax error: {detail}") from None
            raise StoreError(f"{self.description} answered {exc.code}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise StoreError(f"cannot reach {self.description}: {exc}") from None

    def __len__(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0]["n"]) if rows else 0


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
    return "graph" if word in ("CONSTRUCT", "DESCRIBE") else "solutions"


def with_values(query: str, bindings: dict[str, Any]) -> str:
    """``query`` with ``VALUES (?a ?b) { (term term) }`` opening its WHERE clause."""
    if not bindings:
        return query
    match = _WHERE.search(query)
    if match is None:
        raise StoreError("bound values need a query with a WHERE clause")
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(_term(value)) for value in bindings.values())
    block = f" VALUES ({names}) {{ ({terms}) }} "
    return query[:match.end()] + block + query[match.end():]


def push(nt_text: str, spec: str, *, graph_store: str | None = None,
         update: str | None = None, timeout: float = 300.0) -> str:
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
    _send(f"{target}{sep}default", nt_text.encode("utf-8"), "application/n-triples", "PUT",
          timeout)
    return target


def _send(url: str, data: bytes, content_type: str, method: str, timeout: float) -> None:
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip()[:500]
        raise StoreError(f"loading into {url} failed with {exc.code}: {detail}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise StoreError(f"cannot reach {url}: {exc}") from None
