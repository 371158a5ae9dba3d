"""Unknown vocabulary is an error: a class or property nobody declared is a typo until shown
otherwise.

SHACL cannot see it: no shape targets ``jc:PrefectureLevelCitty``, so data typed with it
conforms. This check reads every class (object of ``rdf:type``) and property (predicate)
the data uses, and every term of our own namespace anywhere (data, ontology, shapes), and
reports each one that is not declared, naming the closest declared term.

Declared means: for our namespace, declared by our ontology (``ontology/*.ttl``); for any
other, declared by an ontology loaded with the data (a user's file may declare its own
terms), or a term of a standard vocabulary jcgraph reuses, as its publisher lists it:
rdflib's closed namespaces, each generated from the vocabulary's published file (their
docstrings name it), and ``ontology/terms/*.tsv`` for the ones rdflib lacks.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from jcgraph import namespaces as ns

if TYPE_CHECKING:
    from rdflib import Dataset, Graph
    from rdflib.namespace import DefinedNamespaceMeta

# What makes a subject a declared class or property, when it is its rdf:type.
DECLARING_TYPES = frozenset(
    {
        ns.OWL + "Class",
        ns.RDFS + "Class",
        ns.RDFS + "Datatype",
        ns.OWL + "ObjectProperty",
        ns.OWL + "DatatypeProperty",
        ns.OWL + "AnnotationProperty",
        ns.OWL + "OntologyProperty",
        ns.OWL + "TransitiveProperty",
        ns.OWL + "SymmetricProperty",
        ns.OWL + "FunctionalProperty",
        ns.OWL + "InverseFunctionalProperty",
        ns.RDF + "Property",
        "http://purl.org/linked-data/cube#DimensionProperty",
        "http://purl.org/linked-data/cube#MeasureProperty",
        "http://purl.org/linked-data/cube#AttributeProperty",
        "http://purl.org/linked-data/cube#CodedProperty",
        "http://purl.org/linked-data/cube#ComponentProperty",
    }
)
DECLARING_PREDICATES = frozenset({ns.RDFS + "subClassOf", ns.RDFS + "subPropertyOf"})
RDF_TYPE = ns.RDF + "type"
COMPONENT = ns.JC + "UnknownTermComponent"  # the report's source constraint component
SHAPE = ns.JCSH + "VocabularyCheck"


@dataclass(frozen=True)
class Unknown:
    """One undeclared term, where it was first used, and the closest declared term."""

    term: str
    kind: str  # "class" or "property"
    focus: str  # a subject that uses it (the first, in a stable order)
    uses: int
    closest: str | None

    def messages(self) -> dict[str, str]:
        shown = ns.compact(self.term)
        hint_en = f"; did you mean {ns.compact(self.closest)}?" if self.closest else ""
        hint_zh = f";是否应为 {ns.compact(self.closest)}?" if self.closest else ""
        what_zh = "类" if self.kind == "class" else "属性"
        times = "once" if self.uses == 1 else f"{self.uses} times"
        return {
            "en": f"{shown} is not a declared {self.kind} of any vocabulary loaded or reused "
            f"(used {times}){hint_en}",
            "zh": f"{shown} 不是任何已加载或复用词表声明的{what_zh}(用了 {self.uses} 次){hint_zh}",
        }


def _reused_namespaces() -> list[DefinedNamespaceMeta]:
    from rdflib.namespace import (
        DC,
        DCAT,
        DCMITYPE,
        DCTERMS,
        FOAF,
        ORG,
        OWL,
        PROV,
        QB,
        RDF,
        RDFS,
        SDO,
        SH,
        SKOS,
        TIME,
        VANN,
        VOID,
        XSD,
    )

    reused = (DC, DCAT, DCMITYPE, DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SDO, SH, SKOS)
    return [*reused, TIME, VANN, VOID, XSD]


@cache
def standard_terms(terms_folder: Path) -> dict[str, frozenset[str]]:
    """Namespace → its published local names, for each standard vocabulary reused."""
    known: dict[str, frozenset[str]] = {}
    for namespace in _reused_namespaces():
        names: set[str] = set()
        for klass in namespace.__mro__:
            names |= {n for n in getattr(klass, "__annotations__", {}) if not n.startswith("_")}
        names |= set(getattr(namespace, "_extras", ()))
        known[str(namespace._NS)] = frozenset(names)
    for table in sorted(terms_folder.glob("*.tsv")):
        namespace = getattr(ns, table.stem.upper())
        lines = table.read_text("utf-8").splitlines()
        rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
        known[namespace] = frozenset(row[0] for row in rows[1:])
    return known


def sources() -> dict[str, str]:
    """Where each reused namespace's term list comes from (for the docs and tests)."""
    found = {}
    for namespace in _reused_namespaces():
        doc = sys.modules[namespace.__module__].__doc__ or namespace.__doc__ or ""
        line = next((x.strip() for x in doc.splitlines() if "Generated from" in x), "")
        found[str(namespace._NS)] = line.removeprefix("Generated from:").strip()
    return found


