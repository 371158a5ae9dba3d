"""SHACL validation (jcgraph's validator on Oxigraph, or pyshacl), and reports a person
can act on.

Each result of pyshacl's report becomes a ``Finding`` with the focus node, path, value,
constraint component, severity and the messages in every language the shape gives.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Literal as TypingLiteral

import pyoxigraph
from rdflib import RDF, Graph, Namespace, URIRef

from jcgraph import namespaces as ns
from jcgraph.namespaces import GRAPH_BASE, INFERRED, JC, OA
from jcgraph.pipeline import vocabulary
from jcgraph.pipeline.vocabulary import Unknown

if TYPE_CHECKING:
    from rdflib.term import Node

    from jcgraph.engines import Engine

SH = Namespace(ns.SH)
Validator = TypingLiteral["jcgraph", "pyshacl"]
VALIDATORS: tuple[Validator, ...] = ("jcgraph", "pyshacl")
CLASSIFY_RULE = "cls-hv2"
NT = pyoxigraph.RdfFormat.N_TRIPLES
DEFAULT_GRAPH = pyoxigraph.DefaultGraph()
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class Finding:
    """One validation result."""

    severity: str
    focus: str
    path: str | None
    value: str | None
    component: str
    shape: str
    messages: dict[str, str] = field(default_factory=dict)


@dataclass
class ValidationReport:
    """The outcome of validating a graph against the shapes."""

    conforms: bool
    findings: list[Finding]
    shapes: int
    triples: int
    seconds: float
    report: Graph = field(repr=False, default_factory=Graph)
    cached: bool = False  # read from the build cache: ``seconds`` is the original run's

    def count(self, severity: str) -> int:
        """How many findings have this severity (Violation, Warning or Info)."""
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def violations(self) -> int:
        return self.count("Violation")


def validate_graph(
    data: Graph, shapes: Graph, inference: str = "none", validator: Validator = "jcgraph"
) -> ValidationReport:
    """Validate ``data`` against ``shapes``.

    Args:
        data: the data graph, with the ontology in it so that sh:class sees subclasses.
        shapes: the shapes graph.
        inference: ``none``, or a reasoning profile (``rules``, ``rdfs``, ``owlrl``) whose
            closure is added to a copy of the data first.
        validator: ``jcgraph`` (each constraint once over the whole graph, in Oxigraph) or
            ``pyshacl`` (the reference engine, SHACL-SPARQL enabled).

    Either way the figures are classified by kind first (``classify``).
    """
    started = time.perf_counter()
    store = pyoxigraph.Store()
    store.bulk_load(data.serialize(format="nt", encoding="utf-8"), format=NT)
    if inference != "none":
        from jcgraph.pipeline.reason import closure

        inferred = closure(data, inference)  # type: ignore[arg-type]
        store.bulk_load(inferred.serialize(format="nt", encoding="utf-8"), format=NT)
    if validator == "pyshacl":
        report = _pyshacl(store, shapes)
    else:
        report = validate_store(store, shapes, started=started).report
    return _summary(report, shapes, len(data), time.perf_counter() - started)


def validate_store(
    store: pyoxigraph.Store, shapes: Graph, *, started: float | None = None
) -> ValidationReport:
    """Validate the data in ``store`` (its default graph) with jcgraph's validator, after
    classifying its figures by kind. The store gains the classification triples."""
    from jcgraph.paths import layout
    from jcgraph.shacl import validate_store as evaluate
    from jcgraph.shacl.prebinding import MANIFEST

    started = time.perf_counter() if started is None else started
    counted = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")  # not named graphs
    triples = int(next(iter(counted))["n"].value)  # type: ignore[arg-type]
    classify(store)
    try:  # verdicts for the shipped shapes; any other query is parsed
        known = json.loads((layout().ontology / "shapes" / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        known = {}
    report, _ = evaluate(store, shapes, prebound=known)
    return _summary(report, shapes, triples, time.perf_counter() - started)


def classify(store: pyoxigraph.Store) -> int:
    """Type each figure with the class of its kind of measure (jc:RankObservation for
    kind:rank): the ontology's owl:hasValue definitions, by the rule cls-hv2 alone.
    Kind-specific shapes target these classes. Returns how many triples were added."""
    from jcgraph.paths import layout
    from jcgraph.pipeline.rules import load_rules, materialise

    rules = [rule for rule in load_rules(layout().rules) if rule.name == CLASSIFY_RULE]
    return materialise(store, rules)


def classification(data: Graph) -> Graph:
    """The triples ``classify`` adds to ``data``, as a graph (for engines that read files)."""
    store = pyoxigraph.Store()
    store.bulk_load(data.serialize(format="nt", encoding="utf-8"), format=NT)
    before = set(store)
    classify(store)
    added = Graph()
    for quad in set(store) - before:
        added.add((URIRef(quad.subject.value), RDF.type, URIRef(quad.object.value)))
    return added


def _pyshacl(store: pyoxigraph.Store, shapes: Graph) -> Graph:
    import pyshacl  # heavy: imported only when asked for

    classify(store)
    data = Graph().parse(data=store.dump(format=NT, from_graph=DEFAULT_GRAPH), format="nt")
    with parsed_once():
        _, report, text = pyshacl.validate(
            data, shacl_graph=shapes, advanced=True, allow_warnings=True, abort_on_first=False
        )
    if not isinstance(report, Graph):  # pyshacl refused the shapes (a ValidationFailure)
        from jcgraph.errors import JcgraphError

        raise JcgraphError(f"pyshacl could not validate: {str(text).strip()}")
    return report


@contextlib.contextmanager
def parsed_once() -> Iterator[None]:
    """Parse each SPARQL text once while pyshacl runs.

    pyshacl hands rdflib a SHACL-SPARQL constraint's text once per focus node, and rdflib
    parses it each time: 0.05 s of pyparsing per node and constraint, most of pyshacl's
    time on our graph. rdflib's translated query does not depend on the bindings, so the
    translation of a text is kept and reused until the block ends.
    """
    from rdflib.plugins.sparql import processor

    parse, translate, cache = processor.parseQuery, processor.translateQuery, {}

    def text_only(text: str) -> object:
        return text  # handed to ``translated``, which parses it the first time only

    def translated(text: object, base: str | None = None, ns: object = None) -> object:
        key = (text, base, repr(sorted(ns.items())) if isinstance(ns, dict) else None)
        if key not in cache:
            cache[key] = translate(parse(text), base, ns)  # type: ignore[arg-type]
        return cache[key]

    processor.parseQuery, processor.translateQuery = text_only, translated  # type: ignore[assignment]
    try:
        yield
    finally:
        processor.parseQuery, processor.translateQuery = parse, translate


def _summary(report: Graph, shapes: Graph, triples: int, seconds: float) -> ValidationReport:
    findings = sorted(
        # Top-level results only: pyshacl also types the nested results of sh:node.
        (_finding(report, r) for r in set(report.objects(None, SH.result))),
        key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.shape, f.focus, f.path or ""),
    )
    conforms = not any(f.severity == "Violation" for f in findings)
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(
        shapes.subjects(RDF.type, SH.PropertyShape)
    )
    return ValidationReport(conforms, findings, len(node_shapes), triples, seconds, report)


# What rdflib and pyshacl hold in memory per byte of input, measured: a 200 MB N-Triples
# file (2.4M triples) took 12.4 GB to validate, about 62 bytes per byte read.
BYTES_PER_INPUT_BYTE = 64


def available_mib() -> int | None:
    """Memory available now (MiB), from /proc/meminfo; None where there is none."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError):
        return None
    return None


