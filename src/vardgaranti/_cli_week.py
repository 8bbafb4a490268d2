"""The guarantee unit's week: ``vardgaranti worklist`` and ``vardgaranti validate``.

``worklist`` lists the patients to act on, grouped for batch referral, with the breach forecast
(:mod:`vardgaranti._worklist`); with ``--letters DIR`` it writes a letter to each
(:mod:`vardgaranti._letters`), with ``--costs`` it gives the follow-up table of care elsewhere
(:mod:`vardgaranti._costs`) instead. ``validate`` lists what to clean in a list
(:mod:`vardgaranti._validate`). Both read any file ``check`` reads, through the same evaluation.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
from collections.abc import Callable
from datetime import date
from typing import IO, TYPE_CHECKING, Final, TextIO

from ._cli_common import (
    Commands,
    HelpFormatter,
    add_input_options,
    add_jobs_option,
    add_rule_options,
    count_type,
    days_type,
    format_asked,
    input_source,
    jobs_of,
    name_type,
    names_type,
    no_gc,
    note_in,
    reading_of,
    said_of,
    say_unused_policy,
    today,
    warn,
)

if TYPE_CHECKING:
    from ._costs import CostFollowUp
    from ._messages import Lang
    from ._validate import Validation

__all__ = ["add_commands"]

_FORMATS = ("text", "csv", "json", "xlsx")
_SUFFIXES = {".csv": "csv", ".json": "json", ".xlsx": "xlsx", ".txt": "text"}


def _to_a_file(args: argparse.Namespace) -> bool:
    """Whether the output goes to a file (not standard output, however it is named).

    ``-o -``, ``-o /dev/stdout`` and no ``-o`` all write to standard output, and write the same
    bytes (a byte-order mark only in a file).
    """
    from ._output import names_stdout

    return args.output is not None and not names_stdout(args.output)


def add_commands(commands: Commands) -> None:
    """Add ``worklist`` and ``validate`` to the command line."""
    _add_worklist(commands)
    _add_validate(commands)


def _add_worklist(commands: Commands) -> None:
    parser = commands.add_parser(
        "worklist",
        help="the patients to act on, grouped for batch referral, with a breach forecast",
        description="List the patients a guarantee unit must act on as of a day: care "
        "elsewhere due (HSL 9 kap. 2 §), overdue, booked after the deadline, or unbooked with "
        "the deadline within --horizon days; grouped (default: unit, level, and Mvo and the "
        "activity, Aktivitet or else activity, where the file has them) so that a group can be "
        "offered to another provider together, sorted by deadline, with each group's breach "
        "forecast for 1, 2, 4 and 8 weeks if nothing is booked. Only the columns needed to act "
        "are written, plus --keep. With --costs: the follow-up table of care elsewhere per "
        "unit and month instead. "
        "Exit status: 0 every row evaluated, 1 some rows have errors (they are not on the "
        "list: see 'vardgaranti validate'), 2 the file cannot be used.",
        epilog="examples:\n"
        "  vardgaranti worklist --example\n"
        "  vardgaranti worklist export.csv --as-of 2025-06-02 --horizon 14 --keep note\n"
        "  vardgaranti worklist leverans.xml --output worklist.xlsx\n"
        "  vardgaranti worklist export.csv --letters letters/ --contact 'Vårdgarantienheten, "
        "010-123 45 67'\n"
        "  vardgaranti worklist utfall.csv --costs --travel-rules resor.toml\n"
        "    (utfall.csv: the cases given care elsewhere, with the columns referred and "
        "provider;\n"
        "    resor.toml: the region's travel rules, see docs/guarantee-unit-week.md)",
        formatter_class=HelpFormatter,
    )
    add_input_options(parser)
    add_rule_options(parser)
    parser.add_argument(
        "--horizon",
        type=days_type,
        default=None,
        metavar="DAYS",
        help="put a patient without a booking ahead on the list when at most DAYS days are left "
        "(default 28)",
    )
    parser.add_argument(
        "--group-by",
        "--by",  # (as stats names it)
        dest="group_by",
        type=names_type,
        metavar="COLUMNS",
        help="comma-separated columns to group by; 'unit' and 'level' mean the unit column and "
        "the level evaluated; '' for one group (default: unit,level and Mvo and the activity "
        "column, Aktivitet or else activity, where the file has them)",
    )
    parser.add_argument(
        "--keep",
        type=names_type,
        action="append",
        default=[],
        metavar="COLUMNS",
        help="comma-separated columns of the file to keep on the list (repeatable); nothing "
        "else of the file is written",
    )
    add_jobs_option(parser, "the worklist")
    shape = parser.add_mutually_exclusive_group()
    shape.add_argument(
        "--format",
        choices=_FORMATS,
        help="text, csv (one row per patient with its group), json, or xlsx (an overview sheet "
        "and a sheet per group; the excel extra); default: by the --output name, else text",
    )
    shape.add_argument("--json", action="store_true", help="the same as --format json")
    shape.add_argument("--csv", action="store_true", help="the same as --format csv")
    parser.add_argument(
        "--output", "-o", metavar="OUT", help="write here (default: standard output)"
    )
    parser.add_argument(
        "--lang", choices=("sv", "en"), default="en", help="language of the text (default en)"
    )
    parser.add_argument(
        "--letters",
        metavar="DIR",
        help="also write a letter to each patient on the list into DIR, one text file per "
        "patient named from the id (none to the contact level: its day has passed before a "
        "letter arrives); a DIR holding other .txt files (such as letters of "
        "patients no longer on the list, from an earlier run) is refused, so that none is sent "
        "by mistake",
    )
    parser.add_argument(
        "--letter-lang",
        choices=("sv", "en"),
        default=None,
        help="with --letters: the language of the letters (default sv)",
    )
    parser.add_argument(
        "--contact",
        metavar="TEXT",
        help="with --letters: whom the patient should contact (one line)",
    )
    parser.add_argument(
        "--costs",
        action="store_true",
        help="instead of the list: patients given care elsewhere after more than 90 days' "
        "wait, per unit and month, referred by the region (it pays the extra costs, HSL 9 kap. "
        "2 §) or by their own choice; needs the referred column (provider may name the other "
        "provider)",
    )
    parser.add_argument(
        "--patients",
        action="store_true",
        help="with --costs: one line per patient given care elsewhere (by or after the law's "
        "day), whom the region pays for or not and why, with the travel estimate: the list to "
        "pay from, instead of the table per unit and month (JSON: beside the table)",
    )
    parser.add_argument(
        "--travel-rules",
        type=name_type,
        metavar="NAME|FILE",
        help="with --costs: the region's travel rules (a .toml file, or 'example' for example "
        "figures) to estimate the travel of referred patients from the distance column",
    )
    parser.set_defaults(handler=_run_worklist)


def _add_validate(commands: Commands) -> None:
    parser = commands.add_parser(
        "validate",
        help="list what to clean in a waiting list: findings with stable codes and sources",
        description="Check every row of a waiting list without changing it and report "
        "findings, each with a stable code (V001...), a one-line text, the row number and id, "
        "and the rule or source it rests on: stale waits, past bookings never completed, "
        "duplicate ids and referrals, deviation codes where the deadline had passed with no "
        "time offered, phases and coverage that contradict each other, starts before the "
        "format allows, unknown municipality (Lkf 0000), dates before the start, missing ids "
        "and other row errors. Then a summary per code and unit. Exit status: 0 no findings, "
        "1 findings, 2 the file cannot be used.",
        epilog="examples:\n"
        "  vardgaranti validate --example\n"
        "  vardgaranti validate leverans.xml --as-of 2025-03-31 --json\n"
        "  vardgaranti validate export.csv --stale-days 180 --csv --output findings.csv",
        formatter_class=HelpFormatter,
    )
    add_input_options(parser)
    add_rule_options(parser, at_risk_used=False)
    parser.add_argument(
        "--stale-days",
        type=days_type,
        default=365,
        metavar="DAYS",
        help="report open cases without a booking ahead (none, or one in the past) waiting "
        "longer than DAYS days (default 365)",
    )
    parser.add_argument(
        "--max-ids",
        type=count_type,
        default=2_000_000,
        metavar="N",
        help="remember at most N distinct ids (and referral keys) for the duplicate checks "
        "(default 2000000; about 120 bytes each)",
    )
    add_jobs_option(parser, "validate")
    shape = parser.add_mutually_exclusive_group()
    shape.add_argument(
        "--format",
        choices=("text", "json", "csv"),
        help="text, json (one object: the findings and the summary) or csv (the findings); "
        "default: by the --output name, else text",
    )
    shape.add_argument("--json", action="store_true", help="write one JSON object")
    shape.add_argument("--csv", action="store_true", help="write the findings as ';'-separated CSV")
    parser.add_argument(
        "--output",
        "-o",
        metavar="OUT",
        help="write here (default: standard output); a name ending .json or .csv chooses that "
        "format when no --format, --json or --csv is given",
    )
    parser.add_argument(
        "--lang", choices=("sv", "en"), default="en", help="language of the texts (default en)"
    )
    parser.set_defaults(handler=_run_validate)


# -- worklist -----------------------------------------------------------------------------------


def _format_of(args: argparse.Namespace, given: str | None) -> str:
    """The format asked for (*given*), else the one the output's name ends with, else text."""
    if given is not None:
        return given
    if args.output is not None:
        for suffix, shape in _SUFFIXES.items():
            if args.output.lower().endswith(suffix):
                return shape
    return "text"


