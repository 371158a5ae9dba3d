"""The ``jcgraph`` command line: one click group, a module per group of commands.

``query`` (query, queries, check, run), ``graph`` (build, store, publish, stats, docs,
describe), ``validate`` (validate, audit), ``serve``, ``link`` and ``extract``. Heavy libraries
(rdflib, owlrl, pyshacl, pyoxigraph) are imported inside the commands that need them, so
``jcgraph --help`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from jcgraph.cli.options import JcgraphGroup
from jcgraph.version import __version__

__all__ = ["cli", "main"]

# Each command's module, imported when the command is asked for: a cold `jcgraph query`
# does not pay for the modules of the other commands (a test keeps this table complete).
COMMAND_MODULES = {
    **dict.fromkeys(("query", "queries", "check", "run"), "query"),
    **dict.fromkeys(("build", "store", "publish", "stats", "describe", "docs"), "graph"),
    **dict.fromkeys(("validate", "audit"), "validate"),
    "serve": "serve",
    "link": "link",
    "extract": "extract",
}


class LazyGroup(JcgraphGroup):
    """The group, with each command loaded from its module on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if module is None:
            return None
        commands = importlib.import_module(f"jcgraph.cli.{module}").COMMANDS
        return next(c for c in commands if c.name == cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jcgraph")
def cli() -> None:
    """Jinchang's 14th Five-Year review as a knowledge graph: query, validate, audit."""


def main() -> Any:
    """Entry point of the ``jcgraph`` console script."""
    return cli()
