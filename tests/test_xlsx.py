"""open_xlsx and write_xlsx: sheets read as text rows; written without formulas, streaming."""

from __future__ import annotations

import io
import re
import sys
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import openpyxl
import pytest

from tests.national_fixtures import expected_xlsx_rows, national_xlsx
from vardgaranti._xlsx import (
    EXCEL_MAX_TEXT,
    MAX_TEXT_BYTES,
    SheetRows,
    cell_text,
    open_xlsx,
    sheet_title,
    write_xlsx,
)
from vardgaranti.errors import WaitingListError

Table = tuple[str, Sequence[str], Sequence[Sequence[object]]]


def workbook_bytes(*rows: Sequence[Any], title: str = "Blad1") -> bytes:
    """A workbook made with openpyxl's ordinary (not write-only) mode, as Excel would save it."""
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = title
    for number, row in enumerate(rows, 1):
        for column, value in enumerate(row, 1):
            if value is not None:
                worksheet.cell(row=number, column=column, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def read(data: bytes, sheet: str | None = None) -> tuple[SheetRows, list[tuple[int, list[str]]]]:
    with open_xlsx(io.BytesIO(data), "lista.xlsx", sheet) as rows:
        return rows, list(rows.rows)


def open_error(data: bytes | Path, sheet: str | None = None, name: str = "lista.xlsx") -> str:
    with pytest.raises(WaitingListError) as caught:
        open_xlsx(io.BytesIO(data) if isinstance(data, bytes) else data, name, sheet)
    message = str(caught.value)
    assert "\n" not in message
    return message


def written(*tables: Table) -> bytes:
    out = io.BytesIO()
    write_xlsx(out, tables)
    return out.getvalue()


def sheet_xml(data: bytes, number: int = 1) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(f"xl/worksheets/sheet{number}.xml").decode()


# -- reading -----------------------------------------------------------------------------------


def test_a_national_export_reads_as_text_with_excel_dates_and_numbers() -> None:
    result, rows = read(national_xlsx())
    assert result.sheet == "Väntande"
    assert result.header[0] == "VardkontaktId"
    assert result.header[-1] == "DatatGallerFor"
    assert rows == expected_xlsx_rows()


def test_the_empty_row_between_records_is_kept_and_the_formatted_rows_after_are_not() -> None:
    _, rows = read(national_xlsx())
    numbers = [number for number, _ in rows]
    assert numbers == list(range(2, 2 + len(rows)))  # the sheet's row numbers, no gap
    assert rows[2][1] == [""] * len(rows[0][1])  # row 4: empty between records
    assert any(rows[-1][1])  # the last one is a record


def test_another_sheet_by_name_and_ignoring_case() -> None:
    for name in ("Genomförda", "GENOMFÖRDA"):
        result, rows = read(national_xlsx(), sheet=name)
        assert result.sheet == "Genomförda"
        assert result.header == ("VardkontaktId", "StartAktivitet")
        assert rows == [(2, ["VK1", "2025-03-04T09:00:00"])]


def test_a_sheet_is_found_by_its_name_in_either_unicode_form() -> None:
    """A review: a sheet saved as "Va\u0308ntelista" (macOS) was not found as "Väntelista",
    and the error listed a name that looks the same."""
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.title = "Om"
    decomposed = workbook.create_sheet("Va\u0308ntelista")
    decomposed.append(["id", "level", "start"])
    decomposed.append(["A", "visit", "2025-03-03"])
    out = io.BytesIO()
    workbook.save(out)
    for wanted in ("Väntelista", "VÄNTELISTA", "Va\u0308ntelista"):
        result, rows = read(out.getvalue(), sheet=wanted)
        assert result.sheet == "Va\u0308ntelista"
        assert rows == [(2, ["A", "visit", "2025-03-03"])]


def _hidden_first_sheet() -> bytes:
    workbook = openpyxl.Workbook()
    old = workbook.active
    assert old is not None
    old.title = "Gammal"
    old.append(["id", "level", "start"])
    old.append(["OLD", "besök", "2024-01-01"])
    new = workbook.create_sheet("Väntelista")
    new.append(["id", "level", "start"])
    new.append(["NEW", "besök", "2025-05-01"])
    old.sheet_state = "hidden"
    workbook.active = 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_first_visible_sheet_is_read_and_a_hidden_one_before_it_is_noted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The first sheet was read, hidden or not: a list the user cannot see in Excel, in silence.
    from vardgaranti._cli import main

    result, rows = read(_hidden_first_sheet())
    assert result.sheet == "Väntelista"
    assert rows == [(2, ["NEW", "besök", "2025-05-01"])]
    assert result.notes == (
        "lista.xlsx: the sheet 'Väntelista' was read, the first one shown in Excel; the hidden "
        "sheet 'Gammal' before it was not (give --sheet to read another)",
    )
    hidden, rows = read(_hidden_first_sheet(), sheet="Gammal")  # asked for by name: read
    assert (hidden.sheet, rows, hidden.notes) == (
        "Gammal",
        [(2, ["OLD", "besök", "2024-01-01"])],
        (),
    )
    path = tmp_path / "lista.xlsx"
    path.write_bytes(_hidden_first_sheet())
    out = tmp_path / "out.csv"
    assert main(["check", str(path), "--as-of", "2025-06-02", "-o", str(out)]) == 0
    assert "the hidden sheet 'Gammal' before it was not" in capsys.readouterr().err
    assert "NEW;besök;2025-05-01;" in out.read_text(encoding="utf-8-sig")


def test_a_wrong_sheet_name_lists_the_sheets() -> None:
    message = open_error(national_xlsx(), sheet="Mars")
    assert message == (
        "lista.xlsx: no sheet named 'Mars'; the sheets are: 'Väntande', 'Genomförda'"
    )


def test_a_chart_sheet_is_not_a_table() -> None:
    from openpyxl.chart import BarChart, Reference

    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.append([1])
    chart = BarChart()
    chart.add_data(Reference(worksheet, min_col=1, min_row=1, max_row=1))
    workbook.create_chartsheet("Diagram").add_chart(chart)
    out = io.BytesIO()
    workbook.save(out)
    assert "'Diagram' is a chart, not a table" in open_error(out.getvalue(), sheet="Diagram")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("", ""),
        ("  Ögon  ", "  Ögon  "),
        (True, "true"),
        (False, "false"),
        (42, "42"),
        (-7, "-7"),
        (12.0, "12"),
        (-0.0, "0"),
        (0.1, "0.1"),
        (2.5, "2.5"),
        (1e20, "1e+20"),
        (date(2025, 3, 1), "2025-03-01"),
        (datetime(2025, 3, 1), "2025-03-01"),
        (datetime(2025, 3, 1, 8, 30), "2025-03-01T08:30:00"),
        (datetime(2025, 3, 1, 8, 29, 59, 999_000), "2025-03-01T08:30:00"),
        # half a second rounds up, as Excel shows it; less rounds down (a review: the edge)
        (datetime(2025, 3, 1, 8, 29, 59, 500_000), "2025-03-01T08:30:00"),
        (datetime(2025, 3, 1, 8, 29, 59, 499_999), "2025-03-01T08:29:59"),
        # never rounded across midnight: the date is the moment's own (as a CSV's date part)
        (datetime(2025, 3, 1, 23, 59, 59, 600_000), "2025-03-01T23:59:59"),
        (time(8, 5, 9), "08:05:09"),
        (time(23, 59, 59, 700_000), "23:59:59"),
        (timedelta(hours=26, minutes=3), "26:03:00"),
        (timedelta(hours=-1), "-01:00:00"),
        ("#N/A", "#N/A"),
    ],
)
def test_cell_values_become_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_cells_read_from_a_workbook_become_text() -> None:
    data = workbook_bytes(
        ["id", "flag", "n", "x", "when", "day", "at"],
        ["A", True, 3, 0.25, datetime(2025, 1, 2, 10, 0), datetime(2025, 1, 2), time(7, 45)],
    )
    assert read(data)[1] == [
        (2, ["A", "true", "3", "0.25", "2025-01-02T10:00:00", "2025-01-02", "07:45:00"])
    ]


def test_short_rows_are_padded_and_long_rows_keep_their_extra_cells() -> None:
    data = workbook_bytes(
        ["a", "b", "c"],
        ["1"],
        ["1", "2", "3", "extra", None, "more"],
        ["1", "2", "3", None, None],
    )
    assert read(data)[1] == [
        (2, ["1", "", ""]),
        (3, ["1", "2", "3", "extra", "", "more"]),
        (4, ["1", "2", "3"]),
    ]


