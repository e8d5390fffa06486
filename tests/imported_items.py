"""An importer's items as the tests read them: the statements, skips and entities a reader
gives (the model's contract), with the order the contract asks checked on the way in."""

from __future__ import annotations

from mechgraph.importers.common import PUBMED, Skip
from mechgraph.model import Entity, Statement


class Items:
    """A reader's items: ``statements``, ``skips``, ``entities`` (each CURIE's first
    description) and ``given`` (every entity item, in order)."""

    def __init__(self, items) -> None:
        self.items = list(items)
        self.statements = [i for i in self.items if isinstance(i, Statement)]
        self.skips = [i for i in self.items if isinstance(i, Skip)]
        self.given = [i for i in self.items if isinstance(i, Entity)]
        self.entities: dict[str, Entity] = {}
        for i in self.items:  # every CURIE a statement or a complex names is given before
            if isinstance(i, Entity):
                assert all(m in self.entities for m in i.members), i
                self.entities.setdefault(i.id, i)
            elif isinstance(i, Statement):
                assert i.subject in self.entities and i.object in self.entities, i
        assert len(self.given) == len(set(self.given)), "an entity given twice"

    def label(self, curie: str) -> str:
        return self.entities[curie].label

    def one(self, a: str, b: str, relation: str | None = None) -> Statement:
        """The one statement from the entity labelled ``a`` to the one labelled ``b``."""
        found = [
            st
            for st in self.statements
            if self.label(st.subject) == a
            and self.label(st.object) == b
            and (relation is None or st.relation == relation)
        ]
        assert len(found) == 1, found
        return found[0]


def pmids(st: Statement) -> tuple[str, ...]:
    """The PubMed ids an imported statement's evidence cites, in the source's order."""
    return tuple(ref.removeprefix(PUBMED).rstrip("/") for ev in st.evidence for ref in ev.dois)


def species(st: Statement) -> str | None:
    return st.context_dict.get("species")
