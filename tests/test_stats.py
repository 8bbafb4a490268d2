"""``vardgaranti stats``: the official figures, the law's count, reconciliation and scenarios.

The golden files are in ``tests/golden/stats/``:

* ``small_national.csv``: a month (DatatGallerFor 2026-01, census 2026-01-31) in the national
  format, built by hand so that the waits fall on the band edges (0 on the census day itself,
  30/31, 60/61, 90/91, 180/181), with each deviation code, a contact not covered, an
  out-of-scope phase, a start after the census day, completions on the first and the census
  day, before and after the period. The expected figures below are worked out by hand from
  the day counts written beside each row in this module.
* ``small_native.csv``: the law's pauses and restart against the statistics' leaving out
  (census 2025-04-30).
* ``month_2026-01.csv``: a generated month (``benchmarks/generate_national.py``, 200 waiting
  rows with seed 11 and 200 completed with seed 12, ids of the completed prefixed ``G``), and
  ``published_2026-01.csv``: its figures per clinic, computed by the independent reference
  below (plain ``csv`` and ``decimal``, as KCHD's SQL counts them).
* ``besok60.toml``: a scenario, a proposed 60-day visit limit.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
import re
import tomllib
import tracemalloc
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any, Final

import pytest

from tests.national_fixtures import national_xml
from vardgaranti._cli import main
from vardgaranti._rules import rule_set
from vardgaranti._stats import (
    Figures,
    MethodError,
    PublishedRow,
    Stats,
    compute_stats,
    load_method,
    method_from_data,
    parse_bands,
    percent_text,
    read_published,
    reconcile,
)
from vardgaranti._waiting_list import example_waiting_list
from vardgaranti.errors import (
    InvalidTypeError,
    InvalidValueError,
    RuleSetError,
    VardgarantiError,
    WaitingListError,
)

GOLDEN: Final = Path(__file__).parent / "golden" / "stats"
SMALL: Final = GOLDEN / "small_national.csv"
NATIVE: Final = GOLDEN / "small_native.csv"
MONTH: Final = GOLDEN / "month_2026-01.csv"
PUBLISHED: Final = GOLDEN / "published_2026-01.csv"
SCENARIO: Final = GOLDEN / "besok60.toml"
CENSUS: Final = date(2026, 1, 31)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(["stats", *argv])
    except SystemExit as stop:  # argparse usage errors
        code = stop.code if isinstance(stop.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _fig(stats: Stats, method: int, measure: str, key: tuple[str, ...] = ()) -> Figures:
    group = stats.total if not key else next(g for g in stats.groups if g.key == key)
    return group.figures(method, measure)  # type: ignore[arg-type]


def _summary(figures: Figures) -> dict[str, Any]:
    return {
        "count": figures.count,
        "within": figures.within,
        "share": figures.share,
        "thresholds": figures.thresholds,
        "bands": figures.bands,
        "median": figures.median,
        "left_out": dict(figures.left_out),
        "paused": figures.paused,
        "not_judged": figures.not_judged,
    }


NO_CODES: Final = {"pvv": 0, "mov": 0, "sov": 0}


# -- hand-computed figures on the band edges -----------------------------------------------


@pytest.fixture(scope="module")
def small() -> Stats:
    return compute_stats(SMALL, methods=("skr", "socialstyrelsen", "legal"), min_group=0)


def test_the_census_day_is_the_last_day_of_the_datatgallerfor_month(small: Stats) -> None:
    assert small.census == CENSUS
    assert small.period == date(2026, 1, 1)
    assert any("DatatGallerFor" in note for note in small.notes)


def test_skr_waiting_counts_calendar_days_on_the_band_edges(small: Stats) -> None:
    # U1 visit: waited 0 (decided on the census day), 30, 31, 60, 61, 90, 91, 180, 181 days;
    # W10 PvV, W11 MoV, W12 SoV left out of the waiting.
    assert _summary(_fig(small, 0, "waiting", ("U1", "visit"))) == {
        "count": 9,
        "within": 6,
        "share": Fraction(2, 3),
        "thresholds": (2, 4, 6),
        "bands": (2, 2, 2, 1, 1, 1),
        "median": Fraction(61),
        "left_out": {"pvv": 1, "mov": 1, "sov": 1},
        "paused": 0,
        "not_judged": 0,
    }
    # The total adds C05 (treatment, 21 days, completed only after the census day).
    assert _summary(_fig(small, 0, "waiting")) == {
        "count": 10,
        "within": 7,
        "share": Fraction(7, 10),
        "thresholds": (3, 5, 7),
        "bands": (3, 2, 2, 1, 1, 1),
        "median": Fraction(121, 2),
        "left_out": {"pvv": 1, "mov": 1, "sov": 1},
        "paused": 0,
        "not_judged": 0,
    }


def test_skr_completed_keeps_mov_and_leaves_pvv_out(small: Stats) -> None:
    # C01 90 days (completed on the census day), C02 91, C03 0 (on the first day), C07 MoV
    # 141: in; C06 PvV: out; C04 (December) and C05 (February) are not in the period.
    assert _summary(_fig(small, 0, "completed", ("U2", "treatment"))) == {
        "count": 4,
        "within": 2,
        "share": Fraction(1, 2),
        "thresholds": (1, 1, 2),
        "bands": (1, 0, 1, 1, 1, 0),
        "median": Fraction(181, 2),
        "left_out": {"pvv": 1, "mov": 0, "sov": 0},
        "paused": 0,
        "not_judged": 0,
    }


def test_socialstyrelsen_leaves_mov_out_of_the_completed_too(small: Stats) -> None:
    assert _summary(_fig(small, 1, "completed")) == {
        "count": 3,
        "within": 2,
        "share": Fraction(2, 3),
        "thresholds": (1, 1, 2),
        "bands": (1, 0, 1, 1, 0, 0),
        "median": Fraction(90),
        "left_out": {"pvv": 1, "mov": 1, "sov": 0},
        "paused": 0,
        "not_judged": 0,
    }
    assert _summary(_fig(small, 1, "waiting")) == _summary(_fig(small, 0, "waiting"))


def test_legal_does_not_judge_a_deviation_code_without_dates(small: Stats) -> None:
    waiting = _fig(small, 2, "waiting")
    assert (waiting.count, waiting.within, waiting.not_judged) == (10, 7, 3)
    assert waiting.left_out == NO_CODES
    assert waiting.bands == (3, 2, 2, 1, 1, 1)  # no pause dates: the same days as skr
    completed = _fig(small, 2, "completed")
    # C01 met, C02 missed, C03 met; C06 (PvV) and C07 (MoV) have codes and no dates.
    assert (completed.count, completed.within, completed.not_judged) == (3, 2, 2)
    assert completed.median == 90


def test_every_row_is_accounted_for(small: Stats) -> None:
    rows = small.rows
    assert rows == {"read": 22, "empty": 0, "errors": 0, "outside": 2, "counted": 18}
    assert small.not_covered == {"out-of-scope": 1, "reported": 1}
    assert small.other_level == (0, 0, 0)
    covered = rows["counted"] + rows["outside"] + sum(small.not_covered.values())
    assert covered == rows["read"]


def test_a_period_selects_the_completed_of_another_month() -> None:
    stats = compute_stats(SMALL, period=date(2025, 12, 1), min_group=0)
    completed = _fig(stats, 0, "completed")
    assert (completed.count, completed.median) == (1, Fraction(91))  # C04: 2025-10-01 to 2025-12-31
    assert _fig(stats, 0, "waiting").count == 10  # the census day is unchanged


# -- the law pauses, the statistics leave out ---------------------------------------------


@pytest.fixture(scope="module")
def native() -> Stats:
    return compute_stats(
        NATIVE, census=date(2025, 4, 30), methods=("skr", "legal"), by=(), min_group=0
    )


def test_skr_leaves_out_a_case_with_a_pvv_or_mov_period_begun_by_the_census(
    native: Stats,
) -> None:
    # N1 (pvv period in February) and N2 (mov in March) are left out; N4's pvv period begins
    # after the census day: counted (60 days); N3 105 and N6 119 days (from the start: the
    # statistics know no restart).
    waiting = _fig(native, 0, "waiting")
    assert (waiting.count, waiting.within, waiting.median) == (3, 1, Fraction(105))
    assert waiting.left_out == {"pvv": 1, "mov": 1, "sov": 0}
    completed = _fig(native, 0, "completed")  # N5: 104 calendar days, mov stays in
    assert (completed.count, completed.within, completed.median) == (1, 0, Fraction(104))


def test_legal_pauses_the_clock_and_restarts_it(native: Stats) -> None:
    # N1 109 days (119 less 10 paused) overdue; N2 68 (88 less 20) within; N3 105 overdue;
    # N4 60 within; N6 60 from its restart, within.
    waiting = _fig(native, 1, "waiting")
    assert (waiting.count, waiting.within, waiting.paused, waiting.median) == (
        5,
        3,
        2,
        Fraction(68),
    )
    assert waiting.share == Fraction(3, 5)
    assert waiting.restarted == 1
    completed = _fig(native, 1, "completed")  # N5: 104 less 28 paused = 76: met
    assert (completed.count, completed.within, completed.paused, completed.median) == (
        1,
        1,
        1,
        Fraction(76),
    )


def test_a_period_begun_on_the_measure_day_is_a_code_that_day() -> None:
    text = (
        "id;unit;level;start;completed;exclusions\n"
        "A;u;visit;2025-03-01;;pvv:2025-04-30..2025-05-05\n"  # begins on the census day
        "B;u;visit;2025-03-01;2025-04-20;mov:2025-04-20..2025-04-25\n"  # on the completion
        "C;u;visit;2025-03-01;2025-04-20;mov:2025-04-21..2025-04-25\n"  # after it
    )
    stats = compute_stats(
        io.StringIO(text), census=date(2025, 4, 30), methods=("socialstyrelsen",), by=()
    )
    waiting = _fig(stats, 0, "waiting")
    assert (waiting.count, waiting.left_out["pvv"]) == (0, 1)
    completed = _fig(stats, 0, "completed")
    assert (completed.count, completed.left_out["mov"]) == (1, 1)


def test_a_period_that_ended_by_day_0_is_no_code_of_this_wait() -> None:
    # Only days after day 0 count (HSF 6 kap. 2 §, as the law's count reads it): a mov period
    # that ended before the case began took M1 (122 days, a breach) out of the official
    # waiting, as if its wait had been paused.
    text = (
        "id;unit;level;start;completed;exclusions\n"
        "M1;u;visit;2025-10-01;;mov:2025-09-01..2025-09-10\n"  # ended before day 0
        "M2;u;visit;2025-12-01;;\n"
        "M3;u;visit;2025-10-01;;pvv:2025-09-20..2025-10-01\n"  # ends on day 0: no day counted
        "M4;u;visit;2025-10-01;;pvv:2025-09-20..2025-10-02\n"  # one day after day 0: a code
        "M5;u;visit;2025-10-01;2026-01-20;mov:2025-09-01..2025-09-10\n"  # completed, likewise
    )
    for method in ("skr", "socialstyrelsen"):
        stats = compute_stats(io.StringIO(text), census=date(2026, 1, 31), methods=(method,), by=())
        waiting = _fig(stats, 0, "waiting")
        assert (waiting.count, waiting.within) == (3, 1), method  # M1, M2, M3
        assert waiting.left_out == {"pvv": 1, "mov": 0, "sov": 0}, method  # M4
        completed = _fig(stats, 0, "completed")
        assert (completed.count, completed.left_out["mov"]) == (1, 0), method  # M5 counted


def test_compare_methods_prints_both_counts_and_the_cases_between(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(
        capsys, str(NATIVE), "--census", "2025-04-30", "--compare-methods", "skr,legal",
        "--by", "", "--min-group", "0",
    )  # fmt: skip
    assert (code, err) == (0, "")
    total = next(line for line in out.splitlines() if line.startswith("Total"))
    # skr 3 waiting, 33.3 %, 2 over; legal 5, 60.0 %, 2 overdue; skr out PvV 1, MoV 1, SoV 0;
    # legal paused 2 (N1, N2), restarted 1 (N6), not judged 0
    assert total.split() == [
        "Total", "3", "33.3", "2", "5", "60.0", "2", "1", "1", "0", "2", "1", "0",
    ]  # fmt: skip


# -- options ------------------------------------------------------------------------------


def test_by_takes_any_column_case_insensitively() -> None:
    stats = compute_stats(SMALL, by=("lkf",), min_group=0)
    assert stats.by == ("Lkf",)
    assert [group.key for group in stats.groups] == [("0000",), ("0180",), ("1880",)]
    assert sum(g.figures(0, "waiting").count for g in stats.groups) == 10


def test_by_nothing_gives_only_the_total() -> None:
    stats = compute_stats(SMALL, by=())
    assert stats.groups == ()
    assert stats.total.figures(0, "waiting").count == 10


def test_by_an_unknown_column_names_the_columns(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, str(SMALL), "--by", "Mvo")
    assert code == 2
    assert out == ""
    assert err.startswith("vardgaranti: error: ")
    assert f"--by 'Mvo': {SMALL} has no such column" in err
    assert "HSAIdVardenhet" in err
    assert len(err.splitlines()) == 1


def test_bands_can_reach_a_year() -> None:
    stats = compute_stats(SMALL, bands=parse_bands("30,60,90,120,180,365"), by=())
    assert stats.band_labels == (
        "0-30", "31-60", "61-90", "91-120", "121-180", "181-365", "over 365",
    )  # fmt: skip
    assert _fig(stats, 0, "waiting").bands == (3, 2, 2, 1, 1, 1, 0)


@pytest.mark.parametrize("text", ["", "30,30", "60,30", "30,x", "-1", "1,99999"])
def test_bands_must_be_increasing_days(text: str) -> None:
    with pytest.raises(InvalidValueError, match="are not bands") as caught:
        parse_bands(text)
    assert caught.value.field == "bands"


def test_small_groups_show_only_their_count(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(capsys, str(SMALL), "--min-group", "5")
    assert code == 0
    line = next(row for row in out.splitlines() if row.startswith("U2"))
    assert line.split()[:4] == ["U2", "treatment", "1", ".."]
    assert "hidden: fewer than 5" in out
    total = next(row for row in out.splitlines() if row.startswith("Total"))
    assert ".." not in total
    code, out, _err = _run(capsys, str(SMALL), "--min-group", "5", "--json")
    group = json.loads(out)["methods"][0]["groups"][1]["waiting"]
    assert group["count"] == 1
    assert group["hidden"] is True
    assert group["share"] is None
    assert group["median"] is None


def test_home_region_counts_only_the_patients_of_the_lan() -> None:
    stats = compute_stats(SMALL, home_region=("18",), by=())
    assert stats.rows["home_other"] == 1  # W09: Lkf 0180 (Stockholms län)
    assert stats.rows["home_unknown"] == 1  # C03: Lkf 0000
    waiting = _fig(stats, 0, "waiting")
    assert (waiting.count, waiting.within) == (9, 7)
    completed = _fig(stats, 0, "completed")
    assert (completed.count, completed.within) == (3, 1)


def test_home_region_split_puts_the_others_beside_the_own() -> None:
    stats = compute_stats(SMALL, home_region=("18",), split_home=True, by=("unit",))
    assert stats.by == ("home", "unit")
    keys = {group.key: group.figures(0, "waiting").count for group in stats.groups}
    assert keys == {("own", "U1"): 8, ("own", "U2"): 1, ("other", "U1"): 1, ("unknown", "U2"): 0}
    assert _fig(stats, 0, "waiting").count == 10


def test_home_region_reads_a_code_that_lost_its_leading_zeros() -> None:
    # 180 is Lkf 0180 (Stockholms län, 01) stored as a number by a spreadsheet: it was
    # "unknown", and without --split silently left out of län 01's own figures.
    text = (
        "DatatGallerFor;VardkontaktId;HSAIdVardenhet;Vardgaranti;Fas;BeslutAktivitet;Lkf\n"
        "2025-03-01;K1;U1;JA;1;2025-01-01;180\n2025-03-01;K2;U1;JA;1;2025-01-01;0180\n"
        "2025-03-01;K3;U1;JA;1;2025-01-01;0\n2025-03-01;K4;U1;JA;1;2025-01-01;1880\n"
    )
    stats = compute_stats(io.StringIO(text), home_region=("01",), split_home=True, by=())
    keys = {group.key: group.figures(0, "waiting").count for group in stats.groups}
    assert keys == {("own",): 2, ("unknown",): 1, ("other",): 1}


def test_a_municipality_code_of_no_lan_is_unknown_not_another_lan() -> None:
    """No län has the code 00, 02, 11 or 99 (SCB): such an Lkf is malformed, as docs say of a
    malformed Lkf: unknown, not a patient of another län."""
    rows = "".join(
        f"2025-03-01;K{i};U1;JA;1;2025-01-01;{lkf}\n"
        for i, lkf in enumerate(("0099", "9999", "1180", "0280", "1880", "0180"))
    )
    text = "DatatGallerFor;VardkontaktId;HSAIdVardenhet;Vardgaranti;Fas;BeslutAktivitet;Lkf\n"
    stats = compute_stats(io.StringIO(text + rows), home_region=("18",), split_home=True, by=())
    keys = {group.key: group.figures(0, "waiting").count for group in stats.groups}
    assert keys == {("own",): 1, ("other",): 1, ("unknown",): 4}


def test_the_swedish_text_names_the_evaluated_level_in_swedish(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The Swedish table said "visit" and "treatment" (the report says besök, behandling); the
    # CSV and JSON keep the codes.
    code, out, _err = _run(capsys, str(SMALL), "--lang", "sv", "--min-group", "0")
    assert code == 0
    rows = [line.split() for line in out.splitlines()]
    levels = {row[1] for row in rows if len(row) > 2 and row[0] in ("U1", "U2")}
    assert levels <= {"besök", "behandling", "kontakt", "bedömning"}
    assert levels
    code, out, _err = _run(capsys, str(SMALL), "--lang", "sv", "--min-group", "0", "--csv")
    assert "besök" not in out


def test_home_region_in_swedish_names_the_lan(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(
        capsys, str(SMALL), "--home-region", "18", "--split", "--lang", "sv", "--by", "unit",
        "--min-group", "0",
    )  # fmt: skip
    assert code == 0
    assert "annat län" in out
    assert "eget län" in out
    assert "okänt = Lkf 0000" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--home-region", "55x"], "--home-region '55x': a län code is two digits"),
        # (Regionkod 55 is Region Örebro län: its län code is 18; 55 was accepted, and
        # counted every patient as from another län)
        (["--home-region", "55"], "--home-region '55': no län has this code"),
        (["--home-region", "18,02"], "--home-region '02': no län has this code"),
        (["--split"], "--split needs --home-region"),
        (["--method", "skr", "--compare-methods", "skr,legal"], "not both"),
        (["--as-of", "2026-01-30", "--census", "2026-01-31"], "different days"),
        (["--method", "nonsense"], "unknown method 'nonsense'"),
        (["--scenario", "nonsense"], "unknown rule set 'nonsense'"),
        (["--compare-methods", "skr,skr"], "--compare-methods: the method 'skr' is named twice"),
        # a column named twice, in two cases
        (["--by", "unit,UNIT"], "names 'UNIT' twice"),
        (["--by", "Fas,FAS"], "names 'FAS' twice"),
        # (an empty --home-region, as a script's empty variable gives, counted every patient)
        (["--home-region", ""], "--home-region: give one or more län codes"),
        (["--home-region", " , "], "--home-region: give one or more län codes"),
    ],
)
def test_unusable_options_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = _run(capsys, str(SMALL), *argv)
    assert (code, out) == (2, "")
    assert message in err
    assert len(err.splitlines()) == 1


def test_a_column_named_twice_in_two_unicode_forms_of_a_letter_is_refused() -> None:
    # A review: "Önskemål" composed and decomposed grouped by the same column twice, as two
    # cases of a name are refused.
    text = "id;unit;level;start;Önskemål\nA;U;visit;2025-05-01;fm\n"
    decomposed = unicodedata.normalize("NFD", "Önskemål")
    with pytest.raises(WaitingListError, match=r"names .* twice") as caught:
        compute_stats(io.StringIO(text), census=date(2025, 5, 31), by=("Önskemål", decomposed))
    assert caught.value.field == "by"
    found = compute_stats(io.StringIO(text), census=date(2025, 5, 31), by=(decomposed,))
    assert [group.key for group in found.groups] == [("fm",)]  # the column is found so too


def test_a_home_region_that_is_no_lan_code_is_an_error_naming_home_region() -> None:
    with pytest.raises(WaitingListError) as caught:
        compute_stats(SMALL, home_region=("55",), by=())
    assert caught.value.field == "home_region"
    assert str(caught.value).startswith("home_region '55': no län has this code")
    assert compute_stats(SMALL, home_region=("18", "01"), by=()).home_region == ("01", "18")


def test_home_region_needs_the_lkf_column(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(capsys, "--example", "--home-region", "18")
    assert code == 2
    assert "--home-region needs the column Lkf" in err
    assert len(err.splitlines()) == 1


def test_api_errors_about_the_home_region_name_the_parameters_not_the_options() -> None:
    # A developer calling compute_stats gives split_home and home_region, not --split and
    # --home-region: the error names what was given (the command line names its options).
    with pytest.raises(WaitingListError) as caught:
        compute_stats(SMALL, split_home=True, by=())
    assert caught.value.field == "split_home"
    assert str(caught.value) == "split_home needs home_region (the län codes of the own region)"
    with pytest.raises(WaitingListError) as caught:
        compute_stats(example_waiting_list(), home_region=("18",), by=(), census=date(2025, 6, 2))
    assert caught.value.field == "home_region"
    assert str(caught.value).startswith("home_region needs the column Lkf")
    assert "--" not in str(caught.value)


def test_as_of_is_the_census_day() -> None:
    stats = compute_stats(example_waiting_list(), census=date(2025, 6, 2))
    assert stats.census == date(2025, 6, 2)
    assert stats.period == date(2025, 6, 1)


def test_a_file_without_a_month_needs_a_census_day(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(capsys, str(example_waiting_list()))
    assert code == 2
    # (the library's error names `census`; the day is --as-of too, as in every command)
    assert "error: --as-of (or --census) is needed: " in err


def test_an_xml_delivery_names_its_month() -> None:
    data = national_xml(period="2025-03-01")
    stats = compute_stats(io.BytesIO(data), by=())
    assert stats.census == date(2025, 3, 31)
    assert stats.rows["read"] == 22


@pytest.mark.parametrize("period", ["2025-03-01+01:00", "2025-03-01Z", "2025-03-01-05:00"])
def test_an_xml_schema_date_with_a_time_zone_names_the_month(period: str) -> None:
    # xs:date may carry a zone: every row was an error ("DatatGallerFor 22"), also with
    # --census. A month has no zone: the date is read without it.
    stats = compute_stats(io.BytesIO(national_xml(period=period)), by=())
    assert stats.census == date(2025, 3, 31)
    assert (stats.rows["read"], stats.rows["errors"]) == (22, 0)


def test_a_row_of_another_month_is_not_counted_and_gives_a_note(tmp_path: Path) -> None:
    text = SMALL.read_text(encoding="utf-8").replace("2026-01-01;W05", "2025-12-01;W05")
    path = tmp_path / "mixed.csv"
    path.write_text(text, encoding="utf-8")
    said: list[str] = []
    mixed = compute_stats(path, notes=said.append)
    assert said == [
        "1 row names another month (DatatGallerFor) than the census day's (2026-01): left out "
        "of the statistics (another month's delivery)"
    ]
    alone = compute_stats(io.StringIO("\n".join(
        line for line in text.splitlines() if ";W05;" not in line) + "\n"))  # fmt: skip
    assert mixed.rows == {**alone.rows, "read": alone.rows["read"] + 1, "other_month": 1}
    assert mixed.total == alone.total
    assert mixed.groups == alone.groups


@pytest.mark.parametrize("month", ["2026-13-01", "jan 2026"])
def test_a_later_rows_month_that_is_not_a_date_is_its_error_not_this_months_row(
    month: str,
) -> None:
    # As the first row's stops the file and validate's V015 names it: K2 was counted as
    # waiting 244 days on 31 January, without a word.
    delivery = io.StringIO(
        "DatatGallerFor;VardkontaktId;HSAIdVardenhet;Vardgaranti;Fas;Avvikelse;BeslutAktivitet;"
        "StartAktivitet\n"
        "2026-01-01;K1;U;JA;1;;2025-11-01T08:00:00;\n"
        f"{month};K2;U;JA;1;;2025-06-01T08:00:00;\n"
        ";K3;U;JA;1;;2025-12-01T08:00:00;\n"  # (a blank month: this month's row)
    )
    stats = compute_stats(delivery, by=(), min_group=0)
    waiting = _fig(stats, 0, "waiting")
    assert (waiting.count, waiting.median) == (2, Fraction(76))  # K1 91 days, K3 61
    assert (stats.rows["read"], stats.rows["errors"]) == (3, 1)
    assert [(e.reason, e.rows, e.first_line) for e in stats.errors] == [("DatatGallerFor", 1, 3)]


@pytest.mark.parametrize("census", [None, date(2026, 1, 31)])
def test_a_month_written_without_its_day_names_the_month(census: date | None) -> None:
    # `2026-01` and `202601` name January 2026 as clearly as `2026-01-01` (with a census
    # given too, where a row's month that is no date at all is its error)
    delivery = io.StringIO(
        "DatatGallerFor;VardkontaktId;HSAIdVardenhet;Vardgaranti;Fas;Avvikelse;BeslutAktivitet;"
        "StartAktivitet\n"
        "2026-01;K1;U;JA;1;;2025-11-01T08:00:00;\n"
        "202601;K2;U;JA;1;;2025-12-01T08:00:00;\n"
        "2025-12;K3;U;JA;1;;2025-10-01T08:00:00;\n"
    )
    stats = compute_stats(delivery, census=census, by=(), min_group=0)
    assert stats.census == date(2026, 1, 31)
    assert _fig(stats, 0, "waiting").count == 2
    assert (stats.rows["errors"], stats.rows["other_month"]) == (0, 1)


def test_two_months_joined_in_one_file_count_the_census_months_rows_only() -> None:
    # A December and a January export joined: P1 was counted twice (waiting on 31 December
    # and on 31 January), and P2 as waiting on 31 January though completed on 10 January.
    joined = io.StringIO(
        "DatatGallerFor;VardkontaktId;HSAIdVardenhet;Vardgaranti;Fas;Avvikelse;BeslutAktivitet;"
        "StartAktivitet\n"
        "2025-12-01;P1;U1;JA;1;;2025-10-01;\n"
        "2025-12-01;P2;U1;JA;1;;2025-11-20;\n"
        "2026-01-01;P1;U1;JA;1;;2025-10-01;\n"
        "2026-01-01;P2;U1;JA;1;;2025-11-20;2026-01-10\n"
    )
    stats = compute_stats(joined, census=date(2026, 1, 31), by=(), min_group=0)
    waiting, completed = stats.total.figures(0, "waiting"), stats.total.figures(0, "completed")
    assert (waiting.count, waiting.within, waiting.median) == (1, 0, Fraction(122))  # P1 only
    assert (completed.count, completed.within, completed.median) == (1, 1, Fraction(51))  # P2
    assert stats.rows["other_month"] == 2


def test_the_month_may_be_a_timestamp_in_the_first_row_only(tmp_path: Path) -> None:
    lines = SMALL.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("2026-01-01;", "2026-01-01T00:00:00;", 1)
    lines[2:] = [";" + line.partition(";")[2] for line in lines[2:]]
    path = tmp_path / "first-row.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stats = compute_stats(path, by=())
    assert stats.census == CENSUS
    assert _fig(stats, 0, "waiting").count == 10


def test_standard_input_names_its_month_in_the_first_row(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(SMALL.read_bytes()), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)
    code, out, _err = _run(capsys, "-", "--by", "", "--min-group", "0")
    assert code == 0
    assert "Waiting on 2026-01-31; completed in January 2026." in out
    assert "Rows: 22 read, 18 counted in groups" in out


def test_a_bad_month_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad-month.csv"
    path.write_text(SMALL.read_text(encoding="utf-8").replace("2026-01-01;W01", "januari;W01"))
    with pytest.raises(WaitingListError, match="DatatGallerFor: 'januari' is not a date"):
        compute_stats(path)


# -- rows with errors -------------------------------------------------------------------------


def test_rows_with_errors_are_counted_by_reason_never_dropped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    stats = compute_stats(example_waiting_list(), census=date(2025, 5, 31), by=())
    assert stats.error_rows == 13
    assert {error.reason: error.rows for error in stats.errors} == {
        "booked": 3,
        "exclusions": 4,
        "level": 1,
        "start": 5,
    }
    code, out, err = _run(capsys, "--example", "--census", "2025-05-31", "--json")
    assert code == 0
    assert json.loads(out)["rows"]["errors"] == 13
    assert "13 of 300 rows have errors and are not counted" in err
    code, out, err = _run(capsys, "--example", "--census", "2025-05-31")
    assert (
        "13 rows with errors are not counted, by column: booked 3, exclusions 4, level 1, start 5"
        in out
    )
    assert err == ""


def test_a_row_of_the_wrong_width_is_an_error_of_its_cells(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text(SMALL.read_text(encoding="utf-8") + "2026-01-01;X1;U1\n", encoding="utf-8")
    stats = compute_stats(path, by=())
    assert [(error.reason, error.rows) for error in stats.errors] == [("the row's cells", 1)]


@pytest.mark.parametrize(
    "data",
    [b"", b"\x00\x01\x02", b"<root/>", b"id;level\n1;visit\n", b"PK\x03\x04garbage"],
)
def test_an_unusable_file_exits_2_without_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "input.csv"
    path.write_bytes(data)
    code, out, err = _run(capsys, str(path), "--census", "2026-01-31")
    assert (code, out) == (2, "")
    assert err.startswith("vardgaranti: error: ")
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1


# -- output forms ---------------------------------------------------------------------------


def test_json_gives_the_exact_share(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(capsys, str(SMALL), "--json", "--by", "")
    assert code == 0
    data = json.loads(out)
    share = data["methods"][0]["total"]["waiting"]["share"]
    assert share == {"percent": 70.0, "numerator": 7, "denominator": 10}
    completed = data["methods"][0]["total"]["completed"]
    assert completed["median"] == 90.5
    assert completed["left_out"] == {"pvv": 1, "mov": 0, "sov": 0}
    assert data["methods"][0]["waiting"]["leave_out"] == ["pvv", "mov", "sov"]
    assert "KCHD" in data["methods"][0]["completed"]["source"]


def test_the_share_numerator_and_denominator_are_the_rows_within_and_counted_unreduced(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # docs/statistics.md: the share is within / count; 2 of 2 is written 2/2, not 1/1.
    code, out, _err = _run(capsys, str(SMALL), "--csv", "--min-group", "0", "--by", "level")
    assert code == 0
    rows = [r for r in csv.DictReader(io.StringIO(out), delimiter=";") if r["share"]]
    pairs = [(r["within"], r["count"]) for r in rows]
    assert [(r["share_numerator"], r["share_denominator"]) for r in rows] == pairs
    assert any(math.gcd(int(a), int(b)) > 1 for a, b in pairs)  # (a fraction that reduces)
    code, out, _err = _run(capsys, str(SMALL), "--json", "--min-group", "0", "--by", "level")
    for group in json.loads(out)["methods"][0]["groups"]:
        for measure in ("waiting", "completed"):
            figures = group[measure]
            if figures["share"] is not None:
                found = (figures["share"]["numerator"], figures["share"]["denominator"])
                assert found == (figures["within"], figures["count"])


def test_shares_are_rounded_half_up_from_the_exact_fraction() -> None:
    assert percent_text(Fraction(1, 8)) == "12.5"
    assert percent_text(Fraction(1, 16)) == "6.3"  # 6.25: half up, not to even
    assert percent_text(Fraction(5, 16)) == "31.3"  # 31.25
    assert percent_text(Fraction(2, 3), ",") == "66,7"
    assert percent_text(Fraction(0)) == "0.0"


def test_csv_writes_one_row_per_method_measure_and_group(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _err = _run(capsys, str(SMALL), "--csv", "--min-group", "0")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out), delimiter=";"))
    assert len(rows) == 2 * 3  # waiting, completed x U1 visit, U2 treatment, total
    total = next(r for r in rows if r["scope"] == "total" and r["measure"] == "waiting")
    assert total["unit"] == total["level"] == ""
    assert (total["count"], total["share"], total["median"]) == ("10", "70.0", "60.5")
    assert (total["share_numerator"], total["share_denominator"]) == ("7", "10")
    assert (total["band_0_30"], total["band_over_180"], total["le_90"]) == ("3", "1", "7")


def test_a_group_value_that_looks_like_a_formula_is_escaped_in_the_csv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "formula.csv"
    path.write_text(SMALL.read_text(encoding="utf-8").replace(";U2;", ";=1+1;"), encoding="utf-8")
    code, out, _err = _run(capsys, str(path), "--csv", "--by", "unit")
    assert code == 0
    units = {row["unit"] for row in csv.DictReader(io.StringIO(out), delimiter=";")}
    assert units == {"U1", "'=1+1", ""}


def test_a_group_column_name_that_looks_like_a_formula_is_escaped_in_the_csv_header(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "header.csv"
    path.write_text("id;unit;level;start;@foo\nA;U;visit;2025-03-01;-x\n", encoding="utf-8")
    code, out, _err = _run(capsys, str(path), "--csv", "--by", "@foo", "--as-of", "2025-06-02")
    assert code == 0
    header = next(csv.reader(io.StringIO(out), delimiter=";"))
    assert header[:4] == ["method", "measure", "scope", "'@foo"]


def test_output_files_are_written_whole(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for name in ("figures.json", "figures.csv", "figures.txt"):
        code, out, err = _run(capsys, str(SMALL), "--output", str(tmp_path / name))
        assert (code, out, err) == (0, "", "")
    assert json.loads((tmp_path / "figures.json").read_text())["census"] == "2026-01-31"
    assert (tmp_path / "figures.csv").read_text().startswith("method;measure;scope;unit;level")
    assert (tmp_path / "figures.txt").read_text().startswith("Method skr:")


def test_an_excel_workbook_holds_numbers_and_the_method(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "figures.xlsx"
    code, out, _err = _run(capsys, str(SMALL), "--output", str(target), "--lang", "sv")
    assert (code, out) == (0, "")
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Statistik", "Metod"]
    rows = list(book["Statistik"].iter_rows(values_only=True))
    header = rows[0]
    total = dict(zip(header, rows[3], strict=True))
    assert (total["omfång"], total["antal"], total["andel %"]) == ("totalt", 10, 70.0)
    assert book["Metod"]["A1"].value == "nyckel"
    about = dict(book["Metod"].iter_rows(min_row=2, values_only=True))
    assert about["method.skr.limit.days"] == 90
    code, _out, err = _run(capsys, str(SMALL), "--output", str(target), "--json")
    assert code == 2
    assert "--json writes JSON, not what the name says" in err


@pytest.mark.parametrize(
    ("source", "options"),
    [
        (SMALL, ["--by", "unit,level"]),
        (SMALL, ["--home-region", "18", "--split", "--min-group", "0"]),
        (SMALL, ["--method", "legal", "--bands", "30,90"]),
    ],
)
def test_the_swedish_workbook_says_in_swedish_what_the_text_table_says_and_reads_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, source: Path, options: list[str]
) -> None:
    # A language review: the Swedish workbook kept the CSV's English (method, measure, scope;
    # waiting, group, yes) beside a Swedish text table; its columns now are the table's words,
    # and the workbook read back as published figures matches the figures it holds.
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "figures.xlsx"
    code, _out, _err = _run(capsys, str(source), *options, "--output", str(target), "--lang", "sv")
    assert code == 0
    rows = list(openpyxl.load_workbook(target)["Statistik"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("metod", "mått", "omfång")
    assert "antal" in header
    assert "andel %" in header
    assert "ej räknade PvV" in header
    assert not {"measure", "scope", "count", "hidden", "share", "left_out_pvv"} & set(header)
    english = {"waiting", "completed", "group", "total", "yes", "no", "visit", "treatment",
               "own", "other"}  # fmt: skip
    assert not english & {cell for row in rows[1:] for cell in row if isinstance(cell, str)}
    words = {row[1] for row in rows[1:]} | {row[2] for row in rows[1:]}
    assert words == {"väntande", "genomförda", "grupp", "totalt"}
    code, out, _err = _run(capsys, str(source), *options, "--published", str(target))
    assert code == 0, out
    assert " 0 differ" in out or "0 differ" in out, out


def test_swedish_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(capsys, str(SMALL), "--lang", "sv", "--min-group", "0")
    assert code == 0
    assert "Väntande den 2026-01-31" in out
    assert "Genomförda i januari 2026" in out
    assert "inom 90 d %" in out
    assert "70,0" in out
    assert "60,5" in out


def test_the_text_of_the_small_month_is_as_recorded(capsys: pytest.CaptureFixture[str]) -> None:
    # A regression record of the layout (the figures in it are checked above).
    code, out, _err = _run(
        capsys, str(SMALL), "--compare-methods", "skr,socialstyrelsen,legal", "--min-group", "0"
    )
    assert code == 0
    assert out == (GOLDEN / "small_national_compare.txt").read_text(encoding="utf-8")


# -- scenario -------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["skr", "legal"])
def test_a_60_day_visit_scenario_moves_the_61_to_90_day_waits(method: str) -> None:
    stats = compute_stats(SMALL, methods=(method,), scenario=rule_set(SCENARIO), min_group=0)
    visit = _fig(stats, 0, "waiting", ("U1", "visit")).scenario
    assert visit is not None
    # 0, 30, 31, 60 within 60 days; 61 and 90 no longer
    assert (visit.count, visit.base_within, visit.within) == (9, 6, 4)
    assert (visit.within_difference, visit.breach_difference) == (-2, 2)
    treatment = _fig(stats, 0, "waiting", ("U2", "treatment")).scenario
    assert treatment is not None
    assert (treatment.count, treatment.within, treatment.within_difference) == (1, 1, 0)
    assert stats.scenario == "Förslag besök 60"


def test_the_scenario_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(capsys, str(SMALL), "--scenario", str(SCENARIO), "--min-group", "0")
    assert code == 0
    assert "Scenario Förslag besök 60 (method skr): waiting on 2026-01-31" in out
    total = [line for line in out.splitlines() if line.startswith("Total")][-1]
    assert total.split() == ["Total", "10", "7", "5", "-2", "3", "5", "+2", "0"]


def test_a_scenario_that_cannot_judge_a_level_counts_the_rows(
    capsys: pytest.CaptureFixture[str],
) -> None:
    stats = compute_stats(SMALL, scenario=rule_set("bup"), by=())
    found = _fig(stats, 0, "waiting").scenario
    assert found is not None
    # bup has no visit level: the 9 counted visits are errors; the treatment is judged (30 days)
    assert (found.count, found.within, found.errors) == (1, 1, 9)
    assert stats.scenario_errors[0].reason == "Fas"
    code, out, _err = _run(capsys, str(SMALL), "--scenario", "bup")
    assert code == 0
    # the 9 counted waiting visits, as the table counts them (the three skr leaves out by their
    # deviation code were named too: 12, against the table's 9)
    assert "The scenario bup could not evaluate 9 rows, by column: Fas 9." in out
    assert stats.scenario_errors[0].rows == found.errors == 9


# -- reconciliation with published figures ------------------------------------------------


def reference_published(path: Path) -> str:
    """The published figures per clinic of a month, counted independently of the library.

    As KCHD's views count them (calc_vantande, calc_vantetid_genomford, res_kpi_manad):
    Vardgaranti JA, Fas 1 or 2; waiting = no StartAktivitet by the census day, Avvikelse 1, 2
    and 3 left out; completed = StartAktivitet in the month, Avvikelse 1 left out; within = at
    most 90 days between the dates; the share a percent rounded half up to one decimal.
    """
    census = CENSUS
    figures: dict[tuple[str, str], list[int]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            if row["Vardgaranti"] != "JA" or row["Fas"] not in ("1", "2"):
                continue
            start = date.fromisoformat(row["BeslutAktivitet"][:10])
            done = date.fromisoformat(row["StartAktivitet"][:10]) if row["StartAktivitet"] else None
            code = row["Avvikelse"]
            unit = row["HSAIdVardenhet"]
            if start <= census and (done is None or done > census) and code not in "123":
                counts = figures.setdefault((unit, "waiting"), [0, 0])
                counts[0] += 1
                counts[1] += (census - start).days <= 90
            if done is not None and done.strftime("%Y-%m") == "2026-01" and code != "1":
                counts = figures.setdefault((unit, "completed"), [0, 0])
                counts[0] += 1
                counts[1] += (done - start).days <= 90
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["HSAIdVardenhet", "measure", "count", "share"])
    for (unit, measure), (count, within) in sorted(figures.items()):
        share = (Decimal(100 * within) / Decimal(count)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        writer.writerow([unit, measure, count, f"{share}".replace(".", ",")])
    return out.getvalue()


def test_the_reference_gives_the_recorded_published_figures() -> None:
    assert reference_published(MONTH) == PUBLISHED.read_text(encoding="utf-8")


def test_a_generated_month_reconciles_exactly(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        capsys, str(MONTH), "--by", "HSAIdVardenhet", "--published", str(PUBLISHED),
        "--tolerance", "0",
    )  # fmt: skip
    assert (code, err) == (0, "")
    rows = len(PUBLISHED.read_text(encoding="utf-8").splitlines()) - 1
    assert f"{rows} published rows: {rows} agree, 0 differ" in out
    assert "groups without published figures: 0." in out  # (not "0 groups", nor "1 groups")


def _perturbed(tmp_path: Path, old: str, new: str) -> Path:
    text = PUBLISHED.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "published.csv"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_share_published_otherwise_exits_1_and_names_the_group(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first = PUBLISHED.read_text(encoding="utf-8").splitlines()[1]
    unit, measure, count, share = first.split(";")
    published = Decimal(share.replace(",", "."))
    changed = published - Decimal("0.6") if published >= 1 else published + Decimal("0.6")
    path = _perturbed(tmp_path, first, f"{unit};{measure};{count};{changed}")
    # (the groups are small: their shares are compared when shown, with --min-group 0)
    code, out, err = _run(
        capsys, str(MONTH), "--by", "HSAIdVardenhet", "--published", str(path), "--min-group", "0"
    )
    assert code == 1
    assert "DIFFERS" in out
    assert err.startswith("vardgaranti: published rows that differ (a count, or a share by ")
    assert ") or are missing: 1 of 21; first: line 2: " in err
    assert f"line 2: HSAIdVardenhet={unit}, {measure}; share {published} vs {changed}" in err
    # in Swedish, the line too (it was English), and the tolerance as given (%g rounded it)
    code, out, err = _run(
        capsys, str(MONTH), "--by", "HSAIdVardenhet", "--published", str(path), "--min-group",
        "0", "--lang", "sv", "--tolerance", "0.1234567",
    )  # fmt: skip
    assert code == 1
    sv_measure = "väntande" if measure == "waiting" else "genomförda"
    ours, theirs = (str(share).replace(".", ",") for share in (published, changed))
    assert err.startswith(
        "vardgaranti: publicerade rader som avviker (antal, eller andel med mer än "
        f"0,1234567 procentenheter) eller saknas: 1 av 21; första: rad 2: HSAIdVardenhet={unit}, "
        f"{sv_measure}; andel {ours} mot {theirs}"
    ), err
    assert "tolerans 0,1234567 procentenheter" in out
    # within the tolerance it agrees
    code, _out, _err = _run(
        capsys, str(MONTH), "--by", "HSAIdVardenhet", "--published", str(path),
        "--tolerance", "0.6", "--min-group", "0",
    )  # fmt: skip
    assert code == 0


def test_a_count_published_otherwise_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first = PUBLISHED.read_text(encoding="utf-8").splitlines()[1]
    unit, measure, count, share = first.split(";")
    path = _perturbed(tmp_path, first, f"{unit};{measure};{int(count) + 1};{share}")
    code, _out, err = _run(capsys, str(MONTH), "--by", "HSAIdVardenhet", "--published", str(path))
    assert code == 1
    assert f"count {count} vs {int(count) + 1}" in err


def test_a_published_group_the_list_lacks_is_missing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = PUBLISHED.read_text(encoding="utf-8") + "SE0000000000-NOWHERE;waiting;12;50,0\n"
    path = tmp_path / "published.csv"
    path.write_text(text, encoding="utf-8")
    code, out, err = _run(capsys, str(MONTH), "--by", "HSAIdVardenhet", "--published", str(path))
    assert code == 1
    assert "MISSING" in out
    assert "not in the list" in err


def test_the_figures_of_a_check_output_are_its_inputs_with_units_a_writer_guarded(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # check writes the unit "-Hud" as "'-Hud" (a spreadsheet would run it); its output read
    # again counted "'-Hud", so the figures published for the list no longer matched
    source = tmp_path / "list.csv"
    source.write_text(
        "id;unit;level;start\n"
        "A1;-Hud;visit;2025-05-01\nA2;+46 Ort;visit;2025-01-10\nA3;@Ögon;visit;2025-05-20\n"
        "A4;Kir;visit;2025-05-20\n",
        encoding="utf-8",
    )
    published = tmp_path / "published.csv"
    checked = tmp_path / "checked.csv"
    census = "2025-06-02"
    assert _run(capsys, str(source), "--census", census, "--min-group", "0", "--csv", "-o",
                str(published))[0] == 0  # fmt: skip
    assert "'-Hud" in published.read_text(encoding="utf-8")  # (guarded there too)
    assert main(["check", str(source), "--as-of", census, "-o", str(checked)]) == 0
    capsys.readouterr()
    code, out, err = _run(capsys, str(checked), "--census", census, "--min-group", "0",
                          "--published", str(published))  # fmt: skip
    assert code == 0, out + err
    assert "MISSING" not in out


@pytest.mark.parametrize("methods", ["skr,legal", "legal,skr"])
def test_the_published_figures_of_several_methods_are_read_for_the_method_compared(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, methods: str
) -> None:
    # stats --compare-methods --csv writes a row per method: --published refused it ("the
    # figures of this group and measure are given twice"), though the docs offer stats' CSV
    figures = tmp_path / "figures.csv"
    code, _, _ = _run(capsys, str(MONTH), "--compare-methods", "skr,legal", "--min-group", "0",
                      "--csv", "-o", str(figures))  # fmt: skip
    assert code == 0
    code, out, err = _run(capsys, str(MONTH), "--compare-methods", methods, "--min-group", "0",
                          "--published", str(figures))  # fmt: skip
    assert code == 0, out + err
    assert " 0 differ" in out
    rows = read_published(figures, ["unit", "level"], method="LEGAL")
    assert rows
    assert len(rows) == len(read_published(figures, ["unit", "level"], method="skr"))
    with pytest.raises(WaitingListError, match=r"several methods \('skr', 'legal'\)"):
        read_published(figures, ["unit", "level"])
    with pytest.raises(WaitingListError, match="no rows of the method 'socialstyrelsen'"):
        read_published(figures, ["unit", "level"], method="socialstyrelsen")
    # the figures of one method are read whichever is compared (stats --csv names its method
    # in every row: another method's count was then refused, not reconciled)
    one = tmp_path / "one.csv"
    assert _run(capsys, str(MONTH), "--min-group", "0", "--csv", "-o", str(one))[0] == 0
    code, out, _ = _run(capsys, str(MONTH), "--method", "legal", "--min-group", "0",
                        "--published", str(one))  # fmt: skip
    assert code in (0, 1)
    assert "agree" in out
    assert read_published(one, ["unit", "level"], method="legal") == read_published(
        one, ["unit", "level"]
    )


def test_published_figures_are_at_most_the_limit_counted_over_every_method(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from vardgaranti import _stats

    monkeypatch.setattr(_stats, "_PUBLISHED_LIMIT", 2)
    text = "method;unit;measure;count\nskr;A;waiting;1\nlegal;A;waiting;1\n"
    assert len(read_published(io.StringIO(text), ["unit"], method="skr")) == 1
    with pytest.raises(WaitingListError, match="more than 2 rows"):
        read_published(io.StringIO(text + "legal;B;waiting;1\n"), ["unit"], method="skr")


def test_published_figures_without_groups_are_the_total(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """With ``--by ''`` the total is all there is: a row without a scope is the total (it was
    looked for among the groups, of which there are none, and reported MISSING)."""
    path = tmp_path / "p.csv"
    path.write_text("measure;count;share\nwaiting;145;72,4\n", encoding="utf-8")
    code, out, _ = _run(capsys, str(MONTH), "--by", "", "--min-group", "0", "--published",
                        str(path))  # fmt: skip
    assert code == 0, out
    assert "MISSING" not in out


def test_a_published_share_of_0_for_a_group_the_list_lacks_is_missing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A share needs a case in its denominator: 0.0 % published was a group too ("ok" before)."""
    text = PUBLISHED.read_text(encoding="utf-8") + "SE0000000000-NOWHERE;waiting;;0,0\n"
    path = tmp_path / "published.csv"
    path.write_text(text, encoding="utf-8")
    code, out, _ = _run(capsys, str(MONTH), "--by", "HSAIdVardenhet", "--published", str(path))
    assert code == 1
    assert "MISSING" in out


