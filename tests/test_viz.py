"""The HTML views in a real browser (Debian's Chromium driven by Playwright): offline, no
console errors, the data sets complete, something drawn, and injected markup inert."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import IN_CI, REPO

from mechgraph.viz import LARGE, View, precompute_layout, render
from mechgraph.viz.build import view_for

EXPORTS = REPO / "exports"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
XSS_IMG = '<img src=x onerror="window.__xss = (window.__xss || 0) + 1">'
XSS_SCRIPT = "<script>window.__xss = (window.__xss || 0) + 10</script>"


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if IN_CI:
            pytest.fail("playwright is not installed")
        pytest.skip("playwright is not installed")
    if not CHROMIUM:
        if IN_CI:
            pytest.fail("Debian's chromium is not installed")
        pytest.skip("chromium is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


def open_page(browser, path: Path):
    """Load a page offline; return it with its console errors and outgoing requests."""
    # bypass_csp: the page's own Content-Security-Policy would block script injection anyway;
    # switching it off shows that escaping alone keeps the payloads inert
    context = browser.new_context(bypass_csp=True, offline=True, viewport={"width": 1300, "height": 850})
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_function("window.mechgraphReady === true", timeout=120_000)
    return page, errors, [r for r in requests if not r.startswith("file:")]


def drawn_pixels(page) -> int:
    return page.evaluate("""() => {
        const c = document.querySelector('#graph canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240)) n++;
        return n;
    }""")


def page_data(html: str, name: str):
    block = re.search(rf'<script type="application/json" id="data-{name}">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


@pytest.mark.parametrize("name", ["mechgraph.html", "pd1-bone-explained.html"])
def test_exported_pages_have_no_cdn_and_hold_all_data(name):
    html = (EXPORTS / name).read_text(encoding="utf-8")
    assert not re.search(r"<(script|link)[^>]+(src|href)=", html)  # nothing loaded from anywhere
    assert not re.search(r"cdn\.|cdnjs|jsdelivr|unpkg", html)
    from mechgraph.store import open_store

    view = view_for(
        open_store(),
        explain=("PD-1/PD-L1 inhibitor", "bone mineral density") if "explained" in name else None,
    )
    assert len(page_data(html, "nodes")) == len(view.nodes) > 10
    assert len(page_data(html, "edges")) == len(view.edges) > 10


@pytest.mark.parametrize("name", ["mechgraph.html", "pd1-bone-explained.html"])
def test_exported_pages_open_offline_in_chromium(browser, name):
    page, errors, requests = open_page(browser, EXPORTS / name)
    html = (EXPORTS / name).read_text(encoding="utf-8")
    assert errors == [] and requests == []
    assert drawn_pixels(page) > 2000
    assert len(page.screenshot()) > 20_000
    # the whole graph opens on one box per module: opened all, they draw every entity and
    # every arrow of the page's data, and nothing else
    for module in page_data(html, "meta")["modules"]:
        page.evaluate(
            "id => void mechgraphNetwork.emit('click', {nodes: [id], edges: []})", f"module:{module['id']}"
        )
    drawn = page.evaluate(
        "[mechgraphNetwork.body.data.nodes.getIds(), mechgraphNetwork.body.data.edges.getIds()]"
    )
    assert sorted(drawn[0]) == sorted(n["id"] for n in page_data(html, "nodes"))
    assert sorted(drawn[1]) == sorted(e["id"] for e in page_data(html, "edges"))
    assert errors == []
    page.context.close()


def test_explained_page_legend_and_panel(browser):
    page, errors, _ = open_page(browser, EXPORTS / "pd1-bone-explained.html")
    legend = page.inner_text("#legend")
    assert "paths that increase bone mineral density" in legend
    assert "paths that decrease bone mineral density" in legend
    assert "not counted, or blocked by a co-therapy" in legend
    page.select_option("#find", "b0|JNK_pathway")
    panel = page.inner_text("#panel")
    assert panel.startswith("JNK signalling") and "arrows" in panel
    edge_id = page.evaluate("mechgraphNetwork.body.data.edges.getIds()[0]")
    page.evaluate("id => void mechgraphNetwork.emit('click', {nodes: [], edges: [id]})", edge_id)
    assert "Statement" in page.inner_text("#panel")
    # an arrow says what part it plays: here a step of a deciding path that lowers BMD
    details = page_data((EXPORTS / "pd1-bone-explained.html").read_text(encoding="utf-8"), "details")
    down = next(e["id"] for e in details["edges"].values() if e["role"] == "deciding" and e["net"] == -1)
    page.evaluate("id => void mechgraphNetwork.emit('click', {nodes: [], edges: [id]})", down)
    assert "on a deciding path, one of the paths that decrease bone mineral density" in page.inner_text(
        "#panel"
    )
    assert errors == []
    page.context.close()


def _label_boxes(page) -> list[dict]:
    """Every drawn node's bounding box in canvas coordinates."""
    return page.evaluate("""() => mechgraphNetwork.body.nodeIndices.map((id) => ({
        id: id, ...mechgraphNetwork.getBoundingBox(id)}))""")


def _overlaps(boxes) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a["left"] < b["right"]
                and b["left"] < a["right"]
                and a["top"] < b["bottom"]
                and b["top"] < a["bottom"]
            ):
                out.append((a["id"], b["id"]))
    return out


