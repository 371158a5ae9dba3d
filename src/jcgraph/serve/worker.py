"""A query worker: a child process that holds the graph and answers one task at a time.

The server kills a worker whose query runs past the time limit (a running pyoxigraph query
cannot be interrupted from Python), so everything a query can do happens here, never in
the server: parsing, evaluating, and writing the answer in the negotiated format.
"""

from __future__ import annotations

import signal
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jcgraph.errors import JcgraphError, SyntaxProblem
from jcgraph.formats.negotiation import Format
from jcgraph.results import Result
from jcgraph.serve.sandbox import cut_network

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from jcgraph.engines import Engine, EngineName


@dataclass(frozen=True)
class Settings:
    """What a worker needs to open its engine: the build-cache files and the engine name."""

    engine: EngineName
    oxigraph_dump: Path | None
    named_graphs: Path | None
    updates: tuple[Update, ...] = ()  # the updates applied since start-up, replayed in order
    store: Path | None = None  # an on-disk store made by `jcgraph store`, opened read-only
    allow_service: tuple[str, ...] = ()  # the endpoints SERVICE may call (rdflib checks too)
    max_memory_mib: int = 0  # the worker's data memory limit (0: none)


@dataclass(frozen=True)
class Ready:
    """Sent once the engine is open: the named graphs the dataset holds, and whether the
    worker left the network (``offline``; else ``why_online``)."""

    graphs: tuple[str, ...]
    offline: bool = False
    why_online: str | None = None


@dataclass(frozen=True)
class Query:
    """Run a query and write its answer in the first of ``formats`` that fits its kind.

    ``formats`` maps a result kind ("select", "ask", "graph") to the negotiated format, or
    to None when the client accepts no format for that kind (answered 406).
    """

    sparql: str
    formats: dict[str, Format | None]
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    max_rows: int = 10_000
    where: str = "query"
    base: str | None = None  # what the query's relative IRIs resolve against


@dataclass(frozen=True)
class Rows:
    """Run a query and send the ``Result`` itself (for pages the server renders)."""

    sparql: str
    max_rows: int = 10_000


@dataclass(frozen=True)
class Update:
    """Apply a SPARQL update to this worker's copy of the graph; its relative IRIs are
    resolved against ``base`` (the protocol's base: the endpoint's URL)."""

    sparql: str
    base: str | None = None


@dataclass(frozen=True)
class Answer:
    """A worker's reply: an HTTP status, a body, and what the server needs to send it."""

    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    kind: str = ""
    rows: int = 0
    truncated: bool = False
    result: Result | None = None
    headers: dict[str, str] = field(default_factory=dict)


def open_engine(settings: Settings) -> Engine:
    """The engine over the build cache's files, or over an on-disk store."""
    from jcgraph.engines import open_engine as open_named

    return open_named(
        settings.engine,
        dump=settings.oxigraph_dump,
        named_graphs=settings.named_graphs,
        store=settings.store,
    )


def graph_names(engine: Engine) -> tuple[str, ...]:
    """Every named graph of the engine's dataset."""
    answer = engine.query("SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")  # empty graphs too
    return tuple(sorted(row[0].value for row in answer.rows if row[0] is not None))


def apply_update(engine: Engine, update: Update) -> None:
    """Run a SPARQL update on the engine's store (in memory only)."""
    if engine.name == "oxigraph":
        engine.store.update(update.sparql, base_iri=update.base)  # type: ignore[attr-defined]
    else:  # rdflib's Graph.update takes no base: parse with one, then evaluate
        from rdflib.plugins.sparql.algebra import translateUpdate
        from rdflib.plugins.sparql.parser import parseUpdate
        from rdflib.plugins.sparql.update import evalUpdate

        parsed = translateUpdate(parseUpdate(update.sparql), base=update.base)
        evalUpdate(engine.dataset, parsed)  # type: ignore[attr-defined]


def handle(engine: Engine, task: Query | Rows | Update) -> Answer:
    """Carry out one task; bad input becomes a 4xx answer, never an exception."""
    if isinstance(task, Update):
        try:
            apply_update(engine, task)
        except Exception as exc:  # both engines raise several types for a bad update
            return Answer(400, _problem("update", exc))
        return Answer(204)
    if isinstance(task, Rows):
        result = engine.query(task.sparql, limit=task.max_rows + 1)
        truncated = len(result.rows) > task.max_rows
        del result.rows[task.max_rows :]
        return Answer(200, result=result, truncated=truncated, rows=len(result.rows))
    try:
        result = engine.query(
            task.sparql,
            where=task.where,
            default_graphs=task.default_graphs,
            named_graphs=task.named_graphs,
            limit=task.max_rows + 1,
            base=task.base,
        )
    except Exception as exc:  # a query the engine cannot answer is the client's error
        return Answer(400, _problem(task.where, exc))
    truncated = len(result.rows) > task.max_rows
    del result.rows[task.max_rows :]
    fmt = task.formats.get(result.kind)
    if fmt is None:
        return Answer(406, f"no acceptable format for a {result.kind} result\n".encode())
    from jcgraph.formats import write

    headers = {"X-Result-Rows": str(len(result.rows))}
    if truncated:
        headers["X-Result-Truncated"] = f"only the first {task.max_rows} rows are sent"
    return Answer(
        200,
        write(result, fmt.key),
        fmt.content_type,
        kind=result.kind,
        rows=len(result.rows),
        truncated=truncated,
        headers=headers,
    )


def _problem(where: str, exc: BaseException) -> bytes:
    if isinstance(exc, JcgraphError):
        return (exc.message + "\n").encode()
    if isinstance(exc, SyntaxError):  # pyoxigraph's parse error for an update
        from jcgraph.engines.oxigraph import syntax_problem

        return (syntax_problem(where, exc).message + "\n").encode()
    text = str(exc).strip() or type(exc).__name__
    return f"{where}: {SyntaxProblem(where, None, None, text).why}\n".encode()


def main(conn: Connection, settings: Settings) -> None:
    """The worker's loop: open the engine, say Ready, then answer tasks until EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides when workers stop
    # first, while no thread runs: a worker that calls no endpoint leaves the network
    why_online = "--allow-service names endpoints" if settings.allow_service else cut_network()
    from jcgraph.engines.guard import ALLOWED

    ALLOWED.set(frozenset(settings.allow_service))  # for this whole process
    if settings.max_memory_mib:
        import resource

        # heap and private mappings: an allocation past it aborts the worker (SIGABRT),
        # which the pool reports as the query needing more memory, and replaces
        limit = settings.max_memory_mib * 2**20
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    engine = open_engine(settings)
    for update in settings.updates:
        apply_update(engine, update)
    conn.send(Ready(graph_names(engine), offline=why_online is None, why_online=why_online))
    while True:
        try:
            task: Any = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = handle(engine, task)
        except Exception:  # a bug of ours: report it, keep serving
            answer = Answer(500, traceback.format_exc().encode())
        try:
            conn.send(answer)
        except (BrokenPipeError, OSError):
            return
