"""Print the Turtle for an evidence node that quotes the source article exactly.

Usage: python tools/evidence.py QUOTE [--nth N]

The evidence IRI is made from the quote's offsets (ev:cSTART-END), so two files that
quote the same span write the same triples, and the graph holds it once. --nth picks
the Nth place (from 1) when the quote occurs more than once; the default is the first.
"""

import argparse
import sys

from locate import source_path


def evidence_turtle(text: str, quote: str, nth: int = 1) -> str:
    starts = []
    i = text.find(quote)
    while i != -1:
        starts.append(i)
        i = text.find(quote, i + 1)
    if len(starts) < nth:
        raise SystemExit(f"quote found {len(starts)} time(s), wanted occurrence {nth}: {quote}")
    start = starts[nth - 1]
    end = start + len(quote)
    key = f"c{start}-{end}"
    escaped = quote.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return (
        f"ev:{key} a jc:Evidence ;\n"
        f"    oa:hasSource src:jinchang-review ;\n"
        f"    oa:hasSelector ev:{key}-q, ev:{key}-p .\n"
        f'ev:{key}-q a oa:TextQuoteSelector ; oa:exact "{escaped}" .\n'
        f"ev:{key}-p a oa:TextPositionSelector ; oa:start {start} ; oa:end {end} .\n"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("quote")
    parser.add_argument("--nth", type=int, default=1)
    args = parser.parse_args()
    text = source_path().read_text(encoding="utf-8")
    sys.stdout.write(evidence_turtle(text, args.quote, args.nth))
    return 0


if __name__ == "__main__":
    sys.exit(main())
