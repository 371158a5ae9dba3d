# scm-sco: rdfs:subClassOf is transitive.
#+ stratum: schema
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT { ?a rdfs:subClassOf ?c } WHERE { ?a rdfs:subClassOf ?b . ?b rdfs:subClassOf ?c . FILTER(?a != ?c) }