def _write(
    args: argparse.Namespace,
    out: TextIO,
    shape: str,
    text: Callable[[IO[str]], None],
    binary: Callable[[IO[bytes]], None] | None = None,
) -> None:
    """Write an output to ``--output`` (atomically) or to *out*."""
    from ._output import open_output
    from .errors import WaitingListError

    if shape == "xlsx":
        assert binary is not None
        if args.output is None:
            raise WaitingListError("an xlsx workbook needs --output FILE.xlsx")
        with open_output(args.output, binary=True) as target:
            binary(target)
        return
    if args.output is None:
        text(out)
        return
    with open_output(args.output) as handle:
        text(handle)


def _run_worklist(args: argparse.Namespace, out: TextIO) -> int:
    from ._messages import message
    from ._waiting_list import assess_file
    from ._worklist import (
        MAX_GROUP_SHEETS,
        WorklistBuilder,
        write_csv,
        write_json,
        write_letters,
        write_text,
        write_workbook,
    )
    from .errors import WaitingListError

    # An option without the one it goes with is an error, before the file is read: a typo in
    # --letters or --costs would else give a worklist without what was asked for.
    for given, option, partner, needed in (
        (args.travel_rules is not None, "--travel-rules", "--costs", not args.costs),
        (args.patients, "--patients", "--costs", not args.costs),
        # (with --costs no letters are written: these are said to be ignored there)
        (
            args.contact is not None,
            "--contact",
            "--letters",
            args.letters is None and not args.costs,
        ),
        (
            args.letter_lang is not None,
            "--letter-lang",
            "--letters",
            args.letters is None and not args.costs,
        ),
    ):
        if given and needed:
            raise WaitingListError(f"{option} goes with {partner}; give {partner} too")
    source, as_of = input_source(args, say_today=True)
    shape = _format_of(args, format_asked(args))
    if shape == "xlsx" and args.output is None:  # (before the file is read)
        raise WaitingListError("an xlsx workbook needs --output FILE.xlsx")
    if args.costs:
        return _run_costs(args, out, source, as_of, shape)
    if args.letters is not None:
        from ._letters import check_contact
        from ._worklist import check_letters_folder

        check_letters_folder(args.letters)  # before the file is read: fail early, write nothing
        check_contact(args.contact)
    keep = [name for names in args.keep for name in names]
    with (
        no_gc(),
        assess_file(
            source,
            as_of=as_of,
            **reading_of(args),
            periods=args.letters is not None,  # (the letters name them; nothing else does)
        ) as file,
    ):
        for text in file.table.notes:
            note_in(args.lang)(text)
        bom = file.table.bom or not file.table.utf8
        builder = WorklistBuilder(
            file,
            as_of=as_of,
            horizon=28 if args.horizon is None else args.horizon,
            group_by=args.group_by,
            keep=keep,
        )
        if not builder.sliced(file, jobs_of(args.jobs), note_in(args.lang)):
            add = builder.add
            for row in file.rows:
                add(row)
        worklist = builder.finish()
    made: list[str] = []  # (the folders made for the letters)
    if args.letters is not None:  # before anything is written
        from ._worklist import check_letter_names, letter_at, make_letters_folder, old_letters
        from .errors import WaitingListError

        check_letter_names(worklist, args.letters)
        if args.output is not None:  # (the letter would replace the worklist, without a word)
            patient = letter_at(worklist, args.letters, args.output)
            if patient is not None:
                raise WaitingListError(
                    f"{args.output}: is where the letter of patient {patient} goes; give "
                    "--output another name"
                )
            if args.output.lower().endswith(".txt") and _same_folder(
                os.path.dirname(args.output), args.letters
            ):  # (sent with the letters, it would tell each patient of every other one)
                raise WaitingListError(
                    f"{args.output}: a .txt file in the letters folder ({args.letters}) would be "
                    "taken for a letter and sent, and the list names every patient on it; "
                    "write the list outside the folder, or as .csv, .json or .xlsx"
                )
        old = old_letters(worklist, args.letters, besides=args.output)
        if old:
            count = f"{len(old)} .txt file" if len(old) == 1 else f"{len(old)} .txt files"
            raise WaitingListError(
                f"{args.letters}: holds {count} that "
                f"{'is not a letter' if len(old) == 1 else 'are not letters'} of this list "
                f"({old[0]}{', ...' if len(old) > 1 else ''}), such as "
                "letters of patients no longer on it from an earlier run; empty the folder or "
                "give a new one, so that no old letter is sent by mistake"
            )
        made = make_letters_folder(args.letters)  # (or refused by the system, before the list)
    lang: Lang = args.lang
    writers: dict[str, Callable[[IO[str]], None]] = {
        "text": lambda handle: write_text(worklist, handle, lang),
        "csv": lambda handle: write_csv(worklist, handle, bom=bom and _to_a_file(args)),
        "json": lambda handle: write_json(worklist, handle),
    }
    try:
        _write(
            args,
            out,
            shape,
            writers.get(shape, writers["text"]),
            lambda target: write_workbook(worklist, target, lang),  # type: ignore[arg-type]
        )
    except BaseException:  # (the list not written: no letters, nor a folder made for them)
        for folder in made:
            with contextlib.suppress(OSError):
                os.rmdir(folder)
        raise
    if args.letters is not None:
        from ._output import signals_stop
        from .errors import SignalExit

        written: list[str] = []
        try:
            with signals_stop():  # (also between two letters: said, not a silent death)
                write_letters(
                    worklist,
                    args.letters,
                    args.letter_lang or "sv",
                    contact=args.contact,
                    written=written,
                )
        except SignalExit as stop:  # the list is written; the letters folder is not whole
            stop.note = message(
                "cli.letters-interrupted",
                lang,
                letters=len(written),
                total=sum(1 for _lettered in worklist.lettered()),
                folder=args.letters,
            )
            raise
        warn(message("cli.letters-written", lang, letters=len(written), folder=args.letters))
        now = today()
        if as_of != now and not args.example:  # (a delivery's month end, or a day given)
            # A letter tells a patient their days as of its day: written today as of another
            # day, "senast den 3 december" and "Om du inte får vård i tid" of a day passed.
            distance = abs((now - as_of).days)
            key = "cli.letters-past" if as_of < now else "cli.letters-future"
            warn(message(key, lang, as_of=as_of, days=distance, today=now))
        _warn_unnamed_letters([entry.id for _group, entry in worklist.lettered()], written, lang)
        unlettered = worklist.patients - len(written)
        if unlettered:  # (the contact level's: its day passed before any letter arrives)
            warn(message("cli.letters-contact", lang, patients=unlettered))
    if shape == "xlsx" and len(worklist.groups) > MAX_GROUP_SHEETS:
        groups = len(worklist.groups)
        warn(message("cli.worklist-one-sheet", lang, groups=groups, most=MAX_GROUP_SHEETS))
    if worklist.errors:
        warn(message("cli.worklist-errors", lang, errors=worklist.errors, rows=worklist.rows))
        return 1
    return 0


