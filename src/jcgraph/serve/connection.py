"""uvicorn's HTTP/1.1 connection, with three things a public endpoint needs that it lacks.

- **A header deadline.** uvicorn's only timer is keep-alive, armed after a first answer,
  so a client that sends its headers a byte a second (slowloris) would hold its
  connection for ever. Here a request's line and headers must arrive within
  ``header_timeout`` seconds (and be at most ``MAX_HEADER_BYTES``), or the connection is
  closed. The body's deadline is kept by the application (``asgi``), which answers 408.
- **Raw UTF-8 in the request line.** curl sends ``?org=金川集团`` unencoded; the parser
  refuses bytes above 0x7F in a URL, so they are percent-encoded before it sees them
  (``%E9%87%91...``), which is what a browser would have sent.
- **A client that stops sending but still listens** (a half-close). uvicorn closes the
  connection at once, so an answer is lost; here the answer is still sent, and a body cut
  short by the half-close reaches the application as it is, to be answered 400.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_HEADER_BYTES = 65_536  # a request line and headers longer than this are refused (431)
_HIGH = re.compile(rb"[\x80-\xff]")


def _percent(match: re.Match[bytes]) -> bytes:
    return b"%%%02X" % match[0][0]


class Connection(HttpToolsProtocol):
    """One client connection; ``header_timeout`` is set by ``configured``."""

    header_timeout = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._line_open = True  # the next bytes begin a request line
        self._header_bytes = 0
        self._await_headers()

    # ---- the header deadline -----------------------------------------------------

    def _await_headers(self) -> None:
        if self._deadline is None:
            self._header_bytes = 0
            self._deadline = self.loop.call_later(self.header_timeout, self._late)

    def _headers_in(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _late(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._headers_in()
        super().connection_lost(exc)

    # ---- bytes in --------------------------------------------------------------------

    def data_received(self, data: bytes) -> None:
        if self._deadline is not None:  # the line and headers are still coming
            self._header_bytes += len(data)
        if self._line_open:
            data = self._encode_request_line(data)
        super().data_received(data)
        # still no end of the headers (a body in the same packet is not counted)
        if self._deadline is not None and self._header_bytes > MAX_HEADER_BYTES:
            self._refuse(431, b"the request line and headers are over 64 KiB\n")

    def _encode_request_line(self, data: bytes) -> bytes:
        start = len(data) - len(data.lstrip(b"\r\n"))  # blank lines may precede a request
        end = data.find(b"\n", start)
        line = data[:end] if end >= 0 else data
        if end >= 0:
            self._line_open = False
        if _HIGH.search(line):
            return _HIGH.sub(_percent, line) + (data[end:] if end >= 0 else b"")
        return data

    def _refuse(self, status: int, message: bytes) -> None:
        self._headers_in()
        if self.transport.is_closing():  # the parser refused the request already
            return
        reason = {431: b"Request Header Fields Too Large"}[status]
        self.transport.write(
            b"HTTP/1.1 %d %s\r\ncontent-type: text/plain; charset=utf-8\r\n"
            b"content-length: %d\r\nconnection: close\r\n\r\n%s"
            % (status, reason, len(message), message)
        )
        self.transport.close()

    # ---- parser callbacks ------------------------------------------------------------

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._await_headers()

    def on_headers_complete(self) -> None:
        self._headers_in()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._line_open = True

    # ---- the client stops sending ----------------------------------------------------

    def eof_received(self) -> bool | None:  # type: ignore[override]
        cycle: Any = self.cycle
        if cycle is None or cycle.response_complete:
            return None  # nothing to answer: close
        cycle.keep_alive = False  # answer, then close
        if cycle.more_body:  # the body was cut short: hand over what came
            cycle.more_body = False
            cycle.message_event.set()
        return True  # keep the writing side open for the answer


def configured(header_timeout: float) -> type[Connection]:
    """The connection class with this server's header deadline."""
    return type("Connection", (Connection,), {"header_timeout": header_timeout})
