"""Each constraint of each shape evaluated once over the whole graph, in Oxigraph.

pyshacl asks one question per focus node and constraint; here a constraint is one SPARQL
query whose pattern starts with the shape's focus nodes, so its cost follows the size of
the graph, not the number of focus nodes times the number of constraints.

A focus set is a function from a variable name to a SPARQL group that binds that variable
to the focus nodes, so a nested shape (``sh:node``, ``sh:or``, ``sh:qualifiedValueShape``)
is evaluated over the value nodes of its parent with the same code. Shape-based
constraints combine the nested shape's failing nodes in Python.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from jcgraph.shacl.prebinding import binds_this
from jcgraph.shacl.shapes import SH, Constraint, Shape, ShapesGraph, UnsupportedShape, members

Focus = Callable[[str], str]
Term = ox.NamedNode | ox.BlankNode | ox.Literal
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_PREAMBLE = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
# Lexical forms of the datatypes whose well-formedness sh:datatype checks (XSD 1.1).
_INTEGER = r"^[+-]?[0-9]+$"
LEXICAL = {
    "integer": _INTEGER,
    "int": _INTEGER,
    "long": _INTEGER,
    "short": _INTEGER,
    "nonNegativeInteger": r"^(\+?[0-9]+|-0+)$",
    "positiveInteger": r"^\+?0*[1-9][0-9]*$",
    "decimal": r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$",
    "double": r"^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN)$",
    "float": r"^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN)$",
    "boolean": r"^(true|false|1|0)$",
    "gYear": r"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    "date": r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    "dateTime": r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?$",
}
NODE_KIND_FAILS = {
    "IRI": "!isIRI({v})",
    "BlankNode": "!isBlank({v})",
    "Literal": "!isLiteral({v})",
    "BlankNodeOrIRI": "isLiteral({v})",
    "BlankNodeOrLiteral": "isIRI({v})",
    "IRIOrLiteral": "isBlank({v})",
}
COMPARISON = {"MinExclusive": ">", "MinInclusive": ">=", "MaxExclusive": "<", "MaxInclusive": "<="}
TARGET_PATTERNS = {
    SH.targetClass: "?{v} rdf:type/rdfs:subClassOf* {t} .",
    SH.targetNode: "VALUES ?{v} {{ {t} }}",
    SH.targetSubjectsOf: "?{v} {t} [] .",
    SH.targetObjectsOf: "[] {t} ?{v} .",
}
MAX_DEPTH = 32  # nesting of sh:node, sh:or, ...: deeper is taken for a recursive shape


@dataclass(frozen=True)
class Result:
    focus: Term
    path: Node | None  # a term of the shapes graph, as the report writes it
    value: Term | None
    component: str
    shape: Node
    severity: URIRef
    messages: tuple[Literal, ...]


class Evaluator:
    """Evaluates shapes over a pyoxigraph store (its default graph, or the union of its
    graphs with ``union=True``)."""

    def __init__(
        self,
        store: ox.Store,
        shapes: ShapesGraph,
        *,
        union: bool = False,
        prebound: Mapping[str, bool] | None = None,
    ) -> None:
        self.store = store
        self.shapes = shapes
        self.union = union
        self.prebound = prebound  # verdicts of jcgraph.shacl.prebinding, by query
        self._names = itertools.count()
        self.queries = 0

    # ------------------------------------------------------------------ plumbing

    def fresh(self) -> str:
        return f"v{next(self._names)}"

    def select(self, query: str, prefixes: str = _PREAMBLE) -> Iterable[ox.QuerySolution]:
        self.queries += 1
        solutions = self.store.query(prefixes + query, use_default_graph_as_union=self.union)
        assert isinstance(solutions, ox.QuerySolutions)
        return solutions

    # ------------------------------------------------------------------ focus sets

    def target_focus(self, shape: Shape) -> Focus:
        parts: list[Focus] = []
        for predicate, value in shape.targets:
            term = "" if predicate == SH.target else _n3(value)
            if predicate in TARGET_PATTERNS:
                parts.append(_filled(TARGET_PATTERNS[predicate], term))
            else:
                parts.append(self._sparql_target(shape, value))

        def focus(v: str) -> str:
            union = " UNION ".join(f"{{ {part(v)} }}" for part in parts)
            return f"{{ SELECT DISTINCT ?{v} WHERE {{ {union} }} }}"

        return focus

    def _sparql_target(self, shape: Shape, target: Node) -> Focus:
        """An sh:SPARQLTarget (SHACL Advanced Features), run once; its nodes become VALUES."""
        g = self.shapes.graph
        query = g.value(target, SH.select)
        if query is None:
            raise UnsupportedShape(
                f"shape {_label(shape.node)} has a target jcgraph's validator does not evaluate"
            )
        nodes = [s["this"] for s in self.select(str(query), _prefixes(g, target))]
        if any(isinstance(n, ox.BlankNode) for n in nodes):
            raise UnsupportedShape(
                f"the SPARQL target of shape {_label(shape.node)} selects blank nodes"
            )
        listed = " ".join(sorted({str(n) for n in nodes if n is not None}))
        return lambda v: f"VALUES ?{v} {{ {listed} }}"

    def value_pattern(self, shape: Shape, this: str, value: str) -> str:
        if shape.path is None:
            return f"BIND (?{this} AS ?{value})"
        return f"?{this} {_path(self.shapes.graph, shape.path)} ?{value} ."

    def values_focus(self, shape: Shape, focus: Focus) -> Focus:
        """The value nodes of ``shape`` for the focus nodes of ``focus``."""

        def values(v: str) -> str:
            this = self.fresh()
            pattern = f"{focus(this)} {self.value_pattern(shape, this, v)}"
            return f"{{ SELECT DISTINCT ?{v} WHERE {{ {pattern} }} }}"

        return values

    # ------------------------------------------------------------------ evaluation

    def validate(self) -> list[Result]:
        results: list[Result] = []
        for shape in self.shapes.top_level():
            if shape.targets:
                results += self.evaluate(shape, self.target_focus(shape))
        return results

    def evaluate(self, shape: Shape, focus: Focus, depth: int = 0) -> list[Result]:
        """The results of validating the nodes of ``focus`` against ``shape``."""
        if depth > MAX_DEPTH:
            raise UnsupportedShape(
                f"shape {_label(shape.node)} nests shapes deeper than {MAX_DEPTH} "
                "(recursive shapes are not evaluated)"
            )
        if shape.deactivated:
            return []
        results = self._local(shape, focus)
        results += self._counts(shape, focus)
        for constraint in shape.constraints:
            if constraint.component in (
                "HasValue",
                "UniqueLang",
                "Equals",
                "Disjoint",
                "LessThan",
                "LessThanOrEquals",
            ):
                results += self._pairwise(shape, focus, constraint)
            elif constraint.component in ("Node", "Not", "And", "Or", "Xone"):
                results += self._logical(shape, focus, constraint, depth)
            elif constraint.component == "QualifiedValueShape":
                results += self._qualified(shape, focus, constraint, depth)
            elif constraint.component == "SPARQL":
                results += self._sparql(shape, focus, constraint)
        for prop in shape.properties:
            results += self.evaluate(prop, focus, depth + 1)
        return results

    def _result(self, shape: Shape, component: str, focus: Term, value: Term | None,
                path: Node | None = None, messages: tuple[Literal, ...] | None = None,
                ) -> Result:  # fmt: skip
        return Result(
            focus=focus,
            path=shape.path if path is None else path,
            value=value,
            component=component,
            shape=shape.node,
            severity=shape.severity,
            messages=tuple(shape.messages) if messages is None else messages,
        )

    def _local(self, shape: Shape, focus: Focus) -> list[Result]:
        """Constraints each value node meets or fails on its own, in one query per shape."""
        tests = [(c, _fails(c, "?value")) for c in shape.constraints]
        tests = [(c, t) for c, t in tests if t is not None]
        if not tests:
            return []
        binds = " ".join(
            f"BIND (COALESCE(({test}), true) AS ?c{i})" for i, (_, test) in enumerate(tests)
        )
        flags = " ".join(f"?c{i}" for i in range(len(tests)))
        any_fails = " || ".join(f"?c{i}" for i in range(len(tests)))
        query = (
            f"SELECT DISTINCT ?this ?value {flags} WHERE {{ {focus('this')} "
            f"{self.value_pattern(shape, 'this', 'value')} {binds} FILTER ({any_fails}) }}"
        )
        results = []
        for row in self.select(query):
            for i, (constraint, _) in enumerate(tests):
                if _true(row[f"c{i}"]):
                    results.append(
                        self._result(
                            shape,
                            constraint.component + "ConstraintComponent",
                            row["this"],
                            row["value"],
                        )
                    )
        return results

    def _counts(self, shape: Shape, focus: Focus) -> list[Result]:
        bounds = {
            c.component: _int(c.value)
            for c in shape.constraints
            if c.component in ("MinCount", "MaxCount")
        }
        if not bounds:
            return []
        tests = []
        if "MinCount" in bounds:
            tests.append(f"COUNT(DISTINCT ?value) < {bounds['MinCount']}")
        if "MaxCount" in bounds:
            tests.append(f"COUNT(DISTINCT ?value) > {bounds['MaxCount']}")
        query = (
            f"SELECT ?this (COUNT(DISTINCT ?value) AS ?n) WHERE {{ {focus('this')} "
            f"OPTIONAL {{ {self.value_pattern(shape, 'this', 'value')} }} }} "
            f"GROUP BY ?this HAVING ({' || '.join(tests)})"
        )
        results = []
        for row in self.select(query):
            n = int(row["n"].value)
            if "MinCount" in bounds and n < bounds["MinCount"]:
                results.append(
                    self._result(shape, "MinCountConstraintComponent", row["this"], None)
                )
            if "MaxCount" in bounds and n > bounds["MaxCount"]:
                results.append(
                    self._result(shape, "MaxCountConstraintComponent", row["this"], None)
                )
        return results

    def _pairwise(self, shape: Shape, focus: Focus, c: Constraint) -> list[Result]:
        """Constraints over a focus node's values together, or against another property."""
        values = self.value_pattern(shape, "this", "value")
        component = c.component + "ConstraintComponent"
        if c.component == "HasValue":
            wanted = _n3(c.value)
            path = _path(self.shapes.graph, shape.path) if shape.path is not None else ""
            has = f"FILTER NOT EXISTS {{ ?this {path} {wanted} }}"
            if shape.path is None:
                has = f"FILTER (!sameTerm(?this, {wanted}))"
            query = f"SELECT ?this WHERE {{ {focus('this')} {has} }}"
            return [self._result(shape, component, r["this"], None) for r in self.select(query)]
        if c.component == "UniqueLang":
            if not (isinstance(c.value, Literal) and c.value.toPython() is True):
                return []
            # one result per focus node and duplicated language, as the spec asks
            assert shape.path is not None  # a property-shape parameter
            query = (
                "SELECT DISTINCT ?this (LCASE(LANG(?value)) AS ?lang) "
                f"WHERE {{ {focus('this')} {values} "
                f"?this {_path(self.shapes.graph, shape.path)} ?other . "
                'FILTER (!sameTerm(?value, ?other) && LANG(?value) != "" '
                "&& LCASE(LANG(?value)) = LCASE(LANG(?other))) }"
            )
            return [self._result(shape, component, r["this"], None) for r in self.select(query)]
        other = _n3(c.value)
        if c.component == "Equals":
            query = (
                f"SELECT DISTINCT ?this ?value WHERE {{ {focus('this')} "
                f"{{ {values} FILTER NOT EXISTS {{ ?this {other} ?value }} }} UNION "
                f"{{ ?this {other} ?value . FILTER NOT EXISTS {{ {values} }} }} }}"
            )
        elif c.component == "Disjoint":
            query = (
                f"SELECT DISTINCT ?this ?value WHERE {{ {focus('this')} {values} "
                f"?this {other} ?value . }}"
            )
        else:
            op = "<" if c.component == "LessThan" else "<="
            query = (
                f"SELECT DISTINCT ?this ?value WHERE {{ {focus('this')} {values} "
                f"?this {other} ?other . "
                f"FILTER (!COALESCE(?value {op} ?other, false)) }}"
            )
        return [self._result(shape, component, r["this"], r["value"]) for r in self.select(query)]

    def _pairs(self, shape: Shape, focus: Focus) -> list[tuple]:
        values = self.value_pattern(shape, "this", "value")
        query = f"SELECT DISTINCT ?this ?value WHERE {{ {focus('this')} {values} }}"
        return [(r["this"], r["value"]) for r in self.select(query)]

    def _failing(self, node: Node, candidates: Focus, depth: int) -> set:
        """The candidates that do not conform to the shape ``node``."""
        return {r.focus for r in self.evaluate(self.shapes.shape(node), candidates, depth + 1)}

    def _logical(self, shape: Shape, focus: Focus, c: Constraint, depth: int) -> list[Result]:
        candidates = self.values_focus(shape, focus)
        pairs = self._pairs(shape, focus)
        values = {v for _, v in pairs}
        if c.component == "Node":
            bad = self._failing(c.value, candidates, depth)
        elif c.component == "Not":
            bad = values - self._failing(c.value, candidates, depth)
        else:
            failing = [self._failing(m, candidates, depth) for m in members(c)]
            if c.component == "And":
                bad = set().union(*failing)
            elif c.component == "Or":
                bad = set(values).intersection(*failing) if failing else set(values)
            else:  # Xone: exactly one member conforms
                bad = {v for v in values if sum(v not in f for f in failing) != 1}
        component = c.component + "ConstraintComponent"
        return [
            self._result(shape, component, this, value) for this, value in pairs if value in bad
        ]

    def _qualified(self, shape: Shape, focus: Focus, c: Constraint, depth: int) -> list[Result]:
        low, high = c.extra.get("qualifiedMinCount"), c.extra.get("qualifiedMaxCount")
        pairs = self._pairs(shape, focus)
        failing = self._failing(c.value, self.values_focus(shape, focus), depth)
        conforming: dict = defaultdict(int)
        for this, value in pairs:
            if value not in failing:
                conforming[this] += 1
        results = []
        nodes = [r["this"] for r in self.select(f"SELECT ?this WHERE {{ {focus('this')} }}")]
        for this in nodes:
            n = conforming.get(this, 0)
            if low is not None and n < _int(low):
                results.append(
                    self._result(shape, "QualifiedMinCountConstraintComponent", this, None)
                )
            if high is not None and n > _int(high):
                results.append(
                    self._result(shape, "QualifiedMaxCountConstraintComponent", this, None)
                )
        return results

    def _sparql(self, shape: Shape, focus: Focus, c: Constraint) -> list[Result]:
        """A SPARQL-based constraint, run once with $this free, then joined with the focus
        nodes: the same as pre-binding $this when the query binds $this in its top-level
        pattern; a query that leaves $this unbound is refused, not guessed at."""
        if "deactivated" in c.extra:
            return []
        g = self.shapes.graph
        prefixes, text = _sparql_text(g, shape, c)
        if not binds_this(prefixes + text, self.prebound):
            raise UnsupportedShape(
                f"the SPARQL constraint of shape {_label(shape.node)} does not bind $this in "
                "its top-level pattern, so it cannot run once for every focus node"
            )
        nodes = {r["this"] for r in self.select(f"SELECT ?this WHERE {{ {focus('this')} }}")}
        messages = tuple(
            m for m in g.objects(c.node, SH.message) if isinstance(m, Literal)
        ) or tuple(shape.messages)
        results = []
        for row in self.select(text, prefixes):
            this = row["this"]
            if this is None:
                raise UnsupportedShape(
                    f"the SPARQL constraint of shape {_label(shape.node)} "
                    "gives a solution without $this"
                )
            if this not in nodes:
                continue
            path, value = _binding(row, "path"), _binding(row, "value")
            if value is None and shape.path is None:
                value = this
            filled = tuple(_fill(m, row) for m in messages)
            path_term = to_rdflib(path) if path is not None else None
            component = "SPARQLConstraintComponent"
            results.append(self._result(shape, component, this, value, path_term, filled))
        return results


