"""An answer decided early (an error, a redirect), and small helpers every route uses."""

from __future__ import annotations

import hashlib


class Reply(Exception):
    """An answer decided early (an error, a redirect): raised, then sent by ``asgi``."""

    def __init__(
        self,
        status: int,
        body: str | bytes = b"",
        content_type: str = "text/plain; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status)
        self.status = status
        if isinstance(body, str):
            body = (body if body.endswith("\n") or not body else body + "\n").encode()
        self.body = body
        self.content_type = content_type
        self.headers = headers or {}


def query_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:12]


def first(params: dict[str, list[str]], name: str) -> str | None:
    """The first value of a URL parameter, if given."""
    values = params.get(name)
    return values[0] if values else None
