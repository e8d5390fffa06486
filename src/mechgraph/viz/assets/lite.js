// A small canvas renderer for drawings laid out in advance (the explain page): it stands in
// for the part of vis-network's API that page.js uses (DataSet; Network with fit, focus,
// selection, click and hover events, before/after drawing hooks), so such a page does not
// load the 470 kB library. Positions are fixed: no physics, no clustering. Labels are drawn
// on the canvas and tooltips set as textContent, never parsed as markup.
// Runs after lite-geometry.js, in one function scope with it (mechgraph.viz.page).

class DataSet {
  constructor(items) {
    this.items = new Map();
    this.listeners = [];
    this.add(items || []);
  }
  get length() { return this.items.size; }
  get(id) {
    if (id === undefined) return [...this.items.values()];
    return this.items.has(id) ? this.items.get(id) : null;
  }
  getIds() { return [...this.items.keys()]; }
  add(items) {
    for (const item of [].concat(items)) {
      if (this.items.has(item.id)) throw new Error("an item with id " + item.id + " exists");
      this.items.set(item.id, item);
    }
    this.changed();
  }
  update(items) {
    for (const item of [].concat(items)) {
      this.items.set(item.id, Object.assign(this.items.get(item.id) || {}, item));
    }
    this.changed();
  }
  remove(ids) {
    for (const id of [].concat(ids)) this.items.delete(id);
    this.changed();
  }
  changed() { for (const f of this.listeners) f(); }
}

class Network {
  constructor(container, data, options) {
    this.container = container;
    this.options = options || {};
    this.body = {data: data, nodeIndices: [], edgeIndices: [],
      emitter: {emit: (name) => { if (name === "_requestRedraw") this.request(); }}};
    this.handlers = {};
    this.selected = new Set();
    this.scale = 1; this.tx = 0; this.ty = 0;
    container.style.position = "relative";
    this.canvas = document.createElement("canvas");
    this.canvas.style.cssText =
      "position:absolute;left:0;top:0;width:100%;height:100%;touch-action:none";
    this.tip = document.createElement("div");
    this.tip.className = "graph-tooltip";
    container.replaceChildren(this.canvas, this.tip);
    this.ctx = this.canvas.getContext("2d");
    data.nodes.listeners.push(() => { this.shapes = null; this.request(); });
    data.edges.listeners.push(() => { this.shapes = null; this.request(); });
    this.size();
    this.fit();  // until the view is moved, a new size fits the drawing again
    this.listen();
    new ResizeObserver(() => {  // redrawn at once: a resized canvas is blank
      if (container.clientWidth === this.width && container.clientHeight === this.height) return;
      const centre = this.getViewPosition();
      this.size();
      if (this.fitted) this.fit(this.fitted); else this.view(centre.x, centre.y, this.scale);
      this.redraw();
    }).observe(container);
  }

  // events, as vis-network names them
  on(name, f) { (this.handlers[name] = this.handlers[name] || []).push(f); }
  off(name, f) { this.handlers[name] = (this.handlers[name] || []).filter((g) => g !== f); }
  once(name, f) {
    const g = (...args) => { this.off(name, g); f(...args); };
    this.on(name, g);
  }
  emit(name, ...args) { for (const f of (this.handlers[name] || []).slice()) f(...args); }
  setOptions() {}  // nothing moves: physics is always off

  // geometry, in the drawing's coordinates
  layout() {
    if (this.shapes) return this.shapes;
    const ctx = this.ctx, nodeFont = (this.options.nodes || {}).font || {};
    const margin = (this.options.nodes || {}).margin || 5;
    const shapes = new Map();
    for (const d of this.body.data.nodes.get()) {
      const size = (d.font && d.font.size) || nodeFont.size || 14;
      ctx.font = size + "px " + FACE;
      const max = d.widthConstraint && d.widthConstraint.maximum;
      const lines = wrap(ctx, d.label === undefined ? "" : d.label, max ? max - 2 * margin : 0);
      const tw = Math.max(0, ...lines.map((l) => ctx.measureText(l).width));
      const th = lines.length * size;
      const shape = OUTLINES[d.shape] ? d.shape : "ellipse";
      const n = {id: d.id, data: d, x: d.x || 0, y: d.y || 0, shape: shape, lines: lines,
        size: size, tw: tw, th: th};
      if (shape === "box") { n.w = tw + 2 * margin; n.h = th + 2 * margin; }
      else if (shape === "ellipse") { n.w = tw + th; n.h = 2 * th; }
      else { n.w = n.h = 2 * SIZE; }
      const below = INSIDE.has(shape) ? 0 : th;
      n.box = {left: Math.min(n.x - n.w / 2, n.x - tw / 2), right: Math.max(n.x + n.w / 2, n.x + tw / 2),
        top: n.y - n.h / 2, bottom: n.y + n.h / 2 + below};
      shapes.set(d.id, n);
    }
    const edges = [];
    for (const d of this.body.data.edges.get()) {
      const a = shapes.get(d.from), b = shapes.get(d.to);
      if (a && b) edges.push(this.route(d, a, b));
    }
    this.body.nodeIndices = [...shapes.keys()];
    this.body.edgeIndices = edges.map((e) => e.id);
    this.shapes = {nodes: shapes, edges: edges};
    return this.shapes;
  }

