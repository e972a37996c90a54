"""The front of the book in publication.yaml: the fields checked at their lines, the title page
and legal notice made from the metadata (only what it says), the editor's own front files."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from folio.load import load_publication
from folio.model import LEGAL_NOTICE, TITLE_PAGE, CrossRef, Heading, Link, Paragraph, Text, plain_text
from tests.conftest import write_content
from tests.load.conftest import messages


def png(width: int = 4, height: int = 3) -> bytes:
    """A small, valid PNG (grey), without an image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def texts(blocks: tuple[object, ...]) -> list[str]:
    return [plain_text(b.inlines) for b in blocks if isinstance(b, Paragraph | Heading)]


def test_the_title_page_and_legal_notice_print_what_the_metadata_says(here: Path) -> None:
    write_content(
        here,
        "## A\n\nText.\n",
        subtitle="Sub",
        rights="© P 2025",
        isbn="978-0-306-40615-7",
        doi="10.2847/123456",
    )
    publication = load_publication(here).publication
    title, legal, body = publication.sections
    assert (title.role, title.kind, legal.role, legal.kind, body.role) == (
        "front",
        TITLE_PAGE,
        "front",
        LEGAL_NOTICE,
        "body",
    )
    assert texts(title.blocks) == ["T", "Sub", "P", "March 2025"]
    assert texts(legal.blocks) == [
        "T",
        "Sub",
        "P",
        "March 2025",
        "ISBN 978-0-306-40615-7",
        "DOI 10.2847/123456",
        "© P 2025",
    ]
    [line] = [b for b in legal.blocks if isinstance(b, Paragraph) and b.id == "legal-notice-doi"]
    assert isinstance(line, Paragraph)
    assert line.inlines[1] == Link("https://doi.org/10.2847/123456", (Text("10.2847/123456"),))
    assert (publication.isbn, publication.doi, publication.contents_depth, publication.duplex) == (
        "978-0-306-40615-7",
        "10.2847/123456",
        3,
        False,
    )


def test_nothing_is_printed_that_the_metadata_does_not_say(here: Path) -> None:
    write_content(here, "## A\n\nText.\n", date="2025-03-07")
    title, legal, _ = load_publication(here).publication.sections
    assert texts(title.blocks) == ["T", "P", "7 March 2025"]  # no subtitle, no invented line
    assert texts(legal.blocks) == ["T", "P", "7 March 2025"]  # no ISBN, DOI, rights


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "isbn",
            '"978-0-306-40615-8"',
            "'isbn' 978-0-306-40615-8: wrong check digit 8 (it should be 7): a digit is mistyped",
        ),
        (
            "isbn",
            '"0-8044-2957-5"',
            "'isbn' 0-8044-2957-5: wrong check digit 5 (it should be X): a digit is mistyped",
        ),
        (
            "isbn",
            '"978-0-306"',
            "'isbn' 978-0-306: an ISBN has 13 digits (or 10, the last may be X), with hyphens or "
            "spaces between",
        ),
        (
            "doi",
            '"https://doi.org/10.2847/1"',
            "'doi' must look like 10.NNNN/suffix (without https://doi.org/), not 'https://doi.org/10.2847/1'",
        ),
        ("doi", '"10.28/1"', "'doi' must look like 10.NNNN/suffix (without https://doi.org/), not '10.28/1'"),
        ("contents_depth", "0", "'contents_depth' must be a heading level from 1 to 6"),
        ("contents_depth", '"2"', "'contents_depth' must be a heading level from 1 to 6"),
        (
            "print",
            "both",
            "'print' must be duplex (both sides of the paper) or simplex (one side), not 'both'",
        ),
        ("front_matter", '"a.md"', "'front_matter' must list the files printed before the contents"),
        ("cover", "[]", "'cover' must name a file in the content folder"),
    ],
)
def test_a_bad_field_is_an_error_at_its_line(here: Path, field: str, value: str, message: str) -> None:
    write_content(here, "## A\n\nText.\n")
    with (here / "publication.yaml").open("a", encoding="utf-8") as meta:
        meta.write(f"{field}: {value}\n")
    assert messages(here) == [f"publication.yaml:9: {message}"]


def test_printed_on_both_sides_the_body_starts_on_an_odd_folio(here: Path) -> None:
    write_content(here, "## A\n\nText.\n", first_page=40, print="duplex")
    assert messages(here) == [
        "publication.yaml:7: with print: duplex the body starts on a right-hand page, which has an odd "
        "folio: first_page 40 would print on a left-hand one"
    ]
    write_content(here, "## A\n\nText.\n", first_page=41, print="duplex", contents_depth=2)
    publication = load_publication(here).publication
    assert (publication.duplex, publication.contents_depth) == (True, 2)


