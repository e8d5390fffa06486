"""``GET /explain`` on ``mechgraph serve``: the same answer as the CLI and the library, as
JSON and as the explain page; bad requests refused cleanly."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse

import pytest
from click.testing import CliRunner
from conftest import free_port, wait_until_up
from test_serve import http

import mechgraph
from mechgraph.cli import cli


@pytest.fixture(scope="module")
def base():
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mechgraph", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until_up(f"http://127.0.0.1:{port}/health", proc)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def explain(base: str, accept: str = "", **params) -> tuple[int, str, str]:
    query = urllib.parse.urlencode(params, doseq=True)
    return http(f"{base}/explain?{query}", headers={"Accept": accept} if accept else {})


@pytest.mark.parametrize(
    "target,context",
    [("bone resorption", []), ("bone resorption", ["timeframe=short-term"]), ("fracture risk", [])],
)
def test_every_face_gives_the_same_answer(base, target, context):
    status, ctype, body = explain(base, source="PD-1/PD-L1 inhibitor", target=target, context=context)
    assert status == 200 and ctype.startswith("application/json")
    served = json.loads(body)
    args = ["explain", "PD-1/PD-L1 inhibitor", target, "--format", "json"]
    for c in context:
        args += ["--context", c]
    cli_doc = json.loads(CliRunner().invoke(cli, args).output)
    api = mechgraph.explain("PD-1/PD-L1 inhibitor", target, context=dict(c.split("=", 1) for c in context))
    assert served["schema"] == cli_doc["schema"] == "mechgraph.explain/2"
    assert served["verdict"] == cli_doc["verdict"] == api.verdict
    assert served["reason"] == cli_doc["reason"] == api.reason
    assert served["confidence"] == cli_doc["confidence"] == api.confidence
    assert [(s["value"], s["verdict"]) for s in served["strata"]] == [
        (s.value, s.verdict) for s in api.strata
    ]
    text = (
        CliRunner()
        .invoke(
            cli,
            args[:-2]
            if not context
            else ["explain", "PD-1/PD-L1 inhibitor", target, "--context", context[0]],
        )
        .output
    )
    assert text.splitlines()[2].startswith(f"Verdict: {api.verdict.upper()}")


def test_the_page_and_co_therapy(base):
    status, ctype, body = explain(
        base, source="PD-1/PD-L1 inhibitor", target="bone resorption", format="html", **{"with": "denosumab"}
    )
    assert status == 200 and ctype.startswith("text/html")
    assert 'id="data-meta"' in body and '"mode":"explain"' in body
    assert '"role":"blocked"' in body and "denosumab" in body
    # a browser asking for HTML gets the page without format=
    status, ctype, _ = explain(
        base, accept="text/html,application/xhtml+xml", source="PD-L1", target="osteoclastogenesis"
    )
    assert status == 200 and ctype.startswith("text/html")
    status, _, body = explain(
        base, source="PD-1/PD-L1 inhibitor", target="bone resorption", **{"with": "anti-DKK1 antibody"}
    )
    (co,) = json.loads(body)["cotherapy"]
    assert co["agent"]["id"] == "anti-DKK1_antibody" and co["summary"]


@pytest.mark.parametrize(
    "params,status,words",
    [
        ({}, 400, "source and target are required"),
        ({"source": "PD-L1"}, 400, "source and target are required"),
        ({"source": "PD-L9", "target": "bone resorption"}, 404, "closest"),
        ({"source": "PD-L1", "target": "RUNX2", "context": "colour=blue"}, 400, "KEY=VALUE"),
        ({"source": "PD-L1", "target": "RUNX2", "max_length": "99"}, 400, "between 1 and 8"),
        ({"source": "PD-L1", "target": "RUNX2", "limit": "x"}, 400, "whole number"),
        ({"source": "x" * 500, "target": "RUNX2"}, 400, "longer than"),
        ({"source": "PD-L1", "target": "RUNX2", "format": "xml"}, 406, "json or html"),
        ({"source": "PD-L1", "target": "RUNX2", "with": ["a", "b", "c", "d", "e"]}, 400, "at most"),
    ],
)
def test_bad_requests_are_refused_cleanly(base, params, status, words):
    got, ctype, body = explain(base, **params)
    assert got == status and ctype.startswith("text/plain")
    assert words in body and "Traceback" not in body
    assert explain(base, source="PD-L1", target="RUNX2")[0] == 200  # still serving
