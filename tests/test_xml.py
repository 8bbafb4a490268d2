"""open_xml: national deliveries become a header and rows; hostile files get one-line errors."""

from __future__ import annotations

import csv
import io
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from tests.national_fixtures import (
    FIRST_BESOK_LINE,
    PERIOD_VALUE,
    billion_laughs,
    broken_after,
    contacts,
    csv_header,
    deeply_nested,
    external_entity,
    national_xml,
    truncated_after,
    write_huge_attribute,
    write_large_xml,
)
from vardgaranti import check_waiting_list, validate_file
from vardgaranti._tables import sniff
from vardgaranti._xml import (
    MAX_COLUMNS,
    MAX_DEPTH,
    MAX_NAME_CHARS,
    MAX_NAMES,
    MAX_TOKEN_BYTES,
    NATIONAL_VARIABLES,
    XmlContacts,
    open_xml,
)
from vardgaranti.errors import WaitingListError

Rows = list[tuple[int, list[str]]]


class Pipe(io.RawIOBase):
    """A stream that cannot seek, like standard input; hands out at most 1000 bytes a read."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self.data.read(min(len(buffer), 1000))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def read(data: bytes, name: str = "leverans.xml") -> tuple[XmlContacts, Rows]:
    with open_xml(io.BytesIO(data), name) as contacts_:
        return contacts_, list(contacts_.rows)


def as_dicts(header: tuple[str, ...], rows: Rows) -> list[dict[str, str]]:
    return [
        {name: cell for name, cell in zip(header, cells, strict=True) if cell} for _, cells in rows
    ]


def open_error(source: bytes | Path, name: str = "leverans.xml") -> str:
    with pytest.raises(WaitingListError) as caught:
        open_xml(io.BytesIO(source) if isinstance(source, bytes) else source, name)
    return one_line(caught.value, name)


def rows_then_error(source: bytes | Path, name: str = "leverans.xml") -> tuple[Rows, str]:
    """The rows read before the error, and the error."""
    got: Rows = []
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    with pytest.raises(WaitingListError) as caught, open_xml(stream, name) as c:  # noqa: PT012
        for row in c.rows:  # the rows come first
            got.append(row)
    return got, one_line(caught.value, name)


def one_line(error: BaseException, name: str) -> str:
    message = str(error)
    assert "\n" not in message
    assert message.startswith(f"{name}: ")
    return message


# -- the format ---------------------------------------------------------------------------------


@pytest.mark.parametrize("delivery", ["vantande", "genomforda"])
@pytest.mark.parametrize("namespace", ["default", "prefixed", None])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "windows-1252"])
def test_every_contact_becomes_one_row_with_its_values_and_line(
    delivery: str, namespace: str | None, encoding: str
) -> None:
    data = national_xml(delivery=delivery, namespace=namespace, encoding=encoding)
    result, rows = read(data)
    expected = contacts(delivery)
    assert result.header == tuple(csv_header(expected))
    assert as_dicts(result.header, rows) == [
        {**c, "DatatGallerFor": PERIOD_VALUE} for c in expected
    ]
    assert [line for line, _ in rows] == [FIRST_BESOK_LINE + k for k in range(len(expected))]
    root = (
        "TillgangligVardSpeciVantande"
        if delivery == "vantande"
        else "TillgangligVardSpeciGenomforda"
    )
    assert result.meta["root"] == root
    assert result.meta["DatatGallerFor"] == PERIOD_VALUE
    assert result.meta["contacts"] == str(len(expected))
    assert result.meta["ErsattningsId"] == "E-TEST-1"
    assert result.meta["LeveransReferens"] == "fixture"
    assert (result.meta["namespace"] == "") == (namespace is None)


def test_the_fixtures_cover_every_code_and_spelling() -> None:
    # what the other tests rely on
    waiting, done = contacts("vantande"), contacts("genomforda")
    assert {c["Fas"] for c in waiting} == {"1", "2", "3", "4", "5"}
    assert {c.get("Avvikelse") for c in waiting} == {"1", "2", "3", None}
    assert len({c["Vardgaranti"] for c in waiting}) == 22
    assert len({c["Kon"] for c in waiting}) == 18
    assert {len(c["BeslutAktivitet"]) for c in waiting} == {19, 8, 14}
    assert all("StartAktivitet" in c for c in done)
    assert not any("StartAktivitet" in c for c in waiting)


def test_the_header_is_national_variables_in_reference_order_then_others_then_the_period() -> None:
    data = b"""<TillgangligVardSpeciGenomforda><Kontakt DatatGallerFor="2025-02-01">
<Besok Zeta="z" Fas="2" VardkontaktId="A"/>
<Besok Alfa="a" Kon="K" VardkontaktId="B" Zeta=""/>
</Kontakt></TillgangligVardSpeciGenomforda>"""
    result, rows = read(data)
    assert result.header == ("VardkontaktId", "Fas", "Kon", "Zeta", "Alfa", "DatatGallerFor")
    assert rows == [
        (2, ["A", "2", "", "z", "", "2025-02-01"]),
        (3, ["B", "", "K", "", "a", "2025-02-01"]),
    ]
    assert NATIONAL_VARIABLES.index("Fas") < NATIONAL_VARIABLES.index("Kon")


def test_attribute_values_pass_through_untouched() -> None:
    data = (
        '<TillgangligVardSpeciVantande><Kontakt DatatGallerFor="2025-03-01">\n'
        '<Besok SjukhusNamn="  Ögon &amp; Öron &lt;ÖNH&gt; &quot;x&quot; &#10;rad 2&#9;"'
        " Lkf='0180' Fas=\"04\"/>\n"
        "</Kontakt></TillgangligVardSpeciVantande>"
    ).encode()
    result, rows = read(data)
    cells = dict(zip(result.header, rows[0][1], strict=True))
    assert cells["SjukhusNamn"] == '  Ögon & Öron <ÖNH> "x" \nrad 2\t'
    assert (cells["Lkf"], cells["Fas"]) == ("0180", "04")


def test_a_besok_spread_over_lines_is_numbered_by_the_line_it_starts_on() -> None:
    data = b"""<TillgangligVardSpeciVantande>
<Kontakt DatatGallerFor="2025-03-01">

<Besok
  VardkontaktId="A"
  Fas="1"/><Besok VardkontaktId="B"/>
</Kontakt></TillgangligVardSpeciVantande>"""
    _, rows = read(data)
    assert [line for line, _ in rows] == [4, 6]


def test_names_are_matched_without_their_namespace() -> None:
    data = b"""<v:TillgangligVardSpeciVantande xmlns:v="urn:x" xmlns:a="urn:a">
<v:Kontakt a:DatatGallerFor="2025-04-01">
<v:Besok a:VardkontaktId="A" Fas="1" xmlns:b="urn:b" b:Kon="2"/>
</v:Kontakt></v:TillgangligVardSpeciVantande>"""
    result, rows = read(data)
    assert result.header == ("VardkontaktId", "Fas", "Kon", "DatatGallerFor")
    assert rows == [(3, ["A", "1", "2", "2025-04-01"])]
    assert (result.meta["root"], result.meta["namespace"]) == (
        "TillgangligVardSpeciVantande",
        "urn:x",
    )


def test_one_variable_given_twice_with_two_values_is_that_contacts_row_error() -> None:
    """Every row is kept: the contact is a row with an error naming the variable, and the
    contacts after it are read (it stopped the file, and lost them)."""
    data = b"""<TillgangligVardSpeciVantande xmlns:a="urn:a"><Kontakt>
<Besok VardkontaktId="A" Fas="1"/>
<Besok VardkontaktId="B" Fas="1" a:Fas="2"/>
<Besok VardkontaktId="C" Fas="2"/>
<Besok VardkontaktId="D" Fas="2" a:Fas="2"/>
</Kontakt></TillgangligVardSpeciVantande>"""
    result, rows = read(data)
    assert [(line, cells[0]) for line, cells in rows] == [(2, "A"), (3, "B"), (4, "C"), (5, "D")]
    assert result.problems == {
        1: "Fas: given twice on the Besok, as 'Fas' ('1') and 'a:Fas' ('2'); give it once"
    }  # (D: the same value twice is one value)


def test_names_that_differ_only_in_case_are_one_variable() -> None:
    """``Fas`` on one contact and ``fas`` on another: one column, as the profile reads them
    (two columns were refused as one variable twice, and the whole file with them)."""
    data = b"""<TillgangligVardSpeciVantande><Kontakt>
