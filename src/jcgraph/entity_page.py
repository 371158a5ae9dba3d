"""Entity pages: what the graph says about one instance IRI, as HTML for people and as RDF.

Our IRIs (``https://w3id.org/jcgraph/id/place/jinchang``) resolve under the server at
``/id/place/jinchang``. The page shows the labels in Chinese and English, the entity's
own evidence quotes, every figure about it and every fact with the quote it comes from,
what refers to it, and the external identifiers it is matched to. Everything taken from
the graph is HTML-escaped; external links are only ever http(s).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from .reasoning import INFERRED
from .results import Result, Term
from .table import compact

ID_BASE = "https://w3id.org/jcgraph/id/"
_PATH = re.compile(r"/id/([A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*)")
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
MATCHES = {SKOS + "exactMatch": "exact match", SKOS + "closeMatch": "close match"}
HIDDEN = {RDFS_LABEL, "https://w3id.org/jcgraph/ontology#evidence"}

_PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX jc: <https://w3id.org/jcgraph/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""

_LABELLED = """
  OPTIONAL {{ {v} rdfs:label {v}zh FILTER(LANG({v}zh) = "zh") }}
  OPTIONAL {{ {v} rdfs:label {v}en FILTER(LANG({v}en) = "en") }}"""

FACTS = (
    _PREFIXES
    + """SELECT ?p ?o ?pzh ?pen ?ozh ?oen ?inferred WHERE {
  ?_e ?p ?o ."""
    + _LABELLED.format(v="?p")
    + _LABELLED.format(v="?o")
    + f"""
  OPTIONAL {{ GRAPH <{INFERRED}> {{ ?_e ?p ?o }} BIND(true AS ?inferred) }}
}} ORDER BY ?p ?o LIMIT 1000"""
)

QUOTES = (
    _PREFIXES
    + """SELECT DISTINCT ?ev ?quote ?start ?end WHERE {
  ?_e jc:evidence ?ev .
  ?ev oa:hasSelector ?q . ?q oa:exact ?quote .
  OPTIONAL { ?ev oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end }
} ORDER BY ?start LIMIT 200"""
)

FIGURES = (
    _PREFIXES
    + """SELECT ?obs ?indzh ?inden ?value ?unitzh ?perzh ?perid ?statuszh ?kindzh ?quote WHERE {
  ?obs jc:refSubject ?_e ; jc:indicator ?ind ; jc:value ?value .
  OPTIONAL { ?ind rdfs:label ?indzh FILTER(LANG(?indzh) = "zh") }
  OPTIONAL { ?ind rdfs:label ?inden FILTER(LANG(?inden) = "en") }
  OPTIONAL { ?obs jc:unit/rdfs:label ?unitzh FILTER(LANG(?unitzh) = "zh") }
  OPTIONAL { ?obs jc:refPeriod ?perid
             OPTIONAL { ?perid rdfs:label ?perzh FILTER(LANG(?perzh) = "zh") } }
  OPTIONAL { ?obs jc:status/rdfs:label ?statuszh FILTER(LANG(?statuszh) = "zh") }
  OPTIONAL { ?obs jc:measureKind/rdfs:label ?kindzh FILTER(LANG(?kindzh) = "zh") }
  OPTIONAL { ?obs jc:evidence/oa:hasSelector/oa:exact ?quote }
} ORDER BY ?inden ?perid ?obs LIMIT 1000"""
)

INCOMING = (
    _PREFIXES
    + """SELECT ?s ?p ?szh ?sen ?pzh ?pen ?quote ?inferred WHERE {
  ?s ?p ?_e . FILTER(isIRI(?s))
  FILTER NOT EXISTS { ?s jc:refSubject ?_e . ?s jc:value ?v }"""
    + _LABELLED.format(v="?s")
    + _LABELLED.format(v="?p")
    + f"""
  OPTIONAL {{ ?s jc:evidence/oa:hasSelector/oa:exact ?quote }}
  OPTIONAL {{ GRAPH <{INFERRED}> {{ ?s ?p ?_e }} BIND(true AS ?inferred) }}
}} ORDER BY ?p ?s LIMIT 1000"""
)

EXISTS = "ASK { { ?_e ?p ?o } UNION { ?s ?p ?_e } }"

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


def iri_for_path(path: str) -> str | None:
    """The instance IRI a server path stands for, or None when it is not one of ours.

    >>> iri_for_path("/id/place/jinchang")
    'https://w3id.org/jcgraph/id/place/jinchang'
    >>> iri_for_path("/id/place/<script>") is None
    True
    """
    match = _PATH.fullmatch(path)
    return ID_BASE + match[1] if match else None


def local_path(iri: str) -> str | None:
    """The server path of one of our IRIs, else None."""
    if iri.startswith(ID_BASE) and iri_for_path("/id/" + iri[len(ID_BASE) :]):
        return "/id/" + iri[len(ID_BASE) :]
    return None


def bound(sparql: str, iri: str) -> str:
    """A query with ``?_e`` replaced by the entity's IRI (checked by ``iri_for_path``)."""
    return sparql.replace("?_e", f"<{iri}>")


