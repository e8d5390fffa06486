"""The curation rules that hold across the whole graph, as checks that report what breaks them.

- Connectivity: an entity on a mechanism chain (a process, phenotype, cell type or pathway
  that some causal statement reaches) has an outgoing causal statement, or is a documented
  leaf in graph/review.yaml.
- One node per concept: pairs of entities whose names look alike are merged, or kept apart
  with a reason in graph/review.yaml.
- Epistemic status: a quote whose wording carries a hedge, a proposal or a negation has its
  ``epistemics`` stated by the curator, not left to the default.
- Citations: the reference numbers of an evidence are cited in the quoted sentence, or, where
  that sentence cites nothing, by the next citation of its paragraph; a drug's action on its
  target carries no number that the seed gives for efficacy.

Each check is a function over plain data, so ``validate`` runs it on the curated files and
``stats`` on any store.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

from mechgraph import vocab
from mechgraph.model import Knowledge

# --- connectivity ------------------------------------------------------------------------


def dead_ends(
    types: Mapping[str, str], causal: Iterable[tuple[str, str]], leaves: Iterable[str] = ()
) -> list[str]:
    """Entities of a chain type that a causal statement reaches and none leaves, minus the
    documented leaves; ``causal`` holds the (subject, object) of every causal statement."""
    reached, leaving = set(), set()
    for subject, obj in causal:
        leaving.add(subject)
        reached.add(obj)
    done = set(leaves)
    return sorted(e for e in reached - leaving - done if types.get(e) in vocab.CHAIN_TYPES)


def knowledge_dead_ends(k: Knowledge, *, with_leaves: bool = True) -> list[str]:
    causal = [(s.subject, s.object) for s in k.statements if s.relation in vocab.CAUSAL_SIGNED]
    types = {e.id: e.type for e in k.entities.values()}
    return dead_ends(types, causal, k.leaves if with_leaves else ())


# --- near-duplicates ---------------------------------------------------------------------

_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "κ": "kappa", "μ": "mu"}
_TOKEN = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    {
        "the",
        "of",
        "and",
        "a",
        "an",
        "in",
        "to",
        "cell",
        "cells",
        "signalling",
        "signaling",
        "pathway",
        "axis",
        "by",
        "for",
        "with",
    }
)


def normalise_name(name: str) -> str:
    """Case, Greek letters, British/American spelling, punctuation and a plural -s ironed out:
    'Wnt/β-Catenin signalling' and 'wnt beta catenin signaling' compare equal."""
    text = unicodedata.normalize("NFKC", name).casefold()
    for greek, spelled in _GREEK.items():
        text = text.replace(greek, spelled)
    text = text.replace("tumour", "tumor").replace("signalling", "signaling")
    text = text.replace("haemat", "hemat").replace("leukaem", "leukem")
    words = _TOKEN.findall(text)
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def _tokens(name: str) -> frozenset[str]:
    return frozenset(w for w in normalise_name(name).split() if w not in _STOP)


# types whose entities may name one concept under two types (a drug class and the therapy
# with it; a process and the phenotype or measure that reads it)
_TYPE_FAMILY = {
    "drug": "agent",
    "drug_class": "agent",
    "therapy": "agent",
    "chemical": "agent",
    "biological_process": "process",
    "pathway": "process",
    "phenotype": "outcome",
    "biomarker": "outcome",
    "clinical_outcome": "outcome",
    "adverse_event": "outcome",
    "disease": "outcome",
    "protein": "molecule",
    "gene": "molecule",
    "protein_family": "molecule",
    "complex": "molecule",
}


@dataclass(frozen=True)
class SimilarPair:
    first: str
    second: str
    why: str  # "same name", "shared identifier", "similar label"
    detail: str


def near_duplicates(k: Knowledge) -> list[SimilarPair]:
    """Pairs of entities that may be one concept: a normalised name in common, an identifier
    in common, or labels sharing most of their words. Pairs kept apart in review.yaml are left
    out; what remains is the review list ``validate`` prints."""
    names: dict[str, set[str]] = {}
    for e in k.entities.values():
        for n in (e.label, *e.synonyms):
            names.setdefault(normalise_name(n), set()).add(e.id)
    found: dict[frozenset[str], SimilarPair] = {}

    def add(a: str, b: str, why: str, detail: str) -> None:
        key = frozenset((a, b))
        if a != b and key not in found and key not in k.distinct:
            first, second = sorted(key)
            found[key] = SimilarPair(first, second, why, detail)

    for norm, ids in sorted(names.items()):
        for a, b in combinations(sorted(ids), 2):
            add(a, b, "same name", norm)
    xrefs: dict[str, set[str]] = {}
    for e in k.entities.values():
        for x in e.xrefs:
            xrefs.setdefault(x.casefold(), set()).add(e.id)
    for x, ids in sorted(xrefs.items()):
        for a, b in combinations(sorted(ids), 2):
            add(a, b, "shared identifier", x)
    entities = sorted(k.entities.values(), key=lambda e: e.id)
    tokens = {e.id: [(n, _tokens(n)) for n in (e.label, *e.synonyms)] for e in entities}
    for a, b in combinations(entities, 2):
        if _TYPE_FAMILY.get(a.type, a.type) != _TYPE_FAMILY.get(b.type, b.type):
            continue
        for (na, ta), (nb, tb) in ((x, y) for x in tokens[a.id] for y in tokens[b.id]):
            if not ta or not tb:
                continue
            overlap = len(ta & tb) / len(ta | tb)
            if overlap >= 0.6 or (overlap >= 0.5 and (ta <= tb or tb <= ta)):
                add(a.id, b.id, "similar names", f"{na!r} / {nb!r}")
                break
    # a process named after a molecule's amount or activity ("IL-17A production", "NF-κB
    # activation") is that molecule: a gene node stands for the molecule, its amount and
    # its activity (graph/README.md, naming policy)
    molecules: dict[str, set[str]] = {}
    for e in entities:
        if _TYPE_FAMILY.get(e.type) == "molecule":
            for n in (e.label, *e.synonyms):
                molecules.setdefault(normalise_name(n), set()).add(e.id)
    for e in entities:
        if _TYPE_FAMILY.get(e.type) != "process":
            continue
        for n in (e.label, *e.synonyms):
            stem, _, last = normalise_name(n).rpartition(" ")
            if last in _OF_A_MOLECULE:
                for m in sorted(molecules.get(stem, ())):
                    add(e.id, m, "a molecule's activity", repr(n))
    return sorted(found.values(), key=lambda p: (p.first, p.second))


_OF_A_MOLECULE = frozenset({"activation", "activity", "production", "secretion", "level"})


# --- epistemic status --------------------------------------------------------------------

# cue → the status it suggests; matched as whole words in the quote
HEDGE_CUES: dict[str, str] = {
    "may": "hedged",
    "might": "hedged",
    "could": "hedged",
    "can": "hedged",
    "possibly": "hedged",
    "possible": "hedged",
    "possibility": "hedged",
    "potential": "hedged",
    "potentially": "hedged",
    "appears": "hedged",
    "suggest": "hedged",
    "suggests": "hedged",
    "suggesting": "hedged",
    "suggested": "hedged",
    "likely": "hedged",
    "proposed": "proposed",
    "propose": "proposed",
    "hypothesis": "proposed",
    "hypothesise": "proposed",
    "hypothesize": "proposed",
    "promise": "proposed",
    "promising": "proposed",
    "expected": "proposed",
    "anticipated": "proposed",
    "will": "proposed",
    "should": "proposed",
    "recommended": "proposed",
    "aims": "proposed",
    "being explored": "proposed",
    "exploring": "proposed",
    "not": "negated",
    "no": "negated",
    "rather than": "negated",
    "without": "negated",
}
_NOT_A_NEGATION = re.compile(r"\bnot only\b")


def hedge_cues(quote: str) -> list[str]:
    """The cue words of ``quote`` (a hedge, a proposal or a negation), in order of the list."""
    text = _NOT_A_NEGATION.sub(" ", quote.casefold())
    return [cue for cue in HEDGE_CUES if re.search(rf"\b{re.escape(cue)}\b", text)]


@dataclass(frozen=True)
class Undecided:
    statement: str  # "subject relation object"
    origin: str | None
    cues: tuple[str, ...]


def undecided_epistemics(k: Knowledge) -> list[Undecided]:
    """Evidence whose quote carries a cue but whose epistemic status the curator left to the
    default: each needs an explicit decision (``asserted`` included)."""
    out = []
    for st in k.statements:
        for ev in st.evidence:
            if ev.quote and not ev.epistemics_stated:
                cues = hedge_cues(ev.quote)
                if cues:
                    out.append(Undecided(f"{st.subject} {st.relation} {st.object}", ev.origin, tuple(cues)))
    return out


# --- citations ---------------------------------------------------------------------------

_CITATION = re.compile(r"\((\d+(?:\s*[-–]\s*\d+)?(?:\s*,\s*\d+(?:\s*[-–]\s*\d+)?)*)\)")
_SENTENCE_END = re.compile(r"[.?!](?=\s+[A-Z“\"(]|\s*$)|\n")
# drug–target facts: the seeds name a drug's target in passing, in a sentence that cites an
# efficacy or trial result; those numbers belong to the result, not to the target
TARGET_RELATIONS = frozenset({"inhibits", "activates", "targets", "binds"})
_EFFICACY = re.compile(
    r"\b(efficacy|survival|response|ORR|PFS|remission|improved|reshaped|"
    r"promise|trial|outcomes?)\b",
    re.IGNORECASE,
)


def cited_numbers(text: str) -> list[int]:
    """Reference numbers cited in ``text``, ranges written out: '(3–6, 9)' → 3, 4, 5, 6, 9."""
    out = []
    for group in _CITATION.findall(text):
        for part in group.split(","):
            bounds = re.split(r"\s*[-–]\s*", part.strip())
            start, end = int(bounds[0]), int(bounds[-1])
            if 0 <= end - start <= 50:  # wider: a year range or a figure, not a citation
                out.extend(range(start, end + 1))
    return out


@dataclass(frozen=True)
class CitationSpan:
    """Where a quote stands in its seed, and the citations the rule lets it carry."""

    sentence: str  # the whole sentence (or sentences) the quote stands in
    allowed: tuple[int, ...]
    borrowed: bool  # the sentence cites nothing: the next citation of the paragraph counts


def citation_span(quote: str, text: str) -> CitationSpan | None:
    """The citations that belong to ``quote`` in the (normalised) seed ``text``: those inside
    it and up to the end of its sentence; when that sentence cites nothing, the next
    citation of the same paragraph (the seeds cite some passages once, at their end)."""
    start = text.find(quote)
    if start < 0:
        return None
    end = start + len(quote)
    stop = _SENTENCE_END.search(text, max(start, end - 1))
    sentence_end = stop.start() + 1 if stop else len(text)
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    sentence = text[sentence_start:sentence_end].strip()
    own = cited_numbers(text[start:sentence_end])
    if own:
        return CitationSpan(sentence, tuple(own), False)
    paragraph_end = text.find("\n", sentence_end)
    rest = text[sentence_end : paragraph_end if paragraph_end >= 0 else len(text)]
    following = _CITATION.search(rest)
    borrowed = tuple(cited_numbers(following.group(0))) if following else ()
    return CitationSpan(sentence, borrowed, True)


@dataclass(frozen=True)
class CitationProblem:
    statement: str
    origin: str | None
    refs: tuple[int, ...]
    message: str


def citation_problems(k: Knowledge, texts: Mapping[str, str]) -> list[CitationProblem]:
    """Evidence citing a number its sentence does not give it, or a drug–target fact citing
    the number of an efficacy result. ``texts`` are the seed texts as the quote check reads
    them (paragraphs kept as lines)."""
    out = []
    for st in k.statements:
        for ev in st.evidence:
            if not ev.refs or not ev.quote or ev.source not in texts:
                continue
            name = f"{st.subject} {st.relation} {st.object}"
            span = citation_span(_flat(ev.quote), texts[ev.source])
            if span is None:
                continue
            stray = tuple(r for r in ev.refs if r not in span.allowed)
            if stray:
                where = "the next citation of its paragraph" if span.borrowed else "its sentence"
                out.append(
                    CitationProblem(
                        name,
                        ev.origin,
                        stray,
                        f"refs {list(stray)} are not cited by {where} (allowed: {list(span.allowed)})",
                    )
                )
            elif (
                st.relation in TARGET_RELATIONS
                and k.entities[st.subject].type in ("drug", "drug_class", "therapy")
                and _EFFICACY.search(span.sentence)
            ):
                out.append(
                    CitationProblem(
                        name,
                        ev.origin,
                        ev.refs,
                        "a drug–target fact cites the references of an "
                        "efficacy or trial result; drop the refs",
                    )
                )
    return out


def _flat(quote: str) -> str:
    from mechgraph.curation.quotes import normalise

    return normalise(quote)


def seed_paragraphs(raw: str) -> str:
    """A seed text normalised as the quote check does, but with its paragraphs kept as lines."""
    from mechgraph.curation.quotes import normalise

    return "\n".join(normalise(line) for line in raw.splitlines() if line.strip())


# --- the report --------------------------------------------------------------------------


@dataclass
class Review:
    dead_ends: list[str] = field(default_factory=list)
    near_duplicates: list[SimilarPair] = field(default_factory=list)
    undecided: list[Undecided] = field(default_factory=list)
    citations: list[CitationProblem] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.dead_ends or self.near_duplicates or self.undecided or self.citations)

    def lines(self, k: Knowledge) -> list[str]:
        """The review list ``validate`` and ``build`` print: one line per item to decide."""
        out = []
        for e in self.dead_ends:
            out.append(
                f"dead end: {e} ({k.entities[e].type}) has no outgoing causal "
                "statement; add one (quoted or a curator inference) or list it as a "
                "leaf in graph/review.yaml"
            )
        for p in self.near_duplicates:
            out.append(
                f"near-duplicate: {p.first} / {p.second} ({p.why}: {p.detail}); merge "
                "them or keep them apart in graph/review.yaml with a reason"
            )
        for u in self.undecided:
            out.append(
                f"{u.origin}: epistemics not stated for a quote with "
                f"{', '.join(repr(c) for c in u.cues)} ({u.statement})"
            )
        for c in self.citations:
            out.append(f"{c.origin}: citation: {c.message} ({c.statement})")
        return out


def review(k: Knowledge, texts: Mapping[str, str] | None = None) -> Review:
    """Every check over the curated knowledge; citations only when the seed texts are given."""
    return Review(
        dead_ends=knowledge_dead_ends(k),
        near_duplicates=near_duplicates(k),
        undecided=undecided_epistemics(k),
        citations=citation_problems(k, texts) if texts else [],
    )