<Besok VardkontaktId="A" Fas="1"/>
<Besok VardkontaktId="B" fas="2"/>
<Besok VardkontaktId="C" Fas="1" fas="1"/>
<Besok VardkontaktId="D" Fas="1" FAS="2"/>
</Kontakt></TillgangligVardSpeciVantande>"""
    result, rows = read(data)
    assert result.header == ("VardkontaktId", "Fas", "DatatGallerFor")
    assert [cells[:2] for _, cells in rows] == [["A", "1"], ["B", "2"], ["C", "1"], ["D", "2"]]
    assert result.problems == {
        3: "Fas: given twice on the Besok, as 'Fas' ('1') and 'FAS' ('2'); give it once"
    }


def test_names_that_differ_by_more_than_case_stay_two_columns() -> None:
    """``Kön`` and ``Kon`` (ö as o is for the format's own names), ``Straße`` and ``STRASSE``:
    two variables of the file, as the profile tells its columns apart."""
    data = """<TillgangligVardSpeciVantande><Kontakt>
<Besok VardkontaktId="A" Kön="K"/>
<Besok VardkontaktId="B" Kön="K" Kon="Ja" Straße="x" STRASSE="y"/>
</Kontakt></TillgangligVardSpeciVantande>""".encode()
    result, rows = read(data)
    assert sorted(result.header) == sorted(
        ("VardkontaktId", "Kön", "Kon", "Straße", "STRASSE", "DatatGallerFor")
    )
    second = as_dicts(result.header, rows)[1]
    assert (second["Kön"], second["Kon"], second["Straße"], second["STRASSE"]) == (
        "K", "Ja", "x", "y"
    )  # fmt: skip
    assert result.problems == {}


def test_a_contact_with_a_variable_twice_is_a_row_error_in_every_command(tmp_path: Path) -> None:
    path = tmp_path / "leverans.xml"
    path.write_bytes(
        b"""<TillgangligVardSpeciVantande xmlns:a="urn:a">
<Kontakt DatatGallerFor="2025-03-01">
<Besok VardkontaktId="K1" Vardgaranti="JA" Fas="1" BeslutAktivitet="2025-01-02"/>
<Besok VardkontaktId="K2" Vardgaranti="JA" Fas="1" a:Fas="2" BeslutAktivitet="2025-01-02"/>
<Besok VardkontaktId="K3" Vardgaranti="JA" fas="2" BeslutAktivitet="2025-01-02"/>
</Kontakt></TillgangligVardSpeciVantande>"""
    )
    output = io.StringIO()
    summary = check_waiting_list(path, output, as_of=date(2025, 3, 31))
    lines = output.getvalue().lstrip("\ufeff").splitlines()
    assert [line.split(";")[0] for line in lines[1:]] == ["K1", "K2", "K3"]
    assert lines[2].endswith(
        ";\"Fas: given twice on the Besok, as 'Fas' ('1') and 'a:Fas' ('2'); give it once\""
    )
    assert lines[3].split(";")[2] == "2"  # (K3's fas: the Fas column)
    assert (summary.rows, summary.errors) == (3, 1)
    with validate_file(path, as_of=date(2025, 3, 31)) as validation:
        assert [(f.code.value, f.row) for f in validation.findings] == [("V013", 2)]


def test_the_period_comes_from_the_enclosing_kontakt() -> None:
    data = b"""<TillgangligVardSpeciVantande>
<Besok VardkontaktId="outside"/>
<Kontakt DatatGallerFor="2025-01-01"><Besok VardkontaktId="A"/></Kontakt>
<Kontakt DatatGallerFor="2025-02-01"><Besok VardkontaktId="B" DatatGallerFor="egen"/>
<Besok VardkontaktId="C"/></Kontakt>
<Besok VardkontaktId="after"/>
</TillgangligVardSpeciVantande>"""
    result, rows = read(data)
    assert result.header == ("VardkontaktId", "DatatGallerFor")
    assert [cells for _, cells in rows] == [
        ["outside", ""],
        ["A", "2025-01-01"],
        ["B", "egen"],
        ["C", "2025-02-01"],
        ["after", ""],
    ]
    assert result.meta["DatatGallerFor"] == "2025-01-01"


def test_the_deliverys_month_is_its_first_contacts_not_an_empty_kontakts() -> None:
    # An empty Kontakt of February before March's contacts made stats count the file as
    # February's: "every row names another month", nothing counted, exit 2.
    data = b"""<TillgangligVardSpeciVantande>
<Kontakt DatatGallerFor="2025-02-01"/>
<Kontakt DatatGallerFor="2025-03-01"><Besok VardkontaktId="A"/></Kontakt>
</TillgangligVardSpeciVantande>"""
    assert read(data)[0].meta["DatatGallerFor"] == "2025-03-01"
    empty = b"""<TillgangligVardSpeciVantande><Kontakt DatatGallerFor="2025-02-01"/>
</TillgangligVardSpeciVantande>"""
    assert read(empty)[0].meta["DatatGallerFor"] == "2025-02-01"


@pytest.mark.parametrize("spelt", ["datatgallerfor", "DATATGALLERFOR", "x:DatatGallerFor"])
def test_a_besok_month_in_another_case_is_the_month_column(spelt: str) -> None:
    # DatatGallerFor is matched regardless of case: 'datatgallerfor' on a Besok was a column of
    # its own beside the Kontakt's, and stats read it for every row (blank: this month's)
    data = f"""<TillgangligVardSpeciVantande xmlns:x="urn:riv">
<Kontakt DatatGallerFor="2025-03-01"><Besok VardkontaktId="A"/>
<Besok VardkontaktId="B" {spelt}="2025-02-01"/></Kontakt>
</TillgangligVardSpeciVantande>""".encode()
    result, rows = read(data)
    assert result.header == ("VardkontaktId", "DatatGallerFor")
    assert [cells for _, cells in rows] == [["A", "2025-03-01"], ["B", "2025-02-01"]]


def test_a_besok_month_given_twice_in_two_cases_is_one_value_or_a_row_error() -> None:
    # (equal values were refused, "the same local name" of two names in two cases)
    same = b"""<TillgangligVardSpeciVantande><Kontakt DatatGallerFor="2025-03-01">
<Besok VardkontaktId="A" DatatGallerFor="2025-02-01" datatgallerfor="2025-02-01"/>
</Kontakt></TillgangligVardSpeciVantande>"""
    _result, rows = read(same)
    assert [cells for _, cells in rows] == [["A", "2025-02-01"]]
    differ = same.replace(b'datatgallerfor="2025-02-01"', b'datatgallerfor="2025-01-01"')
    result, rows = read(differ)
    assert [cells[0] for _, cells in rows] == ["A"]
    assert result.problems == {
        0: "DatatGallerFor: given twice on the Besok, as 'DatatGallerFor' ('2025-02-01') and "
        "'datatgallerfor' ('2025-01-01'); give it once"
    }


def test_a_delivery_without_contacts_has_the_required_variables_and_no_row() -> None:
    # (only DatatGallerFor, as before, fits no profile: the delivery was refused)
    result, rows = read(
        b'<TillgangligVardSpeciGenomforda><Kontakt DatatGallerFor="2025-03-01"/>'
        b"</TillgangligVardSpeciGenomforda>"
    )
    header = ("VardkontaktId", "Fas", "BeslutAktivitet", "DatatGallerFor")
    assert (result.header, rows, result.meta["contacts"]) == (header, [], "0")


def test_a_file_with_another_root_and_no_besok_is_refused() -> None:
    message = open_error(b"<rapport><rad id='1'/></rapport>")
    assert "no Besok elements" in message
    assert "'rapport'" in message


def test_another_root_with_besok_is_read() -> None:
    result, rows = read(
        b'<Envelope><Body><Kontakt DatatGallerFor="2025-03-01">'
        b'<Besok VardkontaktId="A"/></Kontakt></Body></Envelope>'
    )
    assert result.meta["root"] == "Envelope"
    assert rows == [(1, ["A", "2025-03-01"])]


def test_two_deliveries_of_different_kinds_in_one_wrapper_are_refused() -> None:
    # The first delivery element said how every contact was read: a waiting contact after a
    # completed delivery got "StartAktivitet: blank in a completed delivery".
    completed, waiting = "TillgangligVardSpeciGenomforda", "TillgangligVardSpeciVantande"
    data = (
        f'<Env><{completed}><Kontakt DatatGallerFor="2025-02-01">\n'
        '<Besok VardkontaktId="K2" Fas="1" BeslutAktivitet="2025-01-02" '
        'StartAktivitet="2025-02-01"/>\n'
        f"</Kontakt></{completed}>\n"
        f'<{waiting}><Kontakt DatatGallerFor="2025-03-01">\n'
        '<Besok VardkontaktId="K1" Fas="1" BeslutAktivitet="2025-01-02"/>\n'
        f"</Kontakt></{waiting}></Env>\n"
    ).encode()
    assert open_error(data) == (
        f"leverans.xml: line 4, column 1: a second delivery, {waiting}, after {completed}: a "
        "file holds one delivery (waiting or completed); give each its own file"
    )


def test_two_deliveries_of_one_kind_in_one_wrapper_are_read() -> None:
    waiting = "TillgangligVardSpeciVantande"
    part = (
        f'<{waiting}><Kontakt DatatGallerFor="2025-03-01"><Besok VardkontaktId="{{}}"/>'
        f"</Kontakt></{waiting}>"
    )
    data = f"<Env>{part.format('A')}{part.format('B')}</Env>"
    _, rows = read(data.encode())
    assert [cells[0] for _, cells in rows] == ["A", "B"]


@pytest.mark.parametrize(
    ("declared", "reasons"),
    [
        ("KOI8-XYZ", ("unknown encoding: KOI8-XYZ",)),
        ("utf-7", ("multi-byte encodings are not supported",)),
        ("shift_jis", ("multi-byte encodings are not supported",)),
        # codecs that are no character encoding fail as they decode (a UnicodeError), each
        # Python wording it its own way (3.12 on: "Unsupported error handling"; 3.13's
        # punycode decodes with "replace", and expat then finds it no single-byte encoding)
        ("idna", ("decoding with 'idna' codec failed", "Unsupported error handling")),
        (
            "punycode",
            ("'ascii' codec can't decode byte 0x80", "multi-byte encodings are not supported"),
        ),
    ],
)
def test_a_declared_encoding_that_cannot_be_read_is_a_one_line_error(
    declared: str, reasons: tuple[str, ...]
) -> None:
    # expat asks Python for the codec: a LookupError or ValueError was an internal error (70)
    data = (
        f'<?xml version="1.0" encoding="{declared}"?>\n<TillgangligVardSpeciVantande>'
        '<Kontakt DatatGallerFor="2025-03-01"><Besok VardkontaktId="K1"/></Kontakt>'
        "</TillgangligVardSpeciVantande>\n"
    ).encode("ascii")
    error = open_error(data)
    start = "leverans.xml: line 1: the XML declaration names an encoding that cannot be read ("
    assert error.startswith(tuple(start + reason for reason in reasons)), error
    assert error.endswith("); save the file as UTF-8")
    assert "\n" not in error


# -- sources ------------------------------------------------------------------------------------


def test_a_path_a_stream_and_a_pipe_give_the_same_rows(tmp_path: Path) -> None:
    data = national_xml()
    path = tmp_path / "leverans.xml"
    path.write_bytes(data)
    with open_xml(path, str(path)) as from_path:
        expected = (from_path.header, list(from_path.rows))
    with open_xml(io.BufferedReader(Pipe(data)), "<stdin>") as from_pipe:
        assert (from_pipe.header, list(from_pipe.rows)) == expected
    raw = io.BytesIO(b"junk before\n" + data)
    raw.readline()
    with open_xml(raw, "part") as from_position:
        header, rows = from_position.header, list(from_position.rows)
    assert header == expected[0]
    assert [cells for _, cells in rows] == [cells for _, cells in expected[1]]
    assert not raw.closed  # the caller's stream stays open


def test_a_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "saknas.xml"
    with pytest.raises(WaitingListError) as caught:
        open_xml(missing, "saknas.xml")
    assert "saknas.xml: cannot open" in one_line(caught.value, "saknas.xml")


def test_closing_early_stops_the_rows() -> None:
    result = open_xml(io.BytesIO(national_xml()), "a.xml")
    next(result.rows)
    result.close()
    assert list(result.rows) == []


def test_a_pipe_broken_half_way_gives_the_rows_before_the_break() -> None:
    with open_xml(io.BufferedReader(Pipe(broken_after(15))), "<stdin>") as result:
        got: Rows = []
        with pytest.raises(WaitingListError, match="line 19"):
            got.extend(result.rows)
    assert len(got) == 15


# -- broken files ------------------------------------------------------------------------------


def test_an_empty_file_is_refused() -> None:
    assert open_error(b"") == "leverans.xml: empty file (no XML)"


def test_a_csv_file_is_not_xml() -> None:
    message = open_error(b"VardkontaktId;Fas\nA;1\n")
    assert message.startswith("leverans.xml: line 1, column ")
    assert "XML error" in message


@pytest.mark.parametrize("namespace", [None, "prefixed"])
def test_broken_xml_half_way_gives_every_row_before_the_break(namespace: str | None) -> None:
    rows, message = rows_then_error(broken_after(10, namespace=namespace))
    assert [line for line, _ in rows] == [FIRST_BESOK_LINE + k for k in range(10)]
    assert f"line {FIRST_BESOK_LINE + 10}, column " in message
    assert "XML error: not well-formed" in message


def test_breaks_far_into_a_large_file_still_give_every_row(tmp_path: Path) -> None:
    path = write_large_xml(tmp_path / "stor.xml", 5_000)
    data = path.read_bytes().replace(b"</Kontakt>", b"<Besok Fas/></Kontakt>")
    rows, message = rows_then_error(data)
    assert len(rows) == 5_000
    assert f"line {FIRST_BESOK_LINE + 5_000}" in message


def test_a_truncated_file_gives_its_rows_then_says_it_ends_early() -> None:
    rows, message = rows_then_error(truncated_after(7))
    assert len(rows) == 7
    assert "the file ends before the XML is complete" in message


def test_an_undefined_entity_is_an_xml_error() -> None:
    message = open_error(b"<TillgangligVardSpeciVantande>&lol;</TillgangligVardSpeciVantande>")
    assert "line 1, column 31: XML error: undefined entity" in message


# -- hostile files ------------------------------------------------------------------------------


def test_billion_laughs_is_refused_at_the_doctype_in_bounded_memory() -> None:
    tracemalloc.start()
    try:
        message = open_error(billion_laughs())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "line 2" in message
    assert "document type declaration" in message
    assert peak < 2_000_000


def test_an_external_entity_is_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-VALUE")
    message = open_error(external_entity(secret.as_uri()))
    assert "document type declaration" in message
    assert "SECRET-VALUE" not in message


def test_an_external_dtd_is_refused() -> None:
    message = open_error(b'<!DOCTYPE r SYSTEM "http://example.invalid/x.dtd"><r><Besok/></r>')
    assert "document type declaration" in message


def test_nesting_thousands_deep_is_refused() -> None:
    message = open_error(deeply_nested(10_000))
    assert f"elements nested more than {MAX_DEPTH} deep" in message
    assert "line 3" in message


def test_nesting_after_contacts_gives_the_contacts_first() -> None:
    rows, message = rows_then_error(deeply_nested(5_000, contacts_first=4))
    assert [cells[0] for _, cells in rows] == ["A0", "A1", "A2", "A3"]
    assert "line 7" in message


def test_nesting_at_the_limit_is_accepted() -> None:
    inner = MAX_DEPTH - 3  # the delivery, Kontakt and Besok take three levels, in wrappers
    data = (
        b"<x>" * inner
        + b'<TillgangligVardSpeciVantande><Kontakt DatatGallerFor="x"><Besok VardkontaktId="A"/>'
        + b"</Kontakt></TillgangligVardSpeciVantande>"
        + b"</x>" * inner
    )
    assert read(data)[1] == [(1, ["A", "x"])]
    # one level more, after the Besok (in the delivery, outside the Kontakt: an extension)
    too_deep = data.replace(
        b"</Kontakt>", b"</Kontakt><y xmlns='urn:extension'><y><y></y></y></y>", 1
    )
    rows, message = rows_then_error(too_deep)
    assert rows == [(1, ["A", "x"])]  # the rows before it
    assert "nested more than" in message


def _peak(run: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_100_mb_attribute_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = write_huge_attribute(tmp_path / "huge.xml", 100 << 20, contacts_first=2)
    outcome: list[tuple[Rows, str]] = []

    def run() -> None:
        outcome.append(rows_then_error(path))

    peak = _peak(run)
    rows, message = outcome[0]
    assert [cells[0] for _, cells in rows] == ["A0", "A1"]
    assert f"line 5, column 1: a tag, attribute value or comment longer than {MAX_TOKEN_BYTES}" in (
        message
    )
    assert peak < 4 * MAX_TOKEN_BYTES + 2_000_000


def test_a_huge_first_contact_is_refused_by_open(tmp_path: Path) -> None:
    path = write_huge_attribute(tmp_path / "huge.xml", 8 << 20, contacts_first=0)
    assert "line 3, column 1: a tag" in open_error(path)


def test_the_measure_sees_expat_buffering_a_huge_tag(tmp_path: Path) -> None:
    # Control for the test above: expat's buffer is traced (it allocates through Python), so
    # a reader without the limit would show the whole attribute in the peak.
    from xml.parsers import expat

    path = write_huge_attribute(tmp_path / "huge.xml", 12 << 20, contacts_first=0)

    def run() -> None:
        parser = expat.ParserCreate()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 16):
                parser.Parse(chunk, False)

    assert _peak(run) > 12 << 20


def test_a_huge_text_between_elements_is_read_in_bounded_memory(tmp_path: Path) -> None:
    path = write_huge_attribute(tmp_path / "text.xml", 50 << 20, contacts_first=1, text=True)
    outcome: dict[str, Rows] = {}

    def run() -> None:
        with open_xml(path, "text.xml") as result:
            outcome["rows"] = list(result.rows)

    peak = _peak(run)
    assert [cells[0] for _, cells in outcome["rows"]] == ["A0", "last"]
    assert peak < 4_000_000


def test_an_extensions_many_attribute_names_are_refused_after_the_rows_before_them() -> None:
    # Names on the elements of an extension were not counted: 3,000,000 different ones read
    # in 1.1 GB and the file was accepted, exit 0. They count, and neither pass reads past the
    # limit (the contact after it is not read).
    attributes = "".join(f'<x:e a{i}="1"/>' for i in range(MAX_NAMES + 5))
    data = (
        _ROOT + _KONTAKT + _B1 + b"/>\n<x:ext xmlns:x='urn:other'>"
        + attributes.encode() + b"</x:ext>\n<Besok VardkontaktId='K2' Vardgaranti='JA' Fas='1'/>"
        + _END
    )  # fmt: skip
    rows, message = rows_then_error(data)
    assert [cells[0] for _, cells in rows] == ["K1"]
    assert f"more than {MAX_NAMES} different element and attribute names" in message


def test_a_huge_comment_is_refused() -> None:
    data = b"<TillgangligVardSpeciVantande><!--" + b"x" * (MAX_TOKEN_BYTES + (1 << 17))
    assert "longer than" in open_error(data + b"--></TillgangligVardSpeciVantande>")


def test_more_attribute_names_than_columns_allowed_is_refused_after_the_rows_before() -> None:
    besok = "".join(f'<Besok VardkontaktId="A{i}" x{i}="1"/>\n' for i in range(MAX_COLUMNS + 5))
    data = f"<TillgangligVardSpeciVantande>\n{besok}</TillgangligVardSpeciVantande>".encode()
    rows, message = rows_then_error(data)
    assert len(rows) == MAX_COLUMNS - 1  # VardkontaktId takes one of the columns
    assert f"line {MAX_COLUMNS + 1}" in message
    assert f"more than {MAX_COLUMNS} different attribute names" in message


def test_more_element_names_than_allowed_is_refused() -> None:
    elements = "".join(f"<x:e{i}/>" for i in range(MAX_NAMES + 1))  # (an extension's)
    data = (
        f"<TillgangligVardSpeciVantande xmlns:x='urn:extension'>{elements}"
        "</TillgangligVardSpeciVantande>"
    ).encode()
    assert f"more than {MAX_NAMES} different element and attribute names" in open_error(data)


def test_namespace_declarations_on_besok_count_toward_the_columns_in_both_passes() -> None:
    # The first pass counted xmlns:p0, xmlns:p1, ... and stopped; the second skipped them and
    # read on to the end: every Besok after the limit was read, and expat kept every name
    # (40,000 prefixes: the whole 80 MB file, 188 MB).
    besok = "".join(
        f'<Besok xmlns:p{i}="u" VardkontaktId="A{i}" Fas="1" BeslutAktivitet="2025-01-01"/>\n'
        for i in range(MAX_COLUMNS + 500)
    )
    data = f"<TillgangligVardSpeciVantande>\n{besok}</TillgangligVardSpeciVantande>".encode()
    rows, message = rows_then_error(data)
    assert len(rows) == MAX_COLUMNS - 3  # VardkontaktId, Fas, BeslutAktivitet take three
    assert f"more than {MAX_COLUMNS} different attribute names" in message
    assert f"line {MAX_COLUMNS - 1}," in message


@pytest.mark.parametrize(
    "where",
    [
        '<{name} xmlns="urn:extension"/>',  # an element (an extension's)
        '<Kontakt DatatGallerFor="2025-03-01" {name}="1"/>',  # another element's attribute
        '<Besok VardkontaktId="B" Fas="1" BeslutAktivitet="2025-01-01" {name}="1"/>',
    ],
)
def test_a_name_longer_than_the_names_allowed_is_refused(where: str) -> None:
    # Names of up to 1 MiB each were kept (10,000 of them allowed): 150 names of 1 MB made
    # 766 MB. The format's longest name has 20 characters.
    name = "e" + "x" * MAX_NAME_CHARS
    first = '<Besok VardkontaktId="A" Fas="1" BeslutAktivitet="2025-01-01"/>\n'
    data = (
        f"<TillgangligVardSpeciVantande>\n{first}{where.format(name=name)}\n"
        "</TillgangligVardSpeciVantande>"
    ).encode()
    rows, message = rows_then_error(data)
    assert [cells[0] for _, cells in rows] == ["A"]
    assert f"line 3, column 1: a name longer than {MAX_NAME_CHARS} characters" in message
    fine = data.replace(name.encode(), name[:MAX_NAME_CHARS].encode())
    with open_xml(io.BytesIO(fine), "leverans.xml") as contacts:
        assert len(list(contacts.rows)) >= 1


@pytest.mark.parametrize("names", ["long", "many"])
def test_a_limit_on_the_first_besok_is_named_not_taken_for_missing_columns(names: str) -> None:
    # A review: the first Besok's too-long attribute name (before Fas) was put off as an error
    # "after the rows before it", and the header was made of the names read until then:
    # "required column(s) 'Fas', 'BeslutAktivitet' missing", which were in the file.
    if names == "long":
        extra = f'e{"x" * MAX_NAME_CHARS}="1"'
        said = f"line 2, column 1: a name longer than {MAX_NAME_CHARS} characters"
    else:
        extra = " ".join(f'x{i}="1"' for i in range(MAX_COLUMNS + 1))
        said = f"more than {MAX_COLUMNS} different attribute names"
    first = f'<Besok VardkontaktId="A" {extra} Fas="1" BeslutAktivitet="2025-01-01"/>\n'
    second = '<Besok VardkontaktId="B" Fas="1" BeslutAktivitet="2025-01-01"/>\n'
    data = f"<TillgangligVardSpeciVantande>\n{first}{second}</TillgangligVardSpeciVantande>"
    message = open_error(data.encode())
    assert said in message
    assert "missing" not in message


# -- memory and the number of rows ------------------------------------------------------------


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("xml")
    return {n: write_large_xml(folder / f"{n}.xml", n) for n in (1_000, 5_000, 20_000)}


def _consume(path: Path, keep: list[object] | None = None) -> Callable[[], None]:
    def run() -> None:
        with open_xml(path, path.name) as result:
            for row in result.rows:
                if keep is not None:
                    keep.append(row)

    return run


def test_memory_does_not_grow_with_the_number_of_contacts(large: dict[int, Path]) -> None:
    _peak(_consume(large[1_000]))
    small = _peak(_consume(large[5_000]))
    big = _peak(_consume(large[20_000]))
    assert big < 1.5 * small + 256 * 1024, (small, big)
    with open_xml(large[20_000], "x") as result:
        assert sum(1 for _ in result.rows) == 20_000
        assert result.meta["contacts"] == "20000"


def test_the_measure_sees_growth_when_every_row_is_kept(large: dict[int, Path]) -> None:
    # control for the test above
    kept: list[object] = []
    small = _peak(_consume(large[5_000], kept))
    kept.clear()
    big = _peak(_consume(large[20_000], kept))
    assert big > 1.5 * small + 256 * 1024, (small, big)


@pytest.mark.parametrize(
    "header", ["<id>;level;start", "<id>\tlevel\tstart", "\ufeff <id>,level,start"]
)
def test_a_csv_file_whose_first_name_begins_with_a_bracket_says_why_it_was_read_as_xml(
    tmp_path: Path, header: str
) -> None:
    from vardgaranti import check_waiting_list

    path = tmp_path / "list.csv"
    path.write_text(f"{header}\nA;besök;2025-03-01\n", encoding="utf-8")
    with pytest.raises(WaitingListError, match="XML error") as raised:
        check_waiting_list(path, io.StringIO(), as_of=date(2025, 6, 2))
    assert "read as XML because it begins with '<'" in str(raised.value)


def test_a_broken_xml_delivery_gets_no_word_about_csv(tmp_path: Path) -> None:
    from vardgaranti import check_waiting_list

    path = tmp_path / "cut.xml"
    path.write_text('<?xml version="1.0"?>\n<A x="a;b">\n<B/>', encoding="utf-8")
    with pytest.raises(WaitingListError, match="cut short") as raised:
        check_waiting_list(path, io.StringIO(), as_of=date(2025, 6, 2))
    assert "CSV" not in str(raised.value)


@pytest.mark.parametrize("root", ["TillgangligVardSpeciVantande", "TillgangligVardSpeciGenomforda"])
def test_a_delivery_without_any_besok_is_read_as_one_of_no_rows(tmp_path: Path, root: str) -> None:
    # a unit with nothing waiting: it said "the columns fit no profile"
    from vardgaranti import check_waiting_list

    path = tmp_path / "tom.xml"
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{root}>\n'
        f'<Kontakt DatatGallerFor="2025-03-01">\n</Kontakt>\n</{root}>\n',
        encoding="utf-8",
    )
    output = io.StringIO(newline="")
    summary = check_waiting_list(path, output, as_of=date(2025, 3, 31))
    assert (summary.rows, summary.errors) == (0, 0)
    header = output.getvalue().lstrip("\ufeff").splitlines()
    assert header[0].startswith("VardkontaktId;Fas;BeslutAktivitet;DatatGallerFor;deadline;")
    assert len(header) == 1


@pytest.mark.parametrize(
    ("codec", "mark"),
    [
        ("utf-16-le", b""),
        ("utf-16-be", b""),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
    ],
)
def test_a_utf16_delivery_is_xml_with_or_without_a_byte_order_mark(
    tmp_path: Path, codec: str, mark: bytes
) -> None:
    # XML 1.0, appendix F: "00 3C 00 3F" is UTF-16 big-endian without a mark; such a delivery
    # was refused as a CSV file of binary data.
    from vardgaranti import check_waiting_list

    text = national_xml().decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    plain, wide = tmp_path / "utf8.xml", tmp_path / f"{codec}{len(mark)}.xml"
    plain.write_bytes(national_xml())
    wide.write_bytes(mark + text.encode(codec))
    expected, output = io.StringIO(newline=""), io.StringIO(newline="")
    first = check_waiting_list(plain, expected, as_of=date(2025, 3, 31))
    second = check_waiting_list(wide, output, as_of=date(2025, 3, 31))
    assert output.getvalue() == expected.getvalue()
    assert second.rows == first.rows > 0


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_utf16_mark_decides_over_a_declaration_of_utf8(tmp_path: Path, codec: str) -> None:
    """What PowerShell 5's Out-File writes of a UTF-8 delivery: a UTF-16 mark and bytes, the
    declaration still UTF-8. expat refused it ("encoding specified in XML declaration is
    incorrect"); the mark decides, as over --encoding, with a note."""
    mark = b"\xff\xfe" if codec == "utf-16-le" else b"\xfe\xff"
    path = tmp_path / "leverans.xml"
    path.write_bytes(mark + national_xml().decode("utf-8").encode(codec))
    expected = read(national_xml())[1]
    with open_xml(str(path), "leverans.xml") as contacts:
        assert list(contacts.rows) == expected
        assert contacts.notes == (
            "leverans.xml: the XML declaration says utf-8, but the file begins with a UTF-16 "
            "byte-order mark: read as UTF-16",
        )


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe" + "\r\n<TillgangligVardSpeciVantande/>".encode("utf-16-le"),
        "\n<TillgangligVardSpeciVantande/>".encode("utf-16-be"),
        "\r\n  <TillgangligVardSpeciVantande/>".encode("utf-16-le"),
        b"\xfe\xff" + "\n\t<TillgangligVardSpeciVantande/>".encode("utf-16-be"),
    ],
)
def test_a_utf16_delivery_with_blanks_before_its_root_is_xml(data: bytes) -> None:
    """Read as a CSV file ("required columns missing ... columns found: '<Tillgang...'")."""
    assert sniff(data) == "xml"