@dataclass
class Link:
    """A term as the page shows it: its labels, and where it links."""

    term: Term
    zh: str = ""
    en: str = ""

    @staticmethod
    def of(term: Term, zh: Term | None = None, en: Term | None = None) -> Link:
        return Link(term, zh.value if zh else "", en.value if en else "")


@dataclass
class Fact:
    """One statement on the page (outgoing or incoming), with its quote when known."""

    prop: Link
    other: Link
    inferred: bool = False
    quotes: list[str] = field(default_factory=list)


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
    """One evidence passage."""

    text: str
    start: str = ""
    end: str = ""


@dataclass
class EntityView:
    """Everything the entity page shows."""

    iri: str
    zh: list[str] = field(default_factory=list)
    en: list[str] = field(default_factory=list)
    types: list[Link] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    incoming: list[Fact] = field(default_factory=list)
    matches: list[tuple[str, str]] = field(default_factory=list)


def gather(run: Callable[[str], Result], iri: str) -> EntityView:
    """Ask the graph (through ``run``, which answers a SELECT) about ``iri``."""
    view = EntityView(iri)
    seen: dict[tuple[str, str], Fact] = {}
    for p, o, pzh, pen, ozh, oen, inferred in run(bound(FACTS, iri)).rows:
        if p is None or o is None:
            continue
        if p.value == RDFS_LABEL and o.kind == "literal":
            target = view.zh if o.lang == "zh" else view.en if o.lang == "en" else view.zh
            if o.value not in target:
                target.append(o.value)
            continue
        if p.value in MATCHES and o.kind == "uri":
            if (o.value, MATCHES[p.value]) not in view.matches:
                view.matches.append((o.value, MATCHES[p.value]))
            continue
        if p.value in HIDDEN:
            continue
        if p.value == RDF_TYPE:
            if all(t.term != o for t in view.types):
                view.types.append(Link.of(o, ozh, oen))
            continue
        key = (p.value, o.n3())
        if key not in seen:
            seen[key] = Fact(Link.of(p, pzh, pen), Link.of(o, ozh, oen), inferred is not None)
            view.facts.append(seen[key])
    for _ev, quote, start, end in run(bound(QUOTES, iri)).rows:
        if quote is not None and all(q.text != quote.value for q in view.quotes):
            view.quotes.append(
                Quote(quote.value, start.value if start else "", end.value if end else "")
            )
    own = [q.text for q in view.quotes]
    for fact in view.facts:
        if not fact.inferred:
            fact.quotes = _supporting(fact, own)
    figures: dict[str, Figure] = {}
    for obs, indzh, inden, value, unitzh, perzh, perid, statuszh, kindzh, quote in run(
        bound(FIGURES, iri)
    ).rows:
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
    incoming: dict[tuple[str, str], Fact] = {}
    for s, p, szh, sen, pzh, pen, quote, inferred in run(bound(INCOMING, iri)).rows:
        if s is None or p is None:
            continue
        key = (s.value, p.value)
        if key not in incoming:
            incoming[key] = Fact(Link.of(p, pzh, pen), Link.of(s, szh, sen), inferred is not None)
            view.incoming.append(incoming[key])
        # an inferred link has no passage of its own: the subject's quotes would mislead
        if quote is not None and not inferred and quote.value not in incoming[key].quotes:
            incoming[key].quotes.append(quote.value)
    return view


def _supporting(fact: Fact, quotes: list[str]) -> list[str]:
    """The entity's quotes that name the fact's value, else its first quote.

    The entity's evidence is the provenance of its relations (docs/modelling.md), so a
    relation is shown with the passage that mentions the related entity when one does.
    """
    names = [n for n in (fact.other.zh, fact.other.term.value) if n and len(n) >= 2]
    naming = [q for q in quotes if any(n in q for n in names)]
    return naming or quotes[:1]


def _href(iri: str) -> str | None:
    local = local_path(iri)
    if local:
        return local
    if iri.startswith(("http://", "https://")):
        return iri
    return None


def _link(link: Link, *, prefer: str = "zh") -> str:
    term = link.term
    if term.kind == "literal":
        text = escape(term.value)
        if term.lang:
            return f'{text} <span class="lang">@{escape(term.lang)}</span>'
        if term.datatype:
            return f'{text} <span class="dt">{escape(compact(term.datatype))}</span>'
        return text
    if term.kind == "bnode":
        return f"<code>_:{escape(term.value)}</code>"
    names = [n for n in ((link.zh, link.en) if prefer == "zh" else (link.en, link.zh)) if n]
    text = escape(names[0]) if names else f"<code>{escape(compact(term.value))}</code>"
    if len(names) > 1:
        text += f' <span class="en">{escape(names[1])}</span>'
    href = _href(term.value)
    if href is None:
        return text
    external = "" if href.startswith("/") else ' rel="noopener noreferrer"'
    return f'<a href="{escape(href)}"{external}>{text}</a>'


