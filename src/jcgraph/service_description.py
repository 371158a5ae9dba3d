"""The endpoint's SPARQL 1.1 Service Description, with a VoID description of the dataset.

It is built as triples (``Term`` rows) so it is written in whichever RDF format the
client negotiates. The counts come from the running graph, through the worker pool.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .paths import GRAPH_BASE
from .results import XSD, Result, Row, Term

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
FORMATS = "http://www.w3.org/ns/formats/"
ENTAILMENT = "http://www.w3.org/ns/entailment/"
DATASET = "https://w3id.org/jcgraph/id/dataset/jcgraph"

STATS = {
    "graphs": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "totals": (
        "SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) "
        "(COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?o) AS ?objects) "
        "WHERE { ?s ?p ?o }"
    ),
    "classes": (
        "SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?c . FILTER(isIRI(?c)) } "
        "GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT 200"
    ),
    "entities": (
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?c . "
        'FILTER(STRSTARTS(STR(?e), "https://w3id.org/jcgraph/id/")) }'
    ),
}
VOCABULARIES = (
    "https://w3id.org/jcgraph/ontology#",
    "http://purl.org/linked-data/cube#",
    "http://www.w3.org/ns/oa#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/ns/prov#",
    "http://purl.org/dc/terms/",
    "https://schema.org/",
)


@dataclass
class Statistics:
    """Counts of the graph, for VoID."""

    triples: int = 0
    subjects: int = 0
    properties: int = 0
    objects: int = 0
    entities: int = 0
    graphs: dict[str, int] = field(default_factory=dict)
    classes: list[tuple[str, int]] = field(default_factory=list)


def gather(run: Callable[[str], Result]) -> Statistics:
    """Count the graph with ``run`` (a function answering a SELECT query)."""

    def number(term: Term | None) -> int:
        value = term.number() if term else None
        return int(value) if value is not None else 0

    stats = Statistics()
    (totals,) = run(STATS["totals"]).rows
    stats.triples, stats.subjects, stats.properties, stats.objects = map(number, totals)
    stats.entities = number(run(STATS["entities"]).rows[0][0])
    stats.graphs = {g.value: number(n) for g, n in run(STATS["graphs"]).rows if g is not None}
    stats.classes = [(c.value, number(n)) for c, n in run(STATS["classes"]).rows if c is not None]
    return stats


def rows_of(graph: Any) -> list[Row]:
    """An rdflib graph's triples as rows of ``Term``s (blank nodes renamed apart)."""
    from rdflib import BNode, Literal, URIRef

    def term(node: Any) -> Term:
        if isinstance(node, URIRef):
            return Term("uri", str(node))
        if isinstance(node, BNode):
            return Term("bnode", f"v{node}")
        assert isinstance(node, Literal)
        datatype = str(node.datatype) if node.datatype else None
        return Term.literal(str(node), datatype, node.language)

    return [(term(s), term(p), term(o)) for s, p, o in graph]


