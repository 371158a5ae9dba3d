"""What a figure is, read from the words around it: the kind of measure, the status, the
period and baseline, the subject, the qualifier, and the unit where the words refine it
(每千人口 …个, 每年 …万吨, 第N). Each reading names the rules that made it, so a reviewer
sees why, and the benchmark sees which rules miss."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jcgraph.extract import places
from jcgraph.extract.figures import Figure, chinese_number

REACH = 200  # code points each way that a clause or sentence is read, at most
CLAUSE_END = re.compile(r"[，,；;。！？!?：:]")
# A sentence ends at 。！？ only: the text may break a line inside a sentence.
SENTENCE_END = re.compile(r"[。！？!?]")
YEAR = re.compile(r"((?:19|20)\d\d)年")
# A named organisation, county, district or zone: it starts after a delimiter or a verb of
# arrival (so 229个国家级经开区, a thing counted, is not one), and 地区 is not one
# (地区生产总值 is GDP).
ENTITY = re.compile(
    r"(?:^|(?<=[，,、。；;：:\n和与及在是年])|(?<=走进|推动|支持|带动))"
    r"([\u4e00-\u9fff]{2,12}?(?:集团|有限公司|公司|经开区|开发区|工业园区|工业园|园区|县|(?<!地)区|医院))"
)
# A mention that starts with a verb is an action (创建国家级绿色园区), not who acts.
VERB = re.compile(
    r"(创建|推行|实施|建成|走进|培育|打造|新建|新增|获评|入选|探索|推动|加快|建设|消除|改造|筹建|"
    r"治理|完成)"
)
COUNT_UNITS = {"item", "person", "wan-hu", "wan-person", "person-time", "wan-person-time"}
# Verbs of a flow over the period: what was added, built or done in it.
FLOW = re.compile(r"(新增|新建|输转|完成|到位|治理|造林|实施|投资|引进|新培育)")
# Verbs of what was done in the period (a count of them is a flow over it).
DOING = re.compile(
    r"(新增|新建|建成|建设|实施|完成|创建|培育|打造|引进|开工|改造|治理|获评|入选|获得|荣获|"
    r"认定|出台|推出|举办|开展|落地|签约|招引|争取|创成|获批|成功|累计|新培育|新认定|消除|筹建|"
    r"开通|上线|布局|扶持|创|获|铺设|敷设|硬化|用于|通过|在|改革|参与|保持|形成|换新|荣膺|加装|增设|奖)"
)
NEW_THINGS = re.compile(r"(新增|新建|输转|实施[^，,]{0,12}改革)")
# Per-population units, read from the words before the figure.
PER = (
    (re.compile(r"每千名老人"), "per-thousand-elderly"),
    (re.compile(r"每千人口?"), "per-thousand-people"),
    (re.compile(r"每万人口?"), "per-ten-thousand-people"),
)
# Regions and rankings that hold a rank but are no division (华东第一, 世界500强第235位).
REGIONS = re.compile(
    r"(世界500强|中国500强|全球|世界|国内|内地|华东|华南|华北|华中|西南|西北|东北|"
    r"西部|中部|东部|长三角|珠三角)"
)
# The first year of each five-year plan.
PLANS = {"十一五": 2006, "十二五": 2011, "十三五": 2016, "十四五": 2021, "十五五": 2026}
# How a clause starts when it goes on with the topic of the one before: a verb, a measure,
# a time, or an indicator of that topic (金川集团…，营业收入…).
CONTINUES = re.compile(
    r"((19|20)\d\d年|[一二三四五六七八九十]年来|近|去年|今年|增长|同比|年均|比|较|是|为|达|占|"
    r"实现|分别|其中|居|位居|排名|连续|提升|提高|下降|增至|突破|跨越|超|创|首次|均|都|也|并|且|"
    r"再|又|还|总量|增速|增幅|营业收入|收入|产值|工业总产值|工业增加值|利润|生产总值|地区生产总值|"
    r"GDP|人均|规模|经济总量|在|带动|世界|全球|[一二两三四五六七八九十]年|位列|跃升|名列|县域|综合|$)"
)
# Words of a sum of money: a bare 亿 near them is 亿元.
MONEY = re.compile(
    r"(GDP|生产总值|经济总量|总量|收入|投资|产值|总额|规模|营收|销售额|零售额|利润|税收|财政|"
    r"存款|贷款|资金|元|台阶|大关|量级|关口)"
)
# What follows 全国/全省 when they are what is measured (全国GDP, 全省的), not a qualifier.
WHOLE_MEASURED = re.compile(
    r"(GDP|地区生产总值|生产总值|经济|平均|人均|居民|城镇|农村|常住|人口|[（(]|的|规模以上|"
    r"社会消费|进出口|固定资产|财政|一般公共|全年|工业|外贸|出口|进口|总|"
    r"[0-9一二两三四五六七八九十]+个)"
)
LEVELS = ("level", "rate", "share", "ratio", "multiple", "rank")


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
    value: Decimal
    unit: str | None
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
    scope: str | None = None  # where a rank holds, for a rank or rank change


def bounds(text: str, at: int, pattern: re.Pattern[str]) -> tuple[int, int]:
    """The clause (or sentence) around ``at``, at most REACH code points each way: a run
    without punctuation that long is no prose, and reading it whole for every figure in
    it would take time growing with the square of its length."""
    start = at
    while start > 0 and at - start < REACH and not _ends(text, start - 1, pattern):
        start -= 1
    end = at
    while end < len(text) and end - at < REACH and not _ends(text, end, pattern):
        end += 1
    return start, end


def _ends(text: str, i: int, pattern: re.Pattern[str]) -> bool:
    """Whether the character at ``i`` ends a clause: punctuation, or a line break that
    follows a heading or a finished sentence (a text may break a line mid-sentence)."""
    if text[i] != "\n":
        return bool(pattern.match(text[i]))
    line_start = text.rfind("\n", 0, i) + 1
    line = text[line_start:i].strip()
    return not line or line[-1] in '。！？!?”"' or not re.search(r"[，,；;。]", line)


def read(text: str, figure: Figure, review: Period, subject: str) -> Reading:
    """``figure`` of ``text`` read in its clause and sentence; ``review`` is the period the
    article reviews and ``subject`` the place it is about."""
    c_start, c_end = bounds(text, figure.start, CLAUSE_END)
    s_start, _ = bounds(text, figure.start, SENTENCE_END)
    before = text[c_start : figure.start]
    after = text[figure.end : c_end]
    head = text[s_start : figure.start]  # the sentence up to the figure
    previous = text[s_start:c_start]  # the sentence's earlier clauses
    rules: list[str] = []
    value, unit = figure.value, figure.unit
    if unit is None and figure.unit_written in ("亿", "万亿") and MONEY.search(head + after):
        # GDP仅为1923.5亿, 踏上3万亿台阶 (of 经济总量): a sum of money in 亿元
        value, unit = value / 10**8, "yi-yuan"
        rules.append("unit:yi-yuan (a bare 亿 of a sum of money)")
    kind = _kind(figure, head, before, after, rules)
    # a kind has its unit: 第一个 is a first place, not one item
    unit = {"rank": "rank", "ratio": "ratio", "multiple": "times"}.get(kind, unit)
    if kind == "multiple" and not figure.word and re.search(r"(增长|增加|提高)了?$", before):
        # 增长1.3倍 is, in statistical usage, an increase of 130 % (2.3 times the base)
        kind, unit, value = "cumulative-change", "percent", value * 100
        rules.append("kind:cumulative-change (增长N倍, an increase of N×100 %)")
    if kind == "cumulative-change" and re.search(r"(下降|降低|减少|缩减)[了]?$", before[-8:]):
        value = -value
        rules.append("value:negative (下降)")
    unit = _refined_unit(unit, before, rules)
    status = _status(before, previous, after, review.end, rules)
    period, baseline = _period(head, before, after, kind, status, review, rules)
    period, baseline = _spans(before, kind, period, baseline, rules)
    if baseline is not None and baseline.end >= period.end:
        # a baseline must come before the period: read the one before the period instead
        baseline = Period(period.start - 1, period.start - 1)
        rules.append("baseline:the year before the period (the one read was not before it)")
    qualifier = _qualifier(figure, before, after)
    who = _subject(head, after, subject, rules)
    scope = _scope(head, subject, rules) if kind in ("rank", "rank-change") else None
    phrase = _indicator_phrase(before)
    counted = re.match(r"[\u4e00-\u9fff“”\"]{2,12}", after)
    if kind == "count" and counted and not re.match(r"(以上|左右|中|的)", after):
        # 建成4个国家级创新平台: what is counted follows the counter
        phrase = counted[0].strip('“”"')
    confidence = 0.6 if "kind:level" in rules or "kind:count (counter)" in rules else 0.8
    return Reading(
        figure,
        value,
        unit,
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
        scope,
    )


def _scope(head: str, subject: str, rules: list[str]) -> str | None:
    """Where a rank holds: the place or region named in the clause just before the rank
    (居全国第8位, 在全省16个地市中居第7位, 华东第一), as the article's place's province for
    全省; None when the clause names none."""
    clause = re.split(r"[，,；;。]", head)[-1]
    found = [(m.start, _resolve(m.written, m.place.name, subject)) for m in places.mentions(clause)]
    found += [
        (m.start(), _resolve(m[0], m[0], subject)) for m in re.finditer(r"全[市省县区]", clause)
    ]
    found += [(m.start(), m[1]) for m in REGIONS.finditer(clause)]
    if not found:
        return None
    rules.append("scope:named in the clause")
    return max(found)[1]


def _refined_unit(unit: str | None, before: str, rules: list[str]) -> str | None:
    for pattern, per in PER:
        if pattern.search(before) and unit in ("item", "person", None):
            rules.append(f"unit:{per} (每千/每万)")
            return per
    if unit in ("tonne", "wan-tonne") and before.endswith("每年"):
        rules.append("unit:per year (每年)")
        return f"{unit}-per-year"
    if unit == "square-metre" and "人均" in before:
        rules.append("unit:per person (人均)")
        return "square-metre-per-person"
    return unit


def _kind(figure: Figure, head: str, before: str, after: str, rules: list[str]) -> str:
    near = before[-8:]
    if figure.ratio:
        rules.append("kind:ratio (N:1)")
        return "ratio"
    bare = figure.unit is None and not figure.unit_written
    if bare and re.search(r"(倍差|收入比|比值|之比|比例)", head):
        rules.append("kind:ratio (倍差从2.37缩小到1.94)")
        return "ratio"
    if figure.word and figure.unit == "percent":
        rules.append(f"kind:share ({figure.word}, a part of a whole)")
        return "share"
    if figure.word:
        rules.append(f"kind:{'rank' if figure.unit == 'rank' else 'multiple'} ({figure.word})")
        return "rank" if figure.unit == "rank" else "multiple"
    if figure.unit == "times":
        rules.append("kind:multiple (倍)")
        return "multiple"
    if figure.unit_written in ("个位次", "位次") or (
        figure.unit == "rank" and re.search(r"(提升|上升|前移|跃升|提高)$", before)
    ):
        rules.append("kind:rank-change (提升N位)")
        return "rank-change"
    if before.endswith("第") or figure.unit == "rank":
        rules.append("kind:rank (第N)")
        return "rank"
    if figure.unit == "percent":
        return _percent_kind(before, after, near, rules)
    if (
        re.search(
            r"(突破|跨越|跨上|迈上|迈过|跨过|连跨|迈入|超过|站上|踏上|(?<!突)破|晋级|(?<![通经超])过)[了“\"]?$",
            before,
        )
        or ("连跨" in before and figure.unit_written != "个台阶")
        or re.match(r"[”\"]?的?新?(大关|台阶|关口)", after)
    ):
        rules.append("kind:threshold (突破/跨越)")
        return "threshold"
    if figure.unit_written == "个台阶":
        rules.append("kind:count (N个台阶)")
        return "count"
    if before.endswith("连续"):
        rules.append("kind:streak (连续N, for a recognition)")
        return "streak"
    if re.search(r"在(全[省市国县区]|全国|[\u4e00-\u9fff]{2,3}[省市])?$", before) and re.match(
        r"[^，,]*中", after
    ):
        rules.append("kind:rank-out-of (在N个…中, for the rank that follows)")
        return "rank-out-of"
    if any(p.search(before) for p, _ in PER):
        rules.append("kind:rate (每千/每万)")
        return "rate"
    if figure.unit == "square-metre" and "人均" in before:
        rules.append("kind:rate (人均…平方米)")
        return "rate"
    counted = figure.unit in COUNT_UNITS or (figure.unit is None and not figure.unit_written)
    if counted:
        people = figure.unit in ("person", "wan-person", "person-time", "wan-person-time", "wan-hu")
        if NEW_THINGS.search(before) and "累计" not in before and (people or "改革" in before):
            rules.append("kind:cumulative-total (新增/输转 people, reforms)")
            return "cumulative-total"
        rules.append("kind:count (counter)")
        return "count"
    if "累计" in before or (FLOW.search(before) and not YEAR.search(head)):
        rules.append("kind:cumulative-total (累计/flow verb)")
        return "cumulative-total"
    rules.append("kind:level")
    return "level"


def _percent_kind(before: str, after: str, near: str, rules: list[str]) -> str:
    if re.search(r"年?均(增长|增速|递增|提高)?[^，,]{0,4}$", near) or (
        ("均" in before and after.lstrip("的").startswith(("增速", "能源消费增速")))
        or re.match(r"的[\u4e00-\u9fff]{0,6}增速", after)
    ):
        rules.append("kind:average-annual-growth (年均增长)")
        return "average-annual-growth"
    if re.search(r"(占|比重|占比|比例)", before + after[:4]) or re.match(
        r"(以上)?的[\u4e00-\u9fff]", after
    ):
        rules.append("kind:share (占…比重, X%的…)")
        return "share"
    if re.search(r"(增长|下降|降低|减少|提高|增加|提升)[了]?(超过|超|近|约)?$", near) or re.search(
        r"(增速|增幅)(为|是|达到?)?[^，,]{0,6}$", before
    ):
        rules.append("kind:cumulative-change (增长/下降 X%, 增速)")
        return "cumulative-change"
    rules.append("kind:rate (X%)")
    return "rate"


def _status(before: str, previous: str, after: str, review_end: int, rules: list[str]) -> str:
    last = re.split(r"[，,；;]", previous.rstrip("，,；;"))[-1] if previous else ""
    if (
        re.search(r"(目标|力争|冲刺|争取|计划|预期(?!寿命))", before + after[:6])
        or re.search(r"^[^，,；;。]{0,8}目标", after)
        or re.search(r"要(达到|实现|突破|接近|跻身|迈上|超过|力争)", last + before)
    ):
        rules.append("status:target (目标/力争)")
        return "target"
    ahead = [int(y) for y in re.findall(r"到(20\d\d)年", before)]
    if ahead and max(ahead) > review_end:
        rules.append("status:target (到20XX年, after the review)")
        return "target"
    if re.search(r"(预计|估算|粗算|测算)", before):
        rules.append("status:estimate (预计, 估算)")
        return "estimate"
    if re.search(
        r"预计[“\"]?(十[一二三四五]五[”\"]?末|20\d\d年底?)[，,]", previous
    ) and not re.search(r"[；;]", previous[previous.rfind("预计") :]):
        rules.append("status:estimate (预计 … a list)")
        return "estimate"
    if "预计" in last and re.match(r"(分别|是|较|同比|年均|增长|比)", before):
        rules.append("status:estimate (预计, the clause before)")
        return "estimate"
    return "actual"


def _period(
    head: str,
    before: str,
    after: str,
    kind: str,
    status: str,
    review: Period,
    rules: list[str],
) -> tuple[Period, Period | None]:
    baseline = None
    first = Period(review.start - 1, review.start - 1)
    if re.search(r"(十三五|“十三五”)末|2020年(底|末)?的", before + after) and kind in (
        "multiple",
        "cumulative-change",
    ):
        baseline = first
    if kind == "average-annual-growth":
        baseline = first
    if baseline is None and kind in ("multiple", "cumulative-change"):
        # 实现翻番, 下降23.8%: against the year before the review, unless a year is named
        baseline = first
        rules.append("baseline:the year before the review")
    compared = re.search(r"(?:比|较|相比)((?:19|20)\d\d)年", before)
    if compared:
        # 比2019年同期增长8.5%: the year compared with is the baseline, not the period
        baseline = Period(int(compared[1]), int(compared[1]))
        rules.append("baseline:the year compared with (比20XX年)")
    years = [
        y
        for y in YEAR.finditer(head)
        if not re.search(r"(比|较|相比)$", head[: y.start()])
        and not re.match(r"(以)?来", head[y.end() :])
    ]
    since = [int(y[1]) for y in YEAR.finditer(head) if re.match(r"(以)?来", head[y.end() :])]
    if re.search(r"从[^，,]*(到|至)$", before):
        # 从2013年的1.76缩小到1.61: the year is the start's; the end is read below
        years = [y for y in years if not head[: y.start()].endswith("从")]
    # 从359亿元起步, 排名从369位跃升至235位: where the period started
    if re.search(r"(从|由(?!上年|去年))[^，,\d到至为]{0,8}$", before) and not re.search(
        r"(从|由)[^，,]*(19|20)\d\d年", before
    ):
        rules.append("period:from (the year before the review)")
        return first, baseline
    if since and not years and kind in ("cumulative-change", "cumulative-total", "multiple"):
        # 2016年来“双倍增”: from the year after to the review's end
        rules.append("period:since the year named (20XX年以来)")
        return Period(since[-1] + 1, review.end), Period(since[-1], since[-1])
    plan = re.search(r"十[一二三四五]五", before + after)
    if status == "target" and plan:
        # 达到4万亿元“十四五”经济目标: the plan's last year
        rules.append("period:the last year of the plan named (a goal)")
        year = PLANS[plan.group()] + 4
        return Period(year, year), baseline
    if years:
        year = int(years[-1][1])
        cumulative = kind in ("average-annual-growth", "cumulative-change", "cumulative-total")
        if (cumulative or "累计" in before) and year > review.start:
            rules.append("period:review (to the year named)")
            return Period(review.start, year), baseline
        spell = re.search(r"([一二两三四五六七八九十])年(提升|上升|前移)$", before)
        if kind == "rank-change" and spell:
            span = int(chinese_number(spell[1].replace("两", "二")) or 0)
            rules.append("period:N years to the year named")
            return Period(year - span + 1, year), baseline
        rules.append("period:year named")
        return Period(year, year), baseline
    if kind == "threshold":
        if re.search(r"(截至|截止)[^，,]*末", head):
            rules.append("period:review end (截至…末)")
            return Period(review.end, review.end), baseline
        rules.append("period:review")
        return review, baseline
    if kind in (*LEVELS, "count") and re.search(
        r"(提高到|提升到|增加到|增至|缩小到|缩小至|扩大到|下降到|降至|提升至|上升到|跃升至|升至|调整为)[^，,0-9]{0,4}$",
        before,
    ):
        # 城镇化率从63.2%提高到72.7%: where it ended, at the review's end
        rules.append("period:review end (…到, where it ended)")
        return Period(review.end, review.end), baseline
    if (
        kind in ("level", "rate", "count", "share")
        and re.search(r"(达到|达|拥有|带动|增至|共有)[^，,]{0,4}$", before)
        and not FLOW.search(before)
    ):
        # 产能达570多万吨, 每千人口托位达4.6个: a level reached, at the review's end
        rules.append("period:review end (达到)")
        return Period(review.end, review.end), baseline
    if (
        kind == "count"
        and re.search(r"(超过|超|多达|总数|总量)$", before)
        and not DOING.search(before)
    ):
        # 民营经营主体超178万户: how many there are, at the review's end
        rules.append("period:review end (a count of what there is)")
        return Period(review.end, review.end), baseline
    if status in ("estimate", "target") and kind in (*LEVELS, "threshold"):
        # 人均地区生产总值预计达到15.7万元, 正向700亿元目标冲刺: the review's last year
        rules.append("period:review end (预计/目标)")
        return Period(review.end, review.end), baseline
    earlier = head[: len(head) - len(before)][-12:]  # the end of the clause before
    stock = kind == "count" and not DOING.search(earlier + before + after)
    if (kind in ("level", "rate", "ratio", "rank") and not DOING.search(before)) or stock:
        # 全省贷款余额13万亿元, 居全国第1位: where things stand as the review ends
        rules.append("period:review end (a level, undated)")
        return Period(review.end, review.end), baseline
    rules.append("period:review")
    return review, baseline


def _spans(
    before: str, kind: str, period: Period, baseline: Period | None, rules: list[str]
) -> tuple[Period, Period | None]:
    """What the words give over the period read so far: a change against a named year runs
    from the year after it (比2019年同期增长 in 2021: 2020–2021), N年平均增长 is N years
    to the year, and 上年的/去年的 is the year before."""
    changes = ("cumulative-change", "average-annual-growth")  # a multiple is of a year
    spell = re.search(r"([两二三四五六七八九十])年(平均|年均)(增长|增速|下降)[^，,]{0,2}$", before)
    if kind == "average-annual-growth" and spell:
        n = int(chinese_number(spell[1].replace("两", "二")) or 0)
        rules.append("period:N years to the year (N年平均)")
        return Period(period.end - n + 1, period.end), Period(period.end - n, period.end - n)
    if kind in changes and baseline is not None and baseline.end + 1 < period.start:
        rules.append("period:from the year after the baseline")
        return Period(baseline.end + 1, period.end), baseline
    if (
        re.search(r"(上年|去年|上一年)(同期)?的?[^，,比较0-9]{0,8}$", before)
        and kind not in changes
    ):
        rules.append("period:the year before (上年)")
        return Period(period.start - 1, period.start - 1), baseline
    return period, baseline


def _qualifier(figure: Figure, before: str, after: str) -> str:
    if figure.about or re.search(r"(突破|超过|超)$", before):
        return "more-than"
    if re.match(r"以上", after) or figure.word == "翻番":
        return "at-least"
    if re.search(r"(近|将近|接近)$", before):
        return "nearly"
    return "exact"


def _subject(head: str, after: str, subject: str, rules: list[str]) -> str:
    """The nearest place, organisation, county, district or zone named before the figure
    in its sentence (not the thing counted: 创建三甲医院2家; not the scope of a rank:
    居全国第8位; not what is compared with: 比全国快), else the article's subject."""
    window = re.split(r"[；;]", head)[-1]  # a semicolon starts a new subject
    named: list[tuple[int, int, str]] = [
        (m.end(), m.end() - m.start(), m[1])
        for m in ENTITY.finditer(window)
        if _reaches(window, m.end())
        if not re.search(r"(全市|全省|全国)", m[1])
        and not VERB.match(m[1])
        and len(window) - m.end() > 2
        # 安徽区域: a place's name and the 区 of the next word, not a district
        and (places.place(m[1][:-1]) is None or places.place(m[1]) is not None)
    ]
    whole = [
        places.Mention(m.start(), m.end(), m[0], places.Place(m[0], "", ""))
        for m in re.finditer(r"全[市省县区州盟]", window)
    ]
    for m in sorted([*places.mentions(window), *whole], key=lambda m: m.start):
        rest = window[m.end :]
        if not _reaches(window, m.end):
            continue
        if window[: m.start].count("“") > window[: m.start].count("”"):
            continue  # “中国西部百强区”: the name of an honour
        if re.search(r"(比|较|高于|低于|快于|慢于|占)$", window[: m.start]) and not re.fullmatch(
            r"[（(]", rest
        ):
            continue  # 比全国快, 占全省40%: what is compared with (but 比全国（8.1%）: its figure)
        if re.match(
            r"[^，,]{0,12}?(第|前[0-9一二三四五六七八九十]|排名|位次|[0-9一二两三四五六七八九十]+个[^，,]*中)",
            rest,
        ) or re.search(r"(居|位居|位列|排名|排在|列|跃居|领跑|在)$", window[: m.start]):
            continue  # 居全国第8位, 在全省16个地市中: the scope of a rank
        wide = m.place.name == places.CHINA or m.written == "全省"
        if wide and rest and (re.search(r"[，,]", rest) or not WHOLE_MEASURED.match(rest)):
            continue  # 全国重点实验室, 全省科技功臣: a qualifier; 全国GDP, 全省（…）: measured
        named.append((m.end, m.end - m.start, _resolve(m.written, m.place.name, subject)))
    if named:
        rules.append("subject:named before")
        return max(named)[2]
    rules.append("subject:the article's")
    return subject


