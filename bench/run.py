"""The benchmark behind `make bench`: cold starts, reasoning, every stored question on
each engine, validation, and the scale runs of bench/scale.py (10×, 130×, 1000× the
shipped graph: about 90k, 1M and 7.8M triples). Writes bench/RESULTS.md and
bench/scale.svg (time against size, log-log).

Usage: python bench/run.py [SIZES ...] [--scale-json FILE] [--no-rdflib]
  --scale-json FILE  use scale runs already made by bench/scale.py (JSON lines)
  --no-rdflib        skip rdflib at 10× (minutes)

Every figure is the median of several runs on this machine; nothing here is a test.
"""

from __future__ import annotations

import itertools
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
from jcgraph.pipeline.queries import catalogue  # noqa: E402
from jcgraph.progress import bar  # noqa: E402


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
            for q in bar(stored, f"questions on {engine}", unit="question")
        }
        total = sum(each.values())
        slowest = sorted(each.items(), key=lambda kv: -kv[1])[:3]
        found[engine] = (total, slowest)
    return found


def validation() -> list[str]:
    """The table of bench/validators.py: jcgraph's validator, pyshacl and Jena side by side."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "validators.py")],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()


def reasoning() -> list[tuple[str, float, int]]:
    from jcgraph.pipeline.load import load, union
    from jcgraph.pipeline.reason import closure

    asserted = union(load())
    rows = []
    for profile, repeats in (("rules", 3), ("rdfs", 1), ("owlrl", 1)):
        t = median_time(lambda p=profile: closure(asserted, p), repeats)
        rows.append((profile, t, len(closure(asserted, profile))))
    return rows


RDFLIB_CHILD = """
import sys, time, subprocess, tempfile, pathlib
sys.path.insert(0, sys.argv[1])
import jcgraph
from jcgraph.paths import layout
from jcgraph.pipeline.queries import catalogue
from jcgraph.pipeline.reason import closure
from jcgraph.pipeline.load import union
skip = set(sys.argv[4:])
tmp = pathlib.Path(tempfile.mkdtemp()) / "c.nt"
subprocess.run([sys.executable, sys.argv[2], sys.argv[3], str(tmp)], check=True,
               capture_output=True)
t = time.perf_counter()
graph = jcgraph.load(layout().graph_files() + [tmp], cache=False)
graph.dataset.graph("https://w3id.org/jcgraph/graph/inferred").parse(
    data=closure(union(graph.dataset), "rules").serialize(format="nt"), format="nt")
print("loaded", time.perf_counter() - t, flush=True)
for q in catalogue(layout().queries):
    if not q.is_check and not q.network and q.name not in skip:
        print("start", q.name, flush=True)
        t = time.perf_counter()
        jcgraph.query(q.name, graph, engine="rdflib")
        print("done", q.name, time.perf_counter() - t, flush=True)
