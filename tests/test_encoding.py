"""open_text: the encoding of a text export is decided (or checked) and the text read exactly."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import pytest

from tests.national_fixtures import encode, national_csv, utf16_csv, windows_1252_csv
from vardgaranti import _encoding as encoding_module
from vardgaranti._encoding import ENCODINGS, DecodedText, open_text
from vardgaranti._messages import note_text
from vardgaranti.errors import WaitingListError

TEXT = "VardkontaktId;SjukhusNamn\r\nVK1;Ögonkliniken\r\nVK2;Kvinnokliniken Åre\r\n"


class Pipe(io.RawIOBase):
    """A stream that cannot seek, like standard input; hands out at most 7 bytes a read."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self.data.read(min(len(buffer), 7))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def opened(data: bytes, encoding: str = "auto", name: str = "list.csv") -> DecodedText:
    return open_text(io.BytesIO(data), name, encoding)


def one_line_error(data: bytes, encoding: str = "auto", name: str = "list.csv") -> str:
    with pytest.raises(WaitingListError) as caught:
        opened(data, encoding, name)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{name}: ")
    return message


# -- auto --------------------------------------------------------------------------------------


def test_utf8_without_a_mark_is_utf8_with_line_endings_untouched() -> None:
    text = opened(TEXT.encode("utf-8"))
    assert (text.encoding, text.bom, text.note) == ("utf-8", False, None)
    assert text.stream.read() == TEXT


def test_a_utf8_mark_is_consumed_and_reported() -> None:
    text = opened(encode(TEXT, "utf-8", bom=True))
    assert (text.encoding, text.bom, text.note) == ("utf-8-sig", True, None)
    assert text.stream.read() == TEXT


@pytest.mark.parametrize(("codec", "byteorder"), [("utf-16-le", "little"), ("utf-16-be", "big")])
def test_a_utf16_mark_decides_the_byte_order(codec: str, byteorder: str) -> None:
    text = opened(utf16_csv(bom=True, byteorder=byteorder))
    assert (text.encoding, text.bom, text.note) == (codec, True, None)
    assert text.stream.read() == national_csv()


def test_text_that_is_not_utf8_is_read_as_windows_1252_with_a_note() -> None:
    text = opened(windows_1252_csv(), name="mars.csv")
    assert (text.encoding, text.bom) == ("cp1252", False)
    assert text.note == "mars.csv: not UTF-8; read as Windows-1252"
    content = text.stream.read()
    assert content == national_csv()
    assert "Ögonkliniken" in content


