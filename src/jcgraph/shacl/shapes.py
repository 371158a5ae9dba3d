"""The shapes graph read into plain objects, refusing what the validator cannot evaluate.

A shape the validator does not understand is an error (``UnsupportedShape``) naming the
shape and the feature: it never passes silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

SH = Namespace("http://www.w3.org/ns/shacl#")

# Parameters read as constraints, by component; each value is (parameter, ...).
VALUE_PARAMETERS = {
    "class": SH["class"],
    "datatype": SH.datatype,
    "nodeKind": SH.nodeKind,
    "minExclusive": SH.minExclusive,
    "minInclusive": SH.minInclusive,
    "maxExclusive": SH.maxExclusive,
    "maxInclusive": SH.maxInclusive,
    "minLength": SH.minLength,
    "maxLength": SH.maxLength,
    "pattern": SH.pattern,
    "languageIn": SH.languageIn,
    "in": SH["in"],
    "hasValue": SH.hasValue,
    "minCount": SH.minCount,
    "maxCount": SH.maxCount,
    "uniqueLang": SH.uniqueLang,
    "equals": SH.equals,
    "disjoint": SH.disjoint,
    "lessThan": SH.lessThan,
    "lessThanOrEquals": SH.lessThanOrEquals,
    "node": SH.node,
    "not": SH["not"],
    "and": SH["and"],
    "or": SH["or"],
    "xone": SH.xone,
    "qualifiedValueShape": SH.qualifiedValueShape,
    "sparql": SH.sparql,
}
PROPERTY_ONLY = {"minCount", "maxCount", "uniqueLang", "equals", "disjoint", "lessThan",
                 "lessThanOrEquals", "qualifiedValueShape"}  # fmt: skip
# Read with their constraint, or describing the shape: not constraints themselves.
OTHER_PARAMETERS = {
    SH.path, SH.property, SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
    SH.targetObjectsOf, SH.target, SH.severity, SH.message, SH.deactivated, SH.name,
    SH.description, SH.order, SH.group, SH.defaultValue, SH.flags, SH.qualifiedMinCount,
    SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint,
}  # fmt: skip
PARAMETERS = set(VALUE_PARAMETERS.values()) | OTHER_PARAMETERS


class UnsupportedShape(ValueError):
    """The shapes use something this validator cannot evaluate."""


@dataclass(frozen=True)
class Constraint:
    component: str  # local name of the constraint component, e.g. "MinCount"
    value: Node  # the main parameter's value
    extra: dict[str, Node] = field(default_factory=dict)  # flags, qualified counts
    node: Node | None = None  # the sh:sparql node, for SPARQL constraints


@dataclass
class Shape:
    node: Node
    path: Node | None  # None for node shapes
    severity: URIRef
    messages: list[Literal]
    targets: list[tuple[URIRef, Node]]  # (target predicate, value)
    constraints: list[Constraint]
    properties: list[Shape]
    deactivated: bool = False

    @property
    def is_property(self) -> bool:
        return self.path is not None


class ShapesGraph:
    """Every shape of a shapes graph, read once; nested shapes are read on demand."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._shapes: dict[Node, Shape] = {}
        _refuse_custom_components(graph)

    def shape(self, node: Node) -> Shape:
        if node not in self._shapes:
            self._shapes[node] = _read(self, node)
        return self._shapes[node]

    def top_level(self) -> list[Shape]:
        """Shapes that have targets (and are not deactivated), in a fixed order."""
        g = self.graph
        nodes: set[Node] = set()
        for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
                          SH.targetObjectsOf, SH.target):  # fmt: skip
            nodes.update(g.subjects(predicate, None))
        for kind in (SH.NodeShape, SH.PropertyShape):
            nodes.update(s for s in g.subjects(RDF.type, kind) if (s, RDF.type, RDFS.Class) in g)
        shapes = [self.shape(n) for n in sorted(nodes, key=str)]
        return [s for s in shapes if not s.deactivated]


