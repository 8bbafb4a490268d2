"""``vardgaranti validate``: list-cleaning findings with stable codes, rows and sources.

The golden files were computed by hand, as of 2025-06-02:

``validate_input.csv`` (native): A01 waits from 2024-03-01, 458 days (365 to 2025-03-01, then
93), with no booking: V001. A02 was booked for 2025-05-20, which passed without a completion:
V002. A03 and A10 repeat A01's referral R1 at Hud for a visit: V004 (first on row 1). Row 4
repeats the id A01: V003. A05 (treatment from 2025-01-10, deadline 2025-04-10) has a PvV period
from 2025-04-20: V005. A06 was completed before its start: V010; A07 booked before it: V011.
Row 8 has no id: V012. A09's level 'vist' is unknown: V013.

``national_input.csv`` (the national format): K2 is a return visit (Fas 4) marked covered:
V006. K3 is an operation (Fas 2) marked not covered: V007. K4 starts 2009-12-31: V008 (the
row error of ``check``). K5's Lkf is 0000: V009. K6 repeats K1's referral R1 at E1 for the same
activity (Fas 1, no Aktivitet): V004.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

import attrs
import pytest

from tests import national_fixtures as nf
from tests.national_fixtures import national_xlsx
from vardgaranti import Case, Policy, check_waiting_list, decide_costs, evaluate
from vardgaranti._cli import main
from vardgaranti._messages import has_message, message
from vardgaranti._profiles import SKR
from vardgaranti._validate import (
    Finding,
    FindingCode,
    finding_name,
    finding_source,
    validate_file,
)
from vardgaranti.errors import InvalidTypeError, InvalidValueError

GOLDEN: Final = Path(__file__).parent / "golden" / "week"
AS_OF: Final = date(2025, 6, 2)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 2
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _codes(source: Path | io.StringIO, **options: object) -> list[tuple[str, int]]:
    with validate_file(source, as_of=AS_OF, **options) as validation:  # type: ignore[arg-type]
        return [(finding.code.value, finding.row) for finding in validation.findings]


def _write(tmp_path: Path, text: str, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _only_finding(tmp_path: Path, rows: str) -> Finding:
    """The one finding of a national-format list of *rows* (after its header)."""
    header = "VardkontaktId;HSAIdVardenhet;Fas;Vardgaranti;BeslutAktivitet\n"
    with validate_file(_write(tmp_path, header + rows), as_of=AS_OF) as validation:
        (finding,) = validation.findings
    return finding


# -- the codes ------------------------------------------------------------------------------------


def test_the_codes_are_stable() -> None:
    assert {code.value: finding_name(code) for code in FindingCode} == {
        "V001": "stale-wait",
        "V002": "past-booking",
        "V003": "duplicate-id",
        "V004": "duplicate-referral",
        "V005": "deviation-after-deadline",
        "V006": "covered-out-of-scope",
        "V007": "in-scope-not-covered",
        "V008": "start-too-early",
        "V009": "unknown-municipality",
        "V010": "completed-before-start",
        "V011": "booked-before-start",
        "V012": "missing-id",
        "V013": "row-error",
        "V014": "referred-before-start",
        "V015": "invalid-value",
        "V016": "coverage-missing",
        "V017": "exclusion-after-completion",
        "V018": "completed-outside-month",
        "V019": "referred-after-care",
    }


def test_every_code_has_a_source_and_a_text_in_both_languages() -> None:
    for code in FindingCode:
        assert finding_source(code).strip()
        # the Swedish output gave the sources in English ("[vardgaranti check: the row's error]")
        assert finding_source(code, "sv") != finding_source(code), code
        if code is FindingCode.DEVIATION_AFTER_DEADLINE:
            assert has_message("validate.V005.period")
            assert has_message("validate.V005.code")
        elif code is FindingCode.INVALID_VALUE:
            for variant in (
                *("id", "sex", "birth", "period", "lkf", "deviation"),
                *("digits", "length", "code", "date", "required"),
            ):
                assert has_message(f"validate.V015.{variant}")
        else:
            assert has_message(f"validate.{code.value}")


# -- golden files ---------------------------------------------------------------------------------


def test_native_findings_are_the_hand_computed_golden_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "findings.csv"
    code, stdout, _ = _run(
        capsys, "validate", str(GOLDEN / "validate_input.csv"), "--as-of", "2025-06-02", "--csv",
        "-o", str(out),
    )  # fmt: skip
    assert code == 1
    assert out.read_bytes() == (GOLDEN / "validate.csv").read_bytes()
    assert "findings: 10 on 10 of 10 rows" in stdout  # the summary, with the CSV in a file


def test_native_codes_and_rows() -> None:
    assert _codes(GOLDEN / "validate_input.csv") == [
        ("V001", 1),
        ("V002", 2),
        ("V004", 3),
        ("V003", 4),
        ("V005", 5),
        ("V010", 6),
        ("V011", 7),
        ("V012", 8),
        ("V013", 9),
        ("V004", 10),
    ]


def test_national_findings_are_the_golden_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        capsys, "validate", str(GOLDEN / "national_input.csv"), "--as-of", "2025-06-02", "--csv"
    )
    assert code == 1
    assert out == (GOLDEN / "national_validate.csv").read_text(encoding="utf-8").replace(
        "\n", "\r\n"
    )
    assert "findings: 5 on 5 of 8 rows" in err  # the summary goes to stderr beside the CSV


def test_a_start_before_2010_is_v008_not_a_plain_row_error() -> None:
    with validate_file(GOLDEN / "national_input.csv", as_of=AS_OF) as validation:
        found = [f for f in validation.findings if f.row == 4]
    assert [f.code for f in found] == [FindingCode.START_TOO_EARLY]
    assert found[0].text("en") == (
        "BeslutAktivitet 2009-12-31 is before 2010-01-01, the earliest the skr format allows"
    )
    assert found[0].text("sv").startswith("BeslutAktivitet 2009-12-31 är före 2010-01-01")


def test_the_national_excel_export_gives_the_same_findings(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    rows = list(
        csv.DictReader((GOLDEN / "national_input.csv").open(encoding="utf-8"), delimiter=";")
    )
    records = [{key: value for key, value in row.items() if value} for row in rows]
    for record in records:
        record["BeslutAktivitet"] = record["BeslutAktivitet"].replace("-", "")  # YYYYMMDD
    path = tmp_path / "leverans.xlsx"
    path.write_bytes(national_xlsx(records))
    found = [code for code, _row in _codes(path)]
    assert found == ["V006", "V007", "V008", "V009", "V004"]


# -- each finding, at its edges -----------------------------------------------------------------


def test_stale_is_more_than_the_threshold_not_equal(tmp_path: Path) -> None:
    # 2024-06-02 to 2025-06-02 is 365 days; 2024-06-01 is 366.
    path = _write(tmp_path, "id;level;start\nA;visit;2024-06-02\nB;visit;2024-06-01\n")
    assert _codes(path) == [("V001", 2)]
    assert _codes(path, stale_days=366) == []
    assert _codes(path, stale_days=0) == [("V001", 1), ("V001", 2)]


def test_a_stale_wait_with_a_past_booking_is_more_than_the_threshold_too(tmp_path: Path) -> None:
    """A row with a booking in the past takes the other branch of V001: exactly 365 days is not
    stale there either (only V002, the booking that passed)."""
    path = _write(
        tmp_path,
        "id;level;start;booked\nA;visit;2024-06-02;2025-05-01\nB;visit;2024-06-01;2025-05-01\n",
    )
    assert _codes(path) == [("V002", 1), ("V001", 2), ("V002", 2)]


def test_a_region_period_after_the_deadline_is_no_deviation_finding(tmp_path: Path) -> None:
    """V005 is of PvV and MoV (a deviation reason after the guarantee was broken); care chosen in
    another region is not a deviation code, and after the deadline it is no finding."""
    path = _write(
        tmp_path,
        "id;level;start;exclusions\nA;visit;2025-01-10;region:2025-04-20..2025-04-25\n"
        "B;visit;2025-01-10;pvv:2025-04-20..2025-04-25\n",
    )
    assert _codes(path) == [("V005", 2)]


def test_a_deviation_code_on_its_deadline_day_is_no_finding_yet(tmp_path: Path) -> None:
    """The code-only V005 needs the deadline passed: on the deadline day itself the guarantee
    is not yet broken (as_of after the deadline, not on it)."""
    text = "id;level;start;booked;deviation\nA;visit;2025-03-04;;pvv\n"  # deadline 2025-06-02
    path = _write(tmp_path, text)
    profile = _write(
        tmp_path,
        'name = "D"\n[columns]\nid = "id"\nlevel = "level"\nstart = "start"\n'
        'booked = "booked"\ndeviation = "deviation"\n',
        "d.toml",
    )
    assert _codes(path, profile=str(profile)) == []
    later = _write(tmp_path, text.replace("2025-03-04", "2025-03-03"), "later.csv")
    assert _codes(later, profile=str(profile)) == [("V005", 1)]


def test_a_stale_wait_with_a_future_booking_is_no_finding(tmp_path: Path) -> None:
    path = _write(tmp_path, "id;level;start;booked\nA;visit;2024-01-02;2025-06-02\n")
    assert _codes(path) == []  # a booking today is not in the past


def test_a_stale_wait_in_a_file_without_bookings_does_not_say_there_is_none(
    tmp_path: Path,
) -> None:
    """The national format has no booking column: whether a time is booked cannot be told."""
    finding = _only_finding(tmp_path, "T6;E1;1;JA;2010-01-01\n")
    assert finding.code.value == "V001"
    assert "without a booking ahead" not in finding.text("en")
    assert finding.text("en").endswith(
        "(more than 365 days); the file has no booking column, so a booked time cannot be "
        "seen: does the patient still need the care?"
    )
    assert finding.text("sv").endswith(
        "(mer än 365 dagar); filen har ingen kolumn för bokad tid, så en bokning syns inte: "
        "behöver patienten fortfarande vården?"
    )


def test_an_unreadable_coverage_value_outside_the_levels_is_not_called_a_row_error(
    tmp_path: Path,
) -> None:
    """Fas 4 is outside the guarantee's levels: check gives the row not_covered without reading
    its Vardgaranti value, and has no error; V013 says the value cannot be read, not the row."""
    finding = _only_finding(tmp_path, "K8;E1;4;x;2025-01-10\n")
    assert finding.code.value == "V013"
    assert finding.text("en").startswith("the Vardgaranti value cannot be read: ")
    assert "cannot be evaluated" not in finding.text("en")
    assert finding.text("sv").startswith("värdet i Vardgaranti kan inte läsas: ")
    assert finding.source == (
        "vardgaranti check: the row's error (or, in a national file, a Vardgaranti value check "
        "does not read)"
    )


def test_a_completed_case_is_never_stale(tmp_path: Path) -> None:
    path = _write(tmp_path, "id;level;start;completed\nA;visit;2024-01-02;2024-02-01\n")
    assert _codes(path) == []


def test_a_completion_after_the_as_of_day_has_not_happened(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "id;level;start;completed;booked\nA;visit;2025-03-01;2025-06-10;2025-05-01\n"
    )
    assert _codes(path) == [("V002", 1)]


def test_duplicate_detection_is_bounded(tmp_path: Path) -> None:
    path = _write(tmp_path, "id;level;start\nA;visit;2025-05-01\nB;visit;2025-05-01\n"
                  "B;visit;2025-05-01\nA;visit;2025-05-01\n")  # fmt: skip
    assert _codes(path) == [("V003", 3), ("V003", 4)]
    with validate_file(path, as_of=AS_OF, max_ids=1) as validation:
        found = [(f.code.value, f.row) for f in validation.findings]
        summary = validation.summary
    assert found == [("V003", 4)]  # B was not remembered: its duplicate is not found
    assert summary.capped
    assert "--max-ids" in summary.as_text()


def test_a_repeat_after_ids_in_ascending_order_names_the_row_of_the_first(tmp_path: Path) -> None:
    # Ascending ids are kept without a lookup until one does not ascend: nothing is lost.
    lines = ["id;level;start", *(f"P{n:03d};visit;2025-05-01" for n in range(1, 51))]
    lines += ["P001;visit;2025-05-01", "P050;visit;2025-05-01", "P051;visit;2025-05-01"]
    lines += ["P051;visit;2025-05-01"]
    path = _write(tmp_path, "\n".join(lines) + "\n")
    with validate_file(path, as_of=AS_OF) as validation:
        found = [(f.code.value, f.row, f.en) for f in validation.findings]
    assert found == [
        ("V003", 51, "the id 'P001' is also on row 1"),
        ("V003", 52, "the id 'P050' is also on row 50"),
        ("V003", 54, "the id 'P051' is also on row 53"),
    ]


def test_referral_keys_do_not_run_together(tmp_path: Path) -> None:
    # ("ab", "c") and ("a", "bc") are different referral/unit pairs
    path = _write(
        tmp_path,
        "id;unit;level;start;RemissId\n1;c;visit;2025-05-01;ab\n2;bc;visit;2025-05-01;a\n",
    )
    assert _codes(path) == []


def test_a_deviation_code_past_the_deadline_without_a_booking_is_v005(tmp_path: Path) -> None:
    # The national profile with a booking column (an export that has one), built in Python:
    # a profile file cannot map deviation codes.
    profile = attrs.evolve(SKR, name="skr+bokad", columns={**SKR.columns, "booked": "Bokad"})
    data = _write(
        tmp_path,
        "VardkontaktId;Fas;BeslutAktivitet;Bokad;Avvikelse\n"
        "A;1;2025-01-10;;1\n"  # deadline 2025-04-10 passed, no booking: V005
        # booked after the deadline, not yet passed: no time within the limit either (it was
        # nothing until the booking's day had passed, though nothing in the data changed): V005
        "B;1;2025-01-10;2025-06-20;1\n"
        "C;1;2025-05-10;;2\n"  # deadline 2025-08-08 not passed: nothing
        "D;1;2025-01-10;;\n"  # no deviation code: overdue, nothing to clean
        "E;1;2025-01-10;2025-05-01;2\n"  # booked after the deadline, and it passed: V002, V005
        "F;1;2025-01-10;2025-03-01;1\n"  # booked within the limit, passed: a time was offered
        "G;1;2025-01-10;2025-04-10;1\n"  # booked on the deadline: the same (V002 only)
        "H;1;2025-01-10;;3\n",  # SoV as PvV and MoV: V005
    )
    with validate_file(data, as_of=AS_OF, profile=profile) as validation:
        found = list(validation.findings)
    assert [(f.code.value, f.id) for f in found] == [
        ("V005", "A"),
        ("V005", "B"),
        ("V002", "E"),
        ("V005", "E"),
        ("V002", "F"),
        ("V002", "G"),
        ("V005", "H"),
    ]
    assert found[0].text("en") == (
        "deviation code PvV, but the deadline 2025-04-10 has passed with no booking on or "
        "before it: nothing shows a time offered within the limit"
    )
    assert found[3].text("sv").startswith("avvikelsekod MoV, men sista dagen 2025-04-10")


def test_a_deviation_code_in_the_national_format_alone_is_no_finding() -> None:
    # K5 has PvV and no booking column: whether a time was offered cannot be told.
    assert ("V005", 5) not in _codes(GOLDEN / "national_input.csv")


def test_a_period_after_the_deadline_of_a_case_met_in_time_is_no_finding(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "id;level;start;completed;exclusions\nA;visit;2025-01-10;2025-03-01;"
        "pvv:2025-04-20..2025-04-25\n",
    )
    assert _codes(path) == []


def test_a_period_in_any_form_check_reads_is_looked_at_as_check_reads_it(tmp_path: Path) -> None:
    """V005 and V017 see the periods ``check`` counted, in every form it reads them.

    (Compact dates, blanks around the colon or the dots, a date with a time: ``check`` read
    and counted each, and ``validate`` read only the plain form again, finding nothing.)
    """
    path = _write(
        tmp_path,
        "id;unit;level;start;completed;exclusions\n"
        "E1;U;visit;2025-01-01;;pvv:20250402..20250410\n"
        "E3;U;visit;2025-01-01;;pvv : 2025-04-02 .. 2025-04-10\n"
        "E4;U;visit;2025-01-01;;pvv:2025-04-02T08:00..2025-04-10\n"
        "E5;U;visit;2025-01-01;;pvv:2025-04-02..2025-04-10\n"
        "F1;U;visit;2025-01-01;2025-03-01;mov:20250302..20250310\n"
        "F2;U;visit;2025-01-01;2025-03-01;mov: 2025-03-02..2025-03-10\n"
        "F3;U;visit;2025-01-01;2025-03-01;mov:2025-03-02..2025-03-10\n",
    )
    assert _codes(path) == [
        ("V005", 1), ("V005", 2), ("V005", 3), ("V005", 4),
        ("V017", 5), ("V017", 6), ("V017", 7),
    ]  # fmt: skip


def test_a_long_rows_extra_cells_are_not_copied_into_the_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The findings list carries id and unit, not the cells of other columns: a personnummer in a
    cell after the header's was copied into V013's text (check's error quotes them, in a file
    that holds every cell anyway)."""
    path = _write(
        tmp_path,
        "id;unit;level;start;completed;booked;referral;Lkf;referred\n"
        "S2;U;visit;2025-01-01;;;;;;;extra;19121212-1212\n"
        "S3;U;visit;2025-01-01;;;;;;\n",
    )
    for shape in ("--csv", "--json"):
        code, out, _ = _run(capsys, "validate", str(path), "--as-of", "2025-06-02", shape)
        assert code == 1
        assert "19121212" not in out
        assert "'extra'" not in out
        assert "the row has 12 cells but the header has 9" in out
        # (empty extra cells, no data: the hint about a delimiter at the end of the line stays)
        assert "does the line end with a delimiter the header does not?" in out
    with validate_file(path, as_of=AS_OF) as validation:
        texts = [finding.text("sv") for finding in validation.findings]
    assert texts[0] == "raden kan inte bedömas: raden har 12 celler men rubrikraden har 9"


