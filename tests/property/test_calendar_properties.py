"""Properties of :class:`vardgaranti.SwedishCalendar`, checked against tests/calendar_reference.

The holiday lists and the day-by-day predicates are checked exhaustively (every supported
year, every supported day); the arithmetic (roll_forward, add_vardagar, count_vardagar) with
hypothesis against the naive day-by-day reference.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.calendar_reference import (
    naive_add_vardagar,
    naive_count_vardagar,
    naive_roll_forward,
    reference_holidays,
    reference_is_helgdag,
    reference_is_vardag,
)
from tests.property.strategies import (
    FIRST_DATE,
    LAST_DATE,
    aware_datetimes,
    supported_dates,
    vardag_counts,
)
from vardgaranti import FIRST_YEAR, LAST_YEAR, SwedishCalendar
from vardgaranti._dates import stockholm
from vardgaranti.errors import UnsupportedYearError

CALENDAR = SwedishCalendar()
ALL_YEARS = range(FIRST_YEAR, LAST_YEAR + 1)
PROPERTY = settings(max_examples=200, deadline=None)


def _in_range(day: date) -> bool:
    return FIRST_DATE <= day <= LAST_DATE


def _days_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=n) for n in range((date(year, 12, 31) - first).days + 1)]


def test_the_supported_range_is_1990_to_2100() -> None:
    assert (FIRST_YEAR, LAST_YEAR) == (FIRST_DATE.year, LAST_DATE.year) == (1990, 2100)


# -- exhaustive: every supported year and day ------------------------------------------------


@pytest.mark.parametrize("year", ALL_YEARS)
def test_holidays_of_every_year_match_the_statute(year: int) -> None:
    ours = {(h.date, h.name, h.kind.value) for h in CALENDAR.holidays(year)}
    assert ours == reference_holidays(year)


@pytest.mark.parametrize("year", ALL_YEARS)
def test_is_vardag_and_is_helgdag_match_the_statute_on_every_day(year: int) -> None:
    for day in _days_of(year):
        assert CALENDAR.is_vardag(day) is reference_is_vardag(day), day
        assert CALENDAR.is_helgdag(day) is reference_is_helgdag(day), day


def test_count_and_add_vardagar_from_the_first_day_match_a_running_count_on_every_day() -> None:
    first_vardag = date(1990, 1, 2)  # a Tuesday, after nyårsdagen
    running = 0
    day = FIRST_DATE
    while day < LAST_DATE:
        day += timedelta(days=1)
        if reference_is_vardag(day):
            running += 1
            assert CALENDAR.add_vardagar(FIRST_DATE, running) == day
            assert CALENDAR.add_vardagar(day, 1 - running) == first_vardag
        assert CALENDAR.count_vardagar(FIRST_DATE, day) == running, day
        assert CALENDAR.count_vardagar(day, FIRST_DATE) == -running, day
    # 1990–2100 holds 111 years of roughly 250 vardagar each.
    assert 111 * 245 < running < 111 * 255


# -- roll_forward ----------------------------------------------------------------------------


@given(supported_dates())
@PROPERTY
def test_roll_forward_is_the_first_vardag_on_or_after_the_day(day: date) -> None:
    expected = naive_roll_forward(day)
    if not _in_range(expected):
        with pytest.raises(UnsupportedYearError):
            CALENDAR.roll_forward(day)
        return
    rolled = CALENDAR.roll_forward(day)
    assert rolled == expected
    assert CALENDAR.is_vardag(rolled)
    assert day <= rolled <= day + timedelta(days=5)  # longest closed run: julafton–helg
    assert CALENDAR.roll_forward(rolled) == rolled
    assert (rolled == day) is CALENDAR.is_vardag(day)


def test_roll_forward_moves_at_most_five_days_and_five_happens() -> None:
    # The bound used above is tight: julafton on a Wednesday (2025) rolls to Monday 29th.
    day, longest = FIRST_DATE, 0
    while day < LAST_DATE - timedelta(days=7):
        longest = max(longest, (CALENDAR.roll_forward(day) - day).days)
        day += timedelta(days=1)
    assert longest == 5
    assert CALENDAR.roll_forward(date(2025, 12, 24)) == date(2025, 12, 29)


# -- add_vardagar / count_vardagar -----------------------------------------------------------


@given(supported_dates(), vardag_counts())
@PROPERTY
def test_add_vardagar_matches_the_day_by_day_walk(day: date, count: int) -> None:
    expected = naive_add_vardagar(day, count)
    if not _in_range(expected):
        with pytest.raises(UnsupportedYearError):
            CALENDAR.add_vardagar(day, count)
        return
    result = CALENDAR.add_vardagar(day, count)
    assert result == expected
    if count:
        assert CALENDAR.is_vardag(result)
        assert (result > day) is (count > 0)


@given(supported_dates(), vardag_counts())
@PROPERTY
def test_count_vardagar_inverts_add_vardagar(day: date, count: int) -> None:
    # Forwards from any day; backwards only from a vardag, because count_vardagar(a, b) with
    # b < a counts (b, a], which includes a: from a closed day the count is one short.
    assume(count >= 0 or reference_is_vardag(day))
    assume(_in_range(naive_add_vardagar(day, count)))
    assert CALENDAR.count_vardagar(day, CALENDAR.add_vardagar(day, count)) == count


def test_backwards_from_a_closed_day_add_then_count_is_one_short() -> None:
    # Pins the documented semantics (add: strictly before; count: (b, a] negated).
    julafton = date(2025, 12, 24)
    assert CALENDAR.add_vardagar(julafton, -1) == date(2025, 12, 23)
    assert CALENDAR.count_vardagar(julafton, date(2025, 12, 23)) == 0


@given(supported_dates(), st.integers(min_value=-900, max_value=900))
@PROPERTY
def test_add_vardagar_inverts_count_vardagar_onto_a_vardag(start: date, days: int) -> None:
    end = start + timedelta(days=days)
    assume(_in_range(end) and reference_is_vardag(end))
    assume(end >= start or reference_is_vardag(start))
    assert CALENDAR.add_vardagar(start, CALENDAR.count_vardagar(start, end)) == end


@given(supported_dates(), st.integers(min_value=-900, max_value=900))
@PROPERTY
def test_count_vardagar_matches_the_day_by_day_count(start: date, days: int) -> None:
    end = start + timedelta(days=days)
    if not _in_range(end):
        return
    assert CALENDAR.count_vardagar(start, end) == naive_count_vardagar(start, end)


@given(supported_dates(), supported_dates())
@PROPERTY
def test_count_vardagar_is_antisymmetric(a: date, b: date) -> None:
    assert CALENDAR.count_vardagar(a, b) == -CALENDAR.count_vardagar(b, a)
    assert CALENDAR.count_vardagar(a, a) == 0


@given(supported_dates(), supported_dates(), supported_dates())
@PROPERTY
def test_count_vardagar_is_additive(a: date, b: date, c: date) -> None:
    assert CALENDAR.count_vardagar(a, b) + CALENDAR.count_vardagar(b, c) == (
        CALENDAR.count_vardagar(a, c)
    )


@given(supported_dates(), vardag_counts(60), vardag_counts(60))
@PROPERTY
def test_add_vardagar_composes_from_a_vardag(day: date, first: int, second: int) -> None:
    assume(reference_is_vardag(day))  # from a closed day, +1 then -1 is not 0
    assume(_in_range(naive_add_vardagar(day, first)))
    middle = CALENDAR.add_vardagar(day, first)
    assume(_in_range(naive_add_vardagar(middle, second)))
    assert CALENDAR.add_vardagar(middle, second) == CALENDAR.add_vardagar(day, first + second)


# -- aware datetimes -------------------------------------------------------------------------


@given(aware_datetimes())
@PROPERTY
def test_an_aware_datetime_means_its_date_in_stockholm(moment: datetime) -> None:
    day = moment.astimezone(stockholm()).date()
    assert CALENDAR.is_vardag(moment) is reference_is_vardag(day)
    assert CALENDAR.is_helgdag(moment) is reference_is_helgdag(day)
    assert CALENDAR.roll_forward(moment) == CALENDAR.roll_forward(day)
    assert CALENDAR.add_vardagar(moment, 3) == CALENDAR.add_vardagar(day, 3)
    assert CALENDAR.count_vardagar(moment, day) == 0
