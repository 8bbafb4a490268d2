"""Travel and other extra costs when care is given elsewhere: who pays, and roughly how much.

**The law.** When the visit or the treatment guarantee is not met, the region "ska se till att
patienten får vård hos en annan vårdgivare utan extra kostnad för patienten" (HSL 2017:30
9 kap. 2 §; Patientlagen 2014:821 2 kap. 4 §).

**Practice.** The region informs the patient, finds the other caregiver and reimburses "eventuella
merkostnader (sjukresa, hotell, ledsagare med mera)" (SKR FAQ 2023-12-11). The costs are paid
when the region *referred* the patient under the guarantee, not "om du själv väljer var du ska
få vård" (1177; VGR sjukresehandbok "Vårdgaranti och valfrihet"). How much a trip is reimbursed
follows each region's sjukresa rules: no national amount exists, so the figures are data
(:class:`TravelRules`, read from a TOML file with the source of each figure), never code.

What this module gives:

* :func:`costs_covered`: for one evaluated row, whether the region pays the extra costs
  (``yes``, ``no`` or empty) and why (:class:`CostReason`, with a text in Swedish and English);
  the column ``costs_covered`` of ``check``. :func:`decide_costs` is the same decision from its
  plain inputs.
* :class:`TravelRules` and :func:`travel_rules`: the regional figures, and an estimate of one
  episode's travel (:meth:`TravelRules.estimate`).
* :class:`CostFollowUp`: the follow-up table per unit and month of patients who waited more than
  90 days and were given care elsewhere (``vardgaranti worklist --costs``); those referred and
  given care by the law's day, and those with a deviation code, are counted beside it.
"""

from __future__ import annotations

import pkgutil
import re
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum
from numbers import Real
from pathlib import Path
from typing import TYPE_CHECKING, Final, NamedTuple

import attrs

from ._checks import named, path_exists
from ._collation import swedish_key
from ._core import Status
from ._dates import as_date
from ._messages import Lang, check_lang, message
from ._profiles import DayReader
from ._rules import Level, read_data_file, read_rule_file
from ._text import INVISIBLE, echo, one_line, shown
from .errors import (
    InvalidTypeError,
    InvalidValueError,
    RuleSetError,
    TravelRulesError,
    VardgarantiError,
)

if TYPE_CHECKING:
    from ._rows import Assessed
    from ._waiting_list import AssessedFile, AssessedRow

__all__ = [
    "COSTS_SOURCE",
    "OWN_CHOICE_SOURCE",
    "PATIENT_COLUMNS",
    "PATIENT_TRAVEL_COLUMNS",
    "CostFollowUp",
    "CostPatient",
    "CostReason",
    "CostRow",
    "CostsCovered",
    "TravelEstimate",
    "TravelFigure",
    "TravelRules",
    "TravelRulesError",
    "costs_covered",
    "costs_of_facts",
    "decide_costs",
    "load_travel_rules",
    "names_provider",
    "parse_distance",
    "travel_rules",
    "travel_rules_from_data",
]

#: What the region's duty to pay covers (SKR), after the law of the rule version.
_EXTRA_COSTS: Final = "SKR FAQ 2023-12-11 (merkostnader: sjukresa, hotell, ledsagare)"
#: The source of the region's duty to pay the extra costs under today's law.
COSTS_SOURCE: Final = (
    f"HSL (2017:30) 9 kap. 2 §; Patientlagen (2014:821) 2 kap. 4 §; {_EXTRA_COSTS}"
)
#: The source of "not when the patient chose the provider".
OWN_CHOICE_SOURCE: Final = (
    "1177 Vårdgaranti (inte om du själv väljer var du ska få vård); VGR sjukresehandbok, "
    "Vårdgaranti och valfrihet"
)
_NO_DUTY_SOURCE: Final = "HSL (2017:30) 9 kap. 2 § ('1 § 3 eller 4': besök och behandling)"
#: What the guarantee covers, when the reason a contact is not covered is not known.
_NOT_COVERED_SOURCE: Final = "HSL (2017:30) 9 kap. 1 §"
_CHECK_SOURCE: Final = "vardgaranti: the referral date must fall on or after the start"
_AFTER_CARE_SOURCE: Final = (
    "vardgaranti: the referral date must fall on or before the day the care was given"
)
#: What an export writes in a cell with no provider: blanks, a dash, an invisible character.
_NO_PROVIDER: Final = frozenset(" \t\u00a0-\u2013\u2014") | INVISIBLE
_RESTART_SOURCE: Final = (
    "1177; SKR FAQ 2023: after a restart the guarantee counts anew from the day the patient "
    "changed their mind (a new full period)"
)


class CostReason(StrEnum):
    """Why the region does or does not pay the extra costs of care elsewhere.

    >>> CostReason("own-choice"), CostReason.REFERRED_LATER.value
    (<CostReason.OWN_CHOICE: 'own-choice'>, 'referred-later')
    """

    #: The region referred the patient under the guarantee: it pays (``yes``).
    REFERRED = "referred"
    #: The patient chose the other provider without a referral under the guarantee (``no``).
    OWN_CHOICE = "own-choice"
    #: Care elsewhere is due, but the patient is not referred yet (empty).
    DUE = "due"
    #: No care elsewhere is arranged or chosen (empty).
    NOT_ELSEWHERE = "not-elsewhere"
    #: The level brings no right to care elsewhere: contact, assessment, the BUP deepened
    #: assessment (empty).
    NO_DUTY = "no-duty"
    #: The guarantee does not apply to the contact (empty).
    NOT_COVERED = "not-covered"
    #: The referral date is before the start: a mistake to correct (empty).
    REFERRED_BEFORE_START = "referred-before-start"
    #: The referral date is before a restart (on or after the start): the referral was for the
    #: period before it, which a declined offer or the patient's change of mind ended; this
    #: period's referral, if any, is not known (empty).
    REFERRED_BEFORE_RESTART = "referred-before-restart"
    #: The referral date is after the as-of day: it has not happened yet (empty).
    REFERRED_LATER = "referred-later"
    #: The referral date is after the care was given: the region cannot have arranged that
    #: care by it, so the date or the referral is a mistake to correct (empty).
    REFERRED_AFTER_CARE = "referred-after-care"


