"""``SELECT *`` columns in the order the query names its variables.

SPARQL leaves the order of ``SELECT *`` columns to the engine: Oxigraph sorts them, rdflib
follows its own sets, so the same query came back with its columns in different orders,
and neither in the order a person wrote. Here the columns of a ``SELECT *`` follow the
first appearance of each variable in the WHERE clause, read from the parsed query.
"""

from __future__ import annotations

import re
from typing import Any

from jcgraph.results import Result

# A SELECT that may be SELECT *: only a shortcut, the parse decides.
_STAR = re.compile(r"SELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?\*", re.IGNORECASE)


def star_order(sparql: str) -> list[str] | None:
    """The variables of a ``SELECT *`` query in the order they first appear, or None when
    the query is something else (or cannot be parsed: the engine has said so already)."""
    if not _STAR.search(sparql):  # spares the parse (and rdflib's import) for the rest
        return None
    try:
        from rdflib.plugins.sparql.parser import parseQuery
        from rdflib.term import Variable

        query = parseQuery(sparql)[1]
    except Exception:
        return None
    if getattr(query, "name", "") != "SelectQuery" or "projection" in query:
        return None
    seen: dict[str, None] = {}

    def walk(node: Any) -> None:
        if isinstance(node, Variable):
            seen.setdefault(str(node), None)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list | tuple) or hasattr(node, "asList"):
            for item in node:
                walk(item)

    walk(query.get("where"))
    return list(seen)


def in_query_order(sparql: str, result: Result) -> Result:
    """``result`` with the columns of a ``SELECT *`` in the query's order."""
    if result.kind != "select":
        return result
    order = star_order(sparql)
    if not order:
        return result
    rank = {name: i for i, name in enumerate(order)}
    columns = sorted(
        range(len(result.variables)), key=lambda i: rank.get(result.variables[i], len(rank) + i)
    )
    if columns == list(range(len(result.variables))):
        return result
    rows = [tuple(row[i] for i in columns) for row in result.rows]
    return Result("select", [result.variables[i] for i in columns], rows, result.boolean)
