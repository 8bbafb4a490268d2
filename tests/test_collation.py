"""Swedish alphabetical order of the names the tables and the page list (units, groups).

Språkrådet's *Svenska skrivregler* and SAOL file å, ä, ö as the last three letters, after z,
capitals and small letters alike; Python's order by character code puts Ä before Å and every
capital before every small letter.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from vardgaranti._cli import main
from vardgaranti._collation import swedish_key
from vardgaranti._report import gather_report
from vardgaranti._stats import compute_stats
from vardgaranti._validate import validate_file
from vardgaranti._worklist import build_worklist

AS_OF = date(2025, 6, 2)
# By character code: Akut, Ortopedi, barn, Ärr, Åre, Öga.
UNITS = ("Öga", "barn", "Åre", "Ärr", "Ortopedi", "Akut")
SWEDISH = ["Akut", "barn", "Ortopedi", "Åre", "Ärr", "Öga"]


def _list(start: str = "2025-05-01") -> str:
    lines = ["id;unit;level;start;completed;booked"]
    lines += [f"P{i};{unit};treatment;{start};;" for i, unit in enumerate(UNITS)]
    return "\n".join(lines) + "\n"


def test_swedish_order_files_a_ring_a_umlaut_o_umlaut_after_z() -> None:
    assert sorted(["Öga", "Zon", "Åre", "Ärr"], key=swedish_key) == ["Zon", "Åre", "Ärr", "Öga"]


def test_swedish_order_files_capitals_with_small_letters() -> None:
    assert sorted(["barn", "Akut", "Ben"], key=swedish_key) == ["Akut", "barn", "Ben"]
    assert sorted(["Barn", "barn"], key=swedish_key) == ["barn", "Barn"]


def test_swedish_order_files_other_marks_as_the_base_letter_and_u_umlaut_as_y() -> None:
    assert sorted(["Eva", "Émile", "Eda"], key=swedish_key) == ["Eda", "Émile", "Eva"]
    assert sorted(["Yxa", "Über", "Ytter"], key=swedish_key) == ["Über", "Ytter", "Yxa"]
    assert sorted(["Øre", "Ärr", "Åre"], key=swedish_key) == ["Åre", "Ärr", "Øre"]


def test_swedish_order_reads_a_decomposed_letter_as_the_letter() -> None:
    decomposed = "A\u0308rr"  # "Ärr" as "A" and a combining diaeresis
    assert sorted([decomposed, "Öga", "Åre"], key=swedish_key) == ["Åre", decomposed, "Öga"]


def test_swedish_order_keeps_v_and_w_apart() -> None:
    assert sorted(["Wik", "Vik", "Vix"], key=swedish_key) == ["Vik", "Vix", "Wik"]


def test_swedish_order_reads_other_spaces_and_dashes_as_space_and_hyphen() -> None:
    # A no-break space copied from Excel, an en dash, and letters that do not decompose sorted
    # after ö.
    nbsp = "Vårdcentralen\u00a0Norr"
    names = ["Vårdcentralen Söder", nbsp, "Kirurgi \u2013 dag", "Kirurgi - natt", "Łomża", "Lund"]
    assert sorted(names, key=swedish_key) == [
        "Kirurgi \u2013 dag", "Kirurgi - natt", "Łomża", "Lund", nbsp, "Vårdcentralen Söder",
    ]  # fmt: skip


def test_stats_lists_the_groups_in_swedish_order() -> None:
    stats = compute_stats(io.StringIO(_list()), census=AS_OF, by=("unit",), min_group=0)
    assert [group.key[0] for group in stats.groups] == SWEDISH


def test_report_lists_the_units_in_swedish_order() -> None:
    report = gather_report(io.StringIO(_list()), as_of=AS_OF)
    assert [group.unit for group in report.groups] == SWEDISH


def test_validate_lists_the_units_of_a_code_in_swedish_order() -> None:
    # Every row waits more than 365 days without a booking: one finding each (V001).
    with validate_file(io.StringIO(_list("2024-01-01")), as_of=AS_OF) as validation:
        for _finding in validation.findings:
            pass
    table = validation.summary.table()
    assert {code for code, *_ in table} == {"V001"}, table
    assert [unit for *_, unit, _count in table] == SWEDISH


def test_worklist_orders_groups_with_the_same_deadline_in_swedish_order() -> None:
    worklist = build_worklist(io.StringIO(_list("2025-03-01")), as_of=AS_OF, group_by=("unit",))
    deadlines = {group.patients[0].deadline for group in worklist.groups}
    assert len(deadlines) == 1  # (one start: the order is the units')
    assert [group.keys[0] for group in worklist.groups] == SWEDISH


def test_check_summary_lists_the_units_in_swedish_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "units.csv"
    source.write_text(_list(), encoding="utf-8")
    code = main(["check", str(source), "--as-of", "2025-06-02", "--summary", "json",
                 "--output", str(tmp_path / "out.csv")])  # fmt: skip
    assert code == 0
    summary = json.loads(capsys.readouterr().out)  # (the CSV went to its file)
    assert [group["unit"] for group in summary["groups"]] == SWEDISH


def test_the_costs_table_lists_the_units_in_swedish_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "utfall.csv"
    lines = ["id;unit;level;start;completed;referred;provider"]
    lines += [
        f"P{i};{unit};visit;2025-01-02;2025-05-20;2025-04-20;Capio" for i, unit in enumerate(UNITS)
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["worklist", str(source), "--as-of", "2025-06-02", "--costs", "--format", "json"])
    assert code == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [row["unit"] for row in rows] == SWEDISH
