"""The project's fixed vocabularies: relations and their signs, entity types, context keys.

Everything that maps a curated word to an IRI lives here, so the reader, the RDF
writer, the ontology and the network view agree by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

BASE = "https://w3id.org/mechgraph/"
MG = BASE + "ontology#"
ENTITY = BASE + "entity/"
STATEMENT = BASE + "statement/"
EVIDENCE = BASE + "evidence/"
QUANTITY = BASE + "quantity/"
ARM = BASE + "arm/"
DATASET = BASE + "dataset"
OBO = "http://purl.obolibrary.org/obo/"
DOI = "https://doi.org/"
BIOLINK = "https://w3id.org/biolink/vocab/"
HAS_MEMBER = OBO + "RO_0002351"
MEMBER_OF = OBO + "RO_0002350"

PREFIXES: dict[str, str] = {
    "mg": MG,
    "mge": ENTITY,
    "mgs": STATEMENT,
    "obo": OBO,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "biolink": "https://w3id.org/biolink/vocab/",
    "sh": "http://www.w3.org/ns/shacl#",
}


@dataclass(frozen=True)
class Relation:
    """A curated relation: its sign (None when unsigned) and the RDF predicates it maps to."""

    name: str
    sign: int | None
    predicate: str  # the plain triple's predicate
    direct_predicate: str | None = None  # used instead when the statement is direct
    causal: bool = True  # followed as a causal step by the path finder
    # predicates materialised beside the plain triple, so that a query in standard terms
    # alone finds the statement with its sign (RO's signed regulation for a drug's action
    # on its target, RO's "correlated with" and Biolink's signed correlations)
    also: tuple[str, ...] = ()
    inverse: str | None = None  # the inverse predicate, materialised object → subject


def _obo(term: str) -> str:
    return OBO + term


RELATIONS: dict[str, Relation] = {
    r.name: r
    for r in (
        Relation("increases", 1, _obo("RO_0002213"), _obo("RO_0002629")),
        Relation("decreases", -1, _obo("RO_0002212"), _obo("RO_0002630")),
        Relation("activates", 1, MG + "activates", also=(_obo("RO_0002213"),)),
        Relation("inhibits", -1, MG + "inhibits", also=(_obo("RO_0002212"),)),
        Relation(
            "positively_correlated_with",
            1,
            MG + "positivelyCorrelatedWith",
            causal=False,
            also=(_obo("RO_0002610"), BIOLINK + "positively_correlated_with"),
        ),
        Relation(
            "negatively_correlated_with",
            -1,
            MG + "negativelyCorrelatedWith",
            causal=False,
            also=(_obo("RO_0002610"), BIOLINK + "negatively_correlated_with"),
        ),
        Relation("targets", None, MG + "targets"),
        Relation("binds", None, _obo("RO_0002436")),
        Relation("treats", None, _obo("RO_0002606")),
        Relation("has_adverse_effect", None, MG + "hasAdverseEffect"),
        Relation("biomarker_for", None, MG + "biomarkerFor"),
        Relation("part_of", None, _obo("BFO_0000050"), inverse=_obo("BFO_0000051")),
        Relation("expressed_in", None, _obo("RO_0002206")),
        Relation("associated_with", None, _obo("RO_0002610")),
        Relation("combined_with", None, MG + "combinedWith"),
        Relation("evaluates", None, MG + "evaluates"),
    )
}

# signed relations the path finder follows as causal steps
CAUSAL_SIGNED = frozenset(r.name for r in RELATIONS.values() if r.causal and r.sign is not None)

RELATION_BY_PREDICATE: dict[str, Relation] = {}
for _r in RELATIONS.values():
    RELATION_BY_PREDICATE.setdefault(_r.predicate, _r)

# entity type → ontology class local name
ENTITY_TYPES: dict[str, str] = {
    "protein": "Protein",
    "gene": "Gene",
    "rna": "RNA",
    "complex": "Complex",
    "protein_family": "ProteinFamily",
    "pathway": "Pathway",
    "biological_process": "BiologicalProcess",
    "cell_type": "CellType",
    "anatomical_entity": "AnatomicalEntity",
    "phenotype": "Phenotype",
    "biomarker": "Biomarker",
    "clinical_outcome": "ClinicalOutcome",
    "chemical": "Chemical",
    "drug": "Drug",
    "drug_class": "DrugClass",
    "therapy": "Therapy",
    "clinical_trial": "ClinicalTrial",
    "disease": "Disease",
    "adverse_event": "AdverseEvent",
    "organism": "Organism",
}
TYPE_BY_CLASS = {v: k for k, v in ENTITY_TYPES.items()}

# entity types that stand on a mechanism chain: each needs an outgoing causal statement,
# or is a documented leaf (graph/review.yaml), so chains reach the outcome the text names
CHAIN_TYPES = frozenset({"biological_process", "phenotype", "cell_type", "pathway"})

# entity types that may list members
GROUPING_TYPES = frozenset({"drug_class", "protein_family", "complex", "therapy"})

TIMEFRAMES = ("short-term", "long-term")
MODELS = ("human clinical", "murine in vivo", "in vitro", "ex vivo", "preclinical")
SPECIES = ("human", "mouse")

# What a source gives and the curated vocabulary has no word for, on the model (INDRA's
# split: the modified residue belongs to the statement, the source's annotations to the
# evidence): the field → the mg: datatype property that stores it
STATEMENT_ANNOTATIONS: dict[str, str] = {"mechanism": "mechanism", "residue": "residue"}
EVIDENCE_ANNOTATIONS: dict[str, str] = {"confidence": "confidence", "evidence_lines": "evidenceLines"}

# context key → (RDF property local name, whether its value is an entity id)
CONTEXT_KEYS: dict[str, tuple[str, bool]] = {
    "timeframe": ("timeframe", False),
    "model": ("model", False),
    "setting": ("setting", False),
    "cell_type": ("cellType", True),
    "disease": ("disease", True),
    "population": ("population", False),
    "trial": ("trial", True),
    "species": ("species", False),
}

# how certain the text is of a claim, as it words it (INDRA's epistemics): "X increases Y"
# is asserted, "X may increase Y" hedged, "X is proposed to / we hypothesise" proposed,
# "X does not increase Y" negated
EPISTEMICS = ("asserted", "hedged", "proposed", "negated")

EVIDENCE_KINDS = ("clinical", "in_vivo", "in_vitro", "ex_vivo", "review", "curator_inference")
# strength for ranking: higher is stronger
EVIDENCE_STRENGTH = {
    "clinical": 5,
    "in_vivo": 4,
    "ex_vivo": 3,
    "in_vitro": 3,
    "review": 2,
    "database": 2,  # a record of an imported network; ties with review, ranked after curated
    "curator_inference": 1,
}

QUANTITY_TYPES = (
    "relative_change",
    "fold_change",
    "absolute",
    "hazard_ratio",
    "proportion",
    "correlation",
    "threshold",
    "count",
    "duration",
)

LOSS_OF_FUNCTION = ("knockout", "deficiency", "knockdown", "inhibition", "blockade")
GAIN_OF_FUNCTION = ("overexpression", "activation")

FLAGS = (
    "typo_in_source",
    "ambiguous",
    "contradicts_cited_reference",
    "citation_mismatch",
    "contradicts_other_statement",
    "reference_reused",
    "entity_mapping_uncertain",
)
