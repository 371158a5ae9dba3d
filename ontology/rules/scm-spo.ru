# scm-spo: rdfs:subPropertyOf is transitive.
#+ stratum: schema
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT { ?a rdfs:subPropertyOf ?c } WHERE { ?a rdfs:subPropertyOf ?b . ?b rdfs:subPropertyOf ?c . FILTER(?a != ?c) }
