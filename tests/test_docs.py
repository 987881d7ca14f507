"""Every command and every option of the command line is documented in the README."""

from __future__ import annotations

from pathlib import Path

import click

from storytrace.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_in_the_readme() -> None:
    missing = []
    for name, command in main.commands.items():
        if f"storytrace {name}" not in README:
            missing.append(f"storytrace {name}")
        for parameter in command.params:
            if isinstance(parameter, click.Option):
                longest = max(parameter.opts, key=len)
                if longest != "--help" and longest not in README:
                    missing.append(f"storytrace {name} {longest}")
    assert missing == []


def test_every_command_has_help() -> None:
    for name, command in main.commands.items():
        assert command.help and len(command.help.split()) >= 5, name
        for parameter in command.params:
            if isinstance(parameter, click.Option):
                assert parameter.help, f"storytrace {name} {parameter.opts}"
