"""The ``jcgraph`` command line: one click group, a module per group of commands.

``query`` (query, queries, check, run), ``graph`` (build, store, publish, stats,
describe), ``validate`` (validate, audit), ``serve`` and ``link``. Heavy libraries
(rdflib, owlrl, pyshacl, pyoxigraph) are imported inside the commands that need them, so
``jcgraph --help`` stays fast.
"""

from __future__ import annotations

from typing import Any

import click

from jcgraph.cli import graph, link, query, serve, validate
from jcgraph.cli.options import JcgraphGroup
from jcgraph.version import __version__

__all__ = ["cli", "main"]


@click.group(cls=JcgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jcgraph")
def cli() -> None:
    """Jinchang's 14th Five-Year review as a knowledge graph: query, validate, audit."""


for module in (graph, query, validate, serve, link):
    for command in module.COMMANDS:
        cli.add_command(command)


def main() -> Any:
    """Entry point of the ``jcgraph`` console script."""
    return cli()
