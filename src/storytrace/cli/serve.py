"""``storytrace serve``: the web workspace and the HTTP API over one store."""

from __future__ import annotations

import os
from pathlib import Path

import click

from storytrace.cli.options import db_option, existing_store, fail

TOKEN_VARIABLE = "STORYTRACE_TOKEN"


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port."
)
@click.option(
    "--token",
    envvar=TOKEN_VARIABLE,
    metavar="NAME:SECRET",
    help="Corrections and ingest jobs must send Authorization: Bearer SECRET (the "
    "workspace asks for it at /signin) and are recorded as made by NAME. Also read from "
    f"{TOKEN_VARIABLE}. Needed to listen on an address other than loopback.",
)
@click.option(
    "--no-prepare",
    is_flag=True,
    help="Do not prepare stories' views while the server is idle (by default it does, "
    "largest story first, so that they open quickly and the list shows their derivations).",
)
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Server processes answering requests (pages and the API read in parallel, one "
    "CPU each; comparisons and story views run in one worker per CPU, shared among "
    "them). One of them runs the ingest jobs and prepares views.",
)
def serve_command(
    db_path: Path, host: str, port: int, token: str | None, no_prepare: bool, processes: int
) -> None:
    """Serve the store in a browser and as an HTTP API.

    \b
    Pages: /stories (search, filters, paging), /stories/ID (timeline, fits,
    derivation graph, outlets, compare 2-4 articles, corrections: move, merge, mark an
    edge wrong, undo), /articles/ID (text, metadata and where each field came from, the
    lines cleaning removed, quotations: mark a speaker wrong),
    /compare/new (paste texts, upload files or give URLs; nothing is stored),
    /ingest (upload files or give URLs: a background job takes them into the store
    and groups them; its page shows progress and quarantine).
    API: /api/v1/stories, /api/v1/stories/ID, /api/v1/stories/ID/quotations,
    /api/v1/articles/ID, /api/v1/search, POST /api/v1/compare, /api/v1/corrections
    (merge, move, edge, speaker, undo), /api/v1/export, /api/v1/ingest
    (start a job, its status, resume); described at
    /openapi.json and /api/docs. Errors answer
    {"error": {"code": ..., "message": ..., "detail": ...}}.

    It listens on 127.0.0.1 unless told otherwise, and refuses any other address
    without a token. Stop it with Ctrl-C: a running ingest job is stopped and marked
    interrupted, to be resumed from its page.
    """
    from storytrace.serve.guard import check_host

    try:
        check_host(host, token)
    except ValueError as error:
        fail(str(error))
    existing_store(db_path).close()  # a missing or unusable store: a one-line error now
    import uvicorn

    from storytrace.serve.app import SETTINGS_VARIABLE, create_app
    from storytrace.serve.reading import ServeSettings

    settings = ServeSettings(
        db_path.resolve(),
        token or None,
        compare_slots=max(1, (os.cpu_count() or 1) // processes),
        prepare_views=not no_prepare,
    )
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"storytrace: serving {db_path} at http://{shown}:{port}/ (Ctrl-C stops)", err=True)
    if processes == 1:
        uvicorn.run(
            create_app(settings), host=host, port=port, log_level="warning", server_header=False
        )
        return
    os.environ[SETTINGS_VARIABLE] = settings.to_json()  # read by each process it starts
    uvicorn.run(
        "storytrace.serve.app:app_from_environment",
        factory=True,
        workers=processes,
        host=host,
        port=port,
        log_level="warning",
        server_header=False,
    )


__all__ = ["TOKEN_VARIABLE", "serve_command"]
