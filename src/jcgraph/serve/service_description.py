"""The endpoint's SPARQL 1.1 Service Description, with the VoID description of the dataset.

It is built as triples (``Term`` rows) so it is written in whichever RDF format the
client negotiates. The counts come from the running graph, through the worker pool.
"""

from __future__ import annotations

from collections.abc import Sequence

from jcgraph.export.void import Statistics
from jcgraph.namespaces import DATASET, DCT, ENTAILMENT, FORMATS, INFERRED, RDF_TYPE, SD, VOID, XSD
from jcgraph.results import Result, Row, Term


def describe_service(
    endpoint: str,
    stats: Statistics,
    *,
    profile: str,
    engine: str,
    update: bool,
    federated: bool,
    void: Sequence[Row] = (),
) -> Result:
    """The service description, with the dataset's VoID and DCAT description (``void``,
    from ``export.void.describe``, as ``jcgraph build`` writes it to ``void.ttl``).

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
            "(inferred triples in the named graph " + INFERRED + ")",
            lang="en",
        ),
    )
    add(service, SD + "defaultDataset", dataset)

    add(dataset, RDF_TYPE, iri(SD + "Dataset"))
    add(dataset, VOID + "sparqlEndpoint", service)
    rows.extend(void)
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
