"""Open a text export whatever Windows program wrote it: UTF-8, Windows-1252 or UTF-16.

Regions export waiting lists from Excel and from their own systems; the same data arrives as
"CSV UTF-8" (with a byte-order mark), as plain "CSV" (Windows-1252 on a Swedish Windows) or
as "Unicode text" (UTF-16 little-endian with a byte-order mark). :func:`open_text` decides
the encoding, checks the whole file once, and hands back a text stream that cannot fail to
decode afterwards.

Deciding (``encoding="auto"``):

1. A byte-order mark decides: UTF-8, UTF-16 little- or big-endian. The mark is consumed (it
   never reaches the text) and reported in :attr:`DecodedText.bom`.
2. Without one, a file that is valid UTF-8 from its first byte to its last is UTF-8.
3. Anything else is read as Windows-1252, with a one-line :attr:`DecodedText.note` saying so
   (and, when the file is UTF-8 with letters beyond ASCII up to a byte that is not, naming
   that byte's line: the letters before it read as two characters each).

Checking the whole file, without holding it: the bytes are read once in chunks of 64 KiB and
decoded incrementally (the text is thrown away), then the stream is rewound and opened with the
chosen codec. A stream that cannot seek (standard input) is copied to an anonymous temporary
file on disk while it is checked, and read from there; so memory stays flat for any size, at
the cost of reading the bytes twice.

Windows-1252 leaves five bytes undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D). A file holding one of
them is neither UTF-8 nor Windows-1252 (DOS code page 850, for instance, writes ``Å`` as 0x8F),
so it is refused with the line it is on rather than read as something wrong.

DOS code page 850 (an old system's "OEM" export) writes the other Swedish letters in bytes
Windows-1252 reads as punctuation: ``Ö`` (0x99) as ``™``, ``ö`` (0x94) as ``”``, ``ä`` (0x84)
as ``„``. A file read as Windows-1252 would keep its rows with their ids and units changed
(``Ö-1`` as ``™-1``). So a file that is not UTF-8, holds no Swedish letter of Windows-1252 and
holds such a byte within a word (:data:`_CP850_LETTERS`) is refused, saying which encoding to
ask for: ``cp850`` if it is DOS text, ``cp1252`` if those bytes are punctuation after all.
"""

from __future__ import annotations

import codecs
import io
import re
import tempfile
from collections.abc import Iterator
from typing import IO, BinaryIO, Final, TextIO

import attrs

from .errors import WaitingListError

__all__ = ["ENCODINGS", "DecodedText", "open_text"]

#: The values :func:`open_text` accepts for ``encoding``.
ENCODINGS: Final = ("auto", "utf-8", "cp1252", "utf-16", "cp850")
#: The first bytes of UTF-16 text without a byte-order mark that tell its byte order.
_SNIFF_BYTES: Final = 512
_ALIASES: Final = {
    "auto": "auto",
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "cp1252": "cp1252",
    "windows-1252": "cp1252",
    "utf-16": "utf-16",
    "utf16": "utf-16",
    "cp850": "cp850",
    "ibm850": "cp850",
}
_CHUNK: Final = 1 << 16
# (mark, codec used to read the rest, the name reported, a human name of the mark)
_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le", "UTF-16 (little-endian)"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be", "UTF-16 (big-endian)"),
)
_ACCEPTS_BOM: Final = {"utf-8": ("utf-8",), "utf-16": ("utf-16-le", "utf-16-be")}
_CP1252_UNDEFINED: Final = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_CP1252_UNDEFINED_BYTES: Final = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
#: A Swedish letter as DOS code page 850 writes it, in a word: ``ä`` (0x84), ``å`` (0x86), ``é``
#: (0x82), ``ü`` (0x81) after a letter or before a small one; ``ö`` (0x94) between two letters;
#: ``Ä`` (0x8E), ``Å`` (0x8F), ``É`` (0x90), ``Ö`` (0x99) before a small letter. Windows-1252
#: reads these bytes as punctuation (``„ † ‚ ” ™ Ž``), which stands beside a word rather than in
#: it. ``”`` (0x94) is Swedish typography's quotation mark on both sides of a word, so ``ö`` is
#: taken for a DOS letter only inside a word: a DOS file whose only Swedish letters are an
#: ``ö`` ending or beginning words (``Malmö``, ``öron``) is read as Windows-1252. A byte after
#: another byte above ASCII is not taken for one: it may end a UTF-8 character (``Ä`` is C3 84,
#: ``’`` E2 80 99) of a UTF-8 file with one stray byte elsewhere.
_CP850_LETTERS: Final = re.compile(
    rb"[A-Za-z][\x81\x82\x84\x86\x94][A-Za-z]|[A-Za-z][\x81\x82\x84\x86]"
    rb"|(?<![\x80-\xff])[\x81\x82\x84\x86\x8e\x8f\x90\x99][a-z]"
)
#: How many DOS letters refuse a file (:data:`_CP850_LETTERS`; one is said in a note: a
#: Windows-1252 name such as "Žana" has one).
_DOS_LETTERS: Final = 2
#: The Swedish letters as Windows-1252 writes them (Ä, Å, Ö, ä, å, ö, é).
_CP1252_LETTERS: Final = re.compile(rb"[\xc4\xc5\xd6\xe4\xe5\xf6\xe9]")