def _quotes(quotes: list[str]) -> str:
    return "".join(f'<q class="evidence">{escape(q)}</q>' for q in quotes)


def render(view: EntityView) -> str:
    """The entity page as a complete HTML document (no script; styles from /web/)."""
    title = " / ".join(view.zh[:1] + view.en[:1]) or compact(view.iri)
    parts = [
        "<!doctype html>",
        '<html lang="zh"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)} · jcgraph</title>",
        '<link rel="stylesheet" href="/web/style.css">',
        '<link rel="alternate" type="text/turtle" href="?format=turtle">',
        '<link rel="alternate" type="application/ld+json" href="?format=jsonld">',
        '</head><body class="entity">',
        '<header class="bar"><a class="home" href="/">jcgraph</a>'
        '<span class="crumb">金昌市“十四五”经济社会高质量发展综述 · knowledge graph</span>'
        "</header>",
        "<main>",
        f'<h1 lang="zh">{escape(view.zh[0]) if view.zh else escape(compact(view.iri))}</h1>',
    ]
    if view.en:
        parts.append(f'<p class="subtitle" lang="en">{escape(view.en[0])}</p>')
    others = view.zh[1:] + view.en[1:]
    if others:
        parts.append(f'<p class="aliases">{escape(" · ".join(others))}</p>')
    parts.append(
        f'<p class="iri"><code>{escape(view.iri)}</code> · '
        '<a href="?format=turtle">Turtle</a> · <a href="?format=jsonld">JSON-LD</a> · '
        '<a href="?format=ntriples">N-Triples</a></p>'
    )
    if view.types:
        badges = " ".join(f'<span class="badge">{_link(t)}</span>' for t in view.types)
        parts.append(f'<p class="types">{badges}</p>')
    if view.quotes:
        parts.append('<section><h2>原文 <span class="en">Evidence</span></h2><ul class="quotes">')
        for quote in view.quotes:
            where = (
                f' <span class="pos">[{escape(quote.start)}–{escape(quote.end)}]</span>'
                if quote.start
                else ""
            )
            parts.append(f'<li><q class="evidence">{escape(quote.text)}</q>{where}</li>')
        parts.append("</ul></section>")
    if view.figures:
        parts.append(
            '<section><h2>数据 <span class="en">Figures</span></h2><table class="grid"><thead><tr>'
            "<th>指标 indicator</th><th>时期 period</th><th>数值 value</th><th>类型 kind</th>"
            "<th>状态 status</th><th>原文 evidence</th></tr></thead><tbody>"
        )
        for f in view.figures:
            indicator = escape(f.indicator) + (
                f' <span class="en">{escape(f.indicator_en)}</span>' if f.indicator_en else ""
            )
            parts.append(
                f'<tr><td><a href="{escape(local_path(f.obs.value) or "")}">{indicator}</a></td>'
                f"<td>{escape(f.period)}</td>"
                f'<td class="num">{escape(f.value)} {escape(f.unit)}</td>'
                f"<td>{escape(f.kind)}</td><td>{escape(f.status)}</td><td>{_quotes(f.quotes)}</td></tr>"
            )
        parts.append("</tbody></table></section>")
    if view.facts:
        parts.append(
            '<section><h2>事实 <span class="en">Facts</span></h2><table class="grid"><thead><tr>'
            "<th>property</th><th>value</th><th>原文 evidence</th></tr></thead><tbody>"
        )
        for fact in view.facts:
            badge = (
                ' <span class="badge inferred" title="inferred by OWL 2 RL reasoning">'
                "inferred</span>"
                if fact.inferred
                else ""
            )
            parts.append(
                f"<tr><td>{_link(fact.prop, prefer='en')}</td><td>{_link(fact.other)}{badge}</td>"
                f"<td>{_quotes(fact.quotes)}</td></tr>"
            )
        parts.append("</tbody></table></section>")
    if view.matches:
        parts.append(
            '<section><h2>外部标识 <span class="en">Elsewhere</span></h2><ul class="matches">'
        )
        for iri, how in view.matches:
            href = _href(iri)
            target = (
                f'<a href="{escape(href)}" rel="noopener noreferrer">{escape(iri)}</a>'
                if href
                else f"<code>{escape(iri)}</code>"
            )
            parts.append(f'<li>{target} <span class="badge">{escape(how)}</span></li>')
        parts.append("</ul></section>")
    if view.incoming:
        parts.append(
            '<section><h2>被引用 <span class="en">Referenced by</span></h2>'
            '<table class="grid"><thead><tr>'
            "<th>entity</th><th>property</th><th>原文 evidence</th></tr></thead><tbody>"
        )
        for fact in view.incoming:
            badge = ' <span class="badge inferred">inferred</span>' if fact.inferred else ""
            parts.append(
                f"<tr><td>{_link(fact.other)}</td><td>{_link(fact.prop, prefer='en')}{badge}</td>"
                f"<td>{_quotes(fact.quotes)}</td></tr>"
            )
        parts.append("</tbody></table></section>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"
