"""A person's corrections: of the grouping (merging two stories, moving articles out of a
story, into a new one or another one), and marks of what the machine got wrong (an edge
of a story's derivation graph, a quotation's speaker); and undoing any of them.

Each is applied to the store at once and recorded with who made it and when; undoing one
moves its articles back (those still where it put them) or lifts the mark, and records
who undid it. Later ``storytrace stories`` runs keep them: stored articles never change
story in a run, and two stories a person separated (a move, an undone merge) are never
merged again (``kept_apart``). A story's view leaves out the edges marked wrong and shows
a marked quotation's speaker as the person said (``storytrace.marked``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from storytrace.store.db import Store
from storytrace.store.stories import next_story_id, resolve_story, save_merge

KINDS = ("merge", "move", "edge", "speaker")
GROUPING_KINDS = ("merge", "move")


class CorrectionError(ValueError):
    """A correction that cannot be made (no such story, an article not in it, ...)."""


class NoSuchCorrection(CorrectionError):
    """A correction asked for by an id the store does not hold."""


@dataclass(frozen=True)
class Correction:
    id: int
    # "merge": story_id merged into target; "move": articles moved story -> target;
    # "edge": the derivation edge article_ids[0] -> article_ids[1] of story_id is wrong;
    # "speaker": the speaker of a quotation of article_ids[0] (in story_id) is wrong
    kind: str
    story_id: int
    target_story_id: int
    article_ids: tuple[int, ...]
    made_by: str
    made_at: str
    undone_by: str | None = None
    undone_at: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)  # what a mark names


def merge_stories(store: Store, merged: int, into: int, who: str) -> Correction:
    """Merge story ``merged`` into story ``into`` (both live, not the same).

    Raises:
        CorrectionError: either is not a live story, or they are one.
    """
    with store.transaction() as db:
        merged, into = _live(store, merged), _live(store, into)
        if merged == into:
            raise CorrectionError(f"story {merged} and story {into} are one story already")
        articles = _members(store, merged)
        save_merge(db, merged, into)
        return _record(db, "merge", merged, into, articles, who)


def move_articles(
    store: Store, story_id: int, article_ids: Sequence[int], who: str, to: int | None = None
) -> Correction:
    """Move ``article_ids`` out of story ``story_id`` into story ``to`` (None: a new story).

    Raises:
        CorrectionError: no such story; an article not in it; no article, or all of them
            (that is a merge); ``to`` the same story or not a live one.
    """
    with store.transaction() as db:
        story_id = _live(store, story_id)
        members = set(_members(store, story_id))
        moved = sorted(set(article_ids))
        if not moved:
            raise CorrectionError("choose at least one article to move")
        strangers = [a for a in moved if a not in members]
        if strangers:
            raise CorrectionError(
                f"not in story {story_id}: {', '.join(f'article {a}' for a in strangers)}"
            )
        if to is None and len(moved) == len(members):
            raise CorrectionError(f"those are all the articles of story {story_id}")
        if to is None:
            to = next_story_id(store)
            run = db.execute("SELECT run_id FROM stories WHERE id = ?", (story_id,)).fetchone()
            db.execute("INSERT INTO stories(id, run_id) VALUES (?, ?)", (to, run[0]))
        else:
            to = _live(store, to)
            if to == story_id:
                raise CorrectionError(f"the articles are in story {story_id} already")
        _set_story(db, moved, to)
        return _record(db, "move", story_id, to, moved, who)


def mark_edge_wrong(store: Store, story_id: int, source: int, target: int, who: str) -> Correction:
    """Mark the derivation edge ``source`` -> ``target`` of story ``story_id`` as wrong
    (``target`` does not derive from ``source``).

    Raises:
        CorrectionError: no such story; either article not in it; the same article; the
            edge marked wrong already.
    """
    with store.transaction() as db:
        story_id = _live(store, story_id)
        members = set(_members(store, story_id))
        strangers = [a for a in (source, target) if a not in members]
        if strangers:
            raise CorrectionError(
                f"not in story {story_id}: {', '.join(f'article {a}' for a in strangers)}"
            )
        if source == target:
            raise CorrectionError("an edge joins two articles")
        if (source, target) in wrong_edges(store, story_id):
            raise CorrectionError(f"article {target} <- article {source} is marked wrong already")
        detail = {"source": source, "target": target}
        return _record(db, "edge", story_id, story_id, [source, target], who, detail)


def mark_speaker_wrong(
    store: Store,
    article_id: int,
    start: int,
    end: int,
    speaker: str | None,
    who: str,
    correct: str | None = None,
) -> Correction:
    """Mark as wrong the speaker (``speaker``, as shown) of the quotation at
    ``start``-``end`` of article ``article_id``; ``correct``: who said it instead, where
    the person knows.

    Raises:
        CorrectionError: no such article, or it is in no story; offsets outside its text;
            the quotation marked already.
    """
    with store.transaction() as db:
        row = db.execute("SELECT length(text) FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise CorrectionError(f"no article {article_id}")
        if not 0 <= start < end <= int(row[0]):
            raise CorrectionError(f"no quotation at {start}-{end} of article {article_id}")
        story_id = _story_of(db, article_id)
        if story_id is None:
            raise CorrectionError(f"article {article_id} is in no story yet")
        if (start, end) in speaker_marks(store, [article_id]).get(article_id, {}):
            raise CorrectionError("that quotation's speaker is marked already; undo it first")
        detail = {
            "start": start,
            "end": end,
            "speaker": speaker or None,
            "correct": (correct or "").strip() or None,
        }
        return _record(db, "speaker", story_id, story_id, [article_id], who, detail)


def wrong_edges(store: Store, story_id: int) -> dict[tuple[int, int], Correction]:
    """The derivation edges of story ``story_id`` marked wrong and in force, by
    ``(source, target)``."""
    return wrong_edges_by_story(store).get(story_id, {})


def wrong_edges_by_story(store: Store) -> dict[int, dict[tuple[int, int], Correction]]:
    """The derivation edges marked wrong and in force, by the live story they are in."""
    found: dict[int, dict[tuple[int, int], Correction]] = {}
    for mark in _in_force(store, "edge"):
        story_id = resolve_story(store, mark.story_id)
        if story_id is not None:
            found.setdefault(story_id, {})[(mark.article_ids[0], mark.article_ids[1])] = mark
    return found


def speaker_marks(
    store: Store, article_ids: Sequence[int]
) -> dict[int, dict[tuple[int, int], Correction]]:
    """The speaker marks in force of the articles ``article_ids``: per article, by the
    quotation's ``(start, end)``."""
    wanted = set(article_ids)
    found: dict[int, dict[tuple[int, int], Correction]] = {}
    for mark in _in_force(store, "speaker"):
        article = mark.article_ids[0]
        if article in wanted:
            found.setdefault(article, {})[(mark.detail["start"], mark.detail["end"])] = mark
    return found


