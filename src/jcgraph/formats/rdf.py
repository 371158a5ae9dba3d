"""RDF serialisations: the triples of a graph result in Turtle, N-Triples, JSON-LD or RDF/XML
(by pyoxigraph), and the file formats ``jcgraph build`` writes (by rdflib)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jcgraph.namespaces import DESCRIPTION_PREFIXES, PREFIXES
from jcgraph.results import to_oxigraph


@dataclass(frozen=True)
class FileFormat:
    """An RDF file format ``jcgraph build`` writes with rdflib."""

    suffix: str  # the file's suffix and the key users give (--format ttl,nt)
    rdflib: str  # rdflib's serializer name
    media_type: str
    name: str  # its name under http://www.w3.org/ns/formats/
    dataset: bool = False  # holds named graphs (one file), not a single graph


FILE_FORMATS = {
    f.suffix: f
    for f in (
        FileFormat("ttl", "turtle", "text/turtle", "Turtle"),
        FileFormat("nt", "nt", "application/n-triples", "N-Triples"),
        FileFormat("jsonld", "json-ld", "application/ld+json", "JSON-LD"),
        FileFormat("trig", "trig", "application/trig", "TriG", dataset=True),
        FileFormat("nq", "nquads", "application/n-quads", "N-Quads", dataset=True),
    )
}

OXIGRAPH_FORMATS = {
    "turtle": "TURTLE",
    "ntriples": "N_TRIPLES",
    "jsonld": "JSON_LD",
    "rdfxml": "RDF_XML",
}


def write_graph(rows: list[Any], key: str) -> bytes:
    """Triples (rows of three ``Term``s) in an RDF format; Turtle uses our prefixes."""
    import pyoxigraph as ox

    complete = [(s, p, o) for s, p, o in rows if s is not None and p is not None and o is not None]
    if key == "turtle":  # each subject's triples together, so Turtle groups them
        complete.sort(key=lambda t: (t[0].kind != "uri", t[0].value, t[1].value))
    triples = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in complete]
    rdf_format = getattr(ox.RdfFormat, OXIGRAPH_FORMATS[key])
    prefixes = _used_prefixes(triples) if key in ("turtle", "rdfxml", "jsonld") else None
    data = ox.serialize(triples, format=rdf_format, prefixes=prefixes)
    assert isinstance(data, bytes)
    return data


def _used_prefixes(triples: list[Any]) -> dict[str, str]:
    """Only the prefixes whose namespace some IRI in ``triples`` starts with."""
    iris = {
        term.value
        for triple in triples
        for term in (triple.subject, triple.predicate, triple.object)
        if type(term).__name__ == "NamedNode"
    }
    return {
        prefix: namespace
        for prefix, namespace in {**PREFIXES, **DESCRIPTION_PREFIXES}.items()
        if any(iri.startswith(namespace) for iri in iris)
    }
