"""Bad input from a fuzzer: whatever the query parameter holds, the server never answers 500
and stays up."""

from __future__ import annotations

import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from serving import serve

VALID = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    'SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(LANG(?l) = "zh") } LIMIT 5'
)
PIECES = st.sampled_from(
    [
        "SELECT",
        "ASK",
        "CONSTRUCT",
        "DESCRIBE",
        "WHERE",
        "{",
        "}",
        "(",
        ")",
        "?x",
        "<",
        ">",
        '"',
        "'''",
        "\\",
        "#",
        "SERVICE",
        "FROM",
        "LOAD",
        "INSERT DATA",
        "GRAPH",
        "FILTER",
        "OPTIONAL",
        "BIND",
        "VALUES",
        "LIMIT",
        "1e999",
        "@zh",
        "^^",
        "\x00",
        "\ud7ff",
        "金昌",
        "<script>",
        "%",
        "&",
    ]
)


def mutated() -> st.SearchStrategy[str]:
    """The valid query with a random piece put in at a random place."""
    return st.tuples(st.integers(0, len(VALID)), st.lists(PIECES, min_size=1, max_size=4)).map(
        lambda t: VALID[: t[0]] + " ".join(t[1]) + VALID[t[0] :]
    )


@pytest.fixture(scope="module")
def server(reasoned, tmp_path_factory):
    with serve("--timeout", "2", folder=tmp_path_factory.mktemp("serve-fuzz")) as running:
        yield running


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=st.one_of(st.text(max_size=300), mutated()),
    accept=st.sampled_from(
        ["", "*/*", "text/csv", "application/rdf+xml", "text/html;q=0.1", "x/y;q=abc", ";;,"]
    ),
)
def test_the_query_parameter_never_causes_a_500(server, text, accept):
    query = urllib.parse.urlencode({"query": text}, encoding="utf-8", errors="surrogatepass")
    headers = {"Accept": accept} if accept else {}
    status, _, body = server.get("/sparql?" + query, headers, timeout=30)
    assert status != 500, body
    assert status in (200, 400, 403, 406, 413, 503), (status, body)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=200))
def test_raw_bytes_in_a_post_never_cause_a_500(server, raw):
    status, _, body = server.request(
        "POST", "/sparql", raw, {"Content-Type": "application/sparql-query"}, timeout=30
    )
    assert status != 500, body
    status, _, body = server.request(
        "POST", "/sparql", raw, {"Content-Type": "application/x-www-form-urlencoded"}, timeout=30
    )
    assert status != 500, body


def test_the_server_is_still_up_afterwards(server):
    assert server.health()["status"] == "ok"
    assert "Traceback" not in server.log_text()
