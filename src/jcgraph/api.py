"""The Python API: load, reason, query, validate and run, returning small dataclasses."""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jcgraph.cache import Entry
from jcgraph.engines import Engine, EngineName, open_engine
from jcgraph.errors import JcgraphError
from jcgraph.namespaces import INFERRED
from jcgraph.paths import Layout, layout
from jcgraph.pipeline.queries import (
    StoredQuery,
    bind,
    catalogue,
    check_names,
    execute,
    find,
    network_block,
)
from jcgraph.pipeline.reason import DEFAULT_PROFILE, Profile, Reasoning

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Dataset
    from rdflib import Graph as RdflibGraph

    from jcgraph.linking.linker import LinkResult
    from jcgraph.pipeline.audit import Finding
    from jcgraph.pipeline.describe import EntityView
    from jcgraph.pipeline.validate import ValidationReport, Validator
    from jcgraph.pipeline.vocabulary import Usage
    from jcgraph.results import Result

__all__ = [
    "Answer",
    "Graph",
    "RunSummary",
    "audit",
    "check",
    "describe",
    "link",
    "load",
    "network_block",
    "query",
    "reason",
    "run",
    "validate",
]


@dataclass
class Graph:
    """The loaded graph: one named graph per source file, plus the inferred graph.

    A graph from the build cache loads lazily: Oxigraph reads its own dump, and the rdflib
    dataset is parsed only when something asks for it (the rdflib engine, validation).
    """

    where: Layout
    profile: Profile = "none"
    entry: Entry | None = None
    reasoning: Reasoning | None = None
    _dataset: Dataset | None = field(default=None, repr=False)
    _engines: dict[str, Engine] = field(default_factory=dict, repr=False)

    @property
    def dataset(self) -> Dataset:
        """The rdflib Dataset (parsed from the cache on first use)."""
        if self._dataset is None:
            from rdflib import Dataset

            if self.entry is None:
                raise JcgraphError("this graph has neither a dataset nor a cache entry")
            dataset = Dataset(default_union=True)
            dataset.parse(self.entry.named_graphs, format="nquads")
            self._dataset = dataset
        return self._dataset

    @property
    def asserted(self) -> int:
        """How many triples the source files assert (a triple in two files counts once)."""
        if self.entry is not None and self._dataset is None:
            return int(str(self.entry.meta["asserted"]))
        from rdflib import URIRef

        from jcgraph.pipeline.load import union

        asserted = union(self.dataset)
        asserted -= self.dataset.graph(URIRef(INFERRED))
        return len(asserted)

    @property
    def inferred(self) -> int:
        """How many triples reasoning added."""
        if self.entry is not None and self._dataset is None:
            return int(str(self.entry.meta["inferred"]))
        from rdflib import URIRef

        return len(self.dataset.graph(URIRef(INFERRED)))

    def engine(self, name: EngineName = "oxigraph") -> Engine:
        """The engine of that name over this graph, built once."""
        if name not in self._engines:
            if name == "oxigraph" and self.entry is not None:
                if self.entry.oxigraph_store.is_dir():  # opening is faster than loading
                    from jcgraph.engines.oxigraph import OxigraphEngine

                    self._engines[name] = OxigraphEngine.read_only(self.entry.oxigraph_store)
                else:
                    self._engines[name] = open_engine(name, dump=self.entry.oxigraph)
            else:
                self._engines[name] = open_engine(name, dataset=self.dataset)
        return self._engines[name]


def load(
    files: list[Path] | None = None,
    *,
    reason: Profile = "none",
    cache: bool = True,
    progress: Callable[[str], object] | None = None,
) -> Graph:
    """Load the ontology and data (or ``files``), optionally reasoning over them.

    The shipped graph comes from the build cache when its inputs have not changed, and
    fills the cache when they have; ``cache=False`` always builds afresh. ``progress``
    is told when a slow build starts.

    >>> graph = load()
    >>> graph.inferred
    0
    """
    from jcgraph import cache as build_cache

    where = layout()
    if files is None and cache:
        key = build_cache.input_key(where, reason)  # taken before any input is read
        entry = build_cache.lookup(where, reason, key)
        if entry is not None:
            return Graph(where, reason, entry)
        with build_cache.building(where, reason):  # one build for commands started together
            entry = build_cache.lookup(where, reason, key)
            if entry is not None:  # another command built it while this one waited
                return Graph(where, reason, entry)
            if progress is not None:
                progress(
                    f"building the graph ({reason} reasoning) into the cache; later runs reuse it"
                )
            graph = _build(where, reason, files)
            _fill_cache(graph, key)
            return graph
    return _build(where, reason, files)


