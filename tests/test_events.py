"""Referral events and Case.from_events: starts per level, order independence, contradictions."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, date, datetime

import attrs
import pytest

from vardgaranti import (
    BUP,
    NATIONAL,
    AppointmentBooked,
    Case,
    Completed,
    ContactSought,
    DecisionToTreat,
    Event,
    Exclusion,
    ExclusionBegan,
    ExclusionEnded,
    ExclusionReason,
    Level,
    ListingRecorded,
    OfferDeclined,
    ReferralIssued,
    ReferralReceived,
    Restarted,
    RuleSet,
    SelfReferralAccepted,
    SelfReferralReceived,
    SelfReferralStart,
    StartEvent,
    Status,
    WaiverGiven,
    evaluate,
)
from vardgaranti.errors import DateTypeError, InvalidCaseError, InvalidTypeError, UnknownLevelError

pytestmark = pytest.mark.usefixtures("both_entry_points")  # the suite through both entry points

D = date
MOV, PVV = ExclusionReason.MOV, ExclusionReason.PVV


# -- the start per level ------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["contact", "assessment", "kontakt", "bedömning"])
def test_contact_and_assessment_start_when_contact_is_sought(level: str) -> None:
    case = Case.from_events(level, [ContactSought(D(2025, 3, 7))])
    assert case.start == D(2025, 3, 7)
    assert case.level is Level.parse(level)
    assert case.start_note == "kontakt söktes"


def test_visit_starts_when_the_referral_is_issued_not_received() -> None:
    case = Case.from_events(
        "visit", [ReferralReceived(D(2025, 3, 10)), ReferralIssued(D(2025, 3, 3))]
    )
    assert case.start == D(2025, 3, 3)
    assert case.start_note == "remiss utfärdad"
    assert case.alternative_start is None


def test_referral_issued_wins_over_a_self_referral() -> None:
    case = Case.from_events(
        "visit", [SelfReferralReceived(D(2025, 3, 1)), ReferralIssued(D(2025, 3, 3))]
    )
    assert case.start == D(2025, 3, 3)


def test_visit_self_referral_starts_when_sought_by_default_hsf_6_1_3() -> None:
    events: list[Event] = [
        SelfReferralAccepted(D(2025, 3, 10)),
        SelfReferralReceived(D(2025, 3, 3)),
    ]
    case = Case.from_events("visit", events)
    assert case.start == D(2025, 3, 3)
    assert case.alternative_start is not None
    assert case.alternative_start.start == D(2025, 3, 10)
    accepted = Case.from_events("visit", events, self_referral_start=SelfReferralStart.ACCEPTED)
    assert accepted.start == D(2025, 3, 10)
    assert accepted.alternative_start is not None
    assert accepted.alternative_start.start == D(2025, 3, 3)
    assert "6 kap. 1 § 3" in accepted.alternative_start.source
    assert Case.from_events("visit", events, self_referral_start="accepted") == accepted


@pytest.mark.parametrize(
    ("year", "source"),
    [
        (2008, "Överenskommelse mellan staten och Landstingsförbundet"),
        (2012, "Förordning (2010:349) om vårdgaranti 2 § 3"),
        (2020, "HSF (2017:80) 6 kap. 1 § 3"),
    ],
)
def test_a_self_referrals_start_cites_the_provision_in_force_on_its_day(
    year: int, source: str
) -> None:
    # A review: the note and the other reading cited HSF (2017:80) 6 kap. 1 § 3 in 2012 too,
    # beside a start step that rightly cited Förordning (2010:349) 2 § 3.
    events: list[Event] = [
        SelfReferralReceived(D(year, 3, 3)),
        SelfReferralAccepted(D(year, 3, 10)),
    ]
    accepted = Case.from_events("visit", events, self_referral_start="accepted")
    assert accepted.alternative_start is not None
    assert accepted.alternative_start.source.startswith(source)
    sought = Case.from_events("visit", events)
    explained = evaluate(sought, as_of=D(year, 3, 20)).explain("en")
    assert ("(2017:80)" in explained) == (year >= 2017)
    assert "the patient sought contact (egen vårdbegäran, a self-referral))" in explained


def test_visit_contact_sought_stands_in_for_a_self_referral() -> None:
    case = Case.from_events(
        "visit", [ContactSought(D(2025, 3, 4)), SelfReferralAccepted(D(2025, 3, 6))]
    )
    assert case.start == D(2025, 3, 4)
    assert case.alternative_start is not None
    assert case.alternative_start.start == D(2025, 3, 6)


def test_self_referral_received_and_accepted_the_same_day_has_no_alternative() -> None:
    day = D(2025, 3, 4)
    case = Case.from_events("visit", [SelfReferralReceived(day), SelfReferralAccepted(day)])
    assert (case.start, case.alternative_start) == (day, None)


@pytest.mark.parametrize("policy", ["sought", "accepted"])
def test_only_one_self_referral_date_is_used_whatever_the_policy(policy: str) -> None:
    accepted_only = Case.from_events(
        "visit", [SelfReferralAccepted(D(2025, 3, 6))], self_referral_start=policy
    )
    assert accepted_only.start == D(2025, 3, 6)
    sought_only = Case.from_events(
        "visit", [SelfReferralReceived(D(2025, 3, 4))], self_referral_start=policy
    )
    assert sought_only.start == D(2025, 3, 4)


def test_treatment_starts_at_the_decision_to_treat() -> None:
    case = Case.from_events(
        "behandling",
        [DecisionToTreat(D(2025, 4, 2)), ReferralIssued(D(2025, 1, 2)), Completed(D(2025, 5, 5))],
    )
    assert (case.level, case.start, case.completed) == (
        Level.TREATMENT,
        D(2025, 4, 2),
        D(2025, 5, 5),
    )
    assert case.start_note == "beslut om behandling"


@pytest.mark.parametrize(
    ("level", "events"),
    [
        ("visit", [ReferralReceived(D(2025, 3, 10))]),
        ("visit", []),
        ("contact", [ReferralIssued(D(2025, 3, 10))]),
        ("treatment", [ReferralIssued(D(2025, 3, 10))]),
        ("deepened-assessment", [ReferralIssued(D(2025, 3, 10))]),
    ],
    ids=["received-only", "nothing", "contact-without-contact", "no-decision", "no-first"],
)
def test_events_without_a_start_are_refused(level: str, events: list[Event]) -> None:
    with pytest.raises(InvalidCaseError):
        Case.from_events(level, events)


def test_receipt_without_issue_asks_for_the_referral_issued_event() -> None:
    with pytest.raises(InvalidCaseError, match="ReferralIssued"):
        Case.from_events("visit", [ReferralReceived(D(2025, 3, 10))])


def test_unknown_level_is_refused() -> None:
    with pytest.raises(UnknownLevelError):
        Case.from_events("återbesök", [ReferralIssued(D(2025, 3, 10))])


# -- BUP chaining -------------------------------------------------------------------------------


def test_bup_first_assessment_starts_at_the_referral() -> None:
    case = Case.from_events(
        "första bedömning",
        [ReferralIssued(D(2025, 1, 10)), Completed(D(2025, 2, 1), Level.FIRST_ASSESSMENT)],
    )
    assert (case.level, case.start, case.completed) == (
        Level.FIRST_ASSESSMENT,
        D(2025, 1, 10),
        D(2025, 2, 1),
    )
    # 10 January + 30 = 9 February; assessed 1 February: met.
    result = evaluate(case, as_of=D(2025, 3, 1), rules=BUP)
    assert (result.deadline, result.status) == (D(2025, 2, 9), Status.MET)


def test_bup_deepened_assessment_starts_at_the_actual_first_assessment() -> None:
    events: list[Event] = [
        ReferralIssued(D(2025, 1, 10)),
        Completed(D(2025, 2, 1), "first-assessment"),
        Completed(D(2025, 3, 15), "deepened-assessment"),
    ]
    case = Case.from_events("deepened-assessment", events)
    assert (case.start, case.completed) == (D(2025, 2, 1), D(2025, 3, 15))
    assert case.start_note == "första bedömningen gjordes"
    # 1 February + 30 = 3 March; deepened assessment 15 March: missed by 12 days.
    result = evaluate(case, as_of=D(2025, 4, 1), rules=BUP)
    assert (result.deadline, result.status, result.days_over) == (
        D(2025, 3, 3),
        Status.MISSED,
        12,
    )


def test_bup_treatment_starts_at_the_latest_assessment() -> None:
    events: list[Event] = [
        ReferralIssued(D(2025, 1, 10)),
        Completed(D(2025, 2, 1), Level.FIRST_ASSESSMENT),
        Completed(D(2025, 3, 15), Level.DEEPENED_ASSESSMENT),
        Completed(D(2025, 4, 1)),
    ]
    case = Case.from_events("treatment", events, rules=BUP)
    assert (case.start, case.completed) == (D(2025, 3, 15), D(2025, 4, 1))
    first_only = Case.from_events("treatment", events[:2], rules=BUP)
    assert first_only.start == D(2025, 2, 1)
    # A decision to treat does not start the BUP treatment target: the assessment does.
    with_decision = Case.from_events(
        "treatment", [*events, DecisionToTreat(D(2025, 3, 20))], rules=BUP
    )
    assert with_decision.start == D(2025, 3, 15)


def test_national_treatment_starts_only_at_the_decision_to_treat_hsf_6_1_p4() -> None:
    # HSF 6 kap. 1 § 4: "från det att vårdgivaren har beslutat"; an assessment is no start.
    assessed = [Completed(D(2025, 2, 1), Level.FIRST_ASSESSMENT)]
    with pytest.raises(InvalidCaseError, match="no start"):
        Case.from_events("treatment", assessed)
    case = Case.from_events("treatment", [*assessed, DecisionToTreat(D(2025, 2, 10))])
    assert case.start == D(2025, 2, 10)


def test_national_treatment_decision_wins_over_the_assessments() -> None:
    case = Case.from_events(
        "treatment",
        [Completed(D(2025, 2, 1), Level.FIRST_ASSESSMENT), DecisionToTreat(D(2025, 2, 3))],
    )
    assert case.start == D(2025, 2, 3)


def _starting(level: Level, *events: StartEvent) -> RuleSet:
    """The national rules with *level*'s rules (in order of their start) on *events*."""
    rules = sorted((r for r in NATIONAL.rules if r.level is level), key=lambda r: r.effective_from)
    changed = {id(rule): events[min(i, len(events) - 1)] for i, rule in enumerate(rules)}
    return RuleSet(
        name="Egen",
        description="a rule set of its own",
        rules=tuple(
            attrs.evolve(rule, start_event=changed[id(rule)]) if id(rule) in changed else rule
            for rule in NATIONAL.rules
        ),
    )


