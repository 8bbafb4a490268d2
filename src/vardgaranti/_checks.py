"""Checks of the API's plain arguments, with the library's errors naming the argument."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ._text import echo
from .errors import InvalidTypeError, InvalidValueError

__all__ = [
    "callback",
    "flag",
    "from_numpy",
    "named",
    "path_exists",
    "path_is_dir",
    "several",
    "whole_number",
]


def named(name_or_path: object, field: str, wanted: str) -> None:
    """Refuse an empty name of a data file or a built-in (``""`` is read as the current folder).

    Raises:
        InvalidValueError: *name_or_path* is empty or blank, naming *field* and *wanted*.

    >>> named(" ", "rules", "national or bup")
    Traceback (most recent call last):
    ...
    vardgaranti.errors.InvalidValueError: rules: the name is empty; give national or bup
    """
    if not str(name_or_path).strip():
        raise InvalidValueError(f"the name is empty; give {wanted}", field=field)


def path_exists(path: Path) -> bool:
    """``path.exists()``, ``False`` for a path no system call takes.

    A path too long for the file system, or holding a NUL (as CSV text given where a path is
    wanted), raises from :meth:`~pathlib.Path.exists` on Python 3.11; here it does not exist,
    and opening it then says why in the caller's one-line error.
    """
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def path_is_dir(path: Path) -> bool:
    """``path.is_dir()``, ``False`` for a path no system call takes (see :func:`path_exists`)."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def callback(value: object, field: str) -> None:
    """Refuse *value* unless it is ``None`` or can be called (a function given to be called back).

    Checked before any work, so that a mistake is not found after the output is written.

    Raises:
        InvalidTypeError: neither ``None`` nor callable, naming *field*.

    >>> callback(print, "notes")
    >>> callback(1, "progress")
    Traceback (most recent call last):
    ...
    vardgaranti.errors.InvalidTypeError: progress: must be a function (callable) or None, not 1
    """
    if value is not None and not callable(value):
        raise InvalidTypeError(
            f"must be a function (callable) or None, not {echo(value)}", field=field
        )


def from_numpy(value: object) -> object:
    """A NumPy boolean or whole number (as a data frame's cell gives) as Python's; else *value*.

    An attrs converter of the fields that take such values, so that a policy or a case made of
    a frame's cells is the same object as one made of Python values (equal, and the same
    repr).

    >>> from_numpy(True), from_numpy("x")
    (True, 'x')

    Args:
        value: any value.

    Returns:
        ``bool(value)`` or ``int(value)`` for a NumPy scalar of those kinds; else *value*.
    """
    kind = getattr(getattr(value, "dtype", None), "kind", "")
    if kind and getattr(value, "ndim", 1) == 0:  # (a scalar: an array of them is no one value)
        if kind == "b":
            return bool(value)
        if kind in "iu":
            return int(value)  # type: ignore[call-overload]
    return value


def flag(value: object, field: str, *, none: bool = False) -> None:
    """Refuse *value* unless it is ``True`` or ``False`` (or ``None``, if *none*).

    A NumPy boolean (``np.True_``, as a data frame's cell gives) is one too.

    ``"yes"`` or ``1`` where a flag is asked for would be taken as true without a word.

    Raises:
        InvalidTypeError: not a bool, naming *field*.

    >>> flag(True, "bom")
    >>> flag("no", "bom", none=True)
    Traceback (most recent call last):
    ...
    vardgaranti.errors.InvalidTypeError: bom: must be True, False or None, not 'no'
    """
    if value is None and none:
        return
    numpy_bool = getattr(getattr(value, "dtype", None), "kind", "") == "b" and (
        getattr(value, "ndim", 1) == 0  # (a scalar: an array of them has no one truth)
    )
    if not isinstance(value, bool) and not numpy_bool:
        wanted = "True, False or None" if none else "True or False"
        raise InvalidTypeError(f"must be {wanted}, not {echo(value)}", field=field)


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
    value = from_numpy(value)  # (a frame's cell: NumPy's whole number is one)
    wanted = f"a whole number >= {minimum}" + (" or None" if none else "")
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(f"must be {wanted}, not {value!r}", field=field)
    if value < minimum:
        raise InvalidValueError(f"must be {wanted}, not {value!r}", field=field)


def several(value: object, field: str, example: object, *, texts: bool = False) -> None:
    """Refuse *value* unless it is several values (a list or tuple, not one text).

    One text where several are asked for would be read letter by letter (``"unit"`` as the
    columns ``u``, ``n``, ``i``, ``t``).

    Args:
        value: what was given.
        field: the argument's name.
        example: one value, for the message (``('unit',)``).
        texts: each value must be a text.

    Raises:
        InvalidTypeError: one text, bytes, something else than several values, or (with
            *texts*) a value that is not a text; naming *field*.

    >>> several("unit", "by", "unit")
    Traceback (most recent call last):
    ...
    vardgaranti.errors.InvalidTypeError: by: give several values, e.g. ('unit',), not one: 'unit'
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidTypeError(
            f"give several values, e.g. ({example!r},), not one: {value!r}", field=field
        )
    if texts:
        for item in value:
            if not isinstance(item, str):
                raise InvalidTypeError(f"each value must be a text, not {item!r}", field=field)
