"""Generate a realistic synthetic waiting-list export for `vardgaranti check`.

Usage::

    python benchmarks/generate_waiting_list.py ROWS OUT.csv [--seed N] [--as-of YYYY-MM-DD]
        [--delimiter ';'] [--bad-rows FRACTION] [--bom] [--costs]

Shape (defaults): levels mostly visit and treatment, some contact/assessment; about 15 % of
visit/treatment rows carry an exclusion, a third are completed, a quarter booked; pass-through
columns (a clinic code and a free-text note). With ``--bad-rows`` a fraction of rows get a
realistic mistake (an impossible date, a typo in the level, a completion before the start, an
exclusion that ends before it begins, a formula-looking note). With ``--costs`` two columns
name who referred care elsewhere (``referred``, ``provider``: about 4 % of rows referred by the
region after their start, 2 % with a provider the patient chose), so that ``check`` adds
``costs_covered``; the other cells are those of the same seed without it. No real patient data.
"""

from __future__ import annotations

import argparse
import csv
import random
from datetime import date, timedelta
from pathlib import Path

UNITS = (
    "Ortopedi Centrallasarettet",
    "Ögonkliniken",
    "ÖNH-mottagningen",
    "Kirurgi Länssjukhuset",
    "Gynekologi",
    "Hudkliniken",
    "Vårdcentralen Norr",
    "Vårdcentralen Söder",
)
SPECIALIST_LEVELS = ("visit", "visit", "visit", "treatment", "treatment", "besök", "behandling")
PRIMARY_LEVELS = ("assessment", "contact", "bedömning")
PROVIDERS = ("Capio S:t Göran", "Aleris Specialistvård", "Sophiahemmet", "Ortopediska huset")
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
NOTES = (
    "",
    "",
    "",
    "",
    "tolk behövs",
    "önskar tid efter semester",
    "remiss från VC",
    "prio 2",
    "rullstol",
)
BAD = (
    ("start", "2025-02-30"),
    ("level", "besk"),
    ("completed", "before-start"),
    ("exclusions", "mov:2025-05-10..2025-05-01"),
    ("exclusions", "sjuk:2025-04-01..2025-04-10"),
    ("note", '=HYPERLINK("http://example.invalid")'),
    ("start", ""),
    ("booked", "31/12/2025"),
)


def _iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()


def make_row(index: int, rng: random.Random, as_of: date) -> list[str]:
    """One synthetic row, as strings in HEADER order."""
    if rng.random() < 0.85:
        level = rng.choice(SPECIALIST_LEVELS)
        start = as_of - timedelta(days=rng.randint(0, 150))
        unit = rng.choice(UNITS[:6])
    else:
        level = rng.choice(PRIMARY_LEVELS)
        start = as_of - timedelta(days=rng.randint(0, 10))
        unit = rng.choice(UNITS[6:])
    completed = booked = restart = None
    exclusions = ""
    span = (as_of - start).days
    specialist = level not in PRIMARY_LEVELS
    if specialist and rng.random() < 0.15 and span > 2:
        first = start + timedelta(days=rng.randint(1, max(1, min(span, 100))))
        reason = rng.choice(("mov", "pvv", "pvv", "region"))
        last = first + timedelta(days=rng.randint(0, 30))
        exclusions = f"{reason}:{first.isoformat()}..{last.isoformat()}"
        if rng.random() < 0.2:
            second = first + timedelta(days=rng.randint(10, 60))
            second_last = second + timedelta(days=rng.randint(0, 14))
            exclusions += f"; pvv:{second.isoformat()}..{second_last.isoformat()}"
    roll = rng.random()
    if roll < 1 / 3:
        completed = start + timedelta(days=rng.randint(0, max(0, span)))
    elif roll < 1 / 3 + 1 / 4:
        booked = as_of + timedelta(days=rng.randint(0, 120))
    if specialist and rng.random() < 0.02 and span > 5 and completed is None:
        restart = start + timedelta(days=rng.randint(1, span))
        if exclusions:
            exclusions = ""
    listed = ""
    if not specialist:
        listed = rng.choice(("ja", "ja", "ja", "nej", ""))
    return [
        f"P{index:07d}",
        unit,
        level,
        start.isoformat(),
        _iso(completed),
        _iso(booked),
        exclusions,
        _iso(restart),
        listed,
        f"K{rng.randint(100, 999)}",
        rng.choice(NOTES),
    ]


def spoil(row: list[str], rng: random.Random) -> list[str]:
    """Put one realistic mistake in *row*."""
    column, value = rng.choice(BAD)
    position = HEADER.index(column)
    if value == "before-start":
        value = (date.fromisoformat(row[3]) - timedelta(days=5)).isoformat()
    row[position] = value
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2025, 6, 2))
    parser.add_argument("--delimiter", default=";")
    parser.add_argument("--bad-rows", type=float, default=0.0)
    parser.add_argument("--bom", action="store_true", help="start with a UTF-8 BOM, like Excel")
    parser.add_argument("--costs", action="store_true", help="add referred and provider columns")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    costs_rng = random.Random(args.seed + 1)  # the other cells stay those of the seed
    encoding = "utf-8-sig" if args.bom else "utf-8"
    with args.out.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=args.delimiter)
        writer.writerow((*HEADER, "referred", "provider") if args.costs else HEADER)
        for index in range(1, args.rows + 1):
            row = make_row(index, rng, args.as_of)
            if args.bad_rows and rng.random() < args.bad_rows:
                row = spoil(row, rng)
            if args.costs:
                row += referral(row, costs_rng, args.as_of)
            writer.writerow(row)


def referral(row: list[str], rng: random.Random, as_of: date) -> list[str]:
    """The ``referred`` and ``provider`` cells of a row (both empty for most)."""
    roll = rng.random()
    if roll < 0.04:
        try:
            start = date.fromisoformat(row[HEADER.index("start")])
        except ValueError:
            return ["", ""]
        day = start + timedelta(days=rng.randint(0, max(0, (as_of - start).days)))
        return [day.isoformat(), rng.choice(PROVIDERS)]
    if roll < 0.06:
        return ["", rng.choice(PROVIDERS)]
    return ["", ""]


if __name__ == "__main__":
    main()
