"""The formats mechgraph reads and writes: names, file suffixes and media types, in one place.

``mechgraph build`` writes its exports through these writers, ``mechgraph export`` any of
them, ``mechgraph import`` reads the networks listed here into a store, and the CLI's
help lists them from here. Three kinds:

- ``network``: the statement contract out and in. A writer takes a ``model.Knowledge``
  (entities and statements; ``mechgraph.io.rdf_reader.read_knowledge`` reads one from any
  store) and returns text; a reader takes text and returns a ``Knowledge``.
- ``rdf``: RDF serialisations. A writer takes an rdflib ``Graph`` (``mechgraph.io.rdf``
  makes one of the curated knowledge); stores load these files by suffix.
- ``import``: public networks that ``mechgraph import`` streams into a store, each read
  by its importer (``mechgraph.importers``), with the data's licence to record.

Other packages add formats without touching mechgraph, as rdflib's plugins and PyBEL's
``io`` entry points do: an entry point in the group ``mechgraph.writers`` or
``mechgraph.readers`` names a ``Format``, or a function (a writer of a ``Knowledge``, or
a reader of text) that may carry ``suffixes``, ``media_type`` and ``title`` attributes.
A format whose third-party library is missing says which extra installs it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

NETWORK, RDF, IMPORT = "network", "rdf", "import"
WRITERS_GROUP, READERS_GROUP = "mechgraph.writers", "mechgraph.readers"


@dataclass(frozen=True)
class Format:
    name: str
    title: str
    suffixes: tuple[str, ...]  # the first is the one files are written with
    media_type: str
    kind: str = NETWORK
    write: str | Callable | None = None  # "module:function", or the function itself
    read: str | Callable | None = None
    requires: tuple[str, ...] = ()  # modules the format needs beyond the core install
    extra: str | None = None  # the install extra that brings them (mechgraph[EXTRA])
    aliases: tuple[str, ...] = ()
    license: str | None = None  # import: the data's terms, recorded with the source

    @property
    def suffix(self) -> str:
        return self.suffixes[0]

    def writer(self) -> Callable[[Any], str]:
        """The write function, once its libraries are known to be installed."""
        if self.write is None:
            raise KeyError(f"{self.name} is not written by mechgraph")
        return self._load(self.write)

    def reader(self) -> Callable:
        if self.read is None:
            raise KeyError(f"{self.name} is not read by mechgraph")
        return self._load(self.read)

    def _load(self, target: str | Callable) -> Callable:
        from mechgraph.extras import need

        for module in self.requires:
            need(module, self.extra, f"the {self.name} format")
        if callable(target):
            return target
        module, _, function = target.partition(":")
        return getattr(importlib.import_module(module), function)


_BUILTIN = (
    # RDF: the curated graph as triples
    Format(
        "turtle",
        "Turtle",
        (".ttl",),
        "text/turtle",
        RDF,
        write="mechgraph.io.serialize:to_turtle",
        aliases=("ttl",),
    ),
    Format(
        "ntriples",
        "N-Triples, one triple a line, sorted",
        (".nt",),
        "application/n-triples",
        RDF,
        write="mechgraph.io.serialize:to_ntriples",
        aliases=("nt",),
    ),
    Format(
        "jsonld",
        "JSON-LD, one node object per subject",
        (".jsonld",),
        "application/ld+json",
        RDF,
        write="mechgraph.io.serialize:to_jsonld",
    ),
    Format("nquads", "N-Quads", (".nq",), "application/n-quads", RDF),
    Format("trig", "TriG", (".trig",), "application/trig", RDF),
    Format("rdfxml", "RDF/XML", (".rdf", ".owl"), "application/rdf+xml", RDF),
    # networks: the statement contract out (and in)
    Format(
        "graphml",
        "GraphML (Cytoscape, Gephi, yEd): entities and statements with their attributes",
        (".graphml",),
        "application/graphml+xml",
        write="mechgraph.io.graphml:write",
        read="mechgraph.io.graphml:read",
    ),
    Format(
        "statements-tsv",
        "one row per statement: relation, sign, context, evidence",
        (".tsv",),
        "text/tab-separated-values",
        write="mechgraph.io.tables:write_statements",
        read="mechgraph.io.tables:read_statements",
        aliases=("edges-tsv",),
    ),
    Format(
        "entities-tsv",
        "one row per entity: label, type, synonyms, identifiers",
        (".tsv",),
        "text/tab-separated-values",
        write="mechgraph.io.tables:write_entities",
        read="mechgraph.io.tables:read_entities",
        aliases=("nodes-tsv",),
    ),
    Format(
        "sif",
        "SIF: source, interaction (1 / -1), target, one line per signed pair",
        (".sif",),
        "text/plain",
        write="mechgraph.io.sif:write",
        read="mechgraph.io.sif:read",
    ),
    Format(
        "nodelink",
        "node-link JSON (networkx, d3): each link a statement in the JSON of `paths --format json`",
        (".json",),
        "application/json",
        write="mechgraph.io.nodelink:write",
        read="mechgraph.io.nodelink:read",
    ),
    Format(
        "bel",
        "BEL script in HGNC, GO, ChEBI, MeSH, MONDO… namespaces: citation, "
        "evidence text and context annotations per piece of evidence",
        (".bel",),
        "text/plain",
        write="mechgraph.io.bel:write",
    ),
    Format(
        "indra",
        "INDRA Statements JSON: Activation, IncreaseAmount… with grounded "
        "agents, evidence, epistemics and context",
        (".indra.json", ".json"),
        "application/json",
        write="mechgraph.io.indra:write",
    ),
    Format(
        "causaltab",
        "causalTab (PSI-MITAB 2.8): signed causal statements with PSI-MI terms, identifiers and publications",
        (".txt", ".tsv", ".mitab"),
        "text/tab-separated-values",
        write="mechgraph.io.mitab:write",
        aliases=("mitab",),
    ),
    Format(
        "kgx-nodes",
        "KGX nodes TSV (Biolink Model): id, category, name, xref",
        (".nodes.tsv", ".tsv"),
        "text/tab-separated-values",
        write="mechgraph.io.kgx:write_nodes",
    ),
    Format(
        "kgx-edges",
        "KGX edges TSV (Biolink Model): predicate, qualifiers, knowledge source, publications, context",
        (".edges.tsv", ".tsv"),
        "text/tab-separated-values",
        write="mechgraph.io.kgx:write_edges",
    ),
    Format(
        "cytoscape-js",
        "Cytoscape.js JSON: elements and the HTML view's style",
        (".cyjs", ".json"),
        "application/json",
        write="mechgraph.io.cytoscape:write",
        aliases=("cyjs",),
    ),
    Format(
        "cx2",
        "CX2 for NDEx and Cytoscape, with the HTML view's visual style",
        (".cx2",),
        "application/json",
        write="mechgraph.io.cx2:write",
        requires=("ndex2",),
        extra="ndex",
    ),
    # public networks mechgraph import reads into a store
    Format(
        "signor",
        "SIGNOR all-data (26/28 columns), pathway export, causalTab, complex list",
        (".tsv", ".csv", ".txt"),
        "text/tab-separated-values",
        IMPORT,
        read="mechgraph.importers.signor:read",
        license="SIGNOR: CC-BY-NC-4.0 (as listed by Bioregistry; not stated by the export)",
    ),
    Format(
        "signor-pkn",
        "SIGNOR-derived prior-knowledge network (SignalingProfiler PKN_*)",
        (".tsv", ".txt"),
        "text/tab-separated-values",
        IMPORT,
        read="mechgraph.importers.signor_pkn:read",
        license="GPL-3.0 (SignalingProfiler); SIGNOR CC-BY-NC-4.0; PhosphoSitePlus CC-BY-NC-SA-3.0",
    ),
    Format(
        "sif",
        "signed edge list: source, interaction (1/-1), target",
        (".sif", ".txt", ".tsv"),
        "text/plain",
        IMPORT,
        read="mechgraph.importers.sif:read",
        license="GPL-3.0 (as distributed); the aggregated resources keep their own terms",
    ),
    Format(
        "regulons",
        "TF regulons: tf, target, mor (DoRothEA, CollecTRI)",
        (".tsv", ".tsv.gz", ".csv"),
        "text/tab-separated-values",
        IMPORT,
        read="mechgraph.importers.regulons:read",
        license="GPL-3.0; DoRothEA: academic use only",
    ),
)

_loaded: list[Format] | None = None


def formats() -> list[Format]:
    """Every format: the built-in ones, then those of installed plugins (entry points)."""
    global _loaded
    if _loaded is None:
        _loaded = [*_BUILTIN, *_plugins()]
    return _loaded


def _plugins() -> list[Format]:
    from importlib.metadata import entry_points

    found = []
    for group, slot in ((WRITERS_GROUP, "write"), (READERS_GROUP, "read")):
        for ep in sorted(entry_points(group=group), key=lambda ep: ep.name):
            try:
                obj = ep.load()
            except Exception:  # a broken plugin does not break mechgraph
                continue
            if isinstance(obj, Format):
                found.append(obj if obj.name == ep.name else replace(obj, name=ep.name))
            elif callable(obj):
                found.append(
                    Format(
                        ep.name,
                        getattr(obj, "title", ep.name),
                        tuple(getattr(obj, "suffixes", (f".{ep.name}",))),
                        getattr(obj, "media_type", "application/octet-stream"),
                        getattr(obj, "kind", NETWORK),
                        **{slot: obj},
                    )
                )
    return found


# SPARQL answers: the result formats of a SELECT or ASK (``table`` is the terminal's); a
# CONSTRUCT or DESCRIBE result is a graph, written in an RDF format (``rdf_names``)
SPARQL_RESULTS = ("table", "csv", "tsv", "json", "xml")


def rdf_names() -> tuple[str, ...]:
    """The names and aliases of mechgraph's RDF formats."""
    return tuple(n for f in builtin(RDF) for n in (f.name, *f.aliases))


