"""Waiting lists: read a region's export, evaluate every row, write it back.

Everything streams row by row, so memory stays flat whatever the file's size. The rules are the
core's (:mod:`vardgaranti._core`), reached through :class:`~vardgaranti._rows.RowEvaluator`;
this module reads and writes the file and keeps every row, good or bad, in its place.

The CSV format:

* UTF-8, with or without a byte-order mark (Excel's "CSV UTF-8"); the delimiter (``;``, ``,`` or
  tab) is detected from the header line. Header names are case-insensitive.
* The columns follow a profile (:mod:`vardgaranti._profiles`): the library's own (``native``:
  required ``id``, ``level``, ``start``; optional ``completed``, ``booked``, ``exclusions``
  (``mov:2025-04-01..2025-04-14; pvv:2025-06-01..2025-06-10``, items separated by ``;``, ``,``
  or blanks), ``restart``, ``listed`` (``ja``/``nej``, ``yes``/``no``, ``1``/``0``,
  ``true``/``false``; empty: unknown), ``unit``), the national format (``skr``) or a region's
  own. Any other column passes through untouched.
* The output has every input column in its order, then ``deadline``, ``status``,
  ``days_waited``, ``days_left``, ``excluded_days``, ``care_elsewhere``, the profile's own
  result columns (``deviation``, ``reason`` for the national format) and ``error``. A column of
  the input with one of those names (an earlier output checked again) is replaced, not
  duplicated.
"""

from __future__ import annotations

import array
import contextlib
import csv
import functools
import io
import os
import pickle
import re
import signal
import stat
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, BinaryIO, Final, Generic, NamedTuple, NoReturn, TypeVar

import attrs

from ._calendar import SwedishCalendar
from ._case import Case
from ._checks import callback, flag, whole_number
from ._collation import swedish_key
from ._core import Policy, Status, Uncovered, check_policy, check_rules
from ._dates import as_date
from ._evaluate import Result, evaluate
from ._messages import Lang, check_lang, has_message, message
from ._profiles import (
    NATIVE,
    Profile,
    check_profile,
    choose_profile,
    delimiter_columns,
    typed_format,
)
from ._profiles import profile as resolve_profile
from ._records import (
    DOS_END,
    FORMULA_START,
    PLAIN_NUMBER,
    InsideQuote,
    Record,
    put_back,
    quoted_record,
    read_records,
    unescaped,
)
from ._rows import BANDS, RESULT_COLUMNS, Assessed, RowEvaluator, band_index, result_columns
from ._rules import NATIONAL, Level, RuleSet
from ._slices import SLICE_MIN_BYTES, cut, lines_before, offset_after_lines, open_slice
from ._tables import Table, open_table
from ._text import column_key, echo, masked_repr, shorten
from .errors import InvalidTypeError, InvalidValueError, VardgarantiError, WaitingListError

__all__ = [
    "BANDS",
    "EXAMPLE_AS_OF",
    "RESULT_COLUMNS",
    "CheckSummary",
    "Evaluated",
    "WaitingListRow",
    "check_waiting_list",
    "escape_formula",
    "evaluate_many",
    "example_waiting_list",
    "read_waiting_list",
]

#: The native format's required columns.
REQUIRED_COLUMNS: Final = ("id", "level", "start")
#: The native format's optional columns.
OPTIONAL_COLUMNS: Final = ("completed", "booked", "exclusions", "restart", "listed", "unit")
#: The most header names an error message lists.
_NAMES_SHOWN: Final = 40


def escape_formula(cell: str) -> str:
    r"""Neutralise a cell a spreadsheet would run as a formula by prefixing ``'``.

    Cells starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return are escaped, except
    plain numbers such as ``-12`` or ``+3,5``.

    Args:
        cell: the cell's text.

    Returns:
        The cell, with ``'`` before it where a spreadsheet would run it.

    >>> print(escape_formula('=HYPERLINK("http://x")'), escape_formula("-12"), escape_formula("ok"))
    '=HYPERLINK("http://x") -12 ok
    """
    if cell.__class__ is not str and not isinstance(cell, str):  # (cheap for the common str)
        raise InvalidTypeError(
            f"must be a cell's text, not {type(cell).__name__} {echo(cell)}", field="cell"
        )
    if cell and cell[0] in FORMULA_START and not PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def parse_listed(text: str) -> bool | None:
    """Read the native ``listed`` column: ja/nej, yes/no, true/false, 1/0; empty is unknown.

    Raises:
        WaitingListError: any other text.
    """
    try:
        return NATIVE.read_yes_no(text)
    except VardgarantiError as error:
        raise WaitingListError(error.message) from None


# -- reading ------------------------------------------------------------------------------------


@attrs.frozen
class _Layout:
    """A file's header and how it is read."""

    header: tuple[str, ...]
    delimiter: str
    bom: bool
    profile: Profile
    passthrough: tuple[int, ...]  # the input columns copied to the output
    results: tuple[str, ...]  # the result columns appended


def costs_note(name: str, header: Sequence[str], profile: Profile) -> str | None:
    """The note on a file that names providers but not referrals (``None``: not such a file).

    Without a ``referred`` column a provider is the patient's own choice (``costs_covered``
    ``no``): read so for every row, without a word, a file that simply lacks the referral dates
    told the region it pays for no one.
    """
    names = {column_key(column) for column in header}
    columns = profile.columns
    provider, referred = columns.get("provider"), columns.get("referred", "referred")
    if provider is None or column_key(provider) not in names or column_key(referred) in names:
        return None
    return (
        f"{name}: the column {echo(provider)} names who gave care elsewhere, but there is no "
        f"column {echo(referred)} of the region's referrals: each provider is read as the "
        "patient's own choice (costs_covered 'no'); add the referral dates to tell them apart"
    )


def resembled_notes(name: str, header: Sequence[str], profile: Profile) -> list[str]:
    """A note on each column not read that looks like a column the profile reads, misspelt.

    A built-in profile's optional columns are optional: a misspelt ``completed`` would leave
    every row without its completed date, and a patient given care would look still waiting
    (:meth:`~vardgaranti.Profile.resembled`).
    """
    results = set(result_columns(profile, True))
    return [
        f"{name}: the column {echo(column)} is not read; did you mean {echo(meant)}? As it "
        f"is, every row is read as if its field {echo(field)} were blank"
        for column, meant, field in profile.resembled(header)
        if column.lower() not in results
    ]


#: The columns only a worklist's CSV has (``worklist --csv``).
_WORKLIST_COLUMNS: Final = frozenset({"group", "days_over", "action"})
#: The fields a deadline depends on beyond the level and the start, which a worklist's CSV
#: leaves out unless kept (``--keep``).
_LEFT_OUT: Final = ("completed", "exclusions", "restart")


def worklist_note(name: str, header: Sequence[str], profile: Profile) -> str | None:
    """The note on a worklist's CSV read as a waiting list (``None``: it is none, or whole).

    A worklist leaves out the completion, the exclusions and the restart unless ``--keep``
    kept them, and its own ``deadline`` and ``status`` are not read: each deadline is made
    again from the cells it has, which may differ from the list's, without a word.
    """
    names = {column_key(column) for column in header}
    if not names >= _WORKLIST_COLUMNS:
        return None
    columns = profile.columns
    missing = [
        columns[field]
        for field in _LEFT_OUT
        if field in columns and column_key(columns[field]) not in names
    ]
    if not missing:
        return None
    return (
        f"{name}: this is a worklist, not the waiting list it was made of, and it lacks columns "
        f"the deadlines depend on ({', '.join(echo(column) for column in missing)}): they are "
        "made again without them and may differ from the worklist's own (which are not read); "
        "run on the waiting list itself"
    )


def replaced_note(name: str, layout: _Layout) -> str | None:
    """The note on the input's columns named as result columns (``None``: there are none).

    ``check`` writes its own results in their place (an earlier output is checked again so),
    which would otherwise drop a region's own ``Status`` column without a word.
    """
    kept = set(layout.passthrough)
    replaced = [column for i, column in enumerate(layout.header) if i not in kept]
    if not replaced:
        return None
    if {column.strip().lower() for column in replaced} == set(layout.results):
        return (  # every result column: an earlier output, checked again (as documented)
            f"{name}: the input has the result columns of an earlier check; this check's "
            "results replace them"
        )
    if len(replaced) == 1:
        return (
            f"{name}: the column {echo(replaced[0])} has the name of a result column: check "
            "writes its own result there, and the column's cells are not in the output (rename "
            "it to keep it)"
        )
    columns = ", ".join(echo(column) for column in replaced)
    return (
        f"{name}: the columns {columns} have the names of result columns: check writes its own "
        "results there, and the columns' cells are not in the output (rename them to keep them)"
    )


