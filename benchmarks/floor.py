"""The floor for `vardgaranti check`: the least a hand-written script does with a waiting list.

Usage::

    python benchmarks/floor.py IN.csv OUT.csv

Reads each row with :mod:`csv`, parses ``start`` with :meth:`date.fromisoformat`, adds the
limit of the level (0 days for contact/kontakt, 3 for assessment/bedömning, 90 for anything
else) and writes the row back with the deadline appended. No exclusions, completions,
bookings, statuses, rule versions or error handling beyond an empty deadline for a start that
is not a date: `bench_check.py` compares `vardgaranti check` against this.
"""

from __future__ import annotations

import csv
import sys
from datetime import date, timedelta

LIMITS = {
    "contact": timedelta(days=0),
    "kontakt": timedelta(days=0),
    "assessment": timedelta(days=3),
    "bedömning": timedelta(days=3),
}
NINETY = timedelta(days=90)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python benchmarks/floor.py IN.csv OUT.csv", file=sys.stderr)
        return 2
    source, target = argv
    with (
        open(source, encoding="utf-8-sig", newline="") as handle,
        open(target, "w", encoding="utf-8", newline="") as out,
    ):
        first = handle.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        header = next(csv.reader([first], delimiter=delimiter))
        i_level = header.index("level")
        i_start = header.index("start")
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow([*header, "deadline"])
        for row in csv.reader(handle, delimiter=delimiter):
            try:
                start = date.fromisoformat(row[i_start])
            except (ValueError, IndexError):
                row.append("")
            else:
                level = row[i_level]
                row.append((start + LIMITS.get(level, NINETY)).isoformat())
            writer.writerow(row)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
