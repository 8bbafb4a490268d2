"""Who pays the extra costs of care elsewhere, the regional travel rules, and the follow-up table.

HSL 9 kap. 2 § and Patientlagen 2 kap. 4 §: care elsewhere "utan extra kostnad för patienten";
the region pays when it referred the patient under the guarantee, not when the patient chose
(1177; VGR). Every figure below is computed by hand.
"""

from __future__ import annotations

import io
import itertools
import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import pytest

from vardgaranti._cli import main
from vardgaranti._costs import (
    CostFollowUp,
    CostReason,
    CostsCovered,
    TravelRulesError,
    costs_covered,
    costs_of_facts,
    decide_costs,
    parse_distance,
    travel_rules,
    travel_rules_from_data,
)
from vardgaranti._messages import has_message, message
from vardgaranti._rules import BUP, NATIONAL, rule_set
from vardgaranti._validate import validate_file
from vardgaranti._waiting_list import AssessedRow, assess_file
from vardgaranti.errors import InvalidTypeError, InvalidValueError, RuleSetError

GOLDEN: Final = Path(__file__).parent / "golden" / "week"
AS_OF: Final = date(2025, 6, 2)
START: Final = date(2025, 1, 10)


def _decide(**changes: object) -> CostsCovered:
    facts: dict[str, object] = {
        "covered": True,
        "duty": True,
        "care_due": False,
        "start": START,
        "referred": None,
        "provider": "",
        "as_of": AS_OF,
    }
    facts.update(changes)
    return decide_costs(**facts)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "value", "reason"),
    [
        ({"referred": date(2025, 4, 20)}, "yes", CostReason.REFERRED),
        ({"referred": date(2025, 4, 20), "provider": "Capio"}, "yes", CostReason.REFERRED),
        ({"referred": START}, "yes", CostReason.REFERRED),  # on the start day: allowed
        ({"referred": AS_OF}, "yes", CostReason.REFERRED),  # on the as-of day: has happened
        ({"provider": "Capio"}, "no", CostReason.OWN_CHOICE),
        ({"provider": "Capio", "care_due": True}, "no", CostReason.OWN_CHOICE),
        ({"provider": "   "}, "", CostReason.NOT_ELSEWHERE),
        ({"care_due": True}, "", CostReason.DUE),
        ({}, "", CostReason.NOT_ELSEWHERE),
        ({"referred": date(2025, 1, 9)}, "", CostReason.REFERRED_BEFORE_START),
        ({"referred": date(2025, 6, 3)}, "", CostReason.REFERRED_LATER),
        # care given before the as-of day, the referral dated after both: a wrong date, not
        # a referral still to come ("has not happened yet")
        (
            {"referred": date(2025, 6, 15), "completed": date(2025, 5, 20)},
            "",
            CostReason.REFERRED_AFTER_CARE,
        ),
        # care after the as-of day has not happened yet either: the referral is to come
        (
            {"referred": date(2025, 6, 15), "completed": date(2025, 6, 20)},
            "",
            CostReason.REFERRED_LATER,
        ),
        ({"duty": False, "referred": date(2025, 4, 20)}, "", CostReason.NO_DUTY),
        ({"covered": False, "referred": date(2025, 4, 20)}, "", CostReason.NOT_COVERED),
    ],
)
def test_who_pays(changes: dict[str, object], value: str, reason: CostReason) -> None:
    answer = _decide(**changes)
    assert (answer.value, answer.reason) == (value, reason)


def test_without_an_as_of_day_a_later_referral_counts() -> None:
    assert _decide(referred=date(2030, 1, 1), as_of=None).value == "yes"


def test_every_reason_has_a_text_in_both_languages() -> None:
    for reason in CostReason:
        assert has_message(f"costs.{reason.value}")
    answer = _decide(referred=date(2025, 4, 20))
    assert answer.text("sv") == (
        "Regionen remitterade patienten enligt vårdgarantin 2025-04-20: regionen betalar resa och "
        "andra merkostnader."
    )
    assert answer.text("en").startswith("The region referred the patient under the guarantee on")
    assert "Patientlagen (2014:821) 2 kap. 4 §" in answer.source
    own = _decide(provider="Capio")
    assert "1177" in own.source


def _assessed(text: str, rules_name: str = "national") -> list[object]:
    rules = BUP if rules_name == "bup" else rule_set(rules_name)
    with assess_file(io.StringIO(text), as_of=AS_OF, rules=rules) as file:
        return [row.assessed for row in file.rows]


def test_costs_covered_from_evaluated_rows() -> None:
    rows = _assessed(
        "id;level;start;completed;listed\n"
        "A;visit;2025-01-10;;\n"  # overdue: care elsewhere due
        "B;visit;2025-05-01;;\n"  # within: nothing due
        "C;assessment;2025-05-30;;\n"  # 3-day level: no right to care elsewhere
        "D;assessment;2025-05-30;;nej\n"  # not listed: not covered
    )
    answers = [costs_covered(row, None, "", as_of=AS_OF) for row in rows]  # type: ignore[arg-type]
    assert [(a.value, a.reason) for a in answers] == [
        ("", CostReason.DUE),
        ("", CostReason.NOT_ELSEWHERE),
        ("", CostReason.NO_DUTY),
        ("", CostReason.NOT_COVERED),
    ]
    referred = costs_covered(rows[0], date(2025, 4, 15), "Capio", as_of=AS_OF)  # type: ignore[arg-type]
    assert (referred.value, referred.day) == ("yes", date(2025, 4, 15))
    assert referred.source == (
        "HSL (2017:30) 9 kap. 2 §; Patientlagen (2014:821) 2 kap. 4 §; "
        "SKR FAQ 2023-12-11 (merkostnader: sjukresa, hotell, ledsagare)"
    )  # (the law of the rule version once: it was named twice)


def test_the_bup_target_brings_the_right_of_the_law_beneath_it() -> None:
    # A first assessment is the law's first visit (HSF 6 kap. 1 § 3): care elsewhere is the
    # patient's right once its 90 days pass (HSL 9 kap. 2 §); the deepened assessment has none.
    text = "id;level;start\nA;first-assessment;2025-01-10\nB;deepened-assessment;2025-01-10\n"
    first, deepened = _assessed(text, "bup")
    answer = costs_covered(first, date(2025, 3, 1), "", as_of=AS_OF)  # type: ignore[arg-type]
    assert (answer.value, answer.reason) == ("yes", CostReason.REFERRED)
    assert answer.source.startswith("HSL (2017:30) 9 kap. 2 §")
    answer = costs_covered(deepened, date(2025, 3, 1), "", as_of=AS_OF)  # type: ignore[arg-type]
    assert (answer.value, answer.reason) == ("", CostReason.NO_DUTY)


def test_the_duty_of_a_2016_case_cites_the_law_in_force_then() -> None:
    (row,) = _assessed("id;level;start\nA;visit;2016-01-10\n")
    answer = costs_covered(row, date(2016, 5, 1), "", as_of=AS_OF)  # type: ignore[arg-type]
    assert answer.value == "yes"
    assert answer.source.startswith("HSL (1982:763) 3 g–3 i §§")
    assert "2017:30" not in answer.source  # (today's law is not the case's)


# -- travel rules -------------------------------------------------------------------------------


def test_the_example_rules_say_they_are_an_example() -> None:
    rules = travel_rules("example")
    assert rules.example
    assert "not a region's decision" in rules.description
    text = (
        Path(__file__).resolve().parents[1] / "src/vardgaranti/data/travel/example.toml"
    ).read_text(encoding="utf-8")
    assert "THE FIGURES IN THIS FILE ARE AN EXAMPLE, NOT A REGION'S DECISION" in text
    for figure in (
        rules.own_fee,
        rules.rate_per_mil,
        rules.ceiling_per_trip,
        rules.patient_ceiling,
    ):
        assert figure is not None
        assert figure.source.startswith("Example figure, not a region's decision")
    assert rules.own_fee_when_referred.amount == 0
    assert rules.as_dict()["own_fee_when_referred"]["value"] is False  # type: ignore[index]