def layout_of(
    header: list[str] | tuple[str, ...],
    delimiter: str,
    bom: bool,
    source: str,
    wanted: str | Path | Profile = "auto",
    kind: str = "csv",
) -> _Layout:
    """The layout of a file with *header*: its profile, pass-through and result columns.

    Raises:
        WaitingListError: no profile fits, or a column the profile reads appears twice (for a
            CSV file, the message says the delimiter the header was split on).
    """
    try:
        chosen = choose_profile(header, wanted)
    except VardgarantiError as error:
        line = delimiter.join(header)
        hint = line.strip(" \r\n")  # (a tab named stays: 'sep=\t')
        # (Excel's first line, naming a delimiter this reader finds by itself)
        if kind == "csv" and re.fullmatch(r"(?i)\s*sep=[;,\t]?\s*", line):
            raise WaitingListError(
                f"{source}: the first line, {echo(hint)}, is a spreadsheet's hint of the "
                "delimiter, not the column names: delete that line (the delimiter is found "
                "without it)"
            ) from None
        if kind == "csv" and line.startswith("#TYPE "):  # (Windows PowerShell 5's Export-Csv)
            raise WaitingListError(
                f"{source}: the first line, {echo(hint[:60])}, is PowerShell's type line, not the "
                "column names: delete that line, or export with Export-Csv -NoTypeInformation"
            ) from None
        split = f"; delimiter {delimiter!r}" if kind == "csv" else ""
        if kind == "csv" and len(header) == 1 and hint and not any(d in hint for d in ";,\t"):
            # (no ';', ',' or tab to split on; a header quoted whole holds one: not said)
            split = "; the first line has no delimiter (';', ',' or a tab): save the file as CSV"
        raise WaitingListError(f"{source}: {error}{split}") from None
    names = [column_key(name) for name in header]
    costs = any(
        column_key(chosen.columns.get(field, "")) in names for field in ("referred", "provider")
    )
    results = result_columns(chosen, costs)
    known = {column_key(column) for column in chosen.columns.values()} | set(results)
    seen: set[str] = set()
    for name in names:
        if name in known:
            if name in seen:
                spelt = " and ".join(
                    echo(column) for column in header if column_key(column) == name
                )
                where = (
                    f"the Besok elements have the attributes {spelt}, one variable (names are "
                    "read without regard to case)"
                    if kind == "xml"
                    else f"column {echo(name)} appears twice in the header"
                )
                raise WaitingListError(f"{source}: {where}")
            seen.add(name)
    passthrough = tuple(i for i, name in enumerate(names) if name not in results)
    return _Layout(tuple(header), delimiter, bom, chosen, passthrough, results)


@contextlib.contextmanager
def _decoding_errors(
    name: str, line: Callable[[], int], unchanged: Callable[[], None] = lambda: None
) -> Iterator[None]:
    """Turn a decoding error met while reading rows into a file-level error naming the line.

    Files are checked before they are read (:func:`~vardgaranti._encoding.open_text`); this is
    for a text stream given by the caller, and for a file that changed after it was checked
    (*unchanged* raises then: another program writing it, not a file to save again).
    """
    try:
        yield
    except UnicodeDecodeError as error:
        unchanged()
        raise WaitingListError(
            f"{name}: not valid text after line {line()} ({error.reason}); save the file as "
            "'CSV UTF-8'"
        ) from None


def _open(
    source: str | Path | IO[str] | IO[bytes],
    profile: str | Path | Profile,
    encoding: str,
    sheet: str | None,
) -> tuple[Table, _Layout]:
    check_profile(profile)  # before the file is opened
    if not (isinstance(profile, str) and profile.strip().lower() == "auto"):
        profile = resolve_profile(profile)  # (read once: its columns find the delimiter too)
    table = open_table(source, encoding=encoding, sheet=sheet, columns=delimiter_columns(profile))
    try:
        layout = layout_of(
            table.header, table.delimiter, table.bom, table.name, profile, table.kind
        )
        table.notes = (
            *table.notes,
            *resembled_notes(table.name, layout.header, layout.profile),
            *filter(None, [worklist_note(table.name, layout.header, layout.profile)]),
        )
        form = typed_format(layout.profile.date_formats)
        if form is not None and table.dates_as is not None:  # a workbook's date cells in the
            table.dates_as(form)  # profile's form: it reads YYYY-MM-DD as another day
        return table, layout
    except BaseException:
        table.close()
        raise


@attrs.frozen
class WaitingListRow:
    r"""One data row of a waiting list, as read.

    A row of only delimiters is empty (no case, no error); a short row keeps its place with
    its error:

    >>> import io
    >>> text = "id;level;start\nA1;besök;2025-03-01\n;;\nA3;visit\n"
    >>> for row in read_waiting_list(io.StringIO(text)):
    ...     print(row.number, row.case is not None, row.empty, row.error)
    1 True False None
    2 False True None
    3 False False the row has 2 cells but the header has 3

    Attributes:
        number: the row's number among the data rows (1 is the first after the header).
        cells: the row's cells, by header name (lowercased, blanks stripped, and composed,
            NFC: an ``ö`` saved as ``o`` and a diaeresis is the one character).
        case: the case, or ``None`` when the row could not be read as one, is empty, or is
            outside the guarantee by its kind (``uncovered``).
        error: why the row could not be read (naming the column), or ``None``.
        uncovered: ``out-of-scope`` for a contact of a kind outside the guarantee (the
            national format's phases 3, 4 and 5: examinations, return visits, acute care),
            which has no case to judge; else ``None``.
    """

    number: int
    # (not in the repr: a logged row would carry every cell, a diagnosis in a note too)
    cells: dict[str, str] = attrs.field(repr=False)
    case: Case | None
    # (what the error quotes, sized in the repr: the extra cells of a row too wide, too)
    error: str | None = attrs.field(repr=masked_repr)
    uncovered: Uncovered | None = None

    @property
    def empty(self) -> bool:
        """Whether the row is empty: only delimiters, as a spreadsheet's empty row.

        It keeps its place but carries no patient, and is not an error.
        """
        return self.case is None and self.error is None and self.uncovered is None


def read_waiting_list(
    source: str | Path | IO[str] | IO[bytes],
    *,
    profile: str | Path | Profile = "auto",
    encoding: str = "auto",
    sheet: str | None = None,
) -> Iterator[WaitingListRow]:
    r"""Read a waiting list row by row.

    A bad row is yielded with its ``error`` (naming the column) instead of being dropped or
    stopping the reading; only a problem with the file as a whole raises.

    Args:
        source: a path (CSV, national XML or Excel ``.xlsx``), ``"-"`` for standard input, or
            an open stream (a text stream is read as CSV).
        profile: ``auto`` (the native columns or the national format, by the header),
            ``native``, ``skr``, a profile file (``.toml``) or a
            :class:`~vardgaranti.Profile`.
        encoding: for CSV: ``auto``, ``utf-8``, ``cp1252`` or ``utf-16``.
        sheet: for Excel: the sheet (default: the first one shown in Excel).

    Yields:
        Every data row, in order; a break in the file (broken XML) raises after the rows
        before it.

    Raises:
        WaitingListError: the file cannot be read, or no profile fits its columns.

    >>> import io
    >>> text = "ID;Level;Start\nA1;besök;2025-03-01\nA2;besk;2025-03-01\n"
    >>> [(row.cells["id"], row.error) for row in read_waiting_list(io.StringIO(text))]
    [('A1', None), ('A2', "level: unknown level 'besk'; expected one of: ...")]
    """
    table, layout = _open(source, profile, encoding, sheet)
    with table:
        yield from _rows(table, layout)


def _rows(table: Table, layout: _Layout) -> Iterator[WaitingListRow]:
    names = [column_key(name) for name in layout.header]
    width = len(names)
    # as_of, rules and policy do not matter for reading cells into a case
    rows = RowEvaluator(
        layout.profile, layout.header, EXAMPLE_AS_OF, NATIONAL, Policy(), SwedishCalendar()
    )
    number = 0
    line = table.header_lines
    with _decoding_errors(table.name, lambda: line, table.unchanged):
        for line, row, _body, problem in table.records:  # noqa: B007 - line: for errors
            number += 1
            cells = dict(zip(names, row, strict=False))
            if problem is None:
                problem = width_problem(row, width)
            if problem is not None:
                yield WaitingListRow(number, cells, None, problem)
            elif is_empty(row):
                yield WaitingListRow(number, cells, None, None)
            else:
                try:
                    case = rows.case((row + [""] * width)[:width], cells)
                except VardgarantiError as error:
                    yield WaitingListRow(number, cells, None, shorten(str(error), _ERROR_LIMIT))
                else:
                    if isinstance(case, Uncovered):
                        yield WaitingListRow(number, cells, None, None, case)
                    else:
                        yield WaitingListRow(number, cells, case, None)


def width_problem(row: list[str], width: int) -> str | None:
    """What is wrong with a row that does not have the header's number of cells, if it does not.

    A row of only empty cells (a spreadsheet's empty row) is never wrong: it carries no patient.
    The extra cells of a long row are quoted (up to a bound) so that the message shows them;
    when they are all empty, the message asks about a delimiter at the end of the line (an
    export that ends every data line with one, and not the header).

    >>> print(width_problem(["A", "visit", "2025-03-01", ""], 3))  # doctest: +NORMALIZE_WHITESPACE
    the row has 4 cells but the header has 3 (extra cells: ['']; they are empty:
    does the line end with a delimiter the header does not?)
    """
    if len(row) == width or is_empty(row):
        return None
    cells = "1 cell" if len(row) == 1 else f"{len(row)} cells"
    problem = f"the row has {cells} but the header has {width}"
    if len(row) > width:
        extra = row[width:]
        hint = "" if any(extra) else _EMPTY_EXTRA
        if any(extra) and sum(1 for cell in row if _PERIOD_CELL.fullmatch(cell)) > 1:
            hint = _SPLIT_PERIODS  # (periods split at the delimiter: an exclusions cell unquoted)
        problem += f" (extra cells: {echo(extra)}{hint})"
    return problem


