"""Make a larger graph in our model: N synthetic cities shaped like the Jinchang review.

Usage: python bench/generate.py N OUT.nt [--seed S]

Each synthetic city is a copy of data/ in which every instance IRI moves under
``https://w3id.org/jcgraph/id/synthetic/cN/``, every label gains a "synthetic city N"
mark, and every figure is scaled by a random factor (0.5 to 1.5) so cities differ.
Units, periods, indicators, the source record and the controlled vocabularies stay
shared, as they would for real cities described in the same model; they are written
once (all but the blank nodes of the Data Cube structure: load data/ beside). The
ontology is not included: load it beside. The base graph is serialised once
and then copied as text, so a thousand cities take seconds, not minutes.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from decimal import Decimal
from pathlib import Path

from rdflib import Graph

ROOT = Path(__file__).resolve().parent.parent
ID = "<https://w3id.org/jcgraph/id/"
SHARED = ("unit/", "period/", "indicator/", "source/", "dataset/")
MARK = "\x00"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
VALUE = re.compile(r'^(.* <https://w3id\.org/jcgraph/ontology#value> ")([-0-9.]+)(".*)$')


def templates() -> tuple[list[str], list[str]]:
    """The base graph's lines: shared ones (written once) and per-city templates."""
    base = Graph()
    for path in sorted((ROOT / "data").glob("*.ttl")):
        base.parse(path)
    shared, per_city = [], []
    for line in base.serialize(format="nt").splitlines():
        if not line.strip():
            continue
        moved = re.sub(
            r"<https://w3id\.org/jcgraph/id/(?!" + "|".join(SHARED) + ")",
            f"<https://w3id.org/jcgraph/id/synthetic/c{MARK}/",
            line,
        )
        if moved == line:
            # the Data Cube structure's blank nodes stay with data/dataset.ttl: a large file
            # without blank nodes can be bulk-loaded in chunks (see jcgraph.pipeline.store)
            if "_:" not in line:
                shared.append(line)
            continue
        if f" {LABEL} " in moved:
            moved = re.sub(r'"@zh \.$', f'(合成城市{MARK})"@zh .', moved)
            moved = re.sub(r'"@en \.$', f' (synthetic city {MARK})"@en .', moved)
        per_city.append(moved)
    return shared, per_city


def write(copies: int, out: Path, seed: int) -> int:
    """Write ``copies`` cities to ``out`` as N-Triples; returns the number of lines."""
    shared, per_city = templates()
    plain = "\n".join(line for line in per_city if not VALUE.match(line)) + "\n"
    valued = [VALUE.match(line) for line in per_city]
    rng = random.Random(seed)
    tmp = out.with_suffix(out.suffix + ".part")
    lines = len(shared)
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write("\n".join(shared) + "\n")
        for n in range(1, copies + 1):
            factor = Decimal(str(round(rng.uniform(0.5, 1.5), 3)))
            handle.write(plain.replace(MARK, str(n)))
            for match in valued:
                if match:
                    value = (Decimal(match[2]) * factor).quantize(Decimal("0.01"))
                    handle.write(f"{match[1]}{value}{match[3]}".replace(MARK, str(n)) + "\n")
            lines += len(per_city)
    tmp.replace(out)
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("copies", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    lines = write(args.copies, args.out, args.seed)
    print(f"{args.copies} synthetic cities, {lines} triples -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
