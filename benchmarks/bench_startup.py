"""Time the first ``vardgaranti deadline`` of a process against ``python -c pass``.

Usage (from the repository root, with `vardgaranti` installed)::

    python benchmarks/bench_startup.py                 # 15 rounds
    python benchmarks/bench_startup.py --rounds 31

Each round runs, as fresh processes and in alternating order, ``python -c pass`` (the floor of
any Python command), ``python -c "import vardgaranti"`` and the README's ``vardgaranti deadline``
(one case, its explanation and the other readings). Prints the best and median wall time of each
and the ratio of the deadline command to ``python -c pass`` (target: at most 8), with the
spread of the per-round ratios. Byte code is compiled first, as an installed package has it.
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import vardgaranti

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "import vardgaranti": [sys.executable, "-c", "import vardgaranti"],
    "vardgaranti deadline": [
        shutil.which("vardgaranti") or "vardgaranti",
        "deadline",
        "--level",
        "besök",
        "--start",
        "2025-03-03",
        "--exclude",
        "mov:2025-04-01..2025-04-14",
        "--booked",
        "2025-07-01",
        "--as-of",
        "2025-06-10",
    ],
}


def wall(command: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    compileall.compile_dir(Path(vardgaranti.__file__).parent, quiet=1)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for round_ in range(args.rounds):
        names = list(COMMANDS)
        if round_ % 2:
            names.reverse()
        for name in names:
            times[name].append(wall(COMMANDS[name]))
    floor = times["python -c pass"]
    for name, found in times.items():
        print(
            f"{name:22} best {min(found) * 1000:6.1f} ms   median "
            f"{statistics.median(found) * 1000:6.1f} ms   ratio {min(found) / min(floor):4.1f}"
        )
    per = [d / f for d, f in zip(times["vardgaranti deadline"], floor, strict=True)]
    print(
        f"first deadline / python -c pass (best times): "
        f"{min(times['vardgaranti deadline']) / min(floor):.1f} (target <= 8); per round: "
        f"median {statistics.median(per):.1f}, range {min(per):.1f}-{max(per):.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
