"""Properties of the columnar engine: the streaming engine's bytes, for any file.

The files are the waiting lists of ``test_waiting_list_properties`` (every kind of column, cell,
header spelling and row shape), written with either delimiter, quoted or not, with or without a
byte-order mark, and then damaged the way real exports are (line feeds without carriage
returns, a carriage return alone, a stray quote, blank lines, a NUL); they are read from a text
stream, a binary stream or a file, in blocks from a few bytes to the default size. Both engines
must write the same text and count the same summary. Data frames evaluated by
:func:`~vardgaranti.evaluate_frame` must give the results ``check`` writes.
"""

from __future__ import annotations

import csv
import io
import tempfile
import warnings
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any, Final

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa  # type: ignore[import-untyped]
from hypothesis import event, given, settings
from hypothesis import strategies as st

import vardgaranti._columnar as columnar
from tests import national_fixtures as nf
from tests.property.case_strategies import BUP_FROM, NATIONAL_FROM, REGIONAL, start_dates
from tests.property.test_waiting_list_properties import waiting_lists
from vardgaranti import BUP, NATIONAL, ExclusionReason, Level, Policy, RuleSet
from vardgaranti._calendar import SwedishCalendar
from vardgaranti._columnar import BlockEvaluator, check_columnar
from vardgaranti._frame import evaluate_frame
from vardgaranti._profiles import NATIVE
from vardgaranti._rows import RowEvaluator
from vardgaranti._waiting_list import RESULT_COLUMNS, check_waiting_list
from vardgaranti.errors import VardgarantiError

AS_OF: Final = date(2025, 6, 2)
PROPERTY = settings(max_examples=150, deadline=None)
BLOCKS: Final = (7, 61, 200, 4096, columnar.BLOCK_BYTES)

Damage = Callable[[str, int], str]


