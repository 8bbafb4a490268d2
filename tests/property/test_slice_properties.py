"""Properties of ``check`` reading a file in slices (``--jobs``): the same bytes, whatever the file.

Any file (rows of any cells, and lines a broken export has: quotes left open, quoted cells over
several lines, lone carriage returns, blank lines, rows of only delimiters; ``\\n``, ``\\r\\n``
and ``\\r`` endings mixed; UTF-8 with or without a byte-order mark, or Windows-1252) checked in
two to five processes, cut wherever :mod:`vardgaranti._slices` allows (the smallest slice made
1 byte), gives the output and the summary that one process gives, byte for byte, or the same
error. And every place the cutter chooses is one where the one-process reader begins a record.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, Final

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.national_fixtures import contacts, national_csv
from vardgaranti import _waiting_list as waiting_list
from vardgaranti._records import read_records
from vardgaranti._slices import cut
from vardgaranti._waiting_list import check_waiting_list
from vardgaranti.errors import WaitingListError

AS_OF: Final = date(2025, 6, 2)
HEADER: Final = "id;unit;level;start;completed;booked;exclusions;restart;listed;note"
PROPERTY = settings(max_examples=150, deadline=None)

_PIECES: Final = ['"', '""', ";", "\r", "\n", "\r\n", "x", "ö", "2025-05-01", " ", "=1"]
cell = st.one_of(
    st.sampled_from(
        ["", "P1", "visit", "behandling", "2025-03-01", "2025-06-30", "mov:2025-04-01..2025-04-09"]
    ),
    st.lists(st.sampled_from(_PIECES), max_size=5).map("".join),
)
plain_row = st.builds(
    lambda cells: ";".join(cells),
    st.lists(cell.filter(lambda text: not set(text) & set('";\r\n')), min_size=10, max_size=10),
)
good_row = st.sampled_from(
    [
        "P1;Ögon;visit;2025-03-01;;;;;ja;",
        "P2;Ortopedi;treatment;2025-01-10;2025-04-01;;;;;x",
        'P3;Kirurgi;behandling;2025-02-01;;2025-06-20;"mov:2025-04-01..2025-04-09; '
        'pvv:2025-05-01..2025-05-03";;;',
        'P4;"Hud; Väst";visit;2025-05-20;;;;;;"en ""citerad"" rad"',
        'P5;Ögon;visit;2025-05-01;;;;;;"två\nrader"',
        # valid CSV: a note holding a copied row (kept as error rows, never a patient)
        'P10;Ögon;visit;2025-05-01;;;;;;"kopierad:\nP1;Ögon;visit;2025-03-01;;;;;ja;\nslut"',
    ]
)
broken_row = st.sampled_from(
    [
        'P6;Ögon;visit;2025-05-01;;;;;;"öppnar men stänger aldrig',
        '"',
        ";;;;;;;;;",
        "",
        "P7;Ögon;visit;2025-05-01",
        'P8;"x;y";visit;2025-05-01;;;;;;;extra;"',
        "P9;Ögon;besök;2025-13-01;;;;;;",
        '"a\nb\nc";Ögon;visit;2025-05-01;;;;;;',
    ]
)
lines = st.lists(st.one_of(plain_row, good_row, good_row, broken_row, cell), max_size=60)
endings = st.sampled_from(["\n", "\r\n", "\n", "\r\n", "\r"])


@st.composite
def files(draw: st.DrawFn) -> bytes:
    """A waiting-list file's bytes: a header and lines, hostile ones among them."""
    body = draw(lines)
    text = HEADER
    for line in body:
        text += draw(endings) + line
    if draw(st.booleans()):
        text += draw(endings)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return text.encode(encoding)


