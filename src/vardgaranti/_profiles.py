"""Input profiles: how a source's columns and codes map onto the library's fields.

A waiting list arrives in many shapes: the library's own columns (``native``), the national
waiting-time reporting format (``skr``: SKR, *Informationsmodell – Tillgänglighet specialiserad
vård* 1.1, the variables of a ``Besok``), or a region's own export, described by a TOML file.
A :class:`Profile` names the source column of each field and how to read its codes; every
reader (CSV, XML, Excel, data frames) and every command then reach the same evaluation.

Fields: ``id``, ``unit``, ``level``, ``start``, ``completed``, ``booked``, ``exclusions``,
``restart``, ``listed``, ``covered``, ``deviation``, and for care elsewhere ``referred``,
``provider`` and ``distance``. Any other column passes through.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from os import PathLike
from pathlib import Path
from typing import Final

import attrs

from ._case import DEVIATIONS
from ._checks import path_exists
from ._core import Uncovered
from ._dates import stockholm
from ._rules import ExclusionReason, Level, read_data_file, read_rule_file
from ._text import column_key, echo, one_line, shown
from .errors import (
    InvalidDateError,
    InvalidTypeError,
    InvalidValueError,
    ProfileError,
    RuleSetError,
    UnknownLevelError,
    VardgarantiError,
)

__all__ = [
    "FIELDS",
    "NATIONAL_VARIABLES",
    "NATIVE",
    "PROFILES",
    "SKR",
    "DayReader",
    "Profile",
    "ProfileError",
    "choose_profile",
    "delimiter_columns",
    "delivery_month",
    "load_profile",
    "municipality",
    "profile",
    "profile_from_data",
]

#: The fields a profile may map, in the order the documentation lists them.
FIELDS: Final = (
    "id",
    "unit",
    "level",
    "start",
    "completed",
    "booked",
    "exclusions",
    "restart",
    "listed",
    "covered",
    "deviation",
    "referred",
    "provider",
    "distance",
)

#: The variables of a ``Besok`` in the national format, in the information model's order.
NATIONAL_VARIABLES: Final = (
    "VardkontaktId",
    "Regionkod",
    "HSAIdRegion",
    "HSAIdVardgivare",
    "HSAIdVardenhet",
    "HSAIdEnhet",
    "Sjukhus",
    "SjukhusNamn",
    "Vardgaranti",
    "Fas",
    "Mvo",
    "Aktivitet",
    "AktivitetKVA",
    "AktivitetICD",
    "Avvikelse",
    "BeslutAktivitet",
    "StartAktivitet",
    "MedicinsktMaldatum",
    "Remittenttyp",
    "Remittent",
    "RemissId",
    "RemissDatum",
    "AnkomstDatum",
    "HSAIdPatientListning",
    "FodelseAr",
    "Kon",
    "Lkf",
    "Bokningssatt",
    "Vardkontakt",
    "Yrkeskategori",
    "TypAkutverksamhet",
)


#: A level cell read: a level, or why the row is outside the guarantee.
LevelCode = Level | Uncovered

_YES: Final = ("1", "j", "ja", "t", "true", "y", "yes", "x")
_NO: Final = ("2", "n", "nej", "f", "false", "no", "0")
_NATIVE_YES: Final = ("ja", "j", "yes", "y", "true", "1", "x")
_NATIVE_NO: Final = ("nej", "n", "no", "false", "0")
#: A typed boolean's text (a data frame's ``Boolean`` cell, a workbook's ``TRUE``): yes and no
#: under every profile.
_TYPED_BOOLEANS: Final = {"true": True, "false": False}
_NATIONAL_YES: Final = ("1", "j", "ja", "t", "true")
_NATIONAL_NO: Final = ("2", "n", "nej", "f", "false")


class _ReadOnly(dict):  # type: ignore[type-arg]
    """A profile's mapping: a copy of what it was made from, read-only, hashable, picklable.

    A profile is frozen, and one profile (the built-in ``native``) serves every caller in a
    process: a mapping that could be changed in place would change the results of all.

    >>> NATIVE.columns["completed"] = "note"
    Traceback (most recent call last):
    ...
    TypeError: a profile's mappings are read-only; make a new Profile (attrs.evolve(profile, ...))
    """

    __slots__ = ()

    def _refuse(self, *_args: object, **_kwargs: object) -> None:
        raise TypeError(
            "a profile's mappings are read-only; make a new Profile (attrs.evolve(profile, ...))"
        )

    __setitem__ = __delitem__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]
    __ior__ = _refuse  # type: ignore[assignment]

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[type[_ReadOnly], tuple[dict[object, object]]]:
        return (type(self), (dict(self),))


def _read_only_levels(mapping: Mapping[str, LevelCode] | None) -> Mapping[str, LevelCode] | None:
    return None if mapping is None else _ReadOnly(mapping)


def _read_only_map(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return _ReadOnly(mapping)


def _frozen(items: Iterable[str]) -> frozenset[str]:
    return frozenset(items)


@attrs.frozen
class Profile:
    """How a source's columns and codes map onto the library's fields.

    Attributes:
        name: the profile's name (``native``, ``skr`` or the file's ``name``).
        columns: the source column of each field it maps (matched case-insensitively, blanks
            stripped).
        required: the fields that must have a column.
        levels: the code of each level in the level column (matched case-insensitively);
            ``None`` reads the level words (``visit``, ``besök``...). A code may also map to
            an :class:`~vardgaranti.Uncovered` reason (a phase outside the guarantee).
        level_codes_source: where the level codes come from, for error messages.
        date_formats: the forms of a date cell, as :meth:`datetime.strptime` formats; the
            empty tuple reads the ISO forms (``YYYY-MM-DD``, with a time after ``T`` or a blank,
            ``YYYYMMDD``, ``YYYYMMDDhhmmss``).
        earliest: the earliest start the source allows (the national format: 2010-01-01).
        yes: the spellings of yes (``listed``, ``covered``), lowercase.
        no: the spellings of no, lowercase.
        listed_present: ``listed`` is the listing unit's id: any text means listed, empty
            means unknown (the national format's ``HSAIdPatientListning``).
        deviations: the code of each deviation in the ``deviation`` column (matched
            case-insensitively), mapped to ``pvv``, ``mov`` or ``sov``.
        deviation_codes_source: what the deviation codes mean or where they come from, for
            error messages.
        exclusion_pairs: exclusions given as pairs of columns (reason, from, to), besides or
            instead of the one ``exclusions`` cell.
        result_columns: extra result columns this profile writes (``deviation``, ``reason``).
        source: where the profile's codes come from.
        timed_starts: the start is written with a time of day (the national format): rows
            are grouped by its date when planning, and the time is checked row by row.
        named: the columns a file must have, each with the profile key that names it
            (``("columns.completed", "Besöksdatum")``): a user's profile names its columns by
            hand, and a column it names but the file lacks is a typo that would leave a field
            out quietly. Empty for the built-in profiles, whose optional columns are optional.
    """

    name: str
    columns: Mapping[str, str] = attrs.field(converter=_read_only_map)
    required: frozenset[str] = attrs.field(converter=_frozen)
    levels: Mapping[str, LevelCode] | None = attrs.field(default=None, converter=_read_only_levels)
    level_codes_source: str = ""
    date_formats: tuple[str, ...] = ()
    earliest: date | None = None
    yes: frozenset[str] = attrs.field(default=frozenset(_NATIVE_YES), converter=_frozen)
    no: frozenset[str] = attrs.field(default=frozenset(_NATIVE_NO), converter=_frozen)
    listed_present: bool = False
    deviations: Mapping[str, str] = attrs.field(factory=dict, converter=_read_only_map)
    deviation_codes_source: str = ""
    exclusion_pairs: tuple[tuple[ExclusionReason, str, str], ...] = ()
    result_columns: tuple[str, ...] = ()
    source: str = ""
    timed_starts: bool = False
    named: tuple[tuple[str, str], ...] = ()

    def resembled(self, header: Sequence[str]) -> list[tuple[str, str, str]]:
        """The columns of *header* not read that look like a column the profile reads.

        A column the profile would read, misspelt (``completd``), is not read at all, and an
        optional field then reads blank in every row without a word: a patient given care
        would look still waiting. Each column of *header* that is not read and is nearly a
        column the profile reads but the header lacks (compared as the readers compare
        names: without regard to case, blanks stripped), or is one of the native columns'
        Swedish names (``genomförd`` for ``completed``), comes as (the column, the column it
        resembles, its field). Nothing for a first line of data (a file without its header).

        Args:
            header: a file's column names, as written.

        Returns:
            (the column as written, stripped; the profile's column it resembles; its field)
            for each such column, in the header's order.

        >>> NATIVE.resembled(["id", "level", "start", "Completd", "note"])
        [('Completd', 'completed', 'completed')]
        """
        if _data_line(header, numbers=False):  # (a column may be named with a long number)
            return []
        read = {column_key(column): (column, field) for field, column in self.columns.items()}
        for reason, *columns in self.exclusion_pairs:
            read.update((column_key(column), (column, reason.value)) for column in columns)
        names = {column_key(name) for name in header}
        lacking = {name: read[name] for name in read if name not in names}
        found = []
        for name in header:
            key = column_key(name)
            if not key or key in read or key in _NATIONAL_NAMES:  # (a variable of its own)
                continue
            swedish = _SWEDISH.get(key)  # (the native columns' Swedish names: `genomförd`)
            if swedish is not None and swedish in lacking:
                found.append((name.strip(), *lacking[swedish]))
                continue
            close = _closest(key, lacking, cutoff=_RESEMBLES)
            # (a column named after one it is about, "referred_by", "booked_at", "providers",
            # "completedby", is another column, not a misspelling; but the national variables
            # are the information model's, none of them named after another but its own:
            # "Avvikelsee", "Avvikelser" are the deviation misspelt)
            if close and (not key.startswith(close[0]) or close[0] in _NATIONAL_NAMES):
                found.append((name.strip(), *lacking[close[0]]))
        return found

    def needs(self) -> str:
        """What this profile needs of a file's header, for an error message.

        >>> NATIVE.needs()
        "native needs 'id', 'level', 'start'"
        """
        names = [repr(self.columns[field]) for field in FIELDS if field in self.required]
        return f"{self.name} needs {', '.join(names)}"

    def read_level(self, text: str) -> LevelCode:
        """The level (or reason for not covered) in a level cell.

        Args:
            text: the cell, as written.

        Returns:
            The :class:`~vardgaranti.Level`, or the :class:`~vardgaranti.Uncovered` reason a
            code of the profile maps to.

        Raises:
            UnknownLevelError: an unknown word or code; the message lists the accepted codes.

        >>> NATIVE.read_level(" Besök ")
        <Level.VISIT: 'visit'>
        """
        if self.levels is None:
            return Level.parse(text)
        key = text.strip().lower()
        found = self.levels.get(key)
        if found is None and not key.isascii():  # (an ö as o and a combining mark: NFD)
            found = self.levels.get(_nfc(key))
        if found is None:
            if not key:  # as a blank native level is "empty", not an unknown code ''
                raise UnknownLevelError("empty")
            accepted = ", ".join(sorted(set(self.levels), key=_natural))
            raise UnknownLevelError(
                f"unknown code {echo(text)}; accepted: {accepted}"
                + (f" ({self.level_codes_source})" if self.level_codes_source else "")
            )
        return found

    def read_yes_no(self, text: str) -> bool | None:
        """Yes, no, or ``None`` for an empty cell.

        ``true`` and ``false``, the text of a typed boolean (a data frame's ``Boolean`` column,
        a workbook's ``TRUE``), are yes and no under a profile with spellings of its own too
        (unless it spells the other answer so).

        Args:
            text: the cell, as written.

        Returns:
            ``True`` for yes, ``False`` for no, ``None`` for an empty cell.

        Raises:
            InvalidValueError: any other text (the message lists the accepted spellings).

        >>> NATIVE.read_yes_no("Ja"), NATIVE.read_yes_no(""), NATIVE.read_yes_no("false")
        (True, None, False)
        """
        key = text.strip().lower()
        if not key:
            return None
        if not key.isascii():
            key = _nfc(key)
        if key in self.yes:
            return True
        if key in self.no:
            return False
        if key in _TYPED_BOOLEANS:
            return _TYPED_BOOLEANS[key]
        yes = "/".join(sorted(self.yes, key=_natural))
        no = "/".join(sorted(self.no, key=_natural))
        raise InvalidValueError(f"{echo(text)} is not yes ({yes}) or no ({no})")

    def read_deviation(self, text: str) -> str | None:
        """The deviation (``pvv``, ``mov``, ``sov``) of a deviation cell; ``None`` if empty.

        Args:
            text: the cell, as written.

        Returns:
            ``pvv``, ``mov`` or ``sov``, or ``None`` for an empty cell.

        Raises:
            InvalidValueError: a code the profile does not know (the message lists them).

        >>> SKR.read_deviation("2")
        'mov'
        """
        key = text.strip().lower()
        if not key:
            return None
        found = self.deviations.get(key)
        if found is None and not key.isascii():
            found = self.deviations.get(_nfc(key))
        if found is None:
            if not self.deviations:
                raise InvalidValueError(f"unknown deviation code {echo(text)}")
            accepted = ", ".join(sorted(self.deviations, key=_natural))
            raise InvalidValueError(
                f"unknown deviation code {echo(text)}; accepted: {accepted}"
                + (f" ({self.deviation_codes_source})" if self.deviation_codes_source else "")
            )
        return found

    def unnamed(self, header: Sequence[str]) -> str | None:
        """What a file with *header* lacks of the columns the profile names, or ``None``.

        One line per the columns :attr:`named` lists that the header lacks (matched as the
        readers match them: case-insensitively, blanks stripped): the profile key, the column
        it names, and the closest columns of the file.

        Args:
            header: a file's column names, as written.

        Returns:
            The message (one line), or ``None`` when the header has every column named.
        """
        if not self.named:
            return None
        present = {column_key(name): name.strip() for name in reversed(header)}
        lacking = [(key, column) for key, column in self.named if column_key(column) not in present]
        if not lacking:
            return None
        if _data_line(header):  # (no "did you mean" a patient's id or unit: said once)
            return f"{self.source}: {_DATA_LINE}"
        problems = []
        for key, column in lacking[:_SHOWN_LACKING]:
            close = _closest(column_key(column), present)
            if close:
                hint = f"did you mean {' or '.join(echo(present[name]) for name in close)}?"
            else:
                hint = f"columns found: {_shown(header)}"
            problems.append(f"{key} names {echo(column)}, which the file does not have ({hint})")
        if len(lacking) > _SHOWN_LACKING:
            problems.append(f"and {len(lacking) - _SHOWN_LACKING} more")
        return f"{self.source}: " + "; ".join(problems)


#: How alike a column not read must be to one the profile reads to be taken for it, misspelt
#: (:meth:`Profile.resembled`): ``completd`` is 0.94 like ``completed``, ``boked`` 0.91 like
#: ``booked``; ``list`` (0.8 like ``listed``) and ``note`` are not taken.
_RESEMBLES: Final = 0.85

#: The national variables, lowercased: each a column of its own, never a misspelling.
_NATIONAL_NAMES: Final = frozenset(name.lower() for name in NATIONAL_VARIABLES)
#: A directive of strptime that reads the year (the locale's date and time hold it too).
_YEAR_DIRECTIVE: Final = re.compile(r"%[YyGcx]")

#: How many missing columns :meth:`Profile.unnamed` describes.
_SHOWN_LACKING: Final = 5


def _shown(header: Sequence[str], limit: int = 40) -> str:
    """The columns of *header* for a message: at most *limit*, each cut short.

    Not when a cell of it is a date: then the first line is a row of data (a file without its
    header), and its cells (a patient's id, dates, a note) are not echoed into a message that
    may end up in a log.

    >>> _shown(["id", "level"])
    "'id', 'level'"
    >>> print(_shown(["P0000001", "besök", "2025-01-31"]))  # doctest: +NORMALIZE_WHITESPACE
    none named: the first line holds a date or a number such as a personnummer, so it looks
    like a row of data (its cells not shown); does the file begin with its column names?
    """
    if _data_line(header):
        return f"none named: {_DATA_LINE}"
    shown = ", ".join(echo(name) for name in list(header)[:limit]) or "none"
    if len(header) > limit:
        shown += f" and {len(header) - limit} more"
    return shown


def _data_line(header: Sequence[str], *, numbers: bool = True) -> bool:
    """Whether *header* is a row of data, not the column names.

    A cell of it is a date, or (with *numbers*, where its cells would be shown) holds nine
    digits or more: a personal identity number (*personnummer*, ``19121212-1212``,
    ``121212-1212``), a telephone number (``070 123 45 67``). A column is rarely named so; a
    header that fits a profile and has one (``Remiss-id SE2321000016``) is a header.
    """
    return any(
        _DATA_CELL.fullmatch(name.strip())
        or (numbers and sum(c.isdigit() for c in name) >= _DIGITS)
        for name in header
    )


#: What is said of a first line that is a row of data (its cells, a patient's, not shown).
_DATA_LINE: Final = (
    "the first line holds a date or a number such as a personnummer, so it looks like a row of "
    "data (its cells not shown); does the file begin with its column names?"
)
#: A cell no column is named: a date (ISO, with or without a time; day first or month first
#: with slashes or dots; eight digits).
_DATA_CELL: Final = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ].*)?|[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{4}(?: .*)?"
    r"|(?:19|20)[0-9]{6}"
)
#: The digits of a cell that make it a patient's, not a column's name (a personnummer has ten).
_DIGITS: Final = 9


def _closest(word: str, names: Iterable[str], cutoff: float = 0.6) -> list[str]:
    """The names most like *word* (at most three; only those nearly as like as the best).

    Only names at least *cutoff* alike (:meth:`difflib.SequenceMatcher.ratio`).

    >>> _closest("besoksdatum", ["remissdatum", "besöksdatum", "löpnr"])
    ['besöksdatum']
    """
    if len(word) > 200:  # no column name is that long; and matching would cost its square
        return []
    scored = []
    for name in names:
        matcher = difflib.SequenceMatcher(None, word, name)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
            score = matcher.ratio()
            if score >= cutoff:
                scored.append((score, name))
    scored.sort(key=lambda pair: -pair[0])
    return [name for score, name in scored[:3] if score >= scored[0][0] - 0.1]


def _natural(code: str) -> tuple[int, str]:
    return (0, f"{int(code):09d}") if code.isdigit() else (1, code)


#: A time of day after an ISO date, and after the time its zone (``Z``, ``+01:00``, ``+0100``,
#: ``+01``): the date part is the date without a zone; with one, the moment's date in Sweden.
_ISO_TIME: Final = re.compile(
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"
)
#: A date's form, ``YYYY-MM-DD``, whose numbers may still be no date (``2025-02-30``).
_ISO_FORM: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: (ASCII digits only: ``\d`` would take the fullwidth ``２０２５`` and the Arabic-Indic digits)
_COMPACT: Final = re.compile(r"[0-9]{8}(?:[0-9]{6})?")


class DayReader:
    """Reads the date cells of a file with a cache: the same text is parsed once.

    With a profile's ``date_formats``, those forms; and ``YYYY-MM-DD`` (or
    ``YYYY-MM-DDThh:mm:ss``) too, as a typed date (a workbook's date cell, a frame's ``Date``
    column) comes, unless ``iso`` is one of them (which reads it anyway) or one reads such a
    text as another day (``%Y-%d-%m``).
    The ISO forms (no ``date_formats``): ``YYYY-MM-DD``, ``YYYY-MM-DDThh:mm[:ss]``,
    ``YYYY-MM-DD hh:mm[:ss]``, ``YYYYMMDD`` and ``YYYYMMDDhhmmss``; the date part is the date
    (the national format's times carry no zone: Swedish time). A time with a zone after it
    (``Z``, ``+01:00``) is a moment, read by its date in Europe/Stockholm, as
    :func:`~vardgaranti.as_date` reads an aware ``datetime``. Anything else is an error naming
    the column.

    >>> read = DayReader()
    >>> read("2025-03-30T23:30:00", "start"), read("2025-03-30T23:30:00Z", "start")
    (datetime.date(2025, 3, 30), datetime.date(2025, 3, 31))
    """

    def __init__(self, formats: tuple[str, ...] = (), limit: int = 200_000) -> None:
        self.formats = formats
        self.cache: dict[str, date | None] = {"": None}
        self.limit = limit
        # A typed date (a workbook's date cell, a frame's Date column) comes as YYYY-MM-DD,
        # (a date-time cell as YYYY-MM-DDThh:mm:ss) whatever the profile's formats: read so
        # too, unless a format of the profile reads such a text as another day (%Y-%d-%m).
        self.typed = (
            bool(formats) and "iso" not in formats and not any(map(_reads_otherwise, formats))
        )
        #: A format whose numbers touch (``%Y%m%d``) reads them in full width only (see
        #: :func:`_full_width`).
        self.full = {form: _full_width(form) for form in formats if form != "iso"}

    def __call__(self, text: str, column: str) -> date | None:
        """The date in *text* (``None`` when blank).

        Raises:
            InvalidDateError: not a date in an accepted form; its field is *column*.
        """
        day = self.cache.get(text, _UNSEEN)
        if day is not _UNSEEN:
            return day
        day = self.parse(text, column)
        # A date repeats across a file; a date with a time rarely does: keep only dates.
        if len(text) <= 10 and len(self.cache) < self.limit:
            self.cache[text] = day
        return day

    def parse(self, text: str, column: str) -> date | None:
        """:meth:`__call__` without the cache."""
        stripped = text.strip()
        if not stripped:
            return None
        if self.formats:
            for form in self.formats:
                if form == "iso":
                    day = _iso_day(stripped, column)
                    if day is not None:
                        return day
                    continue
                full = self.full[form]
                if full is not None and not full.fullmatch(stripped):
                    continue
                try:
                    moment = datetime.strptime(stripped, form)
                except ValueError:
                    continue
                if moment.tzinfo is not None:  # a moment with its offset (%z): the day in
                    return _day_in_sweden(moment, text, column)  # Sweden, as the API's
                return moment.date()
            if self.typed and _TYPED_DATE.fullmatch(stripped):
                try:
                    return datetime.fromisoformat(stripped).date()
                except ValueError:
                    pass
            raise InvalidDateError(
                f"{echo(text)} is not a date in the form {' or '.join(self.formats)}",
                field=column,
            )
        day = _iso_day(stripped, column)
        if day is None:
            if _ISO_FORM.fullmatch(stripped[:10]):  # (the digits where a date has them)
                try:  # a real error message for an impossible date such as 2025-02-30
                    date.fromisoformat(stripped[:10])
                except ValueError as error:
                    raise InvalidDateError(
                        f"{echo(text)} is not a date ({error})", field=column
                    ) from None
            raise InvalidDateError(
                f"{echo(text)} is not a date in the form YYYY-MM-DD (a time may follow after T "
                "or a blank, and a zone after the time; or YYYYMMDD, YYYYMMDDhhmmss)",
                field=column,
            )
        return day


def _nfc(text: str) -> str:
    """*text* in Unicode's composed form (NFC): ``ö`` one character, as most files write it.

    A code an editor saved decomposed (``o`` and a combining diaeresis, as macOS may) and the
    same code composed in a cell are one code.
    """
    return unicodedata.normalize("NFC", text)


_UNSEEN: Final = date.min
#: A date as a typed date cell comes: ``YYYY-MM-DD``, a date-time ``YYYY-MM-DDThh:mm:ss``
#: (see :class:`DayReader`).
_TYPED_DATE: Final = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?)?"
)
#: Texts a typed date comes as, and the day each is.
_TYPED_PROBES: Final = ("2025-03-04", "2025-03-04T10:30:00", "2025-03-04 10:30:00")


#: Days a typed date's text must be read back as (the day and the month told apart; the
#: centuries too, which ``%y`` cannot tell: 1965 read back as 2065).
_ROUND_TRIP: Final = (
    date(2025, 3, 4), date(2025, 12, 31), date(2000, 1, 9), date(1999, 11, 28), date(1965, 5, 1),
    date(2070, 1, 2), date(9999, 12, 31),
)  # fmt: skip
#: A directive of a time or a zone: a typed date is written by its day alone (polars, which
#: writes a frame's dates, refuses them for a date).
_TIME_DIRECTIVE: Final = re.compile(r"%[HIMSpfzZXcTRrsGuVUWw:]")


def typed_format(formats: tuple[str, ...]) -> str | None:
    """The form to write a typed date in, for a profile's *formats* to read it as its day.

    ``None`` (``YYYY-MM-DD``) when the profile reads that text as its own day; else (a format
    such as ``%Y-%d-%m`` reads it as another) the first of *formats* of a date alone (no time)
    whose text the profile reads back as the day written (``None`` if none does).

    >>> typed_format(("%d/%m/%Y",)), typed_format(("%Y-%d-%m",)), typed_format(("iso", "%Y-%d-%m"))
    (None, '%Y-%d-%m', None)
    """
    reader = DayReader(formats)

    def reads(form: str | None) -> bool:
        for day in _ROUND_TRIP:
            try:
                text = day.isoformat() if form is None else day.strftime(form)
                if reader.parse(text, "date") != day:
                    return False
            except (ValueError, VardgarantiError):
                return False
        return True

    if reads(None):
        return None
    dated = (form for form in formats if form != "iso" and not _TIME_DIRECTIVE.search(form))
    return next((form for form in dated if reads(form)), None)


#: The number directives of strptime and their full widths (``%f``: up to six digits).
_NUMBER_WIDTH: Final = {"Y": 4, "j": 3, "f": 6, **dict.fromkeys("mdHMSyI", 2)}


def _full_width(form: str) -> re.Pattern[str] | None:
    """What a cell read by *form* must look like, where two of its number directives touch.

    ``strptime`` reads a month or a day of one digit, which with nothing after it to end the
    number takes digits of the next: ``%Y%m%d`` reads ``2025031`` as 2025-03-01 and
    ``2024111`` as 2024-11-01, though it may as well be 2024-01-11. A number directive next to
    another is to be written in full (``20250301``); the rest of the format is read as
    ``strptime`` reads it (one digit where a separator or a name ends the number, any run of
    blanks for a blank, letters in any case). ``None``: no number directives touch.

    >>> _full_width("%Y%m%d").pattern, _full_width("%d/%m/%Y"), _full_width("%d%b%Y")
    ('[0-9]{4}[0-9]{2}[0-9]{2}', None, None)
    >>> bool(_full_width("%Y%m%d %H:%M").fullmatch("20250301  9:05"))
    True
    """
    tokens = [token for token in re.split(r"(%.)", form) if token]
    number = [len(t) == 2 and t[0] == "%" and t[1] in _NUMBER_WIDTH for t in tokens]
    touching = [
        is_number and ((i > 0 and number[i - 1]) or (i + 1 < len(tokens) and number[i + 1]))
        for i, is_number in enumerate(number)
    ]
    if not any(touching):
        return None
    parts = []
    for token, is_number, touches in zip(tokens, number, touching, strict=True):
        if is_number:
            width = _NUMBER_WIDTH[token[1]]
            whole = touches and token[1] != "f"  # (microseconds end the text or a number)
            parts.append(f"[0-9]{{{width}}}" if whole else f"[0-9]{{1,{width}}}")
        elif len(token) == 2 and token[0] == "%":
            parts.append("%" if token[1] == "%" else ".+?")
        else:  # (as strptime: a run of blanks for a blank)
            parts.append(r"\s+".join(re.escape(chunk) for chunk in re.split(r"\s+", token)))
    return re.compile("".join(parts), re.IGNORECASE)


#: Days whose day and month differ and could be each other (both 12 or less), and one whose
#: could not: two formats of a profile must read each one's text of them as the same day.
_PROBE_DAYS: Final = (date(2025, 3, 4), date(2024, 11, 2), date(2023, 1, 12), date(2025, 12, 24))


def _utc_kept_as_local(form: str) -> bool:
    """Whether the strptime format *form* reads a zone it does not keep.

    ``%Z``, or a zone written as literal text (``Z``, ``UTC``, ``GMT``, ``+00:00``): strptime
    returns no zone for them, and the time would be read as Swedish time.
    """
    for token in re.split(r"(%.)", form):
        if token == "%Z" or (not token.startswith("%") and _LITERAL_ZONE.search(token)):
            return True
    return False


#: A time zone written as literal text in a format.
_LITERAL_ZONE: Final = re.compile(r"Z|(?i:utc|gmt)|[+-][0-9]{2}(?::?[0-9]{2})?")


#: The directives of a time of day (and its zone).
_TIME_DIRECTIVES: Final = frozenset(
    ("%H", "%I", "%M", "%S", "%p", "%f", "%z", "%Z", "%T", "%X", "%R", "%c")
)
#: The directives of a date: a format's date part runs from its first to its last.
_DATE_DIRECTIVES: Final = frozenset(("%d", "%m", "%Y", "%y", "%b", "%B", "%e", "%j"))


def _date_part(form: str) -> str | None:
    """The date part of a format with a time, else ``None``.

    From its first date directive to its last, wherever the time stands: ``%m/%d/%Y %H:%M``
    and ``%H:%M %m/%d/%Y`` both have ``%m/%d/%Y``.
    """
    tokens = [token for token in re.split(r"(%.)", form) if token]
    if not any(token in _TIME_DIRECTIVES for token in tokens):
        return None
    dated = [index for index, token in enumerate(tokens) if token in _DATE_DIRECTIVES]
    if not dated:
        return None
    part = tokens[dated[0] : dated[-1] + 1]
    if any(token in _TIME_DIRECTIVES for token in part):
        return None  # (a time inside the date: no date part of its own)
    return "".join(part)


def _read_otherwise(formats: tuple[str, ...]) -> tuple[str, str, str, date, date] | None:
    """Two of *formats* that read one text as two days: each, the text, and the two days.

    With both in one profile, some rows of a file would be read day first and others month
    first (``%d/%m/%Y`` and ``%m/%d/%Y``: ``03/04/2025`` by the first, ``04/13/2025`` by the
    second), without a word. A format with a time is compared by its date part too
    (``%d/%m/%Y`` and ``%m/%d/%Y %H:%M`` read ``04/03/2025`` and ``04/03/2025 10:00`` as two
    days: the text named is the date part's). ``None``: none do.
    """
    # (each format, and the date part of one with a time, by the format it stands for)
    probes = [(form, form) for form in formats]
    probes += [(form, part) for form in formats if (part := _date_part(form)) is not None]
    readers = {}
    for _form, probe in probes:
        reader = readers[probe] = DayReader((probe,))
        reader.typed = False  # (the format alone: a typed date's ISO text is the profile's)
    for form, probe in probes:
        for day in _PROBE_DAYS:
            moment = datetime(day.year, day.month, day.day, 13, 45, 7, tzinfo=UTC)
            text = day.isoformat() if probe == "iso" else moment.strftime(probe)
            for other, other_probe in probes:
                if other == form:
                    continue
                try:
                    read = readers[other_probe].parse(text, "probe")
                except VardgarantiError:
                    continue
                if read is not None and read != day:
                    return form, other, text, day, read
    return None


def _reads_otherwise(form: str) -> bool:
    """Whether the strptime format *form* reads a typed date's text as another day."""
    for probe in _TYPED_PROBES:
        try:
            moment = datetime.strptime(probe, form)
        except ValueError:
            continue
        if moment.date() != date(2025, 3, 4):
            return True
    return False


def _day_in_sweden(moment: datetime, text: str, column: str) -> date:
    """The date of an aware *moment* (the cell *text*) in Europe/Stockholm.

    Raises:
        InvalidDateError: that date is before year 1 or after year 9999.
    """
    try:
        return moment.astimezone(stockholm()).date()
    except (OverflowError, ValueError):
        raise InvalidDateError(
            f"{echo(text)} is a moment whose day in Sweden is outside the years 1-9999",
            field=column,
        ) from None


def _iso_day(text: str, column: str) -> date | None:
    """The date of an ISO form, or ``None`` if *text* is not one.

    Raises:
        InvalidDateError: a moment (a time with a zone) whose day in Sweden has no date.
    """
    moment = None
    try:
        if len(text) >= 10 and text[4] == "-" and text[7] == "-":
            if len(text) > 10 and not _ISO_TIME.fullmatch(text, 10):
                return None
            if len(text) > 10:
                moment = datetime.fromisoformat(text.replace(" ", "T", 1))  # a real time too
            if moment is None or moment.tzinfo is None:
                return date.fromisoformat(text[:10])
        elif _COMPACT.fullmatch(text):
            if len(text) == 14:
                datetime.strptime(text, "%Y%m%d%H%M%S")
            return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
        else:
            return None
    except ValueError:
        return None
    return _day_in_sweden(moment, text, column)  # a moment: its day in Sweden


#: The library's own columns.
NATIVE: Final = Profile(
    name="native",
    # every field under its own name, but the national format's codes
    columns={field: field for field in FIELDS if field not in ("covered", "deviation")},
    required=frozenset({"id", "level", "start"}),
    source="vardgaranti: the waiting-list CSV format (docs, 'Waiting lists')",
)

#: The national waiting-time reporting format (SKR's information model 1.1; Socialstyrelsen's
#: database since 2025-07-01).
SKR: Final = Profile(
    name="skr",
    columns={
        "id": "VardkontaktId",
        "unit": "HSAIdVardenhet",
        "level": "Fas",
        "start": "BeslutAktivitet",
        "completed": "StartAktivitet",
        "listed": "HSAIdPatientListning",
        "covered": "Vardgaranti",
        "deviation": "Avvikelse",
        # not national variables: the columns a region adds for care elsewhere (HSL 9 kap.
        # 2 §), under the same names as in the native format
        "referred": "referred",
        "provider": "provider",
        "distance": "distance",
    },
    required=frozenset({"id", "level", "start"}),
    levels={
        "1": Level.VISIT,
        "2": Level.TREATMENT,
        "3": Uncovered.OUT_OF_SCOPE,
        "4": Uncovered.OUT_OF_SCOPE,
        "5": Uncovered.OUT_OF_SCOPE,
    },
    level_codes_source=(
        "1 first contact, 2 operation/procedure, 3 examination, 4 return visit, 5 acute"
    ),
    earliest=date(2010, 1, 1),
    yes=frozenset(_NATIONAL_YES),
    no=frozenset(_NATIONAL_NO),
    listed_present=True,
    deviations={"1": "pvv", "2": "mov", "3": "sov"},
    deviation_codes_source="1 PvV, 2 MoV, 3 SoV",
    result_columns=("deviation", "reason"),
    timed_starts=True,
    source="SKR, Informationsmodell – Tillgänglighet specialiserad vård 1.1 (2020-09-25)",
)

#: The built-in profiles by name.
PROFILES: Final = {"native": NATIVE, "skr": SKR}


def check_profile(wanted: object) -> None:
    """Refuse a *profile* argument that is not a name, a path or a :class:`Profile`.

    Raises:
        InvalidTypeError: its field is ``profile``.
    """
    if not isinstance(wanted, (str, PathLike, Profile)):
        raise InvalidTypeError(
            "profile must be 'auto', 'native', 'skr', the path of a profile file or a "
            f"Profile, not {type(wanted).__name__} {echo(wanted)}",
            field="profile",
        )


def profile(name_or_path: str | Path | Profile) -> Profile:
    """A built-in profile by name (``native``, ``skr``), or one loaded from a TOML file.

    Raises:
        ProfileError: an unknown name, or a file that is not a valid profile.
        InvalidTypeError: *name_or_path* is not a name, a path or a :class:`Profile`.
    """
    check_profile(name_or_path)
    if isinstance(name_or_path, Profile):
        return name_or_path
    if isinstance(name_or_path, str) and name_or_path.strip().lower() in PROFILES:
        return PROFILES[name_or_path.strip().lower()]
    path = Path(name_or_path)
    if path.suffix.lower() != ".toml" and not path_exists(path):
        raise ProfileError(
            f"profile {echo(str(name_or_path))} is unknown; use auto, native, skr or a .toml file",
            field="profile",
        )
    return load_profile(path)


def delimiter_columns(wanted: str | Path | Profile) -> frozenset[str] | None:
    """The columns (lowercased) a profile asked for reads: what finds a CSV's delimiter.

    ``None`` for ``auto`` (the built-in profiles' required columns find it).

    Raises:
        ProfileError: an unknown name, or a file that is not a valid profile.
    """
    if isinstance(wanted, str) and wanted.strip().lower() == "auto":
        return None
    return frozenset(column_key(column) for column in profile(wanted).columns.values() if column)


def choose_profile(
    header: tuple[str, ...] | list[str],
    wanted: str | Path | Profile = "auto",
    *,
    option: str = "--profile FILE.toml",
) -> Profile:
    """The profile for a file with *header*: *wanted*, or with ``auto`` the one that fits.

    *option* is how the caller names another profile in a message (the command line's option;
    ``profile=`` for the API).

    ``auto`` takes ``native`` when the header has the native required columns, ``skr`` when it
    has the national variables.

    A user's profile (from TOML) must find every column it names in the header, the optional
    ones too (:attr:`Profile.named`); the built-in profiles need only their required columns.

    Raises:
        ProfileError: ``auto`` and neither fits (the message lists what each needs and which
            columns the file has), or the profile chosen lacks a required column, or a user's
            profile names a column the file does not have (the message names the profile key,
            the column and the file's closest columns).
    """
    names = {column_key(name) for name in header}
    shown = _shown(header)

    def missing(candidate: Profile) -> list[str]:
        return [
            candidate.columns[field]
            for field in FIELDS
            if field in candidate.required and column_key(candidate.columns[field]) not in names
        ]

    if isinstance(wanted, str) and wanted.strip().lower() == "auto":
        candidates = (NATIVE, SKR)
        for candidate in candidates:
            if not missing(candidate):
                return candidate
        closest = min(candidates, key=lambda c: len(missing(c)))
        if len(missing(closest)) < len(closest.required):  # some of its columns are there
            names_missing = ", ".join(map(repr, missing(closest)))
            raise ProfileError(
                f"required column(s) {names_missing} missing for the {closest.name} format "
                f"({_meant(missing(closest), header)}columns found: {shown})"
            )
        raise ProfileError(
            "required columns missing: the columns fit no profile; "
            + "; ".join(p.needs() for p in candidates)
            + f" (columns found: {shown}); give {option} for another layout"
        )
    chosen = profile(wanted)
    unnamed = chosen.unnamed(header)
    if unnamed is not None:
        raise ProfileError(unnamed)
    lacking = missing(chosen)
    if lacking:
        raise ProfileError(
            f"required column(s) {', '.join(map(repr, lacking))} missing for the {chosen.name} "
            f"format ({_meant(lacking, header)}columns found: {shown})"
        )
    return chosen


def _meant(lacking: Sequence[str], header: Sequence[str]) -> str:
    """What a missing column's message guesses: ``did you mean 'strat' for 'start'? ``.

    For each of *lacking* that a column of *header* names in Swedish (``nivå`` for ``level``)
    or is like (as :meth:`Profile.unnamed` guesses for a profile's column); ``""`` when none
    is.

    >>> _meant(["start"], ["id", "level", "strat"])
    "did you mean 'strat' for 'start'? "
    """
    if _data_line(header):
        return ""
    present = {column_key(name): name.strip() for name in reversed(header)}
    guesses = []
    for column in lacking:
        key = column_key(column)
        said = next((name for word, name in present.items() if _SWEDISH.get(word) == key), None)
        if said is None:
            close = _closest(key, present)
            said = present[close[0]] if close else None
        if said is not None:
            guesses.append(f"{echo(said)} for {echo(column)}")
    return f"did you mean {', '.join(guesses)}? " if guesses else ""


#: Swedish names of the native columns that an export may have instead (each column's name in
#: its key form, :func:`~vardgaranti._text.column_key`): ``nivå`` for ``level`` is no
#: misspelling that :func:`_closest` could find.
_SWEDISH: Final = {
    "nivå": "level",
    "vårdnivå": "level",
    "enhet": "unit",
    "vårdenhet": "unit",
    "mottagning": "unit",
    "klinik": "unit",
    "startdatum": "start",
    "remissdatum": "start",
    "genomförd": "completed",
    "genomfört": "completed",
    "genomfördatum": "completed",
    "utförd": "completed",
    "bokad": "booked",
    "bokat": "booked",
    "bokningsdatum": "booked",
    "bokad tid": "booked",
    "undantag": "exclusions",
    "omstart": "restart",
    "listad": "listed",
    "listning": "listed",
    "remitterad": "referred",
    "remitteringsdatum": "referred",
    "vårdgivare": "provider",
    "annan vårdgivare": "provider",
}


# -- a region's own profile, from TOML -----------------------------------------------------------


_TOP_KEYS: Final = frozenset(
    {
        "name",
        "description",
        "columns",
        "levels",
        "deviations",
        "dates",
        "yes",
        "no",
        "exclusions",
        "earliest",
    }
)


def load_profile(path: str | Path) -> Profile:
    r"""Load a profile from a TOML file (see "Reading your export" for the format).

    ::

        name = "Region Exempel, väntelista"
        [columns]
        id = "Löpnr"
        unit = "Mottagning"
        level = "Vårdtyp"
        start = "Remissdatum"
        completed = "Besöksdatum"
        booked = "Bokad tid"
        [levels]
        "Nybesök" = "visit"
        "Operation" = "treatment"
        "Återbesök" = "out-of-scope"
        [deviations]
        "PV" = "pvv"
        "MV" = "mov"
        [dates]
        formats = ["%d/%m/%Y", "iso"]
        [[exclusions.pairs]]
        reason = "mov"
        from = "MoV från"
        to = "MoV till"

    Every column the profile names must be in the files it reads, the optional fields' too
    (a typo would leave the field out quietly): a file without one is refused, naming the key.

    Args:
        path: the TOML file.

    Returns:
        The profile, to give as ``profile=`` to the functions that read a file or a frame
        (loaded once, for many files).

    Raises:
        ProfileError: the file cannot be read (the system's :class:`OSError` is its cause),
            is not valid TOML (within the limits for rule files), or breaks the format; the
            message names the key.
        InvalidTypeError: *path* is not a path (field ``path``).

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "region.toml").write_text(
    ...     'name = "Region Exempel"\n[columns]\nid = "Löpnr"\nlevel = "Vårdtyp"\n'
    ...     'start = "Remissdatum"\n'
    ...     '[levels]\n"Nybesök" = "visit"\n', encoding="utf-8")
    >>> profile = load_profile(folder / "region.toml")
    >>> profile.columns["start"], profile.read_level("nybesök")
    ('Remissdatum', <Level.VISIT: 'visit'>)
    >>> import shutil; shutil.rmtree(folder)
    """
    if not isinstance(path, (str, PathLike)):  # (None, a number, bytes: not a path)
        raise InvalidTypeError(
            f"a profile is the path of a .toml file, not {type(path).__name__} {echo(path)}",
            field="path",
        )
    path = Path(path)
    try:
        data = read_data_file(path)
    except OSError as error:
        raise ProfileError(
            f"{shown(str(path))}: cannot read the profile ({error.strerror})"
        ) from error
    except ValueError as error:  # a NUL in the path
        raise ProfileError(f"{shown(str(path))}: cannot read the profile ({error})") from None
    try:
        parsed = read_rule_file(data, str(path), "profile")
    except RuleSetError as error:
        raise ProfileError(str(error)) from None
    return profile_from_data(parsed, origin=str(path))


#: A month written without its day (``2026-01``, ``202601``), as a delivery's month may be.
_MONTH_ONLY: Final = re.compile(r"(\d{4})-?(\d{2})")
#: An XML Schema date with a time zone (``xs:date``: ``2026-01-01+01:00``, ``2026-01-01Z``).
_ZONED_DATE: Final = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:Z|[+-][0-9]{2}:[0-9]{2})")


def delivery_month(read: DayReader, text: str) -> date | None:
    """The day a ``DatatGallerFor`` text names (``None``: blank), or a month without its day.

    The format writes the month as a date (``2026-01-01``); a month written ``2026-01`` or
    ``202601`` names it as clearly, and is read as its first day. An XML Schema date may carry a
    time zone (``2026-01-01+01:00``, ``2026-01-01Z``): a month has none, and the date is read
    without it. One reading for ``stats`` (the census day, each row's month) and ``validate``
    (V015, V018).

    >>> delivery_month(DayReader(), "202601"), delivery_month(DayReader(), "2026-01-01")
    (datetime.date(2026, 1, 1), datetime.date(2026, 1, 1))
    >>> delivery_month(DayReader(), "2026-01-01+01:00")
    datetime.date(2026, 1, 1)

    Raises:
        InvalidDateError: neither (naming ``DatatGallerFor``).
    """
    try:
        return read(text, "DatatGallerFor")
    except VardgarantiError:
        zoned = _ZONED_DATE.fullmatch(text.strip())
        if zoned is not None:
            return read(zoned.group(1), "DatatGallerFor")
        found = _MONTH_ONLY.fullmatch(text.strip())
        if found is None or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1:
            raise
        return date(int(found.group(1)), int(found.group(2)), 1)


def municipality(cell: str) -> str | None:
    """The home municipality code of an ``Lkf`` cell (four digits; ``0000``: unknown).

    A number of three digits is a code whose leading zero a spreadsheet dropped (the cell
    ``0180`` stored as the number 180), and ``0`` is ``0000`` so stored: they are padded to
    four. (Every code is ``0000`` or 0114 and up, so no code loses more zeros.) ``None`` for a
    blank cell or anything else (letters, one or two digits, five).

    >>> municipality("0180"), municipality(" 180 "), municipality("0"), municipality("1880")
    ('0180', '0180', '0000', '1880')
    >>> municipality(""), municipality("18800"), municipality("A180"), municipality("18")
    (None, None, None, None)
    """
    code = cell.strip()
    if not (code.isascii() and code.isdigit() and (len(code) in (3, 4) or code == "0")):
        return None
    return code.zfill(4)


def _one_meaning(
    table: str,
    spelled: dict[str, str],
    meanings: Mapping[str, object],
    key: str,
    code: str,
    meaning: object,
    fail: Callable[[str, str], ProfileError],
) -> None:
    """Refuse a code of *table* that a code before it spells in another case, meaning another.

    Codes are read in any case (and without blanks around): ``"ÅB" = "out-of-scope"`` and
    ``"åb" = "visit"`` are one code, and the second would silently win.
    """
    first = spelled.setdefault(key, code)
    if first != code and meanings.get(key) != meaning:
        raise fail(
            f"{table}.{code}",
            f"the same code as {echo(first)} (codes are read in any case), with another meaning",
        )


def profile_from_data(data: Mapping[str, object], origin: str = "profile") -> Profile:
    """Build a profile from parsed TOML data (see :func:`load_profile`).

    Raises:
        ProfileError: an unknown key, a missing required field, a bad value; naming the key.
    """

    def fail(key: str, message: str) -> ProfileError:
        # (a key comes from the file: quoted and escaped when it is not plain, since the
        # message goes to a terminal)
        return ProfileError(f"{shown(origin)}: {shown(key)}: {message}")

    if not isinstance(data, Mapping):
        raise InvalidTypeError(f"{origin}: a profile is a table of keys, not {type(data).__name__}")
    unknown = sorted(str(key) for key in data if key not in _TOP_KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown key; a profile has {', '.join(sorted(_TOP_KEYS))}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise fail("name", "required: the profile's name")
    if not one_line(name):
        raise fail("name", "must be one line without control characters")
    description = data.get("description", "")
    if not isinstance(description, str):
        raise fail("description", f"must be text, not {type(description).__name__}")
    if description and not one_line(description):  # (shown in one line, as a rule file's)
        raise fail("description", "must be one line without control characters")
    columns = data.get("columns")
    if not isinstance(columns, Mapping):
        raise fail("columns", "required: a table naming the source column of each field")
    mapped: dict[str, str] = {}
    for field, column in columns.items():
        if field not in FIELDS:
            raise fail(f"columns.{field}", f"unknown field; the fields are {', '.join(FIELDS)}")
        if not isinstance(column, str) or not column.strip():
            raise fail(f"columns.{field}", "must be the name of a column")
        mapped[field] = column.strip()
    start = column_key(mapped.get("start", ""))  # (as a file's columns are matched: in any case)
    for field, column in mapped.items():
        if field != "start" and column_key(column) == start:
            # day 0 would be every case's completion (booking, restart...) too: all met on
            # day 0, in silence; other fields may share a column (each is read as it is)
            raise fail(
                f"columns.{field}",
                f"the column {echo(column)} is the start's: day 0 needs a column of its own",
            )
    for field in ("id", "level", "start"):
        if field not in mapped:
            raise fail(f"columns.{field}", "required: which column holds it")
    levels: dict[str, LevelCode] | None = None
    raw_levels = data.get("levels")
    if raw_levels is not None:
        if not isinstance(raw_levels, Mapping) or not raw_levels:
            raise fail("levels", "must be a table of code = level")
        levels = {}
        written_as: dict[str, str] = {}  # (a code as first written, by its key)
        for code, meaning in raw_levels.items():
            if not isinstance(meaning, str):
                raise fail(f"levels.{code}", "must be a level name or 'out-of-scope'")
            key = _nfc(str(code).strip().lower())
            level: LevelCode
            if meaning.strip().lower() in ("out-of-scope", "not-covered"):
                level = Uncovered.OUT_OF_SCOPE
            elif not key:  # (a blank cell as a level: every row without one a visit, say)
                raise fail(
                    "levels",
                    "an empty code may only be out-of-scope (a blank cell is no level)",
                )
            else:
                try:
                    level = Level.parse(meaning)
                except VardgarantiError as error:
                    raise fail(f"levels.{code}", str(error)) from None
            _one_meaning("levels", written_as, levels, key, str(code), level, fail)
            levels[key] = level
    deviations = {code: code for code in DEVIATIONS}  # without a table: the words themselves
    raw_deviations = data.get("deviations")
    if raw_deviations is not None:
        if not isinstance(raw_deviations, Mapping) or not raw_deviations:
            raise fail("deviations", f"must be a table of code = {' or '.join(DEVIATIONS)}")
        if "deviation" not in mapped:
            raise fail("deviations", "needs columns.deviation, the column that holds the codes")
        deviations = {}
        written: dict[str, str] = {}
        for code, meaning in raw_deviations.items():
            word = meaning.strip().lower() if isinstance(meaning, str) else None
            if word not in DEVIATIONS:
                raise fail(
                    f"deviations.{code}",
                    f"{echo(meaning)} is not a deviation; use {', '.join(DEVIATIONS)}",
                )
            key = _nfc(str(code).strip().lower())
            if not key:
                raise fail("deviations", "a code must not be empty (an empty cell is no deviation)")
            _one_meaning("deviations", written, deviations, key, str(code), word, fail)
            deviations[key] = word
    formats: tuple[str, ...] = ()
    dates = data.get("dates")
    if dates is not None:
        if not isinstance(dates, Mapping) or set(dates) - {"formats"}:
            raise fail("dates", "must be a table with 'formats' only")
        raw = dates.get("formats")
        if not isinstance(raw, list) or not raw or not all(isinstance(f, str) for f in raw):
            raise fail("dates.formats", "must be a list of formats such as ['%d/%m/%Y', 'iso']")
        for form in raw:
            if form != "iso" and "%" not in form:
                raise fail("dates.formats", f"{echo(form)} is not a strptime format nor 'iso'")
            if form != "iso" and _utc_kept_as_local(form):
                # strptime keeps no zone for %Z ("UTC") nor for a literal Z: 23:30 UTC would be
                # read as 23:30 in Sweden, a day early (the day in Sweden is 00:30 the next)
                raise fail(
                    "dates.formats",
                    f"{echo(form)}: %Z and a zone written as text (Z, UTC, +00:00) lose the time "
                    "zone (a UTC time would be read as Swedish time); write %z, which reads Z, "
                    "+01:00 and +0100",
                )
            if form != "iso":
                # A format that writes a moment it cannot read back (a directive twice, one
                # strptime does not know) would fail on every row, or inside strptime; one
                # without the year (``%d/%m``), the month or the day reads every date as
                # another (1900, January, the 1st). Two days that differ in all three tell.
                # (a format without the year is read with strptime's own default year, 1900,
                # written before it: strptime warns of a day without its year from Python 3.13)
                yearless = not _YEAR_DIRECTIVE.search(form.replace("%%", ""))
                for day in (date(2025, 1, 31), date(2024, 12, 7)):
                    moment = datetime(day.year, day.month, day.day, 13, 45, 7, tzinfo=UTC)
                    try:
                        read = (
                            datetime.strptime(f"1900 {moment.strftime(form)}", f"%Y {form}")
                            if yearless
                            else datetime.strptime(moment.strftime(form), form)
                        ).date()
                    except (ValueError, re.error) as error:
                        said = str(error).replace(f"'%Y {form}'", repr(form))  # (its own)
                        raise fail("dates.formats", f"{echo(form)}: {said}") from None
                    for part in ("year", "month", "day"):
                        if getattr(read, part) != getattr(day, part):
                            raise fail(
                                "dates.formats",
                                f"{echo(form)} does not hold the {part} (it reads {day} as {read})",
                            )
        formats = tuple(raw)
        twice = _read_otherwise(formats)
        if twice is not None:
            first, second, text, day, read = twice
            raise fail(
                "dates.formats",
                f"{echo(first)} and {echo(second)} read {echo(text)} as two days ({day} and "
                f"{read}); keep the one the export writes",
            )
    yes, no = frozenset(_NATIVE_YES), frozenset(_NATIVE_NO)
    for key in ("yes", "no"):
        words = data.get(key)
        if words is None:
            continue
        if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
            raise fail(key, "must be a list of spellings")
        if not all(word.strip() for word in words):  # (it would take the place of the others)
            raise fail(key, "a spelling must not be blank (an empty cell is neither yes nor no)")
        spelled = frozenset(_nfc(word.strip().lower()) for word in words)
        yes, no = (spelled, no) if key == "yes" else (yes, spelled)
    if yes & no:
        raise fail("yes", f"{', '.join(sorted(yes & no))} is both yes and no")
    pairs: list[tuple[ExclusionReason, str, str]] = []
    exclusions = data.get("exclusions")
    if exclusions is not None:
        if not isinstance(exclusions, Mapping) or set(exclusions) - {"pairs"}:
            raise fail("exclusions", "must be a table with 'pairs' (or map columns.exclusions)")
        raw_pairs = exclusions.get("pairs")
        if not isinstance(raw_pairs, list) or not raw_pairs:
            raise fail("exclusions.pairs", "must be a list of tables with reason, from, to")
        for index, pair in enumerate(raw_pairs):
            where = f"exclusions.pairs[{index}]"
            if not isinstance(pair, Mapping) or set(pair) != {"reason", "from", "to"}:
                raise fail(where, "must have exactly reason, from and to")
            if not all(isinstance(pair[k], str) and pair[k].strip() for k in ("from", "to")):
                raise fail(where, "from and to must name columns")
            try:
                reason = ExclusionReason.parse(pair["reason"])
            except VardgarantiError as error:
                raise fail(f"{where}.reason", str(error)) from None
            pairs.append((reason, pair["from"].strip(), pair["to"].strip()))
    earliest = data.get("earliest")
    if earliest is not None and type(earliest) is not date:
        raise fail("earliest", "must be a date (YYYY-MM-DD)")
    named = [(f"columns.{field}", mapped[field]) for field in FIELDS if field in mapped]
    for index, (_reason, first, last) in enumerate(pairs):
        named += [
            (f"exclusions.pairs[{index}].from", first),
            (f"exclusions.pairs[{index}].to", last),
        ]
    return Profile(
        name=name.strip(),
        columns=mapped,
        required=frozenset({"id", "level", "start"}),
        levels=levels,
        level_codes_source=f"profile {name.strip()}" if levels else "",
        date_formats=formats,
        earliest=earliest,
        yes=yes,
        no=no,
        deviations=deviations,
        deviation_codes_source=f"profile {name.strip()}" if raw_deviations is not None else "",
        exclusion_pairs=tuple(pairs),
        source=origin,
        named=tuple(named),
    )
