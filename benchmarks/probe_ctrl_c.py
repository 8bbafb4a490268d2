"""Send Ctrl-C (SIGINT) to ``vardgaranti`` at many moments of its start-up; count the endings.

Usage (from the repository root, with ``vardgaranti`` installed)::

    python benchmarks/probe_ctrl_c.py                      # the installed command
    python benchmarks/probe_ctrl_c.py --command /path/to/other/vardgaranti --show

Runs ``COMMAND check --example --output /dev/null`` ``--rounds`` times for each delay from 0 to
``--until`` ms in steps of ``--step`` ms, sends SIGINT after the delay, and counts how each run
ended: ``130`` (the one-line "interrupted" of the command), ``-2`` (killed by the signal before
Python installed its handler: no output at all), ``traceback-ours`` (a traceback through a
module of the package: the defect of issue 8, item 9) and ``traceback-python`` (inside CPython's
own start-up, before any module of the package: no package can catch those). Other exit codes
are runs the signal reached too late (the command had finished).
"""

from __future__ import annotations

import argparse
import collections
import shutil
import signal
import subprocess
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--command", default=shutil.which("vardgaranti") or "vardgaranti")
    parser.add_argument("--until", type=int, default=60, help="last delay in ms (default 60)")
    parser.add_argument("--step", type=int, default=2, help="delay step in ms (default 2)")
    parser.add_argument("--rounds", type=int, default=3, help="runs per delay (default 3)")
    parser.add_argument("--show", action="store_true", help="print the tracebacks of ours")
    args = parser.parse_args()
    endings: collections.Counter[str] = collections.Counter()
    for _round in range(args.rounds):
        for delay in range(0, args.until, args.step):
            child = subprocess.Popen(
                [args.command, "check", "--example", "--output", "/dev/null"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            time.sleep(delay / 1000)
            child.send_signal(signal.SIGINT)
            _out, err = child.communicate()
            text = err.decode(errors="replace")
            if "Traceback" in text:
                ours = "vardgaranti" in text
                endings["traceback-ours" if ours else "traceback-python"] += 1
                if ours and args.show:
                    print(f"--- {delay} ms\n{text}")
            else:
                endings[str(child.returncode)] += 1
    total = sum(endings.values())
    for ending, count in endings.most_common():
        print(f"{ending:>18}: {count:4d} of {total}")


if __name__ == "__main__":
    main()
