"""The figures of a Chinese text: every number (Arabic or Chinese numerals, with 万/亿/万亿
scales, ranges and the words that stand for numbers such as 翻番), with its unit as written
and our unit where one matches. Offsets are code points of the text as given."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

# Written unit -> (our unit's local name, how many of our unit one written unit is).
# Kept in step with data/units.ttl by tests/test_extract.py; the extractor never reads data/.
UNITS: dict[str, tuple[str, Decimal]] = {
    "万亿元": ("yi-yuan", Decimal(10000)),
    "亿元": ("yi-yuan", Decimal(1)),
    "万元": ("wan-yuan", Decimal(1)),
    "元": ("yuan", Decimal(1)),
    "%": ("percent", Decimal(1)),
    "％": ("percent", Decimal(1)),
    "倍": ("times", Decimal(1)),
    "万人次": ("wan-person-time", Decimal(1)),
    "人次": ("person-time", Decimal(1)),
    "万人": ("wan-person", Decimal(1)),
    "人": ("person", Decimal(1)),
    "万户": ("wan-hu", Decimal(1)),
    "万亩": ("wan-mu", Decimal(1)),
    "亩": ("mu", Decimal(1)),
    "万吨/年": ("wan-tonne-per-year", Decimal(1)),
    "吨/年": ("tonne-per-year", Decimal(1)),
    "万吨": ("wan-tonne", Decimal(1)),
    "吨": ("tonne", Decimal(1)),
    "公里": ("km", Decimal(1)),
    "千米": ("km", Decimal(1)),
    "毫米": ("mm", Decimal(1)),
    "平方米": ("square-metre", Decimal(1)),
    "米": ("metre", Decimal(1)),
    "季度": ("quarter", Decimal(1)),
    "个季度": ("quarter", Decimal(1)),
    "年": ("year", Decimal(1)),
    "岁": ("year", Decimal(1)),  # 人均预期寿命82.58岁: an age in years
    "位": ("rank", Decimal(1)),
    "个位次": ("rank", Decimal(1)),
    "位次": ("rank", Decimal(1)),
}
# Currencies we have no unit for: kept as written (1.92万亿美元), never read as counters.
FOREIGN_CURRENCIES = ("美元", "港元", "港币", "欧元", "日元", "英镑")
# Other units we have no term for, kept as written: 优良天数281天.
UNMAPPED = ("天", "斤", "千瓦时", "千瓦", "立方米", "平方公里", "公顷", "标准箱")
# Measure words of things counted (our unit "item").
COUNTERS = "个家项所座条处批台套辆种场部本张件只间栋户名支次对"
for _word in COUNTERS:
    UNITS.setdefault(_word, ("item", Decimal(1)))
UNITS["名"] = ("person", Decimal(1))  # 名 counts people (a rank's 名 is read by the rules)

SCALES = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4}
# Scale + a counter, written as one unit: 1.2万家 is 12,000 items.
UNIT_PATTERN = "|".join(
    # 3万亿台阶: the 台 of 台阶 counts nothing
    re.escape(u) + ("(?!阶)" if u == "台" else "")
    for u in sorted(
        {*UNITS, "个台阶", "个百分点", "级", "人民币", *FOREIGN_CURRENCIES, *UNMAPPED},
        key=len,
        reverse=True,
    )
)
CHINESE_DIGITS = "零〇一二两三四五六七八九十百千"
ARABIC = r"[0-9]+(?:\.[0-9]+)?"
NUMBER = re.compile(
    rf"(?P<num>{ARABIC}|[{CHINESE_DIGITS}]+)"
    rf"(?:\s*[-—~～至到]\s*(?P<high>{ARABIC}))?"
    r"(?P<about>[余多])?"
    r"(?P<scale>万亿|亿|万)?"
    r"(?P<about2>[余多])?"
    rf"(?P<unit>{UNIT_PATTERN})?"
    r"(?P<ratio>[:∶]1(?!\d))?"
)
# Words that stand for a number: 翻番 (doubled), 翻一番, 翻两番, 首个 (the first).
WORD_NUMBERS = re.compile(
    r"翻(?P<n>[一两二三]?)番|(?P<double>(?<![双])倍增)|(?P<top>榜首|首位)"
    # 突破万亿元大关, 破万亿: one 万亿, after a verb of reaching
    r"|(?:(?<=突破)|(?<=破)|(?<=达到)|(?<=跨越)|(?<=跨上)|(?<=站上)|(?<=迈上)|(?<=过))"
    r"(?P<bare>万亿)(?P<yuan>元)?(?!级)"
    r"|(?P<den>[二三四五六七八九十百])分之(?P<numr>[零一二两三四五六七八九十百点]+)"
    r"|(?<![一二三四五六七八九十])(?P<tenths>[一二三四五六七八九])成(?![为功立果绩员就长效熟本交品不])"
)
# A structure of three or more parts (三次产业结构8.7∶41.2∶50.1): each part a share.
STRUCTURE = re.compile(rf"(?<![\d.])({ARABIC})(?:\s*[:∶]\s*({ARABIC})){{2,}}(?![\d.])")
PLAN_NAME = re.compile(r"[“\"]?十[一二三四五六七八九]五[”\"]?")


@dataclass
class Figure:
    """One number in the text."""

    start: int
    end: int
    written: str  # the number as written, with its scale and unit
    value: Decimal  # in ``unit`` (our unit); a bare scale is applied (1.2万 is 12000)
    unit_written: str
    unit: str | None  # our unit's local name (unit:…), if one matches
    factor: Decimal  # how many of ``unit`` one written unit is (万亿元: 10000 亿元)
    about: str = ""  # 余/多: more than
    high: Decimal | None = None  # the top of a range (20-60万元)
    ratio: bool = False  # written N:1
    word: str = ""  # a word that stands for the number (翻番)


def chinese_number(text: str) -> Decimal | None:
    """A Chinese numeral (三, 十五, 两百) as a number, by cn2an; None if it is not one."""
    import cn2an  # type: ignore[import-untyped]  # no stubs ship with it

    try:
        return Decimal(str(cn2an.cn2an(text.replace("两", "二"), "smart")))
    except (ValueError, KeyError, TypeError):
        return None


def _masked(text: str) -> set[int]:
    """Positions that are names, not figures: plan names (“十四五”) and dates (2025年,
    12月, 3日 after a month)."""
    masked: set[int] = set()
    for match in PLAN_NAME.finditer(text):
        masked.update(range(match.start(), match.end()))
    for match in STRUCTURE.finditer(text):  # read part by part in find
        masked.update(range(match.start(), match.end()))
    for match in re.finditer(r"(?<![\d.])(19|20)\d\d(?=年)", text):
        masked.update(range(match.start(), match.end()))
    for match in re.finditer(r"(?<![\d.])\d{1,2}(?=月)|(?<=月)\d{1,2}(?=日)", text):
        masked.update(range(match.start(), match.end()))
    # 1-11月: months; 2013、2018年: years of a list
    for match in re.finditer(
        r"(?<![\d.])\d{1,2}\s*[-—~～至到]\s*\d{1,2}(?=月)"
        r"|(?<![\d.])(?:19|20)\d\d(?=(?:[、和与至到—-](?:19|20)\d\d)*[、和与至到—-](?:19|20)\d\d年)",
        text,
    ):
        masked.update(range(match.start(), match.end()))
    return masked


def _is_figure(text: str, match: re.Match[str]) -> bool:
    """Whether a number is a figure, not part of a name or an ordinal word."""
    before = text[max(0, match.start() - 2) : match.start()]
    after = text[match.end() : match.end() + 2]
    if after[:1] == "强" or re.match(r"(之路|俱乐)", after):
        return False  # 世界500强, 百强, 4万亿俱乐部: the name of a list or a club
    if re.search(r"[A-Za-z+]$", before) or re.match(r"[A-Za-z+]", after):
        return False  # G312, S52, 5G, 4N5, “2+4”: names
    if before.endswith("第"):
        # a rank (第55位, 全省第二), not an ordinal word (第一动力, 第四批, 第一家)
        return bool(
            match["unit"] in ("位", "名")
            or not re.match(r"[\u4e00-\u9fff]", after)
            or re.match(r"(提升|上升|提高|跃升|前移|下降|到|至|升至)", after)  # 第五提升到第三
        )
    if match["unit"] == "位" and re.match(r"(一体|数)", after):
        return False  # 三位一体, 两位数
    if match["unit"] == "年" and (
        match["high"]
        or re.match(r"(前|后|以前|以后|之前|之后)", after)
        or re.search(r"(今后|未来|过去|最近|近)$", before)
    ):
        return False  # 20年前, 今后5年, 3到4年: a time, not a figure
    if not (match["unit"] or match["scale"] or match["ratio"] or match["high"]):
        # a bare number: in a list whose last member has a unit (400亿、500亿、600亿元), or
        # a decimal in a from-to of a ratio (倍差从2.37缩小到1.94, 从2013年的1.76)
        ratio = "." in match["num"] and re.search(r"(从|到|至|年的)$", before)
        return bool(re.match(r"[、和与至到]", after) or ratio)
    return True


def find(text: str) -> list[Figure]:
    """Every figure of ``text``, in order."""
    masked = _masked(text)
    found: list[Figure] = []
    for match in NUMBER.finditer(text):
        if match.start() in masked:
            continue
        number = match["num"]
        if number[0] in CHINESE_DIGITS:
            # a Chinese numeral is a figure only before a unit or counter, or after 第/连续
            before = text[max(0, match.start() - 2) : match.start()]
            if not (match["unit"] or match["scale"]) and not before.endswith(("第", "连续")):
                continue
            alone = len(number) == 1 and number in "千百十" and not match["scale"]
            if (alone and not (match["about"] and match["unit"])) or number == "万":
                continue
            if number == "一" and not before.endswith(("第", "连续")):
                continue  # 一条, 一批: an article, not a figure
            if match["unit"] == "年" and not before.endswith("连续"):
                continue  # 五年来, 四年提升: a span of time, read as the period
            if match["unit"] == "季度":
                continue  # 一季度, 前三季度: a date (N个季度 counts quarters)
            if number in ("零", "〇"):
                continue  # 零部件, 零距离
            tier = match["unit"] == "级" and not match["scale"]  # 五级 (but 千亿级: 1000 亿元)
            if tier or text.startswith("产业", match.end()):
                continue  # 五级全覆盖, 三次产业: tiers and terms
            value = chinese_number("一" + number if number in "千百" else number)
        else:
            value = Decimal(number)
        if value is None or not _is_figure(text, match):
            continue
        found.append(_figure(match, value))
    for match in WORD_NUMBERS.finditer(text):
        if match["bare"]:
            unit = "yi-yuan" if match["yuan"] else None
            figure = Figure(
                match.start(),
                match.end(),
                match.group(),
                Decimal(10000) if unit else Decimal(10) ** 12,
                match.group(),
                unit,
                Decimal(10000) if unit else Decimal(1),
            )
            found.append(figure)  # a number, not a word: read like 1万亿元
            continue
        if match["den"] or match["tenths"]:  # 四分之一, 七成: a part of a whole
            part = _part(match["numr"] or match["tenths"], match["den"] or "十")
            if part is None:
                continue
            figure = Figure(
                match.start(), match.end(), match.group(), part, "%", "percent", Decimal(1)
            )
            if match["den"] == "百":  # 百分之五: a percent like 5%, read by the words around it
                found.append(figure)
                continue
        elif match["top"]:  # 居全省首位, 位居榜首: first place
            figure = Figure(
                match.start(), match.end(), match.group(), Decimal(1), "", "rank", Decimal(1)
            )
        else:
            n = {"": 1, "一": 1, "二": 2, "两": 2, "三": 3}[match["n"] or ""]  # 倍增: twice
            figure = Figure(
                match.start(),
                match.end(),
                match.group(),
                Decimal(2) ** n,
                "倍",
                "times",
                Decimal(1),
            )
        figure.word = match.group()
        found.append(figure)
    for match in STRUCTURE.finditer(text):
        for piece in re.finditer(ARABIC, match.group()):
            start = match.start() + piece.start()
            found.append(
                Figure(
                    start,
                    start + len(piece[0]),
                    piece[0],
                    Decimal(piece[0]),
                    "%",
                    "percent",
                    Decimal(1),
                    word="structure",
                )
            )
    found.sort(key=lambda f: f.start)
    _share_units(text, found)
    return found


def _part(numerator: str, denominator: str) -> Decimal | None:
    """A fraction in percent: 四分之一 is 25, 七成 is 70, 百分之三十五点五 is 35.5."""
    top = chinese_number(numerator)
    if denominator == "百":
        return top
    bottom = chinese_number(denominator)
    if top is None or not bottom or top > bottom:
        return None
    part = (100 * top / bottom).quantize(Decimal("0.01"))
    return part.quantize(Decimal(1)) if part == part.to_integral_value() else part


def _figure(match: re.Match[str], value: Decimal) -> Figure:
    scale = match["scale"] or ""
    unit_written = match["unit"] or ""
    written_unit = scale + unit_written
    # 12万亿人民币 is 12万亿元
    unit, factor = UNITS.get(scale + unit_written.replace("人民币", "元"), (None, Decimal(1)))
    high = Decimal(match["high"]) if match["high"] else None
    if unit is None and unit_written in UNITS and unit_written != "人民币":
        # a scale before a unit we know: 1.2万家 = 12,000 items
        unit, factor = UNITS[unit_written]
        factor *= SCALES.get(scale, Decimal(1))
    elif unit is None and scale and not unit_written:
        factor = SCALES[scale]  # a bare scale: 1.2万 = 12,000
        if re.match(r"(群众|居民|农民|职工|人口|名)", match.string[match.end() : match.end() + 2]):
            unit = "person"  # 2.2万群众: people
    if scale and unit_written in ("元", "级") and match["num"] in ("千", "百"):
        unit, factor = "yi-yuan", SCALES[scale] / SCALES["亿"]  # 千亿元, 千亿级: 1000 亿元
    if match["ratio"]:
        unit, factor, written_unit = "ratio", Decimal(1), ":1"
    if unit_written in ("个台阶", "个百分点"):
        unit = None
    return Figure(
        match.start(),
        match.end(),
        match.group(),
        value * factor,  # in our unit: 7万亿元 is 70000 亿元, 1.2万家 is 12000 items
        written_unit,
        unit,
        factor,
        about=match["about"] or match["about2"] or "",
        high=high,
        ratio=bool(match["ratio"]),
    )


def _share_units(text: str, figures: list[Figure]) -> None:
    """In a list (400亿、500亿、600亿元), a figure without a unit takes the unit of the
    last figure of the list that has one."""
    for i in range(len(figures) - 2, -1, -1):
        figure, after = figures[i], figures[i + 1]
        between = text[figure.end : after.start]
        if figure.unit is None and between in ("、", "和", "与", "至", "到") and after.unit:
            digits = re.match(ARABIC, figure.written)
            scale = figure.written[digits.end() :] if digits else ""
            written = scale + after.unit_written.removeprefix(scale) if scale else ""
            if digits and scale and written in UNITS:
                figure.unit, figure.factor = UNITS[written]
                figure.value = Decimal(digits.group()) * figure.factor  # 2万、3万亿元: 20000 亿元
            elif not scale:
                figure.unit, figure.factor = after.unit, after.factor
                figure.value *= after.factor
            figure.unit_written = after.unit_written
