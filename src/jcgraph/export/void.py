"""The dataset's own description in VoID and DCAT: one description, for files and server.

It says what the dataset is (title and description in zh and en), where it comes from
(the article), under which licence, for which years and place, how large it is, which
vocabularies it uses, which files carry it (each a DCAT distribution with its media type
and size, each part a VoID subset with its triple count), and its linksets: for every
linking profile, how many reviewed links the links graph (data/links.ttl) holds into that
external graph. The counts come from SPARQL (``gather``), so the same description is made
from a fresh build, the build cache or an on-disk store. ``jcgraph build`` writes it to
``void.ttl`` with the files named by relative IRIs; ``jcgraph serve`` puts it in its
service description.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jcgraph.dates import build_date
from jcgraph.formats.rdf import FILE_FORMATS
from jcgraph.namespaces import (
    DATASET,
    DCAT,
    DCT,
    DESCRIPTION_PREFIXES,
    DOWNLOAD,
    FORMATS,
    ID_BASE,
    LICENCE,
    LINKS_GRAPH,
    PREFIXES,
    PUBLISHER,
    RDF_TYPE,
    RDFS,
    SKOS,
    SOURCE,
    VOID,
    XSD,
)
from jcgraph.results import Result, Row, Term, Triples

TITLE = {
    "zh": "金昌市“十四五”经济社会高质量发展综述知识图谱",
    "en": "jcgraph: Jinchang's 14th Five-Year review as a knowledge graph",
}
DESCRIPTION = {
    "zh": "综述《金昌市“十四五”经济社会高质量发展综述》(2021—2025年)的关联数据:本体、"
    "逐一对应原文措辞的统计数字与荣誉、SHACL 约束,以及 OWL 2 RL 推理结果。",
    "en": "The review of Jinchang's high-quality development in 2021-2025 as linked data: "
    "an ontology, every figure and honour traced to the exact Chinese words that state it, "
    "SHACL shapes, and the OWL 2 RL closure.",
}
PARTS = {
    "jcgraph-asserted": ("asserted", "断言的三元组", "The asserted triples"),
    "jcgraph-inferred": ("inferred", "推理得出的三元组", "The inferred triples"),
}
LINK_PREDICATES = (SKOS + "closeMatch", SKOS + "exactMatch")

QUERIES = {
    "totals": (
        "SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) "
        "(COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?o) AS ?objects) "
        "WHERE { ?s ?p ?o }"
    ),
    "entities": (
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?c . "
        f'FILTER(STRSTARTS(STR(?e), "{ID_BASE}")) }}'
    ),
    "class_count": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?e a ?c }",
    "classes": (
        "SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?c . FILTER(isIRI(?c)) } "
        "GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT 200"
    ),
    "graphs": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "terms": "SELECT DISTINCT ?x WHERE { { ?s ?x ?o } UNION { ?s a ?x FILTER(isIRI(?x)) } }",
    "links": (
        f"SELECT ?o WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?s ?p ?o }} "
        f"VALUES ?p {{ {' '.join(f'<{p}>' for p in LINK_PREDICATES)} }} }}"
    ),
}


@dataclass
class Statistics:
    """Counts of the graph that VoID reports, gathered by SPARQL."""

    triples: int = 0
    subjects: int = 0
    properties: int = 0
    objects: int = 0
    entities: int = 0
    classes_used: int = 0
    graphs: dict[str, int] = field(default_factory=dict)
    classes: list[tuple[str, int]] = field(default_factory=list)  # the 200 largest
    vocabularies: list[str] = field(default_factory=list)
    link_targets: list[str] = field(default_factory=list)  # objects of links/ exactMatch …


def _namespace(iri: str) -> str:
    return iri[: iri.rfind("#") + 1] if "#" in iri else iri[: iri.rfind("/") + 1]


def gather(run: Callable[[str], Result]) -> Statistics:
    """Count the graph with ``run`` (a function answering a SELECT query)."""

    def number(term: Term | None) -> int:
        value = term.number() if term else None
        return int(value) if value is not None else 0

    def single(name: str) -> int:
        return number(run(QUERIES[name]).rows[0][0])

    stats = Statistics()
    (totals,) = run(QUERIES["totals"]).rows
    stats.triples, stats.subjects, stats.properties, stats.objects = map(number, totals)
    stats.entities = single("entities")
    stats.classes_used = single("class_count")
    stats.graphs = {g.value: number(n) for g, n in run(QUERIES["graphs"]).rows if g is not None}
    stats.classes = [(c.value, number(n)) for c, n in run(QUERIES["classes"]).rows if c]
    used = {_namespace(row[0].value) for row in run(QUERIES["terms"]).rows if row[0]}
    stats.vocabularies = sorted(ns for ns in used if ns and not ns.startswith(ID_BASE))
    stats.link_targets = [row[0].value for row in run(QUERIES["links"]).rows if row[0]]
    return stats


_iri, _integer = Triples.iri, Triples.integer


def describe(
    stats: Statistics,
    *,
    sizes: dict[str, int] | None = None,
    files: Sequence[Path] = (),
    download: str = DOWNLOAD,
) -> list[Row]:
    """The VoID and DCAT description as triples.

    Args:
        stats: the graph's counts (``gather``).
        sizes: triples in each part (``jcgraph-asserted``, ``jcgraph-inferred``); by
            default the inferred graph's count and the rest.
        files: the files a build wrote, each described as a distribution.
        download: the URL the files are published under (each file's download URL is
            this and its name).
    """
    if sizes is None:
        from jcgraph.namespaces import INFERRED

        inferred = stats.graphs.get(INFERRED, 0)
        sizes = {"jcgraph-asserted": stats.triples - inferred, "jcgraph-inferred": inferred}
    out = Triples(prefix="void")
    root = _iri(DATASET)
    out.add(root, RDF_TYPE, _iri(VOID + "Dataset"))
    out.add(root, RDF_TYPE, _iri(DCAT + "Dataset"))
    for lang in ("zh", "en"):
        out.add(root, DCT + "title", Term.literal(TITLE[lang], lang=lang))
        out.add(root, DCT + "description", Term.literal(DESCRIPTION[lang], lang=lang))
    out.add(root, DCT + "source", _iri(SOURCE))
    out.add(root, DCT + "license", _iri(LICENCE))
    out.add(root, DCT + "publisher", _iri(PUBLISHER))
    out.add(root, DCT + "spatial", _iri(ID_BASE + "place/jinchang"))
    period = out.node()
    out.add(root, DCT + "temporal", period)
    out.add(period, RDF_TYPE, _iri(DCT + "PeriodOfTime"))
    out.add(period, DCAT + "startDate", Term.literal("2021-01-01", XSD + "date"))
    out.add(period, DCAT + "endDate", Term.literal("2025-12-31", XSD + "date"))
    out.add(period, RDFS + "seeAlso", _iri(ID_BASE + "period/2021-2025"))
    for code in ("zh", "en"):
        out.add(root, DCT + "language", _iri(f"http://id.loc.gov/vocabulary/iso639-1/{code}"))
    out.add(root, DCT + "modified", Term.literal(build_date(), XSD + "date"))
    out.add(root, VOID + "uriSpace", Term.literal(ID_BASE))
    for example in ("place/jinchang", "org/jinchuan-group"):
        out.add(root, VOID + "exampleResource", _iri(ID_BASE + example))
    out.add(root, VOID + "triples", _integer(stats.triples))
    out.add(root, VOID + "entities", _integer(stats.entities))
    out.add(root, VOID + "classes", _integer(stats.classes_used))
    out.add(root, VOID + "properties", _integer(stats.properties))
    out.add(root, VOID + "distinctSubjects", _integer(stats.subjects))
    out.add(root, VOID + "distinctObjects", _integer(stats.objects))
    for vocabulary in stats.vocabularies:
        out.add(root, VOID + "vocabulary", _iri(vocabulary))
    for word, lang in (("金昌", "zh"), ("十四五", "zh"), ("Jinchang", "en"), ("statistics", "en")):
        out.add(root, DCAT + "keyword", Term.literal(word, lang=lang))
    subsets = {"jcgraph": root}
    for stem, (name, zh, en) in PARTS.items():
        subset = _iri(f"{DATASET}-{name}")
        subsets[stem] = subset
        out.add(root, VOID + "subset", subset)
        out.add(subset, RDF_TYPE, _iri(VOID + "Dataset"))
        out.add(subset, DCT + "title", Term.literal(zh, lang="zh"))
        out.add(subset, DCT + "title", Term.literal(en, lang="en"))
        out.add(subset, VOID + "triples", _integer(sizes.get(stem, 0)))
    for path in files:
        _distribution(out, path, subsets.get(path.name.partition(".")[0], root), download)
    _linksets(out, root, stats)
    return out.rows


def _distribution(out: Triples, path: Path, owner: Term, download: str) -> None:
    suffix = path.name.partition(".")[2]
    known = FILE_FORMATS.get(suffix)
    media = known.media_type if known else "application/octet-stream"
    file_iri = _iri(download + path.name)
    distribution = _iri(f"{DATASET}/distribution/{path.name}")
    out.add(owner, DCAT + "distribution", distribution)
    out.add(owner, VOID + "dataDump", file_iri)
    out.add(distribution, RDF_TYPE, _iri(DCAT + "Distribution"))
    out.add(distribution, DCT + "title", Term.literal(path.name))
    out.add(distribution, DCAT + "downloadURL", file_iri)
    out.add(
        distribution,
        DCAT + "mediaType",
        _iri(f"https://www.iana.org/assignments/media-types/{media}"),
    )
    if known:
        out.add(distribution, DCT + "format", _iri(FORMATS + known.name))
        out.add(_iri(DATASET), VOID + "feature", _iri(FORMATS + known.name))
    out.add(distribution, DCAT + "byteSize", _integer(path.stat().st_size, "nonNegativeInteger"))
    out.add(distribution, DCT + "license", _iri(LICENCE))
    out.add(distribution, DCT + "publisher", _iri(PUBLISHER))
    if suffix == "jsonld":
        # Compacted with the context beside it: plain keys for web developers.
        context = _iri(download + "context.jsonld")
        out.add(distribution, DCT + "conformsTo", context)


def _linksets(out: Triples, root: Term, stats: Statistics) -> None:
    from jcgraph.linking.profiles import load_profile, profile_paths

    for profile_path in profile_paths():
        profile = load_profile(str(profile_path))
        target = _iri(profile.dataset)
        linkset = _iri(f"{ID_BASE}dataset/links-{profile.name}")
        count = sum(1 for o in stats.link_targets if o.startswith(profile.entity_namespace))
        out.add(root, VOID + "subset", linkset)
        out.add(linkset, RDF_TYPE, _iri(VOID + "Linkset"))
        out.add(linkset, DCT + "title", Term.literal(f"与{profile.title}的链接", lang="zh"))
        out.add(linkset, DCT + "title", Term.literal(f"Links to {profile.title}", lang="en"))
        out.add(linkset, VOID + "subjectsTarget", root)
        out.add(linkset, VOID + "objectsTarget", target)
        for predicate in LINK_PREDICATES:
            out.add(linkset, VOID + "linkPredicate", _iri(predicate))
        out.add(linkset, VOID + "triples", _integer(count))
        out.add(linkset, DCT + "source", _iri(LINKS_GRAPH))
        out.add(target, RDF_TYPE, _iri(VOID + "Dataset"))
        out.add(target, DCT + "title", Term.literal(profile.title))
        out.add(target, VOID + "uriSpace", Term.literal(profile.entity_namespace))
        if profile.endpoint:
            out.add(target, VOID + "sparqlEndpoint", _iri(profile.endpoint))


def to_turtle(rows: list[Row]) -> str:
    """The description as Turtle (every IRI absolute)."""
    from rdflib import Graph

    from jcgraph.results import to_rdflib

    graph = Graph()
    bindings = {
        "void": VOID,
        "dcat": DCAT,
        "dct": DCT,
        "skos": SKOS,
        "ds": PREFIXES["ds"],
        "src": PREFIXES["src"],
        "place": PREFIXES["place"],
        "jorg": PREFIXES["jorg"],
        "formats": DESCRIPTION_PREFIXES["formats"],
    }
    for prefix, namespace in bindings.items():
        graph.bind(prefix, namespace, override=True)
    for s, p, o in rows:
        graph.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))  # type: ignore[arg-type]
    text = graph.serialize(format="turtle")
    head = (
        "# What this folder holds: the jcgraph dataset described with VoID and DCAT. Each\n"
        "# file's download URL is where the build says it is published (--base-url).\n\n"
    )
    return head + text.strip() + "\n"
