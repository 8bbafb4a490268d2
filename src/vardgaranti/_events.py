"""Referral events: the dated facts of a case, as the systems that feed us keep them.

Each event is a small frozen value with the date it happened (``on``). A
:class:`~vardgaranti.Case` can be built from events given in any order with
:meth:`~vardgaranti.Case.from_events`; the result does not depend on the order.

>>> from datetime import date
>>> ReferralIssued(date(2025, 3, 1))
ReferralIssued(on=datetime.date(2025, 3, 1))

A few events, out of order, replayed into a case:

>>> from vardgaranti._case import Case
>>> case = Case.from_events("visit", [
...     ExclusionEnded(date(2025, 4, 14), "mov"), AppointmentBooked(date(2025, 6, 10)),
...     ReferralIssued(date(2025, 3, 3)), ExclusionBegan(date(2025, 4, 1), "mov"),
... ])
>>> case.start, [str(e) for e in case.exclusions], case.booked
(datetime.date(2025, 3, 3), ['mov:2025-04-01..2025-04-14'], datetime.date(2025, 6, 10))
"""

from __future__ import annotations

from datetime import date

import attrs

from ._case import as_day
from ._checks import from_numpy
from ._rules import ExclusionReason, Level, level_of
from ._text import echo
from .errors import InvalidTypeError, VardgarantiError

__all__ = [
    "AppointmentBooked",
    "Completed",
    "ContactSought",
    "DecisionToTreat",
    "Event",
    "ExclusionBegan",
    "ExclusionEnded",
    "ListingRecorded",
    "OfferDeclined",
    "ReferralIssued",
    "ReferralReceived",
    "Restarted",
    "SelfReferralAccepted",
    "SelfReferralReceived",
    "WaiverGiven",
]


# The converters; their parameters' types are those of the fields in ``__init__`` (attrs'
# mypy plugin reads them). An aware ``datetime`` is a ``date`` too (its Stockholm date).


def _date(value: date) -> date:
    return as_day(value, "on")


def _optional_date(value: date | None) -> date | None:
    return None if value is None else as_day(value, "booked_on")


def _reason(value: ExclusionReason | str) -> ExclusionReason:
    if isinstance(value, ExclusionReason):
        return value
    if not isinstance(value, str):
        raise InvalidTypeError(
            f"a reason is mov, pvv or region (or an ExclusionReason), not "
            f"{type(value).__name__} {echo(value)}",
            field="reason",
        )
    try:
        return ExclusionReason.parse(value)
    except VardgarantiError as error:
        raise error.about(error.field or "reason") from None


def _bool_in(value: bool) -> bool:
    """*value*, a NumPy boolean as Python's (as a case's ``listed``)."""
    return from_numpy(value)  # type: ignore[return-value]


