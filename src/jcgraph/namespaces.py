"""Every IRI jcgraph writes or reads by name in its code: its own namespaces, the vocabularies
it reuses, and the prefixes that shorten them. SPARQL text keeps its own ``PREFIX`` lines, as
the stored queries do, so that each query reads on its own."""

from __future__ import annotations

BASE = "https://w3id.org/jcgraph/"
JC = BASE + "ontology#"
JCSH = BASE + "shapes#"
ID_BASE = BASE + "id/"
# Named graphs are called after their source file: GRAPH_BASE + "data/economy".
GRAPH_BASE = BASE + "graph/"
INFERRED = GRAPH_BASE + "inferred"
LINKS_GRAPH = GRAPH_BASE + "data/links"
MAPPING_SET_BASE = BASE + "mappings/"
DATASET = ID_BASE + "dataset/jcgraph"
SOURCE = ID_BASE + "source/jinchang-review"
EVIDENCE = ID_BASE + "evidence/"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
# Who publishes the dataset (the agent the ontology's header names), and where a build's
# files are published unless `jcgraph build --base-url` says otherwise.
PUBLISHER = ID_BASE + "agent/jcgraph-project"
DOWNLOAD = BASE + "download/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SH = "http://www.w3.org/ns/shacl#"
OA = "http://www.w3.org/ns/oa#"
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
ENTAILMENT = "http://www.w3.org/ns/entailment/"
SEMAPV = "https://w3id.org/semapv/vocab/"

RDF_TYPE = RDF + "type"
RDF_LANGSTRING = RDF + "langString"
RDFS_LABEL = RDFS + "label"
SKOS_ALT_LABEL = SKOS + "altLabel"

# The project's prefixes: terminal tables, Turtle output, the JSON-LD context, profiles.
PREFIXES = {
    "jc": JC,
    "jcsh": JCSH,
    "kind": BASE + "concept/kind/",
    "status": BASE + "concept/status/",
    "qual": BASE + "concept/qualifier/",
    "level": BASE + "concept/level/",
    "standing": BASE + "concept/standing/",
    "streak": BASE + "concept/streak/",
    "place": ID_BASE + "place/",
    "jorg": ID_BASE + "org/",
    "person": ID_BASE + "person/",
    "role": ID_BASE + "role/",
    "industry": ID_BASE + "industry/",
    "init": ID_BASE + "initiative/",
    "honour": ID_BASE + "honour/",
    "recog": ID_BASE + "recognition/",
    "product": ID_BASE + "product/",
    "project": ID_BASE + "project/",
    "work": ID_BASE + "work/",
    "claim": ID_BASE + "claim/",
    "ind": ID_BASE + "indicator/",
    "obs": ID_BASE + "obs/",
    "unit": ID_BASE + "unit/",
    "period": ID_BASE + "period/",
    "ev": EVIDENCE,
    "src": ID_BASE + "source/",
    "ds": ID_BASE + "dataset/",
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "qb": "http://purl.org/linked-data/cube#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": OA,
    "org": "http://www.w3.org/ns/org#",
    "dct": DCT,
    "schema": "https://schema.org/",
}
# Further prefixes for descriptions of the dataset and the service (never for data).
DESCRIPTION_PREFIXES = {
    "sd": SD,
    "void": VOID,
    "formats": FORMATS,
    "dcat": DCAT,
}


def compact(iri: str) -> str:
    """An IRI as ``prefix:local`` when a known prefix fits, else ``<iri>``.

    >>> compact("https://w3id.org/jcgraph/id/org/jinchuan-group")
    'jorg:jinchuan-group'
    """
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else f"<{iri}>"


def expand(curie: str) -> str | None:
    """A ``prefix:local`` name of ours as a full IRI, else None.

    >>> expand("place:jinchang")
    'https://w3id.org/jcgraph/id/place/jinchang'
    >>> expand("https://example.org/x") is None
    True
    """
    prefix, colon, local = curie.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return None