def test_the_header_is_the_first_row_with_text_without_trailing_empty_cells() -> None:
    data = workbook_bytes([], [None, None], ["id", None, "start", None, None], ["A", "x", "y"])
    result, rows = read(data)
    assert result.header == ("id", "", "start")
    assert rows == [(4, ["A", "x", "y"])]


def test_a_row_of_blanks_only_before_the_header_is_passed_over_as_in_a_csv_file() -> None:
    # A cell holding "  " above the header was taken for the header ("columns found: '  '")
    data = workbook_bytes(["  "], [None, "\t", " "], ["id", "start"], ["A", "x"])
    result, rows = read(data)
    assert result.header == ("id", "start")
    assert rows == [(4, ["A", "x"])]


def test_empty_rows_between_records_are_records_and_empty_rows_at_the_end_are_not() -> None:
    data = workbook_bytes(["id"], ["A"], [], [None], ["B"], [], [None])
    assert read(data)[1] == [(2, ["A"]), (3, [""]), (4, [""]), (5, ["B"])]


def test_a_row_of_blanks_at_the_end_is_a_record_as_a_csv_line_of_blanks_is() -> None:
    # A review asked for a trailing row whose one cell is a space to be no row, as an empty
    # one is not. But a space is a value, a record a writer wrote (the property tests write
    # them), and a CSV line of blanks is a record too: the empty rows before it keep their
    # places, and the row is counted empty.
    data = workbook_bytes(["id", "note"], ["A", "x"], [], [" "])
    assert read(data)[1] == [(2, ["A", "x"]), (3, ["", ""]), (4, [" ", ""])]


def test_a_wrong_dimension_in_the_file_does_not_cut_rows() -> None:
    data = workbook_bytes(["id"], ["A"], ["B"], ["C"])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A2"', parts[sheet])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    assert [cells for _, cells in read(out.getvalue())[1]] == [["A"], ["B"], ["C"]]


def test_a_sheet_broken_half_way_gives_the_rows_before_then_one_line() -> None:
    data = workbook_bytes(["id"], ["A"], ["B"], ["C"], ["D"])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"<t>C</t>", b"<t>C</x>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    got: list[tuple[int, list[str]]] = []
    source = io.BytesIO(out.getvalue())
    with pytest.raises(WaitingListError) as caught, open_xlsx(source, "lista.xlsx") as result:
        got.extend(result.rows)  # the rows come first
    assert got == [(2, ["A"]), (3, ["B"])]
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("lista.xlsx: sheet 'Blad1': cannot read row 4 (")


def test_an_empty_sheet_is_refused() -> None:
    assert open_error(workbook_bytes()) == "lista.xlsx: sheet 'Blad1' is empty (no header row)"


@pytest.mark.parametrize(
    "data",
    [
        b"VardkontaktId;Fas\nA;1\n",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,  # an .xls (OLE) file
        b"",
    ],
)
def test_a_file_that_is_not_a_workbook_is_a_one_line_error(data: bytes) -> None:
    assert open_error(data).startswith("lista.xlsx: not a readable Excel workbook (")


def test_a_zip_that_is_not_a_workbook_is_a_one_line_error() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hej")
    assert open_error(out.getvalue()).startswith("lista.xlsx: not a readable Excel workbook (")


