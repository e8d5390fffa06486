"""Property-based tests of every importer: random bytes, truncated files, wrong encodings,
huge fields and mangled rows give either statements or one MechgraphError naming the file
(never another exception, never a hang), and a failed import leaves the store as it was."""

from __future__ import annotations

import gzip
import importlib
import itertools
import os
import tempfile
from pathlib import Path

import pytest
from conftest import fuzz_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from mechgraph.errors import MechgraphError
from mechgraph.importers import FORMATS
from mechgraph.importers.common import TrackedFile

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "external"
DEEP = int(os.environ.get("MECHGRAPH_FUZZ_EXAMPLES", "0"))
FUZZ = fuzz_settings(120)  # MECHGRAPH_FUZZ_EXAMPLES=5000 explores further

# a few well-formed rows of each format, to mangle (the real files add their first rows)
SEEDS = {
    "signor": [
        "ENTITYA\tTYPEA\tIDA\tDATABASEA\tENTITYB\tTYPEB\tIDB\tDATABASEB\tEFFECT\tMECHANISM\tRESIDUE\t"
        "SEQUENCE\tTAX_ID\tCELL_DATA\tTISSUE_DATA\tMODULATOR_COMPLEX\tTARGET_COMPLEX\tMODIFICATIONA\t"
        "MODASEQ\tMODIFICATIONB\tMODBSEQ\tPMID\tDIRECT\tNOTES\tANNOTATOR\tSENTENCE\tSCORE\tSIGNOR_ID\n"
        "AKT1\tprotein\tP31749\tUNIPROT\tGSK3B\tprotein\tP49841\tUNIPROT\tdown-regulates activity\t"
        'phosphorylation\tSer9\t\t9606\t\t\t\t\t\t\t\t\t10567566\tYES\t\tx\t"AKT phosphorylates '
        'GSK3B"\t0.9\tSIGNOR-1\n',
        '"SIGNOR ID";"COMPLEX NAME";"LIST OF ENTITIES"\nSIGNOR-C1;NFY;"P23511,  P25208"\n',
    ],
    "signor-pkn": [
        "ENTITYA\tENTITYB\tINTERACTION\tIDA\tIDB\tMECHANISM\tRESIDUE\tSEQUENCE\tTYPEA\tDATABASEA\t"
        "TYPEB\tDATABASEB\tPHOSPHO_KEY_GN_SEQ\tSOURCE\tDIRECT\n"
        "ATM\tWRN\t1\tQ13315\tQ14191\tphosphorylation\tSer1141\tPEKAYSSSQPVISAQ\tprotein\tUNIPROT\t"
        "protein\tUNIPROT\tWRN-PEKAYSSSQPVISAQ\tSIGNOR\tTRUE\n",
    ],
    "sif": ["source\tinteraction\ttarget\nCALM3\t-1\tTRPC1\nCAV1\t1\tTRPC1\nA_B\t1\tMetab__HMDB1_c\n"],
    "regulons": [
        "tf\ttarget\tmor\tconfidence\tpubmed_id\nRUNX2\tSPP1\t1\tA\t123,456\n"
        "AP1\tMMP9\t-1\tB\t\nNKX2_5\tNPPA\t0\tC\tpubmed:1|imex:2\n"
    ],
}
REAL = {
    "signor": ["signor_samples/indra_signor_test_data.csv", "signor_samples/signor2gocam_SIGNOR-AC.tsv"],
    "signor-pkn": ["signor_pkn_signalingprofiler/PKN_human_ind.tsv"],
    "sif": ["omnipath_signed_sif/omnipath_carnival.tsv", "cosmos_meta_network/meta_network.tsv"],
    "regulons": ["dorothea/dorothea_hs.tsv.gz", "collectri_signalingprofiler/tfea_db_human_collectri.tsv"],
}


def _seeds(fmt: str) -> list[bytes]:
    out = [s.encode("utf-8") for s in SEEDS[fmt]]
    for rel in REAL[fmt]:
        path = EXTERNAL / rel
        if path.exists():  # the first rows of the real file
            with TrackedFile(path) as tracked:
                out.append("".join(itertools.islice(tracked.text, 40)).encode("utf-8"))
    return out


