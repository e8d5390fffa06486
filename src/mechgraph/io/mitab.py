"""The causal statements as causalTab: PSI-MITAB 2.8, the 42 columns of MITAB 2.7 and the four
causal ones, as SIGNOR and IntAct publish causal interactions (``mechgraph import signor``
reads it back).

One line per asserted signed causal statement (``increases``, ``decreases``, ``activates``,
``inhibits``), no header line (a ``#`` header is allowed by the format, but mechgraph's
importer, like several readers, tells a causalTab file by its first line). Interactors are
named by a MITAB database: UniProt (``uniprotkb:P31749``) for proteins, then ChEBI
(``chebi:"CHEBI:46557"``), DrugBank, PubChem, SIGNOR, RNAcentral, then the ontologies
(``go:"GO:0045453"``, ``mondo:"MONDO:0009807"``, ``mesh:D010024``…), else the mechgraph id
(``mechgraph:"PD1-PDL1-inhibitor"``); every other identifier is an alternative id
(``hgnc:17635``), the HGNC symbol an alias (``hgnc:CD274(gene name)``) beside the label
(``psi-mi:"PD-L1"(display_short)``). PSI-MI terms: interaction type ``MI:2286`` functional
association; biological roles ``MI:2274`` regulator and ``MI:2275`` regulator target;
experimental roles ``MI:0499`` unspecified role; interactor types ``MI:0326`` protein,
``MI:0328`` small molecule, ``MI:0314`` complex, ``MI:0250`` gene, ``MI:0320`` ribonucleic
acid, ``MI:1307`` defined set (a family), ``MI:0329`` unknown participant (a process, a
phenotype…); detection method ``MI:0364`` inferred by curator for curated statements;
causal regulatory mechanism ``MI:2246`` indirect causal regulation for an indirect
statement; causal statement ``MI:2235`` up-regulates (of a process or phenotype),
``MI:2236`` up-regulates activity (a drug on its target), ``MI:2237`` up-regulates quantity
(of a molecule), and ``MI:2240`` / ``MI:2241`` / ``MI:2242`` down-regulates likewise.
Publications: the cited references' PubMed ids and DOIs, and the seed review's DOI;
taxa from the species context; the statement id (and an imported record's id) as
interaction identifiers; the source (curated or the imported one), context, evidence
kinds and the quote as interaction annotations.
A statement the text denies is left out: MITAB's ``negative`` column could say so, but
mechgraph's importer does not read it.
"""

from __future__ import annotations

import re

from mechgraph.io import grounding
from mechgraph.io.bel import FUNCTIONS, MOLECULAR
from mechgraph.model import Entity, Knowledge, Statement

# Bioregistry prefix → MITAB database name, in the order an interactor's id is chosen
DATABASES = {
    "uniprot": "uniprotkb",
    "chebi": "chebi",
    "drugbank": "drugbank",
    "pubchem.compound": "pubchem",
    "signor": "signor",
    "rnacentral": "rnacentral",
    "hgnc": "hgnc",
    "go": "go",
    "cl": "cl",
    "uberon": "uberon",
    "mondo": "mondo",
    "doid": "doid",
    "hp": "hp",
    "efo": "efo",
    "mesh": "mesh",
    "ncit": "ncit",
    "fplx": "fplx",
    "clinicaltrials": "clinicaltrials",
}
ID_ORDER = (
    "uniprot",
    "chebi",
    "drugbank",
    "pubchem.compound",
    "signor",
    "rnacentral",
    "go",
    "cl",
    "uberon",
    "mondo",
    "doid",
    "hp",
    "efo",
    "mesh",
    "fplx",
    "ncit",
    "clinicaltrials",
    "hgnc",
)
EMBEDDED = {"chebi", "go", "cl", "uberon", "mondo", "doid", "hp", "efo"}  # CHEBI:…, GO:…
INTERACTOR_TYPES = {
    "protein": ("MI:0326", "protein"),
    "gene": ("MI:0250", "gene"),
    "rna": ("MI:0320", "ribonucleic acid"),
    "complex": ("MI:0314", "complex"),
    "protein_family": ("MI:1307", "defined set"),
    "chemical": ("MI:0328", "small molecule"),
    "drug": ("MI:0328", "small molecule"),
}
UNKNOWN_PARTICIPANT = ("MI:0329", "unknown participant")
CAUSAL = {  # (sign, acts on) → PSI-MI causal statement
    (1, "process"): ("MI:2235", "up-regulates"),
    (-1, "process"): ("MI:2240", "down-regulates"),
    (1, "activity"): ("MI:2236", "up-regulates activity"),
    (-1, "activity"): ("MI:2241", "down-regulates activity"),
    (1, "quantity"): ("MI:2237", "up-regulates quantity"),
    (-1, "quantity"): ("MI:2242", "down-regulates quantity"),
}
FUNCTIONAL_ASSOCIATION = ("MI:2286", "functional association")
REGULATOR, TARGET = ("MI:2274", "regulator"), ("MI:2275", "regulator target")
UNSPECIFIED_ROLE = ("MI:0499", "unspecified role")
INFERRED_BY_CURATOR = ("MI:0364", "inferred by curator")
INDIRECT = ("MI:2246", "indirect causal regulation")
CAUSAL_RELATIONS = ("increases", "decreases", "activates", "inhibits")
COLUMNS = 46
_PLAIN = re.compile(r"^[A-Za-z0-9_.\-]+$")


