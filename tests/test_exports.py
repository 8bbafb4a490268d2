"""Real exports in: the national format, profiles, Excel and encodings, through ``check``.

The readers have their own tests (tests/test_xml.py, test_xlsx.py, test_encoding.py); these
check the whole path from a region's file to the evaluated rows: the profile chosen, the codes
read, every record kept, and one answer for one patient whatever the format. The expected
outcomes are computed here from the format's definitions (national-reporting.md), independently
of the library's profile.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Final

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import national_fixtures as nf
from vardgaranti import Level, Status, check_waiting_list, read_waiting_list
from vardgaranti._cli import main
from vardgaranti._profiles import DayReader, load_profile, profile_from_data
from vardgaranti._waiting_list import assess_file
from vardgaranti.errors import InvalidDateError, RuleSetError, UnknownLevelError, WaitingListError

pytestmark = pytest.mark.usefixtures("check_engine")  # the batch suite through both engines

AS_OF: Final = date(2025, 3, 31)  # the census day of the fixtures' month (March 2025)
NO: Final = {spelling.lower() for spelling in nf.VARDGARANTI_NO}


def _expected(record: dict[str, str], as_of: date = AS_OF) -> tuple[str, str, str]:
    """(status, deadline, reason or deviation) of a national record, from the format's rules.

    Fas 3, 4, 5 are outside the guarantee; Vardgaranti no: reported outside it; a deviation
    code without dates: status deviation, deadline without a pause; else 90 days from the
    decision's date, judged as of *as_of* (nothing booked, at risk with 14 days or fewer left).
    """
    if record["Fas"] in ("3", "4", "5"):
        return "not_covered", "", "out-of-scope"
    if record["Vardgaranti"].lower() in NO:
        return "not_covered", "", "reported"
    start = nf.parse_timestamp(record["BeslutAktivitet"]).date()
    deadline = start + timedelta(days=90)
    deviation = {"1": "pvv", "2": "mov", "3": "sov"}.get(record.get("Avvikelse", ""), "")
    if deviation:
        return "deviation", deadline.isoformat(), deviation
    completed = record.get("StartAktivitet")
    if completed is not None:
        done = nf.parse_timestamp(completed).date()
        if done <= as_of:
            return ("met" if done <= deadline else "missed"), deadline.isoformat(), ""
    if as_of > deadline:
        return "overdue", deadline.isoformat(), ""
    left = (deadline - as_of).days
    return ("at_risk" if left <= 14 else "within"), deadline.isoformat(), ""


def _check_bytes(
    data: bytes, tmp_path: Path, name: str, *argv: str
) -> tuple[int, list[dict[str, str]]]:
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "out.csv"
    # (an --as-of of the test's own instead of AS_OF: an option is given once)
    as_of = [] if "--as-of" in argv else ["--as-of", AS_OF.isoformat()]
    code = main(["check", str(path), *as_of, "-o", str(out), *argv])
    text = out.read_text(encoding="utf-8-sig") if out.exists() else ""
    return code, list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


# -- the national format ------------------------------------------------------------------------


@pytest.mark.parametrize("delivery", ["vantande", "genomforda"])
@pytest.mark.parametrize("namespace", [None, "default", "prefixed"])
def test_a_national_xml_delivery_is_read_with_the_national_codes(
    tmp_path: Path, delivery: str, namespace: str | None
) -> None:
    records = nf.contacts(delivery)
    code, rows = _check_bytes(
        nf.national_xml(records, delivery=delivery, namespace=namespace), tmp_path, "d.xml"
    )
    assert code == 0
    assert [row["VardkontaktId"] for row in rows] == [r["VardkontaktId"] for r in records]
    for record, row in zip(records, rows, strict=True):
        status, deadline, note = _expected(record)
        assert row["status"] == status, record
        assert row["deadline"] == deadline
        assert note == (row["reason"] or row["deviation"])
        assert row["DatatGallerFor"] == nf.PERIOD_VALUE  # the month, from Kontakt, in every row
        assert row["care_elsewhere"] == ("yes" if status == "overdue" else "no")


@pytest.mark.parametrize("delivery", ["vantande", "genomforda"])
def test_each_national_phase_is_read_as_the_level_the_format_defines(delivery: str) -> None:
    # national-reporting.md: Fas 1 first contact (a visit), 2 operation or procedure (a
    # treatment), 3-5 outside the guarantee. A review: Fas 2 read as a visit passed every test
    # but the statistics'.
    level = {"1": Level.VISIT, "2": Level.TREATMENT}
    records = nf.contacts(delivery)
    source = io.BytesIO(nf.national_csv(records, delivery=delivery).encode("utf-8"))
    rows = list(read_waiting_list(source))
    assert len(rows) == len(records)
    phases = set()
    for record, row in zip(records, rows, strict=True):
        phases.add(record["Fas"])
        if record["Fas"] in level:
            assert row.case is not None, record
            assert row.case.level is level[record["Fas"]], record
        else:
            assert row.case is None or row.case.uncovered is not None, record
    assert {"1", "2"} <= phases


def test_the_national_format_as_csv_gives_the_same_rows_as_the_xml(tmp_path: Path) -> None:
    records = nf.contacts("genomforda")
    _, from_xml = _check_bytes(nf.national_xml(records, delivery="genomforda"), tmp_path, "a.xml")
    csv_text = nf.national_csv(records, delivery="genomforda")
    _, from_csv = _check_bytes(csv_text.encode("utf-8"), tmp_path, "a.csv")
    results = ("deadline", "status", "days_waited", "days_left", "deviation", "reason", "error")
    assert [[r[k] for k in results] for r in from_xml] == [
        [r[k] for k in results] for r in from_csv
    ]


def test_the_same_patient_gets_the_same_result_in_every_format(tmp_path: Path) -> None:
    records = nf.contacts("genomforda")
    for record in records[:10]:  # covered, without a deviation: the native columns can say it
        record["Vardgaranti"] = "JA"
        record.pop("Avvikelse", None)
    sources = {
        "xml": nf.national_xml(records, delivery="genomforda"),
        "csv": nf.national_csv(records, delivery="genomforda").encode("utf-8"),
        "cp1252": nf.encode(nf.national_csv(records, delivery="genomforda"), "cp1252"),
        "utf16": nf.encode(nf.national_csv(records, delivery="genomforda"), "utf-16-le", bom=True),
        "xlsx": nf.national_xlsx(records, delivery="genomforda"),
    }
    # The covered contacts without a deviation, as the library's own columns.
    native = ["id;unit;level;start;completed"]
    for record in records:
        covered = record["Vardgaranti"].lower() not in NO and "Avvikelse" not in record
        if record["Fas"] in ("1", "2") and covered:
            level = "visit" if record["Fas"] == "1" else "treatment"
            start = nf.parse_timestamp(record["BeslutAktivitet"]).date()
            done = nf.parse_timestamp(record["StartAktivitet"]).date()
            native.append(f"{record['VardkontaktId']};x;{level};{start};{done}")
    sources["native"] = ("\n".join(native) + "\n").encode("utf-8")
    found: dict[str, dict[str, tuple[object, ...]]] = {}
    for name, data in sources.items():
        path = tmp_path / f"in-{name}"
        path.write_bytes(data)
        with assess_file(path, as_of=AS_OF) as opened:
            i_id = opened.column["id"]
            found[name] = {
                row.cells[i_id]: (
                    row.assessed.status,
                    row.assessed.deadline,
                    row.assessed.days_waited,
                    row.assessed.care_elsewhere,
                )
                for row in opened.rows
                if row.assessed is not None and row.cells[i_id]
            }
    assert len(found["native"]) >= 3
    for name in ("xml", "csv", "cp1252", "utf16", "xlsx"):
        assert set(found[name]) == {r["VardkontaktId"] for r in records}, name
        for key, value in found["native"].items():
            assert found[name][key] == value, (name, key)


def test_a_completed_delivery_judges_completions_by_the_start_of_the_activity() -> None:
    records = nf.contacts("genomforda")
    rows = list(read_waiting_list(io.BytesIO(nf.national_xml(records, delivery="genomforda"))))
    cases = [row.case for row in rows if row.case is not None]
    assert cases
    for case in cases:
        assert case.completed is not None
        assert case.completed >= case.start


# -- encodings and delimiters -------------------------------------------------------------------


def test_a_windows_1252_file_is_read_with_a_note_and_written_as_utf8_with_a_bom(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("id;unit;level;start\nA;Ögonkliniken;besök;2025-03-01\n".encode("cp1252"))
    out = tmp_path / "out.csv"
    assert main(["check", str(path), "--as-of", "2025-06-02", "-o", str(out)]) == 0
    assert "read as Windows-1252" in capsys.readouterr().err
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "A;Ögonkliniken;besök;2025-03-01;2025-05-30;" in raw.decode("utf-8-sig")


def test_excels_unicode_text_utf16_with_tabs_is_read(tmp_path: Path) -> None:
    text = "id\tunit\tlevel\tstart\r\nA\tÖgonkliniken\tbesök\t2025-03-01\r\n"
    path = tmp_path / "unicode.txt"
    path.write_bytes(nf.encode(text, "utf-16-le", bom=True))
    out = tmp_path / "out.csv"
    assert main(["check", str(path), "--as-of", "2025-06-02", "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("id\tunit\tlevel\tstart\tdeadline\tstatus")
    assert lines[1].startswith("A\tÖgonkliniken\tbesök\t2025-03-01\t2025-05-30\toverdue")


def test_the_output_encoding_can_be_chosen(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("id;unit;level;start\nA;Söder;besök;2025-03-01\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    argv = ["check", str(path), "--as-of", "2025-06-02", "-o", str(out)]
    assert main([*argv, "--output-encoding", "cp1252"]) == 0
    assert out.read_bytes().decode("cp1252").startswith("id;unit;level;start;deadline")
    assert main([*argv, "--output-encoding", "utf-8-sig"]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid;")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["visit", "besök", "treatment", "behandling", "bogus", ""]),
            st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 5, 31)),
            st.text(alphabet="abcåäöÅÄÖ ;,\"'=-\t", max_size=12),
        ),
        max_size=25,
    ),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "xlsx"]),
)
def test_every_record_comes_back_once_in_order_in_every_format_and_encoding(
    rows: list[tuple[str, date, str]], form: str
) -> None:
    header = ["id", "level", "start", "note"]
    table = [
        [f"R{i}", level, start.isoformat(), note] for i, (level, start, note) in enumerate(rows)
    ]
    if form == "xlsx":
        from vardgaranti._xlsx import write_xlsx

        buffer = io.BytesIO()
        write_xlsx(buffer, [("Lista", header, table)])
        data = buffer.getvalue()
    else:
        text = io.StringIO(newline="")
        csv.writer(text, delimiter="\t" if form == "utf-16" else ";").writerows([header, *table])
        codec = {"utf-16": "utf-16-le", "utf-8-sig": "utf-8"}.get(form, form)
        data = nf.encode(text.getvalue(), codec, bom=form in ("utf-8-sig", "utf-16"))
    output = io.StringIO(newline="")
    summary = check_waiting_list(io.BytesIO(data), output, as_of=date(2025, 6, 2))
    delimiter = "\t" if form == "utf-16" else ";"
    out = list(
        csv.reader(io.StringIO(output.getvalue().removeprefix("\ufeff")), delimiter=delimiter)
    )
    assert summary.rows == len(table)
    assert [line[0] for line in out[1:]] == [row[0] for row in table]
    assert [line[3] for line in out[1:]] == [out_note(row[3]) for row in table]


def out_note(note: str) -> str:
    """A note as check writes it back: a cell a spreadsheet would run gets a leading quote."""
    from vardgaranti import escape_formula

    return escape_formula(note)


# -- bad input: a clear error, and no row lost before it ---------------------------------------


def _national_with(**changes: str) -> list[dict[str, str]]:
    records = nf.contacts()[:3]
    records[1] = {**records[1], **changes}
    return records


@pytest.mark.parametrize(
    ("change", "column", "fragment"),
    [
        ({"Fas": "7"}, "Fas", "accepted: 1, 2, 3, 4, 5"),
        ({"Vardgaranti": "kanske"}, "Vardgaranti", "is not yes"),
        ({"BeslutAktivitet": "2009-12-31T08:00:00"}, "BeslutAktivitet", "before 2010-01-01"),
        ({"BeslutAktivitet": "31/12/2024"}, "BeslutAktivitet", "is not a date"),
        ({"Avvikelse": "9"}, "Avvikelse", "unknown deviation code"),
    ],
)
def test_a_bad_national_value_is_a_row_error_naming_the_variable(
    tmp_path: Path, change: dict[str, str], column: str, fragment: str
) -> None:
    code, rows = _check_bytes(nf.national_xml(_national_with(**change)), tmp_path, "bad.xml")
    assert code == 1
    assert len(rows) == 3
    assert rows[1]["error"].startswith(f"{column}: ")
    assert fragment in rows[1]["error"]
    assert rows[0]["error"] == rows[2]["error"] == ""


def test_a_missing_required_variable_is_exit_2_listing_what_each_profile_needs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = nf.national_csv().replace(";Fas;", ";Fasen;", 1)
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path), "--as-of", "2025-03-31"]) == 2
    err = capsys.readouterr().err
    assert "'Fas'" in err
    assert "skr" in err
    assert len(err.strip().splitlines()) == 1


def test_xml_broken_half_way_yields_every_row_before_it_then_a_clear_error() -> None:
    data = nf.broken_after(5)
    seen = []
    rows = read_waiting_list(io.BytesIO(data))
    for _ in range(5):
        seen.append(next(rows).cells["vardkontaktid"])
    with pytest.raises(WaitingListError, match=r"line \d+") as raised:
        next(rows)
    assert seen == [r["VardkontaktId"] for r in nf.contacts()[:5]]
    assert "\n" not in str(raised.value)


def test_xml_broken_half_way_is_exit_2_and_no_output_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, rows = _check_bytes(nf.broken_after(5), tmp_path, "broken.xml")
    assert (code, rows) == (2, [])
    assert not (tmp_path / "out.csv").exists()
    assert capsys.readouterr().err.startswith("vardgaranti: error: ")


def test_a_wrong_sheet_name_is_exit_2_listing_the_sheets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.xlsx"
    path.write_bytes(nf.national_xlsx())
    assert main(["check", str(path), "--as-of", "2025-03-31", "--sheet", "Vantande"]) == 2
    err = capsys.readouterr().err
    assert "Väntande" in err
    assert len(err.strip().splitlines()) == 1


def test_an_excel_workbook_is_read_from_its_first_sheet_with_excel_dates(tmp_path: Path) -> None:
    records = nf.contacts()
    code, rows = _check_bytes(nf.national_xlsx(records), tmp_path, "w.xlsx")
    assert code == 0
    ids = [row["VardkontaktId"] for row in rows if row["VardkontaktId"]]
    assert ids == [r["VardkontaktId"] for r in records]
    for record in records:
        row = next(r for r in rows if r["VardkontaktId"] == record["VardkontaktId"])
        assert row["status"] == _expected(record)[0]


def test_an_excel_output_has_the_results_and_the_summary(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    source = tmp_path / "d.xml"
    source.write_bytes(nf.national_xml())
    target = tmp_path / "checked.xlsx"
    argv = ["check", str(source), "--as-of", "2025-03-31", "-o", str(target), "--summary", "json"]
    assert main(argv) == 0
    book = load_workbook(target, read_only=True)
    assert book.sheetnames == ["Resultat", "Sammanfattning"]
    header = next(book["Resultat"].iter_rows(max_row=1, values_only=True))
    assert header[-3:] == ("deviation", "reason", "error")
    assert sum(1 for _ in book["Resultat"].iter_rows()) == 1 + len(nf.contacts())


# -- a region's own export, described by a profile ----------------------------------------------

PROFILE: Final = """\
name = "Region Exempel, väntelista"
[columns]
id = "Löpnr"
unit = "Mottagning"
level = "Vårdtyp"
start = "Remissdatum"
completed = "Besöksdatum"
[levels]
"Nybesök" = "visit"
"Operation" = "treatment"
"Återbesök" = "out-of-scope"
[dates]
formats = ["%d/%m/%Y", "iso"]
[[exclusions.pairs]]
reason = "mov"
from = "MoV från"
to = "MoV till"
"""

EXPORT: Final = """\
Löpnr;Mottagning;Vårdtyp;Remissdatum;Besöksdatum;MoV från;MoV till
1;Hud;Nybesök;03/03/2025;;01/04/2025;14/04/2025
2;Hud;Operation;2025-03-03;;;
3;Hud;Återbesök;03/03/2025;;;
4;Hud;Nybesök;31/02/2025;;;
5;Hud;Nybesök;03/03/2025;;15/04/2025;
"""


def test_a_regional_profile_maps_columns_codes_date_forms_and_exclusion_columns(
    tmp_path: Path,
) -> None:
    profile = tmp_path / "region.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    export = tmp_path / "export.csv"
    export.write_text(EXPORT, encoding="utf-8")
    code, rows = _check_bytes(export.read_bytes(), tmp_path, "e.csv", "--profile", str(profile))
    assert code == 1
    assert [r["Löpnr"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert (rows[0]["deadline"], rows[0]["excluded_days"]) == ("2025-06-15", "14")
    assert rows[1]["deadline"] == "2025-06-01"
    assert rows[2]["status"] == "not_covered"
    assert rows[3]["error"].startswith("Remissdatum: ")
    assert rows[4]["error"].startswith("MoV till: ")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('name = "X"\n[colums]\nid = "a"\n', "colums"),
        ('name = "X"\n[columns]\nid = "a"\nlevel = "b"\n', "columns.start"),
        ('name = "X"\n[columns]\nid = "a"\nlevel = "b"\nstart = "c"\nstrat = "d"\n', "strat"),
        (
            'name = "X"\n[columns]\nid="a"\nlevel="b"\nstart="c"\n[levels]\n"N" = "visti"\n',
            "levels.N",
        ),
        (
            'name = "X"\n[columns]\nid="a"\nlevel="b"\nstart="c"\n[dates]\nformats = ["dd"]\n',
            "dates",
        ),
        # a directive twice (strptime cannot read it back) or one strptime does not know
        (
            'name = "X"\n[columns]\nid="a"\nlevel="b"\nstart="c"\n[dates]\n'
            'formats = ["%Y-%m-%d %Y"]\n',
            "dates.formats",
        ),
        (
            'name = "X"\n[columns]\nid="a"\nlevel="b"\nstart="c"\n[dates]\nformats = ["%Q"]\n',
            "dates.formats",
        ),
        # a format without the year, month or day read every date as another (1900-01-05:
        # "no rule in force on 1900-01-05" on every row)
        *(
            (
                'name = "X"\n[columns]\nid="a"\nlevel="b"\nstart="c"\n[dates]\n'
                f'formats = ["{form}"]\n',
                f"dates.formats: '{form}' does not hold the {part}",
            )
            for form, part in (
                ("%d/%m", "year"),
                ("%H:%M", "year"),
                ("%Y-%m", "day"),
                ("%Y-%d", "month"),
            )
        ),
        # ... read as strptime reads them (a year of 1900, a January, a 1st), and the error of
        # a directive it does not know in the format's own words
        *(
            (
                'name = "X"\n[columns]\nid="a"\nlevel="b"\nstart="c"\n[dates]\n'
                f'formats = ["{form}"]\n',
                f"dates.formats: '{form}' {said}",
            )
            for form, said in (
                ("%d/%m", "does not hold the year (it reads 2025-01-31 as 1900-01-31)"),
                ("%m", "does not hold the year (it reads 2025-01-31 as 1900-01-01)"),
                ("%%Y %d", "does not hold the year (it reads 2025-01-31 as 1900-01-31)"),
            )
        ),
        (
            'name = "X"\n[columns]\nid="a"\nlevel="b"\nstart="c"\n[dates]\n'
            'formats = ["%EY-%m-%d"]\n',
            "dates.formats: '%EY-%m-%d': 'E' is a bad directive in format '%EY-%m-%d'",
        ),
        # two formats that read one text as two days: a file read day-first on some rows and
        # month-first on others, without a word
        (
            'name = "X"\n[columns]\nid="a"\nlevel="b"\nstart="c"\n[dates]\n'
            'formats = ["%d/%m/%Y", "%m/%d/%Y"]\n',
            "dates.formats: '%d/%m/%Y' and '%m/%d/%Y' read '04/03/2025' as two days "
            "(2025-03-04 and 2025-04-03)",
        ),
        (
            'name = "X"\n[columns]\nid="a"\nlevel="b"\nstart="c"\n[dates]\n'
            'formats = ["iso", "%Y-%d-%m"]\n',
            "dates.formats: 'iso' and '%Y-%d-%m' read '2025-03-04' as two days",
        ),
        # ... also when one of them has a time: its date part read month first
        (
            'name = "X"\n[columns]\nid="a"\nlevel="b"\nstart="c"\n[dates]\n'
            'formats = ["%d/%m/%Y", "%m/%d/%Y %H:%M"]\n',
            "dates.formats: '%d/%m/%Y' and '%m/%d/%Y %H:%M' read '04/03/2025' as two days",
        ),
        (  # (the time first: the date part is found wherever it stands)
            'name = "X"\n[columns]\nid="a"\nlevel="b"\nstart="c"\n[dates]\n'
            'formats = ["%H:%M %d/%m/%Y", "%m/%d/%Y"]\n',
            "dates.formats: '%m/%d/%Y' and '%H:%M %d/%m/%Y' read '03/04/2025' as two days",
        ),
        (
            'name = "X"\n[columns]\nid="a"\nlevel="b"\nstart="c"\n[dates]\n'
            'formats = ["%m/%d/%YT%H:%M", "%d/%m/%Y"]\n',
            "dates.formats: '%d/%m/%Y' and '%m/%d/%YT%H:%M' read '04/03/2025' as two days",
        ),
        # %Z and a literal Z: strptime keeps no zone, and 23:30 UTC was read as 23:30 in
        # Sweden, a day early
        *(
            (
                'name = "X"\n[columns]\nid="a"\nlevel="b"\nstart="c"\n[dates]\n'
                f'formats = ["{form}"]\n',
                f"dates.formats: '{form}': %Z and a zone written as text (Z, UTC, +00:00) lose "
                "the time zone",
            )
            for form in (
                "%Y-%m-%dT%H:%M:%SZ",
                "%Y-%m-%d %H:%M %Z",
                "%Y%m%dT%H%M%SZ",
                "%Y-%m-%dT%H:%M:%S+00:00",
                "%Y-%m-%d %H:%M UTC",
                "%d/%m/%Y %H:%M gmt",
            )
        ),
        # an empty level code as a level: a blank level cell would be a visit
        (
            'name = "X"\n[columns]\nid="a"\nlevel="b"\nstart="c"\n[levels]\n"" = "visit"\n',
            "levels: an empty code may only be out-of-scope (a blank cell is no level)",
        ),
        # two fields in one column: every case would be completed on its own day 0
        (
            'name = "X"\n[columns]\nid="a"\nlevel="b"\nstart="Remissdatum"\n'
            'completed = "remissdatum "\n',
            "columns.completed: the column 'remissdatum' is the start's",
        ),
        # a name that would reach the terminal, and the CSV's error column, raw
        (
            'name = "P\\u001b[31mX"\n[columns]\nid="a"\nlevel="b"\nstart="c"\n',
            "name: must be one line without control characters",
        ),
        (
            'name = "X"\ndescription = [1]\n[columns]\nid="a"\nlevel="b"\nstart="c"\n',
            "description: must be text, not list",
        ),
    ],
)
def test_a_profile_with_a_typo_is_a_one_line_error_naming_the_key(
    tmp_path: Path, text: str, fragment: str
) -> None:
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleSetError) as raised:
        load_profile(path)
    message = str(raised.value)
    assert fragment in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("form", "short"),
    [
        ("%Y%m%d", ["2025031", "202531", "2024111"]),
        ("%d%m%Y", ["1122025", "112025"]),
        ("%Y%m%d%H%M", ["202503011230", "2025031123"]),
    ],
)
def test_a_format_whose_numbers_touch_reads_them_in_full_width_only(
    form: str, short: list[str]
) -> None:
    """``2024111`` is 2024-11-01 or 2024-01-11: with nothing between the numbers, each is whole."""
    read = DayReader((form,))
    whole = date(2025, 3, 1)
    assert read(datetime(2025, 3, 1, 12, 30).strftime(form), "start") == whole
    for text in short:
        if len(text) == len(datetime(2025, 3, 1, 12, 30).strftime(form)):
            continue
        with pytest.raises(InvalidDateError, match=f"is not a date in the form {form}"):
            read(text, "start")
    # (a format with separators reads a number without its zero, as exports write it)
    assert DayReader(("%d/%m/%Y",))("1/3/2025", "start") == whole


@pytest.mark.parametrize(
    ("form", "text"),
    [
        ("%Y%m%d %H:%M", "20250301 9:05"),  # (the hour is ended by its colon)
        ("%Y%m%d %H:%M", "20250301  09:05"),  # (any run of blanks for a blank)
        ("%d%b%Y", "1Mar2025"),  # (a month name ends the day)
        ("%Y%m%dT%H%M", "20250301t0905"),  # (letters in any case)
        ("%Y%m%d%H%M%S.%f", "20250301090507.5"),
    ],
)
def test_only_numbers_that_touch_must_be_written_in_full(form: str, text: str) -> None:
    """The full-width rule is for a number running into the next; the rest reads as before."""
    assert DayReader((form,))(text, "start") == date(2025, 3, 1)


@pytest.mark.parametrize("engine", ["stream", "columnar"])
def test_an_exclusion_in_a_profiles_slashed_dates_is_read_whole(
    tmp_path: Path, engine: str
) -> None:
    """``pvv:02/04/2025..10/04/2025`` under ``%d/%m/%Y``: the ``/`` of an ISO interval
    (``2025-04-02/2025-04-10``) was taken between ``02`` and ``04/2025``: "'02' is not a date"."""
    profile = tmp_path / "p.toml"
    profile.write_text(
        'name = "P"\n[columns]\nid = "id"\nlevel = "level"\nstart = "start"\n'
        'exclusions = "excl"\n[dates]\nformats = ["%d/%m/%Y", "iso"]\n',
        encoding="utf-8",
    )
    export = (
        "id;level;start;excl\n"
        "A;besök;01/03/2025;pvv:02/04/2025..10/04/2025\n"
        "B;besök;01/03/2025;pvv:2025-04-02..2025-04-10\n"
        "C;besök;01/03/2025;pvv:2025-04-02/2025-04-10\n"
    )
    code, rows = _check_bytes(export.encode("utf-8"), tmp_path, "s.csv", "--profile",
                              str(profile), "--engine", engine)  # fmt: skip
    assert code == 0, rows
    assert [(row["deadline"], row["excluded_days"]) for row in rows] == [("2025-06-08", "9")] * 3


@pytest.mark.parametrize("form", ["%c", "%x", "%d/%m/%Y"])
def test_a_date_format_that_holds_the_year_in_the_locales_form_is_taken(form: str) -> None:
    # %c and %x hold the year (the locale's date and time, its date): read with strptime as
    # they are, not with a year of 1900 put before them
    columns = {"id": "id", "level": "level", "start": "start"}
    profile = profile_from_data({"name": "L", "columns": columns, "dates": {"formats": [form]}})
    assert profile.date_formats == (form,)


def test_a_blank_level_cell_may_be_mapped_out_of_scope() -> None:
    """Mapping the blank cell to out-of-scope is harmless (it was refused with the blank as a
    level); the row is then not covered, as before."""
    profile = profile_from_data(
        {
            "name": "L",
            "columns": {"id": "id", "level": "level", "start": "start"},
            "levels": {"nb": "visit", "": "out-of-scope"},
        }
    )
    rows = list(read_waiting_list(io.StringIO("id;level;start\nA;;2025-03-01\nB;nb;2025-03-01\n"),
                                  profile=profile))  # fmt: skip
    assert rows[0].case is None
    assert rows[1].case is not None


def test_a_profile_file_is_read_only_up_to_its_limit(tmp_path: Path) -> None:
    """A profile of endless bytes (``/dev/zero``, an export given by mistake) is refused at 1 MiB,
    not read whole first: one line, in bounded memory."""
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from vardgaranti._cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    export = tmp_path / "lista.csv"
    export.write_text("id;level;start\nA;visit;2025-03-01\n", encoding="utf-8")
    for option in (["--profile", "/dev/zero"],):
        done = subprocess.run(
            [sys.executable, "-c", script, "check", str(export), "--as-of", "2025-06-02",
             *option],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 2, done.stderr
        assert done.stderr == (
            "vardgaranti: error: --profile: /dev/zero: larger than 1048576 bytes (1 MiB), the "
            "limit for a profile, which is a few lines of TOML\n"
        )


def test_travel_rules_are_read_only_up_to_their_limit() -> None:
    script = (
        "import resource\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from vardgaranti import load_travel_rules\n"
        "from vardgaranti.errors import TravelRulesError\n"
        "try:\n"
        "    load_travel_rules('/dev/zero')\n"
        "except TravelRulesError as error:\n"
        "    print(error)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "larger than 1048576 bytes" in done.stdout


def test_a_date_with_an_offset_in_a_profiles_format_is_its_day_in_sweden(
    tmp_path: Path,
) -> None:
    # the same moment written with two offsets: one day, as an aware datetime is read by the API
    # (as_date: its date in Europe/Stockholm), and so one deadline
    profile = tmp_path / "tz.toml"
    profile.write_text(
        'name = "TZ"\n[columns]\nid = "id"\nlevel = "level"\nstart = "start"\n'
        '[dates]\nformats = ["%Y-%m-%dT%H:%M:%S%z", "iso"]\n',
        encoding="utf-8",
    )
    export = (
        "id;level;start\n"
        "1;visit;2025-12-31T23:30:00+00:00\n"
        "2;visit;2026-01-01T00:30:00+01:00\n"
        "3;visit;2025-12-31T22:59:59+00:00\n"
    )
    code, rows = _check_bytes(
        export.encode("utf-8"), tmp_path, "tz.csv", "--profile", str(profile), "--as-of",
        "2026-01-02",
    )  # fmt: skip
    assert code == 0
    assert [row["deadline"] for row in rows] == ["2026-04-01", "2026-04-01", "2026-03-31"]


def test_a_profile_given_as_data_is_validated_the_same_way() -> None:
    with pytest.raises(RuleSetError, match=r"columns\.id"):
        profile_from_data({"name": "X", "columns": {"level": "a", "start": "b"}})


# -- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2026-01-03",
        "2026-01-03T08:00",
        "2026-01-03T08:00:59",
        "2026-01-03 08:00:00",
        "20260103",
        "20260103080000",
    ],
)
def test_every_date_form_of_the_exports_reads_as_its_date(text: str) -> None:
    assert DayReader()(text, "start") == date(2026, 1, 3)


@pytest.mark.parametrize(
    "text", ["2026-13-03", "03/01/2026", "2026-01-03T25:00", "202601031", "2026-01-03Tx", "idag"]
)
def test_any_other_date_form_is_an_error_naming_the_column(text: str) -> None:
    with pytest.raises(ValueError, match=r"^BeslutAktivitet: "):
        DayReader()(text, "BeslutAktivitet")


def test_a_status_is_one_of_the_library_statuses_for_every_national_row(tmp_path: Path) -> None:
    _, rows = _check_bytes(nf.national_xml(), tmp_path, "s.xml")
    assert {row["status"] for row in rows} <= {status.value for status in Status}


def test_rows_planned_together_by_the_date_still_have_their_own_time_checked(
    tmp_path: Path,
) -> None:
    records = nf.contacts()[:1] * 3
    records = [dict(records[0], VardkontaktId=f"K{i}") for i in range(3)]
    records[0]["BeslutAktivitet"] = "2024-10-01T08:15:30"
    records[1]["BeslutAktivitet"] = "2024-10-01T25:15:30"  # the same day, an hour that is not
    records[2]["BeslutAktivitet"] = "2024-10-01T17:00:00"
    code, rows = _check_bytes(nf.national_csv(records).encode(), tmp_path, "t.csv")
    assert code == 1
    assert [bool(row["error"]) for row in rows] == [False, True, False]
    assert rows[1]["error"].startswith("BeslutAktivitet: ")
    assert rows[0]["deadline"] == rows[2]["deadline"] == "2024-12-30"


# -- costs of care elsewhere, when the file says who referred ------------------------------------


def test_check_adds_costs_covered_only_when_the_file_names_referrals_or_providers() -> None:
    header = "id;level;start;referred;provider\n"
    text = (
        header
        + "A;visit;2025-01-02;2025-04-20;Capio\n"  # referred by the region: it pays
        + "B;visit;2025-01-02;;Capio\n"  # the patient's own choice: no
        + "C;visit;2025-05-02;;\n"  # not elsewhere (yet)
        + "D;kontakt;2025-06-01;;\n"  # no right to care elsewhere at this level
    )
    output = io.StringIO(newline="")
    check_waiting_list(io.StringIO(text, newline=""), output, as_of=date(2025, 6, 2))
    rows = list(csv.DictReader(io.StringIO(output.getvalue()), delimiter=";"))
    assert [row["costs_covered"] for row in rows] == ["yes", "no", "", ""]
    assert list(rows[0])[-2:] == ["costs_covered", "error"]
    plain = io.StringIO(newline="")
    check_waiting_list(
        io.StringIO("id;level;start\nA;visit;2025-01-02\n", newline=""),
        plain,
        as_of=date(2025, 6, 2),
    )
    assert "costs_covered" not in plain.getvalue()


def test_a_bad_time_on_the_first_row_of_a_day_is_not_given_to_the_rows_after_it(
    tmp_path: Path,
) -> None:
    records = [dict(nf.contacts()[0], VardkontaktId=f"K{i}") for i in range(3)]
    records[0]["BeslutAktivitet"] = "2024-10-01T25:15:30"  # the first of the day is bad
    records[1]["BeslutAktivitet"] = "2024-10-01T08:15:30"
    records[2]["BeslutAktivitet"] = "2024-10-01T17:00:00"
    code, rows = _check_bytes(nf.national_csv(records).encode(), tmp_path, "first.csv")
    assert code == 1
    assert [bool(row["error"]) for row in rows] == [True, False, False]
    assert rows[1]["deadline"] == rows[2]["deadline"] == "2024-12-30"
    with assess_file(tmp_path / "first.csv", as_of=AS_OF) as opened:
        assert [row.error is None for row in opened.rows] == [False, True, True]


def test_an_excel_output_holds_the_deadline_as_a_date_and_the_days_as_numbers(
    tmp_path: Path,
) -> None:
    """Excel sorts and filters typed cells; each equals the CSV output's text, cell for cell."""
    from datetime import datetime

    from openpyxl import load_workbook

    workbook, text = tmp_path / "checked.xlsx", tmp_path / "checked.csv"
    assert main(["check", "--example", "-o", str(text)]) == 1
    assert main(["check", "--example", "-o", str(workbook), "--summary", "json"]) == 1
    book = load_workbook(workbook, read_only=True)
    rows = list(book["Resultat"].iter_rows(values_only=True))
    with text.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle, delimiter=";"))
    assert len(rows) == len(lines) == 301
    header = list(rows[0])
    assert header == lines[0]
    typed = {name: header.index(name) for name in ("deadline", "days_waited", "days_left")}
    seen = {"date": 0, "int": 0, "empty": 0}
    for row, line in zip(rows[1:], lines[1:], strict=True):
        for name, i in typed.items():
            value, written = row[i], line[i]
            if written == "":
                assert value is None
                seen["empty"] += 1
            elif name == "deadline":
                assert isinstance(value, datetime)
                assert value.date().isoformat() == written
                seen["date"] += 1
            else:
                assert type(value) is int
                assert str(value) == written
                seen["int"] += 1
        # the file's own days are dates where written as ISO dates (a guarantee unit's
        # walk-through: colleagues could not sort them), any other cell text as written
        for name in ("start", "completed", "booked"):
            value, written = row[header.index(name)], line[header.index(name)]
            if isinstance(value, datetime):
                assert value.date().isoformat() == written
                seen[f"{name} date"] = seen.get(f"{name} date", 0) + 1
            else:
                assert value == (written or None)
                if written:
                    seen["day as text"] = seen.get("day as text", 0) + 1
    assert all(seen.values()), seen
    assert {"start date", "completed date", "booked date", "day as text"} <= set(seen), seen
    summary = list(book["Sammanfattning"].iter_rows(values_only=True))
    assert all(type(cell) is int for cell in summary[1][2:-1])
    assert isinstance(summary[1][0], str)


