"""Read and write Excel workbooks (.xlsx) row by row; needs the ``excel`` extra (openpyxl).

openpyxl is imported only when a workbook is read or written, so the rest of the library works
without it; without it, both functions raise a one-line
:class:`~vardgaranti.errors.WaitingListError` telling how to install it.

Reading (:func:`open_xlsx`) streams the sheet (openpyxl's read-only mode, cached values instead
of formulas) and gives every cell as text:

========================  ===================================================================
cell                      text
========================  ===================================================================
empty                     ``""``
text                      as it is; a character Excel writes as ``_xHHHH_`` (a carriage
                          return, a control character, or ``_x005F_`` for ``_``) as itself
TRUE / FALSE              ``"true"`` / ``"false"`` (the XML Schema spelling, which the
                          national code lists accept for ``Vardgaranti``)
whole number              ``"42"``, also when Excel stores it as 42.0
other number              the shortest text that reads back as the same number (``"0.1"``)
date (time 00:00:00)      ``"2025-03-01"``
date and time             ``"2025-03-01T08:30:00"`` (to the nearest second, never across
                          midnight: 23:59:59.7 stays on its day)
time of day               ``"08:30:00"``
duration (``[h]:mm``)     ``"26:00:00"``
error (``#N/A``)          the error's text
========================  ===================================================================

The header is the first row with any text but blanks. Rows shorter than it are padded with
``""``; cells past its end are kept up to the last non-empty one (the caller reports them). An
empty row between records is returned as an empty record, so the caller keeps its place; empty
rows at the end of the sheet (formatting left behind, or openpyxl's dimension artefacts) are not
records. Each row comes with its row number in the sheet.

A workbook is a zip of XML parts. Most of them openpyxl reads whole (styles, the shared strings
table) before the first row: a part larger than :data:`MAX_PART_BYTES` (shared strings:
:data:`MAX_SHARED_STRINGS_BYTES`), uncompressed, is refused before anything is read, which also
stops "zip bombs". The worksheet itself is streamed. With ``defusedxml`` installed (part of the
``excel`` extra), openpyxl refuses DTDs and entity tricks in those parts.

Writing (:func:`write_xlsx`) streams too (openpyxl's write-only mode: rows go to a temporary
file, the workbook is zipped into the target at the end). Text is always written as text, never
as a formula, whatever it starts with; a character the XML cannot hold as it is (a control
character, a carriage return) is written as Excel writes it, ``_xHHHH_``, and an ``_`` that
begins such a form as ``_x005F_``, so that every text reads back as itself.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import math
import posixpath
import re
import shutil
import tempfile
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from types import ModuleType
from typing import IO, Any, BinaryIO, Final, cast

from ._records import RowSource
from ._text import visible
from .errors import WaitingListError

__all__ = [
    "EXCEL_MAX_COLUMNS",
    "EXCEL_MAX_ROWS",
    "EXCEL_MAX_TEXT",
    "MAX_PART_BYTES",
    "MAX_SHARED_STRINGS_BYTES",
    "Sheet",
    "SheetRows",
    "Workbook",
    "cell_text",
    "open_xlsx",
    "sheet_title",
    "write_xlsx",
]

#: Excel's limits: rows and columns of a sheet, characters in a cell.
EXCEL_MAX_ROWS: Final = 1_048_576
EXCEL_MAX_COLUMNS: Final = 16_384
#: What an error about a limit of Excel's says to do (a CSV file has none of them).
_CSV_INSTEAD: Final = " (no cell is cut: write a .csv file for this list)"
EXCEL_MAX_TEXT: Final = 32_767
#: The largest part of a workbook (other than a worksheet) read, uncompressed.
MAX_PART_BYTES: Final = 64 << 20
#: The largest shared strings table read, uncompressed (openpyxl holds it in memory).
MAX_SHARED_STRINGS_BYTES: Final = 256 << 20
#: How many times its compressed size a worksheet larger than :data:`MAX_PART_BYTES` may be,
#: uncompressed: an export's sheet is 10 to 20 times; a sheet of a few megabytes that unpacks to
#: a gigabyte of empty cells (a "zip bomb") would take many minutes to read.
MAX_SHEET_RATIO: Final = 100

_NEEDS_EXTRA: Final = "{} Excel files needs the 'excel' extra: pip install 'vardgaranti[excel]'"
_TITLE_FORBIDDEN: Final = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_TITLE_MAX: Final = 31
#: Characters a cell's text cannot hold as they are in the workbook's XML (a carriage return
#: would be read back as a line feed), written as Excel writes them: ``_xHHHH_`` (ECMA-376 Part
#: 1, 22.9.2.19 ST_Xstring); and an ``_`` that begins such a form in the text itself, written
#: ``_x005F_`` so that it reads back as itself.
_XML_ILLEGAL: Final = re.compile(
    r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)"
)
#: The ``_xHHHH_`` forms read as their characters: those XML cannot hold as they are (the
#: control characters, ``FFFE`` and ``FFFF``), and ``_x005F_`` for ``_``. Any other form is
#: kept as written: Excel writes no other; a typed ``_x0041_`` is stored ``_x005F_x0041_``, whose
#: ``_x005F_`` is read as ``_`` and the rest stays text (the shared strings are read whole: see
#: :func:`_load`, as the inline strings and formulas' text are). A surrogate
#: (``D800``-``DFFF``) is kept as written too: alone it could not be written out.
_XSTRING: Final = re.compile(r"_x(00[01][0-9A-Fa-f]|005[Ff]|[Ff]{3}[EeFf])_")
# Text openpyxl would otherwise store as an error value.
_ERROR_CODES: Final = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")
)
_EXACT_INTEGER: Final = 10**15  # Excel keeps 15 significant digits
_EXCEL_DIGITS: Final = 15  # the significant digits Excel keeps (a Decimal of more: as text)
_WORKSHEET_PART: Final = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
_SHARED_STRINGS_PART: Final = re.compile(r"xl/sharedStrings[^/]*\.xml", re.IGNORECASE)
#: A part's declaration in ``[Content_Types].xml``, and the content types of the parts scanned
#: (a worksheet may be stored at any path: the content types say which parts are worksheets).
_OVERRIDE: Final = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Override\s([^>]*)>")
_PART_NAME: Final = re.compile(rb"""(?:^|\s)PartName\s*=\s*["']/?([^"']*)["']""")
_CONTENT_TYPE: Final = re.compile(rb"""(?:^|\s)ContentType\s*=\s*["']([^"']*)["']""")
_WORKSHEET_TYPE: Final = (
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
)
#: A relationship of the workbook (``xl/_rels/workbook.xml.rels``): openpyxl finds the sheets
#: by these, whatever the content types say.
_RELATIONSHIP: Final = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Relationship\s([^>]*)>")
_TARGET: Final = re.compile(rb"""(?:^|\s)Target\s*=\s*["']([^"']*)["']""")
_TYPE: Final = re.compile(rb"""(?:^|\s)Type\s*=\s*["']([^"']*)["']""")
_STRINGS_TYPE: Final = (
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
#: The longest stretch of text between two tags read from a worksheet or the shared strings
#: (bytes): a cell holds at most :data:`EXCEL_MAX_TEXT` characters, each at most 8 bytes as XML
#: writes it (``&#12345;``; ``_x0001_`` is 7). A longer stretch is not a sheet Excel wrote, and
#: would be held whole.
MAX_TEXT_BYTES: Final = 8 * EXCEL_MAX_TEXT + 1024
#: Such a stretch, looked for only from its first byte (after a ``<``, or where the data
#: begins), so that the search is linear in the data, however long its stretches.
_LONG_TEXT: Final = re.compile(rb"(?<![^<])[^<]{%d}" % (MAX_TEXT_BYTES + 1))
#: A row's start tag (any namespace prefix); its attributes.
_ROW_TAG: Final = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row(?=[\s/>])([^>]*)>")
#: The column letters of a cell's reference (``<c r="AB12" ...>``; a cell without one has none).
#: A cell's tag, and its column when it has a reference (empty when it has none).
_CELL_COLUMN: Final = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?c(?=[\s/>])(?:[^<>]*?\sr\s*=\s*["']\$?([A-Za-z]{1,3})\$?\d)?"""
)
_ROW_NUMBER: Final = re.compile(rb"""(?:^|\s)r\s*=\s*["']([^"']*)["']""")
_SCAN_CHUNK: Final = 128 << 10
#: The most XML elements (tags) a row of a worksheet may hold, from its tag to the next row's
#: (or the end of the sheet's data): openpyxl holds a row's elements whole, and a worksheet of
#: a few kilobytes can unzip to a row of millions (a gigabyte held). A row of Excel's
#: :data:`EXCEL_MAX_COLUMNS` cells with inline rich text needs a fraction of it.
MAX_ROW_ELEMENTS: Final = 16 * EXCEL_MAX_COLUMNS
_SHEET_DATA_END: Final = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?sheetData\s*>")
#: A date cell's value (references read) that is an ISO 8601 date-time with a time zone:
#: openpyxl reads it without its zone, the time as Swedish.
_ZONED_TEXT: Final = re.compile(
    rb"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][^Z+-]*(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)"
)
#: A character reference, decimal or hexadecimal (``&#58;``, ``&#x3A;``).
_DATE_REFERENCE: Final = re.compile(rb"&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));")
#: The characters of a date, a time and a zone: a reference to one is read as it.
_DATE_CHARACTERS: Final = frozenset(b"0123456789-:+.TZ ")


