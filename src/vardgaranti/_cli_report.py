"""``vardgaranti report``: one self-contained HTML page of a waiting list as of a day.

The page (:mod:`vardgaranti._report`) shows, per unit and level, the counts per status, the
share within the guarantee, the waiting by days waited and the breach forecast as charts with
their numbers in tables; the worklist's first groups; the list-cleaning findings per code; and
the law's count beside the official statistics where they differ. It needs the ``report``
extra (Jinja2 and pygal); without it the command says so in one line (exit 2) before reading
anything.
"""

from __future__ import annotations

import argparse
import io
import os
from typing import IO, TextIO

from ._cli_common import (
    Commands,
    HelpFormatter,
    add_input_options,
    add_jobs_option,
    add_rule_options,
    census_of,
    count_type,
    days_type,
    input_source,
    jobs_of,
    name_type,
    no_gc,
    note_in,
    reading_of,
    said_of,
    warn,
)

__all__ = ["add_commands"]


def add_commands(commands: Commands) -> None:
    """Add ``report`` to the command line."""
    parser = commands.add_parser(
        "report",
        help="one self-contained HTML page of a waiting list: charts, worklist, findings",
        description="Write one HTML page of a waiting list as of a day, to open in any "
        "browser or print to PDF (A4): per unit and level the counts per status, the share "
        "within the guarantee, the waiting by days waited and the breach forecast for the "
        "next 8 weeks (charts with their numbers in tables), care elsewhere due now; the "
        "worklist's first groups (by earliest deadline); the list-cleaning findings per code; "
        "and the law's count beside the official statistics where they differ, with why. "
        "The page loads nothing from anywhere (no script, font or image). It holds patient "
        "ids (the worklist): handle it as a document with patient data. Needs the 'report' "
        "extra: pip install 'vardgaranti[report]'. Exit status: 0 written (rows with errors "
        "are listed in the page, and counted on stderr), 2 the input cannot be used.",
        epilog="examples:\n"
        "  vardgaranti report --example --output report.html\n"
        "  vardgaranti report export.csv --as-of 2025-06-02 --lang en --top 20\n"
        "  vardgaranti report leverans.xml --as-of 2026-01-31 --method socialstyrelsen",
        formatter_class=HelpFormatter,
    )
    add_input_options(parser)
    # as `stats`: a national delivery is counted as of the end of the month it is for
    parser._option_string_actions["--as-of"].help = (
        "the day the page is for, and the census day of the official figures (default: the "
        "last day of the file's DatatGallerFor month, as stats counts; for a file without it, "
        "today in Sweden, Europe/Stockholm)"
    )
    add_rule_options(parser)
    parser.add_argument(
        "--output",
        "-o",
        default=_DEFAULT_PAGE,
        metavar="OUT",
        help="the HTML file to write (default report.html; '-': standard output); written "
        "whole or not at all",
    )
    parser.add_argument(
        "--lang", choices=("sv", "en"), default="sv", help="language of the page (default sv)"
    )
    parser.add_argument(
        "--top",
        type=count_type,
        default=10,
        metavar="N",
        help="show the N worklist groups with the earliest deadlines (default 10); "
        "'vardgaranti worklist' gives them all",
    )
    parser.add_argument(
        "--horizon",
        type=days_type,
        default=28,
        metavar="DAYS",
        help="a patient without a booking ahead is on the worklist with at most DAYS days left "
        "(default 28)",
    )
    parser.add_argument(
        "--method",
        default="skr",
        type=name_type,
        metavar="NAME|FILE",
        help="the official statistics set beside the law's count: skr (default), "
        "socialstyrelsen, or a method .toml file",
    )
    add_jobs_option(parser, "the report")
    parser.set_defaults(handler=_run_report)


#: The characters of the page written to standard output at a time (at most 8 KiB in UTF-8,
#: the buffer of a stream to a pipe).
_PIECE = 2048


class _Kept(io.BufferedRandom):
    """A stream that can be read once kept in a temporary file: named as the stream is."""

    shown = "<stdin>"

    @property
    def name(self) -> str:
        return self.shown


