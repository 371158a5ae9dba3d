"""Opening an on-disk Oxigraph store made by ``jcgraph store`` (see ``pipeline.store``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jcgraph.errors import JcgraphError

if TYPE_CHECKING:
    import pyoxigraph

MARKER = "jcgraph-store.json"  # how the store was made; also marks it as ours to replace


def store_info(path: Path) -> dict[str, object]:
    """What ``jcgraph-store.json`` says about how the store was made ({} if absent)."""
    import json

    try:
        info: dict[str, object] = json.loads((path / MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return info


def open_store(path: Path) -> pyoxigraph.Store:
    """A store made by ``build_store``, opened read-only."""
    import pyoxigraph as ox

    if not (path / "CURRENT").is_file():
        raise JcgraphError(f"{path}: not an Oxigraph store; make one with 'jcgraph store {path}'")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise JcgraphError(f"{path}: cannot open the store ({exc})") from None
