"""Run every example in the documentation as part of the test suite (Sybil).

What runs, page by page (``docs/*.md``), in order, sharing one namespace per page:

* `````python`` blocks: run as code; a block that starts with ``>>>`` is a doctest
  (``ELLIPSIS`` and ``NORMALIZE_WHITESPACE``, as in the package's own doctests).
* `````{doctest}`` directives: doctests.
* `````console`` blocks: each ``$ vardgaranti ...`` (or ``$ python -m vardgaranti ...``) runs
  in-process through :func:`vardgaranti._cli.main`; the lines below it, up to the next ``$``,
  are its expected standard output and error (``...`` matches anything). ``$ cat FILE`` prints
  a file and ``$ echo $?`` the previous exit code. A command that exits non-zero must be
  followed by ``$ echo $?``, so no page hides a failure.
* ```` ```{code-block} toml```` or ``text`` blocks with a ``:caption: NAME`` option: written to
  the file NAME, for the examples after them on the same page.
* ``% skip: next``, ``% skip: start "reason"`` and ``% skip: end`` comments: skip examples.

Each page runs in a fresh temporary working directory, so the files a page writes or reads
never leak into the repository. Blocks in other languages (``shell``, ``json``, ``text``
without a caption) are shown, not run.
"""

from __future__ import annotations

import contextlib
import difflib
import doctest
import io
import os
import shlex
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sybil import Document, Example, Region, Sybil
from sybil.parsers.myst import (
    CodeBlockParser,
    DocTestDirectiveParser,
    PythonCodeBlockParser,
    SkipParser,
)
from sybil.parsers.myst.lexers import DirectiveLexer

from vardgaranti._cli import main

# conf.py is Sphinx configuration, not a test module (pytest runs with --doctest-modules).
collect_ignore = ["conf.py"]
collect_ignore_glob = ["_build/*"]

OPTIONFLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

_PREVIOUS_CWD = "_docs_previous_cwd"
_WORKDIR = "_docs_workdir"
_LAST_EXIT = "_docs_last_exit"


def _setup(namespace: dict[str, Any]) -> None:
    namespace[_PREVIOUS_CWD] = os.getcwd()
    workdir = tempfile.mkdtemp(prefix="vardgaranti-docs-")
    namespace[_WORKDIR] = workdir
    namespace[_LAST_EXIT] = 0
    os.chdir(workdir)


def _teardown(namespace: dict[str, Any]) -> None:
    os.chdir(namespace.pop(_PREVIOUS_CWD))
    shutil.rmtree(namespace.pop(_WORKDIR), ignore_errors=True)


# -- console blocks ---------------------------------------------------------------------------


def _commands(text: str) -> list[tuple[str, list[str]]]:
    """Split a console block into (command, expected output lines) pairs."""
    commands: list[tuple[str, list[str]]] = []
    lines = iter(text.splitlines())
    for line in lines:
        if line.startswith("$ "):
            command = line[2:]
            while command.endswith("\\"):
                command = command[:-1] + next(lines, "").strip()
            commands.append((command, []))
        elif commands:
            commands[-1][1].append(line)
        elif line.strip():
            raise ValueError(f"console block: output before the first '$ ' command: {line!r}")
    return commands


def _normalise(lines: Iterable[str]) -> str:
    """Lines without trailing blanks, and no blank lines at the end."""
    text = "".join(line.rstrip() + "\n" for line in lines)
    return text.rstrip("\n") + "\n" if text.strip() else ""


def _run_cli(args: list[str]) -> tuple[str, int]:
    buffer = io.StringIO()
    previous_columns = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"  # argparse wraps --help text to the terminal width
    try:
        with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
            try:
                code = main(args)
            except SystemExit as stop:  # argparse: --help, --version, usage errors
                code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
    finally:
        if previous_columns is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous_columns
    return buffer.getvalue(), code


def _run(command: str, namespace: dict[str, Any]) -> tuple[str, int]:
    argv = shlex.split(command)
    if argv and argv[0] == "vardgaranti":
        return _run_cli(argv[1:])
    if argv[:3] == ["python", "-m", "vardgaranti"]:
        return _run_cli(argv[3:])
    if argv and argv[0] == "cat":
        # utf-8-sig: a byte-order mark is not shown, as a terminal shows none
        return "".join(Path(name).read_text(encoding="utf-8-sig") for name in argv[1:]), 0
    if argv == ["echo", "$?"]:
        return f"{namespace[_LAST_EXIT]}\n", 0
    raise ValueError(
        f"console block: the docs runner cannot run {command!r} "
        "(only vardgaranti, python -m vardgaranti, cat and echo $?)"
    )


def _evaluate_console(example: Example) -> str | None:
    checker = doctest.OutputChecker()
    namespace = example.namespace
    unchecked_failure: str | None = None
    for command, expected in _commands(str(example.parsed)):
        if unchecked_failure is not None and command != "echo $?":
            return unchecked_failure
        unchecked_failure = None
        output, code = _run(command, namespace)
        if command != "echo $?":
            namespace[_LAST_EXIT] = code
        got = _normalise(output.splitlines())
        want = _normalise(expected)
        if not checker.check_output(want, got, doctest.ELLIPSIS):
            diff = difflib.unified_diff(
                want.splitlines(keepends=True),
                got.splitlines(keepends=True),
                "expected",
                "got",
            )
            return f"$ {command}\n" + "".join(diff)
        if code != 0:
            unchecked_failure = (
                f"$ {command}\nexited with {code}; follow a failing command with '$ echo $?'"
            )
    return unchecked_failure


class ConsoleParser(CodeBlockParser):
    """```console blocks: vardgaranti commands whose output is checked."""

    language = "console"

    def evaluate(self, example: Example) -> str | None:
        return _evaluate_console(example)


# -- files ------------------------------------------------------------------------------------


class FileParser:
    """```{code-block} toml|text with :caption: NAME: the block's text becomes the file NAME."""

    def __init__(self) -> None:
        self.lexer = DirectiveLexer(directive="code-block", arguments="(toml|text)")

    def __call__(self, document: Document) -> Iterable[Region]:
        for lexed in self.lexer(document):
            name = lexed.lexemes["options"].get("caption")
            if name:
                source = str(lexed.lexemes["source"])
                yield Region(lexed.start, lexed.end, (name.strip(), source), _write_file)


def _write_file(example: Example) -> None:
    name, text = example.parsed
    Path(name).write_text(text, encoding="utf-8")


pytest_collect_file = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=OPTIONFLAGS),
        DocTestDirectiveParser(optionflags=OPTIONFLAGS),
        ConsoleParser(),
        FileParser(),
        SkipParser(),
    ],
    patterns=["*.md"],
    setup=_setup,
    teardown=_teardown,
).pytest()
