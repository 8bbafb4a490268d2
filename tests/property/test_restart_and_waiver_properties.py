"""Restarts and waivers over time (several of each), on every deadline rule.

As of a day, the latest restart on or before it starts the period (later ones have not happened
yet); the waiver in effect is the latest on or before it unless a restart on or after it (and
on or before the day) withdrew it, and a case with a waiver in effect is ``not_covered``
(``waived``). A waiver declines care elsewhere, which only the 90-day steps give, and a restart
is the new period after declining it: on a level without it any waiver is refused, naming
``waived``, and any restart, naming ``restart``. The clock strategies draw one restart at most,
never on or after the as-of day, only where care elsewhere applies, and no waiver. Expected
values are computed here from those words; the deadline by the independent day-by-day walk
of ``test_clock_properties``.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from tests.property.case_strategies import REGIONAL, exclusion_lists, scenarios
from tests.property.test_clock_properties import (
    excluded_days,
    reference_days_waited,
    reference_deadline,
    reference_status,
)
from vardgaranti import BUP, NATIONAL, Case, Level, RuleSet, Status, Uncovered, evaluate
from vardgaranti.errors import InvalidCaseError

PROPERTY = settings(max_examples=300, deadline=None)


def _latest(days: list[date], on_or_before: date) -> date | None:
    found = [day for day in days if day <= on_or_before]
    return max(found) if found else None


@PROPERTY
@given(st.data())
def test_restarts_and_waivers_as_of_a_day(data: st.DataObject) -> None:
    scenario = data.draw(scenarios())
    start = scenario.start
    offsets = st.integers(0, 200)
    restarts = [start + timedelta(days=d) for d in data.draw(st.lists(offsets, max_size=3))]
    waivers = [start + timedelta(days=d) for d in data.draw(st.lists(offsets, max_size=2))]
    exclusions = data.draw(exclusion_lists(start, scenario.reasons, max_size=2))
    last = max([start, *restarts, *waivers])
    done = data.draw(st.none() | st.integers(0, 150))
    completed = None if done is None else last + timedelta(days=done)
    case = Case(
        level=scenario.level,
        start=start,
        restart=restarts,
        waived=waivers,
        exclusions=exclusions,
        completed=completed,
    )
    as_of = start + timedelta(days=data.draw(st.integers(0, 400)))
    if (waivers or restarts) and not scenario.rules.rule_for(
        scenario.level, start
    ).care_elsewhere_applies:
        event("a waiver or restart on a level without care elsewhere: refused")
        with pytest.raises(InvalidCaseError) as refused:
            evaluate(case, as_of=as_of, rules=scenario.rules)
        assert refused.value.field == ("waived" if waivers else "restart")
        return
    result = evaluate(case, as_of=as_of, rules=scenario.rules)

    restart = _latest(restarts, as_of)
    clock = restart if restart is not None else start
    waiver = _latest(waivers, as_of)
    in_effect = waiver is not None and not (restart is not None and restart >= waiver)
    event(
        f"restarts={len(set(restarts))} (later ones: {sum(r > as_of for r in set(restarts))}), "
        f"waiver {'in effect' if in_effect else 'withdrawn' if waiver else 'none'}"
    )
    assert result.clock_start == clock
    if in_effect:
        assert result.status is Status.NOT_COVERED
        assert result.uncovered is Uncovered.WAIVED
        assert result.deadline is None
        assert result.care_elsewhere is False
        return
    assert result.uncovered is None
    excluded = excluded_days(exclusions)
    deadline = reference_deadline(clock, scenario.limit, excluded)
    assert result.deadline == deadline
    until = completed if completed is not None and completed <= as_of else as_of
    assert result.days_waited == reference_days_waited(clock, until, excluded, deadline)
    # the whole status from the restarted clock (no booking): it compared an open case's
    # status with itself, so `within` and `at_risk` were never told apart
    status, left, over, _care = reference_status(deadline, as_of, completed, None)
    assert (result.status, result.days_left, result.days_over) == (status, left, over)


@st.composite
def _across_a_change(draw: st.DrawFn) -> tuple[RuleSet, Level, date, date]:
    """A 90-day step's start in the 60 days before a rule version changes, and a restart in
    the 60 days after the change (a restart on a level with care elsewhere only)."""
    rules = draw(st.sampled_from([NATIONAL, REGIONAL, BUP]))
    level = (
        Level.TREATMENT if rules is BUP else draw(st.sampled_from([Level.VISIT, Level.TREATMENT]))
    )
    changes = sorted(
        {rule.effective_from for rule in rules.rules if rule.level is level}
        - {min(rule.effective_from for rule in rules.rules if rule.level is level)}
    )
    change = draw(st.sampled_from(changes))
    start = change - timedelta(days=draw(st.integers(1, 60)))
    restart = change + timedelta(days=draw(st.integers(0, 60)))
    return rules, level, start, restart


@PROPERTY
@given(_across_a_change(), st.integers(0, 300))
def test_a_restart_is_judged_by_the_rule_in_force_on_the_original_start(
    drawn: tuple[RuleSet, Level, date, date], later: int
) -> None:
    # The new full period runs by the version of the original start (counting.md: a restart
    # across a change keeps the rule of the start; to judge it by the new rules, evaluate a new
    # case). A review's mutant took the rule in force on the restart and no property test
    # failed: starts before a change with a restart after it were rarely drawn.
    rules, level, start, restart = drawn
    as_of = restart + timedelta(days=later)
    result = evaluate(Case(level=level, start=start, restart=restart), as_of=as_of, rules=rules)
    ruled = rules.rule_for(level, start)
    event(f"{rules.name}: {ruled.days} days then, {rules.rule_for(level, restart).days} after")
    assert result.rule == ruled
    assert result.clock_start == restart
    assert result.deadline == reference_deadline(restart, ruled.days, excluded_days([]))
