"""An on-disk Oxigraph store for graphs too large to parse and reason at each start.

``jcgraph store DIR [FILE ...]`` loads the ontology, the shipped data and any further
files (other cities in our model, say) with Oxigraph's bulk loader, adds what the rules
of ``ontology/rules/`` infer, and leaves a store that ``--store DIR`` opens in
milliseconds, read-only. Nothing passes through rdflib or owlrl, which is what lets it
reach millions of triples on one machine (bench/RESULTS.md).

Layout of the store: each file in its own named graph (as asserted), and the default
graph holding their union plus the inferred triples, which is what the questions read.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jcgraph.engines.store import MARKER
from jcgraph.errors import JcgraphError, SyntaxProblem
from jcgraph.paths import graph_iri
from jcgraph.progress import bar

if TYPE_CHECKING:
    import pyoxigraph

    from jcgraph.paths import Layout

# Oxigraph's bulk loader sorts each input in memory (up to about 2 GB per thread, not
# settable from Python); fed 100k lines at a time it stays near 200 MB and is no slower.
CHUNK_LINES = 100_000
# Triple formats only: a file's triples go to its own named graph and to the union, which
# a quad format's own graph names would bypass.
_FORMATS = {".ttl": "TURTLE", ".nt": "N_TRIPLES"}
_LINE_BASED = (".nt",)


@dataclass(frozen=True)
class Built:
    """What ``build_store`` made."""

    path: Path
    asserted: int
    inferred: int
    load_s: float
    reason_s: float  # the rules alone
    optimise_s: float  # RocksDB's compaction, once, after the rules


def _may_have_blank_nodes(path: Path) -> bool:
    """Whether the file may hold blank nodes (``_:`` or Turtle's ``[``); a false alarm,
    such as either inside a literal, only costs speed."""
    import mmap

    if path.stat().st_size == 0:
        return False
    marks = (b"_:",) if path.suffix.lower() in _LINE_BASED else (b"_:", b"[")
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as m:
        return any(m.find(mark) >= 0 for mark in marks)


def load_file(
    store: pyoxigraph.Store,
    path: Path,
    graph: str | None = None,
    blank_nodes: bool | None = None,
) -> None:
    """Bulk-load one file into ``graph`` (the default graph when None), located errors.

    N-Triples without blank nodes go in chunks of whole lines, so memory stays
    flat however large the file is. (Oxigraph names blank nodes afresh at each call, so a
    file with blank nodes is loaded in one call to keep each one a single node.)
    ``blank_nodes`` says whether it may have some, when the caller already looked.
    """
    import pyoxigraph as ox

    suffix = path.suffix.lower()
    if suffix not in _FORMATS:
        raise JcgraphError(f"{path}: unknown format; use one of {', '.join(_FORMATS)}")
    fmt = getattr(ox.RdfFormat, _FORMATS[suffix])
    target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    base = path.resolve().as_uri()
    first = 1
    try:
        if blank_nodes is None:
            blank_nodes = _may_have_blank_nodes(path)
        if suffix not in _LINE_BASED or blank_nodes:
            store.bulk_load(path=str(path), format=fmt, base_iri=base, to_graph=target)
            return
        with path.open("rb") as handle:
            while lines := list(itertools.islice(handle, CHUNK_LINES)):
                store.bulk_load(b"".join(lines), format=fmt, base_iri=base, to_graph=target)
                first += len(lines)
    except FileNotFoundError:
        raise JcgraphError(f"{path}: no such file") from None
    except SyntaxError as exc:
        message = str(exc.msg).split(": ", 1)[-1]
        line = exc.lineno + first - 1 if exc.lineno is not None else None
        raise SyntaxProblem(str(path), line, exc.offset, message) from None


def _copy_to_default_graph(store: pyoxigraph.Store, graph: str) -> None:
    """The default graph is the union; copied quad by quad so blank nodes stay the same."""
    import pyoxigraph as ox

    quads = store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)


def _check_target(target: Path, replace: bool) -> None:
    if not target.exists():
        return
    if not replace:
        raise JcgraphError(f"{target}: already exists; give --replace to rebuild it")
    if not (target / MARKER).is_file():
        raise JcgraphError(
            f"{target}: not a store made by 'jcgraph store', so --replace leaves it alone"
        )


def build_store(
    target: Path,
    extra: Iterable[Path] = (),
    *,
    reason: bool = True,
    replace: bool = False,
    where: Layout | None = None,
    progress: Callable[[str], None] | None = None,
) -> Built:
    """Build the store at ``target``: written beside it, then renamed into place."""
    from jcgraph.paths import layout

    where = where or layout()
    shipped = where.graph_files()
    extra = list(extra)
    for path in extra:  # before any work: a wrong file is found at once
        if path.suffix.lower() not in _FORMATS:
            raise JcgraphError(f"{path}: unknown format; use one of {', '.join(_FORMATS)}")
        if not path.is_file():
            raise JcgraphError(f"{path}: no such file")
    files = [(p, graph_iri(p, where.root)) for p in shipped + extra]
    _check_target(target, replace)
    with _building(target):
        _check_target(target, replace)  # again: another run may have finished meanwhile
        return _build(target, files, reason, where, progress, shipped=len(shipped))


@contextmanager
def _building(target: Path) -> Iterator[None]:
    """Hold ``.NAME.lock`` beside the store while it is built: a second ``jcgraph store``
    of the same folder stops at once instead of clearing the first one's build. The
    file goes when the build ends."""
    import fcntl

    lock = target.parent / f".{target.name}.lock"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock, "a+")  # noqa: SIM115
    except OSError as exc:
        raise JcgraphError(f"{target.parent}: cannot write here ({exc.strerror})") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise JcgraphError(
                f"{target}: another 'jcgraph store' is building it now; wait for it to finish"
            ) from None
        try:
            yield
        finally:
            lock.unlink(missing_ok=True)  # nothing is left beside the store
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build(
    target: Path,
    files: list[tuple[Path, str]],
    reason: bool,
    where: Layout,
    progress: Callable[[str], None] | None,
    *,
    shipped: int,
) -> Built:
    try:
        for pattern in (".building-*", ".old-*"):  # left by a build that was killed
            for stale in target.parent.glob(f".{target.name}{pattern}"):
                shutil.rmtree(stale, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    except OSError as exc:
        raise JcgraphError(f"{target.parent}: cannot write here ({exc.strerror})") from None
    try:
        built = _fill(tmp, files, reason, where, progress, shipped=shipped)
        _swap(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise JcgraphError(f"{target}: the store could not be written ({exc})") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Built(target, *built)


def _fill(
    folder: Path,
    files: list[tuple[Path, str]],
    reason: bool,
    where: Layout,
    progress: Callable[[str], None] | None,
    *,
    shipped: int,
) -> tuple[int, int, float, float, float]:
    """Load and reason into a new store at ``folder``; the store is closed on return."""
    import json

    import pyoxigraph as ox

    from jcgraph.pipeline.rules import load_rules, materialise
    from jcgraph.version import __version__

    store = ox.Store(str(folder))
    try:
        started = time.perf_counter()
        if progress:
            progress(f"loading the ontology and data ({shipped} files)")
        for n, (path, graph) in enumerate(bar(files, "loading files", unit="file")):
            if progress and n >= shipped:
                progress(f"loading {path}")
            blank_nodes = _may_have_blank_nodes(path)  # one scan of the file, not three
            load_file(store, path, graph, blank_nodes)
            # the default graph is the union (a set: a triple in two files is one). Loading
            # the file again is fastest, but would give its blank nodes new names.
            if blank_nodes:
                _copy_to_default_graph(store, graph)
            else:
                load_file(store, path, None, blank_nodes)
        store.flush()
        loaded = time.perf_counter() - started
        asserted = _count(store)
        started = time.perf_counter()
        if reason:
            if progress:
                progress("adding what the rules of ontology/rules/ infer")
            materialise(store, load_rules(where.rules))
        reasoned = time.perf_counter() - started
        inferred = _count(store) - asserted
        started = time.perf_counter()
        store.flush()
        store.optimize()  # compacted once: reads are faster ever after
        optimised = time.perf_counter() - started
    except BaseException as exc:
        # close the store first (the traceback's frames hold it too), or RocksDB would
        # write into the folder about to be removed
        del store
        traceback.clear_frames(exc.__traceback__)
        raise
    del store
    made = {
        "jcgraph": __version__,
        "reasoning": "rules" if reason else "none",
        "files": [str(path) for path, _ in files],
        "asserted": asserted,
        "inferred": inferred,
        "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    (folder / MARKER).write_text(json.dumps(made, indent=1) + "\n", encoding="utf-8")
    return asserted, inferred, loaded, reasoned, optimised


def _swap(new: Path, target: Path) -> None:
    """Move ``new`` to ``target``; an old store there goes only once the new one is in."""
    if not target.exists():
        os.replace(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.replace(target, old / "store")
    try:
        os.replace(new, target)
    except OSError:
        os.replace(old / "store", target)  # put the old one back
        raise
    shutil.rmtree(old, ignore_errors=True)


def _count(store: pyoxigraph.Store) -> int:
    """Triples in the default graph (what the questions see)."""
    import pyoxigraph as ox

    answer = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(answer, ox.QuerySolutions)
    return int(next(iter(answer))["n"].value)
