"""The columnar engine of ``check``: the streaming engine's bytes, whatever the input.

Each test writes an input, checks it with both engines and compares the output byte for byte
and the summary; the inputs are the ones the per-row path exists for (quotes, carriage
returns, formulas, wrong cell counts, empty rows, encodings), and lists large enough to span
many blocks. The whole batch suite also runs against both engines (``check_engine`` in
``tests/conftest.py``); these tests are about what only the columnar engine has: blocks, the
handover to the per-row reader and back, the output written as bytes.
"""

from __future__ import annotations

import builtins
import csv
import importlib.util
import io
import os
import random
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any, Final, cast

import polars as pl
import pytest

import vardgaranti._columnar as columnar
from tests import national_fixtures as nf
from vardgaranti import NATIONAL, Policy, example_waiting_list
from vardgaranti._cli import main
from vardgaranti._columnar import BlockEvaluator, check_columnar
from vardgaranti._profiles import NATIVE, SKR
from vardgaranti._rows import RowEvaluator
from vardgaranti._waiting_list import CheckSummary, check_waiting_list
from vardgaranti.errors import WaitingListError

AS_OF: Final = date(2025, 6, 2)
ROOT: Final = Path(__file__).resolve().parents[1]
HEADER: Final = "id;level;start;completed;booked;exclusions;restart;listed;unit;note"

Source = str | Path | IO[str] | IO[bytes]


