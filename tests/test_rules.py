"""The rule sets: every national version and level, BUP, and regional TOML overlays.

The expected limits, dates and citations are written out here from the reference
(/work/shared/reference/vardgaranti-rules.md, sections 1, 3.2, 4 and 5.7), not read back from
the library.
"""

from __future__ import annotations

import itertools
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from vardgaranti import (
    BUP,
    NATIONAL,
    Case,
    Citation,
    Exclusion,
    ExclusionReason,
    Level,
    Rule,
    RuleKind,
    RuleSet,
    StartEvent,
    evaluate,
    load_rule_set,
    rule_set,
)
from vardgaranti._rules import overlay_rule_set
from vardgaranti.errors import (
    ExclusionNotAllowedError,
    NoRuleInForceError,
    RuleSetError,
    UnknownLevelError,
    UnknownReasonError,
)

ONE_DAY = timedelta(days=1)
NATIONAL_LEVELS = (Level.CONTACT, Level.ASSESSMENT, Level.VISIT, Level.TREATMENT)
BUP_LEVELS = (Level.FIRST_ASSESSMENT, Level.DEEPENED_ASSESSMENT, Level.TREATMENT)
MOV, PVV, REGION = ExclusionReason.MOV, ExclusionReason.PVV, ExclusionReason.REGION

#: (first day, last day or None, limits contact–assessment–visit–treatment, kind,
#: exclusions for the 90-day steps, contact/assessment need listing), from the reference §4.
NATIONAL_VERSIONS: tuple[
    tuple[date, date | None, tuple[int, int, int, int], RuleKind, frozenset[ExclusionReason], bool],
    ...,
] = (
    (
        date(2005, 11, 1),
        date(2010, 6, 30),
        (0, 7, 90, 90),
        RuleKind.AGREEMENT,
        frozenset({MOV, PVV}),
        False,
    ),
    (
        date(2010, 7, 1),
        date(2017, 3, 31),
        (0, 7, 90, 90),
        RuleKind.STATUTE,
        frozenset({MOV, PVV}),
        False,
    ),
    (
        date(2017, 4, 1),
        date(2018, 12, 31),
        (0, 7, 90, 90),
        RuleKind.STATUTE,
        frozenset({MOV, PVV, REGION}),
        False,
    ),
    (
        date(2019, 1, 1),
        date(2022, 6, 30),
        (0, 3, 90, 90),
        RuleKind.STATUTE,
        frozenset({MOV, PVV, REGION}),
        False,
    ),
    (
        date(2022, 7, 1),
        None,
        (0, 3, 90, 90),
        RuleKind.STATUTE,
        frozenset({MOV, PVV, REGION}),
        True,
    ),
)

VERSION_DAYS = [
    pytest.param(version[0], id=f"from-{version[0].isoformat()}") for version in NATIONAL_VERSIONS
]


def _version(day: date) -> int:
    """Index into NATIONAL_VERSIONS of the version in force on *day*."""
    index = -1
    for position, version in enumerate(NATIONAL_VERSIONS):
        if version[0] <= day:
            index = position
    assert index >= 0
    return index


# -- effective dates ----------------------------------------------------------------------------


@pytest.mark.parametrize("level", NATIONAL_LEVELS)
@pytest.mark.parametrize("day", [date(2005, 10, 31), date(2000, 1, 1), date(1992, 6, 1)])
def test_no_national_guarantee_before_2005_11_01(level: Level, day: date) -> None:
    with pytest.raises(NoRuleInForceError, match="2005-11-01"):
        NATIONAL.rule_for(level, day)
    with pytest.raises(NoRuleInForceError):
        evaluate(Case(level=level, start=day), as_of=day)
    assert NATIONAL.rules_in_force(day) == ()


