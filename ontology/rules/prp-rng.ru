# prp-rng: the IRI or blank-node object of a property is in its range.
#+ stratum: types
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT { ?y a ?class } WHERE {
  { SELECT DISTINCT ?y ?class WHERE {
      ?p rdfs:range ?class . ?x ?p ?y . FILTER(!isLiteral(?y))
  } }
  FILTER NOT EXISTS { ?y a ?class }
}
