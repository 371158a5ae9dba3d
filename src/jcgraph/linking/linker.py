"""The linker: our entities against an external graph, by identifier first and label second.

Candidates come from exact look-ups, batched with VALUES: our identifier values (division
code, country code, road number) against the profile's identifier properties, and the
spellings of each of our labels (traditional characters, full-width forms, legal-form
suffixes, 市/区/县 dropped or added) against its label and alias properties. Each candidate
is then scored:

1. identifiers: a shared unique identifier decides (semapv:BackgroundKnowledgeBasedMatching);
   a shared road number only counts where location agrees;
2. labels: normalised keys (``normalise.keys``) compared in zh and en, aliases included
   (semapv:LexicalMatching);
3. type: the candidate's instance-of, followed up subclass-of, reaches a class the profile
   lists for ours (or none is listed);
4. location: the candidate's located-in closure reaches an external item already linked,
   by a unique identifier, to one of our places; the nearer that place is to our entity,
   the better, so a 双湾镇 in Jinchuan District outranks a 双湾镇 elsewhere.

Two candidates that score within ``MARGIN`` of each other are ambiguous: both are reported
and neither is linked. Links use skos:exactMatch or skos:closeMatch, never owl:sameAs.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from jcgraph.linking.normalise import as_written, expansions, identifier_key, keys, spellings
from jcgraph.linking.profiles import IdentifierPair, Profile, load_profile
from jcgraph.linking.sources import DEFAULT_TIMEOUT, Source, open_source
from jcgraph.namespaces import ID_BASE, JC, RDFS_LABEL, compact
from jcgraph.namespaces import SKOS_ALT_LABEL as SKOS_ALT
from jcgraph.pipeline import params
from jcgraph.progress import bar
from jcgraph.results import Term

EXACT, CLOSE = "skos:exactMatch", "skos:closeMatch"
BY_IDENTIFIER = "semapv:BackgroundKnowledgeBasedMatching"
BY_LABEL = "semapv:LexicalMatching"
BY_BOTH = "semapv:CompositeMatching"
MARGIN = 0.05
LOCATION_BONUS = (0.2, 0.1)  # the candidate lies in our nearest linked place; in the next one

QueryFunction = Callable[[str], list[dict[str, Term]]]


@dataclass
class Subject:
    """One of our entities, as the linker sees it."""

    iri: str
    supers: set[str]
    labels: list[tuple[str, str, bool]] = field(default_factory=list)  # text, lang, alias?
    identifiers: dict[str, list[str]] = field(default_factory=dict)
    places: list[str] = field(default_factory=list)  # nearest first
    located: bool = False  # places stated for it (else: the review's coverage)

    @property
    def admin(self) -> bool:
        return JC + "AdministrativeUnit" in self.supers

    @property
    def company(self) -> bool:
        return JC + "Enterprise" in self.supers

    @property
    def label(self) -> str:
        """The zh label (the article's), else any label."""
        ranked = sorted(self.labels, key=lambda x: (x[2], x[1] != "zh"))
        return ranked[0][0] if ranked else ""


@dataclass
class Candidate:
    """An item of the external graph that may be one of our entities."""

    iri: str
    labels: list[tuple[str, str, str]] = field(default_factory=list)  # text, lang, property
    identifiers: dict[str, set[str]] = field(default_factory=dict)
    typed: bool = False
    classes: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    historical: bool = False  # dissolved, ended or replaced (the profile's properties)

    def label(self, languages: dict[str, tuple[str, ...]]) -> str:
        """A label to show: zh first, then en, then any."""
        order = [*languages.get("zh", ()), *languages.get("en", ())]
        plain = [x for x in self.labels if x[2] == RDFS_LABEL] or self.labels
        ranked = sorted(plain, key=lambda x: order.index(x[1]) if x[1] in order else 99)
        return ranked[0][0] if ranked else ""


@dataclass
class Decision:
    """One (our entity, candidate) pair and what the linker made of it."""

    subject: Subject
    candidate: Candidate
    status: str  # linked, ambiguous, conflict, rejected
    predicate: str
    justification: str
    confidence: float
    subject_field: str
    object_field: str
    match_string: str
    comment: str
    key: str  # identifier, label, or identifier+label
    as_written: bool = False  # the labels match in the same script, without folding


@dataclass
class LinkResult:
    """What ``link`` found."""

    profile: Profile
    target: str
    subjects: list[Subject]
    decisions: list[Decision]
    queries: int
    seconds: float

    @property
    def links(self) -> list[Decision]:
        return [d for d in self.decisions if d.status == "linked"]

    @property
    def ambiguous(self) -> list[Decision]:
        return [d for d in self.decisions if d.status in ("ambiguous", "conflict")]


class _Counting:
    """A source that counts the queries it answers."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.count = 0

    def select(self, sparql: str) -> list[dict[str, Term]]:
        self.count += 1
        return self.source.select(sparql)


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _iri(value: str) -> str:
    return params.iri(value).n3()  # items come from another graph: checked, never pasted


def _alternatives(properties: Iterable[str]) -> str:
    return "|".join(_iri(p) for p in properties)


# Our side ------------------------------------------------------------------------------

SUPERS = f"""
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?e ?super WHERE {{
  ?e a ?t . ?t rdfs:subClassOf* ?super .
  FILTER(isIRI(?e) && isIRI(?super) && STRSTARTS(STR(?e), "{ID_BASE}"))
}}
"""
LABELS = f"""
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?e ?p ?l WHERE {{
  VALUES ?p {{ rdfs:label skos:altLabel }}
  ?e ?p ?l . FILTER(isIRI(?e) && STRSTARTS(STR(?e), "{ID_BASE}"))
}}
"""
PLACES = """
PREFIX jc: <https://w3id.org/jcgraph/ontology#>
SELECT ?e ?place WHERE { ?e jc:locatedIn|jc:partOf ?place . FILTER(isIRI(?place)) }
"""
COVERAGE = """
PREFIX jc: <https://w3id.org/jcgraph/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?place WHERE { ?article a jc:SourceArticle ; dct:spatial ?place . }
"""


def our_subjects(engine_query: QueryFunction, profile: Profile) -> list[Subject]:
    """Our entities of the profile's classes, with labels, identifiers and places."""
    supers: dict[str, set[str]] = defaultdict(set)
    for row in engine_query(SUPERS):
        supers[row["e"].value].add(row["super"].value)
    wanted = set(profile.classes)
    subjects = {iri: Subject(iri, classes) for iri, classes in supers.items() if classes & wanted}
    for row in engine_query(LABELS):
        subject = subjects.get(row["e"].value)
        term = row["l"]
        if subject is not None and term.lang in ("zh", "en"):
            subject.labels.append((term.value, term.lang, row["p"].value == SKOS_ALT))
    for pair in profile.identifiers:
        for row in engine_query(f"SELECT ?e ?v WHERE {{ ?e {_iri(pair.ours)} ?v }}"):
            subject = subjects.get(row["e"].value)
            if subject is not None:
                subject.identifiers.setdefault(pair.ours, []).append(row["v"].value)
    parents: dict[str, list[str]] = defaultdict(list)
    for row in engine_query(PLACES):
        parents[row["e"].value].append(row["place"].value)
    coverage = [row["place"].value for row in engine_query(COVERAGE)]
    for subject in subjects.values():
        subject.places = _ancestors(subject.iri, parents)
        subject.located = bool(subject.places)
        if not subject.located:
            subject.places = _ancestors_of(coverage, parents)
    return sorted(subjects.values(), key=lambda s: s.iri)


def _ancestors(start: str, parents: dict[str, list[str]]) -> list[str]:
    return [p for p in _ancestors_of(parents.get(start, []), parents) if p != start]


def _ancestors_of(first: list[str], parents: dict[str, list[str]]) -> list[str]:
    """Breadth first, so the nearest places come first."""
    seen: list[str] = []
    frontier = sorted(first)
    while frontier:
        following = []
        for place in frontier:
            if place not in seen:
                seen.append(place)
                following += sorted(parents.get(place, []))
        frontier = following
    return seen


# Their side ----------------------------------------------------------------------------


def _lookup_identifiers(
    source: _Counting, pair: IdentifierPair, values: list[str], batch: int
) -> dict[str, set[str]]:
    """Items by identifier value."""
    found: dict[str, set[str]] = defaultdict(set)
    for chunk in bar(
        list(_chunks(sorted(set(values)), batch)), "looking up identifiers", unit="batch"
    ):
        literals = " ".join(Term.literal(v).n3() for v in chunk)
        sparql = (
            f"SELECT ?item ?value WHERE {{ VALUES ?value {{ {literals} }} "
            f"?item {_iri(pair.theirs)} ?value . FILTER(isIRI(?item)) }}"
        )
        for row in source.select(sparql):
            found[row["value"].value].add(row["item"].value)
    return found


def _lookup_labels(
    source: _Counting, profile: Profile, texts: dict[str, set[str]], batch: int
) -> dict[str, set[str]]:
    """Items by the exact text of a label or alias (any of the profile's languages)."""
    found: dict[str, set[str]] = defaultdict(set)
    literals = sorted(
        Term.literal(text, lang=tag).n3()
        for text, langs in texts.items()
        for lang in langs
        for tag in profile.languages.get(lang, ())
    )
    path = _alternatives((*profile.labels, *profile.aliases))
    for chunk in bar(list(_chunks(literals, batch)), "looking up labels", unit="batch"):
        sparql = (
            f"SELECT ?item ?text WHERE {{ VALUES ?text {{ {' '.join(chunk)} }} "
            f"?item {path} ?text . FILTER(isIRI(?item)) }}"
        )
        for row in source.select(sparql):
            found[row["text"].value].add(row["item"].value)
    return found


def _describe(
    source: _Counting, profile: Profile, items: list[str], batch: int
) -> dict[str, Candidate]:
    """Labels, identifiers, types, classes reached and places of each item."""
    candidates = {iri: Candidate(iri) for iri in items}
    tags = ", ".join(Term.literal(t).n3() for t in profile.language_tags)
    label_props = " ".join(_iri(p) for p in (*profile.labels, *profile.aliases))
    fact_props = " ".join(
        _iri(p) for p in dict.fromkeys((*profile.types, *(i.theirs for i in profile.identifiers)))
    )
    wanted = sorted({c for classes in profile.classes.values() for c in classes})
    for chunk in bar(list(_chunks(sorted(items), batch)), "describing candidates", unit="batch"):
        values = " ".join(_iri(i) for i in chunk)
        for row in source.select(
            f"SELECT ?item ?p ?o WHERE {{ VALUES ?item {{ {values} }} "
            f"VALUES ?p {{ {label_props} }} "
            f"?item ?p ?o . FILTER(isLiteral(?o) && LANG(?o) IN ({tags})) }}"
        ):
            candidates[row["item"].value].labels.append(
                (row["o"].value, row["o"].lang or "", row["p"].value)
            )
        if fact_props:
            for row in source.select(
                f"SELECT ?item ?p ?o WHERE {{ VALUES ?item {{ {values} }} "
                f"VALUES ?p {{ {fact_props} }} ?item ?p ?o . }}"
            ):
                candidate = candidates[row["item"].value]
                if row["p"].value in profile.types:
                    candidate.typed = True
                else:
                    candidate.identifiers.setdefault(row["p"].value, set()).add(row["o"].value)
        if profile.historical:
            for row in source.select(
                f"SELECT DISTINCT ?item WHERE {{ VALUES ?item {{ {values} }} "
                f"?item ({_alternatives(profile.historical)}) ?any . }}"
            ):
                candidates[row["item"].value].historical = True
        if profile.location:
            for row in source.select(
                f"SELECT DISTINCT ?item ?place WHERE {{ VALUES ?item {{ {values} }} "
                f"?item ({_alternatives(profile.location)})+ ?place . }}"
            ):
                candidates[row["item"].value].places.add(row["place"].value)
        if wanted and profile.types:
            down = f"/({_alternatives(profile.subclass)})*" if profile.subclass else ""
            classes = " ".join(_iri(c) for c in wanted)
            for row in source.select(
                f"SELECT DISTINCT ?item ?class WHERE {{ VALUES ?item {{ {values} }} "
                f"VALUES ?class {{ {classes} }} "
                f"?item ({_alternatives(profile.types)}){down} ?class . }}"
            ):
                candidates[row["item"].value].classes.add(row["class"].value)
    return candidates


# Scoring -------------------------------------------------------------------------------


@dataclass
class _Lexical:
    score: float
    ours: str
    theirs: str
    key: str
    field_ours: str
    field_theirs: str
    as_written: bool = False


def _lexical(subject: Subject, candidate: Candidate, profile: Profile) -> _Lexical | None:
    best: _Lexical | None = None
    # Sorted, so that of equal matches the same one is reported every time: zh first.
    theirs = [
        (text, prop, keys(text, admin=subject.admin))
        for text, _, prop in sorted(candidate.labels, key=lambda x: (x[2], x[1] != "zh", x[0]))
    ]
    for text, _lang, alias in sorted(subject.labels, key=lambda x: (x[2], x[1] != "zh", x[0])):
        mine = keys(text, admin=subject.admin)
        # our short form expanded by the documented rule (金昌经开区 → …经济技术开发区)
        expanded = [keys(e, admin=subject.admin) for e in sorted(expansions(text))]
        for their_text, prop, their in theirs:
            their_alias = prop in profile.aliases
            levels = [(mine, "full", 1.0), (mine, "legal", 0.95)]
            levels += [(e, "full", 0.95) for e in expanded] + [(mine, "stem", 0.8)]
            for ours, level, score in levels:
                a, b = getattr(ours, level), getattr(their, level)
                if a and a == b:
                    # Our aliases are loose (金川, 全国); theirs are curated other names.
                    value = score - (0.1 if alias else 0.05 if their_alias else 0.0)
                    same = as_written(text) == as_written(their_text)
                    written = ours is mine and level == "full" and same
                    if best is None or (value, written) > (best.score, best.as_written):
                        best = _Lexical(
                            value,
                            text,
                            their_text,
                            a,
                            "skos:altLabel" if alias else "rdfs:label",
                            profile.curie(prop),
                            written,
                        )
                    break
    return best


def _type_fit(subject: Subject, candidate: Candidate, profile: Profile) -> str:
    wanted = {c for cls in subject.supers & set(profile.classes) for c in profile.classes[cls]}
    if not wanted:
        return "unchecked"
    if candidate.classes & wanted:
        return "fits"
    return "differs" if candidate.typed else "unknown"


def _location(
    subject: Subject, candidate: Candidate, anchors: dict[str, str]
) -> tuple[int | None, str]:
    """The rank of the nearest of our linked places the candidate lies in, and that place.

    Rank 0 is our entity's nearest linked place. ``None`` with ``elsewhere`` means the
    candidate lies in places none of which is ours, or shares only the broadest of them
    (China) with an entity we place more precisely; with ``unknown``, we cannot tell.
    """
    linked = [(place, anchors[place]) for place in subject.places if place in anchors]
    if not linked:
        return None, "unknown"
    for rank, (place, item) in enumerate(linked):
        if item in candidate.places or item == candidate.iri:
            if rank == len(linked) - 1 and rank > 0:
                return None, "elsewhere" if subject.located else "broadest"
            return rank, place
    if candidate.places and subject.located:
        return None, "elsewhere"
    return None, "unknown"


@dataclass
class _Evidence:
    """What is known of one (entity, candidate) pair before a decision."""

    subject: Subject
    candidate: Candidate
    lexical: _Lexical | None
    fit: str
    rank: int | None
    where: str
    hits: list[tuple[IdentifierPair, str]]
    notes: list[str]

    @property
    def bonus(self) -> float:
        rank = self.rank
        return LOCATION_BONUS[rank] if rank is not None and rank < len(LOCATION_BONUS) else 0.0

    def decision(
        self, status: str, predicate: str, how: str, confidence: float, fields: tuple[str, str, str]
    ) -> Decision:
        key = "identifier" if how == BY_IDENTIFIER else "label" if how == BY_LABEL else "both"
        return Decision(
            self.subject,
            self.candidate,
            status,
            predicate,
            how,
            round(min(confidence, 1.0), 2),
            fields[0],
            fields[1],
            fields[2],
            "; ".join(self.notes),
            key if status != "rejected" or self.hits or self.lexical else "",
        )


def _score(
    subject: Subject,
    candidate: Candidate,
    profile: Profile,
    anchors: dict[str, str],
) -> Decision:
    lexical = _lexical(subject, candidate, profile)
    fit = _type_fit(subject, candidate, profile)
    rank, where = _location(subject, candidate, anchors)
    hits = [
        (pair, value)
        for pair in profile.identifiers
        for value in subject.identifiers.get(pair.ours, [])
        if identifier_key(value)
        in {identifier_key(v) for v in candidate.identifiers.get(pair.theirs, set())}
    ]
    notes = []
    if lexical:
        notes.append(f"label {lexical.ours} ~ {lexical.theirs} ({lexical.score:.2f})")
    notes.append(f"type {fit}")
    if rank is not None:
        notes.append(f"in {compact(where)}")
    elif where == "elsewhere":
        notes.append("located elsewhere")
    evidence = _Evidence(subject, candidate, lexical, fit, rank, where, hits, notes)
    unique = [(p, v) for p, v in hits if p.unique]
    if unique:
        return _by_unique_identifier(evidence, *unique[0], profile)
    shared = [(p, v) for p, v in hits if not p.unique]
    if shared:
        return _by_shared_identifier(evidence, *shared[0], profile)
    return _by_label(evidence)


def _by_unique_identifier(
    e: _Evidence, pair: IdentifierPair, value: str, profile: Profile
) -> Decision:
    """A shared unique identifier decides; a type that differs makes it a close match."""
    e.notes.insert(0, f"same {pair.title} {value}")
    fields = (profile.curie(pair.ours), profile.curie(pair.theirs), value)
    if e.fit == "differs":
        return e.decision("linked", CLOSE, BY_IDENTIFIER, 0.8, fields)
    confidence = 0.95 + (0.04 if e.lexical and e.lexical.score >= 0.8 else 0.0)
    confidence += 0.01 if e.fit == "fits" else 0.0
    return e.decision("linked", EXACT, BY_IDENTIFIER, confidence, fields)


def _by_shared_identifier(
    e: _Evidence, pair: IdentifierPair, value: str, profile: Profile
) -> Decision:
    """A shared identifier that is not unique (a road number) counts only where we are."""
    e.notes.insert(0, f"same {pair.title} {value} (not unique)")
    fields = (profile.curie(pair.ours), profile.curie(pair.theirs), value)
    if e.rank is None:
        e.notes.append("not in any of our places below the country")
        return e.decision("rejected", "", BY_IDENTIFIER, 0.3, fields)
    base = 0.65 + e.bonus
    if e.lexical and e.lexical.score >= 0.8:
        return e.decision("linked", EXACT, BY_BOTH, base + 0.15, fields)
    e.notes.append("names differ: it may be a part or section of the candidate")
    return e.decision("linked", CLOSE, BY_IDENTIFIER, base, fields)


def _by_label(e: _Evidence) -> Decision:
    """Labels alone: scored by how they match, the type and the place."""
    lexical = e.lexical
    if lexical is None:
        return e.decision("rejected", "", BY_LABEL, 0.0, ("", "", ""))
    confidence = 0.5 * lexical.score + e.bonus
    confidence += {"fits": 0.15, "differs": -0.2}.get(e.fit, 0.0)
    confidence -= 0.3 if e.where == "elsewhere" else 0.0
    fields = (lexical.field_ours, lexical.field_theirs, lexical.key)
    if e.where == "elsewhere" or e.fit == "differs" or lexical.score < 0.8:
        return e.decision("rejected", "", BY_LABEL, max(confidence, 0.0), fields)
    exact = lexical.score >= 0.95 and (e.fit == "fits" or (e.fit == "unchecked" and e.rank == 0))
    decision = e.decision("linked", EXACT if exact else CLOSE, BY_LABEL, confidence, fields)
    decision.as_written = lexical.as_written
    return decision


def _preference(d: Decision) -> tuple[bool, bool]:
    """How a near tie is broken: the same script first, then a current item."""
    return d.as_written, not d.candidate.historical


def _decide(decisions: list[Decision]) -> None:
    """Keep one link per entity and per item; report near ties instead of guessing."""
    by_subject: dict[str, list[Decision]] = defaultdict(list)
    for d in decisions:
        by_subject[d.subject.iri].append(d)
    for group in by_subject.values():
        linked = sorted(
            (d for d in group if d.status == "linked"),
            key=lambda d: (d.justification == BY_LABEL, -d.confidence),
        )
        if not linked:
            continue
        best, rest = linked[0], linked[1:]
        by_identifier = best.justification != BY_LABEL
        rivals = [
            d
            for d in rest
            if (d.justification != BY_LABEL) == by_identifier
            and best.confidence - d.confidence < MARGIN
        ]
        # Of near ties, a label matched in the same script outranks one that matches only
        # once traditional characters are folded (甘肃省 is not the Republic's 甘肅省), and
        # a current item outranks a historical one; what is still tied stays a tie.
        tied = [best, *rivals]
        top = max(_preference(d) for d in tied)
        preferred = [d for d in tied if _preference(d) == top]
        if len(preferred) < len(tied):
            best, rivals = preferred[0], preferred[1:]
            rest = [d for d in linked if d is not best]
        for d in rest:
            d.status = "rejected"
            d.comment += f"; outranked by {compact(best.candidate.iri)}"
            if d in tied and best.as_written and not d.as_written:
                d.comment += " (the same label in the same script)"
            elif d in tied and d.candidate.historical and not best.candidate.historical:
                d.comment += " (a current item, this one historical)"
        if rivals:
            for d in (best, *rivals):
                d.status = "ambiguous"
                d.comment = d.comment.split("; outranked by")[0] + "; ambiguous: near tie"
    by_item: dict[str, list[Decision]] = defaultdict(list)
    for d in decisions:
        if d.status == "linked" and d.predicate == EXACT:
            by_item[d.candidate.iri].append(d)
    for group in by_item.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda d: -d.confidence)
        if group[0].confidence - group[1].confidence < MARGIN:
            for d in group:
                d.status = "conflict"
                d.comment += "; conflict: the item matches several of our entities"
        else:
            for d in group[1:]:
                d.status = "conflict"
                d.comment += f"; conflict: {compact(group[0].subject.iri)} matches it better"


