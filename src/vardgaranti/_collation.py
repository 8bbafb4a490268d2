"""Swedish alphabetical order, for the names a table or a page lists (units, groups).

Python sorts text by character code, which puts every capital before every small letter and
``Ä`` (U+00C4) before ``Å`` (U+00C5): ``Ärr, Åre, Öga, barn`` is not an order anyone looks
things up in. Swedish order is the alphabet with ``å``, ``ä`` and ``ö`` as its last three
letters, after ``z`` (Svenska Akademiens ordlista; Språkrådet, *Svenska skrivregler*, on
alphabetical order), capitals and small letters alike, and letters with other marks as their base
letter (``é`` as ``e``), except ``ü`` as ``y``, ``æ`` as ``ä`` and ``ø`` as ``ö``, as SAOL
files them. ``v`` and ``w`` are two letters (since SAOL 13, 2006). A no-break space or an en
dash sorts as a space or a hyphen, and ``ł``, ``đ`` as ``l``, ``d``.

Texts that differ only in case or marks keep one order (small letter first, then by character
code), so the order never depends on the order the names were met in.
"""

from __future__ import annotations

import unicodedata
from typing import Final

__all__ = ["swedish_key"]

#: The letters Swedish files apart from their base letter, as the characters after ``z``
#: (``{``, ``|``, ``}``) that keep them last, in their order; and those it files as another.
_OWN: Final = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y",
                             "ł": "l", "đ": "d", "ð": "d", "þ": "th"})  # fmt: skip
#: Spaces and dashes of other kinds as the plain ones (a no-break space copied from Excel,
#: "Kirurgi – dag"), so that they sort where a space or a hyphen does.
_SPACES_AND_DASHES: Final = str.maketrans(
    dict.fromkeys("\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000", " ")
    | dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-")
)


def swedish_key(text: str) -> tuple[str, str, str]:
    """A sort key that puts *text* in Swedish alphabetical order.

    Args:
        text: a name as written (a unit, a group's value).

    Returns:
        The key: the letters as Swedish files them, then the case (small first), then the
        text itself (so that the order is total).

    >>> sorted(["Öga", "barn", "Åre", "Ärr", "Ortopedi", "Akut"], key=swedish_key)
    ['Akut', 'barn', 'Ortopedi', 'Åre', 'Ärr', 'Öga']
    >>> sorted(["Wästervik", "Vänersborg", "Émile", "Eda", "Ytterö", "Übersee"], key=swedish_key)
    ['Eda', 'Émile', 'Vänersborg', 'Wästervik', 'Übersee', 'Ytterö']
    """
    if text.isascii():
        return text.casefold(), text.swapcase(), text
    # (composed first: an "ä" written as "a" and a combining diaeresis is the letter "ä")
    folded = (
        unicodedata.normalize("NFC", text).casefold().translate(_SPACES_AND_DASHES).translate(_OWN)
    )
    if not folded.isascii():  # other marks: the base letter (é → e)
        folded = "".join(
            char for char in unicodedata.normalize("NFD", folded) if not unicodedata.combining(char)
        )
    return folded, text.swapcase(), text
