"""Rule sets: which limit applies to which guarantee level, when, and by which law.

The rules are data: ``data/rules/national.toml`` and ``data/rules/bup.toml`` in the package
hold every rule, read and checked at import by the same loader that reads a region's overlay.
The national rule set is effective-dated: a case is judged by the version in force on the date
its clock starts. Every rule carries its citation (SFS number, kapitel, paragraf, punkt and the
wording in force).

* 2005-11-01: national agreement (not statute), 0–7–90–90; exclusions mov, pvv.
* 2010-07-01: HSL (1982:763) 3 g–3 i §§ and Förordning (2010:349), 0–7–90–90; mov, pvv.
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
import pkgutil
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from enum import StrEnum
from os import PathLike
from typing import Final, TypeVar

import attrs

from ._checks import named, path_exists
from ._dates import as_date, parse_date
from ._messages import check_lang
from ._messages import days as in_days
from ._text import echo, one_line, shown
from .errors import (
    InvalidTypeError,
    NoRuleInForceError,
    RuleSetError,
    UnknownLevelError,
    UnknownReasonError,
    VardgarantiError,
)

__all__ = [
    "BASED_ON",
    "BUP",
    "MAX_KEY_PARTS",
    "MAX_NESTING",
    "MAX_RULE_FILE_BYTES",
    "NATIONAL",
    "Citation",
    "ExclusionReason",
    "Level",
    "Rule",
    "RuleKind",
    "RuleSet",
    "StartEvent",
    "level_of",
    "load_rule_set",
    "overlay_rule_set",
    "read_data_file",
    "read_rule_file",
    "rule_set",
    "rule_set_from_data",
]

#: What joins a regional rule's own citation to the one it is based on (English, as the citation
#: is data; a Swedish text says ``grundat på``, :func:`~vardgaranti._explain.cited`).
BASED_ON: Final = "; based on "

#: The largest rule file (an overlay, or a built-in set) read, in bytes: 1 MiB. A real overlay
#: is well under 1 KB; a larger file is refused before it is parsed.
MAX_RULE_FILE_BYTES: Final = 1 << 20
#: The deepest nesting of arrays and inline tables (``[`` and ``{``) a rule file may have.
MAX_NESTING: Final = 32
#: The most parts a dotted key (``a.b.c``) of a rule file may have.
MAX_KEY_PARTS: Final = 64

#: The longest ``repr`` of a value an error message quotes.
_SHOW_LIMIT: Final = 60


def _days(count: int) -> str:
    """*count* days in words: ``1 day``, ``0 days``, ``90 days`` (a huge count cut short)."""
    return "1 day" if count == 1 else f"{_show(count)} days"


def _show(value: object) -> str:
    """The ``repr`` of *value* for an error message, cut short."""
    if isinstance(value, str) and len(value) > _SHOW_LIMIT:
        value = value[:_SHOW_LIMIT]
        return f"{value!r}…"
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # an int over 4,300 digits; a list nested too deep
        return f"<{type(value).__name__}>"
    return text if len(text) <= _SHOW_LIMIT else text[:_SHOW_LIMIT] + "…"


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
    #: Besöksgaranti: a visit in specialised care (HSF 6 kap. 1 § 3).
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

        The text is put in Unicode normal form NFC first, so ``besök`` written decomposed
        (``o`` followed by a combining diaeresis, as some editors and file systems write it) is
        read as ``besök``.

        Raises:
            UnknownLevelError: no level has that name.
        """
        if not isinstance(text, str):
            raise UnknownLevelError(f"a level is a name such as 'visit', not {_show(text)}")
        key = unicodedata.normalize("NFC", text).strip().lower()
        level = _LEVEL_WORDS.get(key.replace("_", "-").replace(" ", "-"))
        if level is None:
            raise UnknownLevelError(
                ("empty" if not key else f"unknown level {_show(text)}") + "; expected one of: "
                f"{', '.join(level for level in _NATIONAL_LEVELS)}"
                " (or the Swedish kontakt, bedömning, besök, behandling); under the BUP target: "
                f"{', '.join(level for level in Level if level not in _NATIONAL_LEVELS)}"
            )
        return level


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def level_of(value: Level | str) -> Level:
    """A level given as a :class:`Level` or its name (``field``: ``level`` in an error).

    Raises:
        InvalidTypeError: *value* is neither a :class:`Level` nor text.
        UnknownLevelError: no level has that name.
    """
    if isinstance(value, Level):
        return value
    if not isinstance(value, str):
        raise InvalidTypeError(
            f"a level is a name such as 'visit' (or a Level), not {type(value).__name__} "
            f"{echo(value)}",
            field="level",
        )
    try:
        return Level.parse(value)
    except VardgarantiError as error:
        raise error.about(error.field or "level") from None


#: The levels of the national guarantee (the others are the BUP target's).
_NATIONAL_LEVELS: Final = (Level.CONTACT, Level.ASSESSMENT, Level.VISIT, Level.TREATMENT)

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
    unicodedata.normalize("NFC", word): level
    for word, level in {
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
    }.items()
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
        """Read a reason code (``mov``, ``pvv`` or ``region``; case-insensitive, NFC).

        Raises:
            UnknownReasonError: not one of the three.
        """
        if not isinstance(text, str):
            raise UnknownReasonError(f"a reason is mov, pvv or region, not {_show(text)}")
        try:
            return cls(unicodedata.normalize("NFC", text).strip().lower())
        except ValueError:
            raise UnknownReasonError(
                f"unknown exclusion reason {_show(text)}; expected one of: mov, pvv, region"
            ) from None


class RuleKind(StrEnum):
    """What kind of authority a rule has.

    The national visit rule was an agreement until the statute of 2010-07-01:

    >>> from datetime import date
    >>> [NATIONAL.rule_for("visit", d).kind.value for d in (date(2010, 6, 30), date(2010, 7, 1))]
    ['agreement', 'statute']
    """

    #: Binding law or ordinance (SFS).
    STATUTE = "statute"
    #: An agreement between the state and the regions' association; not law.
    AGREEMENT = "agreement"
    #: A policy target; not a deadline anyone can enforce.
    TARGET = "target"
    #: A region's own, shorter limit.
    REGIONAL = "regional"


