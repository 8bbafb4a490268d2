"""evaluate_frame: a waiting list in a data frame, evaluated as ``check`` evaluates a file.

The reference is ``check`` itself: a frame of the cells of a CSV file must give, row by row,
the results ``check`` writes for that file; frames of typed columns (dates, date-times,
numbers, booleans, categoricals) must give what their text would give.
"""

from __future__ import annotations

import builtins
import csv
import io
import random
import sys
import warnings
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Final

import pandas as pd
import polars as pl
import pyarrow as pa  # type: ignore[import-untyped]
import pytest

from tests import national_fixtures as nf
from tests.test_columnar import GENERATOR
from vardgaranti import EXAMPLE_AS_OF, Case, Policy, evaluate, example_waiting_list
from vardgaranti._frame import STATUSES, evaluate_frame
from vardgaranti._waiting_list import check_waiting_list
from vardgaranti.errors import (
    InvalidDateError,
    InvalidTypeError,
    InvalidValueError,
    VardgarantiError,
    WaitingListError,
)

AS_OF: Final = date(2025, 6, 2)
RESULTS: Final = (
    "deadline",
    "status",
    "days_waited",
    "days_left",
    "excluded_days",
    "care_elsewhere",
    "error",
)


def _checked(text: str, policy: Policy = Policy()) -> list[dict[str, str]]:  # noqa: B008
    output = io.StringIO(newline="")
    check_waiting_list(io.StringIO(text, newline=""), output, as_of=AS_OF, policy=policy)
    reader = csv.DictReader(io.StringIO(output.getvalue().removeprefix("\ufeff"), newline=""),
                            delimiter=";")  # fmt: skip
    return list(reader)


def _text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _as_written(frame: pl.DataFrame, columns: tuple[str, ...] = RESULTS) -> list[dict[str, str]]:
    return [
        {name: _text_of(value) for name, value in zip(columns, row, strict=True)}
        for row in frame.select(columns).rows()
    ]


def _frame_of(text: str) -> pl.DataFrame:
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
    header, body = rows[0], rows[1:]
    return pl.DataFrame(
        {name: [row[i] for row in body] for i, name in enumerate(header)},
        schema=dict.fromkeys(header, pl.String),
    )


def _generated(rows: int, seed: int, bad: float, costs: bool = False) -> str:
    rng = random.Random(seed)
    costs_rng = random.Random(seed + 1)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow((*GENERATOR.HEADER, "referred", "provider") if costs else GENERATOR.HEADER)
    for index in range(rows):
        row = GENERATOR.make_row(index, rng, AS_OF)
        row = GENERATOR.spoil(row, rng) if rng.random() < bad else row
        if costs:
            row += GENERATOR.referral(row, costs_rng, AS_OF)
        writer.writerow(row)
    return buffer.getvalue()


# -- the same results as check --------------------------------------------------------------------


@pytest.mark.parametrize("block_rows", [250_000, 7])
def test_a_frame_of_a_files_cells_gives_what_check_writes(block_rows: int) -> None:
    text = _generated(3000, seed=17, bad=0.1)
    done = evaluate_frame(_frame_of(text), as_of=AS_OF, block_rows=block_rows)
    written = [{name: row[name] for name in RESULTS} for row in _checked(text)]
    assert _as_written(done) == written


