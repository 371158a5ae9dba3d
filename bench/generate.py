"""Make a larger graph in our model: N synthetic cities shaped like the Jinchang review.

Usage: python bench/generate.py N OUT.nt [--seed S]

Each synthetic city is a copy of data/ in which every instance IRI moves under
``https://w3id.org/jcgraph/id/synthetic/cN/``, every label gains a "synthetic N" mark,
and every figure is scaled by a random factor (0.5 to 1.5) so cities differ. Units,
periods, indicators and controlled vocabularies stay shared, as they would be for real
cities described in the same model. The ontology is not included: load it beside.
"""

from __future__ import annotations

import argparse
import random
import sys
from decimal import Decimal
from pathlib import Path

from rdflib import RDFS, Graph, Literal, URIRef

ROOT = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/jcgraph/id/"
SHARED = ("unit/", "period/", "indicator/", "source/", "dataset/")
JC_VALUE = URIRef("https://w3id.org/jcgraph/ontology#value")


def city_copy(base: Graph, n: int, rng: random.Random) -> Graph:
    """One synthetic city from the base graph."""
    prefix = f"{ID}synthetic/c{n}/"

    def move(term):
        if isinstance(term, URIRef) and str(term).startswith(ID):
            rest = str(term)[len(ID) :]
            if not rest.startswith(SHARED):
                return URIRef(prefix + rest)
        return term

    out = Graph()
    factor = Decimal(str(round(rng.uniform(0.5, 1.5), 3)))
    for s, p, o in base:
        if p == RDFS.label and isinstance(o, Literal):
            mark = f"(合成城市{n})" if o.language == "zh" else f" (synthetic city {n})"
            o = Literal(f"{o}{mark}", lang=o.language)
        elif p == JC_VALUE and isinstance(o, Literal):
            o = Literal((Decimal(str(o)) * factor).quantize(Decimal("0.01")))
        out.add((move(s), p, move(o)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("copies", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    base = Graph()
    for path in sorted((ROOT / "data").glob("*.ttl")):
        base.parse(path)
    rng = random.Random(args.seed)
    tmp = args.out.with_suffix(args.out.suffix + ".part")
    with tmp.open("w", encoding="utf-8") as handle:
        for n in range(1, args.copies + 1):
            handle.write(city_copy(base, n, rng).serialize(format="nt"))
    tmp.replace(args.out)
    print(
        f"{args.copies} synthetic cities from {len(base)} triples each -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
