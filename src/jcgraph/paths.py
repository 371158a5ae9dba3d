"""Where the graph's sources live: ontology/, data/, queries/, linking/ and the article.

This is the only module that knows the layout. In a checkout the folders sit at the
repository root; in an installed wheel they are packaged under ``jcgraph/resources``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from jcgraph.namespaces import GRAPH_BASE

_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Layout:
    """The folders jcgraph reads from."""

    root: Path

    @property
    def ontology(self) -> Path:
        return self.root / "ontology"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def queries(self) -> Path:
        return self.root / "queries"

    @property
    def linking(self) -> Path:
        """Linking profiles: which properties of an external graph say what (linking/)."""
        return self.root / "linking"

    @property
    def rules(self) -> Path:
        """The OWL 2 RL rules as SPARQL updates (ontology/rules/*.ru)."""
        return self.ontology / "rules"

    def rule_files(self) -> list[Path]:
        """Every rule file, in the order the rules run."""
        return sorted(self.rules.glob("*.ru"))

    def graph_files(self) -> list[Path]:
        """Every Turtle file of the ontology and the data, in a stable order."""
        return sorted(self.ontology.glob("*.ttl")) + sorted(self.data.glob("*.ttl"))

    def shapes_files(self) -> list[Path]:
        """SHACL shapes: every Turtle file under ontology/shapes/ (not part of the graph)."""
        return sorted((self.ontology / "shapes").glob("*.ttl"))


def layout() -> Layout:
    """The checkout's folders when run from one, else the packaged copies.

    >>> (layout().ontology / "jcgraph.ttl").is_file()
    True
    """
    checkout = _PACKAGE.parent.parent
    if (checkout / "ontology").is_dir() and (checkout / "pyproject.toml").is_file():
        return Layout(checkout)
    return Layout(_PACKAGE / "resources")


def graph_iri(path: Path, root: Path) -> str:
    """The named-graph IRI of a source file: its path under ``root``, else its file IRI.

    >>> graph_iri(Path("/r/data/economy.ttl"), Path("/r"))
    'https://w3id.org/jcgraph/graph/data/economy'
    """
    try:
        relative = path.resolve().relative_to(root.resolve())
    except ValueError:
        return path.resolve().as_uri()
    return GRAPH_BASE + relative.with_suffix("").as_posix()


def source_article() -> Path | None:
    """The article's text: ``$JCGRAPH_SOURCE``, else ``../shared/source`` beside a checkout."""
    env = os.environ.get("JCGRAPH_SOURCE")
    if env:
        return Path(env)
    candidate = _PACKAGE.parent.parent.parent / "shared" / "source" / "jinchang-review.zh.txt"
    return candidate if candidate.is_file() else None
