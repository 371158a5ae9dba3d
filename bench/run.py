"""The benchmark behind `make bench`: cold starts, every stored question on each engine,
and validation at 1× and 10× the shipped graph. Writes bench/RESULTS.md.

Every figure is the median of several runs on this machine; nothing here is a test.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "src"))

import jcgraph  # noqa: E402
from jcgraph.queries import catalogue  # noqa: E402


def median_time(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def command(*args: str) -> Callable[[], object]:
    def run() -> object:
        return subprocess.run([str(BIN / "jcgraph"), *args], capture_output=True, check=False)

    return run


def cold_starts(question: str) -> list[tuple[str, float]]:
    command("run")()  # fill the cache first: these are warm-cache cold starts
    rows = [("jcgraph --help", median_time(command("--help"), 7))]
    for engine in ("oxigraph", "rdflib"):
        rows.append(
            (
                f"jcgraph query {question} --engine {engine}",
                median_time(command("query", question, "--engine", engine), 5),
            )
        )
    for engine in ("oxigraph", "rdflib"):
        rows.append(
            (f"jcgraph run --engine {engine}", median_time(command("run", "--engine", engine), 3))
        )
    return rows


def questions(graph: jcgraph.Graph) -> dict[str, tuple[float, list[tuple[str, float]]]]:
    stored = [q for q in catalogue(graph.where.queries) if not q.is_check]
    found = {}
    for engine in ("oxigraph", "rdflib"):
        graph.engine(engine)  # build the engine outside the timing
        each = {
            q.name: median_time(lambda q=q, e=engine: jcgraph.query(q.name, graph, engine=e), 3)
            for q in stored
        }
        total = sum(each.values())
        slowest = sorted(each.items(), key=lambda kv: -kv[1])[:3]
        found[engine] = (total, slowest)
    return found


def validation() -> list[tuple[str, str, float]]:
    rows = []
    shipped = jcgraph.load(cache=False)
    for inference in ("none", "rdfs", "owlrl"):
        rows.append(
            (
                "shipped",
                inference,
                median_time(lambda i=inference: jcgraph.validate(shipped, inference=i), 3),
            )
        )
    with tempfile.TemporaryDirectory() as tmp:
        ten = Path(tmp) / "ten.nt"
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate.py"), "10", str(ten)], check=True
        )
        for inference in ("none", "rdfs"):
            rows.append(
                (
                    "10× (synthetic)",
                    inference,
                    median_time(lambda i=inference: jcgraph.validate(data=[ten], inference=i), 1),
                )
            )
    return rows


def main() -> int:
    os.environ.setdefault("JCGRAPH_CACHE", str(ROOT / ".jcgraph-cache"))
    graph = jcgraph.load(reason="owlrl")
    stored = [q.name for q in catalogue(graph.where.queries) if not q.is_check]
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; run on {time.strftime('%Y-%m-%d')}. "
        "Medians of several runs; seconds.",
        "",
        f"Graph: {graph.asserted} asserted + {graph.inferred} inferred triples (owlrl).",
        "",
    ]
    if stored:
        lines += ["## Cold starts (warm build cache)", "", "| command | seconds |", "|---|---|"]
        lines += [f"| `{name}` | {t:.3f} |" for name, t in cold_starts(stored[0])]
        lines += [
            "",
            f"## Every stored question once ({len(stored)} questions, reasoned graph)",
            "",
            "| engine | total | slowest three |",
            "|---|---|---|",
        ]
        for engine, (total, slowest) in questions(graph).items():
            slow = ", ".join(f"{n} {t:.3f}" for n, t in slowest)
            lines.append(f"| {engine} | {total:.3f} | {slow} |")
    lines += [
        "",
        "## Validation (pyshacl on rdflib)",
        "",
        "| graph | inference | seconds |",
        "|---|---|---|",
    ]
    lines += [f"| {g} | {i} | {t:.2f} |" for g, i, t in validation()]
    text = "\n".join(lines) + "\n"
    (ROOT / "bench" / "RESULTS.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