def test_the_estimate_of_the_example() -> None:
    # 42 km one way = 4.2 mil x 25 = 105 per trip; there and back 210; no own fee when referred.
    estimate = travel_rules("example").estimate("42")
    assert (estimate.cost, estimate.region_pays, estimate.patient_pays, estimate.uncovered) == (
        Decimal("210.00"),
        Decimal("210.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    )
    assert estimate.example


def _rules(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Region Test",
        "currency": "SEK",
        "own_fee": {"amount": 150, "source": "beslut 1"},
        "rate_per_mil": {"amount": 25, "source": "beslut 2"},
        "own_fee_when_referred": {"value": True, "source": "beslut 3"},
    }
    data.update(changes)
    return data


def _parts(estimate: Any) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """cost, region_pays, patient_pays, uncovered."""
    return estimate.cost, estimate.region_pays, estimate.patient_pays, estimate.uncovered


def test_the_estimate_with_an_own_fee() -> None:
    # 100 km = 10 mil x 25 = 250 per trip; the patient pays 150 of each, the region 100.
    rules = travel_rules_from_data(_rules(), "test")
    assert _parts(rules.estimate(Decimal(100))) == (
        Decimal("500.00"),
        Decimal("200.00"),
        Decimal("300.00"),
        Decimal("0.00"),
    )


def test_the_patient_never_pays_more_than_the_trip_costs() -> None:
    # The audit's case: own fee 100, 20 kr/mil, own fee charged when referred, 42 km: a trip
    # costs 4.2 x 20 = 84, less than the fee, so the patient pays 84 a trip (was 200 of 168).
    audit = travel_rules_from_data(
        _rules(
            own_fee={"amount": 100, "source": "a"},
            rate_per_mil={"amount": 20, "source": "b"},
        ),
        "test",
    ).estimate("42")
    assert _parts(audit) == (
        Decimal("168.00"),
        Decimal("0.00"),
        Decimal("168.00"),
        Decimal("0.00"),
    )
    # 12.5 km x 25 = 31.25 a trip, less than the fee 150: the patient pays 62.50 (was 300.00).
    short = travel_rules_from_data(_rules(), "test").estimate("12,5")
    assert _parts(short) == (
        Decimal("62.50"),
        Decimal("0.00"),
        Decimal("62.50"),
        Decimal("0.00"),
    )


def test_a_ceiling_per_trip_leaves_an_uncovered_part_and_the_parts_add_up_to_the_cost() -> None:
    # 100 km: 250 a trip. Trip 1: the patient 150 (of the ceiling 200), the region 80 (its
    # ceiling), 20 uncovered. Trip 2: the patient the 50 left of the ceiling, the region 80,
    # 120 uncovered. In all: 200 + 160 + 140 = 500.
    capped = travel_rules_from_data(
        _rules(
            ceiling_per_trip={"amount": 80, "source": "b"},
            patient_ceiling={"amount": 200, "source": "c"},
        ),
        "test",
    ).estimate(Decimal(100), trips=2)
    assert _parts(capped) == (
        Decimal("500.00"),
        Decimal("160.00"),
        Decimal("200.00"),
        Decimal("140.00"),
    )
    # Without the own fee the region pays up to its ceiling and the rest is uncovered.
    free = travel_rules_from_data(
        _rules(
            ceiling_per_trip={"amount": 80, "source": "b"},
            own_fee_when_referred={"value": False, "source": "c"},
        ),
        "test",
    ).estimate(Decimal(100), trips=3)
    assert _parts(free) == (
        Decimal("750.00"),
        Decimal("240.00"),
        Decimal("0.00"),
        Decimal("510.00"),
    )


def test_once_the_patient_ceiling_is_reached_the_region_pays_the_fee_too() -> None:
    # 250 a trip, fee 150, patient ceiling 200 (no ceiling per trip): the patient pays 150 and
    # 50, then nothing; the region the rest of every trip.
    rules = travel_rules_from_data(_rules(patient_ceiling={"amount": 200, "source": "c"}), "t")
    assert _parts(rules.estimate(Decimal(100), trips=4)) == (
        Decimal("1000.00"),
        Decimal("800.00"),
        Decimal("200.00"),
        Decimal("0.00"),
    )
    # A ceiling that is an exact number of fees: two full fees, no partial trip.
    exact = travel_rules_from_data(_rules(patient_ceiling={"amount": 300, "source": "c"}), "t")
    assert _parts(exact.estimate(Decimal(100), trips=4)) == (
        Decimal("1000.00"),
        Decimal("700.00"),
        Decimal("300.00"),
        Decimal("0.00"),
    )


def test_each_trip_is_rounded_to_the_ore_and_the_parts_still_add_up() -> None:
    # 12.5 km x 18.5 kr/mil = 23.125 a trip -> 23.13 (half up); there and back 46.26.
    rules = travel_rules_from_data(
        _rules(
            own_fee={"amount": 10.005, "source": "a"},  # 10.01 in öre
            rate_per_mil={"amount": 18.5, "source": "b"},
            ceiling_per_trip={"amount": 7.333, "source": "c"},  # 7.33 in öre
        ),
        "test",
    )
    estimate = rules.estimate("12,5", trips=3)
    assert _parts(estimate) == (
        Decimal("69.39"),
        Decimal("21.99"),
        Decimal("30.03"),
        Decimal("17.37"),
    )
    assert all(part.as_tuple().exponent == -2 for part in _parts(estimate))


_DISTANCES: Final = ("0", "1", "3,3", "12,5", "42", "99.99", "100", "1234.5")
_FEES: Final = (0, 0.01, 45, 100, 150, 333.33)
_CEILINGS: Final = (None, 0, 7.5, 80, 2500)
_PATIENT_CEILINGS: Final = (None, 0, 99.99, 200, 1800)


@pytest.mark.parametrize("when_referred", [True, False])
def test_the_parts_of_every_estimate_add_up_and_the_patient_pays_at_most_the_cost(
    when_referred: bool,
) -> None:
    for fee, ceiling, patient_ceiling in itertools.product(_FEES, _CEILINGS, _PATIENT_CEILINGS):
        changes: dict[str, object] = {
            "own_fee": {"amount": fee, "source": "a"},
            "rate_per_mil": {"amount": 18.5, "source": "b"},
            "own_fee_when_referred": {"value": when_referred, "source": "c"},
        }
        if ceiling is not None:
            changes["ceiling_per_trip"] = {"amount": ceiling, "source": "d"}
        if patient_ceiling is not None:
            changes["patient_ceiling"] = {"amount": patient_ceiling, "source": "e"}
        rules = travel_rules_from_data(_rules(**changes), "test")
        for distance, trips in itertools.product(_DISTANCES, (1, 2, 5)):
            estimate = rules.estimate(distance, trips=trips)
            cost, region, patient, uncovered = _parts(estimate)
            case = (fee, ceiling, patient_ceiling, distance, trips)
            assert region + patient + uncovered == cost, case
            assert min(region, patient, uncovered) >= 0, case
            assert patient <= cost, case
            if not when_referred:
                assert patient == 0, case
            if patient_ceiling is not None:
                assert patient <= Decimal(str(patient_ceiling)), case
            if ceiling is None:
                assert uncovered == 0, case
            else:
                assert region <= Decimal(str(ceiling)) * trips, case


def test_bad_estimates_are_refused() -> None:
    rules = travel_rules("example")
    with pytest.raises(InvalidValueError):
        rules.estimate("-3")
    with pytest.raises(InvalidValueError):
        rules.estimate("42", trips=0)
    for distance in (Decimal(-1), Decimal("NaN"), Decimal("Infinity"), Decimal("1e13")):
        with pytest.raises(InvalidValueError, match="the distance must be kilometres"):
            rules.estimate(distance)


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"extra": 1}, "extra"),
        ({"own_fee": {"amount": 150}}, "own_fee"),
        ({"own_fee": {"amount": 150, "source": " "}}, "own_fee.source"),
        ({"own_fee": {"amount": -1, "source": "x"}}, "own_fee.amount"),
        ({"own_fee": {"amount": True, "source": "x"}}, "own_fee.amount"),
        ({"own_fee": {"amount": "150", "source": "x"}}, "own_fee.amount"),
        ({"own_fee": {"amount": float("nan"), "source": "x"}}, "own_fee.amount"),
        ({"rate_per_mil": {"amount": 1e12, "source": "x"}}, "rate_per_mil.amount"),
        ({"own_fee_when_referred": {"value": 1, "source": "x"}}, "own_fee_when_referred.value"),
        ({"name": "a\nb"}, "name"),
        ({"example": "yes"}, "example"),
        ({"rate_per_mil": {"amount": 1, "source": "a\nb"}}, "rate_per_mil.source"),
    ],
)
def test_bad_travel_rules_are_one_line_naming_the_key(changes: dict[str, object], key: str) -> None:
    with pytest.raises(TravelRulesError) as caught:
        travel_rules_from_data(_rules(**changes), "region.toml")
    message = str(caught.value)
    assert message.startswith(f"region.toml: {key}: ")
    assert "\n" not in message
    assert isinstance(caught.value, RuleSetError)


