"""Unknown vocabulary is a violation (issue 14, item 1): a typo in a class or property no
shape targets used to conform."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef

from jcgraph import api
from jcgraph.namespaces import JC, JCSH, OA
from jcgraph.paths import layout
from jcgraph.pipeline import vocabulary

TERMS = layout().ontology / "terms"
HEAD = """@prefix jc: <https://w3id.org/jcgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix ex: <http://example.org/ns#> .
"""


def _validate(tmp_path: Path, body: str):
    path = tmp_path / "data.ttl"
    path.write_text(HEAD + body, "utf-8")
    return api.validate(data=[path])


def _unknown(report) -> dict[str, str]:
    """Undeclared term -> its English message."""
    return {
        f.value: f.messages["en"]
        for f in report.findings
        if f.shape == vocabulary.SHAPE and f.value is not None
    }


def test_typos_in_classes_and_properties_are_violations_with_the_closest_term(tmp_path):
    report = _validate(
        tmp_path,
        """<https://w3id.org/jcgraph/id/place/x> a jc:PrefectureLevelCitty ;
            rdfs:label "某市"@zh, "X"@en ;
            jc:locatedInn <https://w3id.org/jcgraph/id/place/gansu> ;
            skos:exactMatchh <http://www.wikidata.org/entity/Q1> ;
            ex:foo 1 .""",
    )
    assert not report.conforms
    found = _unknown(report)
    assert set(found) == {
        JC + "PrefectureLevelCitty",
        JC + "locatedInn",
        "http://www.w3.org/2004/02/skos/core#exactMatchh",
        "http://example.org/ns#foo",
    }
    assert found[JC + "PrefectureLevelCitty"].endswith("did you mean jc:PrefectureCity?")
    assert found[JC + "locatedInn"].endswith("did you mean jc:locatedIn?")
    assert found["http://www.w3.org/2004/02/skos/core#exactMatchh"].endswith(
        "did you mean skos:exactMatch?"
    )
    assert "did you mean" not in found["http://example.org/ns#foo"]
    classes = [f for f in report.findings if f.value == JC + "PrefectureLevelCitty"]
    assert classes[0].path.endswith("#type") and classes[0].severity == "Violation"
    assert "类" in classes[0].messages["zh"]


def test_the_report_graph_carries_the_results(tmp_path):
    report = _validate(tmp_path, "<https://w3id.org/jcgraph/id/place/x> jc:locatedInn 1 .")
    sh = Namespace("http://www.w3.org/ns/shacl#")
    results = list(report.report.subjects(sh.sourceShape, URIRef(JCSH + "VocabularyCheck")))
    assert len(results) == 1
    assert (None, sh.conforms, None) in report.report
    assert not any(o.toPython() for o in report.report.objects(None, sh.conforms))


def test_terms_a_file_declares_itself_and_standard_terms_are_accepted(tmp_path):
    report = _validate(
        tmp_path,
        """ex:Thing a owl:Class . ex:size a owl:DatatypeProperty .
        ex:a a ex:Thing ; ex:size 3 ; skos:prefLabel "a"@en ;
            oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "x" ] .""",
    )
    assert _unknown(report) == {}


def test_a_file_cannot_declare_terms_in_our_namespace(tmp_path):
    report = _validate(
        tmp_path, "jc:Invented a owl:Class . <https://w3id.org/jcgraph/id/x> a jc:Invented ."
    )
    assert JC + "Invented" in _unknown(report)


def test_oa_terms_are_checked_against_the_published_list(tmp_path):
    report = _validate(tmp_path, "ex:a oa:hasSelecter ex:b .")
    assert _unknown(report)[OA + "hasSelecter"].endswith("did you mean oa:hasSelector?")


def test_a_typo_in_a_shape_is_found():
    shapes = Graph()
    shapes.parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix jc: <https://w3id.org/jcgraph/ontology#> .
        <urn:s> a sh:NodeShape ; sh:targetClass jc:Observatoin ;
            sh:property [ sh:path jc:valeu ; sh:minCount 1 ] .""",
        format="turtle",
    )
    dataset = api.load(reason="none").dataset
    ontology, data = vocabulary.graphs_of(dataset)
    found = {u.term: u.closest for u in vocabulary.check(ontology, data, shapes, TERMS)}
    assert found == {JC + "Observatoin": JC + "Observation", JC + "valeu": JC + "value"}


