"""Waiting lists: read a region's CSV export, evaluate every row, write it back.

Everything streams row by row, so memory stays flat whatever the file's size. The rules are the
engine's own (:mod:`vardgaranti._clock`); this module only parses cells, caches what repeats
(dates, levels, rule look-ups) and keeps every row, good or bad, in its place.

The CSV format:

* UTF-8, with or without a byte-order mark (Excel's "CSV UTF-8"); the delimiter (``;`` or
  ``,``) is detected from the header line. Header names are case-insensitive.
* Required columns ``id``, ``level``, ``start``; optional ``completed``, ``booked``,
  ``exclusions`` (``mov:2025-04-01..2025-04-14; pvv:2025-06-01..2025-06-10``, items separated by
  ``;``, ``,`` or blanks), ``restart``, ``listed`` (``ja``/``nej``, ``yes``/``no``, ``1``/``0``,
  ``true``/``false``; empty: unknown), ``unit``. Any other column passes through untouched.
* The output has every input column in its order, then ``deadline``, ``status``,
  ``days_waited``, ``days_left``, ``excluded_days``, ``care_elsewhere``, ``error``. A column of
  the input with one of those names (an earlier output checked again) is replaced, not
  duplicated.
"""

from __future__ import annotations

import array
import contextlib
import csv
import io
import itertools
import operator
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Final

import attrs

from ._calendar import SwedishCalendar
from ._case import INTERVAL, Case, parse_exclusions, split_items
from ._clock import (
    Policy,
    Result,
    Status,
    _care_elsewhere_applies,
    _classify,
    _excluded_within,
    check_exclusions,
    evaluate,
    extend_deadline,
    merge_spans,
    overflow_cause,
    statutory_deadline,
)
from ._dates import as_date, parse_date
from ._records import body_of, read_header, read_records
from ._rules import NATIONAL, ExclusionReason, Level, Rule, RuleSet
from ._text import echo, shorten
from .errors import InvalidTypeError, UnknownLevelError, VardgarantiError, WaitingListError

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

REQUIRED_COLUMNS: Final = ("id", "level", "start")
#: The delimiters a header is tried with, in order of preference.
DELIMITERS: Final = (";", ",", "\t")
#: The most header names an error message lists.
_NAMES_SHOWN: Final = 40
OPTIONAL_COLUMNS: Final = ("completed", "booked", "exclusions", "restart", "listed", "unit")
#: The columns ``check`` appends to every row, in order.
RESULT_COLUMNS: Final = (
    "deadline",
    "status",
    "days_waited",
    "days_left",
    "excluded_days",
    "care_elsewhere",
    "error",
)
_FORMULA_START: Final = frozenset("=+-@\t\r")
_NUMBER: Final = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")
_LISTED: Final = {
    "": None,
    "ja": True,
    "j": True,
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "x": True,
    "nej": False,
    "n": False,
    "no": False,
    "false": False,
    "0": False,
}
_CACHE_LIMIT: Final = 200_000


def escape_formula(cell: str) -> str:
    r"""Neutralise a cell a spreadsheet would run as a formula by prefixing ``'``.

    Cells starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return are escaped, except
    plain numbers such as ``-12`` or ``+3,5``.

    >>> print(escape_formula('=HYPERLINK("http://x")'), escape_formula("-12"), escape_formula("ok"))
    '=HYPERLINK("http://x") -12 ok
    """
    if cell and cell[0] in _FORMULA_START and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def parse_listed(text: str) -> bool | None:
    """Read the ``listed`` column: ja/nej, yes/no, true/false, 1/0; empty is unknown.

    Raises:
        WaitingListError: any other text.
    """
    key = text.strip().lower()
    if key in _LISTED:
        return _LISTED[key]
    raise WaitingListError(f"{text!r} is not ja/nej, yes/no, true/false or 1/0")


# -- reading ------------------------------------------------------------------------------------


@attrs.frozen
class _Layout:
    """Where the known columns are in a file's header."""

    header: tuple[str, ...]
    delimiter: str
    bom: bool
    index: dict[str, int]
    passthrough: tuple[int, ...]


def _detect(header_line: str) -> str:
    """The delimiter of a header line: the one under which the required columns appear.

    Counting characters alone is fooled by a quoted name such as ``"kod; intern"``; so each
    candidate (``;``, ``,``, tab) reads the header line as CSV, and the one that finds more of
    the required columns wins (then the one giving more columns; ``;`` before ``,`` before tab).
    """

    def score(delimiter: str) -> tuple[int, int]:
        try:
            names = next(csv.reader([body_of(header_line)], delimiter=delimiter), [])
        except csv.Error:
            return -1, 0
        found = {name.strip().lower() for name in names}
        return sum(name in found for name in REQUIRED_COLUMNS), len(names)

    return max(DELIMITERS, key=score)


