"""Apache Jena's SHACL validator as a second SHACL engine (Debian's ``libapache-jena-java``).

``classpath(cache_dir)`` finds Java and the Jena jars; ``validate(data_files, shapes_files,
workdir)`` runs ``shacl.shacl validate`` and returns the results as comparable tuples::

    (focus node, result path, source constraint component, severity, source shape)

Terms are strings: IRIs as they are, literals in N-Triples form, components and severities
in the sh: namespace as ``sh:Name``, paths in SPARQL property-path syntax when not a single
IRI. A blank-node source shape (an inline ``sh:property [ ... ]``) becomes
``"<named shape that contains it> <its sh:path>"``; blank focus nodes cannot be matched
across engines and become ``"_:"``. ``result_tuples(report, shapes)`` gives the same tuples
for any SHACL report graph (pyshacl's included), so the two engines can be compared.

Two things about Debian's Jena 4.5:

* jena-core.jar relocates the shaded Xerces classes to ``xerces.*`` but leaves their
  message bundles under ``org/apache/jena/ext/xerces/``; the first sh:pattern (or any
  regex) then fails with "Can't find bundle for base name xerces.impl.xpath.regex.message".
  ``classpath`` copies the bundles to ``cache_dir/xerces/...`` and puts cache_dir first.
* Jena does not keep blank-node identity in its report (``sh:sourceShape []``), so blank
  property shapes and blank targeted shapes are given IRIs in the copy of the shapes Jena
  reads and mapped back afterwards.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterable
from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

SH = Namespace("http://www.w3.org/ns/shacl#")
JENA_PACKAGE = "libapache-jena-java"
JAVA_DIR = Path("/usr/share/java")
MAIN_CLASS = "shacl.shacl"
REQUIRED_JARS = ("jena-core.jar", "jena-arq.jar", "jena-shacl.jar", "jena-cmds.jar")
# libslf4j-java ships every SLF4J binding and bridge; two bindings, or a binding with its
# own bridge (slf4j-log4j12 with log4j-over-slf4j), stop Jena at start-up. Keep slf4j-simple.
LOGGING_JARS = re.compile(
    r"(slf4j-(jcl|jdk14|log4j12|nop|reload4j|migrator|ext)|"
    r"(jcl|jul|log4j)-(over|to)-slf4j)([-.].*)?\.jar"
)
SKOLEM = "urn:x-jena-shacl:bnode:"
# Blank objects of these get IRIs in the copy Jena reads: sh:property values can be a
# result's source shape, and an sh:sparql node named in a parse error can be traced back.
_SKOLEMISED = (SH.property, SH.sparql)
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


class JenaError(RuntimeError):
    """Jena is missing, or ``shacl validate`` failed."""


class JenaShapesError(JenaError):
    """Jena rejected the shapes graph (ShaclParseException)."""


# ---------------------------------------------------------------- classpath


def classpath(cache_dir: str | os.PathLike) -> str | None:
    """The classpath for Jena's ``shacl`` command, or None when java or the jars are missing.

    The jars come from ``dpkg -L`` of libapache-jena-java and of the ``lib*-java`` packages
    it depends on (transitively), as Debian installs them.
    ``cache_dir`` receives the Xerces message bundles (see the module docstring).
    """
    if shutil.which("java") is None:
        return None
    jars = _dpkg_jars()
    if not jars or not all(any(Path(j).name == r for j in jars) for r in REQUIRED_JARS):
        return None
    entries = list(jars)
    try:
        if _extract_xerces_bundles(
            next(j for j in jars if Path(j).name == "jena-core.jar"), Path(cache_dir)
        ):
            entries.insert(0, str(Path(cache_dir).resolve()))
    except (OSError, zipfile.BadZipFile):
        return None
    return os.pathsep.join(entries)


def _dpkg(*args: str) -> str | None:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


@functools.cache
def _dpkg_jars() -> list[str]:
    """Jars in /usr/share/java of the Jena package and its Java library dependencies."""
    jars: dict[str, str] = {}  # real path -> path, first seen wins
    seen: set[str] = set()
    todo = [JENA_PACKAGE]
    while todo:
        package = todo.pop(0)
        if package in seen:
            continue
        seen.add(package)
        files = _dpkg("dpkg", "-L", package)
        if files is None:
            if package == JENA_PACKAGE:
                return []
            continue
        for line in files.splitlines():
            path = Path(line)
            if (
                path.parent == JAVA_DIR
                and path.suffix == ".jar"
                and path.is_file()
                and not LOGGING_JARS.fullmatch(path.name)
            ):
                jars.setdefault(os.path.realpath(path), str(path))
        depends = _dpkg("dpkg-query", "-W", "-f=${Depends}", package) or ""
        for clause in depends.split(","):
            # "a (>= 1) | b": the first alternative that is a Java library
            for alternative in clause.split("|"):
                name = alternative.strip().split(" ")[0].split(":")[0]
                if name.startswith("lib") and name.endswith("-java"):
                    todo.append(name)
                    break
    return list(jars.values())


def _extract_xerces_bundles(jena_core: str, cache_dir: Path) -> bool:
    """Copy the relocated Xerces ``*.properties`` to ``cache_dir``; True if it was needed."""
    prefix = "org/apache/jena/ext/xerces/"
    with zipfile.ZipFile(jena_core) as jar:
        names = set(jar.namelist())
        relocated = "xerces/impl/xpath/regex/RegularExpression.class" in names
        if not relocated or "xerces/impl/xpath/regex/message.properties" in names:
            return False
        for name in names:
            if name.startswith(prefix) and name.endswith(".properties"):
                target = cache_dir / "xerces" / name[len(prefix) :]
                info = jar.getinfo(name)
                if target.is_file() and target.stat().st_size == info.file_size:
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return True


# ---------------------------------------------------------------- validation


def validate(
    data_files: Iterable[str | os.PathLike],
    shapes_files: Iterable[str | os.PathLike],
    workdir: str | os.PathLike,
    timeout: float = 600,
) -> set[tuple]:
    """Validate the union of ``data_files`` against the union of ``shapes_files`` with Jena.

    Returns the set of result tuples (see the module docstring); Jena reports one result
    per solution of a SPARQL constraint, so equal results collapse here (``report`` keeps
    them). ``workdir`` holds the merged inputs, the report and the Xerces bundles.

    Raises:
        JenaShapesError: Jena could not parse the shapes graph (the message says why).
        JenaError: Java or the jars are missing, or the run failed otherwise.
    """
    shapes = _load(shapes_files)
    report_graph = report(data_files, shapes, workdir, timeout)
    return result_tuples(report_graph, shapes)


def report(
    data_files: Iterable[str | os.PathLike],
    shapes: Graph,
    workdir: str | os.PathLike,
    timeout: float = 600,
) -> Graph:
    """Jena's validation report for ``data_files`` and the shapes graph ``shapes``.

    Blank source shapes reported by Jena are replaced by the shapes graph's blank nodes.
    """
    work = Path(workdir)
    work.mkdir(parents=True, exist_ok=True)
    cp = classpath(work / "jena-resources")
    if cp is None:
        raise JenaError("Jena is not available: java or the libapache-jena-java jars are missing")
    skolem, back = _skolemise_shapes(shapes)
    shapes_nt, data_nt, report_ttl = work / "shapes.nt", work / "data.nt", work / "report.ttl"
    skolem.serialize(shapes_nt, format="nt", encoding="utf-8")
    _load(data_files).serialize(data_nt, format="nt", encoding="utf-8")
    command = [
        "java",
        "-cp",
        cp,
        MAIN_CLASS,
        "validate",
        "--shapes",
        str(shapes_nt),
        "--data",
        str(data_nt),
    ]
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise JenaError(f"Jena's shacl validate took more than {timeout} s") from e
    _check(done, shapes, back)
    report_ttl.write_bytes(done.stdout)
    return _unskolemise(Graph().parse(data=done.stdout.decode("utf-8"), format="turtle"), back)


def validate_many(
    cases: list[list[Path]],
    shapes_files: Iterable[str | os.PathLike],
    workdir: str | os.PathLike,
    timeout: float = 600,
) -> list[set[tuple]]:
    """``validate`` for each list of data files in ``cases``, in one JVM when a Java
    compiler is there to build ``jena/ValidateMany.java`` (Java's start-up is most of the
    cost of a small case), else one ``shacl validate`` run each."""
    work = Path(workdir)
    if shutil.which("javac") is None:
        return [validate(files, shapes_files, work / str(i)) for i, files in enumerate(cases)]
    work.mkdir(parents=True, exist_ok=True)
    cp = classpath(work / "jena-resources")
    if cp is None:
        raise JenaError("Jena is not available: java or the libapache-jena-java jars are missing")
    classes = work / "classes"
    source = Path(__file__).with_name("jena") / "ValidateMany.java"
    compiled = subprocess.run(
        ["javac", "-cp", cp, "-d", str(classes), str(source)], capture_output=True, timeout=timeout
    )
    if compiled.returncode != 0:
        raise JenaError(f"javac failed: {compiled.stderr.decode('utf-8', 'replace')[:500]}")
    shapes = _load(shapes_files)
    skolem, back = _skolemise_shapes(shapes)
    skolem.serialize(work / "shapes.nt", format="nt", encoding="utf-8")
    data = []
    for i, files in enumerate(cases):
        data.append(work / f"data-{i}.nt")
        _load(files).serialize(data[-1], format="nt", encoding="utf-8")
    reports = work / "reports"
    reports.mkdir(exist_ok=True)
    command = ["java", "-cp", os.pathsep.join([str(classes), cp]), "ValidateMany"]
    command += [str(work / "shapes.nt"), str(reports), *map(str, data)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise JenaError(f"Jena took more than {timeout} s") from e
    _check(done, shapes, back)
    return [
        result_tuples(_unskolemise(Graph().parse(reports / f"{i}.ttl"), back), shapes)
        for i in range(len(cases))
    ]


def _check(done: subprocess.CompletedProcess, shapes: Graph, back: dict[Node, Node]) -> None:
    """Raise the error a failed Jena run reports (a shapes parse error by name)."""
    if done.returncode == 0:
        return
    stderr = done.stderr.decode("utf-8", "replace")
    parse_error = re.search(r"ShaclParseException: (.*)", stderr)
    if parse_error:
        message = re.sub(r"<http://www\.w3\.org/ns/shacl#(\w+)>", r"sh:\1", parse_error[1])
        message = re.sub(
            "<(" + re.escape(SKOLEM) + r"[^>\s]*)>",
            lambda m: f"[blank node in {_shape(shapes, back[URIRef(m[1])])}]",
            message,
        )
        raise JenaShapesError(f"Jena cannot parse the shapes: {message}")
    lines = [line for line in stderr.splitlines() if line.strip()]
    raise JenaError(
        f"Jena failed (exit {done.returncode}): " + ("; ".join(lines[:3]) or "no message")
    )


def _unskolemise(graph: Graph, back: dict[Node, Node]) -> Graph:
    """Put the shapes graph's blank nodes back as the reported source shapes."""
    for result, source in list(graph.subject_objects(SH.sourceShape)):
        if source in back:
            graph.set((result, SH.sourceShape, back[source]))
    return graph