def test_two_attributes_differing_only_in_case_with_one_value_are_one(tmp_path: Path) -> None:
    # the message spoke of a CSV header: "column 'fas' appears twice in the header"; then the
    # file was refused as "the Besok elements have the attributes 'Fas' and 'fas'"
    path = tmp_path / "ff.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<TillgangligVardSpeciVantande>'
        '<Kontakt DatatGallerFor="2025-03-01">\n'
        '<Besok VardkontaktId="K1" Fas="1" fas="1" BeslutAktivitet="2025-01-02"/>\n'
        "</Kontakt></TillgangligVardSpeciVantande>\n",
        encoding="utf-8",
    )
    output = io.StringIO()
    summary = check_waiting_list(path, output, as_of=date(2025, 3, 31))
    assert (summary.rows, summary.errors) == (1, 0)
    assert output.getvalue().splitlines()[1].startswith("K1;1;2025-01-02;2025-03-01;2025-04-02;")


# -- the format's names regardless of case; nothing where the format has nothing -----------------


@pytest.mark.parametrize("besok", ["besok", "BESOK", "Besök", "ns:besök"])
def test_a_besok_is_read_whatever_its_case_or_o_as_in_the_columns(besok: str) -> None:
    # A Besok spelt otherwise was no contact: a delivery of them read as one of no rows, exit 0
    # (national-reporting, "XML shape": any number of Besok; columns are read regardless of case).
    data = (
        '<?xml version="1.0"?>\n<ns:tillgangligvardspecivantande xmlns:ns="urn:x">\n'
        '<ns:KONTAKT datatgallerfor="2025-03-01">\n'
        f'<{besok} VardkontaktId="K1" Fas="1" BeslutAktivitet="2025-01-02"/>\n'
        f'<Besok VardkontaktId="K2" Fas="1" BeslutAktivitet="2025-01-03"/>\n'
        f'<{besok} VardkontaktId="K3" Fas="1" BeslutAktivitet="2025-01-04"/>\n'
        "</ns:KONTAKT>\n</ns:tillgangligvardspecivantande>\n"
    ).encode()
    contacts, rows = read(data)
    assert [(line, cells[0], cells[-1]) for line, cells in rows] == [
        (4, "K1", "2025-03-01"),
        (5, "K2", "2025-03-01"),
        (6, "K3", "2025-03-01"),
    ]
    assert contacts.meta["delivery"] == "TillgangligVardSpeciVantande"
    assert contacts.meta["contacts"] == "3"


