"""Every data-quality check (queries/*-violation.rq) catches the bad data made for it.

tests/checks/<check>.ttl holds a few deliberately wrong triples for the check of that name.
Each is loaded with the ontology alone (no data, no reasoning), the check is run on both
engines, and it must return at least one row naming one of the file's bad nodes. The checks
must also return no row on the shipped data: tests/test_queries.py tests that.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import jcgraph
from jcgraph.api import Graph, load
from jcgraph.paths import layout
from jcgraph.pipeline.queries import catalogue

CASES = Path(__file__).parent / "checks"
CHECKS = [q for q in catalogue(layout().queries) if q.is_check]
_LOADED: dict[str, Graph] = {}


def bad_graph(name: str) -> Graph:
    """The ontology plus the check's bad-data file, loaded once per check."""
    if name not in _LOADED:
        ontology = sorted(layout().ontology.glob("*.ttl"))
        _LOADED[name] = load(files=[*ontology, CASES / f"{name}.ttl"])
    return _LOADED[name]


def test_every_check_has_one_bad_data_file():
    files = sorted(CASES.glob("*.ttl"))
    assert len(files) == len(CHECKS)
    assert {p.stem for p in files} == {q.name for q in CHECKS}


def test_there_are_enough_checks():
    assert len(CHECKS) >= 6


@pytest.mark.parametrize("check", CHECKS, ids=lambda q: q.name)
def test_check_catches_its_bad_data_on_both_engines(check):
    graph = bad_graph(check.name)
    text = (CASES / f"{check.name}.ttl").read_text(encoding="utf-8")
    found = {}
    for engine in ("oxigraph", "rdflib"):
        result = jcgraph.query(check.name, graph, engine=engine)
        assert result.variables[:3] == ["entity", "property", "value"]
        assert "message" in result.variables
        assert result.rows, f"{check.name} found nothing wrong in its bad data on {engine}"
        rows = result.dicts()
        assert all(row.get("message") for row in rows), "every row needs a message"
        found[engine] = {(row["entity"].value, row["message"].value) for row in rows}
    assert found["oxigraph"] == found["rdflib"]
    local_names = {entity.rsplit("/", 1)[-1] for entity, _ in found["oxigraph"]}
    assert any(name in text for name in local_names), "the rows name none of the file's nodes"
