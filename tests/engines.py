"""The engines of ``check`` behind one call, for running a test module against each.

``tests/conftest.py``'s ``check_engine`` fixture runs a module (one that opts in with
``pytestmark = pytest.mark.usefixtures("check_engine")``) once per engine: it replaces the
module's ``check_waiting_list`` by :func:`check_with` of the engine and its ``main`` by
:func:`main_with`, which passes ``--engine`` to every ``check`` command. The tests themselves
are unchanged, so every assertion of the batch suite holds for every engine.

``sliced`` is the streaming engine reading the file in three processes (``--jobs 3``), with the
smallest slice made 1 byte, so that even a test's file of a few rows is cut wherever the rule
of :mod:`vardgaranti._slices` lets it (and the test process, which has polars' threads, is
let fork: the children run only the streaming engine's Python).

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

from vardgaranti import _waiting_list as waiting_list
from vardgaranti._columnar import check_columnar
from vardgaranti._core import Policy
from vardgaranti._rules import NATIONAL, RuleSet
from vardgaranti._waiting_list import CheckSummary, check_waiting_list

#: The engines of ``check``.
ENGINES: Final = ("stream", "columnar", "sliced")
#: The processes of the ``sliced`` engine.
SLICED_JOBS: Final = 3

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


def check_sliced(
    source: str | Path | IO[str] | IO[bytes], output: IO[str], **options: Any
) -> CheckSummary:
    """``check_waiting_list`` with :data:`SLICED_JOBS` processes (unless the test chose)."""
    options.setdefault("workers", SLICED_JOBS)
    return check_waiting_list(source, output, **options)


def check_with(engine: str) -> CheckFunction:
    """The ``check_waiting_list`` of *engine*."""
    if engine == "columnar":
        return check_columnar_or_stream
    return check_sliced if engine == "sliced" else check_waiting_list


def main_with(engine: str, main: Callable[..., int]) -> Callable[..., int]:
    """*main*, passing ``--engine ENGINE`` to every ``check`` command that does not choose."""

    def run(argv: list[str] | None = None, *args: Any, **kwargs: Any) -> int:
        if argv and argv[0] == "check" and "--engine" not in argv:
            if engine == "sliced":
                jobs = [] if "--jobs" in argv else ["--jobs", str(SLICED_JOBS)]
                argv = [argv[0], "--engine", "stream", *jobs, *argv[1:]]
            else:
                argv = [argv[0], "--engine", engine, *argv[1:]]
        return main(argv, *args, **kwargs)

    return run


@contextlib.contextmanager
def routed(module: ModuleType, engine: str) -> Iterator[None]:
    """Within the block, *module*'s ``check_waiting_list`` and ``main`` use *engine*."""
    with contextlib.ExitStack() as stack:
        patch = stack.enter_context(_patched())
        if engine == "sliced":
            patch(waiting_list, "_SLICE_MIN", 1)
            patch(waiting_list, "_fork_safe", lambda: True)
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
