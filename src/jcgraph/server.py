"""``jcgraph serve``: a SPARQL 1.1 Protocol endpoint, stored questions, entity pages and a
query page over HTTP, on the standard library's threading HTTP server.

The HTTP threads never run a query: they parse the request, check it is allowed, and
hand it to the worker pool (``pool.py``), which enforces the time limit by killing the
worker process. Everything is read-only unless the operator starts the server with
``--allow-update`` and a token.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import re
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from . import negotiation, safety
from .entity_page import EXISTS, RDF, bound, gather, iri_for_path, render
from .errors import JcgraphError
from .negotiation import GRAPH_FORMATS, HTML, RESULT_FORMATS, Format
from .pool import Busy, Pool, TimedOut, WorkerLost
from .protocol import ProtocolError, media_type, parse, parse_params
from .queries import StoredQuery, bind, catalogue, find
from .results import Result, Row
from .service_description import Statistics, describe_service
from .service_description import gather as gather_statistics
from .worker import Answer, Query, Rows, Settings

GSP_PATH = "/rdf-graphs"
WEB_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
}
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
RDF_INPUT = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "text/plain": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD",
}


@dataclass
class Config:
    """How the server runs; the command line's options."""

    host: str = "127.0.0.1"
    port: int = 8000
    engine: str = "oxigraph"
    reason: str = "owlrl"
    workers: int = 2
    timeout: float = 10.0
    max_rows: int = 10_000
    max_request: int = 1_048_576
    max_connections: int = 128
    allow_update: bool = False
    token: str | None = None
    allow_service: tuple[str, ...] = ()
    base_url: str | None = None
    store: Path | None = None  # serve this on-disk store (read-only) instead of the build
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
        self.web = files("jcgraph") / "web"

    @property
    def base(self) -> str:
        return (self.config.base_url or "").rstrip("/")

    def rows(self, sparql: str) -> Result:
        """Answer one of our own SELECT/ASK queries through the pool."""
        answer = self.pool.run(Rows(sparql, self.config.max_rows))
        if answer.result is None:
            raise RuntimeError(f"worker failed: {answer.body.decode(errors='replace')}")
        return answer.result

    def statistics(self) -> Statistics:
        with self._stats_lock:
            if self._stats is None:
                self._stats = gather_statistics(self.rows)
            return self._stats

    def void(self) -> list[Row] | None:
        """The dataset's VoID and DCAT description (as ``jcgraph build`` writes it), once."""
        with self._stats_lock:
            if self._void is None:
                named_graphs = self.pool.settings.named_graphs
                try:
                    # a large store gets the short description: parsing it all is no courtesy
                    self._void = _void_rows(named_graphs) if named_graphs else []
                except Exception as exc:  # the description is a courtesy: never fail on it
                    self.write_log(f"warning: no VoID description ({exc!r}); a short one is used")
                    self._void = []
            return self._void or None

    def forget_statistics(self) -> None:
        """Drop the cached counts and re-read the graph names (after an update)."""
        with self._stats_lock:
            self._stats = None
        answer = self.rows("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        self.pool.graphs = tuple(sorted(row[0].value for row in answer.rows if row[0]))

    def refusal(self, sparql: str, where: str) -> str | None:
        """Why ``sparql`` may not run (it would reach the network), or None."""
        try:
            safety.refuse_outbound(sparql, where, self.config.allow_service)
        except JcgraphError as exc:
            return exc.message
        return None

    def write_log(self, line: str) -> None:
        with self._log_lock:
            print(line, file=self.log, flush=True)


class Reply(Exception):
    """An answer decided early (an error, a redirect): raised, then sent by the handler."""

    def __init__(
        self,
        status: int,
        body: str | bytes = b"",
        content_type: str = "text/plain; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status)
        self.status = status
        if isinstance(body, str):
            body = (body if body.endswith("\n") or not body else body + "\n").encode()
        self.body = body
        self.content_type = content_type
        self.headers = headers or {}


def _query_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:12]


class Handler(BaseHTTPRequestHandler):
    """One HTTP request: route it, answer it, log one line."""

    server: JcgraphHTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "jcgraph"
    timeout = 30  # seconds an idle or slow client may hold a connection
    disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart

    # ---- plumbing -------------------------------------------------------------------

    @property
    def app(self) -> App:
        return self.server.app

    def log_message(self, format: str, *args: Any) -> None:
        """Silence http.server's own log: ``_log`` writes one line per request."""

    def _log(self, status: int, started: float) -> None:
        path = quote(urlsplit(self.path).path, safe="/-._~:@!$&'()*+,;=%")[:200]
        query = getattr(self, "_hash", "-")
        self.app.write_log(
            f"{time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime())}Z {status} "
            f"{(time.perf_counter() - started) * 1000:.1f}ms {self.command} {path} "
            f"query={query}"
        )

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str = "text/plain; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if status != 204:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("X-Content-Type-Options", "nosniff")
        if content_type.startswith("text/html"):
            self.send_header("Content-Security-Policy", PAGE_CSP)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and status != 204:
            self.wfile.write(body)
        self._status = status

    def _handle(self, route: Any) -> None:
        started = time.perf_counter()
        self._status = 500
        self._hash = "-"
        try:
            route()
        except Reply as reply:
            self._send(reply.status, reply.body, reply.content_type, reply.headers)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:
            traceback.print_exc(file=self.app.log)
            self.close_connection = True
            with contextlib.suppress(OSError):
                self._send(500, b"internal error; the server log has the details\n")
        finally:
            self._log(self._status, started)

    def _body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self.close_connection = True
            raise Reply(411, "send the body with a Content-Length, not chunked")
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            if self.command == "POST" or self.command == "PUT":
                self.close_connection = True
                raise Reply(411, "a Content-Length header is required")
            return b""
        try:
            length = int(length_header)
            if length < 0:
                raise ValueError
        except ValueError:
            self.close_connection = True
            raise Reply(400, "bad Content-Length") from None
        if length > self.app.config.max_request:
            self.close_connection = True
            raise Reply(413, f"the request body is over {self.app.config.max_request} bytes")
        return self.rfile.read(length)

    def _check_url(self) -> tuple[str, str]:
        parts = urlsplit(self.path)
        if len(parts.query) > self.app.config.max_request:
            raise Reply(413, f"the query string is over {self.app.config.max_request} bytes")
        return parts.path, parts.query

    # ---- HTTP methods ---------------------------------------------------------------

    def do_GET(self) -> None:
        self._handle(self._get)

    def do_HEAD(self) -> None:
        self._handle(self._get)

    def do_POST(self) -> None:
        self._handle(self._post)

    def do_PUT(self) -> None:
        self._handle(self._write)

    def do_DELETE(self) -> None:
        self._handle(self._write)

    def do_PATCH(self) -> None:
        self._handle(self._write)

    def do_OPTIONS(self) -> None:
        def route() -> None:
            self._send(
                204,
                b"",
                headers={
                    "Allow": "GET, HEAD, POST, OPTIONS",
                    "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
                    "Access-Control-Allow-Headers": "Accept, Content-Type, Authorization",
                    "Access-Control-Max-Age": "600",
                },
            )

        self._handle(route)

    # ---- routes ---------------------------------------------------------------------

    def _get(self) -> None:
        path, query = self._check_url()
        if path in ("/sparql", "/sparql/"):
            return self._sparql(path, query, b"")
        if path == "/":
            return self._static("index.html")
        if path.startswith("/web/"):
            return self._static(path[len("/web/") :])
        if path in ("/queries", "/queries/"):
            return self._list_queries(query)
        if path.startswith("/queries/"):
            return self._stored(path[len("/queries/") :], query)
        if path.startswith("/id/"):
            return self._entity(path, query)
        if path == GSP_PATH:
            return self._graph_get(query)
        if path == "/health":
            return self._health()
        if path == "/favicon.ico":
            raise Reply(204)
        raise Reply(404, "no such page; try / , /sparql , /queries or /id/...")

    def _post(self) -> None:
        path, query = self._check_url()
        body = self._body()
        if path in ("/sparql", "/sparql/"):
            return self._sparql(path, query, body)
        if path == GSP_PATH:
            return self._graph_write(query, body)
        raise Reply(405, "POST goes to /sparql", headers={"Allow": "GET, HEAD"})

    def _write(self) -> None:
        path, query = self._check_url()
        if path == GSP_PATH and self.command in ("PUT", "DELETE"):
            body = self._body() if self.command == "PUT" else b""
            return self._graph_write(query, body)
        if self.command in ("PUT", "DELETE", "PATCH") and not self.app.config.allow_update:
            self.close_connection = True
            raise Reply(403, "this endpoint is read-only")
        self.close_connection = True
        raise Reply(405, f"{self.command} is not allowed here", headers={"Allow": "GET, POST"})

    # ---- the SPARQL endpoint -------------------------------------------------------

    def _sparql(self, path: str, query: str, body: bytes) -> None:
        try:
            operation = parse(
                self.command if self.command != "HEAD" else "GET",
                query,
                self.headers.get("Content-Type"),
                body,
            )
        except ProtocolError as exc:
            raise Reply(exc.status, exc.message) from None
        if operation.kind == "describe-service":
            return self._service_description(operation.first("format"))
        self._hash = _query_hash(operation.text)
        if operation.kind == "update":
            return self._update(operation.text, operation.default_graphs, operation.named_graphs)
        formats = self._negotiate(operation.first("format") or operation.first("output"))
        graphs = set(self.app.pool.graphs)
        for name in (operation.default_graphs or []) + (operation.named_graphs or []):
            if name not in graphs:
                raise Reply(
                    400,
                    f"graph <{name}> is not part of this dataset; the service description "
                    f"(GET {path} without a query) lists its {len(graphs)} named graphs",
                )
        self._run(
            Query(
                operation.text,
                formats,
                operation.default_graphs,
                operation.named_graphs,
                self.app.config.max_rows,
            )
        )

    def _negotiate(self, override: str | None) -> dict[str, Format | None]:
        accept = self.headers.get("Accept")
        chosen: dict[str, Format | None] = {}
        for kind, options in (
            ("select", RESULT_FORMATS),
            ("ask", RESULT_FORMATS),
            ("graph", GRAPH_FORMATS),
        ):
            fmt = negotiation.by_key(override, options) if override else None
            chosen[kind] = fmt or negotiation.choose(accept, options)
        if not any(chosen.values()):
            raise Reply(
                406,
                "none of the accepted types can be produced; results come as "
                + ", ".join(f.media_type for f in RESULT_FORMATS + GRAPH_FORMATS),
            )
        return chosen

    def _run(self, task: Query) -> None:
        refused = self.app.refusal(task.sparql, task.where)
        if refused:
            raise Reply(403, refused)
        answer = self._pool_run(task)
        self._answer(answer)

    def _pool_run(self, task: Query | Rows) -> Answer:
        try:
            return self.app.pool.run(task)
        except TimedOut as exc:
            raise Reply(503, str(exc), headers={"Retry-After": "1"}) from None
        except (Busy, WorkerLost) as exc:
            raise Reply(503, str(exc), headers={"Retry-After": "2"}) from None

    def _answer(self, answer: Answer) -> None:
        if answer.status >= 500:
            self.app.log.write(answer.body.decode(errors="replace"))
            raise Reply(500, "internal error; the server log has the details")
        headers = dict(answer.headers)
        if answer.status == 200:
            headers["Vary"] = "Accept"
        self._send(answer.status, answer.body, answer.content_type, headers)

    def _service_description(self, override: str | None) -> None:
        accept = self.headers.get("Accept")
        fmt = negotiation.by_key(override, GRAPH_FORMATS) if override else None
        if fmt is None and not override:
            html = negotiation.choose(accept, (HTML,))
            best = negotiation.choose(accept, (*GRAPH_FORMATS, HTML))
            if html is not None and best is HTML and "text/html" in (accept or ""):
                raise Reply(303, "see /", headers={"Location": "/"})
            fmt = negotiation.choose(accept, GRAPH_FORMATS)
        if fmt is None:
            raise Reply(
                406,
                "the service description comes as "
                + ", ".join(f.media_type for f in GRAPH_FORMATS),
            )
        try:
            stats = self.app.statistics()
        except (TimedOut, Busy, WorkerLost) as exc:
            raise Reply(503, str(exc), headers={"Retry-After": "2"}) from None
        config = self.app.config
        description = describe_service(
            self.app.base + "/sparql",
            stats,
            profile=config.reason,
            engine=config.engine,
            update=config.allow_update,
            federated=bool(config.allow_service),
            void=self.app.void(),
        )
        from .serialize import write

        self._send(200, write(description, fmt), fmt.content_type, {"Vary": "Accept"})

    # ---- updates and the graph store -----------------------------------------------

    def _authorise(self) -> None:
        config = self.app.config
        if not config.allow_update or not config.token:
            raise Reply(
                403, "this endpoint is read-only (the server was started without --allow-update)"
            )
        given = self.headers.get("Authorization") or ""
        scheme, _, token = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            token.strip().encode(), config.token.encode()
        ):
            raise Reply(
                401,
                "updates need Authorization: Bearer TOKEN",
                headers={"WWW-Authenticate": 'Bearer realm="jcgraph"'},
            )

    def _update(self, text: str, using: list[str] | None, using_named: list[str] | None) -> None:
        self._authorise()
        if using or using_named:
            raise Reply(
                400,
                "using-graph-uri and using-named-graph-uri are not supported; "
                "use USING or WITH in the update",
            )
        refused = self.app.refusal(text, "update")
        if refused:
            raise Reply(403, refused)
        try:
            answer = self.app.pool.update(text)
        except (TimedOut, Busy, WorkerLost) as exc:
            raise Reply(503, str(exc), headers={"Retry-After": "2"}) from None
        if answer.status < 300:
            self.app.forget_statistics()
            raise Reply(200, "update applied (in memory: it is lost when the server stops)")
        self._answer(answer)

    def _graph_target(self, query: str) -> str | None:
        params = parse_params(query)
        if "default" in params and "graph" not in params:
            return None
        names = params.get("graph")
        if not names or len(names) > 1:
            raise Reply(400, "name one graph: ?graph=IRI or ?default")
        return names[0]

    def _graph_get(self, query: str) -> None:
        try:
            target = self._graph_target(query)
        except ProtocolError as exc:
            raise Reply(exc.status, exc.message) from None
        if target is not None and target not in self.app.pool.graphs:
            raise Reply(404, "no such graph in this dataset")
        params = parse_params(query)
        override = _first(params, "format")
        fmt = (
            negotiation.by_key(override, GRAPH_FORMATS)
            if override
            else negotiation.choose(self.headers.get("Accept"), GRAPH_FORMATS)
        )
        if fmt is None:
            raise Reply(406, "graphs come as " + ", ".join(f.media_type for f in GRAPH_FORMATS))
        where = "?s ?p ?o" if target is None else f"GRAPH <{target}> {{ ?s ?p ?o }}"
        sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}"
        self._hash = _query_hash(sparql)
        self._answer(self._pool_run(Query(sparql, {"graph": fmt}, max_rows=10_000_000)))

    def _graph_write(self, query: str, body: bytes) -> None:
        self._authorise()
        target = self._graph_target(query)
        graph = "DEFAULT" if target is None else f"GRAPH <{target}>"
        if target is not None and not re.fullmatch(r"[^\s<>\"{}|^`\\]+", target):
            raise Reply(400, "not an IRI")
        if self.command == "DELETE":
            if target is not None and target not in self.app.pool.graphs:
                raise Reply(404, "no such graph in this dataset")
            return self._update(f"DROP {graph}", None, None)
        kind = media_type(self.headers.get("Content-Type"))
        if kind not in RDF_INPUT:
            raise Reply(415, "send " + ", ".join(RDF_INPUT))
        import pyoxigraph as ox

        try:
            triples = list(ox.parse(body, format=getattr(ox.RdfFormat, RDF_INPUT[kind])))
        except (SyntaxError, ValueError) as exc:
            raise Reply(400, f"graph: {exc}") from None
        data = " .\n".join(str(t) for t in triples) + (" ." if triples else "")
        into = (
            f"INSERT DATA {{ {data} }}"
            if target is None
            else f"INSERT DATA {{ GRAPH <{target}> {{ {data} }} }}"
        )
        if self.command == "PUT":
            into = f"DROP SILENT {graph} ;\n{into}"
        self._update(into, None, None)

    # ---- stored questions --------------------------------------------------------

    def _list_queries(self, query: str) -> None:
        stored = [q for q in catalogue(self.app.queries)]
        params = parse_params(query)
        override = _first(params, "format")
        json_format = Format("json", "application/json")
        fmt = {"json": json_format, "html": HTML}.get(override or "") or negotiation.choose(
            self.headers.get("Accept"), (HTML, json_format)
        )
        if fmt is None:
            raise Reply(406, "the list comes as text/html or application/json")
        if fmt.key == "json":
            listing = [
                {
                    "name": q.name,
                    "summary": q.summary,
                    "summary_zh": q.summary_zh,
                    "description": q.description,
                    "tags": list(q.tags),
                    "params": q.params,
                    "check": q.is_check,
                    "network": q.network,
                    "url": f"/queries/{q.name}",
                    "text": q.text,
                }
                for q in stored
            ]
            body = json.dumps(listing, ensure_ascii=False, indent=1).encode()
            return self._send(200, body, "application/json; charset=utf-8", {"Vary": "Accept"})
        self._send(200, _queries_html(stored).encode(), HTML.content_type, {"Vary": "Accept"})

    def _stored(self, name: str, query: str) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
            raise Reply(404, "no such stored question")
        try:
            stored = find(self.app.queries, name)
        except JcgraphError:
            raise Reply(404, f"no stored question named {name}; GET /queries lists them") from None
        params = {k: v[-1] for k, v in parse_params(query).items()}
        override = params.pop("format", None) or params.pop("output", None)
        accept = self.headers.get("Accept") or ""
        if (
            override is None
            and "text/html" in accept
            and negotiation.choose(accept, (HTML, *RESULT_FORMATS)) is HTML
        ):
            location = "/?" + "&".join(
                f"{quote(k)}={quote(v)}" for k, v in [("q", name), *params.items()]
            )
            raise Reply(303, "see the query page", headers={"Location": location})
        for key, value in params.items():
            if (
                value.startswith("<")
                and value.endswith(">")
                and not re.fullmatch(r"<[^\s<>\"{}|^`\\]*>", value)
            ):
                raise Reply(400, f"{key}: not an IRI")
        try:
            sparql = bind(stored, params)
        except JcgraphError as exc:
            raise Reply(400, exc.message.replace("--param ", "")) from None
        self._hash = _query_hash(sparql)
        formats = self._negotiate(override)
        self._run(Query(sparql, formats, max_rows=self.app.config.max_rows, where=stored.name))

    # ---- entity pages ------------------------------------------------------------

    def _entity(self, path: str, query: str) -> None:
        iri = iri_for_path(path)
        if iri is None:
            raise Reply(404, "not an entity IRI of this graph")
        params = parse_params(query)
        override = _first(params, "format")
        fmt = (
            negotiation.by_key(override, (HTML, *GRAPH_FORMATS))
            if override
            else negotiation.choose(self.headers.get("Accept"), (HTML, *GRAPH_FORMATS))
        )
        if fmt is None:
            raise Reply(
                406,
                "entities come as text/html or " + ", ".join(f.media_type for f in GRAPH_FORMATS),
            )
        self._hash = _query_hash(iri)
        try:
            exists = self.app.rows(bound(EXISTS, iri)).boolean
            if not exists:
                raise Reply(404, f"the graph says nothing about {iri}")
            if fmt is HTML:
                view = gather(self.app.rows, iri)
                self._send(200, render(view).encode(), HTML.content_type, {"Vary": "Accept"})
                return
        except (TimedOut, Busy, WorkerLost) as exc:
            raise Reply(503, str(exc), headers={"Retry-After": "2"}) from None
        answer = self._pool_run(
            Query(bound(RDF, iri), {"graph": fmt}, max_rows=self.app.config.max_rows)
        )
        answer.headers["Content-Location"] = f"{path}?format={fmt.key}"
        self._answer(answer)

    # ---- the rest ----------------------------------------------------------------

    def _static(self, name: str) -> None:
        if not re.fullmatch(r"[a-z0-9-]+\.(html|js|css|svg|txt)", name):
            raise Reply(404, "no such file")
        resource = self.app.web / name
        if not resource.is_file():
            raise Reply(404, "no such file")
        content_type = WEB_TYPES[name[name.rindex(".") :]]
        self._send(200, resource.read_bytes(), content_type, {"Cache-Control": "no-cache"})

    def _health(self) -> None:
        config = self.app.config
        body = {
            "status": "ok",
            "engine": config.engine,
            "reason": config.reason,
            "workers": config.workers,
            "timeout": config.timeout,
            "killed": self.app.pool.killed,
            "graphs": len(self.app.pool.graphs),
            "update": config.allow_update,
        }
        self._send(200, json.dumps(body).encode(), "application/json; charset=utf-8")


