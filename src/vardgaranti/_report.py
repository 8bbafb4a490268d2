"""The report: one self-contained HTML file of a waiting list as of a day (``vardgaranti report``).

:func:`gather_report` reads a file once, row by row, through
:func:`~vardgaranti.assess_file` (every format and profile, the same evaluation as
``check``), and in that one pass

* counts, per unit and level, the rows per status, the waiting patients per band of days
  waited, the breaches of the next eight weeks if nothing is booked, and the patients due care
  elsewhere now (a few dozen counters per group, never one per row);
* feeds the worklist (:class:`~vardgaranti._worklist.WorklistBuilder`, keeping only the
  patients the page lists: the first of each group by deadline, beside the group's exact
  counts) and the list cleaning (:class:`~vardgaranti._validate.Validator`), the same
  accumulators ``worklist`` and ``validate`` use;
* feeds the statistics (:class:`~vardgaranti._stats.StatsCounter`, the counter of
  ``stats``): the official method and the law's count, with the as-of day as the census day;
* counts the rows with errors by the column named.

Each row is read and evaluated once, as of the day; the statistics reuse that evaluation (the
law's count of the waiting on the census day is it) and evaluate again only the few rows whose
facts the day does not show yet (a start or a completion after it), so that their figures are
those of ``stats`` for the same file and day. Standard input and streams are read as they come.

:func:`render_report` turns the :class:`Report` into HTML with Jinja2 (autoescape on: every
value from the input is escaped) and pygal (bar charts as inline SVG, without pygal's script
and with one stylesheet for every chart); both come with the ``report`` extra. The HTML holds
no reference to anything outside itself: no script, font, image or stylesheet is loaded.

Everything this module takes from the modules whose figures it shows (statistics, worklist,
list cleaning) is used in the adapters below (:class:`_Week`, :class:`_Official`), so a change
of their interface is a change here only.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from fractions import Fraction
from os import PathLike, fspath
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, NamedTuple

import attrs

from ._calendar import FIRST_YEAR, SwedishCalendar
from ._checks import callback, whole_number
from ._collation import swedish_key
from ._core import Policy, Status
from ._dates import as_date
from ._messages import (
    Lang,
    check_lang,
    days,
    error_text_cut,
    has_message,
    message,
    note_text,
)
from ._profiles import Profile
from ._rows import BANDS, band_index
from ._rules import NATIONAL, Level, RuleSet
from ._stats import (
    CELLS_REASON,
    CODE_NAMES,
    ErrorCount,
    ErrorTally,
    Figures,
    Method,
    Stats,
    StatsCounter,
    StatsState,
    cell_group,
    load_method,
    percent_text,
)
from ._text import echo, escaped, file_name
from ._validate import (
    DEFAULT_MAX_IDS,
    DEFAULT_STALE_DAYS,
    FindingCode,
    ValidationSummary,
    Validator,
    ValidatorState,
    finding_name,
    finding_source,
)
from ._version import __version__
from ._waiting_list import AssessedFile, AssessedRow, assess_file, check_workers
from ._worklist import (
    DEFAULT_HORIZON,
    WEEKS,
    Worklist,
    WorklistBuilder,
    WorklistGroup,
    WorklistState,
)
from .errors import InvalidTypeError, UnsupportedYearError, WaitingListError

if TYPE_CHECKING:
    from markupsafe import Markup

__all__ = [
    "DEFAULT_TOP",
    "FORECAST_WEEKS",
    "MAX_CHARTED_GROUPS",
    "MAX_GROUPS_SHOWN",
    "MAX_PATIENTS_SHOWN",
    "REPORT_EXTRA",
    "Difference",
    "GroupFigures",
    "Report",
    "gather_report",
    "render_report",
    "require_report_extra",
    "write_report",
]

#: The worklist groups shown (by earliest deadline).
DEFAULT_TOP: Final = 10
#: The weeks of the breach forecast, one bar each.
FORECAST_WEEKS: Final = 8
#: The most unit-and-level groups that get charts (those with the most waiting patients); every
#: group is in the tables.
MAX_CHARTED_GROUPS: Final = 40
#: The most groups (unit and level) the page lists in its tables, in their order; the row of
#: the whole list counts them all. A region has a few hundred; a file with a unit per row (a
#: wrong column read as the unit) would make a page of one row per patient.
MAX_GROUPS_SHOWN: Final = 1_000
#: The most patients of one worklist group listed in the report.
MAX_PATIENTS_SHOWN: Final = 25
#: The units whose rows with errors are counted (a hostile file could name a unit per row).
_ERROR_UNITS: Final = 10_000
#: What to install for the report (Jinja2 and pygal).
REPORT_EXTRA: Final = (
    "vardgaranti report needs the 'report' extra (Jinja2 and pygal): "
    "pip install 'vardgaranti[report]'"
)
#: The most reasons the errors table keeps apart (reasons are columns; a bound for a hostile
#: file); the rest are counted as ``other``.
_MAX_REASONS: Final = 200
#: The most characters of a reason's first error shown in the errors table (said when cut).
_ERROR_SHOWN: Final = 300
#: The most distinct ids (and referrals) the list cleaning's duplicate checks remember.
_MAX_IDS = DEFAULT_MAX_IDS

# The counters of a group: one per status, one per band (waiting), one per week, care elsewhere
# (due now, or when a booking after the law's last day comes), care elsewhere due now.
_STATUSES: Final = tuple(Status)
_SLOT: Final = {status: index for index, status in enumerate(_STATUSES)}
_BAND_BASE: Final = len(_STATUSES)
_WEEK_BASE: Final = _BAND_BASE + len(BANDS)
_CARE: Final = _WEEK_BASE + FORECAST_WEEKS
_CARE_NOW: Final = _CARE + 1
_WIDTH: Final = _CARE_NOW + 1
_OPEN: Final = frozenset({Status.WITHIN, Status.AT_RISK, Status.OVERDUE})
_LEVEL_ORDER: Final = {level: index for index, level in enumerate(Level)}
#: Statuses whose column is left out of the tables when no row has them.
_SHOWN_IF_ANY: Final = frozenset({Status.NOT_COVERED, Status.DEVIATION})
_LEVEL_NAMES: Final = frozenset(level.value for level in Level)
#: The deviation codes in the national format's order (Avvikelse 1, 2, 3).
_CODE_ORDER: Final = {"pvv": 0, "mov": 1, "sov": 2}


# -- what the report shows ---------------------------------------------------------------------


@attrs.frozen
class GroupFigures:
    """The figures of one unit and level (or of the whole list) as of the report's day.

    Attributes:
        unit: the unit as written (blanks stripped; empty when the file has no unit column).
        level: the level (``None``: contacts of a kind outside the guarantee).
        counts: the counters: per status (in the order of :class:`~vardgaranti.Status`), per
            band of :data:`~vardgaranti._rows.BANDS` (the waiting patients by days waited),
            per week of the forecast, then care elsewhere (due now or booked too late), then
            care elsewhere due now.
    """

    unit: str
    level: Level | None
    counts: tuple[int, ...]

    def count(self, status: Status) -> int:
        """The rows with *status*.

        Args:
            status: the status.

        Returns:
            The number of the group's rows with it.
        """
        return self.counts[_SLOT[status]]

    @property
    def total(self) -> int:
        """The rows evaluated."""
        return sum(self.counts[:_BAND_BASE])

    @property
    def waiting(self) -> int:
        """The patients waiting (open: within, at risk or overdue)."""
        return sum(self.count(status) for status in _OPEN)

    @property
    def within(self) -> int:
        """The waiting patients not past their deadline (within or at risk)."""
        return self.count(Status.WITHIN) + self.count(Status.AT_RISK)

    @property
    def share(self) -> Fraction | None:
        """The share of the waiting within the guarantee, exactly (``None``: none waiting)."""
        return Fraction(self.within, self.waiting) if self.waiting else None

    @property
    def closed(self) -> int:
        """The cases closed (met or missed)."""
        return self.count(Status.MET) + self.count(Status.MISSED)

    @property
    def share_met(self) -> Fraction | None:
        """The share of the closed cases closed in time (``None``: none closed)."""
        return Fraction(self.count(Status.MET), self.closed) if self.closed else None

    @property
    def bands(self) -> tuple[int, ...]:
        """The waiting patients per band of days waited (:data:`~vardgaranti._rows.BANDS`)."""
        return self.counts[_BAND_BASE:_WEEK_BASE]

    @property
    def forecast(self) -> tuple[int, ...]:
        """Per week 1 to 8: the waiting patients whose deadline passes that week.

        If nothing is booked: open, not yet overdue, without a booking on or before the
        deadline (a booking in the past is none).
        """
        return self.counts[_WEEK_BASE:_CARE]

    @property
    def care_elsewhere(self) -> int:
        """The patients to offer care with another provider (HSL 9 kap. 2 §).

        Those whose duty has arisen (:attr:`care_elsewhere_now`) and those booked after the
        law's last day, whose duty arises the day after it unless they are rebooked in time:
        the rows ``check`` gives ``care_elsewhere`` ``yes``.
        """
        return self.counts[_CARE]

    @property
    def care_elsewhere_now(self) -> int:
        """The patients due care with another provider now: the law's last day has passed."""
        return self.counts[_CARE_NOW]

    @property
    def care_elsewhere_booked_late(self) -> int:
        """The patients booked after the law's last day, whose duty has not arisen yet."""
        return self.counts[_CARE] - self.counts[_CARE_NOW]


