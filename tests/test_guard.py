"""Refusal by meaning: what a query could reach is read from its parse, on every path, and
the engines themselves cannot fetch what the parse would have missed.

Each payload of the security review (issue 13, finding 1) is here, with variants; a
loopback listener records every connection and must see none.
"""

from __future__ import annotations

import contextlib

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jcgraph
from jcgraph.cli import cli
from jcgraph.engines import open_engine
from jcgraph.engines.guard import MAX_DEPTH, Refused, reach, refuse_outbound
from jcgraph.errors import JcgraphError

OWN = "https://w3id.org/jcgraph/graph/data/places"


def payloads(url: str) -> list[str]:
    """Queries written to slip SERVICE or a foreign graph past a text filter."""
    return [
        f'SELECT * WHERE {{ {{ FILTER(1<"a>" || "b"="b") }} SERVICE <{url}> {{ ?x ?y ?z }} '
        'FILTER("c" != "d") }',
        f"SELECT * WHERE {{ {{ FILTER(1<'a>' || 'b'='b') }} SERVICE <{url}> {{ ?x ?y ?z }} "
        "FILTER('c' != 'd') }",
        f'ASK {{ {{ FILTER(1<"a>") }} SERVICE <{url}> {{ ?x ?y ?z }} }}',
        f'SELECT * WHERE {{ BIND("""a>""" AS ?q) SERVICE SILENT <{url}> {{ ?x ?y ?z }} }}',
        f"PREFIX e: <{url.rsplit('/', 1)[0]}/> SELECT * WHERE {{ SERVICE e:query {{ ?x ?y ?z }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?x ?y ?z }} }}",
        f"select * where {{ service <{url}> {{ ?x ?y ?z }} }}",
        f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f'SELECT * FROM <{url}> WHERE {{ FILTER(1<"a>") ?s ?p ?o }}',
        "SELECT * FROM <file:///etc/hostname> WHERE { ?s ?p ?o }",
        # found by an outside review of the parse-based guard: a comment-looking line
        # inside a long string, line breaks Python splits on but SPARQL does not, escapes
        # rdflib expands where Oxigraph does not, a comment that Oxigraph ends at \r
        f'SELECT * WHERE {{ BIND("""\n# """ AS ?x) SERVICE <{url}> {{ }} }}',
        *(
            f'SELECT * WHERE {{ BIND("a{sep}# " AS ?x) SERVICE <{url}> {{ }} }}'
            for sep in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
        ),
        f'SELECT * WHERE {{ BIND("\\u0022" AS ?a) SERVICE <{url}> {{ }} BIND("\\u0022" AS ?b) }}',
        f"SELECT * WHERE {{ BIND('\\u0027' AS ?a) SERVICE <{url}> {{ }} BIND('\\u0027' AS ?b) }}",
        f"SELECT * WHERE {{ # a comment\rSERVICE <{url}> {{ ?x ?y ?z }} }}",
        # a second review: rdflib also expands \U with four digits, in comments too
        f'SELECT * WHERE {{ # \\U000A ?s ?p """\nSERVICE <{url}> {{ ?s ?p ?o }}\n# """\n}}',
        f'SELECT * WHERE {{ # \\U000a ?s ?p """\nSERVICE <{url}> {{ ?s ?p ?o }}\n# """\n}}',
    ]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_every_payload_is_refused_without_a_connection(listener, asserted, engine):
    for sparql in payloads(listener.url):
        # Refused, or a syntax error from the checking parser: either way no engine runs it.
        # The guard is asked first, so a regression fails here instead of waiting on a call.
        with pytest.raises(JcgraphError):
            refuse_outbound(sparql)
        with pytest.raises(JcgraphError):
            jcgraph.query(sparql, asserted, engine=engine)
    assert listener.connections == []


def test_the_cli_refuses_them_with_exit_code_2(listener):
    runner = CliRunner()
    for sparql in payloads(listener.url)[:3]:
        result = runner.invoke(cli, ["query", "--sparql", sparql, "--reason", "none"])
        assert result.exit_code == 2, result.output
        assert "is refused" in result.stderr
    assert listener.connections == []


def test_load_in_an_update_is_refused(listener):
    for update in (
        f'INSERT DATA {{ <http://a> <http://b> """\n# """ }} ; LOAD <{listener.url}>',
        f'INSERT DATA {{ <http://a> <http://b> "\\u0022" }} ; LOAD <{listener.url}> ; '
        'INSERT DATA { <http://a> <http://b> "\\u0022" }',
        f"WITH <{listener.url}> INSERT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
        f'# \\U000A INSERT DATA {{ <urn:a> <urn:b> """\nLOAD <{listener.url}> INTO GRAPH '
        '<urn:g>\n# """ }',
        f"LOAD <{listener.url}>",
        f'INSERT DATA {{ <http://a> <http://b> "<" }} ; LOAD <{listener.url}> INTO GRAPH <http://g>',
        f"INSERT {{ ?s ?p ?o }} USING <{listener.url}> WHERE {{ ?s ?p ?o }}",
    ):
        with pytest.raises(JcgraphError):
            refuse_outbound(update, "update", update=True)


def test_what_is_harmless_runs(asserted):
    """A predicate called ``from``, the word in a string or a comment, and FROM naming the
    dataset's own graph are not network access."""
    harmless = [
        "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:from ?o } LIMIT 1",
        'SELECT ?from WHERE { BIND("SERVICE <http://x> FROM LOAD" AS ?from) }',
        "SELECT * WHERE { ?s ?p ?o } LIMIT 1 # SERVICE <http://127.0.0.1:9/sparql>",
        f"SELECT (COUNT(*) AS ?n) FROM <{OWN}> WHERE {{ ?s ?p ?o }}",
    ]
    for sparql in harmless:
        refuse_outbound(sparql)
    own = jcgraph.query(harmless[-1], asserted, engine="oxigraph")
    assert own.rows[0][0].number() > 0


