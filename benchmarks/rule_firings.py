"""How often the rules written on the seed pair fire on text they were not written on.

Three rules were shaped on the two seed articles (``tests/fixtures/seeds``); this script
counts their firings on labelled corpora none of them was written on (PolNeAR, BASIL, the
SemEval-2022 pairs, the 140 real saved pages), in absolute numbers, with examples to read:

1. **Name keys** (``storytrace.nlp.names``): capitalised words are compared by a key, so two
   words with one key are one name to the verbatim matcher and the word overlap. In one
   English corpus two *frequent* capitalised words (5 uses or more) with one key are
   almost always two names, so each such collision is a false firing. Printed for the old
   key (consonant skeleton) and the current one (spelling form), and for the speaker
   identity's fuzzy match (``quotes.identity.same_spelling``: spelling form, same skeleton,
   one or two letter edits) at the cut in use and one letter looser and stricter. What the
   key gains: capitalised words of two languages' articles on one story (SemEval pairs
   such as de-en) whose keys meet while their plain folds differ.
2. **Alias lines** (``data/aliases.tsv``): how often each line fires per corpus, by
   spelling, so a line that fires only on the seeds shows.
3. **Tag lines** (``clean.boilerplate``): lines the tag-line rule drops from article text,
   as the rule stands (lower-case start) and if it ignored case, with every firing on the
   real pages printed to be judged by reading.

Usage: python benchmarks/rule_firings.py [DATA_DIR]   (default ../shared/data; < 1 minute)
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from storytrace.clean.boilerplate import is_tag_line
from storytrace.clean.lines import split_paragraphs
from storytrace.clean.markdown import strip_markdown
from storytrace.errors import InputError
from storytrace.ingest.html import read_html
from storytrace.nlp.names import (
    MIN_NAME_LENGTH,
    alias_table,
    fold,
    skeleton,
    spelling_form,
    tokenize,
)
from storytrace.quotes import identity

# A capitalised word used this often in one corpus is a name of that corpus, not a typo.
FREQUENT = 5
EXAMPLES = 12
# Scripts whose words fold to Latin letters comparable with English spellings.
LATIN_OR_CYRILLIC = {"en", "de", "es", "fr", "it", "pl", "tr", "ru"}

SemevalPair = tuple[str, str, str, str]  # lang1, lang2, text1, text2
Cut = Callable[[int], int]  # letter edits allowed, by the longer name's length


def read_corpora(data: Path) -> dict[str, list[str]]:
    """Article texts per corpus: PolNeAR (all articles), BASIL, SemEval English texts."""
    corpora: dict[str, list[str]] = {}
    polnear = data / "polnear" / "text"
    if polnear.is_dir():
        corpora["polnear"] = [p.read_text("utf-8") for p in sorted(polnear.glob("*.txt"))]
    basil = data / "basil" / "docs.jsonl"
    if basil.is_file():
        lines = basil.read_text("utf-8").splitlines()
        corpora["basil"] = [json.loads(line)["text"] for line in lines if line.strip()]
    pairs = semeval_pairs(data)
    if pairs:
        english = {
            text
            for lang1, lang2, text1, text2 in pairs
            for text in (text1, text2)
            if (lang1, lang2) == ("en", "en")
        }
        corpora["semeval-en"] = sorted(english)
    return corpora


def semeval_pairs(data: Path) -> list[SemevalPair]:
    path = data / "semeval2022_task8" / "training_set.csv"
    if not path.is_file():
        return []
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as handle:
        return [(r["lang1"], r["lang2"], r["text1"], r["text2"]) for r in csv.DictReader(handle)]


def capitalised_words(text: str) -> Iterator[str]:
    """Folded capitalised words of ``text``, as ``tokenize`` gives them a name key."""
    for token in tokenize(text):
        if token.key.startswith("~"):
            yield fold(token.text)


def old_key(folded: str) -> str:
    """The consonant-skeleton key the name folding used before issue 13."""
    return skeleton(folded) if len(skeleton(folded)) >= MIN_NAME_LENGTH else folded


def collisions(words: Iterable[str], key: Callable[[str], str]) -> list[list[str]]:
    """Groups of two or more distinct words that ``key`` gives one key."""
    groups: dict[str, set[str]] = defaultdict(set)
    for word in words:
        groups[key(word)].add(word)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g))


def speaker_pairs(first: list[str], second: list[str], allowed: Cut) -> set[tuple[str, str]]:
    """Pairs of two different words (one of ``first``, one of ``second``) that the speaker
    identity's match makes one name, with ``allowed(longer length)`` letter edits."""
    forms = {w: spelling_form(w) for w in {*first, *second}}
    found = set()
    for a in first:
        for b in second:
            fa, fb = forms[a], forms[b]
            if a == b or min(len(fa), len(fb)) < identity.TRANSLIT_MIN_LETTERS:
                continue
            limit = allowed(max(len(fa), len(fb)))
            if fa == fb or (skeleton(fa) == skeleton(fb) and Levenshtein.distance(fa, fb) <= limit):
                found.add((min(a, b), max(a, b)))
    return found


