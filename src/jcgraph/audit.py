"""The audit: the article's figures checked against each other by the ``audit-*`` stored
queries, gathered into one report with labels, numbers, gaps, assumptions and quotes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .queries import StoredQuery, catalogue
from .results import Term
from .table import compact

if TYPE_CHECKING:
    from .api import Graph
    from .engines import EngineName

ORDER = ("inconsistent", "consistent only if real growth", "not checkable", "consistent")


@dataclass
class Finding:
    """One row of one audit query."""

    check: str
    classification: str
    values: dict[str, Term] = field(default_factory=dict)


def audit_queries(graph: Graph) -> list[StoredQuery]:
    """The stored queries tagged ``audit``."""
    return [q for q in catalogue(graph.where.queries) if "audit" in q.tags]


def run_audit(graph: Graph, engine: EngineName = "oxigraph") -> list[Finding]:
    """Every finding of every audit query, the inconsistent ones first."""
    from .api import query

    findings = []
    for stored in audit_queries(graph):
        for row in query(stored.name, graph, engine=engine).dicts():
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


def labels(
    graph: Graph, findings: list[Finding], engine: EngineName = "oxigraph"
) -> dict[str, str]:
    """zh / en labels of every IRI the findings mention."""
    iris = sorted({t.value for f in findings for t in f.values.values() if t.kind == "uri"})
    if not iris:
        return {}
    values = " ".join(f"<{i}>" for i in iris)
    answer = graph.engine(engine).query(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?e ?zh ?en WHERE { VALUES ?e { " + values + " } "
        'OPTIONAL { ?e rdfs:label ?zh FILTER(LANG(?zh) = "zh") } '
        'OPTIONAL { ?e rdfs:label ?en FILTER(LANG(?en) = "en") } }'
    )
    found = {}
    for e, zh, en in answer.rows:
        if e is not None:
            names = " / ".join(t.value for t in (zh, en) if t is not None)
            found[e.value] = names or compact(e.value)
    return found


def to_human(findings: list[Finding], names: dict[str, str]) -> str:
    """A report grouped by classification, one block per finding."""
    lines = []
    current = None
    for f in findings:
        if f.classification != current:
            current = f.classification
            lines.append(f"\n## {current.upper() or 'UNCLASSIFIED'}")
        lines.append(f"- {f.check}")
        quotes = []
        for name, term in f.values.items():
            if name in ("check", "classification"):
                continue
            if name.lower().endswith("quote") or name.lower().endswith("quotes"):
                quotes.append(term.value)
                continue
            text = names.get(term.value, compact(term.value)) if term.kind == "uri" else term.value
            lines.append(f"    {name}: {text}")
        lines += [f"    quote: 「{q}」" for q in dict.fromkeys(quotes)]
    counts = Counter(f.classification for f in findings)
    summary = ", ".join(f"{counts[c]} {c}" for c in ORDER if counts[c])
    lines.append(f"\nAudit: {len(findings)} finding(s): {summary}")
    return "\n".join(lines).lstrip("\n")