def test_a_missing_figure_is_required() -> None:
    data = _rules()
    del data["rate_per_mil"]
    with pytest.raises(TravelRulesError, match="rate_per_mil: required"):
        travel_rules_from_data(data, "region.toml")


def test_travel_rule_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("name = ", encoding="utf-8")
    with pytest.raises(TravelRulesError, match="not valid TOML"):
        travel_rules(str(bad))
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (2 << 20))
    with pytest.raises(TravelRulesError, match="1 MiB"):
        travel_rules(big)
    with pytest.raises(TravelRulesError, match="unknown travel rules"):
        travel_rules("region")
    with pytest.raises(TravelRulesError, match="cannot read"):
        travel_rules(tmp_path / "missing.toml")
    good = tmp_path / "region.toml"
    good.write_text(
        'name = "Region Test"\ncurrency = "SEK"\n[own_fee]\namount = 100\nsource = "a"\n'
        '[rate_per_mil]\namount = 18.5\nsource = "b"\n[own_fee_when_referred]\nvalue = true\n'
        'source = "c"\n',
        encoding="utf-8",
    )
    rules = travel_rules(str(good))
    assert (rules.rate_per_mil.amount, rules.example, rules.origin) == (
        Decimal("18.5"),
        False,
        str(good),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("42", Decimal(42)), ("12,5", Decimal("12.5")), (" 7.25 ", Decimal("7.25")), ("", None)],
)
def test_distances(text: str, expected: Decimal | None) -> None:
    assert parse_distance(text) == expected


@pytest.mark.parametrize(
    "text", ["-3", "1e9", "abc", "12,5,6", "12 km", "9" * 20, "½", "²", "١٢", "12.", ".5"]
)
def test_bad_distances(text: str) -> None:
    with pytest.raises(InvalidValueError):
        parse_distance(text)


# -- the follow-up table ------------------------------------------------------------------------


def test_the_follow_up_table_of_the_golden_file() -> None:
    # A1: 2025-01-10 to 05-02, 112 days, referred, 42 km -> 210.00. A2: 128 days, own choice.
    # A3: a treatment, 118 days, referred, 12.5 km -> 62.50. A4: neither referral nor provider.
    # A5: 31 days. A6: 134 days, referred, distance 'x' (unreadable: counted without travel).
    with assess_file(GOLDEN / "costs_input.csv", as_of=AS_OF) as file:
        follow = CostFollowUp(file, as_of=AS_OF, travel=travel_rules("example"))
        for row in file.rows:
            follow.add(row)
    lines = [line.as_dict(True) for line in follow.rows()]
    assert lines == [
        {"unit": "Hud", "month": "2025-05", "patients": 1, "referred": 1, "own_choice": 0,
         "to_check": 0,
         "travel_patients": 0, "travel_cost": "0.00", "region_pays": "0.00",
         "patient_pays": "0.00", "uncovered": "0.00"},
        {"unit": "Ortopedi", "month": "2025-04", "patients": 1, "referred": 1, "own_choice": 0,
         "to_check": 0,
         "travel_patients": 1, "travel_cost": "62.50", "region_pays": "62.50",
         "patient_pays": "0.00", "uncovered": "0.00"},
        {"unit": "Ortopedi", "month": "2025-05", "patients": 2, "referred": 1, "own_choice": 1,
         "to_check": 0,
         "travel_patients": 1, "travel_cost": "210.00", "region_pays": "210.00",
         "patient_pays": "0.00", "uncovered": "0.00"},
    ]  # fmt: skip
    assert follow.unreadable == 1
    assert follow.estimates


def test_exactly_90_days_is_not_more_than_90() -> None:
    text = (
        "id;unit;level;start;completed;referred\n"
        "A;U;visit;2025-01-10;2025-04-10;2025-04-01\n"  # 90 days
        "B;U;visit;2025-01-10;2025-04-11;2025-04-01\n"  # 91 days
    )
    with assess_file(io.StringIO(text), as_of=AS_OF) as file:
        follow = CostFollowUp(file, as_of=AS_OF, travel=None)
        for row in file.rows:
            follow.add(row)
    assert [(line.patients, line.referred) for line in follow.rows()] == [(1, 1)]
    assert not follow.estimates


def test_the_follow_up_table_adds_up_with_an_uncovered_part() -> None:
    # A1 42 km and A3 12.5 km, referred; fee 150 charged, 25 kr/mil, ceiling per trip 20:
    # A1: 105 a trip, the patient 105 (less than the fee), the region 0. A3: 31.25 a trip,
    # the patient 31.25, the region 0. With a fee of 10 instead: A1 the patient 10, the region
    # 20, 75 uncovered a trip.
    rules = travel_rules_from_data(
        _rules(
            own_fee={"amount": 10, "source": "a"},
            ceiling_per_trip={"amount": 20, "source": "b"},
        ),
        "test",
    )
    with assess_file(GOLDEN / "costs_input.csv", as_of=AS_OF) as file:
        follow = CostFollowUp(file, as_of=AS_OF, travel=rules)
        for row in file.rows:
            follow.add(row)
    lines = {(line.unit, line.month): line for line in follow.rows()}
    a1 = lines["Ortopedi", "2025-05"]
    assert (a1.travel_cost, a1.patient_pays, a1.region_pays, a1.uncovered) == (
        Decimal("210.00"),
        Decimal("20.00"),
        Decimal("40.00"),
        Decimal("150.00"),
    )
    for line in lines.values():
        assert line.region_pays + line.patient_pays + line.uncovered == line.travel_cost


# -- an unreadable referral date is the row's error ---------------------------------------------

BAD_REFERRAL: Final = (
    "id;level;start;referred;provider\n"
    "A;visit;2025-01-02;20/04/2025;Capio\n"  # the audit's row: was costs_covered=no, exit 0
    "B;visit;2025-01-02;2025-04-20;Capio\n"  # referred: yes
    "C;visit;2025-01-02;;Capio\n"  # no referral: the patient's own choice
)
REFERRED_ERROR: Final = (
    "referred: '20/04/2025' is not a date in the form YYYY-MM-DD (a time may follow after T "
    "or a blank, and a zone after the time; or YYYYMMDD, YYYYMMDDhhmmss)"
)


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _costs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, *options: str,
    as_of: str = "2025-06-02",
) -> tuple[dict[str, Any], str]:  # fmt: skip
    """``worklist --costs --format json`` of a list of *text*: its JSON and standard error."""
    source = tmp_path / "utfall.csv"
    source.write_text(text, encoding="utf-8")
    code, out, err = _cli(capsys, "worklist", str(source), "--as-of", as_of, "--costs",
                          *options, "--format", "json")  # fmt: skip
    assert code == 0
    data: dict[str, Any] = json.loads(out)
    return data, err


