"""The guarantee unit's worklist: whom to act on, grouped for batch referral, with a forecast.

A guarantee unit must find early the patients who will not get care in time and offer several
of them at once to another provider. :class:`WorklistBuilder` reads each row of a file (through
:func:`~vardgaranti.assess_file`: every format and profile, the same evaluation as
``check``) and keeps the patients to act on:

* ``care-elsewhere``: care with another provider is due (HSL 9 kap. 2 §): past the statutory
  deadline;
* ``rebook-or-care-elsewhere``: booked after the statutory deadline, which has not passed:
  rebook by it, or care with another provider is due from the day after;
* ``overdue``: past the deadline where missing it brings no duty of care elsewhere (a region's
  shorter limit before the national one has passed, the primary-care levels, the BUP target);
* ``booked-late``: booked for a day after the deadline (rebook before it passes);
* ``book``: no booking (or only one in the past) and the deadline within the horizon (default
  28 days);
* ``referred``: any of these, for a patient the file says was referred for care elsewhere
  (``referred``) in the period counted (on or after its day 0, by the as-of day): follow the
  referral up rather than offer the patient to a provider again.

They are grouped by columns (default: the unit, the level and, where the file has them, ``Mvo``
and the activity, ``Aktivitet`` or else ``activity``: the column ``validate`` reads for
duplicate referrals), so that one group is a set of patients that can be offered to another
provider together, and sorted by deadline. Per group: the patients, how many are overdue, the
earliest deadline, the days until the next breach, and the breach forecast: how many of the
group's open patients without a timely booking pass their deadline within 1, 2, 4 and 8 weeks
if nothing is booked (every such patient of the group counts, also beyond the horizon; the
counts are cumulative).

Memory: the patients on the worklist are kept (to sort them and to write letters), about 1 KB
each with their evaluation; the forecast keeps a few counters per group. Neither grows with the
rows of the file that are not on the worklist. A builder with a ``limit`` (the report's) keeps
only the first patients of each group by deadline (a bounded heap) beside the group's exact
counts and forecast: its memory and time grow with the groups, not with the patients.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import heapq
import operator
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import IO, BinaryIO, Final, NamedTuple

import attrs

from ._checks import callback, several, whole_number
from ._collation import swedish_key
from ._core import Policy, Status
from ._dates import as_date
from ._letters import letter_for
from ._messages import Lang, days, has_message, message
from ._output import dump_json, open_output
from ._profiles import FIELDS, Profile
from ._rows import Assessed, referral_in_period
from ._rules import NATIONAL, Level, RuleSet
from ._text import column_key, echo, file_name, write_in_pieces
from ._validate import plain
from ._waiting_list import (
    AssessedFile,
    AssessedRow,
    assess_file,
    check_assessed,
    check_workers,
    escape_formula,
)
from .errors import InvalidValueError, VardgarantiError, WaitingListError

__all__ = [
    "DEFAULT_HORIZON",
    "ENTRY_COLUMNS",
    "MAX_GROUP_SHEETS",
    "WEEKS",
    "Worklist",
    "WorklistAction",
    "WorklistBuilder",
    "WorklistEntry",
    "WorklistGroup",
    "WorklistState",
    "build_worklist",
    "check_letters_folder",
    "default_group_by",
    "letter_file_name",
    "letter_names",
    "make_letters_folder",
    "old_letters",
    "write_csv",
    "write_json",
    "write_letters",
    "write_text",
    "write_workbook",
]

#: An open patient without a booking is on the worklist with at most this many days left.
DEFAULT_HORIZON: Final = 28
#: The most groups a workbook gives a sheet each; with more, the patients share one sheet.
MAX_GROUP_SHEETS: Final = 250
#: The weeks of the breach forecast (cumulative: within 1, 2, 4 and 8 weeks).
WEEKS: Final = (1, 2, 4, 8)
#: The columns of a worklist entry, after the group number and the group keys.
ENTRY_COLUMNS: Final = (
    "id",
    "unit",
    "level",
    "start",
    "booked",
    "deadline",
    "law_deadline",
    "status",
    "days_left",
    "days_over",
    "action",
)
_LEVEL: Final = -2  # the position standing for the evaluated level
_LEVEL_TEXT: Final = {level: level.value for level in Level}
_KNOWN_LIMIT: Final = 100_000  # the raw group values (and texts) remembered
_NUMBER_TEXT: Final = tuple(str(n) for n in range(1000))
_OPEN: Final = frozenset({Status.WITHIN, Status.AT_RISK, Status.OVERDUE})
#: The specialty column added to the default groups where the file has it.
_SPECIALTY: Final = "Mvo"
#: The activity (procedure) columns, in order of preference: the first the file has joins the
#: default groups, under this name. The same names, in the same order, as the activity of
#: ``validate``'s duplicate-referral check (V004), so that both read the same column.
_ACTIVITY: Final = (("aktivitet", "Aktivitet"), ("activity", "activity"))


class WorklistAction(StrEnum):
    r"""What the unit should do for a patient on the worklist.

    A missed assessment in primary care is ``overdue``: it brings no duty of care elsewhere.

    >>> import io
    >>> from datetime import date
    >>> text = ("id;unit;level;start;booked\nA;Orto;visit;2025-02-20;\n"
    ...         "B;Orto;assessment;2025-05-28;\nC;Orto;assessment;2025-06-01;2025-06-10\n"
    ...         "D;Orto;visit;2025-03-20;\n")
    >>> worklist = build_worklist(io.StringIO(text), as_of=date(2025, 6, 2), group_by=["unit"])
    >>> [(entry.id, entry.action.value) for _group, entry in worklist.entries()]
    [('A', 'care-elsewhere'), ('B', 'overdue'), ('C', 'booked-late'), ('D', 'book')]
    """

    #: Care with another provider is due (HSL 9 kap. 2 §): arrange it.
    CARE_ELSEWHERE = "care-elsewhere"
    #: Booked after the statutory deadline, which has not passed: rebook by it, or care with
    #: another provider is due from the day after (HSL 9 kap. 2 §).
    REBOOK_OR_CARE_ELSEWHERE = "rebook-or-care-elsewhere"
    #: Past the deadline, without a duty of care elsewhere (yet): book now.
    OVERDUE = "overdue"
    #: Booked for a day after the deadline: rebook before it passes.
    BOOKED_LATE = "booked-late"
    #: No booking, and the deadline within the horizon: book.
    BOOK = "book"
    #: Referred for care elsewhere in the period counted (``referred``): follow it up; not to
    #: be offered to a provider again.
    REFERRED = "referred"


@attrs.frozen(slots=True)
class WorklistEntry:
    r"""A patient on the worklist: the row's place, id and group, the action and the evaluation.

    Kept small (the worklist keeps every patient on it): the dates and figures are read from
    the evaluation (:attr:`assessed`), and the group's values and the unit are shared between
    patients of a group.

    Booked after the deadline, a patient not yet past it is to be rebooked by it, or given care
    elsewhere from the day after:

    >>> import io
    >>> from datetime import date
    >>> text = "id;unit;level;start;booked\nE;Orto;visit;2025-03-10;2025-07-01\n"
    >>> entry = build_worklist(io.StringIO(text), as_of=date(2025, 6, 2)).groups[0].patients[0]
    >>> entry.status.value, entry.days_left, entry.deadline, entry.action.value
    ('at_risk', 6, datetime.date(2025, 6, 8), 'rebook-or-care-elsewhere')

    Attributes:
        row: the row's number among the data rows.
        line: the line (or sheet row, or XML line) it began on.
        id: the id as written.
        unit: the unit as written (blanks stripped).
        keys: the values of the group's columns.
        action: what to do.
        kept: the values of the ``keep`` columns (not in the ``repr``: a kept note may hold a
            diagnosis, and a logged entry would carry it; nor are :attr:`keys`, which may be
            any column's).
        assessed: the row's evaluation.
        listed: whether the patient is listed with the unit (``listed``: ``None`` unknown, or
            no such column); a letter of a level under the listing rule says its condition
            when it is not known.
    """

    row: int
    line: int
    id: str
    unit: str
    keys: tuple[str, ...] = attrs.field(repr=False)
    action: WorklistAction
    kept: tuple[str, ...] = attrs.field(repr=False)
    assessed: Assessed = attrs.field(repr=False, eq=False)
    listed: bool | None = attrs.field(default=None, repr=False)

    @property
    def level(self) -> Level:
        """The level evaluated."""
        level = self.assessed.level
        assert level is not None  # covered cases only
        return level

    @property
    def start(self) -> date:
        """Day 0 of the period counted (the start, or the latest restart)."""
        return self.assessed.clock_start

    @property
    def booked(self) -> date | None:
        """The booking as written, if any (a booking in the past does not count)."""
        return self.assessed.booked

    @property
    def deadline(self) -> date:
        """The deadline."""
        deadline = self.assessed.deadline
        assert deadline is not None  # covered cases only
        return deadline

    @property
    def law_deadline(self) -> date | None:
        """The law's deadline, after which care elsewhere is a right (HSL 9 kap. 2 §).

        The deadline itself under the national rules; under a region's shorter limit or the BUP
        target, the law's 90 days beneath it; ``None`` for a level without care elsewhere
        (contact, assessment, the BUP deepened assessment).
        """
        return self.assessed.care_deadline

    @property
    def status(self) -> Status:
        """The status as of the day."""
        return self.assessed.status

    @property
    def days_left(self) -> int | None:
        """Days left (not overdue)."""
        return self.assessed.days_left

    @property
    def days_over(self) -> int | None:
        """Days past the deadline (overdue)."""
        return self.assessed.days_over


@attrs.frozen
class WorklistGroup:
    r"""A group of patients that can be offered to another provider together.

    The forecast counts every open patient of the group, also one beyond the horizon and
    so not on the worklist (D, 47 days left), but not one already overdue (A):

    >>> import io
    >>> from datetime import date
    >>> text = ("id;unit;level;start\nA;Orto;visit;2025-02-20\nC;Orto;visit;2025-03-20\n"
    ...         "D;Orto;visit;2025-04-20\n")
    >>> group = build_worklist(io.StringIO(text), as_of=date(2025, 6, 2)).groups[0]
    >>> [entry.id for entry in group.patients], group.overdue, group.forecast, group.next_breach
    (['A', 'C'], 1, (0, 0, 1, 2), 17)

    Attributes:
        number: the group's number in the worklist (1 is the earliest deadline).
        keys: the values of the group's columns.
        patients: the patients on the worklist, by deadline (with a limit,
            :attr:`Worklist.limit`: the first of them).
        overdue: the group's patients past their deadline.
        forecast: the group's open patients without a timely booking whose deadline passes
            within each of :data:`WEEKS` weeks if nothing is booked (cumulative).
        next_breach: days until the next of them passes its deadline (``None``: none left).
        count: how many of the group's patients are on the worklist (by default
            ``len(patients)``; more than that when the worklist keeps only the first).
    """

    number: int
    keys: tuple[str, ...] = attrs.field(repr=False)  # (any column's values: as kept cells)
    patients: tuple[WorklistEntry, ...]
    overdue: int
    forecast: tuple[int, ...]
    next_breach: int | None
    count: int = attrs.field(
        default=attrs.Factory(lambda group: len(group.patients), takes_self=True)
    )

    @property
    def earliest_deadline(self) -> date:
        """The earliest deadline of the group's patients on the worklist."""
        return self.patients[0].deadline


