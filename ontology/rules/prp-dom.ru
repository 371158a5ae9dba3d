# prp-dom: the subject of a property is in its domain.
#+ stratum: types
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT { ?x a ?class } WHERE {
  { SELECT DISTINCT ?x ?class WHERE {
      ?p rdfs:domain ?class . ?x ?p ?y .
  } }
  FILTER NOT EXISTS { ?x a ?class }
}
