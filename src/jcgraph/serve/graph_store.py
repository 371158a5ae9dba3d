"""The SPARQL 1.1 Graph Store HTTP Protocol (``/rdf-graphs``) and SPARQL updates: reading a
graph, and, when the server allows updates and the request carries the token, replacing,
adding to or dropping one (in memory only)."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from jcgraph.formats import negotiation
from jcgraph.formats.negotiation import GRAPH_FORMATS
from jcgraph.pipeline import params as binder
from jcgraph.serve.pool import Busy, TimedOut, WorkerLost
from jcgraph.serve.protocol import ProtocolError, media_type, parse_params
from jcgraph.serve.reply import Reply, first, query_hash
from jcgraph.serve.worker import Query

if TYPE_CHECKING:
    from jcgraph.serve.exchange import Exchange

GRAPH_CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?_g { ?s ?p ?o } }"
RDF_INPUT = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "text/plain": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD",
}


def authorise(h: Exchange) -> None:
    config = h.app.config
    if not config.allow_update or not config.token:
        raise Reply(
            403, "this endpoint is read-only (the server was started without --allow-update)"
        )
    given = h.headers.get("Authorization") or ""
    scheme, _, token = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        token.strip().encode(), config.token.encode()
    ):
        raise Reply(
            401,
            "updates need Authorization: Bearer TOKEN",
            headers={"WWW-Authenticate": 'Bearer realm="jcgraph"'},
        )


def update(
    h: Exchange,
    text: str,
    using: list[str] | None,
    using_named: list[str] | None,
    base: str | None = None,
) -> None:
    """Apply an update; ``base`` resolves its relative IRIs (the endpoint's URL)."""
    authorise(h)
    if using or using_named:
        raise Reply(
            400,
            "using-graph-uri and using-named-graph-uri are not supported; "
            "use USING or WITH in the update",
        )
    h.app.check(text, "update", update=True)
    try:
        answer = h.app.pool.update(text, base)
    except (TimedOut, Busy, WorkerLost) as exc:
        raise Reply(503, str(exc), headers={"Retry-After": "2"}) from None
    if answer.status < 300:
        h.app.forget_statistics()
        raise Reply(200, "update applied (in memory: it is lost when the server stops)")
    h.answer(answer)


def graph_target(h: Exchange, query: str) -> str | None:
    params = parse_params(query)
    if "default" in params and "graph" not in params:
        return None
    names = params.get("graph")
    if not names or len(names) > 1:
        raise Reply(400, "name one graph: ?graph=IRI or ?default")
    return names[0]


def graph_get(h: Exchange, query: str) -> None:
    try:
        target = graph_target(h, query)
    except ProtocolError as exc:
        raise Reply(exc.status, exc.message) from None
    if target is not None and target not in h.app.pool.graphs:
        raise Reply(404, "no such graph in this dataset")
    params = parse_params(query)
    override = first(params, "format")
    fmt = (
        negotiation.by_key(override, GRAPH_FORMATS)
        if override
        else negotiation.choose(h.headers.get("Accept"), GRAPH_FORMATS)
    )
    if fmt is None:
        raise Reply(406, "graphs come as " + ", ".join(f.media_type for f in GRAPH_FORMATS))
    if target is None:
        sparql = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    else:
        sparql = binder.bind(GRAPH_CONSTRUCT, {"g": binder.iri(target)})
    h.hash = query_hash(sparql)
    h.answer(h.pool_run(Query(sparql, {"graph": fmt}, max_rows=10_000_000)))


def graph_write(h: Exchange, query: str, body: bytes) -> None:
    authorise(h)
    target = graph_target(h, query)
    graph = "DEFAULT" if target is None else f"GRAPH <{target}>"
    if target is not None and not binder.is_iriref(target):
        raise Reply(400, "not an IRI")
    if h.command == "DELETE":
        if target is not None and target not in h.app.pool.graphs:
            raise Reply(404, "no such graph in this dataset")
        return update(h, f"DROP {graph}", None, None)
    kind = media_type(h.headers.get("Content-Type"))
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
    if target is not None:  # stored even when empty: then it is part of the dataset
        into = f"CREATE SILENT {graph} ;\n{into}"
    if h.command == "PUT":
        into = f"DROP SILENT {graph} ;\n{into}"
    update(h, into, None, None)
