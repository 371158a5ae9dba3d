"""List numbers of the article that no evidence quote in data/ covers and no exclusion names.

Usage: python tools/uncovered.py [FROM TO]   (limit to offsets FROM..TO)

Prints `start<TAB>text<TAB>context` per number, ready to become either an observation
(with evidence) or a row in tests/coverage/exclusions-<theme>.tsv with a reason.
"""

import sys
from pathlib import Path

import rdflib

from locate import source_path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from article_numbers import find_numbers, read_exclusions, uncovered  # noqa: E402

OA = rdflib.Namespace("http://www.w3.org/ns/oa#")


def main(argv: list[str]) -> int:
    text = source_path().read_text(encoding="utf-8")
    graph = rdflib.Graph()
    for path in sorted((ROOT / "data").glob("*.ttl")):
        graph.parse(path)
    spans = [
        (int(s), int(e))
        for sel in graph.subjects(rdflib.RDF.type, OA.TextPositionSelector)
        for s in graph.objects(sel, OA.start)
        for e in graph.objects(sel, OA.end)
    ]
    lo, hi = (int(argv[0]), int(argv[1])) if len(argv) == 2 else (0, len(text))
    numbers = [n for n in find_numbers(text) if lo <= n.start < hi]
    missing = uncovered(numbers, spans, read_exclusions(ROOT / "tests" / "coverage"))
    for n in missing:
        context = text[max(0, n.start - 12) : n.end + 12].replace("\n", " ")
        print(f"{n.start}\t{n.text}\t{context}")
    print(f"{len(missing)} uncovered of {len(numbers)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
