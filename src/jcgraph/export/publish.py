"""Publishing the built graph to a SPARQL 1.1 Graph Store (HTTP PUT, one graph at a time).

Credentials come from the environment, never the command line (where they would show
in the process list and shell history): ``JCGRAPH_TOKEN`` for a bearer token, or
``JCGRAPH_USER`` and ``JCGRAPH_PASSWORD`` for basic authentication.
"""

from __future__ import annotations

import base64
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from jcgraph.engines.http import USER_AGENT, opener
from jcgraph.errors import JcgraphError
from jcgraph.progress import bar

if TYPE_CHECKING:
    from rdflib import Dataset

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
            with opener(store_url).open(request, timeout=timeout) as response:
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
                    f"{store_url} cannot be reached after {attempts} attempts "
                    f"({timeout:g} s each): {getattr(exc, 'reason', exc)}"
                ) from None
        sleep(0.5 * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


def check_url(store_url: str) -> None:
    """Refuse anything but an http(s) URL, before any work is done."""
    parts = urlsplit(store_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise JcgraphError(f"{store_url}: not an http(s) URL of a Graph Store")


def publish(
    graphs: Iterable[tuple[str | None, bytes, int]],
    store_url: str,
    progress: Callable[[str], object] | None = None,
    *,
    timeout: float = 60.0,
) -> list[Upload]:
    """Upload each (graph IRI or None for default, N-Triples, triple count) to the store,
    waiting at most ``timeout`` seconds for each answer."""
    check_url(store_url)
    done = []
    for graph, data, count in bar(list(graphs), "uploading graphs", unit="graph"):
        if progress is not None:
            progress(f"PUT {graph or 'default graph'}: {count} triples…")
        attempts = put_graph(store_url, graph, data, timeout=timeout)
        done.append(Upload(graph or "(default graph)", count, attempts))
        if progress is not None:
            progress(f"  done ({attempts} attempt(s))")
    return done


def graphs_for_upload(dataset: Dataset) -> list[tuple[str | None, bytes, int]]:
    """Each named graph, then the union as the default graph, as N-Triples with counts."""
    from jcgraph.pipeline.load import union

    out: list[tuple[str | None, bytes, int]] = []
    for named in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if len(named) and str(named.identifier).startswith("http"):
            data = named.serialize(format="nt", encoding="utf-8")
            out.append((str(named.identifier), data, len(named)))
    everything = union(dataset)
    out.append((None, everything.serialize(format="nt", encoding="utf-8"), len(everything)))
    return out
