"""SPARQL over any store: SELECT, ASK, CONSTRUCT, DESCRIBE, with the project's prefixes
predeclared, results in the W3C formats, and the shipped query cookbook.

User values are bound (``bindings``), never pasted into the query text. Queries are
read-only: an update is refused as such, and so is ``SERVICE`` (a query that would make
the store send requests to other servers) unless asked for (``allow_service``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from mechgraph import vocab
from mechgraph.errors import MechgraphError, NotFoundError
from mechgraph.io.registry import RDF, SPARQL_RESULTS, builtin, rdf_names
from mechgraph.store import Store, open_store

RESULT_FORMATS = SPARQL_RESULTS
GRAPH_FORMATS = rdf_names()  # a graph (CONSTRUCT, DESCRIBE): any RDF format of the registry


class QueryError(MechgraphError):
    """A query that cannot run: a syntax error (with line and column) or a bad format."""

    exit_code = 65


class QueryRefusedError(QueryError):
    """A query refused by policy: an update, or SERVICE without ``allow_service``."""


# --- what a query is, read by its tokens --------------------------------------------------

_TOKENS = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w*)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<word>[^\W\d][\w.-]*(?::[\w.%:-]*)?|:[\w.%:-]*)
  | (?P<other>.)
""",
    re.VERBOSE | re.DOTALL,
)
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"} | _UPDATES


def keywords(text: str) -> list[str]:
    """The query's bare words, upper-cased. No comment, string, IRI, variable, language
    tag, prefixed name or blank-node label is one: ``?service``, ``ex:service`` and
    ``"SERVICE"`` are not the SERVICE keyword."""
    return [
        m.group().upper() for m in _TOKENS.finditer(text) if m.lastgroup == "word" and ":" not in m.group()
    ]


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT, DESCRIBE, or the update operation the text opens with."""
    return next((w for w in keywords(text) if w in _FORMS), None)


def uses_service(text: str) -> bool:
    """Whether the query holds a SERVICE clause as the SPARQL grammar reads it: whenever
    the SERVICE keyword appears as a token, rdflib's SPARQL parser decides (a
    ServiceGraphPattern in its parse tree); a text it cannot parse counts as one that
    does, so nothing slips through."""
    if "SERVICE" not in keywords(text):
        return False
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tree = parseQuery(text)
    except Exception:  # noqa: BLE001 - whatever the parser's complaint: assume the worst
        return True

    def walk(node: Any) -> bool:
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            return True
        if isinstance(node, dict):
            return any(walk(v) for v in node.values())
        if isinstance(node, (list, tuple, ParseResults)):
            return any(walk(v) for v in node)
        return False

    return walk(tree)


def check_read_only(text: str, *, allow_service: bool = False) -> None:
    """Refuse an update (in those words, not as a syntax error) and, unless allowed,
    SERVICE."""
    form = query_form(text)
    if form in _UPDATES:
        raise QueryRefusedError(
            f"updates are not allowed: this is a SPARQL Update ({form} …); "
            "mechgraph runs queries (SELECT, ASK, CONSTRUCT, DESCRIBE) on "
            "a read-only store"
        )
    if not allow_service and uses_service(text):
        raise QueryRefusedError(
            "SERVICE is refused: it would make the store send requests to "
            "other servers (`mechgraph query --allow-service` permits it)"
        )


_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)


def _unescape(body: str) -> str:
    """A Turtle string's body with its escapes read (ECHAR and UCHAR); any other is an error."""

    def one(m: re.Match) -> str:
        code = m.group(1) or m.group(2)
        if code:
            point = int(code, 16)
            if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:  # past Unicode, or a surrogate
                raise QueryError(f"\\{'u' if m.group(1) else 'U'}{code} is not a character (bad escape)")
            return chr(point)
        if m.group(3) in _ECHAR:
            return _ECHAR[m.group(3)]
        raise QueryError(
            f"\\{m.group(3)} is not a Turtle escape (\\t \\b \\n \\r \\f \\\" \\' \\\\ \\uXXXX \\UXXXXXXXX)"
        )

    return _ESCAPE.sub(one, body)


