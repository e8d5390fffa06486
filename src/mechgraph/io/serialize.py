"""RDF serialisations that are byte-identical from run to run.

rdflib's Turtle writer orders subjects deterministically when the graph has no
blank nodes; N-Triples we sort ourselves; JSON-LD is written from the sorted
N-Triples so its order does not depend on hashing.
"""

from __future__ import annotations

import json
from functools import cache

from rdflib import Graph, Literal, URIRef

from mechgraph import vocab


def to_ntriples(g: Graph) -> str:
    lines = sorted(set(g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()))
    return "\n".join(line for line in lines if line.strip()) + "\n"


def to_turtle(g: Graph) -> str:
    text = g.serialize(format="turtle")
    return text if text.endswith("\n") else text + "\n"


def to_jsonld(g: Graph) -> str:
    """Compact JSON-LD: one node object per subject, sorted, with the project's context."""
    context = {p: ns for p, ns in vocab.PREFIXES.items() if p not in ("sh",)}
    nodes: dict[str, dict[str, list]] = {}
    for s, p, o in g:
        node = nodes.setdefault(_compact(str(s)), {})
        node.setdefault(_compact(str(p)), []).append(_jsonld_value(o))
    graph = []
    for sid in sorted(nodes):
        obj: dict[str, object] = {"@id": sid}
        for prop in sorted(nodes[sid]):
            values = sorted(nodes[sid][prop], key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
            key = "@type" if prop == "rdf:type" else prop
            if key == "@type":
                values = [v["@id"] for v in values]
            obj[key] = values[0] if len(values) == 1 else values
        graph.append(obj)
    doc = {"@context": context, "@graph": graph}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


@cache
def _converter():
    """The project's prefixes as a ``curies`` converter (the curate extra brings curies)."""
    import curies

    return curies.Converter.from_prefix_map({p: ns for p, ns in vocab.PREFIXES.items() if p != "sh"})


def _compact(iri: str) -> str:
    """``iri`` as a CURIE of the project's prefixes (the longest namespace that matches),
    where its local part is a plain name; else the IRI itself."""
    curie = _converter().compress(iri)
    if curie is None:
        return iri
    local = curie.split(":", 1)[1]
    return curie if local and all(c.isalnum() or c in "_-." for c in local) else iri


def _jsonld_value(o) -> dict:
    if isinstance(o, URIRef):
        return {"@id": _compact(str(o))}
    assert isinstance(o, Literal)
    value: dict[str, object] = {"@value": str(o)}
    if o.language:
        value["@language"] = o.language
    elif o.datatype is not None and str(o.datatype) != vocab.PREFIXES["xsd"] + "string":
        value["@type"] = _compact(str(o.datatype))
    return value
