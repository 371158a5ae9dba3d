"""The Python API: load, reason, query, validate and run, returning small dataclasses."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .engines import Engine, EngineName, open_engine
from .errors import JcgraphError
from .paths import Layout, layout
from .queries import StoredQuery, bind, catalogue, find
from .reasoning import INFERRED, Profile, Reasoning

if TYPE_CHECKING:
    from rdflib import Dataset

    from .results import Result
    from .validation import ValidationReport


@dataclass
class Graph:
    """The loaded graph: one named graph per source file, plus the inferred graph."""

    dataset: Dataset
    where: Layout
    reasoning: Reasoning | None = None
    _engines: dict[str, Engine] = field(default_factory=dict, repr=False)

    @property
    def asserted(self) -> int:
        """How many triples the source files assert (a triple in two files counts once)."""
        from .loading import union

        asserted = union(self.dataset)
        asserted -= self.dataset.graph(INFERRED)
        return len(asserted)

    @property
    def inferred(self) -> int:
        """How many triples reasoning added."""
        return len(self.dataset.graph(INFERRED))

    def engine(self, name: EngineName = "oxigraph") -> Engine:
        """The engine of that name over this graph, built once."""
        if name not in self._engines:
            self._engines[name] = open_engine(name, self.dataset)
        return self._engines[name]


def load(files: list[Path] | None = None, *, reason: Profile = "none") -> Graph:
    """Load the ontology and data (or ``files``), optionally reasoning over them.

    >>> graph = load()
    >>> graph.inferred
    0
    """
    from .loading import load as load_dataset

    where = layout()
    graph = Graph(load_dataset(files, where=where), where)
    if reason != "none":
        _add_closure(graph, reason)
    return graph


def reason(graph: Graph, profile: Profile = "owlrl") -> Reasoning:
    """Add the ``profile`` closure to the graph as its inferred named graph."""
    return _add_closure(graph, profile)


def _add_closure(graph: Graph, profile: Profile) -> Reasoning:
    from .reasoning import reason as reason_dataset

    graph.reasoning = reason_dataset(graph.dataset, profile)
    graph._engines.clear()
    return graph.reasoning


def resolve(text_or_name: str, folder: Path) -> tuple[str, StoredQuery | None]:
    """Whether ``text_or_name`` is a stored query's name, a ``.rq`` file, or SPARQL text."""
    candidate = Path(text_or_name)
    if text_or_name.endswith((".rq", ".sparql")):
        if not candidate.is_file():
            raise JcgraphError(f"{text_or_name}: no such query file")
        from .queries import read_query

        stored = read_query(candidate)
        return str(candidate), stored
    if "{" in text_or_name or " " in text_or_name.strip():
        return "query", None
    return text_or_name, find(folder, text_or_name)


def query(
    text_or_name: str,
    graph: Graph | None = None,
    *,
    engine: EngineName = "oxigraph",
    params: dict[str, str] | None = None,
    reason: Profile = "owlrl",
) -> Result:
    """Answer a stored question (by name), a ``.rq`` file, or SPARQL text.

    Args:
        text_or_name: ``indicators-tripled``, ``my.rq`` or ``SELECT ...``.
        graph: a loaded graph; by default the shipped one, reasoned with ``reason``.
        engine: ``oxigraph`` (default, fast) or ``rdflib`` (reference).
        params: values for the stored query's parameters.
        reason: reasoning profile when ``graph`` is not given.
    """
    from .safety import refuse_outbound

    graph = graph or load(reason=reason)
    where, stored = resolve(text_or_name, graph.where.queries)
    sparql = bind(stored, params or {}) if stored else text_or_name
    refuse_outbound(sparql, where)
    return graph.engine(engine).query(sparql, where=where)


def validate(
    graph: Graph | None = None,
    *,
    data: list[Path] | None = None,
    inference: Profile = "none",
) -> ValidationReport:
    """Validate the graph (or the user's ``data`` files with our ontology) against the shapes."""
    from .loading import load as load_dataset
    from .loading import parse_turtle, union
    from .validation import validate_graph

    where = layout()
    if data:
        dataset = load_dataset(where.ontology.glob("*.ttl"), where=where)
        for path in data:
            parse_turtle(path, dataset.graph(path.resolve().as_uri()))
        graph = Graph(dataset, where)
    graph = graph or load()
    return validate_graph(union(graph.dataset), shapes(where), inference)


def shapes(where: Layout) -> Dataset:
    """The shapes graph: every file under ontology/shapes/."""
    from .loading import load as load_dataset
    from .loading import union

    return union(load_dataset(where.shapes_files(), where=where))  # type: ignore[return-value]


@dataclass
class Answer:
    """One stored question's answer in a run."""

    query: StoredQuery
    result: Result | None
    seconds: float
    error: str | None = None


@dataclass
class RunSummary:
    """What ``jcgraph run`` did."""

    asserted: int
    inferred: int
    validation: ValidationReport
    answers: list[Answer]
    seconds: float

    @property
    def answered(self) -> int:
        return sum(1 for a in self.answers if a.result is not None and a.result.rows)


def run(*, engine: EngineName = "oxigraph", reason_with: Profile = "owlrl") -> RunSummary:
    """Load, reason, validate, then answer every stored question (not the checks)."""
    started = time.perf_counter()
    graph = load(reason=reason_with)
    report = validate(graph)
    answers = []
    for stored in catalogue(graph.where.queries):
        if stored.is_check:
            continue
        t0 = time.perf_counter()
        try:
            result = query(stored.name, graph, engine=engine)
            answers.append(Answer(stored, result, time.perf_counter() - t0))
        except JcgraphError as exc:
            answers.append(Answer(stored, None, time.perf_counter() - t0, exc.message))
    return RunSummary(
        graph.asserted, graph.inferred, report, answers, time.perf_counter() - started
    )