def _same_folder(folder: str, other: str) -> bool:
    """Whether *folder* (``""``: the working folder) and *other* are one folder."""
    real = os.path.realpath
    return real(folder or os.curdir) == real(other or os.curdir)


def _warn_unnamed_letters(ids: list[str], names: list[str], lang: Lang) -> None:
    """Say which letters cannot be told apart by the id: none, or named apart (``~2``)."""
    from ._messages import message

    blank = sum(1 for ident in ids if not ident.strip())
    apart = [(ident, name) for ident, name in zip(ids, names, strict=True) if "~" in name]
    if blank:
        count = "one" if blank == 1 else "many"
        warn(message(f"cli.letters-no-id.{count}", lang, letters=blank))
    if apart:  # an id on several rows, or ids that differ only in case (one file on Windows)
        shown = ", ".join(f"{ident!r} \u2192 {name}" for ident, name in apart[:3])
        count = "one" if len(apart) == 1 else "many"
        warn(
            message(
                f"cli.letters-apart.{count}",
                lang,
                letters=len(apart),
                shown=shown + (", ..." if len(apart) > 3 else ""),
            )
        )


def _run_costs(args: argparse.Namespace, out: TextIO, source: str, as_of: date, shape: str) -> int:
    from ._costs import CostFollowUp, travel_rules
    from ._messages import message
    from ._text import echo
    from ._waiting_list import assess_file

    if args.example:  # (the shipped list has no referral or provider column)
        from .errors import InvalidValueError

        raise InvalidValueError(
            "--costs needs a list with the column 'referred' or 'provider' (who referred the "
            "patient, or the other provider), which the shipped example does not have; give "
            "a list of outcomes (docs: 'A guarantee unit's week', utfall.csv)"
        )
    if args.letters is not None:
        warn(message("cli.no-letters-costs", args.lang))
    else:  # (the letters' own options: no letters are written)
        for option, value in (("--contact", args.contact), ("--letter-lang", args.letter_lang)):
            if value is not None:
                warn(message("cli.ignored-costs", args.lang, option=option))
    for option, given in (("--keep", args.keep), ("--group-by", args.group_by)):
        if given:  # (the follow-up's columns are its own)
            warn(message("cli.ignored-costs", args.lang, option=option))
    if args.horizon is not None:
        warn(message("cli.ignored-costs", args.lang, option="--horizon"))
    if args.jobs:  # (the follow-up is read in one process; 0 is auto, the default)
        warn(message("cli.ignored-costs", args.lang, option="--jobs"))
    travel = None
    if args.travel_rules is not None:
        with said_of("--travel-rules"):  # (as --rules, --profile and --published say theirs)
            travel = travel_rules(args.travel_rules)
    errors = rows = 0
    with (
        no_gc(),
        assess_file(
            source,
            as_of=as_of,
            **reading_of(args),
        ) as file,
    ):
        for text in file.table.notes:
            note_in(args.lang)(text)
        bom = file.table.bom or not file.table.utf8  # (as the worklist's CSV: Excel needs it)
        follow = CostFollowUp(file, as_of=as_of, travel=travel, patients=args.patients)
        distance_column = file.header[follow.i_distance] if follow.i_distance >= 0 else "distance"
        if travel is not None and not follow.estimates:
            warn(message("cli.costs-no-distance", args.lang))
        for row in file.rows:
            rows += 1
            errors += row.error is not None
            follow.add(row)
    lang: Lang = args.lang
    header, lines = _patient_table(follow) if args.patients else _cost_table(follow)
    # (a workbook is to read: its words in the language, as the text's; the CSV is data)
    book_lines = _patient_table(follow, lang)[1] if args.patients and lang != "en" else lines
    writers: dict[str, Callable[[IO[str]], None]] = {
        "text": lambda handle: _costs_text(
            follow, handle, lang, as_of, rows, errors, patients=args.patients
        ),
        "csv": lambda handle: _costs_csv(header, lines, handle, bom=bom and _to_a_file(args)),
        "json": lambda handle: _costs_json(
            follow, handle, as_of, rows, errors, patients=args.patients
        ),
    }

    def workbook(target: IO[bytes]) -> None:
        from ._xlsx import Workbook

        title = message("worklist.costs-title", lang, as_of=as_of)
        with Workbook(target, title, day=as_of) as book:  # type: ignore[arg-type]
            shown = (
                header
                if lang == "en"
                else [_cost_column(name, lang, args.patients) for name in header]
            )
            sheet = book.sheet(
                message(
                    "worklist.costs-patients-sheet" if args.patients else "worklist.costs-sheet",
                    lang,
                ),
                shown,
            )
            for line in book_lines:  # (an amount, a Decimal: a number with its two decimals)
                sheet.append(line)
            if follow.estimates and follow.travel is not None and follow.travel.example:
                # the estimates are an example's: said in the workbook, not only on stderr
                note = message("costs.example", lang, name=follow.travel.name)
                book.sheet(message("worklist.costs-note-sheet", lang), [note])

    if travel is not None and travel.example:  # (once the file is read: an error is one line)
        warn(message("cli.costs-example", args.lang, name=repr(travel.name)))
    _write(args, out, shape, writers.get(shape, writers["text"]), workbook)
    to_check = sum(line.to_check for line in follow.rows())
    if to_check:
        warn(message("cli.costs-to-check", lang, patients=to_check))
    # (the list of patients has those given care by the law's day too: nothing left beside)
    if follow.referred_in_time and not args.patients:
        warn(message("cli.costs-in-time", lang, patients=follow.referred_in_time))
    if follow.to_check_in_time and not args.patients:
        warn(message("cli.costs-to-check-in-time", lang, patients=follow.to_check_in_time))
    if follow.deviations:
        said = "cli.costs-deviations-listed" if args.patients else "cli.costs-deviations"
        warn(message(said, lang, patients=follow.deviations))
    unreadable = follow.unreadable_listed if args.patients else follow.unreadable
    first = follow.first_unreadable_listed if args.patients else follow.first_unreadable
    if unreadable:
        # Only distances: an unreadable referral date is the row's error (counted below).
        line, cell = first if first is not None else (0, "")
        warn(
            message(
                "cli.costs-unreadable",
                lang,
                distances=unreadable,
                column=echo(distance_column),
                line=line,
                cell=echo(cell),
            )
        )
    if errors:
        warn(message("cli.costs-errors", lang, errors=errors, rows=rows))
        return 1
    return 0


