"""Writing a ``Result`` in a negotiated format: the SPARQL results formats for SELECT and
ASK, and Turtle, N-Triples, JSON-LD or RDF/XML (by pyoxigraph) for CONSTRUCT and DESCRIBE."""

from __future__ import annotations

from typing import Any

from . import results
from .negotiation import GRAPH_FORMATS, RESULT_FORMATS, Format
from .results import Result, Term
from .table import PREFIXES

_RESULT_WRITERS = {
    "json": results.to_json,
    "xml": results.to_xml,
    "csv": results.to_csv,
    "tsv": results.to_tsv,
}


def formats_for(result: Result) -> tuple[Format, ...]:
    """The formats a result of this kind can be written in."""
    return GRAPH_FORMATS if result.kind == "graph" else RESULT_FORMATS


def write(result: Result, fmt: Format) -> bytes:
    """The result in ``fmt`` as UTF-8 bytes.

    >>> from jcgraph.negotiation import by_key
    >>> row = (Term("uri", "http://a"), Term("uri", "http://b"), Term.literal("金"))
    >>> print(write(Result("graph", ["subject", "predicate", "object"], [row]),
    ...             by_key("ntriples", GRAPH_FORMATS)).decode(), end="")
    <http://a> <http://b> "金" .
    """
    if result.kind == "graph":
        return write_graph(result.rows, fmt.key)
    return _RESULT_WRITERS[fmt.key](result).encode("utf-8")


_RDF_FORMATS = {
    "turtle": "TURTLE",
    "ntriples": "N_TRIPLES",
    "jsonld": "JSON_LD",
    "rdfxml": "RDF_XML",
}


def write_graph(rows: list[Any], key: str) -> bytes:
    """Triples (rows of three ``Term``s) in an RDF format; Turtle uses our prefixes."""
    import pyoxigraph as ox

    complete = [(s, p, o) for s, p, o in rows if s is not None and p is not None and o is not None]
    if key == "turtle":  # each subject's triples together, so Turtle groups them
        complete.sort(key=lambda t: (t[0].kind != "uri", t[0].value, t[1].value))
    triples = [ox.Triple(_to_oxigraph(s), _to_oxigraph(p), _to_oxigraph(o)) for s, p, o in complete]
    rdf_format = getattr(ox.RdfFormat, _RDF_FORMATS[key])
    prefixes = _used_prefixes(triples) if key in ("turtle", "rdfxml", "jsonld") else None
    data = ox.serialize(triples, format=rdf_format, prefixes=prefixes)
    assert isinstance(data, bytes)
    return data


def _used_prefixes(triples: list[Any]) -> dict[str, str]:
    """Only the prefixes whose namespace some IRI in ``triples`` starts with."""
    iris = {
        term.value
        for triple in triples
        for term in (triple.subject, triple.predicate, triple.object)
        if type(term).__name__ == "NamedNode"
    }
    return {
        prefix: namespace
        for prefix, namespace in {**PREFIXES, **_MORE_PREFIXES}.items()
        if any(iri.startswith(namespace) for iri in iris)
    }


_MORE_PREFIXES = {
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "void": "http://rdfs.org/ns/void#",
    "formats": "http://www.w3.org/ns/formats/",
    "dcat": "http://www.w3.org/ns/dcat#",
}


def _to_oxigraph(term: Term) -> Any:
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
