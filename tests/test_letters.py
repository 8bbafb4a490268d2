"""Letters to patients: plain Swedish and English, the law cited only on the last line.

The golden letters were read for tone (1177's: "du", short sentences, the legal terms explained
where they are used) and their dates computed by hand, as of 2025-06-02: a visit from
2025-03-17 is due 2025-06-15; a treatment from 2025-01-20 was due 2025-04-20; a visit from
2025-03-10 is due 2025-06-08 (booked 2025-07-01, too late); under the 30-day overlay a visit
from 2025-05-01 was due 2025-05-31, with the national limit 2025-07-30; the BUP first assessment
from 2025-05-10 is due 2025-06-09 (30 days); an assessment from 2025-06-01 is due 2025-06-04.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Final

import pytest

from vardgaranti import (
    BUP,
    Case,
    Exclusion,
    Result,
    build_worklist,
    evaluate,
    overlay_rule_set,
    rule_set,
)
from vardgaranti._letters import WIDTH, letter, letter_for, long_date
from vardgaranti._messages import Lang, keys, message
from vardgaranti._rules import RuleSet
from vardgaranti._waiting_list import assess_file
from vardgaranti._worklist import write_letters
from vardgaranti.errors import InvalidTypeError, InvalidValueError

GOLDEN: Final = Path(__file__).parent / "golden" / "week"
AS_OF: Final = date(2025, 6, 2)
CONTACT: Final = "Vårdgarantienheten, telefon 010-123 45 67"

CASES: Final[dict[str, tuple[Case, str | None, str | None]]] = {
    "visit_at_risk": (Case(level="visit", start=date(2025, 3, 17)), None, CONTACT),
    "treatment_overdue": (Case(level="treatment", start=date(2025, 1, 20)), None, CONTACT),
    "visit_booked_late": (
        Case(level="visit", start=date(2025, 3, 10), booked=date(2025, 7, 1)),
        None,
        None,
    ),
    "visit_regional": (Case(level="visit", start=date(2025, 5, 1)), "region", None),
    "bup_first_assessment": (Case(level="first-assessment", start=date(2025, 5, 10)), "bup", None),
    "assessment": (Case(level="assessment", start=date(2025, 6, 1)), None, None),
}


def _rules(name: str | None) -> RuleSet | None:
    if name == "region":
        return rule_set(str(GOLDEN / "region.toml"))
    if name == "bup":
        return BUP
    return None


def _letter(name: str, lang: Lang) -> str:
    case, rules_name, contact = CASES[name]
    rules = _rules(rules_name)
    result = (
        evaluate(case, as_of=AS_OF) if rules is None else evaluate(case, as_of=AS_OF, rules=rules)
    )
    return letter(result, lang, contact=contact)


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_letters_are_the_golden_files(name: str, lang: Lang) -> None:
    expected = (GOLDEN / f"letter_{name}_{lang}.txt").read_text(encoding="utf-8")
    assert _letter(name, lang) == expected


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_body_has_no_section_numbers_and_the_law_is_on_the_last_line(
    name: str, lang: Lang
) -> None:
    paragraphs = _letter(name, lang).rstrip("\n").split("\n\n")
    body, basis = paragraphs[:-1], paragraphs[-1]
    for paragraph in body:
        assert not re.search(r"§|kap\.|SFS|\d{4}:\d+|HSL|HSF|PvV|MoV", paragraph), paragraph
    assert basis.startswith("Lagstöd: " if lang == "sv" else "Legal basis (Lagstöd): ")


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_lines_are_wrapped(name: str, lang: Lang) -> None:
    for line in _letter(name, lang).splitlines():
        assert len(line) <= WIDTH + 12, line  # a citation held together may run a little over


def test_the_swedish_letter_speaks_to_the_patient_as_du() -> None:
    text = " ".join(_letter("treatment_overdue", "sv").split())
    assert " Ni " not in text
    assert " du " in text
    for sentence in (
        "Enligt vårdgarantin ska din behandling börja senast den 20 april 2025.",
        "Den dagen har passerat, och din behandling har ännu inte börjat.",
        "Därför har du nu rätt att få vård hos en annan vårdgivare.",
        "Regionen ordnar det åt dig och kontaktar dig om det.",
        "Du kan inte själv välja vilken mottagning det blir.",
        # (SKR: "merkostnader (sjukresa, hotell, ledsagare med mera)"; a language review: every
        # extra cost had been tied to the travel rules, which often have a patient's fee)
        "När regionen har ordnat vården åt dig betalar regionen de extra kostnader du får, "
        "till exempel för resa, hotell eller ledsagare.",
        "Resan ersätts enligt regionens regler för sjukresor.",
        "Då tackar du också nej till vårdgarantin.",
        "Om du ändrar dig senare börjar vårdgarantin att räknas på nytt från den dag du hör av "
        "dig.",
        "Kontakta Vårdgarantienheten, telefon 010-123 45 67.",
    ):
        assert sentence in text


def test_the_legal_terms_are_explained_where_they_are_used() -> None:
    text = " ".join(_letter("visit_at_risk", "sv").split())
    assert (
        "Vårdgarantin betyder att du inte ska behöva vänta längre än en viss tid på vård." in text
    )
    assert "en annan vårdgivare. Det kan vara en annan mottagning, ett annat sjukhus" in text


def test_a_letter_without_a_duty_of_care_elsewhere_says_nothing_of_it() -> None:
    deepened = Case(level="deepened-assessment", start=date(2025, 5, 10))
    for text in (_letter("assessment", "sv"), letter(evaluate(deepened, as_of=AS_OF, rules=BUP))):
        assert "annan vårdgivare" not in text
        assert "tackar nej" not in text
    text = letter(evaluate(deepened, as_of=AS_OF, rules=BUP), "sv")
    assert text.startswith("Din väntetid\n")
    assert "Målet är inte en lag." in text  # the deepened assessment has no step in law
    # ... so the letter does not promise the law's limits for it (rules.md, "BUP"): it said
    # "Vårdgarantin i lagen, med längre tidsgränser, gäller också för dig".
    assert "ingen egen tidsgräns för det här steget" in " ".join(text.split())
    assert "längre tidsgränser" not in text
    assert "Grund: det finns ingen lag om den här tidsgränsen." in text
    assert "Lagstöd" not in text  # (a label "legal basis" over "there is no law")


def test_a_bup_letter_gives_the_aim_and_the_law_beneath_it() -> None:
    # Reference §5.7: the target is not law, "the statutory 90/90 is what is enforceable".
    text = " ".join(_letter("bup_first_assessment", "sv").split())
    assert text.startswith("Din väntetid ")
    assert "Målet är att du ska få en första bedömning senast den 9 juni 2025." in text
    assert "Målet är inte en lag, men vårdgarantin i lagen gäller också för dig." in text
    assert "Lagens gräns är den 8 augusti 2025." in text  # 2025-05-10 + 90 (HSF 6:1 3)
    assert "rätt att få vård hos en annan vårdgivare" in text
    assert "Lagstöd: 6 kap. 1 § 3 hälso- och sjukvårdsförordningen (2017:80)" in text
    assert "Målet: Förstärkt vårdgaranti för BUP" in text


def test_a_passed_limit_in_law_is_said_in_the_past() -> None:
    late = Case(level="first-assessment", start=date(2025, 1, 2))
    text = " ".join(letter(evaluate(late, as_of=AS_OF, rules=BUP), "sv").split())
    assert "Lagens gräns var den 2 april 2025, och den har passerat." in text
    assert "Därför har du nu rätt att få vård hos en annan vårdgivare." in text


def test_a_regional_limit_gives_both_days() -> None:
    text = " ".join(_letter("visit_regional", "sv").split())
    assert "du ska få ditt besök senast den 31 maj 2025." in text
    assert "Lagens gräns är den 30 juli 2025." in text
    assert "Regionens kortare gräns: Regionfullmäktige 2024-05-01 § 12 (Region Exempel)." in text


def test_a_booking_in_the_past_is_not_mentioned() -> None:
    case = Case(level="visit", start=date(2025, 3, 17), booked=date(2025, 5, 1))
    text = letter(evaluate(case, as_of=AS_OF), "sv")
    assert "tid den" not in text


@pytest.mark.parametrize(
    "case",
    [
        Case(level="visit", start=date(2025, 3, 17), completed=date(2025, 5, 1)),  # met
        Case(level="visit", start=date(2025, 1, 2), completed=date(2025, 5, 1)),  # missed
        Case(level="assessment", start=date(2025, 6, 1), listed=False),  # not covered
        Case(level="visit", start=date(2025, 1, 2), waived=date(2025, 5, 1)),  # waived
    ],
)
def test_no_letter_for_a_case_that_is_not_open(case: Case) -> None:
    result = evaluate(case, as_of=AS_OF)
    with pytest.raises(InvalidValueError, match="open case"):
        letter(result)


def test_no_letter_for_a_deviation_code_without_dates() -> None:
    case = Case(level="visit", start=date(2025, 3, 17), deviation="pvv")
    with pytest.raises(InvalidValueError, match="'deviation'"):
        letter(evaluate(case, as_of=AS_OF))


@pytest.mark.parametrize(
    ("contact", "said"),
    [
        ("a\nb", "one line"),
        ("", "is empty"),  # (it said "must be one line of text" of an empty contact)
        ("  ", "is empty"),
        ("x\x1b[2J", "one line"),
        ("a\u2028b", "one line"),
        ("a\u2029b", "one line"),
        ("Enhet\u202eten", "one line"),
    ],
)
def test_the_contact_must_be_one_line(contact: str, said: str) -> None:
    result = evaluate(Case(level="visit", start=date(2025, 3, 17)), as_of=AS_OF)
    with pytest.raises(InvalidValueError, match=said):
        letter(result, "sv", contact=contact)


def test_bad_arguments() -> None:
    result = evaluate(Case(level="visit", start=date(2025, 3, 17)), as_of=AS_OF)
    with pytest.raises(InvalidValueError, match="'sv' or 'en'"):
        letter(result, "de")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        letter("not a result")  # type: ignore[arg-type]


def test_a_row_of_a_file_gets_the_same_letter_as_the_case() -> None:
    text = "id;level;start;booked\nA;visit;2025-03-10;2025-07-01\n"
    with assess_file(io.StringIO(text), as_of=AS_OF) as file:
        (row,) = list(file.rows)
    assert row.assessed is not None
    langs: tuple[Lang, ...] = ("sv", "en")
    for lang in langs:
        assert letter_for(row.assessed, lang, as_of=AS_OF) == _letter("visit_booked_late", lang)


def test_dates_in_words() -> None:
    assert long_date(date(2025, 6, 15), "sv") == "15 juni 2025"
    assert long_date(date(2025, 1, 1), "en") == "1 January 2025"
    assert [message(f"letter.month-{n}", "sv") for n in (3, 5, 8)] == ["mars", "maj", "augusti"]


def test_every_letter_text_exists_in_both_languages() -> None:
    letter_keys = [key for key in keys() if key.startswith("letter.")]
    assert len(letter_keys) > 40
    for key in letter_keys:
        assert message(key, "sv", deadline="D", booked="B", contact="C", citations="X",
                       referred="F", practice="P", decision="R", day=1, month="m",
                       year=2025, reasons="W", days="N", restarted="S", start="T",
                       period="P").strip()  # fmt: skip
        assert message(key, "en", deadline="D", booked="B", contact="C", citations="X",
                       referred="F", practice="P", decision="R", day=1, month="m",
                       year=2025, reasons="W", days="N", restarted="S", start="T",
                       period="P").strip()  # fmt: skip


def test_a_booking_after_the_regions_day_but_within_the_laws_is_offered_an_earlier_time() -> None:
    # HSL 9 kap. 2 §: care elsewhere when the law's limit (1 § 3 or 4) is missed, not a
    # region's shorter one: the letter offers an earlier time only.
    case = Case(level="visit", start=date(2025, 5, 10), booked=date(2025, 6, 20))
    region = rule_set(str(GOLDEN / "region.toml"))
    text = " ".join(letter(evaluate(case, as_of=AS_OF, rules=region), "sv").split())
    assert "Du har fått en tid den 20 juni 2025. Den är senare än regionens gräns." in text
    assert "Vi kontaktar dig för att ge dig en tidigare tid." in text
    assert "tidigare tid eller vård hos en annan vårdgivare" not in text
    national = Case(level="visit", start=date(2025, 3, 10), booked=date(2025, 7, 1))
    text = " ".join(letter(evaluate(national, as_of=AS_OF), "sv").split())
    assert "tidigare tid eller vård hos en annan vårdgivare" in text  # after the law's day


def test_an_overdue_letter_names_the_patients_time_and_what_is_still_missing() -> None:
    booked = Case(level="visit", start=date(2025, 2, 10), booked=date(2025, 6, 16))
    text = " ".join(letter(evaluate(booked, as_of=AS_OF), "sv").split())
    assert "du har ännu inte fått ditt besök. Du har en tid den 16 juni 2025" in text


def test_an_overdue_bup_patient_booked_after_the_laws_day_is_offered_care_elsewhere() -> None:
    # Past the target's 30 days, the law's day (2025-04-01) not yet passed, but the booking on
    # 1 May is after it: the region must rebook or arrange care elsewhere (HSL 9 kap. 2 §).
    case = Case(level="treatment", start=date(2025, 1, 1), booked=date(2025, 5, 1))
    text = " ".join(letter(evaluate(case, as_of=date(2025, 3, 10), rules=BUP), "sv").split())
    assert "din behandling har ännu inte börjat." in text
    assert (
        "Vi kontaktar dig för att ge dig en tidigare tid eller vård hos en annan vårdgivare."
        in text
    )


def _visit_under_a_decision(tmp_path: Path, region: str, source: str) -> Result:
    """A visit from 2025-05-01 under a 30-day overlay of *region* whose decision is *source*."""
    overlay = tmp_path / "region.toml"
    overlay.write_text(
        f'name = "{region}"\nextends = "national"\n[levels.visit]\ndays = 30\n'
        f'source = "{source}"\n',
        encoding="utf-8",
    )
    case = Case(level="visit", start=date(2025, 5, 1))
    return evaluate(case, as_of=AS_OF, rules=rule_set(str(overlay)))


def test_a_regional_decision_holding_the_words_based_on_is_given_whole(tmp_path: Path) -> None:
    # (the decision was cut at its own "; based on", and the region's name lost)
    result = _visit_under_a_decision(tmp_path, "Region Exempel", "Beslut 2024; based on the plan")
    text = " ".join(letter(result, "sv").split())
    assert "Regionens kortare gräns: Beslut 2024; based on the plan (Region Exempel)." in text


def test_the_explanation_translates_the_overlays_based_on_not_the_decisions(
    tmp_path: Path,
) -> None:
    text = _visit_under_a_decision(tmp_path, "Region X", "Beslut A; based on beslut B").explain(
        "sv"
    )
    assert "[Beslut A; based on beslut B (Region X); grundat på HSF (2017:80)" in text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_letter_under_the_2005_agreement_names_the_agreement_not_the_bup_target(
    lang: Lang,
) -> None:
    # It said "the care guarantee in law has no limit of its own for this step; it covers the
    # first visit and the treatment" (BUP's words) of a treatment under the 2005 agreement.
    case = Case(level="treatment", start=date(2009, 6, 1))
    text = " ".join(letter(evaluate(case, as_of=date(2009, 7, 2)), lang).split())
    assert " ".join(message("letter.agreement-not-law", lang).split()) in text
    assert " ".join(message("letter.target-not-law", lang).split()) not in text
    # the agreement was the state's with Landstingsförbundet (reference §4: 2005-11-01), not
    # with "the county councils"
    assert "Landstingsförbundet" in text


@pytest.mark.parametrize(("start", "doctor"), [(date(2018, 6, 1), True), (date(2019, 1, 2), False)])
def test_an_assessment_before_2019_is_a_visit_to_a_doctor_within_seven_days(
    start: date, doctor: bool
) -> None:
    # HSF 6 kap. 1 § 2 before SFS 2018:1129: "besök hos läkare" within 7 days; from 2019-01-01 a
    # medical assessment within 3 days. The letter said "medicinsk bedömning" of both.
    result = evaluate(Case(level="assessment", start=start), as_of=start)
    assert result.deadline == start + (timedelta(days=7) if doctor else timedelta(days=3))
    text = " ".join(letter(result, "sv").split())
    assert ("besök hos läkare" in text) is doctor
    assert ("medicinsk bedömning" in text) is not doctor


def test_the_legal_basis_names_each_paragraph_once() -> None:
    # Before 2017 the limit's citation and the duty's both named HSL (1982:763) 3 g-3 i §§.
    result = evaluate(Case(level="visit", start=date(2016, 6, 1)), as_of=date(2016, 6, 5))
    basis = " ".join(letter(result, "sv").split()).rpartition("Lagstöd: ")[2]
    assert basis.count("3 g–3 i §§ hälso- och sjukvårdslagen (1982:763)") == 1
    assert "3 g–3 i §§ hälso- och sjukvårdslagen (1982:763), lydelse enligt SFS 2010:243" in basis
    assert "2 § 3 förordningen (2010:349) om vårdgaranti" in basis


def test_a_paragraph_with_a_letter_is_not_broken_across_lines() -> None:
    """HSL (1982:763) 3 g–3 i §§ (the 2010 statute) stays whole, as "6 kap. 1 §" does."""
    case = Case(level="visit", start=date(2015, 3, 1))
    for lang in ("sv", "en"):
        text = evaluate(case, as_of=date(2015, 6, 1)).letter(lang)
        assert "3 g–3 i §§" in text, text
        assert all(len(line) <= WIDTH + 12 for line in text.splitlines())  # (as held citations)


def test_the_swedish_costs_note_speaks_of_one_patient_in_the_singular() -> None:
    one = message("cli.costs-in-time", "sv", patients=1)
    assert "1 patient som regionen remitterade" in one
    assert "patientens merkostnader" in one
    assert "deras merkostnader" in message("cli.costs-in-time", "sv", patients=2)


def test_a_patient_referred_elsewhere_is_not_offered_care_elsewhere_again() -> None:
    # A review: the worklist's `referred` action says "do not offer the patient to a provider
    # again", yet the letter of a patient referred on 1 May and booked late at home said "we
    # will contact you for an earlier time or care with another provider", and the whole
    # section on the right to care elsewhere followed.
    text = (
        "id;level;start;booked;referred;provider\n"
        "A;treatment;2025-03-29;2025-08-17;2025-05-01;Capio\n"
        "B;treatment;2025-03-29;2025-08-17;;\n"
    )
    with assess_file(io.StringIO(text), as_of=AS_OF) as file:
        referred, waiting = (row.assessed for row in file.rows)
    assert referred is not None
    assert waiting is not None
    assert referred.referred == date(2025, 5, 1)
    sv = " ".join(letter_for(referred, "sv", as_of=AS_OF).split())
    assert (
        "Den 1 maj 2025 remitterade regionen dig till en annan vårdgivare, eftersom vi inte "
        "kunde ge dig vården i tid. Du får vården hos den vårdgivaren." in sv
    )
    assert "Du ska inte behöva betala mer" in sv  # (at no extra cost: HSL 9 kap. 2 §)
    for offer in ("Om du inte får vård i tid", "tidigare tid eller vård hos en annan",
                  "Om du inte vill ha vård hos en annan"):  # fmt: skip
        assert offer not in sv
    en = " ".join(letter_for(referred, "en", as_of=AS_OF).split())
    assert "On 1 May 2025 the region referred you to another provider" in en
    # the patient not referred keeps the offer
    assert "Om du inte får vård i tid" in letter_for(waiting, "sv", as_of=AS_OF)


def test_a_referral_outside_the_period_counted_leaves_the_offer_as_the_worklist_does() -> None:
    # A mend: the letter read any referral, the worklist only one of the period counted (from
    # day 0, a restart's, to the as-of day): A1 referred before its restart and A2 after the
    # as-of day were told "the region referred you", without their right to care elsewhere.
    text = (
        "id;unit;level;start;restart;referred\n"
        "A1;Hud;visit;2025-01-02;2025-03-01;2025-02-20\n"
        "A2;Hud;visit;2025-03-01;;2025-07-01\n"
        "A3;Hud;visit;2025-03-01;;2025-06-05\n"
    )
    as_of = date(2025, 6, 10)
    with assess_file(io.StringIO(text), as_of=as_of) as file:
        rows = [row.assessed for row in file.rows]
    worklist = build_worklist(io.StringIO(text), as_of=as_of)
    actions = {entry.id: entry.action.value for g in worklist.groups for entry in g.patients}
    assert actions == {"A1": "care-elsewhere", "A2": "care-elsewhere", "A3": "referred"}
    said = []
    for assessed in rows:
        assert assessed is not None
        said.append(" ".join(letter_for(assessed, "sv", as_of=as_of).split()))
    assert ["remitterade regionen dig" in text for text in said] == [False, False, True]
    assert ["Vård hos en annan vårdgivare" in text for text in said] == [True, True, False]


def test_a_contact_that_ends_in_a_full_stop_gets_one() -> None:
    result = evaluate(Case(level="visit", start=date(2025, 3, 17)), as_of=AS_OF)
    said = " ".join(letter(result, "sv", contact="Vårdgarantienheten.").split())
    assert "Kontakta Vårdgarantienheten." in said
    assert "Vårdgarantienheten.." not in said
    assert "Kontakta ..." in " ".join(letter(result, "sv", contact="...").split())


def _said(result: Result, lang: Lang = "sv") -> str:
    return " ".join(letter(result, lang).split())


def test_days_not_counted_are_named_with_their_dates_reason_and_hsf_6_kap_2() -> None:
    # HSF 6 kap. 2 §: time the patient voluntarily declines care (offered in time) is not
    # counted. A visit from 1 March 2025 is due 30 May; 1-14 April not counted moves it to 13
    # June: a patient who reads "13 June" should read why, with the days to check.
    case = Case(level="visit", start=date(2025, 3, 1), exclusions="pvv:2025-04-01..2025-04-14")
    result = evaluate(case, as_of=date(2025, 5, 15))
    assert result.deadline == date(2025, 6, 13)
    sv = _said(result)
    assert (
        "senast den 13 juni 2025. Tiden 1–14 april 2025 (14 dagar) räknas inte med i väntetiden, "
        "eftersom du tackade nej till vård som du erbjöds inom vårdgarantin. Därför blir sista "
        "dagen senare." in sv
    )
    assert (
        "Lagstöd: 6 kap. 1 § 3 hälso- och sjukvårdsförordningen (2017:80), lydelse enligt "
        "SFS 2018:1129; 6 kap. 2 § hälso- och sjukvårdsförordningen (2017:80);" in sv
    )
    assert (
        "The time 1–14 April 2025 (14 days) is not counted in your wait, as you said no to care "
        "you were offered within the guarantee. So the last day is later." in _said(result, "en")
    )


def test_each_period_not_counted_is_a_sentence_its_reasons_in_the_order_of_hsf_6_kap_2() -> None:
    # 1 medical reasons, 2 care chosen in another region, 3 declined; merged periods (the
    # first two overlap) name their reasons together, a single day its day. With "and": a
    # language review read "eller" as saying only one of them held, where both did.
    case = Case(
        level="treatment",
        start=date(2025, 3, 1),
        exclusions="pvv:2025-03-28..2025-04-02; mov:2025-04-01..2025-04-03; "
        "region:2025-04-20..2025-04-20",
    )
    sv = _said(evaluate(case, as_of=date(2025, 5, 15)))
    assert (
        "Tiden 28 mars–3 april 2025 (7 dagar) räknas inte med i väntetiden, eftersom det av "
        "medicinska skäl inte gick att ge dig vård och du tackade nej till vård som du "
        "erbjöds inom vårdgarantin. Den 20 april 2025 räknas inte med i väntetiden, eftersom du "
        "valde vård i en annan region. Därför blir sista dagen senare." in sv
    )


def test_a_period_that_moved_no_day_is_not_mentioned() -> None:
    # A period on day 0 (cut off: only days after day 0 count) moves nothing: no sentence,
    # and the law of time not counted is not cited.
    case = Case(level="visit", start=date(2025, 3, 1), exclusions="mov:2025-02-20..2025-03-01")
    result = evaluate(case, as_of=date(2025, 5, 15))
    assert result.deadline == date(2025, 5, 30)
    sv = _said(result)
    assert "räknas inte med" not in sv
    assert "6 kap. 2 §" not in sv


def test_a_restart_says_from_which_day_the_wait_is_counted_and_why_it_may_be() -> None:
    case = Case(level="visit", start=date(2025, 1, 10), restart=date(2025, 3, 10))
    result = evaluate(case, as_of=date(2025, 5, 15))
    assert result.deadline == date(2025, 6, 8)
    assert (
        "Väntetiden räknas från den 10 mars 2025. Då började vårdgarantin räknas på nytt, "
        "eftersom du ändrade dig efter att ha tackat nej eller efter att ha valt en senare tid."
        in _said(result)
    )
    assert "Your wait is counted from 10 March 2025. The guarantee started again that day" in (
        _said(result, "en")
    )
    plain = evaluate(Case(level="visit", start=date(2025, 3, 10)), as_of=date(2025, 5, 15))
    assert "Väntetiden räknas från" not in _said(plain)


def test_a_waiting_list_rows_days_not_counted_are_said_with_their_periods_and_reasons() -> None:
    # A worklist letter gave the number of days only ("14 dagar av väntetiden räknas inte
    # med"): the row's evaluation now keeps its periods, and the letter names each period and
    # why, as the case's letter does. Cross-checked against the letter of the same case.
    text = (
        "id;level;start;exclusions;restart\n"
        "A;visit;2025-03-01;pvv:2025-04-01..2025-04-14;\n"
        "B;treatment;2025-02-01;mov:2025-02-10..2025-02-20,pvv:2025-03-01..2025-03-01;\n"
        "C;visit;2025-02-01;mov:2025-01-20..2025-02-05;2025-02-03\n"
    )
    as_of = date(2025, 5, 15)
    with assess_file(io.StringIO(text), as_of=as_of) as file:
        rows = list(file.rows)
    cases = [
        Case(level="visit", start=date(2025, 3, 1),
             exclusions=[Exclusion("pvv", date(2025, 4, 1), date(2025, 4, 14))]),
        Case(level="treatment", start=date(2025, 2, 1),
             exclusions=[Exclusion("mov", date(2025, 2, 10), date(2025, 2, 20)),
                         Exclusion("pvv", date(2025, 3, 1), date(2025, 3, 1))]),
        Case(level="visit", start=date(2025, 2, 1), restart=date(2025, 2, 3),
             exclusions=[Exclusion("mov", date(2025, 1, 20), date(2025, 2, 5))]),
    ]  # fmt: skip
    for row, case in zip(rows, cases, strict=True):
        assert row.assessed is not None
        for lang in ("sv", "en"):
            said = letter_for(row.assessed, lang, as_of=as_of)
            assert said == letter(evaluate(case, as_of=as_of), lang), (row.line, lang)
    sv = " ".join(letter_for(rows[0].assessed, "sv", as_of=as_of).split())  # type: ignore[arg-type]
    assert (
        "Tiden 1–14 april 2025 (14 dagar) räknas inte med i väntetiden, eftersom du tackade nej "
        "till vård som du erbjöds inom vårdgarantin." in sv
    )
    assert "6 kap. 2 § hälso- och sjukvårdsförordningen (2017:80)" in sv
    one = " ".join(letter_for(rows[1].assessed, "sv", as_of=as_of).split())  # type: ignore[arg-type]
    assert "Den 1 mars 2025 räknas inte med i väntetiden, eftersom du tackade nej" in one, one


def test_a_rows_days_not_counted_without_its_periods_are_said_without_guessing_why() -> None:
    # An evaluation made without its periods (an Assessed of the caller's own) keeps how many
    # days were not counted, not when or why: the letter gives the number (a review: "for
    # example you chose to wait" guessed a reason that may not be the patient's).
    text = "id;level;start;exclusions\nA;visit;2025-03-01;pvv:2025-04-01..2025-04-14\n"
    with assess_file(io.StringIO(text), as_of=date(2025, 5, 15)) as file:
        (row,) = list(file.rows)
    assert row.assessed is not None
    assessed = row.assessed._replace(periods=())
    sv = " ".join(letter_for(assessed, "sv", as_of=date(2025, 5, 15)).split())
    assert (
        "14 dagar av väntetiden räknas inte med, enligt reglerna för vårdgarantin. Därför blir "
        "sista dagen senare." in sv
    )
    assert "medicinska skäl" not in sv
    assert "tackade nej till vård som" not in sv
    assert "6 kap. 2 § hälso- och sjukvårdsförordningen (2017:80)" in sv


def test_a_letter_under_an_aim_without_law_says_so_in_a_sentence() -> None:
    # A language review: "Lagstöd: ingen lag." was a fragment; the BUP deepened assessment
    # (30 days) is an aim of the agreements, no law beneath it.
    result = evaluate(
        Case(level="deepened-assessment", start=date(2025, 5, 1)),
        as_of=date(2025, 5, 15),
        rules=BUP,
    )
    assert "Grund: det finns ingen lag om den här tidsgränsen. Målet bygger på" in _said(result)
    assert "Basis (Grund): no law sets this limit. The aim rests on" in _said(result, "en")


def test_a_bup_treatment_letter_speaks_of_psychiatry_not_an_operation() -> None:
    # A language review: BUP's treatment letter said "en behandling eller operation".
    bup = evaluate(Case(level="treatment", start=date(2025, 3, 1)), as_of=date(2025, 5, 15),
                   rules=BUP)  # fmt: skip
    assert "en behandling inom barn- och ungdomspsykiatrin (BUP)" in _said(bup)
    assert "operation" not in _said(bup)
    national = evaluate(Case(level="treatment", start=date(2025, 3, 1)), as_of=date(2025, 5, 15))
    assert "en behandling eller operation" in _said(national)


def test_a_letter_written_before_2020_says_landstinget_as_the_statutes_did() -> None:
    # SFS 2019:973 made the statutes' landsting a region from 2020-01-01: a letter of 2012 said
    # "regionen ordnar det åt dig" of a duty the statute gave the landsting.
    case = Case(level="visit", start=date(2012, 3, 10), exclusions=[Exclusion(
        "mov", date(2012, 4, 1), date(2012, 4, 3))])  # fmt: skip
    old = evaluate(case, as_of=date(2012, 6, 20))
    text = _said(old)
    assert "Landstinget har inte kunnat ge dig vård i tid." in text
    assert "vård i ett annat landsting. Landstinget ordnar det åt dig" in text
    assert "enligt landstingets regler för sjukresor" in text
    assert "region" not in text.lower().replace("regler", "")
    assert "The county council has not been able to give you care in time." in _said(old, "en")
    # Written from 2020-01-01, of the same case: the region (its name now).
    assert "Regionen har inte kunnat ge dig vård i tid." in _said(
        evaluate(case, as_of=date(2020, 1, 2))
    )
    chose = Case(level="visit", start=date(2018, 3, 1), exclusions=[Exclusion(
        "region", date(2018, 4, 1), date(2018, 4, 3))])  # fmt: skip
    assert "du valde vård i ett annat landsting" in _said(evaluate(chose, as_of=date(2018, 4, 10)))


def test_a_regional_limit_in_a_letter_before_2020_is_the_county_councils() -> None:
    # A region's overlay without `from` shortens every version back to 2005: a letter of 2015
    # said "Din region har bestämt …" and "Regionens kortare gräns", of a landsting's decision.
    rules = overlay_rule_set(
        {"name": "Landsting X", "levels": {"visit": {"days": 30, "source": "Beslut"}}}
    )
    for year, sv, en in (
        (2015, ("Ditt landsting har bestämt", "landstingets gräns", "Landstingets kortare"),
         ("Your county council (landsting) has set", "the county council's limit",
          "The county council's shorter")),
        (2020, ("Din region har bestämt", "regionens gräns", "Regionens kortare"),
         ("Your region has set", "the region's limit", "The region's shorter")),
    ):  # fmt: skip
        case = Case(level="visit", start=date(year, 3, 2), booked=date(year, 4, 20))
        result = evaluate(case, as_of=date(year, 3, 10), rules=rules)
        text, english = _said(result), _said(result, "en")
        assert f"{sv[0]} en kortare väntetid än lagen" in text
        assert f"Den är senare än {sv[1]}." in text
        assert f"{sv[2]} gräns: Beslut (Landsting X)." in text
        assert f"{en[0]} a shorter wait than the law" in english
        assert f"That is later than {en[1]}." in english
        assert f"{en[2]} limit: Beslut (Landsting X)." in english
        if year < 2020:
            assert "region" not in text.lower().replace("regler", "")


@pytest.mark.parametrize("level", ["assessment"])
def test_an_overdue_letter_without_care_elsewhere_says_what_happens_next(level: str) -> None:
    # A review: the overdue assessment letter went from "the day has passed" straight to
    # "Questions?"; the booked-too-late letters said "we will contact you".
    result = evaluate(Case(level=level, start=date(2025, 3, 10)), as_of=date(2025, 3, 20))
    assert "Vi kontaktar dig för att ge dig en tid så snart som möjligt." in _said(result)
    assert "We will contact you to give you a time as soon as possible." in _said(result, "en")
    booked = evaluate(
        Case(level=level, start=date(2025, 3, 10), booked=date(2025, 3, 25)),
        as_of=date(2025, 3, 20),
    )
    assert "Vi kontaktar dig för att ge dig en tid" not in _said(booked)


@pytest.mark.parametrize("booked", [None, date(2025, 3, 25)])
def test_no_letter_is_written_for_the_same_day_contact_guarantee(booked: date | None) -> None:
    # HSF 6 kap. 1 § 1: contact with primary care the same day. A language review: the letter
    # said "you have not yet had contact with the health centre" while being that contact, and
    # "you have a time on 25 March, later than the guarantee allows" of a patient who had one.
    case = Case(level="contact", start=date(2025, 3, 10), booked=booked)
    for as_of in (date(2025, 3, 10), date(2025, 3, 20)):  # (on the day: within; after: overdue)
        result = evaluate(case, as_of=as_of)
        with pytest.raises(InvalidValueError, match="no letter is written for the contact level"):
            letter(result, "sv")
    assessment = evaluate(Case(level="assessment", start=date(2025, 3, 10)), as_of=AS_OF)
    assert letter(assessment, "sv").startswith("Din vårdgaranti")


def test_a_letter_of_the_2005_agreement_cites_the_agreement_not_the_librarys_reading() -> None:
    # "tolkning, inte i överenskommelsens källor: … som Förordning (2010:349) 2 §" is a note for
    # the library's users: in a patient's letter of 2008 it cited an ordinance of 2010.
    result = evaluate(Case(level="visit", start=date(2008, 3, 10)), as_of=date(2008, 3, 11))
    text = _said(result)
    assert (
        "Målet bygger på Överenskommelse mellan staten och Landstingsförbundet om en "
        "nationell vårdgaranti (2005-11-01)." in text
    )
    assert "tolkning" not in text
    assert "2010:349" not in text


def test_a_telephone_number_is_not_split_across_lines() -> None:
    result = evaluate(Case(level="visit", start=date(2025, 3, 10)), as_of=date(2025, 3, 11))
    for number in ("010-123 45 67", "010 - 123 45 67", "+46 10 123 45 67"):
        contact = f"Vårdgarantienheten på Centralsjukhuset i Karlstad, tel {number}"
        assert number in letter(result, "sv", contact=contact)  # (on one line)


def test_a_bup_letter_cites_the_law_of_time_not_counted_not_the_librarys_reading() -> None:
    # BUP's PvV is a pause by the library's reading ("tolkning (vardgaranti): PvV som paus …"),
    # which a patient's letter printed as its legal basis, untranslated in English.
    case = Case(
        level="first-assessment", start=date(2025, 3, 10),
        exclusions=[Exclusion("pvv", date(2025, 3, 15), date(2025, 3, 20))],
    )  # fmt: skip
    result = evaluate(case, as_of=date(2025, 4, 20), rules=BUP)
    for lang in ("sv", "en"):
        text = _said(result, lang)
        assert "tolkning" not in text
        assert "6 kap. 2 § hälso- och sjukvårdsförordningen (2017:80)" in text


def test_an_overdue_letter_past_the_target_but_not_the_law_says_what_happens_next() -> None:
    # Past the BUP target's day, before the law's: the care elsewhere paragraph is the
    # conditional one, and nothing said who acts next.
    result = evaluate(
        Case(level="first-assessment", start=date(2025, 3, 10)), as_of=date(2025, 4, 20), rules=BUP
    )
    assert "Vi kontaktar dig för att ge dig en tid så snart som möjligt." in _said(result)


def test_a_run_of_digits_in_the_contact_wraps_and_a_contact_has_a_bound() -> None:
    # The telephone pattern held any run of numbers together: 30 groups made one line of 150
    # characters; and a contact had no bound (20,000 digits took 28 s to wrap).
    result = evaluate(Case(level="visit", start=date(2025, 3, 10)), as_of=date(2025, 3, 11))
    text = letter(result, "sv", contact="Ring " + " ".join(["12345"] * 30))
    assert all(len(line) <= WIDTH for line in text.splitlines())
    with pytest.raises(InvalidValueError) as caught:
        letter(result, "sv", contact="Ring " + "1" * 5000)
    assert caught.value.field == "contact"
    assert "give at most 300" in str(caught.value)


@pytest.mark.parametrize(
    ("as_of", "said"),
    [
        (
            date(2025, 4, 10),
            "Om regionen inte kan ge dig vård senast den 1 juni 2025, lagens gräns",
        ),
        (
            date(2019, 4, 10),
            "Om landstinget inte kan ge dig vård senast den 1 juni 2019, lagens gräns",
        ),
    ],
)
def test_a_regional_letters_right_to_care_elsewhere_is_dated_by_the_law(
    as_of: date, said: str
) -> None:
    """A review: under a region's 30 days, "Om regionen inte kan ge dig vård i tid har du rätt
    ..." read as the region's day, past already; the right begins after the law's 90 days."""
    start = as_of.replace(month=3, day=3)
    region = _rules("region")
    assert region is not None
    result = evaluate(Case(level="visit", start=start), as_of=as_of, rules=region)
    text = " ".join(letter(result, "sv").split())
    assert said in text
    assert "vård i tid har du rätt" not in text


