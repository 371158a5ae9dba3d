"""Asking questions: ``query``, ``queries``, ``check`` and ``run``."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from jcgraph.cli.options import LANG, echo_err, elsewhere, where_to_ask
from jcgraph.engines.base import EngineName
from jcgraph.errors import FAILED
from jcgraph.formats import TEXT_WRITERS
from jcgraph.pipeline.reason import Profile


@click.command()
@click.argument("name_or_file", required=False)
@click.option("--sparql", help="SPARQL text to run instead of a stored query.")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A value for a stored query's parameter (repeatable).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(tuple(TEXT_WRITERS)),
    default="table",
    show_default=True,
    help="Output format.",
)
@LANG
@where_to_ask
def query(
    name_or_file: str | None,
    sparql: str | None,
    params: tuple[str, ...],
    fmt: str,
    lang: str,
    engine: EngineName,
    reason_with: Profile,
    allow_service: tuple[str, ...],
    endpoint: str | None,
    store: Path | None,
) -> None:
    """Answer a stored question by name, a .rq file, or --sparql TEXT."""
    from jcgraph import api
    from jcgraph.formats import write
    from jcgraph.results import prefer_language

    if bool(name_or_file) == bool(sparql):
        raise click.UsageError("give a stored query's name, a .rq file, or --sparql TEXT")
    values = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.UsageError(f"--param wants NAME=VALUE, got {item!r}")
        values[name.strip()] = value
    remote = elsewhere(endpoint, store, engine)
    graph = None if remote else api.load(reason=reason_with, progress=echo_err)
    result = api.query(
        sparql or name_or_file or "",
        graph,
        engine=engine,
        params=values,
        allow_service=allow_service,
        endpoint=endpoint,
        store=store,
    )
    text = write(prefer_language(result, lang), fmt).decode("utf-8")
    click.echo(text, nl=fmt in ("table", "md", "json"))


@click.command()
@click.option("--tag", help="Only queries with this tag.")
@LANG
def queries(tag: str | None, lang: str) -> None:
    """List the stored questions with their English and Chinese summaries."""
    from jcgraph.paths import layout
    from jcgraph.pipeline.queries import catalogue

    for stored in catalogue(layout().queries):
        if tag and tag not in stored.tags:
            continue
        params = " ".join(f"--param {k}={v}" for k, v in stored.params.items())
        click.echo(f"{stored.name}{'  ' + params if params else ''}")
        for summary in _in_order(stored.summary, stored.summary_zh, lang):
            click.echo(f"    {summary}")


@click.command()
@LANG
@where_to_ask
def check(
    lang: str,
    engine: EngineName,
    reason_with: Profile,
    allow_service: tuple[str, ...],
    endpoint: str | None,
    store: Path | None,
) -> None:
    """Run the data-quality checks (*-violation.rq): PASS with no rows, else FAIL."""
    from jcgraph import api
    from jcgraph.formats.table import to_table
    from jcgraph.results import prefer_language

    remote = elsewhere(endpoint, store, engine)
    graph = None if remote else api.load(reason=reason_with, progress=echo_err)
    answers = api.check(
        graph, engine=engine, allow_service=allow_service, endpoint=endpoint, store=store
    )
    failed = skipped = 0
    for answer in answers:
        name = answer.query.name
        if answer.skipped:
            skipped += 1
            click.echo(f"SKIP {name}: {answer.skipped}")
        elif answer.result is not None and answer.result.rows:
            failed += 1
            click.echo(f"FAIL {name}: {len(answer.result.rows)} rows")
            click.echo(to_table(prefer_language(answer.result, lang)))
        else:
            click.echo(f"PASS {name}: 0 rows")
    click.echo(
        f"{len(answers) - failed - skipped} passed, {failed} failed"
        + (f", {skipped} skipped" if skipped else "")
    )
    if failed:
        sys.exit(FAILED)


@click.command()
@LANG
@where_to_ask
def run(
    lang: str,
    engine: EngineName,
    reason_with: Profile,
    allow_service: tuple[str, ...],
    endpoint: str | None,
    store: Path | None,
) -> None:
    """Load, reason, validate and answer every stored question, then summarise."""
    from jcgraph import api
    from jcgraph.formats.table import to_table
    from jcgraph.results import prefer_language

    started = time.perf_counter()
    elsewhere(endpoint, store, engine)
    summary = api.run(
        engine=engine,
        reason_with=reason_with,
        progress=echo_err,
        allow_service=allow_service,
        endpoint=endpoint,
        store=store,
    )
    for answer in summary.answers:
        first, second = _in_order(answer.query.summary, answer.query.summary_zh, lang)
        click.echo(f"\n== {answer.query.name}: {first}")
        click.echo(f"   {second}")
        if answer.skipped:
            click.echo(f"   skipped: {answer.skipped}")
        elif answer.result is None:
            click.echo(f"   error: {answer.error}")
        else:
            click.echo(to_table(prefer_language(answer.result, lang)))
    report = summary.validation
    skipped = sum(1 for a in summary.answers if a.skipped)
    if report is None:
        graph_part = (
            "graph and shapes: "
            + (f"in the store {store}" if store else "on the remote endpoint")
            + ", not checked here"
        )
    else:
        shapes = "conforms" if report.conforms else f"{report.violations} violation(s)"
        graph_part = (
            f"{summary.asserted} triples asserted, {summary.inferred} inferred "
            f"({reason_with}); shapes: {shapes} ({report.shapes} shapes, "
            f"{report.count('Warning')} warning(s))"
        )
    click.echo(
        f"\nSummary: {graph_part}; {summary.answered}/{len(summary.answers)} "
        f"questions answered on {endpoint or (f'the store {store}' if store else engine)}"
        + (f" ({skipped} skipped: they need the network)" if skipped else "")
        + f"; {time.perf_counter() - started:.1f} s"
    )
    if report is not None and not report.conforms:
        sys.exit(FAILED)


def _in_order(en: str, zh: str, lang: str) -> tuple[str, str]:
    """A text in both languages, the chosen one first."""
    return (zh, en) if lang == "zh" else (en, zh)


COMMANDS = (query, queries, check, run)