def test_a_row_error_of_split_exclusion_periods_keeps_its_cause_without_the_cells(
    tmp_path: Path,
) -> None:
    path = _write(
        tmp_path,
        "id;unit;level;start;exclusions;note\n"
        "A;U;visit;2025-03-03;mov:2025-04-01..2025-04-14;pvv:2025-05-01..2025-05-03;19121212\n",
    )
    with validate_file(path, as_of=AS_OF) as validation:
        (finding,) = list(validation.findings)
    assert finding.text("en") == (
        "the row cannot be evaluated: the row has 7 cells but the header has 6; two or more "
        "cells hold exclusion periods (reason:first..last): is the exclusions cell split at a "
        "delimiter inside it? Quote that cell"
    )
    assert finding.text("sv") == (
        "raden kan inte bedömas: raden har 7 celler men rubrikraden har 6; två eller fler "
        "celler har undantagsperioder (orsak:första..sista): är undantagscellen delad vid en "
        "avgränsare i den? Sätt den cellen inom citattecken"
    )


def test_an_unreadable_exclusion_is_the_row_error_only(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "id;level;start;exclusions\nA;visit;2025-01-10;pvv:2025-04-20..2025-04-01\n"
    )
    assert _codes(path) == [("V013", 1)]


def test_an_error_beside_a_date_order_finding_is_reported_too(tmp_path: Path) -> None:
    # The level is wrong (the row's error) and the completion is before the start.
    path = _write(tmp_path, "id;level;start;completed\nA;vist;2025-03-01;2025-02-01\n")
    assert _codes(path) == [("V010", 1), ("V013", 1)]
    # on the start day itself (day 0) neither is before it (a review: the edge was untested)
    path = _write(
        tmp_path, "id;level;start;completed;booked\nA;vist;2025-03-01;2025-03-01;2025-03-01\n"
    )
    assert _codes(path) == [("V013", 1)]


