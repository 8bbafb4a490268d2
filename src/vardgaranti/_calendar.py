"""The Swedish calendar: allmänna helgdagar, aftnar and vardagar, by the law.

Sources (quoted in full in the documentation, page "The Swedish calendar"):

* Lag (1989:253) om allmänna helgdagar, 1–2 §§: which days are *allmänna helgdagar* (public
  holidays) and when each falls. SFS 2004:1320, in force 2005-04-01, added nationaldagen
  (6 June) and removed annandag pingst.
* Lag (1930:173) om beräkning av lagstadgad tid, 2 §: a last day that falls on "en söndag, annan
  allmän helgdag, lördag, midsommarafton, julafton eller nyårsafton", the action may be taken
  (*får … vidtas*) on the next *vardag*: a permission, which this library applies only when the
  policy asks for it (``roll_forward``).
  The three *aftnar* (eves) are not helgdagar, but this law treats them like one.

A *vardag* (working day) is, in this library, a day that is none of those: not a Saturday, not
a Sunday, not an allmän helgdag and not midsommarafton, julafton or nyårsafton.

The data is a table shipped with the package (``data/calendar/sweden.tsv``), made from the
:mod:`holidays` package with every parameter given explicitly; the test suite checks it against
that package and against an independent computation from the statute. It is read on the first
query and cached per year.
"""

from __future__ import annotations

import bisect
import pkgutil
import threading
from datetime import date
from enum import StrEnum
from typing import Final

import attrs

from ._checks import from_numpy
from ._dates import as_date
from .errors import InvalidTypeError, UnsupportedYearError

__all__ = ["FIRST_YEAR", "LAST_YEAR", "Holiday", "HolidayKind", "SwedishCalendar"]

#: The first year the calendar supports.
FIRST_YEAR: Final = 1990
#: The last year the calendar supports.
LAST_YEAR: Final = 2100

_SATURDAY: Final = 5


class HolidayKind(StrEnum):
    """Whether a listed day is an allmän helgdag or one of the three aftnar.

    >>> HolidayKind("eve"), HolidayKind.HOLIDAY.value
    (<HolidayKind.EVE: 'eve'>, 'holiday')
    """

    #: An *allmän helgdag*, Lag (1989:253) 1 §.
    HOLIDAY = "holiday"
    #: Midsommarafton, julafton or nyårsafton: not a helgdag, but not a vardag either under
    #: Lag (1930:173) 2 §.
    EVE = "eve"


@attrs.frozen(order=True)
class Holiday:
    """One named day of the Swedish calendar.

    Two may share a date; an eve is cited by Lag (1930:173), not as a helgdag:

    >>> from datetime import date
    >>> [h.name for h in SwedishCalendar().holidays(2008) if h.date == date(2008, 5, 1)]
    ['Första maj', 'Kristi himmelsfärdsdag']
    >>> eve = SwedishCalendar().holidays(2025)[-1]  # the year's last listed day
    >>> eve.name, eve.kind.value, eve.citation
    ('Nyårsafton', 'eve', 'Lag (1930:173) om beräkning av lagstadgad tid 2 §')

    Attributes:
        date: the day.
        name: its Swedish name, e.g. ``"Midsommardagen"``.
        kind: :attr:`HolidayKind.HOLIDAY` or :attr:`HolidayKind.EVE`.
    """

    date: date
    name: str
    kind: HolidayKind

    @property
    def citation(self) -> str:
        """The statute that makes this day what it is."""
        if self.kind is HolidayKind.EVE:
            return "Lag (1930:173) om beräkning av lagstadgad tid 2 §"
        return "Lag (1989:253) om allmänna helgdagar 1–2 §§"


@attrs.frozen
class _Year:
    """Everything the calendar needs about one year, computed once."""

    holidays: tuple[Holiday, ...]
    helgdagar: frozenset[date]
    closed_weekdays: frozenset[date]
    vardagar: tuple[int, ...]  # ordinals of the year's vardagar, ascending


_TABLE: dict[int, tuple[Holiday, ...]] = {}
#: Held while the table is read: a thread that met it half read saw a year without helgdagar.
_TABLE_LOCK: Final = threading.Lock()