"""


def rdflib_at(copies: int, limit: float = 30.0) -> dict[str, float]:
    """rdflib answering each question once at ``copies``×: seconds per question (inf when
    it ran past ``limit``), plus "load" (parse and rules). One child loads the graph and
    answers in turn; a question that runs past the limit is killed with its child, and a
    new child goes on with the rest."""
    import queue
    import threading

    times: dict[str, float] = {}
    while True:
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                RDFLIB_CHILD,
                str(ROOT / "src"),
                str(ROOT / "bench" / "generate.py"),
                str(copies),
                *times,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        lines: queue.Queue[str] = queue.Queue()

        def pump(out: object = child.stdout, into: queue.Queue[str] = lines) -> None:
            for line in out:  # type: ignore[attr-defined]
                into.put(line)
            into.put("")  # the child has ended

        threading.Thread(target=pump, daemon=True).start()
        running = None
        while True:
            try:  # loading has its own, longer allowance; each question gets ``limit``
                line = lines.get(timeout=limit if running else 600)
            except queue.Empty:
                child.kill()
                child.wait()
                times[running or "load"] = float("inf")
                break
            if not line:
                child.wait()
                return times
            kind, _, rest = line.strip().partition(" ")
            if kind == "loaded":
                times.setdefault("load", float(rest))
            elif kind == "start":
                running = rest
            elif kind == "done":
                name, seconds = rest.rsplit(" ", 1)
                times[name], running = float(seconds), None
        if times.get("load") == float("inf"):
            return times


def scale(sizes: list[int]) -> list[dict[str, object]]:
    rows = []
    for size in bar(sizes, "scaled graphs", unit="graph"):
        done = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "scale.py"), "--one", str(size)]
            + ([] if size <= 10 else ["--no-validate"]),
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return rows


def growth(rows: list[dict[str, object]]) -> list[str]:
    """How each step grows: the slope of log(time) against log(triples) between sizes
    (1 is linear, 2 quadratic)."""
    steps = [("load_s", "load"), ("reason_s", "reason (rules)"), ("questions_s", "all questions")]
    ordered = sorted(rows, key=lambda r: float(str(r["triples"])))
    pairs = list(itertools.pairwise(ordered))
    if not pairs:
        return []
    out = [
        "## Growth between sizes (slope of log time against log triples; 1 = linear)",
        "",
        "| step | " + " | ".join(f"{a['copies']}× → {b['copies']}×" for a, b in pairs) + " |",
        "|---|" + "---|" * len(pairs),
    ]
    for key, label in steps:
        cells = []
        for a, b in pairs:
            ta, tb = float(str(a.get(key, "nan"))), float(str(b.get(key, "nan")))
            na, nb = float(str(a["triples"])), float(str(b["triples"]))
            ok = all(math.isfinite(v) and v > 0 for v in (ta, tb))
            cells.append(f"{math.log(tb / ta) / math.log(nb / na):.2f}" if ok else "–")
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    return out


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
    sizes = [int(a) for a in args if not a.startswith("--")] or [10, 130, 1000]
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
        import cold  # bench/cold.py: a new user's first run, validate and the query floor

        lines += ["", "## A new user's first minutes", "", "| what | seconds |", "|---|---:|"]
        lines += [f"| {name} | {value:.2f} |" for name, value in cold.rows()]
        lines += [
            "",
            f"## Every stored question once ({len(stored)} questions, reasoned graph)",
            "",
            "| engine | total | slowest three | total ÷ Oxigraph's |",
            "|---|---|---|---|",
        ]
        found = questions(graph)
        for engine, (total, slowest) in found.items():
            slow = ", ".join(f"{n} {t:.3f}" for n, t in slowest)
            ratio = total / found["oxigraph"][0]
            lines.append(f"| {engine} | {total:.3f} | {slow} | {ratio:.0f}× |")
    lines += [
        "",
        "## Validation: jcgraph's validator, pyshacl and Apache Jena (`bench/validators.py`)",
        "",
        "Each run is a process of its own (`jcgraph validate --data …`, or Jena's `shacl "
        "validate`); peak memory is its max RSS; a run over 300 s is stopped (∞).",
        "",
    ]
    lines += validation()
    lines += [
        "",
        "## Reasoning on the shipped graph",
        "",
        "| profile | seconds | triples inferred |",
        "|---|---|---|",
    ]
    lines += [f"| {p} | {t:.2f} | {n} |" for p, t, n in reasoning()]
    import extract  # bench/extract.py: the extractor scored on our own article

    lines += extract.markdown()
    if saved is not None:
        rows = [json.loads(line) for line in saved.read_text("utf-8").splitlines() if line.strip()]
    else:
        rows = scale(sizes)
        runs = ROOT / "bench" / "scale-runs.jsonl"  # kept, so --scale-json can reuse them
        runs.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    lines += [
        "",
        "## Scale: shipped graph + N synthetic cities, `jcgraph store` (Oxigraph on disk)",
        "",
        "| cities | triples (asserted → with rules) | load | reason (rules) | compact | "
        "all questions | "
        "questions over 1 s | slowest three | cold `query --store` | validate one city "
        "(pyshacl) | peak memory (build / largest query process) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        slow = ", ".join(f"{n} {t:.2f}" for n, t in r["slowest"])  # type: ignore[attr-defined]
        lines.append(
            f"| {r['copies']} | {r['asserted']:,} → {r['triples']:,} | {r['load_s']:.1f} | "
            f"{r['reason_s']:.1f} | {r.get('optimise_s', float('nan')):.1f} | "
            f"{r['questions_s']:.2f} | {r['over_1s']} of {r['questions']} | "
            f"{slow} | {r.get('cold_query_s', float('nan')):.2f} | "
            f"{r.get('validate_one_city_s', float('nan')):.1f} | "
            f"{r['peak_mb']:.0f} / {r['peak_query_process_mb']:.0f} MB |"
        )
    with_times = [r for r in rows if "times" in r]
    rdflib_10 = rdflib_at(10) if "--no-rdflib" not in args else {}
    ten = next((r for r in with_times if r["copies"] == 10), None)
    lines += [
        "",
        "## Each question at each size (Oxigraph: median of 3, or one run when a run "
        "took over 5 s; rdflib: once, at 10×)",
        "",
        f"rdflib at 10×: parse and rules {rdflib_10.get('load', float('nan')):.1f} s; "
        "each question in turn, killed after 30 s (∞).",
        "",
        "| question | "
        + " | ".join(f"{r['copies']}×" for r in with_times)
        + " | rdflib 10× | rdflib ÷ Oxigraph at 10× |",
        "|---|" + "---|" * (len(with_times) + 2),
    ]
    for name in stored:
        cells = [f"{r['times'].get(name, float('nan')):.3f}" for r in with_times]  # type: ignore[attr-defined]
        slow = rdflib_10.get(name, float("nan"))
        fast = ten["times"].get(name, float("nan")) if ten else float("nan")  # type: ignore[attr-defined]
        ratio = f"{slow / fast:.0f}×" if math.isfinite(slow) and fast > 0 else "–"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {slow:.2f} | {ratio} |")
    lines += ["", "![time against size](scale.svg)", ""]
    lines += growth(rows)
    notes = ROOT / "bench" / "explain.md"  # written by hand after reading the figures
    if notes.is_file():
        lines += ["", notes.read_text(encoding="utf-8").rstrip()]
    plot(rows, ROOT / "bench" / "scale.svg")
    text = "\n".join(lines) + "\n"
    (ROOT / "bench" / "RESULTS.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
