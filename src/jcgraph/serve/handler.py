"""HTTP plumbing: one request read, routed (``routes``), answered and logged in one line.

The HTTP threads never run a query: they parse the request, check it is allowed, and
hand it to the worker pool, which enforces the time limit by killing the worker process.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from jcgraph.serve import routes
from jcgraph.serve.pool import Busy, TimedOut, WorkerLost
from jcgraph.serve.reply import Reply
from jcgraph.serve.worker import Answer, Query, Rows

if TYPE_CHECKING:
    from jcgraph.serve.app import App

PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class Handler(BaseHTTPRequestHandler):
    """One HTTP request: route it, answer it, log one line."""

    server: JcgraphHTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "jcgraph"
    timeout = 30  # seconds an idle or slow client may hold a connection
    disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart

    # ---- plumbing -------------------------------------------------------------------

    @property
    def app(self) -> App:
        return self.server.app

    def log_message(self, format: str, *args: Any) -> None:
        """Silence http.server's own log: ``_log`` writes one line per request."""

    def _log(self, status: int, started: float) -> None:
        path = quote(urlsplit(self.path).path, safe="/-._~:@!$&'()*+,;=%")[:200]
        query = getattr(self, "hash", "-")
        self.app.write_log(
            f"{time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime())}Z {status} "
            f"{(time.perf_counter() - started) * 1000:.1f}ms {self.command} {path} "
            f"query={query}"
        )

    def send(
        self,
        status: int,
        body: bytes,
        content_type: str = "text/plain; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if status != 204:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("X-Content-Type-Options", "nosniff")
        if content_type.startswith("text/html"):
            self.send_header("Content-Security-Policy", PAGE_CSP)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and status != 204:
            self.wfile.write(body)
        self._status = status

    def _handle(self, route: Any) -> None:
        started = time.perf_counter()
        self._status = 500
        self.hash = "-"
        try:
            route()
        except Reply as reply:
            self.send(reply.status, reply.body, reply.content_type, reply.headers)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
            self._status = 499  # the client hung up: logged as such, not as our error
        except Exception:
            traceback.print_exc(file=self.app.log)
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.send(500, b"internal error; the server log has the details\n")
        finally:
            self._log(self._status, started)

    def body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self.close_connection = True
            raise Reply(411, "send the body with a Content-Length, not chunked")
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            if self.command == "POST" or self.command == "PUT":
                self.close_connection = True
                raise Reply(411, "a Content-Length header is required")
            return b""
        try:
            length = int(length_header)
            if length < 0:
                raise ValueError
        except ValueError:
            self.close_connection = True
            raise Reply(400, "bad Content-Length") from None
        if length > self.app.config.max_request:
            self.close_connection = True
            raise Reply(413, f"the request body is over {self.app.config.max_request} bytes")
        self.server.expect(self.connection, self.app.config.header_timeout, answer=True)
        try:
            body = self.rfile.read(length)
        except (TimeoutError, OSError):
            body = b""  # the client stalled or was cut off: shorter than announced
        finally:
            self.server.expect(self.connection, None)
        if len(body) < length:
            self.close_connection = True
            if self.server.was_late(self.connection):
                seconds = self.app.config.header_timeout
                raise Reply(408, f"the body did not arrive within {seconds:g} s")
            raise Reply(400, f"the body ended after {len(body)} of {length} bytes")
        return body

    def check_url(self) -> tuple[str, str]:
        # http.server decodes the request line as Latin-1; a URL's raw bytes are UTF-8
        try:
            path = self.path.encode("latin-1").decode("utf-8")
        except UnicodeError:
            raise Reply(400, "the URL is not UTF-8") from None
        parts = urlsplit(path)
        if len(parts.query) > self.app.config.max_request:
            raise Reply(413, f"the query string is over {self.app.config.max_request} bytes")
        return parts.path, parts.query

    # ---- HTTP methods ---------------------------------------------------------------

    def do_GET(self) -> None:
        self._handle(self._dispatch)

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def do_OPTIONS(self) -> None:
        def route() -> None:
            self.send(
                204,
                b"",
                headers={
                    "Allow": "GET, HEAD, POST, OPTIONS",
                    "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
                    "Access-Control-Allow-Headers": "Accept, Content-Type, Authorization",
                    "Access-Control-Max-Age": "600",
                },
            )

        self._handle(route)

    def _dispatch(self) -> None:
        routes.dispatch(self)

    # ---- deadlines for slow clients ---------------------------------------------

    def handle_one_request(self) -> None:
        # the request line and headers must arrive within the header timeout
        self.server.expect(self.connection, self.app.config.header_timeout)
        try:
            super().handle_one_request()
        finally:
            self.server.expect(self.connection, None)
            self.server.was_late(self.connection)  # forgotten, whatever happened

    def parse_request(self) -> bool:
        parsed = super().parse_request()
        self.server.expect(self.connection, None)  # the headers are in: the query may take long
        return parsed

    # ---- answers from the worker pool ------------------------------------------

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
        headers = dict(answer.headers)
        if answer.status == 200:
            headers["Vary"] = "Accept"
        self.send(answer.status, answer.body, answer.content_type, headers)


class JcgraphHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that bounds how many connections it serves at once."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], app: App) -> None:
        self.app = app
        self._slots = threading.BoundedSemaphore(app.config.max_connections)
        self._deadlines: dict[Any, float] = {}  # connection -> when its request must be in
        self._answer_late: dict[Any, bool] = {}  # connection -> answer 408 when late
        self._cut: dict[Any, bool] = {}  # connections whose reading side the reaper closed
        self._deadlines_lock = threading.Lock()
        super().__init__(address, Handler)
        threading.Thread(target=self._reap, name="jcgraph-deadlines", daemon=True).start()

    def expect(self, connection: Any, seconds: float | None, *, answer: bool = False) -> None:
        """The client has ``seconds`` to send what is awaited (None: nothing is awaited).

        When it is late, the connection is closed; with ``answer`` (a body is awaited) only
        its reading side is, so the handler can still say 408.
        """
        with self._deadlines_lock:
            if seconds is None:
                self._deadlines.pop(connection, None)
                self._answer_late.pop(connection, None)
            else:
                self._deadlines[connection] = time.monotonic() + seconds
                self._answer_late[connection] = answer

    def was_late(self, connection: Any) -> bool:
        """Whether the reaper cut this connection's reading side (and forget it)."""
        with self._deadlines_lock:
            return self._cut.pop(connection, False)

    def _reap(self) -> None:
        """Close connections whose request line, headers or body are late: a client that
        sends a byte a second (slowloris) holds a connection for seconds, not for ever."""
        while True:
            time.sleep(0.25)
            now = time.monotonic()
            with self._deadlines_lock:
                late = [c for c, due in self._deadlines.items() if due < now]
                answered = {c: self._answer_late.pop(c, False) for c in late}
                for connection in late:
                    del self._deadlines[connection]
                    if answered[connection]:
                        self._cut[connection] = True
            for connection in late:
                how = socket.SHUT_RD if answered[connection] else socket.SHUT_RDWR
                with contextlib.suppress(OSError):
                    connection.shutdown(how)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(
                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                    b"Retry-After: 1\r\nConnection: close\r\n\r\n"
                )
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()
