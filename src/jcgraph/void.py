"""The built dataset's own description: VoID and DCAT in ``void.ttl`` beside the files it lists.

It says what the dataset is (title and description in zh and en), where it comes from
(the article), under which licence, for which years and place, which files carry it (each
a DCAT distribution with its media type and size, each part a VoID subset with its triple
count), which vocabularies it uses, and its linksets: for every linking profile, how many
reviewed links the links graph (data/links.ttl) holds into that external graph.
Distributions are named by relative IRIs, so the description stays true wherever the
folder is published.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .paths import GRAPH_BASE, layout

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

DATASET = "https://w3id.org/jcgraph/id/dataset/jcgraph"
ID_BASE = "https://w3id.org/jcgraph/id/"
LINKS_GRAPH = GRAPH_BASE + "data/links"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
MEDIA = {
    "ttl": ("text/turtle", "Turtle"),
    "nt": ("application/n-triples", "N-Triples"),
    "jsonld": ("application/ld+json", "JSON-LD"),
    "trig": ("application/trig", "TriG"),
    "nq": ("application/n-quads", "N-Quads"),
}
PARTS = {
    "jcgraph-asserted": ("asserted", "断言的三元组", "The asserted triples"),
    "jcgraph-inferred": ("inferred", "推理得出的三元组", "The inferred triples"),
}
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


def _namespace(iri: str) -> str:
    return iri[: iri.rfind("#") + 1] if "#" in iri else iri[: iri.rfind("/") + 1]


def vocabularies(graph: Graph) -> list[str]:
    """Namespaces of the predicates and classes the graph uses, our instances' excepted."""
    from rdflib import RDF, URIRef

    used = {_namespace(str(p)) for p in graph.predicates() if isinstance(p, URIRef)}
    used |= {_namespace(str(c)) for c in graph.objects(None, RDF.type) if isinstance(c, URIRef)}
    return sorted(ns for ns in used if ns and not ns.startswith(ID_BASE))