@attrs.frozen
class Worklist:
    """The worklist of a file as of a day.

    Rows with errors are counted, but not on the worklist; the forecast is the whole list's:

    >>> from vardgaranti import EXAMPLE_AS_OF, example_waiting_list
    >>> worklist = build_worklist(example_waiting_list(), as_of=EXAMPLE_AS_OF)
    >>> worklist.rows, worklist.errors, worklist.patients, worklist.overdue, worklist.forecast
    (300, 13, 123, 69, (18, 29, 40, 66))
    >>> worklist.columns()[:6]  # (the group's columns are not repeated for each patient)
    ['group', 'unit', 'level', 'id', 'start', 'booked']

    Attributes:
        source: the file as given (its path); the JSON (:meth:`as_dict`) names it without its
            folders.
        as_of: the day.
        horizon: the days ahead a patient without a booking is put on the list.
        group_by: the group's columns, as given.
        keep: the extra columns kept, as given.
        groups: the groups with patients on the worklist, by earliest deadline.
        rows: the data rows read.
        errors: the rows that could not be evaluated (not on the worklist).
        empty: the empty rows.
        overdue: the open patients past their deadline, in the whole file.
        forecast: the breach forecast of the whole file (every group).
        limit: ``None``: every patient on the worklist is in its group's ``patients``; a
            number: only the first of each group by deadline, at most that many (the counts,
            the forecast and the earliest deadline are still the whole group's).
        law_deadline: the rule set lies over the law (a region's shorter limits, the BUP
            target): each patient's row gives the law's day beside the deadline
            (``law_deadline``, :attr:`WorklistEntry.law_deadline`).
    """

    source: str
    as_of: date
    horizon: int
    group_by: tuple[str, ...]
    keep: tuple[str, ...]
    groups: tuple[WorklistGroup, ...]
    rows: int
    errors: int
    empty: int
    overdue: int
    forecast: tuple[int, ...]
    limit: int | None = None
    law_deadline: bool = False

    @property
    def patients(self) -> int:
        """How many patients are on the worklist."""
        return sum(group.count for group in self.groups)

    def entries(self) -> Iterator[tuple[WorklistGroup, WorklistEntry]]:
        """Every patient with its group, in the worklist's order (those kept: :attr:`limit`)."""
        for group in self.groups:
            for entry in group.patients:
                yield group, entry

    def lettered(self) -> Iterator[tuple[WorklistGroup, WorklistEntry]]:
        """The patients ``worklist --letters`` writes to, with their group, in order.

        Every patient but those of the contact level: its guarantee is contact the same day
        (HSF 6 kap. 1 § 1), a day past before a letter arrives; call them instead.

        >>> from vardgaranti import EXAMPLE_AS_OF, Level, build_worklist, example_waiting_list
        >>> worklist = build_worklist(example_waiting_list(), as_of=EXAMPLE_AS_OF)
        >>> lettered = [entry for _group, entry in worklist.lettered()]
        >>> worklist.patients - len(lettered), Level.CONTACT in {e.level for e in lettered}
        (10, False)
        """
        for group, entry in self.entries():
            if entry.assessed.level is not Level.CONTACT:
                yield group, entry

    def columns(self) -> list[str]:
        """The columns of a patient row: group, the group's columns, the entry's, the kept."""
        return ["group", *self.group_by, *self.entry_columns, *self.kept_columns]

    @functools.cached_property
    def entry_columns(self) -> tuple[str, ...]:
        """The entry's columns written: :data:`ENTRY_COLUMNS` but those that are group keys.

        ``law_deadline`` only where the rule set lies over the law (:attr:`law_deadline`).
        """
        taken = {column_key(name) for name in self.group_by}
        if not self.law_deadline:
            taken.add("law_deadline")
        return tuple(name for name in ENTRY_COLUMNS if name not in taken)

    @functools.cached_property
    def kept_columns(self) -> tuple[str, ...]:
        """The ``keep`` columns written: those not already written (by name, any case)."""
        taken = {column_key(name) for name in (*self.group_by, *self.entry_columns)}
        found: list[str] = []
        for name in self.keep:
            if column_key(name) not in taken:
                taken.add(column_key(name))
                found.append(name)
        return tuple(found)

    @functools.cached_property
    def _picks(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Where the entry's and the kept columns are among all entry values and kept values."""
        kept = [column_key(name) for name in self.keep]
        return (
            tuple(ENTRY_COLUMNS.index(name) for name in self.entry_columns),
            tuple(kept.index(column_key(name)) for name in self.kept_columns),
        )

    def cells(self, group: WorklistGroup, entry: WorklistEntry) -> list[str | int | date | None]:
        """A patient's row, as :meth:`columns` names its cells.

        Args:
            group: the patient's group.
            entry: the patient's entry in it.

        Returns:
            The group's number, its keys, the entry's columns and the kept columns (dates as
            dates, numbers as numbers, ``None`` for none).
        """
        assessed = entry.assessed
        level = assessed.level
        values = (
            entry.id,
            entry.unit,
            "" if level is None else _LEVEL_TEXT[level],
            assessed.clock_start,
            assessed.booked,
            assessed.deadline,
            assessed.care_deadline,
            assessed.status.value,
            assessed.days_left,
            assessed.days_over,
            entry.action.value,
        )
        entry_at, kept_at = self._picks
        return [
            group.number,
            *entry.keys,
            *(values[i] for i in entry_at),
            *(entry.kept[i] for i in kept_at),
        ]

    def overview_columns(self) -> list[str]:
        """The columns of the overview of the groups."""
        weeks = [f"breach_{weeks}w" for weeks in WEEKS]
        return [
            "group",
            *self.group_by,
            "patients",
            "overdue",
            "earliest_deadline",
            "next_breach_days",
            *weeks,
        ]

    def overview(self, group: WorklistGroup) -> list[str | int | date | None]:
        """A group's line in the overview, as :meth:`overview_columns` names its cells.

        Args:
            group: the group.

        Returns:
            Its number, keys, patients, overdue, earliest deadline, days to the next breach
            and the breaches forecast per week.
        """
        return [
            group.number,
            *group.keys,
            group.count,
            group.overdue,
            group.earliest_deadline,
            group.next_breach,
            *group.forecast,
        ]

    def as_dict(self) -> dict[str, object]:
        """The worklist as JSON-ready data (dates as ISO text).

        A group's ``patients`` is its count; its ``entries`` the patients kept (every one
        unless the worklist has a :attr:`limit`).
        """
        return {
            "source": file_name(self.source),
            "as_of": self.as_of.isoformat(),
            "horizon": self.horizon,
            "group_by": list(self.group_by),
            "keep": list(self.keep),
            "weeks": list(WEEKS),
            "rows": self.rows,
            "rows_with_errors": self.errors,
            "empty_rows": self.empty,
            "patients": self.patients,
            "whole_list": {"overdue": self.overdue, "forecast": _weeks(self.forecast)},
            "groups": [
                {
                    "group": group.number,
                    "keys": dict(zip(self.group_by, group.keys, strict=True)),
                    "patients": group.count,
                    "overdue": group.overdue,
                    "earliest_deadline": group.earliest_deadline.isoformat(),
                    "next_breach_days": group.next_breach,
                    "forecast": _weeks(group.forecast),
                    "entries": [self._entry_dict(entry) for entry in group.patients],
                }
                for group in self.groups
            ],
        }

    def _entry_dict(self, entry: WorklistEntry) -> dict[str, object]:
        law = entry.law_deadline
        return {
            "row": entry.row,
            "line": entry.line,
            "id": entry.id,
            "unit": entry.unit,
            "level": entry.level.value,
            "start": entry.start.isoformat(),
            "booked": None if entry.booked is None else entry.booked.isoformat(),
            "deadline": entry.deadline.isoformat(),
            **(
                {"law_deadline": None if law is None else law.isoformat()}
                if self.law_deadline
                else {}
            ),
            "status": entry.status.value,
            "days_left": entry.days_left,
            "days_over": entry.days_over,
            "action": entry.action.value,
            "keep": dict(zip(self.keep, entry.kept, strict=True)),
        }


def _weeks(counts: Sequence[int]) -> dict[str, int]:
    return {str(weeks): count for weeks, count in zip(WEEKS, counts, strict=True)}


def default_group_by(file: AssessedFile) -> tuple[str, ...]:
    """The default groups of a file: unit (if it has one), level, ``Mvo`` and the activity.

    ``Mvo`` (the national format's specialty) is added when the file has that column; the
    activity (the procedure) when it has an ``Aktivitet`` column (the national format's) or
    else an ``activity`` column (the native format's): the column ``validate`` reads as the
    activity of a referral (V004), so that patients waiting for different operations at one
    unit and level are different groups. Names are matched case-insensitively, blanks
    stripped.
    """
    names = {column_key(name) for name in file.header}
    found: list[str] = []
    if file.column.get("unit", -1) >= 0:
        found.append("unit")
    found.append("level")
    if _SPECIALTY.lower() in names:
        found.append(_SPECIALTY)
    activity = next((name for key, name in _ACTIVITY if key in names), None)
    if activity is not None:
        found.append(activity)
    return tuple(found)


def _over_law(file: AssessedFile) -> bool:
    """Whether the file's rule set lies over the law (a region's limits, the BUP target)."""
    return any(rule.base is not None for rule in file.evaluator.rules.rules)


def _check_kept(file: AssessedFile, name: str, at: int, option: str = "keep") -> None:
    """Refuse a ``keep`` or ``group_by`` column written under the name of one of the worklist's.

    The worklist writes ``group`` and its entry's columns (:data:`ENTRY_COLUMNS`) itself: a
    column of the file by one of those names, other than the very cell the worklist reads for
    it (``--keep unit`` keeps nothing more), would be dropped, or written twice under one name;
    grouped by, its cell as written (an earlier ``check``'s ``status``, stale on another day)
    would take the place of the worklist's own value.

    Raises:
        WaitingListError: naming the column.
    """
    key = column_key(name)
    if key != "group" and key not in ENTRY_COLUMNS:
        return
    if key == "law_deadline" and not _over_law(file):
        return  # (written only where the rule set lies over the law: else the file's own)
    # (after a restart the worklist's start is the restart's day, not the start's cell: grouped
    # by, the cell would be written as the group's start; kept, it keeps nothing more)
    restarts = option == "group-by" and file.column.get("restart", -1) >= 0
    read = {"id": file.column.get("id", -1), "unit": file.column.get("unit", -1),
            "level": _LEVEL, "start": -1 if restarts else file.column.get("start", -1),
            "booked": file.column.get("booked", -1)}  # fmt: skip
    if read.get(key) == at:
        return  # the worklist's own column is this cell
    field = option.replace("-", "_")  # (the parameter; the command line names its option)
    raise WaitingListError(
        f"{field} {echo(name)}: {file.table.name}: a column the worklist writes itself "
        f"({', '.join(('group', *ENTRY_COLUMNS))}); the file's column of that name cannot be "
        + (
            "kept beside it"
            if option == "keep"
            else "grouped by (its value as of this day is the worklist's own)"
        )
        + (
            " (the worklist's start is the day the period counted began: after a restart, "
            "the restart's)"
            if key == "start" and restarts and at == file.column.get("start", -1)
            else ""
        ),
        field=field,
    )


def resolve_column(file: AssessedFile, name: str, option: str, *, first: bool = False) -> int:
    """The position of the column *name* (``level``: the evaluated level, -2).

    ``unit`` is the profile's unit column; any other name is a column of the file
    (case-insensitive, blanks stripped), or a field of the profile (``id``, ``start``...).
    With *first*, the first of the columns of that name in some case (a default group's
    column, as ``validate`` reads it); else more than one is refused.

    Raises:
        WaitingListError: no such column (naming the parameter, ``keep`` or ``group_by``,
            as its field, and the file's columns), or the file has more than one column of that
            name in some case (``note`` and ``Note``).
    """
    field = option.replace("-", "_")  # (the parameter; the command line names its option)
    key = column_key(name)
    if key == "level":
        return _LEVEL
    if key == "unit" and file.column.get("unit", -1) >= 0:
        return file.column["unit"]
    found = [index for index, column in enumerate(file.header) if column_key(column) == key]
    if len(found) > 1 and not first:  # (one column's cells written under the other's name)
        spelt = " and ".join(echo(file.header[index]) for index in found[:5])
        raise WaitingListError(
            f"{field} {echo(name)}: {file.table.name} has more than one column of that name "
            f"({spelt}: names are read without regard to case or to how a letter such as ö is "
            "stored, whole or as o and a mark); rename one of them",
            field=field,
        )
    if found:
        return found[0]
    if key in FIELDS and file.column.get(key, -1) >= 0:
        return file.column[key]
    shown = ", ".join(echo(column) for column in file.header[:40])
    raise WaitingListError(
        f"{field} {echo(name)}: {file.table.name} has no such column (the columns: {shown}; "
        "'level' is the level evaluated)",
        field=field,
    )


# A group's counters: overdue, patients on the worklist, the next breach (days; _NO_BREACH:
# none), then per day 1 to 56 (the forecast's eight weeks) the patients whose breach is that day.
_OVERDUE: Final = 0
_PATIENTS: Final = 1
_NEXT: Final = 2
_BREACH_DAY: Final = 2  # + the breach's day (1 to _LAST_DAY)
_LAST_DAY: Final = 7 * WEEKS[-1]
_NO_BREACH: Final = 1 << 62


class _Group:
    """What the builder keeps of one group: its values, its counters and its patients."""

    __slots__ = ("counts", "entries", "heap", "keys")

    def __init__(self, keys: tuple[str, ...]) -> None:
        self.keys = keys
        self.counts = [0, 0, _NO_BREACH] + [0] * _LAST_DAY
        # Without a limit: the entries, in row order.
        self.entries: list[WorklistEntry] = []
        # With one: the first patients as a heap whose top is the last of them (the latest
        # deadline, then the latest row): (-deadline, -row, entry).
        self.heap: list[tuple[int, int, WorklistEntry]] = []

    def patients(self) -> list[WorklistEntry]:
        """The patients kept, by deadline (then row)."""
        kept = self.entries or [item[2] for item in self.heap]
        return sorted(kept, key=lambda entry: (entry.deadline, entry.row))


class WorklistState(NamedTuple):
    """What a slice's :class:`WorklistBuilder` hands to the one that merges it.

    Opaque: :meth:`WorklistBuilder.state` makes it and :meth:`WorklistBuilder.merge` takes it
    (a file counted in slices, each in a process of its own); its fields are not part of the
    API and may change.
    """

    #: Per group: its counters, its entries (without a limit) and its heap (with one).
    groups: dict[
        tuple[str, ...],
        tuple[list[int], list[WorklistEntry], list[tuple[int, int, WorklistEntry]]],
    ]
    #: The rows, errors and empty rows read.
    counts: tuple[int, int, int]


class WorklistBuilder:
    r"""Builds the worklist of one open file, row by row (see the module's notes).

    With a *limit*, a patient not among the group's first by deadline gets no entry, but is
    counted:

    >>> import io
    >>> from datetime import date
    >>> text = ("id;unit;level;start;booked\nA;Orto;visit;2025-02-20;\n"
    ...         "B;Orto;visit;2025-03-10;2025-07-01\nC;Orto;visit;2025-03-20;\n")
    >>> with assess_file(io.StringIO(text), as_of=date(2025, 6, 2)) as file:
    ...     builder = WorklistBuilder(file, as_of=date(2025, 6, 2), limit=2)
    ...     added = [builder.add(row) for row in file.rows]
    >>> [entry and entry.id for entry in added], builder.finish().groups[0].count
    (['A', 'B', None], 3)

    Args:
        file: the file, opened by :func:`~vardgaranti.assess_file`.
        as_of: the day (the same as the file's).
        horizon: a patient without a booking is on the list with at most this many days left.
        group_by: the group's columns (default :func:`default_group_by`).
        keep: other columns to keep on the worklist (by name, case-insensitive).
        limit: keep only the first *limit* patients of each group by deadline (then row),
            in a bounded heap; the group's count, overdue, forecast and earliest deadline
            stay exact (:attr:`Worklist.limit`). ``None`` (the default, as ``worklist``
            writes it): keep every patient.

    Raises:
        InvalidTypeError: *file* is not an :class:`AssessedFile` (field ``file``).
        InvalidValueError: *as_of* is not the day *file* was assessed as of (field ``as_of``).
        WaitingListError: a ``group_by`` or ``keep`` column the file does not have.
        InvalidValueError: a *horizon* or *limit* that is not a whole number (at least 0, a
            limit at least 1).
    """

    def __init__(
        self,
        file: AssessedFile,
        *,
        as_of: date,
        horizon: int = DEFAULT_HORIZON,
        group_by: Sequence[str] | None = None,
        keep: Sequence[str] = (),
        limit: int | None = None,
    ) -> None:
        whole_number(horizon, "horizon", 0)
        whole_number(limit, "limit", 1, none=True)
        self.as_of = as_of = as_date(as_of, "as_of")  # (an aware datetime: its day in Stockholm)
        check_assessed(file, as_of)
        self.limit = limit
        self.source = file.table.name
        self.horizon = horizon
        if group_by is not None:
            several(group_by, "group_by", "unit", texts=True)
        several(keep, "keep", "note", texts=True)
        names = default_group_by(file) if group_by is None else tuple(group_by)
        self.group_by = _unique(names)
        self.keep = _unique(tuple(keep))
        self.key_at = tuple(
            resolve_column(file, name, "group-by", first=group_by is None) for name in self.group_by
        )
        self.keep_at = tuple(resolve_column(file, name, "keep") for name in self.keep)
        for name, at in zip(self.keep, self.keep_at, strict=True):
            _check_kept(file, name, at)
        for name, at in zip(self.group_by, self.key_at, strict=True):
            if at != _LEVEL:  # (the level grouped by is the evaluated one)
                _check_kept(file, name, at, "group-by")
        self.file = file
        self.i_id = file.column.get("id", -1)
        self.i_unit = file.column.get("unit", -1)
        self.listed_of = file.evaluator.listed if file.evaluator.i_listed >= 0 else None
        # (a region's limit or the BUP target lies over the law: its day is given beside)
        self.over_law = _over_law(file)
        plain_at = [i for i in self.key_at if i != _LEVEL]
        self.raw_keys: Callable[[list[str]], object] = (
            operator.itemgetter(*plain_at) if plain_at else (lambda cells: ())
        )
        # The groups by their values; and by the cells as written, then the level (a cache).
        self.groups: dict[tuple[str, ...], _Group] = {}
        self.known: dict[object, dict[Level, _Group]] = {}
        self.units: dict[str, str] = {}
        add, tallied = self._make_add()
        self._add = add
        self._merged = [0, 0, 0]  # the rows, errors and empty rows of merged slices

        def counts() -> tuple[int, int, int]:
            rows, errors, empty = tallied()
            merged = self._merged
            return rows + merged[0], errors + merged[1], empty + merged[2]

        self._tallied = counts
        # add() runs for every row of a file: the instance's own attribute, the function with
        # what it needs closed over, takes the method's place (a call less per row).
        self.__dict__["add"] = add

    @property
    def rows(self) -> int:
        """The data rows counted so far."""
        return self._tallied()[0]

    @property
    def errors(self) -> int:
        """The rows with errors so far (not on the worklist)."""
        return self._tallied()[1]

    @property
    def empty(self) -> int:
        """The empty rows so far."""
        return self._tallied()[2]

    def _values(self, cells: list[str], level: Level, at: tuple[int, ...]) -> tuple[str, ...]:
        return tuple(_LEVEL_TEXT[level] if i == _LEVEL else cells[i].strip() for i in at)

    def _kept(self, cells: list[str], level: Level, at: tuple[int, ...]) -> tuple[str, ...]:
        """The ``keep`` cells as written (a group's values are stripped; these are not)."""
        return tuple(_LEVEL_TEXT[level] if i == _LEVEL else cells[i] for i in at)

    def _group(self, cells: list[str], level: Level) -> _Group:
        """The group of a row (made when first seen), remembered by the cells as written."""
        keys = self._values(cells, level, self.key_at)
        group = self.groups.get(keys)
        if group is None:
            group = self.groups[keys] = _Group(keys)
        raw = self.raw_keys(cells)
        levels = self.known.get(raw)
        if levels is None:
            if len(self.known) >= _KNOWN_LIMIT:
                return group  # a bound for a file of many spellings: only a cache
            levels = self.known[raw] = {}
        levels[level] = group
        return group

    def add(self, row: AssessedRow) -> WorklistEntry | None:
        """Count one row; the entry when the patient is on the worklist.

        With a limit, the entry only when it is among the first of its group so far (a patient
        after them is counted, and no entry is made).

        Args:
            row: a row of the file the builder was made for, as :func:`assess_file` gives it.

        Returns:
            The patient's entry, or ``None`` when the row is not on the worklist (or beyond
            the limit).
        """
        return self._add(row)

    def _make_add(
        self,
    ) -> tuple[Callable[[AssessedRow], WorklistEntry | None], Callable[[], tuple[int, int, int]]]:
        """The per-row function of :meth:`add`, with what it needs bound as locals."""
        as_of = self.as_of
        horizon = self.horizon
        limit = self.limit
        known = self.known
        raw_keys = self.raw_keys
        group_of = self._group
        kept_of = self._kept
        units = self.units
        i_unit = self.i_unit
        i_id = self.i_id
        keep_at = self.keep_at
        listed_of = self.listed_of
        open_ = _OPEN
        overdue_status = Status.OVERDUE
        care_elsewhere = WorklistAction.CARE_ELSEWHERE
        rebook_or_care_elsewhere = WorklistAction.REBOOK_OR_CARE_ELSEWHERE
        overdue_action = WorklistAction.OVERDUE
        booked_late = WorklistAction.BOOKED_LATE
        book = WorklistAction.BOOK
        referred_action = WorklistAction.REFERRED
        last_day = _LAST_DAY
        push = heapq.heappush
        replace = heapq.heapreplace
        make = WorklistEntry
        rows = errors = empty = 0

        def add(row: AssessedRow) -> WorklistEntry | None:
            nonlocal rows, errors, empty
            rows += 1
            assessed = row.assessed
            if assessed is None:
                if row.error is None:
                    empty += 1
                else:
                    errors += 1
                return None
            status = assessed.status
            if status not in open_:
                return None
            deadline = assessed.deadline
            level = assessed.level
            if deadline is None or level is None:
                return None
            cells = row.cells
            levels = known.get(raw_keys(cells))
            group = None if levels is None else levels.get(level)
            if group is None:
                group = group_of(cells, level)
            counts = group.counts
            booked = assessed.booked
            if booked is not None and booked < as_of:
                booked = None  # a booking in the past has not happened: no booking
            left = assessed.days_left
            if status is overdue_status:
                counts[_OVERDUE] += 1
            elif left is not None and (booked is None or booked > deadline):  # not in time
                breach = left + 1  # the day after the deadline
                if breach <= last_day:
                    counts[_BREACH_DAY + breach] += 1
                if breach < counts[_NEXT]:
                    counts[_NEXT] = breach
            if assessed.care_elsewhere:
                care_deadline = assessed.care_deadline
                # (due now once the law's day has passed; before it, only a booking after it
                # sets care_elsewhere: rebook by that day, or care elsewhere from the next)
                if care_deadline is not None and as_of <= care_deadline:
                    action = rebook_or_care_elsewhere
                else:
                    action = care_elsewhere
            elif status is overdue_status:
                action = overdue_action
            elif booked is not None and booked > deadline:
                action = booked_late
            elif booked is None and left is not None and left <= horizon:
                action = book
            else:
                return None
            if assessed.referred is not None and referral_in_period(assessed, as_of):
                action = referred_action  # sent elsewhere already (a referral before a restart,
                # or after the as-of day, is not this period's)
            counts[_PATIENTS] += 1
            heap = group.heap
            # Rows come in order: a later row comes after every kept one of its deadline.
            if limit is not None and len(heap) >= limit and -heap[0][0] <= deadline.toordinal():
                return None
            unit = ""
            if i_unit >= 0:
                unit = cells[i_unit].strip()
                unit = units.setdefault(unit, unit)
            entry = make(
                row.number,
                row.line,
                cells[i_id] if i_id >= 0 else "",
                unit,
                group.keys,
                action,
                kept_of(cells, level, keep_at) if keep_at else (),
                assessed,
                None if listed_of is None else _listed(listed_of, cells),
            )
            if limit is None:
                group.entries.append(entry)
            else:
                item = (-deadline.toordinal(), -row.number, entry)
                if len(heap) < limit:
                    push(heap, item)
                else:
                    replace(heap, item)
            return entry

        def tallied() -> tuple[int, int, int]:
            return rows, errors, empty

        return add, tallied

    def sliced(
        self, file: AssessedFile, workers: int, notes: Callable[[str], None] | None = None
    ) -> bool | None:
        """Add *file*'s rows in up to *workers* processes, as ``check --jobs`` reads a file.

        As the report's pass and the statistics' counter do (``AssessedFile.count_in_slices``):
        a CSV file given by its path, large enough, on Linux, and this process without other
        threads (else *notes* is told why not) is cut in slices; each is read in a process of
        its own, and the later slices' groups are merged after the first's, in row order: the
        same worklist as one process's.

        Args:
            file: the file this builder was made for, not yet read.
            workers: at most this many processes.
            notes: told why the file is read in one piece.

        Returns:
            ``True`` when read in slices; ``None`` when the file is to be read in one piece
            (nothing was read: add its rows with :meth:`add`). A worklist's slices always
            merge.

        Raises:
            InvalidValueError: *file* is not the file this builder was made for, or
                *workers* is not a whole number of at least 1.
            InvalidTypeError: *workers* is not a whole number.
        """
        if file is not self.file:
            raise InvalidValueError(
                "is not the file this worklist builder was made for", field="file"
            )
        check_workers(workers)

        def count(rows: Iterator[AssessedRow], _k: int) -> None:
            add = self.add
            for row in rows:
                add(row)

        def merge(state: WorklistState) -> bool:
            self.merge(state, self.rows)
            return True

        return file.count_in_slices(workers, count, self.state, merge, notes)

    def state(self) -> WorklistState:
        """What :meth:`merge` takes from the builder of a later slice of the file."""
        return WorklistState(
            {
                keys: (group.counts, group.entries, group.heap)
                for keys, group in self.groups.items()
            },
            self._tallied(),
        )

    def merge(self, state: WorklistState, shift: int) -> None:
        """Add a later slice's rows as if this builder had read them after its own.

        Args:
            state: the slice's :meth:`state`.
            shift: the data rows before the slice (its entries' row numbers are its own).
        """
        for index, value in enumerate(state.counts):
            self._merged[index] += value
        limit = self.limit
        for keys, (counts, entries, heap) in state.groups.items():
            group = self.groups.get(keys)
            if group is None:
                group = self.groups[keys] = _Group(keys)
            mine = group.counts
            for index, value in enumerate(counts):
                mine[index] = min(mine[index], value) if index == _NEXT else mine[index] + value
            group.entries.extend(attrs.evolve(entry, row=entry.row + shift) for entry in entries)
            kept = group.heap
            for deadline, row, entry in sorted(heap, reverse=True):  # the first patients first
                item = (deadline, row - shift, attrs.evolve(entry, row=entry.row + shift))
                if limit is None or len(kept) < limit:
                    heapq.heappush(kept, item)
                elif item > kept[0]:  # before the last kept one (by deadline, then row)
                    heapq.heapreplace(kept, item)
                else:
                    break  # the rest come after it too

    def finish(self) -> Worklist:
        """The worklist: groups by earliest deadline, patients by deadline."""
        ordered = sorted(
            (
                (group.patients(), keys)
                for keys, group in self.groups.items()
                if group.entries or group.heap
            ),
            key=lambda item: (item[0][0].deadline, tuple(map(swedish_key, item[1]))),
        )
        forecasts = {keys: _forecast(group.counts) for keys, group in self.groups.items()}
        groups = []
        for number, (patients, keys) in enumerate(ordered, 1):
            counts = self.groups[keys].counts
            next_breach = counts[_NEXT]
            groups.append(
                WorklistGroup(
                    number,
                    keys,
                    tuple(patients),
                    counts[_OVERDUE],
                    forecasts[keys],
                    None if next_breach == _NO_BREACH else next_breach,
                    counts[_PATIENTS],
                )
            )
        total = [0] * len(WEEKS)
        for forecast in forecasts.values():
            total = [a + b for a, b in zip(total, forecast, strict=True)]
        rows, errors, empty = self._tallied()
        return Worklist(
            self.source,
            self.as_of,
            self.horizon,
            self.group_by,
            self.keep,
            tuple(groups),
            rows,
            errors,
            empty,
            sum(group.counts[_OVERDUE] for group in self.groups.values()),
            tuple(total),
            self.limit,
            self.over_law,
        )


def _forecast(counts: Sequence[int]) -> tuple[int, ...]:
    """A group's forecast (cumulative per :data:`WEEKS`) from its breaches per day."""
    found = []
    total = 0
    day = 0
    for weeks in WEEKS:
        while day < 7 * weeks:
            day += 1
            total += counts[_BREACH_DAY + day]
        found.append(total)
    return tuple(found)


def _unique(names: Sequence[str]) -> tuple[str, ...]:
    """*names* stripped, without blanks or repeats (as columns are matched), in order."""
    seen: set[str] = set()
    found: list[str] = []
    for name in names:
        if not isinstance(name, str):
            raise InvalidValueError(f"a column name is text, not {type(name).__name__}")
        stripped = name.strip()
        if stripped and column_key(stripped) not in seen:
            seen.add(column_key(stripped))
            found.append(stripped)
    return tuple(found)


def _listed(listed_of: Callable[[list[str]], bool | None], cells: list[str]) -> bool | None:
    """The row's ``listed`` (``None``: unknown, or a value it cannot read)."""
    try:
        return listed_of(cells)
    except VardgarantiError:
        return None


def build_worklist(
    source: str | Path | IO[str] | IO[bytes],
    *,
    as_of: date,
    rules: RuleSet = NATIONAL,
    policy: Policy = Policy(),  # noqa: B008 - frozen, safe as a default
    profile: str | Path | Profile = "auto",
    encoding: str = "auto",
    sheet: str | None = None,
    horizon: int = DEFAULT_HORIZON,
    group_by: Sequence[str] | None = None,
    keep: Sequence[str] = (),
    each: Callable[[AssessedRow], object] | None = None,
    workers: int = 1,
    notes: Callable[[str], None] | None = None,
) -> Worklist:
    """The worklist of a waiting list as of a day (``vardgaranti worklist``).

    Args:
        source: a path (CSV, national XML or Excel), ``"-"`` for standard input, or a stream.
        as_of: the day.
        rules: the rule set.
        policy: roll-forward and the at-risk window (the worklist's own window is *horizon*).
        profile: how to read the columns.
        encoding: for CSV: ``auto``, ``utf-8``, ``cp1252`` or ``utf-16``.
        sheet: for Excel: the sheet.
        horizon: a patient without a booking is on the list with at most this many days left.
        group_by: the group's columns (default: unit, level, and ``Mvo`` and the activity,
            ``Aktivitet`` or else ``activity``, where the file has them:
            :func:`default_group_by`).
        keep: other columns to keep (the worklist carries no more than asked).
        each: called with every row as it is read (to count other things in the same pass);
            with *each*, the file is read in one process.
        workers: at most this many processes read the file side by side (as ``check``'s
            *workers*: a large CSV file given by its path, on Linux); the groups of the later
            slices are merged after the first's, the same worklist as one process's.
        notes: told why a file is read in one process rather than *workers* (with *each*
            it always is, and nothing is said: every row is handed to it in this process).

    Returns:
        The groups of patients to act on, by earliest deadline, each with its breach
        forecast, and the counts of the rows read.

    Raises:
        WaitingListError: the file cannot be used, or a column named is not in it.
        InvalidValueError: *workers* is not a whole number of at least 1.
        InvalidTypeError: *workers* is not a whole number, or *each* or *notes* is not
            callable.

    >>> from vardgaranti import EXAMPLE_AS_OF, example_waiting_list
    >>> worklist = build_worklist(example_waiting_list(), as_of=EXAMPLE_AS_OF)
    >>> first = worklist.groups[0]
    >>> first.keys, len(first.patients), first.patients[0].action.value
    (('Gynekologi', 'visit'), 7, 'care-elsewhere')
    """
    callback(each, "each")
    callback(notes, "notes")
    check_workers(workers)
    with assess_file(
        source,
        as_of=as_of,
        rules=rules,
        policy=policy,
        profile=profile,
        encoding=encoding,
        sheet=sheet,
    ) as file:
        builder = WorklistBuilder(file, as_of=as_of, horizon=horizon, group_by=group_by, keep=keep)
        if each is None and builder.sliced(file, workers, notes):
            return builder.finish()
        add = builder.add
        for row in file.rows:
            add(row)
            if each is not None:
                each(row)
        return builder.finish()


# -- writing ------------------------------------------------------------------------------------


def _text_cell(value: str | int | date | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, date):
        return value.isoformat()
    return plain(str(value), 80) or "-"


def _table(rows: list[list[str]], indent: str) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        indent
        + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def _forecast_text(counts: Sequence[int], lang: Lang) -> str:
    parts = [
        message("worklist.week" if weeks == 1 else "worklist.weeks", lang, n=weeks) + f" {count}"
        for weeks, count in zip(WEEKS, counts, strict=True)
    ]
    return ", ".join(parts)


def write_text(worklist: Worklist, out: IO[str], lang: Lang = "en") -> None:
    """Write the worklist as text: a heading, then each group with its figures and patients."""

    def m(key: str, **values: object) -> str:
        return message(f"worklist.{key}", lang, **values)

    lines = [
        m(
            "title",
            as_of=worklist.as_of.isoformat(),
            patients=worklist.patients,
            groups=len(worklist.groups),
            horizon=days(worklist.horizon, lang),
        ),
        m("read", rows=worklist.rows, errors=worklist.errors),
    ]
    names = worklist.columns()[1 + len(worklist.group_by) :]
    header = [_column_word(name, lang) for name in names]
    for group in worklist.groups:
        keys = " · ".join(
            f"{_column_word(name, lang)} {_text_cell(_value_word(name, value, lang))}"
            for name, value in zip(worklist.group_by, group.keys, strict=True)
        )
        next_breach = (
            m("next-breach", days=days(group.next_breach, lang))
            if group.next_breach is not None
            else m("no-breach")
        )
        lines += [
            "",
            f"{group.number}. {keys}" if keys else f"{group.number}.",
            "   "
            + m(
                "group",
                patients=group.count,
                overdue=group.overdue,
                earliest=group.earliest_deadline.isoformat(),
                next_breach=next_breach,
            ),
            "   " + m("forecast", weeks=_forecast_text(group.forecast, lang)),
        ]
        table = [header]
        for entry in group.patients:
            values = worklist.cells(group, entry)[1 + len(group.keys) :]
            table.append(
                [
                    _text_cell(_value_word(name, value, lang))
                    for name, value in zip(names, values, strict=True)
                ]
            )
        lines += _table(table, "   ")
    lines += [
        "",
        m(
            "whole-list",
            overdue=worklist.overdue,
            weeks=_forecast_text(worklist.forecast, lang),
        ),
    ]
    write_in_pieces(out, "\n".join(lines) + "\n")


_Cell = str | int | date | None

#: The worklist's own columns, by the report's words for them (a text in Swedish says them so).
_COLUMN_WORDS: Final = {
    "unit": "unit",
    "level": "level",
    "booked": "booked",
    "deadline": "deadline",
    "law_deadline": "law-deadline",
    "days_left": "days-left",
    "days_over": "days-over",
    "action": "action",
}
#: The columns whose values are the library's words, and where their Swedish words are.
_VALUE_WORDS: Final = {"level": "report.level", "status": "report.state", "action": "report.action"}


def _column_word(name: str, lang: Lang) -> str:
    """A column's name in a text in *lang*: the worklist's own in its words, any other as written.

    English keeps the names the CSV has (``days_left``).
    """
    key = _COLUMN_WORDS.get(name)
    if lang == "en" or key is None:
        return name
    return message(f"report.column.{key}", lang).lower()


def _value_word(name: str, value: _Cell, lang: Lang) -> _Cell:
    """A level, status or action in a text in *lang* (English keeps the values as written)."""
    prefix = _VALUE_WORDS.get(name)
    if lang == "en" or prefix is None or not isinstance(value, str) or not value:
        return value
    key = f"{prefix}.{value}"
    return message(key, lang) if has_message(key) else value


def _book_word(name: str, lang: Lang) -> str:
    """A column's header in a workbook in *lang*: the worklist's own in its words.

    Any other column is named as written; English keeps the CSV's names (``days_left``).
    """
    if lang == "en":
        return name
    if name.startswith("breach_") and name.endswith("w") and name[7:-1].isdigit():
        return message("worklist.book.breach", lang, weeks=int(name[7:-1]))
    if name in _COLUMN_WORDS:
        return message(f"report.column.{_COLUMN_WORDS[name]}", lang)
    key = _BOOK_WORDS.get(name)
    return name if key is None else message(key, lang)


#: The columns of a workbook with words of their own, and where they are.
_BOOK_WORDS: Final = {
    "group": "worklist.book.group",
    "patients": "worklist.book.patients",
    "overdue": "worklist.book.overdue",
    "earliest_deadline": "worklist.book.earliest_deadline",
    "next_breach_days": "worklist.book.next_breach_days",
    "id": "report.column.id",
    "start": "report.column.start",
    "status": "report.column.status",
}


def write_csv(worklist: Worklist, out: IO[str], *, bom: bool = False) -> None:
    """Write the worklist as ``;``-separated CSV: one row per patient with its group.

    Cells from the input are escaped against spreadsheet formulas, the header's too (the names
    of kept and grouping columns are the input's). What repeats (dates, units, numbers) is
    turned into text once.
    """
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([escape_formula(name) for name in worklist.columns()])
    entry_at, kept_at = worklist._picks
    pick = operator.itemgetter(*entry_at) if len(entry_at) > 1 else None
    texts: dict[object, str] = {None: ""}
    numbers = _NUMBER_TEXT

    def text(day: date | None) -> str:
        found = texts.get(day)
        if found is None:
            assert day is not None
            found = texts[day] = day.isoformat()
        return found

    def escaped(cell: str) -> str:
        found = texts.get(cell)
        if found is None:
            found = escape_formula(cell)
            if len(texts) < _KNOWN_LIMIT:
                texts[cell] = found
        return found

    write = writer.writerow
    for group in worklist.groups:
        head = [str(group.number), *(escape_formula(key) for key in group.keys)]
        for entry in group.patients:
            assessed = entry.assessed
            left = assessed.days_left
            over = assessed.days_over
            level = assessed.level
            values = (
                escape_formula(entry.id),
                escaped(entry.unit),
                "" if level is None else _LEVEL_TEXT[level],
                text(assessed.clock_start),
                text(assessed.booked),
                text(assessed.deadline),
                text(assessed.care_deadline),
                assessed.status,  # a StrEnum: written as its value
                "" if left is None else numbers[left] if 0 <= left < 1000 else str(left),
                "" if over is None else numbers[over] if 0 <= over < 1000 else str(over),
                entry.action,
            )
            row = list(head)
            if pick is not None:
                row.extend(pick(values))
            elif entry_at:
                row.append(values[entry_at[0]])
            if kept_at:
                kept = entry.kept
                row.extend(escape_formula(kept[i]) for i in kept_at)
            write(row)


def write_json(worklist: Worklist, out: IO[str]) -> None:
    """Write the worklist as one JSON object (see :meth:`Worklist.as_dict`), a patient a line."""
    dump_json(worklist.as_dict(), out, flat_from=4)
    out.write("\n")


def write_workbook(
    worklist: Worklist,
    target: BinaryIO,
    lang: Lang = "en",
    *,
    costs: tuple[list[str], list[list[object]]] | None = None,
) -> None:
    """Write the worklist as an Excel workbook: an overview sheet and one sheet per group.

    With more than :data:`MAX_GROUP_SHEETS` groups the patients go to one sheet instead (with
    their group's number), as a workbook of thousands of sheets helps no one. Needs the
    ``excel`` extra. Text is written as text, never as a formula.

    Raises:
        WaitingListError: openpyxl is missing, or a sheet breaks one of Excel's limits.
    """
    from ._xlsx import Workbook

    columns = worklist.columns()
    words: list[tuple[int, str]] = []  # (the cells whose values are the library's words)
    if lang != "en":
        words = [(i, name) for i, name in enumerate(columns) if name in _VALUE_WORDS]
    keys = worklist.group_by

    def cells(group: WorklistGroup, entry: WorklistEntry) -> list[_Cell]:
        row = worklist.cells(group, entry)
        for i, name in words:
            row[i] = _value_word(name, row[i], lang)
        return row

    def key_words(group: WorklistGroup) -> list[_Cell]:
        return [
            _value_word(name, value, lang) for name, value in zip(keys, group.keys, strict=True)
        ]

    with Workbook(
        target, message("worklist.book-title", lang, as_of=worklist.as_of), day=worklist.as_of
    ) as book:
        overview = book.sheet(
            message("worklist.overview", lang),
            [_book_word(name, lang) for name in worklist.overview_columns()],
        )
        for group in worklist.groups:
            figures = worklist.overview(group)
            figures[1 : 1 + len(keys)] = key_words(group)
            overview.append(figures)
        header = [_book_word(name, lang) for name in columns]
        if len(worklist.groups) > MAX_GROUP_SHEETS:
            sheet = book.sheet(message("worklist.patients-sheet", lang), header)
            for group, entry in worklist.entries():
                sheet.append(cells(group, entry))
        else:
            for group in worklist.groups:
                title = " ".join(
                    [str(group.number), *(str(value or "-") for value in key_words(group))]
                )
                sheet = book.sheet(title, header)
                for entry in group.patients:
                    sheet.append(cells(group, entry))
        if costs is not None:
            sheet = book.sheet(message("worklist.costs-sheet", lang), costs[0])
            for line in costs[1]:
                sheet.append(line)


# -- letters ------------------------------------------------------------------------------------

_SAFE_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_UNSAFE: Final = re.compile(r"[^A-Za-z0-9_-]+")
_RESERVED: Final = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{n}" for n in range(10)} | {f"lpt{n}" for n in range(10)}
)