def _referenced(found: re.Match[bytes]) -> bytes:
    """The character a reference writes, if it is one of a date and time; else the reference."""
    decimal, hexadecimal = found.groups()
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    return bytes((code,)) if code in _DATE_CHARACTERS else found.group(0)


#: The tag of a date cell (``t="d"``, ECMA-376 Part 1, 18.18.11: its value an ISO 8601 text);
#: no ``<`` in a tag (a chunk of ``<c `` without ``>`` is not searched again from each one).
_DATE_CELL_TAG: Final = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?c\s(?:[^<>]*\s)?t\s*=\s*["']d["'][^<>]*>"""
)
#: What follows a date cell's tag: a formula, if any, and the value (with attributes on <v>,
#: in a CDATA section); or the cell's end, or another cell (no value).
_DATE_CELL_VALUE: Final = re.compile(
    rb"(?:\s*<(?:[A-Za-z_][\w.-]*:)?f\b[^>]*?(?:/>|>[^<]*</(?:[A-Za-z_][\w.-]*:)?f\s*>))?"
    rb"\s*(?:<(?:[A-Za-z_][\w.-]*:)?v(?:\s[^>]*)?>\s*(?:<!\[CDATA\[\s*)?([^<\]]*?)\s*"
    rb"(?:\]\]>\s*)?</|</(?:[A-Za-z_][\w.-]*:)?c\s*>|<(?:[A-Za-z_][\w.-]*:)?c[\s>/])"
)
#: The end of a cell.
_CELL_END: Final = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?c\s*>")
#: The most bytes of a date cell the chunk cut kept for the next chunk (a cell is a few dozen).
_MAX_PENDING: Final = 1 << 20
#: A date cell's value whose date openpyxl reads whole: a date (a ``Z`` after it moves no
#: day), a date and a time (after ``T`` or a blank; a fraction of a second it may cut, the day
#: unchanged), or a time; anything after one of them it would leave out without a word
#: (``2025-03-031`` read as 3 March, ``…22:30:00 UTC`` as Swedish time).
_WHOLE_DATE_VALUE: Final = re.compile(
    rb"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:Z|[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?)?"
    rb"|[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?"
)
_REFERENCE: Final = re.compile(rb"""(?:^|\s)r\s*=\s*["']([^"']*)["']""")
#: The most distinct rows of cell columns remembered while looking at a worksheet.
_SEEN_ROWS: Final = 4096


def _openpyxl(doing: str) -> ModuleType:
    """openpyxl; for reading, with ``defusedxml`` beside it (both are the ``excel`` extra).

    Without defusedxml openpyxl reads a workbook's DTDs and expands its entities (the "billion
    laughs"): a workbook is then not read at all, rather than read unguarded.
    """
    try:
        import openpyxl

        if doing == "reading":  # (openpyxl guards its parsers with it when it is there)
            importlib.import_module("defusedxml")
    except ImportError as error:
        missing = " (defusedxml is missing)" if error.name == "defusedxml" else ""
        raise WaitingListError(_NEEDS_EXTRA.format(doing) + missing) from None
    return openpyxl


# -- reading -----------------------------------------------------------------------------------


class SheetRows(RowSource):
    """The rows of one sheet of a workbook, read by :func:`open_xlsx`.

    Use it as a context manager, or call :meth:`close` (reading :attr:`rows` to the end closes
    the workbook too).

    Attributes:
        header: the first row with any text but blanks, as text, without trailing empty cells.
        rows: ``(row number in the sheet, cells as text)`` for each row after the header.
            An iterator: it can be read once.
        sheet: the sheet's name.
        notes: one-line notes about the sheet read (a hidden sheet passed over before it).
    """

    def __init__(
        self,
        header: tuple[str, ...],
        rows: Iterator[tuple[int, list[str]]],
        sheet: str,
        close: Callable[[], None],
        notes: tuple[str, ...] = (),
        form: list[str | None] | None = None,
    ) -> None:
        super().__init__(header, rows, close)
        self.sheet = sheet
        self.notes = notes
        self._form: list[str | None] = form if form is not None else [None]

    def read_dates_as(self, form: str) -> None:
        """Write the date cells by their date in *form* (see :func:`cell_text`).

        For a profile that reads ``YYYY-MM-DD`` as another day (``%Y-%d-%m``); called before
        the rows are read.
        """
        self._form[0] = form

    def __enter__(self) -> SheetRows:
        return self


