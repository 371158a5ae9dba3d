"""Reasoning: the RDFS or OWL 2 RL closure by owlrl, kept apart from what was asserted.

owlrl also writes triples that no one wants to query (literal subjects, the built-in
vocabularies describing themselves, ``x owl:sameAs x``); they are dropped, and what is
left goes into its own named graph so users can tell asserted from inferred.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal as TypingLiteral

from typing import TYPE_CHECKING

from .paths import GRAPH_BASE

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

INFERRED = GRAPH_BASE + "inferred"
Profile = TypingLiteral["none", "rdfs", "owlrl"]
PROFILES: tuple[Profile, ...] = ("none", "rdfs", "owlrl")

_BUILT_IN = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/2001/XMLSchema#",
)


@dataclass(frozen=True)
class Reasoning:
    """What a reasoning step added."""

    profile: Profile
    inferred: int
    seconds: float


def _wanted(s: object, p: object, o: object) -> bool:
    from rdflib import OWL, RDF, RDFS, BNode, Literal, URIRef

    if isinstance(s, Literal) or isinstance(p, BNode):
        return False
    if isinstance(s, URIRef) and str(s).startswith(_BUILT_IN):
        return False
    if s == o and p in (
        OWL.sameAs,
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        OWL.equivalentClass,
        OWL.equivalentProperty,
    ):
        return False
    trivial = (OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class)
    return not (p == RDF.type and o in trivial)


def closure(asserted: Graph, profile: Profile) -> Graph:
    """The triples ``profile`` infers from ``asserted``, without noise or what was asserted."""
    from rdflib import Graph

    inferred = Graph()
    if profile == "none":
        return inferred
    import owlrl  # heavy: imported only when reasoning

    semantics = owlrl.OWLRL_Semantics if profile == "owlrl" else owlrl.RDFS_Semantics
    expanded = Graph()
    expanded += asserted
    owlrl.DeductiveClosure(semantics, axiomatic_triples=False, datatype_axioms=False).expand(
        expanded
    )
    for triple in expanded:
        if triple not in asserted and _wanted(*triple):
            inferred.add(triple)
    return inferred


def reason(dataset: Dataset, profile: Profile = "owlrl") -> Reasoning:
    """Add the inferred triples to ``dataset`` as the named graph ``INFERRED``.

    >>> from jcgraph.loading import load
    >>> ds = load()
    >>> reason(ds, "rdfs").inferred > 0
    True
    """
    from rdflib import URIRef

    from .loading import union

    started = time.perf_counter()
    target = dataset.graph(URIRef(INFERRED))
    target.remove((None, None, None))
    asserted = union(dataset)
    inferred = closure(asserted, profile)
    for triple in inferred:
        target.add(triple)
    return Reasoning(profile, len(inferred), time.perf_counter() - started)