def describe_service(
    endpoint: str,
    stats: Statistics,
    *,
    profile: str,
    engine: str,
    update: bool,
    federated: bool,
    void: list[Row] | None = None,
) -> Result:
    """The service description and VoID as a graph result.

    ``void`` is the dataset's own VoID and DCAT description (``void.describe``, what
    ``jcgraph build`` writes to ``void.ttl``); without it a smaller one is made here.

    >>> triples = describe_service("http://127.0.0.1:8000/sparql", Statistics(triples=3),
    ...     profile="owlrl", engine="oxigraph", update=False, federated=False).rows
    >>> any(o.value == SD + "SPARQL11Query" for _, _, o in triples)
    True
    """
    rows: list[Row] = []
    counter = iter(range(1, 1_000_000))

    def node() -> Term:
        return Term("bnode", f"b{next(counter)}")

    def iri(value: str) -> Term:
        return Term("uri", value)

    def add(s: Term, p: str, o: Term) -> None:
        rows.append((s, iri(p), o))

    def integer(n: int) -> Term:
        return Term.literal(str(n), XSD + "integer")

    service = iri(endpoint)
    dataset = iri(DATASET)
    add(service, RDF_TYPE, iri(SD + "Service"))
    add(service, SD + "endpoint", service)
    add(service, SD + "supportedLanguage", iri(SD + "SPARQL11Query"))
    if update:
        add(service, SD + "supportedLanguage", iri(SD + "SPARQL11Update"))
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
    ):
        add(service, SD + "resultFormat", iri(FORMATS + name))
    add(service, SD + "feature", iri(SD + "UnionDefaultGraph"))
    if federated:
        add(service, SD + "feature", iri(SD + "BasicFederatedQuery"))
    regimes = {"none": "Simple", "rdfs": "RDFS", "owlrl": "OWL-RDF-Based", "rules": "OWL-RDF-Based"}
    regime = regimes.get(profile, "Simple")
    add(service, SD + "defaultEntailmentRegime", iri(ENTAILMENT + regime))
    if profile in ("owlrl", "rules"):  # the OWL 2 RL closure, by owlrl or as SPARQL rules
        add(
            service,
            SD + "defaultSupportedEntailmentProfile",
            iri("http://www.w3.org/ns/owl-profile/RL"),
        )
    add(
        service,
        DCT + "description",
        Term.literal(
            f"jcgraph over the {engine} engine; reasoning: {profile} "
            "(inferred triples in the named graph " + GRAPH_BASE + "inferred)",
            lang="en",
        ),
    )
    add(service, SD + "defaultDataset", dataset)

    add(dataset, RDF_TYPE, iri(SD + "Dataset"))
    add(dataset, VOID + "sparqlEndpoint", service)
    if void:
        rows.extend(void)
    else:
        add(dataset, RDF_TYPE, iri(VOID + "Dataset"))
        title = "金昌市“十四五”经济社会高质量发展综述知识图谱"
        add(dataset, DCT + "title", Term.literal(title, lang="zh"))
        add(dataset, DCT + "license", iri("https://creativecommons.org/licenses/by/4.0/"))
        add(dataset, VOID + "uriSpace", Term.literal("https://w3id.org/jcgraph/id/"))
        add(dataset, VOID + "exampleResource", iri("https://w3id.org/jcgraph/id/place/jinchang"))
        for vocabulary in VOCABULARIES:
            add(dataset, VOID + "vocabulary", iri(vocabulary))
        add(dataset, VOID + "triples", integer(stats.triples))
        add(dataset, VOID + "entities", integer(stats.entities))
        add(dataset, VOID + "distinctSubjects", integer(stats.subjects))
        add(dataset, VOID + "properties", integer(stats.properties))
        add(dataset, VOID + "distinctObjects", integer(stats.objects))
        add(dataset, VOID + "classes", integer(len(stats.classes)))
    for cls, count in stats.classes:
        partition = node()
        add(dataset, VOID + "classPartition", partition)
        add(partition, VOID + "class", iri(cls))
        add(partition, VOID + "entities", integer(count))

    default = node()
    add(dataset, SD + "defaultGraph", default)
    add(default, RDF_TYPE, iri(SD + "Graph"))
    add(default, RDF_TYPE, iri(VOID + "Dataset"))
    add(default, VOID + "triples", integer(stats.triples))
    for name, count in stats.graphs.items():
        named, graph = node(), node()
        add(dataset, SD + "namedGraph", named)
        add(named, RDF_TYPE, iri(SD + "NamedGraph"))
        add(named, SD + "name", iri(name))
        add(named, SD + "graph", graph)
        add(graph, RDF_TYPE, iri(SD + "Graph"))
        add(graph, RDF_TYPE, iri(VOID + "Dataset"))
        add(graph, VOID + "triples", integer(count))
        add(dataset, VOID + "subset", graph)
    return Result("graph", ["subject", "predicate", "object"], rows)
