"""The RDF Data Cube's own well-formedness test (section 11, IC-1 to IC-21, after the
normalisation of section 10.1) on the built graph, with and without inference, on both
engines; and on a small cube broken one constraint at a time, so that no constraint
passes for want of anything to find."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph
import pytest
from rdflib import Graph

import jcgraph
from jcgraph.pipeline import datacube
from jcgraph.pipeline.load import union

ENGINES = ("oxigraph", "rdflib")


def broken(turtle_or_graph: str | Graph, engine: str) -> list[str]:
    """The names of the constraints the graph breaks, checked on a copy in ``engine``."""
    if isinstance(turtle_or_graph, str):
        graph = Graph().parse(data=PREFIXES + turtle_or_graph, format="turtle")
    else:
        graph = turtle_or_graph
    update: Callable[[str], object]
    if engine == "oxigraph":
        store = pyoxigraph.Store()
        store.bulk_load(
            graph.serialize(format="nt", encoding="utf-8"), pyoxigraph.RdfFormat.N_TRIPLES
        )
        update = store.update

        def ask(query: str) -> bool:
            return bool(store.query(query))

        def select(query: str) -> list[str]:
            return [row[0].value for row in store.query(query)]  # type: ignore[union-attr,index]

    else:
        copy = Graph()
        copy += graph
        update = copy.update

        def ask(query: str) -> bool:
            return bool(copy.query(query).askAnswer)

        def select(query: str) -> list[str]:
            return [str(row[0]) for row in copy.query(query)]  # type: ignore[index]

    return [c.name for c in datacube.broken(update, ask, select)]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("profile", ["none", "rules", "owlrl"])
def test_the_built_graph_meets_every_integrity_constraint(profile: str, engine: str) -> None:
    """Found by an outside check: IC-4 (jc:refSubject had no range) and IC-12 (the three
    GDP thresholds shared every dimension value) failed, and IC-5 with inference (the
    concept dimensions had no code list)."""
    graph = jcgraph.load(reason=profile)  # type: ignore[arg-type]
    assert broken(union(graph.dataset), engine) == []


PREFIXES = """@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
"""

CUBE = """
ex:ds a qb:DataSet ; qb:structure ex:dsd .
ex:dsd a qb:DataStructureDefinition ;
    qb:component [ qb:dimension ex:area ], [ qb:dimension ex:year ], [ qb:measure ex:count ],
        [ qb:attribute ex:unit ; qb:componentRequired true ] .
ex:area a qb:DimensionProperty ; rdfs:range skos:Concept ; qb:codeList ex:areas .
ex:year a qb:DimensionProperty ; rdfs:range xsd:gYear .
ex:areas a skos:ConceptScheme .
ex:north a skos:Concept ; skos:inScheme ex:areas .
ex:south a skos:Concept ; skos:inScheme ex:areas .
ex:o1 qb:dataSet ex:ds ; ex:area ex:north ; ex:year "2020"^^xsd:gYear ; ex:count 1 ;
    ex:unit ex:people .
ex:o2 qb:dataSet ex:ds ; ex:area ex:south ; ex:year "2020"^^xsd:gYear ; ex:count 2 ;
    ex:unit ex:people .
"""

# A cube whose one measure is chosen by the measure dimension qb:measureType.
BY_MEASURE_TYPE = """
ex:ds2 a qb:DataSet ; qb:structure ex:dsd2 .
ex:dsd2 a qb:DataStructureDefinition ;
    qb:component [ qb:dimension ex:area ], [ qb:dimension qb:measureType ],
        [ qb:measure ex:count ], [ qb:measure ex:total ] .
qb:measureType rdfs:range qb:MeasureProperty .
"""

SLICE = """
ex:key a qb:SliceKey ; qb:componentProperty ex:year .
ex:dsd qb:sliceKey ex:key .
ex:ds qb:slice ex:s2020 .
ex:s2020 qb:sliceStructure ex:key ; ex:year "2020"^^xsd:gYear ; qb:observation ex:o1 .
"""

BREAKS = {
    "IC-1": "ex:o3 a qb:Observation .",
    "IC-2": "ex:ds qb:structure ex:other-dsd .",
    "IC-3": "ex:bare a qb:DataStructureDefinition ; qb:component [ qb:dimension ex:area ] .",
    "IC-4": "ex:colour a qb:DimensionProperty .",
    "IC-5": "ex:colour a qb:DimensionProperty ; rdfs:range skos:Concept .",
    "IC-6": "ex:dsd qb:component [ qb:componentProperty ex:year ; qb:componentRequired false ] .",
    "IC-7": "ex:loose-key a qb:SliceKey .",
    "IC-8": SLICE + "ex:key qb:componentProperty ex:colour .",
    "IC-9": "ex:no-key a qb:Slice .",
    "IC-10": SLICE.replace('ex:year "2020"^^xsd:gYear ;', ""),
    "IC-11": "ex:o3 qb:dataSet ex:ds ; ex:area ex:north ; ex:count 3 ; ex:unit ex:people .",
    "IC-12": 'ex:o3 qb:dataSet ex:ds ; ex:area ex:north ; ex:year "2020"^^xsd:gYear ; '
    "ex:count 3 ; ex:unit ex:people .",
    "IC-13": 'ex:o3 qb:dataSet ex:ds ; ex:area ex:north ; ex:year "2021"^^xsd:gYear ; ex:count 3 .',
    "IC-14": 'ex:o3 qb:dataSet ex:ds ; ex:area ex:north ; ex:year "2021"^^xsd:gYear ; '
    "ex:unit ex:people .",
    "IC-15": BY_MEASURE_TYPE + "ex:p1 qb:dataSet ex:ds2 ; ex:area ex:north ; "
    "qb:measureType ex:total ; ex:count 1 .",
    "IC-16": BY_MEASURE_TYPE + "ex:p1 qb:dataSet ex:ds2 ; ex:area ex:north ; "
    "qb:measureType ex:count ; ex:count 1 ; ex:total 2 .",
    "IC-17": BY_MEASURE_TYPE + "ex:p1 qb:dataSet ex:ds2 ; ex:area ex:north ; "
    "qb:measureType ex:count ; ex:count 1 .",
    "IC-18": SLICE + "ex:s2020 qb:observation ex:elsewhere . ex:elsewhere qb:dataSet ex:ds9 .",
    "IC-19": 'ex:o3 qb:dataSet ex:ds ; ex:area ex:east ; ex:year "2021"^^xsd:gYear ; '
    "ex:count 3 ; ex:unit ex:people .",
    "IC-20": "ex:areas a qb:HierarchicalCodeList ; qb:hierarchyRoot ex:north ; "
    "qb:parentChildProperty skos:narrower .",
    "IC-21": "ex:areas a qb:HierarchicalCodeList ; qb:hierarchyRoot ex:north ; "
    "qb:parentChildProperty [ owl:inverseOf skos:broader ] .",
}


@pytest.mark.parametrize("engine", ENGINES)
def test_the_small_cube_is_well_formed(engine: str) -> None:
    assert broken(CUBE, engine) == []


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(BREAKS, key=lambda n: int(n[3:])))
def test_each_constraint_catches_what_breaks_it(name: str, engine: str) -> None:
    assert name in broken(CUBE + BREAKS[name], engine)


def test_every_constraint_of_the_specification_is_run() -> None:
    assert [c.name for c in datacube.CONSTRAINTS] == [f"IC-{n}" for n in range(1, 22)]
    assert set(BREAKS) == {c.name for c in datacube.CONSTRAINTS}
