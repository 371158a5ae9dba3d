"""How well `jcgraph extract` reads our own article, scored against the stated observations
of data/ (which the extractor never reads): recall of value+unit, kind, status, period and
subject, each alone and all together; the precision of what it proposes; and the rules
behind the misses.

    python bench/extract.py [ARTICLE]      (default: the source article, as the tests find it)
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import jcgraph
from jcgraph.extract import OBSERVATION_KINDS, Candidate, extract
from jcgraph.paths import source_article

QUERY = """PREFIX jc: <https://w3id.org/jcgraph/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?o ?value ?factor ?base ?kind ?status ?period ?subject ?name ?start ?end WHERE {
  ?o a jc:StatedObservation ; jc:value ?value ; jc:unit ?unit ; jc:measureKind ?kind ;
     jc:status ?status ; jc:refPeriod ?period ; jc:refSubject ?subject ; jc:evidence ?e .
  ?unit jc:conversionFactor ?factor ; jc:baseUnit ?base .
  ?e oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end .
  OPTIONAL { ?subject rdfs:label|skos:altLabel ?name FILTER(LANG(?name) = "zh") }
}"""
UNITS = """PREFIX jc: <https://w3id.org/jcgraph/ontology#>
SELECT ?unit ?factor ?base WHERE { ?unit jc:conversionFactor ?factor ; jc:baseUnit ?base }"""
FIELDS = ("kind", "status", "period", "subject")
E = TypeVar("E")


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def gold(graph: jcgraph.Graph) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for row in graph.engine("oxigraph").query(QUERY).dicts():
        o = found.setdefault(
            row["o"].value,
            {
                "base_value": Decimal(row["value"].value) * Decimal(row["factor"].value),
                "base": local(row["base"].value),
                "kind": local(row["kind"].value),
                "status": local(row["status"].value),
                "period": local(row["period"].value),
                "subject": local(row["subject"].value),
                "names": set(),
                "spans": set(),
            },
        )
        o["spans"].add((int(row["start"].value), int(row["end"].value)))
        if row.get("name"):
            o["names"].add(row["name"].value)
    return found


def base_of(graph: jcgraph.Graph) -> dict[str, tuple[Decimal, str]]:
    return {
        local(r["unit"].value): (Decimal(r["factor"].value), local(r["base"].value))
        for r in graph.engine("oxigraph").query(UNITS).dicts()
    }


def same_subject(candidate: Candidate, expected: dict, article_subject: str) -> bool:
    said = candidate.subject
    if said == article_subject:
        return expected["subject"] == "jinchang"
    return any(said in name or name in said for name in expected["names"])


def tally(
    expected: list[E],
    candidates: list[Candidate],
    matches: Callable[[Candidate, E], bool],
    checks: Callable[[Candidate, E], dict[str, bool]],
) -> tuple[Counter[str], Counter[str], int, list[list[Candidate]]]:
    """Recall counts (a figure found, each field right, all right in one candidate), the
    rules of the first candidate where a field is wrong, how many candidates found some
    figure, and the candidates found for each expected figure."""
    hits = [[c for c in candidates if matches(c, e)] for e in expected]
    counts: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for e, found in zip(expected, hits, strict=True):
        if not found:
            continue
        counts["value+unit"] += 1
        verdicts = [checks(c, e) for c in found]
        for field in FIELDS:
            ok = any(v[field] for v in verdicts)
            counts[field] += ok
            if not ok:
                rule = next((r for r in found[0].rules if r.startswith(field)), f"{field}:default")
                missed[f"{field}: {rule}"] += 1
        counts["all"] += any(all(v.values()) for v in verdicts)
    useful = sum(any(matches(c, e) for e in expected) for c in candidates)
    return counts, missed, useful, hits


def score(text: str, article_subject: str = "金昌市") -> dict[str, object]:
    graph = jcgraph.load(reason="none")
    expected = gold(graph)
    units = base_of(graph)
    started = time.perf_counter()
    proposed = extract(text, subject=article_subject, review=(2021, 2025))
    # streaks and rank-out-of figures belong to recognitions and ranks, not observations
    candidates = [c for c in proposed if c.kind in OBSERVATION_KINDS]
    seconds = time.perf_counter() - started

    def matches(c: Candidate, e: dict) -> bool:
        if c.unit is None or c.unit not in units:
            return False
        factor, base = units[c.unit]
        if base != e["base"] or c.value * factor != e["base_value"]:
            return False
        return any(c.start < end and start < c.end for start, end in e["spans"])

    def checks(c: Candidate, e: dict) -> dict[str, bool]:
        return {
            "kind": c.kind == e["kind"],
            "status": c.status == e["status"],
            "period": c.period == e["period"],
            "subject": same_subject(c, e, article_subject),
        }

    names = list(expected)
    counts, missed_rules, useful, hits = tally(list(expected.values()), candidates, matches, checks)
    total = len(expected)
    return {
        "observations": total,
        "candidates": len(candidates),
        "other_figures": dict(Counter(c.kind for c in proposed if c.kind not in OBSERVATION_KINDS)),
        "recall": {k: round(counts[k] / total, 3) for k in ("value+unit", *FIELDS, "all")},
        "precision": round(useful / len(candidates), 3) if candidates else 1.0,
        "seconds_per_1000_chars": round(seconds / len(text) * 1000, 4),
        "missed_value": sorted(
            o.rsplit("/", 1)[-1] for o, found in zip(names, hits, strict=True) if not found
        ),
        "rules_with_most_misses": missed_rules.most_common(10),
    }


HELDOUT = Path(__file__).resolve().parent.parent / "tests" / "extract" / "heldout"
RUN = 800  # figures in the run without punctuation that bench times


def _run() -> str:
    return "全市" + "".join(f"增长{i}%" for i in range(RUN)) + "\n"


def _timed(text: str) -> float:
    started = time.perf_counter()
    extract(text, subject="甲市", review=(2021, 2025))
    return time.perf_counter() - started


def heldout_texts() -> dict[str, str]:
    """The held-out articles whose text is in ``$JCGRAPH_HELDOUT`` (NAME.txt, rebuilt as
    tests/extract/heldout/README.md says) and matches its recorded SHA-256."""
    import hashlib
    import os

    folder = os.environ.get("JCGRAPH_HELDOUT")
    found: dict[str, str] = {}
    if not folder:
        return found
    for provenance in sorted(HELDOUT.glob("*/provenance.json")):
        name = provenance.parent.name
        path = Path(folder) / f"{name}.txt"
        if not path.is_file():
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != json.loads(provenance.read_text())["sha256"]:
            raise SystemExit(f"{path}: not the text recorded in {provenance}")
        found[name] = data.decode("utf-8")
    return found


def score_heldout(name: str, text: str) -> dict[str, object]:
    """The extractor on a held-out article (subject and years as it reads them, told only
    the year the article appeared), scored
    against the hand-made gold.tsv: a figure is found when a candidate overlaps the
    written figure with the same value in the same unit (base units compared)."""
    import csv

    graph = jcgraph.load(reason="none")
    units = base_of(graph)
    with (HELDOUT / name / "gold.tsv").open(encoding="utf-8") as handle:
        gold = list(csv.DictReader(handle, delimiter="\t"))
    provenance = json.loads((HELDOUT / name / "provenance.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    # what anyone extracting an article knows: the year it appeared (--published)
    proposed = extract(text, published=int(provenance["date"][:4]))
    seconds = time.perf_counter() - started
    candidates = [c for c in proposed if c.kind in OBSERVATION_KINDS]

    def base(value: Decimal, unit: str) -> tuple[Decimal, str]:
        if unit in units:
            factor, to = units[unit]
            return value * factor, to
        # a unit we have none for, as gold.tsv writes it: 1万美元 is 10000 ?美元 and
        # 1.92万亿美元 is 19200 ?亿美元
        if unit.startswith("?万亿"):
            return value * 10000, "?亿" + unit[3:]
        if unit.startswith("?万") and len(unit) > 2:
            return value * 10000, "?" + unit[2:]
        return value, unit

    def matches(c: Candidate, row: dict[str, str]) -> bool:
        if not (c.start < int(row["end"]) and int(row["start"]) < c.end):
            return False
        return base(c.value, c.unit or "?" + c.unit_written) == base(
            Decimal(row["value"]), row["unit"]
        )

    def checks(c: Candidate, row: dict[str, str]) -> dict[str, bool]:
        return {
            "kind": c.kind == row["kind"],
            "status": c.status == row["status"],
            "period": c.period == row["period"],
            "subject": c.subject in row["subject"] or row["subject"] in c.subject,
        }

    counts, missed, useful, hits = tally(gold, candidates, matches, checks)
    for row, found in zip(gold, hits, strict=True):
        if not found:
            missed[f"value: {row['kind']}"] += 1
    return {
        "article": name,
        "set": provenance.get("set", "held-out"),
        "figures": len(gold),
        "found": {k: counts[k] for k in ("value+unit", *FIELDS, "all")},
        "useful": useful,
        "candidates": len(candidates),
        "recall": {k: round(counts[k] / len(gold), 3) for k in ("value+unit", *FIELDS, "all")},
        "precision": round(useful / len(candidates), 3) if candidates else 1.0,
        "seconds_per_1000_chars": round(seconds / len(text) * 1000, 4),
        "rules_with_most_misses": missed.most_common(8),
    }


def markdown(path: Path | None = None) -> list[str]:
    """The scores as a section of bench/RESULTS.md (or why there are none)."""
    path = path or source_article()
    lines = ["", "## Extraction: `jcgraph extract` on our own article (`bench/extract.py`)", ""]
    if path is None or not path.is_file():
        return [*lines, "Not measured: the source article is not here (set JCGRAPH_SOURCE)."]
    s = score(path.read_text(encoding="utf-8"))
    recall = s["recall"]
    lines += [
        f"Against the {s['observations']} stated observations of data/ (which the extractor "
        f"never reads); {s['candidates']} candidate observations proposed, besides "
        + ", ".join(f"{n} {kind}" for kind, n in s["other_figures"].items())  # type: ignore[attr-defined]
        + " figures (for recognitions and rankings, not observations).",
        "",
        f"A run of {RUN} figures without a full stop ({len(_run())} characters, no prose) "
        f"is read in {_timed(_run()):.2f} s: the clause around each figure is read at most "
        "200 code points each way, so time grows with the length, not its square.",
        "",
        "| value+unit | kind | status | period | subject | all together | precision | "
        "seconds per 1,000 characters |",
        "|---|---|---|---|---|---|---|---|",
        "| "
        + " | ".join(f"{recall[k]:.3f}" for k in ("value+unit", *FIELDS, "all"))  # type: ignore[index]
        + f" | {s['precision']:.3f} | {s['seconds_per_1000_chars']:.4f} |",
        "",
        "Rules behind the most misses: "
        + "; ".join(f"{rule} ({n})" for rule, n in s["rules_with_most_misses"])  # type: ignore[attr-defined]
        + ".",
    ]
    texts = heldout_texts()
    lines += [
        "",
        "Articles no one here wrote (tests/extract/heldout/, gold made by hand without the "
        "extractor; texts from $JCGRAPH_HELDOUT). `held-out`: not yet read to write rules; "
        "`development`: measured once while held out, then read:",
        "",
    ]
    if not texts:
        return [*lines, "Not measured: JCGRAPH_HELDOUT names no folder with their texts."]
    lines += [
        "| set | article | figures | value+unit | kind | status | period | subject | all | "
        "precision |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    scored = [score_heldout(name, text) for name, text in texts.items()]
    for h in sorted(scored, key=lambda h: (h["set"] != "held-out", h["article"])):
        r = h["recall"]
        lines.append(
            f"| {h['set']} | {h['article']} | {h['figures']} | "
            + " | ".join(f"{r[k]:.3f}" for k in ("value+unit", *FIELDS, "all"))  # type: ignore[index]
            + f" | {h['precision']:.3f} |"
        )
    for role in ("held-out", "development"):
        pooled = [h for h in scored if h["set"] == role]
        if len(pooled) > 1:
            figures = sum(h["figures"] for h in pooled)  # type: ignore[misc]
            proposed = sum(h["candidates"] for h in pooled)  # type: ignore[misc]
            found = {
                k: sum(h["found"][k] for h in pooled)  # type: ignore[index]
                for k in ("value+unit", *FIELDS, "all")
            }
            lines.append(
                f"| {role} | all {len(pooled)} pooled | {figures} | "
                + " | ".join(f"{found[k] / figures:.3f}" for k in found)
                + f" | {sum(h['useful'] for h in pooled) / proposed:.3f} |"  # type: ignore[misc]
            )
    misses = Counter[str]()
    for h in scored:
        if h["set"] == "held-out":
            misses.update(dict(h["rules_with_most_misses"]))  # type: ignore[arg-type]
    if misses:
        lines += [
            "",
            "Rules behind the most misses on the held-out articles: "
            + "; ".join(f"{rule} ({n})" for rule, n in misses.most_common(8))
            + ".",
        ]
    return lines


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else source_article()
    if path is None or not path.is_file():
        print("no article to score (set JCGRAPH_SOURCE)", file=sys.stderr)
        return 2
    print(json.dumps(score(path.read_text(encoding="utf-8")), ensure_ascii=False, indent=1))
    for name, text in heldout_texts().items():
        print(json.dumps(score_heldout(name, text), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
