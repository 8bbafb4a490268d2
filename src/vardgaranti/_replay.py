"""Replaying a case's events: from dated facts, in any order, to a :class:`~vardgaranti.Case`.

:meth:`Case.from_events <vardgaranti.Case.from_events>` is the public entry; this module holds
the replay itself, apart so that evaluating a case never loads the event classes.
"""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Final

from ._case import AlternativeStart, Case, Exclusion, SelfReferralStart
from ._events import (
    AppointmentBooked,
    Completed,
    ContactSought,
    DecisionToTreat,
    Event,
    ExclusionBegan,
    ExclusionEnded,
    ListingRecorded,
    OfferDeclined,
    ReferralIssued,
    ReferralReceived,
    Restarted,
    SelfReferralAccepted,
    SelfReferralReceived,
    WaiverGiven,
)
from ._rules import BUP, NATIONAL, ExclusionReason, Level, StartEvent
from .errors import InvalidCaseError, NoRuleInForceError, UnknownLevelError

__all__ = ["LEVEL_START", "case_from_events"]

#: What starts each level's clock in the national rules and the BUP target (HSF 2017:80 6 kap.
#: 1 §; SKR): the start event a replay follows when the rule set has no rule for the level.
LEVEL_START: Final = {
    Level.CONTACT: StartEvent.CONTACT_SOUGHT,
    Level.ASSESSMENT: StartEvent.CONTACT_SOUGHT,
    Level.VISIT: StartEvent.REFERRAL,
    Level.TREATMENT: StartEvent.DECISION_TO_TREAT,
    Level.FIRST_ASSESSMENT: StartEvent.REFERRAL,
    Level.DEEPENED_ASSESSMENT: StartEvent.FIRST_ASSESSMENT_DONE,
}


def _single(events: list[Event], kind: type[Event], what: str) -> date | None:
    dates = sorted({event.on for event in events if type(event) is kind})
    if len(dates) > 1:
        listed = ", ".join(day.isoformat() for day in dates)
        raise InvalidCaseError(
            f"the events contradict each other: {what} on {listed}", field="events"
        )
    return dates[0] if dates else None


