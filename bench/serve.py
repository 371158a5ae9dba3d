"""Benchmark of `jcgraph serve` (not a test): requests per second and latency for one small
stored question, with 1, 4 and 16 concurrent clients on loopback, on both engines, and
the same question on `oxigraph serve` over the same graph, with the ratio between them.

    .venv/bin/python bench/serve.py [--question NAME] [--seconds 5] [--workers 2]

Each client is a thread with its own keep-alive connection that asks the question again
and again for a fixed time; every figure is from this machine and prints as Markdown.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

JCGRAPH = Path(sys.executable).with_name("jcgraph")
CLIENTS = (1, 4, 16)


def start(engine: str, workers: int, log: Path) -> tuple[subprocess.Popen, str, int]:
    """Start the server on a free port; return the process, host and port."""
    sink = log.open("w", encoding="utf-8")
    process = subprocess.Popen(
        [str(JCGRAPH), "serve", "--port", "0", "--engine", engine, "--workers", str(workers)],
        stdout=sink,
        stderr=sink,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        match = re.search(r"listening on http://([\d.]+):(\d+)/ ", log.read_text("utf-8"))
        if match:
            return process, match[1], int(match[2])
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    raise SystemExit(f"the server did not start:\n{log.read_text('utf-8')}")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def ask(conn: http.client.HTTPConnection, path: str) -> int:
    conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
    response = conn.getresponse()
    response.read()
    return response.status


def fastest(host: str, port: int, names: list[str] | None = None, keep: int = 1) -> list[str]:
    """The ``keep`` stored questions (not checks) among ``names`` the server answers fastest."""
    conn = http.client.HTTPConnection(host, port, timeout=60)
    if names is None:
        conn.request("GET", "/queries", headers={"Accept": "application/json"})
        names = [q["name"] for q in json.loads(conn.getresponse().read()) if not q["check"]]
    timings = []
    for name in names:
        started = time.perf_counter()
        status = ask(conn, f"/queries/{name}")
        if status == 200:
            timings.append((time.perf_counter() - started, name))
    conn.close()
    if not timings:
        raise SystemExit("no stored question answered")
    return [name for _, name in sorted(timings)[:keep]]


def load(host: str, port: int, path: str, clients: int, seconds: float) -> dict[str, float]:
    """``clients`` threads asking ``path`` for ``seconds``; throughput and latencies."""
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    start_line = threading.Barrier(clients + 1)
    go = threading.Event()
    stop_at = [0.0]

    def client() -> None:
        nonlocal failures
        conn = http.client.HTTPConnection(host, port, timeout=60)
        ask(conn, path)  # warm the connection
        mine: list[float] = []
        bad = 0
        start_line.wait()
        go.wait()
        while time.perf_counter() < stop_at[0]:
            t0 = time.perf_counter()
            status = ask(conn, path)
            mine.append(time.perf_counter() - t0)
            bad += status != 200
        conn.close()
        with lock:
            latencies.extend(mine)
            failures += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start_line.wait()  # every client is connected and warm
    began = time.perf_counter()
    stop_at[0] = began + seconds
    go.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": pct(0.50),
        "p99": pct(0.99),
        "failures": failures,
    }


def choose_question(folder: Path, workers: int) -> str:
    """A question small on both engines: the five fastest on Oxigraph, then the fastest of
    those on rdflib (a question fast on one engine can be slow on the other)."""
    candidates: list[str] | None = None
    for engine in ("oxigraph", "rdflib"):
        process, host, port = start(engine, workers, folder / f"choose-{engine}.log")
        try:
            candidates = fastest(host, port, candidates, keep=5)
        finally:
            stop(process)
    assert candidates
    return candidates[0]


def measure(engine: str, question: str, folder: Path, options: argparse.Namespace) -> list:
    """One row per number of clients, on a fresh server of ``engine``."""
    rows = []
    process, host, port = start(engine, options.workers, folder / f"{engine}.log")
    try:
        for clients in CLIENTS:
            found = load(host, port, f"/queries/{question}", clients, options.seconds)
            rows.append((engine, clients, found))
            print(f"{engine} x{clients}: {found['rps']:.1f} req/s", file=sys.stderr, flush=True)
    finally:
        stop(process)
    return rows


def measure_oxigraph_serve(question: str, folder: Path, options: argparse.Namespace) -> list:
    """The same question, as the SPARQL it binds to, on `oxigraph serve-read-only` over a
    store of the same graph (made by `jcgraph store`): the reference for throughput."""
    import socket
    import urllib.parse

    from jcgraph.paths import layout
    from jcgraph.pipeline.queries import bind, find

    store = folder / "store"
    subprocess.run([str(JCGRAPH), "store", str(store)], check=True, capture_output=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            str(JCGRAPH.with_name("oxigraph")),
            "serve-read-only",
            "--location",
            str(store),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    sparql = bind(find(layout().queries, question), {})
    path = "/query?" + urllib.parse.urlencode({"query": sparql})
    rows = []
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        for clients in CLIENTS:
            found = load("127.0.0.1", port, path, clients, options.seconds)
            rows.append(("oxigraph serve", clients, found))
            print(f"oxigraph serve x{clients}: {found['rps']:.1f} req/s", file=sys.stderr)
    finally:
        server.terminate()
        server.wait()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--question", help="stored question to ask (default: a small one)")
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per measurement")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        question = options.question or choose_question(folder, options.workers)
        rows = [
            row for e in ("oxigraph", "rdflib") for row in measure(e, question, folder, options)
        ]
        reference = measure_oxigraph_serve(question, folder, options)
    print(
        f"`jcgraph serve --workers {options.workers}`, stored question `{question}`, "
        f"{options.seconds:g} s per row, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, loopback, keep-alive clients\n"
    )
    print("| engine | clients | requests | req/s | p50 ms | p99 ms | failed |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for engine, clients, found in rows + reference:
        print(
            f"| {engine} | {clients} | {found['requests']:.0f} | {found['rps']:.1f} | "
            f"{found['p50']:.1f} | {found['p99']:.1f} | {found['failures']:.0f} |"
        )
    ours = {clients: found["rps"] for engine, clients, found in rows if engine == "oxigraph"}
    print("\n| clients | jcgraph serve (Oxigraph) / oxigraph serve |")
    print("|---:|---:|")
    for _, clients, found in reference:
        print(f"| {clients} | {ours[clients] / found['rps']:.2f} |")


if __name__ == "__main__":
    main()
