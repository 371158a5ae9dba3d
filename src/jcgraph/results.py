"""Query results in one shape for every engine (writers live in ``jcgraph.formats``).

A ``Term`` mirrors a term of the SPARQL 1.1 Query Results JSON Format (uri, literal,
bnode), so any engine's answer converts to it without loss and prints the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from jcgraph.namespaces import RDF_LANGSTRING, XSD

NUMERIC = {
    XSD + t
    for t in (
        "integer",
        "decimal",
        "double",
        "float",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
    )
}
INTEGERS = NUMERIC - {XSD + "decimal", XSD + "double", XSD + "float"}


@dataclass(frozen=True)
class Term:
    """An RDF term as the SPARQL results formats describe it.

    ``datatype`` is None for plain strings (xsd:string) and language-tagged strings.
    """

    kind: Literal["uri", "literal", "bnode"]
    value: str
    datatype: str | None = None
    lang: str | None = None

    @staticmethod
    def literal(value: str, datatype: str | None = None, lang: str | None = None) -> Term:
        """A literal, with xsd:string and rdf:langString folded into the plain form."""
        if lang or datatype in (XSD + "string", RDF_LANGSTRING):
            datatype = None
        return Term("literal", value, datatype, lang or None)

    def number(self) -> Decimal | None:
        """The numeric value of a numeric literal, else None.

        >>> a = Term.literal("3.40", XSD + "decimal")
        >>> a.number() == Term.literal("3.4", XSD + "double").number()
        True
        """
        if self.kind != "literal" or self.datatype not in NUMERIC:
            return None
        try:
            return Decimal(self.value)
        except InvalidOperation:
            return None

    def python(self) -> Any:
        """The term as a Python value: an integer ``int``, another number ``Decimal``, a
        boolean ``bool``, anything else (IRIs, strings, dates) its text."""
        number = self.number()
        if number is not None:
            return int(number) if self.datatype in INTEGERS else number
        if self.kind == "literal" and self.datatype == XSD + "boolean":
            return self.value in ("true", "1")
        return self.value

    def n3(self) -> str:
        """The term in Turtle/N-Triples syntax."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        text = (
            self.value.replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )
        if self.lang:
            return f'"{text}"@{self.lang}'
        if self.datatype:
            return f'"{text}"^^<{self.datatype}>'
        return f'"{text}"'


Row = tuple[Term | None, ...]


