"""Properties of the columnar engine: the streaming engine's bytes, for any file.

The files are the waiting lists of ``test_waiting_list_properties`` (every kind of column, cell,
header spelling and row shape), written with either delimiter, quoted or not, with or without a
byte-order mark, and then damaged the way real exports are (line feeds without carriage
returns, a carriage return alone, a stray quote, blank lines, a NUL); they are read from a text
stream, a binary stream or a file, in blocks from a few bytes to the default size. Both engines
must write the same text and count the same summary. Data frames evaluated by
:func:`~vardgaranti.evaluate_frame` must give the results ``check`` writes.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO, Any, Final

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

import vardgaranti._columnar as columnar
from tests.property.test_waiting_list_properties import waiting_lists
from vardgaranti import NATIONAL, Policy
from vardgaranti._columnar import check_columnar
from vardgaranti._frame import evaluate_frame
from vardgaranti._waiting_list import RESULT_COLUMNS, check_waiting_list

AS_OF: Final = date(2025, 6, 2)
PROPERTY = settings(max_examples=150, deadline=None)
BLOCKS: Final = (7, 61, 200, 4096, columnar.BLOCK_BYTES)

Damage = Callable[[str, int], str]


def _encode(header: list[str], rows: list[list[str]], delimiter: str, quote_all: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        lineterminator="\r\n",
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _at(text: str, where: int, insert: str) -> str:
    """*text* with *insert* after the header's first line, at a place chosen by *where*."""
    start = text.find("\n") + 1
    if start <= 0 or start >= len(text):
        return text + insert
    place = start + where % (len(text) - start)
    return text[:place] + insert + text[place:]


DAMAGES: Final[dict[str, Damage]] = {
    "none": lambda text, where: text,
    "line feeds only": lambda text, where: text.replace("\r\n", "\n"),
    "some line feeds only": lambda text, where: text.replace("\r\n", "\n", where % 5),
    "a carriage return alone": lambda text, where: _at(text, where, "\r"),
    "a stray quote": lambda text, where: _at(text, where, '"'),
    "blank lines": lambda text, where: _at(text, where, "\r\n\n\r\n"),
    "a NUL": lambda text, where: _at(text, where, "\x00"),
    "no final line end": lambda text, where: text.rstrip("\r\n"),
}


def _sources(text: str, kind: str, folder: Path) -> Callable[[], str | IO[str] | IO[bytes]]:
    if kind == "text stream":
        return lambda: io.StringIO(text, newline="")
    data = text.encode("utf-8", "surrogatepass")
    if kind == "binary stream":
        return lambda: io.BytesIO(data)
    path = folder / "list.csv"
    path.write_bytes(data)
    return lambda: str(path)


def _both(
    source: Callable[[], str | IO[str] | IO[bytes]], block: int, policy: Policy
) -> tuple[tuple[str, Any], tuple[str, Any]]:
    outcomes: list[tuple[str, Any]] = []
    for engine in ("stream", "columnar"):
        output = io.StringIO(newline="")
        try:
            if engine == "stream":
                summary = check_waiting_list(source(), output, as_of=AS_OF, policy=policy)
            else:
                saved = columnar.BLOCK_BYTES
                columnar.BLOCK_BYTES = block
                try:
                    done = check_columnar(
                        source(), output, as_of=AS_OF, rules=NATIONAL, policy=policy, required=True
                    )
                finally:
                    columnar.BLOCK_BYTES = saved
                if done is None:  # left to the streaming engine, as `check --engine auto` does
                    output = io.StringIO(newline="")
                    done = check_waiting_list(source(), output, as_of=AS_OF, policy=policy)
                summary = done
        except Exception as error:  # the same file-level error, in the same words
            outcomes.append(("raised", f"{type(error).__name__}: {error}"))
            continue
        outcomes.append((output.getvalue(), summary.as_dict()))
    return outcomes[0], outcomes[1]


