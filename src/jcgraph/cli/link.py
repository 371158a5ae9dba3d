"""``link``: our entities matched to an external graph, written as SSSOM and RDF."""

from __future__ import annotations

from pathlib import Path

import click

from jcgraph.cli.options import echo_err


@click.command()
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
    from jcgraph import api
    from jcgraph.linking import sssom

    result = api.link(target, profile, timeout=timeout, batch=batch_size)
    if out is None:
        click.echo(sssom.to_sssom(result), nl=False)
    else:
        for path in sssom.write(result, out):
            click.echo(str(path))
    for decision in result.ambiguous:
        echo_err(
            f"ambiguous: {decision.subject.label} ({decision.subject.iri}) ~ "
            f"{decision.candidate.iri}: {decision.comment}"
        )
    echo_err(sssom.summary(result))


COMMANDS = (link,)
