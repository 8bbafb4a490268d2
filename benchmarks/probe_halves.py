"""Probe: would the columnar engine gain from reading a file in two processes?

Issue 14 asks for ``check --engine columnar`` faster than the analyst's exact polars script
(``analyst_polars.py --exact``) at a peak of at most 150 MB. The engine makes each block with
three threads, which keep 1.2-1.35 of the two cores busy. This probe measures the upper bound of
the other way to fill both cores, ``check --jobs`` for the columnar engine: the file cut in two
halves beforehand (not timed; each half with the header), and two ``check --engine columnar``
commands run side by side, either as they are (``two``: the engine's threads, polars' pool) or
each in one thread (``two-single``: ``POLARS_MAX_THREADS=1`` and the engine's steps called
directly). The cut, the joining of the two outputs and the single start a real ``--jobs`` would
share are left out, so a real implementation could only be slower than this probe.

The commands run alternated, ``--rounds`` times, against the whole file read by one
``check --engine columnar`` and by ``analyst_polars.py --exact``; each line gives the wall time,
the CPU time of the processes and the peak resident memory of the largest one::

    python benchmarks/probe_halves.py benchmarks/data/native_1000000_seed2025_bom.csv --rounds 5
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: Run in a child: the engine's steps called in this thread (no reading or judging thread).
SINGLE = """
import sys
from vardgaranti import _columnar
from vardgaranti._cli import main

start = _columnar._Check.__init__

def one_thread(self, *args, **kwargs):
    start(self, *args, **kwargs)
    self.threads = False

_columnar._Check.__init__ = one_thread
sys.argv = ["vardgaranti", *sys.argv[1:]]
sys.exit(main())
"""


def halves(source: Path, folder: Path) -> tuple[Path, Path]:
    """The file cut after the middle line (header repeated; a byte-order mark kept in front).

    Copied in pieces: this process stays small, since a child's peak memory (``ru_maxrss``)
    starts from its parent's at the fork.
    """
    first, second = folder / "half1.csv", folder / "half2.csv"
    size = source.stat().st_size
    with source.open("rb") as data, first.open("wb") as one, second.open("wb") as two:
        header = data.readline()
        one.write(header)
        two.write(header.removeprefix(b"\xef\xbb\xbf"))
        while data.tell() < size // 2 and (line := data.readline()):
            one.write(line)
        shutil.copyfileobj(data, two, 1 << 20)
    return first, second


def check(path: Path, out: Path, *, single: bool) -> list[str]:
    head = [sys.executable, "-c", SINGLE] if single else [sys.executable, "-m", "vardgaranti"]
    options = ["--as-of", "2025-06-02", "--engine", "columnar", "--output", str(out)]
    return [*head, "check", str(path), *options]


def timed(commands: list[list[str]], env: dict[str, str]) -> tuple[float, float, float]:
    """Run *commands* side by side: wall s, CPU s, largest peak MB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    running = [subprocess.Popen(command, env=env) for command in commands]
    peak = 0
    for process in running:
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):
            raise SystemExit(f"{commands}: exit {process.returncode}")
        peak = max(peak, usage.ru_maxrss)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu, peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.input.parent) as name:
        folder = Path(name)
        first, second = halves(args.input, folder)
        out = [folder / f"out{k}.csv" for k in range(3)]
        plain = dict(os.environ)
        single = {**plain, "POLARS_MAX_THREADS": "1"}
        contenders = {
            "one": ([check(args.input, out[0], single=False)], plain),
            "two": (
                [check(first, out[1], single=False), check(second, out[2], single=False)],
                plain,
            ),
            "two-single": (
                [check(first, out[1], single=True), check(second, out[2], single=True)],
                single,
            ),
            "polars-exact": (
                [
                    [
                        sys.executable,
                        str(HERE / "analyst_polars.py"),
                        str(args.input),
                        str(out[0]),
                        "--exact",
                    ]
                ],
                plain,
            ),
        }
        results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in contenders}
        for _round in range(args.rounds + 1):  # the first round warms the caches, not counted
            for name, (commands, env) in contenders.items():
                measured = timed(commands, env)
                if _round:
                    results[name].append(measured)
        print(f"{'command':<14} {'min wall':>9} {'med wall':>9} {'med CPU':>8} {'peak MB':>8}")
        for name, runs in results.items():
            walls = [run[0] for run in runs]
            print(
                f"{name:<14} {min(walls):9.2f} {statistics.median(walls):9.2f} "
                f"{statistics.median(run[1] for run in runs):8.2f} "
                f"{max(run[2] for run in runs):8.1f}"
            )


if __name__ == "__main__":
    main()
