"""The audit: the article's figures checked against each other by the ``audit-*`` stored
queries, gathered into one report with labels, numbers, gaps, assumptions and quotes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jcgraph.namespaces import compact
from jcgraph.pipeline import params
from jcgraph.pipeline.queries import StoredQuery, bind, catalogue, run_query
from jcgraph.results import Term

if TYPE_CHECKING:
    from pathlib import Path

    from jcgraph.engines import Engine

ORDER = ("inconsistent", "consistent only if real growth", "not checkable", "consistent")


@dataclass
class Finding:
    """One row of one audit query."""

    check: str
    classification: str
    values: dict[str, Term] = field(default_factory=dict)


def audit_queries(folder: Path) -> list[StoredQuery]:
    """The stored queries tagged ``audit`` in ``folder``."""
    return [q for q in catalogue(folder) if "audit" in q.tags]


def run_audit(engine: Engine, folder: Path) -> list[Finding]:
    """Every finding of every audit query, the inconsistent ones first."""
    findings = []
    for stored in audit_queries(folder):
        for row in run_query(engine, bind(stored, {}), where=stored.name, stored=True).dicts():
            classification = row.get("classification")
            check = row.get("check")
            findings.append(
                Finding(
                    check.value if check else stored.name,
                    classification.value if classification else "",
                    row,
                )
            )
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(findings, key=lambda f: (rank.get(f.classification, 9), f.check))


def labels(engine: Engine, findings: list[Finding], lang: str = "zh") -> dict[str, str]:
    """The labels of every IRI the findings mention, ``lang`` first (zh / en)."""
    iris = sorted({t.value for f in findings for t in f.values.values() if t.kind == "uri"})
    if not iris:
        return {}
    answer = engine.query(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?e ?zh ?en WHERE { "
        + params.values("e", [Term("uri", i) for i in iris])
        + ' OPTIONAL { ?e rdfs:label ?zh FILTER(LANG(?zh) = "zh") } '
        'OPTIONAL { ?e rdfs:label ?en FILTER(LANG(?en) = "en") } }'
    )
    found = {}
    for e, zh, en in answer.rows:
        if e is not None:
            pair = (zh, en) if lang == "zh" else (en, zh)
            names = " / ".join(t.value for t in pair if t is not None)
            found[e.value] = names or compact(e.value)
    return found
