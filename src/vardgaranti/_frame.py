"""Data frames in, data frames out: a waiting list held in pandas, polars or pyarrow.

:func:`evaluate_frame` evaluates every row of a data frame with the same core and the same
columnar engine as ``vardgaranti check --engine columnar``
(:class:`~vardgaranti._columnar.BlockEvaluator`: plans per distinct key by the core, the per-row
judgement in columns, anything unusual row by row through the core), and hands back a frame of
the same library with the result columns added.

The frame layer is `narwhals <https://narwhals-dev.github.io/narwhals/>`_: one small,
dependency-free, well-kept library that speaks pandas, polars, pyarrow (and modin, cuDF) natively,
so the library needs no hard dependency on any of them. The evaluation itself runs on polars,
the engine ``check`` uses (the ``polars`` extra); a frame of another library is handed to it
through Arrow (pyarrow, which pandas ≥ 3 uses for its strings anyway).
"""

from __future__ import annotations

import copy
import math
import numbers
import sys
import warnings
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final, TypeVar

from ._case import is_missing
from ._checks import whole_number
from ._columnar import BlockEvaluator, Keys, KeyTable, polars_module
from ._core import Policy, Status, check_policy, check_rules
from ._costs import costs_covered
from ._dates import as_date, stockholm
from ._profiles import Profile, check_profile, choose_profile, typed_format
from ._rows import RESULT_COLUMNS, result_columns
from ._rules import NATIONAL, RuleSet
from ._text import column_key, echo, shorten
from ._waiting_list import costs_note, is_empty, resembled_notes
from .errors import InvalidTypeError, InvalidValueError, VardgarantiError, WaitingListError

if TYPE_CHECKING:
    import polars as pl

__all__ = ["STATUSES", "evaluate_frame"]

#: The values of the ``status`` column, in order (its categories).
STATUSES: Final = tuple(status.value for status in Status)
#: The most characters of a row's error message (as ``check`` writes it).
_ERROR_LIMIT: Final = 1000
_EXTRA: Final = (
    "evaluate_frame() needs the 'polars' extra (polars and narwhals): "
    "pip install 'vardgaranti[polars]'"
)

FrameT = TypeVar("FrameT")


def _narwhals() -> ModuleType:
    try:
        import narwhals
    except ImportError:
        raise WaitingListError(_EXTRA) from None
    return narwhals


