"""rdflib's own SPARQL implementation: slow, but the reference the answers are checked on."""

from __future__ import annotations

from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jcgraph.engines.base import EngineName
from jcgraph.engines.projection import in_query_order
from jcgraph.errors import SyntaxProblem
from jcgraph.results import Result, Row, from_rdflib

if TYPE_CHECKING:
    from rdflib import Dataset, Graph


class RdflibEngine:
    """rdflib's own SPARQL implementation: slow, but the reference."""

    name: EngineName = "rdflib"

    def __init__(self, dataset: Dataset) -> None:
        _never_fetch()
        self.dataset = dataset

    @classmethod
    def from_nquads(cls, path: Path) -> RdflibEngine:
        """An engine over named graphs read from an N-Quads file, their union as default."""
        from rdflib import Dataset

        dataset = Dataset(default_union=True)
        dataset.parse(path, format="nquads")
        return cls(dataset)

    def query(
        self,
        sparql: str,
        *,
        where: str = "query",
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        limit: int | None = None,
        base: str | None = None,
    ) -> Result:
        from pyparsing import ParseException

        dataset = self.dataset
        if default_graphs is not None or named_graphs is not None:
            dataset = self._scoped(default_graphs or [], named_graphs or [])
        try:
            answer: Any = dataset.query(sparql, base=base)
        except ParseException as exc:
            raise SyntaxProblem(where, exc.lineno, exc.col, exc.msg) from None
        if answer.type == "ASK":
            return Result("ask", boolean=bool(answer.askAnswer))
        if answer.type == "SELECT":
            names = [str(v) for v in answer.vars or []]
            rows: list[Row] = [
                tuple(from_rdflib(row[i]) for i in range(len(names)))
                for row in islice(answer, limit)
            ]
            return in_query_order(sparql, Result("select", names, rows))
        triples = [tuple(from_rdflib(t) for t in triple) for triple in islice(answer, limit)]
        return Result("graph", ["subject", "predicate", "object"], triples)

    def _scoped(self, default_graphs: list[str], named_graphs: list[str]) -> Dataset:
        """A dataset of copies: the merge of ``default_graphs``, and ``named_graphs``."""
        from rdflib import Dataset, URIRef

        scoped = Dataset(default_union=False)
        for name in default_graphs:
            for triple in self.dataset.graph(URIRef(name)):
                scoped.default_context.add(triple)
        for name in named_graphs:
            target = scoped.graph(URIRef(name))
            for triple in self.dataset.graph(URIRef(name)):
                target.add(triple)
        return scoped


def union(dataset: Dataset) -> Graph:
    """A plain Graph holding every triple of every named graph."""
    from rdflib import Graph

    graph = Graph()
    for prefix, namespace in dataset.namespaces():
        graph.bind(prefix, namespace, override=False)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def _never_fetch() -> None:
    """Switch off what rdflib would fetch by itself: graphs named by FROM or LOAD are only
    looked up in the dataset, and SERVICE calls go through the guard's allow-list."""
    import rdflib.plugins.sparql
    import rdflib.plugins.sparql.evaluate

    from jcgraph.engines.guard import guarded_urlopen

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    rdflib.plugins.sparql.evaluate.urlopen = guarded_urlopen  # type: ignore[assignment]
