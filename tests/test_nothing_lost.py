"""Regression tests for "Nothing lost, nothing leaked": rows kept, bounded messages, replays.

Each test is named after the behaviour it protects; each failed on the main branch before the
fix (the issue lists how each defect was reproduced).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Final

import pytest

from vardgaranti import (
    Case,
    Event,
    Policy,
    ReferralIssued,
    Restarted,
    Status,
    SwedishCalendar,
    WaiverGiven,
    check_waiting_list,
    evaluate,
    evaluate_many,
    parse_date,
    parse_exclusions,
    read_waiting_list,
)
from vardgaranti._cli import main
from vardgaranti._records import MAX_QUOTED_LINES, read_header
from vardgaranti._text import ECHO_LIMIT
from vardgaranti._waiting_list import RESULT_COLUMNS, CheckSummary
from vardgaranti.errors import (
    InvalidCaseError,
    InvalidTypeError,
    InvalidValueError,
    WaitingListError,
)

pytestmark = pytest.mark.usefixtures("check_engine")  # the batch suite through both engines

AS_OF: Final = date(2025, 6, 2)
HEADER: Final = "id;level;start;note"


def _check(text: str, as_of: date = AS_OF) -> tuple[list[list[str]], CheckSummary]:
    output = io.StringIO(newline="")
    summary = check_waiting_list(io.StringIO(text, newline=""), output, as_of=as_of)
    rows = list(csv.reader(io.StringIO(output.getvalue(), newline=""), delimiter=";"))
    return rows, summary


def _results(row: list[str]) -> dict[str, str]:
    return dict(zip(RESULT_COLUMNS, row[-len(RESULT_COLUMNS) :], strict=True))


def _rows(n: int, first: int = 0) -> str:
    return "".join(f"P{i:06d};visit;2025-03-01;note {i}\n" for i in range(first, first + n))


# -- 1. stray and unclosed quotes ----------------------------------------------------------------


def test_a_stray_quote_in_a_header_name_keeps_every_data_row() -> None:
    rows, summary = _check('id;level;start;note"\n' + _rows(3))
    assert rows[0][:4] == ["id", "level", "start", 'note"']
    assert [row[0] for row in rows[1:]] == ["P000000", "P000001", "P000002"]
    assert (summary.rows, summary.errors) == (3, 0)


def test_a_quote_opened_in_a_header_name_reads_a_bounded_number_of_lines() -> None:
    consumed = 0

    def lines() -> io.StringIO:
        return io.StringIO('id;level;"start;note\n' + _rows(100_000), newline="")

    source = lines()

    def counting() -> object:
        nonlocal consumed
        for line in source:
            consumed += 1
            yield line

    _names, taken, problem = read_header(counting(), ";")  # type: ignore[arg-type]
    assert problem  # the quote runs over lines that look like rows: the header is unusable
    assert taken <= MAX_QUOTED_LINES
    assert consumed <= MAX_QUOTED_LINES + 1  # linear: the rest of the file is never read


def test_a_header_whose_quote_never_closes_is_exit_2_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "list.csv"
    path.write_text('id;level;start;"note\n' + _rows(5), encoding="utf-8")
    assert main(["check", str(path), "--as-of", "2025-06-02"]) == 2
    err = capsys.readouterr().err
    assert "line 1" in err
    assert "quoted name" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("end", ["\n", ""])
def test_a_header_alone_whose_quote_never_closes_is_refused_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], end: str
) -> None:
    # it was accepted, with a column named '"note\n' (the quote ran to the end of the file)
    path = tmp_path / "list.csv"
    path.write_text('id;level;start;"note' + end, encoding="utf-8")
    assert main(["check", str(path), "--as-of", "2025-06-02"]) == 2
    err = capsys.readouterr().err
    assert "quoted name" in err
    assert "not closed by the end of the file" in err


def test_an_unclosed_quote_in_a_data_row_is_an_error_and_every_row_after_it_is_kept() -> None:
    text = HEADER + "\n" + _rows(2) + 'P999999;visit;2025-03-01;"never closed\n' + _rows(1000, 2)
    rows, summary = _check(text)
    assert len(rows) == 1 + 1003  # header + one output row per input record
    assert [row[0] for row in rows[1:]] == [
        "P000000",
        "P000001",
        "P999999",
        *(f"P{i:06d}" for i in range(2, 1002)),
    ]
    bad = _results(rows[3])
    assert "line 4" in bad["error"]
    assert "quoted cell" in bad["error"]
    assert rows[3][3] == "never closed"
    assert (summary.rows, summary.errors) == (1003, 1)
    assert all(_results(row)["status"] == "overdue" for row in rows[4:])


@pytest.mark.parametrize(
    "following",
    [
        'P2;Hud;besök;2025-01-02;"mov:2025-02-01..2025-02-03";',  # a quoted cell inside
        '"P2";Hud;besök;2025-01-02;;',  # a quoted id
        'P2;"Hud; Syd";besök;2025-01-02;;',  # a quoted unit with the delimiter in it
    ],
)
def test_a_stray_quote_does_not_swallow_the_next_row_that_has_a_quoted_cell(
    following: str,
) -> None:
    # A note that begins with a quote and never closes it took the next line into it up to
    # that line's first quote: the line was not "shaped like a row" by what comes before its
    # quote, so it was read as part of one record of 7 cells (a width error on P1), and P2
    # (overdue, care elsewhere due) had no row of its own in any command.
    text = (
        "id;unit;level;start;exclusions;note\n"
        'P1;Hud;besök;2025-03-03;;"tolk\n'
        f"{following}\n"
        "P3;Hud;besök;2025-03-05;;\n"
    )
    # (the stray quote in the last cell; in the unit: the record too narrow; in the
    # exclusions cell, as P2's quoted cell: the record of a row's width; in the id)
    for stray in (
        text,
        text.replace(';Hud;besök;2025-03-03;;"tolk', ';"Hud;besök;2025-03-03;;'),
        text.replace(';2025-03-03;;"tolk', ';2025-03-03;"tolk;'),
        text.replace('P1;Hud;besök;2025-03-03;;"tolk', '"P1;Hud;besök;2025-03-03;;'),
    ):
        rows, summary = _check(stray)
        assert [row[0][:2] for row in rows[1:]] == ["P1", "P2", "P3"]  # (P1: to the line's end)
        assert (summary.rows, summary.errors) == (3, 1)
        first, second = _results(rows[1]), _results(rows[2])
        assert "line 2: a quoted cell opens on this line" in first["error"]
        assert second["error"] == ""
        assert second["status"] == "overdue"  # 2 January + 90 days (less 3 excluded, or none)
    # A quoted cell that truly runs over lines (the rest of the row after it) stays one row.
    kept = "id;unit;level;start;exclusions;note\n" + 'P1;Hud;besök;2025-03-03;;"tolk\nsvenska"\n'
    rows, summary = _check(kept)
    assert [row[0] for row in rows[1:]] == ["P1"]
    assert rows[1][5] == "tolk\nsvenska"
    assert summary.errors == 0
    first_cell = 'id;note;level;start\n"två\nrader";x;visit;2025-03-03\n'
    rows, summary = _check(first_cell)
    assert [row[0] for row in rows[1:]] == ["två\nrader"]
    assert summary.errors == 0
    # A cell over lines whose last line holds a delimiter, a blank after its closing quote
    # (not valid CSV): one row still; its last line was read as a patient "svenska".
    spaced = (
        'id;note;level;start\nP1;"tolk\nsvenska; arabiska" ;besök;2025-03-03\n'
        "P2;x;besök;2025-03-04\n"
    )
    rows, summary = _check(spaced)
    assert [row[0] for row in rows[1:]] == ["P1", "P2"]
    assert summary.errors == 0
    # Every cell quoted, one holding a line break (as a CSV writer writes it): one row.
    quoted = 'id;note;level;start\n"A";"\n";"visit";"2025-03-03"\n"B";"";"visit";"2025-03-03"\n'
    rows, summary = _check(quoted)
    assert [row[0] for row in rows[1:]] == ["A", "B"]
    assert summary.errors == 0


def test_blank_lines_before_the_header_are_passed_over_as_blank_lines_anywhere() -> None:
    # The file said "empty file (no header line)", though blank lines are skipped; the rows
    # keep their lines' numbers (the quote's error names line 6).
    text = '\n \r\n\nid;level;start;note\nA;visit;2025-03-01;\nB;visit;2025-03-01;"x\n'
    rows, summary = _check(text)
    assert [row[0] for row in rows] == ["id", "A", "B"]
    assert (summary.rows, summary.errors) == (2, 1)
    assert "line 6: a quoted cell opens on this line" in _results(rows[2])["error"]
    rows, _summary = _check(";;;\n,,\nid;level;start\nA;visit;2025-03-01\n")  # (Excel's)
    assert [row[0] for row in rows] == ["id", "A"]
    with pytest.raises(WaitingListError, match=r"no header line, only 3 blank lines\)"):
        _check("\n\n   \n")
    with pytest.raises(WaitingListError, match=r"empty file \(no header line\)"):
        _check("")


def test_an_unclosed_quote_in_a_data_row_makes_the_command_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "list.csv"
    path.write_text(HEADER + '\nA;visit;2025-03-01;"x\n' + _rows(50), encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["check", str(path), "--as-of", "2025-06-02", "-o", str(out)]) == 1
    assert len(out.read_text(encoding="utf-8").splitlines()) == 52


@pytest.mark.parametrize("end", ["\n", "\r\n", ""])
def test_an_unclosed_quote_on_the_last_line_is_an_error_too(end: str) -> None:
    rows, summary = _check(HEADER + "\n" + _rows(1) + 'A;visit;2025-03-01;"5 mm' + end)
    assert [row[0] for row in rows[1:]] == ["P000000", "A"]
    last = _results(rows[2])
    assert "line 3" in last["error"]
    assert "not closed by the end of the file" in last["error"]
    assert rows[2][3] == "5 mm"  # the cell as far as the line goes, no line break in it
    assert (summary.rows, summary.errors) == (2, 1)


def test_a_stray_quote_closed_by_a_later_stray_quote_does_not_swallow_the_rows_between() -> None:
    text = HEADER + '\nA;visit;2025-03-01;"x\n' + _rows(2) + 'B;visit;2025-03-01;"y\n' + _rows(2, 9)
    rows, summary = _check(text)
    assert [row[0] for row in rows[1:]] == ["A", "P000000", "P000001", "B", "P000009", "P000010"]
    assert summary.errors == 2


def test_a_valid_quoted_cell_holding_a_copied_row_makes_no_patient_of_it() -> None:
    # Valid CSV: A's note spans three lines, the middle one a copied row. The reader cannot
    # tell it from two stray quotes that pair up, so no line of it is evaluated, none is lost.
    text = HEADER + '\nA;visit;2025-03-01;"copied:\nX;visit;2025-01-01;old\n\nend"\n' + _rows(2)
    rows, summary = _check(text)
    assert [row[0] for row in rows[1:]] == ["A", "X", 'end"', "P000000", "P000001"]
    first, copied, closing = (_results(row) for row in rows[1:4])
    assert "line 2" in first["error"]
    assert "lines 3-5" in first["error"]
    for result, line in ((copied, 3), (closing, 5)):
        assert result["error"].startswith(f"line {line}: lies inside the quoted cell")
        assert "opens on line 2 and closes on line 5" in result["error"]
        assert (result["deadline"], result["status"]) == ("", "")  # not a patient
    assert rows[2][:3] == ["X", "visit", "2025-01-01"]
    assert all(_results(row)["status"] == "overdue" for row in rows[4:])
    assert (summary.rows, summary.errors) == (5, 3)


def test_a_copied_row_in_a_quoted_cell_is_read_alike_by_every_reader() -> None:
    text = HEADER + '\nA;visit;2025-03-01;"copied:\nX;visit;2025-01-01;old\nend"\n' + _rows(1)
    read = list(read_waiting_list(io.StringIO(text, newline="")))
    assert [(row.number, row.cells["id"]) for row in read] == [
        (1, "A"),
        (2, "X"),
        (3, 'end"'),
        (4, "P000000"),
    ]
    assert all(row.case is None for row in read[:3])
    assert [(row.error or "")[:30] for row in read[1:3]] == [
        "line 3: lies inside the quoted",
        "line 4: lies inside the quoted",
    ]
    assert read[3].case is not None


def test_a_valid_quote_of_another_width_holding_a_copied_row_makes_no_patient_either() -> None:
    # a cell after the quote (a trailing delimiter, an extra cell): still valid CSV
    text = HEADER + '\nC;visit;2025-03-01;"c\nY;visit;2025-01-01;old\nend";extra\n' + _rows(1)
    rows, summary = _check(text)
    assert [row[0] for row in rows[1:]] == ["C", "Y", 'end"', "P000000"]
    assert "lies inside the quoted cell" in _results(rows[2])["error"]
    assert _results(rows[2])["status"] == ""
    assert (summary.rows, summary.errors) == (4, 3)


@pytest.mark.parametrize(
    ("header", "row", "note", "other"),
    [
        ("id;level;start;note", 'A;visit;2025-03-01;"first; line\nsecond line"', 3,
         "B;visit;2025-03-02;x"),
        # a note with the delimiter in a middle column: split on the delimiter, its first and
        # last lines each have a row's cells, yet it is one valid record (a rule that flagged
        # such lines made the patient an error row)
        ("id;note;level;start", 'A;"Ringt; ej svar; brev\nNy tid; bokad";visit;2025-03-01', 1,
         "B;x;visit;2025-03-02"),
        ("id;level;start;note;unit",
         'A;visit;2025-03-01;"Ringt 3/3; ej svar\nBrev 5/3; ny tid 10/4; sms; klart";Hud Syd', 3,
         "B;visit;2025-03-02;x;Hud Syd"),
    ],
)  # fmt: skip
def test_a_note_over_two_lines_with_delimiters_in_it_is_still_one_record(
    header: str, row: str, note: int, other: str
) -> None:
    rows, summary = _check(f"{header}\n{row}\n{other}\n")
    assert [cells[0] for cells in rows[1:]] == ["A", "B"]
    assert "\n" in rows[1][note]
    assert (_results(rows[1])["error"], _results(rows[1])["deadline"]) == ("", "2025-05-30")
    assert summary.errors == 0


def test_the_quote_rule_s_messages_count_what_they_say() -> None:
    text = HEADER + '\nA;visit;2025-03-01;"x\nX;visit;2025-01-01;old"\n' + _rows(1)
    rows, _summary = _check(text)
    error = _results(rows[1])["error"]
    assert "runs over 1 more line, which is shaped like a row" in error
    assert "and line 3, which the quote spans, is kept as a row with an error" in error
    text = HEADER + '\nA;visit;2025-03-01;"x\nprose\nX;visit;2025-01-01;old\nend"\n' + _rows(1)
    error = _results(_check(text)[0][1])["error"]
    assert "runs over 3 more lines, 1 of them shaped like a row" in error
    assert "lines 3-5, which the quote spans, are kept" in error


@pytest.mark.parametrize("prose", [MAX_QUOTED_LINES - 3, MAX_QUOTED_LINES - 2])
def test_a_valid_quote_is_told_apart_only_within_the_bound(prose: int) -> None:
    # within the bound, the copied row is an error row; past it, the quote is not closed in
    # time, and every line is read again as a row of its own (the copied row evaluated)
    lines = "".join(f"prose {i}\n" for i in range(prose))
    text = HEADER + f'\nA;visit;2025-03-01;"x\nX;visit;2025-01-01;old\n{lines}end"\n'
    rows, _summary = _check(text)
    copied = _results(next(row for row in rows if row[0] == "X"))
    if 1 + 1 + prose + 1 <= MAX_QUOTED_LINES - 1 + 1:  # the record's lines within the bound
        assert "lies inside the quoted cell" in copied["error"]
    else:
        assert (copied["error"], copied["status"]) == ("", "overdue")
        assert f"within {MAX_QUOTED_LINES} lines" in _results(rows[1])["error"]


def test_every_command_counts_the_lines_of_a_valid_quote_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = HEADER + '\nA;visit;2025-03-01;"copied:\nX;visit;2025-01-01;old\nend"\n' + _rows(3)
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    args = [str(path), "--as-of", "2025-06-02"]
    _rows_out, checked = _check(text)
    assert (checked.rows, checked.errors) == (6, 3)
    main(["validate", *args, "--json"])
    validated = json.loads(capsys.readouterr().out)["summary"]
    assert (validated["rows"], validated["by_code"]["V013"]["findings"]) == (6, 3)
    main(["worklist", *args, "--format", "json"])
    listed = json.loads(capsys.readouterr().out)
    assert (listed["rows"], listed["rows_with_errors"]) == (6, 3)
    main(["stats", str(path), "--census", "2025-06-02", "--json"])
    counted = json.loads(capsys.readouterr().out)["rows"]
    assert (counted["read"], counted["errors"]) == (6, 3)


def test_a_quote_that_does_not_close_within_the_limit_is_an_error_and_reading_resumes() -> None:
    lines = "".join(f"prose line {i}\n" for i in range(MAX_QUOTED_LINES + 5))
    text = HEADER + '\nA;visit;2025-03-01;"' + lines + "Z;visit;2025-03-01;ok\n"
    rows, summary = _check(text)
    assert rows[1][0] == "A"
    assert f"within {MAX_QUOTED_LINES} lines" in _results(rows[1])["error"]
    assert rows[-1][0] == "Z"
    # header, A (with "prose line 0"), the other prose lines, Z: every line came back as a row
    assert len(rows) == 1 + 1 + MAX_QUOTED_LINES + 4 + 1
    assert summary.rows == len(rows) - 1


def test_a_quoted_cell_with_line_breaks_is_one_row() -> None:
    text = HEADER + '\nA;visit;2025-03-01;"first line\nsecond; line"\nB;visit;2025-03-01;x\n'
    rows, summary = _check(text)
    assert [row[0] for row in rows[1:]] == ["A", "B"]
    assert rows[1][3] == "first line\nsecond; line"
    assert summary.errors == 0


def test_a_quote_inside_an_unquoted_cell_is_text() -> None:
    rows, summary = _check(HEADER + '\nA;visit;2025-03-01;he said "hi" and left\n')
    assert rows[1][3] == 'he said "hi" and left'
    assert summary.errors == 0


def test_read_waiting_list_keeps_every_row_after_an_unclosed_quote() -> None:
    text = HEADER + '\nA;visit;2025-03-01;"x\n' + _rows(3)
    read = list(read_waiting_list(io.StringIO(text, newline="")))
    assert [row.cells["id"] for row in read] == ["A", "P000000", "P000001", "P000002"]
    assert read[0].error is not None
    assert "line 2" in read[0].error
    assert all(row.case is not None for row in read[1:])


# -- 2. exclusion lists with empty items ---------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "mov:2025-04-01..2025-04-14,",
        ",mov:2025-04-01..2025-04-14",
        '"mov:2025-04-01..2025-04-14;"',
        "mov:2025-04-01..2025-04-14,,",
        " , mov:2025-04-01..2025-04-14 , ",
    ],
)
def test_empty_items_in_an_exclusion_list_are_ignored_in_check_and_api(cell: str) -> None:
    text = f"id;level;start;exclusions\nA;visit;2025-03-03;{cell}\n"
    rows, summary = _check(text)
    assert summary.errors == 0
    assert _results(rows[1])["deadline"] == "2025-06-15"
    assert _results(rows[1])["excluded_days"] == "14"
    (item,) = read_waiting_list(io.StringIO(text, newline=""))
    assert item.case is not None
    assert evaluate(item.case, as_of=AS_OF).deadline == date(2025, 6, 15)


@pytest.mark.parametrize("cell", [",", '";"', ", ,", '",;,"'])
def test_an_exclusion_cell_of_only_separators_holds_no_exclusion(cell: str) -> None:
    rows, summary = _check(f"id;level;start;exclusions\nA;visit;2025-03-03;{cell}\n")
    assert (summary.rows, summary.errors) == (1, 0)
    assert _results(rows[1])["deadline"] == "2025-06-01"
    assert parse_exclusions(cell.strip('"')) == ()


# -- 3. rows of only delimiters ------------------------------------------------------------------


def test_rows_of_only_delimiters_keep_their_place_and_are_not_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "id;unit;level;start\nA;U;visit;2025-03-01\n;;;\n;;\n  ; ;;\nB;U;visit;2025-03-01\n"
    rows, summary = _check(text)
    assert [row[0] for row in rows[1:]] == ["A", "", "", "  ", "B"]  # passed through as given
    assert all(_results(row) == dict.fromkeys(RESULT_COLUMNS, "") for row in rows[2:5])
    assert (summary.rows, summary.errors, summary.empty) == (5, 0, 3)
    assert "empty rows: 3" in summary.as_text()
    assert summary.as_dict()["empty"] == 3
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path), "--as-of", "2025-06-02", "--summary", "text"]) == 0
    assert "empty rows: 3" in capsys.readouterr().err


def test_read_waiting_list_marks_an_empty_row_as_empty_not_as_an_error() -> None:
    text = "id;level;start\n;;\nA;visit;2025-03-01\n"
    empty, good = read_waiting_list(io.StringIO(text, newline=""))
    assert empty.empty
    assert (empty.case, empty.error) == (None, None)
    assert not good.empty
    done = list(evaluate_many([empty, good], as_of=AS_OF))
    assert (done[0].result, done[0].error) == (None, None)
    assert done[1].result is not None


# -- 10. bounded messages ------------------------------------------------------------------------


def test_a_huge_header_gives_a_bounded_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "list.csv"
    path.write_text("x" * 10_000_000 + ";y\n", encoding="utf-8")
    assert main(["check", str(path), "--as-of", "2025-06-02"]) == 2
    err = capsys.readouterr().err
    assert len(err) < 1000
    assert "more characters" in err


def test_a_huge_bad_cell_gives_a_bounded_row_error() -> None:
    rows, summary = _check("id;level;start\nA;" + "v" * 1_000_000 + ";2025-03-01\n")
    assert summary.errors == 1
    error = _results(rows[1])["error"]
    assert error.startswith("level: ")
    assert len(error) < 3 * ECHO_LIMIT
    assert rows[1][1] == "v" * 1_000_000  # the cell itself passes through whole


def test_the_extra_cells_of_a_long_row_are_echoed_within_the_bound() -> None:
    rows, _ = _check("id;level;start\nA;visit;2025-03-01;" + ";".join(["x" * 100] * 100) + "\n")
    error = _results(rows[1])["error"]
    assert error.startswith("the row has 103 cells but the header has 3 (extra cells: ")
    assert len(error) < 3 * ECHO_LIMIT


def test_a_huge_date_cell_is_echoed_within_the_bound() -> None:
    with pytest.raises(ValueError, match="more characters") as raised:
        parse_date("2" * 100_000, "start")
    assert len(str(raised.value)) < 2 * ECHO_LIMIT


# -- 11. only \n, \r\n and \r end a line ---------------------------------------------------------


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028"])
def test_header_names_with_other_line_separators_are_not_cut(char: str) -> None:
    rows, summary = _check(f"id;level;start;no{char}te\nA;visit;2025-03-01;x\n")
    assert rows[0][3] == f"no{char}te"
    assert summary.errors == 0
    assert _results(rows[1])["status"] == "overdue"


def test_old_mac_line_endings_still_end_rows() -> None:
    rows, summary = _check("id;level;start\rA;visit;2025-03-01\rB;visit;2025-03-02\r")
    assert [row[0] for row in rows[1:]] == ["A", "B"]
    assert summary.errors == 0


# -- 12. the summary's per-group cost ------------------------------------------------------------


def test_the_summary_costs_a_few_hundred_bytes_per_unit() -> None:
    summary = CheckSummary()
    units = [f"Unit {i:07d}" for i in range(20_000)]  # made before measuring: the rows own them
    from vardgaranti import Level

    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for unit in units:
        summary.add(unit, Level.VISIT, Status.WITHIN, 10, False)
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert used / len(units) < 300  # was about 1 KB per unit
    assert len(list(summary.groups())) == 20_000


# -- 14. wrong argument types are TypeErrors that say what was expected --------------------------


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: parse_date(0), "expected text"),  # type: ignore[arg-type]
        (lambda: parse_exclusions(0), "exclusions: give text such as"),  # type: ignore[arg-type]
        (lambda: evaluate(None, as_of=AS_OF), "takes a Case"),  # type: ignore[arg-type]
        (
            lambda: evaluate(Case(level="visit", start=AS_OF), as_of=AS_OF, rules="national"),  # type: ignore[arg-type]
            "rules must be a RuleSet",
        ),
        (
            lambda: evaluate(Case(level="visit", start=AS_OF), as_of=AS_OF, policy=True),  # type: ignore[arg-type]
            "policy must be a Policy",
        ),
        (
            lambda: evaluate(Case(level="visit", start=AS_OF), as_of=AS_OF, calendar=1),  # type: ignore[arg-type]
            "calendar must be a SwedishCalendar",
        ),
        (lambda: list(evaluate_many([object()], as_of=AS_OF)), "takes Case values"),  # type: ignore[type-var]
        (lambda: list(read_waiting_list(123)), "a waiting list is a path"),  # type: ignore[arg-type]
    ],
)
def test_wrong_argument_types_raise_a_type_error_saying_what_was_expected(
    call: object, expected: str
) -> None:
    with pytest.raises(TypeError, match=expected) as raised:
        call()  # type: ignore[operator]
    assert isinstance(raised.value, InvalidTypeError)
    if "waiting list" in expected:  # (it named no field)
        assert raised.value.field == "source"


def test_a_calendar_instance_is_still_accepted() -> None:
    case = Case(level="visit", start=date(2025, 3, 3))
    assert evaluate(case, as_of=AS_OF, calendar=SwedishCalendar()).deadline == date(2025, 6, 1)


# -- 15. a deadline past 9999-12-31 names its real cause -----------------------------------------


def test_a_start_too_late_for_any_deadline_names_the_start_in_evaluate() -> None:
    case = Case(level="visit", start=date(9999, 12, 30))
    with pytest.raises(InvalidCaseError, match=r"^start: .*after 9999-12-31"):
        evaluate(case, as_of=date(9999, 12, 31))


def test_a_start_too_late_for_any_deadline_names_the_start_in_check() -> None:
    rows, summary = _check("id;level;start\nA;visit;9999-12-30\n", as_of=date(9999, 12, 31))
    assert summary.errors == 1
    assert _results(rows[1])["error"].startswith("start: ")


# -- 16-18. replaying events as of an earlier day ------------------------------------------------


def test_every_restart_on_or_before_as_of_counts_and_the_latest_of_them_starts_the_period() -> None:
    events: list[Event] = [
        ReferralIssued(date(2025, 1, 15)),
        Restarted(date(2025, 4, 1)),
        Restarted(date(2025, 6, 1)),
    ]
    case = Case.from_events("visit", events)
    result = evaluate(case, as_of=date(2025, 5, 1))
    assert result.deadline == date(2025, 6, 30)
    assert result.status is Status.WITHIN
    assert not result.care_elsewhere
    assert result.clock_start == date(2025, 4, 1)
    later = evaluate(case, as_of=date(2025, 6, 2))
    assert later.deadline == date(2025, 8, 30)


def test_a_waiver_in_effect_on_the_as_of_day_counts_though_a_later_one_exists() -> None:
    events: list[Event] = [
        ReferralIssued(date(2025, 1, 15)),
        WaiverGiven(date(2025, 4, 20)),
        Restarted(date(2025, 5, 5)),
        WaiverGiven(date(2025, 6, 1)),
    ]
    case = Case.from_events("visit", events)
    assert evaluate(case, as_of=date(2025, 4, 25)).status is Status.NOT_COVERED
    between = evaluate(case, as_of=date(2025, 5, 20))
    assert between.status is Status.WITHIN
    assert between.deadline == date(2025, 8, 3)
    assert evaluate(case, as_of=date(2025, 6, 2)).status is Status.NOT_COVERED


def test_clock_start_is_the_start_of_the_period_counted_as_of_the_day(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["deadline", "--level", "visit", "--start", "2025-01-15", "--restart", "2025-06-10"]
    assert main([*argv, "--as-of", "2025-05-01", "--json"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["clock_start"] == "2025-01-15"
    assert data["deadline"] == "2025-04-15"
    assert data["days_waited"] == 106
    assert main([*argv, "--as-of", "2025-06-20", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["clock_start"], data["deadline"]) == ("2025-06-10", "2025-09-08")


def test_a_replay_leaves_out_exclusions_and_bookings_that_had_not_happened() -> None:
    from vardgaranti import AppointmentBooked, ExclusionBegan, ExclusionEnded

    events: list[Event] = [
        ReferralIssued(date(2025, 3, 3)),
        ExclusionBegan(date(2025, 4, 1), "mov"),
        ExclusionEnded(date(2025, 4, 14), "mov"),
        ExclusionBegan(date(2025, 5, 10), "pvv"),
        ExclusionEnded(date(2025, 5, 20), "pvv"),
        AppointmentBooked(date(2025, 6, 20), booked_on=date(2025, 5, 15)),
    ]
    as_of_may = Case.from_events("visit", events, as_of=date(2025, 5, 1))
    assert [str(e) for e in as_of_may.exclusions] == ["mov:2025-04-01..2025-04-14"]
    assert as_of_may.booked is None
    ongoing = Case.from_events("visit", events, as_of=date(2025, 5, 12))
    assert [str(e) for e in ongoing.exclusions][-1] == "pvv:2025-05-10..2025-05-12"
    everything = Case.from_events("visit", events, as_of=date(2025, 6, 1))
    assert len(everything.exclusions) == 2
    assert everything.booked == date(2025, 6, 20)


def test_restart_and_waived_take_one_date_or_several() -> None:
    one = Case(level="visit", start=date(2025, 1, 1), restart=date(2025, 2, 1))
    several = Case(
        level="visit", start=date(2025, 1, 1), restart=[date(2025, 3, 1), date(2025, 2, 1)]
    )
    assert one.restarts == (date(2025, 2, 1),)
    assert several.restarts == (date(2025, 2, 1), date(2025, 3, 1))
    assert several.restart == date(2025, 3, 1)
    with pytest.raises(InvalidCaseError, match="before the start"):
        Case(level="visit", start=date(2025, 1, 1), restart=[date(2024, 12, 1), date(2025, 2, 1)])


# -- 9. closed stderr ------------------------------------------------------------------------------


def test_with_stderr_closed_the_command_exits_as_usual_and_prints_nothing_on_stdout(
    tmp_path: Path,
) -> None:
    path = tmp_path / "list.csv"
    path.write_text("id;level;start\nA;visit;2025-13-01\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    command = [sys.executable, "-m", "vardgaranti", "check", str(path), "--as-of", "2025-06-02"]
    done = subprocess.run(
        [*command, "-o", str(out)],
        stderr=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        check=False,
        close_fds=True,
        preexec_fn=lambda: os.close(2),
    )
    assert done.returncode == 1  # one row with an error, as with stderr open
    assert b"internal error" not in done.stdout
    assert done.stdout == b""
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


@pytest.mark.parametrize("command", [["check", "--example"], ["stats", "--example", "--csv"],
                                     ["rules"]])  # fmt: skip
def test_with_stdout_closed_a_command_writing_to_it_fails_rather_than_lose_its_output(
    command: list[str], tmp_path: Path
) -> None:
    # `>&-` in a cron job: the command exited 0 and its product went nowhere.
    done = subprocess.run(
        [sys.executable, "-m", "vardgaranti", *command],
        stderr=subprocess.PIPE,
        check=False,
        close_fds=True,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 2
    assert b"standard output is closed" in done.stderr
    if command[0] == "stats":  # (it said so in English under --lang sv)
        swedish = subprocess.run(
            [sys.executable, "-m", "vardgaranti", *command, "--lang", "sv"],
            stderr=subprocess.PIPE,
            check=False,
            close_fds=True,
            preexec_fn=lambda: os.close(1),
        )
        assert swedish.returncode == 2
        assert ": fel: standard ut är stängd, så " in swedish.stderr.decode("utf-8")
    if command[0] == "check":  # with --output, standard output is not needed
        out = tmp_path / "out.csv"
        written = subprocess.run(
            [sys.executable, "-m", "vardgaranti", *command, "-o", str(out)],
            stderr=subprocess.PIPE,
            check=False,
            close_fds=True,
            preexec_fn=lambda: os.close(1),
        )
        assert written.returncode == 1  # the example's rows with errors
        assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 301


_INTERRUPTED_IMPORT: Final = """
import sys
from importlib.metadata import entry_points

