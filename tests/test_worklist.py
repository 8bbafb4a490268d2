"""``vardgaranti worklist``: whom to act on, the groups, the breach forecast, the outputs, letters.

The golden files under ``tests/golden/week/`` were computed by hand, as of 2025-06-02 (calendar
days, the start is day 0, the deadline start + 90 days for a visit or a treatment):

=====  ==========  =========  ==========  ==================================================
row    start       deadline   as of       why
=====  ==========  =========  ==========  ==================================================
W01    2025-02-01  05-02      overdue 31  care elsewhere (past the national deadline)
W02    2025-03-10  06-08      6 left      booked 07-01 (late): rebook, or elsewhere 06-09
W03    2025-03-20  06-18      16 left     no booking, within the 28-day horizon: book
W04    2025-03-20  06-18      16 left     booked 06-10: in time, not on the list
W05    2025-02-20  05-31      overdue 2   treatment; 10 days of MoV move 05-21 to 05-31
W06    2025-04-01  06-30      28 left     no booking, 28 <= 28: book
W07    2025-03-05  06-03      1 left      booked 05-20, in the past: no booking: book
W08    2025-01-15  04-15      met         completed 04-10: not on the list
W09    2025-05-01  07-30      58 left     besök = visit, beyond the horizon and 8 weeks
W10    2025-04-15  07-14      42 left     beyond the horizon; breaches within 8 weeks
W11    2025-13-01  -          -           a row error
=====  ==========  =========  ==========  ==================================================

Forecast (breach day = deadline + 1; cumulative within 7, 14, 28, 56 days): Ortopedi visit:
W02 in 7, W03 in 17, W10 in 43 -> 1, 1, 2, 3; Hud visit: W07 in 2, W06 in 29 -> 1, 1, 1, 2;
Ortopedi treatment: none left -> 0, 0, 0, 0. Whole list: 2, 2, 3, 5; overdue W01 and W05.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import random
import re
import tracemalloc
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

import pytest

from tests.national_fixtures import contacts, national_csv, national_xlsx, national_xml
from vardgaranti import BUP, Level
from vardgaranti._cli import main
from vardgaranti._letters import letter_for
from vardgaranti._validate import Validator
from vardgaranti._waiting_list import EXAMPLE_AS_OF, assess_file, example_waiting_list
from vardgaranti._worklist import (
    WEEKS,
    Worklist,
    WorklistAction,
    WorklistBuilder,
    build_worklist,
    letter_file_name,
    write_letters,
)
from vardgaranti.errors import InvalidTypeError, InvalidValueError, WaitingListError

GOLDEN: Final = Path(__file__).parent / "golden" / "week"
INPUT: Final = GOLDEN / "worklist_input.csv"
AS_OF: Final = date(2025, 6, 2)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as stop:  # argparse
        code = stop.code if isinstance(stop.code, int) else 2
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _ids(worklist: Worklist) -> list[str]:
    return [entry.id for _group, entry in worklist.entries()]


# -- golden files ---------------------------------------------------------------------------------


def test_worklist_csv_is_the_hand_computed_golden_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "worklist.csv"
    code, _out, err = _run(
        capsys, "worklist", str(INPUT), "--as-of", "2025-06-02", "--keep", "note", "-o", str(out)
    )
    assert code == 1  # W11 has an error: it is not on the list, and the exit status says so
    assert "1 of 11 rows has errors" in err
    assert out.read_bytes() == (GOLDEN / "worklist.csv").read_bytes()


def test_worklist_text_is_the_golden_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(
        capsys, "worklist", str(INPUT), "--as-of", "2025-06-02", "--keep", "note"
    )
    assert code == 1
    assert out == (GOLDEN / "worklist.txt").read_text(encoding="utf-8")


def test_worklist_json_has_the_hand_computed_figures(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(
        capsys, "worklist", str(INPUT), "--as-of", "2025-06-02", "--format", "json"
    )
    assert code == 1
    data = json.loads(out)
    assert data["as_of"] == "2025-06-02"
    assert data["horizon"] == 28
    assert data["group_by"] == ["unit", "level"]
    assert (data["rows"], data["rows_with_errors"], data["patients"]) == (11, 1, 6)
    assert data["whole_list"] == {"overdue": 2, "forecast": {"1": 2, "2": 2, "4": 3, "8": 5}}
    groups = [
        (
            g["group"],
            g["keys"],
            g["patients"],
            g["overdue"],
            g["earliest_deadline"],
            g["next_breach_days"],
            g["forecast"],
        )
        for g in data["groups"]
    ]
    assert groups == [
        (
            1,
            {"unit": "Ortopedi", "level": "visit"},
            3,
            1,
            "2025-05-02",
            7,
            {"1": 1, "2": 1, "4": 2, "8": 3},
        ),
        (
            2,
            {"unit": "Ortopedi", "level": "treatment"},
            1,
            1,
            "2025-05-31",
            None,
            {"1": 0, "2": 0, "4": 0, "8": 0},
        ),
        (
            3,
            {"unit": "Hud", "level": "visit"},
            2,
            0,
            "2025-06-03",
            2,
            {"1": 1, "2": 1, "4": 1, "8": 2},
        ),
    ]
    first = data["groups"][0]["entries"][0]
    assert first == {
        "row": 1,
        "line": 2,
        "id": "W01",
        "unit": "Ortopedi",
        "level": "visit",
        "start": "2025-02-01",
        "booked": None,
        "deadline": "2025-05-02",
        "status": "overdue",
        "days_left": None,
        "days_over": 31,
        "action": "care-elsewhere",
        "keep": {},
    }


def test_the_library_gives_the_same_groups_and_actions() -> None:
    worklist = build_worklist(INPUT, as_of=AS_OF)
    assert [(g.number, g.keys) for g in worklist.groups] == [
        (1, ("Ortopedi", "visit")),
        (2, ("Ortopedi", "treatment")),
        (3, ("Hud", "visit")),
    ]
    actions = [(entry.id, entry.action) for _group, entry in worklist.entries()]
    assert actions == [
        ("W01", WorklistAction.CARE_ELSEWHERE),
        ("W02", WorklistAction.REBOOK_OR_CARE_ELSEWHERE),
        ("W03", WorklistAction.BOOK),
        ("W05", WorklistAction.CARE_ELSEWHERE),
        ("W07", WorklistAction.BOOK),
        ("W06", WorklistAction.BOOK),
    ]
    assert worklist.forecast == (2, 2, 3, 5)
    assert worklist.overdue == 2
    assert (worklist.rows, worklist.errors, worklist.empty) == (11, 1, 0)


def test_a_swedish_level_word_groups_with_its_level() -> None:
    # W09 is "besök": the level evaluated is visit, so it counts in the Hud visit forecast
    # (59 days to its breach: beyond 8 weeks), and W06 (29 days) only in the 8-week count.
    worklist = build_worklist(INPUT, as_of=AS_OF)
    hud = worklist.groups[2]
    assert hud.keys == ("Hud", "visit")
    assert hud.forecast == (1, 1, 1, 2)


# -- selection, horizon and groups --------------------------------------------------------------


def test_horizon_zero_keeps_only_the_overdue_and_the_booked_late() -> None:
    worklist = build_worklist(INPUT, as_of=AS_OF, horizon=0)
    assert _ids(worklist) == ["W01", "W02", "W05"]


def test_a_horizon_of_exactly_the_days_left_puts_the_patient_on_the_list() -> None:
    assert "W06" in _ids(build_worklist(INPUT, as_of=AS_OF, horizon=28))  # 28 days left
    assert "W06" not in _ids(build_worklist(INPUT, as_of=AS_OF, horizon=27))


def test_the_forecast_does_not_depend_on_the_horizon() -> None:
    wide = build_worklist(INPUT, as_of=AS_OF, horizon=60)
    narrow = build_worklist(INPUT, as_of=AS_OF, horizon=0)
    assert wide.forecast == narrow.forecast == (2, 2, 3, 5)
    assert "W10" in _ids(wide)  # 42 days left
    assert "W09" in _ids(wide)  # 58 days left


def test_group_by_nothing_gives_one_group_sorted_by_deadline(
    capsys: pytest.CaptureFixture[str],
) -> None:
    worklist = build_worklist(INPUT, as_of=AS_OF, group_by=())
    assert len(worklist.groups) == 1
    assert worklist.groups[0].keys == ()
    assert _ids(worklist) == ["W01", "W05", "W07", "W02", "W03", "W06"]
    code, out, _ = _run(
        capsys, "worklist", str(INPUT), "--as-of", "2025-06-02", "--group-by", "", "--format", "csv"
    )
    assert code == 1
    assert out.splitlines()[0] == (
        "group;id;unit;level;start;booked;deadline;status;days_left;days_over;action"
    )


def test_group_by_names_are_case_insensitive_and_level_is_the_evaluated_level() -> None:
    worklist = build_worklist(INPUT, as_of=AS_OF, group_by=["LEVEL", "Unit", "level"])
    assert worklist.group_by == ("LEVEL", "Unit")
    assert [g.keys for g in worklist.groups] == [
        ("visit", "Ortopedi"),
        ("treatment", "Ortopedi"),
        ("visit", "Hud"),
    ]


def test_an_unknown_group_by_column_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(
        capsys, "worklist", str(INPUT), "--as-of", "2025-06-02", "--group-by", "unit,Mvo"
    )
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert f"--group-by 'Mvo': {INPUT} has no such column (the columns: 'id'," in err


def test_an_unknown_keep_column_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02", "--keep", "x")
    assert code == 2
    assert f"--keep 'x': {INPUT} has no such column (the columns: 'id'," in err
    assert err.endswith("; 'level' is the level evaluated)\n")  # (named once, not twice)
    assert err.count("'level'") == 2  # the file's column, and the note


def test_an_error_about_the_example_names_it_by_its_file_not_the_installed_path(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv in (["worklist", "--example", "--keep", "x"], ["stats", "--example", "--by", "x"]):
        code, _out, err = _run(capsys, *argv)
        assert code == 2
        assert str(example_waiting_list().parent) not in err
        assert "example_waiting_list.csv has no such column" in err


def test_a_kept_cell_is_written_as_it_came_as_check_writes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # --keep stripped a kept cell: a tab before X was lost, " =1+1" became "'=1+1"
    path = tmp_path / "list.csv"
    path.write_text("id;level;start;note\nA;visit;2025-01-02;\tX\nB;visit;2025-01-03; =1+1\n",
                    encoding="utf-8")  # fmt: skip
    code, out, _err = _run(capsys, "worklist", str(path), "--as-of", "2025-06-02", "--keep",
                           "note", "--format", "csv")  # fmt: skip
    assert code == 0
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))
    assert [row[-1] for row in rows[1:]] == ["'\tX", " =1+1"]  # as check writes them


@pytest.mark.parametrize("name", ["deadline", "Status", "group", "action"])
def test_a_kept_column_named_as_one_the_worklist_writes_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    # an earlier `check` output has its own deadline and status: kept, they would vanish
    # behind the worklist's, or (group) be written twice under one name
    path = tmp_path / "checked.csv"
    path.write_text(
        "id;unit;level;start;deadline;status;action;group\nA;U;besök;2025-01-03;old;oldst;x;g1\n",
        encoding="utf-8",
    )
    for shape in ("csv", "json", "text"):
        code, out, err = _run(
            capsys, "worklist", str(path), "--as-of", "2025-06-02", "--keep", name,
            "--format", shape,
        )  # fmt: skip
        assert (code, out) == (2, "")
        assert f"--keep '{name}': {path}: a column the worklist writes itself" in err
        assert err.count("\n") == 1
    # the very cell the worklist reads for its own column keeps nothing more, and is no error
    code, out, _ = _run(
        capsys, "worklist", str(path), "--as-of", "2025-06-02", "--keep", "UNIT,id,level,start",
        "--format", "csv",
    )  # fmt: skip
    assert code == 0
    assert out.splitlines()[0] == (
        "group;unit;level;id;start;booked;deadline;status;days_left;days_over;action"
    )


def test_only_the_columns_needed_to_act_and_the_kept_ones_are_written(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(
        capsys, "worklist", str(INPUT), "--as-of", "2025-06-02", "--format", "csv",
        "--keep", "NOTE", "--keep", "note,completed",
    )  # fmt: skip
    assert code == 1
    header = out.splitlines()[0].split(";")
    assert header == [
        "group", "unit", "level", "id", "start", "booked", "deadline", "status", "days_left",
        "days_over", "action", "NOTE", "completed",
    ]  # fmt: skip
    assert "exclusions" not in header


def test_without_row_errors_the_exit_status_is_0(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = tmp_path / "good.csv"
    good.write_text("id;level;start\nA;visit;2025-02-01\n", encoding="utf-8")
    code, out, err = _run(capsys, "worklist", str(good), "--as-of", "2025-06-02")
    assert code == 0
    assert err == ""
    assert "1. level visit" in out  # no unit column: the default groups by level only


def test_the_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "worklist", "--example", "--format", "json")
    assert code == 1  # the example has rows with mistakes on purpose
    data = json.loads(out)
    worklist = build_worklist(example_waiting_list(), as_of=EXAMPLE_AS_OF)
    assert data["patients"] == worklist.patients > 0


# -- the national format ------------------------------------------------------------------------


def test_national_default_groups_add_mvo_and_aktivitet(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(
        capsys, "worklist", str(GOLDEN / "national_input.csv"), "--as-of", "2025-06-02",
        "--format", "csv",
    )  # fmt: skip
    assert code == 1  # K4 starts in 2009
    assert out.replace("\r\n", "\n") == (GOLDEN / "national_worklist.csv").read_text(
        encoding="utf-8"
    ).replace("\r\n", "\n")


def _open_national_records() -> list[dict[str, str]]:
    """The fixture contacts made covered, open and without deviation codes, in 2025."""
    records = []
    for i, record in enumerate(contacts()):
        record = dict(record)
        record.pop("Avvikelse", None)
        record["Vardgaranti"] = "JA"
        record["BeslutAktivitet"] = f"2025-0{1 + i % 5}-{1 + i:02d}T08:00:00"
        records.append(record)
    return records


@pytest.mark.parametrize("shape", ["xml", "csv", "xlsx"])
def test_every_national_format_gives_the_same_worklist(shape: str, tmp_path: Path) -> None:
    records = _open_national_records()
    data: bytes = {
        "xml": lambda: national_xml(records),
        "csv": lambda: national_csv(records).encode("utf-8"),
        "xlsx": lambda: national_xlsx(records),
    }[shape]()
    path = tmp_path / f"leverans.{shape}"
    path.write_bytes(data)
    worklist = build_worklist(path, as_of=AS_OF)
    assert worklist.group_by == ("unit", "level", "Mvo", "Aktivitet")
    found = [(e.id, e.deadline, e.action.value, g.keys) for g, e in worklist.entries()]
    reference = build_worklist(io.StringIO(national_csv(records)), as_of=AS_OF)
    assert found == [(e.id, e.deadline, e.action.value, g.keys) for g, e in reference.entries()]
    assert len(found) >= 5


# -- the activity in the default groups ----------------------------------------------------------

# Three operations at one unit and level, two kinds (treatment: deadline start + 90 days).
_OPERATIONS: Final = (
    "id;unit;level;start;activity\n"
    "P1;Ortopedi;treatment;2025-03-10;OP1\n"  # deadline 06-08
    "P2;Ortopedi;treatment;2025-03-12;OP2\n"  # deadline 06-10
    "P3;Ortopedi;treatment;2025-03-15;OP1\n"  # deadline 06-13
)


def test_native_default_groups_add_the_activity_so_different_operations_are_different_groups(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    worklist = build_worklist(io.StringIO(_OPERATIONS), as_of=AS_OF)
    assert worklist.group_by == ("unit", "level", "activity")
    assert [(group.keys, [entry.id for entry in group.patients]) for group in worklist.groups] == [
        (("Ortopedi", "treatment", "OP1"), ["P1", "P3"]),
        (("Ortopedi", "treatment", "OP2"), ["P2"]),
    ]
    source = tmp_path / "operations.csv"
    source.write_text(_OPERATIONS, encoding="utf-8")
    code, out, _ = _run(capsys, "worklist", str(source), "--as-of", "2025-06-02", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out), delimiter=";"))
    assert rows[0][:5] == ["group", "unit", "level", "activity", "id"]
    assert [row[:5] for row in rows[1:]] == [
        ["1", "Ortopedi", "treatment", "OP1", "P1"],
        ["1", "Ortopedi", "treatment", "OP1", "P3"],
        ["2", "Ortopedi", "treatment", "OP2", "P2"],
    ]


@pytest.mark.parametrize(
    ("extra", "grouped"),
    [
        (["activity"], 0),
        (["ACTIVITY"], 0),
        (["Aktivitet"], 0),
        (["activity", "aktivitet"], 1),  # Aktivitet first, as validate reads it
        (["activity", "Activity"], 0),  # the first of two
        (["Mvo", "activity"], 1),
        (["procedure"], None),  # not an activity column for validate either
        ([], None),
    ],
    ids=["activity", "ACTIVITY", "Aktivitet", "both", "twice", "Mvo-activity", "procedure", "none"],
)
def test_the_default_activity_group_is_the_column_validate_reads_for_duplicate_referrals(
    extra: list[str], grouped: int | None
) -> None:
    header = ["id", "unit", "level", "start", *extra]
    text = ";".join(header) + "\n" + ";".join(["P1", "U", "visit", "2025-03-10", *extra]) + "\n"
    with assess_file(io.StringIO(text), as_of=AS_OF) as file:
        validator = Validator(file, as_of=AS_OF)
        builder = WorklistBuilder(file, as_of=AS_OF)
        activity = [
            at
            for name, at in zip(builder.group_by, builder.key_at, strict=True)
            if name.lower() not in ("unit", "level", "mvo")
        ]
    expected = [] if grouped is None else [4 + grouped]
    assert activity == expected
    assert validator.i_activity == (-1 if grouped is None else 4 + grouped)


# -- outputs ------------------------------------------------------------------------------------


def test_the_workbook_has_an_overview_and_a_sheet_per_group(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "worklist.xlsx"
    code, _, _ = _run(
        capsys, "worklist", str(INPUT), "--as-of", "2025-06-02", "--keep", "note", "-o", str(out)
    )
    assert code == 1
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "Overview",
        "1 Ortopedi visit",
        "2 Ortopedi treatment",
        "3 Hud visit",
    ]
    overview = [[cell.value for cell in row] for row in book["Overview"].iter_rows()]
    assert overview[0] == [
        "group", "unit", "level", "patients", "overdue", "earliest_deadline",
        "next_breach_days", "breach_1w", "breach_2w", "breach_4w", "breach_8w",
    ]  # fmt: skip
    assert overview[1][:5] == [1, "Ortopedi", "visit", 3, 1]
    assert overview[1][5].date() == date(2025, 5, 2)
    assert overview[1][6:] == [7, 1, 1, 2, 3]
    assert overview[2][6] is None  # no breach ahead in group 2
    first = [[cell.value for cell in row] for row in book["1 Ortopedi visit"].iter_rows()]
    assert len(first) == 4
    formula = first[3][-1]
    assert formula == '=HYPERLINK("x")'  # kept as text ...
    assert (
        book["1 Ortopedi visit"].cell(row=4, column=len(first[0])).data_type == "s"
    )  # ... not run


def test_the_workbook_in_swedish_has_swedish_headers_values_and_sheet_names(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A review: under --lang sv the sheets were Swedish but every header and value English
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "lista.xlsx"
    code, _, _ = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02", "--keep", "note",
                      "-o", str(out), "--lang", "sv")  # fmt: skip
    assert code == 1
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "Översikt",
        "1 Ortopedi besök",
        "2 Ortopedi behandling",
        "3 Hud besök",
    ]
    overview = [[cell.value for cell in row] for row in book["Översikt"].iter_rows()]
    assert overview[0] == [
        "Grupp", "Enhet", "Nivå", "Patienter", "Försenade", "Tidigaste sista dag",
        "Dagar till nästa garantibrott", "Garantibrott inom 1 vecka",
        "Garantibrott inom 2 veckor", "Garantibrott inom 4 veckor", "Garantibrott inom 8 veckor",
    ]  # fmt: skip
    assert overview[1][:5] == [1, "Ortopedi", "besök", 3, 1]  # the same figures as in English
    assert overview[1][6:] == [7, 1, 1, 2, 3]
    first = [[cell.value for cell in row] for row in book["1 Ortopedi besök"].iter_rows()]
    assert first[0] == [
        "Grupp", "Enhet", "Nivå", "Id", "Start", "Bokad", "Sista dag", "Status", "Dagar kvar",
        "Dagar över", "Åtgärd", "note",
    ]  # fmt: skip
    statuses = {row[7] for row in first[1:]}
    assert statuses <= {"försenad", "risk", "inom"}
    assert "försenad" in statuses
    assert {row[2] for row in first[1:]} == {"besök"}
    assert {row[10] for row in first[1:]} <= {"vård hos annan vårdgivare", "försenad: boka", "boka",
                                              "boka om senast sista dagen",
                                              "boka om i tid, annars vård hos annan vårdgivare",
                                              }  # fmt: skip
    # the English workbook keeps the CSV's names and values (for scripts)
    english = tmp_path / "list.xlsx"
    _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02", "-o", str(english))
    sheet = openpyxl.load_workbook(english)["1 Ortopedi visit"]
    assert [cell.value for cell in next(sheet.iter_rows())][:4] == ["group", "unit", "level", "id"]


def test_a_workbook_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("openpyxl")
    code, _, err = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02", "--format", "xlsx")
    assert code == 2
    assert "--output" in err


def test_cells_that_look_like_formulas_or_hold_control_characters_are_neutralised(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(
        'id;unit;level;start\n"=cmd|\' /C calc\'!A0";"+unit\x1b[31m\nred";visit;2025-02-01\n',
        encoding="utf-8",
    )
    code, out, _ = _run(
        capsys, "worklist", str(hostile), "--as-of", "2025-06-02", "--format", "csv"
    )
    assert code == 0
    rows = list(csv.reader(io.StringIO(out), delimiter=";"))
    assert rows[1][1].startswith("'+unit")  # the unit (a group key) is escaped
    assert rows[1][3].startswith("'=cmd")  # the id too
    code, out, _ = _run(capsys, "worklist", str(hostile), "--as-of", "2025-06-02")
    assert "\x1b" not in out
    assert all(line.count("\n") == 0 for line in out.splitlines())
    assert "+unit?[31m?red" in out


def test_column_names_that_look_like_formulas_are_neutralised_in_the_csv_header(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # --keep and --group-by name the input's columns: the header carries those names, and a
    # spreadsheet would run "=cmd|x" in a header cell as in any other.
    hostile = tmp_path / "header.csv"
    hostile.write_text(
        "id;unit;level;start;@foo;=cmd|x\nA;U;visit;2025-03-01;-x;=1+1\n", encoding="utf-8"
    )
    code, out, _ = _run(
        capsys, "worklist", str(hostile), "--as-of", "2025-06-02", "--format", "csv",
        "--keep", "=cmd|x", "--group-by", "@foo",
    )  # fmt: skip
    assert code == 0
    header, row = list(csv.reader(io.StringIO(out), delimiter=";"))
    assert header[1] == "'@foo"
    assert header[-1] == "'=cmd|x"
    assert (row[1], row[-1]) == ("'-x", "'=1+1")


def test_output_goes_to_the_file_and_nothing_to_stdout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "list.json"
    code, stdout, _ = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02", "-o", str(out))
    assert code == 1
    assert stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["patients"] == 6  # .json: JSON


# -- letters ------------------------------------------------------------------------------------


def test_letters_one_file_per_patient_named_from_the_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "letters"
    code, _, err = _run(
        capsys, "worklist", str(INPUT), "--as-of", "2025-06-02", "--letters", str(folder),
        "--contact", "Vårdgarantienheten, telefon 010-123 45 67",
    )  # fmt: skip
    assert code == 1
    assert "6 letters written" in err
    assert sorted(os.listdir(folder)) == [f"W0{n}.txt" for n in (1, 2, 3, 5, 6, 7)]
    worklist = build_worklist(INPUT, as_of=AS_OF)
    for _group, entry in worklist.entries():
        text = (folder / f"{entry.id}.txt").read_text(encoding="utf-8")
        expected = letter_for(
            entry.assessed, "sv", as_of=AS_OF, contact="Vårdgarantienheten, telefon 010-123 45 67"
        )
        assert text == expected
    assert "senast den 2 maj 2025" in " ".join((folder / "W01.txt").read_text().split())


def test_letters_are_not_written_for_the_same_day_contact_guarantee(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # HSF 6 kap. 1 § 1: contact the same day. Its letter arrived after the day and told the
    # patient they had not had the contact it was; the patients stay on the list, to be called.
    folder = tmp_path / "brev"
    code, _, err = _run(capsys, "worklist", "--example", "--as-of", "2025-06-02", "--letters",
                        str(folder), "--lang", "sv", "-o", str(tmp_path / "lista.csv"))  # fmt: skip
    assert code == 1
    worklist = build_worklist(example_waiting_list(), as_of=EXAMPLE_AS_OF)
    levels = [entry.assessed.level for _group, entry in worklist.entries()]
    contact = levels.count(Level.CONTACT)
    assert contact > 0
    written = sorted(os.listdir(folder))
    assert len(written) == len(levels) - contact == sum(1 for _ in worklist.lettered())
    assert f"vardgaranti: {len(written)} brev skrivna till {folder}\n" in err
    assert (
        f"vardgaranti: {contact} patienter på nivån kontakt fick inget brev: garantin gäller "
        "kontakt samma dag" in err
    )
    lettered = {entry.id for _group, entry in worklist.lettered()}
    for _group, entry in worklist.entries():
        assert (f"{entry.id}.txt" in written) == (entry.id in lettered)
        assert (entry.id in lettered) == (entry.assessed.level is not Level.CONTACT)
    listed = (tmp_path / "lista.csv").read_text(encoding="utf-8-sig")
    assert listed.count("\n") - 1 == len(levels)  # (every patient still on the list)


def test_letters_in_english(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02", "--letters", str(folder),
         "--letter-lang", "en")  # fmt: skip
    assert (folder / "W03.txt").read_text(encoding="utf-8").startswith("Your care guarantee\n")


HOSTILE_IDS: Final = (
    "../x",
    "..",
    ".",
    ".hidden",
    "CON",
    "con.txt",
    "Lpt1",
    "",
    " ",
    "a/b",
    "a\\b",
    "C:evil",
    "x" * 5000,
    "P1",
    "p1",
    "P1.txt",
    "ÅÄÖ",
    "a\x00b",
    "-rf",
    "x-0123456789abcdef",
    "\u202eevil",
)


def test_letter_file_names_of_hostile_ids_stay_in_the_folder_and_differ() -> None:
    used: set[str] = set()
    names = [letter_file_name(ident, used) for ident in HOSTILE_IDS]
    assert len({name.casefold() for name in names}) == len(names)
    for name in names:
        assert "/" not in name
        assert "\\" not in name
        assert ":" not in name
        assert "\x00" not in name
        assert not name.startswith((".", "-"))
        assert name.endswith(".txt")
        assert len(name.encode()) <= 100
        assert name.split(".")[0].lower() not in {"con", "prn", "aux", "nul", "lpt1", "com1"}
        assert name.isascii()
    assert names[names.index("P1.txt")] == "P1.txt"
    assert letter_file_name("P1", set()) == "P1.txt"


def test_a_letter_of_an_id_with_swedish_letters_keeps_them_recognisable() -> None:
    # A review: "Ö-1" and "Ö-2" got "1-….txt" and "2-….txt", easy to take for the letters of
    # patients 1 and 2; the letters' marks are dropped, not the letters.
    names = [letter_file_name(ident, set()) for ident in ("Ö-1", "Ö-2", "ÅÄÖ", "O\u0308-1")]
    assert [name.rsplit("-", 1)[0] for name in names] == ["O-1", "O-2", "AAO", "O-1"]
    assert names[0] != names[3]  # (two ids that clean up alike still differ by their digest)


def test_two_runs_give_the_same_names() -> None:
    first = [letter_file_name(i, set()) for i in HOSTILE_IDS]
    assert first == [letter_file_name(i, set()) for i in HOSTILE_IDS]


def test_letters_of_hostile_ids_are_all_written_inside_the_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = ["id;level;start"]
    for ident in HOSTILE_IDS:
        if "\x00" in ident:
            continue  # a NUL never reaches a cell of a text file
        lines.append(f'"{ident}";visit;2025-02-01')
    source = tmp_path / "hostile.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    folder = tmp_path / "deep" / "letters"
    code, _, err = _run(capsys, "worklist", str(source), "--as-of", "2025-06-02",
                        "--letters", str(folder))  # fmt: skip
    assert code == 0, err
    written = os.listdir(folder)
    assert len(written) == len(lines) - 1
    outside = sorted(p.name for p in tmp_path.iterdir())
    assert outside == ["deep", "hostile.csv"]
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["letters"]


def test_letters_are_not_written_through_a_link(tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me", encoding="utf-8")
    (folder / "W01.txt").symlink_to(target)
    worklist = build_worklist(INPUT, as_of=AS_OF)
    with pytest.raises(WaitingListError, match="not a regular file"):
        write_letters(worklist, str(folder))
    assert target.read_text(encoding="utf-8") == "keep me"


def test_letters_into_a_file_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02",
                        "--letters", str(blocker))  # fmt: skip
    assert code == 2
    assert err.startswith("vardgaranti: error: ")
    assert err.count("\n") == 1


def test_an_existing_letter_is_replaced_whole(tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "W01.txt").write_text("old", encoding="utf-8")
    write_letters(build_worklist(INPUT, as_of=AS_OF), str(folder), "en")
    assert (folder / "W01.txt").read_text(encoding="utf-8").startswith("Your care guarantee")
    assert not [name for name in os.listdir(folder) if name.endswith(".partial")]


# -- the cost follow-up -------------------------------------------------------------------------


def test_costs_table_is_the_hand_computed_golden_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        capsys, "worklist", str(GOLDEN / "costs_input.csv"), "--as-of", "2025-06-02", "--costs",
        "--travel-rules", "example", "--format", "csv",
    )  # fmt: skip
    assert code == 0
    assert "an example, not a region's decision" in err
    assert (  # A6's distance 'x'
        "1 distance could not be read (column 'distance', on line 7: 'x'): the patient is "
        "counted as referred, without a travel estimate"
    ) in err
    assert out == (GOLDEN / "costs.csv").read_text(encoding="utf-8").replace("\n", "\r\n")


def test_costs_text_says_the_figures_are_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "worklist", str(GOLDEN / "costs_input.csv"), "--as-of", "2025-06-02", "--costs",
        "--travel-rules", "example", "--lang", "sv",
    )  # fmt: skip
    assert code == 0
    assert out.splitlines()[0].startswith("Vård hos en annan vårdgivare efter mer än 90 dagars")
    assert "exempelsiffror, inte på ett regionbeslut" in out


def test_the_swedish_costs_table_has_swedish_headers_and_decimal_commas(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The title was Swedish and the table's headers English, its amounts with a decimal point
    # (stats --lang sv writes 65,0); the CSV and JSON keep the keys.
    argv = ("worklist", str(GOLDEN / "costs_input.csv"), "--as-of", "2025-06-02", "--costs",
            "--travel-rules", "example")  # fmt: skip
    code, out, _ = _run(capsys, *argv, "--lang", "sv")
    assert code == 0
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("enhet"))
    assert header.split() == [
        "enhet", "månad", "patienter", "remitterade", "eget_val", "att_kontrollera", "med_resa",
        "resekostnad", "regionen_betalar", "patienten_betalar", "ej_täckt",
    ]  # fmt: skip
    table = lines[lines.index(header) + 1 :]
    amounts = [line.split()[7:] for line in table if len(line.split()) == len(header.split())]
    assert amounts
    assert all("," in cell and "." not in cell for row in amounts for cell in row), amounts
    code, out, _ = _run(capsys, *argv)
    assert code == 0
    english = next(line for line in out.splitlines() if line.startswith("unit"))
    assert english.split()[:3] == ["unit", "month", "patients"]
    assert "." in out.split(english)[1].splitlines()[1]


def test_costs_workbook_says_the_figures_are_an_example(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "costs.xlsx"
    code, _, _ = _run(
        capsys, "worklist", str(GOLDEN / "costs_input.csv"), "--as-of", "2025-06-02", "--costs",
        "--travel-rules", "example", "--output", str(out),
    )  # fmt: skip
    assert code == 0
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["Care elsewhere", "Note"]
    (note,) = next(book["Note"].iter_rows(values_only=True))
    assert isinstance(note, str)
    assert note.startswith("The travel estimate uses example figures, not a region's decision")
    book.close()
    code, _, _ = _run(
        capsys, "worklist", str(GOLDEN / "costs_input.csv"), "--as-of", "2025-06-02", "--costs",
        "--output", str(out),
    )  # fmt: skip
    assert load_workbook(out, read_only=True).sheetnames == ["Care elsewhere"]


@pytest.mark.parametrize(
    "option",
    [
        ["--keep", "note"],
        ["--group-by", "unit"],
        ["--contact", "Vårdlotsen"],  # (letters are not written with --costs: were silent)
        ["--letter-lang", "en"],
    ],
)
def test_worklist_options_given_with_costs_are_said_to_be_ignored(
    capsys: pytest.CaptureFixture[str], option: list[str]
) -> None:
    code, _, err = _run(
        capsys, "worklist", str(GOLDEN / "costs_input.csv"), "--as-of", "2025-06-02", "--costs",
        *option,
    )  # fmt: skip
    assert code == 0
    assert f"{option[0]} is for the worklist, not --costs; ignored" in err


def test_costs_without_travel_rules_has_no_travel_columns(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(
        capsys, "worklist", str(GOLDEN / "costs_input.csv"), "--as-of", "2025-06-02", "--costs",
        "--format", "json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["travel_rules"] is None
    assert data["rows"] == [
        {
            "unit": "Hud",
            "month": "2025-05",
            "patients": 1,
            "referred": 1,
            "own_choice": 0,
            "to_check": 0,
        },
        {
            "unit": "Ortopedi",
            "month": "2025-04",
            "patients": 1,
            "referred": 1,
            "own_choice": 0,
            "to_check": 0,
        },
        {
            "unit": "Ortopedi",
            "month": "2025-05",
            "patients": 2,
            "referred": 1,
            "own_choice": 1,
            "to_check": 0,
        },
    ]


def test_costs_need_a_referred_column(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02", "--costs")
    assert code == 2
    # (it said "'referred' or 'provider'", and then refused a file with a provider alone)
    assert "the cost follow-up needs the column 'referred' (the date the unit referred" in err


# The own fee charged when referred, and a ceiling per trip the far trip passes. By hand: B1
# 150 km = 15 mil x 20 = 300.00 a trip: fee 100, region 60 (the ceiling), 140 uncovered; B2
# 42 km = 84.00 a trip: fee 84 (never more than the trip), region 0. There and back: cost
# 600 + 168 = 768.00; region 120.00; patients 200 + 168 = 368.00; uncovered 280.00.
_CHARGED_RULES: Final = """\
name = "Charged"
currency = "SEK"
[own_fee]
amount = 100
source = "test"
[rate_per_mil]
amount = 20
source = "test"
[ceiling_per_trip]
amount = 60
source = "test"
[own_fee_when_referred]
value = true
source = "test"
"""
_CHARGED_INPUT: Final = (
    "id;unit;level;start;completed;referred;distance\n"
    "B1;Ortopedi;visit;2025-01-10;2025-05-02;2025-04-20;150\n"  # 112 days
    "B2;Ortopedi;visit;2025-01-12;2025-05-20;2025-04-25;42\n"  # 128 days
)
_TRAVEL_COLUMNS: Final = [
    "unit", "month", "patients", "referred", "own_choice", "to_check",
    "travel_patients", "travel_cost", "region_pays", "patient_pays", "uncovered",
]  # fmt: skip
_CHARGED_LINE: Final = ["Ortopedi", "2025-05", "2", "2", "0", "0", "2", "768.00", "120.00",
                        "368.00", "280.00"]  # fmt: skip


def _charged(tmp_path: Path) -> tuple[str, ...]:
    rules = tmp_path / "charged.toml"
    rules.write_text(_CHARGED_RULES, encoding="utf-8")
    source = tmp_path / "utfall.csv"
    source.write_text(_CHARGED_INPUT, encoding="utf-8")
    return ("worklist", str(source), "--as-of", "2025-06-02", "--costs",
            "--travel-rules", str(rules))  # fmt: skip


def test_costs_text_shows_the_travel_cost_and_the_uncovered_part(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = _run(capsys, *_charged(tmp_path))
    assert code == 0
    lines = out.splitlines()
    assert lines[1].startswith("Rows read: 2, rows with errors: 0")
    assert lines[2].split() == _TRAVEL_COLUMNS
    assert lines[3].split() == _CHARGED_LINE
    assert len(lines) == 4  # not an example: no note


def test_costs_csv_shows_the_travel_cost_and_the_uncovered_part(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = _run(capsys, *_charged(tmp_path), "--format", "csv")
    assert code == 0
    assert list(csv.reader(io.StringIO(out), delimiter=";")) == [_TRAVEL_COLUMNS, _CHARGED_LINE]


def test_costs_workbook_shows_the_travel_cost_and_the_uncovered_part_as_numbers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "costs.xlsx"
    code, _, _ = _run(capsys, *_charged(tmp_path), "--output", str(out))
    assert code == 0
    sheet = openpyxl.load_workbook(out).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [
        _TRAVEL_COLUMNS,
        ["Ortopedi", "2025-05", 2, 2, 0, 0, 2, 768.0, 120.0, 368.0, 280.0],
    ]
    travel_cost, region, patient, uncovered = rows[1][7:]
    assert region + patient + uncovered == travel_cost
    # amounts shown with their two decimals (62,50 in a Swedish Excel, not 62,5)
    assert [cell.number_format for cell in sheet[2][7:]] == ["0.00"] * 4


def test_costs_workbook_in_swedish_has_the_swedish_headers_of_the_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "kostnader.xlsx"
    code, _, _ = _run(capsys, *_charged(tmp_path), "--output", str(out), "--lang", "sv")
    assert code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "Vård hos annan"
    rows = [[cell.value for cell in row] for row in book.worksheets[0].iter_rows()]
    assert rows[0] == [
        "enhet", "månad", "patienter", "remitterade", "eget_val", "att_kontrollera", "med_resa",
        "resekostnad", "regionen_betalar", "patienten_betalar", "ej_täckt",
    ]  # fmt: skip
    assert rows[1] == ["Ortopedi", "2025-05", 2, 2, 0, 0, 2, 768.0, 120.0, 368.0, 280.0]


@pytest.mark.parametrize("travel", [True, False], ids=["estimate", "no-estimate"])
def test_costs_text_csv_and_workbook_have_the_columns_of_the_json(
    travel: bool, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = _charged(tmp_path)
    if not travel:
        argv = argv[:-2]  # without --travel-rules: no estimate, no travel columns
    _, out, _ = _run(capsys, *argv, "--format", "json")
    columns = list(json.loads(out)["rows"][0])
    assert columns == (_TRAVEL_COLUMNS if travel else _TRAVEL_COLUMNS[:6])
    _, out, _ = _run(capsys, *argv)
    assert out.splitlines()[2].split() == columns
    _, out, _ = _run(capsys, *argv, "--format", "csv")
    assert out.splitlines()[0].split(";") == columns
    openpyxl = pytest.importorskip("openpyxl")
    book = tmp_path / "costs.xlsx"
    _run(capsys, *argv, "--output", str(book))
    sheet = openpyxl.load_workbook(book).worksheets[0]
    assert [cell.value for cell in next(sheet.iter_rows())] == columns


def test_unreadable_distances_are_counted_as_referred_without_an_estimate_and_the_warning_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "utfall.csv"
    source.write_text(
        "id;unit;level;start;completed;referred;distance\n"
        "C1;U;visit;2025-01-10;2025-05-02;2025-04-20;far\n"  # unreadable distance
        "C2;U;visit;2025-01-10;2025-05-02;2025-04-20;12 km\n"  # unreadable distance
        "C3;U;visit;2025-01-10;2025-05-02;20/04/2025;42\n"  # unreadable referral: a row error
        "C4;U;visit;2025-01-10;2025-05-02;2025-04-20;10\n",  # 1 mil x 25 = 25.00 a trip
        encoding="utf-8",
    )
    code, out, err = _run(
        capsys, "worklist", str(source), "--as-of", "2025-06-02", "--costs",
        "--travel-rules", "example", "--format", "json",
    )  # fmt: skip
    assert code == 1
    assert json.loads(out)["rows"] == [
        {"unit": "U", "month": "2025-05", "patients": 3, "referred": 3, "own_choice": 0,
         "to_check": 0,
         "travel_patients": 1, "travel_cost": "50.00", "region_pays": "50.00",
         "patient_pays": "0.00", "uncovered": "0.00"},
    ]  # fmt: skip
    assert (
        # (a guarantee unit's walk-through: which rows? The first is named, to be found)
        "vardgaranti: 2 distances could not be read (column 'distance'; the first on line 2: "
        "'far'): the patients are counted as referred, without a travel estimate\n"
    ) in err
    assert "1 of 4 rows has errors and is not counted" in err  # C3, not in the warning above
    assert "referral dates" not in err
    assert "left out" not in err
    # the list of patients names its own first (by line, as the file numbers it)
    code, out, err = _run(
        capsys, "worklist", str(source), "--as-of", "2025-06-02", "--costs", "--patients",
        "--travel-rules", "example", "--format", "json",
    )  # fmt: skip
    assert (
        "vardgaranti: 2 distances could not be read (column 'distance'; the first on line 2: "
        "'far'): the patients are counted as referred, without a travel estimate\n"
    ) in err


# -- memory -------------------------------------------------------------------------------------


def _peak(run: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _closed_rows(path: Path, rows: int) -> Path:
    """*rows* cases all completed in time: none is on the worklist."""
    rng = random.Random(7)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["id", "unit", "level", "start", "completed"])
        for n in range(rows):
            start = date(2025, 1, 1) + timedelta(days=rng.randrange(100))
            writer.writerow([f"P{n:07d}", f"U{n % 5}", "visit", start, start + timedelta(days=30)])
    return path


def test_memory_does_not_grow_with_the_rows_off_the_list(tmp_path: Path) -> None:
    small = _closed_rows(tmp_path / "small.csv", 5_000)
    large = _closed_rows(tmp_path / "large.csv", 20_000)
    peaks = [_peak(functools.partial(build_worklist, path, as_of=AS_OF)) for path in (small, large)]
    assert peaks[1] <= 1.5 * peaks[0] + 256 * 1024, peaks


def test_weeks_are_1_2_4_8() -> None:
    assert WEEKS == (1, 2, 4, 8)


def _json(worklist: Worklist) -> dict[str, Any]:
    return json.loads(json.dumps(worklist.as_dict()))  # type: ignore[no-any-return]


def test_as_dict_is_json_ready() -> None:
    data = _json(build_worklist(INPUT, as_of=AS_OF, keep=["note"]))
    assert data["groups"][0]["entries"][0]["keep"] == {"note": "tolk behövs"}


def test_a_workbook_with_many_groups_puts_the_patients_on_one_sheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    source = tmp_path / "many.csv"
    lines = ["id;unit;level;start"] + [f"P{n};U{n};visit;2025-02-01" for n in range(300)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "many.xlsx"
    assert main(["worklist", str(source), "--as-of", "2025-06-02", "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["Overview", "Patients"]
    assert sum(1 for _ in book["Patients"].iter_rows()) == 301
    # said, since the docs and a smaller list give a sheet per group (a review)
    assert capsys.readouterr().err == (
        "vardgaranti: the workbook has 300 groups, more than 250: the patients are on one "
        "sheet, 'Patients', with their group's number (instead of a sheet per group)\n"
    )
    source.write_text("\n".join(lines[:251]) + "\n", encoding="utf-8")
    assert main(["worklist", str(source), "--as-of", "2025-06-02", "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    assert len(openpyxl.load_workbook(out, read_only=True).sheetnames) == 251


def test_max_ids_must_be_a_number(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "validate", "--example", "--max-ids", "many")
    assert code == 2
    assert "'many' is not a whole number" in err


def test_the_text_in_swedish(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02", "--lang", "sv")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "Arbetslista per 2025-06-02: patienter 6, grupper 3, horisont 28 dagar"
    assert lines[4] == (
        "   patienter 3, försenade 1, tidigaste sista dag 2025-05-02, nästa garantibrott om 7 dagar"
    )
    assert lines[5] == (
        "   garantibrott om inget bokas, inom 1 vecka: 1, 2 veckor: 1, 4 veckor: 2, 8 veckor: 3"
    )
    assert lines[-1].startswith("Hela listan: försenade 2;")


def test_a_bad_contact_or_folder_fails_before_anything_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "list.csv"
    code, _, err = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02", "-o", str(out),
                        "--letters", str(tmp_path / "brev"), "--contact", "a\nb")  # fmt: skip
    assert code == 2
    assert "one line" in err
    assert not out.exists()
    assert not (tmp_path / "brev").exists()
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02", "-o", str(out),
                        "--letters", str(blocker))  # fmt: skip
    assert code == 2
    assert f"--letters: {blocker} is not a folder" in err  # (the library's error: `folder`)
    assert not out.exists()


def test_a_letters_folder_below_a_file_fails_before_anything_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The folder cannot be made (a file where a folder would be): said before the list is read."""
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    out = tmp_path / "list.csv"
    code, _, err = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02", "-o", str(out),
                        "--letters", str(blocker / "brev"))  # fmt: skip
    assert code == 2
    assert err == (
        f"vardgaranti: error: --letters: {blocker / 'brev'}: cannot make the folder ({blocker} "
        "is not a folder)\n"
    )
    assert not out.exists()


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a system with /proc")
def test_a_letters_folder_the_system_refuses_fails_before_the_worklist_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """/proc takes no folder, though os.access says it is writable to the superuser: the
    worklist was written, then the letters failed (exit 2 with the list on the disk)."""
    out = tmp_path / "list.txt"
    code, stdout, err = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02",
                             "-o", str(out), "--letters", "/proc/vardgaranti-brev")  # fmt: skip
    assert (code, stdout) == (2, "")
    assert "/proc/vardgaranti-brev: cannot make the folder for the letters" in err
    assert not out.exists()


