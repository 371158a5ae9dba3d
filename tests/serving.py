"""Starting ``jcgraph serve`` for tests: a subprocess on a free loopback port, always stopped."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

JCGRAPH = Path(sys.executable).with_name("jcgraph")
ENTITY = "https://w3id.org/jcgraph/id/place/jinchang"


@dataclass
class Running:
    """A server under test: its base URL and the file its log goes to."""

    url: str
    log: Path
    process: subprocess.Popen

    @property
    def endpoint(self) -> str:
        return self.url + "/sparql"

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str, headers: dict[str, str] | None = None, timeout: float = 30):
        """GET ``path``; returns (status, headers, body) whatever the status."""
        return self.request("GET", path, headers=headers, timeout=timeout)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 30,
    ):
        req = urllib.request.Request(self.url + path, data=body, method=method)
        for name, value in (headers or {}).items():
            req.add_header(name, value)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read()

    def health(self) -> dict:
        status, _, body = self.get("/health", timeout=5)
        assert status == 200
        return json.loads(body)


@contextmanager
def serve(*args: str, folder: Path, env: dict[str, str] | None = None) -> Iterator[Running]:
    """Start ``jcgraph serve --port 0 ARGS`` and stop it (and its workers) afterwards."""
    log = folder / f"serve-{time.monotonic_ns()}.log"
    command = [str(JCGRAPH), "serve", "--port", "0", *args]
    with log.open("w", encoding="utf-8") as sink:
        process = subprocess.Popen(
            command,
            stdout=sink,
            stderr=sink,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 300  # the first start may build the reasoned cache
        url = None
        while time.monotonic() < deadline and url is None:
            if process.poll() is not None:
                raise RuntimeError(f"jcgraph serve exited {process.returncode}:\n{log.read_text()}")
            match = re.search(r"listening on (http://\S+?)/ ", log.read_text(encoding="utf-8"))
            url = match[1] if match else None
            time.sleep(0.1)
        if url is None:
            raise RuntimeError(f"jcgraph serve did not start:\n{log.read_text()}")
        yield Running(url, log, process)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)


@dataclass
class Listener:
    """A TCP listener on a free loopback port that records every connection made to it."""

    port: int = 0
    connections: list[tuple[str, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(16)
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, address = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(address)
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self._socket.close()
