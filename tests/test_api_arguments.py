"""Arguments of the public API: a wrong one is the library's error, naming its field.

errors.py: ``except VardgarantiError`` catches everything the library raises on purpose, each
error is also the builtin it is (a TypeError for a wrong type), and an error about an input
field names it in ``.field``. Never a raw AttributeError or TypeError, nor a silent result.
"""

from __future__ import annotations

import collections.abc
import importlib
import io
import typing
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import vardgaranti as v
from vardgaranti import (
    BUP,
    NATIONAL,
    Case,
    Completed,
    Exclusion,
    ExclusionBegan,
    Level,
    Policy,
    ReferralIssued,
    SelfReferralReceived,
    evaluate,
    extend_deadline,
    merge_exclusions,
)
from vardgaranti._rules import ExclusionReason
from vardgaranti.errors import (
    DateTypeError,
    InvalidCaseError,
    InvalidTypeError,
    InvalidValueError,
    UnknownLevelError,
    UnknownReasonError,
    VardgarantiError,
)

D = date
START = D(2025, 3, 1)
AS_OF = D(2025, 6, 2)
MOV = frozenset({ExclusionReason.MOV})


def _raised(call: Callable[[], object]) -> VardgarantiError:
    with pytest.raises(VardgarantiError) as raised:
        call()
    return raised.value


# -- 1. Case.from_events refuses what is not an event ---------------------------------------------


def test_from_events_refuses_an_item_that_is_not_an_event_naming_its_position_and_type() -> None:
    events: list[object] = [
        ReferralIssued(START),
        {"completed": D(2025, 4, 1)},
        "Completed",
        None,
        5,
    ]
    error = _raised(lambda: Case.from_events("visit", events))  # type: ignore[arg-type]
    assert isinstance(error, InvalidTypeError)
    assert isinstance(error, TypeError)
    assert error.field == "events"
    assert str(error).startswith("events: item 2 is dict ")
    assert "not an event (ReferralIssued, " in str(error)
    case = Case.from_events("visit", (SelfReferralReceived(START), Completed(D(2025, 4, 1))))
    assert (case.start, case.completed) == (START, D(2025, 4, 1))  # events still read


def test_from_events_refuses_an_item_that_is_not_an_event_also_as_of_a_day() -> None:
    events: list[object] = [ReferralIssued(START), "Completed 2025-04-01"]
    error = _raised(lambda: Case.from_events("visit", events, as_of=AS_OF))  # type: ignore[arg-type]
    assert isinstance(error, InvalidTypeError)
    assert error.field == "events"
    assert "item 2 is str 'Completed 2025-04-01'" in str(error)


def test_from_events_of_only_wrong_items_says_so_not_that_there_is_no_start() -> None:
    error = _raised(lambda: Case.from_events("visit", ["ReferralIssued 2025-03-01"]))  # type: ignore[list-item]
    assert isinstance(error, InvalidTypeError)
    assert not isinstance(error, InvalidCaseError)
    assert error.field == "events"
    assert "item 1 is str" in str(error)


def test_from_events_refuses_rules_that_are_not_a_rule_set() -> None:
    error = _raised(
        lambda: Case.from_events("visit", [ReferralIssued(START)], rules="bup")  # type: ignore[arg-type]
    )
    assert isinstance(error, InvalidTypeError)
    assert error.field == "rules"
    assert "vardgaranti.rule_set('bup')" in str(error)
    assert Case.from_events("visit", [ReferralIssued(START)], rules=BUP).start == START


# -- 2. rules, policy and the arguments of merge_exclusions / extend_deadline ---------------------


def test_a_rule_set_given_by_name_is_refused_with_how_to_read_it() -> None:
    case = Case(level="visit", start=START)
    error = _raised(lambda: evaluate(case, as_of=AS_OF, rules="bup"))  # type: ignore[arg-type]
    assert isinstance(error, InvalidTypeError)
    assert error.field == "rules"
    assert str(error).startswith(
        "rules must be a RuleSet (NATIONAL, BUP or rule_set(...)), not str"
    )
    assert "pass vardgaranti.rule_set('bup')" in str(error)


def test_a_policy_that_is_not_a_policy_is_refused_naming_the_field() -> None:
    case = Case(level="visit", start=START)
    error = _raised(lambda: evaluate(case, as_of=AS_OF, policy=None))  # type: ignore[arg-type]
    assert isinstance(error, InvalidTypeError)
    assert error.field == "policy"
    assert evaluate(case, as_of=AS_OF, policy=Policy(roll_forward=True)).deadline == D(2025, 5, 30)


def test_merge_exclusions_refuses_an_item_that_is_not_an_exclusion() -> None:
    error = _raised(
        lambda: merge_exclusions([("mov", D(2025, 4, 1), D(2025, 4, 14))], after=START)  # type: ignore[list-item]
    )
    assert isinstance(error, InvalidTypeError)
    assert error.field == "exclusions"
    assert "item 1 is tuple" in str(error)


def test_merge_exclusions_refuses_one_text_for_the_list() -> None:
    error = _raised(lambda: merge_exclusions("mov:2025-04-01..2025-04-14", after=START))  # type: ignore[arg-type]
    assert isinstance(error, InvalidTypeError)
    assert error.field == "exclusions"


def test_merge_exclusions_refuses_an_after_that_is_not_a_date() -> None:
    error = _raised(lambda: merge_exclusions([], after="2025-01-01"))  # type: ignore[arg-type]
    assert isinstance(error, DateTypeError)
    assert error.field == "after"


def test_merge_exclusions_still_takes_a_tuple_and_an_aware_datetime() -> None:
    mov = Exclusion("mov", D(2025, 4, 1), D(2025, 4, 14))
    after = datetime(2025, 2, 28, 23, 30, tzinfo=UTC)  # 1 March in Stockholm
    assert merge_exclusions((mov,), after=after) == [(D(2025, 4, 1), D(2025, 4, 14), MOV)]


def test_merge_and_extend_at_the_last_date_are_value_errors_naming_the_field() -> None:
    # A review: an EHR's open-ended 9999-12-31 made both raise a bare OverflowError.
    end = date.max
    for call, field in (
        (lambda: merge_exclusions([Exclusion("mov", D(9999, 12, 1), end),
                                   Exclusion("pvv", D(9999, 12, 10), D(9999, 12, 20))],
                                  after=START), "exclusions"),
        (lambda: merge_exclusions([], after=end), "after"),
        (lambda: extend_deadline(end, merge_exclusions(
            [Exclusion("mov", D(2025, 4, 1), D(2025, 4, 2))], after=START)), "merged"),
    ):  # fmt: skip
        error = _raised(call)
        assert isinstance(error, InvalidValueError), error
        assert isinstance(error, ValueError)
        assert error.field == field
    # (one period to the last date is merged: only a day after it is out of reach)
    alone = merge_exclusions([Exclusion("mov", D(9999, 12, 1), end)], after=START)
    assert alone == [(D(9999, 12, 1), end, frozenset({ExclusionReason.MOV}))]


def test_extend_deadline_refuses_a_deadline_that_is_not_a_date() -> None:
    error = _raised(lambda: extend_deadline("x", []))  # type: ignore[arg-type]
    assert isinstance(error, DateTypeError)
    assert error.field == "deadline"
    merged = merge_exclusions([Exclusion("mov", D(2025, 5, 25), D(2025, 6, 3))], after=START)
    assert extend_deadline(D(2025, 5, 30), merged) == (D(2025, 6, 9), [True])  # still extends


