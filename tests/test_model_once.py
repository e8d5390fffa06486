"""The data model is described once: vocab.py is the source, and the curated YAML schema
(curation/schema.py), the OWL ontology (ontologies/mechgraph.ttl), the SHACL shapes
(ontologies/shapes.ttl), the model (model.py) and the RDF reader agree with it. A word added
to one and forgotten in another fails here, and so does a field added to the model's
Statement or Evidence and not to vocab, the ontology, the writers and the readers."""

from __future__ import annotations

import typing
from dataclasses import fields, replace

import pytest
from conftest import REPO
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from mechgraph import model, vocab
from mechgraph.io import rdf_imported, rdf_reader

MG = Namespace(vocab.MG)
SH = Namespace("http://www.w3.org/ns/shacl#")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(REPO / "ontologies" / "mechgraph.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(REPO / "ontologies" / "shapes.ttl")


@pytest.fixture(scope="module")
def schema():
    pytest.importorskip("pydantic")
    from mechgraph.curation import schema

    return schema


def literal_values(annotation) -> set[str]:
    return set(typing.get_args(annotation))


def sh_in(shapes: Graph, path: URIRef) -> list:
    """The sh:in list of the property shape on ``path``."""
    for prop in shapes.subjects(SH.path, path):
        listed = shapes.value(prop, SH["in"])
        if listed is not None:
            return [x.toPython() if isinstance(x, Literal) else x for x in Collection(shapes, listed)]
    raise AssertionError(f"no sh:in on {path}")


def local(iri) -> str:
    return str(iri).removeprefix(vocab.MG)


def test_entity_types_are_the_ontology_classes_and_the_shapes(ontology, shapes, schema):
    classes = {local(c) for c in ontology.subjects(RDFS.subClassOf, MG.Entity)}
    assert classes == set(vocab.ENTITY_TYPES.values())
    assert {local(c) for c in sh_in(shapes, RDF.type)} == classes
    assert literal_values(schema.EntityType) == set(vocab.ENTITY_TYPES)
    assert {c: t for t, c in vocab.ENTITY_TYPES.items()} == vocab.TYPE_BY_CLASS


def test_relations_are_the_shapes_the_schema_and_declared_predicates(ontology, shapes, schema):
    assert sh_in(shapes, MG.relation) == list(vocab.RELATIONS)
    assert literal_values(schema.RelationName) == set(vocab.RELATIONS)
    described = set(ontology.subjects(RDFS.label, None))
    for rel in vocab.RELATIONS.values():
        predicates = [rel.predicate, rel.direct_predicate, *rel.also, rel.inverse]
        for p in predicates:
            if p and p.startswith((vocab.MG, vocab.OBO)):
                assert URIRef(p) in described, (rel.name, p)
        if rel.predicate.startswith(vocab.MG):
            assert (URIRef(rel.predicate), RDF.type, OWL.ObjectProperty) in ontology


def test_evidence_kinds_and_their_strength(ontology, schema):
    kinds = {
        local(k): ontology.value(k, MG.strength).toPython()
        for k in ontology.subjects(RDF.type, MG.EvidenceKind)
    }
    assert kinds == vocab.EVIDENCE_STRENGTH
    assert set(vocab.EVIDENCE_KINDS) == set(kinds) - {"database"}  # database: imports only
    assert literal_values(schema.EvidenceKind) == set(vocab.EVIDENCE_KINDS)


def test_epistemics(ontology, shapes, schema):
    declared = {local(x) for x in ontology.subjects(RDF.type, MG.EpistemicStatus)}
    assert declared == set(vocab.EPISTEMICS)
    assert [local(x) for x in sh_in(shapes, MG.epistemicStatus)] == list(vocab.EPISTEMICS)
    assert literal_values(schema.Epistemics) == set(vocab.EPISTEMICS)


def test_flags(ontology, schema):
    assert {local(x) for x in ontology.subjects(RDF.type, MG.Flag)} == set(vocab.FLAGS)
    assert literal_values(schema.Flag) == set(vocab.FLAGS)


def test_context_keys_are_properties_of_the_ontology_shapes_schema_and_reader(ontology, shapes, schema):
    assert list(schema.ContextDoc.model_fields) == list(vocab.CONTEXT_KEYS)
    for key, (prop, is_entity) in vocab.CONTEXT_KEYS.items():
        kind = OWL.ObjectProperty if is_entity else OWL.DatatypeProperty
        assert (MG[prop], RDF.type, kind) in ontology, key
        assert f"mg:{prop}" in rdf_reader._QUALIFIERS, key  # the reader reads it back
    assert sh_in(shapes, MG.timeframe) == list(vocab.TIMEFRAMES)
    assert sh_in(shapes, MG.model) == list(vocab.MODELS)
    assert literal_values(schema.Timeframe) == set(vocab.TIMEFRAMES)
    assert literal_values(schema.ModelName) == set(vocab.MODELS)
    assert literal_values(schema.SpeciesName) == set(vocab.SPECIES)


def test_quantities_are_one_shape_in_model_schema_ontology_and_reader(ontology, schema):
    names = [f.name for f in fields(model.Quantity)]
    assert list(schema.QuantityDoc.model_fields) == names
    assert set(rdf_reader._QUANTITY_FIELDS.values()) == {*names, "index"}
    for prop in rdf_reader._QUANTITY_FIELDS:
        assert (MG[prop], RDF.type, OWL.DatatypeProperty) in ontology, prop
    assert literal_values(schema.QuantityType) == set(vocab.QUANTITY_TYPES)


def test_perturbations(schema):
    assert literal_values(schema.PerturbationType) == {*vocab.LOSS_OF_FUNCTION, *vocab.GAIN_OF_FUNCTION}


# The model's fields that are not a source's annotations, each with where it is described
# once: a field added to Statement or Evidence must be placed here (and then in the
# writers and readers) or in vocab's annotation tables, which the tests below follow.
STATEMENT_CORE = {
    "subject": "rdf:subject",
    "relation": "mg:relation",
    "object": "rdf:object",
    "context": "vocab.CONTEXT_KEYS",
    "direct": "mg:direct",
    "evidence": "mg:hasEvidence",
    "flags": "mg:flag",
    "note": "skos:editorialNote",
    "files": "mg:curationFile",
    "origin": "not stored: where a reader read it",
    "source": "the named graph",
    "stored_id": "the statement's IRI",
}
EVIDENCE_CORE = {
    "source": "dcterms:source",
    "kind": "mg:evidenceKind",
    "quote": "mg:quote",
    "refs": "mg:referenceNumber",
    "section": "mg:section",
    "quantities": "mg:hasQuantity",
    "perturbation": "mg:perturbation",
    "rationale": "mg:rationale",
    "origin": "not stored: where a reader read it",
    "epistemics": "mg:epistemicStatus",
    "epistemics_stated": "not stored: whether the curator wrote it",
    "dois": "prov:wasDerivedFrom",
    "document": "dcterms:source's identifier",
    "record": "dcterms:identifier",
}


def test_every_model_field_is_described_once():
    statement = [f.name for f in fields(model.Statement)]
    evidence = [f.name for f in fields(model.Evidence)]
    assert set(statement) == set(STATEMENT_CORE) | set(vocab.STATEMENT_ANNOTATIONS)
    assert set(evidence) == set(EVIDENCE_CORE) | set(vocab.EVIDENCE_ANNOTATIONS)
    assert not set(STATEMENT_CORE) & set(vocab.STATEMENT_ANNOTATIONS)
    assert not set(EVIDENCE_CORE) & set(vocab.EVIDENCE_ANNOTATIONS)


@pytest.mark.parametrize(
    "names, domain",
    [(vocab.STATEMENT_ANNOTATIONS, MG.Association), (vocab.EVIDENCE_ANNOTATIONS, MG.Evidence)],
    ids=["statement", "evidence"],
)
def test_source_annotations_are_declared_and_read(ontology, names, domain):
    for name, prop in names.items():
        assert (MG[prop], RDF.type, OWL.DatatypeProperty) in ontology, name
        assert (MG[prop], RDFS.domain, domain) in ontology, name
        # read back by each reader of statements: one at a time and an imported source's
        one_by_one = rdf_reader._QUALIFIERS if domain == MG.Association else rdf_reader._EVIDENCE
        assert f"mg:{prop}" in one_by_one, name
        assert f"mg:{prop}" in rdf_imported._IMPORTED_ANNOTATIONS, name


def test_annotations_round_trip_through_rdf_json_and_plain(tmp_path):
    """Every annotation set on a statement and its evidence comes back from the RDF
    writer and reader, the JSON encoding and the caches' plain form; a curated statement's
    JSON and plain form carry none of them."""
    from mechgraph.io.plain import statement_from_plain, statement_to_plain
    from mechgraph.io.rdf import knowledge_to_graph
    from mechgraph.store import open_store

    ev = model.Evidence("s", "in_vitro", quote="q", **{n: f"{n} value" for n in vocab.EVIDENCE_ANNOTATIONS})
    st = model.Statement(
        "A", "increases", "B", evidence=(ev,), **{n: f"{n} value" for n in vocab.STATEMENT_ANNOTATIONS}
    )
    k = model.Knowledge(seeds={"s": model.Seed("s", "s.txt", "10.1/x")})
    k.entities = {e: model.Entity(e, e, "protein") for e in "AB"}
    k.statements = [st]
    path = tmp_path / "k.nt"
    knowledge_to_graph(k).serialize(path, format="nt")
    (back,) = rdf_reader.read_statements(open_store(str(path)))
    assert back.evidence[0] == replace(ev, document="doi:10.1/x")
    assert replace(back, evidence=st.evidence) == st
    assert model.Statement.from_json(st.to_json()) == replace(
        st, evidence=(replace(ev, source=ev.provenance),)
    )
    assert statement_from_plain(statement_to_plain(st)) == st
    plain = replace(
        st, evidence=(replace(ev, confidence=None, evidence_lines=None),), mechanism=None, residue=None
    )
    assert not set(st.to_json()) - set(plain.to_json()) - set(vocab.STATEMENT_ANNOTATIONS)
    assert set(plain.to_json()) & set(vocab.STATEMENT_ANNOTATIONS) == set()
    assert set(plain.to_json()["evidence"][0]) & set(vocab.EVIDENCE_ANNOTATIONS) == set()
    assert len(statement_to_plain(plain)) == 11 and len(statement_to_plain(plain)[-1][0]) == 12