def test_a_letters_folder_made_for_a_run_that_then_fails_is_removed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Made before the worklist is written, it stayed behind when the worklist could not be."""
    folder = tmp_path / "brev" / "a" / "b"
    code, _out, err = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02",
                           "--letters", str(folder), "--format", "xlsx")  # fmt: skip
    assert code == 2
    assert "an xlsx workbook needs --output" in err
    assert not (tmp_path / "brev").exists()
    kept = tmp_path / "kept"
    kept.mkdir()
    code, _out, err = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02",
                           "--letters", str(kept / "new"),
                           "-o", str(tmp_path / "no" / "list.csv"))  # fmt: skip
    assert code == 2
    assert sorted(path.name for path in tmp_path.iterdir()) == ["kept"]  # (its own folder stays)
    assert list(kept.iterdir()) == []


def test_an_output_named_as_a_letter_is_refused_before_anything_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The worklist written where a patient's letter goes would be replaced by the letter."""
    folder = tmp_path / "brev"
    folder.mkdir()
    code, _, err = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02",
                        "--letters", str(folder), "-o", str(folder / "W01.txt"))  # fmt: skip
    assert code == 2
    assert err == (
        f"vardgaranti: error: {folder / 'W01.txt'}: is where the letter of patient W01 goes; "
        "give --output another name\n"
    )
    assert os.listdir(folder) == []
    # (the same folder and another name, not a .txt one: both written)
    code, _, err = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02",
                        "--letters", str(folder), "-o", str(folder / "lista.json"))  # fmt: skip
    assert code == 1, err
    assert (folder / "lista.json").read_text(encoding="utf-8").startswith("{")
    assert (folder / "W01.txt").read_text(encoding="utf-8").startswith("Din vårdgaranti")


