"""The endpoint's SPARQL 1.1 Service Description, with the VoID description of the dataset.

It is built as triples (``Term`` rows) so it is written in whichever RDF format the
client negotiates. The counts come from the running graph, through the worker pool.
"""

from __future__ import annotations

from collections.abc import Sequence

from jcgraph.export.void import Statistics
from jcgraph.namespaces import DATASET, DCT, ENTAILMENT, FORMATS, INFERRED, RDF_TYPE, SD, VOID
from jcgraph.results import Result, Row, Term, Triples

FORMAT_NAMES = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)
REGIMES = {"none": "Simple", "rdfs": "RDFS", "owlrl": "OWL-RDF-Based", "rules": "OWL-RDF-Based"}


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
    out = Triples()
    service, dataset = out.iri(endpoint), out.iri(DATASET)
    _service(out, service, profile=profile, engine=engine, update=update, federated=federated)
    out.add(service, SD + "defaultDataset", dataset)
    out.add(dataset, RDF_TYPE, out.iri(SD + "Dataset"))
    out.add(dataset, VOID + "sparqlEndpoint", service)
    out.rows.extend(void)
    _partitions(out, dataset, stats)
    return out.graph()


def _service(
    out: Triples, service: Term, *, profile: str, engine: str, update: bool, federated: bool
) -> None:
    """What the endpoint speaks: languages, result formats, features, entailment."""
    out.add(service, RDF_TYPE, out.iri(SD + "Service"))
    out.add(service, SD + "endpoint", service)
    out.add(service, SD + "supportedLanguage", out.iri(SD + "SPARQL11Query"))
    if update:
        out.add(service, SD + "supportedLanguage", out.iri(SD + "SPARQL11Update"))
    for name in FORMAT_NAMES:
        out.add(service, SD + "resultFormat", out.iri(FORMATS + name))
    out.add(service, SD + "feature", out.iri(SD + "UnionDefaultGraph"))
    if federated:
        out.add(service, SD + "feature", out.iri(SD + "BasicFederatedQuery"))
    regime = REGIMES.get(profile, "Simple")
    out.add(service, SD + "defaultEntailmentRegime", out.iri(ENTAILMENT + regime))
    if profile in ("owlrl", "rules"):  # the OWL 2 RL closure, by owlrl or as SPARQL rules
        profile_rl = out.iri("http://www.w3.org/ns/owl-profile/RL")
        out.add(service, SD + "defaultSupportedEntailmentProfile", profile_rl)
    description = (
        f"jcgraph over the {engine} engine; reasoning: {profile} "
        f"(inferred triples in the named graph {INFERRED})"
    )
    out.add(service, DCT + "description", Term.literal(description, lang="en"))


def _partitions(out: Triples, dataset: Term, stats: Statistics) -> None:
    """The dataset's class partitions, default graph and named graphs with their sizes."""
    for cls, count in stats.classes:
        partition = out.node()
        out.add(dataset, VOID + "classPartition", partition)
        out.add(partition, VOID + "class", out.iri(cls))
        out.add(partition, VOID + "entities", out.integer(count))
    default = out.node()
    out.add(dataset, SD + "defaultGraph", default)
    out.add(default, RDF_TYPE, out.iri(SD + "Graph"))
    out.add(default, RDF_TYPE, out.iri(VOID + "Dataset"))
    out.add(default, VOID + "triples", out.integer(stats.triples))
    for name, count in stats.graphs.items():
        named, graph = out.node(), out.node()
        out.add(dataset, SD + "namedGraph", named)
        out.add(named, RDF_TYPE, out.iri(SD + "NamedGraph"))
        out.add(named, SD + "name", out.iri(name))
        out.add(named, SD + "graph", graph)
        out.add(graph, RDF_TYPE, out.iri(SD + "Graph"))
        out.add(graph, RDF_TYPE, out.iri(VOID + "Dataset"))
        out.add(graph, VOID + "triples", out.integer(count))
        out.add(dataset, VOID + "subset", graph)
