"""Shared hypothesis strategies for the property tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Final
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

__all__ = [
    "FIRST_DATE",
    "LAST_DATE",
    "aware_datetimes",
    "supported_dates",
    "supported_years",
    "vardag_counts",
    "year_boundary_dates",
]

#: The first and last day the calendar supports (1990-01-01 and 2100-12-31).
FIRST_DATE: Final = date(1990, 1, 1)
LAST_DATE: Final = date(2100, 12, 31)

_ZONES: Final[tuple[tzinfo, ...]] = (
    UTC,
    ZoneInfo("Europe/Stockholm"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Asia/Tokyo"),
    ZoneInfo("Pacific/Kiritimati"),  # UTC+14: often a different date than Stockholm
    timezone(timedelta(hours=-12)),
)


def supported_years() -> st.SearchStrategy[int]:
    """Any year the calendar supports, 1990–2100."""
    return st.integers(min_value=FIRST_DATE.year, max_value=LAST_DATE.year)


def year_boundary_dates(days: int = 10) -> st.SearchStrategy[date]:
    """Dates within *days* of a New Year inside the supported range (where years are crossed)."""
    return st.builds(
        lambda year, offset: date(year, 1, 1) + timedelta(days=offset),
        st.integers(min_value=FIRST_DATE.year + 1, max_value=LAST_DATE.year),
        st.integers(min_value=-days, max_value=days - 1),
    )


def supported_dates() -> st.SearchStrategy[date]:
    """Any date from 1990-01-01 to 2100-12-31, with extra weight on New Year and the ends."""
    return st.one_of(
        st.dates(min_value=FIRST_DATE, max_value=LAST_DATE),
        year_boundary_dates(),
        st.sampled_from([FIRST_DATE, LAST_DATE, date(2005, 4, 1), date(2004, 12, 31)]),
    )


def vardag_counts(limit: int = 600) -> st.SearchStrategy[int]:
    """A number of vardagar to add, of either sign, at most *limit* (about 2.4 years)."""
    return st.integers(min_value=-limit, max_value=limit)


def aware_datetimes() -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes whose Stockholm date is inside 1990–2100."""
    return st.builds(
        lambda moment, zone: moment.astimezone(zone),
        st.datetimes(
            min_value=datetime(1990, 1, 2),
            max_value=datetime(2100, 12, 20),  # room for add_vardagar(…, 3)
            timezones=st.just(UTC),
        ),
        st.sampled_from(_ZONES),
    )
