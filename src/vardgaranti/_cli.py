"""The ``vardgaranti`` command line: a thin shell over the library.

Every command parses its arguments, calls the public API and prints. Errors the library raises
on purpose (:class:`~vardgaranti.errors.VardgarantiError`) become one line on stderr and a
non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import csv
import errno
import importlib
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, Final, TextIO, cast

from ._cli_common import (
    EXIT_USAGE,
    Commands,
    Handler,
    HelpFormatter,
    Parser,
    add_input_options,
    add_jobs_option,
    add_rule_options,
    input_source,
    iso_date,
    jobs_of,
    no_gc,
    policy_of,
    reading_of,
    rules_of,
    today,
    warn,
    year_type,
)
from ._version import __version__
from .errors import InvalidValueError, SignalExit, VardgarantiError, WaitingListError

if TYPE_CHECKING:
    from ._case import Exclusion
    from ._messages import Lang
    from ._rules import Level
    from ._waiting_list import CheckSummary

__all__ = ["build_parser", "main"]

#: Files larger than this get a progress bar when stderr is a terminal.
_PROGRESS_BYTES = 5_000_000
#: The modules of the commands beyond check, deadline, rules and calendar; each has an
#: ``add_commands(commands)`` (and imports the library only when a command runs).
_COMMAND_MODULES: tuple[str, ...] = ("_cli_stats", "_cli_week", "_cli_report")
_Commands = Commands


def _add_calendar(commands: _Commands) -> None:
    parser = commands.add_parser(
        "calendar",
        help="list the Swedish public holidays and eves of a year",
        description=(
            "List the allmänna helgdagar (Lag 1989:253 1–2 §§) and the three eves that "
            "Lag (1930:173) 2 § treats like them (midsommarafton, julafton, nyårsafton) for "
            "YEAR (1990–2100). Ordinary Sundays are not listed."
        ),
        epilog="examples:\n  vardgaranti calendar 2025 --json",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("year", type=year_type, metavar="YEAR", help="the year, e.g. 2025")
    parser.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    parser.add_argument(
        "--lang",
        choices=("sv", "en"),
        default="en",
        help="language of the table's header and weekdays (default en; the holidays' names are "
        "Swedish names)",
    )
    parser.set_defaults(handler=_run_calendar)


def _run_calendar(args: argparse.Namespace, out: TextIO) -> int:
    from ._calendar import SwedishCalendar

    entries = SwedishCalendar().holidays(args.year)
    if args.json:
        rows = [{"date": h.date.isoformat(), "name": h.name, "kind": h.kind.value} for h in entries]
        import json

        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    from ._messages import message, weekday

    lang: Lang = args.lang
    columns = [message(f"cli.calendar-{name}", lang) for name in ("date", "day", "kind", "name")]
    out.write(f"{columns[0]:<10}  {columns[1]:<3}  {columns[2]:<7}  {columns[3]}\n")
    for h in entries:
        day = weekday(h.date.weekday(), lang)[:3]
        kind = message(f"cli.calendar-kind.{h.kind.value}", lang)
        out.write(f"{h.date.isoformat()}  {day:<3}  {kind:<7}  {h.name}\n")
    return 0


def _level(text: str) -> Level:
    from ._rules import Level

    try:
        return Level.parse(text)
    except VardgarantiError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _exclusion(text: str) -> Exclusion:
    from ._case import Exclusion

    try:
        return Exclusion.parse(text)
    except VardgarantiError as error:  # (said of --exclude by argparse: not of "exclusions")
        said = str(error)
        if error.field and said.startswith(f"{error.field}: "):
            said = said[len(error.field) + 2 :]
        raise argparse.ArgumentTypeError(said) from None


def _add_rules(commands: _Commands) -> None:
    parser = commands.add_parser(
        "rules",
        help="list the rules in force, with citations",
        description="List the rules of a rule set in force on a date, each with its limit, "
        "start event, kind and citation.",
        epilog="examples:\n"
        "  vardgaranti rules --at 2018-06-01\n"
        "  vardgaranti rules --lang sv\n"
        "  vardgaranti rules --rules bup --json",
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "--at",
        "--as-of",
        dest="at",
        type=iso_date,
        metavar="DATE",
        help="the date (YYYY-MM-DD; default today in Sweden, Europe/Stockholm)",
    )
    add_rule_options(parser, policy=False)
    parser.add_argument(
        "--all", action="store_true", help="list every version, not only those in force"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument(
        "--lang",
        choices=("sv", "en"),
        default="en",
        help="language of the text (default en; JSON keeps the data's words)",
    )
    parser.set_defaults(handler=_run_rules)


def _run_rules(args: argparse.Namespace, out: TextIO) -> int:
    from ._explain import cited, rule_words
    from ._messages import citation_text, days, message

    if args.all and args.at is not None:
        raise InvalidValueError(
            "--all lists every version, --at those in force on a day: give one of them"
        )
    rules = rules_of(args)
    at = args.at or today()
    chosen = rules.rules if args.all else rules.rules_in_force(at)
    if args.json:
        import json

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
    lang = args.lang
    heading = (
        message("cli.rules.every", lang)
        if args.all
        else message("cli.rules.in-force", lang, at=at.isoformat())
    )
    described = rules.description_in(lang).removeprefix(
        f"{rules.name}: "
    )  # (an overlay's names it)
    out.write(f"{rules.name}: {described}\n{heading}:\n")
    if not chosen:
        out.write(message("cli.rules.none", lang) + "\n")
    for rule in chosen:
        since, last = rule.in_force_dates
        period = f"{since.isoformat()}–{last.isoformat() if last else ''}"
        if rule.version is not None:  # the rule set uses the rule for part of its period
            until = rule.effective_to.isoformat() if rule.effective_to else ""
            period += message(
                "cli.rules.used", lang, start=rule.effective_from.isoformat(), until=until
            )
        level = rule.level.value if lang == "en" else message(f"report.level.{rule.level}", lang)
        limit = f"{rule.days:>3} {'days' if lang == 'en' else 'dagar'}"
        kind = rule.kind.value if lang == "en" else message(f"kind.{rule.kind.value}", lang)
        out.write(f"\n  {level:<20} {limit}   {kind}, {period}\n    {rule_words(rule, lang)}\n")
        if lang == "en":  # (the Swedish words hold the start: the statute's own)
            out.write(f"    from: {rule.start_text}\n")
        out.write(f"    {cited(rule.citation.text, lang)}\n")
        if rule.exclusion_reasons:
            reasons = ", ".join(sorted(reason.value for reason in rule.exclusion_reasons))
            said = citation_text(rule.exclusion_citation, lang)
            out.write(
                f"    {message('cli.rules.exclusions', lang, reasons=reasons, citation=said)}\n"
            )
        if rule.listing_citation:
            listed = message("cli.rules.listed", lang, citation=rule.listing_citation)
            out.write(f"    {listed}\n")
        if rule.base is not None and rule.care_elsewhere_applies:  # a target's, a region's
            law = rule.statutory
            beneath = message(
                "cli.rules.law-beneath",
                lang,
                days=days(law.days, lang),
                citation=law.citation,
                care=citation_text(law.care_elsewhere_citation, lang),
            )
            out.write(f"    {beneath}\n")
        elif rule.care_elsewhere_citation is not None:
            said = citation_text(rule.care_elsewhere_citation, lang)
            out.write(f"    {message('cli.rules.care-elsewhere', lang, care=said)}\n")
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
        formatter_class=HelpFormatter,
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
        "--start", type=iso_date, required=True, metavar="DATE", help="the day the clock starts"
    )
    parser.add_argument("--completed", type=iso_date, metavar="DATE", help="the day care was given")
    parser.add_argument("--booked", type=iso_date, metavar="DATE", help="the booked day, if any")
    parser.add_argument(
        "--exclude",
        type=_exclusion,
        action="append",
        default=[],
        metavar="REASON:FROM..TO",
        help="a period not counted (HSF 6 kap. 2 §); REASON is mov (medically caused wait), "
        "pvv (the patient voluntarily declined care offered in time, frivilligt avstår) or "
        "region (care the patient chose in another region); repeatable",
    )
    parser.add_argument(
        "--restart",
        type=iso_date,
        action="append",
        default=[],
        metavar="DATE",
        help="a new full period starts (the patient withdrew a choice to wait); repeatable: the "
        "latest on or before the as-of day starts the period",
    )
    listing = parser.add_mutually_exclusive_group()
    listing.add_argument(
        "--listed",
        action="store_true",
        help="the patient is listed with the vårdval provider: a --letter of the assessment "
        "level then states the guarantee without the listing rule's condition",
    )
    listing.add_argument(
        "--not-listed",
        action="store_true",
        help="the patient is not listed with the vårdval provider (HSL 9 kap. 1 § 2 st.): "
        "the contact and the medical assessment are then not covered, from 2022-07-01; the "
        "visit and the treatment do not depend on it",
    )
    parser.add_argument(
        "--as-of",
        type=iso_date,
        metavar="DATE",
        help="the status date (default today in Sweden, Europe/Stockholm)",
    )
    add_rule_options(parser)
    parser.add_argument(
        "--lang",
        choices=("sv", "en"),
        help="language of the explanation (default en) or of the letter (default sv)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--letter",
        action="store_true",
        help="print a letter to the patient instead (plain words; Swedish unless --lang en)",
    )
    parser.add_argument(
        "--contact", metavar="TEXT", help="with --letter: whom the patient should contact"
    )
    parser.set_defaults(handler=_run_deadline)


def _run_deadline(args: argparse.Namespace, out: TextIO) -> int:
    from datetime import timedelta

    from ._case import Case
    from ._evaluate import evaluate
    from ._messages import citation_text, message

    if args.letter and args.json:
        raise InvalidValueError(
            "--letter and --json: choose one (a letter is text for the patient)"
        )
    if args.contact is not None and not args.letter:
        raise InvalidValueError("--contact goes with --letter (whom the patient should contact)")
    case = Case(
        level=args.level,
        start=args.start,
        completed=args.completed,
        booked=args.booked,
        exclusions=args.exclude,
        restart=args.restart,
        listed=False if args.not_listed else True if args.listed else None,
    )
    as_of = args.as_of or today()
    if args.as_of is None and case.start > as_of:  # (the user gave no as-of day to blame)
        raise InvalidValueError(
            f"--as-of is not given, so the status is for today, {as_of.isoformat()}, before the "
            f"start {case.start.isoformat()}: give --as-of a day on or after the start",
            field="--as-of",
        )
    result = evaluate(case, as_of=as_of, rules=rules_of(args), policy=policy_of(args))
    if args.letter:  # a letter to a patient: Swedish unless asked otherwise, as Result.letter
        out.write(result.letter(args.lang or "sv", contact=args.contact))
        return 0
    if args.json:
        import json

        json.dump(result.as_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    lang: Lang = args.lang or "en"
    deadline = result.deadline.isoformat() if result.deadline else "-"
    status = result.status.value
    if lang == "sv":  # the Swedish words, then the machine word scripts read
        status = f"{message(f'cli.status.{status}', lang)} ({status})"
    out.write(
        f"{message('cli.deadline', lang)}: {deadline}\n{message('cli.status', lang)}: {status}\n"
    )
    if result.care_elsewhere:
        care = result.plan.care_deadline if result.plan is not None else None
        # the duty begins the day after the deadline it follows (under a regional rule, the
        # national one): before that day, a booking after it is to be moved or referred
        if care is None or result.as_of > care:
            out.write(message("cli.care-elsewhere", lang) + "\n")
        else:
            from ._explain import care_elsewhere_era

            due = (care + timedelta(days=1)).isoformat()
            last = result.deadline
            # (who must arrange it: the region, a landsting before 2020, the 2005 agreement)
            era = "" if result.rule is None else care_elsewhere_era(result.rule, care)
            if last is not None and last != care:  # (a region's or the BUP target's last day:
                # the duty follows the law's, named apart)
                said = message(
                    f"cli.care-elsewhere-booked-late.law{era}",
                    lang,
                    last=last.isoformat(),
                    deadline=care.isoformat(),
                    due=due,
                )
            else:
                said = message(
                    f"cli.care-elsewhere-booked-late{era}", lang, deadline=care.isoformat(), due=due
                )
            out.write(said + "\n")
    out.write(f"\n{message('cli.explanation', lang)}:\n{result.explain(lang)}\n")
    if result.alternatives:
        out.write(f"\n{message('cli.other-readings', lang)}:\n")
        for alternative in result.alternatives:
            out.write(
                f"- {alternative.deadline.isoformat()}: {alternative.text(lang)} "
                f"[{citation_text(alternative.source, lang)}]\n"
            )
    return 0


def _add_check(commands: _Commands) -> None:
    parser = commands.add_parser(
        "check",
        help="evaluate a whole waiting list (CSV, the national XML delivery, or Excel)",
        description="Evaluate every row of a waiting list and write it back with deadline, "
        "status, days_waited, days_left, excluded_days, care_elsewhere and error (and, for "
        "the national format, deviation and reason; for a file that names who referred care "
        "elsewhere, costs_covered). The file may be CSV (';', ',' or tab; "
        "UTF-8, Windows-1252 or UTF-16), the national XML delivery or an Excel workbook; its "
        "columns are read by a profile (the native columns id, level, start, completed, "
        "booked, exclusions, restart, listed, unit, and for care elsewhere referred, provider "
        "and distance; the national variables; or your own profile file). Other columns pass "
        "through. Every row is kept, in order; a bad row "
        "gets an error naming its column. Exit status: 0 every row evaluated, 1 some rows "
        "have errors (the output is still complete), 2 the file cannot be used.",
        epilog="examples:\n"
        "  vardgaranti check --example\n"
        "  vardgaranti check export.csv --as-of 2025-06-02 --output checked.csv --summary text\n"
        "  vardgaranti check leverans.xml --output checked.xlsx --summary text\n"
        "  vardgaranti check export.csv --rules region.toml --summary json > checked.csv",
        formatter_class=HelpFormatter,
    )
    add_input_options(parser)
    parser.add_argument(
        "--output",
        "-o",
        metavar="OUT",
        help="write here (default: standard output); a name ending in .xlsx writes an Excel "
        "workbook (the excel extra)",
    )
    parser.add_argument(
        "--output-encoding",
        choices=("utf-8", "utf-8-sig", "cp1252", "utf-16"),
        help="the encoding of the CSV written (default: UTF-8, with a byte-order mark when the "
        "input had one or was not UTF-8 CSV: Windows-1252, UTF-16, XML, Excel; as Excel needs)",
    )
    add_rule_options(parser)
    parser.add_argument(
        "--summary",
        choices=("text", "json"),
        help="also print counts per unit and level (to stderr when the CSV goes to stdout)",
    )
    parser.add_argument(
        "--engine",
        choices=("auto", "stream", "columnar"),
        default="auto",
        help="stream: row by row, memory flat; columnar: in blocks with polars (the polars "
        "extra), faster, the same output byte for byte; auto (default): columnar when polars "
        "is installed and the file is a CSV of 8 MiB or more (lines not ended by a carriage "
        "return alone), else stream",
    )
    add_jobs_option(parser, "the stream engine")
    parser.add_argument(
        "--lang",
        choices=("sv", "en"),
        default="en",
        help="language of the text summary, the notes and the errors (default en); the CSV, "
        "its column names, statuses and error column, and the JSON summary are the same in "
        "either",
    )
    parser.set_defaults(handler=_run_check)


def _progress_bar(stream: TextIO) -> Callable[[int, int], None]:
    finished = False

    def show(done: int, total: int) -> None:
        nonlocal finished
        if total and not finished:  # (an engine may report the end more than once)
            share = min(done / total, 1.0)
            bar = "#" * int(share * 30)
            stream.write(f"\r[{bar:<30}] {share:6.1%}")
            if done >= total:
                stream.write("\n")
                finished = True
            stream.flush()

    return show


def _run_check(args: argparse.Namespace, out: TextIO) -> int:
    from ._messages import message, note_text
    from ._output import names_stdout, open_output
    from ._waiting_list import check_to_workbook, check_waiting_list

    # The JSON summary on standard error (the CSV on standard output) is all that goes there,
    # so that it parses: the notes about the input go into it ("notes"), not before it.
    json_apart = args.summary == "json" and (args.output is None or names_stdout(args.output))
    said: list[str] = []

    lang: Lang = args.lang

    def say(text: str) -> None:
        said.append(text)
        if not json_apart:
            warn(note_text(text, lang))

    source, as_of = input_source(args, say_today=True, say=say)
    progress = None
    # A progress bar on a terminal, for a large file, unless the CSV itself goes to that screen.
    to_screen = args.output is None and out.isatty()
    large = os.path.isfile(source) and os.path.getsize(source) > _PROGRESS_BYTES
    if sys.stderr.isatty() and large and not to_screen:
        progress = _progress_bar(sys.stderr)
    workbook = args.output is not None and args.output.lower().endswith(".xlsx")
    options = {
        "as_of": as_of,
        "progress": progress,
        "summarize": bool(args.summary),
        "notes": say,
        **reading_of(args),
    }
    encoding = args.output_encoding or "utf-8"
    bom = None if args.output_encoding is None else args.output_encoding in ("utf-8-sig", "utf-16")
    if bom is None and to_screen:  # (a byte-order mark is for a file: a screen shows none)
        bom = False
    if encoding in ("utf-8-sig", "utf-16"):
        encoding = "utf-8" if encoding == "utf-8-sig" else "utf-16-le"

    def run_csv(output: IO[str]) -> CheckSummary:
        if args.engine != "stream":
            from ._columnar import check_columnar

            done = check_columnar(
                source, output, bom=bom, required=args.engine == "columnar", **options
            )
            if done is not None:
                return done
        summary = check_waiting_list(source, output, bom=bom, workers=jobs_of(args.jobs), **options)
        if args.engine == "columnar":  # asked for, and not used: say so
            from ._columnar import why_streamed

            why = why_streamed(source)
            say(f"{source}: read by the streaming engine (the columnar engine does not read {why})")
        return summary

    # The CLI owns its process: pause the cyclic garbage collector for the loop, which makes
    # no reference cycles (about 15 % faster on a large file).
    try:
        with no_gc():
            if args.output is None:
                if args.output_encoding is not None:
                    out.flush()
                    stream: IO[str] = open(  # noqa: SIM115 - stdout stays open
                        sys.stdout.fileno(), "w", encoding=encoding, newline="", closefd=False
                    )
                    with stream:
                        summary = run_csv(stream)
                else:
                    summary = run_csv(out)
                summary_stream: TextIO = sys.stderr
            elif workbook:
                if args.output_encoding is not None:
                    say(
                        f"{args.output}: --output-encoding {args.output_encoding} was not used: "
                        "a workbook's text needs none (--output-encoding is for CSV)"
                    )
                with open_output(args.output, binary=True) as target:
                    summary = check_to_workbook(source, target, **options)  # type: ignore[arg-type]
                summary_stream = sys.stderr if names_stdout(args.output) else out
                if args.engine == "columnar":
                    say(
                        f"{args.output}: written by the streaming engine (the columnar engine "
                        "writes CSV)"
                    )
            else:
                with open_output(args.output, encoding=encoding) as handle:
                    summary = run_csv(handle)
                # (-o /dev/stdout: the summary apart from the CSV, as without -o)
                summary_stream = sys.stderr if names_stdout(args.output) else out
    except UnicodeEncodeError as error:
        # --output-encoding cp1252 and a character the code page lacks: never replaced
        # silently (it may be a name); the old output, if any, is kept.
        if args.output_encoding is None:  # (a terminal's own encoding: said by `main`)
            raise
        character = error.object[error.start : error.start + 1]
        raise WaitingListError(
            f"{args.output or '<stdout>'}: {character!r} (U+{ord(character):04X}) cannot be "
            f"written in {args.output_encoding}; use --output-encoding utf-8-sig (Excel reads "
            "it) or utf-8"
        ) from None
    if args.summary == "json":
        import json

        data = json.dumps({**summary.as_dict(), "notes": said}, ensure_ascii=False, indent=2)
        buffer = getattr(summary_stream, "buffer", None)
        if summary_stream is sys.stderr and buffer is not None:
            # Data, as the CSV and JSON on standard output are: UTF-8 whatever the locale's
            # encoding (`2> summary.json` parses), not the locale's escaped or Latin-1 text.
            summary_stream.flush()
            buffer.write(data.encode("utf-8") + b"\n")
            buffer.flush()
        else:
            summary_stream.write(data + "\n")
    elif args.summary == "text":
        summary_stream.write(summary.as_text(lang) + "\n")
    if summary.errors:
        if json_apart:  # (the JSON says how many)
            return 1
        print(
            "vardgaranti: "
            + message("cli.check-errors", lang, errors=summary.errors, rows=summary.rows),
            file=sys.stderr,
        )
        return 1
    return 0


class _Unbuilt:
    """The parser of a command that is not being run: what is added to it goes nowhere.

    Whatever is called, looked up or set on it (options, groups, defaults) is itself.
    """

    def __call__(self, *args: object, **kwargs: object) -> _Unbuilt:
        return self

    def __getattr__(self, name: str) -> _Unbuilt:
        return self

    def __getitem__(self, key: object) -> _Unbuilt:
        return self

    def __setattr__(self, name: str, value: object) -> None:
        pass


class _OneCommand:
    """The subcommands, of which only *wanted* is built whole (the others listed by name).

    Building every command's options costs about 10 ms of a command's start (argparse), as
    much as the whole of a ``deadline``'s own work; a run needs only its own command's.
    """

    def __init__(self, commands: Commands, wanted: str) -> None:
        self.commands = commands
        self.wanted = wanted

    def add_parser(self, name: str, **kwargs: Any) -> Parser | _Unbuilt:
        if name == self.wanted:
            return self.commands.add_parser(name, **kwargs)
        self.commands.add_parser(name, help=kwargs.get("help"))  # a choice, with its help
        return _Unbuilt()


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of the ``vardgaranti`` command, with every subcommand.

    Args:
        only: build only this command's options (the others are choices without options):
            what a run of that command needs. ``None`` (default): every command.
    """
    parser = Parser(
        prog="vardgaranti",
        description=(
            "Swedish vårdgaranti deadlines (HSL 2017:30 9 kap., HSF 2017:80 6 kap.): compute "
            "them, explain them with the law behind each step, and check whole waiting lists."
        ),
        epilog="Run 'vardgaranti COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    every = parser.add_subparsers(
        title="commands", metavar="COMMAND", required=True, dest="command"
    )
    commands = every if only is None else cast(Commands, _OneCommand(every, only))
    _add_check(commands)
    _add_deadline(commands)
    _add_rules(commands)
    _add_calendar(commands)
    for name in _COMMAND_MODULES:
        importlib.import_module(f".{name}", __package__).add_commands(commands)
    return parser


