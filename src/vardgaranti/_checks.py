"""Checks of the API's plain arguments, with the library's errors naming the argument."""

from __future__ import annotations

from .errors import InvalidTypeError, InvalidValueError

__all__ = ["whole_number"]


def whole_number(value: object, field: str, minimum: int, *, none: bool = False) -> None:
    """Refuse *value* unless it is a whole number of at least *minimum* (or ``None``, if *none*).

    Raises:
        InvalidTypeError: not a whole number (``True``, ``1.5``, ``"14"``), naming *field*.
        InvalidValueError: a whole number below *minimum*, naming *field*.

    >>> whole_number(-1, "horizon", 0)
    Traceback (most recent call last):
    ...
    vardgaranti.errors.InvalidValueError: horizon: must be a whole number >= 0, not -1
    """
    if value is None and none:
        return
    wanted = f"a whole number >= {minimum}" + (" or None" if none else "")
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(f"must be {wanted}, not {value!r}", field=field)
    if value < minimum:
        raise InvalidValueError(f"must be {wanted}, not {value!r}", field=field)
