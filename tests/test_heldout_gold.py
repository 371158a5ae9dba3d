"""The held-out gold of `jcgraph extract` (tests/extract/heldout/): each row is well formed
and its figure sits in its quote at the offsets given, with or without the article; with
the article's text in $JCGRAPH_HELDOUT, the text is the one recorded and the offsets hold."""

from __future__ import annotations

import csv
import hashlib
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Namespace

from jcgraph.paths import layout

HELDOUT = Path(__file__).parent / "extract" / "heldout"
ARTICLES = sorted(p.parent.name for p in HELDOUT.glob("*/gold.tsv"))
KIND = Namespace("https://w3id.org/jcgraph/concept/kind/")
UNIT = Namespace("https://w3id.org/jcgraph/id/unit/")


def rows(name: str) -> list[dict[str, str]]:
    with (HELDOUT / name / "gold.tsv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_there_are_held_out_articles() -> None:
    assert len(ARTICLES) >= 2


@pytest.mark.parametrize("name", ARTICLES)
def test_gold_rows_are_well_formed(name: str) -> None:
    kinds = {str(s) for s in Graph().parse(layout().ontology / "vocabularies.ttl").subjects()}
    units = Graph().parse(layout().data / "units.ttl")
    found = rows(name)
    assert len(found) >= 25
    for row in found:
        where = (name, row["start"], row["written"])
        assert str(KIND[row["kind"]]) in kinds, where
        assert row["unit"].startswith("?") or (UNIT[row["unit"]], None, None) in units, where
        assert row["status"] in ("actual", "estimate", "target"), where
        Decimal(row["value"])  # a number
        start, end = int(row["start"]), int(row["end"])
        q_start, q_end = int(row["quote_start"]), int(row["quote_end"])
        quote = row["quote"]
        assert len(quote) == q_end - q_start <= 40, where
        assert q_start <= start < end <= q_end, where
        assert quote[start - q_start : end - q_start] == row["written"], where


@pytest.mark.parametrize("name", ARTICLES)
def test_the_text_when_present_is_the_one_recorded(name: str) -> None:
    folder = os.environ.get("JCGRAPH_HELDOUT")
    path = Path(folder) / f"{name}.txt" if folder else None
    if path is None or not path.is_file():
        pytest.skip(
            "held-out texts not here: set JCGRAPH_HELDOUT (tests/extract/heldout/README.md)"
        )
    data = path.read_bytes()
    provenance = json.loads((HELDOUT / name / "provenance.json").read_text(encoding="utf-8"))
    assert hashlib.sha256(data).hexdigest() == provenance["sha256"]
    text = data.decode("utf-8")
    assert len(text) == provenance["characters"]
    for row in rows(name):
        assert text[int(row["start"]) : int(row["end"])] == row["written"]
