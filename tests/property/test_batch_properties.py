"""The batch and ``evaluate()`` agree on every deadline rule: national, BUP and a regional overlay.

Each generated case is evaluated through ``evaluate()`` and, written as a one-row waiting list,
through ``check`` (:func:`tests.batch_bridge.evaluate_through_batch` asserts the same figures);
with and without Lag (1930:173) roll-forward, and for cases the batch must refuse.
"""

from __future__ import annotations

import contextlib
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.batch_bridge import as_row, evaluate_through_batch
from tests.property.case_strategies import (
    BUP_FROM,
    REGIONAL,
    STATUTORY_LIMIT,
    Scenario,
    as_of_dates,
    cases,
    scenarios,
)
from vardgaranti import BUP, Case, Policy
from vardgaranti.errors import VardgarantiError

PROPERTY = settings(max_examples=300)


@st.composite
def drawn(draw: st.DrawFn) -> tuple[Scenario, Case, date]:
    scenario = draw(scenarios())
    case = draw(cases(scenario))
    return scenario, case, draw(as_of_dates(case, (scenario.limit, STATUTORY_LIMIT)))


@PROPERTY
@given(drawn(), st.booleans())
def test_the_batch_and_evaluate_agree_on_every_rule_set(
    found: tuple[Scenario, Case, date], roll: bool
) -> None:
    scenario, case, as_of = found
    # refused by both, with the same error (checked by the bridge), or the same figures
    with contextlib.suppress(VardgarantiError):
        evaluate_through_batch(
            case, as_of=as_of, rules=scenario.rules, policy=Policy(roll_forward=roll)
        )


@PROPERTY
@given(drawn())
def test_bup_and_regional_cases_are_rows_the_batch_checks(
    found: tuple[Scenario, Case, date],
) -> None:
    scenario, case, as_of = found
    if scenario.rules is not BUP and scenario.rules is not REGIONAL:
        return
    assert scenario.rules is REGIONAL or case.start >= BUP_FROM
    if as_row(case) is None:
        return  # several restarts: not a row of a waiting list
    try:
        result = evaluate_through_batch(case, as_of=as_of, rules=scenario.rules)
    except VardgarantiError:
        return
    assert result.rule.id.startswith(("bup.", "Region Egenskap.", "national."))