def without_extra_cells(error: str) -> str:
    """A row's error (:func:`width_problem`'s) without the extra cells it quotes.

    ``check`` writes them in a file that holds them anyway; a summary (``validate``, ``stats``,
    ``report``) that carries a row's error leaves them out, since they may hold anything of
    the patient's (a personnummer was one). The hints stay: empty cells (they hold nothing),
    and periods split over cells (said without the cells).

    >>> without_extra_cells("the row has 5 cells but the header has 3 (extra cells: ['x', 'y'])")
    'the row has 5 cells but the header has 3'
    """
    found = _EXTRA_CELLS.fullmatch(error)
    if found is None or error.endswith(f"{_EMPTY_EXTRA})"):
        return error
    return found[1] + (_SPLIT_PERIODS if error.endswith(f"{_SPLIT_PERIODS})") else "")


#: A long row's error (:func:`width_problem`): the counts, then the extra cells quoted.
_EXTRA_CELLS: Final = re.compile(
    r"(the row has \d+ cells but the header has \d+) \(extra cells: .*\)", re.S
)
#: What a long row's error ends with when its extra cells are all empty.
_EMPTY_EXTRA: Final = "; they are empty: does the line end with a delimiter the header does not?"
#: ... when two or more cells hold one exclusion period each.
_SPLIT_PERIODS: Final = (
    "; two or more cells hold exclusion periods (reason:first..last): is the exclusions cell "
    "split at a delimiter inside it? Quote that cell"
)


#: A cell that holds one exclusion period and nothing else (``mov:2025-04-01..2025-04-14``).
_PERIOD_CELL: Final = re.compile(r"\s*\w+\s*:\s*\d{4}-\d{2}-\d{2}\s*\.\.\s*\d{4}-\d{2}-\d{2}\s*")


def is_empty(row: list[str]) -> bool:
    """Whether every cell of *row* is blank: a row of only delimiters carries no patient."""
    return not any(cell and not cell.isspace() for cell in row)


# -- evaluating ---------------------------------------------------------------------------------


#: The kind of item :func:`evaluate_many` is given (and :class:`Evaluated` holds): cases, rows
#: of a file, or both.
ItemT = TypeVar("ItemT", bound="Case | WaitingListRow")


@attrs.frozen
class Evaluated(Generic[ItemT]):
    r"""One item of :func:`evaluate_many`: what went in, and the result or the error.

    Generic in the item (``Evaluated[WaitingListRow]`` for the rows of a file), so that a
    type checker knows ``done.item.cells`` of a row.

    A row that could not be read keeps its place, with the row's error and no result:

    >>> import io
    >>> from datetime import date
    >>> text = "id;level;start\nA1;besök;2025-03-01\nA2;besk;2025-03-01\n"
    >>> rows = read_waiting_list(io.StringIO(text))
    >>> for done in evaluate_many(rows, as_of=date(2025, 6, 2)):
    ...     print(done.item.number, done.result and done.result.status.value, done.error)
    1 overdue None
    2 None level: unknown level 'besk'; expected one of: ...

    Attributes:
        item: the :class:`~vardgaranti.Case` or :class:`WaitingListRow` given.
        result: the result, or ``None`` if the item could not be evaluated (or has no case).
        error: why not, or ``None``.
    """

    item: ItemT
    result: Result | None
    # (what the error quotes, sized in the repr: a logged item would carry the cells)
    error: str | None = attrs.field(repr=masked_repr)


def evaluate_many(
    items: Iterable[ItemT],
    *,
    as_of: date,
    rules: RuleSet = NATIONAL,
    policy: Policy = Policy(),  # noqa: B008 - frozen, safe as a default
) -> Iterator[Evaluated[ItemT]]:
    """Evaluate cases (or rows from :func:`read_waiting_list`) one by one, losing none.

    Each item gives exactly one :class:`Evaluated`, in order; an item that cannot be evaluated
    carries its error instead of stopping the run. A row without a case (empty, or outside the
    guarantee by its kind: ``row.uncovered``) gives neither result nor error. Lazy: memory
    stays flat.

    Args:
        items: cases or waiting-list rows.
        as_of: the day the status is for.
        rules: the rule set.
        policy: roll-forward and the at-risk window.

    Yields:
        One :class:`Evaluated` per item.

    >>> from datetime import date
    >>> cases = [Case(level="visit", start=date(2025, 1, 2)),
    ...          Case(level="visit", start=date(2001, 1, 2))]
    >>> for done in evaluate_many(cases, as_of=date(2025, 6, 1)):
    ...     print(done.result.status.value if done.result else done.error)
    overdue
    start: no national rule for 'visit' was in force on 2001-01-02 (the first took effect ...)

    Raises:
        DateTypeError: *as_of* is not a date (when called, before any item).
        InvalidTypeError: *rules* or *policy* is of the wrong type, or *items* is not several
            items (when called: a mistake of the call is not an error of every item), or an
            item is neither a case nor a row (field ``items``, when it is reached).
    """
    as_of = as_date(as_of, "as_of")
    check_rules(rules)
    check_policy(policy)
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise InvalidTypeError(
            f"must be cases or waiting-list rows (a list, say), not {type(items).__name__} "
            f"{echo(items)}",
            field="items",
        )
    return _evaluate_each(items, as_of, rules, policy)


def _evaluate_each(
    items: Iterable[ItemT], as_of: date, rules: RuleSet, policy: Policy
) -> Iterator[Evaluated[ItemT]]:
    """:func:`evaluate_many`'s loop, its arguments checked."""
    for index, item in enumerate(items, start=1):
        if isinstance(item, WaitingListRow):
            case = item.case
            if case is None:  # a bad row carries its error; an empty row has none
                yield Evaluated(item, None, item.error)
                continue
        elif isinstance(item, Case):
            case = item
        else:
            raise InvalidTypeError(
                "evaluate_many() takes Case values or rows from read_waiting_list(), not "
                f"{type(item).__name__} (item {index})",
                field="items",
            )
        try:
            result = evaluate(case, as_of=as_of, rules=rules, policy=policy)
        except VardgarantiError as error:
            yield Evaluated(item, None, str(error))
        else:
            yield Evaluated(item, result, None)


#: The most characters of a row's error message written to the output.
_ERROR_LIMIT: Final = 1000


# -- the summary ----------------------------------------------------------------------------------

_STATUSES: Final = tuple(Status)
_STATUS_SLOT: Final = {status: slot for slot, status in enumerate(_STATUSES)}
_BAND_BASE: Final = len(_STATUSES)
_CARE_SLOT: Final = _BAND_BASE + len(BANDS)
#: The counters each group keeps: one per status, one per band, one for care elsewhere.
_STRIDE: Final = _CARE_SLOT + 1