def _load(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR: Final = _load("generate_waiting_list")
STRESS: Final = _load("generate_exclusion_stress")


def _run(
    engine: str, source: Callable[[], Source], **options: Any
) -> tuple[str, dict[str, object]]:
    output = io.StringIO(newline="")
    summary: CheckSummary | None
    if engine == "stream":
        summary = check_waiting_list(source(), output, as_of=AS_OF, **options)
    else:
        options.setdefault("rules", NATIONAL)
        options.setdefault("policy", Policy())
        summary = check_columnar(source(), output, as_of=AS_OF, required=True, **options)
        assert summary is not None, "the columnar engine left this input to the stream engine"
    return output.getvalue(), summary.as_dict()


def _assert_same(source: Callable[[], Source], **options: Any) -> str:
    """Both engines write the same text and count the same; the text."""
    stream = _run("stream", source, **options)
    columns = _run("columnar", source, **options)
    assert columns[0] == stream[0]
    assert columns[1] == stream[1]
    return stream[0]


def _text(text: str) -> Callable[[], IO[str]]:
    return lambda: io.StringIO(text, newline="")


def _file(tmp_path: Path, data: bytes, name: str = "list.csv") -> Callable[[], str]:
    path = tmp_path / name
    path.write_bytes(data)
    return lambda: str(path)


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of a few lines, so that every boundary case crosses a block boundary."""
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 97)
    return


def _generated(rows: int, seed: int, bad: float = 0.0, delimiter: str = ";") -> str:
    rng = random.Random(seed)
    lines = [delimiter.join(GENERATOR.HEADER)]
    for index in range(rows):
        row = GENERATOR.make_row(index, rng, AS_OF)
        if bad and rng.random() < bad:
            row = GENERATOR.spoil(row, rng)
        lines.append(delimiter.join(_quoted(cell, delimiter) for cell in row))
    return "\r\n".join(lines) + "\r\n"


def _quoted(cell: str, delimiter: str) -> str:
    if delimiter in cell or '"' in cell or "\n" in cell or "\r" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


# -- the same bytes ------------------------------------------------------------------------------


def test_the_example_list_is_written_the_same() -> None:
    _assert_same(lambda: str(example_waiting_list()))


@pytest.mark.parametrize("bad", [0.0, 0.05, 0.5])
def test_generated_lists_with_mistakes_are_written_the_same_by_path(
    tmp_path: Path, bad: float
) -> None:
    text = _generated(3000, seed=7, bad=bad)
    _assert_same(_file(tmp_path, ("\ufeff" + text).encode()))


def test_exclusion_and_restart_edge_cases_are_written_the_same(tmp_path: Path) -> None:
    rng = random.Random(3)
    rows = [STRESS.make_row(index, rng, AS_OF) for index in range(3000)]
    lines = [";".join(STRESS.HEADER), *(";".join(_quoted(c, ";") for c in row) for row in rows)]
    _assert_same(_file(tmp_path, ("\r\n".join(lines) + "\r\n").encode()))


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("ending", ["\r\n", "\n"])
def test_delimiters_and_line_ends_are_kept(tmp_path: Path, delimiter: str, ending: str) -> None:
    text = _generated(400, seed=11, bad=0.1, delimiter=delimiter).replace("\r\n", ending)
    written = _assert_same(_file(tmp_path, text.encode()))
    assert written.count(delimiter) > 400


def test_many_small_blocks_give_the_same_bytes(tmp_path: Path, small_blocks: None) -> None:
    _assert_same(_file(tmp_path, _generated(300, seed=5, bad=0.2).encode()))


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param('A;visit;2025-03-01;;;;;;U;"two\nlines"\n', id="quoted-line-break"),
        pytest.param('A;visit;2025-03-01;;;;;;U;"two\r\nlines"\r\n', id="quoted-crlf"),
        pytest.param('A;visit;2025-03-01;;;;;;U;"never closed\n', id="unclosed-quote"),
        pytest.param('A;visit;2025-03-01;;;;;;U;he said "hi"\n', id="quote-inside"),
        pytest.param('A;visit;2025-03-01;;;;;;U;"a"b\n', id="text-after-quote"),
        pytest.param('A;visit;2025-03-01;;;;;;U;"x;y"\n', id="quoted-delimiter"),
        pytest.param('A;visit;2025-03-01;;;;;;U;"q""r"\n', id="doubled-quote"),
        pytest.param('"A";"visit";"2025-03-01";"";"";"";"";"";"U";""\n', id="all-quoted"),
        pytest.param("A;visit;2025-03-01;;;;;;U;x\rB;visit;2025-03-01;;;;;;U;y\n", id="lone-cr"),
        pytest.param("A;visit;2025-03-01;;;;;;U;x\r\r\n", id="cr-before-crlf"),
        pytest.param("A;visit;2025-03-01;;;;;;U;x\x00y\n", id="nul"),
        pytest.param("\ufeffA;visit;2025-03-01;;;;;;U;x\n", id="bom-in-a-row"),
        pytest.param("A;visit;2025-03-01;;;;;;U;=1+2\n", id="formula"),
        pytest.param("A;visit;2025-03-01;;;;;;U;-12\n", id="negative-number"),
        pytest.param("+A;visit;2025-03-01;;;;;;U;x\n", id="formula-first-cell"),
        pytest.param('A;visit;2025-03-01;;;;;;U;"=cmd"\n', id="quoted-formula"),
        pytest.param("A;visit;2025-03-01;;;;;;U;x\tb\n", id="tab-in-cell"),
        pytest.param("A;visit;2025-03-01\n", id="short-row"),
        pytest.param("A;visit;2025-03-01;;;;;;U;x;extra;cells\n", id="long-row"),
        pytest.param(";;;;;;;;;\n;;;\n\n   \n\r\n", id="empty-rows"),
        pytest.param("A;visit;2025-03-01;;;;;;U;x", id="no-final-line-end"),
        pytest.param("A;besk;2025-03-01;;;;;;U;x\n", id="unknown-level"),
        pytest.param("A;visit;2025-02-30;;;;;;U;x\n", id="impossible-date"),
        pytest.param("A;visit;2025-03-01;2025-01-01;;;;;U;x\n", id="completed-before-start"),
        pytest.param("A;visit;2025-03-01;2025-03-05;;;2025-04-01;;U;x\n", id="restart-after"),
        pytest.param("A;visit;2025-03-01;;;mov:2025-05-10..2025-05-01;;;U;x\n", id="exclusion"),
        pytest.param("A;contact;2025-03-01;;;mov:2025-03-02..2025-03-04;;nej;U;x\n", id="not-ok"),
        pytest.param("A;visit;2025-03-01;;;sjuk:2025-04-01..2025-04-10;;;U;x\n", id="reason"),
        pytest.param(
            "A;visit;2025-01-01;;;mov:2025-01-10..2025-01-20 pvv:2025-02-01..2025-02-05"
            " region:2025-03-01..2025-03-02;;;U;x\n",
            id="three-counted-periods",
        ),
        pytest.param("A;visit;9999-12-30;;;;;;U;x\n", id="deadline-overflow"),
        pytest.param("A;visit;2025-03-01;;;;;kanske;U;x\n", id="bad-listed"),
        pytest.param("A; Visit ;2025-03-01;;;;;JA;  U  ;x\n", id="blanks-and-case"),
    ],
)
def test_odd_rows_between_plain_ones_are_written_the_same(rows: str, small_blocks: None) -> None:
    plain = "".join(f"P{i};visit;2025-03-01;;;;;;U;n\n" for i in range(12))
    text = f"{HEADER}\n{plain}{rows}{plain}"
    _assert_same(_text(text))


def test_a_guarded_cell_under_a_header_of_hundreds_of_columns_is_read_without_the_guard(
    tmp_path: Path,
) -> None:
    # a header wider than _QUOTED_WIDTH finds its odd lines cell by cell: a guarded unit
    # ('+Hud), first on its line or after a delimiter, was judged in columns as '+Hud
    others = ";".join(f"c{i}" for i in range(300))
    header = f"unit;id;level;start;{others}"
    pad = ";" * 299
    plain = [f"Kir;P{i};visit;2025-03-01;p{pad}" for i in range(20)]  # (judged in columns)
    rows = [
        f"'+Hud;A1;visit;2025-03-01;x{pad}",
        f"+Hud;A2;visit;2025-03-01;x{pad}",
        *plain,
        f"Kir;A3;visit;2025-03-01;'-{pad}",
        f"Kir;A4;'=x;2025-03-01;y{pad}",  # (a level read without the guard: its error says =x)
        *plain,
    ]
    source = _file(tmp_path, "\n".join([header, *rows, ""]).encode("utf-8"))
    text = _assert_same(source)
    assert text.count("'+Hud") == 2  # (written guarded, as it came)
    _output, counted = _run("columnar", source)
    groups: Any = counted["groups"]
    assert [(group["unit"], group["total"]) for group in groups] == [("+Hud", 2), ("Kir", 41)]
    assert "level: unknown level '=x';" in text
    # (the guarded level alone between rows judged in columns: after a delimiter, as a
    # spreadsheet's guard stands)
    alone = _file(tmp_path, "\n".join([header, *plain, rows[-21], *plain, ""]).encode(), "b.csv")
    assert "level: unknown level '=x';" in _assert_same(alone)


@pytest.mark.parametrize("at", [0, 3, 11])
def test_a_line_of_far_more_cells_than_the_header_is_read_row_by_row(
    at: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # polars' CSV reader took memory for every cell of such a line where it began a block
    # (590 MB for a million extra cells in a 1 MB file, 2.8 GB for six million in a 15 MB
    # list, under the default check): the block is cut before it, for the per-row reader
    monkeypatch.setattr(columnar, "_WIDE_CELLS", 5)
    seen: list[int] = []  # the most cells of a line polars' CSV reader was given for cells
    import polars as pl

    real = pl.read_csv

    def counting(source: Any, *args: Any, **options: Any) -> Any:
        if options.get("separator") == ";" and isinstance(source, bytes):
            seen.append(max(line.count(b";") + 1 for line in source.split(b"\n")))
        return real(source, *args, **options)

    monkeypatch.setattr(pl, "read_csv", counting)
    rows = [f"P{i};visit;2025-03-01;;;;;;U;n\n" for i in range(12)]
    rows[at] = rows[at].replace(";n\n", ";n" + ";x" * 8 + "\n")  # 8 cells over the header's
    _assert_same(_text(f"{HEADER}\n{''.join(rows)}"))
    assert bool(seen) == (at > 0)  # (the lines before it are read in columns)
    assert all(cells < HEADER.count(";") + 1 + 5 for cells in seen), seen


@pytest.mark.parametrize("lines", [3, 50, 99, 100, 101, 150])
def test_a_quoted_cell_over_many_lines_across_blocks(lines: int, small_blocks: None) -> None:
    plain = "".join(f"P{i};visit;2025-03-01;;;;;;U;n\n" for i in range(20))
    note = "\n".join(f"line {i}" for i in range(lines))
    text = f'{HEADER}\n{plain}A;visit;2025-03-01;;;;;;U;"{note}"\n{plain}'
    _assert_same(_text(text))


def test_an_unclosed_quote_looking_like_rows_is_read_again(small_blocks: None) -> None:
    rows = "".join(f"P{i};visit;2025-03-01;;;;;;U;n\n" for i in range(30))
    text = f'{HEADER}\nA;visit;2025-03-01;;;;;;U;"open\n{rows}'
    written = _assert_same(_text(text))
    assert written.count("P2") >= 1


@pytest.mark.parametrize("copied", [1, 5, 40])
def test_copied_rows_inside_a_valid_quote_are_errors_across_blocks(
    copied: int, small_blocks: None
) -> None:
    # The quote spans more than one small block: every line it spans is the per-row reader's
    # (an error row, never a patient), also the ones past the block it began in.
    plain = "".join(f"P{i};visit;2025-03-01;;;;;;U;n\n" for i in range(20))
    inner = "".join(f"C{i};visit;2025-01-01;;;;;;U;n\n" for i in range(copied))
    text = f'{HEADER}\n{plain}A;visit;2025-03-01;;;;;;U;"copied:\n{inner}end"\n{plain}'
    written = _assert_same(_text(text))
    inside = [line for line in written.splitlines() if line.startswith("C")]
    assert len(inside) == copied
    assert all(";;;;;;;" in line and "lies inside the quoted cell" in line for line in inside)


@pytest.mark.parametrize("bom", [True, False])
def test_a_byte_order_mark_is_kept_or_not(tmp_path: Path, bom: bool) -> None:
    data = ("\ufeff" if bom else "") + f"{HEADER}\nA;visit;2025-03-01;;;;;;U;x\n"
    written = _assert_same(_file(tmp_path, data.encode()))
    assert written.startswith("\ufeff") is bom


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_other_encodings_are_written_as_utf8_the_same(tmp_path: Path, encoding: str) -> None:
    text = f"{HEADER}\nA;besök;2025-03-01;;;;;;Ögon;å€\nB;visit;2025-03-01;;;;;;U;x\n"
    data = text.encode(encoding)
    _assert_same(_file(tmp_path, data))


def test_a_binary_stream_is_read_the_same() -> None:
    data = _generated(200, seed=2, bad=0.1).encode()
    _assert_same(lambda: io.BytesIO(data))


def test_a_text_stream_that_splits_only_at_line_feeds_is_read_as_it_splits() -> None:
    text = f"{HEADER}\nA;visit;2025-03-01;;;;;;U;x\ry\nB;visit;2025-03-01;;;;;;U;z\n"
    _assert_same(lambda: io.StringIO(text, newline="\n"))


def test_a_lone_surrogate_in_a_text_stream_is_read_row_by_row() -> None:
    text = f"{HEADER}\nA;visit;2025-03-01;;;;;;U;\ud800\nB;visit;2025-03-01;;;;;;U;z\n"
    _assert_same(_text(text))


def test_an_earlier_output_checked_again_is_written_the_same() -> None:
    first = io.StringIO(newline="")
    check_waiting_list(_text(_generated(200, seed=3, bad=0.1))(), first, as_of=AS_OF)
    _assert_same(_text(first.getvalue()))


def test_a_header_without_rows(tmp_path: Path) -> None:
    _assert_same(_file(tmp_path, f"{HEADER}\n".encode()))


@pytest.mark.parametrize("policy", [Policy(), Policy(roll_forward=True, at_risk_days=30)])
def test_policies_are_applied_the_same(policy: Policy) -> None:
    _assert_same(_text(_generated(500, seed=13, bad=0.05)), policy=policy)


def test_a_file_naming_who_gave_care_elsewhere_is_written_the_same() -> None:
    header = "id;level;start;booked;referred;provider"
    rows = [
        "A;visit;2025-01-10;;2025-04-20;Privatkliniken",
        "B;visit;2025-01-10;2025-07-01;;",
        "C;contact;2025-05-30;;;",
        "D;visit;2025-02-30;;;",
        "E;treatment;2025-02-01;;2025-13-01;X",
    ]
    written = _assert_same(_text("\n".join([header, *rows]) + "\n"))
    assert written.splitlines()[0].endswith("costs_covered;error")


def test_national_csv_is_written_the_same(tmp_path: Path) -> None:
    text = nf.national_csv(nf.contacts())
    _assert_same(_file(tmp_path, text.encode()))


def test_national_rows_with_date_and_time_starts_each_have_their_time_checked() -> None:
    records = [dict(nf.contacts()[0], VardkontaktId=f"K{i}") for i in range(3)]
    records[0]["BeslutAktivitet"] = "2024-10-01T08:15:30"
    records[1]["BeslutAktivitet"] = "2024-10-01T25:15:30"
    records[2]["BeslutAktivitet"] = "2024-10-01T17:00:00"
    written = _assert_same(_text(nf.national_csv(records)))
    errors = [line for line in written.splitlines()[1:] if "is not a date" in line]
    assert len(errors) == 1


def test_the_summary_is_counted_the_same_without_summarizing() -> None:
    source = _text(_generated(300, seed=4, bad=0.1))
    _assert_same(source, summarize=False)


def test_progress_is_reported_up_to_the_whole_file(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    source = _file(tmp_path, _generated(500, seed=1).encode())
    output = io.StringIO(newline="")
    check_columnar(
        source(),
        output,
        as_of=AS_OF,
        rules=NATIONAL,
        policy=Policy(),
        progress=lambda *a: seen.append(a),
        required=True,
    )
    size = (tmp_path / "list.csv").stat().st_size
    assert seen[-1] == (size, size)
    assert all(done <= total for done, total in seen)


def test_a_note_about_the_encoding_is_passed_on(tmp_path: Path) -> None:
    notes: list[str] = []
    source = _file(tmp_path, f"{HEADER}\nA;besök;2025-03-01;;;;;;U;x\n".encode("cp1252"))
    output = io.StringIO(newline="")
    check_columnar(
        source(),
        output,
        as_of=AS_OF,
        rules=NATIONAL,
        policy=Policy(),
        notes=notes.append,
        required=True,
    )
    assert notes == [f"{source()}: not UTF-8; read as Windows-1252"]


def test_the_bytes_go_straight_to_a_utf8_file(tmp_path: Path) -> None:
    source = tmp_path / "list.csv"
    source.write_text(_generated(300, seed=9, bad=0.1), encoding="utf-8")
    by_stream, by_columns = tmp_path / "stream.csv", tmp_path / "columnar.csv"
    with by_stream.open("w", encoding="utf-8", newline="") as handle:
        check_waiting_list(source, handle, as_of=AS_OF)
    with by_columns.open("w", encoding="utf-8", newline="") as handle:
        check_columnar(source, handle, as_of=AS_OF, rules=NATIONAL, policy=Policy(), required=True)
    assert by_columns.read_bytes() == by_stream.read_bytes()


# -- what the columnar engine leaves to the streaming one ------------------------------------------


def test_xml_and_standard_input_are_left_to_the_stream_engine(tmp_path: Path) -> None:
    path = tmp_path / "delivery.xml"
    path.write_bytes(nf.national_xml(nf.contacts()))
    for source in (str(path), "-"):
        assert (
            check_columnar(source, io.StringIO(), as_of=AS_OF, rules=NATIONAL, policy=Policy())
            is None
        )


def test_auto_leaves_a_small_file_to_the_stream_engine(tmp_path: Path) -> None:
    source = _file(tmp_path, f"{HEADER}\nA;visit;2025-03-01;;;;;;U;x\n".encode())
    options: dict[str, Any] = {"as_of": AS_OF, "rules": NATIONAL, "policy": Policy()}
    assert check_columnar(source(), io.StringIO(), **options) is None
    assert check_columnar(source(), io.StringIO(), required=True, **options) is not None
    with open(source(), "rb") as stream:
        assert check_columnar(stream, io.StringIO(), **options) is not None


def test_auto_takes_a_large_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(columnar, "AUTO_BYTES", 100)
    source = _file(tmp_path, _generated(50, seed=1).encode())
    options: dict[str, Any] = {"as_of": AS_OF, "rules": NATIONAL, "policy": Policy()}
    assert check_columnar(source(), io.StringIO(), **options) is not None


def test_auto_leaves_a_file_whose_lines_end_in_a_carriage_return_alone_to_the_stream_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every such line takes the per-row path (slower than the streaming engine by itself);
    # asked for, the columnar engine still checks it, with the same bytes.
    monkeypatch.setattr(columnar, "AUTO_BYTES", 100)
    options: dict[str, Any] = {"as_of": AS_OF, "rules": NATIONAL, "policy": Policy()}
    text = _generated(50, seed=1)
    lone = _file(tmp_path, text.replace("\r\n", "\r").encode(), "mac.csv")
    assert check_columnar(lone(), io.StringIO(), **options) is None
    assert check_columnar(lone(), io.StringIO(), required=True, **options) is not None
    _assert_same(lone)
    for kept in (text, text.replace("\r\n", "\n"), "\ufeff" + text.replace("\r\n", "\r")):
        if kept.startswith("\ufeff"):  # (a BOM does not hide the line end)
            assert check_columnar(_file(tmp_path, kept.encode(), "bom.csv")(), io.StringIO(),
                                  **options) is None  # fmt: skip
        else:
            source = _file(tmp_path, kept.encode(), "unix.csv")
            assert check_columnar(source(), io.StringIO(), **options) is not None
    # A carriage return alone further down (not the first line's end) keeps the columns.
    mixed = text.replace("\r\n", "\r", 3).replace("\r", "\r\n", 1)
    assert check_columnar(_file(tmp_path, mixed.encode(), "m.csv")(), io.StringIO(),
                          **options) is not None  # fmt: skip


@pytest.mark.parametrize(
    "row",
    [
        "P{i};visit",  # a cut-off export: every row short of cells
        "P{i};visit;2025-02-30;;;;;;U;x",  # a column of impossible dates
    ],
)
def test_auto_leaves_a_file_of_mostly_error_rows_to_the_stream_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, row: str
) -> None:
    # The columnar engine checks an error row row by row, in one process (1.6-3.7 times the
    # streaming engine's time on a million such rows); auto reads the first rows before polars
    # starts, and leaves such a file to the streaming engine. Asked for, the columnar engine
    # still checks it, with the same bytes.
    monkeypatch.setattr(columnar, "AUTO_BYTES", 100)
    options: dict[str, Any] = {"as_of": AS_OF, "rules": NATIONAL, "policy": Policy()}
    good = "P{i};visit;2025-03-01;;;;;;U;x"
    for errors, left in ((60, True), (40, False)):
        rows = [(row if i < errors else good).format(i=i) for i in range(100)]
        source = _file(tmp_path, "\r\n".join([HEADER, *rows, ""]).encode())
        assert (check_columnar(source(), io.StringIO(), **options) is None) is left
        assert check_columnar(source(), io.StringIO(), required=True, **options) is not None
        out = _assert_same(source)
        ids = [line.split(";")[0] for line in out.splitlines()[1:]]
        assert ids == [f"P{i}" for i in range(100)]


def test_auto_counts_blank_rows_of_any_width_as_no_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `;;` and a line of blanks are empty rows to both engines, not errors: a file of many of
    # them and good rows stays with the columnar engine
    monkeypatch.setattr(columnar, "AUTO_BYTES", 100)
    rows = [";;" if i % 3 else "   " for i in range(60)]
    rows += [f"P{i};visit;2025-03-01;;;;;;U;x" for i in range(40)]
    source = _file(tmp_path, "\r\n".join([HEADER, *rows, ""]).encode())
    options: dict[str, Any] = {"as_of": AS_OF, "rules": NATIONAL, "policy": Policy()}
    summary = check_columnar(source(), io.StringIO(), **options)
    assert summary is not None
    assert (summary.errors, summary.empty) == (0, 60)


def test_auto_reads_only_the_first_bytes_to_choose_and_gives_them_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Errors after the first PROBE_BYTES do not change the choice, and the rows read to choose
    # are checked as any other (none lost, none twice).
    monkeypatch.setattr(columnar, "AUTO_BYTES", 100)
    monkeypatch.setattr(columnar, "PROBE_BYTES", 200)
    rows = [f"P{i};visit;2025-03-01;;;;;;U;x" for i in range(10)]
    rows += [f"P{i};visit" for i in range(10, 100)]
    source = _file(tmp_path, "\r\n".join([HEADER, *rows, ""]).encode())
    options: dict[str, Any] = {"as_of": AS_OF, "rules": NATIONAL, "policy": Policy()}
    output = io.StringIO(newline="")
    summary = check_columnar(source(), output, **options)
    assert summary is not None
    assert (summary.rows, summary.errors) == (100, 90)
    assert output.getvalue() == _run("stream", source)[0]


def test_auto_takes_the_national_format_in_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its starts are dates with a time: read in columns by their date (the time in the
    # common forms checked in columns too), no longer left to the streaming engine.
    monkeypatch.setattr(columnar, "AUTO_BYTES", 100)
    source = _file(tmp_path, nf.national_csv().encode())
    options: dict[str, Any] = {"as_of": date(2026, 1, 31), "rules": NATIONAL, "policy": Policy()}
    output = io.StringIO(newline="")
    assert check_columnar(source(), output, **options) is not None
    stream = io.StringIO(newline="")
    check_waiting_list(source(), stream, **options)
    assert output.getvalue() == stream.getvalue()


def _per_row(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The first cell of each record the columnar engine leaves to the per-row path, as it goes."""
    per_row: list[str] = []
    one = columnar._Check.one

    def counted(self: Any, row: list[str], body: str | None, problem: str | None) -> str:
        per_row.append(row[0])
        return one(self, row, body, problem)

    monkeypatch.setattr(columnar._Check, "one", counted)
    return per_row


def test_national_starts_with_a_zone_are_keyed_in_columns_by_the_whole_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As the per-row key (RowEvaluator.key_of) keys them: by the whole cell, never by the
    # date part (K2's and K6's day in Sweden is 31 March, K1's and K3's 30 March; K4's is
    # 2 January, 00:30 UTC). They took the
    # per-row path, every one (2.4 times the streaming engine's time); a zone the core
    # refuses (K5) still does, with its error.
    per_row = _per_row(monkeypatch)
    rows = [
        "K1;1;2025-03-30T10:00:00",
        "K2;1;2025-03-30T23:30:00Z",
        "K3;1;2025-03-30T21:30:00+00:00",
        "K4;2;2025-01-01T23:30:00.250-01",
        "K5;1;2025-03-30T23:30+24:00",
        "K6;1;2025-03-30T23:30:00+0100",
        "K7;1;2025-03-30T23:30:00Z",
    ]
    text = "\r\n".join(["VardkontaktId;Fas;BeslutAktivitet", *rows, ""])
    out = _assert_same(_file(tmp_path, text.encode()))
    found = list(csv.DictReader(io.StringIO(out), delimiter=";"))
    assert [row["deadline"] for row in found] == [
        "2025-06-28", "2025-06-29", "2025-06-28", "2025-04-02", "", "2025-06-29", "2025-06-29",
    ]  # fmt: skip
    per_row.clear()
    _run("columnar", _file(tmp_path, text.encode()))
    assert per_row == ["K5"]


def test_costs_covered_is_decided_in_columns_by_the_core_for_each_key_and_referral(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file naming who referred care elsewhere: auto takes it, and no row goes the per-row
    # path; the cells are the streaming engine's (decide_costs: referred on or after the start
    # and by the as-of day -> yes; a provider without a referral -> no; contact and assessment
    # have no right to care elsewhere -> empty).
    monkeypatch.setattr(columnar, "AUTO_BYTES", 100)
    rows = [
        "R1;visit;2025-01-02;2025-04-20;Capio",  # referred under the guarantee
        "R2;visit;2025-01-02;;Capio",  # the patient's own choice
        "R3;visit;2025-01-02;2024-12-30;Capio",  # referred before the start: not a referral
        "R4;visit;2025-01-02;2025-06-03;",  # referred after the as-of day: not yet
        "R5;assessment;2025-05-28;2025-05-29;Capio",  # no duty of care elsewhere
        "R6;treatment;2025-01-02;; ",  # a blank provider is none
        "R7;visit;2025-01-02;;",
    ]
    text = "\r\n".join(["id;level;start;referred;provider", *rows, ""])
    source = _file(tmp_path, text.encode())
    per_row = _per_row(monkeypatch)
    options: dict[str, Any] = {"as_of": AS_OF, "rules": NATIONAL, "policy": Policy()}
    output = io.StringIO(newline="")
    assert check_columnar(source(), output, **options) is not None
    assert per_row == []
    written = [line.split(";") for line in output.getvalue().splitlines()]
    assert written[0][-2:] == ["costs_covered", "error"]
    assert [line[-2] for line in written[1:]] == ["yes", "no", "", "", "", "", ""]
    stream = io.StringIO(newline="")
    check_waiting_list(source(), stream, **options)
    assert output.getvalue() == stream.getvalue()


@pytest.mark.parametrize("delivery", ["vantande", "genomforda"])
def test_a_national_file_with_times_is_judged_in_columns_by_the_dates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, delivery: str
) -> None:
    # Starts and completions with a time of day in the common forms: no row takes the
    # per-row path, and the bytes are the streaming engine's.
    covered = [  # first visits under the guarantee, without a deviation
        {**{k: v for k, v in record.items() if k != "Avvikelse"}, "Vardgaranti": "JA", "Fas": "1"}
        for record in nf.contacts(delivery)
    ]
    records = [
        {**record, "BeslutAktivitet": start, **({"StartAktivitet": done} if done else {})}
        for record, start, done in zip(
            covered,
            ["2024-11-04T10:00:00", "2024-11-04 10:00", "20241104100000", "2024-11-04T23:59:59.123"]
            * 6,
            ["2025-01-10T08:00:00", "20250110080000", "2025-01-10 08:00:00.000001", ""] * 6
            if delivery == "genomforda"
            else [""] * 24,
            strict=False,
        )
    ]
    source = _file(tmp_path, nf.national_csv(records, delivery=delivery).encode())
    per_row = _per_row(monkeypatch)
    options: dict[str, Any] = {"as_of": AS_OF, "rules": NATIONAL, "policy": Policy()}
    output = io.StringIO(newline="")
    assert check_columnar(source(), output, required=True, **options) is not None
    assert per_row == []
    stream = io.StringIO(newline="")
    check_waiting_list(source(), stream, **options)
    assert output.getvalue() == stream.getvalue()
    written = list(csv.DictReader(io.StringIO(output.getvalue()), delimiter=";"))
    assert all(row["error"] == "" for row in written)
    assert all(row["deadline"] for row in written)  # every row judged


def test_a_referral_that_is_not_a_date_is_the_rows_error_in_columns_too(
    tmp_path: Path,
) -> None:
    text = "id;level;start;referred;provider\r\nR1;visit;2025-01-02;20/4;Capio\r\n"
    source = _file(tmp_path, text.encode())
    options: dict[str, Any] = {"as_of": AS_OF, "rules": NATIONAL, "policy": Policy()}
    output = io.StringIO(newline="")
    summary = check_columnar(source(), output, required=True, **options)
    assert summary is not None
    assert summary.errors == 1
    error = next(csv.reader(output.getvalue().splitlines()[1:], delimiter=";"))[-1]
    assert error.startswith("referred: '20/4' is not a date")


def test_a_missing_file_is_left_to_the_stream_engine_to_name(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.csv")
    assert (
        check_columnar(missing, io.StringIO(), as_of=AS_OF, rules=NATIONAL, policy=Policy()) is None
    )


def test_without_polars_the_engine_steps_aside_or_names_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_import = builtins.__import__

    def no_polars(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "polars":
            raise ImportError("no polars here")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_polars)
    monkeypatch.delitem(sys.modules, "polars", raising=False)
    source = _text(f"{HEADER}\nA;visit;2025-03-01;;;;;;U;x\n")
    options: dict[str, Any] = {"as_of": AS_OF, "rules": NATIONAL, "policy": Policy()}
    assert check_columnar(source(), io.StringIO(), **options) is None
    with pytest.raises(WaitingListError, match=r"^the columnar engine needs the 'polars' extra"):
        check_columnar(source(), io.StringIO(), required=True, **options)


def test_a_file_level_problem_is_the_stream_engines_error(tmp_path: Path) -> None:
    source = _file(tmp_path, b"id;start\nA;2025-03-01\n")
    with pytest.raises(WaitingListError) as stream:
        check_waiting_list(source(), io.StringIO(), as_of=AS_OF)
    with pytest.raises(WaitingListError) as columns:
        check_columnar(
            source(), io.StringIO(), as_of=AS_OF, rules=NATIONAL, policy=Policy(), required=True
        )
    assert str(columns.value) == str(stream.value)


# -- the command line ---------------------------------------------------------------------------


def test_check_engine_columnar_writes_what_stream_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "list.csv"
    source.write_bytes(("\ufeff" + _generated(500, seed=21, bad=0.1)).encode())
    outputs = []
    for engine in ("stream", "columnar", "auto"):
        target = tmp_path / f"{engine}.csv"
        argv = ["check", str(source), "--as-of", "2025-06-02", "-o", str(target)]
        code = main([*argv, "--engine", engine, "--summary", "json"])
        outputs.append((code, target.read_bytes(), capsys.readouterr().out))
    assert outputs[0][0] == 1  # some rows have errors
    assert outputs[1] == outputs[0]
    assert outputs[2] == outputs[0]


def test_check_engine_columnar_output_is_synced_as_polars_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_blocks: None
) -> None:
    # polars writes the blocks to the file's descriptor, past Python's objects: the output
    # still hears of them and syncs them in the background, as the streaming engine's does.
    source = tmp_path / "list.csv"
    source.write_text(_generated(300, seed=5), encoding="utf-8")
    monkeypatch.setattr("vardgaranti._output._SYNC_BYTES", 2000)
    synced: list[int] = []
    monkeypatch.setattr(os, "fdatasync", lambda fd: synced.append(fd), raising=False)
    target = tmp_path / "checked.csv"
    argv = ["check", str(source), "--as-of", "2025-06-02", "-o", str(target)]
    assert main([*argv, "--engine", "columnar"]) in (0, 1)
    assert len(synced) >= 2
    expected = _run("stream", _file(tmp_path, source.read_bytes(), "again.csv"))[0]
    assert target.read_bytes().decode("utf-8-sig") == expected.lstrip("\ufeff")


def test_check_engine_columnar_to_standard_output_in_another_encoding(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    source = tmp_path / "list.csv"
    source.write_text(f"{HEADER}\nA;besök;2025-03-01;;;;;;Ögon;x\n", encoding="utf-8")
    written = []
    for engine in ("stream", "columnar"):
        argv = ["check", str(source), "--as-of", "2025-06-02", "--engine", engine]
        assert main([*argv, "--output-encoding", "cp1252"]) == 0
        written.append(capfdbinary.readouterr().out)
    assert written[0] == written[1]
    assert "Ögon".encode("cp1252") in written[0]


# -- one core -----------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", [NATIVE, SKR], ids=["native", "skr"])
def test_keys_hold_exactly_the_cells_the_core_plans_by(profile: Any) -> None:
    header = (*tuple(profile.columns.values()), "extra")
    blocks = BlockEvaluator(profile, header, AS_OF, NATIONAL, Policy())
    rows = RowEvaluator(profile, header, AS_OF, NATIONAL, Policy(), blocks.rows.calendar)
    probe = [f"<{i}>" for i in range(len(header))]
    shown = repr(rows.key_of(probe))
    read = {i for i in range(len(header)) if f"<{i}>" in shown}
    assert set(blocks.key) == read
    assert set(blocks.key) <= set(blocks.needed)


# -- what is done in columns, and how -----------------------------------------------------------


@pytest.mark.parametrize("block", [4096, 20_000])
@pytest.mark.parametrize("bad", [0.01, 0.05])
def test_blocks_with_a_few_rows_row_by_row_are_written_in_runs_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int, bad: float
) -> None:
    monkeypatch.setattr(columnar, "BLOCK_BYTES", block)
    _assert_same(_file(tmp_path, _generated(2000, seed=19, bad=bad).encode()))


def test_polars_writes_every_date_as_check_writes_it() -> None:
    days = [date(1, 1, 1), date(999, 12, 31), date(1000, 1, 1), date(2025, 6, 2), date.max]
    days += [date(1, 1, 1) + timedelta(days=n) for n in range(0, 3_652_059, 9_973)]
    written = io.BytesIO()
    pl.DataFrame({"day": days}).write_csv(written, include_header=False)
    assert written.getvalue().decode().split() == [day.isoformat() for day in days]


@pytest.mark.parametrize(
    "completed",
    ["2025-3-9", " 2025-03-09", "2025-03-09 10:00", "20250309", "2025-02-30", "9.3.2025"],
)
def test_dates_polars_reads_otherwise_than_the_core_are_the_cores(completed: str) -> None:
    plain = "".join(f"P{i};visit;2025-03-01;2025-03-0{1 + i % 9};;;;;U;n\n" for i in range(12))
    text = f"{HEADER}\n{plain}A;visit;2025-03-01;{completed};;;;;U;x\n{plain}"
    _assert_same(_text(text))


def test_exclusion_cells_in_the_common_form_are_planned_in_columns() -> None:
    header = ("id", "level", "start", "exclusions")
    cells = [
        ("A", "visit", "2025-03-01", "mov:2025-03-10..2025-03-20"),
        ("B", "visit", "2025-03-01", "mov:2025-03-10..2025-03-20; pvv:2025-04-01..2025-04-02"),
        ("C", "visit", "2025-03-01", "pvv:2025-02-01..2025-03-05,MOV:2025-03-06..2025-03-07"),
        ("D", "visit", "2025-03-01", "mov:2025-03-10..2025-03-20 mov:2025-03-15..2025-05-01"),
        ("E", "visit", "2025-03-01", "pvv:2025-08-01..2025-08-02"),
    ]
    blocks = BlockEvaluator(NATIVE, header, AS_OF, NATIONAL, Policy())
    frame = pl.DataFrame(
        {f"c{i}": [row[i] for row in cells] for i in blocks.needed}
    ).with_row_index("_i")
    keys = blocks.keys(frame)
    assert keys.others == []  # none planned with its cell by `shared`
    assert keys.periods is not None
    assert keys.periods.height == len(cells)
    judged = blocks.judge(keys, blocks.plan(keys))
    assert judged["ok"].all()
    # A: 11 days; B: 11 + 2; C: cut to 2025-03-02..03-05, then the next day on, merged: 6;
    # D: overlapping, merged: 2025-03-10..05-01; E: after the deadline (2025-05-30): none.
    assert judged["excluded"].to_list() == [11, 13, 6, 53, 0]


ALLOCATOR_PROBE: Final = """
import io, os, sys
from datetime import date
from vardgaranti import NATIONAL, Policy
from vardgaranti._columnar import check_columnar
check_columnar(io.StringIO("id;level;start\\nA;visit;2025-03-01\\n", newline=""), io.StringIO(),
               as_of=date(2025, 6, 2), rules=NATIONAL, policy=Policy(), required=True)
print(os.environ.get("_RJEM_MALLOC_CONF", ""))
"""


@pytest.mark.parametrize(
    ("given", "imported", "asked"),
    [(None, False, True), ("narenas:4", False, False), (None, True, False)],
)
def test_one_allocator_arena_is_asked_for_only_before_polars_and_unless_chosen(
    given: str | None, imported: bool, asked: bool
) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    if given is not None:
        environment["_RJEM_MALLOC_CONF"] = given
    probe = ("import polars\n" if imported else "") + ALLOCATOR_PROBE
    done = subprocess.run(
        [sys.executable, "-c", probe], env=environment, capture_output=True, text=True, check=True
    )
    options = done.stdout.strip().split(",")
    assert ("narenas:1" in options) is asked
    if given is not None:
        assert given in options


@pytest.mark.parametrize(
    "exclusions",
    [
        "pvv:9999-12-30..9999-12-31,pvv:9999-12-31..9999-12-31",  # the core cannot merge them
        "pvv:9999-10-01..9999-12-31",  # a deadline past 9999-12-31
        "pvv:9999-09-20..9999-09-26 pvv:9999-12-01..9999-12-02",
        "mov:9999-09-28..9999-09-30",
    ],
)
def test_periods_at_the_end_of_the_calendar_are_refused_as_the_core_refuses_them(
    exclusions: str,
) -> None:
    text = f"id;level;start;exclusions\nA;visit;9999-09-27;{exclusions}\nB;visit;9999-09-27;\n"
    outputs = []
    for engine in ("stream", "columnar"):
        output = io.StringIO(newline="")
        check = check_waiting_list if engine == "stream" else check_columnar
        options: dict[str, Any] = {"as_of": date(9999, 10, 1)}
        if engine == "columnar":
            options.update(rules=NATIONAL, policy=Policy(), required=True)
        check(io.StringIO(text, newline=""), output, **options)
        outputs.append(output.getvalue())
    assert outputs[1] == outputs[0]


def test_a_run_started_with_sigint_ignored_keeps_ignoring_it_after_polars_is_imported() -> None:
    """polars sets its own SIGINT handler when imported: `nohup`'s ignoring would be lost.

    The streaming engine keeps an inherited SIG_IGN (its outputs leave it alone); the columnar
    engine, which imports polars, must too. The kernel's view (``/proc/self/status``) is the
    one that counts: Python's ``getsignal`` still says SIG_IGN after polars replaced it.
    """
    import signal

    code = (
        "from vardgaranti._columnar import polars_module\n"
        "polars_module()\n"
        "status = open('/proc/self/status').read().splitlines()\n"
        "masks = dict(line.split(':\\t') for line in status if line.startswith('Sig'))\n"
        "print(int(masks['SigIgn'], 16) >> 1 & 1, int(masks['SigCgt'], 16) >> 1 & 1)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    assert done.stdout.split() == ["1", "0"]  # SIGINT ignored, not caught


@pytest.mark.parametrize(
    ("kind", "why"),
    [
        ("xml", "an XML delivery"),
        ("xlsx", "a workbook"),
        ("utf16.csv", "a file with NUL bytes near its start, as UTF-16 without a byte-order mark"),
    ],
)
def test_the_columnar_engine_asked_for_a_file_it_does_not_read_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, why: str
) -> None:
    """`--engine columnar` on a file it leaves to the streaming engine: the same output, and a
    note naming what the file is (a UTF-16 CSV file was called an XML delivery or a workbook)."""
    source = tmp_path / f"d.{kind}"
    if kind == "xml":
        source.write_bytes(nf.national_xml())
    elif kind == "xlsx":
        source.write_bytes(nf.national_xlsx(nf.contacts()))
    else:
        source.write_bytes(
            "\r\n".join(line.replace(";", "\t") for line in nf.national_csv().splitlines()).encode(
                "utf-16-le"
            )
        )
    outputs = []
    for engine in ("stream", "columnar"):
        target = tmp_path / f"{engine}.csv"
        args = ["check", str(source), "--as-of", "2025-03-31", "--engine", engine]
        if kind == "utf16.csv":
            args += ["--encoding", "utf-16"]
        assert main([*args, "-o", str(target)]) in (0, 1)
        outputs.append(target.read_bytes())
        err = capsys.readouterr().err
        note = (
            f"vardgaranti: {source}: read by the streaming engine (the columnar engine does not "
            f"read {why})\n"
        )
        assert (note in err) == (engine == "columnar"), err
    assert outputs[0] == outputs[1]


def test_the_columnar_engine_asked_to_write_a_workbook_or_read_standard_input_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.xlsx"
    assert main(["check", "--example", "--engine", "columnar", "-o", str(target)]) == 1
    assert (
        f"vardgaranti: {target}: written by the streaming engine (the columnar engine writes CSV)\n"
    ) in capsys.readouterr().err
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(example_waiting_list().read_bytes()))
    )
    args = [
        "check",
        "-",
        "--as-of",
        "2025-06-02",
        "--engine",
        "columnar",
        "-o",
        str(tmp_path / "o.csv"),
    ]
    assert main(args) == 1
    assert (
        "vardgaranti: -: read by the streaming engine (the columnar engine does not read "
        "standard input)\n"
    ) in capsys.readouterr().err


