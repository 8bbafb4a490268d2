"""``check`` reading a large CSV file in several processes (``--jobs``): the same output, safely.

The file is cut only where no record can span the cut (``vardgaranti._slices``); the children's
outputs are joined in order; a child's failure is the command's; whatever way the command ends,
no child is left running and no temporary file is left behind. The whole batch suite also runs
through this engine (``sliced`` in ``tests/engines.py``); the properties are in
``tests/property/test_slice_properties.py``.
"""

from __future__ import annotations

import contextlib
import errno
import io
import itertools
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any, Final

import pytest

from vardgaranti import _report as report_module
from vardgaranti import _slices
from vardgaranti import _validate as validate_module
from vardgaranti import _waiting_list as waiting_list
from vardgaranti._cli import main
from vardgaranti._cli_common import cpu_quota
from vardgaranti._messages import note_text
from vardgaranti._report import Report, gather_report
from vardgaranti._slices import cut, lines_before, offset_after_lines
from vardgaranti._stats import ErrorTally, compute_stats
from vardgaranti._tables import open_table
from vardgaranti._validate import FindingCode, validate_file
from vardgaranti._waiting_list import assess_file, check_waiting_list
from vardgaranti._worklist import WorklistBuilder, build_worklist
from vardgaranti.errors import InvalidTypeError, InvalidValueError, WaitingListError

AS_OF: Final = date(2025, 6, 2)
HEADER: Final = "id;unit;level;start;completed;booked;exclusions;restart;listed;note"
QUOTED: Final = (
    'P{n};"Hud; Väst";treatment;2025-02-01;;;"mov:2025-03-01..2025-03-09; '
    'pvv:2025-04-01..2025-04-03";;;"två\nrader"'
)
PLAIN: Final = "P{n};Ögon;visit;2025-0{m}-1{d};;;;;;"
POSIX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux only")


def _cut(path: Path, *args: Any, **options: Any) -> list[int]:
    with path.open("rb") as file:
        return cut(file.fileno(), *args, **options)


def _lines_before(path: Path, offset: int) -> int:
    with path.open("rb") as file:
        return lines_before(file.fileno(), offset)


def _offset_after_lines(path: Path, start: int, count: int) -> int | None:
    with path.open("rb") as file:
        return offset_after_lines(file.fileno(), start, count)


def _lines(count: int, every: int = 5) -> list[str]:
    return [
        (QUOTED if n % every == 0 else PLAIN).format(n=n, m=1 + n % 5, d=n % 10)
        for n in range(count)
    ]


def _file(folder: Path, lines: list[str], ending: str = "\r\n", encoding: str = "utf-8") -> Path:
    path = folder / "list.csv"
    path.write_bytes(ending.join([HEADER, *lines, ""]).encode(encoding))
    return path