def _void_rows(named_graphs: Path) -> list[Row]:
    """``void.describe`` over the cached graph, with no files listed (none are served)."""
    from rdflib import Dataset, URIRef

    from .loading import union
    from .reasoning import INFERRED
    from .service_description import rows_of
    from .void import describe as describe_void

    dataset = Dataset(default_union=True)
    dataset.parse(named_graphs, format="nquads")
    everything = union(dataset)
    inferred = len(dataset.graph(URIRef(INFERRED)))
    sizes = {
        "jcgraph": len(everything),
        "jcgraph-asserted": len(everything) - inferred,
        "jcgraph-inferred": inferred,
    }
    return rows_of(describe_void(dataset, everything, sizes, []))


def _first(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[0] if values else None


def _queries_html(stored: list[StoredQuery]) -> str:
    items = []
    for q in stored:
        params = ", ".join(f"{k}={v}" for k, v in q.params.items())
        items.append(
            f'<li><a href="/?q={quote(q.name)}"><code>{escape(q.name)}</code></a>'
            f"{' <span class=badge>check</span>' if q.is_check else ''}"
            f'<br><span lang="zh">{escape(q.summary_zh)}</span><br>'
            f'<span lang="en" class="en">{escape(q.summary)}</span>'
            + (f"<br><small>parameters: {escape(params)}</small>" if params else "")
            + f' <small><a href="/queries/{quote(q.name)}?format=csv">CSV</a> · '
            f'<a href="/queries/{quote(q.name)}?format=json">JSON</a></small></li>'
        )
    return (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8">'
        "<title>Stored questions · jcgraph</title>"
        '<link rel="stylesheet" href="/web/style.css"></head><body class="entity">'
        '<header class="bar"><a class="home" href="/">jcgraph</a></header><main>'
        '<h1>问题 <span class="en">Stored questions</span></h1><ul class="listing">'
        + "".join(items)
        + "</ul></main></body></html>\n"
    )


class JcgraphHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that bounds how many connections it serves at once."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], app: App) -> None:
        self.app = app
        self._slots = threading.BoundedSemaphore(app.config.max_connections)
        super().__init__(address, Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(
                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                    b"Retry-After: 1\r\nConnection: close\r\n\r\n"
                )
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


def serve(config: Config, *, ready: Any = None) -> None:
    """Load the graph, start the workers, and answer requests until interrupted.

    ``ready``, when given, is called with the bound server once it listens (tests use it).
    """
    from . import api

    log = config.log or sys.stderr
    if config.store is not None:
        from .paths import layout
        from .store import open_store, store_info

        if config.allow_update:
            raise JcgraphError("a store is served read-only; --allow-update needs the build")
        if config.engine != "oxigraph":
            raise JcgraphError("a store is answered by Oxigraph; --engine rdflib needs the build")
        open_store(config.store)  # a clear error here rather than in every worker
        config.reason = str(store_info(config.store).get("reasoning", "unknown"))
        settings = Settings(config.engine, None, None, store=config.store)
        queries = layout().queries
    else:
        graph = api.load(reason=config.reason)  # type: ignore[arg-type]
        if graph.entry is None:
            raise JcgraphError("the build cache could not be written; the workers need it")
        settings = Settings(config.engine, graph.entry.oxigraph, graph.entry.named_graphs)
        queries = graph.where.queries
    pool = Pool(settings, size=config.workers, timeout=config.timeout)
    started = time.perf_counter()
    pool.start()
    try:
        app = App(config, pool, queries)
        server = JcgraphHTTPServer((config.host, config.port), app)
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
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    finally:
        pool.close()
