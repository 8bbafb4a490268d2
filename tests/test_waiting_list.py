"""Waiting lists: reading, the fast path of ``vardgaranti check``, its CLI and its summary.

Every figure in the hand-written files below was computed by hand (calendar days, the start is
day 0, as of 2025-06-02 unless said otherwise) and is written out literally.
"""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import io
import itertools
import json
import random
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Final

import pytest

from vardgaranti import Case, Policy, evaluate, parse_exclusions
from vardgaranti._cli import main
from vardgaranti._messages import note_text
from vardgaranti._waiting_list import (
    RESULT_COLUMNS,
    CheckSummary,
    Evaluated,
    WaitingListRow,
    check_waiting_list,
    escape_formula,
    evaluate_many,
    example_waiting_list,
    parse_listed,
    read_waiting_list,
)
from vardgaranti.errors import VardgarantiError, WaitingListError

pytestmark = pytest.mark.usefixtures("check_engine")  # the batch suite through both engines

AS_OF: Final = date(2025, 6, 2)
ROOT: Final = Path(__file__).resolve().parents[1]
GENERATOR_PATH: Final = ROOT / "benchmarks" / "generate_waiting_list.py"
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")

MakeRow = Callable[[int, random.Random, date], list[str]]
Spoil = Callable[[list[str], random.Random], list[str]]


def _load_generator() -> tuple[MakeRow, Spoil, tuple[str, ...]]:
    spec = importlib.util.spec_from_file_location("generate_waiting_list", GENERATOR_PATH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    make_row: MakeRow = module.make_row
    spoil: Spoil = module.spoil
    header: tuple[str, ...] = tuple(module.HEADER)
    return make_row, spoil, header


MAKE_ROW, SPOIL, GEN_HEADER = _load_generator()


# -- helpers -------------------------------------------------------------------------------------


def _csv_text(rows: list[list[str]], delimiter: str = ";") -> str:
    buffer = io.StringIO()
    # "\r\n": the csv module quotes a cell with "\r" only when "\r" is in the line terminator
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _parse(text: str, delimiter: str = ";") -> list[list[str]]:
    return list(
        csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=delimiter)
    )


def _check(
    text: str,
    *,
    as_of: date = AS_OF,
    policy: Policy = Policy(),  # noqa: B008 - frozen
    delimiter: str = ";",
) -> tuple[list[list[str]], CheckSummary]:
    """Check *text*; the output rows (header first) and the summary."""
    output = io.StringIO(newline="")
    summary = check_waiting_list(io.StringIO(text, newline=""), output, as_of=as_of, policy=policy)
    return _parse(output.getvalue(), delimiter), summary


def _results(row: list[str]) -> dict[str, str]:
    return dict(zip(RESULT_COLUMNS, row[-len(RESULT_COLUMNS) :], strict=True))


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _write(tmp_path: Path, text: str, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _assert_one_line_error(err: str, *fragments: str) -> None:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("vardgaranti: error: ")
    for fragment in fragments:
        assert fragment in lines[0]


FULL_HEADER: Final = "id;level;start;completed;booked;exclusions;restart;listed;unit;note"


# -- rows kept: count, order, errors in their place -----------------------------------------------


def test_every_row_is_kept_in_order_with_bad_rows_mixed_in() -> None:
    rows = [
        ["A1", "visit", "2025-03-01", "", "", "", "", "", "U", "ok"],
        ["A2", "besk", "2025-03-01", "", "", "", "", "", "U", "bad level"],
        ["A3", "treatment", "2025-05-01", "", "", "", "", "", "U", "ok"],
        ["A4", "visit", "2025-02-30", "", "", "", "", "", "U", "bad start"],
        ["A5", "visit"],  # too few cells
        ["A6", "visit", "2025-04-01", "", "", "", "", "", "U", "ok"],
        ["A7", "visit", "2025-04-01", "2025-03-01", "", "", "", "", "U", "completed before"],
        ["A8", "visit", "2025-04-01", "", "", "", "", "", "U", "ok", "one too many"],
        ["A9", "kontakt", "2025-06-02", "2025-06-02", "", "", "", "ja", "V", "ok"],
    ]
    text = FULL_HEADER + "\n" + _csv_text(rows)
    out, summary = _check(text)
    assert out[0] == [*FULL_HEADER.split(";"), *RESULT_COLUMNS]
    body = out[1:]
    assert [row[0] for row in body] == [f"A{n}" for n in range(1, 10)]
    assert all(len(row) == 10 + len(RESULT_COLUMNS) for row in body)
    bad = {"A2", "A4", "A5", "A7", "A8"}
    for row in body:
        results = _results(row)
        if row[0] in bad:
            assert results["error"], row
            assert all(results[c] == "" for c in RESULT_COLUMNS if c != "error"), row
        else:
            assert results["error"] == "", row
            assert results["status"], row
    assert (summary.rows, summary.errors) == (9, 5)
    # the cells of a row with too many cells: the columns of the header, no more
    assert body[7][:10] == rows[7][:10]
    # a row with too few cells: what is there, then empty cells
    assert body[4][:10] == ["A5", "visit", *[""] * 8]


def test_generated_rows_with_mistakes_keep_count_and_order() -> None:
    rng = random.Random(7)
    rows = []
    for index in range(1, 801):
        row = MAKE_ROW(index, rng, AS_OF)
        rows.append(SPOIL(row, rng) if rng.random() < 0.25 else row)
    text = _csv_text([list(GEN_HEADER), *rows])
    out, summary = _check(text)
    assert [row[0] for row in out[1:]] == [row[0] for row in rows]
    assert summary.rows == 800
    errors = [row for row in out[1:] if _results(row)["error"]]
    assert len(errors) == summary.errors
    assert 100 < summary.errors < 250  # about a quarter spoiled (a formula note is no error)


def test_blank_lines_are_not_rows() -> None:
    text = "id;level;start\n\nA;visit;2025-03-01\n\n\nB;visit;2025-03-02\n"
    out, summary = _check(text)
    assert [row[0] for row in out[1:]] == ["A", "B"]
    assert summary.rows == 2


@pytest.mark.parametrize(
    "text",
    [
        "id;level;start\r\nA;visit;2025-03-01\r\nB;visit;2025-03-02\r\n\x1a",
        "id;level;start\r\nA;visit;2025-03-01\r\nB;visit;2025-03-02\r\n\x1a\r\n",
        "id;level;start\nA;visit;2025-03-01\n\x1a\nB;visit;2025-03-02\n",
    ],
)
def test_a_line_of_doss_end_mark_alone_is_not_a_row(text: str) -> None:
    # A Windows review: an old DOS tool's Ctrl-Z (0x1A) after the last line was a row with an
    # error ("the row has 1 cell"), exit 1, the byte written back; a blank line is no row.
    out, summary = _check(text)
    assert [row[0] for row in out[1:]] == ["A", "B"]
    assert (summary.rows, summary.errors) == (2, 0)
    assert "\x1a" not in "".join(cell for row in out for cell in row)
    from vardgaranti import assess_file  # (the reader of stats, validate, worklist, report)

    with assess_file(io.StringIO(text), as_of=AS_OF) as file:
        assert [(row.cells[0], row.error) for row in file.rows] == [("A", None), ("B", None)]


def test_doss_end_mark_within_a_row_is_the_rows_text() -> None:
    # (only a line of it alone is no row: in a cell it is that cell's, and an error says so)
    out, summary = _check("id;level;start\nA;visit;2025-03-01\x1a\n")
    assert [row[0] for row in out[1:]] == ["A"]
    assert summary.rows == 1


# -- error messages name the column --------------------------------------------------------------

BAD_CELLS: Final = [
    # (column, cells that differ from a good row), the error must start with "column:"
    ("level", {"level": "besk"}),
    ("level", {"level": ""}),
    ("start", {"start": "2025-02-30"}),
    ("start", {"start": "31/12/2024"}),
    ("start", {"start": ""}),
    ("completed", {"completed": "2025-13-01"}),
    ("completed", {"completed": "2025-02-01"}),  # before the start
    ("booked", {"booked": "31/12/2025"}),
    ("booked", {"booked": "2025-02-01"}),  # before the start
    ("exclusions", {"exclusions": "mov:2025-05-10..2025-05-01"}),  # ends before it begins
    ("exclusions", {"exclusions": "sjuk:2025-04-01..2025-04-10"}),  # unknown reason
    ("exclusions", {"exclusions": "mov 2025-04-01"}),  # not REASON:FROM..TO
    ("exclusions", {"exclusions": "pvv:2025-04-01..2025-04-31"}),  # not a date
    ("exclusions", {"level": "contact", "exclusions": "mov:2025-04-01..2025-04-02"}),
    ("restart", {"restart": "2025-02-30"}),
    ("restart", {"restart": "2025-02-01"}),  # before the start
    ("restart", {"restart": "2025-05-01", "completed": "2025-04-01"}),  # after the completion
    ("listed", {"listed": "kanske"}),
]


def _row_with(cells: dict[str, str]) -> str:
    good = {
        "id": "X1",
        "level": "visit",
        "start": "2025-03-01",
        "completed": "",
        "booked": "",
        "exclusions": "",
        "restart": "",
        "listed": "",
        "unit": "U",
        "note": "n",
    }
    good.update(cells)
    return _csv_text([[good[name] for name in FULL_HEADER.split(";")]])


@pytest.mark.parametrize(("column", "cells"), BAD_CELLS)
def test_check_names_the_column_of_a_bad_cell(column: str, cells: dict[str, str]) -> None:
    out, summary = _check(FULL_HEADER + "\n" + _row_with(cells))
    error = _results(out[1])["error"]
    assert error.startswith(f"{column}: "), error
    assert summary.errors == 1


@pytest.mark.parametrize(
    ("column", "cells"),
    [(column, cells) for column, cells in BAD_CELLS if cells.get("level") != "contact"],
)  # an exclusion on contact is refused by the rules, when evaluated, not when read
def test_read_waiting_list_names_the_column_of_a_bad_cell(
    column: str, cells: dict[str, str]
) -> None:
    (row,) = read_waiting_list(io.StringIO(FULL_HEADER + "\n" + _row_with(cells)))
    assert row.case is None
    assert row.error is not None
    assert row.error.startswith(f"{column}: "), row.error


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"start": "2025-06-03"}, "start"),  # after the as-of date
        ({"start": "2001-01-02"}, "start"),  # no rule in force yet
        ({"start": "2025-03-01", "restart": "2025-02-05"}, "restart"),  # restart before start
        ({"level": "first-assessment"}, "level"),  # not a level of the national rules
    ],
)
def test_check_names_the_column_when_the_dates_do_not_fit_the_as_of_or_the_rules(
    cells: dict[str, str], column: str
) -> None:
    out, _ = _check(FULL_HEADER + "\n" + _row_with(cells))
    assert _results(out[1])["error"].startswith(f"{column}: ")


