"""A date-time with a time zone in a file is a moment: read by its date in Europe/Stockholm.

The national format's times carry no zone and are read by their date part (Swedish time). An
export that writes a zone (``2025-03-30T22:30:00Z``, ``…+01:00``: systems that store UTC)
writes a moment, and its date in Sweden may be the next or the day before: it is read as the
API reads an aware ``datetime`` (:func:`vardgaranti.as_date`). The expected dates below are
worked by hand from the offsets (CET is UTC+1, CEST UTC+2; summer time began at 01:00 UTC on
2025-03-30 and ended at 01:00 UTC on 2025-10-26). This module runs once per engine of
``check``.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Final

import polars as pl
import pytest

from tests import national_fixtures as nf
from vardgaranti import Case, SwedishCalendar, evaluate, evaluate_frame
from vardgaranti._cli import main
from vardgaranti._messages import error_text
from vardgaranti._profiles import DayReader
from vardgaranti._waiting_list import check_waiting_list
from vardgaranti.errors import InvalidDateError

pytestmark = pytest.mark.usefixtures("check_engine")  # the batch suite through each engine

AS_OF: Final = date(2025, 6, 2)


def _check(text: str) -> list[dict[str, str]]:
    output = io.StringIO(newline="")
    check_waiting_list(io.StringIO(text, newline=""), output, as_of=AS_OF)
    return list(csv.DictReader(io.StringIO(output.getvalue()), delimiter=";"))


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("2025-03-30T21:59:59Z", date(2025, 3, 30)),  # 23:59:59 summer time
        ("2025-03-30T22:00:00Z", date(2025, 3, 31)),  # midnight summer time
        ("2025-03-29T22:30Z", date(2025, 3, 29)),  # 23:30 winter time (UTC+1)
        ("2025-03-29T23:30Z", date(2025, 3, 30)),
        ("2025-10-25T22:30:00+00:00", date(2025, 10, 26)),  # summer time until 01:00 UTC
        ("2025-10-26T22:30:00+00:00", date(2025, 10, 26)),  # winter time again
        ("2025-01-01T00:30:00+02:00", date(2024, 12, 31)),  # 23:30 on New Year's Eve
        ("2025-01-01 06:00-05:00", date(2025, 1, 1)),  # noon in Sweden
        ("2025-01-01T23:30+0100", date(2025, 1, 1)),  # already Swedish winter time
        ("2025-01-01T23:30:00.250-01", date(2025, 1, 2)),
        ("2025-01-01T23:30:00", date(2025, 1, 1)),  # no zone: the date part
    ],
)
def test_a_time_with_a_zone_is_read_by_its_date_in_stockholm(cell: str, day: date) -> None:
    assert DayReader()(cell, "start") == day
    assert DayReader()(f" {cell} ", "start") == day  # blanks around, as any date


@pytest.mark.parametrize("digits", range(1, 10))
def test_a_time_with_up_to_nine_digits_of_a_second_is_read(digits: int) -> None:
    # A review: .NET's round-trip form and SQL Server's datetime2(7) write seven digits
    # (2024-12-02T23:30:00.0000000+01:00): each row was an error, three digits were read.
    fraction = "1234567890"[:digits]
    assert DayReader()(f"2024-12-02T23:30:00.{fraction}+01:00", "start") == date(2024, 12, 2)
    assert DayReader()(f"2024-12-02T23:30:00.{fraction}Z", "start") == date(2024, 12, 3)
    assert DayReader()(f"2024-12-02 23:30:00.{fraction}", "start") == date(2024, 12, 2)
    with pytest.raises(InvalidDateError):  # (ten: not a fraction any system writes)
        DayReader()("2024-12-02T23:30:00.1234567890Z", "start")


@pytest.mark.parametrize(
    "cell", ["2025-03-30Z", "2025-03-30T23:30z", "2025-03-30T23:30+24:00", "20250330233000Z"]
)
def test_a_zone_without_a_time_or_out_of_range_is_no_date(cell: str) -> None:
    with pytest.raises(InvalidDateError, match="a zone after the time") as caught:
        DayReader()(cell, "start")
    assert caught.value.field == "start"


@pytest.mark.parametrize("cell", ["9999-12-31T23:30Z", "0001-01-01T00:30+05:00"])
def test_a_moment_whose_day_in_sweden_has_no_date_is_an_error_not_a_traceback(cell: str) -> None:
    with pytest.raises(InvalidDateError) as caught:
        DayReader()(cell, "start")
    assert str(caught.value) == (
        f"start: '{cell}' is a moment whose day in Sweden is outside the years 1-9999"
    )
    assert error_text(str(caught.value), "sv") == (
        f"start: '{cell}' är en tidpunkt vars dag i Sverige ligger utanför åren 1–9999"
    )


def test_check_reads_every_date_column_with_a_zone_by_its_day_in_sweden() -> None:
    rows = _check(
        "id;level;start;completed;booked;exclusions\n"
        "A;treatment;2025-03-30T21:59:59Z;;;\n"  # 30 March: 90 days to 28 June
        "B;treatment;2025-03-30T22:00:00Z;;;\n"  # 31 March: 29 June
        "C;visit;2025-03-30T23:30:00+02:00;;2025-06-28T23:00:00-01:00;\n"  # booked 29 June
        "D;treatment;2025-03-30T22:00Z;2025-06-01T22:30Z;;mov:2025-04-01..2025-04-14\n"
        "E;treatment;9999-12-31T23:30Z;;;\n"
    )
    assert [(row["deadline"], row["status"], row["care_elsewhere"]) for row in rows] == [
        ("2025-06-28", "within", "no"),
        ("2025-06-29", "within", "no"),
        ("2025-06-28", "at_risk", "yes"),  # the booking (29 June) is after the deadline
        ("2025-07-13", "met", "no"),  # 31 March + 14 excluded days; completed 2 June
        ("", "", ""),
    ]
    assert rows[3]["days_waited"] == "49"  # 31 March to 2 June, less 14 days
    assert rows[4]["error"] == (
        "start: '9999-12-31T23:30Z' is a moment whose day in Sweden is outside the years 1-9999"
    )


def test_national_starts_with_a_zone_do_not_share_a_plan_by_their_date_part() -> None:
    # National rows share a plan by the start's date part; with a zone, the date part is not
    # the day (K2's is 31 March in Sweden, after K1's 30 March with the same date part).
    rows = _check(
        "VardkontaktId;Fas;BeslutAktivitet\n"
        "K1;1;2025-03-30T10:00:00\n"
        "K2;1;2025-03-30T23:30:00Z\n"
        "K3;1;2025-03-30T23:30:00\n"
        "K4;1;2025-03-30T21:30:00+00:00\n"
    )
    assert [row["deadline"] for row in rows] == [
        "2025-06-28",
        "2025-06-29",
        "2025-06-28",
        "2025-06-28",
    ]


def test_a_national_xml_delivery_with_zoned_times_reads_them_in_sweden(tmp_path: Path) -> None:
    contact = {"VardkontaktId": "VK1", "Fas": "1", "Vardgaranti": "1"}
    records = [
        {**contact, "BeslutAktivitet": "2025-03-30T21:59:59Z"},
        {**contact, "VardkontaktId": "VK2", "BeslutAktivitet": "2025-03-30T22:00:00Z"},
    ]
    source = tmp_path / "leverans.xml"
    source.write_bytes(nf.national_xml(records))
    target = tmp_path / "ut.csv"
    code = main(["check", str(source), "--as-of", AS_OF.isoformat(), "--output", str(target)])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig")), delimiter=";"))
    assert [(row["VardkontaktId"], row["deadline"]) for row in rows] == [
        ("VK1", "2025-06-28"),
        ("VK2", "2025-06-29"),
    ]


def test_a_frame_of_zoned_text_gets_the_days_a_zoned_datetime_column_gets() -> None:
    texts = ["2025-03-30T21:59:59Z", "2025-03-30T22:00:00Z", "2024-12-31T23:30:00+00:00"]
    as_text = pl.DataFrame({"id": ["A", "B", "C"], "level": ["besök"] * 3, "start": texts})
    moments = as_text.with_columns(
        pl.col("start").str.to_datetime("%Y-%m-%dT%H:%M:%S%#z", time_zone="UTC")
    )
    from_text = evaluate_frame(as_text, as_of=AS_OF)["deadline"].to_list()
    assert from_text == evaluate_frame(moments, as_of=AS_OF)["deadline"].to_list()
    # 90 days from 30 March, 31 March and New Year's Day (23:30 UTC on New Year's Eve)
    assert from_text == [date(2025, 6, 28), date(2025, 6, 29), date(2025, 4, 1)]


def test_a_workbooks_text_cell_with_a_zone_is_read_by_its_day_in_sweden(tmp_path: Path) -> None:
    # (a *date* cell with a zone is refused: the reader underneath would drop the zone)
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "level", "start"])
    sheet.append(["A", "treatment", "2025-03-30T22:30:00Z"])
    source = tmp_path / "lista.xlsx"
    book.save(source)
    target = tmp_path / "ut.csv"
    code = main(["check", str(source), "--as-of", AS_OF.isoformat(), "--output", str(target)])
    assert code == 0
    (row,) = csv.DictReader(io.StringIO(target.read_text("utf-8-sig")), delimiter=";")
    assert row["deadline"] == "2025-06-29"  # 31 March in Sweden


def test_a_profiles_own_zoned_format_out_of_the_years_is_an_error_not_a_traceback() -> None:
    # A profile's `%z` format converted without the guard: OverflowError, exit 70.
    reader = DayReader(("%Y-%m-%dT%H:%M%z",))
    assert reader("2025-03-30T22:30+0000", "start") == date(2025, 3, 31)
    with pytest.raises(InvalidDateError, match="outside the years 1-9999") as caught:
        reader("9999-12-31T23:30+0000", "start")
    assert caught.value.field == "start"


@pytest.mark.parametrize(
    "moment",
    [
        datetime(9999, 12, 31, 23, 30, tzinfo=UTC),  # 10000-01-01 00:30 in Sweden
        datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=5))),  # year 0 in Sweden
    ],
    ids=["after-9999", "before-year-1"],
)
def test_an_aware_datetime_whose_day_in_sweden_has_no_date_is_an_error_naming_the_argument(
    moment: datetime,
) -> None:
    # As the file reader says it of a cell: a library error, not a bare OverflowError that
    # `except VardgarantiError` would miss (a review).
    with pytest.raises(InvalidDateError, match="outside the years 1-9999") as raised:
        SwedishCalendar().is_vardag(moment)
    assert raised.value.field == "day"
    with pytest.raises(InvalidDateError) as raised:
        Case(level="visit", start=moment)
    assert raised.value.field == "start"
    with pytest.raises(InvalidDateError) as raised:
        evaluate(Case(level="visit", start=date(2025, 1, 1)), as_of=moment)
    assert raised.value.field == "as_of"
