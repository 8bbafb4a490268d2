"""Any waiting-list file as a table: a header and its records, streamed, none ever lost.

One entry, :func:`open_table`, for every format a region has:

* **CSV** (and Excel's "Unicode text", tab-separated): the encoding is decided or checked by
  :func:`~vardgaranti._encoding.open_text` (UTF-8 with or without a byte-order mark,
  Windows-1252, UTF-16); the delimiter (``;``, ``,`` or tab) from the header line; records by
  :func:`~vardgaranti._records.read_records` (a quoted cell may span lines, within bounds).
* **XML**: the national deliveries (``TillgangligVardSpeciVantande``/``…Genomforda``), one
  record per ``Besok``, its attributes as cells, by :func:`~vardgaranti._xml.open_xml`.
* **Excel** (``.xlsx``, the ``excel`` extra): the first sheet shown or the one named, by
  :func:`~vardgaranti._xlsx.open_xlsx`.

The format is decided by the file's first bytes (a zip is a workbook; ``<`` an XML document;
anything else text), so a file's name does not have to say. Every reader gives the same
records: ``(line, cells, body, problem)``, as :func:`~vardgaranti._records.read_records`
documents; readers, one core, writers.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence, Set
from pathlib import Path
from typing import IO, BinaryIO, Final

import attrs

from ._checks import path_is_dir
from ._encoding import open_text
from ._profiles import NATIVE, SKR
from ._records import Record, RowSource, body_of, read_header, read_records
from ._text import column_key, echo, shown
from .errors import InvalidTypeError, WaitingListError

__all__ = [
    "DELIMITERS",
    "FORMATS",
    "MAX_HEADER_COLUMNS",
    "Table",
    "open_table",
    "sheet_note",
    "sniff",
    "watch",
]

#: The delimiters a header line is tried with, in order of preference.
DELIMITERS: Final = (";", ",", "\t")
#: The formats :func:`open_table` reads.
FORMATS: Final = ("csv", "xml", "xlsx")
#: The most columns a CSV header may have: a file of one line (its rows ended by something
#: other than a line break) would be a header of millions of names, each a string in memory,
#: and no row (an XML delivery's Besok may use :data:`~vardgaranti._xml.MAX_COLUMNS`).
MAX_HEADER_COLUMNS: Final = 10_000
_ZIP: Final = b"PK\x03\x04"
#: The start of an OLE2 compound file: an old Excel workbook (.xls), or an encrypted .xlsx.
_OLE2: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SNIFF: Final = 512


@attrs.define
class Table:
    """An open waiting-list file: its header and its records, to be read once, in order.

    Attributes:
        name: the file's name, for messages.
        kind: ``csv``, ``xml`` or ``xlsx``.
        header: the column names as written.
        records: ``(line, cells, body, problem)`` per record (see
            :func:`~vardgaranti._records.read_records`; ``body`` only for plain CSV lines).
        header_lines: the lines (rows) the header took.
        delimiter: the CSV delimiter (``;`` for other formats, the delimiter of their output).
        bom: whether a CSV file began with a byte-order mark.
        encoding: the encoding the text was read in (``utf-8``, ``utf-8-sig``, ``cp1252``,
            ``utf-16-le``...; ``xml`` or ``xlsx`` for those formats).
        meta: facts about the file, e.g. an XML delivery's ``root`` and ``DatatGallerFor``.
        notes: one-line notes for the user (e.g. the file was read as Windows-1252).
        size: the file's size in bytes, when known (for a progress bar), else 0.
        position: how many bytes have been read so far, when known (for a progress bar).
        lines: for CSV, the lines after the header, which :attr:`records` reads; a loop that
            reads plain lines itself (``check``'s) may take them instead (then not both).
        fileno: for a CSV file opened here from its path, the descriptor of the open file
            (read parts of it by offset with :func:`os.pread`, never by moving it); else -1.
            The same file as the header and the encoding were read from, whatever happens
            to the path meanwhile.
    """

    name: str
    kind: str
    header: tuple[str, ...]
    records: Iterator[Record]
    header_lines: int = 1
    delimiter: str = ";"
    bom: bool = False
    encoding: str = "utf-8"
    meta: dict[str, str] = attrs.Factory(dict)
    notes: tuple[str, ...] = ()
    #: For a workbook: write its date cells in a form (``SheetRows.read_dates_as``).
    dates_as: Callable[[str], None] | None = None
    size: int = 0
    position: Callable[[], int] = lambda: 0
    lines: Iterator[str] | None = None
    _close: Callable[[], None] = lambda: None
    fileno: int = -1
    #: Raises when the file is not as it was when opened (:func:`watch`); called when the
    #: table is left without an error, and for CSV when its last line has been read.
    unchanged: Callable[[], None] = lambda: None

    @property
    def utf8(self) -> bool:
        """Whether the text was UTF-8 (so a CSV output can keep its form, BOM and all)."""
        return self.kind == "csv" and self.encoding in ("utf-8", "utf-8-sig")

    def close(self) -> None:
        """Close the file (a stream given by the caller stays open)."""
        self._close()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if exc[0] is None:  # (read through, or by slices: the file is still as it was)
                self.unchanged()
        finally:
            self.close()


def watch(raw: IO[bytes], name: str) -> Callable[[], None]:
    """A check that the regular file open as *raw* has not changed since now.

    A region's export job may still be writing the list when a command reads it, or write it
    again in place: the rows read then mix two files, a last line may be read half-written
    (a date cut short), and the encoding may be decided on a character cut in two. The check
    compares the file's size and modification time with what they are now, through the open
    file (a new file renamed over the path is another file, and this one stays whole), and
    raises :class:`~vardgaranti.errors.WaitingListError` when they differ. A pipe, standard
    input or a stream of the caller's is not checked.

    Args:
        raw: the open file.
        name: its name, for the message.
    """
    try:
        fd = raw.fileno()
        before = os.fstat(fd)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return _nothing
    if not stat.S_ISREG(before.st_mode):
        return _nothing
    was = (before.st_size, before.st_mtime_ns)

    def check() -> None:
        try:
            after = os.fstat(fd)
        except (OSError, ValueError):  # (closed: nothing more was read from it)
            return
        if (after.st_size, after.st_mtime_ns) != was:
            raise WaitingListError(
                f"{name}: the file changed while it was read (another program still writing "
                "it?), so the rows read may mix two versions or end in a line cut short; "
                "nothing is written: run again when the file is written whole"
            )

    return check


def _nothing() -> None:
    return None


def _then(check: Callable[[], None]) -> Iterator[str]:
    """Nothing, after *check* (chained after the lines: it runs when the last is read)."""
    check()
    yield from ()


def sniff(first: bytes) -> str:
    """The format of a file that begins with *first*: ``xlsx``, ``xml``, ``csv`` or ``xls``.

    ``xls`` is an OLE2 compound file (an old workbook, or an encrypted one), which no reader
    here opens.
    """
    if first.startswith(_ZIP):
        return "xlsx"
    if first.startswith(_OLE2):
        return "xls"
    stripped = first.lstrip(b"\xef\xbb\xbf").lstrip()
    if stripped.startswith(b"<"):
        return "xml"
    # UTF-16 with a byte-order mark, or without one (00 3C big-endian: XML 1.0, appendix F;
    # 3C 00 little-endian is found above), blanks before the root allowed
    for mark, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if first.startswith(mark):
            return "xml" if _utf16_text(first[2:], codec).lstrip().startswith("<") else "csv"
    if first[:1] == b"\x00" or first[1:2] == b"\x00":  # (a blank first, in UTF-16 unmarked)
        codec = "utf-16-be" if first[:1] == b"\x00" else "utf-16-le"
        if _utf16_text(first, codec).lstrip().startswith("<"):
            return "xml"
    return "csv"


def _utf16_text(data: bytes, codec: str) -> str:
    """The text of the first bytes of a UTF-16 file (a cut character at the end dropped)."""
    return data[: len(data) // 2 * 2].decode(codec, "ignore")


def _binary(source: str | Path | IO[bytes] | IO[str]) -> tuple[BinaryIO, str, bool]:
    """The bytes of *source*, its name, and whether we opened it (and must close it)."""
    if isinstance(source, (str, Path)):
        if str(source) == "-":
            if sys.stdin is None:  # (a program started with its standard input closed: <&-)
                raise WaitingListError(
                    "-: standard input is closed; give the list on it, or its file's path"
                )
            return sys.stdin.buffer, "<stdin>", False
        # (Path("") is "." already: the current folder; a name of blanks may be a file's)
        if not str(source).strip() and not os.path.lexists(source):
            raise WaitingListError(
                f"{str(source)!r} is no file's path; give the waiting list's path",
                field="source",
            )
        path = Path(source)
        if path_is_dir(path):
            raise WaitingListError(f"{path}: is a directory, not a waiting-list file")
        try:
            return path.open("rb"), str(path), True
        except OSError as error:
            raise WaitingListError(f"{shown(str(path))}: cannot open ({error.strerror})") from error
        except ValueError as error:  # a NUL in the path (CSV text given for a path?)
            raise WaitingListError(f"{shown(str(path))}: cannot open ({error})") from None
    if isinstance(source, io.TextIOBase) or (
        hasattr(source, "read") and isinstance(getattr(source, "encoding", None), str)
    ):
        raise _TextGiven
    if not hasattr(source, "read"):
        kind = type(source).__name__
        if hasattr(source, "columns") and hasattr(source, "shape"):  # (a data frame: no cells)
            said = (
                f"a {kind}; for a data frame, write it as CSV into io.StringIO() and give that "
                "(or use evaluate_frame for each row's deadline)"
            )
        elif isinstance(source, (bytes, int, float)) or source is None:
            said = f"{kind} {echo(source)}"
        else:  # (another object: its repr may hold anything, a patient's data too)
            said = kind
        raise InvalidTypeError(
            f"a waiting list is a path, '-' for standard input, or an open stream, not {said}",
            field="source",  # (the first argument of every function that reads a list)
        )
    return source, getattr(source, "name", "<stream>"), False  # type: ignore[return-value]


class _TextGiven(Exception):
    """The source is already text: read it as CSV as it is."""


def open_table(
    source: str | Path | IO[bytes] | IO[str],
    *,
    encoding: str = "auto",
    sheet: str | None = None,
    kind: str | None = None,
    columns: frozenset[str] | None = None,
    percents: bool = False,
) -> Table:
    """Open a waiting-list file of any format and read its header.

    Args:
        source: a path, ``"-"`` for standard input, a binary stream, or a text stream (read as
            CSV as it is).
        encoding: for CSV: ``auto`` (a byte-order mark decides, else valid UTF-8 is UTF-8, else
            Windows-1252, with a note), ``utf-8``, ``cp1252`` or ``utf-16``.
        sheet: for Excel: the sheet to read (default: the first one shown in Excel).
        kind: ``csv``, ``xml`` or ``xlsx`` to say the format (default: decided by the bytes).
        columns: for CSV: the columns (lowercased) of the profile asked for, which find the
            delimiter before the built-in profiles' required columns do
            (:func:`~vardgaranti._profiles.delimiter_columns`).
        percents: for Excel: a number formatted as a percent is read as shown (``87.5 %``),
            as published shares are (see :func:`~vardgaranti._xlsx.percent_shown`).

    Returns:
        The table; read its records once, then close it.

    Raises:
        WaitingListError: the file cannot be opened or read as any of the formats; one line.
    """
    if sheet is not None and not isinstance(sheet, str):  # (1.5 failed deep in the workbook)
        raise InvalidTypeError(
            f"must be a sheet's name (text) or None, not {type(sheet).__name__} {echo(sheet)}",
            field="sheet",
        )
    if kind is not None and kind not in FORMATS:
        raise WaitingListError(f"unknown format {echo(kind)}; accepted: {', '.join(FORMATS)}")
    if not isinstance(encoding, str):
        raise InvalidTypeError(
            f"must be auto, utf-8, cp1252 or utf-16, not {type(encoding).__name__} "
            f"{echo(encoding)}",
            field="encoding",
        )
    try:
        raw, name, owned = _binary(source)
        unchanged = watch(raw, name) if owned else _nothing
    except _TextGiven:
        text = source
        assert not isinstance(text, (str, Path))
        return _csv_table(
            text,  # type: ignore[arg-type]
            getattr(text, "name", "<stream>"),
            lambda: None,
            None,
            columns=columns,
        )
    try:
        if kind is None:
            kind = _peek_kind(raw, name, utf16=encoding.lower().replace("_", "-") == "utf-16")
        if kind == "xlsx":
            table = _xlsx_table(raw, name, owned, sheet, percents)
            table.unchanged = unchanged
            if encoding != "auto":  # (a workbook's text is Unicode: nothing to decode)
                table.notes = (
                    *table.notes,
                    f"{name}: --encoding {encoding} was not used: this is an Excel workbook, "
                    "whose text needs none (--encoding is for CSV and XML files)",
                )
            return table
        if kind == "xml":
            table = _xml_table(raw, name, owned, None if encoding == "auto" else encoding)
            table.unchanged = unchanged
            return _sheet_noted(table, sheet, "an XML delivery")
        decoded = open_text(raw, name, encoding, borrowed=not owned)
    except BaseException:
        if owned:
            raw.close()
        raise
    size = _size(raw)
    position = _position(raw)
    table = _csv_table(
        decoded.stream,
        name,
        decoded.stream.close,  # (a caller's stream is let go of, not closed)
        decoded.note,
        encoding=decoded.encoding,
        bom=decoded.bom,
        size=size,
        position=position,
        columns=columns,
        unchanged=unchanged,
    )
    if owned and decoded.stream.buffer is raw:  # (not a temporary copy of a pipe)
        table.fileno = raw.fileno()
    return _sheet_noted(table, sheet, "a CSV file")


def _sheet_noted(table: Table, sheet: str | None, what: str) -> Table:
    """*table*, with a note when a sheet was asked for (of a file that has none)."""
    if sheet is not None:
        table.notes = (*table.notes, sheet_note(table.name, sheet, what))
    return table


def sheet_note(name: str, sheet: str, what: str = "a CSV file") -> str:
    """The note on a *sheet* asked for in the file *name*, which is *what*, not a workbook."""
    return (
        f"{name}: the sheet {echo(sheet)} was not looked for: this is {what}, not an Excel "
        "workbook (--sheet is for .xlsx files)"
    )


def _peek_kind(raw: BinaryIO, name: str, *, utf16: bool = False) -> str:
    """The format of a file by its first bytes.

    NUL bytes mean binary data unless the text is UTF-16 (a byte-order mark, or *utf16*: the
    caller said so, for a file without a mark).
    """
    first = _first_bytes(raw)
    if first is None:
        return "csv"
    kind = sniff(first)
    if kind == "xls":
        raise WaitingListError(
            f"{name}: an old Excel workbook (.xls) or a password-protected one, which this reader "
            "cannot open; save it in Excel as 'Excel Workbook (.xlsx)' or 'CSV UTF-8'"
        )
    utf16 = utf16 or first.startswith((b"\xff\xfe", b"\xfe\xff"))
    if kind == "csv" and b"\x00" in first and not utf16:
        at = first.index(b"\x00")
        line = first.count(b"\n", 0, at) + 1  # (where to look, if the file is text after all)
        raise WaitingListError(
            f"{name}: not a CSV text file (binary data near its start: a NUL byte on line "
            f"{line}; for UTF-16 text without a byte-order mark, give the encoding utf-16)"
        )
    return kind


def _first_bytes(raw: BinaryIO) -> bytes | None:
    """The first bytes of *raw*, which is not moved (``None``: it cannot be looked at)."""
    peek = getattr(raw, "peek", None)
    if peek is not None:
        first: bytes = peek(_SNIFF)[:_SNIFF]
        return first
    if raw.seekable():
        here = raw.tell()
        first = raw.read(_SNIFF)
        raw.seek(here)
        return first
    return None


def _size(raw: BinaryIO) -> int:
    try:
        import os

        return os.fstat(raw.fileno()).st_size
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return 0


def _position(raw: BinaryIO) -> Callable[[], int]:
    def position() -> int:
        try:
            return raw.tell()
        except (OSError, ValueError):
            return 0

    return position


def detect_delimiter(header_line: str, wanted: Sequence[Set[str]]) -> str:
    """The delimiter under which a header line shows the most required columns of a profile.

    Counting characters alone is fooled by a quoted name such as ``"kod; intern"``; so each
    candidate (``;``, ``,``, tab) reads the line as CSV, and the one that finds more required
    columns wins (then the one giving more columns; ``;`` before ``,`` before tab).
    """

    def score(delimiter: str) -> tuple[int, int]:
        try:
            names = next(csv.reader([body_of(header_line)], delimiter=delimiter), [])
        except csv.Error:
            return -1, 0
        found = {column_key(name) for name in names}
        return max(len(required & found) for required in wanted), len(names)

    return max(DELIMITERS, key=score)


_WANTED: Final = [
    {profile.columns[field].lower() for field in profile.required} for profile in (NATIVE, SKR)
]


def _csv_table(
    stream: IO[str],
    name: str,
    close: Callable[[], None],
    note: str | None,
    *,
    encoding: str = "utf-8",
    bom: bool = False,
    size: int = 0,
    position: Callable[[], int] = lambda: 0,
    columns: frozenset[str] | None = None,
    unchanged: Callable[[], None] = _nothing,
) -> Table:
    lines: Iterator[str] = iter(stream)
    skipped = 0
    try:
        first = next(lines, "")
        if first.startswith("\ufeff"):  # a text stream given with its byte-order mark
            bom = True
            first = first[1:]
        # Blank lines before the header, as blank lines anywhere, and lines of delimiters only
        # (a spreadsheet's empty rows), as empty rows anywhere: passed over (they keep their
        # numbers).
        while first and not first.strip(" \t\r\n;,"):
            skipped += 1
            first = next(lines, "")
        if not first.strip():
            raise WaitingListError(
                f"{name}: empty file (no header line)"
                if not skipped
                else f"{name}: empty file (no header line, only {skipped} blank lines)"
            )
        if "\x00" in first:
            raise WaitingListError(f"{name}: not a CSV text file (binary data in the header)")
        if first.lstrip().startswith("<?xml") or (
            first.lstrip().startswith("<") and not any(d in first for d in DELIMITERS)
        ):  # (a file that begins with '<' is read as XML: only a text stream gets here so)
            raise WaitingListError(
                f"{name}: XML given as text: a text stream is read as CSV; give the delivery's "
                "path, or a binary stream (open(path, 'rb'))"
            )
        delimiter = detect_delimiter(first, [columns, *_WANTED] if columns else _WANTED)
        if first.count(delimiter) >= MAX_HEADER_COLUMNS:  # (before it is split: one string each)
            raise WaitingListError(
                f"{name}: line {skipped + 1}: the header has {first.count(delimiter) + 1:,} "
                f"columns, more than a waiting list has ({MAX_HEADER_COLUMNS:,} at most): is the "
                "file one line, its rows ended by something other than a line break?"
            )
        header, taken, problem = read_header(itertools.chain((first,), lines), delimiter)
        taken += skipped
    except UnicodeDecodeError as error:
        close()
        raise WaitingListError(f"{name}: not UTF-8 text ({error.reason})") from None
    except BaseException:
        close()
        raise
    if problem:
        close()
        raise WaitingListError(f"{name}: line {skipped + 1}: the header {problem}")
    if unchanged is not _nothing:  # (checked when the last line has been read)
        lines = itertools.chain(lines, _then(unchanged))
    return Table(
        name=name,
        kind="csv",
        header=tuple(header),
        records=read_records(lines, delimiter, len(header), taken),
        header_lines=taken,
        delimiter=delimiter,
        bom=bom,
        encoding=encoding,
        notes=() if note is None else (note,),
        size=size,
        position=position,
        lines=lines,
        close=close,
        unchanged=unchanged,
    )


def _xml_table(raw: BinaryIO, name: str, owned: bool, encoding: str | None = None) -> Table:
    from ._xml import DELIVERIES, open_xml

    first = _first_bytes(raw) or b""
    try:
        contacts = open_xml(raw, name, encoding)
    except WaitingListError as error:
        line = first.lstrip(b"\xef\xbb\xbf").lstrip().split(b"\n", 1)[0]
        if not line.startswith(b"<?xml") and any(d.encode() in line for d in DELIMITERS):
            # (a CSV file whose first column name begins with "<")
            raise WaitingListError(
                f"{error} (the file was read as XML because it begins with '<'; a CSV file's "
                "first column name must not begin with '<')"
            ) from None
        raise
    completed = contacts.meta.get("delivery") == DELIVERIES[1]
    problems = contacts.problems
    position = itertools.count()

    def problem_of(header: tuple[str, ...]) -> Callable[[list[str]], str | None]:
        """A contact's row error: a variable given twice, or (completed) no day carried out.

        Called once for each row, in order (``_rows_table``): the count is the row's position.
        """
        without_end = _completed_without_end(header) if completed else None

        def problem(cells: list[str]) -> str | None:
            found = problems.pop(next(position), None)
            if found is None and without_end is not None:
                found = without_end(cells)
            return found

        return problem

    table = _rows_table(contacts, raw, name, owned, "xml", dict(contacts.meta), problem_of)
    table.notes = (*table.notes, *contacts.notes)
    return table


#: The problem of a contact in a completed delivery without the day it was carried out.
_NO_END: Final = (
    "StartAktivitet: blank in a completed delivery (TillgangligVardSpeciGenomforda), where "
    "every contact has the day it was carried out"
)


def _completed_without_end(header: tuple[str, ...]) -> Callable[[list[str]], str | None]:
    """A contact of a completed delivery must say when it was carried out (``StartAktivitet``).

    A completed delivery (Genomförda) holds the contacts carried out in the month; one without
    ``StartAktivitet`` would otherwise be read as still waiting, and counted as a breach
    (national-reporting.md, "Two deliveries" and "Variables"). It is a row error instead.
    """
    # (found in any case, as the format's columns are)
    at = next((i for i, name in enumerate(header) if name.strip().lower() == "startaktivitet"), -1)

    def problem(cells: list[str]) -> str | None:
        return _NO_END if at < 0 or not cells[at].strip() else None

    return problem


def _xlsx_table(
    raw: BinaryIO, name: str, owned: bool, sheet: str | None, percents: bool = False
) -> Table:
    from ._xlsx import open_xlsx

    rows = open_xlsx(raw, name, sheet, percents=percents)
    table = _rows_table(rows, raw, name, owned, "xlsx", {"sheet": rows.sheet}, notes=rows.notes)
    return attrs.evolve(table, dates_as=rows.read_dates_as)


def _rows_table(
    source: RowSource,
    raw: BinaryIO,
    name: str,
    owned: bool,
    kind: str,
    meta: dict[str, str],
    problem_of: Callable[[tuple[str, ...]], Callable[[list[str]], str | None]] | None = None,
    notes: tuple[str, ...] = (),
) -> Table:
    """A table of the rows of an XML delivery or an Excel sheet.

    *problem_of*, given the header, makes the check that finds a problem with a record's cells
    as the format has them (a row error), if any.
    """
    problem = problem_of(source.header) if problem_of is not None else None

    def records() -> Iterator[Record]:
        if problem is None:
            for number, cells in source.rows:
                yield number, cells, None, None
        else:
            for number, cells in source.rows:
                yield number, cells, None, problem(cells)

    def close() -> None:
        source.close()
        if owned:
            raw.close()

    return Table(
        name=name,
        kind=kind,
        header=source.header,
        records=records(),
        encoding=kind,
        meta=meta,
        notes=notes,
        size=_size(raw),
        position=_position(raw),
        close=close,
    )
