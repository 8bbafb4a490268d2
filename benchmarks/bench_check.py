"""Time `vardgaranti check` on a large synthetic waiting list against the floor script.

Usage (from the repository root, with `vardgaranti` installed)::

    python benchmarks/bench_check.py                 # 1 000 000 rows, 3 repetitions
    python benchmarks/bench_check.py --rows 100000   # a quick run

Generates the file with `generate_waiting_list.py` (kept in `--data-dir` and reused when it is
already there), prints the shape of the data, then alternates `--repeat` runs of

(a) the floor, `benchmarks/floor.py` (csv in, start + 0/3/90 days, csv out), and
(b) `vardgaranti check FILE --as-of 2025-06-02 --output OUT`,

each as a subprocess, measuring wall time, CPU time and peak RSS (`os.wait4` rusage of that
child). Reports the best (minimum) time of each, the ratio check/floor (target <= 2.0; also
per repetition and on CPU time, which other work on the machine disturbs less) and the peak
memory of check (target < 150 MB).
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATOR = HERE / "generate_waiting_list.py"
FLOOR = HERE / "floor.py"
AS_OF = "2025-06-02"
TARGET_RATIO = 2.0
TARGET_MB = 150.0
SPECIALIST = frozenset({"visit", "treatment", "besök", "behandling"})


def run(command: list[str]) -> tuple[float, float, float, int]:
    """Run *command*; return wall seconds, CPU seconds, peak RSS in MB and the exit code."""
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, process.returncode  # ru_maxrss: KiB on Linux


def shape(path: Path) -> dict[str, float]:
    """The proportions the issue asks for, counted in the generated file."""
    rows = specialist = excluded = completed = booked = 0
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader)
        i_level, i_completed, i_booked, i_exclusions = (
            header.index(name) for name in ("level", "completed", "booked", "exclusions")
        )
        for row in reader:
            rows += 1
            completed += bool(row[i_completed])
            booked += bool(row[i_booked])
            if row[i_level] in SPECIALIST:
                specialist += 1
                excluded += bool(row[i_exclusions])
    return {
        "rows": rows,
        "visit/treatment rows": specialist / rows,
        "visit/treatment rows with an exclusion": excluded / max(specialist, 1),
        "completed": completed / rows,
        "booked": booked / rows,
    }


def count_lines(path: Path) -> int:
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows (default 1 000 000)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions (default 3)")
    parser.add_argument("--seed", type=int, default=2025, help="generator seed (default 2025)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=HERE / "data",
        help="where the generated input and the outputs go (default benchmarks/data)",
    )
    args = parser.parse_args()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    source = args.data_dir / f"bench_{args.rows}_seed{args.seed}.csv"
    if not source.exists():
        print(f"generating {args.rows:,} rows into {source} ...", flush=True)
        partial = source.with_name(source.name + ".partial")
        subprocess.run(
            [
                sys.executable,
                str(GENERATOR),
                str(args.rows),
                str(partial),
                "--seed",
                str(args.seed),
            ],
            check=True,
        )
        partial.replace(source)
    print(f"input: {source} ({source.stat().st_size / 1e6:.1f} MB)")
    for name, value in shape(source).items():
        print(f"  {name:<40} {value:>10,}" if name == "rows" else f"  {name:<40} {value:>10.1%}")

    floor_out = args.data_dir / "bench_floor_out.csv"
    check_out = args.data_dir / "bench_check_out.csv"
    commands = {
        "floor": [sys.executable, str(FLOOR), str(source), str(floor_out)],
        "check": [
            sys.executable,
            "-m",
            "vardgaranti",
            "check",
            str(source),
            "--as-of",
            AS_OF,
            "--output",
            str(check_out),
        ],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu_times: dict[str, list[float]] = {name: [] for name in commands}
    memory: dict[str, list[float]] = {name: [] for name in commands}
    for repetition in range(1, args.repeat + 1):
        for name, command in commands.items():
            wall, cpu, mb, code = run(command)
            if code not in (0, 1):  # 1: some rows have errors (only with --bad-rows data)
                print(f"{name} failed with exit code {code}: {' '.join(command)}", file=sys.stderr)
                return 1
            times[name].append(wall)
            cpu_times[name].append(cpu)
            memory[name].append(mb)
            print(
                f"  run {repetition}: {name:<5} {wall:8.2f} s wall {cpu:8.2f} s CPU {mb:7.1f} MB",
                flush=True,
            )

    expected = count_lines(source)
    for name, out in (("floor", floor_out), ("check", check_out)):
        if count_lines(out) != expected:
            print(f"{name}: {out} does not have {expected} lines", file=sys.stderr)
            return 1

    best = {name: min(values) for name, values in times.items()}
    best_cpu = {name: min(values) for name, values in cpu_times.items()}
    ratio = best["check"] / best["floor"]
    peak = max(memory["check"])
    print()
    print(f"{'':<6}{'min wall s':>11}{'median wall s':>14}{'min CPU s':>10}{'peak MB':>9}")
    for name in commands:
        print(
            f"{name:<6}{best[name]:11.2f}{statistics.median(times[name]):14.2f}"
            f"{best_cpu[name]:10.2f}{max(memory[name]):9.1f}"
        )
    verdict_ratio = "ok" if ratio <= TARGET_RATIO else "ABOVE TARGET"
    verdict_memory = "ok" if peak < TARGET_MB else "ABOVE TARGET"
    print(f"ratio check/floor (min times): {ratio:.2f} (target <= {TARGET_RATIO}) {verdict_ratio}")
    pairs = ", ".join(f"{c / f:.2f}" for f, c in zip(times["floor"], times["check"], strict=True))
    print(f"  per repetition: {pairs}; on CPU time: {best_cpu['check'] / best_cpu['floor']:.2f}")
    print(f"peak RSS of check: {peak:.1f} MB (target < {TARGET_MB:.0f} MB) {verdict_memory}")
    print(f"check throughput: {args.rows / best['check']:,.0f} rows/s")
    for out in (floor_out, check_out):
        out.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