def test_the_law_day_of_a_letter_written_in_2019_names_the_region_of_2020() -> None:
    """A review: dated 2019-12-20, a letter said "Om landstinget inte kan ge dig vård senast
    den 29 februari 2020": on that day the care is the region's (SFS 2019:973)."""
    region = _rules("region")
    assert region is not None
    result = evaluate(
        Case(level="visit", start=date(2019, 12, 1)), as_of=date(2019, 12, 20), rules=region
    )
    text = " ".join(letter(result, "sv").split())
    assert "Om regionen inte kan ge dig vård senast den 29 februari 2020, lagens gräns" in text


def test_a_bup_treatment_letter_says_the_laws_limit_counts_from_the_decision_to_treat() -> None:
    # HSF 6 kap. 1 § 4 counts treatment from the decision to treat; under BUP the clock starts
    # at the latest assessment (the library's reading: the decision is made there). A Swedish
    # review: the letter gave the law's day from the assessment as a fact.
    case = Case(level="treatment", start=date(2025, 3, 1))
    waiting = _said(evaluate(case, as_of=date(2025, 3, 15), rules=BUP))
    assert (
        "Lagens gräns räknas från beslutet om din behandling. Om beslutet togs vid bedömningen "
        "den 1 mars 2025 är gränsen den 30 maj 2025. Efter den dagen har du rätt att få vård hos "
        "en annan vårdgivare." in waiting
    )
    assert "Lagens gräns är den" not in waiting
    past = evaluate(case, as_of=date(2025, 6, 2), rules=BUP)
    assert (
        "Om beslutet togs vid bedömningen den 1 mars 2025 var gränsen den 30 maj 2025, och den "
        "har passerat." in _said(past)
    )
    assert (
        "The limit in law counts from the decision on your treatment. If the decision was made "
        "at the assessment on 1 March 2025, the limit was 30 May 2025, and it has passed."
        in _said(past, "en")
    )
    # The paragraphs after it say the right to care elsewhere on the same "if" (the diff
    # review: "Därför har du nu rätt" and "…, lagens gräns," stated it as a fact again).
    assert (
        "Om beslutet togs vid bedömningen har regionen inte kunnat ge dig vård i tid, och då "
        "har du nu rätt att få vård hos en annan vårdgivare." in _said(past)
    )
    assert "Därför har du nu rätt" not in _said(past)
    assert (
        "If the decision was made at the assessment, the region has not been able to give you "
        "care in time, and you now have the right to care with another provider."
        in _said(past, "en")
    )
    waiting = _said(evaluate(case, as_of=date(2025, 3, 15), rules=BUP))
    assert (
        "Om regionen inte kan ge dig vård senast den dagen har du rätt att få vård hos en annan "
        "vårdgivare." in waiting
    )
    assert "lagens gräns, har du rätt" not in waiting
    old = _said(evaluate(Case(level="treatment", start=date(2015, 3, 1)), as_of=date(2015, 6, 2),
                         rules=BUP))  # fmt: skip
    assert "Om beslutet togs vid bedömningen har landstinget inte kunnat ge dig vård i tid" in old
    # A restarted clock counts from the restart, for the target and the law alike: no "if".
    again = Case(level="treatment", start=date(2025, 1, 10), restart=date(2025, 3, 1))
    assert "Lagens gräns är den 30 maj 2025." in _said(
        evaluate(again, as_of=date(2025, 3, 15), rules=BUP)
    )
    # The first assessment is counted from the referral by the target and the law alike.
    first = Case(level="first-assessment", start=date(2025, 3, 1))
    assert "Lagens gräns är den 30 maj 2025." in _said(
        evaluate(first, as_of=date(2025, 3, 15), rules=BUP)
    )


