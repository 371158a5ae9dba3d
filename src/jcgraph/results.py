"""Query results in one shape for every engine, and the W3C formats they are written in.

A ``Term`` mirrors a term of the SPARQL 1.1 Query Results JSON Format (uri, literal,
bnode), so any engine's answer converts to it without loss and prints the same.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Literal

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
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


def to_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON Format."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}, ensure_ascii=False)
    bindings = []
    for row in result.dicts():
        binding = {}
        for name, term in row.items():
            item: dict[str, str] = {"type": term.kind, "value": term.value}
            if term.lang:
                item["xml:lang"] = term.lang
            elif term.datatype:
                item["datatype"] = term.datatype
            binding[name] = item
        bindings.append(binding)
    return json.dumps(
        {"head": {"vars": result.variables}, "results": {"bindings": bindings}},
        ensure_ascii=False,
        indent=1,
    )


def to_xml(result: Result) -> str:
    """SPARQL Query Results XML Format."""
    # imported here: xml.sax pulls in urllib.request, a third of a cold query's imports
    from xml.sax.saxutils import quoteattr

    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if result.kind == "ask":
        out += ["  <head/>", f"  <boolean>{'true' if result.boolean else 'false'}</boolean>"]
    else:
        out.append("  <head>")
        out += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
        out += ["  </head>", "  <results>"]
        for row in result.dicts():
            out.append("    <result>")
            for name, term in row.items():
                out.append(f"      <binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
            out.append("    </result>")
        out.append("  </results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def _xml_term(term: Term) -> str:
    from xml.sax.saxutils import escape, quoteattr

    if term.kind == "uri":
        return f"<uri>{escape(term.value)}</uri>"
    if term.kind == "bnode":
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.lang:
        return f"<literal xml:lang={quoteattr(term.lang)}>{escape(term.value)}</literal>"
    if term.datatype:
        return f"<literal datatype={quoteattr(term.datatype)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def to_csv(result: Result) -> str:
    """SPARQL 1.1 Query Results CSV Format (RFC 4180, CRLF line ends)."""
    if result.kind == "ask":
        return f"_askResult\r\n{'true' if result.boolean else 'false'}\r\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(
            ["" if t is None else (f"_:{t.value}" if t.kind == "bnode" else t.value) for t in row]
        )
    return buffer.getvalue()


def to_tsv(result: Result) -> str:
    """SPARQL 1.1 Query Results TSV Format (terms in Turtle syntax)."""
    if result.kind == "ask":
        return f"?_askResult\n{'true' if result.boolean else 'false'}\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else _tsv_term(t) for t in row))
    return "\n".join(lines) + "\n"


def _tsv_term(term: Term) -> str:
    # Integers and decimals may be written bare, as in Turtle.
    if term.kind == "literal" and (
        (term.datatype == XSD + "integer" and re.fullmatch(r"[+-]?\d+", term.value))
        or (term.datatype == XSD + "decimal" and re.fullmatch(r"[+-]?\d*\.\d+", term.value))
    ):
        return term.value
    return term.n3()


def to_ntriples(result: Result) -> str:
    """A graph result as N-Triples."""
    return "".join(" ".join(t.n3() for t in row if t) + " .\n" for row in result.rows)


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
