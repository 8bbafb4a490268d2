"""Rule sets: which limit applies to which guarantee level, when, and by which law.

The national rule set is effective-dated: a case is judged by the version in force on the date
its clock starts. Every rule carries its citation (SFS number, kapitel, paragraf, punkt).

* 2005-11-01: national agreement (not statute), 0–7–90–90; exclusions mov, pvv.
* 2010-07-01: HSL (1982:763) 3 g § and Förordning (2010:349), 0–7–90–90; mov, pvv.
* 2017-04-01: HSL (2017:30) 9 kap. and HSF (2017:80) 6 kap., 0–7–90–90; mov, pvv, region.
* 2019-01-01: HSF 6 kap. 1 § (Förordning 2018:1129), 0–3–90–90; mov, pvv, region.
* 2022-07-01: HSL 9 kap. 1 § 2 st. (Lag 2022:273), 0–3–90–90; contact and assessment only for
  patients listed with the vårdval provider.

Besides ``national`` there is ``bup``, the child and adolescent psychiatry target (state–SKR
agreements since 2011, not statute), and regional overlays loaded from TOML, which may shorten a
limit but never lengthen one.
"""

from __future__ import annotations

import bisect
import tomllib
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Final

import attrs

from .errors import NoRuleInForceError, RuleSetError, UnknownLevelError, UnknownReasonError

__all__ = [
    "BUP",
    "NATIONAL",
    "Citation",
    "ExclusionReason",
    "Level",
    "Rule",
    "RuleKind",
    "RuleSet",
    "StartEvent",
    "load_rule_set",
    "rule_set",
]


class Level(StrEnum):
    """A guarantee level: the step of the care chain whose wait is limited.

    The national levels are the four points of HSF (2017:80) 6 kap. 1 §. The BUP target has
    three steps: ``first-assessment``, ``deepened-assessment`` and ``treatment`` (shared with
    the national name). :meth:`parse` also takes the Swedish words.

    >>> Level.parse("besök"), Level.parse("Bedomning")
    (<Level.VISIT: 'visit'>, <Level.ASSESSMENT: 'assessment'>)
    """

    #: Tillgänglighetsgaranti: contact with primary care the same day (HSF 6 kap. 1 § 1).
    CONTACT = "contact"
    #: Bedömningsgaranti: a medical assessment in primary care (HSF 6 kap. 1 § 2); before
    #: 2019-01-01 a doctor visit within 7 days.
    ASSESSMENT = "assessment"
    #: Besöksgaranti: the first visit in specialised care (HSF 6 kap. 1 § 3).
    VISIT = "visit"
    #: Behandlingsgaranti: planned care after the decision to give it (HSF 6 kap. 1 § 4).
    TREATMENT = "treatment"
    #: BUP target: first assessment (första bedömning).
    FIRST_ASSESSMENT = "first-assessment"
    #: BUP target: deepened assessment (fördjupad utredning).
    DEEPENED_ASSESSMENT = "deepened-assessment"

    @classmethod
    def parse(cls, text: str) -> Level:
        """Read a level from its English name or its Swedish word (case-insensitive).

        Raises:
            UnknownLevelError: no level has that name.
        """
        if not isinstance(text, str):
            raise UnknownLevelError(f"a level is a name such as 'visit', not {text!r}")
        key = text.strip().lower().replace("_", "-").replace(" ", "-")
        level = _LEVEL_WORDS.get(key)
        if level is None:
            raise UnknownLevelError(
                f"unknown level {text!r}; expected one of: {', '.join(level for level in Level)}"
                " (or the Swedish kontakt, bedömning, besök, behandling)"
            )
        return level


_LEVEL_ORDER: Final = {
    level: index
    for index, level in enumerate(
        (
            Level.CONTACT,
            Level.ASSESSMENT,
            Level.FIRST_ASSESSMENT,
            Level.DEEPENED_ASSESSMENT,
            Level.VISIT,
            Level.TREATMENT,
        )
    )
}

