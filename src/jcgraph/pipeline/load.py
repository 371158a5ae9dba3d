"""Loading: every Turtle file becomes one named graph of an rdflib Dataset.

The graph IRI is derived from the file's path (``data/economy.ttl`` becomes
``https://w3id.org/jcgraph/graph/data/economy``), and the union of all graphs is the
default graph that queries see.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from jcgraph.engines.rdflib import union
from jcgraph.errors import SyntaxProblem
from jcgraph.files import read_text
from jcgraph.paths import Layout, graph_iri, layout
from jcgraph.progress import bar

__all__ = ["load", "parse_turtle", "union"]  # union: rdflib's merge, for pipeline callers


def parse_turtle(path: Path, into: Graph) -> None:
    """Parse one Turtle file into ``into``, turning parser errors into ``file:line:col``."""
    text = read_text(path)
    try:
        into.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises several types; all mean bad input here
        raise _located(path, text, exc) from None


def _located(path: Path, text: str, exc: Exception) -> SyntaxProblem:
    index = getattr(exc, "_i", None)
    why = getattr(exc, "_why", None) or str(exc)
    if isinstance(index, int):
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        return SyntaxProblem(str(path), line, column, why)
    # rdflib sometimes fails without a position (a file cut off mid-statement raises
    # IndexError); Oxigraph's parser always says where, so ask it.
    import pyoxigraph

    try:
        for _ in pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE):
            pass
    except SyntaxError as exc:
        if exc.lineno is not None:
            message = str(exc.msg).split(": ", 1)[-1]
            return SyntaxProblem(str(path), exc.lineno, exc.offset, message)
    return SyntaxProblem(str(path), None, None, why)


def load(files: Iterable[Path] | None = None, *, where: Layout | None = None) -> Dataset:
    """Load Turtle files (default: the ontology and data) into a Dataset.

    Args:
        files: Turtle files to load; by default every file of ``ontology/`` and ``data/``.
        where: the layout whose root names the graphs; the packaged one by default.

    Returns:
        A Dataset with one named graph per file, whose default graph is their union.

    Raises:
        SyntaxProblem: a file is not valid Turtle (the message gives file:line:col).

    >>> ds = load()
    >>> len(ds) > 1000
    True
    """
    where = where or layout()
    dataset = Dataset(default_union=True)
    paths = files if files is not None else where.graph_files()
    for path in bar(paths, "reading files", unit="file"):
        parse_turtle(path, dataset.graph(URIRef(graph_iri(path, where.root))))
    return dataset
