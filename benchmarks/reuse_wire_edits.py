"""The edits of the wire-story corpus (``reuse_wire_build``): what an inserted wire sentence
becomes in an article, each edit recorded in the gold."""

from __future__ import annotations

import random
import re

# Edit of an inserted wire sentence; an MSRP wire sentence is paraphrased with PARAPHRASE_SHARE.
EDIT_WEIGHTS = {
    "verbatim": 0.3,
    "deletion": 0.18,
    "numbers": 0.12,
    "synonyms": 0.2,
    "combined": 0.2,
}
PARAPHRASE_SHARE = 0.6
EDITS = ("verbatim", "deletion", "numbers", "synonyms", "combined", "paraphrase")
# One-way synonym swaps of common news words (matched whole, any case).
SYNONYMS = {
    "said": "stated", "says": "notes", "told": "informed", "police": "officers",
    "officials": "authorities", "government": "administration", "announced": "declared",
    "people": "individuals", "killed": "slain", "began": "started", "help": "assist",
    "buy": "purchase", "big": "large", "large": "big", "attack": "assault", "country": "nation",
    "city": "town", "company": "firm", "children": "kids", "showed": "indicated",
    "shows": "indicates", "rose": "climbed", "fell": "dropped", "leader": "chief",
    "leaders": "chiefs", "plan": "proposal", "plans": "proposals", "meeting": "session",
    "voters": "electors", "candidate": "contender", "election": "vote", "about": "around",
    "however": "though", "many": "numerous", "important": "key", "quickly": "rapidly",
    "wanted": "sought", "tried": "attempted", "need": "require", "received": "got",
    "reporters": "journalists", "percent": "per cent", "week": "weeks'", "major": "main",
    "million": "mln", "billion": "bln", "before": "prior to", "after": "following",
}  # fmt: skip
NUMBER_WORDS = {
    "one": "two", "two": "three", "three": "four", "four": "five", "five": "six", "six": "seven",
    "seven": "eight", "eight": "nine", "nine": "ten", "ten": "eleven", "first": "second",
    "second": "third", "third": "fourth", "dozen": "score", "hundreds": "thousands",
    "thousands": "hundreds",
}  # fmt: skip
_SYNONYM = re.compile(r"\b(" + "|".join(map(re.escape, SYNONYMS)) + r")\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d+|\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)
_CLAUSE = re.compile(r", [^,;]{6,80}?,")


def deletion(rng: random.Random, text: str) -> str | None:
    """A clause between commas dropped, else 2-4 words (not the first or last)."""
    clauses = list(_CLAUSE.finditer(text))
    if clauses:
        clause = rng.choice(clauses)
        return text[: clause.start()] + "," + text[clause.end() :]
    words = text.split()
    count = rng.randint(2, 4)
    if len(words) < count + 6:
        return None
    at = rng.randrange(1, len(words) - count - 1)
    return " ".join(words[:at] + words[at + count :])


def numbers(rng: random.Random, text: str) -> str | None:
    """Every number changed: one digit of each run of digits, or the next number word."""
    if not _NUMBER.search(text):
        return None

    def changed(match: re.Match[str]) -> str:
        found = match.group()
        if found.isdigit():
            at = rng.randrange(len(found))
            digits = "123456789" if at == 0 and len(found) > 1 else "0123456789"
            new = rng.choice([d for d in digits if d != found[at]])
            return found[:at] + new + found[at + 1 :]
        return _cased(found, NUMBER_WORDS[found.lower()])

    return _NUMBER.sub(changed, text)


def synonyms(rng: random.Random, text: str) -> str | None:
    if not _SYNONYM.search(text):
        return None
    return _SYNONYM.sub(lambda m: _cased(m.group(), SYNONYMS[m.group().lower()]), text)


def combined(rng: random.Random, text: str) -> str | None:
    """Two of deletion, numbers and synonyms, in a random order (None unless two apply)."""
    operations = [deletion, numbers, synonyms]
    rng.shuffle(operations)
    applied = 0
    for operation in operations:
        edited = operation(rng, text)
        if edited is not None:
            text, applied = edited, applied + 1
        if applied == 2:
            return text
    return None


def _cased(original: str, replacement: str) -> str:
    return replacement[0].upper() + replacement[1:] if original[0].isupper() else replacement


EDIT_FUNCTIONS = {"deletion": deletion, "numbers": numbers, "synonyms": synonyms}
EDIT_FUNCTIONS["combined"] = combined


def edited(rng: random.Random, text: str, paraphrase: str | None) -> tuple[str, str]:
    """(edit applied, new text) of one inserted wire sentence."""
    if paraphrase is not None and rng.random() < PARAPHRASE_SHARE:
        return "paraphrase", paraphrase
    kinds = list(EDIT_WEIGHTS)
    first = rng.choices(kinds, [EDIT_WEIGHTS[k] for k in kinds])[0]
    for kind in [first] + [k for k in rng.sample(kinds, len(kinds)) if k != first]:
        if kind == "verbatim":
            return kind, text
        new = EDIT_FUNCTIONS[kind](rng, text)
        if new is not None and new != text:
            return kind, new
    return "verbatim", text
