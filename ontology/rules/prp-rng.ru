# prp-rng: the IRI or blank-node object of a property is in its range.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT { ?y a ?class } WHERE { ?p rdfs:range ?class . ?x ?p ?y . FILTER(!isLiteral(?y)) }