def build_date() -> str:
    """Today, or the day of ``$SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    return dt.date.today().isoformat()


def describe(
    dataset: Dataset, everything: Graph, sizes: dict[str, int], written: list[Path]
) -> Graph:
    """The VoID and DCAT description of a build.

    Args:
        dataset: the named graphs (the links graph among them).
        everything: the merged graph (asserted and inferred).
        sizes: triples in each file stem (``jcgraph``, ``jcgraph-asserted`` …).
        written: the files the build wrote.
    """
    from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCAT, DCTERMS, SKOS, VOID, XSD

    from .profiles import load_profile

    out = Graph()
    bindings: tuple[tuple[str, object], ...] = (
        ("void", VOID),
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("skos", SKOS),
        ("ds", Namespace(ID_BASE + "dataset/")),
        ("src", Namespace(ID_BASE + "source/")),
        ("place", Namespace(ID_BASE + "place/")),
        ("jorg", Namespace(ID_BASE + "org/")),
        ("formats", Namespace("http://www.w3.org/ns/formats/")),
    )
    for prefix, namespace in bindings:
        out.bind(prefix, str(namespace), override=True)
    root = URIRef(DATASET)
    out.add((root, RDF.type, VOID.Dataset))
    out.add((root, RDF.type, DCAT.Dataset))
    for lang in ("zh", "en"):
        out.add((root, DCTERMS.title, Literal(TITLE[lang], lang=lang)))
        out.add((root, DCTERMS.description, Literal(DESCRIPTION[lang], lang=lang)))
    out.add((root, DCTERMS.source, URIRef(ID_BASE + "source/jinchang-review")))
    out.add((root, DCTERMS.license, URIRef(LICENCE)))
    out.add((root, DCTERMS.spatial, URIRef(ID_BASE + "place/jinchang")))
    period = BNode()
    out.add((root, DCTERMS.temporal, period))
    out.add((period, RDF.type, DCTERMS.PeriodOfTime))
    out.add((period, DCAT.startDate, Literal("2021-01-01", datatype=XSD.date)))
    out.add((period, DCAT.endDate, Literal("2025-12-31", datatype=XSD.date)))
    out.add((period, RDFS.seeAlso, URIRef(ID_BASE + "period/2021-2025")))
    for code in ("zh", "en"):
        out.add((root, DCTERMS.language, URIRef(f"http://id.loc.gov/vocabulary/iso639-1/{code}")))
    out.add((root, DCTERMS.modified, Literal(build_date(), datatype=XSD.date)))
    out.add((root, VOID.uriSpace, Literal(ID_BASE)))
    for example in ("place/jinchang", "org/jinchuan-group"):
        out.add((root, VOID.exampleResource, URIRef(ID_BASE + example)))
    out.add((root, VOID.triples, Literal(len(everything))))
    entities = {s for s in everything.subjects(RDF.type, None) if str(s).startswith(ID_BASE)}
    out.add((root, VOID.entities, Literal(len(entities))))
    out.add((root, VOID.classes, Literal(len(set(everything.objects(None, RDF.type))))))
    out.add((root, VOID.properties, Literal(len(set(everything.predicates())))))
    out.add((root, VOID.distinctSubjects, Literal(len(set(everything.subjects())))))
    out.add((root, VOID.distinctObjects, Literal(len(set(everything.objects())))))
    for vocabulary in vocabularies(everything):
        out.add((root, VOID.vocabulary, URIRef(vocabulary)))
    for word, lang in (("金昌", "zh"), ("十四五", "zh"), ("Jinchang", "en"), ("statistics", "en")):
        out.add((root, DCAT.keyword, Literal(word, lang=lang)))

    subsets = {"jcgraph": root}
    for stem, (name, zh, en) in PARTS.items():
        subset = URIRef(f"{DATASET}-{name}")
        subsets[stem] = subset
        out.add((root, VOID.subset, subset))
        out.add((subset, RDF.type, VOID.Dataset))
        out.add((subset, DCTERMS.title, Literal(zh, lang="zh")))
        out.add((subset, DCTERMS.title, Literal(en, lang="en")))
        out.add((subset, VOID.triples, Literal(sizes.get(stem, 0))))
    for path in written:
        stem, _, suffix = path.name.partition(".")
        media, format_name = MEDIA.get(suffix, ("application/octet-stream", ""))
        owner = subsets.get(stem, root)
        file_iri = URIRef(path.resolve().as_uri())
        distribution = URIRef(f"{DATASET}/distribution/{path.name}")
        out.add((owner, DCAT.distribution, distribution))
        out.add((owner, VOID.dataDump, file_iri))
        out.add((distribution, RDF.type, DCAT.Distribution))
        out.add((distribution, DCTERMS.title, Literal(path.name)))
        out.add((distribution, DCAT.downloadURL, file_iri))
        out.add(
            (
                distribution,
                DCAT.mediaType,
                URIRef(f"https://www.iana.org/assignments/media-types/{media}"),
            )
        )
        if format_name:
            out.add(
                (
                    distribution,
                    DCTERMS.format,
                    URIRef(f"http://www.w3.org/ns/formats/{format_name}"),
                )
            )
            out.add((root, VOID.feature, URIRef(f"http://www.w3.org/ns/formats/{format_name}")))
        out.add(
            (
                distribution,
                DCAT.byteSize,
                Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger),
            )
        )
        out.add((distribution, DCTERMS.license, URIRef(LICENCE)))
        if suffix == "jsonld":
            # Compacted with the context beside it: plain keys for web developers.
            context = URIRef(path.with_name("context.jsonld").resolve().as_uri())
            out.add((distribution, DCTERMS.conformsTo, context))

    links = dataset.graph(URIRef(LINKS_GRAPH))
    for profile_path in sorted(layout().linking.glob("*.toml")):
        profile = load_profile(str(profile_path))
        target = URIRef(profile.dataset)
        linkset = URIRef(f"{ID_BASE}dataset/links-{profile.name}")
        predicates = {SKOS.exactMatch, SKOS.closeMatch}
        count = sum(
            1
            for p in predicates
            for o in links.objects(None, p)
            if str(o).startswith(profile.entity_namespace)
        )
        out.add((root, VOID.subset, linkset))
        out.add((linkset, RDF.type, VOID.Linkset))
        out.add((linkset, DCTERMS.title, Literal(f"与{profile.title}的链接", lang="zh")))
        out.add((linkset, DCTERMS.title, Literal(f"Links to {profile.title}", lang="en")))
        out.add((linkset, VOID.subjectsTarget, root))
        out.add((linkset, VOID.objectsTarget, target))
        for predicate in sorted(predicates):
            out.add((linkset, VOID.linkPredicate, predicate))
        out.add((linkset, VOID.triples, Literal(count)))
        out.add((linkset, DCTERMS.source, URIRef(LINKS_GRAPH)))
        out.add((target, RDF.type, VOID.Dataset))
        out.add((target, DCTERMS.title, Literal(profile.title)))
        out.add((target, VOID.uriSpace, Literal(profile.entity_namespace)))
        if profile.endpoint:
            out.add((target, VOID.sparqlEndpoint, URIRef(profile.endpoint)))
    return out


def to_turtle(description: Graph, folder: Path) -> str:
    """The description as Turtle, the files of ``folder`` named by relative IRIs."""
    base = folder.resolve().as_uri() + "/"
    text = description.serialize(format="turtle", base=base)
    lines = [line for line in text.splitlines() if not line.startswith("@base ")]
    head = (
        "# What this folder holds: the jcgraph dataset described with VoID and DCAT.\n"
        "# File IRIs are relative to this file.\n\n"
    )
    return head + "\n".join(lines).strip() + "\n"
