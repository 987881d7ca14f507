"""Inputs that changed since they were read, and items that share one source string: an item
is known by what it is (its content hash within its input), not by its source alone."""

from __future__ import annotations

import io
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import SEEDS, serving
from storytrace.ingest.pipeline import IngestSummary, ingest
from storytrace.ingest.sources import iter_inputs
from storytrace.store import Store

# Paragraphs of real articles, cut into distinct article-length texts.
_PARAGRAPHS = [
    paragraph
    for seed in SEEDS
    for paragraph in seed.read_text(encoding="utf-8").split("\n\n")
    if len(paragraph.split()) > 25
]


def article(number: int) -> str:
    """A distinct article: a title and three real paragraphs, different for every number."""
    paragraphs = [_PARAGRAPHS[(number * 3 + k) % len(_PARAGRAPHS)] for k in range(3)]
    return f"Report number {number} from the harbour\n\n" + "\n\n".join(paragraphs) + "\n"


def opening(number: int) -> str:
    """The opening words of ``article(number)``'s text (its first line becomes the title)."""
    return article(number).split("\n\n")[1][:60]


def run(db: Path, *inputs: Path, workers: int = 1) -> IngestSummary:
    with Store(db) as store:
        return ingest(store, iter_inputs([str(i) for i in inputs]), workers=workers)


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with Store(db) as store:
        return [tuple(row) for row in store.db.execute(sql)]


def texts(db: Path) -> list[str]:
    return [str(row[0]) for row in rows(db, "SELECT text FROM articles ORDER BY id")]