def test_an_overdue_patient_with_a_booking_is_told_to_keep_it_until_offered_another() -> None:
    # A review as a guarantee unit: "Du har en tid den 2 juni 2025, efter den sista dagen."
    # then the right to care elsewhere, and the patient could not tell whether to go.
    case = Case(level="visit", start=date(2025, 1, 10), booked=date(2025, 6, 20))
    result = evaluate(case, as_of=AS_OF)
    assert result.status.value == "overdue"
    assert (
        "Du har en tid den 20 juni 2025, efter den sista dagen. Behåll den tiden tills du har "
        "fått ett annat erbjudande." in _said(result)
    )
    assert "Keep that appointment until you have been offered another." in _said(result, "en")
    # Not said where no appointment is booked.
    assert "Behåll" not in _said(
        evaluate(Case(level="visit", start=date(2025, 1, 10)), as_of=AS_OF)
    )


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_letter_cites_the_2017_assessment_wording_by_its_source_not_the_librarys_reading(
    lang: Lang,
) -> None:
    # The rule's citation says its wording before 2019-01-01 is a reading ("tolkning"); a
    # letter to a patient cites the sources only (a review found the reading in "Lagstöd").
    result = evaluate(Case(level="assessment", start=date(2018, 1, 1)), as_of=date(2018, 1, 3))
    text = " ".join(letter(result, lang).split())
    assert (
        "6 kap. 1 § 2 hälso- och sjukvårdsförordningen (2017:80), lydelse före 2019-01-01." in text
    )
    assert "tolkning" not in text
    assert "reading (vardgaranti)" not in text


