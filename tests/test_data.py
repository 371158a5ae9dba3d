"""The data against the article: quotes at their offsets, values in their quotes,
labels and types everywhere, nothing of the article's numbers missed."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from article_numbers import find_numbers, read_exclusions, uncovered
from rdflib import RDF, RDFS, Literal, Namespace, URIRef

from jcgraph.paths import layout, source_article

JC = Namespace("https://w3id.org/jcgraph/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
ID = "https://w3id.org/jcgraph/id/"
COVERAGE = Path(__file__).parent / "coverage"
# Vocabularies whose terms the data uses as they are, without redeclaring them.
REUSED = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/linked-data/cube#",
    "http://www.w3.org/ns/oa#",
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/ns/prov#",
    "http://purl.org/dc/terms/",
)
CHINESE_DIGITS = "零一二三四五六七八九"


def selectors(graph):
    """(evidence, quote, start, end) for every evidence node."""
    for ev in set(graph.subjects(RDF.type, JC.Evidence)):
        quote = start = end = None
        for sel in graph.objects(ev, OA.hasSelector):
            quote = graph.value(sel, OA.exact) or quote
            start = graph.value(sel, OA.start) or start
            end = graph.value(sel, OA.end) or end
        yield ev, quote, start, end


def test_source_record_matches_the_file(asserted, source_text):
    path = source_article()
    assert path is not None
    article = URIRef(ID + "source/jinchang-review")
    data = asserted.dataset
    assert str(data.value(article, JC.sha256)) == hashlib.sha256(path.read_bytes()).hexdigest()
    assert int(data.value(article, JC.characterCount)) == len(source_text)


def test_every_quote_sits_at_its_offsets(asserted, source_text):
    checked = 0
    for ev, quote, start, end in selectors(asserted.dataset):
        assert quote is not None and start is not None and end is not None, ev
        assert source_text[int(start) : int(end)] == str(quote), ev
        assert len(str(quote)) <= 60, f"{ev}: quote longer than a clause"
        checked += 1
    assert checked > 100


def chinese(n: int) -> set[str]:
    """Ways the article writes a small whole number in Chinese numerals."""
    if n < 10:
        forms = {CHINESE_DIGITS[n]}
    elif n < 100:
        tens, ones = divmod(n, 10)
        forms = {
            ("" if tens == 1 else CHINESE_DIGITS[tens])
            + "十"
            + (CHINESE_DIGITS[ones] if ones else "")
        }
    else:
        return set()
    if n == 1:
        forms |= {"首", "榜首"}
    if n == 2:
        forms |= {"两", "翻番"}
    return forms


def written_forms(value: Decimal) -> set[str]:
    """How a value may appear in the article: 359.0 as 359, −35.0 as 35, 3 as 三."""
    magnitude = abs(value)
    text = format(magnitude.normalize(), "f")
    forms = {text, format(magnitude, "f")}
    if magnitude == magnitude.to_integral_value():
        whole = int(magnitude)
        forms |= chinese(whole)
        for size, word in ((1000, "千"), (100, "百")):
            if whole % size == 0 and whole // size < 10:
                forms |= {d + word for d in chinese(whole // size)} | (
                    {word} if whole == size else set()
                )
    return forms


def test_every_value_appears_in_a_quote(asserted):
    data = asserted.dataset
    problems = []
    observations = set(data.subjects(RDF.type, JC.StatedObservation))
    assert len(observations) > 40
    for obs in observations:
        value = data.value(obs, JC.value)
        assert isinstance(value, Literal), obs
        quotes = [
            str(q)
            for ev in data.objects(obs, JC.evidence)
            for sel in data.objects(ev, OA.hasSelector)
            for q in data.objects(sel, OA.exact)
        ]
        forms = written_forms(Decimal(str(value)))
        if not any(form in quote for form in forms for quote in quotes):
            problems.append(f"{obs}: {value} not in {quotes}")
    assert not problems, "\n".join(problems)


def test_every_entity_has_a_type_and_both_labels(asserted):
    data = asserted.dataset
    ontology_classes = set()
    for path in layout().ontology.glob("*.ttl"):
        graph = data.graph(URIRef("https://w3id.org/jcgraph/graph/ontology/" + path.stem))
        ontology_classes |= set(
            graph.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"))
        )
    problems = []
    subjects = {s for s in data.subjects() if isinstance(s, URIRef) and str(s).startswith(ID)}
    # Nodes that qualify a statement are described by it; they need no labels of their own.
    qualifying = {
        JC.Evidence,
        JC.StatedObservation,
        JC.DerivedObservation,
        JC.Recognition,
        JC.StandingClaim,
        JC.Membership,
        OA.TextQuoteSelector,
        OA.TextPositionSelector,
    }
    for s in subjects:
        if set(data.objects(s, RDF.type)) & qualifying:
            continue
        langs = sorted(label.language for label in data.objects(s, RDFS.label))
        if langs != ["en", "zh"]:
            problems.append(f"{s}: labels {langs}")
        types = set(data.objects(s, RDF.type))
        if not types:
            problems.append(f"{s}: no type")
    assert not problems, "\n".join(sorted(problems))
    assert len(ontology_classes) > 40


# Public records that an outside code may be checked against (a commit is named in each link).
CODE_RECORDS = (
    "https://github.com/modood/Administrative-divisions-of-China/blob/",
    "https://github.com/dr5hn/countries-states-cities-database/blob/",
)


def test_every_outside_code_names_the_record_that_confirms_it(asserted):
    """A division or country code comes from outside the article: each entity that has one
    names, as rdfs:seeAlso, a line of a published record at a fixed commit."""
    data = asserted.dataset
    problems = []
    coded = 0
    for prop in (JC.divisionCode, JC.countryCode):
        for entity, code in data.subject_objects(prop):
            coded += 1
            records = [
                str(r)
                for r in data.objects(entity, RDFS.seeAlso)
                if str(r).startswith(CODE_RECORDS)
            ]
            pinned = [
                r
                for r in records
                if len(r.split("/blob/", 1)[1].split("/", 1)[0]) == 40 and "#L" in r
            ]
            if len(pinned) != 1:
                problems.append(f"{entity} {code}: records {records}")
    assert coded >= 6
    assert not problems, "\n".join(problems)


def test_every_term_used_is_declared(asserted):
    data = asserted.dataset
    declared = set()
    for path in layout().ontology.glob("*.ttl"):
        graph = data.graph(URIRef("https://w3id.org/jcgraph/graph/ontology/" + path.stem))
        declared |= set(graph.subjects(RDF.type, None))
    problems = set()
    for path in layout().data.glob("*.ttl"):
        graph = data.graph(URIRef("https://w3id.org/jcgraph/graph/data/" + path.stem))
        terms = set(graph.predicates()) | set(graph.objects(None, RDF.type))
        for term in terms:
            if str(term).startswith(REUSED):
                continue
            if term not in declared:
                problems.add(f"{path.name}: {term}")
    assert not problems, "\n".join(sorted(problems))


def test_nothing_in_the_article_is_missed(asserted, source_text):
    """Every number of the article is covered by a quote or excluded with a reason."""
    spans = [
        (int(start), int(end))
        for _, _, start, end in selectors(asserted.dataset)
        if start is not None and end is not None
    ]
    numbers = find_numbers(source_text)
    exclusions = read_exclusions(COVERAGE)
    missing = uncovered(numbers, spans, exclusions)
    assert not missing, "\n".join(
        f"{n.start}\t{n.text}\t{source_text[n.start - 10 : n.end + 10]!r}" for n in missing
    )
    found = {(n.start, n.text) for n in numbers}
    stale = [e for e in exclusions if (e.start, e.text) not in found]
    assert not stale, f"exclusions that name no number of the article: {stale}"
    assert all(e.reason.strip() for e in exclusions)
    assert len(numbers) > 250


@pytest.mark.parametrize(
    ("value", "form"),
    [("359.0", "359"), ("-35.0", "35"), ("3", "三"), ("15", "十五"), ("1", "首"), ("1000", "千")],
)
def test_written_forms(value, form):
    assert form in written_forms(Decimal(value))
