"""Describing entities: find them by label (zh or en, substring) or IRI, and print what
the graph knows about them with labels instead of bare IRIs."""

from __future__ import annotations

from dataclasses import dataclass, field

from .engines import Engine
from .results import Term
from .table import compact

_FIND = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?e WHERE {
  ?e rdfs:label|skos:altLabel ?label .
  FILTER(CONTAINS(LCASE(STR(?label)), LCASE(?_text)))
  FILTER(!STRSTARTS(STR(?e), "https://w3id.org/jcgraph/id/evidence/"))
} ORDER BY STRLEN(STR(?label)) ?e LIMIT 20
"""

_FACTS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?p ?o ?pzh ?pen ?ozh ?oen WHERE {
  ?_e ?p ?o .
  OPTIONAL { ?p rdfs:label ?pzh FILTER(LANG(?pzh) = "zh") }
  OPTIONAL { ?p rdfs:label ?pen FILTER(LANG(?pen) = "en") }
  OPTIONAL { ?o rdfs:label ?ozh FILTER(LANG(?ozh) = "zh") }
  OPTIONAL { ?o rdfs:label ?oen FILTER(LANG(?oen) = "en") }
} ORDER BY ?p ?o
"""

_INCOMING = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?p ?szh ?sen ?pen WHERE {
  ?s ?p ?_e .
  FILTER(isIRI(?s))
  OPTIONAL { ?s rdfs:label ?szh FILTER(LANG(?szh) = "zh") }
  OPTIONAL { ?s rdfs:label ?sen FILTER(LANG(?sen) = "en") }
  OPTIONAL { ?p rdfs:label ?pen FILTER(LANG(?pen) = "en") }
} ORDER BY ?p ?s LIMIT 200
"""

_QUOTES = """
PREFIX jc: <https://w3id.org/jcgraph/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT DISTINCT ?quote ?start ?end WHERE {
  ?_e jc:evidence ?ev .
  ?ev oa:hasSelector ?q, ?pos .
  ?q oa:exact ?quote .
  ?pos oa:start ?start ; oa:end ?end .
} ORDER BY ?start
"""


@dataclass
class Description:
    """Everything printed about one entity."""

    iri: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    incoming: list[tuple[str, str]] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)

    def render(self) -> str:
        lines = [compact(self.iri)]
        width = max((len(p) for p, _ in self.facts), default=0)
        lines += [f"  {p.ljust(width)}  {o}" for p, o in self.facts]
        if self.incoming:
            lines.append("  referenced by:")
            lines += [f"    {s}  ({p})" for p, s in self.incoming]
        if self.quotes:
            lines.append("  evidence:")
            lines += [f"    {q}" for q in self.quotes]
        return "\n".join(lines)


def _literal(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _named(term: Term | None, zh: Term | None, en: Term | None) -> str:
    if term is None:
        return ""
    if term.kind != "uri":
        return term.value + (f" @{term.lang}" if term.lang else "")
    names = " / ".join(t.value for t in (zh, en) if t is not None)
    return f"{names} ({compact(term.value)})" if names else compact(term.value)


def find_entities(engine: Engine, text: str) -> list[str]:
    """IRIs whose label contains ``text``, or ``text`` itself when it is a known IRI."""
    from .table import PREFIXES

    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        text = PREFIXES[prefix] + local
    if text.startswith(("http://", "https://")):
        exists = engine.query(f"ASK {{ <{text}> ?p ?o }}")
        return [text] if exists.boolean else []
    answer = engine.query(_FIND.replace("?_text", _literal(text)))
    return [row[0].value for row in answer.rows if row[0] is not None]


def describe(engine: Engine, iri: str) -> Description:
    """Gather the facts, incoming links and evidence quotes of one entity."""

    def bound(sparql: str) -> str:
        return sparql.replace("?_e", f"<{iri}>")

    description = Description(iri)
    for p, o, pzh, pen, ozh, oen in engine.query(bound(_FACTS)).rows:
        name = pen or pzh
        label = name.value if name else compact(p.value if p else "")
        description.facts.append((label, _named(o, ozh, oen)))
    for s, p, szh, sen, pen in engine.query(bound(_INCOMING)).rows:
        label = pen.value if pen else compact(p.value if p else "")
        description.incoming.append((label, _named(s, szh, sen)))
    for quote, start, end in engine.query(bound(_QUOTES)).rows:
        if quote and start and end:
            description.quotes.append(f"「{quote.value}」 [{start.value}–{end.value}]")
    return description
