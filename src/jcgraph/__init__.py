"""jcgraph: the Jinchang 14th Five-Year review as a knowledge graph you can query and audit.

The public API is a handful of functions, imported lazily so that the command line
starts fast:

>>> import jcgraph
>>> graph = jcgraph.load()
>>> answer = jcgraph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", graph, engine="oxigraph")
>>> answer.rows[0][0].number() > 1000
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jcgraph.version import __version__

if TYPE_CHECKING:
    from jcgraph.api import (
        Graph,
        RunSummary,
        audit,
        check,
        describe,
        link,
        load,
        query,
        reason,
        run,
        validate,
    )

__all__ = [
    "Graph",
    "RunSummary",
    "__version__",
    "audit",
    "check",
    "describe",
    "link",
    "load",
    "query",
    "reason",
    "run",
    "validate",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from jcgraph import api

        return getattr(api, name)
    raise AttributeError(f"module 'jcgraph' has no attribute {name!r}")
