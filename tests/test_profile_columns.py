"""The columns a profile names, checked against the file's header; the optional columns of ``skr``.

* A user's profile (TOML) names each column by hand: a name the file does not have is a typo,
  and reading on would leave the field out of every row without a word. The file is refused,
  naming the profile key, the column and the file's closest columns. The built-in profiles keep
  their optional columns optional.
* The national format (``skr``) reads the columns ``referred`` and ``provider`` a region adds
  for care elsewhere, so ``check`` writes ``costs_covered`` and ``worklist --costs`` works for
  every input format.
* A user's profile gives the codes of its ``deviation`` column (``[deviations]``).
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Final

import attrs
import pytest

from tests import national_fixtures as nf
from vardgaranti import read_waiting_list
from vardgaranti._cli import main
from vardgaranti._profiles import NATIVE, SKR, load_profile, profile_from_data
from vardgaranti._waiting_list import assess_file
from vardgaranti.errors import RuleSetError, WaitingListError

pytestmark = pytest.mark.usefixtures("check_engine")  # check through both engines

AS_OF: Final = date(2025, 3, 31)

EXPORT: Final = """\
Löpnr;Mottagning;Vårdtyp;Remissdatum;Besöksdatum;MoV från;MoV till
1;Hud;Nybesök;2025-01-02;2025-03-10;;
2;Hud;Operation;2025-01-02;;2025-02-01;2025-02-10
"""

PROFILE: Final = """\
name = "Region Exempel"
[columns]
id = "Löpnr"
unit = "Mottagning"
level = "Vårdtyp"
start = "Remissdatum"
completed = "{completed}"
[levels]
"Nybesök" = "visit"
"Operation" = "treatment"
[[exclusions.pairs]]
reason = "mov"
from = "MoV från"
to = "{to}"
"""


def _files(
    tmp_path: Path, *, completed: str = "Besöksdatum", to: str = "MoV till", export: str = EXPORT
) -> tuple[Path, Path]:
    profile = tmp_path / "p.toml"
    profile.write_text(PROFILE.format(completed=completed, to=to), encoding="utf-8")
    source = tmp_path / "e.csv"
    source.write_text(export, encoding="utf-8")
    return source, profile


def _check(
    capsys: pytest.CaptureFixture[str], source: Path, *argv: str
) -> tuple[int, list[dict[str, str]], str]:
    out = source.with_name("out.csv")
    code = main(["check", str(source), "--as-of", AS_OF.isoformat(), "-o", str(out), *argv])
    text = out.read_text(encoding="utf-8-sig") if out.exists() else ""
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    return code, rows, capsys.readouterr().err


def _refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, *argv: str) -> str:
    """What ``check`` says of a file of *text* it refuses (exit 2)."""
    source = tmp_path / "list.csv"
    source.write_text(text, encoding="utf-8")
    code, _rows, err = _check(capsys, source, *argv)
    assert code == 2
    return err


# -- every column a user's profile names must be in the file ------------------------------------


def test_a_typo_in_an_optional_profile_column_refuses_the_file_naming_key_and_closest_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, profile = _files(tmp_path, completed="Besoksdatum")
    code, rows, err = _check(capsys, source, "--profile", str(profile))
    assert (code, rows) == (2, [])
    assert not (tmp_path / "out.csv").exists()
    assert err.count("\n") == 1
    assert (
        f"{profile}: columns.completed names 'Besoksdatum', which the file does not have "
        "(did you mean 'Besöksdatum'?)"
    ) in err


def test_profile_columns_match_the_header_case_insensitively(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, profile = _files(tmp_path, completed="BESÖKSDATUM ", to="mov TILL")
    code, rows, _ = _check(capsys, source, "--profile", str(profile))
    assert code == 0
    assert rows[0]["status"] == "met"  # the completion was read
    assert rows[1]["excluded_days"] == "10"  # 2025-02-01..10: the pair was read


@pytest.mark.parametrize(
    ("in_profile", "in_file"), [("NFC", "NFD"), ("NFD", "NFC")], ids=["nfd-file", "nfd-profile"]
)
def test_profile_columns_match_the_header_in_either_unicode_form_of_a_letter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], in_profile: str, in_file: str
) -> None:
    # A Mac may save "ö" decomposed ("o" and a combining diaeresis): the same name to a reader.
    def form(text: str, kind: str) -> str:
        return unicodedata.normalize(kind, text)  # type: ignore[arg-type]

    profile = tmp_path / "p.toml"
    profile.write_text(
        form(PROFILE.format(completed="Besöksdatum", to="MoV till"), in_profile), encoding="utf-8"
    )
    source = tmp_path / "e.csv"
    source.write_text(form(EXPORT, in_file), encoding="utf-8")
    assert form("Besöksdatum", in_profile) != form("Besöksdatum", in_file)
    code, rows, err = _check(capsys, source, "--profile", str(profile))
    assert (code, err) == (0, "")
    assert rows[0]["status"] == "met"  # the completion was read
    assert rows[1]["excluded_days"] == "10"  # 2025-02-01..10: the pair was read
    assert list(rows[0])[4] == form("Besöksdatum", in_file)  # the header is written as it was
    first = next(iter(read_waiting_list(source, profile=str(profile))))
    assert first.cells["besöksdatum"] == "2025-03-10"  # keyed as the code spells it (NFC)


def test_a_column_in_the_other_unicode_form_is_neither_missing_nor_noted_as_misspelt() -> None:
    columns = {"id": "Löpnr", "level": "Vårdtyp", "start": "Datum", "completed": "Besöksdatum"}
    profile = profile_from_data({"name": "p", "columns": columns})
    header = [unicodedata.normalize("NFD", name) for name in columns.values()]
    assert header != list(columns.values())
    assert profile.unnamed(header) is None
    assert profile.resembled(header) == []
    assert profile.resembled([*header[:3], "Besoksdatum"]) == [
        ("Besoksdatum", "Besöksdatum", "completed")
    ]


def test_a_profile_loaded_once_by_the_public_api_reads_many_files(tmp_path: Path) -> None:
    # A review: nine public functions take a Profile, which could not be named or loaded
    # without a private import.
    import vardgaranti

    source, path = _files(tmp_path)
    loaded = vardgaranti.load_profile(path)
    assert isinstance(loaded, vardgaranti.Profile)
    assert {"Plan", "Profile", "load_profile"} <= set(vardgaranti.__all__)
    for _ in range(2):
        rows = list(read_waiting_list(source, profile=loaded))
        assert [row.case is not None for row in rows] == [True, True]
    result = vardgaranti.evaluate(rows[1].case, as_of=AS_OF)  # type: ignore[arg-type]
    assert isinstance(result.plan, vardgaranti.Plan)
    assert result.plan.excluded_days == 10  # the pair MoV från..till: 2025-02-01..10


def test_a_missing_exclusion_pair_column_names_the_pair_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, profile = _files(tmp_path, to="MoV t.o.m.")
    code, _, err = _check(capsys, source, "--profile", str(profile))
    assert code == 2
    assert "exclusions.pairs[0].to names 'MoV t.o.m.', which the file does not have" in err
    assert "'MoV till'" in err


def test_without_a_close_column_the_message_lists_the_file_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, profile = _files(tmp_path, completed="Utförd")
    code, _, err = _check(capsys, source, "--profile", str(profile))
    assert code == 2
    assert "columns.completed names 'Utförd', which the file does not have (columns found: " in err
    assert "'Besöksdatum'" in err
    assert err.count("\n") == 1


def test_every_column_the_file_lacks_is_named_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, profile = _files(tmp_path, completed="Besoksdatum", to="MoV tom")
    code, _, err = _check(capsys, source, "--profile", str(profile))
    assert code == 2
    assert "columns.completed names 'Besoksdatum'" in err
    assert "exclusions.pairs[0].to names 'MoV tom'" in err
    assert err.count("\n") == 1


def test_a_required_column_with_a_typo_gets_the_closest_column_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, profile = _files(tmp_path)
    profile.write_text(
        profile.read_text(encoding="utf-8").replace('"Remissdatum"', '"Remisdatum"'), "utf-8"
    )
    code, _, err = _check(capsys, source, "--profile", str(profile))
    assert code == 2
    assert "columns.start names 'Remisdatum', which the file does not have" in err
    assert "did you mean 'Remissdatum'?" in err


def test_the_api_refuses_a_file_without_a_column_the_profile_names(tmp_path: Path) -> None:
    source, profile = _files(tmp_path, completed="Besoksdatum")
    with pytest.raises(WaitingListError, match=r"columns\.completed names 'Besoksdatum'"):
        list(read_waiting_list(source, profile=str(profile)))
    data = {
        "name": "Från data",
        "columns": {"id": "Löpnr", "level": "Vårdtyp", "start": "Remissdatum", "booked": "Bokad"},
    }
    built = profile_from_data(data, origin="region")
    with pytest.raises(WaitingListError, match=r"region: columns\.booked names 'Bokad'"):
        assess_file(source, as_of=AS_OF, profile=built).close()


def test_the_built_in_profiles_keep_their_optional_columns_optional(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    native = tmp_path / "native.csv"
    native.write_text("id;level;start\nA;visit;2025-01-02\n", encoding="utf-8")
    assert _check(capsys, native, "--profile", "native")[0] == 0
    national = tmp_path / "national.csv"  # the waiting delivery: no StartAktivitet, no referred
    national.write_text(nf.national_csv(delivery="vantande"), encoding="utf-8")
    code, rows, _ = _check(capsys, national, "--profile", "skr")
    assert (code, len(rows)) == (0, len(nf.contacts()))
    assert "costs_covered" not in rows[0]


# -- a built-in profile's column, misspelt, is noted --------------------------------------------

MISSPELT: Final = "id;unit;level;start;Completd;boked;note\nA;Hud;visit;2024-10-01;2025-01-10;;x\n"
MISSPELT_NOTES: Final = (
    "the column 'Completd' is not read; did you mean 'completed'? As it is, every row is read "
    "as if its field 'completed' were blank",
    "the column 'boked' is not read; did you mean 'booked'? As it is, every row is read as if "
    "its field 'booked' were blank",
)


def test_a_misspelt_optional_native_column_is_noted_since_every_row_reads_it_blank(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "list.csv"
    source.write_text(MISSPELT, encoding="utf-8")
    code, rows, err = _check(capsys, source)
    # (the row reads no completed date: overdue, as the note warns)
    assert (code, rows[0]["status"]) == (0, "overdue")
    for note in MISSPELT_NOTES:
        assert f"list.csv: {note}" in err
    assert "'note'" not in err  # a column like none the profile reads: not named


@pytest.mark.parametrize("command", ["validate", "worklist", "stats"])
def test_the_misspelt_column_note_comes_from_every_command_that_reads_a_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    source = tmp_path / "list.csv"
    source.write_text(MISSPELT, encoding="utf-8")
    main([command, str(source), "--as-of", AS_OF.isoformat(), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert all(note in err for note in MISSPELT_NOTES)


@pytest.mark.parametrize("command", ["check", "validate", "worklist", "stats"])
@pytest.mark.parametrize("engine", ["stream", "columnar"])
def test_a_worklist_read_as_a_waiting_list_is_noted_since_its_deadlines_are_made_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, engine: str
) -> None:
    # a worklist's CSV leaves out the completion, the exclusions and the restart: read as a
    # list, its deadlines were made again without them (24 of the example's changed, some to
    # care-elsewhere) without a word
    source, worklist = tmp_path / "list.csv", tmp_path / "worklist.csv"
    source.write_text(
        "id;unit;level;start;exclusions\nA;Hud;visit;2025-03-01;mov:2025-04-01..2025-04-14\n",
        encoding="utf-8",
    )
    main(["worklist", str(source), "--as-of", AS_OF.isoformat(), "--csv", "-o", str(worklist)])
    capsys.readouterr()
    extra = ["--engine", engine] if command == "check" else []
    main([command, str(worklist), "--as-of", AS_OF.isoformat(), "-o", str(tmp_path / "out"),
          *extra])  # fmt: skip
    err = capsys.readouterr().err
    assert (
        "worklist.csv: this is a worklist, not the waiting list it was made of, and it lacks "
        "columns the deadlines depend on ('completed', 'exclusions', 'restart'): they are made "
        "again without them" in err
    )
    assert err.count("run on the waiting list itself") == 1  # (no --keep: a national
    # delivery's worklist keeps no column of these names)
    kept = tmp_path / "kept.csv"  # with the columns kept, it reads as the list: no note
    main(["worklist", str(source), "--as-of", AS_OF.isoformat(), "--csv", "-o", str(kept),
          "--keep", "completed,exclusions,restart"])  # fmt: skip
    capsys.readouterr()
    main([command, str(kept), "--as-of", AS_OF.isoformat(), "-o", str(tmp_path / "out2"),
          *extra])  # fmt: skip
    assert "this is a worklist" not in capsys.readouterr().err
    main(["validate", str(worklist), "--as-of", AS_OF.isoformat(), "--lang", "sv"])
    assert "det här är en arbetslista" in capsys.readouterr().err


def test_the_misspelt_column_note_is_swedish_under_lang_sv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "list.csv"
    source.write_text(MISSPELT, encoding="utf-8")
    main(["validate", str(source), "--as-of", AS_OF.isoformat(), "--lang", "sv"])
    assert (
        "kolumnen 'Completd' läses inte; menade du 'completed'? Som den heter nu läses varje "
        "rad som om dess fält 'completed' vore tomt" in capsys.readouterr().err
    )


@pytest.mark.parametrize("command", ["check", "worklist", "validate", "stats", "report"])
def test_a_profile_file_that_cannot_be_read_is_said_of_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """As ``--rules: region.toml: cannot read the rule file (...)``: the option that gave it."""
    from vardgaranti._cli import main

    source = tmp_path / "list.csv"
    source.write_text("id;level;start\nA;visit;2025-01-02\n", encoding="utf-8")
    folder = tmp_path / "region.toml"
    folder.mkdir()
    argv = [command, str(source), "--profile", str(folder), "--as-of", "2025-06-02"]
    if command == "report":
        argv += ["--lang", "en", "--output", str(tmp_path / "r.html")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"vardgaranti: error: --profile: {folder}: cannot read the profile (")


@pytest.mark.parametrize("profile", ["auto", "native"])
def test_a_header_without_a_delimiter_is_said_to_have_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], profile: str
) -> None:
    """A file split by '|' is one column: the error says so, not "delimiter ';'"."""
    err = _refused(tmp_path, capsys, "id|unit|level|start\nA|Hud|visit|2025-01-02\n",
                   "--profile", profile)  # fmt: skip
    assert "'id|unit|level|start'" in err
    assert err.rstrip().endswith(
        "; the first line has no delimiter (';', ',' or a tab): save the file as CSV"
    )
    assert "delimiter ';'" not in err
    # A header quoted whole holds its delimiter: nothing says it has none.
    err = _refused(tmp_path, capsys, '"id;unit;level;start"\nA;Hud;visit;2025-01-02\n',
                   "--profile", profile)  # fmt: skip
    assert err.rstrip().endswith("; delimiter ';'")


@pytest.mark.parametrize("profile", ["auto", "native"])
def test_a_misspelt_required_native_column_is_refused_with_the_column_it_resembles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], profile: str
) -> None:
    err = _refused(tmp_path, capsys, "id;unit;level;strat\nA;Hud;visit;2025-01-02\n",
                   "--profile", profile)  # fmt: skip
    assert (
        "required column(s) 'start' missing for the native format (did you mean 'strat' for "
        "'start'? columns found: 'id', 'unit', 'level', 'strat'); delimiter ';'" in err
    )


def test_a_missing_column_without_a_like_one_is_said_without_a_guess(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _refused(tmp_path, capsys, "id;unit;start\nA;Hud;2025-01-02\n")
    assert "'level' missing for the native format (columns found: 'id', 'unit', 'start')" in err


def test_required_native_columns_under_swedish_names_are_each_named_with_the_guess(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "nivå" is no misspelling of "level": only 'startdatum' for 'start' was guessed
    err = _refused(tmp_path, capsys, "id;enhet;nivå;startdatum\nA;Hud;besök;2025-01-02\n")
    assert (
        "required column(s) 'level', 'start' missing for the native format (did you mean "
        "'nivå' for 'level', 'startdatum' for 'start'? columns found: " in err
    )
    err = _refused(tmp_path, capsys, "id;enhet;nivå;startdatum\nA;Hud;besök;2025-01-02\n",
                   "--lang", "sv")  # fmt: skip
    assert "(menade du 'nivå' för 'level', 'startdatum' för 'start'? kolumner i filen: " in err


def test_optional_native_columns_under_swedish_names_are_noted_as_not_read() -> None:
    # a 'genomförd' column was not read, without a word: each patient given care looked waiting
    header = ["id", "unit", "level", "start", "Genomförd", "bokad", "Undantag", "nivå"]
    assert NATIVE.resembled(header) == [
        ("Genomförd", "completed", "completed"),
        ("bokad", "booked", "booked"),
        ("Undantag", "exclusions", "exclusions"),
    ]  # (nivå: the file has 'level', read as it is)
    assert SKR.resembled(["VardkontaktId", "Fas", "BeslutAktivitet", "genomförd"]) == []


def test_a_misspelt_national_column_is_noted_with_the_column_it_resembles() -> None:
    header = ["VardkontaktId", "Fas", "BeslutAktivitet", "StartAktivitt", "Kommun"]
    assert SKR.resembled(header) == [("StartAktivitt", "StartAktivitet", "completed")]


def test_columns_unlike_any_the_profile_reads_and_columns_it_reads_are_not_noted() -> None:
    header = ["id", "unit", "level", "start", "completed", "note", "clinic_code", "status",
              "deadline", "listed", "Kommentar", ""]  # fmt: skip
    assert NATIVE.resembled(header) == []
    # A column the file has is not taken for a misspelling of itself beside its twin.
    assert NATIVE.resembled(["id", "level", "start", "booked", "bookd"]) == []
    # (a mend) nor a column named after one it is about, a short word, or a national variable
    others = ["referred_by", "booked_at", "provider_id", "providers", "distance_km",
              "completed_at", "completedby", "listed_at", "list", "restarted"]  # fmt: skip
    assert NATIVE.resembled(["id", "level", "start", *others]) == []
    assert SKR.resembled(["VardkontaktId", "Fas", "BeslutAktivitet", "HSAIdEnhet"]) == []


@pytest.mark.parametrize("column", ["Avvikelsee", "Avvikelser", "AvvikelseKod", "avvikelse_"])
def test_a_national_variable_misspelt_with_letters_after_it_is_noted(column: str) -> None:
    # the information model names no variable after another but its own (Aktivitet and
    # AktivitetKVA are both its own): "Avvikelsee" is the deviation misspelt, and without the
    # note every PvV and MoV patient was counted as waiting, without a word
    header = ["VardkontaktId", "Fas", "Vardgaranti", "BeslutAktivitet", column]
    assert SKR.resembled(header) == [(column, "Avvikelse", "deviation")]
    later = ["VardkontaktId", "Fas", "BeslutAktivitet", "StartAktivitett"]
    assert SKR.resembled(later) == [("StartAktivitett", "StartAktivitet", "completed")]


def test_a_misspelt_attribute_of_an_xml_delivery_is_noted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    delivery = tmp_path / "vantande.xml"
    delivery.write_text(
        "<TillgangligVardSpeciVantande><Kontakt DatatGallerFor='2025-03-01'>"
        "<Besok VardkontaktId='K1' HSAIdVardenhet='E1' Fas='1' Vardgaranti='JA' "
        "BeslutAktivitet='2025-01-02T08:00:00' Avvikelsee='1'/>"
        "</Kontakt></TillgangligVardSpeciVantande>",
        encoding="utf-8",
    )
    main(["stats", str(delivery), "--by", "", "--min-group", "0"])
    assert (
        "the column 'Avvikelsee' is not read; did you mean 'Avvikelse'?" in capsys.readouterr().err
    )


def test_a_first_line_of_data_is_not_read_for_misspelt_columns() -> None:
    assert NATIVE.resembled(["P1", "visit", "2025-01-02", "completd"]) == []


# -- the national format reads referred and provider --------------------------------------------


def _national_with_costs() -> tuple[list[dict[str, str]], dict[str, str]]:
    """National contacts with ``referred``/``provider`` columns, and costs_covered of each.

    Expected by the law's plain facts (HSL 9 kap. 2 §, Patientlagen 2 kap. 4 §): a covered
    first visit or treatment referred by the region (on or after the decision, by the as-of
    day) is ``yes``; another provider without a referral is the patient's choice, ``no``;
    neither, or a contact the guarantee does not cover, is empty.
    """
    base = {
        key: value
        for key, value in nf.contacts("genomforda")[0].items()
        if key not in ("Avvikelse", "MedicinsktMaldatum")
    }
    start, done = "2024-11-04T10:00:00", "2025-03-10T09:00:00"  # 126 days: missed
    rows: list[tuple[str, dict[str, str], str]] = [
        ("A", {"Fas": "1", "referred": "2025-02-10", "provider": "Capio"}, "yes"),
        ("B", {"Fas": "2", "provider": "Capio"}, "no"),
        ("C", {"Fas": "1"}, ""),
        ("D", {"Fas": "4", "referred": "2025-02-10"}, ""),  # a return visit: not covered
        ("E", {"Fas": "1", "Vardgaranti": "NEJ", "referred": "2025-02-10"}, ""),
    ]
    records = [
        {
            **base,
            "VardkontaktId": name,
            "Vardgaranti": "JA",
            "BeslutAktivitet": start,
            "StartAktivitet": done,
            **change,
        }
        for name, change, _ in rows
    ]
    return records, {name: expected for name, _, expected in rows}


def _national_file(kind: str, records: list[dict[str, str]]) -> bytes:
    if kind == "csv":
        return nf.national_csv(records).encode("utf-8")
    if kind == "xml":
        return nf.national_xml(records, delivery="genomforda")
    return nf.national_xlsx(records, delivery="genomforda")


def test_the_national_profile_maps_referred_provider_and_distance_to_those_columns() -> None:
    assert {field: SKR.columns[field] for field in ("referred", "provider", "distance")} == {
        "referred": "referred",
        "provider": "provider",
        "distance": "distance",
    }
    assert not SKR.required & {"referred", "provider", "distance"}


@pytest.mark.parametrize("kind", ["csv", "xml", "xlsx"])
def test_a_national_file_with_referred_and_provider_gets_costs_covered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    records, expected = _national_with_costs()
    source = tmp_path / f"national.{kind}"
    source.write_bytes(_national_file(kind, records))
    code, rows, _ = _check(capsys, source)
    assert code == 0
    assert list(rows[0])[-4:] == ["deviation", "reason", "costs_covered", "error"]
    found = {row["VardkontaktId"]: row["costs_covered"] for row in rows if row["VardkontaktId"]}
    assert found == expected


def test_national_columns_for_costs_match_case_insensitively(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records, expected = _national_with_costs()
    renamed = [
        {{"referred": "Referred", "provider": "PROVIDER"}.get(k, k): v for k, v in r.items()}
        for r in records
    ]
    source = tmp_path / "national.csv"
    source.write_bytes(_national_file("csv", renamed))
    code, rows, _ = _check(capsys, source)
    assert code == 0
    assert {row["VardkontaktId"]: row["costs_covered"] for row in rows} == expected


@pytest.mark.parametrize("blank", [" ", "\u00a0", "  "])
def test_a_national_start_with_blanks_around_it_is_read_as_the_date_reader_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], blank: str
) -> None:
    # Rows share a plan by the date of their start: the date is taken from the cell as the
    # date reader reads it (blanks around it stripped), not from its first characters.
    records, _expected = _national_with_costs()
    plain = tmp_path / "plain.csv"
    plain.write_bytes(_national_file("csv", records))
    padded = tmp_path / "padded.csv"
    spaced = [{**r, "BeslutAktivitet": f"{blank}{r['BeslutAktivitet']}{blank}"} for r in records]
    padded.write_bytes(_national_file("csv", spaced))
    _code, expected, _ = _check(capsys, plain)
    code, rows, _ = _check(capsys, padded)
    assert code == 0
    assert [row["error"] for row in rows] == [""] * len(rows)
    results = ("deadline", "status", "days_waited", "costs_covered")
    assert [[row[name] for name in results] for row in rows] == [
        [row[name] for name in results] for row in expected
    ]


SHARED_COLUMN: Final = """\
name = "Delad kolumn"
[columns]
id = "Nr"
level = "Typ"
start = "Start"
{first} = "Rem"
{second} = "Rem"
"""


@pytest.mark.parametrize(
    ("first", "second", "cells", "expected", "errors"),
    [
        # One column read as the referral and as the provider: a date there is a referral
        # (yes); a text that is not a date is the row's error, naming the column.
        ("referred", "provider", ["2025-03-01", "", "Capio"], ["yes", "", ""], [0, 0, 1]),
        # One column read as the unit and as the provider: any text is a provider, no
        # referral: the patient's own choice (no).
        ("unit", "provider", ["Hud", "Ögon", "Capio"], ["no", "no", "no"], [0, 0, 0]),
        # One column read as the completion and the referral: a completed case, referred on
        # the day it was completed (yes).
        ("completed", "referred", ["2025-03-01", "", "2025-02-01"], ["yes", "", "yes"], [0, 0, 0]),
    ],
)
def test_a_column_a_profile_names_for_two_fields_is_read_for_both(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    first: str,
    second: str,
    cells: list[str],
    expected: list[str],
    errors: list[int],
) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text(SHARED_COLUMN.format(first=first, second=second), encoding="utf-8")
    source = tmp_path / "e.csv"
    lines = ["Nr;Typ;Start;Rem", *(f"{i};visit;2025-01-02;{c}" for i, c in enumerate(cells))]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, rows, _err = _check(capsys, source, "--profile", str(profile))
    assert code == (1 if any(errors) else 0)
    assert [row["costs_covered"] for row in rows] == expected
    assert [int(bool(row["error"])) for row in rows] == errors
    for row in rows:
        assert row["error"] == "" or row["error"].startswith("Rem: 'Capio' is not a date")


def _follow_up(out: str) -> list[dict[str, object]]:
    keys = ("unit", "month", "patients", "referred", "own_choice")
    rows: list[Mapping[str, object]] = json.loads(out)["rows"]
    return [{key: row[key] for key in keys} for row in rows]


@pytest.mark.parametrize("kind", ["csv", "xml"])
def test_worklist_costs_works_on_a_national_file_with_referred_and_provider(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    records, _ = _national_with_costs()
    source = tmp_path / f"national.{kind}"
    source.write_bytes(_national_file(kind, records))
    argv = ["worklist", str(source), "--as-of", AS_OF.isoformat(), "--costs", "--format", "json"]
    assert main(argv) == 0
    # A (referred) and B (own choice) were given care elsewhere in March after 126 days; C was
    # not elsewhere, D and E are not covered.
    unit = records[0]["HSAIdVardenhet"]
    assert _follow_up(capsys.readouterr().out) == [
        {"unit": unit, "month": "2025-03", "patients": 2, "referred": 1, "own_choice": 1}
    ]


# -- the codes of a user profile's deviation column ---------------------------------------------

DEVIATION_EXPORT: Final = """\
Löpnr;Vårdtyp;Remissdatum;Avvikelse
1;Nybesök;2025-01-02;PV
2;Nybesök;2025-01-02;mv
3;Nybesök;2025-01-02;
4;Nybesök;2025-01-02;XX
"""

DEVIATION_PROFILE: Final = """\
name = "Region Exempel"
[columns]
id = "Löpnr"
level = "Vårdtyp"
start = "Remissdatum"
deviation = "Avvikelse"
[levels]
"Nybesök" = "visit"
"""


def test_a_profile_maps_its_deviation_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text(
        DEVIATION_PROFILE + '[deviations]\n"PV" = "pvv"\n"MV" = "MoV"\n', encoding="utf-8"
    )
    source = tmp_path / "e.csv"
    source.write_text(DEVIATION_EXPORT, encoding="utf-8")
    code, rows, _ = _check(capsys, source, "--profile", str(profile))
    assert code == 1
    assert [row["status"] for row in rows[:3]] == ["deviation", "deviation", "at_risk"]
    assert rows[3]["error"] == (
        "Avvikelse: unknown deviation code 'XX'; accepted: mv, pv (profile Region Exempel)"
    )
    with assess_file(source, as_of=AS_OF, profile=load_profile(profile)) as file:
        deviations = [row.assessed.deviation if row.assessed else None for row in file.rows]
    assert deviations == ["pvv", "mov", None, None]


def test_without_deviation_codes_a_profile_reads_the_words_pvv_mov_sov(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text(DEVIATION_PROFILE, encoding="utf-8")
    source = tmp_path / "e.csv"
    source.write_text(DEVIATION_EXPORT.replace(";PV", ";PvV").replace(";mv", ";sov"), "utf-8")
    code, rows, _ = _check(capsys, source, "--profile", str(profile))
    assert code == 1
    assert [row["status"] for row in rows[:3]] == ["deviation", "deviation", "at_risk"]
    assert rows[3]["error"] == "Avvikelse: unknown deviation code 'XX'; accepted: mov, pvv, sov"


@pytest.mark.parametrize(
    ("deviations", "message"),
    [
        ({"PV": "pv"}, "deviations.PV: 'pv' is not a deviation; use pvv, mov, sov"),
        ({"PV": 1}, "deviations.PV: 1 is not a deviation; use pvv, mov, sov"),
        ([], "deviations: must be a table of code = pvv or mov or sov"),
        ({}, "deviations: must be a table of code = pvv or mov or sov"),
        ({" ": "pvv"}, "deviations: a code must not be empty (an empty cell is no deviation)"),
    ],
)
def test_bad_deviation_codes_are_one_line_errors_naming_the_key(
    deviations: object, message: str
) -> None:
    data = {
        "name": "X",
        "columns": {"id": "a", "level": "b", "start": "c", "deviation": "d"},
        "deviations": deviations,
    }
    with pytest.raises(RuleSetError) as raised:
        profile_from_data(data, origin="p.toml")
    assert str(raised.value) == f"p.toml: {message}"


def test_deviation_codes_need_a_deviation_column() -> None:
    data = {
        "name": "X",
        "columns": {"id": "a", "level": "b", "start": "c"},
        "deviations": {"PV": "pvv"},
    }
    with pytest.raises(RuleSetError, match=r"^p\.toml: deviations: needs columns\.deviation"):
        profile_from_data(data, origin="p.toml")


def test_the_delimiter_is_the_one_under_which_the_profiles_columns_appear(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # docs, "How a file is read": the delimiter is the one under which the header shows the
    # columns the profile needs. A tab-separated export with commas in a column's name was read
    # by ',' (more columns), and the profile's columns were not found.
    profile = tmp_path / "p.toml"
    profile.write_text(
        'name = "p"\n[columns]\nid = "Löpnr"\nlevel = "Vårdtyp"\nstart = "Remissdatum"\n'
        '[levels]\n"Nybesök" = "visit"\n',
        encoding="utf-8",
    )
    source = tmp_path / "e.txt"
    source.write_text(
        "Löpnr\tVårdtyp\tRemissdatum\tNamn, efternamn, förnamn, mellannamn, x\n"
        "1\tNybesök\t2025-03-03\tA, B, C, D, E\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    code = main(["check", str(source), "--as-of", "2025-06-02", "--profile", str(profile),
                 "-o", str(out)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1].split("\t")[:6] == [
        "1", "Nybesök", "2025-03-03", "A, B, C, D, E", "2025-06-01", "overdue"
    ]  # fmt: skip


def test_powershells_type_line_on_the_first_line_is_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A Windows review: Windows PowerShell 5's Export-Csv writes "#TYPE ..." before the header
    # unless told -NoTypeInformation; the error said "save the file as CSV" of a CSV file.
    source = tmp_path / "list.csv"
    source.write_bytes(
        b'#TYPE System.Management.Automation.PSCustomObject\r\n"id","unit","level","start"\r\n'
        b'"A1","Hud","visit","2025-03-03"\r\n'
    )
    code, _rows, err = _check(capsys, source)
    assert code == 2
    assert err == (
        f"vardgaranti: error: {source}: the first line, '#TYPE System.Management.Automation."
        "PSCustomObject', is PowerShell's type line, not the column names: delete that line, "
        "or export with Export-Csv -NoTypeInformation\n"
    )
    main(["validate", str(source), "--lang", "sv", "--as-of", AS_OF.isoformat()])
    assert "är PowerShells typrad, inte kolumnnamnen: ta bort den raden, eller exportera med" in (
        capsys.readouterr().err
    )
    source.write_bytes(source.read_bytes().split(b"\r\n", 1)[1])  # without it: read
    code, rows, _err = _check(capsys, source)
    assert code == 0
    assert [row["id,unit,level,start,deadline,status,days_waited,days_left,excluded_days,"
                "care_elsewhere,error"] for row in rows] == [
        "A1,Hud,visit,2025-03-03,2025-06-01,within,28,62,0,no,"
    ]  # fmt: skip


@pytest.mark.parametrize(("first", "delimiter"), [("sep=;", ";"), ("SEP=,", ","), ("sep=\t", "\t")])
def test_a_spreadsheets_delimiter_hint_on_the_first_line_is_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], first: str, delimiter: str
) -> None:
    # A review: Excel's "sep=;" line was read as the header ("columns found: 'sep=', ''").
    source = tmp_path / "list.csv"
    header = delimiter.join(["id", "unit", "level", "start"])
    source.write_text(f"{first}\n{header}\nA{delimiter}Hud{delimiter}visit{delimiter}2025-01-02\n",
                      encoding="utf-8")  # fmt: skip
    code, _rows, err = _check(capsys, source)
    assert code == 2
    assert err == (
        f"vardgaranti: error: {source}: the first line, {first!r}, is a spreadsheet's "
        "hint of the delimiter, not the column names: delete that line (the delimiter is found "
        "without it)\n"
    )
    main(["validate", str(source), "--lang", "sv", "--as-of", AS_OF.isoformat()])
    assert "är ett kalkylprograms ledtråd om avgränsaren, inte kolumnnamnen: ta bort den raden" in (
        capsys.readouterr().err
    )


def test_a_delimiter_hint_for_a_delimiter_not_read_gets_the_usual_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A mend: "sep=|" was told to delete the line, though "|" is no delimiter this reader finds.
    err = _refused(tmp_path, capsys, "sep=|\nid|unit|level|start\nA|Hud|visit|2025-01-02\n")
    assert "hint of the delimiter" not in err
    assert "required columns missing" in err


def test_a_misspelt_column_is_said_beside_a_column_named_with_a_long_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A review: the digit rule that keeps a patient's first line off standard error silenced
    # this warning for a header with a column such as "Remiss-id SE2321000016".
    source = tmp_path / "lista.csv"
    source.write_text(
        "id;unit;level;start;completd;Remiss-id SE2321000016\nA1;U;besök;2025-03-01;2025-04-01;x\n",
        encoding="utf-8",
    )
    main(["check", str(source), "--as-of", "2025-06-01"])
    assert "the column 'completd' is not read; did you mean 'completed'?" in capsys.readouterr().err


# -- a profile is immutable -------------------------------------------------------------------


def _second_row(**options: object) -> str:
    from vardgaranti import check_waiting_list, example_waiting_list

    out = io.StringIO()
    check_waiting_list(example_waiting_list(), out, as_of=date(2025, 6, 2), **options)  # type: ignore[arg-type]
    return out.getvalue().splitlines()[2]


@pytest.mark.parametrize("name", ["columns", "deviations", "levels"])
def test_a_built_in_profiles_mappings_cannot_be_changed_for_every_caller(name: str) -> None:
    # An embedding review: AssessedFile.profile is the process's one `native` profile, and
    # `file.profile.columns["completed"] = "note"` made every later check of every caller read
    # completed cases as overdue, with care elsewhere due.
    before = _second_row()
    with assess_file(example_waiting_list_path(), as_of=date(2025, 6, 2)) as file:
        profile = file.profile
    mapping = getattr(profile if name != "levels" else SKR, name)
    for change in (
        lambda: mapping.__setitem__("completed", "note"),
        lambda: mapping.update(completed="note"),
        lambda: mapping.pop("completed"),
        mapping.clear,
        lambda: mapping.setdefault("x", "y"),
    ):
        with pytest.raises(TypeError, match="read-only; make a new Profile"):
            change()
    assert _second_row() == before
    assert hash(NATIVE) == hash(NATIVE)  # (frozen: a cache key, as a rule set is)


def test_a_profile_keeps_a_copy_of_what_it_was_made_from() -> None:
    # An embedding review: Profile(columns=cols) kept the caller's dict; changing it afterwards
    # changed the next check with that profile.
    import pickle

    from vardgaranti import Profile

    columns = dict(NATIVE.columns)
    required = set(NATIVE.required)
    profile = Profile(name="mine", columns=columns, required=required)
    before = _second_row(profile=profile)
    columns["completed"] = "booked"
    required.add("booked")
    assert _second_row(profile=profile) == before
    assert profile.columns["completed"] == "completed"
    assert isinstance(profile.required, frozenset)
    copied = pickle.loads(pickle.dumps(profile))
    assert copied == profile
    assert hash(copied) == hash(profile)
    assert _second_row(profile=copied) == before


def example_waiting_list_path() -> Path:
    from vardgaranti import example_waiting_list

    return Path(example_waiting_list())


def test_every_way_of_changing_a_profiles_mapping_is_refused_and_its_sets_are_frozen() -> None:
    # (a mutation audit: del, popitem and |= were unguarded, and the yes/no sets)
    import pickle

    from vardgaranti import Profile

    columns: Any = NATIVE.columns  # (a Mapping to type checkers: the changes are a caller's)
    for change in (
        lambda: columns.__delitem__("completed"),
        columns.popitem,
        lambda: columns.__ior__({"x": "y"}),
    ):
        with pytest.raises(TypeError, match="read-only"):
            change()
    mine = Profile(
        name="mine",
        columns={"id": "id", "level": "level", "start": "start"},
        required=frozenset({"id"}),
        yes={"ja"},
        no={"nej"},
    )
    assert isinstance(mine.yes, frozenset)
    assert isinstance(mine.no, frozenset)
    same = Profile(
        name="mine",
        columns={"start": "start", "level": "level", "id": "id"},
        required=frozenset({"id"}),
        yes={"ja"},
        no={"nej"},
    )
    other = attrs.evolve(mine, columns={"id": "nr", "level": "level", "start": "start"})
    assert hash(mine) == hash(same)
    assert len({hash(mine.columns), hash(other.columns), hash(NATIVE.columns)}) == 3
    assert pickle.loads(pickle.dumps(mine)) == mine


@pytest.mark.parametrize(("cell", "data"), [("123456789", True), ("Remiss 12345678", False)])
def test_nine_digits_make_a_first_line_a_patients_row_eight_do_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cell: str, data: bool
) -> None:
    source = tmp_path / "lista.csv"
    source.write_text(f"{cell};Ortopedi;besök;anteckning\n", encoding="utf-8")
    main(["check", str(source), "--as-of", "2025-06-02"])
    err = capsys.readouterr().err
    assert ("looks like a row of data" in err) is data, err
    assert (cell in err) is not data
