"""The reference pages keep up with the code.

* docs/api.md documents every public name of the package;
* docs/cli.md documents every command and option of the ``vardgaranti`` command.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import vardgaranti
import vardgaranti.errors
from vardgaranti._cli import build_parser

_DOCS = Path(__file__).parent
_ENTRY = re.compile(r"(?:\.\. auto\w+::|```\{py:\w+\})\s+vardgaranti\.(\w+)")


def _documented() -> set[str]:
    names = set()
    for line in (_DOCS / "api.md").read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("%"):
            continue  # a MyST comment, not an entry
        names.update(_ENTRY.findall(line))
    return names


def test_every_public_name_is_in_the_api_reference() -> None:
    documented = _documented()
    # `.. automodule:: vardgaranti.errors` with :members: documents every error.
    errors = set(vardgaranti.errors.__all__)
    missing = [
        name
        for name in vardgaranti.__all__
        if name not in documented and name not in errors and name != "__version__"
    ]
    assert missing == [], f"add these to docs/api.md: {missing}"


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("the vardgaranti parser has no subcommands")


def test_every_command_and_option_is_in_the_cli_reference() -> None:
    text = (_DOCS / "cli.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.MULTILINE)
    missing = []
    for name, parser in _commands().items():
        section = next((s for s in sections if s.startswith(f"`vardgaranti {name}`")), None)
        if section is None:
            missing.append(f"section ## `vardgaranti {name}`")
            continue
        for action in parser._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help") and f"`{option}" not in section:
                    missing.append(f"{name} {option}")
            positional = not action.option_strings and action.metavar
            if positional and f"`{action.metavar}`" not in section:
                missing.append(f"{name} {action.metavar}")
    assert missing == [], f"add these to docs/cli.md: {missing}"
