"""Effective dating of the rule versions: the version in force on the start decides everything.

For any start date, the national and BUP rule sets are compared with a table written here from
the statutes (not from ``data/rules``): the limit, the kind of authority, the exclusion reasons
(HSF 6 kap. 2 §; ``region`` from 2017-04-01), the listing condition (from 2022-07-01, contact
and assessment), roll-forward (Lag 1930:173 2 §: statute periods of days from 2010-07-01) and
the duty of care elsewhere (the 90-day steps; BUP: first assessment and treatment, by the law
beneath). Before the first version no rule is in force.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.property.case_strategies import BUP_FROM, NATIONAL_FROM, start_dates
from vardgaranti import BUP, NATIONAL, ExclusionReason, Level, RuleKind
from vardgaranti.errors import NoRuleInForceError

PROPERTY = settings(max_examples=400, deadline=None)
MOV, PVV, REGION = ExclusionReason.MOV, ExclusionReason.PVV, ExclusionReason.REGION
STATUTE_FROM: Final = date(2010, 7, 1)
HSF_FROM: Final = date(2017, 4, 1)
THREE_DAYS_FROM: Final = date(2019, 1, 1)
LISTING_FROM: Final = date(2022, 7, 1)
NATIONAL_LEVELS: Final = (Level.CONTACT, Level.ASSESSMENT, Level.VISIT, Level.TREATMENT)
BUP_LEVELS: Final = (Level.FIRST_ASSESSMENT, Level.DEEPENED_ASSESSMENT, Level.TREATMENT)


def _days_and_edges() -> st.SearchStrategy[date]:
    edges = [NATIONAL_FROM, STATUTE_FROM, BUP_FROM, HSF_FROM, THREE_DAYS_FROM, LISTING_FROM]
    return st.one_of(
        start_dates(),
        st.builds(lambda e, d: e + timedelta(days=d), st.sampled_from(edges), st.integers(-2, 1)),
    )


@PROPERTY
@given(st.sampled_from(NATIONAL_LEVELS), _days_and_edges())
def test_effective_dating_of_the_national_rule_versions(level: Level, start: date) -> None:
    if start < NATIONAL_FROM:
        with pytest.raises(NoRuleInForceError):
            NATIONAL.rule_for(level, start)
        return
    rule = NATIONAL.rule_for(level, start)
    assert rule.in_force(start)
    days = {Level.CONTACT: 0, Level.VISIT: 90, Level.TREATMENT: 90}.get(
        level, 3 if start >= THREE_DAYS_FROM else 7
    )
    assert rule.days == days
    assert rule.kind is (RuleKind.STATUTE if start >= STATUTE_FROM else RuleKind.AGREEMENT)
    ninety = level in (Level.VISIT, Level.TREATMENT)
    reasons = {MOV, PVV} | ({REGION} if start >= HSF_FROM else set())
    assert rule.exclusion_reasons == (frozenset(reasons) if ninety else frozenset())
    assert (rule.listing_citation is not None) is (
        start >= LISTING_FROM and level in (Level.CONTACT, Level.ASSESSMENT)
    )
    assert rule.roll_forward is (start >= STATUTE_FROM and days > 0)
    assert rule.care_elsewhere_applies is ninety


@PROPERTY
@given(st.sampled_from(BUP_LEVELS), _days_and_edges())
def test_effective_dating_of_the_bup_target(level: Level, start: date) -> None:
    if start < BUP_FROM:
        with pytest.raises(NoRuleInForceError):
            BUP.rule_for(level, start)
        return
    rule = BUP.rule_for(level, start)
    assert (rule.days, rule.kind, rule.roll_forward) == (30, RuleKind.TARGET, False)
    assert rule.exclusion_reasons == frozenset({PVV})
    assert rule.listing_citation is None
    beneath = {Level.FIRST_ASSESSMENT: Level.VISIT, Level.TREATMENT: Level.TREATMENT}.get(level)
    assert rule.care_elsewhere_applies is (beneath is not None)
    if beneath is not None:  # the statutory 90 days in force on the same start lie beneath
        assert rule.base == NATIONAL.rule_for(beneath, start)
