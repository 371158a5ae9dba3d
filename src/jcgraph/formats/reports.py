"""Reports for people and programs: validation results and audit findings.

The validation report comes as text grouped by severity and shape (with each focus node's
labels, files and quotes when the caller can look them up), as a table, or as JSON; the
audit report as text grouped by classification.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING

from jcgraph.formats.table import to_table
from jcgraph.namespaces import GRAPH_BASE, compact
from jcgraph.results import Result, Row, Term

if TYPE_CHECKING:
    from jcgraph.pipeline.audit import Finding as AuditFinding
    from jcgraph.pipeline.validate import FocusInfo, ValidationReport


def validation_json(report: ValidationReport) -> str:
    """The report as JSON: conforms, counts and findings."""
    return json.dumps(
        {
            "conforms": report.conforms,
            "violations": report.count("Violation"),
            "warnings": report.count("Warning"),
            "infos": report.count("Info"),
            "cached": report.cached,  # the report kept with the build, not a new run
            "findings": [asdict(f) for f in report.findings],
        },
        ensure_ascii=False,
        indent=1,
    )


def validation_human(
    report: ValidationReport, info: Callable[[str], FocusInfo] | None = None, lang: str = "zh"
) -> str:
    """Findings grouped by severity and shape, with labels, files and evidence quotes."""
    lines = []
    current: tuple[str, str] | None = None
    for f in report.findings:
        if (f.severity, f.shape) != current:
            current = (f.severity, f.shape)
            shape = compact(f.shape) if f.shape.startswith("http") else f.shape
            lines.append(f"\n{f.severity.upper()} · {shape}")
        focus = compact(f.focus) if f.focus.startswith("http") else f.focus
        lines.append(f"  - {focus}")
        if info is not None:
            about = info(f.focus)
            if about.zh or about.en:
                pair = (about.zh, about.en) if lang == "zh" else (about.en, about.zh)
                lines.append("      label:   " + " / ".join(n for n in pair if n))
            if about.files:
                lines.append(f"      file:    {', '.join(_short_graph(g) for g in about.files)}")
            for quote in about.quotes:
                lines.append(f"      quote:   「{quote}」")
        if f.path:
            lines.append(
                f"      path:    {compact(f.path) if f.path.startswith('http') else f.path}"
            )
        if f.value is not None:
            lines.append(f"      value:   {f.value}")
        lines.append(f"      rule:    {f.component}")
        for tag in (lang, "en" if lang == "zh" else "zh"):  # the chosen language first
            if tag in f.messages:
                lines.append(f"      message: {f.messages[tag]}")
        for tag, message in f.messages.items():
            if tag not in ("en", "zh"):
                lines.append(f"      message: {message}")
    verdict = "CONFORMS" if report.conforms else "DOES NOT CONFORM"
    lines.append(
        f"\n{verdict}: {report.count('Violation')} violation(s), {report.count('Warning')} "
        f"warning(s), {report.count('Info')} info(s); {report.shapes} shapes over "
        f"{report.triples} triples "
        + (
            f"(the report kept with the build, validated in {report.seconds:.2f} s)"
            if report.cached
            else f"in {report.seconds:.2f} s"
        )
    )
    return "\n".join(lines).lstrip("\n")


def validation_table(report: ValidationReport) -> str:
    """One line per finding: severity, focus, path, component, English message."""
    rows: list[Row] = [
        tuple(
            Term.literal(x or "")
            for x in (f.severity, f.focus, f.path, f.component, f.messages.get("en", ""))
        )
        for f in report.findings
    ]
    return to_table(Result("select", ["severity", "focus", "path", "component", "message"], rows))


def _short_graph(graph_iri: str) -> str:
    if graph_iri.startswith(GRAPH_BASE):
        return graph_iri[len(GRAPH_BASE) :] + ".ttl"
    return graph_iri


def audit_human(
    findings: list[AuditFinding],
    names: dict[str, str],
    classifications: Sequence[str],
    lang: str = "zh",
) -> str:
    """A report grouped by classification, one block per finding; the summary counts
    the ``classifications`` in their order. A label column ``x`` and its English ``x_en``
    are written as one line, ``lang`` first."""
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
            if name.endswith("_en") and name.removesuffix("_en") in f.values:
                continue  # an English label, written beside its Chinese one
            if name.lower().endswith("quote") or name.lower().endswith("quotes"):
                quotes.append(term.value)
                continue
            text = names.get(term.value, compact(term.value)) if term.kind == "uri" else term.value
            english = f.values.get(f"{name}_en")
            if english is not None:
                pair = (english.value, text) if lang == "en" else (text, english.value)
                text = " / ".join(pair)
            lines.append(f"    {name}: {text}")
        lines += [f"    quote: 「{q}」" for q in dict.fromkeys(quotes)]
    counts = Counter(f.classification for f in findings)
    summary = ", ".join(f"{counts[c]} {c}" for c in classifications if counts[c])
    lines.append(f"\nAudit: {len(findings)} finding(s): {summary}")
    return "\n".join(lines).lstrip("\n")