def _in_force(store: Store, kind: str) -> list[Correction]:
    rows = store.db.execute(
        f"SELECT {_COLUMNS} FROM corrections WHERE kind = ? AND undone_at IS NULL ORDER BY id",
        (kind,),
    )
    return [_from_row(row) for row in rows]


def undo_correction(store: Store, correction_id: int, who: str) -> Correction:
    """Undo a correction: its articles still where it put them go back.

    Raises:
        CorrectionError: no such correction, or it was undone already.
    """
    with store.transaction() as db:
        found = _load(db, correction_id)
        if found is None:
            raise NoSuchCorrection(f"no correction {correction_id}")
        if found.undone_at is not None:
            raise CorrectionError(f"correction {correction_id} was undone already")
        if found.kind in GROUPING_KINDS:
            target = resolve_story(store, found.target_story_id)
            back = [a for a in found.article_ids if _story_of(db, a) == target]
            if found.kind == "merge":
                db.execute("UPDATE stories SET merged_into = NULL WHERE id = ?", (found.story_id,))
            _set_story(db, back, found.story_id)
        db.execute(
            "UPDATE corrections SET undone_by = ?, undone_at = ? WHERE id = ?",
            (who, _now(), correction_id),
        )
        undone = _load(db, correction_id)
        assert undone is not None
        return undone


def corrections(store: Store, story_id: int | None = None) -> list[Correction]:
    """Every correction, newest first; with ``story_id``, those that touched that story."""
    rows = store.db.execute(f"SELECT {_COLUMNS} FROM corrections ORDER BY id DESC").fetchall()
    found = [_from_row(row) for row in rows]
    if story_id is None:
        return found
    return [c for c in found if story_id in (c.story_id, c.target_story_id)]


def kept_apart(store: Store) -> set[frozenset[int]]:
    """Pairs of stories a person separated: the two sides of a move still in force, and of
    a merge undone. Grouping never merges them again."""
    pairs = set()
    for correction in corrections(store):
        if correction.kind not in GROUPING_KINDS:
            continue
        undone = correction.undone_at is not None
        sides = {
            resolve_story(store, correction.story_id),
            resolve_story(store, correction.target_story_id),
        }
        if (correction.kind == "move") != undone and None not in sides and len(sides) == 2:
            pairs.add(frozenset(side for side in sides if side is not None))
    return pairs


_COLUMNS = (
    "id, kind, story_id, target_story_id, article_ids, made_by, made_at, undone_by, undone_at, "
    "detail"
)


def _record(
    db: sqlite3.Connection,
    kind: str,
    story_id: int,
    target: int,
    articles: list[int],
    who: str,
    detail: dict[str, Any] | None = None,
) -> Correction:
    cursor = db.execute(
        "INSERT INTO corrections(kind, story_id, target_story_id, article_ids, made_by, "
        "made_at, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (kind, story_id, target, json.dumps(articles), who, _now(), json.dumps(detail or {})),
    )
    made = _load(db, int(cursor.lastrowid or 0))
    assert made is not None
    return made


def _load(db: sqlite3.Connection, correction_id: int) -> Correction | None:
    row = db.execute(
        f"SELECT {_COLUMNS} FROM corrections WHERE id = ?", (correction_id,)
    ).fetchone()
    return None if row is None else _from_row(row)


def _from_row(row: Sequence[object]) -> Correction:
    identifier, kind, story, target, articles, by, at, undone_by, undone_at, detail = row
    return Correction(
        int(str(identifier)),
        str(kind),
        int(str(story)),
        int(str(target)),
        tuple(int(a) for a in json.loads(str(articles))),
        str(by),
        str(at),
        None if undone_by is None else str(undone_by),
        None if undone_at is None else str(undone_at),
        json.loads(str(detail)),
    )


def _live(store: Store, story_id: int) -> int:
    live = resolve_story(store, story_id)
    if live is None or not _members(store, live):
        raise CorrectionError(f"no story {story_id}")
    return live


def _members(store: Store, story_id: int) -> list[int]:
    rows = store.db.execute(
        "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY position", (story_id,)
    )
    return [int(article_id) for (article_id,) in rows]


def _story_of(db: sqlite3.Connection, article_id: int) -> int | None:
    row = db.execute(
        "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
    ).fetchone()
    return None if row is None else int(row[0])


def _set_story(db: sqlite3.Connection, article_ids: Sequence[int], story_id: int) -> None:
    db.executemany(
        "UPDATE story_articles SET story_id = ? WHERE article_id = ?",
        [(story_id, article_id) for article_id in article_ids],
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
