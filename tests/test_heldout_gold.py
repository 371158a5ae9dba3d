"""The held-out gold of `jcgraph extract` (tests/extract/heldout/): each row is well formed
and its figure sits in its quote at the offsets given, with or without the article; with
the article's text in $JCGRAPH_HELDOUT, the text is the one recorded and the offsets hold."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
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


def test_there_are_held_out_and_development_articles() -> None:
    sets = [
        json.loads((HELDOUT / name / "provenance.json").read_text(encoding="utf-8"))["set"]
        for name in ARTICLES
    ]
    assert len(ARTICLES) >= 8
    assert {"held-out", "development"} <= set(sets)


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


@pytest.mark.parametrize("name", ARTICLES)
def test_provenance_names_its_set_and_converter(name: str) -> None:
    provenance = json.loads((HELDOUT / name / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["set"] in ("development", "held-out")
    assert provenance["converter"] in ("tools/heldout_text.py", "tools/heldout_report_text.py")
    if provenance["converter"] == "tools/heldout_report_text.py":
        # two short marks of where the section starts and ends, not the report's prose
        assert [len(a) <= 40 for a in provenance["converter_arguments"]] == [True, True]
    assert re.fullmatch(r"[0-9a-f]{40}", provenance["commit"])
    assert re.match(r"\d{4}-\d\d-\d\d", provenance["date"])  # the year dates a 这十年 review


def test_a_text_is_rebuilt_only_from_the_source_recorded(tmp_path: Path) -> None:
    import heldout_rebuild

    source = tmp_path / "report.csv"
    body = "一、回顾\n　“十四五”以来，全省GDP年均增长6%。\n\n五年来，成绩显著。\n二、目标\n其他"
    with source.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([["province", "full_text"], ["某省", body]])
    text = "“十四五”以来，全省GDP年均增长6%。\n五年来，成绩显著。\n"
    provenance = {
        "converter": "tools/heldout_report_text.py",
        "converter_arguments": ["“十四五”以来", "二、目…"],  # a line that starts so
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    assert heldout_rebuild.rebuild(provenance, str(source)) == text
    recorded = tmp_path / "provenance.json"
    recorded.write_text(json.dumps({**provenance, "sha256": "0" * 64}), encoding="utf-8")
    assert heldout_rebuild.main(["rebuild", str(recorded), str(source)]) == 1
