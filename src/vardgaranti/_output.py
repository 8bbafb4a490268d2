r"""Write an output file (e.g. the ``--output`` of ``vardgaranti check``) safely.

The files hold patient data, so :func:`open_output` makes sure that:

* a reader never sees half a file: a regular file is written to a temporary file of its own
  (``.NAME.XXXXXXXX.partial``) in the target's folder, flushed and fsync'ed, then moved into
  place with one :func:`os.replace`; two runs writing the same file never share a temporary
  file, and the last move wins whole;
* a failed or interrupted run leaves the old file as it was and no temporary file behind:
  an exception inside the ``with`` block, or SIGTERM, SIGHUP or SIGINT (which become
  :class:`SignalExit`);
* replacing a file keeps its permission bits (a ``600`` file stays ``600``) and, where
  allowed, its owner and group; a new file gets ``0o666`` less the umask (in a folder with a
  default access list, what that list gives a new file, as for a file any program makes);
* a symbolic link is followed, not replaced: the file it points to is replaced, the link stays;
* a pipe, a terminal or a device (``/dev/stdout``, ``/dev/null``, a FIFO) is written to
  directly, as are the descriptor names ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N`` and
  ``/proc/self/fd/N`` (which write to the already open descriptor, as a shell does);
* every failure is one :class:`~vardgaranti.errors.WaitingListError` naming the file as the
  user gave it: ``checked.csv: cannot write (Permission denied)``.

>>> import os, tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     path = os.path.join(folder, "checked.csv")
...     with open_output(path) as handle:
...         _ = handle.write("id;status\r\n1;ok\r\n")
...     with open(path, encoding="utf-8", newline="") as written:
...         print(repr(written.read()), os.listdir(folder))
'id;status\r\n1;ok\r\n' ['checked.csv']
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import os
import re
import signal
import stat
import threading
from collections.abc import Iterator
from types import FrameType
from typing import IO, TYPE_CHECKING, Any, Final

from .errors import SignalExit, SignalInterrupt, WaitingListError

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

__all__ = [
    "dump_json",
    "names_stdout",
    "open_output",
    "signals_stop",
    "written_directly",
]

#: The signals that, while an output file is open, abort the run and remove the temporary file.
_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)
#: Names of an already open descriptor: written through that descriptor, never replaced.
_DESCRIPTOR_NAME = re.compile(
    r"/dev/(?:(?P<std>stdout|stderr)|fd/(?P<fd>\d+))|/proc/self/fd/(?P<pfd>\d+)"
)


#: Python's own handlers: the only ones taken over while an output is written.
_DEFAULT_HANDLERS: tuple[Any, ...] = (signal.SIG_DFL, signal.default_int_handler)


def _signal_exit(signum: int, *, written: bool = False) -> SignalExit:
    """The :class:`SignalExit` of *signum* (a :class:`SignalInterrupt` for SIGINT)."""
    kind = SignalInterrupt if signum == signal.SIGINT else SignalExit
    return kind(signum, written=written)


class _SignalGuard:
    """Turn SIGTERM, SIGHUP and SIGINT into :class:`SignalExit` while armed.

    Installed only in the main thread (Python runs signal handlers there alone), and only over
    Python's default handlers: a signal with a handler of the program's own (a host that
    imports the library), one not installed from Python, or one ignored (``nohup`` ignores
    SIGHUP), is left alone. While not armed (the final move, the clean-up) a signal is kept and
    raised by :meth:`restore`, so neither is cut in half.
    """

    def __init__(self) -> None:
        self.armed = False
        self.pending: int | None = None
        self._previous: dict[int, Any] = {}

    def install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in _SIGNALS:
            previous = signal.getsignal(signum)
            # (a program's own handler, or one set outside Python, or an ignored signal, is
            # left as it is: only Python's defaults are taken over, for the time of a write)
            if previous not in _DEFAULT_HANDLERS:
                continue
            try:
                signal.signal(signum, self._handle)
            except ValueError:  # pragma: no cover - the main thread of a sub-interpreter
                return
            self._previous[signum] = previous

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.armed:
            self.armed = False
            raise _signal_exit(signum)
        if self.pending is None:
            self.pending = signum

    def arm(self) -> None:
        """Raise on the next signal, or at once for one that came while not armed."""
        if self.pending is not None:
            signum, self.pending = self.pending, None
            raise _signal_exit(signum)
        self.armed = True

    def restore(self, *, written: bool = False) -> None:
        """Put the previous handlers back; then raise a signal that came while not armed.

        *written*: the output was moved into place (the signal's error says so).
        """
        self.armed = False
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        self._previous.clear()
        if self.pending is not None:
            signum, self.pending = self.pending, None
            raise _signal_exit(signum, written=written)


#: A temporary file written in place of an output is synced to the disk in the background each
#: time this much more is written (:class:`_Sink`), so that the last sync has little left.
_SYNC_BYTES = 8 << 20


class _Sink(io.FileIO):
    """The raw file under the handle: a failed write names the output as the user gave it.

    With *sync_early* (a temporary file that :func:`open_output` syncs before moving it into
    place), the data written is synced to the disk in a thread of its own each time
    :data:`_SYNC_BYTES` more were written, while the rest is still being made: the last sync
    then waits for a few megabytes rather than for the whole file (100 MB: some 0.15 s). Data
    written to the descriptor directly (polars does) are told with :func:`written_directly`.
    :meth:`settle` waits for that thread and raises what it met: a failed sync is the
    output's error even though a later one may succeed (Linux reports a failed write-back
    once).
    """

    def __init__(self, fd: int, shown: str, *, sync_early: bool = False) -> None:
        super().__init__(fd, "w", closefd=True)
        self._shown = shown
        self.name = shown
        self._sync_early = sync_early
        self._size = 0  # what was written (as far as known)
        self._synced = 0  # what was written when the last sync began
        self._syncing: threading.Thread | None = None
        self._sync_error: OSError | None = None

    def write(self, data: ReadableBuffer, /) -> int:
        try:
            written = super().write(data)
        except (BlockingIOError, BrokenPipeError):
            # Non-blocking writes are the buffer's business; a reader that went away (`| head`)
            # is not an error of the file, and the command stops quietly on it.
            raise
        except OSError as error:
            raise _cannot_write(self._shown, error) from error
        if self._sync_early and written:
            self._advance(self._size + written)
        return written

    def _advance(self, size: int) -> None:
        """*size* bytes are written: sync them in the background, if it is time to."""
        self._size = size
        if size - self._synced >= _SYNC_BYTES and (
            self._syncing is None or not self._syncing.is_alive()
        ):
            self._synced = size
            syncing = threading.Thread(target=self._sync, name="vardgaranti-sync", daemon=True)
            try:
                syncing.start()
            except RuntimeError:  # (no thread to be had: the last sync does it all)
                return
            self._syncing = syncing

    def _sync(self) -> None:
        """Sync the data written so far (in the thread of its own)."""
        try:
            getattr(os, "fdatasync", os.fsync)(self.fileno())
        except OSError as error:
            self._sync_error = error
        except ValueError:  # closed meanwhile (which `close` prevents by waiting)
            pass

    def settle(self) -> None:
        """Wait for a sync under way.

        Raises:
            OSError: a sync in the background failed.
        """
        if self._syncing is not None:
            self._syncing.join()
            self._syncing = None
        if self._sync_error is not None:
            error, self._sync_error = self._sync_error, None
            raise error

    def close(self) -> None:
        if self._syncing is not None:  # (the descriptor is not closed under the sync)
            self._syncing.join()
            self._syncing = None
        super().close()


def written_directly(handle: IO[Any]) -> None:
    """Tell an output of :func:`open_output` that data were written to its descriptor directly.

    polars writes a frame to a file's descriptor, past the Python objects; a temporary output
    file is then synced in the background as if they had written it (see :class:`_Sink`).
    Any other stream is left as it is.
    """
    buffered = handle.buffer if isinstance(handle, io.TextIOWrapper) else handle
    sink = getattr(buffered, "raw", None)
    if isinstance(sink, _Sink) and sink._sync_early and not sink.closed:
        try:
            size = os.fstat(sink.fileno()).st_size
        except OSError:  # (the writes will say what is wrong)
            return
        sink._advance(size)


def dump_json(data: object, out: IO[str], *, flat_from: int) -> None:
    """Write *data* as JSON: containers indented by two, those *flat_from* levels deep on a line.

    The standard library's encoder indents in Python (a worklist of 88,000 patients took 12 s);
    without indentation it is the C encoder's work. So the outer levels (the top object is
    level 0) are indented and each value at level *flat_from* is one compact line, such as a
    worklist's patient: the same data, readable, in a fraction of the time.

    >>> import io
    >>> out = io.StringIO()
    >>> dump_json({"a": [{"b": 1, "c": [2, 3]}], "d": "ö"}, out, flat_from=2)
    >>> print(out.getvalue())
    {
      "a": [
        {"b": 1, "c": [2, 3]}
      ],
      "d": "ö"
    }
    """
    compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    write = out.write

    def put(value: object, level: int) -> None:
        if level >= flat_from or not value or not isinstance(value, (dict, list)):
            write(compact(value))
            return
        pad = "  " * level
        last = len(value) - 1
        if isinstance(value, dict):
            write("{\n")
            for index, (key, item) in enumerate(value.items()):
                # a key as the encoder writes it (true, null, 1.5; a tuple is refused)
                name = compact(key) if isinstance(key, str) else compact({key: 0})[1:-4]
                write(f"{pad}  {name}: ")
                put(item, level + 1)
                write(",\n" if index < last else "\n")
            write(pad + "}")
        else:
            write("[\n")
            for index, item in enumerate(value):
                write(pad + "  ")
                put(item, level + 1)
                write(",\n" if index < last else "\n")
            write(pad + "]")

    put(data, 0)


def _cannot_write(name: str, error: OSError, left: str | None = None) -> WaitingListError:
    said = f"{name}: cannot write ({error.strerror or error})"
    if left is not None:  # (its folder let no file be removed: what was written stays, said)
        said += f"; what was written is left in {left} (mode 600): remove it"
    return WaitingListError(said)


def _removed(temporary: str) -> str | None:
    """Remove *temporary*; ``None``, or its name when it stays (made readable by its owner only).

    A folder that was made read-only while the output was written lets no file in it be
    removed: the temporary file, already given the output's mode, would stay readable by
    all, holding every row.
    """
    try:
        os.unlink(temporary)
    except FileNotFoundError:
        return None
    except OSError:
        with contextlib.suppress(OSError):
            os.chmod(temporary, 0o600)
        return temporary
    return None


def _wrap(
    fd: int,
    name: str,
    *,
    binary: bool,
    encoding: str,
    newline: str | None,
    sync_early: bool = False,
) -> IO[Any]:
    try:
        raw = _Sink(fd, name, sync_early=sync_early)
    except BaseException:
        os.close(fd)
        raise
    buffered = io.BufferedWriter(raw)
    if binary:
        return buffered
    try:
        return io.TextIOWrapper(buffered, encoding=encoding, newline=newline)
    except BaseException:
        buffered.close()
        raise


def _close_quietly(handle: IO[Any]) -> None:
    """Close *handle* on the way out of a failure: its unwritten data no longer matters."""
    with contextlib.suppress(Exception):
        handle.close()


def _umask() -> int:
    """The process's umask, without changing it where Linux tells it (``/proc/self/status``)."""
    with (
        contextlib.suppress(OSError, ValueError),
        open("/proc/self/status", encoding="latin-1") as f,
    ):
        for line in f:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o077)  # pragma: no cover - not Linux: read it by setting it, then restore
    os.umask(mask)  # pragma: no cover
    return mask  # pragma: no cover


