"""The columnar engine of ``vardgaranti check``: the same bytes out, computed in blocks.

``vardgaranti check --engine columnar`` (and ``auto`` when polars is installed) reads a CSV
file in blocks of whole lines and does with polars what is the same for every row; its output
is the streaming engine's, byte for byte. The rules are computed by the one core:

* **Plans come from the core, once per distinct key.** The cells a plan depends on (level,
  start, restart, listing, exclusions and the codes beside them: the cells
  :meth:`RowEvaluator.key_of <vardgaranti._rows.RowEvaluator.key_of>` reads) make a key. Each
  distinct key without exclusions is planned by :meth:`RowEvaluator.shared
  <vardgaranti._rows.RowEvaluator.shared>` (the rule, every check and its error,
  :func:`~vardgaranti._core.plan`) and remembered. A key whose exclusions cell is one period in
  the common form (``mov:2025-04-01..2025-04-14``) is planned by :func:`~vardgaranti._core.plan`
  from what ``shared`` found for the same key without it (rule, clock start, listing), the
  period read by the core's date reader and checked against the rule; any other exclusions
  cell goes through ``shared`` whole.
* **The per-row judgement is vectorised** (:meth:`BlockEvaluator.judge`): status, days waited
  and left, care elsewhere, from the plan's deadline and care deadline, the completion, the
  booking and the as-of day, as :func:`~vardgaranti._core.judge` and
  :func:`~vardgaranti._core.judge_deviation` compute them. It is the one rule with a second
  implementation, so the whole batch and result-level test suite runs against both engines.
* **Anything unusual takes the streaming engine's own per-row path**: a line with a quote that
  is not a plain quoted cell, a carriage return inside a line, a cell a spreadsheet would run
  as a formula, the wrong number of cells, a key or a date the core refuses, a plan with more
  than one counted exclusion period. Such a record is read by
  :func:`~vardgaranti._records.read_records` (a quoted cell may run over lines, within the same
  bounds) and evaluated by :meth:`RowEvaluator.result <vardgaranti._rows.RowEvaluator.result>`.

Memory is bounded by the block size (:data:`BLOCK_BYTES`), whatever the file's size. Reading
(polars) and planning (Python) overlap: the next block is parsed, and the last one judged and
written, in a worker thread while the core plans the current one. The same
:class:`BlockEvaluator` evaluates data frames (:func:`~vardgaranti.evaluate_frame`).
"""

from __future__ import annotations

import csv
import io
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
from ._core import Policy, Status, plan
from ._dates import as_date
from ._encoding import open_text
from ._profiles import Profile
from ._records import read_records
from ._rows import BANDS, RowEvaluator
from ._rules import ExclusionReason, Level, RuleSet
from ._tables import Table, open_table, sniff
from ._text import shorten
from ._waiting_list import CheckSummary, escape_formula, is_empty, layout_of, width_problem
from .errors import UnsupportedYearError, VardgarantiError, WaitingListError

if TYPE_CHECKING:
    import polars as pl
    from polars import Expr, LazyFrame

__all__ = [
    "AUTO_BYTES",
    "BLOCK_BYTES",
    "BlockEvaluator",
    "KeyTable",
    "Keys",
    "check_columnar",
    "polars_module",
]

#: The size of a block of input lines read at once (bytes of UTF-8 text; tests lower it).
BLOCK_BYTES = 2 << 20
#: Files smaller than this are left to the streaming engine unless the columnar one is asked
#: for (``--engine columnar``): below it, polars' start-up costs more than the columns save.
AUTO_BYTES: Final = 8 << 20
#: The most characters of a row's error message written (as ``check_waiting_list``).
_ERROR_LIMIT: Final = 1000
_READ: Final = 1 << 20
_SNIFF: Final = 512
_FORMULA_START: Final = frozenset("=+-@\t\r")
_LEVELS: Final = tuple(Level)
_LEVEL_CODE: Final = {level: code for code, level in enumerate(_LEVELS)}
_STATUS_OF: Final = {status.value: status for status in Status}
_REASONS: Final = {reason.value: reason for reason in ExclusionReason}
#: Days from 0001-01-01 (ordinal 1) to 1970-01-01, polars' day 0.
_EPOCH: Final = date(1970, 1, 1).toordinal()
_BAD_DAY: Final = -(2**31)  # a date cell the core refused (no real date is this far back)
_LINE_END: Final = re.compile(rb"\r\n?|\n")
_LONE_CR: Final = re.compile(rb"\r(?!\n)")
_BOM: Final = b"\xef\xbb\xbf"
#: The parts of a key's cells are joined with NUL (a block with a NUL is read row by row).
_SEP: Final = "\x00"
#: An exclusion period in the common form: reason, first day, last day.
_ITEM: Final = r"([A-Za-z]+):([0-9]{4}-[0-9]{2}-[0-9]{2})\.\.([0-9]{4}-[0-9]{2}-[0-9]{2})"
#: An exclusions cell of one period in the common form.
_PERIOD: Final = f"^{_ITEM}$"
#: An exclusions cell of periods in the common form, separated by ``;``, ``,`` or blanks
#: (characters :data:`~vardgaranti._case.split_items` splits on).
_PERIODS: Final = f"^{_ITEM}(?:[;, ]+{_ITEM})+$"
#: Headers wider than this are not matched by one regular expression (quoted lines).
_QUOTED_WIDTH: Final = 256
_EXTRA: Final = "the columnar engine needs the 'polars' extra: pip install 'vardgaranti[polars]'"
#: A key the core refused, or planned with more than one counted period: the per-row path.
_REFUSED: Final = (False, *([None] * 13), -1)


