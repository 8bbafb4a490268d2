"""Compare the deadline columns of two checked waiting lists, row by row (matched by id).

Usage::

    python benchmarks/compare_deadlines.py A.csv B.csv [--id id] [--column deadline]
        [--keep-errors] [--skip-status STATUS] [--show N]

Both files are read with :mod:`csv` (UTF-8 with or without a BOM; ``;`` or ``,``, chosen from
each header). Rows are matched by the ``--id`` column: in lockstep while both files are in the
same order (the usual case: every tool here writes the rows in input order, so memory stays
flat), through a dictionary of the unmatched ones otherwise. Ids are assumed to be unique.

A row whose ``error`` column (if the file has one, as ``vardgaranti check``'s output does) is
not empty in either file is skipped and counted, unless ``--keep-errors``: a row that a tool
refused has no deadline to compare. ``--skip-status not_covered`` (repeatable) skips, and
counts, the rows with that status in either file.

Prints how many rows were compared and the share whose deadline differs, split into "different
dates", "only A has one" and "only B has one", each by the ``status`` of the row (from B if B
has a status column, else from A), so that, for example, rows that ``vardgaranti check`` judges
``not_covered`` (and gives no deadline) are told apart from real disagreements. ``--show N``
prints the first N differences.

Exit status: 0 when every compared deadline agrees, 1 when some differ, 2 when a file cannot be
used (missing, no such column).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple


class Row(NamedTuple):
    """What the comparison needs of one row."""

    id: str
    deadline: str
    status: str
    error: str


class Usage(Exception):
    """A file that cannot be compared (exit status 2)."""


def rows(path: Path, id_column: str, column: str) -> Iterator[Row]:
    """The rows of *path* as :class:`Row` (status and error empty when the file has none)."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise Usage(f"{path}: {error.strerror}") from None
    with handle:
        first = handle.readline()
        delimiter = ";" if first.count(";") >= first.count(",") else ","
        header = [name.strip().lower() for name in next(csv.reader([first], delimiter=delimiter))]
        missing = [name for name in (id_column, column) if name.lower() not in header]
        if missing:
            raise Usage(f"{path}: no column {', '.join(map(repr, missing))} in the header")
        i_id, i_value = header.index(id_column.lower()), header.index(column.lower())
        i_status = header.index("status") if "status" in header else -1
        i_error = header.index("error") if "error" in header else -1
        width = len(header)
        for cells in csv.reader(handle, delimiter=delimiter):
            if not cells:
                continue
            if len(cells) < width:
                cells += [""] * (width - len(cells))
            yield Row(
                cells[i_id],
                cells[i_value],
                cells[i_status] if i_status >= 0 else "",
                cells[i_error] if i_error >= 0 else "",
            )


def has_status(path: Path) -> bool:
    """Whether *path*'s header has a ``status`` column."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return "status" in handle.readline().lower()
    except OSError as error:
        raise Usage(f"{path}: {error.strerror}") from None


def pairs(a: Iterator[Row], b: Iterator[Row], counts: Counter[str]) -> Iterator[tuple[Row, Row]]:
    """Matching rows of *a* and *b* by id; ids found in one file only are counted."""
    only_a: dict[str, Row] = {}
    only_b: dict[str, Row] = {}
    done = object()
    while True:
        row_a = next(a, done)
        row_b = next(b, done)
        if row_a is done and row_b is done:
            break
        if isinstance(row_a, Row) and isinstance(row_b, Row) and row_a.id == row_b.id:
            yield row_a, row_b
            continue
        if isinstance(row_a, Row):
            if row_a.id in only_b:
                yield row_a, only_b.pop(row_a.id)
            else:
                only_a[row_a.id] = row_a
        if isinstance(row_b, Row):
            if row_b.id in only_a:
                yield only_a.pop(row_b.id), row_b
            else:
                only_b[row_b.id] = row_b
    counts["only in A"] = len(only_a)
    counts["only in B"] = len(only_b)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path, metavar="A.csv")
    parser.add_argument("b", type=Path, metavar="B.csv")
    parser.add_argument("--id", default="id", help="the column that matches rows (default id)")
    parser.add_argument("--column", default="deadline", help="the column to compare")
    parser.add_argument("--keep-errors", action="store_true", help="compare rows with an error too")
    parser.add_argument(
        "--skip-status",
        action="append",
        default=[],
        metavar="STATUS",
        help="skip rows with this status in either file (repeatable), e.g. not_covered",
    )
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print N differences")
    args = parser.parse_args(argv)

    counts: Counter[str] = Counter()
    kinds: Counter[tuple[str, str]] = Counter()
    shown = 0
    try:
        status_in = {"A": has_status(args.a), "B": has_status(args.b)}
        status_from_b = status_in["B"]
        for row_a, row_b in pairs(
            rows(args.a, args.id, args.column), rows(args.b, args.id, args.column), counts
        ):
            if not args.keep_errors and (row_a.error or row_b.error):
                where = "A and B" if row_a.error and row_b.error else "A" if row_a.error else "B"
                counts[f"skipped: an error in {where}"] += 1
                continue
            skipped = {row_a.status, row_b.status} & set(args.skip_status)
            if skipped:
                counts[f"skipped: status {min(skipped)}"] += 1
                continue
            counts["compared"] += 1
            if row_a.deadline == row_b.deadline:
                continue
            counts["differ"] += 1
            if row_a.deadline and row_b.deadline:
                kind = "different dates"
            elif row_a.deadline:
                kind = "only A has one"
            else:
                kind = "only B has one"
            status = row_b.status if status_from_b else row_a.status
            kinds[kind, status or "-"] += 1
            if shown < args.show:
                shown += 1
                print(
                    f"  {row_a.id}: A {row_a.deadline or '(none)'}, B {row_b.deadline or '(none)'}"
                    f"{f' (status {status})' if status else ''}"
                )
    except Usage as error:
        print(f"compare_deadlines: {error}", file=sys.stderr)
        return 2

    compared = counts["compared"]
    share = counts["differ"] / compared if compared else 0.0
    print(f"A: {args.a}")
    print(f"B: {args.b}")
    print(f"compared: {compared:,} rows (matched by {args.id!r})")
    for name in sorted(name for name in counts if name.startswith(("skipped", "only"))):
        if counts[name]:
            print(f"{name}: {counts[name]:,}")
    print(f"{args.column} differs: {counts['differ']:,} of {compared:,} ({share:.2%})")
    source = "B" if status_in["B"] else "A" if status_in["A"] else ""
    for (kind, status), number in sorted(kinds.items()):
        label = f"{kind}, status in {source} {status}" if source else kind
        print(f"  {label}: {number:,} ({number / compared:.2%})")
    agree = compared - counts["differ"]
    print(f"agree: {agree:,} ({agree / compared if compared else 1.0:.2%})")
    return 1 if counts["differ"] else 0


if __name__ == "__main__":
    sys.exit(main())
