"""Merging imports with the curated graph by identifier, on the real SIGNOR PKN (the
whole file, into a temporary embedded store) and real regulon and SIF rows."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from test_import_signor import collectri_rows, external


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    """Curated + the whole SIGNOR PKN + the CollecTRI rows about RUNX2 and PD-L1's gene."""
    from mechgraph.importers.load import import_file

    root = tmp_path_factory.mktemp("merged")
    store_dir = root / "store"
    pkn = import_file("signor-pkn", external("signor_pkn_signalingprofiler", "PKN_human_ind.tsv"), store_dir)
    subset = collectri_rows(root, ("RUNX2", "CTNNB1", "STAT3"), ("RUNX2", "CD274"))
    regulons = import_file("regulons", subset, store_dir, source="collectri")
    return store_dir, pkn, regulons


def test_whole_pkn_imported(merged):
    store_dir, pkn, _ = merged
    assert (pkn.rows, pkn.statements, pkn.signed) == (38_428, 38_428, 38_428)
    assert not pkn.skipped
    assert pkn.entities_merged_curated >= 40  # PD-L1, RUNX2, β-catenin… by UniProt id


def test_one_entity_per_identifier(merged):
    from mechgraph.store import open_store

    store = open_store(f"oxigraph:{merged[0]}", "all")
    for xref in ("uniprot:Q9NZQ7", "uniprot:Q13950", "uniprot:P31749", "hgnc.symbol:AKT1"):
        rows = store.select("SELECT DISTINCT ?e ?x WHERE { ?e mg:xref ?x }", {"x": xref})
        assert len(rows) == 1, (xref, rows)
    assert (
        str(store.select("SELECT DISTINCT ?e WHERE { ?e mg:xref 'uniprot:Q9NZQ7' }")[0]["e"])
        == "https://w3id.org/mechgraph/entity/PD-L1"
    )
    # CollecTRI's symbol SP7 joined SIGNOR's osterix (Q8TDD2): no hgnc.symbol:SP7 entity
    ids = {r["i"] for r in store.select("SELECT ?i WHERE { ?e dcterms:identifier ?i }")}
    assert "uniprot:Q8TDD2" in ids and "hgnc.symbol:SP7" not in ids
    assert "uniprot:Q9NZQ7" not in ids  # PD-L1 is the curated entity, not a copy
    rows = store.select(
        "SELECT ?o WHERE { ?st rdf:subject mge:RUNX2 ; rdf:object ?o ; mg:relation 'increases' }",
        source="collectri",
    )
    assert "https://w3id.org/mechgraph/entity/uniprot:Q8TDD2" in {str(r["o"]) for r in rows}


def test_sources_kept_apart(merged):
    from mechgraph.reasoning.network import load_network
    from mechgraph.store import open_store

    store = open_store(f"oxigraph:{merged[0]}")
    curated = load_network(store)
    shipped = load_network(open_store())
    assert sorted(curated.edges(keys=True)) == sorted(shipped.edges(keys=True))
    everything = load_network(store, source="all")
    imported = load_network(store, source="imported")
    sources = {d["statement"].source for _, _, d in everything.edges(data=True)}
    assert sources == {"curated", "signor-pkn", "collectri"}
    assert {d["statement"].source for _, _, d in imported.edges(data=True)} == {"signor-pkn", "collectri"}
    assert everything.number_of_edges() == curated.number_of_edges() + imported.number_of_edges()
    assert store.imported_sources() == ["collectri", "signor-pkn"]


def test_paths_across_the_merged_graph(merged):
    from mechgraph.cli import cli

    runner = CliRunner()
    spec = f"oxigraph:{merged[0]}"
    out = runner.invoke(
        cli,
        ["--store", spec, "paths", "β-catenin", "RUNX2", "--source", "all", "--format", "json"],
        catch_exceptions=False,
    )
    assert out.exit_code == 0, out.output
    import json

    doc = json.loads(out.output)
    origins = {s["source"] for p in doc["paths"] for step in p["steps"] for s in step["statements"]}
    assert doc["status"] == "found" and {"curated", "signor-pkn"} <= origins
    text = runner.invoke(cli, ["--store", spec, "paths", "β-catenin", "RUNX2", "--source", "all"])
    assert " from curated)" in text.output and " from signor-pkn)" in text.output
    curated = runner.invoke(cli, ["--store", spec, "paths", "PD-L1", "RUNX2", "--format", "json"])
    assert all(
        "source" not in s
        for p in json.loads(curated.output)["paths"]
        for step in p["steps"]
        for s in step["statements"]
    )
    shown = runner.invoke(
        cli, ["--store", spec, "show", "RUNX2", "--source", "collectri", "--format", "json"]
    )
    view = json.loads(shown.output)
    assert view["incoming"] and {s["source"] for s in view["incoming"]} == {"collectri"}
    bad = runner.invoke(cli, ["--store", spec, "paths", "PD-L1", "RUNX2", "--source", "nope"])
    assert bad.exit_code == 5 and "unknown source 'nope'" in bad.output


