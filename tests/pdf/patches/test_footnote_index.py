"""The footnote membership index: a list whose `in` is O(1) and stays exact, installed in WeasyPrint."""

from __future__ import annotations

import pytest
import weasyprint
from weasyprint.layout import LayoutContext

from folio.pdf import patches
from folio.pdf.patches import footnote_index
from folio.pdf.patches.footnote_index import WaitingNotes


class Box:
    """Stands for a WeasyPrint box: equality is identity."""


def test_membership_follows_append_remove_and_copy() -> None:
    a, b, c = Box(), Box(), Box()
    notes = WaitingNotes([a, b])
    notes.append(c)
    notes.remove(a)
    copy = notes.copy()
    copy.remove(b)
    assert (a in notes, b in notes, c in notes) == (False, True, True)
    assert (b in copy, c in copy) == (False, True)
    assert list(notes) == [b, c]
    assert isinstance(copy, WaitingNotes)


def test_a_box_appended_twice_stays_until_removed_twice() -> None:
    a = Box()
    notes = WaitingNotes()
    notes.append(a)
    notes.append(a)
    notes.remove(a)
    assert a in notes
    notes.remove(a)
    assert a not in notes
    assert not notes
    assert notes.members == {}  # no count of 0 left behind
    assert None not in notes  # what WeasyPrint asks of most boxes (a box without a note)


def test_removing_a_missing_box_fails_as_a_list_does() -> None:
    with pytest.raises(ValueError, match="not in list"):
        WaitingNotes([Box()]).remove(Box())


@pytest.mark.parametrize(
    "change",
    [
        lambda n: n.extend([Box()]),
        lambda n: n.insert(0, Box()),
        lambda n: n.pop(),
        lambda n: n.clear(),
        lambda n: n.__setitem__(0, Box()),
        lambda n: n.__delitem__(0),
    ],
)
def test_changes_the_index_does_not_follow_are_refused(change: object) -> None:
    notes = WaitingNotes([Box()])
    with pytest.raises(NotImplementedError):
        change(notes)  # type: ignore[operator]


def test_weasyprint_lays_notes_out_with_the_index(monkeypatch: pytest.MonkeyPatch) -> None:
    assert patches.apply() == ()
    assert footnote_index.installed() is True
    seen: list[object] = []
    patched = LayoutContext.__init__

    def spy(self: LayoutContext, *args: object, **kwargs: object) -> None:
        patched(self, *args, **kwargs)
        seen.append(self.footnotes)

    monkeypatch.setattr(LayoutContext, "__init__", spy)
    html = "<p>Text.<span style='float: footnote' id='n1'>Note one.</span> More.</p>"
    document = weasyprint.HTML(string=html).render()
    (page,) = document.pages
    assert "n1" in page.anchors
    assert len(seen) == 1
    assert isinstance(seen[0], WaitingNotes)
    assert not seen[0]  # every note was placed


def test_the_plain_library_can_be_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLIO_PLAIN_WEASYPRINT", "1")
    try:
        assert len(patches.apply()) == len(patches.PATCHES)
        assert footnote_index.installed() is False
        assert LayoutContext.__init__ is footnote_index.original_init
    finally:
        monkeypatch.delenv("FOLIO_PLAIN_WEASYPRINT")
        patches.apply()
