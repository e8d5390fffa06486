"""The network as KGX nodes and edges TSV in the Biolink Model (4.x), as Translator's KGX
reads and writes it: ``kgx-nodes`` and ``kgx-edges``, two files of one graph.

**Nodes**: ``id`` (the first of the entity's identifiers that Biolink accepts for its
category, with Biolink's prefixes: ``UniProtKB:Q9NZQ7`` for a protein, ``GO:0045453``,
``MONDO:0009807``…; ``mechgraph:ID`` for an entity with none, the prefix expanding to
``https://w3id.org/mechgraph/entity/``), ``category`` (the Biolink class the ontology
aligns the entity's type to; biomarkers are ``PhenotypicFeature`` and trial end points
``ClinicalFinding``, Biolink's ``ClinicalAttribute`` being no node class), ``name``,
``xref`` (its other identifiers: ``HGNC:17635`` beside a protein's UniProt id),
``provided_by``, ``iri``.

**Edges**: one per statement, denied ones included (``negated`` true). Signed causal
statements use Biolink 4's qualified form, since ``positively_regulates`` and
``negatively_regulates`` left the model: predicate ``biolink:affects``,
``qualified_predicate`` ``biolink:causes``, ``object_direction_qualifier`` increased or
decreased and, for a molecule, ``object_aspect_qualifier`` (``activity`` for a drug on
its target, ``activity_or_abundance`` otherwise). Typed relations map to Biolink's
predicates (``treats``, ``has_adverse_event``, ``biomarker_for``, ``part_of``,
``expressed_in``, ``physically_interacts_with`` for binds, ``positively_correlated_with``…;
``related_to`` where Biolink has none, the relation in ``mechgraph_relation``).
Provenance: ``primary_knowledge_source`` (``infores:mechgraph`` for curated statements; an
imported source's infores, with mechgraph as ``aggregator_knowledge_source``),
``knowledge_level`` (``knowledge_assertion``, ``logical_entailment`` for curator
inferences), ``agent_type``, ``publications`` (PMIDs and DOIs, the seed review's too).
Context: ``species_context_qualifier`` (NCBITaxon), ``disease_context_qualifier`` and
``anatomical_context_qualifier`` (the disease and cell type by identifier), and
``mechgraph_timeframe``, ``mechgraph_model``, ``mechgraph_setting``,
``mechgraph_population`` for what Biolink has no slot for; the quote in
``mechgraph_quote``; an imported source's annotations in ``mechgraph_mechanism``,
``mechgraph_residue`` (the statement's), ``mechgraph_confidence`` and
``mechgraph_evidence_lines`` (its evidence's). Multiple values are ``|``-separated.
"""

from __future__ import annotations

import csv
import io

from mechgraph import vocab
from mechgraph.io import grounding
from mechgraph.io.bel import FUNCTIONS, MOLECULAR
from mechgraph.model import Entity, Knowledge, Statement

