"""Every Swedish and English text the library shows, in one place, apart from the logic.

As python-holidays keeps its translations apart from the holiday rules, the explanation steps,
the start events, weekday names, rule kinds and the command line's labels live here as templates
(:meth:`str.format` fields), keyed by a message id, each in Swedish (``sv``) and English
(``en``). English texts keep only the legal terms themselves in Swedish (*vardag*, *vårdval*,
*remiss*, PvV/MoV codes and the names of statutes and holidays), each explained in the docs.

>>> message("deadline", "sv", deadline="2025-06-15")
'Sista dagen för vård i tid: 2025-06-15.'
>>> days(1, "sv"), days(14, "en")
('1 dag', '14 days')
"""

from __future__ import annotations

from typing import Final, Literal

__all__ = ["LANGUAGES", "Lang", "days", "has_message", "key_of", "keys", "message", "weekday"]

#: The languages of every text.
Lang = Literal["sv", "en"]
LANGUAGES: Final[tuple[Lang, ...]] = ("sv", "en")

_MESSAGES: Final[dict[str, tuple[str, str]]] = {
    # -- explanation steps (Swedish, English) ------------------------------------------------
    "rule": (
        "Regel {id} ({kind}, i kraft {effective_from}–{effective_to}): {days} från det att "
        "{start_text}.",
        "Rule {id} ({kind}, in force {effective_from}–{effective_to}): {description}.",
    ),
    "start": (
        "Tiden räknas från {start} ({how}); den dagen är dag 0.",
        "The clock starts on {start} ({how}); that day is day 0.",
    ),
    "restart": (
        "Ny hel period från {restart}: vårdgarantin räknas på nytt från det datum patienten "
        "meddelade sitt ändrade beslut.",
        "A new full period from {restart}: the guarantee counts again from the day the patient "
        "reported the change of mind.",
    ),
    "restart-later": (
        "Omstarten {restart} ligger efter {as_of} och räknas inte ännu.",
        "The restart on {restart} is after {as_of} and does not count yet.",
    ),
    "listing-not-required": (
        "Patienten är inte listad, men kravet på listning gäller först från 2022-07-01; "
        "garantin gäller.",
        "The patient is not listed, but the listing requirement applies only from 2022-07-01; "
        "the guarantee applies.",
    ),
    "not-covered.not-listed": (
        "Patienten är inte listad hos utföraren; hos en vårdvalsutförare gäller "
        "tillgänglighets- och bedömningsgarantin endast för listade patienter.",
        "The patient is not listed with the provider; at a vårdval provider the contact and "
        "assessment guarantees apply only to listed patients.",
    ),
    "not-covered.waived": (
        "Patienten tackade {waived} nej till vård hos annan vårdgivare och därmed till "
        "vårdgarantin; den gäller igen från det datum patienten ändrar sig.",
        "On {waived} the patient declined care elsewhere and with it the guarantee; it applies "
        "again from the day the patient changes their mind.",
    ),
    "not-covered.out-of-scope": (
        "Kontakten gäller {what}, som inte omfattas av vårdgarantin.",
        "The contact is {what}, which the guarantee does not cover.",
    ),
    "not-covered.reported": (
        "Enheten har rapporterat kontakten som utanför vårdgarantin.",
        "The unit reported the contact as outside the guarantee.",
    ),
    "limit": (
        "Gränsen är {limit} kalenderdagar: {clock_start} är dag 0, så sista dagen är {base} "
        "(den dagen räknas som i tid).",
        "The limit is {limit} calendar days: {clock_start} is day 0, so the last day is {base} "
        "(that day is on time).",
    ),
    "exclusion-before-start": (
        "Undantaget {exclusion} ligger före dag 0 och räknas inte.",
        "Exclusion {exclusion} lies before day 0 and does not count.",
    ),
    "exclusion-counted": (
        "{start}–{end} ({codes}) räknas inte: sista dagen flyttas fram {days}.",
        "{start} to {end} ({codes}) is not counted: the last day moves {days}.",
    ),
    "exclusion-after-deadline": (
        "{start}–{end} ({codes}) börjar efter sista dagen och flyttar den inte.",
        "{start} to {end} ({codes}) begins after the last day and does not move it.",
    ),
    "roll-forward": (
        "{deadline} är inte en vardag ({names}); enligt vald policy flyttas sista dagen till "
        "nästa vardag, {rolled}.",
        "{deadline} is not a vardag ({names}); by the chosen policy the last day moves to the "
        "next vardag, {rolled}.",
    ),
    "roll-forward-not-applicable": (
        "{deadline} är inte en vardag ({names}), men lag (1930:173) 2 § gäller inte den här "
        "regeln ({why}); sista dagen ligger kvar.",
        "{deadline} is not a vardag ({names}), but Lag (1930:173) 2 § does not apply to this "
        "rule ({why}); the last day stays.",
    ),
    "deadline": (
        "Sista dagen för vård i tid: {deadline}.",
        "Last day for care on time: {deadline}.",
    ),
    "deviation": (
        "Kontakten har avvikelsekoden {code} ({name}) men inga datum: sista dagen räknas utan "
        "uppehåll, det tidigaste garantin kan ha brutits; garantin bedöms inte.",
        "The contact has the deviation code {code} ({name}) but no dates: the last day is "
        "counted without a pause, the earliest the guarantee could have been missed; the "
        "guarantee is not judged.",
    ),
    "status-met": (
        "Vården gavs {completed}, senast på sista dagen: {noun} uppfylldes.",
        "Care was given on {completed}, on or before the last day: {noun} was met.",
    ),
    "status-missed": (
        "Vården gavs {completed}, {over} efter sista dagen: {noun} uppfylldes inte.",
        "Care was given on {completed}, {over} after the last day: {noun} was missed.",
    ),
    "status-overdue": (
        "Per {as_of} har sista dagen passerats med {over}.",
        "As of {as_of} the last day has passed by {over}.",
    ),
    "status-at_risk.booked-late": (
        "Per {as_of}: {left} kvar; bokad {booked}, efter sista dagen. Risk att {noun} inte "
        "uppfylls.",
        "As of {as_of}: {left} left; booked for {booked}, after the last day. At risk of "
        "missing {noun}.",
    ),
    "status-at_risk": (
        "Per {as_of}: {left} kvar, ingen bokning. Risk att {noun} inte uppfylls.",
        "As of {as_of}: {left} left, no booking. At risk of missing {noun}.",
    ),
    "status-within.booked": (
        "Per {as_of}: {left} kvar; bokad {booked}. Inom {noun}.",
        "As of {as_of}: {left} left; booked for {booked}. Within {noun}.",
    ),
    "status-within": (
        "Per {as_of}: {left} kvar. Inom {noun}.",
        "As of {as_of}: {left} left. Within {noun}.",
    ),
    "noun.guarantee": ("garantin", "the guarantee"),
    "noun.target": ("målet", "the target"),
    "care-elsewhere.overdue": (
        "Regionen ska se till att patienten får vård hos en annan vårdgivare utan extra "
        "kostnad för patienten{national}.",
        "The region must arrange care with another provider at no extra cost to the "
        "patient{national}.",
    ),
    "care-elsewhere.overdue.agreement": (
        "Enligt överenskommelsen ska vård erbjudas hos en annan vårdgivare{national}.",
        "Under the agreement (not statute), care with another provider is to be offered{national}.",
    ),
    "care-elsewhere.booked-late": (
        "Den bokade tiden ligger efter sista dagen: boka om senast {deadline} eller erbjud vård "
        "hos en annan vårdgivare, som krävs från {required}{national}.",
        "The booking is after the last day: rebook by {deadline} or offer care with another "
        "provider, which is required from {required}{national}.",
    ),
    "care-elsewhere.national": (
        " (bedömt mot den nationella fristen)",
        " (judged by the national deadline)",
    ),
    # -- alternatives ----------------------------------------------------------------------
    "alternative.roll-forward": (
        "{deadline} är inte en vardag ({names}); enligt lag (1930:173) 2 § skulle sista dagen "
        "flyttas till nästa vardag",
        "{deadline} is not a vardag ({names}); under Lag (1930:173) 2 § the last day would move "
        "to the next vardag",
    ),
    "alternative.calendar-days": (
        "kalenderdagar: sista dagen ligger kvar på en dag som inte är vardag (praxis)",
        "calendar days: the last day stays on a non-vardag (practice)",
    ),
    "alternative.other-start": (
        "tiden räknas från {start}: {reading}",
        "clock starts {start}: {reading}",
    ),
    "alternative.national-limit": (
        "den gräns på {days} dagar som den regionala regeln kortar",
        "the {days}-day limit that the regional rule shortens",
    ),
    # -- how a start was found (Case.start_note, AlternativeStart.reading) -------------------
    "start.contact-sought": ("kontakt söktes", "contact was sought"),
    "start.referral-issued": ("remiss utfärdad", "the remiss was issued"),
    "start.first-assessment-done": (
        "första bedömningen gjordes",
        "the first assessment was made",
    ),
    "start.assessment-done": (
        "senaste bedömning eller utredning gjordes",
        "the latest assessment was made",
    ),
    "start.decision-to-treat": ("beslut om behandling", "the decision to treat"),
    "start.self-referral-sought": (
        "den enskilde sökte kontakt (egen vårdbegäran), HSF (2017:80) 6 kap. 1 § 3",
        "the patient sought contact (egen vårdbegäran, a self-referral), HSF (2017:80) "
        "6 kap. 1 § 3",
    ),
    "start.self-referral-accepted": (
        "egen vårdbegäran accepterad (vantetider.se; regional praxis)",
        "the self-referral was accepted (vantetider.se; regional practice)",
    ),
    # -- the start event of a rule, in English (the Swedish is the statute's own words) -----
    "event.contact-sought": (
        "{start_text}",
        "the patient seeks contact with primary care",
    ),
    "event.referral": (
        "{start_text}",
        "the remiss is issued or, where none is needed, the patient seeks contact with "
        "specialised care",
    ),
    "event.decision-to-treat": (
        "{start_text}",
        "the caregiver decides that the patient is to have the care",
    ),
    "event.first-assessment-done": ("{start_text}", "the first assessment is made"),
    "event.assessment-done": (
        "{start_text}",
        "the first or the deepened assessment is made",
    ),
    # -- rule kinds -------------------------------------------------------------------------
    "kind.statute": ("författning", "statute"),
    "kind.agreement": ("överenskommelse", "agreement"),
    "kind.target": ("målsättning", "target"),
    "kind.regional": ("regionalt beslut", "regional"),
    # -- why Lag (1930:173) does not move a rule's deadline ----------------------------------
    "no-roll.agreement": ("en överenskommelse, inte lag", "an agreement, not law"),
    "no-roll.target": ("en målsättning, inte lag", "a target, not law"),
    "no-roll.regional": (
        "ett regionalt beslut, inte lag eller författning",
        "a regional decision, not law",
    ),
    "no-roll.same-day": ("samma dag: ingen frist att flytta", "the same day: no period to move"),
    # -- command line -----------------------------------------------------------------------
    "cli.deadline": ("Sista dag", "Deadline"),
    "cli.status": ("Status", "Status"),
    "cli.explanation": ("Förklaring", "Explanation"),
    "cli.care-elsewhere": (
        "Vård hos annan vårdgivare ska erbjudas.",
        "Care elsewhere must be offered.",
    ),
    "cli.other-readings": ("Andra läsningar", "Other readings"),
}

