"""A summary of the graph for people: entities by class, observations by indicator group,
triples asserted and inferred. The README's table is this module's output."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .results import Result
from .table import to_markdown

if TYPE_CHECKING:
    from .api import Graph

ENTITIES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class (COUNT(DISTINCT ?e) AS ?entities) WHERE {
  GRAPH ?g { ?e a ?type . }
  FILTER(?g != <https://w3id.org/jcgraph/graph/inferred>)
  FILTER(STRSTARTS(STR(?e), "https://w3id.org/jcgraph/id/"))
  FILTER(!REGEX(STR(?e), "/id/(evidence|obs|unit|period|indicator|source|dataset)/"))
  ?type rdfs:label ?class . FILTER(LANG(?class) = "en")
} GROUP BY ?class ORDER BY DESC(?entities) ?class
"""

OBSERVATIONS = """
PREFIX jc: <https://w3id.org/jcgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?group (COUNT(DISTINCT ?obs) AS ?observations) WHERE {
  ?obs a jc:StatedObservation ; jc:indicator ?indicator .
  ?indicator skos:broader ?g .
  ?g rdfs:label ?group . FILTER(LANG(?group) = "en")
} GROUP BY ?group ORDER BY DESC(?observations) ?group
"""

START, END = "<!-- stats:start -->", "<!-- stats:end -->"
GALLERY_START, GALLERY_END = "<!-- gallery:start -->", "<!-- gallery:end -->"
GALLERY = (
    "headline-indicators",
    "indicators-tripled",
    "district-vs-county",
    "rank-improvements",
    "org-profile",
)


def summary_markdown(graph: Graph) -> str:
    """The graph summary as Markdown (two tables and a line of triple counts)."""
    engine = graph.engine("oxigraph")
    entities: Result = engine.query(ENTITIES)
    observations: Result = engine.query(OBSERVATIONS)
    n_entities = sum(int(row[1].value) for row in entities.rows if row[1])
    n_obs = sum(int(row[1].value) for row in observations.rows if row[1])
    profile = graph.profile
    return "\n".join(
        [
            f"Triples: {graph.asserted} asserted, {graph.inferred} inferred ({profile}).",
            "",
            f"Entities by asserted class ({n_entities} memberships in all: a node with two "
            "types counts under both):",
            "",
            to_markdown(entities),
            "",
            f"Stated observations by indicator group ({n_obs} in all):",
            "",
            to_markdown(observations),
        ]
    )


def gallery_markdown(graph: Graph) -> str:
    """Five stored questions with their answers, as Markdown tables."""
    from .api import query
    from .queries import find

    parts = []
    for name in GALLERY:
        stored = find(graph.where.queries, name)
        params = " ".join(f"--param {k}={v}" for k, v in stored.params.items())
        parts += [
            f"#### {stored.summary}",
            "",
            f"{stored.summary_zh}: `jcgraph query {name}{' ' + params if params else ''}`",
            "",
            to_markdown(query(name, graph)),
            "",
        ]
    return "\n".join(parts).rstrip()


def replace_block(text: str, block: str, start: str = START, end: str = END) -> str:
    """``text`` with what lies between the ``start`` and ``end`` markers replaced by ``block``."""
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{block}\n{end}{tail}"
