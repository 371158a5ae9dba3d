"""Cold-start figures (part of `make bench`, also runnable alone): what a new user waits for.

    .venv/bin/python bench/cold.py [QUESTION]

- the first `jcgraph run` on an empty build cache (everything built, reasoned, validated
  and asked), and a second one;
- `jcgraph validate` in a fresh process: with the build cached but no stored report, and
  with the report cached;
- a stored question in a fresh process against its floor: a fresh Python that loads the
  cached Oxigraph dump into pyoxigraph and runs the same query text, nothing else.

Each figure is the median of several runs, in seconds, printed as Markdown. jcgraph's
modules are byte-compiled first, as an install or a first import leaves them: where
``PYTHONDONTWRITEBYTECODE`` is set, each run would otherwise compile them again (about
0.06 s measured here), which is a setting of the machine, not a cost of jcgraph.
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def timed(
    args: list[str], env: dict[str, str], repeats: int = 1, before: Callable[[], object] = str
) -> float:
    times = []
    for _ in range(repeats):
        before()
        started = time.perf_counter()
        subprocess.run(args, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def rows(question: str = "firsts") -> list[tuple[str, float]]:
    compileall.compile_dir(ROOT / "src" / "jcgraph", quiet=1)
    cache = Path(tempfile.mkdtemp(prefix="jcgraph-cold-"))
    env = {**os.environ, "JCGRAPH_CACHE": str(cache)}
    jcgraph = str(BIN / "jcgraph")
    found = [
        ("first `jcgraph run` (empty build cache)", timed([jcgraph, "run"], env)),
        ("second `jcgraph run`", timed([jcgraph, "run"], env, 3)),
    ]

    def forget_reports() -> None:
        for report in cache.rglob("validation-*"):
            shutil.rmtree(report)

    uncached = timed([jcgraph, "validate"], env, 5, before=forget_reports)
    found.append(("`jcgraph validate`, build cached, report not", uncached))
    found.append(("`jcgraph validate`, report cached", timed([jcgraph, "validate"], env, 5)))
    ours = timed([jcgraph, "query", question, "--format", "csv"], env, 7)
    found.append((f"`jcgraph query {question}`", ours))
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["JCGRAPH_CACHE"] = str(cache)
    import jcgraph as api

    graph = api.load(reason="rules")
    assert graph.entry is not None
    text = (graph.where.queries / f"{question}.rq").read_text("utf-8")
    floor_code = (
        "import sys, pyoxigraph\n"
        "store = pyoxigraph.Store()\n"
        "store.bulk_load(path=sys.argv[1], format=pyoxigraph.RdfFormat.N_QUADS)\n"
        "rows = list(store.query(sys.argv[2]))\n"
    )
    floor = timed([sys.executable, "-c", floor_code, str(graph.entry.oxigraph), text], env, 7)
    found.append(("floor: fresh Python, pyoxigraph loads the dump, same query", floor))
    found.append((f"`jcgraph query {question}` ÷ floor", ours / floor))
    shutil.rmtree(cache, ignore_errors=True)
    return found


def main() -> int:
    question = sys.argv[1] if len(sys.argv) > 1 else "firsts"
    print("| what | seconds |\n|---|---:|")
    for name, value in rows(question):
        print(f"| {name} | {value:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
