"""Explanations: the steps behind a result and the other readings of its deadline.

Built from a case, its plan and its outcome only when first asked for
(:attr:`~vardgaranti.Result.steps`, :meth:`~vardgaranti.Result.explain`,
:attr:`~vardgaranti.Result.alternatives`), in Swedish and English, with every text from the
message catalogue and every step citing its source. Nothing here changes a figure: the
numbers are the core's (:mod:`vardgaranti._core`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Final

import attrs

from ._case import Case
from ._core import Plan, Policy, Status, Uncovered, plan
from ._messages import (
    LANGUAGES,
    Lang,
    check_lang,
    citation_text,
    days,
    has_message,
    holiday_in_text,
    key_of,
    message,
    weekday,
)
from ._rules import BASED_ON, ExclusionReason, Level, Rule, RuleKind, RuleSet
from .errors import NoRuleInForceError, UnsupportedYearError

if TYPE_CHECKING:
    from ._calendar import SwedishCalendar

__all__ = [
    "Alternative",
    "Explained",
    "Step",
    "StepCode",
    "alternatives",
    "care_elsewhere_era",
    "cited",
    "rule_words",
    "steps",
    "uncovered_source",
]

ROLL_CITATION: Final = "Lag (1930:173) om beräkning av lagstadgad tid 2 §"
CALENDAR_DAYS_SOURCE: Final = (
    "SKR, Hur ser vårdgarantins tidsgränser ut? (2021-03-10): kalenderdagar, dag 0"
)
#: The day SKR wrote the counting down: a clock that started before it is counted the same way
#: by the library's reading (docs: counting, "Calendar days").
_CALENDAR_DAYS_WRITTEN: Final = date(2021, 3, 10)
_CALENDAR_DAYS_EARLIER: Final = "tolkning (vardgaranti): samma räkning även före 2021-03-10"
#: A restart: after a waiver withdrawn (SKR, 1177) or an agreed later date regretted
#: (vantetider.se); a waiver itself: SKR and 1177.
_RESTART_SOURCE: Final = "SKR FAQ 2023; 1177 Vårdgaranti; vantetider.se FAQ"
_WAIVED_SOURCE: Final = "SKR FAQ 2023; 1177 Vårdgaranti"
#: The library's own reading (docs: counting; reference §10, open question 2), beside the
#: practice it rests on: SKR says when a deviation may be recorded, not which periods extend.
_AFTER_DEADLINE_SOURCE: Final = (
    "tolkning (vardgaranti): en period som börjar efter sista dagen flyttar den inte; jfr SKR "
    "FAQ 2021-03-10: avvikelse kan inte anges när garantin inte uppfylls"
)
#: What the guarantee does not cover (return visits, investigations, acute care...): practice
#: the sources agree on (reference § 5.5); for specialised care also the national format's
#: phases outside it (``Fas`` 3-5) and its ``Vardgaranti`` no, which a primary-care contact has
#: not (its ``covered`` is the unit's own word: no source beyond it).
_OUT_OF_SCOPE_PRACTICE: Final = "1177; IVO; Region Värmland"
_FORMAT_SOURCE: Final = "SKR, Informationsmodell – Tillgänglighet specialiserad vård 1.1"
_PRIMARY_CARE: Final = frozenset({Level.CONTACT, Level.ASSESSMENT})
_ONE_DAY: Final = timedelta(days=1)
#: The day the statutes' *landsting* became *region* (SFS 2019:973, HSL 9 kap. 2 § among
#: them, in force 2020-01-01): a duty of care elsewhere that arose before it was, in the
#: statute's words, the landsting's.
_REGION_FROM: Final = date(2020, 1, 1)


class StepCode(StrEnum):
    """What a step of an explanation is about (``Step.code``).

    >>> StepCode("roll-forward"), StepCode.STATUS_AT_RISK.value  # "status-" + the Status value
    (<StepCode.ROLL_FORWARD: 'roll-forward'>, 'status-at_risk')
    """

    #: The rule applied, its kind and period in force.
    RULE = "rule"
    #: The day the clock starts (day 0) and why.
    START = "start"
    #: A restart: a new full period from that day.
    RESTART = "restart"
    #: A restart after the as-of day, which has not happened yet.
    RESTART_LATER = "restart-later"
    #: A completion after the as-of day, which has not happened yet: the case is open.
    COMPLETED_LATER = "completed-later"
    #: Not listed, but before the listing rule of 2022-07-01: the guarantee applies.
    LISTING_NOT_REQUIRED = "listing-not-required"
    #: The guarantee does not apply, and why.
    NOT_COVERED = "not-covered"
    #: The limit in calendar days and the deadline before exclusions.
    LIMIT = "limit"
    #: An exclusion wholly on or before day 0.
    EXCLUSION_BEFORE_START = "exclusion-before-start"
    #: An exclusion that begins on or before day 0 and ends after it: cut at day 0.
    EXCLUSION_CUT = "exclusion-cut"
    #: An exclusion period that moved the deadline.
    EXCLUSION_COUNTED = "exclusion-counted"
    #: An exclusion period that began after the deadline and does not move it.
    EXCLUSION_AFTER_DEADLINE = "exclusion-after-deadline"
    #: Lag (1930:173) 2 §: the deadline moved to the next vardag.
    ROLL_FORWARD = "roll-forward"
    #: Roll-forward asked for, but the law does not apply to this rule.
    ROLL_FORWARD_NOT_APPLICABLE = "roll-forward-not-applicable"
    #: The last day for care on time.
    DEADLINE = "deadline"
    #: A deviation code without dates: the case is not judged.
    DEVIATION = "deviation"
    #: Status within.
    STATUS_WITHIN = "status-within"
    #: Status at risk.
    STATUS_AT_RISK = "status-at_risk"
    #: Status overdue.
    STATUS_OVERDUE = "status-overdue"
    #: Status met.
    STATUS_MET = "status-met"
    #: Status missed.
    STATUS_MISSED = "status-missed"
    #: Care with another provider is due.
    CARE_ELSEWHERE = "care-elsewhere"
    #: Care with another provider is due later: a regional limit or the BUP target is passed,
    #: the national deadline the duty follows (HSL 9 kap. 2 §) is not.
    CARE_ELSEWHERE_LATER = "care-elsewhere-later"


def cited(citation: str, lang: Lang) -> str:
    """*citation* as a text in *lang* shows it: a regional rule's "based on" in its words.

    >>> cited("Beslut RS 2024:12 (Region X); based on HSF (2017:80) 6 kap. 1 § 3", "sv")
    'Beslut RS 2024:12 (Region X); grundat på HSF (2017:80) 6 kap. 1 § 3'
    """
    if lang == "en" or BASED_ON not in citation:
        return citation_text(citation, lang)
    # (the overlay's own words come last: a decision may hold "; based on" itself, the built-in
    # rule sets an overlay extends do not)
    head, _, base = citation.rpartition(BASED_ON)
    return f"{head}; {message('citation.based-on', lang)} {base}"


@attrs.frozen
class Step:
    """One step of an explanation.

    A step as :attr:`Result.steps <vardgaranti.Result.steps>` gives it under a regional rule; in
    Swedish the citation's "based on" reads "grundat på":

    >>> from datetime import date
    >>> step = Step(StepCode.START, (date(2025, 3, 3),),
    ...             "RS 2024:12 (Region X); based on HSF (2017:80) 6 kap. 1 § 3",
    ...             "Tiden räknas från 2025-03-03 (remiss utfärdad); den dagen är dag 0.",
    ...             "The clock starts on 2025-03-03 (the remiss was issued); that day is day 0.")
    >>> step.text("sv")
    'Tiden räknas från 2025-03-03 (remiss utfärdad); den dagen är dag 0. [RS 2024:12 (Region X);
    grundat på HSF (2017:80) 6 kap. 1 § 3]'

    Attributes:
        code: what the step is (a :class:`StepCode`, which is also its text value, e.g.
            ``"limit"``).
        dates: the dates the step is about.
        citation: the law or source behind the step, if any.
        sv: the step in Swedish.
        en: the step in English.
    """

    code: StepCode
    dates: tuple[date, ...]
    citation: str | None
    sv: str
    en: str

    def text(self, lang: Lang = "en") -> str:
        """The step in *lang*, with its citation (:func:`cited`).

        Args:
            lang: ``sv`` or ``en``.

        Returns:
            :attr:`sv` or :attr:`en`, followed by the citation in *lang* in square brackets
            when the step has one.

        Raises:
            InvalidValueError: *lang* is not ``sv`` or ``en`` (its field is ``lang``).
        """
        body = self.sv if check_lang(lang) == "sv" else self.en
        return f"{body} [{cited(self.citation, lang)}]" if self.citation else body

    def as_dict(self) -> dict[str, object]:
        """The step as JSON-ready data."""
        return {
            "code": self.code.value,
            "dates": [day.isoformat() for day in self.dates],
            "citation": self.citation,
            "sv": self.sv,
            "en": self.en,
        }


@attrs.frozen
class Alternative:
    """Another reading under which the deadline would differ.

    >>> from datetime import date
    >>> other = Alternative(date(2025, 6, 1), "the 90-day limit that the regional rule shortens",
    ...                     "HSF (2017:80) 6 kap. 1 § 3")
    >>> other.text("sv")  # no Swedish reading given: the English one
    'the 90-day limit that the regional rule shortens'

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

    def text(self, lang: Lang = "en") -> str:
        """The reading in *lang* (Swedish falls back to English where none is given).

        Args:
            lang: ``sv`` or ``en``.

        Returns:
            :attr:`reading_sv` for ``sv`` when it is given, else :attr:`reading`.

        Raises:
            InvalidValueError: *lang* is not ``sv`` or ``en`` (its field is ``lang``).
        """
        return self.reading_sv if check_lang(lang) == "sv" and self.reading_sv else self.reading

    def as_dict(self) -> dict[str, object]:
        """The alternative as JSON-ready data."""
        return {
            "deadline": self.deadline.isoformat(),
            "reading": self.reading,
            "reading_sv": self.reading_sv,
            "source": self.source,
        }