def _table() -> dict[int, tuple[Holiday, ...]]:
    """The shipped table of helgdagar and aftnar, read once (``data/calendar/sweden.tsv``).

    The table is made from the ``holidays`` package (every parameter explicit) and checked in
    the tests against it and against an independent computation from the statute; reading it
    costs about a millisecond, where importing ``holidays`` costs 40–80 ms.
    """
    if _TABLE:
        return _TABLE
    with _TABLE_LOCK:  # (read by one thread; the others wait for the whole table)
        if not _TABLE:
            _TABLE.update(_read_table())
    return _TABLE


def _read_table() -> dict[int, tuple[Holiday, ...]]:
    """The shipped table, read (see :func:`_table`)."""
    data = pkgutil.get_data(__package__ or "vardgaranti", "data/calendar/sweden.tsv")
    if data is None:  # pragma: no cover - the file ships with the package
        raise FileNotFoundError("vardgaranti/data/calendar/sweden.tsv")
    by_year: dict[int, list[Holiday]] = {}
    kinds = {kind.value: kind for kind in HolidayKind}
    for line in data.decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        day, kind, name = line.split("\t")
        when = date.fromisoformat(day)
        by_year.setdefault(when.year, []).append(Holiday(when, name, kinds[kind]))
    return {year: tuple(sorted(found)) for year, found in by_year.items()}