@pytest.mark.parametrize(
    ("inside", "where"),
    [
        # a misspelt Besok: its contact would be lost
        ('<Besk VardkontaktId="K2" Fas="1" BeslutAktivitet="2025-01-03"/>', "in a Kontakt"),
        # a variable as a child element: a PvV contact judged overdue (the Avvikelse unread)
        (
            '<Besok VardkontaktId="K2" Fas="1" BeslutAktivitet="2025-01-03">'
            "<Avvikelse>1</Avvikelse></Besok>",
            "in a Besok",
        ),
    ],
)
def test_an_element_where_the_format_has_none_refuses_the_file_before_any_row(
    inside: str, where: str
) -> None:
    data = (
        '<TillgangligVardSpeciVantande>\n<Kontakt DatatGallerFor="2025-03-01">\n'
        '<Besok VardkontaktId="K1" Fas="1" BeslutAktivitet="2025-01-02"/>\n'
        f"{inside}\n</Kontakt>\n</TillgangligVardSpeciVantande>\n"
    ).encode()
    message = open_error(data)  # refused by open_xml: no row is given, K1 neither
    assert message.startswith("leverans.xml: line 4, column ")
    assert where in message
    assert "its data would be left unread" in message


@pytest.mark.parametrize(
    ("between", "name"),
    [
        # a misspelt Besok beside the Kontakt: its contact was lost without a word (exit 0)
        ('<Besk VardkontaktId="K2" Fas="1" BeslutAktivitet="2025-01-03"/>', "Besk"),
        # a misspelt Kontakt: its misspelt Besok lost, its Besok read without the month
        (
            '<Kontackt DatatGallerFor="2025-03-01">'
            '<Besok VardkontaktId="K3" Fas="1" BeslutAktivitet="2025-01-03"/></Kontackt>',
            "Kontackt",
        ),
    ],
)
def test_an_element_other_than_a_kontakt_in_the_delivery_element_refuses_the_file(
    between: str, name: str
) -> None:
    # national-reporting: XML shape, the delivery element holds a Kontakt (its Besok elements
    # are the contacts); a review found these contacts dropped, `validate` saying "No findings"
    data = (
        '<TillgangligVardSpeciVantande>\n<Kontakt DatatGallerFor="2025-03-01">\n'
        '<Besok VardkontaktId="K1" Fas="1" BeslutAktivitet="2025-01-02"/>\n'
        f"</Kontakt>\n{between}\n</TillgangligVardSpeciVantande>\n"
    ).encode()
    message = open_error(data)
    assert message.startswith("leverans.xml: line 5, column ")
    assert (
        f"an element '{name}' in a TillgangligVardSpeciVantande, which holds a Kontakt" in message
    )
    assert "its data would be left unread" in message


