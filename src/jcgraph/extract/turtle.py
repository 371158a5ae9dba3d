"""Candidates as Turtle in our model: each figure a ``jc:CandidateObservation`` with its
evidence (a quote and code-point offsets in the article, whose SHA-256 is recorded), its
subject and indicator as candidates named in the article's words, and the periods and
units it uses, so ``jcgraph validate --data`` checks the file on its own.

Only figures that are observations and have a unit of ours are written; the rest (streaks,
the field of a ranking, units we have no term for) stay in the review table.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef

from jcgraph.extract import OBSERVATION_KINDS
from jcgraph.namespaces import DCT as DCT_IRI
from jcgraph.namespaces import ID_BASE, PREFIXES

if TYPE_CHECKING:
    from pathlib import Path

    from jcgraph.extract import Candidate

JC = Namespace(PREFIXES["jc"])
OA = Namespace(PREFIXES["oa"])
QB = Namespace(PREFIXES["qb"])
DCT = Namespace(DCT_IRI)
SKOS = Namespace(PREFIXES["skos"])
KIND = Namespace(PREFIXES["kind"])
STATUS = Namespace(PREFIXES["status"])
QUAL = Namespace(PREFIXES["qual"])
UNIT = Namespace(PREFIXES["unit"])
PERIOD = Namespace(PREFIXES["period"])
STRUCTURE = URIRef(PREFIXES["ds"] + "structure")


def writable(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates that can be written as observations of our model."""
    return [c for c in candidates if c.kind in OBSERVATION_KINDS and c.unit is not None]