_LEVEL_WORDS: Final[dict[str, Level]] = {
    **{level.value: level for level in Level},
    "kontakt": Level.CONTACT,
    "bedomning": Level.ASSESSMENT,
    "bedömning": Level.ASSESSMENT,
    "besok": Level.VISIT,
    "besök": Level.VISIT,
    "behandling": Level.TREATMENT,
    "forsta-bedomning": Level.FIRST_ASSESSMENT,
    "första-bedömning": Level.FIRST_ASSESSMENT,
    "fordjupad-utredning": Level.DEEPENED_ASSESSMENT,
    "fördjupad-utredning": Level.DEEPENED_ASSESSMENT,
}


class ExclusionReason(StrEnum):
    """Why time is not counted (HSF 2017:80 6 kap. 2 §).

    >>> ExclusionReason.parse("MoV")
    <ExclusionReason.MOV: 'mov'>
    """

    #: Medicinska skäl: the patient cannot be given care for medical reasons (6 kap. 2 § 1).
    MOV = "mov"
    #: Frivilligt avstår: the patient, informed and offered care in time, declines (6 kap. 2 § 3).
    PVV = "pvv"
    #: The patient chose care in another region, Patientlagen 9 kap. 1 § (6 kap. 2 § 2);
    #: only from 2017-04-01.
    REGION = "region"

    @classmethod
    def parse(cls, text: str) -> ExclusionReason:
        """Read a reason code (``mov``, ``pvv`` or ``region``; case-insensitive).

        Raises:
            UnknownReasonError: not one of the three.
        """
        if not isinstance(text, str):
            raise UnknownReasonError(f"a reason is mov, pvv or region, not {text!r}")
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise UnknownReasonError(
                f"unknown exclusion reason {text!r}; expected one of: mov, pvv, region"
            ) from None


class RuleKind(StrEnum):
    """What kind of authority a rule has."""

    #: Binding law or ordinance (SFS).
    STATUTE = "statute"
    #: An agreement between the state and the regions' association; not law.
    AGREEMENT = "agreement"
    #: A policy target; not a deadline anyone can enforce.
    TARGET = "target"
    #: A region's own, shorter limit.
    REGIONAL = "regional"


class StartEvent(StrEnum):
    """The event that starts a rule's clock."""

    #: The day the patient sought contact with primary care (HSF 6 kap. 1 § 1–2).
    CONTACT_SOUGHT = "contact-sought"
    #: The day the referral was issued or, without one, the patient sought contact with
    #: specialised care (HSF 6 kap. 1 § 3).
    REFERRAL = "referral"
    #: The day the caregiver decided to give the care (HSF 6 kap. 1 § 4).
    DECISION_TO_TREAT = "decision-to-treat"
    #: BUP: the day the first assessment took place.
    FIRST_ASSESSMENT_DONE = "first-assessment-done"
    #: BUP: the day of the latest assessment (first or deepened).
    ASSESSMENT_DONE = "assessment-done"


@attrs.frozen
class Citation:
    """Where a rule comes from.

    Attributes:
        text: the citation as a reader would write it, e.g. ``"HSF (2017:80) 6 kap. 1 § 3"``.
        sfs: the SFS number of a statute (``"2017:80"``), or ``None`` for an agreement,
            a target or a regional decision.
        kapitel: the chapter, if the statute has chapters.
        paragraf: the section, e.g. ``"1"`` or ``"3 g"``.
        punkt: the numbered point within the section.
    """

    text: str
    sfs: str | None = None
    kapitel: int | None = None
    paragraf: str | None = None
    punkt: int | None = None

    def __str__(self) -> str:
        return self.text

    def as_dict(self) -> dict[str, object]:
        """The citation as JSON-ready data: the text and its structured parts."""
        return {
            "text": self.text,
            "sfs": self.sfs,
            "kapitel": self.kapitel,
            "paragraf": self.paragraf,
            "punkt": self.punkt,
        }


