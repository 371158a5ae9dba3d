"""The ontology's and vocabularies' HTML documentation (`jcgraph docs`, `make docs`), and
the server showing it at the ontology's namespace path."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, URIRef
from rdflib.namespace import SKOS
from serving import serve

from jcgraph.export.docs import write_docs
from jcgraph.paths import layout

pytest.importorskip("pylode", reason="pyLODE is in the test extra; make test installs it")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    write_docs(layout(), out)
    return out


def test_every_class_and_property_of_the_ontology_is_documented(pages: Path) -> None:
    ontology = Graph().parse(layout().ontology / "jcgraph.ttl")
    page = (pages / "ontology.html").read_text("utf-8")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {t for k in kinds for t in ontology.subjects(RDF.type, k) if isinstance(t, URIRef)}
    assert len(terms) > 100
    missing = sorted(t for t in terms if str(t) not in page)
    assert not missing, missing
    assert "jcgraph ontology" in page and "0.1.0" in page


def test_every_concept_of_every_scheme_is_documented_under_its_scheme(pages: Path) -> None:
    graph = Graph().parse(layout().ontology / "vocabularies.ttl")
    for path in layout().data.glob("*.ttl"):
        graph.parse(path)
    page = (pages / "vocabularies.html").read_text("utf-8")
    schemes = sorted(graph.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(schemes) == page.count("<section ") >= 8
    for scheme in schemes:
        section = page[page.index(f"<code>{scheme}</code>") :].split("</section>", 1)[0]
        concepts = set(graph.subjects(SKOS.inScheme, scheme))
        assert concepts
        assert all(f"<code>{c}</code>" in section for c in concepts), scheme


def test_the_server_shows_the_ontology_at_its_namespace_path(
    reasoned, pages: Path, tmp_path: Path
) -> None:
    with serve("--docs", str(pages), folder=tmp_path) as running:
        status, headers, body = running.get("/ontology", {"Accept": "text/html"})
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        assert body == (pages / "ontology.html").read_bytes()
        status, headers, body = running.get("/ontology", {"Accept": "text/turtle"})
        assert status == 200 and headers["Content-Type"].startswith("text/turtle")
        assert body == (layout().ontology / "jcgraph.ttl").read_bytes()
        status, _, body = running.get("/ontology/vocabularies?format=html")
        assert status == 200 and body == (pages / "vocabularies.html").read_bytes()
        status, _, _ = running.get("/ontology", {"Accept": "application/n-quads"})
        assert status == 406
    with serve("--docs", str(tmp_path / "none"), folder=tmp_path) as running:
        status, _, body = running.get("/ontology", {"Accept": "text/html"})
        assert status == 404 and b"make docs" in body


def test_the_server_serves_the_json_ld_context_the_build_ships(reasoned, tmp_path: Path) -> None:
    import json

    from rdflib import URIRef

    from jcgraph.export.jsonld_context import context
    from jcgraph.pipeline.load import load, union

    dataset = load()
    expected = context(
        dataset.graph(URIRef("https://w3id.org/jcgraph/graph/ontology/jcgraph")), union(dataset)
    )
    with serve(folder=tmp_path) as running:
        status, headers, body = running.get("/context.jsonld")
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    assert json.loads(body) == expected
    assert expected["@context"]["status"] == {"@id": "jc:status", "@type": "@id"}
