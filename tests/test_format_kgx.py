"""KGX nodes and edges TSV checked against the Biolink Model itself (biolink_model.yaml from
the biolink-model wheel, fetched once with ``pip download --no-deps``): every category a
Biolink class, every node id in a prefix the class accepts, every predicate a Biolink
predicate, every qualifier value in its enum. KGX's own validator is not used: ``pip install
kgx`` pins click below 8.2 (mechgraph's pin is 8.5) and brings neo4j, duckdb, pyarrow and
docker clients."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from conftest import wheel
from formats_data import collectri, shipped, signor

from mechgraph.io import kgx, registry

BIOLINK = "biolink-model==4.4.6"
NETWORKS = {"shipped": shipped, "signor": signor, "collectri": collectri}


@pytest.fixture(scope="module")
def model() -> dict:
    yaml = pytest.importorskip("yaml")
    with zipfile.ZipFile(wheel(BIOLINK)) as zf:
        doc = yaml.safe_load(zf.read("biolink_model/schema/biolink_model.yaml"))
        doc["prefix_map"] = json.loads(zf.read("biolink_model/prefixmaps/biolink-model-prefix-map.json"))
        return doc


def _camel(name: str) -> str:
    return "".join(w[0].upper() + w[1:] for w in name.split())


def _ancestors(table: dict, name: str) -> list[str]:
    out = []
    while name:
        out.append(name)
        name = table[name].get("is_a")
    return out


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


@pytest.mark.parametrize("network", ["shipped", "signor", "collectri"])
def test_nodes_and_edges_in_the_biolink_model(model, network):
    k = NETWORKS[network]()
    classes, slots, enums = model["classes"], model["slots"], model["enums"]
    by_camel = {_camel(c): c for c in classes}
    nodes = _rows(registry.get("kgx-nodes").writer()(k))
    edges = _rows(registry.get("kgx-edges").writer()(k))
    assert len(nodes) == len(k.entities) and len({n["id"] for n in nodes}) == len(nodes)
    for n in nodes:
        cls = by_camel[n["category"].removeprefix("biolink:")]
        assert not classes[cls].get("deprecated")
        prefix = n["id"].split(":", 1)[0]
        if prefix != "mechgraph":  # the documented local prefix of ungrounded entities
            # the class's own prefixes (or its nearest ancestor's); else Biolink's map
            accepted = next(
                (
                    classes[c]["id_prefixes"]
                    for c in _ancestors(classes, cls)
                    if classes[c].get("id_prefixes")
                ),
                model["prefix_map"],
            )
            assert prefix in accepted, (n["id"], cls)
    ids = {n["id"] for n in nodes}
    directions = set(enums["DirectionQualifierEnum"]["permissible_values"])
    aspects = set(enums["GeneOrGeneProductOrChemicalEntityAspectEnum"]["permissible_values"])
    levels = set(enums["KnowledgeLevelEnum"]["permissible_values"])
    agents = set(enums["AgentTypeEnum"]["permissible_values"])
    for column in edges[0]:
        assert (
            column.startswith("mechgraph_")
            or column in ("id", "subject", "object")
            or column.replace("_", " ") in slots
        ), column
    for e in edges:
        assert e["subject"] in ids and e["object"] in ids
        slot = e["predicate"].removeprefix("biolink:").replace("_", " ")
        assert "related to" in _ancestors(slots, slot) and not slots[slot].get("deprecated")
        if e["qualified_predicate"]:
            assert e["qualified_predicate"] == "biolink:causes"
            assert e["object_direction_qualifier"] in directions
        if e["object_aspect_qualifier"]:
            assert e["object_aspect_qualifier"] in aspects
        assert e["knowledge_level"] in levels and e["agent_type"] in agents
        assert e["negated"] in ("True", "False")
        for pub in filter(None, e["publications"].split("|")):
            assert pub.split(":", 1)[0] in ("PMID", "doi"), pub
        if e["species_context_qualifier"]:
            assert e["species_context_qualifier"].startswith("NCBITaxon:")


def test_signs_context_and_sources_read_back():
    k = signor()
    ids = kgx.node_ids(k)
    edges = _rows(kgx.write_edges(k))
    got = {
        (e["subject"], 1 if e["object_direction_qualifier"] == "increased" else -1, e["object"])
        for e in edges
        if e["qualified_predicate"] and e["negated"] == "False"
    }
    want = {
        (ids[st.subject], st.sign, ids[st.object])
        for st in k.statements
        if st.relation in kgx.CAUSAL and not st.negated
    }
    assert got == want
    rela = next(e for e in edges if e["subject"] == "UniProtKB:Q04206" and e["object"] == "UniProtKB:P08581")
    assert rela["primary_knowledge_source"] == "infores:signor"
    assert rela["aggregator_knowledge_source"] == "infores:mechgraph"
    assert rela["publications"] == "PMID:19530226"
    assert rela["species_context_qualifier"] == "NCBITaxon:10090"
    assert rela["mechgraph_mechanism"] == "transcriptional regulation" and not rela["mechgraph_residue"]
    prkcd = [e for e in edges if e["mechgraph_residue"] == "Ser318"]
    assert [e["mechgraph_mechanism"] for e in prkcd] == ["phosphorylation"]
    curated = [e for e in edges if e["primary_knowledge_source"] == "infores:mechgraph"]
    assert {e["mechgraph_timeframe"] for e in curated} >= {"short-term", "long-term"}
    assert any(e["anatomical_context_qualifier"] == "CL:0000092" for e in curated)
    assert any(e["negated"] == "True" for e in curated)  # denials are kept, marked


def test_deterministic():
    k = shipped()
    assert kgx.write_edges(k) == kgx.write_edges(k) and kgx.write_nodes(k) == kgx.write_nodes(k)
