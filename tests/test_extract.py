"""``jcgraph extract``: figures found with their units and scales, read into kinds,
statuses, periods and subjects by named rules, with exact quotes and offsets. The phrases
below are short sentences written for these tests in the genre's style; the scores on our
own article (bench/extract.py) need the article and skip without it."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDFS, Graph, Literal, Namespace

from jcgraph.cli import cli
from jcgraph.extract import extract, places, review_of, subject_of
from jcgraph.extract.figures import UNITS
from jcgraph.paths import layout, source_article

ROOT = Path(__file__).parent.parent
JC = Namespace("https://w3id.org/jcgraph/ontology#")
UNIT = Namespace("https://w3id.org/jcgraph/id/unit/")


def one(text: str, **kwargs: object):
    """The only candidate of ``text``."""
    found = extract(text, subject="甲市", review=(2021, 2025), **kwargs)  # type: ignore[arg-type]
    assert len(found) == 1, [(c.written, c.kind) for c in found]
    return found[0]


# ------------------------------------------------------------------ numbers, scales, units


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("全市粮食产量达到12.5万吨。", Decimal("12.5"), "wan-tonne"),
        ("全市生产总值达到7万亿元。", Decimal("70000"), "yi-yuan"),
        ("全市新增市场主体1.2万家。", Decimal("12000"), "item"),
        ("全市建成体育公园三个。", Decimal(3), "item"),
        ("全市建成体育公园三座。", Decimal(3), "item"),
        ("全市新增就业2.2万群众。", Decimal(22000), "person"),
        ("全市建成三个体育公园。", Decimal(3), "item"),
        ("人均收入是“十三五”末的2.5倍。", Decimal("2.5"), "times"),
        ("城乡收入比缩小至2.31:1。", Decimal("2.31"), "ratio"),
        ("每千人口拥有医师3.2个。", Decimal("3.2"), "per-thousand-people"),
        ("全市人均公园面积达到12平方米。", Decimal(12), "square-metre-per-person"),
        ("排名全省第四。", Decimal(4), "rank"),
        ("GDP占全省的七成左右。", Decimal(70), "percent"),
        ("约占全市GDP的四分之一。", Decimal(25), "percent"),
        ("大湾区GDP可超过12万亿人民币。", Decimal(120000), "yi-yuan"),
        ("2021年GDP仅为1923.5亿。", Decimal("1923.5"), "yi-yuan"),  # a sum of money
        ("人均GDP达10900美元。", Decimal(10900), None),  # kept as written: no unit of ours
        ("深圳稳步踏上3万亿台阶。", Decimal(30000), "yi-yuan"),  # 台阶 counts nothing
        ("2010年,经济总量突破万亿元大关。", Decimal(10000), "yi-yuan"),
        ("提前一年实现了GDP破万亿的目标。", Decimal(10000), "yi-yuan"),
        ("千余家优质企业融入配套。", Decimal(1000), "item"),
        ("非化石能源占比达百分之三十五点五。", Decimal("35.5"), "percent"),
        ("保持一成不变。", None, None),
        ("人均预期寿命达到82.58岁。", Decimal("82.58"), "year"),
        ("优良天数281天。", Decimal(281), None),  # kept as written: no unit of ours
        ("粮食产量稳定在430亿斤以上。", Decimal(430), None),  # 亿斤 kept as written
        ("国际友城达到567对。", Decimal(567), "item"),
        ("2024年进出口总额过万亿元。", Decimal(10000), "yi-yuan"),
        # names, dates and times, not figures
        ("实现省市县乡村五级全覆盖,三次产业协调发展。", None, None),
        ("首次迈进4万亿俱乐部,深圳的3万亿之路。", None, None),
        ("汽车及零部件产业。", None, None),
        ("去年1-11月,前三季度。", None, None),
        ("此后的2013、2018年。", None, None),
        ("这在20年前不敢想象,今后5年,花了3到4年。", None, None),
    ],
)
def test_values_and_units(text: str, value: Decimal | None, unit: str | None) -> None:
    found = extract(text, subject="甲市", review=(2021, 2025))
    if value is None:
        assert found == []
        return
    assert len(found) == 1, [(c.written, c.unit) for c in found]
    assert (found[0].value, found[0].unit) == (value, unit)


def test_a_scale_is_shared_along_a_list() -> None:
    found = extract("分别跨越2万、3万亿元台阶。", subject="甲市", review=(2021, 2025))
    assert [(c.value, c.unit) for c in found] == [
        (Decimal(20000), "yi-yuan"),
        (Decimal(30000), "yi-yuan"),
    ]


def test_the_members_of_a_list_are_read_as_its_first() -> None:
    found = extract("2021年,增加值同比分别增长17.3%、14.6%。", subject="甲市", review=(2021, 2021))
    assert [c.kind for c in found] == ["cumulative-change"] * 2
    assert "kind:as the figure before it in a list" in found[1].rules
    fallen = extract("产量分别下降3%、4%。", subject="甲市", review=(2021, 2021))
    assert [c.value for c in fallen] == [Decimal(-3), Decimal(-4)]


def test_a_range_keeps_both_ends() -> None:
    c = one("每户补贴20-60万元。")
    assert (c.value, c.high, c.unit) == (Decimal(20), Decimal(60), "wan-yuan")


def test_a_list_shares_the_unit_of_its_last_figure() -> None:
    found = extract("全市生产总值连跨400亿、500亿元两个台阶。", subject="甲市", review=(2021, 2025))
    shown = [(c.value, c.unit, c.kind) for c in found]
    assert shown[:2] == [
        (Decimal(400), "yi-yuan", "threshold"),
        (Decimal(500), "yi-yuan", "threshold"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "2025年是“十四五”收官之年。",  # a year and a plan's name
        "G312线和S52高速通车。",  # road numbers
        "建成5G基站。",  # a technology's name
        "入选世界500强。",  # the name of a list
        "走出一条新路径。",  # 一条: an article
        "创新是第一动力。",  # an ordinal word
        "五年来成就显著。",  # a span of time
    ],
)
def test_names_dates_and_words_are_not_figures(text: str) -> None:
    assert extract(text, subject="甲市", review=(2021, 2025)) == []


def test_words_that_stand_for_numbers() -> None:
    assert (one("人均生产总值实现翻番。").value, one("人均生产总值实现翻番。").kind) == (
        Decimal(2),
        "multiple",
    )
    assert one("产值翻两番。").value == Decimal(4)
    top = one("县医院在全省评估中位居榜首。")
    assert (top.value, top.kind) == (Decimal(1), "rank")


def test_chinese_numerals_are_read_by_cn2an() -> None:
    c = one("连续十二年获评先进。")
    assert (c.value, c.kind, c.unit) == (Decimal(12), "streak", "year")


# ------------------------------------------------------------------ kinds, status, period


@pytest.mark.parametrize(
    ("text", "kind", "status", "period", "baseline"),
    [
        ("全市生产总值年均增长8.5%。", "average-annual-growth", "actual", "2021-2025", "2020"),
        ("2025年全市生产总值预计达到600亿元。", "level", "estimate", "2025", None),
        ("全市生产总值正向800亿元目标冲刺。", "level", "target", "2025", None),
        ("到2030年生产总值力争达到900亿元。", "level", "target", "2030", None),
        ("单位能耗累计下降12.5%。", "cumulative-change", "actual", "2021-2025", "2020"),
        # a change against a named year runs from the year after it
        ("投资比2019年同期增长8.5%。", "cumulative-change", "actual", "2020-2025", "2019"),
        ("2021年,投资比2019年同期增长8.5%。", "cumulative-change", "actual", "2020-2021", "2019"),
        ("2021年,投资两年平均增长4.2%。", "average-annual-growth", "actual", "2020-2021", "2019"),
        ("2021年,全市GDP增速为0%。", "cumulative-change", "actual", "2021", "2020"),
        ("2021年,上年的城镇化率是40.3%。", "rate", "actual", "2020", None),
        ("2016年,经济总量站上2万亿元台阶。", "threshold", "actual", "2016", None),
        ("民营经营主体超178万户。", "count", "actual", "2025", None),  # how many there are
        ("新增城市绿道超200公里。", "cumulative-total", "actual", "2021-2025", None),
        ("发展指数排位升至全球第18位。", "rank", "actual", "2025", None),
        ("经济总量要跻身前列,接近6万亿元。", "level", "target", "2025", None),
        ("2021年,经济总量达到4万亿元“十四五”经济目标。", "level", "target", "2025", None),
        ("2021年,按汇率粗算约合1.92万亿美元。", "level", "estimate", "2021", None),
        ("财政收入突破100亿元。", "threshold", "actual", "2021-2025", None),
        ("县域经济排名提升12个位次。", "rank-change", "actual", "2021-2025", None),
        ("高新技术企业数量是“十三五”末的3倍。", "multiple", "actual", "2021-2025", "2020"),
        ("民生支出占财政支出的比重为80%。", "share", "actual", "2021-2025", None),
        ("五年来,累计完成投资900亿元。", "cumulative-total", "actual", "2021-2025", None),
        ("2023年排名全省第8位。", "rank", "actual", "2023", None),
        ("生产总值从300亿元起步。", "level", "actual", "2020", None),
    ],
)
def test_kind_status_and_period(
    text: str, kind: str, status: str, period: str, baseline: str | None
) -> None:
    c = one(text)
    assert (c.kind, c.status, c.period, c.baseline) == (kind, status, period, baseline), c.rules


def test_a_fall_is_negative_and_names_its_rule() -> None:
    c = one("碳排放强度下降18%。")
    assert c.value == Decimal(-18)
    assert "value:negative (下降)" in c.rules


def test_the_subject_is_the_organisation_named_before_else_the_article_s() -> None:
    assert one("2025年,某某集团营业收入达到900亿元。").subject == "某某集团"
    assert one("全市营业收入达到900亿元。").subject == "甲市"
    # what is counted is not who counts it
    assert one("创建国家级绿色园区3家。").subject == "甲市"


def test_an_increase_of_n_times_is_a_percent_change() -> None:
    c = one("新能源汽车产量增长1.3倍。")
    assert (c.kind, c.value, c.unit) == ("cumulative-change", Decimal(130), "percent")
    assert one("产值是2020年的1.3倍。").kind == "multiple"


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("丙市“十四五”综述\n2025年生产总值达到600亿元。", (2021, 2025)),
        ("丙省这十年\n2012年到2021年,生产总值翻了一番。", (2013, 2021)),
        ("丙市2021年经济数据出炉\n2021年生产总值增长8%,2020年增长3%。", (2021, 2021)),
        ("丙市经济\n到2035年基本实现现代化,2022年生产总值增长5%。", (2022, 2022)),
    ],
)
def test_the_years_an_article_reviews(text: str, years: tuple[int, int]) -> None:
    assert review_of(text) == years


def test_the_year_an_article_appeared_dates_a_decade_it_does_not() -> None:
    text = "8月30日，丙省举行“这十年”发布会。十年来，城镇化率从63.2%提高到72.7%。"
    assert review_of(text, 2022) == (2013, 2021)
    found = extract(text, subject="丙省", published=2022)
    assert [(c.value, c.period) for c in found] == [
        (Decimal("63.2"), "2012"),
        (Decimal("72.7"), "2021"),
    ]


def test_a_structure_is_read_as_shares_from_and_to() -> None:
    found = extract("三次产业结构由8.7∶41.2∶50.1调整为7.4∶39.6∶53。", subject="甲省")
    assert [(c.value, c.kind, c.period) for c in found] == [
        (Decimal("8.7"), "share", "2020"),
        (Decimal("41.2"), "share", "2020"),
        (Decimal("50.1"), "share", "2020"),
        (Decimal("7.4"), "share", "2025"),
        (Decimal("39.6"), "share", "2025"),
        (Decimal(53), "share", "2025"),
    ]
    # a ratio of three parts is a structure, not a ratio N:1 and shares over one another
    assert [c.kind for c in extract("比例为2:1:1。", subject="甲省")] == ["share"] * 3
    doubled = extract("科技型中小企业达到2.9万家，均实现倍增。", subject="甲省")
    assert (doubled[-1].value, doubled[-1].kind) == (Decimal(2), "multiple")


def test_ranks_and_ratios_of_a_from_to() -> None:
    ranks = extract("创新能力从全国第五提升到第三。", subject="甲市")
    assert [(c.value, c.kind) for c in ranks] == [(5, "rank"), (3, "rank")]
    ratios = extract("城乡居民收入倍差从2.37缩小到1.94。", subject="甲市")
    assert [(c.value, c.kind, c.unit) for c in ratios] == [
        (Decimal("2.37"), "ratio", "ratio"),
        (Decimal("1.94"), "ratio", "ratio"),
    ]


def test_the_article_subject_and_period_come_from_its_title() -> None:
    title = "乙市“十四五”经济社会发展综述\n\n五年来,乙市生产总值年均增长7%。"
    assert subject_of(title) == "乙市"
    assert review_of(title) == (2021, 2025)
    assert extract(title)[0].subject == "乙市"


def test_places_are_read_by_full_or_short_name() -> None:
    title = "乙县数据\n2021年，深圳GDP突破3万亿元，广东省生产总值达12.4万亿元。"
    found = {c.written: c.subject for c in extract(title, review=(2021, 2021))}
    assert found == {"3万亿元": "深圳市", "12.4万亿元": "广东省"}
    # a title that names a place but no plan: the place is the article's
    news = "书记拜年，深圳GDP破3万亿元\n全市进出口总额31579.51亿元。"
    assert extract(news)[-1].subject == "深圳市"
    # a section of a report that names its place only further on
    section = "各位代表！五年来，全市GDP年均增长4.4%。" + "其他。" * 100 + "天津港吞吐量增长。"
    assert extract(section)[0].subject == "天津市"


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("2021年，宿州GDP为2167.7亿元，在全省16个地市中居第7位。", "宿州市"),  # scope
        ("安徽增速比全国（8.1%）快。", "中国"),  # the figure of what is compared
        ("2021年，芜湖外贸进出口总量占全省40%以上。", "芜湖市"),  # the whole, not who
        ("成功重组全国重点实验室，建成4个国家级创新平台。", "甲市"),  # a qualifier
        ("金川区入围“中国西部百强区”，年均增长10.8%。", "金川区"),  # a quoted honour
        ("全省地区生产总值增长6%。", "甘肃省"),  # 全省: the article's province
        # a named subject reaches the clauses that go on without a topic of their own
        ("某某集团营业收入900亿元，同比增长8%。", "某某集团"),
        ("自贸试验区排名全国第三，发展指数升至全球第18位。", "甲市"),
        ("东莞GDP过万亿,全省4个城市GDP过万亿。", "甘肃省"),  # 全省N个: the province's
        ("安徽区域创新能力2020年居全国第8位。", "安徽省"),  # 安徽 + 区域, no 安徽区
    ],
)
def test_the_subject_is_the_place_measured(sentence: str, subject: str) -> None:
    city = "金昌市" if subject == "甘肃省" else "甲市"
    found = extract(sentence, subject=city, review=(2021, 2021))
    assert found
    assert found[-1].subject == subject, found[-1].rules


@pytest.mark.parametrize(
    ("sentence", "scope"),
    [
        ("增速居全国第8位。", "中国"),
        ("在全省16个地市中居第7位。", "甘肃省"),  # 全省 of an article about 金昌市
        ("内河航道里程华东第一。", "华东"),
        ("世界500强排名从369位跃升至235位。", "世界500强"),
        ("2023年排名第8位。", None),
    ],
)
def test_a_rank_names_where_it_holds(sentence: str, scope: str | None) -> None:
    ranks = [
        c for c in extract(sentence, subject="金昌市", review=(2021, 2025)) if c.kind == "rank"
    ]
    assert ranks and {c.scope for c in ranks} == {scope}


def test_the_members_of_a_respectively_list_measure_different_things() -> None:
    found = extract("集团营业收入、工业产值分别是“十三五”末的3.4倍、1.9倍。", subject="甲市")
    assert [c.indicator for c in found] == [
        "集团营业收入、工业产值（第1项）",
        "集团营业收入、工业产值（第2项）",
    ]
    counted = extract("建成4个国家级创新平台、20个省部级创新平台。", subject="甲市")
    assert [c.indicator for c in counted] == ["国家级创新平台", "省部级创新平台"]


def test_a_name_shared_by_a_city_and_a_county_names_the_city() -> None:
    for city, province in (("东莞市", "广东省"), ("嘉峪关市", "甘肃省"), ("儋州市", "海南省")):
        found = places.place(city)
        assert found is not None and (found.code, found.province)[1] == province
        assert len(found.code) == 4
    assert places.place("朝阳区").code == ""  # counties of several cities: none of them
    sentence = extract("全省地区生产总值增长6%。", subject="东莞市", review=(2021, 2021))
    assert sentence[0].subject == "广东省"


@pytest.mark.parametrize(
    ("title", "subject"),
    [
        ("回眸金昌市“十四五”发展", "金昌市"),
        ("甘肃省金昌市“十四五”经济社会发展综述", "金昌市"),
        ("2026年河南省“十四五”回顾", "河南省"),
        ("乙市“十四五”经济社会发展综述", "乙市"),  # a place the gazetteer lacks
        ("经济运行情况", None),
    ],
)
def test_the_title_names_the_place_before_its_plan(title: str, subject: str | None) -> None:
    assert subject_of(title + "\n五年来，全市生产总值年均增长7%。") == subject


def test_the_gazetteer_agrees_with_our_division_codes() -> None:
    """places.tsv names the record it was made from, and the codes of data/places.ttl
    are the gazetteer's codes for the same names (the extractor itself never reads data/)."""
    gazetteer = Path(places.__file__).with_name("places.tsv")
    header = gazetteer.read_text(encoding="utf-8").split("\n", 1)[0]
    assert re.search(
        r"github\.com/modood/Administrative-divisions-of-China at [0-9a-f]{40}", header
    )
    graph = Graph().parse(layout().data / "places.ttl")
    codes = {}
    for entity, code in graph.subject_objects(JC.divisionCode):
        for label in graph.objects(entity, RDFS.label):
            if isinstance(label, Literal) and label.language == "zh":
                codes[str(label)] = str(code)
    assert len(codes) == 4
    for name, code in codes.items():
        found = places.place(name)
        assert found is not None, name
        assert found.code.ljust(6, "0") == code, name


