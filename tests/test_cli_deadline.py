"""The ``vardgaranti deadline`` and ``vardgaranti rules`` commands, run through ``main``."""

from __future__ import annotations

import itertools
import json
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vardgaranti import _cli
from vardgaranti._cli import main

SOURCE = "Regionfullmäktige 2024-05-01 § 12"

VISIT = ("--level", "visit", "--start", "2025-03-01")
CONTACT = ("--level", "contact", "--start", "2025-03-01")
VISIT_2016 = ("--level", "visit", "--start", "2016-03-01")

RESULT_KEYS = {
    "level",
    "start",
    "deadline",
    "status",
    "limit_days",
    "excluded_days",
    "days_waited",
    "days_left",
    "days_over",
    "care_elsewhere",
    "rule",
    "explanation",
    "alternatives",
}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse usage errors
        code = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code, out, err = _run(capsys, *argv, "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


def _deadline_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    data = _json(capsys, "deadline", *argv)
    assert set(data) >= RESULT_KEYS
    return data


def _one_line_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = _run(capsys, *argv)
    assert code != 0
    assert out == ""
    assert "Traceback" not in err
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert err.startswith("vardgaranti")
    return err


def _overlay(tmp_path: Path, days: int = 60) -> Path:
    path = tmp_path / "region.toml"
    path.write_text(
        f'name = "Region Exempel"\nextends = "national"\nfrom = 2024-05-01\n'
        f'[levels.visit]\ndays = {days}\nsource = "{SOURCE}"\n',
        encoding="utf-8",
    )
    return path


# -- deadline --json ----------------------------------------------------------------------------


def test_deadline_json_has_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    # Referral 3 March 2025 + 90 = 1 June (a Sunday); as of 10 March: 7 waited, 83 left.
    data = _deadline_json(
        capsys, "--level", "visit", "--start", "2025-03-03", "--as-of", "2025-03-10"
    )
    assert data["level"] == "visit"
    assert data["start"] == "2025-03-03"
    assert data["deadline"] == "2025-06-01"
    assert data["status"] == "within"
    assert (data["limit_days"], data["excluded_days"]) == (90, 0)
    assert (data["days_waited"], data["days_left"], data["days_over"]) == (7, 83, None)
    assert data["care_elsewhere"] is False
    assert data["rule"]["id"] == "national.visit.2022-07-01"
    assert data["rule"]["citation"] == "HSF (2017:80) 6 kap. 1 § 3 (Förordning 2018:1129)"
    assert [a["deadline"] for a in data["alternatives"]] == ["2025-06-02"]
    assert "1930:173" in data["alternatives"][0]["source"]
    codes = [step["code"] for step in data["explanation"]]
    assert codes == ["rule", "start", "limit", "deadline", "status-within"]
    for step in data["explanation"]:
        assert set(step) == {"code", "dates", "citation", "sv", "en"}
        assert step["sv"]
        assert step["en"]


def test_deadline_json_with_exclusions_booking_and_swedish_level(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # 1 January + 90 = 1 April; mov 1–14 Feb and pvv 10–20 Feb join: 20 days → 21 April.
    data = _deadline_json(
        capsys,
        "--level",
        "besök",
        "--start",
        "2025-01-01",
        "--exclude",
        "mov:2025-02-01..2025-02-14",
        "--exclude",
        "pvv:2025-02-10..2025-02-20",
        "--booked",
        "2025-04-25",
        "--as-of",
        "2025-03-01",
    )
    assert data["deadline"] == "2025-04-21"
    assert data["excluded_days"] == 20
    assert data["status"] == "at_risk"
    assert data["care_elsewhere"] is True
    assert data["booked"] == "2025-04-25"
    # 59 days since 1 Jan, 20 excluded → 39 waited; 21 April − 1 March = 51 left.
    assert (data["days_waited"], data["days_left"]) == (39, 51)
    codes = [step["code"] for step in data["explanation"]]
    assert "exclusion-counted" in codes
    assert "care-elsewhere" in codes


def test_deadline_json_completed_missed(capsys: pytest.CaptureFixture[str]) -> None:
    data = _deadline_json(
        capsys,
        "--level",
        "assessment",
        "--start",
        "2021-03-05",
        "--completed",
        "2021-03-09",
        "--as-of",
        "2021-03-31",
    )
    assert (data["deadline"], data["status"], data["days_over"]) == ("2021-03-08", "missed", 1)
    assert data["completed"] == "2021-03-09"


def test_deadline_roll_forward(capsys: pytest.CaptureFixture[str]) -> None:
    # 23 March 2025 + 90 = 21 June, midsommardagen → Monday 23 June.
    args = ("--level", "visit", "--start", "2025-03-23", "--as-of", "2025-03-23")
    plain = _deadline_json(capsys, *args)
    rolled = _deadline_json(capsys, *args, "--roll-forward")
    assert plain["deadline"] == "2025-06-21"
    assert rolled["deadline"] == "2025-06-23"
    assert [a["deadline"] for a in rolled["alternatives"]] == ["2025-06-21"]
    assert "roll-forward" in [step["code"] for step in rolled["explanation"]]


def test_deadline_restart(capsys: pytest.CaptureFixture[str]) -> None:
    data = _deadline_json(
        capsys,
        "--level",
        "visit",
        "--start",
        "2025-01-01",
        "--restart",
        "2025-03-01",
        "--as-of",
        "2025-03-01",
    )
    assert data["deadline"] == "2025-05-30"
    assert data["clock_start"] == "2025-03-01"


def test_deadline_restart_repeated_keeps_every_restart(capsys: pytest.CaptureFixture[str]) -> None:
    # Each change of mind starts a new count (vardgaranti-rules.md §5.4): the latest restart on
    # or before the as-of day starts the period, a later one has not happened yet. A second
    # --restart used to replace the first, and the deadline was counted from the start.
    data = _deadline_json(
        capsys,
        *("--level", "visit", "--start", "2025-03-01"),
        *("--restart", "2025-03-05", "--restart", "2025-04-01", "--as-of", "2025-03-10"),
    )
    assert data["clock_start"] == "2025-03-05"
    assert data["deadline"] == "2025-06-03"  # 2025-03-05 + 90 days
    later = _deadline_json(
        capsys,
        *("--level", "visit", "--start", "2025-03-01"),
        *("--restart", "2025-03-05", "--restart", "2025-04-01", "--as-of", "2025-04-10"),
    )
    assert later["clock_start"] == "2025-04-01"
    assert later["deadline"] == "2025-06-30"  # 2025-04-01 + 90 days


def test_deadline_with_a_start_after_today_and_no_as_of_names_the_missing_as_of(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # It said "start: the as-of date ... is before the clock's start", of a day not given.
    assert main(["deadline", "--level", "visit", "--start", "2999-01-04"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("vardgaranti: error: --as-of is not given, so the status is for today")
    assert "give --as-of a day on or after the start" in err
    code = main(["deadline", "--level", "visit", "--start", "2999-01-04", "--as-of",
                 "2999-01-05", "--json"])  # fmt: skip
    assert code == 0


def test_deadline_at_risk_days(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("--level", "visit", "--start", "2025-01-01", "--as-of", "2025-03-01")
    assert _deadline_json(capsys, *args)["status"] == "within"  # 31 days left
    assert _deadline_json(capsys, *args, "--at-risk-days", "31")["status"] == "at_risk"


def test_deadline_rules_bup(capsys: pytest.CaptureFixture[str]) -> None:
    data = _deadline_json(
        capsys,
        "--level",
        "first-assessment",
        "--start",
        "2025-01-10",
        "--rules",
        "bup",
        "--as-of",
        "2025-03-01",
    )
    assert data["deadline"] == "2025-02-09"  # 10 January + 30
    assert data["status"] == "overdue"
    assert data["care_elsewhere"] is False
    assert data["rule"]["kind"] == "target"


def test_deadline_rules_toml_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _overlay(tmp_path)
    data = _deadline_json(
        capsys,
        "--level",
        "visit",
        "--start",
        "2025-03-03",
        "--rules",
        str(path),
        "--as-of",
        "2025-03-03",
    )
    assert data["deadline"] == "2025-05-02"  # 3 March + 60
    assert data["limit_days"] == 60
    assert SOURCE in data["rule"]["citation"]
    assert any(SOURCE in (step["citation"] or "") for step in data["explanation"])
    assert "2025-06-01" in [a["deadline"] for a in data["alternatives"]]  # national 90 days


def test_deadline_not_listed(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("--level", "kontakt", "--start", "2023-05-02", "--as-of", "2023-05-02")
    data = _deadline_json(capsys, *args, "--not-listed")
    assert data["status"] == "not_covered"
    assert data["deadline"] is None
    assert "9 kap. 1 § 2 st." in data["explanation"][-1]["citation"]
    assert _deadline_json(capsys, *args)["deadline"] == "2023-05-02"


def test_deadline_as_of_defaults_to_today(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_cli, "today", lambda: date(2025, 3, 10))
    data = _deadline_json(capsys, "--level", "visit", "--start", "2025-03-03")
    assert data["as_of"] == "2025-03-10"
    assert data["days_waited"] == 7


# -- deadline, text -----------------------------------------------------------------------------


def test_deadline_text_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        capsys, "deadline", "--level", "visit", "--start", "2025-03-03", "--as-of", "2025-03-10"
    )
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Deadline: 2025-06-01"
    assert lines[1] == "Status: within"
    assert "Explanation:" in lines
    assert "1. Rule national.visit.2022-07-01" in out
    assert "[HSF (2017:80) 6 kap. 1 § 3 (Förordning 2018:1129)]" in out
    assert "Other readings and limits:" in lines
    assert "- 2025-06-02: " in out
    assert "Care elsewhere" not in out


def test_deadline_text_in_swedish(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        capsys,
        "deadline",
        "--level",
        "visit",
        "--start",
        "2025-03-03",
        "--as-of",
        "2025-06-10",
        "--lang",
        "sv",
    )
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Sista dag: 2025-06-01"
    assert lines[1] == "Status: tidsgränsen har passerat (overdue)"
    assert "Regionen ska se till att patienten får vård hos en annan vårdgivare." in lines
    assert "Förklaring:" in lines
    assert "Andra tolkningar och gränser:" in lines
    assert "1. Regel national.visit.2022-07-01" in out
    assert "Tiden räknas från 2025-03-03" in out
    assert "Explanation:" not in out


def test_deadline_text_care_elsewhere_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "deadline", "--level", "visit", "--start", "2025-03-03", "--as-of", "2025-06-10"
    )
    assert code == 0
    assert (
        "The region must see to it that the patient gets care with another provider."
        in out.splitlines()
    )


def test_deadline_text_booked_late_says_rebook_or_care_elsewhere_from_the_day_after(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """HSL 9 kap. 2 §: the duty begins when the guarantee is missed, not when the booking is late.

    Booked after a deadline that has not passed: the header says so, as the explanation's step
    does, instead of "must be offered" (the duty begins the day after the deadline).
    """
    args = ("deadline", "--level", "visit", "--start", "2025-03-03", "--booked", "2025-06-20")
    code, out, _ = _run(capsys, *args, "--as-of", "2025-04-01")
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == "Status: at_risk"
    assert lines[2] == (
        "Booked after the last day: rebook by 2025-06-01; otherwise the region must see to it "
        "that the patient gets care elsewhere from 2025-06-02."
    )
    assert (
        "The region must see to it that the patient gets care with another provider." not in lines
    )
    code, out, _ = _run(capsys, *args, "--as-of", "2025-04-01", "--lang", "sv")
    lines = out.splitlines()
    assert lines[1] == "Status: risk att tidsgränsen inte hålls (at_risk)"
    assert lines[2] == (
        "Bokad efter sista dagen: boka om senast 2025-06-01; annars ska regionen se till att "
        "patienten får vård hos en annan vårdgivare från 2025-06-02."
    )
    # once the deadline has passed, the duty is there
    code, out, _ = _run(capsys, *args, "--as-of", "2025-06-02")
    assert out.splitlines()[1:3] == [
        "Status: overdue",
        "The region must see to it that the patient gets care with another provider.",
    ]


@pytest.mark.parametrize(
    ("as_of", "completed", "swedish"),
    [
        ("2025-03-10", None, "inom tidsgränsen (within)"),
        ("2025-06-10", None, "tidsgränsen har passerat (overdue)"),
        ("2025-06-10", "2025-05-01", "vård i tid (met)"),
        ("2025-06-10", "2025-06-05", "vård efter tidsgränsen (missed)"),
    ],
)
def test_deadline_text_in_swedish_gives_the_status_in_words_and_the_machine_word(
    capsys: pytest.CaptureFixture[str], as_of: str, completed: str | None, swedish: str
) -> None:
    args = ["deadline", "--level", "visit", "--start", "2025-03-03", "--as-of", as_of]
    if completed is not None:
        args += ["--completed", completed]
    _code, out, _ = _run(capsys, *args, "--lang", "sv")
    assert out.splitlines()[1] == f"Status: {swedish}"
    _code, out, _ = _run(capsys, *args)
    assert out.splitlines()[1] == f"Status: {swedish.rsplit('(', 1)[1][:-1]}"


def test_deadline_text_not_covered_has_no_deadline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "deadline",
        "--level",
        "assessment",
        "--start",
        "2023-05-02",
        "--as-of",
        "2023-05-02",
        "--not-listed",
    )
    assert code == 0
    assert out.splitlines()[:2] == ["Deadline: -", "Status: not_covered"]


# -- deadline, bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--level", "visit", "--start", "2025-02-30"], "2025-02-30"),
        (["--level", "visit", "--start", "2025-3-1"], "YYYY-MM-DD"),
        (["--level", "återbesök", "--start", "2025-03-01"], "unknown level"),
        (["--start", "2025-03-01"], "--level"),
        (["--level", "visit"], "--start"),
        (
            [
                "--level",
                "visit",
                "--start",
                "2025-03-01",
                "--exclude",
                "sov:2025-04-01..2025-04-02",
            ],
            "unknown exclusion reason",
        ),
        (
            [
                "--level",
                "visit",
                "--start",
                "2025-03-01",
                "--exclude",
                "mov:2025-04-10..2025-04-01",
            ],
            "before it begins",
        ),
        (
            [*VISIT, "--exclude", "mov 2025-04-01"],
            "REASON:FROM..TO",
        ),
        (
            [
                "--level",
                "visit",
                "--start",
                "2025-03-01",
                "--exclude",
                "mov:2025-04-31..2025-05-01",
            ],
            "2025-04-31",
        ),
        (
            ["--level", "visit", "--start", "2025-03-01", "--completed", "2025-02-01"],
            "before the start",
        ),
        (
            ["--level", "visit", "--start", "2025-03-01", "--booked", "2025-02-01"],
            "before the start",
        ),
        (["--level", "visit", "--start", "1800-01-01", "--as-of", "1800-02-01"], "2005-11-01"),
        (["--level", "visit", "--start", "1805-06-01"], "2005-11-01"),
        (["--level", "visit", "--start", "2005-10-31", "--as-of", "2006-01-01"], "2005-11-01"),
        (
            ["--level", "visit", "--start", "2025-03-01", "--as-of", "2025-02-01"],
            "before the clock's start",
        ),
        (
            [
                "--level",
                "contact",
                "--start",
                "2025-03-01",
                "--exclude",
                "mov:2025-03-01..2025-03-01",
            ],
            "6 kap. 2 §",
        ),
        (
            [
                "--level",
                "visit",
                "--start",
                "2016-03-01",
                "--exclude",
                "region:2016-04-01..2016-04-02",
            ],
            "2017-04-01",
        ),
        (["--level", "visit", "--start", "2025-03-01", "--rules", "stockholm"], "unknown rule set"),
        (["--level", "visit", "--start", "2025-03-01", "--rules", "bup"], "no level 'visit'"),
        (["--level", "visit", "--start", "2025-03-01", "--at-risk-days", "-1"], ">= 0"),
        (["--level", "visit", "--start", "2025-03-01", "--lang", "de"], "invalid choice"),
    ],
    ids=[
        "impossible-date",
        "short-date",
        "unknown-level",
        "no-level",
        "no-start",
        "unknown-reason",
        "interval-backwards",
        "interval-shape",
        "interval-impossible-date",
        "completed-before-start",
        "booked-before-start",
        "year-1800",
        "year-1805-default-as-of",
        "day-before-2005-11-01",
        "as-of-before-start",
        "exclusion-on-contact",
        "region-before-2017",
        "unknown-rule-set",
        "bup-has-no-visit",
        "negative-at-risk-days",
        "unknown-language",
    ],
)
def test_deadline_bad_input_is_one_line_on_stderr(
    capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    err = _one_line_error(capsys, "deadline", *argv)
    assert fragment in err
    err_json = _one_line_error(capsys, "deadline", *argv, "--json")
    assert err_json == err


def test_deadline_rule_file_with_a_longer_limit_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _overlay(tmp_path, days=120)
    err = _one_line_error(
        capsys, "deadline", "--level", "visit", "--start", "2025-03-01", "--rules", str(path)
    )
    assert "longer" in err
    assert "never lengthen" in err


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('name = "R"\n[levels.visit\n', "not valid TOML"),
        ('name = "R"\ncolour = "blue"\n[levels.visit]\ndays = 1\nsource = "S"\n', "unknown key"),
        ('name = "R"\n[levels.visit]\ndays = 30\n', "'source'"),
    ],
    ids=["bad-toml", "unknown-key", "no-source"],
)
def test_deadline_bad_rule_files_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, fragment: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    err = _one_line_error(
        capsys, "deadline", "--level", "visit", "--start", "2025-03-01", "--rules", str(path)
    )
    assert fragment in err


def test_deadline_missing_rule_file_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    err = _one_line_error(
        capsys,
        "deadline",
        "--level",
        "visit",
        "--start",
        "2025-03-01",
        "--rules",
        str(tmp_path / "nowhere.toml"),
    )
    assert "cannot read" in err


# -- rules --------------------------------------------------------------------------------------


def test_rules_json_in_force_on_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "rules", "--at", "2018-06-01")
    assert data["rule_set"] == "national"
    assert data["at"] == "2018-06-01"
    days = {rule["level"]: rule["days"] for rule in data["rules"]}
    assert days == {"contact": 0, "assessment": 7, "visit": 90, "treatment": 90}
    for rule in data["rules"]:
        assert rule["citation"]
        assert "2017:80" in rule["citation"]


def test_rules_json_after_2019_has_the_3_day_assessment(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "rules", "--at", "2023-01-01")
    rules = {rule["level"]: rule for rule in data["rules"]}
    assert rules["assessment"]["days"] == 3
    assert "9 kap. 1 § 2 st." in rules["assessment"]["listing_citation"]
    assert rules["visit"]["exclusion_reasons"] == ["mov", "pvv", "region"]


def test_rules_all_lists_every_version(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "rules", "--all")
    assert data["at"] is None
    assert len(data["rules"]) == 20  # 5 versions x 4 levels
    assert {rule["effective_from"] for rule in data["rules"]} == {
        "2005-11-01",
        "2010-07-01",
        "2017-04-01",
        "2019-01-01",
        "2022-07-01",
    }


def test_the_2005_agreements_readings_are_in_english_in_english_output(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A review: `rules --all` (English) printed the library's own reading of the 2005 rows
    # in Swedish ("tolkning, inte i överenskommelsens källor: som ..."), as did the
    # explanation's step on care elsewhere; a Swedish document keeps its name.
    assert main(["rules", "--all"]) == 0
    listed = capsys.readouterr().out
    assert "tolkning" not in listed
    assert "inte lag" not in listed
    assert "(an agreement, not law; reading (vardgaranti), not in the agreement's sources: as " in (
        listed
    )
    assert "Överenskommelse mellan staten och Landstingsförbundet" in listed
    assert (
        main(["deadline", "--level", "visit", "--start", "2008-01-10", "--as-of", "2008-04-20"])
        == 0
    )
    assert "tolkning" not in capsys.readouterr().out


def test_rules_all_with_a_day_is_refused_not_ignored(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "rules", "--all", "--at", "2025-01-01")
    assert (code, out) == (2, "")
    assert err == (
        "vardgaranti: error: --all lists every version, --at those in force on a day: give one "
        "of them\n"
    )
    code, out, _ = _run(capsys, "rules", "--all")
    assert out.splitlines()[1] == "Every version:"
    assert "only for patients listed with the provider, at a vårdval (listing) provider" in out


def test_rules_before_2005_lists_none(capsys: pytest.CaptureFixture[str]) -> None:
    assert _json(capsys, "rules", "--at", "2004-01-01")["rules"] == []
    code, out, err = _run(capsys, "rules", "--at", "2004-01-01")
    assert (code, err) == (0, "")
    assert "(none: this rule set has no rule in force on that date)" in out


def test_rules_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "rules", "--at", "2018-06-01")
    assert (code, err) == (0, "")
    assert out.startswith("national: ")
    assert "Rules in force on 2018-06-01:" in out
    assert "assessment             7 days" in out
    assert "HSF (2017:80) 6 kap. 1 § 2 (lydelse före 2019-01-01)" in out
    assert "exclusions: mov, pvv, region (HSF (2017:80) 6 kap. 2 §)" in out


def test_rules_text_gives_the_duty_of_care_elsewhere_of_each_rule_that_has_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # HSL 9 kap. 2 §: the duty belongs to the 90-day steps. It was given for the BUP target's
    # law beneath it, but not for the national visit and treatment rules themselves.
    code, out, _err = _run(capsys, "rules", "--at", "2025-01-01")
    assert code == 0
    duty = "care elsewhere when it passes (HSL (2017:30) 9 kap. 2 §; Patientlagen (2014:821)"
    blocks = {block.split()[0]: block for block in out.split("\n\n  ")[1:]}
    assert [level for level, block in blocks.items() if duty in block] == ["visit", "treatment"]
    # a region's shorter limit: the national rule beneath it, whose duty it is
    code, out, _err = _run(capsys, "rules", "--rules", str(_overlay(tmp_path)), "--at",
                           "2025-01-01")  # fmt: skip
    visit = next(block for block in out.split("\n\n  ") if block.startswith("visit"))
    assert "the law beneath it: 90 days (HSF (2017:80) 6 kap. 1 § 3" in visit


def test_rules_text_2010_cites_forordning_2010_349(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "rules", "--at", "2012-01-01")
    assert code == 0
    assert "Förordning (2010:349)" in out
    assert "exclusions: mov, pvv (" in out


def test_rules_bup(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "rules", "--rules", "bup", "--at", "2025-01-01")
    assert data["rule_set"] == "bup"
    assert {rule["level"]: rule["days"] for rule in data["rules"]} == {
        "first-assessment": 30,
        "deepened-assessment": 30,
        "treatment": 30,
    }
    assert {rule["kind"] for rule in data["rules"]} == {"target"}
    # The target since 2011 (reference §5.7), whichever version of the law lies beneath it.
    assert {rule["in_force_from"] for rule in data["rules"]} == {"2011-01-01"}


def test_rules_text_gives_the_target_since_2011_and_the_part_this_rule_set_uses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rules", "--rules", "bup", "--at", "2025-01-01"]) == 0
    out = capsys.readouterr().out
    assert (
        "first-assessment      30 days   target, 2011-01-01– (in this rule set for starts "
        "2022-07-01–)\n" in out
    )
    assert "deepened-assessment   30 days   target, 2011-01-01–\n" in out


def test_rules_toml_overlay(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _overlay(tmp_path)
    data = _json(capsys, "rules", "--rules", str(path), "--at", "2025-01-01")
    assert data["rule_set"] == "Region Exempel"
    visit = next(rule for rule in data["rules"] if rule["level"] == "visit")
    assert visit["days"] == 60
    assert visit["kind"] == "regional"
    assert SOURCE in visit["citation"]
    assert visit["base"] == "national.visit.2022-07-01"
    before = _json(capsys, "rules", "--rules", str(path), "--at", "2024-04-30")
    assert next(r for r in before["rules"] if r["level"] == "visit")["days"] == 90


def test_rules_at_defaults_to_today(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_cli, "today", lambda: date(2018, 6, 1))
    data = _json(capsys, "rules")
    assert data["at"] == "2018-06-01"
    assert {rule["level"]: rule["days"] for rule in data["rules"]}["assessment"] == 7


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--at", "2025-02-30"], "2025-02-30"),
        (["--rules", "stockholm"], "unknown rule set"),
        (["--at", "yesterday"], "YYYY-MM-DD"),
    ],
    ids=["impossible-date", "unknown-rule-set", "not-a-date"],
)
def test_rules_bad_input_is_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    assert fragment in _one_line_error(capsys, "rules", *argv)