def test_an_overdue_letter_past_the_laws_day_heads_the_right_as_a_fact_not_an_if() -> None:
    # A language review: "Om du inte får vård i tid" headed "Regionen har inte kunnat ge dig
    # vård i tid" (HSL 9 kap. 2 §: the duty has arisen).
    overdue = evaluate(Case(level="visit", start=date(2025, 2, 10)), as_of=AS_OF)
    text = letter(overdue, "sv")
    assert "\n\nVård hos en annan vårdgivare\n\nRegionen har inte kunnat ge dig vård i tid." in text
    assert "Om du inte får vård i tid" not in text
    waiting = letter(evaluate(Case(level="visit", start=date(2025, 4, 10)), as_of=AS_OF), "sv")
    assert "\n\nOm du inte får vård i tid\n\n" in waiting
    # BUP's treatment past the law's day keeps its "if": the law counts from the decision to
    # treat, which the library reads as the target's day ("Om beslutet togs vid bedömningen")
    bup = Case(level="treatment", start=date(2025, 1, 10))
    text = letter(evaluate(bup, as_of=date(2025, 5, 20), rules=BUP), "sv")
    assert "\n\nOm du inte får vård i tid\n\nOm beslutet togs vid bedömningen" in text
    assert "Vård hos en annan vårdgivare" not in text