@attrs.define
class CheckSummary:
    r"""Counts of a waiting-list check, per unit and level.

    ``share_met`` is met / (met + missed): of the cases closed, the share closed within the
    guarantee. Bands count ``days_waited`` (to completion, or so far for open cases) of every
    covered, evaluated row; ``not_covered`` rows are in no band. Rows with errors and empty rows
    (only delimiters) are counted, but in no group.

    Each group (unit and level) costs one flat block of 13 counters in a shared
    :class:`array.array` plus its dictionary entry: about 250 bytes and the unit's name, so a
    file with a million units needs about 300 MB for its summary (see the documentation).

    The row with an error is counted, but in no group; the share met counts the closed cases:

    >>> import io
    >>> from datetime import date
    >>> text = ("id;unit;level;start;completed\nA;Orto;visit;2025-03-01;\n"
    ...         "B;Orto;visit;2025-13-01;\nC;Orto;visit;2025-04-01;2025-05-02\n")
    >>> summary = check_waiting_list(io.StringIO(text), io.StringIO(), as_of=date(2025, 6, 2))
    >>> summary.rows, summary.errors
    (3, 1)
    >>> [(group["unit"], group["total"], group["share_met"]) for group in summary.groups()]
    [('Orto', 2, 1.0)]
    """

    rows: int = 0
    errors: int = 0
    empty: int = 0
    _groups: dict[Level | None, dict[str, int]] = attrs.field(factory=dict, repr=False)
    _counts: array.array[int] = attrs.field(factory=lambda: array.array("q"), repr=False)

    def add(
        self, unit: str, level: Level | None, status: Status, waited: int | None, care: bool
    ) -> None:
        """Count one evaluated row.

        Args:
            unit: the row's unit, as written.
            level: its level (``None``: not read).
            status: its status.
            waited: its days waited (``None`` when not covered): its band.
            care: care elsewhere is due.
        """
        band = -1 if waited is None else band_index(waited)
        self.add_result(unit, level, status, band, care)

    def add_result(
        self, unit: str, level: Level | None, status: Status, band: int, care: bool, count: int = 1
    ) -> None:
        """Count *count* evaluated rows alike by their band index.

        Args:
            unit: the rows' unit, as written.
            level: their level (``None``: not read).
            status: their status.
            band: the index of their band of days waited (-1: none, not covered).
            care: care elsewhere is due.
            count: how many rows (one by default).
        """
        units = self._groups.get(level)
        if units is None:
            units = self._groups[level] = {}
        base = units.get(unit)
        counts = self._counts
        if base is None:
            base = units[unit] = len(counts)
            counts.extend(_ZEROS)
        counts[base + _STATUS_SLOT[status]] += count
        if band >= 0:
            counts[base + _BAND_BASE + band] += count
        if care:
            counts[base + _CARE_SLOT] += count

    def merge(self, other: CheckSummary) -> None:
        """Add the counts of *other* to these.

        Args:
            other: a summary of the rows after these.
        """
        self.rows += other.rows
        self.errors += other.errors
        self.empty += other.empty
        counts, theirs = self._counts, other._counts
        for level, units in other._groups.items():
            ours = self._groups.setdefault(level, {})
            for unit, their_base in units.items():
                base = ours.get(unit)
                if base is None:
                    base = ours[unit] = len(counts)
                    counts.extend(_ZEROS)
                for i in range(_STRIDE):
                    counts[base + i] += theirs[their_base + i]

    def groups(self) -> Iterator[dict[str, object]]:
        """One entry per unit and level, by unit (in Swedish alphabetical order), then level."""
        counts = self._counts
        keys = sorted(
            (
                (unit, "" if level is None else level.value, base)
                for level, units in self._groups.items()
                for unit, base in units.items()
            ),
            key=lambda key: (swedish_key(key[0]), key[1]),
        )
        shown = self._statuses()
        for unit, level, base in keys:
            block = counts[base : base + _STRIDE]
            statuses = {status.value: block[_STATUS_SLOT[status]] for status in shown}
            closed = statuses["met"] + statuses["missed"]
            yield {
                "unit": unit,
                "level": level or None,
                "total": sum(block[:_BAND_BASE]),
                "statuses": statuses,
                "bands": {name: block[_BAND_BASE + i] for i, (name, _, _) in enumerate(BANDS)},
                "care_elsewhere": block[_CARE_SLOT],
                "share_met": round(statuses["met"] / closed, 4) if closed else None,
            }

    def _statuses(self) -> tuple[Status, ...]:
        """The statuses shown: every one, except ``deviation`` when none was counted."""
        counts = self._counts
        slot = _STATUS_SLOT[Status.DEVIATION]
        if any(counts[base + slot] for base in range(0, len(counts), _STRIDE)):
            return _STATUSES
        return tuple(status for status in _STATUSES if status is not Status.DEVIATION)

    def as_dict(self) -> dict[str, object]:
        """The summary as JSON-ready data: totals, then one entry per unit and level."""
        return {
            "rows": self.rows,
            "errors": self.errors,
            "empty": self.empty,
            "groups": list(self.groups()),
        }

    def columns(self) -> list[str]:
        """The columns of the summary as a table (:meth:`rows_as_lists`)."""
        statuses = [status.value for status in self._statuses()]
        bands = [name for name, _, _ in BANDS]
        return ["unit", "level", "total", *statuses, *bands, "care_elsewhere", "share_met"]

    def rows_as_lists(self) -> Iterator[list[str]]:
        """The summary as rows of text, one per unit and level (see :meth:`columns`)."""
        from fractions import Fraction

        from ._stats import percent_text  # (as stats and the report round: half up, exactly)

        statuses = [status.value for status in self._statuses()]
        bands = [name for name, _, _ in BANDS]
        for group in self.groups():
            counted: dict[str, int] = group["statuses"]  # type: ignore[assignment]
            closed = counted["met"] + counted["missed"]
            share = None if not closed else percent_text(Fraction(counted["met"], closed)) + "%"
            yield [
                str(group["unit"]) or "(no unit)",
                str(group["level"] or "-"),
                str(group["total"]),
                *(str(group["statuses"][s]) for s in statuses),  # type: ignore[index]
                *(str(group["bands"][b]) for b in bands),  # type: ignore[index]
                str(group["care_elsewhere"]),
                "-" if share is None else share,
            ]

    def as_text(self, lang: Lang = "en") -> str:
        """The summary as a text table.

        Args:
            lang: ``en`` (the default): the columns named as :meth:`columns` and the JSON name
                them; ``sv``: the headings, levels and lines in Swedish.

        Returns:
            The table, a line of the rows counted, and a line on what the figures are.

        Raises:
            InvalidValueError: *lang* is not ``sv`` or ``en`` (field ``lang``).
        """
        lang = check_lang(lang)
        header = self.columns()
        lines = list(self.rows_as_lists())
        if lang != "en":
            header = [_heading(name, lang) for name in header]
            for line, group in zip(lines, self.groups(), strict=True):
                if not group["unit"]:
                    line[0] = message("report.unit.none", lang)
                if group["level"]:
                    line[1] = message(f"report.level.{group['level']}", lang)
                # (the share: a decimal comma and a space before the percent sign, in Swedish)
                line[-1] = line[-1].replace(".", ",").replace("%", " %")
        widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
        text = [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in [header, *lines]
        ]
        tally = message("check.tally", lang, rows=self.rows, errors=self.errors)
        if self.empty:
            tally += message("check.tally-empty", lang, empty=self.empty)
        text.append(tally)
        text.append(message("check.note", lang))
        return "\n".join(text)


def _heading(name: str, lang: Lang) -> str:
    """A column of the text summary in *lang*: a status by its name in the report, else its own."""
    if name in _STATUS_VALUES:
        return message(f"report.state.{name}", lang)
    key = f"check.column.{name}"
    return message(key, lang) if has_message(key) else name


_STATUS_VALUES: Final = frozenset(status.value for status in Status)
_ZEROS: Final = array.array("q", [0] * _STRIDE)


# -- check: the whole job -------------------------------------------------------------------------


def _binary(stream: object) -> bool:
    """Whether *stream* takes bytes (a binary file, ``io.BytesIO``), which the CSV is not."""
    # (only io's own classes: a codecs.StreamWriter takes text, and answers `mode` with the
    # mode of the binary file beneath it)
    return isinstance(stream, (io.RawIOBase, io.BufferedIOBase))


def check_waiting_list(
    source: str | Path | IO[str] | IO[bytes],
    output: IO[str],
    *,
    as_of: date,
    rules: RuleSet = NATIONAL,
    policy: Policy = Policy(),  # noqa: B008 - frozen, safe as a default
    progress: Callable[[int, int], None] | None = None,
    summarize: bool = True,
    profile: str | Path | Profile = "auto",
    encoding: str = "auto",
    sheet: str | None = None,
    bom: bool | None = None,
    notes: Callable[[str], None] | None = None,
    workers: int = 1,
) -> CheckSummary:
    r"""Evaluate a waiting list and write it back as CSV with results, row by row.

    Every input row is written exactly once, in input order: a bad row gets an ``error`` that
    names its column and empty results, and the run goes on. Cells copied from the input are
    escaped against spreadsheet formulas (:func:`escape_formula`).

    Args:
        source: a path (CSV, national XML or Excel), ``"-"`` for standard input, or a stream.
        output: where to write the CSV (the input's delimiter; ``;`` for XML and Excel).
        as_of: the day the status is for.
        rules: the rule set.
        policy: roll-forward and the at-risk window.
        progress: called now and then with (bytes read, total bytes) for a progress bar.
        summarize: count rows per unit, level, status and band for the summary; without it
            the summary has only the row and error counts (and the check is a little faster).
        profile: how to read the columns: ``auto`` (by the header), ``native``, ``skr``, a
            profile file or a :class:`~vardgaranti.Profile`.
        encoding: for CSV input: ``auto``, ``utf-8``, ``cp1252`` or ``utf-16``.
        sheet: for Excel input: the sheet (default: the first one shown in Excel).
        bom: begin the output with a byte-order mark; by default when the input had one, or
            was not UTF-8 CSV (Windows-1252, UTF-16, XML, Excel): the output is UTF-8, which
            Excel opens correctly only with the mark.
        notes: called with each one-line note about the input (e.g. read as Windows-1252).
        workers: at most this many processes read the file side by side (on Linux, for a CSV
            file given by its path, UTF-8 or Windows-1252, of at least 4 MiB per process, in a
            process that runs no other thread, so not in a Jupyter kernel; otherwise one, and
            for the threads *notes* is told). The output is the same byte for
            byte: the file is cut only where no record can span the cut (see
            :mod:`vardgaranti._slices`), and the slices' outputs are joined in order. Each
            further process writes its part to an unlinked temporary file in the input's
            folder (else the system's temporary folder) until it is copied into *output*.

    Returns:
        The :class:`CheckSummary` (its ``errors`` counts the bad rows).

    Raises:
        WaitingListError: a problem with the file as a whole.
        InvalidValueError: *workers* is a whole number below 1.
        InvalidTypeError: *rules*, *policy*, *profile*, *output*, *workers* (not a whole
            number), *bom* or *summarize* (not a bool), *progress* or *notes* (not callable)
            is of the wrong type (naming it).

    The row that cannot be evaluated keeps its place, with empty results and its error:

    >>> import io
    >>> from datetime import date
    >>> text = ("id;unit;level;start;completed;booked\nA;Orto;visit;2025-03-01;;\n"
    ...         "B;Orto;visit;2025-13-01;;\nC;Orto;visit;2025-04-01;2025-05-02;\n")
    >>> out = io.StringIO()
    >>> summary = check_waiting_list(io.StringIO(text), out, as_of=date(2025, 6, 2))
    >>> print(*out.getvalue().splitlines()[1:], sep="\n")  # (the header left out)
    A;Orto;visit;2025-03-01;;;2025-05-30;overdue;93;;0;yes;
    B;Orto;visit;2025-13-01;;;;;;;;;start: '2025-13-01' is not a date (month must be in 1..12)
    C;Orto;visit;2025-04-01;2025-05-02;;2025-06-30;met;31;;0;no;
    >>> summary.rows, summary.errors
    (3, 1)
    """
    as_of = as_date(as_of, "as_of")
    check_workers(workers)
    check_rules(rules)
    check_policy(policy)
    callback(progress, "progress")
    callback(notes, "notes")
    flag(summarize, "summarize")
    flag(bom, "bom", none=True)
    if not callable(getattr(output, "write", None)) or _binary(output):
        raise InvalidTypeError(
            f"output must be a text stream to write the CSV to, not {type(output).__name__} "
            f"{echo(output)}; for a file, open it: open(path, 'w', encoding='utf-8', "
            "newline='')",
            field="output",
        )
    table, layout = _open(source, profile, encoding, sheet)
    with table:
        for note in (
            *table.notes,
            replaced_note(table.name, layout),
            costs_note(table.name, layout.header, layout.profile),
        ):
            if notes is not None and note is not None:
                notes(note)
        if bom is None:  # UTF-8 stays as it came; any other input becomes UTF-8 with a BOM
            bom = table.bom or not table.utf8
        if bom:
            output.write("\ufeff")
        bounds = _slices_of(source, table, workers, notes)
        if bounds is not None:
            assert isinstance(source, (str, Path))
            return _check_sliced(
                source, bounds, table, layout, output, as_of, rules, policy, progress, summarize
            )
        sink = _CsvSink(output, layout)
        return _check(table, layout, sink, as_of, rules, policy, progress, summarize)