@attrs.frozen
class Explained:
    """What an explanation is built from: a result's inputs and figures.

    Attributes:
        case: the case as evaluated (restarts and waivers as of the day).
        rule: the rule applied.
        rules: the rule set.
        as_of: the as-of day.
        policy: the policy.
        calendar: the calendar.
        plan: the plan, or ``None`` when the case is not covered.
        status: the status.
        days_left: days left.
        days_over: days over.
        care_elsewhere: whether care elsewhere is due.
        uncovered: why the case is not covered, if it is not.
        later_restarts: restarts after the as-of day.
        deviation: a deviation code (``pvv``, ``mov``, ``sov``) without dates, if any.
    """

    case: Case
    rule: Rule
    rules: RuleSet
    as_of: date
    policy: Policy
    calendar: SwedishCalendar
    plan: Plan | None
    status: Status
    days_left: int | None
    days_over: int | None
    care_elsewhere: bool
    uncovered: Uncovered | None = None
    later_restarts: tuple[date, ...] = ()
    deviation: str | None = None


def _step(
    kind: StepCode, dates: tuple[date, ...], citation: str | None, key: str, /, **values: object
) -> Step:
    """A step whose texts are message *key* in both languages.

    A value that is a function of the language (such as a number of days in words) is given
    as a callable taking the language.
    """
    texts = []
    for lang in LANGUAGES:
        filled = {k: (v(lang) if callable(v) else v) for k, v in values.items()}
        texts.append(message(key, lang, **filled))
    return Step(kind, dates, citation, texts[0], texts[1])


