"""Writing the graph to files: asserted, inferred and merged, in each requested format.

Every file is written to a temporary name beside its target and then renamed, so an
interrupted build never leaves a half-written file behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import JcgraphError
from .reasoning import INFERRED

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}
DATASET_FORMATS = {"trig", "nq"}


def write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp)`` then rename ``tmp`` to ``target``; remove ``tmp`` on failure."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise JcgraphError(f"{target}: cannot write here ({exc.strerror})") from None
    os.close(handle)
    tmp = Path(name)
    try:
        write(tmp)
        # mkstemp makes the file private (0600); published files get the usual mode.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise JcgraphError(f"{target}: cannot write ({exc.strerror})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def build(dataset: Dataset, out: Path, formats: list[str], *, describe: bool = True) -> list[Path]:
    """Write ``jcgraph-asserted``, ``jcgraph-inferred`` and ``jcgraph`` (both) to ``out``.

    Graph formats (ttl, nt, jsonld) get the three files; dataset formats (trig, nq) get
    one file with every named graph, the inferred one included. With ``describe``, the
    build also writes ``void.ttl`` (VoID and DCAT: what each file holds) and
    ``context.jsonld`` (a JSON-LD context with plain keys for the JSON-LD export).
    """
    from rdflib import Graph, URIRef

    from .loading import union

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise JcgraphError(
            f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}"
        )
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
        if fmt in DATASET_FORMATS:
            target = out / f"jcgraph.{fmt}"
            write_atomically(target, partial(_serialize, dataset, FORMATS[fmt]))
            written.append(target)
            continue
        for stem, graph in (
            ("jcgraph-asserted", asserted),
            ("jcgraph-inferred", inferred),
            ("jcgraph", everything),
        ):
            target = out / f"{stem}.{fmt}"
            context = plain_keys if fmt == "jsonld" else None
            write_atomically(target, partial(_serialize, graph, FORMATS[fmt], context=context))
            written.append(target)
    if describe:
        sizes = {"jcgraph": len(everything), "jcgraph-asserted": len(asserted)}
        sizes["jcgraph-inferred"] = len(inferred)
        written += _describe(dataset, everything, sizes, out, written)
    return written


def _describe(
    dataset: Dataset, everything: Graph, sizes: dict[str, int], out: Path, written: list[Path]
) -> list[Path]:
    """Write ``context.jsonld`` and ``void.ttl`` (which lists every file, these included)."""
    import json

    from .void import describe, to_turtle

    context = out / "context.jsonld"
    text = json.dumps({"@context": _jsonld_context(dataset)}, ensure_ascii=False, indent=1)
    write_atomically(context, lambda tmp: tmp.write_text(text + "\n", encoding="utf-8"))
    description = describe(dataset, everything, sizes, written)
    void = out / "void.ttl"
    turtle = to_turtle(description, out)
    write_atomically(void, lambda tmp: tmp.write_text(turtle, encoding="utf-8"))
    return [context, void]


def _jsonld_context(dataset: Dataset) -> dict[str, object]:
    from rdflib import URIRef

    from .jsonld_context import context
    from .paths import GRAPH_BASE

    terms: dict[str, object] = context(dataset.graph(URIRef(GRAPH_BASE + "ontology/jcgraph")))[
        "@context"
    ]
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