  route(d, a, b) {  // the curve from a's border to b's, as vis-network's options ask
    const smooth = d.smooth && d.smooth.enabled ? d.smooth : (this.options.edges || {}).smooth;
    const dx = a.x - b.x, dy = a.y - b.y;
    let curve;
    if (smooth && smooth.type === "cubicBezier") {
      const r = smooth.roundness === undefined ? 0.5 : smooth.roundness;
      curve = [[a.x, a.y], [a.x - r * dx, a.y], [b.x + r * dx, b.y], [b.x, b.y]];
    } else if (smooth && (smooth.type === "curvedCCW" || smooth.type === "curvedCW")) {
      const r = (smooth.roundness || 0.2) * (smooth.type === "curvedCW" ? 1 : -1);
      const mx = (a.x + b.x) / 2 - r * dy, my = (a.y + b.y) / 2 + r * dx;
      curve = [[a.x, a.y], [mx, my], [b.x, b.y]];
    } else {
      curve = [[a.x, a.y], [b.x, b.y]];
    }
    const at = (t) => point(curve, t);
    const start = a === b ? 0 : exit(a, at, 0, 0.5);
    const end = a === b ? 1 : exit(b, at, 1, 0.5);
    return {id: d.id, data: d, at: at, start: start, end: end};
  }

  // the view
  size() {
    const r = window.devicePixelRatio || 1;
    this.width = this.container.clientWidth; this.height = this.container.clientHeight;
    this.canvas.width = Math.round(this.width * r); this.canvas.height = Math.round(this.height * r);
  }
  fit(opts) {
    const {nodes} = this.layout();
    const ids = opts && opts.nodes ? opts.nodes : [...nodes.keys()];
    const boxes = ids.map((id) => nodes.get(id)).filter(Boolean).map((n) => n.box)
      .concat((opts && opts.include) || []);  // and what the page draws around them
    if (!boxes.length || !this.width || !this.height) return;  // nothing, or nowhere, to fit
    const left = Math.min(...boxes.map((b) => b.left)), right = Math.max(...boxes.map((b) => b.right));
    const top = Math.min(...boxes.map((b) => b.top)), bottom = Math.max(...boxes.map((b) => b.bottom));
    const scale = Math.min(this.width / ((right - left) * 1.05 || 1),
      this.height / ((bottom - top) * 1.05 || 1), 1.5);
    this.view((left + right) / 2, (top + bottom) / 2, scale);
    this.fitted = opts || {};
  }
  view(cx, cy, scale) {
    this.fitted = false;
    this.scale = scale;
    this.tx = this.width / 2 - cx * scale; this.ty = this.height / 2 - cy * scale;
    this.request();
  }
  focus(id, opts) {
    const n = this.layout().nodes.get(id);
    if (n) this.view(n.x, n.y, (opts && opts.scale) || this.scale);
  }
  getScale() { return this.scale; }
  canvasToDOM(p) { return {x: p.x * this.scale + this.tx, y: p.y * this.scale + this.ty}; }
  getViewPosition() {
    return {x: (this.width / 2 - this.tx) / this.scale, y: (this.height / 2 - this.ty) / this.scale};
  }
  getPositions() {
    const out = {};
    for (const [id, n] of this.layout().nodes) out[id] = {x: n.x, y: n.y};
    return out;
  }
  getBoundingBox(id) {
    const n = this.layout().nodes.get(id);
    return n ? Object.assign({}, n.box) : undefined;
  }
  getConnectedNodes(id) {
    const out = new Set();
    for (const e of this.body.data.edges.get()) {
      if (e.from === id) out.add(e.to);
      if (e.to === id) out.add(e.from);
    }
    return [...out];
  }
  selectNodes(ids) { this.selected = new Set(ids); this.request(); }

