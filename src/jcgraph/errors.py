"""Errors a user can act on, each with the exit code the CLI returns for it."""

from __future__ import annotations

# Exit codes, documented in the README.
OK = 0
FAILED = 1  # validation failed, or a check returned rows
INPUT_ERROR = 2  # usage or input error: bad Turtle, bad query, missing file


class JcgraphError(Exception):
    """A problem with the user's input, reported without a traceback."""

    exit_code = INPUT_ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SyntaxProblem(JcgraphError):
    """Bad Turtle or SPARQL, located as ``where:line:col``."""

    def __init__(self, where: str, line: int | None, column: int | None, why: str) -> None:
        position = "".join(f":{n}" for n in (line, column) if n is not None)
        super().__init__(f"{where}{position}: {why}")
        self.where = where
        self.line = line
        self.column = column
        self.why = why