def test_published_levels_in_swedish_or_any_case_are_the_levels(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The Swedish table names its levels besök and behandling: a published file may too."""
    path = tmp_path / "p.csv"
    path.write_text(
        "level;measure;count;share\nbesök;väntande;92;67,4\nBehandling;waiting;53;81,1\n"
        "Visit;completed;96;\n",
        encoding="utf-8",
    )
    code, out, _ = _run(capsys, str(MONTH), "--by", "level", "--min-group", "0",
                        "--published", str(path), "--lang", "sv")  # fmt: skip
    assert code == 0, out
    assert "SAKNAS" not in out
    rows = read_published(path, ("level",))
    assert [row.key for row in rows] == [("visit",), ("treatment",), ("visit",)]


@pytest.mark.parametrize("tolerance", ["1e400", "101", "100.5"])
def test_a_tolerance_beyond_100_percentage_points_is_refused(
    capsys: pytest.CaptureFixture[str], tolerance: str
) -> None:
    code, _, err = _run(capsys, str(MONTH), "--by", "HSAIdVardenhet", "--published",
                        str(PUBLISHED), "--tolerance", tolerance)  # fmt: skip
    assert code == 2
    assert "the tolerance must be from 0 to 100 percentage points" in err
    assert err.count("\n") == 1
    with pytest.raises(InvalidValueError, match="from 0 to 100 percentage points"):
        reconcile(compute_stats(MONTH, census=date(2026, 1, 31), by=()), [], tolerance=101)


def test_standard_input_for_both_the_list_and_the_published_figures_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = _run(capsys, "-", "--published", "-", "--as-of", "2026-01-31")
    assert code == 2
    assert "--published: standard input is the waiting list already" in err


def test_the_csv_of_a_reconciliation_keeps_its_width(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (
        "unit;level;scope;measure;count;share\n"
        "U1;visit;group;waiting;9;66,7\n"
        "U9;visit;group;waiting;4;\n"
        ";;total;completed;4;50,0\n"
        "U8;visit;group;completed;0;\n"
    )
    path = tmp_path / "published.csv"
    path.write_text(text, encoding="utf-8")
    code, out, _err = _run(capsys, str(SMALL), "--published", str(path), "--csv")
    assert code == 1  # U9 is missing
    rows = list(csv.reader(io.StringIO(out), delimiter=";"))
    assert {len(row) for row in rows} == {len(rows[0])}
    flags = {(row[3], row[1]): row[-1] for row in rows[1:] if row[-1]}
    assert flags == {
        ("U1", "waiting"): "hidden",  # (9 < --min-group 20: its share is not compared)
        ("", "completed"): "ok",
        ("U9", "waiting"): "missing",
        ("U8", "completed"): "ok",  # nothing published for a group the list lacks
    }


def test_a_published_row_without_figures_is_not_counted_as_agreeing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # "X;väntande;;" (a group the published table hides, or a short row) was flagged ok and
    # counted in "agree", though nothing was compared.
    first = PUBLISHED.read_text(encoding="utf-8").splitlines()[1]
    unit, measure, _count, _share = first.split(";")
    path = _perturbed(tmp_path, first, f"{unit};{measure};;")
    total = len(PUBLISHED.read_text(encoding="utf-8").splitlines()) - 1
    given = [str(MONTH), "--by", "HSAIdVardenhet", "--min-group", "0", "--published", str(path)]
    code, out, _err = _run(capsys, *given, "--csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out), delimiter=";"))
    flags = [row[-1] for row in rows[1:] if row[-1]]
    assert flags.count("empty") == 1
    assert flags.count("ok") == total - 1
    code, out, _err = _run(capsys, *given)
    assert f"{total} published rows: {total - 1} agree, 0 differ" in out
    assert "Not compared: 1 published row with neither a count nor a share." in out
    stats = compute_stats(MONTH, census=CENSUS, by=["HSAIdVardenhet"], min_group=0)
    result = reconcile(stats, read_published(path, ["HSAIdVardenhet"]))
    assert [item.flag for item in result.items].count("empty") == 1
    assert len(result.differing) == 0


def test_a_reconciliation_shows_no_share_that_min_group_hides(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A group of 3 is hidden (".." in the table: fewer than --min-group 20), but the
    # reconciliation printed its share, 33 %, in the text, the CSV and the JSON: the small
    # group's figure the table hides. Its count is shown (as in the table) and compared; its
    # share is neither shown nor compared.
    listed = tmp_path / "small.csv"
    listed.write_text(
        "id;unit;level;start\nA;Hud;besök;2025-01-01\nB;Hud;besök;2025-01-02\n"
        "C;Hud;besök;2025-05-01\nD;Ögon;besök;2025-05-01\n",
        encoding="utf-8",
    )
    published = tmp_path / "published.csv"
    published.write_text(
        "unit;level;measure;count;share\nHud;visit;waiting;3;\nÖgon;visit;waiting;1;0\n",
        encoding="utf-8",
    )
    base = [str(listed), "--as-of", "2025-06-02", "--published", str(published)]
    code, out, err = _run(capsys, *base)
    assert code == 0, err
    lines = out[out.index("Published figures") :].splitlines()
    hud = next(line for line in lines if line.startswith("Hud"))
    assert hud.split()[:7] == ["Hud", "visit", "waiting", "3", "3", "+0", ".."], hud
    assert "33" not in hud
    ogon = next(line for line in lines if line.startswith("Ögon"))
    assert ogon.split()[6] == "..", ogon  # (its share, 0 %, is not compared: not "differs")
    assert ogon.split()[-1] == "hidden", ogon  # (nor "ok")
    assert lines[-1] == (
        "Not compared, since the computed share is hidden: 1 published share of groups smaller "
        "than --min-group 20 (--min-group 0 compares them)."
    )
    assert lines[-2].startswith("2 published rows: 2 agree, 0 differ")  # (Ögon's count agrees)
    # a row of a hidden group with a share only: nothing is compared, so it does not "agree"
    published.write_text(
        "unit;level;measure;count;share\nHud;visit;waiting;3;\nÖgon;visit;waiting;;0\n",
        encoding="utf-8",
    )
    code, out, err = _run(capsys, *base)
    assert code == 0, err
    assert "2 published rows: 1 agree, 0 differ" in out
    published.write_text("unit;level;measure;count;share\nHud;visit;waiting;3;\n", encoding="utf-8")
    code, out, err = _run(capsys, *base)
    assert code == 0, err
    assert "1 published row: 1 agree, 0 differ" in out  # (it said "1 published rows")
    published.write_text(
        "unit;level;measure;count;share\nHud;visit;waiting;3;\nÖgon;visit;waiting;1;0\n",
        encoding="utf-8",
    )
    code, out, _err = _run(capsys, *base, "--csv")
    assert "33" not in out
    assert code == 0
    code, out, _err = _run(capsys, *base, "--json")
    items = json.loads(out)["published"]["items"]
    assert [(item["count"], item["share"], item["share_difference"], item["flag"])
            for item in items] == [(3, None, None, "ok"), (1, None, None, "hidden")]  # fmt: skip
    # Shown in full with --min-group 0.
    code, out, _err = _run(capsys, *base, "--min-group", "0")
    assert code == 1  # Ögon: 0 % published, 100 % computed
    assert "33" in out


def test_a_share_is_compared_at_the_precision_published() -> None:
    stats = compute_stats(SMALL, by=(), methods=("socialstyrelsen",))
    # completed: 2/3 = 66.666... %: published as 67 it agrees even with no tolerance
    row = PublishedRow(2, "total", "completed", (), 3, Fraction(67), 0)
    item = reconcile(stats, [row], tolerance=0).items[0]
    assert (item.flag, item.share_difference) == ("ok", Fraction(0))
    row = PublishedRow(2, "total", "completed", (), 3, Fraction("66.6"), 1)
    item = reconcile(stats, [row], tolerance=0).items[0]
    assert (item.flag, item.share_difference) == ("differs", Fraction(1, 10))


def test_the_csv_output_is_a_published_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "own.csv"
    code, _out, _err = _run(capsys, str(MONTH), "--csv", "--output", str(path))
    assert code == 0
    code, out, _err = _run(capsys, str(MONTH), "--published", str(path), "--tolerance", "0")
    assert code == 0
    assert "0 differ" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("unit;measure;count\nA;waiting;1\n", "no column 'level'"),
        ("unit;level;count;share\nA;visit;1;2\n", "no column 'measure'"),
        ("unit;level;measure\nA;visit;waiting\n", "neither a 'count' nor a 'share'"),
        ("unit;level;measure;share\nA;visit;later;2\n", "measure 'later' is not waiting"),
        ("unit;level;measure;share\nA;visit;waiting;101\n", "is not a percent"),
        ("unit;level;measure;share\nA;visit;waiting;1e5\n", "is not a percent"),
        (
            "unit;level;measure;count\nA;visit;waiting;-1\n",
            "'-1' is not a count (a whole number from 0",
        ),
        (
            "unit;level;measure;count\nA;visit;waiting;1\nA;visit;väntande;2\n",
            "line 3: the figures of this group and measure are given twice",
        ),
    ],
)
def test_a_bad_published_file_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "published.csv"
    path.write_text(text, encoding="utf-8")
    code, out, err = _run(capsys, str(SMALL), "--published", str(path))
    assert (code, out) == (2, "")
    assert message in err
    assert len(err.splitlines()) == 1


def test_published_figures_may_be_excel_csv_in_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "published.csv"
    path.write_bytes("enhet;Measure;COUNT;Share\nU1;väntande;9;66,7 %\n".encode("cp1252"))
    rows = read_published(path, ("enhet",))
    assert rows == [PublishedRow(2, "group", "waiting", ("U1",), 9, Fraction("66.7"), 1)]


# -- methods as data ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["skr", "socialstyrelsen", "legal"])
def test_every_figure_of_a_built_in_method_has_its_source(name: str) -> None:
    method = load_method(name)
    data = method.as_dict()
    for key in ("clock", "limit", "levels", "waiting", "completed", "thresholds", "bands"):
        assert len(data[key]["source"]) > 20, key  # type: ignore[index]
    assert data["small_groups"]["source"]  # type: ignore[index]


def test_the_methods_differ_where_the_sources_do() -> None:
    skr, social, legal = (load_method(n) for n in ("skr", "socialstyrelsen", "legal"))
    assert skr.completed_leave_out == frozenset({"pvv"})
    assert social.completed_leave_out == frozenset({"pvv", "mov", "sov"})
    assert skr.waiting_leave_out == social.waiting_leave_out == frozenset({"pvv", "mov", "sov"})
    assert (skr.limit, legal.limit, legal.clock, legal.levels) == (90, None, "legal", None)


def _method_data(**changes: Any) -> dict[str, Any]:
    data = load_method("skr").as_dict()
    toml: dict[str, Any] = {
        "name": "custom",
        "title": "A custom method",
        "description": "For the tests",
        "source": "The tests",
        "clock": data["clock"],
        "limit": {"days": 60, "source": "a test"},
        "levels": {"counted": ["visit", "treatment"], "source": "a test"},
        "waiting": {"leave_out": ["pvv"], "source": "a test"},
        "completed": {"leave_out": [], "source": "a test"},
        "thresholds": {"days": [30, 60], "source": "a test"},
        "bands": {"upper": [30, 60], "source": "a test"},
        "small_groups": {"min_group": 0, "source": "a test"},
    }
    toml.update(changes)
    return toml


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"extra": 1}, "extra: unknown key"),
        ({"limit": {"days": 60}}, "limit.source: required"),
        ({"limit": {"days": -1, "source": "x"}}, "limit.days: must be a whole number"),
        ({"limit": {"days": True, "source": "x"}}, "limit.days: must be a whole number"),
        ({"limit": {"source": "x"}}, "limit.days: required for a calendar clock"),
        ({"clock": {"kind": "lunar", "source": "x"}}, "clock.kind: must be"),
        ({"waiting": {"leave_out": ["xyz"], "source": "x"}}, "unknown code 'xyz'"),
        ({"bands": {"upper": [60, 30], "source": "x"}}, "bands.upper: must be increasing"),
        ({"bands": {"upper": [], "source": "x"}}, "bands.upper: must be a list"),
        ({"levels": {"counted": ["visiting"], "source": "x"}}, "unknown level 'visiting'"),
        ({"title": ""}, "title: must be a text"),
        ({"small_groups": {"min_group": -2, "source": "x"}}, "min_group: must be"),
        # a legal clock took codes to leave out and then counted those rows as not judged
        (
            {"clock": {"kind": "legal", "source": "x"}, "limit": {"source": "x"},
             "waiting": {"leave_out": ["pvv"], "source": "x"}},
            "waiting.leave_out: a legal clock leaves nothing out",
        ),
        (
            {"clock": {"kind": "legal", "source": "x"}, "limit": {"source": "x"},
             "waiting": {"leave_out": [], "source": "x"},
             "completed": {"leave_out": ["mov"], "source": "x"}},
            "completed.leave_out: a legal clock leaves nothing out",
        ),
    ],
)  # fmt: skip
def test_a_malformed_method_is_refused_naming_the_key(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(MethodError, match=message.replace("(", r"\(")):
        method_from_data(_method_data(**changes), "custom.toml")


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"bad\x1b[31mkey": 1}, "'bad\\x1b[31mkey': unknown key"),
        ({"limit": {"days": 90, "source": "x", "ty\x1b[31mpo": 1}}, "'limit.ty\\x1b[31mpo'"),
        ({"name": "x\x1b[31mRED"}, "name: must be text without control characters"),
        ({"title": "SKR\u202e"}, "title: must be text without control characters"),
    ],
)
def test_a_method_files_keys_and_names_reach_no_terminal_raw(
    changes: dict[str, Any], said: str
) -> None:
    # A review: an unknown key and the method's name went to the terminal (and the report's
    # page) with their escape sequences, as a rule overlay's and travel rules' do not.
    with pytest.raises(MethodError) as caught:
        method_from_data(_method_data(**changes), "custom.toml")
    assert said in str(caught.value)
    assert "\x1b" not in str(caught.value)
    assert "\u202e" not in str(caught.value)
    title = method_from_data(_method_data(title="SKR,\n  väntetider"), "custom.toml").title
    assert title == "SKR, väntetider"  # (a title over lines in the file: one line)


def test_a_legal_clock_takes_no_limit() -> None:
    changes = {"clock": {"kind": "legal", "source": "x"}}
    with pytest.raises(MethodError, match=r"limit\.days: a legal clock"):
        method_from_data(_method_data(**changes), "custom.toml")


def test_a_method_file_is_read_within_the_limits_of_a_rule_file(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * (1 << 20) + b"\n")
    with pytest.raises(MethodError, match="larger than"):
        load_method(big)
    deep = tmp_path / "deep.toml"
    deep.write_text("name = " + "[" * 100 + "]" * 100 + "\n")
    with pytest.raises(MethodError, match="nested more than"):
        load_method(deep)
    latin = tmp_path / "latin.toml"
    latin.write_bytes("title = 'Väntetider'\n".encode("cp1252"))
    with pytest.raises(MethodError, match="not UTF-8"):
        load_method(latin)
    with pytest.raises(MethodError, match="cannot read the method file"):
        load_method(tmp_path / "absent.toml")
    assert issubclass(MethodError, RuleSetError)
    assert issubclass(MethodError, ValueError)


@pytest.mark.parametrize("name", ["skr", " SKR", "legal", "socialstyrelsen"])
def test_a_method_file_may_not_take_a_built_in_methods_name(tmp_path: Path, name: str) -> None:
    """Its figures would be headed as the official method's (``Method skr: SKR, ...``)."""
    path = tmp_path / "mine.toml"
    lines = []
    for key, value in _method_data(name=name).items():
        if isinstance(value, dict):
            continue
        lines.append(f"{key} = {json.dumps(value)}")
    for key, value in _method_data().items():
        if isinstance(value, dict):
            lines.append(f"[{key}]")
            lines += [f"{k} = {json.dumps(v)}" for k, v in value.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(MethodError, match=f"'name' '{name.strip()}' is a built-in method's name"):
        load_method(path)
    # (the same file under a name of its own is read)
    path.write_text(path.read_text(encoding="utf-8").replace(json.dumps(name), '"mine"'))
    assert load_method(path).name == "mine"


def test_a_method_file_on_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "custom.toml"
    path.write_text(
        """
name = "custom60"
title = "A 60-day method"
description = "As skr, with 60 days"
source = "The tests"
[clock]
kind = "calendar"
source = "calendar days"
[limit]
days = 60
source = "a proposal"
[levels]
counted = ["visit", "treatment"]
source = "specialised care"
[waiting]
leave_out = ["pvv", "mov", "sov"]
source = "as skr"
[completed]
leave_out = ["pvv"]
source = "as skr"
[thresholds]
days = [30, 60]
source = "x"
[bands]
upper = [30, 60, 90]
source = "x"
[small_groups]
min_group = 0
source = "x"
""",
        encoding="utf-8",
    )
    code, out, _err = _run(capsys, str(SMALL), "--method", str(path), "--by", "")
    assert code == 0
    total = next(line for line in out.splitlines() if line.startswith("Total"))
    # 0, 21, 30, 31, 60 within 60 days of 10
    assert total.split()[:6] == ["Total", "10", "3", "5", "50.0", "5"]


# -- streaming --------------------------------------------------------------------------------


def _native_list(path: Path, rows: int, *, unique_units: bool) -> Path:
    rng = random.Random(7)
    census = date(2025, 5, 31)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["id", "unit", "level", "start", "completed"])
        for index in range(rows):
            start = census - timedelta(days=rng.randint(0, 300))
            done = ""
            if rng.random() < 0.3:
                done = min(start + timedelta(days=rng.randint(0, 120)), census).isoformat()
            unit = f"unit-{index}" if unique_units else f"unit-{index % 16}"
            writer.writerow([f"P{index}", unit, rng.choice(("visit", "treatment")), start, done])
    return path


def _peak(run: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        run()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


RATIO: Final = 1.5
SLACK: Final = 256 * 1024


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[int, bool], Path]:
    folder = tmp_path_factory.mktemp("stats-memory")
    return {
        (rows, unique): _native_list(folder / f"{rows}-{unique}.csv", rows, unique_units=unique)
        for rows in (500, 5_000, 20_000)
        for unique in (False, True)
    }


def _stats_peak(path: Path) -> int:
    def run() -> None:
        stats = compute_stats(
            path, census=date(2025, 5, 31), methods=("skr", "legal"), by=("unit", "level")
        )
        assert stats.error_rows == 0

    return _peak(run)


def test_memory_grows_with_the_groups_not_the_rows(
    lists: dict[tuple[int, bool], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The evaluators' memo of shared plans is bounded (see tests/test_memory.py): a small cap
    # is reached in both runs, so what is compared is the counting.
    monkeypatch.setattr("vardgaranti._rows._MEMO_LIMIT", 1_000)
    _stats_peak(lists[500, False])
    small = _stats_peak(lists[5_000, False])
    large = _stats_peak(lists[20_000, False])
    assert large < RATIO * small + SLACK, (small, large)


def test_the_measure_sees_memory_grow_with_the_groups(
    lists: dict[tuple[int, bool], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Control: one group per row; the same comparison must then fail.
    monkeypatch.setattr("vardgaranti._rows._MEMO_LIMIT", 1_000)
    _stats_peak(lists[500, True])
    small = _stats_peak(lists[5_000, True])
    large = _stats_peak(lists[20_000, True])
    assert large > RATIO * small + SLACK, (small, large)


def test_errors_are_bounded_by_reason(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id;unit;level;start\n")
        for index in range(2_000):
            handle.write(f"P{index};u;visit;not-a-date-{index}\n")
    stats = compute_stats(path, census=date(2025, 5, 31))
    assert [(e.reason, e.rows, e.first_line) for e in stats.errors] == [("start", 2_000, 2)]


def test_the_library_raises_its_own_errors() -> None:
    with pytest.raises(VardgarantiError):
        compute_stats(SMALL, methods=())
    with pytest.raises(InvalidValueError, match="min_group"):
        compute_stats(SMALL, min_group=-1)


def test_the_methods_table_in_the_docs_is_the_data() -> None:
    page = Path(__file__).parents[1] / "docs" / "statistics.md"
    rows = [
        [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        for line in page.read_text(encoding="utf-8").splitlines()
        if line.startswith("| `")
        and line.split("|")[1].strip().strip("`") in ("skr", "socialstyrelsen", "legal")
    ]
    assert [row[0] for row in rows] == ["skr", "socialstyrelsen", "legal"]

    def codes(text: str) -> frozenset[str]:
        return frozenset() if text == "none" else frozenset(text.split(", "))

    for name, clock, limit, waiting, completed, levels in rows:
        method = load_method(name)
        assert clock == method.clock
        assert limit == ("the rule's" if method.limit is None else str(method.limit))
        assert codes(waiting) == method.waiting_leave_out
        assert codes(completed) == method.completed_leave_out
        if method.levels is None:
            assert levels == "all"
        else:
            assert frozenset(levels.split(", ")) == {level.value for level in method.levels}


@pytest.mark.parametrize(
    ("method", "lang", "title"),
    [
        ("legal", "sv", "Lagens räkning (HSL 9 kap., HSF 6 kap.)"),
        ("legal", "en", "The law's count (HSL 9 kap., HSF 6 kap.)"),
        ("socialstyrelsen", "sv", "Socialstyrelsens databas från 2025-07-01: vår tolkning"),
        ("skr", "sv", "SKR, Väntetider i vården (vantetider.se)"),  # no title_sv: the title
    ],
)
def test_the_method_title_is_said_in_the_language_of_the_output(
    capsys: pytest.CaptureFixture[str], method: str, lang: str, title: str
) -> None:
    code, out, _err = _run(
        capsys, "--example", "--census", "2025-06-02", "--method", method, "--lang", lang
    )
    assert code in (0, 1)
    assert title in out.splitlines()[0]


def test_a_census_in_the_last_month_of_the_calendar_counts_its_period() -> None:
    # December 9999 has no following month: its last day is found without one (was a crash)
    stats = compute_stats(example_waiting_list(), census=date(9999, 12, 31))
    assert stats.census == date(9999, 12, 31)
    assert stats.period == date(9999, 12, 1)
    assert stats.rows["read"] == 300


@pytest.mark.parametrize("bands", [(), (60, 30), (30, 30)])
def test_bands_given_to_the_api_are_checked_as_bands_on_the_command_line(
    bands: tuple[int, ...],
) -> None:
    # (an empty tuple was taken, and the figures then had no band labels: IndexError)
    with pytest.raises(InvalidValueError, match="are not bands") as caught:
        compute_stats(example_waiting_list(), census=date(2025, 6, 2), bands=bands)
    assert caught.value.field == "bands"  # (the command line says --bands)


def test_a_period_before_the_year_1000_is_written_with_four_digits_and_read_back(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # strftime("%Y") writes the year 999 as "999": the period would not be read back as YYYY-MM
    code, out, _ = _run(capsys, "--example", "--census", "0001-01-01", "--json")
    assert code == 0
    period = json.loads(out)["period"]
    assert period == "0001-01"
    code, out, _ = _run(capsys, "--example", "--census", "2025-06-02", "--period", "0999-03")
    assert code == 0
    assert "completed in March 0999" in out
    code, _, err = _run(capsys, "--example", "--census", "0001-01-31", "--period", period)
    assert (code, err.count("error")) == (0, 0)


@pytest.mark.parametrize(
    ("period", "code"),
    [
        ("2025-03", 0),
        ("202503", 0),
        ("2025-3", 2),
        ("２０２５０３", 2),
        ("2025-13", 2),
        ("20253", 2),
    ],
)
def test_period_takes_the_months_forms_datatgallerfor_takes(
    capsys: pytest.CaptureFixture[str], period: str, code: int
) -> None:
    # "202601" is a month as a DatatGallerFor value, and --period refused it
    found, out, err = _run(capsys, "--example", "--census", "2025-06-02", "--period", period)
    assert found == code, err
    if code == 0:
        assert "completed in March 2025" in out
    else:
        assert "is not a month in the form YYYY-MM" in err


@pytest.mark.parametrize("value", ["-5,30", "-1", "-0.5,3"])
def test_bands_beginning_with_a_minus_get_the_bands_message(
    capsys: pytest.CaptureFixture[str], value: str
) -> None:
    # argparse read "--bands -5,30" as two options: "expected one argument"
    code, _, err = _run(capsys, "--example", "--census", "2025-06-02", "--bands", value)
    assert code == 2
    assert "increasing whole numbers of days" in err
    assert "expected one argument" not in err


def test_a_value_beginning_with_a_minus_is_joined_only_to_a_long_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # after "--" a word is left as it was given: here the FILE
    code, _, err = _run(capsys, "--example", "--census", "2025-06-02", "--", "-5,30")
    assert code == 2
    assert "give either FILE or --example" in err
    code, out, _ = _run(capsys, "--example", "--census", "2025-06-02", "--bands", "30,60")
    assert (code, "30" in out) == (0, True)


def test_the_default_groups_of_a_file_without_a_unit_column_are_its_levels(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # `stats FILE` stopped with "--by unit: the file has no unit column", an option not given
    path = tmp_path / "one.csv"
    path.write_text("id;level;start\nX;besök;2025-03-01\nY;behandling;2025-04-01\n", "utf-8")
    code, out, err = _run(capsys, str(path), "--census", "2025-06-02", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["by"] == ["level"]
    assert compute_stats(path, census=date(2025, 6, 2)).by == ("level",)
    code, _, err = _run(capsys, str(path), "--census", "2025-06-02", "--by", "unit")
    assert code == 2
    assert f"--by unit: {path} has no unit column" in err  # asked for, it is still refused


def test_the_last_band_and_the_over_the_limit_column_have_headers_of_their_own(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # with --bands ending at the method's limit, both were headed "over 90"
    code, out, _ = _run(capsys, "--example", "--census", "2025-05-31", "--bands", "30,60,90")
    assert code == 0
    header = next(line for line in out.splitlines() if line.startswith("unit"))
    names = re.split(r"\s{2,}", header.strip())
    assert len(names) == len(set(names)), names
    assert "over 90 d" in names
    assert "over 90" in names


_BLANK_COVERAGE: Final = (
    "DatatGallerFor;VardkontaktId;Vardgaranti;Fas;BeslutAktivitet;StartAktivitet\n"
    "2025-03-01;E1;;1;2025-01-02;\n"  # waiting, no coverage value
    "2025-03-01;E2;;2;2024-10-02;2025-03-10\n"  # completed in March, no coverage value
    "2025-03-01;E3;JA;1;2025-01-02;\n"  # waiting, covered
    "2025-03-01;E4;NEJ;1;2025-01-02;\n"  # not covered: no method counts it
)


@pytest.mark.parametrize("official", ["skr", "socialstyrelsen"])
def test_the_official_methods_count_only_contacts_marked_covered(
    tmp_path: Path, official: str
) -> None:
    # "the denominator is the contacts with Vardgaranti yes" (national-reporting): a blank is
    # not yes. The law counts such a contact by its phase.
    path = tmp_path / "blank.csv"
    path.write_text(_BLANK_COVERAGE, encoding="utf-8")
    stats = compute_stats(path, census=date(2025, 3, 31), methods=(official, "legal"), by=())
    assert _fig(stats, 0, "waiting").count == 1
    assert _fig(stats, 0, "completed").count == 0
    assert _fig(stats, 1, "waiting").count == 2
    assert _fig(stats, 1, "completed").count == 1
    assert stats.no_coverage == (2, 0)
    assert stats.not_covered == {"reported": 1}
    assert stats.rows["counted"] == 3  # E1 and E2 by the law only, E3 by both
    data: Any = stats.as_dict()
    assert [method["no_coverage"] for method in data["methods"]] == [2, 0]
    assert data["methods"][0]["levels"]["covered_only"] is True
    assert data["methods"][1]["levels"]["covered_only"] is False


def test_rows_without_a_coverage_value_are_said_in_the_rows_account(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "blank.csv"
    path.write_text(_BLANK_COVERAGE, encoding="utf-8")
    code, out, _ = _run(capsys, str(path), "--census", "2025-03-31", "--by", "", "--min-group", "0")
    assert code == 0
    assert "skr: 2 rows without a Vardgaranti value, which the method does not count" in out
    code, out, _ = _run(
        capsys, str(path), "--census", "2025-03-31", "--by", "", "--lang", "sv", "--min-group", "0"
    )
    assert "skr: 2 rader utan värde i Vardgaranti, som metoden inte räknar" in out


@pytest.mark.parametrize("value", ["yes", 1, "true"])
def test_covered_only_must_be_true_or_false(value: object) -> None:
    text = (resources.files("vardgaranti") / "data" / "methods" / "skr.toml").read_text("utf-8")
    data: Any = tomllib.loads(text)
    data["levels"]["covered_only"] = value
    with pytest.raises(MethodError, match=r"levels.covered_only: must be true or false"):
        method_from_data(data, "skr.toml")


@pytest.mark.parametrize(
    ("options", "error", "field"),
    [
        ({"by": "unit"}, InvalidTypeError, "by"),  # was read as the columns u, n, i, t
        ({"methods": "skr"}, InvalidTypeError, "methods"),
        ({"home_region": "01"}, InvalidTypeError, "home_region"),
        ({"bands": "30,60"}, InvalidTypeError, "bands"),
        ({"min_group": -1}, InvalidValueError, "min_group"),  # a WaitingListError, no field
        ({"min_group": "5"}, InvalidTypeError, "min_group"),
        ({"workers": "2"}, InvalidTypeError, "workers"),  # a value error for a type error
    ],
)
def test_the_statistics_arguments_are_refused_naming_them(
    options: dict[str, Any], error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as raised:
        compute_stats(example_waiting_list(), census=date(2025, 5, 31), **options)
    assert getattr(raised.value, "field", None) == field


# -- a completed delivery: every contact was carried out ------------------------------------


_COMPLETED_WITHOUT_END = b"""<TillgangligVardSpeciGenomforda><Kontakt DatatGallerFor="2026-01-01">
<Besok VardkontaktId="G1" HSAIdVardenhet="U1" Vardgaranti="1" Fas="1"
 BeslutAktivitet="2025-12-01T00:00:00" StartAktivitet="2026-01-10T00:00:00"/>
<Besok VardkontaktId="G2" HSAIdVardenhet="U1" Vardgaranti="1" Fas="1"
 BeslutAktivitet="2025-10-01T00:00:00"/>
<Besok VardkontaktId="G3" HSAIdVardenhet="U1" Vardgaranti="1" Fas="1"
 BeslutAktivitet="2025-10-01T00:00:00" StartAktivitet=" "/>
</Kontakt></TillgangligVardSpeciGenomforda>"""


def test_a_completed_delivery_contact_without_start_aktivitet_is_an_error_not_waiting() -> None:
    # national-reporting.md: Genomförda reports "the contacts carried out during a calendar
    # month", StartAktivitet "the end of the wait". G2 and G3 are not waiting (nor breaches).
    stats = compute_stats(io.BytesIO(_COMPLETED_WITHOUT_END), by=(), min_group=0)
    assert _fig(stats, 0, "waiting").count == 0
    assert _fig(stats, 0, "completed").count == 1
    assert (stats.rows["read"], stats.rows["errors"]) == (3, 2)
    assert [(e.reason, e.rows, e.first_line) for e in stats.errors] == [("StartAktivitet", 2, 4)]


def test_a_completed_delivery_contact_carried_out_after_its_month_is_not_waiting() -> None:
    """A completed delivery reports no waiting: a contact carried out in February in January's
    delivery was counted as waiting 90 days on 31 January, without a word (validate's V018
    names it). It is counted among the rows neither waiting nor completed in the month."""
    later = _COMPLETED_WITHOUT_END.replace(
        b'BeslutAktivitet="2025-10-01T00:00:00"/>',
        b'BeslutAktivitet="2025-10-01T00:00:00" StartAktivitet="2026-02-03T00:00:00"/>',
    ).replace(b'StartAktivitet=" "', b'StartAktivitet="2026-01-20T00:00:00"')
    stats = compute_stats(io.BytesIO(later), by=(), min_group=0)
    assert _fig(stats, 0, "waiting").count == 0
    assert _fig(stats, 0, "completed").count == 2
    assert (stats.rows["read"], stats.rows["errors"], stats.rows["outside"]) == (3, 0, 1)
    # the same contacts in a waiting delivery: G2 was waiting on 31 January
    waiting = compute_stats(io.BytesIO(later.replace(b"Genomforda", b"Vantande")), by=(),
                            min_group=0)  # fmt: skip
    assert _fig(waiting, 0, "waiting").count == 1


def test_a_waiting_delivery_counts_no_one_as_completed() -> None:
    """A waiting delivery (Väntande) lists the patients waiting at the month's end: a contact in
    it carried out by then was counted as completed, the waiting figures empty, without a word
    (its completed figures would be a part of the month's). It is neither."""
    waiting = _COMPLETED_WITHOUT_END.replace(b"Genomforda", b"Vantande")
    stats = compute_stats(io.BytesIO(waiting), by=(), min_group=0)
    assert _fig(stats, 0, "completed").count == 0
    assert (_fig(stats, 0, "waiting").count, stats.rows["outside"]) == (2, 1)


def test_a_waiting_delivery_contact_without_start_aktivitet_is_waiting() -> None:
    waiting = _COMPLETED_WITHOUT_END.replace(b"Genomforda", b"Vantande")
    stats = compute_stats(io.BytesIO(waiting), by=(), min_group=0)
    assert (_fig(stats, 0, "waiting").count, stats.rows["errors"]) == (2, 0)


def test_a_broken_quote_is_counted_under_the_rows_cells_and_its_line_said_once() -> None:
    text = (
        "DatatGallerFor;VardkontaktId;HSAIdVardenhet;Vardgaranti;Fas;BeslutAktivitet\n"
        '2026-01-01;H1;"unterminated;JA;1;2025-12-01\n'
        "2026-01-01;H2;U2;JA;1;2025-12-01\n"
    )
    stats = compute_stats(io.StringIO(text), by=(), min_group=0)
    [error] = stats.errors
    assert (error.reason, error.rows, error.first_line) == ("the row's cells", 1, 2)
    assert error.first.startswith("a quoted cell opens on this line")
    assert _fig(stats, 0, "waiting").count == 1  # H2, read again as a row of its own


# -- from a review: the scenario's errors in CSV, hostile group values, --csv read back -----------


def test_the_csv_counts_the_scenarios_errors_as_not_judged_as_the_table_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # bup has no visit level: the 9 counted visits the scenario cannot evaluate vanished from
    # the CSV (scenario_count 0, scenario_not_judged 0) while the table said "not judged 9".
    code, out, _err = _run(capsys, str(SMALL), "--scenario", "bup", "--by", "", "--csv",
                           "--min-group", "0")  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";"))
    total = next(r for r in rows if r["scope"] == "total" and r["measure"] == "waiting")
    assert int(total["scenario_count"]) + int(total["scenario_not_judged"]) == 10
    assert total["scenario_not_judged"] == "9"


def test_a_hidden_groups_scenario_is_hidden_in_json_as_in_the_csv_and_the_table(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The JSON gave a hidden group's scenario within and breach, which the CSV and the text
    # table hide (a figure made from a count below --min-group).
    listed = tmp_path / "small.csv"
    listed.write_text(
        "id;unit;level;start\nA;Hud;treatment;2025-04-01\nB;Orto;treatment;2025-04-01\n"
        "C;Orto;treatment;2025-05-01\n",
        encoding="utf-8",
    )
    code, out, _err = _run(capsys, str(listed), "--census", "2025-05-31", "--by", "unit",
                           "--min-group", "2", "--scenario", "bup", "--json")  # fmt: skip
    assert code == 0
    groups = {g["group"]["unit"]: g for g in json.loads(out)["methods"][0]["groups"]}
    hud, orto = groups["Hud"]["waiting"], groups["Orto"]["waiting"]
    assert (hud["count"], hud["hidden"], hud["within"], hud["scenario"]) == (1, True, None, None)
    assert (orto["count"], orto["hidden"]) == (2, False)
    assert orto["scenario"] is not None


def test_hostile_group_values_reach_the_text_table_as_question_marks(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    listed = tmp_path / "esc.csv"
    listed.write_text(
        "id;unit;level;start\nA;\x1b[2J\x1b[31mU;visit;2025-03-01\nB;a\u202eb;visit;2025-03-01\n",
        encoding="utf-8",
    )
    code, out, _err = _run(capsys, str(listed), "--census", "2025-04-30", "--min-group", "0")
    assert code == 0
    assert "\x1b" not in out
    assert "\u202e" not in out
    assert "?[2J?[31mU" in out
    assert "a?b" in out


def test_the_csv_output_reads_back_as_published_figures(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The formula guard's ' before "=SUM(1)" made every such group "missing" when read back.
    listed = tmp_path / "units.csv"
    listed.write_text(
        "id;unit;level;start\n"
        "A;=SUM(1);visit;2025-03-01\nB;-2+3;visit;2025-03-01\nC;Ortopedi;visit;2025-03-01\n",
        encoding="utf-8",
    )
    code, out, _err = _run(capsys, str(listed), "--census", "2025-04-30", "--min-group", "0",
                           "--csv")  # fmt: skip
    assert code == 0
    assert "'=SUM(1)" in out
    published = tmp_path / "published.csv"
    published.write_text(out, encoding="utf-8")
    code, _out, err = _run(capsys, str(listed), "--census", "2025-04-30", "--min-group", "0",
                           "--published", str(published))  # fmt: skip
    assert code == 0, err


def test_the_first_error_named_is_the_files_first(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _err = _run(capsys, "--example", "--census", "2025-05-31", "--by", "level")
    assert code == 0
    # (it named the first row of the alphabetically first reason, booked, on line 72)
    assert "(first: line 42: exclusions:" in out


@pytest.mark.parametrize("value", ["30,²", "30,٣٠"])
def test_bands_of_digits_that_are_not_ascii_get_the_bands_message(
    capsys: pytest.CaptureFixture[str], value: str
) -> None:
    # str.isdigit took '²', then int() failed: argparse said "invalid _bands value"
    code, _, err = _run(capsys, "--example", "--census", "2025-06-02", "--bands", value)
    assert code == 2
    assert f"argument --bands: '{value}' are not bands: give up to 50 increasing" in err
    assert "_bands" not in err


@pytest.mark.parametrize("measure", ["Waiting", "väntande", "", None, 0])
def test_a_measure_not_waiting_or_completed_is_an_error_naming_measure(measure: object) -> None:
    # It returned the completed figures (44 for "Waiting", where "waiting" is 148), and a
    # method's leave_out the completed codes: a misspelt measure was silently another one.
    stats = compute_stats(example_waiting_list(), census=date(2025, 5, 31), by=())
    with pytest.raises(InvalidValueError, match="must be 'waiting' or 'completed'") as caught:
        stats.total.figures(0, measure)  # type: ignore[arg-type]
    assert caught.value.field == "measure"
    with pytest.raises(InvalidValueError) as caught:
        load_method("skr").leave_out(measure)  # type: ignore[arg-type]
    assert caught.value.field == "measure"
    assert stats.total.figures(0, "waiting").count == 148
    assert sorted(load_method("skr").leave_out("waiting")) == ["mov", "pvv", "sov"]


@pytest.mark.parametrize("method", [1, -1, "skr", 0.0, True])
def test_a_method_number_out_of_range_is_an_error_naming_method(method: object) -> None:
    # figures(1, ...) of one method was a raw IndexError, figures(-1, ...) the last method.
    stats = compute_stats(example_waiting_list(), census=date(2025, 5, 31), by=())
    with pytest.raises(InvalidValueError, match="one of the 1 methods") as caught:
        stats.total.figures(method, "waiting")  # type: ignore[arg-type]
    assert caught.value.field == "method"


def test_the_swedish_error_line_names_the_file_line_as_filrad(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "rad" is a data row in validate's Swedish ("rad 41 (filrad 42)"): a line of the file is
    # a "filrad" here too, so that staff comparing the outputs do not look one row off.
    code, out, _err = _run(capsys, "--example", "--as-of", "2025-06-02", "--lang", "sv")
    assert code == 0
    (line,) = [text for text in out.splitlines() if "rader med fel" in text]
    assert "(första: filrad 42: exclusions: undantaget mov slutar" in line
    assert main(["validate", "--example", "--as-of", "2025-06-02", "--lang", "sv"]) == 1
    assert "rad 41 (filrad 42)" in capsys.readouterr().out


def test_rows_of_another_month_are_said_in_the_figures_and_a_delivery_of_only_them_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A January delivery counted at the end of February: "Rows: 3 read, 0 counted ...", both
    # tables "None.", exit 0; the rows were said only on stderr.
    source = tmp_path / "leverans.csv"
    header = "DatatGallerFor;VardkontaktId;Vardgaranti;Fas;BeslutAktivitet;StartAktivitet\n"
    january = [f"2026-01-01;K{n};JA;1;2025-12-0{n};\n" for n in (1, 2, 3)]
    source.write_text(header + "".join(january), encoding="utf-8")
    code, out, err = _run(capsys, str(source), "--census", "2026-02-28")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        f"vardgaranti: error: {source}: every row names another month (DatatGallerFor) than "
        "the census day's, 2026-02: nothing was counted; give the census day of the "
        "delivery's month (--census, or leave it out to take it from the file)"
    )
    # Some rows of another month: counted without them, and said beside the figures.
    source.write_text(
        header + "".join(january) + "2026-02-01;K9;JA;1;2026-01-10;\n", encoding="utf-8"
    )
    target = tmp_path / "figures.txt"
    code, _out, err = _run(capsys, str(source), "--census", "2026-02-28", "-o", str(target))
    assert code == 0
    assert "3 rows of another month's delivery (DatatGallerFor), not counted." in (
        target.read_text(encoding="utf-8")
    )


def test_rows_of_another_month_are_said_in_swedish_under_lang_sv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "leverans.csv"
    source.write_text(
        "DatatGallerFor;VardkontaktId;Vardgaranti;Fas;BeslutAktivitet;StartAktivitet\n"
        "2026-01-01;K1;JA;1;2025-12-01;\n",
        encoding="utf-8",
    )
    code, _out, err = _run(capsys, str(source), "--census", "2026-02-28", "--lang", "sv")
    assert code == 2
    assert err.splitlines() == [
        "vardgaranti: 1 rad anger en annan månad (DatatGallerFor) än räknedagens (2026-02): "
        "utelämnad ur statistiken (en annan månads leverans)",
        f"vardgaranti: fel: {source}: varje rad anger en annan månad (DatatGallerFor) än "
        "räknedagens, 2026-02: inget räknades; ange räknedagen i leveransens månad (--census, "
        "eller utelämna den för att ta den från filen)",
    ]


def test_groups_without_published_figures_are_counted_from_min_group_on() -> None:
    """``unpublished``: the computed groups of at least ``min_group`` rows that no published
    row names (no test looked at it: a mutant that always gave 0 lived)."""
    text = (
        "id;unit;level;start\n"
        "A;U1;visit;2025-03-01\nB;U1;visit;2025-03-02\n"
        "C;U2;visit;2025-03-01\nD;U2;visit;2025-03-02\nE;U2;visit;2025-03-03\n"
    )
    stats = compute_stats(io.StringIO(text), census=date(2025, 5, 31), by=("unit",),
                          min_group=3)  # fmt: skip
    published = read_published(io.StringIO("unit;measure;count\nU1;waiting;2\n"), ("unit",))
    result = reconcile(stats, published)
    assert [item.flag for item in result.items] == ["ok"]
    assert result.unpublished == 1  # U2's waiting (3, exactly min_group); U1's 2 are fewer
    assert reconcile(stats, []).unpublished == 1  # (U1's waiting, 2 rows, is below min_group)


def test_published_excel_shares_formatted_as_percent_are_read_as_excel_shows_them(
    tmp_path: Path,
) -> None:
    """A share cell holding 0.875 formatted ``0.0%`` is published as 87.5 %, not as 0.875 %.

    Read as Excel shows it (and as its own CSV export writes it): the number times 100, with
    the decimals of its format, rounded half away from zero as Excel rounds what it shows.
    """
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["unit", "measure", "count", "share"])
    for unit, share, form in (
        ("Orto", 0.875, "0.0%"),
        ("Hud", 0.5, "0%"),
        ("Ögon", 1, "0.00%"),
        ("Kir", 0.8125, "0%"),  # shown 81%
        ("ÖNH", 0.80125, '#,##0.00" "%'),  # shown 80.13 %
        ("Psyk", 0.5, "General"),  # a number without a percent format stays as it is
        ("Gyn", 0.25, '0.0"%"'),  # a quoted percent sign does not multiply by 100
    ):
        sheet.append([unit, "väntande", 8, share])
        sheet.cell(sheet.max_row, 4).number_format = form
    sheet.append(["Uro", "väntande", 8, "87,5 %"])  # text stays text
    path = tmp_path / "published.xlsx"
    book.save(path)
    rows = read_published(path, ("unit",))
    shares = {row.key[0]: (row.share, row.decimals) for row in rows}
    assert shares == {
        "Orto": (Fraction(875, 10), 1),
        "Hud": (Fraction(50), 0),
        "Ögon": (Fraction(100), 2),
        "Kir": (Fraction(81), 0),
        "ÖNH": (Fraction(8013, 100), 2),
        "Psyk": (Fraction(1, 2), 1),
        "Gyn": (Fraction(1, 4), 2),
        "Uro": (Fraction(875, 10), 1),
    }
    # a number too large for a percent, in a column the figures do not read: the file is read
    sheet.cell(2, 5).value = 1e30
    sheet.cell(2, 5).number_format = "0.00%"
    book.save(path)
    assert len(read_published(path, ("unit",))) == 8


def test_a_tolerance_without_published_figures_is_an_error_naming_both(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`--tolerance 2` alone did nothing, silently; then a warning; now an error (a review:
    an option without the one it goes with is one everywhere, as deadline's --contact)."""
    code, out, err = _run(capsys, str(SMALL), "--tolerance", "2")
    assert (code, out) == (2, "")
    assert err == "vardgaranti: error: --tolerance goes with --published; give --published too\n"
    published = tmp_path / "published.csv"
    assert _run(capsys, str(SMALL), "--csv", "--output", str(published))[0] == 0
    code, _out, err = _run(capsys, str(SMALL), "--published", str(published), "--tolerance", "1")
    assert code == 0, err
    assert "ignored" not in err


def test_a_blank_scope_cell_in_the_published_figures_is_a_group_as_documented(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # docs/statistics.md: `scope` is optional, `group` the default: a blank cell too.
    rows = "U1;visit;{scope};waiting;9;66,7\n;;total;completed;4;50,0\n"
    outputs = []
    for scope in ("group", ""):
        path = tmp_path / f"published-{scope or 'blank'}.csv"
        path.write_text("unit;level;scope;measure;count;share\n" + rows.format(scope=scope))
        outputs.append(_run(capsys, str(SMALL), "--published", str(path), "--csv"))
    assert outputs[0][0] in (0, 1)
    assert outputs[1] == outputs[0]


def test_the_first_rows_error_is_shown_whole_in_swedish_and_a_cut_says_so_in_swedish(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The Swedish of the date format's error is longer than the English, which fitted.
    header = "DatatGallerFor;VardkontaktId;HSAIdVardenhet;Vardgaranti;Fas;BeslutAktivitet\n"
    path = tmp_path / "errors.csv"
    path.write_text(header + "2026-01-01;X1;U1;JA;1;notadate\n", encoding="utf-8")
    _code, out, _err = _run(capsys, str(path), "--lang", "sv", "--as-of", "2026-01-31")
    assert "eller ÅÅÅÅMMDD, ÅÅÅÅMMDDttmmss))." in out
    assert "more characters" not in out
    long = "x" * 400
    path.write_text(header + f"2026-01-01;X1;U1;JA;1;{long}\n", encoding="utf-8")
    _code, out, _err = _run(capsys, str(path), "--lang", "sv", "--as-of", "2026-01-31")
    assert re.search(r"… \(\d+ tecken till\)", out)
    assert "more characters" not in out


@pytest.mark.parametrize(
    ("lang", "total", "blank"), [("en", "Total", "(blank)"), ("sv", "Totalt", "(tom)")]
)
def test_a_unit_named_as_the_text_names_the_total_or_a_blank_cell_is_quoted(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str, total: str, blank: str
) -> None:
    path = tmp_path / "units.csv"
    path.write_text(
        "DatatGallerFor;VardkontaktId;HSAIdVardenhet;Vardgaranti;Fas;BeslutAktivitet\n"
        f"2026-01-01;T1;{total};JA;1;2025-12-01\n"
        f"2026-01-01;T2;{blank};JA;1;2025-12-01\n"
        "2026-01-01;T3;;JA;1;2025-11-01\n",
        encoding="utf-8",
    )
    argv = (str(path), "--by", "unit", "--min-group", "0", "--lang", lang, "--as-of", "2026-01-31")
    _code, out, _err = _run(capsys, *argv)
    firsts = [line.split()[0] for line in out.splitlines() if line.strip()]
    for name in (total, blank):
        assert firsts.count(name) == 1  # the total, the blank cell
        assert firsts.count(f"'{name}'") == 1  # the units so named


def test_with_several_methods_the_rows_line_says_counted_by_at_least_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A waiting row without a Vardgaranti value: legal counts it by its phase, skr leaves it
    # out in a line of its own; "1 counted" plus skr's line read as 2 rows of 1.
    path = tmp_path / "several.csv"
    path.write_text(
        "DatatGallerFor;VardkontaktId;HSAIdVardenhet;Vardgaranti;Fas;BeslutAktivitet\n"
        "2026-01-01;P5;U1;;1;2025-12-01\n",
        encoding="utf-8",
    )
    argv = (str(path), "--by", "", "--as-of", "2026-01-31")
    _code, one, _err = _run(capsys, *argv, "--method", "legal")
    _code, several, _err = _run(capsys, *argv, "--compare-methods", "skr,legal")
    assert "Rows: 1 read, 1 counted in groups, " in one
    assert "Rows: 1 read, 1 counted in groups by at least one method, " in several
    assert "skr: 1 row without a Vardgaranti value" in several


def test_an_error_naming_a_field_the_file_lacks_is_counted_under_that_field() -> None:
    # A completed XML delivery with no StartAktivitet anywhere (no such column): each row's
    # error was counted under its own message, cut ("StartAktivitet: blank in a completed
    # delivery (TillgangligVa… (70 more characters) 3").
    from vardgaranti._stats import ErrorTally

    tally = ErrorTally(["VardkontaktId", "BeslutAktivitet"])
    for line in (2, 3):
        tally.add(line, "StartAktivitet: blank in a completed delivery (TillgangligVardSpeci"
                  "Genomforda), where every contact has the day it was carried out")  # fmt: skip
    tally.add(4, "exclusion mov: it ends before it begins")
    assert {(count.reason, count.rows) for count in tally.counts()} == {
        ("StartAktivitet", 2),
        ("exclusion mov: it ends before it begins", 1),
    }


def test_a_long_rows_extra_cells_are_not_in_the_summary_of_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A review: a row with cells past the header's (after a shift, a personnummer and a
    note) was quoted in the stats text and JSON, which are passed on; validate left them out."""
    path = tmp_path / "extra.csv"
    path.write_text(
        "id;unit;level;start;note\nE1;Ort;visit;2025-02-01;ok\n"
        "E2;Ort;visit;2025-02-01;ok;19121212-1212;hemlig anteckning\n",
        encoding="utf-8",
    )
    for shape in ([], ["--json"]):
        code, out, err = _run(
            capsys, str(path), "--as-of", "2025-06-02", "--min-group", "0", *shape
        )
        assert code == 0
        assert "the row has 7 cells but the header has 5" in out
        assert "19121212" not in out + err
        assert "hemlig" not in out + err


def test_skr_is_said_to_be_known_up_to_2025_06_30_when_the_census_day_is_later(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # HSF 6 kap. 3 § (Förordning 2025:312): the database is Socialstyrelsen's from 2025-07-01,
    # and whether SKR's conventions continue is not verified: a review as a guarantee unit
    # found "Den officiella statistiken (skr …)" said of 2025-09-30 without a word of it.
    skr = load_method("skr")
    assert skr.known_until == date(2025, 6, 30)
    assert skr.known_source is not None
    assert "Förordning 2025:312" in skr.known_source
    assert method_from_data(skr.as_dict()) == skr  # (read back from its JSON)
    code, out, _ = _run(capsys, "--example", "--as-of", "2025-09-30", "--lang", "sv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Metod skr: SKR, Väntetider i vården (vantetider.se)."
    assert lines[1].startswith(
        "Metoden skr är känd att ge den officiella statistiken till och med 2025-06-30; om dess "
        "siffror till och med 2025-09-30 är den officiella statistikens är inte känt: HSF "
        "(2017:80) 6 kap. 3 § (Förordning 2025:312): databasen förs av Socialstyrelsen från "
        "2025-07-01"
    )
    code, out, _ = _run(capsys, "--example", "--as-of", "2025-09-30")
    assert (
        "The method skr is known to give the official statistics up to 2025-06-30; whether its "
        "figures up to 2025-09-30 are the official ones is not known" in out
    )
    # On or before the day it is known for: nothing said.
    code, out, _ = _run(capsys, "--example", "--as-of", "2025-06-30")
    assert "is known to give" not in out
    code, out, _ = _run(capsys, "--example", "--as-of", "2025-09-30",
                        "--method", "socialstyrelsen")  # fmt: skip
    assert "is known to give" not in out  # (a reading from 2025-07-01, with no such day)


@pytest.mark.parametrize(
    ("known", "said"),
    [
        ({"until": "someday", "source": "x"}, "known.until: must be a date"),
        ({"until": date(2025, 6, 30)}, "known.source: required"),
        ({"until": date(2025, 6, 30), "source": "x", "from": 1}, "known.from: unknown key"),
    ],
)
def test_a_methods_known_until_is_a_date_with_its_source(known: dict[str, Any], said: str) -> None:
    with pytest.raises(MethodError, match=said):
        method_from_data(_method_data(known=known), "custom.toml")


def test_a_data_frame_given_to_compute_stats_is_refused_without_its_cells() -> None:
    # An analyst's review: compute_stats(frame) said "not DataFrame shape: (100_000, 30) ┌──…",
    # the frame's repr, with its cells, in the message; and not how to count a frame.
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({"id": ["19121212-1212"], "level": ["visit"], "start": ["2025-03-01"]})
    with pytest.raises(InvalidTypeError) as refused:
        compute_stats(frame, census=date(2025, 6, 2))
    said = str(refused.value)
    assert "19121212-1212" not in said
    assert "shape" not in said
    assert said == (
        "source: a waiting list is a path, '-' for standard input, or an open stream, not a "
        "DataFrame; for a data frame, write it as CSV into io.StringIO() and give that (or use "
        "evaluate_frame for each row's deadline)"
    )


def test_skr_is_said_to_be_unverified_for_a_month_of_completed_after_2025_06_30(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The diff review: --census 2025-06-30 --period 2025-07 counted July's completed, in
    # Socialstyrelsen's time, without the sentence.
    code, out, _ = _run(capsys, "--example", "--census", "2025-06-30", "--period", "2025-07")
    assert code == 0
    assert (
        "The method skr is known to give the official statistics up to 2025-06-30; whether its "
        "figures up to 2025-07-31 are the official ones is not known" in out
    )
    code, out, _ = _run(capsys, "--example", "--census", "2025-06-30", "--period", "2025-06")
    assert "is known to give" not in out


def test_the_last_month_of_the_calendar_has_its_known_note_without_a_month_after_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A re-read: the end of the month of the completed was the first of the next month less a
    # day, and December 9999 has no next month (an internal error).
    code, out, _ = _run(capsys, "--example", "--census", "9999-12-31", "--period", "9999-12")
    assert code == 0
    assert "whether its figures up to 9999-12-31 are the official ones is not known" in out


def test_published_figures_under_the_swedish_tables_headers_read_as_under_the_english() -> None:
    # A guarantee unit's walk-through: a file headed as `stats --lang sv` heads its table
    # (enhet, nivå, mått, antal, andel %) was refused: "ingen kolumn 'unit'".
    english = "unit;level;measure;count;share\nGynekologi;visit;waiting;9;55,6\n"
    swedish = "enhet;nivå;mått;antal;andel %\nGynekologi;besök;väntande;9;55,6\n"
    read = [read_published(io.StringIO(text), by=("unit", "level")) for text in (english, swedish)]
    assert read[0] == [
        PublishedRow(2, "group", "waiting", ("Gynekologi", "visit"), 9, Fraction(278, 5), 1)
    ]
    assert read[1] == read[0]


def test_published_figures_read_every_swedish_name_of_the_columns() -> None:
    # (a mutation audit: "andel" alone, "hemlän" and "omfång" were untested)
    total = read_published(io.StringIO("omfång;mått;antal;andel\ntotal;väntande;9;55,6\n"), by=())
    assert total == [PublishedRow(2, "total", "waiting", (), 9, Fraction(278, 5), 1)]
    homes = read_published(
        io.StringIO("hemlän;enhet;nivå;mått;antal\nown;Gyn;besök;väntande;9\n"),
        by=("home", "unit", "level"),
    )
    assert homes == [PublishedRow(2, "group", "waiting", ("own", "Gyn", "visit"), 9, None, 0)]


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_statistics_name_a_bad_cells_column_but_never_quote_the_cell(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str
) -> None:
    # A privacy review: stats (text and JSON), the output passed on, quoted a misplaced cell
    # word for word ("booked: 'ring 070-1234567 efter 17' is not a date"; a diagnosis in
    # `listed`); check and validate name the cell, in the row it belongs to.
    source = tmp_path / "cells.csv"
    source.write_text(
        "id;unit;level;start;booked;listed\n"
        "19121212-1212;Orto;visit;2025-01-10;;HIV+ ej informera\n"
        "19121212-1213;Orto;visit;2025-01-10;ring 070-1234567 efter 17;\n"
        "19121212-1214;Orto;Schizofreni F20.0;2025-01-10;;\n",
        encoding="utf-8",
    )
    for form in ([], ["--json"]):
        code, out, err = _run(capsys, str(source), "--census", "2025-06-02", "--lang", lang, *form)
        assert code == 0
        said = out + err
        for private in ("HIV", "070", "Schizofreni", "19121212"):
            assert private not in said, (private, said)
        assert all(column in said for column in ("listed", "booked", "level")), said
    from vardgaranti import compute_stats

    stats = compute_stats(source, census=date(2025, 6, 2))
    assert stats.errors[0].first.startswith("booked: '…' is not a"), stats.errors


def test_outputs_passed_on_name_the_file_without_its_folders(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A privacy review: stats --json, the stats workbook's Method sheet and worklist --json
    # recorded the path as typed, "/home/anna.svensson/Patientdata/lista.csv": the user's name
    # and folders in an output passed on. The report already named the file alone.
    from vardgaranti._cli import main

    folder = tmp_path / "home" / "anna.svensson" / "Patientdata"
    folder.mkdir(parents=True)
    source = folder / "lista.csv"
    source.write_bytes(SMALL.read_bytes())
    published = folder / "vantetider.csv"
    assert _run(capsys, str(source), "--csv", "-o", str(published))[0] == 0
    code, out, _err = _run(capsys, str(source), "--json", "--published", str(published))
    assert code == 0, _err
    data = json.loads(out)
    assert data["source"] == "lista.csv"
    assert data["published"]["source"] == "vantetider.csv"
    assert "anna.svensson" not in out
    assert main(["worklist", str(source), "--as-of", "2026-01-31", "--json"]) in (0, 1)
    out = capsys.readouterr().out
    assert json.loads(out)["source"] == "lista.csv"
    assert "anna.svensson" not in out
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "s.xlsx"
    code, _out, _err = _run(capsys, str(source), "--published", str(published), "-o", str(target))
    about = dict(openpyxl.load_workbook(target)["Method"].iter_rows(values_only=True))
    assert (about["source"], about["published"]) == ("lista.csv", "vantetider.csv")


def test_the_swedish_workbook_names_every_column_in_swedish(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # (a mutation audit: the group columns, the thresholds, the last band, a scenario's columns
    # and the flag of published figures were not checked)
    openpyxl = pytest.importorskip("openpyxl")
    published = tmp_path / "pub.csv"
    assert _run(capsys, str(SMALL), "--csv", "-o", str(published))[0] == 0
    lines = published.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(";")
    cells[5] = str(int(cells[5]) + 1)  # (a count that differs)
    published.write_text("\n".join([lines[0], ";".join(cells), *lines[2:]]) + "\n",
                         encoding="utf-8")  # fmt: skip
    target = tmp_path / "s.xlsx"
    _run(capsys, str(SMALL), "--scenario", str(SCENARIO), "--published", str(published),
         "--lang", "sv", "-o", str(target))  # fmt: skip
    rows = list(openpyxl.load_workbook(target)["Statistik"].iter_rows(values_only=True))
    header = rows[0]
    assert header[3:5] == ("enhet", "nivå")
    assert "≤30" in header
    assert "dagar över 180" in header
    assert "scenario antal" in header
    assert "scenario skillnad inom" in header
    assert "resultat" in header
    flags = {row[header.index("resultat")] for row in rows[1:]}
    assert "AVVIKER" in flags
    assert "differs" not in flags


def test_the_statistics_hide_a_cell_in_double_quotes_and_keep_apostrophes_in_words() -> None:
    from vardgaranti._stats import ErrorCount, _without_cells

    said = [
        'booked: "O\'Brien 070-123" is not a date',
        "start: the clock's and the units' days: 'HIV+ ej informera' is not a date",
    ]
    hidden = [
        count.first for count in _without_cells(tuple(ErrorCount("x", 1, 1, s) for s in said))
    ]
    assert hidden == [
        "booked: '…' is not a date",
        "start: the clock's and the units' days: '…' is not a date",
    ]


def test_published_home_counties_are_read_in_any_case() -> None:
    from vardgaranti import read_published

    text = "hemlän;mått;antal;omfång\nEget län;väntande;2;grupp\nANNAT LÄN;väntande;1;grupp\n"
    rows = read_published(io.StringIO(text), ["home"])
    assert [row.key for row in rows] == [("own",), ("other",)]