#: How often (in rows) ``check`` reports its progress.
_PROGRESS_ROWS: Final = 50_000
#: Modules that run threads of their own once imported: a process that has them is not forked.
_THREADED: Final = ("polars", "pyarrow", "pandas", "numpy")
_T = TypeVar("_T")
_SLICED_ENCODINGS: Final = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "cp1252": "cp1252"}


#: The smallest slice a process is started for (the tests make it small).
_SLICE_MIN = SLICE_MIN_BYTES


def check_workers(workers: object) -> None:
    """Check a number of processes (``workers``) given to the API.

    Raises:
        InvalidValueError: *workers* is not a whole number of at least 1.
    """
    whole_number(workers, "workers", 1)


def _fork_safe() -> bool:
    """Whether this process may be forked: Linux, and no thread but this one.

    A fork copies only the thread that calls it; a lock another thread held stays locked in
    the child. So a process with other threads (ours, or the thread pools polars, pyarrow and
    numpy's libraries start) is not forked.
    """
    return (
        sys.platform.startswith("linux")
        and threading.active_count() == 1
        and not any(name in sys.modules for name in _THREADED)
    )


def _cuttable_size(table: Table) -> int:
    """The size of the table's file if ``--jobs`` may cut it, else 0.

    A CSV file opened from its path (its descriptor), UTF-8 or Windows-1252, a regular file,
    large enough for two slices.
    """
    if table.fileno < 0 or table.kind != "csv" or table.encoding not in _SLICED_ENCODINGS:
        return 0
    try:
        facts = os.fstat(table.fileno)
    except OSError:
        return 0
    if not stat.S_ISREG(facts.st_mode) or facts.st_size < 2 * _SLICE_MIN:
        return 0
    return facts.st_size


def _slices_of(
    source: object, table: Table, workers: int, notes: Callable[[str], None] | None = None
) -> list[int] | None:
    """Where to cut the file for *workers* processes, or ``None`` to read it in one.

    The file is the one the table opened (its descriptor), read by offset: a file put in place
    of the path meanwhile is not read. *notes* is told when a file that could be cut is read in
    one only for this process's threads.
    """
    if workers < 2 or not isinstance(source, (str, Path)):
        return None
    size = _cuttable_size(table)
    if not size:
        return None
    if not _fork_safe():
        if notes is not None and sys.platform.startswith("linux"):
            notes(
                f"{table.name}: read in one process, not {workers}: this process runs other "
                "threads, and a fork copies only one of them (a Jupyter kernel has several; "
                "the command line has none)"
            )
        return None
    try:
        begin = offset_after_lines(
            table.fileno, 3 if table.encoding == "utf-8-sig" else 0, table.header_lines
        )
        if begin is None:
            return None
        bounds = cut(
            table.fileno,
            begin,
            size,
            workers,
            delimiter=table.delimiter,
            codec=_SLICED_ENCODINGS[table.encoding],
            minimum=_SLICE_MIN,
        )
    except OSError:
        return None
    return bounds if len(bounds) > 2 else None


def _slice_table(table: Table, begin: int, end: int, line: int, whole: int = 0) -> Table:
    """*table* as read from byte *begin* (after line *line*) up to byte *end*.

    With *whole* (the file's size), the progress it reports is scaled to the whole file (the
    slices are read side by side, at about the same pace).
    """
    lines, part = open_slice(table.fileno, begin, end, _SLICED_ENCODINGS[table.encoding])
    size = end - begin
    position = part.read_so_far
    if whole and size:
        position = lambda: part.read_so_far() * whole // size  # noqa: E731
    return attrs.evolve(
        table,
        records=read_records(lines, table.delimiter, len(table.header), line),
        header_lines=line,
        size=whole or size,
        position=position,
        lines=lines,
        close=part.close,
    )


#: Stopping signals, held back while a child is forked (so none runs this process's code in it).
_STOPPING: Final = frozenset(
    signum
    for signum in (
        getattr(signal, "SIGINT", None),
        getattr(signal, "SIGTERM", None),
        getattr(signal, "SIGHUP", None),
    )
    if signum is not None
)


def _check_sliced(
    source: str | Path,
    bounds: list[int],
    table: Table,
    layout: _Layout,
    output: IO[str],
    as_of: date,
    rules: RuleSet,
    policy: Policy,
    progress: Callable[[int, int], None] | None,
    summarize: bool,
) -> CheckSummary:
    """``check`` with the slices after the first read by forked processes, side by side.

    Each child checks its slice into an unlinked temporary file and sends its summary (see
    :func:`map_slices`); this process checks the first slice into *output*, then copies the
    children's outputs after it, in order.
    """
    spools: list[IO[bytes]] = []
    try:
        folder = open_spools(source, len(bounds) - 2, spools)

        def work(part: Table, k: int) -> CheckSummary:
            if k == 0:
                sink = _CsvSink(output, layout)
                return _check(part, layout, sink, as_of, rules, policy, progress, summarize)
            # in a child: its part of the output into its temporary file
            text = io.TextIOWrapper(spools[k - 1], encoding="utf-8", newline="")
            sink = _CsvSink(text, layout, header=False)
            summary = _check(part, layout, sink, as_of, rules, policy, None, summarize)
            text.flush()
            return summary

        parts = map_slices(bounds, table, work, folder)
        with contextlib.closing(parts):
            summary = next(parts)
            for k, part in enumerate(parts, 1):
                spool = spools[k - 1]
                spool.seek(0)
                with io.TextIOWrapper(spool, encoding="utf-8", newline="") as text:
                    while chunk := text.read(1 << 20):
                        output.write(chunk)
                summary.merge(part)
    finally:
        for spool in spools:
            spool.close()
    return summary


def map_slices(
    bounds: list[int], table: Table, work: Callable[[Table, int], _T], folder: str = ""
) -> Generator[_T, None, None]:
    """*work* on each slice of *table* (cut at *bounds*), its results in order.

    The slices after the first are read by forked processes side by side, each calling
    ``work(slice, k)`` and sending the result (pickled, or its error) through a pipe; this
    process reads the first (``work(slice, 0)``, with the table's progress scaled to the whole
    file), then takes the children's results in order, an error raised here. The stopping
    signals are held back while a child is forked; a child ignores Ctrl-C (this process stops
    them) and is killed by the kernel if this process dies; whatever way this process leaves
    (the generator closed early too), no child is left running.

    Args:
        bounds: the byte offsets of the cuts (see ``_slices_of``).
        table: the open file.
        work: what is done with each slice; in a child it must return what pickles.
        folder: where the children write their part, named in an error writing there.
    """
    children: list[tuple[int, int]] = []
    parent = os.getpid()
    try:
        for k in range(1, len(bounds) - 1):
            read_end, write_end = os.pipe()
            children.append((0, read_end))
            held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
            try:
                pid = os.fork()
                if pid == 0:  # pragma: no cover - the child (its work is measured in the parent)
                    try:
                        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops it
                        for signum in _STOPPING - {signal.SIGINT}:
                            signal.signal(signum, signal.SIG_DFL)
                        signal.pthread_sigmask(signal.SIG_SETMASK, held)
                        _die_with(parent)
                        for _pid, earlier in children:  # its own read end too
                            os.close(earlier)
                        _child(bounds[k], bounds[k + 1], table, k, work, write_end)
                    finally:
                        os._exit(1)
                children[-1] = (pid, read_end)
            finally:
                if os.getpid() == parent:
                    os.close(write_end)
                    signal.pthread_sigmask(signal.SIG_SETMASK, held)
        first = _slice_table(table, bounds[0], bounds[1], table.header_lines, bounds[-1])
        with first:
            yield work(first, 0)
        while children:
            pid, read_end = children[0]
            with os.fdopen(read_end, "rb") as pipe:
                children[0] = (pid, -1)
                payload = pipe.read()
            with contextlib.suppress(ChildProcessError):  # (a host that reaps its children)
                os.waitpid(pid, 0)
            children.pop(0)
            yield _outcome(payload, folder)
    finally:
        for pid, read_end in children:
            if pid:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, 0)
            if read_end >= 0:
                os.close(read_end)


