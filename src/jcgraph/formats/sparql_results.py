"""The W3C SPARQL 1.1 results formats: JSON, XML, CSV and TSV, and N-Triples for graphs.

Written to the specifications (https://www.w3.org/TR/sparql11-results-json/,
https://www.w3.org/TR/rdf-sparql-XMLres/, https://www.w3.org/TR/sparql11-results-csv-tsv/).
"""

from __future__ import annotations

import csv
import io
import json
import re

from jcgraph.namespaces import XSD
from jcgraph.results import Result, Term


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