def parse_value(text: str) -> Any:
    """A bound value written as in Turtle: ``<IRI>``, ``"text"``, ``"text"@en``,
    ``"36"^^xsd:integer`` (or ``^^<IRI>``), a bare number (36 → xsd:integer, 3.5 →
    xsd:decimal, 1e3 → xsd:double), ``true``/``false``; anything else is a plain string.
    An IRI or datatype that is not valid is a QueryError."""
    import pyoxigraph as ox

    xsd = vocab.PREFIXES["xsd"]

    def iri(value: str) -> Any:
        try:
            return ox.NamedNode(value)
        except ValueError as exc:
            raise QueryError(f"<{value}> is not a valid IRI ({exc})") from None

    if len(text) >= 2 and text.startswith("<") and text.endswith(">"):
        return iri(text[1:-1])
    m = re.fullmatch(r'"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(\S+))?', text, re.DOTALL)
    if m:
        body = _unescape(m.group(1))
        if m.group(2):
            return ox.Literal(body, language=m.group(2))
        if m.group(3):
            dt = m.group(3)
            prefix, _, local = dt.partition(":")
            if dt.startswith("<") and dt.endswith(">"):
                datatype = iri(dt[1:-1])
            elif local and prefix in vocab.PREFIXES:
                datatype = iri(vocab.PREFIXES[prefix] + local)
            else:
                raise QueryError(f"{dt!r} is not a datatype (write xsd:integer or <IRI>)")
            return ox.Literal(body, datatype=datatype)
        return ox.Literal(body)
    kinds = (
        (r"[+-]?\d+", "integer"),
        (r"[+-]?\d*\.\d+", "decimal"),
        (r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+", "double"),
        (r"true|false", "boolean"),
    )
    for pattern, kind in kinds:
        if re.fullmatch(pattern, text):
            return ox.Literal(text, datatype=ox.NamedNode(xsd + kind))
    return ox.Literal(text)


@dataclass
class QueryResult:
    """Rows for SELECT, a boolean for ASK, triples for CONSTRUCT and DESCRIBE.

    A SELECT result keeps its solutions as read (one tuple of terms each, in the order of
    ``variables``); the W3C serialisers write those terms, and the rows as Python values
    are built from them when first asked for: a bulk export of tens of thousands of rows
    is converted once, as its output needs."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    solutions: list[tuple[Any, ...]] = field(default_factory=list)  # terms (None: unbound)
    boolean: bool | None = None
    triples: list[Any] = field(default_factory=list)

    @cached_property
    def rows(self) -> list[dict[str, Any]]:
        """The solutions as Python values (IRI, str, int, float, bool, date…)."""
        from mechgraph.store.oxigraph import _python

        names = self.variables
        return [dict(zip(names, map(_python, terms), strict=True)) for terms in self.solutions]

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.solutions) if self.kind == "select" else len(self.triples)


def query(
    text: str,
    store: Store | str | None = None,
    bindings: dict[str, Any] | None = None,
    *,
    source: str | None = None,
    allow_service: bool = False,
) -> QueryResult:
    """Run a SPARQL query; the prefixes of ``mechgraph query --prefixes`` are predeclared.
    The default graph is ``source``'s: the curated graph unless told otherwise. Updates
    are refused, and so is SERVICE unless ``allow_service``."""
    import pyoxigraph as ox

    check_read_only(text, allow_service=allow_service)
    if source or not isinstance(store, Store):  # a spec, or another view: open it once here
        store = open_store(store, source)
    try:
        raw = store.raw_query(text, bindings)
    except MechgraphError as exc:
        if not str(exc).startswith(("SPARQL syntax", "SPARQL evaluation")):
            raise  # the store's own failure (a remote answer cut short…) keeps its kind
        raise QueryError(
            str(exc).replace("SPARQL syntax error: error at ", "SPARQL syntax error at line:column ")
        ) from None
    except OSError as exc:
        raise QueryError(f"SPARQL evaluation failed: {exc}") from None
    if isinstance(raw, (ox.QueryBoolean, bool)):
        return QueryResult("ask", boolean=bool(raw))
    try:  # solutions are computed as they are read: evaluation errors surface here
        if hasattr(raw, "variables"):  # solutions, embedded or read from a remote endpoint
            names = [v.value for v in raw.variables]
            return QueryResult("select", names, [tuple(solution) for solution in raw])
        return QueryResult("graph", triples=list(raw))
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"SPARQL evaluation failed: {exc}") from None


def serialize(result: QueryResult, fmt: str) -> str:
    """Render a result: table/csv/tsv/json/xml for SELECT and ASK, an RDF format of the
    registry for graphs (the W3C formats through Oxigraph's serialisers)."""
    import pyoxigraph as ox

    if result.kind == "graph":
        if fmt not in GRAPH_FORMATS:
            raise QueryError(
                f"a CONSTRUCT or DESCRIBE result is a graph: use --format "
                f"{' or '.join(GRAPH_FORMATS)}, not {fmt}"
            )
        chosen = next(f for f in builtin(RDF) if fmt in (f.name, *f.aliases))
        rdf_format = ox.RdfFormat.from_media_type(chosen.media_type)
        with_prefixes = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)
        prefixes = vocab.PREFIXES if rdf_format in with_prefixes else None
        kwargs = {"prefixes": prefixes} if prefixes else {}
        try:
            out = ox.serialize(sorted(result.triples, key=str), format=rdf_format, **kwargs)
        except TypeError:  # an older pyoxigraph without prefixes
            out = ox.serialize(sorted(result.triples, key=str), format=rdf_format)
        return out.decode("utf-8")
    if fmt in GRAPH_FORMATS:
        raise QueryError(
            f"a SELECT or ASK result is a table: use --format {', '.join(RESULT_FORMATS)}, not {fmt}"
        )
    if fmt == "table":
        return _table(result)
    if result.kind == "ask":
        return _ask(result.boolean, fmt)
    return _solutions(result, fmt)


def _ask(value: bool | None, fmt: str) -> str:
    import json

    if fmt == "json":
        return json.dumps({"head": {}, "boolean": bool(value)})
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{str(bool(value)).lower()}</boolean></sparql>\n"
        )
    return f"{str(bool(value)).lower()}\n"