def test_a_profile_key_with_a_terminal_escape_is_shown_escaped() -> None:
    # (the key went raw to the terminal: an ESC sequence could recolour or rewrite it)
    with pytest.raises(RuleSetError) as caught:
        profile_from_data({"name": "x", "a\x1b[31mRED": 1}, "p.toml")
    assert "\x1b" not in str(caught.value)
    assert "'a\\x1b[31mRED'" in str(caught.value)
    with pytest.raises(RuleSetError) as levels:
        profile_from_data(
            {"name": "x", "columns": {"id": "id", "level": "l", "start": "s"},
             "levels": {"b\x9bX": "nonsense"}},
            "p.toml",
        )  # fmt: skip
    assert "\x9b" not in str(levels.value)


@pytest.mark.parametrize("key", ["yes", "no"])
def test_a_blank_spelling_of_yes_or_no_is_refused(key: str) -> None:
    """An empty cell is neither (``read_yes_no`` gives ``None``): ``yes = [""]`` took the place
    of every real spelling, and each ``ja`` became a row error."""
    columns = {"id": "id", "level": "level", "start": "start", "listed": "listad"}
    word = "ja" if key == "yes" else "nej"
    with pytest.raises(RuleSetError) as caught:
        profile_from_data({"name": "x", "columns": columns, key: [word, " "]}, "p.toml")
    assert str(caught.value) == (
        f"p.toml: {key}: a spelling must not be blank (an empty cell is neither yes nor no)"
    )
    read = profile_from_data({"name": "x", "columns": columns, key: [word]}, "p.toml")
    assert read.read_yes_no(word.upper()) is (key == "yes")