def test_check_makes_an_unreadable_referral_date_a_row_error_naming_the_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "list.csv"
    source.write_text(BAD_REFERRAL, encoding="utf-8")
    code, out, err = _cli(capsys, "check", str(source), "--as-of", "2025-06-02")
    assert code == 1
    assert "1 of 3 rows has errors" in err
    header, a, b, c = out.splitlines()
    assert header.endswith(";care_elsewhere;costs_covered;error")
    # The row keeps its place and cells; its results are empty and the error names the column.
    assert a == f'A;visit;2025-01-02;20/04/2025;Capio;;;;;;;;"{REFERRED_ERROR}"'
    assert b.endswith(";overdue;151;;0;yes;yes;")
    assert c.endswith(";overdue;151;;0;yes;no;")


def test_an_unreadable_referral_date_is_an_error_like_a_bad_completion_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The same cell in 'completed' and in 'referred' makes the same kind of row: empty results,
    # the error naming the column, exit 1; in a row the guarantee does not cover, too.
    results = {}
    for column in ("completed", "referred"):
        source = tmp_path / f"{column}.csv"
        source.write_text(
            f"id;level;start;listed;{column};provider\n"
            "A;visit;2025-01-02;;20/04/2025;Capio\n"
            "B;assessment;2025-05-30;nej;20/04/2025;Capio\n",  # not listed: not covered
            encoding="utf-8",
        )
        code, out, _ = _cli(capsys, "check", str(source), "--as-of", "2025-06-02")
        results[column] = (code, [line.split(";", 5)[5] for line in out.splitlines()[1:]])
    assert results["completed"][0] == results["referred"][0] == 1
    for completed, referred in zip(results["completed"][1], results["referred"][1], strict=True):
        assert completed.startswith("Capio;;;;;;;;")
        assert referred == completed.replace("completed: ", "referred: ")


def test_the_columnar_engine_writes_the_same_bytes_for_unreadable_referral_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("polars")
    import vardgaranti._columnar as columnar

    monkeypatch.setattr(columnar, "BLOCK_BYTES", 97)  # rows cross block boundaries
    lines = ["id;unit;level;start;completed;listed;referred;provider"]
    referrals = ("2025-04-20", "20/04/2025", "", "x", "2025-02-30", "20250420", "2024-12-01")
    for n in range(70):
        level = ("visit", "treatment", "assessment", "contact")[n % 4]
        listed = "nej" if n % 9 == 0 else ""
        completed = "2025-05-20" if n % 5 == 0 else ""
        provider = "Capio" if n % 3 else ""
        referred = referrals[n % len(referrals)]
        lines.append(f"P{n};U{n % 2};{level};2025-01-{1 + n % 28:02d};{completed};{listed};"
                     f"{referred};{provider}")  # fmt: skip
    source = tmp_path / "list.csv"
    source.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    outputs = []
    for engine in ("stream", "columnar"):
        target = tmp_path / f"{engine}.csv"
        argv = ["check", str(source), "--as-of", "2025-06-02", "-o", str(target)]
        code, summary, _ = _cli(capsys, *argv, "--engine", engine, "--summary", "json")
        outputs.append((code, target.read_bytes(), summary))
    assert outputs[1] == outputs[0]
    code, data, summary = outputs[0]
    assert code == 1
    # 3 of the 7 referral cells cannot be read (20250420 can; 2024-12-01 is before the start:
    # an empty costs_covered, not an error).
    assert json.loads(summary)["errors"] == 30
    assert data.count(b"referred: ") == 30
    assert b"costs_covered" in data.splitlines()[0]


def test_assess_file_makes_an_unreadable_referral_date_a_row_error() -> None:
    # worklist, validate, stats and report read files through assess_file.
    with assess_file(io.StringIO(BAD_REFERRAL), as_of=AS_OF) as file:
        rows = list(file.rows)
    assert [row.error for row in rows] == [REFERRED_ERROR, None, None]
    assert rows[0].assessed is None
    assert rows[1].assessed is not None
    assert rows[2].assessed is not None


def test_validate_reports_an_unreadable_referral_date_as_a_row_error() -> None:
    with validate_file(io.StringIO(BAD_REFERRAL), as_of=AS_OF) as validation:
        findings = [(f.code.value, f.row, f.en) for f in validation.findings]
    assert [(code, row) for code, row, _text in findings] == [("V013", 1)]
    assert REFERRED_ERROR in findings[0][2]


def test_worklist_costs_never_counts_an_unreadable_referral_as_the_patients_own_choice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "utfall.csv"
    source.write_text(
        "id;unit;level;start;completed;referred;provider\n"
        "A;U;visit;2025-01-02;2025-05-20;20/04/2025;Capio\n"  # unreadable: an error row
        "B;U;visit;2025-01-02;2025-05-20;2025-04-20;Capio\n"  # referred
        "C;U;visit;2025-01-02;2025-05-20;;Capio\n",  # own choice
        encoding="utf-8",
    )
    argv = ("worklist", str(source), "--as-of", "2025-06-02", "--costs", "--format", "json")
    code, out, err = _cli(capsys, *argv)
    assert code == 1
    assert "1 of 3 rows has errors and is not counted" in err
    assert json.loads(out)["rows"] == [
        {
            "unit": "U",
            "month": "2025-05",
            "patients": 2,
            "referred": 1,
            "own_choice": 1,
            "to_check": 0,
        }
    ]


def test_the_follow_up_skips_a_row_whose_referral_date_it_cannot_read() -> None:
    # A row handed over whole (not from assess_file) with a referral date that cannot be read:
    # counted neither as referred nor as the patient's own choice.
    text = (
        "id;unit;level;start;completed;referred;provider\nA;U;visit;2025-01-02;2025-05-20;;Capio\n"
    )
    with assess_file(io.StringIO(text), as_of=AS_OF, rules=NATIONAL) as file:
        follow = CostFollowUp(file, as_of=AS_OF, travel=None)
        (row,) = list(file.rows)
    cells = list(row.cells)
    cells[5] = "20/04/2025"
    follow.add(AssessedRow(row.number, row.line, cells, row.assessed, None))
    assert list(follow.rows()) == []
    assert follow.unreadable == 1
    follow.add(row)  # the same row with no referral: the patient's own choice
    assert [(line.patients, line.own_choice) for line in follow.rows()] == [(1, 1)]


# -- a referral after the care was given --------------------------------------------------------


def test_a_referral_dated_after_the_care_is_not_how_the_region_arranged_it() -> None:
    # HSL 9 kap. 2 §: the region sees to it that the patient gets care elsewhere; a referral
    # made after the care cannot be that, so the date is a mistake to correct (empty).
    answer = decide_costs(covered=True, duty=True, care_due=False, start=date(2025, 1, 2),
                          referred=date(2025, 5, 10), provider="Capio", as_of=AS_OF,
                          completed=date(2025, 5, 2))  # fmt: skip
    assert (answer.value, answer.reason) == ("", CostReason.REFERRED_AFTER_CARE)
    on_the_day = decide_costs(covered=True, duty=True, care_due=False, start=date(2025, 1, 2),
                              referred=date(2025, 5, 2), provider="Capio", as_of=AS_OF,
                              completed=date(2025, 5, 2))  # fmt: skip
    assert on_the_day.value == "yes"


