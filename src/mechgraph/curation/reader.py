"""graph/ → Knowledge: every file read, every cross-reference checked, every problem reported.

All problems are collected before raising, so a curator fixes a whole batch at once.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from mechgraph import vocab
from mechgraph.curation import schema
from mechgraph.curation.positions import PositionedYAML, load_positioned
from mechgraph.errors import CurationError, Problem
from mechgraph.model import (
    Entity,
    Evidence,
    Knowledge,
    Perturbation,
    Quantity,
    Reference,
    Seed,
    Statement,
    Trial,
    TrialArm,
)


def read_graph_dir(graph_dir: Path | str, *, check_curies: bool = True) -> Knowledge:
    """Read and cross-check graph/; raise CurationError listing every problem found."""
    graph_dir = Path(graph_dir)
    problems: list[Problem] = []
    knowledge = Knowledge()
    root = graph_dir.parent

    def rel(path: Path) -> str:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

    sources_path = graph_dir / "sources.yaml"
    if not sources_path.exists():
        raise CurationError(
            [
                Problem(
                    rel(sources_path),
                    None,
                    "",
                    "missing: the seeds and references of the graph are listed here",
                )
            ]
        )
    invalid: set[str] = set()  # ids of entities left out for their own errors
    sources = _parse(sources_path, rel(sources_path), schema.SourcesFile, problems)
    if sources is not None:
        _add_sources(sources, knowledge, problems)

    entity_files = sorted((graph_dir / "entities").glob("*.yaml"))
    for path in entity_files:
        parsed = _parse(path, rel(path), schema.EntitiesFile, problems, invalid)
        if parsed is not None:
            _add_entities(parsed, rel(path), knowledge, problems)

    statement_files = sorted((graph_dir / "statements").glob("*.yaml"))
    for path in statement_files:
        parsed = _parse(path, rel(path), schema.StatementsFile, problems)
        if parsed is not None:
            _add_statements(parsed, rel(path), knowledge, problems)

    review_path = graph_dir / "review.yaml"
    if review_path.exists():
        parsed = _parse(review_path, rel(review_path), schema.ReviewFile, problems)
        if parsed is not None:
            _add_review(parsed, knowledge, problems)

    _check_entity_links(knowledge, problems)
    if invalid:  # an entity already reported as invalid is not also unknown where it is used
        problems[:] = [
            p for p in problems if not any(p.message.startswith(f"unknown entity id {i!r}") for i in invalid)
        ]
    if check_curies:
        problems.extend(check_xrefs(knowledge.entities.values()))
    if problems:
        raise CurationError(problems)
    return knowledge


class _Parsed:
    def __init__(self, doc: Any, pos: PositionedYAML, file: str, kept: tuple[str, list[int]] | None = None):
        self.doc = doc
        self.pos = pos
        self.file = file
        self.kept = kept  # (list field, index in the file of each item kept) when some were not

    def _in_file(self, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
        if self.kept and len(path) > 1 and path[0] == self.kept[0] and isinstance(path[1], int):
            return (path[0], self.kept[1][path[1]], *path[2:])
        return path

    def origin(self, *path: str | int) -> str:
        return f"{self.file}:{self.pos.line_of(self._in_file(path))}"

    def problem(self, path: tuple[str | int, ...], message: str) -> Problem:
        path = self._in_file(path)
        return Problem(self.file, self.pos.line_of(path), _dotted(path), message)


def _parse(
    path: Path, file: str, model: type[BaseModel], problems: list[Problem], invalid: set[str] | None = None
) -> _Parsed | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(file, None, "", f"cannot read: {exc}"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:  # reported at its line; the rest of the file is read
        problems.append(
            Problem(
                file,
                raw[: exc.start].count(b"\n") + 1,
                "",
                f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
            )
        )
        text = raw.decode("utf-8", "replace")
    try:
        pos = load_positioned(text, file)
    except CurationError as exc:
        problems.extend(exc.problems)
        return None
    data = pos.data if pos.data is not None else {}
    try:
        doc = model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            problems.append(Problem(file, pos.line_of(loc), _dotted(loc), _message(err)))
        return _without_bad_items(model, data, exc, pos, file, invalid)
    return _Parsed(doc, pos, file)


def _without_bad_items(
    model: type[BaseModel],
    data: Any,
    exc: ValidationError,
    pos: PositionedYAML,
    file: str,
    invalid: set[str] | None,
) -> _Parsed | None:
    """When every error lies inside items of the file's list (entities, statements), the
    file without those items: one bad item does not discard the others, and an entity
    left out is named in ``invalid`` so that its uses are not reported as unknown too."""
    field = next((f for f in ("entities", "statements") if f in model.model_fields), None)
    items = data.get(field) if field and isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    bad = set()
    for err in exc.errors():
        loc = err["loc"]
        if len(loc) < 2 or loc[0] != field or not isinstance(loc[1], int):
            return None
        bad.add(loc[1])
    kept = [i for i in range(len(items)) if i not in bad]
    if invalid is not None:
        invalid.update(
            items[i]["id"] for i in bad if isinstance(items[i], dict) and isinstance(items[i].get("id"), str)
        )
    try:
        doc = model.model_validate({**data, field: [items[i] for i in kept]})
    except ValidationError:
        return None
    return _Parsed(doc, pos, file, (field, kept))


def _dotted(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(err: dict[str, Any]) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "unknown field (see graph/README.md for the fields allowed here)"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"expected one of {expected}; got {err['input']!r}"
    if kind == "missing":
        return "required field is missing"
    msg = err["msg"]
    return msg.removeprefix("Value error, ")


def _add_sources(parsed: _Parsed, k: Knowledge, problems: list[Problem]) -> None:
    for i, s in enumerate(parsed.doc.seeds):
        if s.id in k.seeds:
            problems.append(parsed.problem(("seeds", i, "id"), f"duplicate seed id {s.id!r}"))
            continue
        k.seeds[s.id] = Seed(s.id, s.file, s.doi, s.title, s.citation, s.license, tuple(s.sections))
    for i, r in enumerate(parsed.doc.references):
        if r.seed not in k.seeds:
            problems.append(parsed.problem(("references", i, "seed"), f"unknown seed {r.seed!r}"))
            continue
        key = (r.seed, r.number)
        if key in k.references:
            problems.append(
                parsed.problem(
                    ("references", i, "number"), f"reference {r.number} of {r.seed} is listed twice"
                )
            )
            continue
        k.references[key] = Reference(r.seed, r.number, r.citation, r.doi, r.model)


def _add_entities(parsed: _Parsed, file: str, k: Knowledge, problems: list[Problem]) -> None:
    for i, e in enumerate(parsed.doc.entities):
        if e.id in k.entities:
            other = k.entities[e.id].origin
            problems.append(
                parsed.problem(("entities", i, "id"), f"duplicate entity id {e.id!r} (first at {other})")
            )
            continue
        trial = None
        if e.trial is not None:
            t = e.trial
            trial = Trial(
                t.phase,
                t.population,
                tuple(t.conditions),
                tuple(TrialArm(a.label, tuple(a.interventions), a.n) for a in t.arms),
                t.n,
            )
        k.entities[e.id] = Entity(
            id=e.id,
            label=e.label,
            type=e.type,
            synonyms=tuple(e.synonyms),
            xrefs=tuple(e.xrefs),
            description=e.description,
            members=tuple(e.members),
            note=e.note,
            trial=trial,
            origin=parsed.origin("entities", i),
        )


def _add_review(parsed: _Parsed, k: Knowledge, problems: list[Problem]) -> None:
    """The curators' decisions: documented leaves and pairs of names kept apart."""
    for i, leaf in enumerate(parsed.doc.leaves):
        if leaf.entity not in k.entities:
            problems.append(parsed.problem(("leaves", i, "entity"), f"unknown entity id {leaf.entity!r}"))
        elif leaf.entity in k.leaves:
            problems.append(parsed.problem(("leaves", i, "entity"), f"{leaf.entity!r} is listed twice"))
        k.leaves[leaf.entity] = leaf.reason
    for i, d in enumerate(parsed.doc.distinct):
        for j, pair in enumerate(d.pairs):
            for name in pair:
                if name not in k.entities:
                    problems.append(
                        parsed.problem(("distinct", i, "pairs", j), f"unknown entity id {name!r}")
                    )
            k.distinct[frozenset(pair)] = d.reason