def test_an_opendocument_spreadsheet_is_named_as_such_with_what_to_save_it_as() -> None:
    # A review: LibreOffice's .ods said "There is no item named '[Content_Types].xml'".
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", "<office:document-content/>")
    assert open_error(out.getvalue()) == (
        "lista.xlsx: an OpenDocument spreadsheet (.ods), which this reader does not read: save "
        "it as an Excel workbook (.xlsx) or as CSV"
    )
    text = io.BytesIO()  # (a mend) a text document is not called a spreadsheet
    with zipfile.ZipFile(text, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
    assert open_error(text.getvalue()).startswith("lista.xlsx: not a readable Excel workbook (")


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet_of_rows(*rows: str, sheet: int = 1, before: str = "") -> bytes:
    """A workbook whose sheet *sheet* is made of *rows* (``<row>`` elements) as written here."""
    data = (
        workbook_bytes(["id"], ["A"])
        if sheet == 1
        else written(("A", ["id"], [["A"]]), ("B", ["id"], [["B"]]))
    )
    xml = f'<worksheet xmlns="{_MAIN}"><sheetData>{before}{"".join(rows)}</sheetData></worksheet>'
    return _replacing(data, f"xl/worksheets/sheet{sheet}.xml", xml.encode())


def _replacing(data: bytes, name: str, content: bytes) -> bytes:
    """*data* with its part *name* made *content* (the part's old entry left out)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.namelist():
            if item != name:
                target.writestr(item, source.read(item))
        target.writestr(name, content)
    return out.getvalue()


def _row(number: int | None, text: str) -> str:
    where = "" if number is None else f' r="{number}"'
    return f'<row{where}><c t="inlineStr"><is><t>{text}</t></is></c></row>'


def test_rows_out_of_order_are_refused_not_skipped() -> None:
    """openpyxl skips a row whose number is not after the last one's: no row is lost here."""
    rows = [_row(1, "id"), _row(2, "A2"), _row(None, "A3"), _row(5, "A5"), _row(4, "A4")]
    message = open_error(_sheet_of_rows(*rows))
    assert message == (
        "lista.xlsx: sheet 'Blad1': row 4 comes after row 5 in the file (rows out of order or "
        "repeated, which Excel does not write); open the workbook in Excel and save it again"
    )
    repeated = [_row(1, "id"), _row(2, "A2"), _row(2, "again")]
    assert "row 2 comes after row 2 in the file" in open_error(_sheet_of_rows(*repeated))


def _moved(data: bytes, old: str, new: str) -> bytes:
    """*data* with its part *old* stored as *new* (the content types and relationships too)."""
    out = io.BytesIO()
    short_old, short_new = old.removeprefix("xl/"), new.removeprefix("xl/")
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.namelist():
            content = source.read(item)
            if item in ("[Content_Types].xml", "xl/_rels/workbook.xml.rels"):
                content = content.replace(short_old.encode(), short_new.encode())
            target.writestr(new if item == old else item, content)
    return out.getvalue()


def test_rows_out_of_order_in_a_worksheet_stored_elsewhere_are_refused_not_skipped() -> None:
    # The parts are named by the workbook's content types, not by their folder: a sheet stored
    # as xl/sheets/lista.xml was neither scanned nor bounded, and a row out of order was lost
    # with exit 0.
    rows = [_row(1, "id"), _row(2, "A2"), _row(4, "A4"), _row(3, "A3")]
    data = _moved(_sheet_of_rows(*rows), "xl/worksheets/sheet1.xml", "xl/sheets/lista.xml")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "xl/sheets/lista.xml" in archive.namelist()
        assert "xl/worksheets/sheet1.xml" not in archive.namelist()
    assert open_error(data) == (
        "lista.xlsx: sheet 'Blad1': row 3 comes after row 4 in the file (rows out of order or "
        "repeated, which Excel does not write); open the workbook in Excel and save it again"
    )
    in_order = [_row(1, "id"), _row(2, "A2"), _row(3, "A3")]
    moved = _moved(_sheet_of_rows(*in_order), "xl/worksheets/sheet1.xml", "xl/sheets/lista.xml")
    assert [cells for _line, cells in read(moved)[1]] == [["A2"], ["A3"]]


def _cells(number: int, *cells: tuple[str | None, str]) -> str:
    """A row of inline-string cells, each at its reference (``None``: none written)."""
    written = "".join(
        f'<c{"" if ref is None else f" r={chr(34)}{ref}{chr(34)}"} t="inlineStr"><is><t>{text}'
        "</t></is></c>"
        for ref, text in cells
    )
    return f'<row r="{number}">{written}</row>'


def test_cells_out_of_order_in_a_row_are_refused_not_lost() -> None:
    # openpyxl's streaming reader keeps a row's cells up to the last one written: a completion
    # date written before the row's first cell was dropped, and the case judged overdue.
    header = _cells(1, ("A1", "id"), ("B1", "level"), ("C1", "start"), ("D1", "completed"))
    late = _cells(2, ("D2", "2025-04-01"), ("A2", "A1"), ("B2", "besök"), ("C2", "2025-01-03"))
    message = open_error(_sheet_of_rows(header, late))
    assert message == (
        "lista.xlsx: sheet 'Blad1': in row 2, cell A2 comes after a cell of column D (cells out "
        "of order or repeated, which Excel does not write; a cell would be lost); open the "
        "workbook in Excel and save it again"
    )
    twice = _cells(2, ("A2", "A1"), ("C2", "2025-01-03"), ("C2", "2025-02-03"))
    assert "in row 2, cell C2 comes after a cell of column C" in open_error(
        _sheet_of_rows(header, twice)
    )
    wide = _cells(2, ("Z2", "x"), ("AA2", "y"), ("ab2", "z"))  # Z < AA < AB, any case
    assert read(_sheet_of_rows(header, wide))[1][0][0] == 2
    # cells without references (placed after the one before) and in order are read as written
    bare = _cells(2, (None, "A1"), ("B2", "besök"), (None, "2025-01-03"), ("D2", "2025-04-01"))
    assert read(_sheet_of_rows(header, bare))[1] == [
        (2, ["A1", "besök", "2025-01-03", "2025-04-01"])
    ]


_DATED_HEADER: Final = _cells(1, ("A1", "id"), ("B1", "level"), ("C1", "start"))


def _date_cell_row(value: str) -> str:
    """Row 2 of a list whose start (C2) is a date cell (``t="d"``) holding *value*."""
    return (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>A1</t></is></c><c r="B2" t="inlineStr"><is>'
        f'<t>besök</t></is></c><c r="C2" t="d"><v>{value}</v></c></row>'
    )


@pytest.mark.parametrize("value", ["2025-03-03T00:30:00+02:00", "2025-03-03T23:30:00Z"])
def test_a_date_cell_with_a_time_zone_is_refused_not_read_as_swedish_time(value: str) -> None:
    # openpyxl reads a t="d" cell without its zone: 00:30+02:00 (2 March in Stockholm) was
    # read as 3 March, a deadline a day late.
    header, zoned = _DATED_HEADER, _date_cell_row(value)
    message = open_error(_sheet_of_rows(header, zoned))
    assert message.startswith(
        f"lista.xlsx: sheet 'Blad1': cell C2 holds a date with a time zone ({value!r})"
    )
    plain = zoned.replace(value, value[:19])  # without the zone: the date as written
    assert read(_sheet_of_rows(header, plain))[1] == [(2, ["A1", "besök", value[:19]])]


@pytest.mark.parametrize("value", ["2025-05-31 23:30:00-05:00", "2025-03-03 00:30:00+02:00"])
def test_a_date_cell_with_a_blank_before_its_time_and_a_zone_is_refused_too(value: str) -> None:
    # (other tools than Excel write t="d" cells so): 23:30-05:00 on 31 May is 1 June in Sweden,
    # and was read as 31 May, a day waited too few
    assert open_error(_sheet_of_rows(_DATED_HEADER, _date_cell_row(value))).startswith(
        f"lista.xlsx: sheet 'Blad1': cell C2 holds a date with a time zone ({value!r})"
    )


@pytest.mark.parametrize(
    "element",
    [
        '<v xml:space="preserve">2025-03-03T23:30:00Z</v>',
        "<v><![CDATA[2025-03-03T23:30:00Z]]></v>",
        "<v>2025-03-03T23:30:00&#90;</v>",
        "<v>2025-03-03T23:30:00&#x5A;</v>",
        "<v>2025-03-03T00:30:00&#43;02:00</v>",
        # (references in the time or the date too: the cheap search for a time missed them)
        "<v>2025-03-03T23&#58;30&#58;00Z</v>",
        "<v>2025-03-03T23&#x3A;30:00Z</v>",
        "<v>2025&#45;03-03T23:30:00Z</v>",
    ],
)
def test_a_date_cell_with_a_zone_written_another_way_is_refused_too(element: str) -> None:
    # openpyxl reads each as the plain <v>: the zone dropped, 23:30 UTC read as 23:30 in
    # Sweden (a day early); the check looked for exactly <v> and the zone's characters
    row = _date_cell_row("X").replace("<v>X</v>", element)
    message = open_error(_sheet_of_rows(_DATED_HEADER, row))
    assert message.startswith("lista.xlsx: sheet 'Blad1': cell C2 holds a date with a time zone")


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("2025-03-031", "is not a date the reader reads whole"),  # read as 3 March
        ("2025-03-30T22:30:00z", "is not a date the reader reads whole"),  # as Swedish time
        ("2025-03-30T22:30:00 UTC", "is not a date the reader reads whole"),
        ("3 mars 2025", "is not a date the reader reads whole"),
        ("2025-13-45", "is no date (month must be in 1..12)"),
    ],
)
def test_a_date_cell_whose_value_is_read_in_part_is_refused_naming_the_cell(
    value: str, said: str
) -> None:
    # A review: openpyxl reads a t="d" value as far as it is a date and drops the rest (a lower-
    # case z: 22:30 UTC read as Swedish time, a deadline a day early) without a word; a month 13
    # stopped the file with "cannot read row 2 (month must be in 1..12)", no cell named.
    message = open_error(_sheet_of_rows(_DATED_HEADER, _date_cell_row(value)))
    assert message.startswith(
        f"lista.xlsx: sheet 'Blad1': cell C2 holds a date cell whose value {value!r} {said}"
    )


@pytest.mark.parametrize(
    "value", ["2025-03-03", "2025-03-03T23:30:00", "2025-03-03 23:30:00.5", "2025-03-03Z"]
)
def test_a_date_cell_read_whole_is_read(value: str) -> None:
    # (its date as written; a time after a blank openpyxl leaves out, a day unchanged)
    ((line, (_id, _level, start)),) = read(_sheet_of_rows(_DATED_HEADER, _date_cell_row(value)))[1]
    assert (line, start[:10]) == (2, "2025-03-03")


_CUT_CELLS: Final = {
    "plain": '<c r="C3" t="d"><v>{v}</v></c>',
    "formula": '<c r="C3" t="d"><f>TODAY()</f><v>{v}</v></c>',
    "cdata": '<c r="C3" t="d"><v><![CDATA[{v}]]></v></c>',
}


@pytest.mark.parametrize("form", sorted(_CUT_CELLS))
@pytest.mark.parametrize("at", range(0, 60, 2))
def test_a_date_cell_read_in_part_is_found_where_a_chunk_cuts_it(form: str, at: int) -> None:
    # The sheet is looked at in chunks of 128 KiB: the chunk's end falls *at* bytes into the
    # cell C3 (its tag, a formula, a CDATA section, the value, its end), the rest of the cell
    # in the next chunk. (A review: a cut after the formula, in the CDATA or at "</v>" let
    # 2025-03-031 through.)
    head = f'<worksheet xmlns="{_MAIN}"><sheetData>' + _DATED_HEADER
    cell = _CUT_CELLS[form].format(v="2025-03-031")
    bad = '<row r="3"><c r="A3" t="inlineStr"><is><t>A3</t></is></c>' + cell + "</row>"
    before = (head + _cells(2, ("A2", "")) + bad).encode()
    start = before.index(b'<c r="C3"')
    pad = "x" * ((128 << 10) - start - at)
    rows = [_DATED_HEADER, _cells(2, ("A2", pad)), bad]
    assert "cell C3 holds a date cell whose value '2025-03-031'" in open_error(
        _sheet_of_rows(*rows)
    )


def test_cell_tags_without_their_end_are_looked_at_in_linear_time() -> None:
    # A review: 1,600 '<c t="d" ' without a '>' before 50,000 '<x ' took over 85 s to look at
    # (each search ran past the next '<' to the end of the chunk); and 6,400 '<c ' 13 s.
    row = '<row r="1">' + '<c t="d" ' * 6400 + "<x " * 50_000 + "/></row>"
    import time as clock

    started = clock.perf_counter()
    assert "not a readable Excel workbook" in open_error(_sheet_of_rows(row))
    assert clock.perf_counter() - started < 5


@pytest.mark.parametrize("index", ["-1", "2"])
def test_a_cell_referring_to_a_shared_string_the_workbook_lacks_is_refused(index: str) -> None:
    # A review: -1 read as the last shared string (another cell's text: a date not the
    # cell's); a number past the last was "list index out of range".
    rows = (_cells(1, ("A1", "id")), f'<row r="2"><c r="A2" t="s"><v>{index}</v></c></row>')
    with pytest.raises(WaitingListError) as caught:
        read(_sheet_of_rows(*rows))
    assert str(caught.value).endswith(
        f"cannot read row 2 (a cell refers to shared string {index}, and the workbook has none)"
    )


