"""A new report's files: what `folio new DIR` writes, before the editor writes anything.

Takes the report's folder name, the month and a fresh identifier; gives each file's path
(relative to the folder) and text: a publication.yaml whose comments say what every field
does, one section with a heading, a paragraph and a note citing a source, and the sources.yaml
that source is listed in. The files build and verify as they are: the editor starts from a
report that works and changes it one step at a time.
"""

from __future__ import annotations

import datetime
import re

SECTION = "sections/1-introduction.md"

PUBLICATION = """\
# The publication: its metadata and the files it is made of, in reading order.
# Each field is explained where it is; `folio --help` lists the commands that build it.

# The title prints in the running header of every page and names the outputs (its words, in
# lower case, joined by hyphens: the-title.pdf, the-title.epub).
title: "{title}"
# subtitle: Country of Origin Information Report
# The organisation that publishes the report.
publisher: "The publisher"
# The month of publication, YYYY-MM (or a day, YYYY-MM-DD): the outputs' dates.
date: {month}
# The language of the text, a language tag: en, en-GB, fr, ar.
language: en
# The report's own identifier, made once when the folder was made: keep it across editions.
identifier: urn:uuid:{identifier}
# rights: © {year} The publisher
# The number of the first note: notes are numbered through the report from here.
first_note: 1
# The folio printed on the first page of the body (the front before it is numbered i, ii, ...).
first_page: 1
# The line printed at the foot of every page, beside the folio.
footer: "{title}"
# Every cited source, once: a note cites one as [url][key].
sources: sources.yaml
# The sections, in reading order; each starts with its heading.
sections:
  - {section}
# annexes: [annexes/terms-of-reference.md, bibliography]   # "bibliography": made from the sources
#
# The book's front, before the body: a title page and a legal notice made from the fields above
# (or your own files), then the contents (to heading level `contents_depth`).
# front_matter: [front/acknowledgements.md]   # files before the contents, folios i, ii, ...
# title_page: front/title.md                  # instead of the one made from the metadata
# legal_notice: front/legal.md
# isbn: 978-...                               # printed on the legal notice; never guess one
# doi: 10.NNNN/...
# cover: images/cover.jpg                     # on the title page
# contents_depth: 3
# print: duplex                               # both sides: chapters on a right-hand page
#
# A house style of the report's own: a styles/ folder here (print.css, epub.css) and a
# templates/ folder (print/publication.html.j2, ...) replace the default file of the same name;
# the files they do not hold are the defaults. Or name such folders with --styles, --templates.
"""

SOURCES = """\
# Cited sources, one per key. A note cites a source as [url][key]; while `url` is empty the
# word "url" prints as plain text. Fill in the address once and every note that cites the
# source links to it. Never guess an address.
example-source:
  title: "Example Agency, A first source of the report"
  url:
  # accessed: {today}
"""

INTRODUCTION = """\
## 1. Introduction

This is the first section of the report. Write the text here, in Markdown: a blank line starts
a new paragraph, and a note is called where its number is to print.[^1]

[^1]: Example Agency, A first source of the report, {month}, [url][example-source].
"""


def title_from_folder(name: str) -> str:
    """`sudan-2026` -> `Sudan 2026`: a working title for the editor to replace."""
    words = re.sub(r"[-_.\s]+", " ", name).strip()
    words = re.sub(r"[^\w ]", "", words).strip()
    return (words[:1].upper() + words[1:]) if words else "New report"


def starter_files(folder_name: str, *, today: datetime.date, identifier: str) -> dict[str, str]:
    """Each file of a new report, by its path inside the folder."""
    title = title_from_folder(folder_name)
    month = today.strftime("%Y-%m")
    publication = PUBLICATION.format(
        title=title, month=month, identifier=identifier, year=today.year, section=SECTION
    )
    return {
        "publication.yaml": publication,
        "sources.yaml": SOURCES.format(today=today.isoformat()),
        SECTION: INTRODUCTION.format(month=month),
    }