@contextlib.contextmanager
def _sliceable() -> Iterator[None]:
    """Any file cut (slices of 1 byte on), and the test process let fork."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(waiting_list, "_SLICE_MIN", 1)
        patch.setattr(waiting_list, "_fork_safe", lambda: True)
        yield


def _cut(path: Path, *args: Any, **options: Any) -> list[int]:
    with path.open("rb") as file:
        return cut(file.fileno(), *args, **options)


def _check(path: Path, workers: int) -> tuple[str, object]:
    output = io.StringIO(newline="")
    try:
        summary = check_waiting_list(path, output, as_of=AS_OF, workers=workers)
    except WaitingListError as error:
        return "error", str(error)
    return output.getvalue(), summary.as_dict()


@PROPERTY
@given(files(), st.integers(2, 5))
def test_a_file_checked_in_slices_gives_the_bytes_and_summary_of_one_process(
    data: bytes, workers: int
) -> None:
    with tempfile.TemporaryDirectory() as folder, _sliceable():
        path = Path(folder) / "list.csv"
        path.write_bytes(data)
        alone = _check(path, 1)
        sliced = _check(path, workers)
        assert sliced == alone
        assert sorted(Path(folder).iterdir()) == [path]  # no temporary file left behind


def _reach(text: str) -> list[tuple[int, int]]:
    """Per record of the one-process reader: its first line, and the last line it looked at.

    Lines are numbered from 1 (the header). A record that looked at a line (a quoted cell
    going on, or refused after taking lines that are read again) depends on that line.
    """
    pulled = 1

    def counted() -> Iterator[str]:
        nonlocal pulled
        for line in source:
            pulled += 1
            yield line

    source = iter(io.StringIO(text, newline=""))
    next(source, "")  # the header
    return [(first, pulled) for first, _cells, _body, _error in read_records(counted(), ";", 10, 1)]


@PROPERTY
@given(files(), st.integers(2, 6))
def test_no_record_reaches_over_a_place_the_file_is_cut(data: bytes, parts: int) -> None:
    # (the record-level statement of what the test above shows by the bytes)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "list.csv"
        path.write_bytes(data)
        try:
            data.decode("utf-8")
            codec = "utf-8"
        except UnicodeDecodeError:
            codec = "cp1252"
        start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        header_end = data.find(b"\n", start)
        if header_end < 0 or b"\r" in data[start:header_end]:
            return  # a one-line header ended by \n is what this looks at
        bounds = _cut(path, header_end + 1, len(data), parts, delimiter=";", codec=codec, minimum=1)
    assert bounds[0] == header_end + 1
    assert bounds[-1] == len(data)
    inner = bounds[1:-1]
    assert inner == sorted(set(inner))
    assert all(bounds[0] < place < bounds[-1] for place in inner)
    records = _reach(data[start:].decode(codec))
    for place in bounds[1:-1]:
        assert data[place - 1 : place] == b"\n"
        line = len(list(io.StringIO(data[start:place].decode(codec), newline=""))) + 1
        for first, last in records:
            if first < line:
                assert last < line, (place, line, first, last)


def test_the_strategy_makes_files_the_cutter_cuts() -> None:
    # the properties above are not vacuous: a file of many lines with quotes is cut
    text = HEADER + "".join(
        "\r\n"
        + (
            'P4;"Hud; Väst";visit;2025-05-20;;;;;;"två\nrader"'
            if i % 7
            else "P1;Ö;visit;2025-03-01;;;;;;"
        )
        for i in range(300)
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "list.csv"
        path.write_bytes(text.encode("utf-8"))
        bounds = _cut(
            path, len(HEADER) + 2, path.stat().st_size, 4, delimiter=";", codec="utf-8", minimum=1
        )
    assert len(bounds) == 5


# -- the report ----------------------------------------------------------------------------------

REPORT_HEADER: Final = "id;unit;level;start;completed;booked;exclusions;restart;listed;referral"
_DAYS: Final = st.dates(date(2024, 6, 1), date(2025, 9, 30)).map(date.isoformat)
_STARTS: Final = st.dates(date(2024, 12, 1), date(2025, 6, 2)).map(date.isoformat)
_MOSTLY_NONE: Final = st.one_of(st.just(""), st.just(""), st.just(""), _DAYS)
report_row = st.builds(
    lambda *cells: ";".join(cells),
    # few ids and referrals, so that they repeat, within a slice and across slices
    st.one_of(
        st.sampled_from(["P1", "P2", "P3", " P1", ""]),
        st.from_regex(r"P[0-9]{1,3}", fullmatch=True),
    ),
    st.sampled_from(["Ögon", "Ögon", "Ögon", "Hud", " Ögon", "", "<script>"]),
    st.sampled_from(["visit", "visit", "visit", "treatment", "besök", "behandling", "x", ""]),
    _STARTS,  # mostly waiting, many on the worklist
    _MOSTLY_NONE,
    _MOSTLY_NONE,
    st.sampled_from(
        ["", "", "", "", "mov:2025-04-01..2025-04-09", "pvv:2025-05-01..2025-05-03", "x"]
    ),
    st.sampled_from(["", "", "", "", "2025-05-01"]),
    st.sampled_from(["", "ja", "nej"]),
    st.sampled_from(["", "", "R1", "R2", "R3"]),
)


@st.composite
def report_files(draw: st.DrawFn) -> bytes:
    """A list with repeated ids and referrals, errors among its rows, sorted by id or not."""
    rows = draw(
        st.lists(
            st.one_of(report_row, report_row, report_row, broken_row), min_size=15, max_size=80
        )
    )
    if draw(st.booleans()):  # a sorted export: the duplicate checks' list of ascending ids
        rows.sort(key=lambda row: row.split(";")[0].strip())
    ending = draw(endings)
    return (ending.join([REPORT_HEADER, *rows]) + ending).encode("utf-8")


@st.composite
def national_files(draw: st.DrawFn) -> bytes:
    """A national delivery as CSV: the fixture's contacts, repeated (ids too) and reordered."""
    pool = contacts(draw(st.sampled_from(["vantande", "genomforda"])))
    picked = draw(st.lists(st.integers(0, len(pool) - 1), min_size=15, max_size=60))
    records = []
    for n, index in enumerate(picked):
        record = dict(pool[index])
        if draw(st.booleans()):  # a contact of its own, or the same id again
            record["VardkontaktId"] = f"VK{n}"
        if draw(st.integers(0, 4)) == 0:  # no coverage value: the official methods skip it
            record["Vardgaranti"] = ""
        records.append(record)
    return national_csv(records).encode(draw(st.sampled_from(["utf-8", "cp1252"])))


