"""Validation side by side: jcgraph's validator, pyshacl and Apache Jena on the same inputs.

Usage: python bench/validators.py [SIZES...]   (default: 0 1 10 130; 0 is the shipped graph)

Each engine validates the ontology, data/ and N synthetic cities (bench/generate.py) in a
process of its own; we measure its wall time and peak memory (the child's max RSS from
wait4) and count the results it reports. jcgraph and pyshacl run as `jcgraph validate
--data …` (with `--validator pyshacl` for the latter); Jena runs its `shacl validate`
command (Debian's libapache-jena-java) on one merged N-Triples file that also holds the
kind classes jcgraph infers before validating, so all three see the same triples.
A run over TIMEOUT seconds is stopped and shown as ∞. Prints a Markdown table.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 300.0
PYSHACL_UP_TO = 10  # cities: beyond, pyshacl only times out
sys.path.insert(0, str(ROOT / "tests"))


def timed(command: list[str]) -> tuple[float, float, bytes]:
    """Seconds, peak MiB and standard output of ``command`` (∞ past TIMEOUT)."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
        while True:
            pid, _status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > TIMEOUT:
                child.kill()
                os.wait4(child.pid, 0)
                return float("inf"), float("nan"), b""
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        out.seek(0)
        return seconds, usage.ru_maxrss / 1024, out.read()


def inputs(size: int, folder: Path) -> list[Path]:
    files = sorted((ROOT / "data").glob("*.ttl"))
    if size:
        cities = folder / f"cities-{size}.nt"
        generate = [sys.executable, str(ROOT / "bench" / "generate.py"), str(size), str(cities)]
        subprocess.run(generate, check=True, capture_output=True)
        files.append(cities)
    return files


def jcgraph_run(files: list[Path], validator: str) -> tuple[float, float, int]:
    command = [str(Path(sys.executable).with_name("jcgraph")), "validate", "--format", "json"]
    command += ["--validator", validator]
    for path in files:
        command += ["--data", str(path)]
    seconds, mib, out = timed(command)
    found = len(json.loads(out)["findings"]) if out else -1
    return seconds, mib, found


def jena_run(files: list[Path], folder: Path) -> tuple[float, float, int]:
    import jena_shacl
    import pyoxigraph
    from rdflib import Graph

    from jcgraph.pipeline.validate import classify

    classpath = jena_shacl.classpath(folder / "jena-resources")
    if classpath is None:
        return float("nan"), float("nan"), -1
    store = pyoxigraph.Store()
    for path in [*sorted((ROOT / "ontology").glob("*.ttl")), *files]:
        fmt = pyoxigraph.RdfFormat.N_TRIPLES if path.suffix == ".nt" else None
        store.bulk_load(path=str(path), format=fmt or pyoxigraph.RdfFormat.TURTLE)
    classify(store)
    data = folder / "merged.nt"
    store.dump(
        str(data), format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph()
    )
    shapes = Graph()
    for path in sorted((ROOT / "ontology" / "shapes").glob("*.ttl")):
        shapes.parse(path)
    shapes_file = folder / "shapes.nt"
    shapes.serialize(shapes_file, format="nt", encoding="utf-8")
    command = ["java", "-cp", classpath, jena_shacl.MAIN_CLASS, "validate"]
    command += ["--shapes", str(shapes_file), "--data", str(data)]
    seconds, mib, out = timed(command)
    found = len(list(Graph().parse(data=out, format="turtle").objects(None, jena_shacl.SH.result)))
    return seconds, mib, found if out else -1


def main() -> int:
    sizes = [int(a) for a in sys.argv[1:]] or [0, 1, 10, 130]
    rows = [
        "| graph | engine | seconds | peak MiB | results | ÷ jcgraph's time |",
        "|---|---|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size in sizes:
            files = inputs(size, folder)
            label = "shipped" if size == 0 else f"shipped + {size} synthetic"
            ours = jcgraph_run(files, "jcgraph")
            runs = {"jcgraph": ours}
            if size <= PYSHACL_UP_TO:
                runs["pyshacl"] = jcgraph_run(files, "pyshacl")
            runs["Jena"] = jena_run(files, folder)
            for engine, (seconds, mib, found) in runs.items():
                ratio = seconds / ours[0] if ours[0] else float("nan")
                shown = "∞" if seconds == float("inf") else f"{seconds:.1f}"
                rows.append(
                    f"| {label} | {engine} | {shown} | {mib:.0f} | "
                    f"{found if found >= 0 else '–'} | {ratio:.1f}× |"
                )
                print(rows[-1], file=sys.stderr, flush=True)
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