@attrs.frozen
class Difference:
    """A group where the law's count of the waiting and the official statistics differ.

    Attributes:
        unit: the unit (empty for the whole list).
        level: the level's name (empty for the whole list).
        official: the official method's figures of the waiting on the report's day.
        legal: the law's figures of the same.
        uncounted: of the law's count, the patients at levels the official method does not
            count (it counts first visits and treatments only).
        uncounted_levels: those levels' names.
        total: the row is the whole list.
        no_coverage: the rows without a coverage value (``Vardgaranti`` blank), which the
            official method does not count and the law counts by their phase: for the whole
            list, as the statistics count them; for a group, the waiting the law counts that
            the official figures neither count nor leave out by a code (``legal.count +
            legal.not_judged - official.count - left out``, the same rows in a group).
        law_days: the rule set's limit of the group's level as of the report's day (``None``:
            the whole list, or a level without a rule then).
        limit_differs: the law's limit (of the level, or of a level of the list's groups
            that differ) is not the official method's: a reason of its own.
    """

    unit: str
    level: str
    official: Figures
    legal: Figures
    uncounted: int
    uncounted_levels: tuple[str, ...]
    total: bool = False
    no_coverage: int = 0
    law_days: int | None = None
    limit_differs: bool = False


@attrs.frozen
class Report:
    """What the report of a waiting list shows, gathered in one pass (see the module's notes).

    Where the official figures and the law's count of the waiting differ, a difference says
    why; the whole list's comes last (the official method counts no primary-care level):

    >>> from vardgaranti import EXAMPLE_AS_OF, example_waiting_list
    >>> report = gather_report(example_waiting_list(), as_of=EXAMPLE_AS_OF)
    >>> whole = report.differences[-1]
    >>> whole.total, whole.official.count, whole.legal.count, whole.uncounted_levels
    (True, 143, 186, ('contact', 'assessment'))

    Attributes:
        source: the file's name.
        kind: ``csv``, ``xml`` or ``xlsx``.
        profile: the name of the profile the columns were read by.
        as_of: the day.
        rules: the rule set's name.
        rows: the data rows read.
        errors: the rows that could not be evaluated.
        empty: the empty rows.
        groups: per unit and level, by unit (in Swedish alphabetical order) and level.
        total: the whole list.
        error_reasons: the rows with errors, by reason.
        worklist: the worklist (every group, with its exact counts; the report shows the first
            ``top``), keeping the first :data:`MAX_PATIENTS_SHOWN` patients of each group
            (:attr:`~vardgaranti._worklist.Worklist.limit`).
        top: how many worklist groups the report shows.
        validation: the list-cleaning summary (findings per code).
        method: the official method's name.
        method_title: its title.
        method_title_sv: its title in Swedish, when the method gives one.
        method_leave_out: the deviation codes it leaves out of the waiting (``pvv``...).
        method_limit: its limit in days.
        official: the official figures and the law's count (methods: the official, ``legal``),
            as ``stats`` gives them for the same file with the as-of day as the census day.
        differences: the groups where the two differ.
        notes: one-line notes about the input.
        error_units: the units whose every row has an error (in no group), with their rows:
            ``(unit, rows)``, in Swedish order (a blank unit as ``""``).
        limits: the rule set's limit of each level, by the level's name, for a case that
            starts on the report's day (:meth:`~vardgaranti.RuleSet.rules_in_force`): a bar of
            the days waited is red where every day of its band is past the limit of its
            chart's level (the whole list's chart: the longest limit of its levels; none
            given: 90 days).
        target: the rule set's limits are targets, not the law's guarantee (the BUP target,
            regeringen.se 2009: policy, not statute): the page says "within the target".
        moved: with :attr:`Policy.roll_forward <vardgaranti.Policy.roll_forward>`, the most
            days the move to the next vardag added to a last day in the two years up to the
            report's day (a julafton on a Wednesday: 5); 0 without it, or when no limit rolls.
            A bar of a level in :attr:`rolling` is red only where every day of its band is
            past the limit and that move: a patient who waited 91 days for a visit may still be
            within the guarantee.
        rolling: the levels whose rule moves its last day to the next vardag (with
            roll-forward: the law's; a target's or a region's limit never moves).
    """

    source: str
    kind: str
    profile: str
    as_of: date
    rules: str
    rows: int
    errors: int
    empty: int
    groups: tuple[GroupFigures, ...]
    total: GroupFigures
    error_reasons: tuple[ErrorCount, ...]
    worklist: Worklist
    top: int
    validation: ValidationSummary
    method: str
    method_title: str
    method_limit: int
    official: Stats
    differences: tuple[Difference, ...]
    notes: tuple[str, ...]
    method_title_sv: str | None = None
    method_leave_out: tuple[str, ...] = ("pvv", "mov")
    error_units: tuple[tuple[str, int], ...] = ()
    limits: tuple[tuple[str, int], ...] = ()
    target: bool = False
    moved: int = 0
    rolling: tuple[str, ...] = ()

    @property
    def charted(self) -> tuple[GroupFigures, ...]:
        """The groups that get charts, in the order of :attr:`groups`.

        Those with waiting patients; at most :data:`MAX_CHARTED_GROUPS` (the most waiting).
        """
        waiting = [group for group in self.groups if group.waiting]
        if len(waiting) > MAX_CHARTED_GROUPS:
            chosen = sorted(waiting, key=lambda group: -group.waiting)[:MAX_CHARTED_GROUPS]
            keep = {id(group) for group in chosen}
            waiting = [group for group in waiting if id(group) in keep]
        return tuple(waiting)