@st.composite
def hostile(draw, fmt: str) -> tuple[bytes, bool]:
    """(bytes of a file, whether to gzip them) made from a seed by one or more manglings."""
    seeds = _seeds(fmt)
    data = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 3))):
        how = draw(
            st.sampled_from(["bytes", "truncate", "flip", "huge", "encoding", "lines", "splice", "nul"])
        )
        if how == "bytes":
            data = draw(st.binary(max_size=3000))
        elif how == "truncate" and data:
            data = data[: draw(st.integers(0, len(data)))]
        elif how == "flip" and data:
            i = draw(st.integers(0, len(data) - 1))
            data = data[:i] + bytes([draw(st.integers(0, 255))]) + data[i + 1 :]
        elif how == "huge":
            cut = draw(st.integers(0, len(data)))
            filler = draw(st.sampled_from([b"x", b"\t", b";", b'"', b"\n", b"\xc3\xa9"]))
            data = data[:cut] + filler * draw(st.integers(1000, 300_000)) + data[cut:]
        elif how == "encoding":
            text = data.decode("utf-8", "replace") + "Müller β-catenin\n"
            data = text.encode(draw(st.sampled_from(["latin-1", "utf-16", "cp1252", "utf-8-sig"])), "replace")
        elif how == "lines":
            lines = data.split(b"\n")
            data = b"\n".join(draw(st.permutations(lines))[: draw(st.integers(0, len(lines)))])
        elif how == "splice":
            data = data + draw(st.text(alphabet="\t;\"',|#:-+10 \r\nAPQ_é", max_size=400)).encode()
        elif how == "nul":
            data = data.replace(b"\t", b"\x00", 1)
    return data, draw(st.booleans())


def _write(data: bytes, compress: bool, cut: int | None = None) -> Path:
    raw = gzip.compress(data) if compress else data
    if compress and cut is not None:
        raw = raw[: max(0, len(raw) - cut)]
    with tempfile.NamedTemporaryFile(delete=False, suffix=".gz" if compress else ".tsv") as handle:
        handle.write(raw)
    return Path(handle.name)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@FUZZ
@given(data=st.data())
def test_readers_never_raise_anything_but_a_clear_error(fmt, data):
    content, compress = data.draw(hostile(fmt))
    cut = data.draw(st.none() | st.integers(1, 64))
    path = _write(content, compress, cut)
    try:
        from mechgraph.importers.load import _read  # the csv errors, as the import reports them

        module = importlib.import_module(FORMATS[fmt].module)
        try:
            with TrackedFile(path) as tracked:
                for _ in _read(module.read(tracked, source="fuzz"), tracked):
                    pass
        except MechgraphError as exc:
            assert path.name in str(exc)
    finally:
        path.unlink()


@pytest.fixture(scope="module")
def base_store(tmp_path_factory):
    from mechgraph.importers.load import import_file

    store = tmp_path_factory.mktemp("fuzz") / "store"
    seed = _write(SEEDS["sif"][0].encode(), False)
    import_file("sif", seed, store, source="base")
    seed.unlink()
    return store


def _state(store: Path) -> tuple[str, int]:
    import pyoxigraph as ox

    return str(store.resolve()), len(ox.Store.read_only(str(store)))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@settings(FUZZ, max_examples=max(10, DEEP // 20))
@given(data=st.data())
def test_a_failed_import_leaves_the_store_as_it_was(fmt, data, base_store):
    from mechgraph.importers.load import import_file
    from mechgraph.store.disk import versions_dir

    content, compress = data.draw(hostile(fmt))
    path = _write(content, compress, data.draw(st.none() | st.integers(1, 64)))
    before = _state(base_store)
    try:
        import_file(fmt, path, base_store, source="base")
    except MechgraphError as exc:
        assert path.name in str(exc) or "skipped" in str(exc)
        assert _state(base_store) == before
    finally:
        path.unlink()
    assert not list(versions_dir(base_store).glob("staging-*"))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@settings(FUZZ, max_examples=max(40, DEEP // 5))
@given(data=st.data())
def test_what_the_writer_makes_of_any_input_is_valid_n_quads(fmt, data, base_store):
    """The import hands its N-Quads to Oxigraph's bulk loader leniently (without checking
    IRIs again): whatever the rows hold, every line the writer makes must parse strictly."""
    import pyoxigraph as ox

    from mechgraph.importers.common import ImportReport
    from mechgraph.importers.load import _generate
    from mechgraph.importers.quads import IdentifierIndex, QuadWriter

    content, compress = data.draw(hostile(fmt))
    path = _write(content, compress, data.draw(st.none() | st.integers(1, 64)))
    report = ImportReport("fuzz", path.name)
    writer = QuadWriter(IdentifierIndex(ox.Store.read_only(str(base_store))), "fuzz", report, False)
    module = importlib.import_module(FORMATS[fmt].module)
    text = []
    try:
        with TrackedFile(path) as tracked:
            for chunk in _generate(
                module.read(tracked, source="fuzz"), writer, report, False, tracked, None, fmt
            ):
                text.append(chunk)
    except MechgraphError:
        pass  # refused whole: nothing reaches the store
    finally:
        path.unlink()
    text += writer.describe(fmt, path, "0" * 64, "licence", None, None)
    quads = list(ox.parse("".join(text).encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == "".join(text).count("\n")