def result_tuples(report_graph: Graph, shapes: Graph) -> set[tuple]:
    """The results of a SHACL report graph as (focus, path, component, severity, source)."""
    tuples = set()
    for result in report_graph.objects(None, SH.result):
        path = report_graph.value(result, SH.resultPath)
        tuples.add(
            (
                _term(report_graph.value(result, SH.focusNode)),
                None if path is None else _path(report_graph, path),
                _term(report_graph.value(result, SH.sourceConstraintComponent)),
                _term(report_graph.value(result, SH.resultSeverity)),
                _shape(shapes, report_graph.value(result, SH.sourceShape)),
            )
        )
    return tuples


def _load(files: Iterable[str | os.PathLike]) -> Graph:
    graph = Graph()
    for file in files:
        graph.parse(str(file))
    return graph


def _skolemise_shapes(shapes: Graph) -> tuple[Graph, dict[Node, Node]]:
    """A copy of ``shapes`` in which the blank values of sh:property and sh:sparql and blank
    targeted shapes are IRIs, and the way back."""
    blank = {o for p in _SKOLEMISED for o in shapes.objects(None, p) if isinstance(o, BNode)}
    blank |= {s for p in _TARGETS for s in shapes.subjects(p, None) if isinstance(s, BNode)}
    to_iri: dict[Node, Node] = {b: URIRef(SKOLEM + str(b)) for b in blank}
    copy = Graph()
    for s, p, o in shapes:
        copy.add((to_iri.get(s, s), p, to_iri.get(o, o)))
    return copy, {iri: b for b, iri in to_iri.items()}


