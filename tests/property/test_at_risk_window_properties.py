"""The at-risk window (Policy.at_risk_days) and the booking rule of the status, at their edges.

An open case is ``at_risk`` when it holds a booking on or after the as-of day that is after the
deadline, or, without such a booking, when at most ``at_risk_days`` days are left; else
``within``. The as-of day is drawn so that the days left land on the window's edge, which the
clock properties (fixed window of 14, as-of days near the limit only) rarely reach.
The deadline comes from the independent day-by-day walk of ``test_clock_properties``.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from tests.property.case_strategies import cases, scenarios
from tests.property.test_clock_properties import excluded_days, reference_deadline
from vardgaranti import Policy, Status, evaluate

PROPERTY = settings(max_examples=300, deadline=None)


@PROPERTY
@given(st.data())
def test_at_risk_window_and_booking_rule(data: st.DataObject) -> None:
    scenario = data.draw(scenarios())
    case = data.draw(cases(scenario, completed=False, booked=False))
    window = data.draw(st.integers(0, 40))
    deadline = reference_deadline(case.clock_start, scenario.limit, excluded_days(case.exclusions))
    span = (deadline - case.clock_start).days
    left = data.draw(st.one_of(st.integers(window - 1, window + 1), st.integers(0, max(span, 0))))
    assume(0 <= left <= span)
    as_of = deadline - timedelta(days=left)
    booking = data.draw(
        st.sampled_from(["none", "before as-of", "on as-of", "on deadline", "after deadline"])
    )
    booked: date | None = {
        "none": None,
        "before as-of": as_of - timedelta(days=1),
        "on as-of": as_of,
        "on deadline": deadline,
        "after deadline": deadline + timedelta(days=1),
    }[booking]
    assume(booked is None or booked >= case.start)
    if booked is not None:
        case = type(case)(
            level=case.level,
            start=case.start,
            exclusions=case.exclusions,
            restart=case.restarts,
            booked=booked,
        )
    result = evaluate(case, as_of=as_of, rules=scenario.rules, policy=Policy(at_risk_days=window))
    live = booked is not None and booked >= as_of
    if live:
        assert booked is not None
        expected = Status.AT_RISK if booked > deadline else Status.WITHIN
    else:
        expected = Status.AT_RISK if left <= window else Status.WITHIN
    event(f"booking {booking}; left - window = {max(-2, min(2, left - window))}")
    assert result.deadline == deadline
    assert result.days_left == left
    assert result.status is expected