def polars_module(required: bool = True) -> ModuleType | None:
    """The polars module, or ``None`` when it is not installed and not *required*.

    Raises:
        WaitingListError: polars is missing and *required* (one line, naming the extra).
    """
    try:
        import polars
    except ImportError:
        if required:
            raise WaitingListError(_EXTRA) from None
        return None
    return polars


def _positions(key: object) -> set[int]:
    """The positions in a key made from a row whose cells are their own positions."""
    if isinstance(key, str):
        return {int(key)}
    assert isinstance(key, tuple)
    return {i for part in key for i in _positions(part)}


def _day(value: date | None) -> int | None:
    return None if value is None else value.toordinal() - _EPOCH


# -- the block evaluator: keys planned by the core, the judgement vectorised ----------------------


@attrs.frozen
class Keys:
    """The distinct keys of a block (the polars step, :meth:`BlockEvaluator.keys`).

    Attributes:
        frame: the block's cells with each row's key without the exclusions cell (``_kb``)
            and with it (``_k``, only when the cell is not blank); a null ``_kb``: the
            per-row path.
        bases: the distinct keys without the exclusions cell.
        periods: one row per distinct key with an exclusions cell: ``_k``, ``_kb``, and the
            reason, first and last day when the cell is one period in the common form.
        completed: the distinct texts of the completion column.
        booked: the distinct texts of the booking column.
    """

    frame: pl.DataFrame
    bases: list[str]
    periods: pl.DataFrame | None
    completed: list[str]
    booked: list[str]


@attrs.frozen
class KeyTable:
    """What the core made of a block's keys (the Python step, :meth:`BlockEvaluator.plan`)."""

    bases: pl.DataFrame
    periods: pl.DataFrame | None
    completed: list[int | None]
    booked: list[int | None]
    deadlines: tuple[list[int], list[str]] = ([], [])  # the deadlines' days and their text


#: The columns of the key table without exclusions (``_kb`` first).
_BASE_COLUMNS: Final = (
    "k_ok",
    "k_covered",
    "k_start",
    "k_restart",
    "k_clock",
    "k_deadline",
    "k_care",
    "k_excluded",
    "k_from",
    "k_to",
    "k_from2",
    "k_to2",
    "k_deviation",
    "k_reason",
    "k_level",
)
#: The columns of the key table of exclusions (``_k`` first): what the periods change.
_PERIOD_COLUMNS: Final = ("p_ok", "p_deadline", "p_care", "p_excluded", "p_from", "p_to",
                          "p_from2", "p_to2")  # fmt: skip
