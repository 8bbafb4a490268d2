"""The date reader's cache never changes what a cell reads as.

:class:`~vardgaranti._profiles.DayReader` keeps the dates it read (the row evaluator and the
columnar engine look in that cache themselves). Whatever was read before, in any order (dates,
dates with a time, their first characters, blanks), a cell reads as a reader that never saw
another cell reads it: the same day, or the same error. A date-time with a zone is read by
its date in Europe/Stockholm, as zoneinfo converts it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Final
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from vardgaranti._profiles import DayReader
from vardgaranti.errors import VardgarantiError

PROPERTY: Final = settings(max_examples=300, deadline=None)

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
iso = days.map(date.isoformat)
compact = days.map(lambda day: day.strftime("%Y%m%d"))
bad_dates = st.sampled_from(["2025-02-30", "2025-13-01", "20250230", "2025-1-03", "25-11-03"])
clock = st.builds(
    "{:02d}:{:02d}:{:02d}".format, st.integers(0, 25), st.integers(0, 61), st.integers(0, 61)
)
iso_times = st.one_of(
    clock.map(lambda text: "T" + text),
    clock.map(lambda text: " " + text),
    clock.map(lambda text: "T" + text[:5]),
    st.sampled_from(
        ["T10:00:00.5", "T10:00:00.1234567", "T10:00:00Z", "T10:00:00+01:00", " ", "T"]
    ),
)
compact_times = st.one_of(
    clock.map(lambda text: text.replace(":", "")), st.sampled_from(["1000", "10000", "1000000"])
)
blanks = st.sampled_from(["", " ", "  ", "\u00a0", "\t"])
cells = st.one_of(
    st.builds(lambda d, t, b: d + t + b, iso, iso_times, blanks),
    st.builds(lambda d, t, b: d + t + b, compact, compact_times, blanks),
    st.builds(
        lambda b, d, t: b + d + t,
        blanks,
        st.one_of(iso, compact),
        st.one_of(iso_times, compact_times),
    ),
    st.builds(lambda d, t: d + t, bad_dates, st.one_of(iso_times, compact_times)),
    st.one_of(iso, compact, bad_dates),
)


def _read(reader: DayReader, text: str) -> date | str | None:
    try:
        return reader(text, "start")
    except VardgarantiError as error:
        return f"{type(error).__name__}: {error}"


@st.composite
def readings(draw: st.DrawFn) -> list[str]:
    """Cells, their first 8 and 10 characters, and the start of one with the end of another."""
    found = draw(st.lists(st.one_of(cells, blanks.map(lambda blank: blank * 12)), min_size=1,
                          max_size=12))  # fmt: skip
    parts = [*found, *(text[:8] for text in found), *(text[:10] for text in found)]
    for cut in (8, 10):
        parts += [a[:cut] + b[cut:] for a in found for b in found]
    return draw(st.permutations(parts))


@PROPERTY
@given(readings())
def test_a_cell_reads_the_same_whatever_was_read_before(texts: list[str]) -> None:
    reader = DayReader()
    for text in texts:
        assert _read(reader, text) == _read(DayReader(), text), text


@PROPERTY
@given(readings())
def test_read_twice_a_cell_reads_the_same(texts: list[str]) -> None:
    reader = DayReader()
    first = [_read(reader, text) for text in texts]
    assert [_read(reader, text) for text in reversed(texts)] == first[::-1]


offsets = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
moments = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31), timezones=offsets
)


def _written(moment: datetime, form: int) -> str:
    """*moment* as an export may write it: ``T`` or a blank, ``Z`` or ``+hh:mm`` or ``+hhmm``."""
    text = moment.isoformat(sep="T" if form % 2 else " ")
    zone = text[-6:]
    if form // 2 == 1:
        text = text[:-6] + zone.replace(":", "")
    elif form // 2 == 2 and zone in ("+00:00", "-00:00"):
        text = text[:-6] + "Z"
    return text


@PROPERTY
@given(moments, st.integers(0, 5))
def test_a_moment_is_read_by_its_date_in_stockholm(moment: datetime, form: int) -> None:
    # The independent reading: the moment converted by zoneinfo, as as_date reads one.
    expected = moment.astimezone(ZoneInfo("Europe/Stockholm")).date()
    assert DayReader()(_written(moment, form), "start") == expected


TOUCHING: Final = ("%Y%m%d", "%d%m%Y", "%Y%m%d%H%M", "%y%m%d")


@PROPERTY
@given(
    st.dates(min_value=date(1969, 1, 1), max_value=date(2049, 12, 31)),  # (%y: 1969-2068)
    st.sampled_from(TOUCHING),
    st.data(),
)
def test_a_format_whose_numbers_touch_reads_the_full_text_and_no_shorter_one(
    day: date, form: str, data: st.DataObject
) -> None:
    """Written in full, the day; with a digit left out anywhere, no day at all (never another).

    (``%Y%m%d`` read ``2025031``, the 1 March of ``20250301`` without a zero, as 2025-03-01, and
    ``2024111`` as 2024-11-01 where 2024-01-11 was as likely.)
    """
    read = DayReader((form,))
    whole = datetime(day.year, day.month, day.day, 9, 5).strftime(form)
    assert read(whole, "start") == day
    cut = data.draw(st.integers(0, len(whole) - 1))
    shorter = whole[:cut] + whole[cut + 1 :]
    try:
        found = DayReader((form,))(shorter, "start")
    except VardgarantiError:
        return
    raise AssertionError(f"{shorter!r} read as {found} by {form}")