def letter_file_name(ident: str, used: set[str]) -> str:
    """A safe file name for the letter of the patient *ident*, unique among *used*.

    An id of letters, digits, ``.``, ``_`` and ``-`` (up to 64, starting with a letter or digit,
    not a name Windows reserves such as ``CON``) is the name, with ``.txt``. Any other id
    (``../x``, empty, very long, with a separator or other characters) becomes its safe part
    (its letters without their marks, ``Ö-1`` as ``O-1``, so that a name stays recognisable; at
    most 40 characters, never starting with ``-``; or ``patient``) and 16 hexadecimal
    digits of its SHA-256, so that ids that clean up alike still differ. A name already in
    *used* (compared case-folded, as on Windows and macOS) gets ``~2``, ``~3``...: a character
    no id's own name holds, so that the second ``P1``'s letter is never the name of a patient
    whose id is ``P1-2``. The name never holds a separator: it stays in its folder. *used* is
    updated.

    >>> used, ids = set(), ("P1", "p1", "P1-2", "../x", "CON", "Ö-1")
    >>> [letter_file_name(i, used) for i in ids]  # doctest: +ELLIPSIS
    ['P1.txt', 'p1~2.txt', 'P1-2.txt', 'x-....txt', 'CON-....txt', 'O-1-....txt']
    """
    stem = ident
    base = stem.split(".")[0].lower()
    if not _SAFE_NAME.fullmatch(stem) or base in _RESERVED:
        # (a letter with a mark is the letter: "Ö-1" is "O-1", not "1", beside its digest)
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", stem) if not unicodedata.combining(c)
        )
        cleaned = _UNSAFE.sub("_", plain).strip("_-")[:40].strip("_-") or "patient"
        digest = hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        stem = f"{cleaned}-{digest}"
    name = f"{stem}.txt"
    count = 1
    while name.casefold() in used:
        count += 1
        name = f"{stem}~{count}.txt"
    used.add(name.casefold())
    return name


