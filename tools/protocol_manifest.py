"""Turn the W3C SPARQL 1.1 Protocol test manifest into the cases our tests run.

    python tools/protocol_manifest.py RDF-TESTS-CHECKOUT COMMIT > tests/protocol/cases.json

RDF-TESTS-CHECKOUT is a checkout of https://github.com/w3c/rdf-tests (at COMMIT). Only the
manifest's machine-readable parts are kept (each request's method, path, headers and
body; the expected status classes, result format and boolean; the graphs to load), with
where they came from, so the tests need neither the network nor the manifest's prose.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection

MANIFEST = "sparql/sparql11/protocol/manifest.ttl"
BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")


def cases(checkout: Path, commit: str) -> dict[str, object]:
    graph = Graph().parse(checkout / MANIFEST, format="turtle", publicID=BASE + "manifest")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    data: dict[str, str] = {}
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        loads = []
        for item in graph.objects(entry, UT.graphData):
            name = str(graph.value(item, RDFS.label))
            file = str(graph.value(item, UT.graph)).removeprefix(BASE)
            data[name] = (checkout / Path(MANIFEST).parent / file).read_text("utf-8")
            loads.append(name)
        requests = []
        action = graph.value(entry, MF.action)
        for request in Collection(graph, graph.value(action, HT.requests)):
            headers = {}
            listed = graph.value(request, HT.headers)
            for header in Collection(graph, listed) if listed is not None else []:
                headers[str(graph.value(header, HT.fieldName))] = str(
                    graph.value(header, HT.fieldValue)
                )
            body = graph.value(request, HT.body)
            response = graph.value(request, HT.resp)
            boolean = graph.value(response, MF.expectedBoolean)
            expected_format = graph.value(response, MF.expectedFormat)
            requests.append(
                {
                    "method": str(graph.value(request, HT.methodName)),
                    "path": str(graph.value(request, HT.absolutePath)),
                    "headers": headers,
                    "body": None if body is None else str(graph.value(body, CNT.chars)),
                    "encoding": None
                    if body is None
                    else str(graph.value(body, CNT.characterEncoding) or "UTF-8"),
                    "status": sorted(
                        str(s).rsplit("#", 1)[-1].removeprefix("StatusCode")
                        for s in graph.objects(response, MF.expectedStatus)
                    ),
                    "format": None if expected_format is None else str(expected_format),
                    "boolean": None if boolean is None else bool(boolean.toPython()),
                }
            )
        tests.append(
            {"id": str(entry).rsplit("#", 1)[-1], "graphs": sorted(loads), "requests": requests}
        )
    return {
        "source": {
            "repository": "https://github.com/w3c/rdf-tests",
            "commit": commit,
            "path": MANIFEST,
        },
        "graphs": dict(sorted(data.items())),
        "tests": tests,
    }


def main() -> int:
    checkout, commit = Path(sys.argv[1]), sys.argv[2]
    json.dump(cases(checkout, commit), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
