"""The command line on the shipped graph: what a user types and sees."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from mechgraph.cli import cli


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def test_show_pd_l1_lists_statements_with_quotes_refs_and_dois():
    out = run("show", "PD-L1")
    assert out.startswith("PD-L1  [protein]  https://w3id.org/mechgraph/entity/PD-L1")
    assert "hgnc:17635" in out and "uniprot:Q9NZQ7" in out
    assert "statements out (" in out and "statements in (" in out
    assert "“" in out  # verbatim quotes
    assert "https://doi.org/10." in out
    assert " refs " in out


def test_search_b7_h1_finds_pd_l1_first():
    first = run("search", "b7-h1").splitlines()[0]
    assert first.split("\t")[:2] == ["PD-L1", "PD-L1"]
    assert "synonym: B7-H1" in first


@pytest.mark.parametrize("name", ["pd-l1", "CD274", "hgnc:17635", "uniprot:Q9NZQ7"])
def test_entity_names_are_case_insensitive_and_accept_curies(name):
    data = json.loads(run("show", name, "--format", "json"))
    assert data["id"] == "PD-L1"


def test_unknown_entity_exits_3_with_closest_matches():
    result = CliRunner().invoke(cli, ["show", "PD-L3"])
    assert result.exit_code == 3
    assert "no entity named 'PD-L3'" in result.output and "closest:" in result.output


def test_stats_reports_counts_grounding_and_flags():
    data = json.loads(run("stats", "--format", "json"))
    assert data["statements"] > 300 and data["entities"] > 250
    assert 0.5 < data["grounded_share"] <= 1
    assert data["flags"]["typo_in_source"] >= 1
    assert set(data["statements_by_seed"]) == {"seed000", "seed004"}


def test_trial_shows_arms_and_outcomes():
    out = run("show", "NCT04586400")
    assert out.startswith("REVERT trial  [clinical_trial]")
    assert "phase: Ib/II" in out
    assert "arm 1: denosumab + pembrolizumab" in out
    assert "7.9" in out and "4.3" in out  # PFS months


def test_bad_context_option_is_a_usage_error():
    result = CliRunner().invoke(cli, ["paths", "PD-L1", "RUNX2", "--context", "colour=blue"])
    assert result.exit_code == 64
    assert "KEY=VALUE" in result.output


def test_python_dash_m_runs_the_cli():
    out = subprocess.run(
        [sys.executable, "-m", "mechgraph", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith("mechgraph, version ")


@pytest.mark.parametrize(
    "args",
    [
        ["explain", "PD-1/PD-L1 inhibitor", "bone mineral density", "--with", "denosumab"],
        ["show", "PD-L1"],
        ["show", "seed004 ref 5"],
        ["search", "b7-h1"],
        ["paths", "PD-L1", "RUNX2"],
        ["contradictions"],
        ["query", "--example", "drug-class-members"],
        ["export", "sif"],
        ["explain", "PD-L1", "RUNX2", "--source", "curated"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_a_reading_command_opens_its_store_once(args, monkeypatch):
    """The command opens the store; the library is handed the opened store, never the spec."""
    import mechgraph.lookup
    import mechgraph.reasoning.explanation
    import mechgraph.reasoning.network
    import mechgraph.sparql
    import mechgraph.store
    import mechgraph.summary

    calls = []
    real = mechgraph.store.open_store

    def counted(*a, **k):
        calls.append(a)
        return real(*a, **k)

    for module in (
        mechgraph.store,
        mechgraph.lookup,
        mechgraph.reasoning.network,
        mechgraph.reasoning.explanation,
        mechgraph.sparql,
        mechgraph.summary,
    ):
        monkeypatch.setattr(module, "open_store", counted)
    run(*args)
    assert len(calls) == 1, calls
