"""evaluate_frame on a waiting list already in memory as a polars frame: a benchmark contender.

Usage::

    python benchmarks/frame_polars.py IN.csv OUT.json [--as-of 2025-06-02] [--typed]
        [--block-rows N] [--log FILE]

Reads the native waiting-list CSV into a polars frame the way an analyst does (every column as
text, like ``analyst_polars.py``; with ``--typed``, the date columns parsed as dates), then
times ``vardgaranti.evaluate_frame`` on it, and only that: wall time (``perf_counter``) and CPU
time of the process (``process_time``, all threads), written to OUT.json with the row count and a
count of the statuses (so that a run that evaluated nothing cannot pass for a fast one).
With ``--log``, the same line is also appended to FILE, one per run: ``bench_engines.py`` runs
this alternately with the floor (through ``bench_compare.py``) and pairs each run's time with the
floor's in the same round.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

import polars as pl

try:
    from vardgaranti import evaluate_frame
except ImportError:  # until the package exports it
    from vardgaranti._frame import evaluate_frame

DATES = ("start", "completed", "booked", "restart")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, metavar="IN.csv")
    parser.add_argument("target", type=Path, metavar="OUT.json")
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2025, 6, 2))
    parser.add_argument("--typed", action="store_true", help="parse the date columns as dates")
    parser.add_argument("--block-rows", type=int, default=None)
    parser.add_argument("--log", type=Path, help="also append the result to this file")
    args = parser.parse_args(argv)
    frame = pl.read_csv(args.source, separator=";", infer_schema=False)
    if args.typed:
        frame = frame.with_columns(
            pl.col(name).str.to_date("%Y-%m-%d", strict=False) for name in DATES if name in frame
        )
    options = {} if args.block_rows is None else {"block_rows": args.block_rows}
    wall, cpu = time.perf_counter(), time.process_time()
    done = evaluate_frame(frame, as_of=args.as_of, **options)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    statuses = dict(done["status"].cast(pl.String).fill_null("(error)").value_counts().rows())
    line = json.dumps({"rows": done.height, "wall": wall, "cpu": cpu, "statuses": statuses})
    args.target.write_text(line + "\n", encoding="utf-8")
    if args.log is not None:
        with args.log.open("a", encoding="utf-8") as log:
            log.write(line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
