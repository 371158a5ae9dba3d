"""Oxigraph (pyoxigraph): the fast engine, in memory or over an on-disk store."""

from __future__ import annotations

import re
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jcgraph.engines.base import EngineName
from jcgraph.engines.projection import in_query_order
from jcgraph.errors import SyntaxProblem
from jcgraph.results import Result, Row, from_oxigraph

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Dataset


class OxigraphEngine:
    """pyoxigraph's in-memory store: the named graphs, and their union as the default graph.

    Oxigraph's own union view is a bag (a triple in two files counts twice), while SPARQL
    users and rdflib expect a set; so the union is stored once, deduplicated, as the
    store's default graph.
    """

    name: EngineName = "oxigraph"

    def __init__(self, store: pyoxigraph.Store) -> None:
        import pyoxigraph

        self._ox = pyoxigraph
        self.store = store

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> OxigraphEngine:
        """An engine over an rdflib Dataset: its named graphs, and their union (a set)
        loaded as the default graph."""
        import pyoxigraph

        from jcgraph.engines.rdflib import union

        store = pyoxigraph.Store()
        quads = dataset.serialize(format="nquads", encoding="utf-8")
        store.bulk_load(quads, format=pyoxigraph.RdfFormat.N_QUADS)
        triples = union(dataset).serialize(format="nt", encoding="utf-8")
        store.bulk_load(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        return cls(store)

    @classmethod
    def from_dump(cls, path: Path) -> OxigraphEngine:
        """An engine over a store dumped by ``dump`` (no rdflib involved)."""
        import pyoxigraph

        store = pyoxigraph.Store()
        store.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS)
        return cls(store)

    @classmethod
    def read_only(cls, path: Path) -> OxigraphEngine:
        """An engine over an on-disk store, opened read-only (the build cache's copy)."""
        import pyoxigraph

        return cls(pyoxigraph.Store.read_only(str(path)))

    @classmethod
    def from_store(cls, path: Path) -> OxigraphEngine:
        """An engine over an on-disk store made by ``jcgraph store``, read-only."""
        from jcgraph.engines.store import open_store

        return cls(open_store(path))

    def dump(self) -> bytes:
        """The whole store, default graph included, as N-Quads."""
        data = self.store.dump(format=self._ox.RdfFormat.N_QUADS)
        assert isinstance(data, bytes)
        return data

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
        ox = self._ox
        scope: dict[str, Any] = {}
        if default_graphs is not None or named_graphs is not None:
            scope["default_graph"] = [ox.NamedNode(g) for g in default_graphs or []]
            scope["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or []]
        try:
            answer = self.store.query(sparql, base_iri=base, **scope)
            if isinstance(answer, ox.QueryBoolean):
                return Result("ask", boolean=bool(answer))
            if isinstance(answer, ox.QuerySolutions):
                names = [v.value for v in answer.variables]
                rows: list[Row] = [
                    tuple(from_oxigraph(solution[name]) for name in names)
                    for solution in islice(answer, limit)
                ]
                return in_query_order(sparql, Result("select", names, rows))
            triples = [
                (from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))
                for t in islice(answer, limit)  # type: ignore[arg-type]  # QueryTriples
            ]
            return Result("graph", ["subject", "predicate", "object"], list(triples))
        except SyntaxError as exc:
            raise syntax_problem(where, exc) from None
        except OSError as exc:
            raise SyntaxProblem(where, None, None, f"query failed: {exc}") from None


def syntax_problem(where: str, exc: SyntaxError) -> SyntaxProblem:
    """Oxigraph's parse error (``error at LINE:COL: why``) as a located ``SyntaxProblem``."""
    message = str(exc)
    match = re.match(r"error at (\d+):(\d+): (.*)", message, re.S)
    if match:
        return SyntaxProblem(where, int(match[1]), int(match[2]), match[3])
    return SyntaxProblem(where, None, None, message)
