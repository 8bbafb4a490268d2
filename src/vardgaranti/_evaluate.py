"""``evaluate()``: one case, as of a day, through the core; the explanation on demand.

The figures come from :mod:`vardgaranti._core` (the same functions ``vardgaranti check`` uses
for a whole file); the steps and alternatives from :mod:`vardgaranti._explain`, built only when
first asked for.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date
from typing import Final

import attrs

from ._calendar import SwedishCalendar
from ._case import Case, Exclusion
from ._core import (
    NOT_COVERED_OUTCOME,
    Plan,
    Policy,
    Span,
    Status,
    Uncovered,
    care_elsewhere_duty,
    check_as_of,
    check_exclusions,
    check_policy,
    check_restart_level,
    check_rules,
    judge,
    judge_deviation,
    merge_spans,
    not_covered,
    overflow_cause,
    plan,
)
from ._dates import as_date
from ._explain import Alternative, Explained, Step, alternatives, explain_lines, steps
from ._messages import Lang
from ._rules import NATIONAL, Rule, RuleSet
from ._text import echo
from .errors import InvalidCaseError, InvalidTypeError, InvalidValueError

__all__ = ["Result", "evaluate", "merge_exclusions"]

_DEFAULT_CALENDAR: Final = SwedishCalendar()
_DEFAULT_POLICY: Final = Policy()


def merge_exclusions(
    exclusions: list[Exclusion] | tuple[Exclusion, ...], after: date
) -> list[Span]:
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

    Args:
        exclusions: the periods (:class:`Exclusion` values), in any order; they may overlap.
        after: the clock's start (day 0): the days on or before it are cut off.

    Returns:
        The merged periods, sorted: each a tuple of its first day, its last day (both counted)
        and the frozenset of the reasons merged into it. Periods wholly on or before *after*
        are left out.

    Raises:
        InvalidTypeError: *exclusions* is not a list of :class:`Exclusion` values (field
            ``exclusions``).
        DateTypeError: *after* is not a date (field ``after``).
        InvalidValueError: *after*, or a period that another follows, is 9999-12-31 (no day
            after it; field ``after`` or ``exclusions``).
    """
    if isinstance(exclusions, (str, bytes)) or not isinstance(exclusions, Iterable):
        raise InvalidTypeError(
            f"give a list of Exclusion values, not {type(exclusions).__name__}",
            field="exclusions",
        )
    exclusions = tuple(exclusions)
    for position, exclusion in enumerate(exclusions, 1):
        if not isinstance(exclusion, Exclusion):
            raise InvalidTypeError(
                f"item {position} is {type(exclusion).__name__} {echo(exclusion)}, not an "
                "Exclusion (e.g. Exclusion('mov', date(2025, 4, 1), date(2025, 4, 14)))",
                field="exclusions",
            )
    if type(after) is not date:
        after = as_date(after, "after")
    try:
        return merge_spans(((e.start, e.end, e.reason) for e in exclusions), after)
    except OverflowError:  # (a day after 9999-12-31 reached: day 0, or a period, at the end)
        if after == date.max:
            raise InvalidValueError(
                "the clock's start is 9999-12-31, the last date: no day after it counts",
                field="after",
            ) from None
        raise InvalidValueError(
            "a period reaches 9999-12-31, the last date, and another follows its start: the "
            "periods cannot be merged past the last date",
            field="exclusions",
        ) from None


