# cls-hv2 (with cax-eqc1): a node with the value that a restriction names is an instance of
# the class defined as equivalent to that restriction (jc:RankObservation for kind:rank).
#+ stratum: types
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { ?x a ?class } WHERE {
  { SELECT DISTINCT ?x ?class WHERE {
      ?class owl:equivalentClass ?r . ?r owl:onProperty ?p ; owl:hasValue ?v .
      ?x ?p ?v .
  } }
  FILTER NOT EXISTS { ?x a ?class }
}
