"""The ``storytrace`` command line: thin commands over the importable functions.

One module per command; shared options live in ``options``. Exit codes (``EXIT_*`` in
``options``): 0 everything was used, 1 the job was done but some inputs were refused (each
named with its reason), 2 the job could not be done (bad usage, unusable inputs, or a store
that cannot be opened).
"""

from __future__ import annotations

import click

from storytrace import __version__
from storytrace.cli.compare import compare


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storytrace")
def main() -> None:
    """Trace one news story across outlets: what each says, and who said what."""


main.add_command(compare)

__all__ = ["main"]
