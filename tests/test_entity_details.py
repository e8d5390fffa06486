"""``show`` on the shipped graph answers from the entity details prepared with it, the
same as the store gives, and asks the store when those details are missing or stale."""

from __future__ import annotations

import json
import shutil

import pytest

from mechgraph import entity_details
from mechgraph.lookup import entity_details as read_details
from mechgraph.lookup import entity_names, entity_view, resolve_entity, statements_about
from mechgraph.render.text import entity_json, entity_text
from mechgraph.store import Store, open_store, shipped_graph_path
from mechgraph.store import cache as cache_module

VIEW = f"{entity_details.VIEW}-curated"


def _fresh_shipped() -> Store:
    """The shipped graph as a new process opens it: parsed only when a query needs it."""
    path = shipped_graph_path()
    store = Store(None, "shipped graph", loader=lambda: open_store(f"file:{path}").oxigraph)
    store.shipped = True
    return store


def _from_the_store(name: str):
    """``show``'s view of ``name`` read from the shipped graph's triples, not its views."""
    store = open_store(f"file:{shipped_graph_path()}")
    hit = resolve_entity(store, name)
    return read_details(store, hit, statements_about(store, hit.iri))


def _same(ours, theirs) -> None:
    assert ours == theirs
    for kind in ("outgoing", "incoming", "in_context"):
        assert [st.id for st in getattr(ours, kind)] == [st.id for st in getattr(theirs, kind)]
    assert json.dumps(entity_json(ours), ensure_ascii=False) == json.dumps(
        entity_json(theirs), ensure_ascii=False
    )
    assert entity_text(ours) == entity_text(theirs)


def test_every_entity_is_shown_as_the_store_gives_it_without_parsing_the_graph():
    shipped = _fresh_shipped()
    ids = sorted({str(r["e"]).rsplit("/", 1)[1] for r in entity_names(shipped)})
    assert len(ids) > 300
    kinds = set()
    for eid in ids:
        ours = entity_details.prepared_entity_view(shipped, resolve_entity(shipped, eid))
        assert ours is not None, eid
        _same(ours, _from_the_store(eid))
        kinds |= {k for k in ("outgoing", "incoming", "in_context", "trial") if getattr(ours, k)}
    assert kinds == {"outgoing", "incoming", "in_context", "trial"}  # every part was compared
    assert shipped._box[0] is None  # the graph itself was never loaded


def test_a_users_store_or_another_source_is_read_from_the_store():
    store = open_store(f"file:{shipped_graph_path()}")
    assert entity_details.prepared_entity_view(store, resolve_entity(store, "PD-L1")) is None
    everything = _fresh_shipped().view("all")
    assert entity_details.prepared_entity_view(everything, resolve_entity(everything, "PD-L1")) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda view: view["entities"].pop("PD-L1"),  # an entity it does not know
        lambda view: view["statements"].clear(),  # a statement it names is missing
        lambda view: view.pop("entities"),  # another layout
    ],
)
def test_details_that_miss_or_mangle_the_entity_are_not_used(monkeypatch, damage):
    plain = json.loads(json.dumps(cache_module.shipped_view(VIEW)))
    damage(plain)
    monkeypatch.setitem(cache_module._shipped, VIEW, plain)
    shipped = _fresh_shipped()
    _same(entity_view(shipped, "PD-L1"), _from_the_store("PD-L1"))
    assert shipped._box[0] is not None  # answered by the store


def test_details_prepared_from_another_graph_are_not_read(tmp_path, monkeypatch):
    graph = tmp_path / "mechgraph.nt"
    shutil.copy(shipped_graph_path(), graph)
    prepared = json.loads((shipped_graph_path().with_name("views") / f"{VIEW}.json").read_text("utf-8"))
    prepared["view"]["entities"]["PD-L1"]["description"] = "what a stale file would hold"
    (tmp_path / "views").mkdir()
    (tmp_path / "views" / f"{VIEW}.json").write_text(json.dumps(prepared), encoding="utf-8")
    monkeypatch.setattr("mechgraph.store.oxigraph.shipped_graph_path", lambda: graph)
    monkeypatch.setattr(cache_module, "_shipped", {})
    store = _fresh_shipped()
    hit = resolve_entity(store, "PD-L1")
    assert entity_details.prepared_entity_view(store, hit).description == "what a stale file would hold"

    with graph.open("a", encoding="utf-8") as fh:  # the installed graph changed
        fh.write('<urn:x> <urn:y> "z" .\n')
    monkeypatch.setattr(cache_module, "_shipped", {})
    assert entity_details.prepared_entity_view(_fresh_shipped(), hit) is None


def test_the_prepared_details_are_the_build_s_byte_for_byte():
    from mechgraph.store import _load_text

    nt = shipped_graph_path().read_text(encoding="utf-8")

    def prepared() -> str:
        built = Store(_load_text(nt), "built graph")
        return cache_module.prepared_text(entity_details.prepared_entity_details(built), nt)

    text = prepared()
    on_disk = shipped_graph_path().with_name("views") / f"{VIEW}.json"
    assert on_disk.read_text(encoding="utf-8") == text
    assert prepared() == text  # deterministic