def test_the_start_follows_the_rule_sets_start_event_not_the_level() -> None:
    # A rule set of its own may start the visit at the decision to treat: the replay follows
    # the rule's start_event (what its explanation says), not the national visit's referral.
    own = _starting(Level.VISIT, StartEvent.DECISION_TO_TREAT)
    events: list[Event] = [ReferralIssued(D(2025, 1, 10)), DecisionToTreat(D(2025, 2, 3))]
    assert Case.from_events("visit", events).start == D(2025, 1, 10)
    case = Case.from_events("visit", events, rules=own)
    assert (case.start, case.start_note) == (D(2025, 2, 3), "beslut om behandling")
    with pytest.raises(InvalidCaseError, match="no start"):
        Case.from_events("visit", events[:1], rules=own)


def test_rules_of_a_level_on_different_start_events_ask_for_the_start() -> None:
    mixed = _starting(Level.VISIT, StartEvent.REFERRAL, StartEvent.DECISION_TO_TREAT)
    events: list[Event] = [ReferralIssued(D(2025, 1, 10)), DecisionToTreat(D(2025, 2, 3))]
    with pytest.raises(InvalidCaseError, match=r"different events \(decision-to-treat, referral\)"):
        Case.from_events("visit", events, rules=mixed)
    # the other levels are not affected
    assert Case.from_events("treatment", events, rules=mixed).start == D(2025, 2, 3)


