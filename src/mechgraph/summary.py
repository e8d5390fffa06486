"""Counts that tell a curator and a user what the graph holds and how well it is grounded."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from mechgraph import vocab
from mechgraph.store import Store, open_store

# entity types that ought to carry a standard identifier
GROUNDABLE = (
    "protein",
    "gene",
    "rna",
    "complex",
    "protein_family",
    "pathway",
    "biological_process",
    "cell_type",
    "anatomical_entity",
    "phenotype",
    "chemical",
    "drug",
    "disease",
    "adverse_event",
    "clinical_trial",
)


@dataclass
class Stats:
    triples: int
    entities: int
    statements: int
    evidence: int
    entities_by_type: dict[str, int]
    grounded_by_type: dict[str, int]
    statements_by_relation: dict[str, int]
    statements_by_seed: dict[str, int]
    evidence_by_kind: dict[str, int]
    flags: dict[str, int]
    ungrounded: list[tuple[str, str, str]]  # (id, label, type) of groundable types
    coverage: dict[str, dict[str, list[str]]]  # seed → section → statement ids
    # chain ends without an outgoing causal statement that are not documented leaves
    dead_ends: list[str] = field(default_factory=list)
    leaves: int = 0  # documented leaves (graph/review.yaml)
    evidence_by_epistemics: dict[str, int] = field(default_factory=dict)

    @property
    def grounded_share(self) -> float:
        total = sum(n for t, n in self.entities_by_type.items() if t in GROUNDABLE)
        grounded = sum(n for t, n in self.grounded_by_type.items() if t in GROUNDABLE)
        return grounded / total if total else 0.0


_ENTITIES = """
SELECT ?e ?label ?cls (COUNT(?x) AS ?xrefs) WHERE {
  ?e a ?cls ; rdfs:label ?label . FILTER(STRSTARTS(STR(?e), STR(mge:)))
  OPTIONAL { ?e mg:xref ?x }
} GROUP BY ?e ?label ?cls
"""
_STATEMENTS = """
SELECT ?st ?rel ?seed ?section ?kind WHERE {
  ?st a mg:Association ; mg:relation ?rel ; mg:hasEvidence ?ev .
  ?ev mg:evidenceKind ?kind ; dcterms:source/mg:seedId ?seed .
  OPTIONAL { ?ev mg:section ?section }
}
"""
_FLAGS = "SELECT ?st ?flag WHERE { ?st a mg:Association ; mg:flag ?flag }"
_CAUSAL = """
SELECT ?s ?o WHERE { ?st a mg:Association ; mg:causal true ; mg:sign ?sign ;
                         rdf:subject ?s ; rdf:object ?o }"""
_LEAVES = "SELECT ?e WHERE { ?e mg:leafReason ?reason }"
_EPISTEMICS = """
SELECT ?status (COUNT(?ev) AS ?n) WHERE {
  ?st a mg:Association ; mg:hasEvidence ?ev . ?ev mg:epistemicStatus ?status
} GROUP BY ?status"""


def stats(store: Store | None = None) -> Stats:
    store = store or open_store()
    by_type: Counter[str] = Counter()
    grounded: Counter[str] = Counter()
    ungrounded = []
    for row in store.select(_ENTITIES):
        local = str(row["cls"]).rsplit("#", 1)[-1]
        etype = vocab.TYPE_BY_CLASS.get(local)
        if etype is None:
            continue
        by_type[etype] += 1
        if row["xrefs"]:
            grounded[etype] += 1
        elif etype in GROUNDABLE:
            ungrounded.append((str(row["e"]).removeprefix(vocab.ENTITY), row["label"], etype))
    relations: dict[str, str] = {}
    seeds: dict[str, set[str]] = defaultdict(set)
    kinds: Counter[str] = Counter()
    coverage: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    evidence = 0
    for row in store.select(_STATEMENTS):
        sid = str(row["st"]).removeprefix(vocab.STATEMENT)
        relations[sid] = row["rel"]
        seeds[row["seed"]].add(sid)
        kinds[str(row["kind"]).rsplit("#", 1)[-1]] += 1
        evidence += 1
        if row["section"]:
            coverage[row["seed"]][row["section"]].add(sid)
    flags = Counter(str(r["flag"]).rsplit("#", 1)[-1] for r in store.select(_FLAGS))
    from mechgraph.curation.checks import dead_ends

    types = {
        str(row["e"]).removeprefix(vocab.ENTITY): vocab.TYPE_BY_CLASS.get(str(row["cls"]).rsplit("#", 1)[-1])
        for row in store.select(_ENTITIES)
    }
    causal = [
        (str(r["s"]).removeprefix(vocab.ENTITY), str(r["o"]).removeprefix(vocab.ENTITY))
        for r in store.select(_CAUSAL)
    ]
    leaves = [str(r["e"]).removeprefix(vocab.ENTITY) for r in store.select(_LEAVES)]
    epistemics = {str(r["status"]).rsplit("#", 1)[-1]: r["n"] for r in store.select(_EPISTEMICS)}
    return Stats(
        triples=len(store),
        entities=sum(by_type.values()),
        statements=len(relations),
        evidence=evidence,
        entities_by_type=dict(sorted(by_type.items())),
        grounded_by_type=dict(sorted(grounded.items())),
        statements_by_relation=dict(sorted(Counter(relations.values()).items())),
        statements_by_seed={s: len(ids) for s, ids in sorted(seeds.items())},
        evidence_by_kind=dict(sorted(kinds.items())),
        flags=dict(sorted(flags.items())),
        ungrounded=sorted(ungrounded, key=lambda x: (x[2], x[1].casefold())),
        coverage={
            seed: {sec: sorted(ids) for sec, ids in sorted(secs.items())}
            for seed, secs in sorted(coverage.items())
        },
        dead_ends=dead_ends(types, causal, leaves),
        leaves=len(leaves),
        evidence_by_epistemics=dict(sorted(epistemics.items())),
    )