@attrs.frozen
class Rule:
    """One limit of one level, in force for a period.

    Attributes:
        id: a stable identifier, e.g. ``"national.visit.2019-01-01"``.
        level: the guarantee level.
        days: the limit in calendar days (day 0 is the start; the deadline day is on time).
        start_event: what starts the clock.
        start_text: the start event in words (Swedish, as the statute puts it).
        description: the guarantee in plain words (English).
        kind: statute, agreement, target or regional.
        effective_from: the first day a case may start under this rule.
        effective_to: the last such day, or ``None`` while in force.
        citation: the rule's source.
        exclusion_reasons: the reasons for which time may be left out (empty: none).
        exclusion_citation: the source of those exclusions.
        listing_citation: when set, the level applies only if the patient is listed with
            the provider (HSL 9 kap. 1 § 2 st.).
        base: for a regional rule, the rule it shortens.
        care_elsewhere_citation: what obliges care with another provider when this limit is
            missed (the 90-day steps only; the law in force for the rule's period).
    """

    id: str
    level: Level
    days: int
    start_event: StartEvent
    start_text: str
    description: str
    kind: RuleKind
    effective_from: date
    effective_to: date | None
    citation: Citation
    exclusion_reasons: frozenset[ExclusionReason] = frozenset()
    exclusion_citation: Citation | None = None
    listing_citation: Citation | None = None
    base: Rule | None = None
    care_elsewhere_citation: Citation | None = None

    def in_force(self, day: date) -> bool:
        """Whether a case starting on *day* falls under this rule."""
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )

    def as_dict(self) -> dict[str, object]:
        """The rule as JSON-ready data (dates as ISO strings)."""
        return {
            "id": self.id,
            "level": self.level.value,
            "days": self.days,
            "start_event": self.start_event.value,
            "start": self.start_text,
            "description": self.description,
            "kind": self.kind.value,
            "effective_from": self.effective_from.isoformat(),
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "citation": self.citation.text,
            "citation_parts": self.citation.as_dict(),
            "exclusion_reasons": sorted(reason.value for reason in self.exclusion_reasons),
            "exclusion_citation": self.exclusion_citation.text if self.exclusion_citation else None,
            "listing_citation": self.listing_citation.text if self.listing_citation else None,
            "base": self.base.id if self.base else None,
            "care_elsewhere_citation": (
                self.care_elsewhere_citation.text if self.care_elsewhere_citation else None
            ),
        }