AFTER_CARE: Final = (
    "id;unit;level;start;completed;referred;provider\n"
    "A;U;visit;2025-01-02;2025-05-02;2025-05-10;Capio\n"  # referred after the care: empty
    "B;U;visit;2025-01-02;2025-05-02;2025-04-10;Capio\n"  # referred before it: yes
    "C;U;visit;2025-01-02;2025-05-02;;Capio\n"  # own choice: no
    "D;U;visit;2025-01-02;2025-05-02;2024-12-20;Capio\n"  # before the start: empty
)


@pytest.mark.parametrize("engine", ["stream", "columnar"])
def test_check_leaves_costs_covered_empty_for_a_referral_after_the_care(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    source = tmp_path / "list.csv"
    source.write_text(AFTER_CARE, encoding="utf-8")
    code, out, _err = _cli(capsys, "check", str(source), "--as-of", "2025-06-02",
                           "--engine", engine)  # fmt: skip
    assert code == 0
    cells = [line.split(";")[-2] for line in out.splitlines()[1:]]
    assert cells == ["", "yes", "no", ""]


def test_the_follow_up_counts_a_date_to_correct_apart_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, err = _costs(tmp_path, capsys, AFTER_CARE)
    assert (data["rows_read"], data["rows_with_errors"], data["distances_unreadable"]) == (4, 0, 0)
    [line] = data["rows"]
    assert (line["patients"], line["referred"], line["own_choice"], line["to_check"]) == (
        4,
        1,
        1,
        2,
    )
    assert "2 patients have a referral dated before the start" in err


def test_under_the_bup_target_the_follow_up_counts_by_the_laws_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # B1's pvv period begins after the target's 30 days, so the target's clock does not take it
    # off (100 days waited), but it moves the law's day to 2025-04-21: care on 2025-04-11 is
    # within the law's 90 days (HSF 6 kap. 1 § 3, 2 §). B2 waited 100 days by both: counted.
    text = (
        "id;unit;level;start;completed;exclusions;referred;provider\n"
        "B1;BUP;first-assessment;2025-01-01;2025-04-11;pvv:2025-02-15..2025-03-06;2025-04-01;C\n"
        "B2;BUP;first-assessment;2025-01-01;2025-04-11;;2025-04-01;C\n"
    )
    [line] = _costs(tmp_path, capsys, text, "--rules", "bup")[0]["rows"]
    assert (line["patients"], line["referred"]) == (1, 1)


def test_the_follow_up_counts_by_the_laws_day_rolled_forward_as_the_status_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 2025-01-12 + 90 days is Saturday 2025-04-12; under roll-forward the law's day is Monday
    # 2025-04-14, so care on the 13th or the 14th is within the guarantee (status met): no
    # duty of care elsewhere, nothing for the region to pay. It counted them by 91/92 days.
    text = (
        "id;unit;level;start;completed;referred;provider\n"
        "B1;U;treatment;2025-01-12;2025-04-14;2025-04-01;Capio\n"
        "B2;U;treatment;2025-01-12;2025-04-13;;Aleris\n"
        "B3;U;treatment;2025-01-12;2025-04-15;2025-04-01;Capio\n"
    )
    [line] = _costs(tmp_path, capsys, text, "--roll-forward")[0]["rows"]
    assert (line["patients"], line["referred"], line["own_choice"]) == (1, 1, 0)
    [line] = _costs(tmp_path, capsys, text)[0]["rows"]
    assert (line["patients"], line["referred"], line["own_choice"]) == (3, 2, 1)


RESTARTED: Final = (
    "id;unit;level;start;restart;completed;referred;provider\n"
    "D1;U;visit;2025-01-01;2025-04-20;2025-09-01;2025-04-05;\n"
    "D2;U;visit;2025-01-01;2025-04-20;;2025-04-05;\n"
    "D3;U;visit;2025-01-01;2025-04-20;2025-09-01;2025-08-01;\n"
)


@pytest.mark.parametrize("engine", ["stream", "columnar"])
def test_a_referral_before_the_restart_is_not_the_new_periods(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    # A restart is a new full period (after a declined offer of care elsewhere, 1177; SKR):
    # a referral dated before it was for the period the patient declined, not a "yes".
    source = tmp_path / "restarted.csv"
    source.write_text(RESTARTED, encoding="utf-8")
    code, out, _err = _cli(capsys, "check", str(source), "--as-of", "2025-10-01",
                           "--engine", engine)  # fmt: skip
    assert code == 0
    rows = [line.split(";") for line in out.splitlines()]
    column = rows[0].index("costs_covered")
    assert [row[column] for row in rows[1:]] == ["", "", "yes"]
    assert rows[2][rows[0].index("care_elsewhere")] == "yes"  # D2: due, not yet referred


def test_the_follow_up_counts_a_referral_before_the_restart_to_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, err = _costs(tmp_path, capsys, RESTARTED, as_of="2025-10-01")
    [line] = data["rows"]
    assert (line["patients"], line["referred"], line["to_check"]) == (2, 1, 1)
    assert "before the start or a restart" in err


def test_a_travel_rule_key_with_a_terminal_escape_is_shown_escaped(tmp_path: Path) -> None:
    rules = tmp_path / "esc.toml"
    rules.write_text('"a\\u001b[31mRED" = 1\n', encoding="utf-8")
    with pytest.raises(TravelRulesError) as caught:
        travel_rules(rules)
    assert "\x1b" not in str(caught.value)
    assert "'a\\x1b[31mRED'" in str(caught.value)


def test_a_figure_source_with_a_c1_control_character_is_refused() -> None:
    data = _rules(rate_per_mil={"amount": 25, "source": "s\x9b31m"})
    with pytest.raises(TravelRulesError, match=r"rate_per_mil\.source: must be one line"):
        travel_rules_from_data(data, "region.toml")


def test_reason_texts_refuse_an_unknown_language() -> None:
    answer = _decide(referred=date(2025, 4, 20))
    assert answer.text("sv").startswith("Regionen")
    for lang, error in (("de", InvalidValueError), ("SV", InvalidValueError),
                        (None, InvalidTypeError)):  # fmt: skip
        with pytest.raises(error) as caught:
            answer.text(lang)  # type: ignore[arg-type]
        assert caught.value.field == "lang"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"referred": "2025-04-01"}, "referred"),
        ({"start": "2025-01-10"}, "start"),
        ({"provider": None}, "provider"),
        ({"covered": "no"}, "covered"),
        ({"care_due": 1}, "care_due"),
    ],
)
def test_decide_costs_refuses_arguments_of_another_type(
    changes: dict[str, object], field: str
) -> None:
    with pytest.raises(TypeError) as caught:
        _decide(**changes)
    assert getattr(caught.value, "field", None) == field


@pytest.mark.parametrize("value", [123, None, b"example"])
def test_travel_rules_of_another_type_are_refused(value: object) -> None:
    with pytest.raises(InvalidTypeError):
        travel_rules(value)  # type: ignore[arg-type]


def test_estimate_refuses_trips_of_another_type() -> None:
    rules = travel_rules("example")
    for trips in (2.0, "2", True):
        with pytest.raises(InvalidTypeError):
            rules.estimate("42", trips=trips)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError):
        rules.estimate("42", trips=0)


def test_distances_up_to_3000_km_one_way_are_read_and_no_further() -> None:
    # A trillion km gave a trillion-kronor estimate without a word (a distance in metres, or in
    # mil, written as km): Sweden is about 1,600 km long, Europe within 3,000 km.
    assert parse_distance("3000") == Decimal(3000)
    assert travel_rules("example").estimate("3000").cost > 0
    for text in ("3000,01", "120000", "999999999999"):
        with pytest.raises(InvalidValueError, match=r"at most 3000: metres or mil\?"):
            parse_distance(text)
    with pytest.raises(InvalidValueError, match="from 0 to 3000"):
        travel_rules("example").estimate(Decimal(120_000))