def builtin(kind: str) -> list[Format]:
    """mechgraph's own formats of ``kind`` (no plugin: no entry point is scanned, which a
    command's start-up cannot afford)."""
    return [f for f in _BUILTIN if f.kind == kind]


def writers(kind: str = NETWORK) -> dict[str, Format]:
    """The formats written from ``kind`` input, by name."""
    return {f.name: f for f in formats() if f.kind == kind and f.write is not None}


def readers(kind: str = NETWORK) -> dict[str, Format]:
    return {f.name: f for f in formats() if f.kind == kind and f.read is not None}


def get(name: str, *, kind: str = NETWORK, write: bool = True) -> Format:
    """The format called ``name`` (or an alias) of ``kind``, that writes (or reads)."""
    table = writers(kind) if write else readers(kind)
    for f in table.values():
        if name == f.name or name in f.aliases:
            return f
    raise KeyError(name)


def names(kind: str = NETWORK, *, write: bool = True, aliases: bool = True) -> list[str]:
    """Names (and aliases) a command accepts: what its help and its checks list."""
    table = writers(kind) if write else readers(kind)
    out = [n for f in table.values() for n in ((f.name, *f.aliases) if aliases else (f.name,))]
    return list(dict.fromkeys(out))


def by_suffix(path: str, kind: str = RDF) -> Format | None:
    """The format a file's name says it holds (the longest suffix that matches)."""
    lower = path.lower()
    best = None
    for f in formats():
        if f.kind != kind:
            continue
        for s in f.suffixes:
            if lower.endswith(s) and (best is None or len(s) > best[0]):
                best = (len(s), f)
    return best[1] if best else None