def evaluate_frame(
    frame: FrameT,
    *,
    as_of: date,
    profile: str | Path | Profile = "auto",
    rules: RuleSet = NATIONAL,
    policy: Policy = Policy(),  # noqa: B008 - frozen, safe as a default
    block_rows: int = 250_000,
) -> FrameT:
    """Evaluate every row of a waiting list held in a data frame.

    The frame's columns are read by a profile, exactly as ``vardgaranti check`` reads a file's
    (``auto``: the native columns or the national format, by the column names): text cells as
    they are, date and date-time columns by their date, other columns as their text (a float
    that is a whole number as an integer: ``1.0`` is ``1``; a column of mixed values cell by
    cell, also a pandas ``object`` column of dates and date-times, each aware one by its date
    in Europe/Stockholm and each naive one by its own date); nulls and NaN are blank. Every row
    is kept, in order; the result columns are added after the frame's own (replacing columns
    of the same names, as ``check`` does, with a ``UserWarning`` naming them unless they are
    every result column: an earlier result evaluated again):

    ==========================  =================================================================
    ``deadline``                the deadline, a date (null when the guarantee does not apply)
    ``status``                  ``within``, ``at_risk``, ``overdue``, ``met``, ``missed``,
                                ``not_covered`` or ``deviation`` (categorical)
    ``days_waited``             days waited, excluded days not counted (nullable integer)
    ``days_left``               days left to the deadline (open cases not overdue)
    ``excluded_days``           days the exclusions moved the deadline
    ``care_elsewhere``          care with another provider is due (boolean)
    ``deviation``, ``reason``   the national format's deviation code and why a contact is not
                                covered (the ``skr`` profile only)
    ``costs_covered``           ``yes`` (referred under the guarantee: the region pays the
                                extra costs), ``no`` (the patient's own choice of provider),
                                else null; only for a frame with a ``referred`` or ``provider``
                                column, as ``check`` (:func:`~vardgaranti.decide_costs`)
    ``error``                   why the row could not be evaluated (naming its column), else null
    ==========================  =================================================================

    A row of only blank cells has no results and no error, as in ``check``.

    Args:
        frame: a pandas or polars DataFrame, or a pyarrow Table (any eager frame narwhals
            supports).
        as_of: the day the status is for.
        profile: how to read the columns: ``auto``, ``native``, ``skr``, a profile file or a
            :class:`~vardgaranti.Profile`.
        rules: the rule set.
        policy: roll-forward and the at-risk window.
        block_rows: rows evaluated at a time (bounds the working memory; the cells read, as
            text, and the results are held for the whole frame).

    Returns:
        A frame of the same library (a narwhals frame: one of its narwhals API, over the same
        library): the input's columns, then the result columns. A pandas
        frame keeps its index, ``attrs`` and column-index name; its result columns are
        Arrow-backed (``date32[pyarrow]``, ``int32[pyarrow]``...), the status a ``category``.
        A pyarrow Table keeps its schema's and fields' metadata.

    Raises:
        WaitingListError: the ``polars`` extra is missing, or no profile fits the columns.
        InvalidTypeError: *frame* is not a data frame (a lazy frame, of polars or narwhals:
            collect it first), or a column the profile reads holds values that are not text,
            dates or numbers (``field``: the column's name), or *rules*, *policy* or *profile*
            is of the wrong type (naming it).

    >>> import polars as pl
    >>> from datetime import date
    >>> waiting = pl.DataFrame({"id": ["A", "B"], "level": ["besök", "besk"],
    ...                         "start": [date(2025, 3, 1), date(2025, 3, 1)]})
    >>> done = evaluate_frame(waiting, as_of=date(2025, 6, 2))
    >>> done.select("id", "deadline", "status", "days_waited").rows()
    [('A', datetime.date(2025, 5, 30), 'overdue', 93), ('B', None, None, None)]
    >>> done["error"][1]
    "level: unknown level 'besk'; expected one of: ..."
    """
    nw = _narwhals()
    polars_module()
    import polars as pl

    as_of = as_date(as_of, "as_of")
    whole_number(block_rows, "block_rows", 1)
    check_rules(rules)
    check_policy(policy)
    check_profile(profile)
    try:
        data = nw.from_native(frame, eager_only=True)
    except TypeError:
        if isinstance(frame, pl.LazyFrame):
            raise InvalidTypeError(
                "evaluate_frame() takes an eager frame, not a polars LazyFrame: call .collect() "
                "on it first (evaluate_frame(lazy.collect(), ...))",
                field="frame",
            ) from None
        raise InvalidTypeError(
            "evaluate_frame() takes a pandas or polars DataFrame or a pyarrow Table, not "
            f"{_kind(frame)}{_how_instead(frame)}",
            field="frame",
        ) from None
    except nw.exceptions.DuplicateError:
        repeated = _twice(frame)
        raise WaitingListError(
            f"more than one column of the data frame has the name "
            f"{', '.join(map(echo, repeated))}; give each column a name of its own",
            field=repeated[0] if repeated else None,
        ) from None
    if isinstance(frame, nw.LazyFrame) or not isinstance(data, nw.DataFrame):  # (from_native
        # passes a narwhals LazyFrame, or unwraps one over pandas into its eager frame)
        raise InvalidTypeError(
            "evaluate_frame() takes an eager frame, not a lazy one: collect it first "
            "(evaluate_frame(lazy.collect(), ...))",
            field="frame",
        )
    names = list(data.columns)
    header = tuple(str(name) for name in names)
    try:
        chosen = choose_profile(header, profile, option="profile='FILE.toml'")
    except VardgarantiError as error:
        raise WaitingListError(f"data frame: {error}{_in_index(frame, str(error))}") from None
    known = {column_key(column) for column in chosen.columns.values()}
    seen: set[str] = set()
    for name in header:
        key = column_key(name)
        if key in known:
            if key in seen:
                spelt = " and ".join(echo(other) for other in header
                                     if column_key(other) == key)  # fmt: skip
                raise WaitingListError(
                    f"the column appears twice in the data frame ({spelt}: names are read "
                    "without regard to case or to how a letter such as ö is stored, whole or as "
                    "o and a mark)",
                    field=name,
                )
            seen.add(key)
    evaluator = BlockEvaluator(chosen, header, as_of, rules, policy)
    for said in (*resembled_notes("data frame", header, chosen),
                 costs_note("data frame", header, chosen)):  # fmt: skip
        if said is not None:  # (as check notes them: a misspelt column, every provider read
            warnings.warn(said, UserWarning, stacklevel=2)  # as the patient's own choice)
    results = result_columns(chosen, evaluator.costs)
    cells = _cells(nw, data, names, _needed(evaluator), typed_format(chosen.date_formats))
    blocks = _evaluated(evaluator, data, cells, block_rows)
    evaluated = pl.concat(blocks, how="vertical") if len(blocks) > 1 else blocks[0]
    evaluated = evaluated.select(list(results))
    replaced = [name for name, text in zip(names, header, strict=True)
                if text.strip().lower() in results]  # fmt: skip
    twice = [key for key in {str(n).strip().lower() for n in replaced}
             if sum(str(n).strip().lower() == key for n in replaced) > 1]  # fmt: skip
    if twice:  # (as check refuses such a header: two user columns would go into one)
        spelt = " and ".join(echo(str(n)) for n in replaced if str(n).strip().lower() == twice[0])
        raise WaitingListError(
            f"the column appears twice in the data frame ({spelt}: names are read without "
            "regard to case)",
            field=twice[0],
        )
    if replaced and {str(name).strip().lower() for name in replaced} != set(results):
        # (every result column: an earlier result evaluated again, as documented, not a word)
        warnings.warn(_replaced(replaced), UserWarning, stacklevel=2)
    kept = data.drop(replaced) if replaced else data
    done = _attach(nw, kept, evaluated)
    if isinstance(frame, nw.DataFrame):  # a narwhals frame in, one of its own API out
        return _narwhals_api(nw, frame).from_native(done, eager_only=True)  # type: ignore[no-any-return]
    return done  # type: ignore[no-any-return]


