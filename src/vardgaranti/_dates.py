"""Turning user input into :class:`datetime.date`, the only date type the rules use."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING

from ._text import echo
from .errors import DateTypeError, InvalidDateError, InvalidTypeError

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

__all__ = ["as_date", "parse_date", "stockholm"]


@cache
def stockholm() -> ZoneInfo:
    """The time zone in which an aware ``datetime`` is read as a date (loaded when needed)."""
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Stockholm")


def as_date(value: object, what: str = "date") -> date:
    """Return *value* as a :class:`~datetime.date`.

    A ``date`` is returned as it is. An aware ``datetime`` is read as its date in
    Europe/Stockholm (23:30 UTC on 31 December is already New Year's Day in Sweden). A naive
    ``datetime`` is refused: without a zone, its date is a guess.

    Args:
        value: the value to convert.
        what: how to name the value in an error message.

    Returns:
        The date.

    Raises:
        DateTypeError: *value* is a naive ``datetime`` or not a date at all.
        InvalidDateError: *value* is an aware ``datetime`` whose day in Sweden is before year 1
            or after year 9999.

    >>> from datetime import datetime, timezone
    >>> as_date(datetime(2025, 12, 31, 23, 30, tzinfo=timezone.utc))
    datetime.date(2026, 1, 1)
    """
    if type(value) is date:
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
            raise DateTypeError(
                f"a naive datetime ({value.isoformat()}) has no time zone; pass a date "
                "or a timezone-aware datetime (it is read as its date in Europe/Stockholm)",
                field=what,
            )
        try:
            return value.astimezone(stockholm()).date()
        except OverflowError:  # (its day in Sweden is before year 1 or after 9999)
            raise InvalidDateError(
                f"{value.isoformat()} is a moment whose day in Sweden is outside the years 1-9999",
                field=what,
            ) from None
    if isinstance(value, date):
        return date(value.year, value.month, value.day)
    raise DateTypeError(
        f"expected a datetime.date, got {type(value).__name__} {echo(value)}", field=what
    )


def parse_date(text: str, what: str = "date") -> date:
    """Parse an ISO 8601 calendar date ``YYYY-MM-DD``.

    Args:
        text: the text, surrounding blanks allowed.
        what: how to name the value in an error message.

    Returns:
        The date.

    Raises:
        InvalidDateError: the text is not a real ``YYYY-MM-DD`` date.
        DateTypeError: *text* is not a string.
        InvalidTypeError: *what* is not a string (naming ``what``).

    >>> parse_date("2025-02-29", "start")
    Traceback (most recent call last):
    ...
    vardgaranti.errors.InvalidDateError: start: '2025-02-29' is not a date (day is out of ...
    """
    if not isinstance(what, str):  # (it names the field of every error below)
        raise InvalidTypeError(f"must be text naming the value, not {echo(what)}", field="what")
    if not isinstance(text, str):
        raise DateTypeError(
            f"expected text in the form YYYY-MM-DD, got {type(text).__name__} {echo(text)}",
            field=what,
        )
    stripped = text.strip()
    if not stripped:
        raise InvalidDateError("the date is empty (expected YYYY-MM-DD)", field=what)
    if (
        len(stripped) != 10
        or stripped[4] != "-"
        or stripped[7] != "-"
        or not (stripped[:4] + stripped[5:7] + stripped[8:]).isdigit()
        or not stripped.isascii()
    ):  # (Python's own words, "Invalid isoformat string", said nothing more in English only)
        raise InvalidDateError(f"{echo(text)} is not a date in the form YYYY-MM-DD", field=what)
    try:
        return date.fromisoformat(stripped)
    except ValueError as error:
        raise InvalidDateError(f"{echo(text)} is not a date ({error})", field=what) from None