def test_a_date_cell_whose_serial_is_past_9999_is_its_number_not_an_error_value() -> None:
    # A review: the cell held 3000000 formatted as a date (Excel shows ####); the row's error
    # said "start: '#VALUE!' is not a date", a text the cell never held.
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "level", "note", "start"])
    sheet.append(["A", "visit", "x", 3000000])
    sheet.append(["B", "visit", "y", 45719])
    sheet["D2"].number_format = sheet["D3"].number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    assert read(out.getvalue())[1] == [
        (2, ["A", "visit", "x", "3000000"]),
        (3, ["B", "visit", "y", "2025-03-03"]),
    ]


def test_a_worksheet_that_unpacks_to_far_more_than_an_export_is_refused_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A review: a 2 MB workbook whose sheet unpacks to 1 GB of empty cells was read for about
    # ten minutes (memory flat); the limit of 64 MiB spared the worksheets. (The limit is
    # lowered here, so that the sheet of the test is small.)
    import vardgaranti._xlsx as xlsx

    monkeypatch.setattr(xlsx, "MAX_PART_BYTES", 1 << 20)
    empty = "<c/>" * 250
    rows = [_cells(1, ("A1", "id")), *(f"<row>{empty}</row>" for _ in range(1500))]
    data = _deflated(_sheet_of_rows(*rows))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        part = archive.getinfo("xl/worksheets/sheet1.xml")
    assert part.file_size > 100 * part.compress_size
    assert "more than 100 times its" in open_error(data)
    # an export's sheet, 10 to 20 times its compressed size, of the same size: read
    rows = [
        _cells(1, ("A1", "id")),
        *(_cells(n, (f"A{n}", f"P{n * 7919 % 10**7:07d}")) for n in range(2, 20_000)),
    ]
    data = _deflated(_sheet_of_rows(*rows))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        part = archive.getinfo("xl/worksheets/sheet1.xml")
    assert part.file_size > 1 << 20
    assert len(read(data)[1]) == 19_998


