"""Results as text for people: an aligned terminal table (wide Chinese characters count
double) and a Markdown table, with IRIs shortened to the project's prefixes."""

from __future__ import annotations

from wcwidth import wcswidth

from .results import Result, Term

PREFIXES = {
    "jc": "https://w3id.org/jcgraph/ontology#",
    "jcsh": "https://w3id.org/jcgraph/shapes#",
    "kind": "https://w3id.org/jcgraph/concept/kind/",
    "status": "https://w3id.org/jcgraph/concept/status/",
    "qual": "https://w3id.org/jcgraph/concept/qualifier/",
    "level": "https://w3id.org/jcgraph/concept/level/",
    "standing": "https://w3id.org/jcgraph/concept/standing/",
    "streak": "https://w3id.org/jcgraph/concept/streak/",
    "place": "https://w3id.org/jcgraph/id/place/",
    "jorg": "https://w3id.org/jcgraph/id/org/",
    "person": "https://w3id.org/jcgraph/id/person/",
    "role": "https://w3id.org/jcgraph/id/role/",
    "industry": "https://w3id.org/jcgraph/id/industry/",
    "init": "https://w3id.org/jcgraph/id/initiative/",
    "honour": "https://w3id.org/jcgraph/id/honour/",
    "recog": "https://w3id.org/jcgraph/id/recognition/",
    "product": "https://w3id.org/jcgraph/id/product/",
    "project": "https://w3id.org/jcgraph/id/project/",
    "work": "https://w3id.org/jcgraph/id/work/",
    "claim": "https://w3id.org/jcgraph/id/claim/",
    "ind": "https://w3id.org/jcgraph/id/indicator/",
    "obs": "https://w3id.org/jcgraph/id/obs/",
    "unit": "https://w3id.org/jcgraph/id/unit/",
    "period": "https://w3id.org/jcgraph/id/period/",
    "ev": "https://w3id.org/jcgraph/id/evidence/",
    "src": "https://w3id.org/jcgraph/id/source/",
    "ds": "https://w3id.org/jcgraph/id/dataset/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "qb": "http://purl.org/linked-data/cube#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "dct": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
}


def compact(iri: str) -> str:
    """An IRI as ``prefix:local`` when a known prefix fits.

    >>> compact("https://w3id.org/jcgraph/id/org/jinchuan-group")
    'jorg:jinchuan-group'
    """
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else f"<{iri}>"


def cell(term: Term | None) -> str:
    """How a term reads in a table cell."""
    if term is None:
        return ""
    if term.kind == "uri":
        return compact(term.value)
    if term.kind == "bnode":
        return f"_:{term.value}"
    return term.value.replace("\n", " ")


def to_table(result: Result) -> str:
    """An aligned text table; wide characters take two columns.

    >>> from jcgraph.results import Term
    >>> row = (Term.literal("金川集团"), Term.literal("1"))
    >>> print(to_table(Result("select", ["名称", "n"], [row])))
    名称     | n
    ---------+--
    金川集团 | 1
    (1 row)
    """
    if result.kind == "ask":
        return "true" if result.boolean else "false"
    header = list(result.variables)
    body = [[cell(t) for t in row] for row in result.rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = [_line(header, widths), "-+-".join("-" * w for w in widths)]
    lines += [_line(r, widths) for r in body]
    count = len(body)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(line.rstrip() for line in lines)


def to_markdown(result: Result) -> str:
    """A GitHub-flavoured Markdown table."""
    if result.kind == "ask":
        return "true" if result.boolean else "false"

    def md(text: str) -> str:
        return text.replace("|", "\\|")

    lines = [
        "| " + " | ".join(result.variables) + " |",
        "|" + "|".join("---" for _ in result.variables) + "|",
    ]
    lines += ["| " + " | ".join(md(cell(t)) for t in row) + " |" for row in result.rows]
    return "\n".join(lines)


def _width(text: str) -> int:
    width = wcswidth(text)
    return width if width >= 0 else len(text)


def _line(cells: list[str], widths: list[int]) -> str:
    return " | ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True))
