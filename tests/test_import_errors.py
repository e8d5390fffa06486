"""Files an importer cannot read: one line naming the file and line, a non-zero exit, and
the store exactly as it was (an earlier import of the same source included)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_import_signor import external

from mechgraph.cli import cli


def _import(store: Path, fmt: str, path: Path, *extra: str):
    result = CliRunner().invoke(
        cli, ["import", fmt, str(path), "--store", f"oxigraph:{store}", "--quiet", "--no-prepare", *extra]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def _quads(store: Path) -> list[str]:
    import pyoxigraph as ox

    return sorted(str(q) for q in ox.Store.read_only(str(store)))


@pytest.fixture
def store(tmp_path) -> Path:
    """A store holding 200 OmniPath rows as source `sif`."""
    src = external("omnipath_signed_sif", "omnipath_carnival.tsv")
    rows = tmp_path / "omnipath-200.tsv"
    rows.write_text(
        "".join(src.read_text(encoding="utf-8").splitlines(keepends=True)[:201]), encoding="utf-8"
    )
    target = tmp_path / "store"
    result = _import(target, "sif", rows)
    assert result.exit_code == 0, result.output
    return target


def _refused(store: Path, fmt: str, path: Path, expected: str, *extra: str) -> str:
    before = _quads(store)
    result = _import(store, fmt, path, *extra)
    assert result.exit_code == 1, result.output
    (line,) = result.output.strip().splitlines()
    assert line.startswith("error: ") and expected in line, line
    assert _quads(store) == before
    return line


def test_binary_input_is_one_line_with_its_line(store, tmp_path):
    path = tmp_path / "picture.sif"
    path.write_bytes(b"A\t1\tB\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    _refused(store, "sif", path, "picture.sif:2: not UTF-8 text (byte 0x89 at column 1)")
    path.write_bytes(b"A\t1\tB\nC\t-1\tD\n\x00\x00\x00\x0cjP  \r\n")
    _refused(store, "sif", path, "picture.sif:3: binary data (a NUL byte)")


def test_non_utf8_input_names_line_and_byte(store, tmp_path):
    path = tmp_path / "latin1.tsv"
    path.write_bytes("tf\ttarget\tmor\nRUNX2\tSPP1\t1\nM\xfcller\tSPP1\t1\n".encode("latin-1"))
    _refused(store, "regulons", path, "latin1.tsv:3: not UTF-8 text (byte 0xfc at column 2)")


def test_a_field_over_the_csv_limit(store, tmp_path):
    sample = external("signor_samples", "indra_signor_test_data.csv")
    lines = sample.read_text(encoding="utf-8").splitlines(keepends=True)
    huge = lines[1].replace('"Together, these results', '"' + "x" * 200_000 + " Together", 1)
    path = tmp_path / "signor-huge.csv"
    path.write_text(lines[0] + lines[2] + huge, encoding="utf-8")
    _refused(
        store,
        "signor",
        path,
        "signor-huge.csv:3: a field is longer than 131,072 characters",
        "--source-name",
        "signor-x",
    )


def test_a_truncated_gzip_is_named_not_aborted(store, tmp_path):
    whole = external("dorothea", "dorothea_hs.tsv.gz").read_bytes()
    path = tmp_path / "cut.tsv.gz"
    path.write_bytes(whole[:200_000])
    line = _refused(store, "regulons", path, "cut.tsv.gz:", "--source-name", "cut")
    assert "damaged or cut short" in line and "abort" not in line.lower()


def test_a_damaged_gzip_stream(store, tmp_path):
    path = tmp_path / "bad.sif.gz"
    good = gzip.compress(b"A\t1\tB\n" * 1000)
    path.write_bytes(good[:40] + bytes(b ^ 0xFF for b in good[40:80]) + good[80:])
    _refused(store, "sif", path, "bad.sif.gz:", "--source-name", "bad")


def test_empty_input_never_replaces_an_earlier_import(store, tmp_path):
    """Defect 7: an empty file imported as `sif` replaced the source's 200 rows with nothing."""
    empty = tmp_path / "empty.sif"
    empty.write_bytes(b"")
    _refused(store, "sif", empty, "empty.sif: empty: no rows to import as sif")
    blank = tmp_path / "header-only.sif"
    blank.write_text("source\tinteraction\ttarget\n\n", encoding="utf-8")
    _refused(store, "sif", blank, "no rows to import as sif")


def test_no_recognisable_columns_is_an_error(store, tmp_path):
    path = tmp_path / "other.tsv"
    path.write_text("gene\tscore\nRUNX2\t0.5\n", encoding="utf-8")
    _refused(
        store,
        "regulons",
        path,
        "other.tsv:1: not a regulons file: missing columns tf, target, mor",
        "--source-name",
        "sif",
    )
    _refused(store, "signor-pkn", path, "other.tsv:1: not a signor-pkn file", "--source-name", "sif")


def test_every_row_skipped_is_an_error(store, tmp_path):
    path = tmp_path / "signs.sif"
    path.write_text("A\t1\tB\n" + "A\tmaybe\tB\n" * 3, encoding="utf-8")
    assert _import(store, "sif", path, "--source-name", "signs").exit_code == 0  # one edge
    path.write_text("tf\ttarget\tmor\nRUNX2\tSPP1\tx\nRUNX2\tIBSP\ty\n", encoding="utf-8")
    _refused(
        store,
        "regulons",
        path,
        "none of its 2 rows could be read as regulons (2 unknown sign (first: signs.sif:2 (x)))",
        "--source-name",
        "sif",
    )


def test_sif_refuses_a_markdown_file(store, tmp_path):
    path = tmp_path / "NOTES.md"
    path.write_text(
        "# Notes\n\nPD-1 blockade and bone: what we know.\n\n"
        "| a | b |\n|---|---|\n\nCD274 - PDCD1\nRUNX2 + SPP1\n",
        encoding="utf-8",
    )
    line = _refused(
        store, "sif", path, "NOTES.md:3: not a sif file: its first row is not `source interaction target`"
    )
    assert "wrong number of columns" in line


def test_utf16_is_named_as_such(store, tmp_path):
    path = tmp_path / "utf16.tsv"
    path.write_bytes("tf\ttarget\tmor\nRUNX2\tSPP1\t1\n".encode("utf-16"))
    _refused(store, "regulons", path, "utf16.tsv:1: UTF-16 text; convert the file to UTF-8")