def _reaches(window: str, end: int) -> bool:
    """Whether a name ending at ``end`` is still the topic where ``window`` ends: each later
    clause goes on without a topic of its own (同比增长…, 总量…, 2021年GDP…)."""
    return all(CONTINUES.match(c.strip()) for c in re.split(r"[，,]", window[end:])[1:])


def _resolve(written: str, name: str, subject: str) -> str:
    """全市/全省 as the place the article is about (or its province), else ``name``, the
    full name of the place ``written`` names."""
    if written in ("全市", "全县", "全区", "全州", "全盟"):
        return subject
    if written == "全省":
        known = places.place(subject)
        return known.province if known and known.province else written
    return name


def _indicator_phrase(before: str) -> str:
    """The words naming what is measured: the clause before the figure, without the verbs
    and markers around it."""
    phrase = re.split(r"[0-9][0-9.]*[^、，,0-9]*[、和与]", before)[-1]  # after a list's figures
    phrase = re.sub(r"^.*?(20\d\d年|全市|全县|全区|全省)", "", phrase)
    phrase = re.sub(
        r"(预计|实现|完成|达到|达|突破|增长|年均|累计|分别|是|为|从|由|提高到|提高|"
        r"增加到|增加|下降|超过|位列|居|排名|连续|第|约|近|以上|的|了|、)+$",
        "",
        phrase,
    )
    phrase = phrase.split("从")[0]  # 排名从369位: what is ranked
    phrase = ENTITY.sub("", phrase) if ENTITY.match(phrase) else phrase  # who, not what
    phrase = re.sub(r"^(预计|实现|完成|达到|正向|带动|分别是|是|在|其中|连跨)+", "", phrase)
    phrase = re.sub(r"(预计|实现|完成|达到|正向|带动|分别是|是|跃升至|提升至)+$", "", phrase)
    phrase = re.sub(
        r"[“\"]?十[一二三四五]五[”\"]?末的?|^[，,、]", "", phrase
    )  # the baseline, not what
    phrase = re.sub(r"(分别是|分别为|分别|是|为)+$", "", phrase)
    if re.fullmatch(r"[0-9.]+[^0-9]{0,3}", phrase):
        return ""  # another figure of a list, not what is measured
    return phrase[-16:].strip(' “”"')
