"""The columnar engine of ``vardgaranti check``: the same bytes out, computed in blocks.

``vardgaranti check --engine columnar`` (and ``auto`` when polars is installed) reads a CSV
file in blocks of whole lines and does with polars what is the same for every row; its output
is the streaming engine's, byte for byte. The rules come from the one core:

* **Plans come from the core, once per distinct key.** The cells a plan depends on besides the
  exclusions (level, start, restart, listing and the codes beside them: the cells
  :meth:`RowEvaluator.key_of <vardgaranti._rows.RowEvaluator.key_of>` reads) make a key. Each
  distinct key is planned once for the whole file by :meth:`RowEvaluator.shared
  <vardgaranti._rows.RowEvaluator.shared>` (the rule, every check and its error,
  :func:`~vardgaranti._core.plan`) and kept in a table that each block joins.
* **The exclusions are counted in columns** (:meth:`BlockEvaluator.planning`): an exclusions
  cell of one or two periods in the common form (``mov:2025-04-01..2025-04-14; pvv:…``), its
  dates read as the core's date reader reads them and its reasons checked against the rule,
  extends the key's deadline before exclusions (the core's) as :func:`~vardgaranti._core.plan`
  extends it: periods cut to the days after day 0, merged across reasons
  (:func:`~vardgaranti._core.merge_spans`), each counted in full when it begins on or before
  the deadline as extended so far (:func:`~vardgaranti._core.extend_deadline`), for the
  deadline and for the deadline the duty of care elsewhere follows; a deadline that rolls
  forward (Lag 1930:173 2 §) is rolled by the core's calendar. Any other exclusions cell
  (three periods or more, another form) is planned with its key by ``shared``.
* **``costs_covered`` is decided by the core, once per distinct key, referral and provider**
  (:meth:`BlockEvaluator.plan`, :func:`~vardgaranti.decide_costs`) for a file that names who
  referred care elsewhere, and joined back to the rows; a referral the core's date reader
  refuses sends the row the per-row path (its error names the column).
* **A date with a time is read by its date** when it is written in a common form
  (:data:`_DATE_TIME`), which the core always reads by its date part: the national format's
  start is keyed by that date, as :meth:`RowEvaluator.key_of
  <vardgaranti._rows.RowEvaluator.key_of>` keys it, and a completion or booking is read by it;
  any other form goes to the core (row by row for a start).
* **The per-row judgement is vectorised** (:meth:`BlockEvaluator.judge`): status, days waited
  and left, care elsewhere, from the plan's deadline and care deadline, the completion, the
  booking and the as-of day, as :func:`~vardgaranti._core.judge` and
  :func:`~vardgaranti._core.judge_deviation` compute them.

The exclusions and the judgement are the two rules written a second time: the whole batch and
result-level test suite runs against both engines, and property tests compare the columns
with the core (``tests/property/test_engine_properties.py``: the plans with ``shared``,
``plan``, ``merge_spans`` and ``extend_deadline``; the bytes with the streaming engine's).

* **Anything unusual takes the streaming engine's own per-row path**: a line with a quote that
  is not a plain quoted cell, a carriage return inside a line, a cell a spreadsheet would run
  as a formula, the wrong number of cells, a key, a period or a date the core refuses, a
  deadline past 9999-12-31 or a roll-forward past the calendar's years, more than two counted
  exclusion periods. Such a record is read by :func:`~vardgaranti._records.read_records` (a
  quoted cell may run over lines, within the same bounds) and evaluated by
  :meth:`RowEvaluator.result <vardgaranti._rows.RowEvaluator.result>`.

Memory is bounded by the block size (:data:`BLOCK_BYTES`, and :data:`BLOCK_LINES` lines: a
row costs memory whatever its size), whatever the file's size; a block with more than
``_ODD_LINES`` lines for the per-row path leaves the rest of it to that path, which hands its
output to the writer in pieces as it goes. Reading
(polars), planning (the core, in Python) and judging (polars) overlap: one worker thread reads
the next block while another judges and writes the last one, and the core plans the keys of
the one in between. Each block is a handful of polars queries on the in-memory engine (the
streaming one costs more on blocks this size), and the engine asks polars' allocator for one
arena when it is the first to import polars (:func:`_allocator`). The same
:class:`BlockEvaluator` evaluates data frames (:func:`~vardgaranti.evaluate_frame`).
"""

from __future__ import annotations

import csv
import errno
import importlib.util
import io
import os
import re
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import IO, TYPE_CHECKING, Any, BinaryIO, Final, cast

import attrs

from ._calendar import SwedishCalendar
from ._core import Plan, Policy, Status, plan
from ._costs import costs_of_facts
from ._dates import as_date
from ._encoding import open_text
from ._output import written_directly
from ._profiles import Profile, check_profile, delimiter_columns
from ._profiles import profile as resolve_profile
from ._records import FORMULA_START, RECORD_ERROR, InsideQuote, read_records
from ._rows import BANDS, RowEvaluator
from ._rules import ExclusionReason, Level, Rule, RuleSet
from ._tables import Table, open_table, sheet_note, sniff, watch
from ._text import shorten
from ._waiting_list import (
    CheckSummary,
    costs_note,
    escape_formula,
    is_empty,
    layout_of,
    replaced_note,
    resembled_notes,
    width_problem,
    worklist_note,
)
from .errors import UnsupportedYearError, VardgarantiError, WaitingListError

if TYPE_CHECKING:
    import polars as pl
    from polars import DataFrame, Expr, Series

__all__ = [
    "AUTO_BYTES",
    "BLOCK_BYTES",
    "BLOCK_LINES",
    "PROBE_BYTES",
    "PROBE_SHARE",
    "BlockEvaluator",
    "KeyTable",
    "Keys",
    "check_columnar",
    "polars_module",
]

#: The size of a block of input lines read at once (bytes of UTF-8 text; tests lower it).
BLOCK_BYTES = 2 << 20
#: The most lines in a block: a row costs polars memory of its own, whatever its size, and a
#: block of very short lines (an error each) would hold hundreds of thousands of rows.
BLOCK_LINES = 65_536
#: Files smaller than this are left to the streaming engine unless the columnar one is asked
#: for (``--engine columnar``): below it, polars' start-up costs more than the columns save.
AUTO_BYTES: Final = 8 << 20
#: ``auto`` reads the rows of a file's first bytes first (:func:`_mostly_per_row`) ...
PROBE_BYTES: Final = 64 << 10
#: ... and leaves the file to the streaming engine when more than this share of them have
#: errors (which the columnar engine checks row by row).
PROBE_SHARE: Final = 0.5
#: The most characters of a row's error message written (as ``check_waiting_list``).
_ERROR_LIMIT: Final = 1000
_READ: Final = 1 << 20
_SNIFF: Final = 512
_LEVELS: Final = tuple(Level)
_LEVEL_CODE: Final = {level: code for code, level in enumerate(_LEVELS)}
_STATUS_OF: Final = {status.value: status for status in Status}
_REASONS: Final = {reason.value: reason for reason in ExclusionReason}
#: Each exclusion reason's bit in a key's mask of the reasons its rule allows.
_REASON_BIT: Final = {reason: 1 << code for code, reason in enumerate(ExclusionReason)}
#: Days from 0001-01-01 (ordinal 1) to 1970-01-01, polars' day 0.
_EPOCH: Final = date(1970, 1, 1).toordinal()
#: 9999-12-31 in days since 1970-01-01: a deadline after it is the core's OverflowError.
_LAST_DAY: Final = date.max.toordinal() - _EPOCH
_BAD_DAY: Final = -(2**31)  # a date cell the core refused (no real date is this far back)
_LINE_END: Final = re.compile(rb"\r\n?|\n")
_BOM: Final = b"\xef\xbb\xbf"
#: A date with a time of day in a form the core's date reader always reads by its date part
#: (``YYYY-MM-DDThh:mm[:ss[.fff|.ffffff]]``, a blank for the ``T``, or ``YYYYMMDDhhmmss``; no
#: blanks around): such a cell is read in columns by that date (:meth:`BlockEvaluator.keys`);
#: a date with a time in any other form is read by the core row by row.
_DATE_TIME: Final = (
    r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}[T ](?:[01][0-9]|2[0-3]):[0-5][0-9]"
    r"(?::[0-5][0-9](?:\.[0-9]{3}|\.[0-9]{6})?)?"
    r"|[0-9]{8}(?:[01][0-9]|2[0-3])[0-5][0-9][0-5][0-9])$"
)
#: A date with a time and a time zone after it, no blanks around (``…T22:30:00Z``,
#: ``…+01:00``): a national start in this form is keyed by the whole cell (its day in Sweden
#: is the core's to find: :meth:`BlockEvaluator._base` plans once per day, as
#: :meth:`RowEvaluator.key_of <vardgaranti._rows.RowEvaluator.key_of>` keys it); the core
#: reads it, or refuses it.
_ZONED_TIME: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9][0-9:.]*[Z+-][0-9:]*$"
#: The parts of a key's cells are joined with NUL (a block with a NUL is read row by row).
_SEP: Final = "\x00"
#: An exclusion period in the common form: reason, first day, last day.
_ITEM: Final = r"([A-Za-z]+):([0-9]{4}-[0-9]{2}-[0-9]{2})\.\.([0-9]{4}-[0-9]{2}-[0-9]{2})"
#: An exclusions cell of one or two periods in the common form, separated by ``;``, ``,`` or
#: blanks (characters :data:`~vardgaranti._case.split_items` splits on).
_PERIODS: Final = f"^{_ITEM}(?:[;, ]+{_ITEM})?$"
#: What an exclusions cell holds (``_x``): nothing, one or two periods in the common form
#: (counted in columns), anything else (planned with its key by ``shared``).
_NONE, _PERIOD_FORM, _OTHER = 0, 1, 3
#: The columns of the periods of a cell in the common form: reason, first and last day.
_WRITTEN: Final = ("_r1", "_a1", "_b1", "_r2", "_a2", "_b2")
#: Headers wider than this are not matched by one regular expression (quoted lines).
_QUOTED_WIDTH: Final = 256
#: The characters of output the per-row path hands to the writer at once, and the most writes
#: waiting for the writer (memory stays bounded on a long stretch read row by row).
_PIECE: Final = 1 << 20
_PENDING: Final = 4
#: The most lines of a block checked row by row beside it; from the next one on, the per-row
#: path reads the rest of the block (a block of short lines, each an error, makes rows many
#: times its size).
_ODD_LINES: Final = 10_000
#: The most keys kept planned (the table is started again beyond it: memory stays bounded).
_KEPT_KEYS: Final = 50_000
#: The options of polars' allocator (jemalloc) the engine asks for: see :func:`_allocator`.
_ALLOCATOR: Final = "narenas:1"
#: The form in which polars reads a date cell (when it reads it as the core's reader does).
_ISO: Final = "%Y-%m-%d"
#: The polars engine of every query: the blocks are small, and the streaming engine (polars'
#: default) costs several times more on them. The largest queries (the judgement) run without
#: polars' query optimizations, which cost more than they save on a block (they are written
#: to need none).
_ENGINE: Final = "in-memory"
_EXTRA: Final = "the columnar engine needs the 'polars' extra: pip install 'vardgaranti[polars]'"


def polars_module(required: bool = True) -> ModuleType | None:
    """The polars module, or ``None`` when it is not installed and not *required*.

    Raises:
        WaitingListError: polars is missing and *required* (one line, naming the extra).
    """
    import signal
    import sys
    import threading

    # Importing polars sets its own handler for SIGINT, also where the process was started
    # with SIGINT ignored (`nohup`, `cmd &` in a script): such a run would stop on a Ctrl-C
    # meant for another. The ignoring is kept, as the streaming engine keeps it.
    ignored = (
        "polars" not in sys.modules
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    )
    try:
        import polars
    except ImportError:
        if required:
            raise WaitingListError(_EXTRA) from None
        return None
    finally:
        if ignored:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    return polars


def _positions(key: object) -> set[int]:
    """The positions in a key made from a row whose cells are their own positions."""
    if isinstance(key, str):
        return {int(key)}
    assert isinstance(key, tuple)
    return {i for part in key for i in _positions(part)}


def _day(value: date | None) -> int | None:
    return None if value is None else value.toordinal() - _EPOCH


# -- the block evaluator: keys planned by the core, the rest in columns -------------------------


@attrs.frozen
class Keys:
    """What a block holds (the polars step, :meth:`BlockEvaluator.keys`).

    Attributes:
        frame: the block's cells with each row's key without the exclusions cell (``_kb``; null:
            the per-row path) and what its exclusions cell holds (``_x``: ``0`` nothing, ``1`` one
            or two periods in the common form, ``3`` anything else).
        bases: the distinct keys without the exclusions cell.
        others: the distinct keys with an exclusions cell of another form (``_k``: the cells of
            the key and the exclusions cell).
        dates: the distinct texts of the dates read in columns (completion, booking, periods).
        reasons: the distinct texts of the periods' reasons.
        periods: the rows with an exclusions cell in the common form (``_x`` 1): ``_i``,
            ``_kb`` and the reason, first and last day of each period as written
            (:data:`_WRITTEN`); ``None``: no such row.
        costs: for a file that names who referred care elsewhere, the distinct keys with the
            ``referred`` and ``provider`` cells beside them (``_kb`` and those cells, as
            written); else ``None``.
    """

    frame: pl.DataFrame
    bases: list[str]
    others: list[str]
    dates: list[str]
    reasons: list[str]
    periods: pl.DataFrame | None = None
    costs: pl.DataFrame | None = None