def _layout(header: list[str], delimiter: str, bom: bool, source: str) -> _Layout:
    names = [name.strip().lower() for name in header]
    index: dict[str, int] = {}
    for position, name in enumerate(names):
        if name in REQUIRED_COLUMNS or name in OPTIONAL_COLUMNS or name in RESULT_COLUMNS:
            if name in index:
                raise WaitingListError(f"{source}: column {name!r} appears twice in the header")
            index[name] = position
    missing = [name for name in REQUIRED_COLUMNS if name not in index]
    if missing:
        found = ", ".join(echo(name) for name in header[:_NAMES_SHOWN]) or "none"
        if len(header) > _NAMES_SHOWN:
            found += f" and {len(header) - _NAMES_SHOWN} more"
        raise WaitingListError(
            f"{source}: required column(s) {', '.join(repr(m) for m in missing)} missing "
            f"(columns found: {found}; delimiter {delimiter!r})"
        )
    passthrough = tuple(i for i, name in enumerate(names) if name not in RESULT_COLUMNS)
    return _Layout(tuple(header), delimiter, bom, index, passthrough)


def _open_text(source: str | Path | IO[str]) -> tuple[IO[str], str, bool]:
    if not isinstance(source, (str, Path)) and not hasattr(source, "read"):
        raise InvalidTypeError(
            "a waiting list is a path, '-' for standard input, or an open text stream, not "
            f"{type(source).__name__} {echo(source)}"
        )
    if isinstance(source, (str, Path)):
        path = Path(source)
        if str(source) == "-":
            return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline=""), "<stdin>", True
        if path.is_dir():
            raise WaitingListError(f"{path}: is a directory, not a CSV file")
        try:
            return path.open(encoding="utf-8", newline=""), str(path), True
        except OSError as error:
            raise WaitingListError(f"{path}: cannot open ({error.strerror})") from None
    return source, getattr(source, "name", "<stream>"), False


@attrs.frozen
class _Reader:
    layout: _Layout
    lines: Iterator[str]  # the lines after the header
    handle: IO[str]
    source: str
    header_lines: int  # physical lines the header took (a quoted name may hold a line break)


def _start_reading(handle: IO[str], source: str) -> _Reader:
    lines = iter(handle)
    try:
        first = next(lines, "")
    except UnicodeDecodeError as error:
        raise WaitingListError(f"{source}: not UTF-8 text ({error.reason})") from None
    bom = first.startswith("\ufeff")
    first = first.removeprefix("\ufeff")
    if not first.strip():
        raise WaitingListError(f"{source}: empty file (no header line)")
    if "\x00" in first:
        raise WaitingListError(f"{source}: not a CSV text file (binary data in the header)")
    delimiter = _detect(first)
    try:
        header, taken, problem = read_header(itertools.chain((first,), lines), delimiter)
    except UnicodeDecodeError as error:
        raise WaitingListError(f"{source}: not UTF-8 text ({error.reason})") from None
    if problem:
        raise WaitingListError(f"{source}: line 1: the header {problem}")
    layout = _layout(header, delimiter, bom, source)
    return _Reader(layout, lines, handle, source, taken)


@contextlib.contextmanager
def _file_errors(reader: _Reader, line: Callable[[], int]) -> Iterator[None]:
    """Turn decoding errors met while reading rows into a file-level error.

    *line* tells the number of the last physical line read, for the message.
    """
    try:
        yield
    except UnicodeDecodeError as error:
        # Text is decoded ahead in chunks: find the line itself when the source is a file.
        bad = _first_line_not_utf8(reader.source)
        where = f"on line {bad}" if bad is not None else f"after line {line()}"
        raise WaitingListError(
            f"{reader.source}: not UTF-8 text {where} ({error.reason}); save the file as "
            "'CSV UTF-8'"
        ) from None


def _first_line_not_utf8(source: str) -> int | None:
    """The number of the first line of the file *source* that is not UTF-8, if it is a file."""
    try:
        with open(source, "rb") as handle:
            for number, raw in enumerate(handle, 1):
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError:
                    return number
    except OSError:
        return None
    return None


@attrs.frozen
class WaitingListRow:
    """One data row of a waiting list, as read.

    Attributes:
        number: the row's number among the data rows (1 is the first after the header).
        cells: the row's cells, by header name (lowercased, blanks stripped).
        case: the case, or ``None`` when the row could not be read as one, or is empty.
        error: why the row could not be read (naming the column), or ``None``.
    """

    number: int
    cells: dict[str, str]
    case: Case | None
    error: str | None

    @property
    def empty(self) -> bool:
        """Whether the row is empty: only delimiters, as a spreadsheet's empty row.

        It keeps its place but carries no patient, and is not an error.
        """
        return self.case is None and self.error is None