@attrs.frozen
class DecodedText:
    r"""A text file opened by :func:`open_text`.

    Attributes:
        stream: the text, from after the byte-order mark, with line endings untouched
            (``newline=""`` semantics, as :mod:`csv` wants). It owns the binary stream it reads:
            closing it closes that stream (or deletes the temporary copy of a pipe).
        encoding: the encoding found: ``"utf-8"``, ``"utf-8-sig"`` (UTF-8 with a byte-order
            mark), ``"utf-16-le"``, ``"utf-16-be"`` or ``"cp1252"`` (Windows-1252). Each is a
            Python codec name; writing with it gives the same bytes back, except that a UTF-16
            byte-order mark (:attr:`bom`) must be written first by hand.
        bom: whether the file started with a byte-order mark.
        note: a one-line note for the user when the encoding was guessed (not UTF-8, read as
            Windows-1252), else ``None``.

    >>> import io
    >>> data = "\ufeffid;enhet\r\n1;Ögonkliniken\r\n".encode("utf-8")
    >>> text = open_text(io.BytesIO(data), "a.csv")
    >>> text.encoding, text.bom, text.note, text.stream.read()
    ('utf-8-sig', True, None, 'id;enhet\r\n1;Ögonkliniken\r\n')
    """

    stream: TextIO
    encoding: str
    bom: bool
    note: str | None


class _BorrowedText(io.TextIOWrapper):
    """Text over a caller's binary stream, which it never closes.

    Closing it (or collecting it) detaches it from the stream, which stays open for the caller.
    """

    def close(self) -> None:
        try:
            self.buffer  # noqa: B018 - (a ValueError once detached)
        except ValueError:
            return
        self.detach()


def open_text(
    raw: BinaryIO, name: str, encoding: str = "auto", *, borrowed: bool = False
) -> DecodedText:
    r"""Open a binary stream as text, deciding or checking its encoding first.

    The whole stream is checked before this returns (see the module's docstring), so reading
    :attr:`DecodedText.stream` never raises :class:`UnicodeDecodeError`. The stream is read from
    its current position.

    Args:
        raw: the bytes, e.g. ``open(path, "rb")`` or ``sys.stdin.buffer``. The returned stream
            takes it over (unless *borrowed*).
        name: the file's name for messages.
        borrowed: *raw* is the caller's, to stay open: the returned stream, closed or
            collected, lets go of it rather than close it.
        encoding: ``"auto"`` (the default), ``"utf-8"``, ``"cp1252"`` or ``"utf-16"`` (case does
            not matter; ``utf8``, ``windows-1252`` and ``utf16`` are accepted too). An explicit
            encoding is checked, not guessed; ``"utf-16"`` with a byte-order mark is read as
            the mark says, without one in the byte order its first characters' zero bytes
            show (little-endian, Excel's "Unicode text", when they show none).

    Returns:
        The text and what was found.

    Raises:
        WaitingListError: an unknown ``encoding``; a byte-order mark that contradicts an
            explicit encoding; text that is not in the encoding asked for, or (``"auto"``)
            neither UTF-8 nor Windows-1252; naming the line of the first bad byte. One line.

    >>> import io
    >>> text = open_text(io.BytesIO("enhet\nÖgonkliniken\n".encode("cp1252")), "a.csv")
    >>> text.encoding, text.note, text.stream.read()
    ('cp1252', 'a.csv: not UTF-8; read as Windows-1252', 'enhet\nÖgonkliniken\n')
    >>> open_text(io.BytesIO(b"a\n\xe5\n"), "b.csv", "utf-8")
    Traceback (most recent call last):
    ...
    vardgaranti.errors.WaitingListError: b.csv: not UTF-8 text on line 2 (invalid ...); ...
    """
    asked = _ALIASES.get(encoding.strip().lower()) if isinstance(encoding, str) else None
    if asked is None:
        accepted = ", ".join(repr(name) for name in ENCODINGS)
        raise WaitingListError(
            f"encoding {encoding!r} is unknown; accepted: {accepted}", field="encoding"
        )
    source = _Source(raw)
    try:
        decoded = _decide(source, name, asked)
        handle = source.rewind(decoded.skip)
    except BaseException:
        source.discard()
        raise
    # (a copy of a pipe is the stream's own, to close)
    kind = _BorrowedText if borrowed and handle is raw else io.TextIOWrapper
    stream = kind(handle, encoding=decoded.codec, errors="strict", newline="")
    return DecodedText(stream, decoded.encoding, decoded.bom, decoded.note)