def _build(where: Layout, reason: Profile, files: list[Path] | None) -> Graph:
    from jcgraph.pipeline.load import load as load_dataset

    graph = Graph(where, reason, _dataset=load_dataset(files, where=where))
    if reason != "none":
        _add_closure(graph, reason)
    return graph


def _fill_cache(graph: Graph, key: str | None) -> None:
    from jcgraph import cache as build_cache
    from jcgraph.engines.oxigraph import OxigraphEngine

    engine = open_engine("oxigraph", dataset=graph.dataset)
    assert isinstance(engine, OxigraphEngine)  # it has the dump the cache keeps
    graph._engines["oxigraph"] = engine
    meta: dict[str, object] = {
        "profile": graph.profile,
        "asserted": graph.asserted,
        "inferred": graph.inferred,
        "reasoning_seconds": graph.reasoning.seconds if graph.reasoning else 0.0,
    }
    named = graph.dataset.serialize(format="nquads", encoding="utf-8")
    try:
        graph.entry = build_cache.save(graph.where, graph.profile, named, engine.dump(), meta, key)
    except OSError as exc:  # the graph is built and usable; only later runs lose the cache
        where = build_cache.cache_root(graph.where)
        print(
            f"warning: the build cache {where} cannot be written ({exc.strerror})", file=sys.stderr
        )


def reason(graph: Graph, profile: Profile = DEFAULT_PROFILE) -> Reasoning:
    """Add the ``profile`` closure to the graph as its inferred named graph."""
    return _add_closure(graph, profile)


def _add_closure(graph: Graph, profile: Profile) -> Reasoning:
    from jcgraph.pipeline.reason import reason as reason_dataset

    graph.reasoning = reason_dataset(graph.dataset, profile)
    graph.profile = profile
    graph.entry = None
    graph._engines.clear()
    return graph.reasoning


def resolve(text_or_name: str, folder: Path) -> tuple[str, StoredQuery | None]:
    """Whether ``text_or_name`` is a stored query's name, a ``.rq`` file, or SPARQL text."""
    candidate = Path(text_or_name)
    if text_or_name.endswith((".rq", ".sparql")):
        if not candidate.is_file():
            raise JcgraphError(f"{text_or_name}: no such query file")
        from jcgraph.pipeline.queries import read_query

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
    reason: Profile = DEFAULT_PROFILE,
    allow_service: Iterable[str] = (),
    endpoint: str | None = None,
    store: Path | None = None,
) -> Result:
    """Answer a stored question (by name), a ``.rq`` file, or SPARQL text.

    Args:
        text_or_name: ``indicators-tripled``, ``my.rq`` or ``SELECT ...``.
        graph: a loaded graph; by default the shipped one, reasoned with ``reason``.
        engine: ``oxigraph`` (default, fast) or ``rdflib`` (reference).
        params: values for the stored query's parameters.
        reason: reasoning profile when ``graph`` is not given.
        allow_service: endpoints the query may reach with SERVICE (exact IRIs); none by
            default, and any other endpoint is refused before a request is made.
        endpoint: a SPARQL 1.1 endpoint URL to ask instead of an embedded engine.
        store: an on-disk store made by ``jcgraph store`` to ask instead (read-only).
    """
    from jcgraph.engines.guard import refuse_outbound

    folder = graph.where.queries if graph else layout().queries
    where, stored = resolve(text_or_name, folder)
    sparql = bind(stored, params or {}) if stored else text_or_name
    # before any graph is loaded; a stored question's verdict is kept for the next start
    refuse_outbound(sparql, where, allow_service, remember=stored is not None)
    chosen = _engine(graph, engine, reason=reason, endpoint=endpoint, store=store)
    result = execute(chosen, sparql, where=where, allow_service=allow_service)  # checked above
    if stored and stored.names and not result.rows and result.kind == "select":
        check_names(chosen, stored, params or {})  # no rows: say so if the name is nobody's
    return result