# -- memory bounded by lines as well as bytes ---------------------------------------------------


def _short_error_lines(count: int) -> bytes:
    """A list of *count* lines of two cells each (each a row error), then a good row."""
    return (f"{HEADER}\n" + "x;\n" * count + "G;visit;2025-03-01;;;;;;U;n\n").encode()


@pytest.mark.parametrize("limits", [(7, 3, 64), (50, 1000, 1 << 20), (400, 100, 4096)])
def test_blocks_of_many_short_lines_give_the_stream_engines_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limits: tuple[int, int, int]
) -> None:
    # A block is cut at BLOCK_LINES lines; past _ODD_LINES rows checked row by row the rest of
    # the block is read by the per-row path, which writes in pieces of _PIECE characters.
    lines, odd, piece = limits
    monkeypatch.setattr(columnar, "BLOCK_LINES", lines)
    monkeypatch.setattr(columnar, "_ODD_LINES", odd)
    monkeypatch.setattr(columnar, "_PIECE", piece)
    mixed = _generated(300, seed=23, bad=0.3).encode() + b"x;\n" * 500
    mixed += _generated(200, seed=24).encode().split(b"\n", 1)[1]
    for data in (_short_error_lines(3000), mixed):
        text = _assert_same(_file(tmp_path, data))
        assert text.count("\r\n") == data.count(b"\n")  # a row for every line