def test_quotes_sit_at_their_offsets_and_are_short() -> None:
    text = "五年来,全市地区生产总值从300亿元起步,年均增长8.5%,人均生产总值预计达到9.1万元。"
    for c in extract(text, subject="甲市", review=(2021, 2025)):
        assert text[c.start : c.end] == c.written
        assert text[c.quote_start : c.quote_end] == c.quote
        assert c.quote_start <= c.start and c.end <= c.quote_end
        assert len(c.quote) <= 40


def test_every_unit_the_extractor_maps_is_ours_with_the_same_factor() -> None:
    """The written-unit table (the extractor never reads data/) agrees with data/units.ttl."""
    units = Graph().parse(layout().data / "units.ttl")
    for written, (local, factor) in UNITS.items():
        iri = UNIT[local]
        assert (iri, None, None) in units, (written, local)
        label = str(units.value(iri, JC.conversionFactor))
        base = units.value(iri, JC.baseUnit)
        assert base is not None and Decimal(label) > 0, (written, local)
        if written.startswith("万") and factor == 1 and local.startswith("wan-"):
            assert Decimal(label) == 10000 * Decimal(str(units.value(base, JC.conversionFactor))), (
                written
            )


# ------------------------------------------------------------------ the command


def test_the_command_writes_a_review_table(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("丙市“十四五”综述\n五年来,全市生产总值年均增长8.5%。", encoding="utf-8")
    out = tmp_path / "candidates.tsv"
    result = CliRunner().invoke(cli, ["extract", str(article), "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    assert header[0] == "decision" and "quote" in header and "rules" in header
    row = dict(zip(header, lines[1].split("\t"), strict=True))
    assert (row["value"], row["unit"], row["kind"], row["subject"]) == (
        "8.5",
        "unit:percent",
        "average-annual-growth",
        "丙市",
    )
    as_json = CliRunner().invoke(cli, ["extract", str(article), "--format", "json"])
    assert json.loads(as_json.stdout)[0]["value"] == "8.5"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/nonexistent/article.txt"], "no such file"),
        (["ARTICLE", "--period", "2025"], "write the years as 2021-2025"),
        (["ARTICLE", "--period", "2025-2021"], "the first year comes after the last"),
        # digits that str.isdigit() takes but int() or a year does not
        (["ARTICLE", "--period", "²⁰²¹-2025"], "write the years as 2021-2025"),
        (["ARTICLE", "--period", "２０２１-２０２５"], "write the years as 2021-2025"),
        (["ARTICLE", "--period", "0000-9999", "--format", "ttl"], "years from 1949 to 2100"),
        (["ARTICLE", "--published", "1800"], "1800"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    article = tmp_path / "article.txt"
    article.write_text("五年来增长8%。", encoding="utf-8")
    args = [str(article) if a == "ARTICLE" else a for a in args]
    out = tmp_path / "out.tsv"
    result = CliRunner().invoke(cli, ["extract", *args, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes("五年来增长8%。".encode("gb18030"))
    result = CliRunner().invoke(cli, ["extract", str(article)])
    assert result.exit_code == 2 and "UTF-8" in result.output


# ------------------------------------------------------------------ our article


def test_scores_on_our_own_article() -> None:
    """The issue's goals, measured against our 123 stated observations (bench/extract.py);
    the rules were written reading this article, so held-out articles are the real test."""
    path = source_article()
    if path is None or not path.is_file():
        pytest.skip("the source article is not here (../shared/source or $JCGRAPH_SOURCE)")
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from extract import score  # bench/extract.py
    finally:
        sys.path.remove(str(ROOT / "bench"))
    scores = score(path.read_text(encoding="utf-8"))
    recall = scores["recall"]
    assert recall["value+unit"] >= 0.95, scores  # type: ignore[index]
    assert recall["kind"] >= 0.90, scores  # type: ignore[index]
    assert recall["all"] >= 0.75, scores  # type: ignore[index]
    assert scores["precision"] >= 0.85, scores


# ------------------------------------------------------------------ candidates as Turtle

SAMPLE = (
    "丙市“十四五”经济社会发展综述\n"
    "五年来,全市地区生产总值从300亿元起步,年均增长8.5%,人均生产总值实现翻番。"
    "2025年,某某集团预计完成营业收入900亿元,是“十三五”末的2.5倍,排名全省第一个。"
    "全市固定资产投资比2019年同期增长8.5%,碳排放下降12%。"
    "金川区连续三年入选百强区,每户补贴20-60万美元。\n"
)


def write_ttl(tmp_path: Path, text: str = SAMPLE, *extra: str) -> tuple[Path, Path, str]:
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    out = tmp_path / "candidates.ttl"
    result = CliRunner().invoke(
        cli, ["extract", str(article), "--format", "ttl", "--out", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    return article, out, result.output


@pytest.mark.parametrize("validator", ["jcgraph", "pyshacl"])
def test_candidates_as_turtle_conform_to_our_shapes(tmp_path: Path, validator: str) -> None:
    from jcgraph import api

    _, out, said = write_ttl(tmp_path)
    report = api.validate(data=[out], validator=validator)  # type: ignore[arg-type]
    violations = [f for f in report.findings if f.severity == "Violation"]
    assert report.conforms and not violations, violations
    # the streak and the dollars have no observation of ours: said, not written
    assert "2 figures are not observations of ours" in said


def test_candidates_as_turtle_carry_their_evidence_and_review_marks(tmp_path: Path) -> None:
    from rdflib import RDF, Literal, URIRef

    OA = Namespace("http://www.w3.org/ns/oa#")
    _, out, _ = write_ttl(tmp_path, SAMPLE, "--source-iri", "https://example.org/articles/1")
    g = Graph().parse(out, format="turtle")
    figures = set(g.subjects(RDF.type, JC.CandidateObservation))
    assert len(figures) >= 8
    source = URIRef("https://example.org/articles/1")
    digest = hashlib.sha256(SAMPLE.encode("utf-8")).hexdigest()
    assert (source, JC.sha256, Literal(digest)) in g
    for figure in figures:
        assert g.value(figure, JC.confidence) is not None
        assert list(g.objects(figure, JC.extractionRule))
        for evidence in g.objects(figure, JC.evidence):
            assert g.value(evidence, OA.hasSource) == source
            exact = start = end = None
            for selector in g.objects(evidence, OA.hasSelector):
                exact = g.value(selector, OA.exact) or exact
                start = g.value(selector, OA.start) or start
                end = g.value(selector, OA.end) or end
            assert SAMPLE[int(start) : int(end)] == str(exact)
        assert (g.value(figure, JC.refSubject), RDF.type, JC.CandidateEntity) in g
        assert (g.value(figure, JC.indicator), RDF.type, JC.CandidateIndicator) in g
    negative = [f for f in figures if float(g.value(f, JC.value)) < 0]
    assert len(negative) == 1  # 碳排放下降12%
    # 排名全省第一: the rank says where it holds
    scopes = [g.value(s, RDFS.label) for s in g.objects(None, JC.rankingScope)]
    assert [str(s) for s in scopes] == ["全省"]


def test_a_subject_we_know_is_written_as_our_entity(tmp_path: Path) -> None:
    from rdflib import RDF, URIRef

    from jcgraph import api

    text = (
        "金川区2025年地区生产总值预计达到526亿元，排名全省第二。"
        "某某集团2025年营业收入预计达到99亿元。\n"
    )
    jinchuan = URIRef("https://w3id.org/jcgraph/id/place/jinchuan-district")
    _, out, _ = write_ttl(tmp_path, text)
    g = Graph().parse(out, format="turtle")
    subjects = {g.value(f, JC.refSubject) for f in g.subjects(RDF.type, JC.CandidateObservation)}
    assert jinchuan in subjects  # our IRI, with our types and both labels, citing the new passage
    assert (jinchuan, RDF.type, JC.CandidateEntity) not in g
    assert {label.language for label in g.objects(jinchuan, RDFS.label)} == {"zh", "en"}
    assert g.value(jinchuan, JC.evidence) is not None
    other = (subjects - {jinchuan}).pop()  # 某某集团 is no entity of ours: a candidate
    assert (other, RDF.type, JC.CandidateEntity) in g
    # 排名全省第二 in an article about 金川区: the rank holds in our Gansu
    gansu = URIRef("https://w3id.org/jcgraph/id/place/gansu")
    assert list(g.objects(None, JC.rankingScope)) == [gansu]
    assert (gansu, RDF.type, JC.CandidateEntity) not in g
    report = api.validate(data=[out])
    assert report.conforms, [f for f in report.findings if f.severity == "Violation"]
    # without matching, every subject is a candidate
    _, unmatched, _ = write_ttl(tmp_path, text, "--no-match")
    g = Graph().parse(unmatched, format="turtle")
    assert (jinchuan, None, None) not in g


def test_a_bad_source_iri_is_refused(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(SAMPLE, encoding="utf-8")
    out = tmp_path / "c.ttl"
    bad = "http://x> } <http://y"
    result = CliRunner().invoke(
        cli, ["extract", str(article), "--format", "ttl", "--source-iri", bad, "--out", str(out)]
    )
    assert result.exit_code == 2 and "--source-iri: not an IRI" in result.output
    assert not out.exists()


def test_our_article_as_turtle_conforms(tmp_path: Path) -> None:
    from jcgraph import api

    path = source_article()
    if path is None or not path.is_file():
        pytest.skip("the source article is not here (../shared/source or $JCGRAPH_SOURCE)")
    _, out, _ = write_ttl(tmp_path, path.read_text(encoding="utf-8"))
    report = api.validate(data=[out])
    assert report.conforms, [f for f in report.findings if f.severity == "Violation"][:3]


# ------------------------------------------------------------------ indicators matched


def test_an_indicator_phrase_is_matched_with_a_score() -> None:
    from jcgraph.extract.indicators import best

    scheme = [
        ("ind:gdp", "地区生产总值"),
        ("ind:fai", "固定资产投资"),
        ("ind:trade", "外贸进出口总额"),
    ]
    assert best("地区生产总值", scheme).score == 1.0  # type: ignore[union-attr]
    near = best("固定资产投资同比", scheme)
    assert near is not None and near.indicator == "ind:fai" and 0.7 <= near.score < 1
    assert best("出口", scheme) is None  # two characters in common are a word, not a name
    assert best("", scheme) is None


def test_the_command_matches_indicators_of_our_scheme(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("丙市“十四五”综述\n五年来,全市地区生产总值年均增长8.5%。", encoding="utf-8")
    matched = CliRunner().invoke(cli, ["extract", str(article), "--format", "json"])
    row = json.loads(matched.stdout)[0]
    assert row["indicator_match"] == "https://w3id.org/jcgraph/id/indicator/gdp"
    assert row["indicator_score"] == 1.0
    plain = CliRunner().invoke(cli, ["extract", str(article), "--format", "json", "--no-match"])
    assert json.loads(plain.stdout)[0]["indicator_match"] is None