@pytest.mark.parametrize(
    ("merged", "error_type"),
    [
        ("2025-04-01..2025-04-14", InvalidTypeError),
        (None, InvalidTypeError),
        ([("mov", D(2025, 4, 1))], InvalidTypeError),
        ([(D(2025, 4, 1), "2025-04-14", MOV)], DateTypeError),
        ([(D(2025, 5, 1), D(2025, 5, 10), "junk")], InvalidTypeError),
        ([(D(2025, 5, 1), D(2025, 5, 10), frozenset({"mov"}))], InvalidTypeError),
        # HSF 6 kap. 2 §: days not counted move the deadline later, never earlier; a period
        # that ends before it begins moved it earlier (it gave 2025-05-22).
        ([(D(2025, 5, 10), D(2025, 5, 1), MOV)], InvalidValueError),
        # Out of order, the later period was counted first (2025-06-09, not 2025-06-15).
        (
            [(D(2025, 6, 5), D(2025, 6, 10), MOV), (D(2025, 5, 1), D(2025, 5, 10), MOV)],
            InvalidValueError,
        ),
        # Overlapping, the shared days were counted twice (2025-06-17, not 2025-06-11).
        (
            [(D(2025, 5, 1), D(2025, 5, 10), MOV), (D(2025, 5, 5), D(2025, 5, 12), MOV)],
            InvalidValueError,
        ),
        # ... also at the calendar's last day (it raised a bare OverflowError)
        (
            [(D(9999, 12, 31), D(9999, 12, 31), MOV), (D(9999, 12, 31), D(9999, 12, 31), MOV)],
            InvalidValueError,
        ),
        # Adjacent periods are one period once merged.
        (
            [(D(2025, 5, 1), D(2025, 5, 10), MOV), (D(2025, 5, 11), D(2025, 5, 12), MOV)],
            InvalidValueError,
        ),
    ],
)
def test_extend_deadline_refuses_periods_that_are_not_merged_periods(
    merged: object, error_type: type[VardgarantiError]
) -> None:
    error = _raised(lambda: extend_deadline(D(2025, 5, 30), merged))  # type: ignore[arg-type]
    assert isinstance(error, error_type)
    assert error.field == "merged"


# -- 3. the date fields are hinted as dates ------------------------------------------------------


@pytest.mark.parametrize(
    ("made", "field", "hint"),
    [
        (Case, "start", date),
        (Case, "completed", date | None),
        (Case, "booked", date | None),
        (Case, "restart", date | Iterable[date] | None),
        (Case, "waived", date | Iterable[date] | None),
        (Exclusion, "start", date),
        (Exclusion, "end", date),
        (ReferralIssued, "on", date),
        (Completed, "on", date),
        (ExclusionBegan, "on", date),
    ],
)
def test_date_fields_are_hinted_as_dates_for_type_checkers(
    made: type, field: str, hint: object
) -> None:
    assert typing.get_type_hints(vars(made)["__init__"])[field] == hint


# -- 4. a level of the wrong type is a TypeError --------------------------------------------------


@pytest.mark.parametrize("level", [3, None, b"visit"])
def test_a_level_that_is_not_text_is_a_type_error_naming_level(level: object) -> None:
    error = _raised(lambda: Case(level=level, start=START))  # type: ignore[arg-type]
    assert isinstance(error, InvalidTypeError)
    assert not isinstance(error, ValueError)
    assert error.field == "level"
    unknown = _raised(lambda: Case(level="vist", start=START))  # a name: still unknown
    assert isinstance(unknown, UnknownLevelError)
    assert unknown.field == "level"


def test_a_completed_level_that_is_not_text_is_a_type_error_naming_level() -> None:
    error = _raised(lambda: Completed(START, 3))  # type: ignore[arg-type]
    assert isinstance(error, InvalidTypeError)
    assert error.field == "level"


def test_rule_for_reads_a_level_by_its_name_as_case_does() -> None:
    # It raised AttributeError ('str' object has no attribute 'value') for "besök" and "foo".
    assert NATIONAL.rule_for("besök", START) is NATIONAL.rule_for(Level.VISIT, START)
    unknown = _raised(lambda: NATIONAL.rule_for("foo", START))
    assert isinstance(unknown, UnknownLevelError)
    assert unknown.field == "level"
    wrong = _raised(lambda: NATIONAL.rule_for(3, START))  # type: ignore[arg-type]
    assert isinstance(wrong, InvalidTypeError)
    assert wrong.field == "level"


@pytest.mark.parametrize("day", ["2025-01-01", None, 20250101])
def test_rule_lookups_refuse_a_day_that_is_not_a_date_naming_it(day: object) -> None:
    # They raised a bare TypeError from the comparison inside bisect.
    error = _raised(lambda: NATIONAL.rule_for(Level.VISIT, day))  # type: ignore[arg-type]
    assert isinstance(error, DateTypeError)
    assert error.field == "start"
    error = _raised(lambda: NATIONAL.rules_in_force(day))  # type: ignore[arg-type]
    assert isinstance(error, DateTypeError)
    assert error.field == "on"


# -- 5. a missing date (NaT, NaN) is said to be missing -------------------------------------------


def test_nat_as_a_start_is_a_missing_date_naming_start() -> None:
    pd = pytest.importorskip("pandas")
    error = _raised(lambda: Case(level="visit", start=pd.NaT))
    assert isinstance(error, DateTypeError)
    assert error.field == "start"
    assert "the date is missing" in str(error)
    assert "naive" not in str(error)
    moment = pd.Timestamp("2025-02-28 23:30", tz="UTC")  # aware: still its Stockholm date
    assert Case(level="visit", start=moment).start == START


@pytest.mark.parametrize("field", ["completed", "booked", "restart", "waived"])
def test_nat_as_an_optional_date_is_a_missing_date_naming_the_field(field: str) -> None:
    pd = pytest.importorskip("pandas")
    error = _raised(lambda: Case(level="visit", start=START, **{field: pd.NaT}))
    assert isinstance(error, DateTypeError)
    assert error.field == field
    assert "the date is missing" in str(error)


@pytest.mark.parametrize("kind", ["numpy NaT", "nan", "numpy nan"])
def test_numpy_nat_and_nan_are_missing_dates(kind: str) -> None:
    np = pytest.importorskip("numpy")
    missing = {
        "numpy NaT": np.datetime64("NaT", "D"),  # (a unit: numpy 2.5 deprecates none)
        "nan": float("nan"),
        "numpy nan": np.float64("nan"),
    }[kind]
    error = _raised(lambda: Case(level="visit", start=missing))
    assert isinstance(error, DateTypeError)
    assert error.field == "start"
    assert "the date is missing" in str(error)


def test_nat_as_an_event_date_is_a_missing_date() -> None:
    pd = pytest.importorskip("pandas")
    error = _raised(lambda: ReferralIssued(pd.NaT))
    assert isinstance(error, DateTypeError)
    assert "the date is missing" in str(error)


# -- 6. the errors of events and exclusion texts name their field ---------------------------------


def test_an_unknown_reason_of_an_exclusion_event_names_reason() -> None:
    error = _raised(lambda: ExclusionBegan(START, "sick"))
    assert isinstance(error, UnknownReasonError)
    assert error.field == "reason"


@pytest.mark.parametrize(
    ("text", "error_type"),
    [
        (5, InvalidTypeError),
        ("mov 2025-04-01", InvalidCaseError),
        ("sick:2025-04-01..2025-04-02", UnknownReasonError),
    ],
)
def test_exclusion_parse_errors_name_exclusions(
    text: object, error_type: type[VardgarantiError]
) -> None:
    error = _raised(lambda: Exclusion.parse(text))  # type: ignore[arg-type]
    assert isinstance(error, error_type)
    assert error.field == "exclusions"


# -- the entry points that read a list ----------------------------------------------------------


def _frame() -> object:
    import polars as pl

    return pl.DataFrame({"id": ["a"], "level": ["visit"], "start": [START]})


@pytest.mark.parametrize(
    ("keyword", "value", "field"),
    [("rules", "bup", "rules"), ("policy", None, "policy"), ("profile", None, "profile")],
)
def test_evaluate_frame_refuses_arguments_of_the_wrong_type_naming_them(
    keyword: str, value: object, field: str
) -> None:
    from vardgaranti import evaluate_frame

    with pytest.raises(InvalidTypeError) as info:
        evaluate_frame(_frame(), as_of=D(2025, 6, 1), **{keyword: value})  # type: ignore[arg-type]
    assert info.value.field == field
    if keyword == "rules":
        assert "rule_set('bup')" in str(info.value)


def test_check_waiting_list_refuses_a_path_for_the_output_saying_how() -> None:
    import io

    from vardgaranti import check_waiting_list

    with pytest.raises(InvalidTypeError) as info:
        check_waiting_list(io.StringIO("id;level;start\n"), "out.csv", as_of=D(2025, 6, 1))  # type: ignore[arg-type]
    assert info.value.field == "output"
    assert "open(path, 'w'" in str(info.value)
    with pytest.raises(InvalidTypeError) as info:
        check_waiting_list(io.StringIO("id;level;start\n"), io.StringIO(), as_of=D(2025, 6, 1),
                           rules="national")  # type: ignore[arg-type]  # fmt: skip
    assert info.value.field == "rules"