def test_a_municipality_code_that_lost_its_leading_zeros_is_padded_and_others_are_v015(
    tmp_path: Path,
) -> None:
    # A spreadsheet stores the code 0180 as the number 180, 0000 as 0: "0" was no V009, and
    # a code of letters or five digits no finding at all.
    path = _write(
        tmp_path,
        "id;level;start;Lkf\nA;visit;2025-05-01;180\nB;visit;2025-05-01;0\n"
        "C;visit;2025-05-01;A180\nD;visit;2025-05-01;18800\nE;visit;2025-05-01;\n"
        "F;visit;2025-05-01;1880\nG;visit;2025-05-01;18\nH;visit;2025-05-01;7\n",
    )  # (18 and 7: no code loses more than one zero, or is 0000)
    assert _codes(path) == [("V009", 2), ("V015", 3), ("V015", 4), ("V015", 7), ("V015", 8)]
    with validate_file(path, as_of=AS_OF) as validation:
        texts = [(finding.en, finding.sv) for finding in validation.findings]
    assert texts[1] == (
        "Lkf 'A180' is not a municipality code (four digits, 0000 when unknown)",
        "Lkf 'A180' är ingen kommunkod (fyra siffror, 0000 när den är okänd)",
    )


def test_municipality_0000_is_found_in_any_row(tmp_path: Path) -> None:
    path = _write(tmp_path, "id;level;start;LKF\nA;visit;2025-05-01;0000\nB;visit;x;0000\n")
    assert _codes(path) == [("V009", 1), ("V009", 2), ("V013", 2)]


def test_a_referral_elsewhere_before_the_start_of_the_wait_is_v014(tmp_path: Path) -> None:
    # HSL 9 kap. 2 §: care elsewhere follows a wait the region could not keep, so a referral
    # dated before the wait began is a mistake in the list; on the start day or later it is not
    path = _write(
        tmp_path,
        "id;unit;level;start;completed;referred;provider\n"
        "A1;Ortopedi;visit;2025-01-10;2025-05-02;2025-01-09;Capio\n"
        "A2;Ortopedi;visit;2025-01-10;2025-05-02;2025-01-10;Capio\n"
        "A3;Ortopedi;visit;2025-01-10;;2025-04-20;Capio\n"
        "A4;Ortopedi;visit;2025-01-10;;;\n",
    )
    with validate_file(path, as_of=AS_OF) as validation:
        found = list(validation.findings)
    assert [(finding.code.value, finding.row) for finding in found] == [("V014", 1)]
    assert found[0].en == (
        "referred to another provider 2025-01-09 (referred), before the start 2025-01-10"
    )
    assert "HSL (2017:30) 9 kap. 2 §" in found[0].source


def test_a_referral_elsewhere_after_the_care_was_given_is_v019(tmp_path: Path) -> None:
    # HSL 9 kap. 2 §: the region arranges the care elsewhere, so a referral dated after the
    # care was given is a date to correct (worklist --costs counts it in to_check, and
    # costs_covered leaves it empty, referred-after-care): validate said nothing of it
    path = _write(
        tmp_path,
        "id;unit;level;start;completed;referred;provider\n"
        "A1;U;visit;2025-01-02;2025-05-01;2025-05-10;X\n"  # after the care: V019
        "A2;U;visit;2025-01-02;2025-05-01;2025-05-01;X\n"  # on the day of the care: fine
        "A3;U;visit;2025-01-02;2025-07-01;2025-07-10;X\n"  # care after the as-of day: open
        "A4;U;visit;2025-01-02;2025-05-01;2025-06-10;X\n"  # after the care and the as-of day
        "A5;U;visit;2025-01-02;;2025-07-01;X\n",  # no care yet: a later referral is no finding
    )
    with validate_file(path, as_of=AS_OF) as validation:
        found = list(validation.findings)
    assert [(finding.code.value, finding.row) for finding in found] == [("V019", 1), ("V019", 4)]
    assert found[0].en == (
        "referred to another provider 2025-05-10 (referred), after the care was given 2025-05-01"
    )
    assert found[0].sv == (
        "remitterad till annan vårdgivare 2025-05-10 (referred), efter att vården gavs 2025-05-01"
    )
    assert "HSL (2017:30) 9 kap. 2 §" in found[0].source


def test_v014_and_v019_name_the_rows_the_costs_follow_up_leaves_to_check(tmp_path: Path) -> None:
    # One reading of a referral date: costs_covered's referred-before-start and
    # referred-after-care are validate's V014 and V019, row for row (over every order of the
    # start, a restart, the completion, the referral and the as-of day, a day apart). A visit
    # brings a duty of care elsewhere and an assessment none: the costs say no-duty first, and
    # a review found V019 said of such a row. V014 is said of any level.
    days = [AS_OF + timedelta(days=offset) for offset in (-3, -2, -1, 0, 1)]
    rows = []
    for level in ("visit", "assessment"):
        for start in days[:3]:
            # (a restart is the end of a declined care elsewhere: a visit's, not an assessment's)
            for restart in (None, days[1]) if level == "visit" else (None,):
                if restart is not None and restart < start:
                    continue
                for completed in [None, *days]:
                    for referred in days:
                        if completed is not None and completed < (restart or start):
                            continue
                        rows.append((level, start, restart, completed, referred))
    text = "id;unit;level;start;restart;completed;referred;provider\n" + "".join(
        f"R{i};U;{level};{s};{'' if rs is None else rs};{'' if c is None else c};{r};X\n"
        for i, (level, s, rs, c, r) in enumerate(rows)
    )
    path = _write(tmp_path, text)
    with validate_file(path, as_of=AS_OF) as validation:
        said = {
            (f.row, f.code.value) for f in validation.findings if f.code.value in ("V014", "V019")
        }
    out = io.StringIO(newline="")
    check_waiting_list(io.StringIO(text, newline=""), out, as_of=AS_OF)
    checked = list(csv.DictReader(io.StringIO(out.getvalue().lstrip("\ufeff")), delimiter=";"))
    expected = set()
    for number, (level, start, restart, completed, referred) in enumerate(rows, start=1):
        if level != "visit":
            if referred < start:
                expected.add((number, "V014"))
            continue
        answer = decide_costs(
            covered=True,
            duty=True,
            care_due=False,
            start=start,
            referred=referred,
            provider="X",
            as_of=AS_OF,
            completed=completed,
            restart=restart,
        )
        code = {"referred-before-start": "V014", "referred-after-care": "V019"}.get(
            answer.reason.value
        )
        if code is not None:
            expected.add((number, code))
    assert said == expected
    assert {code for _row, code in said} == {"V014", "V019"}  # (both are there to be found)
    assert len(checked) == len(rows)
    assert all(row["error"] == "" for row in checked)  # (every row evaluated: none left out)
    # and check's own costs_covered leaves each of them empty: neither referred nor own choice
    assert all(checked[number - 1]["costs_covered"] == "" for number, _code in said)