def _option_meant(
    unknown: list[str],
    parser: argparse.ArgumentParser,
    command: str | bool | None,
    given: list[str] | tuple[str, ...] = (),
    *,
    swedish: bool = False,
) -> str:
    """``; did you mean --as-of?`` for an unknown option near one of *command*'s, else nothing.

    (The top level's options when *command* is not a string: the option came before it.) A
    file whose name begins with ``-`` is named as ``./-name``; an option of the command's given
    after ``--`` (which makes every word after it a file) is said to go before it.
    """
    import difflib

    options: list[str] = list(parser._option_string_actions)  # (argparse's own table)
    if isinstance(command, str):
        for action in parser._subparsers._group_actions if parser._subparsers else ():
            chosen = getattr(action, "choices", None) or {}
            if command in chosen:
                options = list(chosen[command]._option_string_actions)
    longs = [option for option in options if option.startswith("--")]
    for word in unknown:
        if word[:1] == "-" and word not in options and os.path.exists(word):
            if swedish:
                return f"; en fil vars namn börjar med '-' ges som ./{word}"
            return f"; give a file whose name begins with '-' as ./{word}"
        name = word.partition("=")[0]
        if name in longs and "--" in given and given.index("--") < given.index(word):
            if swedish:
                return f"; allt efter '--' läses som filer: ge {name} före '--'"
            return f"; every word after '--' is read as a file: give {name} before '--'"
        if not name.startswith("--") or len(name) < 3:
            continue
        # a prefix (no longer taken for the option), else a close spelling
        close = sorted(option for option in longs if option.startswith(name))
        if not close:
            by_word = {option[2:]: option for option in longs}
            close = [by_word[w] for w in difflib.get_close_matches(name[2:], by_word, 1, 0.75)]
        if close:
            said = close[0] if len(close) == 1 else f"{', '.join(close[:-1])} or {close[-1]}"
            return f"; did you mean {said}?"
    return ""


