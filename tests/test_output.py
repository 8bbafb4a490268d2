"""Writing an ``--output`` file: ``vardgaranti._output.open_output`` and ``SignalExit``.

The file holds patient data, so: it is replaced whole or not at all, keeps its permissions,
leaves nothing behind on a failure or a signal, and every error names it as the user gave it.
Several tests run a child Python (signals, a pipe as stdout, a read-only file system, two runs
at once); they must also run as root, as CI does.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any, Final

import pytest

from vardgaranti import _output
from vardgaranti._output import open_output, written_directly
from vardgaranti._waiting_list import example_waiting_list
from vardgaranti.errors import SignalExit, WaitingListError

POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes, signals and devices")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
TIMEOUT = 60

# A child that opens OUT, writes a first line, says "ready" and then writes slowly for a long
# time: the test sends it a signal while the output is open. The dispositions are reset first,
# as in a command started from a terminal (a test runner may have been started ignoring some).
SLOW_WRITER = """
import signal, sys, time
from vardgaranti._output import open_output
from vardgaranti.errors import SignalExit
signal.signal(signal.SIGTERM, signal.SIG_DFL)
signal.signal(signal.SIGHUP, signal.SIG_DFL)
signal.signal(signal.SIGINT, signal.default_int_handler)
try:
    with open_output(sys.argv[1]) as handle:
        handle.write("new first line\\n")
        handle.flush()
        print("ready", flush=True)
        for _ in range(600):
            handle.write("new row\\n")
            handle.flush()
            time.sleep(0.05)
except SignalExit as stop:
    sys.exit(stop.exit_code)
"""

# A child that writes argv[2] to the output argv[1], reporting an error in one line.
WRITER = """
import sys
from vardgaranti._output import open_output
from vardgaranti.errors import WaitingListError
try:
    with open_output(sys.argv[1]) as handle:
        handle.write(sys.argv[2])
except WaitingListError as error:
    print(f"error: {error}", file=sys.stderr)
    sys.exit(2)
"""


def _child_env() -> dict[str, str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("VARDGARANTI_DEBUG", None)
    return env


def _python(script: str, *args: str) -> list[str]:
    return [sys.executable, "-c", script, *args]


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _write_output(
    name: str, text: str = "", *, then: Callable[[], object] | None = None, **options: Any
) -> None:
    """Write *text* to the output *name*, flush it, then call *then* (which may fail)."""
    with open_output(name, **options) as handle:
        handle.write(text)
        handle.flush()
        if then is not None:
            then()


def _raise(error: BaseException) -> Callable[[], object]:
    def fail() -> object:
        raise error

    return fail


class _Sentinel(BaseException):
    """Raised by the test's own SIGTERM handler: open_output did not handle the signal."""


@pytest.fixture
def sigterm_sentinel(
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Callable[[int, FrameType | None], None]]:
    """A SIGTERM handler of the test's own, so an unhandled SIGTERM cannot kill the test run.

    open_output takes over only Python's default handlers (a host's own is left alone): this
    one stands for the default here, as the command line's would be.
    """

    def handler(signum: int, frame: FrameType | None) -> None:
        raise _Sentinel(signum)

    monkeypatch.setattr(_output, "_DEFAULT_HANDLERS", (*_output._DEFAULT_HANDLERS, handler))
    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield handler
    finally:
        signal.signal(signal.SIGTERM, previous)


@POSIX
def test_a_hosts_own_signal_handler_is_left_alone_while_an_output_is_written(
    tmp_path: Path,
) -> None:
    # write_report replaced a host program's SIGTERM handler for the time of the write, and a
    # SIGTERM then raised the library's SignalExit; the host's handler was never called
    seen: list[int] = []

    def host(signum: int, frame: FrameType | None) -> None:
        seen.append(signum)

    previous = signal.signal(signal.SIGTERM, host)
    try:
        with open_output(str(tmp_path / "out.csv")) as handle:
            assert signal.getsignal(signal.SIGTERM) is host
            handle.write("first\n")
            signal.raise_signal(signal.SIGTERM)
            handle.write("second\n")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert seen == [signal.SIGTERM]
    assert (tmp_path / "out.csv").read_text() == "first\nsecond\n"


@POSIX
def test_ctrl_c_while_an_output_is_written_is_a_keyboard_interrupt_too(tmp_path: Path) -> None:
    # Python's default SIGINT handler is taken over for the write: what it raises is still what
    # a program expects of Ctrl-C, and the old file stays
    out = tmp_path / "out.csv"
    out.write_text("old\n")

    def write() -> None:
        with open_output(str(out)) as handle:
            handle.write("new\n")
            signal.raise_signal(signal.SIGINT)

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt) as stop:
            write()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert isinstance(stop.value, SignalExit)
    assert stop.value.exit_code == 130
    assert out.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


# --- the ordinary cases -----------------------------------------------------------------------


def test_writing_a_new_file_leaves_only_that_file(tmp_path: Path) -> None:
    out = tmp_path / "checked.csv"
    with open_output(str(out)) as handle:
        handle.write("id;status\r\n1;ok\r\n")
    assert out.read_bytes() == b"id;status\r\n1;ok\r\n"
    assert _listing(tmp_path) == ["checked.csv"]


def test_replacing_a_file_leaves_no_hidden_leftovers(tmp_path: Path) -> None:
    out = tmp_path / "checked.csv"
    _write(out, "old contents, longer than the new ones\n")
    with open_output(str(out)) as handle:
        handle.write("new\n")
    assert _read(out) == "new\n"
    assert _listing(tmp_path) == ["checked.csv"]


def test_text_mode_writes_line_ends_unchanged_by_default(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    with open_output(str(out)) as handle:
        handle.write("a\r\nb\nc")
    assert out.read_bytes() == b"a\r\nb\nc"


def test_text_mode_honours_encoding_and_newline(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    with open_output(str(out), encoding="latin-1", newline="\r\n") as handle:
        handle.write("vårdgaranti\n")
    assert out.read_bytes() == "vårdgaranti\r\n".encode("latin-1")


def test_binary_mode_writes_bytes(tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    data = bytes(range(256)) * 10
    with open_output(str(out), binary=True) as handle:
        handle.write(data)
    assert out.read_bytes() == data


def test_an_exception_inside_the_block_keeps_the_old_file_and_leaves_no_temporary_file(
    tmp_path: Path,
) -> None:
    out = tmp_path / "checked.csv"
    _write(out, "old\n")
    with pytest.raises(RuntimeError, match="the run failed"):
        _write_output(
            str(out), "half a new file" * 10_000, then=_raise(RuntimeError("the run failed"))
        )
    assert _read(out) == "old\n"
    assert _listing(tmp_path) == ["checked.csv"]


def test_an_exception_inside_the_block_creates_no_new_file(tmp_path: Path) -> None:
    out = tmp_path / "checked.csv"
    with pytest.raises(KeyError):
        _write_output(str(out), "half", then=_raise(KeyError("row")))
    assert _listing(tmp_path) == []


def test_an_oserror_of_the_caller_is_not_blamed_on_the_output(tmp_path: Path) -> None:
    # e.g. the input file cannot be read: that error must not say "OUT: cannot write".
    out = tmp_path / "checked.csv"
    missing = tmp_path / "missing-input.csv"
    with pytest.raises(FileNotFoundError):
        _write_output(str(out), then=lambda: missing.read_text(encoding="utf-8"))
    assert _listing(tmp_path) == []


def test_an_unknown_encoding_fails_before_any_file_is_made(tmp_path: Path) -> None:
    with pytest.raises(LookupError):
        _write_output(str(tmp_path / "out.csv"), encoding="no-such")
    assert _listing(tmp_path) == []


def test_a_relative_name_is_written_in_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with open_output("checked.csv") as handle:
        handle.write("x\n")
    assert _read(tmp_path / "checked.csv") == "x\n"
    assert _listing(tmp_path) == ["checked.csv"]


def test_a_very_long_file_name_can_be_written(tmp_path: Path) -> None:
    # 249 bytes is a valid name (the limit is 255); the temporary file's longer one must be too.
    out = tmp_path / ("å" * 10 + "x" * 225 + ".csv")
    assert len(os.fsencode(out.name)) == 249
    with open_output(str(out)) as handle:
        handle.write("x\n")
    assert _read(out) == "x\n"
    assert _listing(tmp_path) == [out.name]


# --- defect 1: permissions ---------------------------------------------------------------------


@POSIX
@pytest.mark.parametrize("mode", [0o400, 0o444, 0o440])
def test_a_read_only_file_is_not_replaced(tmp_path: Path, mode: int) -> None:
    # Replacing a file needs only its folder: a file kept read-only to protect an export was
    # replaced, where the shell, cp and Excel refuse to write it.
    out = tmp_path / "patients.csv"
    _write(out, "old\n")
    out.chmod(mode)
    with pytest.raises(WaitingListError) as caught, open_output(str(out)) as handle:
        handle.write("new\n")
    assert str(caught.value) == f"{out}: cannot write (the file is read-only)"
    assert _read(out) == "old\n"
    assert _mode(out) == mode
    assert _listing(tmp_path) == [out.name]


@POSIX
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o200, 0o664])
def test_replacing_a_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    out = tmp_path / "patients.csv"
    _write(out, "old\n")
    out.chmod(mode)
    previous = os.umask(0o022)
    try:
        with open_output(str(out)) as handle:
            handle.write("new\n")
    finally:
        os.umask(previous)
    assert _read(out) == "new\n"
    assert _mode(out) == mode


@POSIX
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_a_new_file_gets_0o666_less_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    out = tmp_path / "patients.csv"
    previous = os.umask(umask)
    try:
        with open_output(str(out)) as handle:
            handle.write("new\n")
    finally:
        os.umask(previous)
    assert _mode(out) == mode


@POSIX
def test_the_temporary_file_is_private_while_it_is_written(tmp_path: Path) -> None:
    out = tmp_path / "patients.csv"
    previous = os.umask(0o000)
    try:
        with open_output(str(out)):
            (partial,) = (name for name in os.listdir(tmp_path) if name.endswith(".partial"))
            assert _mode(tmp_path / partial) == 0o600
    finally:
        os.umask(previous)
    assert _mode(out) == 0o666


@pytest.mark.skipif(not IS_ROOT, reason="only root can give a file to another owner")
def test_replacing_a_file_keeps_its_owner_and_group(tmp_path: Path) -> None:
    out = tmp_path / "patients.csv"
    _write(out, "old\n")
    os.chown(out, 4242, 4343)
    out.chmod(0o4640)  # a set-user-ID bit, which chown clears, must survive as well
    with open_output(str(out)) as handle:
        handle.write("new\n")
    info = os.stat(out)
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (4242, 4343, 0o4640)


@pytest.mark.skipif(not IS_ROOT, reason="only root can make a file of another group")
@pytest.mark.parametrize("group_allowed", [True, False], ids=["group kept", "group refused"])
def test_a_writer_who_may_not_give_the_file_away_keeps_its_group_or_its_group_bits_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, group_allowed: bool
) -> None:
    """A review: replaced by a user other than root, a 660 file of group ``users`` became the
    writer's, of the writer's primary group, with the group bits given to that group."""
    out = tmp_path / "patients.csv"
    _write(out, "old\n")
    os.chown(out, 4242, 4343)
    out.chmod(0o660)
    real = os.chown
    calls: list[tuple[int, int]] = []

    def chown(path: Any, uid: int, gid: int, **kwargs: Any) -> None:
        calls.append((uid, gid))
        if uid != -1 or not group_allowed:  # as a user who is not root (and not of the group)
            raise PermissionError(1, "Operation not permitted")
        real(path, uid, gid, **kwargs)

    monkeypatch.setattr(os, "chown", chown)
    # The old file's access list (its group and mask entries give the group rw): copied only
    # where the group is kept (a review: copied, it gave the group bits back, to another group)
    acl = _acl(owner=6, user=6, group=6, other=0)
    copied: list[bytes] = []
    monkeypatch.setattr(os, "getxattr", lambda path, name: acl)
    monkeypatch.setattr(os, "setxattr", lambda path, name, value: copied.append(value))
    monkeypatch.setattr(os, "removexattr", lambda path, name: None)
    with open_output(str(out)) as handle:
        handle.write("new\n")
    info = os.stat(out)
    assert calls == [(4242, 4343), (-1, 4343)]
    if group_allowed:
        assert (info.st_gid, stat.S_IMODE(info.st_mode)) == (4343, 0o660)
        assert copied == [acl]
    else:
        assert (info.st_gid, stat.S_IMODE(info.st_mode)) == (os.getgid(), 0o600)
        assert copied == []
    assert out.read_text() == "new\n"


