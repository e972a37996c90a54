#!/usr/bin/env python3
"""Build the publication in content/ into a verified PDF and EPUB in dist/ (`folio` does the same)."""

import sys

from folio.commands import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
