"""The SHACL shapes under ontology/shapes/: well-formed, exercised case by case, and met
by the shipped graph.

Each file under tests/shapes/cases/ is a small graph plus, on a ``test:case`` node, what
validating it must report: ``test:conforms true``, or one ``test:expect`` per result
(focus node, path, constraint component, severity and source shape). A case is validated
together with tests/shapes/common.ttl (a small clean world) and the ontology, against the
real shapes, and the report must be exactly the expected results.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyshacl
import pytest
from pyshacl.entrypoints import meta_validate
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef

ROOT = Path(__file__).resolve().parent.parent
SHAPES_DIR = ROOT / "ontology" / "shapes"
CASES_DIR = Path(__file__).resolve().parent / "shapes" / "cases"
COMMON = Path(__file__).resolve().parent / "shapes" / "common.ttl"
CASE_FILES = sorted(CASES_DIR.glob("*.ttl"))
# Keep in step with tests/shapes/cases/: a case that silently disappears fails here.
EXPECTED_CASES = 73

SH = Namespace("http://www.w3.org/ns/shacl#")
TEST = Namespace("https://w3id.org/jcgraph/test#")
JCSH = Namespace("https://w3id.org/jcgraph/shapes#")

Outcome = tuple[str, str | None, str, str, str]  # focus, path, component, severity, shape

ENGINES = ("jcgraph", "pyshacl")


@cache
def shapes_graph() -> Graph:
    graph = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@cache
def ontology_graph() -> Graph:
    graph = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        graph.parse(path, format="turtle")
    graph.parse(COMMON, format="turtle")
    return graph


def validate(data: Graph, engine: str = "jcgraph") -> set[Outcome]:
    """The results of validating ``data`` with ``engine`` (jcgraph's validator or pyshacl),
    after the figures are classified by kind, as jcgraph always does."""
    from jcgraph.pipeline.validate import validate_graph

    report = validate_graph(data, shapes_graph(), validator=engine).report  # type: ignore[arg-type]
    outcomes = set()
    # top-level results only: pyshacl also types the nested results of sh:node as results
    for result in report.objects(None, SH.result):
        path = report.value(result, SH.resultPath)
        outcomes.add(
            (
                str(report.value(result, SH.focusNode)),
                None if path is None else str(path),
                str(report.value(result, SH.sourceConstraintComponent)),
                str(report.value(result, SH.resultSeverity)),
                str(report.value(result, SH.sourceShape)),
            )
        )
    return outcomes


def load_case(path: Path) -> tuple[Graph, Graph]:
    """The case's own graph (without its test: description) and its description."""
    own = Graph().parse(path, format="turtle")
    described = Graph()
    for s, p, o in own:
        if (
            str(s).startswith(str(TEST))
            or str(p).startswith(str(TEST))
            or (isinstance(s, BNode) and (None, TEST.expect, s) in own)
        ):
            described.add((s, p, o))
    own -= described
    return own, described


def expected(described: Graph) -> set[Outcome] | None:
    if (TEST.case, TEST.conforms, Literal(True)) in described:
        return None
    outcomes = set()
    for e in described.objects(TEST.case, TEST.expect):
        path = described.value(e, TEST.path)
        outcomes.add(
            (
                str(described.value(e, TEST.focus)),
                None if path is None else str(path),
                str(described.value(e, TEST.component)),
                str(described.value(e, TEST.severity)),
                str(described.value(e, TEST.sourceShape)),
            )
        )
    return outcomes


def declared_shapes(described: Graph) -> set[URIRef]:
    return set(described.objects(TEST.case, TEST.shape))  # type: ignore[arg-type]


def show(outcomes: set[Outcome]) -> str:
    def short(x: str | None) -> str:
        return "-" if x is None else x.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    return "\n".join(sorted("  " + " | ".join(short(x) for x in o) for o in outcomes)) or "  (none)"


# ------------------------------------------------------------------ the shapes themselves


def test_shapes_pass_meta_validation() -> None:
    """The shapes graph conforms to the SHACL-SHACL shapes that pyshacl bundles."""
    conforms, _, text = meta_validate(shapes_graph())
    assert conforms, text
    # and pyshacl's own switch agrees (it raises when the shapes graph is not valid SHACL)
    pyshacl.validate(Graph(), shacl_graph=shapes_graph(), meta_shacl=True, advanced=True)


def test_meta_validation_catches_a_broken_shape() -> None:
    broken = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:minCount "one" ] .
        """,
        format="turtle",
    )
    conforms, _, _ = meta_validate(broken)
    assert not conforms


def named_shapes() -> set[URIRef]:
    g = shapes_graph()
    return {
        s
        for t in (SH.NodeShape, SH.PropertyShape)
        for s in g.subjects(RDF.type, t)
        if isinstance(s, URIRef)
    }


def test_every_shape_and_constraint_has_a_message_in_english_and_chinese_and_a_severity() -> None:
    g = shapes_graph()
    holders = named_shapes()
    missing = [  # a SPARQL constraint reports its node shape's messages
        f"{c}: a SPARQL constraint with messages of its own (Jena 4.5 takes at most one)"
        for c in g.objects(None, SH.sparql)
        if (c, SH.message, None) in g
    ]
    for node in holders:
        langs = {m.language for m in g.objects(node, SH.message) if isinstance(m, Literal)}
        if not {"en", "zh"} <= langs:
            missing.append(f"{node}: messages in {sorted(x or '-' for x in langs)}")
        if node in named_shapes() and g.value(node, SH.severity) not in (SH.Violation, SH.Warning):
            missing.append(f"{node}: no deliberate sh:severity")
    assert not missing, "\n".join(sorted(missing))


def test_property_shapes_do_not_outrank_their_node_shape() -> None:
    """pyshacl decides conformance from the node shape's severity, so a Warning node shape
    must not hold Violation property shapes."""
    g = shapes_graph()
    wrong = [
        f"{node} holds {prop}"
        for node in g.subjects(RDF.type, SH.NodeShape)
        if g.value(node, SH.severity) == SH.Warning
        for prop in g.objects(node, SH.property)
        if g.value(prop, SH.severity) == SH.Violation
    ]
    assert not wrong


def test_every_target_is_shacl_core() -> None:
    """Targets are SHACL Core (sh:targetClass, sh:targetSubjectsOf, ...), never the SHACL
    Advanced Features' sh:target, so every complete SHACL engine evaluates every shape."""
    advanced = sorted(str(s) for s in shapes_graph().subjects(SH.target, None))
    assert not advanced, advanced


