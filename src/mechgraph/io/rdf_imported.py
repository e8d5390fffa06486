"""The signed statements of one imported source, in bulk, out of any store by SPARQL: what
the network view reads of each imported source (``mechgraph.io.rdf_reader.read_statements``
gives it), each statement with its database records as evidence."""

from __future__ import annotations

from mechgraph import vocab
from mechgraph.io.rdf_reader import _ANNOTATION_BY_PROPERTY, local
from mechgraph.model import Evidence, Statement

# Imported sources, in bulk: only signed statements, each query confined to the source's
# named graph (``GRAPH_``, replaced by the graph's IRI, which the planner sees, unlike a bound
# variable), so a million unsigned rows next to them cost little. Reading a term's text out
# of the store costs more than finding it: no column is read that the caller knows already.
# Two forms of one question: where most statements are signed (SIGNOR, DoRothEA's
# dorothea_hs) one pass over each property joined on the statement (``_PASS``) is several
# times faster than a look-up per statement; where few are (DoRothEA's entire_database:
# 5,700 of a million) the look-ups from ``mg:sign`` read far less (``_LOOKUP``).
_IMPORTED_LOOKUP = """
SELECT ?st ?s ?o ?rel ?direct ?ev ?species WHERE { GRAPH GRAPH_ {
  ?st mg:sign ?sign ; rdf:subject ?s ; rdf:object ?o ; mg:relation ?rel ; mg:direct ?direct ;
      mg:hasEvidence ?ev .
  OPTIONAL { ?st mg:species ?species } } }"""
_IMPORTED_PASS = """
SELECT ?st ?s ?o ?rel ?direct ?ev ?species WHERE { GRAPH GRAPH_ {
  { SELECT ?st ?sign WHERE { ?st mg:sign ?sign } }
  { SELECT ?st ?s WHERE { ?st rdf:subject ?s } }
  { SELECT ?st ?o WHERE { ?st rdf:object ?o } }
  { SELECT ?st ?rel WHERE { ?st mg:relation ?rel } }
  { SELECT ?st ?direct WHERE { ?st mg:direct ?direct } }
  { SELECT ?st ?ev WHERE { ?st mg:hasEvidence ?ev } }
  OPTIONAL { SELECT ?st ?species WHERE { ?st mg:species ?species } } } }"""
_IMPORTED_COUNTS = """
SELECT ?signed ?statements ?records WHERE { GRAPH GRAPH_ {
  { SELECT (COUNT(*) AS ?signed) WHERE { ?st mg:sign ?sign } }
  OPTIONAL { ?dataset mg:statementCount ?statements }
  { SELECT (COUNT(*) AS ?records) WHERE { ?ev a mg:Evidence } } } }"""
# Evidence records are shared by many statements (SIGNOR's PKN has three for 38,428
# statements, DoRothEA's million rows 7,369): each record's fields are read once, all of
# the source's records in one pass where they are no more than its signed statements,
# else only those of signed statements.
_IMPORTED_RECORDS = """
SELECT ?ev ?record ?ref ?quote WHERE { GRAPH GRAPH_ {
  ?ev a mg:Evidence .
  OPTIONAL { ?ev dcterms:identifier ?record } OPTIONAL { ?ev prov:wasDerivedFrom ?ref }
  OPTIONAL { ?ev mg:quote ?quote } } }"""
_SIGNED_RECORDS = """
SELECT ?ev ?record ?ref ?quote WHERE { GRAPH GRAPH_ {
  { SELECT DISTINCT ?ev WHERE { ?st mg:sign ?sign ; mg:hasEvidence ?ev } }
  OPTIONAL { ?ev dcterms:identifier ?record } OPTIONAL { ?ev prov:wasDerivedFrom ?ref }
  OPTIONAL { ?ev mg:quote ?quote } } }"""

# an imported source's annotations (vocab.STATEMENT_ANNOTATIONS, EVIDENCE_ANNOTATIONS), of
# any of its statements and evidence records: few where they are not absent altogether
_IMPORTED_ANNOTATIONS = """
SELECT ?x ?p ?v WHERE { GRAPH GRAPH_ {
  VALUES ?p { mg:mechanism mg:residue mg:confidence mg:evidenceLines } ?x ?p ?v } }"""


