"""Time ``vardgaranti stats`` against ``vardgaranti check`` on 1,000,000 rows; measure per group.

Usage (from the repository root)::

    python benchmarks/bench_stats.py [--rows 1000000] [--repeat 3] [--warmup 1]
        [--data-dir benchmarks/data] [--skip-timing] [--skip-groups] [--json FILE]

1. Generates, unless they are there already, a native list (``generate_waiting_list.py``,
   seed 2025, as of 2025-06-02) and a national waiting delivery as CSV
   (``generate_national.py``, month 2026-01, seed 2026) of ``--rows`` rows in ``--data-dir``
   (``benchmarks/data/`` by default, which git ignores).
2. For each file, runs ``bench_compare.py``: ``check`` (the default engine: columnar with
   polars when installed), ``check --engine stream`` (row by row, as stats reads) and
   ``stats`` by ``skr``, ``legal`` and ``--compare-methods skr,legal`` (the default groups,
   unit and level), alternated in rounds, with the ratios to ``check --engine stream`` and their
   spread over the rounds.
3. Measures the memory of a group: the peak of Python allocations (:mod:`tracemalloc`) of
   ``compute_stats`` on 20,000 rows spread over 1, 1,000 and 10,000 groups (units), with one
   method and with two; the cost per group is the difference over the groups added. The
   figures include the result (each group's :class:`~vardgaranti._stats.Figures`).

Exit status: 0, or the first failing step's.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _generate(data_dir: Path, rows: int) -> tuple[Path, Path]:
    native = data_dir / f"stats_native_{rows}_seed2025.csv"
    national = data_dir / f"stats_national_{rows}_2026-01.csv"
    if not native.exists():
        print(f"generating {native} ...", flush=True)
        subprocess.run(
            [sys.executable, str(HERE / "generate_waiting_list.py"), str(rows), str(native)],
            check=True,
        )
    if not national.exists():
        print(f"generating {national} ...", flush=True)
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate_national.py"),
                str(rows),
                str(national),
                "--month",
                "2026-01",
            ],
            check=True,
        )
    return native, national


def _default_check_works(path: Path, census: str) -> bool:
    """Whether ``check`` with its default engine runs on *path* (the columnar engine is new)."""
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            ["vardgaranti", "check", str(path), "--as-of", census, "--output", f"{folder}/o.csv"],
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode:
        tail = done.stderr.strip().splitlines()[-1:] or [""]
        print(f"note: 'check' (default engine) left out, it exits {done.returncode}: {tail[0]}")
    return done.returncode == 0


def _timing(path: Path, census: str, args: argparse.Namespace, out: Path | None) -> int:
    stats = f"vardgaranti stats {{in}} --census {census} --output {{out}}"
    default_check = (
        ["--command", "check", f"vardgaranti check {{in}} --as-of {census} --output {{out}}"]
        if _default_check_works(path, census)
        else []
    )
    command = [
        sys.executable,
        str(HERE / "bench_compare.py"),
        "--repeat",
        str(args.repeat),
        "--warmup",
        str(args.warmup),
        "--input",
        str(path),
        "--baseline",
        "check-stream",
        *(["--json", str(out)] if out else []),
        *default_check,
        "--command",
        "check-stream",
        f"vardgaranti check {{in}} --as-of {census} --engine stream --output {{out}}",
        "--command",
        "stats-skr",
        stats,
        "--command",
        "stats-legal",
        stats + " --method legal",
        "--command",
        "stats-skr.legal",
        stats + " --compare-methods skr,legal",
    ]
    print(f"\n== {path.name} ({path.stat().st_size / 1e6:.0f} MB)", flush=True)
    return subprocess.run(command, check=False).returncode


def _group_file(path: Path, rows: int, groups: int) -> Path:
    rng = random.Random(3)
    census = date(2025, 5, 31)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["id", "unit", "level", "start", "completed"])
        for index in range(rows):
            start = census - timedelta(days=rng.randint(0, 365))
            done = ""
            if rng.random() < 0.3:
                done = min(start + timedelta(days=rng.randint(0, 150)), census).isoformat()
            writer.writerow(
                [f"P{index}", f"unit-{index % groups}", "visit", start.isoformat(), done]
            )
    return path


def _peak(path: Path, methods: tuple[str, ...]) -> int:
    from vardgaranti._stats import compute_stats

    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        stats = compute_stats(path, census=date(2025, 5, 31), methods=methods, by=("unit",))
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert stats.rows["errors"] == 0
    return peak


def _groups(rows: int) -> dict[str, object]:
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        files = {g: _group_file(Path(folder) / f"g{g}.csv", rows, g) for g in (1, 1_000, 10_000)}
        _peak(files[1], ("skr",))  # imports, caches
        print(f"\n== memory per group ({rows:,} rows, tracemalloc peak of compute_stats)")
        print(f"{'methods':<12} {'groups':>7} {'peak KB':>9} {'per group (bytes)':>18}")
        for methods in (("skr",), ("skr", "legal")):
            one = _peak(files[1], methods)
            name = "+".join(methods)
            print(f"{name:<12} {1:>7} {one / 1024:>9.0f}")
            for count in (1_000, 10_000):
                peak = _peak(files[count], methods)
                per = (peak - one) / (count - 1)
                results[f"{name}/{count}"] = {"peak": peak, "per_group": per}
                print(f"{name:<12} {count:>7} {peak / 1024:>9.0f} {per:>18.0f}")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=HERE / "data")
    parser.add_argument("--skip-timing", action="store_true")
    parser.add_argument("--skip-groups", action="store_true")
    parser.add_argument("--json", type=Path, help="save the group figures (and timing JSONs)")
    args = parser.parse_args(argv)
    args.data_dir.mkdir(parents=True, exist_ok=True)
    saved: dict[str, object] = {}
    if not args.skip_timing:
        native, national = _generate(args.data_dir, args.rows)
        for path, census in ((native, "2025-06-02"), (national, "2026-01-31")):
            out = None
            if args.json:
                out = args.json.with_name(f"{args.json.stem}_{path.stem}.json")
            code = _timing(path, census, args, out)
            if code:
                return code
    if not args.skip_groups:
        saved["groups"] = _groups(20_000)
    if args.json:
        args.json.write_text(json.dumps(saved, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