def _joined(given: list[str]) -> list[str]:
    """*given* with a long option's value that begins with a minus and a digit joined to it.

    argparse reads ``--bands -5,30`` as two options, and says ``--bands`` "expected one
    argument"; joined (``--bands=-5,30``), the option's own check explains what is wrong with
    the value. A plain negative number (``-5``) argparse already reads as a value.
    """
    out: list[str] = []
    i = 0
    while i < len(given):
        word = given[i]
        if word == "--":
            return out + given[i:]
        following = given[i + 1] if i + 1 < len(given) else ""
        if (
            word.startswith("--")
            and "=" not in word
            and _MINUS_DIGIT(following)
            and not _NEGATIVE(following)
        ):
            out.append(f"{word}={following}")
            i += 2
        else:
            out.append(word)
            i += 1
    return out


#: A word that begins like a negative number, and one argparse itself reads as a number.
_MINUS_DIGIT: Final = re.compile(r"-\d").match
_NEGATIVE: Final = re.compile(r"^-\d+$|^-\d*\.\d+$").match


#: The library's parameters that the command line gives as options: an error about one
#: (its ``field``) names the option (``census`` is ``--census``; ``write_letters``'s
#: ``folder`` is ``--letters``).
_OPTIONS: Final = {
    "bands": "--bands",
    "by": "--by",
    "census": "--census",
    "contact": "--contact",
    "encoding": "--encoding",
    "folder": "--letters",
    "group_by": "--group-by",
    "keep": "--keep",
    "home_region": "--home-region",
    "methods": "--method",
    "profile": "--profile",
}


