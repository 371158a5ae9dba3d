"""Refusing queries that would reach outside the machine (SERVICE, FROM <url>, LOAD).

jcgraph never touches the network unless the user asks for it: a query that names a
remote endpoint or graph is refused before any engine sees it. SERVICE is allowed only
to the endpoints the user lists (``--allow-service URL``), each named by an IRI: the
target of every SERVICE is read from the query text (prefixed names expanded), and a
variable endpoint is refused, since no one could say beforehand where it would go.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from jcgraph.errors import JcgraphError

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


_PREFIX = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_SILENT = re.compile(r"\s*SILENT\b", re.IGNORECASE)
_TARGET = re.compile(r"\s*(<[^<>\s]*>|[?$]\w+|[A-Za-z][\w.-]*:[\w.\-]*|:[\w.\-]*)")


def _masked(sparql: str) -> str:
    return _MASK.sub(lambda m: " " * len(m.group()), sparql)


def _prefixes(sparql: str, masked: str) -> dict[str, str]:
    found = {}
    for match in _PREFIX.finditer(masked):
        iri = re.match(r"\s*<([^<>\s]*)>", sparql[match.end() :])
        if iri:
            found[match.group(1) or ""] = iri.group(1)
    return found


def service_targets(sparql: str) -> list[str | None]:
    """The endpoint of each SERVICE in ``sparql``: an IRI, or None for a variable.

    >>> service_targets("PREFIX wb: <http://w/> SELECT * { SERVICE SILENT wb:x { ?s ?p ?o } "
    ...                 "SERVICE <http://e/sparql> { ?s ?p ?o } SERVICE ?where { } }")
    ['http://w/x', 'http://e/sparql', None]
    """
    masked = _masked(sparql)
    prefixes = _prefixes(sparql, masked)
    targets: list[str | None] = []
    for match in _OUTBOUND.finditer(masked):
        before = masked[match.start() - 1] if match.start() else ""
        if match.group(1).upper() != "SERVICE" or (before and before in "?$"):
            continue
        rest = sparql[match.end() :]
        silent = _SILENT.match(rest)
        if silent:
            rest = rest[silent.end() :]
        token = _TARGET.match(rest)
        text = token.group(1) if token else ""
        if text.startswith("<"):
            targets.append(text[1:-1])
        elif text and text[0] not in "?$":
            prefix, _, local = text.partition(":")
            targets.append(prefixes[prefix] + local if prefix in prefixes else None)
        else:
            targets.append(None)
    return targets


def refuse_outbound(sparql: str, where: str = "query", allow_service: Iterable[str] = ()) -> None:
    """Raise a clear error when the query would reach another server or graph.

    Args:
        sparql: the query text, parameters already bound.
        where: names the query in the message.
        allow_service: endpoints SERVICE may reach (exact IRIs); none by default.

    >>> q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    >>> refuse_outbound(q, allow_service=["http://127.0.0.1:9/sparql"])
    >>> refuse_outbound(q)
    Traceback (most recent call last):
    jcgraph.errors.JcgraphError: query: SERVICE is refused for <http://127.0.0.1:9/sparql>: ...
    """
    allowed = {a.strip().removeprefix("<").removesuffix(">") for a in allow_service}
    for keyword in outbound_keywords(sparql):
        if keyword != "SERVICE":
            raise JcgraphError(
                f"{where}: {keyword} is refused: jcgraph runs queries on the local graph only "
                "(no network access at run time)"
            )
    for target in service_targets(sparql):
        if target is None:
            raise JcgraphError(
                f"{where}: SERVICE with a variable endpoint is refused: name the endpoint "
                "with an IRI (stored queries take it as --param endpoint=<URL>)"
            )
        if target not in allowed:
            raise JcgraphError(
                f"{where}: SERVICE is refused for <{target}>: jcgraph runs queries on the "
                f"local graph only, unless you allow that endpoint (--allow-service {target})"
            )


# rdflib fetches SERVICE results with urllib and no timeout of its own: the socket default
# bounds it. (Oxigraph's HTTP client has its own.)
SERVICE_TIMEOUT = 60.0


@contextmanager
def network_timeout(seconds: float = SERVICE_TIMEOUT) -> Iterator[None]:
    """Bound every socket operation that has no timeout of its own while the block runs."""
    before = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(before)
