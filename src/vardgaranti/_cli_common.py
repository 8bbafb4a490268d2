"""What the commands share: argument types, the input and rule options, output files.

Every command module (``_cli.py`` and the ``_cli_*.py`` modules beside it) builds on these, so
that a file is read the same way (profile, encoding, sheet, ``--example``), a date is parsed
the same way, and an output file is written the same way (atomic, private, see
:func:`~vardgaranti._output.open_output`) by every command. Library modules are imported
inside the functions, so that ``vardgaranti --help`` and the first command start fast.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import re
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import IO, TYPE_CHECKING, Any, Final, NoReturn, TextIO

if TYPE_CHECKING:
    from ._core import Policy
    from ._messages import Lang
    from ._profiles import Profile
    from ._rules import RuleSet

__all__ = [
    "EXIT_USAGE",
    "MAX_JOBS",
    "Commands",
    "Handler",
    "HelpFormatter",
    "Parser",
    "add_input_options",
    "add_jobs_option",
    "add_rule_options",
    "census_of",
    "count_type",
    "cpu_quota",
    "days_type",
    "format_asked",
    "input_source",
    "iso_date",
    "jobs_of",
    "jobs_type",
    "methods_type",
    "month_type",
    "name_type",
    "names_type",
    "no_gc",
    "note_in",
    "policy_of",
    "profile_of",
    "reading_of",
    "rules_of",
    "said_of",
    "say_unused_policy",
    "today",
    "warn",
    "year_type",
]

#: Exit code for bad input or a file that cannot be used at all.
EXIT_USAGE = 2

#: A command's handler: the parsed arguments and standard output, returning the exit code.
Handler = Callable[[argparse.Namespace, TextIO], int]


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help whose description and epilog are wrapped to the terminal, line by line.

    A line that begins with a blank (an example command, or its explanation) is kept as
    written, so that it can be copied; any other line is a paragraph, wrapped to the width
    (``COLUMNS``, else the terminal's).
    """

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        lines: list[str] = []
        for line in text.splitlines():
            if not line.strip() or line.startswith(" "):
                lines.append(indent + line)
            else:
                lines += textwrap.wrap(line, width, initial_indent=indent, subsequent_indent=indent)
        return "\n".join(lines)


