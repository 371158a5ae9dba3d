"""The catalogue of stored SPARQL questions in ``queries/``, and their parameters.

Each ``.rq`` file is plain SPARQL whose header comment lines carry its metadata::

    #+ summary: Indicators that more than doubled between 2020 and 2025
    #+ summary_zh: 2025年比2020年翻番的指标
    #+ description: ...
    #+ tags: economy, growth
    #+ param: org=金川集团

A parameter ``NAME`` is the variable ``?_NAME`` in the query; a value given with
``--param NAME=VALUE`` (or the header's default) replaces it as a literal (or an IRI when
written ``<...>``), as grlc does. A trailing VALUES clause would not do: SPARQL joins it
after the WHERE pattern, so a FILTER inside would never see the value.
Files named ``*-violation.rq`` are data-quality checks: they pass when they return no row.
A query that reaches another endpoint through SERVICE says so with ``#+ network: yes``
(and the tag ``network``); it runs only when that endpoint is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import JcgraphError

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

    @property
    def is_check(self) -> bool:
        """Whether this is a data-quality check (passes with zero rows)."""
        return self.name.endswith("-violation")


def read_query(path: Path) -> StoredQuery:
    """Read one ``.rq`` file and its header."""
    text = path.read_text(encoding="utf-8")
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
    )


def catalogue(folder: Path) -> list[StoredQuery]:
    """Every stored query under ``folder``, sorted by name."""
    return [read_query(p) for p in sorted(folder.glob("*.rq"))]


def find(folder: Path, name: str) -> StoredQuery:
    """A stored query by name (without ``.rq``), or a clear error listing near names."""
    path = folder / f"{name}.rq"
    if path.is_file():
        return read_query(path)
    known = [q.name for q in catalogue(folder)]
    near = [k for k in known if name in k] or known[:10]
    raise JcgraphError(f"no stored query named {name!r}; try one of: {', '.join(near)}")


def bind(query: StoredQuery, given: dict[str, str]) -> str:
    """The query text with each ``?_NAME`` replaced by its value.

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
    text = query.text
    for name, value in values.items():
        text = _substitute(text, name, _sparql_term(value))
    return text


def _substitute(text: str, name: str, term: str) -> str:
    return re.sub(rf"[?$]_{re.escape(name)}\b", lambda _match: term, text)


def _sparql_term(value: str) -> str:
    if value.startswith("<") and value.endswith(">") and " " not in value:
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
