"""The ``vardgaranti calendar YEAR [--json]`` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest

from tests.calendar_reference import reference_holidays
from vardgaranti import __version__
from vardgaranti._cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _rows(text: str) -> list[dict[str, str]]:
    rows = json.loads(text)
    assert isinstance(rows, list)
    for row in rows:
        assert isinstance(row, dict)
        assert set(row) == {"date", "name", "kind"}
        assert all(isinstance(value, str) for value in row.values())
    return rows


@pytest.mark.parametrize("year", [1990, 2004, 2005, 2008, 2025, 2049, 2100])
def test_calendar_json_lists_the_statutory_days_sorted_by_date(
    capsys: pytest.CaptureFixture[str], year: int
) -> None:
    code, out, err = _run(capsys, "calendar", str(year), "--json")
    assert (code, err) == (0, "")
    rows = _rows(out)
    assert [row["date"] for row in rows] == sorted(row["date"] for row in rows)
    assert {row["kind"] for row in rows} == {"holiday", "eve"}
    as_triples = {(date.fromisoformat(r["date"]), r["name"], r["kind"]) for r in rows}
    assert as_triples == reference_holidays(year)
    assert len(rows) == len(as_triples) == 16


def test_calendar_json_of_2025_spelled_out(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "calendar", "2025", "--json")
    assert code == 0
    rows = _rows(out)
    assert rows[0] == {"date": "2025-01-01", "name": "Nyårsdagen", "kind": "holiday"}
    assert {"date": "2025-06-20", "name": "Midsommarafton", "kind": "eve"} in rows
    assert {"date": "2025-06-06", "name": "Nationaldagen", "kind": "holiday"} in rows
    assert rows[-1] == {"date": "2025-12-31", "name": "Nyårsafton", "kind": "eve"}
    assert "Nyårsdagen" in out  # UTF-8 as is, not \u00e5 escapes
    assert out.endswith("]\n")


def test_calendar_text_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "calendar", "2025")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["date", "day", "kind", "name"]
    assert len(lines) == 1 + 16
    assert "2025-06-20  Fri  eve      Midsommarafton" in lines
    assert "2025-12-25  Thu  holiday  Juldagen" in lines
    assert "2025-04-20  Sun  holiday  Påskdagen" in lines
    dates = [line.split()[0] for line in lines[1:]]
    assert dates == sorted(dates)
    assert "Söndag" not in out


@pytest.mark.parametrize("year", ["1800", "1989", "2101"])
def test_calendar_of_an_unsupported_year_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], year: str
) -> None:
    code, out, err = _run(capsys, "calendar", year, "--json")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.endswith("\n")
    assert err.startswith("vardgaranti: error: ")
    assert year in err
    assert "1990–2100" in err
    assert "Traceback" not in err


def test_calendar_with_a_year_that_is_not_a_number_is_a_one_line_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["calendar", "twenty"])
    assert caught.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("vardgaranti calendar: error: ")
    assert "argument YEAR: 'twenty' is not a whole number" in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    "argv",
    [[], ["calendar"], ["calendar", "2025", "--xml"], ["calendar", "2025", "2026"], ["nosuch"]],
    ids=repr,
)
def test_argument_errors_are_one_line_usage_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    try:  # argparse exits; an argument the command does not know is returned as exit 2
        code = main(argv)
    except SystemExit as caught:
        code = caught.code  # type: ignore[assignment]
    assert code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert ": error: " in captured.err
    assert "usage:" not in captured.err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out == f"vardgaranti {__version__}\n"


def test_help_lists_the_calendar_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: vardgaranti")
    assert "calendar" in out


def test_calendar_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["calendar", "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert "YEAR" in out
    assert "--json" in out
    assert "1990" in out
    assert "2100" in out


def test_python_dash_m_vardgaranti_calendar_json() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("VARDGARANTI_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "vardgaranti", "calendar", "2025", "--json"],
        capture_output=True,
        check=False,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    rows = _rows(result.stdout.decode("utf-8"))
    assert {(date.fromisoformat(r["date"]), r["name"], r["kind"]) for r in rows} == (
        reference_holidays(2025)
    )


def test_python_dash_m_vardgaranti_error_exit_code() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "vardgaranti", "calendar", "1800"],
        capture_output=True,
        check=False,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 2
    assert result.stdout == b""
    err = result.stderr.decode("utf-8")
    assert err.count("\n") == 1
    assert "1800" in err
    assert "Traceback" not in err


def test_calendar_text_table_in_swedish_has_swedish_header_and_weekdays(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(capsys, "calendar", "2025", "--lang", "sv")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["datum", "dag", "slag", "namn"]
    assert "2025-06-20  fre  afton    Midsommarafton" in lines
    assert "2025-04-20  sön  helgdag  Påskdagen" in lines
