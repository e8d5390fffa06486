"""graph/ → validated RDF → store + exports/, all or nothing.

Every output is rendered in memory first; only when the whole graph has passed the
schema, the quote check and SHACL are the files replaced, each through a temporary
file and a rename, so a failed build leaves the previous exports and store intact.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from mechgraph.curation.checks import Review
from mechgraph.errors import MechgraphError
from mechgraph.model import Knowledge

# the exports and the formats they are written in (mechgraph.io.registry): the RDF of the
# curated graph, then tables of the same graph read back from it by the one RDF reader,
# through the writers `mechgraph export` uses; then the HTML views (mechgraph.viz.build)
RDF_EXPORTS = {"mechgraph.ttl": "turtle", "mechgraph.nt": "ntriples", "mechgraph.jsonld": "jsonld"}
NETWORK_EXPORTS = {
    "mechgraph.graphml": "graphml",
    "statements.tsv": "statements-tsv",
    "entities.tsv": "entities-tsv",
}
PAGES = ("mechgraph.html", "pd1-bone-explained.html")
EXPORT_NAMES = (*RDF_EXPORTS, *NETWORK_EXPORTS, *PAGES)


@dataclass
class BuildResult:
    knowledge: Knowledge
    outputs: dict[Path, str]
    triples: int
    written: list[Path] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    review: Review | None = None  # what the curation checks report (curation/checks.py)


@dataclass(frozen=True)
class Layout:
    """Where a checkout keeps its curated graph, ontologies, exports and store."""

    root: Path

    @property
    def graph(self) -> Path:
        return self.root / "graph"

    @property
    def ontologies(self) -> Path:
        return self.root / "ontologies"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def store(self) -> Path:
        return self.root / ".mechgraph" / "store"

    @property
    def shipped(self) -> Path:
        return self.root / "src" / "mechgraph" / "data" / "mechgraph.nt"

    @property
    def shipped_views(self) -> Path:
        from mechgraph.store.cache import PREPARED

        return self.shipped.with_name(PREPARED)

    @classmethod
    def find(cls, start: Path | None = None) -> Layout:
        """The nearest folder at or above ``start`` holding graph/sources.yaml."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "graph" / "sources.yaml").exists():
                return cls(folder)
        raise MechgraphError(
            f"no curated graph found at or above {here} (looked for graph/sources.yaml); "
            "run mechgraph build inside a mechgraph checkout or pass --root"
        )


