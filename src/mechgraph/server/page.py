"""The endpoint's query page: plain HTML and a little JavaScript, no CDN, works offline.

Results are written into the page with textContent only, so nothing a query returns can
run as markup; the cookbook is embedded as JSON with '<' escaped.
"""

from __future__ import annotations

import html
import json

from mechgraph import __version__


def query_page(views: list[str]) -> str:
    from mechgraph.sparql import examples

    cookbook = [{"name": e.name, "title": e.title, "text": e.text} for e in examples().values()]
    data = json.dumps(cookbook, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e")
    options = "\n".join(
        f'<option value="{html.escape(e["name"])}">{html.escape(e["title"])}</option>' for e in cookbook
    )
    names = {"/viz": "graph view", "/viz/explained": "PD-1/PD-L1 inhibitors → BMD explained"}
    viz = "".join(f'<a href="{html.escape(v)}">{html.escape(names.get(v, v))}</a> · ' for v in views)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mechgraph SPARQL endpoint</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; max-width: 1200px; }}
textarea {{ width: 100%; height: 16em; font: 13px/1.3 ui-monospace, monospace; }}
table {{ border-collapse: collapse; margin-top: 1em; font-size: 13px; }}
th, td {{ border: 1px solid #ccc; padding: 2px 6px; vertical-align: top; text-align: left; }}
th {{ background: #f3f3f3; }}
#status {{ margin-left: 1em; color: #555; }}
pre {{ white-space: pre-wrap; }}
</style></head>
<body>
<h1>mechgraph SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 over the mechgraph knowledge graph (version {__version__}).
{viz}<a href="/service-description">service description</a>.
Prefixes <code>mg:</code>, <code>mge:</code>, <code>obo:</code>, <code>rdfs:</code>,
<code>skos:</code>, <code>prov:</code>, <code>dcterms:</code>… are predeclared.</p>
<label>Example: <select id="examples"><option value="">(choose a cookbook query)</option>
{options}</select></label>
<form id="form"><textarea id="query" name="query" spellcheck="false">SELECT ?entity ?label WHERE {{
  ?entity rdfs:label ?label .
}} ORDER BY ?label LIMIT 20</textarea>
<button type="submit">Run</button><span id="status"></span></form>
<div id="out"></div>
<script type="application/json" id="cookbook">{data}</script>
<script>
const cookbook = JSON.parse(document.getElementById("cookbook").textContent);
const q = document.getElementById("query"), out = document.getElementById("out");
const status = document.getElementById("status");
document.getElementById("examples").addEventListener("change", (e) => {{
  const ex = cookbook.find((x) => x.name === e.target.value);
  if (ex) q.value = ex.text;
}});
document.getElementById("form").addEventListener("submit", async (e) => {{
  e.preventDefault();
  status.textContent = "running…"; out.replaceChildren();
  const t0 = performance.now();
  const r = await fetch("/sparql", {{method: "POST",
    headers: {{"Content-Type": "application/sparql-query",
              "Accept": "application/sparql-results+json, text/turtle"}}, body: q.value}});
  const text = await r.text();
  status.textContent = r.status + " in " + Math.round(performance.now() - t0) + " ms";
  if (!r.ok || !(r.headers.get("Content-Type") || "").includes("sparql-results+json")) {{
    const pre = document.createElement("pre"); pre.textContent = text; out.append(pre); return;
  }}
  const res = JSON.parse(text);
  if ("boolean" in res) {{ const p = document.createElement("p");
    p.textContent = String(res.boolean); out.append(p); return; }}
  const table = document.createElement("table"), head = table.insertRow();
  for (const v of res.head.vars) {{ const th = document.createElement("th");
    th.textContent = v; head.append(th); }}
  for (const b of res.results.bindings) {{ const row = table.insertRow();
    for (const v of res.head.vars) {{ row.insertCell().textContent = b[v] ? b[v].value : ""; }} }}
  const p = document.createElement("p");
  p.textContent = res.results.bindings.length + " rows"; out.append(p, table);
}});
</script>
</body></html>
"""