def _cut(short: int, long: int) -> Cut:
    return lambda length: short if length < identity.TRANSLIT_LONG_LETTERS else long


CUTS = {
    "in use (1 edit, 2 from 9 letters)": _cut(1, 2),
    "stricter (1 edit)": _cut(1, 1),
    "looser (2 edits, 3 from 9 letters)": _cut(2, 3),
}
KEYS: dict[str, Callable[[str], str]] = {
    "consonant skeleton (before)": old_key,
    "spelling form (now)": spelling_form,
}


def report_name_keys(corpora: dict[str, list[str]], pairs: list[SemevalPair]) -> None:
    print("== Name keys: frequent capitalised words (5 uses or more) sharing a key with another")
    for name, texts in corpora.items():
        counts = Counter(w for text in texts for w in capitalised_words(text))
        frequent = sorted(w for w, n in counts.items() if n >= FREQUENT)
        print(f"{name}: {len(texts)} texts, {len(frequent)} frequent capitalised words")
        for label, key in KEYS.items():
            groups = collisions(frequent, key)
            shown = ", ".join(" = ".join(g) for g in groups[:EXAMPLES])
            print(f"  {label}: {sum(map(len, groups))} words in {len(groups)} keys; {shown}")
        for label, allowed in CUTS.items():
            merged = sorted(speaker_pairs(frequent, frequent, allowed))
            shown = ", ".join(f"{a} = {b}" for a, b in merged[:EXAMPLES])
            print(f"  speaker match, {label}: {len(merged)} pairs; {shown}")
    print("SemEval pairs in two languages (Latin or Cyrillic script): capitalised words of one")
    print("article that meet a word of the other by key (or speaker match), not by plain fold")
    across = [
        (set(capitalised_words(text1)), set(capitalised_words(text2)))
        for lang1, lang2, text1, text2 in pairs
        if lang1 != lang2 and {lang1, lang2} <= LATIN_OR_CYRILLIC
    ]
    for label, key in KEYS.items():
        met: set[tuple[str, str]] = set()
        for first, second in across:
            keyed: dict[str, set[str]] = defaultdict(set)
            for word in second - first:
                keyed[key(word)].add(word)
            met.update((w, o) for w in first - second for o in keyed[key(w)])
        shown = ", ".join(f"{w} = {o}" for w, o in sorted(met)[: 3 * EXAMPLES])
        print(f"  {label}: {len(met)} spellings; {shown}")
    for label, allowed in CUTS.items():
        found: set[tuple[str, str]] = set()
        for first, second in across:
            found |= speaker_pairs(sorted(first - second), sorted(second - first), allowed)
        shown = ", ".join(f"{a} = {b}" for a, b in sorted(found)[: 2 * EXAMPLES])
        print(f"  speaker match, {label}: {len(found)} pairs; {shown}")


