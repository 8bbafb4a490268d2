"""open_xlsx against workbooks written by hand (zipfile only), not by the library's own writer.

The round trip in test_format_properties.py writes with write_xlsx, so a mistake shared by the
writer and the reader cannot fail it. Here each workbook is built from generated cells by a
minimal writer of its own (ECMA-376 Part 1; ST_Xstring escapes as Excel writes them), stored in
the ways exporters store them: shared strings, inline strings, formula results (``t="str"``),
dates as serial numbers under a built-in or custom date format, in the 1900 or 1904 date system,
with blanks left out (gaps in the cell references), empty rows, rows and cells without ``r``,
and with or without a namespace prefix on every element. The rows expected are computed from
the generated cells alone, by what docs/reading-your-export.md promises: one row per data row,
in order, with its row number; an empty row between records kept; empty rows at the end not.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from xml.sax.saxutils import escape

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from vardgaranti._xlsx import open_xlsx
from vardgaranti.errors import WaitingListError

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"

#: What XML 1.0 cannot hold as it is (a CR would come back as a LF), and an ``_`` that begins an
#: ``_xHHHH_`` form in the text itself: Excel writes them ``_xHHHH_`` and ``_x005F_``.
_XSTRING_ESCAPE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]|_(?=[xX][0-9A-Fa-f]{4}_)"
)
#: The date formats of the styles sheet, by cell style index (``s``): 0 is General.
_STYLES = ((0, ""), (14, ""), (164, "yyyy-mm-dd"), (165, "[$-41D]d/m/yyyy;@"))
_DATE_STYLES = (1, 2, 3)
_EPOCH = {False: datetime(1899, 12, 30), True: datetime(1904, 1, 1)}


@dataclass(frozen=True)
class Text:
    value: str
    stored: str  # "shared", "inline" or "str" (a formula's cached text)


@dataclass(frozen=True)
class Moment:
    value: datetime
    style: int


@dataclass(frozen=True)
class Number:
    value: int


@dataclass(frozen=True)
class Flag:
    value: bool


Cell = Text | Moment | Number | Flag | None


@dataclass(frozen=True)
class Layout:
    date1904: bool
    prefix: str  # "" or "x:" on every element of every part
    header_at: int  # the header's row number (empty rows before it)
    gaps: tuple[int, ...]  # empty rows before each data row
    trailing: int  # empty (styled) rows after the last one
    row_refs: tuple[bool, ...]  # whether each data row has its r (only where no gap before)
    cell_refs: bool  # cells after a written cell without their r (never after a gap)


def _xstring(text: str) -> str:
    escaped = _XSTRING_ESCAPE.sub(lambda found: f"_x{ord(found[0]):04X}_", text)
    return escape(escaped)


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _serial(moment: datetime, date1904: bool) -> str:
    delta = moment - _EPOCH[date1904]
    return repr(delta.days + delta.seconds / 86400) if delta.seconds else str(delta.days)


def _cell_xml(cell: Cell, ref: str, p: str, date1904: bool, shared: list[str]) -> str:
    at = f' r="{ref}"' if ref else ""
    if cell is None:
        return ""
    if isinstance(cell, Text):
        text = _xstring(cell.value)
        if cell.stored == "shared":
            shared.append(f'<{p}t xml:space="preserve">{text}</{p}t>')
            return f'<{p}c{at} t="s"><{p}v>{len(shared) - 1}</{p}v></{p}c>'
        if cell.stored == "str":
            return f'<{p}c{at} t="str"><{p}f>T(&quot;x&quot;)</{p}f><{p}v>{text}</{p}v></{p}c>'
        return (
            f'<{p}c{at} t="inlineStr"><{p}is><{p}t xml:space="preserve">{text}</{p}t>'
            f"</{p}is></{p}c>"
        )
    if isinstance(cell, Moment):
        serial = _serial(cell.value, date1904)
        return f'<{p}c{at} s="{cell.style}"><{p}v>{serial}</{p}v></{p}c>'
    if isinstance(cell, Flag):
        return f'<{p}c{at} t="b"><{p}v>{int(cell.value)}</{p}v></{p}c>'
    return f"<{p}c{at}><{p}v>{cell.value}</{p}v></{p}c>"


def _row_xml(
    cells: list[Cell], number: int, with_r: bool, layout: Layout, shared: list[str]
) -> str:
    p = layout.prefix
    parts: list[str] = []
    written_before = False  # the cell just before this one was written
    for index, cell in enumerate(cells):
        ref = "" if (written_before and not layout.cell_refs) else f"{_column(index)}{number}"
        xml = _cell_xml(cell, ref, p, layout.date1904, shared)
        parts.append(xml)
        written_before = bool(xml)
    at = f' r="{number}"' if with_r else ""
    return f"<{p}row{at}>{''.join(parts)}</{p}row>"


def workbook(header: list[str], rows: list[list[Cell]], layout: Layout) -> bytes:
    """The workbook: one sheet, the header as inline strings, the rows as generated."""
    p = layout.prefix
    ns = f'xmlns:{p[:-1]}="{MAIN}"' if p else f'xmlns="{MAIN}"'
    shared: list[str] = []
    xml_rows = [
        _row_xml([Text(name, "inline") for name in header], layout.header_at, True, layout, [])
    ]
    number = layout.header_at
    for cells, gap, with_r in zip(rows, layout.gaps, layout.row_refs, strict=True):
        for _ in range(gap):  # an empty row: left out, or a row of styled empty cells
            number += 1
            if number % 2:
                xml_rows.append(f'<{p}row r="{number}"><{p}c r="A{number}" s="2"/></{p}row>')
        number += 1
        xml_rows.append(_row_xml(cells, number, with_r or gap > 0, layout, shared))
    for _ in range(layout.trailing):
        number += 1
        xml_rows.append(f'<{p}row r="{number}"><{p}c r="B{number}" s="1"/></{p}row>')
    formats = "".join(
        f'<{p}numFmt numFmtId="{fmt}" formatCode="{escape(code)}"/>'
        for fmt, code in _STYLES
        if code
    )
    xfs = "".join(
        f'<{p}xf numFmtId="{fmt}" fontId="0" fillId="0" borderId="0" xfId="0" '
        'applyNumberFormat="1"/>'
        for fmt, _ in _STYLES
    )
    parts = {
        "[Content_Types].xml": (
            f'<Types xmlns="{TYPES}"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}.worksheet+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{CT}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<{p}workbook {ns} xmlns:r="{REL}">'
            + (f'<{p}workbookPr date1904="1"/>' if layout.date1904 else "")
            + f'<{p}sheets><{p}sheet name="Väntelista \'1\'" sheetId="1" r:id="rId1"/>'
            f"</{p}sheets></{p}workbook>"
        ),
        "xl/styles.xml": (
            f"<{p}styleSheet {ns}><{p}numFmts>{formats}</{p}numFmts>"
            f"<{p}fonts><{p}font/></{p}fonts>"
            f'<{p}fills><{p}fill><{p}patternFill patternType="none"/></{p}fill></{p}fills>'
            f"<{p}borders><{p}border/></{p}borders>"
            f'<{p}cellStyleXfs><{p}xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            f"</{p}cellStyleXfs><{p}cellXfs>{xfs}</{p}cellXfs></{p}styleSheet>"
        ),
        "xl/worksheets/sheet1.xml": (
            f"<{p}worksheet {ns}><{p}sheetData>{''.join(xml_rows)}</{p}sheetData></{p}worksheet>"
        ),
        "xl/sharedStrings.xml": (
            f'<{p}sst {ns} count="{len(shared)}" uniqueCount="{len(shared)}">'
            + "".join(f"<{p}si>{item}</{p}si>" for item in shared)
            + f"</{p}sst>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + content)
    return out.getvalue()


def expected_text(cell: Cell) -> str:
    """What the docs promise for a cell, computed without the library."""
    if cell is None:
        return ""
    if isinstance(cell, Text):
        return cell.value
    if isinstance(cell, Moment):
        moment = cell.value
        return (
            moment.date().isoformat()
            if moment.time() == datetime.min.time()
            else (moment.isoformat(timespec="seconds"))
        )
    if isinstance(cell, Flag):
        return "true" if cell.value else "false"
    return str(cell.value)


# -- strategies --------------------------------------------------------------------------------

CHARACTERS = st.characters(exclude_categories=["Cs"])
SPECIAL = [
    "",
    " ",
    "Hudkliniken",
    "Vårdgaranti 'ÅÄÖ' \"x\"",
    "a;b,c\td\ne",
    "line\r\nend",
    "\x01\x0b\ufffe",
    "=1+1",
    "#N/A",
    "191212121212",
    "😀 ∆ 東京",
    "<&>]]>",
]
#: Texts that hold an ``_xHHHH_`` form as typed (written with ``_x005F_``), or ``x005F_``.
ESCAPES = ["_x000D_", "typed _x0041_ and _x005F_", "ref x005F_1", "_X000d_", "a_x0009_b"]
TEXTS = st.one_of(
    st.sampled_from(SPECIAL), st.sampled_from(ESCAPES), st.text(CHARACTERS, max_size=12)
)
STORED = st.sampled_from(["shared", "inline", "str"])
MOMENTS = st.builds(
    lambda day, seconds: datetime.combine(day, datetime.min.time()) + timedelta(seconds=seconds),
    st.dates(min_value=date(1904, 3, 1), max_value=date(2099, 12, 31)),
    st.one_of(st.just(0), st.integers(min_value=0, max_value=86399)),
)
CELLS: st.SearchStrategy[Cell] = st.one_of(
    st.builds(Text, TEXTS, STORED),
    st.builds(Text, TEXTS, STORED),
    st.builds(Moment, MOMENTS, st.sampled_from(_DATE_STYLES)),
    st.builds(Number, st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1)),
    st.builds(Flag, st.booleans()),
    st.none(),
    st.none(),
)
NAMES = st.text(CHARACTERS, min_size=1, max_size=8).filter(lambda name: name.strip() != "")


@st.composite
def sheets(draw: st.DrawFn) -> tuple[list[str], list[list[Cell]], Layout]:
    width = draw(st.integers(min_value=1, max_value=5))
    header = draw(st.lists(NAMES, min_size=width, max_size=width))
    # rows up to two cells longer than the header (kept up to their last non-empty cell)
    row = st.integers(min_value=0, max_value=width + 2).flatmap(
        lambda size: st.lists(CELLS, min_size=size, max_size=size)
    )
    rows = draw(st.lists(row, max_size=8))
    layout = Layout(
        date1904=draw(st.booleans()),
        prefix=draw(st.sampled_from(["", "x:"])),
        header_at=draw(st.integers(min_value=1, max_value=3)),
        gaps=tuple(draw(st.lists(st.integers(0, 2), min_size=len(rows), max_size=len(rows)))),
        trailing=draw(st.integers(min_value=0, max_value=2)),
        row_refs=tuple(draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows)))),
        cell_refs=draw(st.booleans()),
    )
    return header, rows, layout


def expected_rows(
    header: list[str], rows: list[list[Cell]], layout: Layout
) -> list[tuple[int, list[str]]]:
    width = len(header)
    records: list[tuple[int, list[str]]] = []
    number = layout.header_at
    for cells, gap in zip(rows, layout.gaps, strict=True):
        records.extend((number + skipped, [""] * width) for skipped in range(1, gap + 1))
        number += gap + 1
        texts = [expected_text(cell) for cell in cells]
        while len(texts) > width and not texts[-1]:
            texts.pop()  # cells past the header's end: kept up to the last non-empty one
        records.append((number, texts + [""] * (width - len(texts))))
    while records and not any(records[-1][1]):
        records.pop()  # empty rows at the end of a sheet are not records
    return records


# -- the property ------------------------------------------------------------------------------

_SHARED_ESCAPE = Layout(False, "", 1, (0,), 0, (True,), True)


@given(sheets())
@settings(max_examples=150, deadline=None)
@example((["id"], [[Text("typed _x000D_ in a cell", "shared")]], _SHARED_ESCAPE)).via(
    "a typed _x000D_ (written _x005F_x000D_) in a shared string stays as typed"
)
@example((["id"], [[Text("ref x005F_1", "shared")]], _SHARED_ESCAPE)).via(
    "a shared string holding x005F_ keeps it"
)
def test_a_hand_made_workbook_reads_as_its_cells_one_row_per_data_row_in_order(
    sheet: tuple[list[str], list[list[Cell]], Layout],
) -> None:
    header, rows, layout = sheet
    data = workbook(header, rows, layout)
    with open_xlsx(io.BytesIO(data), "hand-made.xlsx") as result:
        assert result.header == tuple(header)
        assert result.sheet == "Väntelista '1'"
        assert list(result.rows) == expected_rows(header, rows, layout)


# -- cells with and without their reference ----------------------------------------------------


@st.composite
def placed_cells(draw: st.DrawFn) -> list[tuple[int | None, str]]:
    """Cells of one row: ``(column written in r, or None, text)``, in the order written."""
    count = draw(st.integers(min_value=1, max_value=6))
    columns = st.one_of(st.none(), st.integers(min_value=0, max_value=5))
    return [(draw(columns), f"v{index}") for index in range(count)]


@given(placed_cells())
@settings(max_examples=150, deadline=None)
@example([(2, "v0"), (None, "v1"), (3, "v2")]).via("a cell without r, then its column again")
def test_a_cell_without_its_reference_is_read_in_its_place_or_refused_never_lost(
    cells: list[tuple[int | None, str]],
) -> None:
    """A cell without ``r`` is in the column after the cell before it (ECMA-376 18.3.1.4)."""
    placed: dict[int, str] = {}
    column = -1
    repeated = False
    for written, text in cells:
        column = column + 1 if written is None else written
        repeated = repeated or column in placed or column < max(placed, default=-1)
        placed[column] = text
    parts = []
    for written, text in cells:
        at = "" if written is None else f' r="{_column(written)}2"'
        parts.append(f'<c{at} t="inlineStr"><is><t>{text}</t></is></c>')
    header = [f"h{index}" for index in range(6)]
    layout = Layout(False, "", 1, (), 0, (), True)
    with zipfile.ZipFile(io.BytesIO(workbook(header, [], layout))) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    sheet_part = "xl/worksheets/sheet1.xml"
    contents[sheet_part] = contents[sheet_part].replace(
        b"</sheetData>", f'<row r="2">{"".join(parts)}</row></sheetData>'.encode()
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in contents.items():
            archive.writestr(name, content)
    if repeated:  # a cell written twice, or before one it follows: refused, naming it
        with pytest.raises(WaitingListError) as caught:
            list(open_xlsx(io.BytesIO(out.getvalue()), "hand-made.xlsx").rows)
        assert "\n" not in str(caught.value)
        return
    with open_xlsx(io.BytesIO(out.getvalue()), "hand-made.xlsx") as result:
        width = max(6, *(column + 1 for column in placed))  # (kept past the header's end)
        assert list(result.rows) == [(2, [placed.get(index, "") for index in range(width)])]
