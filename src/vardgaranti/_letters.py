"""Letters to patients about their guarantee, in plain Swedish and English.

What a vårdlots (the region's guarantee navigator) tells a patient who waits: the latest day for
the visit or the treatment, and why it is later than the start and the limit give (a restart;
days not counted, HSF 6 kap. 2 §, with their reasons where known); what happens if the region
cannot meet it (the right to care with another provider, which the region arranges and pays
for, travel included, without the patient choosing the clinic); that declining care elsewhere
means declining the guarantee, and that a change of mind starts a new period; and whom to
contact.

The body has no section numbers: it is written for the patient, in short sentences, "du" form,
with the legal terms explained where they are used (as 1177 writes to patients). The law the
letter rests on is cited on one line at the end (``Lagstöd``). Every text is in the message
catalogue (:mod:`vardgaranti._messages`, keys ``letter.*``).

A letter is written for an open case (``within``, ``at_risk`` or ``overdue``): there is no
deadline to tell about for a case the guarantee does not cover, one already closed, or a
national-format row with a deviation code (not judged). Nor for the contact level: its
guarantee is contact the same day, a day past before a letter arrives, and the letter would
itself be the contact the patient is told they have not had. The sections about care elsewhere and
declining appear only for the levels where missing the limit brings that right (the visit and
the treatment guarantee); under a regional, shorter limit the letter gives both days.
"""

from __future__ import annotations

import re
import textwrap
from datetime import date
from typing import TYPE_CHECKING, Final

import attrs

from ._core import Status
from ._messages import Lang, check_lang, citation_text, days, has_message, message
from ._rules import BASED_ON, Citation, ExclusionReason, Level, Rule, RuleKind
from ._text import one_line
from .errors import InvalidTypeError, InvalidValueError

if TYPE_CHECKING:
    from ._evaluate import Result
    from ._rows import Assessed

__all__ = ["LETTER_STATUSES", "WIDTH", "check_contact", "letter", "letter_for", "long_date"]

#: The width a letter's lines are wrapped at.
WIDTH: Final = 72
_NBSP: Final = "\u00a0"
#: Groups of words a line is not broken within: a law and its SFS number, "N kap. N §" with a
#: following point number (and paragraphs with a letter, as HSL (1982:763) "3 g–3 i §§"), a
#: law named in full ("hälso- och sjukvårdslagen (2017:30)"), and a day with its month and year.
_HOLD: Final = re.compile(
    r"hälso- och \S+ \(\d{4}:\d+\)|\S+ \(\d{4}:\d+\)|\S+ \d{4}:\d+"
    r"|(?:\d+ kap\. )?\d+(?: [a-z])?(?:–\d+(?: [a-z])?)? §§?(?: \d+)?"
    r"|\d+ kap\."
    r"|\d{1,2} [^\W\d_]+ \d{4}"  # (a day, a month by name, a year)
    # a telephone number: 010-123 45 67, 010 - 123 45 67, +46 10 123 45 67, 08 123 456 78
    # (of a telephone number's length: a longer run of digits wraps as words do)
    r"|(?:\+\d{1,3} )?\d{1,4} ?- ?\d{1,4}(?: \d{1,4}){0,4}"
    r"|(?:\+\d{1,3} )?\d{1,4}(?: \d{1,4}){2,4}"
)

#: The most characters of ``contact``, the sentence a letter ends with.
MAX_CONTACT: Final = 300

#: The statuses a letter is written for: open cases.
LETTER_STATUSES: Final = frozenset({Status.WITHIN, Status.AT_RISK, Status.OVERDUE})
_PRACTICE_SOURCES: Final = "SKR, frågor och svar om vårdgarantin; 1177 Vårdgaranti"
_WHAT: Final = {
    Level.ASSESSMENT: "assessment",
    Level.VISIT: "visit",
    Level.TREATMENT: "treatment",
    Level.FIRST_ASSESSMENT: "first-assessment",
    Level.DEEPENED_ASSESSMENT: "deepened-assessment",
}


@attrs.frozen
class _Facts:
    """What a letter says, from a :class:`~vardgaranti.Result` or a row's evaluation."""

    level: Level
    rule: Rule
    status: Status
    deadline: date
    care_deadline: date | None
    booked: date | None  # a booking on or after the as-of day
    as_of: date
    referred: date | None = None  # the region referred the patient elsewhere (this period)
    excluded_days: int = 0  # the days not counted that moved the deadline
    #: the periods of those days, first and last day and reasons (empty: not known, as for an
    #: :class:`~vardgaranti.Assessed` made without them, which gives their number only)
    periods: tuple[tuple[date, date, frozenset[ExclusionReason]], ...] = ()
    restarted: date | None = None  # day 0 of a period that started again (a restart)
    start: date | None = None  # day 0 of the case (the clock's, when not restarted)
    listed: bool | None = None  # listed with the unit (None: not known)