def _kept(source: str) -> _Kept:
    """The bytes of standard input (``-``) or of a pipe (``<(…)``, a FIFO) in a temporary file.

    Mode 600, removed when closed or at exit. A delivery read once by nature is read twice
    here: for the month it names (its census day, the default as-of day) and for the report;
    the file, on disk, keeps memory flat.
    """
    import shutil
    import sys
    import tempfile

    from ._text import shown
    from .errors import WaitingListError

    if source == "-":
        if sys.stdin is None:  # (a program started with its standard input closed: <&-)
            raise WaitingListError(
                "-: standard input is closed; give the list on it, or its file's path"
            )
        stream = sys.stdin.buffer
    else:
        try:
            stream = open(source, "rb")  # noqa: SIM115 (closed below)
        except OSError as error:
            raise WaitingListError(f"{shown(source)}: cannot open ({error.strerror})") from error
    kept = _Kept(tempfile.TemporaryFile(buffering=0))  # noqa: SIM115 (closed by the caller)
    if source != "-":
        kept.shown = source
    try:
        shutil.copyfileobj(stream, kept, 1 << 20)
        kept.seek(0)
    except BaseException:
        kept.close()
        raise
    finally:
        if source != "-":
            stream.close()
    return kept


#: The page's file without ``--output`` (this very object: a name given is another).
_DEFAULT_PAGE = "".join(["report", ".html"])


def _run_report(args: argparse.Namespace, out: TextIO) -> int:
    from ._messages import message
    from ._report import gather_report, render_report, require_report_extra, write_report

    require_report_extra()  # before reading anything
    source, as_of = input_source(args)
    from ._stats import load_method
    from ._text import echo
    from .errors import MethodError

    with said_of("--method"):  # (before the file is read)
        try:
            load_method(args.method)
        except MethodError as error:  # (not legal, which the report refuses: it is no option)
            if not str(error).startswith("unknown method"):
                raise
            raise MethodError(
                f"unknown method {echo(args.method)}; use skr, socialstyrelsen or a method .toml "
                "file (the report sets an official method beside the law's count)"
            ) from None
    read: str | IO[bytes] = source
    if args.as_of is None and not args.example:
        if source == "-" or not os.path.isfile(source):  # (read once by nature, a pipe: kept
            read = _kept(source)  # to be read again, its month found first)
        census = census_of(args, read)
        if not isinstance(read, str):
            read.seek(0)
        if census is not None:  # a delivery for a month: its census day, as stats counts
            as_of = census
            warn(message("cli.as-of-census", args.lang, as_of=as_of))
        else:
            warn(message("cli.as-of-today", args.lang, as_of=as_of))
    if args.example:  # the page names the example, not the folder it is installed in
        import io
        from pathlib import Path

        example = io.BytesIO(Path(source).read_bytes())
        example.name = Path(source).name
        read = example
    options = {
        "as_of": as_of,
        "top": args.top,
        "horizon": args.horizon,
        "method": args.method,
        "notes": note_in(args.lang),
        "workers": jobs_of(args.jobs),
        **reading_of(args),
    }
    with no_gc():
        if args.output is None:  # `-o -`: the page to standard output
            report = gather_report(read, **options)
            page = render_report(report, args.lang)
            # In pieces that fit the stream's buffer, each flushed: a write larger than the
            # buffer that the pipe took only part of (its reader gone, `| head`) returned the
            # part without an error, the rest dropped, and the command said it succeeded.
            for start in range(0, len(page), _PIECE):
                out.write(page[start : start + _PIECE])
                out.flush()
        else:
            report = write_report(read, args.output, lang=args.lang, **options)
            if args.output is _DEFAULT_PAGE:  # (a script's `> page.html` got nothing, in silence)
                warn(message("cli.report-default", args.lang, page=_DEFAULT_PAGE))
    if isinstance(read, _Kept):
        read.close()  # (the temporary file goes with it)
    if report.errors:
        warn(message("cli.report-errors", args.lang, errors=report.errors, rows=report.rows))
    return 0