def start_text(case_note: str | None, rule: Rule, lang: Lang) -> str:
    """How the clock's start was found, in *lang*: the case's note or the rule's event."""
    if case_note:  # the library's own notes are in Swedish: shown in the language asked for
        key = key_of("start.", case_note)
        return case_note if key is None else message(key, lang)
    key = f"event.{rule.start_event.value}"
    if has_message(f"{key}.{rule.level.value}"):  # a level that words its start otherwise
        key = f"{key}.{rule.level.value}"
    return message(key, lang, start_text=rule.start_text)


def _names(calendar: SwedishCalendar, day: date, lang: Lang) -> str:
    names = [holiday_in_text(name, lang) for name in calendar.holiday_names(day)]
    return ", ".join(names) or weekday(day.weekday(), lang)


def rule_words(rule: Rule, lang: Lang) -> str:
    """What *rule* promises, in words: in Swedish as the statute words it, in English plainly.

    Args:
        rule: the rule.
        lang: ``sv`` or ``en``.

    Returns:
        The Swedish sentence of the rule's explanation step without its heading, or the rule's
        description.

    >>> from datetime import date
    >>> from vardgaranti import NATIONAL
    >>> rule_words(NATIONAL.rule_for("contact", date(2025, 3, 3)), "sv")[:60]
    'kontakt med primärvården samma dag som den enskilde söker ko'
    """
    if lang != "sv":
        return rule.description
    if rule.days == 0:
        return f"{_promise(rule)}samma dag som {rule.start_text}{rule.promise_end}"
    limit = rule.limit_text or days(rule.days, "sv")
    return f"{_promise(rule)}{limit} från det att {rule.start_text}{rule.promise_end}"