def _read(shapes: ShapesGraph, node: Node) -> Shape:
    g = shapes.graph
    where = _name(node)
    path = g.value(node, SH.path)
    unknown = sorted(
        "sh:" + str(p)[len(SH) :]
        for p in set(g.predicates(node, None))
        if str(p).startswith(str(SH)) and p not in PARAMETERS
    )
    if unknown:
        raise UnsupportedShape(
            f"shape {where} uses {', '.join(unknown)}, which jcgraph's validator does not evaluate"
        )
    targets: list[tuple[URIRef, Node]] = []
    for predicate in (
        SH.targetClass,
        SH.targetNode,
        SH.targetSubjectsOf,
        SH.targetObjectsOf,
        SH.target,
    ):
        targets += [(predicate, value) for value in sorted(g.objects(node, predicate), key=str)]
    if (node, RDF.type, RDFS.Class) in g:
        targets.append((SH.targetClass, node))
    constraints = []
    for name, parameter in VALUE_PARAMETERS.items():
        if name in PROPERTY_ONLY and path is None:
            continue
        for value in sorted(g.objects(node, parameter), key=str):
            constraints.append(_constraint(g, node, name, value, where))
    if (node, SH.qualifiedValueShapesDisjoint, Literal(True)) in g:
        raise UnsupportedShape(
            f"shape {where} uses sh:qualifiedValueShapesDisjoint, "
            "which jcgraph's validator does not evaluate"
        )
    severity = URIRef(str(g.value(node, SH.severity) or SH.Violation))
    return Shape(
        node=node,
        path=path,
        severity=severity,
        messages=[m for m in g.objects(node, SH.message) if isinstance(m, Literal)],
        targets=targets,
        constraints=constraints,
        properties=[shapes.shape(p) for p in sorted(g.objects(node, SH.property), key=str)],
        deactivated=(node, SH.deactivated, Literal(True)) in g,
    )


def _constraint(g: Graph, shape: Node, name: str, value: Node, where: str) -> Constraint:
    component = name[0].upper() + name[1:]
    if name == "sparql":
        if (value, SH.deactivated, Literal(True)) in g:
            return Constraint("SPARQL", Literal(""), {"deactivated": Literal(True)}, value)
        query = g.value(value, SH.select)
        if query is None:
            raise UnsupportedShape(f"the SPARQL constraint of shape {where} has no sh:select")
        return Constraint("SPARQL", query, {}, value)
    if name == "pattern":
        flags = g.value(shape, SH.flags)
        return Constraint(component, value, {"flags": flags} if flags is not None else {})
    if name == "qualifiedValueShape":
        extra = {}
        for key in ("qualifiedMinCount", "qualifiedMaxCount"):
            count = g.value(shape, SH[key])
            if count is not None:
                extra[key] = count
        return Constraint("QualifiedValueShape", value, extra)
    if name in ("languageIn", "in", "and", "or", "xone"):
        members = list(Collection(g, value))
        return Constraint(component, value, {str(i): m for i, m in enumerate(members)})
    return Constraint(component, value)


def members(constraint: Constraint) -> list[Node]:
    """The list members of an sh:in, sh:languageIn, sh:and, sh:or or sh:xone."""
    return [constraint.extra[str(i)] for i in range(len(constraint.extra))]


def _refuse_custom_components(g: Graph) -> None:
    custom = sorted(str(c) for c in g.subjects(RDF.type, SH.ConstraintComponent))
    if custom:
        raise UnsupportedShape(
            f"the shapes declare constraint components ({', '.join(custom)}), "
            "which jcgraph's validator does not evaluate"
        )
    for predicate in (SH.rule, SH.shapesGraph):
        name = "sh:" + str(predicate)[len(SH) :]
        if next(g.subjects(predicate, None), None) is not None:
            raise UnsupportedShape(
                f"the shapes use {name}, which jcgraph's validator does not evaluate"
            )


def _name(node: Node) -> str:
    return (
        f"<{node}>"
        if isinstance(node, URIRef)
        else f"[] ({node.n3()})"
        if isinstance(node, BNode)
        else str(node)
    )
