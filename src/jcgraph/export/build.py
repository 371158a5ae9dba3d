"""Writing the graph to files: asserted, inferred and merged, in each requested format.

Every file is written to a temporary name beside its target and then renamed, so an
interrupted build never leaves a half-written file behind.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from jcgraph.errors import JcgraphError
from jcgraph.files import write_atomically, write_text
from jcgraph.formats.rdf import FILE_FORMATS
from jcgraph.namespaces import DOWNLOAD, GRAPH_BASE, INFERRED

if TYPE_CHECKING:
    from rdflib import Dataset, Graph


def check_formats(formats: list[str]) -> None:
    """Refuse a format key ``build`` cannot write, naming the ones it can."""
    unknown = [f for f in formats if f not in FILE_FORMATS]
    if unknown:
        raise JcgraphError(
            f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(FILE_FORMATS)}"
        )


def build(
    dataset: Dataset,
    out: Path,
    formats: list[str],
    *,
    describe: bool = True,
    download: str = DOWNLOAD,
) -> list[Path]:
    """Write ``jcgraph-asserted``, ``jcgraph-inferred`` and ``jcgraph`` (both) to ``out``.

    Graph formats (ttl, nt, jsonld) get the three files; dataset formats (trig, nq) get
    one file with every named graph, the inferred one included. With ``describe``, the
    build also writes ``void.ttl`` (VoID and DCAT: what each file holds) and
    ``context.jsonld`` (a JSON-LD context with plain keys for the JSON-LD export), each
    file's download URL being ``download`` and its name.
    """
    from rdflib import Graph, URIRef

    from jcgraph.pipeline.load import union

    check_formats(formats)
    everything = union(dataset)
    inferred = Graph()
    for prefix, namespace in dataset.namespaces():
        inferred.bind(prefix, namespace, override=False)
    inferred += dataset.graph(URIRef(INFERRED))
    asserted = Graph()
    for prefix, namespace in dataset.namespaces():
        asserted.bind(prefix, namespace, override=False)
    asserted += everything
    asserted -= inferred
    written = []
    # JSON-LD is written compacted with the context of context.jsonld: plain keys.
    plain_keys = _jsonld_context(dataset) if "jsonld" in formats else None
    for fmt in formats:
        rdflib_name = FILE_FORMATS[fmt].rdflib
        if FILE_FORMATS[fmt].dataset:
            target = out / f"jcgraph.{fmt}"
            write_atomically(target, partial(_serialize, dataset, rdflib_name))
            written.append(target)
            continue
        for stem, graph in (
            ("jcgraph-asserted", asserted),
            ("jcgraph-inferred", inferred),
            ("jcgraph", everything),
        ):
            target = out / f"{stem}.{fmt}"
            context = plain_keys if fmt == "jsonld" else None
            write_atomically(target, partial(_serialize, graph, rdflib_name, context=context))
            written.append(target)
    if describe:
        sizes = {"jcgraph-asserted": len(asserted), "jcgraph-inferred": len(inferred)}
        written += _describe(dataset, sizes, out, written, download)
    return written


def _describe(
    dataset: Dataset, sizes: dict[str, int], out: Path, written: list[Path], download: str
) -> list[Path]:
    """Write ``context.jsonld`` and ``void.ttl`` (which lists every file, these included)."""
    import json

    from jcgraph.engines import open_engine
    from jcgraph.export.void import describe, gather, to_turtle

    context = out / "context.jsonld"
    text = json.dumps({"@context": _jsonld_context(dataset)}, ensure_ascii=False, indent=1)
    write_text(context, text + "\n")
    # counted by rdflib, which writes the files: Oxigraph would merge "610.0" with "610"
    stats = gather(open_engine("rdflib", dataset=dataset).query)
    void = out / "void.ttl"
    write_text(void, to_turtle(describe(stats, sizes=sizes, files=written, download=download)))
    return [context, void]


def _jsonld_context(dataset: Dataset) -> dict[str, object]:
    from rdflib import URIRef

    from jcgraph.export.jsonld_context import context
    from jcgraph.pipeline.load import union

    ontology = dataset.graph(URIRef(GRAPH_BASE + "ontology/jcgraph"))
    terms: dict[str, object] = context(ontology, union(dataset))["@context"]
    return terms


def _serialize(
    graph: Graph | Dataset,
    rdf_format: str,
    path: Path,
    context: dict[str, object] | None = None,
) -> None:
    if context is not None:
        graph.serialize(destination=str(path), format=rdf_format, encoding="utf-8", context=context)
        return
    graph.serialize(destination=str(path), format=rdf_format, encoding="utf-8")