def test_a_profile_description_is_one_line() -> None:
    columns = {"id": "id", "level": "level", "start": "start"}
    for text in ("a\nb", "a\u202eb"):
        with pytest.raises(RuleSetError, match="description: must be one line without control"):
            profile_from_data({"name": "x", "description": text, "columns": columns}, "p.toml")
    assert profile_from_data({"name": "x", "description": "Ja", "columns": columns}).name == "x"


def test_profile_codes_that_differ_only_in_case_must_mean_the_same() -> None:
    # Codes are read in any case: "ÅB" (a return visit, out of scope) and "åb" (a visit) were
    # one code, the last written silently winning (the return visit came out overdue, with
    # care elsewhere); "P" (PvV) and "p" (MoV) the same (every P read as MoV).
    columns = {"id": "id", "level": "level", "start": "start", "deviation": "avv"}
    with pytest.raises(RuleSetError) as caught:
        profile_from_data(
            {"name": "x", "columns": columns, "levels": {"ÅB": "out-of-scope", "åb": "visit"}},
            "p.toml",
        )
    assert str(caught.value) == (
        "p.toml: levels.åb: the same code as 'ÅB' (codes are read in any case), with another "
        "meaning"
    )
    with pytest.raises(RuleSetError, match=r"deviations\.p: the same code as 'P'"):
        profile_from_data(
            {"name": "x", "columns": columns, "deviations": {"P": "pvv", "p": "mov"}}, "p.toml"
        )
    # The same meaning twice is no clash.
    same = profile_from_data(
        {"name": "x", "columns": columns, "levels": {"NB": "visit", "nb": "besök"},
         "deviations": {"P": "pvv", " p ": "PvV"}},
        "p.toml",
    )  # fmt: skip
    assert same.levels == {"nb": Level.VISIT}
    assert same.deviations == {"p": "pvv"}