def test_the_shipped_graph_uses_only_declared_terms():
    report = api.validate()
    assert _unknown(report) == {}


def test_every_term_list_names_its_published_source():
    for namespace, source in vocabulary.sources().items():
        assert source, namespace  # the file rdflib generated the term list from
    for table in TERMS.glob("*.tsv"):
        header = table.read_text("utf-8")
        assert re.search(r"commit\s*#?\s*[0-9a-f]{40}", header), table
    known = vocabulary.standard_terms(TERMS)
    assert (
        "TextQuoteSelector" in known[OA]
        and "exactMatch" in known[str(Namespace("http://www.w3.org/2004/02/skos/core#"))]
    )


@pytest.mark.parametrize(
    ("statement", "typo"),
    [("a jc:Observatoin", "jc:Observatoin"), ("jc:refPeriodd 1", "jc:refPeriodd")],
)
def test_the_cli_exits_1_on_an_unknown_term(tmp_path, statement, typo):
    from click.testing import CliRunner

    from jcgraph.cli import cli

    path = tmp_path / "bad.ttl"
    path.write_text(HEAD + f"<https://w3id.org/jcgraph/id/x> {statement} .\n", "utf-8")
    result = CliRunner().invoke(cli, ["validate", "--data", str(path)])
    assert result.exit_code == 1, result.output
    assert typo in result.output and "did you mean" in result.output


def test_usage_asked_of_the_store_equals_usage_read_from_rdflib() -> None:
    """`validate --data` gathers what the data uses with three aggregate queries in
    Oxigraph instead of reading each triple in Python: the same terms, counts, first
    subjects and declarations as the rdflib path, on every shipped data file."""
    import pyoxigraph
    from rdflib import Graph

    from jcgraph.paths import layout
    from jcgraph.pipeline.datafiles import read_into, usage_of_store
    from jcgraph.pipeline.vocabulary import usage_of

    files = sorted(layout().data.glob("*.ttl")) + sorted(layout().ontology.glob("*.ttl"))
    store = pyoxigraph.Store()
    for path in files:
        read_into(store, path)
    graph = Graph()
    for path in files:
        graph.parse(path, format="turtle")
    from_store, from_rdflib = usage_of_store(store), usage_of([graph])
    assert len(from_rdflib.terms) > 50 and from_rdflib.declared
    assert from_store.terms == from_rdflib.terms
    assert from_store.declared == from_rdflib.declared


def test_usage_of_named_graphs_in_the_store_equals_usage_of_those_graphs(asserted) -> None:
    """A cached build's data graphs, asked of Oxigraph: what rdflib reads from the same
    graphs, counts of a triple stated in two files included."""
    import pyoxigraph

    import jcgraph
    from jcgraph.pipeline.datafiles import usage_of_store
    from jcgraph.pipeline.vocabulary import graphs_of, usage_of

    graph = jcgraph.load()
    assert graph.entry is not None
    store = pyoxigraph.Store()
    store.bulk_load(path=str(graph.entry.oxigraph), format=pyoxigraph.RdfFormat.N_QUADS)
    _, data = graphs_of(graph.dataset)
    from_store = usage_of_store(store, [str(g.identifier) for g in data])
    from_rdflib = usage_of(data)
    assert len(data) > 5 and len(from_rdflib.terms) > 50
    assert from_store.terms == from_rdflib.terms
    assert from_store.declared == from_rdflib.declared
