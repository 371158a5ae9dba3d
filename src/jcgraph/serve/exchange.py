"""One request and its answer, as the routes see them.

The ASGI side (``asgi``) reads the request, body included, before a route runs; a route
runs in a thread (it may wait for a query worker) and answers with ``send`` or by raising
``Reply``. Nothing here touches the network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import unquote_to_bytes

from jcgraph.serve.pool import Busy, TimedOut, WorkerLost
from jcgraph.serve.reply import Reply
from jcgraph.serve.worker import Answer, Query, Rows

if TYPE_CHECKING:
    from jcgraph.serve.app import App

PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Headers:
    """A request's headers, looked up without regard to case (the first of repeats)."""

    def __init__(self, raw: list[tuple[bytes, bytes]]) -> None:
        self._values: dict[str, str] = {}
        for name, value in raw:
            self._values.setdefault(name.decode("latin-1").lower(), value.decode("latin-1"))

    def get(self, name: str, default: str | None = None) -> str | None:
        return self._values.get(name.lower(), default)


class Exchange:
    """A request (method, URL, headers, body) and the answer a route gives it."""

    def __init__(
        self,
        app: App,
        command: str,
        raw_path: bytes,
        query_string: bytes,
        headers: Headers,
    ) -> None:
        self.app = app
        self.command = command
        self.headers = headers
        self.hash = "-"  # the query's short hash, for the log line
        self.close_connection = False
        self.status = 500
        self.reply_headers: list[tuple[bytes, bytes]] = []
        self.reply_body = b""
        self._raw_path = raw_path
        self._query_string = query_string
        self.received: bytes | Reply = b""  # the body, or why it was refused (set by asgi)

    def send(
        self,
        status: int,
        body: bytes,
        content_type: str = "text/plain; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        """Set the answer: status, body and headers (the common ones added here)."""
        fields: dict[str, str] = {}
        if status != 204:
            fields["Content-Type"] = content_type
            fields["Content-Length"] = str(len(body))
        fields["Access-Control-Allow-Origin"] = "*"
        fields["X-Content-Type-Options"] = "nosniff"
        if content_type.startswith("text/html"):
            fields["Content-Security-Policy"] = PAGE_CSP
        fields.update(headers or {})
        if self.close_connection:
            fields["Connection"] = "close"
        self.status = status
        self.reply_body = b"" if status == 204 else body
        self.reply_headers = [(k.lower().encode(), v.encode("latin-1")) for k, v in fields.items()]

    def body(self) -> bytes:
        """The request's body; framing errors become 400, 408, 411 or 413 answers."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self.close_connection = True
            raise Reply(411, "send the body with a Content-Length, not chunked")
        if self.headers.get("Content-Length") is None and self.command in ("POST", "PUT"):
            self.close_connection = True
            raise Reply(411, "a Content-Length header is required")
        if isinstance(self.received, Reply):
            self.close_connection = True
            raise self.received
        return self.received

    def check_url(self) -> tuple[str, str]:
        """The URL's path and query string, both still percent-encoded (raw UTF-8 bytes
        arrive encoded: see ``connection``)."""
        try:
            path = self._raw_path.decode("ascii")
            unquote_to_bytes(path).decode("utf-8")
            query = self._query_string.decode("ascii")
        except UnicodeError:
            raise Reply(400, "the URL is not UTF-8") from None
        if len(query) > self.app.config.max_request:
            raise Reply(413, f"the query string is over {self.app.config.max_request} bytes")
        return path, query

    def pool_run(self, task: Query | Rows) -> Answer:
        """Run a task on the pool; its failures become 503 answers."""
        try:
            return self.app.pool.run(task)
        except TimedOut as exc:
            raise Reply(503, str(exc), headers={"Retry-After": "1"}) from None
        except (Busy, WorkerLost) as exc:
            raise Reply(503, str(exc), headers={"Retry-After": "2"}) from None

    def answer(self, answer: Answer) -> None:
        """Send a worker's answer (a bug of ours in the worker is a 500, logged)."""
        if answer.status >= 500:
            self.app.log.write(answer.body.decode(errors="replace"))
            raise Reply(500, "internal error; the server log has the details")
        limit = self.app.config.max_answer
        if len(answer.body) > limit * 2**20:
            raise Reply(
                400,
                f"the answer is {len(answer.body) / 2**20:.1f} MiB, over this server's limit "
                f"of {limit} MiB; ask for fewer rows or shorter values",
            )
        headers = dict(answer.headers)
        if answer.status == 200:
            headers["Vary"] = "Accept"
        self.send(answer.status, answer.body, answer.content_type, headers)
