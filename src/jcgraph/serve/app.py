"""``jcgraph serve``: a SPARQL 1.1 Protocol endpoint, stored questions, entity pages and a
query page over HTTP, on the standard library's threading HTTP server.

This module holds the server's configuration and state and starts it; ``handler`` reads
requests, ``routes`` answers them, ``pool`` and ``worker`` run the queries. Everything
is read-only unless the operator starts the server with ``--allow-update`` and a token.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from jcgraph.engines import EngineName, guard
from jcgraph.errors import JcgraphError
from jcgraph.export.void import Statistics, describe, gather
from jcgraph.results import Result, Row
from jcgraph.serve.handler import JcgraphHTTPServer
from jcgraph.serve.pool import Pool
from jcgraph.serve.worker import Rows, Settings

ALL_ROWS = 10_000_000  # what "every row" means for the server's own statistics


@dataclass
class Config:
    """How the server runs; the command line's options."""

    host: str = "127.0.0.1"
    port: int = 8000
    engine: EngineName = "oxigraph"
    reason: str = "owlrl"
    workers: int = 2
    timeout: float = 10.0
    max_rows: int = 10_000
    max_request: int = 1_048_576
    max_connections: int = 1024  # open connections; slow ones are closed at a deadline
    header_timeout: float = 10.0  # seconds for a request's line and headers, and its body
    max_memory: int = 2048  # MiB of data memory per worker; 0: no limit
    allow_update: bool = False
    token: str | None = None
    allow_service: tuple[str, ...] = ()
    base_url: str | None = None
    store: Path | None = None  # serve this on-disk store (read-only) instead of the build
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
        answer = self.rows("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        self.pool.graphs = tuple(sorted(row[0].value for row in answer.rows if row[0]))

    def check(self, sparql: str, where: str, *, update: bool = False) -> None:
        """Raise ``Reply`` 403 when ``sparql`` would reach the network, 400 when it cannot
        be checked (too deep, too long, or unreadable to the checking parser)."""
        from jcgraph.serve.reply import Reply

        try:
            guard.refuse_outbound(sparql, where, self.config.allow_service, update=update)
        except guard.Refused as exc:
            raise Reply(403, exc.message) from None
        except JcgraphError as exc:
            raise Reply(400, exc.message) from None

    def write_log(self, line: str) -> None:
        with self._log_lock:
            print(line, file=self.log, flush=True)


def serve(config: Config, *, ready: Any = None) -> None:
    """Load the graph, start the workers, and answer requests until interrupted.

    ``ready``, when given, is called with the bound server once it listens (tests use it).
    """
    log = config.log or sys.stderr
    settings, queries = _settings(config)
    pool = Pool(settings, size=config.workers, timeout=config.timeout)
    app = App(config, pool, queries)
    try:  # bound before the workers load the graph: a busy port is reported at once
        server = JcgraphHTTPServer((config.host, config.port), app)
    except (OSError, OverflowError) as exc:
        why = getattr(exc, "strerror", None) or str(exc)
        raise JcgraphError(f"cannot listen on {config.host}:{config.port}: {why}") from None
    started = time.perf_counter()
    try:
        pool.start()
        host, port = server.server_address[:2]
        if not config.base_url:
            name = host.decode() if isinstance(host, bytes) else str(host)
            shown = f"[{name}]" if ":" in name else name
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

        def stop(*_: Any) -> None:
            threading.Thread(target=server.shutdown, daemon=True).start()

        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, stop)
        if ready is not None:
            ready(server)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        pool.close()


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
