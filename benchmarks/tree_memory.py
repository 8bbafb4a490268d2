"""The peak resident memory of a command and all its processes together (Linux).

Usage::

    python benchmarks/tree_memory.py COMMAND [ARGS...]

Runs the command and samples, every 10 ms, the resident memory (``VmRSS``) of it and of every
process under it (``/proc/PID/task/*/children``), and prints the largest sum seen, split into
its anonymous part (``RssAnon``: the data the processes made) and its file-backed part
(``RssFile`` and ``RssShmem``: the pages of the program and its libraries mapped from disk,
polars' 177 MB library among them, which the kernel maps in larger or smaller pieces from one
machine to another). ``wait4``'s ``ru_maxrss``, which ``bench_compare.py`` reports, is the
largest single process instead: for ``vardgaranti check --jobs N`` the two differ. Exit
status: the command's.
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


def _resident_kib(pid: int) -> tuple[int, int]:
    """The resident memory of *pid*: anonymous and file-backed (KiB)."""
    anonymous = mapped = 0
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("RssAnon:"):
                    anonymous = int(line.split()[1])
                elif line.startswith(("RssFile:", "RssShmem:")):
                    mapped += int(line.split()[1])
    except OSError:
        pass
    return anonymous, mapped


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    process = subprocess.Popen(argv)
    peak = (0, 0)
    while process.poll() is None:
        parts = [_resident_kib(pid) for pid in _tree(process.pid)]
        now = (sum(anonymous for anonymous, _ in parts), sum(mapped for _, mapped in parts))
        if sum(now) > sum(peak):
            peak = now
        time.sleep(0.01)
    anonymous, mapped = peak
    print(
        f"peak resident memory of the process tree: {(anonymous + mapped) / 1024:.1f} MB "
        f"(anonymous {anonymous / 1024:.1f} MB, file-backed {mapped / 1024:.1f} MB)",
        file=sys.stderr,
    )
    return process.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