def _engine(
    graph: Graph | None,
    engine: EngineName,
    *,
    reason: Profile = DEFAULT_PROFILE,
    endpoint: str | None = None,
    store: Path | None = None,
) -> Engine:
    """The engine a question goes to: an endpoint, a store, or the (loaded) graph's."""
    if endpoint is not None:
        return open_engine(engine, endpoint=endpoint)
    if store is not None:
        return _store_engine(Path(store).resolve())
    return (graph or load(reason=reason)).engine(engine)


def _store_engine(path: Path) -> Engine:
    """One open engine per store and build: a store replaced since is opened afresh."""
    from jcgraph.engines.store import MARKER

    try:
        built = (path / MARKER).stat().st_mtime_ns
    except OSError:
        built = 0
    return _open_store(path, built)


@functools.lru_cache(maxsize=4)
def _open_store(path: Path, built: int) -> Engine:
    return open_engine("oxigraph", store=path)


def validate(
    graph: Graph | None = None,
    *,
    data: list[Path] | None = None,
    inference: Profile = "none",
    validator: Validator = "jcgraph",
    max_memory_mib: int | None = None,
    progress: Callable[[str], object] | None = None,
) -> ValidationReport:
    """Validate the graph (or the user's ``data`` files with our ontology) against the shapes.

    ``data`` is held in memory (rdflib, pyshacl): files that would need more than
    ``max_memory_mib`` (by default, the memory available now) are refused before reading,
    and data that holds no triple is an error, not a pass. ``progress`` is told each step.
    """
    from jcgraph.pipeline.load import load as load_dataset
    from jcgraph.pipeline.load import parse_turtle
    from jcgraph.pipeline.validate import check_fits

    where = layout()
    if data and validator == "jcgraph" and inference == "none":
        return _validate_files(data, where, max_memory_mib, progress)
    if data:
        check_fits(data, max_memory_mib)
        dataset = load_dataset(where.ontology.glob("*.ttl"), where=where)
        read = 0
        for path in data:
            if progress and path.is_file():
                progress(f"reading {path} ({path.stat().st_size / 2**20:.1f} MiB)")
            target = dataset.graph(path.resolve().as_uri())
            parse_turtle(path, target)
            read += len(target)
        if not read:
            names = ", ".join(str(p) for p in data)
            raise JcgraphError(f"nothing to validate: {names} holds no triples")
        if progress:
            progress(f"validating {read} triples of data")
        graph = Graph(where, _dataset=dataset)
    graph = graph or load(reason=DEFAULT_PROFILE)  # the build the questions use
    if graph.entry is not None and not data:
        from jcgraph.pipeline.validate import read_report, write_report

        # The cache key covers the shapes too, so a stored report is never stale.
        saved = graph.entry.folder / f"validation-{validator}-{inference}"
        report = read_report(saved)
        if report is None:
            if validator == "jcgraph" and inference == "none":
                report = _validate_entry(graph.entry, where)
            else:
                report = _validate(graph.dataset, where, inference, validator)
            write_report(report, saved)
        return report
    return _validate(graph.dataset, where, inference, validator)


def _validate(
    dataset: Dataset, where: Layout, inference: Profile, validator: Validator = "jcgraph"
) -> ValidationReport:
    """SHACL (``validator``) and the vocabulary check, in one report, of what the files
    say (not what reasoning added: ``inference`` adds its own closure)."""
    from rdflib import Graph as RdflibGraph

    from jcgraph.pipeline import vocabulary
    from jcgraph.pipeline.validate import validate_graph, with_unknown_terms

    shapes_graph = shapes(where)
    ontology, data = vocabulary.graphs_of(dataset)
    asserted = RdflibGraph()  # what the files say: validation adds its own closure
    for prefix, namespace in dataset.namespaces():
        asserted.bind(prefix, namespace, override=False)
    for graph in ontology + data:
        asserted += graph
    report = validate_graph(asserted, shapes_graph, inference, validator)
    unknown = vocabulary.check(ontology, data, shapes_graph, where.ontology / "terms")
    return with_unknown_terms(report, unknown)