def _in_index(frame: Any, message: str) -> str:
    """Where a column the *message* says is missing went: a pandas index of that name.

    ``frame.set_index("id")`` leaves no ``id`` column; the error then says so (empty: no
    index of a name the message quotes).
    """
    names = getattr(getattr(frame, "index", None), "names", None)
    if not isinstance(names, list) or "missing" not in message:
        return ""
    found = [name for name in names if isinstance(name, str) and echo(name) in message]
    if len(found) == 1:
        return f"; the frame's index is {echo(found[0])}: frame.reset_index() makes it a column"
    if found:
        held = " and ".join(echo(name) for name in found)
        return f"; the frame's index holds {held}: frame.reset_index() makes them columns"
    return ""


def _kind(frame: object) -> str:
    """The type of *frame* with its module (a Dask ``DataFrame`` is no pandas ``DataFrame``)."""
    kind = type(frame)
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"


def _how_instead(frame: object) -> str:
    """What to do with a frame of another kind that holds pandas frames or Arrow batches."""
    module = type(frame).__module__
    if module.startswith("dask"):
        return (
            ": map evaluate_frame over its partitions (frame.map_partitions(evaluate_frame, "
            "as_of=..., meta=...); see the docs, 'Data frames')"
        )
    if module.startswith("pyarrow") and type(frame).__name__ == "RecordBatch":
        return ": make it a Table (pyarrow.Table.from_batches([batch]))"
    return ""


def _replaced(names: list[Any]) -> str:
    """The warning on the frame's columns named as result columns (their values are dropped)."""
    if len(names) == 1:
        return (
            f"data frame: the column {echo(str(names[0]))} has the name of a result column: "
            "evaluate_frame puts its own result there, and the column's values are not in the "
            "result (rename it to keep it)"
        )
    columns = ", ".join(echo(str(name)) for name in names)
    return (
        f"data frame: the columns {columns} have the names of result columns: evaluate_frame "
        "puts its own results there, and the columns' values are not in the result (rename "
        "them to keep them)"
    )


def _narwhals_api(nw: ModuleType, frame: Any) -> Any:
    """The narwhals API *frame* is of: a stable one (``narwhals.stable.v1``, ``v2``) or the main."""
    for name in ("narwhals.stable.v2", "narwhals.stable.v1"):
        api = sys.modules.get(name)
        if api is not None and isinstance(frame, api.DataFrame):
            return api
    return nw


def _needed(evaluator: BlockEvaluator) -> tuple[int, ...]:
    """The cells the evaluation reads (the unit only counts ``check``'s summary)."""
    return tuple(i for i in evaluator.needed if not (i == evaluator.unit and evaluator.unit_only))


