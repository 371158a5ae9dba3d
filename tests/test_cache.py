"""The build cache: used when nothing changed, rebuilt when anything did, never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import jcgraph
from jcgraph import cache
from jcgraph.paths import Layout, layout

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def copy_layout(tmp_path: Path) -> Layout:
    here = layout()
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(here.root / folder, tmp_path / folder)
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    return Layout(tmp_path)


def test_key_changes_with_any_input(tmp_path, monkeypatch):
    monkeypatch.setenv("JCGRAPH_CACHE", str(tmp_path / "cache"))
    where = copy_layout(tmp_path)
    before = cache.input_key(where, "owlrl")
    assert cache.input_key(where, "owlrl") == before
    assert cache.input_key(where, "rdfs") != before
    economy = where.data / "economy.ttl"
    economy.write_text(economy.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert cache.input_key(where, "owlrl") != before


def test_save_then_lookup_and_stale_entries_go(tmp_path, monkeypatch):
    monkeypatch.setenv("JCGRAPH_CACHE", str(tmp_path / "cache"))
    where = copy_layout(tmp_path)
    assert cache.lookup(where, "none") is None
    entry = cache.save(where, "none", b"", b"", {"asserted": 1, "inferred": 0})
    assert cache.lookup(where, "none") == entry
    (where.data / "new.ttl").write_text("", encoding="utf-8")
    assert cache.lookup(where, "none") is None
    fresh = cache.save(where, "none", b"", b"", {"asserted": 1, "inferred": 0})
    assert fresh.folder.exists() and entry.folder.exists()  # kept for a reader still using it
    for n in range(3):
        (where.data / f"more-{n}.ttl").write_text("", encoding="utf-8")
        cache.save(where, "none", b"", b"", {"asserted": 1, "inferred": 0})
    assert not entry.folder.exists()
    assert len(list((tmp_path / "cache").glob("none-*"))) == 3


def test_key_covers_rules(tmp_path):
    where = copy_layout(tmp_path)
    before = cache.input_key(where, "rules")
    rule = next((where.ontology / "rules").glob("*.ru"))
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert cache.input_key(where, "rules") != before


def test_cached_graph_answers_like_a_fresh_one(reasoned):
    from_cache = jcgraph.load(reason="owlrl")
    assert from_cache.entry is not None
    fresh = jcgraph.load(reason="owlrl", cache=False)
    assert (from_cache.asserted, from_cache.inferred) == (fresh.asserted, fresh.inferred)
    for engine in ("oxigraph", "rdflib"):
        assert (
            jcgraph.query(COUNT, from_cache, engine=engine).rows
            == jcgraph.query(COUNT, fresh, engine=engine).rows
        )


def test_validation_report_is_kept_with_the_build(reasoned):
    """A second validation of a cached build reads the stored report: same findings."""
    cached = jcgraph.load(reason="owlrl")
    first = jcgraph.validate(cached)
    assert cached.entry is not None
    assert (cached.entry.folder / "validation-jcgraph-none" / "findings.json").is_file()
    again = jcgraph.validate(jcgraph.load(reason="owlrl"))
    assert again.findings == first.findings and again.conforms == first.conforms
    assert len(again.report) == len(first.report)


def test_remembered_key_is_used_only_while_no_input_changes(tmp_path, monkeypatch):
    import json
    import os

    monkeypatch.setenv("JCGRAPH_CACHE", str(tmp_path / "cache"))
    where = copy_layout(tmp_path)
    real = cache.input_key(where, "none")
    memo = tmp_path / "cache" / "key-none.json"
    known = json.loads(memo.read_text("utf-8"))
    memo.write_text(json.dumps({**known, "key": "remembered"}), "utf-8")
    assert cache.input_key(where, "none") == "remembered"  # nothing changed: no hashing
    # same size, new content: the modification time alone sends it back to hashing
    shapes = next(where.ontology.glob("shapes/*.ttl"))
    text = shapes.read_text(encoding="utf-8")
    assert "Violation" in text
    stat = shapes.stat()
    shapes.write_text(text.replace("Violation", "Violatioz", 1), encoding="utf-8")
    assert shapes.stat().st_size == stat.st_size
    os.utime(shapes, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert cache.input_key(where, "none") not in ("remembered", real)
    shapes.write_text(text, encoding="utf-8")  # back as it was: the first key again
    os.utime(shapes, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000))
    assert cache.input_key(where, "none") == real
    memo.write_text("not json", "utf-8")
    assert cache.input_key(where, "none") == real
    assert not list((tmp_path / "cache").glob(".key-*"))


def test_key_covers_code_in_subpackages(tmp_path, monkeypatch):
    """Regression: the key hashed only the package's top-level modules, so an edit to a
    module in a subpackage left a stale build in use."""
    monkeypatch.setenv("JCGRAPH_CACHE", str(tmp_path / "cache"))
    where = copy_layout(tmp_path)
    package = tmp_path / "package"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", package)
    module = package / "sub" / "deeper" / "module.py"
    module.parent.mkdir(parents=True, exist_ok=True)
    module.write_text("VALUE = 1\n", encoding="utf-8")
    before = cache.input_key(where, "none")
    module.write_text("VALUE = 2\n", encoding="utf-8")
    edited = cache.input_key(where, "none")
    assert edited != before
    module.rename(package / "sub" / "module.py")  # the same code elsewhere: another build
    assert cache.input_key(where, "none") not in (before, edited)


def test_a_query_opens_the_cached_store_read_only_and_answers_as_the_dump_does():
    """The entry keeps the Oxigraph store on disk beside its dump: a fresh process opens
    it read-only (0.02 s) instead of loading the dump (0.09 s), with the same answers."""
    from jcgraph.engines.oxigraph import OxigraphEngine

    jcgraph.load(reason="rules")  # a fresh build answers from the store it reasoned in
    graph = jcgraph.load(reason="rules")  # a later load, as a new process would
    assert graph.entry is not None and graph.entry.oxigraph_store.is_dir()
    engine = graph.engine("oxigraph")
    assert isinstance(engine, OxigraphEngine)
    with pytest.raises(RuntimeError, match="read-write"):  # nothing can change the build
        engine.store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    from_dump = OxigraphEngine.from_dump(graph.entry.oxigraph)
    count = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    assert engine.query(count).rows == from_dump.query(count).rows
    named = (  # blank nodes are named afresh at each load: compare the rest
        "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(!isBlank(?s) && !isBlank(?o)) }"
        " ORDER BY ?s ?p ?o"
    )
    assert engine.query(named).rows == from_dump.query(named).rows


def test_a_cached_build_is_validated_from_its_dump_with_the_same_report(tmp_path, monkeypatch):
    """A cached build is validated from its Oxigraph dump, with no rdflib dataset parsed
    (about 0.6 s instead of 1.5 s in a fresh process): the same findings, unknown terms
    included, as validating the dataset the build was made from."""
    from jcgraph import api, paths

    monkeypatch.setenv("JCGRAPH_CACHE", str(tmp_path / "cache"))
    where = copy_layout(tmp_path)
    monkeypatch.setattr(paths, "layout", lambda: where)
    monkeypatch.setattr(api, "layout", lambda: where)
    (where.data / "broken.ttl").write_text(
        "@prefix jc: <https://w3id.org/jcgraph/ontology#> .\n"
        "@prefix qb: <http://purl.org/linked-data/cube#> .\n"
        "<https://w3id.org/jcgraph/id/obs/x> a qb:Observation ; jc:valu 3 .\n"
        "<https://w3id.org/jcgraph/id/place/y> a jc:PrefectureLevelCitty .\n",
        encoding="utf-8",
    )
    built = api.load(reason="rules")
    first = api._validate(built.dataset, where, "none", "jcgraph")  # from rdflib's dataset
    assert not first.conforms and first.violations > 2
    assert {f.value for f in first.findings if f.component == "UnknownTermComponent"} == {
        "https://w3id.org/jcgraph/ontology#valu",
        "https://w3id.org/jcgraph/ontology#PrefectureLevelCitty",
    }
    for profile in ("rules", "none"):  # what reasoning added is not validated
        api.load(reason=profile)  # built, if it was not
        cached = api.load(reason=profile)
        again = api.validate(cached)
        assert cached._dataset is None  # validated without parsing the dataset
        assert again.findings == first.findings
        assert (again.conforms, again.triples, again.shapes) == (
            first.conforms,
            first.triples,
            first.shapes,
        )


def test_what_a_report_shows_of_a_focus_node_is_the_same_on_both_engines(asserted):
    """Labels, files and distinct quotes, asked in one query; an IRI that would break out
    of the query is skipped, not spliced in."""
    from jcgraph.pipeline.validate import focus_infos

    graph = jcgraph.load()
    report = jcgraph.validate(graph)
    nodes = [f.focus for f in report.findings] + ["https://x.org/a> } ?s ?p <http://y"]
    ours = focus_infos(graph.engine("oxigraph"), nodes)
    assert ours == focus_infos(graph.engine("rdflib"), nodes)
    assert set(ours) == {f.focus for f in report.findings}
    for info in ours.values():
        assert info.files and info.quotes
        assert len(set(info.quotes)) == len(info.quotes)


def test_a_report_from_the_cache_says_so(reasoned):
    """`validate` served from the cache reported the original build's seconds as if it had
    just validated."""
    from click.testing import CliRunner

    from jcgraph.cli import cli
    from jcgraph.formats.reports import validation_human, validation_json

    cached = jcgraph.load(reason="rules")
    jcgraph.validate(cached)  # the report is kept with the build
    again = jcgraph.validate(jcgraph.load(reason="rules"))
    assert again.cached
    assert "(the report kept with the build, validated in" in validation_human(again)
    assert '"cached": true' in validation_json(again)
    result = CliRunner().invoke(cli, ["validate"])
    assert "the report kept with the build" in result.output


def test_commands_started_together_build_the_graph_once(tmp_path):
    """A new user's three parallel queries on an empty cache each built the graph (about
    60 s each at the time); now the first builds and the others wait for its entry."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    jcgraph_cli = Path(sys.executable).parent / "jcgraph"
    env = {**os.environ, "JCGRAPH_CACHE": str(tmp_path / "cache")}
    started = [
        subprocess.Popen(
            [str(jcgraph_cli), "query", "indicators-tripled", "--format", "csv"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [process.communicate(timeout=300) for process in started]
    assert all(process.returncode == 0 for process in started), outputs
    builds = sum(err.count("building the graph") for _, err in outputs)
    assert builds == 1, [err for _, err in outputs]
    assert len({out for out, _ in outputs}) == 1
    assert len(list((tmp_path / "cache").glob("rules-*"))) == 1
