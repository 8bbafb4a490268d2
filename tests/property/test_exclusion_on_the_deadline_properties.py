"""HSF 6 kap. 2 §: a single exclusion period at the edges that decide whether it counts.

The clock properties draw exclusions anywhere in 150 days, so a period beginning exactly on the
deadline (it counts, in full), a day after it (it does not), on day 0 or straddling day 0 (only
the days after day 0 count) is rare; and the engine's fast path for one period is separate from
the merging path. Here one period (and sometimes a second beginning on the extended deadline)
is placed on those edges; the expected deadline is the independent day-by-day walk.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import event, given, settings
from hypothesis import strategies as st

from tests.calendar_reference import naive_roll_forward
from tests.property.case_strategies import cases, scenarios
from tests.property.test_clock_properties import (
    excluded_days,
    reference_days_waited,
    reference_deadline,
)
from vardgaranti import Case, Exclusion, Policy, evaluate

PROPERTY = settings(max_examples=300, deadline=None)


@PROPERTY
@given(st.data())
def test_exclusion_beginning_on_or_near_the_deadline_or_day_0(data: st.DataObject) -> None:
    scenario = data.draw(scenarios(with_exclusions=True))
    base = data.draw(cases(scenario, exclusions=False))
    clock = base.clock_start
    edge = data.draw(st.sampled_from(["deadline", "day 0"]))
    shift = data.draw(st.integers(-2, 2))
    length = data.draw(st.integers(1, 45))
    first = clock + timedelta(days=(scenario.limit if edge == "deadline" else 0) + shift)
    reason = data.draw(st.sampled_from(sorted(scenario.reasons)))
    periods = [Exclusion(reason, first, first + timedelta(days=length - 1))]
    if data.draw(st.booleans()):  # a second period on the edge of the extended deadline
        extended = reference_deadline(clock, scenario.limit, excluded_days(periods))
        second = extended + timedelta(days=data.draw(st.integers(-1, 2)))
        if second > periods[0].end + timedelta(days=1):
            periods.append(Exclusion(reason, second, second + timedelta(days=length - 1)))
    case = Case(
        level=base.level,
        start=base.start,
        restart=base.restarts,
        completed=base.completed,
        booked=base.booked,
        exclusions=periods,
    )
    as_of = clock + timedelta(days=data.draw(st.integers(0, 300)))
    roll = data.draw(st.booleans())
    result = evaluate(case, as_of=as_of, rules=scenario.rules, policy=Policy(roll_forward=roll))
    excluded = excluded_days(periods)
    expected = reference_deadline(clock, scenario.limit, excluded)
    moved = expected != clock + timedelta(days=scenario.limit)
    event(f"{edge} {shift:+d}, {len(periods)} period(s), moved={moved}")
    assert result.excluded_days == (expected - clock).days - scenario.limit
    # The periods the plan shows (and the explanation says): the runs of excluded days after
    # day 0, by the day-by-day walk, each counted when it began on or before the deadline
    # extended by the ones before it (a period ending on day 0 is no period: none counted)
    runs: list[tuple[date, date]] = []
    for day in sorted(day for day in excluded if day > clock):
        if runs and day == runs[-1][1] + timedelta(days=1):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    assert result.plan is not None
    assert [(first, last) for first, last, _ in result.plan.merged] == runs
    reach = clock + timedelta(days=scenario.limit)
    counts: list[bool] = []
    for first, last in runs:
        counts.append(first <= reach and (not counts or counts[-1]))
        if counts[-1]:
            reach += last - first + timedelta(days=1)
    assert list(result.plan.counted) == counts
    # With the roll-forward, the deadline is the walk's, moved to the next vardag where the
    # rule lets Lag (1930:173) 2 § move it
    assert result.deadline == (
        naive_roll_forward(expected) if roll and scenario.rolls else expected
    )
    if not roll:
        assert result.deadline == expected
        completed = (
            case.completed if case.completed is not None and case.completed <= as_of else None
        )
        until = completed or as_of
        assert result.days_waited == reference_days_waited(clock, until, excluded, expected)
