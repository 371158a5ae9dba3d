"""``jcgraph serve`` as a SPARQL 1.1 Protocol endpoint, driven by a real client (SPARQLWrapper)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import threading
import time
import urllib.error
import urllib.parse

import pytest
import rdflib
from serving import ENTITY, Listener, serve
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

ORGS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX jc: <https://w3id.org/jcgraph/ontology#>
SELECT ?org ?label WHERE { ?org a jc:Enterprise ; rdfs:label ?label . FILTER(LANG(?label) = "zh") }
ORDER BY ?org"""
CONSTRUCT = f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT {{ <{ENTITY}> rdfs:label ?l }} WHERE {{ <{ENTITY}> rdfs:label ?l }}"""
ECONOMY = "https://w3id.org/jcgraph/graph/data/economy"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def server(reasoned, tmp_path_factory):
    with serve("--max-request", "200000", folder=tmp_path_factory.mktemp("serve")) as running:
        yield running


@pytest.fixture(scope="module")
def rdflib_server(reasoned, tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve-rdflib")
    with serve("--engine", "rdflib", "--workers", "1", folder=folder) as running:
        yield running


def client(server, fmt, method=GET, request_method=URLENCODED, query=ORGS):
    sparql = SPARQLWrapper(server.endpoint)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    sparql.setRequestMethod(request_method)
    return sparql


# ---- every result format, every way of asking ------------------------------------------


@pytest.mark.parametrize(
    ("method", "request_method"),
    [(GET, URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)],
    ids=["get", "post-form", "post-direct"],
)
def test_select_as_json_by_every_request_form(server, method, request_method):
    answer = client(server, JSON, method, request_method).queryAndConvert()
    labels = [b["label"]["value"] for b in answer["results"]["bindings"]]
    assert "金川集团" in "".join(labels)
    assert answer["head"]["vars"] == ["org", "label"]


def test_select_as_xml(server):
    document = client(server, XML).queryAndConvert()  # an xml.dom Document
    names = [v.getAttribute("name") for v in document.getElementsByTagName("variable")]
    assert names == ["org", "label"]
    assert document.getElementsByTagName("result")


def test_select_as_csv_and_tsv(server):
    rows = list(csv.reader(io.StringIO(client(server, CSV).queryAndConvert().decode())))
    assert rows[0] == ["org", "label"]
    assert any("金川集团" in row[1] for row in rows[1:])
    tsv = client(server, TSV).queryAndConvert().decode().splitlines()
    assert tsv[0] == "?org\t?label"
    assert re.search(r'"金川集团[^"]*"@zh', tsv[1] + "".join(tsv))


def test_ask_as_json_and_xml(server):
    query = f"ASK {{ <{ENTITY}> ?p ?o }}"
    assert client(server, JSON, query=query).queryAndConvert()["boolean"] is True
    document = client(server, XML, query=query).queryAndConvert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("fmt", [TURTLE, N3, JSONLD, RDFXML])
def test_construct_in_every_rdf_format(server, fmt):
    sparql = client(server, fmt, query=CONSTRUCT)
    answer = sparql.query()
    kind = answer.info()["content-type"].split(";")[0]
    graph = answer.convert()
    if not isinstance(graph, rdflib.Graph):  # SPARQLWrapper leaves Turtle as bytes
        graph = rdflib.Graph().parse(data=graph, format=kind)
    labels = {str(o) for o in graph.objects(rdflib.URIRef(ENTITY), rdflib.RDFS.label)}
    assert "金昌市" in labels


def test_describe_answers_a_graph(server):
    status, headers, body = server.get(
        "/sparql?" + urllib.parse.urlencode({"query": f"DESCRIBE <{ENTITY}>"}),
        {"Accept": "application/n-triples"},
    )
    assert status == 200
    assert headers["Content-Type"].startswith("application/n-triples")
    assert f"<{ENTITY}>" in body.decode()


def test_q_values_decide_the_format(server):
    query = "/sparql?" + urllib.parse.urlencode({"query": ORGS})
    accept = "application/sparql-results+json;q=0.4, text/csv;q=0.9, */*;q=0.1"
    status, headers, _ = server.get(query, {"Accept": accept})
    assert status == 200
    assert headers["Content-Type"].startswith("text/csv")
    status, headers, _ = server.get(query, {"Accept": "text/csv;q=0, */*"})
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    status, _, body = server.get(query, {"Accept": "image/png"})
    assert status == 406, body


def test_the_dataset_can_be_narrowed_to_our_own_graphs(server):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    everything = client(server, JSON, query=count).queryAndConvert()
    sparql = client(server, JSON, query=count)
    sparql.addDefaultGraph(ECONOMY)
    economy = sparql.queryAndConvert()

    def n(answer):
        return int(answer["results"]["bindings"][0]["n"]["value"])

    assert 0 < n(economy) < n(everything)
    status, _, body = server.get(
        "/sparql?"
        + urllib.parse.urlencode({"query": count, "default-graph-uri": "http://example.org/g"})
    )
    assert status == 400
    assert b"not part of this dataset" in body


# ---- errors --------------------------------------------------------------------------


def test_a_bad_query_is_400_with_the_parsers_position(server):
    with pytest.raises(QueryBadFormed) as caught:
        client(server, JSON, query="SELECT * WHERE { ?s ?p }").queryAndConvert()
    assert re.search(r"query:1:\d+:", str(caught.value))
    status, _, body = server.request(
        "POST",
        "/sparql",
        b"SELECT *\nWHERE {\n  ?s ?p ?o .\n  FILTER(\n}",
        {"Content-Type": "application/sparql-query"},
    )
    assert status == 400
    assert re.match(r"query:5:\d+: ", body.decode()), body


def test_wrong_media_type_size_and_method(server):
    status, _, _ = server.request("POST", "/sparql", b"ASK {}", {"Content-Type": "text/plain"})
    assert status == 415
    big = b"query=" + b"%20" * 100_000
    status, _, _ = server.request(
        "POST", "/sparql", big, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 413
    status, _, _ = server.request(
        "POST", "/sparql", b"", {"Content-Type": "application/sparql-query", "Content-Length": "0"}
    )
    assert status == 400


def test_an_update_is_refused_with_403(server):
    sparql = client(server, JSON, POST, query='INSERT DATA { <urn:x> <urn:p> "x" }')
    with pytest.raises(urllib.error.HTTPError) as caught:
        sparql.query()
    assert caught.value.code == 403
    status, _, _ = server.request(
        "PUT",
        "/rdf-graphs?graph=urn:g",
        b"<urn:a> <urn:b> <urn:c> .",
        {"Content-Type": "application/n-triples"},
    )
    assert status == 403
    status, _, _ = server.request("DELETE", "/rdf-graphs?graph=" + ECONOMY)
    assert status == 403
    answer = client(server, JSON, query="ASK { <urn:x> ?p ?o }").queryAndConvert()
    assert answer["boolean"] is False


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_outbound_queries_are_refused_and_make_no_connection(engine, server, rdflib_server):
    running = server if engine == "oxigraph" else rdflib_server
    listener = Listener()
    try:
        attempts = [
            f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
            f"SELECT * FROM <{listener.url}> WHERE {{ ?s ?p ?o }}",
            f"SELECT * FROM NAMED <{listener.url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        ]
        for query in attempts:
            sparql = client(running, JSON, query=query)
            with pytest.raises(urllib.error.HTTPError) as caught:
                sparql.query()
            assert caught.value.code == 403
            assert b"refused" in caught.value.read()
        status, _, _ = running.request(
            "POST",
            "/sparql",
            f"LOAD <{listener.url}>".encode(),
            {"Content-Type": "application/sparql-update"},
        )
        assert status == 403
        status, _, _ = running.get(
            "/sparql?"
            + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }", "named-graph-uri": listener.url})
        )
        assert status == 400
        time.sleep(0.5)
        assert listener.connections == []
    finally:
        listener.close()


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_allow_service_lets_only_the_listed_endpoint_through(engine, reasoned, tmp_path):
    allowed, other = Listener(), Listener()
    try:
        args = ("--engine", engine, "--workers", "1", "--allow-service", allowed.url)
        with serve(*args, folder=tmp_path) as running:
            query = "SELECT * WHERE {{ SERVICE <{}> {{ ?s ?p ?o }} }}"
            status, _, body = running.get(
                "/sparql?" + urllib.parse.urlencode({"query": query.format(other.url)})
            )
            assert status == 403, body
            status, _, body = running.get(
                "/sparql?" + urllib.parse.urlencode({"query": query.format(allowed.url)})
            )
            assert status not in (403, 500), body  # it went out; the listener answers nothing
            _, _, description = running.get("/sparql", {"Accept": "text/turtle"})
            assert b"BasicFederatedQuery" in description
        time.sleep(0.3)
        assert allowed.connections, "the allowed endpoint was reached"
        assert other.connections == []
    finally:
        allowed.close()
        other.close()


# ---- descriptions, stored questions, entity pages ------------------------------------


def test_service_description_and_void(server):
    status, headers, body = server.get("/sparql", {"Accept": "text/turtle"})
    assert status == 200
    graph = rdflib.Graph().parse(data=body.decode(), format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    service = rdflib.URIRef(server.endpoint)
    assert (service, rdflib.RDF.type, sd.Service) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Update) not in graph
    triples = [int(t) for t in graph.objects(None, void.triples)]
    assert max(triples) > 5000
    assert rdflib.URIRef(ECONOMY) in set(graph.objects(None, sd.name))
    status, headers, body = server.get("/sparql", {"Accept": "application/ld+json"})
    assert headers["Content-Type"].startswith("application/ld+json")
    json.loads(body)
    status, headers, _ = server.get("/sparql")  # no Accept: Turtle
    assert headers["Content-Type"].startswith("text/turtle")
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    status, headers, _ = server.request("HEAD", "/sparql", headers={"Accept": browser})
    assert headers["Content-Length"] and status in (200, 303)  # urllib follows the 303
    status, headers, body = server.get("/sparql", {"Accept": browser})
    assert status == 200 and b"/web/app.js" in body  # a browser lands on the query page


def test_stored_questions_are_listed_and_answer(server):
    status, headers, body = server.get("/queries", {"Accept": "application/json"})
    listing = json.loads(body)
    assert status == 200 and listing
    first = next(q for q in listing if not q["check"])
    assert first["summary_zh"] and first["text"]
    status, headers, body = server.get("/queries", {"Accept": "text/html"})
    assert headers["Content-Type"].startswith("text/html")
    assert first["summary_zh"].encode() in body
    status, _, body = server.get("/queries/no-such-question")
    assert status == 404
    status, _, body = server.get("/queries/" + first["name"] + "?surely_not_a_param=1")
    assert status == 400


def test_a_stored_question_takes_parameters(server):
    _, _, body = server.get("/queries", {"Accept": "application/json"})
    with_params = [q for q in json.loads(body) if q["params"] and not q["check"]]
    if not with_params:
        pytest.skip("no stored question takes a parameter yet")
    q = with_params[0]
    name, default = next(iter(q["params"].items()))
    status, headers, body = server.get(
        f"/queries/{q['name']}?" + urllib.parse.urlencode({name: default, "format": "csv"}),
        timeout=60,
    )
    assert status in (200, 503), body
    if status == 200:
        assert headers["Content-Type"].startswith("text/csv")


def test_entity_pages_negotiate_html_and_rdf(server):
    status, headers, body = server.get("/id/place/jinchang", {"Accept": "text/html"})
    assert status == 200
    html = body.decode()
    assert headers["Content-Type"].startswith("text/html")
    assert "<h1" in html and "金昌市" in html and "Jinchang" in html
    assert 'class="evidence"' in html
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert re.search(r'href="/id/[a-z]+/', html)
    status, headers, body = server.get("/id/place/jinchang", {"Accept": "text/turtle"})
    assert headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=body.decode(), format="turtle")
    assert (rdflib.URIRef(ENTITY), rdflib.RDFS.label, rdflib.Literal("金昌市", lang="zh")) in graph
    status, headers, body = server.get("/id/place/jinchang", {"Accept": "application/ld+json"})
    assert json.loads(body)
    assert server.get("/id/place/no-such-place")[0] == 404
    status, _, body = server.get("/id/place/%3Cscript%3E")
    assert status == 404 and b"<script>" not in body


def test_the_page_and_its_assets_are_served(server):
    status, headers, body = server.get("/")
    assert status == 200 and b"/web/app.js" in body
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    for asset, kind in (("app.js", "text/javascript"), ("style.css", "text/css")):
        status, headers, body = server.get("/web/" + asset)
        assert status == 200 and headers["Content-Type"].startswith(kind)
    assert server.get("/web/../server.py")[0] == 404


def test_one_log_line_per_request(server):
    server.get("/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}))
    time.sleep(0.2)
    lines = [line for line in server.log_text().splitlines() if "GET /sparql" in line]
    assert lines
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \d{3} \d+\.\dms GET /sparql query=[0-9a-f]{12}", lines[-1]
    )


def test_the_rdflib_engine_answers_the_same(server, rdflib_server):
    ox = client(server, JSON).queryAndConvert()
    rdf = client(rdflib_server, JSON).queryAndConvert()
    assert ox["results"]["bindings"] == rdf["results"]["bindings"]
    count = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    answers = []
    for running in (server, rdflib_server):
        sparql = client(running, JSON, query=count)
        sparql.addDefaultGraph(ECONOMY)
        sparql.addNamedGraph("https://w3id.org/jcgraph/graph/data/places")
        answers.append(sparql.queryAndConvert()["results"]["bindings"])
    assert answers[0] == answers[1]


# ---- the time limit ------------------------------------------------------------------


def test_a_runaway_query_is_stopped_while_others_are_answered(reasoned, tmp_path):
    with serve("--timeout", "1", "--workers", "2", folder=tmp_path) as running:
        outcome: dict[str, object] = {}

        def slow() -> None:
            started = time.monotonic()
            try:
                client(running, JSON, query=SLOW).query()
                outcome["slow"] = 200
            except urllib.error.HTTPError as exc:
                outcome["slow"] = exc.code
            outcome["slow_seconds"] = time.monotonic() - started

        thread = threading.Thread(target=slow)
        thread.start()
        time.sleep(0.3)  # the slow query holds one worker now
        fast = client(running, JSON).queryAndConvert()
        assert fast["results"]["bindings"], "a fast query must be answered meanwhile"
        assert thread.is_alive(), "the slow query should still be running"
        thread.join(30)
        assert outcome["slow"] == 503
        assert outcome["slow_seconds"] < 5
        deadline = time.monotonic() + 30
        while running.health()["killed"] < 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert running.health()["killed"] == 1
        for _ in range(4):  # both workers answer, the replacement included
            assert client(running, JSON).queryAndConvert()["results"]["bindings"]


# ---- updates, when the operator allows them ------------------------------------------


def test_updates_need_the_token(reasoned, tmp_path):
    token = "s3cret-token-for-tests-only"
    with serve("--allow-update", folder=tmp_path, env={"JCGRAPH_UPDATE_TOKEN": token}) as running:
        insert = b'INSERT DATA { <urn:jc:test> <http://www.w3.org/2000/01/rdf-schema#label> "t" }'
        kind = {"Content-Type": "application/sparql-update"}
        assert running.request("POST", "/sparql", insert, kind)[0] == 401
        wrong = {**kind, "Authorization": "Bearer nope"}
        assert running.request("POST", "/sparql", insert, wrong)[0] == 401
        good = {**kind, "Authorization": f"Bearer {token}"}
        assert running.request("POST", "/sparql", insert, good)[0] == 200
        for _ in range(4):  # every worker sees it
            answer = client(running, JSON, query="ASK { <urn:jc:test> ?p ?o }").queryAndConvert()
            assert answer["boolean"] is True
        listener = Listener()
        try:
            load = f"LOAD <{listener.url}>".encode()
            assert running.request("POST", "/sparql", load, good)[0] == 403
            time.sleep(0.3)
            assert listener.connections == []
        finally:
            listener.close()
        # the graph store protocol
        auth = {"Authorization": f"Bearer {token}"}
        nt = {"Content-Type": "application/n-triples", **auth}
        status, _, _ = running.request(
            "PUT", "/rdf-graphs?graph=urn:jc:g", b"<urn:a> <urn:b> <urn:c> .", nt
        )
        assert status == 200
        status, _, body = running.get(
            "/rdf-graphs?graph=urn:jc:g", {"Accept": "application/n-triples"}
        )
        assert status == 200 and b"<urn:a> <urn:b> <urn:c>" in body
        assert running.request("DELETE", "/rdf-graphs?graph=urn:jc:g", headers=auth)[0] == 200
        status, _, _ = running.get("/sparql", {"Accept": "text/turtle"})
        assert status == 200


@pytest.mark.parametrize(
    "path",
    [
        "/queries?x=%FF",
        "/queries/firsts?x=%FF",
        "/id/place/jinchang?format=%FF",
        "/rdf-graphs?graph=%FF",
    ],
)
def test_a_malformed_url_parameter_is_400_not_500(server, path):
    """Regression (found reviewing the restructure): a bad percent-encoding outside /sparql
    escaped as an exception and was answered 500."""
    status, _, body = server.get(path)
    assert status == 400, body
    assert b"malformed parameters" in body
    assert "Traceback" not in server.log_text()


def test_a_raw_utf8_query_string_is_read_as_utf8(server):
    """Regression: the docs' curl example sends 金川集团 as raw UTF-8, which http.server
    decoded as Latin-1, so the question found nothing."""
    import socket

    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as raw:
        raw.sendall(
            "GET /queries/org-profile?format=csv&org=金川集团 HTTP/1.1\r\n"
            "Host: x\r\nConnection: close\r\n\r\n".encode()
        )
        answer = b""
        while chunk := raw.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head
    text = body.decode("utf-8")
    assert "金川集团" in text and len(text.splitlines()) > 5


def test_a_body_shorter_than_its_length_is_400(server):
    """Regression: a body that ended early gave a traceback and a 500."""
    import socket

    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as raw:
        raw.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 100\r\n\r\nASK {}"
        )
        raw.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := raw.recv(4096):  # headers and body may come in separate packets
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400"), answer
    assert b"the body ended after 6 of 100 bytes" in answer
    assert "Traceback" not in server.log_text()


def test_a_query_past_the_memory_limit_is_503_and_the_worker_is_replaced(reasoned, tmp_path):
    """Regression: one cartesian ORDER BY grew a worker to 868 MiB in 5 s. With a limit the
    worker stops at it, the client is told why, /health counts the death, and a fresh
    worker answers the next query."""
    greedy = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"
    with serve(
        "--workers", "1", "--max-memory", "400", "--timeout", "60", folder=tmp_path
    ) as running:
        status, _, body = running.get("/sparql?" + urllib.parse.urlencode({"query": greedy}))
        assert status == 503, body
        assert b"memory limit of 400 MiB" in body
        for _ in range(100):  # the replacement loads the graph
            if running.health()["alive"] == 1:
                break
            time.sleep(0.2)
        health = running.health()
        assert health["died"] == 1 and health["status"] == "ok"
        status, _, body = running.get("/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}))
        assert status == 200, body


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_relative_iris_resolve_against_the_endpoint(engine, server, rdflib_server):
    """Regression: `CONSTRUCT { <s> <p> 1 } WHERE {}` failed: the query had no base,
    although the protocol's base is the endpoint's URL."""
    running = server if engine == "oxigraph" else rdflib_server
    status, _, body = running.get(
        "/sparql?" + urllib.parse.urlencode({"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"}),
        {"Accept": "application/n-triples"},
    )
    assert status == 200, body
    assert f"<{running.url}/s> <{running.url}/p>".encode() in body


def test_slow_clients_do_not_lock_others_out(reasoned, tmp_path):
    """Regression (slowloris): 130 connections sending a header byte a second locked every
    other client out for a minute. Now a slow request is cut at the header deadline and
    open connections are not the scarce resource: a normal client keeps its answers."""
    import socket

    with serve("--header-timeout", "2", folder=tmp_path) as running:
        host, port = running.url.removeprefix("http://").split(":")
        slow = []
        for _ in range(150):
            connection = socket.create_connection((host, int(port)), timeout=10)
            connection.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            slow.append(connection)
        answered = 0
        stop = time.monotonic() + 5  # a fixed time, longer than the deadline
        while time.monotonic() < stop:
            for connection in slow:
                with contextlib.suppress(OSError):
                    connection.sendall(b"a")  # one byte each, again and again
            status, _, _ = running.get("/health", timeout=10)
            assert status == 200
            answered += 1
            time.sleep(0.2)
        assert answered > 10
        cut = 0
        for connection in slow:  # each slow request was told 408 and closed at its deadline
            connection.settimeout(5)
            answer = b""
            with contextlib.suppress(OSError):
                while chunk := connection.recv(4096):
                    answer += chunk
            cut += answer.startswith(b"HTTP/1.1 408") or answer == b""
            connection.close()
        assert cut == len(slow)


def test_a_body_that_stalls_is_408(reasoned, tmp_path):
    """A client that announces a body and stops sending, without closing, is told 408 at
    the deadline instead of holding its connection."""
    import socket

    with serve("--header-timeout", "1", folder=tmp_path) as running:
        host, port = running.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=30) as raw:
            raw.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                b"Content-Length: 100\r\n\r\nASK {}"
            )
            answer = b""
            while chunk := raw.recv(4096):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 408"), answer
        assert b"the body did not arrive within 1 s" in answer
        assert "Traceback" not in running.log_text()


STAR = (
    "PREFIX jc: <https://w3id.org/jcgraph/ontology#> "
    "SELECT * WHERE { ?figure jc:value ?value ; jc:indicator ?indicator } LIMIT 2"
)


@pytest.mark.parametrize("which", ["server", "rdflib_server"])
def test_select_star_columns_come_in_the_query_order(which, request):
    """SELECT * columns were alphabetical (Oxigraph) or in rdflib's own order, in the
    server's CSV as on the command line; now the order the query names them."""
    running = request.getfixturevalue(which)
    status, _, body = running.get(
        "/sparql?" + urllib.parse.urlencode({"query": STAR, "format": "csv"})
    )
    assert status == 200
    assert body.decode().splitlines()[0] == "figure,value,indicator"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_select_star_columns_in_query_order_on_both_engines(engine, reasoned):
    import jcgraph

    assert jcgraph.query(STAR, reasoned, engine=engine).variables == [
        "figure",
        "value",
        "indicator",
    ]
    kept = (
        "SELECT ?indicator ?figure WHERE { "
        "?figure <https://w3id.org/jcgraph/ontology#indicator> ?indicator } LIMIT 1"
    )
    assert jcgraph.query(kept, reasoned, engine=engine).variables == ["indicator", "figure"]
