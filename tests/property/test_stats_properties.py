"""Properties of ``vardgaranti stats`` on generated waiting lists.

* Every share is in [0, 1], compared as fractions, and every figure of the total is the sum of
  the groups' (counts, within, thresholds, bands, left out, paused, not judged).
* Every row read is accounted for: counted in a group, outside both measures, not covered, an
  error or empty.
* A case moved from waiting to completed (given a completion in the period) leaves its group
  with one waiting fewer and one completed more, and changes no other group.
* The ``legal`` method on a list without deviation codes counts the statuses ``check`` gives.
* Any text at all is counted or refused with a :class:`VardgarantiError`, nothing else.
* A :class:`StatsCounter` fed with the rows of a pass as of any day (the census day, as the
  report's one pass, or another) gives the figures of ``stats``: rows that start, complete or
  restart after the pass's day, and rows with errors, included.
* Any method's data (:meth:`Method.as_dict`) reads back as the method (:func:`method_from_data`).
* The official method (``skr``) counts generated national contacts as the reporting reference
  defines, computed here from the format's variables alone.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from fractions import Fraction
from typing import Final

from hypothesis import given, settings
from hypothesis import strategies as st

from tests import national_fixtures as nf
from vardgaranti._rules import NATIONAL, Level
from vardgaranti._stats import (
    MEASURES,
    Figures,
    GroupStats,
    Method,
    Stats,
    StatsCounter,
    compute_stats,
    method_from_data,
)
from vardgaranti._waiting_list import assess_file, check_waiting_list
from vardgaranti.errors import VardgarantiError

CENSUS: Final = date(2025, 5, 31)
PERIOD: Final = date(2025, 5, 1)
HEADER: Final = ("id", "unit", "level", "start", "completed", "exclusions", "restart", "listed")
UNITS: Final = ("Ögon", "Ortopedi", "Vårdcentralen")
LEVELS: Final = ("visit", "treatment", "contact", "assessment", "besök")

Row = dict[str, str]


@st.composite
def rows(draw: st.DrawFn, *, deviations: bool = True, settled: bool = False) -> Row:
    """A native row; *settled*: started by the census day, completed in its month or later."""
    level = draw(st.sampled_from(LEVELS))
    edges = st.sampled_from((0, 2, 3, 4, 30, 31, 60, 61, 89, 90, 91, 180, 181))
    start = CENSUS - timedelta(days=draw(st.one_of(edges, st.integers(0 if settled else -20, 400))))
    completed = ""
    choice = draw(st.sampled_from(("open", "period", "later", "any")))
    if choice == "period":
        low = max(start, PERIOD)
        if low <= CENSUS:
            completed = (
                low + timedelta(days=draw(st.integers(0, (CENSUS - low).days)))
            ).isoformat()
    elif choice == "later":
        completed = (max(start, CENSUS) + timedelta(days=draw(st.integers(1, 60)))).isoformat()
    elif choice == "any" and not settled:
        completed = (start + timedelta(days=draw(st.integers(0, 300)))).isoformat()
    exclusions = ""
    if deviations and level in ("visit", "treatment", "besök") and draw(st.booleans()):
        begin = start + timedelta(days=draw(st.integers(1, 150)))
        end = begin + timedelta(days=draw(st.integers(0, 40)))
        reason = draw(st.sampled_from(("pvv", "mov", "region")))
        exclusions = f"{reason}:{begin.isoformat()}..{end.isoformat()}"
    restart = ""
    if not settled and draw(st.integers(0, 9)) == 0:
        restart = (start + timedelta(days=draw(st.integers(0, 100)))).isoformat()
    return {
        "unit": draw(st.sampled_from(UNITS)),
        "level": level,
        "start": start.isoformat(),
        "completed": completed,
        "exclusions": exclusions,
        "restart": restart,
        "listed": draw(st.sampled_from(("", "", "ja", "nej"))),
    }


def _text(items: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    for index, row in enumerate(items):
        writer.writerow([f"P{index}", *(row[name] for name in HEADER[1:])])
    return out.getvalue()


def _stats(
    items: list[Row], methods: tuple[str, ...] = ("skr", "socialstyrelsen", "legal")
) -> Stats:
    return compute_stats(io.StringIO(_text(items)), census=CENSUS, methods=methods, min_group=0)


def _sums(groups: tuple[GroupStats, ...], method: int, measure: str) -> tuple[object, ...]:
    figures = [group.figures(method, measure) for group in groups]  # type: ignore[arg-type]
    width = len(figures[0].bands) if figures else 0
    return (
        sum(f.count for f in figures),
        sum(f.within for f in figures),
        tuple(sum(f.thresholds[i] for f in figures) for i in range(3)),
        tuple(sum(f.bands[i] for f in figures) for i in range(width)),
        {code: sum(f.left_out[code] for f in figures) for code in ("pvv", "mov", "sov")},
        sum(f.paused for f in figures),
        sum(f.not_judged for f in figures),
    )


def _own(figures: Figures) -> tuple[object, ...]:
    return (
        figures.count,
        figures.within,
        figures.thresholds,
        figures.bands,
        dict(figures.left_out),
        figures.paused,
        figures.not_judged,
    )


@settings(max_examples=60)
@given(st.lists(rows(), min_size=0, max_size=40))
def test_shares_are_fractions_in_0_1_and_groups_add_up_to_the_total(items: list[Row]) -> None:
    stats = _stats(items)
    for method in range(len(stats.methods)):
        for measure in MEASURES:
            for group in (*stats.groups, stats.total):
                figures = group.figures(method, measure)
                share = figures.share
                if figures.count:
                    assert share is not None
                    assert Fraction(0) <= share <= Fraction(1)
                    assert sum(figures.bands) == figures.count
                    assert list(figures.thresholds) == sorted(figures.thresholds)
                    assert figures.median is not None
                    assert figures.median >= 0
                else:
                    assert share is None
                    assert figures.median is None
            total = stats.total.figures(method, measure)
            if stats.groups:
                assert _sums(stats.groups, method, measure) == _own(total)
            else:
                assert total.count == 0


@settings(max_examples=60)
@given(st.lists(rows(), min_size=0, max_size=40))
def test_every_row_is_accounted_for(items: list[Row]) -> None:
    stats = _stats(items, ("skr", "legal"))
    rows_ = stats.rows
    assert rows_["read"] == len(items)
    assert rows_["read"] == (
        rows_["counted"]
        + rows_["outside"]
        + rows_["errors"]
        + rows_["empty"]
        + sum(stats.not_covered.values())
    )


@settings(max_examples=60)
@given(
    st.lists(rows(), min_size=1, max_size=25),
    st.integers(0, 1_000),
    st.integers(0, 400),
    st.integers(0, 30),
    st.sampled_from(("skr", "socialstyrelsen", "legal")),
)
def test_a_case_moved_from_waiting_to_completed_changes_only_its_counts(
    items: list[Row], pick: int, waited: int, done_day: int, method: str
) -> None:
    index = pick % len(items)
    start = CENSUS - timedelta(days=waited)
    waiting = {
        **items[index],
        "level": "visit",
        "start": start.isoformat(),
        "completed": "",
        "exclusions": "",
        "restart": "",
        "listed": "",
    }
    completion = max(start, PERIOD) + timedelta(days=done_day)
    if completion > CENSUS:
        completion = CENSUS
    completed = {**waiting, "completed": completion.isoformat()}
    before = _stats([*items[:index], waiting, *items[index + 1 :]], (method,))
    after = _stats([*items[:index], completed, *items[index + 1 :]], (method,))
    key = (waiting["unit"], "visit")
    groups_before = {group.key: group for group in before.groups}
    groups_after = {group.key: group for group in after.groups}
    assert set(groups_before) == set(groups_after)
    for group_key, group in groups_before.items():
        other = groups_after[group_key]
        if group_key != key:
            assert [_own(f) for f in group.waiting] == [_own(f) for f in other.waiting]
            assert [_own(f) for f in group.completed] == [_own(f) for f in other.completed]
            continue
        assert other.figures(0, "waiting").count == group.figures(0, "waiting").count - 1
        assert other.figures(0, "completed").count == group.figures(0, "completed").count + 1
        assert other.figures(0, "waiting").left_out == group.figures(0, "waiting").left_out
    total_before, total_after = before.total, after.total
    assert total_after.figures(0, "waiting").count == total_before.figures(0, "waiting").count - 1
    assert (
        total_after.figures(0, "completed").count == total_before.figures(0, "completed").count + 1
    )
    assert after.rows == before.rows


@settings(max_examples=60)
@given(st.lists(rows(settled=True), min_size=0, max_size=40))
def test_legal_counts_the_statuses_check_gives(items: list[Row]) -> None:
    text = _text(items)
    stats = compute_stats(
        io.StringIO(text), census=CENSUS, methods=("legal",), min_group=0, by=("unit", "level")
    )
    summary = check_waiting_list(io.StringIO(text), io.StringIO(), as_of=CENSUS)
    expected: dict[tuple[str, str], tuple[object, ...]] = {}
    not_covered = 0
    for group in summary.groups():
        statuses: dict[str, int] = group["statuses"]  # type: ignore[assignment]
        not_covered += statuses["not_covered"]
        bands: dict[str, int] = group["bands"]  # type: ignore[assignment]
        counts = (
            statuses["within"] + statuses["at_risk"] + statuses["overdue"],
            statuses["within"] + statuses["at_risk"],
            statuses["met"] + statuses["missed"],
            statuses["met"],
        )
        if any(counts):
            # check's bands count the days waited of open and closed rows together
            expected[str(group["unit"]), str(group["level"])] = (*counts, tuple(bands.values()))
    found = {
        group.key: (
            group.figures(0, "waiting").count,
            group.figures(0, "waiting").within,
            group.figures(0, "completed").count,
            group.figures(0, "completed").within,
            tuple(
                a + b
                for a, b in zip(
                    group.figures(0, "waiting").bands,
                    group.figures(0, "completed").bands,
                    strict=True,
                )
            ),
        )
        for group in stats.groups
        if group.figures(0, "waiting").count or group.figures(0, "completed").count
    }
    assert found == expected
    assert sum(stats.not_covered.values()) == not_covered
    assert stats.error_rows == summary.errors
    assert stats.rows["outside"] == 0


@settings(max_examples=100)
@given(st.text(max_size=300))
def test_any_text_is_counted_or_refused_with_a_library_error(text: str) -> None:
    try:
        stats = compute_stats(io.StringIO(text), census=CENSUS, methods=("skr", "legal"))
    except VardgarantiError:
        return
    assert stats.rows["read"] >= stats.rows["counted"]


#: Rows a pass cannot evaluate on some day or any: bad cells, a row of the wrong width.
_BROKEN: Final = (
    "X1;Ögon;visit;2025-02-30;;;;",
    "X2;Ögon;vist;2025-03-01;;;;",
    "X3;Ortopedi;visit;;;;;",
    "X4;Ortopedi;treatment;2025-04-01;2025-03-01;;;",
    "X5;Ögon;visit;2025-04-01",
    "X6;Ögon;visit;2025-04-01;;pvv:2025-04-10..2025-04-01;;",
    "X7;Ögon;visit;2025-06-20;;pvv:2025-06-25..2025-06-01;;",
    "X8;Vårdcentralen;contact;2025-06-10;;;2025-06-01;",
    ";;;;;;;",
)


@settings(max_examples=80)
@given(
    st.lists(rows(), min_size=0, max_size=30),
    st.lists(st.sampled_from(_BROKEN), max_size=4),
    st.sampled_from((0, -40, -1, 1, 25)),
    st.booleans(),
)
def test_a_counter_fed_by_a_pass_as_of_any_day_gives_the_figures_of_stats(
    items: list[Row], broken: list[str], shift: int, scenario: bool
) -> None:
    text = _text(items) + "".join(line + "\n" for line in broken)
    methods = ("skr", "socialstyrelsen", "legal")
    second = NATIONAL if scenario else None
    expected = compute_stats(
        io.StringIO(text), census=CENSUS, methods=methods, min_group=0, scenario=second
    )
    day = CENSUS + timedelta(days=shift)
    with assess_file(io.StringIO(text), as_of=day) as file:
        counter = StatsCounter(file, census=CENSUS, methods=methods, min_group=0, scenario=second)
        assert counter.mode == ("census" if shift == 0 else "again")
        counter.run(file.rows)
        found = counter.result()
    assert found == expected


_TEXTS: Final = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P")), min_size=1, max_size=20
)
_DAYS: Final = st.lists(st.integers(0, 3650), min_size=1, max_size=6, unique=True).map(
    lambda days: tuple(sorted(days))
)
_CODES: Final = st.frozensets(st.sampled_from(("pvv", "mov", "sov")))


@st.composite
def methods(draw: st.DrawFn) -> Method:
    """Any method a method file can describe, each text as the reader keeps it."""
    legal = draw(st.booleans())
    source = draw(_TEXTS)
    return Method(
        name=draw(_TEXTS),
        title=draw(_TEXTS),
        description=draw(_TEXTS),
        source=source,
        clock="legal" if legal else "calendar",
        clock_source=source,
        limit=None if legal else draw(st.integers(0, 3650)),
        limit_source=draw(_TEXTS),
        levels=draw(st.none() | st.frozensets(st.sampled_from(tuple(Level)), min_size=1)),
        levels_source=source,
        waiting_leave_out=frozenset() if legal else draw(_CODES),
        waiting_source=source,
        completed_leave_out=frozenset() if legal else draw(_CODES),
        completed_source=source,
        thresholds=draw(_DAYS),
        thresholds_source=source,
        bands=draw(_DAYS),
        bands_source=source,
        min_group=draw(st.integers(0, 100)),
        min_group_source=source,
        title_sv=draw(st.none() | _TEXTS),
        covered_only=draw(st.booleans()),
    )


@settings(max_examples=200)
@given(methods())
def test_a_methods_data_reads_back_as_the_method(method: Method) -> None:
    # Method.as_dict has a method file's keys: method_from_data gives the same method.
    assert method_from_data(method.as_dict(), "method.json") == method


# -- the official method against an independent count of the national format ------------------


@st.composite
def national_contacts(draw: st.DrawFn) -> list[dict[str, str]]:
    """Contacts of specialised care under the guarantee, waiting or completed in May 2025."""
    base = nf.contacts("vantande")[0]
    edges = st.sampled_from((0, 1, 30, 31, 89, 90, 91, 92, 180, 181))
    found = []
    for i in range(draw(st.integers(min_value=0, max_value=30))):
        decided = CENSUS - timedelta(days=draw(st.one_of(edges, st.integers(0, 400))))
        record = {**base, "VardkontaktId": f"K{i}", "Fas": draw(st.sampled_from("12")),
                  "Vardgaranti": draw(st.sampled_from(("1", "JA", "true"))),
                  "BeslutAktivitet": f"{decided.isoformat()}T08:00:00"}  # fmt: skip
        record.pop("Avvikelse", None)
        code = draw(st.sampled_from((None, "1", "2", "3")))
        if code is not None:
            record["Avvikelse"] = code
        if draw(st.booleans()):  # completed in the month (on or after the decision)
            low = max(decided, PERIOD)
            started = low + timedelta(days=draw(st.integers(0, (CENSUS - low).days)))
            record["StartAktivitet"] = f"{started.isoformat()}T10:00:00"
        found.append(record)
    return found


@settings(max_examples=80, deadline=None)
@given(national_contacts())
def test_skr_counts_the_national_format_as_the_reference_defines(
    records: list[dict[str, str]],
) -> None:
    # national-reporting.md, "How the official figures are counted", computed here from the
    # format's variables alone: calendar days from BeslutAktivitet to the census day (waiting)
    # or to StartAktivitet (completed), within = at most 90; the waiting leave out PvV, MoV
    # and SoV (as MoV), the completed PvV only.
    expected = {}
    for measure, leave_out in (("waiting", {"1", "2", "3"}), ("completed", {"1"})):
        days, left = [], {"pvv": 0, "mov": 0, "sov": 0}
        for record in records:
            started = record.get("StartAktivitet")
            if (measure == "completed") != (started is not None):
                continue
            code = record.get("Avvikelse")
            if code in leave_out:
                left[{"1": "pvv", "2": "mov", "3": "sov"}[code]] += 1
                continue
            decided = date.fromisoformat(record["BeslutAktivitet"][:10])
            until = CENSUS if started is None else date.fromisoformat(started[:10])
            days.append((until - decided).days)
        expected[measure] = (len(days), sum(day <= 90 for day in days), left)
    if not records:
        return  # (a file of no contacts has no header of the format to read)
    text = nf.national_csv(records, period=PERIOD.isoformat())
    stats = compute_stats(io.StringIO(text), census=CENSUS, methods=("skr",), by=(), min_group=0)
    for measure, (count, within, left) in expected.items():
        figures = stats.total.figures(0, measure)  # type: ignore[arg-type]
        assert (figures.count, figures.within) == (count, within), measure
        assert dict(figures.left_out) == left, measure
