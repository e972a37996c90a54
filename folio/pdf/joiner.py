"""The join begun early: a process that appends each part's pages as soon as it and every part
before it are known, and gives the joined PDF when the build asks for it.

Takes the parts in book order, one at a time (`add`), and the `PrintJob`; gives the joined
PDF's bytes (`result`): the bytes `join.join_parts` makes of the same parts, since pages are
appended in book order only and objects so numbered as in any other join. In an incremental
build most parts come from the store at once and a part laid out again takes seconds: the
parts before it are appended meanwhile, on the other core, and the rest while this process
makes the EPUB. Appending is most of a join (about 70 %).

The process is forked like a worker and dies with the build in the same ways
(`workers.die_with_parent`); it ends when the build stops talking to it. When it fails, or
ends without a result, the parts are joined in this process instead: the same bytes.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from multiprocessing.connection import Connection

import pypdf

from folio.pdf.join import LaidOutPart, append_part, join_parts
from folio.pdf.render import PrintJob
from folio.pdf.workers import die_with_parent


class BackgroundJoin:
    """The parent's side: send the parts in order, then ask for the PDF once."""

    def __init__(self, job: PrintJob) -> None:
        self.job = job
        self.sent: list[LaidOutPart] = []
        context = multiprocessing.get_context("fork")
        self.connection, child_end = context.Pipe()
        self.process = context.Process(
            target=join_in_background,
            args=(child_end, job),
            kwargs={"parent": os.getpid(), "inherited": [self.connection]},
            name="folio-join",
        )
        self.process.start()
        child_end.close()

    def add(self, part: LaidOutPart) -> None:
        """The next part in book order."""
        self.sent.append(part)
        with contextlib.suppress(OSError):  # the process is gone: `result` joins here
            self.connection.send(("part", part))

    def result(self) -> bytes:
        """The joined PDF (once): from the process, or joined here when it could not."""
        try:
            self.connection.send(("end", None))
            kind, value = self.connection.recv()
        except (OSError, EOFError):
            kind, value = "failed", None
        self.connection.close()
        self.process.join(timeout=5)  # it has sent all it had to send
        self.stop()
        return value if kind == "done" and isinstance(value, bytes) else join_parts(self.sent, self.job)

    def stop(self) -> None:
        """End the process now (a failed build, Ctrl-C: nobody waits for its join)."""
        self.connection.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()


def join_in_background(
    connection: Connection, job: PrintJob, *, parent: int, inherited: list[Connection]
) -> None:
    """In the process: append parts as they come; on "end", finish the join and send it."""
    die_with_parent(parent, inherited)
    writer = pypdf.PdfWriter()
    parts: list[LaidOutPart] = []
    readers: list[pypdf.PdfReader] = []
    try:
        while True:
            kind, part = connection.recv()
            if kind == "end":
                break
            parts.append(part)
            readers.append(append_part(writer, part))
        connection.send(("done", join_parts(parts, job, appended=(writer, readers))))
    except EOFError:
        pass  # the build is gone, or has given up on the layout in parts
    except Exception as exc:  # the parent joins the parts itself, as exactly
        connection.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        connection.close()