def _validate_entry(entry: Entry, where: Layout) -> ValidationReport:
    """A cached build validated from its Oxigraph dump, with no rdflib dataset parsed: the
    same report as ``_validate``. The files' graphs, not what reasoning added, become the
    default graph that is validated."""
    import time

    import pyoxigraph

    from jcgraph.namespaces import GRAPH_BASE
    from jcgraph.pipeline.datafiles import usage_of_store

    started = time.perf_counter()
    store = pyoxigraph.Store()
    store.bulk_load(path=str(entry.oxigraph), format=pyoxigraph.RdfFormat.N_QUADS)
    store.update(
        "DROP DEFAULT; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER (?g != <{INFERRED}>) }}"
    )
    names = sorted(
        g.value
        for g in store.named_graphs()
        if isinstance(g, pyoxigraph.NamedNode) and g.value != INFERRED
    )
    ours = [n for n in names if n.startswith(GRAPH_BASE + "ontology/")]
    usage = usage_of_store(store, [n for n in names if n not in ours])  # what graphs_of calls data
    ontology = _graphs_of(store, ours)
    store.update("DROP NAMED")  # read: the validator's queries see the default graph alone
    return _checked(store, ontology, usage, where, started)


def _graphs_of(store: pyoxigraph.Store, names: list[str]) -> list[RdflibGraph]:
    """The named graphs of ``store`` as rdflib graphs (for the vocabulary check)."""
    import pyoxigraph
    from rdflib import Graph as RdflibGraph

    graphs = []
    for name in names:
        nt = pyoxigraph.RdfFormat.N_TRIPLES
        triples = store.dump(format=nt, from_graph=pyoxigraph.NamedNode(name))
        graphs.append(RdflibGraph(identifier=name).parse(data=triples, format="nt"))
    return graphs


def _checked(
    store: pyoxigraph.Store,
    ontology: list[RdflibGraph],
    usage: Usage,
    where: Layout,
    started: float,
) -> ValidationReport:
    """jcgraph's validator over the default graph of ``store``, and the vocabulary check
    of what the data uses (``usage``) against ``ontology``."""
    from jcgraph.pipeline import vocabulary
    from jcgraph.pipeline.validate import validate_store, with_unknown_terms

    shapes_graph = shapes(where)
    report = validate_store(store, shapes_graph, started=started)
    unknown = vocabulary.check(ontology, [], shapes_graph, where.ontology / "terms", usage=usage)
    return with_unknown_terms(report, unknown)


def _validate_files(
    data: list[Path],
    where: Layout,
    max_memory_mib: int | None,
    progress: Callable[[str], object] | None,
) -> ValidationReport:
    """The user's files streamed into Oxigraph with our ontology, then validated there:
    no rdflib graph of the data is built (see :mod:`jcgraph.pipeline.datafiles`)."""
    import time

    import pyoxigraph

    from jcgraph.pipeline.datafiles import BYTES_PER_INPUT_BYTE, read_into, usage_of_store
    from jcgraph.pipeline.load import load as load_dataset
    from jcgraph.pipeline.validate import check_fits

    check_fits(data, max_memory_mib, BYTES_PER_INPUT_BYTE)
    started = time.perf_counter()
    store, read = pyoxigraph.Store(), 0
    for path in data:
        if progress and path.is_file():
            progress(f"reading {path} ({path.stat().st_size / 2**20:.1f} MiB)")
        read += read_into(store, path)
    if not read:
        names = ", ".join(str(p) for p in data)
        raise JcgraphError(f"nothing to validate: {names} holds no triples")
    usage = usage_of_store(store)  # the data alone: the ontology joins it next
    ontology = load_dataset(sorted(where.ontology.glob("*.ttl")), where=where)
    for path in sorted(where.ontology.glob("*.ttl")):
        store.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    if progress:
        progress(f"validating {read} triples of data")
    return _checked(store, [g for g in ontology.graphs() if len(g)], usage, where, started)


def shapes(where: Layout) -> Dataset:
    """The shapes graph: every file under ontology/shapes/."""
    from jcgraph.pipeline.load import load as load_dataset
    from jcgraph.pipeline.load import union

    return union(load_dataset(where.shapes_files(), where=where))  # type: ignore[return-value]


@dataclass
class Answer:
    """One stored question's answer in a run."""

    query: StoredQuery
    result: Result | None
    seconds: float
    error: str | None = None
    skipped: str | None = None


@dataclass
class RunSummary:
    """What ``jcgraph run`` did."""

    asserted: int
    inferred: int
    validation: ValidationReport | None  # None when the questions went to an endpoint or store
    answers: list[Answer]
    seconds: float

    @property
    def answered(self) -> int:
        return sum(1 for a in self.answers if a.result is not None and a.result.rows)