def _term(node) -> str | None:
    if node is None:
        return None
    if isinstance(node, BNode):
        return "_:"
    if isinstance(node, Literal):
        return node.n3()
    if str(node).startswith(str(SH)):
        return "sh:" + str(node)[len(SH) :]
    return str(node)


def _path(graph: Graph, node, nested: bool = False) -> str:
    """A SHACL path as a string: the IRI itself at the top, SPARQL path syntax otherwise."""
    if isinstance(node, URIRef):
        return f"<{node}>" if nested else str(node)
    if (node, RDF.first, None) in graph:
        return "(" + "/".join(_path(graph, n, True) for n in Collection(graph, node)) + ")"
    for predicate, form in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "({})*"),
        (SH.oneOrMorePath, "({})+"),
        (SH.zeroOrOnePath, "({})?"),
    ):
        inner = graph.value(node, predicate)
        if inner is not None:
            return form.format(_path(graph, inner, True))
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path(graph, n, True) for n in Collection(graph, alternatives)) + ")"
    return "_:"


def _shape(shapes: Graph, node) -> str | None:
    """A source shape: its IRI, or for a blank shape the named shape containing it and its
    sh:path (e.g. ``"https://ex.org/S https://ex.org/p"``)."""
    if not isinstance(node, BNode):
        return _term(node)
    owner: str | None = None
    current: Node = node
    seen: set[Node] = set()
    while owner is None and current not in seen:
        seen.add(current)
        parent = next(iter(shapes.subjects(None, current)), None)
        if parent is None:
            break
        if isinstance(parent, URIRef):
            owner = str(parent)
        current = parent
    path = shapes.value(node, SH.path)
    label = " ".join(x for x in (owner, None if path is None else _path(shapes, path)) if x)
    return label or "_:"