def test_an_extension_in_the_delivery_element_is_passed_over() -> None:
    data = (
        b"<TillgangligVardSpeciVantande xmlns:x='urn:ext'><x:Avsandare>SLL</x:Avsandare>"
        b'<Kontakt DatatGallerFor="2025-03-01">'
        b'<Besok VardkontaktId="K1" Fas="1" BeslutAktivitet="2025-01-02"/>'
        b"</Kontakt></TillgangligVardSpeciVantande>"
    )
    _contacts, rows = read(data)
    assert [cells[0] for _, cells in rows] == ["K1"]


def test_elements_outside_the_kontakt_are_a_wrapper_and_not_refused() -> None:
    data = (
        b"<Envelope><Header><Id>1</Id></Header><Body>"
        b'<TillgangligVardSpeciVantande><Kontakt DatatGallerFor="2025-03-01">'
        b'<Besok VardkontaktId="K1" Fas="1" BeslutAktivitet="2025-01-02"/>'
        b"</Kontakt></TillgangligVardSpeciVantande></Body></Envelope>"
    )
    contacts, rows = read(data)
    assert [cells[0] for _, cells in rows] == ["K1"]
    assert (contacts.meta["root"], contacts.meta["delivery"]) == (
        "Envelope",
        "TillgangligVardSpeciVantande",
    )