class CostsCovered(NamedTuple):
    """Whether the region pays the extra costs of care elsewhere, and why (a named tuple).

    A referral dated after the as-of day has not happened yet: not known, so empty.

    >>> from datetime import date
    >>> answer = decide_costs(covered=True, duty=True, care_due=True, start=date(2025, 1, 2),
    ...                       referred=date(2025, 6, 5), provider="", as_of=date(2025, 6, 2))
    >>> answer.value, answer.reason, answer.day
    ('', <CostReason.REFERRED_LATER: 'referred-later'>, datetime.date(2025, 6, 5))
    >>> answer.text("en")
    'The referral on 2025-06-05 is after the as-of day and has not happened yet.'
    """

    #: ``"yes"``, ``"no"`` or ``""`` (not applicable, or not known yet): the ``costs_covered``
    #: column.
    value: str
    #: Why.
    reason: CostReason
    #: What the answer rests on.
    source: str
    #: The referral date, when the reason is about it.
    day: date | None = None

    def text(self, lang: Lang = "en") -> str:
        """The reason in *lang*, as one sentence.

        Args:
            lang: ``sv`` or ``en``.

        Returns:
            The sentence, with the referral date where the reason is about it.

        Raises:
            InvalidValueError: *lang* is not ``sv`` or ``en`` (field ``lang``).
        """
        return message(f"costs.{self.reason.value}", check_lang(lang), day=self.day)


def decide_costs(
    *,
    covered: bool,
    duty: bool,
    care_due: bool,
    start: date,
    referred: date | None,
    provider: str,
    as_of: date | None = None,
    citation: str | None = None,
    completed: date | None = None,
    restart: date | None = None,
) -> CostsCovered:
    """Whether the region pays the extra costs of care elsewhere, from the plain facts.

    In order: a contact the guarantee does not cover, or a level without a right to care
    elsewhere, is not applicable (empty); a referral under the guarantee (on or after the start
    and on or after a restart, not after *as_of*, and not after the care was given) means
    ``yes``; a provider without a
    referral is the patient's own choice, ``no``; otherwise empty, with ``due`` when care
    elsewhere is due now.

    Args:
        covered: the guarantee applies to the contact.
        duty: missing this level's limit brings a right to care elsewhere (the visit and the
            treatment guarantee: :attr:`~vardgaranti.Rule.care_elsewhere_applies`).
        care_due: the duty of care elsewhere has arisen as of the day (the law's last day
            has passed unmet).
        start: the start of the wait.
        referred: the day the region referred the patient under the guarantee, if it did.
        provider: the other provider, as written (empty: none).
        as_of: the as-of day; a referral after it has not happened yet.
        citation: the law of the rule version behind the duty of care elsewhere, or that
            names the levels that have it (default: HSL 2017:30).
        completed: the day the care was given, if it was: a referral after it cannot be how
            the region arranged that care (empty, ``referred-after-care``).
        restart: day 0 of the period counted, the restart that began it (the start itself, or
            ``None``, when there was none): a referral before it was for the period before
            (empty, ``referred-before-restart``).

    Returns:
        The ``costs_covered`` value (``yes``, ``no`` or empty), its reason and its source.

    >>> from datetime import date
    >>> decide_costs(covered=True, duty=True, care_due=True, start=date(2025, 1, 2),
    ...              referred=date(2025, 4, 20), provider="Capio").value
    'yes'
    >>> decide_costs(covered=True, duty=True, care_due=False, start=date(2025, 1, 2),
    ...              referred=None, provider="Capio").reason.value
    'own-choice'

    Raises:
        InvalidTypeError: a flag that is not ``True`` or ``False``, a *provider* or
            *citation* that is not text (naming the argument).
        DateTypeError: a date that is not a ``date`` or an aware ``datetime`` (naming the
            argument).
    """
    for name, flag in (("covered", covered), ("duty", duty), ("care_due", care_due)):
        if not isinstance(flag, bool):
            raise InvalidTypeError(f"must be True or False, not {echo(flag)}", field=name)
    if citation is not None and not isinstance(citation, str):
        raise InvalidTypeError(f"must be text or None, not {echo(citation)}", field="citation")
    # (an aware datetime is a day in Stockholm; the start is required)
    start = as_date(start, "start")
    referred = None if referred is None else as_date(referred, "referred")
    as_of = None if as_of is None else as_date(as_of, "as_of")
    completed = None if completed is None else as_date(completed, "completed")
    restart = None if restart is None else as_date(restart, "restart")
    return costs_of_facts(covered, duty, care_due, start, referred, provider, as_of, citation,
                          completed, restart)  # fmt: skip


def costs_of_facts(
    covered: bool,
    duty: bool,
    care_due: bool,
    start: date,
    referred: date | None,
    provider: str,
    as_of: date | None,
    citation: str | None,
    completed: date | None,
    restart: date | None,
) -> CostsCovered:
    """:func:`decide_costs` of arguments already checked (the engines call it for every row)."""
    if not isinstance(provider, str):
        raise InvalidTypeError(
            f"must be text ('' for none), not {echo(provider)}", field="provider"
        )
    if not covered:
        return CostsCovered("", CostReason.NOT_COVERED, _NOT_COVERED_SOURCE)
    if not duty:  # (the duty of the law of the day, where the caller named it)
        no_duty = f"{citation} (besök och behandling)" if citation else _NO_DUTY_SOURCE
        return CostsCovered("", CostReason.NO_DUTY, no_duty)
    # (the law of the rule version, once: it was named twice under today's law)
    law = f"{citation}; {_EXTRA_COSTS}" if citation else COSTS_SOURCE
    if referred is not None:
        if referred < start:
            return CostsCovered("", CostReason.REFERRED_BEFORE_START, _CHECK_SOURCE, referred)
        if restart is not None and referred < restart:  # (a restart on the start: caught above)
            return CostsCovered("", CostReason.REFERRED_BEFORE_RESTART, _RESTART_SOURCE, referred)
        # (care given by the as-of day, referred after it: a wrong date, also when the referral
        # is after the as-of day; care after the as-of day has not happened, nor its referral)
        if completed is not None and referred > completed and (as_of is None or completed <= as_of):
            return CostsCovered("", CostReason.REFERRED_AFTER_CARE, _AFTER_CARE_SOURCE, referred)
        if as_of is not None and referred > as_of:
            return CostsCovered("", CostReason.REFERRED_LATER, law, referred)
        return CostsCovered("yes", CostReason.REFERRED, law, referred)
    if names_provider(provider):
        return CostsCovered("no", CostReason.OWN_CHOICE, OWN_CHOICE_SOURCE)
    if care_due:
        return CostsCovered("", CostReason.DUE, law)
    return CostsCovered("", CostReason.NOT_ELSEWHERE, law)