def test_rules_rule_file_with_a_longer_limit_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    err = _one_line_error(capsys, "rules", "--rules", str(_overlay(tmp_path, days=91)))
    assert "91 days is longer than the national limit of 90 days" in err


# -- a run builds only its own command's options (start-up time) --------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["deadline", "--level", "visit", "--start", "2025-03-03", "--as-of", "2025-06-10"],
        ["check", "--example", "--engine", "stream", "--summary", "json"],
        ["stats", "--example", "--method", "legal", "--tolerance", "1,5"],
        ["worklist", "--example", "--horizon", "7", "--keep", "note"],
        ["validate", "--example", "--stale-days", "30"],
        ["report", "--example", "--top", "3"],
        ["rules", "--all", "--json"],
        ["calendar", "2025", "--json"],
    ],
)
def test_a_run_builds_only_its_command_and_parses_as_the_whole_parser(argv: list[str]) -> None:
    whole = vars(_cli.build_parser().parse_args(argv))
    assert vars(_cli.build_parser(argv[0]).parse_args(argv)) == whole


def test_the_commands_listed_are_the_same_whichever_command_is_built() -> None:
    whole = _cli.build_parser().format_help()
    assert _cli.build_parser("deadline").format_help() == whole
    assert _cli.build_parser("no-such-command").format_help() == whole


