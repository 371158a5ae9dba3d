"""jcgraph's own SHACL validator: SHACL Core and SHACL-SPARQL constraints, evaluated once
per constraint over the whole graph in Oxigraph (see :mod:`jcgraph.shacl.evaluate`).

It writes the same report graph as pyshacl (``sh:ValidationReport`` with one
``sh:ValidationResult`` per result), so reports are read by the same code whichever engine
made them; pyshacl stays available as the reference (``--validator pyshacl``) and the tests
hold the two to the same results.

What it does not evaluate (custom constraint components, SHACL rules, recursive shapes,
``sh:qualifiedValueShapesDisjoint``, ``$shapesGraph``) raises ``UnsupportedShape``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from jcgraph.shacl.evaluate import Evaluator, Result, to_rdflib
from jcgraph.shacl.shapes import SH, ShapesGraph, UnsupportedShape

__all__ = ["UnsupportedShape", "report_graph", "validate_store"]


def validate_store(
    store: ox.Store,
    shapes: Graph,
    *,
    union: bool = False,
    prebound: Mapping[str, bool] | None = None,
) -> tuple[Graph, int]:
    """Validate the data in ``store`` against ``shapes``: the report graph and how many
    queries it took. ``prebound`` holds known verdicts of :mod:`jcgraph.shacl.prebinding`."""
    evaluator = Evaluator(store, ShapesGraph(shapes), union=union, prebound=prebound)
    results = evaluator.validate()
    return report_graph(results, shapes), evaluator.queries


def report_graph(results: Iterable[Result], shapes: Graph) -> Graph:
    """A SHACL validation report holding ``results`` (each written once)."""
    report = Graph()
    report.bind("sh", SH)
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    conforms = True
    seen = set()
    for result in results:
        key = (result.focus, result.path, result.value, result.component, result.shape)
        if key in seen:
            continue
        seen.add(key)
        conforms = conforms and result.severity != SH.Violation
        node = BNode()
        report.add((root, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.focusNode, to_rdflib(result.focus)))
        report.add((node, SH.resultSeverity, result.severity))
        report.add((node, SH.sourceConstraintComponent, SH[result.component]))
        report.add((node, SH.sourceShape, result.shape))
        if result.path is not None:
            report.add((node, SH.resultPath, _copy(result.path, shapes, report)))
        if result.value is not None:
            report.add((node, SH.value, to_rdflib(result.value)))
        for message in result.messages:
            report.add((node, SH.resultMessage, message))
    report.add((root, SH.conforms, Literal(conforms)))
    return report


def _copy(path: Node, shapes: Graph, report: Graph) -> Node:
    """A path term, with the triples of a complex (blank-node) path copied along."""
    if isinstance(path, BNode):
        todo, done = [path], set()
        while todo:
            node = todo.pop()
            if node in done:
                continue
            done.add(node)
            for p, o in shapes.predicate_objects(node):
                report.add((node, p, o))
                if isinstance(o, BNode):
                    todo.append(o)
    return path if isinstance(path, (URIRef, BNode)) else URIRef(str(path))