def _listed(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidTypeError(
            f"listed must be True or False, not {type(value).__name__} {echo(value)}",
            field="listed",
        )


def _optional_level(value: Level | str | None) -> Level | None:
    return None if value is None else level_of(value)


@attrs.frozen
class ReferralIssued:
    """A referral was issued (*remiss utfärdad*, *beslut om remiss*).

    Starts the besöksgaranti clock, HSF (2017:80) 6 kap. 1 § 3.
    """

    on: date = attrs.field(converter=_date)


@attrs.frozen
class ReferralReceived:
    """The specialised-care unit received the referral. Informational: the clock starts at issue."""

    on: date = attrs.field(converter=_date)


@attrs.frozen
class SelfReferralReceived:
    """A self-referral (*egen vårdbegäran*, *egenremiss*) arrived: the patient sought contact.

    Under HSF 6 kap. 1 § 3 this day starts the clock when no referral is needed.
    """

    on: date = attrs.field(converter=_date)


@attrs.frozen
class SelfReferralAccepted:
    """The unit assessed and accepted the self-referral (the start date vantetider.se uses)."""

    on: date = attrs.field(converter=_date)


@attrs.frozen
class ContactSought:
    """The patient sought contact (with primary care, or specialised care without a referral)."""

    on: date = attrs.field(converter=_date)


@attrs.frozen
class DecisionToTreat:
    """The caregiver decided to give the planned care (HSF 6 kap. 1 § 4)."""

    on: date = attrs.field(converter=_date)


@attrs.frozen
class AppointmentBooked:
    """An appointment was booked for ``on`` (made on ``booked_on``, if known).

    With several bookings, the one made last (by ``booked_on``) counts; of several made the
    same day, the later appointment (the conservative reading: it is the one a breach shows by).
    """

    on: date = attrs.field(converter=_date)
    booked_on: date | None = attrs.field(default=None, converter=_optional_date)


@attrs.frozen
class OfferDeclined:
    """The patient declined the appointment offered for the day ``on``.

    ``on`` is the day of the appointment declined (not the day the patient said no), so that
    the booking for that day no longer counts as booked. Whether the wait that follows is left out
    (HSF 6 kap. 2 § 3, *frivilligt avstår*) depends on facts the event alone does not carry:
    record an :class:`ExclusionBegan`/:class:`ExclusionEnded` pair with reason ``pvv``, or a
    :class:`Restarted`, as the region's practice says (reference, open question 2).
    """

    on: date = attrs.field(converter=_date)


@attrs.frozen
class ExclusionBegan:
    """Time stops counting from ``on`` (inclusive) for ``reason`` (HSF 6 kap. 2 §)."""

    on: date = attrs.field(converter=_date)
    reason: ExclusionReason = attrs.field(converter=_reason)


@attrs.frozen
class ExclusionEnded:
    """The exclusion for ``reason`` ended on ``on`` (the last day not counted)."""

    on: date = attrs.field(converter=_date)
    reason: ExclusionReason = attrs.field(converter=_reason)


@attrs.frozen
class WaiverGiven:
    """The patient declined care elsewhere and with it the guarantee (SKR FAQ 2023; 1177).

    Until a :class:`Restarted`, the case is not covered by the guarantee.
    """

    on: date = attrs.field(converter=_date)


@attrs.frozen
class Restarted:
    """A new full period starts on ``on``.

    The patient withdrew a waiver (declined care elsewhere, then changed their mind):
    "Vårdgarantin börjar räknas på nytt från det datum du meddelade att du ändrade dig"
    (1177); or regretted an agreed later date: it counts "från den tidpunkt då patienten
    meddelar vårdgivaren sitt ändrade beslut" (vantetider.se FAQ).
    """

    on: date = attrs.field(converter=_date)


@attrs.frozen
class ListingRecorded:
    """Whether the patient was listed (*listad*) with the primary-care provider, from ``on``.

    Since 2022-07-01 the contact and assessment guarantees at a vårdval provider apply only to
    listed patients (HSL 2017:30 9 kap. 1 § 2 st.).
    """

    on: date = attrs.field(converter=_date)
    listed: bool = attrs.field(default=True, converter=_bool_in, validator=_listed)


@attrs.frozen
class Completed:
    """Care was given on ``on``: the visit or assessment took place, or treatment started.

    ``level`` says which step; ``None`` means the case's own level. BUP chains use it: a
    deepened assessment starts from ``Completed(on, Level.FIRST_ASSESSMENT)``.
    """

    on: date = attrs.field(converter=_date)
    level: Level | None = attrs.field(default=None, converter=_optional_level)


#: Any referral event (also for ``isinstance``: :meth:`~vardgaranti.Case.from_events`
#: refuses anything else).
Event = (
    ReferralIssued
    | ReferralReceived
    | SelfReferralReceived
    | SelfReferralAccepted
    | ContactSought
    | DecisionToTreat
    | AppointmentBooked
    | OfferDeclined
    | ExclusionBegan
    | ExclusionEnded
    | WaiverGiven
    | Restarted
    | ListingRecorded
    | Completed
)
