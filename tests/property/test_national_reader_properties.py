"""Every national contact comes out once, in order, as CSV and as XML, whatever its values.

The national delivery (national-reporting.md) is read by two readers, the CSV export and the
XML: for generated contacts (any phase, any spelling of yes and no, any deviation code, dates in
every form the format allows or not a date at all, ids and names with quotes, delimiters, line
breaks and non-ASCII letters), ``check`` writes one row per contact, in the order of the file,
with the contact's own id and cells, and each row is judged or carries an error naming why.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests import national_fixtures as nf
from vardgaranti._waiting_list import check_waiting_list, escape_formula

PROPERTY = settings(max_examples=60, deadline=None)
AS_OF = date(2025, 3, 31)

#: Text a contact's free cells may hold: letters of the format's names, the CSV's delimiter and
#: quote, a line break, and the characters XML escapes.
_FREE = st.text(
    alphabet=st.sampled_from(list("abcÅÄÖåäö 09;,\"\n<>&'-")), min_size=1, max_size=12
).filter(lambda text: text.strip() != "")


@st.composite
def contacts(draw: st.DrawFn) -> list[dict[str, str]]:
    """1-8 national contacts with values drawn from the format's codes and beyond."""
    base = nf.contacts("vantande")
    count = draw(st.integers(min_value=1, max_value=8))
    records = []
    for i in range(count):
        record = dict(base[draw(st.integers(0, len(base) - 1))])
        record["VardkontaktId"] = f"{draw(_FREE)}#{i}"  # distinct, whatever they hold
        record["SjukhusNamn"] = draw(_FREE)
        record["Fas"] = draw(st.sampled_from([*nf.PHASES, "", "9"]))
        record["Vardgaranti"] = draw(
            st.sampled_from([*nf.VARDGARANTI_YES, *nf.VARDGARANTI_NO, "", "kanske"])
        )
        decided = datetime(2024, 6, 1, 8, 0) + timedelta(minutes=draw(st.integers(0, 400_000)))
        form = draw(st.sampled_from(nf.DATE_TIME_FORMS))
        record["BeslutAktivitet"] = draw(
            st.sampled_from([decided.strftime(form), "", "2025-02-30T08:00:00", "igår"])
        )
        deviation = draw(st.sampled_from([None, *[c for c in nf.AVVIKELSE_CODES if c], "7"]))
        record.pop("Avvikelse", None)
        if deviation is not None:
            record["Avvikelse"] = deviation
        records.append(record)
    return records


def _checked(data: bytes, name: str) -> list[list[str]]:
    source = io.BytesIO(data)
    source.name = name
    output = io.StringIO(newline="")
    check_waiting_list(source, output, as_of=AS_OF)
    text = output.getvalue().removeprefix("\ufeff")  # (Excel's mark, for a workbook's reader)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


@PROPERTY
@given(contacts(), st.sampled_from(["csv", "xml"]))
def test_every_national_contact_comes_out_once_in_order_with_its_cells(
    records: list[dict[str, str]], kind: str
) -> None:
    if kind == "csv":
        data = nf.national_csv(records).encode("utf-8")
    else:
        data = nf.national_xml(records, delivery="vantande")
    header, *rows = _checked(data, f"leverans.{kind}")
    assert len(rows) == len(records)  # one row per contact, none lost, none made
    at = {name: i for i, name in enumerate(header)}
    given = header[: at["deadline"]]  # (the contacts' variables, then the results)
    for record, row in zip(records, rows, strict=True):
        assert len(row) == len(header)
        for name in given:
            # the contact's own cells, every one, in order: a variable it does not give
            # (Avvikelse) is empty, never another contact's (one a spreadsheet would run,
            # made text)
            expected = nf.PERIOD_VALUE if name == "DatatGallerFor" else record.get(name, "")
            assert row[at[name]] == escape_formula(expected), name
        judged, error = row[at["status"]], row[at["error"]]
        assert (judged == "") != (error == ""), row  # judged, or an error saying why
        # an unknown code is an error naming the variable; a phase outside the guarantee's
        # levels is out of scope whatever its Vardgaranti (reading-your-export.md)
        if record["Fas"] == "9" or (
            record["Vardgaranti"] == "kanske" and record["Fas"] in ("1", "2")
        ):
            assert error != "", row  # (this one, or another of the row's: the first found)
        if record["Fas"] in ("3", "4", "5") and not error:
            assert judged == "not_covered", row
        if error:
            assert error.split(":", 1)[0] in header, error  # it names the variable
