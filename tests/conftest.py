"""Shared fixtures: the graph is loaded and reasoned once per test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import jcgraph
from jcgraph.api import Graph
from jcgraph.paths import source_article


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Each test session builds its own cache, so no test sees a stale or shared one."""
    patch = pytest.MonkeyPatch()
    patch.setenv("JCGRAPH_CACHE", str(tmp_path_factory.mktemp("cache")))
    yield
    patch.undo()


@pytest.fixture(scope="session")
def asserted() -> Graph:
    """The shipped graph without reasoning."""
    return jcgraph.load()


@pytest.fixture(scope="session")
def reasoned() -> Graph:
    """The shipped graph with its OWL 2 RL closure (the default for questions)."""
    return jcgraph.load(reason="owlrl")


@pytest.fixture(scope="session")
def source_text() -> str:
    """The article's text, or a skip when it is not on this machine."""
    path = source_article()
    if path is None or not path.is_file():
        pytest.skip("source article not found: set JCGRAPH_SOURCE or place it at ../shared/source")
    return path.read_text(encoding="utf-8")
