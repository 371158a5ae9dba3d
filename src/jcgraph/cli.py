"""The ``jcgraph`` command line: build, query, validate, describe and run the graph.

Heavy libraries (rdflib, owlrl, pyshacl, pyoxigraph) are imported inside the commands
that need them, so ``jcgraph --help`` stays fast.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from .errors import FAILED, JcgraphError
from .version import __version__

ENGINE = click.option(
    "--engine",
    type=click.Choice(["oxigraph", "rdflib"]),
    default="oxigraph",
    show_default=True,
    help="SPARQL engine: Oxigraph (fast) or rdflib (reference).",
)


ALLOW_SERVICE = click.option(
    "--allow-service",
    "allow_service",
    multiple=True,
    metavar="URL",
    help="An endpoint SERVICE may reach (repeatable); none by default.",
)

ENDPOINT = click.option(
    "--endpoint",
    metavar="URL",
    help="Ask this SPARQL 1.1 endpoint instead of an embedded engine.",
)


STORE = click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Ask this on-disk store (made by 'jcgraph store') instead of the built graph.",
)


def _elsewhere(endpoint: str | None, store: Path | None, engine: str = "oxigraph") -> bool:
    """Whether the questions go to an endpoint or a store (then nothing is loaded here)."""
    if endpoint and store:
        raise click.UsageError("give --endpoint or --store, not both")
    if store and engine != "oxigraph":
        raise click.UsageError("a store is answered by Oxigraph; --engine rdflib needs the build")
    return bool(endpoint or store)


def reason_option(default: str) -> Any:
    return click.option(
        "--reason",
        "reason_with",
        type=click.Choice(["none", "rdfs", "owlrl", "rules"]),
        default=default,
        show_default=True,
        help="Reasoning: none, RDFS, OWL 2 RL by owlrl, or the same rules as SPARQL in Oxigraph.",
    )


def _echo_err(message: str) -> None:
    click.echo(message, err=True)


class JcgraphGroup(click.Group):
    """A command group that turns a user's error into one line and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except JcgraphError as exc:
            _echo_err(f"error: {exc.message}")
            ctx.exit(exc.exit_code)


@click.group(cls=JcgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jcgraph")
def cli() -> None:
    """Jinchang's 14th Five-Year review as a knowledge graph: query, validate, audit."""


@cli.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Folder to write to.",
)
@reason_option("owlrl")
@click.option(
    "--format",
    "formats",
    default="ttl,nt,jsonld,trig",
    show_default=True,
    help="Comma-separated: ttl, nt, jsonld, trig, nq.",
)
def build(out: Path, reason_with: str, formats: str) -> None:
    """Write the merged graph (asserted + inferred, and each apart) to files."""
    from . import api
    from .build import FORMATS
    from .build import build as write

    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:  # checked before the slow load, not after
        raise JcgraphError(
            f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}"
        )
    graph = api.load(reason=reason_with, progress=_echo_err)  # type: ignore[arg-type]
    written = write(graph.dataset, out, chosen)
    for path in written:
        click.echo(str(path))
    _echo_err(
        f"{graph.asserted} asserted + {graph.inferred} inferred triples "
        f"({reason_with}) in {len(written)} file(s)"
    )