def open_xlsx(
    source: str | Path | BinaryIO, name: str, sheet: str | None = None, *, percents: bool = False
) -> SheetRows:
    """Open a sheet of an Excel workbook and read its header; the rows stream from it.

    Args:
        source: a path (any extension), or an open binary stream (e.g. ``sys.stdin.buffer``;
            a stream that cannot seek is copied to a temporary file first). A stream stays the
            caller's to close.
        name: the file's name for messages.
        sheet: the sheet's name (an exact match first, then one in any case and either Unicode
            form); by default the first worksheet.
        percents: read a number formatted as a percent as Excel shows it (``0.875`` formatted
            ``0.0%`` is ``87.5 %``: see :func:`percent_shown`), as a table of published shares
            needs; else as the number it holds (reading each cell's format costs time).

    Returns:
        The header, the rows and the sheet's name (see :class:`SheetRows`).

    Raises:
        WaitingListError: openpyxl is not installed; the file cannot be opened, is not an .xlsx
            workbook, or has a part too large to read; no sheet of that name (the message lists
            the sheets); the sheet is empty. One line.
    """
    openpyxl = _openpyxl("reading")
    handle, owned = _open(source, name)
    workbook: Any = None

    def close() -> None:
        if workbook is not None:
            workbook.close()
        if owned:
            handle.close()

    try:
        disorder = _check_parts(handle, name)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # unsupported extensions and such
                workbook = _load(openpyxl, handle)
        except Exception as error:  # a damaged workbook fails in many ways
            raise WaitingListError(
                f"{name}: not a readable Excel workbook ({_reason(error)})"
            ) from None
        worksheet = _worksheet(workbook, name, sheet)
        path = str(getattr(worksheet, "_worksheet_path", "")).lstrip("/")
        if path in disorder:
            raise WaitingListError(f"{name}: sheet {worksheet.title!r}: {disorder[path]}")
        worksheet.reset_dimensions()  # read what is there, not what the file claims
        values = _values(worksheet, name, percents=percents)
        header = _header(values, name, worksheet.title)
    except BaseException:
        close()
        raise
    notes: tuple[str, ...] = ()
    if sheet is None:
        hidden = [ws.title for ws in workbook.worksheets[: workbook.worksheets.index(worksheet)]]
        if hidden:
            shown = ", ".join(repr(title) for title in hidden)
            notes = (
                f"{name}: the sheet {worksheet.title!r} was read, the first one shown in Excel; "
                f"the hidden sheet{'s' if len(hidden) > 1 else ''} {shown} before it "
                f"{'were' if len(hidden) > 1 else 'was'} not (give --sheet to read another)",
            )
    form: list[str | None] = [None]  # (set by SheetRows.read_dates_as before the rows are read)
    rows = _rows(values, len(header), close, form)
    return SheetRows(header, rows, worksheet.title, close, notes, form)


def _load(openpyxl: ModuleType, handle: IO[bytes]) -> Any:
    """The workbook, read-only with the cells' saved values, its shared strings as written.

    openpyxl's reader of the shared strings removes every ``x005F_`` from them
    (``openpyxl.reader.strings.read_string_table``), the ``_x005F_`` escape and text alike: an
    id typed ``H-x005F_1`` read as ``H-1``, and a typed ``_x000D_`` (stored ``_x005F_x000D_``)
    as a carriage return. Here they are read as the sheet's other text is, whole, and
    :func:`cell_text` reads the ``_xHHHH_`` forms once. (openpyxl's ``load_workbook`` is its
    ``ExcelReader`` with ``read()``; without that class, as it is.)
    """
    try:
        from openpyxl.cell.text import Text
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
        from openpyxl.xml.functions import iterparse
    except ImportError:  # pragma: no cover - another openpyxl
        return openpyxl.load_workbook(handle, read_only=True, data_only=True)

    item = f"{{{SHEET_MAIN_NS}}}si"

    class Reader(ExcelReader):
        def read_strings(self) -> None:
            part = cast("Any", self.package).find(SHARED_STRINGS)
            if part is None:
                self.shared_strings = _SharedStrings()
                return
            strings = _SharedStrings()
            with self.archive.open(part.PartName[1:]) as source:
                for _event, node in iterparse(source):  # (defusedxml's, as openpyxl's own)
                    if node.tag == item:
                        text = Text.from_tree(node)
                        strings.append("" if text is None else text.content)
                        node.clear()
            self.shared_strings = strings

        def read_worksheets(self) -> None:
            # openpyxl passes over a sheet whose part is not in the file without a word: the
            # first sheet shown in Excel missing, a hidden one was read in its place.
            names = {name.casefold(): name for name in self.valid_files}
            for sheet, rel in self.parser.find_sheets():
                if rel.target not in self.valid_files:
                    other = names.get(rel.target.casefold())
                    raise _MissingPart(  # (not a ValueError: openpyxl rewords those)
                        f"sheet {sheet.name!r} is declared, but its part {rel.target} is not in "
                        "the file"
                        + (f" (the file has {other}: the name in another case)" if other else "")
                        + "; open and save it in Excel"
                    )
            super().read_worksheets()

    reader = Reader(handle, read_only=True, data_only=True)
    reader.read()
    return reader.wb


def _excel_length(text: str) -> int:
    """*text*'s length as Excel counts it (``LEN``): in UTF-16 units, an emoji two.

    >>> _excel_length("Öga"), _excel_length("😀")
    (3, 2)
    """
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class _MissingPart(Exception):
    """A sheet the workbook declares has no part in the file (its message says which)."""


class _SharedStrings(list[str]):
    """The shared strings, as a cell (``t="s"``) refers to them by their number from 0.

    A number the workbook has no string for is refused, negative ones too (a list would read
    ``-1`` as its last string: another cell's text, a date that is not the cell's).
    """

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, int) and not 0 <= index < len(self):
            has = f"{len(self)} (0 to {len(self) - 1})" if self else "none"
            raise IndexError(f"a cell refers to shared string {index}, and the workbook has {has}")
        return super().__getitem__(index)


def cell_text(value: object, form: str | None = None) -> str:
    """The text of a cell value as openpyxl reads it (see the module's docstring).

    A date cell is written ``YYYY-MM-DD`` (``YYYY-MM-DDThh:mm:ss`` with a time), or by its date
    in *form*: the form a profile reads as the day written, when it reads ``YYYY-MM-DD`` as
    another day (:func:`~vardgaranti._profiles.typed_format`).

    >>> from datetime import datetime
    >>> [cell_text(v) for v in (None, "x", True, 12.0, 0.1, datetime(2025, 3, 1, 8, 30))]
    ['', 'x', 'true', '12', '0.1', '2025-03-01T08:30:00']
    >>> cell_text(datetime(2025, 3, 4, 8, 30), "%Y-%d-%m")
    '2025-04-03'
    """
    if value is None:
        return ""
    if isinstance(value, str):
        if "_x" in value:  # a character Excel writes as _xHHHH_ (ST_Xstring)
            return _XSTRING.sub(lambda found: chr(int(found[1], 16)), value)
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        moment = _to_second(value)
        if form is not None:
            return moment.date().strftime(form)
        if moment.time() == time(0, 0):
            return moment.date().isoformat()
        return moment.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat() if form is None else value.strftime(form)
    if isinstance(value, time):
        return _to_second(datetime.combine(date(2000, 1, 1), value)).time().isoformat("seconds")
    if isinstance(value, timedelta):
        seconds = round(value.total_seconds())
        sign = "-" if seconds < 0 else ""
        hours, rest = divmod(abs(seconds), 3600)
        return f"{sign}{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
    return str(value)


def _to_second(moment: datetime) -> datetime:
    """*moment* rounded to the nearest second within its day (Excel stores fractions of a day).

    Never across midnight: the date of a moment is its own, as the date reader reads a date with
    a time by its date part (``2025-03-03T23:59:59.7`` is 3 March).

    >>> _to_second(datetime(2025, 3, 3, 23, 59, 59, 700_000)).isoformat()
    '2025-03-03T23:59:59'
    >>> _to_second(datetime(2025, 3, 3, 8, 29, 59, 600_000)).isoformat()
    '2025-03-03T08:30:00'
    """
    if moment.microsecond >= 500_000 and moment.time() < time(23, 59, 59):
        moment += timedelta(seconds=1)  # (never past 9999-12-31 either)
    return moment.replace(microsecond=0)