# --- defect 2: two runs at once -----------------------------------------------------------------


def test_two_threads_writing_the_same_file_at_once_leave_one_whole_result(tmp_path: Path) -> None:
    out = tmp_path / "checked.csv"
    _write(out, "old\n")
    contents = {"a": "a" * 200_000 + "\n", "b": "b" * 10 + "\n"}
    both_open = threading.Barrier(2, timeout=20)
    errors: list[BaseException] = []

    def run(text: str) -> None:
        try:
            with open_output(str(out)) as handle:
                handle.write(text[: len(text) // 2])
                handle.flush()
                both_open.wait()
                handle.write(text[len(text) // 2 :])
        except BaseException as error:  # reported below, in the test's own thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(text,)) for text in contents.values()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    assert errors == []
    assert _read(out) in contents.values()
    assert _listing(tmp_path) == ["checked.csv"]


TWO_RUNS = """
import sys, time
from pathlib import Path
from vardgaranti._output import open_output
out, letter, size, ready = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
text = letter * size + "\\n"
with open_output(out) as handle:
    handle.write(text[: size // 2])
    handle.flush()
    (ready / letter).touch()
    deadline = time.monotonic() + 30
    while len(list(ready.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    handle.write(text[size // 2 :])
"""


def test_two_processes_writing_the_same_file_at_once_leave_one_whole_result(
    tmp_path: Path,
) -> None:
    folder, ready = tmp_path / "out", tmp_path / "ready"
    folder.mkdir()
    ready.mkdir()
    out = folder / "checked.csv"
    _write(out, "old\n")
    sizes = {"a": 300_000, "b": 20}
    runs = [
        subprocess.Popen(
            _python(TWO_RUNS, str(out), letter, str(size), str(ready)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_child_env(),
        )
        for letter, size in sizes.items()
    ]
    for run in runs:
        _, err = run.communicate(timeout=TIMEOUT)
        assert run.returncode == 0, err.decode()
    assert _read(out) in {letter * size + "\n" for letter, size in sizes.items()}
    assert _listing(folder) == ["checked.csv"]


# --- defect 3: signals --------------------------------------------------------------------------


@POSIX
@pytest.mark.parametrize(
    ("signum", "exit_code"),
    [(signal.SIGTERM, 143), (getattr(signal, "SIGHUP", 1), 129), (signal.SIGINT, 130)],
)
def test_a_signal_mid_write_exits_128_plus_signum_keeping_the_old_file(
    tmp_path: Path, signum: int, exit_code: int
) -> None:
    out = tmp_path / "checked.csv"
    _write(out, "old\n")
    child = subprocess.Popen(
        _python(SLOW_WRITER, str(out)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_child_env(),
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n"
        assert any(name.endswith(".partial") for name in os.listdir(tmp_path))
        child.send_signal(signum)
        _, err = child.communicate(timeout=TIMEOUT)
    finally:
        if child.poll() is None:  # pragma: no cover - only when the test already failed
            child.kill()
            child.wait()
    assert child.returncode == exit_code, err.decode()
    assert b"Traceback" not in err
    assert _read(out) == "old\n"
    assert _listing(tmp_path) == ["checked.csv"]


@POSIX
def test_sigterm_inside_the_block_raises_signal_exit_and_keeps_the_old_file(
    tmp_path: Path, sigterm_sentinel: Callable[[int, FrameType | None], None]
) -> None:
    out = tmp_path / "checked.csv"
    _write(out, "old\n")
    with pytest.raises(SignalExit) as stop:
        _write_output(str(out), "new\n", then=lambda: signal.raise_signal(signal.SIGTERM))
    assert (stop.value.signum, stop.value.exit_code) == (signal.SIGTERM, 143)
    assert _read(out) == "old\n"
    assert _listing(tmp_path) == ["checked.csv"]
    assert signal.getsignal(signal.SIGTERM) is sigterm_sentinel


@POSIX
@pytest.mark.parametrize("fails", [False, True])
def test_the_previous_signal_handlers_are_restored_after_the_block(
    tmp_path: Path, sigterm_sentinel: Callable[[int, FrameType | None], None], fails: bool
) -> None:
    signums = [signal.SIGTERM, signal.SIGHUP, signal.SIGINT]
    before = [signal.getsignal(signum) for signum in signums]
    during: list[list[object]] = []

    def look() -> None:
        during.append([signal.getsignal(signum) for signum in signums])
        if fails:
            raise RuntimeError("fails")

    with pytest.raises(RuntimeError) if fails else contextlib.nullcontext():
        _write_output(str(tmp_path / "out.csv"), "x", then=look)
    assert during[0] != before
    assert [signal.getsignal(signum) for signum in signums] == before


@POSIX
def test_an_ignored_sighup_stays_ignored(tmp_path: Path) -> None:
    # Under nohup SIGHUP is ignored on purpose: the run goes on and completes.
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with open_output(str(tmp_path / "out.csv")) as handle:
            handle.write("first\n")
            signal.raise_signal(signal.SIGHUP)
            handle.write("second\n")
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert _read(tmp_path / "out.csv") == "first\nsecond\n"


# --- synced while it is written: the last sync has little left ------------------------------


def _syncs(monkeypatch: pytest.MonkeyPatch, fail: OSError | None = None) -> list[int]:
    """Count the syncs in the background (each of *fail*, if given, fails so) and the last."""
    sizes: list[int] = []
    real_fsync = os.fsync

    def background(fd: int) -> None:
        sizes.append(os.fstat(fd).st_size)
        assert threading.current_thread().name == "vardgaranti-sync"
        if fail is not None:
            raise fail

    def last(fd: int) -> None:
        facts = os.fstat(fd)
        if stat.S_ISREG(facts.st_mode):  # (not the folder's, synced after the move)
            sizes.append(-facts.st_size)  # (negative: the final sync, in the caller)
        real_fsync(fd)

    monkeypatch.setattr(os, "fdatasync", background, raising=False)
    monkeypatch.setattr(os, "fsync", last)
    return sizes


def test_a_large_output_is_synced_while_it_is_written_and_whole_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("vardgaranti._output._SYNC_BYTES", 1000)
    sizes = _syncs(monkeypatch)
    out = tmp_path / "checked.csv"
    threads = threading.active_count()
    with open_output(str(out), binary=True) as handle:
        for i in range(50):
            handle.write(f"{i:04d};".encode() * 100)  # 500 bytes each, 25,000 in all
            handle.flush()
            for thread in threading.enumerate():  # (each sync done before the next write)
                if thread.name == "vardgaranti-sync":
                    thread.join()
    assert out.read_bytes() == b"".join(f"{i:04d};".encode() * 100 for i in range(50))
    # A sync each 1,000 bytes, of what was written by then, in the background; the last sync,
    # of the whole file, after them; no thread left behind.
    assert sizes == [*range(1000, 25_001, 1000), -25_000]
    assert threading.active_count() == threads


def test_a_small_output_is_synced_once_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes = _syncs(monkeypatch)
    _write_output(str(tmp_path / "checked.csv"), "id;status\r\n" * 100)
    assert sizes == [-1100]


def test_a_failed_sync_in_the_background_fails_the_output_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Linux reports a failed write-back once: the last sync may succeed after it, so the
    # failure in the background is the output's error, not lost.
    monkeypatch.setattr("vardgaranti._output._SYNC_BYTES", 1000)
    _syncs(monkeypatch, fail=OSError(errno.EIO, "Input/output error"))
    out = tmp_path / "checked.csv"
    _write(out, "old\n")
    with pytest.raises(
        WaitingListError, match=r"checked\.csv: cannot write \(Input/output error\)"
    ):
        _write_output(str(out), "new;" * 1000)
    assert _read(out) == "old\n"
    assert _listing(tmp_path) == ["checked.csv"]


def test_data_written_to_the_descriptor_directly_are_synced_once_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (as polars writes a frame: to the descriptor, past the Python objects)
    monkeypatch.setattr("vardgaranti._output._SYNC_BYTES", 1000)
    sizes = _syncs(monkeypatch)
    out = tmp_path / "checked.csv"
    with open_output(str(out)) as handle:
        handle.flush()
        os.write(handle.fileno(), b"x" * 999)
        written_directly(handle)  # not yet 1,000 bytes
        os.write(handle.fileno(), b"x" * 2)
        written_directly(handle)
        for thread in threading.enumerate():
            if thread.name == "vardgaranti-sync":
                thread.join()
        written_directly(io.StringIO())  # another stream: nothing to do
    assert sizes == [1001, -1001]


def test_a_pipe_or_device_is_never_synced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vardgaranti._output._SYNC_BYTES", 10)
    sizes = _syncs(monkeypatch)
    with open_output(os.devnull) as handle:
        handle.write("x" * 1000)
    assert sizes == []


@POSIX
def test_a_signal_while_flushing_aborts_and_keeps_the_old_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sigterm_sentinel: Callable[[int, FrameType | None], None],
) -> None:
    out = tmp_path / "checked.csv"
    _write(out, "old\n")
    real_fsync = os.fsync

    def fsync_then_signal(fd: int) -> None:
        real_fsync(fd)
        signal.raise_signal(signal.SIGTERM)

    monkeypatch.setattr(os, "fsync", fsync_then_signal)
    with pytest.raises(SignalExit):
        _write_output(str(out), "new\n")
    assert _read(out) == "old\n"
    assert _listing(tmp_path) == ["checked.csv"]


@POSIX
def test_a_signal_while_the_file_is_moved_into_place_is_raised_once_it_is_whole(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sigterm_sentinel: Callable[[int, FrameType | None], None],
) -> None:
    out = tmp_path / "checked.csv"
    _write(out, "old\n")
    real_replace = os.replace

    def signal_then_replace(source: Any, target: Any) -> None:
        signal.raise_signal(signal.SIGTERM)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", signal_then_replace)
    with pytest.raises(SignalExit) as stop:
        _write_output(str(out), "new\n")
    assert stop.value.exit_code == 143
    assert _read(out) == "new\n"
    assert _listing(tmp_path) == ["checked.csv"]
    assert signal.getsignal(signal.SIGTERM) is sigterm_sentinel


@POSIX
def test_outside_the_main_thread_no_signal_handler_is_installed(
    tmp_path: Path, sigterm_sentinel: Callable[[int, FrameType | None], None]
) -> None:
    seen: list[object] = []

    def run() -> None:
        with open_output(str(tmp_path / "out.csv")) as handle:
            seen.append(signal.getsignal(signal.SIGTERM))
            handle.write("x\n")

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=TIMEOUT)
    assert seen == [sigterm_sentinel]
    assert _read(tmp_path / "out.csv") == "x\n"


def test_signal_exit_is_not_an_exception_and_carries_the_exit_code() -> None:
    stop = SignalExit(signal.SIGTERM)
    assert not isinstance(stop, Exception)
    assert (stop.signum, stop.exit_code, str(stop)) == (15, 143, "interrupted by SIGTERM")
    assert SignalExit(200).exit_code == 328
    assert str(SignalExit(200)) == "interrupted by signal 200"
    # (the name alone, for a message in another language)
    assert (stop.signal_name, SignalExit(200).signal_name) == ("SIGTERM", "signal 200")


# --- defect 4: pipes, devices and /dev/stdout ---------------------------------------------------


@POSIX
def test_dev_stdout_writes_to_a_pipe(tmp_path: Path) -> None:
    result = subprocess.run(
        _python(WRITER, "/dev/stdout", "id;status\r\n1;ok\r\n"),
        capture_output=True,
        check=False,
        timeout=TIMEOUT,
        env=_child_env(),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == b"id;status\r\n1;ok\r\n"
    assert _listing(tmp_path) == []


@POSIX
def test_dev_stdout_appends_to_a_file_the_shell_opened_for_appending(tmp_path: Path) -> None:
    log = tmp_path / "run.log"
    _write(log, "earlier run\n")
    with log.open("ab") as stdout:
        result = subprocess.run(
            _python(WRITER, "/dev/stdout", "this run\n"),
            stdout=stdout,
            stderr=subprocess.PIPE,
            check=False,
            timeout=TIMEOUT,
            env=_child_env(),
        )
    assert result.returncode == 0, result.stderr.decode()
    assert _read(log) == "earlier run\nthis run\n"
    assert _listing(tmp_path) == ["run.log"]


@POSIX
def test_a_fifo_is_written_directly(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    with open_output(str(fifo)) as handle:
        handle.write("a;b\r\n")
    reader.join(timeout=TIMEOUT)
    assert received == [b"a;b\r\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _listing(tmp_path) == ["pipe"]


@POSIX
def test_dev_null_is_written_directly(tmp_path: Path) -> None:
    with open_output(os.devnull) as handle:
        handle.write("discarded\n" * 1000)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_a_failed_write_inside_the_block_names_the_output() -> None:
    with pytest.raises(WaitingListError) as caught:
        _write_output("/dev/full", "x" * 1_000_000)
    assert str(caught.value) == f"/dev/full: cannot write ({os.strerror(errno.ENOSPC)})"


@POSIX
def test_a_reader_that_went_away_is_a_broken_pipe_for_the_caller() -> None:
    # `vardgaranti check ... -o /dev/stdout | head`: the command stops quietly on it.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        with pytest.raises(BrokenPipeError):
            _write_output(f"/dev/fd/{write_end}", "x" * 1_000_000)
    finally:
        os.close(write_end)


# --- defect 5: errors name the output as given --------------------------------------------------


def _cannot_write(name: str, code: int) -> str:
    return f"{name}: cannot write ({os.strerror(code)})"


@POSIX
def test_a_read_only_folder_names_the_output_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    _write(folder / "checked.csv", "old\n")
    folder.chmod(0o555)
    if IS_ROOT:  # root ignores permission bits: the folder refuses the file as it would a user
        import tempfile

        def refused(*args: Any, **kwargs: Any) -> tuple[int, str]:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder / ".x"))

        monkeypatch.setattr(tempfile, "mkstemp", refused)
    try:
        name = str(folder / "checked.csv")
        with pytest.raises(WaitingListError) as caught:
            _write_output(name)
        # the folder is named: the file itself is writable (it said "Permission denied" alone)
        assert str(caught.value) == (
            f"{name}: cannot write (no new file can be made in its folder {folder}: "
            f"{os.strerror(errno.EACCES)})"
        )
        assert _listing(folder) == ["checked.csv"]
        assert _read(folder / "checked.csv") == "old\n"
    finally:
        folder.chmod(0o755)


READ_ONLY_FILE_SYSTEM = """
mount -t tmpfs tmpfs "$1" && printf 'old\\n' > "$1/checked.csv" && mount -o remount,ro "$1" \
    || { echo "no read-only mount: $?"; exit 0; }
cd "$1" && "$2" -c "$3" checked.csv new
echo "exit $?"
cat checked.csv
ls -A
"""


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare(1) (Linux)")
def test_a_read_only_file_system_names_the_output_and_keeps_the_old_file(tmp_path: Path) -> None:
    # Root ignores permission bits but not a read-only mount: mount one in a namespace of the
    # child's own (unprivileged user namespaces, or root).
    folder = tmp_path / "mnt"
    folder.mkdir()
    command = ["unshare", "-rm", "sh", "-c", READ_ONLY_FILE_SYSTEM, "sh"]
    result = subprocess.run(
        [*command, str(folder), sys.executable, WRITER],
        capture_output=True,
        check=False,
        timeout=TIMEOUT,
        env=_child_env(),
    )
    out, err = result.stdout.decode(), result.stderr.decode()
    if result.returncode != 0 or out.startswith("no read-only mount"):
        pytest.skip(f"cannot mount a read-only file system here: {out}{err}")
    assert out == "exit 2\nold\nchecked.csv\n"
    assert err == f"error: {_cannot_write('checked.csv', errno.EROFS)}\n"


def test_a_folder_below_a_regular_file_names_the_output(tmp_path: Path) -> None:
    _write(tmp_path / "a-file", "x")
    name = str(tmp_path / "a-file" / "checked.csv")
    with pytest.raises(WaitingListError) as caught:
        _write_output(name)
    assert str(caught.value) == _cannot_write(name, errno.ENOTDIR)
    assert _listing(tmp_path) == ["a-file"]


@pytest.mark.skipif(not os.path.isdir("/sys/kernel"), reason="needs sysfs (Linux)")
def test_a_folder_that_even_root_cannot_write_names_the_output() -> None:
    # sysfs creates no files, not even for root.
    name = "/sys/kernel/vardgaranti-checked.csv"
    with pytest.raises(WaitingListError) as caught:
        _write_output(name)
    message = str(caught.value)
    assert message.startswith(f"{name}: cannot write (")
    assert ".partial" not in message
    assert not any(entry.startswith(".vardgaranti") for entry in os.listdir("/sys/kernel"))


def test_a_missing_folder_names_the_output(tmp_path: Path) -> None:
    name = str(tmp_path / "no-such-folder" / "checked.csv")
    with pytest.raises(WaitingListError) as caught:
        _write_output(name)
    assert str(caught.value) == _cannot_write(name, errno.ENOENT)


@pytest.mark.parametrize("suffix", ["", "/"])
def test_a_directory_is_refused_up_front(tmp_path: Path, suffix: str) -> None:
    (tmp_path / "folder").mkdir()
    name = str(tmp_path / "folder") + suffix
    with pytest.raises(WaitingListError) as caught:
        _write_output(name)
    assert str(caught.value) == f"{name}: is a directory; give a file name for --output"
    assert _listing(tmp_path) == ["folder"]
    assert _listing(tmp_path / "folder") == []


def test_a_name_ending_in_a_slash_is_refused_even_when_nothing_is_there(tmp_path: Path) -> None:
    name = str(tmp_path / "checked.csv") + "/"
    with pytest.raises(WaitingListError, match="is a directory"):
        _write_output(name)
    assert _listing(tmp_path) == []


def test_an_empty_name_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(WaitingListError, match="empty"):
        _write_output("")
    assert _listing(tmp_path) == []


def test_a_name_with_a_nul_byte_is_refused_in_one_line(tmp_path: Path) -> None:
    name = str(tmp_path / "a\0b.csv")
    with pytest.raises(WaitingListError) as caught:
        _write_output(name)
    assert str(caught.value) == f"{name}: cannot write (the name holds a NUL byte)"


@POSIX
def test_a_symbolic_link_loop_names_the_output(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    name = str(tmp_path / "a")
    with pytest.raises(WaitingListError) as caught:
        _write_output(name)
    assert str(caught.value) == _cannot_write(name, errno.ELOOP)
    assert all((tmp_path / entry).is_symlink() for entry in ("a", "b"))


# --- defect 6: symbolic links -------------------------------------------------------------------


@POSIX
def test_a_symbolic_link_is_followed_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_folder, link_folder = tmp_path / "real", tmp_path / "links"
    real_folder.mkdir()
    link_folder.mkdir()
    real = real_folder / "checked.csv"
    _write(real, "old\n")
    real.chmod(0o600)
    link = link_folder / "latest.csv"
    link.symlink_to(os.path.relpath(real, link_folder))
    # Where is the temporary file while the data is synced? In the real file's folder.
    seen: list[tuple[list[str], list[str]]] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        seen.append((_listing(real_folder), _listing(link_folder)))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    with open_output(str(link)) as handle:
        handle.write("new\n")
    ((during_real, during_link), *_) = seen
    assert len(during_real) == 2
    assert any(name.startswith(".checked.csv.") for name in during_real)
    assert during_link == ["latest.csv"]
    assert link.is_symlink()
    assert os.readlink(link) == os.path.join("..", "real", "checked.csv")
    assert _read(real) == "new\n"
    assert _mode(real) == 0o600
    assert _listing(real_folder) == ["checked.csv"]
    assert _listing(link_folder) == ["latest.csv"]


@POSIX
def test_a_dangling_symbolic_link_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "latest.csv"
    link.symlink_to("checked.csv")
    with open_output(str(link)) as handle:
        handle.write("new\n")
    assert link.is_symlink()
    assert _read(tmp_path / "checked.csv") == "new\n"
    assert _listing(tmp_path) == ["checked.csv", "latest.csv"]


# --- defect 7: durability -----------------------------------------------------------------------


def test_the_data_is_flushed_and_fsynced_before_the_move(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "checked.csv"
    _write(out, "old\n")
    text = "id;status\r\n" + "1;ok\r\n" * 50_000
    events: list[tuple[str, int]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode):
            events.append(("fsync", info.st_ino))
            assert info.st_size == len(text)  # everything reached the file before the sync
        real_fsync(fd)

    def replace(source: Any, target: Any) -> None:
        events.append(("replace", os.stat(source).st_ino))
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    with open_output(str(out)) as handle:
        handle.write(text)
    inode = os.stat(out).st_ino
    assert events[:2] == [("fsync", inode), ("replace", inode)]
    assert out.read_bytes() == text.encode()


def test_a_failed_fsync_names_the_output_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "checked.csv"
    _write(out, "old\n")

    def failing_fsync(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(WaitingListError) as caught:
        _write_output(str(out), "new\n")
    assert str(caught.value) == _cannot_write(str(out), errno.EIO)
    assert _read(out) == "old\n"
    assert _listing(tmp_path) == ["checked.csv"]


@pytest.mark.parametrize(
    "command",
    [
        ["check", "--example"],
        ["stats", "--example", "--json"],
        ["worklist", "--example", "--format", "csv"],
        ["validate", "--example", "--csv"],
        ["report", "--example", "--lang", "en"],
    ],
)
def test_output_dash_is_standard_output_never_a_file_named_dash(
    command: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # `-o -` means standard output, as FILE `-` means standard input: no file "-" holding
    # patient data is left in the folder the command was run from
    from vardgaranti._cli import main

    monkeypatch.chdir(tmp_path)
    if command[0] == "report":  # (whose default is report.html): the page it writes
        written = tmp_path / "out"
        code = main([*command, "-o", str(written)])
        expected = written.read_text(encoding="utf-8")
        capsys.readouterr()
    else:  # what it writes to standard output when no --output is given
        code = main(command)
        expected = capsys.readouterr().out
    dashed = main([*command, "-o", "-"])
    out = capsys.readouterr().out
    assert dashed == code
    assert out
    assert out == expected
    assert "-" not in [p.name for p in tmp_path.iterdir()]


# -- output names and the input: the command line ---------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from vardgaranti._cli import main

    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("command", ["check", "worklist", "validate", "stats", "report"])
@pytest.mark.parametrize("suffix", [".xls", ".XLSM", ".xlsb", ".ods"])
def test_an_output_named_for_a_format_no_command_writes_is_refused_before_reading(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, suffix: str
) -> None:
    """Excel refuses a workbook named for another kind: nothing is written under such a name."""
    target = tmp_path / f"out{suffix}"
    code, out, err = _cli(capsys, command, "--example", "--output", str(target))
    assert (code, out) == (2, "")
    word = "fel" if command == "report" else "error"  # (the report's language is Swedish)
    assert err.startswith(f"vardgaranti: {word}: {target}: ")
    # (report and validate say what they write instead: they write no workbook either)
    said = {"report": "skriver en HTML-sida", "validate": "writes text, CSV or JSON"}
    assert said.get(command, "is not written") in err
    assert err.count("\n") == 1
    assert not target.exists()


@pytest.mark.parametrize(
    ("command", "name", "what"),
    [
        ("report", "report.pdf", "one HTML page; name the file .html"),
        ("report", "report.xlsx", "one HTML page; name the file .html"),
        ("validate", "findings.xlsx", "text, CSV or JSON; name the file .txt, .csv or .json"),
        # (a text table in s.html, CSV in c.json: a file that is not what its name says)
        ("check", "checked.json", "CSV or an Excel workbook; name the file .csv or .xlsx"),
        ("check", "checked.html", "CSV or an Excel workbook; name the file .csv or .xlsx"),
        ("stats", "figures.html", "text, CSV, JSON or an Excel workbook; name the file .txt, "
                                  ".csv, .json or .xlsx"),
        ("worklist", "worklist.pdf", "text, CSV, JSON or an Excel workbook; name the file .txt, "
                                     ".csv, .json or .xlsx"),
    ],
)  # fmt: skip
def test_an_output_named_for_another_format_than_the_command_writes_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, name: str, what: str
) -> None:
    target = tmp_path / name
    english = ["--lang", "en"] if command == "report" else []  # (report: Swedish by default)
    code, _, err = _cli(capsys, command, "--example", "--output", str(target), *english)
    assert code == 2
    assert err == f"vardgaranti: error: {target}: vardgaranti {command} writes {what}\n"
    assert not target.exists()


@pytest.mark.parametrize("command", ["check", "stats", "worklist"])
def test_an_output_name_of_no_known_format_is_taken(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    target = tmp_path / "vecka49.v2"
    argv = ["--example", "--output", str(target)]
    if command != "check":
        argv += ["--as-of", "2025-06-02"]
    code, _, _ = _cli(capsys, command, *argv)
    assert code in (0, 1)
    assert target.stat().st_size > 0


@pytest.mark.parametrize(("name", "first"), [("findings.json", "{"), ("findings.csv", "code;")])
def test_validate_takes_the_format_from_the_output_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, first: str
) -> None:
    target = tmp_path / name
    code, _, _ = _cli(capsys, "validate", "--example", "--output", str(target))
    assert code == 1  # the example has findings
    assert target.read_text(encoding="utf-8-sig").startswith(first)
    # an explicit --json or --csv that the name contradicts is refused (it wrote JSON into a
    # .csv file), the file left as it was
    before = target.read_bytes()
    flag = "--csv" if name.endswith(".json") else "--json"
    code, _, err = _cli(capsys, "validate", "--example", "--output", str(target), flag)
    assert code == 2
    assert f"{flag} writes" in err
    assert target.read_bytes() == before


@pytest.mark.parametrize("command", ["worklist", "validate", "stats", "report"])
def test_no_command_but_check_writes_over_its_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    """The waiting list would be replaced by a worklist or a report: refused, the list kept."""
    from vardgaranti._waiting_list import example_waiting_list

    source = tmp_path / "lista"  # (a name every command writes: the check is of the file)
    shutil.copyfile(example_waiting_list(), source)
    before = source.read_bytes()
    (tmp_path / "sub").mkdir()
    link = tmp_path / "länk"
    link.symlink_to(source)
    # the same file by another name: through a folder and back, or a link
    for output in (tmp_path / "sub" / ".." / "lista", link):
        code, _, err = _cli(
            capsys, command, str(source), "--as-of", "2025-06-02", "-o", str(output)
        )
        assert code == 2
        said = (  # (the report's language: Swedish)
            f"vardgaranti: fel: {output}: är en fil som kommandot läser; skriv utdata från "
            f"{command} till en annan fil (väntelistan skulle ersättas)\n"
            if command == "report"
            else f"vardgaranti: error: {output}: is a file the command reads; write the "
            f"{command} output to another file (the waiting list would be replaced)\n"
        )
        assert err == said
    assert source.read_bytes() == before


@pytest.mark.parametrize("command", ["check", "stats"])
def test_no_command_writes_over_a_file_given_to_one_of_its_options(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    rules = tmp_path / "region.toml"
    shutil.copyfile(Path(__file__).parent / "golden" / "week" / "region.toml", rules)
    before = rules.read_bytes()
    code, _, err = _cli(capsys, command, "--example", "--rules", str(rules), "-o", str(rules))
    assert code == 2
    assert err == (
        f"vardgaranti: error: {rules}: is a file the command reads; write the {command} output "
        "to another file (the file would be replaced)\n"
    )
    assert rules.read_bytes() == before


@pytest.mark.parametrize("kind", ["xlsx", "xml"])
def test_check_does_not_write_over_a_workbook_or_an_xml_delivery_it_reads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    """A CSV list comes back whole with its results; a workbook would lose its other sheets,
    its dates and its form, and a delivery its XML: refused, the file kept."""
    from tests import national_fixtures as nf

    # (a delivery without the .xml suffix: check writes no .xml file, so a name it writes)
    source = tmp_path / ("leverans.xlsx" if kind == "xlsx" else "leverans")
    source.write_bytes(nf.national_xlsx() if kind == "xlsx" else nf.national_xml())
    before = source.read_bytes()
    code, _, err = _cli(capsys, "check", str(source), "--as-of", "2025-03-31", "-o", str(source))
    assert code == 2
    assert err == (
        f"vardgaranti: error: {source}: is a file the command reads; write the check output to "
        "another file (the waiting list would be replaced)\n"
    )
    assert source.read_bytes() == before


def test_check_writes_the_list_back_over_its_input_with_the_results(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from vardgaranti._waiting_list import example_waiting_list

    source = tmp_path / "lista.csv"
    shutil.copyfile(example_waiting_list(), source)
    code, _, _ = _cli(capsys, "check", str(source), "--as-of", "2025-06-02", "-o", str(source))
    assert code == 1
    assert source.read_text(encoding="utf-8-sig").splitlines()[0].endswith(";error")


@pytest.mark.parametrize("command", ["check", "validate"])
def test_a_command_run_without_as_of_says_the_day_it_used(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    from datetime import date

    from vardgaranti._waiting_list import example_waiting_list

    monkeypatch.setattr("vardgaranti._cli_common.today", lambda: date(2025, 6, 2))
    source = str(example_waiting_list())
    _code, _, err = _cli(capsys, command, source, "--output", str(tmp_path / "out.csv"))
    assert "vardgaranti: as of 2025-06-02, today (give --as-of for another day)\n" in err
    _code, _, err = _cli(
        capsys, command, source, "--as-of", "2025-06-02", "-o", str(tmp_path / "o.csv")
    )
    assert "as of" not in err


def _excel_run(
    tmp_path: Path, *argv: str, limit: int | None = None
) -> subprocess.CompletedProcess[bytes]:
    def before() -> None:
        if limit is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "vardgaranti", *argv],
        capture_output=True,
        check=False,
        cwd=tmp_path,
        preexec_fn=before,
    )


@POSIX
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_workbook_that_cannot_be_written_is_one_line_without_a_traceback(
    tmp_path: Path,
) -> None:
    # openpyxl's zip writer, left half-written, printed "Exception ignored in: <function
    # ZipFile.__del__ ...>" and a traceback after the error when it was collected.
    (tmp_path / "full.xlsx").symlink_to("/dev/full")
    done = _excel_run(tmp_path, "check", "--example", "-o", "full.xlsx")
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "vardgaranti: error: full.xlsx: cannot write (No space left on device)\n"
    )
    # a file size limit hit while openpyxl builds the sheet in the temporary folder: the
    # output is named (it said "File too large" alone), and the old file stays
    (tmp_path / "w.xlsx").write_bytes(b"old")
    done = _excel_run(tmp_path, "worklist", "--example", "-o", "w.xlsx", limit=5 * 1024)
    assert done.returncode == 2
    err = done.stderr.decode()
    assert err.startswith("vardgaranti: error: w.xlsx: cannot write (File too large; the sheets ")
    assert "Traceback" not in err
    assert "Exception ignored" not in err
    assert (tmp_path / "w.xlsx").read_bytes() == b"old"


# -- from a review of check end to end ----------------------------------------------------------


def test_polars_errors_of_the_system_are_raised_with_their_number() -> None:
    # polars raises OSError("Broken pipe (os error 32)") without errno: `| head` was an error
    # (exit 2) for the columnar engine, and a full disk did not name the file
    from vardgaranti._columnar import _os_errors

    def broken() -> None:
        raise OSError("Broken pipe (os error 32)")

    def full() -> None:
        raise OSError("No space left on device (os error 28)")

    with pytest.raises(BrokenPipeError) as piped:
        _os_errors(broken)
    assert piped.value.errno == errno.EPIPE
    with pytest.raises(OSError, match="No space left") as disk:
        _os_errors(full)
    assert disk.value.errno == errno.ENOSPC
    assert not isinstance(disk.value, BrokenPipeError)


@POSIX
def test_the_columnar_writer_into_a_closed_pipe_is_a_broken_pipe() -> None:
    import polars as pl

    from vardgaranti._columnar import _Writer

    read, write = os.pipe()
    os.close(read)
    with open(write, "w", encoding="utf-8", newline="") as stream:
        writer = _Writer(stream)
        assert writer.raw is not None
        with pytest.raises(BrokenPipeError):
            writer.rows(pl.DataFrame({"a": ["x"] * 100_000, "b": ["y"] * 100_000}), ";")
        with contextlib.suppress(BrokenPipeError):
            stream.close()


@POSIX
def test_check_columnar_into_head_stops_quietly(tmp_path: Path) -> None:
    listed = tmp_path / "list.csv"
    rows = "".join(f"P{i};U;visit;2025-03-01\n" for i in range(60_000))
    listed.write_text("id;unit;level;start\n" + rows, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, "-m", "vardgaranti", "check", str(listed), "--as-of", "2025-06-02",
         "--engine", "columnar"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert child.stdout is not None
    child.stdout.readline()
    child.stdout.close()
    _out, err = child.communicate(timeout=TIMEOUT)
    assert child.returncode == 1
    assert err == b""


@POSIX
def test_report_into_a_reader_that_goes_away_is_exit_1_not_success() -> None:
    """The page was one write: the pipe took part of it, the rest was dropped, and exit 0."""
    child = subprocess.Popen(
        [sys.executable, "-m", "vardgaranti", "report", "--example", "-o", "-"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert child.stdout is not None
    assert child.stdout.read(10) == b"<!DOCTYPE "
    child.stdout.close()
    _out, err = child.communicate(timeout=TIMEOUT)
    assert child.returncode == 1
    assert b"rader har fel" not in err  # (the line of a page written in full)


def test_check_with_standard_input_closed_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from vardgaranti._cli import main

    monkeypatch.setattr(sys, "stdin", None)
    assert main(["check", "-", "--as-of", "2025-06-02"]) == 2  # (was 70: an internal error)
    assert "standard input is closed" in capsys.readouterr().err


@POSIX
def test_the_summary_stays_apart_when_the_output_names_standard_output() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "vardgaranti", "check", "--example", "-o", "/dev/stdout",
         "--summary", "json"],
        capture_output=True, timeout=TIMEOUT, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert b'"rows": 300' not in done.stdout
    assert b'"rows": 300' in done.stderr
    assert done.stdout.count(b"\n") == 301


def test_a_signal_held_back_until_the_file_was_in_place_says_it_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from vardgaranti import _output
    from vardgaranti._cli import main

    def interrupted(folder: str) -> None:
        # (after the move: held back, raised at the end. To this thread: os.kill's signal may
        # go to another thread of the process, such as polars' own, and came late in a full run)
        signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(_output, "_sync_folder", interrupted)
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    assert main(["check", "--example", "-o", str(target)]) == 130
    err = capsys.readouterr().err
    assert "written in full" in err
    assert "left as it was" not in err
    assert target.read_text(encoding="utf-8-sig").startswith("id;")


@POSIX
@pytest.mark.parametrize(
    ("written", "lang", "said"),
    [
        (True, "sv", "vardgaranti: avbrutet av SIGINT; utfilen hann skrivas färdig innan det "
         "avbröts"),
        (False, "sv", "vardgaranti: avbrutet av SIGINT; utfilen lämnades som den var"),
        (True, "en", "vardgaranti: interrupted by SIGINT; the output file was written in full "
         "before it stopped"),
    ],
)  # fmt: skip
def test_check_says_a_signal_in_the_language_asked_for(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    written: bool,
    lang: str,
    said: str,
) -> None:
    # A review: `check --lang sv` said "interrupted by SIGINT; the output file was left as it
    # was" in English, where the other commands say "avbrutet".
    from vardgaranti import _output
    from vardgaranti._cli import main

    def interrupted(folder: str) -> None:
        signal.raise_signal(signal.SIGINT)

    if written:  # held back until the file is in place
        monkeypatch.setattr(_output, "_sync_folder", interrupted)
    else:  # while it is being written
        write = _output._Sink.write

        def stopped(sink: Any, data: Any, /) -> int:
            signal.raise_signal(signal.SIGINT)
            return write(sink, data)

        monkeypatch.setattr(_output._Sink, "write", stopped)
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    assert main(["check", "--example", "--lang", lang, "-o", str(target)]) == 130
    assert capsys.readouterr().err == said + "\n"


def test_the_progress_bar_ends_once() -> None:
    import io

    from vardgaranti._cli import _progress_bar

    stream = io.StringIO()
    show = _progress_bar(stream)
    for done in (5, 10, 10, 10):
        show(done, 10)
    assert stream.getvalue().count("100.0%") == 1
    assert stream.getvalue().endswith("\n")


def test_a_summary_with_standard_output_closed_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from vardgaranti._cli import main

    monkeypatch.setattr(sys, "stdout", None)
    out = tmp_path / "out.csv"
    assert main(["check", "--example", "-o", str(out), "--summary", "text"]) == 2
    assert "the summary would be lost" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("command", "kind"),
    [("worklist", "csv"), ("validate", "csv"), ("stats", "csv"), ("report", "csv"),
     ("check", "xlsx")],
)  # fmt: skip
def test_no_command_writes_over_the_file_on_its_standard_input(
    tmp_path: Path, command: str, kind: str
) -> None:
    # `worklist - -o lista.csv < lista.csv` replaced the list by its worklist: the same file
    # by its name was refused, on standard input it was not (check: a workbook lost its
    # other sheets). A CSV list given to check comes back with its results, as by its name.
    from tests import national_fixtures as nf
    from vardgaranti._waiting_list import example_waiting_list

    source = tmp_path / f"lista.{'html' if command == 'report' else kind}"
    if kind == "xlsx":
        source.write_bytes(nf.national_xlsx())
    else:
        shutil.copyfile(example_waiting_list(), source)
    before = source.read_bytes()
    day = ["--census", "2025-06-02"] if command == "stats" else ["--as-of", "2025-06-02"]
    with source.open("rb") as given:
        done = subprocess.run(
            [sys.executable, "-m", "vardgaranti", command, "-", *day, "-o", str(source)],
            stdin=given, capture_output=True, text=True, check=False,
        )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        f"vardgaranti: {'fel' if command == 'report' else 'error'}: {source}: "
        + (
            "är filen på standardinmatningen, som kommandot läser; skriv utdata från report "
            "till en annan fil (väntelistan skulle ersättas)\n"
            if command == "report"
            else "is the file on standard input, which the command reads; write the "
            f"{command} output to another file (the waiting list would be replaced)\n"
        )
    )
    assert source.read_bytes() == before


def test_check_writes_a_csv_list_on_its_standard_input_back_with_the_results(
    tmp_path: Path,
) -> None:
    from vardgaranti._waiting_list import example_waiting_list

    source = tmp_path / "lista.csv"
    shutil.copyfile(example_waiting_list(), source)
    with source.open("rb") as given:
        done = subprocess.run(
            [sys.executable, "-m", "vardgaranti", "check", "-", "--as-of", "2025-06-02", "-o",
             str(source)],
            stdin=given, capture_output=True, text=True, check=False,
        )  # fmt: skip
    assert done.returncode == 1, done.stderr  # (13 rows with errors)
    assert source.read_text(encoding="utf-8-sig").splitlines()[0].endswith(";error")


def test_signals_stop_turns_a_signal_between_two_outputs_into_signal_exit(
    sigterm_sentinel: Callable[[int, FrameType | None], None],
) -> None:
    # Between two letters no output is open: SIGTERM killed the process without a word.
    from vardgaranti._output import signals_stop
    from vardgaranti.errors import SignalExit

    with pytest.raises(SignalExit) as stopped, signals_stop():
        signal.raise_signal(signal.SIGTERM)
    assert stopped.value.exit_code == 143
    assert signal.getsignal(signal.SIGTERM) is sigterm_sentinel  # put back


def test_letters_cut_short_by_a_signal_say_the_list_was_written_and_the_folder_is_incomplete(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sigterm_sentinel: Callable[[int, FrameType | None], None],
) -> None:
    # It said "the output file was left as it was" (of the letter being written), when the
    # worklist had been written and only some letters were in the folder; a signal between
    # two letters (here: while the fourth letter's text is made, no output open) killed the
    # process without a word (the test's own handler stands in for that death).
    from vardgaranti import _worklist
    from vardgaranti._cli import main
    from vardgaranti._letters import letter_for as real
    from vardgaranti._waiting_list import example_waiting_list

    calls = [0]

    def stopping(*args: Any, **kwargs: Any) -> str:
        calls[0] += 1
        if calls[0] == 4:
            signal.raise_signal(signal.SIGTERM)
        return real(*args, **kwargs)

    monkeypatch.setattr(_worklist, "letter_for", stopping)
    listing, letters = tmp_path / "lista.csv", tmp_path / "brev"
    letters.mkdir()
    (letters / "mall.docx").write_bytes(b"a file of the unit's own")
    code = main(["worklist", str(example_waiting_list()), "--as-of", "2025-06-02", "-o",
                 str(listing), "--letters", str(letters)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 143
    assert listing.exists()
    assert len(list(letters.iterdir())) == 1 + 3
    assert err.startswith("vardgaranti: interrupted by SIGTERM; the worklist was written, but ")
    assert "only 3 of " in err  # (the letters of this run: not the unit's own file)
    assert f"(in {letters}): the folder is incomplete; send nothing from it" in err


def _acl(*, owner: int, user: int, group: int, other: int) -> bytes:
    """A POSIX access list as Linux stores it (version 2): the owner's, user 65534's, the
    group's, the mask (as the group's) and the others' permissions."""
    import struct

    everyone = 0xFFFFFFFF  # (an entry of no one user or group)
    entries = [(0x01, owner, everyone), (0x02, user, 65534), (0x04, group, everyone),
               (0x10, group, everyone), (0x20, other, everyone)]  # fmt: skip
    return b"\x02\x00\x00\x00" + b"".join(struct.pack("<HHI", *entry) for entry in entries)


@POSIX
@pytest.mark.parametrize(
    "entries",
    [
        # user 65534 rw, the group r, a mask rw, others nothing (setfacl -m d:u:nobody:rw,...)
        [(0x01, 7, None), (0x02, 6, 65534), (0x04, 4, None), (0x10, 6, None), (0x20, 0, None)],
        [(0x01, 7, None), (0x04, 5, None), (0x20, 5, None)],  # a minimal list: no mask
        # group 65534 rwx, the mask rwx (the new file's: rw-), others r (kernel order: the
        # owner, named users, the group, named groups, the mask, others)
        [(0x01, 6, None), (0x04, 0, None), (0x08, 7, 65534), (0x10, 7, None), (0x20, 4, None)],
    ],
)
@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_a_new_file_gets_its_folders_default_access_list_as_any_programs_file_does(
    tmp_path: Path, entries: list[tuple[int, int, int | None]], umask: int
) -> None:
    # An environment review: in a folder with a default list the new output lost its named
    # user's write (the mask became r--) and others could read it, where the list says none:
    # it was made 0o600 and then given 0o666 less the umask. The oracle is the system: a file
    # made there by open(2) with mode 0o666, as a shell's redirection makes it.
    import struct

    folder = tmp_path / "delad"
    folder.mkdir()
    default = b"\x02\x00\x00\x00" + b"".join(
        struct.pack("<HHI", tag, perm, 0xFFFFFFFF if ident is None else ident)
        for tag, perm, ident in entries
    )
    minimal = b"\x02\x00\x00\x00" + b"".join(
        struct.pack("<HHI", tag, 6, 0xFFFFFFFF) for tag in (0x01, 0x04, 0x20)
    )
    try:  # (whether this file system has access lists at all)
        os.setxattr(folder, "system.posix_acl_default", minimal)
    except OSError:  # none here: the umask's mode, as before
        default = b""
    else:  # (a list the system refuses is a broken case, not a pass)
        os.setxattr(folder, "system.posix_acl_default", default)
    previous = os.umask(umask)
    try:
        os.close(os.open(folder / "skal.csv", os.O_CREAT | os.O_WRONLY, 0o666))
        _write_output(str(folder / "lista.csv"), "new\n")
    finally:
        os.umask(previous)
    ours, shells = folder / "lista.csv", folder / "skal.csv"
    assert _mode(ours) == _mode(shells)
    if default:  # (a list that only repeats the mode is kept as the mode: none to read)

        def access(path: Path) -> bytes | None:
            try:
                return os.getxattr(path, "system.posix_acl_access")
            except OSError:
                return None

        assert access(ours) == access(shells)
        assert (access(shells) is None) == (len(entries) == 3)
    else:
        assert _mode(ours) == 0o666 & ~umask


def test_a_replaced_file_keeps_its_access_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The mode and group were kept but a POSIX ACL was lost: a user the list denied, who is
    # in the group, could read the new file. (Where the file system has no ACLs, the copy is
    # checked through the calls it makes.)
    key = "system.posix_acl_access"
    acl = _acl(owner=6, user=0, group=4, other=0)  # user 65534 denied
    target = tmp_path / "lista.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    try:
        os.setxattr(target, key, acl)
    except OSError:  # no ACLs here: the calls the copy makes are recorded instead
        stored: dict[object, bytes] = {str(target): acl}

        def getxattr(path: object, name: str) -> bytes:
            assert name == key
            return stored[str(path)]

        def setxattr(path: object, name: str, value: bytes) -> None:
            stored[("set", name)] = value

        monkeypatch.setattr(os, "getxattr", getxattr)
        monkeypatch.setattr(os, "setxattr", setxattr)
        _write_output(str(target), "new\n")
        assert stored[("set", key)] == acl
    else:
        _write_output(str(target), "new\n")
        assert os.getxattr(target, key) == acl
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_device_on_standard_input_and_as_the_output_is_no_file_to_guard(
    tmp_path: Path,
) -> None:
    # `validate - -o /dev/null < /dev/null`: the same device on both sides is no list that
    # would be replaced (the empty input is what is said)
    with open(os.devnull, "rb") as given:
        done = subprocess.run(
            [sys.executable, "-m", "vardgaranti", "validate", "-", "--as-of", "2025-06-02",
             "-o", os.devnull],
            stdin=given, capture_output=True, text=True, check=False,
        )  # fmt: skip
    assert done.returncode == 2
    assert "empty file (no header line)" in done.stderr
    assert "standard input, which the command reads" not in done.stderr


@pytest.mark.parametrize(
    ("command", "lang", "said"),
    [
        ("check", "en", "error: standard output is {path}, a file the command reads"),
        ("worklist", "sv", "fel: standardutmatningen är {path}, en fil som kommandot läser"),
        ("validate", "en", "error: standard output is {path}, a file the command reads"),
    ],
)
def test_standard_output_appended_to_the_input_is_refused_and_the_list_kept(
    tmp_path: Path, command: str, lang: str, said: str
) -> None:
    # An environment review: `check list.csv >> list.csv` read back the rows it appended,
    # without end (183 MB in 20 s), and `worklist list.csv >> list.csv` appended the
    # worklist to the waiting list; `-o list.csv` was refused, standard output was not.
    listing = tmp_path / "lista.csv"
    original = example_waiting_list().read_bytes()
    listing.write_bytes(original)
    with listing.open("ab") as appended:
        done = subprocess.run(
            [sys.executable, "-m", "vardgaranti", command, str(listing), "--as-of",
             "2025-06-02", "--lang", lang],
            stdout=appended, stderr=subprocess.PIPE, text=True, check=False, timeout=60,
        )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith(f"vardgaranti: {said.format(path=listing)}"), done.stderr
    assert (
        "(väntelistan skulle läsas tillbaka eller gå förlorad)"
        if lang == "sv"
        else "(the waiting list would be read back or lost)"
    ) in done.stderr
    assert listing.read_bytes() == original
    with listing.open("rb") as given, listing.open("ab") as appended:  # (`- < list >> list`)
        done = subprocess.run(
            [sys.executable, "-m", "vardgaranti", command, "-", "--as-of", "2025-06-02"],
            stdin=given, stdout=appended, stderr=subprocess.PIPE, text=True, check=False,
            timeout=60,
        )  # fmt: skip
    assert done.returncode == 2
    assert "standard output is the file on standard input, which the command reads" in (done.stderr)
    assert listing.read_bytes() == original
    # A review of the change: with --output too (a summary still goes to standard output,
    # and -o /dev/stdout is it), `check l.csv -o /dev/stdout >> l.csv` grew without end
    for extra in (["-o", "/dev/stdout"], ["-o", str(tmp_path / "x.csv"), "--summary", "text"]):
        if command != "check" and "--summary" in extra:
            continue
        with listing.open("ab") as appended:
            done = subprocess.run(
                [sys.executable, "-m", "vardgaranti", command, str(listing), "--as-of",
                 "2025-06-02", *extra],
                stdout=appended, stderr=subprocess.PIPE, text=True, check=False, timeout=60,
            )  # fmt: skip
        assert done.returncode == 2, (extra, done.stderr)
        assert "a file the command reads" in done.stderr
        assert listing.read_bytes() == original
    # (another file on standard output, and the list on standard input, are as before)
    with (tmp_path / "ut.csv").open("wb") as other:
        kept = subprocess.run(
            [sys.executable, "-m", "vardgaranti", command, str(listing), "--as-of",
             "2025-06-02"],
            stdout=other, stderr=subprocess.PIPE, check=False, timeout=60,
        )  # fmt: skip
    assert kept.returncode == 1
    assert (tmp_path / "ut.csv").stat().st_size > 0


def test_a_replaced_file_without_an_access_list_gets_none_from_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The old file had no list; the new one took the folder's default list (one granting
    # another user read): the replacement was more readable than the file it replaced.
    import errno

    key = "system.posix_acl_access"
    default = _acl(owner=7, user=4, group=5, other=5)  # user 65534 may read
    target = tmp_path / "lista.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    try:
        os.setxattr(tmp_path, "system.posix_acl_default", default)
    except OSError:  # no ACLs here: the calls the copy makes are recorded instead
        removed: list[object] = []

        def getxattr(path: object, name: str) -> bytes:
            raise OSError(errno.ENODATA, "No data available")

        def removexattr(path: object, name: str) -> None:
            removed.append(name)

        monkeypatch.setattr(os, "getxattr", getxattr)
        monkeypatch.setattr(os, "removexattr", removexattr)
        _write_output(str(target), "new\n")
        assert removed == [key]
    else:
        _write_output(str(target), "new\n")
        with pytest.raises(OSError, match="No data available") as none:
            os.getxattr(target, key)  # (the new file has no list, as the old had none)
        assert none.value.errno == errno.ENODATA
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_signals_stop_puts_the_handlers_back_when_a_signal_came_before_it_armed(
    sigterm_sentinel: Callable[[int, FrameType | None], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A signal between install() and arm() raised outside the `try`: the guard's handler
    # stayed, and swallowed the next SIGTERM.
    from vardgaranti import _output
    from vardgaranti._output import signals_stop
    from vardgaranti.errors import SignalExit

    real = _output._SignalGuard.install

    def install(self: Any) -> None:
        real(self)
        signal.raise_signal(signal.SIGTERM)  # (kept: the guard is not armed yet)

    monkeypatch.setattr(_output._SignalGuard, "install", install)
    with pytest.raises(SignalExit), signals_stop():
        pass
    assert signal.getsignal(signal.SIGTERM) is sigterm_sentinel


# -- standard output is UTF-8 (docs/cli.md), whatever the locale's encoding ---------------------

POLISH: Final = "id;unit;level;start\nA1;Łódź ögon;visit;2025-03-01\n"


def _cli_bytes(
    tmp_path: Path, *argv: str, env: dict[str, str] | None = None
) -> tuple[int, bytes, str]:
    done = subprocess.run(
        [sys.executable, "-m", "vardgaranti", *argv],
        cwd=tmp_path,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize(
    "argv",
    [["check"], ["worklist", "--format", "csv"], ["stats", "--csv"], ["report", "-o", "-"]],
)
def test_standard_output_redirected_is_utf8_under_a_latin1_locale(
    tmp_path: Path, argv: list[str]
) -> None:
    (tmp_path / "pl.csv").write_text(POLISH, encoding="utf-8")
    command, *options = argv
    code, out, err = _cli_bytes(tmp_path, command, "pl.csv", "--as-of", "2025-06-02", *options,
                                env={"PYTHONIOENCODING": "latin-1"})  # fmt: skip
    assert (code, err) == (0, "")
    assert "Łódź ögon".encode() in out  # UTF-8, as with --output (not Latin-1, not an error)


@pytest.mark.parametrize(
    "env",
    [{"PYTHONIOENCODING": "latin-1"}, {"PYTHONIOENCODING": "ascii"},
     {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}],
)  # fmt: skip
def test_the_json_summary_on_standard_error_is_utf8_whatever_the_locale(
    tmp_path: Path, env: dict[str, str]
) -> None:
    # An environment review: `check ... --summary json 2> summary.json` wrote "L\xe4ns" (not
    # JSON) or a Latin-1 byte in a non-UTF-8 locale; the docs promise the file parses.
    (tmp_path / "pl.csv").write_text(POLISH, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "vardgaranti", "check", "pl.csv", "--as-of", "2025-06-02",
         "--summary", "json"],
        cwd=tmp_path, capture_output=True, env={**os.environ, **env}, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0
    assert done.stderr.endswith(b"}\n")  # (one line end after the object, as before)
    summary = json.loads(done.stderr.decode("utf-8"))
    assert [group["unit"] for group in summary["groups"]] == ["Łódź ögon"]
    assert "Łódź ögon".encode() in done.stdout


class _Terminal(io.TextIOWrapper):
    def isatty(self) -> bool:
        return True


def test_a_terminal_without_a_character_gets_one_line_not_an_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from vardgaranti._cli import main

    source = tmp_path / "pl.csv"
    source.write_text(POLISH, encoding="utf-8")
    for argv in (["check"], ["worklist", "--format", "csv"]):
        screen = _Terminal(io.BytesIO(), encoding="latin-1", newline="")
        monkeypatch.setattr(sys, "stdout", screen)
        assert main([*argv[:1], str(source), "--as-of", "2025-06-02", *argv[1:]]) == 2
        assert capsys.readouterr().err == (
            "vardgaranti: error: standard output cannot show 'Ł' (U+0141) in its encoding "
            "latin-1; give --output FILE (written in UTF-8), or set PYTHONIOENCODING=utf-8\n"
        )
        assert screen.encoding == "latin-1"  # (a terminal keeps its own)


@pytest.mark.parametrize("encoding", ["cp1252", "cp850", "latin1", "iso-8859-1", "ascii"])
def test_a_windows_code_page_terminal_without_a_character_gets_one_line_not_an_internal_error(
    encoding: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A Windows review: a code page's codec names itself "charmap" in its errors, which never
    # matched the terminal's encoding: exit 70, "internal error", half an output.
    from vardgaranti._cli import main

    source = tmp_path / "pl.csv"
    source.write_text(POLISH, encoding="utf-8")
    screen = _Terminal(io.BytesIO(), encoding=encoding, newline="")
    monkeypatch.setattr(sys, "stdout", screen)
    assert main(["check", str(source), "--as-of", "2025-06-02"]) == 2
    assert capsys.readouterr().err == (
        f"vardgaranti: error: standard output cannot show 'Ł' (U+0141) in its encoding "
        f"{encoding}; give --output FILE (written in UTF-8), or set PYTHONIOENCODING=utf-8\n"
    )


@pytest.mark.parametrize("encoding", ["cp1252", "cp850", "utf-8"])
def test_check_to_a_terminal_writes_no_byte_order_mark(
    encoding: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A Windows review: the shipped example (and any list read with a byte-order mark) stopped
    # a cp1252 terminal at its first character, the mark, which a screen does not show; the
    # same command to a file or a pipe keeps it.
    from vardgaranti._cli import main

    raw = io.BytesIO()
    screen = _Terminal(raw, encoding=encoding, newline="")
    monkeypatch.setattr(sys, "stdout", screen)
    assert main(["check", "--example"]) == 1
    screen.flush()
    capsys.readouterr()
    shown = raw.getvalue().decode(encoding)
    assert shown.startswith("id;unit;level;start;"), shown[:20]
    assert shown.count("\r\n") == 301


@pytest.mark.parametrize(
    "argv",
    [
        ["calendar", "2025", "--lang", "sv"],
        ["rules", "--at", "2025-01-01", "--lang", "sv"],
        ["deadline", "--level", "visit", "--start", "2025-03-03", "--as-of", "2025-04-10",
         "--lang", "sv"],
    ],
)  # fmt: skip
def test_a_command_without_output_option_is_told_to_redirect_not_to_give_output(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # calendar, rules and deadline have no --output: the advice named an option they refuse
    from vardgaranti._cli import main

    monkeypatch.setattr(sys, "stdout", _Terminal(io.BytesIO(), encoding="ascii", newline=""))
    assert main(argv) == 2
    assert capsys.readouterr().err.endswith(
        "i sin teckenkodning ascii; skriv till en fil (> FIL, i UTF-8), eller sätt "
        "PYTHONIOENCODING=utf-8\n"
    )
    monkeypatch.setattr(sys, "stdout", _Terminal(io.BytesIO(), encoding="ascii", newline=""))
    assert main([*argv[:-2], "--lang", "en"] if argv[-2] == "--lang" else argv) == 2
    assert capsys.readouterr().err.endswith(
        "in its encoding ascii; write it to a file (> FILE, in UTF-8), or set "
        "PYTHONIOENCODING=utf-8\n"
    )


def test_a_terminal_is_told_in_swedish_under_lang_sv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from vardgaranti._cli import main

    source = tmp_path / "pl.csv"
    source.write_text(POLISH, encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", _Terminal(io.BytesIO(), encoding="latin-1", newline=""))
    argv = ["worklist", str(source), "--as-of", "2025-06-02", "--lang", "sv", "--format", "csv"]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        "vardgaranti: fel: standard output kan inte visa 'Ł' (U+0141) i sin teckenkodning "
        "latin-1; ange --output FIL (skrivs i UTF-8), eller sätt PYTHONIOENCODING=utf-8\n"
    )


def test_a_redirected_stream_gets_utf8_and_its_encoding_back_after_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vardgaranti._cli import main

    source = tmp_path / "pl.csv"
    source.write_text(POLISH, encoding="utf-8")
    raw = io.BytesIO()
    piped = io.TextIOWrapper(raw, encoding="latin-1", newline="")
    monkeypatch.setattr(sys, "stdout", piped)
    assert main(["check", str(source), "--as-of", "2025-06-02"]) == 0
    piped.flush()
    assert "Łódź ögon".encode() in raw.getvalue()
    assert (piped.encoding, piped.errors) == ("latin-1", "strict")


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_worklist_csv_to_standard_output_has_no_bom_however_it_is_named(
    tmp_path: Path, target: str
) -> None:
    (tmp_path / "lista.csv").write_bytes(
        "id;unit;level;start\nA1;Ögon;visit;2025-03-01\n".encode("cp1252")
    )
    argv = ["worklist", "lista.csv", "--as-of", "2025-06-02", "--format", "csv"]
    code, plain, _ = _cli_bytes(tmp_path, *argv)
    code_named, named, _ = _cli_bytes(tmp_path, *argv, "-o", target)
    assert (code, code_named) == (0, 0)
    assert named == plain
    assert not named.startswith(b"\xef\xbb\xbf")
    code, _, _ = _cli_bytes(tmp_path, *argv, "-o", "file.csv")  # a file: Excel's BOM
    assert (tmp_path / "file.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_no_thread_for_the_early_sync_leaves_it_to_the_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At a limit of threads, `Thread.start` raises: the early sync is only a head start, and
    # the output was lost to "internal error: RuntimeError: can't start new thread".
    monkeypatch.setattr("vardgaranti._output._SYNC_BYTES", 10)
    sizes = _syncs(monkeypatch)

    def refused(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refused)
    out = tmp_path / "checked.csv"
    _write_output(str(out), "x" * 100)
    assert out.read_text() == "x" * 100
    assert sizes == [-100]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_exit_survives_pickling_as_it_crosses_processes(signum: int) -> None:
    # An integrator's review: pickle.loads(pickle.dumps(SignalExit(SIGTERM))) raised ValueError
    # (its text, 'interrupted by SIGTERM', was taken for the signal's number), so a signal in a
    # worker of `workers=` came back as an unrelated error.
    import pickle

    from vardgaranti.errors import SignalInterrupt

    stop = (SignalInterrupt if signum == signal.SIGINT else SignalExit)(signum, written=True)
    stop.note = "the letters were written"
    again = pickle.loads(pickle.dumps(stop))
    assert type(again) is type(stop)
    assert (again.signum, again.exit_code, again.written, again.note, str(again)) == (
        stop.signum, stop.exit_code, True, "the letters were written", str(stop)
    )  # fmt: skip


def test_a_read_option_on_standard_input_is_not_appended_to_or_replaced(tmp_path: Path) -> None:
    # `stats --published - < pub.csv >> pub.csv` appended the figures to the published file,
    # and `--published - -o pub.csv < pub.csv` replaced it, though a file given to
    # --published is never written over (docs/cli.md).
    published = tmp_path / "pub.csv"
    original = b"unit;level;measure;count\nGynekologi;visit;waiting;9\n"
    published.write_bytes(original)
    base = [sys.executable, "-m", "vardgaranti", "stats", "--example", "--published", "-"]
    with published.open("rb") as given, published.open("ab") as appended:
        done = subprocess.run(base, stdin=given, stdout=appended, stderr=subprocess.PIPE,
                              text=True, check=False, timeout=60)  # fmt: skip
    assert done.returncode == 2
    assert "standard output is the file on standard input, which the command reads" in (done.stderr)
    assert "(the file would be read back or lost)" in done.stderr
    with published.open("rb") as given:
        done = subprocess.run([*base, "-o", str(published)], stdin=given, capture_output=True,
                              text=True, check=False, timeout=60)  # fmt: skip
    assert done.returncode == 2
    assert f"{published}: is the file on standard input, which the command reads" in done.stderr
    assert published.read_bytes() == original
    # a read option's file itself as standard output (a mutation audit: only the waiting
    # list and `-` were tried)
    with published.open("ab") as appended:
        done = subprocess.run(
            [sys.executable, "-m", "vardgaranti", "stats", "--example", "--published",
             str(published)],
            stdout=appended, stderr=subprocess.PIPE, text=True, check=False, timeout=60,
        )  # fmt: skip
    assert done.returncode == 2
    assert f"standard output is {published}, a file the command reads" in done.stderr
    assert "(the file would be read back or lost)" in done.stderr
    assert published.read_bytes() == original


def test_a_device_as_input_and_standard_output_is_no_file_read_back(tmp_path: Path) -> None:
    # `validate /dev/null > /dev/null`: a device on both sides is no file that grows (a
    # mutation audit: without the regular-file check it was refused as one)
    with open(os.devnull, "wb") as null:
        done = subprocess.run(
            [sys.executable, "-m", "vardgaranti", "validate", os.devnull, "--as-of",
             "2025-06-02"],
            stdout=null, stderr=subprocess.PIPE, text=True, check=False, timeout=60,
        )  # fmt: skip
    assert done.returncode == 2
    assert "a file the command reads" not in done.stderr
    assert "empty file" in done.stderr


def test_a_failure_of_the_system_names_where_it_failed(tmp_path: Path) -> None:
    # A file-system review: a full disk under the columnar engine's or the slices' writes
    # (which go straight to the file, without its name) said "standard output" of `-o
    # out.csv`; too many open files with --jobs blamed standard output too.
    import argparse
    import errno

    from vardgaranti._cli import _os_error_text

    to_file = argparse.Namespace(output=str(tmp_path / "out.csv"))
    to_screen = argparse.Namespace(output=None)
    full = OSError(errno.ENOSPC, "No space left on device")
    assert _os_error_text(full, to_file) == f"No space left on device: {tmp_path / 'out.csv'}"
    assert _os_error_text(full, to_screen) == "No space left on device: standard output"
    named = OSError(errno.EACCES, "Permission denied", "x.csv")
    assert _os_error_text(named, to_screen) == "Permission denied: x.csv"
    many = OSError(errno.EMFILE, "Too many open files")
    assert _os_error_text(many, to_file) == (
        "Too many open files: raise the limit (ulimit -n), or give fewer --jobs"
    )
    temp = FileNotFoundError(errno.ENOENT, "No usable temporary directory found in ['/tmp']")
    assert _os_error_text(temp, to_file).endswith(": set TMPDIR to a folder with room that "
                                                  "you can write to")  # fmt: skip


def test_a_file_size_limit_under_the_columnar_engine_names_the_output(tmp_path: Path) -> None:
    import resource

    source = tmp_path / "lista.csv"
    source.write_text(
        "id;level;start\n" + "".join(f"P{i};visit;2025-03-01\n" for i in range(60_000)),
        encoding="utf-8",
    )
    target = tmp_path / "out.csv"

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, resource.RLIM_INFINITY))

    done = subprocess.run(
        [sys.executable, "-m", "vardgaranti", "check", str(source), "--as-of", "2025-06-02",
         "--engine", "columnar", "-o", str(target)],
        capture_output=True, text=True, preexec_fn=limit, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().endswith(f"File too large: {target}"), done.stderr
    assert not target.exists()


def test_an_output_that_cannot_be_put_in_place_leaves_its_rows_readable_by_the_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file-system review: an output folder made read-only while the output was written left
    # the temporary file, already given the output's mode (644), with every row, unsaid.
    from vardgaranti._output import open_output

    target = tmp_path / "o.csv"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o644)

    def refused(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)
    monkeypatch.setattr(os, "unlink", refused)  # (the folder's, as when it is read-only)
    with pytest.raises(WaitingListError) as caught, open_output(str(target)) as handle:
        handle.write("19121212-1212;HIV\r\n")
    monkeypatch.undo()
    said = str(caught.value)
    assert said.startswith(f"{target}: cannot write (Permission denied); what was written is ")
    (left,) = [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
    assert said.endswith(f"left in {left} (mode 600): remove it")
    assert stat.S_IMODE(left.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") == "old\n"


def test_a_utf8_terminal_never_takes_a_files_encoding_error_for_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # (a mutation audit: a "charmap" error writing a Windows-1252 output file is not the
    # terminal's when the terminal is UTF-8)
    from vardgaranti._cli import _of_stdout

    monkeypatch.setattr(sys, "stdout", _Terminal(io.BytesIO(), encoding="utf-8", newline=""))
    error = UnicodeEncodeError("charmap", "Ł", 0, 1, "character maps to <undefined>")
    assert _of_stdout(error) is False


@pytest.mark.parametrize("output", ["-", "/dev/stdout"])
def test_standard_output_named_as_a_file_is_said_as_standard_output(output: str) -> None:
    import argparse
    import errno

    from vardgaranti._cli import _os_error_text

    full = OSError(errno.ENOSPC, "No space left on device")
    said = _os_error_text(full, argparse.Namespace(output=output))
    assert said == "No space left on device: standard output"