def check_fits(
    files: list[Path], limit_mib: int | None = None, per_byte: int = BYTES_PER_INPUT_BYTE
) -> None:
    """Refuse (``JcgraphError``, exit 2) data that would not fit in memory to validate,
    at ``per_byte`` bytes of memory per byte of input."""
    from jcgraph.errors import JcgraphError

    limit = limit_mib if limit_mib is not None else available_mib()
    size = sum(path.stat().st_size for path in files if path.is_file())
    needed = size * per_byte / 2**20
    if limit is not None and needed > limit:
        raise JcgraphError(
            f"the data is {size / 2**20:.1f} MiB; validating it in memory needs about "
            f"{needed:,.0f} MiB ({per_byte} bytes per byte of input), more than "
            f"the {limit:,} MiB allowed; split it, or load it with `jcgraph store` and ask "
            "the check questions (`jcgraph check --store DIR`)"
        )


def with_unknown_terms(report: ValidationReport, unknown: list[Unknown]) -> ValidationReport:
    """``report`` with a violation for each undeclared term (``vocabulary.check``), in its
    findings and in its report graph."""
    from rdflib import BNode, Literal

    if not unknown:
        return report
    graph = report.report
    root = next(iter(graph.subjects(RDF.type, SH.ValidationReport)), None)
    added = []
    for term in unknown:
        finding = Finding(
            severity="Violation",
            focus=term.focus,
            path=ns.RDF_TYPE if term.kind == "class" else term.term,
            value=term.term,
            component=vocabulary.COMPONENT.rsplit("#", 1)[-1],
            shape=vocabulary.SHAPE,
            messages=term.messages(),
        )
        added.append(finding)
        result = BNode()
        if root is not None:
            graph.add((root, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.resultSeverity, SH.Violation))
        graph.add((result, SH.focusNode, URIRef(finding.focus)))
        graph.add((result, SH.resultPath, URIRef(finding.path or ns.RDF_TYPE)))
        graph.add((result, SH.value, URIRef(term.term)))
        graph.add((result, SH.sourceConstraintComponent, URIRef(vocabulary.COMPONENT)))
        graph.add((result, SH.sourceShape, URIRef(vocabulary.SHAPE)))
        for lang, text in finding.messages.items():
            graph.add((result, SH.resultMessage, Literal(text, lang=lang)))
    if root is not None:
        graph.set((root, SH.conforms, Literal(False)))
    findings = sorted(
        report.findings + added,
        key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.shape, f.focus, f.path or ""),
    )
    return ValidationReport(
        False, findings, report.shapes, report.triples, report.seconds, report.report
    )