def test_a_completed_delivery_in_a_wrapper_is_read_as_a_completed_delivery() -> None:
    # In an envelope, a completed contact without StartAktivitet was judged as still waiting
    # (overdue, care elsewhere): the delivery was known by the root only.
    from vardgaranti import check_waiting_list

    delivery = (
        '<TillgangligVardSpeciGenomforda><Kontakt DatatGallerFor="2025-05-01">\n'
        '<Besok VardkontaktId="G2" Vardgaranti="JA" Fas="2" BeslutAktivitet="2025-01-20"/>\n'
        "</Kontakt></TillgangligVardSpeciGenomforda>"
    )
    outputs = []
    for data in (delivery, f"<soap:Envelope xmlns:soap='urn:s'><soap:Body>\n{delivery}"
                 "</soap:Body></soap:Envelope>"):  # fmt: skip
        out = io.StringIO()
        check_waiting_list(io.BytesIO(data.encode()), out, as_of=date(2025, 6, 2))
        outputs.append(out.getvalue().splitlines()[1])
    assert outputs[0] == outputs[1]
    assert "StartAktivitet: blank in a completed delivery" in outputs[1]


def test_a_completed_deliverys_startaktivitet_is_found_in_any_case_as_any_column() -> None:
    # The format's names are matched in any case; the check that a completed contact has the
    # day it was carried out looked for "StartAktivitet" as spelled: a delivery written in
    # lower case lost every row to "StartAktivitet: blank in a completed delivery".
    from vardgaranti import check_waiting_list

    for name in ("startaktivitet", "STARTAKTIVITET", "StartAktivitet"):
        data = (
            '<TillgangligVardSpeciGenomforda><Kontakt DatatGallerFor="2025-03-01">\n'
            '<Besok vardkontaktid="G1" vardgaranti="JA" fas="1" '
            f'beslutaktivitet="2024-12-01T09:00:00" {name}="2025-03-01T10:00:00"/>\n'
            '<Besok vardkontaktid="G2" vardgaranti="JA" fas="1" '
            f'beslutaktivitet="2024-12-01T09:00:00" {name}=" "/>\n'
            "</Kontakt></TillgangligVardSpeciGenomforda>"
        )
        out = io.StringIO()
        check_waiting_list(io.BytesIO(data.encode()), out, as_of=date(2025, 3, 31))
        first, second = csv.DictReader(io.StringIO(out.getvalue()), delimiter=";")
        assert (first["deadline"], first["status"], first["error"]) == ("2025-03-01", "met", "")
        assert second["error"].startswith("StartAktivitet: blank in a completed delivery")


def test_a_blank_fas_is_said_to_be_empty_as_a_blank_level_is() -> None:
    # It said "Fas: unknown code ''; accepted: 1, 2, 3, 4, 5".
    from vardgaranti import check_waiting_list

    data = (
        b'<TillgangligVardSpeciVantande><Kontakt DatatGallerFor="2025-03-01">\n'
        b'<Besok VardkontaktId="K1" Fas="" BeslutAktivitet="2025-02-03"/>\n'
        b'<Besok VardkontaktId="K2" Fas=" " BeslutAktivitet="2025-02-03"/>\n'
        b"</Kontakt></TillgangligVardSpeciVantande>"
    )
    out = io.StringIO()
    check_waiting_list(io.BytesIO(data), out, as_of=date(2025, 6, 2))
    assert [line.rsplit(";", 1)[1] for line in out.getvalue().splitlines()[1:]] == [
        "Fas: empty",
        "Fas: empty",
    ]


def test_a_second_kontakt_and_a_besok_outside_any_are_noted_and_read() -> None:
    # A delivery holds one Kontakt with its contacts (national-reporting: XML shape); two
    # concatenated months, or a contact left in the root, were read without a word (validate:
    # no finding; stats left the other month's rows out)
    data = (
        b"<TillgangligVardSpeciVantande>\n"
        b'<Kontakt DatatGallerFor="2025-03-01">\n'
        b'<Besok VardkontaktId="K1" Fas="1" BeslutAktivitet="2025-01-02"/>\n'
        b'</Kontakt>\n<Kontakt DatatGallerFor="2025-02-01">\n'
        b'<Besok VardkontaktId="K2" Fas="1" BeslutAktivitet="2025-01-02"/>\n'
        b"</Kontakt>\n"
        b'<Besok VardkontaktId="K3" Fas="1" BeslutAktivitet="2025-01-02"/>\n'
        b'<Besok VardkontaktId="K4" Fas="1" BeslutAktivitet="2025-01-02"/>\n'
        b"</TillgangligVardSpeciVantande>\n"
    )
    contacts, rows = read(data)
    assert [row["DatatGallerFor"] for row in as_dicts(contacts.header, rows)[:2]] == [
        "2025-03-01",
        "2025-02-01",
    ]
    assert len(rows) == 4
    assert contacts.notes == (
        "leverans.xml: 2 Kontakt elements (the second on line 5): a delivery holds one, for its "
        "month (national-reporting: XML shape); each contact is read with the DatatGallerFor "
        "of its own Kontakt",
        "leverans.xml: 2 Besok elements outside any Kontakt (the first on line 8): a "
        "delivery's contacts are in its Kontakt (national-reporting: XML shape); read without "
        "a Kontakt's DatatGallerFor",
    )
    one = (
        b'<TillgangligVardSpeciVantande><Kontakt DatatGallerFor="2025-03-01">'
        + b"".join(line for line in data.split(b"\n") if line.startswith(b"<Besok"))
        + b"</Kontakt></TillgangligVardSpeciVantande>"
    )
    contacts, rows = read(one)
    assert (len(rows), contacts.notes) == (4, ())  # one Kontakt with every contact: no word
    end = b"</TillgangligVardSpeciVantande>"
    three = data.replace(end, b'<Kontakt DatatGallerFor="2025-01-01"/>' + end)
    assert (
        read(three)[0]
        .notes[0]
        .startswith("leverans.xml: 3 Kontakt elements (the second on line 5)")
    )


def test_a_utf8_mark_over_latin_1_bytes_declared_so_is_read_as_declared_with_a_note() -> None:
    # The mark says UTF-8, the declaration and the bytes Latin-1: read as declared, which was
    # right, but without the note the docs promise when the mark and the reading differ
    data = b"\xef\xbb\xbf" + (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        '<TillgangligVardSpeciVantande><Kontakt DatatGallerFor="2025-03-01">\n'
        '<Besok VardkontaktId="K1" SjukhusNamn="Örebro" Fas="1" BeslutAktivitet="2025-02-03"/>'
        "\n</Kontakt></TillgangligVardSpeciVantande>\n"
    ).encode("latin-1")
    contacts, rows = read(data)
    assert as_dicts(contacts.header, rows)[0]["SjukhusNamn"] == "Örebro"
    assert contacts.notes == (
        "leverans.xml: the file begins with a UTF-8 byte-order mark, but its bytes are not "
        "UTF-8: read as the XML declaration says, iso-8859-1",
    )


def test_utf8_bytes_declared_latin_1_are_read_as_utf8_with_a_note() -> None:
    # A region's export declared ISO-8859-1 and wrote UTF-8: "Ögonkliniken" read as
    # "Ã–gonkliniken", exit 0 and no word; --encoding was not looked at for XML.
    body = (
        '<TillgangligVardSpeciVantande><Kontakt DatatGallerFor="2025-03-01">\n'
        '<Besok VardkontaktId="K1" SjukhusNamn="Ögonkliniken Åre" Fas="1" '
        'BeslutAktivitet="2025-02-03"/>\n</Kontakt></TillgangligVardSpeciVantande>\n'
    )
    # (and every other name of these encodings: "ISO_8859-1", "cp819", "latin" were read as
    # declared, the letters as two others, without a word)
    for declared in ("ISO-8859-1", "windows-1252", "ISO_8859-1", "iso8859_1", "latin_1",
                     "cp819", "IBM819", "ISO-IR-100", "latin", "iso8859-15"):  # fmt: skip
        data = (f'<?xml version="1.0" encoding="{declared}"?>\n' + body).encode("utf-8")
        contacts, rows = read(data)
        assert rows[0][1][1] == "Ögonkliniken Åre"
        assert contacts.notes == (
            f"leverans.xml: the XML declaration says {declared.lower()}, but the bytes are "
            "UTF-8 (å, ä, ö would read as Ã¥, Ã¤, Ã¶): read as UTF-8 (--encoding cp1252 reads "
            "it as declared)",
        )
        with open_xml(io.BytesIO(data), "leverans.xml", "cp1252") as insisted:
            assert next(insisted.rows)[1][1] == "Ã–gonkliniken Ã…re"
            assert insisted.notes == ()
    # bytes that are not UTF-8 are read as declared, every byte (0x81 is no Windows-1252 letter)
    latin = '<?xml version="1.0" encoding="ISO-8859-1"?>\n' + body.replace("Åre", "Åre\x81")
    contacts, rows = read(latin.encode("latin-1"))
    assert rows[0][1][1] == "Ögonkliniken Åre\x81"
    assert contacts.notes == ()