def test_a_level_the_rule_set_lacks_starts_as_in_the_national_rules() -> None:
    events: list[Event] = [ReferralIssued(D(2025, 1, 10))]
    assert Case.from_events("visit", events, rules=BUP).start == D(2025, 1, 10)


def test_completed_without_a_level_is_the_case_level() -> None:
    case = Case.from_events("visit", [ReferralIssued(D(2025, 1, 1)), Completed(D(2025, 2, 1))])
    assert case.completed == D(2025, 2, 1)
    other = Case.from_events(
        "visit", [ReferralIssued(D(2025, 1, 1)), Completed(D(2025, 2, 1), Level.TREATMENT)]
    )
    assert other.completed is None


# -- order independence -------------------------------------------------------------------------

RICH_EVENTS: tuple[Event, ...] = (
    SelfReferralReceived(D(2025, 1, 3)),
    SelfReferralAccepted(D(2025, 1, 8)),
    ExclusionBegan(D(2025, 2, 1), MOV),
    ExclusionEnded(D(2025, 2, 14), MOV),
    ExclusionBegan(D(2025, 2, 10), PVV),
    ExclusionEnded(D(2025, 2, 20), PVV),
    ExclusionBegan(D(2025, 3, 1), MOV),
    ExclusionEnded(D(2025, 3, 3), MOV),
    AppointmentBooked(D(2025, 3, 20), booked_on=D(2025, 1, 20)),
    AppointmentBooked(D(2025, 4, 2), booked_on=D(2025, 1, 25)),
    AppointmentBooked(D(2025, 4, 20), booked_on=D(2025, 1, 22)),
    OfferDeclined(D(2025, 4, 2)),
    WaiverGiven(D(2025, 1, 10)),
    Restarted(D(2025, 1, 12)),
    ListingRecorded(D(2024, 6, 1), listed=True),
    Completed(D(2025, 4, 10)),
)


def test_rich_case_is_read_as_expected() -> None:
    case = Case.from_events("visit", RICH_EVENTS, id="x-1")
    assert case.start == D(2025, 1, 3)
    assert case.restart == D(2025, 1, 12)
    assert case.waived is None  # withdrawn by the later restart
    assert case.booked == D(2025, 4, 20)  # 2 April was declined; of the rest, booked last
    assert case.completed == D(2025, 4, 10)
    assert case.listed is True
    assert case.id == "x-1"
    assert case.exclusions == (
        Exclusion(MOV, D(2025, 2, 1), D(2025, 2, 14)),
        Exclusion(MOV, D(2025, 3, 1), D(2025, 3, 3)),
        Exclusion(PVV, D(2025, 2, 10), D(2025, 2, 20)),
    )


@pytest.mark.parametrize("seed", range(25))
def test_from_events_does_not_depend_on_the_order(seed: int) -> None:
    expected = Case.from_events("visit", RICH_EVENTS)
    shuffled = list(RICH_EVENTS)
    random.Random(seed).shuffle(shuffled)
    assert Case.from_events("visit", shuffled) == expected
    assert Case.from_events("visit", reversed(shuffled)) == expected
    as_of = D(2025, 5, 1)
    assert (
        evaluate(Case.from_events("visit", shuffled), as_of=as_of).as_dict()
        == evaluate(expected, as_of=as_of).as_dict()
    )


