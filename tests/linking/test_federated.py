"""Federated stored queries: they run on both engines against a real SPARQL server on
loopback when (and only when) its endpoint is allowed; anything else is refused before a
single connection is made."""

from __future__ import annotations

import csv
import io
import re
import time
from decimal import Decimal

import pytest
from click.testing import CliRunner

import jcgraph
from jcgraph.api import network_block
from jcgraph.cli import cli
from jcgraph.errors import JcgraphError
from jcgraph.paths import layout
from jcgraph.pipeline.queries import catalogue

NETWORK = [q for q in catalogue(layout().queries) if q.network]


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


LINKED = ("wikidata-linked-figures", "wikidata-linked-labels")


def test_there_are_federated_questions_marked_as_such():
    names = {q.name for q in NETWORK}
    assert {"wikidata-area-figures", "wikidata-division-code-items", *LINKED} <= names
    for stored in NETWORK:
        assert {"federated", "network"} <= set(stored.tags)
        assert "#+ network: yes" in stored.text
        assert stored.params["endpoint"] == "<https://query.wikidata.org/sparql>"
        assert "SERVICE ?_endpoint" in stored.text


def test_service_blocks_list_exactly_our_division_codes(asserted):
    ours = {
        row["code"].value
        for row in jcgraph.query(
            "PREFIX jc: <https://w3id.org/jcgraph/ontology#> "
            "SELECT ?code WHERE { ?u jc:divisionCode ?code }",
            asserted,
        ).dicts()
    }
    for stored in NETWORK:
        if stored.name in LINKED:
            continue
        block = re.search(r"VALUES \?code \{([^}]*)\}", stored.text)
        assert block, stored.name
        assert set(re.findall(r'"(\d+)"', block.group(1))) == ours, stored.name


def number(text: str) -> Decimal | None:
    return Decimal(text) if text else None


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_area_figures_join_our_graph_with_the_endpoint(wd_server, engine, reasoned, capsys):
    """Timed with the reasoned graph already built (the session fixture), so the time is the
    query's: loading from the cache, the join and the HTTP round trip."""
    started = time.monotonic()
    result = CliRunner().invoke(
        cli,
        [
            "query",
            "wikidata-area-figures",
            "--param",
            f"endpoint=<{wd_server.url}>",
            "--allow-service",
            wd_server.url,
            "--engine",
            engine,
            "--format",
            "csv",
        ],
    )
    seconds = time.monotonic() - started
    with capsys.disabled():
        print(f"\nfederated query on {engine}: {seconds:.2f} s")
    assert result.exit_code == 0, result.output
    table = {row["code"]: row for row in rows(result.stdout)}
    assert set(table) == {"620000", "620300", "620302", "620321"}
    jinchuan = table["620302"]
    assert jinchuan["item"] == "https://example.org/wd-test/entity/Q910012"
    assert number(jinchuan["population"]) == 250000
    assert number(jinchuan["area_km2"]) == 3000
    assert number(jinchuan["gdp_2025_yi_yuan"]) == 526
    assert number(jinchuan["gdp_per_person_yuan"]) == 210400  # 526亿元 / 250 000 people
    assert number(jinchuan["people_per_km2"]) == Decimal("83.3")
    assert number(jinchuan["gdp_per_km2_wan_yuan"]) == 1753
    assert number(table["620300"]["stated_gdp_per_person_yuan"]) == 157000  # 15.7万元
    assert jinchuan["coordinates"] == "Point(102.2 38.5)"
    assert seconds < 60


def test_division_code_items(wd_server, reasoned):
    answer = jcgraph.query(
        "wikidata-division-code-items",
        reasoned,
        params={"endpoint": f"<{wd_server.url}>"},
        allow_service=[wd_server.url],
    )
    found = {row["code"].value: row for row in answer.dicts()}
    assert found["620321"]["item_label_en"].value == "Yongchang Xian"
    assert found["620300"]["item_label"].value == "金昌市"


def test_an_unlisted_endpoint_is_refused_without_a_connection(listener, wd_server):
    """The query names the listener's endpoint; only the real server is allowed. The
    listener, which records every connection, sees none."""
    for engine in ("oxigraph", "rdflib"):
        result = CliRunner().invoke(
            cli,
            [
                "query",
                "wikidata-area-figures",
                "--param",
                f"endpoint=<{listener.url}>",
                "--allow-service",
                wd_server.url,
                "--engine",
                engine,
            ],
        )
        assert result.exit_code == 2
        assert f"SERVICE is refused for <{listener.url}>" in result.stderr
    with pytest.raises(JcgraphError, match="SERVICE is refused"):
        jcgraph.query(
            f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}", reason="none"
        )
    time.sleep(0.3)
    assert listener.connections == []


def test_service_is_off_by_default(listener):
    result = CliRunner().invoke(
        cli, ["query", "wikidata-area-figures", "--param", f"endpoint=<{listener.url}>"]
    )
    assert result.exit_code == 2
    assert f"--allow-service {listener.url}" in result.stderr
    assert listener.connections == []