def test_a_frame_of_an_earlier_output_keeps_the_errors_of_rows_that_were_no_record() -> None:
    # as check keeps them (RowEvaluator.i_earlier): the frame's rows judged in columns took
    # the per-row path for them
    text = (
        "id;unit;level;start;note\nA1;Hud;visit;2025-03-01\nA2;Hud;visit;2025-03-01;ok\n"
        'A3;Hud;visit;2025-03-01;"x\nA4;Hud;visit;2025-03-01;y"\n'
    )
    output = io.StringIO(newline="")
    check_waiting_list(io.StringIO(text, newline=""), output, as_of=AS_OF)
    earlier = output.getvalue()
    frame = _frame_of(earlier)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (an earlier output's result columns: not a word)
        done = evaluate_frame(frame, as_of=AS_OF, block_rows=2)
    assert _as_written(done) == [{name: row[name] for name in RESULTS} for row in _checked(earlier)]
    assert [bool(error) for error in done["error"].fill_null("")] == [True, False, True, True]


def test_the_example_list_as_a_frame() -> None:
    text = example_waiting_list().read_text(encoding="utf-8-sig")
    done = evaluate_frame(_frame_of(text), as_of=EXAMPLE_AS_OF)
    output = io.StringIO(newline="")
    check_waiting_list(example_waiting_list(), output, as_of=EXAMPLE_AS_OF)
    written = list(
        csv.DictReader(io.StringIO(output.getvalue().removeprefix("\ufeff")), delimiter=";")
    )
    assert _as_written(done) == [{name: row[name] for name in RESULTS} for row in written]
    assert done["status"].value_counts().height > 3


def test_a_policy_is_applied() -> None:
    text = _generated(500, seed=3, bad=0.0)
    policy = Policy(roll_forward=True, at_risk_days=30)
    done = evaluate_frame(_frame_of(text), as_of=AS_OF, policy=policy)
    assert _as_written(done) == [
        {name: row[name] for name in RESULTS} for row in _checked(text, policy)
    ]


def test_the_national_format_adds_deviation_and_reason() -> None:
    text = nf.national_csv(nf.contacts())
    frame = _frame_of(text)
    done = evaluate_frame(frame, as_of=date(2025, 3, 31))
    output = io.StringIO(newline="")
    check_waiting_list(io.StringIO(text, newline=""), output, as_of=date(2025, 3, 31))
    written = list(csv.DictReader(io.StringIO(output.getvalue()), delimiter=";"))
    columns = (*RESULTS[:-1], "deviation", "reason", "error")
    assert done.columns[-len(columns) :] == list(columns)
    assert _as_written(done, columns) == [{name: row[name] for name in columns} for row in written]
    assert {"pvv", "mov"} <= set(done["deviation"].drop_nulls())
    assert "out-of-scope" in set(done["reason"].drop_nulls())


@pytest.mark.parametrize("block_rows", [250_000, 7])
def test_a_frame_naming_referrals_gets_the_costs_covered_check_writes(block_rows: int) -> None:
    # Referrals and providers (some rows spoilt, so some take the per-row path), a referral
    # that is not a date (the row's error, naming the column) and one before the start.
    text = _generated(3000, seed=23, bad=0.1, costs=True)
    text += "X1;Hud;visit;2025-01-02;;;;;;K1;n;20/4;Capio\r\n"
    text += "X2;Hud;visit;2025-01-02;;;;;;K1;n;2024-12-30;Capio\r\n"
    done = evaluate_frame(_frame_of(text), as_of=AS_OF, block_rows=block_rows)
    columns = (*RESULTS[:-1], "costs_covered", "error")
    assert done.columns[-len(columns) :] == list(columns)
    assert done.schema["costs_covered"] == pl.String
    written = [{name: row[name] for name in columns} for row in _checked(text)]
    assert _as_written(done, columns) == written
    found = done["costs_covered"].value_counts().rows()
    assert {value for value, _count in found} == {"yes", "no", None}
    assert done["error"][-2].startswith("referred: '20/4' is not a date")
    assert done["costs_covered"][-1] is None


def test_a_pandas_frame_naming_referrals_gets_costs_covered_as_text() -> None:
    text = _generated(200, seed=5, bad=0.0, costs=True)
    frame = _frame_of(text).to_pandas()
    done = evaluate_frame(frame, as_of=AS_OF)
    assert str(done["costs_covered"].dtype) == "large_string[pyarrow]"  # as the error column
    assert done["costs_covered"].dtype == done["error"].dtype
    written = [row["costs_covered"] or None for row in _checked(text)]
    assert [None if pd.isna(value) else value for value in done["costs_covered"]] == written


@pytest.mark.parametrize(("first", "second"), [("referred", "provider"), ("unit", "provider"),
                                               ("unit", "completed"), ("completed", "booked"),
                                               ("completed", "referred")])  # fmt: skip
def test_a_column_a_profile_names_for_two_fields_gives_what_check_writes(
    tmp_path: Path, first: str, second: str
) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text(
        f'name = "Delad"\n[columns]\nid = "Nr"\nlevel = "Typ"\nstart = "Start"\n'
        f'{first} = "Rem"\n{second} = "Rem"\n',
        encoding="utf-8",
    )
    cells = ["2025-03-01", "", "Capio", "2025-01-01"]
    text = "Nr;Typ;Start;Rem\r\n" + "".join(
        f"{i};visit;2025-01-02;{cell}\r\n" for i, cell in enumerate(cells)
    )
    if "provider" in (first, second) and "referred" not in (first, second):
        with pytest.warns(UserWarning, match="names who gave care elsewhere"):  # (check's note)
            done = evaluate_frame(_frame_of(text), as_of=AS_OF, profile=profile)
    else:
        done = evaluate_frame(_frame_of(text), as_of=AS_OF, profile=profile)
    output = io.StringIO(newline="")
    check_waiting_list(io.StringIO(text, newline=""), output, as_of=AS_OF, profile=profile)
    written = list(csv.DictReader(io.StringIO(output.getvalue()), delimiter=";"))
    columns = tuple(name for name in written[0] if name not in ("Nr", "Typ", "Start", "Rem"))
    assert done.columns[-len(columns) :] == list(columns)
    assert _as_written(done, columns) == [{name: row[name] for name in columns} for row in written]


# -- every row, in order, in the same library ------------------------------------------------------


def _small() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "note": ["a", "b", "c", None],
            "id": ["A", "B", "C", None],
            "level": ["besök", "besk", "visit", None],
            "start": [date(2025, 3, 1), date(2025, 3, 1), date(2025, 3, 5), None],
            "exclusions": ["", "", "mov:2025-04-01..2025-04-10", None],
        }
    )


