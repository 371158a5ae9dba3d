"""HTML documentation of the ontology (pyLODE) and of the SKOS vocabularies, offline.

pyLODE 3.3 renders an OWL ontology well, but has no section for SKOS concepts (its VocPub
profile lists classes and properties only), so the vocabularies page is written here: one
section per concept scheme, its top concepts first, each concept with its labels and
definition in both languages.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from jcgraph.errors import JcgraphError
from jcgraph.files import write_text
from jcgraph.paths import Layout

ONTOLOGY_PAGE = "ontology.html"
VOCABULARIES_PAGE = "vocabularies.html"


def write_docs(where: Layout, out: Path) -> list[Path]:
    """Write ``ontology.html`` and ``vocabularies.html`` to ``out``; returns their paths."""
    try:
        from pylode import OntPub
    except ImportError:
        raise JcgraphError(
            "the ontology's documentation needs pyLODE: pip install 'jcgraph[docs]' "
            "(make docs installs it)"
        ) from None
    out.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.WARNING)  # pyLODE logs each step at INFO on the root logger
    try:
        ontology = OntPub(ontology=str(where.ontology / "jcgraph.ttl")).make_html()
    finally:
        root.setLevel(level)
    assert isinstance(ontology, str)
    concepts = Graph()
    for path in [where.ontology / "vocabularies.ttl", *sorted(where.data.glob("*.ttl"))]:
        concepts.parse(path, format="turtle")
    written = [out / ONTOLOGY_PAGE, out / VOCABULARIES_PAGE]
    write_text(written[0], ontology)
    write_text(written[1], vocabularies_html(concepts))
    return written


def _text(graph: Graph, node: URIRef, predicate: URIRef, lang: str) -> str:
    values = sorted(str(v) for v in graph.objects(node, predicate) if v.language == lang)  # type: ignore[attr-defined]
    return values[0] if values else ""


def _concepts(graph: Graph, scheme: URIRef) -> list[URIRef]:
    """The scheme's concepts, each top concept followed by its narrower ones."""
    members = {c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)}
    order: list[URIRef] = []

    def visit(concept: URIRef) -> None:
        order.append(concept)
        for child in sorted(c for c in members if (c, SKOS.broader, concept) in graph):
            visit(child)

    for top in sorted(c for c in members if (c, SKOS.broader, None) not in graph):
        visit(top)
    return order + sorted(members - set(order))


def vocabularies_html(graph: Graph) -> str:
    """One page for every concept scheme in ``graph``."""
    esc = html.escape
    schemes = sorted(
        s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)
    )
    parts = [
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<title>jcgraph vocabularies · jcgraph 词表</title>"
        "<style>body{font-family:sans-serif;margin:2em;max-width:70em}"
        "td,th{border-bottom:1px solid #ddd;padding:.3em;text-align:left;vertical-align:top}"
        "table{border-collapse:collapse;width:100%}.top{font-weight:bold}</style></head><body>",
        "<h1>jcgraph vocabularies · 词表</h1><ul>",
    ]
    for scheme in schemes:
        label = _text(graph, scheme, RDFS.label, "en") or str(scheme)
        parts.append(f"<li><a href='#{esc(_anchor(scheme))}'>{esc(label)}</a></li>")
    parts.append("</ul>")
    for scheme in schemes:
        zh, en = (_text(graph, scheme, RDFS.label, lang) for lang in ("zh", "en"))
        parts.append(
            f"<section id='{esc(_anchor(scheme))}'><h2>{esc(en)} · {esc(zh)}</h2>"
            f"<p><code>{esc(str(scheme))}</code></p><table><tr><th>concept</th>"
            "<th>zh</th><th>en</th><th>definition</th></tr>"
        )
        for concept in _concepts(graph, scheme):
            top = (concept, SKOS.topConceptOf, scheme) in graph
            definition = " / ".join(
                d
                for d in (_text(graph, concept, SKOS.definition, lang) for lang in ("zh", "en"))
                if d
            )
            parts.append(
                f"<tr id='{esc(_anchor(concept))}'{' class=top' if top else ''}>"
                f"<td><code>{esc(str(concept))}</code></td>"
                f"<td>{esc(_text(graph, concept, RDFS.label, 'zh'))}</td>"
                f"<td>{esc(_text(graph, concept, RDFS.label, 'en'))}</td>"
                f"<td>{esc(definition)}</td></tr>"
            )
        parts.append("</table></section>")
    parts.append("</body></html>\n")
    return "".join(parts)


def _anchor(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 2)[-2] + "-" + str(iri).rstrip("/").rsplit("/", 1)[-1]