class StartEvent(StrEnum):
    """The event that starts a rule's clock.

    Treatment counts from the decision to treat by law, but from the assessment under BUP:

    >>> from datetime import date
    >>> NATIONAL.rule_for("treatment", date(2025, 3, 1)).start_event.value
    'decision-to-treat'
    >>> BUP.rule_for("treatment", date(2025, 3, 1)).start_event
    <StartEvent.ASSESSMENT_DONE: 'assessment-done'>
    """

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

    The wording (``lydelse``) follows the rule version: the 7-day doctor visit before
    2019-01-01, the 3-day assessment of Förordning 2018:1129 from then.

    >>> from datetime import date
    >>> citation = NATIONAL.rule_for(Level.ASSESSMENT, date(2019, 1, 1)).citation
    >>> str(citation), citation.punkt, citation.lydelse
    ('HSF (2017:80) 6 kap. 1 § 2 (Förordning 2018:1129)', 2, 'Förordning 2018:1129')
    >>> NATIONAL.rule_for(Level.ASSESSMENT, date(2018, 12, 31)).citation.lydelse
    'före 2019-01-01'

    Attributes:
        text: the citation as a reader would write it, e.g. ``"HSF (2017:80) 6 kap. 1 § 3"``.
        sfs: the SFS number of a statute (``"2017:80"``), or ``None`` for an agreement,
            a target or a regional decision.
        kapitel: the chapter, if the statute has chapters.
        paragraf: the section, e.g. ``"1"`` or ``"3 g"``.
        punkt: the numbered point within the section.
        lydelse: the wording in force, when the citation names one: the amending act
            (``"Förordning 2018:1129"``) or a period (``"före 2019-01-01"``); ``None`` when not
            applicable.
        sources: the citation without the library's reading in it (a *tolkning*: where the
            sources are silent, what the library applies, and from where), which is what a
            letter to a patient cites; ``None``: the text holds no reading; ``""``: the whole
            citation is a reading, with no source of its own.
    """

    text: str
    sfs: str | None = None
    kapitel: int | None = None
    paragraf: str | None = None
    punkt: int | None = None
    lydelse: str | None = None
    sources: str | None = None

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
            "lydelse": self.lydelse,
            "sources": self.sources,
        }


@attrs.frozen
class Rule:
    """One limit of one level, in force for a period.

    A case is judged by the rule in force on the day its clock starts:

    >>> from datetime import date
    >>> rule = NATIONAL.rule_for(Level.ASSESSMENT, date(2018, 12, 31))
    >>> rule.id, rule.days, rule.in_force(date(2019, 1, 1))
    ('national.assessment.2017-04-01', 7, False)
    >>> NATIONAL.rule_for(Level.CONTACT, date(2025, 3, 1)).roll_forward  # "samma dag": no period
    False

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
        exclusion_citation: the source of those exclusions (with none: the source saying
            the level has none, when known).
        listing_citation: when set, the level applies only if the patient is listed with
            the provider (HSL 9 kap. 1 § 2 st.).
        base: for a regional rule, the rule it shortens; for a BUP target the law also covers,
            the statutory rule beneath it (which its duty of care elsewhere follows).
        care_elsewhere_citation: what obliges care with another provider when this limit is
            missed (the 90-day steps only; the law in force for the rule's period).
        promise: what the guarantee promises, in Swedish as the statute words it (``en
            medicinsk bedömning av läkare …``; empty: not given), for the Swedish explanation.
        promise_end: the statute's words after the start, for the Swedish explanation: its
            condition, if any, and the guarantee's name (``, om vårdgivaren har bedömt …
            (bedömningsgaranti inom primärvården)``; empty: not given). A regional rule adds
            its own limit in place of the statute's.
        limit_text: the limit in the statute's words where it writes the number out (HSF 6
            kap. 1 § 2: ``tre dagar``), for the Swedish explanation; empty: in figures (``inom
            90 dagar``, as the statutes write the others). A regional rule has none.
        version: the first and last day the rule's own text was in force, where the rule
            set governs only part of that period with it (``None``: the effective dates): each
            part of the BUP target beneath one version of the law is the target of 2011-01-01;
            a national rule that a region's limit replaces from a day did not end that day.
            See :attr:`in_force_dates`.
        roll_forward: whether Lag (1930:173) 2 § can move this rule's deadline to the next
            vardag. It covers "den tid, då enligt lag eller särskild författning en åtgärd
            senast ska vidtas": true for the national statute rules with a period (days > 0);
            false for the 2005 agreement and the BUP target (not statute), the 0-day contact
            level ("samma dag": no period to move) and regional rules (a region's decision is
            not lag or författning; the national rule in ``base`` keeps its own value).
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
    roll_forward: bool = False
    promise: str = ""
    promise_end: str = ""
    limit_text: str = ""
    version: tuple[date, date | None] | None = None

    def in_force(self, day: date) -> bool:
        """Whether a case starting on *day* falls under this rule.

        Args:
            day: the day the case's clock starts.

        Returns:
            ``True`` when *day* is on or after :attr:`effective_from` and, unless the rule is
            still in force, on or before :attr:`effective_to`.

        Raises:
            DateTypeError: *day* is not a date or an aware datetime (field ``day``).
        """
        if type(day) is not date:  # (an aware datetime: its day in Stockholm)
            day = as_date(day, "day")
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )

    @property
    def statutory(self) -> Rule:
        """The rule beneath a regional one (following ``base`` down), else the rule itself."""
        rule = self
        while rule.base is not None:
            rule = rule.base
        return rule

    @property
    def is_target(self) -> bool:
        """Whether the limit is a target, not law: this rule or one it rests on is a target.

        The BUP target is one; its statutory ``base`` (the law's 90 days beneath it) is not.
        """
        rule: Rule | None = self
        while rule is not None:
            if rule.kind is RuleKind.TARGET:
                return True
            rule = rule.base
        return False

    @property
    def in_force_dates(self) -> tuple[date, date | None]:
        """The first and last day the rule's text was in force (``None``: still in force).

        The effective dates, unless the rule set uses the rule for part of that period only
        (:attr:`version`): the BUP target has been 30 days since 2011, whichever version of the
        law lies beneath it.

        >>> rule = BUP.rule_for(Level.FIRST_ASSESSMENT, date(2025, 3, 1))
        >>> rule.effective_from, rule.in_force_dates
        (datetime.date(2022, 7, 1), (datetime.date(2011, 1, 1), None))
        """
        if self.version is not None:
            return self.version
        return self.effective_from, self.effective_to

    @property
    def care_elsewhere_applies(self) -> bool:
        """Whether missing this limit obliges care with another caregiver.

        That duty (HSL 2017:30 9 kap. 2 § and its predecessors) belongs to the national
        90-day steps, the rules with a ``care_elsewhere_citation``. A regional rule's duty
        follows the national rule it shortens, and a BUP target's the statutory rule beneath
        it (first assessment and treatment; the deepened assessment has none).
        """
        return self.statutory.care_elsewhere_citation is not None

    def as_dict(self) -> dict[str, object]:
        """The rule as JSON-ready data (dates as ISO strings)."""
        return {
            "id": self.id,
            "level": self.level.value,
            "days": self.days,
            "start_event": self.start_event.value,
            "start": self.start_text,
            "description": self.description,
            "promise": self.promise,
            "promise_end": self.promise_end,
            "limit_text": self.limit_text,
            "kind": self.kind.value,
            "effective_from": self.effective_from.isoformat(),
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "in_force_from": self.in_force_dates[0].isoformat(),
            "in_force_to": _iso(self.in_force_dates[1]),
            "citation": self.citation.text,
            "citation_parts": self.citation.as_dict(),
            "exclusion_reasons": sorted(reason.value for reason in self.exclusion_reasons),
            "exclusion_citation": self.exclusion_citation.text if self.exclusion_citation else None,
            "listing_citation": self.listing_citation.text if self.listing_citation else None,
            "base": self.base.id if self.base else None,
            "care_elsewhere_citation": (
                self.care_elsewhere_citation.text if self.care_elsewhere_citation else None
            ),
            "roll_forward": self.roll_forward,
        }


