# prp-spo2 for the one chain the ontology declares:
# jc:received ≡ (inverse of jc:recipient) then jc:honour.
#+ stratum: properties
PREFIX jc: <https://w3id.org/jcgraph/ontology#>
INSERT { ?who jc:received ?honour } WHERE {
  { SELECT DISTINCT ?who ?honour WHERE {
      ?r jc:recipient ?who ; jc:honour ?honour .
  } }
  FILTER NOT EXISTS { ?who jc:received ?honour }
}
