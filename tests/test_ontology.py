"""The ontology as a schema others read: a complete header with one version, a domain and
a range for every property (or a comment saying why not), and labels no two terms share.
Found by an outside check: 17 of 32 object properties had no domain and 16 no range, ten
labels were shared, and the header had no version IRI, creator, publisher or dates."""

from __future__ import annotations

from collections import defaultdict

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, VANN, XSD

from jcgraph.paths import layout
from jcgraph.version import __version__

JC = Namespace("https://w3id.org/jcgraph/ontology#")
ONTOLOGY = URIRef("https://w3id.org/jcgraph/ontology")
# Properties that may lack a domain or a range, each saying why in an rdfs:comment.
NO_DOMAIN = {JC.evidence, JC.rankingScope, JC.relatedTo}
NO_RANGE = {JC.aspect, JC.relatedTo}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(layout().ontology / "jcgraph.ttl", format="turtle")


def properties(graph: Graph) -> list[URIRef]:
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty)
    return sorted(
        p
        for kind in kinds
        for p in graph.subjects(RDF.type, kind)
        if isinstance(p, URIRef) and p.startswith(JC)
    )


def test_the_header_is_complete_and_has_the_package_version(ontology: Graph) -> None:
    for predicate in (
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.license,
        DCTERMS.creator,
        DCTERMS.publisher,
        DCTERMS.created,
        DCTERMS.modified,
        VANN.preferredNamespacePrefix,
        VANN.preferredNamespaceUri,
        OWL.versionIRI,
        OWL.versionInfo,
    ):
        assert ontology.value(ONTOLOGY, predicate) is not None, predicate
    assert ontology.value(ONTOLOGY, OWL.versionInfo) == Literal(__version__)
    assert ontology.value(ONTOLOGY, OWL.versionIRI) == URIRef(f"{ONTOLOGY}/{__version__}")
    assert ontology.value(ONTOLOGY, VANN.preferredNamespaceUri) == Literal(str(JC))
    created = ontology.value(ONTOLOGY, DCTERMS.created)
    modified = ontology.value(ONTOLOGY, DCTERMS.modified)
    assert isinstance(created, Literal) and created.datatype == XSD.date
    assert isinstance(modified, Literal) and modified.toPython() >= created.toPython()
    for agent in (DCTERMS.creator, DCTERMS.publisher):
        who = ontology.value(ONTOLOGY, agent)
        assert {label.language for label in ontology.objects(who, RDFS.label)} == {"zh", "en"}


def test_every_property_has_a_domain_and_a_range_or_says_why_not(ontology: Graph) -> None:
    missing = []
    for prop in properties(ontology):
        for axis, allowed in ((RDFS.domain, NO_DOMAIN), (RDFS.range, NO_RANGE)):
            if ontology.value(prop, axis) is None and prop not in allowed:
                missing.append(f"{prop} has no {axis}")
    assert not missing, "\n".join(missing)
    for prop in NO_DOMAIN | NO_RANGE:
        langs = {c.language for c in ontology.objects(prop, RDFS.comment)}
        assert langs == {"zh", "en"}, f"{prop} must say why in zh and en"
    for prop in NO_DOMAIN:
        assert ontology.value(prop, RDFS.domain) is None, f"{prop} has a domain now"
    for prop in NO_RANGE:
        assert ontology.value(prop, RDFS.range) is None, f"{prop} has a range now"


def test_no_two_terms_share_a_label_in_one_language(ontology: Graph) -> None:
    terms: dict[tuple[str | None, str], list[str]] = defaultdict(list)
    for term, label in ontology.subject_objects(RDFS.label):
        if isinstance(term, URIRef) and term.startswith(JC) and isinstance(label, Literal):
            terms[(label.language, str(label).casefold())].append(term.n3())
    shared = {f"{text}@{lang}": sorted(t) for (lang, text), t in terms.items() if len(t) > 1}
    assert not shared, shared


def test_every_term_has_labels_and_definitions_in_both_languages(ontology: Graph) -> None:
    definition = URIRef("http://www.w3.org/2004/02/skos/core#definition")
    problems = []
    for term in set(ontology.subjects(RDF.type, None)):
        if isinstance(term, URIRef) and term.startswith(JC):
            for predicate in (RDFS.label, definition):
                languages = sorted(str(x.language) for x in ontology.objects(term, predicate))
                if languages != ["en", "zh"]:
                    problems.append(f"{term} {predicate}: {languages}")
    assert not problems, "\n".join(problems)


def test_every_concept_is_a_skos_concept_in_its_scheme_and_the_tops_are_linked_both_ways(
    asserted,
) -> None:
    """Found by an outside check: the concepts were typed only by subclasses of
    skos:Concept and no scheme had skos:hasTopConcept, so a SKOS tool saw no concept.
    Each concept of a scheme is now a skos:Concept itself; a concept with no broader one
    is a top concept, stated from both sides (SKOS reference, section 4.6)."""
    from rdflib.namespace import SKOS

    graph = asserted.dataset
    schemes = set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(schemes) >= 8
    problems = []
    for scheme in schemes:
        members = set(graph.subjects(SKOS.inScheme, scheme))
        if not members:
            problems.append(f"{scheme} has no concept")
        for concept in members:
            if (concept, RDF.type, SKOS.Concept) not in graph:
                problems.append(f"{concept} is not typed skos:Concept")
            top = (concept, SKOS.broader, None) not in graph
            if top != ((concept, SKOS.topConceptOf, scheme) in graph):
                problems.append(
                    f"{concept}: skos:topConceptOf {scheme} {'missing' if top else 'wrong'}"
                )
            if top != ((scheme, SKOS.hasTopConcept, concept) in graph):
                problems.append(
                    f"{scheme}: skos:hasTopConcept {concept} {'missing' if top else 'wrong'}"
                )
    for concept, scheme in graph.subject_objects(SKOS.topConceptOf):
        if (concept, SKOS.inScheme, scheme) not in graph:
            problems.append(f"{concept} is a top concept of {scheme} but not in it")
    for cls in (JC.Indicator, JC.Unit, JC.MeasureKind, JC.Status, JC.Qualifier, JC.Level):
        for concept in graph.subjects(RDF.type, cls):
            if (concept, SKOS.inScheme, None) not in graph:
                problems.append(f"{concept} is in no scheme")
    assert not problems, "\n".join(sorted(set(problems)))