def test_a_restart_after_the_as_of_day_has_not_happened_yet_in_check() -> None:
    # Like a completion after the as-of day, a later restart does not count yet: the clock
    # still runs from the start (90 days from 2025-03-01 is 2025-05-30).
    out, summary = _check(
        FULL_HEADER + "\n" + _row_with({"start": "2025-03-01", "restart": "2025-06-05"})
    )
    results = _results(out[1])
    assert results["error"] == ""
    assert results["deadline"] == "2025-05-30"
    assert summary.errors == 0


@pytest.mark.parametrize("cells", [["A", "visit"], ["A", "visit", "2025-03-01", "x", "y"]])
def test_a_row_with_the_wrong_number_of_cells_says_so(cells: list[str]) -> None:
    out, _ = _check("id;level;start;note\n" + _csv_text([cells]))
    expected = f"the row has {len(cells)} cells but the header has 4"
    if len(cells) > 4:
        expected += " (extra cells: ['y'])"  # nothing is lost: the extra cell is kept here
    assert _results(out[1])["error"] == expected
    (row,) = read_waiting_list(io.StringIO("id;level;start;note\n" + _csv_text([cells])))
    assert row.error == expected


def test_a_row_with_empty_cells_past_the_header_names_the_delimiter_at_its_end() -> None:
    # An export that ends every data line with a delimiter (and not the header): the rows are
    # errors, as any row of the wrong width, and the message says what the user can fix.
    text = "id;level;start\nA;visit;2025-03-01;\nB;visit;2025-03-01;x\n"
    out, summary = _check(text)
    assert _results(out[1])["error"] == (
        "the row has 4 cells but the header has 3 (extra cells: ['']; they are empty: "
        "does the line end with a delimiter the header does not?)"
    )
    assert (
        _results(out[2])["error"] == "the row has 4 cells but the header has 3 (extra cells: ['x'])"
    )
    assert summary.errors == 2


def test_exclusion_periods_split_over_cells_are_named_as_the_cause() -> None:
    """An exclusions cell with the delimiter in it, not quoted: its periods in two cells."""
    text = (
        "id;level;start;exclusions;note\n"
        "A;visit;2025-03-03;mov:2025-04-01..2025-04-14;pvv:2025-05-01..2025-05-03;x\n"
        'B;visit;2025-03-03;"mov:2025-04-01..2025-04-14;pvv:2025-05-01..2025-05-03";x\n'
        "C;visit;2025-03-03;mov:2025-04-01..2025-04-14;x;y\n"
    )
    out, summary = _check(text)
    assert _results(out[1])["error"] == (
        "the row has 6 cells but the header has 5 (extra cells: ['x']; two or more cells hold "
        "exclusion periods (reason:first..last): is the exclusions cell split at a delimiter "
        "inside it? Quote that cell)"
    )
    assert _results(out[2])["error"] == ""  # (quoted: one cell, both periods)
    assert _results(out[3])["error"] == (
        "the row has 6 cells but the header has 5 (extra cells: ['y'])"
    )  # (one period: nothing says it was split)
    assert summary.errors == 2
    # Two period columns, and a delimiter at the end of the line: the empty cell is the cause.
    out, _ = _check(
        "id;level;start;exclusions;earlier\n"
        "A;visit;2025-03-01;mov:2025-04-01..2025-04-14;mov:2024-04-01..2024-04-14;\n"
    )
    assert _results(out[1])["error"] == (
        "the row has 6 cells but the header has 5 (extra cells: ['']; they are empty: "
        "does the line end with a delimiter the header does not?)"
    )


# -- hand-computed rows and the summary -----------------------------------------------------------

SUMMARY_CSV: Final = """\
id;unit;level;start;completed;booked;exclusions;listed
O1;Ortopedi;visit;2025-03-01;2025-04-10;;;
O2;Ortopedi;visit;2025-01-02;2025-05-01;;;
O3;Ortopedi;visit;2025-02-01;;;;
O4;Ortopedi;visit;2025-05-20;;2025-06-10;;
O5;Ortopedi;treatment;2025-03-10;;2025-06-20;;
O6;Ortopedi;treatment;2024-11-01;2025-02-20;;mov:2024-12-01..2024-12-31;
O7;Ortopedi;besk;2025-03-01;;;;
N1;VC Norr;contact;2025-06-02;2025-06-02;;;ja
N2;VC Norr;assessment;2025-05-26;2025-05-30;;;ja
N3;VC Norr;assessment;2025-05-30;;;;nej
N4;VC Norr;assessment;2025-05-31;;;;
N5;VC Norr;kontakt;2025-05-20;;;;ja
X1;;visit;2024-10-01;;;;
"""

#: id -> deadline, status, days_waited, days_left, excluded_days, care_elsewhere (by hand).
SUMMARY_ROWS: Final = {
    # 2025-03-01 + 90 = 2025-05-30; care on 04-10 is met; waited 30 + 10 = 40
    "O1": ["2025-05-30", "met", "40", "", "0", "no"],
    # 2025-01-02 + 90 = 2025-04-02; care on 05-01 missed; waited 29+28+31+30+1 = 119
    "O2": ["2025-04-02", "missed", "119", "", "0", "no"],
    # 2025-02-01 + 90 = 2025-05-02; open on 06-02: overdue; waited 27+31+30+31+2 = 121
    "O3": ["2025-05-02", "overdue", "121", "", "0", "yes"],
    # 2025-05-20 + 90 = 2025-08-18; booked before it: within; 28+31+18 = 77 left; waited 13
    "O4": ["2025-08-18", "within", "13", "77", "0", "no"],
    # 2025-03-10 + 90 = 2025-06-08; booked 06-20, after it: at risk, care elsewhere; 6 left
    "O5": ["2025-06-08", "at_risk", "84", "6", "0", "yes"],
    # 2024-11-01 + 90 = 2025-01-30, + 31 excluded December days = 2025-03-02; met on 02-20;
    # waited 111 days minus the 31 excluded = 80
    "O6": ["2025-03-02", "met", "80", "", "31", "no"],
    "N1": ["2025-06-02", "met", "0", "", "0", "no"],
    # 2025-05-26 + 3 = 2025-05-29; completed 05-30: missed
    "N2": ["2025-05-29", "missed", "4", "", "0", "no"],
    # not listed at a vårdval provider: not covered, no figures
    "N3": ["", "not_covered", "", "", "", "no"],
    # 2025-05-31 + 3 = 2025-06-03: 1 day left, unbooked: at risk
    "N4": ["2025-06-03", "at_risk", "2", "1", "0", "no"],
    # contact: the same day; open: overdue (no care elsewhere for contact)
    "N5": ["2025-05-20", "overdue", "13", "", "0", "no"],
    # 2024-10-01 + 90 = 2024-12-30; waited 31+30+31+31+28+31+30+31+1 = 244
    "X1": ["2024-12-30", "overdue", "244", "", "0", "yes"],
}