# ---------------------------------------------------------------------- helpers


def _sparql_text(g: Graph, shape: Shape, c: Constraint) -> tuple[str, str]:
    """The prefixes and the text of a SPARQL constraint as it runs ($PATH substituted)."""
    text = str(c.value)
    for variable in ("$shapesGraph", "$currentShape"):
        if variable in text:
            raise UnsupportedShape(
                f"the SPARQL constraint of shape {_label(shape.node)} uses {variable}"
            )
    if "$PATH" in text:
        if shape.path is None:
            raise UnsupportedShape(
                f"the SPARQL constraint of node shape {_label(shape.node)} uses $PATH"
            )
        text = text.replace("$PATH", _path(g, shape.path))
    assert c.node is not None
    return _prefixes(g, c.node), text


def sparql_texts(graph: Graph) -> list[str]:
    """The text (prefixes included) of every SPARQL constraint of the shapes ``graph``, as
    the validator runs it."""
    shapes = ShapesGraph(graph)
    found: list[str] = []
    seen: set[int] = set()

    def walk(shape: Shape) -> None:
        if id(shape) in seen:
            return
        seen.add(id(shape))
        for c in shape.constraints:
            if c.component == "SPARQL" and "deactivated" not in c.extra:
                prefixes, text = _sparql_text(graph, shape, c)
                found.append(prefixes + text)
        for prop in shape.properties:
            walk(prop)

    for shape in shapes.top_level():
        walk(shape)
    return sorted(set(found))