def read_waiting_list(source: str | Path | IO[str]) -> Iterator[WaitingListRow]:
    r"""Read a waiting-list CSV row by row.

    A bad row is yielded with its ``error`` (naming the column) instead of being dropped or
    stopping the reading; only a problem with the file as a whole raises.

    Args:
        source: a path, ``"-"`` for standard input, or an open text stream.

    Yields:
        Every data row, in order.

    Raises:
        WaitingListError: the file cannot be read, is not UTF-8 CSV, or lacks a required column.

    >>> import io
    >>> text = "ID;Level;Start\nA1;besök;2025-03-01\nA2;besk;2025-03-01\n"
    >>> [(row.cells["id"], row.error) for row in read_waiting_list(io.StringIO(text))]
    [('A1', None), ('A2', "level: unknown level 'besk'; expected one of: ...")]
    """
    handle, name, owned = _open_text(source)
    try:
        reader = _start_reading(handle, name)
        names = [name.strip().lower() for name in reader.layout.header]
        width = len(names)
        number = 0
        line = reader.header_lines
        with _file_errors(reader, lambda: line):
            for line, row, _body, problem in read_records(  # noqa: B007 - line: for errors
                reader.lines, reader.layout.delimiter, width, reader.header_lines
            ):
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
                        case = _case_from_cells(cells)
                    except VardgarantiError as error:
                        yield WaitingListRow(number, cells, None, str(error))
                    else:
                        yield WaitingListRow(number, cells, case, None)
    finally:
        if owned:
            handle.close()


def width_problem(row: list[str], width: int) -> str | None:
    """What is wrong with a row that does not have the header's number of cells, if it does not.

    A row of only empty cells (a spreadsheet's empty row) is never wrong: it carries no patient.
    The extra cells of a long row are quoted (up to a bound) so that the message shows them.
    """
    if len(row) == width or is_empty(row):
        return None
    problem = f"the row has {len(row)} cells but the header has {width}"
    if len(row) > width:
        problem += f" (extra cells: {echo(row[width:])})"
    return problem


def is_empty(row: list[str]) -> bool:
    """Whether every cell of *row* is blank: a row of only delimiters carries no patient."""
    return not any(cell and not cell.isspace() for cell in row)


def _column(name: str, parse: Callable[[str], object], text: str) -> object:
    try:
        return parse(text)
    except VardgarantiError as error:
        message = str(error)
        prefix = f"{name}: "
        raise WaitingListError(
            message if message.startswith(prefix) else prefix + message
        ) from None


def _optional(cells: dict[str, str], name: str) -> date | None:
    text = cells.get(name, "").strip()
    return None if not text else parse_date(text, name)


def _case_from_cells(cells: dict[str, str]) -> Case:
    level = _column("level", Level.parse, cells.get("level", ""))
    start = parse_date(cells.get("start", ""), "start")
    exclusions = _column("exclusions", parse_exclusions, cells.get("exclusions", ""))
    listed = _column("listed", parse_listed, cells.get("listed", ""))
    try:
        return Case(
            level=level,  # type: ignore[arg-type]
            start=start,
            completed=_optional(cells, "completed"),
            booked=_optional(cells, "booked"),
            exclusions=exclusions,  # type: ignore[arg-type]
            restart=_optional(cells, "restart"),
            listed=listed,  # type: ignore[arg-type]
            id=cells.get("id"),
        )
    except VardgarantiError as error:
        raise WaitingListError(_name_column(str(error))) from None


def _name_column(message: str) -> str:
    for name in ("completed", "booked", "restart", "exclusions"):
        if message.startswith(name):
            return message if message.startswith(f"{name}:") else f"{name}: {message}"
    if message.startswith("exclusion"):
        return f"exclusions: {message}"
    return message


# -- evaluating ---------------------------------------------------------------------------------


@attrs.frozen
class Evaluated:
    """One item of :func:`evaluate_many`: what went in, and the result or the error.

    Attributes:
        item: the :class:`~vardgaranti.Case` or :class:`WaitingListRow` given.
        result: the result, or ``None`` if the item could not be evaluated.
        error: why not, or ``None``.
    """

    item: Case | WaitingListRow
    result: Result | None
    error: str | None


