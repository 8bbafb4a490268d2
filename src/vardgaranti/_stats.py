"""Waiting-time statistics: the official figures, the law's count beside them, and scenarios.

:func:`compute_stats` reads any waiting-list file once, row by row, through
:func:`~vardgaranti.assess_file` (every format and profile: the native CSV, the
national XML, CSV or Excel delivery, a region's own profile) and counts with a
:class:`StatsCounter` (which a command reading the file for other things too, the report, feeds
from its own pass), per group:

* the **waiting at the census day**: no completion on or before it, a start on or before it;
* the **completed in the period** (a calendar month): a completion inside it;

each by one or more **methods**, which are data (``data/methods/*.toml``, each figure with its
source, loaded by :func:`load_method`):

* ``skr``: the official figures (SKR's *Väntetider i vården*): calendar days from the start
  (``BeslutAktivitet``) to the census day or the completion (``StartAktivitet``); PvV left out
  of both measures, MoV (and SoV) of the waiting only; within = at most 90 days.
* ``socialstyrelsen``: the same, PvV and MoV left out of both.
* ``legal``: the library's own clock (the rule in force, pauses by the dates the file has,
  restarts); a row with a deviation code but no dates is not judged.

Memory grows with the groups, never with the rows: a group keeps a few counters and, per
measure, one count per distinct number of days waited (for the exact median). Shares are
:class:`~fractions.Fraction`; they are rounded (half up, to one decimal of a percent) only
when printed.

>>> from vardgaranti import example_waiting_list
>>> from datetime import date
>>> stats = compute_stats(example_waiting_list(), census=date(2025, 5, 31), by=())
>>> waiting = stats.total.figures(0, "waiting")
>>> waiting.count, waiting.within, str(waiting.share)
(148, 98, '49/74')
"""

from __future__ import annotations

import contextlib
import itertools
import math
import pkgutil
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from fractions import Fraction
from numbers import Rational
from os import PathLike
from pathlib import Path
from typing import IO, Any, Final, Literal, NamedTuple, NoReturn, TypeVar

import attrs

from ._checks import callback, flag, named, path_exists, several, whole_number
from ._collation import swedish_key
from ._core import Policy, Status
from ._dates import as_date, parse_date
from ._messages import Lang, check_lang, error_text_cut, message, month_name
from ._profiles import DayReader, Profile, delimiter_columns, delivery_month, municipality
from ._records import unescape_formula
from ._rows import Assessed, RowEvaluator
from ._rules import NATIONAL, ExclusionReason, Level, RuleSet, read_data_file, read_rule_file
from ._tables import open_table
from ._text import column_key, echo, file_name, one_line, shorten, shown, visible
from ._waiting_list import (
    AssessedFile,
    AssessedRow,
    assess_file,
    check_assessed,
    check_workers,
    without_extra_cells,
)
from .errors import (
    InvalidDateError,
    InvalidTypeError,
    InvalidValueError,
    MethodError,
    RuleSetError,
    VardgarantiError,
    WaitingListError,
)

__all__ = [
    "CELLS_KEPT",
    "CELLS_REASON",
    "CODES",
    "CODE_NAMES",
    "HOME_COLUMN",
    "MEASURES",
    "METHODS",
    "PERIOD_COLUMN",
    "ErrorCount",
    "ErrorTally",
    "Figures",
    "GroupStats",
    "Method",
    "MethodError",
    "PublishedRow",
    "Reconciled",
    "Reconciliation",
    "ScenarioFigures",
    "Stats",
    "StatsCounter",
    "StatsState",
    "band_labels",
    "cell_group",
    "compute_stats",
    "describe_difference",
    "load_method",
    "median_text",
    "method_from_data",
    "month_text",
    "parse_bands",
    "percent_text",
    "read_published",
    "reconcile",
    "tolerance_text",
]

#: The two measures: waiting at the census day, completed in the period.
MEASURES: Final = ("waiting", "completed")
#: The deviation codes of the national format (Avvikelse 1, 2, 3), in the order they are shown.
CODES: Final = ("pvv", "mov", "sov")
#: The deviation codes as the tables and the report name them.
CODE_NAMES: Final = {"pvv": "PvV", "mov": "MoV", "sov": "SoV"}
#: The built-in methods.
METHODS: Final = ("skr", "socialstyrelsen", "legal")
#: The column of the national format that names the measurement month.
PERIOD_COLUMN: Final = "DatatGallerFor"
#: The column whose first two digits are the patient's län (home county).
HOME_COLUMN: Final = "Lkf"

Measure = Literal["waiting", "completed"]
Clock = Literal["calendar", "legal"]

#: The as-of day of the evaluation that gives each row's facts (dates, codes, level, cover).
#: The official methods need no status, and a completed contact is judged the same on any day
#: on or after its completion; on the last day there is, no row is refused for starting after
#: the as-of day. The law's count of the waiting is evaluated again, as of the census day.
_FACTS_AS_OF: Final = date.max
#: The most rows read ahead to find the file's DatatGallerFor.
_LOOK_AHEAD: Final = 1_000
#: The most rows a file of published figures may have.
_PUBLISHED_LIMIT: Final = 1_000_000
#: The most bands ``--bands`` may make.
_MAX_BANDS: Final = 50
_MAX_DAYS: Final = 36_600

# The counters of a group under one method, per measure (base 0: waiting, _STRIDE: completed).
_WITHIN: Final = 0
_LEFT: Final = {"pvv": 1, "mov": 2, "sov": 3}
_PAUSED: Final = 4
_NOT_JUDGED: Final = 5
_S_COUNT: Final = 6  # rows the scenario judged
_S_WITHIN: Final = 7  # ... of them within under the scenario
_S_BASE: Final = 8  # ... of them within under the method
_S_NOT_JUDGED: Final = 9  # not judged under the scenario (deviation, not covered)
_S_ERRORS: Final = 10  # the scenario's rule set could not evaluate the row
_RESTARTED: Final = 11  # the law's clock started again (a restart), the statistics' did not
_STRIDE: Final = 12


_T = TypeVar("_T")


def _measured(waiting: _T, completed: _T, measure: object) -> _T:
    """*waiting* or *completed*, as *measure* names."""
    if measure == "waiting":
        return waiting
    if measure == "completed":
        return completed
    raise InvalidValueError(
        f"must be 'waiting' or 'completed', not {echo(measure)}", field="measure"
    )


# -- methods as data ---------------------------------------------------------------------------


@attrs.frozen
class Method:
    """How a set of figures is counted: the clock, the limit, what is left out; with sources.

    Made by :func:`load_method` (see its example) or :func:`method_from_data`.

    Attributes:
        name: the method's name (``skr``, ``socialstyrelsen``, ``legal`` or a file's).
        title: a one-line title.
        description: what the method counts, in a sentence or two.
        source: where the method comes from.
        clock: ``calendar`` (days from the start to the census day or the completion) or
            ``legal`` (the library's clock: the rule's limit, pauses, restarts).
        clock_source: the source of the clock.
        limit: the limit in days (``calendar``); ``None`` for ``legal`` (each row's rule).
        limit_source: the source of the limit.
        levels: the levels counted; ``None``: every level.
        levels_source: the source of the levels.
        waiting_leave_out: the deviation codes left out of the waiting.
        waiting_source: the source of that.
        completed_leave_out: the deviation codes left out of the completed.
        completed_source: the source of that.
        thresholds: the cumulative counts shown (within 30, 60, 90 days...).
        thresholds_source: their source.
        bands: the upper bounds of the bands (the last band is "over" the last bound).
        bands_source: their source.
        min_group: groups with fewer rows in a measure have their figures hidden.
        min_group_source: the source of that.
        title_sv: the title in Swedish, when it differs (``title_sv`` in the file).
        covered_only: count only the rows the source marks covered (``Vardgaranti`` yes): in
            a file with a coverage column, a row whose cell is blank is left out, in no group
            (``levels.covered_only`` in the file; its source is the levels' source). Without
            it such a row counts by its phase, as the law reads it.
        known_until: the last census day the method is known to give the official figures for
            (``known.until`` in the file); ``None``: no such day is known. A later census day
            is counted as the method says, and ``stats`` and the report say that whether the
            figures are the official ones is not known.
        known_source: why it is known up to that day and not after (``known.source``).
        known_source_sv: that in Swedish, when the file gives it (``known.source_sv``).
    """

    name: str
    title: str
    description: str
    source: str
    clock: Clock
    clock_source: str
    limit: int | None
    limit_source: str
    levels: frozenset[Level] | None
    levels_source: str
    waiting_leave_out: frozenset[str]
    waiting_source: str
    completed_leave_out: frozenset[str]
    completed_source: str
    thresholds: tuple[int, ...]
    thresholds_source: str
    bands: tuple[int, ...]
    bands_source: str
    min_group: int
    min_group_source: str
    title_sv: str | None = None
    covered_only: bool = False
    known_until: date | None = None
    known_source: str | None = None
    known_source_sv: str | None = None

    def title_in(self, lang: str) -> str:
        """The title in *lang* (``sv`` or ``en``).

        Args:
            lang: ``sv`` or ``en``.

        Returns:
            :attr:`title_sv` for ``sv`` when the method has one, else :attr:`title`.

        Raises:
            InvalidValueError: *lang* is not ``sv`` or ``en`` (its field is ``lang``).
        """
        return self.title_sv if check_lang(lang) == "sv" and self.title_sv else self.title

    def leave_out(self, measure: Measure) -> frozenset[str]:
        """The deviation codes left out of *measure* (``"waiting"`` or ``"completed"``).

        Args:
            measure: ``"waiting"`` or ``"completed"``.

        Returns:
            :attr:`waiting_leave_out` or :attr:`completed_leave_out`: codes among ``pvv``,
            ``mov`` and ``sov``.

        Raises:
            InvalidValueError: another *measure* (field ``measure``).
        """
        return _measured(self.waiting_leave_out, self.completed_leave_out, measure)

    def counts(self, level: Level | None) -> bool:
        """Whether the method counts rows of *level*.

        Args:
            level: the row's level, or ``None`` when it has none.

        Returns:
            ``True`` when *level* is given and the method counts every level or lists it in
            :attr:`levels`; else ``False``.
        """
        return level is not None and (self.levels is None or level in self.levels)

    def as_dict(self) -> dict[str, object]:
        """The method as JSON-ready data, each figure with its source.

        It has the keys of a method file, and :func:`method_from_data` reads it back (a
        legal clock's ``limit.days`` is ``None``; ``title_sv`` is there when the method has
        one):

        >>> legal = load_method("legal")
        >>> legal.as_dict()["limit"]["days"] is None
        True
        >>> method_from_data(legal.as_dict()) == legal
        True
        """
        return {
            "name": self.name,
            "title": self.title,
            **({} if self.title_sv is None else {"title_sv": self.title_sv}),
            "description": self.description,
            "source": self.source,
            "clock": {"kind": self.clock, "source": self.clock_source},
            "limit": {"days": self.limit, "source": self.limit_source},
            "levels": {
                "counted": "all"
                if self.levels is None
                else sorted(level.value for level in self.levels),
                "covered_only": self.covered_only,
                "source": self.levels_source,
            },
            "waiting": {
                "leave_out": _ordered(self.waiting_leave_out),
                "source": self.waiting_source,
            },
            "completed": {
                "leave_out": _ordered(self.completed_leave_out),
                "source": self.completed_source,
            },
            "thresholds": {"days": list(self.thresholds), "source": self.thresholds_source},
            "bands": {"upper": list(self.bands), "source": self.bands_source},
            "small_groups": {"min_group": self.min_group, "source": self.min_group_source},
            **(
                {}
                if self.known_until is None
                else {
                    "known": {
                        "until": self.known_until.isoformat(),
                        "source": self.known_source,
                        **(
                            {}
                            if self.known_source_sv is None
                            else {"source_sv": self.known_source_sv}
                        ),
                    }
                }
            ),
        }

    def unknown_after(self, census: date, lang: str, *, shown_as: str | None = None) -> str | None:
        """The sentence that the figures of *census* may not be the official ones, or ``None``.

        Said when the method gives a last day it is known for (:attr:`known_until`) and
        *census* is after it.

        Args:
            census: the census day of the figures.
            lang: ``sv`` or ``en``.
            shown_as: the method as the text names it (default: its :attr:`name`; the report
                names a built-in one by its body, ``SKR``).

        Returns:
            The sentence, with the reason (:attr:`known_source`, in Swedish
            :attr:`known_source_sv` when the method gives it); ``None`` on or before
            :attr:`known_until`, or without it.

        Raises:
            InvalidValueError: *lang* is not ``sv`` or ``en`` (its field is ``lang``).

        >>> skr = load_method("skr")
        >>> skr.unknown_after(date(2025, 6, 30), "en") is None
        True
        >>> skr.unknown_after(date(2025, 7, 31), "en")[:62]
        'The method skr is known to give the official statistics up to '
        """
        if self.known_until is None or census <= self.known_until:
            return None
        language = check_lang(lang)
        sv = language == "sv"
        source = self.known_source_sv if sv and self.known_source_sv else self.known_source
        return message(
            "stats.known-until",
            language,
            name=self.name if shown_as is None else shown_as,
            until=self.known_until.isoformat(),
            census=census.isoformat(),
            source=source,
        )


def month_text(day: date) -> str:
    """The month of *day* as ``YYYY-MM``, the year in four digits (strftime writes 999 as ``999``).

    >>> month_text(date(999, 3, 1))
    '0999-03'
    """
    return f"{day.year:04d}-{day.month:02d}"


def _ordered(codes: Iterable[str]) -> list[str]:
    return [code for code in CODES if code in codes]


_METHOD_KEYS: Final = {
    "name": True,
    "title": True,
    "title_sv": False,
    "known": False,
    "description": True,
    "source": True,
    "clock": True,
    "limit": True,
    "levels": True,
    "waiting": True,
    "completed": True,
    "thresholds": True,
    "bands": True,
    "small_groups": True,
}
_BUILTIN_METHODS: dict[str, Method] = {}


def load_method(name_or_path: str | Path | Method) -> Method:
    """A built-in method by name (``skr``, ``socialstyrelsen``, ``legal``) or a method file.

    A method file has the keys of the built-in ones (``data/methods/skr.toml`` in the package
    is the model): ``name``, ``title``, ``description``, ``source``, and the tables ``clock``
    (``kind`` = ``calendar`` or ``legal``), ``limit`` (``days``, for ``calendar``), ``levels``
    (``counted``: level names or ``"all"``), ``waiting`` and ``completed`` (``leave_out``: the
    codes ``pvv``, ``mov``, ``sov``), ``thresholds`` (``days``), ``bands`` (``upper``) and
    ``small_groups`` (``min_group``), each table with its ``source``. It is read within the
    limits of a rule file (:func:`~vardgaranti._rules.read_rule_file`). Its ``name`` is its
    own: a file named like a built-in method (a copy of ``skr.toml`` left ``skr``) is refused,
    since its figures would be headed as that method's.

    Args:
        name_or_path: ``skr``, ``socialstyrelsen`` or ``legal`` (case and surrounding blanks
            ignored), the path of a method file, or a :class:`Method` (returned as it is).

    Returns:
        The method; a built-in one is read once and shared.

    Raises:
        MethodError: an unknown name, or a file that cannot be read, breaks the format or
            takes a built-in method's name (one line naming the file and the key).

    >>> skr = load_method("skr")
    >>> skr.limit, sorted(skr.waiting_leave_out), sorted(skr.completed_leave_out)
    (90, ['mov', 'pvv', 'sov'], ['pvv'])
    """
    if isinstance(name_or_path, Method):
        return name_or_path
    if not isinstance(name_or_path, (str, PathLike)):
        raise InvalidTypeError(
            f"give skr, socialstyrelsen, legal, a method file's path or a Method, not "
            f"{type(name_or_path).__name__} {echo(name_or_path)}",
            field="method",
        )
    named(name_or_path, "method", "skr, socialstyrelsen, legal or a method file's path")
    if isinstance(name_or_path, str) and name_or_path.strip().lower() in METHODS:
        name = name_or_path.strip().lower()
        found = _BUILTIN_METHODS.get(name)
        if found is None:
            origin = f"{name}.toml"
            data = pkgutil.get_data(__package__ or "vardgaranti", f"data/methods/{origin}")
            if data is None:  # pragma: no cover - a loader without get_data
                raise MethodError(f"{origin}: the package's loader cannot read its data files")
            found = method_from_data(read_rule_file(data, origin), origin)
            if found.name != name:
                raise MethodError(f"{origin}: 'name' must be {name!r}, the file's name")
            _BUILTIN_METHODS[name] = found
        return found
    path = Path(name_or_path)
    if path.suffix.lower() != ".toml" and not path_exists(path):
        raise MethodError(
            f"unknown method {echo(str(name_or_path))}; use skr, socialstyrelsen, legal or a "
            "method .toml file"
        )
    try:
        data = read_data_file(path)
    except OSError as error:
        raise MethodError(
            f"{shown(str(path))}: cannot read the method file ({error.strerror})"
        ) from error
    except ValueError as error:  # a NUL in the path
        raise MethodError(f"{shown(str(path))}: cannot read the method file ({error})") from None
    try:
        parsed = read_rule_file(data, str(path), "method file")
    except RuleSetError as error:
        raise MethodError(str(error)) from None
    method = method_from_data(parsed, str(path))
    if method.name.strip().lower() in METHODS:  # its figures would be shown as that method's
        raise MethodError(
            f"{shown(str(path))}: 'name' {method.name!r} is a built-in method's name; give the "
            "method a name of its own"
        )
    return method