@cli.command()
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
    type=click.Choice(["table", "csv", "tsv", "json", "xml", "md"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Label language first: zh (with en beside it) or en (with zh beside it).",
)
@ENGINE
@reason_option("owlrl")
@ALLOW_SERVICE
@ENDPOINT
@STORE
def query(
    name_or_file: str | None,
    sparql: str | None,
    params: tuple[str, ...],
    fmt: str,
    lang: str,
    engine: str,
    reason_with: str,
    allow_service: tuple[str, ...],
    endpoint: str | None,
    store: Path | None,
) -> None:
    """Answer a stored question by name, a .rq file, or --sparql TEXT."""
    from . import api
    from .results import prefer_language

    if bool(name_or_file) == bool(sparql):
        raise click.UsageError("give a stored query's name, a .rq file, or --sparql TEXT")
    values = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.UsageError(f"--param wants NAME=VALUE, got {item!r}")
        values[name.strip()] = value
    elsewhere = _elsewhere(endpoint, store, engine)
    graph = None if elsewhere else api.load(reason=reason_with, progress=_echo_err)  # type: ignore[arg-type]
    result = api.query(
        sparql or name_or_file or "",
        graph,
        engine=engine,  # type: ignore[arg-type]
        params=values,
        allow_service=allow_service,
        endpoint=endpoint,
        store=store,
    )
    click.echo(render(prefer_language(result, lang), fmt), nl=fmt in ("table", "md", "json"))


def render(result: Any, fmt: str) -> str:
    """Format a result as the user asked."""
    from . import results, table

    if result.kind == "graph" and fmt not in ("table", "md"):
        return results.to_ntriples(result)
    writers = {
        "table": table.to_table,
        "md": table.to_markdown,
        "csv": results.to_csv,
        "tsv": results.to_tsv,
        "json": results.to_json,
        "xml": results.to_xml,
    }
    return str(writers[fmt](result))


@cli.command()
@click.option("--tag", help="Only queries with this tag.")
def queries(tag: str | None) -> None:
    """List the stored questions with their English and Chinese summaries."""
    from .paths import layout
    from .queries import catalogue

    for stored in catalogue(layout().queries):
        if tag and tag not in stored.tags:
            continue
        params = " ".join(f"--param {k}={v}" for k, v in stored.params.items())
        click.echo(f"{stored.name}{'  ' + params if params else ''}")
        click.echo(f"    {stored.summary}")
        click.echo(f"    {stored.summary_zh}")


@cli.command()
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
    type=click.Choice(["none", "rdfs", "owlrl"]),
    default="none",
    show_default=True,
    help="Reasoning pyshacl applies before validating.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def validate(fmt: str, data: tuple[Path, ...], inference: str, strict: bool) -> None:
    """Validate the graph against the SHACL shapes (exit 1 on violations)."""
    from . import api
    from . import validation as report_formats

    graph = None if data else api.load(progress=_echo_err)
    report = api.validate(graph, data=list(data) or None, inference=inference)  # type: ignore[arg-type]
    if fmt == "json":
        click.echo(report_formats.to_json(report))
    elif fmt == "turtle":
        click.echo(report.report.serialize(format="turtle"))
    elif fmt == "table":
        click.echo(report_formats.to_table(report))
    else:
        dataset = graph.dataset if graph else None
        click.echo(report_formats.to_human(report, dataset))
    if not report.conforms or (strict and report.findings):
        sys.exit(FAILED)


@cli.command()
@click.argument("text")
@ENGINE
@reason_option("none")
def describe(text: str, engine: str, reason_with: str) -> None:
    """Find entities by label (zh or en, substring) or IRI and print what is known."""
    from . import api
    from .describe import describe as gather
    from .describe import find_entities

    graph = api.load(reason=reason_with, progress=_echo_err)  # type: ignore[arg-type]
    eng = graph.engine(engine)  # type: ignore[arg-type]
    found = find_entities(eng, text)
    if not found:
        raise JcgraphError(f"no entity has a label containing {text!r}")
    click.echo("\n\n".join(gather(eng, iri).render() for iri in found))


@cli.command()
@reason_option("owlrl")
@click.option(
    "--readme",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Rewrite the summary block of this Markdown file instead of printing.",
)
def stats(reason_with: str, readme: Path | None) -> None:
    """Summarise the graph: entities by class, figures by group, triples."""
    from . import api
    from .build import write_atomically
    from .stats import GALLERY_END, GALLERY_START, gallery_markdown, replace_block, summary_markdown

    graph = api.load(reason=reason_with)  # type: ignore[arg-type]
    block = summary_markdown(graph)
    if readme is None:
        click.echo(block)
        return
    text = replace_block(readme.read_text(encoding="utf-8"), block)
    if GALLERY_START in text:
        text = replace_block(text, gallery_markdown(graph), GALLERY_START, GALLERY_END)
    write_atomically(readme, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    _echo_err(f"updated {readme}")


@cli.command()
@ENGINE
@reason_option("owlrl")
@ALLOW_SERVICE
@ENDPOINT
@STORE
def check(
    engine: str,
    reason_with: str,
    allow_service: tuple[str, ...],
    endpoint: str | None,
    store: Path | None,
) -> None:
    """Run the data-quality checks (*-violation.rq): PASS with no rows, else FAIL."""
    from . import api
    from .paths import layout
    from .queries import catalogue
    from .table import to_table

    elsewhere = _elsewhere(endpoint, store, engine)
    graph = None if elsewhere else api.load(reason=reason_with, progress=_echo_err)  # type: ignore[arg-type]
    failed = 0
    checks = [q for q in catalogue(layout().queries) if q.is_check]
    skipped = 0
    for stored in checks:
        blocked = api.network_block(stored, allow_service)
        if blocked:
            skipped += 1
            click.echo(f"SKIP {stored.name}: {blocked}")
            continue
        result = api.query(
            stored.name,
            graph,
            engine=engine,  # type: ignore[arg-type]
            allow_service=allow_service,
            endpoint=endpoint,
            store=store,
        )
        if result.rows:
            failed += 1
            click.echo(f"FAIL {stored.name}: {len(result.rows)} rows")
            click.echo(to_table(result))
        else:
            click.echo(f"PASS {stored.name}: 0 rows")
    click.echo(
        f"{len(checks) - failed - skipped} passed, {failed} failed"
        + (f", {skipped} skipped" if skipped else "")
    )
    if failed:
        sys.exit(FAILED)


@cli.command()
@ENGINE
@reason_option("owlrl")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["human", "json"]),
    default="human",
    show_default=True,
    help="Output format.",
)
@click.option("--strict", is_flag=True, help="Exit 1 when a finding is inconsistent.")
def audit(engine: str, reason_with: str, fmt: str, strict: bool) -> None:
    """Check the article's arithmetic: growth, multiples, ratios, ranks, parts and whole."""
    import json

    from . import api
    from .audit import labels, run_audit, to_human

    graph = api.load(reason=reason_with, progress=_echo_err)  # type: ignore[arg-type]
    findings = run_audit(graph, engine)  # type: ignore[arg-type]
    if fmt == "json":
        rows = [
            {"check": f.check, "classification": f.classification}
            | {k: v.value for k, v in f.values.items()}
            for f in findings
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        click.echo(to_human(findings, labels(graph, findings, engine)))  # type: ignore[arg-type]
    if strict and any(f.classification == "inconsistent" for f in findings):
        sys.exit(FAILED)


@cli.command()
@ENGINE
@reason_option("owlrl")
@ALLOW_SERVICE
@ENDPOINT
@STORE
def run(
    engine: str,
    reason_with: str,
    allow_service: tuple[str, ...],
    endpoint: str | None,
    store: Path | None,
) -> None:
    """Load, reason, validate and answer every stored question, then summarise."""
    from . import api
    from .table import to_table

    started = time.perf_counter()
    _elsewhere(endpoint, store, engine)
    summary = api.run(
        engine=engine,  # type: ignore[arg-type]
        reason_with=reason_with,  # type: ignore[arg-type]
        progress=_echo_err,
        allow_service=allow_service,
        endpoint=endpoint,
        store=store,
    )
    for answer in summary.answers:
        click.echo(f"\n== {answer.query.name}: {answer.query.summary}")
        click.echo(f"   {answer.query.summary_zh}")
        if answer.skipped:
            click.echo(f"   skipped: {answer.skipped}")
        elif answer.result is None:
            click.echo(f"   error: {answer.error}")
        else:
            click.echo(to_table(answer.result))
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


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port (0: any free port).")
@ENGINE
@reason_option("owlrl")
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes, each holding the graph: how many queries run at once.",
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    help="Seconds a query may run before its worker is killed (answer 503).",
)
@click.option("--max-rows", default=10_000, show_default=True, help="Rows sent at most.")
@click.option(
    "--max-request", default=1_048_576, show_default=True, help="Largest request body, bytes."
)
@click.option(
    "--allow-update",
    is_flag=True,
    help="Accept SPARQL Update and Graph Store writes with Authorization: Bearer "
    "$JCGRAPH_UPDATE_TOKEN (in memory only).",
)
@click.option(
    "--allow-service",
    "allow_service",
    multiple=True,
    metavar="URL",
    help="An endpoint queries may reach with SERVICE (repeatable); none by default.",
)
@click.option("--base-url", help="The server's public URL, for the service description.")
@STORE
def serve(
    host: str,
    port: int,
    engine: str,
    reason_with: str,
    workers: int,
    timeout: float,
    max_rows: int,
    max_request: int,
    allow_update: bool,
    allow_service: tuple[str, ...],
    base_url: str | None,
    store: Path | None,
) -> None:
    """Serve a SPARQL endpoint, stored questions, entity pages and a query page over HTTP."""
    import os

    from .server import Config
    from .server import serve as run_server

    token = os.environ.get("JCGRAPH_UPDATE_TOKEN") or None
    if allow_update and (token is None or len(token) < 16):
        raise JcgraphError(
            "--allow-update needs a token of 16 characters or more in JCGRAPH_UPDATE_TOKEN"
        )
    if host not in ("127.0.0.1", "localhost", "::1"):
        _echo_err(f"warning: listening on {host}: other machines can reach this server")
    run_server(
        Config(
            host=host,
            port=port,
            engine=engine,
            reason=reason_with,
            workers=workers,
            timeout=timeout,
            max_rows=max_rows,
            max_request=max_request,
            allow_update=allow_update,
            token=token if allow_update else None,
            allow_service=allow_service,
            base_url=base_url,
            store=store,
        )
    )