def _finding(report: Graph, result: Node) -> Finding:
    def text(predicate: URIRef) -> str | None:
        value = report.value(result, predicate)
        return None if value is None else str(value)

    severity = text(SH.resultSeverity) or str(SH.Violation)
    # sorted: the report graph gives its messages in no fixed order
    messages = dict(
        sorted(
            (getattr(m, "language", None) or _guess_language(str(m)), str(m))
            for m in report.objects(result, SH.resultMessage)
        )
    )
    source = report.value(result, SH.sourceShape)
    return Finding(
        severity=severity.rsplit("#", 1)[-1],
        focus=text(SH.focusNode) or "",
        path=text(SH.resultPath),
        value=text(SH.value),
        component=(text(SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1],
        shape=str(source) if isinstance(source, URIRef) else "(anonymous shape)",
        messages=messages,
    )


def write_report(report: ValidationReport, folder: Path) -> None:
    """Keep a report beside the build it validated (report.ttl and findings.json)."""
    import shutil
    import tempfile

    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".report-", dir=folder.parent))
    try:
        report.report.serialize(destination=str(tmp / "report.ttl"), format="turtle")
        meta = {
            "conforms": report.conforms,
            "shapes": report.shapes,
            "triples": report.triples,
            "seconds": report.seconds,
            "findings": [asdict(f) for f in report.findings],
        }
        (tmp / "findings.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def read_report(folder: Path) -> ValidationReport | None:
    """A report kept by ``write_report``, or None."""
    try:
        meta = json.loads((folder / "findings.json").read_text("utf-8"))
        graph = Graph().parse(folder / "report.ttl", format="turtle")
    except (OSError, ValueError):
        return None
    findings = [Finding(**f) for f in meta["findings"]]
    return ValidationReport(
        meta["conforms"],
        findings,
        meta["shapes"],
        meta["triples"],
        meta["seconds"],
        graph,
        cached=True,
    )


def _guess_language(message: str) -> str:
    """zh or en for a message pyshacl left untagged (it drops SHACL-SPARQL tags)."""
    import re

    prose = re.sub(r"「[^」]*」", "", message)  # quotes from the article are Chinese in both
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in prose) else "en"


@dataclass(frozen=True)
class FocusInfo:
    """What a report shows about a focus node: its labels, files and evidence quotes."""

    zh: str = ""
    en: str = ""
    files: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


FILES = (GRAPH_BASE, "file:")  # the named graphs of source files (and of files given)
_FOCUS = f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX jc: <{JC}>
PREFIX oa: <{OA}>
SELECT DISTINCT ?node ?label ?graph ?quote WHERE {{
  VALUES ?node {{ NODES }}
  {{ ?node rdfs:label ?label FILTER (LANG(?label) IN ("zh", "en")) }}
  UNION {{ GRAPH ?graph {{ ?node ?p ?o }} }}
  UNION {{ ?node jc:evidence/oa:hasSelector/oa:exact ?quote }}
}}"""


def focus_infos(engine: Engine, nodes: Iterable[str]) -> dict[str, FocusInfo]:
    """The labels (the least of each language), source files and distinct evidence quotes
    of each focus node that is an IRI, asked of ``engine`` in one query. Files are the
    named graphs of the sources, not the graph of what reasoning added."""
    from jcgraph.errors import JcgraphError
    from jcgraph.pipeline.params import iri

    terms = []
    for node in sorted(set(nodes)):
        with contextlib.suppress(JcgraphError):  # a blank node or no IRI: nothing to show
            terms.append(iri(node).n3())
    if not terms:
        return {}
    found: dict[str, tuple[dict[str, str], set[str], set[str]]] = {}
    for subject, label, graph, quote in engine.query(_FOCUS.replace("NODES", " ".join(terms))).rows:
        assert subject is not None
        labels, files, quotes = found.setdefault(subject.value, ({}, set(), set()))
        if label is not None and label.lang is not None:
            labels[label.lang] = min(labels.get(label.lang, label.value), label.value)
        if graph is not None and graph.value != INFERRED and graph.value.startswith(FILES):
            files.add(graph.value)
        if quote is not None:
            quotes.add(quote.value)
    return {
        node: FocusInfo(labels.get("zh", ""), labels.get("en", ""), sorted(files), sorted(quotes))
        for node, (labels, files, quotes) in found.items()
    }