def _context_pairs(ctx: schema.ContextDoc) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in ctx.model_dump().items() if v is not None))


def _add_statements(parsed: _Parsed, file: str, k: Knowledge, problems: list[Problem]) -> None:
    doc: schema.StatementsFile = parsed.doc
    if doc.source not in k.seeds:
        problems.append(
            parsed.problem(("source",), f"unknown seed {doc.source!r}; known: {', '.join(sorted(k.seeds))}")
        )
        return
    seen = {s.id: s for s in k.statements}
    for i, st in enumerate(doc.statements):
        evidence = []
        for j, ev in enumerate(st.evidence):
            path = ("statements", i, "evidence", j)
            if ev.perturbation is not None:
                expected = _expected_sign(ev.perturbation.type, ev.perturbation.observed)
                sign = vocab.RELATIONS[st.relation].sign
                if sign is None or sign != expected:
                    problems.append(
                        parsed.problem(
                            (*path, "perturbation"),
                            f"a {ev.perturbation.type} that {ev.perturbation.observed} the object "
                            f"means the unperturbed subject {'increases' if expected > 0 else 'decreases'}"
                            f" it; the statement says {st.relation}",
                        )
                    )
            section = ev.section or st.section or doc.section
            declared = k.seeds[doc.source].sections
            if declared and section not in declared:
                problems.append(
                    parsed.problem(
                        (*path, "section") if ev.section else ("statements", i),
                        f"section {section!r} is not one of {doc.source}'s sections ({', '.join(declared)})",
                    )
                )
            refs_known = any(key[0] == doc.source for key in k.references)
            for r in ev.refs:
                if refs_known and (doc.source, r) not in k.references:
                    problems.append(parsed.problem((*path, "refs"), f"{doc.source} has no reference {r}"))
            cited = (k.references.get((doc.source, r)) for r in ev.refs)
            evidence.append(
                Evidence(
                    source=doc.source,
                    kind=ev.kind,
                    quote=ev.quote,
                    refs=tuple(ev.refs),
                    section=section,
                    quantities=tuple(Quantity(**q.model_dump()) for q in ev.quantities),
                    perturbation=(
                        Perturbation(ev.perturbation.type, ev.perturbation.observed)
                        if ev.perturbation
                        else None
                    ),
                    rationale=ev.rationale,
                    origin=parsed.origin(*path),
                    epistemics=ev.epistemics or "asserted",
                    epistemics_stated=ev.epistemics is not None,
                    dois=tuple(sorted({vocab.DOI + ref.doi for ref in cited if ref and ref.doi})),
                    document=f"doi:{k.seeds[doc.source].doi}",
                )
            )
        statement = Statement(
            subject=st.subject,
            relation=st.relation,
            object=st.object,
            context=_context_pairs(st.context),
            direct=st.direct,
            evidence=tuple(evidence),
            flags=tuple(st.flags),
            note=st.note,
            files=(file,),
            origin=parsed.origin("statements", i),
        )
        first = seen.get(statement.id)
        if first is None:
            seen[statement.id] = statement
            k.statements.append(statement)
        elif file in first.files or first.direct != statement.direct:
            why = (
                "in the same file: merge their evidence"
                if file in first.files
                else "with a different `direct`: make them agree"
            )
            problems.append(
                parsed.problem(
                    ("statements", i),
                    f"duplicate statement {statement.id} ({st.subject} {st.relation} {st.object}, "
                    f"same context) first at {first.origin}, {why}",
                )
            )
        else:
            merged = _merge(first, statement)
            seen[statement.id] = merged
            k.statements[k.statements.index(first)] = merged


