"""uvicorn's HTTP/1.1 connection, with what a public endpoint needs that it lacks.

- **Deadlines.** uvicorn's only timer is keep-alive, which any byte resets, so a client
  that sends a byte now and then (slowloris; blank lines between requests; an unread
  body) holds its connection for ever. Here a request's line and headers must arrive
  within ``header_timeout`` seconds of its first byte, the next request within
  ``keep_alive`` more after an answer, and an answer must drain to the client within
  ``send_timeout`` once the socket's buffer is full, or the connection is closed (aborted,
  for an answer that does not drain: its buffered bytes are freed). The body's deadline
  is kept by the application (``asgi``), which answers 408.
- **Header size.** The request line and headers are at most ``MAX_HEADER_BYTES`` (431),
  counted as the parser reads them, whether they come in one packet or a byte at a time.
- **Raw UTF-8 in the request line.** curl sends ``?org=金川集团`` unencoded; the parser
  refuses bytes above 0x7F in a URL, so they are percent-encoded before it sees them, as a
  browser would have sent them. Only the bytes of a request line are touched: where the
  parser stands is read from its callbacks, never guessed from packet boundaries.
- **A client that stops sending but still listens** (a half-close): uvicorn closes at
  once and the answer is lost; here it is sent, and a body cut short is answered 400.
- **One log line** for each answer uvicorn gives on its own (400 for a request it cannot
  parse, 431, 503 past the connection limit) and each connection closed at a deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
import struct
import time
from collections.abc import Callable
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_HEADER_BYTES = 65_536  # a request line and headers longer than this are refused (431)
_HIGH = re.compile(rb"[\x80-\xff]")
_BLANK_LINES = re.compile(rb"[\r\n]*")
_HEADERS_END = re.compile(rb"\r?\n\r?\n")
PIPELINE_LIMIT = 8  # requests a connection may have queued; reading waits beyond


def _percent(match: re.Match[bytes]) -> bytes:
    return b"%%%02X" % match[0][0]


class Connection(HttpToolsProtocol):
    """One client connection; the class attributes are set by ``configured``."""

    header_timeout = 10.0
    keep_alive = 15.0
    send_timeout = 30.0
    log: Callable[[str], None] = staticmethod(lambda line: None)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._send_deadline: asyncio.TimerHandle | None = None
        self._in_line = True  # the parser awaits or reads a request line
        self._begun = False  # ... and has seen its first byte
        self._raw_bytes = 0  # bytes received since the request was awaited
        self._parsed_bytes = 0  # its line and headers as the parser read them
        self._too_large = False
        self._refused = False  # a request was refused while earlier ones await answers
        self._lost = False
        self._await_headers(self.header_timeout)

    # ---- deadlines ------------------------------------------------------------------

    def _await_headers(self, seconds: float) -> None:
        if self._deadline is None:
            self._raw_bytes = 0
            self._deadline = self.loop.call_later(seconds, self._late)

    def _headers_in(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _late(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        self._log_line(408, "closed: the request did not arrive in time")
        if self._begun and not self._answering():  # say why, between answers only
            message = b"the request line and headers did not arrive in time\n"
            self.transport.write(
                b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(message), message)
            )
        self._close()

    def _answering(self) -> bool:
        """Whether an answer on this connection is under way or queued (nothing may be
        written between). Not ``self.tasks``: uvicorn shares that set among all
        connections, and another client's answer must not silence this one."""
        cycle: Any = self.cycle
        if cycle is None or cycle.response_complete:
            return bool(self.pipeline)
        # its request is all in (so what went wrong is a later request) or it answers
        return bool(cycle.response_started or not cycle.more_body or self.pipeline)

    def _close(self) -> None:
        """Close now; abort if the client has not taken what is buffered by the send
        deadline (a close waits for the buffer to drain, for ever if nobody reads)."""
        self.transport.close()
        self.loop.call_later(self.send_timeout, self._abort)

    def _abort(self) -> None:
        if self.transport.get_extra_info("socket") is None or self._lost:
            return
        sock = self.transport.get_extra_info("socket")
        with contextlib.suppress(OSError):  # drop the kernel's copy too (RST, no FIN wait)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.transport.abort()

    def timeout_keep_alive_handler(self) -> None:
        super().timeout_keep_alive_handler()
        if self.transport.is_closing():
            self.loop.call_later(self.send_timeout, self._abort)

    def pause_writing(self) -> None:
        super().pause_writing()
        if self._send_deadline is None:
            self._send_deadline = self.loop.call_later(self.send_timeout, self._not_reading)

    def resume_writing(self) -> None:
        super().resume_writing()
        if self._send_deadline is not None:
            self._send_deadline.cancel()
            self._send_deadline = None

    def _not_reading(self) -> None:
        self._send_deadline = None
        self._log_line(499, f"aborted: the client read nothing for {self.send_timeout:g} s")
        self._abort()  # close() would wait for the buffer to drain

    def connection_lost(self, exc: Exception | None) -> None:
        self._lost = True
        self._headers_in()
        if self._send_deadline is not None:
            self._send_deadline.cancel()
            self._send_deadline = None
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()  # resumes reading, even with requests queued
        if len(self.pipeline) >= PIPELINE_LIMIT:
            self.flow.pause_reading()  # queued requests cost memory: read on once they ran
        cycle: Any = self.cycle
        if not self.transport.is_closing() and (cycle is None or cycle.response_complete):
            # nothing pipelined is running: the next request has a deadline of its own,
            # which bytes that begin no request (blank lines, an unread body) do not reset
            self._await_headers(self.keep_alive + self.header_timeout)

    # ---- bytes in --------------------------------------------------------------------

    def data_received(self, data: bytes) -> None:
        # fed a message's line and headers at a time, so that a pipelined request's line
        # is still read as one (its raw UTF-8 encoded); bodies go through untouched. One
        # pass over the bytes: each search starts where the last ended.
        if self._refused:
            return  # the parser has stopped; what follows a refused request is dropped
        pos = 0
        while pos < len(data) and not self.transport.is_closing():
            if self._in_line:
                cut = self._end_of_headers(data, pos)
                if cut - pos > MAX_HEADER_BYTES:  # more than the limit in this read alone
                    self._too_large = True
                    self.send_400_response("")
                    return
                part = self._encode_request_line(data[pos:cut])
            else:
                cut = len(data)
                part = data[pos:] if pos else data
            pos = cut
            self._feed(part)

    def _feed(self, data: bytes) -> None:
        if self._deadline is not None:  # a request line and headers are still coming
            self._raw_bytes += len(data)
        super().data_received(data)
        # no end of the headers yet (a body in the same packet is not counted)
        if self._deadline is not None and self._raw_bytes > MAX_HEADER_BYTES:
            self._too_large = True
            self.send_400_response("")

    def _end_of_headers(self, data: bytes, pos: int) -> int:
        """Where the headers begun at ``pos`` end (after their blank line), else the end."""
        start = pos if self._begun else _BLANK_LINES.match(data, pos).end()  # type: ignore[union-attr]
        end = _HEADERS_END.search(data, start)
        return end.end() if end else len(data)

    def _encode_request_line(self, data: bytes) -> bytes:
        # blank lines may precede a request; once it has begun, a line end ends it
        start = 0 if self._begun else len(data) - len(data.lstrip(b"\r\n"))
        end = data.find(b"\n", start)
        line = data[:end] if end >= 0 else data
        if _HIGH.search(line):
            return _HIGH.sub(_percent, line) + (data[end:] if end >= 0 else b"")
        return data

    def send_400_response(self, msg: str) -> None:
        if self.transport.is_closing() or self._refused:
            return
        self._headers_in()
        if self._answering():  # earlier requests are due answers: give them, then close
            why = "refused after earlier requests; closed once they are answered"
            self._log_line(431 if self._too_large else 400, why)
            self._refused = True
            self.cycle.keep_alive = False  # the last request queued
            return
        if self._too_large:
            self._log_line(431, "the request line and headers are over 64 KiB")
            message = b"the request line and headers are over 64 KiB\n"
            self.transport.write(
                b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
                b"content-type: text/plain; charset=utf-8\r\ncontent-length: %d\r\n"
                b"connection: close\r\n\r\n%s" % (len(message), message)
            )
            self._close()
            return
        self._log_line(400, "not an HTTP/1.1 request this server can read")
        super().send_400_response("not an HTTP/1.1 request this server can read\n")

    # ---- parser callbacks ------------------------------------------------------------

    def _count(self, size: int) -> None:
        self._parsed_bytes += size
        if self._parsed_bytes > MAX_HEADER_BYTES:
            self._too_large = True
            raise ValueError("headers too large")  # the parser stops; answered 431

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._begun = True
        self._parsed_bytes = 0
        self._await_headers(self.header_timeout)

    def on_url(self, url: bytes) -> None:
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._in_line = False
        self._count(len(name) + len(value) + 4)
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_line = False
        self._headers_in()
        if self.limit_concurrency is not None and (
            len(self.connections) >= self.limit_concurrency
            or len(self.tasks) >= self.limit_concurrency
        ):  # uvicorn answers 503 itself: say so in our log
            self._log_line(503, "over the connection limit")
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_line, self._begun = True, False

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

    def _log_line(self, status: int, why: str) -> None:
        self.log(f"{time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime())}Z {status} - {why}")


def configured(
    header_timeout: float, keep_alive: float, send_timeout: float, log: Callable[[str], None]
) -> type[Connection]:
    """The connection class with this server's deadlines and log."""
    settings = {
        "header_timeout": header_timeout,
        "keep_alive": keep_alive,
        "send_timeout": send_timeout,
        "log": staticmethod(log),
    }
    return type("Connection", (Connection,), settings)