#: The reasons of time not counted in the order of HSF 6 kap. 2 § (points 1, 2 and 3).
_REASON_ORDER: Final = (ExclusionReason.MOV, ExclusionReason.REGION, ExclusionReason.PVV)


def letter(result: Result, lang: Lang = "sv", *, contact: str | None = None) -> str:
    r"""A letter to the patient about their guarantee, in Swedish (``sv``) or English (``en``).

    Args:
        result: the case, evaluated (:func:`~vardgaranti.evaluate`); it must be open.
        lang: the language.
        contact: whom the patient should contact, as one line (e.g. ``"Vårdgarantienheten,
            telefon 010-123 45 67"``); by default the letter says to contact its sender
            ("Kontakta oss som har skickat brevet").

    Returns:
        The letter as plain text, lines ending in ``\n``, the last line citing the law.

    Raises:
        InvalidValueError: the case is not open (not covered, met, missed, or a deviation
            code without dates), it is of the contact level (its day has passed before a letter
            arrives), the language is not ``sv`` or ``en``, or *contact* is not one line.

    >>> from datetime import date
    >>> from vardgaranti import Case, evaluate
    >>> result = evaluate(Case(level="visit", start=date(2025, 3, 17)), as_of=date(2025, 6, 2))
    >>> text = letter(result, "sv")
    >>> print(text.splitlines()[0])
    Din vårdgaranti
    >>> "ditt besök senast den 15 juni 2025" in " ".join(text.split())
    True
    """
    from ._evaluate import Result

    if not isinstance(result, Result):
        raise InvalidTypeError(f"letter() takes a Result, not {type(result).__name__}")
    planned = result.plan
    _check_open(result.status, result.deadline, result.case.level)
    assert result.deadline is not None  # open cases have a deadline and a plan
    assert planned is not None
    booked = result.case.booked
    periods = tuple(
        span for span, counted in zip(planned.merged, planned.counted, strict=True) if counted
    )
    facts = _Facts(
        result.case.level,
        result.rule,
        result.status,
        result.deadline,
        planned.care_deadline,
        booked if booked is not None and booked >= result.as_of else None,
        result.as_of,
        excluded_days=planned.excluded_days,
        periods=periods,
        restarted=planned.clock_start if planned.clock_start != result.case.start else None,
        start=result.case.start,
        listed=result.case.listed,
    )
    return _write(facts, lang, contact)


def letter_for(
    assessed: Assessed,
    lang: Lang = "sv",
    *,
    as_of: date,
    contact: str | None = None,
    listed: bool | None = None,
) -> str:
    """:func:`letter` for a row of a waiting list (``vardgaranti worklist --letters``).

    Args:
        assessed: the row, evaluated (:class:`~vardgaranti.Assessed`).
        lang: the language.
        as_of: the as-of day the row was evaluated for.
        contact: whom the patient should contact.
        listed: whether the patient is listed with the unit (the row's ``listed``; ``None``:
            not known). Under the listing rule (HSL 9 kap. 1 § 2 st., from 2022-07-01) a
            letter whose patient's listing is not known says the guarantee's condition.

    Raises:
        InvalidValueError: as for :func:`letter`.
    """
    from ._rows import referral_in_period

    _check_open(assessed.status, assessed.deadline, assessed.level)
    assert assessed.level is not None
    assert assessed.rule is not None
    assert assessed.deadline is not None
    booked = assessed.booked
    periods = assessed.periods
    facts = _Facts(
        assessed.level,
        assessed.rule,
        assessed.status,
        assessed.deadline,
        assessed.care_deadline,
        booked if booked is not None and booked >= as_of else None,
        as_of,
        referral_in_period(assessed, as_of),  # (as the worklist's `referred` reads it)
        excluded_days=assessed.excluded_days,
        periods=periods,
        restarted=assessed.clock_start if assessed.clock_start != assessed.start else None,
        start=assessed.start,
        listed=listed,
    )
    return _write(facts, lang, contact)


