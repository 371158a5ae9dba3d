"""Reasoning: inferred triples kept apart and free of noise; the SPARQL rules give
owlrl's closure for the rules they implement."""

from __future__ import annotations

from decimal import Decimal

from rdflib import XSD, Literal, URIRef

import jcgraph
from jcgraph.pipeline.load import union
from jcgraph.pipeline.reason import INFERRED, closure

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


FEEDS_BACK = """
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:p rdfs:range ex:Chain .
ex:Chain rdfs:subClassOf owl:TransitiveProperty .
ex:a ex:p ex:q .
ex:x ex:q ex:y .
ex:y ex:q ex:z .
"""


def _reasoned_after_feedback(turtle: str):
    """A store of ``turtle`` that the guard flags, after the rules have run."""
    import pyoxigraph

    from jcgraph.paths import layout
    from jcgraph.pipeline.rules import FEEDBACK, load_rules, materialise

    store = pyoxigraph.Store()
    store.load(turtle, format=pyoxigraph.RdfFormat.TURTLE)
    assert store.query(FEEDBACK)
    materialise(store, load_rules(layout().ontology / "rules"))
    return store


def _holds(store, s: str, p: str, o: str) -> bool:
    from pyoxigraph import NamedNode

    return bool(list(store.quads_for_pattern(NamedNode(s), NamedNode(p), NamedNode(o))))


EX = "http://example.org/"


def test_types_that_feed_back_fall_back_to_a_full_fixpoint():
    """Here a range makes ex:q transitive: one pass per stratum would miss x q z."""
    store = _reasoned_after_feedback(FEEDS_BACK)
    assert _holds(store, EX + "x", EX + "q", EX + "z")


WRITES_SCHEMA = """
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:specialises rdfs:subPropertyOf rdfs:subClassOf .
ex:Org rdfs:subClassOf ex:Agent .
ex:Mine ex:specialises ex:Org .
ex:m a ex:Mine .
"""


def test_property_rules_that_write_the_schema_fall_back_too():
    """A subclass link made by prp-spo1 must still reach the top of the hierarchy."""
    store = _reasoned_after_feedback(WRITES_SCHEMA)
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert _holds(store, EX + "m", rdf_type, EX + "Agent")


def test_shipped_schema_lets_each_stratum_run_once(asserted):
    import pyoxigraph

    from jcgraph.pipeline.rules import FEEDBACK

    store = pyoxigraph.Store()
    store.bulk_load(
        union(asserted.dataset).serialize(format="nt", encoding="utf-8"),
        format=pyoxigraph.RdfFormat.N_TRIPLES,
    )
    assert not store.query(FEEDBACK)


def test_a_rule_without_a_stratum_is_refused_with_its_place(tmp_path):
    import pytest

    from jcgraph.errors import JcgraphError
    from jcgraph.pipeline.rules import load_rules

    (tmp_path / "x.ru").write_text("INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }\n", "utf-8")
    with pytest.raises(JcgraphError, match=r"x\.ru:1:1: .*stratum"):
        load_rules(tmp_path)
    (tmp_path / "x.ru").write_text("# ok\n#+ stratum: everything\nINSERT {} WHERE {}\n", "utf-8")
    with pytest.raises(JcgraphError, match=r"x\.ru:2:1: .*schema, properties"):
        load_rules(tmp_path)