def test_a_byte_feeds_blocks_hold_at_most_block_lines_and_every_line_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(columnar, "BLOCK_LINES", 5)
    data = b"".join(b"%d;x\n" % i for i in range(23))
    for with_readline in (False, True):
        stream = io.BytesIO(data)
        feed = columnar._ByteFeed(stream.read, stream.readline if with_readline else None)
        blocks = []
        while (block := feed.block(1 << 20)) is not None:
            blocks.append(block.data)
        assert [block.count(b"\n") for block in blocks] == [5, 5, 5, 5, 3]
        assert b"".join(blocks) == data


@pytest.mark.parametrize("ending", [b"\r", b"\r\n", b"\n"])
def test_a_byte_feeds_blocks_are_bounded_when_lines_end_in_a_carriage_return_alone(
    ending: bytes,
) -> None:
    # The old Mac "CSV" ends its lines in CR alone: a block was cut only at a line feed, so
    # such a file was one block however large (245 MB for 22 MB). A block now ends after the
    # last line end of either kind within its size, never between a CR and its LF.
    data = b"".join(b"%d;x%s" % (i, ending) for i in range(2000))
    for with_readline in (False, True):
        for size in (64, 100, 1000):
            stream = io.BytesIO(data)
            feed = columnar._ByteFeed(stream.read, stream.readline if with_readline else None)
            blocks = []
            while (block := feed.block(size)) is not None:
                blocks.append(block.data)
            assert b"".join(blocks) == data
            assert max(len(block) for block in blocks) <= size + len(ending) + 8
            assert all(block.endswith(ending) for block in blocks)