def test_rule_set_refuses_what_is_neither_a_name_nor_a_path() -> None:
    from vardgaranti import rule_set

    with pytest.raises(InvalidTypeError) as info:
        rule_set(None)  # type: ignore[arg-type]
    assert info.value.field == "rules"


def test_extend_deadline_reads_aware_date_times_as_their_stockholm_date() -> None:
    reasons = frozenset({ExclusionReason.MOV})
    late = datetime(2025, 5, 31, 22, 30, tzinfo=UTC)  # 2025-06-01 00:30 in Stockholm
    found = extend_deadline(D(2025, 5, 30), [(D(2025, 5, 20), late, reasons)])
    assert found == extend_deadline(D(2025, 5, 30), [(D(2025, 5, 20), D(2025, 6, 1), reasons)])


def test_a_region_period_under_the_bup_target_is_not_told_about_2017() -> None:
    region = Exclusion("region", D(2025, 3, 5), D(2025, 3, 9))
    case = Case(level="treatment", start=START, exclusions=[region])
    with pytest.raises(VardgarantiError) as info:
        evaluate(case, as_of=D(2025, 6, 1), rules=BUP)
    assert info.value.field == "exclusions"
    assert "allowed: pvv" in str(info.value)
    assert "start is on or after 2017-04-01" not in str(info.value)  # the target never allows it


# -- from a review of the whole surface ------------------------------------------------------------

#: 22:30 UTC on 1 June is 00:30 on 2 June in Stockholm (summer time).
AWARE_AS_OF = datetime(2025, 6, 1, 22, 30, tzinfo=UTC)


def test_builders_read_an_aware_as_of_as_its_day_in_stockholm() -> None:
    # build_worklist and validate_file raised a raw TypeError (datetime compared to date)
    from vardgaranti import build_worklist, example_waiting_list, validate_file

    aware = build_worklist(example_waiting_list(), as_of=AWARE_AS_OF)
    plain = build_worklist(example_waiting_list(), as_of=AS_OF)
    assert aware.as_of == AS_OF
    assert [e.id for _g, e in aware.entries()] == [e.id for _g, e in plain.entries()]
    with validate_file(example_waiting_list(), as_of=AWARE_AS_OF) as checked:
        found = [(f.code, f.row) for f in checked.findings]
    with validate_file(example_waiting_list(), as_of=AS_OF) as checked:
        assert found == [(f.code, f.row) for f in checked.findings]


def test_compute_stats_checks_period_and_scenario() -> None:
    from vardgaranti import compute_stats, example_waiting_list

    census = D(2025, 5, 31)
    for period, error in (("2025-05-01", DateTypeError), ("", DateTypeError)):
        raised = _raised(lambda: compute_stats(example_waiting_list(), census=census,
                                               period=period))  # type: ignore[arg-type]  # noqa: B023  # fmt: skip
        assert isinstance(raised, error)
        assert raised.field == "period"
    raised = _raised(lambda: compute_stats(example_waiting_list(), census=census,
                                           scenario="bup"))  # type: ignore[arg-type]  # fmt: skip
    assert isinstance(raised, InvalidTypeError)
    assert raised.field == "scenario"
    aware = compute_stats(example_waiting_list(), census=census,
                          period=datetime(2025, 4, 30, 23, 0, tzinfo=UTC))  # fmt: skip
    assert aware.period == D(2025, 5, 1)  # (1 May 01:00 in Stockholm)


def test_evaluate_many_refuses_wrong_rules_or_policy_when_called() -> None:
    # a mistake of the call was given to every item as its error
    from vardgaranti import evaluate_many

    case = Case(level="visit", start=START)
    for name, value in (("rules", "bup"), ("policy", None)):
        raised = _raised(lambda: evaluate_many([case], as_of=AS_OF, **{name: value}))  # type: ignore[arg-type]  # noqa: B023
        assert isinstance(raised, InvalidTypeError)
        assert raised.field == name
    items = evaluate_many([case, 5], as_of=AS_OF)  # type: ignore[type-var]
    assert next(items).result is not None
    with pytest.raises(InvalidTypeError) as wrong:
        next(items)
    assert wrong.value.field == "items"


def test_decide_costs_reads_aware_dates_and_requires_the_start() -> None:
    from vardgaranti import decide_costs

    answer = decide_costs(covered=True, duty=True, care_due=False, start=START,
                          referred=datetime(2025, 4, 19, 22, 30, tzinfo=UTC),
                          provider="", as_of=AWARE_AS_OF)  # fmt: skip
    assert (answer.value, answer.day) == ("yes", D(2025, 4, 20))
    raised = _raised(lambda: decide_costs(covered=True, duty=True, care_due=False,
                                          start=None, referred=None, provider=""))  # type: ignore[arg-type]  # fmt: skip
    assert isinstance(raised, DateTypeError)
    assert raised.field == "start"


def test_case_day_methods_and_rule_in_force_read_their_day() -> None:
    case = Case(level="visit", start=START, restart=[D(2025, 4, 1)], waived=[D(2025, 5, 1)])
    assert case.restart_on(AWARE_AS_OF) == D(2025, 4, 1)
    assert case.clock_start_on(AWARE_AS_OF) == D(2025, 4, 1)
    assert case.waived_on(AWARE_AS_OF) == D(2025, 5, 1)
    for call in (lambda: case.restart_on("junk"), lambda: case.clock_start_on("2025-05-01"),  # type: ignore[arg-type]
                 lambda: case.waived_on(5)):  # type: ignore[arg-type]  # fmt: skip
        raised = _raised(call)
        assert isinstance(raised, DateTypeError)
        assert raised.field == "as_of"
    bare = Case(level="visit", start=START)
    assert isinstance(_raised(lambda: bare.restart_on("junk")), DateTypeError)  # type: ignore[arg-type]
    rule = NATIONAL.rule_for(Level.VISIT, START)
    assert rule.in_force(datetime(2025, 3, 1, 12, 0, tzinfo=UTC))
    raised = _raised(lambda: rule.in_force("2025-03-01"))  # type: ignore[arg-type]
    assert raised.field == "day"


def test_restarts_and_waivers_take_any_iterable_of_dates() -> None:
    days = [D(2025, 5, 1), D(2025, 4, 1)]
    for given in ((day for day in days), dict.fromkeys(days).keys(), tuple(days)):
        case = Case(level="visit", start=START, restart=given)
        assert case.restarts == (D(2025, 4, 1), D(2025, 5, 1))
    raised = _raised(lambda: Case(level="visit", start=START, waived="2025-05-01"))  # type: ignore[arg-type]
    assert isinstance(raised, DateTypeError)
    assert raised.field == "waived"


@pytest.mark.parametrize("path", ["x" * 600, "a\x00b.csv"])
def test_a_path_no_system_call_takes_is_the_librarys_error(path: str) -> None:
    # (raw OSError "File name too long" and ValueError "embedded null byte")
    from vardgaranti import load_method, read_waiting_list, rule_set, travel_rules

    for call in (lambda: list(read_waiting_list(path)), lambda: rule_set(path),
                 lambda: load_method(path), lambda: travel_rules(path + ".toml"),
                 lambda: rule_set(path + ".toml")):  # fmt: skip
        raised = _raised(call)
        assert isinstance(raised, ValueError)
        assert "\x00" not in str(raised)


@pytest.mark.parametrize("path", ["", " "])  # (Path("") is Path("."): a folder)
def test_an_empty_path_is_no_files_path_not_the_current_folder(path: str) -> None:
    # An embedding review: build_worklist("") said ".: is a directory" (Path("") is ".").
    from vardgaranti import (
        EXAMPLE_AS_OF,
        assess_file,
        build_worklist,
        check_waiting_list,
        compute_stats,
        read_waiting_list,
        validate_file,
    )

    calls = (
        lambda: build_worklist(path, as_of=EXAMPLE_AS_OF),
        lambda: compute_stats(path),
        lambda: list(read_waiting_list(path)),
        lambda: check_waiting_list(path, io.StringIO(), as_of=EXAMPLE_AS_OF),
        lambda: validate_file(path, as_of=EXAMPLE_AS_OF).__enter__(),
        lambda: assess_file(path, as_of=EXAMPLE_AS_OF).__enter__(),
    )
    for call in calls:
        raised = _raised(call)
        assert isinstance(raised, ValueError)
        assert raised.field == "source", raised
        assert "is no file's path" in str(raised)
        assert "directory" not in str(raised)