def test_a_regional_letter_says_the_laws_day_and_the_right_once() -> None:
    # "Lagens gräns är den D. Efter den dagen har du rätt ..." and then "Om regionen inte kan
    # ge dig vård senast den D, lagens gräns, har du rätt ...": the same right twice.
    text = " ".join(_letter("visit_regional", "sv").split())
    assert text.count("har du rätt att få vård hos en annan vårdgivare") == 1
    assert "Lagens gräns är den 30 juli 2025." in text


def test_an_overdue_booking_without_care_elsewhere_promises_no_other_offer() -> None:
    # The assessment has no duty of care elsewhere: "keep the time until you have another
    # offer" promised an offer nobody was said to make.
    case = Case(level="assessment", start=date(2025, 5, 20), booked=date(2025, 6, 20))
    text = " ".join(letter(evaluate(case, as_of=AS_OF), "sv").split())
    assert (
        "Du har en tid den 20 juni 2025, efter den sista dagen. Behåll den tiden. Vi kontaktar "
        "dig om vi kan ge dig en tidigare tid." in text
    )
    assert "erbjudande" not in text
    visit = Case(level="visit", start=date(2025, 2, 10), booked=date(2025, 6, 16))
    said = " ".join(letter(evaluate(visit, as_of=AS_OF), "sv").split())
    assert "Behåll den tiden tills du har fått ett annat erbjudande." in said