# -- one pass ------------------------------------------------------------------------------------


class _Week:
    """The adapter to the guarantee unit's week: the worklist and the list cleaning.

    Both are fed row by row from the report's pass. The worklist keeps, per group, the
    patients the page lists (:data:`MAX_PATIENTS_SHOWN`) beside the group's exact counts; the
    list cleaning counts its findings (the page shows them per code) without their texts.
    """

    def __init__(self, file: AssessedFile, as_of: date, horizon: int, stale_days: int) -> None:
        self.builder = WorklistBuilder(file, as_of=as_of, horizon=horizon, limit=MAX_PATIENTS_SHOWN)
        self.validator = Validator(
            file, as_of=as_of, stale_days=stale_days, max_ids=_MAX_IDS, findings=False
        )
        self.add_worklist = self.builder.add
        self.check = self.validator.check

    def finish(self) -> tuple[Worklist, ValidationSummary]:
        return self.builder.finish(), self.validator.summary


class _Official:
    """The adapter to the statistics: the official method and the law's count.

    Per unit and level (or level, for a file without units), waiting on the as-of day (the
    census day) and completed in its month; fed row by row from the report's pass, whose
    evaluation as of the day it reuses (see :class:`~vardgaranti._stats.StatsCounter`).
    """

    def __init__(self, file: AssessedFile, as_of: date, method: Method, by_unit: bool) -> None:
        self.counter = StatsCounter(
            file,
            census=as_of,
            methods=(method, "legal"),
            by=("unit", "level") if by_unit else ("level",),
            min_group=0,
        )
        self.add = self.counter.add

    def finish(self) -> Stats:
        return self.counter.result()


def _differences(stats: Stats, law_days: Mapping[str, int] | None = None) -> tuple[Difference, ...]:
    """The groups (and the whole list) where the official figures of the waiting differ.

    *law_days*: the rule set's limit per level name as of the report's day.
    """
    official = stats.methods[0]
    blank = stats.no_coverage[0]
    limit = official.limit
    days_of = law_days or {}
    found: list[Difference] = []
    uncounted = 0
    levels: list[str] = []
    differs = False
    for group in stats.groups:
        unit, level = group.key if len(group.key) == 2 else ("", group.key[-1])
        ours = group.figures(0, "waiting")
        law = group.figures(1, "waiting")
        counted = level not in _LEVEL_NAMES or official.counts(Level(level))
        if not counted and law.count:
            uncounted += law.count
            if level not in levels:
                levels.append(level)
        if (ours.count, ours.within) != (law.count, law.within):
            # (the rows without a coverage value are counted for the list only: a group's are
            # what remains of the law's count once the official one and what it leaves out by
            # a code are taken away)
            missing = 0
            if blank and counted:
                missing = law.count + law.not_judged - ours.count - sum(ours.left_out.values())
            days = days_of.get(level)
            limit_differs = counted and days is not None and limit is not None and days != limit
            differs = differs or limit_differs
            found.append(
                Difference(
                    unit,
                    level,
                    ours,
                    law,
                    0 if counted else law.count,
                    () if counted else (level,),
                    no_coverage=max(missing, 0),
                    law_days=days,
                    limit_differs=limit_differs,
                )
            )
    found.sort(
        key=lambda d: (
            swedish_key(d.unit),
            _LEVEL_ORDER[Level(d.level)] if d.level in _LEVEL_NAMES else 99,
        )
    )
    ours = stats.total.figures(0, "waiting")
    law = stats.total.figures(1, "waiting")
    if (ours.count, ours.within) != (law.count, law.within):
        ordered = tuple(sorted(levels, key=lambda name: _LEVEL_ORDER[Level(name)]))
        found.append(
            Difference(
                "",
                "",
                ours,
                law,
                uncounted,
                ordered,
                total=True,
                no_coverage=blank,
                limit_differs=differs,
            )
        )
    return tuple(found)


def _targets_only(rules: RuleSet, day: date) -> bool:
    """Whether every limit of *rules* for a case starting on *day* is a target (BUP), not law."""
    found = rules.rules_in_force(day)
    return bool(found) and all(rule.is_target for rule in found)


def _law_days(rules: RuleSet, day: date) -> dict[str, int]:
    """The limit of each level of *rules* for a case starting on *day*, by the level's name."""
    return {rule.level.value: rule.days for rule in rules.rules_in_force(day)}