@pytest.mark.parametrize("chunked", [False, True])
def test_a_utf8_file_with_one_byte_that_is_not_names_its_line(
    chunked: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A UTF-8 export with one Windows-1252 byte pasted into a note (café as 0xE9): the whole
    # file is read as Windows-1252, and every å, ä, ö before it becomes two characters
    # ("besÃ¶k": 37 more rows with errors), with the same note as a Windows-1252 file.
    if chunked:  # (the letters and the bad byte in different chunks)
        monkeypatch.setattr(encoding_module, "_CHUNK", 16)
    data = "id;level;note\nA;besök;\nB;besök;\n".encode() + b"C;visit;caf\xe9\n"
    text = opened(data, name="lista.csv")
    assert text.encoding == "cp1252"
    assert text.note == (
        "lista.csv: not UTF-8 from line 4 on, though UTF-8 before it (å, ä, ö there read as "
        "Ã¥, Ã¤, Ã¶): read as Windows-1252; correct line 4 (a byte that is not UTF-8 there), "
        "and the file reads as UTF-8"
    )
    assert note_text(text.note, "sv") == (
        "lista.csv: inte UTF-8 från rad 4, men UTF-8 före den (å, ä, ö där läses som Ã¥, Ã¤, "
        "Ã¶): läst som Windows-1252; rätta rad 4 (en byte som inte är UTF-8 där), så läses "
        "filen som UTF-8"
    )
    # Lines that end in a carriage return alone are counted as lines (it said line 1), also
    # where a chunk ends between a CR and its LF.
    mac = opened(data.replace(b"\n", b"\r"), name="lista.csv")
    assert mac.note is not None
    assert "not UTF-8 from line 4 on" in mac.note
    mixed = opened(data.replace(b"\n", b"\r\n"), name="lista.csv")
    assert mixed.note is not None
    assert "not UTF-8 from line 4 on" in mixed.note
    # Only ASCII before the byte: a Windows-1252 file, the note as before.
    plain = opened(b"id;level;note\nA;visit;\nC;visit;caf\xe9\n", name="lista.csv")
    assert plain.note == "lista.csv: not UTF-8; read as Windows-1252"


def test_one_bad_byte_at_the_end_of_a_large_file_still_means_windows_1252() -> None:
    # the decision covers the whole file, not a first chunk
    data = ("a;b\r\n" * 400_000).encode() + "Ö\r\n".encode("cp1252")
    text = opened(data)
    assert text.encoding == "cp1252"
    assert text.stream.read().endswith("a;b\r\nÖ\r\n")


def test_utf8_characters_split_across_chunks_are_not_mistaken_for_errors() -> None:
    for shift in range(4):
        data = b"x" * ((1 << 20) - shift) + "åäö€\n".encode() * 3
        assert opened(data).encoding == "utf-8"


def test_an_empty_file_is_empty_utf8() -> None:
    text = opened(b"")
    assert (text.encoding, text.bom, text.stream.read()) == ("utf-8", False, "")


@pytest.mark.parametrize("byte", [0x81, 0x8D, 0x8F, 0x90, 0x9D])
def test_a_byte_windows_1252_leaves_undefined_is_refused_naming_its_line(byte: int) -> None:
    data = "id;enhet\nA;Ögon\nB;x".encode("cp1252") + bytes([byte]) + b"\n"
    message = one_line_error(data)
    assert "neither UTF-8" in message
    assert f"0x{byte:02X} on line 3" in message


def test_a_dos_code_page_file_is_refused_not_garbled() -> None:
    # cp850 writes Å as 0x8F: undefined in Windows-1252
    message = one_line_error("id;enhet\n1;Åre\n".encode("cp850"))
    assert "line 2" in message


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("id;enhet\nÖ-1;Ögonkliniken\nÄ-2;Hud Mölndal\n", "(line 2: byte 0x99 is 'Ö' in DOS"),
        ("id;enhet\nA1;Hud Mölndal\nA2;Kärlkirurgi\n", "(line 2: byte 0x94 is 'ö' in DOS"),
        ("id;enhet\nA1;Gyn\nA2;Kärlkirurgi\nA3;Åre\n", "(line 3: byte 0x84 is 'ä' in DOS"),
    ],
)
def test_dos_code_page_850_letters_without_a_mark_or_a_windows_letter_are_refused(
    text: str, shown: str
) -> None:
    # A Windows review: an old system's DOS (cp850) export has no Å in it more often than not;
    # read as Windows-1252 its rows were kept with Ö-1 as ™-1, Mölndal as M”lndal: changed ids.
    message = one_line_error(text.encode("cp850"))
    assert "look like DOS code page 850" in message
    assert shown in message
    # (a privacy review: the word it is in, a patient's name perhaps, is not shown)
    assert not any(word in message for word in ("Ögonkliniken", "Mölndal", "Kärlkirurgi"))
    assert "--encoding cp850" in message


def test_a_utf8_file_with_a_stray_byte_and_utf8_letters_is_not_taken_for_dos_text() -> None:
    # (a review of the DOS check: UTF-8 "Ärende" is C3 84 72, and 84 before "r" looked like a
    # DOS "ä"; the file is UTF-8 with one Windows-1252 byte, read as before, with its note)
    data = "id;enhet\nA;Ärende Örebro’s\n".encode() + b"B;x\x96y\n"
    decoded = opened(data)
    assert decoded.encoding == "cp1252"
    assert decoded.note is not None
    assert "not UTF-8 from line 3 on" in decoded.note


@pytest.mark.parametrize(
    "note", ["Žana Petrovic", "tolk: Živkovic", "Svensson† avliden", "Microsoft™s Excel",
             "„hello” text", "Ögonkliniken"],
)  # fmt: skip
def test_one_letter_that_may_be_dos_text_is_said_not_refused(note: str) -> None:
    # A review of the DOS check: Windows-1252 has letters and signs in those bytes too (Ž in a
    # name, †, ™): one is read as Windows-1252, with a note naming it; two refuse the file.
    text = f"id;enhet;anteckning\nA;Gyn;{note}\n"
    decoded = opened(text.encode("cp1252" if note != "Ögonkliniken" else "cp850"))
    assert decoded.encoding == "cp1252"
    assert decoded.note is not None
    assert "one letter may be DOS text (code page 850: line 2: byte 0x" in decoded.note
    assert "give --encoding cp850" in decoded.note


