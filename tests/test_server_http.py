"""The server's HTTP layer (uvicorn, with the deadlines and limits ``serve.connection`` adds),
driven with raw sockets, so that what a hostile or unusual client sends is exactly what
the test says."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from serving import serve

from jcgraph.pipeline.store import build_store


@pytest.fixture(scope="module")
def server(reasoned, tmp_path_factory):
    with serve("--header-timeout", "1", folder=tmp_path_factory.mktemp("serve-http")) as running:
        yield running


def exchange(running, data: bytes, *, half_close: bool = False, timeout: float = 20) -> bytes:
    """Send ``data`` on a fresh connection and read until the server closes it."""
    host, port = running.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as raw:
        raw.sendall(data)
        if half_close:
            raw.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := raw.recv(65536):
            answer += chunk
    return answer


def test_a_client_that_half_closes_after_its_request_still_gets_the_answer(server):
    """uvicorn on its own closes a connection whose client has stopped sending, and the
    answer is lost; a client such as ``nc -N`` does exactly that."""
    answer = exchange(
        server,
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Accept: application/sparql-results+json\r\nContent-Length: 6\r\n\r\nASK {}",
        half_close=True,
    )
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), answer
    assert json.loads(body)["boolean"] is True


def test_headers_past_64_kib_are_refused_but_a_large_body_is_not(server):
    answer = exchange(server, b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70_000)
    assert answer.startswith(b"HTTP/1.1 431"), answer[:200]
    body = b"query=" + b"ASK%20%7B%7D" + b"%20" * 30_000  # about 90 KB, in one packet
    answer = exchange(
        server,
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body),
    )
    assert answer.startswith(b"HTTP/1.1 200"), answer[:300]


def test_a_connection_that_sends_nothing_is_closed_at_the_deadline(server):
    started = time.monotonic()
    assert exchange(server, b"") == b""
    assert time.monotonic() - started < 5  # the deadline is 1 s; the reading ends soon after


def test_the_second_request_on_a_connection_has_a_deadline_too(server):
    """After a first answer, a request that dribbles in is cut like a first one."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=20) as raw:
        raw.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        first = b""
        while b"\r\n\r\n" not in first or not first.endswith(b"}"):  # the whole answer
            first += raw.recv(65536)
        assert first.startswith(b"HTTP/1.1 200")
        raw.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        started = time.monotonic()
        rest = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := raw.recv(65536):
                rest += chunk
        assert rest == b"" and time.monotonic() - started < 5


def test_raw_utf8_and_bad_bytes_in_the_path(server):
    """Raw UTF-8 in the path is read as UTF-8 (a 404 for an IRI we do not have, not a
    parser error); bytes that are not UTF-8 are a 400 that says so."""
    answer = exchange(server, "GET /id/金川 HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 404"), answer[:200]
    answer = exchange(server, b"GET /id/%FF%FE HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400") and b"not UTF-8" in answer, answer[:300]
    answer = exchange(server, b"GET /id/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400") and b"not UTF-8" in answer, answer[:300]


def test_pipelined_requests_are_answered_in_order(server):
    answer = exchange(
        server,
        b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
        b"GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    assert answer.startswith(b"HTTP/1.1 200")
    assert answer.count(b"HTTP/1.1 ") == 2 and b"HTTP/1.1 404" in answer


def _workers(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(p) for p in found.stdout.split()]


def test_health_says_why_replacements_fail(tmp_path: Path):
    """Regression (finding 5): a pool whose replacements cannot start looked healthy. Here
    the store moves away, a worker dies, and /health says degraded and why, then recovers
    when the store is back."""
    store = tmp_path / "store"
    build_store(store)
    with serve("--store", str(store), "--workers", "1", folder=tmp_path) as running:
        assert running.health()["status"] == "ok"
        store.rename(tmp_path / "moved")
        for pid in _workers(running.process.pid):
            os.kill(pid, signal.SIGKILL)
        status, _, _ = running.get("/sparql?query=ASK%7B%7D")
        assert status == 503
        for _ in range(100):
            health = running.health()
            if health["failed_starts"]:
                break
            time.sleep(0.1)
        assert health["status"] == "degraded" and health["alive"] == 0
        assert health["died"] == 1 and health["start_error"], health
        (tmp_path / "moved").rename(store)
        for _ in range(150):  # the retries back off: 0.5 s, 1 s, 2 s ...
            health = running.health()
            if health["status"] == "ok":
                break
            time.sleep(0.1)
        assert health["status"] == "ok" and health["start_error"] is None, health
        status, _, _ = running.get("/sparql?query=ASK%7B%7D")
        assert status == 200