def test_a_file_named_with_a_blank_is_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (a review: the empty-path check refused a real file named " ", a legal name on Linux)
    from vardgaranti import read_waiting_list

    monkeypatch.chdir(tmp_path)
    (tmp_path / " ").write_text("id;level;start\nA;visit;2025-03-01\n", encoding="utf-8")
    assert [row.cells["id"] for row in read_waiting_list(" ")] == ["A"]


def test_wrong_types_of_encoding_language_and_method_are_type_errors() -> None:
    from vardgaranti import compute_stats, example_waiting_list, load_method, read_waiting_list

    raised = _raised(lambda: list(read_waiting_list(example_waiting_list(), encoding=None)))  # type: ignore[arg-type]
    assert isinstance(raised, InvalidTypeError)
    assert raised.field == "encoding"
    raised = _raised(lambda: load_method(None))  # type: ignore[arg-type]
    assert isinstance(raised, InvalidTypeError)
    stats = compute_stats(example_waiting_list(), census=D(2025, 5, 31))
    raised = _raised(lambda: stats.as_text("de"))  # type: ignore[arg-type]
    assert isinstance(raised, InvalidValueError)
    assert raised.field == "lang"


def test_every_text_in_a_language_refuses_another_language_naming_lang() -> None:
    # A text is never shown in another language than the one asked for without a word: these
    # gave English ("de"), or a raw KeyError (a summary's table).
    from vardgaranti import (
        Alternative,
        build_worklist,
        example_waiting_list,
        gather_report,
        load_method,
        render_report,
        validate_file,
        write_report,
    )
    from vardgaranti._worklist import write_text

    as_of = D(2025, 6, 2)
    validation = validate_file(example_waiting_list(), as_of=as_of)
    with validation:
        findings = list(validation.findings)
    worklist = build_worklist(example_waiting_list(), as_of=as_of)
    report = gather_report(example_waiting_list(), as_of=as_of)
    calls: list[Callable[[], object]] = [
        lambda: findings[0].text("de"),  # type: ignore[arg-type]
        lambda: findings[0].as_dict("de"),  # type: ignore[arg-type]
        lambda: validation.summary.as_text("de"),  # type: ignore[arg-type]
        lambda: load_method("skr").title_in("de"),
        lambda: Alternative(D(2025, 6, 1), "x", "y", "z").text("de"),  # type: ignore[arg-type]
        lambda: write_text(worklist, io.StringIO(), "de"),  # type: ignore[arg-type]
        lambda: render_report(report, "de"),  # type: ignore[arg-type]
    ]
    calls += [
        # checked before the list is read: a missing file is not what is said
        lambda: write_report("no-such-list.csv", "r.html", as_of=as_of, lang="de"),  # type: ignore[arg-type]
    ]
    for call in calls:
        raised = _raised(call)
        assert isinstance(raised, InvalidValueError)
        assert raised.field == "lang"
    # no text at all (unhashable too): the type is wrong
    raised = _raised(lambda: validation.summary.as_text(["sv"]))  # type: ignore[arg-type]
    assert isinstance(raised, InvalidTypeError)
    assert raised.field == "lang"
    # pandas' NA, which refuses to be true or false when compared (a review: a plain
    # TypeError "boolean value of NA is ambiguous" from explain() and render_report())
    import pandas as pd

    result = evaluate(Case(level="visit", start=START), as_of=AS_OF)
    for call in (lambda: result.explain(pd.NA), lambda: render_report(report, pd.NA)):  # type: ignore[arg-type]
        raised = _raised(call)
        assert isinstance(raised, InvalidTypeError)
        assert raised.field == "lang"


def test_calendar_errors_name_the_day() -> None:
    from vardgaranti import SwedishCalendar

    calendar = SwedishCalendar()
    for call in (lambda: calendar.is_vardag("2025-01-01"), lambda: calendar.roll_forward(5),  # type: ignore[arg-type]
                 lambda: calendar.holiday_names(None)):  # type: ignore[arg-type]  # fmt: skip
        assert _raised(call).field == "day"
    assert _raised(lambda: calendar.holidays("2025")).field == "year"  # type: ignore[arg-type]


def test_an_error_about_a_parameter_names_the_parameter_not_a_command_line_option(
    tmp_path: Path,
) -> None:
    # compute_stats and write_letters said "--by", "--census", "--letters" to a library user.
    from vardgaranti import build_worklist, compute_stats
    from vardgaranti._worklist import write_letters
    from vardgaranti.errors import WaitingListError

    path = tmp_path / "lista.csv"
    path.write_text("id;level;start\nA;besök;2025-03-01\n", "utf-8")
    census = date(2025, 6, 2)
    calls: list[tuple[Callable[[], object], str, str]] = [
        (lambda: compute_stats(path), "census", f"census is needed: {path} names no month"),
        (
            lambda: compute_stats(path, census=census, by=("level", "Level")),
            "by",
            "by names 'Level' twice",
        ),
        (
            lambda: compute_stats(path, census=census, by=("unit",)),
            "by",
            f"by unit: {path} has no unit column",
        ),
        (
            lambda: compute_stats(path, census=census, by=("klinik",)),
            "by",
            f"by 'klinik': {path} has no such column",
        ),
        (
            lambda: write_letters(build_worklist(path, as_of=census), str(path)),
            "folder",
            f"folder: {path} is not a folder",
        ),
        (lambda: write_letters(build_worklist(path, as_of=census), ""), "folder", "folder: "),
    ]
    for call, field, start in calls:
        with pytest.raises(WaitingListError) as caught:
            call()
        assert caught.value.field == field
        assert str(caught.value).startswith(start)
        assert "--" not in str(caught.value)


def _wrong(value: object) -> Any:
    """*value*, passed where the signature says otherwise (what the test is about)."""
    return value


def _example_stats() -> Any:
    from vardgaranti import compute_stats, example_waiting_list

    return compute_stats(example_waiting_list(), census=date(2025, 5, 31), by=())


@pytest.mark.parametrize(
    ("name", "call", "error", "field"),
    [
        ("render_report", lambda: v.render_report(_wrong(None)), InvalidTypeError, "report"),
        (
            "costs_covered",
            lambda: v.costs_covered(_wrong(None), None, ""),
            InvalidTypeError,
            "assessed",
        ),
        ("reconcile", lambda: v.reconcile(_wrong(None), []), InvalidTypeError, "stats"),
        (
            "reconcile",
            lambda: v.reconcile(_example_stats(), _wrong([1])),
            InvalidTypeError,
            "published",
        ),
        (
            "reconcile",
            lambda: v.reconcile(_example_stats(), _wrong("x")),
            InvalidTypeError,
            "published",
        ),
        (
            "reconcile",
            lambda: v.reconcile(_example_stats(), [], tolerance="x"),
            InvalidValueError,
            "tolerance",
        ),
        ("parse_bands", lambda: v.parse_bands(_wrong(None)), InvalidTypeError, "bands"),
        ("parse_bands", lambda: v.parse_bands("30,²"), InvalidValueError, "bands"),
        ("percent_text", lambda: v.percent_text(_wrong(None)), InvalidTypeError, "share"),
        ("percent_text", lambda: v.percent_text(_wrong(1.5)), InvalidTypeError, "share"),
        (
            "percent_text",
            lambda: v.percent_text(Fraction(1, 3), decimals=-1),
            InvalidValueError,
            "decimals",
        ),
        (
            "check_waiting_list",
            lambda: v.check_waiting_list(
                io.StringIO("id;level;start\n"), _wrong(io.BytesIO()), as_of=date(2025, 6, 2)
            ),
            InvalidTypeError,
            "output",
        ),
    ],
)
def test_a_public_function_given_a_wrong_argument_names_it(
    name: str, call: Callable[[], object], error: type[VardgarantiError], field: str
) -> None:
    # Each was a raw AttributeError, ValueError or TypeError (the reviewer's findings).
    with pytest.raises(error) as caught:
        call()
    assert caught.value.field == field, name


