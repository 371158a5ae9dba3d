"""A user's data files read straight into an Oxigraph store to be validated.

No rdflib graph is built: Oxigraph's bulk loader reads each file, and what the vocabulary
check needs (the classes and properties the data uses, the terms it declares) is asked of
the store before the ontology joins the data. A file of millions of triples then takes
Oxigraph's memory (``BYTES_PER_INPUT_BYTE``), not rdflib's.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from jcgraph.errors import SyntaxProblem
from jcgraph.files import read_error
from jcgraph.pipeline.vocabulary import BLANK, DECLARING_PREDICATES, DECLARING_TYPES, Usage

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}
# Memory per byte of input, with room for the validator's queries: 133 MB of N-Triples
# (720k triples, 130 synthetic cities) took 307 MB once read into the store.
BYTES_PER_INPUT_BYTE = 8


def format_of(path: Path) -> ox.RdfFormat:
    """The syntax of ``path`` from its extension; Turtle when there is none we know
    (N-Triples is Turtle too)."""
    return FORMATS.get(path.suffix.lower(), ox.RdfFormat.TURTLE)


def read_into(store: ox.Store, path: Path) -> int:
    """Add the triples of ``path`` to the default graph of ``store`` with Oxigraph's bulk
    loader; returns how many new triples it added. Bad syntax is a ``SyntaxProblem`` at
    file:line:col, an unreadable file a one-line error."""
    before = len(store)
    try:
        with open(path, "rb") as stream:
            store.bulk_load(stream, format=format_of(path))
    except SyntaxError as error:
        message = str(error.msg).split(": ", 1)[-1] if error.msg else str(error)
        raise SyntaxProblem(str(path), error.lineno, error.offset, message) from None
    except (OSError, UnicodeDecodeError) as error:
        raise read_error(path, error) from None
    return len(store) - before


# The least IRI subject, as Usage keeps it; "\uffff" (after every IRI) stands for a blank node.
_FIRST = 'MIN(IF(isIRI(?s), STR(?s), "\uffff"))'
_USES = {
    "property": "SELECT ?term (COUNT(*) AS ?n) (FIRST AS ?first) "
    "WHERE { ?s ?term ?o } GROUP BY ?term",
    "class": "SELECT ?term (COUNT(*) AS ?n) (FIRST AS ?first) "
    "WHERE { ?s a ?term FILTER (isIRI(?term)) } GROUP BY ?term",
}


def usage_of_store(store: ox.Store, graphs: list[str] | None = None) -> Usage:
    """What the data in the default graph of ``store`` (or in its named ``graphs``) uses
    and declares, the same as ``vocabulary.usage_of`` on those graphs, asked of Oxigraph
    in three aggregate queries."""
    # several named graphs as the default graph are a bag, as usage_of counts them
    scope = {} if graphs is None else {"default_graph": [ox.NamedNode(g) for g in graphs]}
    usage = Usage()
    for kind, query in _USES.items():
        rows = store.query(query.replace("FIRST", _FIRST), **scope)  # type: ignore[arg-type]
        for row in rows:  # type: ignore[union-attr]
            term, uses, first = row["term"], int(row["n"].value), row["first"].value
            first = BLANK if first == "\uffff" else first
            if not isinstance(term, ox.NamedNode):
                continue
            place = usage.terms.get(term.value)
            if place is None:
                usage.terms[term.value] = [kind, first, uses]
            else:  # used as a class and as a property: counted as both, shown as a class
                place[0] = "class" if "class" in (kind, place[0]) else place[0]
                place[1] = min(place[1], first, key=lambda s: (s == BLANK, s))
                place[2] += uses
    types = " ".join(f"<{t}>" for t in sorted(DECLARING_TYPES))
    predicates = "|".join(f"<{p}>" for p in sorted(DECLARING_PREDICATES))
    declared = (
        f"SELECT DISTINCT ?s WHERE {{ {{ ?s a ?t VALUES ?t {{ {types} }} }} "
        f"UNION {{ ?s {predicates} ?x }} FILTER (isIRI(?s)) }}"
    )
    usage.declared = {row["s"].value for row in store.query(declared, **scope)}  # type: ignore[arg-type,union-attr]
    return usage
