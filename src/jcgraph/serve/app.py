"""``jcgraph serve``: a SPARQL 1.1 Protocol endpoint, stored questions, entity pages and a
query page over HTTP, as an ASGI application on uvicorn.

This module holds the server's configuration and state and starts it; ``connection`` and
``asgi`` read requests, ``routes`` answers them, ``pool`` and ``worker`` run the queries. Everything
is read-only unless the operator starts the server with ``--allow-update`` and a token.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import uvicorn

from jcgraph.engines import EngineName, guard
from jcgraph.errors import JcgraphError
from jcgraph.export.void import Statistics, describe, gather
from jcgraph.pipeline.reason import DEFAULT_PROFILE
from jcgraph.results import Result, Row
from jcgraph.serve.asgi import Application
from jcgraph.serve.connection import configured
from jcgraph.serve.pool import MAX_WAITING, Pool
from jcgraph.serve.worker import Rows, Settings

ALL_ROWS = 10_000_000  # what "every row" means for the server's own statistics


@dataclass
class Config:
    """How the server runs; the command line's options."""

    host: str = "127.0.0.1"
    port: int = 8000
    engine: EngineName = "oxigraph"
    reason: str = DEFAULT_PROFILE
    workers: int = 2
    timeout: float = 10.0
    max_rows: int = 10_000
    max_request: int = 1_048_576
    max_answer: int = 64  # MiB an answer may have (it is buffered for slow readers)
    max_connections: int = 4096  # open connections; slow ones are closed at a deadline
    header_timeout: float = 10.0  # seconds for a request's line and headers, and its body
    keep_alive: float = 15.0  # seconds an idle connection waits for its next request
    send_timeout: float = 30.0  # seconds an answer may wait for a client that reads nothing
    max_memory: int = 2048  # MiB of data memory per worker; 0: no limit
    allow_update: bool = False
    token: str | None = None
    allow_service: tuple[str, ...] = ()
    base_url: str | None = None
    store: Path | None = None  # serve this on-disk store (read-only) instead of the build
    docs: Path | None = None  # the pages `jcgraph docs` wrote, shown at /ontology
    sizes: dict[str, int] | None = None  # asserted and inferred triples, when known apart
    log: Any = field(default=None, repr=False)  # a text stream; stderr by default


class App:
    """The server's state: configuration, worker pool, stored questions, cached VoID."""

    def __init__(self, config: Config, pool: Pool, queries: Path) -> None:
        self.config = config
        self.pool = pool
        self.queries = queries
        self.log = config.log or sys.stderr
        self._stats: Statistics | None = None
        self._void: list[Row] | None = None
        self._context: bytes | None = None
        self._stats_lock = threading.Lock()
        self._log_lock = threading.Lock()
        self.web = files("jcgraph.serve") / "web"

    @property
    def base(self) -> str:
        return (self.config.base_url or "").rstrip("/")

    def rows(self, sparql: str, limit: int | None = None) -> Result:
        """Answer one of our own SELECT/ASK queries through the pool (at most ``limit``
        rows, by default the server's ``max_rows``)."""
        answer = self.pool.run(Rows(sparql, limit or self.config.max_rows))
        if answer.result is None:
            raise RuntimeError(f"worker failed: {answer.body.decode(errors='replace')}")
        return answer.result

    def statistics(self) -> Statistics:
        """The graph's counts, gathered once (and again after an update)."""
        with self._stats_lock:
            if self._stats is None:
                # every row: the counts and vocabularies must not stop at --max-rows
                self._stats = gather(lambda sparql: self.rows(sparql, ALL_ROWS))
            return self._stats

    def void(self) -> list[Row]:
        """The dataset's VoID and DCAT description (as ``jcgraph build`` writes it)."""
        stats = self.statistics()
        with self._stats_lock:
            if self._void is None:
                try:
                    self._void = describe(stats, sizes=self.config.sizes)
                except Exception as exc:  # the description is a courtesy: never fail on it
                    self.write_log(f"warning: no VoID description ({exc!r})")
                    self._void = []
            return self._void

    def forget_statistics(self) -> None:
        """Drop the cached counts and re-read the graph names (after an update)."""
        with self._stats_lock:
            self._stats = None
            self._void = None
        answer = self.rows("SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")  # empty graphs too
        self.pool.graphs = tuple(sorted(row[0].value for row in answer.rows if row[0]))

    def check(self, sparql: str, where: str, *, update: bool = False) -> None:
        """Raise ``Reply`` 403 when ``sparql`` would reach the network, 400 when it cannot
        be checked (too deep, too long, or unreadable to the checking parser)."""
        from jcgraph.serve.reply import Reply

        try:
            guard.refuse_outbound(
                sparql, where, self.config.allow_service, update=update, held=self.pool.graphs
            )
        except guard.Refused as exc:
            raise Reply(403, exc.message) from None
        except JcgraphError as exc:
            raise Reply(400, exc.message) from None

    def jsonld_context(self) -> bytes:
        """The JSON-LD context of the build (the same as `jcgraph build` writes), made
        from the ontology and data files on first use."""
        with self._stats_lock:
            if self._context is None:
                import json

                from rdflib import URIRef

                from jcgraph.export.jsonld_context import context
                from jcgraph.namespaces import GRAPH_BASE
                from jcgraph.pipeline.load import load, union

                dataset = load()
                ontology = dataset.graph(URIRef(GRAPH_BASE + "ontology/jcgraph"))
                text = json.dumps(context(ontology, union(dataset)), ensure_ascii=False, indent=1)
                self._context = (text + "\n").encode()
            return self._context

    def write_log(self, line: str) -> None:
        with self._log_lock:
            print(line, file=self.log, flush=True)