def _promise(rule: Rule) -> str:
    """What *rule* promises, in Swedish, before its limit (``… inom ``), or nothing."""
    if not rule.promise:
        return ""
    return f"{rule.promise} " if rule.days == 0 else f"{rule.promise} inom "


def _no_roll_reason(rule: Rule) -> str:
    """Why Lag (1930:173) 2 § does not apply to *rule*: the message key."""
    if rule.kind is RuleKind.AGREEMENT:
        return "no-roll.agreement"
    if rule.kind is RuleKind.TARGET:
        return "no-roll.target"
    if rule.kind is RuleKind.REGIONAL:
        return "no-roll.regional"
    return "no-roll.same-day"


def steps(e: Explained) -> tuple[Step, ...]:
    """The explanation of a result, step by step."""
    case, rule, as_of = e.case, e.rule, e.as_of
    since, last = rule.in_force_dates  # (not the part of it a rule set uses: Rule.version)
    until = f"{last}" if last else ""
    found: list[Step] = [
        _step(
            StepCode.RULE,
            (since,),
            rule.citation.text,
            "rule",
            id=rule.id,
            kind=lambda lang: message(f"kind.{rule.kind.value}", lang),
            effective_from=since,
            effective_to=until,
            words=lambda lang: rule_words(rule, lang),
        ),
        _step(
            StepCode.START,
            (case.start,),
            rule.citation.text,
            "start",
            start=case.start,
            how=lambda lang: start_text(case.start_note, rule, lang),
        ),
    ]
    if case.restart is not None:
        found.append(
            _step(
                StepCode.RESTART, (case.restart,), _RESTART_SOURCE, "restart", restart=case.restart
            )
        )
    found.extend(
        _step(StepCode.RESTART_LATER, (day,), None, "restart-later", restart=day, as_of=as_of)
        for day in e.later_restarts
    )
    # A patient not listed, under a rule without the listing requirement, of a level a later
    # rule of the set requires listing for: say so, citing that rule (from the rule data).
    later = (
        min(
            (
                other
                for other in e.rules.rules
                if other.level is case.level
                and other.listing_citation is not None
                and other.effective_from > case.start
            ),
            key=lambda other: other.effective_from,
            default=None,
        )
        if case.listed is False and rule.listing_citation is None
        else None
    )
    if later is not None:
        found.append(
            _step(
                StepCode.LISTING_NOT_REQUIRED,
                (case.start,),
                str(later.listing_citation),
                "listing-not-required",
                since=later.effective_from.isoformat(),
            )
        )
    if e.uncovered is not None:
        found.append(_uncovered_step(e))
        return tuple(found)
    planned = e.plan
    assert planned is not None  # covered cases are planned
    found.append(
        _step(
            StepCode.LIMIT,
            (planned.clock_start, planned.base),
            CALENDAR_DAYS_SOURCE
            if planned.clock_start >= _CALENDAR_DAYS_WRITTEN
            else f"{CALENDAR_DAYS_SOURCE}; {_CALENDAR_DAYS_EARLIER}",
            "limit.same-day" if rule.days == 0 else "limit",
            limit=rule.days,
            clock_start=planned.clock_start,
            base=planned.base,
        )
    )
    found.extend(_exclusion_steps(case, rule, planned))
    found.extend(_roll_steps(e, planned))
    found.append(
        _step(StepCode.DEADLINE, (planned.deadline,), None, "deadline", deadline=planned.deadline)
    )
    completed = case.completed
    if completed is not None and completed > e.as_of:  # (as a restart after it: not yet)
        found.append(
            _step(
                StepCode.COMPLETED_LATER,
                (completed,),
                None,
                "completed-later",
                completed=completed,
                as_of=e.as_of,
            )
        )
    if e.deviation is not None:
        found.append(_deviation_step(e.deviation, rule))
        return tuple(found)
    found.append(_status_step(e, planned))
    if e.care_elsewhere:
        found.append(_care_elsewhere_step(e, planned))
    elif (
        rule.base is not None
        and e.status is Status.OVERDUE
        and planned.care_deadline is not None
        and e.as_of <= planned.care_deadline
    ):
        found.append(_care_elsewhere_later_step(e, planned, planned.care_deadline))
    return tuple(found)


