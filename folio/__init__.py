"""folio: long, footnoted reports from Markdown to a verified print PDF and EPUB 3."""