def _cells(
    nw: ModuleType, data: Any, names: list[Any], needed: tuple[int, ...], form: str | None = None
) -> pl.DataFrame:
    """The cells the evaluation reads, as text (``c<position>``), in polars.

    A typed date is written ``YYYY-MM-DD``, or in *form* (:func:`~vardgaranti._profiles.
    typed_format`: for a profile whose date format reads that text as another day).

    A frame of another library goes to polars through Arrow, all its columns at once. A column
    Arrow cannot hold (a pandas ``object`` column of mixed values, as ``read_excel`` gives: dates
    and text, text and numbers) is read cell by cell instead (:func:`_cell`), so that each row
    gets its result or its own error, as ``check`` gives them for the same cells in a file.
    """
    import polars as pl

    chosen = [names[i] for i in needed]
    selected = data.select(chosen)
    series: list[pl.Series]
    if selected.implementation is nw.Implementation.POLARS:
        native: pl.DataFrame = selected.to_native()
        series = native.get_columns()
    else:
        try:
            series = _through_arrow(selected).get_columns()[: len(chosen)]  # (not the index)
        except ImportError:
            raise WaitingListError(
                "evaluate_frame() needs pyarrow to read a frame that is not a polars one: "
                "pip install pyarrow"
            ) from None
        except (Exception, pl.exceptions.PanicException):  # values Arrow cannot hold (or
            # a panic of polars' converter): each column by itself
            series = [_column(selected, name, form) for name in chosen]
        # An object (or categorical) column Arrow made dates or numbers of gives every cell
        # one type: a number among dates would be read as days or microseconds since 1970, an
        # aware date-time among naive ones at another hour or by its date in UTC, a NumPy
        # float32 as the wider float it is not, without a word. Such a column is read cell by
        # cell, each value as it is.
        schema = selected.schema
        series = [
            _by_cell(selected, name, form=form)
            if schema[name] in (nw.Object, nw.Categorical, nw.Enum)  # (Enum: ordered)
            and (column.dtype.is_temporal() or column.dtype.is_numeric())
            and _mixed(selected.get_column(name))
            else column
            for name, column in zip(chosen, series, strict=True)
        ]
    if not series and chosen:  # an empty table Arrow gives without its columns
        series = [pl.Series(str(name), [], dtype=pl.String) for name in chosen]
    columns = [
        _text(column, name, form).alias(f"c{i}")
        for i, name, column in zip(needed, chosen, series, strict=True)
    ]
    return pl.DataFrame(columns)


def _through_arrow(selected: Any) -> pl.DataFrame:
    """A narwhals frame of another library than polars, as a polars frame, through Arrow."""
    import polars as pl

    table = selected.to_arrow()
    for field in table.schema:
        if str(field.type).startswith("decimal256"):  # polars' converter panics on it, and
            # prints the panic (and its backtrace) to standard error: read it cell by cell
            raise TypeError(f"a column of {field.type} is not read through Arrow")
    converted = pl.from_arrow(table)
    assert isinstance(converted, pl.DataFrame)
    return converted


def _column(selected: Any, name: object, form: str | None = None) -> pl.Series:
    """One column of *selected*: through Arrow if it can be, else cell by cell (as text)."""
    import polars as pl

    try:
        return _through_arrow(selected.select([name])).to_series(0)
    except (Exception, pl.exceptions.PanicException) as error:  # (a panic of the converter)
        refused = f"{type(error).__name__}: {shorten(str(error))}"
    return _by_cell(selected, name, refused, form)


#: The names of NumPy's narrow floats: a value of one read as a wider float is not the value.
_NARROW_FLOATS: Final = frozenset({"float16", "float32"})


def _mixed(column: Any) -> bool:
    """Whether an ``object`` or categorical column holds values Arrow cannot give one type.

    Arrow gives such a column the type its values seem to share, and reads every value as one
    of it: a number among dates as days (or microseconds) since 1970, an aware date-time among
    naive ones (or among dates) at the first one's hour or by its date in UTC, a NumPy float32
    as the float64 it is not. A column whose values (blanks aside) are all dates and date-times,
    all aware or all naive, or all numbers of Python's own width, is read right through Arrow;
    one pass over the values' types tells (a column of plain dates, the common one, is decided
    by it alone).
    """
    values = column.to_list()
    kinds = set(map(type, values))
    families: set[str] = set()
    for kind in kinds:
        name = kind.__name__
        if kind is type(None) or name in ("NaTType", "NAType"):
            continue  # a blank
        if name in _NARROW_FLOATS:
            return True
        if issubclass(kind, date) or name == "datetime64":
            families.add("date")
        elif issubclass(kind, float):  # NaN is a blank (pandas' missing value)
            if any(isinstance(value, float) and value == value for value in values):
                families.add("number")
        elif issubclass(kind, (bool, str)):
            families.add(name)
        else:
            families.add("number")
    if len(families) > 1:
        return True
    if families != {"date"} or not any(issubclass(kind, datetime) for kind in kinds):
        return False  # no date-time: nothing aware
    aware = naive = False
    for value in values:
        if isinstance(value, datetime):
            if value.tzinfo is not None and value.tzinfo.utcoffset(value) is not None:
                aware = True
            else:
                naive = True
        elif isinstance(value, date) or type(value).__name__ == "datetime64":
            naive = True  # (a date is a day as it is, as a naive date-time is)
        else:
            continue
        if aware and naive:
            return True
    return False


