"""What every engine offers: one ``query`` method answering with a ``results.Result``."""

from __future__ import annotations

from typing import Literal, Protocol

from jcgraph.results import Result

EngineName = Literal["oxigraph", "rdflib"]


class Engine(Protocol):
    """What every engine offers."""

    name: EngineName

    def query(
        self,
        sparql: str,
        *,
        where: str = "query",
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        limit: int | None = None,
        base: str | None = None,
    ) -> Result:
        """Run a SPARQL query; ``where`` names it in error messages.

        ``default_graphs``/``named_graphs`` give the RDF dataset as the SPARQL protocol's
        ``default-graph-uri``/``named-graph-uri`` do (None: the store's own); ``limit``
        stops collecting rows after that many; ``base`` resolves the query's relative IRIs
        (the SPARQL protocol's base is the endpoint's URL).
        """
        ...
