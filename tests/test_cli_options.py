"""The command line's options as a script gives them: empty values, a format against the output's
name, the day a worklist is for, and argparse's own errors in the command's language.

Each case was found by fuzzing every command's options (a review): the command ran without what
was asked for, or wrote one format into a file named for another, with exit 0.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.national_fixtures import national_csv, national_xml
from tests.pipes import NEEDS_DEV_FD, piped
from vardgaranti._cli import main

EXAMPLE = ["--example", "--as-of", "2025-06-02"]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as stop:  # (argparse's errors leave by SystemExit, as the console script)
        code = stop.code if isinstance(stop.code, int) else -1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        # (`--published "$FILE"` with the variable unset: the reconciliation was skipped, exit 0)
        (["stats", *EXAMPLE, "--published", ""], "--published"),
        (["stats", *EXAMPLE, "--scenario", ""], "--scenario"),
        (["stats", *EXAMPLE, "--method", " "], "--method"),
        (["report", *EXAMPLE, "--lang", "en", "--method", ""], "--method"),
        # (the current folder was read as the rule file: ".: cannot read the rule file")
        (["check", *EXAMPLE, "--rules", ""], "--rules"),
        (["deadline", "--level", "visit", "--start", "2025-01-02", "--rules", ""], "--rules"),
        (["check", *EXAMPLE, "--profile", ""], "--profile"),
        (["check", *EXAMPLE, "--sheet", ""], "--sheet"),
        (["worklist", *EXAMPLE, "--costs", "--travel-rules", ""], "--travel-rules"),
    ],
)
def test_an_empty_name_or_file_is_an_error_naming_its_option(
    capsys: pytest.CaptureFixture[str], argv: list[str], option: str
) -> None:
    code, out, err = _run(capsys, *argv)
    assert (code, out) == (2, "")
    assert f"error: argument {option}: the value is empty; give a name or a file" in err
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize("command", ["check", "stats", "worklist", "validate", "report"])
def test_an_empty_file_argument_is_an_error_not_the_current_folder(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """`vardgaranti check "$LIST"` with the variable unset read '.': "is a directory"."""
    lang = [] if command == "check" else ["--lang", "en"]  # (check has no --lang)
    code, out, err = _run(capsys, command, "", "--as-of", "2025-06-02", *lang)
    assert (code, out) == (2, "")
    assert "argument FILE: the file name is empty; give a file, or '-' for standard input" in err
    assert "directory" not in err
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize("value", ["", ",", " , "])
def test_compare_methods_naming_no_method_is_an_error(
    capsys: pytest.CaptureFixture[str], value: str
) -> None:
    # (it counted by the default method, exit 0)
    code, _out, err = _run(capsys, "stats", *EXAMPLE, "--compare-methods", value)
    assert code == 2
    assert f"argument --compare-methods: {value!r} names no method; give e.g. skr,legal" in err


@pytest.mark.parametrize(
    ("argv", "name", "message"),
    [
        (["worklist", "--format", "xlsx"], "w.csv", "--format xlsx writes an Excel workbook"),
        (["worklist", "--format", "xlsx"], "w.txt", "--format xlsx writes an Excel workbook"),
        (["worklist", "--format", "json"], "w.xlsx", "--format json writes JSON"),
        (["worklist", "--format", "text"], "w.csv", "--format text writes text"),
        (["worklist", "--format", "csv"], "w.json", "--format csv writes CSV"),
        (["validate", "--json"], "v.csv", "--json writes JSON"),
        (["stats", "--json"], "s.csv", "--json writes JSON"),
        (["stats", "--csv"], "s.xlsx", "--csv writes CSV"),
        (["stats", "--format", "xlsx"], "s.csv", "--format xlsx writes an Excel workbook"),
        (["stats", "--format", "text"], "s.json", "--format text writes text"),
        (["validate", "--format", "csv"], "v.json", "--format csv writes CSV"),
        (["worklist", "--json"], "w.csv", "--json writes JSON"),
    ],
)
def test_a_format_the_outputs_name_contradicts_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], name: str, message: str
) -> None:
    # `worklist --format xlsx -o w.csv` wrote an Excel zip into w.csv, and `--format json -o
    # w.xlsx` text into a workbook Excel cannot open.
    target = tmp_path / name
    code, _out, err = _run(capsys, argv[0], *EXAMPLE, *argv[1:], "-o", str(target))
    assert code == 2
    assert f"{target}: {message}, not what the name says" in err
    assert not target.exists()


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["worklist", "--format", "csv"], "w.txt"),  # .txt takes any text
        (["worklist", "--format", "json"], "w.json"),
        (["worklist", "--format", "xlsx"], "w.xlsx"),
        (["worklist", "--format", "csv"], "vecka49.v2"),  # a name of no known format
        (["validate", "--json"], "v.txt"),
        (["stats", "--csv"], "s.csv"),
        (["stats", "--format", "xlsx"], "s.xlsx"),
        (["stats", "--format", "xlsx"], "figures"),  # a name without a suffix: as asked
        (["validate", "--format", "json"], "v.json"),
        (["worklist", "--csv"], "w.csv"),
    ],
)
def test_a_format_the_name_agrees_with_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], name: str
) -> None:
    target = tmp_path / name
    code, _out, _err = _run(capsys, argv[0], *EXAMPLE, *argv[1:], "-o", str(target))
    assert code in (0, 1)  # (1: the example's rows with errors)
    assert target.stat().st_size > 0
    assert zipfile.is_zipfile(target) == ("xlsx" in argv)


def test_a_worklist_without_as_of_says_it_is_for_today(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The CSV has no column with the day: the worklist of today was written without a word.
    example = (
        Path(__file__).parents[1] / "src" / "vardgaranti" / "data" / "example_waiting_list.csv"
    )
    code, _out, err = _run(capsys, "worklist", str(example), "-o", str(tmp_path / "w.csv"))
    assert code == 1
    assert "today (give --as-of for another day)" in err.splitlines()[0]


@pytest.mark.parametrize(
    ("argv", "swedish"),
    [
        (
            ["worklist", *EXAMPLE, "--format", "x", "--lang", "sv"],
            "argumentet --format: ogiltigt val: 'x' (välj bland 'text', 'csv', 'json', 'xlsx') "
            "(se 'vardgaranti worklist --help')",
        ),
        (
            ["stats", *EXAMPLE, "--lang", "sv", "--as-of"],
            "argumentet --as-of: ett värde väntas (se 'vardgaranti stats --help')",
        ),
        (
            ["deadline", "--lang", "sv"],
            "de här argumenten krävs: --level, --start (se 'vardgaranti deadline --help')",
        ),
        (
            ["stats", *EXAMPLE, "--json", "--csv", "--lang", "sv"],
            "argumentet --csv: får inte ges med argumentet --json",
        ),
        (
            ["stats", *EXAMPLE, "--lang", "sv", "--c", "x"],
            # (no prefix is taken for an option: the options it may be begin with it)
            "okända argument: --c; menade du --census, --compare-methods eller --csv? (se",
        ),
        # (unknown arguments are said by the command's own line: its --lang, or its default)
        (["stats", *EXAMPLE, "--lang", "sv", "--nosuch"], "okända argument: --nosuch (se '"),
        (["report", *EXAMPLE, "--nosuch"], "okända argument: --nosuch (se 'vardgaranti report"),
        (
            ["stats", *EXAMPLE, "--published", "", "--lang", "sv"],
            "argumentet --published: värdet är tomt; ange ett namn eller en fil",
        ),
        # (a --lang that is no language: the command's default, Swedish for the report)
        (
            ["report", *EXAMPLE, "--lang", "english"],
            "argumentet --lang: ogiltigt val: 'english' (välj bland 'sv', 'en')",
        ),
        (["report", *EXAMPLE, "--lang=english"], "argumentet --lang: ogiltigt val: 'english'"),
    ],
)
def test_argparses_own_errors_follow_the_commands_language(
    capsys: pytest.CaptureFixture[str], argv: list[str], swedish: str
) -> None:
    code, _out, err = _run(capsys, *argv)
    assert code == 2
    assert swedish in err, err
    assert len(err.splitlines()) == 1


def test_argparses_own_errors_stay_english_without_lang_sv(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _out, err = _run(capsys, "stats", *EXAMPLE, "--nosuch")
    assert code == 2
    assert "error: unrecognized arguments: --nosuch (see 'vardgaranti stats --help')" in err


@pytest.mark.parametrize(
    ("argv", "swedish"),
    [
        (["stats", "{empty}", "--lang", "sv"], "empty.csv: tom fil (ingen rubrikrad)"),
        (["stats", "{folder}", "--lang", "sv"], ": är en mapp, inte en väntelistefil"),
        (
            ["validate", "{missing}", "--as-of", "2025-06-02", "--lang", "sv"],
            "nosuch.csv: kan inte öppnas (",
        ),
        (["report"], "ange antingen FIL eller --example (se 'vardgaranti report --help')"),
        (["stats", "{small}", "--lang", "sv"], "--as-of (eller --census) behövs: "),
        (
            ["stats", *EXAMPLE, "--census", "2025-06-03", "--lang", "sv"],
            "--as-of och --census anger olika dagar; ange en av dem",
        ),
        (
            ["stats", *EXAMPLE, "--by", "nosuch", "--lang", "sv"],
            "har ingen sådan kolumn (kolumnerna: ",
        ),
        (
            ["worklist", *EXAMPLE, "--group-by", "nosuch", "--lang", "sv"],
            "--group-by 'nosuch': example_waiting_list.csv har ingen sådan kolumn (kolumnerna: ",
        ),
        (
            ["validate", *EXAMPLE, "-o", "{folder}/x.pdf", "--lang", "sv"],
            "vardgaranti validate skriver text, CSV eller JSON; ge filen ändelsen .txt, .csv",
        ),
        (
            ["worklist", *EXAMPLE, "--format", "xlsx", "-o", "{folder}/w.csv", "--lang", "sv"],
            "--format xlsx skriver en Excel-arbetsbok, inte det filnamnet anger; ge filen "
            "ändelsen .xlsx, eller utelämna --format xlsx",
        ),
        (
            ["stats", *EXAMPLE, "--json", "-o", "{folder}/s.csv", "--lang", "sv"],
            "--json skriver JSON, inte det filnamnet anger; ge filen ändelsen .json (eller .txt)",
        ),
        (
            [
                "deadline",
                "--level",
                "visit",
                "--start",
                "2025-01-02",
                "--contact",
                "x",
                "--lang",
                "sv",
            ],
            "--contact hör ihop med --letter (vem patienten ska kontakta)",
        ),
        (
            ["calendar", "1989", "--lang", "sv"],
            "året 1989 ligger utanför de år som stöds, 1990–2100",
        ),
        (["calendar", "abc", "--lang", "sv"], "argumentet YEAR: 'abc' är inte ett heltal"),
        (
            ["report", *EXAMPLE, "--method", "legal"],
            "--method legal: rapporten visar en officiell metod bredvid lagens räkning",
        ),
    ],
)
def test_the_command_lines_file_and_option_errors_have_swedish_texts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], swedish: str
) -> None:
    # They stayed English under --lang sv (and in the report, Swedish by default).
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "small.csv").write_text("id;level;start\nA;visit;2025-01-02\n", encoding="utf-8")
    places = {
        "{empty}": str(tmp_path / "empty.csv"),
        "{folder}": str(tmp_path),
        "{missing}": str(tmp_path / "nosuch.csv"),
        "{small}": str(tmp_path / "small.csv"),
    }
    given = [places.get(word, word).replace("{folder}", str(tmp_path)) for word in argv]
    code, _out, err = _run(capsys, *given)
    assert code == 2
    assert swedish in err, err
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("argv", "start"),
    [
        # (it said "unknown rule set 'nonexist'": --rules or --scenario?)
        (["stats", *EXAMPLE, "--scenario", "nonexist"], "--scenario: unknown rule set 'nonexist'"),
        (["stats", *EXAMPLE, "--rules", "nonexist"], "--rules: unknown rule set 'nonexist'"),
        (
            ["stats", *EXAMPLE, "--scenario", "{folder}/nonexist.toml"],
            "--scenario: {folder}/nonexist.toml: cannot read the rule file",
        ),
        (
            ["deadline", "--level", "visit", "--start", "2025-01-02", "--rules", "nonexist"],
            "--rules: unknown rule set",
        ),
        # (it said "adir: is a directory, not a waiting-list file", naming no option)
        (["stats", *EXAMPLE, "--published", "{folder}"], "--published: {folder}: is a directory"),
        (
            ["report", *EXAMPLE, "--lang", "en", "--method", "nonexist"],
            "--method: unknown method 'nonexist'",
        ),
    ],
)
def test_an_error_about_an_options_name_or_file_names_the_option(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], start: str
) -> None:
    given = [word.replace("{folder}", str(tmp_path)) for word in argv]
    code, _out, err = _run(capsys, *given)
    assert code == 2
    assert err.startswith(f"vardgaranti: error: {start.replace('{folder}', str(tmp_path))}"), err


GOLDEN = Path(__file__).parent / "golden" / "week"


def test_options_a_run_does_not_use_are_said_to_be_ignored(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Each of these was passed over without a word, as --travel-rules and --contact were not.
    costs = [str(GOLDEN / "costs_input.csv"), "--as-of", "2025-06-02", "--costs"]
    code, _out, err = _run(capsys, "worklist", *costs, "--horizon", "3", "--format", "csv")
    assert code in (0, 1)
    assert "vardgaranti: --horizon is for the worklist, not --costs; ignored" in err
    code, _out, err = _run(capsys, "worklist", *costs, "--jobs", "2", "--format", "csv")
    assert "vardgaranti: --jobs is for the worklist, not --costs; ignored" in err
    code, _out, err = _run(capsys, "worklist", *costs, "--format", "csv")
    assert "--horizon" not in err  # (its default says nothing)
    assert "--jobs" not in err
    for option, partner in (
        (("--letter-lang", "en"), "--letters"),
        (("--contact", "1177"), "--letters"),
        (("--patients",), "--costs"),
        (("--travel-rules", "example"), "--costs"),
    ):  # (an option without the one it goes with: an error, before the file is read)
        target = tmp_path / "w.txt"
        code, _out, err = _run(capsys, "worklist", *EXAMPLE, *option, "-o", str(target))
        assert code == 2
        assert err == (f"vardgaranti: error: {option[0]} goes with {partner}; give {partner} too\n")
        assert not target.exists()
    code, _out, err = _run(capsys, "worklist", "--example", "--patients", "--lang", "sv")
    assert err == "vardgaranti: fel: --patients hör ihop med --costs; ange --costs också\n"
    book = tmp_path / "x.xlsx"
    code, _out, err = _run(
        capsys, "check", *EXAMPLE, "-o", str(book), "--output-encoding", "cp1252"
    )
    assert code == 1
    assert f"{book}: --output-encoding cp1252 was not used: a workbook's text needs none" in err
    code, _out, err = _run(
        capsys, "check", str(book), "--as-of", "2025-06-02", "--encoding", "cp1252",
        "-o", str(tmp_path / "y.csv"),
    )  # fmt: skip
    assert f"{book}: --encoding cp1252 was not used: this is an Excel workbook" in err


def test_the_worklist_keeps_its_defaults_when_horizon_and_letter_lang_are_not_given(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # (their defaults are now None, to tell "not given" from "given": 28 days, Swedish letters)
    out28, out_default = tmp_path / "a.csv", tmp_path / "b.csv"
    _run(capsys, "worklist", *EXAMPLE, "--horizon", "28", "-o", str(out28))
    _run(capsys, "worklist", *EXAMPLE, "-o", str(out_default))
    assert out28.read_bytes() == out_default.read_bytes()
    letters = tmp_path / "brev"
    _run(capsys, "worklist", *EXAMPLE, "--letters", str(letters), "-o", str(tmp_path / "c.csv"))
    first = sorted(letters.iterdir())[0].read_text(encoding="utf-8")
    assert "vårdgaranti" in first.lower()


@pytest.mark.parametrize(
    "argv",
    [
        ("--lang", "sv", "deadline", "--level", "visit", "--start", "2025-03-03"),
        ("--as-of=2025-06-02", "check", "--example"),
    ],
)
def test_a_commands_option_before_the_command_says_to_give_it_after(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    # (it said "argument COMMAND: invalid choice: 'sv'", the value taken for the command)
    code, out, err = _run(capsys, *argv)
    option = argv[0].partition("=")[0]
    assert (code, out) == (2, "")
    assert err == (
        f"vardgaranti: error: {option} is an option of a command: give it after the command "
        f"(vardgaranti COMMAND {option} ...; see 'vardgaranti COMMAND --help')\n"
    )


def test_a_full_standard_output_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    # (`> /dev/full` said "No space left on device" and nothing of where)
    import errno
    import io
    import sys

    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    real = sys.stdout
    sys.stdout = Full()
    try:
        code = main(["calendar", "2025"])
        swedish = main(["calendar", "2025", "--lang", "sv"])
    finally:
        sys.stdout = real
    assert (code, swedish) == (2, 2)
    assert capsys.readouterr().err == (
        "vardgaranti: error: No space left on device: standard output\n"
        "vardgaranti: fel: disken är full: standard ut\n"  # (it was English under sv)
    )


@pytest.mark.parametrize("value", ["０２０２５", "٢٠٢٥", "2_025", "20 25"])
def test_a_year_or_number_in_other_digits_than_0_to_9_is_refused(
    capsys: pytest.CaptureFixture[str], value: str
) -> None:
    # int() reads any script's digits: a full-width ０２０２５ was the calendar of 2025.
    code, _out, err = _run(capsys, "calendar", value)
    assert code == 2
    assert f"argument YEAR: {value!r} is not a whole number" in err
    code, _out, err = _run(capsys, "worklist", *EXAMPLE, "--horizon", value)
    assert code == 2
    assert f"{value!r} is not a whole number of days" in err


def test_an_empty_contact_says_it_is_empty(capsys: pytest.CaptureFixture[str]) -> None:
    visit = ["--level", "visit", "--start", "2025-01-02", "--as-of", "2025-02-01", "--letter"]
    code, _out, err = _run(capsys, "deadline", *visit, "--contact", "")
    assert code == 2
    assert "--contact: is empty; give whom the patient should contact" in err
    code, _out, err = _run(capsys, "deadline", *visit, "--contact", " ", "--lang", "sv")
    assert "--contact: är tom; ange vem patienten ska kontakta" in err


def test_a_regional_rule_set_is_named_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    region = tmp_path / "region.toml"
    region.write_text(
        'name = "Region Exempel"\nextends = "national"\n[levels.visit]\ndays = 60\n'
        'source = "RF 2024"\n',
        encoding="utf-8",
    )
    code, out, _err = _run(capsys, "rules", "--rules", str(region), "--at", "2025-06-01")
    assert code == 0
    assert out.splitlines()[0] == "Region Exempel: regional limits over the national rule set"


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        # a review: the last one won without a word (a treatment counted from 1 January)
        (
            ("deadline", "--level", "visit", "--level", "treatment", "--start", "2025-03-01"),
            "--level",
        ),
        (
            ("deadline", "--level", "visit", "--start", "2025-03-01", "--start", "2025-01-01"),
            "--start",
        ),
        (
            (
                "deadline",
                "--level",
                "visit",
                "--start",
                "2025-03-01",
                "--as-of",
                "2025-03-02",
                "--as-of=2025-04-02",
            ),
            "--as-of",
        ),
        (("check", "--example", "-o", "a.csv", "--output", "b.csv"), "--output/-o"),
        (("rules", "--at", "2025-01-01", "--at", "2018-01-01"), "--at/--as-of"),
    ],
)
def test_an_option_of_one_value_given_twice_is_refused_naming_it(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], option: str
) -> None:
    code, out, err = _run(capsys, *argv)
    assert (code, out) == (2, "")
    assert (
        f"error: {option} is given twice; give it once (see 'vardgaranti {argv[0]} --help')" in err
    )
    assert err.count("\n") == 1


def test_an_option_given_twice_is_refused_in_swedish_and_repeatable_ones_still_repeat(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = _run(capsys, "deadline", "--lang", "sv", "--level", "visit", "--level",
                        "visit", "--start", "2025-03-01")  # fmt: skip
    assert code == 2
    assert (
        "fel: --level anges två gånger; ange det en gång (se 'vardgaranti deadline --help')" in err
    )
    code, out, err = _run(capsys, "deadline", "--level", "visit", "--start", "2025-01-10",
                          "--as-of", "2025-06-02", "--exclude", "mov:2025-02-01..2025-02-10",
                          "--exclude", "pvv:2025-03-01..2025-03-05")  # fmt: skip
    assert code == 0, err
    assert out.startswith("Deadline: 2025-04-25")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["check", "--example", "--asof", "2025-06-02"], "--asof; did you mean --as-of?"),
        (["check", "--example", "--outptu", "x.csv"], "--outptu; did you mean --output?"),
        (["worklist", "--example", "--forma", "csv"], "--forma; did you mean --format?"),
        (["check", "--example", "--json"], "--json (see"),  # (nothing near: no guess)
        (["validate", "--example", "--lang", "sv", "--asof", "x"], "--asof; menade du --as-of?"),
    ],
)
def test_a_misspelt_option_is_refused_with_the_option_it_is_near(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    # A review: "unrecognized arguments: --asof" said nothing of --as-of.
    code, _out, err = _run(capsys, *argv)
    assert code == 2
    assert said in err, err


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_a_file_whose_name_begins_with_a_dash_is_named_as_dot_slash(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    # A Windows review: "unrecognized arguments: -lista.csv" said nothing of how to name it,
    # and `check -- -lista.csv --as-of D` offered "did you mean --as-of?" of --as-of itself.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-lista.csv").write_text("id;level;start\nA;visit;2025-03-03\n", encoding="utf-8")
    code, out, err = _run(capsys, "validate", "--lang", lang, "-lista.csv", "--as-of", "2025-06-02")
    assert (code, out) == (2, "")
    assert err.endswith(
        "; give a file whose name begins with '-' as ./-lista.csv (see 'vardgaranti validate "
        "--help')\n"
        if lang == "en"
        else "; en fil vars namn börjar med '-' ges som ./-lista.csv (se 'vardgaranti validate "
        "--help')\n"
    ), err
    code, out, err = _run(
        capsys, "check", "--lang", lang, "--", "-lista.csv", "--as-of", "2025-06-02"
    )
    assert (code, out) == (2, "")
    assert (
        "every word after '--' is read as a file: give --as-of before '--'"
        if lang == "en"
        else "allt efter '--' läses som filer: ge --as-of före '--'"
    ) in err, err
    assert "did you mean" not in err
    code, out, _err = _run(capsys, "check", "--as-of", "2025-06-02", "./-lista.csv")
    assert code == 0
    assert out.splitlines()[1].startswith("A;visit;2025-03-03;2025-06-01;overdue")


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--example", "--as", "2025-06-01"],
        ["worklist", "--example", "--letter", "x"],
        ["check", "--example", "--at-risk-day", "3"],
    ],
)
def test_an_options_prefix_is_not_the_option(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    # A review: `--as 2025-06-01` was taken for --as-of (argparse's abbreviations): a script's
    # prefix would change meaning, or stop working, when an option of the same prefix came.
    code, out, err = _run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert f"unrecognized arguments: {argv[2]}" in err
    assert "did you mean --" in err


@pytest.mark.parametrize(
    ("argv", "name", "alias"),
    [
        (("stats", *EXAMPLE, "--json"), "--by", "--group-by"),
        (("worklist", *EXAMPLE, "--format", "csv"), "--group-by", "--by"),
        (("rules",), "--at", "--as-of"),
    ],
)
def test_an_options_other_commands_name_is_the_same_option(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], name: str, alias: str
) -> None:
    # stats groups `--by`, worklist `--group-by`; rules takes its day `--at`, the others
    # `--as-of`: each command takes the other's name too, for the same option.
    value = "2018-06-01" if argv[0] == "rules" else "unit"
    by_name = _run(capsys, *argv, name, value)
    assert by_name[0] in (0, 1)  # (1: the example has rows with errors)
    assert by_name[1]
    assert _run(capsys, *argv, alias, value) == by_name
    # (and a value other than the default, so that the option is seen to be used)
    assert by_name != _run(capsys, *argv)
    code, out, err = _run(capsys, *argv, name, value, alias, value)
    assert (code, out) == (2, "")
    assert f"error: {name}/{alias} is given twice; give it once" in err


def test_check_lang_sv_says_everything_in_swedish_and_writes_the_same_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # check had no --lang: a Swedish guarantee unit read its summary, notes and errors in
    # English. The CSV and the JSON summary are data: the same in either language.
    written: dict[str, tuple[bytes, str, str] | str] = {}
    for lang in ("en", "sv"):
        out = tmp_path / f"{lang}.csv"
        argv = ["check", *EXAMPLE, "--summary", "text", "--lang", lang, "-o", str(out)]
        code, text, err = _run(capsys, *argv)
        assert code == 1  # (rows with errors)
        written[lang] = (out.read_bytes(), text, err)
        json_argv = ["check", *EXAMPLE, "--summary", "json", "--lang", lang, "-o", str(out)]
        written[lang + "-json"] = _run(capsys, *json_argv)[1]  # (the JSON: on stdout)
    assert written["sv"][0] == written["en"][0]
    assert written["sv-json"] == written["en-json"]
    text, err = written["sv"][1], written["sv"][2]
    assert isinstance(text, str)
    assert text.splitlines()[0].split()[:5] == ["enhet", "nivå", "rader", "inom", "risk"]
    assert "Gynekologi                  behandling  12" in text
    assert "66,7 %" in text  # (Swedish: a space before the percent sign, as the report)
    assert "över 180" in text
    assert "over 180" not in text
    assert "rader: 300, rader med fel: 13" in text
    assert "inte den officiella statistiken" in text
    assert err == "vardgaranti: 13 av 300 rader har fel (se kolumnen 'error')\n"
    english = f"{written['en'][1]}{written['en'][2]}"
    assert "rows: 300, rows with errors: 13" in english
    assert "13 of 300 rows have errors" in english


def test_check_lang_sv_says_its_notes_and_file_errors_in_swedish(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "checked.xlsx"
    argv = ["check", *EXAMPLE, "--lang", "sv", "--engine", "columnar", "-o", str(out)]
    _code, _text, err = _run(capsys, *argv, "--output-encoding", "cp1252")
    assert "--output-encoding cp1252 användes inte: en arbetsboks text behöver ingen" in err
    assert "skriven av den radvisa motorn (den kolumnvisa skriver CSV)" in err
    code, _text, err = _run(capsys, "check", str(tmp_path / "none.csv"), "--lang", "sv")
    assert code == 2
    assert "kan inte öppnas (filen finns inte)" in err


def test_check_lang_sv_says_its_output_name_error_in_swedish(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = ["check", *EXAMPLE, "--lang", "sv", "--output", str(tmp_path / "x.json")]
    code, _out, err = _run(capsys, *argv)
    assert code == 2
    assert "vardgaranti check skriver CSV eller en Excel-arbetsbok; ge filen ändelsen .csv" in err


# -- the as-of day of a national delivery: the same in every command -----------------------------


@pytest.mark.parametrize(
    "command", [["check"], ["worklist", "--format", "text"], ["validate", "--csv"]]
)
@pytest.mark.parametrize("make", [national_xml, lambda: national_csv().encode("utf-8")])
def test_a_delivery_without_as_of_is_read_as_of_its_months_end_in_every_command(
    command: list[str],
    make: Callable[[], bytes],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A March 2025 delivery: `report` and `stats` count it on 2025-03-31, its census day
    # (national-reporting.md, "Two deliveries"), while `check`, `worklist` and `validate`
    # judged it as of today, some twenty months of waiting too many: the same delivery gave
    # another worklist than the report's.
    source = tmp_path / "leverans.bin"
    source.write_bytes(make())
    name, *options = command

    def run(*more: str) -> tuple[int, str, str]:
        output = tmp_path / ("out.txt" if "text" in options else "out.csv")
        code, _out, err = _run(capsys, name, str(source), *options, "-o", str(output), *more)
        return code, output.read_text(encoding="utf-8-sig"), err

    code, out, err = run()
    assert "as of 2025-03-31, the last day of the file's DatatGallerFor month" in err
    assert "today" not in err
    assert (code, out) == run("--as-of", "2025-03-31")[:2]
    # (the day changes what the command says about this delivery)
    assert out != run("--as-of", "2026-12-01")[1]


@pytest.mark.parametrize("command", [["check"], ["worklist"], ["validate"]])
def test_a_list_that_names_no_month_is_read_as_of_today_and_says_so(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    native = tmp_path / "lista.csv"
    native.write_text("id;level;start\nA;visit;2025-01-02\n", encoding="utf-8")
    _code, _out, err = _run(capsys, *command, str(native))
    assert ", today (give --as-of for another day)" in err
    assert "DatatGallerFor" not in err


def test_a_delivery_whose_month_is_no_date_is_read_as_of_today_and_validate_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # (a review: validate stopped, "--as-of is needed", on the very cell it is there to find)
    source = tmp_path / "leverans.csv"
    source.write_text(national_csv().replace("2025-03-", "2025-13-", 1), encoding="utf-8")
    code, out, err = _run(capsys, "validate", str(source), "--csv")
    assert code == 1
    assert ", today (give --as-of for another day)" in err
    assert "V015" in out
    assert "DatatGallerFor '2025-13-" in out
    code, _out, err = _run(capsys, "check", str(source), "-o", str(tmp_path / "out.csv"))
    assert code in (0, 1)
    assert ", today (give --as-of for another day)" in err


@NEEDS_DEV_FD
def test_a_delivery_through_a_pipe_is_read_once_by_the_command_not_ahead_for_its_month(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # check <(cat leverans.csv) said "empty file": its month was read ahead, and the pipe
    # held nothing more for the command; a FIFO hung
    with piped(national_csv().encode("utf-8")) as path:
        code, _out, err = _run(capsys, "check", path, "-o", str(tmp_path / "out.csv"))
    assert code in (0, 1), err
    assert ", today (give --as-of for another day)" in err
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == national_csv().count("\n")  # every row, and the header


@pytest.mark.parametrize(
    ("command", "name", "said"),
    [
        ("validate", "x.xlsm", "vardgaranti validate writes text, CSV or JSON; name the file .txt"),
        ("validate", "x.xls", "vardgaranti validate writes text, CSV or JSON; name the file .txt"),
        ("report", "x.xls", "vardgaranti report writes one HTML page; name the file .html"),
        ("report", "x.ods", "vardgaranti report writes one HTML page; name the file .html"),
        ("worklist", "x.xlsm", "a macro workbook (.xlsm) is not written"),
        ("check", "x.xlsb", "Excel's binary format (.xlsb) is not written; name the file .xlsx"),
    ],
)
def test_an_output_name_no_command_writes_is_told_what_this_command_writes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, name: str, said: str
) -> None:
    # A review: `validate -o x.xlsm` was told to name the file .xlsx, which validate then
    # refused in turn (it writes text, CSV or JSON); report the same with .xls.
    output = tmp_path / name
    english = ("--lang", "en") if command == "report" else ()  # (Swedish by default)
    argv = (command, "--example", "--as-of", "2025-06-02", *english, "-o", str(output))
    code, _out, err = _run(capsys, *argv)
    assert code == 2
    assert said in err
    assert err.count("\n") == 1
    assert not output.exists()


@pytest.mark.parametrize(
    ("name", "said"),
    [
        (
            "x.xls",
            "det gamla Excel-formatet (.xls) skrivs inte; ge filen ändelsen .xlsx eller .csv",
        ),
        ("x.xlsb", "Excels binära format (.xlsb) skrivs inte; ge filen ändelsen .xlsx eller .csv"),
        ("x.xlsm", "en arbetsbok med makron (.xlsm) skrivs inte, och Excel vägrar öppna"),
        ("x.ods", "OpenDocument (.ods) skrivs inte; ge filen ändelsen .xlsx eller .csv"),
    ],
)
def test_an_output_name_no_command_writes_is_refused_in_swedish_with_lang_sv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, said: str
) -> None:
    # A review: the refusal of these four names was English after "fel:".
    argv = ("worklist", "--example", "--as-of", "2025-06-02", "--lang", "sv")
    code, _out, err = _run(capsys, *argv, "-o", str(tmp_path / name))
    assert code == 2
    assert f"fel: {tmp_path / name}: {said}" in err


@pytest.mark.parametrize("command", ["check", "worklist", "validate", "stats", "report"])
def test_a_missing_file_without_as_of_is_one_line_of_error_not_a_note_about_the_day_first(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    # A review: "vardgaranti: as of 2026-12-06, today (give --as-of for another day)" came
    # before the error of a file that is not there; errors are one line (docs/cli.md).
    output = ("-o", str(tmp_path / "out.html")) if command == "report" else ()
    code, _out, err = _run(capsys, command, str(tmp_path / "missing.csv"), *output)
    assert code == 2
    assert err.count("\n") == 1
    assert "missing.csv" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "{folder}"],
        ["worklist", "{folder}"],
        ["validate", "{folder}"],
        ["worklist", "{missing}", "--costs", "--travel-rules", "example"],
    ],
)
def test_a_folder_as_the_file_or_a_missing_file_with_example_travel_rules_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    # A review: a folder given as FILE got the note "as of …, today" first, and a missing
    # file the note that the travel rules are an example's, before the one line of error.
    folder = tmp_path / "lista.csv"
    folder.mkdir()
    given = [a.format(folder=folder, missing=tmp_path / "missing.csv") for a in argv]
    code, _out, err = _run(capsys, *given)
    assert code == 2
    assert err.count("\n") == 1, err
    assert "error:" in err


@pytest.mark.parametrize("command", ["stats", "validate", "worklist"])
@pytest.mark.parametrize("shape", ["json", "csv"])
def test_format_and_its_shorthand_write_the_same_in_every_command_that_writes_it(
    capsys: pytest.CaptureFixture[str], command: str, shape: str
) -> None:
    # stats and validate took --json/--csv, worklist --format: a script written for one
    # command's options failed on the other's. Each now takes both, with the same output.
    long = _run(capsys, command, *EXAMPLE, "--format", shape)
    short = _run(capsys, command, *EXAMPLE, f"--{shape}")
    plain = _run(capsys, command, *EXAMPLE)
    assert long == short
    assert long[0] in (0, 1)
    assert long[1]
    assert long[1] != plain[1]  # (the format was taken: text is otherwise)
    assert _run(capsys, command, *EXAMPLE, "--format", "text") == plain


@pytest.mark.parametrize("command", ["stats", "validate", "worklist"])
def test_format_and_its_shorthand_together_are_refused(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, out, err = _run(capsys, command, *EXAMPLE, "--format", "json", "--csv")
    assert code == 2
    assert not out
    assert "not allowed with argument" in err


@pytest.mark.parametrize("command", ["stats", "worklist"])
def test_an_xlsx_format_without_output_is_refused_before_the_file_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    # (a file that is not there: the refusal comes first, the file is never opened)
    code, out, err = _run(
        capsys, command, str(tmp_path / "saknas.csv"), "--as-of", "2025-06-02", "--format", "xlsx"
    )
    assert (code, out) == (2, "")
    assert err.strip().endswith("an xlsx workbook needs --output FILE.xlsx")
    assert "saknas" not in err


def test_policy_options_that_change_no_figure_are_said_to_be_ignored(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A guarantee unit's walk-through: `stats --at-risk-days 5` and `stats --roll-forward`
    # (the official method counts calendar days) gave the same bytes without a word.
    plain = _run(capsys, "stats", *EXAMPLE)
    code, out, err = _run(capsys, "stats", *EXAMPLE, "--at-risk-days", "5")
    assert (code, out) == plain[:2]
    assert "vardgaranti: --at-risk-days changes no figure of vardgaranti stats; ignored" in err
    code, out, err = _run(capsys, "stats", *EXAMPLE, "--roll-forward", "--lang", "sv")
    assert "vardgaranti: --roll-forward ändrar inga siffror i vardgaranti stats; ignoreras" in err
    # by the law's clock it moves deadlines, in a scenario too, and validate's: not said
    for counted in (["--method", "legal"], ["--compare-methods", "skr,legal"],
                    ["--scenario", "bup"]):  # fmt: skip
        code, out, err = _run(capsys, "stats", *EXAMPLE, "--roll-forward", *counted)
        assert code == 0, err
        assert "--roll-forward" not in err
    assert "--roll-forward" not in _run(capsys, "validate", *EXAMPLE, "--roll-forward")[2]
    # (the commands that show at_risk take 0 as 0: none at risk, not the default 14)
    deadline = ["deadline", "--level", "visit", "--start", "2025-03-01", "--as-of", "2025-05-25"]
    assert "at_risk" in _run(capsys, *deadline)[1]
    assert "at_risk" not in _run(capsys, *deadline, "--at-risk-days", "0")[1]
    code, out, err = _run(capsys, "validate", *EXAMPLE, "--at-risk-days", "5")
    assert "--at-risk-days changes no figure of vardgaranti validate; ignored" in err
    assert "--at-risk-days" not in _run(capsys, "validate", *EXAMPLE)[2]
    assert "--at-risk-days" not in _run(capsys, "report", *EXAMPLE, "--at-risk-days", "5",
                                        "-o", str(tmp_path / "r.html"))[2]  # fmt: skip