@pytest.mark.parametrize("target", ["bone resorption", "bone mineral density", "fracture risk"])
def test_explain_page_lays_paths_out_left_to_right_in_bands(browser, tmp_path, target):
    """Short-term band above long-term, each from the source on the left to the target on
    the right, titled with the verdict sentence; labels legible and not overlapping."""
    import mechgraph
    from mechgraph.store import open_store

    ex = mechgraph.explain("PD-1/PD-L1 inhibitor", target)
    view = view_for(open_store(), explain=("PD-1/PD-L1 inhibitor", target))
    path = tmp_path / "explain.html"
    path.write_text(render(view), encoding="utf-8")
    page, errors, requests = open_page(browser, path)
    assert errors == [] and requests == []
    assert page.inner_text("#title").endswith(ex.reason)
    meta = page_data(path.read_text(encoding="utf-8"), "meta")
    assert [b["value"] for b in meta["bands"]] == ["short-term", "long-term"]
    positions = page.evaluate("mechgraphNetwork.getPositions()")
    src, tgt = "PD1-PDL1-inhibitor", ex.target
    for band in ("b0", "b1"):
        assert positions[f"{band}|{src}"]["x"] < positions[f"{band}|{tgt}"]["x"]
        assert all(
            p["x"] <= positions[f"{band}|{tgt}"]["x"]
            for k, p in positions.items()
            if k.startswith(band + "|") and "|agent|" not in k
        )
    top = max(p["y"] for k, p in positions.items() if k.startswith("b0|"))
    assert all(p["y"] > top for k, p in positions.items() if k.startswith("b1|"))
    scale = page.evaluate("mechgraphNetwork.getScale()")
    assert scale * 20 >= 10  # entity labels at least 10 px on the screen
    assert _overlaps(_label_boxes(page)) == []
    shot = page.screenshot(path=str(tmp_path / "explain.png"))
    assert len(shot) > 20_000
    page.context.close()


def test_explain_page_dims_what_a_co_therapy_blocks(browser, tmp_path):
    view = view_for(
        __import__("mechgraph.store").store.open_store(),
        explain=("PD-1/PD-L1 inhibitor", "bone resorption"),
        cotherapy=["denosumab"],
    )
    blocked = [e for e in view.edges if e["role"] == "blocked"]
    assert blocked and all(e["dashes"] and e["opacity"] < 1 for e in blocked)
    assert any(
        e.get("label") == "✕ blocked" and e["to"].endswith("|RANKL") or e.get("label") == "✕ blocked"
        for e in blocked
    )
    agents = [n for n in view.nodes if n.get("agent")]
    assert agents and {n["entity"] for n in agents} == {"denosumab"}
    path = tmp_path / "blocked.html"
    path.write_text(render(view), encoding="utf-8")
    page, errors, _ = open_page(browser, path)
    drawn = page.evaluate("id => mechgraphNetwork.body.data.edges.get(id)", blocked[0]["id"])
    assert drawn["dashes"] == [4, 4] and drawn["color"]["opacity"] < 1
    assert errors == []
    page.context.close()