@attrs.frozen(slots=True)
class Result:
    """A case evaluated as of a day. Every figure is in calendar days.

    Attributes:
        case: the case evaluated.
        rule: the rule applied.
        as_of: the day the status is for.
        clock_start: the day the counted period started as of *as_of*: the start, or the
            latest restart on or before *as_of*.
        status: within, at_risk, overdue, met, missed, not_covered or deviation (a national
            row with a deviation code and no dates: not judged, see :class:`Status`).
        deadline: the last day care is on time (``None`` when not covered).
        limit_days: the rule's limit.
        excluded_days: how many days exclusions moved the deadline.
        days_waited: days from the clock's start to completion (or as-of), excluded days not
            counted.
        days_left: for an open case not yet overdue, days from as-of to the deadline.
        days_over: for an overdue or missed case, days past the deadline.
        care_elsewhere: a visit or treatment case that is overdue (the region must arrange
            care elsewhere: HSL 9 kap. 2 §, PL 2 kap. 4 §), or booked after its deadline (the
            region must rebook it by the deadline or arrange care elsewhere, which the law
            requires from the day after it).
            Under a regional rule it is judged by the national deadline (the statutory duty),
            and under the BUP target by the law's 90 days beneath its first assessment and
            treatment (the target itself is not statute; the deepened assessment: never).
        uncovered: why the guarantee does not apply, when the status is ``not_covered``.
        plan: the core's :class:`~vardgaranti.Plan` (deadlines and exclusions counted),
            ``None`` when not covered.
        alternatives: other readings under which the deadline would differ (built when first
            asked for).
        steps: the explanation, step by step (built when first asked for).
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
    uncovered: Uncovered | None
    plan: Plan | None = attrs.field(repr=False, eq=False)
    #: What the explanation needs beyond the figures: the case as evaluated (restarts and
    #: waivers as of the day), the rule set, the policy, the calendar, the later restarts.
    _context: tuple[Case, RuleSet, Policy, SwedishCalendar, tuple[date, ...]] = attrs.field(
        repr=False, eq=False, alias="context"
    )

    @functools.cached_property
    def _explained(self) -> Explained:
        case, rules, policy, calendar, later = self._context
        return Explained(
            case,
            self.rule,
            rules,
            self.as_of,
            policy,
            calendar,
            self.plan,
            self.status,
            self.days_left,
            self.days_over,
            self.care_elsewhere,
            self.uncovered,
            later,
            case.deviation,
        )

    @functools.cached_property
    def steps(self) -> tuple[Step, ...]:
        """The explanation, step by step, each step citing its source."""
        return steps(self._explained)

    @functools.cached_property
    def alternatives(self) -> tuple[Alternative, ...]:
        """Other readings under which the deadline would differ, with their sources."""
        return alternatives(self._explained)

    def explain(self, lang: Lang = "en") -> str:
        """The explanation as numbered lines of text, in Swedish (``sv``) or English (``en``).

        Args:
            lang: ``sv`` or ``en``.

        Returns:
            One line per step of :attr:`steps`, numbered from 1, each with its citation in
            square brackets when it has one; the lines joined by newlines.

        Raises:
            InvalidValueError: *lang* is not ``sv`` or ``en`` (field ``lang``).
        """
        return explain_lines(self.steps, lang)

    def letter(self, lang: Lang = "sv", *, contact: str | None = None) -> str:
        """A letter to the patient about this result, in plain Swedish (or English).

        What a vårdlots tells a patient: the latest day (and the days not counted, with their
        reasons, or the restart that moved it), what happens if the region cannot
        meet it (care with another provider, arranged and paid by the region), what declining
        means, and whom to contact; the law on the last line (``Lagstöd``). See
        :func:`vardgaranti._letters.letter`.

        Args:
            lang: ``sv`` or ``en``.
            contact: whom the patient should contact, as one line (e.g. a unit and its
                telephone number); by default the letter says to contact its sender ("Kontakta
                oss som har skickat brevet").

        Returns:
            The letter as plain text, each line ending in a newline, the last line citing the
            law.

        Raises:
            VardgarantiError: the case is closed or not covered, or of the contact level (its
                day has passed before a letter arrives): no letter to write.
        """
        from ._letters import letter

        return letter(self, lang, contact=contact)

    def as_dict(self) -> dict[str, object]:
        """The result as JSON-ready data (dates as ISO strings); see the CLI reference."""
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
            "not_covered_reason": None if self.uncovered is None else self.uncovered.value,
            "completed": _iso(self.case.completed),
            "booked": _iso(self.case.booked),
            "rule": self.rule.as_dict(),
            "alternatives": [a.as_dict() for a in self.alternatives],
            "explanation": [step.as_dict() for step in self.steps],
        }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def evaluate(
    case: Case,
    *,
    as_of: date,
    rules: RuleSet = NATIONAL,
    policy: Policy = _DEFAULT_POLICY,
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
        A frozen :class:`Result`; its steps and alternatives are built when first asked for.

    Raises:
        NoRuleInForceError: no rule was in force on the case's start.
        ExclusionNotAllowedError: an exclusion the rule does not allow.
        InvalidCaseError: *as_of* is before the clock's start.
        InvalidTypeError: an argument of the wrong type.

    The SKR worked example: contact sought 5 March 2021, assessment by 8 March.

    >>> from datetime import date
    >>> case = Case(level="assessment", start=date(2021, 3, 5), completed=date(2021, 3, 8))
    >>> result = evaluate(case, as_of=date(2021, 3, 31))
    >>> result.deadline, result.status.value, result.days_waited
    (datetime.date(2021, 3, 8), 'met', 3)

    A deadline on a Sunday stays there unless Lag (1930:173) is asked for; the other
    reading is in ``alternatives`` for the rules the act can cover (the national statute
    periods from 2010-07-01: not the 2005 agreement, the BUP target, the same-day contact or a
    region's own limit) wherever the calendar can tell the next vardag (a deadline in the
    calendar's years, 1990–2100: past its last day, there is none to give):

    >>> visit = Case(level="visit", start=date(2025, 3, 3))
    >>> evaluate(visit, as_of=date(2025, 3, 3)).deadline
    datetime.date(2025, 6, 1)
    >>> evaluate(visit, as_of=date(2025, 3, 3), policy=Policy(roll_forward=True)).deadline
    datetime.date(2025, 6, 2)
    """
    if type(case) is not Case and not isinstance(case, Case):
        raise InvalidTypeError(f"evaluate() takes a Case, not {type(case).__name__}", field="case")
    if type(as_of) is not date:
        as_of = as_date(as_of, "as_of")
    if type(rules) is not RuleSet:
        check_rules(rules)
    if type(policy) is not Policy:
        check_policy(policy)
    if calendar is None:
        calendar = _DEFAULT_CALENDAR
    elif not isinstance(calendar, SwedishCalendar):
        raise InvalidTypeError(
            f"calendar must be a SwedishCalendar or None, not {type(calendar).__name__}",
            field="calendar",
        )
    rule = rules.rule_for(case.level, case.start)
    if (case.waivers or case.restarts) and not rule.care_elsewhere_applies:
        # (a waiver declines care elsewhere: the 0- and 3-day steps and the BUP deepened
        # assessment bring none, HSL 9 kap. 2 §, PL 2 kap. 4 § "1 § 3 eller 4")
        if not case.waivers:
            check_restart_level(rule, rules, case.start)  # raises
        duty = care_elsewhere_duty(rules, case.start)
        raise InvalidCaseError(
            f"level {rule.level.value!r} has no care with another provider to decline: a "
            "waiver declines the care elsewhere that only the 90-day steps give"
            + (f", {duty}" if duty else ""),
            field="waived",
        )
    exclusions = case.exclusions
    if exclusions:
        allowed = rule.exclusion_reasons
        for exclusion in exclusions:
            if exclusion.reason not in allowed:
                check_exclusions(rule, (exclusion.reason,))  # raises, citing why
    # As of a day, restarts and waivers after it have not happened yet (like a completion):
    # the latest restart on or before it starts the period, the waiver in effect on it counts.
    given = case
    later: tuple[date, ...] = ()
    waived = None
    if case.restarts or case.waivers:
        restart = case.restart_on(as_of)
        waived = case.waived_on(as_of)
        later = tuple(day for day in case.restarts if day > as_of)
        if case.restarts != ((restart,) if restart else ()) or case.waivers != (
            (waived,) if waived else ()
        ):
            case = attrs.evolve(case, restart=restart, waived=waived)
    clock_start = case.clock_start
    check_as_of(clock_start, as_of, clock_start != case.start)
    uncovered = not_covered(rule, case.listed, waived, case.uncovered)
    planned = None
    if uncovered is None:
        try:
            planned = plan(
                rule,
                clock_start,
                [(e.start, e.end, e.reason) for e in exclusions] if exclusions else (),
                policy,
                calendar,
            )
        except OverflowError:
            # (a region's limit within the year: the law's, that care elsewhere follows, not)
            days = max(rule.days, rule.statutory.days)
            raise overflow_cause(clock_start, days, clock_start != case.start) from None
        if case.deviation is None:
            outcome = judge(planned, as_of, case.completed, case.booked, policy.at_risk_days)
        else:
            outcome = judge_deviation(planned, as_of, case.completed)
    else:
        outcome = NOT_COVERED_OUTCOME
    status, waited, left, over, care = outcome
    return Result(
        given,
        rule,
        as_of,
        clock_start,
        status,
        None if planned is None else planned.deadline,
        rule.days,
        0 if planned is None else planned.excluded_days,
        waited,
        left,
        over,
        care,
        uncovered,
        planned,
        (case, rules, policy, calendar, later),
    )
