r"""Records of a delimited text file, read so that no record is ever lost.

A CSV record is usually one line. A quoted cell may hold line breaks, so a record may span
lines; but a quote opened by mistake (a stray ``"`` at the start of a free-text cell) would then
swallow every line up to the next quote, or to the end of the file, into one cell, and the rows
on those lines would vanish without a word. So a quoted cell may span lines only while it looks
like one cell:

* it must close within :data:`MAX_QUOTED_LINES` lines, and
* none of the lines it swallows may look like a row of the file (as many delimiters as the header
  has columns less one, outside the quoted text itself).

Otherwise the record is cut at the end of the line where the quote opened, reported with an
error naming that line, and reading resumes at the next line, which is read as a record of its
own. A quote inside an unquoted cell (``he said "hi"``) is text, as in :mod:`csv`.

One case is told apart: a quote that closes within the bound, where the record it makes is valid
CSV (:mod:`csv`'s strict reading: every quote opens or closes a cell, or is doubled) but
swallows lines shaped like rows. That is how a free-text cell holding a copied row is written,
and also how two stray quotes may pair up; the reader cannot know which. So neither reading
wins: the record is cut at the end of its first line, as above, and every line the quote spans
is kept as a row of its own with an error (:class:`InsideQuote`), never evaluated. No line is
lost, and no line of a note becomes a patient.

Only ``\n``, ``\r\n`` and ``\r`` end a line (never ``\v``, ``\f``, U+0085 or U+2028, which
:meth:`str.splitlines` would also split on).

A cell that the package's CSV writers guarded against spreadsheet formulas (``'-``, ``'=x``:
see :func:`~vardgaranti.escape_formula`) is read without the guard (:func:`unescape_formula`),
so that an output read again (next week's list is last week's ``check`` output) says what the
input said: a provider ``-`` is still no provider, a unit ``+Hud`` still ``+Hud``. The writers
guard it again, so the cell is written as it came.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import TracebackType
from typing import Final, TypeVar

__all__ = [
    "DOS_END",
    "FORMULA_START",
    "MAX_QUOTED_LINES",
    "PADDED_ERROR",
    "PLAIN_NUMBER",
    "RECORD_ERROR",
    "InsideQuote",
    "Record",
    "RowSource",
    "body_of",
    "put_back",
    "quoted_record",
    "read_header",
    "read_records",
    "unclosed_quote",
    "unescape_formula",
]

_T = TypeVar("_T")

#: The first characters of a cell a spreadsheet would run as a formula.
FORMULA_START: Final = frozenset("=+-@\t\r")
#: A plain number, which a spreadsheet reads as a number, not a formula (``-12``, ``+3,5``).
PLAIN_NUMBER: Final = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


#: The errors ``check`` writes for a record it could not read as a row: a quote that broke the
#: record (:func:`quoted_record`), a line inside a quoted cell (:class:`InsideQuote`), and a row
#: with another number of cells than the header, cut or padded to it
#: (:func:`~vardgaranti._waiting_list.width_problem`). Its output read again, such a row keeps
#: its error and is not evaluated (its cells are no longer the record's).
RECORD_ERROR: Final = re.compile(
    r"line \d+: (?:a quoted cell opens on this line|not valid CSV|lies inside the quoted cell)"
    r"|the row has \d+ cells? but the header has \d+"
)
#: Of those, the error of a row with fewer cells than the header, padded to it with empty
#: cells: its number of cells and the header's.
PADDED_ERROR: Final = re.compile(r"the row has (\d+) cells? but the header has (\d+)$")


def unescape_formula(cell: str) -> str:
    """A cell without the ``'`` :func:`~vardgaranti.escape_formula` put before it.

    Only a guard that function adds is taken off: ``'`` before a cell a spreadsheet would run.
    Any other ``'`` is the cell's own.

    >>> unescape_formula("'-"), unescape_formula("'=SUM(1)"), unescape_formula("'-12")
    ('-', '=SUM(1)', "'-12")
    >>> unescape_formula("'Ortopedi"), unescape_formula("O'Brien"), unescape_formula("'")
    ("'Ortopedi", "O'Brien", "'")
    """
    if cell[:1] == "'" and cell[1:2] in FORMULA_START and not PLAIN_NUMBER.fullmatch(cell, 1):
        return cell[1:]
    return cell


def unescaped(cells: list[str]) -> list[str]:
    """*cells* with :func:`unescape_formula` applied to each (the same list when none is)."""
    if not any(cell[:1] == "'" for cell in cells):
        return cells
    return [unescape_formula(cell) for cell in cells]


def _unescaped_record(record: Record) -> Record:
    line, cells, body, error = record
    return line, unescaped(cells), body, error


#: The most lines one quoted cell may span before the record is reported as broken.
MAX_QUOTED_LINES: Final = 100

#: A record: the line it begins on, its cells, the line's text when the record is that one
#: line without any quote (so a writer may copy it as it came), and an error about the record
#: itself (``None`` when it was read cleanly).
Record = tuple[int, list[str], str | None, str | None]

#: The part of a continuation line that lies inside the quoted cell: up to its first lone quote.
_INSIDE_QUOTES: Final = re.compile(r'(?:[^"]|"")*').match


class InsideQuote(str):
    """The error of a line inside a quoted cell that is valid CSV but swallows rows.

    Such a line is kept as a row of its own, with this error, and is not evaluated (see the
    module's docstring). A reader that hands lines back to another reader (``check``'s
    columnar engine) reads on past its own bounds while records carry this error: they belong
    to the record before them.
    """

    __slots__ = ()


class RowSource:
    """Rows read from a file other than text (an XML delivery, an Excel sheet), and its header.

    Use it as a context manager, or call :meth:`close` (reading :attr:`rows` to the end closes
    the file too).

    Attributes:
        header: the column names.
        rows: ``(line or row number, cells aligned with the header)`` for each record, in
            order. An iterator: it can be read once.
    """

    def __init__(
        self,
        header: tuple[str, ...],
        rows: Iterator[tuple[int, list[str]]],
        close: Callable[[], None],
    ) -> None:
        self.header = header
        self.rows = rows
        self._close = close

    def close(self) -> None:
        """Stop reading and close the file (a stream given by the caller stays open)."""
        close = getattr(self.rows, "close", None)
        if close is not None:
            close()
        self._close()

    def __enter__(self) -> RowSource:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def body_of(line: str) -> str:
    r"""*line* without its line ending (``\r\n``, ``\n`` or ``\r``)."""
    if line[-2:] == "\r\n":
        return line[:-2]
    if line[-1:] in ("\n", "\r"):
        return line[:-1]
    return line


def unclosed_quote(
    more: list[str],
    ended: str | None,
    delimiter: str,
    width: int,
    first: str | None = None,
    cells: int = 0,
    *,
    valid: bool = False,
) -> str:
    """Why a record that continued over *more* lines is not one record, or ``""`` if it is.

    A line the quoted cell took is shaped like a row when the cell's text in it (up to its
    first quote) holds a row's delimiters; or, in a record that is not valid CSV, when the line
    read by itself is a row's cells or more and either its first quote begins a cell
    (``P2;"Hud; Syd";…``: a stray quote took the next row up to a quoted cell of it, and the
    quote that closed the stray one is followed by text), or its first quote does not look like
    one that closes a cell (blanks at most, then a delimiter or the line's end) and the quote
    opened after the first cell of the record's *first* line or the record has not a row's
    number of *cells*. (A record that is valid CSV is one as a CSV writer writes it, every
    cell quoted or not: its lines are read as that record.)

    Args:
        more: the lines after it that the quoted cell took.
        ended: ``"eof"`` when the file ended inside the quote, ``"limit"`` when the quote did
            not close within :data:`MAX_QUOTED_LINES` lines, else ``None``.
        delimiter: the file's delimiter.
        width: the number of columns a row has (the header's).
        first: the record's first line, where the quote opened (``None``: not known).
        cells: the number of cells of the record read over the lines (0: not known).
        valid: the record is valid CSV (every quote opens or closes a cell, or is doubled).
    """
    if ended == "eof":
        return "is not closed by the end of the file"
    if ended == "limit":
        return f"is not closed within {MAX_QUOTED_LINES} lines"
    if width <= 1:
        return ""
    # (a quote opened after the first cell, or a record of the wrong width)
    later = (
        not valid and first is not None and (len(_cut(first, delimiter)) > 1 or 0 < cells != width)
    )
    shaped = 0
    for line in more:
        inside = _INSIDE_QUOTES(line)
        text = inside.group(0) if inside else line
        quote = len(text)  # (where its first quote is, if any)
        wide = False
        if not valid and first is not None and quote < len(line):
            opens = quote == 0 or text.endswith(delimiter)
            after = line[quote + 1 :].lstrip(" \t")
            closes = not opens and (not after.strip("\r\n") or after.startswith(delimiter))
            wide = (opens or (later and not closes)) and len(_cut(line, delimiter)) >= width
        shaped += text.count(delimiter) >= width - 1 or wide
    if not shaped:
        return ""
    lines = "1 more line" if len(more) == 1 else f"{len(more)} more lines"
    rows = "which is shaped like a row" if len(more) == 1 else f"{shaped} of them shaped like a row"
    return f"runs over {lines}, {rows}"


def _read_quoted(
    line: str, lines: Iterator[str], delimiter: str
) -> tuple[list[str] | None, list[str], str | None, str | None]:
    """Read the record that begins with *line*, which holds a quote.

    Returns:
        The cells (``None`` when :mod:`csv` refused the record), the further lines the record
        took, how it ended (``"eof"``, ``"limit"`` or ``None``), and csv's error if any.
    """
    taken: list[str] = []
    ended: list[str] = []

    def feed() -> Iterator[str]:
        yield line
        while True:
            if len(taken) + 1 >= MAX_QUOTED_LINES:
                ended.append("limit")
                return
            following = next(lines, None)
            if following is None:
                ended.append("eof")
                return
            taken.append(following)
            yield following

    try:
        cells = next(csv.reader(feed(), delimiter=delimiter), [])
    except csv.Error as error:
        return None, taken, ended[0] if ended else None, str(error)
    return cells, taken, ended[0] if ended else None, None


def _cut(line: str, delimiter: str) -> list[str]:
    """The cells of *line* alone, a quote left open closing at the end of the line."""
    try:
        return next(csv.reader([body_of(line)], delimiter=delimiter), [])
    except csv.Error:
        return body_of(line).split(delimiter)


def read_header(lines: Iterator[str], delimiter: str) -> tuple[list[str], int, str]:
    """Read the header record (its first line is the next of *lines*).

    Returns:
        The names, the number of lines the header took, and ``""`` or why a quote in it does
        not close (the header is then unusable).
    """
    first = next(lines, None)
    if first is None:
        return [], 0, ""
    if '"' not in first:
        return body_of(first).split(delimiter), 1, ""
    cells, taken, ended, error = _read_quoted(first, lines, delimiter)
    if error is not None or cells is None:
        return _cut(first, delimiter), 1 + len(taken), f"is not valid CSV ({error})"
    if taken or ended:
        why = unclosed_quote(taken, ended, delimiter, len(_cut(first, delimiter)))
        if why:
            return _cut(first, delimiter), 1 + len(taken), f"has a quoted name that {why}"
    return cells, 1 + len(taken), ""


def quoted_record(
    line: str, source: Iterator[str], delimiter: str, width: int, line_number: int
) -> tuple[Record | None, int, list[str] | list[Record]]:
    """Read the record that begins with *line*, a line with a quote (or a lone carriage return).

    The part of :func:`read_records` for a line that is not plain, for loops that read plain
    lines themselves (``check``'s).

    Args:
        line: the line, with its line ending.
        source: the lines after it (a quoted cell may take some).
        delimiter: the delimiter.
        width: the number of columns of the header.
        line_number: the number of *line*.

    Returns:
        The record (``None`` for a blank record), the number of the last line it took, and the
        lines to read again as records of their own (when the quote did not hold); or, for a
        quote that is valid CSV but swallows rows, the records of the lines it spans (each
        with an :class:`InsideQuote` error), which are not read again.
    """
    cells, taken, ended, error = _read_quoted(line, source, delimiter)
    if error is None and cells is not None:
        valid = bool(taken) and ended is None and _valid(line, taken, delimiter)
        why = (
            unclosed_quote(taken, ended, delimiter, width, line, len(cells), valid=valid)
            if taken or ended
            else ""
        )
        if not why:
            record = (line_number, cells, None, None) if cells else None
            return record, line_number + len(taken), []
        if valid:
            return _inside(line, taken, delimiter, line_number, why)
        message = (
            f"line {line_number}: a quoted cell opens on this line and {why}; the row is read "
            "to the end of this line"
            + (" and the lines after it as rows of their own" if taken else "")
        )
    else:
        message = f"line {line_number}: not valid CSV ({error})"
    return (line_number, _cut(line, delimiter), None, message), line_number, taken


def _valid(line: str, taken: list[str], delimiter: str) -> bool:
    """Whether *line* and *taken* are one record of valid CSV (whatever its number of cells)."""
    try:
        next(csv.reader([line, *taken], delimiter=delimiter, strict=True), [])
    except csv.Error:
        return False
    return True


def _inside(
    line: str, taken: list[str], delimiter: str, line_number: int, why: str
) -> tuple[Record, int, list[Record]]:
    """The records of a valid quote that swallows rows: its first line, and each line it spans."""
    last = line_number + len(taken)
    kept = (
        f"line {last}, which the quote spans, is kept as a row with an error and not evaluated "
        "(it may be text of the cell)"
        if last == line_number + 1
        else f"lines {line_number + 1}-{last}, which the quote spans, are kept as rows with an "
        "error and not evaluated (they may be text of the cell)"
    )
    message = (
        f"line {line_number}: a quoted cell opens on this line and {why}; the row is read to "
        f"the end of this line, and {kept}"
    )
    inside: list[Record] = [
        (
            number,
            _cut(text, delimiter),
            None,
            InsideQuote(
                f"line {number}: lies inside the quoted cell that opens on line {line_number} "
                f"and closes on line {last}; it may be text of that cell, so it is not "
                f"evaluated: check the quotes on line {line_number}"
            ),
        )
        for number, text in enumerate(taken, line_number + 1)
        if body_of(text)
    ]
    return (line_number, _cut(line, delimiter), None, message), last, inside


def put_back(pending: deque[_T], items: Sequence[_T], rest: Iterator[_T]) -> Iterator[_T]:
    """*items*, then what *pending* still holds, then *rest*: what a quote took, read again.

    The lines (or records) a quote took go to the front of one queue before the rest of the
    file, not into a chain around the last chain: with each stray quote wrapping one more,
    every later line went through all of them, and a file of many stray quotes took time in
    the square of their number (40,000 of them: 20 s).

    >>> pending = deque()
    >>> rest = iter(["c", "d"])
    >>> source = put_back(pending, ["a", "b"], rest)
    >>> next(source), list(put_back(pending, ["x"], rest))
    ('a', ['x', 'b', 'c', 'd'])
    """
    pending.extendleft(reversed(items))
    return itertools.chain(_drained(pending), rest)


def _drained(pending: deque[_T]) -> Iterator[_T]:
    """The items of *pending*, taken from its front until it is empty."""
    while pending:
        yield pending.popleft()


#: The end-of-file mark old DOS tools write after a file's last line (Ctrl-Z): a line of it alone
#: is no record, as a blank line is none.
DOS_END: Final = "\x1a"


def read_records(
    lines: Iterable[str], delimiter: str, width: int, line_number: int = 0
) -> Iterator[Record]:
    r"""Read the records of a delimited text, one per row, none ever lost.

    Blank lines are not records, nor is a line of DOS's end-of-file mark alone (Ctrl-Z,
    :data:`DOS_END`). A line without any quote is split on the delimiter; any
    other goes through :mod:`csv` (non-strict, as Excel writes), and may continue over the
    next lines inside a quoted cell, within the bounds described in the module's docstring.

    Args:
        lines: the text's lines, with their line endings, after the header.
        delimiter: the delimiter.
        width: the number of columns of the header.
        line_number: the number of the last line already read (the header's last line).

    Yields:
        ``(line, cells, body, error)`` per record: *line* is the number of the line it begins
        on, *body* the line's text when the record is that line without any quote (else
        ``None``), *error* a problem with the record itself (else ``None``).

    >>> text = ['A;"x\n', 'B;y\n', 'C;z\n']
    >>> [(n, cells, error is not None) for n, cells, _, error in read_records(text, ";", 2, 1)]
    [(2, ['A', 'x'], True), (3, ['B', 'y'], False), (4, ['C', 'z'], False)]
    """
    rest: Iterator[str] = iter(lines)
    source = rest
    # The lines a quote took and gave back, to be read again before the rest: one queue in front
    # of the rest, not a chain around a chain (each stray quote wrapped one more: every later
    # line then went through all of them, and a file of many took time in the square of them).
    pending: deque[str] = deque()
    while True:
        for line in source:
            line_number += 1
            # body_of(line), inlined: this runs for every line
            if line[-1:] == "\n":
                body = line[:-2] if line[-2:-1] == "\r" else line[:-1]
            else:
                body = line[:-1] if line[-1:] == "\r" else line
            if '"' not in body and "\r" not in body:
                if body and body != DOS_END:  # (a blank line, or DOS's end mark: no record)
                    cells = body.split(delimiter)
                    yield line_number, cells if "'" not in body else unescaped(cells), body, None
                continue
            record, line_number, taken = quoted_record(line, source, delimiter, width, line_number)
            if record is not None:
                yield _unescaped_record(record)
            if taken:
                if type(taken[0]) is tuple:  # the lines a valid quote spans: kept, not read
                    yield from map(_unescaped_record, taken)
                    continue
                # read the lines the quote took again, as rows of their own
                source = put_back(pending, taken, rest)  # type: ignore[arg-type]
                break
        else:
            return
