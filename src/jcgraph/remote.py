"""Remote SPARQL stores: the stored questions on any SPARQL 1.1 endpoint, and publishing
the built graph to one through the SPARQL 1.1 Graph Store HTTP Protocol.

Credentials come from the environment, never the command line (where they would show
in the process list and shell history): ``JCGRAPH_TOKEN`` for a bearer token, or
``JCGRAPH_USER`` and ``JCGRAPH_PASSWORD`` for basic authentication.
"""

from __future__ import annotations

import base64
import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from .engines import EngineName
from .errors import JcgraphError, SyntaxProblem
from .results import Result, Row
from .sparql_client import USER_AGENT, _opener, _term, post_query

ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
TRANSIENT = {408, 425, 429, 500, 502, 503, 504}


def auth_header() -> dict[str, str]:
    """The Authorization header the environment asks for, if any."""
    token = os.environ.get("JCGRAPH_TOKEN")
    if token:
        return {"Authorization": f"Bearer {token}"}
    user, password = os.environ.get("JCGRAPH_USER"), os.environ.get("JCGRAPH_PASSWORD")
    if user and password:
        pair = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return {"Authorization": f"Basic {pair}"}
    return {}


class RemoteEngine:
    """A SPARQL 1.1 endpoint behind the same interface as the embedded engines."""

    name: EngineName = "oxigraph"  # answers come back in the same shape; see `url`

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        if urlsplit(url).scheme not in ("http", "https"):
            raise JcgraphError(f"{url}: not an http(s) URL of a SPARQL endpoint")
        self.url = url
        self.timeout = timeout

    def query(
        self,
        sparql: str,
        *,
        where: str = "query",
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        limit: int | None = None,
    ) -> Result:
        if default_graphs or named_graphs:
            raise JcgraphError(f"{where}: choosing graphs is not supported for a remote endpoint")
        body, content_type = post_query(self.url, sparql, timeout=self.timeout, accept=ACCEPT)
        if "json" in content_type:
            result = _from_json(self.url, body)
        elif "n-triples" in content_type or "turtle" in content_type:
            result = _from_ntriples(body)
        else:
            kind = content_type or "no content type"
            raise SyntaxProblem(where, None, None, f"{self.url} answered {kind}")
        if limit is not None:
            result.rows = result.rows[:limit]
        return result


def _from_json(url: str, body: bytes) -> Result:
    try:
        document = json.loads(body.decode("utf-8"))
        if "boolean" in document:
            return Result("ask", boolean=bool(document["boolean"]))
        names = list(document["head"]["vars"])
        rows: list[Row] = []
        for binding in document["results"]["bindings"]:
            rows.append(tuple(_term(binding[n]) if n in binding else None for n in names))
        return Result("select", names, rows)
    except (ValueError, KeyError, TypeError) as exc:
        raise JcgraphError(f"{url} answered malformed SPARQL JSON results ({exc})") from None


def _from_ntriples(body: bytes) -> Result:
    import pyoxigraph

    from .engines import _from_oxigraph

    triples: list[Row] = [
        (_from_oxigraph(t.subject), _from_oxigraph(t.predicate), _from_oxigraph(t.object))
        for t in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES)
    ]
    return Result("graph", ["subject", "predicate", "object"], triples)


@dataclass(frozen=True)
class Upload:
    """One graph sent to the store."""

    graph: str
    triples: int
    attempts: int


def put_graph(
    store_url: str,
    graph: str | None,
    ntriples: bytes,
    *,
    timeout: float = 60.0,
    attempts: int = 4,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """PUT one graph (``None`` for the default graph); returns how many tries it took.

    PUT replaces the graph, so a retry after a transient failure never duplicates data.
    """
    target = f"{store_url}{'&' if '?' in store_url else '?'}"
    target += "default" if graph is None else f"graph={quote(graph, safe='')}"
    headers = {"Content-Type": "application/n-triples", "User-Agent": USER_AGENT, **auth_header()}
    for attempt in range(1, attempts + 1):
        request = urllib.request.Request(target, data=ntriples, headers=headers, method="PUT")
        try:
            with _opener(store_url).open(request, timeout=timeout) as response:
                response.read()
            return attempt
        except urllib.error.HTTPError as exc:
            if exc.code not in TRANSIENT or attempt == attempts:
                detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
                why = f": {detail[0]}" if detail else ""
                raise JcgraphError(
                    f"{store_url} answered HTTP {exc.code} for {graph or 'the default graph'}{why}"
                ) from None
        except (urllib.error.URLError, OSError) as exc:
            if attempt == attempts:
                raise JcgraphError(
                    f"{store_url} cannot be reached: {getattr(exc, 'reason', exc)}"
                ) from None
        sleep(0.5 * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


def publish(
    graphs: Iterable[tuple[str | None, bytes, int]],
    store_url: str,
    progress: Callable[[str], object] | None = None,
) -> list[Upload]:
    """Upload each (graph IRI or None for default, N-Triples, triple count) to the store."""
    done = []
    for graph, data, count in graphs:
        attempts = put_graph(store_url, graph, data)
        done.append(Upload(graph or "(default graph)", count, attempts))
        if progress is not None:
            progress(f"PUT {graph or 'default graph'}: {count} triples ({attempts} attempt(s))")
    return done