_WEEKDAYS: Final = {
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_INDEX: Final = {"sv": 0, "en": 1}


def message(key: str, lang: Lang, /, **values: object) -> str:
    """The text of message *key* in *lang*, its fields filled from *values*.

    Raises:
        KeyError: no message has that key (a bug: every key used is tested).
    """
    template = _MESSAGES[key][_INDEX[lang]]
    return template.format(**values) if values else template


def key_of(prefix: str, sv: str) -> str | None:
    """The key, under *prefix*, of the message whose Swedish text is *sv*, if there is one.

    >>> key_of("start.", "remiss utfärdad")
    'start.referral-issued'
    """
    for key, (swedish, _english) in _MESSAGES.items():
        if key.startswith(prefix) and swedish == sv:
            return key
    return None


def has_message(key: str) -> bool:
    """Whether the catalogue has a message *key*."""
    return key in _MESSAGES


def keys() -> tuple[str, ...]:
    """Every message key (for the tests that check each has both languages)."""
    return tuple(_MESSAGES)


def days(n: int, lang: Lang) -> str:
    """*n* days in words: ``1 dag``/``2 dagar``, ``1 day``/``2 days``."""
    if lang == "sv":
        return "1 dag" if n == 1 else f"{n} dagar"
    return "1 day" if n == 1 else f"{n} days"


def weekday(index: int, lang: Lang) -> str:
    """The name of weekday *index* (0 is Monday)."""
    return _WEEKDAYS[lang][index]
