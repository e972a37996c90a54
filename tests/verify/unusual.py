"""Unusual copies of the sample's PDF, made with pikepdf: every fit of a destination, the
catalog's old /Dests, a name tree of /Kids, bookmarks that name their destination, links of
every kind, every page label style, text strings in every encoding, inherited resources, a
page's contents in several streams. Each is a PDF another tool may write, and the readings of
`folio.verify.pdf_facts` must take them as the PDF says.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pikepdf

from tests.verify.damage import PikeDamage, draw_an_image


def names_array(pdf: pikepdf.Pdf) -> Any:
    return pdf.Root.Names.Dests.Names


def set_destination(pdf: pikepdf.Pdf, name: str, value: Any) -> None:
    names = names_array(pdf)
    keys = [str(key) for key in list(names)[0::2]]
    names[2 * keys.index(name) + 1] = value


def page_ref(pdf: pikepdf.Pdf, index: int) -> Any:
    return pdf.pages[index].obj


N = pikepdf.Name
FITS: dict[str, tuple[list[Any], tuple[int, float, float]]] = {  # name: its array after the page, its place
    "fn-505": ([N.Fit], (4, 0.0, 0.0)),
    "fn-506": ([N.FitH, 700], (4, 0.0, 700.0)),
    "fn-507": ([N.FitBH, Decimal("650.5")], (4, 0.0, 650.5)),
    "fn-508": ([N.FitV, 30], (4, 30.0, 0.0)),
    "fn-509": ([N.FitBV, 40], (4, 40.0, 0.0)),
    "fn-510": ([N.FitR, 10, 20, 300, 400], (4, 10.0, 400.0)),
    "fn-513": ([N.XYZ, 55], (4, 55.0, 0.0)),
    "fn-514": ([N("/Sideways"), 1, 2], (0, 0.0, 0.0)),  # an unknown fit: the first page
    "fn-515": ([N("/Sideways")], (4, 0.0, 0.0)),
    "fn-516": ([], (-1, 0.0, 0.0)),  # no fit: no destination
    "fn-520": ([N.FitB], (4, 0.0, 0.0)),
    "fn-521": ([N.XYZ, pikepdf.String("12"), 5, 0], (4, 12.0, 5.0)),
}


# Coordinates that are null, or that a fit with too few or too many has: 0. pypdf, which read these
# facts before, took them as null and failed on them (a TypeError).
NULL_PLACES: dict[str, tuple[list[Any], tuple[int, float, float]]] = {
    "fn-511": ([N.FitR, 10, 20, 300], (4, 0.0, 0.0)),
    "fn-512": ([N.FitH, 1, 2], (4, 0.0, 0.0)),
    "fn-522": ([N.XYZ, None, None, None], (4, 0.0, 0.0)),
    "fn-523": ([N.FitH, None], (4, 0.0, 0.0)),
}


def fitted(fits: dict[str, tuple[list[Any], tuple[int, float, float]]]) -> PikeDamage:
    """The named destinations of `fits` onto page 42 (index 4), each with its fit."""

    def damage(pdf: pikepdf.Pdf) -> None:
        for name, (rest, _) in fits.items():
            set_destination(pdf, name, pikepdf.Array([page_ref(pdf, 4), *rest]))

    return damage


def unusual_fits(pdf: pikepdf.Pdf) -> None:
    fitted(FITS)(pdf)
    set_destination(pdf, "fn-517", pikepdf.Dictionary(D=pikepdf.Array([page_ref(pdf, 4), N.XYZ, 12, 34, 0])))
    set_destination(pdf, "fn-518", pikepdf.Dictionary(S=N.GoTo))  # holds no /D: not a destination
    set_destination(pdf, "fn-519", pikepdf.String("nowhere"))


def old_dests(pdf: pikepdf.Pdf) -> None:
    """The names in the catalog's /Dests dictionary (PDF 1.1), none in a name tree."""
    names = list(names_array(pdf))
    pairs = zip(names[0::2], names[1::2], strict=True)
    pdf.Root.Dests = pikepdf.Dictionary({f"/{key}": value for key, value in pairs})
    del pdf.Root.Names


def dests_in_kids(pdf: pikepdf.Pdf) -> None:
    """The name tree as two leaves under its root, and a kid that leads back to the root."""
    tree = pdf.Root.Names.Dests
    names = list(tree.Names)
    half = len(names) // 4 * 2
    leaves = [names[:half], names[half:]]
    kids = [pdf.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(leaf))) for leaf in leaves]
    for kid, leaf in zip(kids, leaves, strict=True):
        kid.Limits = pikepdf.Array([leaf[0], leaf[-2]])
    root = pdf.make_indirect(pikepdf.Dictionary(Kids=pikepdf.Array([*kids, tree])))
    del tree.Names
    tree.Kids = pikepdf.Array([root])
    pdf.Root.Names.Dests = tree


