"""Refusing queries that would reach outside the machine (SERVICE, FROM <url>, LOAD).

jcgraph never touches the network unless the user asks for it: a query that names a
remote endpoint or graph is refused before any engine sees it.
"""

from __future__ import annotations

import re

from .errors import JcgraphError

# Strings, IRIs and comments are masked first so that a keyword inside them is ignored.
_MASK = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*'
)
_OUTBOUND = re.compile(r"\b(SERVICE|LOAD|FROM)\b", re.IGNORECASE)


def outbound_keywords(sparql: str) -> list[str]:
    """Keywords of ``sparql`` that could make an engine fetch from elsewhere.

    >>> outbound_keywords('SELECT * WHERE { SERVICE <http://x/> { ?s ?p "SERVICE" } }')
    ['SERVICE']
    >>> outbound_keywords('SELECT ?from WHERE { ?s ?p ?o } # FROM nowhere')
    []
    """
    masked = _MASK.sub(lambda m: " " * len(m.group()), sparql)
    return (
        [m.group(1).upper() for m in _OUTBOUND.finditer(masked) if masked[m.start() - 1] != "?"]
        if masked
        else []
    )


def refuse_outbound(sparql: str, where: str = "query") -> None:
    """Raise a clear error when the query would reach another server or graph."""
    found = outbound_keywords(sparql)
    if found:
        raise JcgraphError(
            f"{where}: {found[0]} is refused: jcgraph runs queries on the local graph only "
            "(no network access at run time)"
        )
