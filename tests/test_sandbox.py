"""The second wall: a query worker that needs no endpoint has no network at all, so a
SERVICE call that got past the guard (a parser differential, a bug) still goes nowhere.
The guard is bypassed here on purpose: tasks go straight to the pool."""

from __future__ import annotations

import pytest
from serving import Listener

from jcgraph import api
from jcgraph.formats.negotiation import RESULT_FORMATS
from jcgraph.pipeline.reason import DEFAULT_PROFILE
from jcgraph.serve.pool import Pool
from jcgraph.serve.worker import Query, Settings


def _settings(allow: tuple[str, ...] = ()) -> Settings:
    graph = api.load(reason=DEFAULT_PROFILE)
    assert graph.entry is not None
    return Settings("oxigraph", graph.entry.oxigraph, graph.entry.named_graphs, allow_service=allow)


def _service_query(url: str) -> Query:
    return Query(
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        {"select": RESULT_FORMATS[0], "ask": RESULT_FORMATS[0], "graph": None},
    )


def test_a_worker_without_allowed_endpoints_cannot_connect_past_the_guard(reasoned):
    listener = Listener()
    pool = Pool(_settings(), size=1)
    try:
        pool.start()
        if pool.why_online is not None:
            pytest.skip(f"this machine cannot give a worker its own network: {pool.why_online}")
        answer = pool.run(_service_query(listener.url))
        assert answer.status != 200
        answer = pool.run(_service_query(listener.url.replace("127.0.0.1", "localhost")))
        assert answer.status != 200
        assert listener.connections == []
    finally:
        pool.close()
        listener.close()


def test_a_worker_with_an_allowed_endpoint_keeps_the_network(reasoned):
    """The control: the same task, with the endpoint allowed, does connect (so the test
    above would see a connection if the sandbox did not hold)."""
    listener = Listener()
    pool = Pool(_settings((listener.url,)), size=1)
    try:
        pool.start()
        assert pool.why_online == "--allow-service names endpoints"
        pool.run(_service_query(listener.url))
        assert listener.connections
    finally:
        pool.close()
        listener.close()