def test_a_negative_share_is_written_with_its_sign_not_rounded_down_past_it() -> None:
    assert v.percent_text(Fraction(-1, 3)) == "-33.3"  # was '-34.7'
    assert v.percent_text(Fraction(-1, 8), ",") == "-12,5"


def test_a_codecs_stream_writer_is_a_text_output(tmp_path: Path) -> None:
    # It answers `mode` with its binary file's "wb", yet takes text: it is not refused.
    import codecs

    path = tmp_path / "ut.csv"
    with path.open("wb") as raw:
        writer = codecs.getwriter("utf-8")(raw)
        v.check_waiting_list(
            io.StringIO("id;level;start\nA;visit;2025-03-01\n"),
            _wrong(writer),
            as_of=date(2025, 6, 2),
        )
    assert path.read_text("utf-8").splitlines()[1].startswith("A;visit;2025-03-01;2025-05-30")


@pytest.mark.parametrize("tolerance", [-1, True, "-0.5"])
def test_a_tolerance_below_zero_or_not_a_number_names_tolerance(tolerance: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        v.reconcile(_example_stats(), [], tolerance=_wrong(tolerance))
    assert caught.value.field == "tolerance"


def test_a_negative_share_too_small_to_show_is_zero_without_a_sign() -> None:
    assert v.percent_text(Fraction(-1, 100_000)) == "0.0"


def test_a_callers_binary_stream_stays_open_after_every_reader_and_collection() -> None:
    # The text wrapper over a caller's binary stream closed it when it was collected (and
    # read_waiting_list at once): a later read of the caller's raised a raw ValueError.
    import gc

    import vardgaranti as vg
    from vardgaranti._columnar import check_columnar

    data = vg.example_waiting_list().read_bytes()
    as_of = date(2025, 6, 2)
    uses: list[Callable[[io.BytesIO], object]] = [
        lambda stream: vg.compute_stats(stream, census=date(2025, 5, 31), by=()),
        lambda stream: vg.build_worklist(stream, as_of=as_of),
        lambda stream: vg.validate_file(stream, as_of=as_of),
        lambda stream: list(vg.read_waiting_list(stream)),
        lambda stream: vg.check_waiting_list(stream, io.StringIO(), as_of=as_of),
        lambda stream: check_columnar(
            stream, io.StringIO(), as_of=as_of, rules=vg.NATIONAL, policy=vg.Policy(), required=True
        ),
        lambda stream: vg.assess_file(stream, as_of=as_of).close(),
    ]
    for use in uses:
        for encoded in (data, data.decode("utf-8-sig").encode("cp1252")):
            stream = io.BytesIO(encoded)
            use(stream)
            gc.collect()
            assert not stream.closed
            stream.seek(0)
            assert stream.read() == encoded


def test_the_builders_take_an_assessed_file_of_their_own_day_only(tmp_path: Path) -> None:
    # A path (which compute_stats and build_worklist take) was a raw AttributeError; a
    # WorklistBuilder or Validator with another as_of than the file's mixed the two days (123
    # patients on the worklist where build_worklist as of that day has 89).
    from vardgaranti import StatsCounter, Validator, WorklistBuilder, assess_file
    from vardgaranti.errors import InvalidTypeError as TypeErr
    from vardgaranti.errors import InvalidValueError as ValueErr

    source = v.example_waiting_list()
    for build in (
        lambda f: WorklistBuilder(f, as_of=date(2025, 6, 2)),
        lambda f: Validator(f, as_of=date(2025, 6, 2)),
        lambda f: StatsCounter(f, census=date(2025, 5, 31)),
    ):
        for wrong in (source, str(source), None):
            with pytest.raises(TypeErr, match="must be an AssessedFile") as caught:
                build(wrong)
            assert caught.value.field == "file"
    with assess_file(source, as_of=date(2025, 6, 2)) as file:
        for other in (
            lambda: WorklistBuilder(file, as_of=date(2025, 5, 1)),
            lambda: Validator(file, as_of=date(2025, 5, 1)),
        ):
            with pytest.raises(ValueErr, match="is not the day the file was assessed") as bad:
                other()
            assert bad.value.field == "as_of"
        WorklistBuilder(file, as_of=date(2025, 6, 2))
        Validator(file, as_of=date(2025, 6, 2))
        StatsCounter(file, census=date(2025, 4, 30))  # (counted as of its census: any day)


def test_small_api_mistakes_are_errors_naming_the_argument() -> None:
    # Each was a raw builtin exception from inside the library, not a VardgarantiError.
    from vardgaranti._stats import parse_bands
    from vardgaranti.errors import InvalidTypeError as TypeErr

    with pytest.raises(TypeErr) as caught:
        v.escape_formula(3)  # type: ignore[arg-type]
    assert caught.value.field == "cell"
    assert v.escape_formula("=1+1") == "'=1+1"
    with pytest.raises(TypeErr) as caught:
        v.read_published(io.StringIO("unit;measure;count\nA;waiting;1\n"), by="unit")
    assert caught.value.field == "by"
    with pytest.raises(InvalidValueError, match="are not bands") as bands:
        parse_bands("1," + "9" * 5000)  # (int() refuses so many digits: a raw ValueError)
    assert bands.value.field == "bands"
    for items in (None, 3, "cases"):
        with pytest.raises(TypeErr) as caught:
            v.evaluate_many(items, as_of=date(2025, 6, 2))  # type: ignore[arg-type, type-var]
        assert caught.value.field == "items"


AS_OF_DAY = date(2025, 6, 2)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda ex: v.compute_stats(ex, methods=["nonsense"], census=AS_OF_DAY), "methods"),
        (lambda ex: v.compute_stats(ex, methods=[], census=AS_OF_DAY), "methods"),
        (lambda ex: v.compute_stats(ex, methods=["skr", "skr"], census=AS_OF_DAY), "methods"),
        (lambda ex: v.check_waiting_list(ex, io.StringIO(), as_of=AS_OF_DAY, profile="x"),
         "profile"),
        (lambda ex: v.build_worklist(ex, as_of=AS_OF_DAY, profile="x"), "profile"),
        (lambda ex: v.check_waiting_list(ex, io.StringIO(), as_of=AS_OF_DAY, encoding="x"),
         "encoding"),
        (lambda ex: v.validate_file(ex, as_of=AS_OF_DAY, encoding="latin-9x"), "encoding"),
    ],
)  # fmt: skip
def test_an_unusable_method_profile_or_encoding_argument_names_its_parameter(
    call: Callable[[Path], object], field: str
) -> None:
    with pytest.raises(v.errors.VardgarantiError) as caught:
        call(v.example_waiting_list())
    assert caught.value.field == field


@pytest.mark.parametrize("code", ["PVV", "PvV", " pvv "])
def test_a_deviation_code_is_read_in_any_case_as_levels_and_reasons_are(code: str) -> None:
    # Case(level="VISIT") and the exclusion "MOV:…" were read; deviation="PvV" (as the
    # statistics write it) and uncovered="Out-of-scope" were refused.
    case = Case(level="visit", start=date(2025, 1, 2), deviation=code)
    assert case.deviation == "pvv"
    assert Case(level="visit", start=date(2025, 1, 2), uncovered="Out-of-scope ").uncovered == (
        v.Uncovered.OUT_OF_SCOPE
    )
    with pytest.raises(InvalidValueError) as caught:
        Case(level="visit", start=date(2025, 1, 2), deviation="PVX")
    assert caught.value.field == "deviation"
    assert "'PVX' is not a deviation code" in str(caught.value)


# -- 9. what an importer meets: the errors module, field types, callbacks, reprs -----------------


def test_a_misspelt_name_from_the_package_is_a_type_error_for_mypy(tmp_path: Path) -> None:
    """The package's lazy ``__getattr__`` was visible to mypy: ``from vardgaranti import
    evalute`` passed --strict and failed only when run."""
    from mypy import api

    user = tmp_path / "user.py"
    user.write_text(
        "import vardgaranti\nimport vardgaranti.errors\nfrom vardgaranti import Case, evaluate\n"
        "from vardgaranti import evalute\nvardgaranti.Csae\n"
        "print(Case, evaluate, vardgaranti.errors.VardgarantiError, vardgaranti.BANDS)\n",
        encoding="utf-8",
    )
    out, _err, code = api.run(["--strict", "--cache-dir", str(tmp_path / "cache"), str(user)])
    assert code == 1, out
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert len(errors) == 2, out
    assert 'user.py:4: error: Module "vardgaranti" has no attribute "evalute"' in errors[0]
    assert 'user.py:5: error: Module has no attribute "Csae"' in errors[1]


