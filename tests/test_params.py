"""The parameter binder: a value enters a query only as one RDF term, wherever the query uses
its variable, and a value that is not a term is refused before any engine sees it."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import jcgraph
from jcgraph.cli import cli
from jcgraph.errors import JcgraphError
from jcgraph.paths import layout
from jcgraph.pipeline import params
from jcgraph.pipeline.queries import catalogue
from jcgraph.results import Term

QUERY = 'SELECT ?s WHERE { ?s ?p ?_v . FILTER(?_v_zh != "?_v") } # ?_v'


@pytest.mark.parametrize(
    "value",
    [
        '金川" } SERVICE <http://127.0.0.1:9/s> { ?a ?b ?c } #',
        "a\\",
        'a\\" . ?x ?y ?z #',
        "line\nbreak } #",
        "a\u0022b",
        '""" } ',
        'x"@en ?p ?o } #',
    ],
)
def test_a_literal_stays_one_literal(value: str) -> None:
    """Regression for the describe injection: whatever the text, it is one literal."""
    bound = params.bind(QUERY, {"v": Term.literal(value)})
    from pyoxigraph import Store

    store = Store()
    store.query(bound)  # parses: the literal did not break the query
    _, _, rest = bound.partition("?p ")
    literal = rest.split(" . FILTER", 1)[0]
    assert Term.literal(value).n3() == literal
    assert bound.endswith('!= "?_v") } # ?_v')  # strings and comments left alone


@pytest.mark.parametrize(
    "value",
    [
        "http://x> } SERVICE <http://127.0.0.1:9/s> { ?a ?b ?c } #",
        "http://x>",
        "http://x y",
        'http://x"',
        "http://x{}",
        "http://x\\u003E",
        "not-an-iri",
        "",
    ],
)
def test_an_iri_that_could_leave_its_brackets_is_refused(value: str) -> None:
    """Refused as an IRI; as a parameter value, refused too, or (with a space, as it always
    was) one plain literal."""
    with pytest.raises(JcgraphError, match="not an IRI"):
        params.iri(value)
    written = f"<{value}>"
    if " " in written:
        assert params.term(written) == Term.literal(written)
    else:
        with pytest.raises(JcgraphError, match="not an IRI"):
            params.term(written)


def test_every_occurrence_is_bound_in_subqueries_and_filters() -> None:
    sparql = (
        "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?_org_zh FILTER(?s != ?_org) } } "
        "FILTER(CONTAINS(STR(?s), ?_org_en)) }"
    )
    bound = params.bind(sparql, {"org": Term.literal("金川")})
    assert '"金川"@zh' in bound and '"金川"@en' in bound and 'FILTER(?s != "金川")' in bound
    assert "?_org" not in bound


def test_stored_queries_are_plain_sparql_with_declared_parameters() -> None:
    """Every stored query parses as SPARQL 1.1 without binding, and uses as ?_NAME only the
    parameters its header declares (and declares only ones it uses)."""
    from pyoxigraph import Store

    store = Store()
    stored = catalogue(layout().queries)
    assert len(stored) > 40
    for query in stored:
        if query.network:
            continue  # SERVICE ?_endpoint would be a request when run unbound
        store.query(query.text)
        assert params.parameters(query.text) == set(query.params), query.name
    federated = [q for q in stored if q.network]
    assert federated
    for query in federated:
        assert params.parameters(query.text) == set(query.params), query.name


def test_a_hostile_parameter_makes_no_request(listener) -> None:
    """Values written to leave their term: an IRI is refused, a literal stays a literal,
    and the listener sees no connection."""
    runner = CliRunner()
    escape_iri = f"org=<http://x>}}SERVICE<{listener.url}>{{?a?b?c}}#>"
    result = runner.invoke(cli, ["query", "org-profile", "--param", escape_iri, "--reason", "none"])
    assert result.exit_code == 2, result.output
    assert "org: not an IRI" in result.stderr
    escape_literal = f'org=金川" }} SERVICE <{listener.url}> {{ ?a ?b ?c }} #'
    result = runner.invoke(
        cli, ["query", "org-profile", "--param", escape_literal, "--reason", "none"]
    )
    # a literal no entity is named: said so (exit 2), never run as a SERVICE
    assert result.exit_code == 2, result.output
    assert "no entity is named" in result.stderr
    assert listener.connections == []


def test_describe_refuses_an_iri_that_is_not_one(listener) -> None:
    """Regression: describe pasted its text into ASK { <TEXT> ?p ?o }."""
    text = (
        f"https://w3id.org/jcgraph/id/place/jinchang> ?p ?o . SERVICE <{listener.url}> {{ }} }} #"
    )
    result = CliRunner().invoke(cli, ["describe", text])
    assert result.exit_code == 2, result.output
    assert "not an IRI" in result.stderr
    assert "Traceback" not in result.output
    assert listener.connections == []


def test_describe_finds_by_iri_label_and_prefixed_name(asserted) -> None:
    by_iri = jcgraph.describe("https://w3id.org/jcgraph/id/place/jinchang", asserted)
    by_name = jcgraph.describe("place:jinchang", asserted)
    assert [v.iri for v in by_iri] == [v.iri for v in by_name]
    assert by_iri[0].zh == ["金昌市"]
    by_label = jcgraph.describe("金川集团", asserted)
    assert "https://w3id.org/jcgraph/id/org/jinchuan-group" in [v.iri for v in by_label]
