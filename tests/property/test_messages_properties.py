"""The message catalogue: every text in both languages, and English without Swedish fragments.

English explanations keep only the legal terms themselves in Swedish (besöksgaranti, vardag,
remiss, the names of statutes and holidays, the exclusion codes); the sentences are English.
"""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.property.case_strategies import (
    STATUTORY_LIMIT,
    Scenario,
    as_of_dates,
    cases,
    scenarios,
)
from vardgaranti import Policy, evaluate
from vardgaranti._messages import keys
from vardgaranti.errors import VardgarantiError

#: Swedish words that belong to sentences, not to legal terms or names.
SWEDISH: re.Pattern[str] = re.compile(
    r"\b(och|från|att|är|inte|sista|dagen|dagar|räknas|tiden|gäller|patienten|vården|"
    r"regionen|garantin|bokad|kvar|gränsen|flyttas|ligger|efter|före|utan|enligt|vald)\b",
    re.IGNORECASE,
)


def _english_sentence(text: str) -> str:
    """The text without its [citation] and the parenthesised legal names."""
    text = re.sub(r"\[[^\]]*\]", "", text)
    return re.sub(r"\((?:[^()]*(?:vårdgaranti|lag|HSF|HSL|egen vårdbegäran)[^()]*)\)", "", text)


def test_every_message_has_both_languages_and_no_swedish_sentence_in_english() -> None:
    from vardgaranti import _messages

    for key in keys():
        swedish, english = _messages._MESSAGES[key]
        assert swedish.strip(), key
        assert english.strip(), key
        if key.startswith("event."):
            continue  # the Swedish is the statute's own words; the English says it in English
        assert SWEDISH.search(_english_sentence(english)) is None, (key, english)


@settings(max_examples=300)
@given(scenarios(), st.data(), st.booleans())
def test_english_explanations_hold_no_swedish_sentences(
    scenario: Scenario, data: st.DataObject, roll: bool
) -> None:
    case = data.draw(cases(scenario))
    as_of: date = data.draw(as_of_dates(case, (scenario.limit, STATUTORY_LIMIT)))
    try:
        result = evaluate(case, as_of=as_of, rules=scenario.rules, policy=Policy(roll_forward=roll))
    except VardgarantiError:
        return
    for step in result.steps:
        found = SWEDISH.search(_english_sentence(step.en))
        assert found is None, (step.code, step.en)
    for alternative in result.alternatives:
        assert SWEDISH.search(_english_sentence(alternative.reading)) is None, alternative.reading
