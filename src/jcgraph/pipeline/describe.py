"""What the graph says about one entity: found by label or IRI, gathered once for every view.

``gather`` asks four questions about an entity (its statements, the evidence quotes of its
own, the figures whose subject it is, and the statements that point at it) and returns an
``EntityView``. ``jcgraph describe`` prints it (``formats.entity_text``) and the server's
entity page renders it as HTML (``serve.entity_html``); both read the same view. Each part
stops at ``LIMIT`` rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from jcgraph.namespaces import EVIDENCE, INFERRED, JC, RDF_TYPE, RDFS_LABEL, SKOS, compact, expand
from jcgraph.pipeline import params
from jcgraph.results import Result, Term

Run = Callable[[str], Result]  # answers one SELECT or ASK query
LIMIT = 1000
EVIDENCE_LINK = JC + "evidence"
MATCHES = {SKOS + "exactMatch": "exact match", SKOS + "closeMatch": "close match"}
_PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX jc: <https://w3id.org/jcgraph/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""
_LABELLED = """
  OPTIONAL {{ {v} rdfs:label {v}zh FILTER(LANG({v}zh) = "zh") }}
  OPTIONAL {{ {v} rdfs:label {v}en FILTER(LANG({v}en) = "en") }}"""

FIND = (
    _PREFIXES
    + f"""SELECT DISTINCT ?e WHERE {{
  ?e rdfs:label|skos:altLabel ?label .
  FILTER(CONTAINS(LCASE(STR(?label)), LCASE(?_text)))
  FILTER(!STRSTARTS(STR(?e), "{EVIDENCE}"))
}} ORDER BY STRLEN(STR(?label)) ?e LIMIT 20"""
)
EXISTS = "ASK { { ?_e ?p ?o } UNION { ?s ?p ?_e } }"
FACTS = (
    _PREFIXES
    + "SELECT ?p ?o ?pzh ?pen ?ozh ?oen ?inferred WHERE {\n  ?_e ?p ?o ."
    + _LABELLED.format(v="?p")
    + _LABELLED.format(v="?o")
    + f"""
  OPTIONAL {{ GRAPH <{INFERRED}> {{ ?_e ?p ?o }} BIND(true AS ?inferred) }}
}} ORDER BY ?p ?o LIMIT {LIMIT}"""
)
QUOTES = (
    _PREFIXES
    + f"""SELECT DISTINCT ?ev ?quote ?start ?end WHERE {{
  ?_e jc:evidence ?ev .
  ?ev oa:hasSelector ?q . ?q oa:exact ?quote .
  OPTIONAL {{ ?ev oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end }}
}} ORDER BY ?start LIMIT {LIMIT}"""
)
FIGURES = (
    _PREFIXES
    + f"""SELECT ?obs ?indzh ?inden ?value ?unitzh ?perzh ?perid ?statuszh ?kindzh ?quote WHERE {{
  ?obs jc:refSubject ?_e ; jc:indicator ?ind ; jc:value ?value .
  OPTIONAL {{ ?ind rdfs:label ?indzh FILTER(LANG(?indzh) = "zh") }}
  OPTIONAL {{ ?ind rdfs:label ?inden FILTER(LANG(?inden) = "en") }}
  OPTIONAL {{ ?obs jc:unit/rdfs:label ?unitzh FILTER(LANG(?unitzh) = "zh") }}
  OPTIONAL {{ ?obs jc:refPeriod ?perid
             OPTIONAL {{ ?perid rdfs:label ?perzh FILTER(LANG(?perzh) = "zh") }} }}
  OPTIONAL {{ ?obs jc:status/rdfs:label ?statuszh FILTER(LANG(?statuszh) = "zh") }}
  OPTIONAL {{ ?obs jc:measureKind/rdfs:label ?kindzh FILTER(LANG(?kindzh) = "zh") }}
  OPTIONAL {{ ?obs jc:evidence/oa:hasSelector/oa:exact ?quote }}
}} ORDER BY ?inden ?perid ?obs ?quote LIMIT {LIMIT}"""
)
INCOMING = (
    _PREFIXES
    + "SELECT ?s ?p ?szh ?sen ?pzh ?pen ?quote ?inferred ?figure WHERE {\n"
    + "  ?s ?p ?_e . FILTER(isIRI(?s))"
    + _LABELLED.format(v="?s")
    + _LABELLED.format(v="?p")
    + f"""
  OPTIONAL {{ ?s jc:evidence/oa:hasSelector/oa:exact ?quote }}
  OPTIONAL {{ GRAPH <{INFERRED}> {{ ?s ?p ?_e }} BIND(true AS ?inferred) }}
  BIND(EXISTS {{ ?s jc:refSubject ?_e ; jc:value ?v }} AS ?figure)
}} ORDER BY ?p ?s ?quote LIMIT {LIMIT}"""
)

# The entity as RDF: its statements, the labels of what it links to, and its evidence.
RDF = (
    _PREFIXES
    + """CONSTRUCT {
  ?_e ?p ?o . ?o rdfs:label ?label .
  ?ev ?evp ?evo . ?sel ?selp ?selo .
} WHERE {
  { ?_e ?p ?o OPTIONAL { ?o rdfs:label ?label FILTER(isIRI(?o)) } }
  UNION { ?_e jc:evidence ?ev . ?ev ?evp ?evo }
  UNION { ?_e jc:evidence/oa:hasSelector ?sel . ?sel ?selp ?selo }
}"""
)


@dataclass
class Link:
    """A term with its labels, as the views show it."""

    term: Term
    zh: str = ""
    en: str = ""

    @staticmethod
    def of(term: Term, zh: Term | None = None, en: Term | None = None) -> Link:
        return Link(term, zh.value if zh else "", en.value if en else "")


@dataclass
class Fact:
    """One statement (outgoing or incoming), with the quotes that support it."""

    prop: Link
    other: Link
    inferred: bool = False
    quotes: list[str] = field(default_factory=list)
    figure: bool = False  # an incoming statement from an observation of this entity


@dataclass
class Figure:
    """One observation about the entity."""

    obs: Term
    indicator: str
    indicator_en: str
    value: str
    unit: str
    period: str
    status: str
    kind: str
    quotes: list[str] = field(default_factory=list)


@dataclass
class Quote:
    """One evidence passage, with its offsets in the article when known."""

    text: str
    start: str = ""
    end: str = ""


@dataclass
class EntityView:
    """Everything the graph says about one entity.

    ``statements`` and ``references`` hold every row the queries returned (one per label
    combination); ``facts`` and ``incoming`` are the same statements once each, as pages
    show them, without labels, types, matches and evidence links (``facts``) or figures
    (``incoming``), which have parts of their own.
    """

    iri: str
    zh: list[str] = field(default_factory=list)
    en: list[str] = field(default_factory=list)
    types: list[Link] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    incoming: list[Fact] = field(default_factory=list)
    matches: list[tuple[str, str]] = field(default_factory=list)
    statements: list[Fact] = field(default_factory=list)
    references: list[Fact] = field(default_factory=list)
    positioned: list[Quote] = field(default_factory=list)  # quotes with offsets, as found


def find(run: Run, text: str) -> list[str]:
    """IRIs whose label contains ``text`` (zh or en, any case), or the entity ``text``
    names by IRI or prefixed name when the graph knows it."""
    text = expand(text) or text
    if text.startswith(("http://", "https://")):
        return [text] if exists(run, text) else []
    answer = run(params.bind(FIND, {"text": Term.literal(text)}))
    return [row[0].value for row in answer.rows if row[0] is not None]


def exists(run: Run, iri: str) -> bool:
    """Whether the graph has a statement about or pointing at ``iri``."""
    return bool(run(params.bind(EXISTS, {"e": params.iri(iri, repr(iri))})).boolean)


def gather(run: Run, iri: str) -> EntityView:
    """Ask the graph (through ``run``) everything about ``iri``."""
    entity = {"e": params.iri(iri, repr(iri))}
    view = EntityView(iri)
    _statements(view, run(params.bind(FACTS, entity)))
    _quotes(view, run(params.bind(QUOTES, entity)))
    own = [q.text for q in view.quotes]
    for fact in view.facts:
        if not fact.inferred:
            fact.quotes = _supporting(fact, own)
    _figures(view, run(params.bind(FIGURES, entity)))
    _references(view, run(params.bind(INCOMING, entity)))
    return view


def _statements(view: EntityView, answer: Result) -> None:
    seen: set[tuple[str, str]] = set()
    for p, o, pzh, pen, ozh, oen, inferred in answer.rows:
        if p is None or o is None:
            continue
        fact = Fact(Link.of(p, pzh, pen), Link.of(o, ozh, oen), inferred is not None)
        view.statements.append(fact)
        if p.value == RDFS_LABEL and o.kind == "literal":
            target = view.en if o.lang == "en" else view.zh
            if o.value not in target:
                target.append(o.value)
        elif p.value in MATCHES and o.kind == "uri":
            if (o.value, MATCHES[p.value]) not in view.matches:
                view.matches.append((o.value, MATCHES[p.value]))
        elif p.value in (RDFS_LABEL, EVIDENCE_LINK):
            continue
        elif p.value == RDF_TYPE:
            if all(t.term != o for t in view.types):
                view.types.append(fact.other)
        elif (p.value, o.n3()) not in seen:
            seen.add((p.value, o.n3()))
            view.facts.append(fact)


def _quotes(view: EntityView, answer: Result) -> None:
    for _ev, quote, start, end in answer.rows:
        if quote is None:
            continue
        if start is not None and end is not None:
            found = Quote(quote.value, start.value, end.value)
            if found not in view.positioned:
                view.positioned.append(found)
        if all(q.text != quote.value for q in view.quotes):
            view.quotes.append(
                Quote(quote.value, start.value if start else "", end.value if end else "")
            )


def _figures(view: EntityView, answer: Result) -> None:
    figures: dict[str, Figure] = {}
    for obs, indzh, inden, value, unitzh, perzh, perid, statuszh, kindzh, quote in answer.rows:
        if obs is None or value is None:
            continue
        figure = figures.get(obs.value)
        if figure is None:
            period = perzh.value if perzh else (compact(perid.value) if perid else "")
            figure = Figure(
                obs,
                indzh.value if indzh else "",
                inden.value if inden else "",
                value.value,
                unitzh.value if unitzh else "",
                period,
                statuszh.value if statuszh else "",
                kindzh.value if kindzh else "",
            )
            figures[obs.value] = figure
            view.figures.append(figure)
        if quote is not None and quote.value not in figure.quotes:
            figure.quotes.append(quote.value)


def _references(view: EntityView, answer: Result) -> None:
    incoming: dict[tuple[str, str], Fact] = {}
    rows: set[tuple[str, ...]] = set()
    for s, p, szh, sen, pzh, pen, quote, inferred, figure in answer.rows:
        if s is None or p is None:
            continue
        is_figure = figure is not None and figure.value == "true"
        fact = Fact(Link.of(p, pzh, pen), Link.of(s, szh, sen), inferred is not None)
        fact.figure = is_figure
        shown = (s.value, p.value, fact.other.zh, fact.other.en, fact.prop.en)
        if shown not in rows:  # once per label combination, whatever the quotes
            rows.add(shown)
            view.references.append(fact)
        if is_figure:
            continue
        key = (s.value, p.value)
        if key not in incoming:
            incoming[key] = fact
            view.incoming.append(fact)
        # an inferred link has no passage of its own: the subject's quotes would mislead
        if quote is not None and inferred is None and quote.value not in incoming[key].quotes:
            incoming[key].quotes.append(quote.value)


def _supporting(fact: Fact, quotes: list[str]) -> list[str]:
    """The entity's quotes that name the fact's value.

    The entity's evidence is the provenance of its relations (docs/modelling.md), so a
    relation is shown with the passage that mentions the related entity. A fact no
    passage names, and a comment, label or alias, gets none: the entity's one quote
    beside its comment and its alias claimed to support what it does not say (its
    evidence is listed apart).
    """
    if fact.other.term.kind != "uri":  # a comment, label or alias is ours, not a claim
        return []
    names = [n for n in (fact.other.zh, fact.other.term.value) if n and len(n) >= 2]
    return [q for q in quotes if any(n in q for n in names)]