def open_spools(source: str | Path, count: int, spools: list[IO[bytes]]) -> str:
    """Add *count* unlinked temporary files to *spools*, for the parts of slices; their folder.

    In the folder of *source* (the same disk as the file, usually), else in the system's
    folder for temporary files. Unlinked, they hold nothing once closed, whatever way the
    process ends; the caller closes them.
    """
    folder = os.path.dirname(os.path.abspath(source))
    for _k in range(count):
        try:
            spools.append(tempfile.TemporaryFile(dir=folder))  # noqa: SIM115 - the caller's
        except OSError:  # (a folder this process may not write to)
            folder = tempfile.gettempdir()
            spools.append(tempfile.TemporaryFile(dir=folder))  # noqa: SIM115 - the caller's
    return folder


def _die_with(parent: int) -> None:  # pragma: no cover - runs in the forked process
    """Have the kernel kill this child when *parent* dies (even of SIGKILL), on Linux."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the request was made
        os._exit(0)


#: prctl(2)'s option: the signal this process gets when its parent dies.
_PR_SET_PDEATHSIG: Final = 1


def _outcome(payload: bytes, folder: str) -> Any:
    """A child's result, or its error raised here (*folder*: where it wrote its part)."""
    try:
        kind, value = pickle.loads(payload)  # our own child's bytes
    except Exception:  # a child that died without a word
        raise WaitingListError("a process reading part of the file stopped unexpectedly") from None
    if kind == "error":
        if folder and isinstance(value, OSError) and not value.filename:  # its temporary file
            raise _spool_error(folder, value) from None
        raise value
    return value


def _spool_error(folder: str, error: OSError) -> WaitingListError:
    """The error of a write to a temporary file for a slice's part, in *folder*."""
    return WaitingListError(
        f"{folder}: {error.strerror or error}, writing part of the output to a temporary file "
        "there (--jobs 1 writes none)"
    )


def _child(  # pragma: no cover - runs in the forked process
    begin: int,
    end: int,
    table: Table,
    k: int,
    work: Callable[[Table, int], object],
    write_end: int,
) -> NoReturn:
    """*work* on the slice ``[begin, end)``, send the outcome, and leave."""
    payload = b""
    try:
        part = _slice_table(table, begin, end, lines_before(table.fileno, begin))
        with part:
            result = work(part, k)
        payload = pickle.dumps(("ok", result))
    except BaseException as error:  # every failure goes to the parent
        try:
            payload = pickle.dumps(("error", error))
            pickle.loads(payload)  # it must come back whole
        except BaseException:
            payload = pickle.dumps(("error", WaitingListError(str(error) or type(error).__name__)))
    finally:
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(write_end, view) :]
        finally:
            os._exit(0)


def check_to_workbook(
    source: str | Path | IO[str] | IO[bytes],
    target: BinaryIO,
    *,
    as_of: date,
    rules: RuleSet = NATIONAL,
    policy: Policy = Policy(),  # noqa: B008 - frozen, safe as a default
    progress: Callable[[int, int], None] | None = None,
    summarize: bool = True,
    profile: str | Path | Profile = "auto",
    encoding: str = "auto",
    sheet: str | None = None,
    notes: Callable[[str], None] | None = None,
) -> CheckSummary:
    """:func:`check_waiting_list`, written as an Excel workbook (the ``excel`` extra).

    The sheet ``Resultat`` holds every row with its results: the cells read from the file as
    text (never a formula), except its days in ISO form, which are dates (see
    ``_typed_results``), the deadline as a date and the days as whole numbers; with
    *summarize*, a sheet ``Sammanfattning`` holds the summary per unit and level (counts as
    numbers).

    Raises:
        WaitingListError: a problem with the file as a whole, or openpyxl is missing.
    """
    from ._xlsx import Workbook

    as_of = as_date(as_of, "as_of")
    check_rules(rules)
    check_policy(policy)
    table, layout = _open(source, profile, encoding, sheet)
    with table, Workbook(target, f"vardgaranti check, as of {as_of}", day=as_of) as book:
        for note in (
            *table.notes,
            replaced_note(table.name, layout),
            costs_note(table.name, layout.header, layout.profile),
        ):
            if notes is not None and note is not None:
                notes(note)
        results = book.sheet(
            "Resultat", [layout.header[i] for i in layout.passthrough] + list(layout.results)
        )
        sink = _Sink(_typed_results(results.append, layout), None, layout)
        summary = _check(table, layout, sink, as_of, rules, policy, progress, summarize)
        if summarize:
            summary_sheet = book.sheet("Sammanfattning", summary.columns())
            for row in summary.rows_as_lists():  # the unit and the level stay text
                counts = (int(cell) if cell.isdecimal() else cell for cell in row[2:])
                summary_sheet.append([*row[:2], *counts])
    return summary


#: The result columns a workbook gets as numbers (whole days).
_DAY_COLUMNS: Final = frozenset({"days_waited", "days_left", "excluded_days"})
#: The fields a profile reads as days: their cells, copied into a workbook, are Excel dates
#: where they are ISO dates (or naive ISO times), as a typed date cell of an input reads.
_DAY_FIELDS: Final = ("start", "completed", "booked", "restart", "referred")
_ISO_DAY: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_TIME: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2})?")


def _as_day(cell: str) -> object:
    """*cell* as a date (or a naive date and time) when it is one in ISO form, else as it is.

    >>> _as_day("2025-06-02"), _as_day("2025-06-02T09:30:00"), _as_day("2025-02-30")
    (datetime.date(2025, 6, 2), datetime.datetime(2025, 6, 2, 9, 30), '2025-02-30')
    >>> _as_day("02/06/2025"), _as_day("2025-06-02T09:30+01:00"), _as_day("")
    ('02/06/2025', '2025-06-02T09:30+01:00', '')
    """
    try:
        if _ISO_DAY.fullmatch(cell):
            return date.fromisoformat(cell)
        if _ISO_TIME.fullmatch(cell):
            return datetime.fromisoformat(cell)
    except ValueError:  # (no such day: the text as written, never a day of another month)
        pass
    return cell


def _typed_results(
    append: Callable[[list[object]], object], layout: _Layout
) -> Callable[[list[str]], object]:
    """*append* given the result cells typed: the deadline a date, days whole numbers.

    The cells read from the file stay text, as they were written, except the days the profile
    reads (start, completed, booked, restart, referred, and exclusions given as pairs of
    columns) that are ISO dates or naive ISO times: those are dates, as a typed date cell of
    an input workbook reads (any other form, or no such day, stays text). An empty result
    cell is an empty cell. What ``check`` writes as ``2025-06-01`` or ``14`` in a CSV file, a
    workbook holds as a date or a number, which Excel sorts and filters as such.
    """
    first = len(layout.passthrough)
    width = first + len(layout.results)
    kinds = [
        "date" if name == "deadline" else "days" if name in _DAY_COLUMNS else ""
        for name in layout.results
    ]
    columns = layout.profile.columns
    days = {column_key(columns.get(field, field)) for field in _DAY_FIELDS}
    days.update(  # (and the days of exclusions given as pairs of columns)
        column_key(column) for _reason, *pair in layout.profile.exclusion_pairs for column in pair
    )
    day_at = [
        place
        for place, index in enumerate(layout.passthrough)
        if column_key(layout.header[index]) in days
    ]

    def typed(cells: list[str]) -> object:
        if len(cells) != width:
            return append(list(cells))
        row: list[object] = list(cells[:first])
        for place in day_at:  # (a date the file holds, sortable in Excel as the deadline is)
            row[place] = _as_day(cells[place])
        for kind, cell in zip(kinds, cells[first:], strict=True):
            if not cell:
                row.append(None)
            elif kind == "date":
                row.append(date.fromisoformat(cell))
            elif kind == "days" and cell.lstrip("-").isdecimal() and cell.isascii():
                row.append(int(cell))
            else:
                row.append(cell)
        return append(row)

    return typed


class _Sink:
    """Where checked rows go: whole rows (cells), or a plain CSV line written as it came."""

    def __init__(
        self,
        row: Callable[[list[str]], object],
        line: Callable[[str], object] | None,
        layout: _Layout,
    ) -> None:
        self.row = row
        self.line = line  # writes a whole CSV line as it is (CSV only)
        self.delimiter = ";"
        self.join = ";".join
        self.passthrough = layout.passthrough
        self.width = len(layout.header)
        self.as_is = len(layout.passthrough) == self.width