@pytest.mark.parametrize("declaration", ["", '<?xml version="1.0" encoding="UTF-8"?>\n'])
def test_windows_1252_bytes_in_an_xml_file_read_as_utf8_say_which_encoding_to_give(
    declaration: str,
) -> None:
    # "not well-formed (invalid token)" and no word of the encoding, where --encoding cp1252
    # reads the file (the CSV reader finds this by itself).
    body = (
        '<TillgangligVardSpeciVantande><Kontakt DatatGallerFor="2025-03-01">\n'
        '<Besok VardkontaktId="K1" SjukhusNamn="Ögonkliniken" Fas="1" '
        'BeslutAktivitet="2025-02-03"/>\n</Kontakt></TillgangligVardSpeciVantande>\n'
    )
    data = (declaration + body).encode("cp1252")
    message = open_error(data)
    line = 3 if declaration else 2
    assert message.startswith(f"leverans.xml: line {line}, column ")
    assert message.endswith(
        "XML error: not well-formed (invalid token); the bytes there are not UTF-8 (Windows-1252? "
        "then give --encoding cp1252)"
    )
    with open_xml(io.BytesIO(data), "leverans.xml", "cp1252") as read:
        assert next(read.rows)[1][1] == "Ögonkliniken"
    # Another invalid token says nothing of the encoding, nor one in a file read as cp1252.
    assert open_error(b"<TillgangligVardSpeciVantande><<").endswith("(invalid token)")
    as_cp1252 = b'<?xml version="1.0" encoding="windows-1252"?>\n<Tillgang\x81ligVardSpeci/>'
    assert "--encoding" not in open_error(as_cp1252)
    with pytest.raises(WaitingListError) as caught:
        open_xml(io.BytesIO(data.replace(b"K1", b"K\x81<")), "leverans.xml", "cp1252")
    assert "--encoding" not in str(caught.value)


def test_an_element_of_another_namespace_in_a_kontakt_or_besok_is_passed_over() -> None:
    # RIV-TA types allow extensions (xs:any, another namespace): a delivery valid by its schema
    # may hold one; only an element of the format's own namespace is refused.
    data = (
        b"<TillgangligVardSpeciVantande xmlns='urn:riv:1' xmlns:x='urn:ext'>"
        b"<Kontakt DatatGallerFor='2026-01-01'>\n"
        b"<Besok VardkontaktId='VK1' Fas='1' BeslutAktivitet='2025-12-01'><x:Note a='1'/></Besok>\n"
        b"<x:Extension foo='1'/>\n"
        b"</Kontakt></TillgangligVardSpeciVantande>"
    )
    assert [cells[0] for _, cells in read(data)[1]] == ["VK1"]
    prefixed = (
        b"<r:TillgangligVardSpeciVantande xmlns:r='urn:riv:1'><r:Kontakt DatatGallerFor='x'>\n"
        b"<r:Besok VardkontaktId='VK1' Fas='1' BeslutAktivitet='2025-12-01'/>\n"
        b"<r:Besk VardkontaktId='VK2'/>\n</r:Kontakt></r:TillgangligVardSpeciVantande>"
    )
    assert "an element 'r:Besk' in a Kontakt" in open_error(prefixed)


# -- namespaces compared by name, not by prefix (a review's hostile deliveries) -------------------

_ROOT = b"<TillgangligVardSpeciVantande xmlns='urn:riv' xmlns:tns='urn:riv' xmlns:x='urn:ext'>"
_KONTAKT = b"<Kontakt DatatGallerFor='2025-03-01'>\n"
_END = b"\n</Kontakt></TillgangligVardSpeciVantande>"
_B1 = b"<Besok VardkontaktId='K1' Vardgaranti='JA' Fas='1' BeslutAktivitet='2025-01-02'"


def test_a_misspelt_besok_of_the_formats_namespace_under_another_prefix_is_refused() -> None:
    # tns is bound to the format's namespace too: 'tns:Besk' was taken for an extension by its
    # prefix and passed over, and the contact K2 was lost without a word (exit 0).
    data = _ROOT + _KONTAKT + _B1 + b"/>\n<tns:Besk VardkontaktId='K2' Fas='1'/>" + _END
    assert "an element 'tns:Besk' in a Kontakt, which holds Besok elements only" in open_error(data)


def test_a_variable_written_as_a_child_under_another_prefix_of_the_namespace_is_refused() -> None:
    # The patient's PvV (Avvikelse 1) was passed over: the contact counted as waiting.
    data = _ROOT + _KONTAKT + _B1 + b"><tns:Avvikelse>1</tns:Avvikelse></Besok>" + _END
    assert "an element 'tns:Avvikelse' in a Besok" in open_error(data)


def test_an_extension_declaring_its_own_default_namespace_is_passed_over() -> None:
    # <Extra xmlns="urn:other"/> has no prefix, as the Kontakt has none: it was refused.
    data = _ROOT + _KONTAKT + _B1 + b"/>\n<Extra xmlns='urn:other'><Besk a='1'/></Extra>" + _END
    contacts, rows = read(data)
    assert [cells[0] for _, cells in rows] == ["K1"]
    assert contacts.meta["contacts"] == "1"


def test_a_besok_inside_an_extension_is_not_a_contact() -> None:
    # A vendor's history element held an old Besok of K1: it was read as a second contact, 1916
    # days overdue, and counted by stats.
    history = (
        b"<x:Historik><x:Besok VardkontaktId='K1' Fas='1' BeslutAktivitet='2020-01-01'/>"
        b"<Besok VardkontaktId='K9' Fas='1' BeslutAktivitet='2020-01-01'/></x:Historik>"
    )
    contacts, rows = read(_ROOT + _KONTAKT + _B1 + b"/>\n" + history + _END)
    assert [(cells[0], cells[3]) for _, cells in rows] == [("K1", "2025-01-02")]
    assert contacts.meta["contacts"] == "1"
    # ... but not without a word: a contact wrapped so by mistake would be lost in silence
    assert contacts.notes == (
        "leverans.xml: 2 Besok elements inside elements of another namespace (schema "
        "extensions) passed over, not read as contacts (the first on line 3); if they are "
        "contacts, move them out of those elements",
    )
    # ... and in a Besok, an extension with a Besok in it is passed over whole
    inside = _B1 + b"><x:Note><x:Besok VardkontaktId='K3'/>text</x:Note></Besok>"
    contacts, rows = read(_ROOT + _KONTAKT + inside + _END)
    assert [cells[0] for _, cells in rows] == ["K1"]
    assert contacts.notes == (
        "leverans.xml: 1 Besok element inside elements of another namespace (schema "
        "extensions) passed over, not read as contacts (the first on line 2); if they are "
        "contacts, move them out of those elements",
    )
    # (an extension without a Besok in it: no note)
    assert read(_ROOT + _KONTAKT + _B1 + b"><x:Note a='1'/></Besok>" + _END)[0].notes == ()


def test_a_besok_of_a_kontakt_is_a_contact_whatever_its_namespace() -> None:
    # Deliveries qualify their elements in many ways; a Kontakt's Besok is read as a contact
    # (a review of the first version of this change found valid deliveries it refused).
    data = _ROOT + _KONTAKT + _B1 + b"/>\n<x:Besok VardkontaktId='K2' Fas='1'/>" + _END
    assert [cells[0] for _, cells in read(data)[1]] == ["K1", "K2"]
    ns = b"urn:riv:followup:accessibility:TillgangligVardSpeciVantandeResponder:1"
    besok = b" VardkontaktId='K1' Fas='1' BeslutAktivitet='2025-01-02'/>"
    unqualified = b"<TillgangligVardSpeciVantande><Kontakt DatatGallerFor='2025-03-01'>"
    cases = [
        # a Besok in the format's namespace under an unqualified Kontakt
        unqualified + b"<Besok xmlns='" + ns + b"'" + besok + _END,
        unqualified + b"<p:Besok xmlns:p='" + ns + b"'" + besok + _END,
        b"<ns2:TillgangligVardSpeciVantande xmlns:ns2='" + ns + b"'><Kontakt>"
        + b"<ns2:Besok" + besok + b"</Kontakt></ns2:TillgangligVardSpeciVantande>",
        # an unprefixed Besok in a SOAP envelope's default namespace, the delivery prefixed
        b"<Envelope xmlns='http://schemas.xmlsoap.org/soap/envelope/'><Body>"
        + b"<ns2:TillgangligVardSpeciVantande xmlns:ns2='" + ns + b"'><ns2:Kontakt>"
        + b"<Besok" + besok + b"</ns2:Kontakt></ns2:TillgangligVardSpeciVantande></Body>"
        + b"</Envelope>",
    ]  # fmt: skip
    for data in cases:
        assert [cells[0] for _, cells in read(data)[1]] == ["K1"], data
    # ... and the Besok's namespace is the format's from then on: a misspelt sibling in it is
    # refused, not passed over as an extension
    soap = cases[-1].replace(b"</ns2:Kontakt>", b"<Besk VardkontaktId='K2'/></ns2:Kontakt>")
    assert "an element 'Besk' in a Kontakt" in open_error(soap)


