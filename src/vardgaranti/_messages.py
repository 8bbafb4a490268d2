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

import functools
import re
import string
from datetime import date
from typing import Final, Literal

__all__ = [
    "LANGUAGES",
    "Lang",
    "check_lang",
    "days",
    "error_text",
    "error_text_cut",
    "has_message",
    "holiday_in_text",
    "key_of",
    "keys",
    "message",
    "month_name",
    "note_text",
    "weekday",
]

#: The languages of every text.
Lang = Literal["sv", "en"]
LANGUAGES: Final[tuple[Lang, ...]] = ("sv", "en")


def check_lang(lang: object) -> Lang:
    """*lang* if it is a language of the texts (``sv``, ``en``), else an error saying so.

    Raises:
        InvalidValueError: another text (``"SV"``, ``"fr"``): a text is never shown in another
            language than the one asked for without a word.
        InvalidTypeError: a value that is no text (``None``, ``1``).
    """
    # (a text is compared: pandas' NA, compared, is neither true nor false, and says so)
    if isinstance(lang, str) and lang in ("sv", "en"):
        return "sv" if lang == "sv" else "en"
    from .errors import InvalidTypeError, InvalidValueError

    wrong = InvalidValueError if isinstance(lang, str) else InvalidTypeError
    raise wrong(f"must be 'sv' or 'en', not {lang!r}", field="lang")


