"""`jcgraph build` describes what it wrote (VoID and DCAT in void.ttl) and gives the JSON-LD
export a context with plain keys."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from jcgraph.cli import cli

# Open namespaces: rdflib's closed ones confuse pytest's collection (a warning per name).
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
VOID = Namespace("http://rdfs.org/ns/void#")

DS = Namespace("https://w3id.org/jcgraph/id/dataset/")
ROOT_DATASET = DS.jcgraph


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    result = CliRunner().invoke(
        cli, ["build", "--out", str(out), "--reason", "rdfs", "--format", "ttl,nt,jsonld"]
    )
    assert result.exit_code == 0, result.output
    void = Graph().parse(out / "void.ttl", publicID=(out / "void.ttl").as_uri())
    return out, void


def test_title_description_licence_source_and_coverage(built):
    _, void = built
    for predicate in (DCTERMS.title, DCTERMS.description):
        langs = {o.language for o in void.objects(ROOT_DATASET, predicate)}
        assert langs == {"zh", "en"}
    assert (ROOT_DATASET, RDF.type, VOID.Dataset) in void
    assert (ROOT_DATASET, RDF.type, DCAT.Dataset) in void
    assert void.value(ROOT_DATASET, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert void.value(ROOT_DATASET, DCTERMS.source) == URIRef(
        "https://w3id.org/jcgraph/id/source/jinchang-review"
    )
    assert void.value(ROOT_DATASET, DCTERMS.spatial) == URIRef(
        "https://w3id.org/jcgraph/id/place/jinchang"
    )
    period = void.value(ROOT_DATASET, DCTERMS.temporal)
    assert str(void.value(period, DCAT.startDate)) == "2021-01-01"
    assert str(void.value(period, DCAT.endDate)) == "2025-12-31"
    vocabularies = {str(v) for v in void.objects(ROOT_DATASET, VOID.vocabulary)}
    assert {
        "http://purl.org/linked-data/cube#",
        "http://www.w3.org/2004/02/skos/core#",
        "http://www.w3.org/ns/oa#",
        "https://w3id.org/jcgraph/ontology#",
    } <= vocabularies


def test_every_file_is_a_distribution_with_its_size_and_triples(built):
    out, void = built
    files = {p.name for p in out.iterdir()} - {"void.ttl", "context.jsonld"}
    described = {}
    for distribution in void.subjects(RDF.type, DCAT.Distribution):
        url = void.value(distribution, DCAT.downloadURL)
        path = out / str(url).rsplit("/", 1)[1]
        described[path.name] = distribution
        assert int(void.value(distribution, DCAT.byteSize)) == path.stat().st_size
        assert void.value(distribution, DCAT.mediaType) is not None
    assert set(described) == files
    # Each part's triple count is what its N-Triples file holds.
    for stem, subset in (
        ("jcgraph", ROOT_DATASET),
        ("jcgraph-asserted", DS["jcgraph-asserted"]),
        ("jcgraph-inferred", DS["jcgraph-inferred"]),
    ):
        lines = (out / f"{stem}.nt").read_text(encoding="utf-8").count("\n")
        assert int(void.value(subset, VOID.triples)) == lines
        assert (subset, DCAT.distribution, described[f"{stem}.nt"]) in void


def test_the_linkset_to_wikidata_counts_the_reviewed_links(built):
    _, void = built
    linkset = DS["links-wikidata"]
    assert (linkset, RDF.type, VOID.Linkset) in void
    assert void.value(linkset, VOID.objectsTarget) == URIRef("https://www.wikidata.org/")
    assert set(void.objects(linkset, VOID.linkPredicate)) == {SKOS.exactMatch, SKOS.closeMatch}
    links = Graph().parse("data/links.ttl")
    reviewed = len(list(links.triples((None, SKOS.exactMatch, None)))) + len(
        list(links.triples((None, SKOS.closeMatch, None)))
    )
    assert void.value(linkset, VOID.triples) == Literal(reviewed)


def test_json_ld_export_reads_with_plain_keys_and_loses_nothing(built):
    out, _ = built
    context = json.loads((out / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert context["label"] == {"@id": "rdfs:label", "@container": "@language"}
    assert context["locatedIn"] == {"@id": "jc:locatedIn", "@type": "@id"}
    document = json.loads((out / "jcgraph-asserted.jsonld").read_text(encoding="utf-8"))
    jinchang = next(n for n in document["@graph"] if n.get("id") == "place:jinchang")
    assert jinchang["label"]["zh"] == "金昌市"
    assert jinchang["type"] == "PrefectureCity"
    from_jsonld = Graph().parse(out / "jcgraph-asserted.jsonld", format="json-ld")
    from_turtle = Graph().parse(out / "jcgraph-asserted.ttl")
    assert isomorphic(from_jsonld, from_turtle)


def test_json_ld_context_round_trips_with_a_standard_processor(built):
    """Found by an outside check: seven jc: properties (status, unit, period, level,
    industry, honour, standing) were shadowed by prefixes of the same name, so
    {"status": "status:actual"} named the wrong predicate; start and end were coerced to a
    datatype the data does not use, and value turned JSON numbers into ill-typed decimals.
    PyLD (the reference Python JSON-LD processor) compacts the built graph with the context
    and expands it again: the same triples, every term under its plain key."""
    pyld = pytest.importorskip("pyld.jsonld", reason="PyLD is in the test extra")
    out, _ = built
    context = json.loads((out / "context.jsonld").read_text(encoding="utf-8"))
    graph = Graph().parse(out / "jcgraph-asserted.ttl")
    expanded = json.loads(graph.serialize(format="json-ld"))
    compacted = pyld.compact(expanded, context)
    keys = {k for node in compacted["@graph"] for k in node}
    assert not {k for k in keys if ":" in k or k.startswith("http")}, "terms without a plain key"
    assert {"status", "unit", "period", "level", "industry", "standing", "value"} <= set(
        context["@context"]
    )
    observation = next(n for n in compacted["@graph"] if "status" in n)
    assert observation["status"].startswith("https://w3id.org/jcgraph/concept/status/")
    nquads = pyld.to_rdf(pyld.expand(compacted), {"format": "application/n-quads"})
    again = Graph().parse(data=nquads, format="nquads")
    assert isomorphic(again, graph)
    # A JSON number under "start" is an xsd:integer, as in the data; under "value" a
    # decimal written as text stays one.
    doc = {
        "@context": context["@context"],
        "id": "ev:x",
        "start": 5,
        "value": {"@value": "3.40", "@type": "xsd:decimal"},
    }
    triples = Graph().parse(
        data=pyld.to_rdf(doc, {"format": "application/n-quads"}), format="nquads"
    )
    assert {str(o.datatype) for o in triples.objects()} == {
        "http://www.w3.org/2001/XMLSchema#integer",
        "http://www.w3.org/2001/XMLSchema#decimal",
    }


def test_every_download_url_is_absolute_and_the_dataset_has_a_publisher(built, tmp_path):
    """Found by an outside check: void:dataDump and dcat:downloadURL were relative and
    resolved to file:/// IRIs of the machine that built them."""
    _, void = built
    urls = set(void.objects(None, DCAT.downloadURL)) | set(void.objects(None, VOID.dataDump))
    assert urls and all(str(u).startswith("https://w3id.org/jcgraph/download/") for u in urls)
    assert void.value(ROOT_DATASET, DCTERMS.publisher) == URIRef(
        "https://w3id.org/jcgraph/id/agent/jcgraph-project"
    )
    for distribution in void.subjects(RDF.type, DCAT.Distribution):
        assert void.value(distribution, DCTERMS.license) is not None
        assert void.value(distribution, DCTERMS.publisher) is not None
    out = tmp_path / "dist"
    result = CliRunner().invoke(
        cli,
        ["build", "--out", str(out), "--format", "nt", "--base-url", "https://example.org/files"],
    )
    assert result.exit_code == 0, result.output
    other = Graph().parse(out / "void.ttl")
    assert {str(u) for u in other.objects(None, DCAT.downloadURL)} == {
        f"https://example.org/files/{name}"
        for name in ("jcgraph.nt", "jcgraph-asserted.nt", "jcgraph-inferred.nt")
    }
    refused = CliRunner().invoke(cli, ["build", "--out", str(out), "--base-url", "file:///tmp"])
    assert refused.exit_code == 2 and "--base-url" in refused.output
