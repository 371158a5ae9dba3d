"""A summary of the graph for people: entities by class, observations by indicator group,
triples asserted and inferred. The README's table is this module's output."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jcgraph.formats.table import to_markdown
from jcgraph.namespaces import ID_BASE, INFERRED
from jcgraph.pipeline.queries import bind, find, run_query
from jcgraph.results import Result

if TYPE_CHECKING:
    from pathlib import Path

    from jcgraph.engines import Engine

ENTITIES = f"""
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class (COUNT(DISTINCT ?e) AS ?entities) WHERE {{
  GRAPH ?g {{ ?e a ?type . }}
  FILTER(?g != <{INFERRED}>)
  FILTER(STRSTARTS(STR(?e), "{ID_BASE}"))
  FILTER(!REGEX(STR(?e), "/id/(evidence|obs|unit|period|indicator|source|dataset)/"))
  ?type rdfs:label ?class . FILTER(LANG(?class) = "en")
}} GROUP BY ?class ORDER BY DESC(?entities) ?class
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


def summary_markdown(engine: Engine, *, asserted: int, inferred: int, profile: str) -> str:
    """The graph summary as Markdown (two tables and a line of triple counts)."""
    entities: Result = engine.query(ENTITIES)
    observations: Result = engine.query(OBSERVATIONS)
    n_entities = sum(int(row[1].value) for row in entities.rows if row[1])
    n_obs = sum(int(row[1].value) for row in observations.rows if row[1])
    return "\n".join(
        [
            f"Triples: {asserted} asserted, {inferred} inferred ({profile}).",
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


def gallery_markdown(engine: Engine, folder: Path) -> str:
    """Five stored questions of ``folder`` with their answers, as Markdown tables."""
    parts = []
    for name in GALLERY:
        stored = find(folder, name)
        params = " ".join(f"--param {k}={v}" for k, v in stored.params.items())
        parts += [
            f"#### {stored.summary}",
            "",
            f"{stored.summary_zh}: `jcgraph query {name}{' ' + params if params else ''}`",
            "",
            to_markdown(run_query(engine, bind(stored, {}), where=name, stored=True)),
            "",
        ]
    return "\n".join(parts).rstrip()


def replace_block(text: str, block: str, start: str = START, end: str = END) -> str:
    """``text`` with what lies between the ``start`` and ``end`` markers replaced by ``block``."""
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{block}\n{end}{tail}"
