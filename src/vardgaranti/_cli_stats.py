"""The ``vardgaranti`` commands of this module (being built; see the issue notes)."""

from __future__ import annotations

from ._cli_common import Commands

__all__ = ["add_commands"]


def add_commands(commands: Commands) -> None:
    """Add this module's commands to the command line."""