@attrs.frozen
class RuleSet:
    """A named, effective-dated collection of rules.

    >>> from datetime import date
    >>> NATIONAL.rule_for(Level.ASSESSMENT, date(2018, 12, 31)).days
    7
    >>> NATIONAL.rule_for(Level.ASSESSMENT, date(2019, 1, 1)).days
    3
    """

    name: str
    description: str
    rules: tuple[Rule, ...]
    _by_level: dict[Level, tuple[list[date], tuple[Rule, ...]]] = attrs.field(
        init=False, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        by_level: dict[Level, list[Rule]] = {}
        for rule in sorted(self.rules, key=lambda r: (_LEVEL_ORDER[r.level], r.effective_from)):
            by_level.setdefault(rule.level, []).append(rule)
        index = {
            level: ([r.effective_from for r in rules], tuple(rules))
            for level, rules in by_level.items()
        }
        object.__setattr__(self, "_by_level", index)

    @property
    def levels(self) -> tuple[Level, ...]:
        """The levels this rule set has rules for."""
        return tuple(self._by_level)

    def rule_for(self, level: Level, start: date) -> Rule:
        """The rule for *level* in force on *start*.

        Raises:
            UnknownLevelError: the rule set has no rules for *level*.
            NoRuleInForceError: none of its rules for *level* was in force on *start*.
        """
        entry = self._by_level.get(level)
        if entry is None:
            raise UnknownLevelError(
                f"the {self.name} rule set has no level {level.value!r}; its levels are: "
                + ", ".join(level.value for level in self.levels)
            )
        starts, rules = entry
        position = bisect.bisect_right(starts, start) - 1
        if position < 0 or not rules[position].in_force(start):
            first = rules[0].effective_from.isoformat()
            raise NoRuleInForceError(
                f"no {self.name} rule for {level.value!r} was in force on {start.isoformat()} "
                f"(the first took effect {first})"
            )
        return rules[position]

    def rules_in_force(self, on: date) -> tuple[Rule, ...]:
        """Every rule in force on *on*, one per level at most, in level order."""
        return tuple(
            rules[position]
            for starts, rules in self._by_level.values()
            if (position := bisect.bisect_right(starts, on) - 1) >= 0
            and rules[position].in_force(on)
        )


# -- the national rule set ------------------------------------------------------------------


def _hsf(punkt: int | None = None, paragraf: str = "1", note: str = "") -> Citation:
    point = f" {punkt}" if punkt else ""
    return Citation(
        f"HSF (2017:80) 6 kap. {paragraf} §{point}{note}",
        sfs="2017:80",
        kapitel=6,
        paragraf=paragraf,
        punkt=punkt,
    )


def _f2010(punkt: int | None = None, paragraf: str = "2", hsl: bool = True) -> Citation:
    point = f" {punkt}" if punkt else ""
    return Citation(
        f"Förordning (2010:349) om vårdgaranti {paragraf} §{point}"
        + ("; HSL (1982:763) 3 g–3 i §§" if hsl else ""),
        sfs="2010:349",
        paragraf=paragraf,
        punkt=punkt,
    )


#: Care elsewhere when a 90-day step is missed, by the law in force for the case.
_CARE_ELSEWHERE_2005: Final = Citation(
    "Överenskommelse mellan staten och Landstingsförbundet om en nationell vårdgaranti "
    "(2005-11-01): vård hos annan vårdgivare (överenskommelse, inte lag)"
)
_CARE_ELSEWHERE_2010: Final = Citation(
    "HSL (1982:763) 3 g–3 i §§ (SFS 2010:243); från 2015-01-01 även Patientlagen (2014:821) "
    "2 kap. 4 §",
    sfs="1982:763",
)
_CARE_ELSEWHERE_2017: Final = Citation(
    "HSL (2017:30) 9 kap. 2 §; Patientlagen (2014:821) 2 kap. 4 §",
    sfs="2017:30",
    kapitel=9,
    paragraf="2",
)


_AGREEMENT_2005: Final = (
    "Överenskommelse mellan staten och Landstingsförbundet om en nationell vårdgaranti (2005-11-01)"
)

_START_TEXT: Final[dict[Level, str]] = {
    Level.CONTACT: "den enskilde söker kontakt med primärvården",
    Level.ASSESSMENT: "den enskilde har sökt kontakt med primärvården",
    Level.VISIT: (
        "remiss har utfärdats eller, om någon remiss inte är nödvändig, den enskilde har sökt "
        "kontakt med den specialiserade vården"
    ),
    Level.TREATMENT: "vårdgivaren har beslutat att den enskilde ska få den aktuella vården",
}
_START_EVENT: Final[dict[Level, StartEvent]] = {
    Level.CONTACT: StartEvent.CONTACT_SOUGHT,
    Level.ASSESSMENT: StartEvent.CONTACT_SOUGHT,
    Level.VISIT: StartEvent.REFERRAL,
    Level.TREATMENT: StartEvent.DECISION_TO_TREAT,
}
_DESCRIPTION: Final[dict[tuple[Level, int], str]] = {
    (Level.CONTACT, 0): "contact with primary care the same day (tillgänglighetsgaranti)",
    (Level.ASSESSMENT, 7): "a doctor visit in primary care within 7 days, if the caregiver "
    "judged one needed (besöksgaranti inom primärvården)",
    (Level.ASSESSMENT, 3): "a medical assessment by a doctor or other legitimated staff in "
    "primary care within 3 days, if needed and not possible at first contact "
    "(bedömningsgaranti)",
    (Level.VISIT, 90): "a first visit in specialised care within 90 days (besöksgaranti)",
    (Level.TREATMENT, 90): "planned care within 90 days of the decision (behandlingsgaranti)",
}
_LEVEL_POINT: Final = {Level.CONTACT: 1, Level.ASSESSMENT: 2, Level.VISIT: 3, Level.TREATMENT: 4}
_LISTING: Final = Citation(
    "HSL (2017:30) 9 kap. 1 § 2 st. (Lag 2022:273)", sfs="2017:30", kapitel=9, paragraf="1"
)


def _national_version(
    effective_from: date,
    effective_to: date | None,
    assessment_days: int,
    kind: RuleKind,
    cite: Mapping[Level, Citation],
    exclusions: frozenset[ExclusionReason],
    exclusion_citation: Citation,
    listing: bool,
    care_elsewhere: Citation,
) -> list[Rule]:
    rules = []
    for level, days in (
        (Level.CONTACT, 0),
        (Level.ASSESSMENT, assessment_days),
        (Level.VISIT, 90),
        (Level.TREATMENT, 90),
    ):
        ninety = level in (Level.VISIT, Level.TREATMENT)
        rules.append(
            Rule(
                id=f"national.{level.value}.{effective_from.isoformat()}",
                level=level,
                days=days,
                start_event=_START_EVENT[level],
                start_text=_START_TEXT[level],
                description=_DESCRIPTION[level, days],
                kind=kind,
                effective_from=effective_from,
                effective_to=effective_to,
                citation=cite[level],
                exclusion_reasons=exclusions if ninety else frozenset(),
                exclusion_citation=exclusion_citation if ninety else None,
                listing_citation=_LISTING if listing and not ninety else None,
                care_elsewhere_citation=care_elsewhere if ninety else None,
            )
        )
    return rules


_TWO: Final = frozenset({ExclusionReason.MOV, ExclusionReason.PVV})
#: HSF (2017:80) 6 kap. 1 § in the wording of Förordning (2018:1129), in force 2019-01-01.
_HSF_SINCE_2019: Final = {
    level: _hsf(point, note=" (Förordning 2018:1129)") for level, point in _LEVEL_POINT.items()
}
_THREE: Final = frozenset(ExclusionReason)
_AGREEMENT_CITATION: Final = Citation(_AGREEMENT_2005)

#: The national vårdgaranti, 2005-11-01 to today (HSL 2017:30 9 kap., HSF 2017:80 6 kap.).
NATIONAL: Final = RuleSet(
    name="national",
    description="The national vårdgaranti 0–3–90–90 (HSL 2017:30 9 kap., HSF 2017:80 6 kap.) "
    "and its predecessors from 2005-11-01",
    rules=tuple(
        _national_version(
            date(2005, 11, 1),
            date(2010, 6, 30),
            7,
            RuleKind.AGREEMENT,
            dict.fromkeys(_LEVEL_POINT, _AGREEMENT_CITATION),
            _TWO,
            _AGREEMENT_CITATION,
            listing=False,
            care_elsewhere=_CARE_ELSEWHERE_2005,
        )
        + _national_version(
            date(2010, 7, 1),
            date(2017, 3, 31),
            7,
            RuleKind.STATUTE,
            {level: _f2010(point) for level, point in _LEVEL_POINT.items()},
            _TWO,
            _f2010(paragraf="3", hsl=False),
            listing=False,
            care_elsewhere=_CARE_ELSEWHERE_2010,
        )
        + _national_version(
            date(2017, 4, 1),
            date(2018, 12, 31),
            7,
            RuleKind.STATUTE,
            {
                level: _hsf(point, note=" (lydelse före 2019-01-01)")
                for level, point in _LEVEL_POINT.items()
            },
            _THREE,
            _hsf(paragraf="2"),
            listing=False,
            care_elsewhere=_CARE_ELSEWHERE_2017,
        )
        + _national_version(
            date(2019, 1, 1),
            date(2022, 6, 30),
            3,
            RuleKind.STATUTE,
            _HSF_SINCE_2019,
            _THREE,
            _hsf(paragraf="2"),
            listing=False,
            care_elsewhere=_CARE_ELSEWHERE_2017,
        )
        + _national_version(
            date(2022, 7, 1),
            None,
            3,
            RuleKind.STATUTE,
            _HSF_SINCE_2019,
            _THREE,
            _hsf(paragraf="2"),
            listing=True,
            care_elsewhere=_CARE_ELSEWHERE_2017,
        )
    ),
)

_BUP_CITATION: Final = Citation(
    "Förstärkt vårdgaranti för BUP: överenskommelser mellan staten och SKR sedan 2011 "
    "(målsättning, inte lag; regeringen.se 2024-01)"
)
_BUP_FROM: Final = date(2011, 1, 1)

_BUP_EXCLUSION_CITATION: Final = Citation("vantetider.se: BUP, så läser du statistiken (exkl. PvV)")


def _bup_rule(level: Level, start_event: StartEvent, start_text: str, description: str) -> Rule:
    return Rule(
        id=f"bup.{level.value}.{_BUP_FROM.isoformat()}",
        level=level,
        days=30,
        start_event=start_event,
        start_text=start_text,
        description=description,
        kind=RuleKind.TARGET,
        effective_from=_BUP_FROM,
        effective_to=None,
        citation=_BUP_CITATION,
        exclusion_reasons=frozenset({ExclusionReason.PVV}),
        exclusion_citation=_BUP_EXCLUSION_CITATION,
    )


#: The BUP target 30 + 30 (+30): child and adolescent psychiatry, not statute.
BUP: Final = RuleSet(
    name="bup",
    description="Förstärkt vårdgaranti för barn- och ungdomspsykiatrin (BUP): a state–SKR "
    "target since 2011, not statute",
    rules=(
        _bup_rule(
            Level.FIRST_ASSESSMENT,
            StartEvent.REFERRAL,
            "remiss utfärdades eller den enskilde sökte kontakt med BUP",
            "a first assessment (första bedömning) within 30 days",
        ),
        _bup_rule(
            Level.DEEPENED_ASSESSMENT,
            StartEvent.FIRST_ASSESSMENT_DONE,
            "första bedömningen gjordes",
            "a deepened assessment (fördjupad utredning) within 30 days of the first",
        ),
        _bup_rule(
            Level.TREATMENT,
            StartEvent.ASSESSMENT_DONE,
            "första bedömningen eller den fördjupade utredningen gjordes",
            "treatment within 30 days of the first or deepened assessment",
        ),
    ),
)

_BUILTIN: Final = {"national": NATIONAL, "bup": BUP}


# -- regional overlays -------------------------------------------------------------------------


def rule_set(name_or_path: str | Path) -> RuleSet:
    """A built-in rule set by name (``national``, ``bup``) or an overlay loaded from a TOML file.

    Raises:
        RuleSetError: an unknown name, or a file that is not a valid overlay.
    """
    if isinstance(name_or_path, str) and name_or_path.strip().lower() in _BUILTIN:
        return _BUILTIN[name_or_path.strip().lower()]
    path = Path(name_or_path)
    if path.suffix.lower() != ".toml" and not path.exists():
        raise RuleSetError(
            f"unknown rule set {str(name_or_path)!r}; use national, bup or a path to a .toml file"
        )
    return load_rule_set(path)


def load_rule_set(path: str | Path) -> RuleSet:
    """Load a regional overlay from a TOML file.

    The file names the region, the rule set it extends and, per level, a shorter limit and the
    decision that set it::

        name = "Region Exempel"
        extends = "national"          # or "bup"
        from = 2024-05-01             # optional: cases starting on or after this date
        [levels.visit]
        days = 60
        source = "Regionfullmäktige 2024-05-01 § 12"

    A region may shorten a limit, never lengthen it (SKR; 1177): a longer limit than the
    national rule it would replace is a :class:`~vardgaranti.errors.RuleSetError`.

    Raises:
        RuleSetError: the file cannot be read or parsed, or breaks a rule above.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise RuleSetError(f"{path}: cannot read the rule file ({error.strerror})") from None
    except tomllib.TOMLDecodeError as error:
        raise RuleSetError(f"{path}: not valid TOML ({error})") from None
    except UnicodeDecodeError as error:
        raise RuleSetError(f"{path}: not UTF-8 text ({error.reason}); save it as UTF-8") from None
    return overlay_rule_set(data, origin=str(path))


def overlay_rule_set(data: Mapping[str, object], origin: str = "overlay") -> RuleSet:
    """Build a regional overlay from parsed TOML data (see :func:`load_rule_set`)."""

    def fail(message: str) -> RuleSetError:
        return RuleSetError(f"{origin}: {message}")

    unknown = set(data) - {"name", "extends", "from", "levels", "description"}
    if unknown:
        raise fail(f"unknown key(s) {', '.join(sorted(unknown))}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise fail("'name' (the region's name) is required")
    if name.strip().lower() in _BUILTIN:
        raise fail(f"'name' {name!r} is a built-in rule set's name; use the region's name")
    extends = data.get("extends", "national")
    if not isinstance(extends, str) or extends not in _BUILTIN:
        raise fail(f"'extends' must be one of {', '.join(_BUILTIN)}, not {extends!r}")
    base = _BUILTIN[extends]
    start = data.get("from")
    if isinstance(start, str):
        try:
            start = date.fromisoformat(start)
        except ValueError:
            raise fail(f"'from' must be a date (YYYY-MM-DD), not {start!r}") from None
    if start is not None and type(start) is not date:
        raise fail(f"'from' must be a date (YYYY-MM-DD), not {start!r}")
    levels = data.get("levels")
    if not isinstance(levels, dict) or not levels:
        raise fail("'levels' must have at least one [levels.NAME] table")
    overrides: dict[Level, tuple[int, str]] = {}
    for key, spec in levels.items():
        try:
            level = Level.parse(key)
        except UnknownLevelError as error:
            raise fail(str(error)) from None
        if level not in base.levels:
            raise fail(f"the {base.name} rule set has no level {level.value!r}")
        if level in overrides:
            raise fail(f"[levels.{key}] names the level {level.value!r} a second time")
        if not isinstance(spec, dict):
            raise fail(f"[levels.{key}] must be a table with 'days' and 'source'")
        extra = set(spec) - {"days", "source"}
        if extra:
            raise fail(f"[levels.{key}] has unknown key(s) {', '.join(sorted(extra))}")
        days = spec.get("days")
        source = spec.get("source")
        if not isinstance(days, int) or isinstance(days, bool) or days < 0:
            raise fail(f"[levels.{key}] 'days' must be a whole number of days >= 0, not {days!r}")
        if not isinstance(source, str) or not source.strip():
            raise fail(f"[levels.{key}] 'source' (the decision that set the limit) is required")
        overrides[level] = (days, source.strip())
    rules = _overlay_rules(base, name.strip(), overrides, start, fail)
    description = data.get("description")
    return RuleSet(
        name=name.strip(),
        description=description
        if isinstance(description, str)
        else f"{name.strip()}: regional limits over the {base.name} rule set",
        rules=tuple(rules),
    )


def _overlay_rules(
    base: RuleSet,
    region: str,
    overrides: Mapping[Level, tuple[int, str]],
    start: date | None,
    fail: Callable[[str], RuleSetError],
) -> Iterable[Rule]:
    for rule in base.rules:
        override = overrides.get(rule.level)
        ends_before = (
            start is not None and rule.effective_to is not None and rule.effective_to < start
        )
        if override is None or ends_before:
            yield rule
            continue
        days, source = override
        if days > rule.days:
            raise fail(
                f"{rule.level.value}: {days} days is longer than the {base.name} limit of "
                f"{rule.days} days ({rule.citation.text}) in force from "
                f"{rule.effective_from.isoformat()}; a region may shorten a limit, never "
                "lengthen it"
            )
        regional_from = rule.effective_from
        if start is not None and start > rule.effective_from:
            regional_from = start
            yield attrs.evolve(rule, effective_to=date.fromordinal(start.toordinal() - 1))
        yield attrs.evolve(
            rule,
            id=f"{region}.{rule.level.value}.{regional_from.isoformat()}",
            days=days,
            kind=RuleKind.REGIONAL,
            effective_from=regional_from,
            description=f"{region}: {days} days instead of {rule.days} ({rule.description})",
            citation=Citation(f"{source} ({region}); based on {rule.citation.text}"),
            base=rule,
        )