def names_provider(cell: str) -> bool:
    """Whether a ``provider`` cell names one: not blank, a dash (``-``, ``–``) or invisible.

    An export's placeholder for no provider is no provider: read as one, it made the patient's
    own choice, ``costs_covered`` ``no``, of a cell that says nothing.

    >>> [names_provider(cell) for cell in ("Capio", " ", "-", "\u200b", "–")]
    [True, False, False, False, False]
    """
    return any(char not in _NO_PROVIDER for char in cell)


class _NotYet:
    """Stands for the class of a row's evaluation until :func:`_is_assessed` looks it up."""


#: The class of a row's evaluation, once :func:`_is_assessed` has met one (``_rows`` imports
#: this module: the class is looked up when first needed).
_ASSESSED: list[type] = [_NotYet]


def _is_assessed(value: object) -> bool:
    """Whether *value* is an :class:`~vardgaranti.Assessed` (remembering the class)."""
    from ._rows import Assessed

    _ASSESSED[0] = Assessed
    return isinstance(value, Assessed)


def costs_covered(
    assessed: Assessed, referred: date | None, provider: str, *, as_of: date | None = None
) -> CostsCovered:
    r"""Whether the region pays the extra costs of care elsewhere for one evaluated row.

    The ``costs_covered`` column of ``check``: ``yes`` when the region referred the patient
    under the guarantee (HSL 9 kap. 2 §, Patientlagen 2 kap. 4 §; SKR: the region reimburses
    the extra costs), ``no`` when the patient chose the provider (1177), empty when it does
    not apply (not covered; contact, assessment and the BUP deepened assessment have no right
    to care elsewhere; a BUP first assessment or treatment has the law's beneath its target)
    or is not known yet. See :func:`decide_costs` for the order of the checks.

    Args:
        assessed: the row, evaluated.
        referred: the ``referred`` cell as a date (``None`` when empty or absent).
        provider: the ``provider`` cell (empty when absent).
        as_of: the as-of day: a referral after it has not happened yet, and care elsewhere
            for a booking after the law's last day is ``due`` only once that day has passed
            (without it: as the row's ``care_elsewhere`` says).

    Returns:
        The answer (``value``, ``reason``, ``source``), a tuple.

    Raises:
        InvalidTypeError: *assessed* is not an :class:`~vardgaranti.Assessed`, or another
            argument of the wrong type (the field named, as :func:`decide_costs`).

    A visit past its deadline (2025-04-10): referred, the patient's own choice, neither yet.

    >>> import io
    >>> from vardgaranti import assess_file
    >>> as_of = date(2025, 6, 2)
    >>> with assess_file(io.StringIO("id;level;start\nA;visit;2025-01-10\n"), as_of=as_of) as file:
    ...     (row,) = file.rows
    >>> [costs_covered(row.assessed, referred, provider, as_of=as_of).value
    ...  for referred, provider in [(date(2025, 4, 20), ""), (None, "Capio"), (None, "")]]
    ['yes', 'no', '']
    """
    if type(assessed) is not _ASSESSED[0] and not _is_assessed(assessed):
        raise InvalidTypeError(
            f"assessed must be a row's Assessed (AssessedRow.assessed), not "
            f"{type(assessed).__name__} {echo(assessed)}",
            field="assessed",
        )
    rule = assessed.rule
    statutory = rule.statutory if rule is not None else None
    citation = None
    if statutory is not None:
        if statutory.care_elsewhere_citation is not None:
            citation = statutory.care_elsewhere_citation.text
        else:  # a level without the duty: the law of its day that gives it to others
            from ._rules import NATIONAL

            citation = next(
                (
                    other.care_elsewhere_citation.text
                    for other in NATIONAL.rules_in_force(statutory.effective_from)
                    if other.care_elsewhere_citation is not None
                ),
                None,
            )
    # Booked after the law's last day: `care_elsewhere` (yes, unless rebooked in time), but
    # the duty arises only the day after that day.
    due = assessed.care_elsewhere and (
        as_of is None or (assessed.care_deadline is not None and as_of > assessed.care_deadline)
    )
    answer = decide_costs(
        covered=assessed.status is not Status.NOT_COVERED and rule is not None,
        duty=rule is not None and rule.care_elsewhere_applies,
        care_due=due,
        start=assessed.start,
        referred=referred,
        provider=provider,
        as_of=as_of,
        citation=citation,
        completed=assessed.completed,
        restart=assessed.clock_start,
    )
    if answer.reason is CostReason.NOT_COVERED and rule is not None:
        from ._explain import uncovered_source

        why = assessed.uncovered
        source = None if why is None else uncovered_source(why, rule)
        if source is not None:
            answer = answer._replace(source=source)
    return answer


# -- regional travel rules ----------------------------------------------------------------------


@attrs.frozen
class TravelFigure:
    """One figure of the travel rules and where it comes from.

    Attributes:
        amount: the amount (in the rules' currency), or 1/0 for a yes/no setting.
        source: the decision or text it comes from.
    """

    amount: Decimal
    source: str