def _descriptor(name: str) -> int | None:
    """The descriptor that *name* (``/dev/stdout``, ``/dev/fd/3``...) stands for, if any."""
    if os.name != "posix":
        return None
    match = _DESCRIPTOR_NAME.fullmatch(name)
    if match is None:
        return None
    if match["std"]:
        return 1 if match["std"] == "stdout" else 2
    return int(match["fd"] or match["pfd"])


def names_stdout(name: str) -> bool:
    """Whether writing to *name* writes where standard output goes.

    ``-``, ``/dev/stdout``, ``/dev/fd/1``, ``/proc/self/fd/1``, or another name of the file,
    pipe or terminal standard output is (so that a summary meant to stay apart from the
    output goes to standard error instead).
    """
    if name == "-" or _descriptor(name) == 1:
        return True
    try:
        return os.path.samestat(os.stat(name), os.fstat(1))
    except (OSError, ValueError):  # no such file yet, or standard output closed
        return False


@contextlib.contextmanager
def open_output(
    name: str, *, binary: bool = False, encoding: str = "utf-8", newline: str | None = ""
) -> Iterator[IO[Any]]:
    r"""Open *name* for writing; it is replaced, whole, only when the ``with`` block succeeds.

    A regular file (new or existing, or the file a symbolic link points to) is written to a
    temporary file of its own beside it, which is flushed, fsync'ed, given the old file's mode
    (a new file: ``0o666`` less the umask, or its folder's default access list's) and moved
    into place at the end. On an exception
    inside the block, or a SIGTERM, SIGHUP or SIGINT while it runs (in the main thread), the
    temporary file is removed and the old file stays as it was; the signals raise
    :class:`SignalExit` (the previous handlers are restored when the block ends). A pipe, a
    terminal, a device or a descriptor name such as ``/dev/stdout`` is written to directly.

    Args:
        name: The output file, as the user gave it; every error names it so.
        binary: Open in binary mode (e.g. for an ``.xlsx`` file) instead of text mode.
        encoding: The text encoding (text mode only).
        newline: As for :func:`open`; the default ``""`` writes line ends unchanged, as the
            :mod:`csv` writer needs (text mode only).

    Yields:
        The open file: a text stream, or a binary one if *binary*.

    Raises:
        WaitingListError: *name* is a directory or cannot be written (``NAME: cannot write
            (REASON)``), including a write that fails inside the block; a read-only file (no
            write permission, or none for anyone) is not replaced.
        SignalExit: SIGTERM, SIGHUP or SIGINT arrived while the file was open.

    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "checked.csv")
    ...     try:
    ...         with open_output(path) as handle:
    ...             _ = handle.write("half a file")
    ...             raise RuntimeError("the run failed")
    ...     except RuntimeError:
    ...         pass
    ...     print(os.listdir(folder))
    []
    """
    if not binary:
        codecs.lookup(encoding)  # a wrong encoding is a LookupError before any file is made
    if not name:
        raise WaitingListError("the output file name is empty; give a file name for --output")
    if "\0" in name:  # (no system takes it; Python words its error otherwise in each version)
        raise WaitingListError(f"{name}: cannot write (the name holds a NUL byte)")
    try:
        info: os.stat_result | None = os.stat(name)
    except FileNotFoundError:
        info = None
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the name
        reason = error.strerror if isinstance(error, OSError) else str(error)
        raise WaitingListError(f"{name}: cannot write ({reason})") from None
    if (info is not None and stat.S_ISDIR(info.st_mode)) or name.endswith(("/", os.sep)):
        raise WaitingListError(f"{name}: is a directory; give a file name for --output")
    descriptor = _descriptor(name)
    if (
        descriptor is None
        and info is not None
        and stat.S_ISREG(info.st_mode)
        and (
            not info.st_mode & 0o222
            or (not os.access(name, os.W_OK) and not _on_read_only_system(name))
        )
    ):  # (replacing it needs only the folder: a file kept read-only is not replaced)
        raise WaitingListError(f"{name}: cannot write (the file is read-only)")
    if descriptor is not None or (info is not None and not stat.S_ISREG(info.st_mode)):
        with _direct(name, descriptor, binary=binary, encoding=encoding, newline=newline) as f:
            yield f
        return
    with _replacing(name, info, binary=binary, encoding=encoding, newline=newline) as handle:
        yield handle