def test_a_variable_endpoint_is_refused(listener):
    sparql = f"SELECT * WHERE {{ BIND(<{listener.url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}"
    with pytest.raises(JcgraphError, match="variable endpoint is refused"):
        jcgraph.query(sparql, reason="none", allow_service=[listener.url])
    assert listener.connections == []


def test_network_questions_are_skipped_unless_allowed():
    stored = next(q for q in NETWORK if q.name == "wikidata-area-figures")
    reason = network_block(stored, [])
    assert reason and "--allow-service https://query.wikidata.org/sparql" in reason
    assert network_block(stored, ["https://query.wikidata.org/sparql"]) is None


def test_check_skips_network_checks_it_may_not_run(tmp_path, monkeypatch):
    """A federated check in a copy of the queries folder: SKIP, not FAIL or a request."""
    from jcgraph import paths

    root = tmp_path / "root"
    root.mkdir()
    for folder in ("ontology", "data"):
        (root / folder).symlink_to(layout().root / folder)
    (root / "queries").mkdir()
    (root / "queries" / "remote-violation.rq").write_text(
        "#+ summary: s\n#+ summary_zh: s\n#+ description: d\n#+ tags: federated, network\n"
        "#+ network: yes\n#+ param: endpoint=<http://127.0.0.1:9/sparql>\n"
        "SELECT ?entity ?property ?value ?message WHERE { SERVICE ?_endpoint { ?entity "
        "?property ?value } BIND('x' AS ?message) }\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(paths, "layout", lambda: paths.Layout(root))
    monkeypatch.setattr("jcgraph.api.layout", lambda: paths.Layout(root))
    result = CliRunner().invoke(cli, ["check", "--reason", "none"])
    assert "SKIP remote-violation: needs the network" in result.stdout, result.output
    assert "0 passed, 0 failed, 1 skipped" in result.stdout


def test_run_says_which_questions_it_skipped(reasoned):
    result = CliRunner().invoke(cli, ["run"])
    assert "== wikidata-area-figures" in result.stdout, result.output
    assert "skipped: needs the network (https://query.wikidata.org/sparql)" in result.stdout
    assert "skipped: they need the network)" in result.stdout


def test_service_blocks_list_exactly_the_reviewed_links():
    from rdflib import Graph

    links = Graph().parse(layout().data / "links.ttl")
    wikidata = "http://www.wikidata.org/entity/"
    items = {str(o).removeprefix(wikidata) for o in links.objects() if str(o).startswith(wikidata)}
    assert len(items) >= 4
    for stored in NETWORK:
        if stored.name in LINKED:
            block = re.search(r"VALUES \?item \{([^}]*)\}", stored.text)
            assert block, stored.name
            assert set(re.findall(r"wd:(Q\d+)", block.group(1))) == items, stored.name


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_linked_figures_join_our_figures_with_the_endpoint_through_the_links(
    linked_server, engine, reasoned
):
    result = CliRunner().invoke(
        cli,
        [
            "query",
            "wikidata-linked-figures",
            "--param",
            f"endpoint=<{linked_server.url}>",
            "--allow-service",
            linked_server.url,
            "--engine",
            engine,
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    table = {row["item"].rsplit("/", 1)[1]: row for row in rows(result.stdout)}
    assert set(table) == {"Q532776", "Q42392", "Q148", "Q711"}
    jinchang = table["Q532776"]
    assert jinchang["place"] == "金昌市"
    assert number(jinchang["population"]) == 400000
    assert number(jinchang["area_km2"]) == 9000
    assert int(jinchang["figures"]) > 50
    assert jinchang["gdp_year"] == "2020" and number(jinchang["gdp_yi_yuan"]) == 359
    assert number(jinchang["gdp_per_person_yuan"]) == 89750  # 359亿元 / 400 000 (test values)
    assert table["Q711"]["population"] == ""


def test_linked_labels_show_ours_beside_the_items(linked_server, reasoned):
    answer = jcgraph.query(
        "wikidata-linked-labels",
        reasoned,
        params={"endpoint": f"<{linked_server.url}>"},
        allow_service=[linked_server.url],
    )
    found = {row["item"].value.rsplit("/", 1)[1]: row for row in answer.dicts()}
    assert found["Q42392"]["theirs"].value == "甘肃省"
    assert found["Q42392"]["same_zh"].value == "true"
    assert found["Q148"]["ours"].value == "中国" and found["Q148"]["same_zh"].value == "false"


@pytest.mark.parametrize("name", LINKED)
def test_linked_questions_are_refused_without_allow_service(listener, name):
    result = CliRunner().invoke(cli, ["query", name, "--param", f"endpoint=<{listener.url}>"])
    assert result.exit_code == 2
    assert f"--allow-service {listener.url}" in result.stderr
    assert listener.connections == []