CATEGORIES = {  # the ontology's alignment (ontologies/mechgraph.ttl) to Biolink classes
    "protein": "Protein",
    "gene": "Gene",
    "rna": "RNAProduct",
    "complex": "MacromolecularComplex",
    "protein_family": "GeneFamily",
    "pathway": "Pathway",
    "biological_process": "BiologicalProcess",
    "cell_type": "Cell",
    "anatomical_entity": "AnatomicalEntity",
    "phenotype": "PhenotypicFeature",
    # Biolink's ClinicalAttribute, the ontology's close match, is an attribute, not a node
    # class: a measured quantity is a phenotypic feature, a trial end point a clinical finding
    "biomarker": "PhenotypicFeature",
    "clinical_outcome": "ClinicalFinding",
    "chemical": "ChemicalEntity",
    "drug": "Drug",
    "drug_class": "Drug",
    "therapy": "Treatment",
    "clinical_trial": "Study",
    "disease": "Disease",
    "adverse_event": "DiseaseOrPhenotypicFeature",
    "organism": "OrganismTaxon",
}
# Bioregistry prefix → Biolink's prefix for it
PREFIXES = {
    "hgnc": "HGNC",
    "uniprot": "UniProtKB",
    "chebi": "CHEBI",
    "go": "GO",
    "mondo": "MONDO",
    "hp": "HP",
    "doid": "DOID",
    "efo": "EFO",
    "mesh": "MESH",
    "cl": "CL",
    "uberon": "UBERON",
    "drugbank": "DRUGBANK",
    "ncit": "NCIT",
    "pubchem.compound": "PUBCHEM.COMPOUND",
    "rnacentral": "RNACENTRAL",
}
# the identifiers a category's nodes may be named by (Biolink 4.4.6's id_prefixes of the
# class or its nearest ancestor, those mechgraph has), in the order they are chosen
NODE_ID_PREFIXES = {
    "Protein": ("uniprot", "ncit", "mesh"),
    "Gene": ("hgnc",),
    "RNAProduct": ("rnacentral",),
    "MacromolecularComplex": ("go",),
    "GeneFamily": (),
    "Pathway": ("go",),
    "BiologicalProcess": ("go",),
    "Cell": ("cl", "uberon", "ncit", "mesh"),
    "AnatomicalEntity": ("uberon", "go", "cl", "mesh", "ncit"),
    "PhenotypicFeature": ("hp", "efo", "ncit", "mesh"),
    "ClinicalFinding": ("efo", "ncit"),
    "ChemicalEntity": ("chebi", "pubchem.compound", "drugbank", "mesh"),
    "Drug": ("chebi", "drugbank", "pubchem.compound", "mesh"),
    "Disease": ("mondo", "doid", "efo", "mesh", "ncit"),
    "OrganismTaxon": ("mesh",),
    # classes without id_prefixes of their own take any of Biolink's prefixes
    "Treatment": ("mesh", "ncit"),
    "Study": (),
    "DiseaseOrPhenotypicFeature": ("mondo", "hp", "doid", "efo", "mesh", "ncit"),
}
PREDICATES = {
    "treats": "treats",
    "has_adverse_effect": "has_adverse_event",
    "biomarker_for": "biomarker_for",
    "part_of": "part_of",
    "expressed_in": "expressed_in",
    "binds": "physically_interacts_with",
    "positively_correlated_with": "positively_correlated_with",
    "negatively_correlated_with": "negatively_correlated_with",
    "associated_with": "associated_with",
    "targets": "affects",
}
CAUSAL = ("increases", "decreases", "activates", "inhibits")
INFORES = {
    "signor": "infores:signor",
    "signor-pkn": "infores:signor",
    "collectri": "infores:collectri",
    "dorothea": "infores:dorothea",
    "omnipath": "infores:omnipath",
}
MECHGRAPH = "infores:mechgraph"
NODE_COLUMNS = ("id", "category", "name", "xref", "provided_by", "iri")
EDGE_COLUMNS = (
    "id",
    "subject",
    "predicate",
    "object",
    "qualified_predicate",
    "object_aspect_qualifier",
    "object_direction_qualifier",
    "species_context_qualifier",
    "disease_context_qualifier",
    "anatomical_context_qualifier",
    "negated",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "aggregator_knowledge_source",
    "publications",
    "mechgraph_relation",
    "mechgraph_timeframe",
    "mechgraph_model",
    "mechgraph_setting",
    "mechgraph_population",
    "mechgraph_evidence_kinds",
    "mechgraph_quote",
    "mechgraph_mechanism",
    "mechgraph_residue",
    "mechgraph_confidence",
    "mechgraph_evidence_lines",
)


def category(e: Entity) -> str:
    return "biolink:" + CATEGORIES.get(e.type, "NamedThing")


def _curies(e: Entity) -> list[tuple[str, str]]:
    """(Bioregistry prefix, Biolink CURIE) of each identifier Biolink has a prefix for."""
    return [
        (g.prefix, f"{PREFIXES[g.prefix]}:{g.local}")
        for g in grounding.identifiers(e)
        if g.prefix in PREFIXES
    ]


def node_id(e: Entity) -> str:
    """The identifier that names the node: the first its category accepts, else the
    mechgraph id."""
    known = dict(_curies(e))
    for prefix in NODE_ID_PREFIXES.get(CATEGORIES.get(e.type, ""), ()):
        if prefix in known:
            return known[prefix]
    return f"mechgraph:{e.id}"


