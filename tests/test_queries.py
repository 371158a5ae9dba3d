"""Every stored question: parses, has its header, is listed, answers the same on both
engines, and matches the expected answer checked in under tests/expected/."""

from __future__ import annotations

import csv
import io
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from click.testing import CliRunner

import jcgraph
from jcgraph.cli import cli
from jcgraph.formats.sparql_results import to_csv
from jcgraph.paths import layout
from jcgraph.pipeline.queries import catalogue
from jcgraph.results import Result

EXPECTED = Path(__file__).parent / "expected"
STORED = catalogue(layout().queries)
# Questions that reach another endpoint (#+ network: yes) have their own tests (tests/linking/).
QUESTIONS = [q for q in STORED if not q.is_check and not q.network]
CHECKS = [q for q in STORED if q.is_check]


def normalise(value: str) -> str:
    """A cell as compared: numbers by value (3.40 == 3.4), the rest as text."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    return format(number.normalize(), "f") if number.is_finite() else value


def rows_of_csv(text: str) -> tuple[list[str], Counter]:
    reader = list(csv.reader(io.StringIO(text)))
    header, body = reader[0], reader[1:]
    return header, Counter(tuple(normalise(cell) for cell in row) for row in body)


def comparable(result: Result) -> tuple[list[str], Counter]:
    return rows_of_csv(to_csv(result))


def test_the_catalogue_is_broad():
    assert len(QUESTIONS) >= 30
    assert len(CHECKS) >= 5


@pytest.mark.parametrize("stored", STORED, ids=lambda q: q.name)
def test_header_is_complete(stored):
    assert stored.summary, "#+ summary: missing"
    assert stored.summary_zh, "#+ summary_zh: missing"
    assert stored.description, "#+ description: missing"
    assert stored.tags, "#+ tags: missing"


def test_every_query_is_listed():
    output = CliRunner().invoke(cli, ["queries"]).output
    for stored in STORED:
        assert stored.name in output
        assert stored.summary_zh in output


@pytest.mark.parametrize("stored", QUESTIONS, ids=lambda q: q.name)
def test_question_matches_expected_on_both_engines(stored, reasoned):
    """The answer is the checked-in one, and the engines agree (numbers by value)."""
    oxigraph = jcgraph.query(stored.name, reasoned, engine="oxigraph")
    rdflib = jcgraph.query(stored.name, reasoned, engine="rdflib")
    assert oxigraph.rows, f"{stored.name} returned nothing"
    assert comparable(oxigraph) == comparable(rdflib)
    expected_file = EXPECTED / f"{stored.name}.csv"
    assert expected_file.is_file(), f"no expected answer {expected_file.name}"
    assert comparable(oxigraph) == rows_of_csv(expected_file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("stored", CHECKS, ids=lambda q: q.name)
def test_checks_pass_on_both_engines(stored, reasoned):
    for engine in ("oxigraph", "rdflib"):
        result = jcgraph.query(stored.name, reasoned, engine=engine)
        assert result.variables[:3] == ["entity", "property", "value"]
        assert "message" in result.variables
        assert not result.rows, f"{stored.name} on {engine}: {result.dicts()[:3]}"


def test_no_stray_expected_files():
    names = {q.name for q in QUESTIONS}
    stray = [p.name for p in EXPECTED.glob("*.csv") if p.stem not in names]
    assert not stray


@pytest.mark.parametrize("name", ["indicators-tripled", "growth-rates", "money-in-yuan"])
def test_both_engines_write_the_same_csv_byte_for_byte(name, reasoned):
    """A new user's diff of the two engines' output flagged every numeric row: rdflib
    wrote 359.0 where Oxigraph wrote 359. Numbers now come in one canonical form."""
    if not (layout().queries / f"{name}.rq").is_file():
        pytest.skip(f"no stored question {name}")
    answers = {
        engine: to_csv(jcgraph.query(name, reasoned, engine=engine))
        for engine in ("oxigraph", "rdflib")
    }
    rows = {engine: sorted(text.splitlines()) for engine, text in answers.items()}
    assert rows["oxigraph"] == rows["rdflib"]
