"""What a region analyst who cares about speed would write with pandas: vårdgaranti deadlines.

Usage::

    python benchmarks/analyst_pandas.py IN.csv OUT.csv [--exact] [--as-of 2025-06-02]

The same computation as ``analyst_polars.py`` (see there for the rules of plain and
``--exact`` mode), with pandas and numpy: ``read_csv`` with every column as text, dates through
``to_datetime(format=..., errors="coerce")`` and then whole days as ``int64``; the exclusion
items come out of ``str.extractall`` (one row per period), are sorted with ``np.lexsort`` and
merged with ``groupby().cummax()``/``shift()``; the counting rule is a grouped ``cumsum`` and
``cummin``. No per-row Python loop. A start that is not a date gives an empty deadline.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

PERIOD = r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})"
LIMITS = {"contact": 0, "kontakt": 0, "assessment": 3, "bedömning": 3}
DEFAULT_LIMIT = 90
NO_DAY = np.iinfo(np.int64).min  # what NaT becomes as int64

Days = npt.NDArray[np.int64]


def _days(column: pd.Series) -> Days:
    """``YYYY-MM-DD`` strings as days since 1970-01-01 (NO_DAY where not a date)."""
    parsed = pd.to_datetime(column, format="%Y-%m-%d", errors="coerce")
    return parsed.to_numpy(dtype="datetime64[D]").astype(np.int64)


def _limits(levels: pd.Series) -> Days:
    return levels.map(LIMITS).fillna(DEFAULT_LIMIT).to_numpy(dtype=np.int64)


def _as_dates(days: Days) -> pd.Series:
    """Days since 1970-01-01 as a datetime column (NaT for NO_DAY), written as YYYY-MM-DD."""
    return pd.Series(days.astype("datetime64[D]"))


def plain(frame: pd.DataFrame) -> Days:
    """Deadline = start + 0/3/90 days by level."""
    start = _days(frame["start"])
    deadline = start + _limits(frame["level"])
    deadline[start == NO_DAY] = NO_DAY
    return deadline


def extensions(exclusions: pd.Series, clock: Days, base: Days) -> pd.Series:
    """For the rows with exclusions (by position), the days the counted exclusions add."""
    items = exclusions[exclusions != ""].str.extractall(PERIOD)
    if items.empty:
        return pd.Series(dtype=np.int64)
    rows = items.index.get_level_values(0).to_numpy(dtype=np.int64)
    begins = _days(items[0])
    ends = _days(items[1])
    clocks = clock[rows]
    # Only days after day 0 count: drop what ends by then, cut what begins by then.
    keep = ends > clocks
    rows, begins, ends, clocks = rows[keep], begins[keep], ends[keep], clocks[keep]
    begins = np.maximum(begins, clocks + 1)
    order = np.lexsort((ends, begins, rows))
    periods = pd.DataFrame({"row": rows[order], "begin": begins[order], "end": ends[order]})
    # Merge overlapping or adjacent periods: a period opens a new group when it begins more
    # than one day after the latest end so far in its row.
    reach = periods.groupby("row", sort=False)["end"].cummax()
    reach = reach.groupby(periods["row"], sort=False).shift(1)
    periods["group"] = (reach.isna() | (periods["begin"] > reach + 1)).cumsum()
    merged = periods.groupby("group", sort=True).agg(
        row=("row", "first"), begin=("begin", "min"), end=("end", "max")
    )
    length = merged["end"] - merged["begin"] + 1
    before = length.groupby(merged["row"], sort=False).cumsum() - length
    # Period k counts when it, and every period before it, begins on or before the deadline
    # extended by the periods before it (counted ones form a prefix).
    fits = merged["begin"].to_numpy() <= base[merged["row"].to_numpy()] + before.to_numpy()
    counts = pd.Series(fits.astype(np.int64), index=merged.index)
    counts = counts.groupby(merged["row"], sort=False).cummin()
    return (length * counts).groupby(merged["row"], sort=False).sum()


def exact(frame: pd.DataFrame, as_of: date) -> Days:
    """Deadline with the restart and the exclusions applied."""
    start = _days(frame["start"])
    restart = _days(frame["restart"])
    as_of_day = (as_of - date(1970, 1, 1)).days
    restarted = (restart != NO_DAY) & (restart <= as_of_day)
    clock = np.where(restarted, restart, start)
    base = clock + _limits(frame["level"])
    extension = extensions(frame["exclusions"], clock, base)
    deadline = base.copy()
    deadline[extension.index.to_numpy(dtype=np.int64)] += extension.to_numpy(dtype=np.int64)
    deadline[clock == NO_DAY] = NO_DAY
    return deadline


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, metavar="IN.csv")
    parser.add_argument("target", type=Path, metavar="OUT.csv")
    parser.add_argument("--exact", action="store_true", help="apply restarts and exclusions")
    parser.add_argument(
        "--as-of", type=date.fromisoformat, default=date(2025, 6, 2), help="default 2025-06-02"
    )
    args = parser.parse_args(argv)
    # Every column as text and empty cells as "", so that rows are written back as they came.
    frame = pd.read_csv(
        args.source, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    deadline = exact(frame, args.as_of) if args.exact else plain(frame)
    frame["deadline"] = _as_dates(deadline)
    frame.to_csv(args.target, sep=";", index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