def _check_open(status: Status, deadline: date | None, level: Level | None) -> None:
    if status not in LETTER_STATUSES or deadline is None:
        raise InvalidValueError(
            f"a letter is written for an open case (within, at_risk or overdue), not for status "
            f"{status.value!r}"
        )
    if level is Level.CONTACT:
        raise InvalidValueError(
            "no letter is written for the contact level: its guarantee is contact the same day "
            "(HSF 6 kap. 1 § 1), a day past before any letter arrives, and the letter would "
            "itself be the contact; call the patient"
        )


def long_date(day: date, lang: Lang) -> str:
    """*day* as a letter writes it: ``15 juni 2025`` or ``15 June 2025``."""
    month = message(f"letter.month-{day.month}", lang)
    return message("letter.date", lang, day=day.day, month=month, year=day.year)


def check_contact(contact: str | None) -> None:
    """Refuse a contact that is not one line of text (``None``: the default sentence).

    Raises:
        InvalidTypeError: not text (field ``contact``).
        InvalidValueError: empty, longer than :data:`MAX_CONTACT` characters, or with a line
            break, another control character, a line separator or a bidirectional control
            (field ``contact``).
    """
    if contact is None:
        return
    if not isinstance(contact, str):
        raise InvalidTypeError(
            f"must be one line of text or None, not {type(contact).__name__}",
            field="contact",
        )
    if not contact.strip():
        raise InvalidValueError("is empty; give whom the patient should contact", field="contact")
    if not one_line(contact):
        raise InvalidValueError("must be one line of text", field="contact")
    if len(contact) > MAX_CONTACT:  # (a letter's line, not a file: wrapping it is quadratic)
        raise InvalidValueError(
            f"is {len(contact)} characters; give at most {MAX_CONTACT}", field="contact"
        )