def test_national_guarantee_by_agreement_from_2005_11_01_is_0_7_90_90() -> None:
    day = date(2005, 11, 1)
    days = tuple(NATIONAL.rule_for(level, day).days for level in NATIONAL_LEVELS)
    assert days == (0, 7, 90, 90)
    for level in NATIONAL_LEVELS:
        rule = NATIONAL.rule_for(level, day)
        assert rule.kind is RuleKind.AGREEMENT
        assert rule.citation.sfs is None  # an agreement, not law
        assert "Landstingsförbundet" in rule.citation.text
        assert rule.effective_from == day
        assert rule.effective_to == date(2010, 6, 30)


def test_agreement_2005_allows_only_mov_and_pvv_exclusions() -> None:
    for level in (Level.VISIT, Level.TREATMENT):
        assert NATIONAL.rule_for(level, date(2008, 1, 1)).exclusion_reasons == {MOV, PVV}


def test_statutory_guarantee_from_2010_07_01_forordning_2010_349_is_0_7_90_90() -> None:
    day = date(2010, 7, 1)
    assert NATIONAL.rule_for(Level.VISIT, day - ONE_DAY).kind is RuleKind.AGREEMENT
    days = tuple(NATIONAL.rule_for(level, day).days for level in NATIONAL_LEVELS)
    assert days == (0, 7, 90, 90)
    for point, level in enumerate(NATIONAL_LEVELS, 1):
        rule = NATIONAL.rule_for(level, day)
        assert rule.kind is RuleKind.STATUTE
        assert rule.citation.sfs == "2010:349"
        assert rule.citation.punkt == point
        assert "2010:349" in rule.citation.text


def test_forordning_2010_349_3_paragraf_has_two_exclusions_mov_and_pvv() -> None:
    rule = NATIONAL.rule_for(Level.VISIT, date(2016, 12, 31))
    assert rule.exclusion_reasons == {MOV, PVV}
    assert rule.exclusion_citation is not None
    assert rule.exclusion_citation.sfs == "2010:349"
    assert rule.exclusion_citation.paragraf == "3"


def test_hsf_2017_80_from_2017_04_01_keeps_0_7_90_90_and_adds_the_region_exclusion() -> None:
    day = date(2017, 4, 1)
    days = tuple(NATIONAL.rule_for(level, day).days for level in NATIONAL_LEVELS)
    assert days == (0, 7, 90, 90)
    for level in (Level.VISIT, Level.TREATMENT):
        before = NATIONAL.rule_for(level, day - ONE_DAY)
        after = NATIONAL.rule_for(level, day)
        assert REGION not in before.exclusion_reasons
        assert after.exclusion_reasons == {MOV, PVV, REGION}
        assert after.exclusion_citation is not None
        assert after.exclusion_citation.sfs == "2017:80"
        assert after.exclusion_citation.kapitel == 6
        assert after.exclusion_citation.paragraf == "2"
        assert after.citation.sfs == "2017:80"


@pytest.mark.parametrize("level", [Level.VISIT, Level.TREATMENT])
@pytest.mark.parametrize("day", [date(2005, 11, 1), date(2010, 7, 1), date(2017, 3, 31)])
def test_region_exclusion_not_allowed_before_2017_04_01(level: Level, day: date) -> None:
    assert REGION not in NATIONAL.rule_for(level, day).exclusion_reasons
    case = Case(
        level=level,
        start=day,
        exclusions=[Exclusion(REGION, day + timedelta(days=5), day + timedelta(days=9))],
    )
    with pytest.raises(ExclusionNotAllowedError, match="2017-04-01"):
        evaluate(case, as_of=day)


@pytest.mark.parametrize("level", [Level.VISIT, Level.TREATMENT])
def test_region_exclusion_allowed_from_2017_04_01_hsf_2017_80_6_2_p2(level: Level) -> None:
    day = date(2017, 4, 1)
    case = Case(
        level=level,
        start=day,
        exclusions=[Exclusion(REGION, day + timedelta(days=5), day + timedelta(days=9))],
    )
    assert evaluate(case, as_of=day).deadline == date(2017, 7, 5)  # 30 June + 5 days