def gather_report(
    source: str | Path | IO[str] | IO[bytes],
    *,
    as_of: date,
    rules: RuleSet = NATIONAL,
    policy: Policy = Policy(),  # noqa: B008 - frozen, safe as a default
    profile: str | Path | Profile = "auto",
    encoding: str = "auto",
    sheet: str | None = None,
    top: int = DEFAULT_TOP,
    horizon: int = DEFAULT_HORIZON,
    stale_days: int = DEFAULT_STALE_DAYS,
    method: str | Path = "skr",
    notes: Callable[[str], None] | None = None,
    workers: int = 1,
) -> Report:
    """Gather what the report of a waiting list shows (no extra needed for this part).

    Args:
        source: a path (CSV, national XML or Excel), ``"-"`` for standard input, or a stream.
        as_of: the day (the census day of the official figures too).
        rules: the rule set.
        policy: roll-forward and the at-risk window.
        profile: how to read the columns.
        encoding: for CSV: ``auto``, ``utf-8``, ``cp1252`` or ``utf-16``.
        sheet: for Excel: the sheet.
        top: the worklist groups the report shows (by earliest deadline).
        horizon: a patient without a booking is on the worklist with at most this many days
            left.
        stale_days: the threshold of the list-cleaning finding V001.
        method: the official method set beside the law's count (``skr``, ``socialstyrelsen``
            or a method file).
        notes: called with each one-line note about the input.
        workers: at most this many processes read the file side by side (as ``check``'s
            *workers*: a large CSV file given by its path, on Linux); each counts its slice
            and the counts are merged in order, the same report as one process's.

    Returns:
        The figures the page shows: counts per unit and level, the worklist, the findings,
        the official statistics and the errors.

    Raises:
        WaitingListError: the file cannot be used, or *method* counts by the law's clock.
        InvalidValueError: *top* or *workers* is not a whole number in range.

    >>> from vardgaranti import EXAMPLE_AS_OF, example_waiting_list
    >>> report = gather_report(example_waiting_list(), as_of=EXAMPLE_AS_OF)
    >>> report.rows, report.errors, report.total.waiting, str(report.total.share)
    (300, 13, 186, '39/62')
    """
    as_of = as_date(as_of, "as_of")
    whole_number(top, "top", 0)
    check_workers(workers)
    callback(notes, "notes")
    loaded = load_method(method)
    if loaded.clock == "legal":
        raise WaitingListError(
            f"--method {loaded.name}: the report sets an official method beside the law's "
            "count; give skr, socialstyrelsen or a method file"
        )
    said: list[str] = []

    def note(text: str) -> None:
        if text not in said:
            said.append(text)
            if notes is not None:
                notes(text)

    with assess_file(
        source,
        as_of=as_of,
        rules=rules,
        policy=policy,
        profile=profile,
        encoding=encoding,
        sheet=sheet,
        periods=False,  # (the page names no periods; its worklist's slices carry none)
    ) as file:
        for text in file.table.notes:
            note(text)
        counted = _Pass(file, as_of, horizon, stale_days, loaded)
        # (a note about the processes goes to the caller, not onto the page: the page is the
        # same however the file was read)
        done = counted.sliced(file, workers, notes)
        if not done:
            if done is False:  # slices that could not be merged: counted again, anew
                counted = _Pass(file, as_of, horizon, stale_days, loaded)
            counted.run(file.rows)
        name, kind, profile_name = file.table.name, file.table.kind, file.profile.name
    week, official, errors = counted.week, counted.official, counted.errors
    groups, rows, empty = counted.groups, counted.read, counted.empty
    evaluated = {unit for unit, _level in groups}
    error_units = tuple(
        sorted(
            ((unit, count) for unit, count in counted.error_units.items() if unit not in evaluated),
            key=lambda item: swedish_key(item[0]),
        )
    )
    worklist, validation = week.finish()
    stats = official.finish()
    for text in stats.notes:
        note(text)
    ordered = sorted(
        groups.items(),
        key=lambda item: (
            swedish_key(item[0][0]),
            len(_LEVEL_ORDER) if item[0][1] is None else _LEVEL_ORDER[item[0][1]],
        ),
    )
    figures = tuple(GroupFigures(unit, level, tuple(block)) for (unit, level), block in ordered)
    total = [0] * _WIDTH
    for block in groups.values():
        total = [a + b for a, b in zip(total, block, strict=True)]
    reasons = errors.counts(most_first=True)  # (cut where shown: after its translation)
    law_days = _law_days(rules, as_of)
    # (Lag 1930:173 moves the law's periods only: a target or a region's limit stays put)
    rolling = (
        tuple(rule.level.value for rule in rules.rules_in_force(as_of) if rule.roll_forward)
        if policy.roll_forward
        else ()
    )
    return Report(
        # (a name's byte that is no UTF-8 in the file system, as Python keeps it, is shown as
        # the replacement character: the page is UTF-8)
        source=name.encode("utf-8", "surrogateescape").decode("utf-8", "replace"),
        kind=kind,
        profile=profile_name,
        as_of=as_of,
        rules=rules.name,
        rows=rows,
        errors=sum(reason.rows for reason in reasons),
        empty=empty,
        groups=figures,
        total=GroupFigures("", None, tuple(total)),
        error_reasons=reasons,
        worklist=worklist,
        top=top,
        validation=validation,
        method=loaded.name,
        method_title=loaded.title,
        method_title_sv=loaded.title_sv,
        method_leave_out=tuple(sorted(loaded.waiting_leave_out)),
        method_limit=loaded.limit if loaded.limit is not None else 90,
        official=stats,
        differences=_differences(stats, law_days),
        notes=tuple(said),
        error_units=error_units,
        limits=tuple(law_days.items()),
        target=_targets_only(rules, as_of),
        moved=_longest_move(as_of) if rolling else 0,
        rolling=rolling,
    )


def _first_groups(differences: Sequence[Difference]) -> list[Difference]:
    """The first :data:`MAX_GROUPS_SHOWN` groups' differences, and the whole list's."""
    shown: list[Difference] = []
    groups = 0
    for difference in differences:
        if not difference.total:
            groups += 1
            if groups > MAX_GROUPS_SHOWN:
                continue
        shown.append(difference)
    return shown


def _longest_move(as_of: date) -> int:
    """The most days the move to the next vardag adds to a day of the two years up to *as_of*.

    The deadlines of the patients waiting past their limit fall in that time (a band of the
    days waited reaches 180 days past a 90-day limit, and a longer wait is red anyway).

    >>> _longest_move(date(2026, 1, 15))  # julafton 2025 on a Wednesday: 24-28 December
    5
    """
    calendar = SwedishCalendar()
    first = max(as_of - timedelta(days=730), date(FIRST_YEAR, 1, 1))
    longest = 0
    for i in range((as_of - first).days + 1):
        day = first + timedelta(days=i)
        try:
            longest = max(longest, (calendar.roll_forward(day) - day).days)
        except UnsupportedYearError:  # (the last days of 2100: the next vardag is past the
            break  # calendar's years, as a deadline there would be)
    return longest


class _Pass:
    """The report's pass over the rows: its counts, the worklist, the cleaning, the statistics.

    A file read in slices has a pass per slice, each in a process of its own, forked with this
    pass's empty counters (:meth:`sliced`); the later ones are merged into the first, in order.
    """

    def __init__(
        self, file: AssessedFile, as_of: date, horizon: int, stale_days: int, method: Method
    ) -> None:
        self.i_unit = file.column.get("unit", -1)
        self.as_of = as_of
        self.week = _Week(file, as_of, horizon, stale_days)
        self.errors = ErrorTally(file.header, _MAX_REASONS)
        self.official = _Official(file, as_of, method, self.i_unit >= 0)
        self.groups: dict[tuple[str, Level | None], list[int]] = {}
        self.error_units: dict[str, int] = {}  # rows with errors per unit
        self.read = self.empty = 0

    def run(self, rows: Iterator[AssessedRow]) -> None:
        """Count *rows* (once)."""
        self.groups, self.read, self.empty = _count(
            rows, self.i_unit, self.as_of, self.week, self.official, self.errors, self.error_units
        )

    def sliced(
        self, file: AssessedFile, workers: int, notes: Callable[[str], None] | None
    ) -> bool | None:
        """Count *file* in up to *workers* processes (see ``AssessedFile.count_in_slices``).

        Returns:
            ``True`` counted; ``None``: the file is to be read in one piece (nothing counted);
            ``False``: the slices' counts cannot be merged into the same figures as one
            pass's (more distinct ids than the duplicate checks remember, more reasons of
            errors than are named), and this pass holds part of them.
        """

        def count(rows: Iterator[AssessedRow], k: int) -> None:
            if k:  # a child: what the merge needs
                self.week.validator.track()
                self.week.check = self.week.validator.check
            self.run(rows)

        return file.count_in_slices(workers, count, self.state, self.merge, notes)

    def state(self) -> _PassState:
        """What :meth:`merge` takes from a later slice's pass."""
        return _PassState(
            self.groups,
            self.read,
            self.empty,
            self.errors,
            self.week.builder.state(),
            self.week.validator.state(),
            self.official.counter.state(),
            self.error_units,
        )

    def merge(self, state: _PassState) -> bool:
        """Add a later slice's counts after this pass's (``False``: they cannot be merged)."""
        shift = self.read
        if not (
            self.week.validator.merge(state.validation, shift)
            and self.official.counter.merge(state.stats)
            and self.errors.merge(state.errors)
        ):
            return False
        self.week.builder.merge(state.worklist, shift)
        for key, counts in state.groups.items():
            mine = self.groups.get(key)
            if mine is None:
                self.groups[key] = counts
            else:
                for index, value in enumerate(counts):
                    mine[index] += value
        self.read += state.read
        self.empty += state.empty
        for unit, count in state.error_units.items():
            if unit in self.error_units or len(self.error_units) < _ERROR_UNITS:
                self.error_units[unit] = self.error_units.get(unit, 0) + count
        return True


