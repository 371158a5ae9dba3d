"""The linker's output: SSSOM TSV with its YAML header, the same links as RDF, and a report.

The SSSOM file (https://mapping-commons.github.io/sssom/) is the record a reviewer reads;
the Turtle file holds the same links as plain ``skos:exactMatch``/``skos:closeMatch``
triples; the report lists every candidate considered, ambiguous ones included.
"""

from __future__ import annotations

import json
from pathlib import Path

from jcgraph.dates import build_date
from jcgraph.files import write_text
from jcgraph.linking.linker import LinkResult
from jcgraph.linking.profiles import Profile
from jcgraph.namespaces import DATASET, LICENCE, MAPPING_SET_BASE, PREFIXES, SEMAPV, SKOS
from jcgraph.version import __version__

COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "subject_match_field",
    "object_match_field",
    "match_string",
    "comment",
)
REPORT_COLUMNS = (
    "subject_id",
    "subject_label",
    "object_id",
    "object_label",
    "status",
    "predicate_id",
    "confidence",
    "key",
    "comment",
)


def _cell(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def _yaml(value: str) -> str:
    # A JSON string is a valid YAML scalar, quoted and escaped.
    return json.dumps(value, ensure_ascii=False)


def rows(result: LinkResult) -> list[dict[str, str]]:
    """One SSSOM row per link."""
    profile = result.profile
    out = []
    for d in result.links:
        out.append(
            {
                "subject_id": profile.curie(d.subject.iri),
                "subject_label": _cell(d.subject.label),
                "predicate_id": d.predicate,
                "object_id": profile.curie(d.candidate.iri),
                "object_label": _cell(d.candidate.label(profile.languages)),
                "mapping_justification": d.justification,
                "confidence": f"{d.confidence:.2f}",
                "subject_match_field": d.subject_field,
                "object_match_field": d.object_field,
                "match_string": _cell(d.match_string),
                "comment": _cell(d.comment),
            }
        )
    return sorted(out, key=lambda r: (r["subject_id"], r["object_id"]))


def _used_prefixes(profile: Profile, table: list[dict[str, str]]) -> dict[str, str]:
    known = {**profile.all_prefixes, "skos": SKOS, "semapv": SEMAPV}
    used = set()
    for row in table:
        for column in (
            "subject_id",
            "predicate_id",
            "object_id",
            "mapping_justification",
            "subject_match_field",
            "object_match_field",
        ):
            prefix, sep, _ = row[column].partition(":")
            if sep and prefix in known and not row[column].startswith("http"):
                used.add(prefix)
    used |= {"skos", "semapv", profile.entity_prefix}
    return {p: known[p] for p in sorted(used)}


def to_sssom(result: LinkResult) -> str:
    """The links as SSSOM TSV: the YAML metadata block (``#``-prefixed), then the table."""
    profile = result.profile
    table = rows(result)
    # The sources are CURIEs (SSSOM's EntityReference): our dataset, and the external
    # graph under a prefix named after its profile.
    sources = {"ds": PREFIXES["ds"], profile.name: profile.dataset}
    header = ["curie_map:"]
    prefixes = {**_used_prefixes(profile, table), **sources}
    header += [f"  {p}: {_yaml(ns)}" for p, ns in sorted(prefixes.items())]
    metadata = {
        "mapping_set_id": f"{MAPPING_SET_BASE}{profile.name}.sssom.tsv",
        "mapping_set_version": __version__,
        "mapping_set_title": f"jcgraph entities linked to {profile.title}",
        "mapping_set_description": (
            f"Candidate links from jcgraph's entities to {profile.title}, found by "
            f"`jcgraph link` with the profile {profile.name!r}: identifiers first, then "
            "normalised labels, checked against type and location. Not reviewed: see "
            "docs/linking.md before copying any into data/links.ttl."
        ),
        "license": LICENCE,
        "subject_source": "ds:" + DATASET.removeprefix(PREFIXES["ds"]),
        "object_source": f"{profile.name}:",
        "mapping_tool": "jcgraph link",
        "mapping_tool_version": __version__,
        "mapping_date": build_date(),
    }
    header += [f"{key}: {_yaml(value)}" for key, value in metadata.items()]
    lines = [f"# {line}" for line in header]
    lines.append("\t".join(COLUMNS))
    lines += ["\t".join(row[c] for c in COLUMNS) for row in table]
    return "\n".join(lines) + "\n"


def to_turtle(result: LinkResult) -> str:
    """The same links as RDF: one ``skos:exactMatch``/``skos:closeMatch`` triple each."""
    from rdflib import Graph, URIRef

    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    graph.bind(result.profile.entity_prefix, result.profile.entity_namespace, override=True)
    for d in result.links:
        predicate = URIRef(SKOS + d.predicate.removeprefix("skos:"))
        graph.add((URIRef(d.subject.iri), predicate, URIRef(d.candidate.iri)))
    head = (
        f"# Links found by `jcgraph link` with the profile {result.profile.name!r}: candidates,\n"
        "# not reviewed. Their justification is in the SSSOM file written beside this one;\n"
        "# docs/linking.md says how a reviewed link moves into data/links.ttl.\n\n"
    )
    return head + graph.serialize(format="turtle")


def to_report(result: LinkResult) -> str:
    """Every candidate considered, with its status, as TSV (ambiguous ones included)."""
    profile = result.profile
    lines = ["\t".join(REPORT_COLUMNS)]
    for d in result.decisions:
        lines.append(
            "\t".join(
                _cell(x)
                for x in (
                    profile.curie(d.subject.iri),
                    d.subject.label,
                    profile.curie(d.candidate.iri),
                    d.candidate.label(profile.languages),
                    d.status,
                    d.predicate,
                    f"{d.confidence:.2f}",
                    d.key,
                    d.comment,
                )
            )
        )
    return "\n".join(lines) + "\n"


def write(result: LinkResult, out: Path) -> list[Path]:
    """Write ``links.sssom.tsv``, ``links.ttl`` and ``candidates.tsv`` into ``out``."""
    written = []
    for name, text in (
        ("links.sssom.tsv", to_sssom(result)),
        ("links.ttl", to_turtle(result)),
        ("candidates.tsv", to_report(result)),
    ):
        target = out / name
        write_text(target, text)
        written.append(target)
    return written


def summary(result: LinkResult) -> str:
    """One line for standard error: what was linked, by what key, what was left."""
    links = result.links
    by_key: dict[str, int] = {}
    for d in links:
        by_key[d.key] = by_key.get(d.key, 0) + 1
    keys = ", ".join(f"{n} by {k}" for k, n in sorted(by_key.items())) or "none"
    unsure = {d.subject.iri for d in result.ambiguous}
    return (
        f"{len(links)} of {len(result.subjects)} entities linked to {result.profile.title} "
        f"({keys}); {len(unsure)} ambiguous, reported not linked; "
        f"{result.queries} queries to {result.target} in {result.seconds:.1f} s"
    )
