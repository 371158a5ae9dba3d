"""Refusing queries that would reach outside the machine, decided from the parsed query.

jcgraph never touches the network unless the user asks for it. What a query or update
could reach is read from its parse (rdflib's SPARQL 1.1 parser and algebra), never from its
text: every SERVICE endpoint, every graph named by FROM, FROM NAMED or USING, and every
LOAD. SERVICE may reach only the endpoints the user lists (``--allow-service URL``, compared
as exact IRIs); a variable endpoint is refused, since no one could say beforehand where it
would go; FROM and USING may name only this dataset's own graphs; LOAD is refused. The
engines back this up: rdflib is told never to fetch the graphs a query names, and its
SERVICE calls go through ``guarded_urlopen``.

Parsing costs an import of rdflib, which a warm cold-start query otherwise avoids, so the
parse is skipped when the text nowhere contains "service", "from", "load", "using" or
"with" in any case; the verdicts on stored questions are kept in the build cache
by the query's hash, and a few hundred recent ones in memory.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import re
import socket
import tempfile
from collections import OrderedDict
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jcgraph.errors import JcgraphError, SyntaxProblem
from jcgraph.namespaces import GRAPH_BASE

# The words without which no query can reach out, and the nesting a query may have.
_WORDS = re.compile(r"service|from|load|using|with", re.IGNORECASE)
# \\u or \\U with 4 or 8 hex digits, in either case: what rdflib expands (it reads \\U000A too)
_ESCAPE = re.compile(r"\\[uU]([0-9A-Fa-f]{4})([0-9A-Fa-f]{4})?")
MAX_DEPTH = 100
MAX_LENGTH = 1_048_576

# rdflib fetches SERVICE results with urllib and no timeout of its own: the socket default
# bounds it. (Oxigraph's HTTP client has its own.)
SERVICE_TIMEOUT = 60.0
# The endpoints the query running now may call (read by ``guarded_urlopen``).
ALLOWED: ContextVar[frozenset[str]] = ContextVar("allowed_endpoints", default=frozenset())


class Refused(JcgraphError):
    """A query that would reach the network, refused before any engine sees it."""


@dataclass(frozen=True)
class Reach:
    """What a query or update could reach beyond the local graph."""

    services: tuple[str | None, ...] = ()  # endpoint IRIs; None for a variable endpoint
    graphs: tuple[str, ...] = ()  # named by FROM, FROM NAMED, USING, USING NAMED
    loads: tuple[str, ...] = ()  # LOAD sources


def _expanded(sparql: str) -> str:
    """The text with \\u and \\U escapes replaced (rdflib reads them before parsing)."""

    def char(match: re.Match[str]) -> str:
        code = int(match[1] + (match[2] or ""), 16)
        return chr(code) if code < 0x110000 else match[0]

    return _ESCAPE.sub(char, sparql)


def _may_reach(sparql: str) -> bool:
    """False only when the text nowhere contains an outbound keyword, in any case, escapes
    expanded or not: comments, strings and IRIs count too, because telling them apart is
    exactly what a text filter gets wrong."""
    return any(_WORDS.search(text) for text in (sparql, _expanded(sparql)))


def _as_oxigraph_reads(sparql: str, where: str) -> str:
    """The text to give rdflib so that it sees the tokens Oxigraph sees.

    The two differ in two ways that could hide a keyword from rdflib: rdflib replaces
    ``\\u`` escapes everywhere before parsing (Oxigraph only inside strings and IRIs, where
    an escaped quote does not end the string), and its comments run past a lone carriage
    return (Oxigraph's end at it). A query that needs checking may not use such escapes,
    and carriage returns are read as line ends.
    """
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    try:
        rewritten = expandUnicodeEscapes(sparql) != sparql  # rdflib's own rule, whatever it is
    except ValueError:
        rewritten = True
    if rewritten or _ESCAPE.search(sparql):
        raise Refused(
            f"{where}: a query that mentions SERVICE, FROM, LOAD, USING or WITH may not use "
            "\\u escapes (write the characters themselves): they could hide what it reaches"
        )
    return sparql.replace("\r\n", "\n").replace("\r", "\n")


_NOT_BRACKET = re.compile(r"[^(){}\[\]]+")


def depth(sparql: str) -> int:
    """How deeply the query nests, as its parsers would recurse: brackets within brackets,
    plus the longest run of ``!`` or unary signs, or the number of UNIONs if larger.
    Brackets inside strings count too: the check errs on the side of refusing.

    >>> depth("SELECT * { { ?s ?p ?o } FILTER(!!(1)) }")
    5
    """
    level = deepest = 0
    for char in _NOT_BRACKET.sub("", sparql):  # a loop over brackets only: far fewer
        if char in "({[":
            level += 1
            deepest = max(deepest, level)
        elif level:
            level -= 1
    runs = re.findall(r"[!+-](?:\s*[!+-])*", sparql)
    unary = max((len(re.sub(r"\s", "", run)) for run in runs), default=0)
    unions = len(re.findall(r"union", sparql, re.IGNORECASE))
    return max(deepest + unary, unions)


def check_size(sparql: str, where: str = "query") -> None:
    """Refuse a query too long or too deeply nested for the engines (they would overflow
    their stack: pyoxigraph crashes from about 5,000 levels, rdflib's parser far sooner)."""
    if len(sparql) > MAX_LENGTH:
        raise JcgraphError(f"{where}: the query is longer than {MAX_LENGTH} characters")
    nested = depth(sparql)
    if nested > MAX_DEPTH:
        raise JcgraphError(
            f"{where}: the query nests {nested} levels deep; at most {MAX_DEPTH} are allowed"
        )


_VERDICTS: OrderedDict[str, Reach] = OrderedDict()
_KEPT = 256  # verdicts held in memory: a server's clients could send endless new texts


def reach(
    sparql: str, where: str = "query", *, update: bool = False, remember: bool = False
) -> Reach:
    """What ``sparql`` could reach, from its parse.

    >>> reach('SELECT * WHERE { FILTER(1<"a>" || "b"="b") SERVICE <http://e/s> { ?s ?p ?o } }')
    Reach(services=('http://e/s',), graphs=(), loads=())
    >>> reach("SELECT ?from WHERE { ?s ?p ?o } # SERVICE <http://e/s>")
    Reach(services=(), graphs=(), loads=())
    """
    check_size(sparql, where)
    if not _may_reach(sparql):
        return Reach()
    key = verdict_key(sparql, update)
    if key in _VERDICTS:
        _VERDICTS.move_to_end(key)
        return _VERDICTS[key]
    verdict = _remembered(key) if remember else None
    if verdict is None:
        verdict = _parsed_reach(sparql, where, update)
        if remember:  # only for the stored questions: a finite set of texts on disk
            _remember(key, verdict)
    _VERDICTS[key] = verdict
    if len(_VERDICTS) > _KEPT:
        _VERDICTS.popitem(last=False)
    return verdict


def _verdict_file(key: str) -> Path:
    from jcgraph.cache import cache_root
    from jcgraph.paths import layout

    return cache_root(layout()) / "reach" / f"{key}.json"


MANIFEST = "reach.json"  # beside the stored questions: their verdicts, made when shipped


@functools.cache
def _shipped() -> dict[str, Reach]:
    """The verdicts on the stored questions as shipped (``queries/reach.json``), so a first
    run does not parse them all (rdflib takes about 0.13 s a question); a test parses
    every one again and fails when the file is stale (``tools/reach_manifest.py``)."""
    from jcgraph.paths import layout

    try:
        data = json.loads((layout().queries / MANIFEST).read_text("utf-8"))
        return {
            key: Reach(tuple(v["services"]), tuple(v["graphs"]), tuple(v["loads"]))
            for key, v in data.items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def verdict_key(sparql: str, update: bool = False) -> str:
    """The key a verdict is kept under: a hash of the exact text (and its kind)."""
    return hashlib.sha256(f"{update}\0{sparql}".encode("utf-8", "surrogatepass")).hexdigest()


def manifest(texts: list[str]) -> dict[str, dict[str, list[str]]]:
    """The verdicts on ``texts`` (stored questions), parsed afresh, as ``reach.json`` holds them."""
    return {
        verdict_key(text): {k: list(v) for k, v in dataclasses.asdict(verdict).items()}
        for text in sorted(texts)
        if _may_reach(text)
        for verdict in [_parsed_reach(text, "query", False)]
    }


def _remembered(key: str) -> Reach | None:
    """A verdict reached for the very same text when the questions were shipped, or by an
    earlier process (a cold query then does not import rdflib)."""
    if key in _shipped():
        return _shipped()[key]
    try:
        data = json.loads(_verdict_file(key).read_text("utf-8"))
        return Reach(tuple(data["services"]), tuple(data["graphs"]), tuple(data["loads"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _remember(key: str, verdict: Reach) -> Reach:
    target = _verdict_file(key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=".reach-", dir=target.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(dataclasses.asdict(verdict), out)
        os.replace(tmp, target)
    except OSError:
        pass  # a read-only cache only means parsing again next time
    return verdict


def _parsed_reach(sparql: str, where: str, update: bool) -> Reach:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    sparql = _as_oxigraph_reads(sparql, where)
    try:
        if update:
            tree: Any = translateUpdate(parseUpdate(sparql))
            parts: list[Any] = list(tree.algebra)
        else:
            parsed = parseQuery(sparql)
            tree = translateQuery(parsed)
            parts = [tree.algebra, parsed]
    except ParseException as exc:
        # what rdflib cannot read, it cannot vouch for: refused, with its position
        raise SyntaxProblem(where, exc.lineno, exc.col, exc.msg) from None
    except RecursionError:
        raise JcgraphError(f"{where}: the query nests too deeply to be checked") from None
    except Exception as exc:  # rdflib's translation raises several types for bad queries
        raise SyntaxProblem(where, None, None, str(exc) or type(exc).__name__) from None
    services: list[str | None] = []
    graphs: list[str] = []
    loads: list[str] = []
    for node in _nodes(parts):
        name = getattr(node, "name", "")
        if name == "ServiceGraphPattern":
            term = node.get("term")
            services.append(str(term) if type(term).__name__ == "URIRef" else None)
        elif name in ("DatasetClause", "UsingClause"):
            graphs += [str(node[k]) for k in ("default", "named") if k in node]
        elif name == "Load":
            loads.append(str(node.get("iri")))
        if name in ("Modify", "DeleteWhere") and type(node.get("withClause")).__name__ == "URIRef":
            graphs.append(str(node.get("withClause")))
    return Reach(tuple(services), tuple(graphs), tuple(loads))


def _nodes(root: Any) -> Iterator[Any]:
    """Every node of rdflib's parse and algebra trees, depth first, without recursion."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            yield node
            stack.extend(reversed(list(node.values())))  # children in query order
        elif isinstance(node, dict):
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            stack.extend(reversed(list(node)))


def service_targets(sparql: str) -> list[str | None]:
    """The endpoint of each SERVICE in ``sparql``: an IRI, or None for a variable.

    >>> service_targets("PREFIX wb: <http://w/> SELECT * { SERVICE SILENT wb:x { ?s ?p ?o } "
    ...                 "SERVICE <http://e/sparql> { ?s ?p ?o } SERVICE ?where { } }")
    ['http://w/x', 'http://e/sparql', None]
    """
    return list(reach(sparql).services)


def _allowed(allow_service: Iterable[str]) -> set[str]:
    return {a.strip().removeprefix("<").removesuffix(">") for a in allow_service}


def refuse_outbound(
    sparql: str,
    where: str = "query",
    allow_service: Iterable[str] = (),
    *,
    update: bool = False,
    remember: bool = False,
    held: Collection[str] = (),
) -> None:
    """Raise a clear error when the query would reach another server or graph.

    Args:
        sparql: the query (or update) text, parameters already bound.
        where: names the query in the message.
        allow_service: endpoints SERVICE may reach (exact IRIs); none by default.
        update: read ``sparql`` as a SPARQL update.
        remember: keep the verdict in the build cache (for stored questions only).
        held: graphs the store holds besides ours (a server's, stored with the Graph
            Store Protocol), which FROM and USING may name too.

    >>> q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    >>> refuse_outbound(q, allow_service=["http://127.0.0.1:9/sparql"])
    >>> refuse_outbound(q)
    Traceback (most recent call last):
    jcgraph.engines.guard.Refused: query: SERVICE is refused for <http://127.0.0.1:9/sparql>: ...
    """
    found = reach(sparql, where, update=update, remember=remember)
    for source in found.loads:
        raise Refused(
            f"{where}: LOAD is refused: jcgraph runs queries on the local graph only "
            f"(no network access at run time; it would fetch <{source}>)"
        )
    for graph in found.graphs:
        if not graph.startswith(GRAPH_BASE) and graph not in held:
            raise Refused(
                f"{where}: the graph <{graph}> (FROM, USING or WITH) is refused: a query may name "
                f"only this dataset's own graphs ({GRAPH_BASE}…); jcgraph never fetches one"
            )
    allowed = _allowed(allow_service)
    for target in found.services:
        if target is None:
            raise Refused(
                f"{where}: SERVICE with a variable endpoint is refused: name the endpoint "
                "with an IRI (stored queries take it as --param endpoint=<URL>)"
            )
        if target not in allowed:
            raise Refused(
                f"{where}: SERVICE is refused for <{target}>: jcgraph runs queries on the "
                f"local graph only, unless you allow that endpoint (--allow-service {target})"
            )


@contextmanager
def network_timeout(
    seconds: float = SERVICE_TIMEOUT, allow_service: Iterable[str] = ()
) -> Iterator[None]:
    """While the block runs: bound every socket operation that has no timeout of its own,
    and let rdflib's SERVICE calls reach only ``allow_service``."""
    before = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    token = ALLOWED.set(frozenset(_allowed(allow_service)))
    try:
        yield
    finally:
        ALLOWED.reset(token)
        socket.setdefaulttimeout(before)


def guarded_urlopen(request: Any, *args: Any, **kwargs: Any) -> Any:
    """rdflib's ``urlopen`` for SERVICE, refusing any endpoint not allowed right now: if
    the parse ever missed a SERVICE, rdflib still could not call it."""
    import urllib.request

    url = request.full_url if hasattr(request, "full_url") else str(request)
    endpoint = url.split("?", 1)[0]
    if endpoint not in ALLOWED.get():
        raise Refused(f"SERVICE is refused for <{endpoint}>: the endpoint is not allowed")
    return urllib.request.urlopen(request, *args, **kwargs)