def test_a_restart_does_not_make_an_earlier_referral_a_finding(tmp_path: Path) -> None:
    # the referral is compared with the start of the wait, not with a later restart of the clock
    path = _write(
        tmp_path,
        "id;level;start;restart;referred\nA1;visit;2025-01-10;2025-03-01;2025-02-01\n",
    )
    assert _codes(path) == []


NATIONAL_HEADER: Final = (
    "VardkontaktId;HSAIdVardenhet;Fas;Vardgaranti;BeslutAktivitet;Kon;FodelseAr"
)


def test_national_values_outside_the_information_model_are_v015(tmp_path: Path) -> None:
    # SKR's information model: VardkontaktId at least 2 characters, Kon 1/2/3 or m/k/o or
    # man/kvinna/okänt in any case, FodelseAr 1901 or later; each is a finding of its own
    rows = [
        "K1;E1;1;JA;2025-05-01;1;1950",  # fine
        "K2;E1;1;JA;2025-05-01;KVINNA;1901",  # fine: any case, the first year allowed
        "K3;E1;1;JA;2025-05-01;Okänt;",  # fine: a year not given is not a wrong one
        "K4;E1;1;JA;2025-05-01;;2001",  # fine: Kon not given
        "K;E1;1;JA;2025-05-01;m;1960",  # an id of one character
        "K6;E1;1;JA;2025-05-01;x;1960",  # not a code of sex
        "K7;E1;1;JA;2025-05-01;4;1900",  # neither
        "K8;E1;1;JA;2025-05-01;2;19x0",  # not a year
        "Q;E1;1;JA;x;0;1800",  # a row that cannot be evaluated: all three, and its error
    ]
    path = _write(tmp_path, "\n".join([NATIONAL_HEADER, *rows, ""]))
    with validate_file(path, as_of=AS_OF) as validation:
        found = [(finding.code.value, finding.row, finding.en) for finding in validation.findings]
    assert found == [
        ("V015", 5, "VardkontaktId 'K' is shorter than 2 characters"),
        ("V015", 6, "Kon 'x' is not a code of sex (1, m, man; 2, k, kvinna; 3, o, okänt)"),
        ("V015", 7, "Kon '4' is not a code of sex (1, m, man; 2, k, kvinna; 3, o, okänt)"),
        ("V015", 7, "FodelseAr '1900' is not a year of birth (four digits, 1901 or later)"),
        ("V015", 8, "FodelseAr '19x0' is not a year of birth (four digits, 1901 or later)"),
        ("V013", 9, found[5][2]),
        ("V015", 9, "VardkontaktId 'Q' is shorter than 2 characters"),
        ("V015", 9, "Kon '0' is not a code of sex (1, m, man; 2, k, kvinna; 3, o, okänt)"),
        ("V015", 9, "FodelseAr '1800' is not a year of birth (four digits, 1901 or later)"),
    ]
    assert found[5][2].startswith("the row cannot be evaluated: BeslutAktivitet")


FORMS_HEADER: Final = (
    "VardkontaktId;Fas;Vardgaranti;BeslutAktivitet;Regionkod;Sjukhus;Mvo;Aktivitet;AktivitetKVA;"
    "AktivitetICD;Remittenttyp;Bokningssatt;Yrkeskategori;MedicinsktMaldatum;RemissDatum;"
    "AnkomstDatum"
)


def test_the_information_models_forms_and_code_lists_are_v015(tmp_path: Path) -> None:
    # SKR's information model (the reference's "Variables of a Besok"): Regionkod two digits,
    # Sjukhus 5-6 digits, Mvo 3 characters, Aktivitet and AktivitetKVA 5, AktivitetICD 4-6,
    # Remittenttyp 1/2, Bokningssatt 1-5, Yrkeskategori XS910-XS926, the dates dates; a blank
    # cell is none of these findings. validate said nothing of any of them.
    rows = [
        "K1;1;JA;2025-05-01;55;55030;511;;;;1;1;XS910;;2025-04-30;2025-05-01",  # fine
        "K2;2;JA;2025-05-01;63;550301;301;30101;CJE20;H25.1;2;5;xs926;;20250430;"
        "2025-05-01T08:00:00",  # fine: 6 digits, a code in any case, other forms of a date
        "K3;1;JA;2025-05-01;5;55O30;5111;;;H2;3;0;XS909;;;",  # each wrong once
        "K4;1;JA;2025-05-01;;;;;;;;;;;2025-99-01;kanske",  # blank: fine; two dates that are not
        "K5;2;JA;2025-05-01;55;55030;511;X;CJE2;ABCDEFG;1;6;XS927;inte;;",
        "K6;1;JA;2025-05-01;AB;55030;511;;;H25.11;3;1;XS910;;;",  # letters; a 6-character ICD
        "K7;1;JA;2025-05-01;55;55030;511;;;;3;1;XS910;;2025-99-01;",  # a bad value again
    ]
    path = _write(tmp_path, "\n".join([FORMS_HEADER, *rows, ""]))
    with validate_file(path, as_of=AS_OF) as validation:
        found = [(finding.code.value, finding.row, finding.en) for finding in validation.findings]
    assert found == [
        ("V015", 3, "Regionkod '5' is not 2 digits"),
        ("V015", 3, "Sjukhus '55O30' is not 5–6 digits"),
        ("V015", 3, "Mvo '5111' is not 3 characters long"),
        ("V015", 3, "AktivitetICD 'H2' is not 4–6 characters long"),
        ("V015", 3, "Remittenttyp '3' is not a code of the variable's list (1, 2)"),
        ("V015", 3, "Bokningssatt '0' is not a code of the variable's list (1–5)"),
        ("V015", 3, "Yrkeskategori 'XS909' is not a code of the variable's list (XS910–XS926)"),
        ("V015", 4, "RemissDatum '2025-99-01' is not a date"),
        ("V015", 4, "AnkomstDatum 'kanske' is not a date"),
        ("V015", 5, "Aktivitet 'X' is not 5 characters long"),
        ("V015", 5, "AktivitetKVA 'CJE2' is not 5 characters long"),
        ("V015", 5, "AktivitetICD 'ABCDEFG' is not 4–6 characters long"),
        ("V015", 5, "Bokningssatt '6' is not a code of the variable's list (1–5)"),
        ("V015", 5, "Yrkeskategori 'XS927' is not a code of the variable's list (XS910–XS926)"),
        ("V015", 5, "MedicinsktMaldatum 'inte' is not a date"),
        ("V015", 6, "Regionkod 'AB' is not 2 digits"),
        ("V015", 6, "Remittenttyp '3' is not a code of the variable's list (1, 2)"),
        ("V015", 7, "Remittenttyp '3' is not a code of the variable's list (1, 2)"),
        ("V015", 7, "RemissDatum '2025-99-01' is not a date"),
    ]
    with validate_file(path, as_of=AS_OF) as validation:
        swedish = [finding.sv for finding in validation.findings]
    assert swedish[0] == "Regionkod '5' är inte 2 siffror"
    assert finding_source(FindingCode.INVALID_VALUE).startswith("SKR, Informationsmodell")