def test_an_unknown_command_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["no-such-command"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    for name in ("check", "deadline", "rules", "calendar", "stats", "worklist", "validate"):
        assert f"'{name}'" in err
    assert "'report'" in err


_OPEN_VISIT = ("deadline", "--level", "visit", "--start", "2025-03-03", "--as-of", "2025-05-15")


def test_the_letter_is_swedish_by_default_as_result_letter_and_english_when_asked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _err = _run(capsys, *_OPEN_VISIT, "--letter", "--contact", "Vårdlotsen")
    assert code == 0
    assert out.startswith("Din vårdgaranti")
    assert "Vårdlotsen" in out
    code, out, _err = _run(capsys, *_OPEN_VISIT, "--letter", "--lang", "en")
    assert code == 0
    assert out.startswith("Your care guarantee")
    # the explanation stays English by default
    code, out, _err = _run(capsys, *_OPEN_VISIT)
    assert out.startswith("Deadline: ")


def test_letter_with_json_or_contact_without_letter_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert "choose one" in _one_line_error(capsys, *_OPEN_VISIT, "--letter", "--json")
    assert "--contact goes with --letter" in _one_line_error(capsys, *_OPEN_VISIT, "--contact", "X")


@pytest.mark.parametrize("shape", [[], ["--json"], ["--lang", "sv"]])
def test_deadline_on_the_last_date_is_explained_not_an_internal_error(
    capsys: pytest.CaptureFixture[str], shape: list[str]
) -> None:
    # day 0 on 9999-12-31 (the contact level, 0 days): the explanation looks for exclusions
    # from the day after day 0, which does not exist
    code, out, err = _run(
        capsys, "deadline", "--level", "contact", "--start", "9999-12-31", "--as-of",
        "9999-12-31", *shape,
    )  # fmt: skip
    assert (code, err) == (0, "")
    if shape == ["--json"]:
        assert json.loads(out)["deadline"] == "9999-12-31"
    else:
        assert "9999-12-31" in out


def test_a_regional_rules_citation_is_in_swedish_in_a_swedish_explanation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = str(_overlay(tmp_path))
    argv = ("--level", "visit", "--start", "2025-03-03", "--rules", path, "--as-of", "2025-03-10")
    code, out, _ = _run(capsys, "deadline", *argv, "--lang", "sv")
    assert code == 0
    assert f"[{SOURCE} (Region Exempel); grundat på HSF (2017:80) 6 kap. 1 § 3" in out
    assert "based on" not in out
    code, out, _ = _run(capsys, "deadline", *argv, "--lang", "en")
    assert f"[{SOURCE} (Region Exempel); based on HSF (2017:80) 6 kap. 1 § 3" in out
    # the citation is data: JSON keeps it as the rule set wrote it, whatever the language
    data = _deadline_json(capsys, *argv, "--lang", "sv")
    assert data["rule"]["citation"].startswith(f"{SOURCE} (Region Exempel); based on HSF")


@pytest.mark.parametrize(
    ("args", "command", "unknown"),
    [
        (("check", "--exampel"), "check", "--exampel; did you mean --example?"),
        (("check", "a.csv", "b.csv"), "check", "b.csv"),
        (("deadline", "--level", "visit", "--start", "2025-01-01", "--foo"), "deadline", "--foo"),
        (("--bogus", "check", "--example"), "", "--bogus"),
    ],
)
def test_an_unknown_argument_is_said_by_its_command_with_the_commands_help(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], command: str, unknown: str
) -> None:
    """The command's --help lists its options; the top level's does not."""
    code, out, err = _run(capsys, *args)
    assert (code, out) == (2, "")
    where = f"vardgaranti {command}".strip()
    assert err == f"{where}: error: unrecognized arguments: {unknown} (see '{where} --help')\n"