@pytest.fixture
def small_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Slices of 4 KiB on; the test process (which may have polars' threads) let fork."""
    monkeypatch.setattr(waiting_list, "_SLICE_MIN", 4096)
    monkeypatch.setattr(waiting_list, "_fork_safe", lambda: True)


def _check(path: Path, workers: int, **options: Any) -> tuple[str, dict[str, object]]:
    output = io.StringIO(newline="")
    summary = check_waiting_list(path, output, as_of=AS_OF, workers=workers, **options)
    return output.getvalue(), summary.as_dict()


def _no_child_left() -> None:
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


# -- where the file is cut ---------------------------------------------------------------------


def test_a_cut_follows_a_newline_and_no_quoted_cell_spans_it(tmp_path: Path) -> None:
    path = _file(tmp_path, _lines(3000, every=3))
    data = path.read_bytes()
    begin = len(HEADER) + 2
    bounds = _cut(path, begin, len(data), 4, delimiter=";", codec="utf-8", minimum=1)
    assert len(bounds) == 5
    for place in bounds[1:-1]:
        assert data[place - 1 : place] == b"\n"
        # the cell "två\nrader" spans a line: the cut is never just after its first line
        assert not data[:place].endswith(b'"tv\xc3\xa5\n')


def test_a_quote_left_open_within_the_lines_a_quote_may_span_moves_the_cut_on(
    tmp_path: Path,
) -> None:
    # a quote opened 50 lines before the ideal place might run to it: the cut goes after the
    # 100 lines that follow it
    lines = [PLAIN.format(n=n, m=1, d=1) for n in range(400)]
    lines[150] = 'P150;Ögon;visit;2025-01-11;;;;;;"öppnar och stänger aldrig'
    path = _file(tmp_path, lines, ending="\n")
    data = path.read_bytes()
    begin = len(HEADER) + 1
    ideal = begin + (len(data) - begin) // 2  # about line 200
    bounds = _cut(path, begin, len(data), 2, delimiter=";", codec="utf-8", minimum=1)
    place = bounds[1]
    assert place > ideal
    assert _lines_before(path, place) >= 1 + 150 + 100  # the header, the rows, the quote's reach


def test_lines_that_are_all_quoted_are_still_cut(tmp_path: Path) -> None:
    # an export that quotes every cell: each line a record of its own
    lines = [f'"P{n}";"Ögon";"visit";"2025-03-01";"";"";"";"";"";"x"' for n in range(2000)]
    path = _file(tmp_path, lines)
    bounds = _cut(
        path, len(HEADER) + 2, path.stat().st_size, 3, delimiter=";", codec="utf-8", minimum=1
    )
    assert len(bounds) == 4


def test_a_file_with_only_carriage_returns_is_not_cut(tmp_path: Path) -> None:
    path = _file(tmp_path, _lines(2000), ending="\r")
    bounds = _cut(
        path, len(HEADER) + 1, path.stat().st_size, 3, delimiter=";", codec="utf-8", minimum=1
    )
    assert len(bounds) == 2


def test_no_slice_is_smaller_than_the_minimum(tmp_path: Path) -> None:
    path = _file(tmp_path, _lines(2000))
    size = path.stat().st_size
    bounds = _cut(path, 0, size, 8, delimiter=";", codec="utf-8", minimum=size // 3)
    assert len(bounds) <= 4
    assert all(b - a >= size // 3 for a, b in itertools.pairwise(bounds))


def test_lines_are_counted_as_the_reader_splits_them_across_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_slices, "_CHUNK", 3)  # \r\n falls across chunks
    path = tmp_path / "a.csv"
    path.write_bytes(b"ab\r\ncd\re\n\r\nf\n")
    assert [_lines_before(path, offset) for offset in (4, 9, 11, 13)] == [1, 3, 4, 5]


def test_the_header_may_take_several_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b'"i\nd";x\r\n1;2\n')
    assert _offset_after_lines(path, 0, 2) == 9
    assert _offset_after_lines(path, 0, 4) is None


# -- the same output ---------------------------------------------------------------------------


@POSIX
@pytest.mark.usefixtures("small_slices")
@pytest.mark.parametrize("workers", [2, 3, 4])
@pytest.mark.parametrize(
    ("ending", "encoding"), [("\r\n", "utf-8"), ("\n", "utf-8-sig"), ("\r\n", "cp1252")]
)
def test_a_file_checked_in_several_processes_is_the_same_byte_for_byte(
    tmp_path: Path, workers: int, ending: str, encoding: str
) -> None:
    lines = _lines(1500)
    lines[700] = "P700;Ögon;besök;2025-13-01;;;;;;"  # an error in a later slice
    lines[1200] = 'P1200;Ögon;visit;2025-01-01;;;;;;"open'  # a quote that never closes
    lines[1400] = ""  # a blank line
    path = _file(tmp_path, lines, ending=ending, encoding=encoding)
    with open_table(path) as table:
        assert len(waiting_list._slices_of(path, table, workers) or []) == workers + 1
    assert _check(path, workers) == _check(path, 1)
    _no_child_left()
    assert sorted(tmp_path.iterdir()) == [path]


@POSIX
@pytest.mark.usefixtures("small_slices")
def test_an_error_in_a_later_slice_names_its_own_line(tmp_path: Path) -> None:
    lines = _lines(1500)
    lines[1450] = "P1450;Ögon;besök;2025-13-01;;;;;;"
    path = _file(tmp_path, lines)
    text, summary = _check(path, 3)
    wrong = [line for line in text.splitlines() if line.startswith("P1450;")]
    assert len(wrong) == 1
    assert "2025-13-01" in wrong[0]
    assert summary["errors"] == 1
    assert summary["rows"] == 1500


@POSIX
@pytest.mark.usefixtures("small_slices")
def test_the_progress_bar_ends_at_the_whole(tmp_path: Path) -> None:
    path = _file(tmp_path, _lines(3000))
    seen: list[tuple[int, int]] = []
    _check(path, 2, progress=lambda done, total: seen.append((done, total)))
    assert seen
    assert seen[-1][0] == seen[-1][1]


# -- when it is not done -----------------------------------------------------------------------


def test_workers_must_be_a_whole_number_of_at_least_one(tmp_path: Path) -> None:
    path = _file(tmp_path, _lines(3))
    # a value out of range is a ValueError, one of another type a TypeError
    wrongs: list[tuple[object, type[Exception]]] = [
        (0, InvalidValueError),
        (-1, InvalidValueError),
        (True, InvalidTypeError),
        (1.5, InvalidTypeError),
        ("2", InvalidTypeError),
    ]
    for wrong, error in wrongs:
        with pytest.raises(error) as caught:
            check_waiting_list(path, io.StringIO(), as_of=AS_OF, workers=wrong)  # type: ignore[arg-type]
        assert getattr(caught.value, "field", None) == "workers"


def test_a_process_with_another_thread_is_not_forked() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not waiting_list._fork_safe()
    finally:
        stop.set()
        other.join()


def test_a_process_that_has_loaded_polars_is_not_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "polars", sys)  # (any module object)
    assert not waiting_list._fork_safe()