_DEVIATION_CODES: Final = {"pvv": "PvV", "mov": "MoV", "sov": "SoV"}


#: What a deviation code rests on: the national format's code (Avvikelse 1 PvV, 2 MoV, 3 SoV);
#: PvV and MoV are also grounds for leaving time out where the rule in force has them
#: (HSF 6 kap. 2 §, before 2017-04-01 Förordning (2010:349) 3 §, the 2005 agreement by a
#: reading: the rule's own exclusion citation); SoV is none of them ("särskilda skäl" in SKR's
#: FAQ 2021-03-11).
_DEVIATION_SOURCES: Final = {
    "sov": f"{_FORMAT_SOURCE} (Avvikelse 3); SKR FAQ 2021-03-11: särskilda skäl",
}
_DEVIATION_NUMBERS: Final = {"pvv": 1, "mov": 2, "sov": 3}


def _deviation_source(code: str, rule: Rule) -> str:
    """The source of a deviation code under *rule*: the rule's ground for it, and the format's."""
    found = _DEVIATION_SOURCES.get(code)
    if found is not None:
        return found
    reason = ExclusionReason(code) if code in ("pvv", "mov") else None
    number = _DEVIATION_NUMBERS.get(code)
    format_source = _FORMAT_SOURCE + (f" (Avvikelse {number})" if number else "")
    if reason in rule.exclusion_reasons and rule.exclusion_citation is not None:
        return f"{rule.exclusion_citation.text}; {format_source}"
    return format_source  # (no ground of the rule: a contact or an assessment, BUP's MoV)


def _deviation_step(code: str, rule: Rule) -> Step:
    key = f"deviation-name.{code}"
    return _step(
        StepCode.DEVIATION,
        (),
        _deviation_source(code, rule),
        "deviation",
        code=_DEVIATION_CODES.get(code, code),
        name=lambda lang: message(key, lang) if has_message(key) else code,
    )


def uncovered_source(uncovered: Uncovered, rule: Rule) -> str | None:
    """What a case the guarantee does not cover for the reason *uncovered* rests on.

    ``None``: a primary-care contact the unit reported outside the guarantee (its own word,
    no source beyond it).
    """
    primary = rule.level in _PRIMARY_CARE
    if uncovered is Uncovered.NOT_LISTED:
        assert rule.listing_citation is not None
        return rule.listing_citation.text
    if uncovered is Uncovered.WAIVED:
        return _WAIVED_SOURCE
    if uncovered is Uncovered.OUT_OF_SCOPE:
        return _OUT_OF_SCOPE_PRACTICE + ("" if primary else f"; {_FORMAT_SOURCE} (Fas)")
    return None if primary else f"{_FORMAT_SOURCE} (Vardgaranti)"


def _uncovered_step(e: Explained) -> Step:
    case, rule = e.case, e.rule
    assert e.uncovered is not None
    source = uncovered_source(e.uncovered, rule)
    if e.uncovered is Uncovered.NOT_LISTED:
        return _step(StepCode.NOT_COVERED, (case.start,), source, "not-covered.not-listed")
    if e.uncovered is Uncovered.WAIVED:
        waived = case.waived_on(e.as_of)
        assert waived is not None
        return _step(StepCode.NOT_COVERED, (waived,), source, "not-covered.waived", waived=waived)
    if e.uncovered is Uncovered.OUT_OF_SCOPE:
        return _step(
            StepCode.NOT_COVERED,
            (case.start,),
            source,
            "not-covered.out-of-scope",
            what=lambda lang: message("not-covered.out-of-scope-what", lang),
        )
    return _step(StepCode.NOT_COVERED, (case.start,), source, "not-covered.reported")