class _CsvSink(_Sink):
    """CSV output: the input's delimiter, cells escaped against spreadsheet formulas."""

    def __init__(self, output: IO[str], layout: _Layout, *, header: bool = True) -> None:
        delimiter = layout.delimiter
        writerow = csv.writer(output, delimiter=delimiter, lineterminator="\r\n").writerow
        write = output.write
        join = delimiter.join

        def row(cells: list[str]) -> None:
            writerow([escape_formula(cell) for cell in cells])

        super().__init__(row, write, layout)
        self.delimiter = delimiter
        self.join = join
        self.risky = re.compile(re.escape(delimiter) + "[=+\\-@\t]").search
        if header:
            row([layout.header[i] for i in layout.passthrough] + list(layout.results))


def _check(
    table: Table,
    layout: _Layout,
    sink: _Sink,
    as_of: date,
    rules: RuleSet,
    policy: Policy,
    progress: Callable[[int, int], None] | None,
    summarize: bool,
) -> CheckSummary:
    """The loop of ``check``: every row in, every row out, in order.

    The common CSV line (no quote, no carriage return, nothing a spreadsheet would run) is
    written back as it came, with the results appended: for such a line that is exactly what
    :mod:`csv` would read and write, without the cost of re-quoting every cell. Any other row
    is written cell by cell. The evaluator remembers what rows share.
    """
    width = len(layout.header)
    rows_of = RowEvaluator(layout.profile, layout.header, as_of, rules, policy, SwedishCalendar())
    write_row = sink.row
    write_line = sink.line if sink.as_is else None
    delimiter = sink.delimiter
    join = sink.join
    risky = getattr(sink, "risky", None)
    passthrough = layout.passthrough
    no_results = ("",) * (len(layout.results) - 1)
    empty_results = ("",) * len(layout.results)
    i_unit = rows_of.i_unit
    pad = [""] * width
    total = table.size if progress is not None else 0
    position = table.position
    first_danger = FORMULA_START
    evaluate = rows_of.result
    summary = CheckSummary()
    count = summary.add_result
    rows = errors = empty = 0
    line_number = table.header_lines

    # One loop for every format. A CSV table hands over its lines, and this loop reads the
    # plain ones itself (split on the delimiter: for such a line exactly what csv would read),
    # giving any other line to quoted_record() as read_records() does; other formats hand over
    # their records. (Reading the lines here rather than through read_records() saves a
    # generator step per row: about 5 % of a large check.)
    source: Iterator[Any] = table.lines if table.lines is not None else table.records
    rest, pending = source, deque[Any]()  # (what a quote took, read again: put_back)
    can_write_line = write_line is not None and risky is not None
    body: str | None
    with _decoding_errors(table.name, lambda: line_number, table.unchanged):
        while True:
            taken: list[str] | list[Record] = []
            for item in source:
                if type(item) is str:
                    line_number += 1
                    if item[-1:] == "\n":
                        body = item[:-2] if item[-2:-1] == "\r" else item[:-1]
                    else:
                        body = item[:-1] if item[-1:] == "\r" else item
                    if '"' not in body and "\r" not in body:
                        if not body:
                            continue  # a blank line is not a row
                        row = body.split(delimiter)
                        if "'" in body:  # a cell a writer guarded: read as it was
                            row = unescaped(row)
                        problem = None
                    else:
                        record, line_number, taken = quoted_record(
                            item, source, delimiter, width, line_number
                        )
                        if record is None:
                            if taken:
                                break
                            continue
                        _line, row, body, problem = record
                        row = unescaped(row)
                else:
                    line_number, row, body, problem = item
                rows += 1
                if problem is not None or len(row) != width:
                    if body == DOS_END:  # DOS's end-of-file mark alone: no row (read_records)
                        rows -= 1
                        continue
                    # Keep the row, in its place, cut or padded to the header; say what was
                    # wrong.
                    cells = (row + pad)[:width]
                    problem = problem or width_problem(row, width)
                    if problem is None:  # only delimiters, but not as many as the header has
                        empty += 1
                        write_row([*(cells[i] for i in passthrough), *empty_results])
                    else:
                        errors += 1
                        write_row(
                            [
                                *(cells[i] for i in passthrough),
                                *no_results,
                                shorten(problem, _ERROR_LIMIT),
                            ]
                        )
                    if taken:
                        break
                    continue
                result = evaluate(row)
                if type(result) is not tuple:
                    if is_empty(row):  # a spreadsheet's empty row: it carries no patient
                        empty += 1
                        write_row([*(row[i] for i in passthrough), *empty_results])
                    else:
                        errors += 1
                        write_row(
                            [
                                *(row[i] for i in passthrough),
                                *no_results,
                                shorten(str(result), _ERROR_LIMIT),
                            ]
                        )
                    if taken:
                        break
                    continue
                tail, level, status, band, care = result
                if summarize:
                    count(row[i_unit].strip() if i_unit >= 0 else "", level, status, band, care)
                if (
                    can_write_line
                    and body is not None
                    and body[:1] not in first_danger
                    and risky(body) is None  # type: ignore[misc]
                ):
                    write_line(f"{body}{delimiter}{join(tail)}\r\n")  # type: ignore[misc]
                else:
                    out = [row[i] for i in passthrough]
                    out.extend(tail)
                    write_row(out)
                if progress is not None and not rows % _PROGRESS_ROWS:
                    progress(position(), total)
                if taken:
                    break
            else:
                break
            # the lines a quote took, read again as rows of their own (or the records of the
            # lines a valid quote spans, each with its error)
            source = put_back(pending, taken, rest)
    if progress is not None:
        progress(total, total)
    summary.rows, summary.errors, summary.empty = rows, errors, empty
    return summary


class AssessedRow(NamedTuple):
    """One record of a file, with what the evaluation made of it (a named tuple)."""

    #: the record's number among the data records (1 is the first).
    number: int
    #: the line (CSV), row (Excel) or line of the ``Besok`` element (XML) it began on.
    line: int
    #: the record's cells, in the header's order (padded or cut to the header).
    cells: list[str]
    #: the evaluation, or ``None`` for a bad or empty row.
    assessed: Assessed | None
    #: why the row could not be evaluated (naming its column), or ``None``.
    error: str | None
    #: the column the error is about (as the file names it), or ``None``: a row of the wrong width,
    #: or an error about no one column.
    field: str | None = None

    @property
    def empty(self) -> bool:
        """Whether the row has only empty cells (it carries no patient, and is no error)."""
        return self.assessed is None and self.error is None

    def __repr__(self) -> str:
        # (without the cells: a logged row would carry every one, a diagnosis in a note too)
        return (
            f"AssessedRow(number={self.number!r}, line={self.line!r}, cells=<{len(self.cells)} "
            f"cells>, assessed={self.assessed!r}, error={masked_repr(self.error)}, "
            f"field={self.field!r})"
        )


def check_assessed(file: object, as_of: date | None = None) -> None:
    """Refuse what is not an :class:`AssessedFile`, or one assessed as of another day.

    For the builders that take one (``StatsCounter``, ``WorklistBuilder``, ``Validator``):
    a path (which ``compute_stats`` and the like take) or another object, and a day that is
    not the file's, which would judge its rows as of one day and the rest as of another.

    Raises:
        InvalidTypeError: *file* is not an ``AssessedFile`` (field ``file``).
        InvalidValueError: *as_of* is not the day *file* was assessed as of (field ``as_of``).
    """
    if not isinstance(file, AssessedFile):
        raise InvalidTypeError(
            f"must be an AssessedFile (with assess_file(...) as file: ...), not "
            f"{type(file).__name__} {echo(file)}",
            field="file",
        )
    if as_of is not None and as_of != file.evaluator.as_of:
        raise InvalidValueError(
            f"{as_of} is not the day the file was assessed as of ({file.evaluator.as_of}): give "
            "assess_file the same as_of",
            field="as_of",
        )