def run(
    *,
    engine: EngineName = "oxigraph",
    reason_with: Profile = DEFAULT_PROFILE,
    progress: Callable[[str], object] | None = None,
    allow_service: Iterable[str] = (),
    endpoint: str | None = None,
    store: Path | None = None,
) -> RunSummary:
    """Load, reason, validate, then answer every stored question (not the checks).

    Questions that need the network run only when their endpoint is in ``allow_service``;
    the others are skipped, and their answer says why. With ``endpoint`` the questions go
    to that SPARQL endpoint, and nothing is loaded or validated here; the same with
    ``store``, an on-disk store made by ``jcgraph store``.
    """
    started = time.perf_counter()
    graph = None if endpoint or store else load(reason=reason_with, progress=progress)
    report = validate(graph) if graph else None
    folder = graph.where.queries if graph else layout().queries
    questions = [q for q in catalogue(folder) if not q.is_check]
    answers = _answer_all(
        questions, graph, engine, tuple(allow_service), endpoint, store, capture=True
    )
    asserted, inferred = (graph.asserted, graph.inferred) if graph else (0, 0)
    return RunSummary(asserted, inferred, report, answers, time.perf_counter() - started)


def check(
    graph: Graph | None = None,
    *,
    engine: EngineName = "oxigraph",
    allow_service: Iterable[str] = (),
    endpoint: str | None = None,
    store: Path | None = None,
) -> list[Answer]:
    """Run every data-quality check (``*-violation.rq``); a check passes with no rows.

    Checks that need the network are skipped unless their endpoint is allowed.
    """
    folder = graph.where.queries if graph else layout().queries
    checks = [q for q in catalogue(folder) if q.is_check]
    return _answer_all(checks, graph, engine, tuple(allow_service), endpoint, store)


def _answer_all(
    questions: list[StoredQuery],
    graph: Graph | None,
    engine: EngineName,
    allowed: tuple[str, ...],
    endpoint: str | None,
    store: Path | None,
    *,
    capture: bool = False,
) -> list[Answer]:
    """Each question answered in turn; an error is kept in its answer when ``capture``."""
    answers = []
    for stored in questions:
        blocked = network_block(stored, allowed)
        if blocked:
            answers.append(Answer(stored, None, 0.0, skipped=blocked))
            continue
        t0 = time.perf_counter()
        try:
            result = query(
                stored.name,
                graph,
                engine=engine,
                allow_service=allowed,
                endpoint=endpoint,
                store=store,
            )
            answers.append(Answer(stored, result, time.perf_counter() - t0))
        except JcgraphError as exc:
            if not capture:
                raise
            answers.append(Answer(stored, None, time.perf_counter() - t0, exc.message))
    return answers


def audit(
    graph: Graph, engine: EngineName = "oxigraph", lang: str = "zh"
) -> tuple[list[Finding], dict[str, str]]:
    """The audit's findings (inconsistent first) and the labels of the IRIs they name
    (``lang`` first)."""
    from jcgraph.pipeline.audit import labels, run_audit

    chosen = graph.engine(engine)
    findings = run_audit(chosen, graph.where.queries)
    return findings, labels(chosen, findings, lang)


def describe(text: str, graph: Graph, engine: EngineName = "oxigraph") -> list[EntityView]:
    """Everything the graph says about each entity whose label contains ``text`` (or that
    ``text`` names by IRI or prefixed name)."""
    from jcgraph.pipeline.describe import find as find_entities
    from jcgraph.pipeline.describe import gather

    chosen = graph.engine(engine)
    return [gather(chosen.query, iri) for iri in find_entities(chosen.query, text)]


def link(
    target: str,
    profile: str = "wikidata",
    *,
    graph: Graph | None = None,
    timeout: float = 30.0,
    batch: int = 100,
) -> LinkResult:
    """Link our entities (of ``graph``, by default the shipped one without reasoning) to
    ``target``, an RDF file or a SPARQL endpoint, with a linking profile."""
    from jcgraph.linking.linker import link as find_links

    engine = (graph or load(reason="none")).engine("oxigraph")
    return find_links(
        target,
        profile,
        engine_query=lambda q: engine.query(q).dicts(),
        timeout=timeout,
        batch=batch,
    )