STATUS_NAMES: Final = ("within", "at_risk", "overdue", "met", "missed", "not_covered")
BAND_NAMES: Final = ("0-30", "31-60", "61-90", "91-120", "121-180", "over 180")


def _group(
    unit: str,
    level: str,
    statuses: dict[str, int],
    bands: dict[str, int],
    care: int,
    share: float | None,
) -> dict[str, object]:
    return {
        "unit": unit,
        "level": level,
        "total": sum(statuses.values()),
        "statuses": {name: statuses.get(name, 0) for name in STATUS_NAMES},
        "bands": {name: bands.get(name, 0) for name in BAND_NAMES},
        "care_elsewhere": care,
        "share_met": share,
    }


#: The summary of SUMMARY_CSV, by hand.
EXPECTED_GROUPS: Final = {
    ("", "visit"): _group("", "visit", {"overdue": 1}, {"over 180": 1}, 1, None),
    ("Ortopedi", "treatment"): _group(
        "Ortopedi", "treatment", {"at_risk": 1, "met": 1}, {"61-90": 2}, 1, 1.0
    ),
    ("Ortopedi", "visit"): _group(
        "Ortopedi",
        "visit",
        {"within": 1, "overdue": 1, "met": 1, "missed": 1},
        {"0-30": 1, "31-60": 1, "91-120": 1, "121-180": 1},
        1,
        0.5,
    ),
    ("VC Norr", "assessment"): _group(
        "VC Norr",
        "assessment",
        {"at_risk": 1, "missed": 1, "not_covered": 1},
        {"0-30": 2},  # not_covered is in no band
        0,
        0.0,
    ),
    ("VC Norr", "contact"): _group(
        "VC Norr", "contact", {"overdue": 1, "met": 1}, {"0-30": 2}, 0, 1.0
    ),
}


def test_hand_computed_rows() -> None:
    out, summary = _check(SUMMARY_CSV)
    by_id = {row[0]: row for row in out[1:]}
    for row_id, expected in SUMMARY_ROWS.items():
        results = _results(by_id[row_id])
        assert [results[c] for c in RESULT_COLUMNS[:-1]] == expected, row_id
        assert results["error"] == ""
    assert _results(by_id["O7"])["error"].startswith("level: ")
    assert (summary.rows, summary.errors) == (13, 1)


def test_summary_as_dict_matches_the_hand_count() -> None:
    _, summary = _check(SUMMARY_CSV)
    data = summary.as_dict()
    assert (data["rows"], data["errors"]) == (13, 1)
    groups = data["groups"]
    assert isinstance(groups, list)
    by_key = {(g["unit"], g["level"]): g for g in groups}
    assert by_key == EXPECTED_GROUPS
    assert len(groups) == len(EXPECTED_GROUPS)


def _text_cells(line: str) -> list[str]:
    return re.split(r"\s{2,}", line.strip())


def _words(text: str) -> list[str]:
    return text.split()


def test_summary_text_matches_the_hand_count() -> None:
    _, summary = _check(SUMMARY_CSV)
    lines = summary.as_text().splitlines()
    assert _text_cells(lines[0]) == [
        "unit",
        "level",
        "total",
        *STATUS_NAMES,
        *BAND_NAMES,
        "care_elsewhere",
        "share_met",
    ]
    assert lines[-2] == "rows: 13, rows with errors: 1"
    assert lines[-1].startswith("statuses by the law's clock;")  # not the official statistics
    body = {tuple(_text_cells(line)[:2]): _text_cells(line)[2:] for line in lines[1:-2]}
    #             total within at_risk overdue met missed n/c | bands ...          | care share
    assert body == {
        ("(no unit)", "visit"): _words("1 0 0 1 0 0 0 0 0 0 0 0 1 1 -"),
        ("Ortopedi", "treatment"): _words("2 0 1 0 1 0 0 0 0 2 0 0 0 1 100.0%"),
        ("Ortopedi", "visit"): _words("4 1 0 1 1 1 0 1 1 0 1 1 0 1 50.0%"),
        ("VC Norr", "assessment"): _words("3 0 1 0 0 1 1 2 0 0 0 0 0 0 0.0%"),
        ("VC Norr", "contact"): _words("2 0 0 1 1 0 0 2 0 0 0 0 0 0 100.0%"),
    }


def test_cli_summary_json_goes_to_stderr_when_the_csv_goes_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, SUMMARY_CSV)
    code, out, err = _run(capsys, "check", str(path), "--as-of", "2025-06-02", "--summary", "json")
    assert code == 1
    rows = _parse(out)
    assert [row[0] for row in rows[1:]] == [line[:2] for line in SUMMARY_CSV.splitlines()[1:]]
    data = json.loads(err)  # standard error holds the JSON alone: no line after it
    assert (data["rows"], data["errors"], data["notes"]) == (13, 1, [])
    assert {(g["unit"], g["level"]): g for g in data["groups"]} == EXPECTED_GROUPS


def test_cli_summary_json_on_stderr_carries_the_notes_so_that_stderr_parses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lista.csv"
    path.write_bytes("id;unit;level;start\nA;Öron;visit;2025-03-01\n".encode("cp1252"))
    code, _out, err = _run(capsys, "check", str(path), "--summary", "json")
    data = json.loads(err)
    assert code == 0
    today, encoding = data["notes"]
    assert re.fullmatch(r"as of \d{4}-\d\d-\d\d, today \(give --as-of for another day\)", today)
    assert encoding == f"{path}: not UTF-8; read as Windows-1252"


def test_cli_summary_json_in_a_file_output_run_has_the_notes_and_stderr_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lista.csv"
    path.write_bytes("id;unit;level;start\nA;Öron;visit;2025-03-01\n".encode("cp1252"))
    code, out, err = _run(capsys, "check", str(path), "--as-of", "2025-06-02", "-o",
                          str(tmp_path / "out.csv"), "--summary", "json")  # fmt: skip
    assert code == 0
    assert json.loads(out)["notes"] == [f"{path}: not UTF-8; read as Windows-1252"]
    assert err == f"vardgaranti: {path}: not UTF-8; read as Windows-1252\n"


def test_cli_summary_text_goes_to_stdout_with_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, SUMMARY_CSV)
    target = tmp_path / "out.csv"
    code, out, err = _run(
        capsys, "check", str(path), "--as-of", "2025-06-02", "-o", str(target), "--summary", "text"
    )
    assert code == 1
    assert err == "vardgaranti: 1 of 13 rows has errors (see the 'error' column)\n"
    lines = out.splitlines()
    assert lines[-2] == "rows: 13, rows with errors: 1"
    assert any(_text_cells(line)[:3] == ["Ortopedi", "visit", "4"] for line in lines)
    assert any(_text_cells(line)[-1] == "50.0%" for line in lines)
    checked = _parse(target.read_text(encoding="utf-8"))
    assert len(checked) == 14
    assert _results(checked[1])[RESULT_COLUMNS[0]] == "2025-05-30"


# -- policy options through the CLI ---------------------------------------------------------------


def test_roll_forward_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 2025-03-03 + 90 = 2025-06-01, a Sunday; rolled forward: Monday 2025-06-02
    path = _write(tmp_path, "id;level;start\nR;visit;2025-03-03\n")
    code, out, _ = _run(capsys, "check", str(path), "--as-of", "2025-06-02")
    assert code == 0
    assert _results(_parse(out)[1])["deadline"] == "2025-06-01"
    assert _results(_parse(out)[1])["status"] == "overdue"
    code, out, _ = _run(capsys, "check", str(path), "--as-of", "2025-06-02", "--roll-forward")
    assert code == 0
    results = _results(_parse(out)[1])
    assert (results["deadline"], results["status"], results["days_left"]) == (
        "2025-06-02",
        "at_risk",
        "0",
    )


def test_at_risk_days_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 2025-05-20 + 90 = 2025-08-18: 77 days left on 2025-06-02, unbooked
    path = _write(tmp_path, "id;level;start\nR;visit;2025-05-20\n")
    _, out, _ = _run(capsys, "check", str(path), "--as-of", "2025-06-02")
    assert _results(_parse(out)[1])["status"] == "within"
    _, out, _ = _run(capsys, "check", str(path), "--as-of", "2025-06-02", "--at-risk-days", "77")
    assert _results(_parse(out)[1])["status"] == "at_risk"


# -- encodings, delimiters, headers ---------------------------------------------------------------