def test_the_readmes_region_script_type_checks_and_survives_a_blank_row(tmp_path: Path) -> None:
    """A review: the README's loop read ``done.result.care_elsewhere`` of a blank row (None:
    AttributeError), and ``done.item.number`` failed mypy --strict (an item was a Case or a
    row): ``Evaluated`` is generic in its item now."""
    from mypy import api

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("## A region script", 1)[1].split("```python\n", 1)[1]
    block = block.split(">>> len(refer)")[0]  # (the loop; what it found is looked at below)
    code = "\n".join(line[4:] for line in block.splitlines() if line.startswith((">>> ", "... ")))
    blank = "import io\nrows = read_waiting_list(io.StringIO(TEXT))\n"
    text = "id;unit;level;start\nA1;Hud;besök;2025-03-01\n;;;\nA3;Hud;besök;2025-03-02\n"
    script = code.replace(
        "rows = read_waiting_list(example_waiting_list())",
        f"TEXT = {text!r}\n{blank}",
    )
    user = tmp_path / "region.py"
    user.write_text(script + "\nprint(len(refer), len(errors))\n", encoding="utf-8")
    out, _err, status = api.run(["--strict", "--cache-dir", str(tmp_path / "cache"), str(user)])
    assert status == 0, out
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(user)], capture_output=True, text=True,
                          check=False)  # fmt: skip
    assert (done.returncode, done.stdout) == (0, "2 0\n"), done.stderr


def test_the_errors_module_is_reachable_right_after_import_vardgaranti() -> None:
    # mypy accepts `vardgaranti.errors.X` after `import vardgaranti`; it must run too.
    import subprocess
    import sys

    # (nothing else used first: any other name loads a module that imports .errors)
    code = "import vardgaranti\nprint(vardgaranti.errors.VardgarantiError.__name__)\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.split() == ["VardgarantiError"]
    assert "errors" in dir(v)


def test_every_error_the_library_defines_is_in_the_errors_module() -> None:
    import importlib
    import pkgutil

    from vardgaranti import errors

    found: dict[str, str] = {}
    for module in pkgutil.iter_modules(v.__path__):
        loaded = importlib.import_module(f"vardgaranti.{module.name}")
        for name, value in vars(loaded).items():
            if (  # (a private subclass may mark an internal case: never seen outside)
                isinstance(value, type)
                and issubclass(value, VardgarantiError)
                and not value.__name__.startswith("_")
            ):
                found[name] = value.__module__
    assert {"MethodError", "ProfileError", "TravelRulesError"} <= found.keys()
    assert dict.fromkeys(found, "vardgaranti.errors") == found
    # (and the signals that stop a write: BaseExceptions, as SystemExit is, not errors)
    stops = {"SignalExit", "SignalInterrupt"}
    assert not any(issubclass(getattr(errors, name), Exception) for name in stops)
    assert sorted(found) == sorted(set(errors.__all__) - stops)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("alternative_start", date(2025, 3, 5)),
        ("alternative_start", "2025-03-05"),
        ("start_note", 5),
        ("id", 5),
    ],
)
def test_a_case_refuses_a_wrong_type_in_its_plain_fields(field: str, value: object) -> None:
    # each was accepted, and alternative_start then failed deep inside result.alternatives
    given: dict[str, Any] = {field: value}
    with pytest.raises(InvalidTypeError) as caught:
        Case(level="visit", start=START, **given)
    assert caught.value.field == field
    assert type(value).__name__ in str(caught.value)


def test_a_case_keeps_its_plain_fields_of_the_right_type() -> None:
    other = v.AlternativeStart(start=D(2025, 3, 5), reading="received", source="HSF")
    case = Case(level="visit", start=START, id="P1", start_note="remiss", alternative_start=other)
    assert (case.id, case.start_note, case.alternative_start) == ("P1", "remiss", other)


# values that cannot be called, typed so that mypy lets them through
_ONE: Any = 1
_TEXT: Any = "x"
_LIST: Any = []


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda ex, out: v.check_waiting_list(ex, out, as_of=AS_OF, progress=_ONE), "progress"),
        (lambda ex, out: v.check_waiting_list(ex, out, as_of=AS_OF, notes=_TEXT), "notes"),
        (lambda ex, out: v.build_worklist(ex, as_of=AS_OF, each=_ONE), "each"),
        (lambda ex, out: v.compute_stats(ex, census=AS_OF, notes=_LIST), "notes"),
        (lambda ex, out: v.validate_file(ex, as_of=AS_OF, notes=_ONE), "notes"),
        (lambda ex, out: v.gather_report(ex, as_of=AS_OF, notes=_ONE), "notes"),
    ],
)  # fmt: skip
def test_a_callback_that_cannot_be_called_is_refused_before_anything_is_written(
    call: Callable[[Path, io.StringIO], object], field: str
) -> None:
    # check_waiting_list(progress=1) wrote the whole output, then raised a raw TypeError
    out = io.StringIO()
    with pytest.raises(InvalidTypeError) as caught:
        call(v.example_waiting_list(), out)
    assert (caught.value.field, out.getvalue()) == (field, "")
    assert "callable" in str(caught.value)


def test_the_calendar_travel_rules_and_letters_name_the_argument_they_refuse() -> None:
    with pytest.raises(InvalidTypeError) as caught:
        v.SwedishCalendar().add_vardagar(START, True)
    assert caught.value.field == "count"
    rules = v.travel_rules("example")
    not_distances: tuple[Any, ...] = (None, True, [1])
    for distance in not_distances:
        with pytest.raises(InvalidTypeError) as caught:
            rules.estimate(distance)
        assert caught.value.field == "distance_km"
    with pytest.raises(InvalidValueError) as refused:
        rules.estimate("-3")
    assert refused.value.field == "distance_km"
    for trips in (True, 0):
        with pytest.raises(VardgarantiError) as trips_refused:
            rules.estimate("42", trips=trips)
        assert trips_refused.value.field == "trips"
    result = evaluate(Case(level="visit", start=D(2025, 5, 1)), as_of=D(2025, 5, 20))
    with pytest.raises(InvalidTypeError) as caught:
        result.letter(contact=5)  # type: ignore[arg-type]
    assert caught.value.field == "contact"
    with pytest.raises(InvalidValueError) as refused:
        result.letter(contact="a\nb")
    assert refused.value.field == "contact"


def test_reprs_show_what_a_caller_reads_and_stay_short() -> None:
    summary = v.check_waiting_list(v.example_waiting_list(), io.StringIO(), as_of=AS_OF)
    shown = repr(summary)
    assert shown.startswith("CheckSummary(rows=")
    assert "_groups" not in shown
    assert "_counts" not in shown
    for rules in (NATIONAL, BUP):
        assert len(repr(rules)) < 200
        assert rules.name in repr(rules)


def test_a_rows_repr_leaves_its_cells_out_so_that_a_logged_row_holds_no_note() -> None:
    # A review: `log.error("%r", done)` wrote every cell of the row, a note "HIV-positiv" too.
    text = "id;level;start;note\nP1;visit;2025-01-02;HIV-positiv\n"
    (row,) = list(v.read_waiting_list(io.StringIO(text)))
    (done,) = list(v.evaluate_many([row], as_of=AS_OF))
    with v.assess_file(io.StringIO(text), as_of=AS_OF) as file:
        (assessed,) = list(file.rows)
    for shown in (repr(row), repr(done), repr(assessed)):
        assert "HIV-positiv" not in shown
    assert repr(assessed).startswith("AssessedRow(number=1, line=2, cells=<4 cells>, ")
    assert row.cells["note"] == assessed.cells[3] == "HIV-positiv"  # (the cells are all there)