def test_assessment_limit_is_7_days_before_2019_01_01_hsf_2018_1129() -> None:
    for day in (date(2005, 11, 1), date(2010, 7, 1), date(2017, 4, 1), date(2018, 12, 31)):
        rule = NATIONAL.rule_for(Level.ASSESSMENT, day)
        assert rule.days == 7
        assert "doctor visit" in rule.description
    last = NATIONAL.rule_for(Level.ASSESSMENT, date(2018, 12, 31))
    assert "lydelse före 2019-01-01" in last.citation.text


def test_assessment_limit_is_3_days_from_2019_01_01_hsf_2018_1129() -> None:
    rule = NATIONAL.rule_for(Level.ASSESSMENT, date(2019, 1, 1))
    assert rule.days == 3
    assert rule.id == "national.assessment.2019-01-01"
    assert rule.citation.text == "HSF (2017:80) 6 kap. 1 § 2 (Förordning 2018:1129)"
    assert (rule.citation.sfs, rule.citation.kapitel, rule.citation.paragraf) == ("2017:80", 6, "1")
    assert rule.citation.punkt == 2
    assert "medical assessment" in rule.description
    assert NATIONAL.rule_for(Level.ASSESSMENT, date(2030, 1, 1)).days == 3


@pytest.mark.parametrize("level", [Level.CONTACT, Level.ASSESSMENT])
def test_listing_required_for_contact_from_2022_07_01_hsl_9_1_2st(level: Level) -> None:
    rule = NATIONAL.rule_for(level, date(2022, 7, 1))
    assert rule.listing_citation is not None
    assert rule.listing_citation.sfs == "2017:30"
    assert rule.listing_citation.kapitel == 9
    assert rule.listing_citation.paragraf == "1"
    assert "9 kap. 1 § 2 st." in rule.listing_citation.text
    assert NATIONAL.rule_for(level, date(2022, 6, 30)).listing_citation is None


@pytest.mark.parametrize("level", [Level.VISIT, Level.TREATMENT])
def test_listing_never_required_for_the_90_day_steps_hsl_9_1_2st(level: Level) -> None:
    for version in NATIONAL_VERSIONS:
        assert NATIONAL.rule_for(level, version[0]).listing_citation is None


@pytest.mark.parametrize("level", [Level.CONTACT, Level.ASSESSMENT])
def test_hsf_6_2_exclusions_apply_only_to_the_90_day_steps(level: Level) -> None:
    for version in NATIONAL_VERSIONS:
        assert NATIONAL.rule_for(level, version[0]).exclusion_reasons == frozenset()


@pytest.mark.parametrize("first_day", VERSION_DAYS)
@pytest.mark.parametrize("level", NATIONAL_LEVELS)
def test_each_national_version_and_level_matches_the_reference_table(
    first_day: date, level: Level
) -> None:
    start, end, limits, kind, reasons, listing = NATIONAL_VERSIONS[_version(first_day)]
    days = dict(zip(NATIONAL_LEVELS, limits, strict=True))
    for day in (start, *(d for d in (end,) if d is not None)):
        rule = NATIONAL.rule_for(level, day)
        assert rule.days == days[level]
        assert rule.kind is kind
        assert rule.effective_from == start
        assert rule.effective_to == end
        assert rule.id == f"national.{level.value}.{start.isoformat()}"
        ninety = level in (Level.VISIT, Level.TREATMENT)
        assert rule.exclusion_reasons == (reasons if ninety else frozenset())
        assert (rule.listing_citation is not None) == (listing and not ninety)
        assert rule.in_force(day)
    assert not NATIONAL.rule_for(level, start).in_force(start - ONE_DAY)


@pytest.mark.parametrize("level", NATIONAL_LEVELS)
def test_national_versions_cover_2005_11_01_onward_without_gaps(level: Level) -> None:
    rules = sorted((r for r in NATIONAL.rules if r.level is level), key=lambda r: r.effective_from)
    assert [r.effective_from for r in rules] == [v[0] for v in NATIONAL_VERSIONS]
    for earlier, later in itertools.pairwise(rules):
        assert earlier.effective_to == later.effective_from - ONE_DAY
    assert rules[-1].effective_to is None