def test_a_file_whose_lines_end_in_a_carriage_return_alone_is_checked_in_bounded_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same bytes as the streaming engine's, a row for every line, and no block larger than
    # its size and a line (the per-row path reads these lines: a CR alone ends a line there).
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 4096)
    sizes: list[int] = []
    block = columnar._ByteFeed.block

    def recorded(self: columnar._ByteFeed, size: int) -> columnar._Block | None:
        found = block(self, size)
        if found is not None:
            sizes.append(len(found.data))
        return found

    monkeypatch.setattr(columnar._ByteFeed, "block", recorded)
    data = _generated(400, seed=31).encode().replace(b"\r\n", b"\r")
    text = _assert_same(_file(tmp_path, data))
    assert text.count("\r\n") == data.count(b"\r")  # the header and a row for every line
    assert len(sizes) > 5
    assert max(sizes) <= 4096 + 200


def test_the_python_memory_of_a_list_of_short_error_lines_is_bounded_by_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 100,000 rows of three bytes each fit one block of 2 MiB: each was checked row by row
    # beside it, its output held until the block was written (810 MB for 3,000,000 such
    # rows; the streaming engine 25 MB). A smaller BLOCK_LINES and _ODD_LINES show the bound
    # in a test's time; polars' own memory per row is bounded by BLOCK_LINES the same way.
    import tracemalloc

    class Counted(io.TextIOBase):
        """Standard output, say: what is written is counted and let go."""

        written = 0

        def write(self, text: str) -> int:
            self.written += len(text)
            return len(text)

    monkeypatch.setattr(columnar, "BLOCK_LINES", 4000)
    monkeypatch.setattr(columnar, "_ODD_LINES", 1000)
    monkeypatch.setattr(columnar, "_PIECE", 1 << 16)
    source = _file(tmp_path, _short_error_lines(100_000))
    output = Counted()
    sink = cast("IO[str]", output)
    tracemalloc.start()
    try:
        summary = check_columnar(
            source(), sink, as_of=AS_OF, rules=NATIONAL, policy=Policy(), required=True
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert summary is not None
    assert summary.errors == 100_000
    assert output.written > 6_000_000  # the output is more than the bound below
    assert peak < 3_000_000, peak


def test_a_byte_feeds_last_block_is_bounded_when_its_lines_end_in_a_carriage_return_alone() -> None:
    # With the stream's readline, a block's rest without a line feed (lines that end in a CR
    # alone) was taken whole when the file ended within a block's size after it: the last
    # block reached about one and a half times the size. It is cut at a line end instead.
    data = b"".join(b"%04d;x\r" % i for i in range(350))  # 2,450 bytes: under 2.5 blocks of 1,000
    for size in (1000, 1100, 1300):
        stream = io.BytesIO(data)
        feed = columnar._ByteFeed(stream.read, stream.readline)
        blocks = []
        while (block := feed.block(size)) is not None:
            blocks.append(block.data)
        assert b"".join(blocks) == data
        assert max(len(block) for block in blocks) <= size + 1
        assert all(block.endswith(b"\r") for block in blocks)
