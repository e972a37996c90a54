"""The zip, re-packed: the same input gives the same bytes."""

from __future__ import annotations

import datetime
import io
import zipfile


def repack(data: bytes, modified: datetime.datetime) -> bytes:
    """The same entries, in the same order, with fixed dates: a reproducible zip."""
    stamp = modified.timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
            entry.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