def _write(facts: _Facts, lang: Lang, contact: str | None) -> str:
    lang = check_lang(lang)
    check_contact(contact)
    assert contact is None or isinstance(contact, str)
    rule = facts.rule
    statutory = rule.statutory
    target = rule.is_target or statutory.kind is not RuleKind.STATUTE
    duty = rule.care_elsewhere_applies and statutory.kind is RuleKind.STATUTE
    what = _WHAT[facts.level]
    if facts.level is Level.ASSESSMENT and statutory.days == 7:  # before 2019-01-01: a visit
        what = "assessment-doctor"  # to a doctor within 7 days (SFS 2018:1129 made it 3 days)

    def m(key: str, **values: object) -> str:
        return message(_era_key(f"letter.{key}", facts.as_of), lang, **values)

    deadline = long_date(facts.deadline, lang)
    # (BUP's treatment is psychiatric: "a treatment or an operation" read oddly)
    waiting = "treatment-bup" if what == "treatment" and _of_bup(rule) else what
    paragraphs: list[str] = [
        m("title-target" if target else "title"),
        m("greeting"),
        m(f"waiting.{waiting}"),
    ]
    if target:
        intro = m(f"deadline-target.{what}", deadline=deadline)
    elif rule.base is not None:
        intro = m(f"deadline-regional.{what}", deadline=deadline)
    else:
        intro = m(f"deadline.{what}", deadline=deadline)
    if not target:
        intro = m("guarantee") + " " + intro
    if rule.listing_citation is not None and facts.listed is None:
        # HSL 9 kap. 1 § 2 st.: at a vårdval provider only for the patients listed there; a
        # listing not known is not promised away, nor the guarantee promised without it
        intro += " " + m("listing-unknown")
    paragraphs.append(intro)
    # Why the day is not the start plus the limit: a restart, days not counted (HSF 6 kap. 2 §)
    why = []
    if facts.restarted is not None:
        why.append(m("restarted", restarted=long_date(facts.restarted, lang)))
    if facts.excluded_days > 0:
        why.append(_excluded(facts, lang))
    if why:
        paragraphs.append(" ".join(why))
    care_deadline = facts.care_deadline
    booked = facts.booked
    if facts.referred is not None and duty:
        # Referred already (the worklist's `referred`): care elsewhere is arranged, not
        # offered again (HSL 9 kap. 2 §: at no extra cost).
        paragraphs.append(m("referred", referred=long_date(facts.referred, lang)))
        paragraphs.append(m("elsewhere.costs"))
    elif facts.status is Status.OVERDUE:
        paragraphs.append(m(f"overdue.{what}"))
        if (
            booked is not None
            and duty
            and care_deadline is not None
            and facts.as_of <= care_deadline < booked
        ):  # past a region's or the target's day, booked after the law's too: the offer now
            paragraphs.append(m("booked-late", booked=long_date(booked, lang)))
        elif booked is not None:  # a time after the last day: the patient should know we know
            # (without care elsewhere no other offer is coming: an earlier time may)
            kept = "overdue.booked" if duty else "overdue.booked.earlier"
            paragraphs[-1] += " " + m(kept, booked=long_date(booked, lang))
        elif not (duty and care_deadline is not None and facts.as_of > care_deadline):
            # (once care elsewhere is due, its paragraph says what happens next)
            paragraphs[-1] += " " + m("overdue.next")
    elif booked is not None and booked > facts.deadline:
        if duty and care_deadline is not None and booked > care_deadline:
            late = "booked-late"  # after the law's day too: care elsewhere is the offer
        elif target:
            late = "booked-late.target"
        elif rule.base is not None:
            late = "booked-late.regional"  # within the law's day: an earlier time, no more
        else:
            late = "booked-late.earlier"  # a level without care elsewhere
        paragraphs.append(m(late, booked=long_date(booked, lang)))
    elif booked is not None:
        paragraphs.append(
            m("booked.target" if target else "booked", booked=long_date(booked, lang))
        )
    # (BUP's treatment: the law counts from the decision to treat, the target from the latest
    # assessment; the library reads them as one day, and the letter says so as an "if")
    conditional = waiting == "treatment-bup" and facts.restarted is None and facts.start is not None
    if duty and care_deadline is not None and facts.referred is None:
        past = facts.as_of > care_deadline
        if target:  # a target the law also covers (BUP): the law's limit beside the aim
            paragraphs.append(m("target-and-law"))
        if care_deadline != facts.deadline:
            limit = "national-limit.past" if past else "national-limit"
            law_day = long_date(care_deadline, lang)
            if conditional:  # (HSF 6 kap. 1 § 4: from the decision to treat)
                assert facts.start is not None
                start = long_date(facts.start, lang)
                paragraphs.append(m(f"{limit}.treatment-bup", deadline=law_day, start=start))
            else:
                paragraphs.append(m(limit, deadline=law_day))
        on_the_if = ".treatment-bup" if conditional else ""
        # (past the law's day the right is there, no "if": BUP's treatment keeps its "if")
        paragraphs.append(
            m("elsewhere.heading-now" if past and not on_the_if else "elsewhere.heading")
        )
        if past:
            paragraphs.append(m(f"elsewhere.now{on_the_if}"))
        elif care_deadline != facts.deadline:  # ("in time" would read as the earlier day's)
            # (who is to give the care by that day is named as on that day: a region from 2020)
            by = _era_key(f"letter.elsewhere.by{on_the_if}", care_deadline)
            paragraphs.append(message(by, lang, deadline=long_date(care_deadline, lang)))
        else:
            paragraphs.append(m("elsewhere"))
        paragraphs.append(m("elsewhere.costs"))
        paragraphs.append(m("decline.heading"))
        paragraphs.append(m("decline"))
    elif target:  # (the 2005 agreement covered the visit and the treatment: not BUP's words)
        agreement = statutory.kind is RuleKind.AGREEMENT
        paragraphs.append(m("agreement-not-law" if agreement else "target-not-law"))
    paragraphs.append(m("questions.heading"))
    paragraphs.append(
        # (the sentence ends the contact: "Vårdgarantienheten." had two full stops)
        m("questions", contact=contact.strip().rstrip(".").rstrip() or contact.strip())
        if contact is not None
        else m("questions.clinic")
    )
    paragraphs.append(
        _legal_basis(rule, duty, lang, excluded=facts.excluded_days > 0, as_of=facts.as_of)
    )
    return "\n\n".join(_fill(paragraph) for paragraph in paragraphs) + "\n"


#: The day the statutes' *landsting* became *region* (SFS 2019:973, in force 2020-01-01).
_REGIONS_FROM: Final = date(2020, 1, 1)


def _era_key(key: str, as_of: date) -> str:
    """*key*, or its ``.landsting`` form for a letter written before 2020-01-01 where it has one.

    Before 2020 the statutes and the patients' county council said *landstinget*, not
    *regionen*.
    """
    if as_of < _REGIONS_FROM and has_message(f"{key}.landsting"):
        return f"{key}.landsting"
    return key


def _of_bup(rule: Rule) -> bool:
    """Whether *rule* is BUP's, or a region's over it (``bup.`` ids, as the package's)."""
    above: Rule | None = rule
    while above is not None:
        if above.id.startswith("bup."):
            return True
        above = above.base
    return False


