"""A real Virtuoso server as a remote store: the shipped graph is bulk-loaded with
scripts/virtuoso_load.py, as a user would load it, and the whole cookbook, its documented
bindings, explain, show, search and paths give the same answers through
``--store sparql+http://…`` as on the embedded store.

The server is Debian's virtuoso-opensource (7.2), started on free ports with a database of
its own in a temporary directory and the settings Debian ships where they change answers
(CaseMode 2, ResultSetMaxRows 10000)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import IN_CI, REPO, free_port, wait_until_up
from test_remote import _answers, documented_bindings

from mechgraph.cli import cli
from mechgraph.errors import StoreError
from mechgraph.sparql import QueryError, examples, query, serialize
from mechgraph.store import IRI, open_store

SCRIPT = REPO / "scripts" / "virtuoso_load.py"
EXPORT = REPO / "exports" / "mechgraph.nt"
GRAPH = "https://w3id.org/mechgraph/graph/curated"


def virtuoso_ini(root: Path, sql_port: int, http_port: int, imports: Path) -> str:
    return f"""[Database]
DatabaseFile = {root}/virtuoso.db
ErrorLogFile = {root}/virtuoso.log
LockFile = {root}/virtuoso.lck
TransactionFile = {root}/virtuoso.trx
xa_persistent_file = {root}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {root}/virtuoso-temp.db
TransactionFile = {root}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = {imports}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A Virtuoso server of its own: (SQL address, SPARQL endpoint URL, import directory)."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    if not binary or not isql:
        if IN_CI:
            pytest.fail("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource)")
        pytest.skip("Virtuoso (virtuoso-t, isql-vt) not installed")
    root = tmp_path_factory.mktemp("virtuoso")
    imports = root / "import"
    imports.mkdir()
    sql_port = http_port = free_port()
    while http_port == sql_port:
        http_port = free_port()
    (root / "virtuoso.ini").write_text(virtuoso_ini(root, sql_port, http_port, imports))
    log = (root / "stdout.log").open("wb")
    proc = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(root / "virtuoso.ini")],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    endpoint = f"http://127.0.0.1:{http_port}/sparql"
    wait_until_up(f"{endpoint}?query=ASK%7B%7D", proc, timeout=120)
    yield f"127.0.0.1:{sql_port}", endpoint, imports
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()


def run_script(virtuoso, *args: str) -> subprocess.CompletedProcess:
    address, endpoint, imports = virtuoso
    return subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            *args,
            "--dir",
            str(imports),
            "--isql",
            address,
            "--endpoint",
            endpoint,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "VIRTUOSO_PASSWORD": "dba"},
    )


@pytest.fixture(scope="module")
def loaded(virtuoso) -> str:
    """The shipped graph bulk-loaded with the script; the --store value it prints."""
    done = run_script(virtuoso, str(EXPORT))
    assert done.returncode == 0, done.stderr
    triples = sum(1 for line in EXPORT.read_text(encoding="utf-8").splitlines() if line.strip())
    assert re.match(rf"loaded {triples:,} triples into <{re.escape(GRAPH)}> in [\d.]+ s", done.stdout)
    store = re.search(r"--store '([^']+)'", done.stdout).group(1)
    assert store == f"sparql+{virtuoso[1]}?default-graph-uri={GRAPH}"
    return store


@pytest.fixture(scope="module")
def remote(loaded):
    return open_store(loaded)


def test_the_graph_is_loaded_whole_and_read_as_the_default_graph(remote, virtuoso):
    assert len(remote) == len(open_store())
    # the union of every graph (the endpoint without default-graph-uri) holds Virtuoso's own
    # system graphs as well: the reason the store names the graph
    everything = open_store(f"sparql+{virtuoso[1]}")
    assert len(everything) > len(remote)


_LIST_ITEM = re.compile(r"\d+|https?://\S+")


def _term(term: dict | None):
    """A term as a client reads it from SPARQL JSON (type, datatype, language, value);
    a list of numbers or IRIs (a GROUP_CONCAT, whose order SPARQL leaves open) as a set."""
    if term is None:
        return None  # unbound: absent from the JSON row, never ""
    items = [x for x in re.split(r",\s*|\s+", term["value"]) if x]
    if len(items) > 1 and all(_LIST_ITEM.fullmatch(x) for x in items):
        return term["type"], term.get("datatype"), frozenset(items)
    return tuple(sorted(term.items()))


def _client_answer(text: str, store, bindings: dict | None = None):
    """What a client receives: the JSON rows in order for SELECT, the boolean for ASK,
    the set of triples for a graph."""
    result = query(text, store, bindings)
    if result.kind == "graph":
        return set(serialize(result, "ntriples").splitlines())
    if result.kind == "ask":
        return result.boolean
    data = json.loads(serialize(result, "json"))
    names = data["head"]["vars"]
    return names, [tuple(_term(row.get(n)) for n in names) for row in data["results"]["bindings"]]


