# prp-symp: symmetric properties hold both ways.
#+ stratum: properties
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { ?y ?p ?x } WHERE {
  { SELECT DISTINCT ?x ?p ?y WHERE {
      ?p a owl:SymmetricProperty . ?x ?p ?y . FILTER(!isLiteral(?y))
  } }
  FILTER NOT EXISTS { ?y ?p ?x }
}