@pytest.mark.parametrize("limit", [None, 1, 3])
@pytest.mark.parametrize("cut", [0, 1, 57, 150, 299, 300])
def test_a_worklist_merged_from_two_parts_of_a_file_is_the_worklist_of_the_whole(
    limit: int | None, cut: int
) -> None:
    # (as `report --jobs` merges a later slice: its rows numbered from 1, shifted by the merge)
    with assess_file(example_waiting_list(), as_of=EXAMPLE_AS_OF) as file:
        rows = list(file.rows)
        whole, first, then = (
            WorklistBuilder(file, as_of=EXAMPLE_AS_OF, limit=limit) for _ in range(3)
        )
    for row in rows:
        whole.add(row)
    for row in rows[:cut]:
        first.add(row)
    for number, row in enumerate(rows[cut:], 1):
        then.add(row._replace(number=number))  # numbered within its part
    first.merge(then.state(), cut)
    merged, alone = first.finish(), whole.finish()
    assert merged == alone
    shown = [[(entry.row, entry.line) for entry in group.patients] for group in merged.groups]
    assert shown == [
        [(entry.row, entry.line) for entry in group.patients] for group in alone.groups
    ]


@pytest.mark.parametrize("option", ["group_by", "keep"])
def test_one_text_for_the_columns_is_refused_not_read_letter_by_letter(option: str) -> None:
    # group_by="unit" said "no column 'u'"
    options: dict[str, Any] = {option: "unit"}
    with pytest.raises(InvalidTypeError, match=r"give several values") as raised:
        build_worklist(example_waiting_list(), as_of=EXAMPLE_AS_OF, **options)
    assert raised.value.field == option
    given: dict[str, Any] = {option: ("unit",)}
    done = build_worklist(example_waiting_list(), as_of=EXAMPLE_AS_OF, **given)
    assert done.groups


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"horizon": -1}, InvalidValueError),
        ({"horizon": "28"}, InvalidTypeError),
        ({"horizon": 1.5}, InvalidTypeError),
    ],
)
def test_a_bad_horizon_is_refused_by_kind_naming_it(
    options: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error) as raised:
        build_worklist(example_waiting_list(), as_of=EXAMPLE_AS_OF, **options)
    assert getattr(raised.value, "field", None) == "horizon"