def check_letters_folder(folder: str) -> None:
    """Refuse a folder for letters that cannot take them, before any work.

    Args:
        folder: the folder the letters are to be written to (made when it does not exist).

    Raises:
        WaitingListError: *folder* exists and is not a folder, or is an empty name; it cannot
            be made (a file where a folder above it would be); it (or, when it does not exist
            yet, the nearest folder above it) cannot be written.
    """
    if not folder:
        raise WaitingListError("the name is empty", field="folder")
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise WaitingListError(f"{folder} is not a folder", field="folder")
    existing = os.path.abspath(folder)
    while not os.path.exists(existing) and os.path.dirname(existing) != existing:
        existing = os.path.dirname(existing)
    if not os.path.isdir(existing):  # a file where a folder above it would be made
        raise WaitingListError(
            f"{folder}: cannot make the folder ({existing} is not a folder)", field="folder"
        )
    if os.path.isdir(existing) and not os.access(existing, os.W_OK | os.X_OK):
        raise WaitingListError(f"{folder}: cannot write the letters ({existing} is not writable)")


def make_letters_folder(folder: str) -> list[str]:
    """Make the folder for letters (and those above it) where it does not exist yet.

    The command makes it before it writes the worklist: a folder the system refuses (a
    read-only disk, which ``os.access`` does not tell for the superuser) then fails with
    nothing written, not after the worklist.

    Args:
        folder: the folder the letters are to be written to.

    Returns:
        The folders made, the deepest first (for the command to remove, empty, if it then
        fails before the letters are written).

    Raises:
        WaitingListError: as :func:`check_letters_folder`; the folder cannot be made.
    """
    check_letters_folder(folder)
    made: list[str] = []
    missing = os.path.abspath(folder)
    while not os.path.exists(missing) and os.path.dirname(missing) != missing:
        made.append(missing)
        missing = os.path.dirname(missing)
    try:
        os.makedirs(folder, exist_ok=True)
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        raise WaitingListError(
            f"{folder}: cannot make the folder for the letters ({reason})"
        ) from None
    if not os.path.isdir(folder):
        raise WaitingListError(f"{folder} is not a folder", field="folder")
    return made