@pytest.mark.parametrize(
    ("level", "start_event"),
    [
        (Level.CONTACT, StartEvent.CONTACT_SOUGHT),
        (Level.ASSESSMENT, StartEvent.CONTACT_SOUGHT),
        (Level.VISIT, StartEvent.REFERRAL),
        (Level.TREATMENT, StartEvent.DECISION_TO_TREAT),
    ],
)
def test_national_start_events_follow_hsf_6_1(level: Level, start_event: StartEvent) -> None:
    for version in NATIONAL_VERSIONS:
        rule = NATIONAL.rule_for(level, version[0])
        assert rule.start_event is start_event
        assert rule.start_text


@pytest.mark.parametrize("day", [date(2005, 11, 1), date(2015, 5, 5), date(2025, 1, 1)])
def test_rules_in_force_gives_one_rule_per_national_level_in_level_order(day: date) -> None:
    rules = NATIONAL.rules_in_force(day)
    assert [r.level for r in rules] == list(NATIONAL_LEVELS)
    assert all(r.in_force(day) for r in rules)


# -- citations ----------------------------------------------------------------------------------


def _all_rules() -> list[Rule]:
    return [*NATIONAL.rules, *BUP.rules]


@pytest.mark.parametrize("rule", _all_rules(), ids=lambda rule: rule.id)
def test_every_rule_has_a_citation_with_sfs_for_statute_kinds(rule: Rule) -> None:
    assert isinstance(rule.citation, Citation)
    assert rule.citation.text.strip()
    assert str(rule.citation) == rule.citation.text
    if rule.kind is RuleKind.STATUTE:
        assert rule.citation.sfs is not None
        assert re.fullmatch(r"\d{4}:\d+", rule.citation.sfs)
        assert rule.citation.sfs in rule.citation.text
        assert rule.citation.paragraf is not None
        assert f"{rule.citation.paragraf} §" in rule.citation.text
    else:
        assert rule.citation.sfs is None
    if rule.exclusion_reasons:
        assert rule.exclusion_citation is not None
        assert rule.exclusion_citation.text.strip()


@pytest.mark.parametrize("rule", _all_rules(), ids=lambda rule: rule.id)
def test_rule_as_dict_is_json_ready_and_carries_the_citation(rule: Rule) -> None:
    data = rule.as_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["citation"] == rule.citation.text
    assert data["days"] == rule.days
    assert data["level"] == rule.level.value
    assert data["effective_from"] == rule.effective_from.isoformat()


# -- Level and ExclusionReason ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("kontakt", Level.CONTACT),
        ("Kontakt", Level.CONTACT),
        ("bedömning", Level.ASSESSMENT),
        ("bedomning", Level.ASSESSMENT),
        ("Bedomning", Level.ASSESSMENT),
        ("besök", Level.VISIT),
        ("BESÖK", Level.VISIT),
        ("besok", Level.VISIT),
        (" behandling ", Level.TREATMENT),
        ("första bedömning", Level.FIRST_ASSESSMENT),
        ("forsta-bedomning", Level.FIRST_ASSESSMENT),
        ("fördjupad utredning", Level.DEEPENED_ASSESSMENT),
        ("fordjupad_utredning", Level.DEEPENED_ASSESSMENT),
        ("contact", Level.CONTACT),
        ("Assessment", Level.ASSESSMENT),
        ("VISIT", Level.VISIT),
        ("treatment", Level.TREATMENT),
        ("first_assessment", Level.FIRST_ASSESSMENT),
        ("deepened-assessment", Level.DEEPENED_ASSESSMENT),
    ],
)
def test_level_parse_reads_english_and_swedish_words(text: str, level: Level) -> None:
    assert Level.parse(text) is level


