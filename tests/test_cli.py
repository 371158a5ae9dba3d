"""The command line, run in-process with click's CliRunner."""

from __future__ import annotations

import json
import re

import click
import pytest
from click.testing import CliRunner

from jcgraph.cli import cli
from jcgraph.paths import layout
from jcgraph.pipeline.queries import catalogue

CITY = (
    "SELECT ?label WHERE { ?e a <https://w3id.org/jcgraph/ontology#PrefectureCity> ;"
    " <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_every_command_is_loaded_from_the_module_that_defines_it():
    """The group imports a command's module only when the command is used; its table
    must name every command of every module, and nothing else."""
    import importlib
    import pkgutil

    import jcgraph.cli
    from jcgraph.cli import COMMAND_MODULES

    defined = {}
    for info in pkgutil.iter_modules(jcgraph.cli.__path__):
        module = importlib.import_module(f"jcgraph.cli.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            defined[command.name] = info.name
    assert defined == COMMAND_MODULES


def test_help_lists_every_command(runner):
    """The help's command list is exactly the group's commands, each with its summary."""
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0, result.output
    listed = result.output.split("Commands:\n", 1)[1].splitlines()
    names = [line.split()[0] for line in listed if line.startswith("  ") and line.split()]
    expected = {
        "audit",
        "build",
        "check",
        "describe",
        "docs",
        "extract",
        "link",
        "publish",
        "queries",
        "query",
        "run",
        "serve",
        "stats",
        "store",
        "validate",
    }
    assert set(names) == expected == set(cli.list_commands(click.Context(cli)))
    assert len(names) == len(expected)
    for line in listed:
        assert len(line.split()) > 1, f"a command without a summary: {line!r}"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_inline_query_as_json(runner, engine):
    result = runner.invoke(
        cli, ["query", "--sparql", CITY, "--format", "json", "--engine", engine, "--reason", "none"]
    )
    assert result.exit_code == 0, result.output
    # stdout alone: a cold cache also writes a progress line to stderr
    values = [b["label"]["value"] for b in json.loads(result.stdout)["results"]["bindings"]]
    assert values == ["Jinchang", "金昌市"]


def test_table_aligns_chinese(runner):
    result = runner.invoke(cli, ["query", "--sparql", CITY, "--reason", "none"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].rstrip() == "label"
    assert "金昌市" in lines and "(2 rows)" in lines


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_bad_query_names_its_position(runner, engine):
    sparql = "SELECT * WHERE {\n ?s ?p \n}"
    result = runner.invoke(
        cli, ["query", "--sparql", sparql, "--engine", engine, "--reason", "none"]
    )
    assert result.exit_code == 2
    assert re.search(r"^error: query:[23]:\d+: ", result.output, re.M), result.output
    assert "Traceback" not in result.output


def test_unknown_stored_query_is_an_input_error(runner):
    result = runner.invoke(cli, ["query", "no-such-question", "--reason", "none"])
    assert result.exit_code == 2
    assert "no stored query named 'no-such-question'" in result.output


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("indicator-tripled", "indicators-tripled"), ("honors-by-level", "honours-by-level")],
)
def test_a_mistyped_question_name_gets_the_closest_names(runner, typed, meant):
    """A new user's first try: the first ten names alphabetically were offered instead."""
    result = runner.invoke(cli, ["query", typed, "--reason", "none"])
    assert result.exit_code == 2
    offered = result.output.split("did you mean: ", 1)[1].rstrip("?\n").split(", ")
    assert offered[0] == meant, result.output
    assert len(offered) <= 5


def test_service_is_refused_before_any_request(runner):
    sparql = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    result = runner.invoke(cli, ["query", "--sparql", sparql, "--reason", "none"])
    assert result.exit_code == 2
    assert "SERVICE is refused" in result.output


def test_queries_lists_summaries(runner):
    """Every stored query is listed by name with its English and Chinese summaries."""
    result = runner.invoke(cli, ["queries"], env={"JCGRAPH_LANG": ""})
    assert result.exit_code == 0, result.output
    stored = catalogue(layout().queries)
    assert len(stored) > 40
    lines = result.output.splitlines()
    for query in stored:
        heads = [i for i, line in enumerate(lines) if line.split("  ")[0] == query.name]
        assert len(heads) == 1, query.name
        assert lines[heads[0] + 1] == f"    {query.summary_zh}"  # --lang zh, the default
        assert lines[heads[0] + 2] == f"    {query.summary}"
    assert len(lines) == 3 * len(stored)


def test_describe_prints_labels_and_evidence(runner):
    result = runner.invoke(cli, ["describe", "金川集团"])
    assert result.exit_code == 0, result.output
    assert "jorg:jinchuan-group" in result.output
    assert "Jinchuan Group" in result.output
    assert "「金川集团预计完成工业总产值3760亿元」" in result.output


def test_describe_says_how_many_matched_and_shows_figures_with_value_and_unit(runner):
    """A new user's first try: `describe 金川` listed its figures as bare observation IRIs
    and did not say how many entities matched."""
    result = runner.invoke(cli, ["describe", "金川集团"])
    first = result.output.splitlines()[0]
    assert re.fullmatch(r"\d+ entit(y matches|ies match) '金川集团':", first), first
    figures = result.output.split("  figures:\n", 1)[1].split("  referenced by:", 1)[0]
    assert "工业总产值 / gross industrial output value: 3760 亿元 (水平值" in figures
    assert "[obs:industrial-output-jinchuan-group-2025]" in figures
    referenced = result.output.split("  referenced by:", 1)[1].split("  evidence:", 1)[0]
    assert "obs:" not in referenced


def test_describe_unknown_label(runner):
    result = runner.invoke(cli, ["describe", "无此实体XYZ"])
    assert result.exit_code == 2
    assert "no entity" in result.output


def test_build_writes_every_format_atomically(runner, tmp_path):
    out = tmp_path / "dist"
    result = runner.invoke(
        cli, ["build", "--out", str(out), "--reason", "rdfs", "--format", "ttl,nt,trig"]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "context.jsonld",
        "jcgraph-asserted.nt",
        "jcgraph-asserted.ttl",
        "jcgraph-inferred.nt",
        "jcgraph-inferred.ttl",
        "jcgraph.nt",
        "jcgraph.trig",
        "jcgraph.ttl",
        "void.ttl",
    ]
    asserted = (out / "jcgraph-asserted.nt").read_text(encoding="utf-8").count("\n")
    inferred = (out / "jcgraph-inferred.nt").read_text(encoding="utf-8").count("\n")
    merged = (out / "jcgraph.nt").read_text(encoding="utf-8").count("\n")
    assert inferred > 0 and merged == asserted + inferred


def test_build_rejects_unknown_format_without_writing(runner, tmp_path):
    out = tmp_path / "dist"
    result = runner.invoke(
        cli, ["build", "--out", str(out), "--reason", "none", "--format", "ttl,xls"]
    )
    assert result.exit_code == 2
    assert "unknown format" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_validate_user_file_with_bad_turtle(runner, tmp_path):
    bad = tmp_path / "mine.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    result = runner.invoke(cli, ["validate", "--data", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:2:" in result.output


def test_audit_reports_the_income_ratio(runner):
    """The 2.26:1 ratio is 55688/24566 truncated, not rounded: the audit must say so."""
    result = runner.invoke(cli, ["audit"])
    assert result.exit_code == 0, result.output
    assert "## INCONSISTENT" in result.output
    assert "quotient: 2.2669" in result.output
    assert "「城乡居民收入比缩小至2.26:1」" in result.output
    strict = runner.invoke(cli, ["audit", "--strict"])
    assert strict.exit_code == 1


def test_a_name_nobody_has_says_so_with_the_closest_labels(runner):
    """A new user's first try: --param org=不存在 answered "(0 rows)" with exit 0."""
    result = runner.invoke(cli, ["query", "org-profile", "--param", "org=金川集"])
    assert result.exit_code == 2
    assert "no entity is named '金川集' (--param org)" in result.output
    assert "金川集团" in result.output.split("the closest labels: ", 1)[1]
    nobody = runner.invoke(cli, ["query", "org-profile", "--param", "org=不存在"])
    assert nobody.exit_code == 2 and "no entity is named '不存在'" in nobody.output
    found = runner.invoke(cli, ["query", "org-profile", "--param", "org=金川集团"])
    assert found.exit_code == 0 and "(0 rows)" not in found.output


def test_the_command_reference_is_the_help():
    """docs/cli.md is the CLI's own help; regenerate it when a command changes."""
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location(
        "cli_reference", root / "tools" / "cli_reference.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = (root / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == module.reference(), "run: python tools/cli_reference.py > docs/cli.md"


def test_make_help_lists_every_target_aligned():
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    text = (root / "Makefile").read_text(encoding="utf-8")
    targets = re.findall(r"^([a-z-]+):.*## ", text, re.M)
    shown = subprocess.run(["make", "-s", "help"], cwd=root, capture_output=True, text=True).stdout
    lines = shown.splitlines()
    assert [line.split()[0] for line in lines] == targets
    columns = {len(line) - len(line.lstrip()[len(line.split()[0]) :].lstrip()) for line in lines}
    assert len(columns) == 1, shown  # every description starts in the same column


@pytest.mark.parametrize(
    ("args", "english", "chinese"),
    [
        # both texts in both outputs: the chosen language's comes first
        (["queries"], "Indicators that at least tripled", "增长到3倍及以上的指标"),
        (["validate"], "486 growing 33.2% a year", "从 486 起按年均 33.2%"),
        # a pair written in the chosen order
        (["describe", "金川集团"], "Jinchang / 金昌市", "金昌市 / Jinchang"),
        (["audit"], '"2+4" modern industrial system / “2+4”', "“2+4”现代化产业体系 / "),
        (["query", "indicators-tripled"], "indicator_zh", "indicator_en"),
    ],
    ids=["queries", "validate", "describe", "audit", "query"],
)
def test_every_command_that_prints_labels_takes_a_language(runner, args, english, chinese):
    """--lang en (or JCGRAPH_LANG=en once) puts English first on every command that prints
    labels; Chinese stays first by default."""
    runner.invoke(cli, args)  # the build and any report it keeps, made once
    runs = [
        runner.invoke(cli, [*args, "--lang", "en"]),
        runner.invoke(cli, args, env={"JCGRAPH_LANG": "en"}),
        runner.invoke(cli, args, env={"JCGRAPH_LANG": ""}),
    ]
    for result in runs:
        assert result.exit_code in (0, 1), result.output
    as_en, from_env, default = (result.stdout for result in runs)
    assert as_en == from_env
    if english in default:  # both in both: compare the order
        assert as_en.index(english) < as_en.index(chinese)
        assert default.index(chinese) < default.index(english)
    else:
        assert english in as_en and chinese not in as_en
        assert chinese in default
