"""A candidate's indicator phrase matched against an indicator scheme (ours by default:
every ``jc:Indicator`` of the shipped graph, by its Chinese labels and aliases), with a
score, so a reviewer sees the likely indicator beside the article's words."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from jcgraph.results import Result

THRESHOLD = 0.7  # below this, no match is proposed
SCHEME = """PREFIX jc: <https://w3id.org/jcgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?indicator ?name WHERE {
  ?indicator a jc:Indicator ; rdfs:label|skos:altLabel ?name .
  FILTER(LANG(?name) = "zh")
  FILTER NOT EXISTS { ?indicator a jc:CandidateIndicator }
}"""


@dataclass(frozen=True)
class Match:
    indicator: str  # the indicator's IRI
    name: str  # the label or alias that matched
    score: float  # 1.0 for the same words; less for containment or a near spelling


def names(query: Callable[[str], Result]) -> list[tuple[str, str]]:
    """(indicator IRI, Chinese label or alias) for every indicator ``query`` can see."""
    rows = query(SCHEME).rows
    return sorted((r[0].value, r[1].value) for r in rows if r[0] is not None and r[1] is not None)


def best(phrase: str, scheme: list[tuple[str, str]]) -> Match | None:
    """The indicator whose name is closest to ``phrase``, if the score reaches THRESHOLD.
    A name of four or more characters inside the phrase (or the phrase inside a name)
    scores 0.5 plus half the share of the longer one it covers; otherwise difflib's ratio."""
    if not phrase:
        return None
    found: Match | None = None
    for indicator, name in scheme:
        if name == phrase:
            score = 1.0
        elif name in phrase or phrase in name:
            shorter = min(len(name), len(phrase))
            score = shorter / max(len(name), len(phrase))
            if shorter >= 4:  # four characters in common are a name, two may be a word
                score = 0.5 + 0.5 * score
        else:
            score = SequenceMatcher(None, phrase, name).ratio()
        if score >= THRESHOLD and (found is None or score > found.score):
            found = Match(indicator, name, round(score, 3))
    return found
