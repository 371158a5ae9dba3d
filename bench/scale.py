"""Scale benchmark: the shipped graph plus N synthetic cities in an on-disk Oxigraph store.

Usage: python bench/scale.py [SIZES ...] [--no-validate]   (default: 10 130 1000)

For each size, in a fresh process (so peak memory is that size's own): generate the
cities, bulk-load ontology + data + cities into an on-disk store, materialise the
OWL 2 RL rules of ontology/rules/ with Oxigraph, answer every stored question (median
of 3), validate one synthetic city with pyshacl on an Oxigraph store, and report peak
memory. Prints one JSON line per size; bench/run.py turns them into the table and plot.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def measure(copies: int, validate: bool = True) -> dict[str, object]:
    import pyoxigraph as ox

    from jcgraph.paths import layout
    from jcgraph.pipeline.queries import bind, catalogue
    from jcgraph.pipeline.store import build_store

    where = layout()
    out: dict[str, object] = {"copies": copies}
    with tempfile.TemporaryDirectory() as tmp:
        cities = Path(tmp) / "cities.nt"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate.py"), str(copies), str(cities)],
            check=True,
            capture_output=True,
        )
        out["generate_s"] = time.perf_counter() - started
        built = build_store(Path(tmp) / "store", [cities], where=where)
        out["load_s"], out["reason_s"] = built.load_s, built.reason_s
        out["optimise_s"] = built.optimise_s
        out["asserted"], out["triples"] = built.asserted, built.asserted + built.inferred
        print(
            f"  {copies}x loaded in {out['load_s']:.1f} s, reasoned in {out['reason_s']:.1f} s",
            file=sys.stderr,
            flush=True,
        )
        # the questions run in child processes that open it read-only
        times: dict[str, float] = {}
        for stored in catalogue(where.queries):
            if stored.is_check or stored.network:
                continue
            times[stored.name] = time_question(Path(tmp) / "store", bind(stored, {}))
            print(
                f"  {copies}x {stored.name}: {times[stored.name]:.3f} s",
                file=sys.stderr,
                flush=True,
            )
        out["peak_mb"] = own_peak_mb()
        out["times"] = times
        out["cold_query_s"] = cold_query(Path(tmp) / "store")
        store = ox.Store.read_only(str(Path(tmp) / "store"))
        out["questions_s"] = sum(times.values())
        out["slowest"] = sorted(times.items(), key=lambda kv: -kv[1])[:3]
        out["over_1s"] = sum(1 for t in times.values() if t > 1)
        out["questions"] = len(times)
        if validate:
            out["validate_one_city_s"] = validate_one_city(store, where)
    out["peak_query_process_mb"] = QUERY_PEAK_KB[0] / 1024
    return out


def cold_query(store: Path, question: str = "indicators-tripled") -> float:
    """A whole `jcgraph query NAME --store DIR` from a cold start (median of 3)."""
    import statistics

    jcgraph = Path(sys.executable).with_name("jcgraph")  # the one installed beside Python
    command = [str(jcgraph), "query", question, "--store", str(store)]
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def own_peak_mb() -> float:
    """This process's peak memory. VmHWM, not ru_maxrss: Linux keeps ru_maxrss across
    fork and exec, so a child started by a large parent would report the parent's."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


LIMIT_S = 30.0
CHILD = """
import sys, time, statistics, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
text = sys.stdin.read()
runs = []
for _ in range(3):
    t = time.perf_counter()
    answer = store.query(text)
    if not isinstance(answer, ox.QueryBoolean):
        for _row in answer:
            pass
    runs.append(time.perf_counter() - t)
    if runs[-1] > 5:
        break
# VmHWM: this process's own peak (ru_maxrss would carry the parent's over from fork)
peak = next((int(line.split()[1]) for line in open("/proc/self/status")
             if line.startswith("VmHWM:")), 0)
print(statistics.median(runs), peak)
"""


QUERY_PEAK_KB = [0]  # the largest memory of a process answering one question


def time_question(store: Path, text: str) -> float:
    """The median of 3 runs (1 when slow) in a child process, killed after LIMIT_S seconds
    (a running Oxigraph query cannot be interrupted from Python); inf when killed."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(store)],
            input=text,
            capture_output=True,
            text=True,
            timeout=LIMIT_S,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return float("inf")
    seconds, peak_kb = done.stdout.split()
    QUERY_PEAK_KB[0] = max(QUERY_PEAK_KB[0], int(peak_kb))
    return float(seconds)


def validate_one_city(store: object, where: object) -> float:
    """pyshacl (rdflib store) on the ontology, the shared vocabularies and one city.

    This is how `jcgraph validate --data city.ttl` works at any scale: one city at a time
    against the shared ontology. (pyshacl can read a pyoxigraph store directly, but with
    our 111 shapes that was 14× slower than rdflib: 74 s against 5.3 s on the shipped graph.)
    """
    import pyoxigraph as ox
    import pyshacl
    from rdflib import Graph

    from jcgraph.api import shapes

    one = store.query(  # type: ignore[attr-defined]
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o "
        'FILTER(STRSTARTS(STR(?s), "https://w3id.org/jcgraph/id/synthetic/c1/")) }'
    )
    data = Graph().parse(data=ox.serialize(one, format=ox.RdfFormat.N_TRIPLES), format="nt")
    for path in where.ontology.glob("*.ttl"):  # type: ignore[attr-defined]
        data.parse(path)
    for path in sorted(where.data.glob("*.ttl")):  # type: ignore[attr-defined]
        if path.stem in ("units", "periods", "indicators", "source"):
            data.parse(path)
    shapes_graph = shapes(where)  # type: ignore[arg-type]
    started = time.perf_counter()
    pyshacl.validate(data, shacl_graph=shapes_graph, advanced=True, allow_warnings=True)
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--one":
        print(json.dumps(measure(int(argv[1]), validate="--no-validate" not in argv)))
        return 0
    flags = [a for a in argv if a.startswith("--")]
    for size in [int(a) for a in argv if not a.startswith("--")] or [10, 130, 1000]:
        subprocess.run([sys.executable, __file__, "--one", str(size), *flags], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
