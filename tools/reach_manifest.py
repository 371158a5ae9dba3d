"""Write queries/reach.json: what each stored question could reach (SERVICE endpoints,
graphs, LOADs), from rdflib's parse of its text as `jcgraph run` asks it (default
parameters). jcgraph reads these verdicts instead of parsing the questions again on a
first run; tests/test_guard.py parses them afresh and fails when this file is stale.

    .venv/bin/python tools/reach_manifest.py
"""

from __future__ import annotations

import json
import sys

from jcgraph.engines.guard import MANIFEST, manifest
from jcgraph.errors import JcgraphError
from jcgraph.paths import layout
from jcgraph.pipeline.queries import bind, catalogue


def texts() -> list[str]:
    """Each stored question's text as run with its default parameters."""
    found = []
    for question in catalogue(layout().queries):
        try:
            found.append(bind(question, {}))
        except JcgraphError:  # a parameter with no default: asked only with a value
            continue
    return found


def main() -> int:
    target = layout().queries / MANIFEST
    target.write_text(json.dumps(manifest(texts()), indent=1, sort_keys=True) + "\n", "utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