def test_a_utf8_letter_cut_by_a_chunk_is_not_taken_for_dos_text() -> None:
    # A review of the DOS check: UTF-8 "Ä" (C3 84) with C3 the last byte of one 64 KiB chunk
    # and 84 the first of the next, "r" after it, looked like a DOS "ä" to the chunk alone.
    head = "id;enhet\n" + "A;x\n" * 20
    line = "B;" + "x" * (encoding_module._CHUNK - len(head) - 3) + "Ärende Ärende\n"
    data = (head + line).encode() + b"C;x\x96y\n"
    assert data[encoding_module._CHUNK - 1 : encoding_module._CHUNK + 1] == "Ä".encode()
    decoded = opened(data)
    assert decoded.encoding == "cp1252"
    assert decoded.note is not None
    assert "DOS" not in decoded.note


def test_windows_1252_punctuation_beside_swedish_letters_is_still_windows_1252() -> None:
    # ” (0x94), „ (0x84) and ™ (0x99) are Windows-1252's too: a file with å, ä, ö as
    # Windows-1252 writes them is read so whatever punctuation it holds.
    text = "id;enhet;anteckning\nA;Ögon;sa ”ja”, „nej”; Varum™ar\nB;Kärl;x\n"
    decoded = opened(text.encode("cp1252"))
    assert decoded.encoding == "cp1252"
    assert decoded.stream.read() == text


def test_windows_1252_quotes_around_words_are_not_taken_for_dos_letters() -> None:
    # (no Swedish letter at all: Swedish typography's ” stands on both sides of a word)
    text = "id;enhet;anteckning\nA;Gyn;sa ”ja” och ”nej”, Varum™\n"
    decoded = opened(text.encode("cp1252"))
    assert decoded.encoding == "cp1252"
    assert decoded.stream.read() == text


def test_explicit_cp850_reads_dos_text() -> None:
    text = "id;enhet\r\nÖ-1;Ögonkliniken\r\nÅ-2;Hud Mölndal, Västra Götaland\r\n"
    decoded = opened(text.encode("cp850"), "cp850")
    assert (decoded.encoding, decoded.note, decoded.bom) == ("cp850", None, False)
    assert decoded.stream.read() == text


# -- explicit encodings -------------------------------------------------------------------------


def test_explicit_utf8_on_windows_1252_names_the_first_bad_line() -> None:
    data = ("a;b\n" * 300_000).encode() + "x;Ö\ny;ä\n".encode("cp1252")
    message = one_line_error(data, "utf-8")
    assert f"not UTF-8 text on line {300_001}" in message
    assert "'cp1252'" in message  # says what to try


def test_explicit_utf8_accepts_and_consumes_a_utf8_mark() -> None:
    text = opened(encode(TEXT, "utf-8", bom=True), "utf-8")
    assert (text.encoding, text.bom, text.stream.read()) == ("utf-8-sig", True, TEXT)


def test_explicit_utf8_truncated_at_the_end_names_the_last_line() -> None:
    message = one_line_error(b"a\nb\n\xc3", "utf-8")
    assert "line 3" in message


@pytest.mark.parametrize(
    ("data", "asked", "mark"),
    [
        (encode(TEXT, "utf-16-le", bom=True), "utf-8", "UTF-16 (little-endian)"),
        (encode(TEXT, "utf-8", bom=True), "cp1252", "UTF-8"),
        (encode(TEXT, "utf-8", bom=True), "utf-16", "UTF-8"),
        (encode(TEXT, "utf-16-be", bom=True), "cp1252", "UTF-16 (big-endian)"),
    ],
)
def test_a_mark_contradicting_the_explicit_encoding_is_refused(
    data: bytes, asked: str, mark: str
) -> None:
    message = one_line_error(data, asked)
    assert f"starts with a {mark} byte-order mark" in message
    assert repr(asked) in message


