"""Regional overlays: a region may shorten a limit, never lengthen it; from its ``from`` day.

Any overlay of the national or BUP rule set, of any levels, limits and ``from`` day, is accepted
exactly when each limit is at most every version of the base rule it replaces (the versions
still in force on or after ``from``), a table written here from the statutes. An accepted
overlay gives its limit, as a regional rule that never rolls forward, to cases starting on or
after ``from`` (every case without it), and the base rule to earlier ones; the duty of care
elsewhere stays the base rule's.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from tests.calendar_reference import naive_roll_forward
from tests.property.case_strategies import BUP_FROM, NATIONAL_FROM, start_dates
from vardgaranti import BUP, NATIONAL, Case, Level, Policy, RuleKind, RuleSet, evaluate
from vardgaranti._rules import overlay_rule_set
from vardgaranti.errors import RuleSetError

PROPERTY = settings(max_examples=300, deadline=None)
THREE_DAYS_FROM: Final = date(2019, 1, 1)

#: Per level of each base: (first day, last day or None, limit) of each version, by hand.
NATIONAL_TABLE: Final[dict[Level, list[tuple[date, date | None, int]]]] = {
    Level.CONTACT: [(NATIONAL_FROM, None, 0)],
    Level.ASSESSMENT: [
        (NATIONAL_FROM, THREE_DAYS_FROM - timedelta(days=1), 7),
        (THREE_DAYS_FROM, None, 3),
    ],
    Level.VISIT: [(NATIONAL_FROM, None, 90)],
    Level.TREATMENT: [(NATIONAL_FROM, None, 90)],
}
BUP_TABLE: Final[dict[Level, list[tuple[date, date | None, int]]]] = {
    level: [(BUP_FROM, None, 30)]
    for level in (Level.FIRST_ASSESSMENT, Level.DEEPENED_ASSESSMENT, Level.TREATMENT)
}


def _base_limit(table: list[tuple[date, date | None, int]], day: date) -> int:
    return next(
        days for first, last, days in table if first <= day and (last is None or day <= last)
    )


@PROPERTY
@given(st.data())
def test_regional_overlay_shortens_never_lengthens_from_its_day(data: st.DataObject) -> None:
    extends = data.draw(st.sampled_from(["national", "bup"]))
    base: RuleSet = NATIONAL if extends == "national" else BUP
    table = NATIONAL_TABLE if extends == "national" else BUP_TABLE
    first_day = NATIONAL_FROM if extends == "national" else BUP_FROM
    levels = data.draw(
        st.lists(st.sampled_from(sorted(table)), min_size=1, max_size=3, unique=True)
    )
    limits = {level: data.draw(st.integers(0, 100) | st.integers(0, 8)) for level in levels}
    version_edges = st.sampled_from([THREE_DAYS_FROM - timedelta(days=1), THREE_DAYS_FROM])
    start = data.draw(st.none() | start_dates(first=first_day) | version_edges)
    spec: dict[str, object] = {
        "name": "Region Hypotes",
        "extends": extends,
        "levels": {
            level.value: {"days": days, "source": "RF § 1"} for level, days in limits.items()
        },
    }
    if start is not None:
        spec["from"] = start
    ceiling = {
        level: min(
            days
            for first, last, days in table[level]
            if start is None or last is None or last >= start
        )
        for level in levels
    }
    accepted = all(limits[level] <= ceiling[level] for level in levels)
    event(f"{extends}: {'accepted' if accepted else 'refused'}")
    if not accepted:
        with pytest.raises(RuleSetError, match="a region may shorten a limit, never lengthen it"):
            overlay_rule_set(spec, origin="hypothesis")
        return
    region = overlay_rule_set(spec, origin="hypothesis")
    near_from = (
        st.nothing() if start is None else st.sampled_from([start, start - timedelta(days=1)])
    )
    day = data.draw(start_dates(first=first_day) | near_from)
    if day < first_day:
        return
    for level in table:
        rule = region.rule_for(level, day)
        national = base.rule_for(level, day)
        if level in limits and (start is None or day >= start):
            assert (rule.days, rule.kind, rule.roll_forward) == (
                limits[level],
                RuleKind.REGIONAL,
                False,
            )
            assert rule.base is not None
            assert rule.base.days == _base_limit(table[level], day)
            assert rule.care_elsewhere_applies is national.care_elsewhere_applies
        else:
            assert rule.days == _base_limit(table[level], day)
            assert rule.kind is national.kind
    # ... and evaluated: the deadline is day 0 plus the region's limit, never rolled; the duty
    # of care elsewhere follows the base rule's deadline (rolled where the base rule may be)
    roll = data.draw(st.booleans())
    level = data.draw(st.sampled_from(sorted(table)))
    result = evaluate(
        Case(level=level, start=day), as_of=day, rules=region, policy=Policy(roll_forward=roll)
    )
    regional = level in limits and (start is None or day >= start)
    days = limits[level] if regional else _base_limit(table[level], day)
    calendar_deadline = day + timedelta(days=days)
    national = base.rule_for(level, day)
    rolls = roll and not regional and national.roll_forward
    assert result.deadline == (
        naive_roll_forward(calendar_deadline) if rolls else calendar_deadline
    )
    assert result.plan is not None
    unchanged = evaluate(
        Case(level=level, start=day), as_of=day, rules=base, policy=Policy(roll_forward=roll)
    )
    assert unchanged.plan is not None
    assert result.plan.care_deadline == unchanged.plan.care_deadline  # (the base's, whatever)
    if extends == "national":  # (BUP's duty is the law's 90 days beneath it)
        if national.care_elsewhere_applies:
            statutory = day + timedelta(days=_base_limit(table[level], day))
            if roll and national.roll_forward:
                statutory = naive_roll_forward(statutory)
            assert result.plan.care_deadline == statutory
        else:
            assert result.plan.care_deadline is None