@pytest.mark.parametrize("text", ["", "visits", "besöket", "återbesök", "operation", "0"])
def test_level_parse_refuses_unknown_words(text: str) -> None:
    with pytest.raises(UnknownLevelError, match="unknown level") as info:
        Level.parse(text)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("mov", MOV), ("MoV", MOV), (" PVV ", PVV), ("pvv", PVV), ("Region", REGION)],
)
def test_exclusion_reason_parse(text: str, reason: ExclusionReason) -> None:
    assert ExclusionReason.parse(text) is reason


@pytest.mark.parametrize("text", ["sov", "", "medical", "mov pvv"])
def test_exclusion_reason_parse_refuses_other_codes(text: str) -> None:
    with pytest.raises(UnknownReasonError, match="mov, pvv, region"):
        ExclusionReason.parse(text)


# -- BUP ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", BUP_LEVELS)
def test_bup_target_is_30_days_per_step_from_2011(level: Level) -> None:
    rule = BUP.rule_for(level, date(2025, 6, 1))
    assert rule.days == 30
    assert rule.kind is RuleKind.TARGET
    assert rule.citation.sfs is None  # a target, not law
    assert "inte lag" in rule.citation.text
    assert rule.effective_from == date(2011, 1, 1)
    assert rule.exclusion_reasons == {PVV}
    assert rule.listing_citation is None
    with pytest.raises(NoRuleInForceError, match="2011-01-01"):
        BUP.rule_for(level, date(2010, 12, 31))


def test_bup_start_events_chain_first_assessment_to_deepened_to_treatment() -> None:
    day = date(2025, 1, 1)
    assert BUP.rule_for(Level.FIRST_ASSESSMENT, day).start_event is StartEvent.REFERRAL
    assert (
        BUP.rule_for(Level.DEEPENED_ASSESSMENT, day).start_event is StartEvent.FIRST_ASSESSMENT_DONE
    )
    assert BUP.rule_for(Level.TREATMENT, day).start_event is StartEvent.ASSESSMENT_DONE


def test_bup_levels_are_its_three_steps() -> None:
    assert set(BUP.levels) == set(BUP_LEVELS)
    assert set(NATIONAL.levels) == set(NATIONAL_LEVELS)


@pytest.mark.parametrize("level", [Level.VISIT, Level.CONTACT])
def test_bup_has_no_national_only_levels(level: Level) -> None:
    with pytest.raises(UnknownLevelError, match="bup"):
        BUP.rule_for(level, date(2025, 1, 1))


@pytest.mark.parametrize("level", [Level.FIRST_ASSESSMENT, Level.DEEPENED_ASSESSMENT])
def test_national_has_no_bup_only_levels(level: Level) -> None:
    with pytest.raises(UnknownLevelError, match="national"):
        NATIONAL.rule_for(level, date(2025, 1, 1))


# -- rule_set -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [("national", NATIONAL), ("NATIONAL", NATIONAL), ("bup", BUP), (" Bup ", BUP)],
)
def test_rule_set_by_name(name: str, expected: RuleSet) -> None:
    assert rule_set(name) is expected


@pytest.mark.parametrize("name", ["regional", "stockholm", "nationell"])
def test_rule_set_refuses_unknown_names(name: str) -> None:
    with pytest.raises(RuleSetError, match="unknown rule set"):
        rule_set(name)


def test_rule_set_refuses_a_missing_toml_file(tmp_path: Path) -> None:
    with pytest.raises(RuleSetError, match="cannot read"):
        rule_set(tmp_path / "missing.toml")


# -- regional overlays --------------------------------------------------------------------------

SOURCE = "Regionfullmäktige 2024-05-01 § 12"


