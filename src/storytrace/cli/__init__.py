"""The ``storytrace`` command line: thin commands over the importable functions.

One module per command; shared options live in ``options``. Exit codes (``EXIT_*`` in
``options``): 0 everything was used, 1 the job was done but some inputs were refused (each
named with its reason), 2 the job could not be done (bad usage, unusable inputs, or a store
that cannot be opened).

``storytrace --help`` and every command's ``--help`` import all the command modules, so these
import no model (spaCy, the encoders, faiss, ...) at module level: each command imports what
it needs inside its function, and commands that only read the store never load a model.
``tests/cli/test_cli_startup.py`` holds them to it.
"""

# ruff: noqa: E402 - the BLAS threads are set before the imports that load numpy

from __future__ import annotations

from storytrace.threads import limit_blas_threads

# Before anything below imports numpy: its BLAS reads its thread count once, when loaded.
limit_blas_threads()

import click

from storytrace import __version__
from storytrace.cli.compare import compare
from storytrace.cli.export import export_command
from storytrace.cli.ingest import ingest_command
from storytrace.cli.quarantine import quarantine_command
from storytrace.cli.quotes import quotes_command
from storytrace.cli.search import search_command
from storytrace.cli.serve import serve_command
from storytrace.cli.show import show_command
from storytrace.cli.stories import stories_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storytrace")
def main() -> None:
    """Trace one news story across outlets: what each says, and who said what."""


main.add_command(compare)
main.add_command(ingest_command)
main.add_command(search_command)
main.add_command(export_command)
main.add_command(quarantine_command)
main.add_command(stories_command)
main.add_command(show_command)
main.add_command(quotes_command)
main.add_command(serve_command)

__all__ = ["main"]
