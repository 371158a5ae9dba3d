"""Reasoning: inferred triples kept apart and free of noise; the SPARQL rules give
owlrl's closure for the rules they implement."""

from __future__ import annotations

from decimal import Decimal

from rdflib import XSD, Literal, URIRef

import jcgraph
from jcgraph.loading import union
from jcgraph.reasoning import INFERRED, closure

JC = "https://w3id.org/jcgraph/ontology#"


def test_inferred_triples_live_in_their_own_graph(reasoned):
    inferred = reasoned.dataset.graph(URIRef(INFERRED))
    assert len(inferred) == reasoned.inferred > 1000
    assert not any(isinstance(s, Literal) for s, _, _ in inferred)
    assert not any(str(s).startswith("http://www.w3.org/2002/07/owl#") for s, _, _ in inferred)


def test_a_question_about_gansu_finds_jinchuan_district(reasoned):
    answer = jcgraph.query(
        f"ASK {{ <https://w3id.org/jcgraph/id/place/jinchuan-district> <{JC}locatedIn> "
        "<https://w3id.org/jcgraph/id/place/gansu> }",
        reasoned,
    )
    assert answer.boolean


def test_received_shortcut_from_recognitions(reasoned):
    answer = jcgraph.query(
        f"SELECT ?h WHERE {{ <https://w3id.org/jcgraph/id/place/jinchang> <{JC}received> ?h }}",
        reasoned,
    )
    assert len(answer.rows) >= 5


def _by_value(graph):
    out = set()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = ("decimal", Decimal(str(o)).normalize())
        out.add((s, p, o))
    return out


def test_sparql_rules_match_owlrl_on_the_shipped_graph(asserted):
    """Guards the scalable reasoning path: same closure as owlrl for what it covers."""
    graph = union(asserted.dataset)
    by_rules = _by_value(closure(graph, "rules"))
    by_owlrl = _by_value(closure(graph, "owlrl"))
    assert by_rules == by_owlrl