def test_a_rows_repr_leaves_out_the_cells_its_error_quotes() -> None:
    # An integrator's review: a row's error quotes its cells (the extra cells of a row too
    # wide, a personnummer among them), and the error is in the row's repr.
    text = "id;level;start;note\nP2;visit;2025-02-30;diagnos F32.1;19121212-1212\n"
    (row,) = list(v.read_waiting_list(io.StringIO(text)))
    (done,) = list(v.evaluate_many([row], as_of=AS_OF))
    with v.assess_file(io.StringIO(text), as_of=AS_OF) as file:
        (assessed,) = list(file.rows)
    for shown in (repr(row), repr(done), repr(assessed)):
        assert "19121212-1212" not in shown
        assert "the row has 5 cells but the header has 4 (extra cells: [<13 characters>])" in shown
    assert row.error is not None
    assert "19121212-1212" in row.error  # (the error itself names them: it goes to the output)
    bad_date = "id;level;start\nP3;visit;19121212-1212\n"
    with v.assess_file(io.StringIO(bad_date), as_of=AS_OF) as file:
        (assessed,) = list(file.rows)
    assert "19121212-1212" not in repr(assessed)
    assert "start: <13 characters> is not a date" in repr(assessed)


def test_a_cases_repr_leaves_out_its_id_and_note_and_a_wrong_id_is_not_echoed() -> None:
    case = Case(level="visit", start=START, id="19121212-1212", start_note="pat. note")
    result = evaluate(case, as_of=AS_OF)
    for shown in (repr(case), repr(result)):
        assert "19121212-1212" not in shown
        assert "pat. note" not in shown
        assert "id=<13 characters>" in shown
    assert repr(Case(level="visit", start=START)).count("id=None") == 1
    assert case.id == "19121212-1212"  # (kept, and carried through)
    with pytest.raises(InvalidTypeError) as refused:
        Case(level="visit", start=START, id=191212121212)  # type: ignore[arg-type]
    assert "191212121212" not in str(refused.value)
    assert str(refused.value) == "id must be text or None, not int"
    assert refused.value.field == "id"


def test_the_language_type_is_public_so_that_a_caller_can_annotate_a_chosen_language() -> None:
    # with `lang = "sv" if x else "en"` (a str), mypy refused result.explain(lang); the only
    # way out was importing vardgaranti._messages.Lang
    assert typing.get_args(v.Lang) == ("sv", "en")
    lang: v.Lang = "en" if AS_OF.year > 2000 else "sv"
    result = evaluate(Case(level="visit", start=START), as_of=AS_OF)
    assert result.explain(lang).startswith(result.explain("en")[:20])
    with pytest.raises(InvalidValueError) as caught:
        result.explain("de")  # type: ignore[arg-type]
    assert caught.value.field == "lang"


@pytest.mark.parametrize(("field", "value"), [("bom", "yes"), ("bom", 1), ("summarize", 1)])
def test_a_flag_of_check_waiting_list_must_be_a_bool(field: str, value: object) -> None:
    # bom="yes" wrote a byte-order mark and summarize=1 counted, without a word
    given: dict[str, Any] = {field: value}
    out = io.StringIO()
    with pytest.raises(InvalidTypeError) as caught:
        v.check_waiting_list(v.example_waiting_list(), out, as_of=AS_OF, **given)
    assert (caught.value.field, out.getvalue()) == (field, "")


def test_numbers_and_text_of_any_kind_are_accepted_where_the_api_reads_them() -> None:
    # a Fraction, a str subclass and a NumPy-like bool were refused by the new type checks
    import fractions

    class Text(str):
        pass

    assert v.travel_rules("example").estimate(_ANY(fractions.Fraction(42))).cost == (
        v.travel_rules("example").estimate(42).cost
    )
    assert Case(level="visit", start=START, id=Text("P1"), start_note=Text("n")).id == "P1"

    class NumpyTrue:  # what matters of np.True_: a 0-dimensional array of kind "b"
        ndim = 0

        class dtype:
            kind = "b"

        def __bool__(self) -> bool:
            return True

    summary = v.check_waiting_list(
        v.example_waiting_list(), io.StringIO(), as_of=AS_OF, summarize=_ANY(NumpyTrue())
    )
    assert summary.rows == 300
    with pytest.raises(InvalidTypeError):
        v.check_waiting_list(v.example_waiting_list(), io.StringIO(), as_of=AS_OF, bom=_ANY([1]))


def _ANY(value: object) -> Any:
    return value


def test_a_name_or_citation_that_is_not_text_is_refused_naming_it() -> None:
    # parse_date("x", 5) gave an error with field 5; decide_costs(citation=5) a source "5; ..."
    with pytest.raises(InvalidTypeError) as caught:
        v.parse_date("2025-01-02", _ANY(5))
    assert caught.value.field == "what"
    assert v.parse_date("2025-01-02", "start") == D(2025, 1, 2)
    with pytest.raises(InvalidTypeError) as caught:
        v.decide_costs(covered=True, duty=True, care_due=True, start=D(2025, 1, 2),
                       referred=D(2025, 4, 20), provider="Capio", citation=_ANY(5))  # fmt: skip
    assert caught.value.field == "citation"
    decided = v.decide_costs(covered=True, duty=True, care_due=True, start=D(2025, 1, 2),
                             referred=D(2025, 4, 20), provider="Capio", citation="HSL")  # fmt: skip
    assert decided.value == "yes"


# -- a review of the public surface: arguments each refused with a typed error naming them --------


def test_an_empty_name_of_a_rule_set_method_or_travel_rules_is_refused() -> None:
    # Path("") is the current folder: ".: cannot read the rule file (Is a directory)".

    from vardgaranti.errors import InvalidValueError

    for load, field in (
        (v.rule_set, "rules"),
        (v.load_rule_set, "rules"),
        (v.travel_rules, "travel_rules"),
        (v.load_travel_rules, "path"),
        (v.load_method, "method"),
    ):
        for empty in ("", "  "):
            with pytest.raises(InvalidValueError) as caught:
                load(empty)
            assert caught.value.field == field
            assert "the name is empty" in str(caught.value)


def test_load_travel_rules_refuses_what_is_not_a_path_with_its_own_error() -> None:

    from vardgaranti.errors import InvalidTypeError

    for value in (None, 1.5, b"x"):
        with pytest.raises(InvalidTypeError) as caught:
            v.load_travel_rules(value)  # type: ignore[arg-type]
        assert caught.value.field == "path"


def test_a_sheet_that_is_not_text_is_a_type_error_naming_sheet() -> None:

    from vardgaranti.errors import InvalidTypeError

    # (1.5 failed with AttributeError deep in the workbook reader; on a CSV it was ignored)
    with pytest.raises(InvalidTypeError) as caught:
        v.assess_file(v.example_waiting_list(), as_of=date(2025, 6, 2), sheet=1.5)  # type: ignore[arg-type]
    assert caught.value.field == "sheet"


def test_flags_of_the_builders_are_true_or_false() -> None:

    from vardgaranti.errors import InvalidTypeError

    as_of = date(2025, 6, 2)
    with v.assess_file(v.example_waiting_list(), as_of=as_of) as file:
        for value in ("", "yes", 1, None):
            with pytest.raises(InvalidTypeError) as caught:
                v.Validator(file, as_of=as_of, findings=value)  # type: ignore[arg-type]
            assert caught.value.field == "findings"
    others: tuple[object, ...] = ([], "", 0)
    for other in others:
        with pytest.raises(InvalidTypeError) as split:
            v.compute_stats(v.example_waiting_list(), census=as_of, split_home=other)  # type: ignore[arg-type]
        assert split.value.field == "split_home"


def test_a_wrong_type_is_a_type_error_not_a_value_error() -> None:

    from vardgaranti._stats import percent_text
    from vardgaranti.errors import InvalidTypeError

    day = date(2025, 1, 2)
    with pytest.raises(InvalidTypeError, match="uncovered"):
        v.Case(level="visit", start=day, uncovered=1.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="exclusions"):
        v.Exclusion(1.5, day, day)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="decimals"):
        percent_text(Fraction(1, 3), decimals="x")  # type: ignore[arg-type]


def test_numpy_booleans_and_whole_numbers_are_the_policys_and_the_cases_flags() -> None:
    """A frame's cells give np.True_ and np.int64: refused, though the flags' check says a
    NumPy boolean is one; kept as Python's, so that the objects are equal and print alike."""
    np = pytest.importorskip("numpy")
    policy = v.Policy(roll_forward=np.True_, at_risk_days=np.int64(7))
    assert policy == v.Policy(roll_forward=True, at_risk_days=7)
    assert type(policy.roll_forward) is bool
    assert type(policy.at_risk_days) is int
    assert repr(policy) == "Policy(roll_forward=True, at_risk_days=7)"
    case = v.Case(level="visit", start=date(2025, 3, 3), listed=np.False_)
    assert case.listed is False
    with pytest.raises(InvalidTypeError, match="roll_forward"):
        v.Policy(roll_forward=np.array([True, False]))  # (no one truth)
    with pytest.raises(InvalidValueError, match="at_risk_days"):
        v.Policy(at_risk_days=np.int64(-1))
    with pytest.raises(InvalidTypeError, match="at_risk_days"):
        v.Policy(at_risk_days=np.float64(7))