def _fails(c: Constraint, v: str) -> str | None:
    """A SPARQL expression true when the value node ``v`` fails a value-local constraint."""
    name, value = c.component, c.value
    if name == "Class":
        return f"NOT EXISTS {{ {v} rdf:type/rdfs:subClassOf* {_n3(value)} }}"
    if name == "Datatype":
        dt = str(value)
        if dt == RDF_LANG_STRING:
            return f'!(isLiteral({v}) && LANG({v}) != "")'
        test = f"isLiteral({v}) && sameTerm(DATATYPE({v}), {_n3(value)})"
        lexical = LEXICAL.get(dt[len(XSD) :]) if dt.startswith(XSD) else None
        if lexical:
            test += f" && REGEX(STR({v}), {_string(lexical)})"
        return f"!({test})"
    if name == "NodeKind":
        kind = str(value).rsplit("#", 1)[-1]
        if kind not in NODE_KIND_FAILS:
            raise UnsupportedShape(f"sh:nodeKind {value} is not a node kind")
        return NODE_KIND_FAILS[kind].format(v=v)
    if name in COMPARISON:
        return f"!COALESCE({v} {COMPARISON[name]} {_n3(value)}, false)"
    if name in ("MinLength", "MaxLength"):
        op = "<" if name == "MinLength" else ">"
        return f"isBlank({v}) || STRLEN(STR({v})) {op} {_int(value)}"
    if name == "Pattern":
        flags = c.extra.get("flags")
        extra = f", {_string(str(flags))}" if flags is not None else ""
        return f"isBlank({v}) || !REGEX(STR({v}), {_string(str(value))}{extra})"
    if name == "LanguageIn":
        tests = " || ".join(f"langMatches(LANG({v}), {_string(str(tag))})" for tag in members(c))
        return f"!COALESCE(isLiteral({v}) && ({tests or 'false'}), false)"
    if name == "In":
        tests = " || ".join(f"sameTerm({v}, {_n3(m)})" for m in members(c))
        return f"!({tests or 'false'})"
    return None