def outline_by_name(pdf: pikepdf.Pdf) -> None:
    """The first bookmark names its destination, the second by a GoTo action; two under the
    first: one naming a name (/fn-506, which the name tree does not hold), one a web address."""
    first = pdf.Root.Outlines.First
    first.Dest = pikepdf.String("bibliography")
    second = first.Next
    del second["/Dest"]
    second.A = pikepdf.Dictionary(S=N.GoTo, D=pikepdf.String("fn-505"))
    by_name = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String("By a name"), Dest=N("/fn-506")))
    uri = pikepdf.Dictionary(S=N.URI, URI=pikepdf.String("https://example.org/"))
    web = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String("A web address"), A=uri))
    by_name.Next, by_name.Parent, web.Parent = web, first, first
    first.First, first.Last, first.Count = by_name, web, 2


def links_of_every_kind(pdf: pikepdf.Pdf) -> None:
    """On page 41: a link by a name, one by a GoTo action, one to a destination array."""
    links = [a for a in pdf.pages[3].obj.Annots if a.get("/Subtype") == "/Link" and "/Dest" in a]
    links[0].Dest = N("/fn-505")
    del links[1]["/Dest"]
    links[1].A = pikepdf.Dictionary(S=N.GoTo, D=pikepdf.String("fn-506"))
    links[2].Dest = pikepdf.Array([page_ref(pdf, 4), N.XYZ, 0, 0, 0])


def labelled(nums: list[Any] | None = None, **tree: Any) -> PikeDamage:
    def damage(pdf: pikepdf.Pdf) -> None:
        labels = pikepdf.Dictionary(**tree) if nums is None else pikepdf.Dictionary(Nums=pikepdf.Array(nums))
        pdf.Root.PageLabels = labels

    return damage


D = pikepdf.Dictionary
S = pikepdf.String
LABELS: dict[str, tuple[PikeDamage, tuple[str, ...]]] = {
    "every style": (
        labelled(
            [
                0,
                D(S=N.R),
                1,
                D(S=N.A, P=S("A-"), St=27),
                2,
                D(S=N.a, St=3),
                3,
                D(P=S("x")),
                4,
                D(S=N.D, St=0),
                5,
                D(S=N("/Q")),
            ]
        ),
        ("I", "A-AA", "c", "x", "5", "6"),  # no number below 1, no style /Q: the page's position
    ),
    "a first key past the first page": (labelled([2, D(S=N.r)]), ("1", "2", "i", "ii", "iii", "iv")),
    "a key that is no number": (labelled([0, D(S=N.D), S("x"), D(S=N.r)]), ("1", "2", "3", "4", "5", "6")),
    "a tree of kids": (
        labelled(
            Kids=pikepdf.Array(
                [
                    D(Limits=pikepdf.Array([0, 2]), Nums=pikepdf.Array([0, D(S=N.D, St=10)])),
                    D(Limits=pikepdf.Array([3, 5]), Nums=pikepdf.Array([3, D(S=N.r, P=S("p. "))])),
                ]
            )
        ),
        ("10", "11", "12", "p. i", "p. ii", "p. iii"),
    ),
}


def titled(raw: bytes) -> PikeDamage:
    def damage(pdf: pikepdf.Pdf) -> None:
        pdf.docinfo["/Title"] = pikepdf.String(raw)
        pdf.Root.Outlines.First.Title = pikepdf.String(raw)

    return damage


TITLE = "Syrie – été"
TITLES: dict[str, bytes] = {
    "UTF-16 big-endian": b"\xfe\xff" + TITLE.encode("utf-16-be"),
    "UTF-16 little-endian": b"\xff\xfe" + TITLE.encode("utf-16-le"),
    "UTF-16 without its mark": TITLE.encode("utf-16-be"),
    "UTF-8": b"\xef\xbb\xbf" + TITLE.encode("utf-8"),
    "PDFDocEncoding": TITLE.encode("pdfdoc"),
}


def inherited_resources(pdf: pikepdf.Pdf) -> None:
    """The first page's resources on the page tree's root, the page without its own."""
    page = pdf.pages[0].obj
    pdf.Root.Pages.Resources = page.Resources
    del page["/Resources"]


def contents_in_pieces(pdf: pikepdf.Pdf) -> None:
    """Page 41's contents cut in two streams (the first not ending its last line), a null between."""
    page = pdf.pages[3].obj
    data = page.Contents.read_bytes()
    cut = data.index(b"\nBT")
    pieces = [pikepdf.Stream(pdf, data[:cut]), None, pikepdf.Stream(pdf, data[cut + 1 :])]
    page.Contents = pikepdf.Array(pieces)


UNUSUAL: dict[str, PikeDamage] = {
    "every fit": unusual_fits,
    "the catalog's /Dests": old_dests,
    "a name tree of kids": dests_in_kids,
    "bookmarks by name": outline_by_name,
    "links of every kind": links_of_every_kind,
    **{f"labels: {name}": damage for name, (damage, _) in LABELS.items()},
    **{f"a title in {name}": titled(raw) for name, raw in TITLES.items()},
    "inherited resources": inherited_resources,
    "contents in pieces": contents_in_pieces,
    "an image drawn after the page": lambda pdf: draw_an_image(pdf, "/DeviceRGB"),
}
