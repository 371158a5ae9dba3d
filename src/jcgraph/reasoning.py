"""Reasoning: the RDFS or OWL 2 RL closure by owlrl, kept apart from what was asserted.

owlrl also writes triples that no one wants to query (literal subjects, the built-in
vocabularies describing themselves, ``x owl:sameAs x``); they are dropped, and what is
left goes into its own named graph so users can tell asserted from inferred.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal as TypingLiteral

from rdflib import OWL, RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, URIRef

from .loading import GRAPH_BASE, union

INFERRED = URIRef(GRAPH_BASE + "inferred")
Profile = TypingLiteral["none", "rdfs", "owlrl"]
PROFILES: tuple[Profile, ...] = ("none", "rdfs", "owlrl")

_BUILT_IN = tuple(str(ns) for ns in (RDF, RDFS, OWL, XSD))
_TRIVIAL_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class}


@dataclass(frozen=True)
class Reasoning:
    """What a reasoning step added."""

    profile: Profile
    inferred: int
    seconds: float


def _wanted(s: object, p: object, o: object) -> bool:
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
    return not (p == RDF.type and o in _TRIVIAL_TYPES)


def closure(asserted: Graph, profile: Profile) -> Graph:
    """The triples ``profile`` infers from ``asserted``, without noise or what was asserted."""
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
    started = time.perf_counter()
    target = dataset.graph(INFERRED)
    target.remove((None, None, None))
    asserted = union(dataset)
    inferred = closure(asserted, profile)
    for triple in inferred:
        target.add(triple)
    return Reasoning(profile, len(inferred), time.perf_counter() - started)
