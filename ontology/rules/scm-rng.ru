# scm-rng1 and scm-rng2: a range extends to superclasses and to subproperties.
#+ stratum: schema
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT { ?p rdfs:range ?r } WHERE {
  { ?p rdfs:range ?c . ?c rdfs:subClassOf ?r . }
  UNION
  { ?p rdfs:subPropertyOf ?q . ?q rdfs:range ?r . }
}