@pytest.mark.usefixtures("small_slices")
def test_a_stream_or_a_small_file_is_read_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _file(tmp_path, _lines(3000))
    with open_table(path) as table:
        assert waiting_list._slices_of(path, table, 2) is not None
        assert waiting_list._slices_of(io.StringIO(), table, 2) is None
        assert waiting_list._slices_of(path, table, 1) is None
        monkeypatch.setattr(waiting_list, "_SLICE_MIN", path.stat().st_size)
        assert waiting_list._slices_of(path, table, 2) is None
    with open_table(io.BytesIO(path.read_bytes())) as table:  # a stream: no descriptor
        monkeypatch.setattr(waiting_list, "_SLICE_MIN", 4096)
        assert waiting_list._slices_of(path, table, 2) is None


# -- failures ----------------------------------------------------------------------------------


def _in_children(monkeypatch: pytest.MonkeyPatch, child: Any, parent: Any = None) -> None:
    """``_check`` runs *child* first in a child process (and *parent* first in this one)."""
    this = os.getpid()
    real = waiting_list._check

    def check(*args: Any) -> Any:
        first = parent if os.getpid() == this else child
        if first is not None:
            first()
        return real(*args)

    monkeypatch.setattr(waiting_list, "_check", check)


def _raise(error: BaseException) -> Any:
    def raising() -> None:
        raise error

    return raising


@POSIX
@pytest.mark.usefixtures("small_slices")
def test_a_childs_error_is_the_commands_and_no_child_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _file(tmp_path, _lines(3000))
    _in_children(monkeypatch, _raise(WaitingListError("list.csv: the disk went away")))
    with pytest.raises(WaitingListError, match="the disk went away"):
        _check(path, 3)
    _no_child_left()
    assert sorted(tmp_path.iterdir()) == [path]


@POSIX
@pytest.mark.usefixtures("small_slices")
def test_a_child_that_dies_without_a_word_is_an_error_not_a_short_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _file(tmp_path, _lines(3000))
    _in_children(monkeypatch, lambda: os._exit(9))
    with pytest.raises(WaitingListError, match="stopped unexpectedly"):
        _check(path, 2)
    _no_child_left()


@POSIX
@pytest.mark.usefixtures("small_slices")
def test_an_interrupt_in_this_process_stops_the_children(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _file(tmp_path, _lines(3000))
    # children that would go on for a minute; this process interrupted at once
    _in_children(monkeypatch, lambda: time.sleep(60), _raise(KeyboardInterrupt()))
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        _check(path, 3)
    assert time.monotonic() - started < 30
    _no_child_left()


RUNNER: Final = """
import os, sys, time
import vardgaranti._waiting_list as w
w._SLICE_MIN = 4096
parent = os.getpid()
real = w._check
def slow(*args):
    if os.getpid() == parent:
        print("ready", flush=True)
    time.sleep(60)
    return real(*args)
w._check = slow
from vardgaranti.__main__ import main
sys.exit(main())
"""


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in found]