_PLANNED: Final = ("deadline", "care", "excluded", "from", "to", "from2", "to2")


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
            has one column ``c<position>`` per position, text, ``""`` for blank.
        unit: the position of the unit column (-1: none).
    """

    def __init__(
        self, profile: Profile, header: tuple[str, ...], as_of: date, rules: RuleSet, policy: Policy
    ) -> None:
        pl = polars_module()
        assert pl is not None
        self.pl = pl
        self.rows = RowEvaluator(profile, header, as_of, rules, policy, SwedishCalendar())
        self.as_of = as_of
        self.policy = policy
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
        dates = [i for i in (self.completed, self.booked) if i >= 0]
        self.needed = tuple(sorted({*key, *dates, *([self.unit] if self.unit >= 0 else [])}))
        self.blank = [""] * self.width
        self.memo: dict[str, tuple[tuple[Any, ...], Any]] = {}
        self.whole: dict[str, tuple[Any, ...]] = {}
        self._base_schema: dict[str, Any] = {"_kb": pl.String}
        for name in _BASE_COLUMNS:
            self._base_schema[name] = (
                pl.Boolean
                if name in ("k_ok", "k_covered")
                else pl.String
                if name in ("k_deviation", "k_reason")
                else pl.Int8
                if name == "k_level"
                else pl.Int32
            )
        self._period_schema: dict[str, Any] = {"_k": pl.String, "p_ok": pl.Boolean}
        self._period_schema.update(dict.fromkeys(_PERIOD_COLUMNS[1:], pl.Int32))

    # -- step 1 (polars): the distinct keys ------------------------------------------------------

    def keys(self, cells: pl.DataFrame, *, trusted: bool = False) -> Keys:
        """The distinct keys of a block of cells.

        Args:
            cells: the cells at :attr:`needed` (other columns are kept).
            trusted: no cell holds a NUL (else a row with one in a key cell gets no key).
        """
        pl = self.pl
        col = pl.col
        base = [col(f"c{i}") for i in self.base]
        kb = pl.concat_str(base, separator=_SEP) if len(base) > 1 else base[0]
        keyed = [kb.alias("_kb")]
        if self.exclusions >= 0:
            cell = col(f"c{self.exclusions}")
            k = pl.concat_str([*base, cell], separator=_SEP)
            keyed.append(pl.when(cell != "").then(k).alias("_k"))
        if not trusted:  # a NUL in a key cell would make two keys one: the per-row path
            nul = pl.any_horizontal(
                [col(f"c{i}").str.contains(_SEP, literal=True) for i in self.key]
            )
            keyed = [pl.when(~nul).then(expression) for expression in keyed]
        frame = cells.with_columns(keyed)
        periods: LazyFrame | None = None
        if self.exclusions >= 0:
            periods = (
                frame.lazy()
                .select("_k", "_kb", col(f"c{self.exclusions}").alias("_cell"))
                .filter(col("_k").is_not_null())
                .unique(subset="_k")
            )
            if self.pairs:  # exclusions in pairs of columns too: `shared` reads each whole key
                periods = periods.with_columns(
                    *(pl.lit(None, dtype=pl.String).alias(name) for name in ("_r", "_a", "_b")),
                    pl.lit(None, dtype=pl.List(pl.String)).alias("_items"),
                )
            else:
                period = col("_cell").str.extract_groups(_PERIOD)
                periods = periods.with_columns(
                    period.struct.field("1").alias("_r"),
                    period.struct.field("2").alias("_a"),
                    period.struct.field("3").alias("_b"),
                    pl.when(col("_cell").str.contains(_PERIODS))
                    .then(col("_cell").str.extract_all(_ITEM))
                    .alias("_items"),
                )
        lazy = frame.lazy()
        queries = [lazy.select(col("_kb").drop_nulls().unique())]
        queries += [
            lazy.select(col(f"c{i}").unique()) for i in (self.completed, self.booked) if i >= 0
        ]
        if periods is not None:
            queries.append(periods)
        found = pl.collect_all(queries)
        bases = found[0].to_series().to_list()
        dates = iter(found[1:])
        completed = next(dates).to_series().to_list() if self.completed >= 0 else []
        booked = next(dates).to_series().to_list() if self.booked >= 0 else []
        periods_found = found[-1] if periods is not None else None
        return Keys(frame, bases, periods_found, completed, booked)

    # -- step 2 (the core): every distinct key planned -------------------------------------------

    def plan(self, keys: Keys) -> KeyTable:
        """Plan each distinct key with the core (keys without exclusions are remembered)."""
        pl = self.pl
        base_of = self._base
        bases = [base_of(kb)[0] for kb in keys.bases]
        base_columns: list[Any] = (
            [keys.bases, *zip(*bases, strict=True)] if bases else [[]] * (1 + len(_BASE_COLUMNS))
        )
        base_table = pl.DataFrame(
            dict(zip(self._base_schema, base_columns, strict=True)), schema=self._base_schema
        )
        period_table = None
        if keys.periods is not None:
            distinct = keys.periods
            columns = self._periods(
                distinct["_k"].to_list(),
                distinct["_kb"].to_list(),
                distinct["_r"].to_list(),
                distinct["_a"].to_list(),
                distinct["_b"].to_list(),
                distinct["_items"].to_list(),
            )
            period_table = distinct.select("_k").with_columns(
                pl.Series(name, values, dtype=self._period_schema[name])
                for name, values in zip(_PERIOD_COLUMNS, columns, strict=True)
            )
        days = set(base_table["k_deadline"].drop_nulls().to_list())
        if period_table is not None:
            days.update(period_table["p_deadline"].drop_nulls().to_list())
        deadlines = sorted(days)
        texts = [date.fromordinal(day + _EPOCH).isoformat() for day in deadlines]
        return KeyTable(
            base_table,
            period_table,
            self._days(keys.completed, "completed"),
            self._days(keys.booked, "booked"),
            (deadlines, texts),
        )

    def _periods(
        self,
        names: list[str],
        bases: list[str],
        reasons: list[str | None],
        firsts: list[str | None],
        lasts: list[str | None],
        items: list[list[str] | None],
    ) -> list[list[Any]]:
        """The columns of :meth:`_period` of each key, the common case (one period) inlined.

        This runs once per distinct key with exclusions (about one row in seven of a list):
        what is the same for every key is bound to locals, and a period whose dates the core's
        reader has read before is planned here; anything else takes :meth:`_period`.
        """
        memo_get = self.memo.get
        base_of = self._base
        cache_get = self.rows.day.cache.get
        reason_of = _REASONS.get
        period_of = self._period
        policy = self.policy
        calendar = self.rows.calendar
        epoch = _EPOCH
        columns: list[list[Any]] = [[] for _ in _PERIOD_COLUMNS]
        oks, deadlines, cares, excluded, froms, tos, froms2, tos2 = columns
        for k, kb, reason, first, last, more in zip(
            names, bases, reasons, firsts, lasts, items, strict=True
        ):
            base = memo_get(kb) or base_of(kb)
            shared = base[1]
            if reason is not None and shared is not None:
                rule = shared.rule
                found = reason_of(reason) or reason_of(reason.lower())
                start = cache_get(first)
                end = cache_get(last)
                if (
                    rule is not None
                    and found is not None
                    and start is not None
                    and end is not None
                    and start <= end
                    and found in rule.exclusion_reasons
                    and shared.plan is not None
                ):
                    try:
                        again = plan(
                            rule, shared.plan.clock_start, [(start, end, found)], policy, calendar
                        )
                    except (OverflowError, UnsupportedYearError):
                        pass  # shared names the cause: below
                    else:
                        merged = again.merged
                        care = again.care_deadline
                        oks.append(True)
                        deadlines.append(again.deadline.toordinal() - epoch)
                        cares.append(None if care is None else care.toordinal() - epoch)
                        excluded.append(again.excluded_days)
                        if merged and again.counted[0]:
                            froms.append(merged[0][0].toordinal() - epoch)
                            tos.append(merged[0][1].toordinal() - epoch)
                        else:
                            froms.append(None)
                            tos.append(None)
                        froms2.append(None)
                        tos2.append(None)
                        continue
            for column, value in zip(
                columns, period_of(k, kb, reason, first, last, more), strict=True
            ):
                column.append(value)
        return columns

    def _days(self, texts: list[str], field: str) -> list[int | None]:
        read = self.rows.day
        days: list[int | None] = []
        for text in texts:
            try:
                day = read(text, field)
            except VardgarantiError:
                days.append(_BAD_DAY)
            else:
                days.append(None if day is None else day.toordinal() - _EPOCH)
        return days

    def _row(self, key: str, positions: tuple[int, ...]) -> list[str]:
        row = self.blank.copy()
        for i, text in zip(
            positions, key.split(_SEP) if len(positions) > 1 else [key], strict=True
        ):
            row[i] = text
        return row

    def _base(self, kb: str) -> tuple[tuple[Any, ...], Any]:
        """A key without exclusions, planned by ``shared``: (its columns, ``shared`` or None)."""
        found = self.memo.get(kb)
        if found is None:
            try:
                shared = self.rows.shared(self._row(kb, self.base))
            except VardgarantiError:
                found = (_REFUSED, None)
            else:
                found = (_columns(shared, shared.plan), shared)
            if len(self.memo) >= 50_000:
                self.memo.clear()  # bounded, whatever the file
            self.memo[kb] = found
        return found

    def _period(
        self,
        k: str,
        kb: str,
        reason: str | None,
        first: str | None,
        last: str | None,
        items: list[str] | None,
    ) -> tuple[Any, ...]:
        """A key with an exclusions cell, planned: what its periods change.

        For a cell of periods in the common form, :meth:`RowEvaluator.shared
        <vardgaranti._rows.RowEvaluator.shared>` of the key without it gave the rule, the
        clock's start and the listing; each period is read by the core's date reader and checked
        as ``shared`` checks it, and :func:`~vardgaranti._core.plan` plans them. Anything else
        (a cell in another form, a period the core refuses, a key ``shared`` refuses):
        ``shared`` on the whole key.
        """
        columns, shared = self._base(kb)
        if shared is None or (reason is None and items is None):
            return self._whole(k)
        rule = shared.rule
        if rule is None:  # outside the guarantee by its kind: the exclusions are not read
            return _project(columns)
        spans = []
        allowed = rule.exclusion_reasons
        if reason is not None:
            found = self._read(reason, first, last)  # type: ignore[arg-type]
            if found is None or found[2] not in allowed:
                return self._whole(k)
            spans.append(found)
        else:
            for item in items or ():
                text, _, days = item.partition(":")
                found = self._read(text, days[:10], days[12:])
                if found is None or found[2] not in allowed:
                    return self._whole(k)
                spans.append(found)
        planned = shared.plan
        if planned is None:  # not covered: the periods are valid, there is nothing to plan
            return _project(columns)
        try:
            again = plan(rule, planned.clock_start, spans, self.policy, self.rows.calendar)
        except (OverflowError, UnsupportedYearError):
            return self._whole(k)  # shared names the cause
        merged = again.merged
        care = again.care_deadline
        if not merged or (len(merged) == 1 and not again.counted[0]):
            return (True, again.deadline.toordinal() - _EPOCH,
                    None if care is None else care.toordinal() - _EPOCH, again.excluded_days,
                    None, None, None, None)  # fmt: skip
        if len(merged) == 1:
            return (True, again.deadline.toordinal() - _EPOCH,
                    None if care is None else care.toordinal() - _EPOCH, again.excluded_days,
                    merged[0][0].toordinal() - _EPOCH, merged[0][1].toordinal() - _EPOCH, None,
                    None)  # fmt: skip
        return _project(_columns(shared, again))

    def _read(
        self, reason: str, first: str, last: str
    ) -> tuple[date, date, ExclusionReason] | None:
        """A period as the core reads it (``None``: refused, or not in order)."""
        found = _REASONS.get(reason) or _REASONS.get(reason.lower())
        cache = self.rows.day.cache
        start = cache.get(first)
        end = cache.get(last)
        if start is None or end is None:
            try:
                start = self.rows.day(first, "exclusions")
                end = self.rows.day(last, "exclusions")
            except VardgarantiError:
                return None
        if found is None or start is None or end is None or end < start:
            return None
        return start, end, found

    def _whole(self, k: str) -> tuple[Any, ...]:
        """A whole key, planned by ``shared``: what its periods change."""
        found = self.whole.get(k)
        if found is None:
            try:
                shared = self.rows.shared(self._row(k, self.key))
            except VardgarantiError:
                found = _project(_REFUSED)
            else:
                found = _project(_columns(shared, shared.plan))
            if len(self.whole) >= 50_000:
                self.whole.clear()
            self.whole[k] = found
        return found

    # -- step 3 (polars): the judgement ----------------------------------------------------------

    def judge(self, keys: Keys, table: KeyTable, *, bands: bool = False) -> pl.DataFrame:
        """Judge every row of a block: its results, in order, with the block's other columns.

        Returns:
            The columns of the frame given to :meth:`keys` other than the cells, then ``ok``
            (false: evaluate the row with :attr:`rows` instead), ``covered``, ``deadline``
            (days since 1970-01-01), ``status``, ``waited``, ``left``, ``excluded``, ``care``,
            ``deviation`` and ``reason`` (text, ``""`` if none), ``level`` (index in
            :class:`~vardgaranti.Level`, -1 none); with *bands*, ``band`` (the index in
            :data:`~vardgaranti._rows.BANDS` of the days waited, -1 none).
        """
        judged = self.judging(keys, table)
        if bands:
            judged = judged.with_columns(self.band())
        return judged.collect()

    def judging(self, keys: Keys, table: KeyTable) -> pl.LazyFrame:
        """:meth:`judge` as a query, to go on with (one query runs faster than many steps)."""
        pl = self.pl
        col, when = pl.col, pl.when
        kept = [
            name
            for name in keys.frame.columns
            if not (name.startswith("c") or name in ("_k", "_kb"))
        ]
        dates = [f"c{i}" for i in (self.completed, self.booked) if i >= 0]
        frame = (
            keys.frame.lazy()
            .select(*kept, *dates, "_kb", *(["_k"] if table.periods is not None else []))
            .join(table.bases.lazy(), on="_kb", how="left", maintain_order="left")
        )
        if table.periods is not None:
            frame = frame.join(table.periods.lazy(), on="_k", how="left", maintain_order="left")
            period = col("p_ok").is_not_null()
            frame = frame.with_columns(
                (col("k_ok") & col("p_ok").fill_null(True)).alias("k_ok"),
                *(
                    when(period)
                    .then(col(f"p_{name}"))
                    .otherwise(col(f"k_{name}"))
                    .alias(f"k_{name}")
                    for name in _PLANNED
                ),
            )
        parsed_dates = []
        for index, texts, days, name in (
            (self.completed, keys.completed, table.completed, "completed"),
            (self.booked, keys.booked, table.booked, "booked"),
        ):
            if index >= 0 and texts:
                parsed_dates.append(
                    col(f"c{index}").replace_strict(texts, days, return_dtype=pl.Int32).alias(name)
                )
            else:  # no such column, or no rows
                parsed_dates.append(pl.lit(None, dtype=pl.Int32).alias(name))
        return frame.with_columns(parsed_dates).select(*kept, *self._judgement())

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
        """The per-row judgement, as expressions over the key table and the dates.

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
        dates_ok = (
            (completed.is_null() | (completed != _BAD_DAY))
            & (booked.is_null() | (booked != _BAD_DAY))
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
        ]

    def tail(self, table: KeyTable, delimiter: str) -> pl.Expr:
        """The result cells ``check`` writes for a judged row, joined by *delimiter*."""
        pl = self.pl
        col, lit, when = pl.col, pl.lit, pl.when
        days, texts = table.deadlines
        deadline = (
            col("deadline").replace_strict(days, texts, default=None, return_dtype=pl.String)
            if days
            else lit(None, dtype=pl.String)
        )
        parts = [
            deadline.fill_null(""),
            col("status"),
            col("waited").cast(pl.String).fill_null(""),
            col("left").cast(pl.String).fill_null(""),
            col("excluded").cast(pl.String).fill_null(""),
            when(col("care")).then(lit("yes")).otherwise(lit("no")),
        ]
        if self.extra:
            parts += [col("deviation"), col("reason")]
        parts.append(lit(""))
        joined: Expr = pl.concat_str(parts, separator=delimiter)
        return joined