def test_a_variable_the_information_model_requires_for_a_phase_is_v015_when_empty(
    tmp_path: Path,
) -> None:
    # Aktivitet is required for an operation or procedure (Fas 2) and an examination (Fas 3),
    # MedicinsktMaldatum for a return visit (Fas 4); a file without the column is not asked
    header = "VardkontaktId;Fas;Vardgaranti;BeslutAktivitet;Aktivitet;MedicinsktMaldatum"
    rows = [
        "K1;1;JA;2025-05-01;;",  # a first contact: neither is required
        "K2;2;JA;2025-05-01;51101;",
        "K3;2;JA;2025-05-01;;",  # no activity
        "K4;3;NEJ;2025-05-01; ;",  # a blank one
        "K5;4;NEJ;2025-05-01;;2025-08-01",
        "K6;4;NEJ;2025-05-01;;",  # no target date
    ]
    path = _write(tmp_path, "\n".join([header, *rows, ""]))
    with validate_file(path, as_of=AS_OF) as validation:
        found = [(finding.code.value, finding.row, finding.en) for finding in validation.findings]
    assert found == [
        ("V015", 3, "Aktivitet is empty; the information model requires it for Fas 2, 3"),
        ("V015", 4, "Aktivitet is empty; the information model requires it for Fas 2, 3"),
        ("V015", 6, "MedicinsktMaldatum is empty; the information model requires it for Fas 4"),
    ]
    without = _write(
        tmp_path,
        "\n".join(["VardkontaktId;Fas;Vardgaranti;BeslutAktivitet", "K3;2;JA;2025-05-01", ""]),
        "without.csv",
    )
    assert _codes(without) == []


def test_the_information_models_forms_are_read_from_the_xml_delivery_too(tmp_path: Path) -> None:
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<TillgangligVardSpeciVantande>"
        '<Kontakt DatatGallerFor="2025-05-01">'
        '<Besok VardkontaktId="K1" Fas="2" Vardgaranti="JA" BeslutAktivitet="2025-05-01T08:00:00"'
        ' Mvo="5111" Bokningssatt="9"/>'
        "</Kontakt></TillgangligVardSpeciVantande>\n"
    )
    path = _write(tmp_path, xml, "delivery.xml")
    assert _codes(path) == [("V015", 1), ("V015", 1)]


def test_a_measurement_period_that_is_not_a_date_is_v015(tmp_path: Path) -> None:
    # stats refused such a file, while check, validate and report said nothing of it
    rows = [
        "kanske;K1;1;JA;2025-05-01",
        "2025-03-01T25:00:00;K2;1;JA;2025-05-01",
        "2025-03-01;K3;1;JA;2025-05-01",  # fine
        "2025-03-01T00:00:00;K4;1;JA;2025-05-01",  # fine: a date with a time
        ";K5;1;JA;2025-05-01",  # fine: not given
        "2025-03;K6;1;JA;2025-05-01",  # fine: a month without its day, as stats reads it
        "202503;K7;1;JA;2025-05-01",
    ]
    header = "DatatGallerFor;VardkontaktId;Fas;Vardgaranti;BeslutAktivitet"
    path = _write(tmp_path, "\n".join([header, *rows, ""]))
    with validate_file(path, as_of=AS_OF) as validation:
        found = [(finding.code.value, finding.row, finding.en) for finding in validation.findings]
    assert found == [
        ("V015", 1, "DatatGallerFor 'kanske' is not a date (the measurement period, YYYY-MM-DD)"),
        (
            "V015",
            2,
            "DatatGallerFor '2025-03-01T25:00:00' is not a date (the measurement period, "
            "YYYY-MM-DD)",
        ),
    ]


def test_a_deviation_code_check_does_not_read_is_v015_on_a_contact_outside_the_guarantee(
    tmp_path: Path,
) -> None:
    # A return visit (Fas 4) with Avvikelse 7: check does not read the code of a contact
    # outside the guarantee, and stats counts it outside by kind; neither tool named a code
    # the national database refuses. On a covered contact it is check's error (V013).
    rows = [
        "K1;E;4;JA;7;2025-05-01",  # outside by its phase: V015 (and V006, marked covered)
        "K2;E;4;;2;2025-05-01",  # a code: fine
        "K3;E;5;;x;2025-05-01",  # V015
        "K4;E;1;JA;7;2025-05-01",  # covered: check's error, V013 (not V015 too)
        "K5;E;1;NEJ;7;2025-05-01",  # reported not covered: check reads the code, V013
        "K6;E;3;;;2025-05-01",  # empty: fine
    ]
    header = "VardkontaktId;HSAIdVardenhet;Fas;Vardgaranti;Avvikelse;BeslutAktivitet"
    path = _write(tmp_path, "\n".join([header, *rows, ""]))
    with validate_file(path, as_of=AS_OF) as validation:
        found = [(finding.code.value, finding.row, finding.en) for finding in validation.findings]
    assert [(code, row) for code, row, _text in found] == [
        ("V006", 1), ("V015", 1), ("V015", 3), ("V013", 4), ("V013", 5)
    ]  # fmt: skip
    assert found[1][2] == (
        "Avvikelse '7' is not a deviation code (1 PvV, 2 MoV, 3 SoV); the contact is outside the "
        "guarantee, so check does not read it, but the national database does not take it"
    )


def test_the_national_bounds_are_not_applied_to_a_native_file(tmp_path: Path) -> None:
    # a region's own export may code these columns its own way
    path = _write(tmp_path, "id;level;start;kon;fodelsear\nA;visit;2025-05-01;x;1800\n")
    assert _codes(path) == []


def test_empty_rows_are_no_findings(tmp_path: Path) -> None:
    path = _write(tmp_path, "id;level;start\n;;\nA;visit;2025-05-01\n")
    with validate_file(path, as_of=AS_OF) as validation:
        assert list(validation.findings) == []
        assert (validation.summary.rows, validation.summary.empty) == (2, 1)


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"stale_days": -1}, InvalidValueError),
        ({"stale_days": "30"}, InvalidTypeError),
        ({"max_ids": True}, InvalidTypeError),
        ({"max_ids": -5}, InvalidValueError),
    ],
)
def test_bad_thresholds_are_refused_naming_them(
    tmp_path: Path, options: dict[str, Any], error: type[Exception]
) -> None:
    # a bad type was a ValueError, and no error named its field
    path = _write(tmp_path, "id;level;start\n")
    with pytest.raises(error) as raised:
        validate_file(path, as_of=AS_OF, **options)
    assert getattr(raised.value, "field", None) == next(iter(options))


# -- the command --------------------------------------------------------------------------------


def test_no_findings_exit_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _write(tmp_path, "id;level;start\nA;visit;2025-05-01\n")
    code, out, _ = _run(capsys, "validate", str(path), "--as-of", "2025-06-02")
    assert code == 0
    assert out.splitlines()[0] == "No findings."
    code, out, _ = _run(capsys, "validate", str(path), "--as-of", "2025-06-02", "--lang", "sv")
    assert out.splitlines()[0] == "Inga fynd."


def test_text_output_has_one_line_per_finding_then_the_summary(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(capsys, "validate", str(GOLDEN / "validate_input.csv"),
                        "--as-of", "2025-06-02")  # fmt: skip
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        "V001 row 1 (line 2), id A01, Hud: waiting 458 days since 2024-03-01 (more than 365 "
        "days) without a booking ahead: does the patient still need the care? [vardgaranti: "
        "--stale-days (a local threshold; no national rule sets one)]"
    )
    assert lines[7].startswith("V012 row 8 (line 9), id -, Ortopedi: no id (id is empty)")
    assert lines[10] == ""
    assert lines[11].split() == ["code", "name", "unit", "findings"]
    assert lines[12].split() == ["V001", "stale-wait", "Hud", "1"]
    assert lines[-1] == "findings: 10 on 10 of 10 rows"


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "validate", str(GOLDEN / "validate_input.csv"),
                        "--as-of", "2025-06-02", "--json", "--lang", "sv")  # fmt: skip
    assert code == 1
    data = json.loads(out)
    assert data["as_of"] == "2025-06-02"
    assert len(data["findings"]) == 10
    assert data["findings"][1] == {
        "code": "V002",
        "name": "past-booking",
        "row": 2,
        "line": 3,
        "id": "A02",
        "unit": "Hud",
        "text": "bokad 2025-05-20, en dag som har passerat, men inte genomförd: blev det av?",
        "source": finding_source(FindingCode.PAST_BOOKING, "sv"),  # (as the text: it was English)
    }
    summary = data["summary"]
    assert summary["findings"] == 10
    assert summary["by_code"]["V004"] == {"name": "duplicate-referral", "findings": 2}
    assert {"code": "V004", "name": "duplicate-referral", "unit": "Hud", "findings": 2} in summary[
        "by_code_and_unit"
    ]


