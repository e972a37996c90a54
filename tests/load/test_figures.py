"""Figures: an image alone in its paragraph, its caption, id and fig-alt; the image files that
may be shown (PNG, JPEG, SVG inside content/, an SVG referring to nothing outside itself) and
each way a figure can be written wrong, an error at its line (or at the SVG's)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from folio.errors import BuildError
from folio.load import load_publication
from folio.model import CrossRef, Figure, Paragraph, Text, figures_of, plain_text
from folio.pipeline import Project
from tests.conftest import write_content

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10"><rect width="20" height="10"/></svg>\n'


def png(size: tuple[int, int] = (8, 4), kind: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#336699").save(buffer, kind)
    return buffer.getvalue()


def with_images(root: Path, section: str, images: dict[str, bytes | str]) -> Path:
    write_content(root, section)
    for name, data in images.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    return root


def figures(root: Path, section: str, images: dict[str, bytes | str]) -> tuple[Figure, ...]:
    return figures_of(load_publication(with_images(root, section, images)).publication)


def errors_of(
    root: Path, monkeypatch: pytest.MonkeyPatch, section: str, images: dict[str, bytes | str]
) -> list[str]:
    monkeypatch.chdir(root)
    with_images(root, section, images)
    with pytest.raises(BuildError) as caught:
        load_publication(Path())
    return [str(d) for d in caught.value.diagnostics if not d.warning]


SECTION = """## Figures

