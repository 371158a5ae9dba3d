"""The catalogue of stored SPARQL questions in ``queries/``, and their parameters.

Each ``.rq`` file is plain SPARQL whose header comment lines carry its metadata::

    #+ summary: Indicators that more than doubled between 2020 and 2025
    #+ summary_zh: 2025年比2020年翻番的指标
    #+ description: ...
    #+ tags: economy, growth
    #+ param: org=金川集团

A parameter ``NAME`` is the variable ``?_NAME`` in the query (``?_NAME_zh`` and
``?_NAME_en`` for the value as a Chinese or English literal); a value given with
``--param NAME=VALUE`` (or the header's default) is bound as a literal, or as an IRI when
written ``<...>`` (``pipeline.params``).
Files named ``*-violation.rq`` are data-quality checks: they pass when they return no row.
A query that reaches another endpoint through SERVICE says so with ``#+ network: yes``
(and the tag ``network``); it runs only when that endpoint is allowed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jcgraph.errors import JcgraphError
from jcgraph.files import read_text
from jcgraph.pipeline import params

if TYPE_CHECKING:
    from jcgraph.engines import Engine
    from jcgraph.results import Result

_HEADER = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*?)\s*$")


@dataclass(frozen=True)
class StoredQuery:
    """One stored question."""

    name: str
    path: Path
    text: str
    summary: str = ""
    summary_zh: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    params: dict[str, str] = field(default_factory=dict)
    network: bool = False
    names: tuple[str, ...] = ()  # parameters whose value is an entity's label

    @property
    def is_check(self) -> bool:
        """Whether this is a data-quality check (passes with zero rows)."""
        return self.name.endswith("-violation")


def read_query(path: Path) -> StoredQuery:
    """Read one ``.rq`` file and its header (again only when the file changed: the server
    asks for a stored question at every request)."""
    try:
        stat = path.stat()
    except OSError:
        return _read_query(path, 0, 0)  # reports the problem
    return _read_query(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _read_query(path: Path, mtime_ns: int, size: int) -> StoredQuery:
    text = read_text(path)
    meta: dict[str, str] = {}
    params: dict[str, str] = {}
    for line in text.splitlines():
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match[1], match[2]
        if key == "param":
            name, _, default = value.partition("=")
            params[name.strip()] = default.strip()
        else:
            meta[key] = value
    tags = tuple(t.strip() for t in meta.get("tags", "").strip("[]").split(",") if t.strip())
    return StoredQuery(
        name=path.stem,
        path=path,
        text=text,
        summary=meta.get("summary", ""),
        summary_zh=meta.get("summary_zh", ""),
        description=meta.get("description", ""),
        tags=tags,
        params=params,
        network=meta.get("network", "").lower() in ("yes", "true") or "network" in tags,
        names=tuple(n.strip() for n in meta.get("names", "").split(",") if n.strip()),
    )


def catalogue(folder: Path) -> list[StoredQuery]:
    """Every stored query under ``folder``, sorted by name."""
    return [read_query(p) for p in sorted(folder.glob("*.rq"))]


def find(folder: Path, name: str) -> StoredQuery:
    """A stored query by name (without ``.rq``), or a clear error listing near names."""
    path = folder / f"{name}.rq"
    if path.is_file():
        return read_query(path)
    import difflib

    known = [q.name for q in catalogue(folder)]
    # closest by spelling first (indicator-tripled, honors-by-level), then names holding it
    near = difflib.get_close_matches(name, known, n=5, cutoff=0.6)
    near += [k for k in known if name and name in k and k not in near][: 5 - len(near)]
    if not near:
        raise JcgraphError(f"no stored query named {name!r}; `jcgraph queries` lists them all")
    raise JcgraphError(f"no stored query named {name!r}; did you mean: {', '.join(near)}?")


def bind(query: StoredQuery, given: Mapping[str, str]) -> str:
    """The query with each parameter bound to its value (given, else its default).

    >>> q = StoredQuery("x", Path("x.rq"), "SELECT * WHERE { ?o ?p ?_org }", params={"org": "金川"})
    >>> bind(q, {})
    'SELECT * WHERE { ?o ?p "金川" }'
    """
    unknown = set(given) - set(query.params)
    if unknown:
        accepted = ", ".join(sorted(query.params)) or "none"
        raise JcgraphError(
            f"{query.name}: unknown parameter(s) {', '.join(sorted(unknown))}; it takes: {accepted}"
        )
    values = {**query.params, **given}
    missing = [k for k, v in values.items() if v == ""]
    if missing:
        raise JcgraphError(f"{query.name}: give a value with --param {missing[0]}=VALUE")
    return params.bind(query.text, {name: params.term(v, name) for name, v in values.items()})


def run_query(
    engine: Engine,
    sparql: str,
    *,
    where: str = "query",
    allow_service: Iterable[str] = (),
    stored: bool = False,
) -> Result:
    """Answer ``sparql`` on ``engine`` unless it would reach the network uninvited.

    SERVICE may reach only the endpoints in ``allow_service``; those calls are bounded by
    a socket timeout (``engines.guard``). ``stored``: the text is one of our stored
    questions, whose verdict may be kept for the next process.
    """
    from jcgraph.engines.guard import refuse_outbound

    refuse_outbound(sparql, where, allow_service, remember=stored)
    return execute(engine, sparql, where=where, allow_service=allow_service)


def execute(
    engine: Engine, sparql: str, *, where: str = "query", allow_service: Iterable[str] = ()
) -> Result:
    """Answer ``sparql``, already checked by ``engines.guard``; SERVICE calls to the
    allowed endpoints are bounded by a socket timeout."""
    from jcgraph.engines.guard import network_timeout, service_targets

    if not service_targets(sparql):
        return engine.query(sparql, where=where)
    with network_timeout(allow_service=allow_service):
        return engine.query(sparql, where=where)


def network_block(stored: StoredQuery, allow_service: Iterable[str]) -> str | None:
    """Why a network-tagged stored query may not run now (its endpoint is not allowed)."""
    from jcgraph.engines.guard import service_targets

    if not stored.network:
        return None
    allowed = {a.strip().removeprefix("<").removesuffix(">") for a in allow_service}
    try:
        targets = service_targets(bind(stored, {}))
    except JcgraphError as exc:
        return exc.message
    missing = [t or "a variable endpoint" for t in targets if t not in allowed]
    if not missing:
        return None
    return f"needs the network ({', '.join(missing)}): run it with --allow-service {missing[0]}"


LABELS = (
    "SELECT DISTINCT ?label WHERE { ?entity <http://www.w3.org/2000/01/rdf-schema#label>"
    "|<http://www.w3.org/2004/02/skos/core#altLabel> ?label FILTER(isLiteral(?label)) }"
)


def check_names(engine: Engine, query: StoredQuery, given: Mapping[str, str]) -> None:
    """Raise a clear error when a parameter that names an entity names none: the label
    nobody has, and the closest labels there are (for an answer of no rows)."""
    import difflib

    wanted = {n: given[n] for n in query.names if n in given}
    if not wanted:
        return
    labels = sorted({row[0].value for row in engine.query(LABELS).rows if row[0] is not None})
    for name, value in wanted.items():
        if value in labels:
            continue
        near = difflib.get_close_matches(value, labels, n=5, cutoff=0.4)
        near += [x for x in labels if value and value in x and x not in near][: 5 - len(near)]
        hint = f"; the closest labels: {', '.join(near)}" if near else ""
        raise JcgraphError(f"{query.name}: no entity is named {value!r} (--param {name}){hint}")
