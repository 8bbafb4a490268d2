"""The ``vardgaranti`` command line: a thin shell over the library.

Every command parses its arguments, calls the public API and prints. Errors the library raises
on purpose (:class:`~vardgaranti.errors.VardgarantiError`) become one line on stderr and a
non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import IO, TYPE_CHECKING, NoReturn, TextIO

from ._calendar import FIRST_YEAR, LAST_YEAR, SwedishCalendar
from ._case import Case, Exclusion
from ._core import Policy
from ._dates import STOCKHOLM, parse_date
from ._evaluate import evaluate
from ._messages import message
from ._output import SignalExit, open_output
from ._rules import Level, RuleSet, rule_set
from ._version import __version__
from ._waiting_list import EXAMPLE_AS_OF, CheckSummary, check_waiting_list, example_waiting_list
from .errors import VardgarantiError, WaitingListError

__all__ = ["main"]

#: Exit code for bad input or a file that cannot be used at all.
EXIT_USAGE = 2
#: Files larger than this get a progress bar when stderr is a terminal.
_PROGRESS_BYTES = 5_000_000

Handler = Callable[[argparse.Namespace, TextIO], int]
if TYPE_CHECKING:
    _Commands = argparse._SubParsersAction["_Parser"]


def _add_calendar(commands: _Commands) -> None:
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


def _iso_date(text: str) -> date:
    """Argparse type for ``YYYY-MM-DD`` dates (errors become one-line usage messages)."""
    try:
        return parse_date(text, "date")
    except VardgarantiError as error:
        raise argparse.ArgumentTypeError(error.message) from None


def _level(text: str) -> Level:
    try:
        return Level.parse(text)
    except VardgarantiError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _exclusion(text: str) -> Exclusion:
    try:
        return Exclusion.parse(text)
    except VardgarantiError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: the number of days must be >= 0")
    return value


def _add_rules_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rules",
        default="national",
        metavar="NAME|FILE",
        help="rule set: national (default), bup, or a regional overlay .toml file",
    )


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    """Add the options shared by ``deadline`` and ``check``: rules, roll-forward, at-risk."""
    _add_rules_option(parser)
    parser.add_argument(
        "--roll-forward",
        action="store_true",
        help="move a deadline on a Saturday, Sunday, helgdag or eve to the next vardag "
        "(Lag 1930:173 2 §); off by default, as practice counts calendar days",
    )
    parser.add_argument(
        "--at-risk-days",
        type=_days,
        default=14,
        metavar="N",
        help="an open case without a booking is at_risk with at most N days left (default 14)",
    )


def _today() -> date:
    """Today in Sweden: the default as-of day (the host's own zone may be a day off)."""
    return datetime.now(STOCKHOLM).date()


def _add_rules(commands: _Commands) -> None:
    parser = commands.add_parser(
        "rules",
        help="list the rules in force, with citations",
        description="List the rules of a rule set in force on a date, each with its limit, "
        "start event, kind and citation.",
        epilog="examples: vardgaranti rules --at 2018-06-01; vardgaranti rules --rules bup --json",
    )
    parser.add_argument(
        "--at", type=_iso_date, metavar="DATE", help="the date (YYYY-MM-DD; default today)"
    )
    _add_rules_option(parser)
    parser.add_argument(
        "--all", action="store_true", help="list every version, not only those in force"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(handler=_run_rules)


def _run_rules(args: argparse.Namespace, out: TextIO) -> int:
    rules: RuleSet = rule_set(args.rules)
    at: date = args.at or _today()
    chosen = rules.rules if args.all else rules.rules_in_force(at)
    if args.json:
        json.dump(
            {
                "rule_set": rules.name,
                "at": None if args.all else at.isoformat(),
                "rules": [rule.as_dict() for rule in chosen],
            },
            out,
            ensure_ascii=False,
            indent=2,
        )
        out.write("\n")
        return 0
    heading = "all versions" if args.all else f"in force on {at.isoformat()}"
    out.write(f"{rules.name}: {rules.description}\nRules {heading}:\n")
    if not chosen:
        out.write("  (none: this rule set has no rule in force on that date)\n")
    for rule in chosen:
        until = rule.effective_to.isoformat() if rule.effective_to else ""
        out.write(
            f"\n  {rule.level.value:<20} {rule.days:>3} days   {rule.kind.value}, "
            f"{rule.effective_from.isoformat()}–{until}\n"
            f"    {rule.description}\n"
            f"    from: {rule.start_text}\n"
            f"    {rule.citation.text}\n"
        )
        if rule.exclusion_reasons:
            reasons = ", ".join(sorted(reason.value for reason in rule.exclusion_reasons))
            out.write(f"    exclusions: {reasons} ({rule.exclusion_citation})\n")
        if rule.listing_citation:
            out.write(f"    only for patients listed with the provider ({rule.listing_citation})\n")
    return 0


def _add_deadline(commands: _Commands) -> None:
    parser = commands.add_parser(
        "deadline",
        help="compute one case's deadline and status, with the law behind each step",
        description="Compute the vårdgaranti deadline of one case, its status as of a date, and "
        "an explanation citing the law at every step.",
        epilog="examples:\n"
        "  vardgaranti deadline --level visit --start 2025-03-01\n"
        "  vardgaranti deadline --level besök --start 2025-03-01 "
        "--exclude mov:2025-04-01..2025-04-14 --booked 2025-06-20 --as-of 2025-05-15 --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--level",
        type=_level,
        required=True,
        metavar="LEVEL",
        help="contact, assessment, visit, treatment (or kontakt, bedömning, besök, behandling); "
        "with --rules bup: first-assessment, deepened-assessment, treatment",
    )
    parser.add_argument(
        "--start", type=_iso_date, required=True, metavar="DATE", help="the day the clock starts"
    )
    parser.add_argument(
        "--completed", type=_iso_date, metavar="DATE", help="the day care was given"
    )
    parser.add_argument("--booked", type=_iso_date, metavar="DATE", help="the booked day, if any")
    parser.add_argument(
        "--exclude",
        type=_exclusion,
        action="append",
        default=[],
        metavar="REASON:FROM..TO",
        help="a period not counted (HSF 6 kap. 2 §); REASON is mov, pvv or region; repeatable",
    )
    parser.add_argument(
        "--restart", type=_iso_date, metavar="DATE", help="a new full period starts"
    )
    parser.add_argument(
        "--not-listed",
        action="store_true",
        help="the patient is not listed with the vårdval provider (HSL 9 kap. 1 § 2 st.)",
    )
    parser.add_argument(
        "--as-of", type=_iso_date, metavar="DATE", help="the status date (default today)"
    )
    add_rule_options(parser)
    parser.add_argument(
        "--lang", choices=("sv", "en"), default="en", help="language of the explanation"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=_run_deadline)


def _run_deadline(args: argparse.Namespace, out: TextIO) -> int:
    case = Case(
        level=args.level,
        start=args.start,
        completed=args.completed,
        booked=args.booked,
        exclusions=args.exclude,
        restart=args.restart,
        listed=False if args.not_listed else None,
    )
    result = evaluate(
        case,
        as_of=args.as_of or _today(),
        rules=rule_set(args.rules),
        policy=Policy(roll_forward=args.roll_forward, at_risk_days=args.at_risk_days),
    )
    if args.json:
        json.dump(result.as_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    lang = args.lang
    deadline = result.deadline.isoformat() if result.deadline else "-"
    out.write(
        f"{message('cli.deadline', lang)}: {deadline}\n"
        f"{message('cli.status', lang)}: {result.status.value}\n"
    )
    if result.care_elsewhere:
        out.write(message("cli.care-elsewhere", lang) + "\n")
    out.write(f"\n{message('cli.explanation', lang)}:\n{result.explain(lang)}\n")
    if result.alternatives:
        out.write(f"\n{message('cli.other-readings', lang)}:\n")
        for alternative in result.alternatives:
            out.write(
                f"- {alternative.deadline.isoformat()}: {alternative.text(lang)} "
                f"[{alternative.source}]\n"
            )
    return 0


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr (exit 2), without the usage."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _add_check(commands: _Commands) -> None:
    parser = commands.add_parser(
        "check",
        help="evaluate a whole waiting-list CSV export",
        description="Evaluate every row of a waiting-list CSV (UTF-8, ';' or ',' detected; "
        "required columns id, level, start; optional completed, booked, exclusions, restart, "
        "listed, unit; other columns pass through) and write it back with deadline, status, "
        "days_waited, days_left, excluded_days, care_elsewhere and error. Every row is kept, "
        "in order; a bad row gets an error naming its column. Exit status: 0 every row "
        "evaluated, 1 some rows have errors (the output is still complete), 2 the file "
        "cannot be used.",
        epilog="examples:\n"
        "  vardgaranti check --example\n"
        "  vardgaranti check export.csv --as-of 2025-06-02 --output checked.csv --summary text\n"
        "  vardgaranti check export.csv --rules region.toml --summary json > checked.csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", metavar="FILE", help="the CSV file ('-' for stdin)")
    parser.add_argument(
        "--example",
        action="store_true",
        help="check the sample waiting list shipped with the package "
        f"(as of {EXAMPLE_AS_OF.isoformat()} unless --as-of is given)",
    )
    parser.add_argument(
        "--as-of", type=_iso_date, metavar="DATE", help="the status date (default today)"
    )
    parser.add_argument(
        "--output", "-o", metavar="OUT", help="write the CSV here (default: standard output)"
    )
    add_rule_options(parser)
    parser.add_argument(
        "--summary",
        choices=("text", "json"),
        help="also print counts per unit and level (to stderr when the CSV goes to stdout)",
    )
    parser.set_defaults(handler=_run_check)


def _progress_bar(stream: TextIO) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        if total:
            share = min(done / total, 1.0)
            bar = "#" * int(share * 30)
            stream.write(f"\r[{bar:<30}] {share:6.1%}")
            if done >= total:
                stream.write("\n")
            stream.flush()

    return show


def _run_check(args: argparse.Namespace, out: TextIO) -> int:
    if args.example == (args.file is not None):
        raise WaitingListError("give either FILE or --example (see 'vardgaranti check --help')")
    source = str(example_waiting_list()) if args.example else args.file
    as_of: date = args.as_of or (EXAMPLE_AS_OF if args.example else _today())
    rules = rule_set(args.rules)
    policy = Policy(roll_forward=args.roll_forward, at_risk_days=args.at_risk_days)
    progress = None
    # A progress bar on a terminal, for a large file, unless the CSV itself goes to that screen.
    to_screen = args.output is None and out.isatty()
    large = os.path.isfile(source) and os.path.getsize(source) > _PROGRESS_BYTES
    if sys.stderr.isatty() and large and not to_screen:
        progress = _progress_bar(sys.stderr)

    def run(output: IO[str]) -> CheckSummary:
        # The CLI owns its process: pause the cyclic garbage collector for the loop, which
        # makes no reference cycles (about 15 % faster on a large file).
        collecting = gc.isenabled()
        gc.disable()
        try:
            return check_waiting_list(
                source,
                output,
                as_of=as_of,
                rules=rules,
                policy=policy,
                progress=progress,
                summarize=bool(args.summary),
            )
        finally:
            if collecting:
                gc.enable()

    if args.output is None:
        summary = run(out)
        summary_stream: TextIO = sys.stderr
    else:
        with open_output(args.output) as handle:
            summary = run(handle)
        summary_stream = out
    if args.summary == "json":
        json.dump(summary.as_dict(), summary_stream, ensure_ascii=False, indent=2)
        summary_stream.write("\n")
    elif args.summary == "text":
        summary_stream.write(summary.as_text() + "\n")
    if summary.errors:
        print(
            f"vardgaranti: {summary.errors} of {summary.rows} rows have errors (see the 'error' "
            "column)",
            file=sys.stderr,
        )
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``vardgaranti`` command, with every subcommand."""
    parser = _Parser(
        prog="vardgaranti",
        description=(
            "Swedish vårdgaranti deadlines (HSL 2017:30 9 kap., HSF 2017:80 6 kap.): compute "
            "them, explain them with the law behind each step, and check whole waiting lists."
        ),
        epilog="Run 'vardgaranti COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    _add_check(commands)
    _add_deadline(commands)
    _add_rules(commands)
    _add_calendar(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``) and return the exit code."""
    # A closed stream (`2>&-`, `>&-`) is None in Python: print() would then write to stdout.
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process
    parser = build_parser()
    args = parser.parse_args(argv)
    # Exports may hold long free-text cells; csv's default limit (131 072 characters) would
    # stop a whole file on one of them. The command owns its process, so it lifts the limit.
    csv.field_size_limit(2**31 - 1)
    handler: Handler = args.handler
    try:
        return handler(args, sys.stdout)
    except VardgarantiError as error:
        print(f"vardgaranti: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as the Python docs advise.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as error:
        print(
            f"vardgaranti: error: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
            file=sys.stderr,
        )
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("vardgaranti: interrupted", file=sys.stderr)
        return 130
    except SignalExit as stop:  # SIGTERM, SIGHUP or SIGINT while an output file was open
        print(f"vardgaranti: {stop}; the output file was left as it was", file=sys.stderr)
        return stop.exit_code
    except Exception as error:  # pragma: no cover - a bug; reported without a traceback
        if os.environ.get("VARDGARANTI_DEBUG"):
            raise
        print(
            f"vardgaranti: internal error: {type(error).__name__}: {error} "
            "(set VARDGARANTI_DEBUG=1 for a traceback, and please report it)",
            file=sys.stderr,
        )
        return 70
