"""Servers for the linking tests, on loopback only: an Oxigraph SPARQL server holding the
Wikidata-shaped test graph, and small listeners that record, stall or answer garbage.

Every server is started with bounded waits and stopped in a ``finally``; nothing here
reaches beyond 127.0.0.1.
"""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).parent
TEST_GRAPH = HERE / "wd-test.ttl"
TEST_PROFILE = HERE / "wd-test.toml"
EXPECTED = HERE / "expected.sssom.tsv"
GOLD = HERE / "gold.tsv"
# A fixed day for the SSSOM mapping_date, so outputs compare byte for byte.
EPOCH = "1767225600"  # 2026-01-01


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def oxigraph_binary() -> Path:
    """The ``oxigraph`` command of the PyPI package (the ``test`` extra), beside Python."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = beside if beside.is_file() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the oxigraph server is missing: pip install -e '.[test]'")
    return Path(found)


@dataclass
class Server:
    """A running SPARQL server."""

    url: str
    process: subprocess.Popen[bytes]


def _wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    query = urllib.request.Request(
        url + "?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"}
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph exited with {process.returncode}")
        try:
            with opener.open(query, timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"oxigraph did not answer at {url} within {seconds} s")


@contextmanager
def oxigraph_serving(graph: Path, location: Path) -> Iterator[Server]:
    """Oxigraph serving ``graph`` read-only on 127.0.0.1 and a free port."""
    binary = oxigraph_binary()
    subprocess.run(
        [str(binary), "load", "--location", str(location), "--file", str(graph)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    port = free_port()
    process = subprocess.Popen(
        [
            str(binary),
            "serve-read-only",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout-s",
            "30",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/query"
        _wait_until_up(url, process, 15)
        yield Server(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def wd_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Oxigraph serving the test graph read-only on 127.0.0.1 and a free port."""
    with oxigraph_serving(TEST_GRAPH, tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


@pytest.fixture(scope="session")
def linked_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A stand-in for Wikidata holding the items our reviewed links name, with test
    values (tests/linking/wd-linked.ttl), on 127.0.0.1."""
    with oxigraph_serving(HERE / "wd-linked.ttl", tmp_path_factory.mktemp("linked")) as server:
        yield server


Handler = Callable[[http.server.BaseHTTPRequestHandler], None]


@pytest.fixture
def http_stub() -> Iterator[Callable[[Handler], str]]:
    """Start a tiny HTTP server on loopback whose POST handler the test supplies."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(handle: Handler) -> str:
        class Stub(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                self.rfile.read(length)
                handle(self)

            def log_message(self, *args: object) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Stub)
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}/sparql"

    try:
        yield start
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


@pytest.fixture
def unused_port() -> int:
    """A loopback port nothing listens on: an endpoint that is down."""
    return free_port()
