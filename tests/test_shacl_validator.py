"""jcgraph's own SHACL validator (jcgraph.shacl): what it cannot evaluate it refuses by
name, never passes; and it reports what pyshacl reports on small graphs written to
exercise each kind of constraint. (The shapes cases and the shipped graph are compared
across engines in test_shapes.py and test_shacl_engines.py.)"""

from __future__ import annotations

import pyoxigraph
import pyshacl
import pytest
from rdflib import Graph, Namespace

from jcgraph.shacl import UnsupportedShape, validate_store

SH = Namespace("http://www.w3.org/ns/shacl#")
PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def ours(data: str, shapes: str) -> set[tuple]:
    store = pyoxigraph.Store()
    store.load((PREFIXES + data).encode(), format=pyoxigraph.RdfFormat.TURTLE)
    report, _ = validate_store(store, Graph().parse(data=PREFIXES + shapes, format="turtle"))
    return _tuples(report)


def theirs(data: str, shapes: str) -> set[tuple]:
    _, report, _ = pyshacl.validate(
        Graph().parse(data=PREFIXES + data, format="turtle"),
        shacl_graph=Graph().parse(data=PREFIXES + shapes, format="turtle"),
        advanced=True,
        allow_warnings=True,
    )
    return _tuples(report)


def _tuples(report: Graph) -> set[tuple]:
    """(focus node, component, severity) of each result."""
    names = ("focusNode", "sourceConstraintComponent", "resultSeverity")
    return {
        tuple(str(report.value(r, SH[name])) for name in names)
        for r in set(report.objects(None, SH.result))
    }


@pytest.mark.parametrize(
    "feature, shapes",
    [
        ("sh:closed", "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true ."),
        (
            "sh:qualifiedValueShapesDisjoint",
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
            "sh:qualifiedValueShape [ sh:class ex:D ] ; sh:qualifiedMinCount 1 ; "
            "sh:qualifiedValueShapesDisjoint true ] .",
        ),
        (
            "constraint components",
            "ex:Comp a sh:ConstraintComponent ; sh:parameter [ sh:path ex:q ] . "
            "ex:S a sh:NodeShape ; sh:targetClass ex:C .",
        ),
        ("sh:rule", "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:rule [ a sh:TripleRule ] ."),
        (
            "$shapesGraph",
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select """'
            'SELECT $this WHERE { $this ?p ?o . GRAPH $shapesGraph { ?s ?p ?o } }""" ] .',
        ),
        (
            "does not bind $this",
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select """'
            'SELECT $this WHERE { FILTER NOT EXISTS { $this <https://example.org/p> ?o } }""" ] .',
        ),
        (
            "does not bind $this",  # bound in one branch of a UNION only
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select """'
            "SELECT $this WHERE { { $this <https://example.org/p> ?o } "
            'UNION { ?x <https://example.org/q> ?o } }""" ] .',
        ),
        (
            "does not bind $this",  # bound only inside an OPTIONAL
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select """'
            "SELECT $this WHERE { ?x <https://example.org/q> ?y "
            'OPTIONAL { $this <https://example.org/p> ?y } }""" ] .',
        ),
        (
            "does not bind $this",  # named in the text, bound only in a MINUS
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select """'
            "SELECT $this WHERE { ?x <https://example.org/q> ?y "
            'MINUS { $this <https://example.org/p> ?y } } # $this ?this""" ] .',
        ),
        (
            "recursive",
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
            "sh:node ex:S ] .",
        ),
    ],
    ids=lambda x: x if isinstance(x, str) and len(x) < 40 else None,
)
def test_what_it_cannot_evaluate_is_refused_by_name(feature: str, shapes: str) -> None:
    data = "ex:a a ex:C ; ex:p ex:a ."
    with pytest.raises(UnsupportedShape, match=feature.replace("$", r"\$")):
        ours(data, shapes)


CASES = {
    "counts and values": (
        'ex:a a ex:C ; ex:p 1, 2, "x" . ex:b a ex:C . ex:c a ex:C ; ex:p 5 .',
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
        "sh:minCount 1 ; sh:maxCount 2 ; sh:datatype xsd:integer ; sh:maxInclusive 4 ] .",
    ),
    "ill-typed literal": (
        'ex:a a ex:C ; ex:p "abc"^^xsd:integer .',
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
        "sh:datatype xsd:integer ] .",
    ),
    "or, not, node": (
        "ex:a a ex:C ; ex:p ex:x . ex:x a ex:D . ex:b a ex:C ; ex:p ex:y . ex:y a ex:E .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
        "sh:or ( [ sh:class ex:D ] [ sh:class ex:F ] ) ; sh:not [ sh:class ex:E ] ; "
        "sh:node [ sh:class ex:D ] ] .",
    ),
    "languages": (
        'ex:a a ex:C ; rdfs:label "a"@en, "b"@en, "c"@fr . ex:b a ex:C ; rdfs:label "d"@zh .',
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path rdfs:label ; "
        'sh:languageIn ( "en" "zh" ) ; sh:uniqueLang true ; '
        'sh:qualifiedValueShape [ sh:languageIn ( "en" ) ] ; sh:qualifiedMinCount 1 ] .',
    ),
    "pairs and subclasses": (
        "ex:D rdfs:subClassOf ex:C . ex:a a ex:D ; ex:start 5 ; ex:end 3 . "
        "ex:b a ex:C ; ex:start 1 ; ex:end 2 .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:start ; "
        "sh:lessThan ex:end ] .",
    ),
    "other targets and inverse paths": (
        "ex:a ex:knows ex:b . ex:c ex:knows ex:b . ex:b ex:knows ex:a .",
        "ex:S a sh:NodeShape ; sh:targetObjectsOf ex:knows ; sh:property [ "
        "sh:path [ sh:inversePath ex:knows ] ; sh:maxCount 1 ] . "
        "ex:T a sh:NodeShape ; sh:targetNode ex:c ; sh:property [ sh:path ex:knows ; "
        "sh:hasValue ex:a ] .",
    ),
    "SPARQL constraint": (
        "ex:a a ex:C ; ex:p 3 . ex:b a ex:C ; ex:p 12 . ex:z ex:p 20 .",
        'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select """'
        "SELECT $this ?value WHERE { $this <https://example.org/p> ?value "
        'FILTER (?value > 10) }""" ] .',
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_it_reports_what_pyshacl_reports(name: str) -> None:
    data, shapes = CASES[name]
    expected = theirs(data, shapes)
    assert expected, "each case has results: an empty comparison would prove nothing"
    assert ours(data, shapes) == expected


def test_the_prebinding_manifest_is_current() -> None:
    """ontology/shapes/prebinding.json spares every run parsing the audit queries with
    rdflib (about 2.5 s); it must hold exactly the verdicts a fresh parse gives for the
    shapes as they are (refresh with tools/prebinding_manifest.py)."""
    import json

    from jcgraph.api import shapes
    from jcgraph.paths import layout
    from jcgraph.shacl.evaluate import sparql_texts
    from jcgraph.shacl.prebinding import MANIFEST, manifest

    where = layout()
    texts = sparql_texts(shapes(where))
    shipped = json.loads((where.ontology / "shapes" / MANIFEST).read_text("utf-8"))
    assert len(texts) >= 10
    assert shipped == manifest(texts)
    assert all(shipped.values()), "every shipped SPARQL constraint runs once per graph"