def test_a_polars_frame_gets_typed_result_columns_after_its_own() -> None:
    done = evaluate_frame(_small(), as_of=AS_OF)
    assert done.columns == [*_small().columns, *RESULTS]
    assert done.schema["deadline"] == pl.Date
    assert done.schema["status"] == pl.Enum(STATUSES)
    assert done.schema["days_waited"] == pl.Int32
    assert done.schema["care_elsewhere"] == pl.Boolean
    assert done.select(
        "deadline", "status", "days_waited", "days_left", "excluded_days"
    ).rows() == [
        (date(2025, 5, 30), "overdue", 93, None, 0),
        (None, None, None, None, None),
        (date(2025, 6, 13), "at_risk", 79, 11, 10),
        (None, None, None, None, None),
    ]
    assert done["error"].to_list()[1].startswith("level: unknown level 'besk'")
    assert done["error"][3] is None  # a row of only blank cells is no error


@pytest.mark.parametrize("library", ["polars", "pandas"])
def test_a_row_blank_where_it_is_read_is_no_error_only_when_blank_everywhere(
    library: str,
) -> None:
    # As check: a row of only blank cells is no patient; a row with a note and nothing the
    # evaluation reads is one, with its error. (The rows blank where they are read are looked at
    # in one gather, not one by one: 100,000 trailing blank rows of an Excel export took 4.4 s.)
    frame = pl.DataFrame(
        {
            "id": ["A", None, None, None, "", None],
            "level": ["besök", None, None, " ", None, None],
            "start": [date(2025, 3, 1), None, None, None, None, None],
            "note": [None, None, "ring", None, "  ", None],
        }
    )
    given: Any = frame.to_pandas() if library == "pandas" else frame
    done = evaluate_frame(given, as_of=AS_OF, block_rows=2)
    errors = list(done["error"])
    assert [isinstance(error, str) for error in errors] == [False, False, True, False, False, False]
    assert errors[2].startswith("level: ")


def test_block_rows_past_polars_integers_is_the_whole_frame_at_once() -> None:
    # 2**64 rows at a time raised a bare OverflowError from polars' slice
    done = evaluate_frame(_small(), as_of=AS_OF, block_rows=2**64)
    assert done.equals(evaluate_frame(_small(), as_of=AS_OF))


