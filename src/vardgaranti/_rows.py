"""Rows of a waiting list into the core: cells read by a profile, evaluated by the core.

A :class:`RowEvaluator` reads a row's cells the way its :class:`~vardgaranti.Profile`
says (which column holds what, which codes mean what, which date forms are accepted), with
caches for what repeats across a file, and evaluates it with the same core functions as
:func:`~vardgaranti.evaluate` (:func:`~vardgaranti._core.plan`, :func:`~vardgaranti._core.judge`
and the checks beside them). What rows share (level, start, restart, listing, exclusions and
the codes beside them) is planned once and remembered: that is what makes a file fast.

Every error names the source column it is about (``BeslutAktivitet: '2026-13-01' is not a
date``), from the field the library's error carries.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Final, NamedTuple, TypeVar

import attrs

from ._calendar import SwedishCalendar
from ._case import INTERVAL, Case, Exclusion, parse_exclusions, split_items
from ._core import (
    Plan,
    Policy,
    Status,
    Uncovered,
    check_as_of,
    check_dates,
    check_exclusions,
    check_restart,
    check_restart_level,
    judge,
    judge_deviation,
    not_covered,
    overflow_cause,
    plan,
)
from ._costs import costs_of_facts
from ._profiles import DayReader, Profile
from ._records import PADDED_ERROR, RECORD_ERROR
from ._rules import ExclusionReason, Level, Rule, RuleSet
from ._text import column_key
from .errors import (
    InvalidCaseError,
    InvalidValueError,
    NoRuleInForceError,
    UnknownLevelError,
    UnsupportedYearError,
    VardgarantiError,
)

__all__ = [
    "BANDS",
    "RESULT_COLUMNS",
    "Assessed",
    "RowEvaluator",
    "RowResult",
    "band_index",
    "result_columns",
]

#: The columns ``check`` appends to every row of the native format, in order.
RESULT_COLUMNS: Final = (
    "deadline",
    "status",
    "days_waited",
    "days_left",
    "excluded_days",
    "care_elsewhere",
    "error",
)

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


def result_columns(profile: Profile, costs: bool = False) -> tuple[str, ...]:
    """The result columns ``check`` appends for *profile*.

    The native seven, with the profile's own (``deviation``, ``reason``) and, when the file
    says who referred care elsewhere (*costs*), ``costs_covered`` before ``error``.
    """
    own = (*profile.result_columns, "costs_covered") if costs else profile.result_columns
    return (*RESULT_COLUMNS[:-1], *own, "error")


#: A row's result: its result cells, then level, status, band and care elsewhere (summary).
RowResult = tuple[tuple[str, ...], Level | None, Status, int, bool]

_NUMBER_TEXT: Final = tuple(str(n) for n in range(1000))
_MEMO_LIMIT: Final = 20_000
_UNSEEN: Final = date.min  # a sentinel no file can hold (year 1)
_T = TypeVar("_T")
_CACHE_LIMIT: Final = 200_000
#: A zone after a start's time (``Z``, ``+01:00``, ``-05``): searched after the date.
_ZONED: Final = re.compile(r"[Z+-]")
_REASONS: Final = {reason.value: reason for reason in ExclusionReason}
#: The fields whose cells decide what rows share.
_SHARED_FIELDS: Final = (
    "level",
    "start",
    "restart",
    "listed",
    "exclusions",
    "covered",
    "deviation",
)


#: What every row's evaluation starts from: the shared plan, the completion and the booking.
_Prelude = tuple["_Shared", date | None, date | None]


@attrs.define(slots=True)
class _Shared:
    """What a row's level, start, restart, listing, exclusions and codes decide."""

    level: Level | None
    rule: Rule | None
    start: date
    restart: date | None  # as given, even after the as-of day
    plan: Plan | None
    uncovered: Uncovered | None
    deviation: str | None
    deadline_text: str
    excluded_text: str
    #: the periods not counted that moved the deadline (``Assessed.periods``)
    periods: tuple[tuple[date, date, frozenset[ExclusionReason]], ...] = ()


