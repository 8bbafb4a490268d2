"""Properties of the Swedish alphabetical order (``swedish_key``)."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from vardgaranti._collation import swedish_key

_LETTERS = "abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖéÉüÜ 0-"
_NAMES = st.text(alphabet=_LETTERS, max_size=12)
_SWEDISH_ALPHABET = "abcdefghijklmnopqrstuvwxyzåäö"


@given(st.lists(st.text(max_size=8), max_size=12), st.randoms())
def test_swedish_order_does_not_depend_on_the_order_met(names: list[str], rng: object) -> None:
    shuffled = list(names)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert sorted(shuffled, key=swedish_key) == sorted(names, key=swedish_key)


@given(st.text(), st.text())
def test_swedish_order_tells_apart_every_two_texts(first: str, second: str) -> None:
    assert (swedish_key(first) == swedish_key(second)) == (first == second)


@given(
    st.text(alphabet=st.sampled_from(["a", "z", "å", "ä", "ö"]), max_size=4)
    | st.text(alphabet=_SWEDISH_ALPHABET, max_size=10),
    st.text(alphabet=st.sampled_from(["a", "z", "å", "ä", "ö"]), max_size=4)
    | st.text(alphabet=_SWEDISH_ALPHABET, max_size=10),
)
@example("å", "ä")
@example("ä", "ö")
@example("z", "å")
@example("ö", "å")
def test_swedish_order_is_the_alphabets_order_of_small_letters(first: str, second: str) -> None:
    # An independent reading: each letter by its place in the Swedish alphabet.
    def place(text: str) -> list[int]:
        return [_SWEDISH_ALPHABET.index(char) for char in text]

    assert (swedish_key(first) < swedish_key(second)) == (place(first) < place(second))


@given(_NAMES, _NAMES)
def test_swedish_order_ignores_case_first(first: str, second: str) -> None:
    if first.casefold() != second.casefold():
        assert (swedish_key(first) < swedish_key(second)) == (
            swedish_key(first.upper()) < swedish_key(second.lower())
        ) or swedish_key(first)[0] == swedish_key(second)[0]