def read_imported(store, name: str) -> list[Statement]:
    """The signed statements of one imported source, each with its database records and
    their PubMed references as evidence."""
    return [
        Statement(
            subject=s,
            relation=rel,
            object=o,
            direct=direct,
            context=context,
            evidence=evidence,
            source=name,
            stored_id=sid,
            **annotations,
        )
        for sid, s, rel, o, direct, context, evidence, annotations in imported_rows(store, name)
    ]


def imported_rows(store, name: str) -> list[tuple]:
    """The signed statements of one imported source as rows (id, subject, relation, object,
    direct, context, evidence, annotations), in the order of their IRIs: what
    ``read_imported`` makes statements of, and the network's part of the source is made of
    without them (mechgraph.reasoning.parts)."""
    from mechgraph.importers import graph_iri
    from mechgraph.store.oxigraph import IRI, _term

    graph = str(_term(IRI(graph_iri(name))))  # a checked IRI: nothing but an IRI goes in

    def select(query: str) -> list[dict]:
        return store.select(query.replace("GRAPH_", graph), source="all")

    counts = select(_IMPORTED_COUNTS)
    signed, records = (counts[0]["signed"], counts[0]["records"]) if counts else (0, 0)
    total = counts[0]["statements"] or signed if counts else 0  # as its description says
    if not signed:
        return []
    fields: dict[str, list] = {}  # evidence IRI -> [record, quote, references]
    for row in select(_IMPORTED_RECORDS if records <= signed else _SIGNED_RECORDS):
        ev = fields.setdefault(str(row["ev"]), [None, None, set()])
        ev[0] = row["record"] if row["record"] is not None else ev[0]
        ev[1] = row["quote"] if row["quote"] is not None else ev[1]
        if row["ref"] is not None:
            ev[2].add(str(row["ref"]))
    annotations: dict[str, dict[str, str]] = {}  # statement or evidence IRI -> its annotations
    for x, p, v in store.raw_query(_IMPORTED_ANNOTATIONS.replace("GRAPH_", graph), source="all"):
        annotations.setdefault(x.value, {})[_ANNOTATION_BY_PROPERTY[local(p.value, vocab.MG)]] = v.value
    evidence: dict[str, Evidence] = {}
    for ev, (record, quote, refs) in fields.items():
        evidence[ev] = Evidence(
            source=name,
            kind="database",
            quote=quote,
            dois=tuple(sorted(refs)),
            record=record,
            **annotations.get(ev, {}),
        )
    # hundreds of thousands of rows: read as pyoxigraph gives them (text by position), not
    # as dicts of Python values; a statement written by two rows has a row per evidence
    # record, gathered by statement
    found: dict[str, list] = {}  # statement IRI -> [its fields, evidence IRI or {IRIs}]
    query = _IMPORTED_PASS if signed * 10 >= total else _IMPORTED_LOOKUP
    for st, s, o, rel, direct, ev, species in store.raw_query(query.replace("GRAPH_", graph), source="all"):
        sid, ev_iri = st.value, ev.value
        seen = found.get(sid)
        if seen is None:
            found[sid] = [(s.value, rel.value, o.value, direct.value, species), ev_iri]
        else:
            if isinstance(seen[1], str):
                seen[1] = {seen[1]: None}
            seen[1][ev_iri] = None
    none = Evidence(source=name, kind="database")
    entity, statement = vocab.ENTITY, vocab.STATEMENT
    no_annotations: dict[str, str] = {}
    contexts: dict[str, tuple] = {}  # species → the context (one tuple shared by its statements)
    out = []
    for sid in sorted(found):
        (s, rel, o, direct, species), evs = found[sid]
        if isinstance(evs, str):
            ev_tuple = (evidence.get(evs, none),)
        else:
            ev_tuple = tuple(evidence.get(e, none) for e in sorted(evs))
        context = ()
        if species is not None:
            context = contexts.get(species.value)
            if context is None:
                context = contexts[species.value] = (("species", species.value),)
        out.append(
            (
                local(sid, statement),
                local(s, entity),
                rel,
                local(o, entity),
                direct == "true",
                context,
                ev_tuple,
                annotations.get(sid, no_annotations),
            )
        )
    return out
