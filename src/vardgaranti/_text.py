"""Echoing input back in messages, with a bound on its length; a column's name as it is matched.

Error messages quote the input they are about (a cell, a header, a file name), but never more
than :data:`ECHO_LIMIT` characters of it: a 10 MB header line must not become a 10 MB error line.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from pathlib import PurePath, PureWindowsPath
from typing import IO, Final

__all__ = [
    "ECHO_LIMIT",
    "INVISIBLE",
    "column_key",
    "echo",
    "escaped",
    "file_name",
    "one_line",
    "shorten",
    "shown",
    "unsafe",
    "visible",
    "write_in_pieces",
]

#: The most characters of an input value an error message repeats.
ECHO_LIMIT: Final = 200
#: The characters :func:`write_in_pieces` writes at a time.
_PIECE: Final = 1 << 20


def write_in_pieces(out: IO[str], text: str) -> None:
    """Write *text* to *out* a piece at a time.

    One write of many megabytes to a pipe whose reader went away (``| head``) is cut short
    and the rest dropped without an error (CPython 3.11): the command then exited 0, as if
    everything was written. Written in pieces, the next piece's write fails, as a closed
    pipe should make it.
    """
    for start in range(0, len(text), _PIECE):
        out.write(text[start : start + _PIECE])


#: Characters that break a line or reorder what a terminal or a text shows, besides the
#: control characters (C0, DEL, C1): the line and paragraph separators, and the bidirectional
#: marks, embeddings, overrides and isolates (an id shown reversed: "Trojan Source").
_LAYOUT: Final = frozenset(
    "\u2028\u2029\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def unsafe(char: str) -> bool:
    r"""Whether *char* must not reach a terminal, a letter or a one-line text as it is.

    >>> [unsafe(c) for c in ("a", "å", "\t", "\x9b", "\u2028", "\u202e")]
    [False, False, True, True, True, True]
    """
    code = ord(char)
    return code < 32 or 0x7F <= code <= 0x9F or char in _LAYOUT


def shown(text: str) -> str:
    r"""*text* (a file's name) as a message names it: as it is, or quoted when not plain.

    A name that is long or holds what a terminal would act on is quoted, escaped and cut.

    >>> shown("/tmp/lista.csv"), shown("a\x00b")
    ('/tmp/lista.csv', "'a\\x00b'")
    """
    return text if text.isprintable() and len(text) <= ECHO_LIMIT else echo(text)


def visible(text: str) -> str:
    r"""*text* for a terminal or a text table: each :func:`unsafe` character shown as ``?``.

    >>> visible("Orto\u202epedi\n\x1b[2J")
    'Orto?pedi??[2J'
    """
    if text.isprintable():  # (every unsafe character is one Python does not print)
        return text
    return "".join("?" if unsafe(char) else char for char in text)


#: Characters that show nothing (zero-width space and joiners, word joiner, byte-order mark):
#: two values that differ only by them read alike.
INVISIBLE: Final = frozenset("\u200b\u200c\u200d\u2060\ufeff")


def file_name(source: str) -> str:
    r"""The name of a file as an output records it: without its folders.

    A path as typed names the user's home and folders (``/home/anna.svensson/Patientdata/``),
    which an output passed on should not carry; ``<stdin>`` stays as it is.

    >>> file_name("/home/anna/Patientdata/lista.csv"), file_name("<stdin>")
    ('lista.csv', '<stdin>')
    >>> file_name(r"C:\Users\anna\Patientdata\lista.csv"), file_name(r"\\server\share\x.csv")
    ('lista.csv', 'x.csv')
    >>> file_name("/")  # (a name with no last part: as it is)
    '/'
    """
    path = PureWindowsPath(source) if "\\" in source else PurePath(source)
    return path.name or source


def escaped(text: str) -> str:
    r"""*text* for a page: each :func:`unsafe` or invisible character as its escape.

    An unclosed U+202E in a unit turned the page's text after it around; a zero-width space made
    two units read alike.

    >>> escaped("\u202eOrtopedi"), escaped("Orto\u200bpedi"), escaped("Ögon")
    ('\\u202eOrtopedi', 'Orto\\u200bpedi', 'Ögon')
    """
    if text.isprintable():  # (no unsafe or invisible character is printable)
        return text
    return "".join(
        f"\\u{ord(char):04x}" if unsafe(char) or char in INVISIBLE else char for char in text
    )


def column_key(name: str) -> str:
    """A column's name as every reader matches it: blanks stripped, in any case, in any form.

    A letter such as ``ö`` may be saved whole (NFC) or as ``o`` and a combining diaeresis
    (NFD, as macOS may save it): the same name to a reader, so both are compared in NFC.

    >>> column_key(" Besöksdatum ") == column_key("BESO\u0308KSDATUM")
    True
    """
    return unicodedata.normalize("NFC", name).strip().lower()


def one_line(text: str) -> bool:
    """Whether *text* holds no character that :func:`unsafe` refuses."""
    return not any(unsafe(char) for char in text)


#: A value a message quotes as :func:`echo` does (Python's quotes, after a blank, a bracket, a
#: colon or an equals sign, never after a letter: ``the header's`` is no quote).
_QUOTED: Final = re.compile(r"""(?<![\w'"])('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")(?![\w])""")


#: A quote opened and never closed: a value :func:`echo` cut inside a list or a tuple, whose
#: closing quote went with the rest (``['19121212-1212 …… (47 more characters))``); masked to
#: the end.
_UNCLOSED: Final = re.compile(r"""(?<![\w'"])['"].*""", re.DOTALL)


def masked(text: str) -> str:
    r"""*text* with each value it quotes replaced by its size: for a ``repr`` that is logged.

    A message names the column and quotes the cell (``start: '19121212-1212' is not a
    date``); a logged object should carry neither a personnummer nor a note. The kind of
    error stays readable.

    >>> masked("start: '19121212-1212' is not a date (the header's 'start')")
    "start: <13 characters> is not a date (the header's <5 characters>)"
    >>> masked("extra cells: ['x', \"it's\"]")
    'extra cells: [<1 character>, <4 characters>]'
    >>> masked("extra cells: ['x', 'a long note, cut…… (47 more characters))")
    'extra cells: [<1 character>, <a value cut>'
    """

    def size(match: re.Match[str]) -> str:
        quoted = match.group(1)
        try:
            count = len(ast.literal_eval(quoted))
        except (ValueError, SyntaxError):  # (not a literal after all: its characters)
            count = len(quoted) - 2
        return f"<{count} character{'' if count == 1 else 's'}>"

    return _UNCLOSED.sub("<a value cut>", _QUOTED.sub(size, text))


def masked_repr(value: str | None) -> str:
    """The ``repr`` of an error text with what it quotes :func:`masked` (``None`` as it is)."""
    return "None" if value is None else repr(masked(value))


def sized_repr(value: object) -> str:
    """A text's size instead of the text, for a ``repr`` that is logged (an id, a note).

    >>> sized_repr("19121212-1212"), sized_repr(None)
    ('<13 characters>', 'None')
    """
    if not isinstance(value, str):
        return repr(value)
    return f"<{len(value)} character{'' if len(value) == 1 else 's'}>"


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
