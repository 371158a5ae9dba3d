"""The README stays true: its graph summary is what the graph holds now."""

from __future__ import annotations

from pathlib import Path

from jcgraph.pipeline.stats import (
    END,
    GALLERY_END,
    GALLERY_START,
    START,
    gallery_markdown,
    summary_markdown,
)

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_summary_matches_the_graph(reasoned):
    text = README.read_text(encoding="utf-8")
    assert START in text and END in text
    block = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert (
        block
        == summary_markdown(
            reasoned.engine("oxigraph"),
            asserted=reasoned.asserted,
            inferred=reasoned.inferred,
            profile=reasoned.profile,
        ).strip()
    ), "run: jcgraph stats --readme README.md"


def test_readme_opens_with_the_two_commands():
    head = README.read_text(encoding="utf-8")[:1500]
    assert "make run" in head and "make test" in head


def test_readme_gallery_matches_the_answers(reasoned):
    text = README.read_text(encoding="utf-8")
    block = text.split(GALLERY_START, 1)[1].split(GALLERY_END, 1)[0].strip()
    assert block == gallery_markdown(reasoned.engine("oxigraph"), reasoned.where.queries).strip(), (
        "run: jcgraph stats --readme README.md"
    )
