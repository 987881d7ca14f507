"""The hash-pinned locks in requirements/ cover what pyproject.toml asks for.

A dependency added to pyproject.toml without ``make lock`` fails here, as does a lock pin
outside its pyproject range, a pin without a hash, or a dependency of a locked package that
the lock lacks (read from the installed packages' metadata, so the environment must be the
locked one: ``make install-dev``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME_LOCK = ROOT / "requirements" / "lock.txt"
DEV_LOCK = ROOT / "requirements" / "lock-dev.txt"

_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)(?P<rest>.*)$")


@dataclass(frozen=True)
class Pin:
    version: Version
    hashes: tuple[str, ...]


def read_lock(path: Path) -> dict[str, Pin]:
    """The pins of a lock file (``name==version [; marker] --hash=...`` entries)."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    pins: dict[str, Pin] = {}
    for line in text.splitlines():
        match = _PIN.match(line.strip())
        if match:
            hashes = tuple(re.findall(r"--hash=sha256:([0-9a-f]{64})", match["rest"]))
            pins[canonicalize_name(match["name"])] = Pin(Version(match["version"]), hashes)
    return pins


def _requirements(*groups: str) -> list[Requirement]:
    """pyproject.toml's requirements: "runtime", "build", or the name of an extra."""
    project = PYPROJECT["project"]
    lists = {
        "runtime": project["dependencies"],
        "build": PYPROJECT["build-system"]["requires"],
        **project.get("optional-dependencies", {}),
    }
    return [Requirement(line) for group in groups for line in lists[group]]


def _extras() -> list[str]:
    return sorted(PYPROJECT["project"].get("optional-dependencies", {}))


LOCKS = {
    "lock.txt": (RUNTIME_LOCK, ["runtime", "build"]),
    "lock-dev.txt": (DEV_LOCK, ["runtime", "build", *_extras()]),
}


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_every_pyproject_requirement_is_pinned_within_its_range(lock: str) -> None:
    path, groups = LOCKS[lock]
    pins = read_lock(path)
    problems = []
    for requirement in _requirements(*groups):
        pin = pins.get(canonicalize_name(requirement.name))
        if pin is None:
            problems.append(f"{requirement} is not in {lock}")
        elif not requirement.specifier.contains(pin.version, prereleases=True):
            problems.append(f"{requirement} but {lock} pins {pin.version}")
    assert not problems, "; ".join(problems) + " (run `make lock`)"


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_every_pin_has_a_hash(lock: str) -> None:
    pins = read_lock(LOCKS[lock][0])
    assert len(pins) > 50
    assert [name for name, pin in pins.items() if not pin.hashes] == []


def test_the_runtime_lock_is_the_dev_lock_without_the_extras() -> None:
    runtime, dev = read_lock(RUNTIME_LOCK), read_lock(DEV_LOCK)
    assert {name: dev.get(name) for name in runtime} == runtime


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_every_dependency_of_a_locked_package_is_locked(lock: str) -> None:
    """Walks the dependencies from pyproject.toml through each installed package's metadata
    (markers evaluated for this machine, requested extras followed)."""
    path, groups = LOCKS[lock]
    pins = read_lock(path)
    todo = [
        (requirement, "pyproject.toml", frozenset({""})) for requirement in _requirements(*groups)
    ]
    seen: set[tuple[str, frozenset[str]]] = set()
    problems = []
    while todo:
        requirement, parent, parent_extras = todo.pop()
        marker = requirement.marker
        if marker is not None and not any(marker.evaluate({"extra": e}) for e in parent_extras):
            continue
        name = canonicalize_name(requirement.name)
        extras = frozenset({"", *requirement.extras})
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        if name not in pins:
            problems.append(f"{name} (needed by {parent}) is not in {lock}")
            continue
        installed = Version(metadata.version(name))
        if installed != pins[name].version:
            problems.append(f"{name} {installed} is installed, {lock} pins {pins[name].version}")
            continue
        for line in metadata.requires(name) or []:
            todo.append((Requirement(line), name, extras))
    assert not problems, "; ".join(problems) + " (run `make lock`, then `make install-dev`)"
