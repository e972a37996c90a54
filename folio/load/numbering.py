"""Captioned tables and figures numbered through the book, each kind on its own (Table 1, 2, ...;
Figure 1, 2, ...), in reading order; an uncaptioned one has no number, as in Pandoc."""

from __future__ import annotations

import dataclasses

from folio.model import Block, BlockQuote, Figure, ListBlock, Section, Table


def number_captioned(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    counts = {"table": 0, "figure": 0}

    def numbered(block: Block) -> Block:
        if isinstance(block, Table | Figure):
            if block.caption is None:
                return block
            kind = "table" if isinstance(block, Table) else "figure"
            counts[kind] += 1
            return dataclasses.replace(block, number=counts[kind])
        if isinstance(block, BlockQuote):
            return dataclasses.replace(block, blocks=tuple(numbered(b) for b in block.blocks))
        if isinstance(block, ListBlock):
            items = tuple(tuple(numbered(b) for b in item) for item in block.items)
            return dataclasses.replace(block, items=items)
        return block

    return tuple(dataclasses.replace(s, blocks=tuple(numbered(b) for b in s.blocks)) for s in sections)
