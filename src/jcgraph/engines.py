"""Two SPARQL engines behind one small interface: Oxigraph (fast) and rdflib (reference).

Both see the same dataset, with the union of its named graphs as the default graph,
and both answer with a ``results.Result``, so callers never know which one ran.
"""

from __future__ import annotations

import re
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from .errors import SyntaxProblem
from .results import Result, Row, Term

if TYPE_CHECKING:
    from rdflib import Dataset

EngineName = Literal["oxigraph", "rdflib"]
ENGINES: tuple[EngineName, ...] = ("oxigraph", "rdflib")


class Engine(Protocol):
    """What every engine offers."""

    name: EngineName

    def query(
        self,
        sparql: str,
        *,
        where: str = "query",
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        limit: int | None = None,
    ) -> Result:
        """Run a SPARQL query; ``where`` names it in error messages.

        ``default_graphs``/``named_graphs`` give the RDF dataset as the SPARQL protocol's
        ``default-graph-uri``/``named-graph-uri`` do (None: the store's own); ``limit``
        stops collecting rows after that many.
        """
        ...


class OxigraphEngine:
    """pyoxigraph's in-memory store: the named graphs, and their union as the default graph.

    Oxigraph's own union view is a bag (a triple in two files counts twice), while SPARQL
    users and rdflib expect a set; so the union is stored once, deduplicated, as the
    store's default graph.
    """

    name: EngineName = "oxigraph"

    def __init__(self, dataset: Dataset) -> None:
        import pyoxigraph

        from .loading import union

        self._ox = pyoxigraph
        self.store = pyoxigraph.Store()
        quads = dataset.serialize(format="nquads", encoding="utf-8")
        self.store.bulk_load(quads, format=pyoxigraph.RdfFormat.N_QUADS)
        triples = union(dataset).serialize(format="nt", encoding="utf-8")
        self.store.bulk_load(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)

    @classmethod
    def from_dump(cls, path: Path) -> OxigraphEngine:
        """An engine over a store dumped by ``dump`` (no rdflib involved)."""
        import pyoxigraph

        engine = cls.__new__(cls)
        engine._ox = pyoxigraph
        engine.store = pyoxigraph.Store()
        engine.store.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS)
        return engine

    @classmethod
    def from_store(cls, path: Path) -> OxigraphEngine:
        """An engine over an on-disk store made by ``jcgraph store``, read-only."""
        import pyoxigraph

        from .store import open_store

        engine = cls.__new__(cls)
        engine._ox = pyoxigraph
        engine.store = open_store(path)
        return engine

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
    ) -> Result:
        ox = self._ox
        scope: dict[str, Any] = {}
        if default_graphs is not None or named_graphs is not None:
            scope["default_graph"] = [ox.NamedNode(g) for g in default_graphs or []]
            scope["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or []]
        try:
            answer = self.store.query(sparql, **scope)
            if isinstance(answer, ox.QueryBoolean):
                return Result("ask", boolean=bool(answer))
            if isinstance(answer, ox.QuerySolutions):
                names = [v.value for v in answer.variables]
                rows: list[Row] = [
                    tuple(_from_oxigraph(solution[name]) for name in names)
                    for solution in islice(answer, limit)
                ]
                return Result("select", names, rows)
            triples = [
                (_from_oxigraph(t.subject), _from_oxigraph(t.predicate), _from_oxigraph(t.object))
                for t in islice(answer, limit)  # type: ignore[arg-type]  # a QueryTriples here
            ]
            return Result("graph", ["subject", "predicate", "object"], list(triples))
        except SyntaxError as exc:
            raise _oxigraph_syntax(where, exc) from None
        except OSError as exc:
            raise SyntaxProblem(where, None, None, f"query failed: {exc}") from None


def _oxigraph_syntax(where: str, exc: SyntaxError) -> SyntaxProblem:
    message = str(exc)
    match = re.match(r"error at (\d+):(\d+): (.*)", message, re.S)
    if match:
        return SyntaxProblem(where, int(match[1]), int(match[2]), match[3])
    return SyntaxProblem(where, None, None, message)


def _from_oxigraph(term: Any) -> Term | None:
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


class RdflibEngine:
    """rdflib's own SPARQL implementation: slow, but the reference."""

    name: EngineName = "rdflib"

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def query(
        self,
        sparql: str,
        *,
        where: str = "query",
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        limit: int | None = None,
    ) -> Result:
        from pyparsing import ParseException

        dataset = self.dataset
        if default_graphs is not None or named_graphs is not None:
            dataset = self._scoped(default_graphs or [], named_graphs or [])
        try:
            answer: Any = dataset.query(sparql)
        except ParseException as exc:
            raise SyntaxProblem(where, exc.lineno, exc.col, exc.msg) from None
        if answer.type == "ASK":
            return Result("ask", boolean=bool(answer.askAnswer))
        if answer.type == "SELECT":
            names = [str(v) for v in answer.vars or []]
            rows: list[Row] = [
                tuple(_from_rdflib(row[i]) for i in range(len(names)))
                for row in islice(answer, limit)
            ]
            return Result("select", names, rows)
        triples = [tuple(_from_rdflib(t) for t in triple) for triple in islice(answer, limit)]
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


def _from_rdflib(term: Any) -> Term | None:
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return Term("uri", str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else None
        return Term.literal(str(term), datatype, term.language)
    raise TypeError(f"unsupported term in a result: {term!r}")


def open_engine(name: EngineName, dataset: Dataset) -> Engine:
    """The named engine over ``dataset``.

    >>> from jcgraph.loading import load
    >>> engine = open_engine("oxigraph", load())
    >>> engine.query("ASK { ?s ?p ?o }").boolean
    True
    """
    if name == "oxigraph":
        return OxigraphEngine(dataset)
    if name == "rdflib":
        return RdflibEngine(dataset)
    raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
