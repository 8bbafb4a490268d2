"""The batch and ``evaluate()`` agree on every deadline rule: national, BUP and a regional overlay.

Each generated case is evaluated through ``evaluate()`` and, written as a one-row waiting list,
through ``check`` (:func:`tests.batch_bridge.evaluate_through_batch` asserts the same figures);
with and without Lag (1930:173) roll-forward, and for cases the batch must refuse.
"""

from __future__ import annotations

import contextlib
import csv
import io
from datetime import date

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.batch_bridge import HEADER, as_row, evaluate_through_batch
from tests.engines import ENGINES, check_with
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
from vardgaranti._waiting_list import assess_file
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


@st.composite
def lists_sharing_plans(
    draw: st.DrawFn,
) -> tuple[Scenario, list[list[str]], date]:
    """Rows of one rule set that often share a plan: the same level, start, restart and
    exclusions, with and without a completion or booking, in any order."""
    scenario = draw(scenarios())
    some = st.booleans().flatmap(
        lambda with_exclusions: cases(scenario, exclusions=with_exclusions)
    )
    bases = draw(st.lists(some, min_size=1, max_size=4))
    as_of = draw(as_of_dates(bases[0], (scenario.limit, STATUTORY_LIMIT)))
    rows: list[list[str]] = []
    for index, open_ in draw(
        st.lists(st.tuples(st.integers(0, len(bases) - 1), st.booleans()), min_size=1, max_size=12)
    ):
        case = bases[index]
        if open_:
            case = attrs.evolve(case, completed=None, booked=None)
        row = as_row(case)
        if row is not None:
            rows.append(row)
    return scenario, rows, as_of


def _checked(rows: list[list[str]], as_of: date, scenario: Scenario, engine: str) -> list[str]:
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=";", lineterminator="\n").writerows([HEADER, *rows])
    output = io.StringIO(newline="")
    # (never refused as a whole: a row's problem is its error; a refusal would give [] both
    # together and alone, and compare equal)
    check_with(engine)(
        io.StringIO(text.getvalue(), newline=""),
        output,
        as_of=as_of,
        rules=scenario.rules,
        profile="native",
    )
    lines = output.getvalue().splitlines()[1:]
    assert len(lines) == len(rows)
    return lines


@PROPERTY
@given(lists_sharing_plans(), st.sampled_from(ENGINES))
def test_rows_that_share_a_plan_get_the_results_each_gets_alone(
    found: tuple[Scenario, list[list[str]], date], engine: str
) -> None:
    # check remembers what rows share (the plan of a level, start, restart and listing) and the
    # columnar engine plans each distinct key once: a row's result must not depend on the rows
    # before it
    scenario, rows, as_of = found
    together = _checked(rows, as_of, scenario, engine)
    alone = [line for row in rows for line in _checked([row], as_of, scenario, engine)]
    assert together == alone


def _assessed(rows: list[list[str]], as_of: date, scenario: Scenario) -> list[object]:
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=";", lineterminator="\n").writerows([HEADER, *rows])
    try:
        with assess_file(
            io.StringIO(text.getvalue(), newline=""),
            as_of=as_of,
            rules=scenario.rules,
            profile="native",
        ) as assessed:
            return [(row.assessed, row.error) for row in assessed.rows]
    except VardgarantiError as error:  # a file refused as a whole
        return [str(error)]


@PROPERTY
@given(lists_sharing_plans())
def test_rows_that_share_a_plan_are_assessed_as_each_is_alone(
    found: tuple[Scenario, list[list[str]], date],
) -> None:
    # the same for the typed evaluation that stats, worklist, validate and report count
    scenario, rows, as_of = found
    together = _assessed(rows, as_of, scenario)
    alone = [item for row in rows for item in _assessed([row], as_of, scenario)]
    assert together == alone