def method_from_data(data: Mapping[str, object], origin: str = "method") -> Method:
    """Build a :class:`Method` from parsed TOML data (see :func:`load_method`).

    Args:
        data: the parsed TOML, with the keys of a method file (as :meth:`Method.as_dict` gives
            them too).
        origin: how the errors name the data (e.g. the file's name).

    Returns:
        The method.

    Raises:
        MethodError: an unknown or missing key, a figure without its source, a bad value;
            naming *origin* and the key.
        InvalidTypeError: *data* is not a mapping.

    The built-in ``skr`` method's file, with a limit of the region's own; every figure needs
    its source:

    >>> import pkgutil, tomllib
    >>> data = tomllib.loads(pkgutil.get_data("vardgaranti", "data/methods/skr.toml").decode())
    >>> data["name"], data["limit"] = "skr60", {"days": 60, "source": "RS 2025-03-04 § 7"}
    >>> method_from_data(data, "skr60.toml").limit
    60
    >>> del data["bands"]["source"]
    >>> method_from_data(data, "skr60.toml")
    Traceback (most recent call last):
    ...
    vardgaranti.errors.MethodError: skr60.toml: bands.source: required: where the figure comes from
    """

    def fail(key: str, text: str) -> MethodError:
        # (a key comes from the file: quoted and escaped when it is not plain, since the
        # message goes to a terminal)
        return MethodError(f"{shown(origin)}: {shown(key)}: {text}")

    if not isinstance(data, Mapping):
        raise InvalidTypeError(f"{origin}: a method is a table of keys, not {type(data).__name__}")
    unknown = sorted(str(key) for key in data if key not in _METHOD_KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown key; a method has {', '.join(_METHOD_KEYS)}")
    for key, required in _METHOD_KEYS.items():
        if required and key not in data:
            raise fail(key, "required")

    def text(value: object, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise fail(key, "must be a text that is not empty")
        collapsed = " ".join(value.split())  # (a title may run over lines in the file)
        if not one_line(collapsed):
            raise fail(key, "must be text without control characters")
        return collapsed

    def table(key: str, keys: tuple[str, ...]) -> Mapping[str, object]:
        value = data[key]
        if not isinstance(value, Mapping):
            raise fail(key, "must be a table")
        extra = sorted(str(item) for item in value if item not in keys)
        if extra:
            raise fail(f"{key}.{extra[0]}", f"unknown key; [{key}] has {', '.join(keys)}")
        if "source" not in value:
            raise fail(f"{key}.source", "required: where the figure comes from")
        return value

    def days(value: object, key: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= _MAX_DAYS:
            raise fail(key, f"must be a whole number of days, 0 to {_MAX_DAYS}, not {echo(value)}")
        return value

    def increasing(value: object, key: str) -> tuple[int, ...]:
        if not isinstance(value, list) or not value or len(value) > _MAX_BANDS:
            raise fail(key, f"must be a list of 1 to {_MAX_BANDS} whole numbers of days")
        numbers = tuple(days(item, key) for item in value)
        if any(b <= a for a, b in itertools.pairwise(numbers)):
            raise fail(key, "must be increasing")
        return numbers

    def codes(value: object, key: str) -> frozenset[str]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise fail(key, "must be a list of deviation codes (pvv, mov, sov)")
        found = frozenset(item.strip().lower() for item in value)
        strange = sorted(found - set(CODES))
        if strange:
            raise fail(key, f"unknown code {echo(strange[0])}; the codes are pvv, mov, sov")
        return found

    name = text(data["name"], "name")
    clock_table = table("clock", ("kind", "source"))
    kind = clock_table.get("kind")
    if kind not in ("calendar", "legal"):
        raise fail("clock.kind", f"must be 'calendar' or 'legal', not {echo(kind)}")
    clock: Clock = "calendar" if kind == "calendar" else "legal"
    limit_table = table("limit", ("days", "source"))
    limit: int | None = None
    if clock == "calendar":
        if "days" not in limit_table:
            raise fail("limit.days", "required for a calendar clock")
        limit = days(limit_table["days"], "limit.days")
    elif limit_table.get("days") is not None:  # (None: as Method.as_dict writes it)
        raise fail("limit.days", "a legal clock takes each case's limit from its rule")
    levels_table = table("levels", ("counted", "covered_only", "source"))
    covered_only = levels_table.get("covered_only", False)
    if not isinstance(covered_only, bool):
        raise fail("levels.covered_only", f"must be true or false, not {echo(covered_only)}")
    counted = levels_table.get("counted")
    levels: frozenset[Level] | None
    if counted == "all":
        levels = None
    elif isinstance(counted, list) and counted and all(isinstance(v, str) for v in counted):
        try:
            levels = frozenset(Level.parse(value) for value in counted)
        except VardgarantiError as error:
            raise fail("levels.counted", str(error)) from None
    else:
        raise fail("levels.counted", "must be a list of level names or 'all'")
    waiting = table("waiting", ("leave_out", "source"))
    completed = table("completed", ("leave_out", "source"))
    if clock == "legal":  # (the law pauses a case: it never leaves one out by its code)
        for key, found in (("waiting", waiting), ("completed", completed)):
            if found.get("leave_out"):
                raise fail(
                    f"{key}.leave_out",
                    "a legal clock leaves nothing out: the law pauses the clock for the time "
                    "not counted (HSF 6 kap. 2 §), and a deviation code without dates is not "
                    "judged; give leave_out = [] or a calendar clock",
                )
    thresholds = table("thresholds", ("days", "source"))
    bands = table("bands", ("upper", "source"))
    small = table("small_groups", ("min_group", "source"))
    known_until = known_source = known_source_sv = None
    if "known" in data:
        known = table("known", ("until", "source", "source_sv"))
        until = known.get("until")
        if type(until) is date:  # (a TOML date; or the text as_dict writes)
            known_until = until
        elif isinstance(until, str):
            with contextlib.suppress(VardgarantiError):
                known_until = parse_date(until, "known.until")
        if known_until is None:
            raise fail("known.until", f"must be a date (YYYY-MM-DD), not {echo(until)}")
        known_source = text(known["source"], "known.source")
        if "source_sv" in known:
            known_source_sv = text(known["source_sv"], "known.source_sv")
    minimum = small.get("min_group")
    if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 0:
        raise fail("small_groups.min_group", f"must be a whole number >= 0, not {echo(minimum)}")
    return Method(
        name=name,
        title=text(data["title"], "title"),
        description=text(data["description"], "description"),
        source=text(data["source"], "source"),
        clock=clock,
        clock_source=text(clock_table["source"], "clock.source"),
        limit=limit,
        limit_source=text(limit_table["source"], "limit.source"),
        levels=levels,
        levels_source=text(levels_table["source"], "levels.source"),
        waiting_leave_out=codes(waiting.get("leave_out"), "waiting.leave_out"),
        waiting_source=text(waiting["source"], "waiting.source"),
        completed_leave_out=codes(completed.get("leave_out"), "completed.leave_out"),
        completed_source=text(completed["source"], "completed.source"),
        thresholds=increasing(thresholds.get("days"), "thresholds.days"),
        thresholds_source=text(thresholds["source"], "thresholds.source"),
        bands=increasing(bands.get("upper"), "bands.upper"),
        bands_source=text(bands["source"], "bands.source"),
        min_group=minimum,
        min_group_source=text(small["source"], "small_groups.source"),
        title_sv=text(data["title_sv"], "title_sv") if "title_sv" in data else None,
        covered_only=covered_only,
        known_until=known_until,
        known_source=known_source,
        known_source_sv=known_source_sv,
    )


def parse_bands(text: str) -> tuple[int, ...]:
    """The upper bounds of ``--bands``: whole numbers of days, increasing, comma-separated.

    ``30,60,90,120,180,365`` gives the bands 0–30, 31–60, 61–90, 91–120, 121–180, 181–365
    and over 365.

    Args:
        text: the bounds, e.g. ``"30,60,90"`` (blanks around each are ignored).

    Returns:
        The upper bounds, in the order given.

    Raises:
        InvalidValueError: not increasing whole numbers of days (0 to 36,600), or more than 50.

    >>> parse_bands("30, 60, 90")
    (30, 60, 90)
    """
    if not isinstance(text, str):
        raise InvalidTypeError(
            f"bands are text such as '30,60,90', not {type(text).__name__} {echo(text)}",
            field="bands",
        )
    parts = [part.strip() for part in text.split(",")]
    # ('²' is a digit too; a number of thousands of digits is no number of days, and int()
    # refuses it with a ValueError of its own)
    if not all(part.isascii() and part.isdigit() and len(part) <= 9 for part in parts):
        _bad_bands(text)
    return _checked_bands(tuple(int(part) for part in parts), text)


def _checked_bands(numbers: tuple[int, ...], text: str) -> tuple[int, ...]:
    """*numbers* if they are bands (as :func:`parse_bands` says), shown as *text* if not.

    Raises:
        InvalidValueError: not 1 to 50 increasing whole numbers of days (0 to 36,600).
    """
    if (
        not numbers
        or len(numbers) > _MAX_BANDS
        or not all(
            isinstance(number, int) and not isinstance(number, bool) and number >= 0
            for number in numbers
        )
    ):
        _bad_bands(text)
    if any(b <= a for a, b in itertools.pairwise(numbers)) or numbers[-1] > _MAX_DAYS:
        raise InvalidValueError(
            f"{echo(text)} are not bands: the bounds must be increasing, at most {_MAX_DAYS} days",
            field="bands",
        )
    return numbers


def _bad_bands(text: str) -> NoReturn:
    raise InvalidValueError(
        f"{echo(text)} are not bands: give up to {_MAX_BANDS} increasing whole numbers of "
        "days, e.g. 30,60,90,120,180,365",
        field="bands",
    )


def band_labels(bands: Sequence[int]) -> tuple[str, ...]:
    """The labels of the bands with upper bounds *bands*: ``0-30`` ... ``over 180``.

    >>> band_labels((30, 60))
    ('0-30', '31-60', 'over 60')
    """
    labels = []
    low = 0
    for high in bands:
        labels.append(f"{low}-{high}")
        low = high + 1
    labels.append(f"over {bands[-1]}")
    return tuple(labels)


# -- the figures -----------------------------------------------------------------------------


@attrs.frozen
class ScenarioFigures:
    """The waiting of a group under the scenario's rule set, beside the method's own count.

    A region's 60 days for a first visit, beside the official 90:

    >>> from vardgaranti import example_waiting_list, overlay_rule_set
    >>> visit = {"days": 60, "source": "RS 2024:12"}
    >>> region = overlay_rule_set({"name": "Region X", "levels": {"visit": visit}})
    >>> stats = compute_stats(example_waiting_list(), census=date(2025, 5, 31), scenario=region)
    >>> found = stats.total.figures(0, "waiting").scenario
    >>> found.count, found.within, found.base_within, found.breach_difference
    (148, 80, 98, 18)

    Attributes:
        count: the rows the scenario judged (the method's counted waiting, less the rows the
            scenario's rule set could not evaluate or does not judge).
        within: of them, within under the scenario.
        base_within: of the same rows, within under the method.
        not_judged: rows the scenario does not judge (a deviation code without dates, a level
            the scenario's rules do not cover).
        errors: rows the scenario's rule set could not evaluate (e.g. a level it lacks).
    """

    count: int
    within: int
    base_within: int
    not_judged: int
    errors: int

    @property
    def breach(self) -> int:
        """Rows past the limit under the scenario."""
        return self.count - self.within

    @property
    def base_breach(self) -> int:
        """The same rows past the limit under the method."""
        return self.count - self.base_within

    @property
    def within_difference(self) -> int:
        """Within under the scenario less within under the method."""
        return self.within - self.base_within

    @property
    def breach_difference(self) -> int:
        """Past the limit under the scenario less under the method."""
        return self.breach - self.base_breach


@attrs.frozen
class Figures:
    r"""One measure (waiting or completed) of one group under one method.

    The share is exact; the median of an even count is a half (here of 149 and 30 days):

    >>> import io
    >>> text = "id;level;start\nA;visit;2025-01-02\nB;visit;2025-05-01\n"
    >>> stats = compute_stats(io.StringIO(text), census=date(2025, 5, 31), by=())
    >>> waiting = stats.total.figures(0, "waiting")
    >>> waiting.count, waiting.within, waiting.breach, waiting.share, waiting.median
    (2, 1, 1, Fraction(1, 2), Fraction(179, 2))

    Attributes:
        count: the rows counted (the denominator of the share).
        within: of them, within the limit (waited at most the limit; for ``legal``: not past
            the deadline, or met).
        thresholds: how many waited at most each threshold (30, 60, 90 days...).
        bands: how many fall in each band.
        median: the median of the days waited (a half when the count is even and the two
            middle values differ); ``None`` when nothing is counted.
        left_out: rows left out by deviation code (``pvv``, ``mov``, ``sov``).
        paused: ``legal``: rows whose clock the law paused (fewer days counted than calendar
            days since day 0).
        restarted: ``legal``: rows whose clock started again from a restart (the statistics
            count from the start).
        not_judged: ``legal``: rows with a deviation code but no dates, not judged.
        hidden: the count is below the smallest group shown (``min_group``): only the counts
            are to be shown (of the measure, and of the cases left out, paused, restarted or
            not judged beside it), none of the figures made from them.
        scenario: the scenario's figures (waiting, with ``--scenario``), or ``None``.
    """

    count: int
    within: int
    thresholds: tuple[int, ...]
    bands: tuple[int, ...]
    median: Fraction | None
    left_out: Mapping[str, int]
    paused: int
    restarted: int
    not_judged: int
    hidden: bool
    scenario: ScenarioFigures | None = None

    @property
    def share(self) -> Fraction | None:
        """The share within: within / count, exactly; ``None`` when nothing is counted."""
        return Fraction(self.within, self.count) if self.count else None

    @property
    def breach(self) -> int:
        """Rows past the limit: count - within."""
        return self.count - self.within


@attrs.frozen
class GroupStats:
    """The figures of one group: per method, the waiting and the completed.

    A group's figures by the method's place in :attr:`Stats.methods` and the measure; the
    official method counts no primary-care level, the law's count does:

    >>> from vardgaranti import example_waiting_list
    >>> stats = compute_stats(example_waiting_list(), census=date(2025, 5, 31), by=["level"],
    ...                       methods=("skr", "legal"))
    >>> [(g.key[0], g.figures(0, "waiting").count, g.figures(1, "waiting").count)
    ...  for g in stats.groups]
    [('assessment', 0, 9), ('contact', 0, 7), ('treatment', 62, 69), ('visit', 86, 98)]

    Attributes:
        key: the group's values, in the order of :attr:`Stats.by` (empty for the total).
        waiting: per method (in the order of :attr:`Stats.methods`), the waiting figures.
        completed: per method, the completed figures.
    """

    key: tuple[str, ...]
    waiting: tuple[Figures, ...]
    completed: tuple[Figures, ...]

    def figures(self, method: int, measure: Measure) -> Figures:
        """The figures of method number *method* for *measure*.

        Args:
            method: the method's number, in the order the statistics were computed with (0:
                the first).
            measure: ``"waiting"`` or ``"completed"``.

        Returns:
            The group's counts, shares and bands by that method.

        Raises:
            InvalidValueError: another *measure* (``"Waiting"``, ``"väntande"``), or a
                *method* that is not one of the numbers (its field named).
        """
        found = _measured(self.waiting, self.completed, measure)
        if type(method) is not int or not 0 <= method < len(found):
            raise InvalidValueError(
                f"must be the number of one of the {len(found)} methods (0 to {len(found) - 1}), "
                f"not {echo(method)}",
                field="method",
            )
        return found[method]


@attrs.frozen
class ErrorCount:
    """Rows with errors for one reason (the column named, or the row's shape).

    :attr:`Stats.errors` holds them (see the example of :class:`Stats`).

    Attributes:
        reason: the column the error is about, or what was wrong with the row.
        rows: how many rows.
        first_line: the line (row) of the first.
        first: the first error's message; in :attr:`Stats.errors` without the cells it
            quotes (``booked: '…' is not a date``): the statistics carry no patient's data,
            and ``check`` and ``validate`` name the cell.
    """

    reason: str
    rows: int
    first_line: int
    first: str


@attrs.frozen
class Stats:
    """The figures of a waiting list: per group and in total, per method and measure.

    Every row read is accounted for: counted in a group, ``outside`` (neither waiting on the
    census day nor completed in the period), not covered, of a level the method does not
    count, or an error (by reason):

    >>> from vardgaranti import example_waiting_list
    >>> stats = compute_stats(example_waiting_list(), census=date(2025, 5, 31))
    >>> stats.rows
    {'read': 300, 'empty': 0, 'errors': 13, 'outside': 48, 'counted': 214}
    >>> stats.not_covered, stats.other_level, [(e.reason, e.rows) for e in stats.errors]
    ({'not-listed': 4}, (21,), [('booked', 3), ('exclusions', 4), ('level', 1), ('start', 5)])

    A group's figures: :meth:`GroupStats.figures`.

    Attributes:
        source: the file as given (its path); the JSON (:meth:`as_dict`) names it without its
            folders.
        census: the census day of the waiting.
        period: the first day of the month of the completed.
        methods: the methods.
        by: the group columns, as named in the output.
        thresholds: the thresholds of the cumulative counts.
        bands: the upper bounds of the bands.
        min_group: the smallest group whose figures are shown.
        groups: the groups, by their values in Swedish alphabetical order (å, ä, ö after z).
        total: every group together (never hidden).
        rows: counts of the rows: ``read``, ``empty``, ``errors``, ``outside`` (neither waiting
            at the census nor completed in the period), ``counted`` (in a group), and with a
            home region ``home_other`` and ``home_unknown`` (left out by it).
        not_covered: rows the guarantee does not cover, by reason (``reported``,
            ``out-of-scope``, ``not-listed``), in no group.
        other_level: per method, rows of a level the method does not count, in no group of it.
        no_coverage: per method, rows without a coverage value (``Vardgaranti`` blank) that
            the method does not count (:attr:`Method.covered_only`), in no group of it.
        errors: rows with errors, by reason.
        scenario: the scenario's name, or ``None``.
        scenario_errors: rows the scenario's rule set could not evaluate, by reason.
        home_region: the län codes of ``home_region``.
        split_home: whether the groups are split by home region (first group column
            ``home``: ``own``, ``other``, ``unknown``).
        notes: one-line notes about the input.
    """

    source: str
    census: date
    period: date
    methods: tuple[Method, ...]
    by: tuple[str, ...]
    thresholds: tuple[int, ...]
    bands: tuple[int, ...]
    min_group: int
    groups: tuple[GroupStats, ...]
    total: GroupStats
    rows: Mapping[str, int]
    not_covered: Mapping[str, int]
    other_level: tuple[int, ...]
    errors: tuple[ErrorCount, ...]
    scenario: str | None
    scenario_errors: tuple[ErrorCount, ...]
    home_region: tuple[str, ...]
    split_home: bool
    notes: tuple[str, ...]
    no_coverage: tuple[int, ...]

    @property
    def band_labels(self) -> tuple[str, ...]:
        """The labels of the bands (``0-30`` ... ``over 180``)."""
        return band_labels(self.bands)

    @property
    def period_end(self) -> date:
        """The last day of the period."""
        return _month_end(self.period)

    @property
    def error_rows(self) -> int:
        """How many rows have errors."""
        return sum(error.rows for error in self.errors)

    def as_dict(self, reconciliation: Reconciliation | None = None) -> dict[str, object]:
        """The figures as JSON-ready data: exact shares as numerator and denominator too.

        Args:
            reconciliation: published figures reconciled with these (:func:`reconcile`), or
                ``None``.

        Returns:
            The settings and the counts of the rows, then under ``methods`` each method's data
            (:meth:`Method.as_dict`) with the figures of its groups and total; ``published``
            holds the reconciliation's data, or ``None`` without one.
        """
        labels = self.band_labels

        def group_dict(group: GroupStats, index: int) -> dict[str, object]:
            return {
                "group": dict(zip(self.by, group.key, strict=True)) if group.key else {},
                "waiting": _figures_dict(group.waiting[index], self.thresholds, labels),
                "completed": _figures_dict(group.completed[index], self.thresholds, labels),
            }

        return {
            "source": file_name(self.source),
            "census": self.census.isoformat(),
            "period": month_text(self.period),
            "by": list(self.by),
            "home_region": list(self.home_region),
            "split_home": self.split_home,
            "min_group": self.min_group,
            "thresholds": list(self.thresholds),
            "bands": list(labels),
            "rows": dict(self.rows),
            "not_covered": dict(self.not_covered),
            "errors": [attrs.asdict(error) for error in self.errors],
            "notes": list(self.notes),
            "scenario": None
            if self.scenario is None
            else {
                "name": self.scenario,
                "errors": [attrs.asdict(error) for error in self.scenario_errors],
            },
            "methods": [
                {
                    **method.as_dict(),
                    "other_level": self.other_level[index],
                    "no_coverage": self.no_coverage[index],
                    "groups": [group_dict(group, index) for group in self.groups],
                    "total": group_dict(self.total, index),
                }
                for index, method in enumerate(self.methods)
            ],
            "published": None if reconciliation is None else reconciliation.as_dict(),
        }

    def csv_header(self, reconciliation: Reconciliation | None = None) -> list[str]:
        """The columns of :meth:`csv_rows`.

        Args:
            reconciliation: published figures reconciled with these (:func:`reconcile`), or
                ``None``; when given, the published figures' columns come last.

        Returns:
            The column names: ``method``, ``measure``, ``scope``, the group columns, the
            figures', then the scenario's (with a scenario) and the published figures'.
        """
        header = ["method", "measure", "scope", *self.by]
        header += ["count", "hidden", "within", "breach", "share"]
        header += ["share_numerator", "share_denominator", "median"]
        header += [f"le_{days}" for days in self.thresholds]
        header += [
            "band_" + label.replace("-", "_").replace(" ", "_") for label in self.band_labels
        ]
        header += [f"left_out_{code}" for code in CODES]
        header += ["paused", "restarted", "not_judged"]
        if self.scenario is not None:
            header += [
                "scenario_count",
                "scenario_within",
                "scenario_breach",
                "scenario_within_difference",
                "scenario_breach_difference",
                "scenario_not_judged",
            ]
        if reconciliation is not None:
            header += [
                "published_count",
                "published_share",
                "count_difference",
                "share_difference",
                "flag",
            ]
        return header

    def csv_rows(self, reconciliation: Reconciliation | None = None) -> Iterator[list[str]]:
        """One row per method, measure and group (then the total), as text; see the docs.

        A hidden group has its counts (of the measure, and of the cases left out, paused,
        restarted or not judged beside it) and none of the figures made from them (within,
        share, median, thresholds, bands, scenario). Shares are percents with one decimal
        (rounded half up) and exactly, as numerator and denominator. With *reconciliation*, the
        published figures of the first method's rows follow, and published groups this file
        does not have come last.

        Args:
            reconciliation: published figures reconciled with these (:func:`reconcile`), or
                ``None``.

        Yields:
            One row of text cells, in the columns of :meth:`csv_header` given the same
            *reconciliation*.
        """
        found = {} if reconciliation is None else reconciliation.by_key()
        for index, method in enumerate(self.methods):
            for measure in MEASURES:
                for scope, group in (
                    *(("group", group) for group in self.groups),
                    ("total", self.total),
                ):
                    figures = group.figures(index, measure)
                    key = group.key or ("",) * len(self.by)
                    row = [method.name, measure, scope, *key]
                    row += _figures_cells(figures, self.scenario is not None)
                    if reconciliation is not None:
                        item = found.pop((scope, measure, group.key), None) if index == 0 else None
                        row += _reconciled_cells(item)
                    yield row
        if reconciliation is not None:
            width = len(self.csv_header(None)) - 3 - len(self.by)
            for (scope, measure, key), item in found.items():
                yield [
                    self.methods[0].name,
                    measure,
                    scope,
                    *(key or ("",) * len(self.by)),
                    *([""] * width),
                    *_reconciled_cells(item),
                ]

    def as_text(self, lang: Lang = "en", reconciliation: Reconciliation | None = None) -> str:
        """The figures as text tables, in Swedish or English (see the documentation).

        Args:
            lang: ``sv`` or ``en`` (Swedish writes a decimal comma).
            reconciliation: published figures reconciled with these (:func:`reconcile`),
                shown last; or ``None``.

        Returns:
            The text: the methods, a table per measure (and per method the scenario's), the
            counts of the rows, then the reconciliation; lines joined by newlines.

        Raises:
            InvalidValueError: *lang* is not ``sv`` or ``en`` (field ``lang``).
        """
        return _text(self, check_lang(lang), reconciliation)


def _figures_dict(
    figures: Figures, thresholds: Sequence[int], labels: Sequence[str]
) -> dict[str, object]:
    share = figures.share
    hidden = figures.hidden
    scenario = figures.scenario
    return {
        "count": figures.count,
        "hidden": hidden,
        "within": None if hidden else figures.within,
        "breach": None if hidden else figures.breach,
        "share": None
        if hidden or share is None
        else {
            "percent": float(_round_percent(share, 1)),
            "numerator": figures.within,  # as counted, not reduced (2/2, not 1/1)
            "denominator": figures.count,
        },
        "median": None if hidden or figures.median is None else _median_number(figures.median),
        "thresholds": None
        if hidden
        else {str(days): n for days, n in zip(thresholds, figures.thresholds, strict=True)},
        "bands": None if hidden else dict(zip(labels, figures.bands, strict=True)),
        "left_out": dict(figures.left_out),
        "paused": figures.paused,
        "restarted": figures.restarted,
        "not_judged": figures.not_judged,
        "scenario": None
        if scenario is None or hidden  # (as the CSV and the text tables hide it)
        else {
            "count": scenario.count,
            "within": scenario.within,
            "breach": scenario.breach,
            "base_within": scenario.base_within,
            "base_breach": scenario.base_breach,
            "within_difference": scenario.within_difference,
            "breach_difference": scenario.breach_difference,
            "not_judged": scenario.not_judged,
            "errors": scenario.errors,
        },
    }


def _figures_cells(figures: Figures, scenario: bool) -> list[str]:
    hidden = figures.hidden
    share = figures.share
    cells = [str(figures.count), "yes" if hidden else "no"]
    if hidden:
        blank = 6 + len(figures.thresholds) + len(figures.bands)
        cells += [""] * blank
    else:
        cells += [
            str(figures.within),
            str(figures.breach),
            "" if share is None else percent_text(share),
            "" if share is None else str(figures.within),  # as counted, not reduced
            "" if share is None else str(figures.count),
            "" if figures.median is None else median_text(figures.median),
            *(str(n) for n in figures.thresholds),
            *(str(n) for n in figures.bands),
        ]
    cells += [str(figures.left_out[code]) for code in CODES]
    cells += [str(figures.paused), str(figures.restarted), str(figures.not_judged)]
    if scenario:
        found = figures.scenario
        if found is None or hidden:
            cells += [""] * 6
        else:
            cells += [
                str(found.count),
                str(found.within),
                str(found.breach),
                str(found.within_difference),
                str(found.breach_difference),
                str(found.not_judged + found.errors),  # (as the text table counts them)
            ]
    return cells


#: The most decimals :func:`percent_text` writes.
_MAX_DECIMALS: Final = 10


def _round_percent(share: Fraction, decimals: int) -> Fraction:
    """*share* as a percent rounded half up to *decimals* decimals (exact)."""
    scale = 10**decimals
    return Fraction(math.floor(share * 100 * scale + Fraction(1, 2)), scale)


def percent_text(share: Fraction, decimal: str = ".", decimals: int = 1) -> str:
    """*share* as a percent with one decimal, rounded half up: ``7/8`` is ``87.5``.

    A negative share (no count gives one) is the share's size with a minus sign.

    Args:
        share: the share (a fraction, or a whole number: ``1`` is 100 percent).
        decimal: the decimal sign (``","`` in Swedish).
        decimals: how many decimals, 0 to 10.

    Returns:
        The percent as text, without a percent sign: ``87.5``; a negative share that rounds to
        zero has no minus sign.

    Raises:
        InvalidTypeError: *share* is not a fraction or a whole number (its field is
            ``share``), *decimal* is not text, or *decimals* is not a whole number.
        InvalidValueError: *decimals* is not from 0 to 10.

    >>> percent_text(Fraction(2, 3)), percent_text(Fraction(1, 8), ","), percent_text(Fraction(1))
    ('66.7', '12,5', '100.0')
    >>> percent_text(Fraction(-1, 3))
    '-33.3'
    """
    if not isinstance(share, Rational) or isinstance(share, bool):
        raise InvalidTypeError(
            f"a share is a Fraction, not {type(share).__name__} {echo(share)}", field="share"
        )
    if not isinstance(decimal, str):
        raise InvalidTypeError(
            f"a decimal sign is text, not {type(decimal).__name__} {echo(decimal)}",
            field="decimal",
        )
    if type(decimals) is not int:
        raise InvalidTypeError(
            f"must be a whole number from 0 to {_MAX_DECIMALS}, not {echo(decimals)}",
            field="decimals",
        )
    if not 0 <= decimals <= _MAX_DECIMALS:
        raise InvalidValueError(
            f"must be a whole number from 0 to {_MAX_DECIMALS}, not {echo(decimals)}",
            field="decimals",
        )
    if share < 0:
        size = percent_text(Fraction(-share), decimal, decimals)
        return size if _round_percent(Fraction(-share), decimals) == 0 else "-" + size
    value = _round_percent(Fraction(share), decimals)
    whole = math.floor(value)
    if not decimals:
        return str(whole)
    fraction = round((value - whole) * 10**decimals)
    return f"{whole}{decimal}{fraction:0{decimals}d}"


def median_text(median: Fraction, decimal: str = ".") -> str:
    """A median of days as text: ``45`` or ``45.5``.

    >>> median_text(Fraction(91, 2)), median_text(Fraction(45))
    ('45.5', '45')
    """
    if median.denominator == 1:
        return str(median.numerator)
    return f"{math.floor(median)}{decimal}5"


def _median_number(median: Fraction) -> int | float:
    return median.numerator if median.denominator == 1 else float(median)


# -- counting -----------------------------------------------------------------------------------


class _Tally:
    """What one group keeps under one method: counters and, per measure, days -> rows."""

    __slots__ = ("completed", "counts", "waiting")

    def __init__(self) -> None:
        self.counts = [0] * (2 * _STRIDE)
        self.waiting: defaultdict[int, int] = defaultdict(int)
        self.completed: defaultdict[int, int] = defaultdict(int)

    def merge(self, other: _Tally) -> None:
        counts = self.counts
        for index, value in enumerate(other.counts):
            counts[index] += value
        for mine, theirs in ((self.waiting, other.waiting), (self.completed, other.completed)):
            for days, rows in theirs.items():
                mine[days] += rows


#: The law's count of a waiting row on the census day: days waited, within, paused, restarted;
#: days -1: not judged (a deviation code without dates).
_Law = tuple[int, bool, bool, bool]
_LAW_NOT_JUDGED: Final[_Law] = (-1, False, False, False)

#: A method's adder: (tally, facts, the law's count of the waiting row, the scenario's
#: evaluation of it, codes of the waiting, codes of the completed, the calendar days from the
#: start to the census day (-1: not waiting), the calendar days from the start to the completion
#: (-1: not completed in the period)) -> None.
_Adder = Callable[
    [
        _Tally,
        Assessed,
        "_Law | None",
        "Assessed | VardgarantiError | None",
        tuple[str, ...],
        tuple[str, ...],
        int,
        int,
    ],
    None,
]


def _first(codes: tuple[str, ...], out: frozenset[str]) -> str | None:
    for code in codes:
        if code in out:
            return code
    return None


def _calendar_adder(method: Method, census: date) -> _Adder:
    """The adder of a method on the calendar clock (skr, socialstyrelsen)."""
    waiting_out = method.waiting_leave_out
    completed_out = method.completed_leave_out
    assert method.limit is not None
    limit = method.limit
    left = _LEFT
    within_w = _WITHIN
    within_c = _STRIDE + _WITHIN
    error_type = VardgarantiError

    def add(
        tally: _Tally,
        facts: Assessed,
        law: _Law | None,
        scenario: Assessed | VardgarantiError | None,
        codes_waiting: tuple[str, ...],
        codes_completed: tuple[str, ...],
        waited: int,
        took: int,
    ) -> None:
        counts = tally.counts
        if waited >= 0:
            code = _first(codes_waiting, waiting_out) if codes_waiting else None
            if code is not None:
                counts[left[code]] += 1
            else:
                days = waited
                histogram = tally.waiting
                histogram[days] += 1
                within = days <= limit
                if within:
                    counts[within_w] += 1
                if scenario is not None:
                    if isinstance(scenario, error_type):
                        counts[_S_ERRORS] += 1
                    elif scenario.rule is None or scenario.status is Status.NOT_COVERED:
                        counts[_S_NOT_JUDGED] += 1
                    else:
                        counts[_S_COUNT] += 1
                        counts[_S_BASE] += within
                        counts[_S_WITHIN] += days <= scenario.rule.days
        if took >= 0:
            code = _first(codes_completed, completed_out) if codes_completed else None
            if code is not None:
                counts[_STRIDE + left[code]] += 1
            else:
                days = took
                histogram = tally.completed
                histogram[days] += 1
                if days <= limit:
                    counts[within_c] += 1

    return add


_OPEN_WITHIN: Final = (Status.WITHIN, Status.AT_RISK)


def _legal_adder(census: date) -> _Adder:
    """The adder of the law's count: statuses and days of the library's own clock."""
    deviation = Status.DEVIATION
    met = Status.MET
    error_type = VardgarantiError

    def add(
        tally: _Tally,
        facts: Assessed,
        law: _Law | None,
        scenario: Assessed | VardgarantiError | None,
        codes_waiting: tuple[str, ...],
        codes_completed: tuple[str, ...],
        waited: int,
        took: int,
    ) -> None:
        counts = tally.counts
        if waited >= 0 and law is not None:
            days, within, paused, restarted = law
            if days < 0:
                counts[_NOT_JUDGED] += 1
            else:
                histogram = tally.waiting
                histogram[days] += 1
                if within:
                    counts[_WITHIN] += 1
                if paused:
                    counts[_PAUSED] += 1
                if restarted:
                    counts[_RESTARTED] += 1
                if scenario is not None:
                    if isinstance(scenario, error_type):
                        counts[_S_ERRORS] += 1
                    elif scenario.days_waited is None or scenario.status is deviation:
                        counts[_S_NOT_JUDGED] += 1
                    else:
                        counts[_S_COUNT] += 1
                        counts[_S_BASE] += within
                        counts[_S_WITHIN] += scenario.status in _OPEN_WITHIN
        if took >= 0:
            done = facts.days_waited
            if facts.status is deviation or done is None or facts.completed is None:
                counts[_STRIDE + _NOT_JUDGED] += 1
            else:
                histogram = tally.completed
                histogram[done] += 1
                if facts.status is met:
                    counts[_STRIDE + _WITHIN] += 1
                if done < (facts.completed - facts.clock_start).days:
                    counts[_STRIDE + _PAUSED] += 1
                if facts.clock_start != facts.start:
                    counts[_STRIDE + _RESTARTED] += 1

    return add


#: The start of a row error that names its line (``line 7: ...``, ``lines 8-9: ...``).
_LINE_NAMED: Final = re.compile(r"lines? \d+(?:-\d+)?: ")
#: A field's name by itself at the start of a row's error (a column the file lacks).
_FIELD_NAME: Final = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")
#: The reason of the row errors about the row's cells or quotes, not one column.
CELLS_REASON: Final = "the row's cells"
#: The starts of the row errors about the row's cells or quotes, not one column.
_ROW_SHAPE: Final = ("the row has", "a quoted cell", "lies inside the quoted cell", "not valid CSV")


class ErrorTally:
    """Rows with errors, counted by reason (the column named, or the row's shape).

    Shared by the statistics and the report. At most *limit* reasons are kept (reasons are
    columns; a hostile file could make every message a reason of its own): the rest count as
    ``other``.
    """

    def __init__(self, header: Sequence[str], limit: int = 200) -> None:
        self.columns = {column_key(name) for name in header}
        self.found: dict[str, list[Any]] = {}  # reason -> [rows, first line, first text]
        self.limit = limit
        self.total = 0
        #: Some reasons were counted as ``other`` (more than *limit* of them).
        self.overflowed = False

    def add(self, line: int, text: str) -> None:
        """Count the error *text* of the row on *line*.

        A message that begins by naming its line (the CSV reader's, about quotes) is kept
        without it, as the line is said beside it; one about the row's cells or quotes is
        counted under ``the row's cells``.
        """
        named = _LINE_NAMED.match(text)
        if named is not None:
            text = text[named.end() :]
        text = without_extra_cells(text)  # (a summary: not the cells past the header's)
        head, colon, _rest = text.partition(":")
        # (a column of the file; or one a row needs that the file lacks, a name by itself:
        # "StartAktivitet: blank in a completed delivery …")
        if colon and (column_key(head) in self.columns or _FIELD_NAME.fullmatch(head)):
            reason = head.strip()
        elif text.startswith(_ROW_SHAPE):
            reason = CELLS_REASON
        else:
            reason = shorten(text, 60)
        entry = self.found.get(reason)
        if entry is None:
            entry = self._new(reason, line, text)
        entry[0] += 1
        self.total += 1

    def _new(self, reason: str, line: int, text: str) -> list[Any]:
        """The entry of a reason not counted yet: its own, or past the limit ``other``'s."""
        if len(self.found) >= self.limit:
            self.overflowed = True
            entry = self.found.get("other")
            if entry is not None:
                return entry
            reason = "other"
        entry = self.found[reason] = [0, line, text]
        return entry

    def merge(self, other: ErrorTally) -> bool:
        """Count *other*'s rows (of later lines) as if they had been added here.

        ``False``, and nothing counted, when *other* counted reasons as ``other``: which of
        them are named here is then unknown.
        """
        if other.overflowed:
            return False
        for reason, (rows, line, text) in other.found.items():
            entry = self.found.get(reason)
            if entry is None:
                entry = self._new(reason, line, text)
            entry[0] += rows
        self.total += other.total
        return True

    def counts(
        self, *, most_first: bool = False, first_limit: int | None = None
    ) -> tuple[ErrorCount, ...]:
        """The reasons, by name (or with *most_first*, by rows, most first).

        Args:
            most_first: sort by the number of rows, most first (ties by first appearance).
            first_limit: cut each first message at this many characters.
        """
        items = sorted(self.found.items()) if not most_first else self.found.items()
        counted = [
            ErrorCount(
                reason,
                rows,
                line,
                first if first_limit is None else shorten(first, first_limit),
            )
            for reason, (rows, line, first) in items
        ]
        if most_first:
            counted.sort(key=lambda count: -count.rows)
        return tuple(counted)


#: A cell as an error quotes it (:func:`~vardgaranti._text.echo`: in quotes, escapes inside; an
#: apostrophe within a word, "the clock's", opens none); one of two characters at most (a quoted
#: delimiter, ``';'``) is the message's own word.
_QUOTED: Final = re.compile(r"(?<!\w)'(?:[^'\\]|\\.)*'(?!\w)|\"(?:[^\"\\]|\\.)*\"")


def _without_cells(counts: tuple[ErrorCount, ...]) -> tuple[ErrorCount, ...]:
    """*counts* with the cells their first messages quote left out (``'…'``).

    A misplaced cell may hold anything of a patient's (a note, a telephone number), and the
    statistics are the output passed on (a privacy review).

    >>> _without_cells((ErrorCount("booked", 1, 3, "booked: 'ring 070' is not a date"),))[0].first
    "booked: '…' is not a date"
    >>> said = "by ';', ',' or blanks, the clock's, so 'a b' was"
    >>> _without_cells((ErrorCount("x", 1, 3, said),))[0].first
    "by ';', ',' or blanks, the clock's, so '…' was"
    """

    def cut(found: re.Match[str]) -> str:
        return found.group() if len(found.group()) <= 4 else "'…'"

    return tuple(attrs.evolve(count, first=_QUOTED.sub(cut, count.first)) for count in counts)


def _month_end(first: date) -> date:
    if first.month == 12:  # (December 9999 has no following month)
        return first.replace(day=31)
    return first.replace(month=first.month + 1, day=1) - timedelta(days=1)


def _column(header: Sequence[str], name: str) -> int:
    wanted = column_key(name)
    for index, column in enumerate(header):
        if column_key(column) == wanted:
            return index
    return -1


#: The columns of published figures by the Swedish names the stats table gives them (``stats
#: --lang sv``): a file written from that table's headers reads as one with the English.
_PUBLISHED_SV: Final = {
    "unit": ("enhet",),
    "level": ("nivå",),
    "home": ("hemlän",),
    "measure": ("mått",),
    "count": ("antal",),
    "share": ("andel %", "andel"),
    "scope": ("omfång",),
    "method": ("metod",),
}


def _published_column(header: Sequence[str], name: str) -> int:
    """The column *name* of published figures: by its name, else its Swedish name."""
    index = _column(header, name)
    for swedish in _PUBLISHED_SV.get(name, ()):
        if index >= 0:
            break
        index = _column(header, swedish)
    return index


def _census_of(
    file: AssessedFile, rows: Iterator[AssessedRow]
) -> tuple[date, list[AssessedRow], str]:
    """The census day the file names (the last day of its DatatGallerFor month).

    Returns:
        The day, the rows read ahead to find it, and where it came from.

    Raises:
        WaitingListError: the file names no month, or not as a date.
    """
    reader = DayReader()
    text = file.table.meta.get(PERIOD_COLUMN, "").strip()
    ahead: list[AssessedRow] = []
    origin = f"{PERIOD_COLUMN} of the delivery"
    if not text:
        index = _column(file.header, PERIOD_COLUMN)
        if index >= 0:
            for row in rows:
                ahead.append(row)
                text = row.cells[index].strip()
                if text or len(ahead) >= _LOOK_AHEAD:
                    break
            origin = f"the {PERIOD_COLUMN} column"
    if not text:
        raise WaitingListError(
            f"census is needed: {file.table.name} names no month ({PERIOD_COLUMN}) to take "
            "the census day from",
            field="census",
        )
    try:
        month = delivery_month(reader, text)
    except VardgarantiError as error:
        raise WaitingListError(
            f"census is needed: {file.table.name}: {error}", field="census"
        ) from None
    assert month is not None
    return _month_end(month.replace(day=1)), ahead, origin


def delivery_census(
    source: str | Path | IO[bytes],
    *,
    encoding: str = "auto",
    sheet: str | None = None,
    profile: str | Path | Profile = "auto",
) -> date | None:
    """The census day a file names: the last day of its ``DatatGallerFor`` month.

    The delivery's month (an XML delivery's ``Kontakt``), else the first ``DatatGallerFor``
    cell among the first rows; ``None`` when the file names none. A CSV file or a workbook is
    read only as far as that; an XML delivery's first pass reads it whole (it finds the
    header); standard input, ``"-"``, is not read (``None``). A binary stream is read from
    where it is, and left where the reading stopped. *profile* finds a CSV's delimiter, as the
    file's reading does.

    Raises:
        WaitingListError: the file cannot be opened or read.
        InvalidDateError: the file names its month otherwise than as a date (as
            :func:`compute_stats` refuses it: a day for the file is needed).
    """
    if str(source) == "-":
        return None
    columns = delimiter_columns(profile)
    with open_table(source, encoding=encoding, sheet=sheet, columns=columns) as table:
        text = table.meta.get(PERIOD_COLUMN, "").strip()
        index = _column(table.header, PERIOD_COLUMN)
        if not text and index >= 0:
            for _line, cells, *_rest in itertools.islice(table.records, _LOOK_AHEAD):
                text = cells[index].strip() if index < len(cells) else ""
                if text:
                    break
    if not text:
        return None
    try:
        month = delivery_month(DayReader(), text)
    except VardgarantiError as error:
        name = Path(str(source)).name if isinstance(source, (str, Path)) else table.name
        raise InvalidDateError(f"{name}: {error}") from None
    return None if month is None else _month_end(month.replace(day=1))


def _home_value(cell: str, codes: frozenset[str]) -> str:
    """``own``, ``other`` or ``unknown`` for an Lkf cell (``0000``, blank or not a code).

    A code of fewer than four digits lost its leading zeros in a spreadsheet (``180`` is
    ``0180``, Stockholm's län 01): see :func:`~vardgaranti._profiles.municipality`. A code
    whose first two digits are no län's (:data:`LAN_CODES`: ``0099``, ``9999``) is malformed:
    unknown, not another län's.
    """
    lkf = municipality(cell)
    if lkf is None or lkf == "0000" or lkf[:2] not in LAN_CODES:
        return "unknown"
    return "own" if lkf[:2] in codes else "other"


def _loaded_methods(methods: Sequence[str | Path | Method]) -> tuple[Method, ...]:
    """The methods, loaded; at least one, no name twice."""
    try:
        loaded = tuple(load_method(method) for method in methods)
    except VardgarantiError as error:
        raise error.about(error.field or "methods") from None
    if not loaded:
        raise WaitingListError("give at least one method", field="methods")
    names = [method.name for method in loaded]
    twice = next((name for number, name in enumerate(names) if name in names[:number]), None)
    if twice is not None:
        raise WaitingListError(f"the method {twice!r} is named twice", field="methods")
    return loaded


#: The län (county) codes, the first two digits of a municipality code (``Lkf``): SCB's
#: codes since 1998 (Skåne 12 and Västra Götaland 14 took the codes of the län they joined).
LAN_CODES: Final = frozenset(
    ("01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19",
     "20", "21", "22", "23", "24", "25")
)  # fmt: skip


def _home_codes(home_region: Iterable[str], split_home: bool) -> frozenset[str]:
    """The län codes of ``home_region``, checked."""
    codes = frozenset(code.strip() for code in home_region)
    if split_home and not codes:
        raise WaitingListError(
            "split_home needs home_region (the län codes of the own region)", field="split_home"
        )
    for code in sorted(codes):
        if len(code) != 2 or not (code.isascii() and code.isdigit()):
            raise WaitingListError(
                f"home_region {echo(code)}: a län code is two digits (the first two of Lkf, "
                "e.g. 18 for Örebro län)",
                field="home_region",
            )
        if code not in LAN_CODES:
            raise WaitingListError(
                f"home_region {echo(code)}: no län has this code (the län codes: "
                f"{', '.join(sorted(LAN_CODES))}); Regionkod numbers regions otherwise (55 is "
                "Region Örebro län, whose län code is 18)",
                field="home_region",
            )
    return codes


def compute_stats(
    source: str | Path | IO[str] | IO[bytes],
    *,
    census: date | None = None,
    period: date | None = None,
    methods: Sequence[str | Path | Method] = ("skr",),
    by: Sequence[str] | None = None,
    bands: Sequence[int] | None = None,
    min_group: int | None = None,
    home_region: Sequence[str] = (),
    split_home: bool = False,
    rules: RuleSet = NATIONAL,
    scenario: RuleSet | None = None,
    policy: Policy = Policy(),  # noqa: B008 - frozen, safe as a default
    profile: str | Path | Profile = "auto",
    encoding: str = "auto",
    sheet: str | None = None,
    notes: Callable[[str], None] | None = None,
    workers: int = 1,
) -> Stats:
    r"""Count the waiting and the completed of a waiting list, per group, by each method.

    The file is read once, row by row (memory grows with the groups, not the rows). Each row
    is read and evaluated by :func:`~vardgaranti.assess_file` and counted by a
    :class:`StatsCounter`; the ``legal`` method and the scenario evaluate the waiting rows
    again as of the census day, on the same cells.

    Args:
        source: a path (CSV, national XML or Excel), ``"-"`` for standard input, or a stream.
        census: the census day of the waiting; by default the last day of the month the file
            names (``DatatGallerFor``: the XML delivery's, or the column's in the first row).
        period: the month of the completed (any day of it); by default the census day's.
        methods: the methods, by name or file (the first is the one reconciled and whose
            defaults apply).
        by: the group columns: names of the file's columns (case-insensitive), or ``unit``
            (the profile's unit column) and ``level`` (the evaluated level). ``()``: no groups,
            only the total. By default ``unit`` and ``level``, or ``level`` alone for a file
            without a unit column.
        bands: the upper bounds of the bands (default: the first method's).
        min_group: the smallest group whose figures are shown (default: the first method's).
        home_region: län codes (the first two digits of ``Lkf``): without *split_home* only
            patients whose ``Lkf`` begins with one of them are counted.
        split_home: split every group by home region instead (a first group column ``home``:
            ``own``, ``other``, ``unknown`` for ``0000``, blank or malformed).
        rules: the rule set of the law's count (and of each row's evaluation).
        scenario: a second rule set: the waiting is also counted under it.
        policy: roll-forward and the at-risk window of the law's count.
        profile: how to read the columns (``auto``, ``native``, ``skr``, a profile file).
        encoding: for CSV input: ``auto``, ``utf-8``, ``cp1252`` or ``utf-16``.
        sheet: for Excel input: the sheet.
        notes: called with each one-line note about the input.
        workers: at most this many processes read the file side by side (as ``check``'s
            *workers*: a large CSV file given by its path, on Linux); each counts its slice
            and the counts are merged in order: the same figures as one process's.

    Returns:
        The :class:`Stats`.

    Raises:
        WaitingListError: the file cannot be used, a group column is not in it (field
            ``by``), no census day is given or named by the file (field ``census``), or
            *home_region* is not two-digit codes.
        MethodError: a method that cannot be loaded.
        DateTypeError: *census* or *period* that is not a date (its field named).
        InvalidTypeError: *scenario* that is not a ``RuleSet``, or another argument of
            the wrong type (its field named).

    A group smaller than *min_group* is hidden (only its count is to be shown); the total,
    never:

    >>> import io
    >>> text = ("id;unit;level;start\nA;Orto;visit;2025-01-02\nB;Orto;visit;2025-05-01\n"
    ...         "C;Hud;visit;2025-04-01\n")
    >>> stats = compute_stats(io.StringIO(text), census=date(2025, 5, 31), by=["unit"], min_group=2)
    >>> [(group.key, group.figures(0, "waiting").hidden) for group in stats.groups]
    [(('Hud',), True), (('Orto',), False)]
    >>> stats.total.figures(0, "waiting").share
    Fraction(2, 3)
    """
    _check_arguments(methods, by, bands, min_group, home_region)
    callback(notes, "notes")
    loaded = _loaded_methods(methods)
    codes = _home_codes(home_region, split_home)
    check_workers(workers)
    said: list[str] = []

    def note(text: str) -> None:
        said.append(text)
        if notes is not None:
            notes(text)

    with assess_file(
        source,
        as_of=_FACTS_AS_OF,
        rules=rules,
        policy=policy,
        profile=profile,
        encoding=encoding,
        sheet=sheet,
    ) as file:
        for text in file.table.notes:
            note(text)
        rows: Iterator[AssessedRow] = iter(file.rows)
        ahead: list[AssessedRow] = []
        if census is None:
            census, ahead, origin = _census_of(file, rows)
            said.append(f"census day {census.isoformat()}: the last day of the month of {origin}")
        census_day = census

        def make() -> StatsCounter:
            return StatsCounter(
                file,
                census=census_day,
                period=period,
                methods=loaded,
                by=by,
                bands=bands,
                min_group=min_group,
                home_region=tuple(sorted(codes)),
                split_home=split_home,
                scenario=scenario,
            )

        counter = make()
        done = counter.sliced(workers, notes)
        if not done:
            if done is False:  # slices that could not be merged: counted again, anew
                counter = make()
            counter.run(itertools.chain(ahead, rows))
        for text in counter.notes:
            note(text)
        return counter.result(said)


#: The most spellings of a group column's cell whose group is remembered (a cache).
CELLS_KEPT: Final = 10_000
_Group = TypeVar("_Group")


def cell_group(
    by_cell: dict[str, dict[Any, _Group]],
    groups: dict[Any, _Group],
    cell: str,
    level: Any,
    make: Callable[[], _Group],
) -> _Group:
    """The group of a row by its unit cell as written and its level: found, or made.

    The counters that run for every row (the statistics', the report's) look in *by_cell*
    themselves first, two lookups with no key built; on a miss they call this, which finds the
    group by the cell stripped (``groups[(cell.strip(), level)]``, made by *make* if new) and
    remembers the spelling, within :data:`CELLS_KEPT` spellings (past that the memory is
    cleared: it is only a cache).
    """
    levels = by_cell.get(cell)
    if levels is None:
        if len(by_cell) >= CELLS_KEPT:
            by_cell.clear()
        levels = by_cell[cell] = {}
    key = (cell.strip(), level)
    group = groups.get(key)
    if group is None:
        group = groups[key] = make()
    levels[level] = group
    return group


#: The most characters of a row's error kept (as :func:`assess_file` keeps them).
_ERROR_TEXT: Final = 1000


def _said_by(text: str, error: VardgarantiError) -> bool:
    """Whether *text* (a row's error, as kept) is *error*'s message, whole or shortened."""
    said = str(error)
    if text == said:
        return True
    head, mark, tail = text.rpartition("… (")
    return (
        bool(mark) and said.startswith(head) and tail == f"{len(said) - len(head)} more characters)"
    )


def _check_arguments(
    methods: object, by: object, bands: object, min_group: object, home_region: object
) -> None:
    """The plain arguments of the statistics, each several values where several are asked for."""
    several(methods, "methods", "skr")
    if by is not None:
        several(by, "by", "unit", texts=True)
    if bands is not None:
        several(bands, "bands", 30)
    several(home_region, "home_region", "01", texts=True)
    whole_number(min_group, "min_group", 0, none=True)


class StatsState(NamedTuple):
    """What a slice's :class:`StatsCounter` hands to the one that merges it.

    Opaque: :meth:`StatsCounter.state` makes it and :meth:`StatsCounter.merge` takes it
    (a file counted in slices, each in a process of its own); its fields are not part of the
    API and may change.
    """

    groups: dict[tuple[str, ...], list[_Tally]]
    errors: ErrorTally
    scenario_errors: ErrorTally
    not_covered: dict[str, int]
    other_level: list[int]
    counts: tuple[int, ...]
    no_coverage: list[int]


class StatsCounter:
    """Counts the rows of an open waiting list as they are read (the engine of ``stats``).

    For a command that reads a file for other things too (the report): open the file with
    :func:`~vardgaranti.assess_file`, make a counter, give it every row
    (:attr:`add`, or :meth:`run`), and take the figures (:meth:`result`). Memory grows with
    the groups, never with the rows.

    Each row comes evaluated as of the file's as-of day. What the methods count by (the dates,
    the codes, the level, the cover) is the same on any day but for what has not happened yet
    on it; the law's count of the waiting is the evaluation as of the census day. So, by the
    day the file was opened as of:

    * ``datetime.date.max``, as :func:`compute_stats` opens it: each row's evaluation gives
      the facts; a waiting row whose clock was paused or restarted is evaluated again as of
      the census day for the law's count;
    * the census day (the report's one pass): each row's evaluation *is* the law's count of a
      waiting row, used as it is. The few rows whose evaluation on the census day is not the
      facts are evaluated again as of ``date.max``: a row that cannot be evaluated on the
      census day (one starting after it: ``check`` calls it an error on that day, the
      statistics count it as outside the census, or completed in the period), a completion
      after the census day (its outcome), and a restart the census day does not count yet;
    * any other day: every row is evaluated again as of ``date.max`` (twice the work: open the
      file as of the census day or ``date.max`` instead).

    The figures are the same whichever day the file was opened as of.

    Args:
        file: the open file, whose rows are given to :attr:`add`.
        census: the census day of the waiting.
        period: the month of the completed (any day of it); by default the census day's.
        methods: the methods, by name or file (the first one's defaults apply).
        by: the group columns (see :func:`compute_stats`).
        bands: the upper bounds of the bands (default: the first method's).
        min_group: the smallest group whose figures are shown (default: the first method's).
        home_region: län codes (see :func:`compute_stats`).
        split_home: split every group by home region instead of filtering by it.
        scenario: a second rule set: the waiting is also counted under it.

    The rule set and the policy are the file's (those it was opened with).

    Raises:
        InvalidTypeError: *file* is not an :class:`AssessedFile` (field ``file``).
        WaitingListError: a group column is not in the file, a method is named twice, or
            *home_region* is not two-digit codes.
        MethodError: a method that cannot be loaded.

    >>> from vardgaranti import example_waiting_list
    >>> census = date(2025, 5, 31)
    >>> with assess_file(example_waiting_list(), as_of=census) as file:
    ...     counter = StatsCounter(file, census=census, by=())
    ...     counter.run(file.rows)
    >>> counter.result() == compute_stats(example_waiting_list(), census=census, by=())
    True
    """

    def __init__(
        self,
        file: AssessedFile,
        *,
        census: date,
        period: date | None = None,
        methods: Sequence[str | Path | Method] = ("skr",),
        by: Sequence[str] | None = None,
        bands: Sequence[int] | None = None,
        min_group: int | None = None,
        home_region: Iterable[str] = (),
        split_home: bool = False,
        scenario: RuleSet | None = None,
    ) -> None:
        census = as_date(census, "census")
        check_assessed(file)  # (any day: the figures are counted as of the census)
        if period is not None:  # (the first day of the month is read, any day in it will do)
            period = as_date(period, "period")
        if scenario is not None and not isinstance(scenario, RuleSet):
            raise InvalidTypeError(
                f"scenario must be a RuleSet (BUP or rule_set(...)), not "
                f"{type(scenario).__name__} {echo(scenario)}",
                field="scenario",
            )
        _check_arguments(methods, by, bands, min_group, home_region)
        flag(split_home, "split_home")  # (split_home=[] was kept as the Stats' value)
        methods = _loaded_methods(methods)
        home = _home_codes(home_region, split_home)
        first = methods[0]
        self.bands = first.bands
        if bands is not None:  # as --bands reads them (an empty tuple had no labels)
            self.bands = _checked_bands(tuple(bands), ",".join(str(bound) for bound in bands))
        self.min_group = first.min_group if min_group is None else min_group
        self.file = file
        self.source = file.table.name
        self.census = census
        self.period = (census if period is None else period).replace(day=1)
        self.methods = methods
        self.home = home
        self.split_home = split_home
        self.scenario_name = None if scenario is None else scenario.name
        header = file.header
        names: list[str] = ["home"] if split_home else []
        parts: list[int] = []  # a column's position, or -1 for the evaluated level
        if by is None:  # (asked for no groups, a file without units is grouped by level)
            by = ("unit", "level") if file.column.get("unit", -1) >= 0 else ("level",)
        seen: set[str] = set()
        for wanted in by:
            name = wanted.strip()
            lowered = name.lower()
            if not name:
                continue
            key = column_key(name)  # (in any case, a letter in either Unicode form)
            if key in seen:
                raise WaitingListError(f"by names {echo(name)} twice", field="by")
            seen.add(key)
            if lowered == "level":
                parts.append(-1)
                names.append("level")
                continue
            if lowered == "unit":
                index = file.column.get("unit", -1)
                if index < 0:
                    column = file.profile.columns.get("unit")
                    raise WaitingListError(
                        f"by unit: {file.table.name} has no unit column"
                        + (f" ({column!r} for the {file.profile.name} format)" if column else ""),
                        field="by",
                    )
                parts.append(index)
                names.append("unit")
                continue
            index = _column(header, name)
            if index < 0:
                shown = ", ".join(echo(column) for column in header[:40])
                raise WaitingListError(
                    f"by {echo(name)}: {file.table.name} has no such column (the columns: "
                    f"{shown}; or unit, level)",
                    field="by",
                )
            parts.append(index)
            names.append(header[index].strip())
        #: The group columns, as named in the figures.
        self.by = tuple(names)
        self.parts = tuple(parts)
        self.i_home = -1
        if home:
            self.i_home = _column(header, HOME_COLUMN)
            if self.i_home < 0:
                raise WaitingListError(
                    f"home_region needs the column {HOME_COLUMN} in {file.table.name} (the "
                    "patient's home municipality, whose first two digits are the län)",
                    field="home_region",
                )
        self.i_period = _column(header, PERIOD_COLUMN)
        evaluator = file.evaluator
        rules, policy, calendar = evaluator.rules, evaluator.policy, evaluator.calendar
        as_of = evaluator.as_of
        #: How the rows' evaluations are used (see the class's notes): ``facts`` (as of the
        #: last day), ``census`` (as of the census day) or ``again`` (as of another day).
        self.mode = "facts" if as_of == _FACTS_AS_OF else "census" if as_of == census else "again"
        self.facts: RowEvaluator | None = None
        if self.mode != "facts":
            self.facts = RowEvaluator(file.profile, header, _FACTS_AS_OF, rules, policy, calendar)
        self.legal = any(method.clock == "legal" for method in methods)
        self.law: RowEvaluator | None = None
        if self.legal and self.mode != "census":
            self.law = RowEvaluator(file.profile, header, census, rules, policy, calendar)
        self.scenario: RowEvaluator | None = None
        if scenario is not None:
            self.scenario = RowEvaluator(file.profile, header, census, scenario, policy, calendar)
        self.adders = tuple(
            _legal_adder(census) if method.clock == "legal" else _calendar_adder(method, census)
            for method in methods
        )
        self.groups: dict[tuple[str, ...], list[_Tally]] = {}
        self.errors = ErrorTally(header)
        self.scenario_errors = ErrorTally(header)
        self.not_covered: dict[str, int] = {}
        self.other_level = [0] * len(methods)
        self.no_coverage = [0] * len(methods)
        add, tallied = self._make_add()
        #: Count one row (:class:`~vardgaranti._waiting_list.AssessedRow`) of the file.
        self.add: Callable[[AssessedRow], None] = add
        self._merged = [0] * len(tallied())  # the counters of merged slices

        def counts() -> tuple[int, ...]:
            return tuple(a + b for a, b in zip(tallied(), self._merged, strict=True))

        self._tallied = counts

    def run(self, rows: Iterable[AssessedRow]) -> None:
        """Count every row of *rows*.

        Args:
            rows: rows of the counter's file (e.g. its ``rows``), in the file's order.
        """
        add = self.add
        for row in rows:
            add(row)

    def _again(
        self, row: AssessedRow, error: str
    ) -> tuple[Assessed | None, str, Assessed | VardgarantiError | None]:
        """The facts of a row the pass could not evaluate, as of the last day.

        Returns:
            The facts (``None``: an error on that day too), the error to count, and the row's
            evaluation as of the pass's day (an error).
        """
        assert self.facts is not None
        cells = row.cells
        judged = self.file.evaluator.assess(cells)
        if not isinstance(judged, VardgarantiError) or not _said_by(error, judged):
            return None, error, None  # the record itself is wrong (its cells): on any day
        facts = self.facts.assess(cells)
        if isinstance(facts, VardgarantiError):
            text = str(facts)
            return None, error if text == str(judged) else shorten(text, _ERROR_TEXT), None
        return facts, "", judged

    def _make_add(
        self,
    ) -> tuple[Callable[[AssessedRow], None], Callable[[], tuple[int, ...]]]:
        """The per-row function of :attr:`add` (what it needs bound as locals), and its counts."""
        census = self.census
        first = self.period
        last = _month_end(first)
        # A completed delivery (Genomförda) reports the month's contacts carried out, no one
        # waiting: a contact carried out after the month is neither (validate's V018 names it);
        # a waiting delivery (Väntande) the patients waiting at the month's end, no one
        # completed: a contact in it carried out by then is neither (its completed figures
        # would be a part of the month's)
        from ._xml import DELIVERIES

        table = self.file.table
        delivery = table.meta.get("delivery") if table.kind == "xml" else None
        completed_only = delivery == DELIVERIES[1]
        waiting_only = delivery == DELIVERIES[0]
        methods = self.methods
        adders = self.adders
        groups = self.groups
        parts = self.parts
        split_home = self.split_home
        home_codes = self.home
        i_home = self.i_home
        i_period = self.i_period
        legal = self.legal
        law_assess = self.law.assess if self.law is not None else None
        scenario_assess = self.scenario.assess if self.scenario is not None else None
        facts_assess = self.facts.assess if self.facts is not None else None
        again = self._again
        reuse = self.mode == "census"
        every = self.mode == "again"
        error_type = VardgarantiError
        deviation_status = Status.DEVIATION
        evaluator = self.file.evaluator
        i_restart = evaluator.i_restart
        # Native files: exclusion periods with reasons (pvv, mov) stand for the codes.
        spans_of = evaluator.spans
        i_exclusions = evaluator.i_exclusions
        pairs = tuple((i_from, i_to) for _r, i_from, i_to, _f, _l in evaluator.pairs)
        has_periods = i_exclusions >= 0 or bool(pairs)
        # The group key: the common shapes without a loop (a level is a str: StrEnum).
        shape = len(parts) if not split_home and len(parts) <= 2 else -1
        first_part = parts[0] if parts else 0
        second_part = parts[1] if len(parts) > 1 else 0
        cell_level = shape == 2 and first_part >= 0 and second_part < 0
        by_cell: dict[str, dict[Level | None, list[_Tally]]] = {}

        def new_tallies() -> list[_Tally]:
            return [_Tally() for _ in methods]

        by_level: dict[Level | None, tuple[tuple[tuple[int, _Adder], ...], tuple[int, ...]]] = {}
        period_cache: dict[str, bool | str] = {}  # same month, or the error
        reader = DayReader()
        census_month = census.replace(day=1)
        census_day = census.toordinal()
        not_covered = self.not_covered
        other_level = self.other_level
        no_coverage = self.no_coverage
        # Methods that count only Vardgaranti yes: a blank coverage cell leaves them out.
        covered_only = tuple(method.covered_only for method in methods)
        i_covered = self.file.column.get("covered", -1) if any(covered_only) else -1
        add_error = self.errors.add
        add_scenario_error = self.scenario_errors.add
        none: tuple[str, ...] = ()
        read = empty = outside = counted = other_home = unknown_home = other_month = 0
        period_text = ""

        def add(row: AssessedRow) -> None:
            nonlocal read, empty, outside, counted, other_home, unknown_home, other_month
            nonlocal period_text
            read += 1
            facts = row.assessed
            cells = row.cells
            # census: the row's evaluation as of the census day (the law's count of the waiting)
            on_census: Assessed | VardgarantiError | None = facts
            if facts is None:
                error = row.error
                if error is None:
                    empty += 1
                    return
                if facts_assess is not None:
                    facts, error, on_census = again(row, error)
                if facts is None:
                    add_error(row.line, error)
                    return
            # one unpacking rather than an attribute at a time: this runs for every row
            (
                level, _rule, start, clock_start, done, _booked, status, deadline,
                _care_deadline, _days_waited, _left, _over, excluded, _care, uncovered,
                deviation, _referred, _periods,
            ) = facts  # fmt: skip
            if every or (
                reuse
                and (
                    (done is not None and done > census)
                    or (i_restart >= 0 and cells[i_restart] and clock_start == start)
                )
            ):
                assert facts_assess is not None
                found = facts_assess(cells)
                if isinstance(found, error_type):
                    add_error(row.line, shorten(str(found), _ERROR_TEXT))
                    return
                facts = found
                (
                    level, _rule, start, clock_start, done, _booked, status, deadline,
                    _care_deadline, _days_waited, _left, _over, excluded, _care, uncovered,
                    deviation, _referred, _periods,
                ) = facts  # fmt: skip
            if i_period >= 0:
                text = cells[i_period]
                if text != period_text:
                    same = period_cache.get(text)
                    if same is None:
                        try:
                            day = delivery_month(reader, text)
                        except error_type as error:  # the row's error, as the first row's
                            same = shorten(str(error), _ERROR_TEXT)  # stops the file
                        else:  # (a blank cell: this month's row)
                            same = day is None or day.replace(day=1) == census_month
                        if len(period_cache) < 1_000:
                            period_cache[text] = same
                    if same is True:
                        period_text = text
                    elif same is False:  # another month's delivery (two exports joined): its
                        other_month += 1  # rows say who waited at that month's end, not this one's
                        return
                    else:
                        add_error(row.line, same)
                        return
            if start <= census and (done is None or done > census) and not completed_only:
                waited = census_day - start.toordinal()  # calendar days waited, at the census
            else:
                waited = -1
            if done is not None and first <= done <= last and not waiting_only:
                took = done.toordinal() - start.toordinal()  # calendar days to the completion
            elif waited < 0:
                outside += 1
                return
            else:
                took = -1
            home = ""
            if i_home >= 0:
                home = _home_value(cells[i_home], home_codes)
                if not split_home and home != "own":
                    if home == "other":
                        other_home += 1
                    else:
                        unknown_home += 1
                    return
            if uncovered is not None:
                reason = uncovered.value
                not_covered[reason] = not_covered.get(reason, 0) + 1
                return
            plan = by_level.get(level)
            if plan is None:
                plan = by_level[level] = (
                    tuple(
                        (index, adder)
                        for index, (method, adder) in enumerate(zip(methods, adders, strict=True))
                        if method.counts(level)
                    ),
                    tuple(
                        index for index, method in enumerate(methods) if not method.counts(level)
                    ),
                )
            counting, skipping = plan
            if i_covered >= 0 and counting and not cells[i_covered].strip():
                for index, _adder in counting:
                    if covered_only[index]:
                        no_coverage[index] += 1
                counting = tuple(pair for pair in counting if not covered_only[pair[0]])
            if not counting or level is None:  # a method counts no row without a level
                for index in skipping:
                    other_level[index] += 1
                return
            codes_waiting: tuple[str, ...]
            codes_completed: tuple[str, ...]
            if deviation is not None:
                codes_waiting = codes_completed = (deviation,)
            elif has_periods and (
                (i_exclusions >= 0 and cells[i_exclusions])
                or (pairs and any(cells[i] or cells[j] for i, j in pairs))
            ):
                codes_waiting, codes_completed = _codes_of_periods(
                    spans_of, cells, census, done, start
                )
            else:
                codes_waiting = codes_completed = none
            law: _Law | None = None
            scenario: Assessed | VardgarantiError | None = None
            if waited >= 0:
                if not legal:
                    pass
                elif status is deviation_status:
                    law = _LAW_NOT_JUDGED
                elif excluded == 0 and clock_start == start and deadline is not None:
                    # No pause and no restart: on the census day the law's clock is the
                    # calendar's, and the case is open; past its deadline, it is overdue
                    # (as judge() decides; the property tests compare with check).
                    law = (waited, census <= deadline, False, False)
                else:
                    judged = on_census if reuse or law_assess is None else law_assess(cells)
                    if isinstance(judged, error_type):  # an error row, counted nowhere else
                        add_error(row.line, str(judged))
                        return
                    assert judged is not None
                    if judged.status is deviation_status or judged.days_waited is None:
                        law = _LAW_NOT_JUDGED
                    else:
                        days = judged.days_waited
                        law = (
                            days,
                            judged.status in _OPEN_WITHIN,
                            days < (census - judged.clock_start).days,
                            judged.clock_start != judged.start,
                        )
                if scenario_assess is not None:
                    scenario = scenario_assess(cells)
            for index in skipping:
                other_level[index] += 1
            key: tuple[str, ...]
            if cell_level:  # by a column and the level (unit, level): no key to build
                cell = cells[first_part]
                levels = by_cell.get(cell)
                found_tallies = None if levels is None else levels.get(level)
                if found_tallies is None:
                    found_tallies = cell_group(by_cell, groups, cell, level, new_tallies)
                tallies = found_tallies
            else:
                if shape == 2:
                    key = (
                        level if first_part < 0 else cells[first_part].strip(),
                        level if second_part < 0 else cells[second_part].strip(),
                    )
                elif shape == 1:
                    key = (level if first_part < 0 else cells[first_part].strip(),)
                elif shape == 0:
                    key = none
                else:
                    values = [level if i < 0 else cells[i].strip() for i in parts]
                    key = (home, *values) if split_home else tuple(values)
                found_tallies = groups.get(key)
                if found_tallies is None:
                    found_tallies = groups[key] = [_Tally() for _ in methods]
                tallies = found_tallies
            counted += 1
            # A row the scenario could not evaluate is named only when the scenario's figures
            # count it (the first method's waiting): not when the method leaves it out anyway.
            failed = scenario is not None and isinstance(scenario, error_type)
            before = tallies[0].counts[_S_ERRORS] if failed else 0
            for index, adder in counting:
                adder(
                    tallies[index],
                    facts,
                    law,
                    scenario,
                    codes_waiting,
                    codes_completed,
                    waited,
                    took,
                )
            if failed and tallies[0].counts[_S_ERRORS] > before:
                add_scenario_error(row.line, str(scenario))

        def tallied() -> tuple[int, ...]:
            return read, empty, outside, counted, other_home, unknown_home, other_month

        return add, tallied

    def sliced(self, workers: int, notes: Callable[[str], None] | None = None) -> bool | None:
        """Count the file in up to *workers* processes (see ``AssessedFile.count_in_slices``).

        Args:
            workers: at most this many processes.
            notes: told why the file is read in one piece, or counted again.

        Returns:
            ``True`` counted; ``None``: the file is to be read in one piece (nothing counted);
            ``False``: a slice's counts could not be merged (see :meth:`merge`), and this
            counter holds part of them.
        """
        return self.file.count_in_slices(
            workers, lambda rows, _k: self.run(rows), self.state, self.merge, notes
        )

    def state(self) -> StatsState:
        """What :meth:`merge` takes from the counter of a later slice of the file."""
        return StatsState(
            self.groups,
            self.errors,
            self.scenario_errors,
            self.not_covered,
            self.other_level,
            self._tallied(),
            self.no_coverage,
        )

    def merge(self, state: StatsState) -> bool:
        """Count a later slice's rows as if this counter had read them after its own.

        ``False``, and nothing merged, when the slice counted more reasons of errors than
        are named (see :meth:`ErrorTally.merge`): then only one piece gives the same counts.

        Args:
            state: the :meth:`state` of the counter of a later slice of the same file.

        Returns:
            ``True`` when merged; ``False`` when nothing was merged.
        """
        if state.errors.overflowed or state.scenario_errors.overflowed:
            return False
        self.errors.merge(state.errors)
        self.scenario_errors.merge(state.scenario_errors)
        for key, tallies in state.groups.items():
            mine = self.groups.get(key)
            if mine is None:
                self.groups[key] = tallies
                continue
            for tally, theirs in zip(mine, tallies, strict=True):
                tally.merge(theirs)
        for reason, count in state.not_covered.items():
            self.not_covered[reason] = self.not_covered.get(reason, 0) + count
        for index, count in enumerate(state.other_level):
            self.other_level[index] += count
        for index, count in enumerate(state.no_coverage):
            self.no_coverage[index] += count
        for index, count in enumerate(state.counts):
            self._merged[index] += count
        return True

    @property
    def notes(self) -> tuple[str, ...]:
        """One-line notes about what was counted so far (rows of another month, not counted)."""
        other_month = self._tallied()[-1]
        if not other_month:
            return ()
        return (
            ("1 row names" if other_month == 1 else f"{other_month} rows name")
            + f" another month ({PERIOD_COLUMN}) than the census day's ({month_text(self.census)})"
            + ": left out of the statistics (another month's delivery)",
        )

    def result(self, notes: Sequence[str] | None = None) -> Stats:
        """The :class:`Stats` of the rows counted so far.

        Args:
            notes: the notes of the figures; by default the file's and :attr:`notes`.

        Returns:
            The figures per group and in all, for each method, with the rows counted.
        """
        read, empty, outside, counted, other_home, unknown_home, _other = self._tallied()
        rows = {
            "read": read,
            "empty": empty,
            "errors": self.errors.total,
            "outside": outside,
            "counted": counted,
        }
        if self.i_home >= 0:
            rows.update(home_other=other_home, home_unknown=unknown_home)
        if _other:  # rows of another month's delivery: not counted
            rows["other_month"] = _other
        if notes is None:
            notes = (*self.file.table.notes, *self.notes)
        methods = self.methods
        thresholds = methods[0].thresholds
        bands = self.bands
        min_group = self.min_group
        with_scenario = self.scenario is not None
        groups = []
        totals = [_Tally() for _ in methods]
        # Keys hold levels as Level (a str); the figures name them by their value.
        named = {tuple(str(value) for value in key): key for key in self.groups}
        for key in sorted(named, key=lambda names: tuple(map(swedish_key, names))):
            tallies = self.groups[named[key]]
            for total, tally in zip(totals, tallies, strict=True):
                total.merge(tally)
            if self.by:  # without group columns there is only the total
                groups.append(
                    _group_stats(key, tallies, thresholds, bands, min_group, with_scenario)
                )
        return Stats(
            source=self.source,
            census=self.census,
            period=self.period,
            methods=methods,
            by=self.by,
            thresholds=thresholds,
            bands=bands,
            min_group=min_group,
            groups=tuple(groups),
            total=_group_stats((), totals, thresholds, bands, 0, with_scenario),
            rows=rows,
            not_covered=dict(sorted(self.not_covered.items())),
            other_level=tuple(self.other_level),
            no_coverage=tuple(self.no_coverage),
            errors=_without_cells(self.errors.counts()),
            scenario=self.scenario_name,
            scenario_errors=_without_cells(self.scenario_errors.counts()),
            home_region=tuple(sorted(self.home)),
            split_home=self.split_home,
            notes=tuple(notes),
        )


_PAUSE_CODES: Final = {ExclusionReason.PVV: "pvv", ExclusionReason.MOV: "mov"}


def _codes_of_periods(
    spans_of: Callable[[list[str], None], list[tuple[date, date, ExclusionReason]]],
    cells: list[str],
    census: date,
    completed: date | None,
    day_0: date,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The deviation codes a row's exclusion periods stand for (native files).

    A period with reason ``pvv`` or ``mov`` counts as that code for a measure when it begins on
    or before the measure's day (the census day; the completion) and ends after *day_0* (the
    start the official methods count from): a period that ended by then is no part of this
    wait, as the law's count ignores it (only days after day 0 count). ``region`` has no code.
    """
    try:
        spans = spans_of(cells, None)
    except VardgarantiError:  # pragma: no cover - the row was read without error before
        return (), ()
    if len(spans) == 1:  # the common row: one period
        start, end, reason = spans[0]
        code = _PAUSE_CODES.get(reason)
        if code is None or end <= day_0:
            return (), ()
        one = (code,)
        return (
            one if start <= census else (),
            one if completed is not None and start <= completed else (),
        )
    waiting: set[str] = set()
    done: set[str] = set()
    for start, end, reason in spans:
        code = _PAUSE_CODES.get(reason)
        if code is None or end <= day_0:
            continue
        if start <= census:
            waiting.add(code)
        if completed is not None and start <= completed:
            done.add(code)
    return tuple(c for c in CODES if c in waiting), tuple(c for c in CODES if c in done)


def _group_stats(
    key: tuple[str, ...],
    tallies: Sequence[_Tally],
    thresholds: tuple[int, ...],
    bands: tuple[int, ...],
    min_group: int,
    scenario: bool,
) -> GroupStats:
    return GroupStats(
        key,
        tuple(
            _figures(tally.waiting, tally.counts, 0, thresholds, bands, min_group, scenario)
            for tally in tallies
        ),
        tuple(
            _figures(tally.completed, tally.counts, _STRIDE, thresholds, bands, min_group, False)
            for tally in tallies
        ),
    )


def _figures(
    histogram: Mapping[int, int],
    counts: Sequence[int],
    base: int,
    thresholds: tuple[int, ...],
    bands: tuple[int, ...],
    min_group: int,
    scenario: bool,
) -> Figures:
    items = sorted(histogram.items())
    count = sum(rows for _days, rows in items)
    under = [0] * len(thresholds)
    in_band = [0] * (len(bands) + 1)
    for days, rows in items:
        for index, limit in enumerate(thresholds):
            if days <= limit:
                under[index] += rows
        band = next((i for i, high in enumerate(bands) if days <= high), len(bands))
        in_band[band] += rows
    median: Fraction | None = None
    if count:
        low_rank, high_rank = (count - 1) // 2, count // 2
        low = high = None
        seen = 0
        for days, rows in items:
            if low is None and seen + rows > low_rank:
                low = days
            if seen + rows > high_rank:
                high = days
                break
            seen += rows
        assert low is not None
        assert high is not None
        median = Fraction(low + high, 2)
    return Figures(
        count=count,
        within=counts[base + _WITHIN],
        thresholds=tuple(under),
        bands=tuple(in_band),
        median=median,
        left_out={code: counts[base + _LEFT[code]] for code in CODES},
        paused=counts[base + _PAUSED],
        restarted=counts[base + _RESTARTED],
        not_judged=counts[base + _NOT_JUDGED],
        hidden=count < min_group,
        scenario=ScenarioFigures(
            count=counts[base + _S_COUNT],
            within=counts[base + _S_WITHIN],
            base_within=counts[base + _S_BASE],
            not_judged=counts[base + _S_NOT_JUDGED],
            errors=counts[base + _S_ERRORS],
        )
        if scenario
        else None,
    )


# -- published figures -------------------------------------------------------------------------

_MEASURE_WORDS: Final = {
    "waiting": "waiting",
    "väntande": "waiting",
    "vantande": "waiting",
    "completed": "completed",
    "genomförda": "completed",
    "genomforda": "completed",
}


@attrs.frozen
class PublishedRow:
    """One row of a file of published figures, as :func:`read_published` reads it.

    Attributes:
        line: its line in the file.
        scope: ``group``, or ``total`` for the figures of the whole list.
        measure: ``waiting`` or ``completed``.
        key: the group's values, in the order of the figures' group columns.
        count: the published count, if given.
        share: the published share as a percent (exact, as written), if given.
        decimals: the decimals the share was published with (the precision compared at).
    """

    line: int
    scope: str
    measure: Measure
    key: tuple[str, ...]
    count: int | None
    share: Fraction | None
    decimals: int


def _share_cell(text: str) -> tuple[Fraction, int] | None:
    cleaned = text.strip().rstrip("%").strip().replace(",", ".").replace("\u00a0", "")
    if not cleaned:
        return None
    whole, point, decimals = cleaned.partition(".")
    if not whole.isdigit() or (point and not decimals.isdigit()) or len(cleaned) > 20:
        raise ValueError
    value = Fraction(cleaned)
    if value > 100:
        raise ValueError
    return value, len(decimals)


def read_published(
    source: str | Path | IO[str] | IO[bytes],
    by: Sequence[str],
    *,
    encoding: str = "auto",
    method: str | None = None,
) -> list[PublishedRow]:
    r"""Read a file of published figures (CSV, or Excel) for the group columns *by*.

    The columns (names case-insensitive, in any order; others are ignored): every group
    column of the figures (*by*: ``unit``, ``level``, ``home`` or the file's own names),
    ``measure`` (``waiting``/``väntande`` or ``completed``/``genomförda``), ``count`` and/or
    ``share`` (a percent: ``87.5``, ``87,5`` or ``87,5 %``; empty: not published), and
    optionally ``scope`` (``group``, or ``total`` for the whole list) and ``method`` (the
    figures of several methods side by side: the rows of *method* are read). The ``--csv``
    output of ``stats`` is such a file, also with ``--compare-methods``.

    Args:
        source: a path (CSV or Excel), ``"-"`` for standard input, or a stream.
        by: the group columns of the figures compared with (:attr:`Stats.by`); ``()``: none.
        encoding: for CSV: ``auto``, ``utf-8``, ``cp1252`` or ``utf-16``.
        method: of a file with a ``method`` column, the method whose rows are read (its
            name, any case; ``None``: the file must name one method).

    Returns:
        One :class:`PublishedRow` per row that is not blank (of *method*), in the file's order.

    Raises:
        WaitingListError: the file cannot be read, lacks a column, or has a bad or repeated
            row (one line naming the file and the line).

    Swedish words and a decimal comma are read; an empty cell is a figure not published, and a
    share keeps the decimals it was published with (the precision it is compared at):

    >>> import io
    >>> text = "unit;measure;count;share\nOrto;väntande;2;50,0 %\nHud;genomförda;;\n"
    >>> for row in read_published(io.StringIO(text), ["unit"]):
    ...     print(row.key, row.measure, row.count, row.share, row.decimals)
    ('Orto',) waiting 2 50 1
    ('Hud',) completed None None 0
    """
    several(by, "by", "unit", texts=True)  # ("unit" alone would be u, n, i, t)
    # (a share Excel shows as 87.5 % holds 0.875: read as shown, as its CSV export writes it)
    table = open_table(source, encoding=encoding, percents=True)
    name = table.name
    with table:
        header = table.header
        positions: list[int] = []
        for column in by:
            index = _published_column(header, column)
            if index < 0:
                raise WaitingListError(
                    f"{name}: the published figures have no column {column!r} (a group column "
                    f"of the figures: {', '.join(by) or 'none'})"
                )
            positions.append(index)
        i_measure = _published_column(header, "measure")
        i_count = _published_column(header, "count")
        i_share = _published_column(header, "share")
        i_scope = _published_column(header, "scope")
        i_method = _published_column(header, "method")
        wanted = None if method is None else method.strip().lower()
        # the rows of each method the file names (one, or none named: the rows of the file)
        methods: dict[str, tuple[list[PublishedRow], set[tuple[str, str, tuple[str, ...]]]]]
        methods = {}
        counted = 0  # the rows read, of every method
        if i_measure < 0:
            raise WaitingListError(f"{name}: the published figures have no column 'measure'")
        if i_count < 0 and i_share < 0:
            raise WaitingListError(
                f"{name}: the published figures have neither a 'count' nor a 'share' column"
            )
        width = len(header)
        levels = {j for j, column in enumerate(by) if column.strip().lower() == "level"}
        homes = {j for j, column in enumerate(by) if column.strip().lower() == "home"}
        for line, cells, _body, problem in table.records:
            if problem is not None:
                raise WaitingListError(f"{name}: line {line}: {problem}")
            cells = (cells + [""] * width)[:width]
            if not any(cell.strip() for cell in cells):
                continue
            if counted >= _PUBLISHED_LIMIT:
                raise WaitingListError(f"{name}: more than {_PUBLISHED_LIMIT} rows")
            counted += 1
            named = cells[i_method].strip().lower() if i_method >= 0 else ""
            found, seen = methods.setdefault(named, ([], set()))
            measure = _MEASURE_WORDS.get(cells[i_measure].strip().lower())
            if measure is None:
                raise WaitingListError(
                    f"{name}: line {line}: measure {echo(cells[i_measure])} is not waiting "
                    "(väntande) or completed (genomförda)"
                )
            # (a blank cell: the default, as a file without the column; Swedish as the
            # statistics workbook writes it)
            scope = (cells[i_scope].strip().lower() if i_scope >= 0 else "") or "group"
            scope = _SCOPE_WORDS.get(scope, scope)
            if scope not in ("group", "total"):
                raise WaitingListError(
                    f"{name}: line {line}: scope {echo(cells[i_scope])} is not group or total"
                )
            key = (
                tuple(unescape_formula(cells[i].strip()) for i in positions)
                if scope == "group"
                else ()
            )
            if levels and key:  # a level as the table names it (besök, Visit): its value
                key = tuple(
                    _level_value(cell) if j in levels else cell for j, cell in enumerate(key)
                )
            if homes and key:  # a home county as the table names it (eget län): its value
                key = tuple(
                    _HOME_WORDS.get(cell.lower(), cell) if j in homes else cell
                    for j, cell in enumerate(key)
                )
            count: int | None = None
            if i_count >= 0 and cells[i_count].strip():
                text = cells[i_count].strip().replace("\u00a0", "").replace(" ", "")
                if not text.isdigit() or len(text) > 15:
                    raise WaitingListError(
                        f"{name}: line {line}: count {echo(cells[i_count])} is not a count (a "
                        "whole number from 0, at most 15 digits)"
                    )
                count = int(text)
            share: tuple[Fraction, int] | None = None
            if i_share >= 0:
                try:
                    share = _share_cell(cells[i_share])
                except (ValueError, ZeroDivisionError):
                    raise WaitingListError(
                        f"{name}: line {line}: share {echo(cells[i_share])} is not a percent "
                        "from 0 to 100 (e.g. 87.5 or 87,5 %)"
                    ) from None
            measure_: Measure = "waiting" if measure == "waiting" else "completed"
            identity = (scope, measure_, key)
            if identity in seen:
                raise WaitingListError(
                    f"{name}: line {line}: the figures of this group and measure are given twice"
                )
            seen.add(identity)
            found.append(
                PublishedRow(
                    line,
                    scope,
                    measure_,
                    key,
                    count,
                    None if share is None else share[0],
                    0 if share is None else share[1],
                )
            )
    if len(methods) <= 1:  # (one method, or none named: whichever is compared)
        return next(iter(methods.values()), ([], set()))[0]
    if wanted is None:
        raise WaitingListError(
            f"{name}: the published figures are of several methods "
            f"({', '.join(map(echo, methods))}): say which is compared"
        )
    if wanted not in methods:
        raise WaitingListError(
            f"{name}: the published figures have no rows of the method {echo(method)} compared "
            f"(the file's: {', '.join(map(echo, methods))})"
        )
    return methods[wanted][0]


#: The scope and the home county as the Swedish statistics table and workbook name them.
_SCOPE_WORDS: Final = {"grupp": "group", "totalt": "total"}
_HOME_WORDS: Final = {"eget län": "own", "annat län": "other", "okänt": "unknown"}


def _level_value(cell: str) -> str:
    """A published level cell as the figures key it.

    The level's value (``besök``, ``Visit``: ``visit``), or the cell as written when it names
    no level.
    """
    try:
        return Level.parse(cell).value
    except VardgarantiError:
        return cell


@attrs.frozen
class Reconciled:
    """A published row beside the figures computed for it (see :class:`Reconciliation`).

    Attributes:
        published: the published row.
        ours: the computed figures (of the first method), or ``None`` when the list has no
            such group.
        count_difference: computed count less published (``None``: no count published).
        share_difference: computed share, rounded as published, less the published share, in
            percentage points (``None``: no share published or computed).
        flag: ``ok``, ``hidden`` (the count agrees; the share published is not compared,
            since the group's is hidden by ``min_group``), ``differs`` (a count differs, or a
            share by more than the tolerance),
            ``missing`` (the list has no such group, but figures were published for it) or
            ``empty`` (the row has neither a count nor a share: nothing is compared, as for a
            group the published table hides).
    """

    published: PublishedRow
    ours: Figures | None
    count_difference: int | None
    share_difference: Fraction | None
    flag: str


@attrs.frozen
class Reconciliation:
    r"""Published figures reconciled with the computed ones.

    A share is compared at the precision it was published with (66.2 % published as ``66``
    is no difference); a count must be the same:

    >>> import io
    >>> from vardgaranti import example_waiting_list
    >>> stats = compute_stats(example_waiting_list(), census=date(2025, 5, 31), by=())
    >>> text = "scope;measure;count;share\ntotal;waiting;148;66\ntotal;completed;60;88,6\n"
    >>> result = reconcile(stats, read_published(io.StringIO(text), ()))
    >>> [(item.flag, item.count_difference, item.share_difference) for item in result.items]
    [('ok', 0, Fraction(0, 1)), ('differs', -16, Fraction(0, 1))]
    >>> len(result.differing)
    1

    Attributes:
        source: the published file's name.
        tolerance: the largest difference of a share accepted, in percentage points.
        items: every published row, reconciled, in the file's order.
        unpublished: computed groups (of at least ``min_group`` rows) without published
            figures.
    """

    source: str
    tolerance: Fraction
    items: tuple[Reconciled, ...]
    unpublished: int

    @property
    def differing(self) -> tuple[Reconciled, ...]:
        """The rows that differ beyond the tolerance, or are missing."""
        return tuple(item for item in self.items if item.flag in ("differs", "missing"))

    def by_key(self) -> dict[tuple[str, str, tuple[str, ...]], Reconciled]:
        """The items by (scope, measure, group)."""
        return {
            (item.published.scope, item.published.measure, item.published.key): item
            for item in self.items
        }

    def as_dict(self) -> dict[str, object]:
        """As JSON-ready data (the published file by its name, without its folders)."""
        return {
            "source": file_name(self.source),
            "tolerance": float(self.tolerance),
            "rows": len(self.items),
            "differing": len(self.differing),
            "unpublished": self.unpublished,
            "items": [
                {
                    "line": item.published.line,
                    "scope": item.published.scope,
                    "measure": item.published.measure,
                    "group": list(item.published.key),
                    "published_count": item.published.count,
                    "published_share": None
                    if item.published.share is None
                    else float(item.published.share),
                    "count": None if item.ours is None else item.ours.count,
                    "share": None
                    if item.ours is None or item.ours.share is None or item.ours.hidden
                    else float(_round_percent(item.ours.share, 1)),
                    "count_difference": item.count_difference,
                    "share_difference": None
                    if item.share_difference is None
                    else float(item.share_difference),
                    "flag": item.flag,
                }
                for item in self.items
            ],
        }


def reconcile(
    stats: Stats,
    published: Sequence[PublishedRow],
    *,
    tolerance: Fraction | int | float | str = Fraction(1, 2),
    source: str = "published",
) -> Reconciliation:
    """Compare published figures with the computed ones of the first method.

    A published share is compared with the computed one rounded (half up) to as many decimals
    as the published one has; a difference beyond *tolerance* percentage points is flagged,
    as is any difference in a count, and a group with published figures that the list lacks.

    >>> from vardgaranti import example_waiting_list
    >>> stats = compute_stats(example_waiting_list(), census=date(2025, 5, 31), by=())
    >>> row = PublishedRow(2, "total", "waiting", (), 148, Fraction("66.2"), 1)
    >>> reconcile(stats, [row]).items[0].flag
    'ok'

    Args:
        stats: the computed figures (:func:`compute_stats`); their first method is compared.
        published: the published rows (:func:`read_published`).
        tolerance: the largest difference of a share accepted, in percentage points (a
            float is read as it is written: ``0.1`` is one tenth).
        source: the published file's name, for the result.

    Returns:
        The :class:`Reconciliation`: every published row, flagged, in the given order, and how
        many computed groups (of at least ``min_group`` rows) have no published figures.

    Raises:
        InvalidTypeError: *stats* is not a :class:`Stats`, or *published* not
            :class:`PublishedRow` items (the field named).
        InvalidValueError: *tolerance* is not a number of 0 or more (its field is
            ``tolerance``).
    """
    if not isinstance(stats, Stats):
        raise InvalidTypeError(
            f"stats must be the Stats of compute_stats, not {type(stats).__name__} {echo(stats)}",
            field="stats",
        )
    if isinstance(published, (str, bytes)) or not isinstance(published, Iterable):
        raise InvalidTypeError(
            f"published must be PublishedRow items (read_published), not "
            f"{type(published).__name__} {echo(published)}",
            field="published",
        )
    published = list(published)
    strange = next((row for row in published if not isinstance(row, PublishedRow)), None)
    if strange is not None:
        raise InvalidTypeError(
            f"published must be PublishedRow items (read_published), not "
            f"{type(strange).__name__} {echo(strange)}",
            field="published",
        )
    try:
        limit = Fraction(str(tolerance)) if isinstance(tolerance, float) else Fraction(tolerance)
    except (TypeError, ValueError, ZeroDivisionError):
        raise InvalidValueError(
            f"must be a number of percentage points (e.g. Fraction(1, 2) or '0.5'), not "
            f"{echo(tolerance)}",
            field="tolerance",
        ) from None
    if not 0 <= limit <= 100 or isinstance(tolerance, bool):
        raise InvalidValueError(
            f"must be from 0 to 100 percentage points, not {echo(tolerance)}", field="tolerance"
        )
    groups = {group.key: group for group in stats.groups}
    items = []
    matched: set[tuple[str, tuple[str, ...]]] = set()
    for row in published:
        # (without group columns a row is the total, whatever its scope says: no group has no
        # key, and --by '' has the total only)
        total = row.scope == "total" or not row.key
        group = stats.total if total else groups.get(row.key)
        ours = None if group is None else group.figures(0, row.measure)
        matched.add((row.measure, ("\0total",) if total else row.key))
        count_difference = None
        share_difference = None
        flag = "ok"
        if row.count is None and row.share is None:  # nothing published: nothing to compare
            flag = "empty"
        elif ours is None:
            # (a share, 0 % too, needs a case in its denominator: the group was there)
            if (row.count or 0) > 0 or row.share is not None:
                flag = "missing"
        else:
            if row.count is not None:
                count_difference = ours.count - row.count
                if count_difference:
                    flag = "differs"
            share = ours.share
            if row.share is not None and ours.hidden:  # (a hidden share is not compared:
                if flag == "ok":  # the difference would tell it)
                    flag = "hidden"
            elif row.share is not None:
                if share is None:
                    flag = "differs"
                else:
                    share_difference = _round_percent(share, row.decimals) - row.share
                    if abs(share_difference) > limit:
                        flag = "differs"
        items.append(Reconciled(row, ours, count_difference, share_difference, flag))
    unpublished = sum(
        1
        for group in stats.groups
        for measure in MEASURES
        if group.figures(0, measure).count >= max(stats.min_group, 1)
        and (measure, group.key) not in matched
    )
    return Reconciliation(source, limit, tuple(items), unpublished)


def _reconciled_cells(item: Reconciled | None) -> list[str]:
    if item is None:
        return ["", "", "", "", ""]
    row = item.published
    share = "" if row.share is None else _fraction_text(row.share, row.decimals)
    return [
        "" if row.count is None else str(row.count),
        share,
        "" if item.count_difference is None else str(item.count_difference),
        ""
        if item.share_difference is None
        else _fraction_text(item.share_difference, row.decimals),
        item.flag,
    ]


def _fraction_text(value: Fraction, decimals: int, decimal: str = ".") -> str:
    """An exact decimal *value* with *decimals* decimals (it has no more)."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    scaled = round(value * 10**decimals)
    if not decimals:
        return f"{sign}{scaled}"
    whole, part = divmod(scaled, 10**decimals)
    return f"{sign}{whole}{decimal}{part:0{decimals}d}"


# -- text ---------------------------------------------------------------------------------------

_HIDDEN: Final = ".."


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], left: int) -> list[str]:
    """Rows as aligned text: the first *left* columns to the left, numbers to the right."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [
            cell.ljust(width) if index < left else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def _group_names(stats: Stats, lang: Lang) -> list[str]:
    names = []
    for name in stats.by:
        if name in ("unit", "level", "home"):
            names.append(message(f"stats.column.{name}", lang))
        else:
            names.append(visible(name))  # (a column's name as the file has it)
    return names


#: The evaluated levels' values (a ``level`` group's key), shown in the text's language.
_LEVEL_VALUES: Final = frozenset(level.value for level in Level)


def _group_cells(stats: Stats, key: tuple[str, ...], lang: Lang) -> list[str]:
    if not key:
        label = message("stats.total", lang)
        return [label] + [""] * (len(stats.by) - 1) if stats.by else [label]
    cells = []
    for name, value in zip(stats.by, key, strict=True):
        if name == "home":
            cells.append(message(f"stats.home.{value}", lang))
        elif lang == "sv" and name == "level" and value in _LEVEL_VALUES:  # in Swedish words
            cells.append(message(f"report.level.{value}", lang))
        elif not value:
            cells.append(message("stats.blank", lang))
        else:  # (a cell of the file: a line break or an escape must not reach the terminal)
            shown = visible(value)
            # A unit named as the text names the total or a blank cell is quoted, so that it
            # cannot be taken for either.
            reserved = (message("stats.total", lang), message("stats.blank", lang))
            cells.append(f"'{shown}'" if shown.strip() in reserved else shown)
    return cells


def _measure_heading(stats: Stats, measure: Measure, lang: Lang) -> str:
    if measure == "waiting":
        return message("stats.waiting-on", lang, census=stats.census.isoformat())
    return message("stats.completed-in", lang, period=month_name(stats.period, lang))


def _text(stats: Stats, lang: Lang, reconciliation: Reconciliation | None) -> str:
    decimal = "," if lang == "sv" else "."
    lines: list[str] = []
    # (the later of the census day and the end of the month of the completed)
    latest = max(stats.census, _month_end(stats.period))
    for method in stats.methods:
        lines.append(message("stats.method", lang, name=method.name, title=method.title_in(lang)))
        unknown = method.unknown_after(latest, lang)
        if unknown is not None:
            lines.append(unknown)
    lines.append(
        message(
            "stats.measures",
            lang,
            census=stats.census.isoformat(),
            period=month_name(stats.period, lang),
        )
    )
    hidden = False
    for measure in MEASURES:
        lines.append("")
        lines.append(_measure_heading(stats, measure, lang))
        totals = [stats.total.figures(i, measure) for i in range(len(stats.methods))]
        if not any(figures.count or _left(figures) for figures in totals):
            lines.append(message("stats.none", lang))
            continue
        if len(stats.methods) == 1:
            table, hid = _method_table(stats, 0, measure, lang, decimal)
        else:
            table, hid = _compare_table(stats, measure, lang, decimal)
        hidden = hidden or hid
        lines.extend(table)
    if stats.scenario is not None:
        for index, method in enumerate(stats.methods):
            lines.append("")
            lines.append(
                message(
                    "stats.scenario-heading",
                    lang,
                    scenario=stats.scenario,
                    method=method.name,
                    census=stats.census.isoformat(),
                )
            )
            table, hid = _scenario_table(stats, index, lang)
            hidden = hidden or hid
            lines.extend(table)
    lines.append("")
    if hidden:
        lines.append(message("stats.hidden", lang, hidden=_HIDDEN, min_group=stats.min_group))
    lines.extend(_footer(stats, lang))
    if reconciliation is not None:
        lines.append("")
        lines.extend(_reconciliation_text(stats, reconciliation, lang, decimal))
    return "\n".join(lines)


def _left(figures: Figures) -> int:
    return sum(figures.left_out.values()) + figures.not_judged


def _method_table(
    stats: Stats, index: int, measure: Measure, lang: Lang, decimal: str
) -> tuple[list[str], bool]:
    method = stats.methods[index]
    legal = method.clock == "legal"
    header = _group_names(stats, lang) or [""]
    header.append(message(f"stats.column.{measure}", lang))
    header += [f"≤{days}" for days in stats.thresholds]
    if legal:
        header.append(message("stats.column.within-limit", lang))
        header.append(
            message(f"stats.column.{'overdue' if measure == 'waiting' else 'missed'}", lang)
        )
    else:
        header.append(message("stats.column.within-days", lang, days=method.limit))
        header.append(message("stats.column.over-days", lang, days=method.limit))
    header.append(message("stats.column.median", lang))
    header += stats.band_labels[:-1]
    header.append(message("stats.column.over-band", lang, days=stats.bands[-1]))
    codes = _ordered(method.leave_out(measure))
    header += [message("stats.column.left-out", lang, code=CODE_NAMES[code]) for code in codes]
    if legal:
        header += [
            message(f"stats.column.{name}", lang) for name in ("paused", "restarted", "not-judged")
        ]
    rows = []
    hidden = False
    for group in (*stats.groups, stats.total):
        figures = group.figures(index, measure)
        if not figures.count and not _left(figures):
            continue
        row = _group_cells(stats, group.key, lang)
        row.append(str(figures.count))
        if figures.hidden:
            hidden = True
            row += [_HIDDEN] * (len(stats.thresholds) + 3 + len(stats.bands) + 1)
        else:
            share = figures.share
            row += [str(n) for n in figures.thresholds]
            row.append("-" if share is None else percent_text(share, decimal))
            row.append(str(figures.breach))
            row.append("-" if figures.median is None else median_text(figures.median, decimal))
            row += [str(n) for n in figures.bands]
        row += [str(figures.left_out[code]) for code in codes]
        if legal:
            row += [str(figures.paused), str(figures.restarted), str(figures.not_judged)]
        rows.append(row)
    return _table(header, rows, max(len(stats.by), 1)), hidden


def _compare_table(
    stats: Stats, measure: Measure, lang: Lang, decimal: str
) -> tuple[list[str], bool]:
    header = _group_names(stats, lang) or [""]
    for method in stats.methods:
        header.append(f"{method.name}: {message(f'stats.column.{measure}', lang)}")
        header.append(f"{method.name}: %")
        header.append(f"{method.name}: {message('stats.column.breach', lang)}")
    explain: list[tuple[int, str]] = []
    for index, method in enumerate(stats.methods):
        if method.clock == "legal":
            explain += [(index, "paused"), (index, "restarted"), (index, "not-judged")]
        else:
            explain += [(index, code) for code in _ordered(method.leave_out(measure))]
    for index, what in explain:
        name = stats.methods[index].name
        if what in _LEFT:
            label = message("stats.column.left-out", lang, code=CODE_NAMES[what])
        else:
            label = message(f"stats.column.{what}", lang)
        header.append(f"{name}: {label}")
    rows = []
    hidden = False
    for group in (*stats.groups, stats.total):
        all_figures = [group.figures(i, measure) for i in range(len(stats.methods))]
        if not any(f.count or _left(f) for f in all_figures):
            continue
        row = _group_cells(stats, group.key, lang)
        for figures in all_figures:
            row.append(str(figures.count))
            if figures.hidden:
                hidden = True
                row += [_HIDDEN, _HIDDEN]
            else:
                share = figures.share
                row.append("-" if share is None else percent_text(share, decimal))
                row.append(str(figures.breach))
        for index, what in explain:
            figures = all_figures[index]
            if what in _LEFT:
                row.append(str(figures.left_out[what]))
            else:
                row.append(
                    str(
                        figures.paused
                        if what == "paused"
                        else figures.restarted
                        if what == "restarted"
                        else figures.not_judged
                    )
                )
        rows.append(row)
    return _table(header, rows, max(len(stats.by), 1)), hidden


def _scenario_table(stats: Stats, index: int, lang: Lang) -> tuple[list[str], bool]:
    header = _group_names(stats, lang) or [""]
    header += [
        message(f"stats.column.{name}", lang)
        for name in (
            "judged",
            "within-method",
            "within-scenario",
            "within-difference",
            "breach-method",
            "breach-scenario",
            "breach-difference",
            "scenario-not-judged",
        )
    ]
    rows = []
    hidden = False
    for group in (*stats.groups, stats.total):
        figures = group.figures(index, "waiting")
        found = figures.scenario
        if found is None or not (found.count or found.not_judged or found.errors):
            continue
        row = _group_cells(stats, group.key, lang)
        if figures.hidden:
            hidden = True
            row += [_HIDDEN] * 8
        else:
            row += [
                str(found.count),
                str(found.base_within),
                str(found.within),
                f"{found.within_difference:+d}",
                str(found.base_breach),
                str(found.breach),
                f"{found.breach_difference:+d}",
                str(found.not_judged + found.errors),
            ]
        rows.append(row)
    if not rows:
        return [message("stats.none", lang)], False
    return _table(header, rows, max(len(stats.by), 1)), hidden


def _counted_list(counts: Iterable[tuple[str, int]], lang: Lang, prefix: str) -> str:
    return ", ".join(
        f"{message(prefix + reason, lang) if prefix else reason} {rows}" for reason, rows in counts
    )


def _footer(stats: Stats, lang: Lang) -> list[str]:
    rows = stats.rows
    lines = [
        message(
            # (with several methods, a row one counts and another leaves out is counted here
            # and in that one's lines below)
            "stats.rows" if len(stats.methods) == 1 else "stats.rows-methods",
            lang,
            read=rows["read"],
            counted=rows["counted"],
            outside=rows["outside"],
            census=stats.census.isoformat(),
            period=month_name(stats.period, lang),
            empty=rows["empty"],
            errors=rows["errors"],
        )
    ]
    if rows.get("other_month"):  # (said on stderr too; here it stays with the figures)
        lines.append(message("stats.other-month", lang, rows=rows["other_month"]))
    if stats.not_covered:
        items = _counted_list(stats.not_covered.items(), lang, "stats.uncovered.")
        lines.append(message("stats.not-covered", lang, items=items))
    for method, other in zip(stats.methods, stats.other_level, strict=True):
        if other:
            lines.append(message("stats.other-level", lang, method=method.name, rows=other))
    for method, blank in zip(stats.methods, stats.no_coverage, strict=True):
        if blank:
            lines.append(message("stats.no-coverage", lang, method=method.name, rows=blank))
    if stats.home_region:
        codes = ", ".join(stats.home_region)
        if stats.split_home:
            lines.append(message("stats.home-split", lang, codes=codes))
        else:
            lines.append(
                message(
                    "stats.home-filter",
                    lang,
                    codes=codes,
                    other=rows.get("home_other", 0),
                    unknown=rows.get("home_unknown", 0),
                )
            )
    if stats.errors:
        first = min(stats.errors, key=lambda error: error.first_line)  # (the file's first)
        lines.append(
            message(
                "stats.errors",
                lang,
                rows=stats.error_rows,
                items=_counted_list(((e.reason, e.rows) for e in stats.errors), lang, ""),
                line=first.first_line,
                first=error_text_cut(first.first, lang, 240),
            )
        )
    if stats.scenario_errors:
        lines.append(
            message(
                "stats.scenario-errors",
                lang,
                scenario=stats.scenario,
                rows=sum(error.rows for error in stats.scenario_errors),
                items=_counted_list(((e.reason, e.rows) for e in stats.scenario_errors), lang, ""),
            )
        )
    return lines


def _reconciliation_text(
    stats: Stats, reconciliation: Reconciliation, lang: Lang, decimal: str
) -> list[str]:
    tolerance = _decimal_text(reconciliation.tolerance, decimal)
    lines = [
        message(
            "stats.published-heading",
            lang,
            source=reconciliation.source,
            method=stats.methods[0].name,
            tolerance=tolerance,
        )
    ]
    header = _group_names(stats, lang) or [""]
    header += [
        message(f"stats.column.{name}", lang)
        for name in (
            "measure",
            "count",
            "published",
            "difference",
            "share",
            "published-share",
            "difference-pp",
            "flag",
        )
    ]
    rows = []
    for item in reconciliation.items:
        row = item.published
        key = row.key if row.scope == "group" else ()
        cells = _group_cells(stats, key, lang) if stats.by or not key else list(key)
        ours = item.ours
        share = None if ours is None else ours.share
        cells += [
            message(f"stats.measure.{row.measure}", lang),
            "-" if ours is None else str(ours.count),
            "-" if row.count is None else str(row.count),
            "" if item.count_difference is None else f"{item.count_difference:+d}",
            _HIDDEN
            if ours is not None and ours.hidden
            else "-"
            if share is None
            else percent_text(share, decimal, row.decimals),
            "-" if row.share is None else _fraction_text(row.share, row.decimals, decimal),
            ""
            if item.share_difference is None
            else ("+" if item.share_difference >= 0 else "")
            + _fraction_text(item.share_difference, row.decimals, decimal),
            message(f"stats.flag.{item.flag}", lang),
        ]
        rows.append(cells)
    lines += _table(header, rows, max(len(stats.by), 1))
    empty = sum(1 for item in reconciliation.items if item.flag == "empty")
    lines.append(
        message(
            "stats.published-summary",
            lang,
            rows=len(reconciliation.items),
            # (a hidden share with no count published beside it: nothing was compared)
            ok=sum(
                1
                for item in reconciliation.items
                if item.flag == "ok" or (item.flag == "hidden" and item.published.count is not None)
            ),
            differing=len(reconciliation.differing),
            tolerance=tolerance,
            unpublished=reconciliation.unpublished,
        )
    )
    hidden = sum(
        1
        for item in reconciliation.items
        if item.ours is not None and item.ours.hidden and item.published.share is not None
    )
    if hidden:
        lines.append(
            message("stats.published-hidden", lang, count=hidden, min_group=stats.min_group)
        )
    if empty:
        lines.append(message("stats.published-empty", lang, count=empty))
    return lines


def tolerance_text(value: Fraction, lang: Lang = "en") -> str:
    """A tolerance in percentage points as text in *lang* (``0,25`` in Swedish).

    Args:
        value: the tolerance.
        lang: ``en`` or ``sv``.

    Returns:
        The number, exactly as a decimal number has it.

    >>> tolerance_text(Fraction("0.1234567"), "sv")
    '0,1234567'
    """
    return _decimal_text(value, "," if lang == "sv" else ".")


def _decimal_text(value: Fraction, decimal: str) -> str:
    """A tolerance as text, exactly as a decimal number has it: ``0.5``, ``1``, ``0.1234567``.

    A fraction no decimal number is (1/3) is shown to six significant digits.

    >>> _decimal_text(Fraction("0.1234567"), ","), _decimal_text(Fraction(1, 3), ".")
    ('0,1234567', '0.333333')
    """
    if value.denominator == 1:
        return str(value.numerator)
    places = next((p for p in range(1, 64) if 10**p % value.denominator == 0), None)
    if places is None:
        text = f"{float(value):g}"
    else:
        digits = str(abs(value.numerator) * (10**places // value.denominator))
        digits = digits.rjust(places + 1, "0")
        text = f"{'-' if value < 0 else ''}{digits[:-places]}.{digits[-places:]}"
    return text.replace(".", decimal)


def describe_difference(stats: Stats, item: Reconciled, lang: Lang = "en") -> str:
    """One line naming a differing published row: its group, measure and values.

    Args:
        stats: the figures reconciled.
        item: the differing row.
        lang: ``en`` or ``sv`` (with a decimal comma).

    Returns:
        ``line N: group, measure; count A vs B; share a vs b`` (or ``not in the list``).

    >>> from vardgaranti import example_waiting_list
    >>> stats = compute_stats(example_waiting_list(), census=date(2025, 5, 31), by=())
    >>> row = PublishedRow(7, "total", "waiting", (), 10, None, 0)
    >>> describe_difference(stats, Reconciled(row, None, None, None, "missing"), "sv")
    'rad 7: totalt, väntande; finns inte i listan'
    """
    row = item.published
    total = message("stats.differ-total", lang)
    where = (
        total
        if row.scope == "total"
        else ", ".join(
            f"{visible(name)}={visible(value)}"
            for name, value in zip(stats.by, row.key, strict=True)
        )
    )
    measure = message(f"stats.measure.{row.measure}", lang)
    parts = [message("stats.differ-line", lang, line=row.line, where=where or total,
                     measure=measure)]  # fmt: skip
    if item.flag == "missing":
        parts.append(message("stats.differ-missing", lang))
    else:
        ours = item.ours
        assert ours is not None
        if item.count_difference:
            parts.append(message("stats.differ-count", lang, ours=ours.count, theirs=row.count))
        if row.share is not None and not ours.hidden:
            share = ours.share
            decimal = "," if lang == "sv" else "."
            parts.append(
                message(
                    "stats.differ-share",
                    lang,
                    ours="-" if share is None else percent_text(share, decimal, row.decimals),
                    theirs=_fraction_text(row.share, row.decimals).replace(".", decimal),
                )
            )
    return "; ".join(parts)