def test_every_permutation_of_a_small_bup_chain_gives_the_same_case() -> None:
    events: list[Event] = [
        ReferralIssued(D(2025, 1, 10)),
        Completed(D(2025, 2, 1), Level.FIRST_ASSESSMENT),
        Completed(D(2025, 3, 15), Level.DEEPENED_ASSESSMENT),
        ExclusionBegan(D(2025, 3, 20), PVV),
        ExclusionEnded(D(2025, 3, 25), PVV),
    ]
    cases = {
        Case.from_events("treatment", order, rules=BUP) for order in itertools.permutations(events)
    }
    assert len(cases) == 1


# -- contradictions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "events", "match"),
    [
        (
            "visit",
            [ReferralIssued(D(2025, 1, 1)), ReferralIssued(D(2025, 1, 2))],
            "referral issued on 2025-01-01, 2025-01-02",
        ),
        (
            "visit",
            [ReferralIssued(D(2025, 1, 5)), ReferralReceived(D(2025, 1, 4))],
            "received .* before it was issued",
        ),
        (
            "visit",
            [SelfReferralReceived(D(2025, 1, 5)), SelfReferralAccepted(D(2025, 1, 4))],
            "accepted .* before it was received",
        ),
        (
            "contact",
            [ContactSought(D(2025, 1, 1)), ContactSought(D(2025, 1, 3))],
            "contact sought",
        ),
        (
            "treatment",
            [DecisionToTreat(D(2025, 1, 1)), DecisionToTreat(D(2025, 1, 3))],
            "decision to treat",
        ),
        (
            "visit",
            [ReferralIssued(D(2025, 1, 1)), ExclusionEnded(D(2025, 2, 1), MOV)],
            "1 end\\(s\\) but only 0 beginning",
        ),
        (
            "visit",
            [
                ReferralIssued(D(2025, 1, 1)),
                ExclusionBegan(D(2025, 2, 1), MOV),
                ExclusionEnded(D(2025, 2, 5), PVV),
            ],
            "exclusion mov began on 2025-02-01 and has no end|exclusion pvv: 1 end",
        ),
        (
            "visit",
            [
                ReferralIssued(D(2025, 1, 1)),
                ExclusionBegan(D(2025, 2, 10), MOV),
                ExclusionEnded(D(2025, 2, 1), MOV),
            ],
            "ends .* before it begins",
        ),
        (
            "visit",
            [ReferralIssued(D(2025, 3, 1)), Completed(D(2025, 2, 1))],
            "completed: 2025-02-01 is before the start \\(2025-03-01\\)",
        ),
        (
            "visit",
            [ReferralIssued(D(2025, 3, 1)), AppointmentBooked(D(2025, 2, 1))],
            "booked: .* is before the start",
        ),
        (
            "visit",
            [ReferralIssued(D(2025, 3, 1)), Restarted(D(2025, 2, 1))],
            "restart: .* is before the start",
        ),
        (
            "visit",
            [ReferralIssued(D(2025, 3, 1)), WaiverGiven(D(2025, 2, 1))],
            "waived: .* is before the start",
        ),
        (
            "visit",
            [ReferralIssued(D(2025, 3, 1)), Completed(D(2025, 4, 1)), Completed(D(2025, 4, 2))],
            "completed on 2025-04-01, 2025-04-02",
        ),
        (
            "visit",
            [
                ReferralIssued(D(2025, 3, 1)),
                AppointmentBooked(D(2025, 4, 1)),
                AppointmentBooked(D(2025, 4, 2)),
            ],
            "booked_on",
        ),
        (
            "contact",
            [
                ContactSought(D(2025, 3, 1)),
                ListingRecorded(D(2025, 1, 1), listed=True),
                ListingRecorded(D(2025, 1, 1), listed=False),
            ],
            "listed and not listed",
        ),
        (
            "visit",
            [
                ReferralIssued(D(2025, 3, 1)),
                Restarted(D(2025, 4, 1)),
                Completed(D(2025, 3, 20)),
            ],
            "after the completion",
        ),
    ],
    ids=[
        "two-referral-dates",
        "received-before-issued",
        "accepted-before-sought",
        "two-contact-dates",
        "two-decisions",
        "end-without-begin",
        "end-of-another-reason",
        "end-before-begin",
        "completed-before-start",
        "booked-before-start",
        "restart-before-start",
        "waiver-before-start",
        "two-completions",
        "two-bookings-without-booked-on",
        "listed-both-ways",
        "completed-before-restart",
    ],
)
def test_contradictions_are_refused(level: str, events: list[Event], match: str) -> None:
    with pytest.raises(InvalidCaseError, match=match):
        Case.from_events(level, events)
    with pytest.raises(InvalidCaseError, match=match):
        Case.from_events(level, list(reversed(events)))