def _columns(shared: Any, planned: Any) -> tuple[Any, ...]:
    """The key table's columns for what ``shared`` found, with *planned* as the plan."""
    level = -1 if shared.level is None else _LEVEL_CODE[shared.level]
    start = shared.start.toordinal() - _EPOCH
    restart = None if shared.restart is None else shared.restart.toordinal() - _EPOCH
    deviation = shared.deviation or ""
    if planned is None:
        reason = shared.uncovered.value if shared.uncovered is not None else ""
        return (True, False, start, restart, None, None, None, None, None, None, None, None,
                deviation, reason, level)  # fmt: skip
    periods: list[int | None] = []
    if planned.merged:
        for (first, last, _reasons), counts in zip(planned.merged, planned.counted, strict=True):
            if counts:
                periods += (first.toordinal() - _EPOCH, last.toordinal() - _EPOCH)
        if len(periods) > 4:  # days excluded over more than two periods: the per-row path
            return _REFUSED
    periods += [None] * (4 - len(periods))
    care = planned.care_deadline
    return (
        True,
        True,
        start,
        restart,
        planned.clock_start.toordinal() - _EPOCH,
        planned.deadline.toordinal() - _EPOCH,
        None if care is None else care.toordinal() - _EPOCH,
        planned.excluded_days,
        *periods,
        deviation,
        "",
        level,
    )