def _excluded(facts: _Facts, lang: Lang) -> str:
    """The days not counted: each period with its days and reasons, where they are known."""
    if not facts.periods:
        counted = days(facts.excluded_days, lang)
        return message("letter.excluded.some", lang, days=counted[:1].upper() + counted[1:])
    said = []
    for first, last, reasons in facts.periods:
        named = [
            message(_era_key(f"letter.excluded.{reason.value}", facts.as_of), lang)
            for reason in _REASON_ORDER
            if reason in reasons
        ]
        why = named[0] if len(named) == 1 else ", ".join(named[:-1])
        if len(named) > 1:
            why += f" {message('letter.and', lang)} {named[-1]}"
        period = _period(first, last, lang)
        if first == last:
            said.append(message("letter.excluded.day", lang, period=period, reasons=why))
        else:
            length = days((last - first).days + 1, lang)
            said.append(message("letter.excluded", lang, period=period, days=length, reasons=why))
    return " ".join([*said, message("letter.excluded.later", lang)])


def _period(first: date, last: date, lang: Lang) -> str:
    """*first* to *last* as a letter writes it: ``1–14 april 2025``, ``28 mars–3 april 2025``.

    >>> _period(date(2025, 4, 1), date(2025, 4, 14), "sv"), _period(date(2025, 3, 28),
    ...     date(2025, 4, 3), "en")
    ('1–14 april 2025', '28 March–3 April 2025')
    """
    if first == last:
        return long_date(first, lang)
    end = long_date(last, lang)
    if first.year != last.year:
        return f"{long_date(first, lang)}–{end}"
    if first.month != last.month:
        return f"{first.day} {message(f'letter.month-{first.month}', lang)}–{end}"
    return f"{first.day}–{end}"


def _fill(paragraph: str) -> str:
    """A paragraph wrapped at :data:`WIDTH` characters.

    Words and hyphenated words stay whole, and so do the parts of a citation that a reader
    reads together (``HSL (2017:30)``, ``9 kap.``, ``2 §``, ``1 § 3``, dates such as ``15 juni
    2025``) and a telephone number (``010-123 45 67``): their spaces are held together while
    wrapping.
    """
    held = _HOLD.sub(lambda match: match[0].replace(" ", _NBSP), paragraph)
    wrapped = textwrap.fill(held, WIDTH, break_long_words=False, break_on_hyphens=False)
    return wrapped.replace(_NBSP, " ")


def _sources(citation: Citation) -> str:
    """What a letter cites of *citation*: its sources, without the library's reading.

    A patient's letter cites the sources; a reading, for the library's users, named a later
    ordinance in a letter of 2008. The rule data give each citation with a reading its sources
    (:attr:`~vardgaranti.Citation.sources`).

    >>> from vardgaranti import Citation
    >>> _sources(Citation("Överenskommelse (2005-11-01); tolkning: som F (2010:349) 2 §",
    ...                   sources="Överenskommelse (2005-11-01)"))
    'Överenskommelse (2005-11-01)'
    >>> _sources(Citation("HSF (2017:80) 6 kap. 1 § 4"))
    'HSF (2017:80) 6 kap. 1 § 4'
    """
    return citation.text if citation.sources is None else citation.sources


def _cited(citations: list[str]) -> str:
    """*citations* joined with ``; ``, each part once.

    A part another part begins with (the same paragraphs, with their SFS after) is left out.

    >>> _cited(["F (2010:349) 2 §; HSL (1982:763) 3 g §", "HSL (1982:763) 3 g § (SFS 2010:243)"])
    'F (2010:349) 2 §; HSL (1982:763) 3 g § (SFS 2010:243)'
    """
    parts = [part.strip() for text in citations for part in text.split("; ")]
    kept = [
        part
        for i, part in enumerate(parts)
        if not any(other != part and other.startswith(part) for other in parts)
        and part not in parts[:i]
    ]
    return "; ".join(kept)


#: The laws a letter names in full, by the short names of the rule data (a reader looks a law
#: up by its name: "hälso- och sjukvårdslagen", not "HSL").
_LAW_NAMES: Final = {
    "HSL (2017:30)": "hälso- och sjukvårdslagen (2017:30)",
    "HSL (1982:763)": "hälso- och sjukvårdslagen (1982:763)",
    "HSF (2017:80)": "hälso- och sjukvårdsförordningen (2017:80)",
    "Patientlagen (2014:821)": "patientlagen (2014:821)",
    "Förordning (2010:349) om vårdgaranti": "förordningen (2010:349) om vårdgaranti",
}
_CITED_LAW: Final = re.compile(
    "(?P<law>" + "|".join(re.escape(name) for name in _LAW_NAMES) + ")"
    r" (?P<where>(?:\d+ kap\. )?\d+(?: [a-z])?(?:–\d+(?: [a-z])?)? §§?(?: \d+(?: st\.)?)?)"
    r"(?: \((?P<version>(?:Förordning |Lag |SFS )\d{4}:\d+|lydelse före \d{4}-\d\d-\d\d)\))?"
)