def test_the_whole_graph_opens_on_readable_modules(browser):
    page, errors, _ = open_page(browser, EXPORTS / "mechgraph.html")
    shown = page.evaluate("mechgraphNetwork.body.nodeIndices")
    assert all(n.startswith("module:") for n in shown) and 5 <= len(shown) <= 30
    meta = page_data((EXPORTS / "mechgraph.html").read_text(encoding="utf-8"), "meta")
    assert meta["mode"] == "overview" and sum(m["size"] for m in meta["modules"]) == len(
        page_data((EXPORTS / "mechgraph.html").read_text(encoding="utf-8"), "nodes")
    )
    scale = page.evaluate("mechgraphNetwork.getScale()")
    assert scale * meta["modules"][0]["font"] >= 11  # module names legible at first sight
    assert _overlaps(_label_boxes(page)) == []
    assert len(page.screenshot()) > 20_000
    # drill in: a click opens a module, whose entities are spread out and labelled
    page.evaluate("void mechgraphNetwork.emit('click', {nodes: ['module:0'], edges: []})")
    opened = [n for n in page.evaluate("mechgraphNetwork.body.nodeIndices") if not n.startswith("module:")]
    assert len(opened) == meta["modules"][0]["size"]
    assert page.evaluate("mechgraphNetwork.getScale()") * 14 >= 8
    assert _overlaps([b for b in _label_boxes(page) if b["id"] in opened]) == []
    # the search box opens the module of what it finds; "Overview" closes them again
    page.select_option("#find", "RUNX2")
    assert "RUNX2" in page.evaluate("mechgraphNetwork.body.nodeIndices")
    assert page.inner_text("#panel").startswith("RUNX2")
    page.click("#overview")
    assert all(n.startswith("module:") for n in page.evaluate("mechgraphNetwork.body.nodeIndices"))
    assert errors == []
    page.context.close()


def test_the_served_explain_page_opens_in_chromium(browser, tmp_path):
    """/explain?…&format=html gives the same page, titled with the same answer."""
    import mechgraph
    from mechgraph.server.explain import answer

    status, body, ctype = answer(
        None, {"source": ["PD-1/PD-L1 inhibitor"], "target": ["fracture risk"], "format": ["html"]}
    )
    assert status == 200 and ctype.startswith("text/html")
    path = tmp_path / "served.html"
    path.write_bytes(body)
    page, errors, requests = open_page(browser, path)
    ex = mechgraph.explain("PD-1/PD-L1 inhibitor", "fracture risk")
    assert page.inner_text("#title") == (
        f"What does PD-1/PD-L1 inhibitor do to fracture risk? {ex.verdict.upper()}: {ex.reason}"
    )
    assert errors == [] and requests == []
    page.context.close()


def _hostile_view() -> View:
    payload = f"PD-1 {XSS_IMG} {XSS_SCRIPT}"
    node = {
        "id": "x",
        "label": payload,
        "type": "protein",
        "shape": "ellipse",
        "color": "#9ecae1",
        "legend": "gene / protein",
        "title": payload,
        "identifiers": [{"curie": XSS_IMG, "iri": "javascript:window.__xss=100"}],
        "iri": "https://w3id.org/mechgraph/entity/x",
        "focus": False,
    }
    other = {**node, "id": "y", "label": "bone", "title": "bone", "identifiers": []}
    statement = {
        "id": "s1",
        "iri": "https://w3id.org/mechgraph/statement/s1",
        "relation": "increases",
        "sign": 1,
        "direct": False,
        "context": {"setting": XSS_SCRIPT},
        "flags": ["ambiguous"],
        "note": XSS_IMG,
        "inferred": False,
        "evidence": [
            {
                "kind": "review",
                "source": "doi:x",
                "quote": f"quote {XSS_IMG}",
                "refs": [1],
                "dois": ["javascript:window.__xss=1000"],
                "section": "3",
                "rationale": None,
                "quantities": [XSS_SCRIPT],
                "perturbation": None,
            }
        ],
    }
    edge = {
        "id": "x|increases|y",
        "from": "x",
        "to": "y",
        "sign": 1,
        "relation": "increases",
        "color": "#1a9641",
        "arrow": "arrow",
        "dashes": False,
        "width": 1.5,
        "inferred": False,
        "flagged": True,
        "title": payload,
        "statements": [statement],
    }
    return View(title=f"title {XSS_SCRIPT}", nodes=[node, other], edges=[edge], note=XSS_IMG)