def letter_names(worklist: Worklist) -> list[str]:
    """The file names :func:`write_letters` gives the letters of *worklist*, in its order."""
    used: set[str] = set()
    return [letter_file_name(entry.id, used) for _group, entry in worklist.lettered()]


def letter_at(worklist: Worklist, folder: str, path: str) -> str | None:
    """The id of the patient whose letter :func:`write_letters` would write to *path*.

    Args:
        worklist: the worklist whose letters are to be written.
        folder: the folder they are written to.
        path: a file to be written besides them (the worklist itself).

    Returns:
        The patient's id, or ``None`` when no letter goes to *path*.
    """
    target = os.path.normcase(os.path.realpath(path))
    exists = os.path.exists(path)
    ids = [entry.id for _group, entry in worklist.lettered()]
    for patient, name in zip(ids, letter_names(worklist), strict=True):
        letter = os.path.join(folder, name)
        if os.path.normcase(os.path.realpath(letter)) == target or (
            exists and os.path.exists(letter) and os.path.samefile(letter, path)
        ):
            return patient
    return None


def old_letters(worklist: Worklist, folder: str, *, besides: str | None = None) -> list[str]:
    """The letters (``.txt`` files) in *folder* that *worklist*'s letters would not replace.

    Letters of patients who are no longer on the list, from an earlier run: sent by mistake,
    they would tell a patient of a wait that is over. A name that differs from one of the new
    letters' only in case is old too (on a file system that keeps both). *besides*, the file
    the worklist itself is written to, is not a letter. Sorted; none when the folder is new.
    """
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as error:
        raise WaitingListError(f"{folder}: cannot read the folder ({error.strerror})") from error
    ours = set(letter_names(worklist))
    found = []
    for name in names:
        path = os.path.join(folder, name)
        if name in ours or not name.lower().endswith(".txt") or not os.path.isfile(path):
            continue
        if besides is not None and os.path.exists(besides) and os.path.samefile(path, besides):
            continue
        found.append(name)
    return sorted(found)