def _open(source: str | Path | BinaryIO, name: str) -> tuple[IO[bytes], bool]:
    if isinstance(source, (str, Path)):
        try:
            return open(source, "rb"), True  # closed with the SheetRows
        except OSError as error:
            raise WaitingListError(f"{name}: cannot open ({error.strerror})") from error
    try:
        seekable = source.seekable()
    except (OSError, ValueError):
        seekable = False
    if seekable:
        return source, False
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the SheetRows
    shutil.copyfileobj(source, spool, 1 << 20)
    spool.seek(0)
    return spool, True


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    if isinstance(error, zipfile.BadZipFile):
        text += "; an .xls, .csv or encrypted file is not an .xlsx workbook"
    return text


def _opendocument(archive: zipfile.ZipFile) -> bool:
    """Whether *archive* is an OpenDocument spreadsheet (LibreOffice's ``.ods``), by its type."""
    try:
        with archive.open("mimetype") as part:
            return part.read(64).strip() == b"application/vnd.oasis.opendocument.spreadsheet"
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, RuntimeError):
        return False


def _check_parts(handle: IO[bytes], name: str) -> dict[str, str]:
    """Refuse a workbook openpyxl could not hold, before it reads it (see :func:`_scan`).

    A part other than a worksheet larger than :data:`MAX_PART_BYTES` (the shared strings:
    :data:`MAX_SHARED_STRINGS_BYTES`) uncompressed, or a worksheet or the shared strings with a
    stretch of text longer than :data:`MAX_TEXT_BYTES`, is refused.

    Returns:
        For each worksheet part whose rows are out of order, what is wrong (said if that sheet
        is the one read).
    """
    start = handle.tell()
    disorder: dict[str, str] = {}
    try:
        with zipfile.ZipFile(handle) as archive:
            if _opendocument(archive):
                raise WaitingListError(
                    f"{name}: an OpenDocument spreadsheet (.ods), which this reader does not "
                    "read: save it as an Excel workbook (.xlsx) or as CSV"
                )
            sheets, shared = _declared_parts(archive, name)
            _not_strict(archive, name)
            for part in archive.infolist():
                known = part.filename.lower()  # (part names are compared without case)
                sheet = known in sheets or bool(_WORKSHEET_PART.fullmatch(part.filename))
                strings = known in shared or bool(_SHARED_STRINGS_PART.fullmatch(part.filename))
                limit = MAX_SHARED_STRINGS_BYTES if strings else MAX_PART_BYTES
                if not sheet and part.file_size > limit:
                    raise WaitingListError(
                        f"{name}: the workbook's part {part.filename!r} is {part.file_size} "
                        f"bytes uncompressed, more than the {limit} this reader accepts"
                    )
                if (
                    sheet
                    and part.file_size > MAX_PART_BYTES
                    and part.file_size > MAX_SHEET_RATIO * max(part.compress_size, 1)
                ):
                    raise WaitingListError(
                        f"{name}: the worksheet {part.filename!r} is {part.file_size} bytes "
                        f"uncompressed, more than {MAX_SHEET_RATIO} times its "
                        f"{part.compress_size} compressed (an export's sheet is 10 to 20 times): "
                        "not a workbook this reader accepts"
                    )
                if sheet or strings:
                    problem = _scan(archive, part.filename, name, rows=sheet)
                    if problem is not None:
                        disorder[part.filename] = problem
    except WaitingListError:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError) as error:
        raise WaitingListError(
            f"{name}: not a readable Excel workbook ({_reason(error)})"
        ) from None
    finally:
        handle.seek(start)
    return disorder


#: The namespace of a workbook saved as "Strict Open XML Spreadsheet", which openpyxl does not
#: read (it finds no worksheet in it).
_STRICT: Final = b"http://purl.oclc.org/ooxml/spreadsheetml/main"


