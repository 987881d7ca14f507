"""The quotation parts of the reports: HTML section, JSON records, Markdown, terminal, text.

The real pipeline runs on two articles written here (one mayor quoted in slightly
different words); hand-built records cover what today's extraction rarely produces
(notes, a repeated wording, a translation).
"""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from storytrace import compare_paths
from storytrace.model import (
    Comparison,
    Quote,
    QuoteGroup,
    QuoteVariant,
    Speaker,
    Story,
    WordChange,
)
from storytrace.report import json_report, quotes_json, to_html, to_json, to_markdown, to_summary
from storytrace.report.html_quotes import quotes_section
from storytrace.report.quotes_text import change_text, story_quotes_to_text, tally

FLOOD = [
    {
        "outlet": "River Gazette",
        "published": "2023-11-02",
        "language": "en",
        "title": "Mayor orders evacuation as river rises",
        "text": "Riverton, November 2 -- The mayor of Riverton ordered the evacuation of the "
        'lower town on Thursday as the river rose above its banks.\n\n"Nobody should stay '
        'in the lower town tonight, whatever the police are able to do," Mayor Anna '
        "Kowalski said at a news conference.\n\nSchools will stay closed on Friday.",
    },
    {
        "outlet": "Valley Times",
        "published": "2023-11-03",
        "language": "en",
        "title": "Riverton evacuates lower town",
        "text": "Riverton -- Hundreds of residents left the lower town of Riverton after the "
        'river burst its banks.\n\nMayor Anna Kowalski told reporters: "Nobody should stay '
        'in the lower town tonight, whatever the police can do."\n\nA spokesman for the '
        'fire brigade said: "Our crews have been pumping water out of basements all day."',
    },
]


@pytest.fixture(scope="module")
def flood(tmp_path_factory: pytest.TempPathFactory) -> Comparison:
    source = tmp_path_factory.mktemp("flood") / "flood.jsonl"
    lines = [json.dumps(row) for row in FLOOD]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return compare_paths([source])


def _kowalski(comparison: Comparison) -> QuoteGroup:
    return next(
        group
        for group in comparison.quote_groups
        if group.speaker_key == "kowalski" and len(group.variants) > 1
    )


def test_html_puts_variants_side_by_side_with_marked_changes(flood: Comparison) -> None:
    group = _kowalski(flood)
    section = quotes_section(flood, {"a1": "River Gazette", "a2": "Valley Times"})
    block = section.split(f'id="group-{group.id}"')[1].split('class="quote-group"')[0]
    heading = re.search(r"<h3>(.*?)</h3>", block)
    assert heading is not None and "Anna Kowalski" in heading.group(1)
    figures = re.findall(r'<figure class="variant[^"]*".*?</figure>', block, re.S)
    assert len(figures) == 2
    reference, variant = figures
    assert "<strong>River Gazette</strong>" in reference and "2023-11-02" in reference
    assert 'class="first-mark"' in reference and "direct quotation" in reference
    assert "cue “said”" in reference and "<del>" not in reference
    assert "<strong>Valley Times</strong>" in variant and "2023-11-03" in variant
    assert "<del>are able to</del>" in variant and "<ins>can</ins>" in variant
    assert "changed: <del>are able to</del> <ins>can</ins>" in variant


def test_html_lists_quotations_of_one_article_by_speaker(flood: Comparison) -> None:
    page = to_html(flood)
    loose = page.split("Other quotations: carried by one article")[1].split("</section>")[0]
    assert "pumping water out of basements" in loose
    assert re.search(r"<h4>[^<]*spokesman[^<]*</h4>", loose), loose


def test_json_records_carry_kind_cue_parts_and_wordings(flood: Comparison) -> None:
    document = json.loads(to_json(flood))
    texts = {article["id"]: article["text"] for article in document["articles"]}
    for quote in document["quotes"]:
        assert quote["kind"] in {"direct", "indirect", "mixed"}
        pieces = [texts[quote["article"]][start:end] for start, end in quote["parts"]]
        assert " ".join(pieces) == quote["text"]
        assert isinstance(quote["notes"], list)
        if quote["cue_start"] is not None:
            assert quote["cue_start"] < quote["cue_end"]
    group = next(g for g in document["quote_groups"] if g["speaker_key"] == "kowalski")
    assert {"speaker_name", "speaker_role"} <= set(group)
    assert group["variants"][0]["first"] is True
    assert all({"wording", "first", "similarity", "changes"} <= set(v) for v in group["variants"])
    # One definition of the records, shared with `storytrace quotes --json`.
    assert quotes_json.quote_record is json_report.quote_record
    assert quotes_json.group_record is json_report.group_record