@contextlib.contextmanager
def signals_stop() -> Iterator[None]:
    """Turn SIGTERM, SIGHUP and SIGINT into :class:`SignalExit` for the block.

    For a block that writes several outputs one after the other (the letters): a signal
    between two of them stops the block with a :class:`SignalExit`, which the command can say
    something about, as one inside an :func:`open_output` does (rather than the process
    dying without a word).
    """
    guard = _SignalGuard()
    guard.install()
    try:
        guard.arm()  # (inside: a signal that came since install() still puts the handlers back)
        yield
    finally:
        guard.armed = False
        guard.restore()


@contextlib.contextmanager
def _direct(
    name: str, descriptor: int | None, *, binary: bool, encoding: str, newline: str | None
) -> Iterator[IO[Any]]:
    """Write straight to a pipe, terminal, device or open descriptor: nothing to replace."""
    try:
        if descriptor is not None:
            fd = os.dup(descriptor)
        else:
            fd = os.open(name, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise _cannot_write(name, error) from error
    handle = _wrap(fd, name, binary=binary, encoding=encoding, newline=newline)
    try:
        yield handle
    except BaseException:
        _close_quietly(handle)
        raise
    handle.close()


@contextlib.contextmanager
def _replacing(
    name: str,
    old: os.stat_result | None,
    *,
    binary: bool,
    encoding: str,
    newline: str | None,
) -> Iterator[IO[Any]]:
    """Write a temporary file beside the (resolved) target and move it into place at the end."""
    target = os.path.realpath(name)
    folder, base = os.path.split(target)
    guard = _SignalGuard()
    guard.install()
    temporary: str | None = None
    replaced = False
    try:
        try:
            import tempfile  # imported when needed: a faster start

            fd, temporary = tempfile.mkstemp(prefix=_prefix(base), suffix=".partial", dir=folder)
        except PermissionError as error:  # (the folder's: the file itself may be writable)
            raise WaitingListError(
                f"{name}: cannot write (no new file can be made in its folder {folder}: "
                f"{error.strerror or error})"
            ) from None
        except OSError as error:
            raise _cannot_write(name, error) from error
        handle = _wrap(fd, name, binary=binary, encoding=encoding, newline=newline, sync_early=True)
        buffered = handle.buffer if isinstance(handle, io.TextIOWrapper) else handle
        assert isinstance(buffered, io.BufferedWriter)
        sink = buffered.raw
        assert isinstance(sink, _Sink)
        try:
            guard.arm()
            yield handle
            handle.flush()
            try:
                sink.settle()
                os.fsync(handle.fileno())
                _set_mode(handle.fileno(), temporary, old, target)
            except OSError as error:
                raise _cannot_write(name, error) from error
        except BaseException:
            guard.armed = False
            _close_quietly(handle)
            raise
        guard.armed = False  # from here on a signal waits until the file is in place
        try:
            handle.close()
            os.replace(temporary, target)
        except OSError as error:
            left, temporary = _removed(temporary), None
            raise _cannot_write(name, error, left) from error
        temporary = None
        replaced = True
        _sync_folder(folder)
    finally:
        guard.armed = False
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        guard.restore(written=replaced)


def _on_read_only_system(name: str) -> bool:
    """Whether *name* is on a file system mounted read-only (its write fails, saying so)."""
    try:
        return bool(os.statvfs(name).f_flag & getattr(os, "ST_RDONLY", 0))
    except (OSError, AttributeError):
        return False


def _prefix(base: str) -> str:
    """``.NAME.`` for the temporary file, NAME cut so that the whole name stays valid."""
    while len(os.fsencode(base)) > 120:
        base = base[:-1]
    return f".{base}."


def _set_mode(fd: int, path: str, old: os.stat_result | None, target: str = "") -> None:
    """Give the new file the old one's mode (and owner, where allowed), or the umask's.

    And the old file's access list (a POSIX ACL, where the system has them), which a mode
    alone would lose: a user the list denied, who is in the group, could read the new file.
    Failures are ignored: the file then keeps the 0o600 it was created with, never more.

    Only root may give a file to another owner: a user who replaces another's file keeps its
    group (which a member of it may set), and where even that is refused, the new file gets
    no group bits, nor the old access list (the old file's were for its group, not the
    writer's).
    """
    where: int | str = fd if os.chmod in os.supports_fd else path
    if old is None:
        if target and _inherit_default_acl(fd, os.path.dirname(target)):
            return
        with contextlib.suppress(OSError):
            os.chmod(where, 0o666 & ~_umask())
        return
    mode = stat.S_IMODE(old.st_mode)
    group_kept = True
    if hasattr(os, "chown"):
        current = os.stat(fd)
        if (current.st_uid, current.st_gid) != (old.st_uid, old.st_gid):
            owned: int | str = fd if os.chown in os.supports_fd else path
            try:
                os.chown(owned, old.st_uid, old.st_gid)
            except OSError:
                with contextlib.suppress(OSError):
                    os.chown(owned, -1, old.st_gid)
            if os.stat(fd).st_gid != old.st_gid:
                mode &= ~0o070
                group_kept = False
    with contextlib.suppress(OSError):
        os.chmod(where, mode)
    if target and hasattr(os, "getxattr") and hasattr(os, "setxattr"):
        acl: bytes | None = None
        if group_kept:  # (else the old list's group and mask entries would go to another)
            with contextlib.suppress(OSError):  # (none, or the file system has none)
                acl = os.getxattr(target, _ACL)
        if acl is None:
            # The new file may have one of its folder's default list: the old had none (or
            # its group is not kept), so neither does its replacement (it would grant what the
            # old file did not).
            with contextlib.suppress(OSError):
                os.removexattr(fd, _ACL)
        else:
            with contextlib.suppress(OSError):
                os.setxattr(fd, _ACL, acl)


#: The extended attribute that holds a file's POSIX access control list (Linux).
_ACL: Final = "system.posix_acl_access"
#: The one that holds a folder's default list, which a file made in it is given.
_DEFAULT_ACL: Final = "system.posix_acl_default"
_ACL_HEADER: Final = b"\x02\x00\x00\x00"  # (version 2; then entries of tag, perm, id)
_ACL_USER_OBJ, _ACL_GROUP_OBJ, _ACL_MASK, _ACL_OTHER = 0x01, 0x04, 0x10, 0x20


def _inherit_default_acl(fd: int, folder: str) -> bool:
    """Give a new file (*fd*) the access list its *folder*'s default list gives a new file.

    As the system gives it to a file any program makes there with mode ``0o666`` (the
    temporary file was made ``0o600``, private while written, which masked the group's and
    others' entries): the default list, its owner's, mask (else group's) and others'
    entries within ``rw-``; the umask does not apply (POSIX.1e, acl(5): "OBJECT CREATION AND
    DEFAULT ACLs"). Whether the folder has such a list (``False``: it has none, or the
    system no lists; the mode is then the umask's).
    """
    if not (hasattr(os, "getxattr") and hasattr(os, "setxattr")):
        return False
    try:
        default = os.getxattr(folder or os.curdir, _DEFAULT_ACL)
    except OSError:
        return False
    if not default.startswith(_ACL_HEADER) or (len(default) - 4) % 8:
        return False
    import struct

    entries = [struct.unpack_from("<HHI", default, at) for at in range(4, len(default), 8)]
    tags = {tag for tag, _perm, _id in entries}
    masked = {_ACL_USER_OBJ, _ACL_OTHER, _ACL_MASK if _ACL_MASK in tags else _ACL_GROUP_OBJ}
    perms = {tag: perm & 0o6 if tag in masked else perm for tag, perm, _id in entries}
    mode = (
        perms.get(_ACL_USER_OBJ, 0) << 6
        | perms.get(_ACL_MASK, perms.get(_ACL_GROUP_OBJ, 0)) << 3
        | perms.get(_ACL_OTHER, 0)
    )
    access = _ACL_HEADER + b"".join(
        struct.pack("<HHI", tag, perm & 0o6 if tag in masked else perm, ident)
        for tag, perm, ident in entries
    )
    try:
        os.chmod(fd, mode)
        os.setxattr(fd, _ACL, access)
    except OSError:
        return False
    return True


def _sync_folder(folder: str) -> None:
    """Make the move itself durable where the system allows it (POSIX); best effort."""
    if os.name != "posix":  # pragma: no cover
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