@pytest.mark.parametrize("bom", [True, False])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_bom_and_delimiters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bom: bool, delimiter: str
) -> None:
    rows = [
        ["id", "level", "start", "exclusions", "note"],
        ["B1", "besök", "2025-02-21", "mov:2025-05-01..2025-05-12", "a, b; c"],
        ["B2", "visit", "2025-02-21", "mov:2025-05-01..2025-05-03, pvv:2025-05-04..2025-05-05", ""],
    ]
    text = ("\ufeff" if bom else "") + _csv_text(rows, delimiter)
    path = _write(tmp_path, text)
    target = tmp_path / "out.csv"
    code, out, _ = _run(capsys, "check", str(path), "--as-of", "2025-06-02", "-o", str(target))
    assert (code, out) == (0, "")
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") is bom
    written = raw.decode("utf-8").removeprefix("\ufeff")
    assert not written.startswith("\ufeff")
    assert written.splitlines()[0] == delimiter.join([*rows[0], *RESULT_COLUMNS])
    out_rows = _parse(written, delimiter)
    assert out_rows[1][:5] == rows[1]
    assert out_rows[2][:5] == rows[2]
    # 2025-02-21 + 90 = 2025-05-22, + 12 excluded days = 2025-06-03 (B1); + 5 = 2025-05-27 (B2)
    assert [_results(r)["deadline"] for r in out_rows[1:]] == ["2025-06-03", "2025-05-27"]
    assert [_results(r)["excluded_days"] for r in out_rows[1:]] == ["12", "5"]
    # and the id column is found, not "\ufeffid"
    (first, _) = read_waiting_list(path)
    assert first.cells["id"] == "B1"
    assert first.error is None


def test_bom_is_kept_on_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "\ufeffid;level;start\nA;visit;2025-03-01\n")
    code, out, _ = _run(capsys, "check", str(path), "--as-of", "2025-06-02")
    assert code == 0
    assert out.startswith("\ufeffid;level;start;deadline")


def test_header_names_are_case_insensitive_and_kept_as_written() -> None:
    text = " ID ;Level;START;Completed;BOOKED;Exclusions;ReStart;LISTED;Unit\n"
    text += "A;Besök;2025-03-01;2025-04-10;;;;;Ortopedi\n"
    out, summary = _check(text)
    assert out[0][:9] == [" ID ", "Level", "START", "Completed", "BOOKED", "Exclusions",
                          "ReStart", "LISTED", "Unit"]  # fmt: skip
    assert _results(out[1])["status"] == "met"
    assert _results(out[1])["days_waited"] == "40"
    assert {group["unit"] for group in summary.groups()} == {"Ortopedi"}
    (row,) = read_waiting_list(io.StringIO(text))
    assert row.error is None
    assert row.cells["id"] == "A"
    assert row.case is not None
    assert row.case.completed == date(2025, 4, 10)


def test_pass_through_columns_are_untouched_and_in_order() -> None:
    header = ["Anteckning", "id", "Klinik kod", "level", "x", "start", "tomt", "Ö"]
    cells = ['säger "hej"; sen, nej', "P1", "K 100", "visit", "rad 1\nrad 2", "2025-03-01", "", "å"]
    out, _ = _check(_csv_text([header, cells]))
    assert out[0] == [*header, *RESULT_COLUMNS]
    assert out[1][: len(header)] == cells
    assert _results(out[1])["deadline"] == "2025-05-30"


def test_a_duplicated_known_column_is_a_file_level_error() -> None:
    with pytest.raises(WaitingListError, match="'id' appears twice"):
        _check("id;level;start;ID\nA;visit;2025-03-01;B\n")


def test_re_checking_an_output_does_not_duplicate_the_result_columns() -> None:
    text = (
        "id;note;level;start;completed\nA;n;visit;2025-03-01;\nB;=x;visit;2025-03-01;2025-03-02\n"
    )
    first, _ = _check(text)
    again, _ = _check(_csv_text(first))
    assert again[0] == ["id", "note", "level", "start", "completed", *RESULT_COLUMNS]
    assert again[0].count("deadline") == 1
    # later as-of: the results are computed afresh, not copied
    later, _ = _check(_csv_text(first), as_of=date(2025, 3, 2))
    assert _results(later[1])["status"] == "within"
    assert _results(first[1])["status"] == "overdue"
    assert _results(again[1]) == _results(first[1])
    assert again[1][:5] == first[1][:5]


def test_re_checking_an_output_with_result_columns_in_upper_case() -> None:
    text = "id;level;DEADLINE;start;Error\nA;visit;1999-01-01;2025-03-01;old\n"
    out, _ = _check(text)
    assert out[0] == ["id", "level", "start", *RESULT_COLUMNS]
    assert out[1][:3] == ["A", "visit", "2025-03-01"]
    assert _results(out[1])["deadline"] == "2025-05-30"
    assert _results(out[1])["error"] == ""


RECORD_ERRORS: Final = (
    "id;unit;level;start;note\n"
    "A1;Hud;visit;2025-03-01\n"  # a cell short: padded
    "A2;Hud;visit;2025-03-01;n;EXTRA1;EXTRA2\n"  # two cells more: cut, quoted in the error
    "A3;Hud;visit;2025-03-01;ok\n"
    'A4;Hud;visit;2025-03-01;"x\n'  # a quote that swallows the next row
    'A5;Hud;visit;2025-03-01;y"\n'
    'A6;Hud;visit;2025-03-01;"z\n'  # a quote never closed
)


def test_a_row_an_earlier_check_could_not_read_keeps_its_error_when_its_output_is_read_again() -> (
    None
):
    # Its cells were cut or padded to the header's (the extra cells only in its error), or
    # they were lines a quote took: read again from the output, such a row looked whole, was
    # evaluated and lost its error and its extra cells (and a line of a note became a patient).
    once, first = _check_text(RECORD_ERRORS)
    twice, second = _check_text(once)
    assert twice == once  # the output of an output is the same, byte for byte
    errors = [_results(row)["error"] for row in _parse(once)[1:]]
    assert [bool(error) for error in errors] == [True, True, False, True, True, True]
    assert "EXTRA1" in errors[1]
    assert (first.rows, first.errors) == (second.rows, second.errors) == (6, 5)
    # an error of the row's own cells is found again, not kept: a later day may change it
    later, _ = _check(once.replace("2025-03-01;ok", "2025-02-30;ok"))
    assert _results(later[3])["error"].startswith("start: ")
    # a short row corrected in the output (a cell it was padded with filled in) is read as it
    # is now: the kept error is not forever
    fixed, _ = _check(once.replace("A1;Hud;visit;2025-03-01;;", "A1;Hud;visit;2025-03-01;n;"))
    assert (_results(fixed[1])["error"], _results(fixed[1])["status"]) == ("", "overdue")
    assert _results(fixed[2])["error"] == errors[1]  # (a long one keeps its error)


def test_the_record_errors_kept_are_those_the_readers_write_and_no_other() -> None:
    # RECORD_ERROR is written apart from the messages it matches: each reader's message, made
    # here by the reader, matches it; a row's own error does not
    from vardgaranti._records import RECORD_ERROR, read_records
    from vardgaranti._waiting_list import width_problem

    made = [
        width_problem(["A"], 3),
        width_problem(["A", "b", "c", "d"], 3),
        width_problem(["A", "b", "c", ""], 3),
        *(
            error
            for text in ('A;"x\nB;y"\n', 'A;"x\n', 'A;b"\n', 'A;"x"y\n', 'A;"x\0"\n')
            for _line, _cells, _body, error in read_records(io.StringIO(text), ";", 2)
            if error
        ),
    ]
    assert len(made) >= 6
    for error in made:
        assert error is not None
        assert RECORD_ERROR.match(error), error
    out, _ = _check("id;level;start\nA;visit;2025-02-30\nB;besök x;2025-03-01\n")
    for row in out[1:]:
        assert _results(row)["error"]
        assert not RECORD_ERROR.match(_results(row)["error"])


def test_a_file_of_one_line_is_refused_for_its_header_of_too_many_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # rows ended by something other than a line break (a record separator, U+2028, or none):
    # a header of millions of names took 48 times the file's size in memory (2.2 GB for
    # 47 MB), and every command exited 0 with no row and no word
    from vardgaranti._tables import MAX_HEADER_COLUMNS

    row = "P1;Ortopedi;visit;2025-01-01"
    source = _write(tmp_path, "id;unit;level;start;" + ";".join([row] * 2600) + "\n")
    code, out, err = _run(capsys, "check", str(source), "--as-of", "2025-06-02")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert (
        f"line 1: the header has 10,404 columns, more than a waiting list has "
        f"({MAX_HEADER_COLUMNS:,} at most): is the file one line" in err
    )
    wide = ";".join(f"c{i}" for i in range(MAX_HEADER_COLUMNS - 5))
    fine = _write(tmp_path, f"id;level;start;{wide}\nA;visit;2025-03-01\n", "wide.csv")
    assert _run(capsys, "check", str(fine), "--as-of", "2025-06-02")[0] == 1  # (a short row)