def _cost_column(name: str, lang: Lang, patients: bool) -> str:
    """A column of the follow-up table, or of its list of *patients*, in *lang*."""
    from ._messages import message

    return message(f"costs.patient.{name}" if patients else f"costs.column.{name}", lang)


def _patient_table(follow: CostFollowUp, lang: Lang = "en") -> tuple[list[str], list[list[object]]]:
    """The list of patients (``--costs --patients``): header and lines, for text, CSV and Excel.

    The columns are those of the JSON (:meth:`CostPatient.as_dict`) but ``line``; dates as
    dates, amounts as numbers (a ``Decimal``), nothing as ``""``. In Swedish (a text or a
    workbook to read) the level, yes and no and the reason are in Swedish words; the CSV is
    data, in the JSON's words.
    """
    from ._costs import PATIENT_COLUMNS, PATIENT_TRAVEL_COLUMNS
    from ._messages import message

    assert follow.patients is not None
    travel = follow.estimates
    header = [*PATIENT_COLUMNS, *(PATIENT_TRAVEL_COLUMNS if travel else ())]
    lines: list[list[object]] = []
    for patient in follow.patients:
        line: list[object] = []
        for name, value in patient.values(travel).items():
            words = _PATIENT_WORDS.get(name)
            if value is None:
                value = ""
            elif words is not None and lang != "en" and value:
                value = message(f"{words}{value}", lang)
            line.append(value)
        lines.append(line)
    return header, lines