def test_json_without_findings_is_valid(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _write(tmp_path, "id;level;start\n")
    code, out, _ = _run(capsys, "validate", str(path), "--as-of", "2025-06-02", "--json")
    assert code == 0
    assert json.loads(out)["findings"] == []


@pytest.mark.parametrize(("encoding", "marked"), [("cp1252", True), ("utf-8-sig", True),
                                                ("utf-8", False)])  # fmt: skip
def test_the_findings_csv_in_a_file_gets_excels_mark_as_the_worklists_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str, marked: bool
) -> None:
    # A Windows review: Excel opens a UTF-8 CSV without a mark in the ANSI code page (å as
    # Ã¥); the findings of a Windows-1252 export came without one, the worklist's with one.
    source = tmp_path / "list.csv"
    source.write_text("id;unit;level;start\nÖ1;Ögon;visit;2020-01-02\n", encoding=encoding)
    out = tmp_path / "findings.csv"
    main(["validate", str(source), "--as-of", "2025-06-02", "--csv", "-o", str(out)])
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") is marked
    assert "Ö1;Ögon" in data.decode("utf-8-sig")
    capsys.readouterr()
    main(["validate", str(source), "--as-of", "2025-06-02", "--csv"])  # (standard output: none)
    assert not capsys.readouterr().out.startswith("\ufeff")


def test_json_and_csv_together_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "validate", "--example", "--json", "--csv")
    assert code == 2
    assert "not allowed with" in err


def test_hostile_cells_stay_on_one_line_and_are_escaped_in_csv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _write(
        tmp_path,
        'id;unit;level;start\n"=1+1\nx";"@SUM(A1)\x1b[2J";vist;2025-05-01\n'
        '"=1+1\nx";u;visit;2025-05-01\n',
    )
    code, out, _ = _run(capsys, "validate", str(path), "--as-of", "2025-06-02")
    assert code == 1
    finding_lines = [line for line in out.splitlines() if " row " in line]
    assert len(finding_lines) == 2  # the row error and the duplicate id, one line each
    assert "\x1b" not in out
    code, out, _ = _run(capsys, "validate", str(path), "--as-of", "2025-06-02", "--csv")
    rows = list(csv.reader(io.StringIO(out), delimiter=";"))
    assert rows[1][4] == "'=1+1\nx"
    assert rows[1][5] == "'@SUM(A1)\x1b[2J"


def test_a_long_row_error_is_cut(tmp_path: Path) -> None:
    path = _write(tmp_path, "id;level;start\nA;" + "x" * 5000 + ";2025-05-01\n")
    with validate_file(path, as_of=AS_OF) as validation:
        (finding,) = list(validation.findings)
    assert len(finding.text("en")) < 700


def test_validate_never_changes_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes((GOLDEN / "validate_input.csv").read_bytes())
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    _run(capsys, "validate", str(path), "--as-of", "2025-06-02", "--json")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.csv"]


def test_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "validate", "--example", "--csv")
    assert code == 1
    codes = {row[0] for row in csv.reader(io.StringIO(out), delimiter=";")}
    assert codes == {"code", "V005", "V013", "V017"}


def test_a_referral_repeated_with_the_level_spelt_otherwise_is_v004(tmp_path: Path) -> None:
    # the level cell was compared as text: besök, visit and Visit were three activities
    path = _write(
        tmp_path,
        "id;unit;level;start;referral\n"
        "A;U;besök;2025-03-01;R1\n"
        "B;U;visit;2025-03-01;R1\n"
        "C;U; Visit ;2025-03-01;R1\n"
        "D;U;behandling;2025-03-01;R1\n"  # another activity: not a repeat
        "E;U;xx;2025-03-01;R2\n"
        "F;U;xx;2025-03-01;R2\n",  # not a level: compared as written
    )
    with validate_file(path, as_of=AS_OF) as validation:
        found = [(f.code.value, f.id) for f in validation.findings if f.code.value == "V004"]
    assert found == [("V004", "B"), ("V004", "C"), ("V004", "F")]


def test_a_covered_phase_without_a_coverage_value_is_v016(tmp_path: Path) -> None:
    # the law covers Fas 1 and 2 whatever the file says; the official figures count only
    # Vardgaranti yes (stats leaves such a row out of skr): the list cleaning names the row
    path = _write(
        tmp_path,
        "VardkontaktId;Fas;Vardgaranti;BeslutAktivitet\n"
        "K1;1;;2025-05-01\n"  # V016
        "K2;2; ;2025-05-01\n"  # V016 (blanks)
        "K3;1;JA;2025-05-01\n"  # covered: nothing
        "K4;1;NEJ;2025-05-01\n"  # V007, as before
        "K5;4;;2025-05-01\n",  # outside the guarantee by its phase: nothing to count
    )
    with validate_file(path, as_of=AS_OF) as validation:
        findings = list(validation.findings)
    assert [(f.code.value, f.id) for f in findings] == [
        ("V016", "K1"),
        ("V016", "K2"),
        ("V007", "K4"),
    ]
    assert findings[0].en == (
        "Vardgaranti is empty: the law covers Fas '1' by its phase, but the official statistics "
        "count only Vardgaranti yes"
    )


def test_a_file_without_a_coverage_column_has_no_v016(tmp_path: Path) -> None:
    path = _write(tmp_path, "id;level;start\nA;visit;2025-05-01\n")
    assert _codes(path) == []