def _project(columns: tuple[Any, ...]) -> tuple[Any, ...]:
    """The period table's columns from the key table's: ok, then what a plan decides."""
    return (columns[0], *columns[5:12])


# -- the input: whole lines in blocks ---------------------------------------------------------


@attrs.define
class _Block:
    """Whole lines of the input: their UTF-8 bytes and, when known, the lines as read."""

    data: bytes
    lines: list[str] | None  # the exact lines of a caller's text stream
    irregular: int = -1  # the index of a line that is not in data (a lone surrogate)


class _ByteFeed:
    r"""Whole lines from UTF-8 bytes, in blocks; lines given back are read again first.

    Lines are the ones :class:`io.TextIOWrapper` with ``newline=""`` gives (ending at ``\n``,
    ``\r\n`` or ``\r``), which is how the streaming engine reads a file.
    """

    def __init__(self, read: Callable[[int], bytes]) -> None:
        self.read = read
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
        """The next whole lines, about *size* bytes (more when one line is longer)."""
        self._fill(size)
        cut = self.buffer.rfind(b"\n", 0, size) + 1
        while not cut and not self.eof:
            size *= 2
            self._fill(size)
            cut = self.buffer.rfind(b"\n", 0, size) + 1
        if not cut:
            cut = len(self.buffer)
        if not cut:
            return None
        data, self.buffer = self.buffer[:cut], self.buffer[cut:]
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
        while have < size:
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


def _is_text(source: object) -> bool:
    return isinstance(source, io.TextIOBase) or (
        hasattr(source, "read") and isinstance(getattr(source, "encoding", None), str)
    )


