"""Hypothesis strategies for cases, exclusions and events, over every deadline rule.

A :class:`Scenario` is one deadline rule (a rule set, a level and a start date under it)
together with the limit and exclusion reasons that the reference
(/work/shared/reference/vardgaranti-rules.md §4, §5.7, §5.8) says it has. Those are written
out here, in :func:`expected_limit` and :func:`expected_reasons`, independently of
:mod:`vardgaranti._rules`, so the property tests can compare the engine with them.

Starts stop at 2099-06-30 so that a deadline, extended by every exclusion drawn here and then
rolled forward, stays inside the calendar's supported years (to 2100-12-31).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

import attrs
from hypothesis import strategies as st

from tests.property.strategies import LAST_DATE
from vardgaranti import (
    BUP,
    NATIONAL,
    AppointmentBooked,
    Case,
    Completed,
    ContactSought,
    DecisionToTreat,
    Event,
    Exclusion,
    ExclusionBegan,
    ExclusionEnded,
    ExclusionReason,
    Level,
    ListingRecorded,
    OfferDeclined,
    ReferralIssued,
    ReferralReceived,
    Restarted,
    RuleSet,
    SelfReferralAccepted,
    SelfReferralReceived,
    WaiverGiven,
)
from vardgaranti._rules import overlay_rule_set

__all__ = [
    "BUP_FROM",
    "LAST_START",
    "NATIONAL_FROM",
    "NATIONAL_VERSIONS",
    "REGIONAL",
    "REGIONAL_FROM",
    "STATUTE_FROM",
    "STATUTORY_LIMIT",
    "Scenario",
    "as_of_dates",
    "care_elsewhere_applies",
    "cases",
    "event_lists",
    "exclusion_lists",
    "expected_limit",
    "expected_reasons",
    "rolls_forward",
    "scenarios",
    "start_dates",
]

MOV, PVV, REGION = ExclusionReason.MOV, ExclusionReason.PVV, ExclusionReason.REGION

#: The first day of the national guarantee (the 2005 agreement) and of the BUP target.
NATIONAL_FROM: Final = date(2005, 11, 1)
BUP_FROM: Final = date(2011, 1, 1)
#: The last start drawn (see the module docstring).
LAST_START: Final = date(2099, 6, 30)
assert LAST_START + timedelta(days=90 + 5 * 45 + 150 + 10) < LAST_DATE

#: (first day, assessment limit, exclusion reasons of the 90-day steps), reference §4.
NATIONAL_VERSIONS: Final[tuple[tuple[date, int, frozenset[ExclusionReason]], ...]] = (
    (NATIONAL_FROM, 7, frozenset({MOV, PVV})),  # agreement
    (date(2010, 7, 1), 7, frozenset({MOV, PVV})),  # Förordning (2010:349)
    (date(2017, 4, 1), 7, frozenset({MOV, PVV, REGION})),  # HSF (2017:80)
    (date(2019, 1, 1), 3, frozenset({MOV, PVV, REGION})),  # Förordning (2018:1129)
    (date(2022, 7, 1), 3, frozenset({MOV, PVV, REGION})),  # Lag (2022:273): listing
)

#: A regional overlay used by the properties: shorter visit, treatment and assessment limits
#: from 2020-01-01 (limits taken from the reference §5.8: Stockholm's 30-day visit).
REGIONAL_FROM: Final = date(2020, 1, 1)
REGIONAL: Final = overlay_rule_set(
    {
        "name": "Region Egenskap",
        "extends": "national",
        "from": REGIONAL_FROM,
        "levels": {
            "visit": {"days": 30, "source": "Regionens beslut (test)"},
            "treatment": {"days": 75, "source": "Regionens beslut (test)"},
            "assessment": {"days": 2, "source": "Regionens beslut (test)"},
        },
    },
    origin="case_strategies",
)
_REGIONAL_DAYS: Final = {Level.VISIT: 30, Level.TREATMENT: 75, Level.ASSESSMENT: 2}


def _national_version(start: date) -> tuple[date, int, frozenset[ExclusionReason]]:
    found = [version for version in NATIONAL_VERSIONS if version[0] <= start]
    assert found, f"no national version on {start}"
    return found[-1]


def expected_limit(rules: RuleSet, level: Level, start: date) -> int:
    """The limit in days of *level* for a case starting on *start*, from the reference."""
    if rules is BUP:
        assert start >= BUP_FROM
        return 30
    if rules is REGIONAL and start >= REGIONAL_FROM and level in _REGIONAL_DAYS:
        return _REGIONAL_DAYS[level]
    assert rules is NATIONAL or rules is REGIONAL
    if level is Level.CONTACT:
        return 0
    if level is Level.ASSESSMENT:
        return _national_version(start)[1]
    return 90


def expected_reasons(rules: RuleSet, level: Level, start: date) -> frozenset[ExclusionReason]:
    """The exclusion reasons *level* allows on *start* (HSF 6 kap. 2 §; BUP: PvV only)."""
    if rules is BUP:
        return frozenset({PVV})
    if level in (Level.VISIT, Level.TREATMENT):
        return _national_version(start)[2]
    return frozenset()


#: Lag (1930:173) 2 § covers "den tid, då enligt lag eller särskild författning en åtgärd
#: senast ska vidtas": statute from 2010-07-01 (not the 2005 agreement), a period of days (not
#: the same-day contact), and not the BUP target or a region's own decision (reference §6).
STATUTE_FROM: Final = date(2010, 7, 1)


def rolls_forward(rules: RuleSet, level: Level, start: date) -> bool:
    """Whether Lag (1930:173) 2 § can move the deadline of *level* starting on *start*."""
    if rules is BUP or start < STATUTE_FROM or level is Level.CONTACT:
        return False
    return not (rules is REGIONAL and start >= REGIONAL_FROM and level in _REGIONAL_DAYS)


def care_elsewhere_applies(rules: RuleSet, level: Level) -> bool:
    """HSL 9 kap. 2 §: the statutory visit and treatment steps.

    Beneath the BUP target's first assessment and treatment lie the law's first visit and
    treatment (HSF 6 kap. 1 § 3–4; reference §5.7: "the statutory 90/90 is what is
    enforceable"), with the same duty; the deepened assessment has no step in law.
    """
    if rules is BUP:
        return level in (Level.FIRST_ASSESSMENT, Level.TREATMENT)
    return level in (Level.VISIT, Level.TREATMENT)


#: The statutory limit of the visit and treatment steps (HSF 6 kap. 1 § 3–4): care elsewhere
#: is due when it is missed, also under a region's shorter limit (reference §5.8, §7).
STATUTORY_LIMIT: Final = 90


@attrs.frozen
class Scenario:
    """One deadline rule: a rule set, a level, and a start on which a version is in force."""

    rules: RuleSet
    level: Level
    start: date
    limit: int
    reasons: frozenset[ExclusionReason]

    @property
    def rolls(self) -> bool:
        """Whether Lag (1930:173) 2 § can move this rule's deadline (see rolls_forward)."""
        return rolls_forward(self.rules, self.level, self.start)

    @property
    def care_elsewhere(self) -> bool:
        """Whether an overdue case may claim care elsewhere (HSL 9 kap. 2 §); see above."""
        return care_elsewhere_applies(self.rules, self.level)


def start_dates(first: date = NATIONAL_FROM, last: date = LAST_START) -> st.SearchStrategy[date]:
    """Start dates from *first* to *last*, weighted towards the days around a version change."""
    boundaries = [v[0] for v in NATIONAL_VERSIONS] + [BUP_FROM, REGIONAL_FROM]
    near = [
        day
        for boundary in boundaries
        for offset in range(-3, 4)
        if first <= (day := boundary + timedelta(days=offset)) <= last
    ]
    return st.one_of(
        st.dates(min_value=first, max_value=last),
        st.dates(min_value=max(first, date(2024, 1, 1)), max_value=date(2027, 12, 31)),
        st.sampled_from(near),
    )


_SETS: Final[tuple[tuple[RuleSet, tuple[Level, ...], date], ...]] = (
    (NATIONAL, (Level.CONTACT, Level.ASSESSMENT, Level.VISIT, Level.TREATMENT), NATIONAL_FROM),
    (NATIONAL, (Level.VISIT, Level.TREATMENT), NATIONAL_FROM),  # weight the 90-day steps
    (BUP, (Level.FIRST_ASSESSMENT, Level.DEEPENED_ASSESSMENT, Level.TREATMENT), BUP_FROM),
    (REGIONAL, (Level.CONTACT, Level.ASSESSMENT, Level.VISIT, Level.TREATMENT), NATIONAL_FROM),
)


@st.composite
def scenarios(
    draw: st.DrawFn,
    *,
    with_exclusions: bool | None = None,
) -> Scenario:
    """Any deadline rule of the national, BUP and a regional rule set.

    With ``with_exclusions=True`` only rules that allow exclusions are drawn.
    """
    rules, levels, first = draw(st.sampled_from(_SETS))
    level = draw(st.sampled_from(levels))
    start = draw(start_dates(first=first))
    reasons = expected_reasons(rules, level, start)
    if with_exclusions:
        if not reasons:
            level = Level.TREATMENT if rules is BUP else Level.VISIT
            reasons = expected_reasons(rules, level, start)
        assert reasons
    return Scenario(rules, level, start, expected_limit(rules, level, start), reasons)


def exclusion_lists(
    start: date,
    reasons: frozenset[ExclusionReason],
    *,
    min_size: int = 0,
    max_size: int = 5,
    reach: int = 150,
    max_length: int = 45,
) -> st.SearchStrategy[list[Exclusion]]:
    """Up to *max_size* exclusions of *reasons*, beginning from 20 days before *start* to
    *reach* days after it, each 1 to *max_length* days long (overlaps and adjacency allowed)."""
    if not reasons:
        return st.just([])
    return st.lists(
        st.builds(
            lambda reason, offset, length: Exclusion(
                reason,
                start + timedelta(days=offset),
                start + timedelta(days=offset + length - 1),
            ),
            st.sampled_from(sorted(reasons)),
            st.integers(min_value=-20, max_value=reach),
            st.integers(min_value=1, max_value=max_length),
        ),
        min_size=min_size,
        max_size=max_size,
    )


def _offsets(low: int, high: int) -> st.SearchStrategy[int | None]:
    return st.none() | st.integers(min_value=low, max_value=high)


@st.composite
def cases(
    draw: st.DrawFn,
    scenario: Scenario,
    *,
    exclusions: bool = True,
    restart: bool = True,
    completed: bool = True,
    booked: bool = True,
) -> Case:
    """A case under *scenario*: exclusions, restart, completion and booking each optional.

    A restart only where care elsewhere applies (the 0- and 3-day steps refuse one).
    """
    start = scenario.start
    restart_offset = draw(_offsets(0, 60)) if restart and scenario.care_elsewhere else None
    clock = start + timedelta(days=restart_offset or 0)
    chosen = draw(exclusion_lists(start, scenario.reasons)) if exclusions else []
    done = draw(_offsets(0, 250)) if completed else None
    booked_offset = draw(_offsets(0, 250)) if booked else None
    return Case(
        level=scenario.level,
        start=start,
        exclusions=chosen,
        restart=None if restart_offset is None else clock,
        completed=None if done is None else clock + timedelta(days=done),
        booked=None if booked_offset is None else start + timedelta(days=booked_offset),
    )


def as_of_dates(
    case: Case, limits: tuple[int, ...] = (), reach: int = 400
) -> st.SearchStrategy[date]:
    """A status day on or after the clock's start, often near the end of one of *limits*
    (counted from the clock's start, before exclusions), where the status changes."""
    near = [
        offset for limit in limits for offset in range(limit - 3, limit + 4) if 0 <= offset <= reach
    ]
    offsets = st.integers(min_value=0, max_value=reach)
    if near:
        offsets = st.one_of(offsets, st.sampled_from(near))
    return st.builds(lambda offset: case.clock_start + timedelta(days=offset), offsets)


@st.composite
def event_lists(draw: st.DrawFn, scenario: Scenario) -> list[Event]:
    """A plausible event history for *scenario*, in an arbitrary order.

    It may contradict itself (two begin events of one reason without ends in between, a
    declined offer); properties compare what ``Case.from_events`` makes of it in different
    orders, not whether it succeeds.
    """
    start = scenario.start
    level = scenario.level

    def day(offset: int) -> date:
        return start + timedelta(days=offset)

    events: list[Event] = []
    if level in (Level.CONTACT, Level.ASSESSMENT):
        events.append(ContactSought(start))
    elif level is Level.TREATMENT:
        events.append(DecisionToTreat(start))
    elif level is Level.DEEPENED_ASSESSMENT:
        events.append(Completed(start, Level.FIRST_ASSESSMENT))
    elif draw(st.booleans()):
        events.append(ReferralIssued(start))
        if draw(st.booleans()):
            events.append(ReferralReceived(day(draw(st.integers(0, 5)))))
    else:
        events.append(SelfReferralReceived(start))
        if draw(st.booleans()):
            events.append(SelfReferralAccepted(day(draw(st.integers(0, 10)))))
    for exclusion in draw(exclusion_lists(start, scenario.reasons, max_size=3)):
        events.append(ExclusionBegan(exclusion.start, exclusion.reason))
        if draw(st.integers(0, 4)):  # mostly closed; sometimes left open
            events.append(ExclusionEnded(exclusion.end, exclusion.reason))
    for _ in range(draw(st.integers(0, 3))):
        events.append(
            AppointmentBooked(
                day(draw(st.integers(1, 200))), booked_on=day(draw(st.integers(0, 30)))
            )
        )
    if draw(st.booleans()):
        events.append(OfferDeclined(day(draw(st.integers(1, 200)))))
    if draw(st.booleans()):
        events.append(WaiverGiven(day(draw(st.integers(0, 60)))))
    for _ in range(draw(st.integers(0, 2))):
        events.append(Restarted(day(draw(st.integers(0, 60)))))
    if draw(st.booleans()):
        events.append(ListingRecorded(day(draw(st.integers(-400, 10))), listed=draw(st.booleans())))
    if draw(st.booleans()):
        events.append(Completed(day(draw(st.integers(0, 250)))))
    return draw(st.permutations(events))