def _solutions(result: QueryResult, fmt: str) -> str:
    """W3C SPARQL result formats, written from the solution terms."""
    import json

    if fmt == "json":
        bindings = []
        names = result.variables
        for terms in result.solutions:
            bindings.append({n: _json_term(t) for n, t in zip(names, terms, strict=True) if t is not None})
        return json.dumps(
            {"head": {"vars": result.variables}, "results": {"bindings": bindings}},
            ensure_ascii=False,
            indent=1,
        )
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(result.variables)
        for terms in result.solutions:
            writer.writerow(["" if t is None else _plain(t) for t in terms])
        return buf.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{n}" for n in result.variables)]
        for terms in result.solutions:
            lines.append("\t".join("" if t is None else str(t) for t in terms))
        return "\n".join(lines) + "\n"
    if fmt == "xml":
        from xml.sax.saxutils import escape, quoteattr

        out = [
            '<?xml version="1.0"?>',
            '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
            "<head>",
            *(f"<variable name={quoteattr(n)}/>" for n in result.variables),
            "</head>",
            "<results>",
        ]
        for terms in result.solutions:
            out.append("<result>")
            for name, term in zip(result.variables, terms, strict=True):
                if term is None:
                    continue
                t = _json_term(term)
                if t["type"] == "uri":
                    inner = f"<uri>{escape(t['value'])}</uri>"
                elif t["type"] == "bnode":
                    inner = f"<bnode>{escape(t['value'])}</bnode>"
                else:
                    attrs = ""
                    if "xml:lang" in t:
                        attrs = f" xml:lang={quoteattr(t['xml:lang'])}"
                    elif "datatype" in t:
                        attrs = f" datatype={quoteattr(t['datatype'])}"
                    inner = f"<literal{attrs}>{escape(t['value'])}</literal>"
                out.append(f"<binding name={quoteattr(name)}>{inner}</binding>")
            out.append("</result>")
        out += ["</results>", "</sparql>"]
        return "\n".join(out) + "\n"
    raise QueryError(f"unknown result format {fmt!r}; use one of {', '.join(RESULT_FORMATS)}")


def _json_term(term: Any) -> dict[str, str]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype.value != vocab.PREFIXES["xsd"] + "string":
        out["datatype"] = term.datatype.value
    return out


def _plain(term: Any) -> str:
    return term.value


def _table(result: QueryResult) -> str:
    if result.kind == "ask":
        return "yes\n" if result.boolean else "no\n"
    rows = [[_short(r[n]) for n in result.variables] for r in result.rows]
    widths = [
        min(60, max([len(n)] + [len(x) for x in col]))
        for n, col in zip(
            result.variables,
            zip(*rows, strict=False) if rows else [[] for _ in result.variables],
            strict=False,
        )
    ]

    def line(cells):  # noqa: E306
        return "  ".join(c[:w].ljust(w) for c, w in zip(cells, widths, strict=False)).rstrip()

    out = [line(result.variables), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _short(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    for prefix, ns in vocab.PREFIXES.items():
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns) :]}"
    return text.replace("\n", " ")


# --- the cookbook --------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    text: str


def examples() -> dict[str, Example]:
    """The shipped cookbook: queries/*.rq, each opening with a `# title` comment line."""
    out = {}
    from importlib import resources

    folder = resources.files("mechgraph") / "queries"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        title = first.lstrip("# ").strip() if first.startswith("#") else entry.name
        name = entry.name.removesuffix(".rq")
        out[name] = Example(name, title, text)
    return out


def example(name: str) -> Example:
    found = examples()
    if name not in found:
        import difflib

        close = difflib.get_close_matches(name, list(found), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise NotFoundError(f"no example query {name!r}{hint} (mechgraph query --list-examples)")
    return found[name]