def _write(tmp_path: Path, text: str, name: str = "region.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _overlay(tmp_path: Path, body: str) -> Path:
    return _write(tmp_path, 'name = "Region Exempel"\nextends = "national"\n' + body)


def test_overlay_shortens_the_visit_limit_and_cites_its_source(tmp_path: Path) -> None:
    path = _overlay(tmp_path, f'[levels.visit]\ndays = 60\nsource = "{SOURCE}"\n')
    rules = load_rule_set(path)
    assert rules.name == "Region Exempel"
    rule = rules.rule_for(Level.VISIT, date(2025, 3, 1))
    assert rule.days == 60
    assert rule.kind is RuleKind.REGIONAL
    assert SOURCE in rule.citation.text
    assert rule.base is not None
    assert rule.base == NATIONAL.rule_for(Level.VISIT, date(2025, 3, 1))
    assert rule.exclusion_reasons == rule.base.exclusion_reasons
    # Levels the file does not name stay national.
    assert rules.rule_for(Level.TREATMENT, date(2025, 3, 1)) == NATIONAL.rule_for(
        Level.TREATMENT, date(2025, 3, 1)
    )
    assert rule_set(path).rule_for(Level.VISIT, date(2025, 3, 1)).days == 60
    assert rule_set(str(path)).rule_for(Level.VISIT, date(2025, 3, 1)).days == 60


def test_overlay_without_from_shortens_every_version(tmp_path: Path) -> None:
    rules = load_rule_set(_overlay(tmp_path, f'[levels.visit]\ndays = 30\nsource = "{SOURCE}"\n'))
    for version in NATIONAL_VERSIONS:
        assert rules.rule_for(Level.VISIT, version[0]).days == 30
    with pytest.raises(NoRuleInForceError):
        rules.rule_for(Level.VISIT, date(2005, 10, 31))


def test_overlay_deadline_uses_the_shorter_limit(tmp_path: Path) -> None:
    rules = load_rule_set(_overlay(tmp_path, f'[levels."besök"]\ndays = 60\nsource = "{SOURCE}"\n'))
    result = evaluate(
        Case(level="visit", start=date(2025, 3, 3)), as_of=date(2025, 3, 3), rules=rules
    )
    assert result.deadline == date(2025, 5, 2)  # 3 March + 60 days
    assert result.limit_days == 60


def test_overlay_longer_than_the_national_limit_is_refused(tmp_path: Path) -> None:
    path = _overlay(tmp_path, f'[levels.visit]\ndays = 120\nsource = "{SOURCE}"\n')
    with pytest.raises(RuleSetError, match="longer") as info:
        load_rule_set(path)
    message = str(info.value)
    assert "120" in message
    assert "90" in message
    assert "never lengthen" in message
    assert str(path) in message


def test_overlay_assessment_longer_than_the_3_day_limit_is_refused(tmp_path: Path) -> None:
    path = _overlay(tmp_path, f'[levels.assessment]\ndays = 5\nsource = "{SOURCE}"\n')
    with pytest.raises(RuleSetError, match="longer than the national limit of 3 days"):
        load_rule_set(path)


def test_overlay_equal_to_the_national_limit_is_allowed(tmp_path: Path) -> None:
    path = _overlay(tmp_path, f'[levels.treatment]\ndays = 90\nsource = "{SOURCE}"\n')
    assert load_rule_set(path).rule_for(Level.TREATMENT, date(2025, 1, 1)).days == 90


@pytest.mark.parametrize(
    "body",
    [
        "[levels.visit]\ndays = 60\n",
        '[levels.visit]\ndays = 60\nsource = "   "\n',
        "[levels.visit]\ndays = 60\nsource = 12\n",
    ],
    ids=["missing", "blank", "not-text"],
)
def test_overlay_without_a_source_is_refused(tmp_path: Path, body: str) -> None:
    with pytest.raises(RuleSetError, match="'source'"):
        load_rule_set(_overlay(tmp_path, body))


def test_overlay_with_an_unknown_level_is_refused(tmp_path: Path) -> None:
    path = _overlay(tmp_path, f'[levels."återbesök"]\ndays = 30\nsource = "{SOURCE}"\n')
    with pytest.raises(RuleSetError, match="unknown level"):
        load_rule_set(path)


def test_overlay_with_a_level_its_base_lacks_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        f'name = "R"\nextends = "bup"\n[levels.visit]\ndays = 30\nsource = "{SOURCE}"\n',
    )
    with pytest.raises(RuleSetError, match="no level 'visit'"):
        load_rule_set(path)


