"""The server's routes: which function answers which path, and the functions themselves.

``dispatch`` looks the request's method and path up in ``ROUTES``; each route reads what
it needs from the exchange, and answers with ``Exchange.send`` or by raising ``Reply``.
Everything a query can do happens in a worker (``pool``), never here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import quote

from jcgraph.errors import JcgraphError
from jcgraph.formats import negotiation, write
from jcgraph.formats.negotiation import GRAPH_FORMATS, HTML, RESULT_FORMATS, Format
from jcgraph.pipeline import describe
from jcgraph.pipeline import params as binder
from jcgraph.pipeline.queries import bind, catalogue, find
from jcgraph.serve import graph_store
from jcgraph.serve.entity_html import iri_for_path, render
from jcgraph.serve.listing import queries_html
from jcgraph.serve.pool import Busy, TimedOut, WorkerLost
from jcgraph.serve.protocol import ProtocolError, parse, parse_params
from jcgraph.serve.reply import Reply, first, query_hash
from jcgraph.serve.service_description import describe_service
from jcgraph.serve.worker import Query

if TYPE_CHECKING:
    from jcgraph.serve.exchange import Exchange

GSP_PATH = "/rdf-graphs"
WEB_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
}

Route = Callable[["Exchange", "re.Match[str]", str], None]


def dispatch(h: Exchange) -> None:
    """Answer the request with the first route whose method and path match."""
    path, query = h.check_url()
    if h.command == "OPTIONS":  # a browser's preflight: what a page elsewhere may send
        raise Reply(
            204,
            headers={
                "Allow": "GET, HEAD, POST, OPTIONS",
                "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
                "Access-Control-Allow-Headers": "Accept, Content-Type, Authorization",
                "Access-Control-Max-Age": "600",
            },
        )
    method = "GET" if h.command == "HEAD" else h.command
    for methods, pattern, route in ROUTES:
        match = pattern.fullmatch(path)
        if match and method in methods:
            try:
                return route(h, match, query)
            except ProtocolError as exc:  # a URL parameter the client encoded badly
                raise Reply(exc.status, exc.message) from None
    if method == "GET":
        raise Reply(404, "no such page; try / , /sparql , /queries or /id/...")
    if method == "POST":
        h.body()
        raise Reply(405, "POST goes to /sparql", headers={"Allow": "GET, HEAD"})
    h.close_connection = True
    if not h.app.config.allow_update:
        raise Reply(403, "this endpoint is read-only")
    raise Reply(405, f"{h.command} is not allowed here", headers={"Allow": "GET, POST"})


def _sparql(h: Exchange, match: re.Match[str], query: str) -> None:
    body = h.body() if h.command == "POST" else b""
    sparql(h, match[0], query, body)


def _index(h: Exchange, match: re.Match[str], query: str) -> None:
    static(h, "index.html")


def _web(h: Exchange, match: re.Match[str], query: str) -> None:
    static(h, match[1])


def _listing(h: Exchange, match: re.Match[str], query: str) -> None:
    list_queries(h, query)


def _stored(h: Exchange, match: re.Match[str], query: str) -> None:
    stored(h, match[1], query)


def _entity(h: Exchange, match: re.Match[str], query: str) -> None:
    entity(h, match[0], query)


def _graph_get(h: Exchange, match: re.Match[str], query: str) -> None:
    graph_store.graph_get(h, query)


def _graph_write(h: Exchange, match: re.Match[str], query: str) -> None:
    body = h.body() if h.command in ("POST", "PUT") else b""
    graph_store.graph_write(h, query, body)


def _ontology(h: Exchange, match: re.Match[str], query: str) -> None:
    ontology(h, match[1], query)


def _context(h: Exchange, match: re.Match[str], query: str) -> None:
    h.send(200, h.app.jsonld_context(), "application/ld+json", {"Cache-Control": "no-cache"})


def _health(h: Exchange, match: re.Match[str], query: str) -> None:
    health(h)


def _no_icon(h: Exchange, match: re.Match[str], query: str) -> None:
    raise Reply(204)


GET, POST = frozenset({"GET"}), frozenset({"POST"})
ROUTES: list[tuple[frozenset[str], re.Pattern[str], Route]] = [
    (GET | POST, re.compile(r"/sparql/?"), _sparql),
    (GET, re.compile(r"/"), _index),
    (GET, re.compile(r"/web/(.*)", re.S), _web),
    (GET, re.compile(r"/queries/?"), _listing),
    (GET, re.compile(r"/queries/(.*)", re.S), _stored),
    (GET, re.compile(r"/id/.*", re.S), _entity),
    (GET, re.compile(re.escape(GSP_PATH)), _graph_get),
    (frozenset({"POST", "PUT", "DELETE"}), re.compile(re.escape(GSP_PATH)), _graph_write),
    (GET, re.compile(r"/ontology(/vocabularies)?/?"), _ontology),
    (GET, re.compile(r"/context\.jsonld"), _context),
    (GET, re.compile(r"/health"), _health),
    (GET, re.compile(r"/favicon\.ico"), _no_icon),
]


def sparql(h: Exchange, path: str, query: str, body: bytes) -> None:
    try:
        operation = parse(
            h.command if h.command != "HEAD" else "GET",
            query,
            h.headers.get("Content-Type"),
            body,
        )
    except ProtocolError as exc:
        raise Reply(exc.status, exc.message) from None
    if operation.kind == "describe-service":
        return service_description(h, operation.first("format"))
    h.hash = query_hash(operation.text)
    if operation.kind == "update":
        return graph_store.update(
            h,
            operation.text,
            operation.default_graphs,
            operation.named_graphs,
            base=h.app.base + path,  # the protocol's base: the endpoint's own URL
        )
    formats = negotiate(h, operation.first("format") or operation.first("output"))
    graphs = set(h.app.pool.graphs)
    for name in (operation.default_graphs or []) + (operation.named_graphs or []):
        if name not in graphs:
            raise Reply(
                400,
                f"graph <{name}> is not part of this dataset; the service description "
                f"(GET {path} without a query) lists its {len(graphs)} named graphs",
            )
    run(
        h,
        Query(
            operation.text,
            formats,
            operation.default_graphs,
            operation.named_graphs,
            h.app.config.max_rows,
            base=h.app.base + path,  # the protocol's base: the endpoint's own URL
        ),
    )


def negotiate(h: Exchange, override: str | None) -> dict[str, Format | None]:
    accept = h.headers.get("Accept")
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


def run(h: Exchange, task: Query) -> None:
    h.app.check(task.sparql, task.where)
    answer = h.pool_run(task)
    h.answer(answer)


def service_description(h: Exchange, override: str | None) -> None:
    accept = h.headers.get("Accept")
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
            "the service description comes as " + ", ".join(f.media_type for f in GRAPH_FORMATS),
        )
    try:
        stats = h.app.statistics()
        void = h.app.void()
    except (TimedOut, Busy, WorkerLost) as exc:
        raise Reply(503, str(exc), headers={"Retry-After": "2"}) from None
    config = h.app.config
    description = describe_service(
        h.app.base + "/sparql",
        stats,
        profile=config.reason,
        engine=config.engine,
        update=config.allow_update,
        federated=bool(config.allow_service),
        void=void,
    )
    h.send(200, write(description, fmt.key), fmt.content_type, {"Vary": "Accept"})


def list_queries(h: Exchange, query: str) -> None:
    stored = [q for q in catalogue(h.app.queries)]
    params = parse_params(query)
    override = first(params, "format")
    json_format = Format("json", "application/json")
    fmt = {"json": json_format, "html": HTML}.get(override or "") or negotiation.choose(
        h.headers.get("Accept"), (HTML, json_format)
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
        return h.send(200, body, "application/json; charset=utf-8", {"Vary": "Accept"})
    h.send(200, queries_html(stored).encode(), HTML.content_type, {"Vary": "Accept"})


def stored(h: Exchange, name: str, query: str) -> None:
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
        raise Reply(404, "no such stored question")
    try:
        question = find(h.app.queries, name)
    except JcgraphError:
        raise Reply(404, f"no stored question named {name}; GET /queries lists them") from None
    params = {k: v[-1] for k, v in parse_params(query).items()}
    override = params.pop("format", None) or params.pop("output", None)
    accept = h.headers.get("Accept") or ""
    if (
        override is None
        and "text/html" in accept
        and negotiation.choose(accept, (HTML, *RESULT_FORMATS)) is HTML
    ):
        location = "/?" + "&".join(
            f"{quote(k)}={quote(v)}" for k, v in [("q", name), *params.items()]
        )
        raise Reply(303, "see the query page", headers={"Location": location})
    try:
        sparql = bind(question, params)
    except JcgraphError as exc:
        raise Reply(400, exc.message.replace("--param ", "")) from None
    h.hash = query_hash(sparql)
    formats = negotiate(h, override)
    run(h, Query(sparql, formats, max_rows=h.app.config.max_rows, where=question.name))


def entity(h: Exchange, path: str, query: str) -> None:
    iri = iri_for_path(path)
    if iri is None:
        raise Reply(404, "not an entity IRI of this graph")
    params = parse_params(query)
    override = first(params, "format")
    fmt = (
        negotiation.by_key(override, (HTML, *GRAPH_FORMATS))
        if override
        else negotiation.choose(h.headers.get("Accept"), (HTML, *GRAPH_FORMATS))
    )
    if fmt is None:
        raise Reply(
            406,
            "entities come as text/html or " + ", ".join(f.media_type for f in GRAPH_FORMATS),
        )
    h.hash = query_hash(iri)
    try:
        exists = describe.exists(h.app.rows, iri)
        if not exists:
            raise Reply(404, f"the graph says nothing about {iri}")
        if fmt is HTML:
            view = describe.gather(h.app.rows, iri)
            h.send(200, render(view).encode(), HTML.content_type, {"Vary": "Accept"})
            return
    except (TimedOut, Busy, WorkerLost) as exc:
        raise Reply(503, str(exc), headers={"Retry-After": "2"}) from None
    answer = h.pool_run(
        Query(
            binder.bind(describe.RDF, {"e": binder.iri(iri)}),
            {"graph": fmt},
            max_rows=h.app.config.max_rows,
        )
    )
    answer.headers["Content-Location"] = f"{path}?format={fmt.key}"
    h.answer(answer)


TURTLE = GRAPH_FORMATS[0]


def ontology(h: Exchange, vocabularies: str | None, query: str) -> None:
    """The ontology (or the vocabularies) at its namespace's path: the Turtle file as
    written, or the HTML pages of `jcgraph docs`."""
    from jcgraph.export.docs import ONTOLOGY_PAGE, VOCABULARIES_PAGE
    from jcgraph.paths import layout

    where = layout()
    source = where.ontology / ("vocabularies.ttl" if vocabularies else "jcgraph.ttl")
    page = VOCABULARIES_PAGE if vocabularies else ONTOLOGY_PAGE
    override = first(parse_params(query), "format")
    offered = (HTML, TURTLE)
    fmt = (
        negotiation.by_key(override, offered)
        if override
        else negotiation.choose(h.headers.get("Accept"), offered)
    )
    if fmt is None:
        raise Reply(406, "the ontology comes as text/html or text/turtle")
    headers = {"Vary": "Accept", "Cache-Control": "no-cache"}
    if fmt is TURTLE:
        h.send(200, source.read_bytes(), TURTLE.content_type, headers)
        return
    docs = h.app.config.docs
    if docs is None or not (docs / page).is_file():
        raise Reply(
            404,
            "the ontology's HTML documentation is not built: run `make docs` (or "
            "`jcgraph docs`) and restart; ?format=turtle gives the ontology itself",
        )
    h.send(200, (docs / page).read_bytes(), HTML.content_type, headers)


def static(h: Exchange, name: str) -> None:
    if not re.fullmatch(r"[a-z0-9-]+\.(html|js|css|svg|txt)", name):
        raise Reply(404, "no such file")
    resource = h.app.web / name
    if not resource.is_file():
        raise Reply(404, "no such file")
    content_type = WEB_TYPES[name[name.rindex(".") :]]
    h.send(200, resource.read_bytes(), content_type, {"Cache-Control": "no-cache"})


def health(h: Exchange) -> None:
    """The server's state; "degraded" while fewer workers run than it should have, with
    why the latest replacement failed while none has succeeded since."""
    config, pool = h.app.config, h.app.pool
    alive = pool.alive
    body = {
        "status": "ok" if alive >= config.workers else "degraded",
        "engine": config.engine,
        "reason": config.reason,
        "workers": config.workers,
        "alive": alive,
        "timeout": config.timeout,
        "max_memory_mib": config.max_memory,
        "killed": pool.killed,
        "died": pool.died,
        "failed_starts": pool.failed_starts,
        "start_error": pool.start_error,
        "network": "cut" if pool.why_online is None else f"reachable: {pool.why_online}",
        "graphs": len(pool.graphs),
        "update": config.allow_update,
    }
    h.send(200, json.dumps(body).encode(), "application/json; charset=utf-8")
