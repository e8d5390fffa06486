"""What ``show`` gives of each entity of the shipped graph, prepared with it at build.

``show`` on the shipped graph would otherwise parse the whole graph (a third of its
time) for one entity's identifiers and statements. ``mechgraph build`` writes, beside
the shipped graph's other views (mechgraph.store.cache), each entity's details and the
statements about it in the plain form of mechgraph.io.plain, keyed by the graph's hash;
``show`` reads them back instead, and asks the store whenever they are missing or were
prepared from another graph (a user's own store, a remote one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mechgraph import vocab

if TYPE_CHECKING:
    from mechgraph.lookup import EntityView
    from mechgraph.names import EntityHit
    from mechgraph.store import Store

VIEW = "entity-details"
_LISTS = ("synonyms", "xrefs", "exact_matches", "members", "member_of")


def prepared_entity_details(store: Store) -> dict:
    """Every entity's ``show`` of ``store`` (the curated graph) as plain data: its
    identifiers and notes, the ids of the statements about it in the order ``show`` lists
    them, and each of those statements once."""
    from mechgraph.io.plain import statement_to_plain
    from mechgraph.io.rdf_reader import read_statements
    from mechgraph.lookup import _ordered, entity_details
    from mechgraph.names import EXACT, EntityHit, entity_names

    about: dict[str, dict[str, Any]] = {}
    for st in read_statements(store):
        named = {st.subject, st.object}
        named |= {v for k, v in st.context if vocab.CONTEXT_KEYS[k][1]}
        for eid in named:
            about.setdefault(eid, {})[st.id] = st
    hits = {}
    for row in entity_names(store):
        eid = str(row["e"]).removeprefix(vocab.ENTITY)
        kind = vocab.TYPE_BY_CLASS.get(row["type"], row["type"])
        hits[eid] = EntityHit(eid, str(row["e"]), row["label"], kind, eid, "id", EXACT)
    entities: dict[str, dict] = {}
    statements: dict[str, tuple] = {}
    for eid, hit in sorted(hits.items()):
        listed = _ordered(store, list(about.get(eid, {}).values()))
        view = entity_details(store, hit, listed)
        entities[eid] = {
            **{name: getattr(view, name) for name in _LISTS},
            "description": view.description,
            "note": view.note,
            "statements": [st.id for st in listed],
            "trial": _trial_to_plain(view.trial),
        }
        statements.update((st.id, statement_to_plain(st)) for st in listed)
    return {"entities": entities, "statements": dict(sorted(statements.items()))}


def prepared_entity_view(store: Store, hit: EntityHit) -> EntityView | None:
    """``show``'s view of ``hit`` from the details prepared with the shipped graph; None
    for any other store, or where they are missing, stale or do not name the entity."""
    if not getattr(store, "shipped", False) or store.source != "curated":
        return None
    from mechgraph.store.cache import shipped_view

    plain = shipped_view(f"{VIEW}-curated")
    try:
        return _decode(store, hit, plain) if plain is not None else None
    except Exception:  # prepared by another version of the code: ask the store
        return None


def _decode(store: Store, hit: EntityHit, plain: dict) -> EntityView | None:
    from mechgraph.io.plain import statement_from_plain
    from mechgraph.lookup import EntityView, _labels_of

    details = plain["entities"].get(hit.id)
    if details is None:
        return None
    table = plain["statements"]
    listed = [statement_from_plain(table[sid]) for sid in details["statements"]]
    return EntityView(
        id=hit.id,
        iri=hit.iri,
        label=hit.label,
        type=hit.type,
        **{name: list(details[name]) for name in _LISTS},
        description=details["description"],
        note=details["note"],
        outgoing=[s for s in listed if s.subject == hit.id],
        incoming=[s for s in listed if s.object == hit.id],
        in_context=[s for s in listed if hit.id not in (s.subject, s.object)],
        trial=_trial_from_plain(details["trial"]),
        labels=_labels_of(store, listed),
    )


def _trial_to_plain(trial: dict | None) -> list | None:
    """A trial's details as a list (JSON would sort a dict's keys, and ``show --format
    json`` gives them in the order ``lookup`` writes them)."""
    if trial is None:
        return None
    arms = [[arm["label"], arm["n"], arm["interventions"]] for arm in trial["arms"]]
    return [trial["phase"], trial["population"], trial["n"], trial["conditions"], arms]


def _trial_from_plain(plain: list | None) -> dict | None:
    if plain is None:
        return None
    phase, population, n, conditions, arms = plain
    return {
        "phase": phase,
        "population": population,
        "n": n,
        "conditions": list(conditions),
        "arms": [
            {"label": label, "n": count, "interventions": list(interventions)}
            for label, count, interventions in arms
        ],
    }
