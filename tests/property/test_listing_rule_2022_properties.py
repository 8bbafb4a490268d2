"""HSL 9 kap. 1 § 2 st. (Lag 2022:273): from 2022-07-01 the contact and assessment guarantees
apply at a vårdval provider only to patients listed there.

Expected results are written here from the statute, not read from ``_rules``: a case is
``not_covered`` (reason ``not-listed``) exactly when the patient is not listed, the level is
contact or assessment, the rule set is the national one (or a regional overlay of it) and the
clock's case started on or after 2022-07-01. In every other case ``listed`` changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

import attrs
from hypothesis import event, given, settings
from hypothesis import strategies as st

from tests.property.case_strategies import (
    REGIONAL,
    Scenario,
    as_of_dates,
    cases,
    expected_limit,
    expected_reasons,
    scenarios,
    start_dates,
)
from vardgaranti import BUP, NATIONAL, Case, Level, Result, Status, Uncovered, evaluate

LISTING_FROM: Final = date(2022, 7, 1)
PRIMARY_CARE: Final = frozenset({Level.CONTACT, Level.ASSESSMENT})
PROPERTY = settings(max_examples=200, deadline=None)


@st.composite
def primary_care_scenarios(draw: st.DrawFn) -> Scenario:
    """Contact or assessment under the national rules or the overlay, often near 2022-07-01."""
    rules = draw(st.sampled_from([NATIONAL, REGIONAL]))
    level = draw(st.sampled_from(sorted(PRIMARY_CARE)))
    near = st.builds(lambda offset: LISTING_FROM + timedelta(days=offset), st.integers(-5, 5))
    start = draw(st.one_of(start_dates(), near))
    return Scenario(
        rules,
        level,
        start,
        expected_limit(rules, level, start),
        expected_reasons(rules, level, start),
    )


def _figures(result: Result) -> tuple[object, ...]:
    return (
        result.deadline,
        result.status,
        result.days_waited,
        result.days_left,
        result.days_over,
        result.excluded_days,
        result.care_elsewhere,
        result.uncovered,
    )


@PROPERTY
@given(
    st.one_of(primary_care_scenarios(), scenarios()).flatmap(
        lambda scenario: st.tuples(st.just(scenario), cases(scenario))
    ),
    st.data(),
)
def test_listing_rule_2022_07_01(drawn: tuple[Scenario, Case], data: st.DataObject) -> None:
    scenario, case = drawn
    as_of = data.draw(as_of_dates(case, (scenario.limit,)))
    listed = data.draw(st.sampled_from([True, False, None]))
    result = evaluate(attrs.evolve(case, listed=listed), as_of=as_of, rules=scenario.rules)
    unlisted_excluded = (
        listed is False
        and scenario.rules is not BUP
        and scenario.level in PRIMARY_CARE
        and scenario.start >= LISTING_FROM
    )
    event(
        f"listed={listed}, rule applies={unlisted_excluded}, "
        f"primary care={scenario.level in PRIMARY_CARE}"
    )
    if unlisted_excluded:
        assert result.status is Status.NOT_COVERED
        assert result.uncovered is Uncovered.NOT_LISTED
        assert result.deadline is None
        assert (result.days_waited, result.days_left, result.days_over) == (None, None, None)
        assert result.care_elsewhere is False
        return
    baseline = evaluate(attrs.evolve(case, listed=None), as_of=as_of, rules=scenario.rules)
    assert result.uncovered is None
    assert result.status is not Status.NOT_COVERED
    assert _figures(result) == _figures(baseline)
