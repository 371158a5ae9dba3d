"""Loading: one named graph per file, and bad Turtle located by file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from jcgraph.errors import JcgraphError, SyntaxProblem
from jcgraph.namespaces import GRAPH_BASE
from jcgraph.paths import layout
from jcgraph.pipeline.load import load, parse_turtle

BAD = Path(__file__).parent / "fixtures" / "bad"


def test_one_named_graph_per_file(asserted):
    names = {str(g.identifier) for g in asserted.dataset.graphs() if len(g)}
    files = layout().graph_files()
    assert len(files) > 5
    for path in files:
        relative = path.relative_to(layout().root).with_suffix("").as_posix()
        assert GRAPH_BASE + relative in names


def test_default_graph_is_the_union(asserted):
    result = asserted.dataset.query("ASK { ?s a <https://w3id.org/jcgraph/ontology#Province> }")
    assert result.askAnswer


@pytest.mark.parametrize(
    ("name", "line", "column"),
    [("unterminated-string.ttl", 3, 26), ("unknown-prefix.ttl", 5, 5), ("missing-dot.ttl", 4, 1)],
)
def test_bad_turtle_is_located(name, line, column):
    """Guards the error position users rely on to fix their files."""
    with pytest.raises(SyntaxProblem) as caught:
        parse_turtle(BAD / name, Graph())
    assert (caught.value.line, caught.value.column) == (line, column)
    assert str(caught.value).startswith(f"{BAD / name}:{line}:{column}: ")


def test_missing_file_is_an_input_error(tmp_path):
    """A missing file is the user's error (exit code 2), named with its path."""
    absent = tmp_path / "absent.ttl"
    with pytest.raises(JcgraphError) as caught:
        load([absent])
    assert caught.value.message == f"{absent}: no such file"
    assert caught.value.exit_code == 2
