"""The sample content holds the seed section faithfully, with its extraction damage repaired."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from folio.errors import BuildError
from folio.load import load_publication
from folio.model import Heading, Note, NoteRef, Paragraph, Publication, Text, note_text, plain_text
from tests.conftest import CONTENT, SEED, write_content
from tests.load.conftest import messages


@pytest.fixture(scope="module")
def publication() -> Publication:
    return load_publication(CONTENT).publication


def straight(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def seed_parts() -> tuple[str, dict[int, str]]:
    """The seed's body text and its notes by number (505's label was lost in the extraction)."""
    text = SEED.read_text(encoding="utf-8").replace("<u>", "").replace("</u>", "")
    body, _, notes_block = text.partition("url\n\n506\n")
    first_note = body.rsplit("\n\n", 1)[1] + "url"
    body = body.rsplit("\n\n", 1)[0]
    notes = {505: first_note}
    chunks = re.split(r"\n\n(\d{3})\n\n", "\n\n506\n\n" + notes_block.split("\n\n©")[0])
    for label, note in zip(chunks[1::2], chunks[2::2], strict=True):
        notes[int(label)] = " ".join(note.split())
    return body, notes


def words_before_calls(publication: Publication) -> dict[int, str]:
    found: dict[int, str] = {}
    for section in publication.sections:
        for block in section.blocks:
            if not isinstance(block, Paragraph):
                continue
            before = ""
            for item in block.inlines:
                if isinstance(item, Text):
                    before += item.text
                elif isinstance(item, NoteRef):
                    found[item.number] = straight(before.split()[-1])
    return found


def test_sample_has_twenty_notes_numbered_505_to_524(publication: Publication) -> None:
    assert [note.number for note in publication.notes] == list(range(505, 525))
    assert all(note.calls == 1 for note in publication.notes)


def test_every_note_has_the_seed_citation_text(publication: Publication) -> None:
    _, seed_notes = seed_parts()
    assert len(seed_notes) == 20
    for note in publication.notes:
        assert straight(note_text(note)) == seed_notes[note.number], note.number


def test_every_call_stands_after_the_word_it_follows_in_the_seed(publication: Publication) -> None:
    body, _ = seed_parts()
    body = body.replace("H meimim", "Hmeimim")
    expected = {int(n): word for word, n in re.findall(r"(\S*?)\s?(5[0-2]\d)(?!\d)", body) if word}
    expected = {n: w for n, w in expected.items() if 505 <= n <= 524}
    assert len(expected) == 20
    assert words_before_calls(publication) == expected


def test_every_sentence_of_the_seed_is_in_the_content(publication: Publication) -> None:
    body, _ = seed_parts()
    body = re.sub(r"\s?(5[0-2]\d)(?=[\s.,]|$)", "", body)  # the calls, glued or not
    body = re.sub(r"(?<=[.'])5[0-2]\d", "", body)
    body = body.replace("H meimim", "Hmeimim").replace("lyushin", "Ilyushin")
    blocks = publication.body.sections[0].blocks
    assert straight(plain_text(blocks[0].inlines)) == "3.2. Russia"  # type: ignore[union-attr]
    paragraphs = [straight(plain_text(b.inlines)) for b in blocks[1:]]  # type: ignore[union-attr]
    seed_paragraphs = [" ".join(p.split()) for p in body.strip().split("\n\n")[1:]]
    assert len(paragraphs) == len(seed_paragraphs) == 5
    for paragraph, seed_paragraph in zip(paragraphs, seed_paragraphs, strict=True):
        sentences = re.split(r"(?<=\.)\s+(?=[A-Z])", seed_paragraph)
        for sentence in sentences:
            assert sentence in paragraph, sentence
    assert sum(len(re.split(r"(?<=\.)\s+(?=[A-Z])", p)) for p in seed_paragraphs) == 15


def test_extraction_damage_is_repaired(publication: Publication) -> None:
    text = " ".join(plain_text(b.inlines) for b in publication.body.sections[0].blocks)  # type: ignore[union-attr]
    assert "Hmeimim to al-Khadim" in text
    assert "Ilyushin IL-76" in text
    assert "<u>" not in text and "H meimim" not in text
    assert "info@euaa.europa.eu" not in text
    assert publication.footer == "© European Union Agency for Asylum 2025 | Email: info@euaa.europa.eu"


def test_metadata_is_the_publication_s(publication: Publication) -> None:
    assert publication.title == "Syria – Country Focus"
    assert publication.subtitle == "Country of Origin Information Report"
    assert publication.publisher == "European Union Agency for Asylum"
    assert (publication.date, publication.language, publication.first_note) == ("2025-03", "en", 505)
    assert publication.slug == "syria-country-focus"


def test_the_one_known_source_address_links_and_unknown_ones_stay_plain(publication: Publication) -> None:
    notes = {note.number: note for note in publication.notes}

    def links(note: Note) -> list[str]:
        return [repr(item) for b in note.blocks for item in b.inlines if type(item).__name__ == "Link"]

    assert len(links(notes[516])) == 1
    assert "themoscowtimes.com/2025/02/18/russian-air-base" in links(notes[516])[0]
    assert all(not links(notes[n]) for n in notes if n != 516)
    assert note_text(notes[505]).endswith("20 December 2024, url")


def test_an_undefined_note_is_reported_at_its_line(tmp_path: Path) -> None:
    write_content(tmp_path, "## A\n\nText.\n\nMore[^9] text.\n")
    with pytest.raises(BuildError) as caught:
        load_publication(tmp_path)
    assert [d.message for d in caught.value.diagnostics] == ["footnote [^9] is referenced but never defined"]
    assert caught.value.diagnostics[0].location is not None
    assert caught.value.diagnostics[0].location.line == 5


def test_all_problems_of_a_run_are_reported_together(tmp_path: Path) -> None:
    write_content(tmp_path, "## A\n\nOne[^1] two[^x].\n\n[^1]: a\n[^1]: b\n")
    with pytest.raises(BuildError) as caught:
        load_publication(tmp_path)
    messages = [d.message for d in caught.value.diagnostics]
    assert "footnote [^1] is defined twice (first on line 5)" in messages
    assert "footnote [^x] is referenced but never defined" in messages


# Bad content: each case gives `path:line: message`, as the editor sees it (paths relative to
# the working directory, so the tests run from inside the content folder).


def test_malformed_yaml_names_the_line_it_was_noticed_on_and_where_the_construct_began(here: Path) -> None:
    write_content(here, "## A\n")
    (here / "publication.yaml").write_text(
        'title: "T"\nlanguage: [en\nsections: ["s.md"]\n', encoding="utf-8"
    )
    assert messages(here) == [
        "publication.yaml:3: malformed YAML: expected ',' or ']', but got ':' "
        "(while parsing a flow sequence that starts on line 2)"
    ]


def test_malformed_yaml_indentation(here: Path) -> None:
    write_content(here, "## A\n")
    (here / "publication.yaml").write_text("title: T\n  bad: indent\n", encoding="utf-8")
    assert messages(here) == ["publication.yaml:2: malformed YAML: mapping values are not allowed here"]


def test_a_control_character_in_yaml_is_an_error_at_its_line(here: Path) -> None:
    write_content(here, "## A\n")
    (here / "publication.yaml").write_text('title: "T"\nfooter: "a\x1fb"\n', encoding="utf-8")
    assert messages(here) == [
        "publication.yaml:2: character U+001F (a control character) cannot be printed or stored in an EPUB; "
        "remove it"
    ]


def test_a_character_yaml_refuses_is_malformed_yaml_at_its_line(here: Path) -> None:
    write_content(here, "## A\n")
    (here / "publication.yaml").write_text('title: "T"\nfooter: "a\x85b\x9b"\n', encoding="utf-8")
    assert messages(here) == ["publication.yaml:2: malformed YAML: character 0x009b is not allowed"]


def test_missing_required_fields_are_all_reported(here: Path) -> None:
    write_content(here, "## A\n", title="", language="")
    assert messages(here) == [
        "publication.yaml:1: missing required field 'title'",
        "publication.yaml:1: missing required field 'language'",
    ]


def test_an_unknown_field_warns_naming_the_closest_known_one(here: Path) -> None:
    write_content(here, "## A\n\nText.\n", titel="X", colour="red")
    assert messages(here) == [
        "publication.yaml:9: warning: unknown field 'titel'; did you mean 'title'?",
        "publication.yaml:10: warning: unknown field 'colour'",
    ]


def test_a_listed_but_missing_section_is_reported_at_its_list_item(here: Path) -> None:
    write_content(here, "## A\n\nText.\n")
    meta = (here / "publication.yaml").read_text(encoding="utf-8")
    meta = meta.replace('sections: ["s.md"]', "sections:\n  - s.md\n  - gone.md")
    (here / "publication.yaml").write_text(meta, encoding="utf-8")
    assert messages(here) == ["publication.yaml:10: section file 'gone.md' is listed but missing"]


def test_a_section_outside_the_content_folder_is_refused(here: Path) -> None:
    content = here / "content"
    content.mkdir()
    write_content(content, "## A\n", sections=["s.md", "../secret.md"])
    (here / "secret.md").write_text("## Secret\n", encoding="utf-8")
    assert messages(content) == [
        "content/publication.yaml:8: section file '../secret.md' is outside the content folder"
    ]


def test_sources_that_are_not_a_file_name_are_refused_at_their_line(here: Path) -> None:
    write_content(here, "## A\n", sources="{a: 1}")
    meta = (
        (here / "publication.yaml")
        .read_text(encoding="utf-8")
        .replace('sources: "{a: 1}"', "sources: {a: 1}")
    )
    (here / "publication.yaml").write_text(meta, encoding="utf-8")
    assert messages(here) == ["publication.yaml:9: 'sources' must name a file (sources.yaml)"]


def test_a_listed_file_name_too_long_for_the_file_system_is_an_error_not_a_crash(here: Path) -> None:
    write_content(here, "## A\n", sources="s" * 300 + ".yaml")
    assert messages(here) == [
        f"publication.yaml:9: sources file '{'s' * 300}.yaml' cannot be read: File name too long"
    ]


def test_an_empty_section_is_reported(here: Path) -> None:
    write_content(here, "\n  \n")
    assert messages(here) == ["s.md:1: the section is empty"]


def test_a_file_that_is_not_utf8_names_the_line_of_the_bad_byte(here: Path) -> None:
    write_content(here, "")
    (here / "s.md").write_bytes(b"## A\n\nText\n\ncaf\xe9\n")
    assert messages(here) == ["s.md:5: not UTF-8 text (byte 0xe9); save the file as UTF-8"]


def test_a_note_referenced_but_never_defined_is_reported_at_the_call(here: Path) -> None:
    write_content(here, "## A\n\nText\nmore[^9] text.\n")
    assert messages(here) == ["s.md:4: footnote [^9] is referenced but never defined"]


def test_a_note_defined_twice_is_reported_at_the_second_definition(here: Path) -> None:
    write_content(here, "## A\n\nOne[^1].\n\n[^1]: a\n[^1]: b\n")
    assert messages(here) == ["s.md:6: footnote [^1] is defined twice (first on line 5)"]


def test_a_note_defined_but_never_referenced_warns(here: Path) -> None:
    write_content(here, "## A\n\nOne[^1].\n\n[^1]: a\n[^2]: b\n")
    assert messages(here) == [
        "s.md:6: warning: footnote [^2] is defined but never referenced; it is left out"
    ]


def test_numeric_labels_that_disagree_with_the_printed_numbers_warn(here: Path) -> None:
    write_content(
        here, "## A\n\nOne[^506] two[^508] three[^507].\n\n[^506]: a\n[^507]: b\n[^508]: c\n", first_note=506
    )
    why = "(notes are numbered in the order of their first call)"
    assert messages(here) == [
        f"s.md:6: warning: footnote [^507] is printed as 508 {why}",
        f"s.md:7: warning: footnote [^508] is printed as 507 {why}",
    ]


def test_an_inline_note_is_reported_not_dropped(here: Path) -> None:
    write_content(here, "## A\n\nText^[a note].\n")
    assert messages(here) == [
        "s.md:3: inline notes ^[...] are not supported: write text[^label] and define [^label]: below"
    ]


def test_an_unknown_source_key_names_the_closest_one(here: Path) -> None:
    write_content(here, "## A\n\nOne[^1].\n\n[^1]: Report, [url][enab-2025]\n", sources="sources.yaml")
    (here / "sources.yaml").write_text('enab-2024:\n  title: "Enab"\n  url: ""\n', encoding="utf-8")
    assert messages(here) == [
        "s.md:5: unknown source 'enab-2025' (add it to sources.yaml); did you mean 'enab-2024'?",
        "sources.yaml:1: warning: source 'enab-2024' is cited by no note; the bibliography leaves it out",
    ]


def test_problems_in_several_files_are_reported_together(here: Path) -> None:
    write_content(here, "## A\n\nOne[^1] two[^x].\n\n[^1]: a\n", sections=["s.md", "gone.md"], titel="X")
    assert messages(here) == [
        "s.md:3: footnote [^x] is referenced but never defined",
        "publication.yaml:8: section file 'gone.md' is listed but missing",
        "publication.yaml:9: warning: unknown field 'titel'; did you mean 'title'?",
    ]


def test_a_link_to_a_local_path_is_refused(here: Path) -> None:
    write_content(here, "## A\n\nSee [this](../../etc/passwd) and [that](https://example.org).\n")
    assert messages(here) == [
        "s.md:3: link to '../../etc/passwd': a link must be a web address (https://...), "
        "a source ([url][key]) or a heading of the book (#id)"
    ]


def test_a_javascript_link_stays_text(here: Path) -> None:
    write_content(here, "## A\n\nSee [this](javascript:alert(1)).\n")
    publication = load_publication(here).publication
    [_, paragraph] = publication.body.sections[0].blocks
    assert isinstance(paragraph, Paragraph)
    assert paragraph.inlines == (Text("See [this](javascript:alert(1))."),)


def test_a_repeated_heading_gets_pandoc_s_numbered_id(tmp_path: Path) -> None:
    write_content(tmp_path, "## A\n\n### Background\n\nOne.\n\n### Background\n\nTwo.\n\n### Background-1\n")
    headings = [
        b for b in load_publication(tmp_path).publication.body.sections[0].blocks if isinstance(b, Heading)
    ]
    assert [h.id for h in headings] == ["h-a", "h-background", "h-background-1", "h-background-1-1"]


def test_headings_are_unique_across_sections(tmp_path: Path) -> None:
    write_content(tmp_path, "## Background\n\nOne.\n", sections=["s.md", "t.md"])
    (tmp_path / "t.md").write_text("## Background\n\nTwo.\n", encoding="utf-8")
    sections = load_publication(tmp_path).publication.body.sections
    assert [s.blocks[0].id for s in sections] == ["h-background", "h-background-1"]  # type: ignore[union-attr]


def test_two_section_files_with_one_name_are_an_error_at_the_second_listing(here: Path) -> None:
    (here / "a").mkdir()
    (here / "b").mkdir()
    write_content(here, "## A\n\nOne.\n", sections=["a/intro.md", "b/intro.md"])
    (here / "a" / "intro.md").write_text("## A\n\nOne.\n", encoding="utf-8")
    (here / "b" / "intro.md").write_text("## B\n\nTwo.\n", encoding="utf-8")
    assert messages(here) == [
        "publication.yaml:8: section file 'b/intro.md' would get the id 's-intro' that 'a/intro.md' "
        "(publication.yaml:8) has: a section's id comes from its file name; rename one of them"
    ]
