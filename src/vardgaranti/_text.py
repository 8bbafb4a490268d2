"""Echoing input back in messages, with a bound on its length.

Error messages quote the input they are about (a cell, a header, a file name), but never more
than :data:`ECHO_LIMIT` characters of it: a 10 MB header line must not become a 10 MB error line.
"""

from __future__ import annotations

from typing import Final

__all__ = ["ECHO_LIMIT", "echo", "shorten"]

#: The most characters of an input value an error message repeats.
ECHO_LIMIT: Final = 200


def shorten(text: str, limit: int = ECHO_LIMIT) -> str:
    """*text* cut to *limit* characters, with an ellipsis saying how much was left out.

    >>> shorten("x" * 250)[-32:]
    'xxxxxxxxxx… (50 more characters)'
    """
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit} more characters)"


def echo(value: object, limit: int = ECHO_LIMIT) -> str:
    """The ``repr`` of *value* for a message, cut to *limit* characters of the value.

    A string is cut before it is quoted, so a message never holds more than *limit* characters
    of it however long it is.

    >>> echo("besk")
    "'besk'"
    >>> len(echo("a" * 10_000)) < 250
    True
    """
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}… ({len(value) - limit} more characters)"
    text = repr(value)
    return shorten(text, limit + 2)