@attrs.frozen
class KeyTable:
    """What the core made of a block's keys (the Python step, :meth:`BlockEvaluator.plan`).

    Attributes:
        bases: every key planned so far, one row each (``_kb``, then :data:`_KEY_COLUMNS`).
        others: the keys with an exclusions cell of another form (``_k``, then the same
            columns prefixed ``w_``), or ``None``.
        dates: the date texts and their days since 1970-01-01 (``None``: blank;
            :data:`_BAD_DAY`: refused by the core's reader).
        reasons: the reason texts and their bits in ``k_allowed`` (0: not a reason).
        iso: polars' reading of ``YYYY-MM-DD`` gives the same days for every text of
            :attr:`dates` (null for a blank): the dates are read by it.
        costs: :attr:`Keys.costs` with ``k_costs``, the ``costs_covered`` cell the core
            decided for each (:func:`~vardgaranti.decide_costs`), or ``None``.
    """

    bases: pl.DataFrame
    others: pl.DataFrame | None
    dates: tuple[pl.Series, pl.Series]
    reasons: tuple[pl.Series, pl.Series]
    iso: bool = False
    costs: pl.DataFrame | None = None


#: The columns of a key's plan, and their types: what ``shared`` found (ok: no error), the
#: core's plan without exclusions (``k_base``: the deadline before exclusions and any
#: roll-forward; ``k_care_base``: the same for the statutory deadline care elsewhere follows
#: under a regional rule), and how the plan is made of them: ``k_roll`` (the deadline rolls
#: forward), ``k_care_mode`` (0: no duty of care elsewhere, 1: it follows the deadline, 2: the
#: statutory one), ``k_care_roll``, ``k_allowed`` (a bit per exclusion reason the rule allows);
#: then the counted exclusion periods (at most two) and the codes.
_KEY_COLUMNS: Final = (
    ("k_ok", "bool"),
    ("k_covered", "bool"),
    ("k_rule", "bool"),
    ("k_start", "i32"),
    ("k_restart", "i32"),
    ("k_clock", "i32"),
    ("k_base", "i32"),
    ("k_deadline", "i32"),
    ("k_care", "i32"),
    ("k_care_base", "i32"),
    ("k_roll", "bool"),
    ("k_care_mode", "i8"),
    ("k_care_roll", "bool"),
    ("k_allowed", "i32"),
    ("k_excluded", "i32"),
    ("k_from", "i32"),
    ("k_to", "i32"),
    ("k_from2", "i32"),
    ("k_to2", "i32"),
    ("k_deviation", "str"),
    ("k_reason", "str"),
    ("k_level", "i8"),
)
#: A key the core refused, or planned with more than two counted periods: the per-row path.
_REFUSED: Final = tuple(
    {"k_ok": False, "k_deviation": "", "k_reason": "", "k_level": -1}.get(name)
    for name, _type in _KEY_COLUMNS
)
#: The columns a key with an exclusions cell of another form takes from its own plan.
_WHOLE: Final = tuple(name for name, _type in _KEY_COLUMNS if name != "k_rule")