def case_from_events(
    level: Level,
    events: list[Event],
    as_of: date | None,
    self_referral_start: SelfReferralStart,
    case_id: str | None,
    start_event: StartEvent | None = None,
) -> Case:
    """The case of *events* at *level*, its start found by *start_event* (default: the level's)."""
    if as_of is not None:
        # A replay as of an earlier day: what had not happened by then is left out.
        events = [event for event in events if not _after(event, as_of)]
    completions: dict[Level, set[date]] = {}
    for event in events:
        if isinstance(event, Completed):
            completions.setdefault(event.level or level, set()).add(event.on)
    starts_on = start_event if start_event is not None else LEVEL_START[level]
    alternative = None
    if starts_on is StartEvent.CONTACT_SOUGHT:  # HSF 6 kap. 1 § 1-2
        start, note = _single(events, ContactSought, "contact sought"), "kontakt söktes"
    elif starts_on is StartEvent.REFERRAL:  # HSF 6 kap. 1 § 3
        start, note, alternative = _referral_start(events, self_referral_start, level)
    elif starts_on is StartEvent.FIRST_ASSESSMENT_DONE:  # BUP: the deepened assessment
        firsts = sorted(completions.get(Level.FIRST_ASSESSMENT, ()))
        if len(firsts) > 1:
            listed = ", ".join(day.isoformat() for day in firsts)
            raise InvalidCaseError(
                f"the events contradict each other: first assessment completed on {listed}",
                field="events",
            )
        start, note = (firsts[0] if firsts else None), "första bedömningen gjordes"
    elif starts_on is StartEvent.ASSESSMENT_DONE:  # BUP: from the first or deepened assessment
        assessments = completions.get(Level.FIRST_ASSESSMENT, set()) | completions.get(
            Level.DEEPENED_ASSESSMENT, set()
        )
        # As of a day, the latest assessment made by then: one made later had not happened
        # (when none had, the earliest: the clock had not started yet, evaluate says so).
        made = {day for day in assessments if as_of is None or day <= as_of}
        start = max(made) if made else (min(assessments) if assessments else None)
        note = "senaste bedömning eller utredning gjordes"
    else:  # HSF 6 kap. 1 § 4: from the decision to give the care
        start = _single(events, DecisionToTreat, "decision to treat")
        note = "beslut om behandling"
    if start is None:
        raise InvalidCaseError(
            f"the events give no start for level {level.value!r}", field="events"
        )

    own = sorted(completions.get(level, ()))
    if len(own) > 1:
        listed = ", ".join(day.isoformat() for day in own)
        raise InvalidCaseError(
            f"the events contradict each other: completed on {listed}", field="events"
        )
    completed = own[0] if own else None

    bookings = [event for event in events if isinstance(event, AppointmentBooked)]
    declined = {event.on for event in events if isinstance(event, OfferDeclined)}
    booked = _latest_booking([b for b in bookings if b.on not in declined])

    # Every restart and waiver is kept: as of a day, only those on or before it have happened
    # (Case.restart_on, Case.waived_on), and the latest of those decides.
    restarts = [event.on for event in events if isinstance(event, Restarted)]
    waivers = [event.on for event in events if isinstance(event, WaiverGiven)]

    listings: dict[date, set[bool]] = {}
    for event in events:
        if isinstance(event, ListingRecorded):
            listings.setdefault(event.on, set()).add(event.listed)
    if any(len(values) > 1 for values in listings.values()):
        raise InvalidCaseError(
            "the events contradict each other: listed and not listed on one day", field="events"
        )
    known = [day for day in listings if day <= start]
    is_listed = next(iter(listings[max(known)])) if known else None

    return Case(
        level=level,
        start=start,
        completed=completed,
        booked=booked,
        exclusions=_pair_exclusions(events, as_of, completed),
        restart=restarts,
        waived=waivers,
        listed=is_listed,
        id=case_id,
        start_note=note,
        alternative_start=alternative,
    )


def _after(event: Event, as_of: date) -> bool:
    """Whether *event* had not happened yet on *as_of*, for a replay.

    An exclusion that began or ended after *as_of* had not (it is still going on, or not yet
    begun), nor a booking made after it. Other events keep their dates: a completion, restart or
    waiver after *as_of* is left out when the case is evaluated as of that day (an assessment
    that starts a clock is chosen among those made by then, in :func:`case_from_events`), and a
    booking's ``on`` is the appointment day, which may lie ahead.
    """
    if isinstance(event, (ExclusionBegan, ExclusionEnded)):
        return event.on > as_of
    if isinstance(event, AppointmentBooked):
        return event.booked_on is not None and event.booked_on > as_of
    return False


def _referral_start(
    events: list[Event], policy: SelfReferralStart, level: Level
) -> tuple[date | None, str, AlternativeStart | None]:
    issued = _single(events, ReferralIssued, "referral issued")
    received = _single(events, ReferralReceived, "referral received")
    if issued is not None:
        if received is not None and received < issued:
            raise InvalidCaseError(
                f"the referral was received ({received.isoformat()}) before it was issued "
                f"({issued.isoformat()})",
                field="events",
            )
        return issued, "remiss utfärdad", None
    sought = _single(events, SelfReferralReceived, "self-referral received")
    if sought is None:
        sought = _single(events, ContactSought, "contact sought")
    accepted = _single(events, SelfReferralAccepted, "self-referral accepted")
    if sought is not None and accepted is not None and accepted < sought:
        raise InvalidCaseError(
            f"the self-referral was accepted ({accepted.isoformat()}) before it was received "
            f"({sought.isoformat()})",
            field="events",
        )
    # (the provision is the rule's in force on the day, which the start's step cites)
    statute = "den enskilde sökte kontakt (egen vårdbegäran)"
    practice = "egen vårdbegäran accepterad (vantetider.se)"
    if sought is not None and accepted is not None and sought != accepted:
        if policy is SelfReferralStart.SOUGHT:
            return sought, statute, AlternativeStart(accepted, practice, "vantetider.se FAQ")
        return accepted, practice, AlternativeStart(sought, statute, _statute_of(level, sought))
    if sought is not None:
        return sought, statute, None
    if accepted is not None:
        return accepted, practice, None
    if received is not None:
        raise InvalidCaseError(
            f"the referral's receipt ({received.isoformat()}) is known but not the day it was "
            "issued, which starts the clock (HSF 2017:80 6 kap. 1 § 3): add a ReferralIssued event",
            field="events",
        )
    return None, "", None