def check_letter_names(worklist: Worklist, folder: str) -> list[str]:
    """The names of *worklist*'s letters in *folder*, none of them taken by a link or a folder.

    Called before anything is written: a letter refused halfway would leave a partial set of
    letters (and the worklist beside them) that may be sent as if whole.

    Raises:
        WaitingListError: a name exists as anything but a regular file, or as one that cannot
            be replaced (read-only), or cannot be looked at.
    """
    names = letter_names(worklist)
    for name in names:
        path = os.path.join(folder, name)
        try:
            info = os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as error:
            raise WaitingListError(f"{path}: cannot write ({error.strerror})") from error
        if not stat.S_ISREG(info.st_mode):
            raise WaitingListError(
                f"{path}: exists and is not a regular file (a link or a folder); letters are "
                "not written through it"
            )
        if not info.st_mode & 0o222 or not os.access(path, os.W_OK):  # (as open_output
            # refuses it, halfway through the letters: a file kept read-only is not replaced)
            raise WaitingListError(
                f"{path}: cannot write (the file is read-only); nothing was written"
            )
    return names


def write_letters(
    worklist: Worklist,
    folder: str,
    lang: Lang = "sv",
    *,
    contact: str | None = None,
    written: list[str] | None = None,
) -> list[str]:
    """Write one letter per patient on the worklist into *folder* (made if missing).

    Not to the patients of the contact level (:meth:`Worklist.lettered`): its guarantee is
    contact the same day, a day past before a letter arrives.

    Each letter is written through :func:`~vardgaranti._output.open_output` (whole or not at
    all); names come from :func:`letter_file_name`. A name that exists as anything but a
    regular file (a link, a folder) is refused rather than written through.

    Args:
        worklist: the worklist.
        folder: the letters' folder.
        lang: the letters' language.
        contact: whom the patient should contact.
        written: a list the name of each letter is added to as soon as it is written (so that
            a caller stopped part-way, by a signal, knows how many were).

    Returns:
        The file names written, in the worklist's order.

    Raises:
        WaitingListError: the folder cannot be made or written, or a name is taken by a link.
    """
    make_letters_folder(folder)
    if written is None:
        written = []
    names = check_letter_names(worklist, folder)  # (all of them, before the first is written)
    for (_group, entry), name in zip(worklist.lettered(), names, strict=True):
        path = os.path.join(folder, name)
        text = letter_for(
            entry.assessed, lang, as_of=worklist.as_of, contact=contact, listed=entry.listed
        )
        with open_output(path, encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        written.append(name)
    return written