#: The columns of the list of patients whose values a Swedish text or workbook says in words.
_PATIENT_WORDS: Final = {
    "level": "report.level.",
    "past_law_deadline": "costs.",
    "costs_covered": "costs.",
    "reason": "costs.reason.",
}


def _cost_table(follow: CostFollowUp) -> tuple[list[str], list[list[object]]]:
    """The follow-up table's header and lines for text, CSV and Excel.

    The columns are those of the JSON (:meth:`CostRow.as_dict`), in its order, so that every
    output shows the same figures: with an estimate, ``travel_patients``, ``travel_cost`` and
    its parts ``region_pays``, ``patient_pays`` and ``uncovered`` (which add up to it).
    """
    from ._costs import CostRow

    header = list(CostRow("", "").as_dict(follow.estimates))
    lines: list[list[object]] = [[getattr(line, name) for name in header] for line in follow.rows()]
    return header, lines


def _costs_text(
    follow: CostFollowUp,
    out: IO[str],
    lang: Lang,
    as_of: date,
    read: int,
    errors: int,
    *,
    patients: bool = False,
) -> None:
    from decimal import Decimal

    from ._messages import message
    from ._validate import plain

    header, lines = _patient_table(follow, lang) if patients else _cost_table(follow)
    text = [
        message(
            "costs.patients-title" if patients else "costs.title", lang, as_of=as_of.isoformat()
        ),
        message(
            "costs.rows",
            lang,
            rows=read,
            errors=errors,
            distances=follow.unreadable_listed if patients else follow.unreadable,
        ),
    ]
    if not lines:
        text.append(message("costs.none", lang))
    else:
        shown = [_cost_column(name, lang, patients) for name in header]
        comma = lang == "sv"  # (an amount with a decimal comma, as stats writes its shares)
        rows = [
            shown,
            *(
                [
                    plain(str(cell).replace(".", ",") if comma and isinstance(cell, Decimal)
                          else str(cell), 80) or "-"
                    for cell in line
                ]
                for line in lines
            ),
        ]  # fmt: skip
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        text += [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
    if follow.estimates and follow.travel is not None and follow.travel.example:
        text.append(message("costs.example", lang, name=follow.travel.name))
    from ._text import write_in_pieces

    write_in_pieces(out, "\n".join(text) + "\n")


def _costs_csv(
    header: list[str], lines: list[list[object]], out: IO[str], *, bom: bool = False
) -> None:
    from ._waiting_list import escape_formula

    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for line in lines:
        writer.writerow([escape_formula(str(cell)) for cell in line])


def _costs_json(
    follow: CostFollowUp,
    out: IO[str],
    as_of: date,
    rows: int,
    errors: int,
    *,
    patients: bool = False,
) -> None:
    data = {
        "as_of": as_of.isoformat(),
        "waited_more_than_days": 90,
        "travel_rules": None if follow.travel is None else follow.travel.as_dict(),
        "rows_read": rows,
        "rows_with_errors": errors,  # not counted (see 'vardgaranti validate')
        "distances_unreadable": follow.unreadable,  # referred, without a travel estimate
        # referred and given care by the law's day (the region pays their costs too), and
        # rows with a deviation code and a referral or provider: neither in the rows
        "referred_by_the_laws_day": follow.referred_in_time,
        # given care by the law's day, with a referral date to correct: not in the rows
        "to_check_by_the_laws_day": follow.to_check_in_time,
        "deviations_referred": follow.deviations,
        "rows": [line.as_dict(follow.estimates) for line in follow.rows()],
    }
    if patients:  # (the list to pay from beside the table)
        assert follow.patients is not None
        data["patients"] = [patient.as_dict(follow.estimates) for patient in follow.patients]
        # (its patients the region pays for without an estimate, by the law's day too)
        data["patients_distances_unreadable"] = follow.unreadable_listed
    import json

    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


# -- validate -----------------------------------------------------------------------------------


def _run_validate(args: argparse.Namespace, out: TextIO) -> int:
    import sys

    from ._validate import validate_file, write_findings_csv, write_findings_json

    source, as_of = input_source(args, say_today=True)
    lang: Lang = args.lang
    say_unused_policy(args, legal_counted=True)  # (the deadlines' findings: roll-forward moves)
    with (
        no_gc(),
        validate_file(
            source,
            as_of=as_of,
            **reading_of(args),
            stale_days=args.stale_days,
            max_ids=args.max_ids,
            workers=jobs_of(args.jobs),
            notes=note_in(args.lang),
        ) as validation,
    ):
        for text in validation.file.table.notes:
            note_in(args.lang)(text)
        # (check_output refused a name of another format, an .xlsx workbook among them)
        shape = _format_of(args, format_asked(args))
        table = validation.file.table
        # (as the worklist's CSV: Excel needs the mark to read å, ä, ö; a file only)
        bom = (table.bom or not table.utf8) and _to_a_file(args)

        def findings_csv(handle: IO[str]) -> None:
            if bom:
                handle.write("\ufeff")
            write_findings_csv(validation.findings, handle, lang)

        writers: dict[str, Callable[[IO[str]], None]] = {
            "json": lambda handle: write_findings_json(validation, handle, lang, as_of=as_of),
            "csv": findings_csv,
            "text": lambda handle: _findings_text(validation, handle, lang),
        }
        _write(args, out, shape, writers[shape])
        summary = validation.summary
    if shape == "csv":
        stream = sys.stderr if args.output is None else out
        stream.write(summary.as_text(lang) + "\n")
    return 1 if summary.findings else 0


def _findings_text(validation: Validation, out: IO[str], lang: Lang) -> None:
    from ._messages import message
    from ._validate import finding_source, plain

    for finding in validation.findings:
        unit = plain(finding.unit)
        out.write(
            message(
                "validate.line",
                lang,
                code=finding.code.value,
                row=finding.row,
                line=finding.line,
                id=plain(finding.id) or "-",
                unit=f", {unit}" if unit else "",
                text=plain(finding.text(lang), 500),
                source=finding_source(finding.code, lang),
            )
            + "\n"
        )
    summary = validation.summary
    if not summary.findings:
        out.write(message("validate.none", lang) + "\n")
    out.write("\n" + summary.as_text(lang) + "\n")
