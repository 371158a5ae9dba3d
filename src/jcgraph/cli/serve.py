"""``serve``: the SPARQL endpoint, stored questions, entity pages and the query page."""

from __future__ import annotations

from pathlib import Path

import click

from jcgraph.cli.options import ENGINE, STORE, echo_err, reason_option
from jcgraph.engines.base import EngineName
from jcgraph.errors import JcgraphError
from jcgraph.pipeline.reason import DEFAULT_PROFILE, Profile


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port (0: any free port).",
)
@ENGINE
@reason_option(DEFAULT_PROFILE)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes, each holding the graph: how many queries run at once.",
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    help="Seconds a query may run before its worker is killed (answer 503).",
)
@click.option("--max-rows", default=10_000, show_default=True, help="Rows sent at most.")
@click.option(
    "--header-timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.5, 600),
    help="Seconds a client has to send a request's headers, and again its body.",
)
@click.option(
    "--keep-alive",
    default=15.0,
    show_default=True,
    type=click.FloatRange(0.5, 3600),
    help="Seconds an idle connection may wait for its next request.",
)
@click.option(
    "--send-timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(0.5, 3600),
    help="Seconds an answer may wait for a client that reads none of it; then it is dropped.",
)
@click.option(
    "--max-memory",
    default=2048,
    show_default=True,
    type=click.IntRange(0),
    help="MiB of memory a worker may use; a query needing more is answered 503 (0: no limit).",
)
@click.option(
    "--max-request", default=1_048_576, show_default=True, help="Largest request body, bytes."
)
@click.option(
    "--max-answer",
    default=64,
    show_default=True,
    type=click.IntRange(1),
    help="MiB an answer may have; a larger one is refused (400) rather than buffered.",
)
@click.option(
    "--allow-update",
    is_flag=True,
    help="Accept SPARQL Update and Graph Store writes with Authorization: Bearer "
    "$JCGRAPH_UPDATE_TOKEN (in memory only).",
)
@click.option(
    "--allow-service",
    "allow_service",
    multiple=True,
    metavar="URL",
    help="An endpoint queries may reach with SERVICE (repeatable); none by default.",
)
@click.option("--base-url", help="The server's public URL, for the service description.")
@STORE
@click.option(
    "--docs",
    type=click.Path(file_okay=False, path_type=Path),
    help="The pages `jcgraph docs` wrote, shown at /ontology "
    "(default: build/docs of the checkout).",
)
def serve(
    host: str,
    port: int,
    engine: EngineName,
    reason_with: Profile,
    workers: int,
    timeout: float,
    max_rows: int,
    header_timeout: float,
    keep_alive: float,
    send_timeout: float,
    max_memory: int,
    max_request: int,
    max_answer: int,
    allow_update: bool,
    allow_service: tuple[str, ...],
    base_url: str | None,
    store: Path | None,
    docs: Path | None,
) -> None:
    """Serve a SPARQL endpoint, stored questions, entity pages and a query page over HTTP."""
    import os

    from jcgraph.paths import layout
    from jcgraph.serve.app import Config
    from jcgraph.serve.app import serve as run_server

    token = os.environ.get("JCGRAPH_UPDATE_TOKEN") or None
    if allow_update and (token is None or len(token) < 16):
        raise JcgraphError(
            "--allow-update needs a token of 16 characters or more in JCGRAPH_UPDATE_TOKEN"
        )
    if host not in ("127.0.0.1", "localhost", "::1"):
        echo_err(f"warning: listening on {host}: other machines can reach this server")
    run_server(
        Config(
            host=host,
            port=port,
            engine=engine,
            reason=reason_with,
            workers=workers,
            timeout=timeout,
            max_rows=max_rows,
            header_timeout=header_timeout,
            keep_alive=keep_alive,
            send_timeout=send_timeout,
            max_memory=max_memory,
            max_request=max_request,
            max_answer=max_answer,
            allow_update=allow_update,
            token=token if allow_update else None,
            allow_service=allow_service,
            base_url=base_url,
            store=store,
            docs=docs or layout().root / "build" / "docs",
        )
    )


COMMANDS = (serve,)