@POSIX
@pytest.mark.parametrize(
    ("signum", "exit_code"), [(signal.SIGTERM, 128 + signal.SIGTERM), (signal.SIGKILL, -9)]
)
def test_a_signal_to_the_command_keeps_the_old_output_and_leaves_no_child(
    tmp_path: Path, signum: int, exit_code: int
) -> None:
    # SIGTERM: the command stops its children; SIGKILL: the kernel does (they asked to die
    # with it)
    path = _file(tmp_path, _lines(3000))
    out = tmp_path / "checked.csv"
    out.write_text("old\n")
    env = {**os.environ, "PYTHONPATH": str(Path(waiting_list.__file__).parents[1])}
    command = [sys.executable, "-c", RUNNER, "check", str(path), "--as-of", "2025-06-02"]
    run = subprocess.Popen(
        [*command, "--engine", "stream", "--jobs", "3", "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        assert run.stdout is not None
        assert run.stdout.readline() == b"ready\n"
        children = _children(run.pid)
        assert len(children) == 2
        run.send_signal(signum)
        _, err = run.communicate(timeout=30)
    finally:
        run.kill()
        run.wait()
    assert run.returncode == exit_code, err.decode()
    assert out.read_text() == "old\n"
    deadline = time.monotonic() + 10
    while any(_alive(child) for child in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(child) for child in children)
    if signum != signal.SIGKILL:  # (a killed command cannot remove its temporary file)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["checked.csv", "list.csv"]


def _alive(pid: int) -> bool:
    """Whether *pid* runs (a zombie, dead but not yet reaped by init, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# -- the command line --------------------------------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@POSIX
@pytest.mark.usefixtures("small_slices")
def test_jobs_gives_the_output_of_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, _lines(3000))
    runs = {}
    for jobs in ("1", "3", "auto"):
        out = tmp_path / f"out{jobs}.csv"
        code, summary, _ = _run(
            capsys, "check", str(path), "--as-of", "2025-06-02", "--engine", "stream",
            "--jobs", jobs, "-o", str(out), "--summary", "json",
        )  # fmt: skip
        assert code == 0
        runs[jobs] = (out.read_bytes(), json.loads(summary or "{}"))
    assert runs["3"] == runs["1"]
    assert runs["auto"] == runs["1"]


@pytest.mark.parametrize("wrong", ["0", "-2", "many"])
def test_jobs_must_be_auto_or_a_whole_number_of_at_least_one(
    capsys: pytest.CaptureFixture[str], wrong: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["check", "--example", "--jobs", wrong])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "--jobs" in err
    assert "or auto" in err  # (a number below 1 was told ">= 1" without the other choice)


@POSIX
@pytest.mark.usefixtures("small_slices")
@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "cp1252"])
def test_an_output_encoding_gives_the_bytes_of_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    path = _file(tmp_path, _lines(3000))
    written = []
    for jobs in ("1", "3"):
        out = tmp_path / f"out{jobs}.csv"
        code, _, err = _run(
            capsys, "check", str(path), "--as-of", "2025-06-02", "--engine", "stream",
            "--jobs", jobs, "--output-encoding", encoding, "-o", str(out),
        )  # fmt: skip
        assert code == 0, err
        written.append(out.read_bytes())
    assert written[0] == written[1]


@POSIX
@pytest.mark.usefixtures("small_slices")
def test_a_character_the_code_page_lacks_in_a_later_slice_is_exit_2_keeping_the_old_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _lines(3000)
    lines[2900] = "P2900;Ögon ☃;visit;2025-01-11;;;;;;"  # in the last of three slices
    path = _file(tmp_path, lines)
    out = tmp_path / "checked.csv"
    out.write_text("old\n")
    code, _, err = _run(
        capsys, "check", str(path), "--as-of", "2025-06-02", "--engine", "stream", "--jobs", "3",
        "--output-encoding", "cp1252", "-o", str(out),
    )  # fmt: skip
    assert code == 2
    assert "'☃' (U+2603) cannot be written in cp1252" in err
    assert out.read_text() == "old\n"
    _no_child_left()


@POSIX
@pytest.mark.usefixtures("small_slices")
def test_a_folder_the_temporary_files_cannot_go_in_sends_them_to_the_systems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _file(tmp_path, _lines(3000))
    real = tempfile.TemporaryFile
    folders: list[str | None] = []

    def refusing(dir: str | None = None) -> Any:
        folders.append(dir)
        if dir == str(tmp_path):
            raise PermissionError(13, "Permission denied")
        return real(dir=dir)

    monkeypatch.setattr(tempfile, "TemporaryFile", refusing)
    assert _check(path, 2) == _check(path, 1)
    assert folders == [str(tmp_path), tempfile.gettempdir()]


@POSIX
@pytest.mark.usefixtures("small_slices")
def test_a_full_disk_under_the_temporary_files_is_an_error_naming_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _file(tmp_path, _lines(3000))
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda dir=None: open("/dev/full", "w+b"))  # noqa: SIM115
    with pytest.raises(WaitingListError) as caught:
        _check(path, 2)
    assert str(caught.value) == (
        f"{tmp_path}: No space left on device, writing part of the output to a temporary file "
        "there (--jobs 1 writes none)"
    )
    _no_child_left()


# -- found by review ---------------------------------------------------------------------------


@POSIX
@pytest.mark.usefixtures("small_slices")
def test_progress_goes_up_to_the_whole_file_while_the_first_slice_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (the first slice's progress is scaled to the whole file; it used to call tell() on a
    # reader without one)
    monkeypatch.setattr(waiting_list, "_PROGRESS_ROWS", 100)
    path = _file(tmp_path, _lines(3000))
    seen: list[tuple[int, int]] = []
    alone = _check(path, 1)
    assert _check(path, 2, progress=lambda done, total: seen.append((done, total))) == alone
    size = path.stat().st_size
    assert len(seen) > 5
    assert all(total == size and 0 <= done <= size for done, total in seen)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1] == (size, size)


@POSIX
@pytest.mark.usefixtures("small_slices")
def test_a_file_put_in_place_of_the_path_meanwhile_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the slices read the file that was opened (and whose header and encoding were read), not
    # whatever the path names when they are cut
    path = _file(tmp_path, _lines(3000))
    alone = _check(path, 1)
    other = tmp_path / "other.csv"
    other.write_bytes(b"note;id;level;start\n" + b"x;P1;visit;2025-05-01\n" * 5000)
    real = waiting_list._slices_of

    def replaced(source: Any, table: Any, workers: int, *more: Any) -> Any:
        os.replace(other, path)
        return real(source, table, workers, *more)

    monkeypatch.setattr(waiting_list, "_slices_of", replaced)
    assert _check(path, 3) == alone


@POSIX
@pytest.mark.usefixtures("small_slices")
def test_a_process_that_ignores_sigchld_still_gets_every_slice(tmp_path: Path) -> None:
    # (its children are reaped by the kernel: waiting for them finds none)
    path = _file(tmp_path, _lines(3000))
    alone = _check(path, 1)
    before = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        assert _check(path, 3) == alone
    finally:
        signal.signal(signal.SIGCHLD, before)


@POSIX
@pytest.mark.usefixtures("small_slices")
def test_the_stopping_signals_are_held_back_while_a_child_is_forked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a Ctrl-C between the fork and the child's own handlers would run this process's
    # handlers (and its callers' cleanup) in the child
    path = _file(tmp_path, _lines(3000))
    held: list[set[int]] = []
    real = os.fork

    def fork() -> int:
        held.append(set(signal.pthread_sigmask(signal.SIG_BLOCK, [])))
        return real()

    monkeypatch.setattr(os, "fork", fork)
    _check(path, 3)
    assert held == [{signal.SIGINT, signal.SIGTERM, signal.SIGHUP}] * 2
    assert not set(signal.pthread_sigmask(signal.SIG_BLOCK, [])) & {signal.SIGINT}


def test_a_file_of_long_lines_is_cut_too(tmp_path: Path) -> None:
    # the 100 lines before a place may be longer than the look-back: the next line is tried
    note = "n" * 650
    lines = [f"P{n};Ögon;visit;2025-01-10;;;;;;{note}" for n in range(3000)]
    path = _file(tmp_path, lines)
    size = path.stat().st_size
    bounds = _cut(path, len(HEADER) + 2, size, 2, delimiter=";", codec="utf-8", minimum=1)
    assert len(bounds) == 3


@pytest.mark.parametrize(
    ("written", "quota"),
    [
        ("max 100000\n", None),
        ("200000 100000\n", 2),
        ("50000 100000\n", 1),
        ("x y\n", None),
        ("", None),
    ],
)
def test_jobs_auto_keeps_within_a_containers_cpu_quota(
    tmp_path: Path, written: str, quota: int | None
) -> None:
    limit = tmp_path / "cpu.max"
    limit.write_text(written)
    assert cpu_quota(str(limit)) == quota
    assert cpu_quota(str(tmp_path / "absent")) is None


@POSIX
def test_a_process_with_threads_reads_in_one_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(waiting_list, "_SLICE_MIN", 4096)
    monkeypatch.setattr(waiting_list, "_fork_safe", lambda: False)  # (as in a Jupyter kernel)
    path = _file(tmp_path, _lines(3000))
    said: list[str] = []
    assert _check(path, 3, notes=said.append) == _check(path, 1, notes=said.append)
    assert said == [
        f"{path}: read in one process, not 3: this process runs other threads, and a fork "
        "copies only one of them (a Jupyter kernel has several; the command line has none)"
    ]
    assert note_text(said[0], "sv").startswith(f"{path}: läst i en process, inte 3:")


# -- the report in slices (report --jobs) ---------------------------------------------------------


def _report_of(path: Path, workers: int) -> Report:
    return gather_report(path, as_of=AS_OF, workers=workers)


def _merges(monkeypatch: pytest.MonkeyPatch, owner: Any = report_module._Pass) -> list[bool]:
    """The outcome of every merge of a slice's counts (*owner*'s ``merge``), as they happen."""
    merged: list[bool] = []
    merge = owner.merge

    def spy(self: Any, *args: Any) -> bool:
        merged.append(merge(self, *args))
        return merged[-1]

    monkeypatch.setattr(owner, "merge", spy)
    return merged


def _alone_and_sliced(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Report, Report, list[bool]]:
    """The report of one process, that of three, and the outcome of each of the latter's merges.

    A merge refused is told (the file is counted again in one process), and only then.
    """
    alone = _report_of(path, 1)
    merged = _merges(monkeypatch)
    said: list[str] = []
    sliced = gather_report(path, as_of=AS_OF, workers=3, notes=said.append)
    _no_child_left()
    again = [note for note in said if "counted again in one process" in note]
    assert len(again) == (0 if all(merged) else 1)
    assert all(note_text(note, "sv").endswith("som namnges)") for note in again)
    return alone, sliced, merged


@POSIX
def test_report_in_slices_counts_an_id_repeated_in_a_later_slice(
    tmp_path: Path, small_slices: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # P0 on the first row and again on the last: a repeat only the merge can see
    lines = _lines(3000)
    lines[-1] = "P0;Ögon;visit;2025-05-01;;;;;;"
    alone, sliced, merged = _alone_and_sliced(_file(tmp_path, lines), monkeypatch)
    assert merged == [True, True]
    assert sliced.validation.by_code[FindingCode.DUPLICATE_ID] == 1
    assert sliced == alone


@POSIX
def test_report_in_slices_beyond_the_duplicate_checks_bound_is_counted_in_one_piece(
    tmp_path: Path, small_slices: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # more distinct ids than the checks remember: only one pass gives the same counts
    monkeypatch.setattr(report_module, "_MAX_IDS", 2000)
    alone, sliced, merged = _alone_and_sliced(_file(tmp_path, _lines(3000)), monkeypatch)
    assert alone.validation.capped
    assert merged == [False]  # refused, and read again
    assert sliced == alone


@POSIX
def test_report_in_slices_with_more_error_reasons_than_named_is_counted_in_one_piece(
    tmp_path: Path, small_slices: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_module, "_MAX_REASONS", 3)
    # five columns wrong in turn, each a reason of its own, in every slice
    wrong = [
        "P{n};Ögon;x;2025-05-01;;;;;;",
        "P{n};Ögon;visit;x;;;;;;",
        "P{n};Ögon;visit;2025-05-01;x;;;;;",
        "P{n};Ögon;visit;2025-05-01;;x;;;;",
        "P{n};Ögon;visit;2025-05-01;;;x;;;",
    ]
    path = _file(tmp_path, [wrong[n % 5].format(n=n) for n in range(3000)])
    alone, sliced, merged = _alone_and_sliced(path, monkeypatch)
    assert "other" in [reason.reason for reason in alone.error_reasons]
    assert merged == [False]
    assert sliced == alone


def test_error_tally_merged_counts_as_one_tally_of_every_row() -> None:
    header = ["id", "start", "level"]
    texts = [
        (2, "start: x"),
        (3, "level: y"),
        (5, "start: z"),
        (7, "the row has 2 cells"),
        (8, "id: w"),
    ]
    for split in range(len(texts) + 1):
        for limit in (1, 2, 10):
            whole, first, then = (ErrorTally(header, limit) for _ in range(3))
            for line, text in texts:
                whole.add(line, text)
            for line, text in texts[:split]:
                first.add(line, text)
            for line, text in texts[split:]:
                then.add(line, text)
            if then.overflowed:
                assert not first.merge(then)  # which of its reasons are named is unknown
                continue
            assert first.merge(then)
            assert first.counts(most_first=True) == whole.counts(most_first=True)
            assert first.total == whole.total


def test_report_jobs_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, _lines(50))
    for jobs in ("1", "2", "auto"):
        out = tmp_path / f"report-{jobs}.html"
        assert (
            main(["report", str(path), "--as-of", "2025-06-02", "--jobs", jobs, "-o", str(out)])
            == 0
        )
    assert (tmp_path / "report-1.html").read_bytes() == (tmp_path / "report-2.html").read_bytes()
    with pytest.raises(SystemExit):
        main(["report", str(path), "--as-of", "2025-06-02", "--jobs", "0"])
    assert "--jobs" in capsys.readouterr().err
    with pytest.raises(InvalidValueError, match="workers"):
        gather_report(path, as_of=AS_OF, workers=0)


@POSIX
def test_stats_in_slices_take_the_census_from_the_first_rows_and_count_them_once(
    tmp_path: Path, small_slices: None
) -> None:
    # the census day is read ahead from the DatatGallerFor column; the slices read every row
    path = tmp_path / "list.csv"
    lines = [f"{line};2025-06-01" for line in _lines(3000)]
    path.write_text("\r\n".join([HEADER + ";DatatGallerFor", *lines, ""]), encoding="utf-8")
    alone = compute_stats(path, methods=("skr", "legal"))
    sliced = compute_stats(path, methods=("skr", "legal"), workers=3)
    assert sliced == alone
    assert sliced.rows["read"] == 3000
    assert sliced.census == date(2025, 6, 30)
    _no_child_left()


def test_stats_jobs_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, _lines(50))
    printed = []
    for jobs in ("1", "2", "auto"):
        assert main(["stats", str(path), "--as-of", "2025-06-02", "-j", jobs, "--json"]) == 0
        printed.append(capsys.readouterr().out)
    assert printed[0] == printed[1] == printed[2]
    with pytest.raises(InvalidValueError, match="workers"):
        compute_stats(path, census=AS_OF, workers=0)


@POSIX
def test_report_in_slices_with_few_ids_repeated_in_every_slice_is_merged(
    tmp_path: Path, small_slices: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 10 distinct ids in every slice: the file's own count (10) is within the bound of 15,
    # though the slices' counts add up to more; one pass is not capped, nor is the merge
    monkeypatch.setattr(report_module, "_MAX_IDS", 15)
    lines = [f"P{n % 10};Ögon;visit;2025-0{1 + n % 5}-1{n % 10};;;;;;" for n in range(3000)]
    alone, sliced, merged = _alone_and_sliced(_file(tmp_path, lines), monkeypatch)
    assert not alone.validation.capped
    assert merged == [True, True]
    assert sliced == alone


@POSIX
def test_report_read_in_one_process_for_threads_says_so_to_the_caller_not_on_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(waiting_list, "_SLICE_MIN", 4096)
    monkeypatch.setattr(waiting_list, "_fork_safe", lambda: False)  # (as in a Jupyter kernel)
    path = _file(tmp_path, _lines(3000))
    said: list[str] = []
    report = gather_report(path, as_of=AS_OF, workers=3, notes=said.append)
    assert report == _report_of(path, 1)
    assert not any("one process" in note for note in report.notes)
    assert said == [
        f"{path}: read in one process, not 3: this process runs other threads, and a fork "
        "copies only one of them (a Jupyter kernel has several; the command line has none)"
    ]


# -- validate in slices (validate --jobs) ---------------------------------------------------------


def _validated(path: Path, workers: int, **options: Any) -> tuple[list[Any], dict[str, object]]:
    with validate_file(path, as_of=AS_OF, workers=workers, **options) as validation:
        return list(validation.findings), validation.summary.as_dict()


@POSIX
def test_validate_in_slices_names_the_first_row_of_an_id_repeated_in_a_later_slice(
    tmp_path: Path, small_slices: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # P0 on the first row, on a row of the middle slice and on the last: repeats only the
    # merge can see, each named with row 1 (and the referral R1 likewise)
    lines = _lines(3000)
    lines[0] = lines[1500] = lines[-1] = "P0;Ögon;visit;2025-05-01;;;;;;"
    path = _file(tmp_path, lines)
    merged = _merges(monkeypatch, validate_module.Validator)
    findings, summary = _validated(path, 3)
    _no_child_left()
    assert merged == [True, True]
    repeats = [f for f in findings if f.code is FindingCode.DUPLICATE_ID]
    # (every fifth row takes two lines: row 1501 begins on line 1 + 1500 + 299 + 1)
    assert [(f.row, f.line) for f in repeats] == [(1501, 1801), (3000, 3599)]
    assert all("row 1" in f.en and "rad 1" in f.sv for f in repeats)
    assert (findings, summary) == _validated(path, 1)


@POSIX
def test_validate_in_slices_beyond_the_bound_of_ids_is_checked_again_in_one_process(
    tmp_path: Path, small_slices: None
) -> None:
    path = _file(tmp_path, _lines(3000))
    said: list[str] = []
    with validate_file(path, as_of=AS_OF, workers=3, max_ids=2000, notes=said.append) as validation:
        findings = list(validation.findings)
        summary = validation.summary.as_dict()
    assert (findings, summary) == _validated(path, 1, max_ids=2000)
    assert said == [
        f"{path}: checked again in one process: the findings of its slices cannot be merged "
        "into those of one pass (more distinct ids or referrals than the duplicate checks "
        "remember)"
    ]
    # (a review: the note stayed English under --lang sv)
    assert note_text(said[0], "sv").startswith(f"{path}: kontrollerad igen i en process:")


@POSIX
@pytest.mark.usefixtures("small_slices")
def test_validate_jobs_writes_what_one_process_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _lines(3000)
    lines[2999] = lines[10]  # a repeat across slices
    path = _file(tmp_path, lines)
    for shape in ("--json", "--csv", "--lang"):
        runs = {}
        for jobs in ("1", "3"):
            out = tmp_path / f"out{jobs}"
            extra = ["sv"] if shape == "--lang" else []
            code, _, err = _run(
                capsys, "validate", str(path), "--as-of", "2025-06-02", shape, *extra,
                "--jobs", jobs, "-o", str(out),
            )  # fmt: skip
            runs[jobs] = (code, out.read_bytes(), err)
        assert runs["3"] == runs["1"]
        assert runs["1"][0] == 1  # findings
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.csv", "out1", "out3"]


def test_validate_workers_must_be_a_whole_number_of_at_least_one(tmp_path: Path) -> None:
    path = _file(tmp_path, _lines(10))
    with pytest.raises(InvalidValueError, match="workers"):
        validate_file(path, as_of=AS_OF, workers=0)


@POSIX
def test_validate_in_slices_closes_its_temporary_files_when_left_early(
    tmp_path: Path, small_slices: None
) -> None:
    lines = _lines(3000)
    lines[1500] = lines[0]  # findings in a later slice too
    path = _file(tmp_path, lines)

    def spools() -> list[str]:  # this process's open files that were unlinked
        found = []
        for fd in os.listdir("/proc/self/fd"):
            with contextlib.suppress(OSError):
                target = os.readlink(f"/proc/self/fd/{fd}")
                if target.startswith(str(tmp_path)) and target.endswith("(deleted)"):
                    found.append(target)
        return found

    with validate_file(path, as_of=AS_OF, workers=3, stale_days=30) as validation:
        next(validation.findings)  # the slices were read and spooled; the rest is not read
        assert len(spools()) == 3
    assert spools() == []
    _no_child_left()


@POSIX
def test_validate_in_slices_names_the_folder_when_this_processs_part_cannot_be_written(
    tmp_path: Path, small_slices: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the disk full under this process's own temporary file: said as a child's failure is
    class Full(io.BytesIO):
        def write(self, data: Any) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    opened = waiting_list.open_spools

    def spools(source: Any, count: int, found: list[Any]) -> str:
        folder = opened(source, count, found)
        found[0] = Full()
        return folder

    monkeypatch.setattr(waiting_list, "open_spools", spools)
    lines = _lines(3000)
    path = _file(tmp_path, lines)
    with (
        validate_file(path, as_of=AS_OF, workers=3, stale_days=30) as validation,
        pytest.raises(WaitingListError) as raised,
    ):
        list(validation.findings)
    assert str(raised.value) == (
        f"{tmp_path}: No space left on device, writing part of the output to a temporary file "
        "there (--jobs 1 writes none)"
    )
    _no_child_left()


# -- the worklist in slices (worklist --jobs) -----------------------------------------------------


@POSIX
def test_worklist_in_slices_is_the_worklist_of_one_process(
    tmp_path: Path, small_slices: None
) -> None:
    # groups across the slices (two units), patients of a group in every slice, a row with an
    # error and an empty line in a later slice: the same groups, patients, rows and order
    lines = [
        line.replace("Ögon", "Kirurgi") if n % 3 == 0 else line
        for n, line in enumerate(_lines(3000))
    ]
    lines[2500] = "P2500;Ögon;visit;2025-13-01;;;;;;"
    lines[2600] = ""
    for n in range(2700, 2710):  # the earliest breach in the last slice only (a merge's min)
        lines[n] = f"P{n};Ögon;visit;2025-03-05;;;;;;"
    path = _file(tmp_path, lines)
    said: list[str] = []
    alone = build_worklist(path, as_of=AS_OF, keep=("note",))
    sliced = build_worklist(path, as_of=AS_OF, keep=("note",), workers=3, notes=said.append)
    _no_child_left()
    assert said == []
    assert (sliced.rows, sliced.errors) == (alone.rows, alone.errors) == (2999, 1)  # (empty: 1)
    assert [group.keys for group in sliced.groups] == [group.keys for group in alone.groups]
    assert sliced == alone
    rows = [entry.row for group in sliced.groups for entry in group.patients]
    assert max(rows) > 2000  # (patients of the last slice, their rows shifted to the file's)
    assert len(rows) == len(set(rows))


@POSIX
def test_worklist_with_each_row_is_read_in_one_process(tmp_path: Path, small_slices: None) -> None:
    seen: list[int] = []
    path = _file(tmp_path, _lines(3000))
    worklist = build_worklist(
        path, as_of=AS_OF, workers=3, each=lambda row: seen.append(row.number)
    )
    assert seen == list(range(1, 3001))
    assert worklist == build_worklist(path, as_of=AS_OF)


@POSIX
def test_worklist_jobs_on_the_command_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    small_slices: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _file(tmp_path, _lines(3000))
    merged = _merges(monkeypatch, WorklistBuilder)
    printed = []
    for jobs in ("1", "3", "auto"):
        assert main(["worklist", str(path), "--as-of", "2025-06-02", "-j", jobs, "--json"]) == 0
        printed.append(capsys.readouterr().out)
    assert len(merged) >= 2  # (-j 3: two later slices merged after the first)
    assert printed[0] == printed[1] == printed[2]
    assert '"patients"' in printed[0]
    with pytest.raises(InvalidValueError, match="workers"):
        build_worklist(path, as_of=AS_OF, workers=0)


def test_a_worklist_builder_slices_only_its_own_file_and_a_whole_number_of_workers(
    tmp_path: Path,
) -> None:
    # An API review: another file failed deep inside with an IndexError; 0 or -3 workers
    # read the file in one piece without a word, "x" raised a raw TypeError.
    path = _file(tmp_path, _lines(20))
    with assess_file(path, as_of=AS_OF) as mine, assess_file(path, as_of=AS_OF) as other:
        builder = WorklistBuilder(mine, as_of=AS_OF)
        with pytest.raises(InvalidValueError, match="file: is not the file this worklist"):
            builder.sliced(other, 1)
        for workers in (0, -3):
            with pytest.raises(InvalidValueError, match="workers"):
                builder.sliced(mine, workers)
        with pytest.raises(InvalidTypeError, match="workers"):
            builder.sliced(mine, "x")  # type: ignore[arg-type]
        assert builder.sliced(mine, 1) is None  # (one piece: the caller adds the rows)
        assert builder.rows == 0
