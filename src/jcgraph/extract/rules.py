"""What a figure is, read from the words around it: the kind of measure, the status, the
period and baseline, the subject and the qualifier. Each reading names the rule that made
it, so a reviewer sees why, and the benchmark sees which rules miss."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jcgraph.extract.figures import Figure

CLAUSE_END = re.compile(r"[，,；;。！？!?：:\n]")
SENTENCE_END = re.compile(r"[。！？!?\n]")
YEAR = re.compile(r"((?:19|20)\d\d)年")
# A named organisation, county, district or zone: starts after a delimiter (so 229个国家级
# 经开区, a thing counted, is not one) and is not a 地区 (地区生产总值 is GDP).
ENTITY = re.compile(
    r"(?:^|(?<=[，,、。；;：:和与及在是年]))"
    r"([\u4e00-\u9fff]{2,12}?(?:集团|有限公司|公司|经开区|开发区|工业园区|工业园|园区|县|(?<!地)区|医院))"
)
COUNT_UNITS = {"item", "person", "wan-hu", "wan-person", "person-time", "wan-person-time"}


@dataclass
class Period:
    start: int
    end: int

    @property
    def name(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"


@dataclass
class Reading:
    """A figure read as a candidate observation."""

    figure: Figure
    kind: str
    status: str
    period: Period
    baseline: Period | None
    subject: str  # a label, as written (or the article's subject)
    qualifier: str
    indicator_phrase: str
    clause: tuple[int, int]
    rules: list[str] = field(default_factory=list)
    confidence: float = 0.5


def _bounds(text: str, at: int, pattern: re.Pattern[str]) -> tuple[int, int]:
    start = at
    while start > 0 and not pattern.match(text[start - 1]):
        start -= 1
    end = at
    while end < len(text) and not pattern.match(text[end]):
        end += 1
    return start, end


def read(text: str, figure: Figure, review: Period, subject: str) -> Reading:
    """``figure`` of ``text`` read in its clause and sentence; ``review`` is the period the
    article reviews and ``subject`` the place it is about."""
    c_start, c_end = _bounds(text, figure.start, CLAUSE_END)
    s_start, _ = _bounds(text, figure.start, SENTENCE_END)
    before = text[c_start : figure.start]
    after = text[figure.end : c_end]
    head = text[s_start : figure.start]  # the sentence up to the figure
    rules: list[str] = []
    kind = _kind(figure, before, after, rules)
    status = _status(head, before, after, review.end, rules)
    period, baseline = _period(text, figure, head, before, after, kind, review, rules)
    qualifier = _qualifier(figure, before, after)
    who = _subject(head, subject, rules)
    phrase = _indicator_phrase(before)
    confidence = 0.9 if len(rules) >= 3 and "kind:default" not in rules else 0.6
    return Reading(
        figure,
        kind,
        status,
        period,
        baseline,
        who,
        qualifier,
        phrase,
        (c_start, c_end),
        rules,
        confidence,
    )


def _kind(figure: Figure, before: str, after: str, rules: list[str]) -> str:
    near = before[-8:]
    if figure.ratio:
        rules.append("kind:ratio (N:1)")
        return "ratio"
    if figure.word:
        rules.append("kind:multiple (翻番)")
        return "multiple"
    if figure.unit == "times":
        rules.append("kind:multiple (倍)")
        return "multiple"
    if figure.unit_written in ("个位次", "位次") or (
        figure.unit == "rank" and re.search(r"(提升|上升|前移|跃升|提高)$", before)
    ):
        rules.append("kind:rank-change (提升N位)")
        return "rank-change"
    if near.endswith("第") or figure.unit == "rank" or re.search(r"第$", before):
        rules.append("kind:rank (第N)")
        return "rank"
    if figure.unit == "percent":
        if re.search(r"年均(增长|增速|递增|提高)?[^，,]{0,4}$", near):
            rules.append("kind:average-annual-growth (年均增长)")
            return "average-annual-growth"
        if re.search(r"(占|比重|占比)", before + after[:4]):
            rules.append("kind:share (占…比重)")
            return "share"
        if re.search(r"(增长|下降|降低|减少|提高|增加|提升)[了]?$", near):
            rules.append("kind:cumulative-change (增长/下降 X%)")
            return "cumulative-change"
        rules.append("kind:rate (X%)")
        return "rate"
    if re.search(r"(突破|跨越|跨上|迈上|迈过|跨过|连跨|超过|超)$", before) or (
        "连跨" in before and figure.unit_written != "个台阶"
    ):
        rules.append("kind:threshold (突破/跨越)")
        return "threshold"
    if figure.unit_written == "个台阶":
        rules.append("kind:count (N个台阶)")
        return "count"
    if before.endswith("连续"):
        rules.append("kind:count (连续N, a streak)")
        return "count"
    if "累计" in before:
        rules.append("kind:cumulative-total (累计)")
        return "cumulative-total"
    if figure.unit in COUNT_UNITS or (figure.unit is None and not figure.unit_written):
        rules.append("kind:count (counter)")
        return "count"
    rules.append("kind:level")
    return "level"


def _status(head: str, before: str, after: str, review_end: int, rules: list[str]) -> str:
    if re.search(r"(目标|力争|冲刺|争取|计划|预期)", before + after[:6]):
        rules.append("status:target (目标/力争)")
        return "target"
    ahead = [int(y) for y in re.findall(r"到(20\d\d)年", before)]
    if ahead and max(ahead) > review_end:
        rules.append("status:target (到20XX年, after the review)")
        return "target"
    if "预计" in before or ("预计" in head and not YEAR.search(head[head.rfind("预计") :])):
        rules.append("status:estimate (预计)")
        return "estimate"
    return "actual"


def _period(
    text: str,
    figure: Figure,
    head: str,
    before: str,
    after: str,
    kind: str,
    review: Period,
    rules: list[str],
) -> tuple[Period, Period | None]:
    baseline = None
    if re.search(r"(十三五|“十三五”)末|2020年(底|末)?的", before + after) and kind in (
        "multiple",
        "cumulative-change",
    ):
        baseline = Period(review.start - 1, review.start - 1)
    if kind == "average-annual-growth":
        baseline = Period(review.start - 1, review.start - 1)
    # a year written just before the figure (从2021年全省第55位 … 2024年第18位)
    years = list(YEAR.finditer(head))
    if years:
        year = int(years[-1][1])
        if kind in ("average-annual-growth", "cumulative-change", "cumulative-total") and (
            year > review.start
        ):
            rules.append("period:review (to the year named)")
            return Period(review.start, year), baseline
        rules.append("period:year named")
        return Period(year, year), baseline
    if re.search(r"(五年|十四五|“十四五”|以来|期间|累计)", head) or kind in (
        "average-annual-growth",
        "cumulative-change",
        "cumulative-total",
        "count",
        "threshold",
        "multiple",
        "rank-change",
    ):
        rules.append("period:review")
        return review, baseline
    rules.append("period:review end")
    return Period(review.end, review.end), baseline


def _qualifier(figure: Figure, before: str, after: str) -> str:
    if figure.about or re.search(r"(突破|超过|超)$", before):
        return "more-than"
    if re.match(r"以上", after) or figure.word == "翻番":
        return "at-least"
    if re.search(r"(近|将近|接近)$", before):
        return "nearly"
    return "exact"


def _subject(head: str, subject: str, rules: list[str]) -> str:
    """The nearest organisation, county, district or zone named before the figure in its
    sentence (not one counted, as in 229个国家级经开区), else the article's subject."""
    found = [m for m in ENTITY.finditer(head) if not re.search(r"(全市|全省|全国)", m[1])]
    if found:
        rules.append("subject:named before")
        return found[-1][1]
    rules.append("subject:the article's")
    return subject


def _indicator_phrase(before: str) -> str:
    """The words naming what is measured: the clause before the figure, without the verbs
    and markers around it."""
    phrase = re.sub(r"^.*?(20\d\d年|全市|全县|全区|全省)", "", before)
    phrase = re.sub(
        r"(预计|实现|完成|达到|达|突破|增长|年均|累计|分别|是|为|从|由|提高到|提高|"
        r"增加到|增加|下降|超过|位列|居|排名|连续|第|约|近|以上|的|了|、)+$",
        "",
        phrase,
    )
    return phrase[-16:].strip(' “”"')
