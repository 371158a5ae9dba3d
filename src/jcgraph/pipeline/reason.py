"""Reasoning: the RDFS or OWL 2 RL closure by owlrl, kept apart from what was asserted.

owlrl also writes triples that no one wants to query (literal subjects, the built-in
vocabularies describing themselves, ``x owl:sameAs x``, types that are anonymous class
expressions); they are dropped, and what is
left goes into its own named graph so users can tell asserted from inferred.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Literal as TypingLiteral

from jcgraph import namespaces as ns
from jcgraph.namespaces import INFERRED

if TYPE_CHECKING:
    from pathlib import Path

    from rdflib import Dataset, Graph

Profile = TypingLiteral["none", "rdfs", "owlrl", "rules"]
PROFILES: tuple[Profile, ...] = ("none", "rdfs", "owlrl", "rules")
# The OWL 2 RL closure as SPARQL rules in Oxigraph: the same triples as owlrl on our graph
# (tests/test_reasoning.py), in a fraction of the time, and it scales.
DEFAULT_PROFILE: Profile = "rules"

_BUILT_IN = (ns.RDF, ns.RDFS, ns.OWL, ns.XSD)


@dataclass(frozen=True)
class Reasoning:
    """What a reasoning step added."""

    profile: Profile
    inferred: int
    seconds: float


def _wanted(s: object, p: object, o: object) -> bool:
    from rdflib import OWL, RDF, RDFS, BNode, Literal, URIRef

    # Blank nodes here are anonymous class expressions (the kind restrictions): typing a
    # figure with one says nothing a query wants, and their labels differ between engines.
    if isinstance(s, (Literal, BNode)) or isinstance(p, BNode) or isinstance(o, BNode):
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
    if p in (RDFS.subClassOf, RDFS.domain, RDFS.range) and o in (OWL.Thing, RDFS.Resource):
        return False
    return not (p == RDF.type and o in trivial)


def closure(asserted: Graph, profile: Profile) -> Graph:
    """The triples ``profile`` infers from ``asserted``, without noise or what was asserted."""
    from rdflib import Graph

    inferred = Graph()
    if profile == "none":
        return inferred
    if profile == "rules":
        for triple in Graph().parse(data=rules_closure(asserted), format="nt"):
            if _wanted(*triple):
                inferred.add(triple)
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


def reason(dataset: Dataset, profile: Profile = DEFAULT_PROFILE) -> Reasoning:
    """Add the inferred triples to ``dataset`` as the named graph ``INFERRED``.

    >>> from jcgraph.pipeline.load import load
    >>> ds = load()
    >>> reason(ds, "rdfs").inferred > 0
    True
    """
    from rdflib import URIRef

    from jcgraph.pipeline.load import union

    started = time.perf_counter()
    target = dataset.graph(URIRef(INFERRED))
    target.remove((None, None, None))
    asserted = union(dataset)
    inferred = closure(asserted, profile)
    for triple in inferred:
        target.add(triple)
    return Reasoning(profile, len(inferred), time.perf_counter() - started)


def rules_closure(asserted: Graph, rules: Path | None = None) -> bytes:
    """Run the SPARQL rules of ``ontology/rules/`` in Oxigraph (see :mod:`jcgraph.pipeline.rules`).

    Returns the triples the rules added, as N-Triples. This is the path that scales:
    Oxigraph evaluates each rule as one join, where owlrl compares triples pairwise in
    Python. Oxigraph writes literals in canonical form ("610.0" becomes "610"), so what
    is new is found by comparing two of its own dumps, never with rdflib's spelling.
    """
    import pyoxigraph

    from jcgraph.paths import layout
    from jcgraph.pipeline.rules import load_rules, materialise

    nt = pyoxigraph.RdfFormat.N_TRIPLES
    store = pyoxigraph.Store()
    store.bulk_load(asserted.serialize(format="nt", encoding="utf-8"), format=nt)
    before = store.dump(format=nt, from_graph=pyoxigraph.DefaultGraph())
    materialise(store, load_rules(rules or layout().rules))
    after = store.dump(format=nt, from_graph=pyoxigraph.DefaultGraph())
    assert isinstance(before, bytes) and isinstance(after, bytes)
    new = set(after.splitlines()) - set(before.splitlines())
    return b"".join(line + b"\n" for line in sorted(new))
