"""Unit tests of :class:`vardgaranti.SwedishCalendar`, one rule of the statutes per test.

Lag (1989:253) om allmänna helgdagar 1–2 §§ (as amended by SFS 2004:1320, in force
2005-04-01) and Lag (1930:173) om beräkning av lagstadgad tid 2 §. The expected values here
are written from the statute text and from known dates, not from another library.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import vardgaranti
import vardgaranti._calendar as calendar_module
from vardgaranti import FIRST_YEAR, LAST_YEAR, Holiday, HolidayKind, SwedishCalendar
from vardgaranti.errors import DateTypeError, UnsupportedYearError, VardgarantiError

CAL = SwedishCalendar()
ALL_YEARS = range(FIRST_YEAR, LAST_YEAR + 1)
SATURDAY, SUNDAY = 5, 6

HOLIDAY_NAMES_BEFORE_2005 = frozenset(
    {
        "Nyårsdagen",
        "Trettondedag jul",
        "Långfredagen",
        "Påskdagen",
        "Annandag påsk",
        "Första maj",
        "Kristi himmelsfärdsdag",
        "Pingstdagen",
        "Annandag pingst",
        "Midsommardagen",
        "Alla helgons dag",
        "Juldagen",
        "Annandag jul",
    }
)
HOLIDAY_NAMES_FROM_2005 = (HOLIDAY_NAMES_BEFORE_2005 - {"Annandag pingst"}) | {"Nationaldagen"}
EVE_NAMES = frozenset({"Midsommarafton", "Julafton", "Nyårsafton"})

# Easter Sundays from published tables (not computed).
KNOWN_PASKDAGAR = (
    date(1990, 4, 15),
    date(2000, 4, 23),
    date(2008, 3, 23),
    date(2011, 4, 24),
    date(2019, 4, 21),
    date(2024, 3, 31),
    date(2025, 4, 20),
    date(2038, 4, 25),
    date(2100, 3, 28),
)


def _the(year: int, name: str) -> date:
    """The date of the one holiday called *name* in *year*."""
    days = [h.date for h in CAL.holidays(year) if h.name == name]
    assert len(days) == 1, (year, name, days)
    return days[0]


def _every_day(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# -- Lag (1989:253) 2 §: when each helgdag falls ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "month", "day"),
    [
        ("Nyårsdagen", 1, 1),
        ("Trettondedag jul", 1, 6),
        ("Första maj", 5, 1),
        ("Juldagen", 12, 25),
        ("Annandag jul", 12, 26),
        ("Julafton", 12, 24),
        ("Nyårsafton", 12, 31),
    ],
)
def test_fixed_date_holidays_and_eves_fall_on_their_date_every_year(
    name: str, month: int, day: int
) -> None:
    for year in ALL_YEARS:
        assert _the(year, name) == date(year, month, day)


@pytest.mark.parametrize("paskdagen", KNOWN_PASKDAGAR, ids=str)
def test_paskdagen_is_easter_sunday(paskdagen: date) -> None:
    assert _the(paskdagen.year, "Påskdagen") == paskdagen


def test_paskdagen_is_a_sunday_between_22_march_and_25_april() -> None:
    for year in ALL_YEARS:
        paskdagen = _the(year, "Påskdagen")
        assert paskdagen.weekday() == SUNDAY
        assert date(year, 3, 22) <= paskdagen <= date(year, 4, 25)


def test_langfredagen_is_the_friday_before_paskdagen() -> None:
    for year in ALL_YEARS:
        assert _the(year, "Långfredagen") == _the(year, "Påskdagen") - timedelta(days=2)


def test_annandag_pask_is_the_day_after_paskdagen() -> None:
    for year in ALL_YEARS:
        assert _the(year, "Annandag påsk") == _the(year, "Påskdagen") + timedelta(days=1)


def test_kristi_himmelsfardsdag_is_the_sixth_thursday_after_paskdagen() -> None:
    for year in ALL_YEARS:
        # Thursdays after a Sunday: +4, +11, +18, +25, +32, +39 days.
        assert _the(year, "Kristi himmelsfärdsdag") == _the(year, "Påskdagen") + timedelta(39)


def test_pingstdagen_is_the_seventh_sunday_after_paskdagen() -> None:
    for year in ALL_YEARS:
        assert _the(year, "Pingstdagen") == _the(year, "Påskdagen") + timedelta(days=49)


def test_midsommardagen_is_the_saturday_20_to_26_june() -> None:
    for year in ALL_YEARS:
        midsommardagen = _the(year, "Midsommardagen")
        assert midsommardagen.weekday() == SATURDAY
        assert date(year, 6, 20) <= midsommardagen <= date(year, 6, 26)


def test_midsommarafton_is_the_friday_before_midsommardagen() -> None:
    for year in ALL_YEARS:
        assert _the(year, "Midsommarafton") == _the(year, "Midsommardagen") - timedelta(days=1)


def test_alla_helgons_dag_is_the_saturday_31_october_to_6_november() -> None:
    for year in ALL_YEARS:
        alla_helgons_dag = _the(year, "Alla helgons dag")
        assert alla_helgons_dag.weekday() == SATURDAY
        assert date(year, 10, 31) <= alla_helgons_dag <= date(year, 11, 6)


def test_known_dates_of_2025() -> None:
    assert [(h.date, h.name) for h in CAL.holidays(2025)] == [
        (date(2025, 1, 1), "Nyårsdagen"),
        (date(2025, 1, 6), "Trettondedag jul"),
        (date(2025, 4, 18), "Långfredagen"),
        (date(2025, 4, 20), "Påskdagen"),
        (date(2025, 4, 21), "Annandag påsk"),
        (date(2025, 5, 1), "Första maj"),
        (date(2025, 5, 29), "Kristi himmelsfärdsdag"),
        (date(2025, 6, 6), "Nationaldagen"),
        (date(2025, 6, 8), "Pingstdagen"),
        (date(2025, 6, 20), "Midsommarafton"),
        (date(2025, 6, 21), "Midsommardagen"),
        (date(2025, 11, 1), "Alla helgons dag"),
        (date(2025, 12, 24), "Julafton"),
        (date(2025, 12, 25), "Juldagen"),
        (date(2025, 12, 26), "Annandag jul"),
        (date(2025, 12, 31), "Nyårsafton"),
    ]


# -- SFS 2004:1320: nationaldagen in, annandag pingst out, from 2005 -----------------------------


def test_nationaldagen_is_a_holiday_from_2005() -> None:
    for year in ALL_YEARS:
        names = CAL.holiday_names(date(year, 6, 6))
        assert ("Nationaldagen" in names) is (year >= 2005), year
    assert CAL.is_helgdag(date(2005, 6, 6))  # a Monday
    assert not CAL.is_vardag(date(2005, 6, 6))
    assert not CAL.is_helgdag(date(2003, 6, 6))  # a Friday, an ordinary vardag then
    assert CAL.is_vardag(date(2003, 6, 6))


def test_annandag_pingst_is_a_holiday_until_2004_only() -> None:
    for year in ALL_YEARS:
        annandag_pingst = _the(year, "Pingstdagen") + timedelta(days=1)
        assert ("Annandag pingst" in CAL.holiday_names(annandag_pingst)) is (year <= 2004)
    assert not CAL.is_vardag(date(2004, 5, 31))  # annandag pingst 2004
    assert CAL.is_vardag(date(2005, 5, 16))  # the Monday after pingstdagen 2005


def test_each_year_lists_exactly_the_statutory_helgdagar_and_the_three_eves() -> None:
    for year in ALL_YEARS:
        entries = CAL.holidays(year)
        helgdagar = [h.name for h in entries if h.kind is HolidayKind.HOLIDAY]
        eves = [h.name for h in entries if h.kind is HolidayKind.EVE]
        expected = HOLIDAY_NAMES_FROM_2005 if year >= 2005 else HOLIDAY_NAMES_BEFORE_2005
        assert sorted(helgdagar) == sorted(expected), year
        assert sorted(eves) == sorted(EVE_NAMES), year


def test_marie_bebadelsedag_and_other_eves_are_not_listed() -> None:
    # Marie bebådelsedag was abolished before 1990; påskafton, trettondagsafton,
    # valborgsmässoafton and allhelgonaafton are not in Lag (1930:173) 2 §.
    names = {h.name for year in ALL_YEARS for h in CAL.holidays(year)}
    assert names == HOLIDAY_NAMES_BEFORE_2005 | HOLIDAY_NAMES_FROM_2005 | EVE_NAMES
    assert CAL.holiday_names(date(2025, 4, 19)) == ()  # påskafton
    assert CAL.is_vardag(date(2025, 4, 30))  # valborgsmässoafton, a Wednesday
    assert CAL.is_vardag(date(2024, 1, 5))  # trettondagsafton, a Friday


def test_two_holidays_on_one_date_are_both_listed() -> None:
    assert CAL.holiday_names(date(2008, 5, 1)) == ("Första maj", "Kristi himmelsfärdsdag")
    assert CAL.holiday_names(date(2049, 6, 6)) == ("Nationaldagen", "Pingstdagen")
    assert len(CAL.holidays(2008)) == 16


# -- Lag (1989:253) 1 § and Lag (1930:173) 2 §: helgdag, afton, vardag --------------------------


def test_every_sunday_is_a_helgdag() -> None:
    first_sunday = date(1990, 1, 7)
    assert first_sunday.weekday() == SUNDAY
    for day in _every_day(first_sunday, date(LAST_YEAR, 12, 31))[::7]:
        assert CAL.is_helgdag(day), day
        assert not CAL.is_vardag(day), day


def test_saturdays_are_not_vardagar_and_only_named_saturdays_are_helgdagar() -> None:
    for year in (1990, 2004, 2005, 2025, 2100):
        named = {h.date for h in CAL.holidays(year) if h.kind is HolidayKind.HOLIDAY}
        for day in _every_day(date(year, 1, 1), date(year, 12, 31)):
            if day.weekday() == SATURDAY:
                assert not CAL.is_vardag(day), day
                assert CAL.is_helgdag(day) is (day in named), day
    assert CAL.is_helgdag(date(2025, 6, 21))  # midsommardagen
    assert not CAL.is_helgdag(date(2025, 6, 28))


def test_eves_are_not_helgdagar_but_not_vardagar() -> None:
    for year in ALL_YEARS:
        for holiday in CAL.holidays(year):
            if holiday.kind is HolidayKind.EVE:
                assert not CAL.is_helgdag(holiday.date) or holiday.date.weekday() == SUNDAY
                assert not CAL.is_vardag(holiday.date)
    # Wednesday julafton and nyårsafton 2025, Friday midsommarafton 2025:
    for eve in (date(2025, 12, 24), date(2025, 12, 31), date(2025, 6, 20)):
        assert not CAL.is_helgdag(eve)
        assert not CAL.is_vardag(eve)


def test_named_helgdagar_on_weekdays_are_helgdagar_and_not_vardagar() -> None:
    for year in ALL_YEARS:
        for holiday in CAL.holidays(year):
            if holiday.kind is HolidayKind.HOLIDAY:
                assert CAL.is_helgdag(holiday.date)
                assert not CAL.is_vardag(holiday.date)


def test_an_ordinary_weekday_is_a_vardag_and_not_a_helgdag() -> None:
    for day in (date(2025, 6, 23), date(2025, 12, 29), date(1990, 1, 2), date(2100, 12, 30)):
        assert CAL.is_vardag(day)
        assert not CAL.is_helgdag(day)
        assert CAL.holiday_names(day) == ()


def test_vardagar_in_2025_are_the_weekdays_less_the_closed_weekdays() -> None:
    # 261 weekdays; closed Mon–Fri: 1/1, 6/1, 18/4, 21/4, 1/5, 29/5, 6/6, 20/6, 24/12,
    # 25/12, 26/12, 31/12 = 12.
    assert CAL.count_vardagar(date(2024, 12, 31), date(2025, 12, 31)) == 249


def test_holiday_kind_and_citation() -> None:
    for holiday in CAL.holidays(2025):
        if holiday.name in EVE_NAMES:
            assert holiday.kind is HolidayKind.EVE
            assert "1930:173" in holiday.citation
        else:
            assert holiday.kind is HolidayKind.HOLIDAY
            assert "1989:253" in holiday.citation
    assert HolidayKind("eve") is HolidayKind.EVE
    assert str(HolidayKind.HOLIDAY) == "holiday"


def test_holidays_of_a_year_are_sorted_and_list_no_ordinary_sundays() -> None:
    named = HOLIDAY_NAMES_BEFORE_2005 | HOLIDAY_NAMES_FROM_2005 | EVE_NAMES
    for year in ALL_YEARS:
        entries = CAL.holidays(year)
        assert isinstance(entries, tuple)
        assert all(isinstance(h, Holiday) for h in entries)
        assert list(entries) == sorted(entries)
        assert [h.date for h in entries] == sorted(h.date for h in entries)
        assert all(h.date.year == year for h in entries)
        assert all(h.name in named for h in entries)  # no "Söndag" rows
        assert len(entries) == 16  # two names on one date are two entries


# -- roll_forward (Lag 1930:173 2 §) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 6, 23), date(2025, 6, 23)),  # a vardag stays
        (date(2025, 6, 20), date(2025, 6, 23)),  # midsommarafton → Monday
        (date(2020, 12, 24), date(2020, 12, 28)),  # Thursday julafton → Monday
        (date(2025, 12, 24), date(2025, 12, 29)),  # Wednesday julafton → Monday (5 days)
        (date(2025, 12, 31), date(2026, 1, 2)),  # nyårsafton → over nyårsdagen, new year
        (date(2025, 4, 18), date(2025, 4, 22)),  # långfredagen → Tuesday after påsk
        (date(2025, 4, 19), date(2025, 4, 22)),  # påskafton (a Saturday) → Tuesday
        (date(2025, 3, 1), date(2025, 3, 3)),  # an ordinary Saturday → Monday
        (date(2004, 5, 30), date(2004, 6, 1)),  # pingstdagen 2004 → over annandag pingst
        (date(2005, 5, 15), date(2005, 5, 16)),  # pingstdagen 2005 → Monday is a vardag
        (date(1990, 1, 1), date(1990, 1, 2)),  # first supported day
    ],
)
def test_roll_forward_moves_a_closed_day_to_the_next_vardag(day: date, expected: date) -> None:
    assert CAL.roll_forward(day) == expected


def test_roll_forward_past_2100_is_unsupported() -> None:
    assert date(2100, 12, 31).weekday() == 4  # nyårsafton 2100, a Friday
    with pytest.raises(UnsupportedYearError) as raised:
        CAL.roll_forward(date(2100, 12, 31))
    # (it moves the day; it counts nothing: "counting vardagar from ..." was said, a review)
    assert str(raised.value) == (
        "day: the next vardag after 2100-12-31 is past the supported years 1990–2100"
    )


# -- add_vardagar / count_vardagar ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        (date(2025, 12, 23), 1, date(2025, 12, 29)),  # julafton to annandag jul + weekend
        (date(2025, 12, 24), 1, date(2025, 12, 29)),  # from a closed day
        (date(2025, 12, 24), -1, date(2025, 12, 23)),
        (date(2025, 12, 30), 1, date(2026, 1, 2)),  # across New Year
        (date(2026, 1, 2), -1, date(2025, 12, 30)),
        (date(2025, 12, 19), 9, date(2026, 1, 9)),
        (date(2026, 1, 9), -9, date(2025, 12, 19)),
        (date(2025, 4, 17), 1, date(2025, 4, 22)),  # skärtorsdag → after påsk
        (date(2024, 12, 31), 249, date(2025, 12, 30)),  # all of 2025
        (date(2024, 12, 31), 250, date(2026, 1, 2)),
        (date(2025, 12, 30), -248, date(2025, 1, 2)),  # 12-30 itself is no step
        (date(2025, 12, 30), -249, date(2024, 12, 30)),
        (date(2025, 12, 24), 0, date(2025, 12, 24)),  # zero: unchanged even on a closed day
        (date(2025, 6, 23), 0, date(2025, 6, 23)),
    ],
)
def test_add_vardagar_counts_vardagar_strictly_after_the_day(
    day: date, count: int, expected: date
) -> None:
    assert CAL.add_vardagar(day, count) == expected


def test_add_vardagar_across_many_years() -> None:
    start = date(1999, 12, 31)
    for count in (250, 2_500, 10_000):
        end = CAL.add_vardagar(start, count)
        assert CAL.is_vardag(end)
        assert CAL.count_vardagar(start, end) == count
        assert CAL.add_vardagar(end, -count + 1) == CAL.add_vardagar(start, 1)
    # 10 000 vardagar is about 40 years.
    assert date(2039, 1, 1) < CAL.add_vardagar(start, 10_000) < date(2041, 1, 1)


@pytest.mark.parametrize(("day", "count"), [(date(2100, 12, 27), 5), (date(1990, 1, 5), -5)])
def test_add_vardagar_past_the_supported_years_is_unsupported(day: date, count: int) -> None:
    with pytest.raises(UnsupportedYearError):
        CAL.add_vardagar(day, count)


@pytest.mark.parametrize("count", [1.0, True, "1", None])
def test_add_vardagar_needs_an_integer_count(count: Any) -> None:
    with pytest.raises(TypeError):
        CAL.add_vardagar(date(2025, 1, 2), count)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 12, 19), date(2026, 1, 9), 9),
        (date(2026, 1, 9), date(2025, 12, 19), -9),
        (date(2025, 12, 23), date(2025, 12, 28), 0),  # (23, 28]: all closed
        (date(2025, 12, 22), date(2025, 12, 23), 1),  # the end counts
        (date(2025, 12, 23), date(2025, 12, 22), -1),  # negated: (22, 23] holds the 23rd
        (date(2025, 6, 23), date(2025, 6, 23), 0),
    ],
)
def test_count_vardagar_counts_the_half_open_interval(
    start: date, end: date, expected: int
) -> None:
    assert CAL.count_vardagar(start, end) == expected


# -- date types ----------------------------------------------------------------------------------

Query = Callable[[Any], object]
QUERIES: dict[str, Query] = {
    "is_vardag": CAL.is_vardag,
    "is_helgdag": CAL.is_helgdag,
    "roll_forward": CAL.roll_forward,
    "holiday_names": CAL.holiday_names,
    "add_vardagar": lambda day: CAL.add_vardagar(day, 3),
    "count_vardagar start": lambda day: CAL.count_vardagar(day, date(2025, 1, 2)),
    "count_vardagar end": lambda day: CAL.count_vardagar(date(2025, 1, 2), day),
}


@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_a_naive_datetime_is_a_date_type_error(query: Query) -> None:
    with pytest.raises(DateTypeError, match="naive") as caught:
        query(datetime(2025, 6, 2, 12, 0))
    assert isinstance(caught.value, TypeError)
    assert isinstance(caught.value, VardgarantiError)


@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
@pytest.mark.parametrize("value", ["2025-06-02", 20250602, None], ids=repr)
def test_a_non_date_is_a_date_type_error(query: Query, value: object) -> None:
    with pytest.raises(DateTypeError):
        query(value)


def test_an_aware_datetime_is_read_as_its_date_in_stockholm() -> None:
    # 23:30 UTC on nyårsafton is 00:30 on nyårsdagen in Stockholm (CET, UTC+1).
    new_year = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    assert not CAL.is_vardag(new_year)
    assert CAL.is_helgdag(new_year)
    assert CAL.holiday_names(new_year) == ("Nyårsdagen",)
    assert CAL.roll_forward(new_year) == date(2026, 1, 2)
    # 22:30 UTC on Thursday 19 June 2025 is 00:30 on midsommarafton (CEST, UTC+2).
    midsummer = datetime(2025, 6, 19, 22, 30, tzinfo=UTC)
    assert CAL.is_vardag(midsummer.replace(hour=21))  # 23:30 on Thursday in Stockholm
    assert not CAL.is_vardag(midsummer)
    assert CAL.holiday_names(midsummer) == ("Midsommarafton",)
    # 22:30 in New York on 1 January 2026 is Friday 2 January in Stockholm, a vardag.
    new_york = datetime(2026, 1, 1, 22, 30, tzinfo=ZoneInfo("America/New_York"))
    assert CAL.is_vardag(new_york)
    assert CAL.count_vardagar(new_year, new_york) == 1
    assert CAL.add_vardagar(new_york, 0) == date(2026, 1, 2)
    # A fixed-offset zone works too.
    assert CAL.is_vardag(datetime(2026, 1, 2, 0, 30, tzinfo=timezone(timedelta(hours=1))))


def test_a_date_subclass_is_accepted() -> None:
    class MyDate(date):
        pass

    assert CAL.is_vardag(MyDate(2025, 6, 23))
    assert not CAL.is_vardag(MyDate(2025, 6, 20))
    assert CAL.roll_forward(MyDate(2025, 6, 20)) == date(2025, 6, 23)


# -- supported years -----------------------------------------------------------------------------

YEAR_QUERIES: dict[str, Query] = {
    **QUERIES,
    "add_vardagar 1": lambda day: CAL.add_vardagar(day, 1),
    "add_vardagar -1": lambda day: CAL.add_vardagar(day, -1),
}
# Weekdays just outside the range and far outside it.
UNSUPPORTED_DAYS = [date(1989, 12, 27), date(2101, 1, 4), date(1800, 1, 2), date(9999, 1, 4)]


@pytest.mark.parametrize("query", YEAR_QUERIES.values(), ids=YEAR_QUERIES.keys())
@pytest.mark.parametrize("day", UNSUPPORTED_DAYS, ids=str)
def test_a_date_outside_1990_to_2100_is_unsupported(query: Query, day: date) -> None:
    assert day.weekday() < SATURDAY
    with pytest.raises(UnsupportedYearError, match="1990–2100") as caught:
        query(day)
    assert isinstance(caught.value, ValueError)
    assert caught.value.field in ("day", "start", "end", "count")  # (the argument that brought it)


@pytest.mark.parametrize("year", [1989, 2101, 1800, 0, -1])
def test_holidays_of_a_year_outside_1990_to_2100_is_unsupported(year: int) -> None:
    with pytest.raises(UnsupportedYearError, match=str(year)) as caught:
        CAL.holidays(year)
    assert caught.value.field == "year"


def test_an_unsupported_year_names_the_argument_that_brought_it() -> None:
    """count_vardagar's start or end; add_vardagar's count when the count runs past 2100."""
    fields = []
    for call in (
        lambda: CAL.count_vardagar(date(1980, 1, 1), date(2025, 1, 1)),
        lambda: CAL.count_vardagar(date(2025, 1, 1), date(2101, 1, 1)),
        lambda: CAL.add_vardagar(date(2100, 12, 30), 5),
        lambda: CAL.roll_forward(date(2100, 12, 31)),
    ):
        with pytest.raises(UnsupportedYearError) as caught:
            call()
        fields.append(caught.value.field)
    assert fields == ["start", "end", "count", "day"]


@pytest.mark.parametrize("year", [1990, 2100])
def test_the_first_and_last_supported_years_work(year: int) -> None:
    assert len(CAL.holidays(year)) == 16
    assert CAL.is_helgdag(date(year, 1, 1))
    assert CAL.is_vardag(date(year, 1, 2)) is (date(year, 1, 2).weekday() < SATURDAY)
    assert CAL.count_vardagar(date(year, 1, 1), date(year, 12, 31)) > 240


def test_the_first_and_last_supported_days_work() -> None:
    assert CAL.add_vardagar(date(2100, 12, 31), -1) == date(2100, 12, 30)
    assert CAL.add_vardagar(date(1990, 1, 1), 1) == date(1990, 1, 2)
    assert CAL.roll_forward(date(2100, 12, 30)) == date(2100, 12, 30)
    assert CAL.count_vardagar(date(1990, 1, 1), date(1990, 1, 2)) == 1
    with pytest.raises(UnsupportedYearError):
        CAL.add_vardagar(date(1990, 1, 2), -1)  # 1 January 1990 is nyårsdagen


@pytest.mark.parametrize("year", [2025.0, True, "2025", None])
def test_holidays_needs_an_integer_year(year: Any) -> None:
    with pytest.raises(VardgarantiError):
        CAL.holidays(year)


@pytest.mark.parametrize("sunday", [date(1989, 12, 31), date(2101, 1, 2)], ids=str)
def test_is_helgdag_on_a_sunday_outside_1990_to_2100_is_unsupported(sunday: date) -> None:
    assert sunday.weekday() == SUNDAY
    with pytest.raises(UnsupportedYearError):
        CAL.is_helgdag(sunday)


@pytest.mark.parametrize("day", [date(1989, 12, 29), date(2101, 1, 3)], ids=str)
def test_add_zero_vardagar_outside_1990_to_2100_is_unsupported(day: date) -> None:
    with pytest.raises(UnsupportedYearError):
        CAL.add_vardagar(day, 0)


# -- the package surface -------------------------------------------------------------------------


def test_the_calendar_is_exported_from_the_package() -> None:
    assert vardgaranti.SwedishCalendar is SwedishCalendar
    assert vardgaranti.Holiday is Holiday
    assert vardgaranti.HolidayKind is HolidayKind
    assert (vardgaranti.FIRST_YEAR, vardgaranti.LAST_YEAR) == (1990, 2100)
    assert issubclass(UnsupportedYearError, vardgaranti.VardgarantiError)


def test_separate_calendars_agree() -> None:
    fresh = SwedishCalendar()
    assert fresh.add_vardagar(date(2030, 12, 20), 10) == CAL.add_vardagar(date(2030, 12, 20), 10)
    assert fresh.holidays(2030) == CAL.holidays(2030)


# -- the shipped table ---------------------------------------------------------------------------


def test_the_shipped_table_is_what_the_holidays_package_gives_for_every_year() -> None:
    from importlib.resources import files

    from tests.calendar_table import table

    shipped = (files("vardgaranti") / "data" / "calendar" / "sweden.tsv").read_text("utf-8")
    assert shipped == table(), "regenerate: python -m tests.calendar_table > ...sweden.tsv"


def test_evaluating_a_case_does_not_import_the_holidays_package() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from datetime import date\n"
        "from vardgaranti import Case, Policy, evaluate\n"
        "r = evaluate(Case(level='visit', start=date(2025, 3, 3)), as_of=date(2025, 4, 1),"
        " policy=Policy(roll_forward=True))\n"
        "print(r.deadline, r.alternatives[0].deadline, 'holidays' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["2025-06-02", "2025-06-01", "False"]  # a Sunday, rolled


def test_the_holiday_table_read_by_many_threads_at_once_is_whole_for_each() -> None:
    """A thread that met the table half read saw a year without helgdagar (Christmas Day a
    vardag: a deadline rolled onto it under roll-forward) and its calendar kept that."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    expected = len(SwedishCalendar().holidays(2100))
    try:
        for _attempt in range(60):  # (a race: each attempt may miss it)
            calendar_module._TABLE.clear()
            barrier = threading.Barrier(8)
            found: list[int] = []

            def look(barrier: threading.Barrier, found: list[int]) -> None:
                calendar = SwedishCalendar()
                barrier.wait()
                found.append(len(calendar.holidays(2100)))

            threads = [threading.Thread(target=look, args=(barrier, found)) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert found == [expected] * 8
    finally:
        sys.setswitchinterval(interval)