class Assessed(NamedTuple):
    """A row of a waiting list, read and evaluated: its dates and its outcome, typed.

    (A named tuple: immutable, and cheap to make for every row of a large file.)

    What ``check`` writes as text, for the commands that count, group and forecast (``stats``,
    ``worklist``, ``validate``, ``report``) and for data frames.
    """

    #: the level (``None`` for a contact of a kind outside the guarantee).
    level: Level | None
    #: the rule applied (``None`` as for ``level``).
    rule: Rule | None
    #: the start as given (day 0 of the first period).
    start: date
    #: day 0 of the period counted as of the as-of day.
    clock_start: date
    #: the completion as given (also when after the as-of day).
    completed: date | None
    #: the booking as given.
    booked: date | None
    #: the status as of the as-of day.
    status: Status
    #: the deadline (``None`` when not covered).
    deadline: date | None
    #: the deadline the duty of care elsewhere follows (``None``: no duty).
    care_deadline: date | None
    #: days waited (excluded days not counted); ``None`` when not covered.
    days_waited: int | None
    #: days left (open, not overdue).
    days_left: int | None
    #: days past the deadline (overdue or missed).
    days_over: int | None
    #: days the exclusions moved the deadline.
    excluded_days: int
    #: care with another provider is due.
    care_elsewhere: bool
    #: why the guarantee does not apply, if it does not.
    uncovered: Uncovered | None
    #: the deviation code (``pvv``, ``mov``, ``sov``) without dates, if any.
    deviation: str | None
    #: the day care elsewhere was referred, as given (``referred``; ``None``: none given, or
    #: the file has no such column).
    referred: date | None = None
    #: the periods not counted that moved the deadline: first and last day and reasons (the
    #: plan's :attr:`~vardgaranti.Plan.merged` spans that it
    #: :attr:`~vardgaranti.Plan.counted`; a worklist's letter names them). One tuple for the
    #: rows that share a plan (the same level, start, restart and exclusions); empty for most.
    periods: tuple[tuple[date, date, frozenset[ExclusionReason]], ...] = ()


def referral_in_period(assessed: Assessed, as_of: date) -> date | None:
    """The row's referral for care elsewhere, where it belongs to the period counted.

    A referral counts from the period's day 0 (one before a restart was for the period the
    patient declined) to the as-of day (one after it has not happened yet): the worklist's
    ``referred`` action and the letter of such a patient both read it so.

    Args:
        assessed: the row, evaluated.
        as_of: the as-of day.

    Returns:
        The referral's day, or ``None``.
    """
    referred = assessed.referred
    if referred is not None and assessed.clock_start <= referred <= as_of:
        return referred
    return None


def detached(error: VardgarantiError) -> VardgarantiError:
    """*error* as a row's value: without its traceback and the exceptions it was raised in.

    A row's error is returned, not raised, and kept (in the memo, in a row the commands
    hand on) while the frames it was raised through would hold it and the row: a reference
    cycle, which the commands' paused garbage collector (``no_gc``) never frees. Its text is
    all a row's error is read for.

    >>> try:
    ...     raise VardgarantiError("x") from ValueError("y")
    ... except VardgarantiError as error:
    ...     kept = detached(error)
    >>> kept.__traceback__ is None and kept.__cause__ is None and kept.__context__ is None
    True
    """
    error.__traceback__ = None
    error.__cause__ = None
    error.__context__ = None
    return error


