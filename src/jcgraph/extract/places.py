"""The places a text names: China's provinces, prefecture-level cities (by full or short
name: 甘肃省 or 甘肃, 深圳市 or 深圳) and counties and districts (by full name), from the
official division codes in places.tsv (made by tools/places_gazetteer.py from a public
record, named in the file's first line). 全国 is China, 全省 the province of the place
the article is about and 全市 that place."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GAZETTEER = Path(__file__).with_name("places.tsv")
CHINA = "中国"


@dataclass(frozen=True)
class Place:
    name: str  # the full name (甘肃省)
    code: str  # the division code (62), "" for China
    province: str  # the full name of its province


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    written: str
    place: Place


@cache
def _gazetteer() -> tuple[dict[str, Place], re.Pattern[str]]:
    with GAZETTEER.open(encoding="utf-8") as handle:
        next(handle)  # the record it was made from
        records = list(csv.DictReader(handle, delimiter="\t"))
    provinces = {r["code"]: r["name"] for r in records if len(r["code"]) == 2}
    names: dict[str, Place] = {}
    for r in records:
        place = Place(r["name"], r["code"], provinces.get(r["province"], ""))
        for name in (r["name"], *filter(None, r["short"].split("|"))):
            earlier = names.get(name)
            if earlier is None:
                names[name] = place
            elif len(earlier.code) == 6 and len(r["code"]) == 6 and earlier.code:
                # a full name shared by counties of different cities names none of them
                names[name] = _shared(name)
            # else a province or city keeps its name (东莞市 the city, not its namesake row)
    names["全国"] = names["我国"] = names[CHINA] = Place(CHINA, "", "")
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return names, re.compile(alternatives)


def _shared(name: str) -> Place:
    return Place(name, "", "")


def mentions(text: str) -> list[Mention]:
    """Every place named in ``text``, longest name first where names overlap."""
    names, pattern = _gazetteer()
    return [Mention(m.start(), m.end(), m[0], names[m[0]]) for m in pattern.finditer(text)]


def place(name: str) -> Place | None:
    """The place a name (full or short) stands for."""
    return _gazetteer()[0].get(name)


def article_place(text: str) -> Place | None:
    """The place an article is about: the first place its title line names, else the place
    its opening (300 code points) names most often, else the one the whole text names most
    often (a section of a report that says only 全市)."""
    first_line = text.lstrip().split("\n", 1)[0]
    named = [m.place for m in mentions(first_line) if m.place.name != CHINA]
    if named:
        return named[0]
    for part in (text[:300], text):
        named = [m.place for m in mentions(part) if m.place.name != CHINA]
        if named:
            return max(named, key=lambda p: (named.count(p), -named.index(p)))
    return None