@attrs.frozen
class TravelEstimate:
    """The estimated travel of one episode of care elsewhere.

    The three parts add up to the cost, to the öre: ``region_pays + patient_pays + uncovered ==
    cost`` (see :meth:`TravelRules.estimate`). Above the example's ceiling of 3,000 kr a trip:

    >>> estimate = travel_rules("example").estimate("1300")
    >>> estimate.cost, estimate.region_pays, estimate.patient_pays, estimate.uncovered
    (Decimal('6500.00'), Decimal('6000.00'), Decimal('0.00'), Decimal('500.00'))

    Attributes:
        distance_km: the distance one way, in kilometres.
        trips: the single trips counted (there and back: 2).
        cost: the trips' cost by the rate per mil (each trip rounded to the öre).
        region_pays: what the region pays.
        patient_pays: what the patient pays in own fees (never more than the cost).
        uncovered: what the rules leave unpaid: the part of a trip above the region's
            ``ceiling_per_trip`` that the patient's own fee does not pay either.
        example: the rules are an example, not a region's decision.
    """

    distance_km: Decimal
    trips: int
    cost: Decimal
    region_pays: Decimal
    patient_pays: Decimal
    uncovered: Decimal
    example: bool


#: The context of the follow-up's sums: exact for any table (each amount is below 1e22 kr
#: with two decimals, and a table holds fewer than 1e30 of them).
_EXACT_SUMS: Final = Context(prec=60)
#: The longest distance one way read from a cell: Sweden is about 1,600 km long; a trip to care
#: in another country of Europe is within 3,000 km. A larger figure is metres or Swedish mil
#: written as kilometres (a trillion-kronor estimate, silently), so it is not read.
_MOST_KM: Final = Decimal(3000)
_DISTANCE: Final = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
_MIL_KM: Final = Decimal(10)
_TOP_KEYS: Final = frozenset(
    {
        "name",
        "description",
        "example",
        "currency",
        "own_fee",
        "rate_per_mil",
        "ceiling_per_trip",
        "patient_ceiling",
        "own_fee_when_referred",
    }
)
_REQUIRED: Final = ("name", "currency", "own_fee", "rate_per_mil", "own_fee_when_referred")


def _ore(value: Decimal) -> int:
    """*value* (kronor) in whole öre, rounded half up."""
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _kronor(ore: int) -> Decimal:
    """Whole öre as kronor with two decimals (exact: a Decimal from text is never rounded)."""
    return Decimal(f"{ore}E-2")