def _open(source: str | Path | IO[str] | IO[bytes], encoding: str) -> _Input | None:
    """Open a CSV source for the columnar engine; ``None`` for anything else.

    ``None`` (the streaming engine then reads it, and says what is wrong with it) for standard
    input, a file that cannot be opened, a workbook or an XML delivery, and a binary stream
    that cannot be peeked at without reading it.
    """
    if _is_text(source):
        text = source
        table = open_table(text)
        lines = iter(cast("IO[str]", text))
        return _Input(table, table.bom, True, None, None, _LineFeed(lines), lambda: None)
    owned = False
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
        decoded = open_text(raw, name, encoding)
    except BaseException:
        if owned:
            raw.close()
        raise
    stream = decoded.stream
    try:
        table = open_table(stream)
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

        return _Input(table, bom, True, decoded.note, _ByteFeed(buffer.read), None, close,
                      size, buffer.tell)  # fmt: skip

    def read(size: int) -> bytes:
        return stream.read(size).encode("utf-8")

    def close_text() -> None:
        if owned:
            stream.close()

    return _Input(table, bom, False, decoded.note, _ByteFeed(read), None, close_text, size,
                  lambda: _tell(raw))  # fmt: skip


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
    profile: str | Profile = "auto",
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
    *required*, for a file smaller than :data:`AUTO_BYTES`.

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
    del sheet  # a workbook is read by the streaming engine
    if polars_module(required) is None:
        return None
    if not required and _small(source):
        return None  # `auto`: polars' start-up would cost more than the columns save
    as_of = as_date(as_of, "as_of")
    opened = _open(source, encoding)
    if opened is None:
        return None
    try:
        table = opened.table
        layout = layout_of(table.header, table.delimiter, opened.bom, table.name, profile)
        if opened.note is not None and notes is not None:
            notes(opened.note)
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
        writer.flush()
        return engine.summary
    finally:
        opened.close()


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
            texts.to_frame().write_csv(self.raw, **options)
        else:
            buffer = io.BytesIO()
            texts.to_frame().write_csv(buffer, **options)
            self.output.write(buffer.getvalue().decode("utf-8"))

    def flush(self) -> None:
        """Flush what was written."""
        self.output.flush()


@attrs.define
class _Parsed:
    """A block read in columns (the worker's first step)."""

    block: _Block
    line: int  # the number of the line before the block
    total: int  # the lines polars reads in the whole block
    count: int  # the lines read here (up to a NUL, a carriage return alone, a BOM)
    lines: pl.Series | None  # the lines' text (null: a blank line)
    odd: list[int]  # the lines for the per-row reader, in order
    keys: Keys | None  # of the plain and the plainly quoted lines


@attrs.define
class _Prepared:
    """A block planned by the core (the main thread's step)."""

    count: int  # the lines checked in the block (a quoted cell that runs on ends it)
    table: KeyTable | None
    written: dict[int, str]  # the output of the lines checked row by row


