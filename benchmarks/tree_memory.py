"""The peak resident memory of a command and all its processes together (Linux).

Usage::

    python benchmarks/tree_memory.py COMMAND [ARGS...]

Runs the command and samples, every 10 ms, the resident memory (``VmRSS``) of it and of every
process under it (``/proc/PID/task/*/children``), and prints the largest sum seen. ``wait4``'s
``ru_maxrss``, which ``bench_compare.py`` reports, is the largest single process instead: for
``vardgaranti check --jobs N`` the two differ. Exit status: the command's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def _tree(pid: int) -> list[int]:
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                for child in children.read().split():
                    found += _tree(int(child))
    except OSError:  # gone meanwhile
        pass
    return found


def _resident_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    process = subprocess.Popen(argv)
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(_resident_kib(pid) for pid in _tree(process.pid)))
        time.sleep(0.01)
    print(f"peak resident memory of the process tree: {peak / 1024:.1f} MB", file=sys.stderr)
    return process.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
