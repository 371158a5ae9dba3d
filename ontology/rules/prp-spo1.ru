# prp-spo1: a statement with a subproperty holds for its superproperty.
#+ stratum: properties
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT { ?x ?super ?y } WHERE {
  { SELECT DISTINCT ?x ?super ?y WHERE {
      ?sub rdfs:subPropertyOf ?super . ?x ?sub ?y . FILTER(?sub != ?super)
  } }
  FILTER NOT EXISTS { ?x ?super ?y }
}
