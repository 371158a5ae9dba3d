"""What the commands share: options built from the registries, and one-line errors."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from jcgraph.engines import ENGINES
from jcgraph.errors import JcgraphError
from jcgraph.pipeline.reason import DEFAULT_PROFILE, PROFILES

ENGINE = click.option(
    "--engine",
    type=click.Choice(ENGINES),
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


LANG = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    envvar="JCGRAPH_LANG",
    help="Label language first: zh (with en beside it) or en (with zh beside it); "
    "also set by $JCGRAPH_LANG.",
)


def reason_option(default: str) -> Any:
    return click.option(
        "--reason",
        "reason_with",
        type=click.Choice(PROFILES),
        default=default,
        show_default=True,
        help="Reasoning: none, RDFS, OWL 2 RL by owlrl, or the same rules as SPARQL in Oxigraph.",
    )


def where_to_ask(command: Any) -> Any:
    """The options of a command that asks questions: engine, reasoning, allowed endpoints,
    and an endpoint or a store to ask instead (in this order in ``--help``)."""
    for option in reversed(
        (ENGINE, reason_option(DEFAULT_PROFILE), ALLOW_SERVICE, ENDPOINT, STORE)
    ):
        command = option(command)
    return command


def elsewhere(endpoint: str | None, store: Path | None, engine: str = "oxigraph") -> bool:
    """Whether the questions go to an endpoint or a store (then nothing is loaded here)."""
    if endpoint and store:
        raise click.UsageError("give --endpoint or --store, not both")
    if store and engine != "oxigraph":
        raise click.UsageError("a store is answered by Oxigraph; --engine rdflib needs the build")
    return bool(endpoint or store)


def echo_err(message: str) -> None:
    click.echo(message, err=True)


class JcgraphGroup(click.Group):
    """A command group that turns a user's error into one line and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except JcgraphError as exc:
            echo_err(f"error: {exc.message}")
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # the reader went away (jcgraph run | head): what it wanted it has, so exit 0,
            # with stdout pointed at /dev/null so the final flush cannot fail again
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
