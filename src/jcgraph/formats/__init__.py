"""Writing results for people and programs: one table of writers, by the key users give.

The command line offers the text keys (``--format table|csv|tsv|json|xml|md``); the server
negotiates among the SPARQL results formats for SELECT and ASK and the RDF formats for
CONSTRUCT and DESCRIBE (``negotiation``). Both write through ``write``.
"""

from __future__ import annotations

from importlib import import_module

from jcgraph.results import Result

# key -> (module of jcgraph.formats, function); modules are imported when first used, so
# that the command line starts without them
TEXT_WRITERS: dict[str, tuple[str, str]] = {
    "table": ("table", "to_table"),
    "csv": ("sparql_results", "to_csv"),
    "tsv": ("sparql_results", "to_tsv"),
    "json": ("sparql_results", "to_json"),
    "xml": ("sparql_results", "to_xml"),
    "md": ("table", "to_markdown"),
}


def write(result: Result, key: str) -> bytes:
    """The result in the format ``key`` as UTF-8 bytes.

    A graph result asked for in a key of the SPARQL results formats (which have none for
    triples) comes as N-Triples; ``table`` and ``md`` show its triples as rows.

    >>> from jcgraph.results import Term
    >>> row = (Term("uri", "http://a"), Term("uri", "http://b"), Term.literal("金"))
    >>> print(write(Result("graph", ["subject", "predicate", "object"], [row]),
    ...             "ntriples").decode(), end="")
    <http://a> <http://b> "金" .
    """
    if result.kind == "graph" and key not in ("table", "md"):
        from jcgraph.formats import rdf, sparql_results

        if key in rdf.OXIGRAPH_FORMATS:
            return rdf.write_graph(result.rows, key)
        return sparql_results.to_ntriples(result).encode("utf-8")
    module, function = TEXT_WRITERS[key]
    writer = getattr(import_module(f"jcgraph.formats.{module}"), function)
    return str(writer(result)).encode("utf-8")