class Interrupt:  # Ctrl-C arriving while the command line's modules are imported
    def find_spec(self, name, path=None, target=None):
        if name == "vardgaranti._cli_common":
            raise KeyboardInterrupt
        return None

(script,) = entry_points(group="console_scripts", name="vardgaranti")
sys.meta_path.insert(0, Interrupt())
sys.exit(script.load()())
"""


def test_ctrl_c_while_the_command_starts_up_is_one_line_and_exit_130_not_a_traceback() -> None:
    # The installed `vardgaranti` command, run as its console script runs it.
    done = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_IMPORT, "check", "--example"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 130
    assert done.stderr == "vardgaranti: interrupted\n"
    assert done.stdout == ""


def test_ctrl_c_while_the_arguments_are_parsed_is_one_line_and_exit_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import vardgaranti._cli
    from vardgaranti.__main__ import main as command

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(vardgaranti._cli, "build_parser", interrupted)
    monkeypatch.setattr(sys, "argv", ["vardgaranti", "check", "--example"])
    assert command() == 130
    assert capsys.readouterr().err == "vardgaranti: interrupted\n"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["stats", "--example", "--lang", "sv"], "avbrutet"),
        (["report", "--example", "-o", "-"], "avbrutet"),  # (Swedish by default)
        (["stats", "--example"], "interrupted"),
    ],
)
def test_ctrl_c_is_said_in_the_commands_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    import vardgaranti._cli_report
    import vardgaranti._cli_stats
    from vardgaranti._cli import main

    def interrupted(*_args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(vardgaranti._cli_stats, "_run_stats", interrupted)
    monkeypatch.setattr(vardgaranti._cli_report, "_run_report", interrupted)
    assert main(argv) == 130
    assert capsys.readouterr().err == f"vardgaranti: {said}\n"


def test_importing_the_package_does_not_import_typing_so_the_start_up_window_is_short() -> None:
    # Until the command's `try` is reached a Ctrl-C can only end in a traceback: the package's
    # own start-up must stay a few module loads (typing alone pulls in re, enum, collections).
    def loaded(code: str) -> str:
        show = "; print(sorted(m for m in ('typing', 're', 'enum') if m in sys.modules))"
        done = subprocess.run(
            [sys.executable, "-c", code + show], capture_output=True, text=True, check=True
        )
        return done.stdout

    # What the interpreter's own start-up (site, .pth files) loads is not the package's doing.
    assert loaded("import sys, vardgaranti.__main__") == loaded("import sys")


def test_policy_is_still_frozen_and_checked() -> None:
    with pytest.raises(InvalidValueError):
        Policy(at_risk_days=-1)
    with pytest.raises(WaitingListError):
        list(read_waiting_list(io.StringIO("")))


# -- output encodings and UTF-16 without a mark -------------------------------------------------


def test_a_character_the_output_encoding_lacks_is_exit_2_naming_it_and_the_old_file_stays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # cp1252 has no 'Ő': never replaced silently (it may be a patient's name), never an
    # internal error; the output being replaced keeps its content
    path = tmp_path / "export.csv"
    path.write_text("id;level;start;note\nA;visit;2025-03-01;Őz\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    out.write_text("the previous run\n", encoding="utf-8")
    argv = ["check", str(path), "--as-of", "2025-04-01", "--output-encoding", "cp1252"]
    assert main([*argv, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "'Ő' (U+0150) cannot be written in cp1252" in err
    assert "utf-8-sig" in err
    assert out.read_text(encoding="utf-8") == "the previous run\n"
    assert [p.name for p in tmp_path.iterdir() if p.name not in ("export.csv", "out.csv")] == []


def test_utf16_text_without_a_byte_order_mark_is_read_when_the_encoding_is_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "u16.csv"
    path.write_bytes("id;level;start\nA;visit;2025-03-01\n".encode("utf-16-le"))
    out = tmp_path / "out.csv"
    argv = ["check", str(path), "--as-of", "2025-04-01", "-o", str(out)]
    assert main([*argv, "--encoding", "utf-16"]) == 0
    assert (
        out.read_text(encoding="utf-8-sig")
        .splitlines()[1]
        .startswith("A;visit;2025-03-01;2025-05-30;within")
    )
    # without the encoding given, the NUL bytes look binary: refused, saying what to give
    assert main(argv) == 2
    assert "give the encoding utf-16" in capsys.readouterr().err


def test_a_delivery_broken_half_way_to_stdout_writes_every_row_before_the_break_then_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests import national_fixtures as nf

    path = tmp_path / "cut.xml"
    path.write_bytes(nf.broken_after(5))
    assert main(["check", str(path), "--as-of", "2025-03-31"]) == 2
    captured = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(captured.out.lstrip("\ufeff")), delimiter=";"))
    assert [row["VardkontaktId"] for row in rows] == [
        contact["VardkontaktId"] for contact in nf.contacts()[:5]
    ]
    assert captured.err.count("\n") == 1
    assert "line " in captured.err