@attrs.define
class _Judged:
    """A block judged (the worker's second step)."""

    out: pl.Series  # the output of each line judged in columns (else null)
    plain: list[tuple[int, str]]  # plain lines left to the per-row path: index, text
    quoted: list[tuple[int, str]]  # quoted lines left to the per-row path: index, text
    judged: int  # rows judged in columns
    groups: list[tuple[Any, ...]]  # summary counts


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
        # are dropped, so no line is written as it came), or a file naming who referred care
        # elsewhere (``costs_covered`` is decided row by row, by decide_costs).
        self.row_by_row = not self.as_is or self.blocks.rows.costs
        self.no_results = ("",) * (results - 1)
        self.empty_results = ("",) * results
        self.summarize = summarize
        self.summary = CheckSummary()
        self.rows = self.errors = self.empty = 0
        self.buffer = io.StringIO()
        self.writerow = csv.writer(self.buffer, delimiter=delimiter, lineterminator="\r\n").writerow
        self.risky = re.compile(re.escape(delimiter) + "[=+\\-@\t]").search
        escaped = {"\t": r"\t"}.get(delimiter, re.escape(delimiter))
        self.danger = [delimiter + first for first in _FIRST]
        cell = f'(?:[^"{escaped}]*|"(?:[^"]|"")*")'
        self.quoted = (
            f"^{cell}(?:{escaped}{cell}){{{self.width - 1}}}$"
            if self.width <= _QUOTED_WIDTH
            else None
        )
        self.pad = [""] * self.width
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
            and body[:1] not in _FORMULA_START
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

        Each block is parsed and, after the core planned it, judged and written in a worker
        thread (polars works outside the interpreter lock), while the main thread plans the
        next block; the output is written in order by that one worker.
        """
        feed: _ByteFeed | _LineFeed
        feed = opened.bytes_feed if opened.bytes_feed is not None else opened.line_feed  # type: ignore[assignment]
        worker: Any = (
            ThreadPoolExecutor(1, thread_name_prefix="vardgaranti-columnar")
            if self.threads
            else _InLine()
        )
        writes: deque[Future[None]] = deque()
        try:
            block = feed.block(BLOCK_BYTES)
            parsing = worker.submit(self.parse, block, line) if block is not None else None
            unfinished: tuple[_Parsed, _Prepared, Future[_Judged]] | None = None
            while parsing is not None:
                parsed = parsing.result()
                following = feed.block(BLOCK_BYTES) if parsed.count == parsed.total else None
                parsing = (
                    worker.submit(self.parse, following, parsed.line + parsed.total)
                    if following is not None
                    else None
                )
                prepared = self.prepare(parsed)
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
                    line, text = self.rest(feed, parsed, prepared.count, following)
                    writes.append(worker.submit(writer.text, text))
                    block = feed.block(BLOCK_BYTES)
                    parsing = worker.submit(self.parse, block, line) if block is not None else None
                while writes and writes[0].done():
                    writes.popleft().result()  # a failed write raises here
                if progress is not None:
                    progress(opened.position(), opened.size)
            if unfinished is not None:
                writes.append(self.finish(*unfinished, writer, worker))
            while writes:
                writes.popleft().result()
        finally:
            worker.shutdown(wait=True, cancel_futures=True)
        if progress is not None:
            progress(opened.size, opened.size)
        summary = self.summary
        summary.rows, summary.errors, summary.empty = self.rows, self.errors, self.empty

    def rest(
        self, feed: _ByteFeed | _LineFeed, parsed: _Parsed, count: int, following: _Block | None
    ) -> tuple[int, str]:
        """Give back the block from line *count* on, and read on with the per-row reader."""
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
        return self.per_row(feed, line, line + lines)

    def per_row(self, feed: _ByteFeed | _LineFeed, line: int, last: int) -> tuple[int, str]:
        """Read and check records with the streaming engine's reader, up to line *last*.

        Every record that begins on or before *last* is checked (a quoted cell may take lines
        after it); the lines from the first record that begins after it on are given back, to
        be read in a block again. Returns the last line consumed, and the output.
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
        back: list[str] = []
        for begins, row, body, problem in read_records(tracked(), self.delimiter, self.width, line):
            while handed and handed[0][0] < begins:
                handed.popleft()
            if begins > last:
                back = [text for _number, text in handed]
                number = begins - 1
                break
            out.append(self.one(row, body, problem))
        _close(source)
        if back:
            if isinstance(feed, _ByteFeed):
                feed.give_back("".join(back).encode("utf-8"))
            else:
                feed.give_back(back)
        return number, "".join(out)

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
        given = len(block.lines) if block.lines is not None else _count_polars(data)
        empty = _Parsed(block, line, given, 0, None, [], None)
        if data[:3] == _BOM:  # polars would drop it
            return empty
        nul = data.find(b"\x00")
        part = data if nul < 0 else data[: data.rfind(b"\n", 0, nul) + 1]
        if not part:
            return empty
        lines = pl.read_csv(
            part, has_header=False, separator="\x00", quote_char=None, schema={"line": pl.String}
        )["line"]
        total = lines.len() if nul < 0 and block.lines is None else given
        count = lines.len()
        if block.lines is not None:
            if nul < 0 and count != len(block.lines):
                return empty  # not split as the stream split it: the per-row reader
            irregular = (i for i, text in enumerate(block.lines) if not _plain_ending(text))
            count = min(count, next(irregular, count))
            if block.irregular >= 0:
                count = min(count, block.irregular)
        text = col("line")
        frame = pl.DataFrame({"line": lines})
        if b"\r" in part:  # a carriage return alone: the per-row reader splits the line there
            alone = frame.select(text.str.contains("\r", literal=True)).to_series().arg_true()
            if alone.len():
                count = min(count, alone[0])
        if count < lines.len():
            lines = lines.head(count)
            frame = frame.head(count)
        if count == 0:
            return _Parsed(block, line, total, 0, None, [], None)
        blank = text.is_null()
        if self.row_by_row:
            odd = frame.select(~blank).to_series().arg_true().to_list()
            return _Parsed(block, line, total, count, lines, odd, None)
        # One pass finds a quote or a cell a spreadsheet would run (after a delimiter); the
        # lines it finds are few, and looked at again for their quotes.
        marked = text.str.contains_any(['"', *self.danger])
        unusual = marked | text.str.slice(0, 1).is_in(_FIRST)
        if self.width > 1:
            unusual = unusual | (
                text.str.count_matches(self.delimiter, literal=True) != self.width - 1
            )
        flags = frame.select(
            (~blank & ~unusual).alias("plain"),
            (~blank & marked).alias("marked"),
            (~blank).alias("line"),
        )
        plain = flags["plain"]
        odd_mask = flags["line"] & ~plain
        quoted = flags["marked"].arg_true()
        if quoted.len() and self.quoted is not None:
            quoted = quoted.filter(lines.gather(quoted).str.contains(self.quoted))
            odd_mask = odd_mask.scatter(quoted, False)
        else:
            quoted = quoted.head(0)
        needed = list(self.blocks.needed)
        names = [f"c{i}" for i in needed]
        fields = pl.read_csv(
            part,
            has_header=False,
            separator=self.delimiter,
            quote_char=None,
            schema={f"c{i}": pl.String for i in range(self.width)},
            columns=needed,
            truncate_ragged_lines=True,
            missing_columns="insert",
            extra_columns="ignore",
            empty_string_is_null=False,
            n_rows=count,
        )
        if fields.height != count:
            return empty
        unit = self.blocks.unit
        extra = [col(f"c{unit}").alias("_unit")] if unit >= 0 else [pl.lit("").alias("_unit")]
        rows = [
            fields.lazy()
            .with_row_index("_i")
            .with_columns(lines.alias("_body"))
            .filter(plain)
            .select("_i", *names, *extra, pl.lit(None, dtype=pl.String).alias("_prefix"), "_body")
            .collect()
        ]
        if quoted.len():
            cells, danger = self._quoted(lines.gather(quoted))
            if cells is None:
                odd_mask = odd_mask.scatter(quoted, True)
            else:
                if danger.any():
                    odd_mask = odd_mask.scatter(quoted.filter(danger), True)
                rows.append(
                    cells.with_columns(quoted.alias("_i"), lines.gather(quoted).alias("_body"))
                    .filter(~danger)
                    .select("_i", *names, *extra, "_prefix", "_body")
                )
        frame = pl.concat(rows, how="vertical") if len(rows) > 1 else rows[0]
        keys = self.blocks.keys(frame, trusted=True)
        return _Parsed(block, line, total, count, lines, odd_mask.arg_true().to_list(), keys)

    def _quoted(self, lines: pl.Series) -> tuple[pl.DataFrame | None, pl.Series]:
        """Lines whose quotes are whole quoted cells: their cells and their output, quoted.

        Returns the cells (with ``_prefix``: the cells as the CSV writer writes them) and
        which lines have a cell a spreadsheet would run (left to the per-row path).
        """
        pl = self.pl
        col = pl.col
        data = (lines.str.join("\n") + "\n").cast(pl.Binary).item()
        names = [f"c{i}" for i in range(self.width)]
        cells = pl.read_csv(
            data,
            has_header=False,
            separator=self.delimiter,
            quote_char='"',
            schema=dict.fromkeys(names, pl.String),
            empty_string_is_null=False,
        )
        if cells.height != lines.len():
            return None, pl.Series(dtype=pl.Boolean)
        danger = cells.select(
            pl.any_horizontal([col(name).str.slice(0, 1).is_in(_FORMULA_FIRST) for name in names])
        ).to_series()
        written = [
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
            for name in names
        ]
        cells = cells.with_columns(
            pl.concat_str(written, separator=self.delimiter).alias("_prefix")
        )
        return cells, danger

    def prepare(self, parsed: _Parsed) -> _Prepared:
        """Read the odd lines row by row and plan the block's keys (the core; main thread)."""
        count = parsed.count
        written: dict[int, str] = {}
        lines = parsed.lines
        if lines is not None:
            for i in parsed.odd:
                record = _one_record(lines[i] + "\n", self.delimiter, self.width, parsed.line + i)
                if record is _GOES_ON:  # a quoted cell runs over the line's end
                    count = i
                    break
                if record is not None:
                    written[i] = self.one(*record)
        table = self.blocks.plan(parsed.keys) if parsed.keys is not None and count else None
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
        query = self.blocks.judging(keys, table)
        if count < parsed.count:
            query = query.filter(col("_i") < count)
        if self.summarize:
            query = query.with_columns(self.blocks.band())
        text = pl.concat_str(
            [
                pl.coalesce(col("_prefix"), col("_body")),
                pl.lit(self.delimiter),
                self.blocks.tail(table, self.delimiter),
                pl.lit("\r\n"),
            ]
        )
        summary = ["_unit", "level", "status", "band", "care"] if self.summarize else []
        results = query.select(
            "_i",
            "ok",
            col("_prefix").is_not_null().alias("_quoted"),
            pl.when(col("ok")).then(text).otherwise(col("_body")).alias("_text"),
            *summary,
        ).collect()
        parsed.keys = None  # the cells are not needed any more
        prepared.table = None
        good = results["ok"]
        out = pl.repeat(None, count, dtype=pl.String, eager=True).scatter(
            results["_i"].filter(good), results["_text"].filter(good)
        )
        bad = results.filter(~good)
        plain = bad.filter(~col("_quoted")).select("_i", "_text").rows()
        quoted = bad.filter(col("_quoted")).select("_i", "_text").rows()
        groups: list[tuple[Any, ...]] = []
        judged = int(good.sum())
        if self.summarize and judged:
            groups = results.filter(good).group_by(*summary).len().rows()
        return _Judged(out, plain, quoted, judged, groups)

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
        self.rows += judged.judged
        self._count(judged.groups)
        return worker.submit(self.emit, judged.out, written, writer)

    def emit(self, out: pl.Series, written: dict[int, str], writer: _Writer) -> None:
        """Put the per-row output in place, and write the block (in the worker)."""
        if written:
            positions = sorted(written)
            out = out.scatter(positions, [written[i] for i in positions])
        if out.len():
            writer.lines(out)

    def _count(self, groups: list[tuple[Any, ...]]) -> None:
        """Add the rows judged in columns to the summary."""
        add = self.summary.add_result
        stripped = self.units
        for unit_text, level, status, band, care, count in groups:
            name = stripped.get(unit_text)
            if name is None:
                name = stripped[unit_text] = unit_text.strip()
            level_value = None if level < 0 else _LEVELS[level]
            status_value = _STATUS_OF[status]
            for _ in range(count):
                add(name, level_value, status_value, band, care)


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
_FORMULA_FIRST: Final = ("=", "+", "-", "@", "\t", "\r")


def _close(generator: Iterator[str]) -> None:
    close = getattr(generator, "close", None)
    if close is not None:
        close()


def _first_lone_cr(data: bytes) -> int:
    r"""The offset of the first ``\r`` not followed by ``\n`` (-1: none)."""
    if data.count(b"\r") == data.count(b"\r\n"):
        return -1
    found = _LONE_CR.search(data)
    return -1 if found is None else found.start()


def _count_polars(data: bytes) -> int:
    r"""The number of lines polars reads in *data* (split at ``\n``)."""
    return data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)


def _count_lines(data: bytes) -> int:
    r"""The number of lines in *data*, ending at ``\n``, ``\r\n`` or ``\r``."""
    ends = len(_LINE_END.findall(data))
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