def _encode(header: list[str], rows: list[list[str]], delimiter: str, quote_all: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        lineterminator="\r\n",
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _at(text: str, where: int, insert: str) -> str:
    """*text* with *insert* after the header's first line, at a place chosen by *where*."""
    start = text.find("\n") + 1
    if start <= 0 or start >= len(text):
        return text + insert
    place = start + where % (len(text) - start)
    return text[:place] + insert + text[place:]


def _copied(text: str, where: int) -> str:
    """*text* with one row's last cell a quoted note that holds a copy of the row.

    Valid CSV where the row's last cell was unquoted: the copy is shaped like a row.
    """
    lines = text.split("\r\n")
    if len(lines) < 3:
        return text
    n = 1 + where % (len(lines) - 2)
    line = lines[n]
    cut = max(line.rfind(";"), line.rfind(","))
    if cut < 0:
        return text
    lines[n] = f'{line[: cut + 1]}"copied:\r\n{line}\r\nend"'
    return "\r\n".join(lines)


DAMAGES: Final[dict[str, Damage]] = {
    "none": lambda text, where: text,
    "line feeds only": lambda text, where: text.replace("\r\n", "\n"),
    "some line feeds only": lambda text, where: text.replace("\r\n", "\n", where % 5),
    "a carriage return alone": lambda text, where: _at(text, where, "\r"),
    "a stray quote": lambda text, where: _at(text, where, '"'),
    "blank lines": lambda text, where: _at(text, where, "\r\n\n\r\n"),
    "a NUL": lambda text, where: _at(text, where, "\x00"),
    "no final line end": lambda text, where: text.rstrip("\r\n"),
    "a copied row in a quoted cell": lambda text, where: _copied(text, where),
}


def _sources(text: str, kind: str, folder: Path) -> Callable[[], str | IO[str] | IO[bytes]]:
    if kind == "text stream":
        return lambda: io.StringIO(text, newline="")
    data = text.encode("utf-8", "surrogatepass")
    if kind == "binary stream":
        return lambda: io.BytesIO(data)
    path = folder / "list.csv"
    path.write_bytes(data)
    return lambda: str(path)


def _both(
    source: Callable[[], str | IO[str] | IO[bytes]], block: int, policy: Policy
) -> tuple[tuple[str, Any], tuple[str, Any]]:
    outcomes: list[tuple[str, Any]] = []
    for engine in ("stream", "columnar"):
        output = io.StringIO(newline="")
        try:
            if engine == "stream":
                summary = check_waiting_list(source(), output, as_of=AS_OF, policy=policy)
            else:
                saved = columnar.BLOCK_BYTES
                columnar.BLOCK_BYTES = block
                try:
                    done = check_columnar(
                        source(), output, as_of=AS_OF, rules=NATIONAL, policy=policy, required=True
                    )
                finally:
                    columnar.BLOCK_BYTES = saved
                if done is None:  # left to the streaming engine, as `check --engine auto` does
                    output = io.StringIO(newline="")
                    done = check_waiting_list(source(), output, as_of=AS_OF, policy=policy)
                summary = done
        except Exception as error:  # the same file-level error, in the same words
            outcomes.append(("raised", f"{type(error).__name__}: {error}"))
            continue
        outcomes.append((output.getvalue(), summary.as_dict()))
    return outcomes[0], outcomes[1]


@PROPERTY
@given(
    waiting_lists(),
    st.sampled_from([";", ","]),
    st.booleans(),
    st.booleans(),
    st.sampled_from(sorted(DAMAGES)),
    st.integers(0, 10_000),
    st.sampled_from(["text stream", "binary stream", "file"]),
    st.sampled_from(BLOCKS),
    st.sampled_from([Policy(), Policy(roll_forward=True, at_risk_days=3)]),
)
def test_both_engines_write_the_same_bytes(
    data: tuple[list[str], list[list[str]]],
    delimiter: str,
    bom: bool,
    quote_all: bool,
    damage: str,
    where: int,
    kind: str,
    block: int,
    policy: Policy,
) -> None:
    header, rows = data
    text = ("\ufeff" if bom else "") + _encode(header, rows, delimiter, quote_all)
    text = DAMAGES[damage](text, where)
    with tempfile.TemporaryDirectory() as folder:
        stream, columns = _both(_sources(text, kind, Path(folder)), block, policy)
    assert columns == stream


@PROPERTY
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                ["plain", "quoted note", "two lines", "copied row", "formula", "short", "blank"]
            ),
            st.dates(min_value=date(2024, 6, 1), max_value=date(2025, 6, 1)),
            st.sampled_from(["", "mov:2025-01-01..2025-01-31", "pvv:2025-03-01..2025-03-02"]),
        ),
        max_size=60,
    ),
    st.sampled_from(BLOCKS[:3]),
)
def test_blocks_are_cut_anywhere_between_every_kind_of_row(
    kinds: list[tuple[str, date, str]], block: int
) -> None:
    lines = ["id;level;start;exclusions;note"]
    for number, (kind, start, exclusions) in enumerate(kinds):
        cells = f"R{number};visit;{start.isoformat()};{exclusions}"
        lines.append(
            {
                "plain": f"{cells};n",
                "quoted note": f'{cells};"a; b"',
                "two lines": f'{cells};"first\nsecond"',
                "copied row": f'{cells};"copied:\nC{number};visit;2024-01-01;;\nend"',
                "formula": f"{cells};=1+1",
                "short": f"R{number};visit",
                "blank": "",
            }[kind]
        )
    text = "\r\n".join(lines) + "\r\n"
    stream, columns = _both(lambda: io.StringIO(text, newline=""), block, Policy())
    assert columns == stream


_moments = st.datetimes(min_value=datetime(2024, 6, 1), max_value=datetime(2025, 8, 1))
#: A date with a time, written in every way a national export might: the forms read in
#: columns, others the core reads (a one-digit fraction, blanks around), and ones it refuses.
date_times = st.one_of(
    st.builds(
        lambda moment, form: moment.strftime(form),
        _moments,
        st.sampled_from([
            "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y%m%d%H%M%S",
            "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S.123", "%Y-%m-%dT%H:%M:%S.5",
            " %Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S\u00a0", "%Y-%m-%d", "%Y%m%d",
            "%Y-%m-%dT%H:%M:%S.%f7", "%Y-%m-%dT%H:%M:%S+01:00", "%Y-%m-%dT%H", "%Y%m%d%H%M",
            # a zone: a moment, read by its day in Sweden (keyed by the whole cell)
            "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M-05:00", "%Y-%m-%dT%H:%M:%S.%f+0230",
            "%Y-%m-%dT%H:%M-01", " %Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%Sz",
        ]),
    ),
    st.sampled_from([
        "2025-02-30T10:00:00", "20250230100000", "2025-01-10T24:00:00", "2025-01-10T10:60:00",
        "2025-01-10T10:00:60", "20250110240000", "2025-01-10T١٠:00:00", "", "igår",
        "2025-01-10T10:00+24:00", "2025-01-10T10:00:00-", "2025-01-10T1Z", "2025-01-10Z",
        "2025-03-30T22:30:00Z", "2025-03-30T22:30:00+00:00", "2025-03-30T23:30:00+01:00",
    ]),
)  # fmt: skip


