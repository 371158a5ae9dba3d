"""Write docs/cli.md, the command reference, from the command line's own help.

    python tools/cli_reference.py > docs/cli.md

tests/test_cli.py fails when docs/cli.md differs from what this writes, so the reference
cannot drift from the commands.
"""

from __future__ import annotations

import sys

import click
from click.testing import CliRunner

from jcgraph.cli import cli


def reference() -> str:
    runner = CliRunner()
    names = cli.list_commands(click.Context(cli))
    parts = [
        "# Command reference\n",
        "Every `jcgraph` command with its options, as `jcgraph COMMAND --help` prints them",
        "(written by `tools/cli_reference.py`; a test keeps it equal to the help).\n",
        "```text",
        runner.invoke(cli, ["--help"], prog_name="jcgraph", terminal_width=100).output.rstrip(),
        "```\n",
    ]
    for name in names:
        shown = runner.invoke(cli, [name, "--help"], prog_name="jcgraph", terminal_width=100).output.rstrip()
        parts += [f"## jcgraph {name}\n", "```text", shown, "```\n"]
    return "\n".join(parts)


def main() -> int:
    sys.stdout.write(reference())
    return 0


if __name__ == "__main__":
    sys.exit(main())
