"""``vardgaranti stats``: the official figures of a waiting list, the law's count beside them.

The command reads the file once (any format and profile), counts the waiting at the census
day and the completed in the period per group, by a method (``skr``, ``socialstyrelsen``,
``legal`` or a method file), and prints a text table (Swedish or English), JSON, CSV or an
Excel workbook. It can set methods side by side, reconcile the figures with published ones
(exit 1 beyond the tolerance) and count the same list under a proposed rule set.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Final, TextIO

from ._cli_common import (
    Commands,
    HelpFormatter,
    add_input_options,
    add_jobs_option,
    add_rule_options,
    count_type,
    format_asked,
    input_source,
    iso_date,
    jobs_of,
    methods_type,
    month_type,
    name_type,
    names_type,
    no_gc,
    note_in,
    reading_of,
    said_of,
    say_unused_policy,
    warn,
)

if TYPE_CHECKING:
    from fractions import Fraction

    from ._messages import Lang
    from ._stats import Reconciliation, Stats

__all__ = ["add_commands"]

#: Exit code when published figures differ beyond the tolerance.
EXIT_DIFFERS = 1


def _bands(text: str) -> tuple[int, ...]:
    from ._stats import parse_bands
    from .errors import VardgarantiError

    try:
        return parse_bands(text)
    except VardgarantiError as error:  # (argparse names the option: the message only)
        raise argparse.ArgumentTypeError(error.message) from None


def _tolerance(text: str) -> Fraction:
    from fractions import Fraction

    try:
        value = Fraction(text.strip().replace(",", "."))
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of percentage points (e.g. 0.5)"
        ) from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(
            f"{text!r}: the tolerance must be from 0 to 100 percentage points"
        )
    return value


def add_commands(commands: Commands) -> None:
    """Add ``stats`` to the command line."""
    parser = commands.add_parser(
        "stats",
        help="the official waiting-time figures of a list, and the law's count beside them",
        description=(  # one paragraph, wrapped to the terminal by HelpFormatter
            "Count a waiting list as the national statistics do, per group: the waiting on "
            "the census day (count, within 30/60/90 days, share within the limit, median, "
            "bands, left out per deviation code) and the contacts completed in the period. "
            "Methods: skr (SKR's vantetider.se: calendar days from the decision; PvV left "
            "out, and MoV for the waiting), socialstyrelsen (our reading: PvV and MoV left "
            "out of both), legal (the library's clock: pauses by the file's dates; a "
            "deviation code without dates is not judged), or a method file. Shares are exact "
            "fractions, "
            "printed with one decimal. Exit status: 0 done, 1 published figures differ "
            "beyond --tolerance, 2 the input cannot be used."
        ),
        epilog="examples:\n"
        "  vardgaranti stats leverans.xml\n"
        "  vardgaranti stats leverans.xml --by Sjukhus,Mvo --lang sv\n"
        "  vardgaranti stats export.csv --census 2026-01-31 --compare-methods skr,legal\n"
        "  vardgaranti stats leverans.xml --home-region 18 --split\n"
        "  vardgaranti stats leverans.xml --published vantetider.csv --tolerance 0.5\n"
        "  vardgaranti stats leverans.xml --scenario besok60.toml --output figures.xlsx",
        formatter_class=HelpFormatter,
    )
    add_input_options(parser)
    # --as-of, shared by every file command, is the census day here; it has no default of today.
    parser._option_string_actions["--as-of"].help = (
        "the census day (the same as --census; default: the last day of the file's "
        "DatatGallerFor month; needed for a file without it)"
    )
    parser.add_argument(
        "--census",
        type=iso_date,
        metavar="DATE",
        help="the census day of the waiting (default: the last day of the file's "
        "DatatGallerFor month; required for a file without it)",
    )
    parser.add_argument(
        "--period",
        type=month_type,
        metavar="YYYY-MM",
        help="the month of the completed contacts, YYYY-MM or YYYYMM (default: the census day's)",
    )
    parser.add_argument(
        "--method",
        type=name_type,
        metavar="NAME|FILE",
        help="skr (default), socialstyrelsen, legal, or a method .toml file",
    )
    parser.add_argument(
        "--compare-methods",
        type=methods_type,
        metavar="A,B",
        help="count by several methods and show them side by side, with the cases that "
        "explain the difference (e.g. skr,legal)",
    )
    parser.add_argument(
        "--by",
        "--group-by",  # (as worklist names it)
        dest="by",
        type=names_type,
        default=None,
        metavar="COLUMNS",
        help="group by these columns of the file (case-insensitive), or unit (the profile's "
        "unit column) and level (the evaluated level); default unit,level (level alone for a "
        "file without a unit column); '' for the total only",
    )
    parser.add_argument(
        "--bands",
        type=_bands,
        metavar="N,N,...",
        help="upper bounds of the bands in days (default 30,60,90,120,180; e.g. "
        "30,60,90,120,180,365)",
    )
    parser.add_argument(
        "--min-group",
        type=count_type,
        metavar="N",
        help="hide the figures (not the count) of groups with fewer than N in a measure "
        "(default 20); the totals include them",
    )
    parser.add_argument(
        "--home-region",
        type=names_type,
        metavar="CODE[,CODE]",
        help="count only patients whose home län (the first two digits of Lkf, e.g. 18 for "
        "Örebro län; not the Regionkod) is one of these",
    )
    parser.add_argument(
        "--split",
        action="store_true",
        help="with --home-region: split every group into own, other and unknown (Lkf 0000) "
        "home län instead of leaving the others out",
    )
    parser.add_argument(
        "--scenario",
        type=name_type,
        metavar="NAME|FILE",
        help="also count the waiting under this rule set (a regional or proposed overlay "
        ".toml, or bup), with the change per group",
    )
    parser.add_argument(
        "--published",
        type=name_type,
        metavar="FILE",
        help="reconcile with published figures: a CSV or Excel sheet with the group columns, "
        "measure, count and share (see the docs); exit 1 if any differs beyond --tolerance",
    )
    parser.add_argument(
        "--tolerance",
        type=_tolerance,
        metavar="PP",
        help="with --published: the largest difference of a share accepted, in percentage "
        "points, from 0 to 100 (default 0.5)",
    )
    add_rule_options(parser, at_risk_used=False)
    parser.add_argument(
        "--lang", choices=("sv", "en"), default="en", help="language of the text (default en)"
    )
    form = parser.add_mutually_exclusive_group()
    form.add_argument(
        "--format",
        choices=("text", "json", "csv", "xlsx"),
        help="text, json, csv (';') or xlsx (an Excel workbook to --output; the excel extra); "
        "default: by the --output name, else text",
    )
    form.add_argument("--json", action="store_true", help="print JSON instead of text")
    form.add_argument("--csv", action="store_true", help="print CSV (';') instead of text")
    parser.add_argument(
        "--output",
        "-o",
        metavar="OUT",
        help="write here instead of standard output; .xlsx writes an Excel workbook (the "
        "excel extra), .json JSON and .csv CSV (a --format, --json or --csv that the name "
        "contradicts is refused)",
    )
    add_jobs_option(parser, "stats")
    parser.set_defaults(handler=_run_stats)


@contextlib.contextmanager
def _methods_option(args: argparse.Namespace) -> Iterator[None]:
    """An error about the methods names --compare-methods where they were given so."""
    from .errors import VardgarantiError

    try:
        yield
    except VardgarantiError as error:
        if error.field == "methods" and args.compare_methods is not None:
            raise error.about("--compare-methods") from None
        raise


def _run_stats(args: argparse.Namespace, out: TextIO) -> int:
    from ._messages import message
    from ._rules import rule_set
    from ._stats import (
        CELLS_REASON,
        compute_stats,
        describe_difference,
        month_text,
        read_published,
        reconcile,
        tolerance_text,
    )
    from .errors import WaitingListError

    source, _as_of = input_source(args)
    census = args.census
    if args.as_of is not None:
        if census is not None and census != args.as_of:
            raise WaitingListError("--as-of and --census name different days; give one")
        census = args.as_of
    if census is None and args.example:
        from ._waiting_list import EXAMPLE_AS_OF

        census = EXAMPLE_AS_OF
    if args.compare_methods is not None and args.method is not None:
        raise WaitingListError("give --method or --compare-methods, not both")
    if args.tolerance is not None and not args.published:  # (as worklist of --contact)
        raise WaitingListError("--tolerance goes with --published; give --published too")
    if args.format == "xlsx" and args.output is None:  # (before the file is read)
        raise WaitingListError("an xlsx workbook needs --output FILE.xlsx")
    if args.published == "-" and source == "-":  # (the second reading would find it empty)
        raise WaitingListError(
            "--published: standard input is the waiting list already; give the published "
            "figures as a file"
        )
    methods = args.compare_methods or [args.method or "skr"]
    if args.home_region is not None and not args.home_region:  # (an empty variable's value:
        raise WaitingListError(  # counting every patient would pass without a word)
            "--home-region: give one or more län codes (e.g. 18 for Örebro län), or leave the "
            "option out to count every patient"
        )
    if args.split and not args.home_region:
        raise WaitingListError("--split needs --home-region CODE")
    by = None if args.by is None else tuple(args.by)
    scenario = None
    if args.scenario:
        with said_of("--scenario"):
            scenario = rule_set(args.scenario)
    with no_gc(), _methods_option(args):
        stats = compute_stats(
            source,
            census=census,
            period=args.period,
            methods=methods,
            by=by,
            bands=args.bands,
            min_group=args.min_group,
            home_region=args.home_region or (),
            split_home=args.split,
            scenario=scenario,
            notes=note_in(args.lang),
            workers=jobs_of(args.jobs),
            **reading_of(args),
        )
    # (the law's deadlines, which --roll-forward moves, count only by a method of the law's
    # clock, or in a scenario)
    legal = scenario is not None or any(method.clock == "legal" for method in stats.methods)
    say_unused_policy(args, legal_counted=legal)
    rows = stats.rows
    other = rows.get("other_month", 0)
    if other and other == rows["read"] - rows["empty"] - rows["errors"]:
        # (every row of another month: nothing counted, which is no figure of the census month)
        raise WaitingListError(
            f"{stats.source}: every row names another month (DatatGallerFor) than the census "
            f"day's, {month_text(stats.census)}: nothing was counted; give the census day of the "
            "delivery's month (--census, or leave it out to take it from the file)"
        )
    reconciliation: Reconciliation | None = None
    if args.published:
        with said_of("--published"):
            published = read_published(args.published, stats.by, method=stats.methods[0].name)
        reconciliation = reconcile(
            stats,
            published,
            tolerance=_tolerance("0.5") if args.tolerance is None else args.tolerance,
            source=args.published,
        )
    text_to_screen = _write(stats, reconciliation, args, out)
    if stats.errors and not text_to_screen:
        cells = message("report.reason.cells", args.lang)  # (the others are columns' names)
        reasons = ", ".join(
            f"{cells if error.reason == CELLS_REASON else error.reason} {error.rows}"
            for error in stats.errors
        )
        warn(
            message(
                "cli.stats-errors",
                args.lang,
                errors=stats.error_rows,
                rows=stats.rows["read"],
                reasons=reasons,
            )
        )
    if reconciliation is not None and reconciliation.differing:
        differing = reconciliation.differing
        warn(
            message(
                "cli.stats-differ",
                args.lang,
                differing=len(differing),
                rows=len(reconciliation.items),
                tolerance=tolerance_text(reconciliation.tolerance, args.lang),
                first=describe_difference(stats, differing[0], args.lang),
            )
        )
        return EXIT_DIFFERS
    return 0


def _write(
    stats: Stats, reconciliation: Reconciliation | None, args: argparse.Namespace, out: TextIO
) -> bool:
    """Write the figures as asked; whether they went to standard output as text."""
    from ._output import open_output

    form = format_asked(args)
    name: str | None = args.output
    if form == "text":
        form = None
    if form == "xlsx" or (name is not None and name.lower().endswith(".xlsx")):
        # (--format json or csv with an .xlsx name: refused before, by check_output)
        assert name is not None
        with open_output(name, binary=True) as target:
            _workbook(stats, reconciliation, args.lang, target)
        return False
    if form is None and name is not None:
        lowered = name.lower()
        form = "json" if lowered.endswith(".json") else "csv" if lowered.endswith(".csv") else None
    if name is None:
        _emit(stats, reconciliation, form, args.lang, out)
        return form is None
    with open_output(name, encoding="utf-8") as handle:
        _emit(stats, reconciliation, form, args.lang, handle)
    return False


def _emit(
    stats: Stats,
    reconciliation: Reconciliation | None,
    form: str | None,
    lang: Lang,
    handle: IO[str],
) -> None:
    if form == "json":
        import json

        json.dump(stats.as_dict(reconciliation), handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    elif form == "csv":
        from ._waiting_list import escape_formula

        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        # (the group columns' names are the input's: escaped as its cells are)
        writer.writerow([escape_formula(name) for name in stats.csv_header(reconciliation)])
        values = slice(3, 3 + len(stats.by))  # the group's values come from the file
        for row in stats.csv_rows(reconciliation):
            row[values] = [escape_formula(cell) for cell in row[values]]
            writer.writerow(row)
    else:
        from ._text import write_in_pieces

        write_in_pieces(handle, stats.as_text(lang, reconciliation) + "\n")


def _number(text: str) -> object:
    """A cell of the CSV rows as Excel should hold it: whole numbers and decimals as numbers."""
    if text.isdigit() or (text[:1] == "-" and text[1:].isdigit()):
        return int(text)
    head, point, tail = text.partition(".")
    if point and head.lstrip("-").isdigit() and tail.isdigit():
        return float(text)
    return text


def _workbook(
    stats: Stats, reconciliation: Reconciliation | None, lang: Lang, target: IO[bytes]
) -> None:
    from ._messages import message
    from ._stats import month_text
    from ._text import file_name
    from ._xlsx import Workbook

    title = message("stats.title", lang, census=stats.census)
    header = stats.csv_header(reconciliation)
    swedish = lang == "sv"
    with Workbook(target, title, day=stats.census) as book:  # type: ignore[arg-type]
        figures = book.sheet(
            "Statistik" if swedish else "Statistics",
            _swedish_header(stats, header) if swedish else header,
        )
        for row in stats.csv_rows(reconciliation):
            if swedish:
                row = _swedish_row(stats, header, row)
            cells = len(stats.by) + 3
            figures.append([*row[:cells], *(_number(cell) for cell in row[cells:])])
        about = book.sheet(
            "Metod" if swedish else "Method",
            [message("stats.sheet.key", lang), message("stats.sheet.value", lang)],
        )
        about.append(["source", file_name(stats.source)])
        about.append(["census", stats.census])
        about.append(["period", month_text(stats.period)])
        about.append(["by", ", ".join(stats.by)])
        about.append(["min_group", stats.min_group])
        for key, value in stats.rows.items():
            about.append([f"rows.{key}", value])
        for key, value in stats.not_covered.items():
            about.append([f"not_covered.{key}", value])
        for error in stats.errors:
            about.append([f"errors.{error.reason}", error.rows])
        for method in stats.methods:
            for path, item in _flatten(method.as_dict(), f"method.{method.name}"):
                about.append([path, item])
        if stats.scenario is not None:
            about.append(["scenario", stats.scenario])
        if reconciliation is not None:
            about.append(["published", file_name(reconciliation.source)])
            about.append(["tolerance", float(reconciliation.tolerance)])


#: The columns of ``--csv`` whose Swedish names are the text table's own.
_TABLE_WORDS: Final = {
    "measure": "stats.column.measure",
    "count": "stats.column.count",
    "share": "stats.column.share",
    "median": "stats.column.median",
    "paused": "stats.column.paused",
    "restarted": "stats.column.restarted",
    "not_judged": "stats.column.not-judged",
    "unit": "stats.column.unit",
    "level": "stats.column.level",
    "home": "stats.column.home",
    "flag": "stats.column.flag",
}
_SCENARIO_WORDS: Final = {
    "count": "antal",
    "within": "inom",
    "breach": "över",
    "within_difference": "skillnad inom",
    "breach_difference": "skillnad över",
    "not_judged": "ej bedömda",
}


def _swedish_header(stats: Stats, header: list[str]) -> list[str]:
    """The columns of ``--csv`` (*header*) in the Swedish text table's words (the workbook's).

    A group column of the file's own keeps the file's name; ``stats --published`` reads the
    workbook back by these names (``mått``, ``omfång``, ``antal``, ``andel %``, ``enhet``,
    ``nivå``, ``hemlän``).
    """
    from ._messages import message
    from ._stats import CODE_NAMES

    groups = set(range(3, 3 + len(stats.by)))
    bands = {
        "band_" + label.replace("-", "_").replace(" ", "_"): label for label in stats.band_labels
    }
    named: list[str] = []
    for i, name in enumerate(header):
        if i in groups:
            named.append(message(_TABLE_WORDS[name], "sv") if name in _TABLE_WORDS else name)
        elif name in _TABLE_WORDS:
            named.append(message(_TABLE_WORDS[name], "sv"))
        elif name.startswith("le_"):
            named.append("≤" + name[3:])
        elif name in bands:
            label = bands[name]
            if label.startswith("over "):
                label = message("stats.column.over-band", "sv", days=label[5:])
            named.append(message("stats.sheet.band", "sv", label=label))
        elif name.startswith("left_out_"):
            code = CODE_NAMES.get(name[9:], name[9:])
            named.append(message("stats.column.left-out", "sv", code=code))
        elif name.startswith("scenario_"):
            word = _SCENARIO_WORDS.get(name[9:], name[9:])
            named.append(message("stats.sheet.scenario", "sv", name=word))
        else:
            named.append(message(f"stats.sheet.{name}", "sv"))
    return named


def _swedish_row(stats: Stats, header: list[str], row: list[str]) -> list[str]:
    """A row of ``--csv`` with the library's own words in Swedish (the workbook's).

    The measure, the scope, ``hidden``, the flag, and a ``level`` or ``home`` group's value;
    a cell of the file stays as written.
    """
    from ._messages import has_message, message

    row = list(row)
    row[1] = message(f"stats.measure.{row[1]}", "sv")
    row[2] = message(f"stats.scope.{row[2]}", "sv")
    for i, name in enumerate(stats.by, 3):
        value = row[i]
        if name == "level" and has_message(f"report.level.{value}"):
            row[i] = message(f"report.level.{value}", "sv")
        elif name == "home" and value and has_message(f"stats.home.{value}"):
            row[i] = message(f"stats.home.{value}", "sv")
    for i, name in enumerate(header):
        if name == "hidden" and row[i] in ("yes", "no"):
            row[i] = message(f"stats.{row[i]}", "sv")
        elif name == "flag" and row[i]:
            row[i] = message(f"stats.flag.{row[i]}", "sv")
    return row


def _flatten(data: object, prefix: str) -> list[tuple[str, object]]:
    if isinstance(data, dict):
        found: list[tuple[str, object]] = []
        for key, value in data.items():
            found += _flatten(value, f"{prefix}.{key}")
        return found
    if isinstance(data, list):
        return [(prefix, ", ".join(str(item) for item in data))]
    return [(prefix, data)]
