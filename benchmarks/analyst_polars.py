"""What a region analyst who cares about speed would write with polars: vårdgaranti deadlines.

Usage::

    python benchmarks/analyst_polars.py IN.csv OUT.csv [--exact] [--as-of 2025-06-02]

Reads the native waiting-list export (``;``-separated, UTF-8 with or without a BOM; columns
``id;unit;level;start;completed;booked;exclusions;restart;listed;clinic_code;note``, see
``generate_waiting_list.py``) and writes every row back with a ``deadline`` column appended.

Plain mode: deadline = start + 0 days (contact/kontakt), 3 (assessment/bedömning) or 90
(anything else). ``--exact`` also applies

* the restart: a restart on or before the as-of day starts a new full period (the clock starts
  at the restart);
* the exclusions (``mov:2025-04-01..2025-04-14; pvv:2025-06-01..2025-06-10``, items separated
  by ``;``, ``,`` or blanks; both ends included): only days after day 0 count, overlapping and
  adjacent periods merge across reasons, and a merged period counts, in full, when it begins on
  or before the deadline as extended so far.

The exclusions are done without a per-row Python loop: the items are extracted with a regular
expression and exploded to one row per period, sorted, merged with a running maximum of the
ends (a new period starts where it begins more than a day after everything before it in the
row), and the counting rule becomes a prefix test: merged period k counts when every period
up to k begins on or before the base deadline plus the lengths of the periods before it.

No validation beyond what the dtypes give: a start that is not a date gives an empty deadline,
an unknown level gets 90 days, exclusion reasons are not checked. It is a benchmark contender
(see ``bench_compare.py``) and the reference for ``compare_deadlines.py``, not a tool.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import polars as pl

PERIOD = r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})"
LIMITS = {"contact": 0, "kontakt": 0, "assessment": 3, "bedömning": 3}
DEFAULT_LIMIT = 90
HELPERS = ("_row", "_clock", "_base", "_extension")


def _day(column: str) -> pl.Expr:
    """A ``YYYY-MM-DD`` string column as days since 1970-01-01 (null when not a date)."""
    return pl.col(column).str.to_date("%Y-%m-%d", strict=False).cast(pl.Int32)


def _limit() -> pl.Expr:
    return pl.col("level").replace_strict(LIMITS, default=DEFAULT_LIMIT, return_dtype=pl.Int32)


def plain(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Deadline = start + 0/3/90 days by level."""
    deadline = (_day("start") + _limit()).cast(pl.Date)
    return frame.with_columns(deadline.alias("deadline"))


def extensions(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Per row with exclusions: ``_row`` and the days the counted exclusions add."""
    one = pl.lit(1, dtype=pl.Int32)
    return (
        frame.select("_row", "_clock", "_base", "exclusions")
        .filter(pl.col("exclusions").is_not_null())
        .with_columns(pl.col("exclusions").str.extract_all(PERIOD).alias("_item"))
        .explode("_item")
        .filter(pl.col("_item").is_not_null())
        .with_columns(
            _from=pl.col("_item").str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False),
            _to=pl.col("_item").str.slice(12, 10).str.to_date("%Y-%m-%d", strict=False),
        )
        .with_columns(pl.col("_from", "_to").cast(pl.Int32))
        # Only days after day 0 count: drop what ends by then, cut what begins by then.
        .filter(pl.col("_to") > pl.col("_clock"))
        .with_columns(_from=pl.max_horizontal("_from", pl.col("_clock") + one))
        .sort("_row", "_from", "_to")
        # Merge overlapping or adjacent periods: a period opens a new group when it begins
        # more than one day after the latest end so far in its row.
        .with_columns(_reach=pl.col("_to").cum_max().shift(1).over("_row"))
        .with_columns(
            _group=(
                pl.col("_reach").is_null() | (pl.col("_from") > pl.col("_reach") + one)
            ).cum_sum()
        )
        .group_by("_group")
        .agg(
            pl.col("_row").first(),
            pl.col("_base").first(),
            pl.col("_from").min(),
            pl.col("_to").max(),
        )
        .sort("_row", "_from")
        .with_columns(_length=pl.col("_to") - pl.col("_from") + one)
        # Period k counts when it, and every period before it, begins on or before the
        # deadline extended by the periods before it (counted ones form a prefix).
        .with_columns(_before=(pl.col("_length").cum_sum() - pl.col("_length")).over("_row"))
        .with_columns(
            _counts=(pl.col("_from") <= pl.col("_base") + pl.col("_before"))
            .cast(pl.Int32)
            .cum_min()
            .over("_row")
        )
        .group_by("_row")
        .agg(_extension=(pl.col("_length") * pl.col("_counts")).sum())
    )


def exact(frame: pl.LazyFrame, as_of: date) -> pl.LazyFrame:
    """Deadline with the restart and the exclusions applied."""
    restart = _day("restart")
    as_of_day = (as_of - date(1970, 1, 1)).days
    frame = frame.with_row_index("_row").with_columns(
        _clock=pl.when(restart <= as_of_day).then(restart).otherwise(_day("start"))
    )
    frame = frame.with_columns(_base=pl.col("_clock") + _limit())
    return (
        frame.join(extensions(frame), on="_row", how="left", maintain_order="left")
        .with_columns(deadline=(pl.col("_base") + pl.col("_extension").fill_null(0)).cast(pl.Date))
        .drop(HELPERS)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, metavar="IN.csv")
    parser.add_argument("target", type=Path, metavar="OUT.csv")
    parser.add_argument("--exact", action="store_true", help="apply restarts and exclusions")
    parser.add_argument(
        "--as-of", type=date.fromisoformat, default=date(2025, 6, 2), help="default 2025-06-02"
    )
    args = parser.parse_args(argv)
    # Every column as text, so that the row is written back as it came; empty cells are null.
    frame = pl.scan_csv(args.source, separator=";", infer_schema=False)
    result = exact(frame, args.as_of) if args.exact else plain(frame)
    result.collect().write_csv(args.target, separator=";")
    return 0


if __name__ == "__main__":
    sys.exit(main())
