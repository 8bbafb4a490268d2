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
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from ._records import MAX_QUOTED_LINES

__all__ = ["SLICE_MIN_BYTES", "cut", "lines_before", "offset_after_lines", "open_slice"]

#: The smallest slice worth a process of its own (a process costs a few milliseconds).
SLICE_MIN_BYTES: Final = 4 << 20
#: How far past its ideal place a cut is looked for before the slice is given up.
_SEARCH: Final = 1 << 20
#: How many bytes before the ideal place are read for the lines before it.
_BACK: Final = 1 << 16
#: The lines of a text as io.TextIOWrapper(newline="") splits them, endings kept.
_LINES: Final = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+").findall
_CHUNK: Final = 1 << 20


def offset_after_lines(path: str | Path, start: int, count: int) -> int | None:
    r"""The byte offset just after the *count*-th line that begins at *start*.

    ``None`` when the file ends first or the lines are longer than 4 MiB together (a header
    that long is not worth cutting the file for).

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile(delete=False) as file:
    ...     _ = file.write(b"a\r\nb\rc\nd")
    >>> offset_after_lines(file.name, 0, 1), offset_after_lines(file.name, 0, 3)
    (3, 7)
    >>> Path(file.name).unlink()
    """
    with open(path, "rb") as raw:
        raw.seek(start)
        data = raw.read(4 << 20)
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


def lines_before(path: str | Path, offset: int) -> int:
    r"""How many lines end before byte *offset* (which must follow a ``\n``).

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile(delete=False) as file:
    ...     _ = file.write(b"a\r\nb\rc\nd\n")
    >>> lines_before(file.name, 3), lines_before(file.name, 7), lines_before(file.name, 9)
    (1, 3, 4)
    >>> Path(file.name).unlink()
    """
    lines = 0
    left = offset
    carry = False  # the last chunk ended with \r
    with open(path, "rb") as raw:
        while left > 0:
            data = raw.read(min(_CHUNK, left))
            if not data:
                break
            left -= len(data)
            lines += data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
            if carry and data[:1] == b"\n":
                lines -= 1  # \r\n across the chunks: one line ending, counted twice
            carry = data[-1:] == b"\r"
    return lines


def cut(
    path: str | Path,
    begin: int,
    end: int,
    parts: int,
    *,
    delimiter: str,
    codec: str,
    minimum: int = SLICE_MIN_BYTES,
) -> list[int]:
    r"""Where to cut the bytes ``[begin, end)`` of a file into at most *parts* slices.

    Returns the boundaries, ``[begin, ..., end]``: every inner boundary follows a ``\n``, and no
    record that may begin on one of the :data:`~vardgaranti._records.MAX_QUOTED_LINES` lines
    before it runs past it (a line without a quote is a record of its own; one with a quote is
    read as a record would be, with *delimiter*, the text decoded with *codec*), so no record
    spans it. No slice is smaller than *minimum* bytes; ``[begin, end]`` when the bytes are not
    worth cutting or no place to cut is found.
    """
    parts = max(1, min(parts, (end - begin) // max(minimum, 1)))
    bounds = [begin]
    if parts > 1:
        with open(path, "rb") as raw:
            for k in range(1, parts):
                ideal = begin + (end - begin) * k // parts
                found = _place(
                    raw, max(ideal, bounds[-1] + minimum), end - minimum, delimiter, codec
                )
                if found is not None:
                    bounds.append(found)
    bounds.append(end)
    return bounds


def _place(raw: io.BufferedReader, ideal: int, last: int, delimiter: str, codec: str) -> int | None:
    """The first place to cut at or after *ideal* (and at most *last*), or ``None``."""
    if ideal > last:
        return None
    # The window: bytes before the ideal place for the lines a quote may span, and after it
    # the bytes a place is looked for in.
    back = min(ideal, _BACK)
    raw.seek(ideal - back)
    data = raw.read(back + _SEARCH)
    offset = ideal - back
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
            return None  # lines too long for the window: not cut here
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


def open_slice(
    path: str | Path, begin: int, end: int, codec: str
) -> tuple[Iterator[str], io.TextIOWrapper]:
    r"""The lines of the bytes ``[begin, end)`` of a file, as the whole file's reader splits them.

    Returns the lines (with their endings) and the text stream to close.
    """
    raw = open(path, "rb", buffering=0)  # noqa: SIM115 - closed with the text stream
    try:
        raw.seek(begin)
        bounded = io.BufferedReader(_Range(raw, end - begin), buffer_size=1 << 16)
        text = io.TextIOWrapper(bounded, encoding=codec, errors="strict", newline="")
    except BaseException:
        raw.close()
        raise
    return iter(text), text


class _Range(io.RawIOBase):
    """The next *size* bytes of a raw file, then the end."""

    def __init__(self, raw: io.FileIO, size: int) -> None:
        super().__init__()
        self._raw = raw
        self._left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        if self._left <= 0:
            return 0
        view = memoryview(buffer)
        if len(view) > self._left:
            view = view[: self._left]
        read = self._raw.readinto(view) or 0
        self._left -= read
        return read

    def close(self) -> None:
        self._raw.close()
        super().close()
