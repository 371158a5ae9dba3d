"""The package's layers: imports only run downwards, and the build-cache key sees them all.

interface (``api``, ``cli``, ``serve``) → pipeline (``pipeline``, ``export``, ``linking``) →
engines and formats → the base modules (namespaces, paths, errors, results …). Imports
under ``if TYPE_CHECKING:`` are for annotations only and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import jcgraph

PACKAGE = Path(jcgraph.__file__).parent
LAYERS = {
    "interface": 3,
    "api": 3,
    "cli": 3,
    "serve": 3,
    "pipeline": 2,
    "export": 2,
    "linking": 2,
    "engines": 1,
    "formats": 1,
}
BASE = 0  # every other top-level module: version, errors, namespaces, paths, results …


def layer(module: str) -> int:
    """The layer of ``jcgraph.X.…`` by its first part after ``jcgraph``."""
    parts = module.split(".")
    if parts == ["jcgraph"]:
        return LAYERS["interface"]  # the package's __init__ re-exports the API
    return LAYERS.get(parts[1], BASE)


def runtime_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of each ``jcgraph`` import outside ``if TYPE_CHECKING:`` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for child in node.body for n in ast.walk(child)}
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("jcgraph"):
            if node.module == "jcgraph":
                found += [(node.lineno, f"jcgraph.{a.name}") for a in node.names]
            else:
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("jcgraph")]
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__")


def test_the_package_has_modules_in_every_layer():
    layers = {layer(module_name(p)) for p in MODULES}
    assert layers == {0, 1, 2, 3}
    assert len(MODULES) > 40


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_run_downwards(path: Path):
    """Regression: pipeline modules imported the API, engines imported loading and storage,
    data modules took their prefixes from the terminal-table module."""
    here = module_name(path)
    upward = [
        f"line {line}: {target}"
        for line, target in runtime_imports(path)
        if layer(target) > layer(here)
    ]
    assert not upward, f"{here} (layer {layer(here)}) imports from a higher layer: {upward}"


def test_no_private_name_crosses_a_module():
    """Regression: ``engines._from_oxigraph`` and ``sparql_client._opener`` were imported
    from other modules."""
    crossing = []
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("jcgraph"):
                crossing += [
                    f"{module_name(path)}: {node.module}.{a.name}"
                    for a in node.names
                    if a.name.startswith("_") and a.name != "__version__"
                ]
    assert not crossing


def test_every_namespace_is_written_once():
    """Regression: ID_BASE was defined three times, DATASET and the licence twice."""
    namespaces = (
        "https://w3id.org/jcgraph/id/",
        "https://creativecommons.org/licenses/by/4.0/",
        "https://w3id.org/jcgraph/id/dataset/jcgraph",
    )
    for namespace in namespaces:
        holders = [
            module_name(p)
            for p in MODULES
            if f'"{namespace}"' in p.read_text(encoding="utf-8") and p.name != "namespaces.py"
        ]
        assert not holders, (namespace, holders)


def test_the_api_names_are_not_shadowed_by_subpackages():
    """Regression: the subpackage ``jcgraph.link`` replaced the function ``jcgraph.link`` as
    soon as it was imported, so the second call failed ('module' object is not callable)."""
    import importlib

    for path in MODULES:
        importlib.import_module(module_name(path))
    from jcgraph import api

    for name in jcgraph.__all__:
        if name != "__version__":
            assert getattr(jcgraph, name) is getattr(api, name), name