def test_a_pandas_frame_keeps_its_index_and_gets_nullable_columns() -> None:
    frame = _small().to_pandas().set_axis(pd.Index([10, 20, 30, 40]))
    done = evaluate_frame(frame, as_of=AS_OF)
    assert isinstance(done, pd.DataFrame)
    assert list(done.index) == [10, 20, 30, 40]
    assert list(done.columns) == [*frame.columns, *RESULTS]
    assert str(done["deadline"].dtype) == "date32[day][pyarrow]"
    assert list(done["status"].cat.categories) == list(STATUSES)
    assert str(done["days_waited"].dtype) == "int32[pyarrow]"
    assert str(done["care_elsewhere"].dtype) == "bool[pyarrow]"
    assert done.loc[30, "excluded_days"] == 10
    assert done["days_waited"].isna().tolist() == [False, True, False, True]
    assert done.loc[30, "status"] == "at_risk"


def test_a_pyarrow_table_stays_a_table() -> None:
    done = evaluate_frame(_small().to_arrow(), as_of=AS_OF)
    assert isinstance(done, pa.Table)
    assert done.column_names == [*_small().columns, *RESULTS]
    assert done.schema.field("deadline").type == pa.date32()
    assert done.column("days_left").to_pylist() == [None, None, 11, None]
    # the status an unordered dictionary, as pandas' category is, with no polars metadata, and
    # signed indices (unsigned ones, polars', pyarrow before 23 cannot turn into pandas' codes)
    status = done.schema.field("status")
    assert status.type == pa.dictionary(pa.int16(), pa.large_string(), ordered=False)
    assert status.metadata is None
    assert done.column("status").to_pandas().dtype.ordered is False


def test_result_columns_already_there_are_replaced_not_doubled() -> None:
    frame = _small().with_columns(pl.lit("old").alias("Status"), pl.lit(1).alias("error"))
    with pytest.warns(UserWarning, match="have the names of result columns") as caught:
        done = evaluate_frame(frame, as_of=AS_OF)
    assert done.columns == [*_small().columns, *RESULTS]
    assert [str(warning.message) for warning in caught] == [
        "data frame: the columns 'Status', 'error' have the names of result columns: "
        "evaluate_frame puts its own results there, and the columns' values are not in the "
        "result (rename them to keep them)"
    ]


def test_a_frame_evaluated_before_is_evaluated_again_without_a_warning() -> None:
    """Every result column there (an earlier result): replaced, as documented, and not a word."""
    once = evaluate_frame(_small(), as_of=AS_OF)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        twice = evaluate_frame(once, as_of=date(2025, 7, 1))
    assert twice.columns == once.columns
    assert twice["days_waited"].to_list() != once["days_waited"].to_list()


def test_one_column_named_as_a_result_column_is_warned_of_by_its_name() -> None:
    frame = _small().with_columns(pl.lit("egen").alias("status"))
    with pytest.warns(UserWarning, match=r"the column 'status' has the name of a result column"):
        evaluate_frame(frame, as_of=AS_OF)


