"""HTTP content negotiation: parse ``Accept`` with q-values and pick a format we can write."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """One format we can answer in."""

    key: str  # short name, as in ``?format=csv``
    media_type: str  # what goes in Content-Type
    aliases: tuple[str, ...] = ()  # further media types that ask for it

    @property
    def content_type(self) -> str:
        """The Content-Type header value (UTF-8 for every text format)."""
        return f"{self.media_type}; charset=utf-8"


# First of each list is the default when the client accepts anything.
RESULT_FORMATS = (
    Format(
        "json",
        "application/sparql-results+json",
        ("application/json", "text/javascript", "application/javascript"),
    ),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    Format("csv", "text/csv"),
    Format("tsv", "text/tab-separated-values"),
)
GRAPH_FORMATS = (
    Format("turtle", "text/turtle", ("application/turtle", "application/x-turtle", "ttl")),
    Format("ntriples", "application/n-triples", ("text/plain", "nt")),
    Format("jsonld", "application/ld+json", ("application/x-json+ld", "application/json")),
    Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml", "xml")),
)
HTML = Format("html", "text/html", ("application/xhtml+xml",))


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values, best first (ties keep the header's order).

    >>> parse_accept("text/csv;q=0.5, application/sparql-results+json")
    [('application/sparql-results+json', 1.0), ('text/csv', 0.5)]
    >>> parse_accept(None)
    [('*/*', 1.0)]
    """
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float]] = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return sorted(ranges, key=lambda item: -item[1])


def _quality(fmt: Format, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """How much the client wants ``fmt``, and how specifically it said so (3 = exact)."""
    best = (0.0, -1)
    names = (fmt.media_type, *fmt.aliases)
    for media, q in ranges:
        if media in names:
            specificity = 3 if media == fmt.media_type else 2
        elif media.endswith("/*") and fmt.media_type.startswith(media[:-1]):
            specificity = 1
        elif media == "*/*" or media == "*":
            specificity = 0
        else:
            continue
        if specificity > best[1]:
            best = (q, specificity)
    return best


def choose(header: str | None, formats: tuple[Format, ...]) -> Format | None:
    """The format the client prefers among ``formats``, or None when none is acceptable.

    A more specific range wins over a wildcard for the same format (``text/csv;q=0`` with
    ``*/*`` refuses CSV); among formats of equal quality the client's exact media types
    beat our aliases, then our own order decides.

    >>> choose("text/csv;q=0.9, application/sparql-results+xml", RESULT_FORMATS).key
    'xml'
    >>> choose("*/*", GRAPH_FORMATS).key
    'turtle'
    >>> choose("image/png", RESULT_FORMATS) is None
    True
    """
    ranges = parse_accept(header)
    best: Format | None = None
    best_rank = (0.0, -1)
    for fmt in formats:
        q, specificity = _quality(fmt, ranges)
        if q <= 0:
            continue
        rank = (q, min(specificity, 2))
        if rank > best_rank:
            best, best_rank = fmt, rank
    return best


def by_key(key: str, formats: tuple[Format, ...]) -> Format | None:
    """A format by its short name or media type (for ``?format=``), else None.

    >>> by_key("csv", RESULT_FORMATS).media_type
    'text/csv'
    """
    key = key.strip().lower()
    for fmt in formats:
        if key in (fmt.key, fmt.media_type, *fmt.aliases):
            return fmt
    return None