def _not_strict(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a workbook in the strict form of Open XML, saying how to save it."""
    try:
        with archive.open("xl/workbook.xml") as stream:
            start = stream.read(4096)
    except KeyError:
        return
    if _STRICT in start:
        raise WaitingListError(
            f"{name}: a workbook saved as 'Strict Open XML Spreadsheet', which this reader does "
            "not read; save it in Excel as 'Excel Workbook (*.xlsx)'"
        )


def _declared_parts(archive: zipfile.ZipFile, name: str) -> tuple[set[str], set[str]]:
    """The worksheets and shared strings ``[Content_Types].xml`` declares, wherever stored."""
    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError:
        return set(), set()  # (openpyxl then refuses the file)
    if info.file_size > MAX_PART_BYTES:
        raise WaitingListError(
            f"{name}: the workbook's part '[Content_Types].xml' is {info.file_size} bytes "
            f"uncompressed, more than the {MAX_PART_BYTES} this reader accepts"
        )
    sheets: set[str] = set()
    shared: set[str] = set()
    with contextlib.suppress(KeyError):
        links = archive.getinfo("xl/_rels/workbook.xml.rels")
        if links.file_size > MAX_PART_BYTES:
            raise WaitingListError(
                f"{name}: the workbook's part 'xl/_rels/workbook.xml.rels' is {links.file_size} "
                f"bytes uncompressed, more than the {MAX_PART_BYTES} this reader accepts"
            )
        for found in _RELATIONSHIP.finditer(archive.read(links)):
            kind = _TYPE.search(found.group(1))
            target = _TARGET.search(found.group(1))
            if kind is None or target is None:
                continue
            wanted = {b"worksheet": sheets, b"sharedStrings": shared}.get(
                kind.group(1).rstrip().rpartition(b"/")[2]
            )
            if wanted is not None:
                wanted.add(_part_of(target.group(1).decode("utf-8", "replace")))
    for found in _OVERRIDE.finditer(archive.read(info)):
        part = _PART_NAME.search(found.group(1))
        kind = _CONTENT_TYPE.search(found.group(1))
        if part is None or kind is None:
            continue
        wanted = {_WORKSHEET_TYPE: sheets, _STRINGS_TYPE: shared}.get(kind.group(1).strip())
        if wanted is not None:
            wanted.add(part.group(1).decode("utf-8", "replace").lower())
    return sheets, shared


def _part_of(target: str) -> str:
    """The part a relationship of ``xl/workbook.xml`` names (relative to ``xl/``), lower case."""
    path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    return path.lower()


def _scan(archive: zipfile.ZipFile, part: str, name: str, rows: bool) -> str | None:
    """Look at a part openpyxl would misread: rows or cells out of order, or text no cell holds.

    openpyxl's streaming reader skips, without a word, a row whose number is not after the
    row before it (rows must ascend: ECMA-376 Part 1, 18.3.1.73), drops the cells of a row
    after the last one written when a cell comes before one of a column to its left, keeps the
    second of two cells of one column (cells ascend too: 18.3.1.4), and holds any stretch of
    text whole (a worksheet of a few kilobytes can unzip to a gigabyte of blanks, or one cell of
    300 MB), even when it only looks for a sheet's size. The part is read once, in chunks,
    before openpyxl reads it.

    Returns:
        With *rows*, what is wrong with the order of the rows (said when the sheet is read);
        else ``None``.

    Raises:
        WaitingListError: a stretch of text longer than :data:`MAX_TEXT_BYTES`; a row of more
            than :data:`MAX_ROW_ELEMENTS` elements.
    """
    where = "the shared strings" if not rows else f"the worksheet {part!r}"
    last = 0
    columns = [b"   "]  # the last cell's column in the row (padded: see _cells_in_order)
    seen: dict[Any, bytes] = {}
    carry = b""
    elements = 0  # the tags of the row so far (see MAX_ROW_ELEMENTS)
    ended = False  # past the end of the sheet's data (its rows)
    found: str | None = None  # the first problem of order
    pending: list[bytes] = []  # a date cell the chunk cut: its bytes, for the next chunk
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(_SCAN_CHUNK)
            data = carry + chunk
            if _LONG_TEXT.search(data):
                raise WaitingListError(
                    f"{name}: {where} holds a text of more than {MAX_TEXT_BYTES} bytes "
                    f"(Excel's cells hold at most {EXCEL_MAX_TEXT} characters): not a workbook "
                    "this reader accepts"
                )
            # (a tag never holds '<': every tag that begins before the last one is whole)
            cut = max(data.rfind(b"<"), 0) if chunk else len(data)
            if rows:
                start = 0
                if not ended:
                    end = _SHEET_DATA_END.search(data, 0, cut)
                    ended = end is not None
                    data_end = cut if end is None else end.start()
                # (after the first problem of order, the part is still read to its end: a row
                # of too many elements is refused whichever sheet is read)
                for tag in _ROW_TAG.finditer(data, 0, cut):
                    # the cells before this row's tag are the row before's
                    elements += data.count(b"<", start, min(tag.start(), data_end))
                    _elements(elements, last, name, where)
                    if found is None:
                        found = _cells_in_order(data, start, tag.start(), last, columns, seen)
                    elements = 0
                    columns = [b"   "]
                    start = tag.end()
                    written = _ROW_NUMBER.search(tag.group(1))
                    number = last + 1 if written is None else _row_number(written.group(1))
                    if found is None and not 0 < number <= EXCEL_MAX_ROWS:
                        shown = written.group(1).decode("latin-1") if written else str(number)
                        found = (
                            f"the row number {shown!r} after row {last} is not one of Excel's "
                            f"rows (1 to {EXCEL_MAX_ROWS}); open the workbook in Excel and save it "
                            "again"
                        )
                    elif found is None and number <= last:
                        found = (
                            f"row {number} comes after row {last} in the file (rows out of "
                            "order or repeated, which Excel does not write); open the workbook "
                            "in Excel and save it again"
                        )
                    last = number
                if found is None:
                    found = _cells_in_order(data, start, cut, last, columns, seen)
                if start < data_end:
                    elements += data.count(b"<", start, data_end)
                    _elements(elements, last, name, where)
                if ended:
                    data_end = 0  # (the next chunks hold no rows)
                if found is None and (pending or b"d'" in data or b'd"' in data):
                    found = _partial_date(data, last, pending, cut)
            if not chunk:
                return found
            carry = data[cut:]


def _elements(count: int, row: int, name: str, where: str) -> None:
    """Refuse row *row* of *count* tags, more than :data:`MAX_ROW_ELEMENTS`, in any sheet.

    (Refused whichever sheet is read: opening the workbook, openpyxl reads into every sheet.)
    """
    if count > MAX_ROW_ELEMENTS:
        raise WaitingListError(
            f"{name}: {where}: row {row} holds more than {MAX_ROW_ELEMENTS} XML elements "
            f"(Excel's rows hold at most {EXCEL_MAX_COLUMNS} cells): not a workbook this reader "
            "accepts"
        )


def _partial_date(data: bytes, row: int, pending: list[bytes], cut: int) -> str | None:
    """What is wrong when a date cell (``t="d"``) in *data* is not read whole, else ``None``.

    openpyxl reads a part of such a value (``2025-03-031`` as 3 March) and fails on one that
    is no date (a month 13), naming no cell.

    A date cell the chunk cut (its ``</c>`` not in *data*) is looked at with the next chunk:
    its bytes up to *cut* (the chunk's last ``<``, where the next chunk's data begins) are kept
    in *pending* and put before that data.
    """
    if pending:
        prefix = pending.pop()
        data = prefix + data
        cut += len(prefix)
    for tag in _DATE_CELL_TAG.finditer(data):
        if tag.group(0).endswith(b"/>"):
            continue  # (no value)
        if _CELL_END.search(data, tag.end()) is None:  # the cell runs past the chunk
            if tag.start() < cut and cut - tag.start() <= _MAX_PENDING:
                pending[:] = [data[tag.start() : cut]]
            break  # (a later tag is in the rest too)
        value = _DATE_CELL_VALUE.match(data, tag.end())
        text = None if value is None else value.group(1)
        if not text:  # another element, the cell's end, or an empty value: nothing read
            continue
        if b"&#" in text:  # (a character reference may write any character of a date)
            text = _DATE_REFERENCE.sub(_referenced, text)
        problem = _date_value_problem(text)
        if problem is not None:
            reference = _REFERENCE.search(tag.group(0)[2:])
            cell = f"cell {reference.group(1).decode('latin-1')}" if reference else None
            shown = text.decode("latin-1")[:40]
            if _ZONED_TEXT.fullmatch(text):
                return (
                    f"{cell or f'a cell of row {row}'} holds a date with a time zone "
                    f"({shown!r}), whose day in Sweden the reader cannot tell (it would read the "
                    "time as Swedish); write the date without the zone, as Excel does, or as text"
                )
            return (
                f"{cell or f'a cell of row {row}'} holds a date cell whose value {shown!r} "
                f"{problem}; write the date as Excel does (YYYY-MM-DD, a time after T), or as "
                "text"
            )
    return None


def _date_value_problem(text: bytes) -> str | None:
    """Why a date cell's value is not read whole as a date, or ``None``."""
    if _WHOLE_DATE_VALUE.fullmatch(text) is None:
        return "is not a date the reader reads whole (it would read a part of it as the date)"
    if text[4:5] == b"-":
        try:
            date.fromisoformat(text[:10].decode("ascii"))
        except ValueError as error:
            return f"is no date ({error})"
    return None


def _cells_in_order(
    data: bytes, start: int, end: int, row: int, columns: list[bytes], seen: dict[Any, bytes]
) -> str | None:
    """What is wrong when the cells in ``data[start:end]`` do not ascend, else ``None``.

    *columns* holds the column of the row's last cell so far, its letters padded to three
    (``"  A" < "  Z" < " AA"``), and is updated. A cell without a reference is in the column
    after the cell before it, as openpyxl places it (a cell of that column after it would take
    its place). *seen* remembers the rows' columns found in order (rows mostly repeat them),
    with the last.
    """
    found = _CELL_COLUMN.findall(data, start, end)
    if not found:
        return None
    key = (columns[-1], *found)
    last = seen.get(key)
    if last is not None:
        columns[-1] = last
        return None
    numbers = [_column_number(columns[-1])]
    for letters in found:
        numbers.append(numbers[-1] + 1 if not letters else _column_number(letters))
    if all(before < cell for before, cell in itertools.pairwise(numbers)):
        if len(seen) >= _SEEN_ROWS:
            seen.clear()
        columns[-1] = seen[key] = _column_letters(numbers[-1]).rjust(3)
        return None
    for (before, cell), letters in zip(itertools.pairwise(numbers), found, strict=True):
        if cell <= before:
            which = (
                f"cell {_column_letters(cell).decode()}{row}"
                if letters
                else f"a cell without a reference (column {_column_letters(cell).decode()} by "
                "its place)"
            )
            return (
                f"in row {row}, {which} comes after a cell of column "
                f"{_column_letters(before).decode()} (cells out of order or repeated, which Excel "
                "does not write; a cell would be lost); open the workbook in Excel and save it "
                "again"
            )
    return None  # (not reached: a list that is not strictly ascending has such a pair)


def _column_number(letters: bytes) -> int:
    """A column's number from its letters (``A`` is 1, ``AA`` 27; blank, before any, is 0)."""
    number = 0
    for letter in letters.strip().upper():
        number = number * 26 + letter - 64
    return number


def _column_letters(number: int) -> bytes:
    """A column's letters from its number (``1`` is ``A``, ``27`` is ``AA``)."""
    letters = b""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = bytes((65 + rest,)) + letters
    return letters


def _row_number(text: bytes) -> int:
    """A row's ``r`` attribute as openpyxl reads it (``4`` or ``4.0``); 0 when it is neither."""
    try:
        number = float(text)
    except ValueError:
        return 0
    return int(number) if number.is_integer() else 0


def _sheet_key(title: str) -> str:
    """A sheet's name as ``--sheet`` finds it when not exact: in any case, in NFC."""
    return unicodedata.normalize("NFC", title).casefold()


def _worksheet(workbook: Any, name: str, sheet: str | None) -> Any:
    names: list[str] = list(workbook.sheetnames)
    worksheets = {ws.title: ws for ws in workbook.worksheets}
    if sheet is None:  # the first sheet shown in Excel (a hidden one only if all are)
        if not worksheets:
            raise WaitingListError(f"{name}: the workbook has no worksheet")
        shown = (ws for ws in worksheets.values() if getattr(ws, "sheet_state", "") == "visible")
        return next(shown, next(iter(worksheets.values())))
    title = sheet if sheet in names else None
    if title is None:  # in any case and either Unicode form (ö whole, or o and a diaeresis)
        wanted = _sheet_key(sheet)
        matches = [candidate for candidate in names if _sheet_key(candidate) == wanted]
        title = matches[0] if len(matches) == 1 else None
    if title is None:
        listed = ", ".join(repr(candidate) for candidate in names)
        raise WaitingListError(f"{name}: no sheet named {sheet!r}; the sheets are: {listed}")
    if title not in worksheets:
        raise WaitingListError(f"{name}: sheet {title!r} is a chart, not a table")
    return worksheets[title]


def _values(
    worksheet: Any, name: str, *, percents: bool = False
) -> Iterator[tuple[int, tuple[object, ...]]]:
    """``(row number, values)`` of every row openpyxl reads; its failures as one line.

    With *percents*, a number formatted as a percent is its text as shown (:func:`percent_shown`).
    """
    number = 0
    rows = (
        (tuple(_shown_value(cell) for cell in row) for row in worksheet.iter_rows())
        if percents
        else worksheet.iter_rows(values_only=True)
    )
    try:
        while True:
            # openpyxl warns of a cell it cannot read as a date (a serial past 9999-12-31),
            # naming its own file, and reads the cell as #VALUE!: the cell is its number, as a
            # number in a date column is, which the row's error names
            with warnings.catch_warnings(record=True) as said:
                warnings.simplefilter("always", UserWarning)
                row = next(rows, None)
            if row is None:
                return
            if said:
                row = _serials(row, said)
            number += 1
            yield number, row
    except Exception as error:  # a damaged sheet fails in many ways
        raise WaitingListError(
            f"{name}: sheet {worksheet.title!r}: cannot read row {number + 1} ({_reason(error)})"
        ) from None


#: openpyxl's warning of a date cell whose serial is no date: the cell and the serial.
_SERIAL_WARNING: Final = re.compile(
    r"Cell ([A-Z]+)[0-9]+ is marked as a date but the serial value (\S+) is outside"
)


def _serials(row: tuple[object, ...], said: list[warnings.WarningMessage]) -> tuple[object, ...]:
    """*row* with each date cell openpyxl read as ``#VALUE!`` as its serial (a number cell).

    openpyxl reads so a date cell whose serial is no date of the years 1-9999.
    """
    values = list(row)
    for warning in said:
        found = _SERIAL_WARNING.match(str(warning.message))
        if found is None:
            continue
        index = _column_number(found.group(1).encode()) - 1
        if 0 <= index < len(values) and values[index] == "#VALUE!":
            values[index] = found.group(2)
    return tuple(values)


def _shown_value(cell: Any) -> object:
    """A cell's value, or its text as shown where its format makes it a percent."""
    value = getattr(cell, "value", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        form = getattr(cell, "number_format", None)
        if isinstance(form, str) and "%" in form:
            shown = percent_shown(value, form)
            if shown is not None:
                return shown
    return value


#: What a number format holds besides its digits: quoted text, escaped characters, brackets
#: (a colour, a condition, a locale) and the padding and spacing directives.
_FORMAT_TEXT: Final = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|[_*].')


def percent_shown(value: float, form: str) -> str | None:
    """*value* as Excel shows it in the number format *form*, when that is a percent.

    Excel multiplies a number by 100 for each ``%`` of its format (outside quoted text) and
    shows it with as many decimals as the format has digit places after its point, rounded
    half away from zero; the section of the format for negative numbers, if any, is not
    read (a share is not negative). ``None`` when *form* is not a percent format.

    >>> percent_shown(0.875, "0.0%"), percent_shown(0.8125, "0%"), percent_shown(1, "0.00 %")
    ('87.5 %', '81 %', '100.00 %')
    >>> percent_shown(0.25, '0.0"%"') is None  # a quoted percent sign is only text
    True
    >>> percent_shown(1e30, "0.00%") is None  # too many digits: the number as it is
    True

    Args:
        value: the number the cell holds.
        form: the cell's number format.

    Returns:
        The percent as text (``87.5 %``), or ``None``.
    """
    section = _FORMAT_TEXT.sub("", form.split(";", 1)[0])
    signs = section.count("%")
    if not signs or not math.isfinite(value):
        return None
    number = section.replace("%", "").strip()
    point = number.find(".")
    places = 0 if point < 0 else sum(1 for char in number[point + 1 :] if char in "0#?")
    try:
        shown = (Decimal(repr(value)) * (Decimal(100) ** signs)).quantize(
            Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
        )
    except InvalidOperation:  # (more digits than a decimal holds: no share; kept as it is)
        return None
    return f"{shown} %"


def _header(
    values: Iterator[tuple[int, tuple[object, ...]]], name: str, title: str
) -> tuple[str, ...]:
    for _, row in values:
        cells = [cell_text(value) for value in row]
        if any(cell.strip() for cell in cells):  # (a row of blanks only, as a CSV's: passed over)
            while not cells[-1]:
                cells.pop()
            return tuple(cells)
    raise WaitingListError(f"{name}: sheet {title!r} is empty (no header row)")


def _rows(
    values: Iterator[tuple[int, tuple[object, ...]]],
    width: int,
    close: Callable[[], None],
    form: list[str | None],
) -> Iterator[tuple[int, list[str]]]:
    empty = 0  # empty rows seen since the last record: records only if one follows
    try:
        for number, row in values:
            if len(row) > width and row.count(None) - row[:width].count(None) == len(row) - width:
                row = row[:width]  # (openpyxl pads a row to the sheet's last column: in C)
            day_form = form[0]
            cells = (
                [cell_text(value) for value in row]
                if day_form is None
                else [cell_text(value, day_form) for value in row]
            )
            # (a cell of blanks is a value, as a CSV line of blanks is a record: only a row
            # with no value at all, as Excel leaves formatted ones at the end, is none)
            if not any(cells):
                empty += 1
                continue
            for skipped in range(number - empty, number):
                yield skipped, [""] * width
            empty = 0
            yield number, _fitted(cells, width)
    finally:
        close()


def _fitted(cells: list[str], width: int) -> list[str]:
    """*cells* padded to *width* with empty cells, or without the empty ones past it."""
    if len(cells) < width:
        cells.extend([""] * (width - len(cells)))
    else:
        while len(cells) > width and not cells[-1]:
            cells.pop()
    return cells


# -- writing -----------------------------------------------------------------------------------


def write_xlsx(
    target: BinaryIO,
    sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[object]]]],
) -> None:
    r"""Write tables as the sheets of an Excel workbook, streaming.

    Each ``(title, header, rows)`` becomes a sheet: the header as text in row 1, then one row
    per item of *rows* (read once, lazily). Values:

    * ``str``: always a text cell, even ``"=SUM(A1)"``, ``"+46..."`` or ``"#N/A"``: never a
      formula or an error. Characters XML cannot hold (control characters other than tab and
      line breaks) are written as Excel writes them, ``_x0001_``; a carriage return becomes a
      line break (XML keeps no ``\r``).
    * ``int``: a number; beyond 15 digits (Excel would round it) as text.
    * ``float``: a number; ``nan`` and infinities as text.
    * ``decimal.Decimal``: a number shown with its own decimals (an amount ``Decimal("62.50")``
      shows as ``62.50``, or ``62,50`` in a Swedish Excel); one of more than 15 digits (Excel
      would round it), or that is no finite number, as text.
    * ``bool``: TRUE/FALSE.
    * ``datetime.date``: an Excel date (format ``yyyy-mm-dd``); ``datetime.datetime`` (naive)
      a date and time (``yyyy-mm-dd h:mm:ss``); ``datetime.time`` a time; before 1900 (which
      Excel cannot show), or with a time zone, as ISO text.
    * ``None``: an empty cell. Anything else: its ``str()`` as text.

    Titles are made valid for Excel (see :func:`sheet_title`). No sheets at all gives one empty
    sheet named ``Sheet1`` (a workbook needs one).

    Args:
        target: where the workbook goes (a binary stream; it need not seek). Nothing is written
            to it if an error stops the writing.
        sheets: the tables.

    Raises:
        WaitingListError: openpyxl is not installed; a sheet with more rows or columns than
            Excel allows; a text longer than Excel's 32,767 characters (naming the cell).
    """
    with Workbook(target) as book:
        for title, header, rows in sheets:
            sheet = book.sheet(title, header)
            for row in rows:
                sheet.append(row)