@PROPERTY
@given(
    waiting_lists(),
    st.sampled_from([";", ","]),
    st.booleans(),
    st.booleans(),
    st.sampled_from(sorted(DAMAGES)),
    st.integers(0, 10_000),
    st.sampled_from(["text stream", "binary stream", "file"]),
    st.sampled_from(BLOCKS),
    st.sampled_from([Policy(), Policy(roll_forward=True, at_risk_days=3)]),
)
def test_both_engines_write_the_same_bytes(
    data: tuple[list[str], list[list[str]]],
    delimiter: str,
    bom: bool,
    quote_all: bool,
    damage: str,
    where: int,
    kind: str,
    block: int,
    policy: Policy,
) -> None:
    header, rows = data
    text = ("\ufeff" if bom else "") + _encode(header, rows, delimiter, quote_all)
    text = DAMAGES[damage](text, where)
    with tempfile.TemporaryDirectory() as folder:
        stream, columns = _both(_sources(text, kind, Path(folder)), block, policy)
    assert columns == stream


@PROPERTY
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["plain", "quoted note", "two lines", "formula", "short", "blank"]),
            st.dates(min_value=date(2024, 6, 1), max_value=date(2025, 6, 1)),
            st.sampled_from(["", "mov:2025-01-01..2025-01-31", "pvv:2025-03-01..2025-03-02"]),
        ),
        max_size=60,
    ),
    st.sampled_from(BLOCKS[:3]),
)
def test_blocks_are_cut_anywhere_between_every_kind_of_row(
    kinds: list[tuple[str, date, str]], block: int
) -> None:
    lines = ["id;level;start;exclusions;note"]
    for number, (kind, start, exclusions) in enumerate(kinds):
        cells = f"R{number};visit;{start.isoformat()};{exclusions}"
        lines.append(
            {
                "plain": f"{cells};n",
                "quoted note": f'{cells};"a; b"',
                "two lines": f'{cells};"first\nsecond"',
                "formula": f"{cells};=1+1",
                "short": f"R{number};visit",
                "blank": "",
            }[kind]
        )
    text = "\r\n".join(lines) + "\r\n"
    stream, columns = _both(lambda: io.StringIO(text, newline=""), block, Policy())
    assert columns == stream


@PROPERTY
@given(waiting_lists(), st.integers(1, 5))
def test_evaluate_frame_gives_the_results_check_writes(
    data: tuple[list[str], list[list[str]]], block_rows: int
) -> None:
    header, rows = data
    names = [f"{name}#{i}" if header.index(name) != i else name for i, name in enumerate(header)]
    if len({name.strip().lower() for name in names}) < len(names):
        return  # a frame's columns have distinct names
    width = len(header)
    rows = [row for row in rows if len(row) == width and "\x00" not in "".join(row)]
    text = _encode(names, rows, ";", True)
    output = io.StringIO(newline="")
    try:
        check_waiting_list(io.StringIO(text, newline=""), output, as_of=AS_OF)
    except Exception:
        return  # the file as a whole is refused: nothing to compare
    written = list(csv.reader(io.StringIO(output.getvalue(), newline=""), delimiter=";"))[1:]
    frame = pl.DataFrame(
        {name: [row[i] for row in rows] for i, name in enumerate(names)},
        schema=dict.fromkeys(names, pl.String),
    )
    done = evaluate_frame(frame, as_of=AS_OF, block_rows=block_rows)
    results = done.select(RESULT_COLUMNS).rows()
    assert len(results) == len(written)
    for cells, values in zip(written, results, strict=True):
        expected = dict(zip(RESULT_COLUMNS, cells[-len(RESULT_COLUMNS) :], strict=True))
        got = dict(zip(RESULT_COLUMNS, values, strict=True))
        assert _as_text(got) == expected


def _as_text(values: dict[str, Any]) -> dict[str, str]:
    text = {}
    for name, value in values.items():
        if value is None:
            text[name] = ""
        elif isinstance(value, bool):
            text[name] = "yes" if value else "no"
        elif isinstance(value, date):
            text[name] = value.isoformat()
        else:
            text[name] = str(value)
    return text