def test_explicit_cp1252_reads_windows_1252_without_a_note() -> None:
    text = opened(windows_1252_csv(), "cp1252")
    assert (text.encoding, text.note, text.stream.read()) == ("cp1252", None, national_csv())


def test_explicit_cp1252_is_obeyed_even_on_utf8() -> None:
    assert opened("Ö\n".encode(), "cp1252").stream.read() == "Ã–\n"


def test_explicit_cp1252_refuses_an_undefined_byte_naming_its_line() -> None:
    message = one_line_error(b"a\nb\n\x81\n", "cp1252")
    assert "not Windows-1252 text on line 3" in message
    assert "0x81" in message


def test_explicit_utf16_without_a_mark_is_little_endian() -> None:
    text = opened(utf16_csv(bom=False), "utf-16")
    assert (text.encoding, text.bom, text.stream.read()) == ("utf-16-le", False, national_csv())


def test_explicit_utf16_without_a_mark_in_big_endian_is_read_by_its_zero_bytes() -> None:
    # (was read as little-endian: the header came out as '椀搀㬀...', "required columns missing")
    text = opened(utf16_csv(bom=False, byteorder="big"), "utf-16")
    assert (text.encoding, text.bom, text.stream.read()) == ("utf-16-be", False, national_csv())


def test_explicit_utf16_without_a_mark_or_ascii_is_little_endian() -> None:
    text = opened(encode("Åäö\nÖ\n", "utf-16-le"), "utf-16")
    assert (text.encoding, text.stream.read()) == ("utf-16-le", "Åäö\nÖ\n")


def test_explicit_utf16_follows_a_big_endian_mark() -> None:
    text = opened(utf16_csv(bom=True, byteorder="big"), "utf-16")
    assert (text.encoding, text.bom, text.stream.read()) == ("utf-16-be", True, national_csv())


def test_explicit_utf16_with_an_odd_byte_at_the_end_is_refused() -> None:
    message = one_line_error(encode("a\nb\n", "utf-16-le") + b"c", "utf-16")
    assert "not UTF-16 text on line 3" in message


def test_explicit_utf16_with_a_lone_surrogate_names_its_line() -> None:
    data = encode("a\nb\n", "utf-16-le") + b"\x00\xd8" + encode("x\n", "utf-16-le")
    message = one_line_error(data, "utf-16")
    assert "line 3" in message


@pytest.mark.parametrize(
    ("alias", "expected"), [("UTF8", "utf-8"), ("Windows-1252", "cp1252"), (" Auto ", "utf-8")]
)
def test_encoding_names_ignore_case_and_common_aliases(alias: str, expected: str) -> None:
    assert opened(b"a\n", alias).encoding == expected


def test_an_unknown_encoding_names_the_accepted_ones() -> None:
    # (an error about the argument, not the file: its field is encoding)
    with pytest.raises(WaitingListError) as caught:
        opened(b"a\n", "latin-1")
    message = str(caught.value)
    assert message.startswith("encoding 'latin-1' is unknown; accepted: ")
    assert caught.value.field == "encoding"
    for accepted in ENCODINGS:
        assert repr(accepted) in message


# -- streams ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data", [TEXT.encode(), windows_1252_csv(), utf16_csv(), encode(TEXT, "utf-8", bom=True)]
)
def test_a_stream_that_cannot_seek_is_read_whole(data: bytes) -> None:
    from_pipe = open_text(io.BufferedReader(Pipe(data)), "<stdin>")
    from_file = opened(data)
    assert (from_pipe.encoding, from_pipe.bom) == (from_file.encoding, from_file.bom)
    assert from_pipe.stream.read() == from_file.stream.read()
    from_pipe.stream.close()


def test_reading_starts_at_the_stream_position() -> None:
    raw = io.BytesIO(b"skip me\n" + encode(TEXT, "utf-8", bom=True))
    raw.readline()
    text = open_text(raw, "part.csv")
    assert (text.encoding, text.stream.read()) == ("utf-8-sig", TEXT)


def test_closing_the_text_closes_the_binary_stream() -> None:
    raw = io.BytesIO(TEXT.encode())
    text = open_text(raw, "a.csv")
    text.stream.close()
    assert raw.closed


def test_a_failed_check_leaves_the_callers_stream_open() -> None:
    raw = io.BytesIO(b"\x81")
    with pytest.raises(WaitingListError):
        open_text(raw, "a.csv")
    assert not raw.closed


