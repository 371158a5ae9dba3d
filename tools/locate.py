"""Print where an exact quote sits in the source article (Unicode code point offsets).

Usage: python tools/locate.py QUOTE [QUOTE ...]

For authoring evidence: each match prints `start end` (end exclusive) and the quote,
so the Turtle can be written with oa:start/oa:end. A quote found more than once lists
every place; pick the one that states the fact (body or summary box).
"""

import os
import sys
from pathlib import Path


def source_path() -> Path:
    env = os.environ.get("JCGRAPH_SOURCE")
    if env:
        return Path(env)
    return (
        Path(__file__).resolve().parent.parent.parent
        / "shared"
        / "source"
        / "jinchang-review.zh.txt"
    )


def main(quotes: list[str]) -> int:
    text = source_path().read_text(encoding="utf-8")
    status = 0
    for quote in quotes:
        starts = []
        i = text.find(quote)
        while i != -1:
            starts.append(i)
            i = text.find(quote, i + 1)
        if not starts:
            print(f"NOT FOUND: {quote}")
            status = 1
        for s in starts:
            print(f"{s} {s + len(quote)} {quote}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