def _by_cell(selected: Any, name: object, refused: str = "", form: str | None = None) -> pl.Series:
    """One column of *selected* read cell by cell (:func:`_cell`), as text.

    Raises:
        InvalidTypeError: a value that is neither text, a date nor a number.
        InvalidValueError: text that is not Unicode (a lone surrogate); both name the column.
    """
    try:
        values = selected.get_column(name).to_list()
    except Exception:  # a column of neither Arrow nor Python values
        why = f" ({refused})" if refused else ""
        raise InvalidTypeError(
            f"the column could not be read through Arrow{why}", field=str(name)
        ) from None
    return _strings(name, [_cell(value, name, row, form) for row, value in enumerate(values)])


def _strings(name: object, cells: list[str]) -> pl.Series:
    """*cells* as a polars column of text; a text polars cannot hold is an error naming *name*."""
    import polars as pl

    try:
        return pl.Series(str(name), cells, dtype=pl.String)
    except UnicodeEncodeError:
        for row, cell in enumerate(cells):
            try:
                cell.encode("utf-8")
            except UnicodeEncodeError as error:
                raise InvalidValueError(
                    f"the column holds text that is not Unicode text in row {row} (counted from 0) "
                    f"({echo(cell)}: {error.reason})",
                    field=str(name),
                ) from None
        raise


def _cell(value: object, name: object, row: int, form: str | None = None) -> str:
    """One cell of a column read cell by cell, as the text a CSV file would hold for it.

    Text as it is; a date, date-time or pandas ``Timestamp`` by its date (an aware one by its
    date in Europe/Stockholm, as :func:`_text` reads a date-time column); a whole number as an
    integer, another number as its shortest text (:func:`_float_text`); a boolean as
    ``true``/``false``; None, NaN, NaT and pandas' NA blank. Anything else is refused, naming
    the column (*name*) and the row (*row*, counted from 0). A date is written ``YYYY-MM-DD``,
    or in *form* (see :func:`_cells`); an aware date-time whose day in Sweden is outside the
    years 1-9999 as its own ISO text (the core then says so).

    >>> from datetime import datetime, timezone
    >>> [_cell(v, "start", 0) for v in ("31/12/2025", datetime(2025, 3, 1, 8, 30), 3, 1.0, 1.5,
    ...                                 None, float("nan"), True)]
    ['31/12/2025', '2025-03-01', '3', '1', '1.5', '', '', 'true']
    >>> _cell(datetime(2025, 2, 28, 23, 30, tzinfo=timezone.utc), "start", 0)
    '2025-03-01'
    >>> _cell([1], "start", 4)
    Traceback (most recent call last):
    ...
    vardgaranti.errors.InvalidTypeError: start: the column holds a list in row 4 (counted from...
    """
    if isinstance(value, str):
        return value
    if value is None or is_missing(value):
        return ""
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.generic):
        if isinstance(value, numpy.bool_):
            value = bool(value)
        elif isinstance(value, numpy.floating):
            # (a float of more than 8 bytes is read as a Python float: exact to 2**53)
            exact = _EXACT.get(value.dtype.itemsize, _EXACT[8])
            return _float_text(float(value), str(value), exact)
        elif isinstance(value, numpy.datetime64):
            moment = value.astype("datetime64[us]").item()  # (an int beyond the year 9999)
            value = moment if isinstance(moment, datetime) else value
        elif isinstance(value, numpy.timedelta64):  # (an integer in numpy's eyes)
            raise _refused(value, name, row)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, float):
        return _float_text(value, repr(value), _EXACT[8])
    if isinstance(value, Decimal):  # as a CSV file holds it: NaN blank, no exponent, and no
        return _decimal_text(value)  # trailing zeros (1.0 is 1, as a float's)
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.tzinfo.utcoffset(value) is not None:
            try:
                value = value.astimezone(stockholm())  # a moment: its day in Sweden
            except OverflowError:  # past 9999-12-31 there: the core's error, as for the text
                return value.isoformat()
        value = value.date()
    if isinstance(value, date):
        return value.isoformat() if form is None else value.strftime(form)
    raise _refused(value, name, row)


