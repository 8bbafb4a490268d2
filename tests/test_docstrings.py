"""The public surface documents itself the Google way: ``Args:``, ``Returns:``, an example.

Every function in ``vardgaranti.__all__`` and every public method of a public class names each
of its parameters under ``Args:`` and, where it takes any, says what it gives under
``Returns:`` (or ``Yields:``: a method without parameters, such as ``as_dict``, says it in its
first line, as Google's style allows); every public function shows a runnable example
(``>>>``). A parameter added without a word about it fails here.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import vardgaranti

#: Parameters that need no word: the instance, and the variadic catch-alls.
_SELF = frozenset({"self", "cls"})


def _public() -> Iterator[tuple[str, Callable[..., Any]]]:
    """Each public function, and each public method defined by a public class, by its name."""
    for name in vardgaranti.__all__:
        obj = getattr(vardgaranti, name)
        if inspect.isfunction(obj):
            yield name, obj
        elif inspect.isclass(obj) and obj.__module__.startswith("vardgaranti"):
            for member, value in vars(obj).items():
                if inspect.isfunction(value) and not member.startswith("_"):
                    yield f"{name}.{member}", value


def _section(doc: str, title: str) -> str | None:
    """The text of the docstring section *title* (``Args``), up to the next section or example."""
    found = re.search(rf"^{title}:\n((?:[ \t]+.*\n?|\n)*)", doc, re.MULTILINE)
    return None if found is None else found.group(1)


def _named(args: str) -> set[str]:
    """The parameters an ``Args:`` section names (``name:``, ``name (type):``, ``*args:``)."""
    return set(re.findall(r"^\s+\**(\w+)(?: \([^)]*\))?:", args, re.MULTILINE))


_FUNCTIONS = sorted(_public())


def test_the_public_surface_is_found() -> None:
    names = {name for name, _ in _FUNCTIONS}
    assert {"parse_exclusions", "SwedishCalendar.count_vardagar", "evaluate_frame"} <= names


@pytest.mark.parametrize(("name", "function"), _FUNCTIONS, ids=[n for n, _ in _FUNCTIONS])
def test_public_function_names_each_parameter_under_args(
    name: str, function: Callable[..., Any]
) -> None:
    doc = inspect.getdoc(function) or ""
    parameters = [p for p in inspect.signature(function).parameters if p not in _SELF]
    if not parameters:
        return
    args = _section(doc, "Args")
    assert args is not None, f"{name}: no Args: section"
    named = _named(args)
    missing = [p for p in parameters if p not in named]
    assert not missing, f"{name}: Args: does not name {missing}"


@pytest.mark.parametrize(("name", "function"), _FUNCTIONS, ids=[n for n, _ in _FUNCTIONS])
def test_public_function_says_what_it_returns(name: str, function: Callable[..., Any]) -> None:
    signature = inspect.signature(function)
    returned = signature.return_annotation
    if returned in (None, "None", inspect.Signature.empty) or not [
        p for p in signature.parameters if p not in _SELF
    ]:
        return
    doc = inspect.getdoc(function) or ""
    assert _section(doc, "Returns") or _section(doc, "Yields"), f"{name}: no Returns: section"


@pytest.mark.parametrize(
    ("name", "function"),
    [(n, f) for n, f in _FUNCTIONS if "." not in n],
    ids=[n for n, _ in _FUNCTIONS if "." not in n],
)
def test_public_function_shows_an_example(name: str, function: Callable[..., Any]) -> None:
    assert ">>>" in (inspect.getdoc(function) or ""), f"{name}: no runnable example"


def test_a_missing_parameter_is_caught() -> None:
    """The check itself: a docstring that leaves a parameter out fails it."""

    def sample(first: int, second: int) -> int:
        """Add.

        Args:
            first: one.

        Returns:
            the sum.
        """
        return first + second

    args = _section(inspect.getdoc(sample) or "", "Args")
    assert args is not None
    assert _named(args) == {"first"}
