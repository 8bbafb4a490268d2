"""Properties of ``vardgaranti check`` on generated files, garbage included.

Any file with the required columns, its header in any order and any case, extra columns and
result columns of an earlier run mixed in, and any cells at all (quotes, delimiters, newlines
inside quoted cells, unicode, empty cells, formula-looking text, rows too short or too long)
gives exactly one output row per input row, in order, with its cells (escaped) and id kept.
Any text or bytes at all either check or raise :class:`WaitingListError`, nothing else; the
command line then exits 0, 1 or 2, never with a traceback.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Final

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vardgaranti import Status
from vardgaranti._cli import main
from vardgaranti._text import echo
from vardgaranti._waiting_list import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    RESULT_COLUMNS,
    WaitingListRow,
    check_waiting_list,
    escape_formula,
    evaluate_many,
    read_waiting_list,
)
from vardgaranti.errors import WaitingListError

pytestmark = pytest.mark.usefixtures("check_engine")  # the batch suite through both engines

AS_OF: Final = date(2025, 6, 2)
KNOWN: Final = frozenset((*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, *RESULT_COLUMNS))
STATUSES: Final = frozenset(status.value for status in Status)
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER: Final = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")
PROPERTY = settings(max_examples=120, deadline=None)

# -- strategies ----------------------------------------------------------------------------------

_SPECIAL: Final = list(";,\"'\n\r\t=+-@ åäöÖ€\u00a0\u200b😀\x00")
garbage = st.text(
    alphabet=st.one_of(st.characters(codec="utf-8"), st.sampled_from(_SPECIAL)),
    max_size=14,
)
formula = st.builds(
    lambda first, rest: first + rest, st.sampled_from(["=", "+", "-", "@", "\t", "\r"]), garbage
)
iso_dates = st.dates(min_value=date(2003, 1, 1), max_value=date(2026, 1, 31)).map(date.isoformat)
dates = st.one_of(iso_dates, st.just(""), garbage, st.sampled_from(["2025-02-30", "31/12/2025"]))
LEVEL_WORDS: Final = "visit treatment contact assessment besök Behandling KONTAKT bedömning besk"
levels = st.one_of(st.sampled_from([*LEVEL_WORDS.split(), " visit ", ""]), garbage)
exclusion_items = st.builds(
    lambda reason, start, end: f"{reason}:{start}..{end}",
    st.sampled_from(["mov", "pvv", "region", "MOV", "sjuk"]),
    iso_dates,
    iso_dates,
)
exclusions = st.one_of(
    st.just(""),
    st.builds(
        lambda items, separator: separator.join(items),
        st.lists(exclusion_items, min_size=1, max_size=3),
        st.sampled_from(["; ", ",", " ", ";"]),
    ),
    garbage,
)
listed = st.one_of(st.sampled_from(["ja", "nej", "", "Yes", "no", "1", "0", "kanske"]), garbage)
anything = st.one_of(garbage, formula, st.just(""))
CELLS: Final = {
    "id": st.one_of(st.integers(0, 999).map(lambda n: f"R{n}"), anything),
    "level": levels,
    "start": dates,
    "completed": dates,
    "booked": dates,
    "restart": dates,
    "exclusions": exclusions,
    "listed": listed,
    "unit": anything,
    "referred": dates,
    "provider": st.one_of(anything, st.sampled_from(["Capio", " ", "\x1c", "\u00a0", "\u2003"])),
}
#: The columns that name who referred care elsewhere (``check`` then adds ``costs_covered``).
COSTS_COLUMNS: Final = ("referred", "provider")

extra_names = st.text(
    alphabet=st.sampled_from(list("abcxyzÅÄÖéü_ -=+@0123456789")), min_size=0, max_size=8
).filter(lambda name: name.strip().lower() not in KNOWN)


@st.composite
def spelled(draw: st.DrawFn, name: str) -> str:
    """A known column name in some case, maybe with blanks around it."""
    cased = draw(st.sampled_from([name, name.upper(), name.title(), name.swapcase()]))
    return draw(st.sampled_from(["", " "])) + cased + draw(st.sampled_from(["", "  "]))


@st.composite
def waiting_lists(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    """A header (required, some optional, some result and some extra columns) and rows."""
    optional = draw(st.lists(st.sampled_from((*OPTIONAL_COLUMNS, *COSTS_COLUMNS)), unique=True))
    results = draw(st.lists(st.sampled_from(RESULT_COLUMNS), unique=True, max_size=3))
    extras = draw(st.lists(extra_names, max_size=3))
    names = [*REQUIRED_COLUMNS, *optional, *results]
    columns = draw(st.permutations([*names, *(None for _ in extras)]))
    extra_iter = iter(extras)
    header: list[str] = []
    kinds: list[str | None] = []
    for column in columns:
        if column is None:
            header.append(next(extra_iter))
            kinds.append(None)
        else:
            header.append(draw(spelled(column)))
            kinds.append(column)
    rows: list[list[str]] = []
    for _ in range(draw(st.integers(0, 12))):
        row = [draw(CELLS.get(kind, anything) if kind else anything) for kind in kinds]
        shape = draw(st.sampled_from(["same"] * 6 + ["short", "long"]))
        if shape == "short":
            row = row[: draw(st.integers(1, len(row) - 1))]
        elif shape == "long":
            row += draw(st.lists(anything, min_size=1, max_size=2))
        rows.append(row)
    return header, rows


def _encode(header: list[str], rows: list[list[str]], delimiter: str, quote_all: bool) -> str:
    buffer = io.StringIO()
    # "\r\n": the csv module quotes a cell holding "\r" only when "\r" is in the terminator
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        lineterminator="\r\n",
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _parse(text: str, delimiter: str) -> list[list[str]]:
    return list(
        csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=delimiter)
    )


# -- properties ----------------------------------------------------------------------------------


@PROPERTY
@given(
    waiting_lists(),
    st.sampled_from([";", ","]),
    st.booleans(),
    st.booleans(),
    st.sampled_from([AS_OF, date(2025, 1, 15), date(2018, 3, 1)]),
    st.booleans(),
)
def test_every_row_comes_out_once_in_order_with_its_cells(
    data: tuple[list[str], list[list[str]]],
    delimiter: str,
    bom: bool,
    quote_all: bool,
    as_of: date,
    ended: bool,
) -> None:
    header, rows = data
    text = ("\ufeff" if bom else "") + _encode(header, rows, delimiter, quote_all)
    if not ended:  # the last record without a line end (a review: never drawn, and a reader
        text = text.removesuffix("\r\n")  # that dropped such a record passed)
    output = io.StringIO(newline="")
    summary = check_waiting_list(io.StringIO(text, newline=""), output, as_of=as_of)
    written = output.getvalue()
    assert written.startswith("\ufeff") is bom
    out = _parse(written, delimiter)

    names = [name.strip().lower() for name in header]
    kept = [i for i, name in enumerate(names) if name not in RESULT_COLUMNS]
    # A file that names who referred care elsewhere also gets costs_covered, before error.
    columns: tuple[str, ...] = RESULT_COLUMNS
    if any(name in COSTS_COLUMNS for name in names):
        columns = (*RESULT_COLUMNS[:-1], "costs_covered", "error")
    assert out[0] == [*(escape_formula(header[i]) for i in kept), *columns]
    assert len(out) == len(rows) + 1
    assert summary.rows == len(rows)
    i_id = names.index("id")
    errors = empty = 0
    for row, line in zip(rows, out[1:], strict=True):
        assert len(line) == len(kept) + len(columns)
        padded = row + [""] * len(header)
        assert line[: len(kept)] == [escape_formula(padded[i]) for i in kept]
        assert line[kept.index(i_id)] == escape_formula(row[i_id] if i_id < len(row) else "")
        results = dict(zip(columns, line[len(kept) :], strict=True))
        blank = all(not cell.strip() for cell in row)
        if results["error"]:
            errors += 1
            assert all(results[name] == "" for name in columns[:-1])
        elif blank:  # an empty row keeps its place, is no error, and has no results
            empty += 1
            assert all(results[name] == "" for name in columns)
        else:
            assert results["status"] in STATUSES
            assert results.get("costs_covered", "") in ("", "yes", "no")
        if len(row) != len(header) and not blank:
            cells = "1 cell" if len(row) == 1 else f"{len(row)} cells"
            expected = f"the row has {cells} but the header has {len(header)}"
            if len(row) > len(header):
                extra = row[len(header) :]
                hint = "" if any(extra) else "; they are empty: does the line end with a delimiter"
                expected += f" (extra cells: {echo(extra)}{hint}"
                expected += " the header does not?)" if hint else ")"
            assert results["error"] == escape_formula(expected)
        for cell in line:  # nothing a spreadsheet would run, checked independently
            assert not cell.startswith(FORMULA_START) or PLAIN_NUMBER.fullmatch(cell), line
    assert (summary.errors, summary.empty) == (errors, empty)


@PROPERTY
@given(waiting_lists(), st.sampled_from([";", ","]))
def test_the_api_yields_one_item_per_row_in_order(
    data: tuple[list[str], list[list[str]]], delimiter: str
) -> None:
    header, rows = data
    text = _encode(header, rows, delimiter, quote_all=False)
    read = list(read_waiting_list(io.StringIO(text, newline="")))
    assert [row.number for row in read] == list(range(1, len(rows) + 1))
    i_id = [name.strip().lower() for name in header].index("id")
    assert [row.cells.get("id", "") for row in read] == [
        row[i_id] if i_id < len(row) else "" for row in rows
    ]
    done = list(evaluate_many(read, as_of=AS_OF))
    assert [item.item for item in done] == read
    for item in done:
        assert isinstance(item.item, WaitingListRow)
        if item.item.empty:  # only delimiters: no patient, no error
            assert item.result is None
            assert item.error is None
            assert all(not cell.strip() for cell in item.item.cells.values())
        else:
            assert (item.result is None) != (item.error is None)

    # and the fast path finds the same rows bad, and the same statuses for the good ones
    output = io.StringIO(newline="")
    check_waiting_list(io.StringIO(text, newline=""), output, as_of=AS_OF)
    out = _parse(output.getvalue(), delimiter)
    for item, line in zip(done, out[1:], strict=True):
        assert isinstance(item.item, WaitingListRow)
        cells = item.item.cells
        error = line[-1]
        if error.startswith("referred: ") and item.error is None:
            # check reads the referral for costs_covered, which the API's evaluation does
            # not compute (costs_covered() takes the referral from the caller)
            continue
        assert bool(error) == (item.error is not None), (cells, error, item.error)
        if item.result is not None:
            assert line[out[0].index("status")] == item.result.status.value


files = st.one_of(
    st.text(max_size=300),
    st.builds(lambda body: "id;level;start\n" + body, st.text(max_size=300)),
    st.builds(lambda body: "\ufeffID,Level,Start,unit\n" + body, st.text(max_size=300)),
)


@PROPERTY
@given(files)
def test_any_text_either_checks_or_raises_waiting_list_error(text: str) -> None:
    output = io.StringIO(newline="")
    try:
        summary = check_waiting_list(io.StringIO(text, newline=""), output, as_of=AS_OF)
    except WaitingListError:
        return
    written = output.getvalue().removeprefix("\ufeff")
    for delimiter in (";", ","):
        out = _parse(written, delimiter)
        if out and out[0][-len(RESULT_COLUMNS) :] == list(RESULT_COLUMNS):
            break
    else:
        raise AssertionError(f"no header in {written!r}")
    assert len(out) == summary.rows + 1
    assert len({len(line) for line in out}) == 1
    assert summary.errors == sum(1 for line in out[1:] if line[-1])


byte_files = st.one_of(
    st.binary(max_size=300),
    files.map(lambda text: text.encode("utf-8")),
    files.map(lambda text: text.encode("utf-8", "replace") + b"\xff\xfe"),
    st.builds(lambda body: b"id;level;start\n" + body, st.binary(max_size=200)),
)


@settings(max_examples=60, deadline=None)
@given(byte_files, st.booleans())
def test_the_command_line_exits_0_1_or_2_and_never_with_a_traceback(
    content: bytes, to_file: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.csv"
        source.write_bytes(content)
        target = Path(folder) / "out.csv"
        argv = ["check", str(source), "--as-of", "2025-06-02", "--summary", "json"]
        if to_file:
            argv += ["--output", str(target)]
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(argv)
        assert code in (0, 1, 2), stderr.getvalue()
        assert "Traceback" not in stderr.getvalue()
        assert "internal error" not in stderr.getvalue()
        leftovers = sorted(path.name for path in Path(folder).iterdir())
        if code == 2:
            assert stderr.getvalue().startswith("vardgaranti: error: ")
            assert leftovers == ["in.csv"]  # no output file, no partial file
        elif to_file:
            assert leftovers == ["in.csv", "out.csv"]


_PLAIN_CELL: Final = st.text(alphabet="abcåäö XYZ019:.-", max_size=8)


@PROPERTY
@given(
    st.lists(
        st.lists(st.tuples(_PLAIN_CELL, st.booleans()), min_size=4, max_size=4),
        min_size=2,
        max_size=12,
    ),
    st.data(),
    st.sampled_from([";", ","]),
)
def test_a_stray_quote_never_takes_another_row_with_it(
    rows: list[list[tuple[str, bool]]], data: st.DataObject, delimiter: str
) -> None:
    # Rows of a list, some cells quoted (as a spreadsheet quotes a cell with the delimiter in
    # it); one cell of one row begins with a quote that is never closed. Every line keeps a
    # row of its own, in its place, with its id (the stray row's first cell may run to its
    # line's end): the quote takes no other patient into its cell.
    header = ["id", "level", "start", "unit", "note", "x"]
    lines = []
    for number, cells in enumerate(rows):
        written = [f"P{number}", "visit", "2025-03-03"]
        # (quoted as a spreadsheet quotes: "Hud; Syd", or a cell it need not quote, "mov:…")
        for text, quoted in cells[:3]:
            if quoted:
                text = f"{text}{delimiter} x" if len(text) % 2 else text
            written.append(f'"{text}"' if quoted else text)
        lines.append(written)
    stray_row = data.draw(st.integers(0, len(lines) - 1))
    stray_cell = data.draw(st.integers(0, 5))
    lines[stray_row][stray_cell] = '"' + lines[stray_row][stray_cell].replace('"', "")
    text = delimiter.join(header) + "\n" + "".join(delimiter.join(line) + "\n" for line in lines)
    output = io.StringIO(newline="")
    summary = check_waiting_list(io.StringIO(text, newline=""), output, as_of=AS_OF)
    out = _parse(output.getvalue(), delimiter)[1:]
    assert summary.rows == len(lines)
    assert len(out) == len(lines)
    for number, row in enumerate(out):
        assert row[0].startswith(f"P{number}") if number == stray_row else row[0] == f"P{number}"


@settings(max_examples=40, deadline=None)
@given(waiting_lists(), st.sampled_from([";", ","]), st.sampled_from(["utf-8-sig", "cp1252"]))
def test_standard_input_gives_the_bytes_the_same_file_gives(
    data: tuple[list[str], list[list[str]]], delimiter: str, encoding: str
) -> None:
    """``check -``: standard input is read as the file is (one row per record, in order)."""
    header, rows = data
    text = _encode(header, rows, delimiter, quote_all=False)
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        raw = text.encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "lista.csv"
        source.write_bytes(raw)
        written = {}
        codes = {}
        for name in ("file", "stdin"):
            out = Path(folder) / f"{name}.csv"
            argv = ["check", str(source) if name == "file" else "-", "--as-of", "2025-06-02"]
            stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8", errors="strict")
            with (
                contextlib.redirect_stderr(io.StringIO()),
                _patched_stdin(stdin),
            ):
                codes[name] = main([*argv, "--output", str(out)])
            written[name] = out.read_bytes() if out.exists() else b""
    assert codes["stdin"] == codes["file"]
    assert written["stdin"] == written["file"]


@contextlib.contextmanager
def _patched_stdin(stream: io.TextIOWrapper) -> Iterator[None]:
    import sys

    saved = sys.stdin
    sys.stdin = stream
    try:
        yield
    finally:
        sys.stdin = saved