@pytest.mark.parametrize("mode", ["graph", "explain"])
def test_injected_markup_stays_inert_and_literal(browser, tmp_path, mode):
    """Drawn by vis-network (graph) or by the explain page's own renderer: labels, tooltips,
    the panel, the title and the search box show hostile text as text."""
    view = _hostile_view()
    if mode == "explain":
        view.mode, view.layout_precomputed = "explain", True
        for i, n in enumerate(view.nodes):
            n["x"], n["y"] = 300.0 * i, 0.0
    path = tmp_path / "hostile.html"
    path.write_text(render(view), encoding="utf-8")
    raw = path.read_text(encoding="utf-8")
    assert "<img src=x" not in raw and "<script>window.__xss" not in raw
    # the explain page is drawn without vis-network
    assert ("visjs.github.io/vis-network" in raw) == (mode == "graph")
    page, errors, requests = open_page(browser, path)
    page.evaluate("mechgraphNetwork.emit('click', {nodes: ['x'], edges: []})")
    page.click("#panel ul a >> nth=1")  # the hostile identifier "link": must not navigate to js
    page.evaluate("mechgraphNetwork.emit('click', {nodes: [], edges: ['x|increases|y']})")
    page.hover("#graph")
    if mode == "explain":  # the tooltip of the hostile entity, over its shape
        at = page.evaluate("""() => {
            const p = mechgraphNetwork.canvasToDOM(mechgraphNetwork.getPositions().x);
            const r = document.querySelector('#graph').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y]; }""")
        page.mouse.move(*at)
        page.wait_for_function(
            "getComputedStyle(document.querySelector('.graph-tooltip')).visibility === 'visible'"
        )
        assert XSS_IMG in page.inner_text(".graph-tooltip")
    assert page.evaluate("window.__xss") is None
    assert page.locator("#panel img").count() == 0 and page.locator("#panel script").count() == 0
    assert page.locator("#graph img").count() == 0
    panel = page.inner_text("#panel")
    assert XSS_IMG in panel and XSS_SCRIPT in panel  # shown as text
    assert XSS_SCRIPT in page.inner_text("#title")
    assert XSS_IMG in page.evaluate("document.querySelector('#find option[value=x]').textContent")
    assert errors == [] and requests == []
    page.context.close()


