r"""A large CSV file cut into slices that can be checked side by side, none of its rows lost.

``check`` may read a large CSV file in several processes at once (``--jobs``): each reads one
slice of the file's bytes, and the outputs are joined in order. That is only right if every
record lies wholly inside one slice, and if each slice is read exactly as the whole file would
be read from the slice's first line on. The reader (:mod:`vardgaranti._records`) carries no
state from one record to the next except an open quote: a quoted cell may span lines, at most
:data:`~vardgaranti._records.MAX_QUOTED_LINES` of them. So a slice begins only at a line that
no record begun on the :data:`~vardgaranti._records.MAX_QUOTED_LINES` lines before it can reach:
a line without a quote is a record of its own, and a line with a quote is read as a record
beginning there would be; if any of them would go on past the place, the next line is tried. A
place is looked for within 1 MiB after the ideal one (the bytes divided evenly); where none is
found, the file is cut into fewer slices, or read in one piece, as before.

Only ``\n``, ``\r\n`` and ``\r`` end a line (as :class:`io.TextIOWrapper` with ``newline=""``
reads them); a slice begins after a ``\n``. The encodings cut are UTF-8 and Windows-1252, in
which the bytes of ``"``, ``\r`` and ``\n`` stand only for those characters.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
from collections.abc import Iterator
from typing import Final

from ._records import MAX_QUOTED_LINES

__all__ = ["SLICE_MIN_BYTES", "Slice", "cut", "lines_before", "offset_after_lines", "open_slice"]

#: The smallest slice worth a process of its own (a process costs a few milliseconds).
SLICE_MIN_BYTES: Final = 4 << 20
#: How far past its ideal place a cut is looked for before the slice is given up.
_SEARCH: Final = 1 << 20
#: How many bytes before the ideal place are read for the lines before it.
_BACK: Final = 1 << 16
#: The lines of a text as io.TextIOWrapper(newline="") splits them, endings kept.
_LINES: Final = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+").findall
_CHUNK: Final = 1 << 20


def offset_after_lines(fd: int, start: int, count: int) -> int | None:
    r"""The byte offset just after the *count*-th line that begins at *start*, in file *fd*.

    ``None`` when the file ends first or the lines are longer than 4 MiB together (a header
    that long is not worth cutting the file for).

    >>> import tempfile
    >>> with tempfile.TemporaryFile() as file:
    ...     _ = file.write(b"a\r\nb\rc\nd")
    ...     file.flush()
    ...     offset_after_lines(file.fileno(), 0, 1), offset_after_lines(file.fileno(), 0, 3)
    (3, 7)
    """
    data = os.pread(fd, 4 << 20, start)
    position = 0
    for _ in range(count):
        newline = data.find(b"\n", position)
        ret = data.find(b"\r", position)
        if ret >= 0 and (newline < 0 or ret < newline):
            if ret + 1 == len(data) and len(data) == 4 << 20:
                return None  # a carriage return at the edge: \r or \r\n, unknown
            position = ret + 2 if data[ret + 1 : ret + 2] == b"\n" else ret + 1
        elif newline >= 0:
            position = newline + 1
        else:
            return None
    return start + position


def lines_before(fd: int, offset: int) -> int:
    r"""How many lines end before byte *offset* (which must follow a ``\n``) of file *fd*.

    >>> import tempfile
    >>> with tempfile.TemporaryFile() as file:
    ...     _ = file.write(b"a\r\nb\rc\nd\n")
    ...     file.flush()
    ...     [lines_before(file.fileno(), offset) for offset in (3, 7, 9)]
    [1, 3, 4]
    """
    lines = 0
    position = 0
    carry = False  # the last chunk ended with \r
    while position < offset:
        data = os.pread(fd, min(_CHUNK, offset - position), position)
        if not data:
            break
        position += len(data)
        lines += data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
        if carry and data[:1] == b"\n":
            lines -= 1  # \r\n across the chunks: one line ending, counted twice
        carry = data[-1:] == b"\r"
    return lines


def cut(
    fd: int,
    begin: int,
    end: int,
    parts: int,
    *,
    delimiter: str,
    codec: str,
    minimum: int = SLICE_MIN_BYTES,
) -> list[int]:
    r"""Where to cut the bytes ``[begin, end)`` of file *fd* into at most *parts* slices.

    Returns the boundaries, ``[begin, ..., end]``: every inner boundary follows a ``\n``, and no
    record that may begin on one of the :data:`~vardgaranti._records.MAX_QUOTED_LINES` lines
    before it runs past it (a line without a quote is a record of its own; one with a quote is
    read as a record would be, with *delimiter*, the text decoded with *codec*), so no record
    spans it. No slice is smaller than *minimum* bytes; ``[begin, end]`` when the bytes are not
    worth cutting or no place to cut is found.
    """
    parts = max(1, min(parts, (end - begin) // max(minimum, 1)))
    bounds = [begin]
    for k in range(1, parts):
        ideal = begin + (end - begin) * k // parts
        found = _place(fd, max(ideal, bounds[-1] + minimum), end - minimum, delimiter, codec)
        if found is not None:
            bounds.append(found)
    bounds.append(end)
    return bounds


def _place(fd: int, ideal: int, last: int, delimiter: str, codec: str) -> int | None:
    """The first place to cut at or after *ideal* (and at most *last*), or ``None``."""
    if ideal > last:
        return None
    # The window: bytes before the ideal place for the lines a quote may span, and after it
    # the bytes a place is looked for in.
    back = min(ideal, _BACK)
    offset = ideal - back
    data = os.pread(fd, back + _SEARCH, offset)
    position = back
    while True:
        newline = data.find(b"\n", position)
        if newline < 0 or offset + newline + 1 > last:
            return None
        candidate = position = newline + 1
        start = candidate  # back to the first of the MAX_QUOTED_LINES lines before it
        for _ in range(MAX_QUOTED_LINES):
            if start == 0:
                break
            start = data.rfind(b"\n", 0, start - 1) + 1
        if start == 0 and offset > 0:
            continue  # long lines: the window does not reach back far enough yet
        if data.find(b'"', start, candidate) < 0 or _closed(
            data[start:candidate].decode(codec), delimiter
        ):
            return offset + candidate


def _closed(text: str, delimiter: str) -> bool:
    """Whether every record that may begin on a line of *text* ends within *text*.

    A line with a quote is read as the reader would read a record beginning there; if the
    reader asks for a line after *text*, a record might span the cut.
    """
    lines = _LINES(text)
    for first, line in enumerate(lines):
        if '"' not in line:
            continue
        more: list[bool] = []

        def feed(first: int = first, more: list[bool] = more) -> Iterator[str]:
            yield from lines[first:]
            more.append(True)

        with contextlib.suppress(csv.Error):  # (it gave up before asking for more)
            next(csv.reader(feed(), delimiter=delimiter), None)
        if more:
            return False
    return True


def open_slice(fd: int, begin: int, end: int, codec: str) -> tuple[Iterator[str], Slice]:
    r"""The lines of the bytes ``[begin, end)`` of file *fd*, split as the whole file's reader does.

    The file is read by offset (:func:`os.pread`): *fd* is not moved, and may be shared.

    Returns:
        The lines (with their endings), and the slice (to close, and to ask how far it is read).
    """
    raw = Slice(fd, begin, end)
    text = io.TextIOWrapper(
        io.BufferedReader(raw, buffer_size=1 << 16), encoding=codec, errors="strict", newline=""
    )
    return iter(text), raw


class Slice(io.RawIOBase):
    """The bytes ``[begin, end)`` of an open file, read by offset."""

    def __init__(self, fd: int, begin: int, end: int) -> None:
        super().__init__()
        self._fd = fd
        self._at = begin
        self.begin = begin
        self.end = end

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        size = min(len(buffer), self.end - self._at)
        if size <= 0:
            return 0
        data = os.pread(self._fd, size, self._at)
        buffer[: len(data)] = data
        self._at += len(data)
        return len(data)

    def read_so_far(self) -> int:
        """How many bytes of the slice have been read (for a progress bar)."""
        return self._at - self.begin
