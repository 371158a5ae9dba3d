"""Checking the graph: ``validate`` (SHACL shapes) and ``audit`` (the article's arithmetic)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jcgraph.cli.options import ENGINE, LANG, echo_err, reason_option
from jcgraph.engines.base import EngineName
from jcgraph.errors import FAILED
from jcgraph.pipeline.reason import DEFAULT_PROFILE, PROFILES, Profile
from jcgraph.pipeline.validate import VALIDATORS, Validator


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["human", "table", "turtle", "json"]),
    default="human",
    show_default=True,
)
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Validate these Turtle files (with our ontology) instead of the shipped data.",
)
@click.option(
    "--inference",
    type=click.Choice(PROFILES),
    default="none",
    show_default=True,
    help="Reasoning whose closure is added to the data before validating.",
)
@click.option(
    "--validator",
    type=click.Choice(VALIDATORS),
    default="jcgraph",
    show_default=True,
    help="jcgraph: each constraint once over the whole graph (Oxigraph); "
    "pyshacl: the reference engine (slow on large graphs).",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--max-memory",
    type=click.IntRange(1),
    help="MiB the data may need in memory (default: what is available); larger is refused.",
)
@LANG
def validate(
    fmt: str,
    data: tuple[Path, ...],
    inference: Profile,
    validator: Validator,
    strict: bool,
    max_memory: int | None,
    lang: str,
) -> None:
    """Validate the graph against the SHACL shapes (exit 1 on violations)."""
    from jcgraph import api
    from jcgraph.formats import reports

    # the build the questions use (its reasoning is set aside: see --inference)
    graph = None if data else api.load(reason=DEFAULT_PROFILE, progress=echo_err)
    report = api.validate(
        graph,
        data=list(data) or None,
        inference=inference,
        validator=validator,
        max_memory_mib=max_memory,
        progress=echo_err if sys.stderr.isatty() else None,  # a terminal sees each step
    )
    if fmt == "json":
        click.echo(reports.validation_json(report))
    elif fmt == "turtle":
        click.echo(report.report.serialize(format="turtle"))
    elif fmt == "table":
        click.echo(reports.validation_table(report))
    else:
        from jcgraph.pipeline.validate import FocusInfo, focus_infos

        info = None
        if graph is not None:  # the shipped graph: what each focus node is, and where
            about = focus_infos(graph.engine("oxigraph"), (f.focus for f in report.findings))
            info = lambda node: about.get(node, FocusInfo())  # noqa: E731
        click.echo(reports.validation_human(report, info, lang))
    if not report.conforms or (strict and report.findings):
        sys.exit(FAILED)


@click.command()
@ENGINE
@reason_option(DEFAULT_PROFILE)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["human", "json"]),
    default="human",
    show_default=True,
    help="Output format.",
)
@click.option("--strict", is_flag=True, help="Exit 1 when a finding is inconsistent.")
@LANG
def audit(engine: EngineName, reason_with: Profile, fmt: str, strict: bool, lang: str) -> None:
    """Check the article's arithmetic: growth, multiples, ratios, ranks, parts and whole."""
    import json

    from jcgraph import api
    from jcgraph.formats.reports import audit_human
    from jcgraph.pipeline.audit import ORDER

    graph = api.load(reason=reason_with, progress=echo_err)
    findings, names = api.audit(graph, engine, lang)
    if fmt == "json":
        rows = [
            {"check": f.check, "classification": f.classification}
            | {k: v.value for k, v in f.values.items()}
            for f in findings
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        click.echo(audit_human(findings, names, ORDER, lang))
    if strict and any(f.classification == "inconsistent" for f in findings):
        sys.exit(FAILED)


COMMANDS = (validate, audit)
