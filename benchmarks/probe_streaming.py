"""A probe of one design for issue 14: ``check`` as one query of polars' streaming engine.

Usage::

    python benchmarks/probe_streaming.py IN.csv OUT.csv [--as-of 2025-06-02]

The columnar engine (``check --engine columnar``) reads a file in blocks of 2 MiB, each a few
polars queries, with the keys of each block planned by the core in between. This probe asks
whether one query over the whole file, run by polars' streaming engine (which bounds memory by
itself and spreads the work over the processors), would be faster: the lines are read with
``scan_csv``, split on the delimiter, each row's key made as the engine makes it, the keys planned
by the core in a function polars calls per batch of rows (``map_batches``, elementwise), and
the judgement is the engine's own expressions (``BlockEvaluator._judgement``); the output
lines (each line as it came and the result cells) go to ``sink_csv``.

It does **less** than the engine, so its time is a lower bound for the design: no exclusion
periods are counted (the deadline is the key's, without them), quoted cells are split on the
delimiter like any other, and no row takes the per-row path (no error column, no summary).
Its output therefore differs from ``check``'s on the rows with exclusions, quotes or errors;
it is a timing probe, not a contender for correctness. Run it beside the engine and the
analyst's exact polars script in the same rounds (see the README, issue 14).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from vardgaranti import NATIONAL, Policy
from vardgaranti._columnar import _PERIODS, BlockEvaluator, _Check
from vardgaranti._waiting_list import layout_of


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, metavar="IN.csv")
    parser.add_argument("target", type=Path, metavar="OUT.csv")
    parser.add_argument(
        "--as-of", type=date.fromisoformat, default=date(2025, 6, 2), help="default 2025-06-02"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with open(args.source, encoding="utf-8-sig", newline="") as stream:
        header = stream.readline().rstrip("\r\n").split(";")
    layout = layout_of(header, ";", True, str(args.source), "auto")
    policy = Policy()
    blocks = BlockEvaluator(layout.profile, layout.header, args.as_of, NATIONAL, policy)
    check = _Check(layout.header, ";", layout.profile, layout.passthrough, len(layout.results),
                   args.as_of, NATIONAL, policy, False)  # fmt: skip
    columns = [name for name in blocks._schema if name != "_kb"]
    planned: dict[str, tuple[Any, ...]] = {}
    calls = [0, 0]

    def plan(keys: pl.Series) -> pl.Series:
        """The plans of a batch's keys, by the core (each key once per run)."""
        calls[0] += 1
        distinct = keys.drop_nulls().unique().to_list()
        for key in distinct:
            if key not in planned:
                calls[1] += 1
                planned[key] = blocks._base(key)
        table = pl.DataFrame(
            [(key, *planned[key]) for key in distinct], schema=blocks._schema, orient="row"
        )
        joined = keys.to_frame("_kb").join(table, on="_kb", how="left", maintain_order="left")
        return joined.select(pl.struct(columns)).to_series()

    col = pl.col
    cells = col("line").str.split_exact(";", blocks.width - 1)
    query = (
        pl.scan_csv(
            args.source,
            has_header=False,
            separator="\x00",
            quote_char=None,
            skip_rows=1,
            schema={"line": pl.String},
        )
        .with_columns(
            col("line").str.contains(check.plain).alias("_use"),
            *(cells.struct.field(f"field_{i}").alias(f"c{i}") for i in blocks.needed),
        )
        .with_columns(
            pl.concat_str([col(f"c{i}") for i in blocks.base], separator="\x00").alias("_kb")
        )
        .with_columns(
            col("_kb")
            .map_batches(
                plan,
                return_dtype=pl.Struct({name: blocks._schema[name] for name in columns}),
                is_elementwise=True,
            )
            .alias("_plan")
        )
        .unnest("_plan")
        .with_columns(
            *(
                col(f"c{i}").str.to_date("%Y-%m-%d", strict=False).cast(pl.Int32).alias(name)
                for i, name in ((blocks.completed, "completed"), (blocks.booked, "booked"))
            ),
            pl.lit(None, dtype=pl.Int32).alias("referred"),
            # (the periods read as the engine reads them, though not counted here)
            col(f"c{blocks.exclusions}").str.extract_groups(_PERIODS).alias("_p"),
        )
        .unnest("_p")
        .with_columns(*blocks._judgement())
        .select(pl.concat_str([col("line"), *blocks.cells(), pl.lit("")], separator=";"))
    )
    ready = time.perf_counter()
    query.sink_csv(
        args.target,
        include_header=False,
        quote_style="never",
        line_terminator="\r\n",
        engine="streaming",
    )
    done = time.perf_counter()
    print(
        f"probe_streaming: start {ready - started:.2f} s, query {done - ready:.2f} s; "
        f"{calls[0]} batches, {calls[1]} keys planned",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