class BlockEvaluator:
    """Evaluates blocks of rows given as a polars frame of cells, with the core.

    In three steps, so that a caller may run the polars ones in another thread: :meth:`keys`
    (polars), :meth:`plan` (the core, in Python) and :meth:`judge` (polars); :meth:`evaluate`
    runs the three.

    Args:
        profile: how to read the cells.
        header: the column names as written.
        as_of: the day the status is for.
        rules: the rule set.
        policy: roll-forward and the at-risk window.

    Attributes:
        rows: the per-row evaluator (the core, with its caches): rows :meth:`judge` leaves
            not ``ok`` go through it.
        needed: the header positions of the cells the block reads, in order; a frame of cells
            has one column ``c<position>`` per position, text, ``""`` for blank, and a row
            number ``_i``.
        unit: the position of the unit column (-1: none).
    """

    def __init__(
        self, profile: Profile, header: tuple[str, ...], as_of: date, rules: RuleSet, policy: Policy
    ) -> None:
        pl = polars_module()
        assert pl is not None
        self.pl = pl
        self.rows = RowEvaluator(profile, header, as_of, rules, policy, SwedishCalendar())
        #: The calendar of the judging step (its own: that step may run in another thread).
        self.roller = SwedishCalendar()
        self.as_of = as_of
        self.policy = policy
        self.flat = Policy(roll_forward=False, at_risk_days=policy.at_risk_days)
        self.at_risk = policy.at_risk_days
        self.width = len(header)
        self.extra = bool(profile.result_columns)
        rows = self.rows
        # The cells a plan depends on are the ones RowEvaluator.key_of reads: ask it which.
        # (A key holds the whole start cell, also where RowEvaluator shares a plan by the
        # start's date alone: each row's own start is then checked as it checks it.)
        key = sorted(_positions(rows.key_of([str(i) for i in range(self.width)])))
        self.exclusions = rows.i_exclusions if rows.i_exclusions in key else -1
        self.pairs = bool(rows.pairs)
        self.base = tuple(i for i in key if i != self.exclusions)
        self.key = (*self.base, *([self.exclusions] if self.exclusions >= 0 else []))
        self.completed = rows.i_completed
        self.booked = rows.i_booked
        self.unit = rows.i_unit
        #: A date with a time (:data:`_DATE_TIME`) is read by its date part (ISO dates: no
        #: date formats of the profile's own); the national format's start is keyed by it, as
        #: RowEvaluator.key_of keys it.
        self.by_date = not profile.date_formats
        self.timed = rows.timed_starts
        self.start = rows.i_start
        dates = [i for i in (self.completed, self.booked) if i >= 0]
        # A file that names who referred care elsewhere gets ``costs_covered``: decided by the
        # core for each key with the referral and provider cells beside it (:meth:`plan`).
        self.costs = rows.costs
        self.referred = rows.i_referred
        # (one column may serve two fields in a profile: each is read once)
        self.costs_cells = tuple(
            dict.fromkeys(i for i in (rows.i_referred, rows.i_provider) if i >= 0)
        )
        if self.referred >= 0:
            dates.append(self.referred)
        #: An earlier check's error column (-1: none): a row whose record error it holds takes
        #: the per-row path, which keeps that error (``RowEvaluator.i_earlier``).
        self.earlier = rows.i_earlier
        evaluated = {
            *key,
            *dates,
            *self.costs_cells,
            *([self.earlier] if self.earlier >= 0 else []),
        }
        self.needed = tuple(sorted({*evaluated, *([self.unit] if self.unit >= 0 else [])}))
        #: The unit's cell is read for nothing but ``check``'s summary (no other field's).
        self.unit_only = self.unit >= 0 and self.unit not in evaluated
        #: What each planned key gives the decision on the costs: covered, a duty of care
        #: elsewhere, the start (``None``: refused).
        self.facts: dict[str, tuple[bool, bool, date, date | None] | None] = {}
        #: What a key with a zoned start planned, by its key in the per-row path (``_base``).
        self.by_day: dict[object, tuple[tuple[Any, ...], Any]] = {}
        #: The cells decided for the facts of a key and its referral and provider cells.
        self.decided: dict[tuple[Any, ...], str] = {}
        self.blank = [""] * self.width
        types = {"bool": pl.Boolean, "i32": pl.Int32, "i8": pl.Int8, "str": pl.String}
        self._schema: dict[str, Any] = {"_kb": pl.String}
        self._schema.update((name, types[kind]) for name, kind in _KEY_COLUMNS)
        self._whole_schema: dict[str, Any] = {"_k": pl.String}
        self._whole_schema.update((f"w_{name[2:]}", self._schema[name]) for name in _WHOLE)
        self.known: DataFrame = pl.DataFrame(schema=self._schema)
        self.known_keys: set[str] = set()
        self.whole: dict[str, tuple[Any, ...]] = {}
        self._made: dict[str, Any] = {}

    # -- step 1 (polars): what the block holds ---------------------------------------------------

    def keys(self, cells: pl.DataFrame, *, trusted: bool = False) -> Keys:
        """The distinct keys, dates and reasons of a block of cells.

        Args:
            cells: the cells at :attr:`needed` and the row number ``_i`` (other columns are
                kept).
            trusted: no cell holds a NUL (else a row with one in a key cell gets no key).
        """
        pl = self.pl
        col = pl.col
        base = [self._key_cell(i) for i in self.base]
        kb: Expr = pl.concat_str(base, separator=_SEP) if len(base) > 1 else base[0]
        if not trusted:  # a NUL in a key cell would make two keys one: the per-row path
            nul = pl.any_horizontal(
                [col(f"c{i}").str.contains(_SEP, literal=True) for i in self.key]
            )
            kb = pl.when(~nul).then(kb)
        if self.earlier >= 0:  # a record error of an earlier check: the per-row path
            kb = pl.when(~col(f"c{self.earlier}").str.contains(_RECORD_ERROR)).then(kb)
        if "_use" in cells.columns:  # the rows to judge in columns (the others get no key)
            kb = pl.when(col("_use")).then(kb)
        added = [kb.alias("_kb")]
        # (one column may serve two date fields in a profile: it is read once)
        dated = list(
            dict.fromkeys(i for i in (self.completed, self.booked, self.referred) if i >= 0)
        )
        added += [self._date_part(col(f"c{i}")).alias(f"_date{i}") for i in dated]
        ex = self.exclusions
        if ex >= 0:
            cell = col(f"c{ex}")
            kind = pl.when(cell == "").then(_NONE)
            if not self.pairs:  # else `shared` plans each whole key (periods in pairs too)
                kind = kind.when(cell.str.contains(_PERIODS)).then(_PERIOD_FORM)
            added.append(kind.otherwise(_OTHER).cast(pl.Int8).alias("_x"))
        frame = cells.with_columns(added)
        lazy = frame.lazy()
        queries = [lazy.select(col("_kb").drop_nulls().unique())]
        queries += [lazy.select(col(f"_date{i}").drop_nulls().unique()) for i in dated]
        if self.costs:
            queries.append(
                lazy.filter(col("_kb").is_not_null())
                .select("_kb", *(f"c{i}" for i in self.costs_cells))
                .unique()
            )
        if ex >= 0:
            queries.append(
                lazy.filter((col("_x") == _OTHER) & col("_kb").is_not_null()).select(
                    self._whole_key().unique()
                )
            )
            # The periods as written, of the rows with cells in the common form only.
            queries.append(
                lazy.filter((col("_x") == _PERIOD_FORM) & col("_kb").is_not_null())
                .select("_i", "_kb", col(f"c{ex}").str.extract_groups(_PERIODS).alias("_p"))
                .unnest("_p")
                .rename({str(i + 1): name for i, name in enumerate(_WRITTEN)})
            )
        found = pl.collect_all(queries, engine=_ENGINE)
        bases = found[0].to_series().to_list()
        texts: list[str] = []
        for dates in found[1 : 1 + len(dated)]:
            texts += dates.to_series().to_list()
        costs = found[1 + len(dated)] if self.costs else None
        others: list[str] = []
        reasons: list[str] = []
        periods = None
        if ex >= 0:
            others = found[-2].to_series().to_list()
            if found[-1].height:
                periods = found[-1]
                for name in ("_a1", "_b1", "_a2", "_b2"):
                    texts += periods.get_column(name).drop_nulls().unique().to_list()
                for name in ("_r1", "_r2"):
                    reasons += periods.get_column(name).drop_nulls().unique().to_list()
        return Keys(frame, bases, others, list(dict.fromkeys(texts)),
                    list(dict.fromkeys(reasons)), periods, costs)  # fmt: skip

    def _whole_key(self) -> Expr:
        """A row's key with its exclusions cell (``_k``)."""
        pl = self.pl
        key: Expr = pl.concat_str([self._key_cell(i) for i in self.key], separator=_SEP)
        return key.alias("_k")

    def _key_cell(self, i: int) -> Expr:
        """The cell at *i* as a key holds it.

        The national format's start (a date with a time, which rarely repeats) by its date
        part, as :meth:`RowEvaluator.key_of <vardgaranti._rows.RowEvaluator.key_of>` keys it
        (the time is the core's to check: a start of more than 10 characters in a form other
        than :data:`_DATE_TIME` gets no key, and the row takes the per-row path); a start with
        a time zone (:data:`_ZONED_TIME`) by the whole cell (its day in Sweden, which may not
        be its date part's, is the core's to find: ``key_of`` keys it by that day, and
        :meth:`_base` plans once per day).
        """
        cell: Expr = self.pl.col(f"c{i}")
        if not (self.timed and i == self.start):
            return cell
        short = self.pl.when(cell.str.len_chars() <= 10).then(cell)
        key: Expr = (
            short.when(cell.str.contains(_DATE_TIME))
            .then(self._part(cell))
            .when(cell.str.contains(_ZONED_TIME))
            .then(cell)
            if self.by_date
            else short
        )
        return key

    def _date_part(self, cell: Expr) -> Expr:
        """A date cell as the core reads its date (a date with a time: by its date part).

        A cell in the form of :data:`_DATE_TIME` becomes its date part (``YYYY-MM-DD``,
        ``YYYYMMDD``); any other stays as it is (the core reads it, or refuses it).
        """
        if not self.by_date:
            return cell
        when = self.pl.when
        found: Expr = when(cell.str.contains(_DATE_TIME)).then(self._part(cell)).otherwise(cell)
        return found

    def _part(self, cell: Expr) -> Expr:
        """The date part of a cell in the form of :data:`_DATE_TIME`."""
        when = self.pl.when
        part: Expr = (
            when(cell.str.slice(4, 1) == "-")
            .then(cell.str.slice(0, 10))
            .otherwise(cell.str.slice(0, 8))
        )
        return part

    # -- step 2 (the core): every new key planned ------------------------------------------------

    def plan(self, keys: Keys) -> KeyTable:
        """Plan each key not planned before with the core, and read the dates and reasons."""
        pl = self.pl
        known_keys = self.known_keys
        new = [kb for kb in keys.bases if kb not in known_keys]
        if new:
            if len(known_keys) + len(new) > _KEPT_KEYS:  # start again: memory stays bounded
                known_keys.clear()
                self.facts.clear()
                self.known = self.known.clear()
                new = keys.bases
            planned = [(kb, *self._base(kb)) for kb in new]
            # One chunk: a join gathers from it several times faster.
            self.known = pl.concat(
                [self.known, pl.DataFrame(planned, schema=self._schema, orient="row")]
            ).rechunk()
            known_keys.update(new)
        others = None
        if keys.others:
            whole = self._whole
            others = pl.DataFrame(
                [(k, *whole(k)) for k in keys.others], schema=self._whole_schema, orient="row"
            )
        reason_of = _REASONS.get
        bits = []
        for text in keys.reasons:
            found = reason_of(text) or reason_of(text.lower())
            bits.append(0 if found is None else _REASON_BIT[found])
        texts = pl.Series(keys.dates, dtype=pl.String)
        days = pl.Series(self._days(keys.dates), dtype=pl.Int32)
        # polars' reading of ISO dates, where it reads each of these texts as the core does
        iso = texts.str.to_date(_ISO, strict=False).cast(pl.Int32).equals(days, check_names=False)
        costs = None
        if keys.costs is not None:
            facts_of = self.facts.get
            decided = self.decided
            if len(decided) >= _KEPT_KEYS:
                decided.clear()
            values = []
            for kb, *cells in keys.costs.iter_rows():
                facts = facts_of(kb)
                value = decided.get((facts, *cells))
                if value is None:
                    value = decided[(facts, *cells)] = self._decide(facts, *cells)
                values.append(value)
            costs = keys.costs.with_columns(pl.Series("k_costs", values, dtype=pl.String))
        return KeyTable(
            self.known,
            others,
            (texts, days),
            (pl.Series(keys.reasons, dtype=pl.String), pl.Series(bits, dtype=pl.Int32)),
            iso,
            costs,
        )

    def _decide(self, facts: tuple[bool, bool, date, date | None] | None, *cells: str) -> str:
        """The ``costs_covered`` cell of a key's *facts* with ``referred`` and ``provider`` *cells*.

        Decided by the core (:func:`~vardgaranti.decide_costs`) from what the key's plan gives
        it (covered, a duty of care elsewhere, the start). Whether care elsewhere is due changes
        the answer's reason, never its value (the cell), so the value is the same for every row
        with these facts and cells. A referral the core's date reader refuses makes the row's
        error (the per-row path): its cell is not used.
        """
        if facts is None:
            return ""
        covered, duty, start, restart = facts
        found = dict(zip(self.costs_cells, cells, strict=True))
        referred = None
        if self.referred >= 0:
            try:
                referred = self.rows.day(found[self.referred], "referred")
            except VardgarantiError:
                return ""
        provider = found.get(self.rows.i_provider, "")
        return costs_of_facts(covered, duty, False, start, referred, provider, self.as_of, None,
                              None, restart).value  # fmt: skip

    def _days(self, texts: list[str]) -> list[int | None]:
        """The days of date texts, read by the core's reader (:data:`_BAD_DAY`: refused)."""
        read = self.rows.day
        cache = read.cache
        days: list[int | None] = []
        for text in texts:
            day = cache.get(text, date.min)
            if day is date.min:
                try:
                    day = read(text, "completed")
                except VardgarantiError:
                    days.append(_BAD_DAY)
                    continue
            days.append(None if day is None else day.toordinal() - _EPOCH)
        return days

    def _row(self, key: str, positions: tuple[int, ...]) -> list[str]:
        row = self.blank.copy()
        for i, text in zip(
            positions, key.split(_SEP) if len(positions) > 1 else [key], strict=True
        ):
            row[i] = text
        return row

    def _base(self, kb: str) -> tuple[Any, ...]:
        """A key without exclusions, planned by ``shared``: its columns.

        Keys whose start has a time zone (:data:`_ZONED_TIME`: each cell a key of its own,
        since its day in Sweden is the core's to find) share one plan per
        :meth:`RowEvaluator.key_of <vardgaranti._rows.RowEvaluator.key_of>`, which keys them
        by that day, as the per-row path shares them.
        """
        row = self._row(kb, self.base)
        if self.timed and len(row[self.start]) > 10:
            by_day = self.rows.key_of(row)
            found = self.by_day.get(by_day)
            if found is None:
                if len(self.by_day) >= _KEPT_KEYS:
                    self.by_day.clear()
                found = self.by_day[by_day] = self._planned(row)
        else:
            found = self._planned(row)
        columns, facts = found
        if self.costs:
            self.facts[kb] = facts
        return columns

    def _planned(
        self, row: list[str]
    ) -> tuple[tuple[Any, ...], tuple[bool, bool, date, date | None] | None]:
        """What ``shared`` plans for *row*: the key table's columns, and the facts of costs."""
        try:
            shared = self.rows.shared(row)
        except VardgarantiError:
            return _REFUSED, None
        planned = shared.plan
        duty = planned is not None and planned.care_deadline is not None
        # (and the restart that began the period counted: a referral before it is not this
        # period's)
        clock_start = None if planned is None else planned.clock_start
        facts = (planned is not None, duty, shared.start, clock_start)
        return self._columns(shared, planned), facts

    def _whole(self, k: str) -> tuple[Any, ...]:
        """A key with its exclusions cell, planned by ``shared``: its columns but ``k_rule``."""
        found = self.whole.get(k)
        if found is None:
            try:
                shared = self.rows.shared(self._row(k, self.key))
            except VardgarantiError:
                columns = _REFUSED
            else:
                columns = self._columns(shared, shared.plan)
            found = (*columns[:2], *columns[3:])
            if len(self.whole) >= _KEPT_KEYS:
                self.whole.clear()
            self.whole[k] = found
        return found

    def _columns(self, shared: Any, planned: Plan | None) -> tuple[Any, ...]:
        """The key table's columns for what ``shared`` found, with *planned* as the plan.

        The deadlines before exclusions (``k_base``, ``k_care_base``) are the core's; how a
        plan is made of them (which deadline rolls forward, which one care elsewhere follows)
        is read from the rule and the policy as :func:`~vardgaranti._core.plan` reads them.
        """
        level = -1 if shared.level is None else _LEVEL_CODE[shared.level]
        start = shared.start.toordinal() - _EPOCH
        restart = None if shared.restart is None else shared.restart.toordinal() - _EPOCH
        deviation = shared.deviation or ""
        rule: Rule | None = shared.rule
        allowed = 0
        if rule is not None:
            for allows in rule.exclusion_reasons:
                allowed |= _REASON_BIT[allows]
        if planned is None:
            why = shared.uncovered.value if shared.uncovered is not None else ""
            return (True, False, rule is not None, start, restart, *([None] * 8), allowed,
                    None, None, None, None, None, deviation, why, level)  # fmt: skip
        assert rule is not None
        periods: list[int | None] = []
        if planned.merged:
            for (first, last, _reasons), counts in zip(
                planned.merged, planned.counted, strict=True
            ):
                if counts:
                    periods += (first.toordinal() - _EPOCH, last.toordinal() - _EPOCH)
            if len(periods) > 4:  # days excluded over more than two periods: the per-row path
                return _REFUSED
        periods += [None] * (4 - len(periods))
        roll = self.policy.roll_forward
        care = planned.care_deadline
        care_mode = 0
        care_base = None
        if rule.base is None:
            care_mode = 1 if rule.care_elsewhere_citation is not None else 0
        elif rule.statutory.care_elsewhere_citation is not None:
            care_mode = 2
            care_base = care
            if roll:  # the statutory deadline before exclusions and the roll-forward
                care_base = plan(
                    rule, planned.clock_start, (), self.flat, self.rows.calendar
                ).care_deadline
        return (
            True,
            True,
            True,
            start,
            restart,
            planned.clock_start.toordinal() - _EPOCH,
            planned.base.toordinal() - _EPOCH,
            planned.deadline.toordinal() - _EPOCH,
            None if care is None else care.toordinal() - _EPOCH,
            None if care_base is None else care_base.toordinal() - _EPOCH,
            roll and rule.roll_forward,
            care_mode,
            roll and rule.statutory.roll_forward,
            allowed,
            planned.excluded_days,
            *periods,
            deviation,
            "",
            level,
        )

    # -- step 3 (polars): the exclusions counted, and the judgement ------------------------------

    def planning(self, keys: Keys, table: KeyTable, *, level: bool = False) -> pl.LazyFrame:
        """Each row with its plan: the key's, with the exclusions cell counted.

        Returns:
            The frame given to :meth:`keys` with the dates read (``completed``, ``booked``:
            days since 1970-01-01, :data:`_BAD_DAY` for a date the core refused) and the
            columns of :data:`_KEY_COLUMNS` the judgement reads for its plan (``k_deadline``,
            ``k_care``, ``k_excluded`` and the counted periods with its exclusions; ``k_level``
            only with *level*, else -1); ``k_ok`` false where the row takes the per-row path.
        """
        pl = self.pl
        col, lit, when = pl.col, pl.lit, pl.when
        # Only what the judgement reads: a join's cost grows with the columns it gathers.
        joined = ["k_ok", "k_covered", "k_start", "k_restart", "k_clock", "k_deadline", "k_care"]
        derived = {}
        if self.pairs:  # periods in pairs of columns are planned with the key
            joined += ["k_excluded", "k_from", "k_to", "k_from2", "k_to2"]
        else:
            derived["k_excluded"] = when(col("k_covered")).then(lit(0, dtype=pl.Int32))
            derived.update(
                (name, lit(None, dtype=pl.Int32)) for name in ("k_from", "k_to", "k_from2", "k_to2")
            )
        for name, needed, empty in (
            ("k_deviation", self.rows.i_deviation >= 0, ""),
            ("k_reason", self.extra, ""),
            ("k_level", level, -1),
        ):
            if needed:
                joined.append(name)
            else:
                derived[name] = lit(empty, dtype=self._schema[name])
        frame = keys.frame.lazy().join(
            table.bases.lazy().select("_kb", *joined), on="_kb", how="left", maintain_order="left"
        )
        for index, name in (
            (self.completed, "completed"),
            (self.booked, "booked"),
            (self.referred, "referred"),
        ):
            if index >= 0:
                derived[name] = self._dated(col(f"_date{index}"), table)
            else:
                derived[name] = lit(None, dtype=pl.Int32)
        frame = frame.with_columns(value.alias(name) for name, value in derived.items())
        if table.costs is not None:
            frame = frame.join(
                table.costs.lazy(),
                on=["_kb", *(f"c{i}" for i in self.costs_cells)],
                how="left",
                maintain_order="left",
                nulls_equal=False,
            )
        if table.others is not None:
            frame = frame.with_columns(
                when((col("_x") == _OTHER) & col("_kb").is_not_null()).then(self._whole_key())
            ).join(table.others.lazy(), on="_k", how="left", maintain_order="left")
            other = col("_x") == _OTHER
            frame = frame.with_columns(
                when(other).then(col(f"w_{name[2:]}")).otherwise(col(name)).alias(name)
                for name in _WHOLE
                if name in joined or name in derived
            )
        if keys.periods is None:
            return frame
        extended = self._extended(keys, table)
        frame = frame.join(extended, on="_i", how="left", maintain_order="left")
        has = col("o_ok").is_not_null()
        uses = has & col("k_covered")
        return frame.with_columns(
            (col("k_ok") & (~has | col("o_ok"))).alias("k_ok"),
            *(
                when(uses).then(col(f"o_{name[2:]}")).otherwise(col(name)).alias(name)
                for name in _EXTENDED
            ),
        )

    def _dated(self, text: Expr, table: KeyTable) -> Expr:
        """A column of date texts as days, as the core's reader read them (:attr:`KeyTable.dates`).

        By polars' own reading of ISO dates when the core read every text of the block the
        same (the common case), else by the table of what the core read.
        """
        pl = self.pl
        texts, days = table.dates
        dated: Expr
        if not texts.len():
            dated = pl.lit(None, dtype=pl.Int32)
            return dated
        dated = (
            text.str.to_date(_ISO, strict=False).cast(pl.Int32)
            if table.iso
            else text.replace_strict(texts, days, return_dtype=pl.Int32)
        )
        return dated

    def _extended(self, keys: Keys, table: KeyTable) -> pl.LazyFrame:
        """The plans of the rows with an exclusions cell of one or two periods in the common form.

        For each such row (``_i``) of a key the core planned: ``o_ok`` (a level outside the
        guarantee, which reads no exclusions; or each period read by the core's reader, in
        order and allowed by the rule, and when covered a deadline the core can reach), and
        when covered the columns :data:`_EXTENDED` (prefixed ``o_``) with the periods counted
        as :func:`~vardgaranti._core.plan` counts them (with
        :func:`~vardgaranti._core.merge_spans` and :func:`~vardgaranti._core.extend_deadline`):
        the periods in order of their first (then last) day; those that end by day 0 dropped,
        the others cut to the days after it; the second merged into the first when it begins
        at most a day after the first ends; the first counts, in full, when it begins on or
        before the deadline, the second when the first counted and it begins on or before the
        deadline extended by the first; the same for the statutory deadline care elsewhere
        follows; then the roll-forward, by the core's calendar.
        """
        pl = self.pl
        col = pl.col
        reasons, bits = table.reasons
        mapped = [
            *(self._dated(col(f"_{name}"), table).alias(name) for name in ("a1", "b1", "a2", "b2")),
            *(
                col(f"_r{n}").replace_strict(reasons, bits, return_dtype=pl.Int32).alias(f"bit{n}")
                for n in (1, 2)
            ),
        ]
        assert keys.periods is not None
        counting = (
            keys.periods.lazy()
            .join(table.bases.lazy().select("_kb", *_COUNTED), on="_kb", how="left")
            .with_columns(mapped)
        )
        for stage in self._static("counting", self._counting):
            counting = counting.with_columns(stage)
        if not self.policy.roll_forward:
            return counting.select(self._static("extended", self._extension))
        found = counting.collect(engine=_ENGINE)  # the core's calendar rolls what rolls
        return found.lazy().select(self._extension(*self._rolled(found)))

    def _static(self, name: str, make: Callable[[], Any]) -> Any:
        """What *make* makes, made once (expressions that are the same for every block)."""
        found = self._made.get(name)
        if found is None:
            found = self._made[name] = make()
        return found

    def _counting(self) -> list[list[Expr]]:
        """The steps of :meth:`_extended` after the dates are read: each a list of columns."""
        pl = self.pl
        col, when = pl.col, pl.when
        clock, allowed = col("k_clock"), col("k_allowed")
        a1, b1, a2, b2 = col("a1"), col("b1"), col("a2"), col("b2")
        s1, e1, s2, e2 = col("s1"), col("e1"), col("s2"), col("e2")
        two = col("_a2").is_not_null()

        def period(first: Expr, last: Expr, bit: Expr) -> Expr:
            valid: Expr = (
                first.is_not_null()
                & last.is_not_null()
                & (first != _BAD_DAY)
                & (last != _BAD_DAY)
                & (first <= last)
                & ((allowed & bit) != 0)
            )
            return valid

        in_order = ~two | (a1 < a2) | ((a1 == a2) & (b1 <= b2))  # merge_spans() sorts them
        first, last, length = col("first"), col("last"), col("length")
        apart, f2 = col("apart"), col("f2")
        second = e2 - f2 + 1
        counted = []
        for deadline, name in ((col("k_base"), "ext"), (col("k_care_base"), "care_ext")):
            counts = (first <= deadline).fill_null(False)
            counts2 = apart & counts & (f2 <= deadline + length).fill_null(False)
            counted += [
                counts.alias(f"{name}_1"),
                counts2.alias(f"{name}_2"),
                (when(counts).then(length).otherwise(0) + when(counts2).then(second).otherwise(0))
                .cast(pl.Int32)
                .alias(name),
            ]
        return [
            [
                (period(a1, b1, col("bit1")) & (~two | period(a2, b2, col("bit2")))).alias("valid"),
                when(in_order).then(a1).otherwise(a2).alias("s1"),
                when(in_order).then(b1).otherwise(b2).alias("e1"),
                when(in_order).then(a2).otherwise(a1).alias("s2"),
                when(in_order).then(b2).otherwise(b1).alias("e2"),
            ],
            [
                (e1 > clock).fill_null(False).alias("kept1"),
                (two & (e2 > clock)).fill_null(False).alias("kept2"),
                pl.max_horizontal(s1, clock + 1).alias("f1"),
                pl.max_horizontal(s2, clock + 1).alias("f2"),
            ],
            [(col("kept1") & col("kept2") & (f2 <= e1 + 1)).alias("merged")],
            [
                (col("kept1") & col("kept2") & ~col("merged")).alias("apart"),
                when(col("kept1")).then(col("f1")).when(col("kept2")).then(f2).alias("first"),
                when(col("merged"))
                .then(pl.max_horizontal(e1, e2))
                .when(col("kept1"))
                .then(e1)
                .when(col("kept2"))
                .then(e2)
                .alias("last"),
            ],
            [(last - first + 1).alias("length")],
            counted,
            [
                (col("k_base") + col("ext")).alias("cal"),
                (col("k_care_base") + col("care_ext")).alias("care_cal"),
            ],
        ]

    def _extension(self, rolled: Expr | None = None, care_rolled: Expr | None = None) -> list[Expr]:
        """The last step of :meth:`_extended`: the columns it gives (``_i``, ``o_...``)."""
        pl = self.pl
        col, when = pl.col, pl.when
        cal, care_cal, mode = col("cal"), col("care_cal"), col("k_care_mode")
        rolled = cal if rolled is None else rolled
        care_rolled = care_cal if care_rolled is None else care_rolled
        statutory = (mode == 2).fill_null(False)
        two = col("_a2").is_not_null()
        kept = col("kept1") & col("kept2")
        refused = (  # the core's OverflowError, or a roll-forward past the calendar's years
            # merge_spans() cannot cut at the day after 9999-12-31, nor look for a period
            # that begins the day after one that ends on it
            (two & (col("k_clock") >= _LAST_DAY))
            | (kept & (col("e1") >= _LAST_DAY))
            | (cal > _LAST_DAY)
            | (statutory & (care_cal > _LAST_DAY))
            | (col("k_roll") & rolled.is_null())
            | (statutory & col("k_care_roll") & care_rolled.is_null())
        ).fill_null(False)
        deadline = when(col("k_roll")).then(rolled).otherwise(cal)
        counts, counts2 = col("ext_1"), col("ext_2")
        return [
            col("_i"),
            (~col("k_rule") | (col("valid") & ~(col("k_covered") & refused)))
            .fill_null(False)
            .alias("o_ok"),
            deadline.alias("o_deadline"),
            when(mode == 1)
            .then(deadline)
            .when(mode == 2)
            .then(when(col("k_care_roll")).then(care_rolled).otherwise(care_cal))
            .alias("o_care"),
            col("ext").alias("o_excluded"),
            when(counts).then(col("first")).alias("o_from"),
            when(counts).then(col("last")).alias("o_to"),
            when(counts2).then(col("f2")).alias("o_from2"),
            when(counts2).then(col("e2")).alias("o_to2"),
        ]

    def _rolled(self, frame: pl.DataFrame) -> tuple[Expr, Expr]:
        """The deadlines that roll forward, rolled by the core's calendar (null: refused)."""
        pl = self.pl
        col = pl.col
        uses = col("k_covered")
        days = (
            frame.lazy()
            .select(
                col("cal")
                .filter(uses & col("k_roll"))
                .append(
                    col("care_cal").filter(uses & col("k_care_roll") & (col("k_care_mode") == 2))
                )
                .drop_nulls()
                .unique()
            )
            .collect(engine=_ENGINE)
            .to_series()
            .to_list()
        )
        if not days:
            return pl.lit(None, dtype=pl.Int32), pl.lit(None, dtype=pl.Int32)
        roll = self.roller.roll_forward
        rolled: list[int | None] = []
        for day in days:
            try:
                if day > _LAST_DAY:
                    raise OverflowError
                rolled.append(roll(date.fromordinal(day + _EPOCH)).toordinal() - _EPOCH)
            except (OverflowError, UnsupportedYearError):
                rolled.append(None)  # the per-row path names the cause
        return (
            col("cal").replace_strict(days, rolled, default=None, return_dtype=pl.Int32),
            col("care_cal").replace_strict(days, rolled, default=None, return_dtype=pl.Int32),
        )

    def judge(self, keys: Keys, table: KeyTable, *, bands: bool = False) -> pl.DataFrame:
        """Judge every row of a block: its results, in order, with the block's other columns.

        Returns:
            The columns of the frame given to :meth:`keys` other than the cells, then ``ok``
            (false: evaluate the row with :attr:`rows` instead), ``covered``, ``deadline``
            (days since 1970-01-01), ``status``, ``waited``, ``left``, ``excluded``, ``care``,
            ``deviation`` and ``reason`` (text, ``""`` if none), ``level`` (index in
            :class:`~vardgaranti.Level`, -1 none), ``text`` (the deadline as text when it is
            its key's, else null); for a file that names who referred care elsewhere, ``costs``
            (the ``costs_covered`` cell); with *bands*, ``band`` (the index in
            :data:`~vardgaranti._rows.BANDS` of the days waited, -1 none).
        """
        judged = self.judging(keys, table, level=bands)
        if bands:
            judged = judged.with_columns(self.band())
        return judged.collect(engine=_ENGINE, optimizations=self.pl.QueryOptFlags.none())

    def judging(self, keys: Keys, table: KeyTable, *, level: bool = False) -> pl.LazyFrame:
        """:meth:`judge` as a query, to go on with (one query runs faster than many steps)."""
        kept = [
            name
            for name in keys.frame.columns
            if not (name.startswith(("c", "_date")) or name in _KEYED)
        ]
        judgement = self._static("judgement", self._judgement)
        return self.planning(keys, table, level=level).select(*kept, *judgement)

    def band(self) -> pl.Expr:
        """The band of the days waited (-1: none), from the bounds of :data:`~._rows.BANDS`."""
        pl = self.pl
        waited = pl.col("waited")
        index = pl.lit(0, dtype=pl.Int8)
        for _name, _low, high in BANDS:
            if high is not None:
                index = index + (waited > high).cast(pl.Int8)
        band: Expr = pl.when(pl.col("ok") & waited.is_not_null()).then(index).otherwise(-1)
        return band.alias("band")

    def evaluate(
        self, cells: pl.DataFrame, *, trusted: bool = False, bands: bool = False
    ) -> pl.DataFrame:
        """:meth:`keys`, :meth:`plan` and :meth:`judge` in turn."""
        keys = self.keys(cells, trusted=trusted)
        return self.judge(keys, self.plan(keys), bands=bands)

    def _judgement(self) -> list[pl.Expr]:
        """The per-row judgement, as expressions over the plans and the dates.

        :meth:`RowEvaluator.result <vardgaranti._rows.RowEvaluator.result>`'s checks of the
        dates, then :func:`~vardgaranti._core.judge` (or
        :func:`~vardgaranti._core.judge_deviation`): a completion after the as-of day has not
        happened yet; a booking before the as-of day no longer counts; days waited are days
        from day 0, less the excluded days that counted up to the completion (or the as-of day).
        """
        pl = self.pl
        col, lit, when = pl.col, pl.lit, pl.when
        as_of = lit(_day(self.as_of), dtype=pl.Int32)
        completed, booked = col("completed"), col("booked")
        start, restart = col("k_start"), col("k_restart")
        deadline, care_deadline = col("k_deadline"), col("k_care")
        covered, deviation = col("k_covered"), col("k_deviation") != ""
        referred = col("referred")
        dates_ok = (
            (completed.is_null() | (completed != _BAD_DAY))
            & (booked.is_null() | (booked != _BAD_DAY))
            & (referred.is_null() | (referred != _BAD_DAY))
            & ~(completed < start).fill_null(False)
            & ~(completed < restart).fill_null(False)
            & ~(booked < start).fill_null(False)
        )
        ok = col("k_ok").fill_null(False) & dates_ok
        done = when(completed <= as_of).then(completed)  # not completed yet as of the day
        closed = done.is_not_null()
        until = pl.coalesce(done, as_of)
        over = as_of > deadline
        left = deadline - as_of
        booked_ahead = booked.is_not_null() & (booked >= as_of)
        status = (
            when(~covered)
            .then(lit(Status.NOT_COVERED.value))
            .when(deviation)
            .then(lit(Status.DEVIATION.value))
            .when(closed & (done <= deadline))
            .then(lit(Status.MET.value))
            .when(closed)
            .then(lit(Status.MISSED.value))
            .when(over)
            .then(lit(Status.OVERDUE.value))
            .when(booked_ahead)
            .then(
                when(booked > deadline)
                .then(lit(Status.AT_RISK.value))
                .otherwise(lit(Status.WITHIN.value))
            )
            .when(left <= self.at_risk)
            .then(lit(Status.AT_RISK.value))
            .otherwise(lit(Status.WITHIN.value))
        )
        care = (
            covered
            & ~deviation
            & ~closed
            & care_deadline.is_not_null()
            & ((as_of > care_deadline) | (booked_ahead & (booked > care_deadline)))
        ).fill_null(False)
        excluded_within = lit(0, dtype=pl.Int32)  # excluded_within(): the counted periods
        for first, last in ((col("k_from"), col("k_to")), (col("k_from2"), col("k_to2"))):
            excluded_within = excluded_within + (
                when(first.is_not_null() & (first <= until))
                .then(pl.min_horizontal(last, until) - first + 1)
                .otherwise(0)
            )
        waited = when(covered).then(
            until - col("k_clock") - when(deviation).then(0).otherwise(excluded_within)
        )
        return [
            ok.alias("ok"),
            covered.alias("covered"),
            deadline.alias("deadline"),
            status.alias("status"),
            waited.cast(pl.Int32).alias("waited"),
            when(covered & ~deviation & ~closed & ~over).then(left).cast(pl.Int32).alias("left"),
            col("k_excluded").alias("excluded"),
            care.alias("care"),
            col("k_deviation").alias("deviation"),
            col("k_reason").alias("reason"),
            col("k_level").alias("level"),
            *([self._costs_cell(completed, referred)] if self.costs else []),
        ]

    def _costs_cell(self, completed: Expr, referred: Expr) -> Expr:
        """The ``costs_covered`` cell: its key's, but empty for a referral after the care.

        The key's cell is decided without the completion (:meth:`_decide`); a referral after
        the care was given cannot be how the region arranged it (``referred-after-care``).
        """
        pl = self.pl
        after_care = (referred > completed).fill_null(False)
        cell: Expr = pl.when(after_care).then(pl.lit("")).otherwise(pl.col("k_costs").fill_null(""))
        return cell.alias("costs")

    def cells(self, *, text: bool = True) -> list[pl.Expr]:
        """The result cells ``check`` writes for a judged row, but the last (``error``).

        With *text*, as text; else typed as a CSV writer writes them the same (the deadline a
        date, which polars writes as :meth:`datetime.date.isoformat` does, the numbers whole
        numbers, null for an empty cell).
        """
        pl = self.pl
        col, lit, when = pl.col, pl.lit, pl.when
        parts = [
            col("deadline").cast(pl.Date),
            col("status"),
            col("waited"),
            col("left"),
            col("excluded"),
            when(col("care")).then(lit("yes")).otherwise(lit("no")),
        ]
        if text:
            parts[0] = parts[0].cast(pl.String)
            parts[:5] = [part.cast(pl.String).fill_null("") for part in parts[:5]]
        if self.extra:
            parts += [col("deviation"), col("reason")]
        if self.costs:
            parts.append(col("costs"))
        return [part.alias(f"_cell{i}") for i, part in enumerate(parts)]

    def tail(self, delimiter: str) -> pl.Expr:
        """The result cells ``check`` writes for a judged row, joined by *delimiter*."""
        joined: Expr = self.pl.concat_str([*self.cells(), self.pl.lit("")], separator=delimiter)
        return joined