def evaluate_many(
    items: Iterable[Case | WaitingListRow],
    *,
    as_of: date,
    rules: RuleSet = NATIONAL,
    policy: Policy = Policy(),  # noqa: B008 - frozen, safe as a default
) -> Iterator[Evaluated]:
    """Evaluate cases (or rows from :func:`read_waiting_list`) one by one, losing none.

    Each item gives exactly one :class:`Evaluated`, in order; an item that cannot be evaluated
    carries its error instead of stopping the run. Lazy: memory stays flat.

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
    no national rule for 'visit' was in force on 2001-01-02 (the first took effect 2005-11-01)
    """
    as_of = as_date(as_of, "as_of")
    for item in items:
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
                f"{type(item).__name__}"
            )
        try:
            result = evaluate(case, as_of=as_of, rules=rules, policy=policy)
        except VardgarantiError as error:
            yield Evaluated(item, None, str(error))
        else:
            yield Evaluated(item, result, None)


# -- the fast path of `vardgaranti check` --------------------------------------------------------


#: The columns that decide a row's deadline; rows that agree on them share it (see _Base).
_BASE_INPUTS: Final = ("level", "start", "restart", "listed", "exclusions")
_MEMO_LIMIT: Final = 20_000
_REASONS: Final = {reason.value: reason for reason in ExclusionReason}


class _RowError(VardgarantiError):
    """A bad row: the message names the column."""


_NO_RESULTS: Final = ("", "", "", "", "", "")
_EMPTY_RESULTS: Final = ("",) * 7
#: The most characters of a row's error message written to the output.
_ERROR_LIMIT: Final = 1000
_NOT_COVERED_TAIL: Final = ("", Status.NOT_COVERED.value, "", "", "", "no", "")
#: A row's result: the result cells, then level, status, band and care elsewhere (summary).
_RowResult = tuple[tuple[str, ...], Level, Status, int, bool]
_NUMBER_TEXT: Final = tuple(str(n) for n in range(1000))


_MISSING: Final = date.min  # a sentinel no waiting list can contain (year 1)


@attrs.define
class _Base:
    """What a row's level, start, restart, listing and exclusions decide.

    Computed before the clock is read against the completion, the booking and the as-of day,
    and shared by every row that agrees on those five cells.
    """

    level: Level
    rule: Rule
    start: date
    restart: date | None  # as given, even after the as-of day (then clock_start ignores it)
    clock_start: date
    deadline: date
    care_deadline: date  # the national deadline under a regional rule (HSL 9 kap. 2 §)
    deadline_text: str
    excluded_text: str
    merged: list[tuple[date, date, frozenset[ExclusionReason]]]
    counted: list[bool]
    care_applies: bool
    not_covered: bool


