"""One suite through both entry points: ``evaluate()`` and the batch (``check``).

:func:`evaluate_through_batch` evaluates a case the ordinary way and, when the case can be
written as a row of a waiting list (one restart at most, no waiver, no alternative start), also
writes it as a one-row CSV, runs ``check_waiting_list`` on it with the same rule set and policy,
and asserts that the batch gives the same deadline, status, days waited, days left, excluded days
and care elsewhere; an error must be the same error in both. It returns what ``evaluate()``
returned, so every assertion of a result-level test then holds for both entry points.

``tests/conftest.py`` runs the result-level test modules three times: with plain ``evaluate``,
with this bridge in its place, and with the bridge through ``check``'s columnar engine
(``engine="columnar"``), as whenever runs its whole suite against both of its implementations.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from tests.engines import check_with
from vardgaranti import NATIONAL, Case, Policy, Result, RuleSet
from vardgaranti._evaluate import evaluate
from vardgaranti.errors import VardgarantiError

HEADER = ("id", "level", "start", "completed", "booked", "exclusions", "restart", "listed")
_DEFAULT_POLICY = Policy()


def as_row(case: Case) -> list[str] | None:
    """The case as a native waiting-list row, or ``None`` if a row cannot say it all."""
    if len(case.restarts) > 1 or case.waivers or case.alternative_start is not None:
        return None
    if case.uncovered is not None or case.deviation is not None:
        return None

    def day(value: date | None) -> str:
        return "" if value is None else value.isoformat()

    listed = {None: "", True: "ja", False: "nej"}[case.listed]
    return [
        case.id or "X",
        case.level.value,
        case.start.isoformat(),
        day(case.completed),
        day(case.booked),
        "; ".join(str(exclusion) for exclusion in case.exclusions),
        day(case.restart),
        listed,
    ]


def through_batch(
    case: Case, *, as_of: date, rules: RuleSet, policy: Policy, engine: str = "stream"
) -> dict[str, str] | None:
    """The batch's result cells for *case*, or ``None`` if it is not a row."""
    row = as_row(case)
    if row is None:
        return None
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=";", lineterminator="\n").writerows([HEADER, row])
    output = io.StringIO(newline="")
    check_with(engine)(
        io.StringIO(text.getvalue(), newline=""),
        output,
        as_of=as_of,
        rules=rules,
        policy=policy,
        profile="native",
    )
    written = list(csv.DictReader(io.StringIO(output.getvalue(), newline=""), delimiter=";"))
    assert len(written) == 1
    return written[0]


def _cell(value: int | None) -> str:
    return "" if value is None else str(value)


def evaluate_through_batch(
    case: Case,
    *,
    as_of: date,
    rules: RuleSet = NATIONAL,
    policy: Policy = _DEFAULT_POLICY,
    calendar: object = None,
    engine: str = "stream",
) -> Result:
    """``evaluate()``, checked against the batch on the same case (see the module docstring)."""
    refused: VardgarantiError | None = None
    try:
        result = evaluate(case, as_of=as_of, rules=rules, policy=policy, calendar=calendar)  # type: ignore[arg-type]
    except VardgarantiError as error:
        refused = error
    if refused is not None:
        if isinstance(case, Case) and isinstance(rules, RuleSet) and isinstance(policy, Policy):
            try:
                cells = through_batch(case, as_of=as_of, rules=rules, policy=policy, engine=engine)
            except VardgarantiError:
                cells = None  # the file as a whole refused: not a row's result to compare
            if cells is not None:
                said = str(refused)
                same = cells["error"].split(": ", 1)[-1] in said or said in cells["error"]
                assert cells["error"], f"the batch evaluated a case evaluate() refused: {said}"
                assert same, (cells["error"], said)
        raise refused
    try:
        cells = through_batch(case, as_of=as_of, rules=rules, policy=policy, engine=engine)
    except VardgarantiError as error:  # (not a VardgarantiError: a caller that suppresses
        # evaluate()'s refusals must not swallow the batch's refusing what evaluate() took)
        raise AssertionError(f"evaluate() took the case, the batch refused it: {error}") from None
    if cells is not None:
        assert cells["error"] == "", cells["error"]
        expected = {
            "deadline": "" if result.deadline is None else result.deadline.isoformat(),
            "status": result.status.value,
            "days_waited": _cell(result.days_waited),
            "days_left": _cell(result.days_left),
            "excluded_days": "" if result.deadline is None else str(result.excluded_days),
            "care_elsewhere": "yes" if result.care_elsewhere else "no",
        }
        assert {key: cells[key] for key in expected} == expected, (case, cells)
    return result