class AssessedFile:
    """A waiting-list file being read and evaluated: its header, profile and rows.

    Made by :func:`assess_file`; use it as a context manager. :attr:`rows` streams (memory
    stays flat) and can be read once.

    Attributes:
        table: the open file (name, format, header, delimiter, meta such as an XML delivery's
            ``DatatGallerFor``, notes).
        profile: the profile the columns are read by.
        header: the column names as written.
        column: the position of each field the profile maps, or -1 when the file lacks it.
        rows: every record, in order, as :class:`AssessedRow`.
    """

    def __init__(
        self, table: Table, layout: _Layout, evaluator: RowEvaluator, source: object = None
    ) -> None:
        self.table = table
        self._layout = layout
        self._source = source
        self.profile = layout.profile
        self.header = layout.header
        self.column = dict(evaluator.position)
        self.evaluator = evaluator
        self.rows = self._rows()

    def _rows(self) -> Iterator[AssessedRow]:
        width = len(self.header)
        pad = [""] * width
        assess = self.evaluator.assess
        number = 0
        line = self.table.header_lines
        with _decoding_errors(self.table.name, lambda: line, self.table.unchanged):
            for line, row, _body, problem in self.table.records:
                number += 1
                cells = row if len(row) == width else (row + pad)[:width]
                problem = problem or width_problem(row, width)
                if problem is not None:
                    error = shorten(problem, _ERROR_LIMIT)
                    if type(problem) is InsideQuote:  # (may be text of the cell before it)
                        error = InsideQuote(error)
                    yield AssessedRow(number, line, cells, None, error)
                    continue
                done = assess(cells)
                if isinstance(done, VardgarantiError):
                    if is_empty(cells):
                        yield AssessedRow(number, line, cells, None, None)
                    else:
                        yield AssessedRow(
                            number, line, cells, None, shorten(str(done), _ERROR_LIMIT), done.field
                        )
                else:
                    yield AssessedRow(number, line, cells, done, None)

    def count_in_slices(
        self,
        workers: int,
        count: Callable[[Iterator[AssessedRow], int], None],
        state: Callable[[], _T],
        merge: Callable[[_T], bool],
        notes: Callable[[str], None] | None = None,
    ) -> bool | None:
        """Count the file's rows in up to *workers* processes, merging the counts in order.

        As ``check --jobs`` reads a file (see :func:`map_slices`): a CSV file given by its path,
        large enough, on Linux, and this process without other threads (else *notes* is told
        why not). The counters are made before (each child has a copy of them, empty): each
        slice's rows go to ``count(rows, k)`` in its process, *k* the slice's place (0: this
        process), as a file of its own (row numbers count from its first row; lines are the
        file's); a later slice's counters hand over ``state()`` (it must pickle), given here
        to ``merge``, in order, after the first slice's counts.

        Args:
            workers: at most this many processes.
            count: counts a slice's rows: ``count(rows, k)``.
            state: what a later slice's counters hand over (it must pickle).
            merge: adds a later slice's ``state()`` to this process's counters; ``False``: it
                cannot.
            notes: told why the file is read in one piece, or counted again.

        Returns:
            ``True`` when counted so; ``None`` when the file is to be read in one piece
            (nothing was counted); ``False`` when a merge refused (it returned ``False``: the
            counters hold part of the counts, and the file is to be counted again with new
            ones; *notes* is told).
        """

        def work(rows: Iterator[AssessedRow], k: int) -> _T | None:
            count(rows, k)
            return state() if k else None

        parts = self.slices(workers, work, notes)
        if parts is None:
            return None
        with contextlib.closing(parts):
            next(parts)
            merged = all(merge(handed) for handed in parts if handed is not None)
        if not merged and notes is not None:
            notes(
                f"{self.table.name}: counted again in one process: the counts of its slices "
                "cannot be merged into the same figures (more distinct ids or referrals than "
                "the duplicate checks remember, or more kinds of row errors than are named)"
            )
        return merged

    def slices(
        self,
        workers: int,
        work: Callable[[Iterator[AssessedRow], int], _T],
        notes: Callable[[str], None] | None = None,
        spools: list[IO[bytes]] | None = None,
    ) -> Generator[_T, None, None] | None:
        """*work* on the rows of each slice of the file, in up to *workers* processes.

        The file is cut as ``check --jobs`` cuts it (see :func:`map_slices`): a CSV file given
        by its path, large enough, on Linux, and this process without other threads (else
        *notes* is told why not). ``work(rows, k)`` gets the rows of slice *k* (0: in this
        process) as a file of its own (row numbers count from its first row; lines are the
        file's); in a child it must return what pickles. With *spools*, an unlinked temporary
        file per slice is added to it first (see :func:`open_spools`), for *work* to write its
        part into (the caller closes them).

        Args:
            workers: at most this many processes.
            work: ``work(rows, k)`` on slice *k*'s rows.
            notes: told why the file is read in one piece.
            spools: a list to add one temporary file per slice to.

        Returns:
            The results in order (close the generator when done), or ``None`` when the file is
            to be read in one piece (nothing was read; :attr:`rows` is untouched either way).
        """
        source = self._source
        bounds = _slices_of(source, self.table, workers, notes)
        if bounds is None:
            return None
        assert isinstance(source, (str, Path))  # (only a file given by its path is cut)
        folder = "" if spools is None else open_spools(source, len(bounds) - 1, spools)
        layout, evaluator = self._layout, self.evaluator

        def run(part: Table, k: int) -> _T:
            try:
                return work(AssessedFile(part, layout, evaluator).rows, k)
            except OSError as error:
                if k or not folder or error.filename:
                    raise
                # this process's own part, into its temporary file: said as a child's is
                raise _spool_error(folder, error) from None

        return map_slices(bounds, self.table, run, folder)

    def close(self) -> None:
        """Close the file."""
        self.table.close()

    def __enter__(self) -> AssessedFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.table.__exit__(*exc)  # (left without an error: the file must be as it was)


def assess_file(
    source: str | Path | IO[str] | IO[bytes],
    *,
    as_of: date,
    rules: RuleSet = NATIONAL,
    policy: Policy = Policy(),  # noqa: B008 - frozen, safe as a default
    profile: str | Path | Profile = "auto",
    encoding: str = "auto",
    sheet: str | None = None,
    periods: bool = True,
) -> AssessedFile:
    r"""Open a waiting list and evaluate its rows as they are read (the engine of ``check``).

    For the commands and scripts that count, group or forecast: each row comes with its cells
    and its evaluation, typed (:class:`~vardgaranti.Assessed`), from the same core and
    the same shared plans as ``check``. Every record gives one row, in order: a row that
    cannot be evaluated comes with its error (naming its column) and no evaluation, an empty
    one with neither. Use the file as a context manager; its rows stream (memory stays flat)
    and can be read once.

    Args:
        source: a path, ``"-"`` for standard input, or an open text or binary stream (a CSV
            file, a national XML delivery or an Excel workbook, as ``check`` reads).
        as_of: the day the rows are evaluated on (an aware datetime: its day in Stockholm).
        rules: the rule set (``NATIONAL``, ``BUP`` or a regional overlay).
        policy: the choices where the law is unclear (:class:`~vardgaranti.Policy`).
        profile: how the columns are read: ``auto``, a profile's name or file.
        encoding: ``auto``, ``utf-8``, ``cp1252`` or ``utf-16`` (a CSV file).
        sheet: the sheet of a workbook (default: the first one shown in Excel).
        periods: keep each row's periods not counted (:attr:`Assessed.periods
            <vardgaranti.Assessed.periods>`), which a letter names; without, ``()`` (a pass
            that names none, carrying rows between processes, saves their cost).

    Returns:
        The open :class:`AssessedFile`.

    Raises:
        WaitingListError: a problem with the file as a whole.

    A start after the as-of day is the row's error, and the next row is evaluated as usual:

    >>> import io
    >>> from datetime import date
    >>> text = "id;level;start\nA;visit;2025-06-10\nB;visit;2025-03-01\n"
    >>> with assess_file(io.StringIO(text), as_of=date(2025, 6, 2)) as file:
    ...     rows = list(file.rows)
    >>> rows[0].error, rows[0].field
    ("start: the as-of date 2025-06-02 is before the clock's start 2025-06-10", 'start')
    >>> rows[1].assessed.deadline, rows[1].assessed.status.value
    (datetime.date(2025, 5, 30), 'overdue')
    """
    as_of = as_date(as_of, "as_of")
    check_rules(rules)
    check_policy(policy)
    table, layout = _open(source, profile, encoding, sheet)
    try:
        evaluator = RowEvaluator(
            layout.profile, layout.header, as_of, rules, policy, SwedishCalendar(),
            periods=periods,
        )  # fmt: skip
    except BaseException:
        table.close()
        raise
    return AssessedFile(table, layout, evaluator, source)


def example_waiting_list() -> Path:
    """The path of the sample waiting list shipped inside the package.

    300 synthetic rows (no real patients) across units and levels, with exclusions, bookings,
    completions and a few rows with mistakes on purpose; meant to be read as of
    :data:`EXAMPLE_AS_OF` (2025-06-02).

    Its 13 rows with mistakes are kept, each with its error:

    >>> import io
    >>> example_waiting_list().name
    'example_waiting_list.csv'
    >>> summary = check_waiting_list(example_waiting_list(), io.StringIO(), as_of=EXAMPLE_AS_OF)
    >>> summary.rows, summary.errors
    (300, 13)

    Imported from a zip (a zipapp, a PEX), the package has no file to name: the list is then
    copied once into a private temporary folder, removed when the process ends.
    """
    path = Path(__file__).with_name("data") / "example_waiting_list.csv"
    if path.is_file():
        return path
    return _extracted_example()


@functools.cache
def _extracted_example() -> Path:
    """The shipped example copied out of a zip the package is imported from (see above)."""
    import atexit
    import pkgutil
    import shutil
    import tempfile

    data = pkgutil.get_data(__package__ or "vardgaranti", "data/example_waiting_list.csv")
    if data is None:  # pragma: no cover - a loader that cannot read its own data
        raise WaitingListError("example_waiting_list.csv: the package's loader cannot read it")
    folder = tempfile.mkdtemp(prefix="vardgaranti-")  # (0o700: private)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = Path(folder) / "example_waiting_list.csv"
    path.write_bytes(data)
    return path


#: The as-of day the shipped example is meant to be read on.
EXAMPLE_AS_OF: Final = date(2025, 6, 2)
