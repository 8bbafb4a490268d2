"""evaluate_frame: cells of typed and mixed columns read as ``check`` reads the same cells.

A float column (pandas makes a column of integers with a blank a float one), a NaN, a pandas
``object`` column of mixed values (as ``read_excel`` gives): each must give, row by row, what
``check`` gives for the same data written as CSV (or the same workbook). And the errors about a
column of the frame name it in ``field``.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

import narwhals.stable.v2 as nw
import numpy as np
import openpyxl
import pandas as pd
import polars as pl
import pyarrow as pa  # type: ignore[import-untyped]
import pytest

from vardgaranti._frame import evaluate_frame
from vardgaranti._waiting_list import check_waiting_list
from vardgaranti.errors import InvalidTypeError, InvalidValueError

AS_OF: Final = date(2025, 6, 2)
#: The result columns that check writes and evaluate_frame adds (those of the frame compared).
RESULTS: Final = (
    "deadline",
    "status",
    "days_waited",
    "days_left",
    "excluded_days",
    "care_elsewhere",
    "deviation",
    "reason",
    "error",
)


def _checked(source: str | Path) -> list[dict[str, str]]:
    """What check writes for a CSV text (or a workbook's path): its result cells per row."""
    output = io.StringIO(newline="")
    given = io.StringIO(source, newline="") if isinstance(source, str) else source
    check_waiting_list(given, output, as_of=AS_OF)
    reader = csv.DictReader(io.StringIO(output.getvalue().removeprefix("\ufeff"), newline=""),
                            delimiter=";")  # fmt: skip
    return [{name: row[name] for name in RESULTS if name in row} for row in reader]


def _text_of(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _written(done: Any) -> list[dict[str, str]]:
    """The result columns of an evaluated frame (of any library) as check writes them."""
    if isinstance(done, pd.DataFrame):
        names = [name for name in RESULTS if name in done.columns]
        rows = done[names].astype(object).itertuples(index=False, name=None)
    else:
        frame = done if isinstance(done, pl.DataFrame) else pl.from_arrow(done)
        assert isinstance(frame, pl.DataFrame)
        names = [name for name in RESULTS if name in frame.columns]
        rows = iter(frame.select(names).rows())
    return [{name: _text_of(value) for name, value in zip(names, row, strict=True)} for row in rows]


def _in(library: str, frame: pl.DataFrame) -> Any:
    if library == "pandas":
        return frame.to_pandas()
    if library == "pyarrow":
        return frame.to_arrow()
    return frame


def _errors(done: Any) -> list[str]:
    return [row["error"] for row in _written(done)]


# -- a float column of whole numbers is read as integers (1.0 is 1) --------------------------------

NATIONAL_CSV: Final = (
    "VardkontaktId;Fas;BeslutAktivitet;Avvikelse;Vardgaranti\r\n"
    "1;1;2025-03-01;;\r\n"
    "2;1;2025-03-01;1;\r\n"
    "3;1;2025-03-01;;1\r\n"
    "4;2;2025-03-01;;2\r\n"
    "5;;2025-03-01;;\r\n"
)
NATIVE_CSV: Final = (
    "id;level;start;listed;booked\r\n"
    "A;contact;2025-06-02;1;\r\n"
    "B;contact;2025-06-02;;\r\n"
    "C;contact;2025-06-02;0;\r\n"
    "D;visit;2025-05-20;;20250604\r\n"
    "E;visit;;;\r\n"
)
#: Starts written as YYYYMMDD, one blank.
STARTS_CSV: Final = "id;level;start\r\nA;visit;20250301\r\nB;visit;20250520\r\nC;visit;\r\n"


@pytest.mark.parametrize(
    "text", [NATIONAL_CSV, NATIVE_CSV, STARTS_CSV], ids=["national", "native", "starts"]
)
def test_a_pandas_column_of_integers_with_a_blank_gives_what_check_gives_for_the_csv(
    text: str,
) -> None:
    frame = pd.read_csv(io.StringIO(text), sep=";")
    assert "float64" in {str(dtype) for dtype in frame.dtypes}  # the blanks made floats
    done = evaluate_frame(frame, as_of=AS_OF)
    assert _written(done) == _checked(text)
    assert not any(_errors(done)[:2])


@pytest.mark.parametrize("library", ["polars", "pandas", "pyarrow"])
def test_a_float_column_of_whole_numbers_is_read_as_integers(library: str) -> None:
    as_text = pl.DataFrame(
        {
            "id": ["A", "B", "C", "D"],
            "level": ["contact", "contact", "visit", "visit"],
            "start": ["20250602", "20250602", "20250301", "20250301"],
            "listed": ["1", "0", "", "1"],
        }
    )
    as_floats = as_text.with_columns(
        pl.Series("start", [20250602.0, 20250602.0, 20250301.0, 20250301.0]),
        pl.Series("listed", [1.0, 0.0, None, 1.0]),
    )
    done = evaluate_frame(_in(library, as_floats), as_of=AS_OF)
    assert _written(done) == _written(evaluate_frame(as_text, as_of=AS_OF))
    assert _errors(done) == ["", "", "", ""]


def test_a_float32_column_is_read_by_its_own_text() -> None:
    frame = pl.DataFrame(
        {
            "id": ["A", "B", "C"],
            "level": ["visit"] * 3,
            "start": pl.Series([1.0, 0.1, 16777218.0], dtype=pl.Float32),
        }
    )
    errors = _errors(evaluate_frame(frame, as_of=AS_OF))
    assert errors[0].startswith("start: '1' is not a date")
    assert errors[1].startswith("start: '0.1' is not a date")  # not 0.10000000149011612
    # beyond 2**24 a float32 may not be the integer it was made from: its text, not an integer
    assert errors[2].startswith("start: '16777218.0' is not a date")


@pytest.mark.parametrize("library", ["polars", "pandas", "pyarrow"])
def test_a_float_that_is_not_a_whole_number_keeps_its_text(library: str) -> None:
    # the text a CSV file of these numbers holds (never an integer the float is not)
    numbers = [1.5, 1e20, 2.0**53 + 2, float("inf"), -0.0, 2.0**53]
    frame = pl.DataFrame(
        {"id": list("ABCDEF"), "level": ["visit"] * 6, "start": pl.Series(numbers)}
    )
    errors = _errors(evaluate_frame(_in(library, frame), as_of=AS_OF))
    quoted = [error.split("'")[1] for error in errors]
    assert quoted == ["1.5", "1e+20", "9007199254740994.0", "inf", "0", "9007199254740992"]


def test_a_float_column_gives_what_check_gives_for_the_same_numbers_in_a_csv() -> None:
    frame = pd.DataFrame(
        {
            "id": ["A", "B", "C", "D"],
            "level": ["contact", "contact", "visit", "visit"],
            "start": ["2025-06-02", "2025-06-02", "2025-03-01", "2025-03-01"],
            "listed": [1.0, 1.5, None, 0.0],
        }
    )
    text = "id;level;start;listed\r\n" + "".join(
        f"{row}\r\n"
        for row in (
            "A;contact;2025-06-02;1",
            "B;contact;2025-06-02;1.5",
            "C;visit;2025-03-01;",
            "D;visit;2025-03-01;0",
        )
    )
    done = _written(evaluate_frame(frame, as_of=AS_OF))
    written = _checked(text)
    assert done == written
    assert written[1]["error"].startswith("listed: '1.5' is not yes")


# -- NaN is blank ---------------------------------------------------------------------------------


@pytest.mark.parametrize("library", ["polars", "pandas", "pyarrow"])
def test_nan_in_a_float_column_is_blank(library: str) -> None:
    nan = float("nan")
    floats = pa.array([nan, 1.0, None], from_pandas=False)  # a NaN that is not a null
    frame = pl.DataFrame(
        {
            "id": ["A", "B", "C"],
            "level": ["contact"] * 3,
            "start": ["2025-06-02"] * 3,
            "listed": pl.from_arrow(floats),
        }
    )
    given: Any = _in(library, frame)
    if library == "pandas":
        given["listed"] = pd.arrays.ArrowExtensionArray(pa.chunked_array([floats]))
        assert given["listed"].isna().tolist() == [False, False, True]  # a NaN, not an NA
    elif library == "pyarrow":
        assert given.column("listed").null_count == 1
    done = evaluate_frame(given, as_of=AS_OF)
    text = "id;level;start;listed\r\nA;contact;2025-06-02;\r\nB;contact;2025-06-02;1\r\n"
    text += "C;contact;2025-06-02;\r\n"
    assert _written(done) == _checked(text)
    assert _errors(done) == ["", "", ""]
    assert _written(done)[0]["status"] == "at_risk"


# -- a column of mixed values is read cell by cell ------------------------------------------------


def test_a_pandas_object_column_of_mixed_values_gives_each_row_its_result_or_error() -> None:
    frame = pd.DataFrame(
        {
            "id": ["A", "B", "C", "D", "E", "F", "G"],
            "level": pd.Series(["visit", "visit", 3, "visit", "visit", "visit", 2.0], dtype=object),
            "start": pd.Series(
                [
                    datetime(2025, 3, 1, 8, 30),
                    "31/12/2025",
                    date(2025, 3, 1),
                    pd.Timestamp("2025-02-28 23:30", tz="UTC"),  # 1 March in Sweden
                    pd.NaT,
                    None,
                    20250301,
                ],
                dtype=object,
            ),
        }
    )
    done = evaluate_frame(frame, as_of=AS_OF)
    text = "id;level;start\r\n" + "".join(
        f"{row}\r\n"
        for row in (
            "A;visit;2025-03-01",
            "B;visit;31/12/2025",
            "C;3;2025-03-01",
            "D;visit;2025-03-01",
            "E;visit;",
            "F;visit;",
            "G;2;20250301",
        )
    )
    assert _written(done) == _checked(text)
    errors = _errors(done)
    assert errors[0] == errors[3] == ""
    assert errors[1].startswith("start: '31/12/2025' is not a date")
    assert errors[2].startswith("level: unknown level '3'")
    assert errors[6].startswith("level: unknown level '2'")


def test_a_workbook_read_by_pandas_gives_what_check_gives_for_the_workbook(
    tmp_path: Path,
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in (
        ["id", "level", "start", "listed"],
        ["A", "visit", datetime(2025, 3, 1), None],
        ["B", "visit", "31/12/2025", None],
        ["C", "besök", datetime(2025, 3, 2, 14, 0), None],
        ["D", "contact", datetime(2025, 6, 2), 1],
        ["E", "contact", datetime(2025, 6, 2), "nej"],
        ["F", 3, "2025-03-01", None],
    ):
        sheet.append(row)
    path = tmp_path / "mixed.xlsx"
    workbook.save(path)
    frame = pd.read_excel(path)
    done = evaluate_frame(frame, as_of=AS_OF)
    assert _written(done) == _checked(path)
    assert [bool(error) for error in _errors(done)] == [False, True, False, False, False, True]


def test_a_polars_object_column_is_read_cell_by_cell() -> None:
    frame = pl.DataFrame(
        {
            "id": ["A", "B"],
            "level": ["visit", "visit"],
            "start": pl.Series([datetime(2025, 3, 1, tzinfo=UTC), "x"], dtype=pl.Object),
        }
    )
    errors = _errors(evaluate_frame(frame, as_of=AS_OF))
    assert errors[0] == ""
    assert errors[1].startswith("start: 'x' is not a date")


def test_a_cell_that_is_neither_text_a_date_nor_a_number_names_only_its_column() -> None:
    frame = pd.DataFrame(
        {
            "id": ["A", "B"],
            "level": pd.Series(["visit", 3], dtype=object),  # read cell by cell, as it can be
            "start": pd.Series(["2025-03-01", ["2025-03-01"]], dtype=object),
        }
    )
    with pytest.raises(
        InvalidTypeError, match=r"^start: the column holds a list in row 1"
    ) as raised:
        evaluate_frame(frame, as_of=AS_OF)
    assert raised.value.field == "start"
    assert "level" not in str(raised.value)
    # (a review: "holds a Interval in row 1" - the article, and from where rows are counted)
    frame["start"] = pd.Series(["2025-03-01", pd.Interval(0, 1)], dtype=object)
    with pytest.raises(InvalidTypeError) as raised:
        evaluate_frame(frame, as_of=AS_OF)
    assert str(raised.value).startswith(
        "start: the column holds an Interval in row 1 (counted from 0): Interval(0, 1, "
    )


# -- the errors about a column name it; a lazy frame ----------------------------------------------


@pytest.mark.parametrize(
    ("column", "values"),
    [("exclusions", [[1, 2]]), ("booked", [{"x": 1}]), ("completed", [b"2025-03-01"])],
)
def test_a_column_of_another_type_is_refused_with_its_name_as_the_field(
    column: str, values: list[Any]
) -> None:
    frame = pl.DataFrame({"id": ["A"], "level": ["visit"], "start": ["2025-03-01"]})
    with pytest.raises(InvalidTypeError, match=rf"^{column}: the column holds") as raised:
        evaluate_frame(frame.with_columns(pl.Series(column, values)), as_of=AS_OF)
    assert raised.value.field == column


@pytest.mark.parametrize("library", ["pandas", "pyarrow"])
def test_two_columns_of_one_name_set_the_field(library: str) -> None:
    names = ["id", "level", "start", "start"]
    cells = ["A", "visit", "2025-03-01", "2025-03-02"]
    frame: Any = pd.DataFrame([cells], columns=names)
    if library == "pyarrow":
        frame = pa.table([[cell] for cell in cells], names=names)
    with pytest.raises(Exception, match="more than one column") as raised:
        evaluate_frame(frame, as_of=AS_OF)
    assert getattr(raised.value, "field", None) == "start"


def test_a_column_twice_by_case_sets_the_field() -> None:
    frame = pl.DataFrame(
        {"id": ["A"], "level": ["visit"], "start": ["2025-03-01"], "Start": ["2025-03-02"]}
    )
    with pytest.raises(Exception, match="appears twice") as raised:
        evaluate_frame(frame, as_of=AS_OF)
    assert getattr(raised.value, "field", None) == "Start"


def test_a_lazy_frame_is_told_to_collect_first() -> None:
    lazy = pl.LazyFrame({"id": ["A"], "level": ["visit"], "start": ["2025-03-01"]})
    with pytest.raises(InvalidTypeError, match=r"call \.collect\(\) on it first"):
        evaluate_frame(lazy, as_of=AS_OF)


# -- from a review: mixed date-time columns, arrays, panics, long doubles, narwhals -------------


@pytest.mark.parametrize(
    ("starts", "expected"),
    [
        # a naive date-time by its own date, an aware one by its date in Stockholm: 1 March
        # 00:30 in Stockholm is 28 February 23:30 UTC
        (
            [datetime(2025, 2, 28, 23, 30),
             datetime(2025, 3, 1, 0, 30, tzinfo=ZoneInfo("Europe/Stockholm"))],
            [date(2025, 5, 29), date(2025, 5, 30)],
        ),
        (
            [datetime(2025, 2, 28, 23, 30, tzinfo=UTC), datetime(2025, 2, 28, 23, 30)],
            [date(2025, 5, 30), date(2025, 5, 29)],
        ),
        (
            [date(2025, 2, 1), datetime(2025, 2, 28, 23, 30, tzinfo=UTC)],
            [date(2025, 5, 2), date(2025, 5, 30)],
        ),
    ],
    ids=["naive-then-aware", "aware-then-naive", "date-then-aware"],
)  # fmt: skip
def test_an_object_column_of_aware_and_naive_moments_is_read_value_by_value(
    starts: list[object], expected: list[date]
) -> None:
    # Arrow gave such a column one type: every value at the first one's hour or cut to its
    # UTC date, without a word (the deadline a day early or late).
    frame = pd.DataFrame(
        {"id": ["A", "B"], "level": ["besök", "besök"], "start": pd.Series(starts, dtype=object)}
    )
    done = evaluate_frame(frame, as_of=AS_OF)
    assert list(done["deadline"]) == expected


@pytest.mark.parametrize(
    "categorical", [False, True, "ordered"], ids=["object", "category", "ordered"]
)
@pytest.mark.parametrize(
    ("column", "values", "error"),
    [
        # read_excel's date column with a cell typed as a number: Arrow made the column dates
        # and read 20160 as days since 1970 (2025-03-13), a date nobody wrote
        ("start", [date(2025, 2, 1), 20160], "start: '20160' is not a date"),
        ("start", [datetime(2025, 2, 1, 8), 45717.5], "start: '45717.5' is not a date"),
        # (microseconds since 1970 for a date-time: 1970-01-01, before the start)
        ("booked", [datetime(2025, 5, 20), 45824], "booked: '45824' is not a date"),
        ("completed", [date(2025, 3, 1), 20200], "completed: '20200' is not a date"),
    ],
)  # fmt: skip
def test_a_number_among_dates_in_a_column_is_the_rows_error_not_days_since_1970(
    column: str, values: list[object], error: str, categorical: bool | str
) -> None:
    cells: dict[str, Any] = {"id": ["A", "B"], "level": ["besök", "besök"],
                             "start": [date(2025, 2, 1)] * 2}  # fmt: skip
    if categorical:  # (an ordered one is an Enum to narwhals)
        ordered = categorical == "ordered"
        cells[column] = pd.Series(pd.Categorical(values, categories=values, ordered=ordered))
    else:
        cells[column] = pd.Series(values, dtype=object)
    frame = pd.DataFrame(cells)
    done = evaluate_frame(frame, as_of=AS_OF)
    assert pd.isna(done["error"][0]) or done["error"][0] == ""
    assert done["error"][1].startswith(error)
    assert pd.isna(done["deadline"][1])
    # as check reads the same cells written as CSV
    text = frame.astype(str).to_csv(sep=";", index=False)
    assert _checked(text)[1]["error"].startswith(error)


def test_a_categorical_of_aware_and_naive_moments_is_read_value_by_value() -> None:
    # 23:30 UTC on 28 February is 1 March in Stockholm (deadline 30 May), as in an object
    # column; a categorical column was read by its UTC date (29 May)
    starts = [datetime(2025, 3, 1, 8), datetime(2025, 2, 28, 23, 30, tzinfo=UTC)]
    for column in (
        pd.Series(starts, dtype=object),
        pd.Series(pd.Categorical(starts)),
        pd.Series(pd.Categorical(starts, categories=starts, ordered=True)),
    ):
        frame = pd.DataFrame({"id": ["A", "B"], "level": ["besök"] * 2, "start": column})
        done = evaluate_frame(frame, as_of=AS_OF)
        assert list(done["deadline"]) == [date(2025, 5, 30), date(2025, 5, 30)]


def test_a_numpy_float32_among_other_numbers_keeps_the_float32_rule() -> None:
    # float32 cannot hold 20250303 (it holds 20250304.0): refused in a float32 column, and in
    # an object column beside a float, which Arrow made a column of float64
    value = np.float32(20250303)
    for column in (
        pd.Series([value, value], dtype="float32"),
        pd.Series([value, 1.5], dtype=object),
    ):
        frame = pd.DataFrame({"id": ["A", "B"], "level": ["besök"] * 2, "start": column})
        done = evaluate_frame(frame, as_of=AS_OF)
        assert pd.isna(done["deadline"][0])  # (it was read as 2025-03-04 beside the float)
        assert "is not a date" in done["error"][0]


def test_dates_with_blanks_in_an_object_column_stay_on_the_fast_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # None, NaN, NaT and pd.NA are blanks, not a second kind of value: read through Arrow
    import vardgaranti._frame as frames

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("read cell by cell")

    monkeypatch.setattr(frames, "_by_cell", never)
    starts = pd.Series([date(2025, 2, 1), None, float("nan"), pd.NaT, pd.NA], dtype=object)
    frame = pd.DataFrame({"id": list("ABCDE"), "level": ["besök"] * 5, "start": starts})
    done = evaluate_frame(frame, as_of=AS_OF)
    assert done["deadline"][0] == date(2025, 5, 2)
    assert all(done["error"][1:] == "start: the date is empty")


def test_an_all_blank_row_beside_a_column_of_arrays_gets_its_error() -> None:
    table = pa.table(
        {"id": ["A", None], "level": ["besök", None], "start": ["2025-03-01", None],
         "tags": [["x"], ["y", "z"]]}
    )  # fmt: skip
    done = evaluate_frame(table.to_pandas(), as_of=AS_OF)
    assert done["status"][0] == "overdue"
    assert pd.isna(done["status"][1])
    assert done["error"][1].startswith("level: empty")


def test_a_decimal256_column_is_read_not_a_panic(capfd: pytest.CaptureFixture[str]) -> None:
    table = pa.table(
        {"id": ["1", "2"], "level": ["besök", "besök"],
         "start": pa.array([Decimal("20250301"), None], pa.decimal256(40, 0))}
    )  # fmt: skip
    done = evaluate_frame(table, as_of=AS_OF)
    assert done.column("deadline").to_pylist() == [date(2025, 5, 30), None]
    # polars' converter is not tried on it: no panic printed to standard error
    assert "panicked" not in capfd.readouterr().err


def test_a_long_double_and_decimals_are_read_as_a_csv_holds_them() -> None:
    frame = pd.DataFrame(
        {
            "id": ["A", "B"],
            "level": ["contact", "contact"],
            "start": ["2025-06-02", "2025-06-02"],
            "listed": pd.Series([1.0, 0.0], dtype=np.longdouble),
        }
    )
    assert _errors(evaluate_frame(frame, as_of=AS_OF)) == ["", ""]
    mixed = frame.assign(listed=pd.Series([Decimal("1"), "0"], dtype=object))
    assert _errors(evaluate_frame(mixed, as_of=AS_OF)) == ["", ""]
    # a decimal with a scale is its number, as a float's 1.0 is 1 (it was "1.0": a row error)
    scaled = frame.assign(listed=pd.Series([Decimal("1.0"), Decimal("0.00")], dtype=object))
    assert _errors(evaluate_frame(scaled, as_of=AS_OF)) == ["", ""]
    table = pa.table(
        {"id": ["A", "B"], "level": ["contact", "contact"], "start": ["2025-06-02"] * 2,
         "listed": pa.array([Decimal("1.0"), Decimal("0.0")], pa.decimal128(5, 1))}
    )  # fmt: skip
    assert _errors(evaluate_frame(table, as_of=AS_OF)) == ["", ""]


def test_a_narwhals_lazy_frame_is_told_to_collect_and_an_eager_one_comes_back() -> None:
    source = pl.DataFrame({"id": ["A"], "level": ["visit"], "start": ["2025-03-01"]})
    with pytest.raises(InvalidTypeError, match="collect it first"):
        evaluate_frame(nw.from_native(source.lazy()), as_of=AS_OF)
    pandas_lazy = nw.from_native(source.to_pandas(), eager_only=True).lazy()
    assert pandas_lazy.implementation is nw.Implementation.PANDAS  # (not polars')
    with pytest.raises(InvalidTypeError, match="collect it first"):
        evaluate_frame(pandas_lazy, as_of=AS_OF)
    done = evaluate_frame(nw.from_native(source, eager_only=True), as_of=AS_OF)
    assert isinstance(done, nw.DataFrame)
    assert done["deadline"].to_list() == [date(2025, 5, 30)]


def test_an_aware_moment_outside_the_years_in_sweden_is_the_rows_error_not_a_crash() -> None:
    # A "no date" placeholder 9999-12-31 23:59 UTC is 10000-01-01 in Sweden: an OverflowError
    # stopped the whole call when the column was read cell by cell; a typed column named the
    # year 10000 as '+10000-01-01' (not the moment check writes for the same text).
    placeholder = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
    expected = "'9999-12-31T23:59:00+00:00' is a moment whose day in Sweden is outside the years"
    mixed = pd.Series([placeholder, "2025-06-16"], dtype=object)
    typed = pd.Series([placeholder, datetime(2025, 6, 16, tzinfo=UTC)])
    for booked in (mixed, typed):
        frame = pd.DataFrame({"id": ["A", "B"], "level": ["besök"] * 2,
                              "start": ["2025-03-01"] * 2, "booked": booked})  # fmt: skip
        errors = evaluate_frame(frame, as_of=AS_OF)["error"].tolist()
        assert errors[0].startswith(f"booked: {expected}"), errors
        assert pd.isna(errors[1]) or errors[1] == "", errors


def test_text_that_is_not_unicode_names_its_column_not_a_codec_error() -> None:
    # (a lone surrogate, as text decoded with surrogateescape holds for a byte it could not)
    start = pd.Series(["2025-03-01\udcff", "2025-03-01"], dtype=object)
    frame = pd.DataFrame({"id": ["A", "B"], "level": ["besök"] * 2, "start": start})
    with pytest.raises(InvalidValueError) as caught:
        evaluate_frame(frame, as_of=AS_OF)
    assert caught.value.field == "start"
    assert "row 0" in str(caught.value)
    assert "not Unicode text" in str(caught.value)


@pytest.mark.parametrize("library", ["polars", "pandas"])
def test_a_typed_date_is_read_as_its_day_with_a_profile_whose_format_reads_iso_otherwise(
    tmp_path: Path, library: str
) -> None:
    # A profile reading %Y-%d-%m read a Date column's 2025-03-04 as 3 April, without a word.
    profile = tmp_path / "ydm.toml"
    profile.write_text(
        'name = "ydm"\n[columns]\nid = "id"\nlevel = "level"\nstart = "start"\ncompleted = "done"'
        '\n[dates]\nformats = ["%Y-%d-%m"]\n',
        encoding="utf-8",
    )
    columns = {"id": ["A", "B", "C"], "level": ["visit"] * 3,
               "start": [datetime(2025, 3, 4), datetime(2025, 3, 13), datetime(2025, 3, 4, 23, 30)],
               "done": [date(2025, 3, 5), None, None]}  # fmt: skip
    wanted = ["deadline", "status", "days_waited", "error"]
    if library == "polars":
        frame = pl.DataFrame(columns).with_columns(pl.col("done").cast(pl.Date))
        rows = evaluate_frame(frame, as_of=AS_OF, profile=str(profile)).select(wanted).rows()
    else:
        result = evaluate_frame(pd.DataFrame(columns), as_of=AS_OF, profile=str(profile))
        rows = list(result[wanted].itertuples(index=False))
    deadlines = [row[0] for row in rows]
    assert [str(day)[:10] for day in deadlines] == ["2025-06-02", "2025-06-11", "2025-06-02"]
    assert [row[1] for row in rows] == ["met", "at_risk", "at_risk"]  # (no booking, 14 days)
    assert rows[0][2] == 1
    # the same days as text in the profile's form
    text = pl.DataFrame({"id": ["A"], "level": ["visit"], "start": ["2025-04-03"], "done": [""]})
    assert evaluate_frame(text, as_of=AS_OF, profile=str(profile))["deadline"][0] == date(
        2025, 6, 2
    )


def test_a_typed_date_is_written_in_a_dated_format_of_the_profile_never_a_timed_or_short_one(
    tmp_path: Path,
) -> None:
    # A format with a time made polars refuse the Date column (ComputeError, the whole call);
    # one with %y wrote 1965 as 65, read back as 2065.
    from vardgaranti._profiles import typed_format

    assert typed_format(("%Y-%d-%m %H:%M", "%Y-%d-%m")) == "%Y-%d-%m"
    assert typed_format(("%d.%m.%y", "%Y-%d-%m")) == "%Y-%d-%m"
    profile = tmp_path / "p.toml"
    profile.write_text(
        'name = "p"\n[columns]\nid = "id"\nlevel = "level"\nstart = "start"\n'
        '[dates]\nformats = ["%Y-%d-%m %H:%M", "%d.%m.%y", "%Y-%d-%m"]\n',
        encoding="utf-8",
    )
    frame = pd.DataFrame({"id": ["A", "B"], "level": ["visit"] * 2,
                          "start": pd.to_datetime(["2025-03-04", "1965-05-01"])})  # fmt: skip
    result = evaluate_frame(frame, as_of=AS_OF, profile=str(profile))
    assert str(result["deadline"][0])[:10] == "2025-06-02"
    assert pd.isna(result["deadline"][1])  # (1965: no rule in force, the row's error)
    assert "1965-05-01" in str(result["error"][1])


@pytest.mark.parametrize("library", ["polars", "pandas"])
def test_a_boolean_column_is_yes_and_no_under_a_profile_with_its_own_spellings(
    tmp_path: Path, library: str
) -> None:
    # A review: with yes = ["J"] and no = ["N"], a Boolean `listed` read as 'true' and 'false'
    # made every row an error ("'true' is not yes (j) or no (n)"); a typed boolean is no guess.
    profile = tmp_path / "jn.toml"
    profile.write_text(
        'name = "jn"\nyes = ["J"]\nno = ["N"]\n[columns]\nid = "id"\nlevel = "level"\n'
        'start = "start"\nlisted = "listad"\n',
        encoding="utf-8",
    )
    data = {"id": ["A", "B"], "level": ["assessment"] * 2, "start": ["2025-05-30"] * 2,
            "listad": [True, False]}  # fmt: skip
    frame: Any = pl.DataFrame(data) if library == "polars" else pd.DataFrame(data)
    result = evaluate_frame(frame, as_of=date(2025, 6, 2), profile=str(profile))
    statuses = [str(status) for status in list(result["status"])]
    assert statuses == ["at_risk", "not_covered"]  # (not listed: not covered, from 2022-07-01)
    assert [error for error in list(result["error"]) if isinstance(error, str) and error] == []
    # the profile's own spellings still decide, and other text is still refused
    text = pl.DataFrame({**data, "listad": ["N", "kanske"]})
    errors = list(evaluate_frame(text, as_of=date(2025, 6, 2), profile=str(profile))["error"])
    assert errors[0] in ("", None)
    assert errors[1] is not None
    assert "'kanske' is not yes (j) or no (n)" in errors[1]