_MESSAGES: Final[dict[str, tuple[str, str]]] = {
    # -- a regional rule's citation: "DECISION (REGION); based on NATIONAL CITATION" ---------
    "citation.based-on": ("grundat på", "based on"),
    # -- explanation steps (Swedish, English) ------------------------------------------------
    # {words}: what the guarantee promises, in Swedish in the statute's words (HSF 6 kap. 1 §:
    # "en medicinsk bedömning … inom 3 dagar från det att …", "… samma dag som …"), in English
    # the rule's description (vardgaranti._explain.rule_words)
    "rule": (
        "Regel {id} ({kind}, i kraft {effective_from}–{effective_to}): {words}.",
        "Rule {id} ({kind}, in force {effective_from}–{effective_to}): {words}.",
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
    "completed-later": (
        "Vården {completed} ligger efter {as_of} och räknas inte ännu: per {as_of} väntar "
        "patienten.",
        "The care given on {completed} is after {as_of} and does not count yet: as of {as_of} "
        "the patient is waiting.",
    ),
    "restart-later": (
        "Omstarten {restart} ligger efter {as_of} och räknas inte ännu.",
        "The restart on {restart} is after {as_of} and does not count yet.",
    ),
    "listing-not-required": (
        "Patienten är inte listad, men kravet på listning gäller först från {since}; "
        "garantin gäller.",
        "The patient is not listed, but the listing requirement applies only from {since}; "
        "the guarantee applies.",
    ),
    "not-covered.not-listed": (
        "Patienten är inte listad hos utföraren; hos en vårdvalsutförare gäller "
        "tillgänglighets- och bedömningsgarantin endast för listade patienter.",
        "The patient is not listed with the provider; at a vårdval provider the contact and "
        "assessment guarantees apply only to listed patients.",
    ),
    "not-covered.waived": (
        "Den {waived} tackade patienten nej till vård hos en annan vårdgivare och därmed till "
        "vårdgarantin; den gäller igen från det datum patienten ändrar sig.",
        "On {waived} the patient declined care elsewhere and with it the guarantee; it applies "
        "again from the day the patient changes their mind.",
    ),
    "not-covered.out-of-scope-what": (
        "till exempel ett återbesök, en utredning eller undersökning, eller akut vård",
        "such as a return visit, an investigation or examination, or acute care",
    ),
    "deviation-name.pvv": ("patientvald väntan", "patient-chosen wait"),
    "deviation-name.mov": ("medicinskt orsakad väntan", "medically caused wait"),
    "deviation-name.sov": ("särskilda skäl", "special reasons"),
    "not-covered.out-of-scope": (
        "Kontakten är av ett slag som vårdgarantin inte omfattar, {what}.",
        "The contact is of a kind the guarantee does not cover, {what}.",
    ),
    "not-covered.reported": (
        "Enheten har rapporterat kontakten som utanför vårdgarantin.",
        "The unit reported the contact as outside the guarantee.",
    ),
    "limit": (
        "Gränsen är {limit:kalenderdag|kalenderdagar}: {clock_start} är dag 0, så sista dagen "
        "är {base} (den dagen räknas som i tid).",
        "The limit is {limit:calendar day|calendar days}: {clock_start} is day 0, so the last "
        "day is {base} "
        "(that day is on time).",
    ),
    "limit.same-day": (
        "Gränsen är samma dag: {clock_start} är dag 0 och sista dagen (den dagen räknas som i "
        "tid).",
        "The limit is the same day: {clock_start} is day 0 and the last day (that day is on time).",
    ),
    "exclusion-before-start": (
        "{start}–{end} ({codes}) ligger på eller före dag 0 och påverkar inte sista dagen.",
        "{start} to {end} ({codes}) lies on or before day 0 and does not move the last day.",
    ),
    "exclusion-cut": (
        "{start}–{end} ({codes}) börjar på eller före dag 0: bara dagarna efter dag 0 räknas "
        "bort, från {first}.",
        "{start} to {end} ({codes}) begins on or before day 0: only the days after day 0 are "
        "left out, from {first}.",
    ),
    "exclusion-counted": (
        "{start}–{end} ({codes}) räknas inte: sista dagen flyttas fram {days}.",
        "{start} to {end} ({codes}) is not counted: the last day moves {days} later.",
    ),
    "exclusion-after-deadline": (
        "{start}–{end} ({codes}) börjar efter sista dagen och flyttar den inte.",
        "{start} to {end} ({codes}) begins after the last day and does not move it.",
    ),
    "exclusion-after-deadline.rolled": (
        "{start}–{end} ({codes}) börjar efter den sista dag som perioderna räknas mot, "
        "{counted}, och flyttar den inte (flytten till nästa vardag görs efter att perioderna "
        "räknats).",
        "{start} to {end} ({codes}) begins after the last day the periods are counted against, "
        "{counted}, and does not move it (the move to the next vardag comes after the periods "
        "are counted).",
    ),
    "roll-forward": (
        "{deadline} är inte en vardag ({names}); enligt vald tolkning flyttas sista dagen till "
        "nästa vardag, {rolled}.",
        "{deadline} is not a vardag ({names}); by the chosen policy the last day moves to the "
        "next vardag, {rolled}.",
    ),
    "roll-forward-not-applicable": (
        "{deadline} är inte en vardag ({names}), men 2 § lagen (1930:173) om beräkning av "
        "lagstadgad tid gäller inte den här regeln ({why}); sista dagen ligger kvar.",
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
        "Per {as_of} passerades sista dagen för {over} sedan.",
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
    "status-at_risk.booked-past": (
        "Per {as_of}: {left} kvar; bokningen {past} har passerat utan att vården getts och "
        "räknas inte längre, så det finns ingen bokning. Risk att {noun} inte uppfylls.",
        "As of {as_of}: {left} left; the booking for {past} has passed without the care given "
        "and no longer counts, so there is no booking. At risk of missing {noun}.",
    ),
    "status-within.booked-past": (
        "Per {as_of}: {left} kvar; bokningen {past} har passerat utan att vården getts och "
        "räknas inte längre. Inom {noun}.",
        "As of {as_of}: {left} left; the booking for {past} has passed without the care given "
        "and no longer counts. Within {noun}.",
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
    "care-elsewhere.overdue.landsting": (
        "Landstinget ska se till att patienten får vård hos en annan vårdgivare utan extra "
        "kostnad för patienten{national}.",
        "The county council (landsting; a region from 2020) must arrange care with another "
        "provider at no extra cost to the patient{national}.",
    ),
    "care-elsewhere.overdue.agreement": (
        "Enligt överenskommelsen ska vård erbjudas hos en annan vårdgivare{national}.",
        "Under the agreement (not statute), care with another provider is to be offered{national}.",
    ),
    "care-elsewhere.booked-late": (
        "Den bokade tiden ligger efter sista dagen: boka om senast {deadline}; annars ska "
        "regionen se till att patienten får vård hos en annan vårdgivare från "
        "{required}{national}.",
        "The booking is after the last day: rebook by {deadline}; otherwise the region must see "
        "to it that the patient gets care with another provider from {required}{national}.",
    ),
    "care-elsewhere.booked-late.landsting": (
        "Den bokade tiden ligger efter sista dagen: boka om senast {deadline}; annars ska "
        "landstinget se till att patienten får vård hos en annan vårdgivare från "
        "{required}{national}.",
        "The booking is after the last day: rebook by {deadline}; otherwise the county council "
        "(landsting; a region from 2020) must see to it that the patient gets care with another "
        "provider from {required}{national}.",
    ),
    "care-elsewhere.booked-late.agreement": (
        "Den bokade tiden ligger efter sista dagen: boka om senast {deadline}; annars anger "
        "överenskommelsen vård hos en annan vårdgivare från {required}{national}.",
        "The booking is after the last day: rebook by {deadline}; otherwise the agreement (not "
        "statute) provides for care with another provider from {required}{national}.",
    ),
    "care-elsewhere.later": (
        "Rätten till vård hos en annan vårdgivare följer den nationella fristen, "
        "{deadline}: den gäller från "
        "{required} om patienten inte har fått vården dessförinnan.",
        "Care with another provider follows the national deadline, {deadline}: it is due from "
        "{required} unless the patient has been given care by then.",
    ),
    "care-elsewhere.later.moved": (
        "Rätten till vård hos en annan vårdgivare följer den nationella fristen, "
        "{deadline} (de undantagna "
        "perioderna flyttar den {moved:dag|dagar}): den gäller från {required} om patienten inte "
        "har fått vården dessförinnan.",
        "Care with another provider follows the national deadline, {deadline} (the excluded "
        "periods move it {moved:day|days}): it is due from {required} unless the patient has "
        "been given care by then.",
    ),
    "care-elsewhere.later.rolled": (
        "Rätten till vård hos en annan vårdgivare följer den nationella fristen, "
        "{deadline} (flyttad "
        "{rolled:dag|dagar} till nästa vardag enligt 2 § lagen (1930:173) om beräkning av "
        "lagstadgad tid): den gäller från {required} om patienten inte har fått vården "
        "dessförinnan.",
        "Care with another provider follows the national deadline, {deadline} (moved "
        "{rolled:day|days} to the next vardag under Lag (1930:173) 2 §): it is due from "
        "{required} unless the patient has been given care by then.",
    ),
    "care-elsewhere.later.moved.rolled": (
        "Rätten till vård hos en annan vårdgivare följer den nationella fristen, "
        "{deadline} (de undantagna "
        "perioderna flyttar den {moved:dag|dagar}, och flytten till nästa vardag enligt 2 § "
        "lagen (1930:173) om beräkning av lagstadgad tid {rolled:dag|dagar} till): den gäller "
        "från {required} om patienten inte har fått vården dessförinnan.",
        "Care with another provider follows the national deadline, {deadline} (the excluded "
        "periods move it {moved:day|days}, and the move to the next vardag under Lag "
        "(1930:173) 2 § {rolled:day|days} more): it is due from {required} unless the patient "
        "has been given care by then.",
    ),
    "care-elsewhere.national": (
        " (bedömt mot den nationella fristen)",
        " (judged by the national deadline)",
    ),
    # -- alternatives ----------------------------------------------------------------------
    "alternative.roll-forward": (
        "{deadline} är inte en vardag ({names}); enligt 2 § lagen (1930:173) om beräkning av "
        "lagstadgad tid skulle sista dagen flyttas till nästa vardag",
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
        "den gräns på {days} dagar som den regionala regeln förkortar",
        "the {days}-day limit that the regional rule shortens",
    ),
    "alternative.national-limit-roll-forward": (
        "den gräns på {days} dagar som den regionala regeln förkortar, vars sista dag {deadline} "
        "inte är en vardag ({names}): enligt 2 § lagen (1930:173) om beräkning av lagstadgad tid "
        "skulle den flyttas till nästa vardag",
        "the {days}-day limit that the regional rule shortens, whose last day {deadline} is not "
        "a vardag ({names}): under Lag (1930:173) 2 § it would move to the next vardag",
    ),
    "alternative.law-beneath-target-roll-forward": (
        "lagens gräns på {days} dagar, som gäller också under målet, vars sista dag {deadline} "
        "inte är en vardag ({names}): enligt 2 § lagen (1930:173) om beräkning av lagstadgad tid "
        "skulle den flyttas till nästa vardag",
        "the law's {days}-day limit, which applies under the target too, whose last day "
        "{deadline} is not a vardag ({names}): under Lag (1930:173) 2 § it would move to the "
        "next vardag",
    ),
    "alternative.law-beneath-target": (
        "lagens gräns på {days} dagar, som gäller också under målet",
        "the law's {days}-day limit, which applies under the target too",
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
        "den enskilde sökte kontakt (egen vårdbegäran)",
        "the patient sought contact (egen vårdbegäran, a self-referral)",
    ),
    "start.self-referral-accepted": (
        "egen vårdbegäran accepterad (vantetider.se)",
        "the self-referral was accepted (vantetider.se)",
    ),
    # -- the start event of a rule, in English (the Swedish is the statute's own words) -----
    "event.contact-sought": (
        "{start_text}",
        "the patient seeks contact with primary care",
    ),
    # (a level's own start, where its rule set words it otherwise: BUP's first assessment)
    "event.referral.first-assessment": (
        "{start_text}",
        "the remiss is issued or the patient seeks contact with BUP",
    ),
    # (the statute's words begin after its "från det att", which its second branch repeats:
    # the first gets it too, for the two to read alike in a sentence of their own)
    "event.referral": (
        "från det att {start_text}",
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
    # -- stats: the figures of a waiting list (issue 11) ---------------------------------------
    "stats.method": ("Metod {name}: {title}.", "Method {name}: {title}."),
    "stats.known-until": (
        "Metoden {name} är känd att ge den officiella statistiken till och med {until}; om dess "
        "siffror till och med {census} är den officiella statistikens är inte känt: {source}.",
        "The method {name} is known to give the official statistics up to {until}; whether its "
        "figures up to {census} are the official ones is not known: {source}.",
    ),
    "stats.measures": (
        "Väntande den {census}; genomförda i {period}.",
        "Waiting on {census}; completed in {period}.",
    ),
    "stats.waiting-on": ("Väntande den {census}", "Waiting on {census}"),
    "stats.completed-in": ("Genomförda i {period}", "Completed in {period}"),
    "stats.none": ("Inga.", "None."),
    "stats.total": ("Totalt", "Total"),
    "stats.differ-total": ("totalt", "total"),
    "stats.differ-line": ("rad {line}: {where}, {measure}", "line {line}: {where}, {measure}"),
    "stats.differ-missing": ("finns inte i listan", "not in the list"),
    "stats.differ-count": ("antal {ours} mot {theirs}", "count {ours} vs {theirs}"),
    "stats.differ-share": ("andel {ours} mot {theirs}", "share {ours} vs {theirs}"),
    "cli.stats-differ": (
        "publicerade rader som avviker (antal, eller andel med mer än {tolerance} "
        "procentenheter) eller saknas: {differing} av {rows}; första: {first}",
        "published rows that differ (a count, or a share by more than {tolerance} percentage "
        "points) or are missing: {differing} of {rows}; first: {first}",
    ),
    "stats.blank": ("(tom)", "(blank)"),
    "stats.measure.waiting": ("väntande", "waiting"),
    "stats.measure.completed": ("genomförda", "completed"),
    "stats.home.own": ("eget län", "own"),
    "stats.home.other": ("annat län", "other"),
    "stats.home.unknown": ("okänt", "unknown"),
    "stats.column.unit": ("enhet", "unit"),
    "stats.column.level": ("nivå", "level"),
    "stats.column.home": ("hemlän", "home"),
    "stats.column.waiting": ("väntande", "waiting"),
    "stats.column.completed": ("genomförda", "completed"),
    "stats.column.within-days": ("inom {days} d %", "within {days} d %"),
    "stats.column.over-days": ("över {days} d", "over {days} d"),
    "stats.column.within-limit": ("inom gränsen %", "within limit %"),
    "stats.column.overdue": ("försenade", "overdue"),
    "stats.column.missed": ("för sent", "missed"),
    "stats.column.breach": ("över gränsen", "over limit"),
    "stats.column.median": ("median", "median"),
    "stats.column.over-band": ("över {days}", "over {days}"),
    "stats.column.left-out": ("ej räknade {code}", "out {code}"),
    "stats.column.paused": ("pausade", "paused"),
    "stats.column.restarted": ("omstartade", "restarted"),
    "stats.column.not-judged": ("ej bedömda", "not judged"),
    "stats.column.judged": ("bedömda", "judged"),
    "stats.column.within-method": ("inom (metod)", "within (method)"),
    "stats.column.within-scenario": ("inom (scenario)", "within (scenario)"),
    "stats.column.within-difference": ("skillnad inom", "within change"),
    "stats.column.breach-method": ("över (metod)", "over (method)"),
    "stats.column.breach-scenario": ("över (scenario)", "over (scenario)"),
    "stats.column.breach-difference": ("skillnad över", "over change"),
    "stats.column.scenario-not-judged": ("ej bedömda (scenario)", "not judged (scenario)"),
    "stats.column.measure": ("mått", "measure"),
    # (the workbook's columns in Swedish: those of --csv, in the text table's words)
    "stats.sheet.method": ("metod", "method"),
    "stats.sheet.scope": ("omfång", "scope"),
    "stats.sheet.hidden": ("dold", "hidden"),
    "stats.sheet.within": ("inom", "within"),
    "stats.sheet.breach": ("över", "breach"),
    "stats.sheet.share_numerator": ("andel täljare", "share_numerator"),
    "stats.sheet.share_denominator": ("andel nämnare", "share_denominator"),
    "stats.sheet.band": ("dagar {label}", "band_{label}"),
    "stats.sheet.scenario": ("scenario {name}", "scenario_{name}"),
    "stats.sheet.published_count": ("publicerat antal", "published_count"),
    "stats.sheet.published_share": ("publicerad andel %", "published_share"),
    "stats.sheet.count_difference": ("skillnad antal", "count_difference"),
    "stats.sheet.share_difference": ("skillnad andel p.e.", "share_difference"),
    "stats.sheet.key": ("nyckel", "key"),
    "stats.sheet.value": ("värde", "value"),
    "stats.scope.group": ("grupp", "group"),
    "stats.scope.total": ("totalt", "total"),
    "stats.yes": ("ja", "yes"),
    "stats.no": ("nej", "no"),
    "stats.column.count": ("antal", "count"),
    "stats.column.published": ("publicerat", "published"),
    "stats.column.difference": ("skillnad", "difference"),
    "stats.column.share": ("andel %", "share %"),
    "stats.column.published-share": ("publicerad %", "published %"),
    "stats.column.difference-pp": ("skillnad p.e.", "difference pp"),
    "stats.column.flag": ("resultat", "result"),
    "stats.flag.ok": ("ok", "ok"),
    "stats.flag.hidden": ("dold", "hidden"),
    "stats.flag.differs": ("AVVIKER", "DIFFERS"),
    "stats.flag.missing": ("SAKNAS", "MISSING"),
    "stats.flag.empty": ("inga siffror", "no figures"),
    "stats.scenario-heading": (
        "Scenario {scenario} (metod {method}): väntande den {census}",
        "Scenario {scenario} (method {method}): waiting on {census}",
    ),
    "stats.hidden": (
        "{hidden} = dolt: färre än {min_group} i gruppen (--min-group); antalet visas.",
        "{hidden} = hidden: fewer than {min_group} in the group (--min-group); the count is shown.",
    ),
    "stats.rows": (
        "Rader: {read} lästa, {counted} räknade i grupper, {outside} varken väntande den "
        "{census} eller genomförda i {period}, {empty:tom|tomma}, {errors} med fel.",
        "Rows: {read} read, {counted} counted in groups, {outside} neither waiting on {census} "
        "nor completed in {period}, {empty} empty, {errors} with errors.",
    ),
    "cli.check-errors": (
        "{errors} av {rows} {rows:~rad|rader} har fel (se kolumnen 'error')",
        "{errors} of {rows} rows {errors:~has|have} errors (see the 'error' column)",
    ),
    "check.column.unit": ("enhet", "unit"),
    "check.column.level": ("nivå", "level"),
    "check.column.total": ("rader", "total"),
    "check.column.care_elsewhere": ("vård hos annan", "care_elsewhere"),
    "check.column.share_met": ("i tid av avslutade", "share_met"),
    "check.column.over 180": ("över 180", "over 180"),
    "check.tally": (
        "rader: {rows}, rader med fel: {errors}",
        "rows: {rows}, rows with errors: {errors}",
    ),
    "check.tally-empty": (", tomma rader: {empty}", ", empty rows: {empty}"),
    "check.note": (
        "statusar enligt lagens klocka; i tid av avslutade = i tid / (i tid + för sent), i "
        "grupper av alla storlekar: inte den officiella statistiken (vardgaranti stats)",
        "statuses by the law's clock; share_met = met / (met + missed), in groups of any size: "
        "not the official statistics (vardgaranti stats)",
    ),
    "worklist.book-title": ("Arbetslista per {as_of}", "Worklist as of {as_of}"),
    "worklist.costs-title": (
        "Vård hos annan vårdgivare: uppföljning per {as_of}",
        "Care elsewhere: follow-up as of {as_of}",
    ),
    "stats.title": ("Väntetider: mätdag {census}", "Waiting times: census day {census}"),
    "stats.rows-methods": (
        "Rader: {read} lästa, {counted} räknade i grupper enligt minst en metod, {outside} varken "
        "väntande den {census} eller genomförda i {period}, {empty:tom|tomma}, {errors} med fel.",
        "Rows: {read} read, {counted} counted in groups by at least one method, {outside} neither "
        "waiting on {census} nor completed in {period}, {empty} empty, {errors} with errors.",
    ),
    "stats.other-month": (
        "{rows:rad|rader} av en annan månads leverans (DatatGallerFor), inte {rows:~räknad|"
        "räknade}.",
        "{rows:row|rows} of another month's delivery (DatatGallerFor), not counted.",
    ),
    "stats.not-covered": (
        "Utanför vårdgarantin, i ingen grupp: {items}.",
        "Not covered by the guarantee, in no group: {items}.",
    ),
    "stats.uncovered.reported": (
        "rapporterade utanför (Vardgaranti nej)",
        "reported (Vardgaranti no)",
    ),
    "stats.uncovered.out-of-scope": (
        "utanför garantin till sin art (Fas 3–5)",
        "outside it by kind (Fas 3–5)",
    ),
    "stats.uncovered.not-listed": ("inte listade", "not listed"),
    "stats.uncovered.waived": ("avstått", "waived"),
    "stats.other-level": (
        "{method}: {rows:rad|rader} på nivåer som metoden inte räknar, i ingen grupp.",
        "{method}: {rows:row|rows} of levels the method does not count, in no group.",
    ),
    "stats.no-coverage": (
        "{method}: {rows:rad|rader} utan värde i Vardgaranti, som metoden inte räknar, i ingen "
        "grupp.",
        "{method}: {rows:row|rows} without a Vardgaranti value, which the method does not "
        "count, in no group.",
    ),
    "stats.home-filter": (
        "Bara patienter med hemlän {codes} (Lkf): {other} från andra län och {unknown} med "
        "okänd hemkommun (Lkf 0000, tom eller ogiltig) är inte med.",
        "Only patients whose home län is {codes} (Lkf): {other} from other län and {unknown} "
        "with an unknown home municipality (Lkf 0000, blank or malformed) are left out.",
    ),
    "stats.home-split": (
        "Hemlän (Lkf): eget län = {codes}; annat län; okänt = Lkf 0000, tom eller ogiltig.",
        "Home län (Lkf): own = {codes}; other; unknown = Lkf 0000, blank or malformed.",
    ),
    "stats.errors": (
        "{rows:rad|rader} med fel är inte med, per kolumn: {items} (första: filrad {line}: "
        "{first}).",
        "{rows:row|rows} with errors {rows:~is|are} not counted, by column: {items} "
        "(first: line {line}: {first}).",
    ),
    "stats.scenario-errors": (
        "Scenariot {scenario} kunde inte bedöma {rows:rad|rader}, per kolumn: {items}.",
        "The scenario {scenario} could not evaluate {rows:row|rows}, by column: {items}.",
    ),
    "stats.published-heading": (
        "Publicerade siffror ({source}) mot metod {method}, tolerans {tolerance} procentenheter",
        "Published figures ({source}) against method {method}, tolerance {tolerance} "
        "percentage points",
    ),
    "stats.published-summary": (
        "{rows:publicerad rad|publicerade rader}: {ok} stämmer, {differing} avviker (antal, "
        "eller andel med mer än {tolerance} procentenheter) eller saknas; grupper utan "
        "publicerade siffror: {unpublished}.",
        "{rows:published row|published rows}: {ok} agree, {differing} differ (in count, or in "
        "share by more "
        "than {tolerance} percentage points) or are missing; groups without published "
        "figures: {unpublished}.",
    ),
    "stats.published-empty": (
        "Jämförs inte: {count:publicerad rad|publicerade rader} med varken antal eller andel.",
        "Not compared: {count:published row|published rows} with neither a count nor a share.",
    ),
    "stats.published-hidden": (
        "Jämförs inte, eftersom den beräknade andelen är dold: {count:publicerad andel|"
        "publicerade andelar} för grupper mindre än --min-group {min_group} (--min-group 0 "
        "jämför dem).",
        "Not compared, since the computed share is hidden: {count:published share|published "
        "shares} of groups smaller than --min-group {min_group} (--min-group 0 compares them).",
    ),
    # -- the guarantee unit's week: worklist (issue 12) ---------------------------------------
    "worklist.title": (
        "Arbetslista per {as_of}: patienter {patients}, grupper {groups}, horisont {horizon}",
        "Worklist as of {as_of}: patients {patients}, groups {groups}, horizon {horizon}",
    ),
    "worklist.read": (
        "Lästa rader: {rows}, rader med fel: {errors} (de står inte på listan; se vardgaranti "
        "validate)",
        "Rows read: {rows}, rows with errors: {errors} (not on the list; see vardgaranti validate)",
    ),
    "worklist.group": (
        "patienter {patients}, försenade {overdue}, tidigaste sista dag {earliest}, {next_breach}",
        "patients {patients}, overdue {overdue}, earliest deadline {earliest}, {next_breach}",
    ),
    "worklist.next-breach": ("nästa garantibrott om {days}", "next breach in {days}"),
    "worklist.no-breach": ("nästa garantibrott: inget", "next breach: none"),
    "worklist.forecast": (
        "garantibrott om inget bokas, inom {weeks}",
        "breaches if nothing is booked, within {weeks}",
    ),
    "worklist.whole-list": (
        "Hela listan: försenade {overdue}; garantibrott om inget bokas, inom {weeks}",
        "Whole list: overdue {overdue}; breaches if nothing is booked, within {weeks}",
    ),
    "worklist.week": ("1 vecka:", "1 week:"),
    "worklist.weeks": ("{n} veckor:", "{n} weeks:"),
    "worklist.overview": ("Översikt", "Overview"),
    # a workbook's column headers in Swedish (English keeps the CSV's names)
    "worklist.book.group": ("Grupp", "group"),
    "worklist.book.patients": ("Patienter", "patients"),
    "worklist.book.overdue": ("Försenade", "overdue"),
    "worklist.book.earliest_deadline": ("Tidigaste sista dag", "earliest_deadline"),
    "worklist.book.next_breach_days": ("Dagar till nästa garantibrott", "next_breach_days"),
    "worklist.book.breach": (
        "Garantibrott inom {weeks:vecka|veckor}",
        "breach_{weeks}w",
    ),
    "worklist.costs-sheet": ("Vård hos annan", "Care elsewhere"),
    "worklist.costs-note-sheet": ("Obs", "Note"),
    "worklist.costs-patients-sheet": ("Patienter hos annan", "Patients elsewhere"),
    "worklist.patients-sheet": ("Patienter", "Patients"),
    # -- the guarantee unit's week: list cleaning (issue 12) ----------------------------------
    "validate.V001": (
        "har väntat {days} sedan {start} (mer än {limit}) utan en kommande bokad tid: behöver "
        "patienten fortfarande vården?",
        "waiting {days} since {start} (more than {limit}) without a booking ahead: does the "
        "patient still need the care?",
    ),
    "validate.V001.unbooked": (
        "har väntat {days} sedan {start} (mer än {limit}); filen har ingen kolumn för bokad "
        "tid, så en bokning syns inte: behöver patienten fortfarande vården?",
        "waiting {days} since {start} (more than {limit}); the file has no booking column, so "
        "a booked time cannot be seen: does the patient still need the care?",
    ),
    "validate.V002": (
        "bokad {booked}, en dag som har passerat, men inte genomförd: blev det av?",
        "booked for {booked}, a day that has passed, but not completed: did it happen?",
    ),
    "validate.V003": (
        "id {id} finns också på rad {first}",
        "the id {id} is also on row {first}",
    ),
    "validate.V004": (
        "remiss {referral} på {unit} för {activity} finns också på rad {first}",
        "referral {referral} at {unit} for {activity} is also on row {first}",
    ),
    "validate.V005.period": (
        "{reason}-perioden {start}–{end} börjar efter sista dagen {deadline}: ingen avvikelse "
        "får anges när garantin redan har brutits",
        "the {reason} period {start} to {end} begins after the deadline {deadline}: no "
        "deviation may be recorded once the guarantee is broken",
    ),
    "validate.V017": (
        "{reason}-perioden {start}–{end} börjar efter att vården gavs {completed}, men flyttar "
        "ändå sista dagen till {deadline}, trots att väntan redan var slut: kontrollera datumen",
        "the {reason} period {start} to {end} begins after the care was given on {completed}, "
        "yet moves the deadline to {deadline}, though the wait had ended: check the dates",
    ),
    "validate.V017.region": (
        "perioden {start}–{end} med vård i en annan region börjar efter att vården gavs "
        "{completed}, men flyttar ändå sista dagen till {deadline}, trots att väntan redan var "
        "slut: kontrollera datumen",
        "the period {start} to {end} of care in another region begins after the care was given "
        "on {completed}, yet moves the deadline to {deadline}, though the wait had ended: check "
        "the dates",
    ),
    "validate.V018": (
        "kontakten genomfördes {completed}, utanför leveransens månad {month} "
        "(DatatGallerFor): en leverans av genomförda kontakter har de kontakter som genomfördes "
        "under månaden",
        "the contact was carried out on {completed}, outside the delivery's month {month} "
        "(DatatGallerFor): a completed delivery holds the contacts carried out in its month",
    ),
    "validate.V005.code": (
        "avvikelsekod {deviation}, men sista dagen {deadline} har passerat utan en bokad tid "
        "senast den dagen: inget visar att en tid inom gränsen erbjöds",
        "deviation code {deviation}, but the deadline {deadline} has passed with no booking on "
        "or before it: nothing shows a time offered within the limit",
    ),
    # -- vardgaranti rules --------------------------------------------------------------------
    "cli.rules.in-force": ("Regler i kraft {at}", "Rules in force on {at}"),
    "cli.rules.every": ("Alla versioner", "Every version"),
    "cli.rules.none": (
        "  (inga: regeluppsättningen har ingen regel i kraft den dagen)",
        "  (none: this rule set has no rule in force on that date)",
    ),
    "cli.rules.used": (
        " (i denna regeluppsättning för starter {start}–{until})",
        " (in this rule set for starts {start}–{until})",
    ),
    "cli.rules.exclusions": (
        "undantag: {reasons} ({citation})",
        "exclusions: {reasons} ({citation})",
    ),
    "cli.rules.listed": (
        "endast för patienter listade hos utföraren, hos en sådan utförare som avses i HSL "
        "(2017:30) 7 kap. 3 a § första stycket (vårdval) ({citation})",
        "only for patients listed with the provider, at a vårdval (listing) provider ({citation})",
    ),
    "cli.rules.law-beneath": (
        "lagen under den: {days} ({citation}); vård hos en annan vårdgivare när de har "
        "passerat ({care})",
        "the law beneath it: {days} ({citation}); care elsewhere when they pass ({care})",
    ),
    "cli.rules.care-elsewhere": (
        "vård hos en annan vårdgivare när tidsgränsen har passerat ({care})",
        "care elsewhere when it passes ({care})",
    ),
    "cli.as-of-today": (
        "per {as_of}, i dag (ange --as-of för en annan dag)",
        "as of {as_of}, today (give --as-of for another day)",
    ),
    "cli.as-of-census": (
        "per {as_of}, sista dagen i filens DatatGallerFor-månad, som stats räknar (ange --as-of "
        "för en annan dag)",
        "as of {as_of}, the last day of the file's DatatGallerFor month, as stats counts (give "
        "--as-of for another day)",
    ),
    "cli.report-default": (
        "sidan skrivs till {page} (ge -o - för standard ut, eller -o FIL)",
        "the page is written to {page} (give -o - for standard output, or -o FILE)",
    ),
    "cli.report-errors": (
        '{errors} av {rows:rad|rader} har fel och räknas inte (rapportens tabell "Rader med fel" '
        "listar dem per orsak)",
        "{errors} of {rows} rows {errors:~has|have} errors and {errors:~is|are} not counted "
        "(the report's table 'rows with errors' lists them by reason)",
    ),
    "cli.stats-errors": (
        "{errors} av {rows:rad|rader} har fel och räknas inte ({reasons})",
        "{errors} of {rows} rows {errors:~has|have} errors and {errors:~is|are} not counted "
        "({reasons})",
    ),
    "cli.worklist-one-sheet": (
        "arbetsboken har {groups} grupper, fler än {most}: patienterna står på ett blad, "
        "'Patienter', med gruppens nummer (i stället för ett blad per grupp)",
        "the workbook has {groups} groups, more than {most}: the patients are on one sheet, "
        "'Patients', with their group's number (instead of a sheet per group)",
    ),
    "cli.worklist-errors": (
        "{errors} av {rows:rad|rader} har fel och är inte med på listan (se 'vardgaranti "
        "validate')",
        "{errors} of {rows} rows {errors:~has|have} errors and {errors:~is|are} not on the list "
        "(see 'vardgaranti validate')",
    ),
    "cli.costs-errors": (
        "{errors} av {rows:rad|rader} har fel och räknas inte (se 'vardgaranti validate')",
        "{errors} of {rows} rows {errors:~has|have} errors and {errors:~is|are} not counted "
        "(see 'vardgaranti validate')",
    ),
    "cli.letters-interrupted": (
        "arbetslistan skrevs, men bara {letters} av {total:brev|brev} (i {folder}): mappen är "
        "ofullständig; skicka inget därifrån",
        "the worklist was written, but only {letters} of {total:letter|letters} (in {folder}): "
        "the folder is incomplete; send nothing from it",
    ),
    "cli.letters-contact": (
        "{patients:patient|patienter} på nivån kontakt fick inget brev: garantin gäller kontakt "
        "samma dag, en dag som har passerat innan ett brev kommer fram; ring i stället",
        "{patients:patient|patients} of the contact level got no letter: the guarantee is "
        "contact the same day, a day past before a letter arrives; call them instead",
    ),
    "cli.letters-past": (
        "breven skrivs per {as_of}, {days:dag|dagar} före i dag ({today}): en patient läser "
        "sina dagar som de var då; ange --as-of {today} för brev per i dag",
        "the letters are written as of {as_of}, {days:day|days} before today ({today}): a "
        "patient reads their days as they were then; give --as-of {today} for letters as of "
        "today",
    ),
    "cli.letters-future": (
        "breven skrivs per {as_of}, {days:dag|dagar} efter i dag ({today}): en patient läser "
        "sina dagar som de blir då; ange --as-of {today} för brev per i dag",
        "the letters are written as of {as_of}, {days:day|days} after today ({today}): a "
        "patient reads their days as they will be then; give --as-of {today} for letters as "
        "of today",
    ),
    "cli.letters-written": (
        "{letters:brev skrivet|brev skrivna} till {folder}",
        "{letters:letter|letters} written to {folder}",
    ),
    "cli.letters-no-id.one": (
        "1 brev gäller en patient utan id (namngivet patient-...): ta reda på vem patienten är "
        "innan det skickas (se 'vardgaranti validate', V012)",
        "1 letter is for a patient without an id (named patient-...): find the patient before "
        "sending (see 'vardgaranti validate', V012)",
    ),
    "cli.letters-no-id.many": (
        "{letters} brev gäller patienter utan id (namngivna patient-...): ta reda på vilka "
        "patienterna är innan de skickas (se 'vardgaranti validate', V012)",
        "{letters} letters are for patients without an id (named patient-...): find the "
        "patients before sending (see 'vardgaranti validate', V012)",
    ),
    "cli.letters-apart.one": (
        "1 brev har fått ett namn med ~2 (ett id på flera rader i listan, eller id som skiljer "
        "sig bara i versaler): {shown}; kontrollera vems det är innan det skickas (se "
        "'vardgaranti validate', V003)",
        "1 letter is named apart with ~2 (an id on several rows of the list, or ids that differ "
        "only in case): {shown}; check whose it is before sending (see 'vardgaranti validate', "
        "V003)",
    ),
    "cli.letters-apart.many": (
        "{letters} brev har fått namn med ~2, ~3, ... (ett id på flera rader i listan, eller id "
        "som skiljer sig bara i versaler): {shown}; kontrollera vems de är innan de skickas (se "
        "'vardgaranti validate', V003)",
        "{letters} letters are named apart with ~2, ~3, ... (an id on several rows of the list, "
        "or ids that differ only in case): {shown}; check which is whose before sending (see "
        "'vardgaranti validate', V003)",
    ),
    "cli.costs-no-distance": (
        "filen har ingen avståndskolumn: ingen uppskattning av resekostnaderna",
        "the file has no distance column: no travel estimate",
    ),
    "cli.costs-example": (
        "reglerna för resor {name} är ett exempel, inte ett regionbeslut",
        "the travel rules {name} are an example, not a region's decision",
    ),
    "cli.interrupted": ("avbrutet av {signal}", "interrupted by {signal}"),
    "cli.interrupted.written": (
        "utfilen hann skrivas färdig innan det avbröts",
        "the output file was written in full before it stopped",
    ),
    "cli.interrupted.kept": ("utfilen lämnades som den var", "the output file was left as it was"),
    "cli.ignored-policy": (
        "{option} ändrar inga siffror i vardgaranti {command}; ignoreras",
        "{option} changes no figure of vardgaranti {command}; ignored",
    ),
    "cli.ignored-costs": (
        "{option} hör till arbetslistan, inte --costs; används inte",
        "{option} is for the worklist, not --costs; ignored",
    ),
    "cli.no-letters-costs": (
        "--letters hör till arbetslistan, inte --costs; inga brev skrivna",
        "--letters is for the worklist, not --costs; no letters written",
    ),
    "cli.costs-in-time": (
        "{patients:patient|patienter} som regionen remitterade fick vård senast på lagens dag "
        "(90 dagar) och finns inte i uppföljningen, som gäller väntan längre än så; regionen "
        "betalar {patients:~patientens|deras} merkostnader också (check: costs_covered yes)",
        "{patients:patient|patients} the region referred {patients:~was|were} given care by the "
        "law's day (90 days) and {patients:~is|are} not in the follow-up, which is of longer "
        "waits; the region pays their extra costs too (check: costs_covered yes)",
    ),
    "cli.costs-to-check-in-time": (
        "{patients:patient|patienter} som fick vård senast lagens dag (90 dagar) har ett "
        "remissdatum före starten eller en omstart, efter lägesdagen eller efter att vården "
        "gavs, och finns inte i uppföljningen; kontrollera datumet: remitterade regionen "
        "{patients:~patienten|dem}, betalar den merkostnaderna också",
        "{patients:patient|patients} given care by the law's day (90 days) {patients:~has|have} "
        "a referral dated before the start or a restart, after the as-of day or after the care "
        "was given, and {patients:~is|are} not in the follow-up; check the date: if the region "
        "referred {patients:~the patient|them}, it pays the extra costs too",
    ),
    "cli.costs-deviations": (
        "{patients:patient|patienter} med avvikelsekod (PvV, MoV, SoV) och en remiss eller "
        "annan vårdgivare finns inte i uppföljningen: väntan bedöms inte (check visar "
        "costs_covered)",
        "{patients:patient|patients} with a deviation code (PvV, MoV, SoV) and a referral or "
        "another provider {patients:~is|are} not in the follow-up: the wait is not judged "
        "(check gives costs_covered)",
    ),
    "cli.costs-deviations-listed": (
        "{patients:patient|patienter} med avvikelsekod (PvV, MoV, SoV) och en remiss eller "
        "annan vårdgivare står i listan utan lagens sista dag: väntan bedöms inte (leveransen "
        "har inga datum att göra uppehåll efter), och de räknas inte i uppföljningen",
        "{patients:patient|patients} with a deviation code (PvV, MoV, SoV) and a referral or "
        "another provider {patients:~is|are} listed without the law's day: the wait is not "
        "judged (the delivery has no dates to pause it by), and not counted in the follow-up",
    ),
    "cli.costs-to-check": (
        "{patients:patient|patienter} har ett remissdatum före starten eller en omstart, efter "
        "lägesdagen eller efter att vården gavs: räknas i att_kontrollera (to_check), varken som "
        "{patients:~remitterad|remitterade} eller som eget val; kontrollera datumet (ett före en "
        "omstart gällde perioden före den)",
        "{patients:patient|patients} {patients:~has|have} a referral dated before the start or a "
        "restart, after the as-of day or after the care was given: counted in to_check, neither "
        "referred nor own choice; check the date (one before a restart was for the period "
        "before it)",
    ),
    "cli.costs-unreadable": (
        "{distances:avstånd|avstånd} kunde inte läsas (kolumn {column}{distances:~,|; det "
        "första} på rad {line}: {cell}): {distances:~patienten räknas som remitterad|"
        "patienterna räknas som remitterade}, utan reseuppskattning",
        "{distances:distance|distances} could not be read (column {column}{distances:~,|; the "
        "first} on line {line}: {cell}): {distances:~the patient is|the patients are} counted "
        "as referred, without a travel estimate",
    ),
    "validate.V006": (
        "{level_column} {level} omfattas inte av vårdgarantin, men {covered_column} är ja",
        "{level_column} {level} is outside the guarantee, but {covered_column} is yes",
    ),
    "validate.V016": (
        "{covered_column} är tom: lagen täcker {level_column} {level} efter fasen, men den "
        "officiella statistiken räknar bara {covered_column} ja",
        "{covered_column} is empty: the law covers {level_column} {level} by its phase, but the "
        "official statistics count only {covered_column} yes",
    ),
    "validate.V007": (
        "{level_column} {level} omfattas av vårdgarantin, men {covered_column} är nej: stämmer "
        "bara för en patient utanför regionens vårdgaranti (t.ex. från en annan region)",
        "{level_column} {level} is covered by the guarantee, but {covered_column} is no: right "
        "only for a patient outside the region's guarantee (e.g. from another region)",
    ),
    "validate.V008": (
        "{column} {start} är före {earliest}, det tidigaste som formatet {profile} tillåter",
        "{column} {start} is before {earliest}, the earliest the {profile} format allows",
    ),
    "validate.V009": (
        "okänd hemkommun ({column} 0000): det går inte att avgöra vilken regions vårdgaranti "
        "som gäller",
        "home municipality unknown ({column} 0000): whose guarantee applies cannot be told",
    ),
    "validate.V010": (
        "genomförd {completed} ({column}), före starten {start}",
        "completed {completed} ({column}), before the start {start}",
    ),
    "validate.V011": (
        "bokad {booked} ({column}), före starten {start}",
        "booked for {booked} ({column}), before the start {start}",
    ),
    "validate.V012": ("inget id ({column} är tomt)", "no id ({column} is empty)"),
    # -- the rule or source each finding code rests on (validate's [...], the report's Grund)
    "validate.source.V001": (
        "vardgaranti: --stale-days (en lokal gräns; ingen nationell regel anger någon)",
        "vardgaranti: --stale-days (a local threshold; no national rule sets one)",
    ),
    "validate.source.V002": (
        "vardgaranti, räknekonventioner: en bokning i det förflutna som inte genomfördes "
        "räknas inte längre",
        "vardgaranti, counting conventions: a booking in the past that was not completed "
        "no longer counts",
    ),
    "validate.source.V003": (
        "SKR, Informationsmodell – Tillgänglighet specialiserad vård 1.1: VardkontaktId "
        "anger en kontakt; det egna formatet: en rad per väntan",
        "SKR, Informationsmodell – Tillgänglighet specialiserad vård 1.1: VardkontaktId "
        "identifies one contact; the native format: one row per case",
    ),
    "validate.source.V004": (
        "Tolkning: en remiss ger en väntan per enhet och aktivitet (SKR, "
        "Informationsmodell – Tillgänglighet specialiserad vård 1.1: RemissId, "
        "HSAIdVardenhet, Aktivitet)",
        "Interpretation: one referral gives one wait per unit and activity (SKR, "
        "Informationsmodell – Tillgänglighet specialiserad vård 1.1: RemissId, "
        "HSAIdVardenhet, Aktivitet)",
    ),
    "validate.source.V005": (
        "SKR FAQ 2021-03-10: ingen avvikelseorsak när ingen tid inom gränsen kunde "
        "erbjudas; HSF (2017:80) 6 kap. 2 § ('erbjudits vård i enlighet med "
        "vårdgarantin')",
        "SKR FAQ 2021-03-10: no deviation reason when no time within the limit could be "
        "offered; HSF (2017:80) 6 kap. 2 § ('erbjudits vård i enlighet med vårdgarantin')",
    ),
    "validate.source.V006": (
        "SKR, Informationsmodell – Tillgänglighet specialiserad vård 1.1 (Fas 4: ej "
        "vårdgaranti); 1177, IVO: återbesök, undersökningar och akut vård omfattas inte "
        "av vårdgarantin",
        "SKR, Informationsmodell – Tillgänglighet specialiserad vård 1.1 (Fas 4: ej "
        "vårdgaranti); 1177, IVO: återbesök, undersökningar and acute care are outside "
        "the guarantee",
    ),
    "validate.source.V007": (
        "HSF (2017:80) 6 kap. 1 § 3–4 (besök i den specialiserade vården och planerad vård; "
        "återbesök inte, enligt 1177 och IVO); HSL (2017:30) 8 kap. 3 § (inte för en patient "
        "från en annan region)",
        "HSF (2017:80) 6 kap. 1 § 3–4 (visits in specialised care and planned care; not "
        "follow-up visits, by 1177 and IVO practice); HSL (2017:30) 8 kap. 3 § (not for a "
        "patient of another region)",
    ),
    "validate.source.V008": (
        "SKR, Informationsmodell – Tillgänglighet specialiserad vård 1.1: BeslutAktivitet "
        "2010-01-01 eller senare (för en egen profil med eget tidigaste datum, earliest: den "
        "profilen)",
        "SKR, Informationsmodell – Tillgänglighet specialiserad vård 1.1: BeslutAktivitet "
        "2010-01-01 or later (a profile's own earliest: that profile)",
    ),
    "validate.source.V009": (
        "SKR, Informationsmodell – Tillgänglighet specialiserad vård 1.1: Lkf 0000 när "
        "den är okänd; HSL (2017:30) 8 kap. 1–3 §§ (hemregionens vårdgaranti)",
        "SKR, Informationsmodell – Tillgänglighet specialiserad vård 1.1: Lkf 0000 when "
        "unknown; HSL (2017:30) 8 kap. 1–3 §§ (the home region's guarantee)",
    ),
    "validate.source.V010": (
        "vardgaranti check: vården kan inte ha getts före starten (ett radfel)",
        "vardgaranti check: a completion cannot come before the start (a row error)",
    ),
    "validate.source.V011": (
        "vardgaranti check: en bokning kan inte ligga före starten (ett radfel)",
        "vardgaranti check: a booking cannot come before the start (a row error)",
    ),
    "validate.source.V012": (
        "det egna formatet och SKR, Informationsmodell – Tillgänglighet specialiserad "
        "vård 1.1: id krävs",
        "the native format and SKR, Informationsmodell – Tillgänglighet specialiserad "
        "vård 1.1: the id is required",
    ),
    "validate.source.V013": (
        "vardgaranti check: radens fel (eller, i en nationell fil, ett värde i Vardgaranti som "
        "check inte läser)",
        "vardgaranti check: the row's error (or, in a national file, a Vardgaranti value check "
        "does not read)",
    ),
    "validate.source.V014": (
        "HSL (2017:30) 9 kap. 2 § (vård hos en annan vårdgivare ordnas när regionen inte "
        "kan ge den inom vårdgarantin, alltså efter att väntan börjat)",
        "HSL (2017:30) 9 kap. 2 § (care elsewhere is arranged when the region cannot give "
        "it within the guarantee, so after the wait began)",
    ),
    "validate.source.V019": (
        "HSL (2017:30) 9 kap. 2 § (regionen ordnar vården hos en annan vårdgivare: remissen "
        "kommer före vården, inte efter den)",
        "HSL (2017:30) 9 kap. 2 § (the region arranges the care elsewhere: the referral comes "
        "before the care, not after it)",
    ),
    "validate.source.V015": (
        "SKR, Informationsmodell – Tillgänglighet specialiserad vård 1.1: variablernas form "
        "och kodlistor",
        "SKR, Informationsmodell – Tillgänglighet specialiserad vård 1.1: the variables' forms "
        "and code lists",
    ),
    "validate.source.V017": (
        "HSF (2017:80) 6 kap. 2 §: tid då den enskilde av medicinska skäl inte kan ges vård, "
        "har valt vård i en annan region eller frivilligt avstår från vård räknas inte in i "
        "väntan; när vården har getts finns ingen sådan tid",
        "HSF (2017:80) 6 kap. 2 §: time when the patient cannot be given care for medical "
        "reasons, has chosen care in another region or declines care is not counted in the "
        "wait; once the care was given there is no such time",
    ),
    "validate.source.V018": (
        "SKR, Informationsmodell – Tillgänglighet specialiserad vård 1.1: Genomförda är de "
        "kontakter som genomförts under en kalendermånad (DatatGallerFor)",
        "SKR, Informationsmodell – Tillgänglighet specialiserad vård 1.1: Genomförda are the "
        "contacts carried out during a calendar month (DatatGallerFor)",
    ),
    "validate.source.V016": (
        "SKR: den officiella statistiken räknar kontakterna med Vardgaranti ja (KCHD "
        "calc_vantetid_genomford, res_kpi_manad); HSF (2017:80) 6 kap. 1 § 3–4 omfattar "
        "besök i den specialiserade vården och planerad vård vad filen än säger",
        "SKR: the official figures count the contacts with Vardgaranti yes (KCHD "
        "calc_vantetid_genomford, res_kpi_manad); HSF (2017:80) 6 kap. 1 § 3–4 covers "
        "visits in specialised care and planned care whatever the file says",
    ),
    "validate.column.code": ("kod", "code"),
    "validate.column.name": ("namn", "name"),
    "validate.column.unit": ("enhet", "unit"),
    "validate.column.findings": ("fynd", "findings"),
    "validate.V013": ("raden kan inte bedömas: {error}", "the row cannot be evaluated: {error}"),
    "validate.V013.coverage": (
        "värdet i {column} kan inte läsas: {error} (check lämnar raden utanför vårdgarantins "
        "nivåer utan att läsa det, men den nationella databasen tar inte emot värdet)",
        "the {column} value cannot be read: {error} (check leaves the row outside the "
        "guarantee's levels without reading it, but the national database does not take the "
        "value)",
    ),
    "validate.V014": (
        "remitterad till annan vårdgivare {referred} ({column}), före starten {start}",
        "referred to another provider {referred} ({column}), before the start {start}",
    ),
    "validate.V019": (
        "remitterad till annan vårdgivare {referred} ({column}), efter att vården gavs {completed}",
        "referred to another provider {referred} ({column}), after the care was given {completed}",
    ),
    "validate.V015.id": (
        "{column} {value} är kortare än 2 tecken",
        "{column} {value} is shorter than 2 characters",
    ),
    "validate.V015.sex": (
        "{column} {value} är ingen kod för kön (1, m, man; 2, k, kvinna; 3, o, okänt)",
        "{column} {value} is not a code of sex (1, m, man; 2, k, kvinna; 3, o, okänt)",
    ),
    "validate.V015.period": (
        "{column} {value} är inget datum (mätperioden, ÅÅÅÅ-MM-DD)",
        "{column} {value} is not a date (the measurement period, YYYY-MM-DD)",
    ),
    "validate.V015.lkf": (
        "{column} {value} är ingen kommunkod (fyra siffror, 0000 när den är okänd)",
        "{column} {value} is not a municipality code (four digits, 0000 when unknown)",
    ),
    "validate.V015.deviation": (
        "{column} {value} är ingen avvikelsekod ({codes}); kontakten ligger utanför "
        "vårdgarantin, så check läser den inte, men den nationella databasen tar inte emot den",
        "{column} {value} is not a deviation code ({codes}); the contact is outside the "
        "guarantee, so check does not read it, but the national database does not take it",
    ),
    "validate.V015.digits": (
        "{column} {value} är inte {form} siffror",
        "{column} {value} is not {form} digits",
    ),
    "validate.V015.length": (
        "{column} {value} är inte {form} tecken lång",
        "{column} {value} is not {form} characters long",
    ),
    "validate.V015.code": (
        "{column} {value} är ingen kod i variabelns kodlista ({form})",
        "{column} {value} is not a code of the variable's list ({form})",
    ),
    "validate.V015.date": (
        "{column} {value} är inget datum",
        "{column} {value} is not a date",
    ),
    "validate.V015.required": (
        "{column} saknas; informationsmodellen kräver den för {phase_column} {phases}",
        "{column} is empty; the information model requires it for {phase_column} {phases}",
    ),
    "validate.V015.birth": (
        "{column} {value} är inget födelseår (fyra siffror, 1901 eller senare)",
        "{column} {value} is not a year of birth (four digits, 1901 or later)",
    ),
    "validate.line": (
        "{code} rad {row} (filrad {line}), id {id}{unit}: {text} [{source}]",
        "{code} row {row} (line {line}), id {id}{unit}: {text} [{source}]",
    ),
    "validate.tally": (
        "{findings} fynd på {rows_with_findings} av {rows:rad|rader}",
        "findings: {findings} on {rows_with_findings} of {rows} rows",
    ),
    "validate.capped": (
        "dubblettkontrollen nådde sin gräns för antal id (--max-ids): dubbletter av id som kom "
        "efter det hittas inte",
        "the duplicate check reached its limit of ids (--max-ids): duplicates of ids seen after "
        "that are not found",
    ),
    "validate.none": ("Inga fynd.", "No findings."),
    # -- the guarantee unit's week: extra costs of care elsewhere (issue 12) ------------------
    "costs.referred": (
        "Regionen remitterade patienten enligt vårdgarantin {day}: regionen betalar resa och "
        "andra merkostnader.",
        "The region referred the patient under the guarantee on {day}: the region pays travel "
        "and other extra costs.",
    ),
    "costs.own-choice": (
        "Patienten valde själv vårdgivare, utan remiss enligt vårdgarantin: regionen betalar "
        "inte merkostnaderna.",
        "The patient chose the provider, without a referral under the guarantee: the region "
        "does not pay the extra costs.",
    ),
    "costs.due": (
        "Vård hos en annan vårdgivare ska ordnas, men patienten är inte remitterad än: när "
        "regionen remitterar betalar den merkostnaderna.",
        "Care elsewhere is due, but the patient is not referred yet: when the region refers "
        "the patient, it pays the extra costs.",
    ),
    "costs.not-elsewhere": (
        "Ingen vård hos en annan vårdgivare är ordnad eller vald.",
        "No care elsewhere is arranged or chosen.",
    ),
    "costs.no-duty": (
        "Nivån ger ingen rätt till vård hos en annan vårdgivare (det gör bara besöks- och "
        "behandlingsgarantin).",
        "The level brings no right to care elsewhere (only the visit and the treatment "
        "guarantee do).",
    ),
    "costs.not-covered": (
        "Vårdgarantin gäller inte kontakten.",
        "The guarantee does not apply to the contact.",
    ),
    "costs.referred-before-start": (
        "Remissdatumet {day} ligger före väntetidens start: kontrollera uppgiften.",
        "The referral date {day} is before the start of the wait: check it.",
    ),
    "costs.referred-before-restart": (
        "Remissdatumet {day} ligger före omstarten: remissen gällde perioden före den, som "
        "slutade när patienten avböjde eller ändrade sig. Ange den nya periodens remiss, om "
        "det finns någon.",
        "The referral date {day} is before the restart: the referral was for the period before "
        "it, which ended when the patient declined or changed their mind. Give the new period's "
        "referral, if there is one.",
    ),
    "costs.referred-later": (
        "Remissen {day} ligger efter dagen som listan bedöms för och har inte skett ännu.",
        "The referral on {day} is after the as-of day and has not happened yet.",
    ),
    "costs.referred-after-care": (
        "Remissdatumet {day} ligger efter att vården gavs: kontrollera uppgiften.",
        "The referral date {day} is after the care was given: check it.",
    ),
    # The follow-up's text table in Swedish (the CSV, JSON and English keep the keys).
    "costs.column.unit": ("enhet", "unit"),
    "costs.column.month": ("månad", "month"),
    "costs.column.patients": ("patienter", "patients"),
    "costs.column.referred": ("remitterade", "referred"),
    "costs.column.own_choice": ("eget_val", "own_choice"),
    "costs.column.to_check": ("att_kontrollera", "to_check"),
    "costs.column.travel_patients": ("med_resa", "travel_patients"),
    "costs.column.travel_cost": ("resekostnad", "travel_cost"),
    "costs.column.region_pays": ("regionen_betalar", "region_pays"),
    "costs.column.patient_pays": ("patienten_betalar", "patient_pays"),
    "costs.column.uncovered": ("ej_täckt", "uncovered"),
    "costs.title": (
        "Vård hos en annan vårdgivare efter mer än 90 dagars väntan, per enhet och månad "
        "(per {as_of})",
        "Care elsewhere after more than 90 days' wait, per unit and month (as of {as_of})",
    ),
    "costs.example": (
        "Reseuppskattningen bygger på exempelsiffror, inte på ett regionbeslut ({name}).",
        "The travel estimate uses example figures, not a region's decision ({name}).",
    ),
    "costs.none": ("Inga patienter.", "No patients."),
    "costs.patients-title": (
        "Alla patienter som fått vård hos en annan vårdgivare, också de som fick den senast på "
        "lagens sista dag (per {as_of}): vem regionen betalar för",
        "All patients given care by another provider, those given it by the law's day too (as "
        "of {as_of}): whom the region pays for",
    ),
    # (a reason in a table's cell: costs.<reason> says it as a sentence)
    "costs.reason.referred": ("remitterad", "referred"),
    "costs.reason.own-choice": ("eget val", "own-choice"),
    "costs.reason.due": ("ska ordnas", "due"),
    "costs.reason.not-elsewhere": ("inte hos annan", "not-elsewhere"),
    "costs.reason.no-duty": ("ingen rätt till vård hos annan", "no-duty"),
    "costs.reason.not-covered": ("omfattas inte", "not-covered"),
    "costs.reason.referred-before-start": ("remiss före start", "referred-before-start"),
    "costs.reason.referred-before-restart": ("remiss före omstart", "referred-before-restart"),
    "costs.reason.referred-later": ("remiss efter dagens datum", "referred-later"),
    "costs.reason.referred-after-care": ("remiss efter given vård", "referred-after-care"),
    "costs.yes": ("ja", "yes"),
    "costs.no": ("nej", "no"),
    "costs.patient.id": ("id", "id"),
    "costs.patient.unit": ("enhet", "unit"),
    "costs.patient.level": ("nivå", "level"),
    "costs.patient.start": ("start", "start"),
    "costs.patient.law_deadline": ("lagens sista dag", "law_deadline"),
    "costs.patient.completed": ("vård given", "completed"),
    "costs.patient.past_law_deadline": ("efter lagens dag", "past_law_deadline"),
    "costs.patient.referred": ("remitterad", "referred"),
    "costs.patient.provider": ("vårdgivare", "provider"),
    "costs.patient.costs_covered": ("regionen betalar", "costs_covered"),
    "costs.patient.reason": ("varför", "reason"),
    "costs.patient.distance": ("avstånd", "distance"),
    "costs.patient.travel_cost": ("resekostnad", "travel_cost"),
    "costs.patient.region_pays": ("regionen betalar resa", "region_pays"),
    "costs.patient.patient_pays": ("patienten betalar", "patient_pays"),
    "costs.patient.uncovered": ("ej täckt", "uncovered"),
    "costs.rows": (
        "Lästa rader: {rows}, rader med fel: {errors} (inte räknade; se vardgaranti validate), "
        "avstånd som inte kunde läsas: {distances}",
        "Rows read: {rows}, rows with errors: {errors} (not counted; see vardgaranti validate), "
        "distances that could not be read: {distances}",
    ),
    # -- the guarantee unit's week: letters to patients (issue 12) ----------------------------
    "letter.title": ("Din vårdgaranti", "Your care guarantee"),
    "letter.title-target": ("Din väntetid", "Your wait"),
    "letter.greeting": ("Hej!", "Hello,"),
    "letter.waiting.assessment": (
        "Du väntar på en medicinsk bedömning på din vårdcentral.",
        "You are waiting for a medical assessment at your health centre.",
    ),
    "letter.waiting.visit": (
        "Du väntar på ett besök i den specialiserade vården, till exempel hos en specialistläkare.",
        "You are waiting for a visit in specialised care, for example with a specialist doctor.",
    ),
    "letter.waiting.treatment": (
        "Du väntar på en behandling eller operation som du och vården har bestämt att du ska få.",
        "You are waiting for a treatment or an operation that you and your care team have "
        "decided you should have.",
    ),
    "letter.waiting.treatment-bup": (
        "Du väntar på en behandling inom barn- och ungdomspsykiatrin (BUP) som du och vården har "
        "bestämt att du ska få.",
        "You are waiting for a treatment in child and adolescent psychiatry (BUP) that you and "
        "your care team have decided you should have.",
    ),
    "letter.waiting.first-assessment": (
        "Du väntar på en första bedömning inom barn- och ungdomspsykiatrin (BUP).",
        "You are waiting for a first assessment in child and adolescent psychiatry (BUP).",
    ),
    "letter.waiting.deepened-assessment": (
        "Du väntar på en fördjupad utredning inom barn- och ungdomspsykiatrin (BUP).",
        "You are waiting for an in-depth assessment in child and adolescent psychiatry (BUP).",
    ),
    # (HSL 9 kap. 1 § 2 st.: at a vårdval provider, the listed patients only; elsewhere,
    # everyone: true of a patient whose listing, or whether it applies, is not known)
    "letter.listing-unknown": (
        "På en vårdcentral där man kan lista sig gäller det bara om du är listad där.",
        "At a health centre where patients can list, it applies only if you are listed there.",
    ),
    "letter.guarantee": (
        "Vårdgarantin betyder att du inte ska behöva vänta längre än en viss tid på vård. Det "
        "står i lagen.",
        "The care guarantee (vårdgarantin) means that you should not have to wait longer than "
        "a certain time for care. It is set in law.",
    ),
    "letter.waiting.assessment-doctor": (
        "Du väntar på ett besök hos läkare på din vårdcentral.",
        "You are waiting for a visit to a doctor at your health centre.",
    ),
    "letter.deadline.assessment-doctor": (
        "Enligt vårdgarantin ska du få ett besök hos läkare senast den {deadline}.",
        "Under the guarantee you should have a visit to a doctor no later than {deadline}.",
    ),
    "letter.deadline-regional.assessment-doctor": (
        "Din region har bestämt en kortare väntetid än lagen: du ska få ett besök hos läkare "
        "senast den {deadline}.",
        "Your region has set a shorter wait than the law: you should have a visit to a doctor no "
        "later than {deadline}.",
    ),
    "letter.deadline-regional.assessment-doctor.landsting": (
        "Ditt landsting har bestämt en kortare väntetid än lagen: du ska få ett besök hos "
        "läkare senast den {deadline}.",
        "Your county council (landsting) has set a shorter wait than the law: you should have "
        "a visit to a doctor no later than {deadline}.",
    ),
    "letter.deadline-target.assessment-doctor": (
        "Målet är att du ska få ett besök hos läkare senast den {deadline}.",
        "The aim is that you have a visit to a doctor no later than {deadline}.",
    ),
    "letter.overdue.assessment-doctor": (
        "Den dagen har passerat, och du har ännu inte fått ett besök hos läkare.",
        "That day has passed, and you have not yet had a visit to a doctor.",
    ),
    "letter.deadline.assessment": (
        "Enligt vårdgarantin ska du få en medicinsk bedömning senast den {deadline}.",
        "Under the guarantee you should have a medical assessment no later than {deadline}.",
    ),
    "letter.deadline.visit": (
        "Enligt vårdgarantin ska du få ditt besök senast den {deadline}.",
        "Under the guarantee you should have your visit no later than {deadline}.",
    ),
    "letter.deadline.treatment": (
        "Enligt vårdgarantin ska din behandling börja senast den {deadline}.",
        "Under the guarantee your treatment should start no later than {deadline}.",
    ),
    "letter.deadline-regional.assessment": (
        "Din region har bestämt en kortare väntetid än lagen: du ska få en medicinsk bedömning "
        "senast den {deadline}.",
        "Your region has set a shorter wait than the law: you should have a medical assessment "
        "no later than {deadline}.",
    ),
    "letter.deadline-regional.assessment.landsting": (
        "Ditt landsting har bestämt en kortare väntetid än lagen: du ska få en medicinsk "
        "bedömning senast den {deadline}.",
        "Your county council (landsting) has set a shorter wait than the law: you should have "
        "a medical assessment no later than {deadline}.",
    ),
    "letter.deadline-regional.visit": (
        "Din region har bestämt en kortare väntetid än lagen: du ska få ditt besök "
        "senast den {deadline}.",
        "Your region has set a shorter wait than the law: you should have your visit no "
        "later than {deadline}.",
    ),
    "letter.deadline-regional.visit.landsting": (
        "Ditt landsting har bestämt en kortare väntetid än lagen: du ska få ditt besök "
        "senast den {deadline}.",
        "Your county council (landsting) has set a shorter wait than the law: you should have "
        "your visit no later than {deadline}.",
    ),
    "letter.deadline-regional.treatment": (
        "Din region har bestämt en kortare väntetid än lagen: din behandling ska börja senast "
        "den {deadline}.",
        "Your region has set a shorter wait than the law: your treatment should start no later "
        "than {deadline}.",
    ),
    "letter.deadline-regional.treatment.landsting": (
        "Ditt landsting har bestämt en kortare väntetid än lagen: din behandling ska börja "
        "senast den {deadline}.",
        "Your county council (landsting) has set a shorter wait than the law: your treatment "
        "should start no later than {deadline}.",
    ),
    "letter.deadline-target.assessment": (
        "Målet är att du ska få en medicinsk bedömning senast den {deadline}.",
        "The aim is that you have a medical assessment no later than {deadline}.",
    ),
    "letter.deadline-target.visit": (
        "Målet är att du ska få ditt besök senast den {deadline}.",
        "The aim is that you have your visit no later than {deadline}.",
    ),
    "letter.deadline-target.treatment": (
        "Målet är att din behandling ska börja senast den {deadline}.",
        "The aim is that your treatment starts no later than {deadline}.",
    ),
    "letter.deadline-target.first-assessment": (
        "Målet är att du ska få en första bedömning senast den {deadline}.",
        "The aim is that you have a first assessment no later than {deadline}.",
    ),
    "letter.deadline-target.deepened-assessment": (
        "Målet är att du ska få en fördjupad utredning senast den {deadline}.",
        "The aim is that you have an in-depth assessment no later than {deadline}.",
    ),
    "letter.agreement-not-law": (
        "Tidsgränsen kommer från överenskommelsen mellan staten och Landstingsförbundet om en "
        "nationell vårdgaranti (2005), som gällde när din väntan började. Överenskommelsen är "
        "inte en lag.",
        "The limit comes from the agreement between the state and the Federation of County "
        "Councils (Landstingsförbundet) on a national care guarantee (2005), in force when your "
        "wait began. The agreement is not a law.",
    ),
    "letter.target-not-law": (
        "Målet är inte en lag. Vårdgarantin i lagen har ingen egen tidsgräns för det här steget; "
        "den gäller besöket och behandlingen.",
        "The aim is not law. The care guarantee in law has no limit of its own for this step; it "
        "covers the visit and the treatment.",
    ),
    "letter.target-and-law": (
        "Målet är inte en lag, men vårdgarantin i lagen gäller också för dig.",
        "The aim is not law, but the care guarantee in law applies to you too.",
    ),
    "letter.national-limit.past": (
        "Lagens gräns var den {deadline}, och den har passerat.",
        "The limit in law was {deadline}, and it has passed.",
    ),
    # (BUP's treatment: the target counts from the latest assessment, the law from the decision
    # to treat; the library reads the two as the same day, and the letter says so as an "if")
    "letter.national-limit.treatment-bup": (
        "Lagens gräns räknas från beslutet om din behandling. Om beslutet togs vid bedömningen "
        "den {start} är gränsen den {deadline}. Efter den dagen har du rätt att få vård hos en "
        "annan vårdgivare.",
        "The limit in law counts from the decision on your treatment. If the decision was made "
        "at the assessment on {start}, the limit is {deadline}. After that day you have the "
        "right to care with another provider.",
    ),
    "letter.national-limit.past.treatment-bup": (
        "Lagens gräns räknas från beslutet om din behandling. Om beslutet togs vid bedömningen "
        "den {start} var gränsen den {deadline}, och den har passerat.",
        "The limit in law counts from the decision on your treatment. If the decision was made "
        "at the assessment on {start}, the limit was {deadline}, and it has passed.",
    ),
    "letter.national-limit": (
        "Lagens gräns är den {deadline}.",
        "The limit in law is {deadline}.",
    ),
    "letter.overdue.assessment": (
        "Den dagen har passerat, och du har ännu inte fått en medicinsk bedömning.",
        "That day has passed, and you have not yet had a medical assessment.",
    ),
    "letter.overdue.visit": (
        "Den dagen har passerat, och du har ännu inte fått ditt besök.",
        "That day has passed, and you have not yet had your visit.",
    ),
    "letter.overdue.treatment": (
        "Den dagen har passerat, och din behandling har ännu inte börjat.",
        "That day has passed, and your treatment has not yet started.",
    ),
    "letter.overdue.first-assessment": (
        "Den dagen har passerat, och du har ännu inte fått en första bedömning.",
        "That day has passed, and you have not yet had a first assessment.",
    ),
    "letter.overdue.deepened-assessment": (
        "Den dagen har passerat, och du har ännu inte fått en fördjupad utredning.",
        "That day has passed, and you have not yet had an in-depth assessment.",
    ),
    "letter.overdue.booked": (
        "Du har en tid den {booked}, efter den sista dagen. Behåll den tiden tills du har fått "
        "ett annat erbjudande.",
        "You have an appointment on {booked}, after the last day. Keep that appointment until "
        "you have been offered another.",
    ),
    # (a level without care elsewhere: no other offer is coming, an earlier time may)
    "letter.overdue.booked.earlier": (
        "Du har en tid den {booked}, efter den sista dagen. Behåll den tiden. Vi kontaktar dig "
        "om vi kan ge dig en tidigare tid.",
        "You have an appointment on {booked}, after the last day. Keep that appointment. We "
        "will contact you if we can give you an earlier one.",
    ),
    "letter.booked-late": (
        "Du har fått en tid den {booked}. Den är senare än vårdgarantin tillåter. Vi kontaktar "
        "dig för att ge dig en tidigare tid eller vård hos en annan vårdgivare.",
        "You have an appointment on {booked}. That is later than the guarantee allows. We will "
        "contact you to give you an earlier appointment or care with another provider.",
    ),
    "letter.booked-late.target": (
        "Du har fått en tid den {booked}. Den är senare än målet. Vi kontaktar dig för att ge "
        "dig en tidigare tid.",
        "You have an appointment on {booked}. That is later than the aim. We will contact you "
        "to give you an earlier appointment.",
    ),
    "letter.booked-late.regional": (
        "Du har fått en tid den {booked}. Den är senare än regionens gräns. Vi kontaktar dig för "
        "att ge dig en tidigare tid.",
        "You have an appointment on {booked}. That is later than the region's limit. We will "
        "contact you to give you an earlier appointment.",
    ),
    "letter.booked-late.regional.landsting": (
        "Du har fått en tid den {booked}. Den är senare än landstingets gräns. Vi kontaktar "
        "dig för att ge dig en tidigare tid.",
        "You have an appointment on {booked}. That is later than the county council's limit. "
        "We will contact you to give you an earlier appointment.",
    ),
    "letter.booked-late.earlier": (
        "Du har fått en tid den {booked}. Den är senare än vårdgarantin tillåter. Vi kontaktar "
        "dig för att ge dig en tidigare tid.",
        "You have an appointment on {booked}. That is later than the guarantee allows. We will "
        "contact you to give you an earlier appointment.",
    ),
    "letter.booked.target": (
        "Du har fått en tid den {booked}. Den är inom målet.",
        "You have an appointment on {booked}. That is within the aim.",
    ),
    "letter.booked": (
        "Du har fått en tid den {booked}. Den är inom vårdgarantin.",
        "You have an appointment on {booked}. That is within the guarantee.",
    ),
    "letter.excluded": (
        "Tiden {period} ({days}) räknas inte med i väntetiden, eftersom {reasons}.",
        "The time {period} ({days}) is not counted in your wait, as {reasons}.",
    ),
    "letter.excluded.day": (
        "Den {period} räknas inte med i väntetiden, eftersom {reasons}.",
        "{period} is not counted in your wait, as {reasons}.",
    ),
    "letter.excluded.later": ("Därför blir sista dagen senare.", "So the last day is later."),
    "letter.excluded.some": (
        "{days} av väntetiden räknas inte med, enligt reglerna för vårdgarantin. Därför blir "
        "sista dagen senare.",
        "{days} of your wait are not counted, under the rules of the care guarantee. So the last "
        "day is later.",
    ),
    "letter.excluded.mov": (
        "det av medicinska skäl inte gick att ge dig vård",
        "you could not be given care for medical reasons",
    ),
    "letter.excluded.pvv": (
        "du tackade nej till vård som du erbjöds inom vårdgarantin",
        "you said no to care you were offered within the guarantee",
    ),
    "letter.excluded.region": (
        "du valde vård i en annan region",
        "you chose care in another region",
    ),
    # (reasons of one merged period: each held for some of its days, all of them did)
    "letter.and": ("och", "and"),
    "letter.restarted": (
        "Väntetiden räknas från den {restarted}. Då började vårdgarantin räknas på nytt, eftersom "
        "du ändrade dig efter att ha tackat nej eller efter att ha valt en senare tid.",
        "Your wait is counted from {restarted}. The guarantee started again that day, because "
        "you changed your mind after saying no or after choosing a later time.",
    ),
    "letter.referred": (
        "Den {referred} remitterade regionen dig till en annan vårdgivare, eftersom vi inte "
        "kunde ge dig vården i tid. Du får vården hos den vårdgivaren. Har du inte fått någon "
        "tid där, kontakta oss.",
        "On {referred} the region referred you to another provider, as we could not give you "
        "the care in time. You will be given the care by that provider. If you have not been "
        "given a time there, contact us.",
    ),
    "letter.overdue.next": (
        "Vi kontaktar dig för att ge dig en tid så snart som möjligt.",
        "We will contact you to give you a time as soon as possible.",
    ),
    "letter.referred.landsting": (
        "Den {referred} remitterade landstinget dig till en annan vårdgivare, eftersom vi inte "
        "kunde ge dig vården i tid. Du får vården hos den vårdgivaren. Har du inte fått någon "
        "tid där, kontakta oss.",
        "On {referred} the county council referred you to another provider, as we could not "
        "give you the care in time. You will be given the care by that provider. If you have "
        "not been given a time there, contact us.",
    ),
    "letter.elsewhere.landsting": (
        "Om landstinget inte kan ge dig vård i tid har du rätt att få vård hos en annan "
        "vårdgivare. Det kan vara en annan mottagning, ett annat sjukhus eller vård i ett annat "
        "landsting. Landstinget ordnar det åt dig. Du kan inte själv välja vilken mottagning "
        "det blir.",
        "If the county council cannot give you care in time, you have the right to care with "
        "another provider. That can be another clinic, another hospital or care in another "
        "county council. The county council arranges it for you. You cannot choose the clinic "
        "yourself.",
    ),
    "letter.elsewhere.by.landsting": (
        "Om landstinget inte kan ge dig vård senast den {deadline}, lagens gräns, har du rätt "
        "att få vård hos en annan vårdgivare. Det kan vara en annan mottagning, ett annat "
        "sjukhus eller vård i ett annat landsting. Landstinget ordnar det åt dig. Du kan inte "
        "själv välja vilken mottagning det blir.",
        "If the county council cannot give you care by {deadline}, the law's limit, you have "
        "the right to care with another provider. That can be another clinic, another hospital "
        "or care in another county council. The county council arranges it for you. You cannot "
        "choose the clinic yourself.",
    ),
    # (BUP's treatment: on the "if" of letter.national-limit.treatment-bup)
    "letter.elsewhere.by.treatment-bup.landsting": (
        "Om landstinget inte kan ge dig vård senast den dagen har du rätt att få vård hos en "
        "annan vårdgivare. Det kan vara en annan mottagning, ett annat sjukhus eller vård i ett "
        "annat landsting. Landstinget ordnar det åt dig. Du kan inte själv välja vilken "
        "mottagning det blir.",
        "If the county council cannot give you care by that day, you have the right to care "
        "with another provider. That can be another clinic, another hospital or care in another "
        "county council. The county council arranges it for you. You cannot choose the clinic "
        "yourself.",
    ),
    "letter.elsewhere.now.treatment-bup.landsting": (
        "Om beslutet togs vid bedömningen har landstinget inte kunnat ge dig vård i tid, och då "
        "har du nu rätt att få vård hos en annan vårdgivare. Det kan vara en annan mottagning, "
        "ett annat sjukhus eller vård i ett annat landsting. Landstinget ordnar det åt dig och "
        "kontaktar dig om det. Du kan inte själv välja vilken mottagning det blir.",
        "If the decision was made at the assessment, the county council has not been able to "
        "give you care in time, and you now have the right to care with another provider. That "
        "can be another clinic, another hospital or care in another county council. The county "
        "council arranges it for you and will contact you about it. You cannot choose the "
        "clinic yourself.",
    ),
    "letter.elsewhere.now.landsting": (
        "Landstinget har inte kunnat ge dig vård i tid. Därför har du nu rätt att få vård hos en "
        "annan vårdgivare. Det kan vara en annan mottagning, ett annat sjukhus eller vård i ett "
        "annat landsting. Landstinget ordnar det åt dig och kontaktar dig om det. Du kan inte "
        "själv välja vilken mottagning det blir.",
        "The county council has not been able to give you care in time. So you now have the "
        "right to care with another provider. That can be another clinic, another hospital or "
        "care in another county council. The county council arranges it for you and will "
        "contact you about it. You cannot choose the clinic yourself.",
    ),
    "letter.elsewhere.costs.landsting": (
        "Du ska inte behöva betala mer än om du hade fått vården på den mottagning där du står "
        "i kö. När landstinget har ordnat vården åt dig betalar landstinget de extra kostnader "
        "du får, till exempel för resa, hotell eller ledsagare. Resan ersätts enligt "
        "landstingets regler för sjukresor.",
        "You should not have to pay more than if you had been given care at the clinic where "
        "you are waiting. When the county council has arranged the care for you, it pays the "
        "extra costs you have, for example for travel, a hotel or someone to go with you. "
        "Travel is paid by the county council's rules for travel to care (sjukresor).",
    ),
    "letter.excluded.region.landsting": (
        "du valde vård i ett annat landsting",
        "you chose care in another county council",
    ),
    "letter.elsewhere.heading": ("Om du inte får vård i tid", "If you are not given care in time"),
    # (past the law's day: the right is there now, no "if")
    "letter.elsewhere.heading-now": (
        "Vård hos en annan vårdgivare",
        "Care with another provider",
    ),
    "letter.elsewhere": (
        "Om regionen inte kan ge dig vård i tid har du rätt att få vård hos en annan "
        "vårdgivare. Det kan vara en annan mottagning, ett annat sjukhus eller vård i en annan "
        "region. Regionen ordnar det åt dig. Du kan inte själv välja vilken mottagning det blir.",
        "If the region cannot give you care in time, you have the right to care with another "
        "provider. That can be another clinic, another hospital or care in another region. The "
        "region arranges it for you. You cannot choose the clinic yourself.",
    ),
    "letter.elsewhere.by": (
        "Om regionen inte kan ge dig vård senast den {deadline}, lagens gräns, har du rätt att "
        "få vård hos en annan vårdgivare. Det kan vara en annan mottagning, ett annat sjukhus "
        "eller vård i en annan region. Regionen ordnar det åt dig. Du kan inte själv välja "
        "vilken mottagning det blir.",
        "If the region cannot give you care by {deadline}, the law's limit, you have the right "
        "to care with another provider. That can be another clinic, another hospital or care "
        "in another region. The region arranges it for you. You cannot choose the clinic "
        "yourself.",
    ),
    "letter.elsewhere.by.treatment-bup": (
        "Om regionen inte kan ge dig vård senast den dagen har du rätt att få vård hos en annan "
        "vårdgivare. Det kan vara en annan mottagning, ett annat sjukhus eller vård i en annan "
        "region. Regionen ordnar det åt dig. Du kan inte själv välja vilken mottagning det "
        "blir.",
        "If the region cannot give you care by that day, you have the right to care with "
        "another provider. That can be another clinic, another hospital or care in another "
        "region. The region arranges it for you. You cannot choose the clinic yourself.",
    ),
    "letter.elsewhere.now.treatment-bup": (
        "Om beslutet togs vid bedömningen har regionen inte kunnat ge dig vård i tid, och då har "
        "du nu rätt att få vård hos en annan vårdgivare. Det kan vara en annan mottagning, ett "
        "annat sjukhus eller vård i en annan region. Regionen ordnar det åt dig och kontaktar "
        "dig om det. Du kan inte själv välja vilken mottagning det blir.",
        "If the decision was made at the assessment, the region has not been able to give you "
        "care in time, and you now have the right to care with another provider. That can be "
        "another clinic, another hospital or care in another region. The region arranges it "
        "for you and will contact you about it. You cannot choose the clinic yourself.",
    ),
    "letter.elsewhere.now": (
        "Regionen har inte kunnat ge dig vård i tid. Därför har du nu rätt att få vård hos en "
        "annan vårdgivare. Det kan vara en annan mottagning, ett annat sjukhus eller vård i en "
        "annan region. Regionen ordnar det åt dig och kontaktar dig om det. Du kan inte själv "
        "välja vilken mottagning det blir.",
        "The region has not been able to give you care in time. So you now have the right to "
        "care with another provider. That can be another clinic, another hospital or care in "
        "another region. The region arranges it for you and will contact you about it. You "
        "cannot choose the clinic yourself.",
    ),
    "letter.elsewhere.costs": (
        "Du ska inte behöva betala mer än om du hade fått vården på den mottagning där du står "
        "i kö. När regionen har ordnat vården åt dig betalar regionen de extra kostnader du "
        "får, till exempel för resa, hotell eller ledsagare. Resan ersätts enligt regionens "
        "regler för sjukresor.",
        "You should not have to pay more than if you had been given care at the clinic where "
        "you are waiting. When the region has arranged the care for you, the region pays the "
        "extra costs you have, for example for travel, a hotel or someone to go with you. "
        "Travel is paid by the region's rules for travel to care (sjukresor).",
    ),
    "letter.decline.heading": ("Om du tackar nej", "If you say no"),
    "letter.decline": (
        "Du kan tacka nej till vård hos en annan vårdgivare. Då tackar du också nej till "
        "vårdgarantin. Om du ändrar dig senare börjar vårdgarantin att räknas på nytt från den "
        "dag du hör av dig.",
        "You can say no to care with another provider. Then you also say no to the care "
        "guarantee. If you change your mind later, the guarantee starts again from the day you "
        "tell us.",
    ),
    "letter.questions.heading": ("Har du frågor?", "Questions?"),
    "letter.questions": ("Kontakta {contact}.", "Contact {contact}."),
    "letter.questions.clinic": (
        "Kontakta oss som har skickat brevet.",
        "Contact us: we sent you this letter.",
    ),
    "letter.legal-basis": (
        "Lagstöd: {citations}. Så tillämpas reglerna: {practice}.",
        "Legal basis (Lagstöd): {citations}. How the rules are applied: {practice}.",
    ),
    "letter.legal-basis-short": ("Lagstöd: {citations}.", "Legal basis (Lagstöd): {citations}."),
    "letter.regional-decision": (
        "Regionens kortare gräns: {decision}.",
        "The region's shorter limit: {decision}.",
    ),
    "letter.regional-decision.landsting": (
        "Landstingets kortare gräns: {decision}.",
        "The county council's shorter limit: {decision}.",
    ),
    "letter.target-decision": ("Målet: {citations}.", "The aim: {citations}."),
    "letter.basis-target": (
        "Grund: det finns ingen lag om den här tidsgränsen. Målet bygger på {citations}.",
        "Basis (Grund): no law sets this limit. The aim rests on {citations}.",
    ),
    "letter.date": ("{day} {month} {year}", "{day} {month} {year}"),
    "letter.month-1": ("januari", "January"),
    "letter.month-2": ("februari", "February"),
    "letter.month-3": ("mars", "March"),
    "letter.month-4": ("april", "April"),
    "letter.month-5": ("maj", "May"),
    "letter.month-6": ("juni", "June"),
    "letter.month-7": ("juli", "July"),
    "letter.month-8": ("augusti", "August"),
    "letter.month-9": ("september", "September"),
    "letter.month-10": ("oktober", "October"),
    "letter.month-11": ("november", "November"),
    "letter.month-12": ("december", "December"),
    # -- report: one HTML page of a waiting list (issue 13) -----------------------------------
    "report.title": ("Vårdgarantirapport", "Care guarantee report"),
    "report.heading": ("Vårdgarantin den {as_of}", "The care guarantee on {as_of}"),
    "report.file": ("Fil", "File"),
    "report.profile": ("kolumner enligt", "columns read as"),
    "report.as-of": ("Läget den", "As of"),
    "report.and": ("och", "and"),
    "report.rules": ("Regler", "Rule set"),
    "report.rows-read": ("Lästa rader", "Rows read"),
    "report.rows-empty": ("varav {rows:tom|tomma}", "{rows} of them empty"),
    "report.rows-errors": ("Rader med fel", "Rows with errors"),
    "report.shares": ("Andelar", "Shares"),
    "report.shares-method": (
        "{count}: varje patient mot sin egen sista dag, med uppehåll och omstarter som "
        "filen anger; den officiella statistiken ({method}) står bredvid där den skiljer sig",
        "{count}: each patient against their own deadline, with the pauses and "
        "restarts the file gives; the official statistics ({method}) are set beside it where "
        "they differ",
    ),
    "report.contents": ("Innehåll", "Contents"),
    "report.overview": ("Översikt", "Overview"),
    "report.units": ("Per enhet och nivå", "By unit and level"),
    "report.worklist": ("Arbetslista", "Worklist"),
    "report.validation": ("Att rätta i listan", "To clean in the list"),
    "report.official": (
        "{count} och den officiella statistiken",
        "{count} and the official statistics",
    ),
    # whose count the library's is: the law's, or under another rule set (a region's limits,
    # the BUP target) that rule set's
    "report.count.law": ("lagens räkning", "the law's count"),
    "report.count.rules": ("räkningen enligt {rules}", "the count under {rules}"),
    "report.errors": ("Rader med fel", "Rows with errors"),
    "report.notes": ("Anmärkningar", "Notes"),
    "report.error-units": (
        "Enheter där varje rad har fel (och som därför saknas i tabellerna ovan):",
        "Units whose every row has an error (so missing from the tables above):",
    ),
    "report.error-unit-rows": ("{rows:rad|rader}", "{rows:row|rows}"),
    "report.overview-text": (
        "{waiting:patient|patienter} väntar den {as_of}; {within} av dem är inom vårdgarantin. "
        "{overdue} har passerat sin sista dag. {care} ska få vård hos en annan "
        "vårdgivare nu: lagens tidsgräns har passerat (HSL 9 kap. 2 §).",
        "{waiting:patient is|patients are} waiting on {as_of}; {within:of them is|of them are} "
        "within the guarantee. {overdue:is|are} past their deadline. {care:is|are} due care "
        "with another provider now: the law's limit has passed (HSL 9 kap. 2 §).",
    ),
    "report.overview-text.target": (
        "{waiting:patient|patienter} väntar den {as_of}; {within} av dem är inom målet (ett mål, "
        "inte lag). {overdue} har passerat sin sista dag. {care} ska få vård hos en annan "
        "vårdgivare nu: lagens tidsgräns har passerat (HSL 9 kap. 2 §).",
        "{waiting:patient is|patients are} waiting on {as_of}; {within:of them is|of them are} "
        "within the target (a target, not law). {overdue:is|are} past their deadline. "
        "{care:is|are} due care with another provider now: the law's limit has passed (HSL 9 "
        "kap. 2 §).",
    ),
    # appended to the overview and a group's text when some are booked after the law's limit
    "report.booked-late": (
        "{late} till är {late:~bokad|bokade} efter lagens sista dag och ska få vård hos en "
        "annan vårdgivare om {late:~den|de} inte bokas om i tid.",
        "{late} more {late:~is|are} booked after the law's last day and {late:~is|are} due care "
        "elsewhere unless rebooked in time.",
    ),
    "report.corner-bands": ("Väntat", "Waited"),
    "report.corner-forecast": ("Vecka", "Week"),
    "report.overview-none": (
        "Ingen patient väntar den {as_of}.",
        "No patient is waiting on {as_of}.",
    ),
    "report.overview-deviation": (
        "{rows:rad|rader} med avvikelsekod (PvV, MoV eller SoV) bedöms inte mot vårdgarantin "
        "och räknas inte ovan; se kolumnen Avvikelsekod i tabellen per enhet.",
        "{rows:row has|rows have} a deviation code (PvV, MoV or SoV): not judged against the "
        "guarantee, and not counted above; see the column Deviation code of the table per "
        "unit.",
    ),
    "report.bands-note": (
        "Röda staplar (de mörka; i tabellen under diagrammet märkta *): alla i stapeln har "
        "väntat längre än gränsen för diagrammets nivå ({limits}); i diagrammet för hela listan "
        "längre än den längsta gränsen, {longest}.",
        "Red bars (the dark ones; marked * in the table under the chart): everyone in the bar "
        "has waited longer than the limit of the chart's level ({limits}); in the chart of the "
        "whole list, longer than the longest limit, {longest}.",
    ),
    "report.bands-note-moved": (
        "Med flytten till nästa vardag (--roll-forward) kan en sista dag flyttas upp till "
        "{days}: en stapel är röd bara där alla har väntat längre än gränsen och den flytten.",
        "With the move to the next vardag (--roll-forward) a last day may move up to {days}: a "
        "bar is red only where everyone has waited longer than the limit and that move.",
    ),
    "report.bands-note-whole": (
        "Röda staplar (de mörka; i tabellen under diagrammet märkta *): alla i stapeln har "
        "väntat längre än den längsta gränsen i listan, {longest}.",
        "Red bars (the dark ones; marked * in the table under the chart): everyone in the bar "
        "has waited longer than the longest limit in the list, {longest}.",
    ),
    "report.forecast-note": (
        "Prognosen räknar väntande patienter som ännu inte passerat sin sista dag och saknar "
        "en bokad tid senast den dagen: staplarna visar hur många som passerar sin sista dag varje "
        "vecka från {as_of} om inget bokas; varje vecka anges med sin första dag.",
        "The forecast counts the waiting patients not yet past their deadline without a time "
        "booked on or before it: the bars show how many break the guarantee each week from "
        "{as_of} if nothing is booked, each week named by its first day.",
    ),
    "report.forecast-note.target": (
        "Prognosen räknar väntande patienter som ännu inte passerat sin sista dag och saknar "
        "en bokad tid senast den dagen: staplarna visar hur många som passerar målets sista dag "
        "varje vecka från {as_of} om inget bokas; varje vecka anges med sin första dag.",
        "The forecast counts the waiting patients not yet past their deadline without a time "
        "booked on or before it: the bars show how many pass the target's deadline each week "
        "from {as_of} if nothing is booked, each week named by its first day.",
    ),
    "report.units-text": (
        "Antal per status för varje enhet och nivå. Andelen inom garantin gäller de väntande; "
        "andelen i tid gäller de avslutade. Diagrammen visar de väntande efter väntetid och "
        "prognosen för de kommande åtta veckorna.",
        "Counts per status for each unit and level. The share within the guarantee is of the "
        "patients waiting; the share on time is of the cases closed. The charts show the "
        "waiting by days waited and the forecast for the next eight weeks.",
    ),
    "report.units-text.target": (
        "Antal per status för varje enhet och nivå. Andelen inom målet gäller de väntande; "
        "andelen i tid gäller de avslutade. Diagrammen visar de väntande efter väntetid och "
        "prognosen för de kommande åtta veckorna.",
        "Counts per status for each unit and level. The share within the target is of the "
        "patients waiting; the share on time is of the cases closed. The charts show the "
        "waiting by days waited and the forecast for the next eight weeks.",
    ),
    "report.units-caption": (
        "Status per enhet och nivå den {as_of}",
        "Status by unit and level on {as_of}",
    ),
    "report.column.unit": ("Enhet", "Unit"),
    "report.column.level": ("Nivå", "Level"),
    "report.column.total": ("Rader", "Rows"),
    "report.column.waiting": ("Väntande", "Waiting"),
    "report.column.share": ("Inom garantin", "Within the guarantee"),
    "report.column.share.target": ("Inom målet", "Within the target"),
    "report.column.share-met": ("Avslutade i tid", "Closed on time"),
    "report.column.care-elsewhere": ("Vård hos annan nu", "Care elsewhere now"),
    "report.column.id": ("Id", "Id"),
    "report.column.start": ("Start", "Start"),
    "report.column.booked": ("Bokad", "Booked"),
    "report.column.deadline": ("Sista dag", "Deadline"),
    "report.column.law-deadline": ("Lagens sista dag", "Law's deadline"),
    "report.column.status": ("Status", "Status"),
    "report.column.days-left": ("Dagar kvar", "Days left"),
    "report.column.days-over": ("Dagar över", "Days over"),
    "report.column.action": ("Åtgärd", "Action"),
    "report.column.code": ("Kod", "Code"),
    "report.column.finding": ("Fynd", "Finding"),
    "report.column.findings": ("Antal", "Count"),
    "report.column.source": ("Grund", "Source"),
    "report.column.official-count": ("Antal ({method})", "Count ({method})"),
    "report.column.official-share": ("Inom {limit} d ({method})", "Within {limit} d ({method})"),
    "report.column.legal-count": ("Antal ({who})", "Count ({who})"),
    "report.column.legal-share": ("Inom garantin ({who})", "Within ({who})"),
    "report.column.legal-share.target": ("Inom målet ({who})", "Within ({who})"),
    "report.column.why": ("Varför de skiljer sig", "Why they differ"),
    "report.column.reason": ("Orsak", "Reason"),
    "report.column.rows": ("Rader", "Rows"),
    "report.column.first-line": ("Första filrad", "First line"),
    "report.column.first-error": ("Första felet", "First error"),
    "report.status.within": ("Inom", "Within"),
    "report.status.at_risk": ("Risk", "At risk"),
    "report.status.overdue": ("Försenade", "Overdue"),
    "report.status.met": ("I tid", "Met"),
    "report.status.missed": ("För sent", "Missed"),
    "report.status.not_covered": ("Utanför garantin", "Not covered"),
    "report.status.deviation": ("Avvikelsekod", "Deviation code"),
    "report.state.within": ("inom", "within"),
    "report.state.at_risk": ("risk", "at risk"),
    "report.state.overdue": ("försenad", "overdue"),
    "report.state.met": ("i tid", "met"),
    "report.state.missed": ("för sent", "missed"),
    "report.state.not_covered": ("utanför garantin", "not covered"),
    "report.state.deviation": ("avvikelsekod", "deviation code"),
    "report.level.contact": ("kontakt", "contact"),
    "report.level.assessment": ("bedömning", "assessment"),
    "report.level.visit": ("besök", "visit"),
    "report.level.treatment": ("behandling", "treatment"),
    "report.level.first-assessment": ("första bedömning", "first assessment"),
    "report.level.deepened-assessment": ("fördjupad utredning", "deepened assessment"),
    "report.level.none": ("utanför garantin", "outside the guarantee"),
    "report.unit.none": ("(ingen enhet)", "(no unit)"),
    "report.whole-list": ("Hela listan", "Whole list"),
    "report.band-over": ("över {days}", "over {days}"),
    "report.months": (
        "jan febr mars apr maj juni juli aug sept okt nov dec",
        "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    ),
    "report.chart.bands": (
        "Väntande efter väntetid i dagar: {group}",
        "Waiting patients by days waited: {group}",
    ),
    "report.chart.forecast.target": (
        "Passerad sista dag per vecka om inget bokas: {group}",
        "Past the deadline per week if nothing is booked: {group}",
    ),
    "report.chart.forecast": (
        "Garantibrott per vecka om inget bokas: {group}",
        "Breaches per week if nothing is booked: {group}",
    ),
    "report.numbers-of": ("Siffrorna i diagrammet: {chart}", "The numbers of the chart: {chart}"),
    "report.numbers-row": ("Antal", "Count"),
    "report.reason.cells": ("radens celler", "the row's cells"),
    "report.groups-none-shown": (
        "Inga grupper visas här (--top 0); vardgaranti worklist ger dem alla.",
        "No group is shown here (--top 0); vardgaranti worklist gives them all.",
    ),
    "report.units-capped": (
        "Tabellen visar de första {shown} av {groups} grupperna; raden Hela listan räknar dem "
        "alla (vardgaranti stats ger varje grupp). Så många enheter tyder ofta på att fel "
        "kolumn lästs som enhet (se --profile).",
        "The table shows the first {shown} of {groups} groups; the row of the whole list counts "
        "them all (vardgaranti stats gives every group). So many units often means that the "
        "wrong column was read as the unit (see --profile).",
    ),
    "report.differences-capped": (
        "Tabellen visar skillnaderna i de första {shown} grupperna, och hela listans.",
        "The table shows the differences of the first {shown} groups, and the whole list's.",
    ),
    "report.error-units-capped": (
        "och {more} enheter till",
        "and {more} more units",
    ),
    "report.charts-capped-only": (
        "Diagram visas för de {shown} grupper som har flest väntande.",
        "Charts are shown for the {shown} groups with the most patients waiting.",
    ),
    "report.charts-capped": (
        "Diagram visas för de {shown} grupper som har flest väntande; alla {groups} grupper "
        "står i tabellen.",
        "Charts are shown for the {shown} groups with the most patients waiting; all {groups} "
        "groups are in the table.",
    ),
    "report.group-text.target": (
        "{waiting} väntande, {within} inom målet, {overdue:försenad|försenade}, {care} ska "
        "få vård hos en annan vårdgivare nu.",
        "{waiting} waiting, {within} within the target, {overdue} overdue, {care} due care "
        "elsewhere now.",
    ),
    "report.group-text": (
        "{waiting} väntande, {within} inom garantin, {overdue:försenad|försenade}, {care} ska "
        "få vård hos en annan vårdgivare nu.",
        "{waiting} waiting, {within} within the guarantee, {overdue} overdue, {care} due care "
        "elsewhere now.",
    ),
    "report.worklist-text": (
        "{patients:patient|patienter} att åtgärda i {groups:grupp|grupper} (horisont "
        "{horizon}), grupperade efter {by} så att en grupp kan erbjudas en annan vårdgivare "
        "samlat; grupperna med tidigast sista dag först. En grupps prognos räknar alla dess "
        "väntande, även dem med fler dagar kvar än horisonten, som inte listas.",
        "{patients:patient|patients} to act on in {groups:group|groups} (horizon {horizon}), "
        "grouped by {by} so that a group can be offered to another provider together; the "
        "groups with the earliest deadline first. A group's forecast counts every waiting "
        "patient of it, also those with more days left than the horizon, who are not listed.",
    ),
    "report.whole-forecast.target": (
        "Hela listan: {overdue:försenad|försenade}; passerar sista dag om inget bokas inom 1 "
        "vecka {w1}, 2 veckor {w2}, 4 veckor {w4}, 8 veckor {w8}.",
        "Whole list: {overdue} overdue; past the deadline if nothing is booked within 1 week "
        "{w1}, 2 weeks {w2}, 4 weeks {w4}, 8 weeks {w8}.",
    ),
    "report.whole-forecast": (
        "Hela listan: {overdue:försenad|försenade}; garantibrott om inget bokas inom 1 vecka {w1}, "
        "2 veckor {w2}, 4 veckor {w4}, 8 veckor {w8}.",
        "Whole list: {overdue} overdue; breaches if nothing is booked within 1 week {w1}, "
        "2 weeks {w2}, 4 weeks {w4}, 8 weeks {w8}.",
    ),
    "report.groups-capped-one": (
        "Här visas den första av {groups} grupper; hela arbetslistan ger kommandot vardgaranti "
        "worklist.",
        "The first of {groups} groups is shown here; the command vardgaranti worklist gives the "
        "whole worklist.",
    ),
    "report.groups-capped": (
        "Här visas de {shown} första av {groups} grupper; hela arbetslistan ger kommandot "
        "vardgaranti worklist.",
        "The first {shown} of {groups} groups are shown here; the command vardgaranti worklist "
        "gives the whole worklist.",
    ),
    "report.no-breach.target": ("nästa passerade sista dag: ingen", "next past the deadline: none"),
    "report.next-breach.target": (
        "nästa passerar sista dag om {days}",
        "next past the deadline in {days}",
    ),
    "report.group-line.target": (
        "{patients:patient|patienter}, {overdue:försenad|försenade}, tidigaste sista dag "
        "{earliest}, {next}; passerar sista dag om inget bokas inom 1, 2, 4 och 8 veckor: "
        "{w1}, {w2}, {w4}, {w8}.",
        "{patients:patient|patients}, {overdue} overdue, earliest deadline {earliest}, "
        "{next}; past the deadline if nothing is booked within 1, 2, 4 and 8 weeks: {w1}, "
        "{w2}, {w4}, {w8}.",
    ),
    "report.group-line": (
        "{patients:patient|patienter}, {overdue:försenad|försenade}, tidigaste sista dag "
        "{earliest}, {next}; garantibrott om inget bokas inom 1, 2, 4 "
        "och 8 veckor: {w1}, {w2}, {w4}, {w8}.",
        "{patients:patient|patients}, {overdue} overdue, earliest deadline {earliest}, "
        "{next}; breaches if nothing is booked within 1, 2, 4 and 8 weeks: {w1}, "
        "{w2}, {w4}, {w8}.",
    ),
    "report.patients-caption": ("Patienterna i grupp {group}", "The patients of group {group}"),
    "report.patients-capped": (
        "Visar {shown} av gruppens {patients:patient|patienter} (de med tidigast sista dag).",
        "Showing {shown} of the group's {patients:patient|patients} (those with the earliest "
        "deadline).",
    ),
    "report.worklist-none": ("Ingen patient att åtgärda.", "No patient to act on."),
    "report.action.care-elsewhere": ("vård hos annan vårdgivare", "care elsewhere"),
    "report.action.rebook-or-care-elsewhere": (
        "boka om i tid, annars vård hos annan vårdgivare",
        "rebook in time, or care elsewhere",
    ),
    "report.action.overdue": ("försenad: boka", "overdue: book"),
    "report.action.booked-late": ("boka om senast sista dagen", "rebook by the deadline"),
    "report.action.book": ("boka", "book"),
    "report.action.referred": ("remitterad: följ upp", "referred: follow up"),
    "report.validation-text": (
        "{findings} fynd på {rows:rad|rader} (vardgaranti validate listar dem rad för rad).",
        "{findings:finding|findings} on {rows:row|rows} (vardgaranti validate lists them row "
        "by row).",
    ),
    "report.validation-caption": ("Fynd per kod", "Findings per code"),
    "report.validation-capped": (
        "Dubblettkontrollen nådde sin gräns för antal id: senare dubbletter kan saknas.",
        "The duplicate check reached its limit of ids: later duplicates may be missing.",
    ),
    "report.finding.V001": (
        "länge väntat utan (synlig) kommande bokad tid",
        "long wait without a booking ahead (that the file shows)",
    ),
    "report.finding.V002": ("bokad tid passerad, inte genomförd", "booking passed, not completed"),
    "report.finding.V003": ("samma id två gånger", "the same id twice"),
    "report.finding.V004": ("samma remiss två gånger", "the same referral twice"),
    "report.finding.V005": (
        "avvikelse efter bruten garanti",
        "deviation after the guarantee was broken",
    ),
    "report.finding.V006": (
        "utanför garantin men markerad ja",
        "outside the guarantee, marked yes",
    ),
    "report.finding.V007": ("inom garantin men markerad nej", "covered, marked no"),
    "report.finding.V008": (
        "start före det tidigaste tillåtna",
        "start before the earliest allowed",
    ),
    "report.finding.V009": ("okänd hemkommun (0000)", "home municipality unknown (0000)"),
    "report.finding.V010": ("genomförd före start", "completed before the start"),
    "report.finding.V011": ("bokad före start", "booked before the start"),
    "report.finding.V012": ("id saknas", "id missing"),
    "report.finding.V013": (
        "raden kan inte bedömas, eller ett värde kan inte läsas",
        "the row cannot be evaluated, or a value cannot be read",
    ),
    "report.finding.V014": ("remitterad före start", "referred before the start"),
    "report.finding.V015": ("ogiltigt värde i leveransen", "invalid value in the delivery"),
    "report.finding.V019": ("remitterad efter given vård", "referred after the care"),
    "report.finding.V016": ("Vardgaranti saknas", "Vardgaranti missing"),
    "report.finding.V017": ("undantag efter given vård", "exclusion after the care"),
    "report.finding.V018": (
        "genomförd utanför leveransens månad",
        "carried out outside the delivery's month",
    ),
    "report.official-text.national": (
        "Den officiella statistiken ({method}) räknar kalenderdagar från "
        "beslutet{left_out}; {who} räknar också från beslutet, men bedömer inte en kontakt med "
        "avvikelsekod: leveransen har inga datum att pausa klockan med. "
        "Väntande den {as_of}; här visas bara de grupper där de två skiljer sig (vardgaranti "
        "stats --compare-methods ger alla, och de genomförda).",
        "The official statistics ({method}) count calendar days from the "
        "decision{left_out}; {who} counts from the decision too, but does not judge a contact "
        "with a deviation code: the delivery has no dates to pause the clock by. "
        "Waiting on {as_of}; only the groups where the two differ are shown (vardgaranti stats "
        "--compare-methods gives them all, and the completed).",
    ),
    "report.official-text": (
        "Den officiella statistiken ({method}) räknar kalenderdagar från "
        "beslutet{left_out}; {who} pausar i stället klockan de dagar som inte ska räknas och "
        "räknar en omstart som en ny period. "
        "Väntande den {as_of}; här visas bara de grupper där de två skiljer sig (vardgaranti "
        "stats --compare-methods ger alla, och de genomförda).",
        "The official statistics ({method}) count calendar days from the "
        "decision{left_out}; {who} instead pauses the clock for the days not to be counted and "
        "counts a restart as a new period. "
        "Waiting on {as_of}; only the groups where the two differ are shown (vardgaranti stats "
        "--compare-methods gives them all, and the completed).",
    ),
    "report.official-caption": (
        "{count} och {method} där de skiljer sig",
        "{count} and {method} where they differ",
    ),
    "report.official-none": (
        "Ingen väntande patient att jämföra.",
        "No waiting patient to compare.",
    ),
    "report.official-none-counted": (
        "Den officiella statistiken, och {count} bredvid den, räknar ingen väntande patient den "
        "{as_of}.",
        "The official statistics, and {count} beside them, count no waiting patient on {as_of}.",
    ),
    "report.official-other-month": (
        "{rows:rad anger|rader anger} en annan månads leverans (DatatGallerFor) än {month}: "
        "jämförelsen här lämnar {rows:~den|dem} utanför; tabellerna ovan räknar {rows:~den|dem}, "
        "per {as_of}.",
        "{rows:row names|rows name} another month's delivery (DatatGallerFor) than {month}: the "
        "comparison here leaves {rows:~it|them} out; the tables above count {rows:~it|them}, as "
        "of {as_of}.",
    ),
    "report.official-same": (
        "{count} och den officiella statistiken ger samma antal och andelar för alla grupper.",
        "{count} and the official statistics give the same counts and shares for every group.",
    ),
    "report.why.no-coverage": (
        "statistiken räknar inte rader utan värde i Vardgaranti ({rows:rad|rader} i listan)",
        "the statistics do not count rows without a Vardgaranti value ({rows:row|rows} in the "
        "list)",
    ),
    "report.why.no-coverage.group": (
        "statistiken räknar inte rader utan värde i Vardgaranti ({rows:rad|rader} här)",
        "the statistics do not count rows without a Vardgaranti value ({rows:row|rows} here)",
    ),
    "report.why.levels": (
        "statistiken räknar inte {levels} ({rows:patient|patienter})",
        "the statistics do not count {levels} ({rows:patient|patients})",
    ),
    "report.why.left-out": (
        "statistiken räknar inte {rows:patient|patienter} med avvikelsekod ({codes})",
        "the statistics leave out {rows:patient|patients} with a deviation code ({codes})",
    ),
    "report.why.paused": (
        "{who} pausar klockan för {rows:patient|patienter}",
        "{who} pauses the clock for {rows:patient|patients}",
    ),
    "report.why.restarted": (
        "{who} räknar från en omstart för {rows:patient|patienter}",
        "{who} counts from a restart for {rows:patient|patients}",
    ),
    "report.why.not-judged": (
        "{who} bedömer inte {rows:patient|patienter} med avvikelsekod men utan datum",
        "{who} does not judge {rows:patient|patients} with a deviation code but no dates",
    ),
    "report.why.limit": (
        "{who} mäter varje patient mot regelns egen sista dag, statistiken mot {limit} "
        "kalenderdagar",
        "{who} measures each patient against the rule's own deadline, the statistics "
        "against {limit} calendar days",
    ),
    "report.why.limit-days": (
        "{who} mäter mot {days} dagar, statistiken mot {limit}",
        "{who} measures against {days} days, the statistics against {limit}",
    ),
    "report.who.law": ("lagen", "the law"),
    "report.who.law.short": ("lagen", "law"),
    "report.who.rules": ("regelverket {rules}", "the {rules} rule set"),
    "report.code.pvv": ("patientvald väntan (PvV)", "patient-chosen waiting (PvV)"),
    "report.code.mov": ("medicinskt orsakad väntan (MoV)", "medically caused waiting (MoV)"),
    "report.code.sov": ("särskilda skäl (SoV)", "special reasons (SoV)"),
    "report.or": (" eller ", " or "),
    "report.left-out": (
        " och räknar inte patienter med {codes}",
        " and leave out patients with {codes}",
    ),
    "report.errors-text": (
        "{errors} av {rows:rad|rader} kan inte bedömas och är inte med i siffrorna ovan; rätta "
        "{errors:~den|dem} i källan (vardgaranti check skriver felet för varje rad).",
        "{errors} of {rows:row|rows} cannot be evaluated and {errors:~is|are} not in the figures "
        "above; correct {errors:~it|them} in the source (vardgaranti check writes the error of "
        "each row).",
    ),
    "report.errors-caption": ("Rader med fel per orsak", "Rows with errors by reason"),
    "report.errors-none": ("Alla rader kunde bedömas.", "Every row could be evaluated."),
    "report.errors-no-rows": (
        "Listan har inga rader att bedöma.",
        "The list has no rows to evaluate.",
    ),
    "report.past-limit": ("efter gränsen", "past the limit"),
    "report.footer": (
        "Skapad av vardgaranti {version}. Rapporten innehåller patientuppgifter (id i "
        "arbetslistan): hantera den som en sådan handling.",
        "Made by vardgaranti {version}. The report holds patient data (the ids of the "
        "worklist): handle it as such a document.",
    ),
    # -- command line -----------------------------------------------------------------------
    "cli.calendar-date": ("datum", "date"),
    "cli.calendar-day": ("dag", "day"),
    "cli.calendar-kind": ("slag", "kind"),
    "cli.calendar-kind.holiday": ("helgdag", "holiday"),
    "cli.calendar-kind.eve": ("afton", "eve"),
    "cli.calendar-name": ("namn", "name"),
    "cli.deadline": ("Sista dag", "Deadline"),
    "cli.status": ("Status", "Status"),
    # a status in words, for the Swedish text (the English text gives the machine word alone)
    "cli.status.within": ("inom tidsgränsen", "within"),
    "cli.status.at_risk": ("risk att tidsgränsen inte hålls", "at risk"),
    "cli.status.overdue": ("tidsgränsen har passerat", "overdue"),
    "cli.status.met": ("vård i tid", "met"),
    "cli.status.missed": ("vård efter tidsgränsen", "missed"),
    "cli.status.not_covered": ("utanför vårdgarantin", "not covered"),
    "cli.explanation": ("Förklaring", "Explanation"),
    "cli.care-elsewhere": (
        "Regionen ska se till att patienten får vård hos en annan vårdgivare.",
        "The region must see to it that the patient gets care with another provider.",
    ),
    "cli.care-elsewhere-booked-late": (
        "Bokad efter sista dagen: boka om senast {deadline}; annars ska regionen se till att "
        "patienten får vård hos en annan vårdgivare från {due}.",
        "Booked after the last day: rebook by {deadline}; otherwise the region must see to it "
        "that the patient gets care elsewhere from {due}.",
    ),
    "cli.care-elsewhere-booked-late.landsting": (
        "Bokad efter sista dagen: boka om senast {deadline}; annars ska landstinget se till att "
        "patienten får vård hos en annan vårdgivare från {due}.",
        "Booked after the last day: rebook by {deadline}; otherwise the county council "
        "(landsting) must see to it that the patient gets care elsewhere from {due}.",
    ),
    "cli.care-elsewhere-booked-late.agreement": (
        "Bokad efter sista dagen: boka om senast {deadline}; annars anger överenskommelsen vård "
        "hos en annan vårdgivare från {due}.",
        "Booked after the last day: rebook by {deadline}; otherwise the agreement (not statute) "
        "provides for care elsewhere from {due}.",
    ),
    "cli.care-elsewhere-booked-late.law": (
        "Bokad efter sista dagen ({last}): boka om senast {deadline}, lagens sista dag; annars "
        "ska regionen se till att patienten får vård hos en annan vårdgivare från {due}.",
        "Booked after the last day ({last}): rebook by {deadline}, the law's last day; otherwise "
        "the region must see to it that the patient gets care elsewhere from {due}.",
    ),
    "cli.care-elsewhere-booked-late.law.landsting": (
        "Bokad efter sista dagen ({last}): boka om senast {deadline}, lagens sista dag; annars "
        "ska landstinget se till att patienten får vård hos en annan vårdgivare från {due}.",
        "Booked after the last day ({last}): rebook by {deadline}, the law's last day; otherwise "
        "the county council (landsting) must see to it that the patient gets care elsewhere "
        "from {due}.",
    ),
    "cli.care-elsewhere-booked-late.law.agreement": (
        "Bokad efter sista dagen ({last}): boka om senast {deadline}, överenskommelsens sista "
        "dag; annars anger överenskommelsen vård hos en annan vårdgivare från {due}.",
        "Booked after the last day ({last}): rebook by {deadline}, the agreement's last day; "
        "otherwise the agreement (not statute) provides for care elsewhere from {due}.",
    ),
    "cli.other-readings": ("Andra tolkningar och gränser", "Other readings and limits"),
}

_WEEKDAYS: Final = {
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS: Final = {
    "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip
_INDEX: Final = {"sv": 0, "en": 1}


def message(key: str, lang: Lang, /, **values: object) -> str:
    """The text of message *key* in *lang*, its fields filled from *values*.

    A field may give a noun in the singular and the plural after its number:
    ``{rows:rad|rader}`` is ``1 rad`` or ``2 rader`` (the number as given: an ``int``, or a
    text such as ``1 234``); with ``~`` the word alone, for a verb or pronoun that agrees with
    it (``{rows:~is|are}``).

    Raises:
        KeyError: no message has that key (a bug: every key used is tested).
        InvalidValueError: *lang* is not ``sv`` or ``en`` (its field is ``lang``).
    """
    try:
        index = _INDEX[lang]
    except (KeyError, TypeError):  # (another language, or no text at all: a list, None)
        index = _INDEX[check_lang(lang)]  # raises: never another language without a word
    template = _MESSAGES[key][index]
    if not values:
        return template
    if key in _COUNTED:  # (string.Formatter is pure Python: only where a noun is counted)
        return _FORMATTER.vformat(template, (), values)
    return template.format(**values)


class _Counted(string.Formatter):
    """str.format, and ``{n:one|other}``: the number with its noun in the right number."""

    def format_field(self, value: object, format_spec: str) -> str:
        if "|" in format_spec:
            alone = format_spec.startswith("~")
            one, other = format_spec.removeprefix("~").split("|", 1)
            single = value == 1 or (isinstance(value, str) and value.strip() == "1")
            word = one if single else other
            return word if alone else f"{value} {word}"
        text: str = super().format_field(value, format_spec)
        return text


_FORMATTER: Final = _Counted()
#: The messages with a counted noun (``{n:one|other}``).
_COUNTED: Final = frozenset(
    key
    for key, texts in _MESSAGES.items()
    if any(re.search(r"\{[^{}:]*:[^{}]*\|[^{}]*\}", text) for text in texts)
)


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


#: A row's error in Swedish: the English message (after its field, ``start: ``) as a pattern,
#: and its Swedish text with the pattern's parts. The errors are written in English (the
#: ``error`` column of ``check``, which scripts read); the Swedish pages, findings and figures
#: show them in Swedish where the catalogue has them, and as written otherwise (the rarer
#: messages, such as a quoted cell that runs over lines). tests/test_messages.py makes each
#: error with the library and checks that it is found here.
#: A value as :func:`~vardgaranti._text.echo` quotes it: whole, or cut with how much was left.
_QUOTED = r"(?P<q>'.*'(?:…(?: \(\d+ more characters\))?)?)"
_MORE: Final = re.compile(r"… \((\d+) more characters\)$")
_DAY = r"(?P<d>[0-9-]+)"
_LEVELS_EN = (
    "expected one of: contact, assessment, visit, treatment (or the Swedish kontakt, "
    "bedömning, besök, behandling); under the BUP target: first-assessment, deepened-assessment"
)
_LEVELS_SV = (
    "möjliga: kontakt, bedömning, besök, behandling (eller contact, assessment, visit, "
    "treatment); under BUP-målet: first-assessment (första bedömning), deepened-assessment "
    "(fördjupad utredning)"
)
#: A level's name in an error (``'visit'``), shown by its Swedish name (``'besök'``).
_LEVEL = r"'(?P<lv>[a-z-]+)'"
_LEVEL_NAMES_SV: Final = {
    "contact": "kontakt",
    "assessment": "bedömning",
    "visit": "besök",
    "treatment": "behandling",
    "first-assessment": "första bedömning",
    "deepened-assessment": "fördjupad utredning",
}
_Catalogue = tuple[tuple["re.Pattern[str]", str], ...]
#: What the columnar engine leaves to the streaming one (``_columnar.why_streamed``), in Swedish.
_UNREAD_SV: Final = {
    "standard input": "standard in",
    "this file": "den här filen",
    "an XML delivery": "en XML-leverans",
    "a workbook": "en arbetsbok",
    "a file with NUL bytes near its start, as UTF-16 without a byte-order mark": "en fil med "
    "NUL-byte nära början, som UTF-16 utan byte-order mark",
}
#: The system's commonest reasons a file cannot be opened (``strerror``), in Swedish.
_SYSTEM_SV: Final = {
    "No such file or directory": "filen finns inte",
    "Permission denied": "åtkomst nekas",
    "Is a directory": "är en mapp",
    "Not a directory": "en del av sökvägen är ingen mapp",
    "the file is read-only": "filen är skrivskyddad",
    "No space left on device": "disken är full",
}
#: The rows' and the command line's errors in Swedish: a pattern of the English text and its
#: Swedish, compiled on first use (:func:`_catalogue`: some 150 patterns, which a process that
#: speaks English never needs, cost a start of the command line some 30 ms to compile).
_ERRORS_SV: Final[tuple[tuple[str, str], ...]] = (
    (r"the date is empty(?: \(expected YYYY-MM-DD\))?", "datumet saknas"),
    # the command line's numbers and months (argparse types, `_cli_common`)
    (rf"{_QUOTED} is not a whole number of days", "{q} är inte ett helt antal dagar"),
    # the command line's file and option errors (`_cli*`, the readers)
    (r"empty file \(no header line\)", "tom fil (ingen rubrikrad)"),
    (r"is a directory, not a waiting-list file", "är en mapp, inte en väntelistefil"),
    (r"cannot open \((?P<why>.*)\)", "kan inte öppnas ({why})"),
    # (a file to be written that does not exist: its folder does not)
    (
        r"cannot write \(No such file or directory\)",
        "kan inte skrivas (filen eller mappen finns inte)",
    ),
    (
        r"cannot write \((?P<why>[^:]*)\); what was written is left in (?P<f>.+) \(mode 600\): "
        r"remove it",
        "kan inte skrivas ({why}); det som skrevs finns kvar i {f} (läge 600): ta bort den",
    ),
    (r"cannot write \((?P<why>[^:]*)\)", "kan inte skrivas ({why})"),
    (r"(?P<o>\S+) is given twice; give it once", "{o} anges två gånger; ange det en gång"),
    (
        r"standard input is closed; give the list on it, or its file's path",
        "standard in är stängd; ge listan på den, eller sökvägen till dess fil",
    ),
    # the national XML delivery's shape (national-reporting: XML shape)
    (
        r"line (?P<l>\d+), column (?P<c>\d+): an element (?P<q>'.*') in a (?P<d>\w+), "
        r"which holds a Kontakt \(national-reporting: XML shape\); its data would be left "
        r"unread",
        "rad {l}, kolumn {c}: ett element {q} i en {d}, som bara rymmer en Kontakt "
        "(nationell rapportering: XML-formen); dess data skulle lämnas olästa",
    ),
    (
        r"line (?P<l>\d+), column (?P<c>\d+): an element (?P<q>'.*') in a Kontakt, which "
        r"holds Besok elements only \(national-reporting: XML shape\); its data would be "
        r"left unread",
        "rad {l}, kolumn {c}: ett element {q} i en Kontakt, som bara rymmer Besok-element "
        "(nationell rapportering: XML-formen); dess data skulle lämnas olästa",
    ),
    # standard output closed (`>&-`) or full (`> /dev/full`)
    (
        r"standard output is closed, so what the command writes would be lost; give "
        r"--output FILE \(or open standard output\)",
        "standard ut är stängd, så det kommandot skriver skulle gå förlorat; ange --output "
        "FIL (eller öppna standard ut)",
    ),
    (
        r"standard output is closed, so what the command writes would be lost",
        "standard ut är stängd, så det kommandot skriver skulle gå förlorat",
    ),
    (
        r"standard output is closed, so the summary would be lost; leave out --summary "
        r"\(or open standard output\)",
        "standard ut är stängd, så sammanfattningen skulle gå förlorad; utelämna --summary "
        "(eller öppna standard ut)",
    ),
    (r"(?P<why>[^:]+): standard output", "{why}: standard ut"),
    # the letters folder (`worklist --letters`)
    (
        r"is where the letter of patient (?P<p>.+) goes; give --output another name",
        "är där brevet till patient {p} hamnar; ge --output ett annat namn",
    ),
    (
        r"holds 1 \.txt file that is not a letter of this list \((?P<f>.*)\), such as "
        r"letters of patients no longer on it from an earlier run; empty the folder or give a "
        r"new one, so that no old letter is sent by mistake",
        "innehåller 1 .txt-fil som inte är ett brev i den här listan ({f}), till exempel brev "
        "till patienter som inte längre står på den, från en tidigare körning; töm mappen "
        "eller ange en ny, så att inget gammalt brev skickas av misstag",
    ),
    (
        r"holds (?P<n>\d+) \.txt files that are not letters of this list \((?P<f>.*)\), such "
        r"as letters of patients no longer on it from an earlier run; empty the folder or "
        r"give a new one, so that no old letter is sent by mistake",
        "innehåller {n} .txt-filer som inte är brev i den här listan ({f}), till exempel brev "
        "till patienter som inte längre står på den, från en tidigare körning; töm mappen "
        "eller ange en ny, så att inget gammalt brev skickas av misstag",
    ),
    (
        r"a \.txt file in the letters folder \((?P<f>.*)\) would be taken for a letter and "
        r"sent, and the list names every patient on it; write the list outside the folder, "
        r"or as \.csv, \.json or \.xlsx",
        "en .txt-fil i brevmappen ({f}) skulle tas för ett brev och skickas, och listan "
        "namnger varje patient på den; skriv listan utanför mappen, eller som .csv, .json "
        "eller .xlsx",
    ),
    (r"(?P<f>.+) is not a folder", "{f} är ingen mapp"),
    (
        r"cannot make the folder \((?P<f>.+) is not a folder\)",
        "kan inte skapa mappen ({f} är ingen mapp)",
    ),
    (
        r"cannot write the letters \((?P<f>.+) is not writable\)",
        "kan inte skriva breven (det går inte att skriva i {f})",
    ),
    (r"cannot read the folder \((?P<why>[^:]*)\)", "kan inte läsa mappen ({why})"),
    (
        r"no sheet named (?P<q>'.*'); the sheets are: (?P<s>.*)",
        "inget blad heter {q}; bladen är: {s}",
    ),
    (
        r"cannot read the travel rules \((?P<why>[^:]*)\)",
        "kan inte läsa reglerna för resor ({why})",
    ),
    (
        r"is a directory; give a file name for --output",
        "är en mapp; ange ett filnamn för --output",
    ),
    (
        r"is a file the command reads; write the (?P<c>\S+) output to another file \(the "
        r"waiting list would be replaced\)",
        "är en fil som kommandot läser; skriv utdata från {c} till en annan fil (väntelistan "
        "skulle ersättas)",
    ),
    (
        r"the first line holds a date or a number such as a personnummer, so it looks like a "
        r"row of data \(its cells not shown\); does the file begin with its column names\?; "
        r"delimiter (?P<sep>.+)",
        "första raden har ett datum eller ett nummer som ett personnummer och ser ut som en rad "
        "med data (dess celler visas inte); börjar filen med sina kolumnnamn?; avgränsare {sep}",
    ),
    (
        r"the first line holds a date or a number such as a personnummer, so it looks like a "
        r"row of data \(its cells not shown\); does the file begin with its column names\?",
        "första raden har ett datum eller ett nummer som ett personnummer och ser ut som en rad "
        "med data (dess celler visas inte); börjar filen med sina kolumnnamn?",
    ),
    (
        r"standard output is (?P<path>.+), a file the command reads; write the (?P<c>\S+) "
        r"output to another file \(the waiting list would be read back or lost\)",
        "standardutmatningen är {path}, en fil som kommandot läser; skriv utdata från {c} till "
        "en annan fil (väntelistan skulle läsas tillbaka eller gå förlorad)",
    ),
    (
        r"standard output is the file on standard input, which the command reads; write the "
        r"(?P<c>\S+) output to another file \(the waiting list would be read back or lost\)",
        "standardutmatningen är filen på standardinmatningen, som kommandot läser; skriv utdata "
        "från {c} till en annan fil (väntelistan skulle läsas tillbaka eller gå förlorad)",
    ),
    (
        r"standard output is the file on standard input, which the command reads; write the "
        r"(?P<c>\S+) output to another file \(the file would be read back or lost\)",
        "standardutmatningen är filen på standardinmatningen, som kommandot läser; skriv utdata "
        "från {c} till en annan fil (filen skulle läsas tillbaka eller gå förlorad)",
    ),
    (
        r"standard output is (?P<path>.+), a file the command reads; write the (?P<c>\S+) "
        r"output to another file \(the file would be read back or lost\)",
        "standardutmatningen är {path}, en fil som kommandot läser; skriv utdata från {c} till "
        "en annan fil (filen skulle läsas tillbaka eller gå förlorad)",
    ),
    (
        r"is the file on standard input, which the command reads; write the (?P<c>\S+) "
        r"output to another file \(the waiting list would be replaced\)",
        "är filen på standardinmatningen, som kommandot läser; skriv utdata från {c} till en "
        "annan fil (väntelistan skulle ersättas)",
    ),
    (
        r"is the file on standard input, which the command reads; write the (?P<c>\S+) "
        r"output to another file \(the file would be replaced\)",
        "är filen på standardinmatningen, som kommandot läser; skriv utdata från {c} till en "
        "annan fil (filen skulle ersättas)",
    ),
    (
        r"is a file the command reads; write the (?P<c>\S+) output to another file \(the "
        r"file would be replaced\)",
        "är en fil som kommandot läser; skriv utdata från {c} till en annan fil (filen skulle "
        "ersättas)",
    ),
    (r"cannot read the rule file \((?P<why>.*)\)", "kan inte läsa regelfilen ({why})"),
    (r"cannot read the profile \((?P<why>.*)\)", "kan inte läsa profilen ({why})"),
    (
        r"(?P<v>[^:]+): given twice on the Besok, as (?P<a>'.*') \((?P<x>'.*')\) and "
        r"(?P<b>'.*') \((?P<y>'.*')\); give it once",
        "{v}: anges två gånger i Besok, som {a} ({x}) och {b} ({y}); ange den en gång",
    ),
    (r"cannot read the method file \((?P<why>.*)\)", "kan inte läsa metodfilen ({why})"),
    (
        r"(?P<o>(?:--)?profile) (?P<q>'.*') is unknown; use auto, native, skr or a \.toml "
        r"file",
        "{o} {q} är okänd; ange auto, native, skr eller en .toml-fil",
    ),
    (
        r"unknown travel rules (?P<q>'.*'); use example or a \.toml file",
        "okända reseregler {q}; ange example eller en .toml-fil",
    ),
    (
        r"the cost follow-up needs the column (?P<a>'[^']*') beside (?P<b>'[^']*') \(the "
        r"date the unit referred the patient under the guarantee\): a provider alone does "
        r"not tell the region's referrals, which it pays for, from the patient's own choice",
        "uppföljningen av kostnaderna kräver kolumnen {a} bredvid {b} (dagen då enheten "
        "remitterade patienten enligt vårdgarantin): en vårdgivare ensam skiljer inte "
        "regionens remisser, som den betalar för, från patientens eget val",
    ),
    (
        r"the cost follow-up needs the column (?P<a>'[^']*') \(the date the unit referred "
        r"the patient under the guarantee; (?P<b>'[^']*') may name the other provider\)",
        "uppföljningen av kostnaderna kräver kolumnen {a} (dagen då enheten remitterade "
        "patienten enligt vårdgarantin; {b} kan ange den andra vårdgivaren)",
    ),
    (
        r"an xlsx workbook needs --output FILE\.xlsx",
        "en Excel-arbetsbok kräver --output FIL.xlsx",
    ),
    (r"--split needs --home-region CODE", "--split kräver --home-region KOD"),
    (
        r"give --method or --compare-methods, not both",
        "ange --method eller --compare-methods, inte båda",
    ),
    (
        r"--letter and --json: choose one \(a letter is text for the patient\)",
        "--letter och --json: välj ett av dem (ett brev är text till patienten)",
    ),
    (
        r"a län code is two digits \(the first two of Lkf, e\.g\. 18 for Örebro län\)",
        "en länskod är två siffror (de två första i Lkf, t.ex. 18 för Örebro län)",
    ),
    (
        r"no län has this code \(the län codes: (?P<c>[0-9, ]*)\); Regionkod numbers regions "
        r"otherwise \(55 is Region Örebro län, whose län code is 18\)",
        "inget län har den koden (länskoderna: {c}); Regionkod numrerar regionerna på annat "
        "sätt (55 är Region Örebro län, vars länskod är 18)",
    ),
    (
        r"--home-region needs the column Lkf in (?P<f>.+) \(the patient's home municipality, "
        r"whose first two digits are the län\)",
        "--home-region kräver kolumnen Lkf i {f} (patientens hemkommun, vars två första "
        "siffror är länet)",
    ),
    (
        r"the published figures have no column (?P<q>'.*') \(a group column of the figures: "
        r"(?P<c>.*)\)",
        "de publicerade siffrorna har ingen kolumn {q} (en gruppkolumn i siffrorna: {c})",
    ),
    (
        r"the published figures have no column 'measure'",
        "de publicerade siffrorna har ingen kolumn 'measure'",
    ),
    (
        r"the published figures have neither a 'count' nor a 'share' column",
        "de publicerade siffrorna har varken en kolumn 'count' eller en kolumn 'share'",
    ),
    (
        r"required column\(s\) (?P<c>.+) missing for the (?P<f>\S+) format \((?:did you "
        r"mean (?P<m>'.*') for (?P<w>'.*')\? )?columns found: (?P<found>.*)\); delimiter "
        r"(?P<d>.+)",
        "det saknas en eller flera kolumner som krävs för formatet {f}: {c} "
        "({m}kolumner i filen: {found}); "
        "avgränsare {d}",
    ),
    (
        r"required column\(s\) (?P<c>.+) missing for the (?P<f>\S+) format \((?:did you "
        r"mean (?P<m>'.*') for (?P<w>'.*')\? )?columns found: (?P<found>.*)\); the first "
        r"line has no delimiter \(';', ',' or a tab\): save the file as CSV",
        "det saknas en eller flera kolumner som krävs för formatet {f}: {c} "
        "({m}kolumner i filen: {found}); "
        "första raden har ingen avgränsare (';', ',' eller tabb): spara filen som CSV",
    ),
    (
        r"standard output cannot show (?P<c>'.*') \((?P<u>U\+[0-9A-F]+)\) in its encoding "
        r"(?P<e>\S+); give --output FILE \(written in UTF-8\), or set PYTHONIOENCODING=utf-8",
        "standard output kan inte visa {c} ({u}) i sin teckenkodning {e}; ange --output FIL "
        "(skrivs i UTF-8), eller sätt PYTHONIOENCODING=utf-8",
    ),
    (
        r"standard output cannot show (?P<c>'.*') \((?P<u>U\+[0-9A-F]+)\) in its encoding "
        r"(?P<e>\S+); write it to a file \(> FILE, in UTF-8\), or set PYTHONIOENCODING=utf-8",
        "standard output kan inte visa {c} ({u}) i sin teckenkodning {e}; skriv till en fil "
        "(> FIL, i UTF-8), eller sätt PYTHONIOENCODING=utf-8",
    ),
    (
        r"an OpenDocument spreadsheet \(\.ods\), which this reader does not read: save it as "
        r"an Excel workbook \(\.xlsx\) or as CSV",
        "ett OpenDocument-kalkylblad (.ods), som den här läsaren inte läser: spara det som en "
        "Excel-arbetsbok (.xlsx) eller som CSV",
    ),
    (
        r"the first line, (?P<h>'.*'), is a spreadsheet's hint of the delimiter, not the "
        r"column names: delete that line \(the delimiter is found without it\)",
        "första raden, {h}, är ett kalkylprograms ledtråd om avgränsaren, inte kolumnnamnen: "
        "ta bort den raden (avgränsaren hittas utan den)",
    ),
    (
        r"the file changed while it was read \(another program still writing it\?\), so the "
        r"rows read may mix two versions or end in a line cut short; nothing is written: run "
        r"again when the file is written whole",
        "filen ändrades medan den lästes (skriver ett annat program fortfarande till den?), så "
        "de rader som lästes kan blanda två versioner eller sluta i en avklippt rad; inget "
        "skrivs: kör igen när filen är skriven hel",
    ),
    (
        r"the first line, (?P<h>'.*'), is PowerShell's type line, not the column names: delete "
        r"that line, or export with Export-Csv -NoTypeInformation",
        "första raden, {h}, är PowerShells typrad, inte kolumnnamnen: ta bort den raden, eller "
        "exportera med Export-Csv -NoTypeInformation",
    ),
    (
        r"required columns missing: the columns fit no profile; (?P<needs>.+) \(columns "
        r"found: (?P<found>.*)\); give (?P<o>.+) for another layout(?:; delimiter "
        r"(?P<d>.+)|(?P<none>; the first line has no delimiter \(';', ',' or a tab\): save "
        r"the file as CSV))?",
        "kolumner som krävs saknas: kolumnerna passar ingen profil; {needs} (kolumner i "
        "filen: {found}); ange {o} för en annan layout{d}",
    ),
    (
        r"required column\(s\) (?P<c>.+) missing for the (?P<f>\S+) format \((?:did you "
        r"mean (?P<m>'.*') for (?P<w>'.*')\? )?columns found: (?P<found>.*)\)",
        "det saknas en eller flera kolumner som krävs för formatet {f}: {c} "
        "({m}kolumner i filen: {found})",
    ),
    (
        r"unknown rule set (?P<q>'.*'); use national, bup or a path to a \.toml file",
        "okänd regeluppsättning {q}; ange national, bup eller sökvägen till en .toml-fil",
    ),
    (
        r"unknown method (?P<q>.+); use skr, socialstyrelsen or a method \.toml file \(the "
        r"report sets an official method beside the law's count\)",
        "okänd metod {q}; ange skr, socialstyrelsen eller en metodfil (.toml) (rapporten "
        "visar en officiell metod bredvid lagens räkning)",
    ),
    (
        r"unknown method (?P<q>.+); use skr, socialstyrelsen, legal or a method \.toml file",
        "okänd metod {q}; ange skr, socialstyrelsen, legal eller en metodfil (.toml)",
    ),
    (
        r"give either FILE or --example \(see '(?P<c>.*)'\)",
        "ange antingen FIL eller --example (se '{c}')",
    ),
    (
        r"--as-of \(or --census\) is needed: (?P<f>.+) names no month \(DatatGallerFor\) to "
        r"take the census day from",
        "--as-of (eller --census) behövs: {f} anger ingen månad (DatatGallerFor) att ta "
        "mätdagen från",
    ),
    (
        r"--as-of and --census name different days; give one",
        "--as-of och --census anger olika dagar; ange en av dem",
    ),
    (
        r"(?P<f>.+) has no such column \(the columns: (?P<c>.*); or unit, level\)",
        "{f} har ingen sådan kolumn (kolumnerna: {c}; eller unit, level)",
    ),
    (
        r"(?P<f>.+?): a column the worklist writes itself \((?P<c>[a-z_, ]+)\); the file's "
        r"column of that name cannot be kept beside it",
        "{f}: en kolumn som arbetslistan själv skriver ({c}); filens kolumn med det namnet kan "
        "inte behållas bredvid den",
    ),
    (
        r"(?P<f>.+?): a column the worklist writes itself \((?P<c>[a-z_, ]+)\); the file's "
        r"column of that name cannot be grouped by \(its value as of this day is the "
        r"worklist's own\)",
        "{f}: en kolumn som arbetslistan själv skriver ({c}); filens kolumn med det namnet kan "
        "inte grupperas efter (dess värde per dagen är arbetslistans eget)",
    ),
    (
        r"(?P<f>.+?): a column the worklist writes itself \((?P<c>[a-z_, ]+)\); the file's "
        r"column of that name cannot be grouped by \(its value as of this day is the "
        r"worklist's own\) \(the worklist's start is the day the period counted began: after "
        r"a restart, the restart's\)",
        "{f}: en kolumn som arbetslistan själv skriver ({c}); filens kolumn med det namnet kan "
        "inte grupperas efter (dess värde per dagen är arbetslistans eget) (arbetslistans start "
        "är dagen då den räknade perioden började: efter en omstart, omstartens)",
    ),
    (
        r"(?P<f>.+?) has more than one column of that name \((?P<spelt>.+?): names are read "
        r"without regard to case or to how a letter such as ö is stored, whole or as o and a "
        r"mark\); rename one of them",
        "{f} har mer än en kolumn med det namnet ({spelt}: namn läses utan hänsyn till skiftläge "
        "eller till hur en bokstav som ö lagras, hel eller som o och ett tecken); byt namn på "
        "en av dem",
    ),
    (
        r"sheet (?P<s>'.*'), cell (?P<c>[A-Z]+\d+): a text of (?P<n>\d+) characters \(as "
        r"Excel counts them\), more than Excel's (?P<m>\d+) \(no cell is cut: write a \.csv "
        r"file for this list\)",
        "bladet {s}, cell {c}: en text på {n} tecken (som Excel räknar dem), fler än Excels {m} "
        "(ingen cell kortas: skriv en .csv-fil för den här listan)",
    ),
    (
        r"(?P<f>.+?): not a CSV text file \(binary data near its start: a NUL byte on line "
        r"(?P<l>\d+); for UTF-16 text without a byte-order mark, give the encoding utf-16\)",
        "{f}: ingen CSV-textfil (binära data nära början: en NUL-byte på rad {l}; för "
        "UTF-16-text utan byteordningsmärke, ange teckenkodningen utf-16)",
    ),
    (
        r"(?P<f>.+) has no such column \(the columns: (?P<c>.*); 'level' is the level "
        r"evaluated\)",
        "{f} har ingen sådan kolumn (kolumnerna: {c}; 'level' är den utvärderade nivån)",
    ),
    (
        r"vardgaranti validate writes text, CSV or JSON; name the file \.txt, \.csv or "
        r"\.json",
        "vardgaranti validate skriver text, CSV eller JSON; ge filen ändelsen .txt, .csv "
        "eller .json",
    ),
    (
        r"vardgaranti (?P<c>stats|worklist) writes text, CSV, JSON or an Excel workbook; name "
        r"the file \.txt, \.csv, \.json or \.xlsx",
        "vardgaranti {c} skriver text, CSV, JSON eller en Excel-arbetsbok; ge filen ändelsen "
        ".txt, .csv, .json eller .xlsx",
    ),
    (
        r"vardgaranti check writes CSV or an Excel workbook; name the file \.csv or \.xlsx",
        "vardgaranti check skriver CSV eller en Excel-arbetsbok; ge filen ändelsen .csv eller "
        ".xlsx",
    ),
    (
        r"vardgaranti report writes one HTML page; name the file \.html",
        "vardgaranti report skriver en HTML-sida; ge filen ändelsen .html",
    ),
    (
        r"the old Excel format \(\.xls\) is not written; name the file \.xlsx or \.csv",
        "det gamla Excel-formatet (.xls) skrivs inte; ge filen ändelsen .xlsx eller .csv",
    ),
    (
        r"Excel's binary format \(\.xlsb\) is not written; name the file \.xlsx or \.csv",
        "Excels binära format (.xlsb) skrivs inte; ge filen ändelsen .xlsx eller .csv",
    ),
    (
        r"a macro workbook \(\.xlsm\) is not written, and Excel refuses a plain workbook by "
        r"that name; name the file \.xlsx",
        "en arbetsbok med makron (.xlsm) skrivs inte, och Excel vägrar öppna en vanlig "
        "arbetsbok med det namnet; ge filen ändelsen .xlsx",
    ),
    (
        r"OpenDocument \(\.ods\) is not written; name the file \.xlsx or \.csv",
        "OpenDocument (.ods) skrivs inte; ge filen ändelsen .xlsx eller .csv",
    ),
    (
        r"(?P<o>--\S+(?: \S+)?) writes an Excel workbook, not what the name says; name the "
        r"file \.xlsx, or leave (?P=o) out",
        "{o} skriver en Excel-arbetsbok, inte det filnamnet anger; ge filen ändelsen .xlsx, "
        "eller utelämna {o}",
    ),
    (
        r"(?P<o>--\S+(?: \S+)?) writes (?P<w>JSON|CSV), not what the name says; name the "
        r"file (?P<n>\.\w+) \(or \.txt\), or leave (?P=o) out",
        "{o} skriver {w}, inte det filnamnet anger; ge filen ändelsen {n} (eller .txt), eller "
        "utelämna {o}",
    ),
    (
        r"(?P<o>--\S+(?: \S+)?) writes text, not what the name says; name the file \.txt, "
        r"or leave (?P=o) out",
        "{o} skriver text, inte det filnamnet anger; ge filen ändelsen .txt, eller utelämna {o}",
    ),
    (
        r"every row names another month \(DatatGallerFor\) than the census day's, "
        r"(?P<m>[0-9-]+): nothing was counted; give the census day of the delivery's month "
        r"\(--census, or leave it out to take it from the file\)",
        "varje rad anger en annan månad (DatatGallerFor) än räknedagens, {m}: inget räknades; "
        "ange räknedagen i leveransens månad (--census, eller utelämna den för att ta den från "
        "filen)",
    ),
    (
        r"is empty; give whom the patient should contact",
        "är tom; ange vem patienten ska kontakta",
    ),
    (
        r"--costs needs a list with the column 'referred' or 'provider' \(who referred the "
        r"patient, or the other provider\), which the shipped example does not have; give a "
        r"list of outcomes \(docs: 'A guarantee unit's week', utfall\.csv\)",
        "--costs kräver en lista med kolumnen 'referred' eller 'provider' (vem som remitterade "
        "patienten, eller den andra vårdgivaren), som det medföljande exemplet inte har; ange en "
        "lista med utfall (dokumentationen: 'A guarantee unit's week', utfall.csv)",
    ),
    (
        r"--contact goes with --letter \(whom the patient should contact\)",
        "--contact hör ihop med --letter (vem patienten ska kontakta)",
    ),
    (
        r"(?P<o>--[a-z-]+) goes with (?P<p>--[a-z-]+); give (?P=p) too",
        "{o} hör ihop med {p}; ange {p} också",
    ),
    (
        r"--as-of is not given, so the status is for today, (?P<d>[0-9-]+), before the "
        r"start (?P<s>[0-9-]+): give --as-of a day on or after the start",
        "--as-of är inte angiven, så statusen gäller i dag, {d}, före starten {s}: ange "
        "--as-of en dag på eller efter starten",
    ),
    (
        r"year (?P<y>-?\d+) is outside the supported years (?P<a>\d+)–(?P<b>\d+)",
        "året {y} ligger utanför de år som stöds, {a}–{b}",
    ),
    (
        r"the report sets an official method beside the law's count; give skr, "
        r"socialstyrelsen or a method file",
        "rapporten visar en officiell metod bredvid lagens räkning; ange skr, "
        "socialstyrelsen eller en metodfil",
    ),
    # argparse's own (Python 3.11's wording)
    (r"invalid int value: (?P<q>'.*')", "ogiltigt heltal: {q}"),
    (
        r"invalid choice: (?P<v>'.*') \(choose from (?P<c>.*)\)",
        "ogiltigt val: {v} (välj bland {c})",
    ),
    (r"unrecognized arguments: (?P<a>.*)", "okända argument: {a}"),
    (r"the following arguments are required: (?P<a>.*)", "de här argumenten krävs: {a}"),
    (r"expected one argument", "ett värde väntas"),
    (r"not allowed with argument (?P<a>.*)", "får inte ges med argumentet {a}"),
    (
        r"ambiguous option: (?P<o>\S+) could match (?P<m>.*)",
        "tvetydig flagga: {o} kan vara {m}",
    ),
    (
        r"the file name is empty; give a file, or '-' for standard input",
        "filnamnet är tomt; ange en fil, eller '-' för standard in",
    ),
    (
        r"(?P<f>.+): cannot make the folder for the letters \((?P<why>.*)\)",
        "{f}: kan inte skapa mappen för breven ({why})",
    ),
    (
        r"the value is empty; give a name or a file",
        "värdet är tomt; ange ett namn eller en fil",
    ),
    (
        rf"{_QUOTED} names no method; give e\.g\. skr,legal",
        "{q} anger ingen metod; ange t.ex. skr,legal",
    ),
    (
        rf"{_QUOTED} is not a whole number of processes or auto",
        "{q} är inte ett helt antal processer eller auto",
    ),
    (rf"{_QUOTED} is not a whole number", "{q} är inte ett heltal"),
    (
        rf"{_QUOTED}: the number of days must be >= (?P<n>\d+)",
        "{q}: antalet dagar måste vara minst {n}",
    ),
    (
        rf"{_QUOTED}: the number of processes must be >= (?P<n>\d+) or auto",
        "{q}: antalet processer måste vara minst {n} eller auto",
    ),
    (rf"{_QUOTED}: the number must be >= (?P<n>\d+)", "{q}: talet måste vara minst {n}"),
    (
        rf"{_QUOTED} is not a month in the form YYYY-MM",
        "{q} är inte en månad på formen ÅÅÅÅ-MM",
    ),
    (r"must be one line of text", "måste vara en rad text"),
    (r"the method (?P<m>'.*') is named twice", "metoden {m} anges två gånger"),
    (
        r"give one or more län codes \(e\.g\. 18 for Örebro län\), or leave the option out "
        r"to count every patient",
        "ange en eller flera länskoder (t.ex. 18 för Örebro län), eller utelämna flaggan för "
        "att räkna alla patienter",
    ),
    (
        r"the row has (?P<n>\d+) cells but the header has (?P<m>\d+) \(extra cells: "
        r"(?P<cells>.*); they are empty: does the line end with a delimiter the header does "
        r"not\?\)",
        "raden har {n} celler men rubrikraden har {m} (celler utöver rubrikraden: {cells}; de "
        "är tomma: slutar raden med en avgränsare som rubrikraden inte har?)",
    ),
    (
        r"the row has (?P<n>\d+) cells but the header has (?P<m>\d+) \(extra cells: "
        r"(?P<cells>.*); two or more cells hold exclusion periods \(reason:first\.\.last\): is "
        r"the exclusions cell split at a delimiter inside it\? Quote that cell\)",
        "raden har {n} celler men rubrikraden har {m} (celler utöver rubrikraden: {cells}; två "
        "eller fler celler har undantagsperioder (orsak:första..sista): är undantagscellen "
        "delad vid en avgränsare i den? Sätt den cellen inom citattecken)",
    ),
    (
        r"the row has (?P<n>\d+) cells but the header has (?P<m>\d+); two or more cells hold "
        r"exclusion periods \(reason:first\.\.last\): is the exclusions cell split at a "
        r"delimiter inside it\? Quote that cell",
        "raden har {n} celler men rubrikraden har {m}; två eller fler celler har "
        "undantagsperioder (orsak:första..sista): är undantagscellen delad vid en avgränsare i "
        "den? Sätt den cellen inom citattecken",
    ),
    (
        r"the row has (?P<n>\d+) cells but the header has (?P<m>\d+) \(extra cells: "
        r"(?P<cells>.*)\)",
        "raden har {n} celler men rubrikraden har {m} (celler utöver rubrikraden: {cells})",
    ),
    (
        r"the row has 1 cell but the header has (?P<m>\d+)",
        "raden har 1 cell men rubrikraden har {m}",
    ),
    (
        r"the row has (?P<n>\d+) cells but the header has (?P<m>\d+)",
        "raden har {n} celler men rubrikraden har {m}",
    ),
    (
        _QUOTED + r" is not a date in the form YYYY-MM-DD \(a time may follow after T or a "
        r"blank, and a zone after the time; or YYYYMMDD, YYYYMMDDhhmmss\)",
        "{q} är inte ett datum i formen ÅÅÅÅ-MM-DD (ett klockslag får följa efter T eller ett "
        "blanksteg, och en tidszon efter tiden; eller ÅÅÅÅMMDD, ÅÅÅÅMMDDttmmss)",
    ),
    (
        _QUOTED + r" is a moment whose day in Sweden is outside the years 1-9999",
        "{q} är en tidpunkt vars dag i Sverige ligger utanför åren 1–9999",
    ),
    (
        _QUOTED + r" is not a date in the form YYYY-MM-DD",
        "{q} är inte ett datum i formen ÅÅÅÅ-MM-DD",
    ),
    (
        _QUOTED + r" is not a date \(day is out of range for month\)",
        "{q} är inte ett datum (dagen finns inte i den månaden)",
    ),
    (
        _QUOTED + r" is not a date \(month must be in 1\.\.12\)",
        "{q} är inte ett datum (månaden ska vara 1–12)",
    ),
    (
        _QUOTED + r" is not a date in the form (?P<forms>.+)",
        "{q} är inte ett datum i formen {forms}",
    ),
    (_QUOTED + r" is not a date \((?P<why>.+)\)", "{q} är inte ett datum ({why})"),
    (
        "unknown level " + _QUOTED + "; " + re.escape(_LEVELS_EN),
        "okänd nivå {q}; " + _LEVELS_SV,
    ),
    ("empty; " + re.escape(_LEVELS_EN), "tom; " + _LEVELS_SV),
    ("empty", "tom"),
    (
        _QUOTED + r" is not yes \((?P<yes>[^)]*)\) or no \((?P<no>[^)]*)\)",
        "{q} är varken ja ({yes}) eller nej ({no})",
    ),
    (
        _DAY + r" is before (?P<earliest>[0-9-]+), the earliest the (?P<format>\S+) format "
        r"allows",
        "{d} är före {earliest}, den tidigaste dag formatet {format} tillåter",
    ),
    (
        "unknown code " + _QUOTED + r"; accepted: 1, 2, 3, 4, 5 \(1 first contact, 2 "
        r"operation/procedure, 3 examination, 4 return visit, 5 acute\)",
        "okänd kod {q}; möjliga: 1, 2, 3, 4, 5 (1 förstagångsbesök, 2 operation/åtgärd, 3 "
        "undersökning, 4 återbesök, 5 akut)",
    ),
    (
        "unknown code " + _QUOTED + r"; accepted: (?P<codes>.+)",
        "okänd kod {q}; möjliga: {codes}",
    ),
    (
        "unknown deviation code " + _QUOTED + r"; accepted: (?P<codes>.+)",
        "okänd avvikelsekod {q}; möjliga: {codes}",
    ),
    ("unknown deviation code " + _QUOTED, "okänd avvikelsekod {q}"),
    (
        "unknown exclusion reason " + _QUOTED + "; expected one of: mov, pvv, region",
        "okänt skäl {q} för ett undantag; möjliga: mov, pvv, region",
    ),
    (
        r"exclusion (?P<r>\w+): it ends \((?P<end>[0-9-]+)\) before it begins "
        r"\((?P<begin>[0-9-]+)\)",
        "undantaget {r} slutar ({end}) innan det börjar ({begin})",
    ),
    (
        r"exclusion (?P<q>'.*?') is not of the form REASON:FROM\.\.TO \(e\.g\. "
        r"mov:2025-04-01\.\.2025-04-14; the reasons: (?P<rs>[a-z, ]+)\)",
        "undantaget {q} har inte formen SKÄL:FRÅN..TILL (t.ex. mov:2025-04-01..2025-04-14; "
        "skälen: {rs})",
    ),
    (
        r"exclusion (?P<q>'.*?') is not of the form REASON:FROM\.\.TO \(e\.g\. "
        r"mov:2025-04-01\.\.2025-04-14; the reasons: (?P<rs>[a-z, ]+)\); items are separated "
        r"by ';', ',' or blanks, so (?P<w>'.*') was read as several",
        "undantaget {q} har inte formen SKÄL:FRÅN..TILL (t.ex. mov:2025-04-01..2025-04-14; "
        "skälen: {rs}); delarna skiljs åt av ';', ',' eller blanksteg, så {w} lästes som flera",
    ),
    (
        "level " + _LEVEL + r" has no care with another provider to decline: a restart \(a "
        r"new full period after the patient who declined it changed their mind, SKR FAQ "
        r"2023\) is for the 90-day steps only(?P<source>, .+)?",
        "nivån '{lv}' har ingen vård hos en annan vårdgivare att tacka nej till: en omstart "
        "(en ny hel period när patienten som tackade nej ändrar sig, SKR FAQ 2023) gäller "
        "bara 90-dagarsstegen{source}",
    ),
    (
        "level " + _LEVEL + r" has no care with another provider to decline: a waiver "
        r"declines the care elsewhere that only the 90-day steps give(?P<source>, .+)?",
        "nivån '{lv}' har ingen vård hos en annan vårdgivare att tacka nej till: ett avstående "
        "gäller vård hos en annan vårdgivare, som bara 90-dagarsstegen ger{source}",
    ),
    (
        "level " + _LEVEL + r" has no exclusions: time may be left out only for the 90-day "
        r"steps, (?P<source>.+)",
        "nivån '{lv}' har inga undantag: tid räknas bort bara i 90-dagarsstegen, {source}",
    ),
    (
        r"exclusion (?P<r>'[a-z]+') is not allowed under (?P<rule>.+?) \((?P<source>.*)\); "
        r"allowed: (?P<allowed>[a-z, ]*); care chosen in another region is an exclusion only "
        r"in a case whose start is on or after 2017-04-01 \(a case is judged by the rules in "
        r"force on its start, after a restart too\), (?P<since>.+)",
        "undantaget {r} är inte tillåtet enligt {rule} ({source}); tillåtna: {allowed}; vård "
        "som patienten valt i en annan region är ett undantag bara i ett ärende som startade "
        "2017-04-01 eller senare (ett ärende bedöms enligt reglerna den dag det startade, "
        "också efter en omstart), {since}",
    ),
    (
        r"exclusion (?P<r>'[a-z]+') is not allowed under (?P<rule>.+?) \((?P<source>.*)\); "
        r"allowed: (?P<allowed>[a-z, ]*)",
        "undantaget {r} är inte tillåtet enligt {rule} ({source}); tillåtna: {allowed}",
    ),
    (
        r"the (?P<set>.+?) rule set has no level " + _LEVEL + r"; its levels are: "
        r"(?P<levels>[a-z, -]*)",
        "regeluppsättningen {set} har ingen nivå '{lv}'; dess nivåer är: {levels}",
    ),
    (
        r"the (?P<set>.+?) rule set has no level " + _LEVEL + r"; its levels are: "
        r"(?P<levels>[a-z, -]*) \('[a-z-]+' is a level of the (?P<other>[a-z]+) rule set\)",
        "regeluppsättningen {set} har ingen nivå '{lv}'; dess nivåer är: {levels} ('{lv}' är "
        "en nivå i regeluppsättningen {other})",
    ),
    (
        r"no letter is written for the contact level: its guarantee is contact the same day "
        r"\(HSF 6 kap\. 1 § 1\), a day past before any letter arrives, and the letter would "
        r"itself be the contact; call the patient",
        "inget brev skrivs för nivån kontakt: garantin gäller kontakt samma dag (HSF 6 kap. "
        "1 § 1), en dag som har passerat innan ett brev kommer fram, och brevet skulle självt "
        "vara kontakten; ring patienten",
    ),
    (
        r"is (?P<n>\d+) characters; give at most (?P<most>\d+)",
        "är {n} tecken; ange högst {most}",
    ),
    (
        r"vardgaranti report needs the 'report' extra \(Jinja2 and pygal\): pip install "
        r"'vardgaranti\[report\]'",
        "vardgaranti report behöver tillägget 'report' (Jinja2 och pygal): pip install "
        "'vardgaranti[report]'",
    ),
    (
        r"evaluate_frame\(\) needs the 'polars' extra \(polars and narwhals\): pip install "
        r"'vardgaranti\[polars\]'",
        "evaluate_frame() behöver tillägget 'polars' (polars och narwhals): pip install "
        "'vardgaranti[polars]'",
    ),
    (
        r"the columnar engine needs the 'polars' extra: pip install 'vardgaranti\[polars\]'",
        "den kolumnvisa motorn behöver tillägget 'polars': pip install 'vardgaranti[polars]'",
    ),
    (
        r"reading Excel files needs the 'excel' extra: pip install 'vardgaranti\[excel\]'",
        "att läsa Excel-filer behöver tillägget 'excel': pip install 'vardgaranti[excel]'",
    ),
    (
        r"reading Excel files needs the 'excel' extra: pip install 'vardgaranti\[excel\]' "
        r"\(defusedxml is missing\)",
        "att läsa Excel-filer behöver tillägget 'excel': pip install 'vardgaranti[excel]' "
        "(defusedxml saknas)",
    ),
    (
        r"writing Excel files needs the 'excel' extra: pip install 'vardgaranti\[excel\]'",
        "att skriva Excel-filer behöver tillägget 'excel': pip install 'vardgaranti[excel]'",
    ),
    (
        r"a letter is written for an open case \(within, at_risk or overdue\), not for status "
        r"'(?P<st>[a-z_]+)'",
        "ett brev skrivs för ett öppet ärende (inom tidsgränsen, risk att tidsgränsen inte hålls "
        "eller tidsgränsen har passerat), inte för ett ärende med status {st}",
    ),
    (_DAY + r" is before the start \((?P<start>[0-9-]+)\)", "{d} är före starten ({start})"),
    (
        _DAY + r" is after the completion \((?P<done>[0-9-]+)\)",
        "{d} är efter dagen då vården gavs ({done})",
    ),
    (
        r"the as-of date " + _DAY + r" is before the clock's start (?P<start>[0-9-]+)",
        "lägesdagen {d} är före klockans start {start}",
    ),
    (
        r"no (?P<set>\S+) rule for "
        + _LEVEL
        + " was in force on "
        + _DAY
        + r" \(the first took effect (?P<first>[0-9-]+)\)",
        "ingen regel i regelverket {set} för '{lv}' gällde {d} (den första började gälla {first})",
    ),
    (
        r"blank in a completed delivery \(TillgangligVardSpeciGenomforda\), where every "
        r"contact has the day it was carried out",
        "saknas i en leverans av genomförda kontakter (TillgangligVardSpeciGenomforda), där "
        "varje kontakt har dagen den genomfördes",
    ),
    (
        _DAY + r" cannot be moved to the next vardag \(Lag 1930:173 2 §, roll-forward\): "
        r"the calendar covers the years (?P<years>\S+)",
        "{d} kan inte flyttas till nästa vardag (Lag 1930:173 2 §): kalendern omfattar åren "
        "{years}",
    ),
)


#: The library's own readings among the sources, in English: a source is a Swedish document's
#: name, said as it is in both languages, but a reading of the library's is its own words.
_READINGS_EN: Final = {
    "tolkning (vardgaranti): samma räkning även före 2021-03-10": (
        "reading (vardgaranti): the same counting before 2021-03-10 too"
    ),
    "tolkning (vardgaranti): en period som börjar efter sista dagen flyttar den inte; jfr SKR "
    "FAQ 2021-03-10: avvikelse kan inte anges när garantin inte uppfylls": (
        "reading (vardgaranti): a period that begins after the last day does not move it; cf. "
        "SKR FAQ 2021-03-10: no deviation may be given when the guarantee is not met"
    ),
    "tolkning (vardgaranti): PvV som paus, som för de nationella stegen (Förordning (2010:349) "
    "3 §, från 2017-04-01 HSF (2017:80) 6 kap. 2 §); vantetider.se lämnar i stället BUP-fall "
    "med PvV utanför statistiken (exkl. PvV)": (
        "reading (vardgaranti): PvV as a pause, as for the national steps (Förordning (2010:349) "
        "3 §, from 2017-04-01 HSF (2017:80) 6 kap. 2 §); vantetider.se instead leaves BUP cases "
        "with PvV out of the statistics (exkl. PvV)"
    ),
}


_READINGS_SV: Final = {english: swedish for swedish, english in _READINGS_EN.items()}
#: The library's own words inside a source's text (the 2005 agreement's rows, which no
#: statute backs), in English.
_READING_PARTS_EN: Final = (
    (
        "tolkning, inte i överenskommelsens källor: ordalydelsen som",
        "reading (vardgaranti), not in the agreement's sources: the wording as",
    ),
    (
        "tolkning, inte i överenskommelsens källor: som",
        "reading (vardgaranti), not in the agreement's sources: as",
    ),
    (
        "tolkning, inte i källorna: ordalydelsen som",
        "reading (vardgaranti), not in the sources: the wording as",
    ),
    ("överenskommelse, inte lag", "an agreement, not law"),
)


def citation_text(citation: object, lang: Lang) -> str:
    """A source as *lang* shows it: the library's own readings in English too.

    Args:
        citation: the source (a :class:`~vardgaranti.Citation` or its text).
        lang: ``sv`` or ``en``.

    Returns:
        The text; in English, a reading of the library's own (``tolkning (vardgaranti): ...``)
        in English words, any other source as written (a Swedish document keeps its name).

    >>> citation_text("tolkning (vardgaranti): PvV som paus, som för de nationella stegen "
    ...               "(Förordning (2010:349) 3 §, från 2017-04-01 HSF (2017:80) 6 kap. 2 §); "
    ...               "vantetider.se lämnar i stället BUP-fall med PvV utanför statistiken "
    ...               "(exkl. PvV); SKR, Informationsmodell", "en")[:47]
    'reading (vardgaranti): PvV as a pause, as for t'
    """
    text = str(citation)
    if lang != "en":
        return text
    if "tolkning (vardgaranti)" in text:  # (one source, or the first of several)
        for swedish, english in _READINGS_EN.items():
            text = text.replace(swedish, english)
    if "tolkning" in text or "inte lag" in text:
        for swedish, english in _READING_PARTS_EN:
            text = text.replace(swedish, english)
    if " även " in text:  # (a law added later, "; från 2015-01-01 även Patientlagen …")
        text = _ALSO_FROM.sub(r"; from \1 also ", text)
    return text


#: The words that join a law added later to a citation: the words, not the law, in English.
_ALSO_FROM: Final = re.compile(r"; från (\d{4}-\d{2}-\d{2}) även ")


def error_text(text: str, lang: Lang) -> str:
    """A row's error (as ``check`` writes it, in English) in *lang*.

    >>> error_text("start: '2025-02-30' is not a date (day is out of range for month)", "sv")
    "start: '2025-02-30' är inte ett datum (dagen finns inte i den månaden)"

    A message the catalogue does not have is returned as it is.
    """
    if lang == "en" or not text:
        return text
    for english, words in _PREFIXES_SV:  # (a prefix that is words, before the error it says)
        if text.startswith(english):
            return words + error_text(text[len(english) :], lang)
    for start in (0, *(i + 2 for i in _field_ends(text))):
        swedish = _translated(text[start:], "errors")
        if swedish is not None:
            return text[:start] + swedish
    return text


def error_text_cut(text: str, lang: Lang, limit: int) -> str:
    """:func:`error_text`, cut to *limit* characters, what is left out said in *lang*.

    The Swedish of a message may be longer than the English that fitted:

    >>> text = "start: '2025-02-30' is not a date (day is out of range for month)"
    >>> error_text_cut(text, "sv", 40)
    "start: '2025-02-30' är inte ett datum (d… (30 tecken till)"
    """
    said = error_text(text, lang)
    if len(said) <= limit:
        return said
    more = len(said) - limit
    return f"{said[:limit]}… ({more} {'tecken till' if lang == 'sv' else 'more characters'})"


#: What a message says instead of the columns found, in Swedish (``_profiles._shown``).
_FOUND_SV: Final = {
    "none named: the first line holds a date or a number such as a personnummer, so it looks "
    "like a row of data (its cells not shown); does the file begin with its column names?": (
        "inga namngivna: första raden har ett datum eller ett nummer som ett personnummer och "
        "ser ut som en rad med data (dess celler visas inte); börjar filen med sina kolumnnamn?"
    ),
}

#: Words before an error that say what it stops (``--as-of is needed: FILE: ...``).
_PREFIXES_SV: Final = (("--as-of is needed: ", "--as-of behövs: "),)


@functools.cache
def _catalogue(name: str) -> _Catalogue:
    """The catalogue of patterns *name* (``errors`` or ``notes``), compiled once."""
    written = _ERRORS_SV if name == "errors" else _NOTES_SV
    return tuple((re.compile(pattern), swedish) for pattern, swedish in written)


def _translated(text: str, name: str) -> str | None:
    """*text* by the first pattern of catalogue *name* that matches all of it, or ``None``."""
    for pattern, swedish in _catalogue(name):
        found = pattern.fullmatch(text)
        if found is not None:
            parts = found.groupdict()
            if parts.get("q") is not None:  # (a long value, cut: what was left out in Swedish)
                parts["q"] = _MORE.sub(r"… (\1 tecken till)", parts["q"])
            status = parts.get("st")
            if status is not None:  # (a status by its Swedish name, where it has one)
                known = has_message(f"cli.status.{status}")
                parts["st"] = f"'{message(f'cli.status.{status}', 'sv') if known else status}'"
            if parts.get("lv") is not None:
                parts["lv"] = _LEVEL_NAMES_SV.get(parts["lv"], parts["lv"])
            if parts.get("source") in _READINGS_SV:  # (the library's reading, in its Swedish)
                parts["source"] = _READINGS_SV[parts["source"]]
            if parts.get("what") in _UNREAD_SV:  # (what the columnar engine does not read)
                parts["what"] = _UNREAD_SV[parts["what"]]
            if parts.get("why") in _SYSTEM_SV:  # (the system's reason, as strerror says it)
                parts["why"] = _SYSTEM_SV[parts["why"]]
            if parts.get("found") is not None:  # (the columns found, or what is said instead)
                parts["found"] = _FOUND_SV.get(parts["found"], parts["found"])
            if "m" in parts and "w" in parts:  # (a column like each one missing, or none)
                meant = parts["m"]
                if meant is not None:  # (several: "'nivå' for 'level', 'startdatum'")
                    meant = meant.replace("' for '", "' för '")
                parts["m"] = "" if meant is None else f"menade du {meant} för {parts['w']}? "
            if parts.get("forms") is not None:  # (a profile's date forms: "%d/%m/%Y or iso")
                parts["forms"] = parts["forms"].replace(" or ", " eller ")
            if parts.get("spelt") is not None:  # (the columns' names: 'note' and 'Note')
                parts["spelt"] = parts["spelt"].replace("' and '", "' och '")
            if parts.get("needs") is not None:  # (each profile's "NAME needs 'a', 'b'")
                parts["needs"] = re.sub(r"(?:^|(?<=; ))(\S+) needs ", r"\1 kräver ", parts["needs"])
            if "d" in parts and "needs" in parts:  # (the delimiter, when the file has one)
                parts["d"] = "" if parts["d"] is None else f"; avgränsare {parts['d']}"
                if parts.get("none") is not None:
                    parts["d"] = (
                        "; första raden har ingen avgränsare (';', ',' eller tabb): spara filen "
                        "som CSV"
                    )
            if parts.get("levels") is not None:  # (a list of levels: each by its Swedish name)
                parts["levels"] = ", ".join(
                    _LEVEL_NAMES_SV.get(level, level) for level in parts["levels"].split(", ")
                )
            # (an optional part that is not there: nothing)
            return swedish.format(**{key: value or "" for key, value in parts.items()})
    return None


#: A one-line note about the input (a report's "Anmärkningar") in Swedish, as
#: :data:`_ERRORS_SV` does for the rows' errors; a note not here is shown as written.
_NOTES_SV: Final[tuple[tuple[str, str], ...]] = (
    # `check`'s own notes (`_cli._run_check`)
    (
        r"(?P<name>.+): read by the streaming engine \(the columnar engine does not read "
        r"(?P<what>standard input|this file|an XML delivery|a workbook|a file with NUL bytes near "
        r"its start, as UTF-16 without a byte-order mark)\)",
        "{name}: läst av den radvisa motorn (den kolumnvisa läser inte {what})",
    ),
    (
        r"(?P<name>.+): --output-encoding (?P<e>\S+) was not used: a workbook's text needs none "
        r"\(--output-encoding is for CSV\)",
        "{name}: --output-encoding {e} användes inte: en arbetsboks text behöver ingen "
        "(--output-encoding gäller CSV)",
    ),
    (
        r"(?P<name>.+): written by the streaming engine \(the columnar engine writes CSV\)",
        "{name}: skriven av den radvisa motorn (den kolumnvisa skriver CSV)",
    ),
    (
        r"(?P<name>.+): checked again in one process: the findings of its slices cannot be "
        r"merged into those of one pass \(more distinct ids or referrals than the duplicate "
        r"checks remember\)",
        "{name}: kontrollerad igen i en process: fynden i filens delar kan inte slås samman "
        "till en genomläsnings (fler olika id:n eller remisser än dubblettkontrollerna minns)",
    ),
    (
        r"(?P<name>.+): counted again in one process: the counts of its slices cannot be "
        r"merged into the same figures \(more distinct ids or referrals than the duplicate "
        r"checks remember, or more kinds of row errors than are named\)",
        "{name}: räknad igen i en process: siffrorna i filens delar kan inte slås samman till "
        "samma siffror (fler olika id:n eller remisser än dubblettkontrollerna minns, eller "
        "fler slags radfel än som namnges)",
    ),
    (
        r"(?P<name>.+): read in one process, not (?P<n>\d+): this process runs other threads, "
        r"and a fork copies only one of them \(a Jupyter kernel has several; the command "
        r"line has none\)",
        "{name}: läst i en process, inte {n}: den här processen kör andra trådar, och en fork "
        "kopierar bara en av dem (en Jupyter-kärna har flera; kommandoraden har inga)",
    ),
    (
        r"(?P<name>.+): the column (?P<p>'.*') names who gave care elsewhere, but there is "
        r"no column (?P<r>'.*') of the region's referrals: each provider is read as the "
        r"patient's own choice \(costs_covered 'no'\); add the referral dates to tell them "
        r"apart",
        "{name}: kolumnen {p} anger vem som gav vården någon annanstans, men det finns ingen "
        "kolumn {r} med regionens remisser: varje vårdgivare läses som patientens eget val "
        "(costs_covered 'no'); lägg till remissdatumen för att skilja dem åt",
    ),
    (
        r"(?P<name>.+): the column (?P<c>'.*') is not read; did you mean (?P<m>'.*')\? As it "
        r"is, every row is read as if its field (?P<f>'.*') were blank",
        "{name}: kolumnen {c} läses inte; menade du {m}? Som den heter nu läses varje rad som "
        "om dess fält {f} vore tomt",
    ),
    (
        r"(?P<name>.+): this is a worklist, not the waiting list it was made of, and it lacks "
        r"columns the deadlines depend on \((?P<c>.+)\): they are made again without them and "
        r"may differ from the worklist's own \(which are not read\); run on the waiting list "
        r"itself",
        "{name}: det här är en arbetslista, inte väntelistan den gjordes av, och den saknar "
        "kolumner som sista dagen beror på ({c}): den räknas om utan dem och kan skilja sig "
        "från arbetslistans egen (som inte läses); kör på väntelistan själv",
    ),
    (
        r"(?P<name>.+): the input has the result columns of an earlier check; this check's "
        r"results replace them",
        "{name}: indata har resultatkolumnerna från en tidigare kontroll; den här "
        "kontrollens resultat ersätter dem",
    ),
    (
        r"(?P<name>.+): the column (?P<c>'.*') has the name of a result column: check writes "
        r"its own result there, and the column's cells are not in the output \(rename it to "
        r"keep it\)",
        "{name}: kolumnen {c} har samma namn som en resultatkolumn: check skriver sitt eget "
        "resultat där, och kolumnens celler finns inte i utdata (byt namn på den för att "
        "behålla den)",
    ),
    (
        r"(?P<name>.+): the columns (?P<c>'.*') have the names of result columns: check "
        r"writes its own results there, and the columns' cells are not in the output "
        r"\(rename them to keep them\)",
        "{name}: kolumnerna {c} har samma namn som resultatkolumner: check skriver sina egna "
        "resultat där, och kolumnernas celler finns inte i utdata (byt namn på dem för att "
        "behålla dem)",
    ),
    (
        r"(?P<name>.+): not UTF-8; read as Windows-1252",
        "{name}: inte UTF-8; läst som Windows-1252",
    ),
    (
        r"(?P<name>.+): not UTF-8 from line (?P<line>\d+) on, though UTF-8 before it \(å, ä, "
        r"ö there read as Ã¥, Ã¤, Ã¶\): read as Windows-1252; correct line (?P=line) \(a "
        r"byte that is not UTF-8 there\), and the file reads as UTF-8",
        "{name}: inte UTF-8 från rad {line}, men UTF-8 före den (å, ä, ö där läses som Ã¥, "
        "Ã¤, Ã¶): läst som Windows-1252; rätta rad {line} (en byte som inte är UTF-8 där), "
        "så läses filen som UTF-8",
    ),
    (
        r"(?P<name>.+): the sheet (?P<t>'.*') was read, the first one shown in Excel; the "
        r"hidden sheet (?P<h>.+) before it was not \(give --sheet to read another\)",
        "{name}: bladet {t} lästes, det första som visas i Excel; det dolda bladet {h} före "
        "det lästes inte (ange --sheet för att läsa ett annat)",
    ),
    (
        r"(?P<name>.+): the sheet (?P<t>'.*') was read, the first one shown in Excel; the "
        r"hidden sheets (?P<h>.+) before it were not \(give --sheet to read another\)",
        "{name}: bladet {t} lästes, det första som visas i Excel; de dolda bladen {h} före "
        "det lästes inte (ange --sheet för att läsa ett annat)",
    ),
    (
        r"1 row names another month \(DatatGallerFor\) than the census day's \((?P<m>[^)]*)\)"
        r": left out of the statistics \(another month's delivery\)",
        "1 rad anger en annan månad (DatatGallerFor) än räknedagens ({m}): utelämnad ur "
        "statistiken (en annan månads leverans)",
    ),
    (
        r"(?P<n>\d+) rows name another month \(DatatGallerFor\) than the census day's "
        r"\((?P<m>[^)]*)\): left out of the statistics \(another month's delivery\)",
        "{n} rader anger en annan månad (DatatGallerFor) än räknedagens ({m}): utelämnade ur "
        "statistiken (en annan månads leverans)",
    ),
    (
        r"(?P<name>.+): the XML declaration says (?P<enc>\S+), but the bytes are UTF-8 "
        r"\(å, ä, ö would read as Ã¥, Ã¤, Ã¶\): read as UTF-8 \(--encoding cp1252 reads it as "
        r"declared\)",
        "{name}: XML-deklarationen säger {enc}, men byten är UTF-8 (å, ä, ö skulle läsas som "
        "Ã¥, Ã¤, Ã¶): läst som UTF-8 (--encoding cp1252 läser den som deklarerad)",
    ),
    (
        r"(?P<name>.+): (?P<n>\d+) Kontakt elements \(the second on line (?P<line>\d+)\): a "
        r"delivery holds one, for its month \(national-reporting: XML shape\); each contact is "
        r"read with the DatatGallerFor of its own Kontakt",
        "{name}: {n} Kontakt-element (det andra på rad {line}): en leverans har ett, för sin "
        "månad (national-reporting: XML-formen); varje kontakt läses med DatatGallerFor från "
        "sitt eget Kontakt",
    ),
    (
        r"(?P<name>.+): (?P<n>\d+) Besok elements? outside any Kontakt \(the first on line "
        r"(?P<line>\d+)\): a delivery's contacts are in its Kontakt \(national-reporting: XML "
        r"shape\); read without a Kontakt's DatatGallerFor",
        "{name}: {n} Besok-element utanför Kontakt (det första på rad {line}): en leverans "
        "kontakter ligger i dess Kontakt (national-reporting: XML-formen); lästa utan ett "
        "Kontakts DatatGallerFor",
    ),
    (
        r"(?P<name>.+): (?P<n>\d+) Besok elements? inside elements of another namespace "
        r"\(schema extensions\) passed over, not read as contacts \(the first on line "
        r"(?P<line>\d+)\); if they are contacts, move them out of those elements",
        "{name}: {n} Besok-element i element av ett annat namnrum (schemats utökningar) "
        "hoppades över, inte lästa som kontakter (det första på rad {line}); om de är "
        "kontakter, flytta ut dem ur de elementen",
    ),
    (
        r"(?P<name>.+): the file begins with a UTF-8 byte-order mark, but its bytes are not "
        r"UTF-8: read as the XML declaration says, (?P<enc>\S+)",
        "{name}: filen börjar med en UTF-8-BOM (byte-order mark), men dess byte är inte UTF-8: "
        "läst som XML-deklarationen säger, {enc}",
    ),
    (
        r"(?P<name>.+): the XML declaration says (?P<enc>\S+), but the file begins with a "
        r"(?P<m>UTF-8|UTF-16) byte-order mark: read as (?P=m)",
        "{name}: XML-deklarationen säger {enc}, men filen börjar med en {m}-BOM "
        "(byte-order mark): läst som {m}",
    ),
    (
        r"(?P<name>.+): the file begins with a (?P<m>UTF-8|UTF-16) byte-order mark: read as "
        r"(?P=m), not as --encoding (?P<enc>\S+)",
        "{name}: filen börjar med en {m}-BOM (byte-order mark): läst som {m}, inte som "
        "--encoding {enc}",
    ),
    (
        r"(?P<name>.+): the sheet (?P<q>'.*') was not looked for: this is a CSV file, not an "
        r"Excel workbook \(--sheet is for \.xlsx files\)",
        "{name}: bladet {q} söktes inte: det här är en CSV-fil, inte en Excel-arbetsbok "
        "(--sheet gäller .xlsx-filer)",
    ),
    (
        r"(?P<name>.+): the sheet (?P<q>'.*') was not looked for: this is an XML delivery, not "
        r"an Excel workbook \(--sheet is for \.xlsx files\)",
        "{name}: bladet {q} söktes inte: det här är en XML-leverans, inte en Excel-arbetsbok "
        "(--sheet gäller .xlsx-filer)",
    ),
)


def note_text(text: str, lang: Lang) -> str:
    """A one-line note about the input (as the library writes it, in English) in *lang*.

    >>> note_text("lista.csv: not UTF-8; read as Windows-1252", "sv")
    'lista.csv: inte UTF-8; läst som Windows-1252'
    """
    if lang == "en":
        return text
    swedish = _translated(text, "notes")
    return text if swedish is None else swedish


def _field_ends(text: str) -> list[int]:
    """Where a field's name may end (``NAME: ``), at most three times.

    As in ``line 3: start: ...`` and ``--as-of is needed: FILE: DatatGallerFor: ...``.
    """
    ends: list[int] = []
    position = text.find(": ")
    while position >= 0 and len(ends) < 3:
        ends.append(position)
        position = text.find(": ", position + 2)
    return ends


def days(n: int, lang: Lang) -> str:
    """*n* days in words: ``1 dag``/``2 dagar``, ``1 day``/``2 days``."""
    if lang == "sv":
        return "1 dag" if n == 1 else f"{n} dagar"
    return "1 day" if n == 1 else f"{n} days"


def holiday_in_text(name: str, lang: Lang) -> str:
    """A holiday's name as it stands inside a sentence in *lang*.

    Swedish writes the names of holidays and eves in lower case (Lag 1989:253 1 §: "juldagen",
    HSF's "midsommarafton, julafton eller nyårsafton"), except a proper name in them; English
    texts keep the Swedish name as a name, capitalised.

    >>> holiday_in_text("Julafton", "sv"), holiday_in_text("Kristi himmelsfärdsdag", "sv")
    ('julafton', 'Kristi himmelsfärdsdag')
    >>> holiday_in_text("Julafton", "en")
    'Julafton'
    """
    if lang != "sv" or name.startswith("Kristi "):
        return name
    return name[:1].lower() + name[1:]


def weekday(index: int, lang: Lang) -> str:
    """The name of weekday *index* (0 is Monday)."""
    return _WEEKDAYS[lang][index]


def month_name(day: date, lang: Lang) -> str:
    """The month of *day* in words, as a sentence names it (the year in four digits).

    >>> month_name(date(2026, 1, 31), "sv"), month_name(date(2026, 1, 31), "en")
    ('januari 2026', 'January 2026')
    >>> month_name(date(999, 5, 1), "sv")
    'maj 0999'

    Args:
        day: any day of the month.
        lang: the language.

    Returns:
        The month's name and the year.
    """
    return f"{_MONTHS[lang][day.month - 1]} {day.year:04d}"
