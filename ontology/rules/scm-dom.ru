# scm-dom1 and scm-dom2: a domain extends to superclasses and to subproperties.
#+ stratum: schema
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT { ?p rdfs:domain ?d } WHERE {
  { ?p rdfs:domain ?c . ?c rdfs:subClassOf ?d . }
  UNION
  { ?p rdfs:subPropertyOf ?q . ?q rdfs:domain ?d . }
}
