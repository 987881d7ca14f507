"""Special files (FIFOs, devices, sockets) and symlink loops: refused with a reason, at once.

A FIFO opened for a blocking read waits for a writer forever, and ``/dev/zero`` never ends,
so each check runs in a child process under a timeout and a memory cap: a regression fails
with a clear message instead of hanging the suite or eating the machine's memory.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from conftest import storytrace_cli

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")

# Seconds a child may take: importing storytrace and reading a few small files takes about
# one; a blocking read of a FIFO or an endless read of /dev/zero never ends.
CHILD_TIMEOUT_S = 30
# Address space of a child, so that an endless read fails in MemoryError, not swap.
CHILD_MEMORY_BYTES = 3 * 1024**3

ARTICLE = (
    "Russia's defence ministry said on Friday that its forces had struck a convoy near the "
    "border, an account that officials in Washington dismissed as false. The ministry "
    "spokesman gave no evidence for the claim, which came a day after talks in Geneva ended "
    "without agreement.\n\nDiplomats said they expected the talks to resume next week."
)


def _run_child(code: str) -> Any:
    """Run ``code`` in a fresh interpreter and return the JSON it prints last."""
    prelude = textwrap.dedent(
        f"""
        import json, resource
        from pathlib import Path
        resource.setrlimit(resource.RLIMIT_AS, ({CHILD_MEMORY_BYTES}, {CHILD_MEMORY_BYTES}))
        """
    )
    try:
        result = subprocess.run(
            [sys.executable, "-c", prelude + textwrap.dedent(code)],
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"still reading after {CHILD_TIMEOUT_S} s: a blocking or endless read")
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _read_file_in_child(path: Path | str, **keywords: int) -> list[dict[str, Any]]:
    return list(
        _run_child(
            f"""
            from storytrace.errors import InputError
            from storytrace.ingest.readers import read_file
            items = read_file(Path({str(path)!r}), **{keywords!r})
            print(json.dumps([
                {{"reason": item.reason, "detail": item.detail}}
                if isinstance(item, InputError) else {{"text": item.text[:100]}}
                for item in items
            ]))
            """
        )
    )


def _bind_socket(path: Path) -> None:
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(path))  # the entry stays after the socket is closed


# The names take each path of read_file: by extension, JSONL (exempt from the size limit),
# and sniffed from the content.
@pytest.mark.parametrize("name", ["pipe.txt", "pipe.jsonl", "pipe"])
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path, name: str) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    [error] = _read_file_in_child(fifo)
    assert error == {"reason": "unsupported", "detail": "not a regular file: a named pipe (FIFO)"}


def test_dev_zero_is_refused_without_reading_it() -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    [error] = _read_file_in_child("/dev/zero")
    assert error == {"reason": "unsupported", "detail": "not a regular file: a character device"}


def test_a_socket_is_refused_as_a_socket(tmp_path: Path) -> None:
    path = tmp_path / "listener.txt"
    _bind_socket(path)
    [error] = _read_file_in_child(path)
    assert error == {"reason": "unsupported", "detail": "not a regular file: a socket"}


def test_the_size_limit_is_a_parameter(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    size = path.stat().st_size
    [refused] = _read_file_in_child(path, max_bytes=size - 1)
    assert refused == {
        "reason": "too_large",
        "detail": f"{size:,} bytes; the limit is {size - 1:,}",
    }
    [read] = _read_file_in_child(path, max_bytes=size)
    assert read == {"text": ARTICLE[:100]}


def test_an_endless_stream_is_read_only_to_the_limit() -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    sizes = _run_child(
        """
        from storytrace.ingest.readers import read_at_most
        with open("/dev/zero", "rb", buffering=0) as stream:
            sizes = [len(read_at_most(stream, count)) for count in (0, 1, 5_000_000)]
        print(json.dumps(sizes))
        """
    )
    assert sizes == [0, 1, 5_000_000]


def _folder_of_special_files(root: Path) -> Path:
    """A folder with an article, a FIFO, a socket and a symlink to itself."""
    folder = root / "inputs"
    folder.mkdir()
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    _bind_socket(folder / "listener.txt")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    return folder


def test_ingest_quarantines_special_files_and_stores_the_rest(tmp_path: Path) -> None:
    folder = _folder_of_special_files(tmp_path)
    store = tmp_path / "store" / "storytrace.db"
    store.parent.mkdir()
    try:
        result = storytrace_cli("ingest", "--db", store, "--workers", "1", folder, "/dev/zero")
    except subprocess.TimeoutExpired:
        pytest.fail("ingest hung on a special file")
    assert result.returncode == 1, result.stderr  # some inputs were quarantined
    listed = storytrace_cli("quarantine", "--db", store, "--json")
    rows = {row["source"]: row for row in json.loads(listed.stdout)["records"]}
    for source in (folder / "pipe.txt", folder / "listener.txt", "/dev/zero"):
        assert rows[str(source)]["reason"] == "unsupported", rows
    assert len(rows) == 3  # the article is stored, once, although the loop leads to it again


def test_compare_reads_a_folder_of_special_files_and_a_feed_item_by_item(tmp_path: Path) -> None:
    folder = _folder_of_special_files(tmp_path)
    item = "<item><title>T{n}</title><link>https://news.example/{n}</link><description>{text}"
    items = "".join(
        item.format(n=n, text=ARTICLE.replace("\n", " ")) + "</description></item>" for n in (1, 2)
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{items}'
    (folder / "news.rss").write_text(feed + "</channel></rss>", encoding="utf-8")
    loaded = _run_child(
        f"""
        from storytrace.compare import load_inputs
        loaded = load_inputs([{str(folder)!r}, "/dev/zero"])
        print(json.dumps({{
            "articles": [article.url for article in loaded.articles],
            "rejected": sorted((error.source, error.reason) for error in loaded.rejected),
        }}))
        """
    )
    assert loaded["articles"] == [None, "https://news.example/1", "https://news.example/2"]
    assert loaded["rejected"] == sorted(
        [
            ["/dev/zero", "unsupported"],
            [str(folder / "listener.txt"), "unsupported"],
            [str(folder / "pipe.txt"), "unsupported"],
        ]
    )


def test_endless_standard_input_without_a_line_break_is_refused_as_too_large() -> None:
    with open("/dev/zero", "rb") as zero:
        result = subprocess.run(
            [sys.executable, "-m", "storytrace", "compare", "-"],
            stdin=zero,
            capture_output=True,
            text=True,
            timeout=120,
            env=dict(os.environ, HF_HUB_OFFLINE="1"),
        )
    assert "Traceback" not in result.stderr
    assert "skipped <stdin>:1: too large for a news article (a line over" in result.stderr
    assert result.returncode == 2  # nothing to compare
