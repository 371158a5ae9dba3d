"""``jcgraph extract``: a Chinese review article's figures as candidate observations in our
model, each with the exact words and code-point offsets it was read from, the rules that
read it and a confidence, for a person to accept or reject.

It reads only the article (and, for indicators, a SKOS scheme it is given): never data/,
so what it finds in our own article measures what it would find in another one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from jcgraph.extract import places
from jcgraph.extract.figures import Figure, find
from jcgraph.extract.rules import CLAUSE_END, PLANS, Period, Reading, bounds, read

# The rules that read a kind when no word around a figure says which.
DEFAULT_KINDS = ("kind:rate (X%)", "kind:level")
QUOTE_LIMIT = 40  # code points of evidence around a figure, at most
# The kinds of measure of an observation; the extractor's other figures (streak,
# rank-out-of) belong to recognitions and ranks.
OBSERVATION_KINDS = frozenset(
    (
        "level",
        "cumulative-total",
        "count",
        "average-annual-growth",
        "cumulative-change",
        "multiple",
        "rank",
        "rank-change",
        "share",
        "ratio",
        "rate",
        "threshold",
    )
)


@dataclass
class Candidate:
    """One figure read as an observation; ``unit`` is our unit's local name (unit:…)."""

    start: int
    end: int
    written: str
    value: Decimal
    unit: str | None
    unit_written: str
    kind: str
    status: str
    period: str
    baseline: str | None
    subject: str
    qualifier: str
    indicator: str  # the phrase the article uses for what is measured
    quote: str
    quote_start: int
    quote_end: int
    rules: list[str]
    confidence: float
    high: Decimal | None = None  # the top of a range
    scope: str | None = None  # where a rank holds (全省第二: the province)
    # the closest indicator of a scheme (jcgraph.extract.indicators), when one is matched
    indicator_match: str | None = None
    indicator_score: float | None = None
    # the entity of a graph with the subject's name (jcgraph.extract.entities), if one has it
    subject_match: str | None = None
    scope_match: str | None = None  # the same for the scope of a rank


def extract(
    text: str,
    *,
    subject: str | None = None,
    review: tuple[int, int] | None = None,
    published: int | None = None,
) -> list[Candidate]:
    """The candidate observations of ``text``. ``subject`` is the place the article is
    about (全市 means it) and ``review`` the years it reviews; both are read from the
    title when not given (金昌市“十四五”… → 金昌市, 2021–2025; a title that names a
    place without a plan, 深圳GDP破3万亿元 → 深圳市). ``published`` is the year the
    article appeared, when known: a 这十年 review covers the ten years before it."""
    if not subject:
        subject = subject_of(text)
    if not subject:  # no plan in the title: the place the text names (which reads it all)
        found = places.article_place(text)
        subject = found.name if found else "全市"
    period = Period(*(review or review_of(text, published)))
    candidates = [_candidate(text, read(text, f, period, subject)) for f in find(text)]
    for previous, candidate in pairwise(candidates):
        # 年均增长10.3%, 1.9倍: a figure that names nothing measures what the one before does
        same_sentence = not re.search(r"[。！？!?]", text[previous.end : candidate.start])
        if text[previous.end : candidate.start].strip() in (":", "∶"):
            # 8.7∶41.2∶50.1: the parts of one structure share its year
            candidate.period, candidate.baseline = previous.period, previous.baseline
            candidate.rules.append("period:as the structure's first part")
        listed = text[previous.end : candidate.start] in ("、", "和", "与")
        if not candidate.indicator and same_sentence:
            sentence = text[text.rfind("。", 0, candidate.start) + 1 : candidate.start]
            if listed and "分别" in sentence:
                # 分别是…的2.8倍、6倍: each member measures its own thing, named in turn
                base = re.sub(r"（第\d+项）$", "", previous.indicator)
                n = int(m[1]) + 1 if (m := re.search(r"（第(\d+)项）$", previous.indicator)) else 2
                if n == 2:
                    previous.indicator = f"{base}（第1项）"
                candidate.indicator = f"{base}（第{n}项）"
                candidate.rules.append("indicator:the next of a 分别 list")
            else:
                candidate.indicator = previous.indicator
                candidate.rules.append("indicator:from the figure before")
        default = any(rule in DEFAULT_KINDS for rule in candidate.rules)
        if listed and previous.unit == candidate.unit and default:
            # 分别增长17.3%、14.6%: the members of a list are read as its first one
            candidate.kind, candidate.status = previous.kind, previous.status
            candidate.period, candidate.baseline = previous.period, previous.baseline
            if previous.value < 0 < candidate.value:
                candidate.value = -candidate.value
            candidate.rules.append("kind:as the figure before it in a list")
    return candidates


