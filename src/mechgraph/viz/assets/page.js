// mechgraph HTML view. Every string from the graph reaches the page through
// textContent (or vis-network's plain-text tooltips), never as markup.
(function () {
  "use strict";
  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const nodes = new vis.DataSet(read("data-nodes"));
  const edges = new vis.DataSet(read("data-edges"));
  const options = read("data-options");
  const details = read("data-details");
  const legend = read("data-legend");
  const meta = read("data-meta");

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

  const container = document.getElementById("graph");
  const network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  window.mechgraphNetwork = network;
  window.mechgraphReady = false;
  const freeze = () => {
    network.setOptions({physics: false});
    window.mechgraphReady = true;
    document.body.dataset.ready = "true";
  };
  // explain page: one band per stratum, drawn behind the paths, titled with its verdict
  if (meta.mode === "explain") {
    network.on("beforeDrawing", (ctx) => {
      for (const band of meta.bands) {
        const x = -95, w = band.width + 10;
        ctx.fillStyle = band.verdict === "decreases" ? "#fdf1e7" : band.verdict === "increases"
          ? "#eaf2f9" : "#f4f4f4";
        ctx.fillRect(x, band.top, w, band.height + 40);
        ctx.fillStyle = "#222";
        ctx.font = "bold 19px system-ui, sans-serif";
        const words = band.title.split(" "), lines = [];
        let line = "";
        for (const word of words) {
          const next = line ? line + " " + word : word;
          if (ctx.measureText(next).width > w - 20 && line) { lines.push(line); line = word; }
          else line = next;
        }
        if (line) lines.push(line);
        lines.slice(0, 3).forEach((l, i) => ctx.fillText(l, x + 8, band.top + 22 + i * 23));
      }
    });
  }

  // overview: the whole graph opens on its modules; a click opens one
  const moduleId = (id) => typeof id === "string" && id.startsWith("module:");
  const isCluster = (id) => network.body.nodes[id] !== undefined &&
    network.clustering.isCluster(id);
  function clusterModules() {
    for (const m of meta.modules) {
      const id = "module:" + m.id;
      if (isCluster(id)) continue;
      network.cluster({
        joinCondition: (n) => n.module === m.id,
        clusterNodeProperties: {
          id: id, label: m.label + "\n" + m.size + " entities", shape: "box",
          font: {size: m.font, face: "system-ui, sans-serif"}, margin: 16,
          color: {background: m.color, border: "#777"}, borderWidth: 1,
          widthConstraint: {maximum: m.width}, x: m.x, y: m.y, physics: false},
        allowSingleNodeCluster: true,
      });
    }
  }
  function openModule(id) {
    if (!isCluster(id)) return;
    const members = network.getNodesInCluster(id);
    network.openCluster(id, {releaseFunction: (at, inside) => {
      const out = {};  // back to the places laid out in advance around the module
      for (const n of Object.keys(inside)) {
        const d = nodes.get(n);
        out[n] = d ? {x: d.x, y: d.y} : inside[n];
      }
      return out;
    }});
    network.fit({nodes: members, animation: false});
  }
  if (meta.mode === "overview") {
    const back = el("button", "Overview");
    back.type = "button"; back.id = "overview";
    back.addEventListener("click", () => { clusterModules(); network.fit({animation: false}); });
    document.querySelector("header").append(back);
    clusterModules();
    network.fit({animation: false});
    network.on("doubleClick", (params) => {  // drill into an entity and its neighbours
      const id = params.nodes[0];
      if (!id || moduleId(id)) return;
      const around = [id, ...network.getConnectedNodes(id)].filter((n) => !moduleId(n));
      network.selectNodes(around);
      network.fit({nodes: around, animation: false});
    });
  }
  if (meta.large || !(options.physics && options.physics.enabled)) {
    freeze();
  } else {
    network.once("stabilizationIterationsDone", freeze);
  }

  // find an entity (once per entity: the explain page may draw one in several bands)
  const find = document.getElementById("find");
  const sorted = Object.values(details.nodes).sort((a, b) => a.label.localeCompare(b.label));
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
    if (!find.value) return;
    for (const c of network.clustering.findNode(find.value).slice(0, -1)) openModule(c);
    network.selectNodes([find.value]);
    network.focus(find.value, {scale: 1.3, animation: {duration: 400}});
    showNode(find.value);
  });

  // side panel
  const panel = document.getElementById("panel");
  function showNode(id) {
    const n = details.nodes[id];
    if (!n) return;
    panel.replaceChildren(el("h2", n.label), el("p", n.type, "meta"));
    if (n.imported) panel.append(el("p", "named by an imported network only", "source"));
    const ids = el("ul");
    ids.appendChild(el("li")).append(link(n.iri, n.iri));
    for (const x of n.identifiers) ids.appendChild(el("li")).append(link(x.curie, x.iri));
    panel.append(el("h3", "Identifiers"), ids);
    const around = edges.get({filter: (e) => e.from === id || e.to === id});
    panel.append(el("h3", around.length + " arrows"));
    const list = el("ul");
    for (const e of around) {
      const d = details.edges[e.id];
      const li = list.appendChild(el("li"));
      const a = li.appendChild(el("a", details.nodes[d.from].label + " — " +
        d.relation.replace(/_/g, " ") + " → " + details.nodes[d.to].label));
      a.href = "#"; a.addEventListener("click", (ev) => { ev.preventDefault(); showEdge(e.id); });
    }
    panel.append(list);
  }

  function showEdge(id) {
    const d = details.edges[id];
    if (!d) return;
    const sign = d.sign === 1 ? " (+)" : d.sign === -1 ? " (−)" : "";
    panel.replaceChildren(el("h2", details.nodes[d.from].label + " — " +
      d.relation.replace(/_/g, " ") + sign + " → " + details.nodes[d.to].label));
    if (d.groups) {
      const names = d.groups.map((g) => legend.groups[g].name).join("; ");
      panel.append(el("p", "on the paths that " + names, "meta"));
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
    if (params.nodes.length && moduleId(params.nodes[0])) openModule(params.nodes[0]);
    else if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // legend
  const box = document.getElementById("legend");
  const item = (swatch, text) => {
    const span = el("span", null, "item");
    span.append(swatch, el("span", text));
    box.append(span);
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
})();
