"""An endpoint that is down, slow, failing or answering garbage is one clear line and exit
code 2, within the timeout; every request says who is asking."""

from __future__ import annotations

import json
import time
from pathlib import Path

from click.testing import CliRunner

from jcgraph.cli import cli
from jcgraph.engines.http import USER_AGENT

PROFILE = str(Path(__file__).parent / "wd-test.toml")


def run_link(url: str, timeout: str = "5") -> tuple[int, str, float]:
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["link", url, "--profile", PROFILE, "--timeout", timeout])
    return result.exit_code, result.stderr, time.monotonic() - started


def test_endpoint_down(unused_port):
    code, err, _ = run_link(f"http://127.0.0.1:{unused_port}/sparql")
    assert code == 2
    assert "cannot be reached" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_endpoint_slower_than_the_timeout(listener):
    code, err, seconds = run_link(listener.url, timeout="1")
    assert code == 2
    assert "did not answer within 1 s" in err
    assert seconds < 10
    assert listener.connections  # it did try, once, and gave up


def test_endpoint_answering_html(http_stub):
    def html(handler):
        body = b"<html><body>Service unavailable, try later</body></html>"
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    code, err, _ = run_link(http_stub(html))
    assert code == 2
    assert "not SPARQL JSON results (text/html" in err


def test_endpoint_answering_an_http_error(http_stub):
    def busy(handler):
        body = b"Too many requests\n"
        handler.send_response(503)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    code, err, _ = run_link(http_stub(busy))
    assert code == 2
    assert "answered HTTP 503" in err and "Too many requests" in err


def test_requests_are_polite_posts(http_stub):
    seen: list[dict[str, str]] = []

    def empty(handler):
        seen.append(dict(handler.headers))
        body = json.dumps({"head": {"vars": []}, "results": {"bindings": []}}).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    code, err, _ = run_link(http_stub(empty))
    assert code == 0, err
    assert seen
    assert all(h["User-Agent"] == USER_AGENT for h in seen)
    assert USER_AGENT.startswith("jcgraph/") and "https://" in USER_AGENT
    assert all(h["Accept"] == "application/sparql-results+json" for h in seen)