def test_a_file_without_its_header_does_not_put_its_first_patient_in_the_message(
    tmp_path: Path,
) -> None:
    # "columns found: 'P0000001', 'Ögonkliniken', 'besök', '2025-01-31', ..., 'remiss från VC'"
    # went to standard error, and so to cron mails and CI logs.
    from vardgaranti._waiting_list import example_waiting_list

    lines = example_waiting_list().read_text(encoding="utf-8-sig").splitlines(keepends=True)
    path = tmp_path / "utan_rubrik.csv"
    path.write_text("".join(lines[1:]), encoding="utf-8")
    first = lines[1].split(";")
    with pytest.raises(WaitingListError) as refused:
        check_waiting_list(path, io.StringIO(), as_of=date(2025, 6, 2))
    said = str(refused.value)
    assert "looks like a row of data (its cells not shown)" in said
    assert first[0] not in said
    assert first[3] not in said


@pytest.mark.parametrize(
    "patient", ["19121212-1212", "191212121212", "121212-1212", "1212121212", "19121212+1212",
                "ring 070 123 4567 efter 17"],
)  # fmt: skip
def test_a_first_line_with_a_personnummer_is_a_row_of_data_and_not_echoed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], patient: str
) -> None:
    # A privacy review: only a date marked a first line as a patient's row; one without a date
    # went to standard error whole ("columns found: '19121212-1212', ..., 'HIV-positiv'").
    from vardgaranti._cli import main

    path = tmp_path / "utan_rubrik.csv"
    path.write_text(f"{patient};Ortopedi;besök;HIV-positiv\n", encoding="utf-8")
    for command in ("check", "stats", "validate", "worklist", "report"):
        code = main([command, str(path), "--as-of", "2025-06-02", "-o", str(tmp_path / "x")])
        err = capsys.readouterr().err
        assert code == 2
        assert "looks like a row of data" in err or "ser ut som en rad med data" in err, err
        assert "HIV" not in err
        assert patient not in err


