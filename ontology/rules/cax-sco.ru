# cax-sco: an instance of a class is an instance of its superclasses.
#+ stratum: supertypes
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT { ?x a ?super } WHERE {
  { SELECT DISTINCT ?x ?super WHERE {
      ?sub rdfs:subClassOf ?super . ?x a ?sub .
  } }
  FILTER NOT EXISTS { ?x a ?super }
}