class SwedishCalendar:
    """Swedish allmänna helgdagar, aftnar and vardagar for the years 1990–2100.

    Every query takes a :class:`datetime.date`; an aware ``datetime`` is read as its date in
    Europe/Stockholm and a naive one is a :class:`~vardgaranti.errors.DateTypeError`. A date
    outside 1990–2100 is an :class:`~vardgaranti.errors.UnsupportedYearError`.

    Each year is computed once and cached (an instance is cheap; share one).

    >>> from datetime import date
    >>> cal = SwedishCalendar()
    >>> cal.is_vardag(date(2025, 6, 20))  # midsommarafton: an eve, not a vardag
    False
    >>> cal.roll_forward(date(2025, 6, 20))  # over the midsommar weekend to Monday
    datetime.date(2025, 6, 23)
    >>> cal.add_vardagar(date(2025, 12, 23), 1)  # julafton to annandag jul are closed
    datetime.date(2025, 12, 29)
    """

    def __init__(self) -> None:
        self._years: dict[int, _Year] = {}
        self._closed: dict[int, frozenset[date]] = {}

    # -- data -------------------------------------------------------------------------------

    def _year(self, year: int, field: str = "day") -> _Year:
        data = self._years.get(year)
        if data is None:
            data = self._load(year, field)
            self._years[year] = data
            self._closed[year] = data.closed_weekdays
        return data

    @staticmethod
    def _check_year(year: int, field: str) -> None:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise UnsupportedYearError(
                f"year {year} is outside the supported years {FIRST_YEAR}–{LAST_YEAR}",
                field=field,
            )

    def _load(self, year: int, field: str) -> _Year:
        self._check_year(year, field)
        entries = _table().get(year, ())
        helgdagar = frozenset(h.date for h in entries if h.kind is HolidayKind.HOLIDAY)
        closed = frozenset(h.date for h in entries if h.date.weekday() < _SATURDAY)
        first = date(year, 1, 1).toordinal()
        last = date(year, 12, 31).toordinal()
        vardagar = tuple(
            ordinal
            for ordinal in range(first, last + 1)
            if (ordinal % 7) not in (0, 6) and date.fromordinal(ordinal) not in closed
        )  # ordinal % 7: 0 is Sunday, 6 is Saturday
        return _Year(
            holidays=tuple(entries), helgdagar=helgdagar, closed_weekdays=closed, vardagar=vardagar
        )

    # -- queries ----------------------------------------------------------------------------

    def holidays(self, year: int) -> tuple[Holiday, ...]:
        """The named holidays and eves of *year*, sorted by date.

        Ordinary Sundays are not listed, although Lag (1989:253) 1 § makes every Sunday an
        allmän helgdag; påskdagen and pingstdagen are listed by name.

        Args:
            year: a year from 1990 to 2100.

        Returns:
            One :class:`Holiday` per named day (two if two fall on the same date).

        Raises:
            UnsupportedYearError: *year* is outside 1990–2100.

        >>> [h.name for h in SwedishCalendar().holidays(2004) if "pingst" in h.name.lower()]
        ['Pingstdagen', 'Annandag pingst']
        >>> [h.name for h in SwedishCalendar().holidays(2005) if "pingst" in h.name.lower()]
        ['Pingstdagen']
        """
        year = from_numpy(year)  # type: ignore[assignment]  # (a frame's cell: NumPy's int)
        if not isinstance(year, int) or isinstance(year, bool):
            raise InvalidTypeError(f"year must be an integer, got {year!r}", field="year")
        return self._year(year, "year").holidays

    def holiday_names(self, day: date) -> tuple[str, ...]:
        """The names of the holidays and eves on *day* (empty for other days).

        Args:
            day: the date to look up.

        Returns:
            The Swedish names of the named days on *day*, by name (two if two fall on it);
            empty for any other day, an ordinary Sunday included.

        Raises:
            UnsupportedYearError: *day* is outside 1990–2100.
        """
        day = as_date(day, "day")
        return tuple(h.name for h in self._year(day.year).holidays if h.date == day)

    def is_helgdag(self, day: date) -> bool:
        """Whether *day* is an allmän helgdag (Lag 1989:253 1 §): a Sunday or a named holiday.

        The three aftnar are not helgdagar (but they are not vardagar either).

        Args:
            day: the date to test.

        Returns:
            ``True`` for a Sunday or a named allmän helgdag; ``False`` for any other day, the
            aftnar and Saturdays included.

        Raises:
            UnsupportedYearError: *day* is outside 1990–2100.

        >>> from datetime import date
        >>> cal = SwedishCalendar()
        >>> cal.is_helgdag(date(2025, 6, 6)), cal.is_helgdag(date(2025, 12, 24))
        (True, False)
        """
        day = as_date(day, "day")
        helgdagar = self._year(day.year).helgdagar  # refuses a year outside 1990–2100
        return day.weekday() == 6 or day in helgdagar

    def is_vardag(self, day: date) -> bool:
        """Whether *day* is a vardag: not a Saturday, Sunday, helgdag or one of the three eves.

        Args:
            day: the date to test.

        Returns:
            ``True`` for a Monday to Friday that is neither an allmän helgdag nor
            midsommarafton, julafton or nyårsafton; else ``False``.

        Raises:
            UnsupportedYearError: *day* is outside 1990–2100.

        >>> from datetime import date
        >>> SwedishCalendar().is_vardag(date(2025, 12, 31))  # nyårsafton
        False
        """
        if type(day) is not date:
            day = as_date(day, "day")
        closed = self._closed.get(day.year)
        if closed is None:
            closed = self._year(day.year).closed_weekdays
        return day.weekday() < _SATURDAY and day not in closed

    def roll_forward(self, day: date) -> date:
        """Apply söndagsregeln of Lag (1930:173) 2 §: *day* if it is a vardag, else the next one.

        The law says that when the last day for an action "infaller … på en söndag, annan
        allmän helgdag, lördag, midsommarafton, julafton eller nyårsafton, får åtgärden vidtas
        nästa vardag".

        Args:
            day: the date to roll.

        Returns:
            The first vardag on or after *day*.

        Raises:
            UnsupportedYearError: the date or the next vardag is outside 1990–2100.

        >>> from datetime import date
        >>> SwedishCalendar().roll_forward(date(2020, 12, 24))  # julafton 2020, a Thursday
        datetime.date(2020, 12, 28)
        """
        if type(day) is not date:
            day = as_date(day, "day")
        closed = self._closed.get(day.year)
        if closed is None:
            closed = self._year(day.year).closed_weekdays
        if day.weekday() < _SATURDAY and day not in closed:
            return day
        vardagar = self._years[day.year].vardagar
        index = bisect.bisect_left(vardagar, day.toordinal())
        if index < len(vardagar):
            return date.fromordinal(vardagar[index])
        self._check_result_year(
            day.year + 1, "day", f"the next vardag after {day.isoformat()} is past"
        )
        return date.fromordinal(self._year(day.year + 1).vardagar[0])

    def add_vardagar(self, day: date, count: int) -> date:
        """The *count*-th vardag after *day* (before it when *count* is negative).

        *day* itself is never counted, whether or not it is a vardag; ``count=0`` returns
        *day* unchanged. Forwards it is the inverse of :meth:`count_vardagar`:
        ``count_vardagar(d, add_vardagar(d, n)) == n`` for ``n >= 0``. Backwards the two
        agree only from a vardag, since :meth:`count_vardagar` counts the end day and not
        the start.

        Args:
            day: the date to count from.
            count: how many vardagar to move.

        Returns:
            The date reached.

        Raises:
            UnsupportedYearError: the date or the result is outside 1990–2100.

        >>> from datetime import date
        >>> SwedishCalendar().add_vardagar(date(2025, 4, 17), 1)  # skärtorsdag → after påsk
        datetime.date(2025, 4, 22)
        """
        day = as_date(day, "day")
        count = from_numpy(count)  # type: ignore[assignment]  # (a frame's cell: NumPy's int)
        if not isinstance(count, int) or isinstance(count, bool):
            raise InvalidTypeError(f"count must be an integer, got {count!r}", field="count")
        self._year(day.year)  # refuses a year outside 1990–2100, also for count == 0
        if count == 0:
            return day
        ordinal = day.toordinal()
        year = day.year
        if count > 0:
            index = bisect.bisect_right(self._year(year).vardagar, ordinal)
            while True:
                vardagar = self._year(year).vardagar
                if index + count <= len(vardagar):
                    return date.fromordinal(vardagar[index + count - 1])
                count -= len(vardagar) - index
                year, index = year + 1, 0
                self._check_result_year(year, "count", f"counting vardagar from {day} leaves")
        index = bisect.bisect_left(self._year(year).vardagar, ordinal)
        count = -count
        while True:
            vardagar = self._year(year).vardagar
            if count <= index:
                return date.fromordinal(vardagar[index - count])
            count -= index
            year -= 1
            self._check_result_year(year, "count", f"counting vardagar from {day} leaves")
            index = len(self._year(year).vardagar)

    def count_vardagar(self, start: date, end: date) -> int:
        """How many vardagar lie after *start* up to and including *end*.

        Negative when *end* is before *start*: ``count_vardagar(a, b) == -count_vardagar(b, a)``.

        Args:
            start: the date to count from (itself not counted).
            end: the last date counted.

        Returns:
            The number of vardagar after *start* up to and including *end* (0 when they are the
            same day); negative when *end* is before *start*.

        Raises:
            UnsupportedYearError: *start* or *end* is outside 1990–2100.

        >>> from datetime import date
        >>> SwedishCalendar().count_vardagar(date(2025, 12, 19), date(2026, 1, 9))
        9
        """
        start = as_date(start, "start")
        end = as_date(end, "end")
        # (a year out of range is refused naming the argument that holds it, in either order)
        self._year(start.year, "start")
        self._year(end.year, "end")
        if end < start:
            return -self.count_vardagar(end, start)
        first = self._year(start.year).vardagar
        if start.year == end.year:
            return bisect.bisect_right(first, end.toordinal()) - bisect.bisect_right(
                first, start.toordinal()
            )
        total = len(first) - bisect.bisect_right(first, start.toordinal())
        for year in range(start.year + 1, end.year):
            total += len(self._year(year).vardagar)
        return total + bisect.bisect_right(self._year(end.year).vardagar, end.toordinal())

    def _check_result_year(self, year: int, field: str, what: str) -> None:
        """Refuse a result in *year* outside the calendar's years; *what* says what went there."""
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise UnsupportedYearError(
                f"{what} the supported years {FIRST_YEAR}–{LAST_YEAR}", field=field
            )