def test_a_file_without_its_header_under_a_profile_does_not_suggest_a_patients_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "(did you mean 'P0000001'?)": the closest "column" was the first patient's id; the
    # sentence stood once per missing column, and half in English under --lang sv.
    from vardgaranti._cli import main
    from vardgaranti._waiting_list import example_waiting_list

    lines = example_waiting_list().read_text(encoding="utf-8-sig").splitlines(keepends=True)
    path = tmp_path / "utan_rubrik.csv"
    path.write_text("".join(lines[1:]), encoding="utf-8")
    first = lines[1].split(";")
    profile = tmp_path / "r2.toml"
    profile.write_text(
        f'name = "r2"\n[columns]\nid = "{first[0][:-1]}2"\nunit = "{first[1][:-2]}"\n'
        'level = "Typ"\nstart = "Remiss"\n',
        encoding="utf-8",
    )
    for lang, said in (
        ("en", "the first line holds a date or a number such as a personnummer, so it looks "
               "like a row of data (its cells not shown); does the file begin with its column "
               "names?; delimiter ';'\n"),
        ("sv", "första raden har ett datum eller ett nummer som ett personnummer och ser ut som "
               "en rad med data (dess celler visas inte); börjar filen med sina kolumnnamn?; "
               "avgränsare ';'\n"),
    ):  # fmt: skip
        code = main(["validate", str(path), "--profile", str(profile), "--as-of", "2025-06-02",
                     "--lang", lang])  # fmt: skip
        err = capsys.readouterr().err
        assert code == 2
        assert err.endswith(f"{profile}: {said}"), err
        assert first[0] not in err
        assert first[1] not in err
    code = main(["report", str(path), "--as-of", "2025-06-02", "-o", str(tmp_path / "r.html")])
    err = capsys.readouterr().err
    assert "(kolumner i filen: inga namngivna: första raden har ett datum" in err