def _peak(path: Path, encoding: str) -> int:
    tracemalloc.start()
    try:
        with path.open("rb") as raw:
            text = open_text(raw, path.name, encoding)
            lines = sum(1 for _ in text.stream)
        assert lines == 200_001
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    ("codec", "asked"), [("utf-8", "auto"), ("cp1252", "auto"), ("utf-16", "utf-16")]
)
def test_memory_stays_flat_for_a_large_file(tmp_path: Path, codec: str, asked: str) -> None:
    path = tmp_path / "large.csv"
    line = "VK0000001;Universitetssjukhuset Örebro, Ögonkliniken;2025-03-01T08:00:00;JA\r\n" * 1000
    with path.open("w", encoding=codec, newline="") as out:
        out.write("header\r\n")
        for _ in range(200):
            out.write(line)
    size = path.stat().st_size
    assert size > 15_000_000
    peak = _peak(path, asked)
    # The check decodes 1 MiB at a time (up to 4 bytes of text a byte); nothing keeps the file.
    assert peak < 12_000_000, (peak, size)


# -- what a mutation audit of the DOS check found unguarded ----------------------------------


def test_a_windows_1252_e_acute_alone_marks_windows_text() -> None:
    # (é is Windows-1252's letter, 0xE9: a file whose only Swedish letter it is, with two
    # DOS-like bytes, is Windows text)
    text = "id;enhet;anteckning\nA;Gyn;Žana och Živa, café\n"
    decoded = opened(text.encode("cp1252"))
    assert (decoded.encoding, decoded.note) == (
        "cp1252",
        "list.csv: not UTF-8; read as Windows-1252",
    )


def test_a_windows_letter_in_a_later_chunk_keeps_dos_like_bytes_windows_text() -> None:
    # (two DOS-like bytes in the first chunk, a Windows-1252 "ö" in a later one)
    first = "id;enhet;anteckning\nA;Gyn;Žana och Živa\n"
    filler = "B;Gyn;x\n" * (encoding_module._CHUNK // 8 + 10)
    decoded = opened((first + filler + "C;Gyn;Örebro\n").encode("cp1252"))
    assert decoded.encoding == "cp1252"


def test_dos_letters_across_chunk_edges_are_counted_once_and_named_where_they_are() -> None:
    # (a letter in the last bytes of one chunk is seen again with the next: counted once; a
    # letter cut by the edge is named on its own line and byte)
    head = "id;enhet\n" + "A;x\n" * 10
    pad = "B;" + "x" * (encoding_module._CHUNK - len(head) - 4) + "Gä"  # (0x84 at the edge)
    one = (head + pad + "\nC;y\n").encode("cp850")
    assert one[encoding_module._CHUNK - 1] == 0x84
    decoded = opened(one)
    assert decoded.encoding == "cp1252"  # one letter: said, not refused
    assert decoded.note is not None
    assert "line 12: byte 0x84 is 'ä' in DOS text" in decoded.note
    two = (head + pad + "\nC;Ögon\n").encode("cp850")
    message = one_line_error(two)
    assert "(line 12: byte 0x84 is 'ä' in DOS text" in message
    # the letter cut from the one before it by the edge: "G" ends a chunk, "ä" begins the next
    cut = (head + pad[:-1] + "Gä\nC;y\n").encode("cp850")
    assert cut[encoding_module._CHUNK - 1 : encoding_module._CHUNK + 1] == b"G\x84"
    decoded = opened(cut)
    assert decoded.note is not None
    assert "line 12: byte 0x84 is 'ä' in DOS text, '„' in Windows-1252" in decoded.note


def test_cp850_is_an_encoding_of_the_command_line(tmp_path: Path) -> None:
    from vardgaranti._cli import main

    source = tmp_path / "dos.csv"
    source.write_bytes("id;unit;level;start\r\nÖ-1;Ögon;besök;2025-03-03\r\n".encode("cp850"))
    target = tmp_path / "out.csv"
    assert main(["check", str(source), "--as-of", "2025-06-02", "--encoding", "cp850",
                 "-o", str(target)]) == 0  # fmt: skip
    assert target.read_text(encoding="utf-8-sig").splitlines()[1].startswith("Ö-1;Ögon;besök")