@pytest.mark.parametrize("name", sorted(examples()))
def test_cookbook_answers_are_the_same_on_virtuoso(name, remote):
    """The same JSON answer, row by row in the same order (ORDER BY collation included),
    every term with its type, an unbound value unbound; lists inside a GROUP_CONCAT cell,
    whose order SPARQL leaves open, are compared as sets."""
    text = examples()[name].text
    embedded = _client_answer(text, open_store())
    assert embedded == _client_answer(text, remote)
    assert embedded if not isinstance(embedded, tuple) else embedded[1]
    assert _answers(text, [open_store()]) == _answers(text, [remote])  # the CSV too


@pytest.mark.parametrize(("name", "var", "value"), documented_bindings())
def test_bound_cookbook_answers_are_the_same_on_virtuoso(name, var, value, remote):
    text = examples()[name].text
    assert _client_answer(text, open_store(), {var: value}) == _client_answer(text, remote, {var: value})


EVERY_VALUE = [
    # each entity of six statements or more (Virtuoso compiles each text anew, ~0.1 s): a
    # curator inference with no quote keeps its sign, refs and dois of evidence with none
    # stay unbound, quotes sharing their first 20 characters keep their order (surgery,
    # radiotherapy, chemotherapy, bone tumour)
    (
        "statements-about-entity",
        "entity",
        "SELECT ?x WHERE { ?st a mg:Association ; rdf:subject|rdf:object ?x } GROUP BY ?x "
        "HAVING (COUNT(DISTINCT ?st) >= 6)",
        50,
    ),
    # each class whose members have members: a member reached by two routes (immune
    # checkpoint inhibitor > anti-PD-1 > nivolumab, and directly) gives its chains once
    (
        "pd1-inhibitor-chains-to-bone-cells",
        "source",
        "SELECT DISTINCT ?x WHERE { ?x obo:RO_0002351/obo:RO_0002351 ?member }",
        2,
    ),
    # each entity of eight signed statements or more: the pairs that name it as a shared
    # subject, a shared object, a class or member, a whole or part
    (
        "contradicting-pairs-about-entity",
        "entity",
        "SELECT ?x WHERE { ?st mg:sign ?sign ; rdf:subject|rdf:object ?x } GROUP BY ?x "
        "HAVING (COUNT(DISTINCT ?st) >= 8)",
        15,
    ),
]


@pytest.mark.parametrize(("name", "var", "values", "at_least"), EVERY_VALUE, ids=[e[0] for e in EVERY_VALUE])
def test_answers_for_every_value_are_the_same_on_virtuoso(name, var, values, at_least, remote):
    text, local = examples()[name].text, open_store()
    found = [IRI(r["x"]) for r in query(values, local).rows]
    assert len(found) >= at_least
    differ = [
        x for x in found if _client_answer(text, local, {var: x}) != _client_answer(text, remote, {var: x})
    ]
    assert differ == []


def test_ask_answers_false_as_well(remote):
    text = examples()["long-term-fracture-risk"].text.replace('"long-term"', '"short-term"')
    assert query(text, remote).boolean is False
    assert query(examples()["long-term-fracture-risk"].text, remote).boolean is True


