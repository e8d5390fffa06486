"""Knowledge → RDF, in the OBAN/Biolink association shape DESIGN.md describes.

Each claim gives a plain triple (``?s obo:RO_0002213 ?o``) for simple queries and
an ``rdf:Statement`` node carrying context and evidence. No blank nodes: every
node has an IRI derived from its content, so exports diff cleanly.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, SKOS, VOID

from mechgraph import __version__, vocab
from mechgraph.model import Evidence, Knowledge, Quantity, Statement

MG = Namespace(vocab.MG)
OBO = Namespace(vocab.OBO)
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")


@cache
def canonical_iri(curie: str) -> str | None:
    """The IRI Bioregistry gives a CURIE (e.g. hgnc:17635 → genenames.org …)."""
    import bioregistry

    return bioregistry.get_iri(curie)


def doi_iri(doi: str) -> URIRef:
    return URIRef(vocab.DOI + doi)


def knowledge_to_graph(k: Knowledge) -> Graph:
    g = Graph(bind_namespaces="none")
    for prefix, ns in vocab.PREFIXES.items():
        g.bind(prefix, Namespace(ns))
    _add_sources(g, k)
    for e in sorted(k.entities.values(), key=lambda e: e.id):
        _add_entity(g, k, e)
    for st in sorted(k.statements, key=lambda s: s.id):
        _add_statement(g, k, st)
    _add_dataset(g, k)
    return g


def _add_sources(g: Graph, k: Knowledge) -> None:
    for seed in k.seeds.values():
        node = doi_iri(seed.doi)
        g.add((node, RDF.type, MG.SeedReview))
        g.add((node, DCTERMS.identifier, Literal(f"doi:{seed.doi}")))
        g.add((node, MG.seedId, Literal(seed.id)))
        if seed.title:
            g.add((node, DCTERMS.title, Literal(seed.title)))
        if seed.citation:
            g.add((node, DCTERMS.bibliographicCitation, Literal(seed.citation)))
        if seed.license:
            g.add((node, DCTERMS.license, CC_BY))
    for ref in k.references.values():
        if not ref.doi:
            continue
        node = doi_iri(ref.doi)
        g.add((node, RDF.type, MG.Reference))
        g.add((node, DCTERMS.identifier, Literal(f"doi:{ref.doi}")))
        g.add((node, DCTERMS.bibliographicCitation, Literal(ref.citation)))
        g.add((node, DCTERMS.isReferencedBy, doi_iri(k.seeds[ref.seed].doi)))
        g.add((node, MG.referenceNumber, Literal(ref.number)))
        if ref.model:
            g.add((node, MG.studyModel, Literal(ref.model)))


def _add_entity(g: Graph, k: Knowledge, e) -> None:
    node = URIRef(e.iri)
    g.add((node, RDF.type, MG[vocab.ENTITY_TYPES[e.type]]))
    g.add((node, RDFS.label, Literal(e.label)))
    g.add((node, DCTERMS.identifier, Literal(e.id)))
    for syn in e.synonyms:
        g.add((node, SKOS.altLabel, Literal(syn)))
    for x in e.xrefs:
        g.add((node, MG.xref, Literal(x)))
        iri = canonical_iri(x)
        if iri:
            g.add((node, SKOS.exactMatch, URIRef(iri)))
    if e.description:
        g.add((node, DCTERMS.description, Literal(e.description)))
    if e.note:
        g.add((node, SKOS.editorialNote, Literal(e.note)))
    for m in e.members:
        member = URIRef(k.entities[m].iri)
        g.add((node, URIRef(vocab.HAS_MEMBER), member))
        g.add((member, URIRef(vocab.MEMBER_OF), node))  # the inverse, for RO-only queries
    if e.id in k.leaves:
        g.add((node, MG.leafReason, Literal(k.leaves[e.id])))
    if e.trial:
        t = e.trial
        if t.phase:
            g.add((node, MG.phase, Literal(t.phase)))
        if t.population:
            g.add((node, MG.population, Literal(t.population)))
        if t.n is not None:
            g.add((node, MG.enrolment, Literal(t.n)))
        for c in t.conditions:
            g.add((node, MG.condition, URIRef(k.entities[c].iri)))
        for i, arm in enumerate(t.arms, start=1):
            arm_node = URIRef(f"{vocab.ARM}{e.id}/{i}")
            g.add((node, MG.hasArm, arm_node))
            g.add((arm_node, RDF.type, MG.TrialArm))
            g.add((arm_node, RDFS.label, Literal(arm.label)))
            g.add((arm_node, MG.armNumber, Literal(i)))
            if arm.n is not None:
                g.add((arm_node, MG.enrolment, Literal(arm.n)))
            for x in arm.interventions:
                g.add((arm_node, MG.intervention, URIRef(k.entities[x].iri)))


def _add_statement(g: Graph, k: Knowledge, st: Statement) -> None:
    rel = vocab.RELATIONS[st.relation]
    subj, obj = URIRef(k.entities[st.subject].iri), URIRef(k.entities[st.object].iri)
    pred = URIRef(rel.direct_predicate if st.direct and rel.direct_predicate else rel.predicate)
    if st.negated:
        # the text denies the relation: no plain triple may assert it, the association
        # node alone records the claim and its denial (as biolink:negated does)
        g.add((URIRef(st.iri), MG.negated, Literal(True)))
    else:
        g.add((subj, pred, obj))
        if pred != URIRef(rel.predicate):  # a direct statement: its signed super-property too
            g.add((subj, URIRef(rel.predicate), obj))
        for also in rel.also:  # the standard super-property, so RO alone finds the sign
            g.add((subj, URIRef(also), obj))
        if rel.inverse:
            g.add((obj, URIRef(rel.inverse), subj))
    node = URIRef(st.iri)
    g.add((node, RDF.type, RDF.Statement))
    g.add((node, RDF.type, MG.Association))
    g.add((node, RDF.subject, subj))
    g.add((node, RDF.predicate, pred))
    g.add((node, RDF.object, obj))
    g.add((node, MG.relation, Literal(st.relation)))
    if rel.sign is not None:
        g.add((node, MG.sign, Literal(rel.sign)))
    g.add((node, MG.direct, Literal(st.direct)))
    g.add((node, MG.causal, Literal(rel.causal)))
    for key, value in st.context:
        prop, is_entity = vocab.CONTEXT_KEYS[key]
        g.add((node, MG[prop], URIRef(k.entities[value].iri) if is_entity else Literal(value)))
    for flag in st.flags:
        g.add((node, MG.flag, MG[flag]))
    if st.note:
        g.add((node, SKOS.editorialNote, Literal(st.note)))
    for file in st.files:
        g.add((node, MG.curationFile, Literal(file)))
    _add_annotations(g, node, st, vocab.STATEMENT_ANNOTATIONS)
    for ev in st.evidence:
        g.add((node, MG.hasEvidence, _add_evidence(g, k, st, ev)))


def evidence_iri(st: Statement, ev: Evidence) -> str:
    return f"{vocab.EVIDENCE}{st.id}-{ev.key()[:8]}"


def _add_evidence(g: Graph, k: Knowledge, st: Statement, ev: Evidence) -> URIRef:
    node = URIRef(evidence_iri(st, ev))
    seed = k.seeds[ev.source]
    g.add((node, RDF.type, MG.Evidence))
    g.add((node, MG.evidenceKind, MG[ev.kind]))
    g.add((node, MG.epistemicStatus, MG[ev.epistemics]))
    g.add((node, DCTERMS.source, doi_iri(seed.doi)))
    if ev.quote:
        g.add((node, MG.quote, Literal(ev.quote)))
    if ev.section:
        g.add((node, MG.section, Literal(ev.section)))
    for r in ev.refs:
        g.add((node, MG.referenceNumber, Literal(r)))
        ref = k.references.get((ev.source, r))
        if ref and ref.doi:
            g.add((node, PROV.wasDerivedFrom, doi_iri(ref.doi)))
    if ev.rationale:
        g.add((node, MG.rationale, Literal(ev.rationale)))
    if ev.perturbation:
        g.add((node, MG.perturbation, Literal(ev.perturbation.type)))
        g.add((node, MG.observedEffect, Literal(ev.perturbation.observed)))
    _add_annotations(g, node, ev, vocab.EVIDENCE_ANNOTATIONS)
    for i, q in enumerate(ev.quantities, start=1):
        qnode = URIRef(f"{node}/q{i}")
        g.add((node, MG.hasQuantity, qnode))
        _add_quantity(g, qnode, q, i)
    return node


def _add_annotations(g: Graph, node: URIRef, obj: Statement | Evidence, names: dict[str, str]) -> None:
    """A source's annotations of a statement or an evidence (none for curated ones)."""
    for name, prop in names.items():
        value = getattr(obj, name)
        if value:
            g.add((node, MG[prop], Literal(value)))