#: The fields of the one case ``deadline`` evaluates, by the options that give them.
_CASE_OPTIONS: Final = {
    "level": "--level",
    "start": "--start",
    "completed": "--completed",
    "booked": "--booked",
    "restart": "--restart",
    "exclusions": "--exclude",
    "as_of": "--as-of",
}


def _as_option(error: VardgarantiError, command: str | None = None) -> VardgarantiError:
    """*error*, naming the option where it is about a parameter the command line gives."""
    options = {**_OPTIONS, **_CASE_OPTIONS} if command == "deadline" else _OPTIONS
    option = options.get(error.field) if error.field is not None else None
    if option == "--census" and error.message.startswith("census is needed"):
        option = "--as-of (or --census)"  # (stats' day is --as-of too, as every command's)
    return error if option is None else error.about(option)


def _of_a_command(option: str) -> bool:
    """Whether *option* is an option of one of the commands (not of the top level)."""
    every = build_parser()._subparsers
    assert every is not None
    return any(
        option in parser._option_string_actions
        for action in every._group_actions
        for parser in getattr(action, "choices", {}).values()
    )


def _said(text: str, args: argparse.Namespace | None) -> tuple[str, str]:
    """``error`` and *text*, or ``fel`` and its Swedish under the command's ``--lang sv``.

    Under ``--example``, the example is named by its file's name, not by the folder the
    package is installed in (a path of no use to the reader, and a long one).
    """
    if getattr(args, "example", False):
        from ._waiting_list import example_waiting_list

        example = example_waiting_list()
        text = text.replace(str(example), example.name)
    if getattr(args, "lang", None) != "sv":
        return "error", text
    from ._messages import error_text

    return "fel", error_text(text, "sv")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``) and return the exit code."""
    # A closed stream (`2>&-`, `>&-`) is None in Python: print() would then write to stdout.
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process
    closed = sys.stdout is None
    if closed:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process
    given = _joined(sys.argv[1:] if argv is None else list(argv))
    # The first word that is not an option names the command (the top level's options,
    # --help and --version, take no value).
    command = next((word for word in given if not word.startswith("-")), None)
    first = given[0].partition("=")[0] if given else ""
    if first.startswith("--") and first not in ("--help", "--version") and _of_a_command(first):
        # (`vardgaranti --lang sv deadline ...`: "invalid choice: 'sv'", the value taken for
        # the command)
        print(
            f"vardgaranti: error: {first} is an option of a command: give it after the command "
            f"(vardgaranti COMMAND {first} ...; see 'vardgaranti COMMAND --help')",
            file=sys.stderr,
        )
        return EXIT_USAGE
    args: argparse.Namespace | None = None
    try:
        args, unknown = build_parser(command).parse_known_args(given)
        if unknown:  # said by the command, whose --help lists its options (or by the top)
            where = (
                "vardgaranti"
                if given.index(unknown[0]) < given.index(args.command)
                else f"vardgaranti {args.command}"
            )
            # (in the command's --lang, or its default)
            error, text = _said(f"unrecognized arguments: {' '.join(unknown)}", args)
            see = "se" if error == "fel" else "see"
            meant = _option_meant(
                unknown,
                build_parser(command),
                where != "vardgaranti" and args.command,
                given,
                swedish=error == "fel",
            )
            if meant and error == "fel":
                meant = meant.replace("; did you mean", "; menade du").replace(
                    " or --", " eller --"
                )
            print(f"{where}: {error}: {text}{meant} ({see} '{where} --help')", file=sys.stderr)
            return EXIT_USAGE
        if getattr(args, "output", None) == "-":  # `-o -`: standard output, as FILE `-` is
            args.output = None  # standard input (never a file named "-")
        if closed and getattr(args, "output", None) is None:  # (`>&-`: the product is lost)
            word, text = _said(
                "standard output is closed, so what the command writes would be lost; give "
                "--output FILE (or open standard output)"
                if hasattr(args, "output")
                else "standard output is closed, so what the command writes would be lost",
                args,
            )
            print(f"vardgaranti {args.command}: {word}: {text}", file=sys.stderr)
            return EXIT_USAGE
        if closed and getattr(args, "summary", None) is not None:  # (it goes to stdout with -o)
            word, text = _said(
                "standard output is closed, so the summary would be lost; leave out --summary "
                "(or open standard output)",
                args,
            )
            print(f"vardgaranti {args.command}: {word}: {text}", file=sys.stderr)
            return EXIT_USAGE
        # Exports may hold long free-text cells; csv's default limit (131 072 characters)
        # would stop a whole file on one of them. The command owns its process: it lifts it.
        csv.field_size_limit(2**31 - 1)
        handler: Handler = args.handler
        with _utf8_stdout():
            return handler(args, sys.stdout)
    except VardgarantiError as error:
        # (in Swedish where the catalogue has it)
        word, text = _said(str(_as_option(error, getattr(args, "command", None))), args)
        print(f"vardgaranti: {word}: {text}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as the Python docs advise.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as error:
        word, text = _said(_os_error_text(error, args), args)
        print(f"vardgaranti: {word}: {text}", file=sys.stderr)
        return EXIT_USAGE
    except SignalExit as stop:  # SIGTERM, SIGHUP or SIGINT while an output file was open
        # (before KeyboardInterrupt: Ctrl-C then is one too, and this says the file's fate)
        from ._messages import message

        lang: Lang = "sv" if getattr(args, "lang", None) == "sv" else "en"
        kept = (
            stop.note  # (in the command's language already)
            if stop.note is not None
            else message(
                "cli.interrupted.written" if stop.written else "cli.interrupted.kept", lang
            )
        )
        said = message("cli.interrupted", lang, signal=stop.signal_name)
        print(f"vardgaranti: {said}; {kept}", file=sys.stderr)
        return stop.exit_code
    except KeyboardInterrupt:
        swedish = getattr(args, "lang", None) == "sv"  # (the report's default too)
        print(f"vardgaranti: {'avbrutet' if swedish else 'interrupted'}", file=sys.stderr)
        return 130
    except UnicodeEncodeError as error:
        if not _of_stdout(error):
            return _internal_error(error)
        # A terminal in an encoding without a character of the output (files and pipes get
        # UTF-8): one line, not an internal error.
        character = error.object[error.start : error.start + 1]
        # (calendar, rules and deadline have no --output: their output is redirected)
        instead = (
            "give --output FILE (written in UTF-8)"
            if hasattr(args, "output")
            else "write it to a file (> FILE, in UTF-8)"
        )
        word, text = _said(
            f"standard output cannot show {character!r} (U+{ord(character):04X}) in its "
            f"encoding {getattr(sys.stdout, 'encoding', None) or error.encoding}; {instead}, "
            "or set PYTHONIOENCODING=utf-8",
            args,
        )
        print(f"vardgaranti: {word}: {text}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:  # pragma: no cover - a bug; reported without a traceback
        return _internal_error(error)


def _os_error_text(error: OSError, args: argparse.Namespace | None) -> str:
    """What a failure of the system says: where it failed, as far as it is known.

    An error without a file's name is the output's (`> /dev/full`, a full disk under the
    columnar engine's or the slices' writes, which go straight to the file): the ``--output``
    named, else standard output. Too many open files, or no usable temporary folder (the
    slices of ``--jobs``), is no file's.
    """
    said = error.strerror or str(error)
    if error.filename is not None:
        return f"{said}: {error.filename}"
    if error.errno in (errno.EMFILE, errno.ENFILE):
        return f"{said}: raise the limit (ulimit -n), or give fewer --jobs"
    if said.startswith("No usable temporary directory"):
        return f"{said}: set TMPDIR to a folder with room that you can write to"
    output = getattr(args, "output", None)
    named = isinstance(output, str) and output not in ("-", "/dev/stdout")
    return f"{said}: {output if named else 'standard output'}"


def _internal_error(error: Exception) -> int:
    """Say a bug in one line (with ``VARDGARANTI_DEBUG`` set: raise it, for its traceback)."""
    if os.environ.get("VARDGARANTI_DEBUG"):
        raise error
    print(
        f"vardgaranti: internal error: {type(error).__name__}: {error} "
        "(set VARDGARANTI_DEBUG=1 for a traceback, and please report it)",
        file=sys.stderr,
    )
    return 70


@contextlib.contextmanager
def _utf8_stdout() -> Iterator[None]:
    """Standard output in UTF-8 while a command runs, where it goes to a file or a pipe.

    What the commands write (CSV, JSON, text) is UTF-8 (docs/cli.md), whether to ``--output``
    or to ``> file``: Python would write the locale's encoding instead (Latin-1, or Windows'
    code page), other bytes for the same command, and fail on a character it lacks. A
    terminal keeps its own encoding (it shows what it can; :func:`main` says what it cannot).
    """
    stream = sys.stdout
    encoding = getattr(stream, "encoding", None)
    reconfigure = getattr(stream, "reconfigure", None)
    try:
        keep = (
            reconfigure is None
            or not isinstance(encoding, str)
            or codecs.lookup(encoding).name == "utf-8"
            or stream.isatty()
        )
    except (LookupError, ValueError, OSError):
        keep = True
    if keep or reconfigure is None:
        yield
        return
    errors = stream.errors
    stream.flush()
    reconfigure(encoding="utf-8", errors="strict")
    try:
        yield
    finally:
        with contextlib.suppress(Exception):  # (a closed or broken stream: nothing to restore)
            stream.flush()
        with contextlib.suppress(Exception):
            reconfigure(encoding=encoding, errors=errors)


def _of_stdout(error: UnicodeEncodeError) -> bool:
    """Whether *error* is standard output's: a terminal whose encoding lacks a character.

    Only a terminal keeps an encoding of its own (:func:`_utf8_stdout`); an error in UTF-8 is
    never its (a file name's undecodable byte, written into a file, is another matter). A code
    page's codec (Windows-1252, 850) names itself ``charmap`` in its errors.
    """
    stream = sys.stdout
    encoding = getattr(stream, "encoding", None)
    try:
        if not isinstance(encoding, str) or not stream.isatty():
            return False
        own = codecs.lookup(encoding).name
        if own == "utf-8":
            return False
        return error.encoding == "charmap" or codecs.lookup(error.encoding).name == own
    except (LookupError, ValueError, OSError):
        return False
