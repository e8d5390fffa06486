"""mechgraph query: the four query forms, the W3C result formats, errors with line and column."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

from click.testing import CliRunner

import mechgraph
from mechgraph.cli import cli

SELECT = """SELECT ?label ?xref WHERE { mge:PD-L1 rdfs:label ?label ; mg:xref ?xref }
ORDER BY ?xref"""


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, ["query", *args])
    assert result.exit_code == code, result.output
    return result.output


def test_select_rows_through_the_api():
    rows = mechgraph.query(SELECT).rows
    assert rows == [{"label": "PD-L1", "xref": "hgnc:17635"}, {"label": "PD-L1", "xref": "uniprot:Q9NZQ7"}]


def test_w3c_result_formats_agree():
    as_json = json.loads(run(SELECT, "--format", "json"))
    assert as_json["head"]["vars"] == ["label", "xref"]
    assert [b["xref"]["value"] for b in as_json["results"]["bindings"]] == ["hgnc:17635", "uniprot:Q9NZQ7"]
    assert list(csv.reader(io.StringIO(run(SELECT, "--format", "csv")))) == [
        ["label", "xref"],
        ["PD-L1", "hgnc:17635"],
        ["PD-L1", "uniprot:Q9NZQ7"],
    ]
    assert run(SELECT, "--format", "tsv").splitlines() == [
        "?label\t?xref",
        '"PD-L1"\t"hgnc:17635"',
        '"PD-L1"\t"uniprot:Q9NZQ7"',
    ]
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(run(SELECT, "--format", "xml"))
    assert [x.text for x in root.findall(".//s:binding[@name='xref']/s:literal", ns)] == [
        "hgnc:17635",
        "uniprot:Q9NZQ7",
    ]
    table = run(SELECT)
    assert "hgnc:17635" in table and table.rstrip().endswith("(2 rows)")


def test_ask_construct_describe():
    assert run("ASK { mge:PD-L1 skos:exactMatch <http://purl.uniprot.org/uniprot/Q9NZQ7> }") == "yes\n"
    assert json.loads(run("ASK { mge:PD-L1 mg:xref 'nope' }", "--format", "json")) == {
        "head": {},
        "boolean": False,
    }
    turtle = run(
        "CONSTRUCT { ?s obo:RO_0002212 ?o } WHERE { mge:PD1-PDL1-inhibitor "
        "obo:RO_0002212 ?o . BIND(mge:PD1-PDL1-inhibitor AS ?s) }"
    )
    assert "JNK_pathway" in turtle and "@prefix" in turtle
    nt = run("DESCRIBE mge:RUNX2", "--format", "ntriples")
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    assert f'<https://w3id.org/mechgraph/entity/RUNX2> {label} "RUNX2" .' in nt


def test_graph_result_refuses_a_table_format():
    result = CliRunner().invoke(cli, ["query", "DESCRIBE mge:RUNX2", "--format", "csv"])
    assert result.exit_code == 65 and "is a graph" in result.output


def test_syntax_error_names_line_and_column():
    result = CliRunner().invoke(cli, ["query", "SELECT ?x WHERE {\n  ?x ?p\n}"])
    assert result.exit_code == 65
    assert "SPARQL syntax error at line:column 3:" in result.output


def test_bind_is_a_value_not_query_text():
    hostile = '"} ?s ?p ?o . FILTER(true) {"'
    out = run(
        "SELECT ?label ?name WHERE { ?e rdfs:label ?label . FILTER(?label = ?name) }",
        "--bind",
        f"name={hostile}",
    )
    assert out.rstrip().endswith("(0 rows)")
    out = run(
        "SELECT ?e ?label WHERE { ?e rdfs:label ?label }",
        "--bind",
        "e=<https://w3id.org/mechgraph/entity/RUNX2>",
    )
    assert "RUNX2" in out and out.rstrip().endswith("(1 row)")


def test_prefixes_and_examples_are_listed():
    assert "PREFIX mge: <https://w3id.org/mechgraph/entity/>" in run("--prefixes")
    assert "statements-about-entity" in run("--list-examples")
    out = run("--example", "statements-about-entity", "--format", "csv")
    assert "PD-L1" in out
    missing = CliRunner().invoke(cli, ["query", "--example", "statement-about-entity"])
    assert missing.exit_code == 3 and "did you mean statements-about-entity" in missing.output