class RowEvaluator:
    """Reads and evaluates the rows of one file, caching what repeats.

    Args:
        profile: how to read the cells.
        header: the file's header (column names as written).
        as_of: the day the status is for.
        rules: the rule set.
        policy: roll-forward and the at-risk window.
        calendar: the Swedish calendar.
    """

    def __init__(
        self,
        profile: Profile,
        header: Sequence[str],
        as_of: date,
        rules: RuleSet,
        policy: Policy,
        calendar: SwedishCalendar,
        *,
        periods: bool = True,
    ) -> None:
        self.profile = profile
        #: rows keep the periods not counted (:attr:`Assessed.periods`); without, ``()``
        self.periods = periods
        self.as_of = as_of
        self.rules = rules
        self.policy = policy
        self.calendar = calendar
        names = {column_key(name): i for i, name in reversed(list(enumerate(header)))}
        self.position = {
            field: names.get(column_key(column), -1) for field, column in profile.columns.items()
        }
        self.column = dict(profile.columns)
        pairs = [
            (reason, names.get(column_key(first), -1), names.get(column_key(last), -1), first, last)
            for reason, first, last in profile.exclusion_pairs
        ]
        for _reason, i_from, i_to, first, last in pairs:
            if (i_from < 0) != (i_to < 0):  # one column of a pair without the other
                missing = first if i_from < 0 else last
                raise InvalidValueError(
                    f"the profile's exclusion column {missing!r} is not in the file (its pair "
                    f"{last if i_from < 0 else first!r} is)",
                    field="exclusions",
                )
        # A pair the file has neither column of is an optional field the file lacks.
        self.pairs = tuple(pair for pair in pairs if pair[1] >= 0)
        get = self.position.get
        self.i_level = get("level", -1)
        self.i_start = get("start", -1)
        self.i_completed = get("completed", -1)
        self.i_booked = get("booked", -1)
        self.i_restart = get("restart", -1)
        self.i_listed = get("listed", -1)
        self.i_exclusions = get("exclusions", -1)
        self.i_covered = get("covered", -1)
        self.i_deviation = get("deviation", -1)
        self.i_unit = get("unit", -1)
        self.i_id = get("id", -1)
        self.i_referred = get("referred", -1)
        self.i_provider = get("provider", -1)
        #: The file says who referred (or which provider gave) care elsewhere: check writes
        #: ``costs_covered``.
        self.costs = self.i_referred >= 0 or self.i_provider >= 0
        shared = [get(field, -1) for field in _SHARED_FIELDS]
        shared += [i for _r, i_from, i_to, _f, _l in self.pairs for i in (i_from, i_to)]
        shared = [i for i in shared if i >= 0]
        self.key_of: Callable[[list[str]], object] = (
            operator.itemgetter(*shared) if len(shared) > 1 else (lambda row: row[shared[0]])
        )
        # The national format writes the start as a date and time, which rarely repeats: rows
        # share by the date (the time is still checked, row by row, in result()). A time with
        # a zone is a moment whose date in Sweden may be another day: keyed by that day (by
        # the whole cell when it is no moment the date reader reads: planning it says why).
        self.timed_starts = profile.timed_starts and self.i_start >= 0
        if self.timed_starts:
            rest = [i for i in shared if i != self.i_start]
            others = operator.itemgetter(*rest) if rest else (lambda row: ())
            i_start = self.i_start

            def key_of(row: list[str]) -> object:
                start = row[i_start]
                if len(start) > 10:
                    start = start.strip()  # as the date reader reads it: blanks around
                    if not _ZONED.search(start, 11):
                        start = start[:10] if start[4:5] == "-" else start[:8]
                    else:
                        try:
                            day = self.day(start, "start")
                        except VardgarantiError:
                            day = None
                        if day is not None:
                            start = day.isoformat()
                return others(row), start

            self.key_of = key_of
        self.day = DayReader(profile.date_formats, _CACHE_LIMIT)
        self.levels: dict[str, Level | Uncovered] = {}
        self.yes_no: dict[str, bool | None] = {}
        self.ruled: dict[tuple[Level, date], Rule] = {}
        self.memo: dict[object, _Shared | VardgarantiError] = {}
        self.width = len(header)
        self.extra = len(profile.result_columns)
        #: An earlier check's output (every result column), read again: its ``error`` column,
        #: whose record errors (:data:`~vardgaranti._records.RECORD_ERROR`) the rows keep.
        self.i_earlier = (
            names.get("error", -1) if all(column in names for column in RESULT_COLUMNS) else -1
        )
        self._not_covered_tails: dict[tuple[Uncovered, str | None], tuple[str, ...]] = {}
        #: A row's result cells and summary keys, or its error naming the column.
        self.result: Callable[[list[str]], RowResult | VardgarantiError] = self._make_result()
        #: A row, read and evaluated, typed (:class:`Assessed`), or its error: the same
        #: evaluation as :attr:`result` (the same shared plans, the same core), for the
        #: commands that need dates and numbers rather than text.
        self.assess: Callable[[list[str]], Assessed | VardgarantiError] = self._make_assess()

    # -- errors name the source column --------------------------------------------------------

    def named(self, error: VardgarantiError, field: str | None = None) -> VardgarantiError:
        """*error*, said of the source column of its field (or of *field* if it has none)."""
        field = error.field or field
        if field is None:
            return error
        return error.about(self.column.get(field, field))

    # -- cells ---------------------------------------------------------------------------------

    def level_code(self, text: str) -> Level | Uncovered:
        """The level (or out-of-scope reason) in a level cell."""
        code = self.levels.get(text)
        if code is None:
            code = self._read(self.levels, text, self.profile.read_level, "level")
        return code

    def _read(self, cache: dict[str, _T], text: str, read: Callable[[str], _T], field: str) -> _T:
        """*read* of a cell's *text*, kept in *cache* (up to a bound); errors name *field*."""
        try:
            value = read(text)
        except VardgarantiError as error:
            raise self.named(error, field) from None
        if len(cache) < _CACHE_LIMIT:
            cache[text] = value
        return value

    def day_of(self, row: list[str], index: int, field: str) -> date | None:
        """The date in a row's cell (``None`` when the column is absent or the cell blank)."""
        if index < 0:
            return None
        try:
            return self.day(row[index], field)
        except VardgarantiError as error:
            raise self.named(error) from None

    def spans(self, row: list[str], rule: Rule | None) -> list[tuple[date, date, ExclusionReason]]:
        """The exclusion periods of a row (one cell and/or pairs of columns), checked."""
        found: list[tuple[date, date, ExclusionReason]] = []
        if self.i_exclusions >= 0:
            text = row[self.i_exclusions]
            if text and not text.isspace():
                found.extend(self._cell_spans(text))
        for reason, i_from, i_to, first, last in self.pairs:
            start = self.day_of(row, i_from, "exclusions")
            end = self.day_of(row, i_to, "exclusions")
            if start is None and end is None:
                continue
            if start is None or end is None:
                missing = first if start is None else last
                raise InvalidCaseError(
                    f"the period has no {'start' if start is None else 'end'} date",
                    field=missing,
                )
            if end < start:
                raise InvalidCaseError(
                    f"exclusion {reason.value}: it ends ({end.isoformat()}) before it begins "
                    f"({start.isoformat()})",
                    field=last,
                )
            found.append((start, end, reason))
        if found and rule is not None:
            allowed = rule.exclusion_reasons
            for _start, _end, reason in found:
                if reason not in allowed:
                    check_exclusions(rule, (reason,))  # raises, citing why
        return found

    def _cell_spans(self, text: str) -> list[tuple[date, date, ExclusionReason]]:
        """The periods of an exclusions cell.

        The common form is read here with the date cache; anything else goes through
        :func:`~vardgaranti.parse_exclusions`, whose errors are the library's own.
        """
        spans: list[tuple[date, date, ExclusionReason]] = []
        cache = self.day.cache
        match = INTERVAL.match(text)  # the common cell: one period, nothing else
        if match is not None:
            reason, first, last = match.groups()
            found = _REASONS.get(reason) or _REASONS.get(reason.lower())
            start = cache.get(first) or self._quiet_day(first)
            end = cache.get(last) or self._quiet_day(last)
            if found is not None and start is not None and end is not None and start <= end:
                return [(start, end, found)]
        for item in split_items(text):
            if not item:
                continue  # a leading, trailing or doubled separator
            match = INTERVAL.match(item)
            if match is not None:
                reason, first, last = match.groups()
                found = _REASONS.get(reason) or _REASONS.get(reason.lower())
                start = cache.get(first) or self._quiet_day(first)
                end = cache.get(last) or self._quiet_day(last)
                if found is not None and start is not None and end is not None and start <= end:
                    spans.append((start, end, found))
                    continue
            return [(e.start, e.end, e.reason) for e in parse_exclusions(text)]  # raises
        return spans

    def _quiet_day(self, text: str) -> date | None:
        try:
            return self.day(text, "exclusions")
        except VardgarantiError:
            return None

    def listed(self, row: list[str]) -> bool | None:
        """Whether the patient is listed (``None``: unknown)."""
        if self.i_listed < 0:
            return None
        text = row[self.i_listed]
        if not text:
            return None
        if self.profile.listed_present:
            return True if text.strip() else None
        known = self.yes_no.get(text, _UNSEEN)
        if known is not _UNSEEN:
            return known  # type: ignore[return-value]
        return self._read(self.yes_no, text, self.profile.read_yes_no, "listed")

    def reported(self, row: list[str]) -> Uncovered | None:
        """``reported`` when the source says the contact is outside the guarantee."""
        if self.i_covered < 0:
            return None
        try:
            covered = self.profile.read_yes_no(row[self.i_covered])
        except VardgarantiError as error:
            raise self.named(error, "covered") from None
        return Uncovered.REPORTED if covered is False else None

    def deviation(self, row: list[str]) -> str | None:
        """The deviation code of a row (``pvv``, ``mov``, ``sov``), if any."""
        if self.i_deviation < 0:
            return None
        try:
            return self.profile.read_deviation(row[self.i_deviation])
        except VardgarantiError as error:
            raise self.named(error, "deviation") from None

    def start(self, row: list[str]) -> date:
        """The start date of a row, which is required."""
        start = self.day.cache.get(row[self.i_start], _UNSEEN)
        if start is _UNSEEN:
            start = self.day_of(row, self.i_start, "start")
        if start is None:
            raise self.named(InvalidCaseError("the date is empty", field="start"))
        earliest = self.profile.earliest
        if earliest is not None and start < earliest:
            raise self.named(
                InvalidCaseError(
                    f"{start.isoformat()} is before {earliest.isoformat()}, the earliest the "
                    f"{self.profile.name} format allows",
                    field="start",
                )
            )
        return start

    def rule(self, level: Level, start: date) -> Rule:
        """The rule in force for *level* on *start*, cached."""
        found = self.ruled.get((level, start))
        if found is None:
            try:
                found = self.rules.rule_for(level, start)
            except UnknownLevelError as error:
                raise self.named(error, "level") from None
            except NoRuleInForceError as error:
                raise self.named(error, "start") from None
            if len(self.ruled) < _CACHE_LIMIT:
                self.ruled[level, start] = found
        return found

    # -- a Case, for read_waiting_list --------------------------------------------------------

    def case(self, row: list[str], cells: dict[str, str]) -> Case | Uncovered:
        """The row as a :class:`~vardgaranti.Case` (or ``out-of-scope``: no case to judge).

        Raises:
            VardgarantiError: naming the source column.
        """
        code = self.level_code(row[self.i_level])
        start = self.start(row)
        if isinstance(code, Uncovered):
            return code
        spans = self.spans(row, None)
        try:
            return Case(
                level=code,
                start=start,
                completed=self.day_of(row, self.i_completed, "completed"),
                booked=self.day_of(row, self.i_booked, "booked"),
                exclusions=[Exclusion(reason, a, b) for a, b, reason in spans],
                restart=self.day_of(row, self.i_restart, "restart"),
                listed=self.listed(row),
                id=row[self.i_id] if self.i_id >= 0 else None,
                uncovered=self.reported(row),
                deviation=self.deviation(row),
            )
        except VardgarantiError as error:
            raise self.named(error) from None

    # -- the fast path of `vardgaranti check` ---------------------------------------------------

    def shared(self, row: list[str]) -> _Shared:
        """Plan what a row's level, start, restart, listing, exclusions and codes decide."""
        code = self.level_code(row[self.i_level])
        start = self.start(row)
        if isinstance(code, Uncovered):
            return _Shared(None, None, start, None, None, code, None, "", "")
        rule = self.ruled.get((code, start)) or self.rule(code, start)
        given = self.day.cache.get(row[self.i_restart], _UNSEEN) if self.i_restart >= 0 else None
        if given is _UNSEEN:
            given = self.day_of(row, self.i_restart, "restart")
        if given is not None:
            try:
                check_dates(start, None, None, given)
                check_restart_level(rule, self.rules, start)
            except VardgarantiError as error:
                raise self.named(error) from None
        # A restart after the as-of day, like a completion, has not happened yet then.
        restart = given if given is not None and given <= self.as_of else None
        clock_start = start if restart is None else restart
        try:
            check_as_of(clock_start, self.as_of, restart is not None)
            spans = self.spans(row, rule)
        except VardgarantiError as error:
            raise self.named(error) from None
        listed = self.listed(row) if self.i_listed >= 0 else None
        reported = self.reported(row) if self.i_covered >= 0 else None
        uncovered = not_covered(rule, listed, None, reported)
        deviation = self.deviation(row) if self.i_deviation >= 0 else None
        if uncovered is not None:
            return _Shared(code, rule, start, given, None, uncovered, deviation, "", "")
        try:
            planned = plan(rule, clock_start, spans, self.policy, self.calendar)
        except OverflowError:
            days = max(rule.days, rule.statutory.days)  # (the law's beneath a region's)
            cause = overflow_cause(clock_start, days, restart is not None)
            raise self.named(cause) from None
        except UnsupportedYearError as error:  # a roll-forward past the calendar's years
            raise self.named(error, "deadline") from None
        return _Shared(
            code,
            rule,
            start,
            given,
            planned,
            None,
            deviation,
            planned.deadline.isoformat(),
            str(planned.excluded_days),
            tuple(
                span for span, counts in zip(planned.merged, planned.counted, strict=True) if counts
            )
            if planned.excluded_days
            else (),
        )

    def _make_prelude(self) -> Callable[[list[str]], _Prelude | VardgarantiError]:
        """What :attr:`result` and :attr:`assess` both do first, for every row.

        The row's shared plan (from the memo, or planned now), the time of a national start
        checked row by row, and the completion and booking read from the date cache; their
        order against the start and the restart is checked by the core (``check_dates``,
        ``check_restart``) whenever a date is new or could be out of order; and the referral
        date (``referred``), which must be a date when given.
        """
        key_of = self.key_of
        timed = self.timed_starts
        i_start = self.i_start
        get_shared = self.memo.get
        cache_get = self.day.cache.get
        i_completed = self.i_completed
        i_booked = self.i_booked
        i_referred = self.i_referred
        unseen = _UNSEEN
        error_type = VardgarantiError

        def prelude(row: list[str]) -> _Prelude | VardgarantiError:
            key = key_of(row)
            shared = get_shared(key)
            if shared is None:
                shared = self._remember(row, key)
            if type(shared) is not _Shared:
                if timed and len(row[i_start]) > 10:  # planned from the start's date part:
                    try:  # an error about the start quotes this row's own cell
                        self.start(row)
                    except error_type as error:
                        return detached(error)
                return shared  # type: ignore[return-value]
            if timed and len(row[i_start]) > 10:  # shared by the date: check this row's time
                try:
                    self.start(row)
                except error_type as error:
                    return detached(error)
            completed = cache_get(row[i_completed], unseen) if i_completed >= 0 else None
            booked = cache_get(row[i_booked], unseen) if i_booked >= 0 else None
            start = shared.start
            if (
                completed is unseen
                or booked is unseen
                or (
                    completed is not None
                    and (
                        completed < start
                        or (shared.restart is not None and completed < shared.restart)
                    )
                )
                or (booked is not None and booked < start)
            ):
                try:
                    completed = self.day_of(row, i_completed, "completed")
                    booked = self.day_of(row, i_booked, "booked")
                    check_dates(start, completed, booked, None)
                    check_restart(shared.restart, completed)
                except error_type as error:
                    return detached(self.named(error))
            # The referral date is read like the completion and the booking: a date that cannot
            # be read is the row's error, never a referral taken as absent (the patient's own
            # choice, when a provider is named).
            if i_referred >= 0 and cache_get(row[i_referred], unseen) is unseen:
                try:
                    self.day_of(row, i_referred, "referred")
                except error_type as error:
                    return detached(error)
            return shared, completed, booked

        earlier = self.i_earlier
        if earlier < 0:
            return prelude
        record_error = RECORD_ERROR.match
        read = prelude

        def prelude_again(row: list[str]) -> _Prelude | VardgarantiError:
            """A row of an earlier output that was no record there keeps that error.

            Unless it was short, padded with empty cells, and one of them has been filled in
            since (the row corrected in the output): then it is read as it is now.
            """
            text = row[earlier]
            if text and record_error(text):
                short = PADDED_ERROR.match(text)
                if short is None or not any(
                    cell.strip() for cell in row[int(short[1]) : int(short[2])]
                ):
                    return InvalidValueError(text)  # (as it was: the output of an output is
                    # the same)
            return read(row)

        return prelude_again

    def _make_result(self) -> Callable[[list[str]], RowResult | VardgarantiError]:
        """The per-row function of :meth:`result`, with what it needs bound as locals.

        This runs for every row of a file: the constants of the file are closed over rather
        than looked up on ``self`` each time, and the common dates are read from the cache.
        """
        prelude = self._make_prelude()
        as_of = self.as_of
        at_risk = self.policy.at_risk_days
        extra = (("", ""),) if self.extra else ()
        costs = self.costs
        numbers = _NUMBER_TEXT
        bands = _BAND_OF_DAY
        not_covered_status = Status.NOT_COVERED

        def result(row: list[str]) -> RowResult | VardgarantiError:
            found = prelude(row)
            if type(found) is not tuple:
                return found  # type: ignore[return-value]
            shared, completed, booked = found
            planned = shared.plan
            if planned is None:
                return self._not_covered(shared), shared.level, not_covered_status, -1, False
            if shared.deviation is None:
                status, waited, left, _over, care = judge(
                    planned, as_of, completed, booked, at_risk
                )
            else:
                status, waited, left, _over, care = judge_deviation(planned, as_of, completed)
            assert waited is not None
            if extra:
                tail: tuple[str, ...] = (
                    shared.deadline_text,
                    status,
                    numbers[waited] if 0 <= waited < 1000 else str(waited),
                    "" if left is None else numbers[left] if left < 1000 else str(left),
                    shared.excluded_text,
                    "yes" if care else "no",
                    shared.deviation or "",
                    "",
                    "",
                )
            else:
                tail = (
                    shared.deadline_text,
                    status,
                    numbers[waited] if 0 <= waited < 1000 else str(waited),
                    "" if left is None else numbers[left] if left < 1000 else str(left),
                    shared.excluded_text,
                    "yes" if care else "no",
                    "",
                )
            if costs:  # costs_covered, before error (only when the file has the columns)
                tail = (*tail[:-1], self._costs(row, shared, planned, care), "")
            return tail, shared.level, status, bands[waited if waited < 181 else 181], care

        return result

    def _make_assess(self) -> Callable[[list[str]], Assessed | VardgarantiError]:
        """The per-row function of :attr:`assess`, with what it needs bound as locals."""
        prelude = self._make_prelude()
        as_of = self.as_of
        at_risk = self.policy.at_risk_days
        not_covered_status = Status.NOT_COVERED
        i_referred = self.i_referred
        cache_get = self.day.cache.get
        unseen = _UNSEEN
        keep = self.periods

        def assess(row: list[str]) -> Assessed | VardgarantiError:
            found = prelude(row)
            if type(found) is not tuple:
                return found  # type: ignore[return-value]
            shared, completed, booked = found
            start = shared.start
            restart = shared.restart
            planned = shared.plan
            referred = None
            if i_referred >= 0:  # (the prelude refused a referral that is no date)
                referred = cache_get(row[i_referred], unseen)
                if referred is unseen:  # (a long cell, or a full cache: not kept)
                    referred = self.day_of(row, i_referred, "referred")
            if planned is None:
                clock_start = restart if restart is not None and restart <= as_of else start
                return Assessed(
                    shared.level, shared.rule, start, clock_start, completed, booked,
                    not_covered_status, None, None, None, None, None, 0, False,
                    shared.uncovered, shared.deviation, referred,
                )  # fmt: skip
            if shared.deviation is None:
                outcome = judge(planned, as_of, completed, booked, at_risk)
            else:
                outcome = judge_deviation(planned, as_of, completed)
            status, waited, left, over, care = outcome
            return Assessed(
                shared.level, shared.rule, start, planned.clock_start, completed, booked,
                status, planned.deadline, planned.care_deadline, waited, left, over,
                planned.excluded_days, care, None, shared.deviation, referred,
                shared.periods if keep else (),
            )  # fmt: skip

        return assess

    def _remember(self, row: list[str], key: object) -> _Shared | VardgarantiError:
        """Plan what a row shares with others, and keep it unless rows like it rarely repeat."""
        shared: _Shared | VardgarantiError
        if self.timed_starts and len(row[self.i_start]) > 10:
            # Rows share by the date of their start: plan from the date alone, so that what is
            # kept for the date never holds one row's time (its error); each row's time is
            # checked by itself (result(), assess()).
            row = list(row)
            row[self.i_start] = key[1]  # type: ignore[index]
        try:
            shared = self.shared(row)
        except VardgarantiError as error:
            shared = detached(error)
        if not self._rare(row):  # rows with exclusions rarely repeat: not worth keeping
            if len(self.memo) >= _MEMO_LIMIT:
                self.memo.clear()  # bounded memory, whatever the file's size
            self.memo[key] = shared
        return shared

    def _not_covered(self, shared: _Shared) -> tuple[str, ...]:
        assert shared.uncovered is not None
        key = (shared.uncovered, shared.deviation)
        tail = self._not_covered_tails.get(key)
        if tail is None:
            tail = ("", Status.NOT_COVERED.value, "", "", "", "no")
            if self.extra:
                tail += (shared.deviation or "", shared.uncovered.value)
            if self.costs:
                tail += ("",)  # costs_covered: not applicable
            tail += ("",)
            self._not_covered_tails[key] = tail
        return tail

    def _costs(self, row: list[str], shared: _Shared, planned: Plan, care: bool) -> str:
        """The ``costs_covered`` cell of a planned row (see :func:`~vardgaranti.decide_costs`).

        The referral date was read by the prelude of :attr:`result`: a date that cannot be read
        is the row's error (naming the column) before this cell is decided.
        """
        referred = self.day_of(row, self.i_referred, "referred")
        return costs_of_facts(
            True,
            planned.care_deadline is not None,
            care,
            shared.start,
            referred,
            row[self.i_provider] if self.i_provider >= 0 else "",
            self.as_of,
            None,
            self.day_of(row, self.i_completed, "completed") if referred else None,
            planned.clock_start,  # (a referral before a restart is not this period's)
        ).value

    def _rare(self, row: list[str]) -> bool:
        """Whether the row has exclusions (such rows rarely repeat)."""
        if self.i_exclusions >= 0 and row[self.i_exclusions]:
            return True
        return any(row[i_from] for _r, i_from, _t, _f, _l in self.pairs)