def _refused(value: object, name: object, row: int) -> InvalidTypeError:
    """The error for a cell that is neither text, a date nor a number."""
    kind = type(value).__name__
    article = "an" if kind[:1].lower() in "aeiou" else "a"
    return InvalidTypeError(
        f"the column holds {article} {kind} in row {row} (counted from 0): {echo(value)}, not "
        "text, a date or a number",
        field=str(name),
    )


def _decimal_text(value: Decimal) -> str:
    """A decimal's text: NaN blank, no exponent, no trailing zeros (``1.50`` is ``1.5``).

    >>> [_decimal_text(Decimal(t)) for t in ("1.0", "1.50", "20250301", "1E+3", "-0.0", "NaN")]
    ['1', '1.5', '20250301', '1000', '0', '']
    """
    if value.is_nan():
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


#: The largest whole numbers a float of so many bytes holds exactly, each one (2**mantissa).
_EXACT: Final = {2: 2**11, 4: 2**24, 8: 2**53}


def _float_text(value: float, text: str, exact: int) -> str:
    """A float's text: NaN blank, a whole number as an integer, else *text*.

    ``1.0`` is ``1`` and ``20250301.0`` is ``20250301``, as far as every whole number up to it
    is exact in the float's type (*exact*): beyond, a float may not be the integer it was made
    from, so it keeps its own text (``1e+20``). ``-0.0`` is ``0``.
    """
    if math.isnan(value):
        return ""
    if value.is_integer() and abs(value) <= exact:
        return str(int(value))  # (-0.0 is 0)
    return text


def _twice(frame: Any) -> list[str]:
    """The names that a native frame's columns repeat."""
    given = frame.column_names if hasattr(frame, "column_names") else list(frame.columns)
    names = [str(name) for name in given]
    return sorted({name for name in names if names.count(name) > 1})


def _text(series: pl.Series, name: object, form: str | None = None) -> pl.Series:
    """A column as the text a CSV file would hold: dates as ``YYYY-MM-DD``, nulls blank.

    A date with a time is read by its date; one with a time zone (a moment) by its date in
    Europe/Stockholm, as :func:`~vardgaranti.evaluate` reads an aware datetime. A float is
    read as a CSV file would hold the number: a whole number as an integer (pandas makes a
    column of integers with a blank a float one: ``1.0`` is ``1``), NaN blank. A polars
    ``Object`` column is read cell by cell (:func:`_cell`). A date is written ``YYYY-MM-DD``,
    or in *form* (see :func:`_cells`); a moment whose day in Sweden is outside the years 1-9999
    as its ISO text with its offset (the core then says so, as for the same text in a file).
    """
    import polars as pl

    dtype = series.dtype
    if dtype == pl.String:
        text = series
    elif dtype == pl.Date:
        text = _day_text(series, form)
    elif dtype == pl.Datetime:
        if getattr(dtype, "time_zone", None) is not None:  # a moment: its day in Sweden
            day = series.dt.convert_time_zone(stockholm().key).dt.date()
            inside = day.dt.year().is_between(1, 9999)
            text = (
                pl.select(
                    pl.when(inside)
                    .then(_day_text(day, form))
                    .otherwise(series.dt.strftime("%Y-%m-%dT%H:%M:%S%:z"))
                ).to_series()
                if not inside.fill_null(True).all()
                else _day_text(day, form)
            )
        else:
            text = _day_text(series.dt.date(), form)
    elif dtype == pl.Null:
        text = pl.Series(series.name, [None] * series.len(), dtype=pl.String)
    elif dtype.is_float():
        text = _floats(series)
    elif dtype == pl.Decimal:  # as its own text, without the scale's trailing zeros (1.0: 1)
        text = (
            series.cast(pl.String)
            .str.replace(r"^(-?\d+)\.0*$", "$1")
            .str.replace(r"^(-?\d+\.\d*?)0+$", "$1")
            .str.replace(r"^-0$", "0")
        )
    elif dtype.is_numeric() or dtype in (pl.Boolean, pl.Categorical, pl.Enum):
        text = series.cast(pl.String)
    elif dtype == pl.Object:
        text = _strings(series.name, [_cell(value, name, row, form)
                                      for row, value in enumerate(series.to_list())])  # fmt: skip
    else:
        raise InvalidTypeError(
            f"the column holds {dtype}, not text, dates or numbers", field=str(name)
        )
    blank: pl.Series = text.fill_null("")
    return blank


