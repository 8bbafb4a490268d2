"""An independent Swedish calendar, written straight from the statutes, for the tests.

This module deliberately shares no code with :mod:`vardgaranti` and does not use the
``holidays`` package: only :func:`dateutil.easter.easter` (for påskdagen) and the fixed rules
below. The tests compare the library against it.

Statutes:

* Lag (1989:253) om allmänna helgdagar 1 § lists the allmänna helgdagar, 2 § says when each
  falls. SFS 2004:1320, in force 2005-04-01, added nationaldagen and removed annandag pingst.
* Lag (1930:173) om beräkning av lagstadgad tid 2 § moves a last day falling on "en söndag,
  annan allmän helgdag, lördag, midsommarafton, julafton eller nyårsafton" to the next
  vardag. Midsommarafton is the Friday before midsommardagen.

Everything here is computed by the simplest possible means (day-by-day loops), so it is slow
but easy to check by reading.

>>> sorted(name for _, name, _ in reference_holidays(2004) if "pingst" in name.lower())
['Annandag pingst', 'Pingstdagen']
>>> naive_roll_forward(date(2025, 12, 24))
datetime.date(2025, 12, 29)
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from typing import Final

from dateutil.easter import EASTER_WESTERN, easter

__all__ = [
    "EVE",
    "HOLIDAY",
    "SFS_2004_1320_IN_FORCE",
    "naive_add_vardagar",
    "naive_count_vardagar",
    "naive_roll_forward",
    "reference_closed_days",
    "reference_holidays",
    "reference_is_helgdag",
    "reference_is_vardag",
]

#: The kind of an allmän helgdag (Lag 1989:253 1 §).
HOLIDAY: Final = "holiday"
#: The kind of midsommarafton, julafton and nyårsafton (Lag 1930:173 2 §).
EVE: Final = "eve"

#: SFS 2004:1320 (nationaldagen in, annandag pingst out) entered into force on this day.
SFS_2004_1320_IN_FORCE: Final = date(2005, 4, 1)

_MONDAY, _THURSDAY, _FRIDAY, _SATURDAY, _SUNDAY = 0, 3, 4, 5, 6
_ONE_DAY: Final = timedelta(days=1)


def _nth_weekday_after(day: date, weekday: int, n: int) -> date:
    """The *n*-th day with *weekday* strictly after *day*, found by walking day by day."""
    found = 0
    while True:
        day += _ONE_DAY
        if day.weekday() == weekday:
            found += 1
            if found == n:
                return day


def _weekday_in(first: date, last: date, weekday: int) -> date:
    """The only day with *weekday* from *first* to *last* (a seven-day window)."""
    candidates = [
        first + timedelta(days=offset)
        for offset in range((last - first).days + 1)
        if (first + timedelta(days=offset)).weekday() == weekday
    ]
    assert len(candidates) == 1, (first, last, candidates)
    return candidates[0]


@functools.cache
def _reference_holidays(year: int) -> frozenset[tuple[date, str, str]]:
    # Lag (1989:253) 2 §, one line per holiday, in the statute's order.
    paskdagen = easter(year, EASTER_WESTERN)
    # "fredagen närmast före påskdagen"
    langfredagen = paskdagen - timedelta(days=1)
    while langfredagen.weekday() != _FRIDAY:
        langfredagen -= _ONE_DAY
    midsommardagen = _weekday_in(date(year, 6, 20), date(year, 6, 26), _SATURDAY)
    days: list[tuple[date, str, str]] = [
        (date(year, 1, 1), "Nyårsdagen", HOLIDAY),
        (date(year, 1, 6), "Trettondedag jul", HOLIDAY),
        (langfredagen, "Långfredagen", HOLIDAY),
        (paskdagen, "Påskdagen", HOLIDAY),
        (paskdagen + _ONE_DAY, "Annandag påsk", HOLIDAY),
        (date(year, 5, 1), "Första maj", HOLIDAY),
        # "sjätte torsdagen efter påskdagen"
        (_nth_weekday_after(paskdagen, _THURSDAY, 6), "Kristi himmelsfärdsdag", HOLIDAY),
        # "sjunde söndagen efter påskdagen"
        (_nth_weekday_after(paskdagen, _SUNDAY, 7), "Pingstdagen", HOLIDAY),
        (midsommardagen, "Midsommardagen", HOLIDAY),
        (
            _weekday_in(date(year, 10, 31), date(year, 11, 6), _SATURDAY),
            "Alla helgons dag",
            HOLIDAY,
        ),
        (date(year, 12, 25), "Juldagen", HOLIDAY),
        (date(year, 12, 26), "Annandag jul", HOLIDAY),
        # Lag (1930:173) 2 §: the three aftnar.
        (midsommardagen - _ONE_DAY, "Midsommarafton", EVE),
        (date(year, 12, 24), "Julafton", EVE),
        (date(year, 12, 31), "Nyårsafton", EVE),
    ]
    # SFS 2004:1320, decided by the day each holiday falls on, not by the year.
    annandag_pingst = _nth_weekday_after(paskdagen, _SUNDAY, 7) + _ONE_DAY
    assert annandag_pingst.weekday() == _MONDAY
    if annandag_pingst < SFS_2004_1320_IN_FORCE:
        days.append((annandag_pingst, "Annandag pingst", HOLIDAY))
    nationaldagen = date(year, 6, 6)
    if nationaldagen >= SFS_2004_1320_IN_FORCE:
        days.append((nationaldagen, "Nationaldagen", HOLIDAY))
    return frozenset(days)


def reference_holidays(year: int) -> set[tuple[date, str, str]]:
    """The named helgdagar and aftnar of *year* as ``(date, name, kind)`` triples.

    Ordinary Sundays are not listed (påskdagen and pingstdagen are, by name).
    """
    return set(_reference_holidays(year))


@functools.cache
def reference_closed_days(year: int) -> frozenset[date]:
    """Every named helgdag and afton of *year* (any weekday)."""
    return frozenset(day for day, _, _ in _reference_holidays(year))


@functools.cache
def _reference_helgdagar(year: int) -> frozenset[date]:
    return frozenset(day for day, _, kind in _reference_holidays(year) if kind == HOLIDAY)


def reference_is_helgdag(day: date) -> bool:
    """Whether *day* is an allmän helgdag: every Sunday, and the named holidays."""
    return day.weekday() == _SUNDAY or day in _reference_helgdagar(day.year)


def reference_is_vardag(day: date) -> bool:
    """Whether *day* is none of: Saturday, Sunday, helgdag, midsommarafton, julafton, nyårsafton."""
    if day.weekday() in (_SATURDAY, _SUNDAY):
        return False
    return day not in reference_closed_days(day.year)


def naive_roll_forward(day: date) -> date:
    """*day* if it is a vardag, else the next vardag, walking one day at a time."""
    while not reference_is_vardag(day):
        day += _ONE_DAY
    return day


def naive_add_vardagar(day: date, count: int) -> date:
    """The *count*-th vardag strictly after *day* (before it if *count* < 0), day by day."""
    step = _ONE_DAY if count > 0 else -_ONE_DAY
    remaining = abs(count)
    while remaining:
        day += step
        if reference_is_vardag(day):
            remaining -= 1
    return day


def naive_count_vardagar(start: date, end: date) -> int:
    """The number of vardagar in ``(start, end]``, negated when *end* is before *start*."""
    if end < start:
        return -naive_count_vardagar(end, start)
    total = 0
    day = start
    while day < end:
        day += _ONE_DAY
        if reference_is_vardag(day):
            total += 1
    return total