def test_the_follow_up_sums_are_exact_beyond_28_digits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Estimates of 31 digits (as a table of 700,000 trips at the largest figures adds up to):
    # the default decimal context (28 digits) rounded the sums, and the parts no longer added
    # up to the cost.
    from vardgaranti._costs import TravelEstimate, TravelRules

    big = Decimal("1000000000000000000000000000.01")

    def estimate(self: TravelRules, distance_km: object, trips: int = 2) -> TravelEstimate:
        cost = Decimal("3000000000000000000000000000.03")
        return TravelEstimate(Decimal(10), trips, cost, big, big, big, False)

    monkeypatch.setattr(TravelRules, "estimate", estimate)
    text = (
        "id;unit;level;start;completed;referred;distance\n"
        "A1;U;visit;2025-01-01;2025-05-01;2025-04-20;10\n"
        "A2;U;visit;2025-01-01;2025-05-02;2025-04-20;10\n"
    )
    [line] = _costs(tmp_path, capsys, text, "--travel-rules", "example")[0]["rows"]
    assert Decimal(line["region_pays"]) == Decimal("2000000000000000000000000000.02")
    assert Decimal(line["travel_cost"]) == Decimal("6000000000000000000000000000.06")


def test_a_referral_before_the_restart_has_its_own_reason() -> None:
    restart = date(2025, 4, 20)
    answer = _decide(referred=date(2025, 4, 5), restart=restart)
    assert (answer.value, answer.reason) == ("", CostReason.REFERRED_BEFORE_RESTART)
    assert "before the restart" in answer.text("en")
    assert "före omstarten" in answer.text("sv")
    # on the restart day or after: this period's referral
    assert _decide(referred=restart, restart=restart).value == "yes"
    # before the start stays a mistake to correct
    early = _decide(referred=date(2025, 1, 9), restart=restart)
    assert early.reason is CostReason.REFERRED_BEFORE_START


def test_referred_patients_given_care_by_the_laws_day_are_said_not_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # E1 was referred on day 85 and given care on day 89: check says the region pays its costs
    # (costs_covered yes), and --costs left it out without a word. The follow-up stays the one
    # of waits past the law's day (E2, day 91); E1 is counted beside it.
    text = (
        "id;unit;level;start;completed;referred;provider\n"
        "E1;Orto;visit;2025-03-10;2025-06-07;2025-06-03;Capio\n"
        "E2;Orto;visit;2025-03-10;2025-06-09;2025-06-03;Capio\n"
        "E3;Orto;visit;2025-03-10;2025-06-07;;\n"  # in time, at home: nothing to say
    )
    data, err = _costs(tmp_path, capsys, text, as_of="2025-06-30")
    assert [(row["patients"], row["referred"]) for row in data["rows"]] == [(1, 1)]
    assert data["referred_by_the_laws_day"] == 1
    assert data["deviations_referred"] == 0
    assert "1 patient the region referred was given care by the law's day (90 days)" in err


def test_patients_given_care_by_the_laws_day_with_a_referral_date_to_correct_are_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # T1 was referred after its care, T2 before its start, both given care by the law's day:
    # they were in no figure and no warning (the warning counted T3 only, given care later).
    text = (
        "id;unit;level;start;completed;referred;provider\n"
        "T1;U;visit;2025-01-10;2025-03-01;2025-03-05;Capio\n"
        "T2;U;visit;2025-01-10;2025-03-01;2025-01-05;Capio\n"
        "T3;U;visit;2025-01-10;2025-05-01;2025-05-05;Capio\n"
        "T4;U;visit;2025-01-10;2025-03-01;;Aleris\n"  # by the law's day, own choice: nothing
    )
    data, err = _costs(tmp_path, capsys, text)
    assert [(row["patients"], row["to_check"]) for row in data["rows"]] == [(1, 1)]  # T3
    assert (data["to_check_by_the_laws_day"], data["referred_by_the_laws_day"]) == (2, 0)
    assert "2 patients given care by the law's day (90 days) have a referral dated" in err
    assert "1 patient has a referral dated before the start" in err  # T3, as before


#: A national list of outcomes: K1 referred and given care late, K2 the same with Avvikelse 2.
DEVIATIONS: Final = (
    "VardkontaktId;Vardgaranti;Fas;BeslutAktivitet;StartAktivitet;Avvikelse;referred;"
    "provider\n"
    "K1;JA;1;2025-01-10;2025-05-02;;2025-04-20;Capio\n"
    "K2;JA;1;2025-01-10;2025-05-02;2;2025-04-20;Capio\n"
)


def test_a_deviation_with_a_referral_is_said_not_dropped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A national row with Avvikelse 2 (MoV) and a referral was dropped without a count.
    data, err = _costs(tmp_path, capsys, DEVIATIONS)
    assert sum(row["patients"] for row in data["rows"]) == 1
    assert data["deviations_referred"] == 1
    assert "1 patient with a deviation code (PvV, MoV, SoV) and a referral" in err


def test_the_costs_csv_of_a_windows_1252_list_begins_with_the_byte_order_mark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # (the worklist's CSV had it, the costs CSV not: Excel showed Ã–gon)
    source = tmp_path / "utfall.csv"
    source.write_bytes(
        "id;unit;level;start;completed;referred;provider\n"
        "A;Ögon;visit;2025-01-02;2025-05-20;2025-04-20;Capio\n".encode("cp1252")
    )
    target = tmp_path / "kostnader.csv"
    argv = ("worklist", str(source), "--as-of", "2025-06-02", "--costs", "-o", str(target))
    code, _out, _err = _cli(capsys, *argv)
    assert code == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfunit;month;")
    assert "Ögon;2025-05".encode() in data


# -- a file that names providers but not the region's referrals ---------------------------------

PROVIDERS_ONLY: Final = (
    "id;unit;level;start;completed;provider\n"
    "A1;Ort;visit;2025-01-10;2025-05-02;Capio (remitterad av regionen)\n"
    "A2;Ort;visit;2025-01-10;2025-05-02;Aleris\n"
)


@pytest.mark.parametrize("engine", ["stream", "columnar"])
def test_check_of_providers_without_referrals_says_each_is_read_as_own_choice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    """Every row 'no' (the region pays for no one), exit 0 and not a word: the audit's file."""
    source = tmp_path / "list.csv"
    source.write_text(PROVIDERS_ONLY, encoding="utf-8")
    out = tmp_path / "out.csv"
    code, _out, err = _cli(capsys, "check", str(source), "--as-of", "2025-06-02",
                           "--engine", engine, "-o", str(out))  # fmt: skip
    assert code == 0
    assert err == (
        f"vardgaranti: {source}: the column 'provider' names who gave care elsewhere, but there "
        "is no column 'referred' of the region's referrals: each provider is read as the "
        "patient's own choice (costs_covered 'no'); add the referral dates to tell them apart\n"
    )
    with_referrals = tmp_path / "referred.csv"
    with_referrals.write_text(
        "id;unit;level;start;completed;referred;provider\nA1;Ort;visit;2025-01-10;2025-05-02;;X\n",
        encoding="utf-8",
    )
    code, _out, err = _cli(capsys, "check", str(with_referrals), "--as-of", "2025-06-02",
                           "--engine", engine, "-o", str(out))  # fmt: skip
    assert (code, err) == (0, "")


def test_the_cost_follow_up_of_providers_without_referrals_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It counted every patient as the patient's own choice: 'the region pays for no one'."""
    source = tmp_path / "list.csv"
    source.write_text(PROVIDERS_ONLY, encoding="utf-8")
    code, out, err = _cli(capsys, "worklist", str(source), "--as-of", "2025-06-02", "--costs",
                          "--lang", "en")  # fmt: skip
    assert (code, out) == (2, "")
    assert "the cost follow-up needs the column 'referred' beside 'provider'" in err
    code, out, err = _cli(capsys, "worklist", str(source), "--as-of", "2025-06-02", "--costs",
                          "--lang", "sv")  # fmt: skip
    assert "uppföljningen av kostnaderna kräver kolumnen 'referred' bredvid 'provider'" in err


