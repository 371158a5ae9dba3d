"""Shared fixtures: the graph is loaded and reasoned once per test session."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

import jcgraph
from jcgraph.api import Graph
from jcgraph.paths import source_article
from jcgraph.pipeline.reason import DEFAULT_PROFILE


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Each test session builds its own cache, so no test sees a stale or shared one."""
    patch = pytest.MonkeyPatch()
    patch.setenv("JCGRAPH_CACHE", str(tmp_path_factory.mktemp("cache")))
    yield
    patch.undo()


@pytest.fixture(scope="session")
def asserted() -> Graph:
    """The shipped graph without reasoning."""
    return jcgraph.load()


@pytest.fixture(scope="session")
def reasoned() -> Graph:
    """The shipped graph with its OWL 2 RL closure by the default reasoning (the rules)."""
    return jcgraph.load(reason=DEFAULT_PROFILE)


@pytest.fixture(scope="session")
def source_text() -> str:
    """The article's text, or a skip when it is not on this machine."""
    path = source_article()
    if path is None or not path.is_file():
        pytest.skip("source article not found: set JCGRAPH_SOURCE or place it at ../shared/source")
    return path.read_text(encoding="utf-8")


@dataclass
class Listener:
    """A TCP listener that records every connection and never answers."""

    port: int
    connections: list[tuple[str, int]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A silent TCP listener on a free loopback port (a stalled endpoint, or a witness)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.1)
    record = Listener(int(server.getsockname()[1]))
    stop = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, address = server.accept()
            except OSError:
                continue
            record.connections.append(address)
            held.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield record
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in held:
            connection.close()
        server.close()