  // drawing
  request() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.redraw(); });
  }
  redraw() {
    const {nodes, edges} = this.layout();
    const ctx = this.ctx, r = window.devicePixelRatio || 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.setTransform(r * this.scale, 0, 0, r * this.scale, r * this.tx, r * this.ty);
    this.emit("beforeDrawing", ctx);
    for (const e of edges) this.drawEdge(ctx, e);
    for (const n of nodes.values()) this.drawNode(ctx, n);
    for (const e of edges) if (e.data.label) this.drawEdgeLabel(ctx, e);
    this.emit("afterDrawing", ctx);
  }
  drawNode(ctx, n) {
    const d = n.data, colour = d.color || "#97c2fc";
    const fill = typeof colour === "string" ? colour : colour.background;
    const border = typeof colour === "string" ? darker(colour) : colour.border || darker(fill);
    const width = (d.borderWidth === undefined ? 1 : d.borderWidth) *
      (this.selected.has(n.id) ? 2 : 1);
    OUTLINES[n.shape](ctx, n);
    ctx.fillStyle = fill;
    ctx.fill();
    ctx.lineWidth = width / this.scale;
    ctx.strokeStyle = border;
    ctx.setLineDash((d.shapeProperties && d.shapeProperties.borderDashes) || []);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.font = n.size + "px " + FACE;
    ctx.fillStyle = INK;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    const top = INSIDE.has(n.shape) ? n.y - n.th / 2 : n.y + n.h / 2;
    n.lines.forEach((line, i) => ctx.fillText(line, n.x, top + (i + 0.5) * n.size));
  }
  drawEdge(ctx, e) {
    const d = e.data, c = d.color || "#848484";
    const colour = typeof c === "string" ? c : c.color;
    const kind = d.arrows && d.arrows.to && d.arrows.to.enabled !== false ? d.arrows.to.type ||
      "arrow" : null;
    const width = (d.width || 1) + (this.selected.has(e.id) ? 1 : 0);
    const tip = e.at(e.end), back = e.at(e.end - 0.02 * Math.sign(e.end - e.start || 1));
    const angle = Math.atan2(tip[1] - back[1], tip[0] - back[0]);
    const length = 12 + 2 * width;
    let stop = e.end;
    if (kind === "arrow" || kind === "vee") {  // the line ends where the head begins
      stop = towards(e.at, e.end, e.start, length * (kind === "vee" ? 0.5 : 0.9));
    }
    ctx.save();
    ctx.globalAlpha = typeof c === "object" && c.opacity !== undefined ? c.opacity : 1;
    ctx.strokeStyle = ctx.fillStyle = colour;
    ctx.lineWidth = width;
    ctx.setLineDash(Array.isArray(d.dashes) ? d.dashes : d.dashes ? [5, 5] : []);
    ctx.beginPath();
    const steps = 24;
    for (let i = 0; i <= steps; i++) {
      const p = e.at(e.start + ((stop - e.start) * i) / steps);
      if (i === 0) ctx.moveTo(p[0], p[1]); else ctx.lineTo(p[0], p[1]);
    }
    ctx.stroke();
    ctx.setLineDash([]);
    if (kind) {
      ctx.translate(tip[0], tip[1]);
      ctx.rotate(angle);
      ctx.beginPath();
      if (kind === "bar") {
        ctx.lineWidth = Math.max(width, 2);
        ctx.moveTo(0, -length / 2); ctx.lineTo(0, length / 2);
        ctx.stroke();
      } else {
        ctx.moveTo(0, 0);
        ctx.lineTo(-length, -length / 2.6);
        ctx.lineTo(kind === "vee" ? -length * 0.6 : -length, kind === "vee" ? 0 : length / 2.6);
        if (kind === "vee") ctx.lineTo(-length, length / 2.6);
        ctx.closePath();
        ctx.fill();
      }
    }
    ctx.restore();
  }
  drawEdgeLabel(ctx, e) {
    const d = e.data, font = d.font || {}, p = e.at((e.start + e.end) / 2);
    ctx.font = (font.size || ((this.options.edges || {}).font || {}).size || 14) + "px " + FACE;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineWidth = font.strokeWidth || 0;
    ctx.strokeStyle = "#ffffff";
    ctx.lineJoin = "round";
    if (ctx.lineWidth) ctx.strokeText(d.label, p[0], p[1]);
    ctx.fillStyle = font.color || INK;
    ctx.fillText(d.label, p[0], p[1]);
  }

  // pointer: drag to pan, wheel to zoom, click, double click, hover for the tooltip
  pointer(ev) {
    const rect = this.canvas.getBoundingClientRect();
    const sx = ev.clientX - rect.left, sy = ev.clientY - rect.top;
    const canvas = {x: (sx - this.tx) / this.scale, y: (sy - this.ty) / this.scale};
    return {DOM: {x: sx, y: sy}, canvas: canvas};
  }
  hit(p) {
    const {nodes, edges} = this.layout();
    const found = [...nodes.values()].reverse().find((n) => p.x >= n.box.left &&
      p.x <= n.box.right && p.y >= n.box.top && p.y <= n.box.bottom);
    if (found) return {nodes: [found.id], edges: []};
    const reach = 6 / this.scale;
    for (const e of edges.slice().reverse()) {
      for (let i = 0; i < 24; i++) {
        const a = e.at(e.start + ((e.end - e.start) * i) / 24);
        const b = e.at(e.start + ((e.end - e.start) * (i + 1)) / 24);
        if (segment(p, a, b) <= reach + (e.data.width || 1) / 2) return {nodes: [], edges: [e.id]};
      }
    }
    return {nodes: [], edges: []};
  }
  listen() {
    const c = this.canvas;
    let down = null;
    c.addEventListener("pointerdown", (ev) => {
      down = {x: ev.clientX, y: ev.clientY, tx: this.tx, ty: this.ty, moved: false};
      c.setPointerCapture(ev.pointerId);
    });
    c.addEventListener("pointermove", (ev) => {
      if (down) {
        const dx = ev.clientX - down.x, dy = ev.clientY - down.y;
        if (Math.abs(dx) + Math.abs(dy) > 4) down.moved = true;
        if (down.moved) {
          this.tx = down.tx + dx; this.ty = down.ty + dy; this.fitted = false;
          this.request();
        }
        return;
      }
      this.hover(ev);
    });
    c.addEventListener("pointerup", (ev) => {
      const was = down;
      down = null;
      if (!was || was.moved) return;
      const p = this.pointer(ev), params = Object.assign(this.hit(p.canvas), {pointer: p, event: ev});
      this.selected = new Set(params.nodes.length ? params.nodes : params.edges);
      this.request();
      this.emit("click", params);
    });
    c.addEventListener("dblclick", (ev) => {
      const p = this.pointer(ev);
      this.emit("doubleClick", Object.assign(this.hit(p.canvas), {pointer: p, event: ev}));
    });
    c.addEventListener("wheel", (ev) => {
      ev.preventDefault();
      const p = this.pointer(ev);
      const scale = Math.min(10, Math.max(0.05, this.scale * Math.exp(-ev.deltaY / 500)));
      this.tx = p.DOM.x - p.canvas.x * scale; this.ty = p.DOM.y - p.canvas.y * scale;
      this.scale = scale; this.fitted = false;
      this.request();
    }, {passive: false});
    c.addEventListener("pointerleave", () => {
      clearTimeout(this.timer);
      this.tip.style.visibility = "hidden";
    });
  }
  hover(ev) {
    clearTimeout(this.timer);
    this.tip.style.visibility = "hidden";
    const p = this.pointer(ev), found = this.hit(p.canvas);
    const id = found.nodes[0] !== undefined ? found.nodes[0] : found.edges[0];
    this.canvas.style.cursor = id === undefined ? "default" : "pointer";
    if (id === undefined) return;
    const d = found.nodes.length ? this.body.data.nodes.get(id) : this.body.data.edges.get(id);
    if (!d || !d.title) return;
    this.timer = setTimeout(() => {
      this.tip.textContent = String(d.title);
      this.tip.style.left = p.DOM.x + 12 + "px";
      this.tip.style.top = p.DOM.y + 12 + "px";
      this.tip.style.visibility = "visible";
    }, (this.options.interaction || {}).tooltipDelay || 300);
  }
}

window.vis = {DataSet: DataSet, Network: Network};
