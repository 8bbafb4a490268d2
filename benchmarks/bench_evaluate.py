"""Time ``evaluate()`` of one case against a naive hand-written function doing the same sums.

Usage (from the repository root, with `vardgaranti` installed)::

    python benchmarks/bench_evaluate.py            # 7 rounds of 20 000 calls each
    python benchmarks/bench_evaluate.py --rounds 11 --number 50000

The case: a first visit (besöksgaranti) from 2025-03-03 with one MoV exclusion of 14 days and a
booking after the deadline, as of 2025-06-10 (the README's example). The contender is the least
a hand-written function does for the same answer: add 90 days, extend by the one exclusion,
judge the status from the booking; no rule versions, no checks, no explanation. Both are timed
in the same process, alternated round by round; the script prints the ratio of each round and
the ratio of the best times (target: at most 8).

A second line times ``evaluate()`` plus building the explanation (``result.explain()``), which
is done only on demand.
"""

from __future__ import annotations

import argparse
import statistics
import timeit
from datetime import date, timedelta

from vardgaranti import Case, Exclusion, evaluate

START = date(2025, 3, 3)
AS_OF = date(2025, 6, 10)
BOOKED = date(2025, 7, 1)
SPANS = [(date(2025, 4, 1), date(2025, 4, 14))]
NINETY = timedelta(days=90)
ONE = timedelta(days=1)


def naive(
    start: date,
    spans: list[tuple[date, date]],
    as_of: date,
    completed: date | None,
    booked: date | None,
) -> tuple[date, str]:
    """The same arithmetic written by hand: 90 days, the exclusion, the status."""
    deadline = start + NINETY
    for first, last in sorted(spans):
        if first <= start:
            first = start + ONE
        if last < first:
            continue
        if first <= deadline:
            deadline += (last - first) + ONE
    if completed is not None and completed <= as_of:
        return deadline, "met" if completed <= deadline else "missed"
    if as_of > deadline:
        return deadline, "overdue"
    left = (deadline - as_of).days
    if booked is not None and booked >= as_of:
        return deadline, "at_risk" if booked > deadline else "within"
    return deadline, "at_risk" if left <= 14 else "within"


def naive_inline(
    start: date,
    spans: list[tuple[date, date]],
    as_of: date,
    completed: date | None,
    booked: date | None,
) -> tuple[date, str]:
    """The same, as it is usually written: ``timedelta(days=...)`` made where it is needed."""
    deadline = start + timedelta(days=90)
    for first, last in sorted(spans):
        if first <= start:
            first = start + timedelta(days=1)
        if last < first:
            continue
        if first <= deadline:
            deadline += (last - first) + timedelta(days=1)
    if completed is not None and completed <= as_of:
        return deadline, "met" if completed <= deadline else "missed"
    if as_of > deadline:
        return deadline, "overdue"
    left = (deadline - as_of).days
    if booked is not None and booked >= as_of:
        return deadline, "at_risk" if booked > deadline else "within"
    return deadline, "at_risk" if left <= 14 else "within"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--number", type=int, default=20_000)
    args = parser.parse_args()
    case = Case(
        level="visit",
        start=START,
        exclusions=[Exclusion("mov", date(2025, 4, 1), date(2025, 4, 14))],
        booked=BOOKED,
    )
    result = evaluate(case, as_of=AS_OF)
    assert (result.deadline, result.status.value) == naive(START, SPANS, AS_OF, None, BOOKED)
    assert naive_inline(START, SPANS, AS_OF, None, BOOKED) == naive(
        START, SPANS, AS_OF, None, BOOKED
    )
    ours, theirs, inline, explained = [], [], [], []
    for _ in range(args.rounds):
        theirs.append(
            timeit.timeit(lambda: naive(START, SPANS, AS_OF, None, BOOKED), number=args.number)
        )
        inline.append(
            timeit.timeit(
                lambda: naive_inline(START, SPANS, AS_OF, None, BOOKED), number=args.number
            )
        )
        ours.append(timeit.timeit(lambda: evaluate(case, as_of=AS_OF), number=args.number))
        explained.append(
            timeit.timeit(lambda: evaluate(case, as_of=AS_OF).explain(), number=args.number // 10)
            * 10
        )
    per = [o / t for o, t in zip(ours, theirs, strict=True)]
    us = 1e6 / args.number
    print(f"naive, constants    {min(theirs) * us:7.2f} µs per call (best of {args.rounds})")
    print(f"naive, as written   {min(inline) * us:7.2f} µs per call")
    print(f"evaluate()          {min(ours) * us:7.2f} µs per call")
    print(f"evaluate().explain() {min(explained) * us:6.2f} µs per call")
    print(
        f"ratio evaluate/naive with constants (best times): {min(ours) / min(theirs):.1f} "
        f"(target <= 8); per round: median {statistics.median(per):.1f}, "
        f"range {min(per):.1f}-{max(per):.1f}"
    )
    print(f"ratio evaluate/naive as written (best times): {min(ours) / min(inline):.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
