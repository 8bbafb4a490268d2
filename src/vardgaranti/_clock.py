"""The clock: a case's deadline, its status as of a day, and the explanation of both.

Counting conventions (each documented in the docs, page "Counting conventions"):

* Calendar days, holidays included (SKR: "kalenderdagar"; Region Stockholm: "alla dagar,
  inklusive helgdagar"). The start day is day 0; the deadline is start + limit; care on the
  deadline day is on time (SKR 2021-03-10: contact 5 March, "8 mars: 3 dagar (=inom
  vårdgarantin)").
* Exclusions (HSF 2017:80 6 kap. 2 §, "ska inte räknas") pause the clock: inclusive periods,
  merged across reasons, only days after the start count, and a period counts only if it
  begins on or before the deadline as extended so far. A deviation cannot be recorded once the
  guarantee is already broken (SKR FAQ 2021-03-10); a period that straddles the deadline
  counts in full.
* A restart begins a new full period (SKR FAQ 2023; 1177); the rule version stays the one in
  force on the original start.
* Lag (1930:173) 2 § (roll a deadline on a Saturday, Sunday, helgdag or eve to the next vardag)
  is an opt-in policy, off by default; the other reading is always reported in ``alternatives``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from enum import StrEnum
from typing import Final, Literal

import attrs

from ._calendar import SwedishCalendar
from ._case import Case, Exclusion
from ._dates import as_date
from ._rules import NATIONAL, ExclusionReason, Level, Rule, RuleKind, RuleSet
from .errors import (
    ExclusionNotAllowedError,
    InvalidCaseError,
    InvalidTypeError,
    NoRuleInForceError,
    UnsupportedYearError,
)

__all__ = [
    "Alternative",
    "Policy",
    "Result",
    "Status",
    "Step",
    "evaluate",
    "extend_deadline",
    "merge_exclusions",
]

_DEFAULT_CALENDAR: Final = SwedishCalendar()
_ROLL_CITATION: Final = "Lag (1930:173) om beräkning av lagstadgad tid 2 §"
_CALENDAR_DAYS_SOURCE: Final = (
    "SKR, Hur ser vårdgarantins tidsgränser ut? (2021-03-10): kalenderdagar, dag 0"
)
_NINETY_DAY_LEVELS: Final = frozenset({Level.VISIT, Level.TREATMENT})
_ONE_DAY: Final = timedelta(days=1)
_SINGLE_REASON: Final = {reason: frozenset({reason}) for reason in ExclusionReason}

Language = Literal["sv", "en"]


class Status(StrEnum):
    """Where a case stands as of a day."""

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
    #: The guarantee does not apply (not listed, HSL 9 kap. 1 § 2 st.; or waived).
    NOT_COVERED = "not_covered"


def _non_negative(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidCaseError(f"{attribute.name} must be a whole number >= 0, not {value!r}")


@attrs.frozen
class Policy:
    """The choices a caller may make where the law leaves room.

    Attributes:
        roll_forward: move a deadline that falls on a Saturday, Sunday, helgdag or eve to the
            next vardag (Lag 1930:173 2 §). Off by default: practice counts plain calendar
            days.
        at_risk_days: an open case without a booking is ``at_risk`` when at most this many
            days are left (default 14).
    """

    roll_forward: bool = False
    at_risk_days: int = attrs.field(default=14, validator=_non_negative)


@attrs.frozen
class Alternative:
    """Another reading under which the deadline would differ.

    Attributes:
        deadline: the deadline under that reading.
        reading: the reading in words (English).
        source: where it comes from.
        reading_sv: the reading in Swedish.
    """

    deadline: date
    reading: str
    source: str
    reading_sv: str = ""

    def text(self, lang: Language = "en") -> str:
        """The reading in *lang* (Swedish falls back to English where none is given)."""
        return self.reading_sv if lang == "sv" and self.reading_sv else self.reading


@attrs.frozen
class Step:
    """One step of an explanation.

    Attributes:
        code: what the step is, e.g. ``"limit"`` or ``"exclusion-counted"``.
        dates: the dates the step is about.
        citation: the law or source behind the step, if any.
        sv: the step in Swedish.
        en: the step in English.
    """

    code: str
    dates: tuple[date, ...]
    citation: str | None
    sv: str
    en: str

    def text(self, lang: Language = "en") -> str:
        """The step in *lang*, with its citation."""
        body = self.sv if lang == "sv" else self.en
        return f"{body} [{self.citation}]" if self.citation else body

    def as_dict(self) -> dict[str, object]:
        """The step as JSON-ready data."""
        return {
            "code": self.code,
            "dates": [day.isoformat() for day in self.dates],
            "citation": self.citation,
            "sv": self.sv,
            "en": self.en,
        }


@attrs.frozen
class Result:
    """A case evaluated as of a day. Every figure is in calendar days.

    Attributes:
        case: the case evaluated.
        rule: the rule applied.
        as_of: the day the status is for.
        clock_start: the day the counted period started as of *as_of*: the start, or the
            latest restart on or before *as_of*.
        status: within, at_risk, overdue, met, missed or not_covered.
        deadline: the last day care is on time (``None`` when not covered).
        limit_days: the rule's limit.
        excluded_days: how many days exclusions moved the deadline.
        days_waited: days from the clock's start to completion (or as-of), excluded days not
            counted.
        days_left: for an open case not yet overdue, days from as-of to the deadline.
        days_over: for an overdue or missed case, days past the deadline.
        care_elsewhere: a visit or treatment case that is overdue, or booked after its
            deadline: the region must offer care elsewhere (HSL 9 kap. 2 §, PL 2 kap. 4 §).
            Under a regional rule it is judged by the national deadline (the statutory duty);
            never for the BUP target, which is not statute.
        alternatives: other readings under which the deadline would differ.
        steps: the explanation, step by step.
    """

    case: Case
    rule: Rule
    as_of: date
    clock_start: date
    status: Status
    deadline: date | None
    limit_days: int
    excluded_days: int
    days_waited: int | None
    days_left: int | None
    days_over: int | None
    care_elsewhere: bool
    alternatives: tuple[Alternative, ...]
    steps: tuple[Step, ...]

    def explain(self, lang: Language = "en") -> str:
        """The explanation as numbered lines of text, in Swedish (``sv``) or English (``en``)."""
        return "\n".join(f"{n}. {step.text(lang)}" for n, step in enumerate(self.steps, 1))

    def as_dict(self) -> dict[str, object]:
        """The result as JSON-ready data (dates as ISO strings)."""
        return {
            "id": self.case.id,
            "level": self.case.level.value,
            "start": self.case.start.isoformat(),
            "clock_start": self.clock_start.isoformat(),
            "as_of": self.as_of.isoformat(),
            "deadline": _iso(self.deadline),
            "status": self.status.value,
            "limit_days": self.limit_days,
            "excluded_days": self.excluded_days,
            "days_waited": self.days_waited,
            "days_left": self.days_left,
            "days_over": self.days_over,
            "care_elsewhere": self.care_elsewhere,
            "completed": _iso(self.case.completed),
            "booked": _iso(self.case.booked),
            "rule": self.rule.as_dict(),
            "alternatives": [
                {
                    "deadline": a.deadline.isoformat(),
                    "reading": a.reading,
                    "reading_sv": a.reading_sv,
                    "source": a.source,
                }
                for a in self.alternatives
            ],
            "explanation": [step.as_dict() for step in self.steps],
        }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


# -- the counting core, shared with the waiting-list fast path ----------------------------------


def merge_exclusions(
    exclusions: Sequence[Exclusion], after: date
) -> list[tuple[date, date, frozenset[ExclusionReason]]]:
    """Merge exclusion periods into disjoint ones, keeping only days after *after*.

    Overlapping and adjacent periods join (across reasons); days on or before *after* (the
    clock's start, day 0) are cut off. The result is sorted and does not depend on the order
    of *exclusions*.

    >>> from datetime import date
    >>> merged = merge_exclusions(
    ...     [Exclusion("pvv", date(2025, 4, 10), date(2025, 4, 20)),
    ...      Exclusion("mov", date(2025, 4, 1), date(2025, 4, 12))],
    ...     after=date(2025, 3, 1),
    ... )
    >>> [(str(start), str(end), sorted(r.value for r in reasons)) for start, end, reasons in merged]
    [('2025-04-01', '2025-04-20', ['mov', 'pvv'])]
    """
    return merge_spans(((e.start, e.end, e.reason) for e in exclusions), after)


def merge_spans(
    spans: Iterable[tuple[date, date, ExclusionReason]], after: date
) -> list[tuple[date, date, frozenset[ExclusionReason]]]:
    """:func:`merge_exclusions` on plain ``(start, end, reason)`` tuples."""
    first_day = after + _ONE_DAY
    merged: list[tuple[date, date, frozenset[ExclusionReason]]] = []
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


def extend_deadline(
    deadline: date, merged: Sequence[tuple[date, date, frozenset[ExclusionReason]]]
) -> tuple[date, list[bool]]:
    """Extend *deadline* by the merged exclusion periods that count.

    A period counts when it begins on or before the deadline as extended so far; it then
    counts in full, even past the deadline.

    Returns:
        The extended deadline, and for each period whether it counted.

    >>> from datetime import date
    >>> reasons = frozenset({ExclusionReason.MOV})
    >>> extend_deadline(date(2025, 5, 30), [
    ...     (date(2025, 5, 25), date(2025, 6, 3), reasons),   # straddles: all 10 days
    ...     (date(2025, 6, 9), date(2025, 6, 9), reasons),    # inside the extension
    ...     (date(2025, 6, 20), date(2025, 6, 21), reasons),  # after: ignored
    ... ])
    (datetime.date(2025, 6, 10), [True, True, False])
    """
    counted: list[bool] = []
    for start, end, _reasons in merged:
        if start <= deadline:
            deadline += (end - start) + _ONE_DAY
            counted.append(True)
        else:
            counted.append(False)
    return deadline, counted


def _excluded_within(
    merged: Sequence[tuple[date, date, frozenset[ExclusionReason]]],
    counted: Sequence[bool],
    until: date,
) -> int:
    total = 0
    for (start, end, _reasons), counts in zip(merged, counted, strict=True):
        if counts and start <= until:
            total += (min(end, until) - start).days + 1
    return total


def check_exclusions(rule: Rule, exclusions: Sequence[Exclusion]) -> None:
    """Refuse exclusions the rule does not allow, citing why.

    Raises:
        ExclusionNotAllowedError: an exclusion on a level without exclusions (contact,
            assessment: HSF 6 kap. 2 § covers only 1 § 3 and 4), or a reason the rule version
            does not know (``region`` before 2017-04-01).
    """
    for exclusion in exclusions:
        if exclusion.reason in rule.exclusion_reasons:
            continue
        if not rule.exclusion_reasons:
            raise ExclusionNotAllowedError(
                f"level {rule.level.value!r} has no exclusions: time may be left out only for "
                "the 90-day steps, HSF (2017:80) 6 kap. 2 § ('1 § 3 eller 4')"
            )
        allowed = ", ".join(sorted(reason.value for reason in rule.exclusion_reasons))
        raise ExclusionNotAllowedError(
            f"exclusion {exclusion.reason.value!r} is not allowed under {rule.id} "
            f"({rule.exclusion_citation}); allowed: {allowed}"
            + (
                "; care chosen in another region is an exclusion only from 2017-04-01, "
                "HSF (2017:80) 6 kap. 2 § 2"
                if exclusion.reason is ExclusionReason.REGION
                else ""
            )
        )


def classify(
    *,
    deadline: date,
    as_of: date,
    completed: date | None,
    booked: date | None,
    care_elsewhere_applies: bool,
    at_risk_days: int,
) -> tuple[Status, int | None, int | None, bool]:
    """Status, days left, days over and care elsewhere for a covered case.

    A completion after *as_of* has not happened yet as of that day; a booking before *as_of*
    that was not completed no longer counts as a booking.
    """
    return _classify(deadline, as_of, completed, booked, care_elsewhere_applies, at_risk_days)


def _classify(
    deadline: date,
    as_of: date,
    completed: date | None,
    booked: date | None,
    care_elsewhere_applies: bool,
    at_risk_days: int,
) -> tuple[Status, int | None, int | None, bool]:
    if completed is not None and completed <= as_of:
        if completed <= deadline:
            return Status.MET, None, None, False
        return Status.MISSED, None, (completed - deadline).days, False
    if as_of > deadline:
        return Status.OVERDUE, None, (as_of - deadline).days, care_elsewhere_applies
    days_left = (deadline - as_of).days
    if booked is not None and booked >= as_of:
        if booked > deadline:
            return Status.AT_RISK, days_left, None, care_elsewhere_applies
        return Status.WITHIN, days_left, None, False
    if days_left <= at_risk_days:
        return Status.AT_RISK, days_left, None, False
    return Status.WITHIN, days_left, None, False


def _statutory(rule: Rule) -> Rule:
    """The national rule under a regional one (a regional rule's ``base``), else *rule*."""
    while rule.base is not None:
        rule = rule.base
    return rule


def _care_elsewhere_applies(rule: Rule) -> bool:
    """HSL 9 kap. 2 § covers the 90-day steps (1 § 3 and 4), not the BUP target."""
    statutory = _statutory(rule)
    return statutory.level in _NINETY_DAY_LEVELS and statutory.kind is not RuleKind.TARGET


def statutory_deadline(
    rule: Rule,
    clock_start: date,
    merged: Sequence[tuple[date, date, frozenset[ExclusionReason]]],
    policy: Policy,
    cal: SwedishCalendar,
) -> date:
    """The deadline under the national rule beneath *rule* (itself, if it is not regional).

    This is the deadline HSL 9 kap. 2 § speaks of: a region's own, shorter limit makes a case
    overdue sooner, but the duty to arrange care elsewhere arises at the national one. So
    ``care_elsewhere`` is the :func:`classify` of the case against this deadline.
    """
    statutory = _statutory(rule)
    deadline, _ = extend_deadline(clock_start + timedelta(days=statutory.days), merged)
    return cal.roll_forward(deadline) if policy.roll_forward else deadline


# -- evaluate ------------------------------------------------------------------------------------


def evaluate(
    case: Case,
    *,
    as_of: date,
    rules: RuleSet = NATIONAL,
    policy: Policy = Policy(),
    calendar: SwedishCalendar | None = None,
) -> Result:
    """Evaluate *case* as of *as_of*: deadline, status, figures, alternatives, explanation.

    Args:
        case: the case.
        as_of: the day the status is for (never read from the clock: pass it).
        rules: the rule set (default: the national vårdgaranti).
        policy: where the law leaves room: roll-forward and the at-risk window.
        calendar: the Swedish calendar to use (default: a shared one).

    Returns:
        A frozen :class:`Result`.

    Raises:
        NoRuleInForceError: no rule was in force on the case's start.
        ExclusionNotAllowedError: an exclusion the rule does not allow.
        InvalidCaseError: *as_of* is before the clock's start.

    The SKR worked example: contact sought 5 March 2021, assessment by 8 March.

    >>> from datetime import date
    >>> case = Case(level="assessment", start=date(2021, 3, 5), completed=date(2021, 3, 8))
    >>> result = evaluate(case, as_of=date(2021, 3, 31))
    >>> result.deadline, result.status.value, result.days_waited
    (datetime.date(2021, 3, 8), 'met', 3)

    A deadline on a Sunday stays there unless Lag (1930:173) is asked for; the other
    reading is always in ``alternatives``:

    >>> visit = Case(level="visit", start=date(2025, 3, 3))
    >>> evaluate(visit, as_of=date(2025, 3, 3)).deadline
    datetime.date(2025, 6, 1)
    >>> evaluate(visit, as_of=date(2025, 3, 3), policy=Policy(roll_forward=True)).deadline
    datetime.date(2025, 6, 2)
    """
    if not isinstance(case, Case):
        raise InvalidTypeError(f"evaluate() takes a Case, not {type(case).__name__}")
    as_of = as_date(as_of, "as_of")
    if not isinstance(rules, RuleSet):
        raise InvalidTypeError(
            f"rules must be a RuleSet (NATIONAL, BUP or rule_set(...)), not {type(rules).__name__}"
        )
    if not isinstance(policy, Policy):
        raise InvalidTypeError(f"policy must be a Policy, not {type(policy).__name__}")
    if calendar is not None and not isinstance(calendar, SwedishCalendar):
        raise InvalidTypeError(
            f"calendar must be a SwedishCalendar or None, not {type(calendar).__name__}"
        )
    cal = calendar or _DEFAULT_CALENDAR
    rule = rules.rule_for(case.level, case.start)
    check_exclusions(rule, case.exclusions)
    given = case
    later: list[Step] = []
    # As of a day, restarts and waivers after it have not happened yet (like a completion):
    # the latest restart on or before it starts the period, the waiver in effect on it counts.
    restart = case.restart_on(as_of)
    for day in case.restarts:
        if day > as_of:
            later.append(
                Step(
                    "restart-later",
                    (day,),
                    None,
                    sv=f"Omstarten {day} ligger efter {as_of} och räknas inte ännu.",
                    en=f"The restart on {day} is after {as_of} and does not count yet.",
                )
            )
    waived = case.waived_on(as_of)
    if case.restarts != ((restart,) if restart else ()) or case.waivers != (
        (waived,) if waived else ()
    ):
        case = attrs.evolve(case, restart=restart, waived=waived)
    if as_of < case.clock_start:
        raise InvalidCaseError(
            f"as-of date {as_of.isoformat()} is before the clock's start "
            f"{case.clock_start.isoformat()}"
        )
    try:
        result = _evaluate(case, rule, as_of, rules, policy, cal, later)
    except OverflowError:
        raise InvalidCaseError(overflow_cause(case.clock_start, rule.days)) from None
    return result if given is case else attrs.evolve(result, case=given)


def overflow_cause(clock_start: date, days: int) -> str:
    """What pushed a deadline past 9999-12-31: the start itself, or the exclusions."""
    try:
        clock_start + timedelta(days=days)
    except OverflowError:
        return (
            f"start: the deadline ({clock_start.isoformat()} + {days} days) would fall after "
            "9999-12-31"
        )
    return "exclusions: the deadline would fall after 9999-12-31"


def _evaluate(
    case: Case,
    rule: Rule,
    as_of: date,
    rules: RuleSet,
    policy: Policy,
    cal: SwedishCalendar,
    later: list[Step],
) -> Result:
    clock_start = case.clock_start
    steps = [_rule_step(rule), *_start_steps(case, rule), *later]

    if (
        case.listed is False
        and rule.listing_citation is None
        and rule.base is None
        and case.level in (Level.CONTACT, Level.ASSESSMENT)
    ):
        steps.append(
            Step(
                "listing-not-required",
                (case.start,),
                "HSL (2017:30) 9 kap. 1 § 2 st. (Lag 2022:273), i kraft 2022-07-01",
                sv="Patienten är inte listad, men kravet på listning gäller först från "
                "2022-07-01; garantin gäller.",
                en="The patient is not listed, but the listing requirement applies only "
                "from 2022-07-01; the guarantee applies.",
            )
        )
    uncovered = _not_covered_step(case, rule, as_of)
    if uncovered is not None:
        steps.append(uncovered)
        return Result(
            case=case,
            rule=rule,
            as_of=as_of,
            clock_start=clock_start,
            status=Status.NOT_COVERED,
            deadline=None,
            limit_days=rule.days,
            excluded_days=0,
            days_waited=None,
            days_left=None,
            days_over=None,
            care_elsewhere=False,
            alternatives=(),
            steps=tuple(steps),
        )

    base = clock_start + timedelta(days=rule.days)
    steps.append(
        Step(
            "limit",
            (clock_start, base),
            _CALENDAR_DAYS_SOURCE,
            sv=f"Gränsen är {rule.days} kalenderdagar: {clock_start} är dag 0, så sista dagen "
            f"är {base} (den dagen räknas som i tid).",
            en=f"The limit is {rule.days} calendar days: {clock_start} is day 0, so the last "
            f"day is {base} (that day is on time).",
        )
    )
    merged = merge_exclusions(case.exclusions, clock_start)
    calendar_deadline, counted = extend_deadline(base, merged)
    steps.extend(_exclusion_steps(case, rule, merged, counted))
    excluded_days = (calendar_deadline - base).days

    deadline = calendar_deadline
    alternatives: list[Alternative] = []
    try:
        rolled = cal.roll_forward(calendar_deadline)
    except UnsupportedYearError:
        if policy.roll_forward:
            raise
        rolled = calendar_deadline  # past 2100: the Lag (1930:173) reading cannot be given
    if rolled != calendar_deadline:
        holiday_names = ", ".join(cal.holiday_names(calendar_deadline))
        names = holiday_names or _WEEKDAYS_SV[calendar_deadline.weekday()]
        names_en = holiday_names or _WEEKDAYS_EN[calendar_deadline.weekday()]
        if policy.roll_forward:
            deadline = rolled
            steps.append(
                Step(
                    "roll-forward",
                    (calendar_deadline, rolled),
                    _ROLL_CITATION,
                    sv=f"{calendar_deadline} är inte en vardag ({names}); enligt vald policy "
                    f"flyttas sista dagen till nästa vardag, {rolled}.",
                    en=f"{calendar_deadline} is not a vardag ({names_en}); by the chosen policy "
                    f"the last day moves to the next vardag, {rolled}.",
                )
            )
            alternatives.append(
                Alternative(
                    calendar_deadline,
                    "calendar days: the last day stays on a non-vardag (practice)",
                    _CALENDAR_DAYS_SOURCE,
                    "kalenderdagar: sista dagen ligger kvar på en dag som inte är vardag (praxis)",
                )
            )
        else:
            alternatives.append(
                Alternative(
                    rolled,
                    f"{calendar_deadline} is not a vardag ({names_en}); under Lag (1930:173) 2 § "
                    "the last day would move to the next vardag",
                    _ROLL_CITATION,
                    f"{calendar_deadline} är inte en vardag ({names}); enligt lag (1930:173) 2 § "
                    "skulle sista dagen flyttas till nästa vardag",
                )
            )
    care_deadline = (
        deadline
        if rule.base is None
        else statutory_deadline(rule, clock_start, merged, policy, cal)
    )
    alternatives.extend(
        _other_alternatives(case, rule, rules, policy, cal, deadline, care_deadline)
    )
    steps.append(
        Step(
            "deadline",
            (deadline,),
            None,
            sv=f"Sista dagen för vård i tid: {deadline}.",
            en=f"Last day for care on time: {deadline}.",
        )
    )

    completed = case.completed if case.completed is not None and case.completed <= as_of else None
    care_applies = _care_elsewhere_applies(rule)
    status, days_left, days_over, care_elsewhere = _classify(
        deadline, as_of, completed, case.booked, care_applies, policy.at_risk_days
    )
    if care_deadline != deadline:  # a regional rule: the duty follows the national deadline
        care_elsewhere = _classify(
            care_deadline, as_of, completed, case.booked, care_applies, policy.at_risk_days
        )[3]
    until = completed if completed is not None else as_of
    days_waited = (until - clock_start).days - _excluded_within(merged, counted, until)
    steps.append(_status_step(status, case, rule, deadline, as_of, completed, days_left, days_over))
    if care_elsewhere:
        steps.append(_care_elsewhere_step(rule, status, care_deadline))
    return Result(
        case=case,
        rule=rule,
        as_of=as_of,
        clock_start=clock_start,
        status=status,
        deadline=deadline,
        limit_days=rule.days,
        excluded_days=excluded_days,
        days_waited=days_waited,
        days_left=days_left,
        days_over=days_over,
        care_elsewhere=care_elsewhere,
        alternatives=tuple(alternatives),
        steps=tuple(steps),
    )


def _deadline_for(
    start: date,
    days: int,
    exclusions: Sequence[Exclusion],
    policy: Policy,
    cal: SwedishCalendar,
) -> date:
    deadline, _ = extend_deadline(start + timedelta(days=days), merge_exclusions(exclusions, start))
    return cal.roll_forward(deadline) if policy.roll_forward else deadline


def _other_alternatives(
    case: Case,
    rule: Rule,
    rules: RuleSet,
    policy: Policy,
    cal: SwedishCalendar,
    deadline: date,
    national_deadline: date,
) -> list[Alternative]:
    found: list[Alternative] = []
    other = case.alternative_start
    other_rule = None
    if other is not None and case.restart is None:
        # Under the other reading no rule may have been in force: then it has no deadline.
        with contextlib.suppress(NoRuleInForceError):
            other_rule = rules.rule_for(case.level, other.start)
    if other is not None and other_rule is not None:
        other_deadline = _deadline_for(other.start, other_rule.days, case.exclusions, policy, cal)
        if other_deadline != deadline:
            found.append(
                Alternative(
                    other_deadline,
                    f"clock starts {other.start}: {other.reading}",
                    other.source,
                    f"tiden räknas från {other.start}: {other.reading}",
                )
            )
    if rule.base is not None and national_deadline != deadline:
        found.append(
            Alternative(
                national_deadline,
                f"the {rule.base.days}-day limit that the regional rule shortens",
                rule.base.citation.text,
                f"den gräns på {rule.base.days} dagar som den regionala regeln kortar",
            )
        )
    return found


def _care_elsewhere_step(rule: Rule, status: Status, deadline: date) -> Step:
    statutory = _statutory(rule)
    citation = statutory.care_elsewhere_citation
    agreement = statutory.kind is RuleKind.AGREEMENT
    national = " (bedömt mot den nationella fristen)" if rule.base else ""
    national_en = " (judged by the national deadline)" if rule.base else ""
    if status is Status.OVERDUE:
        sv = (
            "Enligt överenskommelsen ska vård erbjudas hos en annan vårdgivare"
            if agreement
            else "Regionen ska se till att patienten får vård hos en annan vårdgivare utan "
            "extra kostnad för patienten"
        )
        en = (
            "Under the agreement (not statute), care with another provider is to be offered"
            if agreement
            else "The region must arrange care with another provider at no extra cost to "
            "the patient"
        )
    else:  # booked after a deadline that has not passed yet
        sv = (
            f"Den bokade tiden ligger efter sista dagen: boka om senast {deadline} eller "
            f"erbjud vård hos en annan vårdgivare, som krävs från {deadline + _ONE_DAY}"
        )
        en = (
            f"The booking is after the last day: rebook by {deadline} or offer care with "
            f"another provider, which is required from {deadline + _ONE_DAY}"
        )
    return Step(
        "care-elsewhere",
        (deadline,),
        citation.text if citation else None,
        sv=f"{sv}{national}.",
        en=f"{en}{national_en}.",
    )


_KIND_SV: Final = {
    RuleKind.STATUTE: "författning",
    RuleKind.AGREEMENT: "överenskommelse",
    RuleKind.TARGET: "målsättning",
    RuleKind.REGIONAL: "regionalt beslut",
}
_WEEKDAYS_EN: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS_SV: Final = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


def _rule_step(rule: Rule) -> Step:
    until = f"–{rule.effective_to}" if rule.effective_to else "–"
    return Step(
        "rule",
        (rule.effective_from,),
        rule.citation.text,
        sv=f"Regel {rule.id} ({_KIND_SV[rule.kind]}, i kraft {rule.effective_from}{until}): "
        f"{_dagar(rule.days)} från det att {rule.start_text}.",
        en=f"Rule {rule.id} ({rule.kind.value}, in force {rule.effective_from}{until}): "
        f"{rule.description}.",
    )


def _start_steps(case: Case, rule: Rule) -> list[Step]:
    how = case.start_note or rule.start_text
    steps = [
        Step(
            "start",
            (case.start,),
            rule.citation.text,
            sv=f"Tiden räknas från {case.start} ({how}); den dagen är dag 0.",
            en=f"The clock starts on {case.start} ({how}); that day is day 0.",
        )
    ]
    if case.restart is not None:
        steps.append(
            Step(
                "restart",
                (case.restart,),
                "SKR FAQ 2023; 1177 Vårdgaranti",
                sv=f"Ny hel period från {case.restart}: vårdgarantin räknas på nytt från det "
                "datum patienten meddelade sitt ändrade beslut.",
                en=f"A new full period from {case.restart}: the guarantee counts again from "
                "the day the patient reported the change of mind.",
            )
        )
    return steps


def _not_covered_step(case: Case, rule: Rule, as_of: date) -> Step | None:
    if rule.listing_citation is not None and case.listed is False:
        return Step(
            "not-covered",
            (case.start,),
            rule.listing_citation.text,
            sv="Patienten är inte listad hos utföraren; hos en vårdvalsutförare gäller "
            "tillgänglighets- och bedömningsgarantin endast för listade patienter.",
            en="The patient is not listed with the provider; at a vårdval provider the contact "
            "and assessment guarantees apply only to listed patients.",
        )
    waived = case.waived
    if waived is not None and waived <= as_of and (case.restart is None or case.restart < waived):
        return Step(
            "not-covered",
            (waived,),
            "SKR FAQ 2023; 1177 Vårdgaranti",
            sv=f"Patienten tackade {waived} nej till vård hos annan vårdgivare och därmed "
            "till vårdgarantin; den gäller igen från det datum patienten ändrar sig.",
            en=f"On {waived} the patient declined care elsewhere and with it the "
            "guarantee; it applies again from the day the patient changes their mind.",
        )
    return None


def _exclusion_steps(
    case: Case,
    rule: Rule,
    merged: Sequence[tuple[date, date, frozenset[ExclusionReason]]],
    counted: Sequence[bool],
) -> list[Step]:
    citation = rule.exclusion_citation.text if rule.exclusion_citation else None
    steps: list[Step] = []
    first_day = case.clock_start + timedelta(days=1)
    for exclusion in sorted(case.exclusions):
        if exclusion.end < first_day:
            steps.append(
                Step(
                    "exclusion-before-start",
                    (exclusion.start, exclusion.end),
                    citation,
                    sv=f"Undantaget {exclusion} ligger före dag 0 och räknas inte.",
                    en=f"Exclusion {exclusion} lies before day 0 and does not count.",
                )
            )
    for (start, end, reasons), counts in zip(merged, counted, strict=True):
        codes = "+".join(sorted(reason.value for reason in reasons))
        days = (end - start).days + 1
        if counts:
            steps.append(
                Step(
                    "exclusion-counted",
                    (start, end),
                    citation,
                    sv=f"{start}–{end} ({codes}) räknas inte: sista dagen flyttas fram "
                    f"{_dagar(days)}.",
                    en=f"{start} to {end} ({codes}) is not counted: the last day moves "
                    f"{_days(days)}.",
                )
            )
        else:
            steps.append(
                Step(
                    "exclusion-after-deadline",
                    (start, end),
                    "SKR FAQ 2021-03-10: avvikelse kan inte anges när garantin inte uppfylls",
                    sv=f"{start}–{end} ({codes}) börjar efter sista dagen och flyttar den inte.",
                    en=f"{start} to {end} ({codes}) begins after the last day and does not move "
                    "it.",
                )
            )
    return steps


def _status_step(
    status: Status,
    case: Case,
    rule: Rule,
    deadline: date,
    as_of: date,
    completed: date | None,
    days_left: int | None,
    days_over: int | None,
) -> Step:
    target = _statutory(rule).kind is RuleKind.TARGET
    noun_sv, noun_en = ("målet", "the target") if target else ("garantin", "the guarantee")
    left_sv, left_en = _dagar(days_left or 0), _days(days_left or 0)
    over_sv, over_en = _dagar(days_over or 0), _days(days_over or 0)
    booked = case.booked if case.booked is not None and case.booked >= as_of else None
    texts: dict[Status, tuple[str, str]] = {
        Status.MET: (
            f"Vården gavs {completed}, senast på sista dagen: {noun_sv} uppfylldes.",
            f"Care was given on {completed}, on or before the last day: {noun_en} was met.",
        ),
        Status.MISSED: (
            f"Vården gavs {completed}, {over_sv} efter sista dagen: {noun_sv} uppfylldes inte.",
            f"Care was given on {completed}, {over_en} after the last day: {noun_en} was missed.",
        ),
        Status.OVERDUE: (
            f"Per {as_of} har sista dagen passerats med {over_sv}.",
            f"As of {as_of} the last day has passed by {over_en}.",
        ),
        Status.AT_RISK: (
            f"Per {as_of}: {left_sv} kvar"
            + (
                f"; bokad {booked}, efter sista dagen."
                if _late(case, deadline, as_of)
                else ", ingen bokning."
            )
            + f" Risk att {noun_sv} inte uppfylls.",
            f"As of {as_of}: {left_en} left"
            + (
                f"; booked for {booked}, after the last day."
                if _late(case, deadline, as_of)
                else ", no booking."
            )
            + f" At risk of missing {noun_en}.",
        ),
        Status.WITHIN: (
            f"Per {as_of}: {left_sv} kvar"
            + (f"; bokad {booked}." if booked else ".")
            + f" Inom {noun_sv}.",
            f"As of {as_of}: {left_en} left"
            + (f"; booked for {booked}." if booked else ".")
            + f" Within {noun_en}.",
        ),
    }
    sv, en = texts[status]
    return Step(f"status-{status.value}", (as_of,), None, sv=sv, en=en)


def _dagar(n: int) -> str:
    return "1 dag" if n == 1 else f"{n} dagar"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _late(case: Case, deadline: date, as_of: date) -> bool:
    return case.booked is not None and case.booked >= as_of and case.booked > deadline
