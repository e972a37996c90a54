"""The NCX against the navigation document. EPUB 2 reading systems read the NCX's pageList and
navLists where EPUB 3 ones read the page-list and the `lot`/`loi` navs: both must list the same
entries, leading to the same places, in the same order, with the same labels. (EpubFacts are
read by `epub_facts`; the checks are `epub-page-list` and `epub-lists`.)
"""

from __future__ import annotations

from collections.abc import Iterator

Entries = tuple[tuple[str, str], ...]  # (label, "document#id") in order


def ncx_differences(nav: Entries, ncx: Entries, *, nav_name: str, ncx_name: str) -> Iterator[str]:
    """How the NCX's list (`ncx_name`: "pageList") differs from the navigation's (`nav_name`:
    "page-list"): an entry that leads elsewhere, one it lacks or has more, their order, a label."""
    ours, theirs = f"the NCX's {ncx_name}", f"the navigation's {nav_name}"
    nav_targets, ncx_targets = [t for _, t in nav], [t for _, t in ncx]
    if nav_targets == ncx_targets:
        for index, ((label, _), (found, _)) in enumerate(zip(nav, ncx, strict=True), start=1):
            if " ".join(label.split()) != " ".join(found.split()):
                yield f"{ours} entry {index} reads '{found}', {theirs} '{label}'"
        return
    if sorted(nav_targets) == sorted(ncx_targets):
        first = next(i for i, (a, b) in enumerate(zip(nav_targets, ncx_targets, strict=True), 1) if a != b)
        yield f"{ours} lists the entries of {theirs} in another order, from entry {first}"
        return
    if len(nav) == len(ncx):
        for index, ((_, target), (found, elsewhere)) in enumerate(zip(nav, ncx, strict=True), start=1):
            if target != elsewhere:
                there = f"{theirs} entry {index} to {target}"
                yield f"{ours} entry {index} '{found}' leads to {elsewhere}, {there}"
        return
    messages = [
        f"{ours} lacks {theirs} entry '{label}' ({target})"
        for label, target in nav
        if target not in ncx_targets
    ] + [
        f"{ours} entry '{label}' leads to {target}, which {theirs} does not list"
        for label, target in ncx
        if target not in nav_targets
    ]
    yield from messages or [f"{ours} has {len(ncx)} entries, {theirs} {len(nav)}"]
