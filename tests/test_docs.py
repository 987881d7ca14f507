"""The README documents every command and option, opens with a worked example, and links to
docs/, whose figures name the committed scripts that print them."""

from __future__ import annotations

import re
from pathlib import Path

import click

from storytrace.cli import main

README_PATH = Path(__file__).resolve().parents[1] / "README.md"
README = README_PATH.read_text(encoding="utf-8")


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


DOCS = README_PATH.parent / "docs"
_CODE_BLOCK = re.compile(r"```bash\n(.*?)```", re.DOTALL)
_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)\s]*)?\)")


def _section(text: str, heading: str) -> str:
    return text.split(f"\n## {heading}", 1)[1].split("\n## ", 1)[0]


def test_the_readme_opens_with_the_two_commands_and_a_worked_example() -> None:
    headings = re.findall(r"^## (.+)$", README, re.MULTILINE)
    assert headings[:2] == ["Two commands", "A worked example: who copied whom?"]
    example = _section(README, "A worked example")
    used = []
    for block in _CODE_BLOCK.findall(example):
        for line in block.splitlines():
            words = line.split("#")[0].split()
            if words and words[0].endswith("storytrace"):
                used.append(words[1:])
    assert len(used) >= 4, "compare, ingest, stories and show"
    for name, *arguments in used:
        assert name in main.commands, name
        options = {o for p in main.commands[name].params for o in getattr(p, "opts", [])}
        assert [a for a in arguments if a.startswith("--") and a not in options] == [], name
    for opened in ("report.html", "story.html"):
        assert f"`{opened}`" in example, f"the example says what to open: {opened}"


def test_links_from_the_readme_and_docs_resolve() -> None:
    pages = [README_PATH, *sorted(DOCS.glob("*.md"))]
    assert len(pages) >= 4, "docs/: how-it-works, quality, performance"
    broken = []
    for page in pages:
        for target in _LINK.findall(page.read_text(encoding="utf-8")):
            if "://" not in target and not (page.parent / target).exists():
                broken.append(f"{page.name}: {target}")
    assert broken == []
    for doc in DOCS.glob("*.md"):
        assert f"(docs/{doc.name})" in README, f"the README links to docs/{doc.name}"


def test_every_figure_source_named_in_the_docs_is_committed() -> None:
    text = "\n".join(page.read_text(encoding="utf-8") for page in DOCS.glob("*.md"))
    scripts = set(re.findall(r"benchmarks/[\w/]+\.py", text + README))
    assert scripts, "the docs name the benchmarks that print their figures"
    root = README_PATH.parent
    assert sorted(s for s in scripts if not (root / s).is_file()) == []
    quality = (DOCS / "quality.md").read_text(encoding="utf-8")
    assert "python -m storytrace.evaluation" in quality
    assert (root / "src" / "storytrace" / "evaluation" / "__main__.py").is_file()
