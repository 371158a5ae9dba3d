"""Write ontology/shapes/prebinding.json: for each SHACL-SPARQL constraint of the shapes,
whether it binds $this in its top-level pattern (jcgraph.shacl.prebinding), from rdflib's
parse of its text as the validator runs it. The validator reads these verdicts instead of
parsing the queries on every run; tests/test_shacl_validator.py parses them afresh and
fails when this file is stale.

    .venv/bin/python tools/prebinding_manifest.py
"""

from __future__ import annotations

import json
import sys

from jcgraph.paths import layout
from jcgraph.shacl.evaluate import sparql_texts
from jcgraph.shacl.prebinding import MANIFEST, manifest


def main() -> int:
    from jcgraph.api import shapes

    where = layout()
    target = where.ontology / "shapes" / MANIFEST
    verdicts = manifest(sparql_texts(shapes(where)))
    target.write_text(json.dumps(verdicts, indent=1, sort_keys=True) + "\n", "utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
