"""The ``vardgaranti`` command line: a thin shell over the library.

Every command parses its arguments, calls the public API and prints. Errors the library raises
on purpose (:class:`~vardgaranti.errors.VardgarantiError`) become one line on stderr and a
non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from ._calendar import FIRST_YEAR, LAST_YEAR, SwedishCalendar
from ._version import __version__
from .errors import VardgarantiError

__all__ = ["main"]

#: Exit code for bad input or a file that cannot be used at all.
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace, TextIO], int]


def _add_calendar(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "calendar",
        help="list the Swedish public holidays and eves of a year",
        description=(
            "List the allmänna helgdagar (Lag 1989:253 1–2 §§) and the three eves that "
            "Lag (1930:173) 2 § treats like them (midsommarafton, julafton, nyårsafton) for "
            f"YEAR ({FIRST_YEAR}–{LAST_YEAR}). Ordinary Sundays are not listed."
        ),
        epilog="example: vardgaranti calendar 2025 --json",
    )
    parser.add_argument("year", type=int, metavar="YEAR", help="the year, e.g. 2025")
    parser.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    parser.set_defaults(handler=_run_calendar)


def _run_calendar(args: argparse.Namespace, out: TextIO) -> int:
    entries = SwedishCalendar().holidays(args.year)
    if args.json:
        rows = [{"date": h.date.isoformat(), "name": h.name, "kind": h.kind.value} for h in entries]
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    weekdays = ("mån", "tis", "ons", "tor", "fre", "lör", "sön")
    out.write(f"{'date':<10}  {'day':<3}  {'kind':<7}  name\n")
    for h in entries:
        out.write(
            f"{h.date.isoformat()}  {weekdays[h.date.weekday()]}  {h.kind.value:<7}  {h.name}\n"
        )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``vardgaranti`` command, with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="vardgaranti",
        description=(
            "Swedish vårdgaranti deadlines (HSL 2017:30 9 kap., HSF 2017:80 6 kap.): compute "
            "them, explain them with the law behind each step, and check whole waiting lists."
        ),
        epilog="Run 'vardgaranti COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    _add_calendar(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``) and return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args, sys.stdout)
    except VardgarantiError as error:
        print(f"vardgaranti: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(
            f"vardgaranti: error: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
            file=sys.stderr,
        )
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("vardgaranti: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # pragma: no cover - a bug; reported without a traceback
        if os.environ.get("VARDGARANTI_DEBUG"):
            raise
        print(
            f"vardgaranti: internal error: {type(error).__name__}: {error} "
            "(set VARDGARANTI_DEBUG=1 for a traceback, and please report it)",
            file=sys.stderr,
        )
        return 70