def compile_graph(
    layout: Layout,
    *,
    seeds_dir: Path | None = None,
    verify_quotes: bool = True,
    shacl: bool = True,
    pages: bool = True,
) -> BuildResult:
    """Read, verify and render everything in memory; raise on the first failing stage.
    ``pages`` renders the HTML views too (they need the viz extra)."""
    from mechgraph.extras import need_extra

    need_extra("curate", "building or validating the curated graph")
    from mechgraph.curation.reader import read_graph_dir
    from mechgraph.io import registry
    from mechgraph.io.rdf import evidence_iri, knowledge_to_graph
    from mechgraph.io.rdf_reader import read_knowledge

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    knowledge = read_graph_dir(layout.graph)
    timings["read"] = time.perf_counter() - t0

    if verify_quotes:
        from mechgraph.curation.quotes import default_seeds_dir, load_seed_texts
        from mechgraph.curation.quotes import verify_quotes as check

        t = time.perf_counter()
        texts = load_seed_texts(knowledge, seeds_dir or default_seeds_dir(layout.graph))
        check(knowledge, texts)
        timings["quotes"] = time.perf_counter() - t
    from mechgraph.curation.checks import review, seed_paragraphs

    paragraphs = None
    if verify_quotes:
        seeds = seeds_dir or default_seeds_dir(layout.graph)
        paragraphs = {
            sid: seed_paragraphs((seeds / seed.file).read_text(encoding="utf-8"))
            for sid, seed in knowledge.seeds.items()
        }
    findings = review(knowledge, paragraphs)

    t = time.perf_counter()
    graph = knowledge_to_graph(knowledge)
    timings["rdf"] = time.perf_counter() - t

    if shacl:
        from mechgraph.curation.shacl import load_ontologies, validate_graph

        t = time.perf_counter()
        ontology, shapes = load_ontologies(layout.ontologies)
        origins = {s.iri: s.origin for s in knowledge.statements if s.origin}
        origins.update({e.iri: e.origin for e in knowledge.entities.values() if e.origin})
        origins.update(
            {evidence_iri(s, ev): ev.origin for s in knowledge.statements for ev in s.evidence if ev.origin}
        )
        validate_graph(graph, ontology, shapes, origins=origins)
        timings["shacl"] = time.perf_counter() - t

    t = time.perf_counter()
    outputs = {
        layout.exports / name: registry.get(fmt, kind=registry.RDF).writer()(graph)
        for name, fmt in RDF_EXPORTS.items()
    }
    nt = outputs[layout.exports / "mechgraph.nt"]
    outputs[layout.shipped] = nt
    from mechgraph.store import Store, _load_text

    built = Store(_load_text(nt), "built graph")
    for name, text in _prepared_views(built, nt).items():
        outputs[layout.shipped_views / f"{name}.json"] = text
    read_back = read_knowledge(built)
    for name, fmt in NETWORK_EXPORTS.items():
        outputs[layout.exports / name] = registry.get(fmt).writer()(read_back)
    if pages:
        from mechgraph.viz.build import exported_pages

        found = exported_pages(built)
        outputs.update({layout.exports / name: found[name] for name in PAGES if name in found})
    readme = layout.graph / "README.md"
    if readme.exists():
        from mechgraph.io.coverage import with_coverage

        outputs[readme] = with_coverage(readme.read_text(encoding="utf-8"), knowledge)
    timings["render"] = time.perf_counter() - t
    return BuildResult(knowledge, outputs, len(graph), timings=timings, review=findings)


def _prepared_views(built, nt: str) -> dict[str, str]:
    """The views every reading command needs, prepared with the shipped graph (see
    mechgraph.store.cache): its network, its entity names and what ``show`` gives of each
    entity (mechgraph.entity_details)."""
    from mechgraph.entity_details import VIEW, prepared_entity_details
    from mechgraph.lookup import prepared_name_forms, prepared_names
    from mechgraph.reasoning.network import prepared_network
    from mechgraph.store.cache import prepared_text

    return {
        "network-curated": prepared_text(prepared_network(built), nt),
        "names-curated": prepared_text(prepared_names(built), nt),
        "name-forms-curated": prepared_text(prepared_name_forms(built), nt),
        f"{VIEW}-curated": prepared_text(prepared_entity_details(built), nt),
    }


def stale_outputs(result: BuildResult) -> list[Path]:
    stale = []
    for path, text in result.outputs.items():
        try:
            current = path.read_bytes()
        except OSError:
            stale.append(path)
            continue
        if current != text.encode("utf-8"):
            stale.append(path)
    return stale


def build(
    root: Path | str | None = None,
    *,
    seeds_dir: Path | None = None,
    verify_quotes: bool = True,
    check: bool = False,
    store_dir: Path | None = None,
    write_store: bool = True,
) -> BuildResult:
    """Build the curated graph; with ``check``, write nothing and report stale outputs."""
    from mechgraph.extras import need_extra

    need_extra("curate", "viz", "mechgraph build")
    layout = Layout(Path(root)) if root else Layout.find()
    result = compile_graph(layout, seeds_dir=seeds_dir, verify_quotes=verify_quotes)
    result.stale = stale_outputs(result)
    if check:
        return result
    t = time.perf_counter()
    for path in result.stale:
        _atomic_write(path, result.outputs[path])
        result.written.append(path)
    if write_store:
        from mechgraph.store import write_oxigraph

        target = store_dir or layout.store
        marker = target.with_name(target.name + ".sha256")
        digest = _digest(result.outputs[layout.shipped])
        if not (marker.exists() and marker.read_text() == digest):
            write_oxigraph(result.outputs[layout.shipped], target)  # writes the marker
            result.written.append(target)
    result.timings["write"] = time.perf_counter() - t
    return result


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
