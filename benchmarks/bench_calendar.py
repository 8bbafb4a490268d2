"""Benchmark the Swedish calendar against the holidays package and a naive day-by-day loop.

Run from the repository root (with the package installed)::

    python benchmarks/bench_calendar.py [--n 100000] [--repeat 3] [--seed 20250601]

Times, per call, over the same random dates in 1990–2100 (fixed seed, caches warmed first):

* ``is_vardag``           vs ``HolidayBase.is_working_day``
* ``roll_forward``        vs ``HolidayBase.get_nth_working_day(d, 0)``
* ``add_vardagar(d, 10)`` vs ``HolidayBase.get_nth_working_day(d, 10)``
* ``count_vardagar(d, d + 30 days)`` vs ``HolidayBase.get_working_days_count(d + 1, d + 30)``

and a naive implementation written with only the public ``holidays(year)`` list: a vardag test
that scans the year's list, and day-by-day loops over that test. Before timing, the script
checks that all three agree on every date, so the figures compare equal answers.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import platform
import random
import sys
import timeit
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Final

import holidays

import vardgaranti
from vardgaranti import SwedishCalendar

ONE_DAY: Final = timedelta(days=1)
FIRST: Final = date(1990, 1, 1)
LAST: Final = date(2100, 11, 30)  # leave room for +10 vardagar and +30 days inside 2100
STEPS: Final = 10
SPAN: Final = 30


def random_dates(n: int, seed: int) -> list[date]:
    """*n* random dates from FIRST to LAST, reproducible from *seed*."""
    rng = random.Random(seed)
    first, last = FIRST.toordinal(), LAST.toordinal()
    return [date.fromordinal(rng.randint(first, last)) for _ in range(n)]


class Naive:
    """The obvious implementation on top of the public holiday list: no index, no bisect."""

    def __init__(self, calendar: SwedishCalendar) -> None:
        self.calendar = calendar

    def is_vardag(self, day: date) -> bool:
        if day.weekday() >= 5:
            return False
        return all(holiday.date != day for holiday in self.calendar.holidays(day.year))

    def roll_forward(self, day: date) -> date:
        while not self.is_vardag(day):
            day += ONE_DAY
        return day

    def add_vardagar(self, day: date, count: int) -> date:
        step = ONE_DAY if count > 0 else -ONE_DAY
        for _ in range(abs(count)):
            day += step
            while not self.is_vardag(day):
                day += step
        return day

    def count_vardagar(self, start: date, end: date) -> int:
        total = 0
        while start < end:
            start += ONE_DAY
            total += self.is_vardag(start)
        return total


Op = Callable[[date], object]


def operations(
    ours: SwedishCalendar, theirs: holidays.HolidayBase, naive: Naive
) -> list[tuple[str, Op, Op, Op]]:
    """(label, ours, holidays package, naive) for each benchmarked operation."""
    span = timedelta(days=SPAN)
    return [
        ("is_vardag", ours.is_vardag, theirs.is_working_day, naive.is_vardag),
        (
            "roll_forward",
            ours.roll_forward,
            lambda d: theirs.get_nth_working_day(d, 0),
            naive.roll_forward,
        ),
        (
            f"add_vardagar(d, {STEPS})",
            lambda d: ours.add_vardagar(d, STEPS),
            lambda d: theirs.get_nth_working_day(d, STEPS),
            lambda d: naive.add_vardagar(d, STEPS),
        ),
        (
            f"count_vardagar(d, d+{SPAN})",
            lambda d: ours.count_vardagar(d, d + span),
            lambda d: theirs.get_working_days_count(d + ONE_DAY, d + span),
            lambda d: naive.count_vardagar(d, d + span),
        ),
    ]


def per_call(function: Op, dates: Sequence[date], repeat: int) -> float:
    """The best time per call, in microseconds, of *function* over *dates*."""

    def run() -> None:
        for day in dates:
            function(day)

    best = min(timeit.Timer(run).repeat(repeat=repeat, number=1))
    return best / len(dates) * 1e6


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=100_000, help="dates per run (100000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best counts (3)")
    parser.add_argument("--seed", type=int, default=20250601, help="random seed (20250601)")
    args = parser.parse_args(argv)

    ours = SwedishCalendar()
    theirs = holidays.country_holidays(
        "SE",
        categories=(holidays.PUBLIC, holidays.DE_FACTO),
        language="sv",
        include_sundays=False,
    )
    naive = Naive(ours)
    dates = random_dates(args.n, args.seed)

    holidays_version = importlib.metadata.version("holidays")
    print(
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"vardgaranti {vardgaranti.__version__}, holidays {holidays_version}, "
        f"{platform.machine()}"
    )
    print(f"{args.n} random dates {FIRST}..{LAST}, seed {args.seed}, best of {args.repeat}\n")

    # Warm every cache (our per-year tables, the holidays object's lazily added years) and
    # check that the three implementations give the same answers on every date.
    ops = operations(ours, theirs, naive)
    for label, mine, other, simple in ops:
        disagree = sum(1 for d in dates if not mine(d) == other(d) == simple(d))
        if disagree:
            print(f"{label}: {disagree} dates where the implementations disagree", file=sys.stderr)
            return 1
    print(
        "All three agree on every date. Note: the holidays package's working day is "
        "Mon-Fri minus its holidays; with categories=(PUBLIC, DE_FACTO) its DE_FACTO days are "
        "exactly midsommarafton, julafton and nyårsafton, so it matches our vardag. With PUBLIC "
        "alone it would count the three eves as working days, and with include_sundays=True it "
        "lists every Sunday by name.\n"
    )

    header = (
        f"{'operation':<26} {'ours µs':>9} {'holidays µs':>12} {'naive µs':>9} "
        f"{'holidays/ours':>14} {'naive/ours':>11}"
    )
    print(header)
    print("-" * len(header))
    for label, mine, other, simple in ops:
        t_ours = per_call(mine, dates, args.repeat)
        t_theirs = per_call(other, dates, args.repeat)
        t_naive = per_call(simple, dates, args.repeat)
        print(
            f"{label:<26} {t_ours:>9.3f} {t_theirs:>12.3f} {t_naive:>9.3f} "
            f"{t_theirs / t_ours:>13.1f}x {t_naive / t_ours:>10.1f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