def test_an_error_column_of_a_list_that_is_no_earlier_output_is_not_read() -> None:
    # only a file with every result column is an earlier output
    text = "id;level;start;error\nA;visit;2025-03-01;the row has 7 cells but the header has 5\n"
    out, summary = _check(text)
    assert _results(out[1])["status"] == "overdue"
    assert summary.errors == 0


# Regression: a short row of a file with result columns once crashed with an IndexError.
def test_re_checking_an_output_with_a_short_row_keeps_the_row() -> None:
    text = "id;level;start;deadline;note\nA;visit;2025-03-01;x;n\nB;visit\n"
    out, summary = _check(text)
    assert [row[0] for row in out[1:]] == ["A", "B"]
    assert _results(out[2])["error"] == "the row has 2 cells but the header has 5"
    assert summary.errors == 1


# -- formula escaping ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("http://x")', "+cmd", "-cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx", "-"]
)
def test_formula_looking_cells_are_escaped(cell: str) -> None:
    assert escape_formula(cell) == "'" + cell
    text = _csv_text([["id", "level", "start", "note"], [cell, "visit", "2025-03-01", cell]])
    out, _ = _check(text)
    assert out[1][0] == "'" + cell
    assert out[1][3] == "'" + cell
    assert _results(out[1])["deadline"] == "2025-05-30"  # the row is still evaluated


@pytest.mark.parametrize("cell", ["-12", "+3,5", "-1.5", "+7", "12", "-0,25e3", "", "a=b", "'=x"])
def test_plain_numbers_and_harmless_cells_are_untouched(cell: str) -> None:
    assert escape_formula(cell) == cell
    out, _ = _check(
        _csv_text([["id", "level", "start", "note"], ["A", "visit", "2025-03-01", cell]])
    )
    assert out[1][3] == cell


def _check_text(text: str) -> tuple[str, CheckSummary]:
    output = io.StringIO(newline="")
    summary = check_waiting_list(io.StringIO(text, newline=""), output, as_of=AS_OF)
    return output.getvalue(), summary


@pytest.mark.parametrize("cell", ["-", "=SUM(1)", "@x", "+Hud", "-cmd|' /C calc'!A0", "\tx"])
def test_a_cell_a_writer_guarded_is_read_without_the_guard(cell: str) -> None:
    # The ' escape_formula puts before a cell is the writer's, not the cell's: next week's list
    # is often this week's check output, and it was read with the ' (a provider "-", which
    # names none, became a provider's name and costs_covered "no"; an id or a unit "+Hud"
    # became "'+Hud" in the summary, the worklist and the statistics).
    header = ["id", "unit", "level", "start", "completed", "referred", "provider", "note"]
    row = [cell, cell, "visit", "2025-01-10", "2025-05-02", "2025-03-01", cell, cell]
    guarded = "'" + cell
    once, first = _check_text(_csv_text([header, row]))
    twice, second = _check_text(once)
    assert twice == once  # the output of the output is the same, byte for byte
    as_written = [guarded, guarded, "visit", "2025-01-10", "2025-05-02", "2025-03-01", guarded]
    read_again, third = _check_text(_csv_text([header, [*as_written, guarded]]))
    assert _parse(read_again) == _parse(once)
    assert list(first.groups()) == list(second.groups()) == list(third.groups())
    assert [group["unit"] for group in first.groups()] == [cell.strip()]
    if cell == "-":  # no provider named: referred by the region, which pays
        rows = _parse(once)
        assert dict(zip(rows[0], rows[1], strict=True))["costs_covered"] == "yes"


def test_a_guarded_cell_is_read_without_the_guard_on_a_line_with_quotes_too() -> None:
    # the quoted paths of the readers (a note "a;b" beside the unit '+Hud'): the summary, the
    # statistics and the worklist split +Hud into two units
    from vardgaranti._records import read_records

    text = (
        'id;unit;level;start;note\nA1;\'+Hud;visit;2025-03-01;"a;b"\nA2;+Hud;visit;2025-03-01;c\n'
    )
    _out, summary = _check(text)
    assert [group["unit"] for group in summary.groups()] == ["+Hud"]
    quoted = list(read_records(['A1;\'+Hud;"a;b"\n'], ";", 3))
    assert quoted[0][1] == ["A1", "+Hud", "a;b"]
    # the lines a valid quote spans, kept as rows of their own with an error
    spanned = list(read_records(['A;"x\n', "B;'+Hud;y\"\n"], ";", 3))
    assert [cells for _line, cells, _body, _error in spanned] == [["A", "x"], ["B", "+Hud", 'y"']]


def test_a_quote_and_a_number_after_a_guard_are_the_cells_own() -> None:
    # only a ' escape_formula adds is taken off: "'-12" (a number, never guarded) and
    # "'Hud" keep theirs
    header = ["id", "unit", "level", "start"]
    out, summary = _check(_csv_text([header, ["'-12", "'Hud", "visit", "2025-03-01"]]))
    assert out[1][:2] == ["'-12", "'Hud"]
    assert [group["unit"] for group in summary.groups()] == ["'Hud"]


def test_header_and_bad_rows_are_escaped_too() -> None:
    text = _csv_text(
        [
            ["id", "level", "start", "=note"],
            ["=1+1", "=besök", "2025-03-01", "@x"],  # bad level
            ["-A", "visit"],  # wrong number of cells
            ["+B", "visit", "2025-02-30", "-x"],  # bad start
        ]
    )
    out, summary = _check(text)
    assert out[0][3] == "'=note"
    assert out[1][:4] == ["'=1+1", "'=besök", "2025-03-01", "'@x"]
    assert out[2][:2] == ["'-A", "visit"]
    assert out[3][0] == "'+B"
    assert out[3][3] == "'-x"
    assert summary.errors == 3
    for row in out[1:]:
        error = _results(row)["error"]
        assert error
        assert not error.startswith(FORMULA_START), error
    assert "'=besök'" in _results(out[1])["error"]


@pytest.mark.parametrize("cell", ["\t", "\r", "=", "\t=1", "-\n-"])
def test_every_cell_in_the_output_is_safe(cell: str) -> None:
    text = _csv_text([["id", "level", "start", "a", "b"], [cell, cell, cell, cell, "ok"]])
    out, _ = _check(text)
    for value in out[1]:
        assert not value.startswith(FORMULA_START) or re.fullmatch(r"[+-]?\d+", value), out[1]


# -- exit codes ----------------------------------------------------------------------------------


def test_exit_0_when_every_row_is_evaluated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "id;level;start\nA;visit;2025-03-01\nB;kontakt;2025-06-01\n")
    code, out, err = _run(capsys, "check", str(path), "--as-of", "2025-06-02")
    assert (code, err) == (0, "")
    assert len(_parse(out)) == 3


def test_exit_0_for_a_header_without_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "id;level;start\n")
    code, out, err = _run(capsys, "check", str(path), "--as-of", "2025-06-02")
    assert (code, err) == (0, "")
    assert _parse(out) == [["id", "level", "start", *RESULT_COLUMNS]]


def test_exit_1_when_some_rows_have_errors_and_the_output_is_complete(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "id;level;start\nA;visit;2025-03-01\nB;besk;2025-03-01\nC;visit;x\n")
    code, out, err = _run(capsys, "check", str(path), "--as-of", "2025-06-02")
    assert code == 1
    assert [row[0] for row in _parse(out)[1:]] == ["A", "B", "C"]
    assert err == "vardgaranti: 2 of 3 rows have errors (see the 'error' column)\n"


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("id;level;note", "'start'"),
        ("level;start", "'id'"),
        ("id,start", "'level'"),
        ("ident;nivå;startdatum", "'id', 'level', 'start'"),
    ],
)
def test_exit_2_when_a_required_column_is_missing_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], header: str, missing: str
) -> None:
    path = _write(tmp_path, header + "\nA;visit;2025-03-01\n")
    code, out, err = _run(capsys, "check", str(path), "--as-of", "2025-06-02")
    assert (code, out) == (2, "")
    _assert_one_line_error(err, missing, "missing")


def test_exit_2_for_a_file_that_is_not_utf8_when_utf8_is_asked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cp1252.csv"
    path.write_bytes(
        "id;unit;level;start\nA;Vårdcentralen Söder;visit;2025-03-01\n".encode("cp1252")
    )
    argv = ("check", str(path), "--as-of", "2025-06-02", "--encoding", "utf-8")
    code, out, err = _run(capsys, *argv)
    assert (code, out) == (2, "")
    _assert_one_line_error(err, "not UTF-8")