def _value(text: str) -> str:
    """A MITAB field value: quoted unless plain; no tab, newline, ``|`` or ``"`` inside."""
    text = " ".join(text.replace("|", "/").replace('"', "'").split())
    return text if _PLAIN.match(text) else f'"{text}"'


def _cv(term: tuple[str, str]) -> str:
    return f'psi-mi:"{term[0]}"({term[1]})'


def _xref(prefix: str, local: str) -> str:
    db = DATABASES[prefix]
    ident = f"{prefix.upper()}:{local}" if prefix in EMBEDDED else local
    return f"{db}:{_value(ident)}"


def interactor_id(e: Entity) -> tuple[str, str | None]:
    """The interactor's MITAB id, and the Bioregistry CURIE it stands for (None for a
    mechgraph id)."""
    found = {g.prefix: g for g in grounding.identifiers(e)}
    for prefix in ID_ORDER:
        if prefix in found:
            g = found[prefix]
            return _xref(prefix, g.local), g.curie
    return f"mechgraph:{_value(e.id)}", None


def _alt_ids(e: Entity, primary: str) -> str:
    ids = [_xref(g.prefix, g.local) for g in grounding.identifiers(e) if g.prefix in DATABASES]
    ids = [i for i in dict.fromkeys(ids) if i != primary]
    return "|".join(ids) or "-"


def _aliases(e: Entity) -> str:
    out = [
        f"hgnc:{_value(g.name)}(gene name)"
        for g in grounding.identifiers(e)
        if g.prefix in ("hgnc", "hgnc.symbol") and g.name
    ]
    out.append(f"psi-mi:{_value(e.label)}(display_short)")
    return "|".join(dict.fromkeys(out))


def causal_statement(st: Statement, obj: Entity) -> tuple[str, str]:
    if st.relation in ("activates", "inhibits"):
        acts_on = "activity"
    elif FUNCTIONS.get(obj.type, "a") in MOLECULAR:
        acts_on = "quantity"
    else:
        acts_on = "process"
    return CAUSAL[(st.sign, acts_on)]


def _publications(st: Statement) -> str:
    refs = []
    for ev in st.evidence:
        for ref in ev.dois:
            if "pubmed" in ref:
                refs.append("pubmed:" + ref.rstrip("/").rsplit("/", 1)[-1])
            elif ref.startswith("https://doi.org/"):
                refs.append("doi:" + _value(ref.removeprefix("https://doi.org/")))
        if ev.document and ev.document.startswith("doi:"):
            refs.append("doi:" + _value(ev.document.removeprefix("doi:")))
    return "|".join(sorted(set(refs))) or "-"


def _taxon(st: Statement) -> str:
    species = st.context_dict.get("species")
    taxon = grounding.taxon(species) if species else None
    return f"taxid:{taxon}({species})" if taxon else "-"


def _annotations(k: Knowledge, st: Statement) -> str:
    notes = [f"comment:{_value(f'source: {st.source}')}"]
    notes += [f"comment:{_value(f'{key}: {_context_name(k, v)}')}" for key, v in st.context]
    kinds = sorted({ev.kind for ev in st.evidence})
    if kinds:
        notes.append(f"comment:{_value('evidence: ' + ', '.join(kinds))}")
    quote = next((ev.quote for ev in st.evidence if ev.quote), None)
    if quote:
        notes.append(f"comment:{_value(quote)}")
    return "|".join(notes)


def _context_name(k: Knowledge, value: str) -> str:
    return grounding.name(k.entities[value]) if value in k.entities else value


def line(k: Knowledge, st: Statement) -> str | None:
    """The causalTab line of a statement (None: not an asserted signed causal statement)."""
    subj, obj = k.entities.get(st.subject), k.entities.get(st.object)
    if subj is None or obj is None or st.relation not in CAUSAL_RELATIONS or st.negated:
        return None
    id_a, _ = interactor_id(subj)
    id_b, _ = interactor_id(obj)
    records = sorted({ev.record for ev in st.evidence if ev.record})
    # an imported record's own id first (SIGNOR's readers take the first as the record)
    interaction_ids = [
        f"signor:{_value(r)}" if r.upper().startswith("SIGNOR-") else f"{st.source}:{_value(r)}"
        for r in records
    ] + [f"mechgraph:{_value(st.id)}"]
    cells = ["-"] * COLUMNS
    cells[0], cells[1] = id_a, id_b
    cells[2], cells[3] = _alt_ids(subj, id_a), _alt_ids(obj, id_b)
    cells[4], cells[5] = _aliases(subj), _aliases(obj)
    cells[6] = _cv(INFERRED_BY_CURATOR) if st.source == "curated" else "-"
    cells[8] = _publications(st)
    cells[9] = cells[10] = _taxon(st)
    cells[11] = _cv(FUNCTIONAL_ASSOCIATION)
    cells[13] = "|".join(interaction_ids)
    cells[16], cells[17] = _cv(REGULATOR), _cv(TARGET)
    cells[18] = cells[19] = _cv(UNSPECIFIED_ROLE)
    cells[20] = _cv(INTERACTOR_TYPES.get(subj.type, UNKNOWN_PARTICIPANT))
    cells[21] = _cv(INTERACTOR_TYPES.get(obj.type, UNKNOWN_PARTICIPANT))
    cells[27] = _annotations(k, st)
    cells[35] = "false"
    cells[44] = "-" if st.direct else _cv(INDIRECT)
    cells[45] = _cv(causal_statement(st, obj))
    return "\t".join(cells)


def write(k: Knowledge) -> str:
    return "".join(text + "\n" for st in k.ordered() if (text := line(k, st)) is not None)