def test_the_cost_follow_up_says_there_is_no_distance_in_swedish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "list.csv"
    source.write_text(
        "id;unit;level;start;completed;referred\nA1;Ort;visit;2025-01-10;2025-05-02;2025-04-20\n",
        encoding="utf-8",
    )
    code, _out, err = _cli(capsys, "worklist", str(source), "--as-of", "2025-06-02", "--costs",
                           "--travel-rules", "example", "--lang", "sv")  # fmt: skip
    assert code == 0, err
    assert (
        "vardgaranti: filen har ingen avståndskolumn: ingen uppskattning av resekostnaderna\n"
        in err
    )


def test_a_fee_of_minus_zero_is_zero_not_shown_with_a_sign() -> None:
    # An amount below zero is refused; -0.0 is zero, and was shown as "-0.0".
    rules = travel_rules_from_data(_rules(own_fee={"amount": -0.0, "source": "a"}), "test")
    assert str(rules.own_fee.amount) == "0.0"
    assert rules.as_dict()["own_fee"]["amount"] == "0.0"  # type: ignore[index]


@pytest.mark.parametrize("engine", ["stream", "columnar"])
@pytest.mark.parametrize("placeholder", ["-", "–", "\u200b", " \u00a0 "])
def test_a_provider_cell_that_names_no_provider_is_no_own_choice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: str, placeholder: str
) -> None:
    # A review: an export's "-" (or a cell of a zero-width space) was read as a provider the
    # patient chose: costs_covered "no" of a cell that says nothing; a blank one says nothing.
    source = tmp_path / "list.csv"
    source.write_text(
        "id;unit;level;start;completed;referred;provider\n"
        f"A1;Ort;visit;2025-01-10;2025-05-02;;{placeholder}\n"
        "A2;Ort;visit;2025-01-10;2025-05-02;;Capio\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    code, _out, _err = _cli(capsys, "check", str(source), "--as-of", "2025-06-02",
                            "--engine", engine, "-o", str(out))  # fmt: skip
    assert code == 0
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    header = rows[0].split(";")
    covered = [row.split(";")[header.index("costs_covered")] for row in rows[1:]]
    assert covered == ["", "no"]


def test_a_referral_after_the_care_cites_why_it_is_not_counted() -> None:
    # A review: its source said "the referral date must fall on or after the start".
    found = costs_of_facts(True, True, False, date(2025, 1, 10), date(2025, 5, 10), "Capio",
                           date(2025, 6, 2), None, date(2025, 5, 2), None)  # fmt: skip
    assert found.reason is CostReason.REFERRED_AFTER_CARE
    assert found.source == (
        "vardgaranti: the referral date must fall on or before the day the care was given"
    )


def _answers(text: str, as_of: date = date(2025, 6, 2)) -> dict[str, CostsCovered]:
    """The costs answer of each row of *text* (``id;…``), by its id, as of *as_of*."""
    with assess_file(io.StringIO(text), as_of=as_of) as file:
        return {
            row.cells[0]: costs_covered(row.assessed, None, "", as_of=as_of)
            for row in file.rows
            if row.assessed is not None
        }


def test_care_elsewhere_booked_late_is_due_only_once_the_laws_last_day_has_passed() -> None:
    # HSL 9 kap. 2 §: the duty arises when the region does not meet the guarantee. Booked
    # after the deadline (2025-06-08) is `care_elsewhere` yes (unless rebooked), not yet due.
    answers = _answers(
        "id;level;start;booked\nsoon;visit;2025-03-10;2025-07-01\npast;visit;2025-02-10;2025-07-01\n"
    )
    assert answers["soon"].reason is CostReason.NOT_ELSEWHERE
    assert "is due" not in answers["soon"].text("en")
    assert answers["past"].reason is CostReason.DUE
    # (on the deadline itself not yet; the day after it, due)
    deadline = date(2025, 6, 8)
    for day, reason in (
        (deadline, CostReason.NOT_ELSEWHERE),
        (deadline + timedelta(days=1), CostReason.DUE),
    ):
        answer = _answers("id;level;start;booked\nsoon;visit;2025-03-10;2025-07-01\n", day)["soon"]
        assert answer.reason is reason


def test_a_contact_not_listed_cites_the_listing_rule_not_care_elsewhere() -> None:
    answers = _answers("id;level;start;listed\nB;contact;2025-06-01;nej\n")
    assert answers["B"].reason is CostReason.NOT_COVERED
    assert answers["B"].source == "HSL (2017:30) 9 kap. 1 § 2 st. (Lag 2022:273)"


def test_a_level_without_the_duty_cites_the_law_of_its_day() -> None:
    # The duty of care elsewhere belongs to the visit and the treatment: under the 2005
    # agreement, HSL (1982:763) from 2010-07-01 and HSL (2017:30) from 2017-04-01.
    answers = _answers(
        "id;level;start\nC;assessment;2008-06-01\nD;assessment;2012-06-01\n"
        "E;assessment;2025-05-01\n"
    )
    assert {answer.reason for answer in answers.values()} == {CostReason.NO_DUTY}
    assert answers["C"].source.startswith("Överenskommelse mellan staten och Landstingsförbundet")
    assert answers["D"].source.startswith("HSL (1982:763) 3 g–3 i §§")
    assert answers["E"].source.startswith("HSL (2017:30) 9 kap. 2 §")
    assert all(a.source.endswith("(besök och behandling)") for a in answers.values())


# -- the list of patients to pay from (worklist --costs --patients) ---------------------------

UTFALL: Final = (
    "id;unit;level;start;completed;referred;provider;distance\n"
    "A1;Ortopedi;visit;2025-01-10;2025-05-02;2025-04-20;Capio;42\n"
    "A2;Ortopedi;visit;2025-01-12;2025-05-20;;Aleris;\n"
    "A3;Ortopedi;treatment;2025-01-02;2025-04-30;2025-04-15;;12,5\n"
    "A4;Hud;visit;2025-02-01;2025-05-05;;;\n"
    "A5;Hud;visit;2025-03-01;2025-04-01;2025-03-20;Capio;10\n"
    "A6;Hud;visit;2025-01-01;2025-05-15;2025-04-10;Capio;x\n"
)
#: (A7: given care by the law's day, referred, its distance not read: said too)
UTFALL_7: Final = UTFALL + "A7;Hud;visit;2025-03-01;2025-04-01;2025-03-20;Capio;10 mil\n"
RESOR: Final = """name = "Region Exempel"
currency = "SEK"
[own_fee]
amount = 100
source = "a"
[rate_per_mil]
amount = 20
source = "a"
[own_fee_when_referred]
value = false
source = "a"
"""