def _in_full(text: str) -> str:
    """*text* with each law the rule data name by a short name cited as Swedish law is cited.

    The place first, then the law by its name in full and its SFS number, then the wording's
    version (*lydelse*). A citation in another form (a region's decision, an agreement) stays
    as written.

    >>> for part in _in_full("HSF (2017:80) 6 kap. 1 § 3 (Förordning 2018:1129); "
    ...                      "Patientlagen (2014:821) 2 kap. 4 §").split("; "):
    ...     print(part)
    6 kap. 1 § 3 hälso- och sjukvårdsförordningen (2017:80), lydelse enligt SFS 2018:1129
    2 kap. 4 § patientlagen (2014:821)
    >>> _in_full("HSL (2017:30) 9 kap. 1 § 2 st. (Lag 2022:273)")
    '9 kap. 1 § 2 st. hälso- och sjukvårdslagen (2017:30), lydelse enligt SFS 2022:273'
    >>> for part in _in_full("HSL (1982:763) 3 g–3 i §§ (SFS 2010:243); "
    ...                      "Regionfullmäktige 2024-05-01 § 12").split("; "):
    ...     print(part)
    3 g–3 i §§ hälso- och sjukvårdslagen (1982:763), lydelse enligt SFS 2010:243
    Regionfullmäktige 2024-05-01 § 12
    """

    def cited(found: re.Match[str]) -> str:
        text = f"{found['where']} {_LAW_NAMES[found['law']]}"
        version = found["version"]
        if version is None:
            return text
        if not version.startswith("lydelse"):
            version = "lydelse enligt SFS " + version.split()[-1]
        return f"{text}, {version}"

    return _CITED_LAW.sub(cited, text)


def _legal_basis(rule: Rule, duty: bool, lang: Lang, *, as_of: date, excluded: bool = False) -> str:
    """The ``Lagstöd`` line: the limit's law, that of time not counted, the duty's, practice.

    A region's shorter limit is the county council's (*landstinget*) in a letter written
    before 2020 (*as_of*).
    """
    statutory = rule.statutory
    if statutory.kind is not RuleKind.STATUTE:
        return message("letter.basis-target", lang, citations=_sources(statutory.citation))
    parts = [_sources(statutory.citation)]  # (6 kap. 1 § 2's wording before 2019: a reading)
    not_counted = rule.exclusion_citation or statutory.exclusion_citation
    if not_counted is not None and not_counted.sources == "":
        not_counted = statutory.exclusion_citation  # (the law the library's reading follows)
    if excluded and not_counted is not None:
        parts.append(_sources(not_counted))
    care = statutory.care_elsewhere_citation if duty else None
    if care is not None:
        parts.append(_sources(care))
    parts = [part for part in parts if part]  # (a citation that is all reading: none)
    if care is not None:
        # (the laws keep their Swedish names; words joining a later one are the letter's)
        cited = citation_text(_in_full(_cited(parts)), lang)
        line = message("letter.legal-basis", lang, citations=cited, practice=_PRACTICE_SOURCES)
    else:
        cited = citation_text(_in_full("; ".join(parts)), lang)
        line = message("letter.legal-basis-short", lang, citations=cited)
    above: Rule | None = rule  # the rules above the law: a region's decision, the BUP target
    while above is not None and above is not statutory:
        if above.kind is RuleKind.REGIONAL:
            # an overlay's citation reads "DECISION (REGION); based on BASE CITATION" (the
            # decision may hold those words itself: the base's citation is taken off the end)
            text = above.citation.text
            suffix = BASED_ON + above.base.citation.text if above.base is not None else ""
            if suffix and text.endswith(suffix):
                decision = text[: -len(suffix)]
            else:
                decision = text.split(BASED_ON, 1)[0]
            key = _era_key("letter.regional-decision", as_of)
            line += " " + message(key, lang, decision=decision)
        elif above.kind is RuleKind.TARGET:
            line += " " + message("letter.target-decision", lang, citations=above.citation.text)
        above = above.base
    return line