class _PassState(NamedTuple):
    """What the pass of a later slice hands to the first (see :meth:`_Pass.merge`)."""

    groups: dict[tuple[str, Level | None], list[int]]
    read: int
    empty: int
    errors: ErrorTally
    worklist: WorklistState
    validation: ValidatorState
    stats: StatsState
    error_units: dict[str, int]


def _count(
    rows: Iterator[AssessedRow],
    i_unit: int,
    as_of: date,
    week: _Week,
    official: _Official,
    errors: ErrorTally,
    error_units: dict[str, int],
) -> tuple[dict[tuple[str, Level | None], list[int]], int, int]:
    """The report's pass: every row counted, and given to the worklist, cleaning and statistics.

    The rows with errors are counted per unit (stripped) in *error_units*, within
    :data:`_ERROR_UNITS` units: a unit whose every row has an error is in no group.
    """
    groups: dict[tuple[str, Level | None], list[int]] = {}
    # The blocks by the unit's cell as written, then by level: no key to build for a row.
    by_cell: dict[str, dict[Level | None, list[int]]] = {}

    def new_block() -> list[int]:
        return [0] * _WIDTH

    slot = _SLOT
    open_ = _OPEN
    overdue = Status.OVERDUE
    band_base, week_base, care, care_now = _BAND_BASE, _WEEK_BASE, _CARE, _CARE_NOW
    last_day = 7 * FORECAST_WEEKS  # a breach on day 57 or later is beyond the forecast
    add_worklist = week.add_worklist
    check = week.check
    add_stats = official.add
    add_error = errors.add
    read = empty = 0
    for row in rows:
        read += 1
        add_worklist(row)
        check(row)
        add_stats(row)
        facts = row.assessed
        if facts is None:
            if row.error is None:
                empty += 1
            else:
                add_error(row.line, row.error)
                if 0 <= i_unit < len(row.cells):
                    named = row.cells[i_unit].strip()
                    if named in error_units or len(error_units) < _ERROR_UNITS:
                        error_units[named] = error_units.get(named, 0) + 1
            continue
        # one unpacking rather than an attribute at a time: this runs for every row
        (
            level, _rule, _start, _clock_start, _completed, booked, status, deadline,
            care_deadline, waited, left, _over, _excluded, care_elsewhere, _uncovered,
            _deviation, _referred, _periods,
        ) = facts  # fmt: skip
        cell = row.cells[i_unit] if i_unit >= 0 else ""
        levels = by_cell.get(cell)
        block = None if levels is None else levels.get(level)
        if block is None:
            block = cell_group(by_cell, groups, cell, level, new_block)
        block[slot[status]] += 1
        if care_elsewhere:
            block[care] += 1
            if care_deadline is not None and as_of > care_deadline:  # the duty has arisen
                block[care_now] += 1
        if status in open_:
            assert waited is not None  # an open case is covered
            block[band_base + band_index(waited)] += 1
            # the forecast: not booked in time (no booking, one in the past, or one after the
            # deadline), the deadline within the weeks shown
            if (
                status is not overdue
                and left is not None
                and left < last_day
                and (
                    booked is None or booked < as_of or (deadline is not None and booked > deadline)
                )
            ):
                block[week_base + left // 7] += 1
    return groups, read, empty


# -- HTML --------------------------------------------------------------------------------------


def require_report_extra() -> None:
    """Check that the ``report`` extra (Jinja2 and pygal) is installed.

    Raises:
        WaitingListError: it is not; one line naming the extra to install.
    """
    try:
        importlib.import_module("jinja2")
        importlib.import_module("pygal")
    except ImportError:
        raise WaitingListError(REPORT_EXTRA) from None


@attrs.frozen
class _Chart:
    """A bar chart and its numbers (the table beside it)."""

    id: str
    kind: str
    caption: str
    labels: tuple[str, ...]
    values: tuple[int, ...]
    svg: Markup
    late: tuple[bool, ...] = ()  # the bars past the limit (marked in the table too)


#: The built-in methods by the names of the bodies whose figures they count.
_METHOD_NAMES: Final = {"skr": "SKR", "socialstyrelsen": "Socialstyrelsen"}
# A bar past the limit is dark red and the others a lighter blue: told apart by their shade
# too, in print on a black-and-white printer (a contrast of 3:1 between them; each at least
# 3:1 against the white page, WCAG 1.4.11).
_BAR_COLOUR: Final = "#4a90d9"
_LATE_COLOUR: Final = "#6b2424"
_FORECAST_COLOUR: Final = "#b7791f"


def _strip_and_label(root: Any, *, chart_id: str, title: str, desc: str) -> Any:
    """A pygal XML filter: the chart self-contained and named for a screen reader.

    No comments, no script and no stylesheet of its own (the page has one for every chart);
    a ``title`` and ``desc`` first: the chart is named by its title (``aria-labelledby``) and
    described by its numbers (``aria-describedby``), each said once.
    """
    for child in list(root):
        if not isinstance(child.tag, str) or child.tag.rsplit("}", 1)[-1] in ("defs", "title"):
            root.remove(child)
    root.set("id", chart_id)
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title")
    root.set("aria-describedby", f"{chart_id}-desc")
    heading = root.makeelement("title", {"id": f"{chart_id}-title"})
    heading.text = title
    described = root.makeelement("desc", {"id": f"{chart_id}-desc"})
    described.text = desc
    root.insert(0, described)
    root.insert(0, heading)
    return root


def _ticks(values: Sequence[int]) -> list[int]:
    """Whole-number ticks of the y axis, from 0 to at least the largest value.

    1, 2 or 5 times a power of ten apart, about four of them.

    >>> _ticks([3]), _ticks([0, 0]), _ticks([61, 36]), _ticks([1_234])
    ([0, 1, 2, 3], [0, 1], [0, 20, 40, 60, 80], [0, 500, 1000, 1500])
    """
    top = max(values, default=0)
    if top <= 0:
        return [0, 1]
    raw = top / 4
    scale = 1
    while True:
        step = next((scale * factor for factor in (1, 2, 5) if scale * factor >= raw), 0)
        if step:
            break
        scale *= 10
    end = step * -(-top // step)
    return list(range(0, end + 1, step))


def _bar_svg(
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    values: Sequence[int],
    colours: Sequence[str],
    number: Callable[[int], str] = str,
) -> Markup:
    """A bar chart as inline SVG (pygal), self-contained: no script, font or link.

    *number* writes the values and the axis' numbers as the page's tables do (``16 052``).
    """
    from markupsafe import Markup

    pygal = importlib.import_module("pygal")  # untyped: through importlib, as Any
    style_module = importlib.import_module("pygal.style")

    style = style_module.Style(
        font_family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
        background="transparent",
        plot_background="transparent",
        colors=(_BAR_COLOUR,),
        value_font_size=11,
        label_font_size=11,
        major_label_font_size=11,
    )
    ticks = _ticks(values)
    chart = pygal.Bar(
        style=style,
        y_labels=ticks,
        range=(0, ticks[-1]),
        print_values_position="top",
        js=[],
        css=[],
        width=480,
        height=220,
        show_legend=False,
        disable_xml_declaration=True,
        print_values=True,
        print_zeroes=False,
        margin=6,
        spacing=6,
        truncate_label=-1,
        no_data_text="",
        value_formatter=lambda value: number(int(value)),
    )
    chart.add_xml_filter(
        functools.partial(_strip_and_label, chart_id=chart_id, title=title, desc=desc)
    )
    chart.x_labels = list(labels)
    chart.add(
        title,
        [
            {"value": value, "style": f"fill: {colour}"} if colour != _BAR_COLOUR else value
            for value, colour in zip(values, colours, strict=True)
        ],
    )
    return Markup(chart.render(is_unicode=True))


def _day_month(day: date, months: Sequence[str]) -> str:
    """*day* as its day of the month and its month's short name: ``2 juni``, ``2 Jun``."""
    return f"{day.day}\u00a0{months[day.month - 1]}"


class _Words:
    """The report's texts and number forms in one language (for the template)."""

    def __init__(self, lang: Lang, *, target: bool = False) -> None:
        self.lang = lang
        self.decimal = "," if lang == "sv" else "."
        self.target = target  # (the limits are a target's: its own words where it has them)

    def __call__(self, key: str, /, **values: object) -> str:
        if self.target and has_message(f"report.{key}.target"):
            return message(f"report.{key}.target", self.lang, **values)
        return message(f"report.{key}", self.lang, **values)

    def number(self, value: int) -> str:
        text = f"{value:,}"
        return text.replace(",", "\u00a0") if self.lang == "sv" else text

    def percent(self, share: Fraction | None) -> str:
        if share is None:
            return "–"
        return percent_text(share, self.decimal) + ("\u00a0%" if self.lang == "sv" else "%")

    def days(self, value: int | None) -> str:
        return "–" if value is None else days(value, self.lang)

    def file(self, name: str) -> str:
        """The input's name without its folders, a character that turns text around escaped.

        (A page is mailed: a folder's name may say more than the page should.)
        """
        return escaped(file_name(name))

    def next_breach(self, value: int | None) -> str:
        # (value None: every patient of the group is past the deadline already)
        key = "no-breach" if value is None else "next-breach"
        values = {} if value is None else {"days": days(value, self.lang)}
        if self.target:  # (the worklist's words are of the guarantee)
            return message(f"report.{key}.target", self.lang, **values)
        return message(f"worklist.{key}", self.lang, **values)

    def day(self, value: date | None) -> str:
        return "–" if value is None else value.isoformat()

    def status(self, status: Status | str) -> str:
        return self(f"status.{Status(status).value}")

    def level(self, level: Level | str | None) -> str:
        if level is None or level == "":
            return self("level.none")
        key = f"report.level.{Level(level).value}"
        return message(key, self.lang) if has_message(key) else str(level)

    def state(self, status: Status | str) -> str:
        """A row's status, as a word (the tables' headings are plural)."""
        return self(f"state.{Status(status).value}")

    def action(self, action: str) -> str:
        return self(f"action.{action}")

    def column(self, name: str) -> str:
        """A group column's name: ``unit`` and ``level`` in words, any other as written."""
        lowered = name.lower()
        return self(f"column.{lowered}").lower() if lowered in ("unit", "level") else name

    def listed(self, items: Sequence[str]) -> str:
        """*items* as a sentence lists them: ``enhet och nivå``, ``unit and level``."""
        if len(items) < 2:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self('and')} {items[-1]}"

    def unit(self, unit: str) -> str:
        return escaped(unit) if unit else self("unit.none")

    def band_labels(self) -> tuple[str, ...]:
        return tuple(
            self("band-over", days=low - 1) if high is None else f"{low}–{high}"
            for _name, low, high in BANDS
        )

    def week_labels(self, as_of: date) -> tuple[str, ...]:
        """The forecast's weeks by their first day: "2 juni", "9 juni", ...

        Week *n* holds the deadlines *as_of* + 7(*n* - 1) to *as_of* + 7*n* - 1 (0 to 6 days
        left in week 1), as the forecast counts them. A week's number alone ("v. 1") reads as
        the calendar's week 1 in Swedish; both ends of each week do not fit under a bar.
        """
        months = self("months").split()
        last = (date.max - as_of).days  # (a week that would begin after 9999-12-31: "–")
        return tuple(
            _day_month(as_of + timedelta(days=7 * week), months) if 7 * week <= last else "–"
            for week in range(FORECAST_WEEKS)
        )

    def finding(self, code: FindingCode) -> str:
        key = f"report.finding.{code.value}"
        return message(key, self.lang) if has_message(key) else finding_name(code)

    def who(self, rules: str, *, short: bool = False) -> str:
        """Whose count the law's is: the law, or (under another rule set) that rule set's."""
        if rules == "national":
            return self("who.law.short" if short else "who.law")
        return rules if short else self("who.rules", rules=rules)

    def note(self, text: str) -> str:
        """A note about the input in the page's language, where known."""
        return note_text(text, self.lang)

    def error(self, text: str) -> str:
        """A row's error (as ``check`` writes it) in the page's language, where known.

        Cut to :data:`_ERROR_SHOWN` characters once translated (a message cut in English is
        one the catalogue no longer knows).
        """
        return error_text_cut(text, self.lang, _ERROR_SHOWN)

    def reason(self, reason: str) -> str:
        """An errors table's reason: a column's name, or the row's cells (in words)."""
        return self("reason.cells") if reason == CELLS_REASON else reason

    def method(self, name: str) -> str:
        """A method's name as the page says it: a built-in one by its body's name (``SKR``)."""
        return _METHOD_NAMES.get(name, name)

    def method_and_title(self, name: str, title: str) -> str:
        """The method's name and its title, the name once (``SKR, Väntetider i vården``).

        >>> _Words("sv").method_and_title("skr", "SKR, Väntetider i vården (vantetider.se)")
        'SKR, Väntetider i vården (vantetider.se)'
        >>> _Words("sv").method_and_title("egen", "Regionens egen räkning")
        'egen: Regionens egen räkning'
        >>> _Words("sv").method_and_title("region", "Regionens egen räkning")
        'region: Regionens egen räkning'
        """
        shown = self.method(name)
        if not title:
            return shown
        # (the name as the title's first word: "SKR, …", not "Regionens …" of "region")
        if re.match(re.escape(shown.casefold()) + r"\b", title.casefold()):
            return title
        return f"{shown}: {title}"

    def count_name(self, rules: str, *, capital: bool = False) -> str:
        """The library's count: the law's, or that of another rule set (its name)."""
        text = self("count.law") if rules == "national" else self("count.rules", rules=rules)
        return text[:1].upper() + text[1:] if capital else text

    def left_out(self, codes: Sequence[str]) -> str:
        """What the official method leaves out of the waiting, in words (empty: nothing)."""
        if not codes:
            return ""
        ordered = sorted(codes, key=lambda code: (_CODE_ORDER.get(code, len(_CODE_ORDER)), code))
        names = [self(f"code.{code}") if has_message(f"report.code.{code}") else code
                 for code in ordered]  # fmt: skip
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + self("or") + names[-1]
        return self("left-out", codes=listed)

    def why(self, difference: Difference, limit: int, rules: str = "national") -> str:
        """One sentence on why the law's count and the official figures differ."""
        parts: list[str] = []
        official, legal = difference.official, difference.legal
        who = self.who(rules)
        if difference.uncounted:
            parts.append(
                self(
                    "why.levels",
                    rows=self.number(difference.uncounted),
                    levels=self.listed([self.level(name) for name in difference.uncounted_levels]),
                )
            )
        if difference.no_coverage:
            key = "why.no-coverage" if difference.total else "why.no-coverage.group"
            parts.append(self(key, rows=self.number(difference.no_coverage)))
        left = [
            f"{CODE_NAMES.get(code, code)} {self.number(n)}"
            for code, n in official.left_out.items()
            if n
        ]
        if left:
            rows = self.number(sum(official.left_out.values()))
            parts.append(self("why.left-out", rows=rows, codes=", ".join(left)))
        if legal.paused:
            parts.append(self("why.paused", who=who, rows=self.number(legal.paused)))
        if legal.restarted:
            parts.append(self("why.restarted", who=who, rows=self.number(legal.restarted)))
        if legal.not_judged:
            parts.append(self("why.not-judged", who=who, rows=self.number(legal.not_judged)))
        if difference.limit_differs and difference.law_days is not None:
            parts.append(self("why.limit-days", who=who, days=difference.law_days, limit=limit))
        elif difference.limit_differs or not parts:
            parts.append(self("why.limit", who=who, limit=limit))
        text = "; ".join(parts)
        return text[:1].upper() + text[1:] + "."


@attrs.frozen
class _Cell:
    """A cell of a patient table: its text and its class (``n`` numbers, ``d`` dates)."""

    text: str
    kind: str = ""


def _group_title(worklist: Worklist, group: WorklistGroup, words: _Words) -> str:
    """A worklist group's heading: its values (unit and level bare, other columns named)."""
    parts = []
    for name, value in zip(worklist.group_by, group.keys, strict=True):
        lowered = name.lower()
        if lowered == "unit":
            parts.append(words.unit(value))
        elif lowered == "level":
            parts.append(words.level(value))
        else:
            parts.append(f"{escaped(name)} {escaped(value) or '–'}")
    return f"{group.number}. " + " · ".join(parts)


def _patients(
    worklist: Worklist, group: WorklistGroup, words: _Words
) -> tuple[list[str], list[list[_Cell]]]:
    """The header and the rows of a group's patient table.

    The worklist's own columns, less the group's; at most :data:`MAX_PATIENTS_SHOWN` rows.
    """
    columns = worklist.entry_columns
    header = [words(f"column.{name.replace('_', '-')}") for name in columns]
    start = 1 + len(group.keys)
    rows = []
    for entry in group.patients[:MAX_PATIENTS_SHOWN]:
        values = worklist.cells(group, entry)[start : start + len(columns)]
        pairs = zip(columns, values, strict=True)
        rows.append([_cell(name, value, words) for name, value in pairs])
    return header, rows


def _cell(name: str, value: object, words: _Words) -> _Cell:
    if name == "status":
        return _Cell(words.state(str(value)), "word")
    if name == "action":  # (words whole: broken between them only)
        return _Cell(words.action(str(value)), "word late" if value == "care-elsewhere" else "word")
    if name == "id":  # kept whole up to 16 characters (the stylesheet's td.id)
        return _Cell(escaped(str(value or "")) or "–", "id")
    if name == "level":
        return _Cell(words.level(str(value) if value else None))
    if name == "unit":
        return _Cell(words.unit(str(value or "")))
    if value is None or value == "":
        return _Cell("–", "n" if name.startswith("days") else "")
    if isinstance(value, date):
        return _Cell(value.isoformat(), "d")
    if isinstance(value, int):
        return _Cell(words.number(value), "n")
    return _Cell(escaped(str(value)))  # (an id, a kept cell: as the units are)


@functools.cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("vardgaranti", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _charts(report: Report, words: _Words) -> dict[str, tuple[_Chart, _Chart]]:
    """The bands and forecast charts of the whole list (key ``""``) and the charted groups."""
    bands = words.band_labels()
    weeks = words.week_labels(report.as_of)
    limits = dict(report.limits)
    whole = _longest_reach(report)
    found: dict[str, tuple[_Chart, _Chart]] = {}
    shown = [("", report.total), *((f"g{i}", g) for i, g in enumerate(report.charted, 1))]
    for key, group in shown:
        name = (
            words("whole-list")
            if not key
            else f"{words.unit(group.unit)} · " + words.level(group.level)
        )
        # red: every day of the band is past the limit of the chart's level (and the move to
        # the next vardag, with roll-forward, where its rule rolls)
        reach = (
            whole
            if group.level is None or group.level.value not in limits
            else _reach(report, group.level.value)
        )
        late = tuple(_LATE_COLOUR if low > reach else _BAR_COLOUR for _name, low, _high in BANDS)
        pairs = []
        for kind, labels, values, colours in (
            ("bands", bands, group.bands, late),
            ("forecast", weeks, group.forecast, (_FORECAST_COLOUR,) * FORECAST_WEEKS),
        ):
            chart_id = f"chart-{kind}-{key or 'all'}"
            title = words(f"chart.{kind}", group=name)
            # (the text alternative says which bars are red: colour is not the only sign)
            marks = [
                f" ({words('past-limit')})" if colour == _LATE_COLOUR else "" for colour in colours
            ]
            desc = "; ".join(
                f"{label}: {words.number(value)}{mark}"
                for label, value, mark in zip(labels, values, marks, strict=True)
            )
            pairs.append(
                _Chart(
                    chart_id,
                    kind,
                    title,
                    labels,
                    values,
                    _bar_svg(chart_id, title, desc, labels, values, colours, words.number),
                    tuple(colour == _LATE_COLOUR for colour in colours),
                )
            )
        found[key] = (pairs[0], pairs[1])
    return found


def _reach(report: Report, level: str, *, rolled: bool = True) -> int:
    """The days past which every patient of *level* is past the limit.

    *rolled*: and past the move to the next vardag, where the level's rule rolls.
    """
    moved = report.moved if rolled and level in report.rolling else 0
    return dict(report.limits)[level] + moved


def _longest_reach(report: Report, *, rolled: bool = True) -> int:
    """:func:`_reach` of the whole list's chart: the longest of its levels' (none: 90 days).

    Without *rolled*, the longest limit itself (as the note under the charts names it).
    """
    limits = dict(report.limits)
    found = [
        _reach(report, group.level.value, rolled=rolled)
        for group in report.groups
        if group.level is not None and group.level.value in limits
    ]
    return max(found, default=90)


def _bands_note(report: Report, words: _Words) -> str:
    """What the red bars mean: each charted level's limit, and the whole list's."""
    limits = dict(report.limits)
    levels = sorted(
        {group.level for group in report.charted if group.level is not None},
        key=lambda level: _LEVEL_ORDER[level],
    )
    shown = [
        f"{words.level(level)} {words.days(limits[level.value])}"
        for level in levels
        if level.value in limits
    ]
    longest = words.days(_longest_reach(report, rolled=False))
    said = (
        words("bands-note-whole", longest=longest)
        if not shown
        else words("bands-note", limits=", ".join(shown), longest=longest)
    )
    rolls = any(group.level is not None and group.level.value in report.rolling
                for group in report.groups)  # fmt: skip
    if report.moved and rolls:
        said += " " + words("bands-note-moved", days=words.days(report.moved))
    return said


def render_report(report: Report, lang: Lang = "sv") -> str:
    r"""The report as one self-contained HTML page (needs the ``report`` extra).

    Args:
        report: what :func:`gather_report` gathered.
        lang: ``sv`` (the default) or ``en``.

    Returns:
        The page, from ``<!DOCTYPE html>`` on.

    Raises:
        WaitingListError: the ``report`` extra is not installed.
        InvalidValueError: *lang* is not ``sv`` or ``en`` (its field is ``lang``).
        InvalidTypeError: *report* is not a :class:`Report` (its field is ``report``).

    Every value from the input is escaped, and the page loads no script:

    >>> import io
    >>> from datetime import date
    >>> text = "id;unit;level;start\nA;<b>Orto</b>;visit;2025-03-01\n"
    >>> html = render_report(gather_report(io.StringIO(text), as_of=date(2025, 6, 2)), "en")
    >>> html.startswith("<!DOCTYPE html>"), "<b>Orto" in html, "&lt;b&gt;Orto" in html
    (True, False, True)
    >>> "<script" in html
    False
    """
    if not isinstance(report, Report):
        raise InvalidTypeError(
            f"report must be the Report of gather_report, not {type(report).__name__} "
            f"{echo(report)}",
            field="report",
        )
    require_report_extra()
    words = _Words(check_lang(lang), target=report.target)
    charts = _charts(report, words)
    worklist = report.worklist
    shown = worklist.groups[: report.top]
    template = _environment().get_template("report.html.j2")
    text: str = template.render(
        r=report,
        lang=lang,
        t=words,
        charts=charts,
        bands_note=_bands_note(report, words),
        charted=tuple((f"g{i}", group) for i, group in enumerate(report.charted, 1)),
        statuses=tuple(
            status
            for status in _STATUSES
            if report.total.count(status) or status not in _SHOWN_IF_ANY
        ),
        overdue=Status.OVERDUE,
        deviation=Status.DEVIATION,
        worklist=worklist,
        shown_groups=[
            (group, _group_title(worklist, group, words), *_patients(worklist, group, words))
            for group in shown
        ],
        max_patients=MAX_PATIENTS_SHOWN,
        grouped_by=words.listed([words.column(name) for name in worklist.group_by]),
        weeks=WEEKS,
        findings=sorted(report.validation.by_code.items()),
        finding_source=finding_source,
        version=__version__,
        max_charted=MAX_CHARTED_GROUPS,
        shown_units=report.groups[:MAX_GROUPS_SHOWN],
        shown_differences=_first_groups(report.differences),
        shown_error_units=report.error_units[:MAX_GROUPS_SHOWN],
        max_groups=MAX_GROUPS_SHOWN,
    )
    return text


def _check_page_name(source: object, target: str) -> None:
    """Refuse a page written over the list it reads, or into a name of another kind.

    The list is known by its path, or by an open file's name.

    As ``vardgaranti report --output`` refuses them: ``.html`` or ``.htm``, or no suffix.
    """
    read = source if isinstance(source, (str, PathLike)) else getattr(source, "name", None)
    if isinstance(read, (str, PathLike)) and fspath(read) != "-":  # (a path, or an open file's)
        try:
            same = os.path.samefile(fspath(read), target)
        except (OSError, ValueError, TypeError):  # (no such file yet, or no path at all)
            same = False
        if same:
            raise WaitingListError(
                f"{target}: is the waiting list the report reads; write the report to another "
                "file (the list would be replaced)"
            )
    suffix = Path(target).suffix.lower()
    if suffix and suffix not in (".html", ".htm"):
        raise WaitingListError(f"{target}: the report is an HTML page; name the file .html")


def write_report(
    source: str | Path | IO[str] | IO[bytes],
    output: str | PathLike[str],
    *,
    as_of: date,
    lang: Lang = "sv",
    rules: RuleSet = NATIONAL,
    policy: Policy = Policy(),  # noqa: B008 - frozen, safe as a default
    profile: str | Path | Profile = "auto",
    encoding: str = "auto",
    sheet: str | None = None,
    top: int = DEFAULT_TOP,
    horizon: int = DEFAULT_HORIZON,
    method: str | Path = "skr",
    notes: Callable[[str], None] | None = None,
    workers: int = 1,
) -> Report:
    r"""Write the HTML report of a waiting list to *output* (``vardgaranti report``).

    The file is written whole or not at all, keeping the mode of a file it replaces
    (:func:`~vardgaranti._output.open_output`): it holds patient data (the worklist's ids).
    Needs the ``report`` extra.

    Args:
        source: a path (CSV, national XML or Excel), ``"-"`` for standard input, or a stream.
        output: the HTML file to write.
        as_of: the day (the census day of the official figures too).
        lang: ``sv`` (the default) or ``en``.
        rules: the rule set.
        policy: roll-forward and the at-risk window.
        profile: how to read the columns.
        encoding: for CSV: ``auto``, ``utf-8``, ``cp1252`` or ``utf-16``.
        sheet: for Excel: the sheet.
        top: the worklist groups the report shows (by earliest deadline).
        horizon: a patient without a booking is on the worklist with at most this many days
            left.
        method: the official method set beside the law's count.
        notes: called with each one-line note about the input.
        workers: at most this many processes read the file side by side (as
            :func:`gather_report`'s).

    Returns:
        The :class:`Report` written.

    Raises:
        WaitingListError: the extra is missing (checked first), the file cannot be used, or
            the output cannot be written: also *output* is the list itself, or its name ends
            in another suffix than ``.html`` or ``.htm`` (both checked before the list is
            read).
        InvalidTypeError: *output* is not a path (checked before the list is read).

    A list that cannot be used leaves the report written before as it was:

    >>> import io, pathlib, tempfile
    >>> from vardgaranti import EXAMPLE_AS_OF, VardgarantiError, example_waiting_list
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "rapport.html")
    ...     report = write_report(example_waiting_list(), str(path), as_of=EXAMPLE_AS_OF)
    ...     try:
    ...         write_report(io.StringIO("id;start\n"), str(path), as_of=EXAMPLE_AS_OF)
    ...     except VardgarantiError as error:
    ...         print(error)
    ...     print(report.rows, path.read_text(encoding="utf-8")[:15])
    <stream>: required column(s) 'level' missing for the native format ...
    300 <!DOCTYPE html>
    """
    from ._output import open_output

    require_report_extra()
    check_lang(lang)  # (now, not after the whole list was read)
    callback(notes, "notes")
    target = fspath(output) if isinstance(output, (str, PathLike)) else None
    if not isinstance(target, str):  # (checked now, not after the whole list was read)
        raise InvalidTypeError(
            f"output must be the HTML file's path (str or a path), not {type(output).__name__}",
            field="output",
        )
    _check_page_name(source, target)
    report = gather_report(
        source,
        as_of=as_of,
        rules=rules,
        policy=policy,
        profile=profile,
        encoding=encoding,
        sheet=sheet,
        top=top,
        horizon=horizon,
        method=method,
        notes=notes,
        workers=workers,
    )
    html = render_report(report, lang)
    with open_output(target, encoding="utf-8", newline="\n") as handle:
        handle.write(html)
    return report