def test_the_list_to_pay_from_has_every_patient_given_care_elsewhere_with_the_travel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A review as a guarantee unit: --costs gave totals per unit and month only; to pay a
    # patient's travel, staff need each patient. Computed by hand: the law's day is the start
    # + 90 days (HSL 9 kap. 2 §); a trip is distance / 10 x 20 kronor, there and back, no own
    # fee when referred. A4 was not given care elsewhere; A5 by the law's day (the region
    # pays all the same); A6's distance cannot be read (no estimate).
    (tmp_path / "utfall.csv").write_text(UTFALL, encoding="utf-8")
    (tmp_path / "resor.toml").write_text(RESOR, encoding="utf-8")
    out = tmp_path / "pay.csv"
    code, _, err = _cli(capsys, "worklist", str(tmp_path / "utfall.csv"), "--as-of",
                        "2025-06-02", "--costs", "--patients", "--travel-rules",
                        str(tmp_path / "resor.toml"), "-o", str(out))  # fmt: skip
    assert code == 0
    assert out.read_text(encoding="utf-8").splitlines() == [
        "id;unit;level;start;law_deadline;completed;past_law_deadline;referred;provider;"
        "costs_covered;reason;distance;travel_cost;region_pays;patient_pays;uncovered",
        "A1;Ortopedi;visit;2025-01-10;2025-04-10;2025-05-02;yes;2025-04-20;Capio;yes;referred;"
        "42;168.00;168.00;0.00;0.00",
        "A2;Ortopedi;visit;2025-01-12;2025-04-12;2025-05-20;yes;;Aleris;no;own-choice;;;;;",
        "A3;Ortopedi;treatment;2025-01-02;2025-04-02;2025-04-30;yes;2025-04-15;;yes;referred;"
        "12,5;50.00;50.00;0.00;0.00",
        "A5;Hud;visit;2025-03-01;2025-05-30;2025-04-01;no;2025-03-20;Capio;yes;referred;"
        "10;40.00;40.00;0.00;0.00",
        "A6;Hud;visit;2025-01-01;2025-04-01;2025-05-15;yes;2025-04-10;Capio;yes;referred;x;;;;",
    ]
    # A5 is in the list: not said to be left beside it, as the table's warning says
    assert "not in the follow-up" not in err
    assert "1 distance could not be read" in err
    (tmp_path / "utfall.csv").write_text(UTFALL_7, encoding="utf-8")
    code, said, err = _cli(capsys, "worklist", str(tmp_path / "utfall.csv"), "--as-of",
                           "2025-06-02", "--costs", "--patients", "--travel-rules",
                           str(tmp_path / "resor.toml"), "--format", "json")  # fmt: skip
    assert json.loads(said)["patients_distances_unreadable"] == 2  # A6 and A7 (by the day)
    assert json.loads(said)["distances_unreadable"] == 1  # the table's: A6
    assert "2 distances could not be read" in err
    (tmp_path / "utfall.csv").write_text(UTFALL, encoding="utf-8")
    code, said, _ = _cli(capsys, "worklist", str(tmp_path / "utfall.csv"), "--as-of",
                         "2025-06-02", "--costs", "--patients", "--format", "json")  # fmt: skip
    listed = json.loads(said)["patients"]
    assert [(p["line"], p["id"], p["costs_covered"]) for p in listed] == [
        (2, "A1", "yes"), (3, "A2", "no"), (4, "A3", "yes"), (6, "A5", "yes"), (7, "A6", "yes")
    ]  # fmt: skip
    assert "travel_cost" not in listed[0]  # (no travel rules: no travel columns)
    code, said, _ = _cli(capsys, "worklist", str(tmp_path / "utfall.csv"), "--as-of",
                         "2025-06-02", "--costs", "--patients", "--lang", "sv")  # fmt: skip
    a2 = next(line for line in said.splitlines() if line.startswith("A2 "))
    assert a2.split()[2:] == ["besök", "2025-01-12", "2025-04-12", "2025-05-20", "ja", "-",
                              "Aleris", "nej", "eget", "val"]  # fmt: skip
    assert "lagens sista dag" in said


def test_patients_without_costs_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    # (was a warning, and a worklist instead of the list asked for: a review)
    code, out, err = _cli(capsys, "worklist", "--example", "--patients")
    assert (code, out) == (2, "")
    assert err == "vardgaranti: error: --patients goes with --costs; give --costs too\n"


def test_every_reason_has_a_word_for_a_tables_cell_in_both_languages() -> None:
    for reason in CostReason:
        key = f"costs.reason.{reason.value}"
        assert has_message(key), reason
        swedish, english = message(key, "sv"), message(key, "en")
        assert english == reason.value  # (English keeps the code, as the CSV writes it)
        assert swedish
        assert swedish != english  # (translated: not the English code)
        assert len(swedish) <= 40  # (a table's cell)


def test_the_list_to_pay_from_as_a_swedish_workbook_has_dates_and_amounts_as_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    (tmp_path / "utfall.csv").write_text(UTFALL, encoding="utf-8")
    (tmp_path / "resor.toml").write_text(RESOR, encoding="utf-8")
    book = tmp_path / "pay.xlsx"
    code, _, _ = _cli(capsys, "worklist", str(tmp_path / "utfall.csv"), "--as-of", "2025-06-02",
                      "--costs", "--patients", "--travel-rules", str(tmp_path / "resor.toml"),
                      "--lang", "sv", "-o", str(book))  # fmt: skip
    assert code == 0
    sheet = openpyxl.load_workbook(book).worksheets[0]
    assert sheet.title == "Patienter hos annan"
    header, a1, *_rest = sheet.iter_rows(values_only=True)
    assert header[:5] == ("id", "enhet", "nivå", "start", "lagens sista dag")
    assert a1[:7] == ("A1", "Ortopedi", "besök", datetime(2025, 1, 10), datetime(2025, 4, 10),
                      datetime(2025, 5, 2), "ja")  # fmt: skip
    assert a1[9:] == ("ja", "remitterad", "42", 168, 168, 0, 0)


@pytest.mark.parametrize(
    ("given", "lang", "said"),
    [
        ("nope.toml", "en", "--travel-rules: nope.toml: cannot read the travel rules (No such"),
        ("nope.toml", "sv", "--travel-rules: nope.toml: kan inte läsa reglerna för resor"),
        ("nope", "en", "--travel-rules: unknown travel rules 'nope'"),
    ],
)
def test_an_unreadable_travel_rules_file_is_said_of_its_option_as_the_other_files_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], given: str, lang: str, said: str
) -> None:
    # A review: "nope.toml: cannot read the travel rules" named no option, where --rules,
    # --profile and --published name theirs ("--rules: nope.toml: cannot read the rule file").
    source = tmp_path / "utfall.csv"
    source.write_text(
        "id;unit;level;start;completed;referred;provider;distance\n"
        "A;U;visit;2025-01-10;2025-05-02;2025-04-20;Capio;42\n",
        encoding="utf-8",
    )
    argv = ["worklist", str(source), "--as-of", "2025-06-02", "--costs", "--lang", lang]
    assert (
        main([*argv, "--travel-rules", str(tmp_path / given) if given.endswith(".toml") else given])
        == 2
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert said.replace("nope.toml", str(tmp_path / "nope.toml")) in err


def test_a_deviation_with_a_referral_is_on_the_list_to_pay_from_without_the_laws_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A review: a referred patient with a deviation code (Avvikelse 2, MoV) was left out of
    # `--costs --patients`, although check says the region pays (costs_covered yes): only a
    # count on standard error said so, with no id. Listed now, its wait not judged (no law's
    # day, past_law_deadline empty), and still not in the follow-up table.
    text = DEVIATIONS + "K3;JA;1;2025-01-10;2025-05-02;1;;Aleris\n"  # (PvV, own choice)
    data, err = _costs(tmp_path, capsys, text, "--patients")
    listed = {patient["id"]: patient for patient in data["patients"]}
    assert sorted(listed) == ["K1", "K2", "K3"]
    for name in ("K2", "K3"):  # (null in the JSON, an empty cell in CSV and text)
        assert (listed[name]["law_deadline"], listed[name]["past_law_deadline"]) == (None, None)
    assert (listed["K2"]["costs_covered"], listed["K3"]["costs_covered"]) == ("yes", "no")
    assert listed["K1"]["past_law_deadline"] == "yes"
    assert sum(row["patients"] for row in data["rows"]) == 1  # the table: K1 only
    assert data["deviations_referred"] == 2
    assert "2 patients with a deviation code (PvV, MoV, SoV) and a referral" in err
    assert "are listed without the law's day" in err
    # check says the same of who pays
    source = tmp_path / "utfall.csv"
    code, out, _err = _cli(capsys, "check", str(source), "--as-of", "2025-06-02")
    assert code == 0
    covered = {line.split(";")[0]: line.split(";")[-2] for line in out.splitlines()[1:]}
    assert {name: listed[name]["costs_covered"] for name in listed} == covered
