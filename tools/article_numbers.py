"""Find every number in the article: Arabic figures, Chinese numerals and ordinal words.

The nothing-missed check pairs each hit with the evidence quotes that cover it, or with
an exclusion that says why it is not a figure (a road name, a headline year, an idiom).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

# Arabic figures, with decimals; the unit multiplier that follows (万, 亿) belongs to them.
_ARABIC = r"\d+(?:\.\d+)?"
# Chinese numerals not glued to an Arabic figure (15.7万 is one number, not two).
_CHINESE = r"(?<![\d.])[零一二两三四五六七八九十百千万亿]+"
# Words that state a position without a numeral.
_ORDINAL = r"首位|首批|首个|首列|首家|榜首|首次"
NUMBER = re.compile(f"{_ARABIC}|{_CHINESE}|{_ORDINAL}")


@dataclass(frozen=True)
class Number:
    """One number found in the text, at [start, end) in code points."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Exclusion:
    """A number that is deliberately not modelled, with the reason."""

    start: int
    text: str
    reason: str


def find_numbers(text: str) -> list[Number]:
    """Every number-like token of ``text`` in order.

    >>> [n.text for n in find_numbers("从359亿元起步,连跨三个台阶,居全省首位")]
    ['359', '三', '首位']
    """
    return [Number(m.start(), m.end(), m.group()) for m in NUMBER.finditer(text)]


def read_exclusions(folder: Path) -> list[Exclusion]:
    """Read every ``*.tsv`` under ``folder`` (columns: start, text, reason)."""
    found = []
    for path in sorted(folder.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                found.append(Exclusion(int(row["start"]), row["text"], row["reason"]))
    return found


def uncovered(
    numbers: list[Number], spans: list[tuple[int, int]], exclusions: list[Exclusion]
) -> list[Number]:
    """Numbers that no evidence span covers and no exclusion names."""
    excluded = {(e.start, e.text) for e in exclusions}
    missing = []
    for n in numbers:
        if (n.start, n.text) in excluded:
            continue
        if any(s <= n.start and n.end <= e for s, e in spans):
            continue
        missing.append(n)
    return missing
