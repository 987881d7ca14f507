"""No package of the runtime lock is under a GPL licence only (storytrace is Apache-2.0).

Read from the installed packages' metadata (``License-Expression``, else ``License`` and the
licence classifiers). A licence expression that offers a choice passes when one option is
free of the GPL (tld: "MPL-1.1 OR GPL-2.0-only OR LGPL-2.1-or-later" is used under MPL-1.1).
"""

from __future__ import annotations

import re
from importlib import metadata

from test_lock import RUNTIME_LOCK, read_lock

_GPL = re.compile(r"\b(?:A|L)?GPL|General Public License", re.IGNORECASE)


def gpl_only(expression: str) -> bool:
    """Whether a licence text or expression binds to a GPL: it names one, and no option of
    an ``OR`` choice is free of it."""
    options = re.split(r"\s+OR\s+", expression) if " OR " in expression else [expression]
    return all(_GPL.search(option) for option in options)


def licence_of(name: str) -> str:
    """The licence a package declares: its SPDX expression, else its licence field and
    licence classifiers together."""
    fields = metadata.metadata(name)
    if fields.get("License-Expression"):
        return str(fields["License-Expression"])
    classifiers = [c for c in fields.get_all("Classifier") or [] if c.startswith("License ::")]
    return " ".join([fields.get("License") or "", *classifiers])


def test_the_rule_catches_gpl_and_lets_a_permissive_choice_pass() -> None:
    assert gpl_only("GPL-2.0-or-later")
    assert gpl_only("License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)")
    assert not gpl_only("MPL-1.1 OR GPL-2.0-only OR LGPL-2.1-or-later")
    assert not gpl_only("BSD-3-Clause AND MIT")


def test_no_runtime_dependency_is_gpl_only() -> None:
    installed = []
    for name in read_lock(RUNTIME_LOCK):
        try:
            installed.append((name, licence_of(name)))
        except metadata.PackageNotFoundError:  # a pin for another platform (colorama)
            continue
    assert len(installed) > 50
    assert [f"{name}: {licence}" for name, licence in installed if gpl_only(licence)] == []
