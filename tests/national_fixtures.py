"""Synthetic data in the national waiting-time reporting format, for tests.

Everything here is made up and deterministic: no real patient, clinic or HSA id. The functions
return the bytes (or text) of a file, so a test can write them to ``tmp_path`` or wrap them in
:class:`io.BytesIO`.

* :func:`contacts`: the contacts (one dict of attribute values each) covering every phase
  ``Fas`` 1–5, every ``Avvikelse`` code 1/2/3 and its absence, every accepted spelling of yes/no
  (``Vardgaranti``) and of sex (``Kon``), and the four date-time forms.
* :func:`national_xml`: a delivery (waiting or completed), with or without a namespace
  (default or prefixed), in UTF-8, UTF-16 or Windows-1252; one ``Besok`` per line.
* :func:`national_csv`, :func:`encode`, :func:`windows_1252_csv`, :func:`utf16_csv`: the same
  contacts as ``;``-separated CSV, in each encoding Windows programs write.
* :func:`national_xlsx` and :func:`expected_xlsx_rows`: the same as an Excel workbook with real
  Excel dates and numbers, an empty row between records and formatted empty rows at the end.
* Hostile files: :func:`billion_laughs`, :func:`external_entity`, :func:`deeply_nested`,
  :func:`write_huge_attribute`, :func:`broken_after`, :func:`truncated_after`.
* :func:`write_large_xml`: a delivery of any size, written in a stream (memory tests).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Final

from vardgaranti._xml import NATIONAL_VARIABLES, PERIOD

__all__ = [
    "AVVIKELSE_CODES",
    "DATE_TIME_FORMS",
    "DELIVERY_ROOTS",
    "FIRST_BESOK_LINE",
    "KON_SPELLINGS",
    "NAMESPACES",
    "PERIOD_VALUE",
    "PHASES",
    "VARDGARANTI_NO",
    "VARDGARANTI_YES",
    "billion_laughs",
    "broken_after",
    "contacts",
    "csv_header",
    "deeply_nested",
    "encode",
    "expected_xlsx_rows",
    "external_entity",
    "national_csv",
    "national_xlsx",
    "national_xml",
    "parse_timestamp",
    "truncated_after",
    "utf16_csv",
    "windows_1252_csv",
    "write_huge_attribute",
    "write_large_xml",
    "xml_attribute",
]

#: The root element of each delivery.
DELIVERY_ROOTS: Final = {
    "vantande": "TillgangligVardSpeciVantande",
    "genomforda": "TillgangligVardSpeciGenomforda",
}
#: Namespaces in the RIV-TA style (illustrative: readers match local names, not these).
NAMESPACES: Final = {
    "vantande": "urn:riv:followup:accessibility:TillgangligVardSpeciVantandeResponder:1",
    "genomforda": "urn:riv:followup:accessibility:TillgangligVardSpeciGenomfordaResponder:1",
}
#: The measurement month of the fixtures (March 2025).
PERIOD_VALUE: Final = "2025-03-01"
#: Every accepted spelling of yes and of no for ``Vardgaranti``.
VARDGARANTI_YES: Final = ("1", "j", "J", "ja", "Ja", "JA", "t", "T", "true", "True", "TRUE")
VARDGARANTI_NO: Final = ("2", "n", "N", "nej", "Nej", "NEJ", "f", "F", "false", "False", "FALSE")
#: Spellings of ``Kon`` (male, female, unknown; the format accepts any case).
KON_SPELLINGS: Final = (
    *("1", "m", "M", "man", "Man", "MAN"),
    *("2", "k", "K", "kvinna", "Kvinna", "KVINNA"),
    *("3", "o", "O", "okänt", "Okänt", "OKÄNT"),
)
#: The phases (``Fas``).
PHASES: Final = ("1", "2", "3", "4", "5")
#: The deviation codes; ``None``: the attribute is absent.
AVVIKELSE_CODES: Final = ("1", "2", "3", None)
#: The date-time forms of the format and of its exports (``strftime`` patterns).
DATE_TIME_FORMS: Final = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y%m%d", "%Y%m%d%H%M%S")
#: The line of the first ``Besok`` in :func:`national_xml` (declaration, root, Kontakt first).
FIRST_BESOK_LINE: Final = 4

_CLINICS: Final = (
    ("55010", "Universitetssjukhuset Örebro", "Ögonkliniken"),
    ("56010", "Västmanlands sjukhus Västerås", "Ortopedkliniken"),
    ("63010", "Östersunds sjukhus", "Kvinnokliniken Åre–Östersund"),
    ("64010", "Norrlands universitetssjukhus", "Öron-, näs- och halskliniken"),
)
_MVO: Final = ("511", "301", "451", "521", "101")
_ACTIVITIES: Final = ("BE001", "OP002", "UN003", "AT004", "AK005")


def contacts(delivery: str = "vantande") -> list[dict[str, str]]:
    """The fixture contacts: 22, covering every code and spelling of the format.

    Contact ``i`` (from 0) takes the ``i``-th value (cyclically) of :data:`PHASES`,
    :data:`AVVIKELSE_CODES`, ``VARDGARANTI_YES + VARDGARANTI_NO``, :data:`KON_SPELLINGS` and
    :data:`DATE_TIME_FORMS` (for ``BeslutAktivitet``, and ``StartAktivitet`` when completed), so
    each appears at least once. Names of hospitals and clinics hold å, ä and ö.

    Args:
        delivery: ``"vantande"`` (no ``StartAktivitet``) or ``"genomforda"`` (with one).

    Returns:
        One dict per contact: attribute name to value; an absent attribute is not in it
        (``Avvikelse`` when there is no deviation, ``MedicinsktMaldatum`` except for phase 4).
    """
    _check_delivery(delivery)
    guarantee = VARDGARANTI_YES + VARDGARANTI_NO
    records: list[dict[str, str]] = []
    for i in range(len(guarantee)):
        region = ("55", "56", "63", "64")[i % 4]
        hospital, hospital_name, clinic = _CLINICS[i % 4]
        form = DATE_TIME_FORMS[i % len(DATE_TIME_FORMS)]
        decided = datetime(2024, 10, 1, 8, 15, 30) + timedelta(days=7 * i, minutes=37 * i)
        phase = PHASES[i % len(PHASES)]
        record = {
            "VardkontaktId": f"VK{2025_0000 + i}",
            "Regionkod": region,
            "HSAIdRegion": f"SE23210000{region}-0000000001",
            "HSAIdVardgivare": f"SE23210000{region}-0000000002",
            "HSAIdVardenhet": f"SE23210000{region}-E{i % 4:04d}",
            "Sjukhus": hospital,
            "SjukhusNamn": f"{hospital_name}, {clinic}",
            "Vardgaranti": guarantee[i],
            "Fas": phase,
            "Mvo": _MVO[i % len(_MVO)],
            "Aktivitet": _ACTIVITIES[i % len(_ACTIVITIES)],
            "BeslutAktivitet": decided.strftime(form),
            "Remittenttyp": ("1", "2")[i % 2],
            "FodelseAr": str(1930 + 4 * i),
            "Kon": KON_SPELLINGS[i % len(KON_SPELLINGS)],
            "Lkf": ("1880", "0180", "2380", "0000")[i % 4],
        }
        deviation = AVVIKELSE_CODES[i % len(AVVIKELSE_CODES)]
        if deviation is not None:
            record["Avvikelse"] = deviation
        if phase == "4":
            record["MedicinsktMaldatum"] = (decided + timedelta(days=60)).strftime(form)
        if delivery == "genomforda":
            started = decided + timedelta(days=20 + 9 * i, hours=1)
            record["StartAktivitet"] = started.strftime(form)
        records.append(record)
    return records


def xml_attribute(value: str) -> str:
    r"""*value* as a double-quoted XML attribute value that reads back exactly.

    ``&``, ``<``, ``>`` and ``"`` are escaped, and so are tab, line feed and carriage return
    (``&#9;``, ``&#10;``, ``&#13;``), which a parser would otherwise turn into spaces.

    >>> xml_attribute('a<&>"\n')
    '"a&lt;&amp;&gt;&quot;&#10;"'
    """
    escaped = (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\t", "&#9;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
    )
    return f'"{escaped}"'


def national_xml(
    records: Sequence[Mapping[str, str]] | None = None,
    *,
    delivery: str = "vantande",
    namespace: str | None = "default",
    period: str | None = PERIOD_VALUE,
    encoding: str = "utf-8",
) -> bytes:
    """A delivery as the national format writes it: one ``Besok`` per line.

    Line 1 is the XML declaration, line 2 the root, line 3 ``Kontakt``, and the ``Besok`` of
    ``records[k]`` is on line ``FIRST_BESOK_LINE + k``.

    Args:
        records: the contacts (attribute name to value, in the order written); by default
            :func:`contacts` of the delivery.
        delivery: ``"vantande"`` or ``"genomforda"`` (the root element).
        namespace: ``"default"`` (``xmlns="..."``), ``"prefixed"`` (every element as
            ``ns:Name`` and ``xmlns:ns="..."``; attributes stay unprefixed, as RIV-TA writes
            them) or ``None`` (no namespace).
        period: the ``DatatGallerFor`` of ``Kontakt``; ``None`` leaves the attribute out.
        encoding: ``"utf-8"``, ``"utf-16"`` (with a byte-order mark) or ``"windows-1252"``;
            the declaration names it.

    Returns:
        The file's bytes.
    """
    _check_delivery(delivery)
    if records is None:
        records = contacts(delivery)
    uri = NAMESPACES[delivery]
    if namespace == "default":
        declare, tag = f' xmlns="{uri}"', ""
    elif namespace == "prefixed":
        declare, tag = f' xmlns:ns="{uri}"', "ns:"
    elif namespace is None:
        declare, tag = "", ""
    else:
        raise ValueError(f"namespace must be 'default', 'prefixed' or None, not {namespace!r}")
    root = tag + DELIVERY_ROOTS[delivery]
    kontakt = f' DatatGallerFor="{period}"' if period is not None else ""
    lines = [
        f'<?xml version="1.0" encoding="{encoding.upper()}"?>',
        f'<{root}{declare} ErsattningsId="E-TEST-1" LeveransReferens="fixture">',
        f"<{tag}Kontakt{kontakt}>",
    ]
    for record in records:
        attributes = " ".join(f"{key}={xml_attribute(value)}" for key, value in record.items())
        lines.append(f"<{tag}Besok {attributes}/>")
    lines += [f"</{tag}Kontakt>", f"</{root}>", ""]
    return "\n".join(lines).encode(encoding)


def csv_header(records: Sequence[Mapping[str, str]]) -> list[str]:
    """The columns of *records* as ``open_xml`` orders them: national variables, others, period.

    Args:
        records: the contacts.

    Returns:
        The national variables used (in the reference's order), then other names in order of
        first appearance, then ``DatatGallerFor``.
    """
    used = dict.fromkeys(key for record in records for key in record)
    national = [name for name in NATIONAL_VARIABLES if name in used]
    others = [name for name in used if name not in NATIONAL_VARIABLES and name != PERIOD]
    return [*national, *others, PERIOD]


def national_csv(
    records: Sequence[Mapping[str, str]] | None = None,
    *,
    delivery: str = "vantande",
    period: str = PERIOD_VALUE,
    delimiter: str = ";",
    line_ending: str = "\r\n",
) -> str:
    """The same contacts as a tabular export: variable names as headers, ``;``-separated.

    Args:
        records: the contacts; by default :func:`contacts` of the delivery.
        delivery: ``"vantande"`` or ``"genomforda"``.
        period: the ``DatatGallerFor`` column of every row.
        delimiter: the separator.
        line_ending: ``"\\r\\n"`` (Windows, the default) or ``"\\n"``.

    Returns:
        The text (columns as :func:`csv_header`; a value with the separator, a quote or a line
        break is quoted).
    """
    if records is None:
        records = contacts(delivery)
    header = csv_header(records)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=line_ending)
    writer.writerow(header)
    for record in records:
        writer.writerow([{**record, PERIOD: period}.get(name, "") for name in header])
    return out.getvalue()


def encode(text: str, encoding: str, *, bom: bool = False) -> bytes:
    """*text* in *encoding*, with the byte-order mark when *bom*.

    Args:
        text: the text.
        encoding: ``"utf-8"``, ``"cp1252"``, ``"utf-16-le"`` or ``"utf-16-be"``.
        bom: start with the byte-order mark of the encoding (not for ``cp1252``, which has
            none).

    Returns:
        The bytes.
    """
    marks = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}
    if bom and encoding not in marks:
        raise ValueError(f"{encoding} has no byte-order mark")
    return (marks[encoding] if bom else b"") + text.encode(encoding)


def windows_1252_csv(delivery: str = "vantande") -> bytes:
    """:func:`national_csv` as Excel's plain "CSV" writes it on a Swedish Windows (no mark)."""
    return encode(national_csv(delivery=delivery), "cp1252")


def utf16_csv(delivery: str = "vantande", *, bom: bool = True, byteorder: str = "little") -> bytes:
    """:func:`national_csv` as UTF-16 ("Unicode text"; Excel writes it little-endian, marked).

    Args:
        delivery: ``"vantande"`` or ``"genomforda"``.
        bom: start with the byte-order mark.
        byteorder: ``"little"`` or ``"big"``.

    Returns:
        The bytes.
    """
    encoding = "utf-16-le" if byteorder == "little" else "utf-16-be"
    return encode(national_csv(delivery=delivery), encoding, bom=bom)


def parse_timestamp(text: str) -> datetime:
    """A date-time in any of :data:`DATE_TIME_FORMS` (``"20250301"`` is midnight)."""
    for form in DATE_TIME_FORMS:
        try:
            return datetime.strptime(text, form)
        except ValueError:
            continue
    raise ValueError(f"not a date-time of the format: {text!r}")


_XLSX_DATES: Final = ("BeslutAktivitet", "StartAktivitet", "MedicinsktMaldatum")
_XLSX_NUMBERS: Final = ("Regionkod", "Fas", "Avvikelse", "FodelseAr", "Remittenttyp")


def national_xlsx(
    records: Sequence[Mapping[str, str]] | None = None,
    *,
    delivery: str = "vantande",
    period: str = PERIOD_VALUE,
    sheet: str = "Väntande",
) -> bytes:
    """The same contacts as an Excel workbook, as a region's Excel export would hold them.

    Row 1 is the header (:func:`csv_header`); the records follow from row 2, except that an
    empty row is left after the second record. ``BeslutAktivitet``, ``StartAktivitet``,
    ``MedicinsktMaldatum`` and ``DatatGallerFor`` are Excel dates (a date-time unless the text
    had no time), ``Regionkod``, ``Fas``, ``Avvikelse``, ``FodelseAr`` and ``Remittenttyp`` are
    numbers, everything else is text (``Lkf`` ``"0180"`` keeps its zero). Three formatted but
    empty rows follow the last record (what Excel leaves behind), and a second sheet
    ``"Genomförda"`` holds one row.

    Args:
        records: the contacts; by default :func:`contacts` of the delivery.
        delivery: ``"vantande"`` or ``"genomforda"``.
        period: the ``DatatGallerFor`` of every row.
        sheet: the first sheet's name.

    Returns:
        The workbook's bytes. :func:`expected_xlsx_rows` tells what reading it gives.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    if records is None:
        records = contacts(delivery)
    header = csv_header(records)
    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet
    worksheet.append(header)
    row = 2
    for number, record in enumerate(records):
        values = {**record, PERIOD: period}
        for column, name in enumerate(header, 1):
            worksheet.cell(row=row, column=column, value=_excel_value(name, values.get(name)))
        row += 2 if number == 1 else 1  # an empty row after the second record
    for extra in range(row, row + 3):
        worksheet.cell(row=extra, column=1).font = Font(bold=True)  # formatting, no value
    other = workbook.create_sheet("Genomförda")
    other.append(["VardkontaktId", "StartAktivitet"])
    other.append(["VK1", datetime(2025, 3, 4, 9, 0)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _excel_value(name: str, text: str | None) -> str | int | datetime | date | None:
    if text is None or text == "":
        return None
    if name in _XLSX_DATES or name == PERIOD:
        moment = parse_timestamp(text) if name != PERIOD else datetime.fromisoformat(text)
        return moment.date() if len(text) in (8, 10) else moment
    if name in _XLSX_NUMBERS:
        return int(text)
    return text


def expected_xlsx_rows(
    records: Sequence[Mapping[str, str]] | None = None,
    *,
    delivery: str = "vantande",
    period: str = PERIOD_VALUE,
) -> list[tuple[int, list[str]]]:
    """What ``open_xlsx`` gives for :func:`national_xlsx`: ``(row number, cells)``.

    Dates read back as ``YYYY-MM-DD`` (no time) or ``YYYY-MM-DDThh:mm:ss``, numbers without
    ``.0``; the empty row after the second record is an empty record; the formatted rows at
    the end are not records.
    """
    if records is None:
        records = contacts(delivery)
    header = csv_header(records)
    expected: list[tuple[int, list[str]]] = []
    row = 2
    for number, record in enumerate(records):
        values = {**record, PERIOD: period}
        cells = []
        for name in header:
            value = _excel_value(name, values.get(name))
            if isinstance(value, datetime):
                cells.append(value.isoformat(timespec="seconds"))
            elif isinstance(value, date):
                cells.append(value.isoformat())
            else:
                cells.append("" if value is None else str(value))
        expected.append((row, cells))
        row += 1
        if number == 1:
            expected.append((row, [""] * len(header)))
            row += 1
    return expected


# -- hostile files ------------------------------------------------------------------------------


def billion_laughs(levels: int = 10) -> bytes:
    """The "billion laughs" entity expansion: ``levels`` entities, each ten of the one before."""
    entities = ['<!ENTITY lol0 "lol">']
    for level in range(1, levels):
        entities.append(f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">')
    body = "\n".join(entities)
    root = DELIVERY_ROOTS["vantande"]
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE {root} [\n{body}\n]>\n'
        f'<{root}><Kontakt DatatGallerFor="&lol{levels - 1};"><Besok VardkontaktId="A"/>'
        f"</Kontakt></{root}>\n"
    ).encode()


def external_entity(target: str = "file:///etc/passwd") -> bytes:
    """A document whose ``Besok`` would take an attribute value from *target*, a file or URL."""
    root = DELIVERY_ROOTS["vantande"]
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE {root} [<!ENTITY secret SYSTEM "{target}">]>\n'
        f'<{root}><Kontakt DatatGallerFor="2025-03-01"><Besok VardkontaktId="&secret;"/>'
        f"</Kontakt></{root}>\n"
    ).encode()


def deeply_nested(depth: int = 10_000, *, contacts_first: int = 0) -> bytes:
    """A delivery with *contacts_first* ``Besok``, then elements nested *depth* deep.

    The nesting starts on line ``3 + contacts_first`` (the ``Besok`` are on lines 3 on), after
    the ``Kontakt`` (which holds ``Besok`` elements only), in the root: an extension (of a
    namespace of its own; the format's elements there are a ``Kontakt``).
    """
    root = DELIVERY_ROOTS["vantande"]
    besok = "".join(f'<Besok VardkontaktId="A{i}"/>\n' for i in range(contacts_first))
    return (
        f'<{root} xmlns:e="urn:extension">\n<Kontakt DatatGallerFor="2025-03-01">\n{besok}'
        "</Kontakt>" + "<e:x>" * depth + "</e:x>" * depth + f"\n</{root}>\n"
    ).encode()


def write_huge_attribute(
    path: Path, size: int = 100 << 20, *, contacts_first: int = 2, text: bool = False
) -> Path:
    """Write a delivery whose ``Besok`` number *contacts_first* + 1 has a *size*-byte attribute.

    Written in 1 MiB pieces (the file is never whole in memory). The good ``Besok`` are on
    lines 3, 4, ...; the huge one starts on line ``3 + contacts_first``.

    Args:
        path: where to write.
        size: the attribute value's length in bytes.
        contacts_first: the ordinary ``Besok`` before it.
        text: write the *size* bytes as whitespace between elements instead (which is
            harmless: a reader must accept it), followed by one more ordinary ``Besok``.

    Returns:
        *path*.
    """
    root = DELIVERY_ROOTS["vantande"]
    piece = (b" \n" if text else b"x") * (1 << 19)
    with path.open("wb") as out:
        out.write(f'<{root}>\n<Kontakt DatatGallerFor="2025-03-01">\n'.encode())
        for i in range(contacts_first):
            out.write(f'<Besok VardkontaktId="A{i}"/>\n'.encode())
        out.write(b"" if text else b'<Besok VardkontaktId="')
        left = size
        while left > 0:
            out.write(piece[: min(left, len(piece))])
            left -= len(piece)
        out.write(b'\n<Besok VardkontaktId="last"/>\n' if text else b'"/>\n')
        out.write(f"</Kontakt></{root}>\n".encode())
    return path


def broken_after(good: int, *, namespace: str | None = None) -> bytes:
    """A delivery with *good* ``Besok`` (lines 4 on), then a tag broken on the next line.

    The break is an attribute without a value, on line ``FIRST_BESOK_LINE + good``.
    """
    records = contacts()[:good]
    text = national_xml(records, namespace=namespace).decode()
    before, _, after = text.partition(f"</{'ns:' if namespace == 'prefixed' else ''}Kontakt>")
    return (before + '<Besok VardkontaktId="X" Fas/>\n</Kontakt>' + after).encode()


def truncated_after(good: int) -> bytes:
    """A delivery cut off after *good* ``Besok`` (lines 4 on): no closing tags."""
    text = national_xml(contacts()[:good], namespace=None).decode()
    return text.partition("</Kontakt>")[0].encode()


# -- large files ------------------------------------------------------------------------------


def write_large_xml(path: Path, count: int, *, delivery: str = "vantande") -> Path:
    """Write a delivery of *count* contacts (the fixture contacts repeated, ids made unique).

    Written in a stream, a thousand lines at a time. Each ``Besok`` takes about 500 bytes.

    Returns:
        *path*.
    """
    base = contacts(delivery)
    lines = national_xml(base[:1], delivery=delivery).decode().splitlines(keepends=True)
    head, tail = "".join(lines[: FIRST_BESOK_LINE - 1]), "".join(lines[FIRST_BESOK_LINE:])
    templates = [
        "<Besok "
        + " ".join(
            f"{key}={xml_attribute(value)}"
            for key, value in {**record, "VardkontaktId": "{id}"}.items()
        )
        + "/>\n"
        for record in base
    ]
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(head)
        batch: list[str] = []
        for i in range(count):
            batch.append(templates[i % len(templates)].replace("{id}", f"K{i:09d}", 1))
            if len(batch) == 1000:
                out.write("".join(batch))
                batch.clear()
        out.write("".join(batch))
        out.write(tail)
    return path


def _check_delivery(delivery: str) -> None:
    if delivery not in DELIVERY_ROOTS:
        raise ValueError(f"delivery must be 'vantande' or 'genomforda', not {delivery!r}")
