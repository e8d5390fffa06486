"""An rdflib Graph in memory as a store (``--store rdflib:FILE``): the pure-Python engine,
for small files and for comparison with Oxigraph.

Results are handed over as the same pyoxigraph objects the other stores give, through
the W3C result formats, so every reading command works unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mechgraph import vocab
from mechgraph.errors import StoreError
from mechgraph.store.oxigraph import Store, _term, rdf_media_type

_DATASETS = ("application/n-quads", "application/trig")  # formats with named graphs


class RdflibStore(Store):
    def __init__(self, path: Path):
        from rdflib import Dataset, Graph

        fmt = rdf_media_type(path)  # rdflib's parsers are registered by media type too
        # a dataset's default graph read as the union of its graphs
        graph = Dataset(default_union=True) if fmt in _DATASETS else Graph()
        try:
            graph.parse(path, format=fmt)
        except Exception as exc:  # rdflib raises many kinds of parse errors
            raise StoreError(f"cannot load {path}: {exc}") from None
        super().__init__(None, f"rdflib graph {path}")
        self.graph = graph

    def raw_query(
        self,
        query: str,
        bindings: dict[str, Any] | None = None,
        *,
        prefixes: bool = True,
        source: str | None = None,
    ) -> Any:
        """``source`` is not applied: an rdflib store queries its own default graph (the
        union of all graphs for N-Quads and TriG), as a comparison engine."""
        import pyoxigraph as ox
        from rdflib.plugins.sparql import prepareQuery

        init = {name: _rdflib_term(value) for name, value in (bindings or {}).items()}
        try:
            prepared = prepareQuery(query, initNs=dict(vocab.PREFIXES) if prefixes else {})
        except Exception as exc:
            raise StoreError(f"SPARQL syntax error: {exc}") from None
        result = self.graph.query(prepared, initBindings=init)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            data = result.serialize(format="nt")
            return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        data = result.serialize(format="json")
        return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)

    def __len__(self) -> int:
        return len(self.graph)


def _rdflib_term(value: Any) -> Any:
    """A bound value (a Python value, an ``IRI`` or a pyoxigraph term, as ``--bind`` gives)
    as the rdflib term Oxigraph would bind: an IRI stays an IRI, a literal keeps its
    datatype or language."""
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    try:
        term = _term(value)
    except ValueError as exc:
        raise StoreError(f"bad bound value: {exc}") from None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if not isinstance(term, ox.Literal):
        raise StoreError(f"bad bound value: {value!r} is neither an IRI nor a literal")
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    plain = datatype == vocab.PREFIXES["xsd"] + "string"  # rdflib tells the two apart
    return Literal(term.value, datatype=None if plain else URIRef(datatype))