def test_rich_text_shared_strings_are_read_however_well_they_compress() -> None:
    """Rich text, each run with its formatting, is a table of distinct strings that unpacks to
    over 100 times its compressed size (a review): the shared strings are bounded by their size
    only, not by a ratio that would refuse such an export."""
    run = (
        b'<r><rPr><b/><sz val="11"/><color theme="1"/><rFont val="Calibri"/><family val="2"/>'
        b'<scheme val="minor"/></rPr><t xml:space="preserve">%s</t></r>'
    )
    strings = b"".join(
        b"<si>" + run % (b"%d " % n) + b"".join(run % b"ok" for _ in range(5)) + b"</si>"
        for n in range(8_000)
    )
    data = _deflated(_with_shared_strings(b"A</t></si>" + strings + b"<si><t>B"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        part = archive.getinfo("xl/sharedStrings.xml")
    assert part.file_size > 100 * part.compress_size
    assert read(data)[1] == [(2, ["A"])]


def _deflated(data: bytes) -> bytes:
    """*data* with its parts deflated, as Excel saves them (:func:`_replacing` stores them)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.namelist():
            target.writestr(item, source.read(item))
    return out.getvalue()


def test_cells_out_of_order_far_into_a_large_sheet_are_found_across_chunks() -> None:
    rows = [_cells(1, ("A1", "id"), ("B1", "x"))]
    rows += [_cells(n, (f"A{n}", f"P{n:07d}"), (f"B{n}", "y")) for n in range(2, 20_001)]
    rows[15_000] = _cells(15_001, ("B15001", "y"), ("A15001", "P"))
    assert "in row 15001, cell A15001 comes after a cell of column B" in open_error(
        _sheet_of_rows(*rows)
    )


def test_rows_without_numbers_and_with_gaps_are_read_in_place() -> None:
    rows = [_row(None, "id"), _row(None, "A2"), _row(4, "A4"), _row(None, "A5"), _row(6.0, "A6")]  # type: ignore[arg-type]
    assert read(_sheet_of_rows(*rows))[1] == [
        (2, ["A2"]), (3, [""]), (4, ["A4"]), (5, ["A5"]), (6, ["A6"])
    ]  # fmt: skip


def test_rows_out_of_order_far_into_a_large_sheet_are_found_across_chunks() -> None:
    rows = [_row(number, f"P{number:07d}") for number in range(1, 20_001)]
    rows.insert(15_000, _row(14_000, "again"))  # well past the first chunk that is read
    data = _sheet_of_rows(*rows)
    assert "row 14000 comes after row 15000" in open_error(data)
    del rows[15_000]
    assert len(read(_sheet_of_rows(*rows))[1]) == 19_999


def test_rows_out_of_order_in_a_sheet_not_read_do_not_stop_the_one_read() -> None:
    data = _sheet_of_rows(_row(1, "id"), _row(3, "B3"), _row(2, "B2"), sheet=2)
    with open_xlsx(io.BytesIO(data), "lista.xlsx", "A") as rows:
        assert list(rows.rows) == [(2, ["A"])]
    assert "row 2 comes after row 3" in open_error(data, sheet="B")


@pytest.mark.parametrize(
    "where",
    ["blanks between tags", "one inline cell", "one shared string"],
)
def test_text_longer_than_any_cell_is_refused_before_it_is_held(where: str) -> None:
    """A few kilobytes of zip can hold a gigabyte of blanks or one huge cell: refused, bounded."""
    huge = 5_000_000  # compressed, a few kilobytes
    if where == "blanks between tags":
        data = _sheet_of_rows(_row(1, "id"), _row(2, "A"), before=" " * huge)
        part = "the worksheet 'xl/worksheets/sheet1.xml'"
    elif where == "one inline cell":
        data = _sheet_of_rows(_row(1, "id"), _row(2, "x" * huge))
        part = "the worksheet 'xl/worksheets/sheet1.xml'"
    else:
        strings = f'<sst xmlns="{_MAIN}"><si><t>{"x" * huge}</t></si></sst>'.encode()
        data = _replacing(workbook_bytes(["id"], ["A"]), "xl/sharedStrings.xml", strings)
        part = "the shared strings"
    tracemalloc.start()
    try:
        message = open_error(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message == (
        f"lista.xlsx: {part} holds a text of more than {MAX_TEXT_BYTES} bytes (Excel's cells "
        "hold at most 32767 characters): not a workbook this reader accepts"
    )
    assert peak < 1_500_000  # the text is never held whole


@pytest.mark.parametrize(
    ("written", "text"),
    [("_x0001_", "\x01"), ("&#12345;", "\u3039"), ("&quot;", '"')],
    ids=["control-7-bytes", "reference-8-bytes", "entity-6-bytes"],
)
def test_the_longest_cell_excel_writes_is_read(written: str, text: str) -> None:
    """32,767 characters written in their longest XML forms: the longest text a cell holds."""
    cell = written * EXCEL_MAX_TEXT
    assert len(cell) <= MAX_TEXT_BYTES  # (its bytes: the forms are ASCII)
    data = _sheet_of_rows(_row(1, "id"), _row(2, cell))
    assert read(data)[1] == [(2, [text * EXCEL_MAX_TEXT])]


def test_long_stretches_of_text_are_scanned_in_linear_time() -> None:
    """Stretches just under the limit, crossing the chunks read: no search restarts inside one."""
    import time as clock

    cells = [_row(number, "a" * 150_000) for number in range(1, 41)]
    data = _sheet_of_rows(*cells)
    started = clock.perf_counter()
    assert len(read(data)[1]) == 39
    assert clock.perf_counter() - started < 10  # (a quadratic search took minutes)


def test_a_damaged_compressed_sheet_is_a_one_line_error_not_an_internal_one() -> None:
    data = bytearray(workbook_bytes(["id"], *([f"P{n:05d}"] for n in range(2_000))))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 100
    for offset in range(start, start + 60):  # garble the compressed stream, not the directory
        data[offset] ^= 0x5A
    message = open_error(bytes(data))
    assert message.startswith("lista.xlsx: not a readable Excel workbook (")


@pytest.mark.parametrize(
    ("number", "said"),
    [("abc", "'abc'"), ("4.5", "'4.5'"), ("0", "'0'"), ("2000000", "'2000000'")],
)
def test_a_row_number_that_is_not_one_of_excels_rows_is_named(number: str, said: str) -> None:
    rows = [
        _row(1, "id"),
        _row(2, "A2"),
        f'<row r="{number}"><c t="inlineStr"><is><t>x</t></is></c></row>',
    ]
    assert open_error(_sheet_of_rows(*rows)) == (
        f"lista.xlsx: sheet 'Blad1': the row number {said} after row 2 is not one of Excel's rows "
        "(1 to 1048576); open the workbook in Excel and save it again"
    )


def _with_shared_strings(text: bytes) -> bytes:
    """A workbook of a header ``id`` and one cell *text* (as written), both shared strings."""
    data = workbook_bytes(["id"], ["A"])
    cells = "".join(f'<row r="{n}"><c r="A{n}" t="s"><v>{n - 1}</v></c></row>' for n in (1, 2))
    sheet = f'<worksheet xmlns="{_MAIN}"><sheetData>{cells}</sheetData></worksheet>'
    strings = f'<sst xmlns="{_MAIN}"><si><t>id</t></si><si><t>'.encode() + text + b"</t></si></sst>"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml")
        links = archive.read("xl/_rels/workbook.xml.rels")
    types = types.replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    links = links.replace(
        b"</Relationships>",
        b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        b"</Relationships>",
    )
    data = _replacing(data, "xl/worksheets/sheet1.xml", sheet.encode())
    data = _replacing(data, "[Content_Types].xml", types)
    data = _replacing(data, "xl/_rels/workbook.xml.rels", links)
    return _replacing(data, "xl/sharedStrings.xml", strings)


def test_a_shared_string_excel_escaped_reads_as_typed() -> None:
    """Excel writes a typed _x0041_ as _x005F_x0041_ (openpyxl strips x005F_), a CR as _x000D_."""
    data = _with_shared_strings(b"typed _x005F_x0041_, line_x000D_end")
    assert read(data)[1] == [(2, ["typed _x0041_, line\rend"])]


def test_a_shared_string_holding_x005f_as_text_reads_as_written() -> None:
    """openpyxl removed every x005F_ from the shared strings: the id H-x005F_1 read as H-1.

    (Excel stores that text as it is: only an _ that begins an _xHHHH_ form is escaped.) A typed
    _x000D_, stored _x005F_x000D_, read as a carriage return; a typed _x005F_ as _.
    """
    assert read(_with_shared_strings(b"H-x005F_1"))[1] == [(2, ["H-x005F_1"])]
    assert read(_with_shared_strings(b"ring _x005F_x000D_ fore"))[1] == [(2, ["ring _x000D_ fore"])]
    assert read(_with_shared_strings(b"_x005F_x005F_"))[1] == [(2, ["_x005F_"])]


def test_a_cell_without_its_reference_before_one_of_its_column_is_refused_not_lost() -> None:
    """openpyxl puts a cell without r in the column after the one before: B2 then took its place.

    Row 2: A2, a cell without r (column B by its place), then B2; the second was read, the first
    lost without a word.
    """
    cell = '<c{r} t="inlineStr"><is><t>{text}</t></is></c>'
    row = "".join(
        (
            '<row r="2">',
            cell.format(r=' r="A2"', text="A"),
            cell.format(r="", text="besök"),
            cell.format(r=' r="B2"', text="behandling"),
            "</row>",
        )
    )
    header = (
        '<row r="1">'
        + cell.format(r=' r="A1"', text="id")
        + cell.format(r=' r="B1"', text="level")
        + "</row>"
    )
    assert open_error(_sheet_of_rows(header, row)) == (
        "lista.xlsx: sheet 'Blad1': in row 2, cell B2 comes after a cell of column B (cells out "
        "of order or repeated, which Excel does not write; a cell would be lost); open the "
        "workbook in Excel and save it again"
    )
    # ... and cells without r in their places are read there
    plain = '<row r="2">' + cell.format(r="", text="A") + cell.format(r="", text="besök") + "</row>"
    assert read(_sheet_of_rows(header, plain))[1] == [(2, ["A", "besök"])]


def test_an_escaped_surrogate_is_kept_as_written() -> None:
    """Alone it could not be written out (UTF-8 has no surrogates): the text stays as it was."""
    data = _sheet_of_rows(_row(1, "id"), _row(2, "x_xD800_y"))
    assert read(data)[1] == [(2, ["x_xD800_y"])]


def test_the_last_moment_a_cell_can_hold_is_read_without_overflow() -> None:
    assert cell_text(datetime(9999, 12, 31, 23, 59, 59, 900_000)) == "9999-12-31T23:59:59"


def test_a_date_and_time_just_before_midnight_keeps_its_date_end_to_end(tmp_path: Path) -> None:
    """A start at 23:59:59.7 is that day's, as a CSV reads it: never rounded into the next."""
    from vardgaranti import check_waiting_list

    data = workbook_bytes(
        ["id", "level", "start"], ["S1", "besök", datetime(2025, 3, 3, 23, 59, 59, 700_000)]
    )
    (tmp_path / "lista.xlsx").write_bytes(data)
    (tmp_path / "lista.csv").write_text("id;level;start\nS1;besök;2025-03-03T23:59:59.700\n")
    outputs = []
    for name in ("lista.xlsx", "lista.csv"):
        out = io.StringIO(newline="")
        check_waiting_list(tmp_path / name, out, as_of=date(2025, 6, 2))
        outputs.append(out.getvalue().splitlines()[1])
    assert outputs[0].split(";")[3:] == outputs[1].split(";")[3:]
    assert ";2025-06-01;overdue;" in outputs[0]


def _with_part(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.namelist():
            target.writestr(item, source.read(item))
        target.writestr(name, content)
    return out.getvalue()


def test_a_part_too_large_to_hold_is_refused_before_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("vardgaranti._xlsx.MAX_PART_BYTES", 5_000)
    message = open_error(workbook_bytes(["id"], ["A"]))
    assert message == (
        "lista.xlsx: the workbook's part 'xl/theme/theme1.xml' is 10140 bytes uncompressed, "
        "more than the 5000 this reader accepts"
    )


def test_the_shared_strings_have_their_own_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vardgaranti._xlsx.MAX_PART_BYTES", 100_000)
    monkeypatch.setattr("vardgaranti._xlsx.MAX_SHARED_STRINGS_BYTES", 200_000)
    strings = b"<sst>" + b"x" * 150_000 + b"</sst>"
    data = _with_part(workbook_bytes(["id"], ["A"]), "xl/sharedStrings.xml", strings)
    assert read(data)[1] == [(2, ["A"])]  # not listed in the manifest: openpyxl ignores it
    monkeypatch.setattr("vardgaranti._xlsx.MAX_SHARED_STRINGS_BYTES", 100_000)
    assert "'xl/sharedStrings.xml' is 150011 bytes" in open_error(data)


def test_a_billion_laughs_worksheet_is_a_one_line_error() -> None:
    # openpyxl uses defusedxml when it is installed (the excel extra brings it): the DTD is
    # refused at once. Without it expat's own limit stops the expansion only after 130 MB.
    assert openpyxl.DEFUSEDXML, "defusedxml is not installed (or OPENPYXL_DEFUSEDXML=False)"
    data = workbook_bytes(["id"], ["A"])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    hostile = f"<!DOCTYPE worksheet [{entities}]>".encode() + sheet.replace(
        b"<t>A</t>", b"<t>&a9;</t>"
    )
    assert b"&a9;" in hostile
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {item: archive.read(item) for item in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = hostile
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item, content in parts.items():
            archive.writestr(item, content)
    tracemalloc.start()
    try:
        message = open_error(out.getvalue())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # openpyxl reads the sheet's dimension while loading: the entities stop it there
    assert message.startswith("lista.xlsx: not a readable Excel workbook (")
    assert peak < 5_000_000


def test_a_path_with_any_extension_and_a_pipe_are_read(tmp_path: Path) -> None:
    path = tmp_path / "export.tmp"
    path.write_bytes(national_xlsx())
    with open_xlsx(path, str(path)) as result:
        assert list(result.rows) == expected_xlsx_rows()

    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self.data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def seekable(self) -> bool:
            return False

        def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
            chunk = self.data.read(min(len(buffer), 4096))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    with open_xlsx(io.BufferedReader(Pipe(national_xlsx())), "<stdin>") as result:
        assert list(result.rows) == expected_xlsx_rows()


def test_a_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    assert open_error(tmp_path / "saknas.xlsx", name="saknas.xlsx").startswith(
        "saknas.xlsx: cannot open"
    )


def test_without_openpyxl_reading_and_writing_say_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = national_xlsx()
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl raises ImportError
    with pytest.raises(WaitingListError) as caught:
        open_xlsx(io.BytesIO(data), "lista.xlsx")
    assert str(caught.value) == (
        "reading Excel files needs the 'excel' extra: pip install 'vardgaranti[excel]'"
    )
    with pytest.raises(WaitingListError) as caught:
        write_xlsx(io.BytesIO(), [("a", ["x"], [])])
    assert str(caught.value) == (
        "writing Excel files needs the 'excel' extra: pip install 'vardgaranti[excel]'"
    )


def test_without_defusedxml_a_workbook_is_not_read_unguarded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # openpyxl without defusedxml reads a workbook's DTD and expands its entities: refused,
    # naming the extra (writing needs no parser)
    data = national_xlsx()
    monkeypatch.setitem(sys.modules, "defusedxml", None)
    with pytest.raises(WaitingListError) as caught:
        open_xlsx(io.BytesIO(data), "lista.xlsx")
    assert str(caught.value) == (
        "reading Excel files needs the 'excel' extra: pip install 'vardgaranti[excel]' "
        "(defusedxml is missing)"
    )
    write_xlsx(io.BytesIO(), [("a", ["x"], [])])


# -- writing -----------------------------------------------------------------------------------


DANGEROUS = [
    "=1+2",
    '=HYPERLINK("http://x","klicka")',
    "=",
    "#N/A",
    "#DIV/0!",
    "+46701234567",
    "-3",
    "@SUM(A1)",
]


def test_text_is_never_written_as_a_formula_or_an_error_value() -> None:
    data = written(("Lista", ["text"], [[value] for value in DANGEROUS]))
    xml = sheet_xml(data)
    assert "<f>" not in xml
    assert "<f " not in xml
    assert 't="e"' not in xml
    assert xml.count('t="inlineStr"') == 1 + len(DANGEROUS)
    workbook = openpyxl.load_workbook(io.BytesIO(data))  # formulas, not cached values
    worksheet = workbook.active
    assert worksheet is not None
    cells = [row[0] for row in worksheet.iter_rows(min_row=2)]
    assert [(cell.value, cell.data_type) for cell in cells] == [(v, "s") for v in DANGEROUS]


def test_dates_are_excel_dates_and_numbers_are_numbers() -> None:
    rows = [[date(2025, 3, 1), datetime(2025, 3, 1, 8, 30), time(9, 15), 42, 2.5, True, None]]
    data = written(("Lista", ["d", "dt", "t", "i", "f", "b", "n"], rows))
    worksheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert worksheet is not None
    cells = next(iter(worksheet.iter_rows(min_row=2)))
    assert all(isinstance(cell, openpyxl.cell.Cell) for cell in cells)
    assert [cell.value for cell in cells[:6]] == [
        datetime(2025, 3, 1),
        datetime(2025, 3, 1, 8, 30),
        time(9, 15),
        42,
        2.5,
        True,
    ]
    day, moment = cells[0], cells[1]
    assert isinstance(day, openpyxl.cell.Cell)
    assert isinstance(moment, openpyxl.cell.Cell)
    assert day.is_date
    assert day.number_format == "yyyy-mm-dd"
    assert moment.is_date
    assert [cell.data_type for cell in cells[3:6]] == ["n", "n", "b"]
    assert read(data)[1] == [
        (2, ["2025-03-01", "2025-03-01T08:30:00", "09:15:00", "42", "2.5", "true", ""])
    ]


def test_a_decimal_is_a_number_shown_with_its_own_decimals() -> None:
    rows = [[Decimal("62.50"), Decimal("7"), Decimal("0.125"), Decimal("NaN"),
             Decimal("12345678901234567.89"), Decimal("0.1000000000000000055511151231257827"),
             Decimal("123456789012.345")]]  # fmt: skip
    data = written(("Lista", ["a", "b", "c", "d", "e", "f", "g"], rows))
    worksheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert worksheet is not None
    cells = next(iter(worksheet.iter_rows(min_row=2)))
    assert [cell.value for cell in cells] == [
        62.5, 7, 0.125, "NaN",
        "12345678901234567.89", "0.1000000000000000055511151231257827",  # (Excel would round)
        123456789012.345,
    ]  # fmt: skip
    assert [cell.number_format for cell in cells[:3]] == ["0.00", "0", "0.000"]


def test_values_excel_cannot_hold_exactly_are_written_as_text() -> None:
    rows = [[12345678901234567, float("nan"), date(1850, 1, 1), object.__new__(Decimalish)]]
    data = written(("Lista", ["big", "nan", "old", "other"], rows))
    assert read(data)[1] == [(2, ["12345678901234567", "nan", "1850-01-01", "decimalish"])]


class Decimalish:
    def __str__(self) -> str:
        return "decimalish"


def test_control_characters_are_written_as_excel_escapes() -> None:
    data = written(("Lista", ["x"], [["a\x01b\x1f"], ["tab\there\nnewline"], ["cr\r\nlf"]]))
    xml = sheet_xml(data)
    assert "a_x0001_b_x001F_" in xml
    assert "cr_x000D_" in xml  # (a carriage return as it is would be read back as a line feed)


@pytest.mark.parametrize(
    "text",
    [
        "a\x01b\x1f",
        "cr\r\nlf\rend",
        "tab\there\nnewline",
        "the text _x0041_ as typed",
        "_x005F_ and _x000D_ and _X0041_ and _x00_ and _x12345_",
        "\x00\x0b\x0c\ufffe",
    ],
)
def test_any_text_written_to_a_workbook_reads_back_as_itself(text: str) -> None:
    """ST_Xstring both ways: _xHHHH_ is a character, and an _ that begins one is _x005F_."""
    data = written(("Lista", ["x"], [[text]]))
    assert read(data)[1] == [(2, [text])]


def test_excels_escapes_are_read_as_the_characters_they_stand_for() -> None:
    """Excel writes a line end inside a cell as _x000D_ and a literal _x0041_ as _x005F_x0041_."""
    data = _sheet_of_rows(_row(1, "x"), _row(2, "line_x000D_\nend _x005F_x0041_"))
    assert read(data)[1] == [(2, ["line\r\nend _x0041_"])]


def test_a_text_longer_than_excel_allows_is_refused_naming_the_cell() -> None:
    out = io.BytesIO()
    with pytest.raises(WaitingListError) as caught:
        write_xlsx(out, [("Lista", ["a", "b"], [["ok", "x"], ["ok", "y" * (EXCEL_MAX_TEXT + 1)]])])
    assert str(caught.value) == (
        f"sheet 'Lista', cell B3: a text of {EXCEL_MAX_TEXT + 1} characters (as Excel counts "
        f"them), more than Excel's {EXCEL_MAX_TEXT} (no cell is cut: write a .csv file for this "
        "list)"
    )
    assert out.getvalue() == b""  # nothing half-written


def test_excels_text_limit_counts_a_character_beyond_the_bmp_as_two() -> None:
    # Excel's LEN("😀") is 2: 20,000 emoji are 40,000 of its characters, past its 32,767,
    # and were written.
    out = io.BytesIO()
    emoji = "\U0001f600" * (EXCEL_MAX_TEXT // 2 + 1)
    with pytest.raises(WaitingListError) as caught:
        write_xlsx(out, [("Lista", ["a"], [[emoji]])])
    assert f"a text of {2 * len(emoji)} characters (as Excel counts them)" in str(caught.value)
    fits = "\U0001f600" * (EXCEL_MAX_TEXT // 2) + "x"  # 32,767 in Excel's count
    write_xlsx(io.BytesIO(), [("Lista", ["a"], [[fits]])])


def test_a_sheet_whose_part_is_missing_is_refused_not_replaced_by_another() -> None:
    # openpyxl passes over a sheet whose part is not in the file: the hidden sheet before it
    # was read in its place, exit 0, without a note.
    data = written(("Dold", ["id"], [["H1"]]), ("Lista", ["id"], [["A"]]))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for rename in (None, "xl/worksheets/Sheet2.xml"):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name, content in parts.items():
                if name == "xl/worksheets/sheet2.xml":
                    if rename is None:
                        continue
                    name = rename
                archive.writestr(name, content)
        message = open_error(out.getvalue())
        assert (
            "sheet 'Lista' is declared, but its part xl/worksheets/sheet2.xml is not in" in message
        )
        assert ("the name in another case" in message) == (rename is not None)


def test_sheet_titles_follow_excels_rules() -> None:
    used: set[str] = set()
    titles = [
        sheet_title(title, used)
        for title in ("a/b\\c[d]e:f*g?h", "'citat'", "x" * 40, "X" * 40, "History", "", "")
    ]
    assert titles == [
        "a_b_c_d_e_f_g_h",
        "citat",
        "x" * 31,
        "X" * 27 + " (2)",
        "History_",
        "Sheet",
        "Sheet (2)",
    ]
    assert all(len(title) <= 31 for title in titles)


def test_every_table_becomes_a_sheet_with_a_valid_title() -> None:
    data = written(("Väntande 2025/03", ["id"], [["A"]]), ("väntande 2025_03", ["id"], [["B"]]))
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert workbook.sheetnames == ["Väntande 2025_03", "väntande 2025_03 (2)"]
    assert read(data, "väntande 2025_03 (2)")[1] == [(2, ["B"])]


def test_no_tables_give_one_empty_sheet() -> None:
    data = written()
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == ["Sheet1"]


def test_a_target_that_cannot_seek_gets_a_valid_workbook() -> None:
    class Sink(io.RawIOBase):
        def __init__(self) -> None:
            self.data = bytearray()

        def writable(self) -> bool:
            return True

        def seekable(self) -> bool:
            return False

        def write(self, chunk: bytes) -> int:  # type: ignore[override]
            self.data += chunk
            return len(chunk)

    sink = Sink()
    write_xlsx(sink, [("Lista", ["id"], [["A"], ["B"]])])  # type: ignore[arg-type]
    assert read(bytes(sink.data))[1] == [(2, ["A"]), (3, ["B"])]


def _rows(count: int) -> Iterator[list[object]]:
    for i in range(count):
        yield [f"VK{i:08d}", "Universitetssjukhuset Örebro", date(2025, 1, 1), i, "=x"]


def _peak(run: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_writing_streams_the_rows() -> None:
    def write(count: int) -> Callable[[], None]:
        def run() -> None:
            write_xlsx(io.BytesIO(), [("Lista", ["id", "name", "day", "n", "f"], _rows(count))])

        return run

    _peak(write(200))
    small = _peak(write(2_000))
    big = _peak(write(8_000))
    # The zip in the BytesIO target grows with the rows (about 14 bytes a row); the rest not.
    assert big < 1.5 * small + 8_000 * 30, (small, big)


def test_reading_streams_the_rows() -> None:
    def data(count: int) -> bytes:
        out = io.BytesIO()
        write_xlsx(out, [("Lista", ["id", "name", "day", "n", "f"], _rows(count))])
        return out.getvalue()

    files = {count: data(count) for count in (200, 2_000, 8_000)}

    def read_all(count: int) -> Callable[[], None]:
        def run() -> None:
            with open_xlsx(io.BytesIO(files[count]), "x") as result:
                assert sum(1 for _ in result.rows) == count

        return run

    _peak(read_all(200))
    small = _peak(read_all(2_000))
    big = _peak(read_all(8_000))
    # openpyxl's read-only parser keeps an emptied element per row read (about 80 bytes), so
    # memory grows that much, bounded by Excel's 1,048,576 rows; what this module adds, and
    # a row kept by mistake (about 400 bytes), would show.
    assert big - small < 6_000 * 200, (small, big)


@pytest.mark.parametrize("engine", ["stream", "columnar"])
@pytest.mark.parametrize("kind", ["csv", "xml"])
def test_a_sheet_asked_of_a_file_that_is_no_workbook_is_noted_not_ignored_in_silence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: str, kind: str
) -> None:
    # the user who meant another file (the workbook) gets a word; the file is read as it is
    from tests.national_fixtures import contacts, national_xml
    from vardgaranti._cli import main

    path = tmp_path / f"list.{kind}"
    if kind == "csv":
        path.write_text("id;unit;level;start\nA;U;besök;2025-05-01\n", encoding="utf-8")
    else:
        path.write_bytes(national_xml(contacts()))
    out = tmp_path / "out.csv"
    argv = ["check", str(path), "--sheet", "Maj", "--as-of", "2025-06-02", "-o", str(out)]
    if kind == "csv":
        argv += ["--engine", engine]
    assert main(argv) in (0, 1)
    what = "a CSV file" if kind == "csv" else "an XML delivery"
    note = (
        f"vardgaranti: {path}: the sheet 'Maj' was not looked for: this is {what}, not an "
        "Excel workbook (--sheet is for .xlsx files)"
    )
    assert capsys.readouterr().err.splitlines().count(note) == 1
    assert out.stat().st_size > 0


@pytest.mark.parametrize("engine", ["stream", "columnar"])
@pytest.mark.parametrize("tail", [b"\x00" * 512, b"x" * 512], ids=["with-nul", "without-nul"])
def test_an_old_xls_or_encrypted_workbook_says_what_it_is_and_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: str, tail: bytes
) -> None:
    """An OLE2 file (.xls, or an .xlsx with a password) is neither CSV text nor a zip."""
    from vardgaranti._cli import main

    path = tmp_path / "lista.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + tail)
    code = main(["check", str(path), "--as-of", "2025-06-02", "--engine", engine])
    assert code == 2
    err = capsys.readouterr().err
    assert err == (
        f"vardgaranti: error: {path}: an old Excel workbook (.xls) or a password-protected one, "
        "which this reader cannot open; save it in Excel as 'Excel Workbook (.xlsx)' or 'CSV "
        "UTF-8'\n"
    )


def test_a_date_cell_past_the_calendar_gives_the_rows_error_and_no_warning_of_openpyxl(
    tmp_path: Path,
) -> None:
    # openpyxl warned "Cell C2 is marked as a date but the serial value 99999999 is outside the
    # limits for dates", with its own file's path, on standard error.
    import warnings

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["id", "level", "start"])
    sheet.append(["A1", "besök", 99999999])
    sheet["C2"].number_format = "yyyy-mm-dd"
    path = tmp_path / "lista.xlsx"
    workbook.save(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rows = read(path.read_bytes())[1]
    assert [str(warning.message) for warning in caught] == []
    assert rows == [(2, ["A1", "besök", "99999999"])]  # its serial, as a number cell is read


def test_a_date_cell_is_read_as_its_day_with_a_profile_whose_format_reads_iso_otherwise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A profile reading %Y-%d-%m read a date cell of 4 March (written 2025-03-04) as 3 April,
    # without a word: the cell is now written in the profile's form, and read as 4 March.
    from vardgaranti._cli import main

    profile = tmp_path / "ydm.toml"
    profile.write_text(
        'name = "ydm"\n[columns]\nid = "id"\nlevel = "level"\nstart = "start"\n'
        '[dates]\nformats = ["%Y-%d-%m"]\n',
        encoding="utf-8",
    )
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "level", "start"])
    sheet.append(["A", "visit", date(2025, 3, 4)])
    sheet.append(["B", "visit", "2025-04-03"])  # the same day as text in the profile's form
    sheet.append(["C", "visit", datetime(2025, 3, 4, 23, 30)])
    path = tmp_path / "ydm.xlsx"
    book.save(path)
    assert main(["check", str(path), "--as-of", "2025-06-02", "--profile", str(profile)]) == 0
    lines = capsys.readouterr().out.lstrip("\ufeff").splitlines()
    assert [line.split(";")[2:4] for line in lines[1:]] == [["2025-04-03", "2025-06-02"]] * 3
    # without such a profile, a date cell is written as it always was
    assert main(["check", str(path), "--as-of", "2025-06-02"]) == 0
    lines = capsys.readouterr().out.lstrip("\ufeff").splitlines()
    assert [line.split(";")[2] for line in lines[1:]] == [
        "2025-03-04", "2025-04-03", "2025-03-04T23:30:00"
    ]  # fmt: skip


@pytest.mark.parametrize(
    "bomb",
    [
        '<row r="3">' + "<c><v>1</v></c>" * 100_000 + "</row>",  # cells without references
        "<x>" * 300_000 + "</x>" * 300_000,  # nested elements after the last row
        '<row r="3"><c r="A3"><v>1</v></c>' + "<x/>" * 300_000 + "</row>",  # in a row
    ],
    ids=["cells", "nested", "siblings"],
)
def test_a_row_of_more_elements_than_excel_writes_is_refused_before_it_is_held(
    bomb: str,
) -> None:
    # A worksheet of 12-34 KB compressed made openpyxl hold 300-500 MB (it keeps a row's
    # elements whole): refused, in one line, before openpyxl reads it.
    header = _cells(1, ("A1", "id"))
    data = _sheet_of_rows(header, _cells(2, ("A2", "P1")) + bomb)  # (stored, not deflated)
    message = open_error(data)
    assert message.startswith("lista.xlsx: the worksheet 'xl/worksheets/sheet1.xml': row ")
    assert f"holds more than {16 * 16_384} XML elements" in message
    # a row of Excel's widest, with inline strings, is read
    wide = "".join(f'<c t="inlineStr"><is><t>{n}</t></is></c>' for n in range(16_384))
    rows = read(_sheet_of_rows(header, f'<row r="2">{wide}</row>'))[1]
    assert rows[0][0] == 2


def test_a_strict_open_xml_workbook_says_how_to_save_it() -> None:
    # It said "the workbook has no worksheet" (openpyxl finds none in the strict namespaces).
    out = io.BytesIO()
    strict = {
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main":
            b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
            b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    }  # fmt: skip
    with (
        zipfile.ZipFile(io.BytesIO(workbook_bytes(["id", "level", "start"]))) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for item in source.namelist():
            content = source.read(item)
            for old, new in strict.items():
                content = content.replace(old, new)
            target.writestr(item, content)
    assert open_error(out.getvalue()) == (
        "lista.xlsx: a workbook saved as 'Strict Open XML Spreadsheet', which this reader does not "
        "read; save it in Excel as 'Excel Workbook (*.xlsx)'"
    )


def test_a_row_of_too_many_elements_after_rows_out_of_order_is_refused_too() -> None:
    # The scan stopped at the first row out of order: a bomb after it was read by openpyxl
    # (206 MB) while the workbook opened.
    header = _cells(1, ("A1", "id"))
    rows = _cells(3, ("A3", "P3")) + _cells(2, ("A2", "P2"))
    bomb = '<row r="9"><c r="A9"><v>1</v></c>' + "<x/>" * 300_000 + "</row>"
    message = open_error(_sheet_of_rows(header, rows + bomb))
    assert message.startswith("lista.xlsx: the worksheet 'xl/worksheets/sheet1.xml': row 9 ")
    assert "XML elements" in message


def test_a_worksheet_named_only_by_the_workbooks_relationships_is_checked_too() -> None:
    # openpyxl finds sheets by xl/_rels/workbook.xml.rels: a sheet stored elsewhere without its
    # content type (the package's Default applies) was neither scanned nor bounded.
    rows = [_row(1, "id"), _row(2, "A2"), _row(4, "A4"), _row(3, "A3")]
    data = _moved(_sheet_of_rows(*rows), "xl/worksheets/sheet1.xml", "xl/sheets/lista.xml")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.namelist():
            content = source.read(item)
            if item == "[Content_Types].xml":
                content = re.sub(rb'<Override PartName="/xl/sheets/lista.xml"[^>]*/>', b"", content)
                assert b"lista.xml" not in content
            target.writestr(item, content)
    assert "row 3 comes after row 4 in the file" in open_error(out.getvalue())


@pytest.mark.parametrize(
    ("argv", "title"),
    [
        (["check", "--example", "--as-of", "2025-06-02"], "vardgaranti check, as of 2025-06-02"),
        (["worklist", "--example", "--as-of", "2025-06-02"], "Worklist as of 2025-06-02"),
        (
            ["worklist", "--example", "--as-of", "2025-06-02", "--lang", "sv"],
            "Arbetslista per 2025-06-02",
        ),
        (
            ["worklist", "COSTS", "--as-of", "2025-06-02", "--costs"],
            "Care elsewhere: follow-up as of 2025-06-02",
        ),
        (["stats", "--example", "--as-of", "2025-05-31"], "Waiting times: census day 2025-05-31"),
    ],
)
def test_a_workbook_written_says_in_its_title_the_day_it_is_for(
    tmp_path: Path, argv: list[str], title: str
) -> None:
    # A worklist's days left are as of a day no cell said: opened next week, the workbook
    # did not tell which. Its document properties (Excel: File, Info) do.
    from vardgaranti._cli import main

    costs = tmp_path / "utfall.csv"
    costs.write_text(
        "id;unit;level;start;completed;referred;provider\n"
        "A1;Ortopedi;visit;2025-01-10;2025-05-02;2025-04-20;Capio\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.xlsx"
    argv = [str(costs) if word == "COSTS" else word for word in argv]
    assert main([*argv, "--output", str(out)]) in (0, 1)
    properties = openpyxl.load_workbook(out, read_only=True).properties
    assert (properties.title, properties.creator) == (title, "vardgaranti")


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200f", "\x1b", "\u2028"])
def test_a_sheet_title_carries_no_bidi_or_control_character(char: str) -> None:
    # A review: a unit named with U+202E (right-to-left override) became a worklist sheet's
    # name as it was, turning the tab's text around, where the text output shows it as "?".
    title = sheet_title(f"4 {char}Ortopedi visit", set())
    assert char not in title
    assert title == "4 _Ortopedi visit"


@pytest.mark.parametrize(
    ("argv", "day"),
    [
        (["check", "--example", "--as-of", "2025-06-02"], datetime(2025, 6, 2)),
        (["worklist", "--example", "--as-of", "2025-06-02"], datetime(2025, 6, 2)),
        (["stats", "--example", "--census", "2025-05-31"], datetime(2025, 5, 31)),
        (
            [
                "worklist",
                str(Path(__file__).parent / "golden" / "week" / "costs_input.csv"),
                "--as-of",
                "2025-06-02",
                "--costs",
            ],
            datetime(2025, 6, 2),
        ),
    ],
)
def test_a_workbook_is_the_same_bytes_whatever_the_clock_and_time_zone(
    tmp_path: Path, argv: list[str], day: datetime
) -> None:
    # An environment review: the same rows gave three different workbooks (openpyxl dated
    # the document properties now, zipfile each part now in the machine's time zone), where
    # CSV, JSON and HTML are the same bytes.
    import os
    import subprocess

    made = []
    for zone, delay in (("UTC", 0.0), ("Pacific/Kiritimati", 2.1)):  # (zip times: 2 s steps)
        __import__("time").sleep(delay)
        target = tmp_path / f"{zone.replace('/', '_')}.xlsx"
        done = subprocess.run(
            [sys.executable, "-m", "vardgaranti", *argv, "-o", str(target)],
            env={**os.environ, "TZ": zone}, capture_output=True, check=False, timeout=120,
        )  # fmt: skip
        assert done.returncode in (0, 1), done.stderr
        made.append(target.read_bytes())
    assert made[0] == made[1]
    book = openpyxl.load_workbook(io.BytesIO(made[0]))
    assert (book.properties.created, book.properties.modified) == (day, day)
    with zipfile.ZipFile(io.BytesIO(made[0])) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_workbooks_date_cells_come_back_as_dates_from_check(tmp_path: Path) -> None:
    # A guarantee unit's walk-through: an export's typed dates (a date, a date and time) came
    # back from `check -o x.xlsx` as text, which colleagues could not sort or filter.
    from vardgaranti._cli import main

    source = tmp_path / "export.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "unit", "level", "start", "booked", "note"])
    sheet.append(["00001", "Ögon", "visit", datetime(2025, 3, 3), date(2025, 6, 20), "2025-01-01"])
    sheet.append(["00002", "Ögon", "visit", datetime(2025, 3, 4, 9, 30), None, "x"])
    book.save(source)
    target = tmp_path / "checked.xlsx"
    assert main(["check", str(source), "--as-of", "2025-06-02", "-o", str(target)]) == 0
    rows = list(openpyxl.load_workbook(target)["Resultat"].iter_rows(values_only=True))
    header = rows[0]
    first, second = (dict(zip(header, row, strict=True)) for row in rows[1:])
    assert first["start"] == datetime(2025, 3, 3)
    assert first["booked"] == datetime(2025, 6, 20)
    assert second["start"] == datetime(2025, 3, 4, 9, 30)
    assert first["id"] == "00001"  # (text stays text: the leading zeros kept)
    assert first["note"] == "2025-01-01"  # (a column the profile does not read as a day)