def graph(
    candidates: list[Candidate],
    text: str,
    *,
    name: str,
    units: Graph,
    title: str | None = None,
    source: str | None = None,
    entities: Graph | None = None,
) -> Graph:
    """The candidates of ``text`` (read from the file ``name``) as a graph. ``units`` is our
    unit vocabulary (data/units.ttl): the definitions of the units used are copied.
    ``entities`` holds the types and labels of the entities that candidates' subjects
    matched (``Candidate.subject_match``): those are written as these entities, citing the
    new passage, instead of as candidate entities."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    base = Namespace(f"{ID_BASE}candidate/{digest[:12]}/")
    g = Graph()
    for prefix, namespace in (
        ("jc", JC),
        ("oa", OA),
        ("qb", QB),
        ("dct", DCT),
        ("skos", SKOS),
        ("kind", KIND),
        ("status", STATUS),
        ("qual", QUAL),
        ("unit", UNIT),
        ("period", PERIOD),
        ("cand", base),
    ):
        g.bind(prefix, namespace)
    article = URIRef(source) if source else base["source"]
    heading = title or next((line.strip() for line in text.splitlines() if line.strip()), name)
    g.add((article, RDF.type, JC.SourceArticle))
    g.add((article, RDFS.label, Literal(heading, lang="zh")))
    g.add((article, RDFS.label, Literal(f"Article in the file {name}", lang="en")))
    g.add((article, JC.sha256, Literal(digest)))
    g.add((article, JC.characterCount, Literal(len(text), datatype=XSD.integer)))
    g.add((article, DCT["format"], Literal("text/plain; charset=utf-8")))
    dataset = base["dataset"]
    g.add((dataset, RDF.type, QB.DataSet))
    g.add((dataset, RDFS.label, Literal(f"候选数字:{heading}", lang="zh")))
    g.add((dataset, RDFS.label, Literal(f"Candidate figures of {name}", lang="en")))
    g.add((dataset, QB.structure, STRUCTURE))
    g.add((dataset, DCT.source, article))
    group = base["indicator-group"]
    g.add((group, RDF.type, SKOS.Concept))
    g.add((group, RDFS.label, Literal("候选指标(待归类)", lang="zh")))
    g.add((group, RDFS.label, Literal("Candidate indicators, to be sorted", lang="en")))
    used_units: set[URIRef] = set()
    for c in writable(candidates):
        figure = base[f"figure/c{c.start}-{c.end}"]
        evidence = _evidence(g, base, article, c)
        subject = _entity(g, base, c.subject, c.subject_match, entities, evidence)
        phrase = c.indicator or f"「{c.quote}」所说的量"
        indicator = _named(g, base, "indicator", phrase, None)
        g.add((indicator, RDF.type, JC.CandidateIndicator))
        g.add((indicator, SKOS.broader, group))
        if c.indicator_match:  # the closest indicator of ours, for the reviewer
            g.add((indicator, SKOS.closeMatch, URIRef(c.indicator_match)))
        unit = UNIT[c.unit or ""]
        if g.value(indicator, JC.defaultUnit) is None:
            g.add((indicator, JC.defaultUnit, unit))
        used_units.add(unit)
        g.add((figure, RDF.type, JC.CandidateObservation))
        g.add((figure, QB.dataSet, dataset))
        g.add((figure, JC.indicator, indicator))
        g.add((figure, JC.refSubject, subject))
        g.add((figure, JC.refPeriod, _period(g, c.period)))
        if c.baseline:
            g.add((figure, JC.baselinePeriod, _period(g, c.baseline)))
        if c.scope:  # 居全国第8位: where the rank holds
            g.add(
                (
                    figure,
                    JC.rankingScope,
                    _entity(g, base, c.scope, c.scope_match, entities, evidence),
                )
            )
        g.add((figure, JC.value, Literal(c.value, datatype=XSD.decimal)))
        g.add((figure, JC.unit, unit))
        g.add((figure, JC.measureKind, KIND[c.kind]))
        g.add((figure, JC.status, STATUS[c.status]))
        g.add((figure, JC.qualifier, QUAL[c.qualifier]))
        g.add((figure, JC.confidence, Literal(str(c.confidence), datatype=XSD.decimal)))
        for rule in c.rules:
            g.add((figure, JC.extractionRule, Literal(rule)))
        g.add((figure, JC.evidence, evidence))
    _copy_units(g, units, used_units)
    return g


def _evidence(g: Graph, base: Namespace, article: URIRef, c: Candidate) -> URIRef:
    evidence = base[f"evidence/c{c.quote_start}-{c.quote_end}"]
    if (evidence, RDF.type, JC.Evidence) not in g:
        quote, position = URIRef(f"{evidence}-q"), URIRef(f"{evidence}-p")
        g.add((evidence, RDF.type, JC.Evidence))
        g.add((evidence, OA.hasSource, article))
        g.add((evidence, OA.hasSelector, quote))
        g.add((evidence, OA.hasSelector, position))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(c.quote)))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(c.quote_start, datatype=XSD.integer)))
        g.add((position, OA.end, Literal(c.quote_end, datatype=XSD.integer)))
    return evidence


def _entity(
    g: Graph,
    base: Namespace,
    name: str,
    match: str | None,
    entities: Graph | None,
    evidence: URIRef,
) -> URIRef:
    """An entity of ours when ``match`` names one that ``entities`` describes (the same IRI,
    its types and labels, citing the new passage), else a candidate entity named ``name``."""
    known = URIRef(match) if match else None
    if known is not None and entities is not None and (known, RDF.type, None) in entities:
        for triple in entities.triples((known, None, None)):
            g.add(triple)
        g.add((known, JC.evidence, evidence))
        return known
    node = _named(g, base, "entity", name, evidence)
    g.add((node, RDF.type, JC.CandidateEntity))
    return node


def _named(g: Graph, base: Namespace, kind: str, label: str, evidence: URIRef | None) -> URIRef:
    """One node per name: the same words name the same candidate."""
    node = base[f"{kind}/{hashlib.sha256(label.encode('utf-8')).hexdigest()[:12]}"]
    g.add((node, RDFS.label, Literal(label, lang="zh")))
    if evidence is not None and g.value(node, JC.evidence) is None:
        g.add((node, JC.evidence, evidence))
    return node


def _period(g: Graph, name: str) -> URIRef:
    node = PERIOD[name]
    start, _, end = name.partition("-")
    end = end or start
    if (node, RDF.type, JC.Period) not in g:
        g.add((node, RDF.type, JC.Period))
        zh = f"{start}年" if start == end else f"{start}—{end}年"
        g.add((node, RDFS.label, Literal(zh, lang="zh")))
        g.add((node, RDFS.label, Literal(name, lang="en")))
        g.add((node, JC.startYear, Literal(int(start), datatype=XSD.integer)))
        g.add((node, JC.endYear, Literal(int(end), datatype=XSD.integer)))
    return node


def _copy_units(g: Graph, units: Graph, used: set[URIRef]) -> None:
    """Each unit used, and its base unit, as our vocabulary defines them."""
    wanted = set(used)
    wanted |= {b for u in used for b in units.objects(u, JC.baseUnit) if isinstance(b, URIRef)}
    for unit in wanted:
        for p, o in units.predicate_objects(unit):
            if p != SKOS.inScheme and p != SKOS.topConceptOf:
                g.add((unit, p, o))


def units_of(path: Path) -> Graph:
    """Our unit vocabulary."""
    return Graph().parse(path, format="turtle")
