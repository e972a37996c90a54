"""folio.pdf.patches.cycles: a finished layout is freed when it is let go, without Python's cycle
collector; plain WeasyPrint 70 keeps its layout context and every page until the collector runs."""

from __future__ import annotations

import gc
import weakref
from typing import Any

import pytest
import weasyprint
from weasyprint.formatting_structure.boxes import FootnoteAreaBox
from weasyprint.layout import LayoutContext

from folio.pdf.patches import cycles

NOTES = "<p>Text<span style='float: footnote'>a note</span> and more.</p>" * 60  # 60 notes, 2 pages


@pytest.fixture
def contexts(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """A weak reference to each layout context made."""
    made: list[Any] = []
    init = LayoutContext.__init__

    def keeping(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        made.append(weakref.ref(self))

    monkeypatch.setattr(LayoutContext, "__init__", keeping)
    return made


def alive_after_letting_go(contexts: list[Any]) -> tuple[bool, int]:
    """Whether the layout context outlived the layout, and how many pages outlived the document,
    with the cycle collector off (as `rare_collections` nearly has it in a build)."""
    gc.collect()
    gc.disable()
    try:
        document = weasyprint.HTML(string=NOTES).render()
        assert len(document.pages) >= 2
        assert any(isinstance(child, FootnoteAreaBox) for child in document.pages[0]._page_box.children)
        context_alive = contexts[-1]() is not None
        pages = [weakref.ref(page._page_box) for page in document.pages]
        del document
        return context_alive, sum(page() is not None for page in pages)
    finally:
        gc.enable()
        gc.collect()


def test_the_patch_is_in_place() -> None:
    assert cycles.installed() is True
    assert cycles.misfit() is None


def test_the_context_and_the_pages_go_when_let_go(contexts: list[Any]) -> None:
    assert alive_after_letting_go(contexts) == (False, 0)


def test_plain_weasyprint_keeps_them_until_the_collector_runs(contexts: list[Any]) -> None:
    """The memory the patch frees is held in the pinned WeasyPrint (else the patch is dead code)."""
    cycles.remove()
    context_alive, pages_alive = alive_after_letting_go(contexts)
    assert context_alive is True
    assert pages_alive >= 2


def test_the_pdf_is_plain_weasyprint_s_byte_for_byte() -> None:
    html = f"<html lang=en><body>{NOTES}<h1 id=end>End</h1><p><a href='#end'>a link</a></p>"
    patched = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    cycles.remove()
    assert patched == weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