def subject_of(text: str) -> str | None:
    """The place named just before a plan period in the opening lines (a title such as
    金昌市“十四五”…, 回眸甘肃省金昌市“十四五”…): the last place of the gazetteer that ends
    there, else the words ending in 省/市/县/区/州/盟 (a place the gazetteer lacks); None
    when the opening names none."""
    opening = text[:300]
    plan = re.search(r"[“\"‘]?十[一二三四五]五", opening)
    if plan is None:
        return None
    named = [m for m in places.mentions(opening[: plan.start()]) if m.end == plan.start()]
    if named:
        return named[-1].place.name
    match = re.search(r"([\u4e00-\u9fff]{1,6}?[省市县区州盟])$", opening[: plan.start()])
    return match[1] if match else None


def review_of(text: str, published: int | None = None) -> tuple[int, int]:
    """The years an article reviews: the plan period its opening names (“十四五” →
    2021–2025); for 这十年/十年来, the ten years to the latest year it names (a 2012
    baseline and 2013–2021 when that is 2021, or to the year before ``published``); else
    the one year it names most often (a report of a year's results), the latest of those
    on a tie."""
    opening = text[:300]
    plan = re.search(r"十[一二三四五]五", opening)
    if plan:
        start = PLANS[plan.group()]
        return start, start + 4
    # years that are dates of what is reported, not of goals (到2035年基本实现, 远景目标)
    years = [
        int(m[1])
        for m in re.finditer(r"((?:19|20)\d\d)年", text)
        if not re.search(r"(目标|远景|力争|规划|将|要|基本实现)", _clause_of(text, m.start()))
    ]
    decade = re.search(r"(这|近|过去)十年|十年来", opening)
    if decade and published:
        return published - 9, published - 1  # the ten full years before it appeared
    if not years:
        return (published - 1, published - 1) if published else (2021, 2025)
    if decade:
        return max(years) - 8, max(years)
    year = max(years, key=lambda y: (years.count(y), y))
    return year, year


def _clause_of(text: str, at: int) -> str:
    start, end = bounds(text, at, CLAUSE_END)
    return text[start:end]


def _candidate(text: str, reading: Reading) -> Candidate:
    figure: Figure = reading.figure
    quote_start, quote_end = _quote(reading.clause, figure)
    return Candidate(
        figure.start,
        figure.end,
        figure.written,
        reading.value,
        reading.unit,
        figure.unit_written,
        reading.kind,
        reading.status,
        reading.period.name,
        reading.baseline.name if reading.baseline else None,
        reading.subject,
        reading.qualifier,
        reading.indicator_phrase,
        text[quote_start:quote_end],
        quote_start,
        quote_end,
        reading.rules,
        reading.confidence,
        figure.high,
        reading.scope,
    )


def _quote(clause: tuple[int, int], figure: Figure) -> tuple[int, int]:
    """The clause around the figure, cut to ``QUOTE_LIMIT`` code points around it."""
    start, end = clause
    if end - start <= QUOTE_LIMIT:
        return start, end
    room = max(0, QUOTE_LIMIT - (figure.end - figure.start))
    start = max(start, figure.start - room * 2 // 3)
    return start, min(end, start + QUOTE_LIMIT)