def test_overlay_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, 'name = "Region Exempel"\n[levels.visit\ndays = 60\n')
    with pytest.raises(RuleSetError, match="not valid TOML"):
        load_rule_set(path)


@pytest.mark.parametrize(
    ("body", "key"),
    [
        (f'region = "X"\n[levels.visit]\ndays = 60\nsource = "{SOURCE}"\n', "region"),
        (f'[levels.visit]\ndays = 60\nsource = "{SOURCE}"\nweeks = 8\n', "weeks"),
    ],
    ids=["top-level", "in-level"],
)
def test_overlay_with_an_unknown_key_is_refused(tmp_path: Path, body: str, key: str) -> None:
    with pytest.raises(RuleSetError, match=rf"unknown key\(s\) {key}"):
        load_rule_set(_overlay(tmp_path, body))


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (f'extends = "national"\n[levels.visit]\ndays = 60\nsource = "{SOURCE}"\n', "'name'"),
        (
            f'name = "R"\nextends = "stockholm"\n[levels.visit]\ndays = 60\nsource = "{SOURCE}"\n',
            "'extends'",
        ),
        ('name = "R"\n', "'levels'"),
        ('name = "R"\n[levels]\n', "'levels'"),
        ('name = "R"\nlevels = { visit = 60 }\n', "must be a table"),
        (f'name = "R"\n[levels.visit]\ndays = -1\nsource = "{SOURCE}"\n', "'days'"),
        (f'name = "R"\n[levels.visit]\ndays = 6.5\nsource = "{SOURCE}"\n', "'days'"),
        (f'name = "R"\n[levels.visit]\ndays = true\nsource = "{SOURCE}"\n', "'days'"),
        (f'name = "R"\n[levels.visit]\ndays = "60"\nsource = "{SOURCE}"\n', "'days'"),
        ('name = "R"\nfrom = "2024-13-01"\n[levels.visit]\ndays = 6\nsource = "S"\n', "'from'"),
        (
            'name = "R"\nfrom = 2024-05-01T10:00:00\n[levels.visit]\ndays = 6\nsource = "S"\n',
            "'from'",
        ),
        (
            f'name = "R"\nfrom = 20240501\n[levels.visit]\ndays = 60\nsource = "{SOURCE}"\n',
            "'from'",
        ),
    ],
    ids=[
        "no-name",
        "unknown-extends",
        "no-levels",
        "empty-levels",
        "level-not-table",
        "negative-days",
        "fractional-days",
        "bool-days",
        "text-days",
        "impossible-from",
        "datetime-from",
        "number-from",
    ],
)
def test_overlay_malformed_files_are_refused(tmp_path: Path, text: str, match: str) -> None:
    with pytest.raises(RuleSetError, match=match):
        load_rule_set(_write(tmp_path, text))


def test_overlay_from_splits_the_version_in_force(tmp_path: Path) -> None:
    path = _overlay(
        tmp_path, f'from = 2024-05-01\n[levels.visit]\ndays = 60\nsource = "{SOURCE}"\n'
    )
    rules = load_rule_set(path)
    before = rules.rule_for(Level.VISIT, date(2024, 4, 30))
    after = rules.rule_for(Level.VISIT, date(2024, 5, 1))
    assert (before.days, before.kind) == (90, RuleKind.STATUTE)
    assert before.effective_from == date(2022, 7, 1)
    assert before.effective_to == date(2024, 4, 30)
    assert (after.days, after.kind) == (60, RuleKind.REGIONAL)
    assert after.effective_from == date(2024, 5, 1)
    assert after.effective_to is None
    assert after.id == "Region Exempel.visit.2024-05-01"
    # Older versions are untouched.
    assert rules.rule_for(Level.VISIT, date(2015, 1, 1)) == NATIONAL.rule_for(
        Level.VISIT, date(2015, 1, 1)
    )
    visits = sorted(
        (r for r in rules.rules if r.level is Level.VISIT), key=lambda r: r.effective_from
    )
    for earlier, later in itertools.pairwise(visits):
        assert earlier.effective_to == later.effective_from - ONE_DAY