def later(path: Path) -> None:
    """Move the file's modification time on, as an editor saving it would."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))


def test_a_file_replaced_by_another_article_is_stored(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(article(1), encoding="utf-8")
    db = tmp_path / "store.db"
    assert run(db, path).stored == 1
    path.write_text(article(2) + "A longer second version.\n", encoding="utf-8")
    later(path)
    second = run(db, path)
    assert (second.stored, second.already, second.refused) == (1, 0, 0)
    assert opening(2) in texts(db)[1]
    sources = [str(row[0]) for row in rows(db, "SELECT source FROM provenance ORDER BY id")]
    assert sources[0] == str(path) and sources[1].startswith(f"{path}@")
    # the same content again (only touched): nothing new
    later(path)
    third = run(db, path)
    assert (third.stored, third.already, third.refused) == (0, 1, 0)
    assert len(texts(db)) == 2


def test_a_file_replaced_by_a_copy_of_another_is_quarantined_as_its_duplicate(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(article(1), encoding="utf-8")
    second.write_text(article(2), encoding="utf-8")
    db = tmp_path / "store.db"
    assert run(db, first, second).stored == 2
    second.write_text(article(1), encoding="utf-8")
    later(second)
    again = run(db, first, second)
    assert (again.inputs_skipped, again.inputs_changed) == (1, 1)
    assert (again.stored, again.duplicates, again.already) == (0, 1, 0)
    ((source, duplicate_of),) = rows(db, "SELECT source, duplicate_of FROM quarantine")
    assert str(source).startswith(f"{second}@") and duplicate_of == 1
    second.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)  # a picture
    later(second)
    assert dict(run(db, second).quarantined) == {"binary": 1}
    assert len(rows(db, "SELECT source FROM quarantine")) == 2


def test_a_jsonl_line_inserted_at_the_top_stores_only_the_new_record(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    records = [json.dumps({"text": article(n), "outlet": "Wire"}) for n in (1, 2, 3)]
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    db = tmp_path / "store.db"
    assert run(db, path).stored == 3
    too_short = json.dumps({"text": "Too short."})
    new = json.dumps({"text": article(4), "outlet": "Wire"})
    path.write_text("\n".join([new, too_short, *records]) + "\n", encoding="utf-8")
    later(path)
    second = run(db, path, workers=2)
    assert (second.stored, second.already, second.duplicates) == (1, 3, 0)
    assert dict(second.quarantined) == {"too_short": 1}
    assert len(texts(db)) == 4 and opening(4) in texts(db)[3]
    ((new_source, new_hash),) = rows(
        db,
        "SELECT p.source, a.hash FROM provenance p JOIN articles a ON a.id = p.article_id "
        "WHERE a.id = 4",
    )
    assert new_source == f"{path}:1@{str(new_hash)[:12]}"  # line 1 was another article's
    # the lines moved again: the refused line is known by its reason, nothing is new
    path.write_text("\n".join([*records, too_short, new]) + "\n", encoding="utf-8")
    later(path)
    third = run(db, path)
    assert (third.stored, third.already, third.refused) == (0, 5, 0)


def _page(number: int) -> bytes:
    body = "".join(f"<p>{p}</p>\n" for p in article(number).split("\n\n")[1:])
    title = f"Report number {number}"
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"</head><body><main><article><h1>{title}</h1>\n{body}</article></main></body></html>"
    ).encode()


def _response(writer: WARCWriter, uri: str, payload: bytes, record_id: str) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            uri,
            "response",
            payload=io.BytesIO(payload),
            http_headers=headers,
            warc_headers_dict={"WARC-Record-ID": record_id, "WARC-Date": "2024-03-05T08:30:00Z"},
        )
    )


def test_two_warc_records_with_one_record_id_are_both_stored(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        _response(writer, "https://a.example/one", _page(1), "<urn:uuid:same>")
        _response(writer, "https://b.example/two", _page(2), "<urn:uuid:same>")
    db = tmp_path / "store.db"
    first = run(db, path)
    assert (first.stored, first.already) == (2, 0)
    sources = [row[0] for row in rows(db, "SELECT source FROM provenance ORDER BY id")]
    assert sources == [f"{path}#<urn:uuid:same>", f"{path}#<urn:uuid:same>~2"]
    assert (run(db, path).inputs_skipped, len(texts(db))) == (1, 2)


def test_two_feed_items_with_one_guid_are_both_stored(tmp_path: Path) -> None:
    items = "".join(
        f"<item><title>Report number {n}</title><guid isPermaLink='false'>gz-1</guid>"
        f"<description><![CDATA[{_page(n).decode()}]]></description></item>"
        for n in (1, 2)
    )
    path = tmp_path / "feed.rss"
    path.write_text(
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Gazette</title>{items}"
        "</channel></rss>",
        encoding="utf-8",
    )
    db = tmp_path / "store.db"
    first = run(db, path)
    assert (first.stored, first.already) == (2, 0)
    sources = [row[0] for row in rows(db, "SELECT source FROM provenance ORDER BY id")]
    assert sources == [f"{path}#gz-1", f"{path}#gz-1~2"]
    # the feed rewritten with the same items (a feed is refetched and saved): nothing new
    later(path)
    again = run(db, path)
    assert (again.stored, again.already, again.refused) == (0, 2, 0)


def test_a_url_that_serves_another_article_is_stored_again(tmp_path: Path) -> None:
    served = {"/news": article(1)}

    class Pages(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = served.get(self.path.split("?")[0], "").encode("utf-8")
            self.send_response(200 if body else 302)
            if not body:  # any other path redirects to the article
                self.send_header("Location", "/news")
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    db = tmp_path / "st.db"

    def fetch(url: str) -> IngestSummary:
        with Store(db) as store:
            return ingest(store, iter_inputs([url], allow_private=True), workers=1)

    for server in serving(ThreadingHTTPServer(("127.0.0.1", 0), Pages)):
        base = f"http://127.0.0.1:{server.server_address[1]}"
        assert fetch(base + "/news").stored == 1
        again = fetch(base + "/news")
        assert (again.stored, again.already) == (0, 1)
        assert fetch(base + "/moved").already == 1  # redirected to a page stored unchanged
        served["/news"] = article(2)
        changed = fetch(base + "/news")
        assert (changed.stored, changed.already) == (1, 0)
        assert fetch(base + "/moved").already == 1
        assert fetch(base + "/news").already == 1
    sources = [str(row[0]) for row in rows(db, "SELECT source FROM provenance ORDER BY id")]
    assert sources[0] == f"{base}/news"
    assert sources[1].startswith(f"{base}/news@") and len(sources) == 2
    assert opening(1) in texts(db)[0] and opening(2) in texts(db)[1]