def test_a_letter_under_the_listing_rule_says_its_condition_when_the_listing_is_not_known() -> None:
    # HSL 9 kap. 1 § 2 st. (from 2022-07-01): at a vårdval provider the assessment guarantee
    # is for the patients listed there. A language review: the letter of a patient whose
    # listing was blank promised "ska du få en medicinsk bedömning senast …" unconditionally.
    start, as_of = date(2025, 5, 28), date(2025, 5, 29)
    condition = "På en vårdcentral där man kan lista sig gäller det bara om du är listad där."
    unknown = letter(evaluate(Case(level="assessment", start=start), as_of=as_of), "sv")
    listed = letter(evaluate(Case(level="assessment", start=start, listed=True), as_of=as_of))
    assert condition in " ".join(unknown.split())
    assert condition not in " ".join(listed.split())
    # before the rule (2022-07-01) the guarantee had no such condition
    before = evaluate(Case(level="assessment", start=date(2022, 5, 2)), as_of=date(2022, 5, 3))
    assert condition not in " ".join(letter(before, "sv").split())
    # a level without it: the visit
    visit = letter(evaluate(Case(level="visit", start=start), as_of=as_of), "sv")
    assert "listad" not in visit
    english = letter(evaluate(Case(level="assessment", start=start), as_of=as_of), "en")
    assert (
        "At a health centre where patients can list, it applies only if you are listed there."
        in " ".join(english.split())
    )