#: The columns of a key's plan the exclusions are counted from.
_COUNTED: Final = ("k_rule", "k_covered", "k_clock", "k_base", "k_care_base", "k_roll",
                   "k_care_mode", "k_care_roll", "k_allowed")  # fmt: skip
#: The columns of a key's plan the exclusions change.
_EXTENDED: Final = ("k_deadline", "k_care", "k_excluded", "k_from", "k_to", "k_from2", "k_to2")
#: The working columns of :meth:`BlockEvaluator.keys` (not handed back by ``judge``).
_KEYED: Final = frozenset({"_kb", "_k", "_x"})
# -- the input: whole lines in blocks ---------------------------------------------------------


@attrs.define
class _Block:
    """Whole lines of the input: their UTF-8 bytes and, when known, the lines as read."""

    data: bytes
    lines: list[str] | None  # the exact lines of a caller's text stream
    irregular: int = -1  # the index of a line that is not in data (a lone surrogate)


_NO_BLOCK: Final = _Block(b"", None)


class _ByteFeed:
    r"""Whole lines from UTF-8 bytes, in blocks; lines given back are read again first.

    Lines are the ones :class:`io.TextIOWrapper` with ``newline=""`` gives (ending at ``\n``,
    ``\r\n`` or ``\r``), which is how the streaming engine reads a file.
    """

    def __init__(
        self, read: Callable[[int], bytes], readline: Callable[[int], bytes] | None = None
    ) -> None:
        self.read = read
        self.readline = readline  # of a binary stream, which ends lines at a line feed
        self.buffer = b""
        self.eof = False

    def _fill(self, size: int) -> None:
        parts = [self.buffer]
        have = len(self.buffer)
        while not self.eof and have < size:
            chunk = self.read(max(size - have, _READ))
            if not chunk:
                self.eof = True
            else:
                parts.append(chunk)
                have += len(chunk)
        self.buffer = b"".join(parts)

    def block(self, size: int) -> _Block | None:
        """The next whole lines, about *size* bytes (more when one line is longer).

        A block ends after the last line feed in its first *size* bytes or, when there is
        none, after the last carriage return there (a file whose lines end in a carriage
        return alone, the old Mac "CSV", is read in blocks too), never between a carriage
        return and its line feed.
        """
        if self.readline is not None and not self.eof and len(self.buffer) < size:
            # *size* bytes and the rest of the last line: one copy of the block
            chunk = self.read(size - len(self.buffer))
            if chunk:
                tail = b"" if chunk.endswith(b"\n") else self.readline(size)
                data = b"".join((self.buffer, chunk, tail))
                # (a rest without a line feed, the file's last line or lines that end in a
                # carriage return alone, is cut below: a block stays within its size)
                if not tail or tail.endswith(b"\n"):
                    self.buffer = b""
                    return self._lines_at_most(data)
                self.buffer = data  # no line feed within a block's size: cut below
            else:
                self.eof = True
        self._fill(size + 1)  # (the byte after a carriage return at the end of *size*)
        cut = self._cut(size)
        while not cut and not self.eof:
            size *= 2
            self._fill(size + 1)
            cut = self._cut(size)
        if not cut:
            cut = len(self.buffer)
        if not cut:
            return None
        data, self.buffer = self.buffer[:cut], self.buffer[cut:]
        return self._lines_at_most(data)

    def _cut(self, size: int) -> int:
        """Where a block of at most about *size* bytes of the buffer ends (0: no line end)."""
        buffer = self.buffer
        cut = buffer.rfind(b"\n", 0, size) + 1
        if cut:
            return cut
        cut = buffer.rfind(b"\r", 0, size) + 1  # (the buffer holds a byte more, or all)
        if cut and buffer[cut : cut + 1] == b"\n":
            cut += 1  # (the line feed just after the first *size* bytes)
        return cut

    def _lines_at_most(self, data: bytes) -> _Block:
        """A block of *data*'s first :data:`BLOCK_LINES` lines; the rest is given back."""
        if data.count(b"\n") > BLOCK_LINES:
            cut = _offset_of_line(data, BLOCK_LINES)
            self.give_back(data[cut:])
            data = data[:cut]
        return _Block(data, None)

    def give_back(self, data: bytes) -> None:
        """Put *data* (whole lines) back in front of what is still to be read."""
        self.buffer = data + self.buffer

    def lines(self) -> Iterator[str]:
        """The lines from here on, one by one (for the per-row path).

        What is not handed out stays in the buffer when the iterator is closed.
        """
        position = 0
        try:
            while True:
                found = _LINE_END.search(self.buffer, position)
                if found is not None and (
                    found.end() < len(self.buffer) or self.eof or found.group() != b"\r"
                ):
                    line = self.buffer[position : found.end()]
                    position = found.end()
                    yield line.decode("utf-8")
                    continue
                if self.eof:
                    if position < len(self.buffer):
                        line = self.buffer[position:]
                        position = len(self.buffer)
                        yield line.decode("utf-8")
                    return
                self.buffer = self.buffer[position:]  # a "\r" at the end may begin "\r\n"
                position = 0
                self._fill(len(self.buffer) + _READ)
        finally:
            self.buffer = self.buffer[position:]


