"""A user's data files read straight into an Oxigraph store to be validated.

No rdflib graph is built: Oxigraph's parser streams each file, the triples go into the
store in batches, and what the vocabulary check needs (the classes and properties used,
the terms declared) is gathered on the way. A file of millions of triples then takes
Oxigraph's memory (measured in ``BYTES_PER_INPUT_BYTE``), not rdflib's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from jcgraph.errors import SyntaxProblem
from jcgraph.files import read_error
from jcgraph.pipeline.vocabulary import Usage

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}
BATCH = 50_000  # triples handed to the store at once
# Memory per byte of input, with room for the validator's queries: 133 MB of N-Triples
# (720k triples, 130 synthetic cities) took 307 MB once read into the store.
BYTES_PER_INPUT_BYTE = 8


def format_of(path: Path) -> ox.RdfFormat:
    """The syntax of ``path`` from its extension; Turtle when there is none we know
    (N-Triples is Turtle too)."""
    return FORMATS.get(path.suffix.lower(), ox.RdfFormat.TURTLE)


def read_into(
    store: ox.Store,
    path: Path,
    usage: Usage,
    progress: Callable[[str], object] | None = None,
) -> int:
    """Add the triples of ``path`` to the default graph of ``store`` and to ``usage``;
    returns how many were read. Bad syntax is a ``SyntaxProblem`` at file:line:col."""
    try:
        with open(path, "rb") as stream:
            read = _read(stream, path, store, usage, progress)
    except SyntaxError as error:
        message = str(error.msg).split(": ", 1)[-1] if error.msg else str(error)
        raise SyntaxProblem(str(path), error.lineno, error.offset, message) from None
    except (OSError, UnicodeDecodeError) as error:
        raise read_error(path, error) from None
    return read


def _read(
    stream: BinaryIO,
    path: Path,
    store: ox.Store,
    usage: Usage,
    progress: Callable[[str], object] | None,
) -> int:
    read = 0
    batch: list[ox.Quad] = []
    graph = ox.DefaultGraph()
    for quad in ox.parse(stream, format=format_of(path)):
        subject, predicate, obj = quad.subject, quad.predicate, quad.object
        batch.append(ox.Quad(subject, predicate, obj, graph))
        usage.add_triple(
            _text(subject),
            predicate.value,
            obj.value if isinstance(obj, ox.NamedNode) else None,
            isinstance(subject, ox.NamedNode),
        )
        if len(batch) >= BATCH:
            store.extend(batch)
            read += len(batch)
            batch.clear()
            if progress is not None:
                progress(f"  {read:,} triples read from {path}")
    store.extend(batch)
    return read + len(batch)


def _text(term: object) -> str:
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"
    return str(term)
