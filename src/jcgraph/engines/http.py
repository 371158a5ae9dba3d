"""A small SPARQL protocol client on urllib: one POST per query, timed, polite, clear errors.

Every failure a user can meet (the endpoint is down, slow, answers an HTTP error, or
answers something that is not SPARQL JSON results) becomes one ``JcgraphError`` line.
"""

from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode, urlsplit

from jcgraph.errors import JcgraphError
from jcgraph.results import Term, from_json
from jcgraph.version import __version__

PROJECT_URL = "https://w3id.org/jcgraph"
USER_AGENT = f"jcgraph/{__version__} (+{PROJECT_URL}; linked-data linker)"
MAX_BYTES = 64 * 1024 * 1024
LOOPBACK = ("127.", "localhost", "[::1]", "::1")

Binding = dict[str, Term]


def opener(url: str) -> urllib.request.OpenerDirector:
    host = urlsplit(url).hostname or ""
    if host.startswith(LOOPBACK):
        # A server on this machine is never reached through a proxy.
        return urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener()


def post_query(url: str, sparql: str, *, timeout: float, accept: str) -> tuple[bytes, str]:
    """POST ``sparql`` to ``url``; the body and content type, read within ``timeout`` seconds.

    Raises:
        JcgraphError: the endpoint cannot be reached, is slower than ``timeout``, or answers
            an HTTP error.
    """
    if urlsplit(url).scheme not in ("http", "https"):
        raise JcgraphError(f"{url}: not an http(s) URL of a SPARQL endpoint")
    request = urllib.request.Request(
        url,
        data=urlencode({"query": sparql}).encode("utf-8"),
        headers={
            "Accept": accept,
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "User-Agent": USER_AGENT,
        },
        method="POST",
    )
    deadline = time.monotonic() + timeout
    try:
        with opener(url).open(request, timeout=timeout) as response:
            content_type = response.headers.get("Content-Type", "")
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunk = response.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_BYTES:
                    raise JcgraphError(f"{url}: answer larger than {MAX_BYTES // 2**20} MiB")
                chunks.append(chunk)
            return b"".join(chunks), content_type
    except urllib.error.HTTPError as exc:
        detail = _first_line(exc.read(2000) if exc.fp else b"")
        raise JcgraphError(
            f"{url} answered HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
        ) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise JcgraphError(f"{url} did not answer within {timeout:g} s") from None
        raise JcgraphError(f"{url} cannot be reached: {exc.reason}") from None
    except TimeoutError:
        raise JcgraphError(f"{url} did not answer within {timeout:g} s") from None
    except (http.client.HTTPException, OSError) as exc:
        raise JcgraphError(f"{url}: the connection failed: {exc}") from None


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    return text.splitlines()[0][:200] if text else ""


def select(url: str, sparql: str, *, timeout: float) -> list[Binding]:
    """Run a SELECT query on a remote endpoint; its solutions as dicts of ``Term``.

    Raises:
        JcgraphError: as ``post_query``, or the answer is not SPARQL 1.1 JSON results.
    """
    body, content_type = post_query(
        url, sparql, timeout=timeout, accept="application/sparql-results+json"
    )
    try:
        document = json.loads(body.decode("utf-8"))
        bindings = document["results"]["bindings"]
        if not isinstance(bindings, list):
            raise TypeError("bindings is not a list")
        return [{name: from_json(value) for name, value in row.items()} for row in bindings]
    except (ValueError, KeyError, TypeError, AttributeError):
        start = body[:60].decode("utf-8", "replace").replace("\n", " ")
        raise JcgraphError(
            f"{url} answered something that is not SPARQL JSON results "
            f"({content_type or 'no content type'}; it starts {start!r})"
        ) from None
