"""The server as an ASGI application: read a request, let a route answer it, log one line.

The event loop only moves bytes. A route runs in a thread, because it may wait for a
query worker (``pool``), which enforces the time limit by killing the worker process;
the body is read here first, within the body deadline.
"""

from __future__ import annotations

import asyncio
import time
import traceback
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from jcgraph.serve import routes
from jcgraph.serve.exchange import BODY_METHODS, Exchange, Headers
from jcgraph.serve.reply import Reply

if TYPE_CHECKING:
    from jcgraph.serve.app import App

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class ClientGone(Exception):
    """The client closed the connection before its request was in."""


class Application:
    """The ASGI callable over one ``App`` (configuration, pool, stored questions)."""

    def __init__(self, app: App, threads: int) -> None:
        self.app = app
        self._threads = ThreadPoolExecutor(threads, thread_name_prefix="jcgraph-route")

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # lifespan is off; nothing else is served
            return
        started = time.perf_counter()
        headers = Headers(scope["headers"])
        exchange = Exchange(
            self.app, scope["method"], scope["raw_path"], scope["query_string"], headers
        )
        try:
            if exchange.command in BODY_METHODS:
                exchange.received = await self._read_body(headers, receive)
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(self._threads, _answer, exchange)
            await _send(send, exchange)
        except ClientGone:
            exchange.status = 499  # logged as the client's hang-up, not as our error
        finally:
            self._log(exchange, scope, started)

    async def _read_body(self, headers: Headers, receive: Receive) -> bytes | Reply:
        """The whole body within the deadline; a ``Reply`` when it is refused, late or short.

        A body that is chunked, unannounced or too long is not read at all: ``Exchange.body``
        says why (411, 413) when a route asks for it.
        """
        config = self.app.config
        try:
            length = int(headers.get("Content-Length") or "")
        except ValueError:
            if headers.get("Content-Length") is None:
                return b""
            return Reply(400, "bad Content-Length")
        if length < 0:
            return Reply(400, "bad Content-Length")
        if "chunked" in (headers.get("Transfer-Encoding") or "").lower():
            return b""
        if length > config.max_request:
            return Reply(413, f"the request body is over {config.max_request} bytes")
        chunks: list[bytes] = []
        got = 0
        deadline = time.monotonic() + config.header_timeout
        more = True
        while more:
            try:
                message = await asyncio.wait_for(receive(), deadline - time.monotonic())
            except TimeoutError:
                return Reply(408, f"the body did not arrive within {config.header_timeout:g} s")
            if message["type"] == "http.disconnect":
                raise ClientGone
            chunks.append(message.get("body", b""))
            got += len(chunks[-1])
            more = message.get("more_body", False)
        if got < length:
            return Reply(400, f"the body ended after {got} of {length} bytes")
        return b"".join(chunks)

    def _log(self, exchange: Exchange, scope: dict[str, Any], started: float) -> None:
        path = quote(scope["raw_path"].decode("latin-1"), safe="/-._~:@!$&'()*+,;=%")[:200]
        self.app.write_log(
            f"{time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime())}Z {exchange.status} "
            f"{(time.perf_counter() - started) * 1000:.1f}ms {exchange.command} {path} "
            f"query={exchange.hash}"
        )

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)


async def _send(send: Send, exchange: Exchange) -> None:
    """Send the answer; a connection closed under it (uvicorn then writes to a transport
    that is gone, which raises) is the client's hang-up."""
    start = {"type": "http.response.start", "status": exchange.status}
    try:
        await send({**start, "headers": exchange.reply_headers})
        await send({"type": "http.response.body", "body": exchange.reply_body})
    except (OSError, AttributeError) as exc:
        raise ClientGone from exc


def _answer(exchange: Exchange) -> None:
    """Run the route for ``exchange`` (in a thread); every failure becomes an answer."""
    try:
        routes.dispatch(exchange)
    except Reply as reply:
        exchange.send(reply.status, reply.body, reply.content_type, reply.headers)
    except Exception:
        traceback.print_exc(file=exchange.app.log)
        exchange.close_connection = True
        exchange.send(500, b"internal error; the server log has the details\n")
