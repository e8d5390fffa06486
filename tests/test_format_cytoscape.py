"""CX2 (through ndex2's CX2 API) and Cytoscape.js JSON (against the Cytoscape.js element
schema) with the HTML view's style, and classic SIF through mechgraph's own importer: on the
shipped graph, on SIGNOR records and on CollecTRI."""

from __future__ import annotations

import json
import re

import pytest
from formats_data import collectri, shipped, signed, signor

from mechgraph import style
from mechgraph.io import cytoscape, grounding, registry

# values the CX2 visual style specification allows (CX2 Visual Styles, 2.2.1, 2.3.5, 2.3.6)
CX2_NODE_SHAPES = {
    "ellipse",
    "triangle",
    "rectangle",
    "round-rectangle",
    "parallelogram",
    "diamond",
    "hexagon",
    "octagon",
    "vee",
}
CX2_LINE_STYLES = {"solid", "dotted", "dashed", "double"}
CX2_ARROWS = {"none", "triangle", "triangle-cross", "square", "diamond", "circle", "vee", "tee"}

NETWORKS = {"shipped": shipped, "signor": signor, "collectri": collectri}


def _cx2(k):
    pytest.importorskip("ndex2")
    from ndex2.cx2 import CX2Network

    net = CX2Network()
    net.create_from_raw_cx2(json.loads(registry.get("cx2").writer()(k)))
    return net


def _apply(mapping: dict, value, default):
    """A CX2 DISCRETE mapping applied to an attribute value, as a renderer applies it."""
    for entry in mapping["definition"]["map"]:
        if entry["v"] == value:
            return entry["vp"]
    return default


@pytest.mark.parametrize("network", ["shipped", "signor", "collectri"])
def test_cx2_read_back_by_ndex2_with_identifiers_and_style(network):
    k = NETWORKS[network]()
    net = _cx2(k)
    nodes = {nid: node["v"] for nid, node in net.get_nodes().items()}
    by_id = {v["mechgraph_id"]: v for v in nodes.values()}
    assert set(by_id) == set(k.entities)
    for eid, v in by_id.items():
        primary = grounding.primary(k.entities[eid])
        assert v["represents"] == (primary.curie if primary else k.entities[eid].iri)
    statements = {st.id: st for st in k.statements}
    got = set()
    vp = net.get_visual_properties()
    default, edge_map = vp["default"]["edge"], vp["edgeMapping"]
    for edge in net.get_edges().values():
        v = edge["v"]
        st = statements[v["statement"]]
        ends = (nodes[edge["s"]]["mechgraph_id"], nodes[edge["t"]]["mechgraph_id"])
        assert ends == (st.subject, st.object) and v["interaction"] == st.relation
        if v["sign"]:
            got.add((ends[0], v["sign"], ends[1]))
        # the style a renderer applies is the HTML view's
        colour = _apply(edge_map["EDGE_LINE_COLOR"], v["sign"], default["EDGE_LINE_COLOR"])
        assert colour == style.SIGN_COLOUR[st.sign]
        arrow = _apply(edge_map["EDGE_TARGET_ARROW_SHAPE"], v["sign"], default["EDGE_TARGET_ARROW_SHAPE"])
        assert arrow == {1: "triangle", -1: "tee", None: "vee"}[st.sign]
        line = _apply(edge_map["EDGE_LINE_STYLE"], v["line"], default["EDGE_LINE_STYLE"])
        assert line == ("dashed" if st.inferred else "dotted" if st.flags else "solid")
        opacity = _apply(edge_map["EDGE_OPACITY"], v["imported"], default["EDGE_OPACITY"])
        assert opacity == (style.IMPORTED_OPACITY if st.source != "curated" else 1.0)
    assert got == signed(k)


def test_cx2_style_uses_the_specifications_values():
    vp = _cx2(shipped()).get_visual_properties()
    shapes = {e["vp"] for e in vp["nodeMapping"]["NODE_SHAPE"]["definition"]["map"]}
    assert shapes | {vp["default"]["node"]["NODE_SHAPE"]} <= CX2_NODE_SHAPES
    lines = {e["vp"] for e in vp["edgeMapping"]["EDGE_LINE_STYLE"]["definition"]["map"]}
    assert lines == {"dashed", "dotted"} and lines <= CX2_LINE_STYLES
    arrows = {e["vp"] for e in vp["edgeMapping"]["EDGE_TARGET_ARROW_SHAPE"]["definition"]["map"]}
    assert arrows | {vp["default"]["edge"]["EDGE_TARGET_ARROW_SHAPE"]} <= CX2_ARROWS
    colours = {e["v"]: e["vp"] for e in vp["nodeMapping"]["NODE_BACKGROUND_COLOR"]["definition"]["map"]}
    assert colours["protein"] == style.TYPE_STYLE["protein"][1]
    # the shipped graph has curator inferences and flagged statements to dash and dot
    lined = {e["v"]["line"] for e in _cx2(shipped()).get_edges().values()}
    assert {"inferred", "flagged", "asserted"} <= lined