def _day_text(days: pl.Series, form: str | None) -> pl.Series:
    """A column of dates as text: ``YYYY-MM-DD``, or in *form*."""
    import polars as pl

    return days.cast(pl.String) if form is None else days.dt.strftime(form)


def _floats(series: pl.Series) -> pl.Series:
    """A float column as text, in columns, as :func:`_float_text` writes one float.

    NaN is blank (null); a whole number is an integer (``1.0`` is ``1``) as far as every whole
    number up to it is exact in the column's type (``1e20`` stays ``1e+20``); any other number
    is its shortest text (``1.5``; a ``Float32`` 0.1 is ``0.1``).
    """
    import polars as pl

    exact = (
        _EXACT[8] if series.dtype == pl.Float64 else _EXACT[4 if series.dtype == pl.Float32 else 2]
    )
    value = pl.col("v")
    whole = value.is_finite() & (value.floor() == value) & (value.abs() <= exact)
    text = (
        pl.when(whole)
        .then(value.cast(pl.Int64, strict=False).cast(pl.String))
        .otherwise(value.cast(pl.String))
    )
    done: pl.Series = (
        pl.DataFrame({"v": series.fill_nan(None)}).select(text.alias(series.name)).to_series()
    )
    return done


def _evaluated(
    evaluator: BlockEvaluator, data: Any, cells: pl.DataFrame, block_rows: int
) -> list[pl.DataFrame]:
    """The results of every block, typed, in order.

    The polars steps of a block (its keys; its judgement) run in a worker thread while the core
    plans the next block in this one (polars works outside the interpreter lock), as in
    ``check --engine columnar``.
    """
    step = min(block_rows, max(cells.height, 1))  # (a block_rows past polars' integers)
    parts = [
        cells.slice(offset, step).with_row_index("_i", offset)
        for offset in range(0, max(cells.height, 1), step)
    ]
    done: list[pl.DataFrame] = []
    with ThreadPoolExecutor(1, thread_name_prefix="vardgaranti-frame") as worker:
        keying = worker.submit(evaluator.keys, parts[0])
        judging: Future[tuple[pl.DataFrame, pl.DataFrame]] | None = None
        for index in range(len(parts)):
            keys = keying.result()
            if index + 1 < len(parts):
                keying = worker.submit(evaluator.keys, parts[index + 1])
            table = evaluator.plan(keys)
            if judging is not None:
                done.append(_finish(evaluator, data, *judging.result()))
            judging = worker.submit(_judged, evaluator, keys, table)
        assert judging is not None
        done.append(_finish(evaluator, data, *judging.result()))
    return done