def _merge(first: Statement, other: Statement) -> Statement:
    """The same claim curated in two topic files (e.g. from both seeds): one statement."""
    from dataclasses import replace

    notes = [n for n in (first.note, other.note) if n]
    return replace(
        first,
        evidence=first.evidence + other.evidence,
        flags=tuple(sorted(set(first.flags) | set(other.flags))),
        note=" | ".join(dict.fromkeys(notes)) or None,
        files=first.files + other.files,
    )


def _expected_sign(kind: str, observed: str) -> int:
    sign = 1 if observed == "increases" else -1
    return -sign if kind in vocab.LOSS_OF_FUNCTION else sign


def _closest(name: str, k: Knowledge) -> str:
    names = list(k.entities)
    labels = {e.label: e.id for e in k.entities.values()}
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    close += [labels[x] for x in difflib.get_close_matches(name, list(labels), n=3, cutoff=0.6)]
    close = list(dict.fromkeys(close))[:3]
    return f"; did you mean {', '.join(close)}?" if close else ""


def _check_entity_links(k: Knowledge, problems: list[Problem]) -> None:
    def unknown(origin: str | None, field: str, name: str) -> Problem:
        file, _, line = (origin or "?:").rpartition(":")
        return Problem(
            file,
            int(line) if line.isdigit() else None,
            field,
            f"unknown entity id {name!r}{_closest(name, k)}",
        )

    labels: dict[str, Entity] = {}
    xrefs: dict[str, Entity] = {}
    for e in k.entities.values():
        for m in e.members:
            if m not in k.entities:
                problems.append(unknown(e.origin, f"{e.id}.members", m))
        if e.trial:
            for c in e.trial.conditions:
                if c not in k.entities:
                    problems.append(unknown(e.origin, f"{e.id}.trial.conditions", c))
            for arm in e.trial.arms:
                for x in arm.interventions:
                    if x not in k.entities:
                        problems.append(unknown(e.origin, f"{e.id}.trial.arms", x))
        key = e.label.casefold()
        if key in labels:
            problems.append(
                _at(
                    e.origin,
                    "label",
                    f"label {e.label!r} is also the label of {labels[key].id!r} ({labels[key].origin})",
                )
            )
        labels.setdefault(key, e)
        for x in e.xrefs:
            xkey = x.casefold()
            if xkey in xrefs:
                problems.append(
                    _at(e.origin, "xrefs", f"{x} also identifies {xrefs[xkey].id!r} ({xrefs[xkey].origin})")
                )
            xrefs.setdefault(xkey, e)
    for s in k.statements:
        for field, name in (("subject", s.subject), ("object", s.object)):
            if name not in k.entities:
                problems.append(unknown(s.origin, field, name))
        for key, value in s.context:
            prop, is_entity = vocab.CONTEXT_KEYS[key]
            if is_entity:
                if value not in k.entities:
                    problems.append(unknown(s.origin, f"context.{key}", value))
                elif key == "trial" and k.entities[value].type != "clinical_trial":
                    problems.append(
                        _at(
                            s.origin,
                            "context.trial",
                            f"{value!r} is a {k.entities[value].type}, not a clinical_trial",
                        )
                    )
                elif key == "cell_type" and k.entities[value].type != "cell_type":
                    problems.append(
                        _at(
                            s.origin,
                            "context.cell_type",
                            f"{value!r} is a {k.entities[value].type}, not a cell_type",
                        )
                    )


def _at(origin: str | None, field: str, message: str) -> Problem:
    file, _, line = (origin or "?:").rpartition(":")
    return Problem(file, int(line) if line.isdigit() else None, field, message)


def check_xrefs(entities) -> list[Problem]:
    """Every xref must be a CURIE that Bioregistry knows, with an identifier of the right form."""
    import bioregistry

    problems = []
    for e in entities:
        for x in e.xrefs:
            prefix, sep, ident = x.partition(":")
            if not sep or not ident:
                problems.append(_at(e.origin, f"{e.id}.xrefs", f"{x!r} is not a CURIE (prefix:identifier)"))
                continue
            norm = bioregistry.normalize_prefix(prefix)
            if norm is None:
                problems.append(
                    _at(e.origin, f"{e.id}.xrefs", f"{x!r}: Bioregistry does not know the prefix {prefix!r}")
                )
                continue
            if bioregistry.is_valid_identifier(norm, ident) is False:
                pattern = bioregistry.get_pattern(norm)
                problems.append(
                    _at(
                        e.origin,
                        f"{e.id}.xrefs",
                        f"{x!r}: identifier {ident!r} does not match {norm}'s pattern {pattern}",
                    )
                )
    return problems