def test_exit_2_for_bad_bytes_far_into_the_file_and_no_output_file_is_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = "".join(f"A{n};visit;2025-03-01\n" for n in range(5000)).encode()
    path = tmp_path / "late.csv"
    path.write_bytes(b"id;level;start\n" + good + "B;bes\xf6k;2025-03-01\n".encode("latin-1"))
    target = tmp_path / "out.csv"
    argv = ("check", str(path), "--as-of", "2025-06-02", "-o", str(target), "--encoding", "utf-8")
    code, out, err = _run(capsys, *argv)
    assert (code, out) == (2, "")
    _assert_one_line_error(err, "not UTF-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["late.csv"]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "empty file"),
        (b"\n\n", "empty file"),
        (b"\xef\xbb\xbf", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (b"id;level;start\x00\x00\x01\x02\n", "binary"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_exit_2_for_files_that_are_not_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, fragment: str
) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(content)
    code, out, err = _run(capsys, "check", str(path), "--as-of", "2025-06-02")
    assert (code, out) == (2, "")
    _assert_one_line_error(err, fragment)


def test_a_nul_byte_near_the_start_is_refused_naming_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a NUL in a cell of line 2 stopped the file as "binary data near its start": where?
    path = tmp_path / "nul.csv"
    path.write_bytes(b"id;level;start;note\nA;visit;2025-03-01;a\x00b\n")
    code, out, err = _run(capsys, "check", str(path), "--as-of", "2025-06-02")
    assert (code, out) == (2, "")
    _assert_one_line_error(err, "binary data near its start: a NUL byte on line 2;")


def test_exit_2_for_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "check", str(tmp_path), "--as-of", "2025-06-02")
    assert (code, out) == (2, "")
    _assert_one_line_error(err, "directory")


def test_exit_2_for_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "check", str(tmp_path / "nope.csv"), "--as-of", "2025-06-02")
    assert (code, out) == (2, "")
    _assert_one_line_error(err, "nope.csv", "cannot open")


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],  # neither FILE nor --example
        ["check", "x.csv", "--example"],  # both
        ["check", "x.csv", "--as-of", "2025-02-30"],
        ["check", "x.csv", "--summary", "xml"],
        ["check", "x.csv", "--at-risk-days", "-1"],
        ["check", "x.csv", "--rules", "no-such-rules"],
    ],
)
def test_exit_2_for_bad_arguments(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
) -> None:
    _write(tmp_path, "id;level;start\nA;visit;2025-03-01\n", "x.csv")
    monkeypatch.chdir(tmp_path)
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code  # type: ignore[assignment]
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert "Traceback" not in captured.err
    assert captured.err.strip()


# -- --output ------------------------------------------------------------------------------------


def test_output_writes_the_file_and_nothing_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "id;level;start\nA;visit;2025-03-01\n")
    target = tmp_path / "out.csv"
    code, out, err = _run(
        capsys, "check", str(path), "--as-of", "2025-06-02", "--output", str(target)
    )
    assert (code, out, err) == (0, "", "")
    assert target.read_bytes() == (
        b"id;level;start;deadline;status;days_waited;days_left;excluded_days;care_elsewhere;"
        b"error\r\nA;visit;2025-03-01;2025-05-30;overdue;93;;0;yes;\r\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.csv", "out.csv"]


@pytest.mark.parametrize("exists", [True, False])
def test_output_leaves_no_partial_file_on_a_file_level_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], exists: bool
) -> None:
    path = _write(tmp_path, "id;level;note\nA;visit;x\n")
    target = tmp_path / "out.csv"
    if exists:
        target.write_text("earlier output\n", encoding="utf-8")
    code, _, err = _run(
        capsys, "check", str(path), "--as-of", "2025-06-02", "--output", str(target)
    )
    assert code == 2
    _assert_one_line_error(err, "'start'")
    names = sorted(p.name for p in tmp_path.iterdir())
    if exists:
        assert names == ["list.csv", "out.csv"]
        assert target.read_text(encoding="utf-8") == "earlier output\n"
    else:
        assert names == ["list.csv"]


def test_output_into_a_missing_directory_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "id;level;start\nA;visit;2025-03-01\n")
    target = tmp_path / "no" / "such" / "out.csv"
    code, out, err = _run(capsys, "check", str(path), "--as-of", "2025-06-02", "-o", str(target))
    assert (code, out) == (2, "")
    assert "Traceback" not in err
    assert err.startswith("vardgaranti: error: ")


def test_progress_bar_only_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("vardgaranti._cli._PROGRESS_BYTES", 10)  # every file is "large"
    path = _write(tmp_path, "id;level;start\nA;visit;2025-03-01\n")
    target = tmp_path / "out.csv"
    code, out, err = _run(capsys, "check", str(path), "--as-of", "2025-06-02", "-o", str(target))
    assert (code, out, err) == (0, "", "")  # stderr is not a terminal here

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["check", str(path), "--as-of", "2025-06-02", "-o", str(target)]) == 0
    assert "100.0%" in terminal.getvalue()
    assert capsys.readouterr().out == ""
    assert "100.0%" not in target.read_text(encoding="utf-8")


# -- the shipped example -------------------------------------------------------------------------


def test_check_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "check", "--example", "--summary", "json")
    assert code == 1  # the sample has a few bad rows on purpose
    rows = _parse(out)
    with example_waiting_list().open(encoding="utf-8-sig", newline="") as handle:
        source = list(csv.reader(handle, delimiter=";"))
    assert len(rows) == len(source) == 301
    assert [row[0] for row in rows[1:]] == [row[0] for row in source[1:]]
    errors = sum(1 for row in rows[1:] if _results(row)["error"])
    assert errors > 0
    data = json.loads(err)  # (the JSON alone: the rows with errors are its `errors`)
    assert (data["rows"], data["errors"]) == (300, errors)
    assert sum(group["total"] for group in data["groups"]) == 300 - errors
    assert out.startswith("\ufeff")  # the example has a BOM, and keeps it


def test_check_example_summary_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        capsys, "check", "--example", "--summary", "text", "--as-of", "2025-09-01"
    )
    assert code == 1
    assert len(_parse(out)) == 301
    assert "rows: 300, rows with errors: " in err
    assert err.splitlines()[0].split()[:3] == ["unit", "level", "total"]


# -- the Python API ------------------------------------------------------------------------------


def test_read_waiting_list_yields_every_row_with_errors_carried(tmp_path: Path) -> None:
    path = _write(tmp_path, SUMMARY_CSV)
    for source in (path, str(path), io.StringIO(SUMMARY_CSV)):
        rows = list(read_waiting_list(source))
        assert [row.number for row in rows] == list(range(1, 14))
        assert [row.cells["id"] for row in rows] == [
            line.split(";")[0] for line in SUMMARY_CSV.splitlines()[1:]
        ]
        bad = [row for row in rows if row.error is not None]
        assert [(row.cells["id"], row.case) for row in bad] == [("O7", None)]
        assert all(row.case is not None for row in rows if row.error is None)
    first = next(read_waiting_list(path))
    assert first.case == Case(
        level="visit", start=date(2025, 3, 1), completed=date(2025, 4, 10), id="O1"
    )
    assert first.cells["unit"] == "Ortopedi"


def test_read_waiting_list_reads_listed_and_exclusions() -> None:
    text = "id;level;start;listed;exclusions\nA;assessment;2025-05-30;NEJ;\n"
    text += "B;visit;2025-03-01;;mov:2025-04-01..2025-04-02 pvv:2025-04-10..2025-04-10\n"
    a, b = read_waiting_list(io.StringIO(text))
    assert a.case is not None
    assert a.case.listed is False
    assert b.case is not None
    assert b.case.exclusions == parse_exclusions(
        "mov:2025-04-01..2025-04-02, pvv:2025-04-10..2025-04-10"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ja", True), ("Yes", True), ("1", True), ("TRUE", True), ("nej", False), ("no", False),
     ("0", False), ("false", False), ("", None), ("  ", None)],
)  # fmt: skip
def test_parse_listed(text: str, expected: bool | None) -> None:
    assert parse_listed(text) is expected


def test_parse_listed_refuses_other_text() -> None:
    with pytest.raises(WaitingListError, match="'kanske'"):
        parse_listed("kanske")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("", "empty file"), ("id;level\nA;visit\n", "'start'"), ("\x00id;level;start\n", "binary")],
)
def test_read_waiting_list_raises_only_for_the_file(text: str, fragment: str) -> None:
    with pytest.raises(WaitingListError, match=fragment):
        list(read_waiting_list(io.StringIO(text)))


def test_read_waiting_list_streams() -> None:
    text = "id;level;start\n" + "".join(f"A{n};visit;2025-03-01\n" for n in range(10_000))
    handle = io.StringIO(text)
    rows = read_waiting_list(handle)
    first, second = next(rows), next(rows)
    assert (first.cells["id"], second.cells["id"]) == ("A0", "A1")
    assert handle.tell() < len(text) // 10  # read about two lines, not the whole text