# The Cytoscape.js elements JSON (js.cytoscape.org, "Element JSON"), as a JSON Schema:
# every element has data.id (ids unique across nodes and edges); an edge data.source and
# data.target naming nodes; the stylesheet is a list of {selector, style}.
CYTOSCAPE_SCHEMA = {
    "type": "object",
    "required": ["elements", "style"],
    "properties": {
        "elements": {
            "type": "object",
            "required": ["nodes", "edges"],
            "properties": {
                "nodes": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["data"],
                        "properties": {
                            "data": {
                                "type": "object",
                                "required": ["id"],
                                "properties": {
                                    "id": {"type": "string", "minLength": 1},
                                    "parent": {"type": "string"},
                                },
                            }
                        },
                    },
                },
                "edges": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["data"],
                        "properties": {
                            "data": {
                                "type": "object",
                                "required": ["id", "source", "target"],
                                "properties": {
                                    "id": {"type": "string", "minLength": 1},
                                    "source": {"type": "string"},
                                    "target": {"type": "string"},
                                },
                            }
                        },
                    },
                },
            },
        },
        "style": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["selector", "style"],
                "additionalProperties": False,
                "properties": {"selector": {"type": "string"}, "style": {"type": "object"}},
            },
        },
    },
}
SELECTOR = re.compile(r'^(node|edge)(\[(\w+) (=|!=|>|<) ("[^"]*"|-?\d+)\])?$')
# Cytoscape.js style properties the stylesheet may use, with the values Cytoscape.js takes
CYTOSCAPE_VALUES = {
    "shape": {
        "ellipse",
        "triangle",
        "round-rectangle",
        "rectangle",
        "diamond",
        "hexagon",
        "star",
        "octagon",
        "vee",
    },
    "target-arrow-shape": {"triangle", "tee", "vee", "none", "circle", "square", "diamond"},
    "line-style": {"solid", "dotted", "dashed"},
    "curve-style": {"bezier", "straight", "haystack"},
}


@pytest.mark.parametrize("network", ["shipped", "signor", "collectri"])
def test_cytoscape_js_elements_and_style(network):
    jsonschema = pytest.importorskip("jsonschema")
    k = NETWORKS[network]()
    doc = json.loads(registry.get("cytoscape-js").writer()(k))
    jsonschema.validate(doc, CYTOSCAPE_SCHEMA)
    nodes = [n["data"] for n in doc["elements"]["nodes"]]
    edges = [e["data"] for e in doc["elements"]["edges"]]
    ids = [x["id"] for x in nodes + edges]
    assert len(ids) == len(set(ids))
    names = {n["id"] for n in nodes}
    assert all(e["source"] in names and e["target"] in names for e in edges)
    assert {(e["source"], e["sign"], e["target"]) for e in edges if e["sign"]} == signed(k)
    assert {n["id"]: n["represents"] for n in nodes} == {
        e.id: cytoscape.represents(e) for e in k.entities.values()
    }
    for rule in doc["style"]:
        assert SELECTOR.match(rule["selector"]), rule["selector"]
        for prop, value in rule["style"].items():
            if prop in CYTOSCAPE_VALUES:
                assert value in CYTOSCAPE_VALUES[prop], (prop, value)
            elif prop.endswith("color"):
                assert re.fullmatch(r"#[0-9a-f]{6}", value), (prop, value)
    rules = {r["selector"]: r["style"] for r in doc["style"]}
    assert rules["edge[sign = 1]"]["target-arrow-shape"] == "triangle"
    assert rules["edge[sign = -1]"]["target-arrow-shape"] == "tee"
    assert rules['edge[line = "inferred"]']["line-style"] == "dashed"
    assert rules['edge[line = "imported"]']["opacity"] == style.IMPORTED_OPACITY