def test_allow_service_compares_exact_endpoints():
    allowed = "http://127.0.0.1:9/sparql"
    refuse_outbound(f"SELECT * {{ SERVICE <{allowed}> {{ ?s ?p ?o }} }}", allow_service=[allowed])
    for other in (allowed + ":evil", allowed + "/", "http://127.0.0.1:9/sparq"):
        with pytest.raises(Refused, match="SERVICE is refused"):
            refuse_outbound(
                f"SELECT * {{ SERVICE <{other}> {{ ?s ?p ?o }} }}", allow_service=[allowed]
            )


def test_rdflib_itself_cannot_fetch(listener, asserted):
    """Behind the parse: rdflib, asked directly, fetches neither SERVICE nor FROM graphs."""
    engine = open_engine("rdflib", dataset=asserted.dataset)
    for sparql in (
        f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{listener.url}> WHERE {{ ?s ?p ?o }}",
    ):
        # refused inside rdflib, or empty: what matters is that nothing connected
        with contextlib.suppress(Exception):
            engine.query(sparql)
    assert listener.connections == []


@pytest.mark.parametrize(
    "nested",
    [
        "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
        "SELECT * WHERE " + "{ " * 10_000 + "?s ?p ?o" + " }" * 10_000,
        "SELECT * WHERE { FILTER(" + "!" * 10_000 + "true) }",
        "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 10_000) + " }",
    ],
    ids=["parentheses", "braces", "negations", "unions"],
)
def test_deep_nesting_is_an_error_not_a_crash(nested):
    """Regression: 10,000 nested parentheses crashed pyoxigraph (exit 139) and rdflib
    (RecursionError); the limit is checked before any engine or parser sees the query."""
    with pytest.raises(JcgraphError, match=f"at most {MAX_DEPTH}"):
        refuse_outbound(nested)
    result = CliRunner().invoke(cli, ["query", "--sparql", nested, "--reason", "none"])
    assert result.exit_code == 2
    assert f"at most {MAX_DEPTH} are allowed" in result.stderr
    assert "Traceback" not in result.output


PIECES = st.sampled_from(
    [
        '"',
        "'",
        "<",
        ">",
        "#",
        "\n",
        "{",
        "}",
        "(",
        ")",
        "1<",
        '"a>"',
        "'''",
        '"""',
        "\\",
        " ",
        "FILTER(",
        "BIND(",
        "?x",
    ]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(before=st.lists(PIECES, max_size=6), after=st.lists(PIECES, max_size=6))
def test_no_text_around_service_gets_through(listener, before, after):
    """Whatever comes before and after a SERVICE block, the guard refuses it or the engine
    rejects the query: never a connection."""
    sparql = (
        "SELECT * WHERE { "
        + "".join(before)
        + f" SERVICE <{listener.url}> {{ ?x ?y ?z }} "
        + "".join(after)
        + " }"
    )
    try:
        found = reach(sparql)
    except JcgraphError:
        return  # unreadable to the checking parser: refused
    if listener.url in found.services:
        return  # seen, so refused
    with contextlib.suppress(Exception):  # a syntax error is fine; a request is not
        open_engine("oxigraph", dataset=_empty()).query(sparql)
    assert listener.connections == []


def _empty():
    from rdflib import Dataset

    return Dataset(default_union=True)


def test_verdicts_on_clients_queries_are_bounded_and_not_written(tmp_path, monkeypatch):
    """A server's clients can send endless new texts: their verdicts stay in a bounded
    memory and never reach the disk; a stored question's verdict is kept for next time."""
    from jcgraph.engines import guard

    monkeypatch.setenv("JCGRAPH_CACHE", str(tmp_path))
    for n in range(guard._KEPT + 50):
        guard.reach(f'SELECT * WHERE {{ BIND("from {n}" AS ?x) }}')
    assert len(guard._VERDICTS) <= guard._KEPT
    assert not (tmp_path / "reach").exists()
    guard.reach('SELECT * WHERE { BIND("from a stored question" AS ?x) }', remember=True)
    assert len(list((tmp_path / "reach").glob("*.json"))) == 1


def test_the_shipped_verdicts_are_the_parsed_ones():
    """queries/reach.json spares a first run parsing every stored question (about 9 s with
    rdflib); it must say exactly what parsing the questions says now."""
    import json

    from reach_manifest import texts

    from jcgraph.engines.guard import MANIFEST, manifest
    from jcgraph.paths import layout

    shipped = json.loads((layout().queries / MANIFEST).read_text("utf-8"))
    assert shipped == manifest(texts()), "stale: run .venv/bin/python tools/reach_manifest.py"
    federated = [v for v in shipped.values() if v["services"]]
    assert federated, "the federated questions name their endpoints"


def test_a_stored_question_uses_the_shipped_verdict_and_an_edited_one_is_parsed(monkeypatch):
    from reach_manifest import texts

    from jcgraph.engines import guard

    text = next(t for t in texts() if guard._may_reach(t))
    parsed: list[str] = []
    real = guard._parsed_reach
    monkeypatch.setattr(guard, "_parsed_reach", lambda s, w, u: parsed.append(s) or real(s, w, u))
    monkeypatch.setattr(guard, "_VERDICTS", type(guard._VERDICTS)())
    monkeypatch.setattr(guard, "_remember", lambda key, verdict: verdict)
    guard.reach(text, remember=True)
    assert parsed == []
    guard.reach(text + "\n# edited", remember=True)
    assert parsed == [text + "\n# edited"]