def _statute_of(level: Level, day: date) -> str:
    """The source a start on *day* at *level* is counted from, as the start's step cites it.

    The rule's citation in force that day: the law, the 2005 agreement, or BUP's target.
    """
    for rules in (NATIONAL, BUP):
        with contextlib.suppress(NoRuleInForceError, UnknownLevelError):
            return rules.rule_for(level, day).citation.text
    return ""  # (no rule in force that day: evaluate shows no such reading, nor cites one)


def _latest_booking(bookings: list[AppointmentBooked]) -> date | None:
    if not bookings:
        return None
    dates = {booking.on for booking in bookings}
    if len(dates) == 1:
        return bookings[0].on
    if any(booking.booked_on is None for booking in bookings):
        listed = ", ".join(sorted(day.isoformat() for day in dates))
        raise InvalidCaseError(
            f"the events contradict each other: booked for {listed}; give booked_on to say "
            "which booking is the latest",
            field="events",
        )
    # The booking made last counts. Made the same day (a same-day reschedule: booked_on is a
    # day, not a moment), the later appointment: the guarantee is judged against the later day,
    # which never shows a case within the limit that may not be.
    latest = max(bookings, key=lambda booking: (booking.booked_on, booking.on))
    return latest.on


def _pair_exclusions(
    events: list[Event], as_of: date | None, completed: date | None = None
) -> tuple[Exclusion, ...]:
    """The exclusion periods of *events*, each beginning paired with its end, per reason.

    A repeated event (the same reason beginning or ending on the same day) is one, as other
    repeated events are. One still going on as of *as_of* counts up to it, or up to the
    completion when care was given before (one begun after the care counts nothing). A period
    with its end is taken as given, as :class:`~vardgaranti.Case` takes it.
    """
    pairs: list[Exclusion] = []
    for reason in ExclusionReason:
        began = sorted(
            {e.on for e in events if isinstance(e, ExclusionBegan) and e.reason is reason}
        )
        ended = sorted(
            {e.on for e in events if isinstance(e, ExclusionEnded) and e.reason is reason}
        )
        if len(ended) > len(began):
            raise InvalidCaseError(
                f"exclusion {reason.value}: {len(ended)} end(s) but only {len(began)} beginning(s)",
                field="events",
            )
        if len(began) - len(ended) > 1:
            raise InvalidCaseError(
                f"exclusion {reason.value}: {len(began)} beginnings but only {len(ended)} "
                "end(s); only the latest may still be going on",
                field="events",
            )
        for index, start in enumerate(began):
            if index < len(ended):
                end = ended[index]
                if index + 1 < len(began) and began[index + 1] <= end:
                    raise InvalidCaseError(
                        f"exclusion {reason.value}: began again on "
                        f"{began[index + 1].isoformat()} before it ended on {end.isoformat()}",
                        field="events",
                    )
            elif as_of is None:
                raise InvalidCaseError(
                    f"exclusion {reason.value} began on {start.isoformat()} and has no end; "
                    "give an ExclusionEnded event or an as-of date",
                    field="events",
                )
            elif start > as_of:
                continue  # begins after the as-of day: not yet going on then
            elif completed is not None and completed < as_of:
                if start > completed:
                    continue  # begun after the care was given: no day of the wait to leave out
                end = completed  # going on when care was given: no later day counts
            else:
                end = as_of  # still going on: counts up to the as-of day
            pairs.append(Exclusion(reason, start, end))
    return tuple(sorted(pairs))