def test_repeated_identical_events_are_not_a_contradiction() -> None:
    case = Case.from_events(
        "visit",
        [
            ReferralIssued(D(2025, 1, 1)),
            ReferralIssued(D(2025, 1, 1)),
            Completed(D(2025, 2, 1)),
            Completed(D(2025, 2, 1)),
            AppointmentBooked(D(2025, 2, 1)),
            AppointmentBooked(D(2025, 2, 1), booked_on=D(2025, 1, 5)),
        ],
    )
    assert (case.start, case.completed, case.booked) == (
        D(2025, 1, 1),
        D(2025, 2, 1),
        D(2025, 2, 1),
    )


# -- exclusions from events ---------------------------------------------------------------------


def test_exclusion_events_pair_per_reason_in_date_order() -> None:
    case = Case.from_events(
        "treatment",
        [
            DecisionToTreat(D(2025, 1, 1)),
            ExclusionEnded(D(2025, 3, 10), MOV),
            ExclusionBegan(D(2025, 3, 1), MOV),
            ExclusionEnded(D(2025, 2, 5), MOV),
            ExclusionBegan(D(2025, 2, 1), MOV),
        ],
    )
    assert case.exclusions == (
        Exclusion(MOV, D(2025, 2, 1), D(2025, 2, 5)),
        Exclusion(MOV, D(2025, 3, 1), D(2025, 3, 10)),
    )


def test_an_open_exclusion_is_refused_without_as_of() -> None:
    events: list[Event] = [ReferralIssued(D(2025, 1, 1)), ExclusionBegan(D(2025, 2, 1), "mov")]
    with pytest.raises(InvalidCaseError, match="no end"):
        Case.from_events("visit", events)


def test_an_open_exclusion_is_closed_by_as_of() -> None:
    events: list[Event] = [ReferralIssued(D(2025, 1, 1)), ExclusionBegan(D(2025, 2, 1), "mov")]
    as_of = D(2025, 2, 10)
    case = Case.from_events("visit", events, as_of=as_of)
    assert case.exclusions == (Exclusion(MOV, D(2025, 2, 1), as_of),)
    # 1 January + 90 = 1 April, + 10 days (1–10 February) = 11 April.
    result = evaluate(case, as_of=as_of)
    assert result.deadline == D(2025, 4, 11)
    assert (result.days_waited, result.days_left) == (30, 60)


def test_only_the_last_open_exclusion_is_closed_by_as_of() -> None:
    events: list[Event] = [
        ReferralIssued(D(2025, 1, 1)),
        ExclusionBegan(D(2025, 2, 1), MOV),
        ExclusionEnded(D(2025, 2, 3), MOV),
        ExclusionBegan(D(2025, 2, 20), MOV),
    ]
    case = Case.from_events("visit", events, as_of=D(2025, 3, 1))
    assert case.exclusions == (
        Exclusion(MOV, D(2025, 2, 1), D(2025, 2, 3)),
        Exclusion(MOV, D(2025, 2, 20), D(2025, 3, 1)),
    )


def test_exclusion_event_reasons_are_parsed() -> None:
    assert ExclusionBegan(D(2025, 1, 1), "MoV").reason is MOV
    assert ExclusionEnded(D(2025, 1, 1), " PVV ").reason is PVV
    with pytest.raises(ValueError, match="unknown exclusion reason"):
        ExclusionBegan(D(2025, 1, 1), "sov")


# -- bookings, offers, waivers, restarts --------------------------------------------------------


def test_a_declined_offer_cancels_the_booking() -> None:
    case = Case.from_events(
        "visit",
        [
            ReferralIssued(D(2025, 1, 1)),
            AppointmentBooked(D(2025, 3, 1)),
            OfferDeclined(D(2025, 3, 1)),
        ],
    )
    assert case.booked is None
    # The declined booking no longer keeps the case "within": as of 20 March, 12 days left.
    assert evaluate(case, as_of=D(2025, 3, 20)).status is Status.AT_RISK


def test_a_declined_offer_leaves_other_bookings() -> None:
    case = Case.from_events(
        "visit",
        [
            ReferralIssued(D(2025, 1, 1)),
            AppointmentBooked(D(2025, 3, 1), booked_on=D(2025, 1, 10)),
            OfferDeclined(D(2025, 3, 1)),
            AppointmentBooked(D(2025, 3, 20), booked_on=D(2025, 1, 5)),
        ],
    )
    assert case.booked == D(2025, 3, 20)


def test_the_booking_made_last_counts() -> None:
    events: list[Event] = [
        ReferralIssued(D(2025, 1, 1)),
        AppointmentBooked(D(2025, 3, 1), booked_on=D(2025, 1, 10)),
        AppointmentBooked(D(2025, 2, 1), booked_on=D(2025, 1, 20)),
    ]
    assert Case.from_events("visit", events).booked == D(2025, 2, 1)


