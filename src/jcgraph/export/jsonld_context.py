"""A JSON-LD context with plain keys (``label``, ``locatedIn``, ``value``) for the export.

Made from the ontology: every class and property of ``jc:`` becomes a key named by its
local name, object properties typed ``@id``, datatype properties typed by their range;
labels and definitions are maps by language; the project's prefixes compact IRIs
(``place:jinchang``). A web developer applies it to ``jcgraph.jsonld`` with any JSON-LD
processor (``jsonld.compact(doc, context)``) and reads plain keys.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from jcgraph.namespaces import JC, PREFIXES, XSD

if TYPE_CHECKING:
    from rdflib import Graph


# Reused terms the data uses, by the key a developer would expect.
REUSED: dict[str, dict[str, Any]] = {
    "label": {"@id": "rdfs:label", "@container": "@language"},
    "altLabel": {"@id": "skos:altLabel", "@container": "@language"},
    "comment": {"@id": "rdfs:comment", "@container": "@language"},
    "definition": {"@id": "skos:definition", "@container": "@language"},
    "broader": {"@id": "skos:broader", "@type": "@id"},
    "inScheme": {"@id": "skos:inScheme", "@type": "@id"},
    "exactMatch": {"@id": "skos:exactMatch", "@type": "@id"},
    "closeMatch": {"@id": "skos:closeMatch", "@type": "@id"},
    "subClassOf": {"@id": "rdfs:subClassOf", "@type": "@id"},
    "subPropertyOf": {"@id": "rdfs:subPropertyOf", "@type": "@id"},
    "dataSet": {"@id": "qb:dataSet", "@type": "@id"},
    "hasSource": {"@id": "oa:hasSource", "@type": "@id"},
    "hasSelector": {"@id": "oa:hasSelector", "@type": "@id"},
    "exact": {"@id": "oa:exact"},
    "start": {"@id": "oa:start", "@type": "xsd:nonNegativeInteger"},
    "end": {"@id": "oa:end", "@type": "xsd:nonNegativeInteger"},
    "wasDerivedFrom": {"@id": "prov:wasDerivedFrom", "@type": "@id"},
    "member": {"@id": "org:member", "@type": "@id"},
    "organization": {"@id": "org:organization", "@type": "@id"},
    "role": {"@id": "org:role", "@type": "@id"},
    "subOrganizationOf": {"@id": "org:subOrganizationOf", "@type": "@id"},
    "title": {"@id": "dct:title", "@container": "@language"},
    "source": {"@id": "dct:source", "@type": "@id"},
    "creator": {"@id": "dct:creator", "@type": "@id"},
    "license": {"@id": "dct:license", "@type": "@id"},
    "spatial": {"@id": "dct:spatial", "@type": "@id"},
    "temporal": {"@id": "dct:temporal", "@type": "@id"},
}


def context(ontology: Graph) -> dict[str, Any]:
    """The ``@context`` object for the graph described by ``ontology``."""
    from rdflib import OWL, RDF, RDFS, URIRef

    terms: dict[str, Any] = {"id": "@id", "type": "@type"}
    terms.update(PREFIXES)
    for key, definition in REUSED.items():
        terms[key] = definition
    kinds = (
        (OWL.Class, "class"),
        (OWL.ObjectProperty, "object"),
        (OWL.DatatypeProperty, "data"),
        (OWL.AnnotationProperty, "data"),
    )
    for rdf_type, kind in kinds:
        for term in sorted(ontology.subjects(RDF.type, rdf_type), key=str):
            iri = str(term)
            if not isinstance(term, URIRef) or not iri.startswith(JC):
                continue
            key = iri[len(JC) :]
            if key in terms and key not in REUSED:
                continue
            if kind == "class":
                terms[key] = f"jc:{key}"
            elif kind == "object":
                terms[key] = {"@id": f"jc:{key}", "@type": "@id"}
            else:
                entry: dict[str, str] = {"@id": f"jc:{key}"}
                ranges = [str(r) for r in ontology.objects(term, RDFS.range)]
                if ranges and ranges[0].startswith(XSD) and not ranges[0].endswith("#string"):
                    entry["@type"] = "xsd:" + ranges[0][len(XSD) :]
                terms[key] = entry
    return {"@context": terms}


def to_json(ontology: Graph) -> str:
    """The context as a JSON document."""
    return json.dumps(context(ontology), ensure_ascii=False, indent=1) + "\n"
