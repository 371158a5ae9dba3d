"""SPARQL engines behind one small interface, and the registry that opens them.

Oxigraph (fast, the default) and rdflib (the reference) see the same dataset, with the
union of its named graphs as the default graph; a remote endpoint (``remote``) and an
on-disk store (``store``) answer through the same ``Engine`` protocol. Every caller
opens an engine with ``open_engine``, so callers never know which one ran.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, get_args

from jcgraph.engines.base import Engine, EngineName
from jcgraph.errors import JcgraphError

if TYPE_CHECKING:
    from rdflib import Dataset

__all__ = ["ENGINES", "Engine", "EngineName", "open_engine"]

ENGINES: tuple[EngineName, ...] = get_args(EngineName)


def open_engine(
    name: EngineName,
    *,
    dataset: Dataset | None = None,
    dump: Path | None = None,
    named_graphs: Path | None = None,
    store: Path | None = None,
    endpoint: str | None = None,
) -> Engine:
    """The engine ``name`` over one source of the graph.

    Args:
        name: ``oxigraph`` or ``rdflib``.
        dataset: an rdflib Dataset in memory (its named graphs; the union is the default).
        dump: the build cache's Oxigraph dump (N-Quads with the union as default graph).
        named_graphs: the build cache's named graphs as N-Quads (what rdflib reads).
        store: an on-disk store made by ``jcgraph store`` (Oxigraph only, read-only).
        endpoint: a SPARQL 1.1 endpoint's URL, asked over HTTP whatever ``name`` says.

    The first source given is used: an endpoint, a store, then the cache files, then the
    dataset.

    >>> from jcgraph.pipeline.load import load
    >>> engine = open_engine("oxigraph", dataset=load())
    >>> engine.query("ASK { ?s ?p ?o }").boolean
    True
    """
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
    if endpoint is not None:
        from jcgraph.engines.remote import RemoteEngine

        return RemoteEngine(endpoint)
    if store is not None:
        if name != "oxigraph":
            raise JcgraphError("a store is answered by Oxigraph; --engine rdflib needs the build")
        from jcgraph.engines.oxigraph import OxigraphEngine

        return OxigraphEngine.from_store(store)
    if name == "oxigraph":
        from jcgraph.engines.oxigraph import OxigraphEngine

        if dump is not None:
            return OxigraphEngine.from_dump(dump)
        if dataset is not None:
            return OxigraphEngine.from_dataset(dataset)
    else:
        from jcgraph.engines.rdflib import RdflibEngine

        if dataset is not None:
            return RdflibEngine(dataset)
        if named_graphs is not None:
            return RdflibEngine.from_nquads(named_graphs)
    raise ValueError(f"no source of the graph that {name} can read was given")
