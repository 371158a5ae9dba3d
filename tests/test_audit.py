"""The arithmetic audit: the stored queries queries/audit-*.rq and their warnings in
ontology/shapes/audit.ttl (docs/audit.md).

Each query must follow the header convention, run on both engines with the same answer
(numbers compared by value), return rows on the shipped graph, and find what a reader
finds by hand in the article. Each query's "inconsistent" rows must be exactly the
warnings of its audit shape, on the shipped graph and on the audit cases of
tests/shapes/cases/.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Namespace

import jcgraph
from jcgraph.pipeline.queries import read_query
from jcgraph.results import Result

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "queries").glob("audit-*.rq"))
CASES = Path(__file__).resolve().parent / "shapes" / "cases"
COMMON = Path(__file__).resolve().parent / "shapes" / "common.ttl"
CLASSES = {"consistent", "consistent only if real growth", "inconsistent", "not checkable"}
SH = Namespace("http://www.w3.org/ns/shacl#")
JCSH = Namespace("https://w3id.org/jcgraph/shapes#")

# query → (audit shape, the column naming the figure the shape warns about)
SHAPE_OF = {
    "audit-growth": (JCSH.AuditGrowthShape, "rateObservation"),
    "audit-multiples": (JCSH.AuditMultipleCountShape, "multipleObservation"),
    "audit-ratio": (JCSH.AuditRatioShape, "ratioObservation"),
    "audit-ranks": (JCSH.AuditRankShape, "changeObservation"),
    "audit-parts-whole": (JCSH.AuditPartsWholeShape, "wholeObservation"),
    "audit-parts-baseline": (JCSH.AuditPartsBaselineShape, "wholeObservation"),
    "audit-intensity": (JCSH.AuditIntensityShape, "intensityObservation"),
}


def test_there_are_audit_queries_for_every_check() -> None:
    assert {q.stem for q in QUERIES} == set(SHAPE_OF)


@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
def test_header_convention(path: Path) -> None:
    stored = read_query(path)
    assert stored.summary and stored.summary_zh and stored.description
    assert "audit" in stored.tags
    assert any("\u4e00" <= ch <= "\u9fff" for ch in stored.summary_zh)


# ------------------------------------------------------------------ both engines


def canonical(result: Result) -> list[tuple[object, ...]]:
    """Rows that compare equal across engines: numbers by value (rounded to 6 places),
    lists joined with " | " as sorted tuples, everything else as its lexical form."""

    def term(t: object) -> object:
        if t is None:
            return None
        number = t.number()  # type: ignore[attr-defined]
        if number is not None:
            return round(Decimal(number), 6).normalize()
        value = t.value  # type: ignore[attr-defined]
        return tuple(sorted(value.split(" | "))) if " | " in value else value

    return sorted((tuple(term(t) for t in row) for row in result.rows), key=repr)


@cache
def answers(name: str) -> dict[str, Result]:
    graph = asserted_graph()
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    return {
        engine: graph.engine(engine).query(text, where=name) for engine in ("oxigraph", "rdflib")
    }


@cache
def asserted_graph() -> jcgraph.Graph:
    return jcgraph.load(cache=False)


def rows(name: str) -> list[dict[str, object]]:
    """The Oxigraph answer as dicts of plain values (numbers as Decimal)."""
    result = answers(name)["oxigraph"]
    out = []
    for row in result.rows:
        values: dict[str, object] = {}
        for var, t in zip(result.variables, row, strict=True):
            if t is None:
                values[var] = None
            else:
                number = t.number()
                values[var] = number if number is not None else t.value
        out.append(values)
    return out


@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
def test_both_engines_agree_and_find_rows(path: Path) -> None:
    both = answers(path.stem)
    assert both["oxigraph"].variables == both["rdflib"].variables
    assert canonical(both["oxigraph"]) == canonical(both["rdflib"])
    assert both["oxigraph"].rows, f"{path.stem} returns no row on the shipped graph"
    for row in rows(path.stem):
        assert row["classification"] in CLASSES, row
        assert row["assumption"], row


@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
def test_rows_name_subjects_and_indicators_by_label(path: Path) -> None:
    """Who and what a row is about comes as a label in Chinese and in English on both
    engines, never as an IRI; the observation column keeps the IRI for tracing (a rank pair
    with no stated change has none)."""
    for engine, result in answers(path.stem).items():
        named = [v for v in result.variables if v in ("subject", "indicator", "whole")]
        assert "indicator" in named and len(named) == 2, (engine, result.variables)
        for row in result.rows:
            cells = dict(zip(result.variables, row, strict=True))
            for name in named:
                zh, en = cells[name], cells[f"{name}_en"]
                assert zh is not None and zh.kind == "literal" and zh.lang == "zh", (engine, row)
                assert en is not None and en.kind == "literal" and en.lang == "en", (engine, row)
            observation = cells[next(v for v in result.variables if v.endswith("Observation"))]
            assert observation is None or observation.kind == "uri", (engine, row)


@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
def test_reasoning_does_not_change_the_audit(path: Path, reasoned: jcgraph.Graph) -> None:
    """The audit reads direct parts only: the OWL closure (transitive jc:partOf) changes nothing."""
    text = path.read_text(encoding="utf-8")
    assert canonical(reasoned.engine("oxigraph").query(text)) == canonical(
        answers(path.stem)["oxigraph"]
    )


# ------------------------------------------------------------------ the findings, by hand


def close(a: object, b: float, tolerance: float = 0.01) -> bool:
    return a is not None and abs(float(a) - b) <= tolerance  # type: ignore[arg-type]


def row_for(name: str, column: str, iri_end: str) -> dict[str, object]:
    found = [r for r in rows(name) if str(r[column]).endswith(iri_end)]
    assert len(found) == 1, f"{name}: {len(found)} rows for {iri_end}"
    return found[0]


def test_gdp_growth_reaches_600_only_at_current_prices() -> None:
    # 全市地区生产总值从359亿元起步 … 连跨…600亿元 … 年均增长10.3%
    r = row_for("audit-growth", "rateObservation", "gdp-growth-jinchang-2021-2025")
    assert r["years"] == 5 and r["start"] == 359 and r["statedEnd"] == 600
    assert close(r["impliedEnd"], 359 * 1.103**5)  # 586.10 < 600
    assert r["endKind"] == "threshold crossed"
    assert r["classification"] == "consistent only if real growth"


def test_two_plus_four_system_growth_does_not_connect_486_and_2586() -> None:
    # 产值从2020年的486亿元 … 增长到2025年的2586亿元,年均增长33.2%
    r = row_for(
        "audit-growth", "rateObservation", "industry-output-growth-two-plus-four-system-2021-2025"
    )
    assert close(r["impliedEnd"], 486 * 1.332**5)  # 2037.78
    assert close(r["priceFactor"], 2586 / (486 * 1.332**5), 0.0001)  # 1.269 > 1.03**5
    assert r["classification"] == "inconsistent"


def test_multiples_of_counts_have_whole_baselines() -> None:
    # 高新技术企业101家 … 省级科技创新型企业67家 … 专精特新企业48家 …
    # 分别是“十三五”末的2.8倍、6倍、4倍
    for name, count, whole in [
        ("high-tech-enterprises", 101, 36),
        ("provincial-tech-innovative-enterprises", 67, 11),
        ("specialised-sophisticated-enterprises", 48, 12),
    ]:
        r = row_for("audit-multiples", "multipleObservation", f"{name}-multiple-jinchang-2021-2025")
        assert r["wholeBaseline"] == whole and close(r["impliedMultiple"], count / whole, 0.0001)
        assert r["classification"] == "consistent", name


def test_multiples_without_a_baseline_report_the_baseline_they_imply() -> None:
    # 金川集团预计完成工业总产值3760亿元 … 是“十三五”末的3.4倍
    r = row_for(
        "audit-multiples", "multipleObservation", "industrial-output-multiple-jinchuan-group-2025"
    )
    assert close(r["impliedBaseline"], 3760 / 3.4) and r["classification"] == "not checkable"


def test_urban_rural_income_ratio_is_truncated_not_rounded() -> None:
    # 城乡居人均可支配收入分别达到55688元、24566元,城乡居民收入比缩小至2.26:1
    r = row_for("audit-ratio", "ratioObservation", "urban-rural-income-ratio-jinchang-2025")
    assert close(r["quotient"], 55688 / 24566, 0.0001)  # 2.2669
    assert r["rounded"] == Decimal("2.27") and r["truncated"] == Decimal("2.26")
    assert r["classification"] == "inconsistent"
    assert "truncating" in str(r["assumption"])


def test_development_zone_rank_and_rise_imply_147th_of_229() -> None:
    # 在229个国家级经开区中位列第66位,四年提升81个位次
    r = row_for(
        "audit-ranks", "changeObservation", "development-zone-rank-change-jinchang-etdz-2021-2025"
    )
    assert r["earlierRank"] == 147 and r["rankOutOf"] == 229
    assert r["classification"] == "consistent"


def test_rank_pairs_give_the_places_gained() -> None:
    # 县域经济综合排名从2021年全省第55位跃升至2024年第18位; 世界500强排名从369位跃升至235位
    gained = {
        r["subject_en"]: r["computedChange"]
        for r in rows("audit-ranks")
        if r["check"] == "rank-pair"
    }
    assert gained["Yongchang County"] == 37
    assert gained["Jinchuan Group"] == 134


def test_district_and_county_gdp_pass_the_city_threshold() -> None:
    # 金川区…2025年预计实现地区生产总值526亿元; 永昌县…142亿元; 全市连跨…600亿元
    r = row_for("audit-parts-whole", "whole", "金昌市")
    assert r["parts"] == 2 and r["partsWithFigure"] == 2 and r["partsSum"] == 668
    assert r["wholeValue"] == 600 and r["classification"] == "consistent"


def test_district_and_county_growth_imply_a_2020_gdp_above_359() -> None:
    # 526亿元 at 10.8% and 142亿元 at 9.3% a year imply 315.0 + 91.0 = 406.0 in 2020
    r = row_for("audit-parts-baseline", "whole", "金昌市")
    implied = 526 / 1.108**5 + 142 / 1.093**5
    assert close(r["impliedBaselineSum"], implied)
    assert close(r["priceFactor"], implied / 359, 0.0001)  # 1.131 ≤ 1.03**5
    assert r["classification"] == "consistent only if real growth"


def test_energy_intensity_fall_does_not_follow_from_the_growth_rates() -> None:
    # 单位地区生产总值能耗累计下降35% … 用…3.6%的能源消费增速 … 地区生产总值年均增长10.3%
    r = row_for(
        "audit-intensity",
        "intensityObservation",
        "energy-consumption-per-unit-gdp-change-jinchang-2021-2025",
    )
    implied = ((1.036 / 1.103) ** 5 - 1) * 100  # −26.9
    assert close(r["impliedChange"], implied)
    assert close(r["requiredDenominatorFactor"], 1.036**5 / 0.65, 0.0001)  # GDP ×1.836
    assert r["classification"] == "inconsistent"


# ------------------------------------------------------------------ queries and shapes agree


@cache
def shapes_graph() -> Graph:
    graph = Graph()
    for path in sorted((ROOT / "ontology" / "shapes").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def warned(data: Graph, shape: object) -> set[str]:
    """The focus nodes that ``shape`` alone reports on ``data`` (jcgraph's validator, which
    tests/test_shapes.py and tests/test_shacl_engines.py hold to pyshacl and Jena)."""
    import pyoxigraph

    from jcgraph.pipeline.validate import classify
    from jcgraph.shacl.evaluate import Evaluator
    from jcgraph.shacl.shapes import ShapesGraph

    store = pyoxigraph.Store()
    store.bulk_load(
        data.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES
    )
    classify(store)
    evaluator = Evaluator(store, ShapesGraph(shapes_graph()))
    node = evaluator.shapes.shape(shape)  # type: ignore[arg-type]
    return {r.focus.value for r in evaluator.evaluate(node, evaluator.target_focus(node))}


def inconsistent(name: str, result: Result) -> set[str]:
    _, column = SHAPE_OF[name]
    index = result.variables.index(column)
    classification = result.variables.index("classification")
    found = set()
    for row in result.rows:
        if row[classification] is not None and row[classification].value == "inconsistent":
            if (
                name == "audit-multiples"
                and row[result.variables.index("statedBaseline")] is not None
            ):
                continue  # reported by jcsh:MultipleAgreesWithLevelsShape in observations.ttl
            found.add(row[index].value)  # type: ignore[union-attr]
    return found


@pytest.mark.parametrize("name", sorted(SHAPE_OF))
def test_audit_shape_warns_about_the_inconsistent_rows_of_the_shipped_graph(name: str) -> None:
    from jcgraph.pipeline.load import union

    shape, _ = SHAPE_OF[name]
    data = union(asserted_graph().dataset)
    assert warned(data, shape) == inconsistent(name, answers(name)["oxigraph"])


def audit_cases() -> list[Path]:
    return sorted(CASES.glob("audit-*.ttl"))


@pytest.mark.parametrize("case", audit_cases(), ids=[c.stem for c in audit_cases()])
def test_query_and_shape_agree_on_the_audit_cases(case: Path) -> None:
    data = Graph()
    for path in [*sorted((ROOT / "ontology").glob("*.ttl")), COMMON, case]:
        data.parse(path, format="turtle")
    dataset = jcgraph_dataset(data)
    for name in SHAPE_OF:
        text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
        by_rdflib = dataset.engine("rdflib").query(text)
        by_oxigraph = dataset.engine("oxigraph").query(text)
        assert canonical(by_rdflib) == canonical(by_oxigraph), name
        assert inconsistent(name, by_oxigraph) == warned(data, SHAPE_OF[name][0]), (case.stem, name)


def jcgraph_dataset(data: Graph) -> jcgraph.Graph:
    """A jcgraph Graph over an in-memory graph, so the project's own engines run on it."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case.ttl"
        data.serialize(path, format="turtle")
        return jcgraph.load([path], cache=False)