def report_aliases(corpora: dict[str, list[str]]) -> None:
    print("== Alias lines: firings per corpus, by spelling; capitalised words before the")
    print("   spelling, to judge whether a firing is right (North American is not the US)")
    keys = sorted(set(alias_table().values()))
    fired: dict[str, dict[str, Counter[str]]] = {key: defaultdict(Counter) for key in keys}
    before: dict[str, Counter[str]] = defaultdict(Counter)
    for name, texts in corpora.items():
        for text in texts:
            tokens = tokenize(text)
            for previous, token in zip([None, *tokens], tokens, strict=False):
                if token.key.startswith("="):
                    fired[token.key[1:]][name][token.text] += 1
                    if previous is not None and previous.key.startswith("~"):
                        before[token.key[1:]][f"{previous.text} {token.text}"] += 1
    for key in keys:
        per_corpus = ", ".join(f"{name} {sum(fired[key][name].values())}" for name in corpora)
        spellings = Counter[str]()
        for counter in fired[key].values():
            spellings.update(counter)
        shown = ", ".join(f"{s} {n}" for s, n in spellings.most_common(8))
        print(f"  {key}: {per_corpus}; {shown or 'never fires'}")
        if before[key]:
            shown = ", ".join(f"{s} {n}" for s, n in before[key].most_common(EXAMPLES))
            print(f"    after a capitalised word: {shown}")


def article_lines(text: str) -> Iterator[tuple[str, str | None, str | None]]:
    """(line, the line before it in its paragraph, the line of text before it) for the
    lines the boilerplate rules judge (headings aside)."""
    paragraphs, _ = strip_markdown(split_paragraphs(text))
    before: str | None = None
    for paragraph in paragraphs:
        in_paragraph: str | None = None
        for line in paragraph:
            if not line.heading:
                yield line.text, in_paragraph, before
                before = line.text
            in_paragraph = line.text


def real_pages(data: Path) -> list[str]:
    texts = []
    for path in sorted((data / "realpages").rglob("*.html")):
        try:
            texts.append(read_html(path.read_bytes(), str(path)).text)
        except InputError:
            continue
    return texts


def report_tag_lines(corpora: dict[str, list[str]], pages: list[str]) -> None:
    print("== Tag lines: lines the tag-line rule drops")
    print("   before: lower case, after a sentence end in its paragraph; now: lower case, after")
    print("   a sentence end in the text; case-blind: now's rule without the lower-case start")
    for name, texts in {**corpora, "realpages": pages}.items():
        lines = [line for text in texts for line in article_lines(text)]
        before = [t for t, in_paragraph, _ in lines if is_tag_line(t, in_paragraph)]
        now = [t for t, _, previous in lines if is_tag_line(t, previous)]
        blind = [
            t for t, _, previous in lines if is_tag_line(t.lower(), previous) and t[0].isupper()
        ]
        print(
            f"{name}: {len(lines)} lines; before drops {len(before)}, now {len(now)}; "
            f"case-blind would drop {len(blind)} more"
        )
        for label, found, limit in (
            ("now", now, None),
            ("before only", [t for t in before if t not in now], EXAMPLES),
            ("case-blind only", blind, 2 * EXAMPLES),
        ):
            for line in found[:limit]:
                print(f"    {label}: {line[:100]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=Path("../shared/data"))
    data = parser.parse_args(argv).data
    if not data.is_dir():
        print(f"{data} not found: pass the folder of the labelled corpora", file=sys.stderr)
        return 2
    corpora = read_corpora(data)
    report_name_keys(corpora, semeval_pairs(data))
    seeds = sorted(
        (Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "seeds").glob("*.txt")
    )
    report_aliases({**corpora, "seeds": [path.read_text("utf-8") for path in seeds]})
    report_tag_lines(corpora, real_pages(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