def _declared(graphs: Iterable[Graph]) -> set[str]:
    from rdflib import RDF, URIRef

    declared: set[str] = set()
    for graph in graphs:
        for subject, kind in graph.subject_objects(RDF.type):
            if isinstance(subject, URIRef) and str(kind) in DECLARING_TYPES:
                declared.add(str(subject))
        for predicate in DECLARING_PREDICATES:
            declared.update(
                str(s) for s in graph.subjects(URIRef(predicate)) if isinstance(s, URIRef)
            )
    return declared


def _namespace(term: str) -> str:
    cut = max(term.rfind("#"), term.rfind("/"))
    return term[: cut + 1]


def _ours(graph: Graph) -> Iterator[tuple[str, str, str]]:
    """(term, kind, subject) for each term of our namespace anywhere in ``graph``."""
    from rdflib import RDF, URIRef

    for subject, predicate, obj in graph:
        for node in (subject, predicate, obj):
            if isinstance(node, URIRef) and str(node).startswith(ns.JC):
                kind = "class" if predicate == RDF.type and node is obj else "property"
                yield str(node), kind, str(subject)


class Usage:
    """The classes and properties some data uses (each with its first subject in a stable
    order and how often) and the terms it declares, gathered one triple at a time."""

    def __init__(self) -> None:
        self.terms: dict[str, list] = {}  # term -> [kind, first subject, uses]
        self.declared: set[str] = set()

    def add(self, term: str, kind: str, subject: str) -> None:
        place = self.terms.get(term)
        if place is None:
            self.terms[term] = [kind, subject, 1]
            return
        place[2] += 1
        if kind == "class":
            place[0] = "class"
        if _order(subject) < _order(place[1]):
            place[1] = subject

    def add_triple(self, subject: str, predicate: str, obj: str | None, iris: bool) -> None:
        """One triple: ``obj`` is the object's IRI (None for a literal or blank node), and
        ``iris`` whether the subject is an IRI (only IRIs are declared)."""
        self.add(predicate, "property", subject)
        if predicate == RDF_TYPE and obj is not None:
            self.add(obj, "class", subject)
            if iris and obj in DECLARING_TYPES:
                self.declared.add(subject)
        if iris and predicate in DECLARING_PREDICATES:
            self.declared.add(subject)


BLANK = "_:"  # the subject shown for a blank node: its label means nothing to a reader


def _order(subject: str) -> tuple[bool, str]:
    return subject == BLANK, subject  # an IRI is shown rather than a blank node


def usage_of(graphs: Iterable[Graph]) -> Usage:
    from rdflib import URIRef

    usage = Usage()
    for graph in graphs:
        for s, p, o in graph:
            obj = str(o) if isinstance(o, URIRef) else None
            iri = isinstance(s, URIRef)
            usage.add_triple(str(s) if iri else BLANK, str(p), obj, iri)
    return usage


def check(
    ontology: list[Graph],
    data: list[Graph],
    shapes: Graph | None,
    terms_folder: Path,
    usage: Usage | None = None,
) -> list[Unknown]:
    """Every undeclared class or property ``data`` uses (or ``usage`` gathered while
    reading it), and every undeclared term of our namespace in ``ontology``, ``data`` and
    ``shapes``."""
    ours = _declared(ontology)
    usage = usage or usage_of(data)
    anyone = ours | usage.declared
    standard = standard_terms(terms_folder)

    def known(term: str) -> bool:
        if term.startswith(ns.JC):
            return term in ours
        names = standard.get(_namespace(term))
        return term in anyone or (names is not None and term[len(_namespace(term)) :] in names)

    found = Usage()
    for term, (kind, subject, uses) in usage.terms.items():
        if not known(term):
            found.terms[term] = [kind, subject, uses]
    for graph in [*ontology, *([shapes] if shapes is not None else [])]:
        for term, kind, subject in _ours(graph):
            if not known(term):
                found.add(term, kind, subject)
    return [
        Unknown(
            term,
            kind,
            subject,
            uses,
            closest(term, ours if term.startswith(ns.JC) else anyone, standard),
        )
        for term, (kind, subject, uses) in sorted(found.terms.items())
    ]


def closest(term: str, declared: set[str], standard: dict[str, frozenset[str]]) -> str | None:
    """The declared term whose name is nearest ``term``'s, in its namespace if it has
    declared terms there, else among all."""
    namespace = _namespace(term)
    pool = {t for t in declared if t.startswith(namespace)}
    pool |= {namespace + n for n in standard.get(namespace, ())}
    if not pool:
        pool = set(declared)
    by_name = {t[len(_namespace(t)) :]: t for t in sorted(pool)}
    match = difflib.get_close_matches(term[len(namespace) :], list(by_name), n=1, cutoff=0.6)
    return by_name[match[0]] if match else None


def graphs_of(dataset: Dataset) -> tuple[list[Graph], list[Graph]]:
    """The dataset's ontology graphs (ours) and its other graphs (the data)."""
    ontology, data = [], []
    for graph in dataset.graphs():
        name = str(graph.identifier)
        if name.startswith(ns.GRAPH_BASE + "ontology/"):
            ontology.append(graph)
        elif name != ns.INFERRED and len(graph):
            data.append(graph)
    return ontology, data