class _RowEvaluator:
    """Evaluates rows for ``vardgaranti check``, caching what repeats across a file.

    Same rules as :func:`~vardgaranti.evaluate`, built from the same pieces (the rule set,
    :func:`~vardgaranti._clock.merge_spans`, :func:`extend_deadline`, :func:`classify`); the
    test suite checks that the two agree on generated rows. This is the hot path.
    """

    def __init__(
        self,
        layout: _Layout,
        as_of: date,
        rules: RuleSet,
        policy: Policy,
        calendar: SwedishCalendar,
    ) -> None:
        self.as_of = as_of
        self.rules = rules
        self.policy = policy
        self.calendar = calendar
        index = layout.index
        self.i_level = index["level"]
        self.i_start = index["start"]
        self.i_restart = index.get("restart", -1)
        self.i_listed = index.get("listed", -1)
        self.i_exclusions = index.get("exclusions", -1)
        self.i_completed = index.get("completed", -1)
        self.i_booked = index.get("booked", -1)
        self.base_of = operator.itemgetter(*(index[c] for c in _BASE_INPUTS if c in index))
        self.bases: dict[tuple[str, ...], _Base | str] = {}
        self.dates: dict[str, date | None] = {"": None}
        self._levels: dict[str, Level] = {}
        self._rules: dict[tuple[Level, date], tuple[Rule, timedelta, bool]] = {}

    def day(self, text: str, column: str) -> date | None:
        """The date in a cell (``None`` when blank); a bad date raises naming the column."""
        day = self.dates.get(text, _MISSING)
        if day is not _MISSING:
            return day
        if not text.strip():
            return None
        try:
            day = parse_date(text, column)
        except VardgarantiError as error:
            raise _RowError(str(error)) from None
        if len(self.dates) < _CACHE_LIMIT:
            self.dates[text] = day
        return day

    def level(self, text: str) -> Level:
        """The level in a cell."""
        level = self._levels.get(text)
        if level is None:
            try:
                level = Level.parse(text)
            except VardgarantiError as error:
                raise _RowError(f"level: {error}") from None
            if len(self._levels) < _CACHE_LIMIT:
                self._levels[text] = level
        return level

    def base(self, row: list[str]) -> _Base:
        """Evaluate a row's level, start, restart, listing and exclusions."""
        level = self.level(row[self.i_level])
        start = self.day(row[self.i_start], "start")
        if start is None:
            raise _RowError("start: the date is empty (expected YYYY-MM-DD)")
        found = self._rules.get((level, start))
        if found is None:
            try:
                rule = self.rules.rule_for(level, start)
            except UnknownLevelError as error:
                raise _RowError(f"level: {error}") from None
            except VardgarantiError as error:
                raise _RowError(f"start: {error}") from None
            found = (rule, timedelta(days=rule.days), _care_elsewhere_applies(rule))
            if len(self._rules) < _CACHE_LIMIT:
                self._rules[level, start] = found
        rule, limit, care_applies = found
        given = self.day(row[self.i_restart], "restart") if self.i_restart >= 0 else None
        if given is not None and given < start:
            raise _RowError(f"restart: {given} is before the start {start}")
        # A restart after the as-of day, like a completion, has not happened yet then.
        restart = given if given is not None and given <= self.as_of else None
        clock_start = start
        if restart is not None:
            clock_start = restart
        if self.as_of < clock_start:
            column = "restart" if restart else "start"
            raise _RowError(f"{column}: {clock_start} is after the as-of date {self.as_of}")
        deadline = clock_start + limit
        merged: list[tuple[date, date, frozenset[ExclusionReason]]] = []
        counted: list[bool] = []
        text = row[self.i_exclusions] if self.i_exclusions >= 0 else ""
        if text and not text.isspace():
            merged = merge_spans(self._spans(text, rule), clock_start)
            extended, counted = extend_deadline(deadline, merged)
        else:
            extended = deadline
        excluded = (extended - deadline).days
        # After the exclusions, as in evaluate(): a bad exclusion is reported even then.
        not_covered = False
        if self.i_listed >= 0 and row[self.i_listed]:
            try:
                listed = parse_listed(row[self.i_listed])
            except VardgarantiError as error:
                raise _RowError(f"listed: {error}") from None
            not_covered = listed is False and rule.listing_citation is not None
        care_deadline = extended
        if not not_covered:
            try:
                if self.policy.roll_forward:
                    extended = self.calendar.roll_forward(extended)
                care_deadline = extended
                if rule.base is not None:  # care elsewhere follows the national deadline
                    care_deadline = statutory_deadline(
                        rule, clock_start, merged, self.policy, self.calendar
                    )
            except VardgarantiError as error:
                raise _RowError(f"deadline: {error}") from None
        return _Base(
            level=level,
            rule=rule,
            start=start,
            restart=given,
            clock_start=clock_start,
            deadline=extended,
            care_deadline=care_deadline,
            deadline_text=extended.isoformat(),
            excluded_text=str(excluded),
            merged=merged,
            counted=counted,
            care_applies=care_applies,
            not_covered=not_covered,
        )

    def result(self, row: list[str]) -> _RowResult | str:
        """A row's result cells and summary keys, or its error naming the column."""
        key = self.base_of(row)
        base = self.bases.get(key)
        if base is None:
            try:
                base = self.base(row)
            except VardgarantiError as error:
                base = str(error)
            except OverflowError:
                base = self._overflow(row)
            if not self._has_exclusions(row):  # those rarely repeat: not worth keeping
                if len(self.bases) >= _MEMO_LIMIT:
                    self.bases.clear()  # bounded memory, whatever the file's size
                self.bases[key] = base
        if isinstance(base, str):
            return base
        dates = self.dates
        completed = booked = None
        try:
            if self.i_completed >= 0:
                text = row[self.i_completed]
                completed = dates.get(text, _MISSING)
                if completed is _MISSING:
                    completed = self.day(text, "completed")
            if self.i_booked >= 0:
                text = row[self.i_booked]
                booked = dates.get(text, _MISSING)
                if booked is _MISSING:
                    booked = self.day(text, "booked")
        except VardgarantiError as error:
            return str(error)
        start = base.start
        if completed is not None and completed < start:
            return f"completed: {completed} is before the start {start}"
        if booked is not None and booked < start:
            return f"booked: {booked} is before the start {start}"
        if base.restart is not None and completed is not None and completed < base.restart:
            return f"restart: {base.restart} is after the completion {completed}"
        if base.not_covered:
            return _NOT_COVERED_TAIL, base.level, Status.NOT_COVERED, -1, False
        as_of = self.as_of
        if completed is not None and completed > as_of:
            completed = None  # not yet happened as of that day
        status, left, _over, care = _classify(
            base.deadline, as_of, completed, booked, base.care_applies, self.policy.at_risk_days
        )
        if base.care_deadline != base.deadline:  # a regional rule
            care = _classify(
                base.care_deadline,
                as_of,
                completed,
                booked,
                base.care_applies,
                self.policy.at_risk_days,
            )[3]
        until = completed or as_of
        waited = (until - base.clock_start).days
        if base.merged:
            waited -= _excluded_within(base.merged, base.counted, until)
        numbers = _NUMBER_TEXT  # inlined band_index() and str(): this runs for every row
        tail = (
            base.deadline_text,
            status,
            numbers[waited] if 0 <= waited < 1000 else str(waited),
            "" if left is None else numbers[left] if left < 1000 else str(left),
            base.excluded_text,
            "yes" if care else "no",
            "",
        )
        return tail, base.level, status, _BAND_OF_DAY[waited if waited < 181 else 181], care

    def _overflow(self, row: list[str]) -> str:
        """Name what pushed a row's deadline past 9999-12-31: its start, or its exclusions."""
        try:
            level = self.level(row[self.i_level])
            start = self.day(row[self.i_start], "start")
            restart = self.day(row[self.i_restart], "restart") if self.i_restart >= 0 else None
            assert start is not None  # the row got as far as its deadline
            days = self.rules.rule_for(level, start).days
        except VardgarantiError:  # pragma: no cover - the row got as far as its deadline
            return "exclusions: the deadline would fall after 9999-12-31"
        clock_start = restart if restart is not None and restart <= self.as_of else start
        return overflow_cause(clock_start, days)

    def _has_exclusions(self, row: list[str]) -> bool:
        return self.i_exclusions >= 0 and bool(row[self.i_exclusions])

    def _spans(self, text: str, rule: Rule) -> list[tuple[date, date, ExclusionReason]]:
        """The exclusion periods of a cell, checked against the rule.

        The common, well-formed case is read here with the date cache; anything else goes
        through :func:`parse_exclusions` and :func:`check_exclusions`, whose errors are the
        library's own.
        """
        spans = []
        dates = self.dates
        allowed = rule.exclusion_reasons
        for item in split_items(text):
            if not item:
                continue  # a leading, trailing or doubled separator: ignored, as by the API
            match = INTERVAL.match(item)
            if match is not None:
                reason, first, last = match.groups()
                reason_ = _REASONS.get(reason) or _REASONS.get(reason.lower())
                start = dates.get(first) or self._cached_day(first)
                end = dates.get(last) or self._cached_day(last)
                if reason_ in allowed and start is not None and end is not None and start <= end:
                    spans.append((start, end, reason_))
                    continue
            try:  # not the common case: let the library say what is wrong
                check_exclusions(rule, parse_exclusions(text))
            except VardgarantiError as error:
                raise _RowError(f"exclusions: {error}") from None
            raise AssertionError(f"exclusions {text!r} read differently")  # pragma: no cover
        return spans

    def _cached_day(self, text: str) -> date | None:
        """:meth:`day`, with ``None`` for a bad date (the caller then reports the cell)."""
        try:
            return self.day(text, "exclusions")
        except _RowError:
            return None