def test_query_source_and_rebuild_keeps_imports(merged, tmp_path):
    import shutil

    from mechgraph.sparql import query
    from mechgraph.store import open_store, shipped_graph_path, write_oxigraph

    copy = tmp_path / "store"
    shutil.copytree(merged[0], copy)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?st a mg:Association }"
    store = open_store(f"oxigraph:{copy}")
    n_curated = query(count, store).rows[0]["n"]
    n_all = query(count, store, source="all").rows[0]["n"]
    n_pkn = query(count, store, source="signor-pkn").rows[0]["n"]
    assert n_curated == query(count).rows[0]["n"] and n_pkn == 38_428
    assert n_all > n_curated + n_pkn
    write_oxigraph(shipped_graph_path().read_text(encoding="utf-8"), copy)  # what build does
    from mechgraph import store as stores

    stores._OPEN.clear()
    again = open_store(f"oxigraph:{copy}")
    assert query(count, again, source="all").rows[0]["n"] == n_all
    assert again.imported_sources() == ["collectri", "signor-pkn"]


def test_the_source_is_the_default_graph_and_graph_clauses_reach_every_import(merged):
    """The source picks the default graph; a GRAPH clause names graphs explicitly and reaches
    every named graph (SPARQL's dataset), which is how the endpoint lists the imports."""
    from mechgraph.sparql import query
    from mechgraph.store import open_store

    store = open_store(f"oxigraph:{merged[0]}")
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    signed = "SELECT (COUNT(*) AS ?n) WHERE { ?st mg:sign ?sign }"
    every = ["collectri", "entities", "signor-pkn"]
    for source in ("curated", "collectri", "imported", "all"):
        found = [str(r["g"]).rsplit("/", 1)[1] for r in query(graphs, store, source=source).rows]
        assert found == every, source
    assert query(signed, store, source="signor-pkn").rows[0]["n"] == 38_428
    assert query(signed, store).rows[0]["n"] == query(signed).rows[0]["n"]  # the curated graph's


def test_contradicting_pairs_about_an_entity_on_the_merged_graph(merged):
    """The bounded form answers for the entities SIGNOR's PKN pairs most, and for a curated
    one, exactly the rows of the whole listing that name the entity."""
    from collections import Counter

    from mechgraph.sparql import examples, query
    from mechgraph.store import IRI, open_store

    store = open_store(f"oxigraph:{merged[0]}", "all")
    listing = query(examples()["contradicting-statement-pairs"].text, store).rows
    ends = {
        str(r["st"]): (str(r["s"]), str(r["o"]))
        for r in store.select("SELECT ?st ?s ?o WHERE { ?st mg:sign ?x ; rdf:subject ?s ; rdf:object ?o }")
    }
    touched = Counter(e for r in listing for e in set(ends[str(r["up"])] + ends[str(r["down"])]))
    most = [e for e, _ in touched.most_common(3)]
    assert len(listing) > 100 and touched[most[-1]] > 10
    for about in (*most, "https://w3id.org/mechgraph/entity/PD-L1"):
        found = query(examples()["contradicting-pairs-about-entity"].text, store, {"entity": IRI(about)}).rows
        expected = [
            dict(r, entity=about) for r in listing if about in ends[str(r["up"])] + ends[str(r["down"])]
        ]
        assert found == expected and found, about


