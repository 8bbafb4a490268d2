"""Properties of the guarantee unit's week: worklist groups and forecast, and validation.

* every patient on the worklist is in exactly one group, the group of its keys, in order;
* the breach forecast is cumulative (monotone in the weeks), and a longer horizon only adds
  patients to the list, never changes the forecast;
* validate never changes a row, and its findings are one list in row order: the same on every
  run, and those of a row depend only on the rows up to it;
* a worklist that keeps only the first patients of each group (the report's) is the full one
  with each group's patients cut to that many: the same groups in the same order, the same
  counts and forecast;
* validation that only counts (the report's) counts what the findings add up to.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Final

from hypothesis import given, settings
from hypothesis import strategies as st

from vardgaranti._validate import Validator, validate_file
from vardgaranti._waiting_list import assess_file
from vardgaranti._worklist import WEEKS, Worklist, WorklistBuilder, build_worklist

AS_OF: Final = date(2025, 6, 2)
HEADER: Final = ("id", "unit", "level", "start", "completed", "booked", "exclusions", "RemissId",
                 "Lkf")  # fmt: skip
_FIRST: Final = date(2023, 10, 1)


def _day(offset: int) -> str:
    return (_FIRST + timedelta(days=offset)).isoformat()


@st.composite
def _row(draw: st.DrawFn) -> list[str]:
    start = draw(st.integers(0, 640))  # up to 2025-07-02: some start after the as-of day
    completed = draw(st.one_of(st.just(""), st.integers(-10, 200).map(lambda d: _day(start + d))))
    booked = draw(st.one_of(st.just(""), st.integers(-10, 200).map(lambda d: _day(start + d))))
    exclusions = ""
    if draw(st.booleans()):
        first = start + draw(st.integers(-5, 150))
        last = first + draw(st.integers(0, 20))
        exclusions = f"{draw(st.sampled_from(['pvv', 'mov']))}:{_day(first)}..{_day(last)}"
    return [
        draw(st.sampled_from(["A", "B", "C", "D", "E", ""])),
        draw(st.sampled_from(["U1", "U2", "", "=U3"])),
        draw(st.sampled_from(["visit", "treatment", "besök", "assessment", "contact", "vist"])),
        _day(start),
        completed,
        booked,
        exclusions,
        draw(st.sampled_from(["R1", "R2", ""])),
        draw(st.sampled_from(["0000", "1880", ""])),
    ]


_ROWS: Final = st.lists(_row(), max_size=40)


def _text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue()


def _worklist(rows: list[list[str]], horizon: int = 28) -> Worklist:
    return build_worklist(io.StringIO(_text(rows)), as_of=AS_OF, horizon=horizon)


@settings(max_examples=150)
@given(_ROWS)
def test_every_worklist_patient_is_in_exactly_one_group(rows: list[list[str]]) -> None:
    worklist = _worklist(rows)
    seen = [entry.row for _group, entry in worklist.entries()]
    assert len(seen) == len(set(seen))
    keys = [group.keys for group in worklist.groups]
    assert len(keys) == len(set(keys))
    for group in worklist.groups:
        assert group.patients
        for entry in group.patients:
            assert entry.keys == group.keys
            assert [g for g in worklist.groups if entry.keys == g.keys] == [group]
        order = [(entry.deadline, entry.row) for entry in group.patients]
        assert order == sorted(order)
    earliest = [(group.earliest_deadline, group.keys) for group in worklist.groups]
    assert earliest == sorted(earliest)
    assert [group.number for group in worklist.groups] == list(range(1, len(worklist.groups) + 1))


@settings(max_examples=150)
@given(_ROWS)
def test_the_forecast_is_cumulative_in_the_weeks(rows: list[list[str]]) -> None:
    worklist = _worklist(rows)
    for counts in [worklist.forecast, *(group.forecast for group in worklist.groups)]:
        assert len(counts) == len(WEEKS)
        assert list(counts) == sorted(counts)
        assert all(count >= 0 for count in counts)
    for group in worklist.groups:
        # the next breach is the earliest of those counted: a week counts one iff it is in it
        for weeks, count in zip(WEEKS, group.forecast, strict=True):
            within = group.next_breach is not None and group.next_breach <= 7 * weeks
            assert (count >= 1) == within
    assert sum(group.overdue for group in worklist.groups) == worklist.overdue


@settings(max_examples=100)
@given(_ROWS, st.integers(0, 60), st.integers(0, 60))
def test_a_longer_horizon_only_adds_patients(rows: list[list[str]], a: int, b: int) -> None:
    short, long = _worklist(rows, min(a, b)), _worklist(rows, max(a, b))
    assert {e.row for _g, e in short.entries()} <= {e.row for _g, e in long.entries()}
    assert short.forecast == long.forecast
    assert short.overdue == long.overdue
    forecasts = {group.keys: group.forecast for group in long.groups}
    for group in short.groups:
        assert forecasts[group.keys] == group.forecast


@settings(max_examples=100)
@given(_ROWS)
def test_validate_never_changes_a_row(rows: list[list[str]]) -> None:
    text = _text(rows)
    with assess_file(io.StringIO(text), as_of=AS_OF) as file:
        validator = Validator(file, as_of=AS_OF)
        for row in file.rows:
            before = (list(row.cells), row.assessed, row.error, row.number, row.line)
            validator.check(row)
            assert (list(row.cells), row.assessed, row.error, row.number, row.line) == before
    # and the file itself: validation reads, it writes nothing
    source = io.StringIO(text)
    with validate_file(source, as_of=AS_OF) as validation:
        list(validation.findings)
    assert source.getvalue() == text


@settings(max_examples=100)
@given(_ROWS, st.integers(0, 40))
def test_findings_are_one_list_in_row_order(rows: list[list[str]], cut: int) -> None:
    def findings(part: list[list[str]]) -> list[tuple[int, str, str]]:
        with validate_file(io.StringIO(_text(part)), as_of=AS_OF) as validation:
            return [(f.row, f.code.value, f.en) for f in validation.findings]

    found = findings(rows)
    assert found == sorted(found, key=lambda item: (item[0], item[1]))
    assert findings(rows) == found
    prefix = rows[:cut]
    assert findings(prefix) == [item for item in found if item[0] <= len(prefix)]


def _limited(rows: list[list[str]], limit: int) -> Worklist:
    with assess_file(io.StringIO(_text(rows)), as_of=AS_OF) as file:
        builder = WorklistBuilder(file, as_of=AS_OF, limit=limit)
        for row in file.rows:
            builder.add(row)
        return builder.finish()


@settings(max_examples=150)
@given(_ROWS, st.integers(1, 4))
def test_a_limited_worklist_is_the_full_one_cut_per_group(
    rows: list[list[str]], limit: int
) -> None:
    full, cut = _worklist(rows), _limited(rows, limit)
    assert cut.limit == limit
    assert full.limit is None
    assert cut.patients == full.patients
    assert (cut.rows, cut.errors, cut.empty) == (full.rows, full.errors, full.empty)
    assert (cut.overdue, cut.forecast) == (full.overdue, full.forecast)
    assert [g.keys for g in cut.groups] == [g.keys for g in full.groups]
    for short, whole in zip(cut.groups, full.groups, strict=True):
        assert short.count == whole.count == len(whole.patients)
        assert [e.row for e in short.patients] == [e.row for e in whole.patients[:limit]]
        assert (short.number, short.overdue, short.forecast, short.next_breach) == (
            whole.number,
            whole.overdue,
            whole.forecast,
            whole.next_breach,
        )
        assert short.earliest_deadline == whole.earliest_deadline
    # a limit at least the largest group's keeps every patient: the same worklist but for it
    largest = max((g.count for g in full.groups), default=1)
    assert _limited(rows, largest).groups == full.groups


@settings(max_examples=100)
@given(_ROWS)
def test_counting_only_counts_what_the_findings_add_up_to(rows: list[list[str]]) -> None:
    text = _text(rows)
    with assess_file(io.StringIO(text), as_of=AS_OF) as file:
        counting = Validator(file, as_of=AS_OF, findings=False)
        assert all(counting.check(row) == [] for row in file.rows)
    with validate_file(io.StringIO(text), as_of=AS_OF) as validation:
        found = list(validation.findings)
        summary = validation.summary
    assert counting.summary == summary
    assert summary.findings == len(found)
