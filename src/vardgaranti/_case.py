"""A case: one patient's wait at one guarantee level, as the rules engine sees it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Final, NoReturn, TypeVar, get_args

import attrs

from ._checks import from_numpy
from ._core import Uncovered, check_dates, check_restart, check_rules
from ._dates import as_date, parse_date
from ._rules import ExclusionReason, Level, RuleSet, level_of
from ._text import echo, sized_repr
from .errors import (
    DateTypeError,
    InvalidCaseError,
    InvalidTypeError,
    InvalidValueError,
    VardgarantiError,
)

if TYPE_CHECKING:
    from ._events import Event

__all__ = ["AlternativeStart", "Case", "Exclusion", "SelfReferralStart", "parse_exclusions"]


class SelfReferralStart(StrEnum):
    """Which day starts the clock of a self-referral (egen vårdbegäran) to specialised care.

    The statute counts "från det att den enskilde har sökt kontakt med den specialiserade
    vården" (HSF 2017:80 6 kap. 1 § 3); vantetider.se counts from the day the unit accepted
    it, and Region Stockholm from the contact once the unit has accepted it (Region Värmland:
    from its arrival). An open question; the default is the statute.

    >>> SelfReferralStart("accepted"), SelfReferralStart.SOUGHT.value
    (<SelfReferralStart.ACCEPTED: 'accepted'>, 'sought')
    """

    #: The day the patient sought contact (the self-referral arrived). HSF 6 kap. 1 § 3.
    SOUGHT = "sought"
    #: The day the unit assessed and accepted the self-referral (vantetider.se practice).
    ACCEPTED = "accepted"


_E = TypeVar("_E")


def _parsed(parse: Callable[[str], _E], value: str, field: str) -> _E:
    """*parse* of *value*, its error said of *field*."""
    try:
        return parse(value)
    except VardgarantiError as error:
        raise error.about(error.field or field) from None


def _reason(value: ExclusionReason | str) -> ExclusionReason:
    if isinstance(value, ExclusionReason):
        return value
    if not isinstance(value, str):  # (a wrong type is a TypeError, not an unknown reason)
        raise InvalidTypeError(
            f"an exclusion's reason is a code such as 'mov', not {type(value).__name__} "
            f"{echo(value)}",
            field="exclusions",
        )
    return _parsed(ExclusionReason.parse, value, "exclusions")


def is_missing(value: object) -> bool:
    """Whether *value* is a missing value of a data library (``NaT``, NaN, pandas' ``NA``).

    That is pandas' ``NaT`` and ``NA``, NumPy's ``datetime64('NaT')`` or a float NaN: what a
    blank cell becomes in a data frame. Found without importing pandas or NumPy: such values
    are not equal to themselves (pandas' ``NA`` refuses even to say so). ``None`` is not one:
    where a value is optional, ``None`` says so.

    >>> from datetime import date
    >>> is_missing(float("nan")), is_missing(date(2025, 3, 1)), is_missing(None)
    (True, False, False)
    """
    if value is None or type(value) is date:
        return False
    try:
        return bool(value != value)
    except Exception:  # pandas' NA refuses to be a bool (an array, to be one)
        return type(value).__name__ == "NAType"


def as_day(value: object, field: str) -> date:
    """:func:`~vardgaranti._dates.as_date` of *value*, naming *field*; ``NaT`` or NaN as missing.

    Raises:
        DateTypeError: *value* is missing, a naive ``datetime`` or not a date.
    """
    if type(value) is date:
        return value
    if is_missing(value):
        raise DateTypeError(
            f"the date is missing ({echo(value)}); give a date (None where it is optional)",
            field=field,
        )
    return as_date(value, field)


def _days(value: date | Iterable[date] | None, field: str) -> tuple[date, ...]:
    """One date, several, or ``None``: as a sorted tuple without repeats (errors name *field*)."""
    if value is None:
        return ()
    if isinstance(value, (date, str, bytes)) or not isinstance(value, Iterable):
        return (as_day(value, field),)  # (one value: a date, or refused naming the field)
    # any other iterable: a list, a generator, a pandas Series, dict keys
    return tuple(sorted({as_day(day, field) for day in value}))


# The converters of the date fields, each naming its field in an error (attrs takes named
# functions). Their parameters' types are those of the fields in ``__init__`` (attrs' mypy
# plugin reads them): a ``date`` (an aware ``datetime`` is one too, read as its Stockholm date).


def _start(value: date) -> date:
    return as_day(value, "start")


def _exclusion_day(value: date) -> date:
    return as_day(value, "exclusions")


def _completed(value: date | None) -> date | None:
    return None if value is None else as_day(value, "completed")


def _booked(value: date | None) -> date | None:
    return None if value is None else as_day(value, "booked")


def _restarts(value: date | Iterable[date] | None) -> tuple[date, ...]:
    return _days(value, "restart")


def _waivers(value: date | Iterable[date] | None) -> tuple[date, ...]:
    return _days(value, "waived")


def _exclusions(values: Iterable[Exclusion | str] | str) -> tuple[Exclusion, ...]:
    if isinstance(values, str):  # "mov:2025-04-01..2025-04-14; pvv:…"
        return parse_exclusions(values)
    if isinstance(values, bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError(
            f"give Exclusion values or REASON:FROM..TO text, not {echo(values)}",
            field="exclusions",
        )
    found: list[Exclusion] = []
    for value in values:  # each Exclusion, or text of one or more
        if isinstance(value, str):
            found += parse_exclusions(value)
        else:
            found.append(value)
    return tuple(found)


def _listed_in(value: bool | None) -> bool | None:
    """*value*, a NumPy boolean as Python's (typed: the type checker keeps the field's type)."""
    return from_numpy(value)  # type: ignore[return-value]


def _listed(instance: object, attribute: attrs.Attribute[bool | None], value: object) -> None:
    if value is not None and not isinstance(value, bool):
        raise InvalidTypeError(
            f"listed must be True, False or None, not {value!r} (text such as 'nej' is read by "
            "the waiting-list reader, not here)",
            field="listed",
        )


def _uncovered(value: Uncovered | str | None) -> Uncovered | None:
    """A reason the guarantee does not apply, by its code in any case (as a level's name)."""
    if value is None or isinstance(value, Uncovered):
        return value
    if not isinstance(value, str):
        raise InvalidTypeError(
            f"must be a reason the guarantee does not apply (text) or None, not "
            f"{type(value).__name__} {echo(value)}",
            field="uncovered",
        )
    try:
        return Uncovered(value.strip().lower() if isinstance(value, str) else value)
    except ValueError:
        raise InvalidValueError(
            f"{echo(value)} is not a reason the guarantee does not apply; expected one of: "
            + ", ".join(reason.value for reason in Uncovered),
            field="uncovered",
        ) from None


DEVIATIONS: Final = ("pvv", "mov", "sov")


def _deviation(value: object) -> str | None:
    """A deviation code, in any case (``PvV`` as the statistics write it, is ``pvv``)."""
    code = value.strip().lower() if isinstance(value, str) else value
    if code is not None and not isinstance(code, str):
        raise InvalidTypeError(
            f"must be a deviation code ({', '.join(DEVIATIONS)}) or None, not {echo(value)}",
            field="deviation",
        )
    if code is not None and code not in DEVIATIONS:
        raise InvalidValueError(
            f"{echo(value)} is not a deviation code; expected one of: {', '.join(DEVIATIONS)}",
            field="deviation",
        )
    return code


#: A period: ``REASON:FROM..TO``, or ``REASON:FROM/TO`` (an ISO 8601 interval) where no ``..``
#: follows (a profile's dates may hold ``/`` themselves: ``pvv:02/04/2025..10/04/2025``).
INTERVAL = re.compile(r"^\s*([A-Za-z]+)\s*:\s*(\S+?)\s*(?:\.\.|/(?!.*\.\.))\s*(\S+)\s*$")


@attrs.frozen(order=True)
class Exclusion:
    """A period not counted towards the limit (HSF 2017:80 6 kap. 2 §).

    ``start`` and ``end`` are both inclusive: ``Exclusion("mov", date(2025, 4, 1),
    date(2025, 4, 14))`` leaves out 14 days.

    Raises:
        InvalidCaseError: *end* is before *start*.

    >>> Exclusion.parse("mov:2025-04-01..2025-04-14").days
    14
    """

    reason: ExclusionReason = attrs.field(converter=_reason)
    start: date = attrs.field(converter=_exclusion_day)
    end: date = attrs.field(converter=_exclusion_day)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidCaseError(
                f"exclusion {self.reason.value}: it ends ({self.end.isoformat()}) before it "
                f"begins ({self.start.isoformat()})",
                field="exclusions",
            )

    @property
    def days(self) -> int:
        """How many days the period covers."""
        return (self.end - self.start).days + 1

    @classmethod
    def parse(cls, text: str) -> Exclusion:
        """Read ``REASON:FROM..TO`` (e.g. ``pvv:2025-06-01..2025-06-10``; ``/`` also works).

        Raises:
            InvalidTypeError: *text* is not a string.
            InvalidCaseError: the text has another shape, or the period ends before it begins.
            InvalidDateError: a date is not a real date.
            UnknownReasonError: the reason is not ``mov``, ``pvv`` or ``region``.
        """
        if not isinstance(text, str):
            raise InvalidTypeError(
                f"an exclusion is text such as 'mov:2025-04-01..2025-04-14', not {echo(text)}",
                field="exclusions",
            )
        match = INTERVAL.match(text)
        if match is None:
            raise InvalidCaseError(
                f"exclusion {echo(text)} is not of the form REASON:FROM..TO "
                "(e.g. mov:2025-04-01..2025-04-14; the reasons: "
                + ", ".join(reason.value for reason in ExclusionReason)
                + ")",
                field="exclusions",
            )
        reason, start, end = match.groups()
        return cls(
            _parsed(ExclusionReason.parse, reason, "exclusions"),
            parse_date(start, "exclusions"),
            parse_date(end, "exclusions"),
        )

    def __str__(self) -> str:
        return f"{self.reason.value}:{self.start.isoformat()}..{self.end.isoformat()}"


def _refuse(field: str, value: object, wanted: str) -> NoReturn:
    """Raise the error of a field of a :class:`Case` given a value of the wrong type."""
    raise InvalidTypeError(
        f"{field} must be {wanted}, not {type(value).__name__} {echo(value)}", field=field
    )


@attrs.frozen
class AlternativeStart:
    """Another day the clock could be read to start on, and why (e.g. self-referral accepted).

    Counted from the day a self-referral was accepted, the statute's day is the other reading:

    >>> from datetime import date
    >>> from vardgaranti import SelfReferralAccepted, SelfReferralReceived
    >>> case = Case.from_events("visit", [SelfReferralReceived(date(2025, 3, 3)),
    ...     SelfReferralAccepted(date(2025, 3, 10))], self_referral_start="accepted")
    >>> case.start, case.alternative_start.start
    (datetime.date(2025, 3, 10), datetime.date(2025, 3, 3))
    >>> case.alternative_start.source  # the law in force that day
    'HSF (2017:80) 6 kap. 1 § 3 (Förordning 2018:1129)'
    """

    start: date
    reading: str
    source: str


@attrs.frozen(kw_only=True)
class Case:
    """One patient's wait at one level.

    Attributes:
        level: the guarantee level (a :class:`Level` or its English or Swedish name).
        start: the day the clock starts (day 0), per the level's start event.
        completed: the day care was given (visit or assessment held, treatment started).
        booked: the day an appointment is booked for, if any.
        exclusions: periods not counted (HSF 6 kap. 2 §), in any order, overlaps allowed:
            :class:`Exclusion` values, or text such as ``mov:2025-04-01..2025-04-14``
            (one text of several periods, or a list of texts and values).
        restarts: the days a new full period started (after a withdrawn waiver, or a
            patient asking to move an agreed later date). Give one date or several as
            ``restart=``; as of a day, the latest restart on or before it starts the period
            (:meth:`restart_on`), and later ones have not happened yet.
        waivers: the days the patient declined care elsewhere and with it the guarantee
            (``waived=``, one date or several). As of a day, the latest waiver on or before it
            counts unless a restart on or after it (and on or before the day) withdrew it.
        listed: ``False`` when the case is at a vårdval provider (HSL 7 kap. 3 a §) and the
            patient is not listed there: from 2022-07-01 the contact and assessment
            guarantees then do not apply (HSL 9 kap. 1 § 2 st.). ``None`` when unknown or not
            relevant; at a clinic where patients cannot list, leave it ``None`` (1177: the
            guarantee "gäller även på andra mottagningar inom primärvården där du inte kan
            lista dig"). A patient's letter of such a case says the rule as it is ("På en
            vårdcentral där man kan lista sig gäller det bara om du är listad där"); ``True``
            (listed) leaves the sentence out.
        id: the caller's identifier, carried through untouched.
        start_note: how the start was derived, for the explanation. :meth:`from_events` sets
            one of the library's own notes (in Swedish, e.g. ``remiss utfärdad``), which an
            English explanation shows in English; any other text is shown as given.
        alternative_start: another reading of the start day, if the sources disagree.
        uncovered: the source says the guarantee does not apply: ``reported`` (the national
            format's ``Vardgaranti`` no) or ``out-of-scope``; ``None`` when it does not say.
        deviation: a deviation code without dates, as the national format reports it:
            ``pvv``, ``mov`` or ``sov``. The legal deadline cannot be extended by a pause whose
            dates are unknown (HSF 2017:80 6 kap. 2 § pauses by dates), so such a case gets
            the status ``deviation``, its deadline counted without the pause, and no care
            elsewhere.

    Raises:
        InvalidCaseError: facts that contradict each other, such as a completion before the
            start.

    >>> from datetime import date
    >>> Case(level="besök", start=date(2025, 3, 1), completed=date(2025, 2, 1))
    Traceback (most recent call last):
    ...
    vardgaranti.errors.InvalidCaseError: completed: 2025-02-01 is before the start (2025-03-01)
    """

    level: Level = attrs.field(converter=level_of)
    start: date = attrs.field(converter=_start)
    completed: date | None = attrs.field(default=None, converter=_completed)
    booked: date | None = attrs.field(default=None, converter=_booked)
    exclusions: tuple[Exclusion, ...] = attrs.field(default=(), converter=_exclusions)
    restarts: tuple[date, ...] = attrs.field(default=(), converter=_restarts, alias="restart")
    waivers: tuple[date, ...] = attrs.field(default=(), converter=_waivers, alias="waived")
    listed: bool | None = attrs.field(default=None, converter=_listed_in, validator=_listed)
    # (sizes only in the repr: a logged case would carry a personnummer, and a note)
    id: str | None = attrs.field(default=None, repr=sized_repr)
    start_note: str | None = attrs.field(default=None, repr=sized_repr)
    alternative_start: AlternativeStart | None = None
    uncovered: Uncovered | None = attrs.field(default=None, converter=_uncovered)
    deviation: str | None = attrs.field(default=None, converter=_deviation)

    def __attrs_post_init__(self) -> None:
        check_dates(
            self.start,
            self.completed,
            self.booked,
            self.restarts[0] if self.restarts else None,
            self.waivers[0] if self.waivers else None,
        )
        check_restart(self.restart, self.completed, self.waivers[-1] if self.waivers else None)
        if self.id is not None and not isinstance(self.id, str):  # (not echoed: a personnummer)
            raise InvalidTypeError(
                f"id must be text or None, not {type(self.id).__name__}", field="id"
            )
        if self.start_note is not None and not isinstance(self.start_note, str):
            _refuse("start_note", self.start_note, "text or None")
        if self.alternative_start is not None and not isinstance(
            self.alternative_start, AlternativeStart
        ):
            _refuse("alternative_start", self.alternative_start, "an AlternativeStart or None")
        for exclusion in self.exclusions:
            if not isinstance(exclusion, Exclusion):
                raise InvalidTypeError(
                    f"give Exclusion values or REASON:FROM..TO text, not {exclusion!r}",
                    field="exclusions",
                )

    @property
    def restart(self) -> date | None:
        """The latest restart, or ``None``."""
        return self.restarts[-1] if self.restarts else None

    @property
    def waived(self) -> date | None:
        """The waiver in effect at the end of the record: :meth:`waived_on` the last day."""
        return self.waived_on(date.max)

    @property
    def clock_start(self) -> date:
        """The day the latest period started: the latest restart if any, else the start.

        As of an earlier day, use :meth:`clock_start_on`.
        """
        return self.restarts[-1] if self.restarts else self.start

    def restart_on(self, as_of: date) -> date | None:
        """The latest restart on or before *as_of*: later ones have not happened yet then.

        Args:
            as_of: the day the case is looked at.

        Returns:
            The latest of :attr:`restarts` on or before *as_of*, or ``None`` when there is none.

        Raises:
            DateTypeError: *as_of* is not a date or an aware datetime (field ``as_of``).

        >>> from datetime import date
        >>> case = Case(level="visit", start=date(2025, 1, 15),
        ...             restart=[date(2025, 4, 1), date(2025, 6, 1)])
        >>> case.restart_on(date(2025, 5, 1))
        datetime.date(2025, 4, 1)
        """
        if type(as_of) is not date:  # (an aware datetime: its day in Stockholm)
            as_of = as_date(as_of, "as_of")
        found = None
        for day in self.restarts:
            if day > as_of:
                break
            found = day
        return found

    def clock_start_on(self, as_of: date) -> date:
        """The day the period running on *as_of* started (the start, or a restart).

        Args:
            as_of: the day the case is looked at.

        Returns:
            The latest restart on or before *as_of* (:meth:`restart_on`), else :attr:`start`.

        Raises:
            DateTypeError: *as_of* is not a date or an aware datetime (field ``as_of``).
        """
        restart = self.restart_on(as_of)
        return self.start if restart is None else restart

    def waived_on(self, as_of: date) -> date | None:
        """The waiver in effect on *as_of*, or ``None``.

        That is the latest waiver on or before *as_of*, unless a restart on or after it (and on
        or before *as_of*) withdrew it: the patient changed their mind, and a new period began.

        Args:
            as_of: the day the case is looked at.

        Returns:
            The day of the waiver in effect, or ``None`` when no waiver is on or before *as_of*
            or a restart withdrew it.

        Raises:
            DateTypeError: *as_of* is not a date or an aware datetime (field ``as_of``).

        >>> from datetime import date
        >>> case = Case(level="visit", start=date(2025, 1, 15),
        ...             waived=[date(2025, 4, 20), date(2025, 6, 1)], restart=date(2025, 5, 5))
        >>> case.waived_on(date(2025, 4, 25)), case.waived_on(date(2025, 5, 20))
        (datetime.date(2025, 4, 20), None)
        """
        if type(as_of) is not date:  # (an aware datetime: its day in Stockholm)
            as_of = as_date(as_of, "as_of")
        waived = None
        for day in self.waivers:
            if day > as_of:
                break
            waived = day
        if waived is None:
            return None
        restart = self.restart_on(as_of)
        return None if restart is not None and restart >= waived else waived

    @classmethod
    def from_events(
        cls,
        level: Level | str,
        events: Iterable[Event],
        *,
        as_of: date | None = None,
        self_referral_start: SelfReferralStart | str = SelfReferralStart.SOUGHT,
        id: str | None = None,
        rules: RuleSet | None = None,
    ) -> Case:
        """Build a case from its dated events, given in any order.

        The start follows the start event of the level's rule: contact sought (``contact``,
        ``assessment``), the referral issued or, without one, the self-referral or contact
        with specialised care (``visit``, BUP ``first-assessment``), the decision to treat
        (``treatment``), the first assessment (BUP ``deepened-assessment``) or the latest
        assessment (BUP ``treatment``).

        Args:
            level: the guarantee level.
            events: the case's events; order does not matter.
            as_of: replay the events as of this day: an exclusion that begins after it is
                left out and one that ends after it is still going on (it counts up to this
                day, or up to the completion when care was given before it), as is a booking
                made after it; an assessment made after it does not start the BUP treatment
                clock. (Completions, restarts and waivers after it are left out by
                :func:`~vardgaranti.evaluate` as of the same day.) A repeated event (the same
                event on the same day) counts once.
            self_referral_start: ``sought`` (statute, default) or ``accepted``.
            id: the caller's identifier.
            rules: the rule set the case will be judged by (default: national). Its rules for
                the level decide what starts the clock (their ``start_event``): ``treatment``
                from the decision to treat (national, HSF 6 kap. 1 § 4) or from the latest
                assessment (the BUP target); a rule set of its own may start a level on
                another event. A level the rule set lacks starts as in the national rules.

        Returns:
            The case.

        Raises:
            InvalidCaseError: events that contradict each other or leave no start (field
                ``events``; a period not counted that ends before it begins: ``exclusions``),
                a waiver or restart after the completion, or a rule set whose rules for the
                level start the clock on different events.
            InvalidTypeError: *events* is not a list of events (naming the first item that is
                not one: its position, from 1, and its type), or *rules* is not a rule set.

        >>> from datetime import date
        >>> from vardgaranti import SelfReferralAccepted, SelfReferralReceived
        >>> case = Case.from_events("visit", [
        ...     SelfReferralAccepted(date(2025, 3, 10)),
        ...     SelfReferralReceived(date(2025, 3, 3)),
        ... ])
        >>> case.start, case.alternative_start.start
        (datetime.date(2025, 3, 3), datetime.date(2025, 3, 10))
        """
        if not isinstance(self_referral_start, str):  # (a SelfReferralStart is text too)
            raise InvalidTypeError(
                "self_referral_start must be 'sought' or 'accepted', not "
                f"{type(self_referral_start).__name__} {echo(self_referral_start)}",
                field="self_referral_start",
            )
        try:
            # (case and blanks aside, as levels and reasons are read)
            policy = SelfReferralStart(self_referral_start.strip().lower())
        except ValueError:
            raise InvalidCaseError(
                f"self_referral_start must be 'sought' or 'accepted', not "
                f"{echo(self_referral_start)}",
                field="self_referral_start",
            ) from None
        when = None if as_of is None else as_date(as_of, "as_of")
        chosen = level_of(level)
        start_event = None
        if rules is not None:
            check_rules(rules)
            found = {rule.start_event for rule in rules.rules if rule.level is chosen}
            if len(found) > 1:  # which rule applies depends on the start: give it
                listed = ", ".join(sorted(event.value for event in found))
                raise InvalidCaseError(
                    f"the rules of {rules.name!r} for level {chosen.value!r} start the clock on "
                    f"different events ({listed}): build the case with its start "
                    "(Case(level=..., start=...))"
                )
            start_event = next(iter(found), None)
        from ._events import Event  # events are read only here: a faster start
        from ._replay import case_from_events

        if isinstance(events, (str, bytes)) or not isinstance(events, Iterable):
            raise InvalidTypeError(
                f"give the events as a list, not {type(events).__name__}", field="events"
            )
        given = list(events)
        for position, event in enumerate(given, 1):
            if not isinstance(event, Event):
                names = ", ".join(kind.__name__ for kind in get_args(Event))
                raise InvalidTypeError(
                    f"item {position} is {type(event).__name__} {echo(event)}, not an event "
                    f"({names})",
                    field="events",
                )
        return case_from_events(chosen, given, when, policy, id, start_event)


def parse_exclusions(text: str) -> tuple[Exclusion, ...]:
    """Read a list of ``REASON:FROM..TO`` items separated by ``;``, ``,`` or blanks.

    Empty items are ignored: exporters that join lists often leave a leading or trailing
    separator, and a cell of only separators holds no exclusion.

    Args:
        text: the items, e.g. ``"mov:2025-04-01..2025-04-14; pvv:2025-06-01..2025-06-10"``.

    Returns:
        One :class:`Exclusion` per item, in the order given (empty when *text* holds none).

    Raises:
        InvalidCaseError: an item has another shape.
        InvalidDateError: a date in an item is not a real date.
        UnknownReasonError: a reason is unknown.
        InvalidTypeError: *text* is not a string.

    >>> [str(e) for e in parse_exclusions("mov:2025-04-01..2025-04-14,")]
    ['mov:2025-04-01..2025-04-14']
    >>> parse_exclusions(" ; , ")
    ()
    """
    if not isinstance(text, str):
        raise InvalidTypeError(
            f"give text such as 'mov:2025-04-01..2025-04-14; pvv:…', not {echo(text)}",
            field="exclusions",
        )
    found: list[Exclusion] = []
    for item in split_items(text):
        if not item:
            continue
        try:
            found.append(Exclusion.parse(item))
        except InvalidCaseError as error:
            words = text.strip(_SEPARATORS)
            if ":" not in item and any(blank in words for blank in " \t"):
                # "medicinska skäl:2025-…" was read as "medicinska" and "skäl:2025-…"
                raise InvalidCaseError(
                    f"{error.message}; items are separated by ';', ',' or blanks, so "
                    f"{echo(words)} was read as several",
                    field="exclusions",
                ) from None
            raise error.about("exclusions") from None
        except VardgarantiError as error:  # said of the whole list: its field is "exclusions"
            raise error.about("exclusions") from None
    return tuple(found)


#: Splits a list of exclusion items on ``;``, ``,`` and blanks (empty items possible).
split_items: Final = re.compile(r"[;,\s]+").split
#: What :data:`split_items` splits on, around the items.
_SEPARATORS: Final = ";, \t\r\n\f\v"