def _exclusion_steps(case: Case, rule: Rule, planned: Plan) -> list[Step]:
    citation = rule.exclusion_citation.text if rule.exclusion_citation else None
    found: list[Step] = []
    for exclusion in sorted(case.exclusions):
        # only days after day 0 count (compared so: day 0 may be 9999-12-31, the last date)
        if exclusion.start > planned.clock_start:
            continue
        # wholly on or before day 0, or across it (then the days after it count)
        cut = exclusion.end > planned.clock_start
        code = StepCode.EXCLUSION_CUT if cut else StepCode.EXCLUSION_BEFORE_START
        first = planned.clock_start + timedelta(days=1) if cut else None
        found.append(
            _step(
                code,
                (exclusion.start, exclusion.end),
                citation,
                code.value,
                start=exclusion.start,
                end=exclusion.end,
                codes=exclusion.reason.value,
                first=first,
            )
        )
    for (start, end, reasons), counts in zip(planned.merged, planned.counted, strict=True):
        codes = "+".join(sorted(reason.value for reason in reasons))
        if counts:
            length = (end - start).days + 1
            found.append(
                _step(
                    StepCode.EXCLUSION_COUNTED,
                    (start, end),
                    citation,
                    "exclusion-counted",
                    start=start,
                    end=end,
                    codes=codes,
                    days=lambda lang, n=length: days(n, lang),
                )
            )
        else:
            # (with roll-forward a period may begin after the last day counted, and on or
            # before the day it moves to: it is said against the day counted)
            rolled = planned.calendar_deadline < start <= planned.deadline
            found.append(
                _step(
                    StepCode.EXCLUSION_AFTER_DEADLINE,
                    (start, end),
                    _AFTER_DEADLINE_SOURCE,
                    "exclusion-after-deadline.rolled" if rolled else "exclusion-after-deadline",
                    start=start,
                    end=end,
                    codes=codes,
                    counted=planned.calendar_deadline,
                )
            )
    return found


def _roll_steps(e: Explained, planned: Plan) -> list[Step]:
    if not e.policy.roll_forward or planned.deadline == planned.calendar_deadline:
        if e.policy.roll_forward and not e.rule.roll_forward:
            rolled = _rolled(e.calendar, planned.calendar_deadline)
            if rolled is not None and rolled != planned.calendar_deadline:
                day = planned.calendar_deadline
                return [
                    _step(
                        StepCode.ROLL_FORWARD_NOT_APPLICABLE,
                        (day,),
                        ROLL_CITATION,
                        "roll-forward-not-applicable",
                        deadline=day,
                        names=lambda lang: _names(e.calendar, day, lang),
                        why=lambda lang: message(_no_roll_reason(e.rule), lang),
                    )
                ]
        return []
    day = planned.calendar_deadline
    return [
        _step(
            StepCode.ROLL_FORWARD,
            (day, planned.deadline),
            ROLL_CITATION,
            "roll-forward",
            deadline=day,
            rolled=planned.deadline,
            names=lambda lang: _names(e.calendar, day, lang),
        )
    ]


def _rolled(calendar: SwedishCalendar, day: date) -> date | None:
    """*day* rolled to the next vardag, or ``None`` past the calendar's last year."""
    try:
        return calendar.roll_forward(day)
    except UnsupportedYearError:
        return None