def test_providers_without_referral_dates_are_warned_of_as_check_notes_them() -> None:
    """Every provider is read as the patient's own choice ('no'): check says so, the frame
    API said nothing."""
    frame = pl.DataFrame({"id": ["A"], "level": ["visit"], "start": ["2025-01-10"],
                          "completed": ["2025-05-02"], "provider": ["Capio"]})  # fmt: skip
    with pytest.warns(UserWarning, match=r"data frame: the column 'provider' names who gave"):
        done = evaluate_frame(frame, as_of=AS_OF)
    assert done["costs_covered"].to_list() == ["no"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        evaluate_frame(frame.with_columns(pl.lit(None, pl.String).alias("referred")), as_of=AS_OF)


def test_a_pandas_frame_keeps_its_attrs_and_its_columns_name() -> None:
    frame = _small().to_pandas()
    frame.attrs = {"source": "Region X, export 2025-06-02"}
    frame.columns.name = "fält"
    done = evaluate_frame(frame, as_of=AS_OF)
    assert done.attrs == {"source": "Region X, export 2025-06-02"}
    assert done.columns.name == "fält"
    done.attrs["source"] = "changed"  # (a copy: the input's stay)
    assert frame.attrs == {"source": "Region X, export 2025-06-02"}


def test_a_pyarrow_table_keeps_its_metadata_and_so_the_pandas_index() -> None:
    """A pandas frame to Arrow and back keeps its index: the schema's ``pandas`` metadata."""
    frame = _small().to_pandas().set_axis(pd.Index(list("wxyz"), name="key"))
    table = pa.Table.from_pandas(frame)
    field = table.schema.field("id").with_metadata({"unit": "none"})
    table = table.set_column(table.schema.get_field_index("id"), field, table.column("id"))
    done = evaluate_frame(table, as_of=AS_OF)
    assert done.schema.metadata == table.schema.metadata
    assert done.schema.field("id").metadata == {b"unit": b"none"}
    back = done.to_pandas()
    assert back.index.name == "key"
    assert list(back.index) == list("wxyz")
    assert list(back.columns) == [*frame.columns, *RESULTS]
    assert back["days_left"].tolist()[2] == 11


def test_an_empty_frame_gets_the_result_columns() -> None:
    done = evaluate_frame(_small().head(0), as_of=AS_OF)
    assert done.height == 0
    assert done.columns == [*_small().columns, *RESULTS]
    empty = evaluate_frame(_small().head(0).to_pandas(), as_of=AS_OF)
    assert list(empty.columns) == [*_small().columns, *RESULTS]


# -- typed columns are read as their text ----------------------------------------------------------


def test_dates_date_times_numbers_and_booleans_are_read_as_their_text() -> None:
    typed = pl.DataFrame(
        {
            "id": [1, 2, 3],
            "level": pl.Series(["contact", "assessment", "visit"], dtype=pl.Categorical),
            "start": [
                datetime(2025, 5, 20, 8),
                datetime(2025, 5, 28, 23, 59),
                datetime(2025, 3, 1),
            ],
            "completed": [None, date(2025, 5, 30), None],
            "listed": [False, True, None],
        }
    )
    text = pl.DataFrame(
        {
            "id": ["1", "2", "3"],
            "level": ["contact", "assessment", "visit"],
            "start": ["2025-05-20", "2025-05-28", "2025-03-01"],
            "completed": ["", "2025-05-30", ""],
            "listed": ["false", "true", ""],
        }
    )
    by_type = evaluate_frame(typed, as_of=AS_OF).select(RESULTS)
    by_text = evaluate_frame(text, as_of=AS_OF).select(RESULTS)
    assert by_type.rows() == by_text.rows()
    assert by_type["status"].to_list() == ["not_covered", "met", "overdue"]


def test_a_date_time_in_stockholm_time_is_read_by_its_date_there() -> None:
    frame = pl.DataFrame(
        {
            "id": ["A"],
            "level": ["visit"],
            "start": pl.Series([datetime(2025, 3, 1, 23, 30, tzinfo=UTC)]).dt.convert_time_zone(
                "Europe/Stockholm"
            ),
        }
    )
    done = evaluate_frame(frame, as_of=AS_OF)
    assert done["deadline"].to_list() == [date(2025, 5, 31)]  # started 2 March, Stockholm time


@pytest.mark.parametrize("library", ["polars", "pandas", "pyarrow"])
@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Tokyo"])
def test_a_moment_in_any_time_zone_is_read_by_its_date_in_stockholm(
    library: str, zone: str
) -> None:
    # as evaluate() reads an aware datetime: 23:30 UTC on 28 February is 1 March in Sweden
    starts = [datetime(2025, 2, 28, 23, 30, tzinfo=UTC), datetime(2025, 6, 30, 22, 30, tzinfo=UTC)]
    completed = [datetime(2025, 5, 30, 23, 30, tzinfo=UTC), None]  # 31 May in Sweden: missed
    frame = pl.DataFrame(
        {
            "id": ["A", "B"],
            "level": ["visit", "visit"],
            "start": pl.Series(starts).dt.convert_time_zone(zone),
            "completed": pl.Series(completed, dtype=pl.Datetime("us", "UTC")).dt.convert_time_zone(
                zone
            ),
        }
    )
    given: Any = frame
    if library == "pandas":
        given = frame.to_pandas()
    elif library == "pyarrow":
        given = frame.to_arrow()
    result: Any = evaluate_frame(given, as_of=date(2025, 8, 1))
    done: Any = result
    if library == "pandas":
        done = pl.from_pandas(result)
    elif library == "pyarrow":
        done = pl.from_arrow(result)
    cases = [
        Case(level="visit", start=starts[0], completed=completed[0]),
        Case(level="visit", start=starts[1]),
    ]
    expected = [evaluate(case, as_of=date(2025, 8, 1)) for case in cases]
    assert done["deadline"].to_list() == [r.deadline for r in expected]
    assert done["deadline"].to_list() == [date(2025, 5, 30), date(2025, 9, 29)]
    assert done["status"].to_list() == [r.status.value for r in expected] == ["missed", "within"]


def test_pandas_object_and_datetime_columns_are_read() -> None:
    frame = pd.DataFrame(
        {
            "id": ["A", "B"],
            "level": ["visit", "treatment"],
            "start": pd.to_datetime(["2025-04-01 00:00", "2025-04-01 14:00"]),
            "booked": [date(2025, 7, 2), None],  # after the deadline (2025-06-30): at risk
        }
    )
    done = evaluate_frame(frame, as_of=AS_OF)
    assert list(done["status"]) == ["at_risk", "within"]


# -- refused ----------------------------------------------------------------------------------


@pytest.mark.parametrize("thing", [[{"id": "A"}], "id;level;start\n", 42])
def test_something_else_than_a_frame_is_refused(thing: object) -> None:
    with pytest.raises(InvalidTypeError, match=r"takes a pandas or polars DataFrame") as raised:
        evaluate_frame(thing, as_of=AS_OF)
    assert raised.value.field == "frame"  # named, as every other argument is (a review)
    assert str(raised.value).startswith("frame: evaluate_frame() takes")


@pytest.mark.parametrize("lazy", ["polars", "narwhals"])
def test_a_lazy_frame_is_refused_naming_the_argument(lazy: str) -> None:
    polars_lazy = _small().lazy()
    frame: object = polars_lazy
    if lazy == "narwhals":
        import narwhals as nw

        frame = nw.from_native(polars_lazy)
    with pytest.raises(InvalidTypeError, match=r"collect") as raised:
        evaluate_frame(frame, as_of=AS_OF)
    assert raised.value.field == "frame"


def test_a_dask_frame_or_an_arrow_batch_is_refused_saying_what_to_do() -> None:
    # "not DataFrame" refused a DataFrame: the type's module tells Dask's from pandas'
    dd = pytest.importorskip("dask.dataframe")
    frame = _small().to_pandas()
    with pytest.raises(InvalidTypeError) as raised:
        evaluate_frame(dd.from_pandas(frame, npartitions=1), as_of=AS_OF)
    assert "not dask." in str(raised.value)
    assert "map evaluate_frame over its partitions (frame.map_partitions(" in str(raised.value)
    with pytest.raises(InvalidTypeError, match=r"not pyarrow\.lib\.RecordBatch: make it a Table"):
        evaluate_frame(pa.RecordBatch.from_pandas(frame), as_of=AS_OF)


def test_result_columns_named_twice_in_any_case_are_refused_as_check_refuses_them() -> None:
    # `Error` and `error`: both were dropped for the result's own (with a warning), where
    # check refuses the header ("appears twice"); two user columns went into one
    frame = _small().with_columns(pl.lit("e").alias("Error"), pl.lit("f").alias("error"))
    with pytest.raises(WaitingListError, match=r"appears twice .*'Error' and 'error'") as raised:
        evaluate_frame(frame, as_of=AS_OF)
    assert raised.value.field == "error"


def test_a_multiindex_holding_the_columns_is_named_whole() -> None:
    frame = _small().to_pandas().set_index(["id", "level"])
    with pytest.raises(WaitingListError) as raised:
        evaluate_frame(frame, as_of=AS_OF)
    assert str(raised.value).endswith(
        "; the frame's index holds 'id' and 'level': frame.reset_index() makes them columns"
    )


def test_columns_that_fit_no_profile_are_a_one_line_error() -> None:
    with pytest.raises(WaitingListError, match=r"^data frame: required column") as raised:
        evaluate_frame(pl.DataFrame({"id": ["A"], "start": ["2025-03-01"]}), as_of=AS_OF)
    assert "\n" not in str(raised.value)


def test_a_column_held_in_a_pandas_index_is_pointed_to() -> None:
    """``df.set_index("id")`` leaves no ``id`` column: the error says where it went."""
    frame = _small().to_pandas().set_index("id")
    with pytest.raises(WaitingListError) as raised:
        evaluate_frame(frame, as_of=AS_OF)
    assert str(raised.value).startswith("data frame: required column(s) 'id' missing")
    assert str(raised.value).endswith(
        "; the frame's index is 'id': frame.reset_index() makes it a column"
    )
    done = evaluate_frame(frame.reset_index(), as_of=AS_OF)
    whole = evaluate_frame(_small().to_pandas(), as_of=AS_OF)
    assert done["status"].astype(str).tolist() == whole["status"].astype(str).tolist()
    # an index with another name: no word of it
    with pytest.raises(WaitingListError) as raised:
        evaluate_frame(frame.reset_index(drop=True).rename_axis("rad"), as_of=AS_OF)
    assert "index" not in str(raised.value)


def test_a_known_column_twice_is_refused() -> None:
    frame = pd.DataFrame(
        [["A", "visit", "2025-03-01", "x"]], columns=["id", "level", "start", "Level"]
    )
    with pytest.raises(WaitingListError, match=r"^Level: the column appears twice") as raised:
        evaluate_frame(frame, as_of=AS_OF)
    assert raised.value.field == "Level"
    assert "('level' and 'Level'" in str(raised.value)


def test_a_column_of_lists_is_refused_naming_it() -> None:
    frame = _small().with_columns(pl.Series("level", [["visit"]] * 4))
    with pytest.raises(InvalidTypeError, match=r"^level: the column holds List") as raised:
        evaluate_frame(frame, as_of=AS_OF)
    assert raised.value.field == "level"


@pytest.mark.parametrize(
    ("block_rows", "error"),
    [
        (0, InvalidValueError),
        (-1, InvalidValueError),
        (1.5, InvalidTypeError),
        (True, InvalidTypeError),
    ],
)
def test_block_rows_must_be_a_positive_whole_number(
    block_rows: Any, error: type[VardgarantiError]
) -> None:
    with pytest.raises(error, match="block_rows") as raised:
        evaluate_frame(_small(), as_of=AS_OF, block_rows=block_rows)
    assert raised.value.field == "block_rows"


@pytest.mark.parametrize("library", ["pandas", "pyarrow"])
def test_a_frame_with_two_columns_of_one_name_is_refused_naming_it(library: str) -> None:
    # (polars cannot hold such a frame; narwhals refused them with its own error)
    rows = [["A", "visit", "2025-03-01", "x", "y"]]
    names = ["id", "level", "start", "note", "note"]
    frame: Any = pd.DataFrame(rows, columns=names)
    if library == "pyarrow":
        frame = pa.table([[cell] for cell in rows[0]], names=names)
    with pytest.raises(
        WaitingListError, match="more than one column of the data frame has the name 'note'"
    ) as raised:
        evaluate_frame(frame, as_of=AS_OF)
    assert raised.value.field == "note"


def test_a_string_as_of_is_refused_like_everywhere() -> None:
    with pytest.raises(InvalidTypeError):
        evaluate_frame(_small(), as_of="2025-06-02")  # type: ignore[arg-type]


def test_without_the_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_narwhals(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "narwhals":
            raise ImportError("no narwhals here")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_narwhals)
    monkeypatch.delitem(sys.modules, "narwhals", raising=False)
    with pytest.raises(WaitingListError, match=r"needs the 'polars' extra"):
        evaluate_frame(_small(), as_of=AS_OF)


# -- a distributed frame, partition by partition ---------------------------------------------------


def test_dask_partitions_give_what_the_whole_frame_gives() -> None:
    dd = pytest.importorskip("dask.dataframe")
    frame = _frame_of(_generated(400, seed=8, bad=0.1)).to_pandas()
    whole = evaluate_frame(frame, as_of=AS_OF)
    parts = dd.from_pandas(frame, npartitions=4)
    meta = evaluate_frame(frame.head(0), as_of=AS_OF)
    done = parts.map_partitions(evaluate_frame, as_of=AS_OF, meta=meta).compute()
    assert list(done.columns) == list(whole.columns)
    assert done[list(RESULTS)].astype(str).equals(whole[list(RESULTS)].astype(str))


def test_a_frame_that_fits_no_profile_is_told_the_api_parameter_not_the_option() -> None:
    with pytest.raises(WaitingListError, match="fit no profile") as raised:
        evaluate_frame(pl.DataFrame({"a": [1]}), as_of=AS_OF)
    assert "give profile='FILE.toml' for another layout" in str(raised.value)
    assert "--profile" not in str(raised.value)


def test_a_typed_date_is_read_whatever_the_profiles_text_formats(tmp_path: Path) -> None:
    # A profile whose dates are written 03/03/2025 refused every typed date ("'2025-03-03' is
    # not a date in the form %d/%m/%Y"): a frame's Date column, a workbook's date cell.
    from vardgaranti._profiles import DayReader

    profile = tmp_path / "region.toml"
    profile.write_text(
        'name = "region"\n[columns]\nid = "id"\nlevel = "level"\nstart = "start"\n'
        'completed = "done"\n[dates]\nformats = ["%d/%m/%Y"]\n',
        encoding="utf-8",
    )
    frame = pl.DataFrame(
        {"id": ["A", "B"], "level": ["visit", "visit"], "start": [date(2025, 3, 3), None],
         "done": [None, date(2025, 4, 1)]},
    )  # fmt: skip
    frame = frame.with_columns(pl.col("start").cast(pl.Date), pl.col("done").cast(pl.Date))
    result = evaluate_frame(frame, as_of=date(2025, 6, 2), profile=str(profile))
    assert result["deadline"].to_list()[0] == date(2025, 6, 1)
    assert result["error"].to_list()[0] in (None, "")
    # As text: the profile's form, and YYYY-MM-DD; not a form of its own %Y- format.
    read = DayReader(("%d/%m/%Y",))
    assert read("03/03/2025", "start") == read("2025-03-03", "start") == date(2025, 3, 3)
    assert read("2025-03-03T10:30:00", "start") == date(2025, 3, 3)  # a date-time cell
    own = DayReader(("%Y-%d-%m",))
    assert own("2025-03-04", "start") == date(2025, 4, 3)
    with pytest.raises(InvalidDateError):
        own("2025-01-13", "start")  # (no month 13: never read as 13 January)
    timed = DayReader(("%Y-%m-%d %H:%M",))  # (reads no typed date as another day)
    assert timed("2025-03-03", "start") == date(2025, 3, 3)


def test_a_misspelt_optional_column_in_a_frame_warns_as_check_notes_it() -> None:
    frame = pl.DataFrame({"id": ["A"], "level": ["visit"], "start": ["2024-10-01"],
                          "Completd": ["2025-01-10"]})  # fmt: skip
    with pytest.warns(UserWarning, match=r"the column 'Completd' is not read; did you mean "
                      r"'completed'\?"):  # fmt: skip
        done = evaluate_frame(frame, as_of=AS_OF)
    assert done["Completd"].to_list() == ["2025-01-10"]  # kept, as every column not read
