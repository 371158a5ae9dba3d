"""The on-disk store for large graphs (`jcgraph store`, `--store DIR`): the same answers
as the built graph, located errors, and nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_queries import EXPECTED, QUESTIONS, comparable, rows_of_csv

import jcgraph
from jcgraph.cli import cli
from jcgraph.errors import JcgraphError, SyntaxProblem
from jcgraph.pipeline.store import build_store


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("stores") / "jinchang"
    built = build_store(target)
    assert built.asserted > 7000 and built.inferred > 1000
    return target


@pytest.mark.parametrize("stored", QUESTIONS, ids=lambda q: q.name)
def test_every_question_answers_from_the_store_as_from_the_built_graph(stored, store):
    """The rules' closure in the store gives the checked answers owlrl's closure gives."""
    answer = jcgraph.query(stored.name, store=store)
    expected = rows_of_csv((EXPECTED / f"{stored.name}.csv").read_text(encoding="utf-8"))
    assert comparable(answer) == expected


def test_cli_builds_a_store_with_more_cities_and_answers_from_it(tmp_path):
    city = tmp_path / "city.nt"
    city.write_text(
        "<https://w3id.org/jcgraph/id/place/x> <http://www.w3.org/2000/01/rdf-schema#label> "
        '"某市"@zh .\n<https://w3id.org/jcgraph/id/place/x> '
        "<https://w3id.org/jcgraph/ontology#locatedIn> "
        "<https://w3id.org/jcgraph/id/place/gansu> .\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    done = runner.invoke(cli, ["store", str(tmp_path / "s"), str(city)])
    assert done.exit_code == 0, done.output
    assert "triples asserted" in done.output
    ask = (
        "ASK { <https://w3id.org/jcgraph/id/place/x> "
        "<https://w3id.org/jcgraph/ontology#locatedIn> <https://w3id.org/jcgraph/id/place/china> }"
    )
    done = runner.invoke(cli, ["query", "--sparql", ask, "--store", str(tmp_path / "s")])
    assert done.exit_code == 0 and "true" in done.output.lower()  # transitive, inferred
    again = runner.invoke(cli, ["store", str(tmp_path / "s")])
    assert again.exit_code == 2 and "--replace" in again.output
    assert runner.invoke(cli, ["store", str(tmp_path / "s"), "--replace"]).exit_code == 0
    done = runner.invoke(cli, ["query", "--sparql", ask, "--store", str(tmp_path / "s")])
    assert done.exit_code == 0 and "false" in done.output.lower()  # rebuilt without the city
    assert sorted(p.name for p in tmp_path.iterdir()) == ["city.nt", "s"]  # nothing left over
    for leftover in (".s.building-x", ".s.old-y"):  # as a killed build would leave them
        (tmp_path / leftover).mkdir()
    assert runner.invoke(cli, ["store", str(tmp_path / "s"), "--replace"]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["city.nt", "s"]


def test_replace_leaves_alone_a_folder_that_is_not_a_store(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "keep.txt").write_text("mine", encoding="utf-8")
    done = CliRunner().invoke(cli, ["store", str(tmp_path / "notes"), "--replace"])
    assert done.exit_code == 2 and "leaves it alone" in done.output
    assert (tmp_path / "notes" / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_a_bad_line_deep_in_a_large_file_is_located_and_nothing_is_left(tmp_path, monkeypatch):
    import jcgraph.pipeline.store

    monkeypatch.setattr(jcgraph.pipeline.store, "CHUNK_LINES", 2)  # the error lies in a later chunk
    good = "<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n"
    bad = tmp_path / "bad.nt"
    bad.write_text(good * 4 + '<http://example.org/a> <http://example.org/p> "open\n', "utf-8")
    with pytest.raises(SyntaxProblem) as caught:
        build_store(tmp_path / "s", [bad])
    assert caught.value.message.startswith(f"{bad}:5:")
    assert list(tmp_path.iterdir()) == [bad]  # no store, no temporary folder
    done = CliRunner().invoke(cli, ["store", str(tmp_path / "s"), str(bad)])
    assert done.exit_code == 2 and f"{bad}:5:" in done.output


def test_blank_nodes_stay_one_node_however_the_file_is_read(tmp_path, monkeypatch):
    import jcgraph.pipeline.store

    monkeypatch.setattr(jcgraph.pipeline.store, "CHUNK_LINES", 1)
    data = tmp_path / "b.nt"
    data.write_text(
        "_:n <http://example.org/p> <http://example.org/o1> .\n"
        "_:n <http://example.org/p> <http://example.org/o2> .\n",
        encoding="utf-8",
    )
    build_store(tmp_path / "s", [data], reason=False)
    # one node in the file's own graph and in the union, and the same node in both
    answer = jcgraph.query(
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {"
        " { ?s <http://example.org/p> ?o } UNION { GRAPH ?g { ?s <http://example.org/p> ?o } } }",
        store=tmp_path / "s",
    )
    assert answer.rows[0][0].value == "1"


def test_store_errors_say_what_to_do(tmp_path):
    with pytest.raises(JcgraphError, match="not an Oxigraph store"):
        jcgraph.query("ASK {}", store=tmp_path)
    done = CliRunner().invoke(
        cli, ["query", "--sparql", "ASK {}", "--store", str(tmp_path), "--endpoint", "http://x"]
    )
    assert done.exit_code == 2 and "not both" in done.output
    odd = tmp_path / "data.csv"
    odd.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(JcgraphError, match="unknown format"):
        build_store(tmp_path / "s", [odd])
    done = CliRunner().invoke(
        cli, ["query", "--sparql", "ASK {}", "--store", str(tmp_path), "--engine", "rdflib"]
    )
    assert done.exit_code == 2 and "Oxigraph" in done.output


def test_an_unwritable_place_is_an_input_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")  # a folder cannot be made inside a file
    done = CliRunner().invoke(cli, ["store", str(blocker / "s")])
    assert done.exit_code == 2 and "cannot write here" in done.output


def test_serving_a_store_refuses_updates_and_says_how_it_was_reasoned(store, tmp_path):
    done = CliRunner().invoke(
        cli,
        ["serve", "--store", str(store), "--allow-update"],
        env={"JCGRAPH_UPDATE_TOKEN": "x" * 20},
    )
    assert done.exit_code == 2 and "read-only" in done.output
    from jcgraph.engines.store import store_info

    assert store_info(store)["reasoning"] == "rules"


def test_serve_answers_from_a_store_read_only(store, tmp_path):
    import json

    from serving import serve

    with serve("--store", str(store), "--workers", "1", folder=tmp_path) as server:
        status, _, body = server.get("/queries/indicators-tripled?format=json")
        assert status == 200
        expected = jcgraph.query("indicators-tripled", store=store)
        assert len(json.loads(body)["results"]["bindings"]) == len(expected.rows)
        status, _, _ = server.request(
            "POST",
            "/sparql",
            body=b"update=INSERT DATA { <http://x> <http://y> <http://z> }",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 403


def test_a_second_build_of_the_same_store_stops_at_once(tmp_path):
    """Regression: two `jcgraph store` runs on one folder at once: one deleted the other's
    live build, or replaced a store without --replace."""
    import fcntl

    target = tmp_path / "store"
    (tmp_path / "building-elsewhere").mkdir()
    in_progress = tmp_path / ".store.building-abc"  # the first run's build, in progress
    in_progress.mkdir()
    with open(tmp_path / ".store.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the first run holds the lock
        with pytest.raises(JcgraphError, match="another 'jcgraph store' is building it"):
            build_store(target, reason=False)
    assert in_progress.is_dir(), "the first run's build was left alone"
    assert not target.exists()
