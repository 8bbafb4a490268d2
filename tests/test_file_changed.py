"""A waiting list that changes while a command reads it: refused, nothing written.

A region's export job may still be writing the list when the nightly run reads it, or write it
again in place. Read on, the rows mixed two versions of the file, a half-written last line was
judged with its date cut short (overdue, care elsewhere due, for a completed case), the columnar
engine split such a line into a row and an error, and a character cut in two at the end made
the whole list read as Windows-1252 (a file-system review). The file's size and modification
time are compared, through the open file, with what they were when it was opened.
"""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

import pytest

from vardgaranti import assess_file, check_waiting_list, read_waiting_list
from vardgaranti._cli import main
from vardgaranti.errors import WaitingListError

AS_OF = date(2025, 6, 2)
HEADER = "id;unit;level;start;completed\n"


def _list(path: Path, rows: int = 2_000) -> Path:
    path.write_text(
        HEADER + "".join(f"P{i:05d};Eye;visit;2025-01-31;2025-03-01\n" for i in range(rows)),
        encoding="utf-8",
    )
    return path


def _append(path: Path, text: str = "A1;Eye;visit;2025-01-31;2025-") -> None:
    with open(path, "a", encoding="utf-8") as handle:  # (a line cut short, as half written)
        handle.write(text)


@pytest.mark.parametrize("engine", ["stream", "columnar"])
def test_a_list_written_to_while_check_reads_it_is_refused(tmp_path: Path, engine: str) -> None:
    source = _list(tmp_path / "lista.csv", 30_000)
    appended: list[int] = []

    def progress(done: int, total: int) -> None:
        if not appended:
            _append(source)
            appended.append(done)

    out = io.StringIO()
    if engine == "columnar":
        from vardgaranti import NATIONAL, Policy
        from vardgaranti._columnar import check_columnar

        def run() -> object:
            return check_columnar(source, out, as_of=AS_OF, rules=NATIONAL, policy=Policy(),
                                  progress=progress, required=True)  # fmt: skip
    else:

        def run() -> object:
            return check_waiting_list(source, out, as_of=AS_OF, progress=progress)

    with pytest.raises(WaitingListError, match="the file changed while it was read"):
        run()
    assert appended


def test_check_on_the_command_line_keeps_the_old_output(tmp_path: Path) -> None:
    # (the error comes before the output is put in place: the last good one stays)
    source = _list(tmp_path / "lista.csv")
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    import vardgaranti._waiting_list as waiting_list

    real = waiting_list._CsvSink.__init__  # (a hook early in the run: the file grows then)

    def growing(self: object, *args: object, **kwargs: object) -> None:
        _append(source)
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(waiting_list._CsvSink, "__init__", growing)
        code = main(["check", str(source), "--as-of", "2025-06-02", "--engine", "stream",
                     "-o", str(target)])  # fmt: skip
    assert code == 2
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_rows_read_from_a_list_that_grew_are_refused_at_its_end(tmp_path: Path) -> None:
    source = _list(tmp_path / "lista.csv")
    with (  # noqa: PT012
        pytest.raises(WaitingListError, match="changed while it was read"),
        assess_file(source, as_of=AS_OF) as file,
    ):
        _append(source)
        list(file.rows)
    rows = read_waiting_list(source)
    first = next(rows)
    _append(source, "\n")
    with pytest.raises(WaitingListError, match="changed while it was read"):
        list(rows)
    assert first.cells["id"] == "P00000"


def test_a_list_rewritten_in_place_of_the_same_size_is_refused(tmp_path: Path) -> None:
    # (cat new.csv > lista.csv: the size may be the same; the modification time is not)
    source = _list(tmp_path / "lista.csv")
    with (  # noqa: PT012
        pytest.raises(WaitingListError, match="changed while it was read"),
        assess_file(source, as_of=AS_OF) as file,
    ):
        data = source.read_bytes().replace(b"P00001", b"B00001")
        stat = source.stat()
        source.write_bytes(data)
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
        assert source.stat().st_size == stat.st_size
        list(file.rows)


def test_a_table_left_unread_is_checked_when_left(tmp_path: Path) -> None:
    # (the slices of --jobs read the file by offsets: the whole file is checked when left)
    source = _list(tmp_path / "lista.csv")
    with (
        pytest.raises(WaitingListError, match="changed while it was read"),
        assess_file(source, as_of=AS_OF),
    ):
        _append(source)


def test_a_new_file_renamed_over_the_list_leaves_the_one_being_read_whole(
    tmp_path: Path,
) -> None:
    # (an export written beside and renamed into place: the open file is the old one, whole)
    source = _list(tmp_path / "lista.csv")
    new = _list(tmp_path / "ny.csv", 10)
    with assess_file(source, as_of=AS_OF) as file:
        os.replace(new, source)
        rows = list(file.rows)
    assert len(rows) == 2_000


