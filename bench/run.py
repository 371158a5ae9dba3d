"""The benchmark behind `make bench`: cold starts, reasoning, every stored question on
each engine, validation, and the scale runs of bench/scale.py (10×, 100×, 1000× the
shipped graph). Writes bench/RESULTS.md and bench/scale.svg (time against size, log-log).

Usage: python bench/run.py [SIZES ...]   (default sizes: 10 100 1000)

Every figure is the median of several runs on this machine; nothing here is a test.
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import subprocess
import sys
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
    stored = [q for q in catalogue(graph.where.queries) if not q.is_check and not q.network]
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
    # 10×: in a child process with a time limit, since pyshacl grows faster than linearly.
    for inference in ("none", "rdfs"):
        code = (
            "import sys, time, tempfile, subprocess, pathlib\n"
            f"sys.path.insert(0, {str(ROOT / 'src')!r})\n"
            "import jcgraph\n"
            "ten = pathlib.Path(tempfile.mkdtemp()) / 'ten.nt'\n"
            f"subprocess.run([sys.executable, {str(ROOT / 'bench' / 'generate.py')!r}, '10',"
            " str(ten)], check=True, capture_output=True)\n"
            "t = time.perf_counter()\n"
            f"jcgraph.validate(data=[ten], inference={inference!r})\n"
            "print(time.perf_counter() - t)\n"
        )
        try:
            done = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, timeout=300
            )
            rows.append(("10× (synthetic)", inference, float(done.stdout.strip())))
        except (subprocess.TimeoutExpired, ValueError):
            rows.append(("10× (synthetic)", inference, float("inf")))
    return rows


def reasoning() -> list[tuple[str, float, int]]:
    from jcgraph.loading import load, union
    from jcgraph.reasoning import closure

    asserted = union(load())
    rows = []
    for profile, repeats in (("rules", 3), ("rdfs", 1), ("owlrl", 1)):
        t = median_time(lambda p=profile: closure(asserted, p), repeats)
        rows.append((profile, t, len(closure(asserted, profile))))
    return rows


def rdflib_at(copies: int, limit: float = 300.0) -> str:
    """rdflib loading and answering every question at ``copies``×, in a child process."""
    code = f"""
import sys, time, subprocess, tempfile, pathlib
sys.path.insert(0, {str(ROOT / "src")!r})
import jcgraph
from jcgraph.api import Graph
from jcgraph.paths import layout
from jcgraph.queries import catalogue
from jcgraph.reasoning import closure
from jcgraph.loading import load, union
tmp = pathlib.Path(tempfile.mkdtemp()) / "c.nt"
subprocess.run([sys.executable, {str(ROOT / "bench" / "generate.py")!r}, "{copies}", str(tmp)],
               check=True, capture_output=True)
t = time.perf_counter()
graph = jcgraph.load(layout().graph_files() + [tmp], cache=False)
load_s = time.perf_counter() - t
t = time.perf_counter()
graph.dataset.graph("https://w3id.org/jcgraph/graph/inferred").parse(
    data=closure(union(graph.dataset), "rules").serialize(format="nt"), format="nt")
reason_s = time.perf_counter() - t
t = time.perf_counter()
for q in catalogue(layout().queries):
    if not q.is_check and not q.network:
        jcgraph.query(q.name, graph, engine="rdflib")