# Entry point ---------------------------------------------------------------------------


def link(
    target: str,
    profile_name: str = "wikidata",
    *,
    engine_query: QueryFunction,
    timeout: float = DEFAULT_TIMEOUT,
    batch: int = 100,
) -> LinkResult:
    """Match our entities against ``target`` (an RDF file or a SPARQL endpoint URL).

    Args:
        target: ``graph.ttl`` (or .nt, .jsonld …) or ``https://…/sparql``.
        profile_name: a profile in ``linking/`` or a ``.toml`` path.
        engine_query: runs SPARQL on our graph and returns dicts of terms
            (``jcgraph.api.link`` gives the shipped graph without reasoning).
        timeout: seconds to wait for each answer of an endpoint.
        batch: values per query (VALUES block size).
    """
    started = time.perf_counter()
    profile = load_profile(profile_name)
    subjects = our_subjects(engine_query, profile)
    source = _Counting(open_source(target, timeout))
    items_of: dict[str, set[str]] = defaultdict(set)
    for pair in profile.identifiers:
        values = [v for s in subjects for v in s.identifiers.get(pair.ours, [])]
        if not values:
            continue
        found = _lookup_identifiers(source, pair, values, batch)
        for subject in subjects:
            for value in subject.identifiers.get(pair.ours, []):
                items_of[subject.iri] |= found.get(value, set())
    texts: dict[str, set[str]] = defaultdict(set)
    spelled: dict[str, set[str]] = defaultdict(set)
    for subject in subjects:
        for text, lang, _ in subject.labels:
            for form in spellings(text, company=subject.company, admin=subject.admin):
                texts[form].add(lang)
                spelled[subject.iri].add(form)
    found_by_text = _lookup_labels(source, profile, texts, batch)
    for subject in subjects:
        for form in spelled[subject.iri]:
            items_of[subject.iri] |= found_by_text.get(form, set())
    all_items = sorted(
        {i for items in items_of.values() for i in items if params.is_iriref(i) and ":" in i}
    )
    candidates = _describe(source, profile, all_items, batch) if all_items else {}
    anchors = _anchors(subjects, candidates, profile)
    decisions = [
        _score(subject, candidates[item], profile, anchors)
        for subject in subjects
        for item in sorted(items_of[subject.iri])
    ]
    _decide(decisions)
    decisions.sort(key=lambda d: (d.subject.iri, d.status != "linked", -d.confidence))
    return LinkResult(
        profile,
        source.source.name,
        subjects,
        decisions,
        source.count,
        time.perf_counter() - started,
    )


def _anchors(
    subjects: list[Subject], candidates: dict[str, Candidate], profile: Profile
) -> dict[str, str]:
    """Our places linked by a unique identifier to exactly one item: place -> item."""
    anchors: dict[str, str] = {}
    for subject in subjects:
        matched = set()
        for pair in profile.identifiers:
            if not pair.unique:
                continue
            mine = {identifier_key(v) for v in subject.identifiers.get(pair.ours, [])}
            for item, candidate in candidates.items():
                theirs = {identifier_key(v) for v in candidate.identifiers.get(pair.theirs, set())}
                if mine & theirs:
                    matched.add(item)
        if len(matched) == 1:
            anchors[subject.iri] = matched.pop()
    return anchors