class _LineFeed:
    """Lines of a caller's text stream, as its own iterator gives them, in blocks."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.source = lines
        self.waiting: deque[str] = deque()

    def _next(self) -> str | None:
        if self.waiting:
            return self.waiting.popleft()
        return next(self.source, None)

    def block(self, size: int) -> _Block | None:
        """The next lines, about *size* characters; only lines that end in a line feed alone."""
        lines: list[str] = []
        have = 0
        while have < size and len(lines) < BLOCK_LINES:
            line = self._next()
            if line is None:
                break
            lines.append(line)
            have += len(line)
            if not _plain_ending(line):  # not split as polars splits: ends the block
                break
        if not lines:
            return None
        try:
            data = "".join(lines).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: not text polars reads
            for i, text in enumerate(lines):
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    self.give_back(lines[i + 1 :])
                    del lines[i + 1 :]
                    break
            data = "".join(lines[:-1]).encode("utf-8")
            return _Block(data, lines, irregular=len(lines) - 1)
        return _Block(data, lines)

    def give_back(self, lines: list[str]) -> None:
        """Put *lines* back in front of what is still to be read."""
        self.waiting.extendleft(reversed(lines))

    def lines(self) -> Iterator[str]:
        """The lines from here on, one by one."""
        while True:
            line = self._next()
            if line is None:
                return
            yield line


def _plain_ending(line: str) -> bool:
    """Whether *line* is split as polars splits: one line feed, at its end, if any."""
    body = line[:-1] if line.endswith("\n") else line
    return "\n" not in body and "\r" not in body.removesuffix("\r")


# -- opening the input ------------------------------------------------------------------------


@attrs.define
class _Input:
    """A CSV input opened for the columnar engine."""

    table: Table
    bom: bool
    utf8: bool
    note: str | None
    bytes_feed: _ByteFeed | None
    line_feed: _LineFeed | None
    close: Callable[[], None]
    size: int = 0
    position: Callable[[], int] = lambda: 0
    lone_cr: bool = False  # the first line ends in a carriage return alone (see `_lone_cr`)
    #: raises when the file changed while it was read (:func:`~vardgaranti._tables.watch`)
    unchanged: Callable[[], None] = lambda: None


def _is_text(source: object) -> bool:
    return isinstance(source, io.TextIOBase) or (
        hasattr(source, "read") and isinstance(getattr(source, "encoding", None), str)
    )


def _open(
    source: str | Path | IO[str] | IO[bytes],
    encoding: str,
    columns: frozenset[str] | None = None,
) -> _Input | None:
    """Open a CSV source for the columnar engine; ``None`` for anything else.

    ``None`` (the streaming engine then reads it, and says what is wrong with it) for standard
    input, a file that cannot be opened, a workbook or an XML delivery, and a binary stream
    that cannot be peeked at without reading it.
    """
    if _is_text(source):
        text = source
        table = open_table(text, columns=columns)
        lines = iter(cast("IO[str]", text))
        return _Input(table, table.bom, True, None, None, _LineFeed(lines), lambda: None)
    owned = False
    unchanged: Callable[[], None] = _as_it_was
    if isinstance(source, (str, Path)):
        if str(source) == "-":
            return None
        name = str(source)
        try:
            if Path(name).is_dir():
                return None
            raw: BinaryIO = open(name, "rb")  # noqa: SIM115 - closed by the engine
        except (OSError, ValueError):
            return None
        owned = True
        unchanged = watch(raw, name)
    elif hasattr(source, "read"):
        raw = source  # type: ignore[assignment]
        name = getattr(source, "name", "<stream>")
    else:
        return None
    try:
        first = _peek(raw)
        if (
            first is None
            or sniff(first) != "csv"
            or (b"\x00" in first and not first.startswith((b"\xff\xfe", b"\xfe\xff")))
        ):
            if owned:
                raw.close()
            return None
        start = raw.tell() if raw.seekable() else 0
        decoded = open_text(raw, name, encoding, borrowed=not owned)
    except BaseException:
        if owned:
            raw.close()
        raise
    stream = decoded.stream
    try:
        table = open_table(stream, columns=columns)
    except BaseException:
        if owned:
            raw.close()
        raise
    bom = decoded.bom or table.bom
    utf8 = decoded.encoding in ("utf-8", "utf-8-sig")
    size = _size(raw)
    if utf8:
        # Read the bytes after the header directly: no decoding and encoding again.
        buffer = cast("BinaryIO", cast("io.TextIOWrapper", stream).detach())
        spooled = buffer is not raw
        base = (0 if spooled else start) + (3 if decoded.bom else 0)
        buffer.seek(base)
        _skip_lines(buffer, table.header_lines)

        def close() -> None:
            if spooled:
                buffer.close()
            if owned:
                raw.close()

        return _Input(table, bom, True, decoded.note, _ByteFeed(buffer.read, buffer.readline),
                      None, close, size, buffer.tell, _lone_cr(first), unchanged)  # fmt: skip

    def read(size: int) -> bytes:
        return stream.read(size).encode("utf-8")

    def close_text() -> None:
        stream.close()  # (a caller's stream is let go of, not closed)
        if owned:
            raw.close()

    return _Input(table, bom, False, decoded.note, _ByteFeed(read), None, close_text, size,
                  lambda: _tell(raw), _lone_cr(first), unchanged)  # fmt: skip


def _as_it_was() -> None:
    """The check of an input that is not a file of ours: none (see ``_tables.watch``)."""


def why_streamed(source: object) -> str:
    """What *source* is that the columnar engine leaves to the streaming one (for a note).

    Args:
        source: what ``check`` read: a path, or ``"-"`` for standard input.

    Returns:
        ``standard input``, ``an XML delivery``, ``a workbook``, a file with NUL bytes near its
        start (UTF-16 without a byte-order mark), or ``this file``.

    >>> why_streamed("-")
    'standard input'
    """
    if str(source) == "-":
        return "standard input"
    try:
        with open(str(source), "rb") as raw:
            first = raw.read(_SNIFF)
    except (OSError, ValueError):
        return "this file"
    kind = sniff(first)
    if kind == "xml":
        return "an XML delivery"
    if kind in ("xlsx", "xls"):
        return "a workbook"
    if b"\x00" in first:
        return "a file with NUL bytes near its start, as UTF-16 without a byte-order mark"
    return "this file"


def _lone_cr(first: bytes) -> bool:
    r"""Whether the first line of a file that begins with *first* ends in ``\r`` alone.

    Such a file (the old Mac "CSV") has every line read row by row by the per-row path:
    ``auto`` leaves it to the streaming engine, which reads it faster. (UTF-16 is not looked
    at: its line ends are two bytes each.)
    """
    if b"\x00" in first:
        return False
    found = _LINE_END.search(first)
    return found is not None and found.group() == b"\r" and found.end() < len(first)


def _peek(raw: BinaryIO) -> bytes | None:
    peek = getattr(raw, "peek", None)
    if peek is not None:
        data: bytes = peek(_SNIFF)[:_SNIFF]
        return data
    try:
        if raw.seekable():
            here = raw.tell()
            data = raw.read(_SNIFF)
            raw.seek(here)
            return data
    except (OSError, ValueError):
        pass
    return None


def _size(raw: BinaryIO) -> int:
    import os

    try:
        return os.fstat(raw.fileno()).st_size
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return 0


def _tell(raw: BinaryIO) -> int:
    try:
        return raw.tell()
    except (OSError, ValueError):
        return 0


def _skip_lines(buffer: IO[bytes], count: int) -> None:
    r"""Move *buffer* past *count* lines (ending at ``\n``, ``\r\n`` or ``\r``)."""
    here = buffer.tell()
    data = b""
    position = 0
    while count:
        found = _LINE_END.search(data, position)
        if found is None or (found.group() == b"\r" and found.end() == len(data)):
            more = buffer.read(_READ)
            if not more:
                position = len(data)
                break
            data += more
            continue
        position = found.end()
        count -= 1
    buffer.seek(here + position)


# -- check ------------------------------------------------------------------------------------


def check_columnar(
    source: str | Path | IO[str] | IO[bytes],
    output: IO[str],
    *,
    as_of: date,
    rules: RuleSet,
    policy: Policy,
    progress: Callable[[int, int], None] | None = None,
    summarize: bool = True,
    profile: str | Path | Profile = "auto",
    encoding: str = "auto",
    sheet: str | None = None,
    bom: bool | None = None,
    notes: Callable[[str], None] | None = None,
    required: bool = False,
) -> CheckSummary | None:
    r"""Check a CSV waiting list with the columnar engine; ``None`` when it does not apply.

    The output is byte for byte that of :func:`~vardgaranti.check_waiting_list` with the same
    arguments (see there). ``None`` (check with the streaming engine) when polars is not
    installed, for an input this engine does not read (standard input, an XML delivery or a
    workbook, a file that cannot be opened: the streaming engine then says why), and unless
    *required*, for a file smaller than :data:`AUTO_BYTES` or one whose first line ends in a
    carriage return alone (each of its lines would take the per-row path).

    Args:
        source: a path, a binary stream or a text stream (read as CSV as it is).
        output: where the CSV goes: a text stream that writes line ends unchanged (opened with
            ``newline=""``, or on a platform whose line end is ``\n``).
        as_of: the day the status is for.
        rules: the rule set.
        policy: roll-forward and the at-risk window.
        progress: called after each block with (bytes read, total bytes).
        summarize: count rows per unit, level, status and band.
        profile: how to read the columns.
        encoding: the CSV's encoding (``auto``, ``utf-8``, ``cp1252``, ``utf-16``).
        sheet: for workbooks (which this engine leaves to the streaming engine).
        bom: begin the output with a byte-order mark (default: as the streaming engine).
        notes: called with each one-line note about the input.
        required: the engine was asked for (``--engine columnar``): raise rather than return
            ``None`` when polars is not installed, and check a small file too.

    Returns:
        The summary, or ``None``.

    Raises:
        WaitingListError: *required* and polars is missing; a problem with the file as a whole.
    """
    # (a workbook is read by the streaming engine: a sheet given here is only noted)
    # `auto` imports polars only once the engine is sure to be used: a file it leaves to the
    # streaming engine is read in a process without polars' threads, which may fork (--jobs).
    if required:
        _allocator()
        polars_module(required)
    elif importlib.util.find_spec("polars") is None:
        return None
    if not required and _small(source):
        return None  # `auto`: polars' start-up would cost more than the columns save
    as_of = as_date(as_of, "as_of")
    check_profile(profile)
    if not (isinstance(profile, str) and profile.strip().lower() == "auto"):
        profile = resolve_profile(profile)  # (read once: its columns find the delimiter too)
    opened = _open(source, encoding, delimiter_columns(profile))
    if opened is None:
        return None
    if opened.lone_cr and not required:  # every line row by row: the streaming engine
        opened.close()
        return None
    try:
        table = opened.table
        layout = layout_of(table.header, table.delimiter, opened.bom, table.name, profile)
        if (
            not required
            and isinstance(source, (str, Path))
            and opened.bytes_feed is not None
            and _mostly_per_row(
                layout.header,
                layout.delimiter,
                layout.profile,
                as_of,
                rules,
                policy,
                opened.bytes_feed,
                table.header_lines,
            )
        ):
            return None  # `auto`: the streaming engine checks such rows faster, side by side
        _allocator()
        if polars_module(required) is None:
            return None
        if opened.note is not None and notes is not None:
            notes(opened.note)
        if sheet is not None and notes is not None:
            notes(sheet_note(table.name, sheet))
        for said in (
            *resembled_notes(table.name, layout.header, layout.profile),
            worklist_note(table.name, layout.header, layout.profile),
            replaced_note(table.name, layout),
            costs_note(table.name, layout.header, layout.profile),
        ):
            if said is not None and notes is not None:
                notes(said)
        if bom is None:  # as check_waiting_list: UTF-8 stays as it came, else UTF-8 with a BOM
            bom = opened.bom or not opened.utf8
        writer = _Writer(output)
        if bom:
            writer.text("\ufeff")
        header = [layout.header[i] for i in layout.passthrough] + list(layout.results)
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=layout.delimiter, lineterminator="\r\n").writerow(
            [escape_formula(cell) for cell in header]
        )
        writer.text(buffer.getvalue())
        engine = _Check(
            layout.header,
            layout.delimiter,
            layout.profile,
            layout.passthrough,
            len(layout.results),
            as_of,
            rules,
            policy,
            summarize,
        )
        engine.run(opened, table.header_lines, writer, progress)
        opened.unchanged()  # (before the output is complete: a caller's file is not kept)
        writer.flush()
        return engine.summary
    finally:
        opened.close()


def _allocator() -> None:
    """Ask polars' allocator for one arena, if polars is not imported yet and nobody chose.

    jemalloc, which polars allocates with, keeps an arena of memory per thread by default;
    the blocks of this engine are made by a few threads in turn, and one arena holds them in
    10–15 % less memory at the same speed. jemalloc reads its options once, when polars is
    first imported (from ``_RJEM_MALLOC_CONF``, which polars itself extends): a process that
    imported polars before, or that sets the variable itself, keeps what it has.
    """
    import os
    import sys

    if "polars" not in sys.modules and "_RJEM_MALLOC_CONF" not in os.environ:
        os.environ["_RJEM_MALLOC_CONF"] = _ALLOCATOR


def _mostly_per_row(
    header: tuple[str, ...],
    delimiter: str,
    profile: Profile,
    as_of: date,
    rules: RuleSet,
    policy: Policy,
    feed: _ByteFeed,
    line: int,
) -> bool:
    """Whether most of the first rows of a file have errors (``auto``; before polars starts).

    The records of the first :data:`PROBE_BYTES` after the header are read and evaluated as the
    streaming engine reads them, and their bytes given back to *feed*. The columnar engine
    checks a row with an error (a row of another width, a date the core refuses) row by row, in
    one process; a file made mostly of such rows (a cut-off export, a column of impossible
    dates) is checked faster by the streaming engine itself, in several processes. Only the
    choice of engine depends on it, never the output.
    """
    block = feed.block(PROBE_BYTES)
    if block is None:
        return False
    feed.give_back(block.data)
    width = len(header)
    # (lines end at \n, \r\n or \r only, as the readers split them)
    lines = io.StringIO(block.data.decode("utf-8", "replace"), newline="")
    evaluate = RowEvaluator(profile, header, as_of, rules, policy, SwedishCalendar()).result
    rows = errors = 0
    for _line, cells, _body, problem in read_records(lines, delimiter, width, line):
        if problem is None and is_empty(cells):  # a blank row, of any width: no error
            continue
        rows += 1
        if problem is not None or len(cells) != width or isinstance(evaluate(cells), Exception):
            errors += 1
    return errors > rows * PROBE_SHARE


def _small(source: object) -> bool:
    """Whether *source* is a file too small for the columnar engine to be worth its start."""
    if not isinstance(source, (str, Path)) or str(source) == "-":
        return False
    try:
        return Path(source).stat().st_size < AUTO_BYTES
    except (OSError, ValueError):
        return False


class _Writer:
    """Writes text, and UTF-8 bytes, to a text stream in order."""

    def __init__(self, output: IO[str]) -> None:
        import codecs
        import os

        self.output = output
        self.raw: IO[bytes] | None = None
        encoding = getattr(output, "encoding", None)
        if (
            isinstance(output, io.TextIOWrapper)
            and isinstance(encoding, str)
            and codecs.lookup(encoding).name == "utf-8"
            and os.linesep == "\n"
        ):
            self.raw = output.buffer  # the bytes as they are: no decoding and encoding again

    def text(self, text: str) -> None:
        """Write *text*."""
        self.output.write(text)

    def data(self, data: bytes) -> None:
        """Write UTF-8 *data*."""
        if self.raw is not None:
            self.output.flush()
            self.raw.write(data)
        else:
            self.output.write(data.decode("utf-8"))

    def lines(self, texts: pl.Series) -> None:
        """Write a column of texts, one after the other (nulls write nothing)."""
        options: dict[str, Any] = {
            "include_header": False,
            "quote_style": "never",
            "line_terminator": "",
            "separator": "\x00",
            "null_value": "",
        }
        if self.raw is not None:  # straight from polars' buffers into the file
            self.output.flush()
            raw = self.raw
            _os_errors(lambda: texts.to_frame().write_csv(raw, **options))
            written_directly(self.output)
        else:
            buffer = io.BytesIO()
            texts.to_frame().write_csv(buffer, **options)
            self.output.write(buffer.getvalue().decode("utf-8"))

    def rows(self, frame: pl.DataFrame, delimiter: str) -> None:
        """Write the cells of each row, joined by *delimiter*, each row ended by CR LF."""
        options: dict[str, Any] = {
            "include_header": False,
            "quote_style": "never",
            "line_terminator": "\r\n",
            "separator": delimiter,
            "null_value": "",
        }
        if self.raw is not None:
            self.output.flush()
            raw = self.raw
            _os_errors(lambda: frame.write_csv(raw, **options))
            written_directly(self.output)
        else:
            buffer = io.BytesIO()
            frame.write_csv(buffer, **options)
            self.output.write(buffer.getvalue().decode("utf-8"))

    def flush(self) -> None:
        """Flush what was written."""
        self.output.flush()


#: How polars words an error of the system: "Broken pipe (os error 32)".
_OS_ERROR: Final = re.compile(r"\(os error (\d+)\)")


def _os_errors(write: Callable[[], object]) -> None:
    """Run *write* (polars writing to a file), its errors of the system with their number.

    polars raises a plain ``OSError("Broken pipe (os error 32)")`` without ``errno``: the
    reader that went away (``| head``) would be an error (exit 2) rather than a quiet stop,
    and a full disk would not name the file. The error is raised again as the one Python's
    own write raises (``BrokenPipeError`` for ``EPIPE``), with its number.
    """
    try:
        write()
    except OSError as error:
        found = _OS_ERROR.search(str(error)) if error.errno is None else None
        if found is None:
            raise
        number = int(found.group(1))
        kind = BrokenPipeError if number == errno.EPIPE else OSError
        raise kind(number, os.strerror(number)) from None


@attrs.define
class _Parsed:
    """A block read in columns (the worker's first step)."""

    block: _Block
    line: int  # the number of the line before the block
    total: int  # the lines polars reads in the whole block
    count: int  # the lines read here (up to a NUL, a carriage return alone, a BOM)
    lines: pl.Series | None  # the lines' text (null: a blank line)
    odd: list[int]  # the lines for the per-row reader, in order
    keys: Keys | None  # of the plain and the plainly quoted lines (made by `prepare`)
    cells: pl.DataFrame | None = None  # their cells, for `prepare` to find the keys of


@attrs.define
class _Prepared:
    """A block planned by the core (the main thread's step)."""

    count: int  # the lines checked in the block (a quoted cell that runs on ends it)
    table: KeyTable | None
    written: dict[int, str]  # the output of the lines checked row by row


@attrs.define
class _Judged:
    """A block judged (the worker's second step)."""

    # The output of each line judged in columns: its cells (to write with the delimiter), or
    # its text (null where the per-row path writes the line); None: written already.
    out: pl.DataFrame | pl.Series | None
    plain: list[tuple[int, str]]  # plain lines left to the per-row path: index, text
    quoted: list[tuple[int, str]]  # quoted lines left to the per-row path: index, text
    judged: int  # rows judged in columns
    groups: list[tuple[Any, ...]]  # summary counts
    skipped: list[int] = attrs.Factory(list)  # lines that write nothing (blank)


class _Check:
    """The columnar ``check`` loop: blocks in columns, the rest by the streaming engine's path."""

    def __init__(
        self,
        header: tuple[str, ...],
        delimiter: str,
        profile: Profile,
        passthrough: tuple[int, ...],
        results: int,
        as_of: date,
        rules: RuleSet,
        policy: Policy,
        summarize: bool,
    ) -> None:
        self.width = len(header)
        self.delimiter = delimiter
        self.blocks = BlockEvaluator(profile, header, as_of, rules, policy)
        self.pl = self.blocks.pl
        self.evaluate = self.blocks.rows.result
        self.passthrough = passthrough
        self.as_is = len(passthrough) == self.width
        # Every row by the per-row path: an earlier output checked again (its result columns
        # are dropped, so no line is written as it came).
        self.row_by_row = not self.as_is
        self.no_results = ("",) * (results - 1)
        self.empty_results = ("",) * results
        self.summarize = summarize
        self.summary = CheckSummary()
        self.rows = self.errors = self.empty = 0
        self.buffer = io.StringIO()
        self.writerow = csv.writer(self.buffer, delimiter=delimiter, lineterminator="\r\n").writerow
        self.risky = re.compile(re.escape(delimiter) + "[=+\\-@\t]").search
        escaped = {"\t": r"\t"}.get(delimiter, re.escape(delimiter))
        self.danger = [delimiter + first for first in (*_FIRST, *_GUARDED)]
        cell = f'(?:[^"{escaped}]*|"(?:[^"]|"")*")'
        self.quoted = (
            f"^{cell}(?:{escaped}{cell}){{{self.width - 1}}}$"
            if self.width <= _QUOTED_WIDTH
            else None
        )
        # A cell that may be one a spreadsheet would run (found in a line: also after a
        # delimiter inside a quoted cell, which the per-row path then takes as it is), or one
        # a writer guarded against that (``'-``), which the per-row reader reads without it.
        self.formula = f"(?:^|{escaped})\"?'?[=+\\-@\\t\\r]"
        # A line the CSV writer writes as it is: each quoted cell holds a delimiter or a quote.
        canonical = f'(?:[^"{escaped}]*|"[^"{escaped}]*(?:{escaped}|"")(?:[^"]|"")*")'
        self.canonical = (
            f"^{canonical}(?:{escaped}{canonical}){{{self.width - 1}}}$" if self.width > 1 else "^$"
        )
        # A plain line: the header's number of cells, no quote, no carriage return, and no cell
        # a spreadsheet would run (one that begins with = + - @ or a tab), nor one guarded
        # against that (the same after a ');
        rest = f'[^"{escaped}\\r\\n]*'
        plain = (
            f"(?:[^\"{escaped}=+\\-@\\t\\r\\n']{rest}|'(?:[^\"{escaped}=+\\-@\\t\\r\\n]{rest})?)?"
        )
        self.plain = (
            f"^{plain}(?:{escaped}{plain}){{{self.width - 1}}}$"
            if self.width <= _QUOTED_WIDTH
            else None
        )
        self.pad = [""] * self.width
        self.writer: _Writer
        # The cells read in columns (the unit only for the summary).
        unit_only = self.blocks.unit if self.blocks.unit_only and not summarize else -1
        self.needed = [i for i in self.blocks.needed if i != unit_only]
        judged = (self.blocks.completed, self.blocks.booked, self.blocks.unit,
                  *self.blocks.costs_cells)  # fmt: skip
        self.planned_only = [f"c{i}" for i in self.needed if i not in judged]
        self.units: dict[str, str] = {}
        self.threads = True

    # -- the per-row path: check_waiting_list's loop, for one record ----------------------------

    def _row_out(self, cells: list[str]) -> str:
        self.writerow([escape_formula(cell) for cell in cells])
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text

    def one(self, row: list[str], body: str | None, problem: str | None) -> str:
        """The output of one record, exactly as the streaming engine writes it."""
        width = self.width
        passthrough = self.passthrough
        self.rows += 1
        if problem is not None or len(row) != width:
            cells = (row + self.pad)[:width]
            problem = problem or width_problem(row, width)
            if problem is None:
                self.empty += 1
                return self._row_out([*(cells[i] for i in passthrough), *self.empty_results])
            self.errors += 1
            return self._row_out(
                [*(cells[i] for i in passthrough), *self.no_results, shorten(problem, _ERROR_LIMIT)]
            )
        result = self.evaluate(row)
        if isinstance(result, VardgarantiError):
            if is_empty(row):
                self.empty += 1
                return self._row_out([*(row[i] for i in passthrough), *self.empty_results])
            self.errors += 1
            return self._row_out(
                [
                    *(row[i] for i in passthrough),
                    *self.no_results,
                    shorten(str(result), _ERROR_LIMIT),
                ]
            )
        tail, level, status, band, care = result
        if self.summarize:
            unit = self.blocks.unit
            self.summary.add_result(row[unit].strip() if unit >= 0 else "", level, status, band,
                                    care)  # fmt: skip
        if (
            self.as_is
            and body is not None
            and body[:1] not in FORMULA_START
            and self.risky(body) is None
        ):
            return f"{body}{self.delimiter}{self.delimiter.join(tail)}\r\n"
        out = [row[i] for i in passthrough]
        out.extend(tail)
        return self._row_out(out)

    # -- the loop ----------------------------------------------------------------------------------

    def run(
        self,
        opened: _Input,
        line: int,
        writer: _Writer,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        """Check every record after the header (which ended on line *line*).

        Each block is parsed in one worker thread and, after the core planned its keys in this
        one, judged and written in another (polars works outside the interpreter lock): the
        next block is read while the last one is judged; the output is written in order by
        that one worker.
        """
        feed: _ByteFeed | _LineFeed
        feed = opened.bytes_feed if opened.bytes_feed is not None else opened.line_feed  # type: ignore[assignment]
        # Two workers: one reads the blocks, the other judges and writes them, in order.
        reader: Any = (
            ThreadPoolExecutor(1, thread_name_prefix="vardgaranti-read")
            if self.threads
            else _InLine()
        )
        worker: Any = (
            ThreadPoolExecutor(1, thread_name_prefix="vardgaranti-judge")
            if self.threads
            else _InLine()
        )
        self.writer = writer
        writes: deque[Future[None]] = deque()

        def send(text: str) -> None:
            """Write *text* after what is written before it (the per-row path's output)."""
            writes.append(worker.submit(writer.text, text))
            while len(writes) > _PENDING:  # a long stretch row by row: memory stays bounded
                writes.popleft().result()

        try:
            block = feed.block(BLOCK_BYTES)
            parsing = reader.submit(self.parse, block, line) if block is not None else None
            unfinished: tuple[_Parsed, _Prepared, Future[_Judged]] | None = None
            while parsing is not None:
                parsed = parsing.result()
                following = feed.block(BLOCK_BYTES) if parsed.count == parsed.total else None
                parsing = (
                    reader.submit(self.parse, following, parsed.line + parsed.total)
                    if following is not None
                    else None
                )
                prepared = self.prepare(parsed)
                if prepared.count == parsed.total:
                    parsed.block = _NO_BLOCK  # its bytes are not read again
                if unfinished is not None:
                    writes.append(self.finish(*unfinished, writer, worker))
                judging = worker.submit(self.judge, parsed, prepared)
                unfinished = (parsed, prepared, judging)
                if prepared.count < parsed.total:  # the per-row reader takes over for a while
                    writes.append(self.finish(*unfinished, writer, worker))
                    unfinished = None
                    if parsing is not None:
                        parsing.result()
                        parsing = None
                    line = self.rest(feed, parsed, prepared.count, following, send)
                    block = feed.block(BLOCK_BYTES)
                    parsing = reader.submit(self.parse, block, line) if block is not None else None
                while writes and writes[0].done():
                    writes.popleft().result()  # a failed write raises here
                if progress is not None:
                    progress(opened.position(), opened.size)
            if unfinished is not None:
                writes.append(self.finish(*unfinished, writer, worker))
            while writes:
                writes.popleft().result()
        finally:
            reader.shutdown(wait=True, cancel_futures=True)
            worker.shutdown(wait=True, cancel_futures=True)
        if progress is not None:
            progress(opened.size, opened.size)
        summary = self.summary
        summary.rows, summary.errors, summary.empty = self.rows, self.errors, self.empty

    def rest(
        self,
        feed: _ByteFeed | _LineFeed,
        parsed: _Parsed,
        count: int,
        following: _Block | None,
        send: Callable[[str], None],
    ) -> int:
        """Give back the block from line *count* on, and read on with the per-row reader.

        The output goes to *send*, in pieces; returns the last line consumed.
        """
        block = parsed.block
        if isinstance(feed, _LineFeed):
            assert block.lines is not None
            if following is not None:
                assert following.lines is not None
                feed.give_back(following.lines)
            feed.give_back(block.lines[count:])
            lines = len(block.lines) - count
        else:
            if following is not None:
                feed.give_back(following.data)
            rest = block.data[_offset_of_line(block.data, count) :]
            feed.give_back(rest)
            lines = _count_lines(rest)
        line = parsed.line + count
        return self.per_row(feed, line, line + lines, send)

    def per_row(
        self, feed: _ByteFeed | _LineFeed, line: int, last: int, send: Callable[[str], None]
    ) -> int:
        """Read and check records with the streaming engine's reader, up to line *last*.

        Every record that begins on or before *last* is checked (a quoted cell may take lines
        after it); the lines from the first record that begins after it on are given back, to
        be read in a block again. The output goes to *send* in pieces of about
        :data:`_PIECE` characters (a block of short lines can make many rows); returns the last
        line consumed.
        """
        handed: deque[tuple[int, str]] = deque()
        number = line
        source = feed.lines()

        def tracked() -> Iterator[str]:
            nonlocal number
            for text in source:
                number += 1
                handed.append((number, text))
                yield text

        out: list[str] = []
        size = 0
        back: list[str] = []
        for begins, row, body, problem in read_records(tracked(), self.delimiter, self.width, line):
            while handed and handed[0][0] < begins:
                handed.popleft()
            if begins > last and type(problem) is not InsideQuote:  # (one belongs to the last)
                back = [text for _number, text in handed]
                number = begins - 1
                break
            written = self.one(row, body, problem)
            out.append(written)
            size += len(written)
            if size > _PIECE:
                send("".join(out))
                out, size = [], 0
        _close(source)
        if back:
            if isinstance(feed, _ByteFeed):
                feed.give_back("".join(back).encode("utf-8"))
            else:
                feed.give_back(back)
        if out:
            send("".join(out))
        return number

    # -- the steps of a block ----------------------------------------------------------------------

    def parse(self, block: _Block, line: int) -> _Parsed:
        """Read a block's lines in columns (polars; in the worker).

        Lines are read up to the first one the streaming reader splits otherwise (a carriage
        return alone, a NUL, a byte-order mark at the start). A plain line (no quote, the
        header's number of cells, nothing a spreadsheet would run) is read by splitting it; a
        line whose quotes are only whole quoted cells by polars' CSV reader; any other line is
        left to the per-row reader (``odd``).
        """
        pl = self.pl
        col = pl.col
        data = block.data
        if data[:3] == _BOM:  # polars would drop it
            return self._unread(block, line)
        nul = data.find(b"\x00")
        part = data if nul < 0 else data[: data.rfind(b"\n", 0, nul) + 1]
        if not part:
            return self._unread(block, line)
        lines = pl.read_csv(
            part, has_header=False, separator="\x00", quote_char=None, schema={"line": pl.String}
        )["line"]
        count = read = lines.len()
        if block.lines is not None:
            total = len(block.lines)
            if nul < 0 and count != total:
                return self._unread(block, line)  # not split as the stream split it
            irregular = (i for i, text in enumerate(block.lines) if not _plain_ending(text))
            count = min(count, next(irregular, count))
            if block.irregular >= 0:
                count = min(count, block.irregular)
        else:
            total = count if nul < 0 else _count_polars(data)
        if count < lines.len():
            lines = lines.head(count)
        if count == 0:
            return _Parsed(block, line, total, 0, None, [], None)
        text = col("line")
        frame = lines.to_frame()
        blank = text.is_null()
        if self.row_by_row:
            plain = pl.repeat(False, count, eager=True)
            odd_mask = frame.select(~blank).to_series()
        elif self.plain is not None:
            # One regular expression finds the plain lines; the others are few, and looked at
            # again for their quotes.
            flags = frame.select(
                text.str.contains(self.plain).fill_null(False).alias("plain"),
                (~blank).alias("line"),
            )
            plain = flags["plain"]
            odd_mask = flags["line"] & ~plain
        else:  # a very wide header: a quote, a formula, the number of cells, each by itself
            unusual = (
                text.str.contains_any(['"', "\r", *self.danger])
                | text.str.slice(0, 1).is_in(_FIRST)
                | text.str.slice(0, 2).is_in(_GUARDED)
                | (text.str.count_matches(self.delimiter, literal=True) != self.width - 1)
            )
            flags = frame.select((~blank & ~unusual).alias("plain"), (~blank).alias("line"))
            plain = flags["plain"]
            odd_mask = flags["line"] & ~plain
        odd = odd_mask.arg_true()
        odd_lines = lines.gather(odd)
        alone = odd_lines.str.contains("\r", literal=True).arg_true()
        if alone.len():  # a carriage return alone: the per-row reader splits the line there
            count = odd[alone[0]]
            if count == 0:
                return _Parsed(block, line, total, 0, None, [], None)
            lines, plain, odd_mask = lines.head(count), plain.head(count), odd_mask.head(count)
            odd, odd_lines = odd.head(alone[0]), odd_lines.head(alone[0])
        if self.row_by_row:
            return _Parsed(block, line, total, count, lines, odd.to_list(), None)
        if odd.len():  # a line of far more cells than the header: the per-row reader's, as a
            # carriage return alone (polars' CSV reader holds memory for each cell of such a
            # line where it begins a block: 590 MB for a million)
            cells_over = odd_lines.str.count_matches(self.delimiter, literal=True) - self.width
            wide = (cells_over >= _WIDE_CELLS).arg_true()
            if wide.len():
                count = odd[wide[0]]
                if count == 0:
                    return _Parsed(block, line, total, 0, None, [], None)
                lines, plain, odd_mask = lines.head(count), plain.head(count), odd_mask.head(count)
                odd, odd_lines = odd.head(wide[0]), odd_lines.head(wide[0])
                part = part[: _offset_of_line(part, count)]  # (not given to the reader at all)
        # The lines whose quotes are only whole quoted cells; when no other line has a quote,
        # the CSV reader reads every line of the block as one record, quotes and all.
        quoted = odd.head(0)
        stray = False
        if odd.len():
            line_text = pl.col("l")
            found = odd_lines.to_frame("l").select(
                line_text.str.contains('"', literal=True).alias("quote"),
                (
                    line_text.str.contains(self.quoted)
                    if self.quoted is not None
                    else pl.lit(False, dtype=pl.Boolean)
                ).alias("form"),
            )
            quoted = odd.filter(found["form"])
            stray = bool((found["quote"] & ~found["form"]).any())
        stray = stray or count < read  # (the lines after the count are not looked at)
        needed = self.needed
        names = [f"c{i}" for i in needed]
        fields = pl.read_csv(
            part,
            has_header=False,
            separator=self.delimiter,
            quote_char=None if stray else '"',
            schema={f"c{i}": pl.String for i in range(self.width)},
            columns=needed,
            truncate_ragged_lines=True,
            missing_columns="insert",
            extra_columns="ignore",
            empty_string_is_null=False,
            n_rows=count,
        )
        if fields.height != count:
            return self._unread(block, line)
        # Every line keeps its place, the quoted ones with their cells as the CSV reader reads
        # them; a row is judged in columns where `_use` (plain, or plainly quoted).
        use = plain
        prefix: Any = pl.lit(None, dtype=pl.String)
        in_quotes: Any = pl.lit(False)
        if quoted.len():
            quoted_lines = lines.gather(quoted)
            line_text = pl.col("l")
            found = quoted_lines.to_frame("l").select(
                line_text.str.contains(self.formula).alias("danger"),
                line_text.str.contains(self.canonical).alias("canonical"),
            )
            safe = ~found["danger"]  # a cell a spreadsheet may run: the per-row path
            quoted, quoted_lines = quoted.filter(safe), quoted_lines.filter(safe)
            canonical = found["canonical"].filter(safe)
        if quoted.len() and stray:  # read without quotes: these lines' cells read again
            cells = self._cells(quoted_lines, needed)
            if cells is None:
                quoted = quoted.head(0)
            else:
                fields = fields.with_columns(
                    fields.get_column(name).clone().scatter(quoted, cells.get_column(name))
                    for name in names
                )
        if quoted.len() and not canonical.all():  # lines the CSV writer writes otherwise
            again = (~canonical).arg_true()
            written = self._written(quoted_lines.gather(again))
            if written is None:  # not read one record each: the per-row path
                quoted = quoted.filter(canonical)
            else:
                prefix = pl.repeat(None, count, dtype=pl.String, eager=True).scatter(
                    quoted.gather(again), written
                )
        if quoted.len():
            in_quotes = pl.repeat(False, count, eager=True).scatter(quoted, True)
            use = use.clone().scatter(quoted, True)
            odd_mask = odd_mask.scatter(quoted, False)
        unit = self.blocks.unit
        frame = fields.with_columns(
            pl.int_range(count, dtype=pl.UInt32).alias("_i"),
            (pl.col(f"c{unit}") if unit in needed else pl.lit("")).alias("_unit"),
            prefix.alias("_prefix"),
            lines.alias("_body"),
            in_quotes.alias("_quoted"),
            use.alias("_use"),
        )
        left = odd_mask.arg_true().to_list()
        if count == total and not left:
            block = _NO_BLOCK  # no line the per-row reader may take over: its bytes can go
        return _Parsed(block, line, total, count, lines, left, None, frame)

    def _unread(self, block: _Block, line: int) -> _Parsed:
        """A block none of whose lines are read in columns: the per-row reader takes it."""
        total = len(block.lines) if block.lines is not None else _count_polars(block.data)
        return _Parsed(block, line, total, 0, None, [], None)

    def _cells(self, lines: pl.Series, columns: list[int] | None = None) -> pl.DataFrame | None:
        """The cells (at *columns*, default all) of lines whose quotes are whole quoted cells.

        ``None`` when the lines are not read one record each.
        """
        pl = self.pl
        data = (lines.str.join("\n") + "\n").cast(pl.Binary).item()
        cells = pl.read_csv(
            data,
            has_header=False,
            separator=self.delimiter,
            quote_char='"',
            schema={f"c{i}": pl.String for i in range(self.width)},
            columns=columns,
            empty_string_is_null=False,
        )
        return cells if cells.height == lines.len() else None

    def _written(self, lines: pl.Series) -> pl.Series | None:
        """Lines with quoted cells as the CSV writer writes their cells (quoted where needed)."""
        pl = self.pl
        col = pl.col
        cells = self._cells(lines)
        if cells is None:
            return None
        quoted = [
            pl.when(
                col(name).str.contains(self.delimiter, literal=True)
                | col(name).str.contains('"', literal=True)
            )
            .then(
                pl.concat_str(
                    [pl.lit('"'), col(name).str.replace_all('"', '""', literal=True), pl.lit('"')]
                )
            )
            .otherwise(col(name))
            for name in cells.columns
        ]
        return cells.select(pl.concat_str(quoted, separator=self.delimiter)).to_series()

    def prepare(self, parsed: _Parsed) -> _Prepared:
        """Read the odd lines row by row, find the block's keys and plan them (main thread)."""
        count = parsed.count
        written: dict[int, str] = {}
        lines = parsed.lines
        if lines is not None:
            for k, i in enumerate(parsed.odd):
                if k == _ODD_LINES:  # so many: the per-row path reads the rest of the block,
                    count = i  # its output written in pieces (each is held until written)
                    break
                record = _one_record(lines[i] + "\n", self.delimiter, self.width, parsed.line + i)
                if record is _GOES_ON:  # a quoted cell runs over the line's end
                    count = i
                    break
                if record is not None:
                    written[i] = self.one(*record)
        table = None
        if parsed.cells is not None and count:
            # (the keys are found here, in polars, between reading the next block in one
            # worker and judging the last one in the other)
            keys = self.blocks.keys(parsed.cells, trusted=True)
            if not keys.others:  # judging reads only the dates (and the unit) of the cells now
                keys = attrs.evolve(keys, frame=keys.frame.drop(self.planned_only))
            parsed.keys, parsed.cells = keys, None
            table = self.blocks.plan(keys)
        parsed.lines = None  # the rows to judge carry their own text
        return _Prepared(count, table, written)

    def judge(self, parsed: _Parsed, prepared: _Prepared) -> _Judged:
        """Judge a block's rows and make their output: one query (polars; in the worker)."""
        pl = self.pl
        col = pl.col
        count = prepared.count
        keys, table = parsed.keys, prepared.table
        if keys is None or table is None or not count:
            return _Judged(pl.repeat(None, count, dtype=pl.String, eager=True), [], [], 0, [])
        query = self.blocks.judging(keys, table, level=self.summarize)
        if count < parsed.count:
            query = query.filter(col("_i") < count)
        if self.summarize:
            query = query.with_columns(self.blocks.band())
        summary = ["_unit", "level", "status", "band", "care"] if self.summarize else []
        prefixes = keys.frame.get_column("_prefix")
        line = (  # the line as it came, or as the writer writes it
            col("_body")
            if prefixes.null_count() == prefixes.len()
            else pl.coalesce(col("_prefix"), col("_body"))
        )
        cells = self.blocks.cells(text=False)
        results = query.select(
            "_i", "ok", "_use", "_quoted", "_body", line.alias("_line"), *cells, *summary
        ).collect(engine=_ENGINE, optimizations=self.pl.QueryOptFlags.none())
        parsed.keys = None  # the cells are not needed any more
        prepared.table = None
        good = results["ok"]
        names = ["_line", *(cell.meta.output_name() for cell in cells)]
        plain: list[tuple[int, str]] = []
        quoted: list[tuple[int, str]] = []
        skipped: list[int] = []
        out: DataFrame | Series | None
        if good.all():  # (the common block: every line judged in columns)
            out = results.select(*names, pl.lit("").alias("_error"))
            if not prepared.written:  # no line for the per-row path: written now, after the
                self.writer.rows(out, self.delimiter)  # blocks before (one worker writes)
                out = None
        else:
            bad = results.filter(~good & col("_use"))  # left to the per-row path (`finish`)
            plain = bad.filter(~col("_quoted")).select("_i", "_body").rows()
            quoted = bad.filter(col("_quoted")).select("_i", "_body").rows()
            # Lines neither judged nor checked row by row (blank, no record): nothing written.
            unused = results.filter(~col("_use")).get_column("_i").to_list()
            skipped = [i for i in unused if i not in prepared.written]
            if len(unused) + bad.height > _SEGMENTS:  # written in one column, in place
                texts = [col(name).cast(pl.String).fill_null("") for name in names]
                out = results.select(
                    pl.concat_str([*texts, pl.lit("\r\n")], separator=self.delimiter)
                ).to_series()
            else:  # written in runs of lines between those written row by row
                out = results.select(*names, pl.lit("").alias("_error"))
        groups: list[tuple[Any, ...]] = []
        judged = int(good.sum())
        if self.summarize and judged:
            groups = results.filter(good).group_by(*summary).len().rows()
        return _Judged(out, plain, quoted, judged, groups, skipped)

    def finish(
        self,
        parsed: _Parsed,
        prepared: _Prepared,
        judging: Future[_Judged],
        writer: _Writer,
        worker: ThreadPoolExecutor,
    ) -> Future[None]:
        """Check the rows the block left to the per-row path, count, and write (in order)."""
        judged = judging.result()
        written = prepared.written
        for i, body in judged.plain:
            written[i] = self.one(body.split(self.delimiter), body, None)
        for i, line in judged.quoted:
            record = _one_record(line + "\n", self.delimiter, self.width, parsed.line + i)
            assert isinstance(record, tuple)
            assert len(record) == 3
            written[i] = self.one(*record)
        for i in judged.skipped:
            written[i] = ""
        self.rows += judged.judged
        self._count(judged.groups)
        return worker.submit(self.emit, judged.out, written, writer)

    def emit(
        self, out: DataFrame | Series | None, written: dict[int, str], writer: _Writer
    ) -> None:
        """Write the block, the per-row output in its place (in the worker)."""
        if out is None:  # written by `judge`
            return
        positions = sorted(written)
        if isinstance(out, self.pl.Series):
            texts = cast("Series", out)
            if written:
                texts = texts.scatter(positions, [written[i] for i in positions])
            if texts.len():
                writer.lines(texts)
            return
        out = cast("DataFrame", out)
        start = 0  # runs of rows judged in columns, between the rows checked row by row
        for position in positions:
            if position > start:
                writer.rows(out.slice(start, position - start), self.delimiter)
            writer.text(written[position])
            start = position + 1
        if start < out.height:
            writer.rows(out.slice(start), self.delimiter)

    def _count(self, groups: list[tuple[Any, ...]]) -> None:
        """Add the rows judged in columns to the summary."""
        add = self.summary.add_result
        stripped = self.units
        for unit_text, level, status, band, care, count in groups:
            name = stripped.get(unit_text)
            if name is None:
                name = stripped[unit_text] = unit_text.strip()
            add(name, None if level < 0 else _LEVELS[level], _STATUS_OF[status], band, care, count)


class _InLine:
    """An executor that runs each task at once (for a run without threads)."""

    def submit(self, task: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(task(*args))
        except BaseException as error:  # handed to whoever waits on the result
            future.set_exception(error)
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        """Nothing to wait for."""


_FIRST: Final = ("=", "+", "-", "@", "\t")
#: A line with this many cells more than the header is read by the per-row reader.
_WIDE_CELLS: Final = 10_000
#: :data:`~vardgaranti._records.RECORD_ERROR` at the start of a cell, for polars.
_RECORD_ERROR: Final = f"^(?:{RECORD_ERROR.pattern})"
#: The same after the ``'`` a writer guards them with: the per-row reader reads such a cell
#: without it (:func:`~vardgaranti._records.unescape_formula`).
_GUARDED: Final = tuple("'" + first for first in _FIRST)
#: The most lines of a block written row by row for the block to be written in runs of rows
#: between them (else it is written as one column of texts).
_SEGMENTS: Final = 64


def _close(generator: Iterator[str]) -> None:
    close = getattr(generator, "close", None)
    if close is not None:
        close()


def _count_polars(data: bytes) -> int:
    r"""The number of lines polars reads in *data* (split at ``\n``)."""
    return data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)


def _count_lines(data: bytes) -> int:
    r"""The number of lines in *data*, ending at ``\n``, ``\r\n`` or ``\r``."""
    ends = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
    return ends + (1 if data and data[-1:] not in (b"\n", b"\r") else 0)


def _offset_of_line(data: bytes, index: int) -> int:
    r"""The byte offset of line *index* (lines split at ``\n``) in *data*."""
    if index == 0:
        return 0
    parts = data.split(b"\n", index)
    return len(data) - len(parts[-1]) if len(parts) > index else len(data)


_GOES_ON: Final = ("goes on",)


class _One:
    """An iterator of one line that notes whether more was asked for."""

    def __init__(self, line: str) -> None:
        self.line: str | None = line
        self.asked = False

    def __iter__(self) -> _One:
        return self

    def __next__(self) -> str:
        if self.line is None:
            self.asked = True
            raise StopIteration
        line, self.line = self.line, None
        return line


def _one_record(
    line: str, delimiter: str, width: int, before: int
) -> tuple[list[str], str | None, str | None] | tuple[str] | None:
    """The record a line makes alone, as the streaming reader reads it.

    Returns the cells, the body (a plain line) and the problem; ``None`` when the line makes no
    record; :data:`_GOES_ON` when the reader asked for the next line (a quoted cell that runs
    over the line's end).
    """
    one = _One(line)
    records = read_records(one, delimiter, width, before)
    try:
        _number, cells, body, problem = next(records)
    except StopIteration:
        return _GOES_ON if one.asked else None
    if one.asked:
        return _GOES_ON
    return cells, body, problem
