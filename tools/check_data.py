"""Quick consistency check of ontology/ and data/ for authors (the test suite is stricter).

Usage: python tools/check_data.py [FILE ...]   (default: every data/*.ttl)

Checks: each file parses; every evidence quote sits at its offsets in the source;
every jc:evidence target is a jc:Evidence defined in the same file; every typed subject
has one zh and one en rdfs:label; every class and jc: property used is declared in
ontology/; every observation has the required components. Exit 1 on any problem.
"""

import sys
from pathlib import Path

import rdflib
from rdflib import RDF, RDFS, Namespace

from locate import source_path

ROOT = Path(__file__).resolve().parent.parent
JC = Namespace("https://w3id.org/jcgraph/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
QB = Namespace("http://purl.org/linked-data/cube#")
OBS_REQUIRED = [
    "indicator",
    "refSubject",
    "refPeriod",
    "value",
    "unit",
    "measureKind",
    "status",
    "evidence",
]
UNLABELLED_TYPES = {
    OA.TextQuoteSelector,
    OA.TextPositionSelector,
    JC.Evidence,
    JC.StatedObservation,
    JC.DerivedObservation,
    JC.Membership,
    JC.Recognition,
    JC.StandingClaim,
}


def main(argv: list[str]) -> int:
    text = source_path().read_text(encoding="utf-8")
    onto = rdflib.Graph()
    for p in sorted((ROOT / "ontology").glob("*.ttl")):
        onto.parse(p)
    declared = set(onto.subjects(RDF.type, None))
    problems = []
    files = [Path(a) for a in argv] or sorted((ROOT / "data").glob("*.ttl"))
    union = rdflib.Graph()
    for path in files:
        g = rdflib.Graph()
        try:
            g.parse(path)
        except Exception as exc:  # noqa: BLE001 - report any parser failure
            problems.append(f"{path}: does not parse: {exc}")
            continue
        for ev in set(g.objects(None, JC.evidence)):
            if (ev, RDF.type, JC.Evidence) not in g:
                problems.append(f"{path}: evidence {ev} used but not defined in this file")
        for sel in g.subjects(RDF.type, OA.TextPositionSelector):
            start, end = int(g.value(sel, OA.start)), int(g.value(sel, OA.end))
            ev = g.value(None, OA.hasSelector, sel)
            quotes = [
                g.value(q, OA.exact) for q in g.objects(ev, OA.hasSelector) if g.value(q, OA.exact)
            ]
            for q in quotes:
                if text[start:end] != str(q):
                    problems.append(
                        f"{path}: {ev}: quote {q!r} is not at {start}-{end} ({text[start:end]!r})"
                    )
        for s, t in g.subject_objects(RDF.type):
            if t not in declared and not str(t).startswith(
                ("http://www.w3.org/", "http://purl.org/linked-data/cube#")
            ):
                problems.append(f"{path}: {s}: type {t} not declared in ontology/")
            if set(g.objects(s, RDF.type)) & UNLABELLED_TYPES or isinstance(s, rdflib.BNode):
                continue
            langs = [l.language for l in g.objects(s, RDFS.label)]
            if sorted(langs) != ["en", "zh"]:
                problems.append(f"{path}: {s}: wants one zh and one en rdfs:label, has {langs}")
        for _, p, _ in g:
            if str(p).startswith(str(JC)) and (p, None, None) not in onto:
                problems.append(f"{path}: property {p} not declared in ontology/")
        for o in g.subjects(RDF.type, JC.StatedObservation):
            for name in OBS_REQUIRED:
                if g.value(o, JC[name]) is None:
                    problems.append(f"{path}: {o}: missing jc:{name}")
            v = g.value(o, JC.value)
            if v is not None and v.datatype != rdflib.XSD.decimal:
                problems.append(f"{path}: {o}: value {v} is not an xsd:decimal literal")
            if g.value(o, QB.dataSet) is None:
                problems.append(f"{path}: {o}: missing qb:dataSet")
    for path in sorted((ROOT / "data").glob("*.ttl")):
        try:
            union.parse(path)
        except Exception:  # noqa: BLE001 - already reported above when it matters
            pass
    for o in union.subjects(RDF.type, JC.StatedObservation):
        for name in ["indicator", "unit", "measureKind", "status", "refPeriod"]:
            target = union.value(o, JC[name])
            if (
                target is not None
                and (target, RDF.type, None) not in union
                and (target, RDF.type, None) not in onto
            ):
                problems.append(
                    f"{o}: jc:{name} {target} is not defined anywhere in data/ or ontology/"
                )
    for line in problems:
        print(line)
    print(f"{len(problems)} problem(s) in {len(files)} file(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
