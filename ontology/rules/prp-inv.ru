# prp-inv1 and prp-inv2: inverse properties hold both ways.
#+ stratum: properties
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { ?y ?q ?x } WHERE {
  { SELECT DISTINCT ?x ?q ?y WHERE {
      { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p }
      ?x ?p ?y . FILTER(!isLiteral(?y))
  } }
  FILTER NOT EXISTS { ?y ?q ?x }
}