@pytest.mark.parametrize("network", ["shipped", "signor", "collectri"])
def test_sif_without_header_through_the_importer(network, tmp_path):
    """Classic SIF: every line an edge (Cytoscape reads a header as one), read back by
    mechgraph's own SIF importer with the same signed pairs, by entity id."""
    from imported_items import Items

    from mechgraph.importers.common import TrackedFile
    from mechgraph.importers.sif import read

    k = NETWORKS[network]()
    text = registry.get("sif").writer()(k)
    lines = text.splitlines()
    assert all(len(line.split("\t")) == 3 and line.split("\t")[1] in ("1", "-1") for line in lines)
    path = tmp_path / "net.sif"
    path.write_text(text, encoding="utf-8")
    with TrackedFile(path) as tracked:
        items = Items(read(tracked, source="x"))
    assert not items.skips
    assert {(items.label(i.subject), i.sign, items.label(i.object)) for i in items.statements} == signed(k)


def test_deterministic():
    k = shipped()
    for fmt in ("cx2", "cytoscape-js", "sif"):
        assert registry.get(fmt).writer()(k) == registry.get(fmt).writer()(k)


CYTOSCAPE_JS = "cytoscape@3.35.0"


@pytest.fixture(scope="module")
def cytoscape_js() -> str:
    """Cytoscape.js itself (its npm package, fetched once with ``npm pack``); skipped where
    npm or the registry is not at hand: this check is optional."""
    import os
    import shutil
    import subprocess
    import tarfile
    from pathlib import Path

    cache = Path(os.environ.get("MECHGRAPH_TEST_CACHE", Path.home() / ".cache" / "mechgraph-tests"))
    script = cache / "cytoscape-3.35.0.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed")
        cache.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [npm, "pack", CYTOSCAPE_JS, "--silent"], cwd=cache, capture_output=True, text=True, timeout=300
        )
        tarball = cache / "cytoscape-3.35.0.tgz"
        if done.returncode or not tarball.exists():
            pytest.skip(f"{CYTOSCAPE_JS} not available: {done.stderr[-300:]}")
        with tarfile.open(tarball) as tar:
            member = tar.extractfile("package/dist/cytoscape.min.js")
            script.write_bytes(member.read())
    return script.read_text(encoding="utf-8")


LOAD = """doc => {
  const cy = cytoscape({container: document.getElementById('cy'), elements: doc.elements,
                        style: doc.style, layout: {name: 'grid'}});
  const edge = sel => cy.edges(sel).length ? cy.edges(sel)[0] : null;
  const css = (el, prop) => el ? el.style(prop) : null;
  return {nodes: cy.nodes().length, edges: cy.edges().length,
          up: [css(edge('[sign = 1]'), 'line-color'), css(edge('[sign = 1]'), 'target-arrow-shape')],
          down: [css(edge('[sign = -1]'), 'line-color'), css(edge('[sign = -1]'), 'target-arrow-shape')],
          inferred: css(edge('[line = "inferred"]'), 'line-style'),
          imported: css(edge('[line = "imported"]'), 'opacity'),
          protein: css(cy.nodes('[type = "protein"]')[0], 'background-color'),
          represents: cy.getElementById('PD-L1').data('represents')};
}"""


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r},{g},{b})"


def test_cytoscape_js_loads_it_in_chromium(cytoscape_js):
    """Cytoscape.js reads the elements and the stylesheet (no warning about an invalid style
    value) and draws them as the HTML view does."""
    from test_viz import CHROMIUM

    if not CHROMIUM:
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    k = signor()
    doc = json.loads(registry.get("cytoscape-js").writer()(k))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_context(offline=True).new_page()
        messages: list[str] = []
        page.on(
            "console",
            lambda m: messages.append(f"{m.type}: {m.text}") if m.type in ("warning", "error") else None,
        )
        page.on("pageerror", lambda e: messages.append(str(e)))
        page.set_content('<html><body><div id="cy" style="width:900px;height:700px"></div></body></html>')
        page.add_script_tag(content=cytoscape_js)
        got = page.evaluate(LOAD, doc)
        browser.close()
    assert messages == []
    assert got["nodes"] == len(k.entities) and got["edges"] == len(doc["elements"]["edges"])
    assert got["up"] == [_rgb(style.SIGN_COLOUR[1]), "triangle"]
    assert got["down"] == [_rgb(style.SIGN_COLOUR[-1]), "tee"]
    assert got["inferred"] == "dashed"
    assert float(got["imported"]) == style.IMPORTED_OPACITY
    assert got["protein"] == _rgb(style.TYPE_STYLE["protein"][1])
    assert got["represents"] == "hgnc:17635"