See [](#fig-map) and [](#fig-photo).

![The sites, *schematic*](figures/map.svg){#fig-map fig-alt="A schematic map: four dots"}

![A photograph](figures/photo.jpg){#fig-photo
fig-alt='Two "trucks" on a road'}

![](figures/chart.png){fig-alt="A bar chart"}
"""
IMAGES: dict[str, bytes | str] = {
    "figures/map.svg": SVG,
    "figures/photo.jpg": png(kind="JPEG"),
    "figures/chart.png": png(),
}


def test_an_image_alone_in_its_paragraph_is_a_figure(tmp_path: Path) -> None:
    found = figures(tmp_path, SECTION, IMAGES)
    assert [(f.id, f.image, f.media_type, f.number) for f in found] == [
        ("fig-map", "figures/map.svg", "image/svg+xml", 1),
        ("fig-photo", "figures/photo.jpg", "image/jpeg", 2),
        ("fig-s-1", "figures/chart.png", "image/png", None),
    ]
    assert [f.alt for f in found] == ["A schematic map: four dots", 'Two "trucks" on a road', "A bar chart"]
    assert found[0].caption is not None and plain_text(found[0].caption.inlines) == "The sites, schematic"
    assert found[0].caption.id == "fig-map-caption" and found[2].caption is None
    assert found[0].file == (tmp_path / "figures" / "map.svg").resolve()
    assert found[0].source.line == 5


def test_an_empty_cross_reference_prints_the_figures_number(tmp_path: Path) -> None:
    write_content(tmp_path, SECTION)
    with_images(tmp_path, SECTION, IMAGES)
    paragraph = load_publication(tmp_path).publication.body.sections[0].blocks[1]
    assert isinstance(paragraph, Paragraph)
    assert [i for i in paragraph.inlines if isinstance(i, CrossRef)] == [
        CrossRef("fig-map", (Text("Figure 1"),)),
        CrossRef("fig-photo", (Text("Figure 2"),)),
    ]


def test_the_image_is_found_beside_its_markdown_file(tmp_path: Path) -> None:
    write_content(tmp_path, "## A\n", sections=["sections/a.md"])
    (tmp_path / "sections").mkdir()
    section = '## A\n\n![Map](../figures/map.svg){fig-alt="A map"}\n'
    (tmp_path / "sections" / "a.md").write_text(section, encoding="utf-8")
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "map.svg").write_text(SVG, encoding="utf-8")
    (figure,) = figures_of(load_publication(tmp_path).publication)
    assert figure.image == "figures/map.svg"


def test_the_alt_text_counts_among_the_words_that_must_reach_the_book(tmp_path: Path) -> None:
    section = '## A\n\n![Caption words](a.svg){#fig-a fig-alt="Description words of the image"}\n'
    (figure,) = figures(tmp_path, section, {"a.svg": SVG})
    assert figure.alt == "Description words of the image"


def one(line: str) -> str:
    return f"## Figures\n\n{line}\n"


@pytest.mark.parametrize(
    ("line", "images", "wanted"),
    [
        ("![Map](map.svg)", {"map.svg": SVG}, "has no description"),
        ('![Map](map.svg){fig-alt=""}', {"map.svg": SVG}, "has no description"),
        ('![Map](map.svg){#map fig-alt="A map"}', {"map.svg": SVG}, "a figure's id starts with 'fig-'"),
        (
            '![Map](map.svg){fig-alt="A map" width="50%"}',
            {"map.svg": SVG},
            "a figure takes no attribute 'width'",
        ),
        ('![Map](map.svg){.wide fig-alt="A map"}', {"map.svg": SVG}, "a figure takes no class (.wide)"),
        ("Text and ![Map](map.svg) in it.", {"map.svg": SVG}, "an image inside text"),
        ('![Map](https://example.org/map.svg){fig-alt="A map"}', {}, "is not a file in the content folder"),
        ('![Map](/etc/map.svg){fig-alt="A map"}', {}, "must be a path relative to its Markdown file"),
        ('![Map](../map.svg){fig-alt="A map"}', {}, "is outside the content folder"),
        ('![Map](missing.svg){fig-alt="A map"}', {}, "is not found"),
        ('![Map](map.png){fig-alt="A map"}', {"map.png": png(kind="JPEG")}, "is named as PNG but holds JPEG"),
        ('![Map](map.png){fig-alt="A map"}', {"map.png": png()[:40]}, "cannot be read as PNG"),
        ('![Map](map.svg){fig-alt="A map"}', {"map.svg": "<svg"}, "not a well-formed SVG file"),
        ('![Map](map.svg){fig-alt="A map"}', {"map.svg": "<html/>"}, "its root element is not <svg>"),
    ],
)
def test_a_figure_written_wrong_is_an_error_at_its_line(
    line: str, images: dict[str, bytes | str], wanted: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (found,) = errors_of(tmp_path, monkeypatch, one(line), images)
    where, _, message = found.partition(": ")
    assert wanted in message
    assert where == ("map.svg:1" if "SVG file" in wanted or "<svg>" in wanted else "s.md:3")


def test_a_type_folio_does_not_show_is_refused_by_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = '![Map](map.gif){fig-alt="A map"}'
    assert errors_of(tmp_path, monkeypatch, one(line), {"map.gif": b"GIF89a"}) == [
        "s.md:3: the figure's image 'map.gif' is not a PNG, JPEG or SVG file (.png, .jpg, .svg)"
    ]


SVG_OUTSIDE = [
    (
        '<image href="photo.png" width="5" height="5"/>',
        "map.svg:2: the SVG refers to 'photo.png', outside itself",
    ),
    (
        '<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="other.svg#a"/>',
        "map.svg:2: the SVG refers to 'other.svg#a', outside itself",
    ),
    (
        '<rect style="fill: url(https://example.org/p.svg#g)"/>',
        "map.svg:2: the SVG refers to 'https://example.org/p.svg#g'",
    ),
    ("<style>@import url(x.css);</style>", "map.svg:2: the SVG's style imports another stylesheet"),
    ("<script>alert(1)</script>", "map.svg:2: the SVG holds a script"),
    ('<rect onclick="x()"/>', "map.svg:2: the SVG's <rect> has an event handler 'onclick'"),
    ("<foreignObject/>", "map.svg:2: the SVG holds a foreignObject"),
]


@pytest.mark.parametrize(("element", "wanted"), SVG_OUTSIDE)
def test_an_svg_that_refers_outside_itself_is_refused_at_its_line(
    element: str, wanted: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">\n{element}\n</svg>\n'
    found = errors_of(tmp_path, monkeypatch, one('![Map](map.svg){fig-alt="A map"}'), {"map.svg": svg})
    assert len(found) >= 1 and found[0].startswith(wanted)


def test_an_svg_that_refers_only_to_itself_is_shown(tmp_path: Path) -> None:
    svg = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'viewBox="0 0 9 9">'
        '<defs><linearGradient id="g"/><circle id="c" r="2"/></defs>'
        '<rect fill="url(#g)" width="9" height="9"/><use xlink:href="#c"/></svg>\n'
    )
    (figure,) = figures(tmp_path, one('![Map](map.svg){fig-alt="A map"}'), {"map.svg": svg})
    assert figure.media_type == "image/svg+xml"


@pytest.mark.parametrize(
    ("head", "wanted"),
    [
        ('<!DOCTYPE svg [<!ENTITY x "y">]>', "map.svg:1: the SVG declares a DTD of its own (entities)"),
        ('<!DOCTYPE svg SYSTEM "https://example.org/x.dtd">', "map.svg:1: the SVG names the DTD"),
        ('<?xml-stylesheet href="x.css"?>', "map.svg:1: the SVG holds <?xml-stylesheet ...?>"),
    ],
)
def test_an_svg_prologue_that_loads_a_file_is_refused(
    head: str, wanted: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    svg = f'{head}<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"/>\n'
    found = errors_of(tmp_path, monkeypatch, one('![Map](map.svg){fig-alt="A map"}'), {"map.svg": svg})
    assert found[0].startswith(wanted)


def test_a_character_an_svg_draws_that_the_fonts_lack_is_an_error_at_the_svg_s_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    svg = '<svg xmlns="http://www.w3.org/2000/svg">\n<text>Seoul \uc11c\uc6b8</text>\n</svg>\n'
    with_images(tmp_path, one('![Map](map.svg){fig-alt="A map"}'), {"map.svg": svg})
    with pytest.raises(BuildError) as caught:
        load_publication(Path(), fonts=Project().fonts)
    assert str(caught.value.diagnostics[0]).startswith(
        "map.svg:2: '\uc11c' (U+C11C HANGUL SYLLABLE SEO) is not in the fonts"
    )