def serve(config: Config) -> None:
    """Load the graph, start the workers, and answer requests until interrupted."""
    log = config.log or sys.stderr
    settings, queries = _settings(config)
    pool = Pool(settings, size=config.workers, timeout=config.timeout)
    app = App(config, pool, queries)
    listener = _listen(config.host, config.port)  # before the workers load: a busy port
    _allow_files(config.max_connections + 64)
    application = Application(app, threads=MAX_WAITING + config.workers + 4)
    started = time.perf_counter()
    try:
        pool.start()
        host, port = listener.getsockname()[:2]
        if not config.base_url:
            shown = f"[{host}]" if ":" in host else host
            config.base_url = f"http://{shown}:{port}"
        print(
            f"jcgraph serve: listening on {config.base_url}/ "
            f"(SPARQL endpoint {config.base_url}/sparql; "
            f"engine {config.engine}, reasoning {config.reason}, {config.workers} workers ready in "
            f"{time.perf_counter() - started:.1f} s, timeout {config.timeout:g} s, "
            f"{'updates allowed with a token' if config.allow_update else 'read-only'})",
            file=log,
            flush=True,
        )
        if pool.why_online and not config.allow_service:
            print(
                f"jcgraph serve: warning: the workers could not leave the network "
                f"({pool.why_online}); the query guard alone keeps SERVICE calls in",
                file=log,
                flush=True,
            )
        server = uvicorn.Server(
            uvicorn.Config(
                application,
                http=configured(
                    config.header_timeout, config.keep_alive, config.send_timeout, app.write_log
                ),
                lifespan="off",
                access_log=False,  # the application logs one line per request
                log_level="error",  # what clients cause is logged by us, one line each
                server_header=False,
                headers=[("server", "jcgraph")],
                limit_concurrency=config.max_connections,
                timeout_keep_alive=max(1, round(config.keep_alive)),
                timeout_graceful_shutdown=5,
                loop="asyncio",  # uvloop measured no faster here: one dependency less
            )
        )
        server.run(sockets=[listener])
    finally:
        listener.close()
        application.close()
        pool.close()


def _allow_files(wanted: int) -> None:
    """Raise the open-file limit towards ``wanted`` (each connection is a file); the soft
    limit is often 1024, below the connection limit."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``, or a one-line error saying why not."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        listener = socket.socket(family, kind, proto)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind(address)
            listener.listen(128)
        except BaseException:
            listener.close()
            raise
    except (OSError, OverflowError) as exc:
        why = getattr(exc, "strerror", None) or str(exc)
        raise JcgraphError(f"cannot listen on {host}:{port}: {why}") from None
    return listener


def _settings(config: Config) -> tuple[Settings, Path]:
    """What the workers open (the build cache, or a store read-only) and where the stored
    questions are; an unusable store or build is reported here, not in every worker."""
    from jcgraph.paths import layout

    if config.store is None:
        from jcgraph import api

        graph = api.load(reason=config.reason)  # type: ignore[arg-type]
        if graph.entry is None:
            raise JcgraphError("the build cache could not be written; the workers need it")
        return (
            Settings(
                config.engine,
                graph.entry.oxigraph,
                graph.entry.named_graphs,
                allow_service=tuple(config.allow_service),
                max_memory_mib=config.max_memory,
            ),
            graph.where.queries,
        )
    from jcgraph.engines.store import open_store, store_info

    if config.allow_update:
        raise JcgraphError("a store is served read-only; --allow-update needs the build")
    if config.engine != "oxigraph":
        raise JcgraphError("a store is answered by Oxigraph; --engine rdflib needs the build")
    open_store(config.store)
    made = store_info(config.store)
    config.reason = str(made.get("reasoning", "unknown"))
    if isinstance(made.get("asserted"), int) and isinstance(made.get("inferred"), int):
        config.sizes = {
            "jcgraph-asserted": int(str(made["asserted"])),
            "jcgraph-inferred": int(str(made["inferred"])),
        }
    settings = Settings(
        config.engine,
        None,
        None,
        store=config.store,
        allow_service=tuple(config.allow_service),
        max_memory_mib=config.max_memory,
    )
    return settings, layout().queries
