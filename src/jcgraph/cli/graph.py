"""The graph itself: ``build``, ``store``, ``publish``, ``stats``, ``describe`` and ``docs``."""

from __future__ import annotations

from pathlib import Path

import click

from jcgraph.cli.options import ENGINE, LANG, echo_err, reason_option
from jcgraph.engines.base import EngineName
from jcgraph.errors import JcgraphError
from jcgraph.formats.rdf import FILE_FORMATS
from jcgraph.namespaces import DOWNLOAD
from jcgraph.pipeline.reason import DEFAULT_PROFILE, Profile


@click.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Folder to write to.",
)
@reason_option(DEFAULT_PROFILE)
@click.option(
    "--format",
    "formats",
    default="ttl,nt,jsonld,trig",
    show_default=True,
    help=f"Comma-separated: {', '.join(FILE_FORMATS)}.",
)
@click.option(
    "--base-url",
    default=DOWNLOAD,
    show_default=True,
    help="Where the files will be published: each file's download URL in void.ttl.",
)
def build(out: Path, reason_with: Profile, formats: str, base_url: str) -> None:
    """Write the merged graph (asserted + inferred, and each apart) to files."""
    from jcgraph import api
    from jcgraph.export.build import build as write
    from jcgraph.export.build import check_formats

    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    check_formats(chosen)  # before the slow load, not after
    base = base_url if base_url.endswith("/") else base_url + "/"
    if not base.startswith(("http://", "https://")) or any(c in base for c in ' <>"{}|\\^`'):
        raise JcgraphError(f"--base-url: {base_url} is not an http(s) URL")
    graph = api.load(reason=reason_with, progress=echo_err)
    written = write(graph.dataset, out, chosen, download=base)
    for path in written:
        click.echo(str(path))
    echo_err(
        f"{graph.asserted} asserted + {graph.inferred} inferred triples "
        f"({reason_with}) in {len(written)} file(s)"
    )


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--reason",
    "reason_with",
    type=click.Choice(["rules", "none"]),
    default="rules",
    show_default=True,
    help="Add what the rules of ontology/rules/ infer, or nothing.",
)
@click.option("--replace", is_flag=True, help="Rebuild the store if DIRECTORY exists.")
def store(directory: Path, files: tuple[Path, ...], reason_with: str, replace: bool) -> None:
    """Build an on-disk Oxigraph store of the graph plus FILES, for large graphs.

    FILES (.ttl, .nt) are more data in our model, such as other cities. The
    store is bulk-loaded and reasoned with the SPARQL rules, never through rdflib or
    owlrl, so it reaches millions of triples; ask it with --store DIRECTORY on query, run
    and check. It is written beside DIRECTORY and renamed into place when complete.
    """
    from jcgraph.pipeline.store import build_store

    built = build_store(
        directory, files, reason=reason_with == "rules", replace=replace, progress=echo_err
    )
    click.echo(
        f"{built.path}: {built.asserted} triples asserted, {built.inferred} inferred "
        f"(loaded in {built.load_s:.1f} s, rules {built.reason_s:.1f} s, "
        f"compacted in {built.optimise_s:.1f} s)"
    )


@click.command()
@click.argument("store_url", metavar="URL")
@reason_option(DEFAULT_PROFILE)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 3600),
    default=60.0,
    show_default=True,
    help="Seconds to wait for each answer of the store (each PUT is tried 4 times).",
)
def publish(store_url: str, reason_with: Profile, timeout: float) -> None:
    """Upload the built graph to a SPARQL Graph Store (one named graph per file).

    Each source file's named graph, the inferred graph, and their union as the default
    graph are sent with PUT, which replaces a graph: publishing twice, or retrying after a
    failure, never duplicates data. Credentials come from $JCGRAPH_TOKEN (bearer) or
    $JCGRAPH_USER and $JCGRAPH_PASSWORD (basic), never from the command line.
    """
    from jcgraph import api
    from jcgraph.export.publish import check_url, graphs_for_upload
    from jcgraph.export.publish import publish as upload

    check_url(store_url)  # before the slow load, not after
    graph = api.load(reason=reason_with, progress=echo_err)
    uploads = upload(graphs_for_upload(graph.dataset), store_url, echo_err, timeout=timeout)
    total = sum(u.triples for u in uploads)
    click.echo(f"published {len(uploads)} graphs ({total} triples in all) to {store_url}")


@click.command()
@reason_option(DEFAULT_PROFILE)
@click.option(
    "--readme",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Rewrite the summary block of this Markdown file instead of printing.",
)
def stats(reason_with: Profile, readme: Path | None) -> None:
    """Summarise the graph: entities by class, figures by group, triples."""
    from jcgraph import api
    from jcgraph.files import write_text
    from jcgraph.pipeline.stats import (
        GALLERY_END,
        GALLERY_START,
        gallery_markdown,
        replace_block,
        summary_markdown,
    )

    graph = api.load(reason=reason_with)
    engine = graph.engine("oxigraph")
    block = summary_markdown(
        engine, asserted=graph.asserted, inferred=graph.inferred, profile=graph.profile
    )
    if readme is None:
        click.echo(block)
        return
    text = replace_block(readme.read_text(encoding="utf-8"), block)
    if GALLERY_START in text:
        gallery = gallery_markdown(engine, graph.where.queries)
        text = replace_block(text, gallery, GALLERY_START, GALLERY_END)
    write_text(readme, text)
    echo_err(f"updated {readme}")


@click.command()
@click.argument("text")
@ENGINE
@reason_option("none")
@LANG
def describe(text: str, engine: EngineName, reason_with: Profile, lang: str) -> None:
    """Find entities by label (zh or en, substring) or IRI and print what is known."""
    from jcgraph import api
    from jcgraph.formats.entity_text import to_text

    graph = api.load(reason=reason_with, progress=echo_err)
    views = api.describe(text, graph, engine)
    if not views:
        raise JcgraphError(f"no entity has a label containing {text!r}")
    found = f"{len(views)} entities match" if len(views) > 1 else "1 entity matches"
    click.echo(f"{found} {text!r}:\n")
    click.echo("\n\n".join(to_text(view, lang) for view in views))


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build/docs"),
    show_default=True,
    help="Folder to write the pages to (jcgraph serve shows build/docs at /ontology).",
)
def docs(out: Path) -> None:
    """Write the ontology's documentation (pyLODE) and the vocabularies' as HTML."""
    from jcgraph.export.docs import write_docs
    from jcgraph.paths import layout

    for path in write_docs(layout(), out):
        click.echo(str(path))


COMMANDS = (build, store, publish, stats, describe, docs)