def test_a_worklist_letter_reads_the_rows_listing(tmp_path: Path) -> None:
    text = (
        "id;unit;level;start;listed\n"
        "L1;Vårdcentralen Norr;assessment;2025-05-28;ja\n"
        "L2;Vårdcentralen Norr;assessment;2025-05-28;\n"
    )
    as_of = date(2025, 5, 29)
    worklist = build_worklist(io.StringIO(text), as_of=as_of)
    entries = {entry.id: entry for _group, entry in worklist.entries()}
    assert (entries["L1"].listed, entries["L2"].listed) == (True, None)
    condition = "På en vårdcentral där man kan lista sig gäller det bara om du är listad där."
    write_letters(worklist, str(tmp_path / "brev"))
    for ident, said in (("L1", False), ("L2", True)):
        written = (tmp_path / "brev" / f"{ident}.txt").read_text(encoding="utf-8")
        assert (condition in " ".join(written.split())) is said


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(
    "start", [date(2012, 6, 1), date(2016, 6, 1), date(2018, 6, 1), date(2025, 3, 1)]
)
@pytest.mark.parametrize("level", ["assessment", "visit", "treatment"])
def test_the_legal_basis_names_each_law_in_full_after_the_place(
    level: str, start: date, lang: Lang
) -> None:
    # A language review: "HSL (2017:30) 9 kap. 2 §" and "Patientlagen" mid-sentence were a
    # lawyer's shorthand; Swedish law is cited "9 kap. 2 § hälso- och sjukvårdslagen (2017:30)".
    result = evaluate(Case(level=level, start=start), as_of=start + timedelta(days=1))
    basis = " ".join(letter(result, lang).split()).rpartition("(Lagstöd): " if lang == "en"
                                                                else "Lagstöd: ")[2]  # fmt: skip
    assert basis, result
    assert not re.search(r"\bHS[LF]\b|Patientlagen|Förordning \(", basis), basis
    full = {
        "hälso- och sjukvårdslagen (2017:30)",
        "hälso- och sjukvårdslagen (1982:763)",
        "hälso- och sjukvårdsförordningen (2017:80)",
        "patientlagen (2014:821)",
        "förordningen (2010:349) om vårdgaranti",
    }
    named = [law for law in full if law in basis]
    assert named, basis
    for law in named:  # the place (kapitel, paragraf) comes first
        assert re.search(r"§§?(?: \d+)? " + re.escape(law), basis), (law, basis)
    if start.year == 2018:
        assert "hälso- och sjukvårdsförordningen (2017:80), lydelse före 2019-01-01" in basis
    if start.year == 2025:
        assert "(2017:80), lydelse enligt SFS 2018:1129" in basis


