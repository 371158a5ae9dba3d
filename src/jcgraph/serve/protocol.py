"""The SPARQL 1.1 Protocol's request forms: what a GET or POST to the endpoint asks for.

Queries come as ``GET ?query=``, ``POST`` of a form with ``query=``, or ``POST`` of
``application/sparql-query``; updates as a form with ``update=`` or ``POST`` of
``application/sparql-update``. The dataset may be named with ``default-graph-uri`` and
``named-graph-uri`` (for updates ``using-graph-uri`` and ``using-named-graph-uri``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import parse_qs

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


class ProtocolError(Exception):
    """A request the protocol does not allow, with the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Operation:
    """What a request asks the endpoint to do."""

    kind: Literal["query", "update", "describe-service"]
    text: str = ""
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    params: dict[str, list[str]] = field(default_factory=dict)

    def first(self, name: str) -> str | None:
        """The first value of a parameter other than the protocol's own, if given."""
        values = self.params.get(name)
        return values[0] if values else None


def parse_params(text: str) -> dict[str, list[str]]:
    """URL-encoded parameters; a malformed encoding is the client's error (400).

    >>> parse_params("query=SELECT%20*&default-graph-uri=a&default-graph-uri=b")
    {'query': ['SELECT *'], 'default-graph-uri': ['a', 'b']}
    """
    try:
        return parse_qs(
            text, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=200
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProtocolError(400, f"malformed parameters: {exc}") from None


def media_type(content_type: str | None) -> str:
    """The media type of a Content-Type header, without parameters, lower-cased.

    >>> media_type("application/sparql-query; charset=UTF-8")
    'application/sparql-query'
    """
    return (content_type or "").split(";", 1)[0].strip().lower()


def _charset(content_type: str | None) -> str:
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return "utf-8"


def _decode(body: bytes, content_type: str | None) -> str:
    charset = _charset(content_type)
    if charset not in ("utf-8", "utf8", "us-ascii", "ascii"):
        raise ProtocolError(415, f"charset {charset} is not supported; send UTF-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(
            400, f"the body is not UTF-8 ({exc.reason} at byte {exc.start})"
        ) from None


def _single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise ProtocolError(400, f"give {name} once, not {len(values)} times")
    return values[0]


def parse(method: str, query_string: str, content_type: str | None, body: bytes) -> Operation:
    """The operation a request to the endpoint asks for.

    >>> parse("GET", "query=ASK%7B%7D", None, b"").text
    'ASK{}'
    >>> parse("POST", "", "application/sparql-update", b"CLEAR ALL").kind
    'update'
    >>> parse("GET", "", None, b"").kind
    'describe-service'
    """
    url_params = parse_params(query_string)
    if method == "GET":
        params = url_params
        if "update" in params:
            raise ProtocolError(400, "an update must be sent with POST")
    elif method == "POST":
        kind = media_type(content_type)
        if kind == FORM:
            params = {**url_params, **parse_params(_decode(body, content_type))}
        elif kind in (SPARQL_QUERY, SPARQL_UPDATE):
            if "query" in url_params or "update" in url_params:
                raise ProtocolError(400, f"with {kind} the operation goes in the body only")
            operation = "query" if kind == SPARQL_QUERY else "update"
            params = {**url_params, operation: [_decode(body, content_type)]}
        else:
            shown = kind or "no Content-Type"
            raise ProtocolError(
                415, f"{shown} is not accepted; send {FORM}, {SPARQL_QUERY} or {SPARQL_UPDATE}"
            )
    else:
        raise ProtocolError(405, f"{method} is not allowed on the SPARQL endpoint")

    query = _single(params, "query")
    update = _single(params, "update")
    if query is not None and update is not None:
        raise ProtocolError(400, "give either query or update, not both")
    if query is not None:
        return Operation(
            "query",
            query,
            params.get("default-graph-uri"),
            params.get("named-graph-uri"),
            params,
        )
    if update is not None:
        return Operation(
            "update",
            update,
            params.get("using-graph-uri"),
            params.get("using-named-graph-uri"),
            params,
        )
    if method == "POST":
        raise ProtocolError(400, "no query or update was given")
    return Operation("describe-service", params=params)
