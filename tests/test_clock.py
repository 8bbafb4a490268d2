"""The clock: counting conventions, exclusions, restart, roll-forward, statuses and explanations.

Every expected date is computed by hand from the reference
(/work/shared/reference/vardgaranti-rules.md §5 and §9): day 0 is the start, the deadline is
start + limit, the deadline day is on time. The arithmetic is spelled out next to each case.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from vardgaranti import (
    BUP,
    NATIONAL,
    Case,
    Event,
    Exclusion,
    ExclusionReason,
    Level,
    Policy,
    Result,
    RuleSet,
    SelfReferralAccepted,
    SelfReferralReceived,
    Status,
    evaluate,
    extend_deadline,
    load_rule_set,
    merge_exclusions,
    parse_exclusions,
)
from vardgaranti._core import check_exclusions
from vardgaranti._messages import citation_text
from vardgaranti._rules import overlay_rule_set
from vardgaranti.errors import (
    DateTypeError,
    ExclusionNotAllowedError,
    InvalidCaseError,
    InvalidTypeError,
    InvalidValueError,
    UnsupportedYearError,
    VardgarantiError,
)

pytestmark = pytest.mark.usefixtures("both_entry_points")  # the suite through both entry points

D = date
MOV, PVV, REGION = ExclusionReason.MOV, ExclusionReason.PVV, ExclusionReason.REGION
ROLL_LAW = "Lag (1930:173)"

#: A visit case used throughout: referral 1 January 2025, so the calendar deadline is
#: 1 January + 90 days = 1 April 2025 (31 + 28 + 31 = 90), a Tuesday.
VISIT_START = D(2025, 1, 1)
VISIT_DEADLINE = D(2025, 4, 1)


def _visit(
    *exclusions: Exclusion,
    completed: date | None = None,
    booked: date | None = None,
    restart: date | None = None,
    waived: date | None = None,
) -> Case:
    return Case(
        level="visit",
        start=VISIT_START,
        exclusions=exclusions,
        completed=completed,
        booked=booked,
        restart=restart,
        waived=waived,
    )


def _mov(start: date, end: date) -> Exclusion:
    return Exclusion(MOV, start, end)


def _codes(result: Result) -> list[str]:
    return [step.code for step in result.steps]


# -- counting conventions (reference §5.1, §9) --------------------------------------------------


def test_skr_example_contact_5_march_2021_assessment_by_8_march() -> None:
    # SKR 2021-03-10: 5 March = dag 0, 6 March = 1, 7 March = 2, "8 mars: 3 dagar".
    case = Case(level="assessment", start=D(2021, 3, 5))
    result = evaluate(case, as_of=D(2021, 3, 5))
    assert result.deadline == D(2021, 3, 8)
    assert result.limit_days == 3
    assert result.rule.id == "national.assessment.2019-01-01"


def test_skr_example_assessment_on_8_march_is_within_the_guarantee() -> None:
    case = Case(level="assessment", start=D(2021, 3, 5), completed=D(2021, 3, 8))
    result = evaluate(case, as_of=D(2021, 3, 31))
    assert result.status is Status.MET
    assert result.days_waited == 3
    assert result.days_over is None


def test_skr_example_assessment_on_9_march_is_missed() -> None:
    case = Case(level="assessment", start=D(2021, 3, 5), completed=D(2021, 3, 9))
    result = evaluate(case, as_of=D(2021, 3, 31))
    assert result.status is Status.MISSED
    assert result.days_waited == 4
    assert result.days_over == 1
    assert result.care_elsewhere is False  # HSL 9 kap. 2 § covers only the 90-day steps


def test_region_stockholm_contact_on_a_friday_assessment_by_monday() -> None:
    friday = D(2025, 3, 7)
    assert friday.weekday() == 4
    result = evaluate(Case(level="bedömning", start=friday), as_of=friday)
    assert result.deadline == D(2025, 3, 10)
    assert result.deadline.weekday() == 0
    assert result.alternatives == ()  # a Monday is a vardag: both readings agree (§6.2)


def test_start_day_is_day_0_and_the_deadline_is_start_plus_90() -> None:
    result = evaluate(_visit(), as_of=VISIT_START)
    assert result.deadline == VISIT_DEADLINE
    assert result.days_waited == 0
    assert result.days_left == 90
    assert result.excluded_days == 0


def test_calendar_days_include_weekends_and_holidays() -> None:
    # 20 December 2025 + 7 days crosses jul; holidays count like any day.
    case = Case(level="treatment", start=D(2025, 12, 20))
    assert evaluate(case, as_of=D(2025, 12, 20)).deadline == D(2026, 3, 20)
    assessment = Case(level="assessment", start=D(2018, 12, 20))
    assert evaluate(assessment, as_of=D(2018, 12, 20)).deadline == D(2018, 12, 27)


def test_contact_guarantee_is_the_same_day() -> None:
    day = D(2025, 3, 4)
    assert evaluate(Case(level="contact", start=day), as_of=day).deadline == day
    met = evaluate(Case(level="kontakt", start=day, completed=day), as_of=day)
    assert met.status is Status.MET
    pending = evaluate(Case(level="contact", start=day, completed=day + timedelta(1)), as_of=day)
    assert (pending.status, pending.days_left) == (Status.AT_RISK, 0)  # not given yet
    late = evaluate(
        Case(level="contact", start=day, completed=day + timedelta(1)), as_of=day + timedelta(1)
    )
    assert late.status is Status.MISSED
    assert late.days_over == 1


def test_assessment_uses_the_7_day_rule_in_force_on_the_start_before_2019() -> None:
    # 28 December 2018 + 7 = 4 January 2019, although the 3-day rule is in force by then.
    result = evaluate(Case(level="assessment", start=D(2018, 12, 28)), as_of=D(2019, 1, 2))
    assert result.deadline == D(2019, 1, 4)
    assert result.limit_days == 7


def test_treatment_90_days_from_the_decision() -> None:
    # 15 May 2024 + 90: 16 days to 31 May, 30 to 30 June (46), 31 to 31 July (77), 13 August.
    result = evaluate(Case(level="behandling", start=D(2024, 5, 15)), as_of=D(2024, 5, 15))
    assert result.deadline == D(2024, 8, 13)


# -- exclusions (HSF 6 kap. 2 §) ----------------------------------------------------------------


def test_exclusion_moves_the_deadline_by_its_inclusive_length() -> None:
    # 1–14 February: 14 days, 1 April + 14 = 15 April.
    result = evaluate(_visit(_mov(D(2025, 2, 1), D(2025, 2, 14))), as_of=VISIT_START)
    assert result.deadline == D(2025, 4, 15)
    assert result.excluded_days == 14


def test_a_one_day_exclusion_counts_one_day() -> None:
    result = evaluate(_visit(_mov(D(2025, 2, 1), D(2025, 2, 1))), as_of=VISIT_START)
    assert result.deadline == D(2025, 4, 2)


def test_overlapping_exclusions_count_their_union_across_reasons() -> None:
    # mov 1–14 Feb and pvv 10–20 Feb: union 1–20 Feb = 20 days, not 14 + 11 = 25.
    case = _visit(
        _mov(D(2025, 2, 1), D(2025, 2, 14)), Exclusion(PVV, D(2025, 2, 10), D(2025, 2, 20))
    )
    result = evaluate(case, as_of=VISIT_START)
    assert result.deadline == D(2025, 4, 21)
    assert result.excluded_days == 20
    counted = [step for step in result.steps if step.code == "exclusion-counted"]
    assert len(counted) == 1
    assert "mov+pvv" in counted[0].en


def test_identical_exclusions_count_once() -> None:
    period = _mov(D(2025, 2, 1), D(2025, 2, 14))
    result = evaluate(
        _visit(period, period, Exclusion(PVV, period.start, period.end)), as_of=VISIT_START
    )
    assert result.deadline == D(2025, 4, 15)


def test_adjacent_exclusions_join_into_one_period() -> None:
    case = _visit(
        _mov(D(2025, 2, 1), D(2025, 2, 10)), Exclusion(PVV, D(2025, 2, 11), D(2025, 2, 20))
    )
    merged = merge_exclusions(case.exclusions, VISIT_START)
    assert merged == [(D(2025, 2, 1), D(2025, 2, 20), frozenset({MOV, PVV}))]
    assert evaluate(case, as_of=VISIT_START).deadline == D(2025, 4, 21)


def test_exclusions_with_a_gap_stay_apart() -> None:
    merged = merge_exclusions(
        [_mov(D(2025, 2, 1), D(2025, 2, 10)), _mov(D(2025, 2, 12), D(2025, 2, 20))], VISIT_START
    )
    assert [(start, end) for start, end, _ in merged] == [
        (D(2025, 2, 1), D(2025, 2, 10)),
        (D(2025, 2, 12), D(2025, 2, 20)),
    ]


def test_excluded_days_on_or_before_the_start_do_not_count() -> None:
    # 20 Dec 2024 – 5 Jan 2025: only 2–5 January lie after day 0 → 4 days → 5 April.
    result = evaluate(_visit(_mov(D(2024, 12, 20), D(2025, 1, 5))), as_of=VISIT_START)
    assert result.deadline == D(2025, 4, 5)
    assert result.excluded_days == 4


def test_an_exclusion_ending_on_the_start_day_does_not_count() -> None:
    result = evaluate(_visit(_mov(D(2024, 12, 20), VISIT_START)), as_of=VISIT_START)
    assert result.deadline == VISIT_DEADLINE
    assert "exclusion-before-start" in _codes(result)


def test_an_exclusion_ending_on_day_0_is_said_to_lie_on_or_before_it() -> None:
    # It said "lies before day 0" of a period that ends on day 0.
    result = evaluate(_visit(_mov(D(2024, 12, 20), VISIT_START)), as_of=VISIT_START)
    step = next(step for step in result.steps if step.code == "exclusion-before-start")
    assert step.text("en").startswith(
        f"2024-12-20 to {VISIT_START} (mov) lies on or before day 0 and does not move the last day."
    )
    # (it said "Undantaget mov:2024-12-20..2025-01-01 ... räknas inte": the command line's syntax,
    # and "räknas inte" where the counted step's "räknas inte" means the days are left out)
    assert step.text("sv").startswith(
        f"2024-12-20–{VISIT_START} (mov) ligger på eller före dag 0 och påverkar inte sista dagen."
    )


def test_an_exclusion_across_day_0_says_that_only_the_days_after_it_count() -> None:
    # It was shown already cut ("2025-01-02 to ...") without a word on the days before.
    start = D(2024, 12, 20)
    result = evaluate(_visit(_mov(start, D(2025, 1, 10))), as_of=VISIT_START)
    step = next(step for step in result.steps if step.code == "exclusion-cut")
    day_1 = VISIT_START + timedelta(days=1)
    assert step.dates == (start, D(2025, 1, 10))
    assert step.en.endswith(
        f"(mov) begins on or before day 0: only the days after day 0 are left out, from {day_1}."
    )
    assert step.text("sv").startswith("2024-12-20–2025-01-10 (mov) börjar på eller före dag 0")
    assert f"räknas bort, från {day_1}." in step.text("sv")
    counted = next(step for step in result.steps if step.code == "exclusion-counted")
    assert counted.dates[0] == day_1
    plain = evaluate(_visit(_mov(day_1, D(2025, 1, 10))), as_of=VISIT_START)
    assert "exclusion-cut" not in _codes(plain)  # (a period after day 0 is not cut)
    assert plain.deadline == result.deadline


def test_an_exclusion_entirely_before_the_start_is_explained_and_ignored() -> None:
    result = evaluate(_visit(_mov(D(2024, 12, 1), D(2024, 12, 31))), as_of=VISIT_START)
    assert result.deadline == VISIT_DEADLINE
    assert result.excluded_days == 0
    step = next(step for step in result.steps if step.code == "exclusion-before-start")
    assert step.dates == (D(2024, 12, 1), D(2024, 12, 31))


def test_an_exclusion_beginning_on_the_deadline_counts() -> None:
    # begins 1 April (the deadline itself): 1–3 April = 3 days → 4 April.
    result = evaluate(_visit(_mov(VISIT_DEADLINE, D(2025, 4, 3))), as_of=VISIT_START)
    assert result.deadline == D(2025, 4, 4)


def test_an_exclusion_beginning_after_the_deadline_changes_nothing() -> None:
    result = evaluate(_visit(_mov(D(2025, 4, 2), D(2025, 4, 10))), as_of=VISIT_START)
    assert result.deadline == VISIT_DEADLINE
    assert result.excluded_days == 0
    step = next(step for step in result.steps if step.code == "exclusion-after-deadline")
    assert step.citation is not None
    # the library's own reading (docs: counting), said as such: SKR says when a deviation may
    # be recorded, not which periods extend a deadline (the step cited SKR for it)
    assert step.citation.startswith("tolkning (vardgaranti): ")
    assert "jfr SKR FAQ 2021-03-10" in step.citation


def test_a_bup_pvv_pause_is_cited_as_the_librarys_reading() -> None:
    """vantetider.se leaves BUP cases with PvV out of its statistics; the pause is our reading."""
    case = Case(level="first-assessment", start=D(2025, 3, 3),
                exclusions="pvv:2025-03-10..2025-03-14")  # fmt: skip
    result = evaluate(case, as_of=D(2025, 3, 20), rules=BUP)
    assert result.deadline == D(2025, 4, 7)  # 2 April + 5 days
    cited = " ".join(step.citation or "" for step in result.steps)
    assert "tolkning (vardgaranti): PvV som paus" in cited


def test_an_exclusion_straddling_the_deadline_counts_in_full() -> None:
    # 25 March – 10 April = 7 + 10 = 17 days, all of them → 18 April.
    result = evaluate(_visit(_mov(D(2025, 3, 25), D(2025, 4, 10))), as_of=VISIT_START)
    assert result.deadline == D(2025, 4, 18)
    assert result.excluded_days == 17


def test_an_exclusion_beginning_inside_the_extension_counts() -> None:
    # 1–14 Feb moves 1 April to 15 April; 10–12 April begins inside that extension and counts
    # (→ 18 April); 19–20 April begins after 18 April and does not.
    case = _visit(
        _mov(D(2025, 2, 1), D(2025, 2, 14)),
        Exclusion(PVV, D(2025, 4, 10), D(2025, 4, 12)),
        _mov(D(2025, 4, 19), D(2025, 4, 20)),
    )
    result = evaluate(case, as_of=VISIT_START)
    assert result.deadline == D(2025, 4, 18)
    assert result.excluded_days == 17
    assert _codes(result).count("exclusion-counted") == 2
    assert _codes(result).count("exclusion-after-deadline") == 1


def test_exclusions_chain_through_successive_extensions() -> None:
    # 31 Mar–1 Apr (2) → 3 Apr; 3 Apr and 4–5 Apr join (3) → 6 Apr; 7–9 Apr is too late.
    case = _visit(
        _mov(D(2025, 3, 31), D(2025, 4, 1)),
        _mov(D(2025, 4, 3), D(2025, 4, 3)),
        Exclusion(PVV, D(2025, 4, 4), D(2025, 4, 5)),
        _mov(D(2025, 4, 7), D(2025, 4, 9)),
    )
    result = evaluate(case, as_of=VISIT_START)
    assert result.deadline == D(2025, 4, 6)
    assert result.excluded_days == 5


def test_exclusion_order_does_not_matter() -> None:
    periods = [
        _mov(D(2025, 4, 19), D(2025, 4, 20)),
        Exclusion(PVV, D(2025, 4, 10), D(2025, 4, 12)),
        _mov(D(2025, 2, 1), D(2025, 2, 14)),
    ]
    forward = evaluate(_visit(*periods), as_of=D(2025, 3, 1))
    backward = evaluate(_visit(*reversed(periods)), as_of=D(2025, 3, 1))
    assert forward.as_dict() == backward.as_dict()


def test_extend_deadline_documented_example() -> None:
    reasons = frozenset({MOV})
    extended, counted = extend_deadline(
        D(2025, 5, 30),
        [
            (D(2025, 5, 25), D(2025, 6, 3), reasons),
            (D(2025, 6, 9), D(2025, 6, 9), reasons),
            (D(2025, 6, 20), D(2025, 6, 21), reasons),
        ],
    )
    assert (extended, counted) == (D(2025, 6, 10), [True, True, False])


def test_merge_exclusions_cuts_days_on_or_before_after() -> None:
    merged = merge_exclusions([_mov(D(2025, 1, 1), D(2025, 1, 10))], after=D(2025, 1, 5))
    assert merged == [(D(2025, 1, 6), D(2025, 1, 10), frozenset({MOV}))]
    assert merge_exclusions([_mov(D(2025, 1, 1), D(2025, 1, 5))], after=D(2025, 1, 5)) == []


@pytest.mark.parametrize("level", [Level.TREATMENT, Level.VISIT])
@pytest.mark.parametrize("reason", list(ExclusionReason))
def test_each_exclusion_reason_counts_on_the_90_day_steps(
    level: Level, reason: ExclusionReason
) -> None:
    case = Case(
        level=level,
        start=VISIT_START,
        exclusions=[Exclusion(reason, D(2025, 3, 1), D(2025, 3, 10))],
    )
    assert evaluate(case, as_of=VISIT_START).deadline == D(2025, 4, 11)


@pytest.mark.parametrize("level", ["contact", "assessment"])
@pytest.mark.parametrize("reason", list(ExclusionReason))
def test_no_exclusions_on_contact_or_assessment_hsf_6_2(
    level: str, reason: ExclusionReason
) -> None:
    start = D(2025, 3, 3)
    case = Case(level=level, start=start, exclusions=[Exclusion(reason, start, start)])
    with pytest.raises(ExclusionNotAllowedError, match=r"6 kap\. 2 §") as info:
        evaluate(case, as_of=start)
    assert isinstance(info.value, InvalidCaseError)


@pytest.mark.parametrize(
    ("start", "source"),
    [
        (D(2008, 3, 3), "Överenskommelse mellan staten och Landstingsförbundet"),
        (D(2012, 3, 5), "Förordning (2010:349) om vårdgaranti 3 §"),
        (D(2025, 3, 3), "HSF (2017:80) 6 kap. 2 §"),
    ],
)
def test_no_exclusions_on_contact_cites_the_provision_in_force_for_the_case(
    start: date, source: str
) -> None:
    # a 2008 case fell under the 2005 agreement: it must not cite HSF 2017:80
    case = Case(level="contact", start=start, exclusions=[_mov(start, start)])
    with pytest.raises(ExclusionNotAllowedError) as info:
        evaluate(case, as_of=start)
    assert f"the 90-day steps, {source}" in str(info.value)


def test_region_exclusion_before_2017_04_01_is_refused_with_the_reason() -> None:
    start = D(2016, 6, 1)
    case = Case(
        level="visit", start=start, exclusions=[Exclusion(REGION, D(2016, 7, 1), D(2016, 7, 5))]
    )
    with pytest.raises(ExclusionNotAllowedError, match="2017-04-01") as info:
        evaluate(case, as_of=start)
    assert "mov, pvv" in str(info.value)
    with pytest.raises(ExclusionNotAllowedError):
        check_exclusions(NATIONAL.rule_for(Level.VISIT, start), (e.reason for e in case.exclusions))


def test_bup_allows_only_pvv() -> None:
    start = D(2025, 3, 3)
    mov = Case(
        level="first-assessment", start=start, exclusions=[_mov(D(2025, 3, 5), D(2025, 3, 6))]
    )
    with pytest.raises(ExclusionNotAllowedError):
        evaluate(mov, as_of=start, rules=BUP)
    pvv = Case(
        level="first-assessment",
        start=start,
        exclusions=[Exclusion(PVV, D(2025, 3, 5), D(2025, 3, 6))],
    )
    # 3 March + 30 = 2 April, + 2 days = 4 April.
    assert evaluate(pvv, as_of=start, rules=BUP).deadline == D(2025, 4, 4)


def test_exclusion_ending_before_it_begins_is_refused() -> None:
    with pytest.raises(InvalidCaseError, match="before it begins"):
        Exclusion(MOV, D(2025, 2, 10), D(2025, 2, 1))


def test_exclusion_parse_and_days() -> None:
    assert Exclusion.parse("MoV:2025-04-01..2025-04-14") == _mov(D(2025, 4, 1), D(2025, 4, 14))
    assert Exclusion.parse("pvv: 2025-06-01/2025-06-10").days == 10
    assert str(_mov(D(2025, 4, 1), D(2025, 4, 14))) == "mov:2025-04-01..2025-04-14"
    assert parse_exclusions("mov:2025-04-01..2025-04-02; pvv:2025-05-01..2025-05-01") == (
        _mov(D(2025, 4, 1), D(2025, 4, 2)),
        Exclusion(PVV, D(2025, 5, 1), D(2025, 5, 1)),
    )
    with pytest.raises(InvalidCaseError, match=r"REASON:FROM\.\.TO"):
        Exclusion.parse("mov 2025-04-01")


def test_an_exclusion_of_another_form_names_the_reasons_and_a_blank_that_split_it() -> None:
    # "medicinska skäl:2025-…" said only that 'medicinska' was not of the form
    with pytest.raises(InvalidCaseError) as raised:
        parse_exclusions("medicinska skäl:2025-04-01..2025-04-10")
    assert raised.value.field == "exclusions"
    assert str(raised.value) == (
        "exclusions: exclusion 'medicinska' is not of the form REASON:FROM..TO (e.g. "
        "mov:2025-04-01..2025-04-14; the reasons: mov, pvv, region); items are separated by ';', "
        "',' or blanks, so 'medicinska skäl:2025-04-01..2025-04-10' was read as several"
    )
    with pytest.raises(InvalidCaseError) as whole:  # one item, no blank: nothing was split
        parse_exclusions("; medicinska;")
    assert str(whole.value).endswith("(e.g. mov:2025-04-01..2025-04-14; the reasons: mov, pvv, "
                                     "region)")  # fmt: skip
    with pytest.raises(InvalidCaseError) as dated:  # the item has its reason: not split there
        parse_exclusions("mov:2025-04-01 pvv:2025-05-01..2025-05-02")
    assert "was read as several" not in str(dated.value)


# -- figures with exclusions --------------------------------------------------------------------


def test_days_waited_leaves_out_counted_excluded_days() -> None:
    # As of 1 March: 59 days since 1 January, 14 of them excluded → 45 waited; 15 April − 1
    # March = 45 left; 45 + 45 = 90.
    result = evaluate(_visit(_mov(D(2025, 2, 1), D(2025, 2, 14))), as_of=D(2025, 3, 1))
    assert (result.days_waited, result.days_left) == (45, 45)
    assert result.status is Status.WITHIN


def test_days_waited_inside_an_exclusion_counts_only_the_days_so_far() -> None:
    # As of 10 February: 40 days, 1–10 Feb excluded → 30; 15 April − 10 Feb = 64 left.
    result = evaluate(_visit(_mov(D(2025, 2, 1), D(2025, 2, 14))), as_of=D(2025, 2, 10))
    assert (result.days_waited, result.days_left) == (30, 64)


def test_days_waited_does_not_leave_out_exclusions_that_did_not_count() -> None:
    # Deadline 18 April (see above); completed 20 April: 109 days, 14 + 3 counted → 92.
    case = _visit(
        _mov(D(2025, 2, 1), D(2025, 2, 14)),
        Exclusion(PVV, D(2025, 4, 10), D(2025, 4, 12)),
        _mov(D(2025, 4, 19), D(2025, 4, 20)),
        completed=D(2025, 4, 20),
    )
    result = evaluate(case, as_of=D(2025, 5, 1))
    assert result.status is Status.MISSED
    assert result.days_waited == 92
    assert result.days_over == 2


# -- restart ------------------------------------------------------------------------------------


def test_restart_begins_a_new_full_period() -> None:
    # 1 March + 90 = 30 May (30 + 30 + 30).
    result = evaluate(_visit(restart=D(2025, 3, 1)), as_of=D(2025, 3, 1))
    assert result.deadline == D(2025, 5, 30)
    assert result.days_waited == 0
    assert result.days_left == 90
    step = next(step for step in result.steps if step.code == "restart")
    assert step.dates == (D(2025, 3, 1),)
    assert step.citation is not None
    assert "1177" in step.citation
    assert result.as_dict()["clock_start"] == "2025-03-01"
    assert result.as_dict()["start"] == "2025-01-01"


def test_exclusions_before_the_restart_do_not_count() -> None:
    before = _mov(D(2025, 2, 1), D(2025, 2, 14))
    assert evaluate(_visit(before, restart=D(2025, 3, 1)), as_of=D(2025, 3, 1)).deadline == D(
        2025, 5, 30
    )
    # 20 Feb – 5 Mar straddles the restart: only 2–5 March count → 3 June.
    straddle = _mov(D(2025, 2, 20), D(2025, 3, 5))
    assert evaluate(_visit(straddle, restart=D(2025, 3, 1)), as_of=D(2025, 3, 1)).deadline == D(
        2025, 6, 3
    )


def test_restart_keeps_the_rule_version_of_the_original_start() -> None:
    # A region's 60 days for a visit from 2024-05-01 (national 90 before): a referral of
    # 20 April, restarted 10 May, keeps the 90 days: 10 May + 90 = 8 August.
    visit = {"days": 60, "source": "RF 2024-03-12 § 7"}
    rules = overlay_rule_set(
        {"name": "Region X", "from": D(2024, 5, 1), "levels": {"visit": visit}}
    )
    case = Case(level="visit", start=D(2024, 4, 20), restart=D(2024, 5, 10))
    result = evaluate(case, as_of=D(2024, 5, 15), rules=rules)
    assert result.deadline == D(2024, 8, 8)
    assert (result.days_waited, result.days_left) == (5, 85)
    # judged as a new case from the restart day, it has the region's 60 days
    new = evaluate(Case(level="visit", start=D(2024, 5, 10)), as_of=D(2024, 5, 15), rules=rules)
    assert new.deadline == D(2024, 7, 9)


@pytest.mark.parametrize(
    ("level", "start"),
    [
        ("contact", D(2025, 3, 3)),
        ("assessment", D(2025, 3, 3)),
        ("assessment", D(2018, 12, 30)),
    ],
)
def test_a_restart_on_a_step_without_care_elsewhere_is_refused(level: str, start: date) -> None:
    # A restart is the new full period after a declined offer of care elsewhere, or a date
    # beyond 90 days regretted (reference §5.4, §9 ex. 3): the 0- and 3-day steps have
    # neither (HSL 9 kap. 2 §: "1 § 3 eller 4"; HSF 6 kap. 2 § no excluded time either). A
    # restart of 2025-03-05 on a contact of 3 March moved its deadline to the 5th.
    case = Case(level=level, start=start, restart=start + timedelta(days=2))
    with pytest.raises(
        InvalidCaseError, match=r"a restart .* is for the 90-day steps only"
    ) as raised:
        evaluate(case, as_of=start + timedelta(days=3))
    assert raised.value.field == "restart"


def test_a_restart_after_the_as_of_day_has_not_happened_yet() -> None:
    # Like a completion after the as-of day: as of 2025-02-01 the clock still runs from the start.
    case = _visit(restart=D(2025, 3, 1))
    result = evaluate(case, as_of=D(2025, 2, 1))
    assert result.case is case
    assert "restart-later" in [step.code for step in result.steps]
    assert result.deadline == evaluate(_visit(), as_of=D(2025, 2, 1)).deadline


def test_a_completion_after_the_as_of_day_is_named_and_does_not_count_yet() -> None:
    # A review: `deadline --completed 2025-07-01 --as-of 2025-05-02` said "within" and nothing
    # of the completion (a restart after the day had a step of its own).
    case = Case(level="visit", start=D(2025, 3, 1), completed=D(2025, 7, 1))
    result = evaluate(case, as_of=D(2025, 5, 2))
    assert result.status is Status.WITHIN
    (step,) = [step for step in result.steps if step.code == "completed-later"]
    assert step.dates == (D(2025, 7, 1),)
    assert step.text("en").startswith("The care given on 2025-07-01 is after 2025-05-02")
    assert step.text("sv").startswith("Vården 2025-07-01 ligger efter 2025-05-02")
    codes = [str(step.code) for step in result.steps]
    assert codes.index("completed-later") == codes.index("status-within") - 1
    # on the day of the care, or after it: no such step
    done = evaluate(Case(level="visit", start=D(2025, 3, 1), completed=D(2025, 5, 2)),
                    as_of=D(2025, 5, 2))  # fmt: skip
    assert "completed-later" not in [step.code for step in done.steps]


def test_completion_before_the_restart_is_refused() -> None:
    with pytest.raises(InvalidCaseError, match="after the completion"):
        _visit(restart=D(2025, 3, 1), completed=D(2025, 2, 1))


def test_waiver_is_not_covered_until_a_restart() -> None:
    waived = evaluate(_visit(waived=D(2025, 2, 1)), as_of=D(2025, 2, 1))
    assert waived.status is Status.NOT_COVERED
    assert waived.deadline is None
    assert waived.care_elsewhere is False
    assert "not-covered" in _codes(waived)
    restarted = evaluate(_visit(waived=D(2025, 2, 1), restart=D(2025, 3, 1)), as_of=D(2025, 3, 1))
    assert restarted.status is Status.WITHIN
    assert restarted.deadline == D(2025, 5, 30)
    earlier = evaluate(_visit(waived=D(2025, 2, 1), restart=D(2025, 1, 15)), as_of=D(2025, 3, 1))
    assert earlier.status is Status.NOT_COVERED


# -- roll-forward (Lag 1930:173 2 §) and alternatives -------------------------------------------

#: 23 March 2025 + 90 = 21 June 2025, midsommardagen (8 + 30 + 31 + 21 = 90).
MIDSOMMAR_START = D(2025, 3, 23)


def test_deadline_on_midsommardagen_stays_by_default_with_the_other_reading() -> None:
    result = evaluate(Case(level="visit", start=MIDSOMMAR_START), as_of=MIDSOMMAR_START)
    assert result.deadline == D(2025, 6, 21)
    assert len(result.alternatives) == 1
    alternative = result.alternatives[0]
    assert alternative.deadline == D(2025, 6, 23)  # Sat 21, Sun 22 → Monday 23 June
    assert ROLL_LAW in alternative.source
    assert "Midsommardagen" in alternative.reading
    assert "roll-forward" not in _codes(result)


def test_deadline_on_midsommardagen_rolls_to_monday_by_policy() -> None:
    result = evaluate(
        Case(level="visit", start=MIDSOMMAR_START),
        as_of=MIDSOMMAR_START,
        policy=Policy(roll_forward=True),
    )
    assert result.deadline == D(2025, 6, 23)
    assert [a.deadline for a in result.alternatives] == [D(2025, 6, 21)]
    step = next(step for step in result.steps if step.code == "roll-forward")
    assert step.citation is not None
    assert ROLL_LAW in step.citation
    assert step.dates == (D(2025, 6, 21), D(2025, 6, 23))
    assert result.excluded_days == 0  # rolling is not an exclusion
    assert result.days_left == 92


def test_roll_forward_over_julafton_to_annandag_and_the_weekend() -> None:
    # 25 Sep 2025 + 90 = 24 Dec (5 + 31 + 30 + 24); 24–28 December are not vardagar.
    start = D(2025, 9, 25)
    plain = evaluate(Case(level="treatment", start=start), as_of=start)
    rolled = evaluate(Case(level="treatment", start=start), as_of=start, policy=Policy(True))
    assert plain.deadline == D(2025, 12, 24)
    assert rolled.deadline == D(2025, 12, 29)
    assert [a.deadline for a in plain.alternatives] == [D(2025, 12, 29)]


def test_roll_forward_decides_met_or_missed() -> None:
    case = Case(level="visit", start=MIDSOMMAR_START, completed=D(2025, 6, 23))
    assert evaluate(case, as_of=D(2025, 7, 1)).status is Status.MISSED
    assert evaluate(case, as_of=D(2025, 7, 1)).days_over == 2
    assert evaluate(case, as_of=D(2025, 7, 1), policy=Policy(roll_forward=True)).status is (
        Status.MET
    )


def test_roll_forward_leaves_a_vardag_deadline_alone() -> None:
    result = evaluate(_visit(), as_of=VISIT_START, policy=Policy(roll_forward=True))
    assert result.deadline == VISIT_DEADLINE
    assert result.alternatives == ()
    assert "roll-forward" not in _codes(result)


def test_roll_forward_applies_after_exclusions() -> None:
    # 1–4 February excluded: 1 April + 4 = 5 April, a Saturday → Monday 7 April.
    case = _visit(_mov(D(2025, 2, 1), D(2025, 2, 4)))
    assert evaluate(case, as_of=VISIT_START).deadline == D(2025, 4, 5)
    rolled = evaluate(case, as_of=VISIT_START, policy=Policy(roll_forward=True))
    assert rolled.deadline == D(2025, 4, 7)
    assert rolled.excluded_days == 4


def test_with_roll_forward_a_period_in_the_days_the_roll_adds_is_said_against_the_day_counted() -> (
    None
):
    # A review: 19 January + 90 = Saturday 19 April 2025, rolled past annandag påsk to Tuesday
    # 22 April; a PvV period from Monday 21 April was said to "begin after the last day" next
    # to a last day of 22 April. It does not count (the roll comes last, docs/counting.md), and
    # the explanation names the day the periods are counted against.
    case = Case(level="visit", start=D(2025, 1, 19), exclusions="pvv:2025-04-21..2025-04-25")
    result = evaluate(case, as_of=D(2025, 4, 21), policy=Policy(roll_forward=True))
    assert (result.deadline, result.excluded_days) == (D(2025, 4, 22), 0)
    step = next(step for step in result.steps if step.code == "exclusion-after-deadline")
    assert step.text("en").startswith(
        "2025-04-21 to 2025-04-25 (pvv) begins after the last day the periods are counted "
        "against, 2025-04-19, and does not move it (the move to the next vardag comes after the "
        "periods are counted)."
    )
    assert step.text("sv").startswith(
        "2025-04-21–2025-04-25 (pvv) börjar efter den sista dag som perioderna räknas mot, "
        "2025-04-19, och flyttar den inte"
    )
    # without the roll, or a period after the rolled day too: the plain words
    for policy, period in ((Policy(), "pvv:2025-04-21..2025-04-25"),
                           (Policy(roll_forward=True), "pvv:2025-04-23..2025-04-25")):  # fmt: skip
        other = Case(level="visit", start=D(2025, 1, 19), exclusions=period)
        plain = evaluate(other, as_of=D(2025, 4, 21), policy=policy)
        step = next(step for step in plain.steps if step.code == "exclusion-after-deadline")
        assert "begins after the last day and does not move it. [" in step.text("en")


def test_deadline_past_2100_is_computed_without_the_roll_forward_reading() -> None:
    # 1 December 2100 + 90 = 1 March 2101, beyond the calendar (1990–2100): the calendar-day
    # deadline needs no calendar; only Lag (1930:173) does.
    case = Case(level="visit", start=D(2100, 12, 1))
    result = evaluate(case, as_of=D(2100, 12, 1))
    assert result.deadline == D(2101, 3, 1)
    assert result.alternatives == ()
    with pytest.raises(UnsupportedYearError, match="2101"):
        evaluate(case, as_of=D(2100, 12, 1), policy=Policy(roll_forward=True))


def test_self_referral_alternative_reading_is_reported() -> None:
    # Sought 3 March, accepted 10 March 2025: 3 March + 90 = 1 June (a Sunday);
    # 10 March + 90 = 8 June (pingstdagen).
    events: list[Event] = [
        SelfReferralAccepted(D(2025, 3, 10)),
        SelfReferralReceived(D(2025, 3, 3)),
    ]
    sought = evaluate(Case.from_events("visit", events), as_of=D(2025, 3, 10))
    assert sought.deadline == D(2025, 6, 1)
    assert D(2025, 6, 8) in [a.deadline for a in sought.alternatives]
    other = next(a for a in sought.alternatives if a.deadline == D(2025, 6, 8))
    assert "vantetider" in other.source
    accepted = evaluate(
        Case.from_events("visit", events, self_referral_start="accepted"), as_of=D(2025, 3, 10)
    )
    assert accepted.deadline == D(2025, 6, 8)
    assert D(2025, 6, 1) in [a.deadline for a in accepted.alternatives]
    assert any("6 kap. 1 § 3" in a.source for a in accepted.alternatives)
    # (written as a user may: case and blanks aside, as levels and reasons are read)
    spelt = Case.from_events("visit", events, self_referral_start=" Accepted ")
    assert evaluate(spelt, as_of=D(2025, 3, 10)).deadline == D(2025, 6, 8)


def test_alternative_start_without_a_rule_in_force_does_not_break_the_evaluation() -> None:
    # Accepted 3 January 2011 (the BUP target's first day), sought 30 December 2010, when no
    # BUP rule was in force: the sought reading has no deadline, so it is left out.
    case = Case.from_events(
        "first-assessment",
        [SelfReferralReceived(D(2010, 12, 30)), SelfReferralAccepted(D(2011, 1, 3))],
        self_referral_start="accepted",
    )
    result = evaluate(case, as_of=D(2011, 1, 3), rules=BUP)
    assert result.deadline == D(2011, 2, 2)  # 3 January + 30
    assert all(a.deadline != D(2011, 1, 29) for a in result.alternatives)
    assert case.alternative_start is not None  # (no provision of another day named for it)
    assert case.alternative_start.source == ""
    national = Case.from_events(
        "visit",
        [SelfReferralReceived(D(2005, 10, 30)), SelfReferralAccepted(D(2005, 11, 3))],
        self_referral_start="accepted",
    )
    # 3 November 2005 + 90 = 1 February 2006.
    assert evaluate(national, as_of=D(2005, 11, 3)).deadline == D(2006, 2, 1)


# -- regional overlays in the clock -------------------------------------------------------------

SOURCE = "Regionfullmäktige 2024-05-01 § 12"


def test_regional_limit_cites_its_source_and_offers_the_national_deadline(tmp_path: Path) -> None:
    path = tmp_path / "region.toml"
    path.write_text(
        'name = "Region Exempel"\nfrom = 2024-05-01\n'
        f'[levels.visit]\ndays = 60\nsource = "{SOURCE}"\n',
        encoding="utf-8",
    )
    rules = load_rule_set(path)
    # 3 March 2025 + 60 = 2 May (28 + 30 + 2); nationally + 90 = 1 June.
    result = evaluate(Case(level="visit", start=D(2025, 3, 3)), as_of=D(2025, 3, 3), rules=rules)
    assert result.deadline == D(2025, 5, 2)
    assert any(step.citation is not None and SOURCE in step.citation for step in result.steps)
    assert SOURCE in result.explain("sv")
    national = [a for a in result.alternatives if a.deadline == D(2025, 6, 1)]
    assert len(national) == 1
    assert "6 kap. 1 § 3" in national[0].source
    # Before `from` the national limit applies and there is no regional alternative.
    # 2 April 2024 + 90 = 1 July, a Monday (no roll-forward reading either).
    before = evaluate(Case(level="visit", start=D(2024, 4, 2)), as_of=D(2024, 4, 2), rules=rules)
    assert before.limit_days == 90
    assert before.alternatives == ()


REGION_30 = overlay_rule_set({"name": "R", "levels": {"visit": {"days": 30, "source": "S"}}})


def test_regional_visit_is_overdue_by_the_regional_limit() -> None:
    # 3 March 2025 + 30 = 2 April.
    case = Case(level="visit", start=D(2025, 3, 3))
    result = evaluate(case, as_of=D(2025, 4, 3), rules=REGION_30)
    assert result.status is Status.OVERDUE
    assert result.days_over == 1


def test_regional_care_elsewhere_follows_the_national_deadline_hsl_9_2() -> None:
    # Regional deadline 2 April; national 3 March + 90 = 1 June (a Sunday).
    case = Case(level="visit", start=D(2025, 3, 3))
    overdue_regionally = evaluate(case, as_of=D(2025, 4, 3), rules=REGION_30)
    assert overdue_regionally.care_elsewhere is False
    assert "care-elsewhere" not in _codes(overdue_regionally)
    on_national_deadline = evaluate(case, as_of=D(2025, 6, 1), rules=REGION_30)
    assert on_national_deadline.care_elsewhere is False
    overdue_nationally = evaluate(case, as_of=D(2025, 6, 2), rules=REGION_30)
    assert overdue_nationally.status is Status.OVERDUE
    assert overdue_nationally.days_over == 61
    assert overdue_nationally.care_elsewhere is True
    assert "care-elsewhere" in _codes(overdue_nationally)


def test_a_regional_case_overdue_before_the_national_deadline_says_when_care_elsewhere_is_due() -> (
    None
):
    """Overdue by the region's 30 days, care elsewhere not yet due: the explanation said nothing
    of why (HSL 9 kap. 2 § follows the national 90 days), and of an exclusion only that it does
    not move the regional deadline, though it moves the national one."""
    case = Case(level="visit", start=D(2025, 3, 3), exclusions="mov:2025-05-01..2025-05-10")
    result = evaluate(case, as_of=D(2025, 6, 5), rules=REGION_30)
    assert (result.status, result.care_elsewhere) == (Status.OVERDUE, False)
    step = next(step for step in result.steps if step.code == "care-elsewhere-later")
    assert step.dates == (D(2025, 6, 11),)
    assert step.text("en") == (
        "Care with another provider follows the national deadline, 2025-06-11 (the excluded "
        "periods move it 10 days): it is due from 2025-06-12 unless the patient has been given "
        "care by then. [HSL (2017:30) 9 kap. 2 §; Patientlagen (2014:821) 2 kap. 4 §]"
    )
    assert step.text("sv").startswith(
        "Rätten till vård hos en annan vårdgivare följer den nationella fristen, 2025-06-11 (de "
        "undantagna perioderna flyttar den 10 dagar): den gäller från 2025-06-12"
    )
    # without exclusions, the plain national deadline; once it has passed, the duty itself
    plain = evaluate(Case(level="visit", start=D(2025, 3, 3)), as_of=D(2025, 4, 3), rules=REGION_30)
    later = next(step for step in plain.steps if step.code == "care-elsewhere-later")
    assert "(the excluded periods" not in later.text("en")
    assert "care-elsewhere-later" not in _codes(
        evaluate(case, as_of=D(2025, 6, 12), rules=REGION_30)
    )
    # a national case overdue has the duty at once: no such step
    assert "care-elsewhere-later" not in _codes(evaluate(case, as_of=D(2025, 6, 12)))
    # one day, in the singular; with roll-forward the exclusions' days, not the roll's
    one = Case(level="visit", start=D(2025, 1, 25), exclusions="mov:2025-02-03..2025-02-03")
    rolled = evaluate(one, as_of=D(2025, 3, 10), rules=REGION_30, policy=Policy(True))
    later = next(step for step in rolled.steps if step.code == "care-elsewhere-later")
    assert later.dates == (D(2025, 4, 28),)  # 25 Jan + 90 = 25 April + 1 = Sat 26 → Mon 28
    # (and the move to the next vardag its own 2 days: a review found the sentence credited
    # the exclusions alone with a move of 3)
    assert (
        "(the excluded periods move it 1 day, and the move to the next vardag under Lag "
        "(1930:173) 2 § 2 days more)" in later.text("en")
    )
    assert (
        "(de undantagna perioderna flyttar den 1 dag, och flytten till nästa vardag enligt 2 § "
        "lagen (1930:173) om beräkning av lagstadgad tid 2 dagar till)" in later.text("sv")
    )
    # a roll alone: 3 March + 90 = Sunday 1 June, moved to Monday 2 June
    alone = evaluate(Case(level="visit", start=D(2025, 3, 3)), as_of=D(2025, 4, 10),
                     rules=REGION_30, policy=Policy(True))  # fmt: skip
    later = next(step for step in alone.steps if step.code == "care-elsewhere-later")
    assert later.dates == (D(2025, 6, 2),)
    assert (
        "the national deadline, 2025-06-02 (moved 1 day to the next vardag under Lag (1930:173) "
        "2 §): it is due from 2025-06-03" in later.text("en")
    )


def test_regional_care_elsewhere_for_a_late_booking_follows_the_national_deadline() -> None:
    before_national = Case(level="visit", start=D(2025, 3, 3), booked=D(2025, 5, 20))
    result = evaluate(before_national, as_of=D(2025, 3, 20), rules=REGION_30)
    assert result.status is Status.AT_RISK  # booked after the regional 2 April
    assert result.care_elsewhere is False
    after_national = Case(level="visit", start=D(2025, 3, 3), booked=D(2025, 6, 2))
    assert evaluate(after_national, as_of=D(2025, 3, 20), rules=REGION_30).care_elsewhere


def test_regional_care_elsewhere_counts_exclusions_and_roll_forward_nationally() -> None:
    # National 1 June + 5 excluded days = 6 June (nationaldagen, a Friday) → roll to 9 June.
    case = Case(
        level="visit",
        start=D(2025, 3, 3),
        exclusions=[Exclusion(MOV, D(2025, 3, 10), D(2025, 3, 14))],
    )
    assert evaluate(case, as_of=D(2025, 6, 6), rules=REGION_30).care_elsewhere is False
    assert evaluate(case, as_of=D(2025, 6, 7), rules=REGION_30).care_elsewhere is True
    rolled = evaluate(case, as_of=D(2025, 6, 9), rules=REGION_30, policy=Policy(True))
    assert rolled.care_elsewhere is False
    assert evaluate(case, as_of=D(2025, 6, 10), rules=REGION_30, policy=Policy(True)).care_elsewhere


def test_regional_overlay_of_bup_does_not_claim_care_elsewhere() -> None:
    rules = overlay_rule_set(
        {"name": "R", "extends": "bup", "levels": {"treatment": {"days": 20, "source": "S"}}}
    )
    result = evaluate(
        Case(level="treatment", start=D(2025, 1, 1)), as_of=D(2025, 3, 1), rules=rules
    )
    assert result.status is Status.OVERDUE
    assert result.care_elsewhere is False


# -- statuses -----------------------------------------------------------------------------------


def test_within_with_15_days_left_and_no_booking() -> None:
    result = evaluate(_visit(), as_of=D(2025, 3, 17))
    assert (result.status, result.days_left) == (Status.WITHIN, 15)
    assert result.care_elsewhere is False


def test_at_risk_with_14_days_left_and_no_booking() -> None:
    result = evaluate(_visit(), as_of=D(2025, 3, 18))
    assert (result.status, result.days_left) == (Status.AT_RISK, 14)
    assert result.care_elsewhere is False
    assert "no booking" in result.steps[-1].en


def test_at_risk_window_is_configurable() -> None:
    assert evaluate(_visit(), as_of=D(2025, 3, 2), policy=Policy(at_risk_days=30)).status is (
        Status.AT_RISK
    )
    assert evaluate(_visit(), as_of=D(2025, 3, 1), policy=Policy(at_risk_days=30)).status is (
        Status.WITHIN
    )
    on_deadline = evaluate(_visit(), as_of=VISIT_DEADLINE, policy=Policy(at_risk_days=0))
    assert (on_deadline.status, on_deadline.days_left) == (Status.AT_RISK, 0)
    with pytest.raises(InvalidValueError, match="at_risk_days") as raised:
        Policy(at_risk_days=-1)
    assert raised.value.field == "at_risk_days"


@pytest.mark.parametrize(
    ("options", "error", "field"),
    [
        ({"at_risk_days": -1}, InvalidValueError, "at_risk_days"),
        ({"at_risk_days": "14"}, InvalidTypeError, "at_risk_days"),
        ({"at_risk_days": 1.5}, InvalidTypeError, "at_risk_days"),
        ({"at_risk_days": True}, InvalidTypeError, "at_risk_days"),
        ({"roll_forward": "yes"}, InvalidTypeError, "roll_forward"),
        ({"roll_forward": 1}, InvalidTypeError, "roll_forward"),
    ],
)
def test_a_policy_is_refused_with_the_library_error_naming_its_field(
    options: dict[str, object], error: type[VardgarantiError], field: str
) -> None:
    # (roll_forward was attrs' own TypeError; at_risk_days an InvalidCaseError, no field)
    with pytest.raises(error) as raised:
        Policy(**options)  # type: ignore[arg-type]
    assert raised.value.field == field
    assert str(raised.value).startswith(f"{field}: ")


@pytest.mark.parametrize(
    ("lang", "error"),
    [("SV", InvalidValueError), ("sv ", InvalidValueError), ("fr", InvalidValueError),
     (None, InvalidTypeError), (1, InvalidTypeError)],  # (no text: the type is wrong)
)  # fmt: skip
def test_an_explanation_in_a_language_there_is_none_of_is_refused(
    lang: object, error: type[InvalidValueError | InvalidTypeError]
) -> None:
    # it was English without a word
    result = evaluate(_visit(), as_of=D(2025, 3, 2))
    with pytest.raises(error, match="must be 'sv' or 'en'") as raised:
        result.explain(lang)  # type: ignore[arg-type]
    assert raised.value.field == "lang"
    assert result.explain("sv") != result.explain("en")


def test_booked_on_or_before_the_deadline_is_within_even_with_few_days_left() -> None:
    result = evaluate(_visit(booked=VISIT_DEADLINE), as_of=D(2025, 3, 25))
    assert (result.status, result.days_left) == (Status.WITHIN, 7)
    assert result.care_elsewhere is False


def test_booked_after_the_deadline_is_at_risk_with_care_elsewhere() -> None:
    result = evaluate(_visit(booked=D(2025, 4, 2)), as_of=D(2025, 2, 1))
    assert (result.status, result.days_left) == (Status.AT_RISK, 59)
    assert result.care_elsewhere is True
    assert "care-elsewhere" in _codes(result)
    assert "after the last day" in result.explain()


def test_booking_before_as_of_does_not_count_as_a_booking() -> None:
    # Booked for 10 February, not completed, as of 20 March: 12 days left, no booking; the
    # explanation names the booking that no longer counts (it said "no booking" only, and
    # staff answering the patient could not see that the time of 10 February was left out).
    result = evaluate(_visit(booked=D(2025, 2, 10)), as_of=D(2025, 3, 20))
    assert (result.status, result.days_left) == (Status.AT_RISK, 12)
    assert result.steps[-1].en == (
        "As of 2025-03-20: 12 days left; the booking for 2025-02-10 has passed without the care "
        "given and no longer counts, so there is no booking. At risk of missing the guarantee."
    )
    assert "bokningen 2025-02-10 har passerat" in result.steps[-1].sv
    far = evaluate(_visit(booked=D(2025, 2, 10)), as_of=D(2025, 2, 11))
    assert far.status is Status.WITHIN
    assert far.steps[-1].en == (
        "As of 2025-02-11: 49 days left; the booking for 2025-02-10 has passed without the care "
        "given and no longer counts. Within the guarantee."
    )
    none = evaluate(_visit(), as_of=D(2025, 3, 20))
    assert none.steps[-1].en.endswith("12 days left, no booking. At risk of missing the guarantee.")


def test_booking_on_the_as_of_day_counts() -> None:
    result = evaluate(_visit(booked=D(2025, 3, 25)), as_of=D(2025, 3, 25))
    assert result.status is Status.WITHIN


def test_overdue_the_day_after_the_deadline() -> None:
    result = evaluate(_visit(), as_of=D(2025, 4, 2))
    assert result.status is Status.OVERDUE
    assert (result.days_over, result.days_left) == (1, None)
    assert result.days_waited == 91
    assert result.care_elsewhere is True


def test_on_the_deadline_day_the_case_is_still_open_not_overdue() -> None:
    result = evaluate(_visit(), as_of=VISIT_DEADLINE)
    assert result.status is Status.AT_RISK
    assert (result.days_left, result.days_over) == (0, None)


def test_met_on_the_deadline_day() -> None:
    result = evaluate(_visit(completed=VISIT_DEADLINE), as_of=D(2025, 5, 1))
    assert result.status is Status.MET
    assert result.days_waited == 90
    assert (result.days_left, result.days_over, result.care_elsewhere) == (None, None, False)


def test_missed_the_day_after() -> None:
    result = evaluate(_visit(completed=D(2025, 4, 2)), as_of=D(2025, 5, 1))
    assert result.status is Status.MISSED
    assert result.days_over == 1
    assert result.care_elsewhere is False  # closed: care was given


def test_completion_after_as_of_has_not_happened_yet() -> None:
    result = evaluate(_visit(completed=D(2025, 3, 1)), as_of=D(2025, 2, 15))
    assert result.status is Status.WITHIN
    assert result.days_left == 45
    assert result.days_waited == 45
    late = evaluate(_visit(completed=D(2025, 4, 10)), as_of=D(2025, 4, 5))
    assert late.status is Status.OVERDUE
    assert late.days_over == 4


@pytest.mark.parametrize(
    ("level", "applies"),
    [("visit", True), ("treatment", True), ("assessment", False), ("contact", False)],
)
def test_care_elsewhere_only_for_the_national_90_day_steps(level: str, applies: bool) -> None:
    start = D(2025, 1, 1)
    result = evaluate(Case(level=level, start=start), as_of=D(2025, 6, 1))
    assert result.status is Status.OVERDUE
    assert result.care_elsewhere is applies
    assert ("care-elsewhere" in _codes(result)) is applies


def test_care_elsewhere_step_cites_hsl_9_2_and_pl_2_4() -> None:
    result = evaluate(_visit(), as_of=D(2025, 6, 1))
    step = next(step for step in result.steps if step.code == "care-elsewhere")
    assert step.citation is not None
    assert "9 kap. 2 §" in step.citation
    assert "2 kap. 4 §" in step.citation


@pytest.mark.parametrize("level", ["first-assessment", "deepened-assessment", "treatment"])
def test_bup_target_never_claims_care_elsewhere(level: str) -> None:
    start = D(2025, 1, 1)
    overdue = evaluate(Case(level=level, start=start), as_of=D(2025, 3, 1), rules=BUP)
    assert overdue.status is Status.OVERDUE
    assert overdue.care_elsewhere is False
    booked_late = evaluate(
        Case(level=level, start=start, booked=D(2025, 2, 5)), as_of=D(2025, 1, 2), rules=BUP
    )
    assert booked_late.status is Status.AT_RISK
    assert booked_late.care_elsewhere is False


def test_bup_steps_are_30_days() -> None:
    start = D(2025, 1, 1)
    for level in ("first-assessment", "deepened-assessment", "treatment"):
        assert evaluate(Case(level=level, start=start), as_of=start, rules=BUP).deadline == D(
            2025, 1, 31
        )


# -- listing (HSL 9 kap. 1 § 2 st.) -------------------------------------------------------------


@pytest.mark.parametrize("level", ["contact", "assessment"])
def test_not_listed_is_not_covered_from_2022_07_01(level: str) -> None:
    start = D(2022, 7, 1)
    result = evaluate(Case(level=level, start=start, listed=False), as_of=D(2022, 7, 10))
    assert result.status is Status.NOT_COVERED
    assert result.deadline is None
    assert (result.days_waited, result.days_left, result.days_over) == (None, None, None)
    assert result.care_elsewhere is False
    step = result.steps[-1]
    assert step.code == "not-covered"
    assert step.citation is not None
    assert "HSL (2017:30) 9 kap. 1 § 2 st." in step.citation
    assert step.sv
    assert step.en


@pytest.mark.parametrize("level", ["contact", "assessment"])
def test_not_listed_has_no_effect_before_2022_07_01(level: str) -> None:
    start = D(2022, 6, 30)
    result = evaluate(Case(level=level, start=start, listed=False), as_of=start)
    assert result.status is not Status.NOT_COVERED
    assert result.deadline is not None


@pytest.mark.parametrize("listed", [True, None])
def test_listed_or_unknown_is_covered(listed: bool | None) -> None:
    start = D(2025, 3, 3)
    result = evaluate(Case(level="assessment", start=start, listed=listed), as_of=start)
    assert result.deadline == D(2025, 3, 6)


@pytest.mark.parametrize("level", ["visit", "treatment"])
def test_listing_does_not_matter_for_the_90_day_steps(level: str) -> None:
    start = D(2025, 3, 3)
    result = evaluate(Case(level=level, start=start, listed=False), as_of=start)
    assert result.deadline == D(2025, 6, 1)


# -- explanation --------------------------------------------------------------------------------


def test_explanation_steps_in_order_with_citations() -> None:
    result = evaluate(_visit(), as_of=D(2025, 2, 1))
    assert _codes(result) == ["rule", "start", "limit", "deadline", "status-within"]
    rule, start, limit, deadline, _status = result.steps
    assert rule.citation == "HSF (2017:80) 6 kap. 1 § 3 (Förordning 2018:1129)"
    assert start.citation == rule.citation
    assert start.dates == (VISIT_START,)
    assert limit.citation is not None
    assert "SKR" in limit.citation
    assert limit.dates == (VISIT_START, VISIT_DEADLINE)
    assert deadline.dates == (VISIT_DEADLINE,)


def test_explanation_with_exclusions_cites_hsf_6_2() -> None:
    case = _visit(_mov(D(2025, 2, 1), D(2025, 2, 14)), completed=D(2025, 4, 20))
    result = evaluate(case, as_of=D(2025, 5, 1))
    assert _codes(result) == [
        "rule",
        "start",
        "limit",
        "exclusion-counted",
        "deadline",
        "status-missed",
    ]
    counted = result.steps[3]
    assert counted.citation == "HSF (2017:80) 6 kap. 2 §"
    assert counted.dates == (D(2025, 2, 1), D(2025, 2, 14))


@pytest.mark.parametrize(
    "case",
    [
        _visit(),
        _visit(_mov(D(2025, 2, 1), D(2025, 2, 14)), booked=D(2025, 6, 1)),
        _visit(_mov(D(2024, 12, 1), D(2024, 12, 3)), _mov(D(2025, 5, 1), D(2025, 5, 3))),
        _visit(restart=D(2025, 2, 1), completed=D(2025, 3, 1)),
        _visit(completed=D(2025, 4, 5)),
        _visit(waived=D(2025, 1, 5)),
        Case(level="contact", start=D(2023, 1, 2), listed=False),
        Case(level="visit", start=MIDSOMMAR_START),
    ],
    ids=[
        "plain",
        "excluded-booked",
        "before-and-after",
        "restart",
        "missed",
        "waived",
        "unlisted",
        "midsommar",
    ],
)
@pytest.mark.parametrize("roll", [False, True])
def test_every_step_has_both_languages_and_the_result_is_json_ready(case: Case, roll: bool) -> None:
    result = evaluate(case, as_of=D(2025, 6, 30), policy=Policy(roll_forward=roll))
    assert result.steps
    assert result.steps[0].code == "rule"
    assert result.steps[0].citation == result.rule.citation.text
    for step in result.steps:
        assert step.code
        assert step.sv.strip()
        assert step.en.strip()
        if step.citation is not None:
            assert step.citation in step.text("sv")
            # (in English the library's own reading in English words, other sources as written)
            assert citation_text(step.citation, "en") in step.text("en")
    sv, en = result.explain("sv").splitlines(), result.explain("en").splitlines()
    assert len(sv) == len(en) == len(result.steps)
    assert [line.split(". ", 1)[0] for line in sv] == [str(n) for n in range(1, len(sv) + 1)]
    assert sv != en
    data = result.as_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["status"] == result.status.value
    assert data["explanation"] == [step.as_dict() for step in result.steps]


def test_as_dict_has_the_documented_keys_and_values() -> None:
    case = Case(
        level="visit",
        start=VISIT_START,
        exclusions=[_mov(D(2025, 2, 1), D(2025, 2, 14))],
        booked=D(2025, 4, 20),
        id="p-1",
    )
    data = evaluate(case, as_of=D(2025, 3, 1)).as_dict()
    assert set(data) >= {
        "id",
        "level",
        "start",
        "clock_start",
        "as_of",
        "deadline",
        "status",
        "limit_days",
        "excluded_days",
        "days_waited",
        "days_left",
        "days_over",
        "care_elsewhere",
        "completed",
        "booked",
        "rule",
        "alternatives",
        "explanation",
    }
    assert data["id"] == "p-1"
    assert data["deadline"] == "2025-04-15"
    assert data["status"] == "at_risk"
    assert (data["limit_days"], data["excluded_days"]) == (90, 14)
    assert (data["days_waited"], data["days_left"], data["days_over"]) == (45, 45, None)
    assert data["care_elsewhere"] is True
    assert data["booked"] == "2025-04-20"
    assert data["completed"] is None
    rule = data["rule"]
    assert isinstance(rule, dict)
    assert rule["citation"] == "HSF (2017:80) 6 kap. 1 § 3 (Förordning 2018:1129)"


# -- dates in and out ---------------------------------------------------------------------------


def test_as_of_before_the_start_is_refused() -> None:
    with pytest.raises(InvalidCaseError, match="before the clock's start"):
        evaluate(_visit(), as_of=D(2024, 12, 31))


def test_naive_datetime_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="naive"):
        evaluate(_visit(), as_of=datetime(2025, 3, 1, 12, 0))
    with pytest.raises(DateTypeError, match="naive"):
        Case(level="visit", start=datetime(2025, 3, 1, 12, 0))
    with pytest.raises(DateTypeError):
        Exclusion(MOV, datetime(2025, 3, 1), D(2025, 3, 2))
    with pytest.raises(DateTypeError):
        evaluate(_visit(), as_of="2025-03-01")  # type: ignore[arg-type]


def test_aware_datetimes_are_read_in_stockholm() -> None:
    # 23:30 UTC on 4 March 2021 is 00:30 on 5 March in Stockholm (CET, UTC+1).
    start = datetime(2021, 3, 4, 23, 30, tzinfo=UTC)
    case = Case(level="assessment", start=start)
    assert case.start == D(2021, 3, 5)
    on_time = evaluate(case, as_of=datetime(2021, 3, 7, 23, 30, tzinfo=UTC))
    assert on_time.as_of == D(2021, 3, 8)
    assert (on_time.status, on_time.days_left) == (Status.AT_RISK, 0)
    late = evaluate(case, as_of=datetime(2021, 3, 8, 23, 30, tzinfo=UTC))
    assert late.as_of == D(2021, 3, 9)
    assert (late.status, late.days_over) == (Status.OVERDUE, 1)
    # Summer time: 22:30 UTC on 1 July is 00:30 on 2 July (CEST, UTC+2).
    summer = Case(level="contact", start=datetime(2025, 7, 1, 22, 30, tzinfo=UTC))
    assert summer.start == D(2025, 7, 2)


def test_result_is_frozen() -> None:
    result = evaluate(_visit(), as_of=VISIT_START)
    with pytest.raises(AttributeError):
        result.deadline = None  # type: ignore[misc]


def test_swedish_explanation_words_a_zero_day_limit_as_the_statute_does() -> None:
    """HSF 6 kap. 1 § 1: contact "samma dag som" the patient seeks it, not "0 dagar från"."""
    result = evaluate(Case(level="contact", start=date(2025, 3, 3)), as_of=date(2025, 3, 3))
    first = result.explain("sv").splitlines()[0]
    assert (
        "samma dag som den enskilde söker kontakt med primärvården (tillgänglighetsgaranti)."
        in first
    )
    assert "0 dagar" not in first
    assessment = evaluate(Case(level="assessment", start=date(2025, 3, 3)), as_of=date(2025, 3, 3))
    assert "tre dagar från det att" in assessment.explain("sv").splitlines()[0]


def test_swedish_roll_forward_reading_cites_the_act_by_its_paragraph_and_title() -> None:
    """Swedish citation form: "2 § lagen (1930:173) om beräkning av lagstadgad tid"."""
    result = evaluate(Case(level="visit", start=date(2025, 3, 3)), as_of=date(2025, 3, 10))
    (alternative,) = result.alternatives
    assert "enligt 2 § lagen (1930:173) om beräkning av lagstadgad tid skulle" in (
        alternative.text("sv")
    )


# -- the explanation's wording (reviewed against the statute and Swedish usage) ------------------


def test_a_holiday_is_named_in_lower_case_inside_a_swedish_sentence() -> None:
    # "2024-12-24 är inte en vardag (Julafton)" beside "(söndag)": Swedish writes the names of
    # holidays and eves in lower case (HSF/Lag 1930:173 2 §: "midsommarafton, julafton eller
    # nyårsafton"); a proper name in one keeps its capital.
    case = Case(level="visit", start=D(2024, 9, 25))  # day 90: 2024-12-24, julafton
    result = evaluate(case, as_of=D(2024, 10, 1), policy=Policy(roll_forward=True))
    assert result.plan is not None
    assert result.plan.calendar_deadline == D(2024, 12, 24)
    step = next(step for step in result.steps if step.code == "roll-forward")
    assert step.text("sv").startswith("2024-12-24 är inte en vardag (julafton); ")
    assert step.text("en").startswith("2024-12-24 is not a vardag (Julafton); ")
    ascension = Case(level="visit", start=D(2025, 2, 28))  # day 90: 2025-05-29
    kristi = evaluate(ascension, as_of=D(2025, 3, 1), policy=Policy(roll_forward=True))
    assert kristi.plan is not None
    assert kristi.plan.calendar_deadline == D(2025, 5, 29)
    step = next(step for step in kristi.steps if step.code == "roll-forward")
    assert "(Kristi himmelsfärdsdag)" in step.text("sv")


def test_the_same_day_limit_is_worded_as_the_statute_words_it() -> None:
    # HSF 6 kap. 1 § 1: "samma dag som"; it said "Gränsen är 0 kalenderdagar".
    result = evaluate(Case(level="contact", start=D(2025, 3, 3)), as_of=D(2025, 3, 3))
    step = next(step for step in result.steps if step.code == "limit")
    assert step.text("sv").startswith("Gränsen är samma dag: 2025-03-03 är dag 0 och sista dagen")
    assert step.text("en").startswith("The limit is the same day: 2025-03-03 is day 0 and the")


def test_a_waiver_says_the_day_first_in_swedish() -> None:
    case = Case(level="visit", start=D(2025, 1, 10), waived=D(2025, 3, 1))
    text = evaluate(case, as_of=D(2025, 4, 1)).explain("sv")
    assert "Den 2025-03-01 tackade patienten nej till vård hos en annan vårdgivare" in text


def test_the_bup_first_assessment_starts_on_bup_s_own_words_in_english() -> None:
    # The English step gave the national visit's start ("... contact with specialised care").
    result = evaluate(
        Case(level="first-assessment", start=D(2025, 1, 13)), as_of=D(2025, 1, 13), rules=BUP
    )
    step = next(step for step in result.steps if step.code == "start")
    assert "the remiss is issued or the patient seeks contact with BUP" in step.text("en")
    assert "remiss utfärdades eller den enskilde sökte kontakt med BUP" in step.text("sv")
    national = evaluate(Case(level="visit", start=D(2025, 1, 13)), as_of=D(2025, 1, 13))
    step = next(step for step in national.steps if step.code == "start")
    assert "seeks contact with specialised care" in step.text("en")


@pytest.mark.parametrize("code", ["pvv", "mov", "sov"])
def test_a_deviation_code_cites_what_it_rests_on(code: str) -> None:
    """PvV and MoV are grounds of HSF 6 kap. 2 §; SoV is not (a code of the national format,
    "särskilda skäl" in SKR's FAQ): its step cites the format alone."""
    result = evaluate(Case(level="visit", start=D(2025, 3, 3), deviation=code), as_of=D(2025, 4, 1))
    step = next(step for step in result.steps if step.code == "deviation")
    assert step.citation is not None
    assert ("6 kap. 2 §" in step.citation) == (code != "sov")
    assert "Informationsmodell" in step.citation


@pytest.mark.parametrize(
    ("level", "start", "rules", "ground"),
    [
        ("treatment", D(2008, 1, 10), NATIONAL, "inte i överenskommelsens källor"),
        ("treatment", D(2012, 1, 10), NATIONAL, "Förordning (2010:349) om vårdgaranti 3 §"),
        ("treatment", D(2017, 3, 31), NATIONAL, "Förordning (2010:349) om vårdgaranti 3 §"),
        ("treatment", D(2017, 4, 1), NATIONAL, "HSF (2017:80) 6 kap. 2 §"),
        ("assessment", D(2025, 1, 10), NATIONAL, None),  # 6:2 covers p. 3-4 only
        ("contact", D(2025, 1, 10), NATIONAL, None),
        ("first-assessment", D(2012, 1, 10), BUP, "tolkning (vardgaranti): PvV som paus"),
    ],
)
def test_a_deviation_code_cites_the_ground_of_the_rule_in_force_for_the_case(
    level: str, start: date, rules: RuleSet, ground: str | None
) -> None:
    # A review: the step cited HSF (2017:80) 6 kap. 2 § for every era and level, in 2008 and
    # 2012 too (before the ordinance came) and for an assessment, which 6:2 does not cover.
    case = Case(level=level, start=start, deviation="pvv")
    result = evaluate(case, as_of=start + timedelta(days=30), rules=rules)
    step = next(step for step in result.steps if step.code == "deviation")
    assert step.citation is not None
    assert step.citation.endswith("Informationsmodell – Tillgänglighet specialiserad vård 1.1 "
                                  "(Avvikelse 1)")  # fmt: skip
    if ground is None:
        assert step.citation.startswith("SKR, Informationsmodell")
    else:
        assert ground in step.citation
    assert ("(2017:80)" in step.citation) == ((ground is not None and start >= D(2017, 4, 1))
                                              or rules is BUP)  # fmt: skip
    english = step.text("en")  # (the reading in English words, as every other source)
    assert "tolkning" not in citation_text(step.citation, "en"), english


@pytest.mark.parametrize("level", ["contact", "assessment", "visit", "treatment"])
@pytest.mark.parametrize("uncovered", ["out-of-scope", "reported"])
def test_a_contact_outside_the_guarantee_cites_sources_for_its_kind_of_care(
    level: str, uncovered: str
) -> None:
    # A review: a primary-care contact was cited against SKR's model of specialised care, and
    # given one of three reasons the caller had not said.
    result = evaluate(Case(level=level, start=D(2025, 1, 10), uncovered=uncovered),
                      as_of=D(2025, 1, 12))  # fmt: skip
    (step,) = [step for step in result.steps if step.code == "not-covered"]
    specialised = level in ("visit", "treatment")
    assert ("specialiserad vård" in (step.citation or "")) == specialised
    if uncovered == "out-of-scope":
        assert step.citation is not None
        assert step.citation.startswith("1177; IVO; Region Värmland")
        assert "such as a return visit" in step.text("en")
        assert "till exempel ett återbesök" in step.text("sv")
    else:
        assert (step.citation is None) == (not specialised)  # the unit's own word