def test_a_waiver_is_not_covered_until_a_restart() -> None:
    waived: list[Event] = [ReferralIssued(D(2025, 1, 1)), WaiverGiven(D(2025, 2, 1))]
    case = Case.from_events("visit", waived)
    assert case.waived == D(2025, 2, 1)
    result = evaluate(case, as_of=D(2025, 2, 15))
    assert result.status is Status.NOT_COVERED
    assert result.deadline is None
    step = result.steps[-1]
    assert step.code == "not-covered"
    assert step.citation is not None
    assert "1177" in step.citation

    restarted = Case.from_events("visit", [*waived, Restarted(D(2025, 3, 1))])
    assert (restarted.waived, restarted.restart) == (None, D(2025, 3, 1))
    result = evaluate(restarted, as_of=D(2025, 3, 1))
    assert result.status is Status.WITHIN
    assert result.deadline == D(2025, 5, 30)  # 1 March + 90


def test_a_restart_before_the_waiver_does_not_withdraw_it() -> None:
    case = Case.from_events(
        "visit",
        [ReferralIssued(D(2025, 1, 1)), Restarted(D(2025, 1, 20)), WaiverGiven(D(2025, 2, 1))],
    )
    assert (case.restart, case.waived) == (D(2025, 1, 20), D(2025, 2, 1))
    assert evaluate(case, as_of=D(2025, 3, 1)).status is Status.NOT_COVERED


def test_a_restart_on_the_waiver_day_withdraws_it() -> None:
    case = Case.from_events(
        "visit",
        [ReferralIssued(D(2025, 1, 1)), WaiverGiven(D(2025, 2, 1)), Restarted(D(2025, 2, 1))],
    )
    assert case.waived is None
    assert evaluate(case, as_of=D(2025, 2, 1)).deadline == D(2025, 5, 2)


def test_the_latest_restart_counts() -> None:
    case = Case.from_events(
        "visit",
        [ReferralIssued(D(2025, 1, 1)), Restarted(D(2025, 3, 1)), Restarted(D(2025, 2, 1))],
    )
    assert case.restart == D(2025, 3, 1)


# -- listing ------------------------------------------------------------------------------------


def test_not_listed_before_the_contact_is_not_covered_from_2022_07_01() -> None:
    case = Case.from_events(
        "contact",
        [ContactSought(D(2023, 5, 2)), ListingRecorded(D(2023, 1, 1), listed=False)],
    )
    assert case.listed is False
    result = evaluate(case, as_of=D(2023, 5, 2))
    assert result.status is Status.NOT_COVERED
    assert result.steps[-1].citation is not None
    assert "9 kap. 1 § 2 st." in result.steps[-1].citation


def test_the_latest_listing_on_or_before_the_start_counts() -> None:
    events: list[Event] = [
        ContactSought(D(2023, 5, 2)),
        ListingRecorded(D(2023, 1, 1), listed=False),
        ListingRecorded(D(2023, 5, 2), listed=True),
        ListingRecorded(D(2023, 6, 1), listed=False),
    ]
    case = Case.from_events("assessment", events)
    assert case.listed is True
    assert evaluate(case, as_of=D(2023, 5, 2)).deadline == D(2023, 5, 5)


def test_a_listing_recorded_after_the_start_is_not_used() -> None:
    case = Case.from_events(
        "contact", [ContactSought(D(2023, 5, 2)), ListingRecorded(D(2023, 5, 3), listed=False)]
    )
    assert case.listed is None


def test_no_listing_events_means_unknown() -> None:
    assert Case.from_events("contact", [ContactSought(D(2023, 5, 2))]).listed is None


def test_not_listed_before_2022_07_01_is_still_covered() -> None:
    case = Case.from_events(
        "assessment",
        [ContactSought(D(2022, 6, 30)), ListingRecorded(D(2022, 1, 1), listed=False)],
    )
    assert case.listed is False
    assert evaluate(case, as_of=D(2022, 6, 30)).deadline == D(2022, 7, 3)


# -- event values -------------------------------------------------------------------------------


def test_event_dates_accept_aware_datetimes_read_in_stockholm() -> None:
    event = ReferralIssued(datetime(2025, 12, 31, 23, 30, tzinfo=UTC))
    assert event.on == D(2026, 1, 1)


def test_event_dates_refuse_naive_datetimes_and_text() -> None:
    with pytest.raises(DateTypeError, match="naive"):
        ReferralIssued(datetime(2025, 3, 1, 12, 0))
    with pytest.raises(TypeError):
        ContactSought("2025-03-01")  # type: ignore[arg-type]


def test_completed_level_is_parsed() -> None:
    assert Completed(D(2025, 1, 1), "första bedömning").level is Level.FIRST_ASSESSMENT
    assert Completed(D(2025, 1, 1)).level is None
    with pytest.raises(UnknownLevelError):
        Completed(D(2025, 1, 1), "återbesök")


def test_events_are_frozen_and_comparable() -> None:
    assert ReferralIssued(D(2025, 1, 1)) == ReferralIssued(D(2025, 1, 1))
    events: list[Event] = [ReferralIssued(D(2025, 1, 1)), ReferralReceived(D(2025, 1, 1))]
    assert events[0] != events[1]
    assert ListingRecorded(D(2025, 1, 1)).listed is True
    event = AppointmentBooked(D(2025, 1, 1))
    assert event.booked_on is None
    with pytest.raises(AttributeError):
        event.on = D(2025, 1, 2)  # type: ignore[misc]


