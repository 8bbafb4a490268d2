"""Who pays the extra costs of care elsewhere, the regional travel rules, and the follow-up table.

HSL 9 kap. 2 § and Patientlagen 2 kap. 4 §: care elsewhere "utan extra kostnad för patienten";
the region pays when it referred the patient under the guarantee, not when the patient chose
(1177; VGR). Every figure below is computed by hand.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Final

import pytest

from vardgaranti._costs import (
    CostFollowUp,
    CostReason,
    CostsCovered,
    TravelRulesError,
    costs_covered,
    decide_costs,
    parse_distance,
    travel_rules,
    travel_rules_from_data,
)
from vardgaranti._messages import has_message
from vardgaranti._rules import BUP, rule_set
from vardgaranti._waiting_list import assess_file
from vardgaranti.errors import InvalidValueError, RuleSetError

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
    assert referred.source.startswith("HSL (2017:30) 9 kap. 2 §; Patientlagen")


def test_the_bup_target_brings_no_right_to_care_elsewhere() -> None:
    (row,) = _assessed("id;level;start\nA;first-assessment;2025-01-10\n", "bup")
    answer = costs_covered(row, date(2025, 3, 1), "", as_of=AS_OF)  # type: ignore[arg-type]
    assert (answer.value, answer.reason) == ("", CostReason.NO_DUTY)


def test_the_duty_of_a_2016_case_cites_the_law_in_force_then() -> None:
    (row,) = _assessed("id;level;start\nA;visit;2016-01-10\n")
    answer = costs_covered(row, date(2016, 5, 1), "", as_of=AS_OF)  # type: ignore[arg-type]
    assert answer.value == "yes"
    assert answer.source.startswith("HSL (1982:763) 3 g–3 i §§")


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
    assert (estimate.cost, estimate.region_pays, estimate.patient_pays) == (
        Decimal("210.00"),
        Decimal("210.00"),
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


def test_the_estimate_with_an_own_fee_and_ceilings() -> None:
    # 100 km = 10 mil x 25 = 250 per trip; the patient pays 150 of each, the region 100.
    rules = travel_rules_from_data(_rules(), "test")
    estimate = rules.estimate(Decimal(100))
    assert (estimate.cost, estimate.region_pays, estimate.patient_pays) == (
        Decimal("500.00"),
        Decimal("200.00"),
        Decimal("300.00"),
    )
    capped = travel_rules_from_data(
        _rules(
            ceiling_per_trip={"amount": 80, "source": "b"},
            patient_ceiling={"amount": 200, "source": "c"},
        ),
        "test",
    ).estimate(Decimal(100), trips=2)
    assert (capped.region_pays, capped.patient_pays) == (Decimal("160.00"), Decimal("200.00"))
    short = rules.estimate("12,5")  # 31.25 a trip, less than the fee: the region pays nothing
    assert (short.cost, short.region_pays, short.patient_pays) == (
        Decimal("62.50"),
        Decimal("0.00"),
        Decimal("300.00"),
    )


def test_bad_estimates_are_refused() -> None:
    rules = travel_rules("example")
    with pytest.raises(InvalidValueError):
        rules.estimate("-3")
    with pytest.raises(InvalidValueError):
        rules.estimate("42", trips=0)


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
         "travel_patients": 0, "region_pays": "0.00", "patient_pays": "0.00"},
        {"unit": "Ortopedi", "month": "2025-04", "patients": 1, "referred": 1, "own_choice": 0,
         "travel_patients": 1, "region_pays": "62.50", "patient_pays": "0.00"},
        {"unit": "Ortopedi", "month": "2025-05", "patients": 2, "referred": 1, "own_choice": 1,
         "travel_patients": 1, "region_pays": "210.00", "patient_pays": "0.00"},
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