def test_the_swedish_text_output_gives_sources_and_headings_in_swedish(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate", "--example", "--lang", "sv"]) in (0, 1)
    out = capsys.readouterr().out
    assert (
        "[vardgaranti check: radens fel (eller, i en nationell fil, ett värde i Vardgaranti som "
        "check inte läser)]" in out
    )
    assert "the row's error" not in out
    assert "\nkod   namn " in out
    # the summary says what each code finds in Swedish, not by its English name
    assert "\nV017  undantag efter given vård " in out
    assert "exclusion-after-completion" not in out


def test_a_row_error_about_a_column_named_in_another_case_is_not_reported_twice(
    tmp_path: Path,
) -> None:
    # The reader finds the columns whatever their case; the error names the format's spelling
    # (StartAktivitet), and V010 was joined by a V013 of the same error.
    data = _write(
        tmp_path,
        "vardkontaktid;hsaidvardenhet;fas;vardgaranti;beslutaktivitet;startaktivitet\n"
        "K1;E;1;JA;2009-12-31;\n"
        "K2;E;1;JA;2025-03-01;2025-02-01\n",
    )
    assert _codes(data) == [("V008", 1), ("V010", 2)]


def test_an_unreadable_coverage_value_outside_the_guarantee_is_a_finding(tmp_path: Path) -> None:
    # check leaves a Fas 4 row out of scope without reading Vardgaranti: "maybe" was no finding
    data = _write(
        tmp_path,
        "VardkontaktId;HSAIdVardenhet;Fas;Vardgaranti;BeslutAktivitet\n"
        "K1;E;4;maybe;2025-01-01\nK2;E;4;nej;2025-01-01\n",
    )
    with validate_file(data, as_of=AS_OF) as validation:
        found = list(validation.findings)
    assert [(f.code.value, f.row) for f in found] == [("V013", 1)]
    assert "the Vardgaranti value cannot be read: 'maybe' is not yes" in found[0].text("en")


def test_validate_in_swedish_says_the_day_it_judges_by_in_swedish(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from vardgaranti._waiting_list import example_waiting_list

    monkeypatch.setattr("vardgaranti._cli_common.today", lambda: date(2025, 6, 2))
    _code, _out, err = _run(capsys, "validate", str(example_waiting_list()), "--lang", "sv")
    assert "vardgaranti: per 2025-06-02, i dag (ange --as-of för en annan dag)\n" in err
    _code, _out, err = _run(capsys, "validate", str(example_waiting_list()))
    assert "vardgaranti: as of 2025-06-02, today (give --as-of for another day)\n" in err


def test_a_repeated_referral_names_its_level_in_the_findings_language() -> None:
    # validate --lang sv said "för 'visit'" of a referral repeated for a besök.
    text = "id;referral;unit;level;start\nA;R1;Hud;besök;2025-03-01\nB;R1;Hud;visit;2025-03-02\n"
    with validate_file(io.StringIO(text), as_of=date(2025, 6, 2)) as validation:
        (finding,) = [f for f in validation.findings if f.code.value == "V004"]
    assert finding.sv == "remiss 'R1' på 'Hud' för 'besök' finns också på rad 1"
    assert finding.en == "referral 'R1' at 'Hud' for 'visit' is also on row 1"
    own = text.replace("id;referral;unit;level;start", "id;referral;unit;level;start;aktivitet")
    own = own.replace("2025-03-01\n", "2025-03-01;Gastroskopi\n").replace(
        "2025-03-02\n", "2025-03-02;Gastroskopi\n"
    )
    with validate_file(io.StringIO(own), as_of=date(2025, 6, 2)) as validation:
        (finding,) = [f for f in validation.findings if f.code.value == "V004"]
    assert finding.sv == "remiss 'R1' på 'Hud' för 'Gastroskopi' finns också på rad 1"


# -- V017: an exclusion after the care was given --------------------------------------------------


def test_an_exclusion_that_begins_after_the_completion_is_v017() -> None:
    # HSF 6 kap. 2 §: the time not counted is time the patient cannot be given, or declines,
    # care; after the care was given there is none. Such a period still extends the deadline
    # (and excluded_days), so the dates are to be checked.
    text = (
        "id;level;start;completed;exclusions\n"
        "A;visit;2025-03-01;2025-04-10;mov:2025-04-20..2025-04-30\n"  # after: V017
        "B;visit;2025-03-01;2025-04-25;mov:2025-04-20..2025-04-30\n"  # began before: none
        "C;visit;2025-03-01;;mov:2025-04-20..2025-04-30\n"  # not completed: none
        "D;visit;2025-03-01;2025-04-10;\n"  # no period: none
        "F;visit;2025-03-01;2025-04-10;mov:2025-06-20..2025-06-30\n"  # not counted: none
        "G;visit;2025-03-01;2025-04-20;mov:2025-04-20..2025-04-30\n"  # on the care's day: none
        "E;contact;2025-03-01;2025-03-01;\n"
    )
    with validate_file(io.StringIO(text), as_of=AS_OF) as validation:
        findings = list(validation.findings)
    assert [(finding.code.value, finding.id) for finding in findings] == [("V017", "A")]
    assert findings[0].en == (
        "the MoV period 2025-04-20 to 2025-04-30 begins after the care was given on 2025-04-10, "
        "yet moves the deadline to 2025-06-10, though the wait had ended: check the dates"
    )
    # the deadline the finding names is check's: start + 90 days + the 11 days of the period
    assert evaluate(
        Case(
            level="visit",
            start=date(2025, 3, 1),
            completed=date(2025, 4, 10),
            exclusions="mov:2025-04-20..2025-04-30",
        ),
        as_of=AS_OF,
    ).deadline == date(2025, 5, 30) + timedelta(days=11)
    assert "6 kap. 2 §" in findings[0].source


def test_v017_says_nothing_of_a_period_roll_forward_may_not_have_counted() -> None:
    # The periods are counted against the deadline before it rolls forward: with the pvv day
    # (Sunday 6 April) after the unrolled deadline (Saturday 5 April), the period was not
    # counted, though it begins by the rolled deadline (Monday 7 April).
    text = (
        "id;unit;level;start;completed;booked;exclusions\n"
        "A;U;visit;2025-01-01;2025-02-01;;"
        '"mov:2025-01-10..2025-01-13; pvv:2025-04-06..2025-04-06"\n'
    )
    rolled = Policy(roll_forward=True)
    with validate_file(io.StringIO(text), as_of=AS_OF, policy=rolled) as validation:
        assert [f.code.value for f in validation.findings] == []
    case = Case(
        level="visit",
        start=date(2025, 1, 1),
        completed=date(2025, 2, 1),
        exclusions="mov:2025-01-10..2025-01-13; pvv:2025-04-06..2025-04-06",
    )
    result = evaluate(case, as_of=AS_OF, policy=rolled)
    assert (result.deadline, result.excluded_days) == (date(2025, 4, 7), 4)
    # a period by the vardag before the rolled deadline was counted: still V017
    text = text.replace("pvv:2025-04-06..2025-04-06", "pvv:2025-04-03..2025-04-03")
    with validate_file(io.StringIO(text), as_of=AS_OF, policy=rolled) as validation:
        assert [f.code.value for f in validation.findings] == ["V017"]
    # and one that begins on that vardag itself (Friday 4 April), the last day V017 says it of
    # (a review: the edge was a day away from every test); the Saturday after is not said
    text = text.replace("pvv:2025-04-03..2025-04-03", "pvv:2025-04-04..2025-04-04")
    with validate_file(io.StringIO(text), as_of=AS_OF, policy=rolled) as validation:
        assert [f.code.value for f in validation.findings] == ["V017"]
    text = text.replace("pvv:2025-04-04..2025-04-04", "pvv:2025-04-05..2025-04-05")
    with validate_file(io.StringIO(text), as_of=AS_OF, policy=rolled) as validation:
        assert [f.code.value for f in validation.findings] == []


def test_v017_waits_for_a_completion_after_the_as_of_day() -> None:
    # completed on 1 July, as of 2 June: the case is still open, no care was given yet
    text = (
        "id;level;start;completed;exclusions\n"
        "A;visit;2025-03-01;2025-07-01;mov:2025-07-05..2025-07-06\n"
    )
    with validate_file(io.StringIO(text), as_of=AS_OF) as validation:
        codes = [f.code.value for f in validation.findings]
    assert "V017" not in codes
    with validate_file(io.StringIO(text), as_of=date(2025, 7, 10)) as validation:
        assert "V017" not in [f.code.value for f in validation.findings]  # (not counted)
    text = text.replace("2025-07-05..2025-07-06", "2025-05-05..2025-05-06").replace(
        "2025-07-01", "2025-05-01"
    )
    with validate_file(io.StringIO(text), as_of=date(2025, 4, 20)) as validation:
        assert "V017" not in [f.code.value for f in validation.findings]
    with validate_file(io.StringIO(text), as_of=AS_OF) as validation:
        assert "V017" in [f.code.value for f in validation.findings]


# -- V018: a contact carried out outside its delivery's month -----------------------------------


def _completed_delivery(month: str) -> list[dict[str, str]]:
    """Four contacts of a completed delivery for *month*: in it, after it, before it, blank."""
    records = nf.contacts("genomforda")[:4]
    for record, started in zip(
        records,
        ("2025-03-31T23:59:00", "2025-04-01T00:05:00", "2025-02-28T10:00:00", ""),
        strict=True,
    ):
        record["BeslutAktivitet"] = "2025-01-10T08:00:00"
        record["StartAktivitet"] = started
        record.pop("Avvikelse", None)
    return records


@pytest.mark.parametrize("form", ["csv", "xml"])
def test_a_contact_carried_out_outside_its_deliverys_month_is_v018(form: str) -> None:
    # A March delivery of completed contacts (Genomförda) holds the contacts carried out in
    # March; one carried out on 1 April was counted by stats as still waiting on 31 March.
    records = _completed_delivery("2025-03")
    data = (
        nf.national_csv(records, delivery="genomforda").encode("utf-8")
        if form == "csv"
        else nf.national_xml(records, delivery="genomforda")
    )
    with validate_file(io.BytesIO(data), as_of=date(2025, 4, 30)) as validation:
        found = [f for f in validation.findings if f.code.value == "V018"]
    assert [f.row for f in found] == [2, 3]
    assert found[0].en.startswith(
        "the contact was carried out on 2025-04-01, outside the delivery's month 2025-03 "
        "(DatatGallerFor)"
    )
    assert found[1].sv.startswith("kontakten genomfördes 2025-02-28, utanför leveransens månad")


def test_a_waiting_delivery_or_a_native_list_has_no_v018() -> None:
    data = nf.national_csv(nf.contacts("vantande")).encode("utf-8")
    with validate_file(io.BytesIO(data), as_of=date(2025, 3, 31)) as validation:
        assert not [f for f in validation.findings if f.code.value == "V018"]
    text = "id;level;start;completed\nA;visit;2025-01-02;2025-04-01\n"
    with validate_file(io.StringIO(text), as_of=date(2025, 6, 2)) as validation:
        assert list(validation.findings) == []


# -- a review of the findings against the law (false positives lead staff to delete data) -------

REGION = Path(__file__).parent / "golden" / "week" / "region.toml"


def test_v005_is_judged_on_the_laws_day_not_a_regions_shorter_limit_or_the_bup_target(
    tmp_path: Path,
) -> None:
    # Under a region's 30 days, a PvV on day 45-50 was "after the deadline ... the guarantee is
    # broken", though the law's 90 days were running (and the library itself counted it: the
    # law's day 2025-04-07 is day 90 plus the PvV's 6 days). Staff would delete a valid PvV.
    from vardgaranti import BUP, load_rule_set

    text = (
        "id;unit;level;start;completed;booked;exclusions;restart;listed\n"
        "G1;Orto;visit;2025-01-01;;;pvv:2025-02-15..2025-02-20;;\n"
        "G2;Orto;visit;2025-01-01;;;pvv:2025-04-02..2025-04-05;;\n"  # after the law's day
    )
    source = _write(tmp_path, text)
    assert _codes(source, rules=load_rule_set(REGION)) == [("V005", 2)]
    assert _codes(source) == [("V005", 2)]  # (the national rules: the same)
    bup = text.replace("visit", "first-assessment").replace("Orto", "BUP")
    bup += "B3;BUP;deepened-assessment;2025-01-01;;;pvv:2025-02-15..2025-02-20;;\n"
    # first assessment: the law's 90 days beneath the target; the deepened assessment: a target
    # with no law beneath, so no guarantee to be broken
    assert _codes(_write(tmp_path, bup, "bup.csv"), rules=BUP) == [("V005", 2)]


def test_v018_is_not_said_of_a_contact_carried_out_after_the_as_of_day_or_in_a_waiting_delivery(
    tmp_path: Path,
) -> None:
    # A completion after the as-of day has not happened yet (check calls the case open), as
    # V017 says; and a waiting delivery holds the contacts waiting at its month's end.
    header = (
        "VardkontaktId;HSAIdVardenhet;Fas;Vardgaranti;BeslutAktivitet;StartAktivitet;Lkf;"
        "DatatGallerFor\n"
    )
    rows = (
        "G3;E1;1;JA;2025-03-01;2025-04-30;1880;2025-05-01\n"  # before the month: V018
        "G7;E1;1;JA;2025-03-01;2025-06-10;1880;2025-05-01\n"  # after the as-of day: not yet
    )
    source = _write(tmp_path, header + rows)
    assert [code for code in _codes(source) if code[0] == "V018"] == [("V018", 1)]
    waiting = (
        "<TillgangligVardSpeciVantande><Kontakt DatatGallerFor='2025-05-01'>"
        "<Besok VardkontaktId='G3' HSAIdVardenhet='E1' Fas='1' Vardgaranti='JA' "
        "BeslutAktivitet='2025-03-01' StartAktivitet='2025-04-30' Lkf='1880'/>"
        "</Kontakt></TillgangligVardSpeciVantande>"
    )
    xml = _write(tmp_path, waiting, "vantande.xml")
    assert [code for code in _codes(xml) if code[0] == "V018"] == []
    completed = _write(tmp_path, waiting.replace("Vantande", "Genomforda"), "genomforda.xml")
    assert [code for code in _codes(completed) if code[0] == "V018"] == [("V018", 1)]


def test_v018_is_said_of_a_completed_deliverys_contact_after_the_as_of_day(
    tmp_path: Path,
) -> None:
    # validate's own day for a delivery is its month's last: a contact of a March Genomförda
    # delivery carried out on 1 April lay after it and was never named, though the delivery
    # says every contact in it was carried out (a CSV does not say which delivery it is)
    completed = (
        "<TillgangligVardSpeciGenomforda><Kontakt DatatGallerFor='2025-03-01'>"
        "<Besok VardkontaktId='G9' HSAIdVardenhet='E1' Fas='1' Vardgaranti='JA' "
        "BeslutAktivitet='2025-01-02' StartAktivitet='2025-03-31T22:30:00Z' Lkf='1880'/>"
        "<Besok VardkontaktId='G10' HSAIdVardenhet='E1' Fas='1' Vardgaranti='JA' "
        "BeslutAktivitet='2025-01-02' StartAktivitet='2025-03-31T12:00:00' Lkf='1880'/>"
        "</Kontakt></TillgangligVardSpeciGenomforda>"
    )
    xml = _write(tmp_path, completed, "genomforda.xml")
    with validate_file(xml, as_of=date(2025, 3, 31)) as validation:
        found = [f for f in validation.findings if f.code.value == "V018"]
    assert [f.row for f in found] == [1]  # 22:30 UTC is 1 April in Sweden
    assert found[0].en.startswith("the contact was carried out on 2025-04-01, outside")


@pytest.mark.parametrize("workers", [1, 2])
def test_a_line_inside_a_quoted_cell_is_no_duplicate_id_nor_referral(
    tmp_path: Path, workers: int
) -> None:
    # Line 3 lies inside the quoted cell opened on line 2 (check: "it may be text of that
    # cell"): its first cell was taken as an id, and the real row A2 on line 5 got a V003
    # ("also on row 2") that the same data as a workbook does not have.
    path = tmp_path / "s.csv"
    path.write_text(
        'id;unit;level;start;note\nA1;Orto;visit;2025-05-01;"see\nA2;Orto;visit;2025-05-01;x\n'
        'end"\nA2;Orto;visit;2025-05-02;\n',
        encoding="utf-8",
    )
    with validate_file(path, as_of=AS_OF, workers=workers) as validation:
        found = [(f.code.value, f.row) for f in validation.findings]
    assert found == [("V013", 1), ("V013", 2), ("V013", 3)]


def test_a_start_before_a_profiles_own_earliest_is_named_without_the_national_2010(
    tmp_path: Path,
) -> None:
    # A profile's own `earliest`: the text said so, but the report's label said "start before
    # 2010" and the source named only the national format's 2010-01-01.
    profile = tmp_path / "q.toml"
    profile.write_text(
        'name = "q"\nearliest = 2020-01-01\n[columns]\nid = "id"\nunit = "unit"\n'
        'level = "level"\nstart = "start"\n',
        encoding="utf-8",
    )
    path = _write(tmp_path, "id;unit;level;start\nQ1;Orto;visit;2019-05-01\n")
    with validate_file(path, as_of=AS_OF, profile=profile) as validation:
        (finding,) = validation.findings
    assert finding.code is FindingCode.START_TOO_EARLY
    assert "before 2020-01-01, the earliest the q format allows" in finding.text("en")
    assert "a profile's own earliest: that profile" in finding.source
    for lang in ("sv", "en"):
        assert "2010" not in message("report.finding.V008", lang)


def test_a_deviation_period_after_the_deadline_is_no_v005_after_a_booking_in_time_or_before_it(
    tmp_path: Path,
) -> None:
    # As for a deviation code (SKR: recordable when a time within the limit was offered): a
    # booking on or before the deadline (2025-04-01) shows that time; and before the deadline
    # has passed, nothing is broken yet. The period got a V005 in both cases.
    text = (
        "id;unit;level;start;booked;exclusions\n"
        "U1;Orto;visit;2025-01-01;2025-03-20;pvv:2025-04-15..2025-04-20\n"  # offered in time
        "U2;Orto;visit;2025-01-01;;pvv:2025-04-15..2025-04-20\n"  # no time offered
        "U3;Orto;visit;2025-01-01;2025-05-10;mov:2025-04-15..2025-04-20\n"  # booked after it
    )
    path = _write(tmp_path, text)
    v005 = FindingCode.DEVIATION_AFTER_DEADLINE.value
    assert [row for code, row in _codes(path) if code == v005] == [2, 3]
    with validate_file(path, as_of=date(2025, 3, 1)) as validation:  # the deadline ahead
        assert v005 not in {finding.code.value for finding in validation.findings}


def test_a_repeated_referral_names_the_code_of_its_level_with_the_column_it_is_in() -> None:
    # A Swedish review: a national file's V004 said "för '1'" (its Fas code, with no name).
    rows = ["K1;E1;1;JA;2025-05-01;1;1950;R1", "K2;E1;1;JA;2025-05-02;1;1950;R1"]
    text = "\n".join([NATIONAL_HEADER + ";RemissId", *rows, ""])
    with validate_file(io.StringIO(text), as_of=AS_OF) as validation:
        (finding,) = [f for f in validation.findings if f.code.value == "V004"]
    assert finding.sv == "remiss 'R1' på 'E1' för Fas '1' finns också på rad 1"
    assert finding.en == "referral 'R1' at 'E1' for Fas '1' is also on row 1"


def test_a_period_of_care_in_another_region_after_the_care_is_named_in_words() -> None:
    # V017 said "region-perioden" / "the region period" of HSF 6 kap. 2 § 2.
    text = (
        "id;level;start;completed;exclusions\nA;visit;2025-03-01;2025-04-01;"
        "region:2025-04-10..2025-04-20\nB;visit;2025-03-01;2025-04-01;pvv:2025-04-10..2025-04-20\n"
    )
    with validate_file(io.StringIO(text), as_of=AS_OF) as validation:
        found = [f for f in validation.findings if f.code.value == "V017"]
    assert [f.row for f in found] == [1, 2]
    assert found[0].sv.startswith(
        "perioden 2025-04-10–2025-04-20 med vård i en annan region börjar efter att vården gavs "
        "2025-04-01"
    )
    assert found[0].en.startswith(
        "the period 2025-04-10 to 2025-04-20 of care in another region begins after the care "
        "was given on 2025-04-01"
    )
    assert found[1].sv.startswith("PvV-perioden 2025-04-10–2025-04-20 börjar efter")
    assert "region-perioden" not in found[0].sv


def test_the_source_of_v008_is_swedish_in_swedish() -> None:
    # "(en egen profils earliest: den profilen)": the profile key's English name in Swedish.
    assert finding_source(FindingCode.START_TOO_EARLY, "sv").endswith(
        "(för en egen profil med eget tidigaste datum, earliest: den profilen)"
    )