_QUANTITY_DECIMALS = ("value", "baseline", "low", "high", "comparator")
_QUANTITY_TEXT = ("unit", "timepoint", "p_value", "arm", "ci")


def _add_quantity(g: Graph, node: URIRef, q: Quantity, index: int) -> None:
    g.add((node, RDF.type, MG.Quantity))
    g.add((node, MG.measure, Literal(q.measure)))
    g.add((node, MG.quantityIndex, Literal(index)))
    g.add((node, RDFS.label, Literal(q.describe())))
    if q.type:
        g.add((node, MG.quantityType, Literal(q.type)))
    for name in _QUANTITY_DECIMALS:
        value = getattr(q, name)
        if value is not None:
            g.add((node, MG[_camel(name)], Literal(_decimal(value), datatype=XSD.decimal)))
    for name in _QUANTITY_TEXT:
        value = getattr(q, name)
        if value is not None:
            g.add((node, MG[_camel(name)], Literal(value)))
    if q.n is not None:
        g.add((node, MG.n, Literal(q.n)))
    if q.approximate:
        g.add((node, MG.approximate, Literal(True)))


def _decimal(x: float) -> str:
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def _add_dataset(g: Graph, k: Knowledge) -> None:
    ds = URIRef(vocab.DATASET)
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add(
        (
            ds,
            DCTERMS.title,
            Literal("mechgraph: mechanisms of PD-1/PD-L1 blockade and bone-tumour immunotherapy on bone"),
        )
    )
    g.add((ds, DCTERMS.license, CC_BY))
    g.add((ds, OWL.versionInfo, Literal(__version__)))
    g.add((ds, URIRef(str(DCAT) + "version"), Literal(__version__)))
    g.add((ds, VOID.uriSpace, Literal(vocab.BASE)))
    g.add((ds, VOID.vocabulary, URIRef(vocab.MG.rstrip("#"))))
    for seed in k.seeds.values():
        g.add((ds, DCTERMS.source, doi_iri(seed.doi)))
        g.add((ds, PROV.wasDerivedFrom, doi_iri(seed.doi)))
    g.add((ds, VOID.entities, Literal(len(k.entities))))
    g.add((ds, MG.statementCount, Literal(len(k.statements))))
    g.add((ds, MG.evidenceCount, Literal(sum(len(s.evidence) for s in k.statements))))
    by_type = Counter(e.type for e in k.entities.values())
    for t, n in sorted(by_type.items()):
        part = URIRef(f"{vocab.DATASET}/class/{vocab.ENTITY_TYPES[t]}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], MG[vocab.ENTITY_TYPES[t]]))
        g.add((part, VOID.entities, Literal(n)))
    by_rel = Counter(s.relation for s in k.statements)
    for r, n in sorted(by_rel.items()):
        part = URIRef(f"{vocab.DATASET}/relation/{r}")
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(vocab.RELATIONS[r].predicate)))
        g.add((part, MG.relation, Literal(r)))
        g.add((part, MG.statementCount, Literal(n)))
    # the triple count includes this triple itself
    g.add((ds, VOID.triples, Literal(len(g) + 1)))