def _judged(
    evaluator: BlockEvaluator, keys: Keys, table: KeyTable
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A block judged and typed (in the worker), and the cells of the rows it left."""
    import polars as pl

    col, when = pl.col, pl.when
    judged = evaluator.judge(keys, table)
    costs = [when(col("costs") != "").then(col("costs")).alias("costs_covered")]
    typed = judged.select(
        "_i",
        "ok",
        when(col("covered")).then(col("deadline").cast(pl.Date)).alias("deadline"),
        col("status"),
        col("waited").alias("days_waited"),
        col("left").alias("days_left"),
        col("excluded").alias("excluded_days"),
        col("care").alias("care_elsewhere"),
        when(col("deviation") != "").then(col("deviation")).alias("deviation"),
        when(col("reason") != "").then(col("reason")).alias("reason"),
        *(costs if evaluator.costs else []),
        pl.lit(None, dtype=pl.String).alias("error"),
    )
    left = keys.frame.filter(~judged["ok"]).select("_i", *(f"c{i}" for i in _needed(evaluator)))
    return typed, left


def _finish(
    evaluator: BlockEvaluator, data: Any, typed: pl.DataFrame, left: pl.DataFrame
) -> pl.DataFrame:
    """The rows the columns left, evaluated one by one by the core, put in place."""
    import polars as pl

    if left.height:
        names = _COSTED if evaluator.costs else _TYPED
        nothing = (None,) * len(names)
        values: dict[str, list[Any]] = {name: [] for name in names}
        blank = evaluator.blank
        needed = _needed(evaluator)
        rows = evaluator.rows
        maybe_blank: list[tuple[int, int]] = []  # (place in values, row of the frame)
        for number, *cells in left.rows():
            row = blank.copy()
            for i, text in zip(needed, cells, strict=True):
                row[i] = text
            done = rows.assess(row)
            outcome: tuple[Any, ...]
            if isinstance(done, VardgarantiError):
                if is_empty(row):  # blank where it is read: blank everywhere? (below)
                    maybe_blank.append((len(values["error"]), number))
                outcome = (*nothing[:-1], shorten(str(done), _ERROR_LIMIT))
            else:
                covered = done.status is not Status.NOT_COVERED
                outcome = (
                    done.deadline if covered else None,
                    done.status.value,
                    done.days_waited,
                    done.days_left,
                    done.excluded_days if covered else None,
                    done.care_elsewhere,
                    done.deviation,
                    done.uncovered.value if done.uncovered is not None else None,
                    None,
                )
                if evaluator.costs:  # as check decides its costs_covered cell
                    referred = rows.day_of(row, rows.i_referred, "referred")
                    provider = row[rows.i_provider] if rows.i_provider >= 0 else ""
                    costs = costs_covered(done, referred, provider, as_of=rows.as_of).value
                    outcome = (*outcome[:-1], costs or None, None)
            for name, value in zip(names, outcome, strict=True):
                values[name].append(value)
        if maybe_blank:  # a row blank in every column has no result, and no error (one gather)
            whole = data[[number for _place, number in maybe_blank]].rows()
            for (place, _number), found in zip(maybe_blank, whole, strict=True):
                if _blank_row(found):
                    values["error"][place] = None
        where = left["_i"] - typed["_i"][0]
        typed = typed.with_columns(
            typed[name].scatter(where, pl.Series(name, values[name], dtype=typed[name].dtype))
            for name in names
        )
    return typed.with_columns(pl.col("status").cast(pl.Enum(STATUSES)))


#: The result columns of a frame: check's, with the national format's two (every frame has
#: them), in check's order.
_TYPED: Final = (*RESULT_COLUMNS[:-1], "deviation", "reason", "error")
#: The same, for a frame that names who referred care elsewhere.
_COSTED: Final = (*_TYPED[:-1], "costs_covered", "error")


def _blank_row(values: tuple[Any, ...]) -> bool:
    """Whether every value of a frame's row is null or blank text."""
    for value in values:
        if value is None:
            continue
        if isinstance(value, str):
            if value.strip():
                return False
            continue
        if isinstance(value, float) and math.isnan(value):
            continue
        try:
            if value != value:  # NaT, pandas' NA
                continue
        except TypeError:  # pandas' NA refuses to be a bool
            continue
        except ValueError:  # an array (a list column, as pandas gets it from Parquet): a value
            pass
        return False
    return True


def _attach(nw: ModuleType, data: Any, results: pl.DataFrame) -> Any:
    """*data* with the result columns after its own, in its own library."""
    implementation = data.implementation
    if implementation is nw.Implementation.POLARS:
        return data.to_native().hstack(results)
    if implementation is nw.Implementation.PANDAS:
        namespace = nw.get_native_namespace(data)
        added = results.to_pandas(use_pyarrow_extension_array=True)
        added["status"] = added["status"].astype(namespace.CategoricalDtype(list(STATUSES)))
        native = data.to_native()
        added.index = native.index
        done = namespace.concat([native, added], axis=1)
        done.attrs = copy.deepcopy(native.attrs)  # (as pandas' own operations carry them)
        done.columns.name = native.columns.name
        return done
    if implementation is nw.Implementation.PYARROW:  # appended: the schema's metadata (a
        # pandas frame's index, among others) and each field's stay
        import pyarrow as pa  # type: ignore[import-untyped]  # (the frame's own library)

        table = data.to_native()
        arrow = results.to_arrow()
        for field, column in zip(arrow.schema, arrow.columns, strict=True):
            if pa.types.is_dictionary(field.type):  # (polars' Enum: ordered, with polars'
                # own metadata) an unordered dictionary, as pandas' category is, with signed
                # indices (pyarrow before 23 does not turn unsigned ones into pandas' codes)
                index = field.type.index_type
                if pa.types.is_unsigned_integer(index):
                    index = pa.int16() if index.bit_width == 8 else pa.int32()
                kind = pa.dictionary(index, field.type.value_type, ordered=False)
                table = table.append_column(
                    field.with_type(kind).remove_metadata(), column.cast(kind)
                )
            else:
                table = table.append_column(field, column)
        return table
    namespace = nw.get_native_namespace(data)
    added = nw.from_arrow(results.to_arrow(), backend=namespace)
    return nw.concat([data, added], how="horizontal").to_native()