def test_evaluate_many_gives_one_item_per_row_with_errors_carried() -> None:
    rows = list(read_waiting_list(io.StringIO(SUMMARY_CSV)))
    done = list(evaluate_many(rows, as_of=AS_OF))
    assert len(done) == len(rows)
    for row, item in zip(rows, done, strict=True):
        assert isinstance(item, Evaluated)
        assert item.item is row
        if row.case is None:
            assert (item.result, item.error) == (None, row.error)
        else:
            assert item.error is None
            assert item.result == evaluate(row.case, as_of=AS_OF)
            result = item.result
            assert result is not None
            expected = SUMMARY_ROWS[row.cells["id"]]
            assert result.status.value == expected[1]
            assert ("" if result.deadline is None else result.deadline.isoformat()) == expected[0]


def test_evaluate_many_carries_evaluation_errors_and_goes_on() -> None:
    cases = [
        Case(level="visit", start=date(2025, 1, 2), id="a"),
        Case(level="visit", start=date(2001, 1, 2), id="b"),  # no rule in force
        Case(level="visit", start=date(2025, 7, 1), id="c"),  # after the as-of
        Case(level="contact", start=date(2025, 5, 1), id="d", exclusions=parse_exclusions(
            "mov:2025-05-02..2025-05-03")),  # no exclusions on contact
        Case(level="treatment", start=date(2025, 5, 1), id="e"),
    ]  # fmt: skip
    done = list(evaluate_many(cases, as_of=AS_OF))
    assert [item.item for item in done] == cases
    assert [item.error is None for item in done] == [True, False, False, False, True]
    assert [item.result is None for item in done] == [False, True, True, True, False]
    assert "2001-01-02" in (done[1].error or "")
    assert "no exclusions" in (done[3].error or "")


def test_evaluate_many_is_lazy() -> None:
    def endless() -> Iterator[Case]:
        for n in itertools.count():
            yield Case(level="visit", start=date(2025, 1, 1) + timedelta(days=n % 100), id=str(n))

    first = list(itertools.islice(evaluate_many(endless(), as_of=AS_OF), 5))
    assert [item.item.id for item in first if isinstance(item.item, Case)] == list("01234")


def test_evaluate_many_accepts_a_policy_and_mixed_items() -> None:
    (row,) = read_waiting_list(io.StringIO("id;level;start\nR;visit;2025-03-03\n"))
    case = Case(level="visit", start=date(2025, 3, 3))
    items: list[Case | WaitingListRow] = [row, case]
    plain = [e.result.deadline for e in evaluate_many(items, as_of=AS_OF) if e.result]
    rolled = [
        e.result.deadline
        for e in evaluate_many(items, as_of=AS_OF, policy=Policy(roll_forward=True))
        if e.result
    ]
    assert plain == [date(2025, 6, 1)] * 2
    assert rolled == [date(2025, 6, 2)] * 2


def test_check_waiting_list_reports_progress(tmp_path: Path) -> None:
    path = _write(tmp_path, "id;level;start\nA;visit;2025-03-01\n")
    calls: list[tuple[int, int]] = []
    check_waiting_list(
        path, io.StringIO(), as_of=AS_OF, progress=lambda done, total: calls.append((done, total))
    )
    size = path.stat().st_size
    assert calls[-1] == (size, size)


def test_check_waiting_list_raises_for_a_file_level_problem() -> None:
    with pytest.raises(WaitingListError, match="'level'"):
        check_waiting_list(io.StringIO("id;start\nA;2025-03-01\n"), io.StringIO(), as_of=AS_OF)


# -- the fast path agrees with evaluate ----------------------------------------------------------


def _expected_cells(
    row: dict[str, str], as_of: date, policy: Policy
) -> tuple[str, str, str, str, str, str] | None:
    """The result cells `evaluate` gives for a generated row, or None if it raises."""
    listed = {"ja": True, "nej": False, "": None}[row["listed"]]

    def day(name: str) -> date | None:
        return date.fromisoformat(row[name]) if row[name] else None

    try:
        case = Case(
            level=row["level"],
            start=date.fromisoformat(row["start"]),
            completed=day("completed"),
            booked=day("booked"),
            exclusions=parse_exclusions(row["exclusions"]),
            restart=day("restart"),
            listed=listed,
            id=row["id"],
        )
        result = evaluate(case, as_of=as_of, policy=policy)
    except (VardgarantiError, ValueError):
        return None
    if result.deadline is None:  # not covered: no figures
        return ("", result.status.value, "", "", "", "no")
    return (
        result.deadline.isoformat(),
        result.status.value,
        str(result.days_waited),
        "" if result.days_left is None else str(result.days_left),
        str(result.excluded_days),
        "yes" if result.care_elsewhere else "no",
    )


def _generated(seed: int, count: int, generated_on: date, spoiled: float) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for index in range(1, count + 1):
        row = MAKE_ROW(index, rng, generated_on)
        rows.append(SPOIL(row, rng) if rng.random() < spoiled else row)
    return rows


@pytest.mark.parametrize("roll_forward", [False, True], ids=["calendar-days", "roll-forward"])
@pytest.mark.parametrize(
    ("seed", "as_of_shift", "spoiled"),
    [(1, 0, 0.0), (2, 0, 0.0), (3, -40, 0.0), (4, 0, 0.1), (5, 25, 0.0)],
    ids=["as-generated", "as-generated-2", "as-of-earlier", "with-mistakes", "as-of-later"],
)
@pytest.mark.parametrize("memo_limit", [20_000, 7], ids=["memo", "tiny-memo"])
def test_fast_path_agrees_with_evaluate_on_generated_rows(
    monkeypatch: pytest.MonkeyPatch,
    roll_forward: bool,
    seed: int,
    as_of_shift: int,
    spoiled: float,
    memo_limit: int,
) -> None:
    monkeypatch.setattr("vardgaranti._rows._MEMO_LIMIT", memo_limit)
    policy = Policy(roll_forward=roll_forward)
    as_of = AS_OF + timedelta(days=as_of_shift)
    rows = _generated(seed, 1500, AS_OF, spoiled)
    out, summary = _check(_csv_text([list(GEN_HEADER), *rows]), as_of=as_of, policy=policy)
    assert len(out) == len(rows) + 1
    compared = errors = 0
    statuses: set[str] = set()
    for source, written in zip(rows, out[1:], strict=True):
        cells = dict(zip(GEN_HEADER, source, strict=True))
        expected = _expected_cells(cells, as_of, policy)
        results = _results(written)
        if expected is None:
            errors += 1
            assert results["error"], (source, results)
            continue
        assert results["error"] == "", (source, results)
        got = tuple(results[name] for name in RESULT_COLUMNS[:-1])
        assert got == expected, (source, got, expected)
        compared += 1
        statuses.add(expected[1])
    assert summary.errors == sum(1 for row in out[1:] if _results(row)["error"]) >= errors
    assert compared > 800
    # the rows exercise every status (not_covered: the unlisted contact/assessment rows, which
    # all start after an earlier as-of)
    assert statuses == set(STATUS_NAMES) - ({"not_covered"} if as_of_shift < 0 else set())


def test_fast_path_agrees_with_evaluate_on_exclusion_and_restart_rows() -> None:
    rows = [
        r for r in _generated(11, 6000, AS_OF, 0.0) if r[GEN_HEADER.index("exclusions")] or r[7]
    ]
    assert len(rows) > 500
    for policy in (Policy(), Policy(roll_forward=True), Policy(at_risk_days=40)):
        out, _ = _check(_csv_text([list(GEN_HEADER), *rows]), policy=policy)
        for source, written in zip(rows, out[1:], strict=True):
            expected = _expected_cells(dict(zip(GEN_HEADER, source, strict=True)), AS_OF, policy)
            results = _results(written)
            assert expected is not None
            assert tuple(results[name] for name in RESULT_COLUMNS[:-1]) == expected, source


def test_fast_path_agrees_with_read_waiting_list_on_which_rows_are_bad() -> None:
    rows = _generated(12, 2000, AS_OF, 0.3)
    text = _csv_text([list(GEN_HEADER), *rows])
    out, _ = _check(text, as_of=AS_OF - timedelta(days=20))
    slow = list(
        evaluate_many(read_waiting_list(io.StringIO(text)), as_of=AS_OF - timedelta(days=20))
    )
    assert len(slow) == len(out) - 1
    for written, item in zip(out[1:], slow, strict=True):
        assert bool(_results(written)["error"]) == (item.error is not None), (written, item.error)
        if item.result is not None:
            assert _results(written)["status"] == item.result.status.value


