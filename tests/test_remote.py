"""Remote stores: publish the graph to a real Oxigraph server on loopback, then every
stored question gives the same answer there as embedded; retries never duplicate."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner
from test_queries import QUESTIONS, comparable

import jcgraph
from jcgraph.cli import cli
from jcgraph.engines.remote import RemoteEngine
from jcgraph.errors import JcgraphError
from jcgraph.export.publish import put_graph

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty, writable Oxigraph server on 127.0.0.1; yields its base URL."""
    binary = Path(sys.executable).parent / "oxigraph"
    found = str(binary) if binary.is_file() else shutil.which("oxigraph")
    if found is None:
        pytest.fail("the oxigraph server is missing: pip install -e '.[test]'")
    port = free_port()
    location = tmp_path_factory.mktemp("store")
    args = [found, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def published(store: str, reasoned) -> str:
    result = CliRunner().invoke(cli, ["publish", f"{store}/store"])
    assert result.exit_code == 0, result.output
    assert "published" in result.output
    return f"{store}/query"


def test_publishing_twice_duplicates_nothing(published, store, reasoned):
    remote = RemoteEngine(published)
    before = remote.query(COUNT).rows
    result = CliRunner().invoke(cli, ["publish", f"{store}/store"])
    assert result.exit_code == 0, result.output
    assert remote.query(COUNT).rows == before
    local = jcgraph.query(COUNT, reasoned)
    assert before == local.rows


@pytest.mark.parametrize("stored", QUESTIONS, ids=lambda q: q.name)
def test_question_answers_the_same_on_the_server(published, reasoned, stored):
    remote = jcgraph.query(stored.name, endpoint=published)
    local = jcgraph.query(stored.name, reasoned)
    assert comparable(remote) == comparable(local)


def test_cli_query_and_check_on_an_endpoint(published):
    runner = CliRunner()
    answer = runner.invoke(
        cli, ["query", "--endpoint", published, "--sparql", COUNT, "--format", "csv"]
    )
    assert answer.exit_code == 0, answer.output
    checks = runner.invoke(cli, ["check", "--endpoint", published])
    assert checks.exit_code == 0, checks.output
    assert "0 failed" in checks.output


def test_unreachable_endpoint_is_a_clear_error():
    with pytest.raises(JcgraphError, match="cannot be reached"):
        RemoteEngine(f"http://127.0.0.1:{free_port()}/query", timeout=2).query(COUNT)


class Flaky(http.server.BaseHTTPRequestHandler):
    """Answers 503 to the first two PUTs, then 204; counts what it received."""

    calls: ClassVar[list[int]] = []

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        Flaky.calls.append(1)
        self.send_response(503 if len(Flaky.calls) <= 2 else 204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_put_retries_transient_errors():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/store"
        waits: list[float] = []
        attempts = put_graph(url, "https://example.org/g", b"", sleep=waits.append)
        assert attempts == 3 and len(Flaky.calls) == 3
        assert waits == [0.5, 1.0]
    finally:
        server.shutdown()


def test_credentials_come_from_the_environment(monkeypatch):
    from jcgraph.export.publish import auth_header

    monkeypatch.delenv("JCGRAPH_TOKEN", raising=False)
    monkeypatch.delenv("JCGRAPH_USER", raising=False)
    assert auth_header() == {}
    monkeypatch.setenv("JCGRAPH_TOKEN", "secret")
    assert auth_header() == {"Authorization": "Bearer secret"}


def test_publish_to_a_store_that_never_answers_gives_up_in_time(listener):
    """Regression: publish waited 4 x 60 s for a silent server, with no --timeout and no
    word of what it was doing."""
    from click.testing import CliRunner

    from jcgraph.cli import cli

    result = CliRunner().invoke(
        cli, ["publish", listener.url, "--reason", "none", "--timeout", "0.3"]
    )
    assert result.exit_code == 2, result.output
    assert "cannot be reached after 4 attempts (0.3 s each)" in result.stderr
    assert "PUT https://w3id.org/jcgraph/graph/" in result.stderr  # it said what it was doing