def test_markdown_and_summary_show_kind_date_and_first(flood: Comparison) -> None:
    markdown = to_markdown(flood)
    line = next(line for line in markdown.splitlines() if line.startswith("- **River Gazette**"))
    assert ", 2023-11-02 (" in line and "— direct, first" in line and "cue “said”" in line
    summary = to_summary(flood)
    pattern = r"g\d+: [^,\n]*Anna Kowalski, 2 variants \(River Gazette, Valley Times\)"
    assert re.search(pattern, summary)
    assert "first: River Gazette" in summary


def test_notes_repeated_wording_and_translation(comparison: Comparison) -> None:
    """Hand-built: a quotation with a note, a variant repeating the reference's words."""
    group = comparison.quote_groups[0]
    noted = dataclasses.replace(group.variants[0].quote, notes=("unbalanced quotation mark",))
    repeat = dataclasses.replace(group.variants[1], wording=0, first=False, changes=[])
    comparison.quote_groups[0] = dataclasses.replace(
        group, variants=[dataclasses.replace(group.variants[0], quote=noted), repeat]
    )
    page = to_html(comparison)
    assert '<ul class="notes" aria-label="notes"><li>unbalanced quotation mark</li></ul>' in page
    assert "same words as GPA" in page
    assert page.count('class="first-mark"') == 1
    markdown = to_markdown(comparison)
    assert "  - note: unbalanced quotation mark" in markdown and "same words as GPA" in markdown


def test_a_translated_variant_is_labelled_not_diffed(comparison: Comparison) -> None:
    rhc = comparison.articles[1]
    russian = dataclasses.replace(rhc.article, language="ru")
    comparison.articles[1] = dataclasses.replace(rhc, article=russian)
    section = quotes_section(comparison, {"a1": "GPA", "a2": "Radio Habana Cuba"})
    variant = section.split("<strong>Radio Habana Cuba</strong>")[1].split("</figure>")[0]
    assert "translation (en → ru)" in variant
    assert "<del>" not in variant and 'class="changes"' not in variant


def test_text_view_of_a_story(flood: Comparison) -> None:
    articles = [analysed.article for analysed in flood.articles]
    story = Story(7, ("a1", "a2"), "Mayor orders evacuation", "2023-11-02", "2023-11-03")
    text = story_quotes_to_text(story, articles, flood.quote_groups)
    lines = text.splitlines()
    assert lines[0] == "story 7: Mayor orders evacuation"
    heading = next(i for i, line in enumerate(lines) if "Anna Kowalski" in line)
    assert "2 variants, 2 outlets" in lines[heading]
    assert lines[heading + 1].startswith("  * River Gazette, 2023-11-02, direct, cue “said”")
    assert lines[heading + 1].endswith(", first")
    assert "~are able to → can" in text
    assert "Quoted in one article only:" in text and "pumping water" in text


def test_change_text() -> None:
    assert change_text(WordChange("added", "", "us")) == "+us"
    assert change_text(WordChange("dropped", "morning", "")) == "-morning"
    assert change_text(WordChange("changed", "every", "each")) == "~every → each"


def test_single_variant_groups_are_not_drawn_side_by_side(comparison: Comparison) -> None:
    quote = comparison.quotes[2]
    comparison.quote_groups.append(QuoteGroup("g1", None, [QuoteVariant(quote, 1.0, [])]))
    page = to_html(comparison)
    assert 'id="group-g1"' not in page
    assert "flirting" in page.split("Other quotations")[1]


def test_json_report_schema_names_every_quote_field() -> None:
    schema = json_report.__doc__ or ""
    for field in ("kind", "cue_start", "parts", "notes", "mention", "speaker_role", "wording"):
        assert f'"{field}"' in schema, field
    assert all(f'"{key}"' in (quotes_json.__doc__ or "") for key in ("shared", "speakers"))


def test_story_tally_lists_only_speakers_with_an_identity() -> None:
    def quote(number: int, speaker: Speaker | None) -> QuoteVariant:
        found = Quote(f"a1-q{number}", "a1", 0, 20, "words of a quotation", speaker, "said")
        return QuoteVariant(found, 1.0, [])

    lopez = Speaker("Maria Lopez", "lopez", None, 0, 11)
    they = Speaker("they", "", None, 0, 4)
    groups = [
        QuoteGroup(f"g{n}", speaker.key if speaker else None, [quote(n, speaker)])
        for n, speaker in enumerate([lopez, they, they, None, lopez])
    ]
    row = tally(Story(1, ("a1",), "Strike", None, None), groups, {"a1": "Lisbon Daily"})
    assert row.quotes == 5
    assert row.speakers == (("Maria Lopez", 2),)
