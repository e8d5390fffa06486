"""The network as a BEL script (checked by parsing it back with PyBEL).

Every entity is named in one namespace, ``MG``, by its mechgraph id, so the statements
come back exactly; the function follows the entity's type (``p()`` proteins, ``a()``
chemicals and drugs, ``complex()``, ``bp()`` processes and pathways, ``path()``
phenotypes and diseases). Signed statements become ``increases`` / ``decreases``
(``directlyIncreases`` / ``directlyDecreases`` when direct); unsigned ones
``regulates`` or ``association``. Each statement is preceded by its citation (PubMed or
DOI; the source dataset when it has none) and its evidence text.
"""

from __future__ import annotations

from mechgraph import __version__
from mechgraph.model import Knowledge

FUNCTIONS = {"protein": "p", "gene": "g", "rna": "r", "complex": "complex",
             "protein_family": "p", "chemical": "a", "drug": "a", "drug_class": "a",
             "biological_process": "bp", "pathway": "bp", "phenotype": "path",
             "disease": "path", "adverse_event": "path", "clinical_outcome": "path"}
RELATIONS = {("increases", False): "increases", ("increases", True): "directlyIncreases",
             ("decreases", False): "decreases", ("decreases", True): "directlyDecreases",
             ("activates", False): "increases", ("inhibits", False): "decreases"}
NAMESPACE = "MG"


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def term(k: Knowledge, node: str) -> str:
    e = k.entities.get(node)
    fn = FUNCTIONS.get(e.type if e else "", "a")
    return f"{fn}({NAMESPACE}:{_q(node)})"


def relation(relation: str, sign: int | None, direct: bool) -> str:
    if sign is None:
        return "regulates" if relation == "regulates" else "association"
    key = ("increases" if sign > 0 else "decreases", direct)
    return RELATIONS.get((relation, direct), RELATIONS[key])


def _citation(st) -> tuple[str, str]:
    for e in st.evidence:
        for ref in e.dois:
            if "pubmed" in ref:
                return "PubMed", ref.rstrip("/").rsplit("/", 1)[-1]
            if ref.startswith("https://doi.org/"):
                return "DOI", ref.removeprefix("https://doi.org/")
    source = st.evidence[0].provenance if st.evidence else st.source
    if source.startswith("doi:"):
        return "DOI", source.removeprefix("doi:")
    return "Other", f"mechgraph {st.source}: {source}"


def write(k: Knowledge) -> str:
    out = ['SET DOCUMENT Name = "mechgraph"', f'SET DOCUMENT Version = "{__version__}"',
           'SET DOCUMENT Description = "mechgraph statements (curated and imported)"',
           'SET DOCUMENT Authors = "mechgraph"', 'SET DOCUMENT ContactInfo = "mechgraph"',
           f'DEFINE NAMESPACE {NAMESPACE} AS PATTERN ".*"', ""]
    for st in k.ordered(asserted=True):
        db, ident = _citation(st)
        quote = next((e.quote for e in st.evidence if e.quote), None)
        evidence = quote or f"{st.relation} ({st.source} statement {st.id})"
        out.append(f"SET Citation = {{{_q(db)}, {_q(ident)}}}")
        out.append(f"SET Evidence = {_q(evidence)}")
        out.append(f"{term(k, st.subject)} {relation(st.relation, st.sign, st.direct)} "
                   f"{term(k, st.object)}")
        out.append("UNSET Evidence")
        out.append("UNSET Citation")
        out.append("")
    return "\n".join(out) + "\n"