def test_the_cover_is_a_png_or_jpeg_file_of_the_content(here: Path) -> None:
    write_content(here, "## A\n\nText.\n", cover="cover.png")
    assert messages(here) == ["publication.yaml:9: cover image 'cover.png' is listed but missing"]
    (here / "cover.png").write_text("not an image", encoding="utf-8")
    assert messages(here) == ["publication.yaml:9: cover image 'cover.png' is not a PNG or JPEG file"]
    (here / "cover.png").write_bytes(png())
    cover = load_publication(here).publication.cover
    assert cover is not None and (cover.path, cover.media_type, cover.data) == (
        "cover.png",
        "image/png",
        png(),
    )
    write_content(here, "## A\n\nText.\n", cover="../cover.png")
    assert messages(here) == ["publication.yaml:9: cover image '../cover.png' is outside the content folder"]


def test_front_matter_comes_first_and_its_notes_are_numbered_first(here: Path) -> None:
    write_content(
        here,
        "## Body {#body}\n\nText.[^a] Back to [](#thanks).\n\n[^a]: Body note.\n",
        front_matter=["thanks.md"],
    )
    (here / "thanks.md").write_text(
        "## Acknowledgements {#thanks}\n\nThanks.[^t] See [](#body).\n\n[^t]: Front note.\n", encoding="utf-8"
    )
    publication = load_publication(here).publication
    assert [(s.id, s.role) for s in publication.sections] == [
        ("s-title-page", "front"),
        ("s-legal-notice", "front"),
        ("s-thanks", "front"),
        ("s-s", "body"),
    ]
    assert [(n.number, plain_text(n.blocks[0].inlines)) for n in publication.notes] == [
        (1, "Front note."),
        (2, "Body note."),
    ]
    paragraph = publication.sections[-1].blocks[1]
    assert isinstance(paragraph, Paragraph)
    assert next(i for i in paragraph.inlines if isinstance(i, CrossRef)).target == "thanks"


def test_the_editor_s_own_title_page_and_legal_notice_replace_folio_s(here: Path) -> None:
    write_content(here, "## A\n\nText.\n", title_page="title.md", legal_notice="legal.md")
    (here / "title.md").write_text("# The Report\n\nBy the editors.\n", encoding="utf-8")
    (here / "legal.md").write_text(
        "Reproduction is authorised provided the source is acknowledged.\n", encoding="utf-8"
    )
    title, legal, body = load_publication(here).publication.sections
    assert (title.id, title.kind, texts(title.blocks)) == (
        "s-title",
        TITLE_PAGE,
        ["The Report", "By the editors."],
    )
    assert (legal.id, legal.kind, plain_text(legal.title)) == ("s-legal", LEGAL_NOTICE, "Legal notice")
    assert texts(legal.blocks) == ["Reproduction is authorised provided the source is acknowledged."]
    assert body.role == "body"


def test_a_front_file_cannot_take_the_id_of_folio_s_title_page(here: Path) -> None:
    write_content(here, "## A\n\nText.\n", front_matter=["title-page.md"])
    (here / "title-page.md").write_text("## Foreword\n\nText.\n", encoding="utf-8")
    assert messages(here) == [
        "publication.yaml:9: section file 'title-page.md' would get the id 's-title-page' that 'the "
        "title page folio makes' (publication.yaml) has: a section's id comes from its file name; "
        "rename one of them"
    ]


def test_the_contents_id_is_folio_s(here: Path) -> None:
    write_content(here, "## Contents {#contents}\n\nText.\n")
    assert messages(here) == ["s.md:1: the id 'contents' is given to another heading already"]


TABLE = "## A\n\nTable: Returns {#tbl-returns}\n\n| Year | Returns |\n|------|--------:|\n| 2024 | 1 |\n"


def test_lists_names_the_lists_printed_after_the_contents(here: Path) -> None:
    write_content(here, TABLE, lists=["tables", "figures"])
    loaded = load_publication(here)
    assert loaded.publication.lists == ("tables", "figures")
    assert [str(w) for w in loaded.warnings] == [
        "publication.yaml:9: warning: 'lists' asks for a list of figures, but no figure has a caption: "
        "it is not printed (a figure is listed by its caption, numbered 'Figure 1: ...')"
    ]


def test_an_unknown_or_repeated_list_is_an_error_at_its_line(here: Path) -> None:
    write_content(here, TABLE)
    with (here / "publication.yaml").open("a", encoding="utf-8") as meta:
        meta.write("lists:\n  - tables\n  - figure\n  - maps\n  - tables\n")
    assert messages(here) == [
        "publication.yaml:11: unknown list 'figure' (folio prints lists of tables and figures); "
        "did you mean 'figures'?",
        "publication.yaml:12: unknown list 'maps' (folio prints lists of tables and figures)",
        "publication.yaml:13: list 'tables' is named twice",
    ]
    write_content(here, TABLE, lists="tables")
    assert messages(here) == [
        "publication.yaml:9: 'lists' must name the lists printed after the contents, of tables and "
        "figures: [tables, figures]"
    ]


@pytest.mark.parametrize("taken", ["list-of-tables", "list-of-figures"])
def test_the_lists_ids_are_folio_s(here: Path, taken: str) -> None:
    write_content(here, f"## A list {{#{taken}}}\n\nText.\n")
    assert messages(here) == [f"s.md:1: the id '{taken}' is given to another heading already"]
