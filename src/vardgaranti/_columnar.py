"""The columnar engine of ``vardgaranti check`` (being built; see the issue notes)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import IO

from ._core import Policy
from ._profiles import Profile
from ._rules import RuleSet
from ._waiting_list import CheckSummary
from .errors import WaitingListError

__all__ = ["check_columnar"]


def check_columnar(
    source: str,
    output: IO[str],
    *,
    as_of: date,
    rules: RuleSet,
    policy: Policy,
    progress: Callable[[int, int], None] | None = None,
    summarize: bool = True,
    profile: str | Profile = "auto",
    encoding: str = "auto",
    sheet: str | None = None,
    bom: bool | None = None,
    notes: Callable[[str], None] | None = None,
    required: bool = False,
) -> CheckSummary | None:
    """Check *source* with the columnar engine; ``None`` when it cannot (then stream).

    Raises:
        WaitingListError: *required* and the engine cannot check this file.
    """
    if required:
        raise WaitingListError(
            "the columnar engine needs the 'polars' extra: pip install 'vardgaranti[polars]'"
        )
    return None