def test_an_element_of_no_namespace_is_the_formats_own() -> None:
    # A delivery that qualifies its root and Kontakt and not its Besok elements: they are read,
    # and a misspelt one (of no namespace either) is refused, not passed over as an extension.
    root = b"<ns:TillgangligVardSpeciVantande xmlns:ns='urn:riv'><ns:Kontakt DatatGallerFor='x'>"
    end = b"</ns:Kontakt></ns:TillgangligVardSpeciVantande>"
    good = root + _B1 + b"/>" + end
    assert [cells[0] for _, cells in read(good)[1]] == ["K1"]
    assert "an element 'Besk' in a Kontakt" in open_error(
        root + b"<Besk VardkontaktId='K2'/>" + end
    )
    # a prefix bound nowhere is taken as no namespace: its Besok read, another element refused
    unbound = b"<TillgangligVardSpeciVantande><Kontakt>" + b"<u:Besok VardkontaktId='K1' Fas='1'/>"
    assert [cells[0] for _, cells in read(unbound + _END)[1]] == ["K1"]
    assert "an element 'u:Besk'" in open_error(unbound + b"<u:Besk a='1'/>" + _END)


def test_a_namespace_declared_on_a_besok_itself_is_followed() -> None:
    # A Besok that binds the format's namespace to its own prefix: its children are compared by
    # that binding (a child in the format's namespace refused, one of another passed over).
    own = (
        b"<p:Besok xmlns:p='urn:riv' VardkontaktId='K2' Fas='1' BeslutAktivitet='2025-01-02'>"
        b"<x:Note/></p:Besok>"
    )
    _contacts, rows = read(_ROOT + _KONTAKT + _B1 + b"/>\n" + own + _END)
    assert [cells[0] for _, cells in rows] == ["K1", "K2"]
    # x is the extension's prefix at the root; this Besok binds it to the format's namespace
    rebound = _B1 + b" xmlns:x='urn:riv'><x:Fas>2</x:Fas></Besok>"
    assert "an element 'x:Fas' in a Besok" in open_error(_ROOT + _KONTAKT + rebound + _END)


def test_two_spellings_of_the_month_with_different_values_are_refused() -> None:
    # The first one won: stats counted the census of January 2024 without a word.
    kontakt = b"<Kontakt datatgallerfor='2024-01-01' DatatGallerFor='2025-03-01'>\n"
    error = open_error(_ROOT + kontakt + _B1 + b"/>" + _END)
    assert error.endswith(
        "Kontakt has both 'datatgallerfor' and 'DatatGallerFor' (the same name) with different "
        "values ('2024-01-01', '2025-03-01')"
    )
    prefixed = b"<Kontakt x:DatatGallerFor='2024-01-01' DatatGallerFor='2025-03-01'>\n"
    assert "'x:DatatGallerFor' and 'DatatGallerFor'" in open_error(
        _ROOT + prefixed + _B1 + b"/>" + _END
    )
    same = b"<Kontakt x:DatatGallerFor='2025-03-01' DatatGallerFor='2025-03-01'>\n"
    assert read(_ROOT + same + _B1 + b"/>" + _END)[0].meta["DatatGallerFor"] == "2025-03-01"


def test_text_in_a_besok_is_refused_whitespace_is_not() -> None:
    # "Avvikelse=1" as text was dropped: the PvV lost, the contact counted as waiting.
    assert (
        "text in a Besok (national-reporting: XML shape, every variable an attribute): "
        "'Avvikelse=1'" in open_error(_ROOT + _KONTAKT + _B1 + b">Avvikelse=1</Besok>" + _END)
    )
    assert "'1'; its data would be left unread" in open_error(
        _ROOT + _KONTAKT + _B1 + b"><![CDATA[1]]></Besok>" + _END
    )
    spaced = _ROOT + _KONTAKT + _B1 + b">\n  \t</Besok>\n  \n" + _END
    assert [cells[0] for _, cells in read(spaced)[1]] == ["K1"]


@pytest.mark.parametrize(
    ("between", "where"),
    [
        (b"K2;JA;1;2025-01-02", "text in a Kontakt"),
        (b"<![CDATA[K2]]>", "text in a Kontakt"),
        (b"</Kontakt>K2;JA;1<Kontakt DatatGallerFor='2025-03-01'>", "text in a "),
    ],
)
def test_text_in_a_kontakt_or_the_delivery_is_refused_not_dropped(
    between: bytes, where: str
) -> None:
    # A contact written as text between the Besok elements was dropped without a word: the
    # file read as K1 and K3 alone, exit 0. The format's Kontakt and delivery hold elements.
    besok = _B1 + b"/>\n" + between + b"\n<Besok VardkontaktId='K3' Vardgaranti='JA' Fas='1'/>"
    message = open_error(_ROOT + _KONTAKT + besok + _END)
    assert where in message
    assert "its data would be left unread" in message


@pytest.mark.parametrize(
    ("encoded", "mark"),
    [
        (lambda text: text.encode("utf-16"), "UTF-16"),
        (lambda text: text.encode("utf-16-be").join([b"\xfe\xff", b""]), "UTF-16"),
        (lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), "UTF-8"),
    ],
)
def test_a_byte_order_mark_decides_over_the_encoding_given(
    encoded: Callable[[str], bytes], mark: str
) -> None:
    # The docs promise that a UTF-16 mark decides "whatever --encoding says": with cp1252 the
    # file was refused as not well-formed.
    text = (_ROOT + _KONTAKT + _B1).decode() + " Enhet='Ögon'/>" + _END.decode()
    with open_xml(io.BytesIO(encoded(text)), "leverans.xml", "cp1252") as contacts:
        rows = list(contacts.rows)
        notes = contacts.notes
    assert [cells[0] for _, cells in rows] == ["K1"]
    assert "Ögon" in rows[0][1]
    assert notes == (
        f"leverans.xml: the file begins with a {mark} byte-order mark: read as {mark}, not as "
        "--encoding cp1252",
    )
    with open_xml(io.BytesIO(encoded(text)), "leverans.xml", mark.lower()) as contacts:
        assert contacts.notes == ()


@pytest.mark.parametrize("declared", ["UTF-16", "utf-32"])
def test_a_utf8_mark_decides_over_a_declaration_of_utf16(declared: str) -> None:
    # A review: a UTF-8 mark under a UTF-16 declaration was refused by expat ("encoding
    # specified in XML declaration is incorrect"), while the mirror case was read.
    data = b"\xef\xbb\xbf" + national_xml().replace(
        b'encoding="UTF-8"', f'encoding="{declared}"'.encode()
    )
    with open_xml(io.BytesIO(data), "leverans.xml") as contacts:
        assert list(contacts.rows) == read(national_xml())[1]
        assert contacts.notes == (
            f"leverans.xml: the XML declaration says {declared.lower()}, but the file begins "
            "with a UTF-8 byte-order mark: read as UTF-8",
        )


def test_bytes_not_in_the_declared_encoding_get_the_option_that_reads_them() -> None:
    # UTF-8 bytes declared UTF-16 (as .NET's StringWriter declares them), UTF-16 bytes without
    # a mark declared UTF-8: expat's message alone left the user without --encoding.
    text = national_xml().decode("utf-8")
    wide = text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-8")
    message = open_error(wide)
    assert "encoding specified in XML declaration is incorrect" in message
    assert "give --encoding with the file's: utf-8, cp1252 or utf-16" in message
    with open_xml(io.BytesIO(wide), "leverans.xml", "utf-8") as contacts:
        assert list(contacts.rows) == read(national_xml())[1]
    assert "give --encoding" in open_error(text.encode("utf-16-le"))
    # US-ASCII declared over UTF-8 bytes (an å): the bytes there are UTF-8
    ascii_ = (
        "<?xml version='1.0' encoding='US-ASCII'?>" + (_ROOT + _KONTAKT + _B1).decode()
        + " Enhet='Ögon'/>" + _END.decode()
    ).encode("utf-8")  # fmt: skip
    assert "the bytes there are UTF-8 (then give --encoding utf-8)" in open_error(ascii_)


def test_a_utf8_mark_with_a_single_byte_declaration_says_the_mark_decides() -> None:
    # The note advised --encoding cp1252 to read it as declared, which the mark overrides.
    from vardgaranti._messages import note_text

    text = (
        "<?xml version='1.0' encoding='windows-1252'?>"
        + (_ROOT + _KONTAKT + _B1).decode()
        + " Enhet='Ögon'/>"
        + _END.decode()
    )
    data = b"\xef\xbb\xbf" + text.encode("utf-8")
    for encoding in (None, "cp1252"):
        with open_xml(io.BytesIO(data), "leverans.xml", encoding) as contacts:
            assert "Ögon" in next(contacts.rows)[1]
            notes = contacts.notes
        assert notes[-1] == (
            "leverans.xml: the XML declaration says windows-1252, but the file begins with a "
            "UTF-8 byte-order mark: read as UTF-8"
        )
        assert all("reads it as declared" not in note for note in notes)
        assert all(note_text(note, "sv") != note for note in notes)  # (each in Swedish too)
