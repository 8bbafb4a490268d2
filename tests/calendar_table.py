"""The shipped table of Swedish helgdagar and aftnar, made from the ``holidays`` package.

The library reads its calendar from ``src/vardgaranti/data/calendar/sweden.tsv`` (no import of
``holidays`` at run time: it costs 40–80 ms, more than a whole ``vardgaranti deadline``). This
module makes that table from the ``holidays`` package, with every parameter given explicitly,
and the tests compare the shipped file with it and with the independent statute computation in
:mod:`tests.calendar_reference`.

Regenerate after a new release of ``holidays`` (the test fails when they differ)::

    python -m tests.calendar_table > src/vardgaranti/data/calendar/sweden.tsv
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from typing import Final

FIRST_YEAR: Final = 1990
LAST_YEAR: Final = 2100
#: The eves that Lag (1930:173) 2 § treats like a helgdag; no other eve counts.
EVES: Final = frozenset({"Midsommarafton", "Julafton", "Nyårsafton"})

HEADER: Final = (
    "# Swedish allmänna helgdagar (Lag 1989:253 1-2 §§) and the three aftnar of Lag (1930:173)\n"
    "# 2 § (midsommarafton, julafton, nyårsafton), 1990-2100; ordinary Sundays are not listed.\n"
    "# Made by tests/calendar_table.py from the holidays package (country SE, categories\n"
    "# PUBLIC and DE_FACTO, language sv, include_sundays=False, observed=False); checked in the\n"
    "# tests against that package and against an independent computation from the statute.\n"
    "# date\tkind\tname\n"
)


def rows() -> Iterator[tuple[date, str, str]]:
    """(date, kind, name) of every helgdag and afton, 1990-2100, sorted."""
    import holidays

    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        entries = []
        for category, kind in ((holidays.PUBLIC, "holiday"), (holidays.DE_FACTO, "eve")):
            source = holidays.country_holidays(
                "SE",
                years=year,
                categories=(category,),
                language="sv",
                include_sundays=False,
                observed=False,
            )
            for day, names in source.items():
                for name in names.split("; "):
                    if kind == "eve" and name not in EVES:
                        continue
                    entries.append((day, kind, name))
        yield from sorted(entries)


def table() -> str:
    """The text of the table file."""
    return HEADER + "".join(f"{day.isoformat()}\t{kind}\t{name}\n" for day, kind, name in rows())


if __name__ == "__main__":
    sys.stdout.write(table())
