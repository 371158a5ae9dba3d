"""A candidate's subject matched against the entities of a graph (ours by default) by
their Chinese labels and aliases, so a place or organisation that the graph already
knows is written as that entity (its IRI, types and labels) instead of a new candidate.

Only exact names match: 金昌市 or 金昌 is our Jinchang; 金昌市委 is not."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rdflib import Graph

if TYPE_CHECKING:
    from collections.abc import Callable

    from jcgraph.results import Result

RELATIVE = re.compile(r"全[省市县区州盟国]|本[省市县区]|我[省市县区国]")
# The classes whose members a figure can be about (jcsh:EntityShape), not candidates.
ENTITIES = """PREFIX jc: <https://w3id.org/jcgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?entity ?name WHERE {
  VALUES ?class { jc:Place jc:Organisation jc:Industry jc:IndustrialSystem jc:Initiative
                  jc:Project jc:Infrastructure }
  ?entity a/rdfs:subClassOf* ?class ; rdfs:label|skos:altLabel ?name .
  FILTER(LANG(?name) = "zh")
  FILTER NOT EXISTS { ?entity a jc:Candidate }
}"""
# What the output copies of a matched entity: enough for it to stand on its own.
DESCRIBE = """PREFIX jc: <https://w3id.org/jcgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?entity a ?class ; rdfs:label ?label } WHERE {
  VALUES ?entity { %s }
  ?entity a ?class ; rdfs:label ?label .
}"""


def names(query: Callable[[str], Result]) -> dict[str, str]:
    """Chinese name -> entity IRI, for the names that only one entity has."""
    owners: dict[str, set[str]] = {}
    for entity, name in query(ENTITIES).rows:
        # 全省 is an alias of our province only in our article: in another it is another's
        if entity is not None and name is not None and not RELATIVE.fullmatch(name.value):
            owners.setdefault(name.value, set()).add(entity.value)
    return {name: next(iter(iris)) for name, iris in owners.items() if len(iris) == 1}


def described(query: Callable[[str], Result], iris: set[str]) -> Graph:
    """The types and labels of ``iris`` (an empty graph when there are none)."""
    from jcgraph.results import to_rdflib

    found = Graph()
    if iris:
        for s, p, o in query(DESCRIBE % " ".join(f"<{iri}>" for iri in sorted(iris))).rows:
            if s is not None and p is not None and o is not None:
                found.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    return found