@attrs.frozen
class TravelRules:
    """A region's rules for travel to care elsewhere, each figure with its source.

    >>> rules = travel_rules("example")
    >>> rules.example, rules.rate_per_mil.amount, rules.own_fee_when_referred.amount
    (True, Decimal('25'), Decimal('0'))

    Attributes:
        name: the rules' name.
        description: what they are.
        example: the figures are an example, not a region's decision.
        currency: the currency of the amounts.
        own_fee: the patient's own fee per single trip.
        rate_per_mil: the cost per mil (10 km) of a trip.
        ceiling_per_trip: the most the region pays for one trip, if there is a ceiling.
        patient_ceiling: the most a patient pays in own fees in 12 months, if there is one.
        own_fee_when_referred: whether the own fee applies when the region referred the
            patient under the guarantee (``amount`` 1 or 0).
        origin: the file (or ``example``) the rules were read from.
    """

    name: str
    description: str
    example: bool
    currency: str
    own_fee: TravelFigure
    rate_per_mil: TravelFigure
    ceiling_per_trip: TravelFigure | None
    patient_ceiling: TravelFigure | None
    own_fee_when_referred: TravelFigure
    origin: str

    def estimate(self, distance_km: Decimal | int | str, trips: int = 2) -> TravelEstimate:
        """The travel of one episode of care elsewhere, for a patient the region referred.

        Trip by trip, in öre (no rounding drift):

        1. a single trip costs ``distance / 10 × rate_per_mil``, rounded to the öre (half up);
        2. the patient pays the own fee where ``own_fee_when_referred`` says so, but never more
           than the trip costs (``min(own_fee, trip)``), and no more than ``patient_ceiling``
           in all (the episode taken as the first fees of the 12 months): once it is reached,
           the later trips carry no fee;
        3. the region pays the rest of the trip, at most ``ceiling_per_trip``;
        4. what the ceiling leaves is ``uncovered``: neither the region nor the fee pays it.

        So ``region_pays + patient_pays + uncovered == cost`` exactly, and the patient never
        pays more than the trips cost.

        Args:
            distance_km: the distance of one trip, in kilometres (a number, or text with a
                decimal point or comma).
            trips: how many trips the episode takes (2: there and back).

        Returns:
            The cost and who pays what, in the rules' currency.

        Raises:
            InvalidValueError: a distance that is not a number of kilometres from 0 to 3000,
                or *trips* below 1 (naming ``distance_km`` or ``trips``).
            InvalidTypeError: a distance that is neither a number nor text (``None``,
                ``True``), or *trips* that is not a whole number (``2.0``, ``"2"``).

        >>> rules = travel_rules("example")
        >>> estimate = rules.estimate("42", trips=2)
        >>> estimate.cost, estimate.region_pays, estimate.patient_pays, estimate.uncovered
        (Decimal('210.00'), Decimal('210.00'), Decimal('0.00'), Decimal('0.00'))
        """
        if isinstance(distance_km, bool) or not isinstance(distance_km, (Decimal, Real, str)):
            raise InvalidTypeError(
                "the distance must be kilometres from 0 to 3000 (a number or text), not "
                f"{type(distance_km).__name__} {echo(distance_km)}",
                field="distance_km",
            )
        try:
            distance = (
                distance_km
                if isinstance(distance_km, Decimal)
                else parse_distance(str(distance_km))
            )
        except VardgarantiError as error:
            raise error.about("distance_km") from None
        if distance is None or not distance.is_finite() or not 0 <= distance <= _MOST_KM:
            raise InvalidValueError(
                f"the distance must be kilometres from 0 to 3000, not {distance_km!r}",
                field="distance_km",
            )
        if isinstance(trips, bool) or not isinstance(trips, int):
            raise InvalidTypeError(
                f"trips must be a whole number >= 1, not {echo(trips)}", field="trips"
            )
        if trips < 1:
            raise InvalidValueError(
                f"trips must be a whole number >= 1, not {trips!r}", field="trips"
            )
        trip = _ore(distance / _MIL_KM * self.rate_per_mil.amount)
        fee = min(_ore(self.own_fee.amount), trip) if self.own_fee_when_referred.amount else 0
        ceiling = None if self.ceiling_per_trip is None else _ore(self.ceiling_per_trip.amount)
        # The trips fall in at most three kinds: a full fee, the part of a fee the patient
        # ceiling leaves, and no fee (the ceiling reached, or no fee at all).
        full, part = trips, 0
        if fee and self.patient_ceiling is not None:
            limit = _ore(self.patient_ceiling.amount)
            full = min(trips, limit // fee)
            part = limit - full * fee if full < trips else 0
        kinds = [(full, fee), (1, part)] if part else [(full, fee)]
        kinds.append((trips - full - (1 if part else 0), 0))
        region = patient = 0
        for count, paid in kinds:
            rest = trip - paid
            covered = rest if ceiling is None else min(rest, ceiling)
            patient += count * paid
            region += count * covered
        cost = trip * trips
        return TravelEstimate(
            distance_km=distance,
            trips=trips,
            cost=_kronor(cost),
            region_pays=_kronor(region),
            patient_pays=_kronor(patient),
            uncovered=_kronor(cost - region - patient),
            example=self.example,
        )

    def as_dict(self) -> dict[str, object]:
        """The rules as JSON-ready data (amounts as text, to keep them exact)."""

        def figure(value: TravelFigure | None) -> dict[str, str] | None:
            return None if value is None else {"amount": str(value.amount), "source": value.source}

        return {
            "name": self.name,
            "description": self.description,
            "example": self.example,
            "currency": self.currency,
            "own_fee": figure(self.own_fee),
            "rate_per_mil": figure(self.rate_per_mil),
            "ceiling_per_trip": figure(self.ceiling_per_trip),
            "patient_ceiling": figure(self.patient_ceiling),
            "own_fee_when_referred": {
                "value": bool(self.own_fee_when_referred.amount),
                "source": self.own_fee_when_referred.source,
            },
            "origin": self.origin,
        }


def parse_distance(text: str) -> Decimal | None:
    """A distance in kilometres from a cell: ``42``, ``12,5``, ``12.5``; ``None`` when blank.

    Raises:
        InvalidValueError: not a number of kilometres >= 0.

    >>> parse_distance("12,5"), parse_distance(" "), parse_distance("7")
    (Decimal('12.5'), None, Decimal('7'))
    """
    stripped = text.strip()
    if not stripped:
        return None
    if len(stripped) > 20 or not _DISTANCE.fullmatch(stripped):
        raise InvalidValueError(f"{echo(text)} is not a distance in kilometres (e.g. 42 or 12,5)")
    distance = Decimal(stripped.replace(",", "."))
    if distance > _MOST_KM:
        raise InvalidValueError(
            f"{echo(text)} is not a distance in kilometres one way (at most {_MOST_KM}: metres "
            "or mil?)"
        )
    return distance


def _check_travel_name(name_or_path: object, field: str, wanted: str) -> None:
    """Refuse a name or path of travel rules that is not text or a path, or is empty."""
    if not isinstance(name_or_path, (str, Path)):
        raise InvalidTypeError(f"give {wanted}, not {echo(name_or_path)}", field=field)
    named(name_or_path, field, wanted)


def travel_rules(name_or_path: str | Path) -> TravelRules:
    """The built-in ``example`` rules, or a region's rules from a TOML file.

    The example's figures are an example, not a region's decision (its ``example`` is true);
    see ``data/travel/example.toml`` for the format.

    Args:
        name_or_path: ``example`` (in any case), or the path of a region's ``.toml`` file.

    Returns:
        The travel rules, each figure with its source.

    >>> travel_rules("Example").currency
    'SEK'
    >>> travel_rules(None)
    Traceback (most recent call last):
    ...
    vardgaranti.errors.InvalidTypeError: travel_rules: give 'example' or the path of a .toml ...

    Raises:
        TravelRulesError: an unknown name, or a file that is not valid travel rules.
    """
    _check_travel_name(name_or_path, "travel_rules", "'example' or the path of a .toml file")
    if isinstance(name_or_path, str) and name_or_path.strip().lower() == "example":
        data = pkgutil.get_data(__package__ or "vardgaranti", "data/travel/example.toml")
        if data is None:  # pragma: no cover - a loader without get_data
            raise TravelRulesError("example.toml: the package's loader cannot read its data")
        return _from_bytes(data, "example")
    path = Path(name_or_path)
    if path.suffix.lower() != ".toml" and not path_exists(path):
        raise TravelRulesError(
            f"unknown travel rules {echo(str(name_or_path))}; use example or a .toml file"
        )
    return load_travel_rules(path)


def load_travel_rules(path: str | Path) -> TravelRules:
    r"""Read a region's travel rules from a TOML file (the format of ``example.toml``).

    The file is read within the limits of rule files (1 MiB, nesting, dotted keys).

    Args:
        path: the TOML file.

    Returns:
        The travel rules, each figure with its source.

    Here the own fee applies also when the region referred the patient:

    >>> import tempfile
    >>> lines = ['name = "X"', 'currency = "SEK"', 'own_fee = {amount = 100, source = "RF 1"}',
    ...          'rate_per_mil = {amount = 30, source = "RF 1"}',
    ...          'own_fee_when_referred = {value = true, source = "RF 1"}']
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = Path(folder, "resor.toml").write_text("\n".join(lines), encoding="utf-8")
    ...     load_travel_rules(Path(folder, "resor.toml")).estimate("50").patient_pays
    Decimal('200.00')

    Raises:
        TravelRulesError: the file cannot be read, is not valid TOML, or breaks the format;
            one line naming the file and the key.
    """
    _check_travel_name(path, "path", "the path of a .toml file")
    path = Path(path)
    try:
        data = read_data_file(path)
    except OSError as error:
        raise TravelRulesError(
            f"{shown(str(path))}: cannot read the travel rules ({error.strerror})"
        ) from error
    except ValueError as error:  # a NUL in the path
        raise TravelRulesError(
            f"{shown(str(path))}: cannot read the travel rules ({error})"
        ) from None
    return _from_bytes(data, str(path))


def _from_bytes(data: bytes, origin: str) -> TravelRules:
    try:
        parsed = read_rule_file(data, origin, "travel rules file")
    except RuleSetError as error:
        raise TravelRulesError(str(error)) from None
    return travel_rules_from_data(parsed, origin)


def travel_rules_from_data(data: Mapping[str, object], origin: str = "travel rules") -> TravelRules:
    """Build travel rules from parsed TOML data (see :func:`load_travel_rules`).

    Raises:
        TravelRulesError: an unknown or missing key, a figure without a source, an amount that
            is not a number >= 0; naming the key.
    """

    def fail(key: str, text: str) -> TravelRulesError:
        return TravelRulesError(f"{shown(origin)}: {key}: {text}")

    if not isinstance(data, Mapping):
        raise TravelRulesError(f"{origin}: travel rules are a table of keys")
    unknown = sorted(str(key) for key in data if key not in _TOP_KEYS)
    if unknown:
        # (a key of the file: quoted and escaped when it is not plain, as it goes to a terminal)
        raise fail(
            shown(unknown[0]), f"unknown key; travel rules have {', '.join(sorted(_TOP_KEYS))}"
        )
    for key in _REQUIRED:
        if key not in data:
            raise fail(key, "required")

    def line(key: str, required: bool = True) -> str:
        value = data.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise fail(key, "must be one line of text")
        if not one_line(value):
            raise fail(key, "must be one line without control characters")
        return value.strip()

    def figure(key: str, *, flag: bool = False) -> TravelFigure | None:
        table = data.get(key)
        if table is None:
            return None
        field = "value" if flag else "amount"
        if not isinstance(table, Mapping) or set(table) != {field, "source"}:
            raise fail(key, f"must be a table with exactly '{field}' and 'source'")
        source = table["source"]
        if not isinstance(source, str) or not source.strip():
            raise fail(f"{key}.source", "required: the decision or text the figure comes from")
        if not one_line(source):
            raise fail(f"{key}.source", "must be one line without control characters")
        value = table[field]
        if flag:
            if not isinstance(value, bool):
                raise fail(f"{key}.value", "must be true or false")
            return TravelFigure(Decimal(int(value)), source.strip())
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail(f"{key}.amount", f"must be a number, not {echo(value)}")
        amount = Decimal(str(value))
        if not amount.is_finite() or amount < 0 or amount > Decimal(10) ** 9:
            raise fail(f"{key}.amount", f"must be a number from 0 to 1e9, not {echo(value)}")
        if amount.is_zero():
            amount = abs(amount)  # -0.0 is zero: not shown as "-0.0"
        return TravelFigure(amount, source.strip())

    example = data.get("example", False)
    if not isinstance(example, bool):
        raise fail("example", "must be true or false")
    own_fee = figure("own_fee")
    rate = figure("rate_per_mil")
    when_referred = figure("own_fee_when_referred", flag=True)
    assert own_fee is not None  # required: checked above
    assert rate is not None
    assert when_referred is not None
    return TravelRules(
        name=line("name"),
        description=line("description", required=False),
        example=example,
        currency=line("currency"),
        own_fee=own_fee,
        rate_per_mil=rate,
        ceiling_per_trip=figure("ceiling_per_trip"),
        patient_ceiling=figure("patient_ceiling"),
        own_fee_when_referred=when_referred,
        origin=origin,
    )


# -- the follow-up table ------------------------------------------------------------------------


@attrs.define
class CostRow:
    """One line of the follow-up table: a unit and a month.

    Attributes:
        unit: the unit.
        month: the month care was given (``YYYY-MM``).
        patients: patients given care elsewhere after the law's day (see
            :class:`CostFollowUp`).
        referred: of them, referred by the region under the guarantee (it pays the costs).
        own_choice: of them, at a provider they chose themselves (the region does not pay).
        to_check: of them, neither: a referral dated before the start (or a restart), after
            the as-of day or after the care (a date to correct; ``patients = referred +
            own_choice + to_check``).
        travel_patients: of the referred, those with a distance (the estimate counts them).
        travel_cost: the estimated cost of their travel (with travel rules).
        region_pays: of it, what the region pays.
        patient_pays: of it, the own fees the patients pay.
        uncovered: of it, what the rules leave unpaid (above the region's ceiling per trip):
            ``region_pays + patient_pays + uncovered == travel_cost``.
    """

    unit: str
    month: str
    patients: int = 0
    referred: int = 0
    own_choice: int = 0
    to_check: int = 0
    travel_patients: int = 0
    travel_cost: Decimal = Decimal("0.00")
    region_pays: Decimal = Decimal("0.00")
    patient_pays: Decimal = Decimal("0.00")
    uncovered: Decimal = Decimal("0.00")

    def as_dict(self, travel: bool) -> dict[str, object]:
        """The line as JSON-ready data (amounts as text), with the travel columns if *travel*."""
        data: dict[str, object] = {
            "unit": self.unit,
            "month": self.month,
            "patients": self.patients,
            "referred": self.referred,
            "own_choice": self.own_choice,
            "to_check": self.to_check,
        }
        if travel:
            data.update(
                travel_patients=self.travel_patients,
                travel_cost=str(self.travel_cost),
                region_pays=str(self.region_pays),
                patient_pays=str(self.patient_pays),
                uncovered=str(self.uncovered),
            )
        return data


@attrs.frozen
class CostPatient:
    """One patient given care elsewhere, for paying (``worklist --costs --patients``).

    Attributes:
        line: the line (or sheet row, or XML line) the row began on.
        id: the id as written.
        unit: the unit (blanks stripped).
        level: the level.
        start: day 0 of the period counted.
        law_deadline: the law's day (90 days, or the law's day beneath a region's limit or
            the BUP target), after which care elsewhere is a right (HSL 9 kap. 2 §).
        completed: the day care was given.
        late: care was given after the law's day (the follow-up table counts the patient);
            ``None`` for a case with a deviation code but no dates (the national format's
            Avvikelse), whose wait is not judged: listed, so that a patient the region pays
            for is on the list to pay from, but not in the table (``past_law_deadline``
            empty).
        referred: the day the region referred the patient under the guarantee, if any.
        provider: the other provider, as written.
        answer: whether the region pays the extra costs, and why (``costs_covered``).
        distance: the distance cell as written (empty without a ``distance`` column).
        travel: the travel estimate: a referred patient (``yes``) with a distance read, with
            travel rules; else ``None``.
    """

    line: int
    id: str
    unit: str
    level: Level
    start: date
    law_deadline: date | None
    completed: date
    late: bool | None
    referred: date | None
    provider: str
    answer: CostsCovered
    distance: str = ""
    travel: TravelEstimate | None = None

    def as_dict(self, travel: bool) -> dict[str, object]:
        """The patient as JSON-ready data (dates as text, amounts as text).

        Args:
            travel: whether the list has travel estimates: the travel columns are given.

        Returns:
            The ``line`` and the columns of :meth:`values`, dates as ``YYYY-MM-DD`` and
            amounts as text.
        """
        data: dict[str, object] = {"line": self.line}
        for name, value in self.values(travel).items():
            data[name] = (
                value.isoformat()
                if isinstance(value, date)
                else (str(value) if isinstance(value, Decimal) else value)
            )
        return data

    def values(self, travel: bool) -> dict[str, object]:
        """The patient's columns, in order, as values.

        Those of :data:`PATIENT_COLUMNS` (with *travel*, :data:`PATIENT_TRAVEL_COLUMNS` too):
        dates as dates, amounts as ``Decimal``, none as ``None``.

        Args:
            travel: whether the list has travel estimates: the travel columns are given.

        Returns:
            The columns by name (a table's cells and the JSON are made of them).
        """
        data: dict[str, object] = {
            "id": self.id,
            "unit": self.unit,
            "level": self.level.value,
            "start": self.start,
            "law_deadline": self.law_deadline,
            "completed": self.completed,
            "past_law_deadline": None if self.late is None else "yes" if self.late else "no",
            "referred": self.referred,
            "provider": self.provider,
            "costs_covered": self.answer.value,
            "reason": self.answer.reason.value,
        }
        if travel:
            estimate = self.travel
            data["distance"] = self.distance
            for name in _TRAVEL_PARTS:
                data[name] = None if estimate is None else getattr(estimate, _PART[name])
        return data


#: The travel columns of a patient, and the :class:`TravelEstimate` fields they give.
_PART: Final = {
    "travel_cost": "cost",
    "region_pays": "region_pays",
    "patient_pays": "patient_pays",
    "uncovered": "uncovered",
}
_TRAVEL_PARTS: Final = tuple(_PART)
#: The columns of :meth:`CostPatient.as_dict` without travel, in order (``line`` aside).
PATIENT_COLUMNS: Final = (
    "id",
    "unit",
    "level",
    "start",
    "law_deadline",
    "completed",
    "past_law_deadline",
    "referred",
    "provider",
    "costs_covered",
    "reason",
)
#: The travel columns, after :data:`PATIENT_COLUMNS`, with an estimate.
PATIENT_TRAVEL_COLUMNS: Final = ("distance", *_TRAVEL_PARTS)


#: The statuses of a case the follow-up looks at: care given (in time or late), or a wait with a
#: deviation code (said, not counted).
_COUNTED: Final = frozenset({Status.MET, Status.MISSED, Status.DEVIATION})


class CostFollowUp:
    """The follow-up table of care elsewhere, per unit and month, built row by row.

    Counts the patients who were given care (completed on or before the as-of day) after the
    law's day (``care_deadline``: 90 days from the clock's start, excluded days not counted,
    rolled forward under roll-forward; under a region's limit or the BUP target, the law's day
    beneath it) at a level with a right to care elsewhere, and who were given it elsewhere: a
    referral under the guarantee (``referred``) or another provider (``provider``). The month
    is the month of care.
    With travel rules and a ``distance`` column, the referred patients' travel is estimated
    (:meth:`TravelRules.estimate`, there and back).

    Memory grows with the units and months, not with the rows; with *patients*, also with
    the patients given care elsewhere (about 1 KB each), whom :attr:`patients` lists.

    Args:
        file: the open file (its profile must map ``referred``).
        as_of: the as-of day.
        travel: the regional travel rules, for the estimate.
        patients: also list each patient given care elsewhere, by or after the law's day
            (:class:`CostPatient`, in the file's order): whom to pay.

    Raises:
        VardgarantiError: the file has no ``referred`` column (a ``provider`` alone does not
            tell the region's referrals from the patient's own choice).
    """

    def __init__(
        self,
        file: AssessedFile,
        *,
        as_of: date,
        travel: TravelRules | None,
        patients: bool = False,
    ) -> None:
        column = file.column
        self.i_referred = column.get("referred", -1)
        self.i_provider = column.get("provider", -1)
        self.i_distance = column.get("distance", -1)
        self.i_unit = column.get("unit", -1)
        self.i_id = column.get("id", -1)
        #: With *patients*: each patient given care elsewhere, in the file's order.
        self.patients: list[CostPatient] | None = [] if patients else None
        #: With *patients*: the listed patients the region pays for whose distance could not
        #: be read (no estimate), by the law's day too (:attr:`unreadable` counts the table's).
        self.unreadable_listed = 0
        if self.i_referred < 0 and self.i_provider < 0:
            names = file.profile.columns
            raise InvalidValueError(
                f"{file.table.name}: the cost follow-up needs the column "
                f"{names.get('referred', 'referred')!r} (the date the unit referred the patient "
                f"under the guarantee; {names.get('provider', 'provider')!r} may name the other "
                "provider)"
            )
        if self.i_referred < 0:  # every provider would be counted as the patient's own choice
            names = file.profile.columns
            referred, provider = names.get("referred", "referred"), names.get("provider")
            raise InvalidValueError(
                f"{file.table.name}: the cost follow-up needs the column {referred!r} beside "
                f"{provider!r} (the date the unit referred the patient under the guarantee): a "
                "provider alone does not tell the region's referrals, which it pays for, from the "
                "patient's own choice"
            )
        self.as_of = as_of
        self.travel = travel
        self.day = DayReader(file.profile.date_formats)
        self.referred_column = file.profile.columns.get("referred", "referred")
        self.lines: dict[tuple[str, str], CostRow] = {}
        #: Rows whose distance could not be read (counted without an estimate), or whose
        #: referral date could not be read (not counted: the row is in error; rows from
        #: :func:`~vardgaranti.assess_file` already are).
        self.unreadable = 0
        #: Patients referred under the guarantee and given care by the law's day: not in the
        #: table (which is of waits past it), though the region pays their costs too
        #: (``costs_covered`` yes).
        self.referred_in_time = 0
        #: Patients given care by the law's day whose referral date is to correct (before the
        #: start or a restart, after the as-of day or after the care): not in the table; if
        #: the region did refer them, it pays their costs too.
        self.to_check_in_time = 0
        #: Patients with a deviation code (PvV, MoV, SoV) and a referral or another provider:
        #: not in the table, their wait not judged (``check`` gives their ``costs_covered``).
        self.deviations = 0
        #: The first distance that could not be read, of the table and of the list of
        #: patients: its line and its cell (so that it can be found and corrected).
        self.first_unreadable: tuple[int, str] | None = None
        self.first_unreadable_listed: tuple[int, str] | None = None

    def add(self, row: AssessedRow) -> None:
        """Count one row."""
        assessed = row.assessed
        if assessed is None or assessed.status not in _COUNTED:
            return
        rule = assessed.rule
        completed = assessed.completed
        if rule is None or not rule.care_elsewhere_applies or completed is None:
            return
        # The law's day (``care_deadline``): 90 days from the clock's start, the excluded
        # days not counted, rolled forward under roll-forward (as the status is). Under a
        # region's limit or the BUP target it is the law's day beneath, not the target's.
        care_deadline = assessed.care_deadline
        late = care_deadline is not None and completed > care_deadline
        cells = row.cells
        referred: date | None = None
        if self.i_referred >= 0:
            try:
                referred = self.day(cells[self.i_referred], self.referred_column)
            except VardgarantiError:
                # A referral that cannot be read is not "no referral" (the patient's own
                # choice): the row is not counted either way.
                if late and assessed.status is not Status.DEVIATION:
                    self.unreadable += 1
                return
        provider = cells[self.i_provider] if self.i_provider >= 0 else ""
        if referred is None and not names_provider(provider):
            return
        answer = costs_covered(assessed, referred, provider, as_of=self.as_of)
        if assessed.status is Status.DEVIATION:  # (not judged: said, not left out silently)
            self.deviations += 1  # (not in the table; listed, its day past or not unsaid)
            if self.patients is not None:
                self.patients.append(self._patient(row, assessed, None, referred, provider, answer))
            return
        if self.patients is not None:
            self.patients.append(self._patient(row, assessed, late, referred, provider, answer))
        if not late:
            if answer.value == "yes":
                self.referred_in_time += 1
            elif answer.value == "":  # (a referral date to correct: said, not left out)
                self.to_check_in_time += 1
            return
        unit = cells[self.i_unit].strip() if self.i_unit >= 0 else ""
        month = completed.isoformat()[:7]
        line = self.lines.get((unit, month))
        if line is None:
            line = self.lines[unit, month] = CostRow(unit, month)
        line.patients += 1
        if answer.value == "yes":
            line.referred += 1
            if self.travel is not None and self.i_distance >= 0:
                try:
                    distance = parse_distance(cells[self.i_distance])
                except VardgarantiError:
                    self.unreadable += 1
                    if self.first_unreadable is None:
                        self.first_unreadable = (row.line, cells[self.i_distance])
                    distance = None
                if distance is not None:
                    estimate = self.travel.estimate(distance)
                    line.travel_patients += 1
                    # (exact sums: the default 28 digits would round a large table's öre)
                    with localcontext(_EXACT_SUMS):
                        line.travel_cost += estimate.cost
                        line.region_pays += estimate.region_pays
                        line.patient_pays += estimate.patient_pays
                        line.uncovered += estimate.uncovered
        elif answer.value == "no":
            line.own_choice += 1
        else:  # a referral date to correct (CostReason: before the start, later, after care)
            line.to_check += 1

    def _patient(
        self,
        row: AssessedRow,
        assessed: Assessed,
        late: bool | None,
        referred: date | None,
        provider: str,
        answer: CostsCovered,
    ) -> CostPatient:
        """The patient's line of :attr:`patients`, with the travel estimate where there is one."""
        cells = row.cells
        distance = cells[self.i_distance] if self.i_distance >= 0 else ""
        estimate = None
        if answer.value == "yes" and self.travel is not None and self.i_distance >= 0:
            try:
                kilometres = parse_distance(distance)
            except VardgarantiError:  # (not read: no estimate, the cell as written, counted)
                self.unreadable_listed += 1
                if self.first_unreadable_listed is None:
                    self.first_unreadable_listed = (row.line, distance)
            else:
                if kilometres is not None:
                    estimate = self.travel.estimate(kilometres)
        assert assessed.level is not None  # (a covered case given care: both known)
        assert assessed.completed is not None
        return CostPatient(
            row.line,
            cells[self.i_id] if self.i_id >= 0 else "",
            cells[self.i_unit].strip() if self.i_unit >= 0 else "",
            assessed.level,
            assessed.clock_start,
            None if late is None else assessed.care_deadline,  # (not judged: no day said)
            assessed.completed,
            late,
            referred,
            provider.strip(),
            answer,
            distance.strip(),
            estimate,
        )

    def rows(self) -> Iterator[CostRow]:
        """The lines, by unit (in Swedish alphabetical order) and month."""
        for key in sorted(self.lines, key=lambda key: (swedish_key(key[0]), key[1])):
            yield self.lines[key]

    @property
    def estimates(self) -> bool:
        """Whether the table has travel estimates (rules given and a distance column)."""
        return self.travel is not None and self.i_distance >= 0