@pytest.mark.parametrize("events", ["abc", b"abc", None, 42])
def test_events_that_are_not_a_list_of_events_are_refused_naming_them(events: object) -> None:
    # "abc" was read as three events ("the events give no start"); None a bare TypeError
    with pytest.raises(InvalidTypeError, match="give the events as a list") as raised:
        Case.from_events("visit", events)  # type: ignore[arg-type]
    assert raised.value.field == "events"


def test_exclusions_may_be_given_as_a_list_of_texts() -> None:
    # the error said "(or REASON:FROM..TO text)" but refused ["mov:…"]
    case = Case(
        level="visit",
        start=date(2025, 3, 1),
        exclusions=[
            "mov:2025-03-02..2025-03-05",
            "pvv:2025-04-01..2025-04-02; mov:2025-05-01..2025-05-02",
        ],
    )
    assert [str(e) for e in case.exclusions] == [
        "mov:2025-03-02..2025-03-05",
        "pvv:2025-04-01..2025-04-02",
        "mov:2025-05-01..2025-05-02",
    ]
    assert (
        case.exclusions
        == Case(
            level="visit",
            start=date(2025, 3, 1),
            exclusions=(
                "mov:2025-03-02..2025-03-05 pvv:2025-04-01..2025-04-02 mov:2025-05-01..2025-05-02"
            ),
        ).exclusions
    )


@pytest.mark.parametrize("exclusions", [[3], 5, [None]])
def test_exclusions_of_another_kind_are_refused_naming_the_field(exclusions: object) -> None:
    with pytest.raises(InvalidTypeError, match="give Exclusion values") as raised:
        Case(level="visit", start=date(2025, 3, 1), exclusions=exclusions)  # type: ignore[arg-type]
    assert raised.value.field == "exclusions"


# -- as of a day, after care, repeats (review of the replay) ------------------------------------


def test_bup_treatment_starts_at_the_latest_assessment_made_by_the_as_of_day() -> None:
    # BUP treatment counts from the first or deepened assessment (the latest): as of a day,
    # an assessment made later has not happened and cannot be the start.
    events: list[Event] = [
        ReferralIssued(D(2025, 1, 13)),
        Completed(D(2025, 2, 10), "first-assessment"),
        Completed(D(2025, 3, 20), "deepened-assessment"),
    ]
    case = Case.from_events("treatment", events, as_of=D(2025, 3, 1), rules=BUP)
    assert case.start == D(2025, 2, 10)
    assert evaluate(case, as_of=D(2025, 3, 1), rules=BUP).deadline == D(2025, 3, 12)
    later = Case.from_events("treatment", events, as_of=D(2025, 3, 20), rules=BUP)
    assert later.start == D(2025, 3, 20)
    assert Case.from_events("treatment", events, rules=BUP).start == D(2025, 3, 20)


def test_bup_treatment_before_any_assessment_is_not_begun_as_of_the_day() -> None:
    events: list[Event] = [Completed(D(2025, 2, 10), "first-assessment")]
    case = Case.from_events("treatment", events, as_of=D(2025, 2, 1), rules=BUP)
    assert case.start == D(2025, 2, 10)
    with pytest.raises(InvalidCaseError, match="before the clock's start"):
        evaluate(case, as_of=D(2025, 2, 1), rules=BUP)


@pytest.mark.parametrize(
    ("level", "rules"),
    [("contact", NATIONAL), ("assessment", NATIONAL), ("deepened-assessment", BUP)],
)
def test_a_waiver_on_a_level_without_care_elsewhere_is_refused(level: str, rules: RuleSet) -> None:
    """A waiver declines care with another provider, which only the 90-day steps give (HSL
    9 kap. 2 §, Patientlagen 2 kap. 4 §: "1 § 3 eller 4"); on the 0- and 3-day steps and the BUP
    deepened assessment there is nothing to decline (it made the case not_covered)."""
    case = Case(level=level, start=D(2025, 3, 3), waived=D(2025, 3, 4))
    with pytest.raises(
        InvalidCaseError, match="no care with another provider to decline"
    ) as caught:
        evaluate(case, as_of=D(2025, 3, 10), rules=rules)
    assert caught.value.field == "waived"
    # the 90-day steps: the waiver is in effect, the case not covered
    for other, other_rules in (("visit", NATIONAL), ("treatment", NATIONAL),
                               ("first-assessment", BUP)):  # fmt: skip
        waived = Case(level=other, start=D(2025, 3, 3), waived=D(2025, 3, 4))
        assert evaluate(waived, as_of=D(2025, 3, 10), rules=other_rules).status.value == (
            "not_covered"
        )


