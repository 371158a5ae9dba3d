"""The server's pieces without a server: negotiation, protocol parsing, page escaping."""

from __future__ import annotations

import pytest

from jcgraph.formats.negotiation import GRAPH_FORMATS, HTML, RESULT_FORMATS, choose
from jcgraph.pipeline.describe import EntityView, Fact, Link, Quote
from jcgraph.results import Term
from jcgraph.serve.entity_html import render
from jcgraph.serve.protocol import ProtocolError, parse


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "json"),
        ("application/sparql-results+xml", "xml"),
        ("text/csv;q=0.2, text/tab-separated-values;q=0.8", "tsv"),
        ("application/json", "json"),
        ("text/*", "csv"),
        ("TEXT/CSV", "csv"),
        ("text/csv;q=0, */*;q=0.5", "json"),
        ("image/png", None),
    ],
)
def test_result_negotiation(accept, expected):
    chosen = choose(accept, RESULT_FORMATS)
    assert (chosen.key if chosen else None) == expected


def test_browsers_get_html_and_rdf_clients_get_rdf():
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert choose(browser, (HTML, *GRAPH_FORMATS)) is HTML
    assert choose("text/turtle", (HTML, *GRAPH_FORMATS)).key == "turtle"
    assert choose("application/ld+json", (HTML, *GRAPH_FORMATS)).key == "jsonld"


@pytest.mark.parametrize(
    ("method", "query", "content_type", "body", "status"),
    [
        ("POST", "", "text/plain", b"ASK {}", 415),
        ("POST", "", "application/sparql-query; charset=latin-1", b"ASK {}", 415),
        ("GET", "query=a&update=b", None, b"", 400),
        ("GET", "update=CLEAR%20ALL", None, b"", 400),
        ("GET", "query=a&query=b", None, b"", 400),
        ("POST", "", "application/x-www-form-urlencoded", b"format=json", 400),
        ("POST", "", "application/sparql-query", b"\xff\xfe", 400),
        ("POST", "query=x", "application/sparql-query", b"ASK {}", 400),
        ("DELETE", "", None, b"", 405),
    ],
)
def test_protocol_errors(method, query, content_type, body, status):
    with pytest.raises(ProtocolError) as caught:
        parse(method, query, content_type, body)
    assert caught.value.status == status


def test_protocol_forms():
    form = parse(
        "POST",
        "default-graph-uri=urn:a",
        "application/x-www-form-urlencoded",
        b"query=ASK%20%7B%7D&named-graph-uri=urn:b",
    )
    assert (form.kind, form.text, form.default_graphs, form.named_graphs) == (
        "query",
        "ASK {}",
        ["urn:a"],
        ["urn:b"],
    )
    direct = parse("POST", "", "application/sparql-query", 'ASK { ?s ?p "金" }'.encode())
    assert direct.text.endswith('"金" }')


def test_the_entity_page_escapes_everything_from_the_graph():
    evil = '<script>alert("x")</script>'
    view = EntityView(
        "https://w3id.org/jcgraph/id/place/x",
        zh=[evil],
        en=["a & b"],
        quotes=[Quote(evil, "1", "2")],
        facts=[
            Fact(
                Link(Term("uri", "http://www.w3.org/2000/01/rdf-schema#comment")),
                Link(Term.literal(evil, lang="zh")),
                quotes=[evil],
            ),
            Fact(
                Link(Term("uri", "https://w3id.org/jcgraph/ontology#locatedIn")),
                Link(Term("uri", "javascript:alert(1)"), zh=evil),
            ),
        ],
        matches=[("javascript:alert(1)", "exact match"), ("https://www.wikidata.org/wiki/Q1", "x")],
    )
    html = render(view)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    assert 'href="https://www.wikidata.org/wiki/Q1" rel="noopener noreferrer"' in html
    assert "a &amp; b" in html