def node_ids(k: Knowledge) -> dict[str, str]:
    """Each entity's node id; two entities grounded to one identifier (a disease and the
    phenotype of the same name, say) keep theirs apart: the second by its mechgraph id."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for e in sorted(k.entities.values(), key=lambda e: e.id):
        ident = node_id(e)
        if ident in taken:
            ident = f"mechgraph:{e.id}"
        taken.add(ident)
        out[e.id] = ident
    return out


def _xrefs(e: Entity, ident: str) -> list[str]:
    out = [curie for _, curie in _curies(e) if curie != ident]
    out += [x for x in e.xrefs if x.split(":", 1)[0] not in PREFIXES]  # FamPlex, symbols…
    return list(dict.fromkeys(out))


def _table(columns: tuple[str, ...], rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buf.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, list):
        return "|".join(" ".join(str(v).replace("|", "/").split()) for v in value)
    return " ".join(str(value).split())


def write_nodes(k: Knowledge) -> str:
    rows = []
    ids = node_ids(k)
    for e in sorted(k.entities.values(), key=lambda e: e.id):
        ident = ids[e.id]
        rows.append(
            {
                "id": ident,
                "category": category(e),
                "name": e.label,
                "xref": _xrefs(e, ident),
                "provided_by": MECHGRAPH,
                "iri": e.iri,
            }
        )
    return _table(NODE_COLUMNS, rows)


def predicate(st: Statement, obj: Entity) -> tuple[str, dict[str, str]]:
    """The Biolink predicate of a statement and its qualifiers."""
    if st.relation in CAUSAL:
        qualifiers = {
            "qualified_predicate": "biolink:causes",
            "object_direction_qualifier": "increased" if st.sign > 0 else "decreased",
        }
        if FUNCTIONS.get(obj.type, "a") in MOLECULAR and obj.type not in ("biomarker", "clinical_outcome"):
            qualifiers["object_aspect_qualifier"] = (
                "activity" if st.relation in ("activates", "inhibits") else "activity_or_abundance"
            )
        return "biolink:affects", qualifiers
    name = PREDICATES.get(st.relation, "related_to")
    if name == "biomarker_for" and CATEGORIES.get(obj.type) not in (
        "Disease",
        "PhenotypicFeature",
        "DiseaseOrPhenotypicFeature",
    ):
        name = "associated_with"  # Biolink's biomarker_for ranges over diseases and phenotypes
    if name == "physically_interacts_with" and st.direct:
        name = "directly_physically_interacts_with"
    return "biolink:" + name, {}


def _context_id(ids: dict[str, str], value: str) -> str:
    return ids.get(value, value)


def _publications(st: Statement) -> list[str]:
    out = []
    for ev in st.evidence:
        for ref in ev.dois:
            if "pubmed" in ref:
                out.append("PMID:" + ref.rstrip("/").rsplit("/", 1)[-1])
            elif ref.startswith("https://doi.org/"):
                out.append("doi:" + ref.removeprefix("https://doi.org/"))
        if ev.document and ev.document.startswith("doi:"):
            out.append(ev.document)
    return sorted(set(out))


def edge(k: Knowledge, st: Statement, ids: dict[str, str]) -> dict:
    obj = k.entities[st.object]
    pred, qualifiers = predicate(st, obj)
    ctx = st.context_dict
    curated = st.source == "curated"
    row: dict[str, object] = {
        "id": f"mechgraph:{st.id}",
        "subject": ids[st.subject],
        "predicate": pred,
        "object": ids[st.object],
        **qualifiers,
        "negated": st.negated,
        "knowledge_level": "logical_entailment" if st.inferred else "knowledge_assertion",
        "agent_type": "manual_agent" if curated else "not_provided",
        "primary_knowledge_source": MECHGRAPH if curated else INFORES.get(st.source, f"infores:{st.source}"),
        "aggregator_knowledge_source": None if curated else [MECHGRAPH],
        "publications": _publications(st),
        "mechgraph_relation": st.relation,
        "mechgraph_evidence_kinds": sorted({ev.kind for ev in st.evidence}),
        "mechgraph_quote": next((ev.quote for ev in st.evidence if ev.quote), None),
    }
    taxon = grounding.taxon(ctx["species"]) if "species" in ctx else None
    if taxon:
        row["species_context_qualifier"] = f"NCBITaxon:{taxon}"
    if "disease" in ctx:
        row["disease_context_qualifier"] = _context_id(ids, ctx["disease"])
    if "cell_type" in ctx:
        row["anatomical_context_qualifier"] = _context_id(ids, ctx["cell_type"])
    for key in ("timeframe", "model", "setting", "population"):
        row[f"mechgraph_{key}"] = ctx.get(key)
    for name in vocab.STATEMENT_ANNOTATIONS:
        row[f"mechgraph_{name}"] = getattr(st, name)
    for name in vocab.EVIDENCE_ANNOTATIONS:
        row[f"mechgraph_{name}"] = sorted({v for ev in st.evidence if (v := getattr(ev, name))})
    return row


def write_edges(k: Knowledge) -> str:
    ids = node_ids(k)
    rows = [edge(k, st, ids) for st in k.ordered() if st.subject in k.entities and st.object in k.entities]
    return _table(EDGE_COLUMNS, rows)