def test_overlay_from_as_a_quoted_date_works_like_a_toml_date(tmp_path: Path) -> None:
    path = _overlay(
        tmp_path, f'from = "2024-05-01"\n[levels.visit]\ndays = 60\nsource = "{SOURCE}"\n'
    )
    rules = load_rule_set(path)
    assert rules.rule_for(Level.VISIT, date(2024, 4, 30)).days == 90
    assert rules.rule_for(Level.VISIT, date(2024, 5, 1)).days == 60


def test_overlay_from_leaves_versions_that_ended_earlier_unchecked(tmp_path: Path) -> None:
    # 3 days is shorter than the 7-day versions and equal to the 3-day ones; the split lands
    # on 2019-01-01 exactly, so the 7-day versions before it stay national.
    path = _overlay(
        tmp_path, f'from = 2019-01-01\n[levels.assessment]\ndays = 2\nsource = "{SOURCE}"\n'
    )
    rules = load_rule_set(path)
    assert rules.rule_for(Level.ASSESSMENT, date(2018, 12, 31)).days == 7
    assert rules.rule_for(Level.ASSESSMENT, date(2018, 12, 31)).kind is RuleKind.STATUTE
    assert rules.rule_for(Level.ASSESSMENT, date(2019, 1, 1)).days == 2
    assert rules.rule_for(Level.ASSESSMENT, date(2022, 7, 1)).days == 2
    # Each version after the split is shortened separately and keeps its own base.
    base = rules.rule_for(Level.ASSESSMENT, date(2022, 7, 1)).base
    assert base is not None
    assert base.listing_citation is not None


def test_overlay_from_inside_a_version_checks_that_version(tmp_path: Path) -> None:
    # From 2018-06-01 the 7-day version is still in force for six months: 5 days is fine
    # there, but the 3-day versions after it would be lengthened.
    path = _overlay(
        tmp_path, f'from = 2018-06-01\n[levels.assessment]\ndays = 5\nsource = "{SOURCE}"\n'
    )
    with pytest.raises(RuleSetError, match="longer than the national limit of 3 days"):
        load_rule_set(path)


def test_overlay_over_bup(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        f'name = "Region BUP"\nextends = "bup"\n[levels."första bedömning"]\ndays = 20\n'
        f'source = "{SOURCE}"\n',
    )
    rules = load_rule_set(path)
    assert rules.rule_for(Level.FIRST_ASSESSMENT, date(2025, 1, 1)).days == 20
    assert rules.rule_for(Level.DEEPENED_ASSESSMENT, date(2025, 1, 1)).days == 30
    with pytest.raises(RuleSetError, match="longer"):
        overlay_rule_set(
            {"name": "R", "extends": "bup", "levels": {"treatment": {"days": 31, "source": "S"}}}
        )


def test_overlay_rule_set_from_data_names_its_origin() -> None:
    with pytest.raises(RuleSetError, match=r"^here\.toml: "):
        overlay_rule_set({"name": "R", "levels": {}}, origin="here.toml")


def test_overlay_description_defaults_and_can_be_given(tmp_path: Path) -> None:
    plain = load_rule_set(_overlay(tmp_path, f'[levels.visit]\ndays = 60\nsource = "{SOURCE}"\n'))
    assert "Region Exempel" in plain.description
    described = overlay_rule_set(
        {
            "name": "R",
            "description": "Kortare väntan",
            "levels": {"visit": {"days": 60, "source": "S"}},
        }
    )
    assert described.description == "Kortare väntan"


def test_overlay_naming_one_level_twice_is_refused(tmp_path: Path) -> None:
    path = _overlay(
        tmp_path,
        '[levels.visit]\ndays = 30\nsource = "A"\n[levels."besök"]\ndays = 60\nsource = "B"\n',
    )
    with pytest.raises(RuleSetError, match="visit"):
        load_rule_set(path)