# -- the summary ----------------------------------------------------------------------------------

#: Waiting-time bands of the national statistics, in days waited (inclusive).
BANDS: Final = (
    ("0-30", 0, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("91-120", 91, 120),
    ("121-180", 121, 180),
    ("over 180", 181, None),
)
_BAND_OF_DAY: Final = tuple(
    next(i for i, (_, low, high) in enumerate(BANDS) if high is None or day <= high)
    for day in range(182)
)


def band_index(days: int) -> int:
    """The index in :data:`BANDS` of a wait of *days* days."""
    return _BAND_OF_DAY[days if days < 181 else 181]


_STATUSES: Final = tuple(Status)
_STATUS_SLOT: Final = {status: slot for slot, status in enumerate(_STATUSES)}
_BAND_BASE: Final = len(_STATUSES)
_CARE_SLOT: Final = _BAND_BASE + len(BANDS)
#: The counters each group keeps: one per status, one per band, one for care elsewhere.
_STRIDE: Final = _CARE_SLOT + 1


@attrs.define
class CheckSummary:
    """Counts of a waiting-list check, per unit and level.

    ``share_met`` is met / (met + missed): of the cases closed, the share closed within the
    guarantee. Bands count ``days_waited`` (to completion, or so far for open cases) of every
    covered, evaluated row; ``not_covered`` rows are in no band. Rows with errors and empty rows
    (only delimiters) are counted, but in no group.

    Each group (unit and level) costs one flat block of 13 counters in a shared
    :class:`array.array` plus its dictionary entry: about 250 bytes and the unit's name, so a
    file with a million units needs about 300 MB for its summary (see the documentation).
    """

    rows: int = 0
    errors: int = 0
    empty: int = 0
    _groups: dict[Level, dict[str, int]] = attrs.Factory(dict)
    _counts: array.array[int] = attrs.Factory(lambda: array.array("q"))

    def add(self, unit: str, level: Level, status: Status, waited: int | None, care: bool) -> None:
        """Count one evaluated row (*waited*: its days waited, ``None`` when not covered)."""
        band = -1 if waited is None else band_index(waited)
        self.add_result(unit, level, status, band, care)

    def add_result(self, unit: str, level: Level, status: Status, band: int, care: bool) -> None:
        """Count one evaluated row by its band index (-1: in no band)."""
        units = self._groups.get(level)
        if units is None:
            units = self._groups[level] = {}
        base = units.get(unit)
        counts = self._counts
        if base is None:
            base = units[unit] = len(counts)
            counts.extend(_ZEROS)
        counts[base + _STATUS_SLOT[status]] += 1
        if band >= 0:
            counts[base + _BAND_BASE + band] += 1
        if care:
            counts[base + _CARE_SLOT] += 1

    def groups(self) -> Iterator[dict[str, object]]:
        """One entry per unit and level, sorted by unit and then level."""
        counts = self._counts
        keys = sorted(
            (unit, level.value, level, base)
            for level, units in self._groups.items()
            for unit, base in units.items()
        )
        for unit, _rank, level, base in keys:
            block = counts[base : base + _STRIDE]
            statuses = {status.value: block[slot] for slot, status in enumerate(_STATUSES)}
            closed = statuses["met"] + statuses["missed"]
            yield {
                "unit": unit,
                "level": level.value,
                "total": sum(block[:_BAND_BASE]),
                "statuses": statuses,
                "bands": {name: block[_BAND_BASE + i] for i, (name, _, _) in enumerate(BANDS)},
                "care_elsewhere": block[_CARE_SLOT],
                "share_met": round(statuses["met"] / closed, 4) if closed else None,
            }

    def as_dict(self) -> dict[str, object]:
        """The summary as JSON-ready data: totals, then one entry per unit and level."""
        return {
            "rows": self.rows,
            "errors": self.errors,
            "empty": self.empty,
            "groups": list(self.groups()),
        }

    def as_text(self) -> str:
        """The summary as a text table."""
        statuses = [status.value for status in Status]
        bands = [name for name, _, _ in BANDS]
        header = ["unit", "level", "total", *statuses, *bands, "care_elsewhere", "share_met"]
        lines = []
        for group in self.groups():
            share = group["share_met"]
            lines.append(
                [
                    str(group["unit"]) or "(no unit)",
                    str(group["level"]),
                    str(group["total"]),
                    *(str(group["statuses"][s]) for s in statuses),  # type: ignore[index]
                    *(str(group["bands"][b]) for b in bands),  # type: ignore[index]
                    str(group["care_elsewhere"]),
                    "-" if share is None else f"{share:.1%}",
                ]
            )
        widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
        text = [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in [header, *lines]
        ]
        tally = f"rows: {self.rows}, rows with errors: {self.errors}"
        if self.empty:
            tally += f", empty rows: {self.empty}"
        text.append(tally)
        return "\n".join(text)


_ZEROS: Final = array.array("q", [0] * _STRIDE)


# -- check: the whole job -------------------------------------------------------------------------


def check_waiting_list(
    source: str | Path | IO[str],
    output: IO[str],
    *,
    as_of: date,
    rules: RuleSet = NATIONAL,
    policy: Policy = Policy(),  # noqa: B008 - frozen, safe as a default
    progress: Callable[[int, int], None] | None = None,
    summarize: bool = True,
) -> CheckSummary:
    """Evaluate a waiting-list CSV and write it back with results, row by row.

    Every input row is written exactly once, in input order: a bad row gets an ``error`` that
    names its column and empty results, and the run goes on. Cells copied from the input are
    escaped against spreadsheet formulas (:func:`escape_formula`).

    Args:
        source: a path, ``"-"`` for standard input, or an open text stream.
        output: where to write the CSV (same delimiter, and a BOM if the input had one).
        as_of: the day the status is for.
        rules: the rule set.
        policy: roll-forward and the at-risk window.
        progress: called now and then with (bytes read, total bytes) for a progress bar.
        summarize: count rows per unit, level, status and band for the summary; without it
            the summary has only the row and error counts (and the check is a little faster).

    Returns:
        The :class:`CheckSummary` (its ``errors`` counts the bad rows).

    Raises:
        WaitingListError: a problem with the file as a whole.
    """
    as_of = as_date(as_of, "as_of")
    handle, name, owned = _open_text(source)
    try:
        reader = _start_reading(handle, name)
        return _check(reader, output, as_of, rules, policy, progress, summarize)
    finally:
        if owned:
            handle.close()


def _check(
    reader: _Reader,
    output: IO[str],
    as_of: date,
    rules: RuleSet,
    policy: Policy,
    progress: Callable[[int, int], None] | None,
    summarize: bool,
) -> CheckSummary:
    """The loop of :func:`check_waiting_list`: every row in, every row out, in order.

    The common line (no quote, no carriage return or NUL inside, nothing a spreadsheet would
    run) is split on the delimiter and written back as it came, with the results appended:
    for such a line that is exactly what :mod:`csv` would read and write, without the cost of
    re-quoting every cell. Any other line goes through :mod:`csv` (a quoted cell may even span
    several lines). The evaluator remembers what rows share (see :class:`_Base`).
    """
    layout = reader.layout
    delimiter = layout.delimiter
    width = len(layout.header)
    evaluate_row = _RowEvaluator(layout, as_of, rules, policy, SwedishCalendar())
    if layout.bom:
        output.write("\ufeff")
    write = output.write
    writerow = csv.writer(output, delimiter=delimiter, lineterminator="\r\n").writerow
    passthrough = layout.passthrough
    as_is = len(passthrough) == width  # no result column in the input to drop
    writerow([escape_formula(layout.header[i]) for i in passthrough] + list(RESULT_COLUMNS))
    i_unit = layout.index.get("unit", -1)
    pad = [""] * width
    raw = getattr(reader.handle, "buffer", None)
    total = _size(raw) if progress is not None else 0
    risky = re.compile(re.escape(delimiter) + "[=+\\-@\t]").search
    first_danger = _FORMULA_START
    join = delimiter.join
    evaluate = evaluate_row.result
    summary = CheckSummary()
    count = summary.add_result
    rows = errors = empty = 0
    line_number = reader.header_lines

    def bad(cells: list[str], problem: str) -> None:
        out = [escape_formula(cells[i]) for i in passthrough]
        out.extend(_NO_RESULTS)
        out.append(escape_formula(shorten(problem, _ERROR_LIMIT)))
        writerow(out)

    with _file_errors(reader, lambda: line_number):
        for line_number, row, body, problem in read_records(  # noqa: B007 - for errors
            reader.lines, delimiter, width, reader.header_lines
        ):
            rows += 1
            if problem is not None or len(row) != width:
                # Keep the row, in its place, cut or padded to the header; say what was wrong.
                problem = problem or width_problem(row, width)
                if problem is None:  # only delimiters, but not as many as the header has
                    empty += 1
                    writerow([*((row + pad)[i] for i in passthrough), *_EMPTY_RESULTS])
                    continue
                errors += 1
                bad((row + pad)[:width], problem)
                continue
            result = evaluate(row)
            if isinstance(result, str):
                if is_empty(row):  # a spreadsheet's empty row: it carries no patient
                    empty += 1
                    writerow([*(row[i] for i in passthrough), *_EMPTY_RESULTS])
                    continue
                errors += 1
                bad(row, result)
                continue
            tail, level, status, band, care = result
            if summarize:
                count(row[i_unit].strip() if i_unit >= 0 else "", level, status, band, care)
            if as_is and body is not None and body[:1] not in first_danger and risky(body) is None:
                write(f"{body}{delimiter}{join(tail)}\r\n")
            else:
                out = [escape_formula(row[i]) for i in passthrough]
                out.extend(tail)
                writerow(out)
            if progress is not None and not rows % 50_000:
                progress(raw.tell() if raw is not None else 0, total)
    if progress is not None:
        progress(total, total)
    summary.rows, summary.errors, summary.empty = rows, errors, empty
    return summary


def _size(raw: object) -> int:
    try:
        return os.fstat(raw.fileno()).st_size  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return 0


def example_waiting_list() -> Path:
    """The path of the sample waiting list shipped inside the package.

    300 synthetic rows (no real patients) across units and levels, with exclusions, bookings,
    completions and a few rows with mistakes on purpose; meant to be read as of
    :data:`EXAMPLE_AS_OF` (2025-06-02).
    """
    return Path(__file__).with_name("data") / "example_waiting_list.csv"


#: The as-of day the shipped example is meant to be read on.
EXAMPLE_AS_OF: Final = date(2025, 6, 2)