@pytest.mark.parametrize("decomposed", ["profile", "cells"])
def test_a_code_in_decomposed_letters_is_the_same_code(decomposed: str) -> None:
    # A review: a [levels] key saved decomposed (NFD: "o" and a combining diaeresis, as some
    # editors save it) met "Nybesök" composed in the file: "unknown code 'Nybesök'; accepted:
    # nybesök, ..." - two spellings that look alike and read as one to a person.
    import unicodedata

    def nfd(text: str) -> str:
        return unicodedata.normalize("NFD", text)

    codes = {"Nybesök": "visit", "Återbesök": "out-of-scope"}
    if decomposed == "profile":
        codes = {nfd(code): level for code, level in codes.items()}
    profile = profile_from_data(
        {
            "name": "P",
            "columns": {"id": "id", "level": "Vårdtyp", "start": "start", "deviation": "avv"},
            "levels": codes,
            "deviations": {nfd("Medicinsk") if decomposed == "profile" else "Medicinsk": "mov"},
            "yes": [nfd("Jå") if decomposed == "profile" else "Jå"],
        },
        origin="p.toml",
    )
    cell = nfd if decomposed == "cells" else str
    assert profile.read_level(cell("Nybesök")) is Level.VISIT
    assert profile.read_level(cell("ÅTERBESÖK")).value == "out-of-scope"
    assert profile.read_deviation(cell("medicinsk")) == "mov"
    assert profile.read_yes_no(cell("jå")) is True
    with pytest.raises(UnknownLevelError, match="unknown code"):  # (another is still refused)
        profile.read_level(cell("Nybesöket"))
