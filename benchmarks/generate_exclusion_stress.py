"""Generate a native waiting list whose rows stress the exclusion and restart rules.

Usage::

    python benchmarks/generate_exclusion_stress.py ROWS OUT.csv [--seed N] [--as-of YYYY-MM-DD]

Same columns as ``generate_waiting_list.py``, but every row is a visit or treatment with one
to seven exclusion periods drawn to hit the edge cases of the counting rules: periods that
begin before the start or on day 0, end on day 0, overlap, nest, touch (adjacent days), share
a day, straddle the deadline, begin inside an earlier extension or just after it; mixed
reasons; separators ``;``, ``,`` and blanks in any mix; a quarter of the rows restarted, on,
before or after the as-of day. Some contact/assessment rows without exclusions (listed or
not) are mixed in. Meant for checking that a reimplementation agrees with
``vardgaranti check`` (``compare_deadlines.py``), not for timing. No real data.
"""

from __future__ import annotations

import argparse
import csv
import random
from datetime import date, timedelta
from pathlib import Path

HEADER = (
    "id",
    "unit",
    "level",
    "start",
    "completed",
    "booked",
    "exclusions",
    "restart",
    "listed",
    "clinic_code",
    "note",
)
SEPARATORS = ("; ", ";", ", ", ",", " ", "  ", " ;  ")
REASONS = ("mov", "pvv", "region")


def periods(rng: random.Random, clock: date) -> list[tuple[date, date]]:
    """One to seven periods around *clock* and its 90-day deadline, many of them touching."""
    deadline = clock + timedelta(days=90)
    found: list[tuple[date, date]] = []
    for _ in range(rng.randint(1, 7)):
        shape = rng.random()
        if found and shape < 0.3:  # touch, overlap or nest an earlier period
            first, last = rng.choice(found)
            begin = last + timedelta(days=rng.choice((-3, -1, 0, 1, 2)))
            if rng.random() < 0.3:
                begin = first + timedelta(days=rng.randint(0, max(0, (last - first).days)))
        elif shape < 0.45:  # around day 0
            begin = clock + timedelta(days=rng.randint(-15, 2))
        elif shape < 0.7:  # around the (extended) deadline
            extra = sum((b - a).days + 1 for a, b in found)
            begin = deadline + timedelta(days=rng.randint(-10, 10) + extra)
        else:
            begin = clock + timedelta(days=rng.randint(1, 150))
        found.append((begin, begin + timedelta(days=rng.choice((0, 0, 1, 2, 5, 13, 30)))))
    return found


def make_row(index: int, rng: random.Random, as_of: date) -> list[str]:
    """One row in HEADER order."""
    if rng.random() < 0.1:
        level = rng.choice(("contact", "kontakt", "assessment", "bedömning"))
        start = as_of - timedelta(days=rng.randint(0, 10))
        listed = rng.choice(("ja", "nej", ""))
        cells = ["", "", "", "", listed]
    else:
        level = rng.choice(("visit", "treatment", "besök", "behandling"))
        start = as_of - timedelta(days=rng.randint(0, 200))
        restart = None
        if rng.random() < 0.25:
            restart = start + timedelta(days=rng.randint(0, 220))
        clock = restart if restart is not None and restart <= as_of else start
        items = [
            f"{rng.choice(REASONS)}:{a.isoformat()}..{b.isoformat()}"
            for a, b in periods(rng, clock)
        ]
        rng.shuffle(items)
        text = items[0]
        for item in items[1:]:
            text += rng.choice(SEPARATORS) + item
        cells = ["", "", text, "" if restart is None else restart.isoformat(), ""]
    return [
        f"S{index:07d}",
        "Stresskliniken",
        level,
        start.isoformat(),
        *cells,
        f"K{rng.randint(100, 999)}",
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2025, 6, 2))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with args.out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for index in range(1, args.rows + 1):
            writer.writerow(make_row(index, rng, args.as_of))


if __name__ == "__main__":
    main()
