"""Progress bars (jcgraph.progress): drawn on standard error only when it is a terminal,
never into pipes or captured output, and off with JCGRAPH_PROGRESS=0. The steps that can
take a while draw one: loading a store, the rules, linking, publishing."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from jcgraph import progress

HERE = Path(__file__).parent


class Terminal(io.StringIO):
    """A captured standard error that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def on_terminal(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    """Standard error as a terminal, for the rest of the test (set in the test itself:
    pytest puts its own capture back between a fixture and the test)."""
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.delenv("JCGRAPH_PROGRESS", raising=False)
    monkeypatch.delenv("TQDM_DISABLE", raising=False)
    return screen


def test_a_bar_is_drawn_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = on_terminal(monkeypatch)
    assert list(progress.bar(range(5), "counting", unit="n")) == [0, 1, 2, 3, 4]
    assert "counting" in terminal.getvalue() and "/5" in terminal.getvalue()


def test_no_bar_into_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    piped = io.StringIO()  # isatty() is False
    monkeypatch.setattr(sys, "stderr", piped)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    assert list(progress.bar(range(3), "counting")) == [0, 1, 2]
    assert piped.getvalue() == ""


def test_jcgraph_progress_0_turns_bars_off(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = on_terminal(monkeypatch)
    monkeypatch.setenv("JCGRAPH_PROGRESS", "0")
    assert list(progress.bar(range(3), "counting")) == [0, 1, 2]
    assert terminal.getvalue() == ""


def test_a_quick_step_draws_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = on_terminal(monkeypatch)
    monkeypatch.setattr(progress, "DELAY", 30.0)
    assert list(progress.bar(range(3), "counting")) == [0, 1, 2]
    assert "counting" not in terminal.getvalue()


def test_building_a_store_shows_files_and_rules(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    terminal = on_terminal(monkeypatch)
    from jcgraph.pipeline.store import build_store

    built = build_store(tmp_path / "store")
    shown = terminal.getvalue()
    assert "loading files" in shown and "file" in shown
    assert "rules" in shown
    assert built.asserted > 0


def test_linking_shows_its_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = on_terminal(monkeypatch)
    from jcgraph.api import link

    result = link(str(HERE / "linking" / "wd-test.ttl"), str(HERE / "linking" / "wd-test.toml"))
    assert result.links
    assert "looking up" in terminal.getvalue()


def test_the_cli_writes_no_bar_into_captured_output(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from jcgraph.cli import cli

    result = CliRunner().invoke(cli, ["store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    assert "\r" not in result.output and "it/s" not in result.output
