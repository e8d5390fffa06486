"""SHACL validation of a built graph against ontologies/shapes.ttl (pySHACL)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from mechgraph.errors import CurationError, Problem

SH = Namespace("http://www.w3.org/ns/shacl#")


def load_ontologies(ontology_dir: Path) -> tuple[Graph, Graph]:
    ontology = Graph().parse(ontology_dir / "mechgraph.ttl", format="turtle")
    shapes = Graph().parse(ontology_dir / "shapes.ttl", format="turtle")
    return ontology, shapes


def validate_graph(
    data: Graph,
    ontology: Graph,
    shapes: Graph,
    *,
    label: str = "built graph",
    origins: dict[str, str] | None = None,
    limit: int = 50,
) -> None:
    """Raise CurationError with one problem per SHACL violation (focus node, path, message).

    ``origins`` maps node IRIs to the ``file:line`` they were curated at, so a violation
    points at the YAML that caused it.
    """
    from pyshacl import validate

    combined = Graph()
    combined += data
    combined += ontology  # the flag and evidence-kind individuals are declared there
    conforms, report, _ = validate(
        combined, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    if conforms:
        return
    problems = []
    for result in sorted(report.subjects(RDF.type, SH.ValidationResult)):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        severity = report.value(result, SH.resultSeverity)
        if severity is not None and severity != SH.Violation:
            continue
        field = str(path).rsplit("/", 1)[-1].rsplit("#", 1)[-1] if path is not None else ""
        where = (origins or {}).get(str(focus), "")
        file, _, line = where.rpartition(":") if where else (label, "", "")
        problems.append(
            Problem(
                file or label,
                int(line) if line.isdigit() else None,
                field,
                f"SHACL: {message or 'shape violated'} (focus node <{focus}>)",
            )
        )
    if not problems:
        return
    problems.sort(key=lambda p: (p.field, p.message))
    if len(problems) > limit:
        extra = len(problems) - limit
        problems = problems[:limit] + [Problem(label, None, "", f"… and {extra} more")]
    raise CurationError(problems)
