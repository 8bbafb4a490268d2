"""Hostile TOML for every file read as a rule file (overlays, profiles, methods, travel rules).

Nesting of arrays and inline tables deeper than MAX_NESTING (32) and dotted keys of more than
MAX_KEY_PARTS (64) parts are refused with a one-line RuleSetError, never a RecursionError or
MemoryError; brackets, braces and dots inside strings and comments count for nothing; a file
over MAX_RULE_FILE_BYTES is refused. Whatever passes the limits parses as tomllib parses it.
"""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from vardgaranti._rules import MAX_KEY_PARTS, MAX_NESTING, MAX_RULE_FILE_BYTES, read_rule_file
from vardgaranti.errors import RuleSetError

PROPERTY = settings(max_examples=300, deadline=None)

#: Strings and comments holding what the structure scan must not count.
DECOYS = st.sampled_from([
    '"[[[{{{..."', "'[[[{{{...'", '"""\n[[[{{{\n..."""', "'''\n[{[{.\n'''", '"a\\"[["',
])  # fmt: skip


def _nested(depth: int, kinds: list[bool], decoy: str) -> str:
    """A value nested *depth* deep: an array or an inline table at each level."""
    value = decoy
    for index in range(depth):
        value = f"[{value}]" if kinds[index % len(kinds)] else f"{{ k = {value} }}"
    return value


@PROPERTY
@given(
    st.one_of(st.integers(0, MAX_NESTING + 3), st.integers(0, 3000)),
    st.lists(st.booleans(), min_size=1, max_size=5),
    st.one_of(st.integers(1, MAX_KEY_PARTS + 3), st.integers(1, 5000)),
    DECOYS,
    st.booleans(),
)
def test_rule_file_nesting_and_dotted_key_limits(
    depth: int, kinds: list[bool], parts: int, decoy: str, comment: bool
) -> None:
    key = ".".join(f"p{i}" for i in range(parts))
    text = f"{key} = 1\nvalue = {_nested(depth, kinds, decoy)}\n"
    if comment:
        text = "# [[[[ {{{{ " + "[" * 100 + "\n" + text
    refused = depth > MAX_NESTING or parts > MAX_KEY_PARTS
    event(
        f"depth {'over' if depth > MAX_NESTING else 'within'}, "
        f"parts {'over' if parts > MAX_KEY_PARTS else 'within'}"
    )
    if refused:
        with pytest.raises(RuleSetError) as caught:
            read_rule_file(text.encode("utf-8"), "hostile.toml")
        assert "\n" not in str(caught.value)
        assert str(caught.value).startswith("hostile.toml: ")
        return
    assert read_rule_file(text.encode("utf-8"), "hostile.toml") == tomllib.loads(text)


@settings(max_examples=20, deadline=None)
@given(st.integers(-64, 64), st.sampled_from(["a", "å", '"']))
def test_rule_file_size_limit(slack: int, letter: str) -> None:
    head = b'name = "x"\nnote = "'
    tail = b'"\n'
    filler = ('\\"' if letter == '"' else letter).encode("utf-8")
    count = (MAX_RULE_FILE_BYTES + slack - len(head) - len(tail)) // len(filler)
    data = head + filler * count + tail
    if len(data) > MAX_RULE_FILE_BYTES:
        with pytest.raises(RuleSetError, match="larger than"):
            read_rule_file(data, "huge.toml")
    else:
        assert read_rule_file(data, "huge.toml")["name"] == "x"