@dataclass
class Result:
    """The answer to a query: rows for SELECT, a boolean for ASK, triples for CONSTRUCT.

    For a graph result ``variables`` is ``["subject", "predicate", "object"]`` and each
    row is one triple.
    """

    kind: Literal["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None

    def dicts(self) -> list[dict[str, Term]]:
        """Rows as dicts from variable name to term, unbound variables left out."""
        return [
            {v: t for v, t in zip(self.variables, row, strict=True) if t is not None}
            for row in self.rows
        ]

    def records(self) -> list[dict[str, Any]]:
        """Rows as plain dicts of Python values: numbers as ``int`` or ``Decimal`` (exact,
        as written), booleans as ``bool``, IRIs and other literals as ``str``, unbound
        variables as ``None``; every variable is a key.

        >>> r = Result("select", ["n", "x"], [(Term.literal("3.40", XSD + "decimal"), None)])
        >>> r.records()
        [{'n': Decimal('3.40'), 'x': None}]
        """
        return [
            {
                v: (None if t is None else t.python())
                for v, t in zip(self.variables, row, strict=True)
            }
            for row in self.rows
        ]

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame, one column per variable in the query's order
        (pandas is optional: ``pip install pandas``). Decimals become floats, so that
        pandas can compute with them; ``records()`` keeps them exact."""
        try:
            import pandas  # type: ignore[import-untyped,unused-ignore]
        except ImportError:
            from jcgraph.errors import JcgraphError

            raise JcgraphError("to_pandas needs pandas: pip install pandas") from None
        rows = [
            {k: float(v) if isinstance(v, Decimal) else v for k, v in record.items()}
            for record in self.records()
        ]
        return pandas.DataFrame(rows, columns=self.variables)


class Triples:
    """A description built in code, one statement at a time, as rows of three terms.

    >>> out = Triples()
    >>> out.add(Triples.iri("http://a"), "http://b", out.node())
    >>> out.graph().rows[0][2].n3()
    '_:b1'
    """

    def __init__(self, prefix: str = "b") -> None:
        self.rows: list[Row] = []
        self._prefix = prefix  # blank node labels: distinct prefixes never clash when merged
        self._nodes = 0

    @staticmethod
    def iri(value: str) -> Term:
        return Term("uri", value)

    @staticmethod
    def integer(n: int, datatype: str = "integer") -> Term:
        return Term.literal(str(n), XSD + datatype)

    def node(self) -> Term:
        """A fresh blank node."""
        self._nodes += 1
        return Term("bnode", f"{self._prefix}{self._nodes}")

    def add(self, s: Term, p: str, o: Term) -> None:
        self.rows.append((s, Term("uri", p), o))

    def graph(self) -> Result:
        """The statements as a graph result."""
        return Result("graph", ["subject", "predicate", "object"], self.rows)


def prefer_language(result: Result, lang: str) -> Result:
    """Put the asked language first: with ``en``, a column ``x`` and its ``x_en`` swap,
    becoming ``x`` (English) and ``x_zh`` (Chinese). Stored questions name their English
    label columns ``*_en``; ``zh`` (the default) leaves the result as it is.

    >>> row = (Term.literal("金川集团"), Term.literal("Jinchuan"))
    >>> r = Result("select", ["org", "org_en"], [row])
    >>> swapped = prefer_language(r, "en")
    >>> swapped.variables, swapped.rows[0][0].value
    (['org', 'org_zh'], 'Jinchuan')
    """
    if lang != "en" or result.kind != "select":
        return result
    index = {name: i for i, name in enumerate(result.variables)}
    order = list(range(len(result.variables)))
    names = list(result.variables)
    for name, i in index.items():
        j = index.get(f"{name}_en")
        if j is not None:
            order[i], order[j] = j, i
            names[j] = f"{name}_zh"
    rows: list[Row] = [tuple(row[k] for k in order) for row in result.rows]
    return Result("select", names, rows)


# Conversions from and to the two libraries' own terms, imported only when used.


def from_oxigraph(term: Any) -> Term | None:
    """A pyoxigraph term (or None, for an unbound variable) as a ``Term``."""
    if term is None:
        return None
    kind = type(term).__name__
    if kind == "NamedNode":
        return Term("uri", term.value)
    if kind == "BlankNode":
        return Term("bnode", term.value)
    if kind == "Literal":
        return Term.literal(term.value, term.datatype.value, term.language)
    raise TypeError(f"unsupported term in a result: {term!r}")


def to_oxigraph(term: Term) -> Any:
    """A ``Term`` as a pyoxigraph term."""
    import pyoxigraph as ox

    if term.kind == "uri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    if term.datatype:
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
    return ox.Literal(term.value)


def from_rdflib(term: Any) -> Term | None:
    """An rdflib term (or None) as a ``Term``."""
    from rdflib import BNode, URIRef
    from rdflib import Literal as RdflibLiteral

    if term is None:
        return None
    if isinstance(term, URIRef):
        return Term("uri", str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    if isinstance(term, RdflibLiteral):
        datatype = str(term.datatype) if term.datatype else None
        return Term.literal(canonical(str(term), datatype), datatype, term.language)
    raise TypeError(f"unsupported term in a result: {term!r}")


def canonical(value: str, datatype: str | None) -> str:
    """A decimal or integer in its canonical form (XSD 1.1), as Oxigraph writes it: rdflib
    keeps the form the data was written in (359.0), so without this the two engines' CSV
    differ on every number. Anything else is returned as it is.

    >>> canonical("359.0", XSD + "decimal"), canonical("3.40", XSD + "decimal")
    ('359', '3.4')
    >>> canonical("+007", XSD + "integer"), canonical("-0.0", XSD + "decimal"), canonical("x", None)
    ('7', '0', 'x')
    """
    if datatype not in INTEGERS and datatype != XSD + "decimal":
        return value
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return value  # ill-typed: shown as written
    if not number.is_finite():
        return value
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def to_rdflib(term: Term) -> Any:
    """A ``Term`` as an rdflib term."""
    from rdflib import BNode, URIRef
    from rdflib import Literal as RdflibLiteral

    if term.kind == "uri":
        return URIRef(term.value)
    if term.kind == "bnode":
        return BNode(term.value)
    datatype = URIRef(term.datatype) if term.datatype else None
    return RdflibLiteral(term.value, lang=term.lang, datatype=datatype)


def from_json(value: dict[str, Any]) -> Term:
    """A term of the SPARQL 1.1 Query Results JSON Format as a ``Term``."""
    kind = value["type"]
    text = str(value["value"])
    if kind == "uri":
        return Term("uri", text)
    if kind == "bnode":
        return Term("bnode", text)
    if kind in ("literal", "typed-literal"):
        datatype = value.get("datatype")
        return Term.literal(canonical(text, datatype), datatype, value.get("xml:lang"))
    raise ValueError(f"unknown term type {kind!r}")