@PROPERTY
@given(
    st.lists(st.tuples(st.integers(0, 21), date_times, date_times), min_size=1, max_size=30),
    st.sampled_from(["vantande", "genomforda"]),
    st.sampled_from(BLOCKS),
    st.sampled_from([Policy(), Policy(roll_forward=True)]),
)
def test_national_starts_and_completions_with_times_are_read_alike_by_both_engines(
    picked: list[tuple[int, str, str]], delivery: str, block: int, policy: Policy
) -> None:
    # The national format: rows share a plan by the date of the start; the columns read a
    # date with a time in the common forms by its date part, the core every other form (a
    # start with a zone is keyed by the whole cell: its day in Sweden is the core's to find).
    records = nf.contacts(delivery)
    rows = []
    for index, start, completed in picked:
        record = {**records[index], "BeslutAktivitet": start}
        if delivery == "genomforda":
            record["StartAktivitet"] = completed
        rows.append(record)
    text = nf.national_csv(rows, delivery=delivery)
    stream, columns = _both(lambda: io.StringIO(text, newline=""), block, policy)
    assert columns == stream


@PROPERTY
@given(waiting_lists(), st.integers(1, 5), st.randoms(use_true_random=False))
def test_evaluate_frame_gives_the_results_check_writes(
    data: tuple[list[str], list[list[str]]], block_rows: int, shuffle: Any
) -> None:
    header, rows = data
    names = [f"{name}#{i}" if header.index(name) != i else name for i, name in enumerate(header)]
    if len({name.strip().lower() for name in names}) < len(names):
        return  # a frame's columns have distinct names
    width = len(header)
    rows = [row for row in rows if len(row) == width and "\x00" not in "".join(row)]
    text = _encode(names, rows, ";", True)
    output = io.StringIO(newline="")
    try:
        check_waiting_list(io.StringIO(text, newline=""), output, as_of=AS_OF)
    except VardgarantiError:
        return  # the file as a whole is refused: nothing to compare (a crash fails here)
    written = list(csv.reader(io.StringIO(output.getvalue(), newline=""), delimiter=";"))[1:]
    frame = pl.DataFrame(
        {name: [row[i] for row in rows] for i, name in enumerate(names)},
        schema=dict.fromkeys(names, pl.String),
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        done = evaluate_frame(frame, as_of=AS_OF, block_rows=block_rows)
    # A list that names who referred care elsewhere also gets costs_covered, before error.
    columns: tuple[str, ...] = RESULT_COLUMNS
    if {"referred", "provider"} & {name.strip().lower() for name in names}:
        columns = (*RESULT_COLUMNS[:-1], "costs_covered", "error")
    assert done.columns[-len(columns) :] == list(columns)
    # a column of the frame replaced by a result column is warned of (not a whole earlier result)
    replaced = {name.strip().lower() for name in names} & set(columns)
    warned = [
        w for w in caught if "the name" in str(w.message) and "result column" in str(w.message)
    ]
    assert bool(warned) == bool(replaced and replaced != set(columns))
    results = done.select(columns).rows()
    assert len(results) == len(written)
    for cells, values in zip(written, results, strict=True):
        expected = dict(zip(columns, cells[-len(columns) :], strict=True))
        got = dict(zip(columns, values, strict=True))
        assert _as_text(got) == expected
    # The same frame in pandas, its index in another order: each result on its own row, in
    # the frame's order, under the frame's index (through narwhals, another path to the core)
    given = frame.to_pandas()
    labels = list(range(len(given)))
    shuffle.shuffle(labels)
    given.index = pd.Index([f"r{label}" for label in labels])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        done_pandas = evaluate_frame(given, as_of=AS_OF, block_rows=block_rows)
    assert list(done_pandas.index) == list(given.index)
    by_column = {name: done_pandas[name].tolist() for name in columns}  # (each in its dtype)
    for number, cells in enumerate(written):
        expected = dict(zip(columns, cells[-len(columns) :], strict=True))
        assert {name: _pandas_text(by_column[name][number]) for name in columns} == expected
    # And as a pyarrow Table (a review: no property test read one; results reversed passed):
    # a table back, its own columns first, each result on its row, in order.
    table = frame.to_arrow()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        done_arrow = evaluate_frame(table, as_of=AS_OF, block_rows=block_rows)
    assert isinstance(done_arrow, pa.Table)
    assert done_arrow.num_rows == len(written)
    kept = [name for name in names if name.strip().lower() not in columns]  # (not replaced)
    assert done_arrow.select(kept).to_pylist() == table.select(kept).to_pylist()
    arrow_columns = {name: done_arrow.column(name).to_pylist() for name in columns}
    for number, cells in enumerate(written):
        expected = dict(zip(columns, cells[-len(columns) :], strict=True))
        assert {name: _pandas_text(arrow_columns[name][number]) for name in columns} == expected


def _pandas_text(value: Any) -> str:
    """A pandas result cell as ``check`` writes it (``pd.NA``/``NaT`` empty, numpy numbers)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (np.integer, int)):
        return str(int(value))
    return str(value)


def _as_text(values: dict[str, Any]) -> dict[str, str]:
    text = {}
    for name, value in values.items():
        if value is None:
            text[name] = ""
        elif isinstance(value, bool):
            text[name] = "yes" if value else "no"
        elif isinstance(value, date):
            text[name] = value.isoformat()
        else:
            text[name] = str(value)
    return text


# -- the exclusions counted in columns are the core's plan -----------------------------------------

#: Rule sets and their levels (the national, BUP and a regional one), and when each begins.
RULE_SETS: Final = (
    (NATIONAL, (Level.CONTACT, Level.ASSESSMENT, Level.VISIT, Level.TREATMENT), NATIONAL_FROM),
    (BUP, (Level.FIRST_ASSESSMENT, Level.DEEPENED_ASSESSMENT, Level.TREATMENT), BUP_FROM),
    (REGIONAL, (Level.ASSESSMENT, Level.VISIT, Level.TREATMENT), NATIONAL_FROM),
)
COLUMNS: Final = ("id", "level", "start", "completed", "booked", "exclusions", "restart", "listed")
SEPARATORS: Final = ("; ", ";", ",", " ", " , ", ";;")
#: Every reason (some not allowed by the rule drawn, one allowed by none).
REASONS: Final = (*(reason.value for reason in ExclusionReason), "sjuk")


@st.composite
def periods(draw: st.DrawFn, clock: date, limit: int) -> list[tuple[str, date, date]]:
    """Exclusion periods around day 0 and the deadline: before day 0, straddling it, inside,
    on, straddling or after the deadline, adjacent to or overlapping the one before, equal to
    it, far away; of any reason (some the rule does not allow), in any order."""
    found: list[tuple[str, date, date]] = []
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 2, 2, 3, 4, 5, 7]))):
        where = draw(st.sampled_from(["before", "day 0", "inside", "deadline", "after", "next",
                                      "same", "far"]))  # fmt: skip
        length = draw(st.integers(1, 40))
        if where in ("next", "same") and found:
            _reason, first, last = found[-1]
            if where == "next":  # adjacent (a day after), overlapping, or a day apart
                step = draw(st.integers(-5, 2))
                first = last + timedelta(days=min(step, (date.max - last).days))
        else:
            offset = {
                "before": draw(st.integers(-60, -1)),
                "day 0": draw(st.integers(-length, 1)),
                "inside": draw(st.integers(1, max(1, limit))),
                "deadline": limit + draw(st.integers(-length, 3)),
                "after": limit + draw(st.integers(4, 120)),
                "far": draw(st.integers(-40_000, 40_000)),
            }.get(where, draw(st.integers(-10, limit + 10)))
            try:
                first = clock + timedelta(days=offset)
            except OverflowError:
                first = clock
        if where != "same" or not found:
            try:
                last = first + timedelta(days=length - 1)
            except OverflowError:
                last = date.max
        reason = draw(st.sampled_from(["pvv", "pvv", "mov", "PvV", *REASONS]))
        found.append((reason, first, last))
    return draw(st.permutations(found))


@st.composite
def rows_with_periods(draw: st.DrawFn) -> tuple[RuleSet, date, list[list[str]]]:
    """A rule set, an as-of day and rows whose exclusions cell holds periods in any form."""
    rules, levels, first = draw(st.sampled_from(RULE_SETS))
    edge = draw(st.sampled_from(["normal"] * 8 + ["calendar end", "date end"]))
    if edge == "normal":
        as_of = draw(start_dates(first=first + timedelta(days=400)))
    elif edge == "calendar end":  # a roll-forward past the calendar's last year
        as_of = draw(st.dates(date(2100, 8, 1), date(2100, 12, 31)))
    else:  # a deadline past 9999-12-31
        as_of = draw(st.dates(date(9999, 9, 1), date(9999, 12, 31)))
    rows = []
    for number in range(draw(st.integers(1, 16))):
        level = draw(st.sampled_from(levels))
        start = as_of - timedelta(days=draw(st.integers(0, 400)))
        restart = ""
        clock = start
        if draw(st.integers(0, 4)) == 0:
            restarted = start + timedelta(
                days=min(draw(st.integers(0, 450)), (date.max - start).days)
            )
            restart = restarted.isoformat()
            clock = restarted if restarted <= as_of else start
        limit = {Level.CONTACT: 0, Level.ASSESSMENT: 3, Level.FIRST_ASSESSMENT: 30}.get(level, 90)
        found = draw(periods(clock, limit))
        separator = draw(st.sampled_from(SEPARATORS))
        cell = separator.join(f"{r}:{a.isoformat()}..{b.isoformat()}" for r, a, b in found)
        listed = draw(st.sampled_from(["", "", "ja", "nej"]))
        rows.append([f"R{number}", level.value, start.isoformat(), "", "", cell, restart, listed])
    return rules, as_of, rows


def _planned(
    rules: RuleSet, as_of: date, rows: list[list[str]], policy: Policy
) -> list[dict[str, Any]]:
    """Each row's plan as the columnar engine makes it."""
    evaluator = BlockEvaluator(NATIVE, COLUMNS, as_of, rules, policy)
    cells = pl.DataFrame(
        {f"c{i}": [row[i] for row in rows] for i in evaluator.needed},
        schema={f"c{i}": pl.String for i in evaluator.needed},
    ).with_row_index("_i")
    keys = evaluator.keys(cells)
    table = evaluator.plan(keys)
    planned = evaluator.planning(keys, table).collect()
    return planned.select(
        "k_ok", "k_covered", "k_deadline", "k_care", "k_excluded",
        "k_from", "k_to", "k_from2", "k_to2",
    ).to_dicts()  # fmt: skip


def _day(value: date | None) -> int | None:
    return None if value is None else (value - EPOCH).days


EPOCH: Final = date(1970, 1, 1)


@settings(max_examples=400, deadline=None)
@given(rows_with_periods(), st.sampled_from([Policy(), Policy(roll_forward=True)]))
def test_exclusions_counted_in_columns_are_the_cores_plan(
    found: tuple[RuleSet, date, list[list[str]]], policy: Policy
) -> None:
    """The columns plan every row as the core does (RowEvaluator.shared, _core.plan,
    merge_spans and extend_deadline), or leave it to the per-row path."""
    rules, as_of, rows = found
    planned = _planned(rules, as_of, rows, policy)
    core = RowEvaluator(NATIVE, COLUMNS, as_of, rules, policy, SwedishCalendar())
    for row, columns in zip(rows, planned, strict=True):
        try:
            shared = core.shared(row)
        except VardgarantiError:
            assert not columns["k_ok"], row  # refused by the core: the per-row path
            event("refused")
            continue
        plan = shared.plan
        if plan is None:  # not covered: nothing to count
            assert columns["k_ok"], row
            assert not columns["k_covered"]
            event("not covered")
            continue
        counted = [
            (_day(first), _day(last))
            for (first, last, _reasons), counts in zip(plan.merged, plan.counted, strict=True)
            if counts
        ]
        if len(counted) > 2:  # days waited over more than two periods: the per-row path
            assert not columns["k_ok"], row
            event("more than two counted")
            continue
        event(f"planned: {len(plan.merged)} merged, {len(counted)} counted, "
              f"{'periods' if len(core.spans(row, plan.rule)) <= 2 else 'more'}")  # fmt: skip
        assert columns["k_ok"], row  # the columns plan what the core plans
        assert columns["k_deadline"] == _day(plan.deadline), row
        assert columns["k_care"] == _day(plan.care_deadline), row
        assert columns["k_excluded"] == plan.excluded_days, row
        got = [(columns["k_from"], columns["k_to"]), (columns["k_from2"], columns["k_to2"])]
        assert [period for period in got if period[0] is not None] == counted, row
        # (the core's rule itself is checked against an independent day-by-day walk in
        # test_clock_properties; comparing the plan with merge_spans and extend_deadline here,
        # the functions it is made with, could not fail)
