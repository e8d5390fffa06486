"""A statement the text denies (``mg:negated true``: its association is recorded, no plain
triple asserts it) is never a path step, a hierarchy step, counted evidence or a side of a
contradiction; ``show`` and SPARQL still see it, and ``explain`` lists it as denied."""

from __future__ import annotations

from dataclasses import replace

import pytest

import mechgraph
from mechgraph.io.rdf import knowledge_to_graph
from mechgraph.model import Entity, Evidence, Knowledge, Seed, Statement
from mechgraph.reasoning import hierarchy
from mechgraph.store import open_store

SAID = Evidence("s", "in_vivo", quote="said", refs=(1,))
DENIED = Evidence("s", "review", quote="does not", epistemics="negated")


@pytest.fixture
def store(tmp_path):
    k = Knowledge(seeds={"s": Seed("s", "s.txt", "10.1/x")})
    for e in ("A", "B", "C", "W"):
        k.entities[e] = Entity(e, e, "protein" if e != "W" else "pathway")
    k.statements = [
        Statement("A", "increases", "B", evidence=(DENIED,)),  # the text denies it
        Statement("A", "decreases", "B", evidence=(SAID,)),
        Statement("B", "increases", "C", evidence=(SAID,)),
        Statement(
            "A", "part_of", "W", evidence=(DENIED, replace(DENIED, quote="will be", epistemics="proposed"))
        ),  # denied, only proposed
        Statement("W", "increases", "C", evidence=(SAID,)),
    ]
    path = tmp_path / "denied.nt"
    knowledge_to_graph(k).serialize(path, format="nt")
    return open_store(str(path))


def test_a_denied_statement_is_no_step_and_no_side(store):
    g = mechgraph.load_network(store)
    assert not any(st.relation == "increases" for _, _, st in g.edges("A", data="statement"))
    assert {(st.subject, st.relation, st.object) for st in g.graph["denied"]} == {
        ("A", "increases", "B"),
        ("A", "part_of", "W"),
    }
    assert hierarchy.wholes(g, "A") == []  # no parthood step to W
    ex = mechgraph.explain("A", "C", store)
    assert ex.verdict == "decreases"  # A ⊣ B → C only: not A → B → C, not A ⊂ W → C
    assert [p.nodes for p in ex.search.paths] == [("A", "B", "C")]
    assert not ex.uncounted  # a denial is not a path that merely goes uncounted
    assert mechgraph.contradictions(g) == []


def test_a_denied_statement_stays_visible(store):
    ex = mechgraph.explain("A", "B", store)
    assert ex.verdict == "decreases"
    denied = [st for st, _ in ex.direct if st.relation == "increases"]
    assert denied and ex.excluded[denied[0].id] == "denied in the text"
    assert {(s.relation, s.object) for s in mechgraph.show("A", store).outgoing} >= {
        ("increases", "B"),
        ("part_of", "W"),
    }
    from mechgraph.sparql import example, query

    assert query(example("contradicting-statement-pairs").text, store=store).rows == []


def test_a_denied_statement_is_no_edge_of_the_signed_network(store):
    from mechgraph.sparql import examples, query

    triples = query(examples()["signed-network"].text, store).triples
    edges = {
        (
            t.subject.value.rsplit("/", 1)[1],
            t.predicate.value.rsplit("_", 1)[1],
            t.object.value.rsplit("/", 1)[1],
        )
        for t in triples
        if not t.predicate.value.endswith("#label")
    }
    # A increases B is denied: only A decreases B is an edge between them
    assert edges == {("A", "0002212", "B"), ("B", "0002213", "C"), ("W", "0002213", "C")}
