"""External graphs to link against: an RDF file loaded into Oxigraph, or a SPARQL endpoint.

Both answer the same SELECT queries, so the linker runs one code path whichever it gets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from jcgraph.engines.http import Binding, select
from jcgraph.errors import JcgraphError
from jcgraph.results import from_oxigraph

DEFAULT_TIMEOUT = 30.0


class Source(Protocol):
    """A graph that answers SELECT queries."""

    name: str

    def select(self, sparql: str) -> list[Binding]:
        """The query's solutions as dicts from variable name to term."""
        ...


class FileSource:
    """An RDF file (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) in memory."""

    def __init__(self, path: Path) -> None:
        import pyoxigraph

        if not path.is_file():
            raise JcgraphError(f"{path}: no such file")
        suffix = path.suffix.lstrip(".").lower()
        rdf_format = pyoxigraph.RdfFormat.from_extension("jsonld" if suffix == "json" else suffix)
        if rdf_format is None:
            raise JcgraphError(f"{path}: unknown RDF format (use .ttl, .nt, .nq, .trig, .jsonld)")
        self.name = path.name
        self.store = pyoxigraph.Store()
        try:
            self.store.bulk_load(path=str(path), format=rdf_format)
        except (SyntaxError, ValueError, OSError) as exc:
            raise JcgraphError(f"{path}: {exc}") from None

    def select(self, sparql: str) -> list[Binding]:
        from pyoxigraph import QuerySolutions

        answer = self.store.query(sparql, use_default_graph_as_union=True)
        if not isinstance(answer, QuerySolutions):
            raise TypeError("the linker asks SELECT queries only")
        names = [v.value for v in answer.variables]
        rows = []
        for solution in answer:
            row = {}
            for name in names:
                term = from_oxigraph(solution[name])
                if term is not None:
                    row[name] = term
            rows.append(row)
        return rows


class EndpointSource:
    """A SPARQL endpoint over HTTP, asked with a timeout and jcgraph's User-Agent."""

    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.name = url
        self.url = url
        self.timeout = timeout
        self.requests = 0

    def select(self, sparql: str) -> list[Binding]:
        self.requests += 1
        return select(self.url, sparql, timeout=self.timeout)


def open_source(target: str, timeout: float = DEFAULT_TIMEOUT) -> Source:
    """An endpoint for an ``http(s)://`` URL, else an RDF file."""
    if target.startswith(("http://", "https://")):
        return EndpointSource(target, timeout)
    return FileSource(Path(target))
