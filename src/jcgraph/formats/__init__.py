"""Writing results for people and programs: one table of writers, by the key users give.

The command line offers the text keys (``--format table|csv|tsv|json|xml|md``); the server
negotiates among the SPARQL results formats for SELECT and ASK and the RDF formats for
CONSTRUCT and DESCRIBE (``negotiation``). Both write through ``write``.
"""

from __future__ import annotations

from collections.abc import Callable

from jcgraph.formats import sparql_results, table
from jcgraph.results import Result

TEXT_WRITERS: dict[str, Callable[[Result], str]] = {
    "table": table.to_table,
    "csv": sparql_results.to_csv,
    "tsv": sparql_results.to_tsv,
    "json": sparql_results.to_json,
    "xml": sparql_results.to_xml,
    "md": table.to_markdown,
}
GRAPH_KEYS = ("turtle", "ntriples", "jsonld", "rdfxml")


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
    if result.kind == "graph":
        if key in GRAPH_KEYS:
            from jcgraph.formats.rdf import write_graph

            return write_graph(result.rows, key)
        if key not in ("table", "md"):
            return sparql_results.to_ntriples(result).encode("utf-8")
    return TEXT_WRITERS[key](result).encode("utf-8")