# ------------------------------------------------------------------ the cases


def test_the_case_glob_finds_every_case() -> None:
    assert len(CASE_FILES) == EXPECTED_CASES, [p.name for p in CASE_FILES]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_common_world_conforms(engine: str) -> None:
    assert validate(ontology_graph(), engine) == set()


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case(path: Path, engine: str) -> None:
    """Each case gives exactly its expected results, with jcgraph's validator and with
    pyshacl (the reference engine) alike."""
    own, described = load_case(path)
    want = expected(described)
    assert (TEST.case, RDFS.comment, None) in described, "describe the case in rdfs:comment"
    got = validate(ontology_graph() + own, engine)
    if want is None:
        assert got == set(), f"expected no results, got:\n{show(got)}"
    else:
        assert want, "a case either conforms or expects at least one result"
        assert got == want, f"missing:\n{show(want - got)}\nunexpected:\n{show(got - want)}"


def focus_nodes(shape: URIRef, own: Graph) -> set[str]:
    """The nodes of a case's own graph that a shape targets (targetClass with subclasses,
    targetSubjectsOf, SHACL-SPARQL targets), looked up with the common world and ontology,
    after classification."""
    from jcgraph.pipeline.validate import classification

    g = shapes_graph()
    data = ontology_graph() + own
    data += classification(data)
    found: set[str] = set()
    for cls in g.objects(shape, SH.targetClass):
        q = "SELECT ?x WHERE { ?x a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?c }"
        found |= {str(r[0]) for r in data.query(q, initBindings={"c": cls})}
    for prop in g.objects(shape, SH.targetSubjectsOf):
        found |= {str(s) for s in data.subjects(prop, None)}
    for target in g.objects(shape, SH.target):
        prefixes = "".join(
            f"PREFIX {g.value(d, SH.prefix)}: <{g.value(d, SH.namespace)}>\n"
            for decl in g.objects(target, SH.prefixes)
            for d in g.objects(decl, SH.declare)
        )
        found |= {str(r[0]) for r in data.query(prefixes + str(g.value(target, SH.select)))}
    return found & {str(s) for s in own.subjects()}


def test_every_shape_has_a_bad_case_and_a_good_case() -> None:
    """Every named shape is the source of some expected result (shapes used only through
    sh:node count through their NodeConstraintComponent results), and is declared by a
    conforming case in which its targets find nodes of the case's own."""
    g = shapes_graph()
    bad: set[str] = set()
    good: set[str] = set()
    by_node: set[str] = set()
    problems = []
    for path in CASE_FILES:
        own, described = load_case(path)
        want = expected(described)
        declared = declared_shapes(described)
        if want is None:
            for shape in declared:
                has_targets = any(
                    (shape, p, None) in g for p in (SH.targetClass, SH.targetSubjectsOf, SH.target)
                )
                if has_targets and not focus_nodes(shape, own):
                    problems.append(f"{path.name}: {shape} targets nothing in the case")
                good.add(str(shape))
                good |= {str(p) for p in g.objects(shape, SH.property)}
        else:
            bad |= {o[4] for o in want}
            if any(o[2] == str(SH.NodeConstraintComponent) for o in want):
                by_node |= {str(s) for s in declared}
    for shape in named_shapes():
        used_by_node = (None, SH.node, shape) in g
        covered = {str(shape)} | {str(p) for p in g.objects(shape, SH.property)}
        if not covered & bad and not (used_by_node and str(shape) in by_node):
            problems.append(f"no bad case for {shape}")
        if str(shape) not in good:
            problems.append(f"no good case for {shape}")
    assert not problems, "\n".join(sorted(problems))


# ------------------------------------------------------------------ the shipped graph


def test_shipped_graph_conforms() -> None:
    """The ontology and data meet every shape with severity Violation (warnings allowed).

    While data files are being written this may fail; it lists what to fix."""
    import jcgraph

    report = jcgraph.validate(jcgraph.load(cache=False))
    violations = [f for f in report.findings if f.severity == "Violation"]
    assert not violations, "\n".join(
        f"{f.focus} {f.path or ''} {f.component} ({f.shape}): {f.value or ''}" for f in violations
    )
