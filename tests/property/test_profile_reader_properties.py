"""The profile reader (a region's own export, described by a TOML profile): one output row per
input record, in order, with its id, whatever the column names, level codes and cells hold.

A profile is generated (column names with quotes, å/ä/ö, delimiters and blanks; level codes of
any text; a date format), written to a TOML file (so the profile goes through the TOML reader
and its quoting too) and a file in its layout is checked. For the rows whose cells are valid
the deadline is worked out here: the start read by the format, plus 90 days for a first visit
or treatment; an ``out-of-scope`` code is ``not_covered``.
"""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import event, given, settings
from hypothesis import strategies as st

from vardgaranti._waiting_list import check_waiting_list

PROPERTY = settings(max_examples=100, deadline=None)
AS_OF = date(2025, 6, 2)
NAME_TEXT = st.text(alphabet=st.sampled_from(list("abcÅÄÖåäö \"';,#[]{}.=\\\t")), max_size=8)
FORMATS = {"%d/%m/%Y": "%d/%m/%Y", "%Y%m%d": "%Y%m%d", "iso": "%Y-%m-%d"}


def _toml_string(text: str) -> str:
    """*text* as a TOML basic string: quote and backslash escaped, control characters (DEL
    too, which TOML forbids raw) as ``\\uXXXX``."""
    escaped = "".join(
        "\\" + char
        if char in '"\\'
        else f"\\u{ord(char):04x}"
        if ord(char) < 0x20 or char == "\x7f"
        else char
        for char in text
    )
    return f'"{escaped}"'


@st.composite
def profiled_files(draw: st.DrawFn) -> tuple[str, list[str], list[list[str]], list[object]]:
    names = draw(st.lists(NAME_TEXT, min_size=3, max_size=3))
    columns = [f"K{i} {name}".strip() for i, name in enumerate(names)]  # distinct, non-empty
    codes = draw(st.lists(st.text(min_size=1, max_size=6).map(str.strip).filter(bool),
                          min_size=3, max_size=3, unique_by=str.casefold))  # fmt: skip
    meanings = ["visit", "treatment", "out-of-scope"]
    form = draw(st.sampled_from(sorted(FORMATS)))
    profile = (
        'name = "Hypotes"\n[columns]\n'
        f"id = {_toml_string(columns[0])}\nlevel = {_toml_string(columns[1])}\n"
        f"start = {_toml_string(columns[2])}\n[levels]\n"
        + "".join(
            f"{_toml_string(c)} = {_toml_string(m)}\n" for c, m in zip(codes, meanings, strict=True)
        )
        + f"[dates]\nformats = [{_toml_string(form)}]\n"
    )
    rows: list[list[str]] = []
    expected: list[object] = []  # per row: a deadline, "not_covered", or None (not checked)
    for number in range(draw(st.integers(0, 15))):
        kind = draw(st.integers(0, 2))
        start = draw(st.dates(date(2023, 1, 1), date(2025, 6, 1)))
        garbage = draw(st.booleans() | st.just(False))
        cell = draw(st.text(max_size=6)) if garbage else start.strftime(FORMATS[form])
        rows.append([f"R{number}", codes[kind], cell])
        if garbage:
            expected.append(None)
        elif meanings[kind] == "out-of-scope":
            expected.append("not_covered")
        else:
            expected.append(start + timedelta(days=90))
    return profile, columns, rows, expected


@PROPERTY
@given(profiled_files(), st.sampled_from([";", ","]), st.booleans())
def test_profile_reader_one_row_per_record_in_order(
    drawn: tuple[str, list[str], list[list[str]], list[object]], delimiter: str, ended: bool
) -> None:
    profile, columns, rows, expected = drawn
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows([columns, *rows])
    if not ended:  # the last record without a line end (never drawn before: a review)
        text = io.StringIO(text.getvalue().removesuffix("\r\n"), newline="")
    output = io.StringIO(newline="")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "profile.toml")
        path.write_text(profile, encoding="utf-8")
        summary = check_waiting_list(
            io.StringIO(text.getvalue(), newline=""), output, as_of=AS_OF, profile=path
        )
    out = list(csv.DictReader(io.StringIO(output.getvalue(), newline=""), delimiter=delimiter))
    assert summary.rows == len(rows)
    assert [line[columns[0]] for line in out] == [row[0] for row in rows]
    for line, want in zip(out, expected, strict=True):
        if want is None:
            event("garbage start")
            continue
        assert line["error"] == "", line
        if want == "not_covered":
            assert line["status"] == "not_covered"
        else:
            assert isinstance(want, date)
            assert line["deadline"] == want.isoformat()
        event(f"checked {want if isinstance(want, str) else 'deadline'}")