def _status_step(e: Explained, planned: Plan) -> Step:
    case, as_of, status = e.case, e.as_of, e.status
    target = e.rule.is_target
    noun = lambda lang: message("noun.target" if target else "noun.guarantee", lang)  # noqa: E731
    left = lambda lang: days(e.days_left or 0, lang)  # noqa: E731
    over = lambda lang: days(e.days_over or 0, lang)  # noqa: E731
    completed = case.completed
    booked = case.booked if case.booked is not None and case.booked >= as_of else None
    # a booking in the past has not happened (no completion): it no longer counts, and the
    # explanation says so rather than "no booking"
    past = case.booked if booked is None else None
    code = StepCode(f"status-{status.value}")
    if status is Status.MET:
        return _step(code, (as_of,), None, "status-met", completed=completed, noun=noun)
    if status is Status.MISSED:
        return _step(
            code, (as_of,), None, "status-missed", completed=completed, over=over, noun=noun
        )
    if status is Status.OVERDUE:
        return _step(code, (as_of,), None, "status-overdue", as_of=as_of, over=over)
    if status is Status.AT_RISK:
        if booked is not None and booked > planned.deadline:
            return _step(
                code,
                (as_of,),
                None,
                "status-at_risk.booked-late",
                as_of=as_of,
                left=left,
                booked=booked,
                noun=noun,
            )
        if past is not None:
            return _step(
                code, (as_of,), None, "status-at_risk.booked-past",
                as_of=as_of, left=left, past=past, noun=noun,
            )  # fmt: skip
        return _step(code, (as_of,), None, "status-at_risk", as_of=as_of, left=left, noun=noun)
    if booked is not None:
        return _step(
            code,
            (as_of,),
            None,
            "status-within.booked",
            as_of=as_of,
            left=left,
            booked=booked,
            noun=noun,
        )
    if past is not None:
        return _step(
            code, (as_of,), None, "status-within.booked-past",
            as_of=as_of, left=left, past=past, noun=noun,
        )  # fmt: skip
    return _step(code, (as_of,), None, "status-within", as_of=as_of, left=left, noun=noun)


def _care_elsewhere_later_step(e: Explained, planned: Plan, deadline: date) -> Step:
    """When the duty of care elsewhere arises, for a case overdue before the law's deadline.

    Overdue by a region's limit (or the BUP target): the duty follows the law (HSL 9 kap.
    2 §), and the exclusions the national rule counts move its deadline by so many days, and
    (with roll-forward) the move to the next vardag by so many more.
    """
    statutory = e.rule.statutory
    citation = statutory.care_elsewhere_citation
    moved = rolled = 0
    if e.case.exclusions or e.policy.roll_forward:
        # (the days the exclusions move it before any roll-forward, and the move after them)
        flat = Policy(roll_forward=False, at_risk_days=e.policy.at_risk_days)
        spans = [(x.start, x.end, x.reason) for x in e.case.exclusions]
        with contextlib.suppress(UnsupportedYearError, OverflowError):
            plain = plan(statutory, planned.clock_start, (), flat, e.calendar).care_deadline
            moved_to = plan(statutory, planned.clock_start, spans, flat, e.calendar).care_deadline
            if plain is not None and moved_to is not None:
                moved, rolled = (moved_to - plain).days, (deadline - moved_to).days
    key = "care-elsewhere.later" + (".moved" if moved > 0 else "") + (".rolled" if rolled else "")
    return _step(
        StepCode.CARE_ELSEWHERE_LATER,
        (deadline,),
        citation.text if citation else None,
        key,
        deadline=deadline,
        required=deadline + _ONE_DAY,
        moved=moved,
        rolled=rolled,
    )


def _care_elsewhere_step(e: Explained, planned: Plan) -> Step:
    rule = e.rule
    statutory = rule.statutory
    citation = statutory.care_elsewhere_citation
    deadline = planned.care_deadline
    assert deadline is not None  # care elsewhere is due only where the duty exists
    national = lambda lang: message("care-elsewhere.national", lang) if rule.base else ""  # noqa: E731
    era = care_elsewhere_era(rule, deadline)
    if e.as_of > deadline:  # the guarantee the duty follows is missed (HSL 9 kap. 2 §)
        key = "care-elsewhere.overdue" + era
        return _step(
            StepCode.CARE_ELSEWHERE,
            (deadline,),
            citation.text if citation else None,
            key,
            national=national,
        )
    return _step(
        StepCode.CARE_ELSEWHERE,
        (deadline,),
        citation.text if citation else None,
        "care-elsewhere.booked-late" + era,
        deadline=deadline,
        required=deadline + _ONE_DAY,
        national=national,
    )


