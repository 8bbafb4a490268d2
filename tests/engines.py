"""The two engines of ``check`` behind one call, for running a test module against each.

``tests/conftest.py``'s ``check_engine`` fixture runs a module (one that opts in with
``pytestmark = pytest.mark.usefixtures("check_engine")``) once per engine: it replaces the
module's ``check_waiting_list`` by :func:`check_with` of the engine and its ``main`` by
:func:`main_with`, which passes ``--engine`` to every ``check`` command. The tests themselves
are unchanged, so every assertion of the batch suite holds for both engines.

The columnar engine leaves to the streaming one what it does not read (an XML delivery, a
workbook, standard input), exactly as ``vardgaranti check --engine auto`` does.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import IO, Any, Final

from vardgaranti._columnar import check_columnar
from vardgaranti._core import Policy
from vardgaranti._rules import NATIONAL, RuleSet
from vardgaranti._waiting_list import CheckSummary, check_waiting_list

#: The engines of ``check``.
ENGINES: Final = ("stream", "columnar")

CheckFunction = Callable[..., CheckSummary]


def check_columnar_or_stream(
    source: str | Path | IO[str] | IO[bytes],
    output: IO[str],
    *,
    as_of: date,
    rules: RuleSet = NATIONAL,
    policy: Policy = Policy(),  # noqa: B008 - frozen
    **options: Any,
) -> CheckSummary:
    """``check_waiting_list`` through the columnar engine (the streaming one for what it leaves)."""
    done = check_columnar(
        source, output, as_of=as_of, rules=rules, policy=policy, required=True, **options
    )
    if done is not None:
        return done
    return check_waiting_list(source, output, as_of=as_of, rules=rules, policy=policy, **options)


def check_with(engine: str) -> CheckFunction:
    """The ``check_waiting_list`` of *engine*."""
    return check_columnar_or_stream if engine == "columnar" else check_waiting_list


def main_with(engine: str, main: Callable[..., int]) -> Callable[..., int]:
    """*main*, passing ``--engine ENGINE`` to every ``check`` command that does not choose."""

    def run(argv: list[str] | None = None, *args: Any, **kwargs: Any) -> int:
        if argv and argv[0] == "check" and "--engine" not in argv:
            argv = [argv[0], "--engine", engine, *argv[1:]]
        return main(argv, *args, **kwargs)

    return run


@contextlib.contextmanager
def routed(module: ModuleType, engine: str) -> Iterator[None]:
    """Within the block, *module*'s ``check_waiting_list`` and ``main`` use *engine*."""
    with contextlib.ExitStack() as stack:
        patch = stack.enter_context(_patched())
        if hasattr(module, "check_waiting_list"):
            patch(module, "check_waiting_list", check_with(engine))
        if hasattr(module, "main"):
            patch(module, "main", main_with(engine, module.main))
        yield


@contextlib.contextmanager
def _patched() -> Iterator[Callable[[ModuleType, str, object], None]]:
    saved: list[tuple[ModuleType, str, object]] = []

    def patch(module: ModuleType, name: str, value: object) -> None:
        saved.append((module, name, getattr(module, name)))
        setattr(module, name, value)

    try:
        yield patch
    finally:
        for module, name, value in reversed(saved):
            setattr(module, name, value)
