"""A remote SPARQL 1.1 endpoint behind the ``Engine`` interface: the stored questions on any
server (``--endpoint URL``). Publishing to one is ``export.publish``."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from jcgraph.engines.base import EngineName
from jcgraph.engines.http import post_query
from jcgraph.errors import JcgraphError, SyntaxProblem
from jcgraph.results import Result, Row, from_json, from_oxigraph

ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


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
        base: str | None = None,
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
            rows.append(tuple(from_json(binding[n]) if n in binding else None for n in names))
        return Result("select", names, rows)
    except (ValueError, KeyError, TypeError) as exc:
        raise JcgraphError(f"{url} answered malformed SPARQL JSON results ({exc})") from None


def _from_ntriples(body: bytes) -> Result:
    import pyoxigraph

    triples: list[Row] = [
        (from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))
        for t in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES)
    ]
    return Result("graph", ["subject", "predicate", "object"], triples)