@attrs.frozen(repr=False)
class RuleSet:
    """A named, effective-dated collection of rules.

    >>> from datetime import date
    >>> NATIONAL.rule_for(Level.ASSESSMENT, date(2018, 12, 31)).days
    7
    >>> NATIONAL.rule_for(Level.ASSESSMENT, date(2019, 1, 1)).days
    3

    Its ``repr`` is short (it is the default of many signatures); :attr:`rules` holds the rules:

    >>> NATIONAL  # doctest: +ELLIPSIS
    RuleSet(name='national', rules=<... rules for contact, assessment, visit, treatment>)
    """

    name: str
    description: str
    rules: tuple[Rule, ...]
    #: the description in Swedish, where the rule set gives one (``description_sv``)
    description_sv: str | None = None
    _by_level: dict[Level, tuple[list[date], tuple[Rule, ...]]] = attrs.field(
        init=False, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        for field, value in (("name", self.name), ("description", self.description)):
            if not isinstance(value, str):
                raise InvalidTypeError(f"must be text, not {echo(value)}", field=field)
        if self.description_sv is not None and not isinstance(self.description_sv, str):
            raise InvalidTypeError(
                f"must be text or None, not {echo(self.description_sv)}", field="description_sv"
            )
        if not isinstance(self.rules, tuple) or not all(
            isinstance(rule, Rule) for rule in self.rules
        ):  # (None, a list, or a tuple holding something else: said, not an AttributeError)
            raise InvalidTypeError(
                f"must be a tuple of Rule, not {echo(self.rules)}", field="rules"
            )
        by_level: dict[Level, list[Rule]] = {}
        for rule in sorted(self.rules, key=lambda r: (_LEVEL_ORDER[r.level], r.effective_from)):
            by_level.setdefault(rule.level, []).append(rule)
        index = {
            level: ([r.effective_from for r in rules], tuple(rules))
            for level, rules in by_level.items()
        }
        object.__setattr__(self, "_by_level", index)

    def __repr__(self) -> str:
        levels = ", ".join(level.value for level in self._by_level)
        return f"RuleSet(name={self.name!r}, rules=<{len(self.rules)} rules for {levels}>)"

    @property
    def levels(self) -> tuple[Level, ...]:
        """The levels this rule set has rules for."""
        return tuple(self._by_level)

    def rule_for(self, level: Level | str, start: date) -> Rule:
        """The rule for *level* (a :class:`Level` or its name) in force on *start*.

        >>> NATIONAL.rule_for("besök", date(2025, 3, 1)).id
        'national.visit.2022-07-01'

        Args:
            level: the guarantee level: a :class:`Level`, or its English or Swedish name.
            start: the day the case's clock starts.

        Returns:
            The rule for *level* whose period of effect covers *start*.

        Raises:
            UnknownLevelError: no level has that name, or the rule set has no rules for it.
            NoRuleInForceError: none of its rules for *level* was in force on *start*.
            InvalidTypeError: *level* is neither a :class:`Level` nor text.
            DateTypeError: *start* is not a date (field ``start``).
        """
        if not isinstance(level, Level):
            level = level_of(level)
        if type(start) is not date:
            start = as_date(start, "start")
        entry = self._by_level.get(level)
        if entry is None:
            # (a built-in set's level asked of another: say which one has it)
            other = next(
                (
                    rules.name
                    for rules in (NATIONAL, BUP)
                    if level in rules._by_level and rules.name != self.name
                ),
                None,
            )  # (a set of one's own named "bup" without the level: no pointer to "bup")
            raise UnknownLevelError(
                f"the {self.name} rule set has no level {level.value!r}; its levels are: "
                + ", ".join(level.value for level in self.levels)
                + (
                    ""
                    if other is None
                    else f" ({level.value!r} is a level of the {other} rule set)"
                ),
                field="level",
            )
        starts, rules = entry
        position = bisect.bisect_right(starts, start) - 1
        if position < 0 or not rules[position].in_force(start):
            first = rules[0].effective_from.isoformat()
            raise NoRuleInForceError(
                f"no {self.name} rule for {level.value!r} was in force on {start.isoformat()} "
                f"(the first took effect {first})",
                field="start",
            )
        return rules[position]

    def description_in(self, lang: str) -> str:
        """The description in *lang* (``sv`` or ``en``).

        Args:
            lang: ``sv`` or ``en``.

        Returns:
            :attr:`description_sv` for ``sv`` when the rule set has one, else
            :attr:`description`.

        Raises:
            InvalidValueError: *lang* is not ``sv`` or ``en`` (its field is ``lang``).

        >>> NATIONAL.description_in("sv")[:37]
        'Den nationella vårdgarantin 0–3–90–90'
        """
        return (
            self.description_sv
            if check_lang(lang) == "sv" and self.description_sv
            else (self.description)
        )

    def rules_in_force(self, on: date) -> tuple[Rule, ...]:
        """Every rule in force on *on*, one per level at most, in level order.

        Args:
            on: the day (a case's start).

        Returns:
            The rules in force on *on*; empty when none of the rule set's rules is.

        Raises:
            DateTypeError: *on* is not a date (field ``on``).
        """
        if type(on) is not date:
            on = as_date(on, "on")
        return tuple(
            rules[position]
            for starts, rules in self._by_level.values()
            if (position := bisect.bisect_right(starts, on) - 1) >= 0
            and rules[position].in_force(on)
        )


# -- reading rule files ------------------------------------------------------------------------

#: What the structure scan looks at: strings and comments (skipped whole), brackets, dots, and
#: ``=`` and ``,``, which end a dotted key. Each alternative is linear: no backtracking.
_SCAN: Final = re.compile(
    r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*(?:"{3,5}|\\?\Z)'  # multi-line basic string
    r"|'''(?:[^']|'(?!''))*(?:'{3,5}|\Z)"  # multi-line literal string
    r'|"(?:[^"\\\n]|\\.)*"?'  # basic string
    r"|'[^'\n]*'?"  # literal string
    r"|#[^\n]*"  # comment
    r"|[\[\]{}.=,]"
)
#: Control characters (and the Unicode line and paragraph separators): not in one-line text.
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+")
_SFS: Final = re.compile(r"\d{4}:\d+")


def _check_structure(text: str, origin: str, kind: str = "rule file") -> None:
    """Refuse nesting and dotted keys that would make the TOML parser recurse or blow up.

    ``tomllib`` recurses once per nested array or inline table (2,000 levels: RecursionError)
    and is quadratic in the parts of a dotted key (100,000 parts: out of memory). This scan
    bounds both before parsing, in one pass of a regular expression, stopping at the first
    excess. A value's dot (``1.5``) may count towards the next key's parts: harmless at 64.
    """
    depth = 0
    dots = 0
    for index, token in enumerate(_SCAN.findall(text)):
        first = token[0]
        if first in "[{":
            depth += 1
            dots = 0
            if depth > MAX_NESTING:
                raise RuleSetError(
                    f"{origin}: line {_line(text, index)}: arrays or tables nested more than "
                    f"{MAX_NESTING} deep; a {kind} needs no more than a few levels"
                )
        elif first in "]}":
            depth = max(depth - 1, 0)
            dots = 0
        elif first == ".":
            dots += 1
            if dots >= MAX_KEY_PARTS:
                raise RuleSetError(
                    f"{origin}: line {_line(text, index)}: a dotted key with more than "
                    f"{MAX_KEY_PARTS} parts; a {kind} needs no more than a few"
                )
        elif first in "=,":
            dots = 0


def _line(text: str, index: int) -> int:
    """The line of the *index*-th token of :data:`_SCAN` in *text* (for an error only)."""
    for position, match in enumerate(_SCAN.finditer(text)):
        if position == index:
            return text.count("\n", 0, match.start()) + 1
    return text.count("\n") + 1  # pragma: no cover - index is always a token's


def read_data_file(path: str | PathLike[str]) -> bytes:
    """The bytes of a small data file: a rule file, a profile, a method or travel rules.

    At most :data:`MAX_RULE_FILE_BYTES` and one more are read, so that a larger one is refused.

    A named pipe is opened without waiting for a program to write to it; then its first data
    is waited for up to :data:`PIPE_WAIT_SECONDS` (a pipe a program writes to, as the shell's
    ``<(...)``, or one whose writer starts a moment later, reads in full): the command does not
    wait for ever. ``/dev/zero`` ends at the limit.

    Raises:
        OSError: the file cannot be opened or read, or no program wrote to the pipe in time.
        ValueError: a NUL in the path.
    """
    import os
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        if stat.S_ISFIFO(os.fstat(descriptor).st_mode):
            _wait_for_data(descriptor)
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)  # (the pipe's data, once opened, is waited for)
        handle = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    with handle:
        return handle.read(MAX_RULE_FILE_BYTES + 1)


#: How long a data file that is a named pipe is waited for, for its first data.
PIPE_WAIT_SECONDS: float = 10.0


def _wait_for_data(descriptor: int) -> None:
    """Wait up to :data:`PIPE_WAIT_SECONDS` for a pipe's first data (or its writer's end).

    Raises:
        OSError: nothing came (``ETIMEDOUT``): no program writes to the pipe.
    """
    import errno
    import select

    if not hasattr(select, "poll"):  # pragma: no cover - not POSIX (no named pipes to read)
        return
    watch = select.poll()
    watch.register(descriptor, select.POLLIN | select.POLLHUP)
    if not watch.poll(int(PIPE_WAIT_SECONDS * 1000)):
        raise OSError(
            errno.ETIMEDOUT,
            f"a named pipe no program wrote to within {PIPE_WAIT_SECONDS:g} seconds",
        )


def read_rule_file(data: bytes, origin: str, kind: str = "rule file") -> dict[str, object]:
    r"""Parse the bytes of a rule file (TOML, UTF-8) within the limits for rule files.

    Refused, each with a one-line :class:`~vardgaranti.errors.RuleSetError` naming *origin*:
    more than ``MAX_RULE_FILE_BYTES`` bytes (before parsing), text that is not UTF-8, arrays
    or inline tables nested deeper than ``MAX_NESTING``, a dotted key with more than
    ``MAX_KEY_PARTS`` parts, and anything the TOML parser fails on (including running out
    of stack or memory). A UTF-8 byte-order mark is allowed. A refused file whose first line
    looks like a table's header (cells between ``;``, ``,`` or tabs, no ``=``: a waiting list
    given for a profile) is said to be no TOML file first, the reason after.

    >>> read_rule_file(b"id;level;start\nA;visit;2025-01-02\n", "list.csv", "profile")
    Traceback (most recent call last):
    ...
    vardgaranti.errors.RuleSetError: list.csv: not a TOML file, as a profile is (...)

    Args:
        data: the file's bytes.
        origin: its name, for the errors.
        kind: what the file is to be (``rule file``, ``profile``, ``method file``, ``travel
            rules file``), for the errors.

    Raises:
        RuleSetError: the file breaks one of the limits or is not valid TOML.
    """
    try:
        return _read_rule_file(data, origin, kind)
    except RuleSetError as error:
        first = _first_line(data)
        if first is None or "=" in first or first.startswith(("[", "#")):
            raise  # (TOML, or nothing like a table: the reason alone says it)
        if not any(mark in first for mark in ";,\t"):
            raise
        reason = str(error).removeprefix(f"{origin}: ")
        raise RuleSetError(
            f"{origin}: not a TOML file, as a {kind} is (its first line looks like a table's "
            f"header: {echo(first[:60])}; {reason})"
        ) from None


def _first_line(data: bytes) -> str | None:
    """The first line of *data* with any text, stripped (``None``: none in the first 64 KiB)."""
    for line in data[: 64 << 10].decode("utf-8", "replace").removeprefix("\ufeff").splitlines():
        if line.strip():
            return line.strip()
    return None


def _read_rule_file(data: bytes, origin: str, kind: str) -> dict[str, object]:
    if len(data) > MAX_RULE_FILE_BYTES:
        raise RuleSetError(
            f"{origin}: larger than {MAX_RULE_FILE_BYTES} bytes (1 MiB), the limit for a "
            f"{kind}, which is a few lines of TOML"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RuleSetError(f"{origin}: not UTF-8 text ({error.reason}); save it as UTF-8") from None
    text = text.removeprefix("\ufeff")
    _check_structure(text, origin, kind)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RuleSetError(f"{origin}: not valid TOML ({_one_line(str(error))})") from None
    except (RecursionError, MemoryError) as error:
        raise RuleSetError(
            f"{origin}: too deeply nested or too large to parse ({type(error).__name__})"
        ) from None
    except ValueError as error:  # e.g. an integer of more than 4,300 digits
        raise RuleSetError(f"{origin}: not valid TOML ({_one_line(str(error))})") from None


def _one_line(text: str) -> str:
    return _CONTROL.sub(" ", text)[:200]


def _key(name: str) -> str:
    """A key as TOML would write it in a dotted path: bare if it can be, else quoted."""
    return name if _BARE_KEY.fullmatch(name) else _show(name)


_T = TypeVar("_T")


@attrs.frozen
class _Checker:
    """Checks parsed rule-file data; every error names the file and the key path.

    An error reads ``FILE: PATH: 'KEY' must be ...``, e.g.
    ``national.toml: rules[3]: 'days' must be a whole number >= 0, not 'x'``.
    """

    origin: str

    def error(self, where: str, message: str) -> RuleSetError:
        return RuleSetError(
            f"{self.origin}: {where}: {message}" if where else f"{self.origin}: {message}"
        )

    def table(self, value: object, where: str, what: str) -> Mapping[str, object]:
        """*value* as a table whose keys are all text."""
        if not isinstance(value, Mapping):
            raise self.error(where, f"must be a table ({what}), not {_show(value)}")
        for key in value:
            if not isinstance(key, str):
                place = f"{where}: " if where else ""
                raise InvalidTypeError(
                    f"{self.origin}: {place}the key {_show(key)} is not text; rule data is "
                    "parsed TOML, whose keys are text"
                )
        return value

    def keys(
        self,
        table: Mapping[str, object],
        where: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> None:
        """Refuse unknown keys and missing required ones."""
        required = tuple(required)
        allowed = {*required, *optional}
        unknown = [key for key in table if key not in allowed]
        if unknown:
            raise self.error(
                where,
                f"unknown key(s) {', '.join(_key(key) for key in unknown[:5])}; "
                f"expected: {', '.join(sorted(allowed))}",
            )
        for key in required:
            if key not in table:
                raise self.error(where, f"{key!r} is required")

    def text(self, table: Mapping[str, object], key: str, where: str) -> str:
        """A required line of text (not blank, no control characters)."""
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.error(where, f"{key!r} must be text, not {_show(value)}")
        if not one_line(value):  # (a control character, a line break or a bidi control)
            raise self.error(where, f"{key!r} must be one line without control characters")
        return value

    def optional_text(self, table: Mapping[str, object], key: str, where: str) -> str | None:
        return self.text(table, key, where) if key in table else None

    def whole(self, table: Mapping[str, object], key: str, where: str, minimum: int) -> int:
        value = table.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self.error(
                where, f"{key!r} must be a whole number >= {minimum}, not {_show(value)}"
            )
        return value

    def flag(self, table: Mapping[str, object], key: str, where: str) -> bool:
        value = table.get(key)
        if not isinstance(value, bool):
            raise self.error(where, f"{key!r} must be true or false, not {_show(value)}")
        return value

    def day(self, table: Mapping[str, object], key: str, where: str) -> date:
        value = table.get(key)
        if type(value) is not date:
            raise self.error(where, f"{key!r} must be a TOML date (YYYY-MM-DD), not {_show(value)}")
        return value

    def choice(
        self,
        table: Mapping[str, object],
        key: str,
        where: str,
        parse: Callable[[str], _T],
        choices: Iterable[str],
    ) -> _T:
        """*table[key]* read by *parse*; an unknown value names the choices."""
        value = table.get(key)
        if isinstance(value, str):
            try:
                return parse(value)
            except ValueError:
                pass
        raise self.error(where, f"{key!r} must be one of {', '.join(choices)}, not {_show(value)}")


_RULE_SET_KEYS: Final = ("name", "description", "citations", "rules")
_CITATION_KEYS: Final = ("sfs", "kapitel", "paragraf", "punkt", "lydelse", "sources")
#: The word that marks the library's reading in a citation's text (:attr:`Citation.sources`).
_READING: Final = "tolkning"
_RULE_REQUIRED: Final = (
    "level",
    "days",
    "kind",
    "effective_from",
    "start_event",
    "start_text",
    "description",
    "citation",
    "roll_forward",
)
_RULE_OPTIONAL: Final = (
    "effective_to",
    "exclusion_reasons",
    "exclusion_citation",
    "listing_citation",
    "care_elsewhere_citation",
    "promise",
    "promise_end",
    "limit_text",
)


def _citation(check: _Checker, value: object, where: str) -> Citation:
    table = check.table(value, where, "a citation with 'text'")
    check.keys(table, where, ("text",), _CITATION_KEYS)
    sfs = check.optional_text(table, "sfs", where)
    if sfs is not None and not _SFS.fullmatch(sfs):
        raise check.error(where, f"'sfs' must be an SFS number such as '2017:80', not {_show(sfs)}")
    text = check.text(table, "text", where)
    sources = table.get("sources")
    if sources is None:
        if _READING in text.casefold():
            raise check.error(
                where,
                f"a citation that holds the library's reading ({_READING!r}) must give 'sources': "
                "the citation without it, for letters to patients ('' when it has none)",
            )
    elif not isinstance(sources, str) or (sources and not one_line(sources)):
        raise check.error(
            where, f"'sources' must be one line of text (or ''), not {_show(sources)}"
        )
    elif _READING in sources.casefold():
        raise check.error(where, f"'sources' must leave out the library's reading ({_READING!r})")
    return Citation(
        text,
        sfs=sfs,
        kapitel=check.whole(table, "kapitel", where, 1) if "kapitel" in table else None,
        paragraf=check.optional_text(table, "paragraf", where),
        punkt=check.whole(table, "punkt", where, 1) if "punkt" in table else None,
        lydelse=check.optional_text(table, "lydelse", where),
        sources=sources,
    )


def rule_set_from_data(data: Mapping[str, object], origin: str) -> RuleSet:
    """Build a complete rule set (the format of the built-in ``data/rules/*.toml``).

    The data has ``name``, ``description``, a table ``citations`` of named citations, and an
    array ``rules`` of tables, each naming its citations by key; ``national.toml`` describes
    every key. Checked: unknown and missing keys, types, levels, start events, kinds, exclusion
    reasons, citation references (and unused citations), ``roll_forward`` only on statute rules
    with days > 0, and per level effective dates in order without overlap.

    Raises:
        RuleSetError: the data breaks one of the checks; one line naming *origin* and the key.
        InvalidTypeError: *data* or one of its tables has a key that is not text.
    """
    check = _Checker(origin)
    top = check.table(data, "", "a rule set")
    check.keys(top, "", _RULE_SET_KEYS, ("description_sv",))
    name = check.text(top, "name", "")
    description = check.text(top, "description", "")
    description_sv = check.text(top, "description_sv", "") if "description_sv" in top else None
    cited = check.table(top["citations"], "citations", "of named citations")
    citations = {
        key: _citation(check, value, f"citations.{_key(key)}") for key, value in cited.items()
    }
    used: set[str] = set()

    def cite(table: Mapping[str, object], key: str, where: str) -> Citation | None:
        if key not in table:
            return None
        reference = check.text(table, key, where)
        if reference not in citations:
            raise check.error(
                where, f"{key!r} names {_show(reference)}, which is not a key of [citations]"
            )
        used.add(reference)
        return citations[reference]

    entries = top["rules"]
    if not isinstance(entries, list) or not entries:
        raise check.error("rules", "must be a non-empty array of tables ([[rules]])")
    rules: list[Rule] = []
    latest: dict[Level, tuple[str, Rule]] = {}
    for index, entry in enumerate(entries):
        where = f"rules[{index}]"
        table = check.table(entry, where, "one rule")
        check.keys(table, where, _RULE_REQUIRED, _RULE_OPTIONAL)
        level = check.choice(table, "level", where, Level, (level.value for level in Level))
        kind = check.choice(table, "kind", where, RuleKind, (kind.value for kind in RuleKind))
        if kind is RuleKind.REGIONAL:
            raise check.error(where, "'kind' regional is for a region's overlay, not a rule set")
        days = check.whole(table, "days", where, 0)
        effective_from = check.day(table, "effective_from", where)
        effective_to = check.day(table, "effective_to", where) if "effective_to" in table else None
        if effective_to is not None and effective_to < effective_from:
            raise check.error(
                where,
                f"'effective_to' {effective_to.isoformat()} is before 'effective_from' "
                f"{effective_from.isoformat()}",
            )
        reasons_value = table.get("exclusion_reasons", [])
        if not isinstance(reasons_value, list):
            raise check.error(
                where, f"'exclusion_reasons' must be a list of reasons, not {_show(reasons_value)}"
            )
        reasons: set[ExclusionReason] = set()
        for position, reason in enumerate(reasons_value):
            try:
                parsed = ExclusionReason.parse(reason)
            except UnknownReasonError as error:
                raise check.error(f"{where}.exclusion_reasons[{position}]", str(error)) from None
            if parsed in reasons:
                raise check.error(where, f"'exclusion_reasons' names {parsed.value!r} twice")
            reasons.add(parsed)
        exclusion_citation = cite(table, "exclusion_citation", where)
        if reasons and exclusion_citation is None:
            raise check.error(where, "'exclusion_reasons' needs an 'exclusion_citation'")
        roll_forward = check.flag(table, "roll_forward", where)
        if roll_forward and (kind is not RuleKind.STATUTE or days == 0):
            raise check.error(
                where,
                "'roll_forward' must be false: Lag (1930:173) 2 § moves only a period set by "
                "lag eller särskild författning (kind statute, days > 0)",
            )
        citation = cite(table, "citation", where)
        assert citation is not None  # required: check.keys
        rule = Rule(
            id=f"{name}.{level.value}.{effective_from.isoformat()}",
            level=level,
            days=days,
            start_event=check.choice(
                table, "start_event", where, StartEvent, (event.value for event in StartEvent)
            ),
            start_text=check.text(table, "start_text", where),
            description=check.text(table, "description", where),
            kind=kind,
            effective_from=effective_from,
            effective_to=effective_to,
            citation=citation,
            exclusion_reasons=frozenset(reasons),
            exclusion_citation=exclusion_citation,
            listing_citation=cite(table, "listing_citation", where),
            care_elsewhere_citation=cite(table, "care_elsewhere_citation", where),
            roll_forward=roll_forward,
            promise=check.optional_text(table, "promise", where) or "",
            promise_end=check.optional_text(table, "promise_end", where) or "",
            limit_text=check.optional_text(table, "limit_text", where) or "",
        )
        previous = latest.get(level)
        if previous is not None:
            _check_follows(check, where, rule, *previous)
        latest[level] = (where, rule)
        rules.append(rule)
    unused = sorted(set(citations) - used)
    if unused:
        raise check.error(
            f"citations.{_key(unused[0])}", "is not used by any rule; remove it or cite it"
        )
    return RuleSet(
        name=name, description=description, rules=tuple(rules), description_sv=description_sv
    )


def _check_follows(check: _Checker, where: str, rule: Rule, earlier_at: str, earlier: Rule) -> None:
    """Refuse a rule that does not start after the previous rule of its level ends."""
    level = rule.level.value
    start = rule.effective_from.isoformat()
    if rule.effective_from <= earlier.effective_from:
        raise check.error(
            where,
            f"the {level} rules must be in date order: this one starts {start}, not after "
            f"{earlier_at} ({earlier.effective_from.isoformat()})",
        )
    if earlier.effective_to is None or rule.effective_from <= earlier.effective_to:
        end = earlier.effective_to.isoformat() if earlier.effective_to else "open-ended"
        raise check.error(
            where,
            f"'effective_from' {start} overlaps {earlier_at}, the {level} rule in force "
            f"{earlier.effective_from.isoformat()} to {end}",
        )


def _builtin(name: str) -> RuleSet:
    """The built-in rule set *name*, from ``data/rules/NAME.toml`` in the package.

    The file is read through the package's loader (:func:`pkgutil.get_data`), which works from
    a directory or a zip file alike, as :mod:`importlib.resources` does; importing that module
    would add about 3 ms to every ``import vardgaranti``.
    """
    origin = f"{name}.toml"
    data = pkgutil.get_data(__package__ or "vardgaranti", f"data/rules/{origin}")
    if data is None:  # pragma: no cover - a loader without get_data
        raise RuleSetError(f"{origin}: the package's loader cannot read its data files")
    loaded = rule_set_from_data(read_rule_file(data, origin), origin)
    if loaded.name != name:
        raise RuleSetError(f"{origin}: 'name' must be {name!r}, the file's name")
    return loaded


#: The national vårdgaranti, 2005-11-01 to today (HSL 2017:30 9 kap., HSF 2017:80 6 kap.).
NATIONAL: Final = _builtin("national")


def _beneath(target: RuleSet, law: RuleSet, steps: Mapping[Level, Level]) -> RuleSet:
    """*target* with the statutory rule of *law* beneath each of its *steps*, as ``base``.

    A target that the law also covers keeps its own limit, and its duty of care elsewhere
    follows the statutory rule in force on the case's start (as a regional rule's does): each
    target rule is split where *law*'s rule for the step changes, and each part takes the law's
    rule of its period as ``base``. The first part keeps the target rule's id.
    """
    rules: list[Rule] = []
    for rule in target.rules:
        step = steps.get(rule.level)
        if step is None:
            rules.append(rule)
            continue
        for statute in law.rules:
            if statute.level is not step:
                continue
            begins = max(rule.effective_from, statute.effective_from)
            ends = min(
                (day for day in (rule.effective_to, statute.effective_to) if day is not None),
                default=None,
            )
            if ends is not None and ends < begins:
                continue
            rules.append(
                attrs.evolve(
                    rule,
                    id=f"{target.name}.{rule.level.value}.{begins.isoformat()}",
                    effective_from=begins,
                    effective_to=ends,
                    base=statute,
                    version=rule.in_force_dates,
                )
            )
    return attrs.evolve(target, rules=tuple(rules))


#: The statutory step beneath each BUP target the law also covers. The BUP target is not law,
#: but "the statutory 90/90 is what is enforceable" (reference §5.7; 1177 cites three months
#: for BUP care elsewhere): a first assessment at BUP is the visit in specialised care
#: (HSF 6 kap. 1 § 3, counted from the referral, as the target is), and treatment is treatment
#: (6 kap. 1 § 4; our reading: counted from the assessment, where the decision to treat is
#: made, as the target counts it). The deepened assessment has no statutory step of its own.
_BUP_STATUTORY: Final = {Level.FIRST_ASSESSMENT: Level.VISIT, Level.TREATMENT: Level.TREATMENT}

#: The BUP target 30 + 30 (+30): child and adolescent psychiatry, not statute; beneath the
#: first assessment and treatment, the statutory 90 days that care elsewhere follows.
BUP: Final = _beneath(_builtin("bup"), NATIONAL, _BUP_STATUTORY)

_BUILTIN: Final = {"national": NATIONAL, "bup": BUP}


# -- regional overlays -------------------------------------------------------------------------


def _check_name_or_path(name_or_path: object) -> None:
    """Refuse a rule set's name or path that is neither text nor a path (e.g. ``None``)."""
    if not isinstance(name_or_path, (str, PathLike)):
        raise InvalidTypeError(
            "a rule set is a name (national, bup) or the path of a .toml file, not "
            f"{type(name_or_path).__name__} {echo(name_or_path)}",
            field="rules",
        )
    named(name_or_path, "rules", "national, bup or the path of a .toml file")


def rule_set(name_or_path: str | PathLike[str]) -> RuleSet:
    """A built-in rule set by name (``national``, ``bup``) or an overlay loaded from a TOML file.

    >>> rule_set(" BUP ") is BUP
    True
    >>> rule_set(None)
    Traceback (most recent call last):
    ...
    vardgaranti.errors.InvalidTypeError: rules: a rule set is a name (national, bup) or the path ...

    Args:
        name_or_path: ``national`` or ``bup`` (case and surrounding blanks ignored), or the
            path of an overlay's TOML file (see :func:`load_rule_set`).

    Returns:
        The built-in rule set (the same object each time), or the overlay the file holds.

    Raises:
        RuleSetError: an unknown name, or a file that is not a valid overlay.
        InvalidTypeError: *name_or_path* is neither text nor a path (its field is ``rules``).
    """
    _check_name_or_path(name_or_path)
    if isinstance(name_or_path, str) and name_or_path.strip().lower() in _BUILTIN:
        return _BUILTIN[name_or_path.strip().lower()]
    from pathlib import Path  # imported when needed: a faster start

    path = Path(name_or_path)
    if path.suffix.lower() != ".toml" and not path_exists(path):
        raise RuleSetError(
            f"unknown rule set {str(name_or_path)!r}; use national, bup or a path to a .toml file",
            field="rules",
        )
    return load_rule_set(path)


def load_rule_set(path: str | PathLike[str]) -> RuleSet:
    r"""Load a regional overlay from a TOML file.

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

    Without ``from`` the regional limits apply to every version of the base rule set, back to
    its first rule (2005-11-01 for ``national``, 2011-01-01 for ``bup``); each version is
    checked, so a limit longer than an older, shorter version is refused too.

    Regional rules never roll forward under Lag (1930:173) 2 § (``roll_forward`` false: a
    region's decision is not "lag eller särskild författning"); the national rule in their
    ``base`` keeps its own value.

    Limits, each refused with one line naming the file: more than ``MAX_RULE_FILE_BYTES``
    bytes (1 MiB; refused before parsing), arrays or inline tables nested more than
    ``MAX_NESTING`` (32) deep, dotted keys of more than ``MAX_KEY_PARTS`` (64) parts,
    and text that is not UTF-8 (a byte-order mark is fine). Level names are compared in
    Unicode NFC, so a decomposed ``besök`` is ``besök``.

    From ``from`` on, the region's 60 days replace the national 90:

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "region.toml")
    ...     _ = path.write_text('name = "Region Exempel"\nfrom = 2024-05-01\n[levels.visit]\n'
    ...                         'days = 60\nsource = "RF 2024-05-01 § 12"\n', encoding="utf-8")
    ...     region = load_rule_set(path)
    >>> [region.rule_for("visit", day).days for day in (date(2024, 4, 30), date(2024, 5, 1))]
    [90, 60]

    Args:
        path: the overlay's TOML file.

    Returns:
        The regional rule set: the rules of the rule set it extends, with the region's limits
        in place of theirs from ``from`` on (without it, for every version).

    Raises:
        RuleSetError: the file cannot be read or parsed, or breaks a rule above.
    """
    _check_name_or_path(path)
    from pathlib import Path  # imported when needed: a faster start

    path = Path(path)
    try:
        data = read_data_file(path)
    except OSError as error:
        raise RuleSetError(
            f"{shown(str(path))}: cannot read the rule file ({error.strerror})"
        ) from error
    except ValueError as error:  # a NUL in the path
        raise RuleSetError(f"{shown(str(path))}: cannot read the rule file ({error})") from None
    return overlay_rule_set(read_rule_file(data, str(path)), origin=str(path))


_OVERLAY_KEYS: Final = ("name", "extends", "from", "levels", "description")


def overlay_rule_set(data: Mapping[str, object], origin: str = "overlay") -> RuleSet:
    """Build a regional overlay from parsed TOML data (see :func:`load_rule_set`).

    A region may shorten a limit, never lengthen it; its rule never rolls forward:

    >>> visit = {"days": 30, "source": "RS 2024:12"}
    >>> rule = overlay_rule_set({"name": "Region X", "levels": {"visit": visit}}).rule_for(
    ...     "visit", date(2025, 3, 1))
    >>> rule.days, rule.kind.value, rule.roll_forward, rule.base.days
    (30, 'regional', False, 90)
    >>> overlay_rule_set({"name": "Region X", "levels": {"visit": {**visit, "days": 120}}})
    Traceback (most recent call last):
    ...
    vardgaranti.errors.RuleSetError: overlay: levels.visit: 120 days is longer than the national ...

    Args:
        data: the parsed TOML: the keys of an overlay file (``name``, ``extends``, ``from``,
            ``levels``, ``description``).
        origin: how the errors name the data (e.g. the file's path).

    Returns:
        The regional rule set, named by ``name``: the rules of the rule set it extends, with
        the region's limits in place of theirs.

    Raises:
        RuleSetError: the data is not a valid overlay (one line naming *origin* and the key).
        InvalidTypeError: *data* is not a mapping, or one of its tables has a key that is not
            text.
    """
    check = _Checker(origin)
    if not isinstance(data, Mapping):
        raise InvalidTypeError(
            f"{origin}: an overlay is a mapping (parsed TOML), not {type(data).__name__}"
        )
    check.table(data, "", "an overlay")
    unknown = [key for key in data if key not in _OVERLAY_KEYS]
    if unknown:
        said = f"unknown key(s) {', '.join(_key(key) for key in unknown[:5])}"
        if "rules" in unknown:  # (a copy of a shipped rule set, such as national.toml)
            said += (
                "; this is a whole rule set, as the package's national.toml, not a regional "
                "overlay: an overlay has name, extends, from and levels (the region's limits "
                "only; see 'Regional overlays' in the rules docs)"
            )
        else:
            said += f"; an overlay has {', '.join(_OVERLAY_KEYS)}"
        raise check.error("", said)
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise check.error("", "'name' (the region's name) is required")
    name = check.text(data, "name", "").strip()
    if name.lower() in _BUILTIN:
        raise check.error(
            "", f"'name' {name!r} is a built-in rule set's name; use the region's name"
        )
    extends = data.get("extends", "national")
    if not isinstance(extends, str) or extends not in _BUILTIN:
        raise check.error(
            "", f"'extends' must be one of {', '.join(_BUILTIN)}, not {_show(extends)}"
        )
    base = _BUILTIN[extends]
    start = data.get("from")
    if isinstance(start, str):
        try:  # (YYYY-MM-DD only: Python's own reader takes 20240101 and 2024-W10 too)
            start = parse_date(start, "from")
        except VardgarantiError:
            raise check.error(
                "", f"'from' must be a date (YYYY-MM-DD), not {_show(start)}"
            ) from None
    if start is not None and type(start) is not date:
        raise check.error("", f"'from' must be a date (YYYY-MM-DD), not {_show(start)}")
    description = check.optional_text(data, "description", "")
    levels = data.get("levels")
    if not isinstance(levels, Mapping) or not levels:
        raise check.error("", "'levels' must have at least one [levels.NAME] table")
    check.table(levels, "levels", "of levels")
    overrides: dict[Level, tuple[str, int, str]] = {}
    for key, spec in levels.items():
        where = f"levels.{_key(key)}"
        try:
            level = Level.parse(key)
        except UnknownLevelError as error:
            raise check.error("levels", str(error)) from None
        if level not in base.levels:
            raise check.error(where, f"the {base.name} rule set has no level {level.value!r}")
        if level in overrides:
            raise check.error(where, f"names the level {level.value!r} a second time")
        if not isinstance(spec, Mapping):
            raise check.error(where, "must be a table with 'days' and 'source'")
        check.table(spec, where, "with 'days' and 'source'")
        extra = [item for item in spec if item not in ("days", "source")]
        if extra:
            raise check.error(
                where, f"unknown key(s) {', '.join(_key(item) for item in extra[:5])}"
            )
        days = spec.get("days")
        if not isinstance(days, int) or isinstance(days, bool) or days < 0:
            raise check.error(
                where,
                "'days' must be a whole number of days >= 0, not "
                + ("true" if days is True else "false" if days is False else _show(days)),
            )
        source = spec.get("source")
        if not isinstance(source, str) or not source.strip():
            raise check.error(where, "'source' (the decision that set the limit) is required")
        overrides[level] = (where, days, check.text(spec, "source", where).strip())
    rules = _overlay_rules(base, name, overrides, start, check)
    return RuleSet(
        name=name,
        description=description or f"{name}: regional limits over the {base.name} rule set",
        rules=tuple(rules),
        # (a region's own description is its words, in whatever language: the same in both)
        description_sv=description
        or f"{name}: regionala gränser över regeluppsättningen {base.name}",
    )


#: The rule set a region shortens, as the Swedish explanation names it ("i stället för ...").
_BASE_SV: Final = {"national": "den nationella regelns", "bup": "BUP-målets"}


def _overlay_rules(
    base: RuleSet,
    region: str,
    overrides: Mapping[Level, tuple[str, int, str]],
    start: date | None,
    check: _Checker,
) -> Iterable[Rule]:
    def overridden(rule: Rule) -> tuple[str, int, str] | None:
        """The region's limit for *rule*'s level, unless *rule* ends before the region's."""
        if start is not None and rule.effective_to is not None and rule.effective_to < start:
            return None
        return overrides.get(rule.level)

    # A longer limit is refused against the latest version it lengthens (the one a region
    # writing a rule today measures it against), with that version's own sources.
    longer = [rule for rule in base.rules if (found := overridden(rule)) and found[1] > rule.days]
    if longer:
        rule = max(longer, key=lambda rule: rule.effective_from)
        where, days, _source = overrides[rule.level]
        cited = rule.citation.sources or rule.citation.text
        raise check.error(
            where,
            f"{_days(days)} is longer than the {base.name} limit of {_days(rule.days)} "
            f"({cited}) in force from {rule.effective_from.isoformat()}; a region may shorten "
            "a limit, never lengthen it",
        )
    for rule in base.rules:
        override = overridden(rule)
        if override is None:
            yield rule
            continue
        where, days, source = override
        regional_from = rule.effective_from
        if start is not None and start > rule.effective_from:
            regional_from = start
            yield attrs.evolve(
                rule,
                effective_to=date.fromordinal(start.toordinal() - 1),
                version=rule.in_force_dates,
            )
        # The region's decision is in force from its `from` day (not the base rule's: a BUP
        # target part keeps the target's 2011 as its version); without one, the regional limit
        # applies to every version of the base, as the base rule's dates say.
        version = rule.version
        decision = f"{source} ({region}){BASED_ON}"  # (the citation's words before the base's)
        if start is not None:
            decided = (start, None)
            version = None if decided == (regional_from, rule.effective_to) else decided
        yield attrs.evolve(
            rule,
            id=f"{region}.{rule.level.value}.{regional_from.isoformat()}",
            days=days,
            kind=RuleKind.REGIONAL,
            effective_from=regional_from,
            version=version,
            description=(
                f"{region}: {in_days(days, 'en')} instead of the {base.name} rule's {rule.days} "
                f"({rule.description})"
            ),
            citation=Citation(
                decision + rule.citation.text,
                sources=None if rule.citation.sources is None else decision + rule.citation.sources,
            ),
            promise_end=(
                f"{rule.promise_end}; {region}: {in_days(days, 'sv')} i stället för "
                f"{_BASE_SV.get(base.name, base.name)} "
                f"{rule.limit_text or in_days(rule.days, 'sv')}"
            ),
            limit_text="",
            base=rule,
            roll_forward=False,
        )