@pytest.mark.parametrize(
    "command", ["check", "stats", "worklist", "validate", "report", "deadline", "rules"]
)
def test_help_is_wrapped_to_the_terminal_and_keeps_the_examples_as_written(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.setenv("COLUMNS", "72")
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = capsys.readouterr().out
    description = text.partition("\n\n")[2].partition("\n\n")[0]
    assert description
    assert max(len(line) for line in description.splitlines()) <= 72
    prose = [line for line in description.splitlines() if not line.startswith(" ")]
    # wrapped once, as one paragraph: no short line left by a second wrap ("the census")
    assert prose == textwrap.wrap(" ".join(prose), 72 - 2)  # (argparse keeps 2 columns)
    examples = text.partition("examples:\n")[2].splitlines()
    commands = [line for line in examples if line.startswith("  vardgaranti ")]
    assert commands, "every command shows examples, each on one line as written"
    assert all(line.startswith("  ") for line in examples if line)


def test_under_a_regional_rule_the_duty_of_care_elsewhere_follows_the_national_deadline(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Overdue by the region's 30 days, booked after the national 90: not yet a duty (HSL 9:2)."""
    region = str(Path(__file__).parent / "golden" / "week" / "region.toml")
    args = ("deadline", "--level", "visit", "--start", "2025-03-01", "--booked", "2025-06-20",
            "--rules", region)  # fmt: skip
    _code, out, _ = _run(capsys, *args, "--as-of", "2025-04-25")
    lines = out.splitlines()
    assert lines[0] == "Deadline: 2025-03-31"
    assert lines[1] == "Status: overdue"  # by the regional limit
    # (it said "Booked after the last day: rebook by 2025-05-30", the header's last day being
    # 2025-03-31: which day was meant, the review asked)
    assert lines[2] == (
        "Booked after the last day (2025-03-31): rebook by 2025-05-30, the law's last day; "
        "otherwise the region must see to it that the patient gets care elsewhere from "
        "2025-05-31."
    )
    _code, out_sv, _ = _run(capsys, *args, "--as-of", "2025-04-25", "--lang", "sv")
    assert out_sv.splitlines()[2] == (
        "Bokad efter sista dagen (2025-03-31): boka om senast 2025-05-30, lagens sista dag; "
        "annars ska regionen se till att patienten får vård hos en annan vårdgivare från "
        "2025-05-31."
    )
    assert "The region must arrange care" not in out
    assert (
        "rebook by 2025-05-30; otherwise the region must see to it that the patient gets care "
        "with another provider" in out
    )
    _code, out, _ = _run(capsys, *args, "--as-of", "2025-05-31")
    assert (
        out.splitlines()[2]
        == "The region must see to it that the patient gets care with another provider."
    )
    assert "The region must arrange care with another provider" in out


def test_a_regional_limit_over_the_bup_target_names_the_law_beneath_not_a_shortened_law(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The region shortens the target's 30 days; the law's 90 days lie beneath both.
    overlay = tmp_path / "bupreg.toml"
    overlay.write_text(
        'name = "Region Test"\nextends = "bup"\n'
        '[levels.first-assessment]\ndays = 20\nsource = "RF 2018 § 1"\n',
        encoding="utf-8",
    )
    case = ("--level", "first-assessment", "--start", "2025-01-01", "--as-of", "2025-01-25")
    _code, out, _ = _run(capsys, "deadline", "--rules", str(overlay), *case)
    assert "2025-04-01: the law's 90-day limit, which applies under the target too" in out
    assert "that the regional rule shortens" not in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        # --lang before or after the bad value, or as --lang=sv
        (["deadline", "--lang", "sv", "--level", "visit", "--start", "2025-13-01"],
         "argument --start: '2025-13-01' är inte ett datum (månaden ska vara 1–12)"),
        # (a prefix of --lang is no --lang: a review found "--la sv" Swedish in one error and
        # refused as unknown in another)
        (["deadline", "--la", "sv", "--level", "visit", "--start", "2025-13-01"],
         "argument --start: '2025-13-01' is not a date (month must be in 1..12)"),
        (["deadline", *VISIT, "--exclude", "pvv:2025-04-01", "--lang=sv"],
         "argument --exclude: undantaget 'pvv:2025-04-01' har inte formen "
         "SKÄL:FRÅN..TILL"),
        # the command's default: report is Swedish unless told, deadline English
        (["report", "--example", "--as-of", "2025-02-30"],
         "argument --as-of: '2025-02-30' är inte ett datum"),
        (["deadline", "--level", "visit", "--start", "2025-13-01"],
         "argument --start: '2025-13-01' is not a date (month must be in 1..12)"),
        (["report", "--example", "--lang", "en", "--as-of", "2025-02-30"],
         "argument --as-of: '2025-02-30' is not a date"),
        # the command line's numbers and months
        (["deadline", *VISIT, "--at-risk-days", "x", "--lang", "sv"],
         "argument --at-risk-days: 'x' är inte ett helt antal dagar"),
        (["deadline", *VISIT, "--at-risk-days", "-3", "--lang", "sv"],
         "argument --at-risk-days: '-3': antalet dagar måste vara minst 0"),
        (["stats", "--example", "--period", "2025-13", "--lang", "sv"],
         "argument --period: '2025-13' är inte en månad på formen ÅÅÅÅ-MM"),
        (["report", "--example", "--jobs", "0x"],
         "argument --jobs/-j: '0x' är inte ett helt antal processer eller auto"),
        (["report", "--example", "--top", "x"], "argument --top: 'x' är inte ett heltal"),
        (["report", "--example", "--top", "-1"], "argument --top: '-1': talet måste vara minst 0"),
        # argparse's own words (Python 3.11's)
        (["deadline", "--level", "visit", "--lang", "sv"],
         "de här argumenten krävs: --start"),
        (["deadline", "--level", "visit", "--lang", "en"],
         "the following arguments are required: --start"),
    ],
)  # fmt: skip
def test_a_bad_option_value_is_said_in_the_commands_language(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    code, out, err = _run(capsys, *argv)
    assert (code, out) == (2, "")
    asked = any(a == "--lang" and b == "sv" for a, b in itertools.pairwise(argv))
    swedish = asked or "--lang=sv" in argv or (argv[0] == "report" and "en" not in argv)
    if swedish:  # (the start of the line in Swedish too: "fel", "argumentet")
        expected = expected.replace("argument ", "argumentet ", 1)
    assert err.startswith(f"vardgaranti {argv[0]}: {'fel' if swedish else 'error'}: {expected}")
    see = "se" if swedish else "see"
    assert err.endswith(f"({see} 'vardgaranti {argv[0]} --help')\n")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--start", "2025-01-05", "--completed", "2025-01-04"], "--completed: 2025-01-04 is "),
        (["--start", "2025-01-05", "--booked", "2025-01-04"], "--booked: "),
        (["--start", "2025-01-05", "--level", "first-assessment"], "--level: the national "),
        (["--start", "2025-01-05", "--restart", "2025-01-04"], "--restart: "),
    ],
)
def test_an_error_about_the_case_names_the_option_not_the_librarys_field(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    """'completed: 2025-01-04 is before the start': the user typed --completed."""
    if "--level" not in argv:
        argv = ["--level", "visit", *argv]
    code, out, err = _run(capsys, "deadline", *argv, "--as-of", "2025-06-02")
    assert (code, out) == (2, "")
    assert err.startswith(f"vardgaranti: error: {said}"), err


def test_a_bad_exclude_is_said_of_the_option_once(capsys: pytest.CaptureFixture[str]) -> None:
    """'argument --exclude: exclusions: exclusion mov: …' named the option twice."""
    code, _out, err = _run(capsys, "deadline", "--level", "visit", "--start", "2025-01-05",
                           "--exclude", "mov:2025-01-10..2025-01-01")  # fmt: skip
    assert code == 2
    assert "argument --exclude: exclusion mov: it ends (2025-01-01) before it begins" in err
    assert "exclusions:" not in err


def test_an_other_readings_source_is_in_english_words_where_it_holds_a_reading(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A review: the law beneath a region's limit in 2008 was cited with the library's own
    # reading in Swedish ("tolkning, inte i överenskommelsens källor") under English output.
    overlay = tmp_path / "region.toml"
    overlay.write_text('name = "Region Alla"\n[levels.visit]\ndays = 60\nsource = "RF § 2"\n')
    argv = ["deadline", "--rules", str(overlay), "--level", "visit", "--start", "2008-03-03",
            "--as-of", "2008-03-20"]  # fmt: skip
    assert main(argv) == 0
    english = capsys.readouterr().out
    other = english.split("Other readings and limits:")[1]
    assert "the 90-day limit that the regional rule shortens" in other
    assert "reading (vardgaranti), not in the agreement's sources" in other
    assert "tolkning" not in english
    assert main([*argv, "--lang", "sv"]) == 0
    assert "tolkning, inte i överenskommelsens källor" in capsys.readouterr().out


def test_rules_in_swedish_give_each_rule_in_the_statutes_words(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Guarantee units answer patients in Swedish: `rules` spoke English only (the language
    # review). The English text is as it was; JSON keeps the data's words.
    assert main(["rules", "--at", "2025-03-03", "--lang", "sv"]) == 0
    swedish = capsys.readouterr().out
    assert "Regler i kraft 2025-03-03:" in swedish
    assert "  besök                 90 dagar   författning, 2022-07-01–\n" in swedish
    assert (
        "    ett besök i den specialiserade vården inom 90 dagar från det att remiss har "
        "utfärdats eller, om någon remiss inte är nödvändig, från det att den enskilde har sökt "
        "kontakt med den specialiserade vården (besöksgaranti inom den specialiserade vården)\n"
    ) in swedish
    assert "    undantag: mov, pvv, region (HSF (2017:80) 6 kap. 2 §)\n" in swedish
    # ("när den har passerat": "den" could be the provider, a language review)
    assert (
        "vård hos en annan vårdgivare när tidsgränsen har passerat (HSL (2017:30) 9 kap. 2 §"
        in (swedish)
    )
    assert "endast för patienter listade hos utföraren" in swedish
    body = swedish.split("\n", 1)[1]  # (the rule set's description is the data's, English)
    for english in ("days", "from:", "exclusions", "statute", "care elsewhere", "Rules"):
        assert english not in body, english
    overlay = tmp_path / "region.toml"
    overlay.write_text('name = "Region Alla"\n[levels.visit]\ndays = 60\nsource = "RF § 2"\n')
    assert main(["rules", "--rules", str(overlay), "--at", "2025-03-03", "--lang", "sv"]) == 0
    regional = capsys.readouterr().out
    assert "  besök                 60 dagar   regionalt beslut, " in regional
    assert "Region Alla: 60 dagar i stället för den nationella regelns 90 dagar" in regional
    assert "RF § 2 (Region Alla); grundat på HSF (2017:80) 6 kap. 1 § 3" in regional
    assert "lagen under den: 90 dagar (HSF (2017:80) 6 kap. 1 § 3" in regional
    assert main(["rules", "--rules", "bup", "--at", "2025-03-03", "--lang", "sv"]) == 0
    bup = capsys.readouterr().out
    assert "  första bedömning      30 dagar   målsättning, 2011-01-01– (i denna" in bup
    assert main(["rules", "--at", "1990-01-01", "--lang", "sv"]) == 0
    assert "(inga: regeluppsättningen har ingen regel i kraft den dagen)" in capsys.readouterr().out
    assert main(["rules", "--json", "--lang", "sv"]) == 0
    as_json = capsys.readouterr().out
    assert main(["rules", "--json"]) == 0
    assert capsys.readouterr().out == as_json


@pytest.mark.parametrize(
    ("start", "booked", "as_of", "sv", "en"),
    [
        ("2009-10-01", "2010-01-20", "2009-11-01",
         "annars anger överenskommelsen vård hos en annan vårdgivare från",
         "otherwise the agreement (not statute) provides for care elsewhere from"),
        ("2013-10-01", "2014-01-20", "2013-11-01",
         "annars ska landstinget se till att patienten får vård hos en annan vårdgivare från",
         "otherwise the county council (landsting) must see to it"),
        ("2025-01-10", "2025-06-01", "2025-03-01",
         "annars ska regionen se till att patienten får vård hos en annan vårdgivare från",
         "otherwise the region must see to it"),
    ],
)  # fmt: skip
def test_the_booked_late_line_names_who_must_arrange_care_elsewhere_as_the_explanation_does(
    capsys: pytest.CaptureFixture[str], start: str, booked: str, as_of: str, sv: str, en: str
) -> None:
    # The line above the explanation said "regionen måste" for a 2013 case (a landsting's duty,
    # SFS 2019:973) and for a 2009 one (the 2005 agreement's, not statute), where the step
    # below it said "landstinget" and "överenskommelsen".
    args = ("deadline", "--level", "treatment", "--start", start, "--booked", booked,
            "--as-of", as_of)  # fmt: skip
    _code, out_sv, _ = _run(capsys, *args, "--lang", "sv")
    summary, explanation = out_sv.splitlines()[2], out_sv.partition("Förklaring:")[2]
    assert summary.startswith("Bokad efter sista dagen: boka om senast ")
    assert sv in summary
    assert sv.removesuffix(" från") in explanation  # the step says the same of who
    _code, out_en, _ = _run(capsys, *args, "--lang", "en")
    assert en in out_en.splitlines()[2]


def test_a_regional_limit_before_2020_names_the_county_council_in_the_booked_late_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    region = str(Path(__file__).parent / "golden" / "week" / "region.toml")
    args = ("deadline", "--level", "visit", "--start", "2015-03-02", "--booked", "2015-06-20",
            "--rules", region, "--as-of", "2015-04-25")  # fmt: skip
    _code, out, _ = _run(capsys, *args, "--lang", "sv")
    assert out.splitlines()[2].endswith(
        "lagens sista dag; annars ska landstinget se till att patienten får vård hos en annan "
        "vårdgivare från 2015-06-01."
    )


def test_swedish_start_step_quotes_the_referral_rule_with_both_its_branches(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """HSF 6 kap. 1 § 3: "från det att remiss har utfärdats eller, ..., från det att ..."."""
    code, out, _ = _run(
        capsys, "deadline", "--level", "besök", "--start", "2025-03-03", "--lang", "sv"
    )
    assert code == 0
    step = next(line for line in out.splitlines() if "Tiden räknas från" in line)
    assert step.startswith(
        "2. Tiden räknas från 2025-03-03 (från det att remiss har utfärdats eller, om någon "
        "remiss inte är nödvändig, från det att den enskilde har sökt kontakt med den "
        "specialiserade vården); den dagen är dag 0."
    )


def test_the_laws_day_beneath_the_bup_target_is_listed_as_a_limit_not_only_a_reading(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A Swedish review: the law's 90 days beneath BUP's target (HSF 6 kap. 1 § 4) came under
    # "Andra tolkningar" (other readings) alone, as if the law were an interpretation.
    argv = ["deadline", "--rules", "bup", "--level", "treatment", "--start", "2025-03-01",
            "--as-of", "2025-03-15", "--lang", "sv"]  # fmt: skip
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    heading = lines.index("Andra tolkningar och gränser:")
    assert lines[heading + 1].startswith("- 2025-05-30: lagens gräns på 90 dagar")
    assert "Andra tolkningar:" not in lines


def test_rules_in_swedish_describe_the_rule_set_in_swedish(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A Swedish review: the first line of `rules --lang sv` was the rule set's English
    # description ("The national vårdgaranti ... and its predecessors").
    assert main(["rules", "--at", "2025-03-03", "--lang", "sv"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == (
        "national: Den nationella vårdgarantin 0–3–90–90 (HSL 2017:30 9 kap., HSF 2017:80 "
        "6 kap.) och dess föregångare från 2005-11-01"
    )
    assert main(["rules", "--rules", "bup", "--at", "2025-03-03", "--lang", "sv"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("bup: Förstärkt vårdgaranti för barn- och ungdomspsykiatrin (BUP): ")
    assert "not statute" not in first
    assert "inte författning" in first
    assert main(["rules", "--rules", "bup", "--at", "2025-03-03"]) == 0  # (English as it was)
    assert "a state–SKR target since 2011, not statute" in capsys.readouterr().out
    overlay = tmp_path / "region.toml"
    overlay.write_text('name = "Region Alla"\n[levels.visit]\ndays = 60\nsource = "RF § 2"\n')
    assert main(["rules", "--rules", str(overlay), "--at", "2025-03-03", "--lang", "sv"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == "Region Alla: regionala gränser över regeluppsättningen national"
    # A region's own description is its own words, in whatever language it wrote them.
    overlay.write_text(
        'name = "Region Alla"\ndescription = "Region Allas gränser"\n'
        '[levels.visit]\ndays = 60\nsource = "RF § 2"\n'
    )
    assert main(["rules", "--rules", str(overlay), "--at", "2025-03-03", "--lang", "sv"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "Region Alla: Region Allas gränser"


def test_a_letter_of_a_listed_patient_states_the_assessment_without_the_listing_condition(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A review of the change: `deadline --letter` could only say the listing was unknown (the
    # condition in every assessment letter), or not listed (no letter, not covered).
    argv = ["deadline", "--level", "bedömning", "--start", "2025-05-28", "--as-of", "2025-05-29",
            "--letter"]  # fmt: skip
    condition = "På en vårdcentral där man kan lista sig gäller det bara om du är listad där."
    code, unknown, _err = _run(capsys, *argv)
    assert code == 0
    assert condition in " ".join(unknown.split())
    code, listed, _err = _run(capsys, *argv, "--listed")
    assert code == 0
    assert condition not in " ".join(listed.split())
    assert "senast den 31 maj 2025" in " ".join(listed.split())
    code, _out, err = _run(capsys, *argv, "--listed", "--not-listed")
    assert code == 2
    assert "not allowed with argument" in err
