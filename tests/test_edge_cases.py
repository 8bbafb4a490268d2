"""Edge cases found in review: far-off dates, odd files and paths, law in force per version."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from vardgaranti import (
    NATIONAL,
    Case,
    ContactSought,
    Level,
    ReferralIssued,
    RuleSet,
    Status,
    check_waiting_list,
    evaluate,
    evaluate_many,
    load_rule_set,
    read_waiting_list,
)
from vardgaranti._cli import main
from vardgaranti.errors import (
    InvalidCaseError,
    InvalidTypeError,
    RuleSetError,
    UnknownLevelError,
    UnknownReasonError,
    VardgarantiError,
)

pytestmark = pytest.mark.usefixtures(
    "both_entry_points",  # the suite through both entry points
    "check_engine",  # the batch suite through both engines of check
)

AS_OF = date(2025, 6, 2)


def _check(text: str, as_of: date = AS_OF, rules: RuleSet = NATIONAL) -> tuple[list[str], int]:
    output = io.StringIO(newline="")
    summary = check_waiting_list(io.StringIO(text, newline=""), output, as_of=as_of, rules=rules)
    return output.getvalue().splitlines(), summary.errors


# -- dates near the end of the calendar ----------------------------------------------------------


def test_a_deadline_past_9999_is_a_clear_error_not_an_overflow() -> None:
    case = Case(level="visit", start=date(2025, 3, 1), exclusions="mov:2025-03-05..9999-12-30")
    with pytest.raises(InvalidCaseError, match="after 9999-12-31"):
        evaluate(case, as_of=date(2025, 4, 1))


def test_a_deadline_past_9999_in_a_list_is_a_row_error_and_the_run_goes_on() -> None:
    text = (
        "id;level;start;exclusions\n"
        "A;visit;2025-03-01;mov:2025-03-05..9999-12-30\n"
        "B;visit;2025-03-01;\n"
    )
    lines, errors = _check(text)
    assert len(lines) == 3
    assert errors == 1
    assert lines[1].endswith("exclusions: the deadline would fall after 9999-12-31")
    assert ";2025-05-30;" in lines[2]
    done = list(evaluate_many(read_waiting_list(io.StringIO(text)), as_of=AS_OF))
    assert [item.error is None for item in done] == [False, True]


def test_a_deadline_past_9999_from_a_restart_names_the_restart_not_the_start() -> None:
    # day 0 is the restart's: it is the restart that puts the deadline past the calendar
    case = Case(level="visit", start=date(2025, 3, 3), restart=date(9999, 12, 31))
    with pytest.raises(InvalidCaseError) as raised:
        evaluate(case, as_of=date(9999, 12, 31))
    assert raised.value.field == "restart"
    text = "id;level;start;restart\nA;visit;2025-03-03;9999-12-31\nB;visit;9999-12-31;\n"
    lines, errors = _check(text, as_of=date(9999, 12, 31))
    assert errors == 2
    past = "the deadline (9999-12-31 + 90 days) would fall after 9999-12-31"
    assert lines[1].endswith(f";restart: {past}")
    assert lines[2].endswith(f";start: {past}")


def test_a_deadline_past_9999_under_a_regions_limit_names_the_start_whose_law_overflows() -> None:
    # A review: under a 30-day overlay, 9999-12-01 + 30 days fits but the law's 90 days (which
    # care elsewhere follows) do not: "--exclude: ..." was said of a case without exclusions.
    from vardgaranti import overlay_rule_set

    region = overlay_rule_set(
        {"name": "Region X", "levels": {"visit": {"days": 30, "source": "Beslut"}}}
    )
    case = Case(level="visit", start=date(9999, 12, 1))
    with pytest.raises(InvalidCaseError) as raised:
        evaluate(case, as_of=date(9999, 12, 2), rules=region)
    assert raised.value.field == "start"
    assert "(9999-12-01 + 90 days)" in str(raised.value)
    text = "id;level;start\nA;visit;9999-12-01\n"
    lines, errors = _check(text, as_of=date(9999, 12, 2), rules=region)
    assert errors == 1
    assert lines[1].endswith(
        ";start: the deadline (9999-12-01 + 90 days) would fall after 9999-12-31"
    )


# -- files and paths -----------------------------------------------------------------------------


def test_a_header_name_with_a_line_break_in_quotes_stays_one_header() -> None:
    lines, errors = _check('id;"my\nnote";level;start\nA;x;visit;2025-03-01\n')
    assert errors == 0
    assert lines[-1].startswith("A;x;visit;2025-03-01;2025-05-30;")


def test_file_errors_name_the_physical_line(tmp_path: Path) -> None:
    rows = "".join(f"R{n};visit;2025-03-01\n" for n in range(1, 501))
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        ("id;level;start\n" + rows).encode() + "R501;besök;2025-03-01\n".encode("cp1252")
    )
    with pytest.raises(VardgarantiError, match="on line 502 "):  # header + 500 rows, then it
        check_waiting_list(path, io.StringIO(), as_of=AS_OF, encoding="utf-8")


def test_output_through_a_symbolic_link_writes_the_linked_file(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert main(["check", "--example", "--output", str(link)]) == 1
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8-sig").startswith("id;unit;level;start")


def test_output_to_a_directory_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--example", "--output", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []


def test_a_rule_file_that_is_not_utf8_is_a_rule_set_error(tmp_path: Path) -> None:
    path = tmp_path / "region.toml"
    path.write_bytes('name = "Region \xc5"\n'.encode("latin-1"))
    with pytest.raises(RuleSetError, match="not UTF-8"):
        load_rule_set(path)


# -- the API refuses what it cannot read ----------------------------------------------------------


def test_listed_must_be_a_bool_or_none() -> None:
    with pytest.raises(InvalidTypeError, match="listed must be True, False or None"):
        Case(level="contact", start=date(2025, 3, 1), listed="nej")  # type: ignore[arg-type]


def test_exclusions_may_be_given_as_text() -> None:
    case = Case(level="visit", start=date(2025, 3, 1), exclusions="mov:2025-04-01..2025-04-14")
    assert evaluate(case, as_of=date(2025, 4, 1)).excluded_days == 14


def test_a_level_or_reason_that_is_not_text_is_a_clear_error() -> None:
    with pytest.raises(UnknownLevelError):
        Level.parse(3)  # type: ignore[arg-type]
    with pytest.raises(UnknownReasonError):
        Case(level="visit", start=date(2025, 3, 1), exclusions="sjuk:2025-04-01..2025-04-02")
    with pytest.raises(InvalidTypeError, match="Exclusion values"):
        Case(level="visit", start=date(2025, 3, 1), exclusions=[(1, 2, 3)])  # type: ignore[list-item]


def test_from_events_reads_an_aware_as_of_in_stockholm_and_refuses_a_naive_one() -> None:
    events = [ContactSought(date(2025, 3, 1))]
    aware = datetime(2025, 3, 1, 23, 30, tzinfo=UTC)  # already 2 March in Sweden
    assert Case.from_events("contact", events, as_of=aware).start == date(2025, 3, 1)
    with pytest.raises(InvalidTypeError):
        Case.from_events("contact", events, as_of=datetime(2025, 3, 2))  # naive


def test_self_referral_start_must_be_sought_or_accepted() -> None:
    with pytest.raises(InvalidCaseError, match="sought' or 'accepted"):
        Case.from_events("visit", [ReferralIssued(date(2025, 3, 1))], self_referral_start="x")


# -- the law in force for each version -----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "citation"),
    [
        (date(2008, 3, 1), "Överenskommelse mellan staten och Landstingsförbundet"),
        (date(2012, 3, 1), "HSL (1982:763) 3 g–3 i §§"),
        (date(2016, 3, 1), "Patientlagen (2014:821) 2 kap. 4 §"),
        (date(2018, 3, 1), "HSL (2017:30) 9 kap. 2 §"),
        (date(2025, 3, 1), "HSL (2017:30) 9 kap. 2 §"),
    ],
)
def test_care_elsewhere_cites_the_law_in_force_for_the_case(start: date, citation: str) -> None:
    result = evaluate(Case(level="visit", start=start), as_of=start.replace(month=9))
    assert result.status is Status.OVERDUE
    assert result.care_elsewhere
    (step,) = [step for step in result.steps if step.code == "care-elsewhere"]
    assert step.citation is not None
    assert citation in step.citation
    if start < date(2010, 7, 1):
        assert "not statute" in step.en  # the 2005 guarantee was an agreement


@pytest.mark.parametrize(
    ("start", "who_sv", "who_en"),
    [
        (date(2008, 3, 3), "annars anger överenskommelsen vård hos en annan vårdgivare från "
         "2008-06-02", "otherwise the agreement (not statute) provides for care with another "
         "provider from 2008-06-02"),
        (date(2019, 9, 1), "annars ska landstinget se till att patienten får vård hos en annan "
         "vårdgivare från 2019-12-01", "otherwise the county council (landsting; a region from "
         "2020) must see to it that the patient gets care with another provider from "
         "2019-12-01"),
        (date(2019, 10, 2), "annars ska regionen se till att patienten får vård hos en annan "
         "vårdgivare från 2020-01-01", "otherwise the region must see to it that the patient "
         "gets care with another provider from 2020-01-01"),
    ],
)  # fmt: skip
def test_care_elsewhere_after_a_late_booking_names_who_must_arrange_it_on_the_day_it_arises(
    start: date, who_sv: str, who_en: str
) -> None:
    # A review: a booking after the deadline said "regionen måste" in 2008 (an agreement) and
    # 2019 (a landsting), where the overdue step of the same case said who it was.
    deadline = evaluate(Case(level="visit", start=start), as_of=start).deadline
    assert deadline is not None
    case = Case(level="visit", start=start, booked=deadline + timedelta(days=10))
    result = evaluate(case, as_of=start)
    (step,) = [step for step in result.steps if step.code == "care-elsewhere"]
    assert "bokade tiden ligger efter sista dagen" in step.sv
    assert who_sv in step.sv
    assert who_en in step.en


@pytest.mark.parametrize(
    ("start", "body_sv", "body_en"),
    [
        # the duty arose on 2019-05-30: the statute said landstinget until 2019-12-31
        (
            date(2019, 3, 1),
            "Landstinget ska se till",
            "The county council (landsting; a region from 2020) must",
        ),
        # the duty arose on 2020-01-01, the day SFS 2019:973 renamed landsting region
        (date(2019, 10, 3), "Regionen ska se till", "The region must"),
        (
            date(2012, 3, 1),
            "Landstinget ska se till",
            "The county council (landsting; a region from 2020) must",
        ),
        (date(2025, 3, 1), "Regionen ska se till", "The region must"),
    ],
)
def test_care_elsewhere_names_the_body_the_law_named_when_the_duty_arose(
    start: date, body_sv: str, body_en: str
) -> None:
    # HSL 9 kap. 2 § as amended by SFS 2019:973 (in force 2020-01-01): landsting -> region
    result = evaluate(Case(level="visit", start=start), as_of=start.replace(year=start.year + 1))
    (step,) = [step for step in result.steps if step.code == "care-elsewhere"]
    assert step.text("sv").startswith(body_sv)
    assert step.text("en").startswith(body_en)


def test_not_listed_before_2022_07_01_has_no_effect_and_says_why() -> None:
    case = Case(level="assessment", start=date(2022, 6, 30), listed=False)
    result = evaluate(case, as_of=date(2022, 6, 30))
    assert result.status is not Status.NOT_COVERED
    assert "listing-not-required" in [step.code for step in result.steps]
    later = evaluate(Case(level="assessment", start=date(2022, 7, 1), listed=False), as_of=AS_OF)
    assert later.status is Status.NOT_COVERED


def test_not_listed_before_2022_07_01_says_why_under_a_regional_rule_too(tmp_path: Path) -> None:
    # A review: under a region's shorter limit the not-listed input was passed over in silence.
    overlay = tmp_path / "region.toml"
    overlay.write_text('name = "Region Alla"\n[levels.assessment]\ndays = 2\nsource = "RF § 2"\n')
    rules = load_rule_set(overlay)
    case = Case(level="assessment", start=date(2022, 6, 30), listed=False)
    result = evaluate(case, as_of=date(2022, 7, 1), rules=rules)
    assert result.status is not Status.NOT_COVERED
    (step,) = [step for step in result.steps if step.code == "listing-not-required"]
    assert step.citation == "HSL (2017:30) 9 kap. 1 § 2 st. (Lag 2022:273)"
    later = Case(level="assessment", start=date(2022, 7, 1), listed=False)
    assert evaluate(later, as_of=date(2022, 7, 1), rules=rules).status is Status.NOT_COVERED


def test_the_listing_step_cites_the_rule_that_requires_listing_in_each_language() -> None:
    # from the rule data (HSL 9 kap. 1 § 2 st., Lag 2022:273, from 2022-07-01); the English
    # text is English, the citation the statute's own words
    case = Case(level="contact", start=date(2021, 3, 1), listed=False)
    step = next(
        s for s in evaluate(case, as_of=date(2021, 3, 1)).steps if s.code == "listing-not-required"
    )
    assert step.citation == "HSL (2017:30) 9 kap. 1 § 2 st. (Lag 2022:273)"
    assert "only from 2022-07-01" in step.text("en")
    assert "först från 2022-07-01" in step.text("sv")
    assert "i kraft" not in step.text("en") + str(step.citation)
    # a level no later rule requires listing for has no such step
    visit = evaluate(
        Case(level="visit", start=date(2021, 3, 1), listed=False), as_of=date(2021, 3, 1)
    )
    assert "listing-not-required" not in [s.code for s in visit.steps]


def test_every_national_rule_for_a_90_day_step_names_its_care_elsewhere_basis() -> None:
    for rule in NATIONAL.rules:
        has_basis = rule.care_elsewhere_citation is not None
        assert has_basis is (rule.level in (Level.VISIT, Level.TREATMENT)), rule.id


def test_an_overlay_may_not_take_a_built_in_name() -> None:
    from vardgaranti import overlay_rule_set

    with pytest.raises(RuleSetError, match="built-in"):
        overlay_rule_set({"name": "National", "levels": {"visit": {"days": 30, "source": "x"}}})


def test_json_rules_carry_the_structured_citation() -> None:
    rule = NATIONAL.rule_for(Level.VISIT, date(2025, 3, 1))
    parts = rule.as_dict()["citation_parts"]
    assert parts == {
        "text": "HSF (2017:80) 6 kap. 1 § 3 (Förordning 2018:1129)",
        "sfs": "2017:80",
        "kapitel": 6,
        "paragraf": "1",
        "punkt": 3,
        "lydelse": "Förordning 2018:1129",
        "sources": None,
    }


_D = date(2025, 1, 1)


@pytest.mark.parametrize(
    ("field", "make"),
    [
        ("start", lambda: Case(level="visit", start="2025-13-01")),  # type: ignore[arg-type]
        ("completed", lambda: Case(level="visit", start=_D, completed="2025-02-01")),  # type: ignore[arg-type]
        ("booked", lambda: Case(level="visit", start=_D, booked=20250201)),  # type: ignore[arg-type]
        ("restart", lambda: Case(level="visit", start=_D, restart=["2025-02-01"])),  # type: ignore[list-item]
        ("waived", lambda: Case(level="visit", start=_D, waived="2025-02-01")),  # type: ignore[arg-type]
        ("level", lambda: Case(level="vist", start=_D)),
        ("listed", lambda: Case(level="visit", start=_D, listed="kanske")),  # type: ignore[arg-type]
        (
            "exclusions",
            lambda: Case(level="visit", start=_D, exclusions="xx:2025-01-02..2025-01-03"),
        ),
        (
            "exclusions",
            lambda: Case(level="visit", start=_D, exclusions="mov:2025-01-04..2025-01-03"),
        ),
        ("start", lambda: evaluate(Case(level="visit", start=date(2004, 1, 1)), as_of=_D)),
    ],
)
def test_an_api_error_about_an_input_field_names_that_field(
    field: str, make: Callable[[], object]
) -> None:
    # as a row's error in check names its column, the API's error says which argument
    with pytest.raises(VardgarantiError) as info:
        make()
    assert info.value.field == field
    assert str(info.value).startswith(field)


@pytest.mark.parametrize(
    "text",
    [
        "２０２５０１０２",
        "٢٠٢٥٠١٠٢",
        "２０２５-01-02",
        "2025-0１-02",
        "２０２５０１０２１２００００",
    ],
)
def test_a_date_in_digits_other_than_ascii_is_an_error_in_our_words(text: str) -> None:
    # the compact form took fullwidth and Arabic-Indic digits (re's \d); the ISO form with
    # them said Python's "Invalid isoformat string"
    from vardgaranti._profiles import DayReader
    from vardgaranti.errors import InvalidDateError

    with pytest.raises(InvalidDateError) as raised:
        DayReader()(text, "start")
    assert "is not a date in the form YYYY-MM-DD" in str(raised.value)
    assert "isoformat" not in str(raised.value)
    assert DayReader()("20250102", "start") == date(2025, 1, 2)


@pytest.mark.parametrize("lkf", ["１８８０", "18８0"])
def test_a_municipality_in_other_digits_is_unknown(lkf: str) -> None:
    from vardgaranti._stats import _home_value

    assert _home_value(lkf, frozenset({"18"})) == "unknown"
    assert _home_value("1880", frozenset({"18"})) == "own"


@pytest.mark.parametrize(
    ("start", "reading"), [(date(2018, 6, 1), True), (date(2021, 3, 9), True),
                           (date(2021, 3, 10), False), (date(2025, 3, 3), False)]
)  # fmt: skip
def test_the_count_of_calendar_days_before_skrs_answer_of_2021_is_cited_as_a_reading(
    start: date, reading: bool
) -> None:
    # A jurist's review: the step cited SKR's answer of 2021-03-10 for a case of 2008 or 2018
    # as if it were that case's source; counting.md calls it an interpretation.
    result = evaluate(Case(level="visit", start=start), as_of=start)
    (step,) = [step for step in result.steps if step.code == "limit"]
    assert step.citation is not None
    assert step.citation.startswith("SKR, Hur ser vårdgarantins tidsgränser ut? (2021-03-10)")
    assert (
        "tolkning (vardgaranti): samma räkning även före 2021-03-10" in step.citation
    ) is reading
    assert ("the same counting before 2021-03-10 too" in result.explain("en")) is reading