def test_a_waiver_after_the_completion_is_refused_as_a_restart_is() -> None:
    # A waiver declines care elsewhere: after care was given there is nothing to decline (it
    # turned a met case into not_covered).
    events: list[Event] = [
        ReferralIssued(D(2025, 3, 3)),
        Completed(D(2025, 4, 1)),
        WaiverGiven(D(2025, 4, 5)),
    ]
    with pytest.raises(InvalidCaseError, match="after the completion") as caught:
        Case.from_events("visit", events)
    assert caught.value.field == "waived"
    with pytest.raises(InvalidCaseError, match="after the completion"):
        Case(level="visit", start=D(2025, 3, 3), completed=D(2025, 4, 1), waived=D(2025, 4, 5))
    # on the completion day, or before it: kept
    same_day = Case(
        level="visit", start=D(2025, 3, 3), completed=D(2025, 4, 1), waived=D(2025, 4, 1)
    )
    assert same_day.waived == D(2025, 4, 1)


def test_repeated_exclusion_events_count_once() -> None:
    began, ended = ExclusionBegan(D(2025, 4, 1), MOV), ExclusionEnded(D(2025, 4, 14), MOV)
    events: list[Event] = [ReferralIssued(D(2025, 3, 3)), began, began, ended, ended]
    case = Case.from_events("visit", events)
    assert case.exclusions == (Exclusion(MOV, D(2025, 4, 1), D(2025, 4, 14)),)


def test_an_open_exclusion_ends_at_the_completion_before_the_as_of_day() -> None:
    events: list[Event] = [
        ReferralIssued(D(2025, 3, 3)),
        ExclusionBegan(D(2025, 5, 25), MOV),
        Completed(D(2025, 6, 10)),
    ]
    case = Case.from_events("visit", events, as_of=D(2025, 7, 1))
    assert case.exclusions == (Exclusion(MOV, D(2025, 5, 25), D(2025, 6, 10)),)
    result = evaluate(case, as_of=D(2025, 7, 1))
    # 3 March + 90 = 1 June, + 17 excluded days (25 May–10 June) = 18 June
    assert (result.deadline, result.excluded_days) == (D(2025, 6, 18), 17)
    assert result.status is Status.MET


def test_replay_errors_name_the_events_field() -> None:
    with pytest.raises(InvalidCaseError) as caught:
        Case.from_events("visit", [ReferralIssued(D(2025, 1, 1)), ReferralIssued(D(2025, 1, 2))])
    assert caught.value.field == "events"
    with pytest.raises(InvalidCaseError) as caught:
        Case.from_events("visit", [Completed(D(2025, 1, 1))])
    assert caught.value.field == "events"


@pytest.mark.parametrize("value", [None, 1, SelfReferralStart])
def test_self_referral_start_of_another_type_is_a_type_error(value: object) -> None:
    with pytest.raises(InvalidTypeError) as caught:
        Case.from_events("visit", [ReferralIssued(D(2025, 1, 1))], self_referral_start=value)  # type: ignore[arg-type]
    assert caught.value.field == "self_referral_start"
    with pytest.raises(InvalidCaseError) as unknown:
        Case.from_events("visit", [ReferralIssued(D(2025, 1, 1))], self_referral_start="later")
    assert unknown.value.field == "self_referral_start"


def test_event_field_errors_name_the_field() -> None:
    with pytest.raises(DateTypeError) as caught:
        AppointmentBooked(D(2025, 4, 1), booked_on="2025-03-01")  # type: ignore[arg-type]
    assert caught.value.field == "booked_on"
    with pytest.raises(DateTypeError) as caught:
        ReferralIssued("2025-03-01")  # type: ignore[arg-type]
    assert caught.value.field == "on"
    for reason in (None, 1):
        with pytest.raises(InvalidTypeError) as typed:
            ExclusionBegan(D(2025, 4, 1), reason)  # type: ignore[arg-type]
        assert typed.value.field == "reason"


@pytest.mark.parametrize("listed", ["nej", 1, None])
def test_a_listing_is_true_or_false(listed: object) -> None:
    with pytest.raises(InvalidTypeError) as caught:
        ListingRecorded(D(2025, 3, 5), listed)  # type: ignore[arg-type]
    assert caught.value.field == "listed"


def test_two_bookings_made_the_same_day_count_the_later_appointment() -> None:
    # A same-day reschedule: which one stands is not in the data (booked_on is a day); the
    # later appointment is the conservative reading (a booking past the deadline shows).
    events: list[Event] = [
        ReferralIssued(D(2025, 3, 3)),
        AppointmentBooked(D(2025, 6, 10), booked_on=D(2025, 3, 10)),
        AppointmentBooked(D(2025, 4, 1), booked_on=D(2025, 3, 10)),
    ]
    case = Case.from_events("visit", events)
    assert case.booked == D(2025, 6, 10)
    assert evaluate(case, as_of=D(2025, 4, 1)).status is Status.AT_RISK
    later: list[Event] = [*events, AppointmentBooked(D(2025, 4, 20), booked_on=D(2025, 3, 12))]
    assert Case.from_events("visit", later).booked == D(2025, 4, 20)


def test_an_open_exclusion_begun_after_the_completion_counts_nothing() -> None:
    events: list[Event] = [
        ReferralIssued(D(2025, 1, 2)),
        Completed(D(2025, 1, 20)),
        ExclusionBegan(D(2025, 1, 25), PVV),
    ]
    case = Case.from_events("visit", events, as_of=D(2025, 3, 1))
    assert case.exclusions == ()