class Workbook:
    """A workbook written row by row as the rows come (push), then saved into *target*.

    :func:`write_xlsx` is built on it; use it when the rows are produced by a loop that cannot
    be turned into an iterable. As a context manager it saves on a clean exit and discards the
    temporary files on an error (nothing is written to *target* then). *title* is the
    workbook's title in its document properties (Excel shows it under File, Info), and *day*
    their date (the as-of day; without one 1980-01-01): the same rows give the same bytes.

    Args:
        target: where the workbook goes (a binary stream).
        title: the workbook's title (its document properties).
        day: the date of its document properties (the as-of day); ``None``: 1980-01-01.

    Raises:
        WaitingListError: openpyxl is not installed, or a sheet breaks one of Excel's limits.
    """

    def __init__(self, target: BinaryIO, title: str = "", *, day: date | None = None) -> None:
        openpyxl = _openpyxl("writing")
        self.target = target
        # (the document's date, which Excel shows under File, Info: the day its figures are
        # for, never the clock's, so that the same rows give the same bytes)
        self.day = day if day is not None else date(*_ZIP_EPOCH[:3])
        self.name = str(getattr(target, "name", "the workbook"))
        self.workbook = openpyxl.Workbook(write_only=True)
        # What made it and, in the title, the day its figures are for: a worklist's days left
        # are as of that day, which no cell says.
        self.workbook.properties.creator = "vardgaranti"
        if title:
            self.workbook.properties.title = title
        self.used: set[str] = set()

    def sheet(self, title: str, header: Sequence[str]) -> Sheet:
        """A new sheet with *header* in its first row; append the rows to it."""
        cells = _Cells(self.workbook.create_sheet(sheet_title(title, self.used)))
        if len(header) > EXCEL_MAX_COLUMNS:
            raise WaitingListError(
                f"sheet {cells.title!r}: {len(header)} columns, more than Excel's "
                f"{EXCEL_MAX_COLUMNS}{_CSV_INSTEAD}"
            )
        with _temporary_write(self.name):
            cells.append([str(name) for name in header], 1)
        return Sheet(cells, self.name)

    def save(self) -> None:
        """Write the workbook into the target: the same rows give the same bytes.

        As openpyxl's ``save_workbook`` does, without the clock: the document properties are
        dated the workbook's *day* (openpyxl dates them now), and each part of the zip
        1980-01-01, the zip format's first day (zipfile dates them now, in the machine's time
        zone), as reproducible archives are.
        """
        from openpyxl.writer.excel import ExcelWriter

        if not self.used:
            self.workbook.create_sheet("Sheet1")
        properties = self.workbook.properties
        properties.created = properties.modified = datetime.combine(self.day, time())
        with _temporary_write(self.name):
            guarded = cast(IO[bytes], _Guarded(self.target))  # (a stream as zipfile uses one)
            archive = _UndatedZip(guarded, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
            ExcelWriter(self.workbook, archive).save()

    def discard(self) -> None:
        """Drop the workbook and its temporary files."""
        _discard(self.workbook)

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if kind is None:
            try:
                self.save()
            except BaseException:
                self.discard()
                raise
        else:
            self.discard()


class Sheet:
    """A sheet of a :class:`Workbook`: append rows to it."""

    def __init__(self, cells: _Cells, name: str = "the workbook") -> None:
        self.cells = cells
        self.number = 1
        self.name = name

    def append(self, row: Sequence[object]) -> None:
        """Write *row* as the next row (see :func:`write_xlsx` for how values are written)."""
        self.number += 1
        if self.number > EXCEL_MAX_ROWS:
            raise WaitingListError(
                f"sheet {self.cells.title!r}: more than Excel's {EXCEL_MAX_ROWS} rows{_CSV_INSTEAD}"
            )
        with _temporary_write(self.name):
            self.cells.append(row, self.number)


@contextlib.contextmanager
def _temporary_write(name: str) -> Iterator[None]:
    """A failed write of openpyxl's own temporary files as one line naming where they are.

    openpyxl builds each sheet of a write-only workbook in a temporary file of the system's
    temporary folder before the workbook is saved into the output.
    """
    try:
        yield
    except WaitingListError:
        raise
    except OSError as error:
        raise WaitingListError(
            f"{name}: cannot write ({error.strerror or error}; the sheets are built in the "
            f"temporary folder {tempfile.gettempdir()} first)"
        ) from error


#: The date of every part of a workbook written (the first a zip can hold): no clock's.
_ZIP_EPOCH: Final = (1980, 1, 1, 0, 0, 0)


class _UndatedZip(zipfile.ZipFile):
    """A zip whose parts are dated :data:`_ZIP_EPOCH`, readable by the owner (as zipfile's)."""

    def _undated(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16  # (as writestr() gives a part named by a str)
        return info

    def writestr(  # type: ignore[override]
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: bytes | str,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = self._undated(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(  # type: ignore[override]
        self,
        filename: str,
        arcname: str | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        # (openpyxl's write-only sheets, built in temporary files: copied in, undated)
        info = self._undated(arcname or filename)
        info.file_size = Path(filename).stat().st_size  # (a part past 2 GiB: zip64)
        with open(filename, "rb") as source, self.open(info, "w") as target:
            shutil.copyfileobj(source, target, 1 << 16)


class _Guarded:
    """The output as openpyxl's zip writer gets it, guarded against a second error.

    After a failed write, or once the output is closed, what the writer still does (its
    ``__del__``, when it is collected) writes nothing and fails nowhere, rather than make
    Python print "Exception ignored in ZipFile.__del__" and a traceback after the one-line
    error. The position it asks for stays consistent (the zip's end record packs it).
    """

    def __init__(self, target: BinaryIO) -> None:
        self.target = target
        self.failed = False
        self.position = 0

    def _live(self) -> bool:
        return not self.failed and not self.target.closed

    def write(self, data: bytes) -> int:
        if self._live():
            try:
                written = self.target.write(data)
            except BaseException:
                self.failed = True
                raise
        else:
            written = len(data)
        self.position += written
        return written

    def tell(self) -> int:
        if self._live():
            self.position = self.target.tell()
        return self.position

    def seek(self, offset: int, whence: int = 0) -> int:
        if self._live():
            self.position = self.target.seek(offset, whence)
        elif whence == 0:
            self.position = offset
        return self.position

    def seekable(self) -> bool:
        return self.target.seekable()

    def flush(self) -> None:
        if self._live():
            self.target.flush()


def _discard(workbook: Any) -> None:
    """Finish and delete the temporary files of a write-only workbook that was not saved."""
    for worksheet in workbook.worksheets:
        with contextlib.suppress(Exception):
            worksheet.close()
        writer = getattr(worksheet, "_writer", None)
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cleanup()


class _Cells:
    """Turns the values of a row into what a write-only worksheet is given."""

    def __init__(self, worksheet: Any) -> None:
        from openpyxl.cell import WriteOnlyCell

        self.worksheet = worksheet
        self.title: str = worksheet.title
        self.cell = WriteOnlyCell

    def append(self, values: Sequence[object], row: int) -> None:
        if len(values) > EXCEL_MAX_COLUMNS:
            raise WaitingListError(
                f"sheet {self.title!r}, row {row}: {len(values)} cells, more than Excel's "
                f"{EXCEL_MAX_COLUMNS} columns{_CSV_INSTEAD}"
            )
        text = self.text
        value = self.value
        self.worksheet.append(
            [
                text(cell, row, column) if isinstance(cell, str) else value(cell, row, column)
                for column, cell in enumerate(values, 1)
            ]
        )

    def text(self, value: str, row: int, column: int) -> object:
        # (Excel counts UTF-16 units: a character beyond U+FFFF, an emoji, is two)
        if len(value) > EXCEL_MAX_TEXT // 2 and _excel_length(value) > EXCEL_MAX_TEXT:
            from openpyxl.utils import get_column_letter

            raise WaitingListError(
                f"sheet {self.title!r}, cell {get_column_letter(column)}{row}: a text of "
                f"{_excel_length(value)} characters (as Excel counts them), more than Excel's "
                f"{EXCEL_MAX_TEXT}{_CSV_INSTEAD}"
            )
        if _XML_ILLEGAL.search(value):
            value = _XML_ILLEGAL.sub(lambda match: f"_x{ord(match[0]):04X}_", value)
        if value.startswith("=") or value in _ERROR_CODES:
            cell = self.cell(self.worksheet, value)
            cell.data_type = "s"  # a text, never a formula or an error value
            return cell
        return value

    def value(self, value: object, row: int, column: int) -> object:
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value if -_EXACT_INTEGER < value < _EXACT_INTEGER else str(value)
        if isinstance(value, float):
            return value if math.isfinite(value) else repr(value)
        if isinstance(value, Decimal):
            shape = value.as_tuple()
            places = shape.exponent
            # (no finite number, or more digits than Excel keeps: as text, as a long int is)
            if not isinstance(places, int) or len(shape.digits) > _EXCEL_DIGITS:
                return self.text(str(value), row, column)
            cell = self.cell(self.worksheet, float(value))
            cell.number_format = "0." + "0" * -places if places < 0 else "0"
            return cell
        if isinstance(value, datetime):
            return value if value.tzinfo is None and value.year >= 1900 else value.isoformat()
        if isinstance(value, date):
            return value if value.year >= 1900 else value.isoformat()
        if isinstance(value, time):
            return value if value.tzinfo is None else value.isoformat()
        return self.text(str(value), row, column)


def sheet_title(title: str, used: set[str]) -> str:
    r"""A valid, unique Excel sheet name for *title*; records it (case-folded) in *used*.

    Excel's rules: 1–31 characters, none of ``[ ] : * ? / \``, not starting or ending with
    ``'``, not ``History`` (reserved), unique ignoring case. Forbidden characters become ``_``,
    and so does a control or bidi character (a unit's U+202E would turn the sheet's tab around,
    as :func:`~vardgaranti._text.visible` keeps it from doing in text); a name taken gets
    `` (2)``, `` (3)``...

    >>> used = set()
    >>> [sheet_title(t, used) for t in ("Väntande 2025/03", "väntande 2025_03", "", "History")]
    ['Väntande 2025_03', 'väntande 2025_03 (2)', 'Sheet', 'History_']
    >>> sheet_title("2 SE2321000055-ÖGON1 treatment 51101", set())  # (no blank where it is cut)
    '2 SE2321000055-ÖGON1 treatment'
    >>> sheet_title("4 \u202eU visit", set())
    '4 _U visit'
    """
    clean = _TITLE_FORBIDDEN.sub("_", visible(title)).strip("'").strip() or "Sheet"
    if clean.casefold() == "history":
        clean += "_"
    clean = clean[:_TITLE_MAX].rstrip("' ")  # (cut short: no blank left at the end)
    candidate = clean
    count = 1
    while candidate.casefold() in used:
        count += 1
        suffix = f" ({count})"
        candidate = clean[: _TITLE_MAX - len(suffix)].rstrip("' ") + suffix
    used.add(candidate.casefold())
    return candidate