def test_show_on_merged_store_puts_curated_first_and_counts_the_imported(merged):
    """A hub of a large network has thousands of imported statements: show lists the curated
    ones with their evidence, counts the imported ones by source and lists a few, in a first
    screen; --all and json give every one."""
    import json

    from mechgraph.cli import cli
    from mechgraph.render.text import IMPORTED_SHOWN

    spec = f"oxigraph:{merged[0]}"
    runner = CliRunner()
    full = json.loads(
        runner.invoke(cli, ["--store", spec, "show", "RUNX2", "--source", "all", "--format", "json"]).output
    )
    imported = [s for side in ("outgoing", "incoming") for s in full[side] if s["source"] != "curated"]
    curated = [s for side in ("outgoing", "incoming") for s in full[side] if s["source"] == "curated"]
    assert len(imported) > 3 * IMPORTED_SHOWN and curated
    out = runner.invoke(cli, ["--store", spec, "show", "RUNX2", "--source", "all"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    n_all = len(full["incoming"])
    n_in = sum(1 for s in full["incoming"] if s["source"] != "curated")
    head = next(line for line in lines if line.startswith("statements in ("))
    assert head == f"statements in ({n_all:,}: {n_all - n_in:,} curated, {n_in:,} imported):"
    assert "“PD-L1 promotes osteogenic differentiation by upregulating RUNX2 expression”" in out.output
    # in each section, the curated statements, then the imported ones, counted by source
    for side, title in (("outgoing", "statements out ("), ("incoming", "statements in (")):
        at = next(i for i, line in enumerate(lines) if line.startswith(title))
        section = lines[at + 1 : lines.index("", at + 1) if "" in lines[at + 1 :] else len(lines)]
        split = next(i for i, line in enumerate(section) if line.startswith("  imported ("))
        before, after = "\n".join(section[:split]), section[split + 1 :]
        assert all(f"({s['id']})" in before for s in full[side] if s["source"] == "curated")
        listed = [
            s for s in full[side] if s["source"] != "curated" and any(f"({s['id']})" in x for x in after)
        ]
        n_imported = sum(1 for s in full[side] if s["source"] != "curated")
        assert len(listed) == len(after) == min(IMPORTED_SHOWN, n_imported)
        assert all(line.endswith(f"  [{s['source']}]") for line, s in zip(after, listed, strict=True))
    shown = [line for line in lines if "—[" in line]
    hidden = len(imported) - (len(shown) - len(curated))
    assert (
        lines[-1]
        == f"{hidden:,} more imported statements not listed: --all lists every one with its evidence."
    )
    every = runner.invoke(cli, ["--store", spec, "show", "RUNX2", "--source", "all", "--all"]).output
    assert all(f"({s['id']})" in every for s in imported) and "not listed" not in every
    curated_only = runner.invoke(cli, ["--store", spec, "show", "RUNX2"]).output
    assert "imported" not in curated_only and "statements in (2):" in curated_only


def test_contradictions_on_merged_store_count_first_and_list_the_curated(merged):
    """With a whole signed network read, contradictions opens with the counts by origin,
    lists every group holding a curated statement, then the first imported-only groups."""
    import json

    from mechgraph.cli import cli
    from mechgraph.render.conflicts import IMPORTED_GROUPS_SHOWN

    spec = f"oxigraph:{merged[0]}"
    runner = CliRunner()
    args = ["--store", spec, "contradictions", "--source", "all"]
    groups = json.loads(runner.invoke(cli, [*args, "--format", "json"]).output)
    origins = [
        {s.get("source", "curated") == "curated" for s in (*g["increases"], *g["decreases"])} for g in groups
    ]
    n_curated = sum(o == {True} for o in origins)
    n_mixed = sum(o == {True, False} for o in origins)
    n_imported = sum(o == {False} for o in origins)
    assert n_curated == 9 and n_imported > IMPORTED_GROUPS_SHOWN
    out = runner.invoke(cli, args)
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    pairs = sum(len(g["pairs"]) for g in groups)
    assert lines[0] == (
        f"{len(groups):,} group(s), {pairs:,} pair(s) of statements of opposite sign: {n_curated:,} curated, "
        f"{n_mixed:,} mixing curated and imported statements, {n_imported:,} imported only"
    )
    heads = [line for line in lines[1:-1] if not line.startswith("   ")]
    assert len(heads) == n_curated + n_mixed + IMPORTED_GROUPS_SHOWN
    kinds = ["imported" if " from " in lines[lines.index(h) + 1] else "curated" for h in heads]
    assert kinds == ["curated"] * (n_curated + n_mixed) + ["imported"] * IMPORTED_GROUPS_SHOWN
    assert "PD-L1 → osteoclastogenesis  (separated by setting)" in heads
    hidden = n_imported - IMPORTED_GROUPS_SHOWN
    assert lines[-1] == f"{hidden:,} more groups of imported statements not listed: --all lists every one."
    every = runner.invoke(cli, [*args, "--all"]).output.splitlines()
    assert len([line for line in every if not line.startswith("   ")]) == 1 + len(groups)
