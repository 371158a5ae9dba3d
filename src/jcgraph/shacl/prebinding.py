"""Whether a SHACL-SPARQL constraint may run once over the whole graph.

SHACL pre-binds ``$this`` to each focus node in turn. Running the query once with ``$this``
free and keeping the solutions whose ``$this`` is a focus node gives the same results
when every solution binds ``$this`` through a triple pattern of the query's top-level
group (not only inside FILTER, MINUS, OPTIONAL or one branch of a UNION). That is decided
from rdflib's parse of the query, never from its text.

rdflib's parser takes about 0.2 s for one of our audit queries, so the verdicts for the
shipped shapes are kept in ``ontology/shapes/prebinding.json``, keyed by the SHA-256 of
the query text as run (prefixes included); ``tools/prebinding_manifest.py`` writes it and
tests/test_shacl_validator.py fails when it is stale. A query not in it is parsed.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Mapping

from rdflib import Variable

MANIFEST = "prebinding.json"


def key(query: str) -> str:
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


def binds_this(query: str, known: Mapping[str, bool] | None = None) -> bool:
    """Whether ``query`` binds $this in its top-level pattern (see the module docstring)."""
    if known is not None and key(query) in known:
        return known[key(query)]
    return _parsed_verdict(query)


def manifest(queries: Iterable[str]) -> dict[str, bool]:
    """The verdict of each query, parsed afresh, keyed for ``binds_this``."""
    return {key(q): _parsed_verdict(q) for q in queries}


@functools.cache
def _parsed_verdict(query: str) -> bool:
    from rdflib.plugins.sparql import prepareQuery

    from jcgraph.shacl.shapes import UnsupportedShape

    try:
        algebra = prepareQuery(query).algebra
    except Exception as error:  # rdflib raises pyparsing's and its own errors
        raise UnsupportedShape(f"a SPARQL constraint does not parse: {error}") from None
    return _binds(algebra, Variable("this"))


_PASS_THROUGH = ("SelectQuery", "Project", "Distinct", "Reduced", "Slice", "OrderBy", "Filter",
                 "Extend", "Group", "AggregateJoin", "ToMultiSet", "Graph")  # fmt: skip


def _binds(node: object, this: Variable) -> bool:
    name = getattr(node, "name", None)
    if name == "BGP":
        return any(this in triple for triple in node["triples"])  # type: ignore[index]
    if name == "Join":
        return _binds(node["p1"], this) or _binds(node["p2"], this)  # type: ignore[index]
    if name in ("LeftJoin", "Minus"):
        return _binds(node["p1"], this)  # type: ignore[index]
    if name == "Union":
        return _binds(node["p1"], this) and _binds(node["p2"], this)  # type: ignore[index]
    if name in _PASS_THROUGH:
        inner = node.get("p")  # type: ignore[attr-defined]
        return inner is not None and _binds(inner, this)
    return False
