"""A second SHACL engine: Apache Jena's validator (Debian's ``libapache-jena-java``) must
report what pyshacl reports (focus node, path, component, severity, source shape), on the
shipped graph and on every case under tests/shapes/cases/. Jena parses every shape or
fails loudly: a shape it cannot read is an error here, never a silent pass.

``make jena`` installs Jena and a headless Java (as root, like Chromium); without them
these tests skip and say why.
"""

from __future__ import annotations

from pathlib import Path

import jena_shacl
import pytest
from rdflib import Graph
from test_shapes import CASE_FILES, COMMON, SHAPES_DIR, expected, load_case, shapes_graph

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = sorted((ROOT / "ontology").glob("*.ttl"))
DATA = sorted((ROOT / "data").glob("*.ttl"))
SHAPES = sorted(SHAPES_DIR.glob("*.ttl"))


@pytest.fixture(scope="module")
def jena(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("jena")
    if jena_shacl.classpath(work / "jena-resources") is None:
        pytest.skip(
            "Apache Jena is not installed (Debian libapache-jena-java and a Java runtime; "
            "`make jena` installs them as root)"
        )
    return work


def classified(files: list[Path], folder: Path) -> list[Path]:
    """``files`` and a file of their classification triples (the kind classes that
    jcgraph infers before validating), so that every engine reads the same data."""
    from jcgraph.pipeline.validate import classification

    data = Graph()
    for path in files:
        data.parse(path, format="turtle")
    extra = folder / "classification.ttl"
    folder.mkdir(parents=True, exist_ok=True)
    classification(data).serialize(extra, format="turtle")
    return [*files, extra]


def engine_results(files: list[Path], engine: str) -> set[tuple]:
    from jcgraph.pipeline.validate import validate_graph

    data = Graph()
    for path in files:
        data.parse(path, format="turtle")
    report = validate_graph(data, shapes_graph(), validator=engine).report  # type: ignore[arg-type]
    return jena_shacl.result_tuples(report, shapes_graph())


@pytest.fixture(scope="module")
def shipped(jena: Path) -> dict[str, set[tuple]]:
    """The shipped graph's results from each engine (pyshacl takes the longest)."""
    files = ONTOLOGY + DATA
    return {
        "jena": jena_shacl.validate(classified(files, jena / "shipped"), SHAPES, jena / "shipped"),
        "pyshacl": engine_results(files, "pyshacl"),
        "jcgraph": engine_results(files, "jcgraph"),
    }


@pytest.mark.parametrize("engine", ["pyshacl", "jcgraph"])
def test_jena_agrees_on_the_shipped_graph(shipped: dict[str, set[tuple]], engine: str) -> None:
    theirs, ours = shipped["jena"], shipped[engine]
    assert ours, "the shipped graph has warnings: an empty comparison would prove nothing"
    assert theirs == ours, f"only Jena: {theirs - ours}\nonly {engine}: {ours - theirs}"


def test_jena_reports_each_result_once(jena: Path) -> None:
    """Jena reports one result per row of a SPARQL constraint; the queries are DISTINCT,
    so a quote reached through two evidence nodes (the article repeats a sentence) gives
    one result, as with pyshacl (Jena reported 5 results here where pyshacl reported 3)."""
    files = classified(ONTOLOGY + DATA, jena / "once")
    report = jena_shacl.report(files, shapes_graph(), jena / "once")
    results = list(report.objects(None, jena_shacl.SH.result))
    assert len(results) == len(jena_shacl.result_tuples(report, shapes_graph())) == 3


def test_jena_reports_what_every_case_expects(jena: Path, tmp_path: Path) -> None:
    """test_shapes.py holds pyshacl to each case's expected results; Jena is held to the
    same ones here, so the two engines agree case by case."""
    cases, wanted = [], []
    for case in CASE_FILES:
        own, described = load_case(case)  # without the case's test: description
        written = tmp_path / f"{case.stem}.ttl"
        own.serialize(written, format="turtle")
        cases.append(classified([*ONTOLOGY, COMMON, written], tmp_path / case.stem))
        wanted.append({tuple(_short(x) for x in o) for o in expected(described) or set()})
    theirs = jena_shacl.validate_many(cases, SHAPES, jena / "cases")
    problems = [
        f"{case.name}: only Jena {sorted(got - want)}; only expected {sorted(want - got)}"
        for case, want, got in zip(CASE_FILES, wanted, theirs, strict=True)
        if got != want
    ]
    assert not problems, "\n".join(problems)


def _short(term: str | None) -> str | None:
    """A term as ``jena_shacl`` writes it (sh: names short)."""
    sh = str(jena_shacl.SH)
    return "sh:" + term[len(sh) :] if term and term.startswith(sh) else term


def test_a_shape_jena_cannot_read_is_an_error_not_a_pass(jena: Path, tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:sparql [ sh:select "SELECT $this WHERE { $this ex:p 1 }" ;
                        sh:message "one"@en, "two"@en ] .""",
        "utf-8",
    )
    data = tmp_path / "data.ttl"
    data.write_text("<https://example.org/x> a <https://example.org/C> .", "utf-8")
    with pytest.raises(jena_shacl.JenaShapesError, match="sh:message"):
        jena_shacl.validate([data], [shapes], tmp_path / "work")