@pytest.mark.parametrize(
    "exclusions",
    [
        "sjuk:2025-04-01..2025-04-10",  # unknown reason (a mistake the generator makes)
        "mov:2025-05-10..2025-05-01",  # ends before it begins
        "garbage",  # not REASON:FROM..TO
        "mov:2025-05-21..2025-05-22",  # well formed, but contact has no exclusions
    ],
)
def test_a_bad_exclusion_on_a_not_listed_contact_row_is_reported(exclusions: str) -> None:
    text = f"id;level;start;exclusions;listed\nA;contact;2025-05-20;{exclusions};nej\n"
    (slow,) = evaluate_many(read_waiting_list(io.StringIO(text)), as_of=AS_OF)
    assert slow.error is not None
    assert slow.result is None
    out, summary = _check(text)
    assert _results(out[1])["error"].startswith("exclusions: "), _results(out[1])
    assert summary.errors == 1


def test_fast_path_and_evaluate_agree_on_a_deadline_after_2100() -> None:
    text = "id;level;start\nA;visit;2100-11-01\n"
    as_of = date(2100, 12, 20)
    out, _ = _check(text, as_of=as_of)
    (slow,) = evaluate_many(read_waiting_list(io.StringIO(text)), as_of=as_of)
    assert slow.error is None
    assert slow.result is not None
    # 2100-11-01 + 90 = 2101-01-30: the calendar ends with 2100, but calendar days need none
    assert slow.result.deadline == date(2101, 1, 30)
    assert _results(out[1])["deadline"] == "2101-01-30"
    assert _results(out[1])["status"] == slow.result.status.value == "within"
    # with roll-forward the calendar is needed: both refuse, the fast path naming a column
    rolled, _ = _check(text, as_of=as_of, policy=Policy(roll_forward=True))
    # ... saying that it is the roll-forward (it said "counting vardagar from 2101-01-30
    # leaves the supported years", though nothing was counted)
    assert _results(rolled[1])["error"] == (
        "deadline: 2101-01-30 cannot be moved to the next vardag (Lag 1930:173 2 §, "
        "roll-forward): the calendar covers the years 1990–2100"
    )
    (slow,) = evaluate_many(
        read_waiting_list(io.StringIO(text)), as_of=as_of, policy=Policy(roll_forward=True)
    )
    assert slow.error is not None
    assert slow.error == _results(rolled[1])["error"]


def test_delimiter_is_the_one_under_which_the_required_columns_appear() -> None:
    # A quoted header name full of semicolons must not make a comma file read as ';'.
    text = 'ID,"kod; intern; gammal",Level,Start\nA,x,visit,2025-01-01\n'
    output = io.StringIO(newline="")
    summary = check_waiting_list(io.StringIO(text, newline=""), output, as_of=date(2025, 2, 1))
    assert summary.errors == 0
    header, row = list(csv.reader(io.StringIO(output.getvalue()), delimiter=","))
    assert header[:4] == ["ID", "kod; intern; gammal", "Level", "Start"]
    assert row[4:6] == ["2025-04-01", "within"]


def test_a_national_start_with_a_time_that_is_no_date_is_quoted_whole_in_its_error() -> None:
    # Rows of the national format share a plan by the start's date part; a start the reader
    # refuses was quoted cut to it ("'03.02.20' is not a date").
    text = (
        "VardkontaktId;Fas;BeslutAktivitet\n"
        "K1;1;03.02.2025 09:00\n"
        "K2;1;03.02.2025 10:00\n"
        "K3;1;3/2/2025 9:00:00\n"
        "K4;1;2025-02-03T09:00:00\n"
    )
    out, summary = _check(text)
    errors = [row[-1] for row in out[1:]]
    assert errors[:3] == [
        f"BeslutAktivitet: '{cell}' is not a date in the form YYYY-MM-DD (a time may follow "
        "after T or a blank, and a zone after the time; or YYYYMMDD, YYYYMMDDhhmmss)"
        for cell in ("03.02.2025 09:00", "03.02.2025 10:00", "3/2/2025 9:00:00")
    ]
    assert errors[3] == ""
    assert summary.errors == 3


# -- input columns named as result columns -------------------------------------------------------


def test_an_input_column_named_as_a_result_column_is_replaced_with_a_note(tmp_path: Path) -> None:
    # A region's own "Status" column ("väntande") was dropped without a word.
    text = "id;level;start;Status;Error\nA;visit;2025-01-01;väntande;typo\n"
    said: list[str] = []
    output = io.StringIO(newline="")
    check_waiting_list(io.StringIO(text), output, as_of=date(2025, 6, 2), notes=said.append)
    header = output.getvalue().splitlines()[0].split(";")
    assert header[:3] == ["id", "level", "start"]
    assert "Status" not in header
    assert len(said) == 1
    assert "the columns 'Status', 'Error' have the names of result columns" in said[0]
    assert note_text(said[0], "sv").startswith(
        "<stream>: kolumnerna 'Status', 'Error' har samma namn som resultatkolumner"
    )
    assert "rename them" in said[0]
    path = tmp_path / "list.csv"
    path.write_text("id;level;start;deadline\nA;visit;2025-01-01;x\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["check", str(path), "--as-of", "2025-06-02", "--output", str(out)]) == 0
    note = err.getvalue().strip()
    assert "list.csv: the column 'deadline' has the name of a result column" in note
    assert note_text(note.removeprefix("vardgaranti: "), "sv").startswith(
        f"{path}: kolumnen 'deadline' har samma namn som en resultatkolumn: check skriver"
    )


def test_an_input_without_result_names_gets_no_note_about_them() -> None:
    said: list[str] = []
    text = "id;level;start;note\nA;visit;2025-01-01;x\n"
    check_waiting_list(io.StringIO(text), io.StringIO(), as_of=date(2025, 6, 2), notes=said.append)
    assert said == []


def test_an_earlier_output_checked_again_is_noted_as_such() -> None:
    # every result column: the documented re-check, not columns to rename
    first = io.StringIO(newline="")
    check_waiting_list(io.StringIO("id;level;start\nA;visit;2025-01-01\n"), first,
                       as_of=date(2025, 6, 2))  # fmt: skip
    said: list[str] = []
    again = io.StringIO(newline="")
    check_waiting_list(io.StringIO(first.getvalue()), again, as_of=date(2025, 6, 2),
                       notes=said.append)  # fmt: skip
    assert again.getvalue() == first.getvalue()
    assert len(said) == 1
    assert said[0].endswith(
        "the input has the result columns of an earlier check; this check's results replace them"
    )
    assert "rename" not in said[0]
    assert "tidigare kontroll" in note_text(said[0], "sv")


def test_the_summarys_share_met_rounds_half_up_as_stats_and_the_report_do() -> None:
    # 13 met of 16 closed is 81.25 %: the summary printed 81.2 % (a float's rounding), the
    # report and stats 81.3 % for the same group.
    met = [f"M{n};U;visit;2025-01-02;2025-02-01\n" for n in range(13)]
    missed = [f"X{n};U;visit;2025-01-02;2025-05-01\n" for n in range(3)]
    text = "id;unit;level;start;completed\n" + "".join(met + missed)
    summary = check_waiting_list(
        io.StringIO(text, newline=""), io.StringIO(), as_of=date(2025, 6, 2)
    )
    (row,) = list(summary.rows_as_lists())
    assert row[-1] == "81.3%"
    (group,) = list(summary.groups())
    assert group["share_met"] == 0.8125  # (the JSON's figure stays the exact share)


@pytest.mark.parametrize(
    "text",
    [
        '<?xml version="1.0" encoding="UTF-8"?>\n<TillgangligVardSpeciVantande/>\n',
        '<TillgangligVardSpeciVantande><Kontakt DatatGallerFor="2025-03-01">\n',
    ],
)
def test_xml_given_as_a_text_stream_says_to_give_a_path_or_bytes(text: str) -> None:
    # A review: compute_stats(io.StringIO(xml)) said "required columns missing: ... (columns
    # found: '<?xml version=...')", not that a text stream is read as CSV.
    from vardgaranti import compute_stats

    for run in (
        lambda: compute_stats(io.StringIO(text), census=date(2025, 6, 2)),
        lambda: check_waiting_list(io.StringIO(text), io.StringIO(), as_of=date(2025, 6, 2)),
    ):
        with pytest.raises(WaitingListError) as raised:
            run()
        assert "XML given as text: a text stream is read as CSV" in str(raised.value)
        assert "open(path, 'rb')" in str(raised.value)


def test_a_csv_text_stream_whose_first_column_begins_with_a_bracket_is_still_read() -> None:
    out = io.StringIO()
    text = "<note>;id;level;start\nx;A1;visit;2025-03-01\n"
    summary = check_waiting_list(io.StringIO(text), out, as_of=date(2025, 6, 2))
    assert summary.rows == 1
    assert out.getvalue().splitlines()[1].startswith("x;A1;visit;2025-03-01;2025-05-30;")
