"""Every command-line failure is one line with its documented exit code, never a traceback
(issue 13, finding 7)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from jcgraph.cli import cli

JCGRAPH = Path(sys.executable).with_name("jcgraph")


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 120):
    import os

    return subprocess.run(
        [str(JCGRAPH), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def test_a_query_file_that_is_not_utf8(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_bytes(b'SELECT * WHERE { ?s ?p "\xff" }')
    result = CliRunner().invoke(cli, ["query", str(bad), "--reason", "none"])
    assert result.exit_code == 2
    assert f"{bad}: not UTF-8" in result.stderr
    assert "Traceback" not in result.output


def test_validating_a_folder(tmp_path):
    result = CliRunner().invoke(cli, ["validate", "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{tmp_path}: a folder, not a file" in result.stderr


def test_publish_to_something_that_is_not_a_url():
    result = CliRunner().invoke(cli, ["publish", "not-a-url", "--reason", "none"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: not-a-url: not an http(s) URL of a Graph Store"


def test_serve_on_a_port_out_of_range_or_taken():
    result = CliRunner().invoke(cli, ["serve", "--port", "99999"])
    assert result.exit_code == 2
    assert "99999 is not in the range" in result.output
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = run("serve", "--port", str(port), "--reason", "none", timeout=60)
    assert done.returncode == 2, done.stderr
    assert f"error: cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unwritable_cache_is_a_warning_not_a_crash(tmp_path):
    """Regression: JCGRAPH_CACHE=/proc/nope gave a traceback and exit 1 (the code for
    violations)."""
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    done = run("query", "firsts", "--reason", "none", env={"JCGRAPH_CACHE": str(blocked / "c")})
    assert done.returncode == 0, done.stderr
    assert "warning: the build cache" in done.stderr
    assert "Traceback" not in done.stderr
    assert "rows)" in done.stdout


def test_a_closed_pipe_exits_0():
    """Regression: `jcgraph run | head` exited 1 on some commands."""
    process = subprocess.Popen(
        [
            str(JCGRAPH),
            "query",
            "--sparql",
            "SELECT * WHERE { ?s ?p ?o }",
            "--format",
            "csv",
            "--reason",
            "none",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    code = process.wait(timeout=120)
    errors = process.stderr.read().decode()
    assert code == 0, errors
    assert "Traceback" not in errors


def test_validating_an_empty_file_says_it_validated_nothing(tmp_path):
    """Issue 14, item 5: an empty file conformed, as if it had been checked."""
    empty = tmp_path / "empty.ttl"
    empty.write_text("# nothing here\n", "utf-8")
    result = CliRunner().invoke(cli, ["validate", "--data", str(empty)])
    assert result.exit_code == 2
    assert f"nothing to validate: {empty} holds no triples" in result.stderr


def test_data_too_large_for_memory_is_refused_before_reading(tmp_path):
    """Issue 14, item 5: 200 MB of N-Triples took 12.4 GB and 550 s before any output.
    What would not fit is refused at once, with its size and the limit."""
    big = tmp_path / "big.nt"
    line = "<https://example.org/s> <https://example.org/p> " + '"' + "x" * 60 + '" .\n'
    big.write_text(line * 20_000, "utf-8")  # 2.2 MiB: about 17 MiB in Oxigraph
    result = CliRunner().invoke(cli, ["validate", "--data", str(big), "--max-memory", "10"])
    assert result.exit_code == 2, result.output
    assert "the data is 2.2 MiB; validating it in memory needs about 17 MiB" in result.stderr
    assert "(8 bytes per byte of input), more than the 10 MiB allowed" in result.stderr
    # pyshacl holds the data in rdflib, at 64 bytes per byte of input
    result = CliRunner().invoke(
        cli, ["validate", "--data", str(big), "--validator", "pyshacl", "--max-memory", "50"]
    )
    assert result.exit_code == 2, result.output
    assert "needs about 138 MiB (64 bytes per byte of input)" in result.stderr


def test_n_triples_data_is_streamed_with_errors_at_file_line_col(tmp_path):
    """Issue 14, item 5: --data goes straight into Oxigraph (no rdflib graph), so syntax
    errors come from Oxigraph's parser and must still say file:line:col."""
    bad = tmp_path / "bad.nt"
    bad.write_text(
        '<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "a"@en .\n'
        "<https://example.org/b> <https://example.org/p> .\n",
        "utf-8",
    )
    result = CliRunner().invoke(cli, ["validate", "--data", str(bad)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {bad}:2:"), result.stderr
    assert "Traceback" not in result.stderr


def test_streamed_data_still_gets_the_vocabulary_check(tmp_path):
    typo = tmp_path / "typo.nt"
    typo.write_text(
        "<https://example.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/jcgraph/ontology#PrefectureLevelCitty> .\n",
        "utf-8",
    )
    result = CliRunner().invoke(cli, ["validate", "--data", str(typo), "--format", "json"])
    assert result.exit_code == 1, result.output
    assert "did you mean jc:PrefectureCity?" in result.output


def test_validating_data_reports_each_step(tmp_path):
    from jcgraph import api

    data = tmp_path / "one.ttl"
    data.write_text(
        '<https://w3id.org/jcgraph/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "x"@en .',
        "utf-8",
    )
    steps: list[str] = []
    api.validate(data=[data], progress=steps.append)
    assert steps == [f"reading {data} (0.0 MiB)", "validating 1 triples of data"]