def test_a_callers_stream_and_standard_input_are_not_watched() -> None:
    data = io.BytesIO((HEADER + "P1;Eye;visit;2025-01-31;2025-03-01\n").encode())
    with assess_file(data, as_of=AS_OF) as file:
        data.seek(0, io.SEEK_END)
        data.write(b"P2;Eye;visit;2025-01-31;2025-03-01\n")  # (the caller's to mind)
        assert len(list(file.rows)) >= 1


def test_an_error_while_reading_is_not_hidden_by_the_check(tmp_path: Path) -> None:
    source = _list(tmp_path / "lista.csv")
    with pytest.raises(KeyError), assess_file(source, as_of=AS_OF):  # noqa: PT012
        _append(source)
        raise KeyError("the caller's own")


def test_a_list_whose_size_alone_changed_is_refused(tmp_path: Path) -> None:
    # (the modification time put back: the size tells)
    source = _list(tmp_path / "lista.csv")
    with (  # noqa: PT012
        pytest.raises(WaitingListError, match="changed while it was read"),
        assess_file(source, as_of=AS_OF) as file,
    ):
        before = source.stat()
        _append(source)
        os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
        list(file.rows)


@pytest.mark.parametrize("kind", ["xlsx", "xml"])
def test_a_workbook_or_a_delivery_that_changed_is_refused(tmp_path: Path, kind: str) -> None:
    from vardgaranti import example_waiting_list

    if kind == "xlsx":
        pytest.importorskip("openpyxl")
        source = tmp_path / "lista.xlsx"
        assert main(["check", "--example", "-o", str(source)]) == 1
    else:
        from tests.national_fixtures import national_xml

        source = tmp_path / "leverans.xml"
        source.write_bytes(national_xml())
    assert example_waiting_list()
    with (  # noqa: PT012
        pytest.raises(WaitingListError, match="changed while it was read"),
        assess_file(source, as_of=AS_OF) as file,
    ):
        list(file.rows)
        with open(source, "ab") as handle:
            handle.write(b"\n")


def test_a_list_that_turns_into_bytes_that_are_not_text_says_it_changed(tmp_path: Path) -> None:
    # (a character half written at the end: the decoding error is the change's, not a file to
    # save again as UTF-8)
    source = _list(tmp_path / "lista.csv", 30_000)
    with (  # noqa: PT012
        pytest.raises(WaitingListError, match="changed while it was read"),
        assess_file(source, as_of=AS_OF) as file,
    ):
        rows = iter(file.rows)
        next(rows)
        with open(source, "ab") as handle:
            handle.write("A;Ögon".encode()[:-4])  # (Ö cut in two)
        list(rows)


def test_the_rows_end_with_the_check_before_the_file_is_left(tmp_path: Path) -> None:
    # (a mutation audit: a pass that writes while it reads, as validate does, must learn of the
    # change when the last row is read, before its output is put in place)
    source = _list(tmp_path / "lista.csv")
    file = assess_file(source, as_of=AS_OF)
    try:
        _append(source)
        with pytest.raises(WaitingListError, match="changed while it was read"):
            list(file.rows)
    finally:
        file.close()


@pytest.mark.parametrize("reader", ["check", "read_waiting_list"])
def test_a_character_cut_in_two_after_the_check_says_the_file_changed(
    tmp_path: Path, reader: str
) -> None:
    source = _list(tmp_path / "lista.csv", 30_000)
    cut = "A;Ögon".encode()[:-4]
    if reader == "check":
        done: list[int] = []

        def progress(_done: int, _total: int) -> None:
            if not done:
                with open(source, "ab") as handle:
                    handle.write(cut)
                done.append(1)

        with pytest.raises(WaitingListError, match="changed while it was read"):
            check_waiting_list(source, io.StringIO(), as_of=AS_OF, progress=progress)
        assert done
    else:
        rows = read_waiting_list(source)
        next(rows)
        with open(source, "ab") as handle:
            handle.write(cut)
        with pytest.raises(WaitingListError, match="changed while it was read"):
            list(rows)


def test_the_leftover_is_said_in_swedish() -> None:
    from vardgaranti._messages import error_text

    said = error_text(
        "o.csv: cannot write (Permission denied); what was written is left in "
        "/x/.o.csv.a.partial (mode 600): remove it",
        "sv",
    )
    assert said.endswith("det som skrevs finns kvar i /x/.o.csv.a.partial (läge 600): ta bort den")