def test_a_deviation_code_that_is_no_text_is_a_type_error() -> None:
    """``deviation=5`` was a ValueError, where ``uncovered=5`` is a TypeError."""
    with pytest.raises(InvalidTypeError) as raised:
        v.Case(level="visit", start=date(2025, 3, 3), deviation=5)
    assert raised.value.field == "deviation"
    assert isinstance(raised.value, TypeError)
    with pytest.raises(InvalidValueError):
        v.Case(level="visit", start=date(2025, 3, 3), deviation="PVX")


def _named_types(annotation: object, found: set[type]) -> None:
    """The classes *annotation* names, at any depth (``tuple[Figure, ...] | None``: Figure)."""
    if isinstance(annotation, type):
        found.add(annotation)
    for part in typing.get_args(annotation):
        _named_types(part, found)
    origin = typing.get_origin(annotation)
    if origin is not None:
        _named_types(origin, found)


def _hints(target: object) -> dict[str, object]:
    """*target*'s annotations, each evaluated by itself (one that cannot be is left out)."""
    try:
        return dict(typing.get_type_hints(target, localns=vars(v)))
    except (NameError, TypeError):  # (e.g. `array[int]` before Python 3.12): one at a time
        pass
    hints: dict[str, object] = {}
    module = vars(importlib.import_module(getattr(target, "__module__", "vardgaranti")))
    # (the names a module imports for its annotations only, under TYPE_CHECKING)
    names = {**vars(collections.abc), **vars(typing), **module, **vars(v)}
    for name, text in getattr(target, "__annotations__", {}).items():
        try:
            hints[name] = eval(text, names) if isinstance(text, str) else text
        except (NameError, TypeError):
            _UNREAD.append(f"{getattr(target, '__qualname__', target)}: {name}: {text}")
    return hints


#: The annotations :func:`_hints` could not evaluate (the test says which, rather than pass).
_UNREAD: list[str] = []


def test_the_public_api_names_only_public_types() -> None:
    # A public field, property or method whose type a user cannot import (a private module's
    # class) cannot be annotated or documented in their code: every class of the package it
    # names is exported from `vardgaranti`.
    # (a slice's state is opaque, documented so: made by `state()`, taken by `merge()`)
    opaque = {"StatsState", "ValidatorState", "WorklistState"}
    public = {id(getattr(v, name)) for name in v.__all__}
    private: dict[str, set[str]] = {}
    for name in sorted(set(v.__all__) - opaque):
        value = getattr(v, name)
        targets: list[object] = [value]
        if isinstance(value, type):
            for member_name, member in vars(value).items():
                if member_name.startswith("_"):
                    continue
                if isinstance(member, property):
                    targets.append(member.fget)
                elif callable(member) or isinstance(member, (classmethod, staticmethod)):
                    targets.append(getattr(member, "__func__", member))
        elif not callable(value):
            continue
        found: set[type] = set()
        for target in targets:
            for key, annotation in _hints(target).items():
                if not key.startswith("_"):
                    _named_types(annotation, found)
        named = {
            f"{kind.__module__}.{kind.__qualname__}"
            for kind in found
            if kind.__module__.startswith("vardgaranti") and id(kind) not in public
        }
        if named:
            private[name] = named
    assert private == {}
    # (array[int] is not subscriptable before Python 3.12: CheckSummary's private counters)
    assert all(text.startswith("CheckSummary: _") for text in _UNREAD), _UNREAD


@pytest.mark.parametrize("path", [None, 5, b"p.toml"])
def test_load_profile_refuses_what_is_not_a_path_naming_the_field(path: object) -> None:
    # it raised pathlib's bare TypeError, where load_rule_set and load_travel_rules name it
    with pytest.raises(InvalidTypeError) as raised:
        v.load_profile(path)  # type: ignore[arg-type]
    assert raised.value.field == "path"


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        (("r", "d", None), "rules"),
        (("r", "d", [1]), "rules"),
        (("r", "d", (1,)), "rules"),
        ((None, "d", ()), "name"),
    ],
)
def test_a_rule_set_built_by_hand_refuses_what_is_not_rules(
    arguments: tuple[object, ...], field: str
) -> None:
    # RuleSet("r", "d", None) raised a bare TypeError, and [1] an AttributeError
    with pytest.raises(InvalidTypeError) as raised:
        v.RuleSet(*arguments)  # type: ignore[arg-type]
    assert raised.value.field == field


@pytest.mark.parametrize(
    "call",
    [
        lambda folder: list(v.read_waiting_list(str(folder / "missing.csv"))),
        lambda folder: v.load_rule_set(folder / "missing.toml"),
        lambda folder: v.load_profile(folder / "missing.toml"),
    ],
)
def test_a_file_the_system_refuses_keeps_the_systems_error_as_its_cause(
    call: Callable[[Path], object], tmp_path: Path
) -> None:
    # the OSError was dropped (raise ... from None): its errno and filename were lost
    with pytest.raises(v.VardgarantiError) as raised:
        call(tmp_path)
    assert isinstance(raised.value, ValueError)
    assert isinstance(raised.value.__cause__, FileNotFoundError)
    assert "No such file or directory" in str(raised.value)


@pytest.mark.parametrize("text", ["mov:2025-02-30..2025-03-01", "mov:2025-03-01..2025-02-30"])
def test_an_exclusion_parsed_alone_names_the_field_exclusions_as_a_case_does(text: str) -> None:
    # An integrator's review: Exclusion.parse said field 'exclusion start' ('exclusion end'),
    # which is no input field; Case and parse_exclusions say 'exclusions'.
    with pytest.raises(v.VardgarantiError) as alone:
        v.Exclusion.parse(text)
    with pytest.raises(v.VardgarantiError) as in_case:
        Case(level="visit", start=START, exclusions=text)
    assert alone.value.field == in_case.value.field == "exclusions"
    assert str(alone.value) == str(in_case.value)


def test_numpy_scalars_are_taken_wherever_python_ones_are() -> None:
    # An integrator's review: Policy and Case took np.int64 and np.bool_ (a frame's cells),
    # while ListingRecorded, the calendar and workers= refused them.
    np = pytest.importorskip("numpy")
    day = date(2025, 3, 3)
    assert v.ListingRecorded(day, np.bool_(False)) == v.ListingRecorded(day, False)
    calendar = v.SwedishCalendar()
    assert calendar.holidays(np.int64(2025)) == calendar.holidays(2025)
    assert calendar.add_vardagar(day, np.int64(2)) == calendar.add_vardagar(day, 2)
    out = io.StringIO()
    summary = v.check_waiting_list(v.example_waiting_list(), out, as_of=AS_OF,
                                   workers=np.int64(1))  # fmt: skip
    assert summary.rows == 300
    with pytest.raises(InvalidTypeError):  # (a float is no whole number, NumPy's or not)
        calendar.add_vardagar(day, np.float64(2))


def test_a_rows_repr_leaves_out_extra_cells_that_the_error_cut() -> None:
    # The diff review: echo cuts a long list of extra cells inside its last value, whose
    # closing quote is then missing, and the mask let that value through.
    long_note = "Diagnos F32.1 depression, pnr 19121212-1212, " + "x" * 200
    text = f"id;level;start;note\nA;visit;2025-03-01;n;{long_note}\n"
    (row,) = list(v.read_waiting_list(io.StringIO(text)))
    assert row.error is not None
    assert "19121212-1212" in row.error  # (cut, but there: the error goes to the output)
    assert "19121212-1212" not in repr(row)
    assert "F32.1" not in repr(row)
    assert "(extra cells: [<a value cut" in repr(row)
    many = f"id;level;start;note\nB;visit;2025-03-01;n;19121212-1212;Anna Andersson;{'y' * 300}\n"
    (row,) = list(v.read_waiting_list(io.StringIO(many)))
    assert "Anna" not in repr(row)
    assert "yyyy" not in repr(row)
