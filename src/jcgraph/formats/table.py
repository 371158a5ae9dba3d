"""Results as text for people: an aligned terminal table (wide Chinese characters count
double) and a Markdown table, with IRIs shortened to the project's prefixes."""

from __future__ import annotations

from wcwidth import wcswidth

from jcgraph.namespaces import compact
from jcgraph.results import Result, Term


def cell(term: Term | None) -> str:
    """How a term reads in a table cell."""
    if term is None:
        return ""
    if term.kind == "uri":
        return compact(term.value)
    if term.kind == "bnode":
        return f"_:{term.value}"
    return term.value.replace("\n", " ")


def to_table(result: Result) -> str:
    """An aligned text table; wide characters take two columns.

    >>> from jcgraph.results import Term
    >>> row = (Term.literal("金川集团"), Term.literal("1"))
    >>> print(to_table(Result("select", ["名称", "n"], [row])))
    名称     | n
    ---------+--
    金川集团 | 1
    (1 row)
    """
    if result.kind == "ask":
        return "true" if result.boolean else "false"
    header = list(result.variables)
    body = [[cell(t) for t in row] for row in result.rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = [_line(header, widths), "-+-".join("-" * w for w in widths)]
    lines += [_line(r, widths) for r in body]
    count = len(body)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(line.rstrip() for line in lines)


def to_markdown(result: Result) -> str:
    """A GitHub-flavoured Markdown table."""
    if result.kind == "ask":
        return "true" if result.boolean else "false"

    def md(text: str) -> str:
        return text.replace("|", "\\|")

    lines = [
        "| " + " | ".join(result.variables) + " |",
        "|" + "|".join("---" for _ in result.variables) + "|",
    ]
    lines += ["| " + " | ".join(md(cell(t)) for t in row) + " |" for row in result.rows]
    return "\n".join(lines)


def _width(text: str) -> int:
    width = wcswidth(text)
    return width if width >= 0 else len(text)


def _line(cells: list[str], widths: list[int]) -> str:
    return " | ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True))
