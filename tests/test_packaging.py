"""The wheel carries the graph's sources, so an installed jcgraph works from anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_contains_ontology_data_queries_and_linking(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("jcgraph-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("ontology", "data", "queries", "linking"):
        shipped = {
            p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*") if p.is_file()
        }
        assert shipped, folder
        for name in shipped:
            assert f"jcgraph/resources/{name}" in names
    package = ROOT / "src" / "jcgraph"
    modules = {f"jcgraph/{p.relative_to(package).as_posix()}" for p in package.rglob("*.py")}
    assert "jcgraph/cli/__init__.py" in modules
    assert modules <= names, sorted(modules - names)
    # the query page `jcgraph serve` ships (package data, no CDN)
    for asset in ("index.html", "app.js", "style.css"):
        assert f"jcgraph/serve/web/{asset}" in names

    # Installed from the wheel (not the checkout), it finds its graph from any directory.
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import jcgraph, jcgraph.paths as p; "
        "assert p.layout().root.is_relative_to(jcgraph.paths._PACKAGE), p.layout().root; "
        "from jcgraph.cli import cli; cli(['query', '--reason', 'none', '--sparql', "
        "'SELECT (COUNT(*) AS ?n) WHERE { ?s a ?t }'])"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "(1 row)" in run.stdout


def test_version_is_written_once():
    """The version lives in version.py; the ontology's owl:versionInfo must equal it, and
    no other module or the project file writes it."""
    import re

    from rdflib import OWL, Graph

    from jcgraph import __version__

    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)
    ontology = Graph().parse(ROOT / "ontology" / "jcgraph.ttl")
    stated = {str(v) for v in ontology.objects(None, OWL.versionInfo)}
    assert stated == {__version__}, stated
    writers = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "src" / "jcgraph").rglob("*.py")
        if re.search(rf"[\"']{re.escape(__version__)}[\"']", p.read_text(encoding="utf-8"))
    ]
    assert writers == ["src/jcgraph/version.py"]
    assert (
        "version ="
        not in (ROOT / "pyproject.toml")
        .read_text(encoding="utf-8")
        .split("[project]")[1]
        .split("[")[0]
    )
