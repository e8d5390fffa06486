// mechgraph HTML view, drawn by vis-network or, for the explain page, by lite.js (the same
// API). Every string from the graph reaches the page through textContent, canvas text or
// plain-text tooltips, never as markup.
(function () {
  "use strict";
  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const all = {nodes: read("data-nodes"), edges: read("data-edges")};
  const options = read("data-options");
  const legend = read("data-legend");
  const meta = read("data-meta");
  // the evidence behind nodes and arrows is read on the first click, not at load
  let detailsRead = null;
  const details = () => detailsRead || (detailsRead = read("data-details"));

  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  };
  const safeUrl = (url) => /^https?:\/\//.test(url || "") ? url : null;
  const link = (text, url) => {
    const href = safeUrl(url);
    if (!href) return el("span", text);
    const a = el("a", text);
    a.href = href; a.target = "_blank"; a.rel = "noopener noreferrer";
    return a;
  };

  document.title = meta.title;
  document.getElementById("title").textContent = meta.title;
  const note = [];
  if (meta.note) note.push(meta.note);
  note.push(meta.counts.nodes + " entities, " + meta.counts.edges + " arrows");
  if (meta.large) note.push("a large graph (over " + meta.threshold + " entities): laid out in " +
    "advance with physics off; use `mechgraph viz --focus ENTITY --radius N` for a readable view");
  document.getElementById("note").textContent = note.join(" · ");

  // legend (before the graph, whose size depends on it)
  const key = document.getElementById("legend");
  const item = (swatch, text) => {
    const span = el("span", null, "item");
    span.append(swatch, el("span", text));
    key.append(span);
  };
  for (const t of legend.types) {
    const s = el("span", null, "swatch");
    s.style.background = t.color;
    if (t.shape === "dot" || t.shape === "ellipse") s.style.borderRadius = "50%";
    item(s, t.name);
  }
  if (legend.groups.length) {
    for (const g of legend.groups) {
      const s = el("span", null, "line");
      s.style.borderColor = g.color;
      item(s, g.paths ? g.name + " (" + g.paths + " paths)" : g.name);
    }
    item(el("span", "▶"), "arrow end: increases");
    item(el("span", "┤"), "bar end: decreases");
  } else {
    for (const s of legend.signs) {
      const line = el("span", null, "line");
      line.style.borderColor = s.color;
      item(line, s.name);
    }
  }
  const dashed = el("span", null, "line dashed");
  dashed.style.borderColor = "#444";
  item(dashed, "curator inference");
  const dotted = el("span", null, "line dotted");
  dotted.style.borderColor = "#444";
  item(dotted, "flagged statement");
  if (legend.imported) {
    item(el("span", null, "line dashdot"), "imported network only (paler; source in the panel)");
    const border = el("span", null, "swatch");
    border.style.borderStyle = "dashed";
    item(border, "entity named by an imported network only");
  }

  // overview: the whole graph opens on its modules, one labelled box each, with a line
  // between two boxes standing for the arrows between their entities; a click opens a box
  // into its entities, laid out in advance around its place
  const boxes = new Map(meta.modules.map((m) => ["module:" + m.id, m]));
  const moduleOf = new Map();
  for (const n of all.nodes) if (n.module !== undefined) moduleOf.set(n.id, n.module);
  const opened = new Set();
  const shownAs = (id) => {  // the entity itself, or the box of its closed module
    const m = moduleOf.get(id);
    return m === undefined || opened.has(m) ? id : "module:" + m;
  };
  const box = (m) => ({
    id: "module:" + m.id, label: m.label + "\n" + m.size + " entities", shape: "box",
    title: m.size + " entities: click to open", margin: 16,
    font: {size: m.font, face: "system-ui, sans-serif"},
    color: {background: m.color, border: "#777"}, borderWidth: 1,
    widthConstraint: {maximum: m.width}, x: m.x, y: m.y, physics: false});
  const between = new Map();  // line id → the arrows it stands for
  function drawn() {
    const ns = [];
    for (const m of meta.modules) if (!opened.has(m.id)) ns.push(box(m));
    for (const n of all.nodes) if (shownAs(n.id) === n.id) ns.push(n);
    const es = [];
    between.clear();
    for (const e of all.edges) {
      const a = shownAs(e.from), b = shownAs(e.to);
      if (a === e.from && b === e.to) { es.push(e); continue; }
      if (a === b) continue;  // inside a closed module
      const [u, v] = a < b ? [a, b] : [b, a];
      const id = "between|" + u + "|" + v;
      if (!between.has(id)) between.set(id, {from: u, to: v, arrows: []});
      between.get(id).arrows.push(e.id);
    }
    for (const [id, g] of between) {
      const n = g.arrows.length;
      es.push({id: id, from: g.from, to: g.to, color: {color: "#8c8c8c", opacity: 0.7},
        width: Math.min(1 + Math.log2(n), 6), title: n + (n > 1 ? " arrows" : " arrow") +
        " between these (click to list them)", arrows: {to: {enabled: false}}});
    }
    return {nodes: ns, edges: es};
  }
  const first = drawn();
  const nodes = new vis.DataSet(first.nodes);
  const edges = new vis.DataSet(first.edges);
  function sync() {  // the data sets follow the modules opened
    const want = drawn();
    const keepNodes = new Set(want.nodes.map((n) => n.id));
    const keepEdges = new Set(want.edges.map((e) => e.id));
    edges.remove(edges.getIds().filter((id) => !keepEdges.has(id)));
    nodes.remove(nodes.getIds().filter((id) => !keepNodes.has(id)));
    nodes.add(want.nodes.filter((n) => nodes.get(n.id) === null));
    edges.update(want.edges.filter((e) => between.has(e.id) || edges.get(e.id) === null));
  }

  const container = document.getElementById("graph");
  const network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  window.mechgraphNetwork = network;
  window.mechgraphReady = false;
  // explain page: one band per stratum, drawn behind the paths, titled with its verdict;
  // the rows are laid out for one line of title, and the band reaches up a line for each
  // further line (at most three: the page's own title holds the whole answer)
  const TITLE_FONT = "bold 19px system-ui, sans-serif", TITLE_LINE = 23, TITLE_LINES = 3;
  const measure = document.createElement("canvas").getContext("2d");
  measure.font = TITLE_FONT;
  const titleLines = (band) => {
    const lines = [];
    let line = "";
    for (const word of band.title.split(" ")) {
      const next = line ? line + " " + word : word;
      if (measure.measureText(next).width > band.width - 10 && line) {
        lines.push(line); line = word;
      } else line = next;
    }
    if (line) lines.push(line);
    if (lines.length > TITLE_LINES) lines.splice(TITLE_LINES - 1, Infinity, lines[TITLE_LINES - 1] + " …");
    return lines;
  };
  const bands = meta.bands.map((band) => {
    const lines = titleLines(band), raise = TITLE_LINE * (lines.length - 1);
    return {band: band, lines: lines, box: {left: -95, right: band.width - 85,
      top: band.top - raise, bottom: band.top + band.height + 40}};
  });
  if (meta.mode === "explain") {
    network.on("beforeDrawing", (ctx) => {
      for (const {band, lines, box} of bands) {
        ctx.fillStyle = band.verdict === "decreases" ? "#fdf1e7" : band.verdict === "increases"
          ? "#eaf2f9" : "#f4f4f4";
        ctx.fillRect(box.left, box.top, box.right - box.left, box.bottom - box.top);
        ctx.fillStyle = "#222";
        ctx.font = TITLE_FONT;
        lines.forEach((l, i) => ctx.fillText(l, box.left + 8, box.top + 22 + i * TITLE_LINE));
      }
    });
    network.fit({include: bands.map((b) => b.box), animation: false});  // titles in view
  }

  function openModule(id) {
    const m = boxes.get(id);
    if (!m || opened.has(m.id)) return;
    opened.add(m.id);
    sync();
    network.fit({nodes: all.nodes.filter((n) => n.module === m.id).map((n) => n.id),
                 animation: false});
  }
  if (meta.mode === "overview") {
    const back = el("button", "Overview");
    back.type = "button"; back.id = "overview";
    back.addEventListener("click", () => {
      opened.clear();
      sync();
      network.fit({animation: false});
    });
    document.querySelector("header").append(back);
    network.fit({animation: false});
    network.on("doubleClick", (params) => {  // drill into an entity and its neighbours
      const id = params.nodes[0];
      if (id === undefined || boxes.has(id)) return;
      const around = [id, ...network.getConnectedNodes(id)].filter((n) => !boxes.has(n));
      network.selectNodes(around);
      network.fit({nodes: around, animation: false});
    });
  }

  // find an entity (once per entity: the explain page may draw one in several bands)
  const find = document.getElementById("find");
  const sorted = all.nodes.slice().sort((a, b) => a.label.localeCompare(b.label));
  const listed = new Set();
  for (const n of sorted) {
    const key = n.entity || n.id;
    if (listed.has(key)) continue;
    listed.add(key);
    const opt = el("option", n.label + " (" + n.type + ")");
    opt.value = n.id;
    find.append(opt);
  }
  find.addEventListener("change", () => {
    const id = find.value;
    if (!id) return;
    if (moduleOf.has(id)) openModule("module:" + moduleOf.get(id));
    network.selectNodes([id]);
    network.focus(id, {scale: 1.3, animation: {duration: 400}});
    showNode(id);
  });

  // side panel
  const panel = document.getElementById("panel");
  const arrowList = (ids) => {
    const d = details(), list = el("ul");
    for (const id of ids) {
      const e = d.edges[id];
      const li = list.appendChild(el("li"));
      const a = li.appendChild(el("a", d.nodes[e.from].label + " — " +
        e.relation.replace(/_/g, " ") + " → " + d.nodes[e.to].label));
      a.href = "#"; a.addEventListener("click", (ev) => { ev.preventDefault(); showEdge(id); });
    }
    return list;
  };
  function showNode(id) {
    const n = details().nodes[id];
    if (!n) return;
    panel.replaceChildren(el("h2", n.label), el("p", n.type, "meta"));
    if (n.imported) panel.append(el("p", "named by an imported network only", "source"));
    const ids = el("ul");
    ids.appendChild(el("li")).append(link(n.iri, n.iri));
    for (const x of n.identifiers) ids.appendChild(el("li")).append(link(x.curie, x.iri));
    panel.append(el("h3", "Identifiers"), ids);
    const around = all.edges.filter((e) => e.from === id || e.to === id).map((e) => e.id);
    panel.append(el("h3", around.length + " arrows"), arrowList(around));
  }

  function showBetween(id) {  // the arrows a line of the overview stands for
    const g = between.get(id);
    const name = (n) => boxes.has(n) ? boxes.get(n).label : details().nodes[n].label;
    const n = g.arrows.length;
    panel.replaceChildren(el("h2", n + (n > 1 ? " arrows" : " arrow") + " between " +
      name(g.from) + " and " + name(g.to)), arrowList(g.arrows));
  }

  const ROLES = {"deciding": "on a deciding path", "dissent": "on a path of the dissent",
    "not counted": "on a path not counted", "blocked": "on a path a co-therapy blocks",
    "co-therapy": "a co-therapy acting on a path"};
  function showEdge(id) {
    const d = details().edges[id];
    if (!d) return;
    const label = (n) => details().nodes[n].label;
    const sign = d.sign === 1 ? " (+)" : d.sign === -1 ? " (−)" : "";
    panel.replaceChildren(el("h2", label(d.from) + " — " + d.relation.replace(/_/g, " ") + sign +
      " → " + label(d.to)));
    if (d.role) {  // explain page: the strongest part this step plays in the band
      const side = d.net === 1 ? legend.groups[0] : d.net === -1 ? legend.groups[1] : null;
      panel.append(el("p", (ROLES[d.role] || d.role) + (side ? ", one of the " + side.name : ""),
        "meta"));
    }
    for (const st of d.statements) {
      panel.append(el("h3", "Statement " + st.id));
      if (st.source && st.source !== "curated") {
        panel.append(el("p", "imported from " + st.source + " (not curated from the reviews)",
          "source"));
      }
      const ctx = Object.entries(st.context).map(([k, v]) => k + " = " + v).join("; ");
      if (ctx) panel.append(el("p", "context: " + ctx, "meta"));
      if (st.flags.length) panel.append(el("p", "flags: " + st.flags.join(", "), "flag"));
      if (st.note) panel.append(el("p", "note: " + st.note, "meta"));
      for (const ev of st.evidence) {
        const refs = ev.refs.length ? " · refs " + ev.refs.join(", ") : "";
        const sec = ev.section ? " · §" + ev.section : "";
        panel.append(el("p", ev.kind + refs + sec + " · " + ev.source, "meta"));
        if (ev.quote) panel.append(el("p", "“" + ev.quote + "”", "quote"));
        if (ev.rationale) panel.append(el("p", "curator inference: " + ev.rationale, "quote"));
        if (ev.perturbation) panel.append(el("p", "perturbation: " + ev.perturbation, "meta"));
        const more = el("ul");
        for (const q of ev.quantities) more.append(el("li", q));
        for (const doi of ev.dois) more.appendChild(el("li")).append(link(doi, doi));
        if (more.childElementCount) panel.append(more);
      }
    }
  }

  network.on("click", (params) => {
    const node = params.nodes[0], edge = params.edges[0];
    if (node !== undefined && boxes.has(node)) openModule(node);
    else if (node !== undefined) showNode(node);
    else if (edge !== undefined && between.has(edge)) showBetween(edge);
    else if (edge !== undefined) showEdge(edge);
  });

  // ready: the first draw once the page is stable (physics stopped, if it ran) and every
  // handler above attached; the moment is kept for benchmarks/bench_viz.py
  const ready = () => {
    network.once("afterDrawing", () => {
      window.mechgraphReadyAt = performance.now();
      window.mechgraphReady = true;
      document.body.dataset.ready = "true";
    });
    network.body.emitter.emit("_requestRedraw");
  };
  if (meta.large || !(options.physics && options.physics.enabled)) {
    ready();
  } else {
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({physics: false});
      ready();
    });
  }
})();