@attrs.frozen
class _Decision:
    codec: str  # what the rest of the file is read with
    encoding: str  # what is reported
    bom: bool
    skip: int  # bytes of byte-order mark to skip
    note: str | None = None


class _Source:
    """The bytes, read once in chunks for the check; a pipe is copied to a temporary file."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.start = 0
        self.spool: IO[bytes] | None = None
        try:
            seekable = raw.seekable()
            if seekable:
                self.start = raw.tell()
        except (OSError, ValueError):
            seekable = False
        if not seekable:
            self.spool = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the text stream

    def chunks(self) -> Iterator[bytes]:
        """The bytes in chunks; the first holds at least 4 bytes unless the stream is shorter."""
        first = b""
        while len(first) < 4:
            more = self.raw.read(_CHUNK)
            if not more:
                break
            first += more
        while first:
            if self.spool is not None:
                self.spool.write(first)
            yield first
            first = self.raw.read(_CHUNK)

    def line_of(self, skip: int, offset: int, codec: str) -> int:
        """The line of the byte at *offset* after *skip* bytes of mark (for a message).

        Counted again from the start only when a message needs it (an error, or the note of a
        UTF-8 file with a byte that is not), so that checking a file that is fine does not
        count its lines. It moves the stream, which ``open_text`` rewinds after.
        """
        stream = self.rewind(skip)
        decoder = codecs.getincrementaldecoder(codec)("replace")
        ends = 0  # line ends: LF, CR LF or CR alone (as the reader splits lines)
        carried = False  # the text so far ends in CR (an LF next is the same line end)
        while offset > 0:
            chunk = stream.read(min(offset, _CHUNK))
            if not chunk:
                break
            offset -= len(chunk)
            text = decoder.decode(chunk)
            if not text:
                continue
            ends += text.count("\n") + text.count("\r") - text.count("\r\n")
            if carried and text.startswith("\n"):
                ends -= 1
            carried = text.endswith("\r")
        return ends + 1

    def rewind(self, skip: int) -> IO[bytes]:
        """The binary stream positioned after *skip* bytes of byte-order mark."""
        if self.spool is None:
            self.raw.seek(self.start + skip)
            return self.raw
        self.spool.seek(skip)
        return self.spool

    def discard(self) -> None:
        """Drop the temporary copy after a failure (the caller's stream stays open)."""
        if self.spool is not None:
            self.spool.close()


def _byte_order(first: bytes) -> str:
    """The byte order of UTF-16 text without a byte-order mark, from its first bytes.

    A header's characters are mostly ASCII, each with a zero byte: first in big-endian text
    (``00 69 00 64`` is ``id``), second in little-endian. Little-endian (Excel's "Unicode
    text") unless the zeros say otherwise.

    >>> _byte_order("id;level".encode("utf-16-be")), _byte_order("id;level".encode("utf-16-le"))
    ('utf-16-be', 'utf-16-le')
    """
    head = first[:_SNIFF_BYTES]
    return "utf-16-be" if head[0::2].count(0) > head[1::2].count(0) else "utf-16-le"


def _decide(source: _Source, name: str, asked: str) -> _Decision:
    chunks = source.chunks()
    first = next(chunks, b"")
    for mark, codec, reported, human in _BOMS:
        if first.startswith(mark):
            if asked != "auto" and codec not in _ACCEPTS_BOM.get(asked, ()):
                raise WaitingListError(
                    f"{name}: starts with a {human} byte-order mark, but the encoding "
                    f"{asked!r} was asked for; use 'auto' or the encoding of the mark"
                )
            rest = _prepend(first[len(mark) :], chunks)
            _check(
                source, len(mark), rest, codec, name,
                f" although it starts with a {human} byte-order mark",
            )  # fmt: skip
            return _Decision(codec, reported, True, len(mark))
    body = _prepend(first, chunks)
    if asked == "utf-16":
        codec = _byte_order(first)
        human = "big" if codec == "utf-16-be" else "little"
        _check(source, 0, body, codec, name,
               f" (read as UTF-16 {human}-endian: no byte-order mark)")  # fmt: skip
        return _Decision(codec, codec, False, 0)
    if asked == "utf-8":
        _check(source, 0, body, "utf-8", name, "")
        return _Decision("utf-8", "utf-8", False, 0)
    if asked == "cp1252":
        _check(source, 0, body, "cp1252", name, "")
        return _Decision("cp1252", "cp1252", False, 0)
    if asked == "cp850":  # (every byte is a character of code page 850)
        return _Decision("cp850", "cp850", False, 0)
    return _auto(source, body, name)


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from rest


def _auto(source: _Source, chunks: Iterator[bytes], name: str) -> _Decision:
    """UTF-8 if the whole of *chunks* is UTF-8, else Windows-1252 if that can read it.

    The lines of the first bad bytes are counted only if the file is refused.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    utf8_bad: tuple[int, str] | None = None  # offset, reason
    cp1252_bad: tuple[int, int] | None = None  # offset, byte
    letters = False  # UTF-8 beyond ASCII before the first byte that is not UTF-8
    dos: list[int] = []  # where letters of code page 850 are (from the first chunk not UTF-8)
    windows = False  # a letter of Windows-1252 there
    offset = 0  # bytes before the current chunk
    tail = b""  # the last bytes of the chunk before (a character cut by the chunk's start)
    for chunk in chunks:
        if utf8_bad is None:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                utf8_bad = (_offset_of(error, offset + len(chunk)), error.reason)
                # (what decoded before it; a character cut at the chunk's start aside)
                letters = letters or not chunk[: max(error.start - 3, 0)].isascii()
            else:
                letters = letters or not chunk.isascii()
        if utf8_bad is not None and not windows:
            windows = _CP1252_LETTERS.search(chunk) is not None
            # (a match within the tail alone was counted before; once enough are found, the
            # rest need not be looked for)
            window = tail + chunk if not windows and len(dos) < _DOS_LETTERS else b""
            for found_dos in _CP850_LETTERS.finditer(window):
                if found_dos.end() <= len(tail):
                    continue
                letter = next(i for i, b in enumerate(found_dos.group()) if b >= 0x80)
                dos.append(offset - len(tail) + found_dos.start() + letter)
                if len(dos) >= _DOS_LETTERS:
                    break
        tail = chunk[-3:]
        if cp1252_bad is None and _has_undefined(chunk):
            found = _CP1252_UNDEFINED.search(chunk)
            if found:
                cp1252_bad = (offset + found.start(), chunk[found.start()])
        offset += len(chunk)
    if utf8_bad is None:
        try:
            decoder.decode(b"", True)
        except UnicodeDecodeError as error:
            utf8_bad = (_offset_of(error, offset), error.reason)
    if utf8_bad is None:
        return _Decision("utf-8", "utf-8", False, 0)
    if len(dos) >= _DOS_LETTERS and not windows:
        raise WaitingListError(
            f"{name}: not UTF-8, and its letters look like DOS code page 850 "
            f"({_dos_letter(source, dos[0])}), where they would read as punctuation and change "
            "ids and names; give --encoding cp850 to read it as DOS text (or cp1252 if it is "
            "Windows text), or save the file as 'CSV UTF-8'"
        )
    if cp1252_bad is not None:
        utf8_line = source.line_of(0, utf8_bad[0], "utf-8")
        cp1252_line = source.line_of(0, cp1252_bad[0], "utf-8")
        raise WaitingListError(
            f"{name}: neither UTF-8 (line {utf8_line}: {utf8_bad[1]}) nor Windows-1252 text "
            f"(byte 0x{cp1252_bad[1]:02X} on line {cp1252_line} is not a Windows-1252 "
            "character); save the file as 'CSV UTF-8'"
        )
    if letters:  # UTF-8 with a byte that is not: its letters read as two characters each
        line = source.line_of(0, utf8_bad[0], "utf-8")
        return _Decision("cp1252", "cp1252", False, 0, (
            f"{name}: not UTF-8 from line {line} on, though UTF-8 before it (å, ä, ö there read "
            f"as Ã¥, Ã¤, Ã¶): read as Windows-1252; correct line {line} (a byte that is not "
            "UTF-8 there), and the file reads as UTF-8"
        ))  # fmt: skip
    if dos and not windows:  # one such letter: said, not refused (it may be punctuation)
        return _Decision("cp1252", "cp1252", False, 0, (
            f"{name}: not UTF-8; read as Windows-1252, but one letter may be DOS text (code "
            f"page 850: {_dos_letter(source, dos[0])}); if the file is DOS text, its ids and "
            "names read wrong there: give --encoding cp850"
        ))  # fmt: skip
    return _Decision("cp1252", "cp1252", False, 0, f"{name}: not UTF-8; read as Windows-1252")


def _dos_letter(source: _Source, at: int) -> str:
    """The line of the byte at *at*, and what it is as DOS text and as Windows-1252."""
    line = source.line_of(0, at, "utf-8")
    byte = bytes(source.rewind(at).read(1))
    return (
        f"line {line}: byte 0x{byte[0]:02X} is {byte.decode('cp850')!r} in DOS text, "
        f"{byte.decode('cp1252', 'replace')!r} in Windows-1252"
    )


def _check(
    source: _Source, skip: int, chunks: Iterator[bytes], codec: str, name: str, context: str
) -> None:
    """Decode every chunk with *codec*, raising a one-line error at the first bad byte.

    *chunks* are the bytes after *skip* bytes of byte-order mark; the line of a bad byte is
    counted only when there is one.
    """
    human = {"utf-8": "UTF-8", "cp1252": "Windows-1252"}.get(codec, "UTF-16")
    offset = 0  # bytes before the current chunk
    if codec == "cp1252":
        for chunk in chunks:
            found = _CP1252_UNDEFINED.search(chunk) if _has_undefined(chunk) else None
            if found:
                line = source.line_of(skip, offset + found.start(), "cp1252")
                raise WaitingListError(
                    f"{name}: not Windows-1252 text on line {line} (byte "
                    f"0x{chunk[found.start()]:02X} is undefined in Windows-1252)"
                )
            offset += len(chunk)
        return
    decoder = codecs.getincrementaldecoder(codec)("strict")
    try:
        for chunk in chunks:
            offset += len(chunk)
            decoder.decode(chunk)
        decoder.decode(b"", True)
    except UnicodeDecodeError as error:
        line = source.line_of(skip, _offset_of(error, offset), codec)
        hint = "; try the encoding 'auto' or 'cp1252'" if codec == "utf-8" and not context else ""
        raise WaitingListError(
            f"{name}: not {human} text on line {line} ({error.reason}){context}{hint}"
        ) from None


def _offset_of(error: UnicodeDecodeError, through: int) -> int:
    """Where an incremental decoder's error is, given the bytes it was given *through* it.

    ``error.object`` is the bytes of the last call: the few bytes the decoder held back from
    the chunk before (an incomplete character) and the chunk, which ends at *through*.
    """
    return through - len(error.object) + error.start


def _has_undefined(chunk: bytes) -> bool:
    """Whether *chunk* holds a byte Windows-1252 leaves undefined (``in`` is far faster)."""
    return any(byte in chunk for byte in _CP1252_UNDEFINED_BYTES)
