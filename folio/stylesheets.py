"""What a stylesheet refers to: the one reading of `url(...)` and `@import` that both the
EPUB's package check and the verifier use."""

from __future__ import annotations

import re
from collections.abc import Iterator

CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""")


def css_references(text: str) -> Iterator[str]:
    """Every address a stylesheet (or a style attribute) names, in order."""
    for match in CSS_URL.finditer(text):
        yield next(group for group in match.groups() if group is not None)
