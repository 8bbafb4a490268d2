"""The numeric core: every deadline and status of the library is computed here, and only here.

Two steps, with no text and no I/O:

1. :func:`plan`: from a rule, the day the clock starts and the exclusion periods, the deadline
   (exclusions counted, roll-forward applied where the policy and the rule allow it) and, for
   the steps with a duty of care elsewhere, the statutory deadline that duty follows.
2. :func:`judge`: from a plan, the as-of day, the completion and the booking, the outcome:
   status, days waited, days left, days over and whether care elsewhere is due.

:func:`~vardgaranti.evaluate` (one case), :func:`~vardgaranti.evaluate_many` and ``vardgaranti
check`` (a file, where plans are shared between rows that agree on what decides them) all go
through these two functions, with :func:`check_exclusions`, :func:`not_covered` and
:func:`check_dates` for what they refuse.

Counting conventions (each documented in "Counting conventions", with its source):

* Calendar days, holidays included (SKR: "kalenderdagar"). The start day is day 0; the deadline
  is start + limit; care on the deadline day is on time (SKR 2021-03-10).
* Exclusions (HSF 2017:80 6 kap. 2 §, "ska inte räknas") pause the clock: inclusive periods,
  merged across reasons, only days after the start count, and a period counts (in full) only if
  it begins on or before the deadline as extended so far (the library's own reading, an open
  question in the reference: SKR FAQ 2021-03-10 says only that no deviation reason may be given
  when no time within the limit could be offered, not which periods extend a deadline).
* Lag (1930:173) 2 § moves a deadline on a Saturday, Sunday, helgdag or eve to the next vardag
  only when the policy asks for it (``roll_forward``) and the rule is one the law covers
  (:attr:`~vardgaranti.Rule.roll_forward`); it is applied after the exclusions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Final, NamedTuple

import attrs

from ._calendar import FIRST_YEAR, LAST_YEAR
from ._checks import from_numpy, whole_number
from ._dates import as_date
from ._rules import Citation, ExclusionReason, Rule, RuleSet
from ._text import echo
from .errors import (
    ExclusionNotAllowedError,
    InvalidCaseError,
    InvalidTypeError,
    InvalidValueError,
    UnsupportedYearError,
)

if TYPE_CHECKING:
    from ._calendar import SwedishCalendar

__all__ = [
    "NOT_COVERED_OUTCOME",
    "Outcome",
    "Plan",
    "Policy",
    "Span",
    "Status",
    "Uncovered",
    "check_as_of",
    "check_dates",
    "check_exclusions",
    "check_policy",
    "check_restart",
    "check_rules",
    "excluded_within",
    "extend_deadline",
    "judge",
    "judge_deviation",
    "merge_spans",
    "not_covered",
    "overflow_cause",
    "plan",
]

_ONE_DAY: Final = timedelta(days=1)
_LIMITS: dict[int, timedelta] = {}


def _limit(days: int) -> timedelta:
    """A limit of *days* days as a :class:`~datetime.timedelta` (made once per number)."""
    limit = _LIMITS.get(days)
    if limit is None:
        limit = _LIMITS[days] = timedelta(days=days)
    return limit


_SINGLE_REASON: Final = {reason: frozenset({reason}) for reason in ExclusionReason}

#: A merged exclusion period: first day, last day (both inclusive) and the reasons in it.
Span = tuple[date, date, frozenset[ExclusionReason]]


class Status(StrEnum):
    """Where a case stands as of a day.

    The values are what ``check`` writes in its ``status`` column (with an underscore):

    >>> Status("at_risk"), Status.NOT_COVERED.value
    (<Status.AT_RISK: 'at_risk'>, 'not_covered')
    """

    #: Open, and the deadline can still be met.
    WITHIN = "within"
    #: Open, and likely to miss: booked after the deadline, or unbooked with few days left.
    AT_RISK = "at_risk"
    #: Open past its deadline.
    OVERDUE = "overdue"
    #: Closed on or before the deadline.
    MET = "met"
    #: Closed after the deadline.
    MISSED = "missed"
    #: The guarantee does not apply (not listed, HSL 9 kap. 1 § 2 st.; waived; or outside it).
    NOT_COVERED = "not_covered"
    #: A national-format row with a deviation code (PvV, MoV, SoV) but no dates: the legal
    #: deadline cannot be extended by it, so the case is not judged (see "Reading your export").
    DEVIATION = "deviation"


class Uncovered(StrEnum):
    """Why the guarantee does not apply to a case.

    >>> Uncovered("not-listed"), Uncovered.OUT_OF_SCOPE.value
    (<Uncovered.NOT_LISTED: 'not-listed'>, 'out-of-scope')
    """

    #: Not listed with the vårdval provider, from 2022-07-01 (HSL 9 kap. 1 § 2 st.).
    NOT_LISTED = "not-listed"
    #: The patient declined care elsewhere and with it the guarantee (SKR FAQ 2023; 1177).
    WAIVED = "waived"
    #: The contact is of a kind outside the guarantee: an examination, a return visit or
    #: acute care (national format, ``Fas`` 3, 4 or 5).
    OUT_OF_SCOPE = "out-of-scope"
    #: The unit reported the contact as outside the guarantee (national format,
    #: ``Vardgaranti`` no).
    REPORTED = "reported"


def _non_negative(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    whole_number(value, attribute.name, 0)


def _bool_in(value: bool) -> bool:
    """*value*, a NumPy boolean as Python's.

    (Typed ``bool``: the type checker keeps the field's type; the validator refuses the rest.)
    """
    return from_numpy(value)  # type: ignore[return-value]


def _int_in(value: int) -> int:
    """*value*, a NumPy whole number as Python's (see :func:`_bool_in`)."""
    return from_numpy(value)  # type: ignore[return-value]


def _boolean(instance: object, attribute: attrs.Attribute[bool], value: bool) -> None:
    if not isinstance(value, bool):
        raise InvalidTypeError(f"must be True or False, not {value!r}", field=attribute.name)


@attrs.frozen
class Policy:
    """The choices a caller may make where the law leaves room.

    >>> Policy()
    Policy(roll_forward=False, at_risk_days=14)
    >>> Policy(at_risk_days=-1)
    Traceback (most recent call last):
    ...
    vardgaranti.errors.InvalidValueError: at_risk_days: must be a whole number >= 0, not -1

    Attributes:
        roll_forward: move a deadline that falls on a Saturday, Sunday, helgdag or eve to the
            next vardag (Lag 1930:173 2 §), for the rules that law covers (statute periods:
            see :attr:`~vardgaranti.Rule.roll_forward`). Off by default: practice counts
            plain calendar days.
        at_risk_days: an open case without a booking is ``at_risk`` when at most this many
            days are left (default 14).
    """

    roll_forward: bool = attrs.field(default=False, converter=_bool_in, validator=_boolean)
    at_risk_days: int = attrs.field(default=14, converter=_int_in, validator=_non_negative)


class Plan(NamedTuple):
    """What a rule, a clock start and the exclusions decide, before any as-of day.

    (A named tuple: immutable, and cheap to make, as a file may plan many rows.)

    Attributes:
        rule: the rule applied.
        clock_start: day 0 of the period counted.
        base: the deadline before exclusions: ``clock_start`` + the limit.
        merged: the exclusion periods after day 0, merged.
        counted: for each merged period, whether it moved the deadline.
        calendar_deadline: the deadline in calendar days, exclusions counted.
        deadline: the deadline applied: ``calendar_deadline``, or the next vardag when the
            policy rolls it forward (Lag 1930:173 2 §) and the rule allows it.
        care_deadline: the deadline the duty of care elsewhere follows (HSL 9 kap. 2 §): the
            statutory rule's, which under a regional rule is later than ``deadline``; ``None``
            when missing this limit brings no such duty (steps 0 and 3, and the BUP deepened
            assessment; the BUP first assessment and treatment follow the law's 90 days beneath
            them).
        excluded_days: how many days the exclusions moved the deadline.
    """

    rule: Rule
    clock_start: date
    base: date
    merged: tuple[Span, ...]
    counted: tuple[bool, ...]
    calendar_deadline: date
    deadline: date
    care_deadline: date | None
    excluded_days: int


#: The outcome of :func:`judge`: status, days waited, days left, days over, care elsewhere.
Outcome = tuple[Status, int | None, int | None, int | None, bool]
#: The outcome of a case the guarantee does not cover.
NOT_COVERED_OUTCOME: Final[Outcome] = (Status.NOT_COVERED, None, None, None, False)


def merge_spans(spans: Iterable[tuple[date, date, ExclusionReason]], after: date) -> list[Span]:
    """Merge exclusion periods into disjoint ones, keeping only days after *after*.

    Overlapping and adjacent periods join (across reasons); days on or before *after* (the
    clock's start, day 0) are cut off. The result is sorted and does not depend on the order of
    *spans*.

    >>> from datetime import date
    >>> merged = merge_spans(
    ...     [(date(2025, 4, 10), date(2025, 4, 20), ExclusionReason.PVV),
    ...      (date(2025, 4, 1), date(2025, 4, 12), ExclusionReason.MOV)],
    ...     after=date(2025, 3, 1),
    ... )
    >>> [(str(a), str(b), sorted(r.value for r in reasons)) for a, b, reasons in merged]
    [('2025-04-01', '2025-04-20', ['mov', 'pvv'])]
    """
    first_day = after + _ONE_DAY
    merged: list[Span] = []
    for start, end, reason in sorted(spans):
        if end < first_day:
            continue  # wholly on or before day 0
        if start < first_day:
            start = first_day
        if merged and start <= merged[-1][1] + _ONE_DAY:
            last_start, last_end, reasons = merged[-1]
            merged[-1] = (last_start, end if end > last_end else last_end, reasons | {reason})
        else:
            merged.append((start, end, _SINGLE_REASON[reason]))
    return merged


def extend_deadline(deadline: date, merged: Sequence[Span]) -> tuple[date, list[bool]]:
    """Extend *deadline* by the merged exclusion periods that count.

    A period counts when it begins on or before the deadline as extended so far; it then
    counts in full, even past the deadline.

    Args:
        deadline: the deadline before exclusions.
        merged: the merged periods, sorted (as :func:`~vardgaranti.merge_exclusions` gives
            them): each a tuple of its first day, its last day and its reasons.

    Returns:
        The extended deadline, and for each period whether it counted.

    Raises:
        DateTypeError: *deadline*, or a day of a period, is not a date.
        InvalidTypeError: *merged* is not a sequence of (first day, last day, reasons), or a
            period's reasons are not a set of :class:`~vardgaranti.ExclusionReason`.
        InvalidValueError: a period ends before it begins, or the periods are not merged and
            sorted (one begins on or before the day after the one before it ends): counted as
            given, they would count a day twice or move the deadline earlier; or the deadline
            extended passes 9999-12-31.

    >>> from datetime import date
    >>> reasons = frozenset({ExclusionReason.MOV})
    >>> extend_deadline(date(2025, 5, 30), [
    ...     (date(2025, 5, 25), date(2025, 6, 3), reasons),   # straddles: all 10 days
    ...     (date(2025, 6, 9), date(2025, 6, 9), reasons),    # inside the extension
    ...     (date(2025, 6, 20), date(2025, 6, 21), reasons),  # after: ignored
    ... ])
    (datetime.date(2025, 6, 10), [True, True, False])
    """
    if type(deadline) is not date:
        deadline = as_date(deadline, "deadline")
    if isinstance(merged, (str, bytes)) or not isinstance(merged, Sequence):
        raise InvalidTypeError(
            "give the merged periods as a list of (first day, last day, reasons), not "
            f"{type(merged).__name__}",
            field="merged",
        )
    checked: list[Span] = []
    for position, span in enumerate(merged, 1):
        if not isinstance(span, tuple) or len(span) != 3:
            raise InvalidTypeError(
                f"period {position} is {type(span).__name__} {echo(span)}, not a tuple "
                "(first day, last day, reasons) as merge_exclusions() gives",
                field="merged",
            )
        first, last, reasons = span
        # (an aware date-time is read as its date in Europe/Stockholm, as everywhere)
        first, last = as_date(first, "merged"), as_date(last, "merged")
        if not isinstance(reasons, (set, frozenset)) or not all(
            isinstance(reason, ExclusionReason) for reason in reasons
        ):
            raise InvalidTypeError(
                f"period {position}'s reasons are {echo(reasons)}, not a set of ExclusionReason "
                "as merge_exclusions() gives",
                field="merged",
            )
        if last < first:
            raise InvalidValueError(
                f"period {position} ends ({last.isoformat()}) before it begins "
                f"({first.isoformat()})",
                field="merged",
            )
        if checked and (first - checked[-1][1]).days <= 1:  # (no day past 9999-12-31 made)
            raise InvalidValueError(
                f"period {position} ({first.isoformat()}..{last.isoformat()}) begins on or "
                f"before the day after period {position - 1} ends ({checked[-1][1].isoformat()}):"
                " give the periods merged and sorted, as merge_exclusions() gives them",
                field="merged",
            )
        checked.append((first, last, frozenset(reasons)))
    try:
        return _extended(deadline, checked)
    except OverflowError:  # (the deadline moved past the last date)
        raise InvalidValueError(
            f"the deadline {deadline.isoformat()} extended by the periods passes 9999-12-31, "
            "the last date",
            field="merged",
        ) from None


def _extended(deadline: date, merged: Sequence[Span]) -> tuple[date, list[bool]]:
    """:func:`extend_deadline` without its argument checks (the core's own calls)."""
    counted: list[bool] = []
    for start, end, _reasons in merged:
        if start <= deadline:
            deadline += (end - start) + _ONE_DAY
            counted.append(True)
        else:
            counted.append(False)
    return deadline, counted


def excluded_within(merged: Sequence[Span], counted: Sequence[bool], until: date) -> int:
    """The days of the counted periods on or before *until*."""
    total = 0
    for (start, end, _reasons), counts in zip(merged, counted, strict=True):
        if counts and start <= until:
            total += (min(end, until) - start).days + 1
    return total


def check_rules(rules: object) -> None:
    """Refuse a *rules* argument that is not a :class:`~vardgaranti.RuleSet`.

    Raises:
        InvalidTypeError: its field is ``rules``; for a name (``"bup"``) the message says to
            read it with :func:`~vardgaranti.rule_set`.

    >>> check_rules("bup")
    Traceback (most recent call last):
    ...
    vardgaranti.errors.InvalidTypeError: rules must be a RuleSet (...), not str: ...rule_set('bup')
    """
    if type(rules) is RuleSet or isinstance(rules, RuleSet):
        return
    message = (
        f"rules must be a RuleSet (NATIONAL, BUP or rule_set(...)), not {type(rules).__name__}"
    )
    if isinstance(rules, str):
        named = echo(rules)
        message += f": for the rule set named {named}, pass vardgaranti.rule_set({named})"
    raise InvalidTypeError(message, field="rules")


def check_policy(policy: object) -> None:
    """Refuse a *policy* argument that is not a :class:`Policy`.

    Raises:
        InvalidTypeError: its field is ``policy``.
    """
    if type(policy) is not Policy and not isinstance(policy, Policy):
        raise InvalidTypeError(
            f"policy must be a Policy, not {type(policy).__name__}", field="policy"
        )


def check_exclusions(rule: Rule, reasons: Iterable[ExclusionReason]) -> None:
    """Refuse exclusion reasons the rule does not allow, citing why.

    Raises:
        ExclusionNotAllowedError: an exclusion on a level without exclusions (contact,
            assessment: every version leaves time out of the 90-day steps only; the message
            cites the rule's own source for that), or a reason the rule version
            does not know (``region`` before 2017-04-01). Its field is ``exclusions``.
    """
    allowed = rule.exclusion_reasons
    for reason in reasons:
        if reason in allowed:
            continue
        if not allowed:
            # Every version leaves time out of the 90-day steps only; the rule's data cites
            # the provision in force for it (the 2005 agreement, Förordning 2010:349 3 §,
            # HSF 2017:80 6 kap. 2 § '1 § 3 eller 4'), so that a 2008 case never cites 2017:80.
            source = rule.exclusion_citation or rule.citation
            raise ExclusionNotAllowedError(
                f"level {rule.level.value!r} has no exclusions: time may be left out only for "
                f"the 90-day steps, {source}",
                field="exclusions",
            )
        from ._messages import citation_text  # (the messages are read only for errors)

        names = ", ".join(sorted(reason.value for reason in allowed))
        raise ExclusionNotAllowedError(
            f"exclusion {reason.value!r} is not allowed under {rule.id} "
            f"({citation_text(rule.exclusion_citation, 'en')}); allowed: {names}"
            + (
                "; care chosen in another region is an exclusion only in a case whose start "
                "is on or after 2017-04-01 (a case is judged by the rules in force on its "
                "start, after a restart too), HSF (2017:80) 6 kap. 2 § 2"
                if reason is ExclusionReason.REGION and not rule.is_target
                else ""  # (the BUP target never allows it: its reason is not the date)
            ),
            field="exclusions",
        )


def check_dates(
    start: date,
    completed: date | None,
    booked: date | None,
    restart: date | None,
    waived: date | None = None,
) -> None:
    """Refuse dates that contradict each other: before the start, or a restart after care.

    *restart* and *waived* are the earliest restart and waiver (each must be on or after the
    start); the latest restart must not be after the completion: pass it as *restart* too when
    there is only one.

    Raises:
        InvalidCaseError: naming the field whose date is out of order.
    """
    text = start.isoformat()
    for field, value in (
        ("completed", completed),
        ("booked", booked),
        ("restart", restart),
        ("waived", waived),
    ):
        if value is not None and value < start:
            raise InvalidCaseError(f"{value.isoformat()} is before the start ({text})", field=field)


def care_elsewhere_duty(rules: RuleSet, start: date) -> Citation | None:
    """The citation of the duty of care elsewhere among *rules* in force on *start*.

    The law of the rule version in force is cited, not today's; ``None`` when no rule in force
    gives care elsewhere.
    """
    return next(
        (
            other.statutory.care_elsewhere_citation
            for other in rules.rules_in_force(start)
            if other.care_elsewhere_applies
        ),
        None,
    )


def check_restart_level(rule: Rule, rules: RuleSet, start: date) -> None:
    """Refuse a restart on a step that gives no care elsewhere (the 0- and 3-day steps).

    A restart is the new full period after a patient who declined care elsewhere, or agreed a
    date beyond the limit, changes their mind (SKR FAQ 2023; 1177; vantetider.se): only the
    90-day steps give care elsewhere (HSL 9 kap. 2 §, "1 § 3 eller 4"), and only they have
    time not counted at all (HSF 6 kap. 2 §); on the others a restart would shorten the wait
    the law counts.

    Args:
        rule: the case's rule.
        rules: the rule set, whose rules in force on *start* name the law of the duty.
        start: the case's start.

    Raises:
        InvalidCaseError: its field is ``restart``.
    """
    if rule.care_elsewhere_applies:
        return
    duty = care_elsewhere_duty(rules, start)
    raise InvalidCaseError(
        f"level {rule.level.value!r} has no care with another provider to decline: a restart "
        "(a new full period after the patient who declined it changed their mind, SKR FAQ "
        "2023) is for the 90-day steps only" + (f", {duty}" if duty else ""),
        field="restart",
    )


def check_restart(restart: date | None, completed: date | None, waived: date | None = None) -> None:
    """Refuse a restart or a waiver after the completion: care was given.

    No new period can start after it, and nobody can decline care elsewhere that is no longer
    needed (declining the care elsewhere of HSL 2017:30 9 kap. 2 § gives up the guarantee:
    SKR FAQ 2023; 1177). *restart*
    and *waived* are the latest of each.

    Raises:
        InvalidCaseError: its field is ``restart`` or ``waived``.
    """
    if completed is None:
        return
    for field, value in (("restart", restart), ("waived", waived)):
        if value is not None and completed < value:
            raise InvalidCaseError(
                f"{value.isoformat()} is after the completion ({completed.isoformat()})",
                field=field,
            )


def check_as_of(clock_start: date, as_of: date, restarted: bool) -> None:
    """Refuse an as-of day before the clock's start: there is nothing to judge yet.

    Raises:
        InvalidCaseError: its field is ``restart`` when the clock starts at a restart, else
            ``start``.
    """
    if as_of < clock_start:
        raise InvalidCaseError(
            f"the as-of date {as_of.isoformat()} is before the clock's start "
            f"{clock_start.isoformat()}",
            field="restart" if restarted else "start",
        )


def not_covered(
    rule: Rule, listed: bool | None, waived: date | None, reported: Uncovered | None = None
) -> Uncovered | None:
    """Why the guarantee does not apply to the case, or ``None`` when it does.

    Args:
        rule: the rule in force for the case.
        listed: whether the patient is listed with the vårdval provider (``None``: unknown
            or not relevant).
        waived: the waiver in effect on the as-of day, if any.
        reported: what the source says (``reported``, ``out-of-scope``), if anything.
    """
    if reported is not None:
        return reported
    if listed is False and rule.listing_citation is not None:
        return Uncovered.NOT_LISTED
    if waived is not None:
        return Uncovered.WAIVED
    return None


def _roll_forward(calendar: SwedishCalendar, day: date) -> date:
    """*day* rolled forward (Lag 1930:173 2 §); past the calendar's years, an error saying so.

    Raises:
        UnsupportedYearError: its field is ``deadline``.
    """
    try:
        return calendar.roll_forward(day)
    except UnsupportedYearError:
        raise UnsupportedYearError(
            f"{day.isoformat()} cannot be moved to the next vardag (Lag 1930:173 2 §, "
            f"roll-forward): the calendar covers the years {FIRST_YEAR}–{LAST_YEAR}",
            field="deadline",
        ) from None


def plan(
    rule: Rule,
    clock_start: date,
    spans: Sequence[tuple[date, date, ExclusionReason]],
    policy: Policy,
    calendar: SwedishCalendar,
) -> Plan:
    """The deadline of *rule* for a clock starting on *clock_start*, exclusions counted.

    Raises:
        OverflowError: the deadline would fall after 9999-12-31 (see :func:`overflow_cause`).
        UnsupportedYearError: a roll-forward asked for past the calendar's years (field
            ``deadline``).
    """
    base = clock_start + _limit(rule.days)
    merged: tuple[Span, ...]
    counted: tuple[bool, ...]
    if not spans:
        merged, counted, calendar_deadline = (), (), base
    elif len(spans) == 1:  # the common case: one period, nothing to merge
        ((first, last, reason),) = spans
        if last <= clock_start:  # wholly on or before day 0
            merged, counted, calendar_deadline = (), (), base
        else:
            if first <= clock_start:
                first = clock_start + _ONE_DAY
            merged = ((first, last, _SINGLE_REASON[reason]),)
            if first <= base:  # it counts, in full
                counted, calendar_deadline = (True,), base + (last - first) + _ONE_DAY
            else:
                counted, calendar_deadline = (False,), base
    else:
        merged = tuple(merge_spans(spans, clock_start))
        extended, counts = _extended(base, merged)
        counted, calendar_deadline = tuple(counts), extended
    roll = policy.roll_forward
    deadline = (
        _roll_forward(calendar, calendar_deadline)
        if roll and rule.roll_forward
        else calendar_deadline
    )
    care_deadline: date | None = None
    if rule.base is None:
        if rule.care_elsewhere_citation is not None:
            care_deadline = deadline
    else:  # a regional rule: the duty follows the statutory rule beneath it (HSL 9 kap. 2 §)
        statutory = rule.statutory
        if statutory.care_elsewhere_citation is not None:
            care_deadline = clock_start + _limit(statutory.days)
            if merged:
                care_deadline, _ = _extended(care_deadline, merged)
            if roll and statutory.roll_forward:
                care_deadline = _roll_forward(calendar, care_deadline)
    return Plan(
        rule,
        clock_start,
        base,
        merged,
        counted,
        calendar_deadline,
        deadline,
        care_deadline,
        (calendar_deadline - base).days,
    )


def judge(
    plan: Plan,
    as_of: date,
    completed: date | None,
    booked: date | None,
    at_risk_days: int,
) -> Outcome:
    """The outcome of a planned case as of *as_of*.

    A completion after *as_of* has not happened yet as of that day; a booking before *as_of*
    that was not completed no longer counts as a booking. Care elsewhere is due for an open
    case past the statutory deadline, or booked after it (HSL 9 kap. 2 §, PL 2 kap. 4 §).

    Returns:
        Status, days waited, days left (open and not overdue), days over (overdue or
        missed), and whether care elsewhere is due.
    """
    if completed is not None and completed > as_of:
        completed = None
    deadline = plan.deadline
    care = False
    if completed is not None:
        left = None
        if completed <= deadline:
            status, over = Status.MET, None
        else:
            status, over = Status.MISSED, (completed - deadline).days
        until = completed
    else:
        until = as_of
        if as_of > deadline:
            status, left, over = Status.OVERDUE, None, (as_of - deadline).days
        else:
            left, over = (deadline - as_of).days, None
            if booked is not None and booked >= as_of:
                status = Status.AT_RISK if booked > deadline else Status.WITHIN
            else:
                status = Status.AT_RISK if left <= at_risk_days else Status.WITHIN
        care_deadline = plan.care_deadline
        if care_deadline is not None:
            care = as_of > care_deadline or (
                booked is not None and booked >= as_of and booked > care_deadline
            )
    waited = (until - plan.clock_start).days
    merged = plan.merged
    if merged:
        if len(merged) == 1:  # excluded_within() for the common case, inlined
            if plan.counted[0]:
                first, last, _reasons = merged[0]
                if first <= until:
                    waited -= ((last if last < until else until) - first).days + 1
        else:
            waited -= excluded_within(merged, plan.counted, until)
    return status, waited, left, over, care


def judge_deviation(plan: Plan, as_of: date, completed: date | None) -> Outcome:
    """The outcome of a case with a deviation code but no dates (national format).

    Not judged: the status is ``deviation``, the deadline the plan's (counted without the
    pause, the earliest the guarantee could have been missed), days waited in calendar days,
    no days left or over, and no care elsewhere (the law pauses by dates the file lacks).
    """
    until = completed if completed is not None and completed <= as_of else as_of
    return Status.DEVIATION, (until - plan.clock_start).days, None, None, False


def overflow_cause(clock_start: date, days: int, restarted: bool = False) -> InvalidCaseError:
    """The error for a deadline past 9999-12-31: caused by day 0, or by the exclusions.

    Day 0 is the start's, or with *restarted* the restart's: the field named is that one.
    """
    try:
        clock_start + timedelta(days=days)
    except OverflowError:
        return InvalidCaseError(
            f"the deadline ({clock_start.isoformat()} + {days} days) would fall after 9999-12-31",
            field="restart" if restarted else "start",
        )
    return InvalidCaseError("the deadline would fall after 9999-12-31", field="exclusions")