def test_injected_markup_stays_inert_in_the_overview(browser, tmp_path):
    """Module names (made of entity labels) and the panel listing the arrows a line between
    two modules stands for show hostile labels as text."""
    from mechgraph.viz.overview import OVERVIEW_MIN, lay_out_modules

    base = _hostile_view()
    hostile = base.nodes[0]
    nodes = [
        {**hostile, "id": f"{c}{i}", "label": f"{XSS_IMG} {c}{i}"}
        for c in "abc"
        for i in range(OVERVIEW_MIN // 3 + 2)
    ]
    statement = base.edges[0]["statements"][0]
    edges = [
        {**base.edges[0], "id": f"{u}|increases|{v}", "from": u, "to": v, "statements": [statement]}
        for c in "abc"
        for i in range(OVERVIEW_MIN // 3 + 1)
        for u, v in [(f"{c}{i}", f"{c}{i + 1}"), (f"{c}{i}", f"{c}{i + 2}")]
        if v in {n["id"] for n in nodes}
    ]
    edges += [{**base.edges[0], "id": "a0|increases|b0", "from": "a0", "to": "b0", "statements": [statement]}]
    view = View(title=f"title {XSS_SCRIPT}", nodes=nodes, edges=edges)
    lay_out_modules(view)
    assert len(view.modules) >= 2
    path = tmp_path / "hostile-overview.html"
    path.write_text(render(view), encoding="utf-8")
    page, errors, requests = open_page(browser, path)
    lines = page.evaluate("mechgraphNetwork.body.data.edges.getIds()")
    assert lines and all(x.startswith("between|module:") for x in lines)
    page.evaluate("id => mechgraphNetwork.emit('click', {nodes: [], edges: [id]})", lines[0])
    assert XSS_IMG in page.inner_text("#panel h2")
    page.click("#panel ul a >> nth=0")  # an arrow it stands for, with its evidence
    assert XSS_IMG in page.inner_text("#panel")
    page.evaluate("void mechgraphNetwork.emit('click', {nodes: ['module:0'], edges: []})")
    page.hover("#graph")
    assert page.evaluate("window.__xss") is None
    assert page.locator("#panel img").count() == 0 and page.locator("#panel script").count() == 0
    assert errors == [] and requests == []
    page.context.close()


def test_large_graphs_are_laid_out_in_advance(browser, tmp_path):
    nodes = [
        {
            "id": f"n{i}",
            "label": f"node {i}",
            "type": "protein",
            "shape": "dot",
            "color": "#9ecae1",
            "legend": "gene / protein",
            "title": f"node {i}",
            "identifiers": [],
            "iri": f"https://w3id.org/mechgraph/entity/n{i}",
            "focus": False,
        }
        for i in range(LARGE + 50)
    ]
    edges = [
        {
            "id": f"n{i}|increases|n{i + 1}",
            "from": f"n{i}",
            "to": f"n{i + 1}",
            "sign": 1,
            "relation": "increases",
            "color": "#1a9641",
            "arrow": "arrow",
            "dashes": False,
            "width": 1,
            "inferred": False,
            "flagged": False,
            "title": "increases",
            "statements": [],
        }
        for i in range(LARGE + 49)
    ]
    view = View("large", nodes, edges)
    precompute_layout(view)
    path = tmp_path / "large.html"
    path.write_text(render(view), encoding="utf-8")
    options = page_data(path.read_text(encoding="utf-8"), "options")
    assert options["physics"]["enabled"] is False
    assert all("x" in n for n in page_data(path.read_text(encoding="utf-8"), "nodes"))
    page, errors, _ = open_page(browser, path)
    assert "--focus ENTITY --radius N" in page.inner_text("#note")
    assert errors == []
    page.context.close()


def test_viz_cli_focus_and_explain(tmp_path):
    from click.testing import CliRunner

    from mechgraph.cli import cli

    out = tmp_path / "runx2.html"
    result = CliRunner().invoke(cli, ["viz", "--focus", "RUNX2", "--radius", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    nodes = page_data(out.read_text(encoding="utf-8"), "nodes")
    assert "RUNX2" in {n["id"] for n in nodes} and 2 < len(nodes) < 40
    out2 = tmp_path / "ex.html"
    result = CliRunner().invoke(
        cli, ["viz", "--explain", "pembrolizumab", "fracture risk", "--with", "denosumab", "-o", str(out2)]
    )
    assert result.exit_code == 0 and "warning" not in result.output
    meta = page_data(out2.read_text(encoding="utf-8"), "meta")
    assert meta["mode"] == "explain" and meta["bands"]
    nodes = page_data(out2.read_text(encoding="utf-8"), "nodes")
    assert all(n["id"].split("|")[0] in {b["id"] for b in meta["bands"]} for n in nodes)


def test_imported_statements_are_marked(browser, tmp_path):
    """curated + CollecTRI rows about RUNX2: the imported arrows are separate from the
    curated ones, dash-dotted and paler, and name their source in the side panel."""
    from click.testing import CliRunner
    from test_import_signor import external

    from mechgraph.cli import cli
    from mechgraph.importers.load import import_file

    rows = external("collectri_signalingprofiler", "tfea_db_human_collectri.tsv")
    lines = rows.read_text(encoding="utf-8").splitlines()
    subset = tmp_path / "collectri-runx2.tsv"
    subset.write_text(
        "\n".join([lines[0]] + [x for x in lines[1:] if x.split("\t")[0] == "RUNX2"]) + "\n", encoding="utf-8"
    )
    store_dir = tmp_path / "store"
    import_file("regulons", subset, store_dir, source="collectri")
    out = tmp_path / "runx2-all.html"
    result = CliRunner().invoke(
        cli,
        ["--store", f"oxigraph:{store_dir}", "viz", "--focus", "RUNX2", "--source", "all", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    details = page_data(html, "details")
    imported = [e for e in details["edges"].values() if e["imported"]]
    curated = [e for e in details["edges"].values() if not e["imported"]]
    assert imported and curated
    assert all(st["source"] == "collectri" for e in imported for st in e["statements"])
    assert all(st["source"] == "curated" for e in curated for st in e["statements"])
    # CollecTRI's SPP1 is the curated osteopontin (merged by identifier), drawn as imported
    assert "RUNX2|increases|OPN|imported" in details["edges"]
    assert "RUNX2|increases|osteoblast_differentiation" in details["edges"]  # curated
    assert any(n["imported"] for n in details["nodes"].values())  # e.g. IBSP
    assert not details["nodes"]["RUNX2"]["imported"]
    page, errors, requests = open_page(browser, out)
    assert errors == [] and requests == []
    assert "imported network only" in page.inner_text("#legend")
    drawn = page.evaluate("id => mechgraphNetwork.body.data.edges.get(id)", imported[0]["id"])
    assert drawn["dashes"] == [12, 4, 2, 4] and drawn["color"]["opacity"] < 1
    page.evaluate("id => mechgraphNetwork.emit('click', {nodes: [], edges: [id]})", imported[0]["id"])
    assert "imported from collectri" in page.inner_text("#panel")
    page.context.close()
    # the curated view of the same store draws no imported arrow
    result = CliRunner().invoke(
        cli, ["--store", f"oxigraph:{store_dir}", "viz", "--focus", "RUNX2", "-o", str(out)]
    )
    assert not any(
        e["imported"] for e in page_data(out.read_text(encoding="utf-8"), "details")["edges"].values()
    )