class _StoreOnce(argparse.Action):
    """Store an option's value, and refuse the option given twice.

    ``--start 2025-03-01 --start 2025-01-01`` took the last day without a word (argparse's
    ``store``); an option that may repeat says so (``append``: ``--exclude``, ``--restart``).
    """

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        if option_string is not None:  # (a positional argument is given once by its place)
            given: set[str] = namespace.__dict__.setdefault("_given_once", set())
            if self.dest in given:
                names = "/".join(self.option_strings)
                parser.error(f"{names} is given twice; give it once")
            given.add(self.dest)
        setattr(namespace, self.dest, values)


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr (exit 2), without the usage.

    An error about a value (``argument --start: '2025-13-01' is not a date``) is in the
    command's ``--lang``, as the command's other errors are: the value given on the command line
    (before or after the bad one), else the option's default. An option that takes one value
    given twice is refused (:class:`_StoreOnce`).
    """

    _given: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # An option's prefix is not the option (`--as` for `--as-of`): a script's prefix would
        # change meaning, or stop working, when an option with the same prefix is added.
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)
        self.register("action", None, _StoreOnce)
        self.register("action", "store", _StoreOnce)

    def parse_known_args(  # type: ignore[override]
        self, args: Any = None, namespace: Any = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self._given = tuple(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def _lang(self) -> str:
        """The ``--lang`` of this command's arguments, else its default (``en`` if none).

        A value that is no language (``--lang english``: the error is about it) gives the
        default, as no ``--lang`` would.
        """
        found = [action for action in self._actions if "--lang" in action.option_strings]
        if not found:
            return "en"
        default = lang = str(found[0].default or "en")
        given = self._given
        for i, word in enumerate(given):
            if word == "--":
                break
            option, equals, value = word.partition("=")
            if option == "--lang":  # (in full: no prefix is taken for an option)
                if equals:
                    lang = value
                elif i + 1 < len(given):
                    lang = given[i + 1]
        return lang if lang in ("sv", "en") else default

    def error(self, message: str) -> NoReturn:
        see, word = "see", "error"
        if self._lang() == "sv":
            from ._messages import error_text

            message, see, word = error_text(message, "sv"), "se", "fel"
            if message.startswith("argument "):  # (argparse's "argument --start: ...")
                message = "argumentet " + message.removeprefix("argument ")
        self.exit(EXIT_USAGE, f"{self.prog}: {word}: {message} ({see} '{self.prog} --help')\n")


if TYPE_CHECKING:
    Commands = argparse._SubParsersAction[Parser]
else:
    Commands = argparse._SubParsersAction


def iso_date(text: str) -> date:
    """Argparse type for ``YYYY-MM-DD`` dates (errors become one-line usage messages)."""
    from ._dates import parse_date
    from .errors import VardgarantiError

    try:
        return parse_date(text, "date")
    except VardgarantiError as error:
        raise argparse.ArgumentTypeError(error.message) from None


def month_type(text: str) -> date:
    """Argparse type for months, ``YYYY-MM`` or ``YYYYMM``: the first day of the month.

    ``YYYYMM`` as ``DatatGallerFor`` may write a month.
    """
    import re

    try:
        found = re.fullmatch(r"([0-9]{4})-?([0-9]{2})", text.strip())
        if found is None:
            raise ValueError
        return date(int(found.group(1)), int(found.group(2)), 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month in the form YYYY-MM") from None


def _whole(text: str, what: str, least: int = 0, other: str = "") -> int:
    # (digits 0-9 only: int() takes any script's digits, ０２０２５ and ٣ too, and '1_000')
    if _WHOLE.fullmatch(text) is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number{what}{other}")
    value = int(text)
    if value < least:
        raise argparse.ArgumentTypeError(f"{text!r}: the number{what} must be >= {least}{other}")
    return value


_WHOLE: Final = re.compile(r"\s*[+-]?[0-9]+\s*")


def year_type(text: str) -> int:
    """Argparse type for a year (its range is the calendar's to say)."""
    return _whole(text, "", least=-(10**9))


def days_type(text: str) -> int:
    """Argparse type for a whole number of days, 0 or more."""
    return _whole(text, " of days")


def count_type(text: str) -> int:
    """Argparse type for a whole number, 0 or more."""
    return _whole(text, "")


def jobs_type(text: str) -> int:
    """Argparse type for a number of processes: ``auto`` (0) or a whole number of at least 1."""
    if text.strip().lower() == "auto":
        return 0
    return _whole(text, " of processes", least=1, other=" or auto")


def add_jobs_option(parser: Parser, who: str) -> None:
    """Add ``--jobs``: *who* reads a large CSV file in several processes side by side."""
    parser.add_argument(
        "--jobs",
        "-j",
        type=jobs_type,
        default=0,
        metavar="N",
        help=f"{who} reads a large CSV file (more than 8 MiB, at least 4 MiB a process, UTF-8 "
        "or Windows-1252, given by its path) in up to N processes side by side, on Linux; the "
        "output is the same byte for byte (default: auto, the processors this process may "
        f"use, within a container's CPU quota, at most {MAX_JOBS}; 1: one process)",
    )


def names_type(text: str) -> list[str]:
    """Argparse type for a comma-separated list of column names (empty: none)."""
    return [name.strip() for name in text.split(",") if name.strip()]


def name_type(text: str) -> str:
    """Argparse type for a name or a file (``--rules``, ``--published``...): not empty.

    An empty value (``--published "$FILE"`` with the variable unset) was taken as the option
    not given, or as the current folder: the command ran without what was asked for.
    """
    if not text.strip():
        raise argparse.ArgumentTypeError("the value is empty; give a name or a file")
    return text


def file_type(text: str) -> str:
    """Argparse type for FILE: not empty (an unset variable was read as the current folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(
            "the file name is empty; give a file, or '-' for standard input"
        )
    return text


def methods_type(text: str) -> list[str]:
    """Argparse type for ``--compare-methods``: one name or more, comma-separated."""
    names = names_type(text)
    if not names:
        raise argparse.ArgumentTypeError(f"{text!r} names no method; give e.g. skr,legal")
    return names


def today() -> date:
    """Today in Sweden: the default as-of day (the host's own zone may be a day off)."""
    from ._dates import stockholm

    return datetime.now(stockholm()).date()


def warn(message: str) -> None:
    """Print a one-line note on stderr."""
    print(f"vardgaranti: {message}", file=sys.stderr)


def note_in(lang: Lang) -> Callable[[str], None]:
    """:func:`warn` for the library's notes about the input, each in *lang* (``note_text``)."""
    from ._messages import note_text

    def note(text: str) -> None:
        warn(note_text(text, lang))

    return note


def add_rule_options(
    parser: argparse.ArgumentParser, *, policy: bool = True, at_risk_used: bool = True
) -> None:
    """Add ``--rules`` and, with *policy*, ``--roll-forward`` and ``--at-risk-days``.

    Without *at_risk_used* (a command that shows no ``at_risk`` status) ``--at-risk-days`` is
    still taken, for a script that gives every command the same options, but said to be
    ignored (:func:`say_unused_policy`).
    """
    parser.add_argument(
        "--rules",
        default="national",
        type=name_type,
        metavar="NAME|FILE",
        help="rule set: national (default), bup, or a regional overlay .toml file",
    )
    if not policy:
        return
    parser.add_argument(
        "--roll-forward",
        action="store_true",
        help="move a deadline on a Saturday, Sunday, helgdag (public holiday) or eve to the "
        "next vardag (working day) (Lag 1930:173 2 §, for the statutory periods it covers); "
        "off by default, as practice counts calendar days",
    )
    parser.add_argument(
        "--at-risk-days",
        type=days_type,
        default=14 if at_risk_used else None,
        metavar="N",
        help="an open case without a booking ahead (none, or one in the past) is at_risk with "
        + (
            "at most N days left (default 14)"
            if at_risk_used
            else f"at most N days left; {parser.prog.split()[-1]} shows no at_risk: ignored, "
            "with a note (taken for scripts that give every command the same options)"
        ),
    )


def say_unused_policy(args: argparse.Namespace, *, legal_counted: bool) -> None:
    """Say that ``--at-risk-days`` (and ``--roll-forward``, unless *legal_counted*) do nothing.

    ``stats`` and ``validate`` show no ``at_risk`` status, and ``--roll-forward`` moves only
    the law's deadlines, which ``stats`` counts only by the ``legal`` method (or a scenario);
    a figure unchanged by an option given would be taken for one it changed.

    Args:
        args: the command's options (``--at-risk-days`` added without *at_risk_used*).
        legal_counted: the command counts the law's deadlines (``--roll-forward`` moves them).
    """
    from ._messages import message

    lang: Lang = "sv" if getattr(args, "lang", None) == "sv" else "en"
    if args.at_risk_days is not None:
        warn(message("cli.ignored-policy", lang, option="--at-risk-days", command=args.command))
    if args.roll_forward and not legal_counted:
        warn(message("cli.ignored-policy", lang, option="--roll-forward", command=args.command))


def add_input_options(parser: argparse.ArgumentParser, *, as_of: str = "the status date") -> None:
    """Add FILE, ``--example``, ``--as-of``, ``--profile``, ``--encoding`` and ``--sheet``."""
    parser.add_argument(
        "file",
        nargs="?",
        type=file_type,
        metavar="FILE",
        help="the waiting list: CSV (';', ',' or tab), the national XML delivery, or Excel "
        ".xlsx ('-' for standard input)",
    )
    parser.add_argument(
        "--example",
        action="store_true",
        help="use the sample waiting list shipped with the package (as of 2025-06-02 unless "
        "--as-of is given)",
    )
    parser.add_argument(
        "--as-of",
        type=iso_date,
        metavar="DATE",
        help=f"{as_of} (default: for a national delivery, the last day of its DatatGallerFor "
        "month, as stats and report count; else today in Sweden, Europe/Stockholm)",
    )
    parser.add_argument(
        "--profile",
        default="auto",
        type=name_type,
        metavar="NAME|FILE",
        help="how to read the columns: auto (default: the native columns or the national "
        "format, by the header), native, skr, or a profile .toml file",
    )
    parser.add_argument(
        "--encoding",
        default="auto",
        choices=("auto", "utf-8", "cp1252", "utf-16", "cp850"),
        help="the encoding of a CSV file (default auto: a byte-order mark decides, else UTF-8 "
        "if valid, else Windows-1252 with a note; cp850 for DOS text); of an XML delivery, "
        "whatever its "
        "declaration says (default: as it says, but UTF-8 bytes declared ISO-8859-1 or "
        "Windows-1252 are read as UTF-8, with a note)",
    )
    parser.add_argument(
        "--sheet",
        type=name_type,
        metavar="NAME",
        help="the sheet of an Excel file (default: the first one shown)",
    )


#: Output names no command writes in their format, and what to write instead.
_NOT_WRITTEN: Final = {
    ".xls": "the old Excel format (.xls) is not written; name the file .xlsx or .csv",
    ".xlsb": "Excel's binary format (.xlsb) is not written; name the file .xlsx or .csv",
    ".xlsm": "a macro workbook (.xlsm) is not written, and Excel refuses a plain workbook by "
    "that name; name the file .xlsx",
    ".ods": "OpenDocument (.ods) is not written; name the file .xlsx or .csv",
}
#: The options that name a file a command reads besides FILE.
_READ_OPTIONS: Final = ("published", "rules", "profile", "travel_rules")
#: What each command writes, for a name that says otherwise (a command not here takes any).
_WRITES: Final = {
    "report": ((".html", ".htm"), "one HTML page; name the file .html"),
    "validate": ((".csv", ".json", ".txt"), "text, CSV or JSON; name the file .txt, .csv or .json"),
}
#: The commands that take any name but one of another known format (a name such as
#: ``vecka49.v2`` is taken; ``checked.json`` would be CSV in a file named JSON).
_WRITES_KNOWN: Final = {
    "check": ((".csv", ".txt", ".tsv", ".xlsx"), "CSV or an Excel workbook; name the file .csv "
              "or .xlsx"),
    "stats": ((".txt", ".csv", ".json", ".xlsx"), "text, CSV, JSON or an Excel workbook; name "
              "the file .txt, .csv, .json or .xlsx"),
    "worklist": ((".txt", ".csv", ".json", ".xlsx"), "text, CSV, JSON or an Excel workbook; "
                 "name the file .txt, .csv, .json or .xlsx"),
}  # fmt: skip
#: The format an output's name says, by its suffix; and each format's name and suffixes.
_SUFFIX_FORMATS: Final = {
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "text",
    ".xlsx": "xlsx",
}
_FORMAT_NAMES: Final = {
    "json": "JSON",
    "csv": "CSV",
    "text": "text",
    "xlsx": "an Excel workbook",
}
_FORMAT_SUFFIXES: Final = {
    "json": ".json (or .txt)",
    "csv": ".csv (or .txt)",
    "text": ".txt",
    "xlsx": ".xlsx",
}


def format_asked(args: argparse.Namespace) -> str | None:
    """The format ``--format``, ``--json`` or ``--csv`` asked for (``None``: none given)."""
    return _format_asked(args)[1]


def _format_asked(args: argparse.Namespace) -> tuple[str, str | None]:
    """The option that chose the output's format (``--format xlsx``, ``--json``), and it."""
    given = getattr(args, "format", None)
    if isinstance(given, str):
        return f"--format {given}", given
    for form in ("json", "csv"):
        if getattr(args, form, None) is True:
            return f"--{form}", form
    return "", None


_KNOWN_FORMATS: Final = frozenset(
    (".html", ".htm", ".json", ".csv", ".txt", ".tsv", ".xlsx", ".xml", ".pdf", ".doc", ".docx",
     ".odt", ".rtf", ".md", ".zip")
)  # fmt: skip


def input_source(
    args: argparse.Namespace, *, say_today: bool = False, say: Callable[[str], None] = warn
) -> tuple[str, date]:
    """The file a command reads (``--example`` or FILE) and its as-of day.

    Without ``--as-of``, the day is the last of the month a national delivery is for (its
    ``DatatGallerFor``: :func:`census_of`), as ``stats`` and ``report`` count it, so that
    every command reads one delivery as of one day; else today. With *say_today*, a note says
    which day it is (for a command whose output does not state it), through *say*.

    Raises:
        WaitingListError: neither or both of FILE and ``--example``; an ``--output`` named for
            a format the command does not write (:func:`check_output`), or the input itself.
            (A delivery whose month is no date is read as of today: ``validate`` names it.)
    """
    from ._waiting_list import EXAMPLE_AS_OF, example_waiting_list
    from .errors import WaitingListError

    if args.example == (args.file is not None):
        raise WaitingListError(
            f"give either FILE or --example (see 'vardgaranti {args.command} --help')"
        )
    source = str(example_waiting_list()) if args.example else args.file
    check_output(args, source)
    as_of: date = args.as_of or (EXAMPLE_AS_OF if args.example else today())
    # (a file that is not there gets its one line of error, not a note about the day first)
    there = source == "-" or (os.path.exists(source) and not os.path.isdir(source))
    if say_today and args.as_of is None and not args.example and there:
        from ._messages import message

        lang: Lang = "sv" if getattr(args, "lang", None) == "sv" else "en"  # (validate --lang sv)
        # (only a file on disk is read ahead: a pipe, `<(…)` or a FIFO is read once, by the
        # command; and a month that is no date is read as of today, for validate to name it)
        census = census_of(args, source, strict=False) if os.path.isfile(source) else None
        if census is not None:
            as_of = census
            say(message("cli.as-of-census", lang, as_of=as_of))
        else:
            say(message("cli.as-of-today", lang, as_of=as_of))
    return source, as_of


def census_of(
    args: argparse.Namespace, source: str | IO[bytes], *, strict: bool = True
) -> date | None:
    """The last day of the month the delivery *source* is for (``None``: it names none).

    Read as the file is (``--encoding``, ``--sheet``, ``--profile``); standard input (``-``)
    is not read here (``None``). See :func:`~vardgaranti._stats.delivery_census`. Not
    *strict*: a month named otherwise than as a date is ``None`` too.

    Raises:
        WaitingListError: *strict*, and the month is named, but not as a date (``--as-of`` is
            needed).
    """
    from ._stats import delivery_census
    from .errors import InvalidDateError, WaitingListError

    try:
        return delivery_census(
            source, encoding=args.encoding, sheet=args.sheet, profile=profile_of(args)
        )
    except InvalidDateError as error:  # a month that is no date: as stats, a day is needed
        if not strict:
            return None
        raise WaitingListError(f"--as-of is needed: {error}") from None


def check_output(args: argparse.Namespace, source: str) -> None:
    """Refuse an ``--output`` that would be a file of another kind than its name says, or the input.

    A name ending ``.xls``, ``.xlsb``, ``.xlsm`` or ``.ods`` is never written (Excel would refuse
    to open what is written there); ``report`` writes HTML and ``validate`` text, CSV or JSON,
    so another suffix is refused for them (a name without one is taken); ``check``, ``stats``
    and ``worklist`` refuse a name of another known format (``.html``, ``.json`` for ``check``,
    ``.pdf``), and take any other. Any command but
    ``check`` refuses to write over its input, and no command over another file it reads
    (``--published``, ``--rules``, ``--profile``, ``--travel-rules``): it would be replaced by a
    report or a worklist (``check`` writes the list back with its results).

    Raises:
        WaitingListError: one line naming the file.
    """
    import os

    from .errors import WaitingListError

    output = getattr(args, "output", None)
    # Standard output redirected onto a file the command reads: `check list.csv >> list.csv`
    # read back the rows it appended, without end, until the disk was full. Whatever --output
    # is: with one, a summary still goes to standard output, and `-o /dev/stdout` is it.
    options = [getattr(args, name, None) for name in _READ_OPTIONS]
    for index, path in enumerate([source, *options]):
        if path == "-" and _stdout_is("/dev/stdin"):  # (`- < list >> list`)
            what = "file" if index else "waiting list"
            raise WaitingListError(
                "standard output is the file on standard input, which the command reads; "
                f"write the {args.command} output to another file (the {what} would be read "
                "back or lost)"
            )
        if isinstance(path, str) and path != "-" and _stdout_is(path):
            what = "file" if index else "waiting list"
            raise WaitingListError(
                f"standard output is {path}, a file the command reads; write the "
                f"{args.command} output to another file (the {what} would be read back or "
                "lost)"
            )
    if not output or output == "-":
        return
    suffix = os.path.splitext(output)[1].lower()
    # (what the command writes first: `report -o x.xls` is told .html, not .xlsx)
    accepted, what = _WRITES.get(args.command, ((), ""))
    if accepted and suffix and suffix not in accepted:
        raise WaitingListError(f"{output}: vardgaranti {args.command} writes {what}")
    if suffix in _NOT_WRITTEN:
        raise WaitingListError(f"{output}: {_NOT_WRITTEN[suffix]}")
    accepted, what = _WRITES_KNOWN.get(args.command, ((), ""))
    if suffix in _KNOWN_FORMATS and accepted and suffix not in accepted:
        raise WaitingListError(f"{output}: vardgaranti {args.command} writes {what}")
    option, chosen = _format_asked(args)
    named = _SUFFIX_FORMATS.get(suffix)
    # (.txt takes any text: JSON and CSV too)
    if chosen is not None and named not in (None, chosen) and (named != "text" or chosen == "xlsx"):
        raise WaitingListError(
            f"{output}: {option} writes {_FORMAT_NAMES[chosen]}, not what the name says; "
            f"name the file {_FORMAT_SUFFIXES[chosen]}, or leave {option} out"
        )
    # (check writes a CSV list back with its results: over its input, if asked; a workbook
    # would lose its other sheets and its dates, a delivery its XML)
    read = options if args.command == "check" and _plain_text(source) else [source, *options]
    if (
        source == "-"
        and _stdin_is(output)
        and not (args.command == "check" and _plain_text_stdin())
    ):  # (`worklist - -o list.csv < list.csv`: the list replaced by its worklist)
        raise WaitingListError(
            f"{output}: is the file on standard input, which the command reads; write the "
            f"{args.command} output to another file (the waiting list would be replaced)"
        )
    if "-" in options and _stdin_is(output):  # (`stats --published - -o pub.csv < pub.csv`)
        raise WaitingListError(
            f"{output}: is the file on standard input, which the command reads; write the "
            f"{args.command} output to another file (the file would be replaced)"
        )
    for path in read:
        if not isinstance(path, str) or path == "-":
            continue
        try:
            same = os.path.samefile(path, output)
        except (OSError, ValueError):  # (a name such as `national`, or no such file yet)
            continue
        if same:
            what = "waiting list" if path == source else "file"
            raise WaitingListError(
                f"{output}: is a file the command reads; write the {args.command} output to "
                f"another file (the {what} would be replaced)"
            )


def _stdout_is(path: str) -> bool:
    """Whether standard output is the regular file *path* names (``> path``, ``>> path``)."""
    import os
    import stat

    try:
        given, named = os.fstat(1), os.stat(path)
    except (OSError, ValueError):  # (standard output closed, or no such file)
        return False
    return stat.S_ISREG(given.st_mode) and (given.st_dev, given.st_ino) == (
        named.st_dev,
        named.st_ino,
    )


def _stdin_is(output: str) -> bool:
    """Whether standard input is the file *output* names (redirected from it: ``< list.csv``)."""
    import os
    import stat

    try:
        given, named = os.fstat(0), os.stat(output)
    except (OSError, ValueError):  # (standard input closed, or no such file yet)
        return False
    return stat.S_ISREG(named.st_mode) and (given.st_dev, given.st_ino) == (
        named.st_dev,
        named.st_ino,
    )  # (a device, such as /dev/null on both sides, is no file to replace)


def _plain_text_stdin() -> bool:
    """Whether standard input, a file, begins as a text (CSV) file (read without moving on)."""
    import os

    from ._tables import sniff

    try:
        first = os.pread(0, 512, 0)
    except OSError:
        return True
    return sniff(first) == "csv"


def _plain_text(source: str) -> bool:
    """Whether *source* is a text (CSV) file by its first bytes, not a workbook or an XML file.

    ``True`` also when it cannot be read (the reading then says why), and for what is not a
    file on disk: a pipe (``<(…)``, a FIFO) is read once, by the command, so its first bytes
    are not read ahead here (they would be gone).
    """
    import os

    from ._tables import sniff

    if not os.path.isfile(source):
        return True
    try:
        with open(source, "rb") as handle:
            first = handle.read(512)
    except (OSError, ValueError):
        return True
    return sniff(first) == "csv"


def rules_of(args: argparse.Namespace) -> RuleSet:
    """The rule set of ``--rules`` (an error about it names ``--rules``)."""
    from ._rules import rule_set

    with said_of("--rules"):
        return rule_set(args.rules)


def profile_of(args: argparse.Namespace) -> str | Profile:
    """The profile of ``--profile``: a built-in's name as given, or the file read.

    An error about the file names ``--profile``, as one about a rule file names ``--rules``.
    The file is read once, however many steps of the command ask (the census day, the rows).
    """
    from ._profiles import PROFILES, profile

    wanted: str = args.profile
    if wanted.strip().lower() in ("auto", *PROFILES):
        return wanted
    read: Profile | None = getattr(args, "profile_read", None)
    if read is None:
        with said_of("--profile"):
            read = args.profile_read = profile(wanted)
    return read


@contextlib.contextmanager
def said_of(option: str) -> Iterator[None]:
    """An error raised inside said of the command line's *option* (``--scenario: unknown ...``).

    A name or a file given to an option is read far from the option: the error named the file
    or nothing, so that ``unknown rule set 'x'`` did not say whether ``--rules`` or
    ``--scenario`` gave it.
    """
    from .errors import VardgarantiError

    try:
        yield
    except VardgarantiError as error:
        raise error.about(option) from None


def policy_of(args: argparse.Namespace) -> Policy:
    """The policy of ``--roll-forward`` and ``--at-risk-days``."""
    from ._core import Policy

    at_risk = args.at_risk_days
    return Policy(roll_forward=args.roll_forward, at_risk_days=14 if at_risk is None else at_risk)


def reading_of(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments that read a file as the options say: rules, policy and reading.

    ``--rules``, ``--roll-forward``, ``--at-risk-days``, ``--profile``, ``--encoding`` and
    ``--sheet``, as :func:`~vardgaranti.assess_file` and the readers built on it
    take them.
    """
    return {
        "rules": rules_of(args),
        "policy": policy_of(args),
        "profile": profile_of(args),
        "encoding": args.encoding,
        "sheet": args.sheet,
    }


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is read.

    The loops over rows make no reference cycles (a row's error is returned without the
    frames it was raised through: ``_rows.detached``; a test reads a file of errors with the
    collector off, its memory flat), and a command that keeps many objects alive
    (a worklist, a report) would have every full collection walk them all again; a command owns
    its process, so it may.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


#: The most processes ``--jobs auto`` starts (each takes its slice's share of the work).
MAX_JOBS = 4


def jobs_of(asked: int) -> int:
    """The processes ``--jobs`` stands for: *asked*, or for ``auto`` those this one may use."""
    if asked:
        return asked
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        usable = os.cpu_count() or 1
    quota = cpu_quota()
    if quota is not None:
        usable = min(usable, quota)
    return max(1, min(usable, MAX_JOBS))


def cpu_quota(path: str = "/sys/fs/cgroup/cpu.max") -> int | None:
    r"""The processors a container's CPU quota (cgroup v2 ``cpu.max``) allows, rounded up.

    ``None`` without a quota (``max``) or outside such a container.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     limit = pathlib.Path(folder, "cpu.max")
    ...     _ = limit.write_text("150000 100000\n")
    ...     cpu_quota(str(limit))
    2
    """
    try:
        with open(path, encoding="ascii") as limit:
            quota, period = limit.read().split()[:2]
        if quota == "max":
            return None
        return max(1, -(-int(quota) // int(period)))
    except (OSError, ValueError, UnicodeDecodeError, ZeroDivisionError):
        return None