def test_a_swedish_worklist_text_says_its_columns_and_values_in_swedish(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # group labels, headers, levels, statuses and actions were English in a Swedish text
    code, out, _ = _run(capsys, "worklist", "--example", "--lang", "sv")
    assert code == 1  # (the example has rows with errors)
    assert "\n1. enhet Gynekologi · nivå besök\n" in out
    header = next(line for line in out.splitlines() if line.strip().startswith("id "))
    assert re.split(r"\s{2,}", header.strip()) == [
        "id", "start", "bokad", "sista dag", "status", "dagar kvar", "dagar över", "åtgärd",
    ]  # fmt: skip
    for english in ("care-elsewhere", "at_risk", " visit", "booked-late", "days_left"):
        assert english not in out, english
    assert "vård hos annan vårdgivare" in out
    # (the deadline is itself in time: "omboka före sista dag" was a day too strict)
    assert "boka om senast sista dagen" in out
    assert "omboka" not in out
    code, out, _ = _run(capsys, "worklist", "--example", "--lang", "en")
    assert "\n1. unit Gynekologi · level visit\n" in out  # English keeps the CSV's words
    assert "care-elsewhere" in out


def test_letters_of_patients_no_longer_on_the_list_stop_the_run_before_anything_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An old letter left beside the new ones could be sent by mistake: the run says so first."""
    folder = tmp_path / "brev"
    output = tmp_path / "lista.csv"
    code, _, err = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02",
                        "--letters", str(folder), "--output", str(output))  # fmt: skip
    assert code == 1, err  # (a row of the input has an error)
    first = sorted(os.listdir(folder))
    (folder / "notes.md").write_text("not a letter", encoding="utf-8")
    listed = output.read_bytes()
    # next week two of the patients are gone from the export
    lines = INPUT.read_text(encoding="utf-8").splitlines(keepends=True)
    gone = {name.removesuffix(".txt") for name in first[:2]}
    smaller = tmp_path / "export.csv"
    smaller.write_text(
        "".join(line for line in lines if line.split(";")[0] not in gone), encoding="utf-8"
    )
    code, _, err = _run(capsys, "worklist", str(smaller), "--as-of", "2025-06-02",
                        "--letters", str(folder), "--output", str(output))  # fmt: skip
    assert code == 2
    assert err == (
        f"vardgaranti: error: {folder}: holds 2 .txt files that are not letters of this list "
        f"({first[0]}, ...), such as letters of patients no longer on it from an earlier run; "
        "empty the folder or give a new one, so that no old letter is sent by mistake\n"
    )
    assert sorted(os.listdir(folder)) == sorted([*first, "notes.md"])  # nothing written
    assert output.read_bytes() == listed
    # the same list again replaces its own letters (the same patients) and runs
    code, _, err = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02",
                        "--letters", str(folder))  # fmt: skip
    assert code == 1
    assert f"{len(first)} letters written" in err


def test_a_letters_folder_that_cannot_be_written_stops_the_run_before_the_file_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    monkeypatch.setattr(os, "access", lambda path, mode: str(path) != str(locked))
    code, out, err = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02",
                          "--letters", str(locked / "brev"))  # fmt: skip
    assert (code, out) == (2, "")
    assert err == (
        f"vardgaranti: error: {locked / 'brev'}: cannot write the letters ({locked} is not "
        "writable)\n"
    )


def test_the_worklist_written_into_its_letters_folder_is_not_an_old_letter(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "brev"
    folder.mkdir()
    args = ("worklist", str(INPUT), "--as-of", "2025-06-02", "--letters", str(folder),
            "--output", str(folder / "lista.csv"))  # fmt: skip
    for _ in range(2):
        code, _, err = _run(capsys, *args)
        assert code == 1, err  # (a row of the input has an error)
        assert "letters written" in err


@pytest.mark.parametrize("name", ["lista.txt", "LISTA.TXT", "sub/../lista.txt"])
def test_the_worklist_as_text_in_its_letters_folder_is_refused_before_anything_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    # A review: brev/lista.txt, the whole list of patient ids, lay among the letters, and
    # staff who send every .txt in the folder would send it too.
    folder = tmp_path / "brev"
    (folder / "sub").mkdir(parents=True)
    code, out, err = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02",
                          "--letters", str(folder), "--output", str(folder / name))  # fmt: skip
    assert (code, out) == (2, "")
    assert f"a .txt file in the letters folder ({folder}) would be taken for a letter" in err
    assert sorted(path.name for path in folder.iterdir()) == ["sub"]  # no letter, no list
    # the same list beside the folder is written
    beside = str(tmp_path / "lista.txt")
    code, _, err = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02",
                        "--letters", str(folder), "--output", beside)  # fmt: skip
    assert code == 1, err


def test_one_letter_written_is_said_in_the_singular(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    listed = tmp_path / "one.csv"
    listed.write_text("id;unit;level;start\nA1;Hud;visit;2025-01-02\n", encoding="utf-8")
    code, _, err = _run(capsys, "worklist", str(listed), "--as-of", "2025-06-02", "--letters",
                        str(tmp_path / "brev"))  # fmt: skip
    assert code == 0, err
    assert "1 letter written to" in err


def test_a_letter_named_like_a_new_one_but_in_another_case_is_old(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """On a file system that keeps both, w01.TXT would stay beside W01.txt: it is old."""
    folder = tmp_path / "brev"
    folder.mkdir()
    (folder / "w01.TXT").write_text("last week's", encoding="utf-8")
    if len(os.listdir(folder)) == 1 and (folder / "W01.txt").exists():
        pytest.skip("a case-insensitive file system: the two names are one file")
    code, _, err = _run(capsys, "worklist", str(INPUT), "--as-of", "2025-06-02",
                        "--letters", str(folder))  # fmt: skip
    assert code == 2
    assert "holds 1 .txt file that is not a letter of this list (w01.TXT)" in err


def test_letters_that_the_id_cannot_tell_apart_are_said(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "ids.csv"
    source.write_text(
        "id;unit;level;start\n"
        "abc;U;visit;2025-03-10\n"
        ";U;visit;2025-03-10\n"  # no id: a letter named patient-...
        "abc;U;visit;2025-03-11\n"  # the same id again
        "abc-2;U;visit;2025-03-12\n"  # an id of its own, which the second abc's letter took
        "ABC;U;visit;2025-03-13\n",  # one file with abc.txt on Windows and macOS
        encoding="utf-8",
    )
    folder = tmp_path / "letters"
    code, _out, err = _run(capsys, "worklist", str(source), "--as-of", "2025-06-02",
                           "--letters", str(folder))  # fmt: skip
    assert code == 0
    assert sorted(path.name.lower() for path in folder.iterdir() if "patient" not in path.name) == [
        "abc-2.txt", "abc.txt", "abc~2.txt", "abc~3.txt"
    ]  # fmt: skip
    assert "1 letter is for a patient without an id" in err
    assert (
        "2 letters are named apart with ~2, ~3, ... (an id on several rows of the list, or ids "
        "that differ only in case): 'abc' \u2192 abc~2.txt, 'ABC' \u2192 ABC~3.txt; check"
    ) in err
    # (they were English under --lang sv)
    code, _out, err = _run(capsys, "worklist", str(source), "--as-of", "2025-06-02",
                           "--letters", str(tmp_path / "brev"), "--lang", "sv")  # fmt: skip
    assert code == 0
    assert "1 brev gäller en patient utan id (namngivet patient-...)" in err
    assert "2 brev har fått namn med ~2, ~3, ... (ett id på flera rader i listan" in err
    assert " letter" not in err


def test_costs_on_the_shipped_example_says_what_list_it_needs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(capsys, "worklist", "--example", "--costs")
    assert (code, out) == (2, "")
    assert "the shipped example does not have" in err
    assert err.count("\n") == 1


# -- from a review: grouping by the worklist's own columns, letters, layout characters -----------


@pytest.mark.parametrize("column", ["status", "days_left", "deadline"])
def test_grouping_by_a_column_the_worklist_writes_itself_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, column: str
) -> None:
    # An earlier check's status grouped by took the place of the worklist's own value: a
    # patient 12 days over the deadline listed as at_risk.
    checked = tmp_path / "check.csv"
    assert main(["check", "--example", "--output", str(checked)]) in (0, 1)
    capsys.readouterr()
    code, out, err = _run(capsys, "worklist", str(checked), "--as-of", "2025-06-20",
                          "--group-by", column, "--format", "csv")  # fmt: skip
    assert code == 2
    assert out == ""
    assert f"--group-by {column!r}: {checked}: a column the worklist writes itself" in err
    # the cells the worklist reads for its own columns may be grouped by
    code, out, _ = _run(capsys, "worklist", str(checked), "--as-of", "2025-06-20",
                        "--group-by", "unit,level,booked", "--format", "csv")  # fmt: skip
    assert code in (0, 1)
    assert out.startswith("group;unit;level;booked;id;start;")


def test_grouping_by_start_is_refused_where_a_restart_makes_the_worklists_start_another_day(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A review: after a restart the worklist's start is the restart's day; grouped by, the
    # start's cell (2025-01-01) was written as the patient's start, under the same name.
    path = tmp_path / "list.csv"
    path.write_text("id;unit;level;start;restart\nS1;U;visit;2025-01-01;2025-05-01\n")
    code, out, err = _run(capsys, "worklist", str(path), "--as-of", "2025-06-02",
                          "--group-by", "unit,start", "--format", "csv")  # fmt: skip
    assert (code, out) == (2, "")
    assert f"--group-by 'start': {path}: a column the worklist writes itself" in err
    assert "after a restart, the restart's" in err
    code, out, _ = _run(capsys, "worklist", str(path), "--as-of", "2025-06-02",
                        "--horizon", "90", "--format", "csv")  # fmt: skip
    assert code == 0
    assert out.splitlines()[1].split(";")[4] == "2025-05-01"  # start: day 0 of the period
    # --keep start keeps nothing more (the worklist's own start is written), as documented
    code, kept, _ = _run(capsys, "worklist", str(path), "--as-of", "2025-06-02",
                         "--horizon", "90", "--keep", "start", "--format", "csv")  # fmt: skip
    assert (code, kept) == (0, out)
    # without a restart column the start's cell is the worklist's start: grouped by, as it is
    path.write_text("id;unit;level;start\nS1;U;visit;2025-01-01\n")
    code, out, _ = _run(capsys, "worklist", str(path), "--as-of", "2025-03-02", "--horizon",
                        "90", "--group-by", "unit,start", "--format", "csv")  # fmt: skip
    assert code == 0
    assert out.splitlines()[0].startswith("group;unit;start;id;level;booked;")
    assert out.splitlines()[1].split(";")[2] == "2025-01-01"


@pytest.mark.parametrize("option", ["--keep", "--group-by"])
def test_a_name_of_two_columns_that_differ_only_in_case_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: str
) -> None:
    # A review: --keep Note wrote the cells of 'note' under the name 'Note'.
    path = tmp_path / "list.csv"
    path.write_text("id;unit;level;start;note;Note\nA;U;visit;2025-03-04;mine;theirs\n")
    code, out, err = _run(capsys, "worklist", str(path), "--as-of", "2025-06-02",
                          option, "Note", "--format", "csv")  # fmt: skip
    assert (code, out) == (2, "")
    assert (
        f"{option} 'Note': {path} has more than one column of that name ('note' and 'Note': "
        "names are read without regard to case or to how a letter such as ö is stored, whole or "
        "as o and a mark); rename one of them"
    ) in err
    assert err.count("\n") == 1


def test_a_letter_name_taken_by_a_link_fails_before_anything_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The worklist and 122 of 123 letters were written before the refusal (exit 2): a
    # partial set of letters that may be sent as if whole.
    folder = tmp_path / "brev"
    folder.mkdir()
    (folder / "P0000044.txt").symlink_to(tmp_path / "target.txt")
    out = tmp_path / "list.csv"
    code, _, err = _run(capsys, "worklist", "--example", "--letters", str(folder),
                        "--output", str(out))  # fmt: skip
    assert code == 2
    assert "not a regular file" in err
    assert not out.exists()
    assert os.listdir(folder) == ["P0000044.txt"]
    worklist = build_worklist(example_waiting_list(), as_of=EXAMPLE_AS_OF)
    with pytest.raises(WaitingListError, match="not a regular file"):
        write_letters(worklist, str(folder))
    assert os.listdir(folder) == ["P0000044.txt"]


def test_bidirectional_controls_and_line_separators_are_shown_as_question_marks(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # An id with a right-to-left override reads reversed on a terminal ("Trojan Source").
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(
        "id;unit;level;start\n\u202eevil\u202c;Orto\u2028pedi;visit;2025-02-01\n",
        encoding="utf-8",
    )
    code, out, _ = _run(capsys, "worklist", str(hostile), "--as-of", "2025-06-02")
    assert code == 0
    assert "\u202e" not in out
    assert "\u2028" not in out
    assert "?evil?" in out
    assert "Orto?pedi" in out


def test_long_ids_are_told_apart_in_the_text_worklist(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ids = [f"KONTAKT-2025-{n:031d}" for n in (1, 2)]  # 44 characters, cut at 40 alike
    listed = tmp_path / "ids.csv"
    listed.write_text(
        "id;unit;level;start\n" + "".join(f"{i};U;visit;2025-02-01\n" for i in ids),
        encoding="utf-8",
    )
    code, out, _ = _run(capsys, "worklist", str(listed), "--as-of", "2025-06-02")
    assert code == 0
    assert all(i in out for i in ids)


def test_a_read_only_letter_stops_the_run_before_anything_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The worklist and 122 new letters were written, then the read-only letter of the last
    # patient refused: a folder that looked whole, with an old letter in it.
    folder = tmp_path / "letters"
    out = tmp_path / "out.csv"
    code, _out, _err = _run(capsys, "worklist", "--example", "--letters", str(folder))
    assert code == 1
    last = sorted(folder.iterdir(), key=lambda path: path.stat().st_mtime_ns)[-1]
    for path in folder.iterdir():
        path.unlink()
    last.write_text("old\n", encoding="utf-8")
    last.chmod(0o444)
    code, _out, err = _run(capsys, "worklist", "--example", "--letters", str(folder),
                           "-o", str(out))  # fmt: skip
    assert code == 2
    assert err == (
        f"vardgaranti: error: {last}: cannot write (the file is read-only); nothing was written\n"
    )
    assert not out.exists()
    assert [path.name for path in folder.iterdir()] == [last.name]
    assert last.read_text(encoding="utf-8") == "old\n"


def test_a_patient_referred_elsewhere_in_the_period_is_followed_up_not_offered_again(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # HSL 9 kap. 2 §: the region arranges care elsewhere once. A patient the file says was
    # referred (in the period counted, by the as-of day) was listed as `care-elsewhere` beside
    # those still to offer, and would have been offered to a provider twice.
    text = (
        "id;unit;level;start;restart;booked;referred;provider\n"
        "P1;Ort;visit;2025-02-01;;;;\n"  # due, not referred
        "P2;Ort;visit;2025-02-10;;;2025-05-20;Capio\n"  # referred after the deadline
        "P3;Ort;visit;2025-02-10;;;2025-06-20;Capio\n"  # referred after the as-of day: not yet
        "P4;Ort;visit;2025-02-10;;;2025-05-20T10:30:00;Capio\n"  # a time: the date counts
        "P5;Ort;visit;2025-01-10;2025-03-01;;2025-02-20;Capio\n"  # before the restart
        "P6;Ort;visit;2025-03-10;;;2025-05-01;Capio\n"  # referred early: deadline in 6 days
        "P7;Ort;visit;2025-03-10;;2025-07-01;2025-05-01;Capio\n"  # booked late, referred
        "P8;Ort;visit;2025-05-20;;;2025-05-25;Capio\n"  # referred, nothing to do yet
    )
    worklist = build_worklist(io.StringIO(text), as_of=date(2025, 6, 2), group_by=["unit"])
    actions = {entry.id: entry.action.value for _group, entry in worklist.entries()}
    assert actions == {
        "P1": "care-elsewhere",
        "P2": "referred",
        "P3": "care-elsewhere",
        "P4": "referred",
        "P5": "care-elsewhere",
        "P6": "referred",
        "P7": "referred",
    }
    rows = {entry.id: entry.assessed.referred for _group, entry in worklist.entries()}
    assert rows["P4"] == date(2025, 5, 20)
    assert rows["P1"] is None
    # the CSV and the Swedish text say so
    path = tmp_path / "lista.csv"
    path.write_text(text, encoding="utf-8")
    assert main(["worklist", str(path), "--as-of", "2025-06-02", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(";action")
    assert {line.split(";")[3]: line.split(";")[-1] for line in lines[1:]} == actions
    assert main(["worklist", str(path), "--as-of", "2025-06-02", "--lang", "sv"]) == 0
    assert "remitterad: följ upp" in capsys.readouterr().out


def test_without_a_referral_column_no_patient_is_referred() -> None:
    worklist = build_worklist(example_waiting_list(), as_of=EXAMPLE_AS_OF)
    assert all(entry.assessed.referred is None for _group, entry in worklist.entries())
    assert WorklistAction.REFERRED not in {entry.action for _group, entry in worklist.entries()}


def test_the_costs_table_keeps_units_apart_that_differ_after_40_characters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The text table cut units at 40 characters: "... avd A" and "... avd B" read the same.
    units = [f"Ortopedkliniken Centrallasarettet Västerås avd {x}" for x in "AB"]
    path = tmp_path / "utfall.csv"
    path.write_text(
        "id;unit;level;start;completed;referred;provider\n"
        f"A1;{units[0]};visit;2025-01-10;2025-05-02;2025-04-20;Capio\n"
        f"B1;{units[1]};visit;2025-01-10;2025-05-02;;Aleris\n",
        encoding="utf-8",
    )
    code, out, _ = _run(capsys, "worklist", str(path), "--as-of", "2025-06-02", "--costs")
    assert code == 0
    assert all(unit in out for unit in units), out


def test_a_name_given_twice_in_either_unicode_form_is_one_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A review: "Önskemål" typed composed and decomposed wrote the same column twice, as it
    # does not for two cases of a name.
    path = tmp_path / "list.csv"
    path.write_text("id;unit;level;start;Önskemål\nA;U;visit;2025-05-01;fm\n", encoding="utf-8")
    composed, decomposed = "Önskemål", unicodedata.normalize("NFD", "Önskemål")
    assert composed != decomposed
    for argv in (["--keep", composed, "--keep", decomposed],
                 ["--group-by", f"unit,{composed}", "--keep", decomposed],
                 ["--group-by", f"unit,{composed},{decomposed}"]):  # fmt: skip
        code, out, _ = _run(capsys, "worklist", str(path), "--as-of", "2025-06-02",
                            "--horizon", "90", *argv, "--format", "csv")  # fmt: skip
        assert code == 0
        header = out.splitlines()[0].split(";")
        assert [unicodedata.normalize("NFC", name) for name in header].count(composed) == 1, argv


def test_a_worklists_repr_leaves_out_the_kept_cells_and_its_groups_cannot_be_changed(
    tmp_path: Path,
) -> None:
    # A kept note may hold a diagnosis: an entry in a log carried it (the row's own repr hides
    # its cells for that reason). And a group's patients were a list: clearing it changed the
    # frozen worklist's count of patients.
    import attrs

    path = tmp_path / "list.csv"
    path.write_text(
        "id;unit;level;start;note\nA1;U;visit;2025-01-02;HIV-positiv, diagnos F32\n",
        encoding="utf-8",
    )
    worklist = build_worklist(str(path), as_of=date(2025, 6, 2), keep=("note",))
    (group,) = worklist.groups
    (entry,) = group.patients
    assert entry.kept == ("HIV-positiv, diagnos F32",)
    for shown in (entry, group, worklist):
        assert "diagnos" not in repr(shown)
    # grouped by such a column, the group's values are any column's too (a review)
    grouped = build_worklist(str(path), as_of=date(2025, 6, 2), group_by=("unit", "note"))
    assert grouped.groups[0].keys == ("U", "HIV-positiv, diagnos F32")
    for shown in (grouped.groups[0].patients[0], grouped.groups[0], grouped):
        assert "diagnos" not in repr(shown)
    assert isinstance(group.patients, tuple)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        group.count = 0  # type: ignore[misc]
    assert worklist.patients == group.count == 1


def test_costs_of_the_example_are_refused_in_swedish_with_lang_sv(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A Swedish review: "vardgaranti: fel: --costs needs a list with the column 'referred' …"
    code, _out, err = _run(capsys, "worklist", "--example", "--costs", "--lang", "sv")
    assert code == 2
    assert err.startswith(
        "vardgaranti: fel: --costs kräver en lista med kolumnen 'referred' eller 'provider'"
    )
    assert "needs" not in err


def test_a_worklist_under_a_target_or_a_regional_limit_gives_the_laws_day(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A review as a guarantee unit: under --rules bup (or a region's shorter limit) the
    # worklist gave only the target's day; the law's day, after which care elsewhere is a
    # right (HSL 9 kap. 2 §), was in the letters and `deadline` only.
    text = (
        "id;unit;level;start\nB1;BUP;first-assessment;2025-04-10\n"
        "B2;BUP;deepened-assessment;2025-05-10\nB3;BUP;treatment;2025-05-20\n"
    )
    path = tmp_path / "bup.csv"
    path.write_text(text, encoding="utf-8")
    worklist = build_worklist(path, as_of=date(2025, 6, 2), rules=BUP)
    assert worklist.law_deadline
    rows = {entry.id: (entry.deadline, entry.law_deadline) for _group, entry in worklist.entries()}
    assert rows == {
        "B1": (date(2025, 5, 10), date(2025, 7, 9)),  # 30 and 90 days from 04-10
        "B2": (date(2025, 6, 9), None),  # the deepened assessment: no step in law
        "B3": (date(2025, 6, 19), date(2025, 8, 18)),  # 30 and 90 days from 05-20
    }
    out = tmp_path / "list.csv"
    _run(capsys, "worklist", str(path), "--rules", "bup", "--as-of", "2025-06-02", "-o", str(out))
    lines = out.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    assert header[header.index("deadline") + 1] == "law_deadline"
    b1 = next(line.split(";") for line in lines if ";B1;" in line)
    assert (b1[header.index("deadline")], b1[header.index("law_deadline")]) == (
        "2025-05-10",
        "2025-07-09",
    )
    b2 = next(line.split(";") for line in lines if ";B2;" in line)
    assert b2[header.index("law_deadline")] == ""
    _code, said, _ = _run(capsys, "worklist", str(path), "--rules", "bup", "--as-of",
                         "2025-06-02", "--lang", "sv")  # fmt: skip
    assert "lagens sista dag" in said
    _code, said, _ = _run(capsys, "worklist", str(path), "--rules", "bup", "--as-of",
                         "2025-06-02", "--format", "json")  # fmt: skip
    first = json.loads(said)["groups"][0]["entries"][0]
    assert first["law_deadline"] == "2025-07-09"
    # Under the national rules the law's day is the deadline: no column of it.
    national = build_worklist(INPUT, as_of=date(2025, 6, 2))
    assert not national.law_deadline
    assert "law_deadline" not in national.columns()


def test_a_files_own_law_deadline_column_is_kept_where_the_worklist_writes_none(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The diff review: --keep law_deadline was refused under the national rules, where the
    # worklist writes no such column; under BUP (which writes it) it is still refused.
    path = tmp_path / "k.csv"
    path.write_text("id;unit;level;start;law_deadline\nA;U;visit;2025-02-01;x\n", encoding="utf-8")
    code, out, _ = _run(capsys, "worklist", str(path), "--as-of", "2025-06-02", "--keep",
                        "law_deadline", "--format", "csv")  # fmt: skip
    assert code == 0
    assert out.splitlines()[0].endswith(";action;law_deadline")
    assert out.splitlines()[1].endswith(";care-elsewhere;x")
    bup = tmp_path / "b.csv"
    bup.write_text(
        "id;unit;level;start;law_deadline\nA;U;first-assessment;2025-02-01;x\n", encoding="utf-8"
    )
    code, _, err = _run(capsys, "worklist", str(bup), "--as-of", "2025-06-02", "--rules", "bup",
                        "--keep", "law_deadline")  # fmt: skip
    assert code == 2
    assert "a column the worklist writes itself" in err


@pytest.mark.parametrize(
    ("as_of", "action"),
    [
        (date(2025, 6, 7), WorklistAction.REBOOK_OR_CARE_ELSEWHERE),
        (date(2025, 6, 8), WorklistAction.REBOOK_OR_CARE_ELSEWHERE),  # the law's day: in time
        (date(2025, 6, 9), WorklistAction.CARE_ELSEWHERE),  # the day after: due (HSL 9:2)
    ],
)
def test_a_booking_after_the_laws_day_is_rebook_or_elsewhere_until_that_day_has_passed(
    as_of: date, action: WorklistAction
) -> None:
    # start 2025-03-10 + 90 days: the law's last day is 2025-06-08; booked 2025-07-01
    text = "id;unit;level;start;booked\nE;Orto;visit;2025-03-10;2025-07-01\n"
    worklist = build_worklist(io.StringIO(text), as_of=as_of)
    ((_group, entry),) = list(worklist.entries())
    assert entry.deadline == date(2025, 6, 8)
    assert entry.action is action


@pytest.mark.parametrize(
    ("as_of", "said"),
    [
        (
            [],  # a national delivery's month end: 2025-03-31, read on 2025-04-06
            "vardgaranti: the letters are written as of 2025-03-31, 6 days before today "
            "(2025-04-06): a patient reads their days as they were then; give --as-of "
            "2025-04-06 for letters as of today\n",
        ),
        (
            ["--as-of", "2025-04-08"],
            "vardgaranti: the letters are written as of 2025-04-08, 2 days after today "
            "(2025-04-06): a patient reads their days as they will be then; give --as-of "
            "2025-04-06 for letters as of today\n",
        ),
        (["--as-of", "2025-04-06"], ""),
        (["--example"], ""),  # (the shipped example is meant to be read on its own day)
    ],
)
def test_letters_of_another_day_than_today_are_said_to_be(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    as_of: list[str],
    said: str,
) -> None:
    # A guarantee unit's walk-through: the November delivery's letters, written on 6
    # December as of 30 November (its month end, the default), told a patient "senast den 3
    # december" and "Om du inte får vård i tid" of a day already passed, without a word.
    import vardgaranti._cli_week as cli_week

    monkeypatch.setattr(cli_week, "today", lambda: date(2025, 4, 6))
    delivery = tmp_path / "leverans.xml"
    delivery.write_bytes(national_xml())  # (DatatGallerFor 2025-03: as of 2025-03-31)
    given = as_of if as_of == ["--example"] else [str(delivery), *as_of]
    _code, _out, err = _run(capsys, "worklist", *given, "--letters", str(tmp_path / "brev"),
                            "-o", str(tmp_path / "lista.csv"))  # fmt: skip
    assert "letters written to" in err or "brev skrivna" in err
    letters_line = [line for line in err.splitlines(keepends=True) if "letters are" in line]
    assert "".join(letters_line) == said


def test_the_first_unreadable_distance_is_named_of_what_is_listed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The table counts waits past the law's day; the list of patients lists every referral:
    # each note names its own first (a mutation audit: the table's was named for the list).
    source = tmp_path / "utfall.csv"
    source.write_text(
        "id;unit;level;start;completed;referred;distance\n"
        "C0;U;visit;2025-03-01;2025-04-15;2025-04-01;nära\n"  # in time: listed, not counted
        "C1;U;visit;2025-01-10;2025-05-02;2025-04-20;far\n",
        encoding="utf-8",
    )
    argv = ["worklist", str(source), "--as-of", "2025-06-02", "--costs", "--travel-rules",
            "example", "--format", "json"]  # fmt: skip
    _code, _out, err = _run(capsys, *argv)
    assert "1 distance could not be read (column 'distance', on line 3: 'far')" in err
    _code, _out, err = _run(capsys, *argv, "--patients")
    assert "2 distances could not be read (column 'distance'; the first on line 2: 'nära')" in err


# -- a reader that goes away ----------------------------------------------------------------------


class _ClosedAfterOnePiece(io.StringIO):
    """A stream whose reader goes away after the first write (``| head``)."""

    def __init__(self, descriptor: int) -> None:
        super().__init__()
        self.writes = 0
        self.descriptor = descriptor  # (main puts /dev/null there, as for a real pipe)

    def fileno(self) -> int:
        return self.descriptor

    def write(self, text: str) -> int:
        self.writes += 1
        if self.writes > 1:
            raise BrokenPipeError(32, "Broken pipe")
        return super().write(text)


@pytest.mark.parametrize("command", ["worklist", "stats", "costs"])
def test_a_long_text_is_written_in_pieces_so_a_reader_gone_away_is_an_error(
    command: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # One write of many megabytes to a closed pipe was cut short without an error (CPython):
    # `worklist | head` and `stats | head` exited 0 on 16-18 MB of text, as if written whole
    from vardgaranti import _text

    monkeypatch.setattr(_text, "_PIECE", 64)
    outcomes = tmp_path / "utfall.csv"
    outcomes.write_text(
        "id;unit;level;start;completed;referred;provider\n"
        "A1;Hud;visit;2025-01-10;2025-05-02;2025-04-20;Capio\n",
        encoding="utf-8",
    )
    argv = {
        "worklist": ["worklist", "--example"],
        "stats": ["stats", "--example", "--min-group", "0"],
        "costs": ["worklist", str(outcomes), "--as-of", "2025-06-02", "--costs"],
    }[command]
    with (tmp_path / "stdout").open("w") as stand_in:
        out = _ClosedAfterOnePiece(stand_in.fileno())
        monkeypatch.setattr("sys.stdout", out)
        code = main(argv)
    assert (code, out.writes) == (1, 2)
