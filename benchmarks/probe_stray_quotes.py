"""Probe: does `check`'s time grow in proportion to the rows with a stray quote?

A row whose quote never closes on its line is read as it stands, with an error, and the lines the
quote took are read again as rows of their own. The reader gave them back by wrapping the file's
rest in one more chain each time, so every later line went through all of them: 20,000 such
rows took 6 s and 40,000 took 20 s (a review, 2026-12-03). Each engine now keeps one queue in
front of the rest (``_records.put_back``). This probe writes files of N and 2N such rows and
times ``check`` on both, alternated; the ratio of the times should stay near 2::

    python benchmarks/probe_stray_quotes.py --rows 20000 --rounds 3
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write(path: Path, rows: int) -> None:
    """*rows* rows, each with a quote that does not close on its line."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("id;level;start\n")
        for number in range(rows):
            out.write(f'P{number};visit;"2025-03-03\n')


def timed(path: Path, engine: str) -> float:
    command = [sys.executable, "-m", "vardgaranti", "check", str(path), "--as-of", "2025-06-02"]
    command += ["--engine", engine, "--output", str(path.with_suffix(".out"))]
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr.decode())
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        small, large = Path(name, "small.csv"), Path(name, "large.csv")
        write(small, args.rows)
        write(large, 2 * args.rows)
        for engine in ("stream", "columnar"):
            ratios = []
            for _round in range(args.rounds):
                ratios.append(timed(large, engine) / timed(small, engine))
            print(
                f"{engine:<9} {2 * args.rows} rows / {args.rows} rows: median "
                f"{statistics.median(ratios):.2f} [{min(ratios):.2f}-{max(ratios):.2f}]"
            )


if __name__ == "__main__":
    main()
