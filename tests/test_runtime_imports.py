"""scipy belongs to the evaluation (the ``eval`` extra), not to the tool.

storytrace's own modules outside ``storytrace.evaluation`` never import it, and the
library's comparison (``compare_paths`` and the reports, what ``storytrace compare`` runs)
does not load it at all. The ``storytrace`` command as a whole does load it, through
datasketch (ingest's near-duplicate index), which imports scipy when imported and requires
it in its metadata: scipy is installed with storytrace either way.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import SEEDS

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "storytrace"
EVALUATION_ONLY = frozenset({"scipy"})


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def test_no_runtime_module_imports_an_evaluation_only_package() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)} imports {module}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "evaluation" not in path.relative_to(PACKAGE).parts
        for module in sorted(_imported_modules(path))
        if module.split(".")[0] in EVALUATION_ONLY
    ]
    assert offenders == []


_COMPARE_AND_REPORT = """
import sys
from pathlib import Path
from storytrace import compare_paths, to_html, to_json, to_markdown

comparison = compare_paths([Path(arg) for arg in sys.argv[1:]])
for render in (to_html, to_json, to_markdown):
    render(comparison)
loaded = sorted(name for name in sys.modules if name.split(".")[0] in {modules!r})
print(" ".join(loaded) or "none")
"""


def test_comparing_the_seeds_loads_no_evaluation_only_package() -> None:
    script = _COMPARE_AND_REPORT.format(modules=set(EVALUATION_ONLY))
    result = subprocess.run(
        [sys.executable, "-c", script, *map(str, SEEDS)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == "none"
