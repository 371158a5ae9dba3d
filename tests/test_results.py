"""The W3C SPARQL results formats, written the same for every engine."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from jcgraph.formats import sparql_results as results
from jcgraph.results import Result, Term

XSD = "http://www.w3.org/2001/XMLSchema#"
SAMPLE = Result(
    "select",
    ["s", "label", "n"],
    [
        (
            Term("uri", "https://w3id.org/jcgraph/id/place/jinchang"),
            Term.literal('金昌, "市"', lang="zh"),
            Term.literal("359.0", XSD + "decimal"),
        ),
        (Term("bnode", "b1"), None, Term.literal("7", XSD + "integer")),
    ],
)


def test_json_follows_the_spec():
    data = json.loads(results.to_json(SAMPLE))
    assert data["head"]["vars"] == ["s", "label", "n"]
    first, second = data["results"]["bindings"]
    assert first["s"] == {"type": "uri", "value": "https://w3id.org/jcgraph/id/place/jinchang"}
    assert first["label"] == {"type": "literal", "value": '金昌, "市"', "xml:lang": "zh"}
    assert first["n"]["datatype"] == XSD + "decimal"
    assert "label" not in second
    assert second["s"] == {"type": "bnode", "value": "b1"}


def test_csv_uses_crlf_and_plain_values():
    text = results.to_csv(SAMPLE)
    assert text.split("\r\n")[0] == "s,label,n"
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["https://w3id.org/jcgraph/id/place/jinchang", '金昌, "市"', "359.0"]
    assert rows[2] == ["_:b1", "", "7"]


def test_tsv_uses_turtle_terms():
    lines = results.to_tsv(SAMPLE).splitlines()
    assert lines[0] == "?s\t?label\t?n"
    assert lines[1] == '<https://w3id.org/jcgraph/id/place/jinchang>\t"金昌, \\"市\\""@zh\t359.0'
    assert lines[2] == "_:b1\t\t7"


def test_xml_parses_and_names_bindings():
    root = ET.fromstring(results.to_xml(SAMPLE))
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["s", "label", "n"]
    literal = root.find("r:results/r:result/r:binding[@name='label']/r:literal", ns)
    assert literal is not None
    assert literal.text == '金昌, "市"'
    assert literal.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh"


def test_ask_in_every_format():
    yes = Result("ask", boolean=True)
    assert json.loads(results.to_json(yes)) == {"head": {}, "boolean": True}
    assert "<boolean>true</boolean>" in results.to_xml(yes)
    assert results.to_csv(yes) == "_askResult\r\ntrue\r\n"


def test_numbers_compare_by_value():
    assert (
        Term.literal("3.40", XSD + "decimal").number()
        == Term.literal("3.4", XSD + "double").number()
    )
    assert Term.literal("abc").number() is None


def test_records_and_a_data_frame_for_a_python_user(reasoned, monkeypatch):
    """A notebook user's habits: plain dicts of Python values, and a pandas DataFrame with
    the query's columns in the query's order (pandas optional)."""
    import sys
    from decimal import Decimal

    import jcgraph
    from jcgraph.errors import JcgraphError

    result = jcgraph.query("indicators-tripled", reasoned)
    records = result.records()
    assert records and set(records[0]) == set(result.variables)
    assert all(isinstance(r["multiple"], Decimal) for r in records)
    assert all(isinstance(r["indicator"], str) for r in records)
    pandas = pytest.importorskip("pandas")
    frame = result.to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == result.variables and len(frame) == len(result.rows)
    assert frame["multiple"].dtype.kind == "f" and frame["multiple"].min() >= 3
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(JcgraphError, match="pip install pandas"):
        result.to_pandas()
