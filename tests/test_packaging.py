"""The package's metadata against what the tests and the README need (a packaging review).

From the sdist, `pip install -e '.[test]' && pytest` (the README's command) must run: every
module the tests import is a dependency or in the ``test`` extra, and the sdist holds every
file the test run reads (the root ``conftest.py``, which collects the README's examples).
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path
from typing import Any, Final

ROOT: Final = Path(__file__).resolve().parent.parent


def _project() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def _name(requirement: str) -> str:
    """The normalised distribution name of a requirement (``dask[dataframe]>=1`` -> dask)."""
    found = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert found is not None, requirement
    return re.sub(r"[-_.]+", "-", found.group(0)).lower()


def _imported(path: Path) -> set[str]:
    """The top-level modules *path* imports, at any depth of the file (in functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_every_module_the_tests_import_is_a_dependency_or_in_the_test_extra() -> None:
    # `from mypy import api` in two tests, with mypy only in the dev extra: the README's
    # `pip install -e '.[test]' && pytest` failed on them.
    project = _project()["project"]
    allowed = {_name(r) for r in project["dependencies"]}
    allowed |= {_name(r) for r in project["optional-dependencies"]["test"]}
    owners = packages_distributions()
    ours = {"tests", "vardgaranti", "conftest"}
    missing = {}
    for path in [ROOT / "conftest.py", *sorted((ROOT / "tests").rglob("*.py"))]:
        for module in _imported(path) - ours - set(sys.stdlib_module_names):
            names = {_name(owner) for owner in owners.get(module, [module])}
            if not names & allowed:
                missing[module] = path.relative_to(ROOT).as_posix()
    assert missing == {}


def test_the_sdist_holds_what_the_test_run_and_the_readme_need() -> None:
    # The root conftest.py (Sybil collects the README's examples with it: without it, pytest
    # in the unpacked sdist found "no match" for README.md and ran nothing) and .ci/run,
    # which the README and the browser test's message name.
    config = _project()
    included = set(config["tool"]["hatch"]["build"]["targets"]["sdist"]["include"])
    needed = {
        "conftest.py",
        ".ci",
        "LICENSE",
        *config["tool"]["pytest"]["ini_options"]["testpaths"],
    }
    covered = {
        name
        for name in needed
        for path in included
        if path.rstrip("/") == name or path.startswith(f"{name}/")  # (src: src/vardgaranti)
    }
    assert needed - covered == set()
    for name in needed:
        assert (ROOT / name).exists(), name
    assert ".ci/run" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_test_extras_lower_bound_of_holidays_has_what_the_calendar_test_calls() -> None:
    # holidays 0.107 and 0.108 have no include_sundays (the calendar table's call): the bound
    # said >=0.107, and a fresh install at it failed; 0.109 is the first that has it.
    test = _project()["project"]["optional-dependencies"]["test"]
    (holidays,) = (r for r in test if _name(r) == "holidays")
    assert ">=0.109" in holidays
    calendar_table = (ROOT / "tests" / "calendar_table.py").read_text(encoding="utf-8")
    assert "include_sundays=False" in calendar_table


def test_the_example_list_reads_from_a_package_imported_from_a_zip(tmp_path: Path) -> None:
    # A packaging review: imported from a zip (a zipapp, a PEX), example_waiting_list() named
    # a path inside the zip, and `check --example` failed "cannot open (Not a directory)"; the
    # rules, calendar and methods are read through the loader and worked.
    import subprocess
    import zipfile

    source = ROOT / "src"
    archive = tmp_path / "vardgaranti.zip"
    with zipfile.ZipFile(archive, "w") as built:
        for path in sorted((source / "vardgaranti").rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                built.write(path, path.relative_to(source).as_posix())
    script = (
        "import vardgaranti, io\n"
        "assert '.zip' in vardgaranti.__file__, vardgaranti.__file__\n"
        "path = vardgaranti.example_waiting_list()\n"
        "as_of = vardgaranti.EXAMPLE_AS_OF\n"
        "summary = vardgaranti.check_waiting_list(path, io.StringIO(), as_of=as_of)\n"
        "print(path.parent, summary.rows, summary.errors)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={"PYTHONPATH": str(archive), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    folder, rows, errors = done.stdout.split()
    assert (rows, errors) == ("300", "13")
    assert not Path(folder).exists()  # (the copy is removed when the process ends)
