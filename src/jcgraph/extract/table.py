"""The review table of candidates: one line per figure, tab-separated, for a person to mark
accept or reject (the ``decision`` column) line by line."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from jcgraph.namespaces import compact

if TYPE_CHECKING:
    from jcgraph.extract import Candidate

COLUMNS = (
    "decision",
    "start",
    "end",
    "written",
    "value",
    "unit",
    "unit_written",
    "kind",
    "status",
    "period",
    "baseline",
    "subject",
    "subject_match",
    "scope",
    "qualifier",
    "indicator",
    "indicator_match",
    "indicator_score",
    "confidence",
    "rules",
    "quote",
    "quote_start",
    "quote_end",
)


def tsv(candidates: list[Candidate]) -> str:
    """The candidates as a TSV table with a header; ``decision`` is left empty."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for c in candidates:
        writer.writerow(
            [
                "",
                c.start,
                c.end,
                c.written,
                _number(c.value),
                f"unit:{c.unit}" if c.unit else "",
                c.unit_written,
                c.kind,
                c.status,
                c.period,
                c.baseline or "",
                c.subject,
                compact(c.subject_match) if c.subject_match else "",
                c.scope or "",
                c.qualifier,
                c.indicator,
                compact(c.indicator_match) if c.indicator_match else "",
                f"{c.indicator_score:.2f}" if c.indicator_score is not None else "",
                f"{c.confidence:.2f}",
                "; ".join(c.rules),
                c.quote.replace("\n", " "),
                c.quote_start,
                c.quote_end,
            ]
        )
    return out.getvalue()


def _number(value: object) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
