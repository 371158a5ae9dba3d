"""A JSON-LD context with plain keys (``label``, ``locatedIn``, ``value``) for the export.

Made from the ontology: every class and property of ``jc:`` becomes a key named by its
local name, object properties typed ``@id``, datatype properties typed by their range
(numbers, booleans and strings left to JSON);
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
    "start": {"@id": "oa:start"},  # JSON numbers are xsd:integer, as in the data
    "end": {"@id": "oa:end"},
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


# Ranges a JSON value needs no coercion for: numbers and booleans are typed by JSON-LD
# itself, and coercing a JSON number to xsd:decimal would write it as a double ("3.59E2").
NATIVE = {"decimal", "integer", "double", "float", "boolean", "nonNegativeInteger", "string"}


def context(ontology: Graph, data: Graph | None = None) -> dict[str, Any]:
    """The ``@context`` object for the graph described by ``ontology``.

    A property's plain key wins over a prefix of the same name (``status`` is jc:status,
    not the prefix of status: concepts): a term named like a prefix would otherwise be
    read as that prefix, and ``{"status": …}`` would name the wrong predicate. Those
    prefixes are left out; their IRIs are written in full. Every other predicate ``data``
    uses gets a plain key too: its local name, or the prefix and local name joined when
    two vocabularies share a local name.
    """
    from rdflib import OWL, RDF, RDFS, URIRef

    terms: dict[str, Any] = {"id": "@id", "type": "@type"}
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
            if key in REUSED:
                continue
            if kind == "class":
                terms[key] = f"jc:{key}"
            elif kind == "object":
                terms[key] = {"@id": f"jc:{key}", "@type": "@id"}
            else:
                entry: dict[str, str] = {"@id": f"jc:{key}"}
                ranges = [str(r) for r in ontology.objects(term, RDFS.range)]
                if ranges and ranges[0].startswith(XSD) and ranges[0][len(XSD) :] not in NATIVE:
                    entry["@type"] = "xsd:" + ranges[0][len(XSD) :]
                terms[key] = entry
    if data is not None:
        _reused_keys(terms, data)
    for prefix, namespace in PREFIXES.items():
        if prefix not in terms:  # a term of the same name wins (see above)
            terms[prefix] = namespace
    return {"@context": terms}


def _reused_keys(terms: dict[str, Any], data: Graph) -> None:
    """A plain key for each predicate of another vocabulary that ``data`` uses."""
    from rdflib import RDF, Literal, URIRef

    named = {str(d["@id"] if isinstance(d, dict) else d) for d in terms.values() if d != "@id"}
    for predicate in sorted(set(data.predicates()), key=str):
        iri = str(predicate)
        if predicate == RDF.type or iri.startswith(JC) or not isinstance(predicate, URIRef):
            continue
        prefix = next((p for p, ns in PREFIXES.items() if iri.startswith(ns)), None)
        curie = f"{prefix}:{iri[len(PREFIXES[prefix]) :]}" if prefix else iri
        if curie in named or iri in named:
            continue
        local = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        key = local if local not in terms and local not in PREFIXES else f"{prefix}_{local}"
        objects = list(data.objects(None, predicate))
        entry: dict[str, str] = {"@id": curie}
        if objects and all(isinstance(o, URIRef) for o in objects):
            entry["@type"] = "@id"
        elif objects and all(isinstance(o, Literal) and o.language for o in objects):
            entry["@container"] = "@language"
        terms[key] = entry


def to_json(ontology: Graph) -> str:
    """The context as a JSON document."""
    return json.dumps(context(ontology), ensure_ascii=False, indent=1) + "\n"