@cli.command()
@click.argument("target")
@click.option(
    "--profile",
    default="wikidata",
    show_default=True,
    help="A linking profile: a name in linking/ or a .toml file.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Write links.sssom.tsv, links.ttl and candidates.tsv here (else SSSOM to stdout).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 600),
    default=30.0,
    show_default=True,
    help="Seconds to wait for each answer of an endpoint.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 2000),
    default=100,
    show_default=True,
    help="Values sent per query (VALUES block).",
)
def link(target: str, profile: str, out: Path | None, timeout: float, batch_size: int) -> None:
    """Link our entities to an external graph (an RDF file or a SPARQL endpoint URL)."""
    from . import sssom
    from .linking import link as find_links

    result = find_links(target, profile, timeout=timeout, batch=batch_size)
    if out is None:
        click.echo(sssom.to_sssom(result), nl=False)
    else:
        for path in sssom.write(result, out):
            click.echo(str(path))
    for decision in result.ambiguous:
        _echo_err(
            f"ambiguous: {decision.subject.label} ({decision.subject.iri}) ~ "
            f"{decision.candidate.iri}: {decision.comment}"
        )
    _echo_err(sssom.summary(result))


@cli.command()
@click.argument("store_url", metavar="URL")
@reason_option("owlrl")
def publish(store_url: str, reason_with: str) -> None:
    """Upload the built graph to a SPARQL Graph Store (one named graph per file).

    Each source file's named graph, the inferred graph, and their union as the default
    graph are sent with PUT, which replaces a graph: publishing twice, or retrying after a
    failure, never duplicates data. Credentials come from $JCGRAPH_TOKEN (bearer) or
    $JCGRAPH_USER and $JCGRAPH_PASSWORD (basic), never from the command line.
    """
    from . import api
    from .remote import publish as upload

    graph = api.load(reason=reason_with, progress=_echo_err)  # type: ignore[arg-type]
    uploads = upload(api.graphs_for_upload(graph), store_url, progress=_echo_err)
    total = sum(u.triples for u in uploads)
    click.echo(f"published {len(uploads)} graphs ({total} triples in all) to {store_url}")


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--reason",
    "reason_with",
    type=click.Choice(["rules", "none"]),
    default="rules",
    show_default=True,
    help="Add what the rules of ontology/rules/ infer, or nothing.",
)
@click.option("--replace", is_flag=True, help="Rebuild the store if DIRECTORY exists.")
def store(directory: Path, files: tuple[Path, ...], reason_with: str, replace: bool) -> None:
    """Build an on-disk Oxigraph store of the graph plus FILES, for large graphs.

    FILES (.ttl, .nt) are more data in our model, such as other cities. The
    store is bulk-loaded and reasoned with the SPARQL rules, never through rdflib or
    owlrl, so it reaches millions of triples; ask it with --store DIRECTORY on query, run
    and check. It is written beside DIRECTORY and renamed into place when complete.
    """
    from .store import build_store

    built = build_store(
        directory, files, reason=reason_with == "rules", replace=replace, progress=_echo_err
    )
    click.echo(
        f"{built.path}: {built.asserted} triples asserted, {built.inferred} inferred "
        f"(loaded in {built.load_s:.1f} s, rules {built.reason_s:.1f} s, "
        f"compacted in {built.optimise_s:.1f} s)"
    )


def main() -> None:
    """Entry point of the ``jcgraph`` console script."""
    cli()
