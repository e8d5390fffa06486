// Geometry of the explain page's renderer (lite.js): the outline of each entity shape,
// labels wrapped to a width, Bézier curves, and where a curve crosses a border.
// Concatenated before lite.js in one function scope (mechgraph.viz.page).

const FACE = "arial";
const INK = "#343434";
const SIZE = 25;  // radius of the shapes whose label hangs below them
const ROUND = 6;  // corner radius of a box

function darker(hex) {
  const m = /^#([0-9a-f]{6})$/i.exec(hex || "");
  if (!m) return "#2b7ce9";
  const v = parseInt(m[1], 16);
  const c = [v >> 16, (v >> 8) & 255, v & 255].map((x) => Math.round(x * 0.75));
  return "rgb(" + c.join(",") + ")";
}

function wrap(ctx, text, max) {  // lines no wider than max, broken at spaces
  if (!max) return String(text).split("\n");
  const lines = [];
  for (const para of String(text).split("\n")) {
    let line = "";
    for (const word of para.split(" ")) {
      const next = line ? line + " " + word : word;
      if (line && ctx.measureText(next).width > max) { lines.push(line); line = word; }
      else line = next;
    }
    lines.push(line);
  }
  return lines;
}

function polygon(ctx, x, y, r, points, turn) {
  ctx.beginPath();
  for (let i = 0; i < points.length; i++) {
    const a = turn + (i * 2 * Math.PI) / points.length;
    ctx.lineTo(x + r * points[i] * Math.cos(a), y + r * points[i] * Math.sin(a));
  }
  ctx.closePath();
}

const OUTLINES = {
  dot: (ctx, n) => { ctx.beginPath(); ctx.arc(n.x, n.y, SIZE, 0, 2 * Math.PI); },
  diamond: (ctx, n) => polygon(ctx, n.x, n.y, SIZE, [1, 1, 1, 1], 0),
  triangle: (ctx, n) => polygon(ctx, n.x, n.y + SIZE * 0.25, SIZE * 1.3, [1, 1, 1], -Math.PI / 2),
  star: (ctx, n) => polygon(ctx, n.x, n.y + SIZE * 0.08, SIZE * 1.07,
    [1, 0.38, 1, 0.38, 1, 0.38, 1, 0.38, 1, 0.38], -Math.PI / 2),
  hexagon: (ctx, n) => polygon(ctx, n.x, n.y, SIZE, [1, 1, 1, 1, 1, 1], 0),
  square: (ctx, n) => { ctx.beginPath(); ctx.rect(n.x - SIZE, n.y - SIZE, 2 * SIZE, 2 * SIZE); },
  ellipse: (ctx, n) => {
    ctx.beginPath();
    ctx.ellipse(n.x, n.y, n.w / 2, n.h / 2, 0, 0, 2 * Math.PI);
  },
  box: (ctx, n) => {
    ctx.beginPath();
    if (ctx.roundRect) ctx.roundRect(n.x - n.w / 2, n.y - n.h / 2, n.w, n.h, ROUND);
    else ctx.rect(n.x - n.w / 2, n.y - n.h / 2, n.w, n.h);  // browsers before 2023
  },
};
const INSIDE = new Set(["ellipse", "box"]);  // shapes that hold their label

function point(curve, t) {  // de Casteljau
  let ps = curve;
  while (ps.length > 1) {
    const next = [];
    for (let i = 0; i + 1 < ps.length; i++) {
      next.push([ps[i][0] + (ps[i + 1][0] - ps[i][0]) * t, ps[i][1] + (ps[i + 1][1] - ps[i][1]) * t]);
    }
    ps = next;
  }
  return ps[0];
}

function inside(n, p) {  // within the node's shape (not its label)
  const dx = p[0] - n.x, dy = p[1] - n.y;
  if (n.shape === "ellipse") return (dx * dx) / (n.w * n.w / 4) + (dy * dy) / (n.h * n.h / 4) <= 1;
  if (n.shape === "box") return Math.abs(dx) <= n.w / 2 && Math.abs(dy) <= n.h / 2;
  return dx * dx + dy * dy <= SIZE * SIZE;
}

function exit(n, at, from, to) {  // the parameter where the curve crosses n's border
  if (!inside(n, at(to))) {
    let a = from, b = to;
    for (let i = 0; i < 20; i++) {
      const m = (a + b) / 2;
      if (inside(n, at(m))) a = m; else b = m;
    }
    return b;
  }
  return from;
}

function towards(at, t, other, distance) {  // the parameter `distance` back along the curve
  const end = at(t);
  let a = t, b = other;
  for (let i = 0; i < 20; i++) {
    const m = (a + b) / 2, p = at(m);
    if (Math.hypot(p[0] - end[0], p[1] - end[1]) < distance) a = m; else b = m;
  }
  return a;
}

function segment(p, a, b) {  // distance from p to the segment ab
  const dx = b[0] - a[0], dy = b[1] - a[1], len = dx * dx + dy * dy;
  const t = len ? Math.max(0, Math.min(1, ((p.x - a[0]) * dx + (p.y - a[1]) * dy) / len)) : 0;
  return Math.hypot(p.x - a[0] - t * dx, p.y - a[1] - t * dy);
}
