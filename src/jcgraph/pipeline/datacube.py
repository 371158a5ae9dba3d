"""The RDF Data Cube's own well-formedness test (W3C Recommendation, section 11): the
normalisation of section 10.1, then the integrity constraints IC-1 to IC-21, each an ASK
query that is true when the constraint is broken.

The queries follow the specification's text; the tests run them on the built graph with
both engines, with and without inference. Normalisation writes: give it a copy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""

# Section 10.1: phase 1 makes implied types and component properties explicit, phase 2
# pushes values attached to a data set or slice down to its observations.
NORMALISE = [
    # phase 1: type and property closure
    """INSERT { ?o rdf:type qb:Observation } WHERE { [] qb:observation ?o }""",
    """INSERT { ?o rdf:type qb:Observation } WHERE { ?o qb:dataSet [] }""",
    """INSERT { ?s rdf:type qb:Slice } WHERE { [] qb:slice ?s }""",
    """INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:DimensionProperty }
       WHERE { ?cs qb:dimension ?p }""",
    """INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:MeasureProperty }
       WHERE { ?cs qb:measure ?p }""",
    """INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:AttributeProperty }
       WHERE { ?cs qb:attribute ?p }""",
    # phase 2: push down attachment levels
    """INSERT { ?obs ?comp ?value } WHERE {
         ?spec qb:componentProperty ?comp ; qb:componentAttachment qb:DataSet .
         ?dataset qb:structure [ qb:component ?spec ] ; ?comp ?value .
         ?obs qb:dataSet ?dataset .
       }""",
    """INSERT { ?obs ?comp ?value } WHERE {
         ?spec qb:componentProperty ?comp ; qb:componentAttachment qb:Slice .
         ?dataset qb:structure [ qb:component ?spec ] ; qb:slice ?slice .
         ?slice ?comp ?value ; qb:observation ?obs .
       }""",
    """INSERT { ?obs ?comp ?value } WHERE {
         ?spec qb:componentProperty ?comp .
         ?comp a qb:DimensionProperty .
         ?dataset qb:structure [ qb:component ?spec ] ; qb:slice ?slice .
         ?slice ?comp ?value ; qb:observation ?obs .
       }""",
]


@dataclass(frozen=True)
class Constraint:
    """One integrity constraint: its number, the specification's title, and the ASK
    query that answers true when the graph breaks it."""

    name: str
    title: str
    ask: str
    instances: str = ""  # a template's SELECT of the IRIs that replace $p


CONSTRAINTS = [
    Constraint(
        "IC-1",
        "Unique DataSet",
        """ASK {
      { ?obs a qb:Observation . FILTER NOT EXISTS { ?obs qb:dataSet ?any } }
      UNION
      { ?obs a qb:Observation ; qb:dataSet ?one, ?two . FILTER (?one != ?two) }
    }""",
    ),
    Constraint(
        "IC-2",
        "Unique DSD",
        """ASK {
      { ?dataset a qb:DataSet . FILTER NOT EXISTS { ?dataset qb:structure ?any } }
      UNION
      { ?dataset a qb:DataSet ; qb:structure ?one, ?two . FILTER (?one != ?two) }
    }""",
    ),
    Constraint(
        "IC-3",
        "DSD includes measure",
        """ASK {
      ?dsd a qb:DataStructureDefinition .
      FILTER NOT EXISTS { ?dsd qb:component [ qb:componentProperty [ a qb:MeasureProperty ] ] }
    }""",
    ),
    Constraint(
        "IC-4",
        "Dimensions have range",
        """ASK {
      ?dim a qb:DimensionProperty .
      FILTER NOT EXISTS { ?dim rdfs:range [] }
    }""",
    ),
    Constraint(
        "IC-5",
        "Concept dimensions have code lists",
        """ASK {
      ?dim a qb:DimensionProperty ; rdfs:range skos:Concept .
      FILTER NOT EXISTS { ?dim qb:codeList [] }
    }""",
    ),
    Constraint(
        "IC-6",
        "Only attributes may be optional",
        """ASK {
      ?dsd qb:component ?spec .
      ?spec qb:componentRequired "false"^^xsd:boolean ; qb:componentProperty ?component .
      FILTER NOT EXISTS { ?component a qb:AttributeProperty }
    }""",
    ),
    Constraint(
        "IC-7",
        "Slice Keys must be declared",
        """ASK {
      ?key a qb:SliceKey .
      FILTER NOT EXISTS { [ a qb:DataStructureDefinition ] qb:sliceKey ?key }
    }""",
    ),
    Constraint(
        "IC-8",
        "Slice Keys consistent with DSD",
        """ASK {
      ?key a qb:SliceKey ; qb:componentProperty ?prop .
      ?dsd qb:sliceKey ?key .
      FILTER NOT EXISTS { ?dsd qb:component [ qb:componentProperty ?prop ] }
    }""",
    ),
    Constraint(
        "IC-9",
        "Unique slice structure",
        """ASK {
      { ?slice a qb:Slice . FILTER NOT EXISTS { ?slice qb:sliceStructure ?any } }
      UNION
      { ?slice a qb:Slice ; qb:sliceStructure ?one, ?two . FILTER (?one != ?two) }
    }""",
    ),
    Constraint(
        "IC-10",
        "Slice dimensions complete",
        """ASK {
      ?slice qb:sliceStructure [ qb:componentProperty ?dim ] .
      FILTER NOT EXISTS { ?slice ?dim [] }
    }""",
    ),
    Constraint(
        "IC-11",
        "All dimensions required",
        """ASK {
      ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
      ?dim a qb:DimensionProperty .
      FILTER NOT EXISTS { ?obs ?dim [] }
    }""",
    ),
    # As written in the specification: two observations of one data set whose values are
    # equal on every dimension of its structure.
    Constraint(
        "IC-12",
        "No duplicate observations",
        """ASK {
      FILTER (?allEqual)
      {
        SELECT (MIN(?equal) AS ?allEqual) WHERE {
          ?obs1 qb:dataSet ?dataset .
          ?obs2 qb:dataSet ?dataset .
          FILTER (?obs1 != ?obs2)
          ?dataset qb:structure/qb:component/qb:componentProperty ?dim .
          ?dim a qb:DimensionProperty .
          ?obs1 ?dim ?value1 .
          ?obs2 ?dim ?value2 .
          BIND (?value1 = ?value2 AS ?equal)
        } GROUP BY ?obs1 ?obs2
      }
    }""",
    ),
    Constraint(
        "IC-13",
        "Required attributes",
        """ASK {
      ?obs qb:dataSet/qb:structure/qb:component ?spec .
      ?spec qb:componentRequired "true"^^xsd:boolean ; qb:componentProperty ?attr .
      FILTER NOT EXISTS { ?obs ?attr [] }
    }""",
    ),
    Constraint(
        "IC-14",
        "All measures present",
        """ASK {
      ?obs qb:dataSet/qb:structure ?dsd .
      FILTER NOT EXISTS { ?dsd qb:component/qb:componentProperty qb:measureType }
      ?dsd qb:component/qb:componentProperty ?measure .
      ?measure a qb:MeasureProperty .
      FILTER NOT EXISTS { ?obs ?measure [] }
    }""",
    ),
    Constraint(
        "IC-15",
        "Measure dimension consistent",
        """ASK {
      ?obs qb:dataSet/qb:structure ?dsd ; qb:measureType ?measure .
      ?dsd qb:component/qb:componentProperty qb:measureType .
      FILTER NOT EXISTS { ?obs ?measure [] }
    }""",
    ),
    Constraint(
        "IC-16",
        "Single measure on measure dimension observation",
        """ASK {
      ?obs qb:dataSet/qb:structure ?dsd ; qb:measureType ?measure ; ?other ?value .
      ?dsd qb:component/qb:componentProperty qb:measureType .
      ?dsd qb:component/qb:componentProperty ?other .
      ?other a qb:MeasureProperty .
      FILTER (?other != ?measure)
    }""",
    ),
    Constraint(
        "IC-17",
        "All measures present in measures dimension cube",
        """ASK {
      {
        SELECT ?numMeasures (COUNT(?obs2) AS ?count) WHERE {
          {
            SELECT ?dsd (COUNT(?m) AS ?numMeasures) WHERE {
              ?dsd qb:component/qb:componentProperty ?m .
              ?m a qb:MeasureProperty .
            } GROUP BY ?dsd
          }
          ?obs1 qb:dataSet/qb:structure ?dsd ; qb:dataSet ?dataset ; qb:measureType ?m1 .
          ?obs2 qb:dataSet ?dataset ; qb:measureType ?m2 .
          FILTER NOT EXISTS {
            ?dsd qb:component/qb:componentProperty ?dim .
            FILTER (?dim != qb:measureType)
            ?dim a qb:DimensionProperty .
            ?obs1 ?dim ?v1 .
            ?obs2 ?dim ?v2 .
            FILTER (?v1 != ?v2)
          }
        } GROUP BY ?obs1 ?numMeasures
        HAVING (COUNT(?obs2) != ?numMeasures)
      }
    }""",
    ),
    Constraint(
        "IC-18",
        "Consistent data set links",
        """ASK {
      ?dataset qb:slice ?slice .
      ?slice qb:observation ?obs .
      FILTER NOT EXISTS { ?obs qb:dataSet ?dataset }
    }""",
    ),
    # IC-19 in its two forms: a code list that is a concept scheme, or a collection.
    Constraint(
        "IC-19",
        "Codes from code list",
        """ASK {
      {
        ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
        ?dim a qb:DimensionProperty ; qb:codeList ?list .
        ?list a skos:ConceptScheme .
        ?obs ?dim ?v .
        FILTER NOT EXISTS { ?v a skos:Concept ; skos:inScheme ?list }
      } UNION {
        ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
        ?dim a qb:DimensionProperty ; qb:codeList ?list .
        ?list a skos:Collection .
        ?obs ?dim ?v .
        FILTER NOT EXISTS { ?v a skos:Concept . ?list skos:member+ ?v }
      }
    }""",
    ),
    # IC-20 and IC-21 are templates: instantiated once for each parent-child property
    # (IC-21: each one given as the inverse of a property), found by ``instances``.
    Constraint(
        "IC-20",
        "Codes from hierarchy",
        """ASK {
      ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
      ?dim a qb:DimensionProperty ; qb:codeList ?list .
      ?list a qb:HierarchicalCodeList .
      ?obs ?dim ?v .
      FILTER NOT EXISTS { ?list qb:hierarchyRoot/<$p>* ?v }
    }""",
        """SELECT DISTINCT ?p WHERE {
      ?hierarchy a qb:HierarchicalCodeList ; qb:parentChildProperty ?p .
      FILTER (isIRI(?p))
    }""",
    ),
    Constraint(
        "IC-21",
        "Codes from hierarchy (inverse)",
        """ASK {
      ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
      ?dim a qb:DimensionProperty ; qb:codeList ?list .
      ?list a qb:HierarchicalCodeList .
      ?obs ?dim ?v .
      FILTER NOT EXISTS { ?list qb:hierarchyRoot/(^<$p>)* ?v }
    }""",
        """SELECT DISTINCT ?p WHERE {
      ?hierarchy a qb:HierarchicalCodeList ; qb:parentChildProperty ?inverse .
      FILTER (isBlank(?inverse))
      ?inverse owl:inverseOf ?p .
      FILTER (isIRI(?p))
    }""",
    ),
]


def broken(
    update: Callable[[str], object],
    ask: Callable[[str], bool],
    select: Callable[[str], list[str]],
) -> list[Constraint]:
    """Normalise the graph behind ``update`` (which it changes), then return each
    constraint whose ASK query (``ask``) answers true; ``select`` gives the values of a
    SELECT query's one variable, to instantiate the templates."""
    for step in NORMALISE:
        update(PREFIXES + step)
    found = []
    for constraint in CONSTRAINTS:
        if constraint.instances:
            texts = [
                constraint.ask.replace("$p", p) for p in select(PREFIXES + constraint.instances)
            ]
        else:
            texts = [constraint.ask]
        if any(ask(PREFIXES + text) for text in texts):
            found.append(constraint)
    return found