COMMANDS = [
    ["explain", "PD-1/PD-L1 inhibitor", "bone mineral density"],
    ["explain", "pembrolizumab", "fracture risk", "--format", "json"],
    ["explain", "PD-L1", "osteoclastogenesis", "--context", "timeframe=long-term", "--format", "markdown"],
    ["show", "PD-L1"],
    ["show", "NCT04586400", "--format", "json"],
    ["search", "b7-h1"],
    ["search", "wnt", "--format", "json"],
    ["paths", "PD-L1", "RUNX2", "--max-length", "4", "--format", "json"],
    ["paths", "PD-1/PD-L1 inhibitor", "bone resorption", "--context", "timeframe=long-term"],
    ["contradictions", "--format", "json"],
    ["query", "--example", "trials-arms-outcomes"],
    [
        "query",
        "--example",
        "upstream-regulators",
        "--bind",
        "target=<https://w3id.org/mechgraph/entity/osteoclastogenesis>",
        "--format",
        "csv",
    ],
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_commands_answer_the_same_through_the_virtuoso_store(args, loaded):
    runner = CliRunner()
    embedded = runner.invoke(cli, args, catch_exceptions=False)
    there = runner.invoke(cli, ["--store", loaded, *args], catch_exceptions=False)
    assert embedded.exit_code == there.exit_code == 0, there.output
    assert there.output == embedded.output
    assert len(embedded.output.splitlines()) >= 1 and len(embedded.output) > 30


def test_a_syntax_error_is_one_line(loaded):
    """Virtuoso echoes the whole query after its message; the error keeps the message."""
    result = CliRunner().invoke(cli, ["--store", loaded, "query", "SELECT ?x WHERE { ?x }"])
    assert result.exit_code == 65
    assert re.fullmatch(
        r"error: SPARQL syntax error: Virtuoso 37000 Error SP030: SPARQL "
        r"compiler, line \d+: syntax error at .*\n",
        result.output,
    )


def test_bound_values_reach_virtuoso_as_terms(remote):
    hostile = '"} ?s ?p ?o . FILTER(true) {"'
    found = query("SELECT ?e ?name WHERE { ?e rdfs:label ?name }", remote, {"name": hostile})
    assert found.rows == []
    found = query("SELECT ?e ?name WHERE { ?e rdfs:label ?name }", remote, {"name": "RUNX2"})
    assert [r["e"] for r in found.rows] == ["https://w3id.org/mechgraph/entity/RUNX2"]


def test_a_bound_value_followed_by_an_optional_compiles(remote):
    """Virtuoso cannot compile a BIND of a constant whose variable is not projected when an
    OPTIONAL follows (SP031); a bound value is projected (the embedded store requires it),
    and its BIND then compiles and answers as the embedded store does."""
    text = "SELECT ?e ?st ?sign WHERE { ?st rdf:object ?e OPTIONAL { ?st mg:sign ?sign } } ORDER BY ?st"
    bound = {"e": IRI("https://w3id.org/mechgraph/entity/PD-L1")}
    names, rows = _client_answer(text, remote, bound)
    assert len(rows) >= 5 and (names, rows) == _client_answer(text, open_store(), bound)
    unprojected = "SELECT ?st WHERE { BIND(<urn:x> AS ?e) ?st rdf:object ?e OPTIONAL { ?st mg:sign ?s } }"
    assert query(unprojected, open_store()).rows == []
    with pytest.raises(QueryError, match="SP031"):
        query(unprojected, remote)


def test_reloading_replaces_the_graph(virtuoso, loaded, remote):
    """A new load replaces the graph: a triple the old one held and the new file lacks is
    gone, and nothing is counted twice."""
    address = virtuoso[0]
    isql = shutil.which("isql-vt") or shutil.which("isql")
    stale = f'SPARQL INSERT INTO <{GRAPH}> {{ <urn:stale> <urn:p> "stale" }};\n'
    subprocess.run(
        [isql, address, "dba", "dba", "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF"],
        input=stale,
        text=True,
        capture_output=True,
        check=True,
        timeout=60,
    )
    assert len(remote) == len(open_store()) + 1
    done = run_script(virtuoso, str(EXPORT))
    assert done.returncode == 0, done.stderr
    assert len(remote) == len(open_store())


def test_load_failures_are_one_line_errors(virtuoso, tmp_path):
    """A file outside DirsAllowed, a malformed file, a bad password: exit 1, one line that
    says why, and the loaded graph untouched."""
    address, endpoint, _ = virtuoso
    # (Virtuoso lets the loader read its temporary directory whatever DirsAllowed says)
    done = run_script(
        virtuoso, str(EXPORT), "--server-dir", "/srv/mechgraph-not-allowed", "--graph", "urn:x:outside"
    )
    assert done.returncode == 1
    assert re.fullmatch(
        r"virtuoso_load: isql \S+: Error 42000: .*FA003: Access to .* is denied "
        r"due to access control in ini file\n",
        done.stderr,
    )
    broken = tmp_path / "broken.nt"
    broken.write_text('<urn:a> <urn:b> "c" .\n<urn:a> <urn:b> "unterminated .\n')
    done = run_script(virtuoso, str(broken), "--graph", "urn:x:broken")
    assert done.returncode == 1
    assert re.fullmatch(
        r"virtuoso_load: the bulk loader failed on \S+broken\.nt: .*RDF loader, "
        r"line \d+: \w.*\n",
        done.stderr,
    )
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(EXPORT), "--isql", address],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "VIRTUOSO_PASSWORD": "not the password"},
    )
    assert done.returncode == 1 and "Bad login" in done.stderr
    assert len(open_store(f"sparql+{endpoint}?default-graph-uri={GRAPH}")) == len(open_store())


def test_an_answer_cut_short_by_virtuosos_time_limit_is_an_error(loaded):
    """Virtuoso answers a query past its time limit (here one second, asked for in the
    endpoint URL) with 200 and a partial count; the store says so instead of answering."""
    store = open_store(loaded + "&timeout=1000")
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . FILTER(STR(?c) = STR(?f)) }"
    with pytest.raises(StoreError, match=r"incomplete result \(S1TAT"):
        query(heavy, store)
