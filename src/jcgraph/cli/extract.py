"""``extract``: a review article's figures as candidate observations, for review."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

YEARS = (1949, 2100)  # the years a review of the People's Republic can name


@click.command()
@click.argument("article", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write here (else to standard output); written whole or not at all.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tsv", "json", "ttl"]),
    default="tsv",
    show_default=True,
    help="tsv: the review table (a decision column to fill); json: every field; "
    "ttl: candidate observations in our model, with evidence, for jcgraph validate --data.",
)
@click.option("--subject", help="The place the article is about (else read from its title).")
@click.option(
    "--period",
    help="The years the article reviews, as 2021-2025 (else from the plan it names).",
)
@click.option(
    "--published",
    type=click.IntRange(*YEARS),
    help="The year the article appeared: a 这十年 review covers the ten years before it.",
)
@click.option(
    "--match/--no-match",
    default=True,
    show_default=True,
    help="Match each indicator phrase against our indicator scheme, with a score, and "
    "write a subject the graph knows by name as that entity.",
)
@click.option("--title", help="The article's title, for ttl (else its first line).")
@click.option(
    "--source-iri",
    help="The article's IRI, for ttl (else one made from the text's SHA-256).",
)
def extract(
    article: Path,
    out: Path | None,
    fmt: str,
    subject: str | None,
    period: str | None,
    published: int | None,
    match: bool,
    title: str | None,
    source_iri: str | None,
) -> None:
    """Read a Chinese review article (UTF-8 text) and list its figures as candidates.

    Each candidate has its value and unit (ours where one matches), kind of measure,
    status, period, subject, the phrase naming what is measured, the exact quote with
    code-point offsets, the rules that read it and a confidence. Nothing is added to the
    graph: a person accepts or rejects each line (tsv), or checks the candidate
    observations (ttl, jc:CandidateObservation) with jcgraph validate --data.
    """
    from jcgraph.errors import JcgraphError
    from jcgraph.extract import extract as read_figures
    from jcgraph.extract.table import tsv
    from jcgraph.files import read_text, write_atomically

    review = None
    if period is not None:
        years = re.fullmatch(r"(\d{4})-(\d{4})", period, re.ASCII)
        if years is None:
            raise JcgraphError(f"--period {period}: write the years as 2021-2025")
        review = (int(years[1]), int(years[2]))
        if not all(YEARS[0] <= y <= YEARS[1] for y in review):
            raise JcgraphError(f"--period {period}: years from {YEARS[0]} to {YEARS[1]}")
        if review[0] > review[1]:
            raise JcgraphError(f"--period {period}: the first year comes after the last")
    if source_iri is not None:
        from jcgraph.pipeline.params import iri

        iri(source_iri, "--source-iri")  # an absolute IRI, or a one-line error
    text = read_text(article)
    candidates = read_figures(text, subject=subject, review=review, published=published)
    matched = None
    if match:
        from jcgraph import api
        from jcgraph.extract import entities
        from jcgraph.extract.indicators import best, names

        query = api.load(reason="none").engine("oxigraph").query
        scheme = names(query)
        known = entities.names(query)
        for candidate in candidates:
            found = best(candidate.indicator, scheme)
            if found is not None:
                candidate.indicator_match, candidate.indicator_score = found.indicator, found.score
            candidate.subject_match = known.get(candidate.subject)
            candidate.scope_match = known.get(candidate.scope or "")
        ours = {c.subject_match for c in candidates} | {c.scope_match for c in candidates}
        matched = entities.described(query, {iri for iri in ours if iri})
    if fmt == "ttl":
        from jcgraph.extract import turtle
        from jcgraph.paths import layout

        kept = turtle.writable(candidates)
        units = turtle.units_of(layout().data / "units.ttl")
        written = turtle.graph(
            candidates,
            text,
            name=article.name,
            units=units,
            title=title,
            source=source_iri,
            entities=matched,
        ).serialize(format="turtle")
        if len(kept) < len(candidates):
            click.echo(
                f"{len(candidates) - len(kept)} figures are not observations of ours "
                "(streaks, rank fields, units we have no term for): see --format tsv",
                err=True,
            )
    elif fmt == "tsv":
        written = tsv(candidates)
    else:
        rows = [
            {**vars(c), "value": str(c.value), "high": str(c.high) if c.high is not None else None}
            for c in candidates
        ]
        written = json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    if out is None:
        click.echo(written, nl=False)
    else:
        write_atomically(out, lambda tmp: tmp.write_text(written, encoding="utf-8"))
        click.echo(f"{out}: {len(candidates)} candidate figures", err=True)


COMMANDS = (extract,)