def care_elsewhere_era(rule: Rule, deadline: date) -> str:
    """Who must arrange care elsewhere after *deadline*, as a message key's ending.

    By the day the duty arises: ``".agreement"`` under the 2005 agreement (not statute: it
    provides for it), ``".landsting"`` before 2020-01-01 (SFS 2019:973 made the statutes'
    landsting a region), ``""`` the region's.

    >>> from datetime import date
    >>> from vardgaranti import NATIONAL, Level
    >>> treatment = NATIONAL.rule_for(Level.TREATMENT, date(2013, 10, 1))
    >>> care_elsewhere_era(treatment, date(2013, 12, 30))
    '.landsting'
    >>> care_elsewhere_era(treatment, date(2019, 12, 31))  # (the duty arises 2020-01-01)
    ''
    """
    if rule.statutory.kind is RuleKind.AGREEMENT:
        return ".agreement"
    if deadline + _ONE_DAY < _REGION_FROM:
        return ".landsting"
    return ""


def _alternative(
    deadline: date,
    key: str,
    source: str,
    values: Callable[[Lang], dict[str, object]] = lambda lang: {},
) -> Alternative:
    """Another reading: its deadline, message *key* in English and Swedish, and its source."""
    return Alternative(
        deadline, message(key, "en", **values("en")), source, message(key, "sv", **values("sv"))
    )


def alternatives(e: Explained) -> tuple[Alternative, ...]:
    """The other readings under which the deadline of a covered case would differ."""
    planned = e.plan
    if planned is None or e.deviation is not None:
        return ()
    found: list[Alternative] = []
    rule, calendar = e.rule, e.calendar
    day = planned.calendar_deadline
    if rule.roll_forward:
        rolled = _rolled(calendar, day)
        if rolled is not None and rolled != day:
            if e.policy.roll_forward:
                found.append(_alternative(day, "alternative.calendar-days", CALENDAR_DAYS_SOURCE))
            else:
                found.append(
                    _alternative(
                        rolled,
                        "alternative.roll-forward",
                        ROLL_CITATION,
                        lambda lang: {"deadline": day, "names": _names(calendar, day, lang)},
                    )
                )
    other = e.case.alternative_start
    if other is not None and e.case.restart is None:
        other_rule = None
        # Under the other reading no rule may have been in force: then it has no deadline.
        with contextlib.suppress(NoRuleInForceError):
            other_rule = e.rules.rule_for(e.case.level, other.start)
        if other_rule is not None:
            spans = [(x.start, x.end, x.reason) for x in e.case.exclusions]
            with contextlib.suppress(UnsupportedYearError, OverflowError):
                other_deadline = plan(other_rule, other.start, spans, e.policy, calendar).deadline
                if other_deadline != planned.deadline:
                    found.append(
                        _alternative(
                            other_deadline,
                            "alternative.other-start",
                            other.source,
                            lambda lang: {
                                "start": other.start,
                                "reading": start_text(other.reading, rule, lang),
                            },
                        )
                    )
    if rule.base is not None:
        statutory = rule.statutory
        spans = [(x.start, x.end, x.reason) for x in e.case.exclusions]
        national = None
        with contextlib.suppress(UnsupportedYearError, OverflowError):
            national = plan(statutory, planned.clock_start, spans, e.policy, calendar).deadline
        if national is not None and national != planned.deadline:
            key = (  # (a region's limit over the BUP target shortens the target, not the law)
                "alternative.law-beneath-target" if rule.is_target else "alternative.national-limit"
            )
            law = national
            found.append(
                _alternative(
                    law, key, statutory.citation.text, lambda lang: {"days": statutory.days}
                )
            )
            # The day care elsewhere follows may be moved too, as the deadline may: said beside
            # it, as the roll of the deadline is (with roll_forward it is moved already).
            rolled = (
                _rolled(calendar, law)
                if statutory.roll_forward and not e.policy.roll_forward
                else None
            )
            if rolled is not None and rolled != law:
                found.append(
                    _alternative(
                        rolled,
                        key + "-roll-forward",
                        ROLL_CITATION,
                        lambda lang: {
                            "days": statutory.days,
                            "deadline": law,
                            "names": _names(calendar, law, lang),
                        },
                    )
                )
    return tuple(found)


def explain_lines(found: Sequence[Step], lang: Lang) -> str:
    """Steps as numbered lines of text."""
    check_lang(lang)
    return "\n".join(f"{n}. {step.text(lang)}" for n, step in enumerate(found, 1))