def test_a_pass_that_names_no_periods_may_leave_them_out() -> None:
    # (the report's pass carries rows between processes, and names no periods: 10 % of its
    # time on 1,000,000 rows went to pickling them; benchmarks/README.md)
    text = "id;level;start;exclusions\nA;visit;2025-03-01;pvv:2025-04-01..2025-04-14\n"
    for keep, expected in ((True, 1), (False, 0)):
        with assess_file(io.StringIO(text), as_of=date(2025, 5, 15), periods=keep) as file:
            (row,) = list(file.rows)
        assert row.assessed is not None
        assert len(row.assessed.periods) == expected
        assert row.assessed.excluded_days == 14


def test_the_worklists_letters_name_the_periods(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from vardgaranti._cli import main

    source = tmp_path / "lista.csv"
    source.write_text(
        "id;level;start;exclusions\nA;visit;2025-03-01;pvv:2025-04-01..2025-04-14\n",
        encoding="utf-8",
    )
    folder = tmp_path / "brev"
    assert main(["worklist", str(source), "--as-of", "2025-06-01", "--letters", str(folder),
                 "-o", str(tmp_path / "lista.txt")]) == 0  # fmt: skip
    capsys.readouterr()
    said = " ".join((folder / "A.txt").read_text(encoding="utf-8").split())
    assert "Tiden 1–14 april 2025 (14 dagar) räknas inte med i väntetiden" in said


def test_a_period_that_did_not_move_the_deadline_is_not_named_in_a_rows_letter() -> None:
    # (a mutation audit: a merged period that was not counted, after the deadline, would have
    # been named as time not counted)
    text = (
        "id;level;start;exclusions\n"
        "A;visit;2025-03-01;mov:2025-04-01..2025-04-10,pvv:2025-07-01..2025-07-05\n"
    )
    as_of = date(2025, 6, 5)
    with assess_file(io.StringIO(text), as_of=as_of) as file:
        (row,) = list(file.rows)
    assert row.assessed is not None
    assert [(first.month, last.month) for first, last, _ in row.assessed.periods] == [(4, 4)]
    case = Case(level="visit", start=date(2025, 3, 1), exclusions=[
        Exclusion("mov", date(2025, 4, 1), date(2025, 4, 10)),
        Exclusion("pvv", date(2025, 7, 1), date(2025, 7, 5)),
    ])  # fmt: skip
    said = letter_for(row.assessed, "sv", as_of=as_of)
    assert said == letter(evaluate(case, as_of=as_of), "sv")
    assert "juli" not in said