def _int(term: Node) -> int:
    return int(str(term))


def _filled(template: str, term: str) -> Focus:
    return lambda v: template.format(v=v, t=term)


def _n3(term: Node) -> str:
    if isinstance(term, BNode):
        raise UnsupportedShape(f"a blank node ({term.n3()}) as a constraint parameter")
    return term.n3()


def _string(text: str) -> str:
    return Literal(text).n3()


def _path(g: Graph, path: Node) -> str:
    """A SHACL property path as a SPARQL property path."""
    if isinstance(path, URIRef):
        return path.n3()
    first = g.value(path, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#first"))
    if first is not None:
        return "(" + "/".join(_path(g, p) for p in Collection(g, path)) + ")"
    for predicate, template in (
        (SH.inversePath, "^({})"),
        (SH.zeroOrMorePath, "({})*"),
        (SH.oneOrMorePath, "({})+"),
        (SH.zeroOrOnePath, "({})?"),
    ):
        inner = g.value(path, predicate)
        if inner is not None:
            return template.format(_path(g, inner))
    alternatives = g.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path(g, p) for p in Collection(g, alternatives)) + ")"
    raise UnsupportedShape(f"{path.n3()} is not a SHACL property path")


def _prefixes(g: Graph, node: Node) -> str:
    declared = set()
    for ontology in g.objects(node, SH.prefixes):
        for declaration in g.objects(ontology, SH.declare):
            prefix, namespace = g.value(declaration, SH.prefix), g.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                declared.add(f"PREFIX {prefix}: <{namespace}>\n")
    return _PREAMBLE + "".join(sorted(declared))  # sorted: the text is a manifest key


def _binding(row: ox.QuerySolution, name: str) -> Term | None:
    """The value of ``name`` in ``row``; None when unbound or not selected at all."""
    try:
        return row[name]
    except KeyError:
        return None


def _true(term: object) -> bool:
    return isinstance(term, ox.Literal) and term.value in ("true", "1")


_TEMPLATE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


def _fill(message: Literal, row: ox.QuerySolution) -> Literal:
    def term(match: re.Match[str]) -> str:
        try:
            found = row[match.group(1)]
        except KeyError:  # not a variable of the query: left as written
            return match.group(0)
        return "" if found is None else found.value

    return Literal(_TEMPLATE.sub(term, str(message)), lang=message.language)


def to_rdflib(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _label(node: Node) -> str:
    return f"<{node}>" if isinstance(node, URIRef) else "[]"