def _report(path: Path, workers: int) -> tuple[str, object]:
    from vardgaranti._report import gather_report, render_report

    try:
        report = gather_report(path, as_of=AS_OF, workers=workers, top=100)
    except WaitingListError as error:
        return "error", str(error)
    return render_report(report, "en"), report


@PROPERTY
@given(st.one_of(report_files(), national_files(), files()), st.integers(2, 5), st.integers(1, 3))
def test_a_report_counted_in_slices_is_the_report_of_one_process(
    data: bytes, workers: int, shown: int
) -> None:
    from vardgaranti import _report as module

    with (
        tempfile.TemporaryDirectory() as folder,
        _sliceable(),
        pytest.MonkeyPatch.context() as patch,
    ):
        # few patients shown per group: a group's first patients come from several slices
        patch.setattr(module, "MAX_PATIENTS_SHOWN", shown)
        path = Path(folder) / "list.csv"
        path.write_bytes(data)
        alone = _report(path, 1)
        sliced = _report(path, workers)
    assert sliced[0] == alone[0]  # the page
    assert sliced[1] == alone[1]  # and every figure behind it


def _stats(path: Path, workers: int, options: dict[str, Any]) -> object:
    from vardgaranti._stats import compute_stats

    try:
        return compute_stats(path, census=AS_OF, workers=workers, **options)
    except WaitingListError as error:
        return "error", str(error)


@st.composite
def stats_options(draw: st.DrawFn) -> dict[str, Any]:
    """The statistics' options: methods, groups, home region, a scenario."""
    from vardgaranti._rules import rule_set

    options: dict[str, Any] = {
        "methods": draw(st.sampled_from([("skr",), ("skr", "legal"), ("socialstyrelsen", "skr")])),
        "by": draw(st.sampled_from([("unit", "level"), ("level",), (), ("Aktivitet", "level")])),
    }
    if draw(st.booleans()):
        options["home_region"] = ("18", "01")
        options["split_home"] = draw(st.booleans())
    if draw(st.booleans()):
        options["scenario"] = rule_set("bup")
    return options


@PROPERTY
@given(st.one_of(report_files(), national_files(), files()), st.integers(2, 5), stats_options())
def test_statistics_counted_in_slices_are_those_of_one_process(
    data: bytes, workers: int, options: dict[str, Any]
) -> None:
    with tempfile.TemporaryDirectory() as folder, _sliceable():
        path = Path(folder) / "list.csv"
        path.write_bytes(data)
        alone = _stats(path, 1, options)
        sliced = _stats(path, workers, options)
    assert sliced == alone


def _validate(path: Path, workers: int, **options: Any) -> object:
    from vardgaranti._validate import validate_file

    notes: list[str] = []
    try:
        with validate_file(
            path, as_of=AS_OF, workers=workers, notes=notes.append, **options
        ) as validation:
            findings = list(validation.findings)
            summary = validation.summary
    except WaitingListError as error:
        return "error", str(error)
    # every view of the codes is sorted (the order they came in may differ after a merge)
    by_code = sorted(summary.by_code.items())
    by_code_unit = sorted(summary.by_code_unit.items())
    return findings, summary.as_dict(), by_code, by_code_unit, summary.capped


@PROPERTY
@given(
    st.one_of(report_files(), national_files(), files()),
    st.integers(2, 5),
    st.sampled_from([{}, {"stale_days": 30}, {"max_ids": 4}, {"max_ids": 0}]),
)
def test_a_file_validated_in_slices_has_the_findings_of_one_pass(
    data: bytes, workers: int, options: dict[str, Any]
) -> None:
    # The findings of one pass, in order, byte for byte in both languages: a row that repeats
    # an id or referral of an earlier slice named with the first row of all; a small bound of
    # remembered ids (the slices cannot be merged: checked again in one process).
    with tempfile.TemporaryDirectory() as folder, _sliceable():
        path = Path(folder) / "list.csv"
        path.write_bytes(data)
        alone = _validate(path, 1, **options)
        sliced = _validate(path, workers, **options)
        assert sorted(Path(folder).iterdir()) == [path]  # no temporary file left behind
    assert sliced == alone