took = time.perf_counter() - t
print(f"load {{load_s:.1f}} s, rules {{reason_s:.1f}} s, questions {{took:.1f}} s")
"""
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=limit
        )
    except subprocess.TimeoutExpired:
        return f"not finished within {limit:.0f} s"
    return done.stdout.strip() or done.stderr.strip().splitlines()[-1]


def scale(sizes: list[int]) -> list[dict[str, object]]:
    rows = []
    for size in sizes:
        done = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "scale.py"), "--one", str(size)]
            + ([] if size <= 10 else ["--no-validate"]),
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return rows


def plot(rows: list[dict[str, object]], path: Path) -> None:
    """Time against size, log-log, one line per step: a small hand-written SVG."""
    steps = [
        ("load_s", "load (bulk loader)", "#1f77b4"),
        ("reason_s", "reason (rules)", "#d62728"),
        ("questions_s", "all questions", "#2ca02c"),
        ("validate_one_city_s", "validate one city", "#9467bd"),
    ]
    points = {
        key: [
            (float(str(r["triples"])), float(str(r[key])))
            for r in rows
            if key in r and math.isfinite(float(str(r[key])))
        ]
        for key, _, _ in steps
    }
    xs = [x for series in points.values() for x, _ in series]
    ys = [y for series in points.values() for _, y in series if y > 0]
    if not xs or not ys:
        return
    x0, x1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    width, height, pad = 640, 420, 60

    def px(x: float) -> float:
        return pad + (math.log10(x) - x0) / max(x1 - x0, 1) * (width - 2 * pad)

    def py(y: float) -> float:
        return (
            height - pad - (math.log10(max(y, 10**y0)) - y0) / max(y1 - y0, 1) * (height - 2 * pad)
        )

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    for e in range(x0, x1 + 1):
        x = px(10**e)
        out.append(f'<line x1="{x}" y1="{pad}" x2="{x}" y2="{height - pad}" stroke="#ddd"/>')
        out.append(f'<text x="{x}" y="{height - pad + 16}" text-anchor="middle">1e{e}</text>')
    for e in range(y0, y1 + 1):
        y = py(10**e)
        out.append(f'<line x1="{pad}" y1="{y}" x2="{width - pad}" y2="{y}" stroke="#ddd"/>')
        out.append(f'<text x="{pad - 6}" y="{y + 4}" text-anchor="end">1e{e} s</text>')
    out.append(f'<text x="{width / 2}" y="{height - 12}" text-anchor="middle">triples (log)</text>')
    for n, (key, label, colour) in enumerate(steps):
        series = points[key]
        if not series:
            continue
        path_d = " ".join(
            f"{'M' if i == 0 else 'L'}{px(x):.1f},{py(y):.1f}" for i, (x, y) in enumerate(series)
        )
        out.append(f'<path d="{path_d}" fill="none" stroke="{colour}" stroke-width="2"/>')
        out += [
            f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{colour}"/>' for x, y in series
        ]
        out.append(f'<text x="{pad + 10}" y="{pad - 30 + 14 * n}" fill="{colour}">{label}</text>')
    out.append("</svg>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def main() -> int:
    args = sys.argv[1:]
    saved = None
    if "--scale-json" in args:  # reuse scale runs already made by bench/scale.py
        at = args.index("--scale-json")
        saved = Path(args[at + 1])
        del args[at : at + 2]
    sizes = [int(a) for a in args] or [10, 100, 1000]
    os.environ.setdefault("JCGRAPH_CACHE", str(ROOT / ".jcgraph-cache"))
    graph = jcgraph.load(reason="owlrl")
    stored = [q.name for q in catalogue(graph.where.queries) if not q.is_check and not q.network]
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
    lines += [
        "",
        "## Reasoning on the shipped graph",
        "",
        "| profile | seconds | triples inferred |",
        "|---|---|---|",
    ]
    lines += [f"| {p} | {t:.2f} | {n} |" for p, t, n in reasoning()]
    if saved is not None:
        rows = [json.loads(line) for line in saved.read_text("utf-8").splitlines() if line.strip()]
    else:
        rows = scale(sizes)
    lines += [
        "",
        "## Scale: shipped graph + N synthetic cities, Oxigraph on-disk store",
        "",
        "| cities | triples (asserted → with rules) | load | reason (rules) | all questions | "
        "questions over 1 s | slowest three | validate one city (pyshacl) | peak memory "
        "(loader / query process) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        slow = ", ".join(f"{n} {t:.2f}" for n, t in r["slowest"])  # type: ignore[attr-defined]
        lines.append(
            f"| {r['copies']} | {r['asserted']} → {r['triples']} | {r['load_s']:.1f} | "
            f"{r['reason_s']:.1f} | {r['questions_s']:.2f} | {r['over_1s']} of {r['questions']} | "
            f"{slow} | {r.get('validate_one_city_s', float('nan')):.1f} | "
            f"{r['peak_mb']:.0f} / {r['peak_query_process_mb']:.0f} MB |"
        )
    lines += ["", "rdflib at 10×: " + rdflib_at(10), "", "![time against size](scale.svg)"]
    plot(rows, ROOT / "bench" / "scale.svg")
    text = "\n".join(lines) + "\n"
    (ROOT / "bench" / "RESULTS.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
