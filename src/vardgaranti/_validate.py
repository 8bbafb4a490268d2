"""Cleaning a waiting list: findings with stable codes, each with the rule or source behind it.

Many patients on a list no longer need the care, and exports carry mistakes that make the
statistics and the guarantee wrong. :class:`Validator` reads each row of a file (through
:func:`~vardgaranti.assess_file`, so every format and profile works, with the same
evaluation as ``check``) and reports what a guarantee unit should look at. It never changes a
row.

===== ========================== ==================================================================
code  name                       the finding
===== ========================== ==================================================================
V001  stale-wait                 open, no booking, waiting longer than ``stale_days`` (default 365)
V002  past-booking               booked for a day that has passed, never completed
V003  duplicate-id               the same id on an earlier row
V004  duplicate-referral         the same referral id, unit and activity on an earlier row
V005  deviation-after-deadline   a deviation (PvV/MoV/SoV) where the file shows the deadline had
                                 passed with no time offered
V006  covered-out-of-scope       a phase outside the guarantee marked covered
V007  in-scope-not-covered       a first contact or operation marked not covered
V008  start-too-early            a start before the earliest the format allows (national: 2010)
V009  unknown-municipality       home municipality ``Lkf`` ``0000``
V010  completed-before-start     a completion before the start
V011  booked-before-start        a booking before the start
V012  missing-id                 an empty id
V013  row-error                  any other reason the row cannot be evaluated
V014  referred-before-start      referred elsewhere (``referred``) before the start of the wait
V015  invalid-value              the national format: ``VardkontaktId`` shorter than 2 characters,
                                 ``Kon`` not one of its codes, ``FodelseAr`` not a year from 1901,
                                 ``DatatGallerFor`` not a date nor a month, ``Lkf`` not a code,
                                 ``Avvikelse`` not a code on a ``Fas`` 3–5 contact; a variable
                                 not in its form or code list (``Regionkod``, ``Sjukhus``,
                                 ``Mvo``, ``Aktivitet``, ``AktivitetKVA``, ``AktivitetICD``,
                                 ``Remittenttyp``, ``Bokningssatt``, ``Yrkeskategori``, the
                                 dates ``MedicinsktMaldatum``, ``RemissDatum``,
                                 ``AnkomstDatum``); ``Aktivitet`` empty on ``Fas`` 2–3,
                                 ``MedicinsktMaldatum`` on ``Fas`` 4
V016  coverage-missing           ``Vardgaranti`` blank on a row the guarantee covers by its phase:
                                 the law counts it, the official statistics do not
V017  exclusion-after-completion an exclusion period that begins after the completion, yet is
                                 counted: it extends the deadline (and ``excluded_days``)
V018  completed-outside-month    the national format: a contact carried out (``StartAktivitet``)
                                 outside the month of its delivery (``DatatGallerFor``)
V019  referred-after-care        referred elsewhere (``referred``) after the care was given
===== ========================== ==================================================================

The codes are stable: a code is never reused for another finding. V008, V010 and V011 are the
row errors of ``check`` for those cases (the row cannot be evaluated), told apart by reading the
cells again; any other row error is V013 with ``check``'s message.

Memory: the duplicate checks remember each distinct id, and each distinct referral key (referral
id, unit and activity), with the row it was first seen on: about 120 bytes per distinct id
(measured: 1,000,000 ids of 8 characters take about 125 MB), more for long ids. At most
``max_ids`` of each are remembered (default 2,000,000); past that, a value not seen before is
no longer remembered (a duplicate of it is not found) and the summary says so
(:attr:`ValidationSummary.capped`). The summary grows with the units, not with the rows. While
the ids ascend (a file sorted by id), none can repeat an earlier one: they are kept in order in
a list, not looked up, until the first that does not ascend (then in a table, as any other).
"""

from __future__ import annotations

import bisect
import contextlib
import json
import operator
import pickle
from array import array
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import IO, Any, Final, NamedTuple, TypeVar

import attrs

from ._checks import callback, flag, whole_number
from ._collation import swedish_key
from ._core import Policy, Status, Uncovered
from ._dates import as_date
from ._messages import (
    LANGUAGES,
    Lang,
    check_lang,
    days,
    error_text_cut,
    has_message,
    message,
)
from ._profiles import DayReader, Profile, delivery_month, municipality
from ._records import InsideQuote
from ._rules import NATIONAL, ExclusionReason, RuleSet
from ._text import column_key, echo, shown, visible
from ._waiting_list import (
    AssessedFile,
    AssessedRow,
    assess_file,
    check_assessed,
    check_workers,
    escape_formula,
    without_extra_cells,
)
from .errors import VardgarantiError

__all__ = [
    "DEFAULT_MAX_IDS",
    "DEFAULT_STALE_DAYS",
    "FINDING_COLUMNS",
    "Finding",
    "FindingCode",
    "Validation",
    "ValidationSummary",
    "Validator",
    "ValidatorState",
    "finding_name",
    "finding_source",
    "plain",
    "validate_file",
    "write_findings_csv",
    "write_findings_json",
]

#: Open cases without a booking waiting longer than this are reported (``--stale-days``).
DEFAULT_STALE_DAYS: Final = 365
#: The most distinct ids (and referral keys) the duplicate checks remember.
DEFAULT_MAX_IDS: Final = 2_000_000
#: The most distinct cells of the covered column whose reading is remembered.
_COVERED_LIMIT: Final = 1_000
#: The most distinct units and activities of referral keys kept as one object each.
_VALUES_KEPT: Final = 100_000
#: The findings a slice spools at a time (see :class:`Validation`).
_SPOOLED: Final = 1024
#: The most findings (one per code and unit) kept for counting only.
_COUNTED_LIMIT: Final = 10_000
#: The columns of the findings as CSV (``validate --csv``).
FINDING_COLUMNS: Final = ("code", "name", "row", "line", "id", "unit", "text", "source")


class FindingCode(StrEnum):
    r"""The stable code of a finding (its value: ``V001``...).

    A row ``check`` cannot evaluate is V013, unless a code of its own says why (here V010):

    >>> import io
    >>> from datetime import date
    >>> text = ("id;unit;level;start;completed\nB;Orto;visit;2025-05-03;2025-05-01\n"
    ...         "C;Orto;visit;2025-13-01;\n")
    >>> with validate_file(io.StringIO(text), as_of=date(2025, 6, 2)) as validation:
    ...     print([finding.code for finding in validation.findings])
    [<FindingCode.COMPLETED_BEFORE_START: 'V010'>, <FindingCode.ROW_ERROR: 'V013'>]
    >>> FindingCode("V010") is FindingCode.COMPLETED_BEFORE_START, FindingCode.ROW_ERROR == "V013"
    (True, True)
    """

    #: Open, without a booking, waiting longer than the threshold.
    STALE_WAIT = "V001"
    #: Booked for a day that has passed, and never completed.
    PAST_BOOKING = "V002"
    #: The same id as an earlier row.
    DUPLICATE_ID = "V003"
    #: The same referral id, unit and activity as an earlier row.
    DUPLICATE_REFERRAL = "V004"
    #: A deviation (PvV/MoV/SoV) where the file shows the deadline had passed with no time
    #: offered.
    DEVIATION_AFTER_DEADLINE = "V005"
    #: A phase outside the guarantee (examination, return visit, acute) marked covered.
    COVERED_OUT_OF_SCOPE = "V006"
    #: A first contact or an operation marked not covered.
    IN_SCOPE_NOT_COVERED = "V007"
    #: A start before the earliest the format allows (the national format: 2010-01-01).
    START_TOO_EARLY = "V008"
    #: The home municipality is unknown (``Lkf`` ``0000``).
    UNKNOWN_MUNICIPALITY = "V009"
    #: The completion is before the start.
    COMPLETED_BEFORE_START = "V010"
    #: The booking is before the start.
    BOOKED_BEFORE_START = "V011"
    #: The id is empty.
    MISSING_ID = "V012"
    #: The row cannot be evaluated for another reason (``check``'s error).
    ROW_ERROR = "V013"
    #: Referred elsewhere (``referred``) before the start of the wait.
    REFERRED_BEFORE_START = "V014"
    #: The national format: a variable outside what the information model allows.
    INVALID_VALUE = "V015"
    #: No coverage value (``Vardgaranti`` blank) on a row the guarantee covers by its phase.
    COVERAGE_MISSING = "V016"
    #: An exclusion period that begins after the care was given, yet extends the deadline.
    EXCLUSION_AFTER_COMPLETION = "V017"
    #: The national format: a contact carried out outside its delivery's month.
    COMPLETED_OUTSIDE_MONTH = "V018"
    #: Referred elsewhere (``referred``) after the care was given (by the as-of day).
    REFERRED_AFTER_CARE = "V019"


#: Each code's name. The rule or source it rests on is a message of the catalogue
#: (``validate.source.V001`` ...), in Swedish and English: :func:`finding_source`.
_KINDS: Final[dict[FindingCode, str]] = {
    FindingCode.STALE_WAIT: "stale-wait",
    FindingCode.PAST_BOOKING: "past-booking",
    FindingCode.DUPLICATE_ID: "duplicate-id",
    FindingCode.DUPLICATE_REFERRAL: "duplicate-referral",
    FindingCode.DEVIATION_AFTER_DEADLINE: "deviation-after-deadline",
    FindingCode.COVERED_OUT_OF_SCOPE: "covered-out-of-scope",
    FindingCode.IN_SCOPE_NOT_COVERED: "in-scope-not-covered",
    FindingCode.START_TOO_EARLY: "start-too-early",
    FindingCode.UNKNOWN_MUNICIPALITY: "unknown-municipality",
    FindingCode.COMPLETED_BEFORE_START: "completed-before-start",
    FindingCode.BOOKED_BEFORE_START: "booked-before-start",
    FindingCode.MISSING_ID: "missing-id",
    FindingCode.ROW_ERROR: "row-error",
    FindingCode.REFERRED_BEFORE_START: "referred-before-start",
    FindingCode.COVERAGE_MISSING: "coverage-missing",
    FindingCode.INVALID_VALUE: "invalid-value",
    FindingCode.EXCLUSION_AFTER_COMPLETION: "exclusion-after-completion",
    FindingCode.COMPLETED_OUTSIDE_MONTH: "completed-outside-month",
    FindingCode.REFERRED_AFTER_CARE: "referred-after-care",
}
#: The national format's codes of ``Kon`` (any case).
_SEX_CODES: Final = frozenset({"1", "m", "man", "2", "k", "kvinna", "3", "o", "okänt"})
_FIRST_BIRTH_YEAR: Final = 1901


def _digits(low: int, high: int) -> Callable[[str], bool]:
    """A cell of *low* to *high* digits."""
    return lambda text: low <= len(text) <= high and text.isascii() and text.isdigit()


def _characters(low: int, high: int) -> Callable[[str], bool]:
    """A cell of *low* to *high* characters."""
    return lambda text: low <= len(text) <= high


def _one_of(*codes: str) -> Callable[[str], bool]:
    """A cell that is one of *codes* (any case)."""
    known = frozenset(codes)
    return lambda text: text.upper() in known


#: The national format's other variables with a form or a code list (V015), by their names in
#: lower case: the finding's variant, the form it names, and the test of a cell (SKR,
#: Informationsmodell – Tillgänglighet specialiserad vård 1.1; see the reference's "Variables
#: of a Besok"). A blank cell is no finding here (see :data:`_REQUIRED`).
_BOUNDED: Final[dict[str, tuple[str, str, Callable[[str], bool]]]] = {
    "regionkod": (".digits", "2", _digits(2, 2)),
    "sjukhus": (".digits", "5–6", _digits(5, 6)),
    "mvo": (".length", "3", _characters(3, 3)),
    "aktivitet": (".length", "5", _characters(5, 5)),
    "aktivitetkva": (".length", "5", _characters(5, 5)),
    "aktiviteticd": (".length", "4–6", _characters(4, 6)),
    "remittenttyp": (".code", "1, 2", _one_of("1", "2")),
    "bokningssatt": (".code", "1–5", _one_of("1", "2", "3", "4", "5")),
    "yrkeskategori": (".code", "XS910–XS926", _one_of(*(f"XS{n}" for n in range(910, 927)))),
}
#: The national format's dates that no rule reads, each a date when given (V015).
_DATED: Final = ("medicinsktmaldatum", "remissdatum", "ankomstdatum")
#: The national format's variables the information model requires on a contact of some phases
#: (``Fas``): the activity code for an operation or procedure and an examination, the medical
#: target date for a return visit (V015; a file without the column is not asked for it).
_REQUIRED: Final = {"aktivitet": frozenset({"2", "3"}), "medicinsktmaldatum": frozenset({"4"})}
#: The most distinct cells of each kind above remembered as good (read once each).
_GOOD_KEPT: Final = 100_000
_DEVIATION_CODES: Final = {"pvv": "PvV", "mov": "MoV", "sov": "SoV"}
_REASON_CODES: Final = {
    ExclusionReason.PVV: "PvV",
    ExclusionReason.MOV: "MoV",
    ExclusionReason.REGION: "region",
}
_CODE_OF: Final = operator.attrgetter("code")
_REFERRAL_NAMES: Final = ("remissid", "referral_id", "referral")
_ACTIVITY_NAMES: Final = ("aktivitet", "activity")
#: Before a referral's activity read from its level (no activity given): apart from an activity
#: cell of the same text, and named with the level's column (``Fas '1'``).
_FROM_LEVEL: Final = "\x00"
_MUNICIPALITY_NAMES: Final = ("lkf",)


def finding_name(code: FindingCode) -> str:
    """The name of a code (``V001`` is ``stale-wait``)."""
    return _KINDS[code]


def finding_source(code: FindingCode, lang: Lang = "en") -> str:
    """The rule or source a code rests on, in *lang* (a finding's ``source`` is English)."""
    return message(f"validate.source.{code.value}", lang)


@attrs.frozen
class Finding:
    r"""One finding on one row.

    The row counts the data rows, the line the file's lines (the header is line 1):

    >>> import io
    >>> from datetime import date
    >>> text = "id;unit;level;start\nA;Orto;visit;2025-05-01\nA;Orto;visit;2025-05-02\n"
    >>> with validate_file(io.StringIO(text), as_of=date(2025, 6, 2)) as validation:
    ...     finding = next(validation.findings)
    >>> finding.code.value, finding.name, finding.row, finding.line
    ('V003', 'duplicate-id', 2, 3)
    >>> finding.text("en"), finding.text("sv")
    ("the id 'A' is also on row 1", "id 'A' finns också på rad 1")

    Attributes:
        code: the stable code.
        row: the row's number among the data rows (1 is the first after the header).
        line: the line (CSV), row (Excel) or line of the ``Besok`` element (XML) it began on.
        id: the row's id as written (empty when the file has none).
        unit: the row's unit as written (empty when the file has none).
        sv: the finding in Swedish, one line.
        en: the finding in English, one line.
        source: the rule or source it rests on.
    """

    code: FindingCode
    row: int
    line: int
    id: str
    unit: str
    sv: str
    en: str
    source: str

    @property
    def name(self) -> str:
        """The code's name (``stale-wait``...)."""
        return finding_name(self.code)

    def text(self, lang: Lang = "en") -> str:
        """The finding in *lang*.

        Args:
            lang: ``sv`` or ``en``.

        Returns:
            The finding's sentence.

        Raises:
            InvalidValueError: *lang* is not ``sv`` or ``en`` (its field is ``lang``).
        """
        return self.sv if check_lang(lang) == "sv" else self.en

    def as_dict(self, lang: Lang = "en") -> dict[str, object]:
        """The finding as JSON-ready data, its text in *lang*.

        Args:
            lang: ``sv`` or ``en``, for ``text``.

        Returns:
            ``code``, ``name``, ``row``, ``line``, ``id``, ``unit``, ``text`` and ``source``
            (the text and the source in *lang*).

        Raises:
            InvalidValueError: *lang* is not ``sv`` or ``en`` (its field is ``lang``).
        """
        return {
            "code": self.code.value,
            "name": self.name,
            "row": self.row,
            "line": self.line,
            "id": self.id,
            "unit": self.unit,
            "text": self.text(lang),
            "source": finding_source(self.code, lang) if lang != "en" else self.source,
        }


@attrs.define
class ValidationSummary:
    r"""Counts of a validation: rows, findings per code, and per code and unit.

    A validator that only counts (``findings=False``) makes no finding, but counts each:

    >>> import io
    >>> from datetime import date
    >>> text = ("id;unit;level;start;booked\nA;Orto;visit;2025-05-01;\n"
    ...         "A;Orto;visit;2025-05-02;2025-05-20\n")
    >>> with assess_file(io.StringIO(text), as_of=date(2025, 6, 2)) as file:
    ...     validator = Validator(file, as_of=date(2025, 6, 2), findings=False)
    ...     made = [validator.check(row) for row in file.rows]
    >>> made, validator.summary.rows_with_findings, validator.summary.table()
    ([[], []], 1, [('V002', 'past-booking', 'Orto', 1), ('V003', 'duplicate-id', 'Orto', 1)])

    Attributes:
        rows: the data rows read (empty rows included).
        empty: the empty rows (only empty cells).
        errors: the rows that cannot be evaluated.
        findings: the findings.
        rows_with_findings: the rows with at least one finding.
        by_code: findings per code.
        by_code_unit: findings per code and unit.
        capped: the duplicate checks reached ``max_ids`` and stopped remembering new values.
    """

    rows: int = 0
    empty: int = 0
    errors: int = 0
    findings: int = 0
    rows_with_findings: int = 0
    by_code: dict[FindingCode, int] = attrs.Factory(dict)
    by_code_unit: dict[tuple[FindingCode, str], int] = attrs.Factory(dict)
    capped: bool = False

    def count(self, found: list[Finding]) -> None:
        """Count the findings of one row.

        Args:
            found: the row's findings (none: the row is not counted as one with findings).
        """
        if not found:
            return
        self.rows_with_findings += 1
        self.findings += len(found)
        for finding in found:
            self.by_code[finding.code] = self.by_code.get(finding.code, 0) + 1
            key = (finding.code, finding.unit.strip())
            self.by_code_unit[key] = self.by_code_unit.get(key, 0) + 1

    def table(self) -> list[tuple[str, str, str, int]]:
        """The summary per code and unit: (code, name, unit, findings).

        By code, then by unit in Swedish alphabetical order (å, ä, ö after z).
        """
        return [
            (code.value, finding_name(code), unit, count)
            for (code, unit), count in sorted(
                self.by_code_unit.items(), key=lambda item: (item[0][0], swedish_key(item[0][1]))
            )
        ]

    def as_dict(self) -> dict[str, object]:
        """The summary as JSON-ready data."""
        return {
            "rows": self.rows,
            "empty": self.empty,
            "rows_with_errors": self.errors,
            "findings": self.findings,
            "rows_with_findings": self.rows_with_findings,
            "by_code": {
                code.value: {"name": finding_name(code), "findings": count}
                for code, count in sorted(self.by_code.items())
            },
            "by_code_and_unit": [
                {"code": code, "name": name, "unit": unit, "findings": count}
                for code, name, unit, count in self.table()
            ],
            "duplicate_check_capped": self.capped,
        }

    def as_text(self, lang: Lang = "en") -> str:
        """The summary as a text table, per code and unit, with a closing tally.

        Args:
            lang: ``sv`` or ``en``, for the column names and the tally.

        Returns:
            The table's lines and the tally, joined by newlines.
        """
        header = tuple(
            message(f"validate.column.{name}", lang)
            for name in ("code", "name", "unit", "findings")
        )
        # (in Swedish, what each code finds in words, as the report says it; in English the
        # stable names, which the CSV and JSON carry in either language)
        lines = [
            (
                c,
                message(f"report.finding.{c}", lang) if lang == "sv" else n,
                plain(u) or "-",
                str(k),
            )
            for c, n, u, k in self.table()
        ]
        widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
        text = [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in [header, *lines]
        ]
        text.append(
            message(
                "validate.tally",
                lang,
                findings=self.findings,
                rows_with_findings=self.rows_with_findings,
                rows=self.rows,
            )
        )
        if self.capped:
            text.append(message("validate.capped", lang))
        return "\n".join(text)


class Firsts:
    """The rows of a slice that were the first there of an id or referral (see ``track``).

    In row order: the row, its unit (a number: its place in :attr:`unit_numbers`) and whether
    it had findings; when tracked with the cells (a slice whose findings are written), also
    its line, its id and its unit as written (a number: its place in :attr:`cell_numbers`).
    """

    def __init__(self) -> None:
        self.rows = array("q")
        self.units = array("l")
        self.had = bytearray()
        self.unit_numbers: dict[str, int] = {}
        self.lines = array("q")
        self.ids: list[str] = []
        self.unit_cells = array("l")
        self.cell_numbers: dict[str, int] = {}


class ValidatorState(NamedTuple):
    """What a slice's :class:`Validator` hands to the one that merges it.

    Opaque: :meth:`Validator.state` makes it and :meth:`Validator.merge` takes it
    (a file counted in slices, each in a process of its own); its fields are not part of the
    API and may change.
    """

    summary: ValidationSummary
    ids: dict[str, int]
    ascending: list[str]
    ascending_rows: array[int]
    referrals: dict[tuple[str, str, str], int]
    firsts: Firsts


_K = TypeVar("_K")


class Validator:
    r"""Checks the rows of one open file and reports findings; it never changes a row.

    It is given the rows one by one (the same rows may feed other builders too); a row's
    findings come in the order of their codes:

    >>> import io
    >>> from datetime import date
    >>> text = ("id;unit;level;start;booked\nA;Orto;visit;2025-05-01;\n"
    ...         "A;Orto;visit;2025-05-02;2025-05-20\n")
    >>> with assess_file(io.StringIO(text), as_of=date(2025, 6, 2)) as file:
    ...     validator = Validator(file, as_of=date(2025, 6, 2))
    ...     found = [finding for row in file.rows for finding in validator.check(row)]
    >>> [(finding.row, finding.code.value, finding.name) for finding in found]
    [(2, 'V002', 'past-booking'), (2, 'V003', 'duplicate-id')]

    Args:
        file: the file, opened by :func:`~vardgaranti.assess_file`.
        as_of: the day the list is judged on (the same as the file's).
        stale_days: open cases without a booking waiting longer than this are reported.
        max_ids: the most distinct ids (and referral keys) remembered for the duplicate checks.
        findings: make each finding, with its texts, and return it from :meth:`check`;
            ``False``: only count the findings in :attr:`summary` (``check`` returns an empty
            list), for a report of the counts.

    Raises:
        InvalidTypeError: *file* is not an :class:`AssessedFile` (field ``file``).
        InvalidValueError: *as_of* is not the day *file* was assessed as of (field ``as_of``);
            *stale_days* or *max_ids* not a whole number of at least 0.
    """

    def __init__(
        self,
        file: AssessedFile,
        *,
        as_of: date,
        stale_days: int = DEFAULT_STALE_DAYS,
        max_ids: int = DEFAULT_MAX_IDS,
        findings: bool = True,
    ) -> None:
        whole_number(stale_days, "stale_days", 0)
        whole_number(max_ids, "max_ids", 0)
        flag(findings, "findings")  # (findings="" was no findings, "yes" all, without a word)
        self.as_of = as_date(as_of, "as_of")  # (an aware datetime: its day in Stockholm)
        check_assessed(file, self.as_of)
        self.stale_days = stale_days
        self.max_ids = max_ids
        profile = file.profile
        self.profile = profile
        column = file.column
        names = {column_key(name): i for i, name in reversed(list(enumerate(file.header)))}
        self.i_id = column.get("id", -1)
        self.i_unit = column.get("unit", -1)
        self.i_level = column.get("level", -1)
        self.i_start = column.get("start", -1)
        self.i_completed = column.get("completed", -1)
        self.i_booked = column.get("booked", -1)
        self.i_covered = column.get("covered", -1)
        self.i_exclusions = column.get("exclusions", -1)
        self.pairs = tuple(
            (reason, names.get(column_key(first), -1), names.get(column_key(last), -1))
            for reason, first, last in profile.exclusion_pairs
        )
        self.i_referral = next((names[n] for n in _REFERRAL_NAMES if n in names), -1)
        self.i_activity = next((names[n] for n in _ACTIVITY_NAMES if n in names), -1)
        #: the level column, which a referral's activity is read from where it has none
        self.level_column = ""
        self.i_lkf = next((names[n] for n in _MUNICIPALITY_NAMES if n in names), -1)
        header = file.header
        self.file_header = header
        self.name_of = {
            field: header[i] if i >= 0 else profile.columns.get(field, field)
            for field, i in column.items()
        }
        if column.get("level", -1) >= 0:
            self.level_column = self.name_of["level"]
        self.lkf_name = header[self.i_lkf] if self.i_lkf >= 0 else "Lkf"
        self.i_referred = column.get("referred", -1)
        # The national format's variables the information model bounds (V015).
        national = profile.name == "skr"
        self.i_sex = names.get("kon", -1) if national else -1
        self.i_birth = names.get("fodelsear", -1) if national else -1
        self.i_period = names.get("datatgallerfor", -1) if national else -1
        # (the other variables with a form or a code list, those the file has: column, the
        # cells found good, name, variant, form, test; a date's test is the date reader)
        self.bounded = tuple(
            (names[name], {""}, header[names[name]], *_BOUNDED[name])
            for name in _BOUNDED
            if national and name in names
        )
        self.bounded += tuple(
            (names[name], {""}, header[names[name]], ".date", "", self._is_date)
            for name in _DATED
            if national and name in names
        )
        self.i_phase = names.get("fas", -1) if national else -1
        self.required = tuple(
            (names[name], header[names[name]], phases, ", ".join(sorted(phases)))
            for name, phases in _REQUIRED.items()
            if national and name in names and self.i_phase >= 0
        )
        # The cells of a row the checks above read, and each column's set of cells found good:
        # a row whose every such cell is in its set (the common row) is passed in one step.
        at = [i for i, *_rest in self.bounded]
        self.bounded_cells: Callable[[list[str]], tuple[str, ...]] = (
            operator.itemgetter(*at) if len(at) > 1 else lambda cells: tuple(cells[i] for i in at)
        )
        self.goods = tuple(good for _i, good, *_rest in self.bounded)
        #: The phases on which some variable is required.
        self.required_phases = frozenset().union(*(phases for _i, _n, phases, _l in self.required))
        # (a deviation cell check does not read: on a contact outside the guarantee)
        self.i_deviation = column.get("deviation", -1) if national else -1
        self.deviation_codes = ", ".join(
            f"{code} {_DEVIATION_CODES.get(meaning, meaning)}"
            for code, meaning in sorted(profile.deviations.items())
        )
        # the DatatGallerFor texts read (:meth:`_period`): a date or not, and its month
        self.periods: dict[str, tuple[bool, tuple[int, int] | None]] = {}
        # V018: the delivery's month, the XML's (its Kontakt) or each row's DatatGallerFor
        self.meta_period = file.table.meta.get("DatatGallerFor", "") if national else ""
        # (a waiting delivery holds the contacts waiting at its month's end: a later carrying
        # out there is no other delivery's contact)
        waiting = file.table.meta.get("delivery") == "TillgangligVardSpeciVantande"
        #: A delivery that says it holds completed contacts (the XML's root): each was carried
        #: out, so one after the as-of day is no open case, and V018 is said of it too.
        self.carried_out = file.table.meta.get("delivery") == "TillgangligVardSpeciGenomforda"
        self.monthly = (
            national and not waiting and (self.i_period >= 0 or bool(self.meta_period.strip()))
        )
        self.level_keys: dict[str, str] = {}  # level cells as a referral's key holds them
        self.id_min = 2 if national else 1
        self.day = DayReader(profile.date_formats)
        self.spans = file.evaluator.spans
        self.roll_forward = file.evaluator.policy.roll_forward  # (V017)
        self.calendar = file.evaluator.calendar
        self.ids: dict[str, int] = {}
        self.referrals: dict[tuple[str, str, str], int] = {}
        self.values: dict[str, str] = {}  # units and activities, one object each
        self.summary = ValidationSummary()
        self.findings = findings
        self.covered_cells: dict[str, bool | None] = {}  # a covered cell read (yes, no, blank)
        self.counted: dict[tuple[FindingCode, str], Finding] = {}  # findings=False
        # Only when tracked (a slice read apart, see track()): per row that was the first here
        # of its id or referral, its unit and whether it had findings.
        self.firsts = Firsts()
        # the ids while they ascend, and their rows (see _make_check)
        self._ascending: list[str] = []
        self._ascending_rows = array("q")
        self._check = self._make_check()
        # check() runs for every row of a file: the instance's own attribute, the function
        # with what it needs closed over, takes the method's place (a call less per row).
        self.__dict__["check"] = self._check

    # -- helpers ---------------------------------------------------------------------------

    def _finding(
        self, code: FindingCode, row: AssessedRow, variant: str = "", **values: object
    ) -> Finding:
        """A finding on *row*; a value that is a function of the language is called with it.

        Only counted (``findings=False``): without its texts.
        """
        cells = row.cells
        if not self.findings:  # one finding per code and unit, counted and never shown
            unit = cells[self.i_unit] if self.i_unit >= 0 else ""
            counted = self.counted.get((code, unit))
            if counted is None:
                counted = Finding(code, 0, 0, "", unit, "", "", "")
                if len(self.counted) < _COUNTED_LIMIT:
                    self.counted[code, unit] = counted
            return counted
        return _render(
            code,
            row.number,
            row.line,
            cells[self.i_id] if self.i_id >= 0 else "",
            cells[self.i_unit] if self.i_unit >= 0 else "",
            variant,
            values,
        )

    # -- a file read in slices -----------------------------------------------------------------

    def track(self, *, cells: bool = False) -> None:
        """Remember what :meth:`merge` needs of the rows checked from now on (a slice's reader).

        A row that is the first of its id (or referral) in its slice may repeat one of an
        earlier slice: per such row, its unit and whether it had findings (kept compact: a
        slice has as many such rows as distinct ids); with *cells*, also what a finding on it
        names (its line, id and unit), for :meth:`repeated`.

        Args:
            cells: also remember the line, id and unit of each such row.
        """
        inner = self._check
        ids, referrals, ascending = self.ids, self.referrals, self._ascending
        summary, firsts, i_unit, i_id = self.summary, self.firsts, self.i_unit, self.i_id
        rows, units, had = firsts.rows, firsts.units, firsts.had
        unit_numbers, cell_numbers = firsts.unit_numbers, firsts.cell_numbers

        def check(row: AssessedRow) -> list[Finding]:
            before = len(ids) + len(ascending) + len(referrals)
            found_before = summary.rows_with_findings
            found = inner(row)
            if len(ids) + len(ascending) + len(referrals) != before:  # a first one here
                written = row.cells[i_unit] if i_unit >= 0 else ""
                unit = written.strip()
                number = unit_numbers.get(unit)
                if number is None:
                    number = unit_numbers[unit] = len(unit_numbers)
                rows.append(row.number)
                units.append(number)
                had.append(summary.rows_with_findings != found_before)
                if cells:
                    number = cell_numbers.get(written)
                    if number is None:
                        number = cell_numbers[written] = len(cell_numbers)
                    firsts.unit_cells.append(number)
                    firsts.lines.append(row.line)
                    firsts.ids.append(row.cells[i_id] if i_id >= 0 else "")
            return found

        self._check = self.__dict__["check"] = check

    def remembered(self) -> dict[str, int]:
        """The ids remembered so far, with the row each was first on."""
        if self._ascending:
            self.ids.update(zip(self._ascending, self._ascending_rows, strict=True))
            self._ascending.clear()
            del self._ascending_rows[:]
        return self.ids

    def state(self) -> ValidatorState:
        """What :meth:`merge` takes from the reader of a later slice (which :meth:`track` ed)."""
        return ValidatorState(
            self.summary,
            self.ids,
            self._ascending,
            self._ascending_rows,
            self.referrals,
            self.firsts,
        )

    def merge(
        self,
        state: ValidatorState,
        shift: int,
        repeats: dict[int, list[tuple[FindingCode, object]]] | None = None,
    ) -> bool:
        """Count a later slice's rows as if this validator had checked them after its own.

        Its rows that repeat an id or referral of the rows before are found here. ``False``
        (and this validator is not to be used) where the rows so far hold more distinct ids or
        referrals than ``max_ids``: one pass stops remembering them there, so only reading the
        file in one piece gives the same counts. The codes of :attr:`ValidationSummary.by_code`
        may come in another order than one pass's (every view of them is sorted).

        Args:
            state: the slice's :meth:`state`.
            shift: the data rows before the slice.
            repeats: filled with the slice's rows (numbered in the slice) that repeat an id or
                referral of the rows before, each with its codes and the ids or referrals
                repeated (for :meth:`repeated`).

        Returns:
            ``True``: counted; ``False``: the slices cannot be merged into one pass's counts.
        """
        theirs = state.summary
        if theirs.capped or self.summary.capped:
            return False
        if repeats is None:
            repeats = {}
        mine, theirs_first = self._ascending, state.ascending[:1]
        if (
            not self.ids
            and not state.ids
            and (not mine or not theirs_first or theirs_first[0] > mine[-1])
        ):
            # both read ids in ascending order (a sorted export), the slice's after these:
            # none repeats, and they stay a list
            mine.extend(state.ascending)
            self._ascending_rows.extend(number + shift for number in state.ascending_rows)
        else:
            ids = self.remembered()
            theirs_ids = dict(zip(state.ascending, state.ascending_rows, strict=True))
            theirs_ids.update(state.ids)
            self._repeats(ids, theirs_ids, FindingCode.DUPLICATE_ID, shift, repeats)
        self._repeats(
            self.referrals, state.referrals, FindingCode.DUPLICATE_REFERRAL, shift, repeats
        )
        if len(self.ids) + len(mine) > self.max_ids or len(self.referrals) > self.max_ids:
            return False  # one pass would have stopped remembering them: a capped count
        summary = self.summary
        summary.rows += theirs.rows
        summary.empty += theirs.empty
        summary.errors += theirs.errors
        summary.findings += theirs.findings
        summary.rows_with_findings += theirs.rows_with_findings
        for code, count in theirs.by_code.items():
            summary.by_code[code] = summary.by_code.get(code, 0) + count
        for pair, count in theirs.by_code_unit.items():
            summary.by_code_unit[pair] = summary.by_code_unit.get(pair, 0) + count
        firsts = state.firsts
        names = list(firsts.unit_numbers)
        for number, codes in repeats.items():
            at = bisect.bisect_left(firsts.rows, number)
            unit, had = names[firsts.units[at]], firsts.had[at]
            summary.findings += len(codes)
            summary.rows_with_findings += not had
            for code, _key in codes:
                summary.by_code[code] = summary.by_code.get(code, 0) + 1
                summary.by_code_unit[code, unit] = summary.by_code_unit.get((code, unit), 0) + 1
        return True

    @staticmethod
    def _repeats(
        mine: dict[_K, int],
        theirs: dict[_K, int],
        code: FindingCode,
        shift: int,
        repeats: dict[int, list[tuple[FindingCode, object]]],
    ) -> None:
        """Note each of *theirs* already in *mine* as a repeat; remember the others."""
        for key, number in theirs.items():
            if key in mine:
                repeats.setdefault(number, []).append((code, key))
            else:
                mine[key] = number + shift

    def _date(self, cells: list[str], index: int, field: str) -> date | None:
        if index < 0:
            return None
        try:
            return self.day(cells[index], field)
        except VardgarantiError:
            return None

    # -- the checks --------------------------------------------------------------------------

    def check(self, row: AssessedRow) -> list[Finding]:
        """The findings of one row, in the order of their codes; counted in :attr:`summary`.

        The common row (evaluated, closed or recent, no repeat, nothing to compare) costs a few
        comparisons: each check is entered only when the row has what it looks at.

        Args:
            row: a row of the file the validator was made for, as :func:`assess_file` gives it.

        Returns:
            The row's findings (empty: none; without their texts when ``findings`` is false).
        """
        return self._check(row)

    def _make_check(self) -> Callable[[AssessedRow], list[Finding]]:
        """The per-row function of :meth:`check`, with what it needs bound as locals."""
        summary = self.summary
        as_of = self.as_of
        try:  # open longer than stale_days: day 0 before this day
            stale_before = as_of - timedelta(days=self.stale_days)
        except OverflowError:
            stale_before = date.min
        i_id = self.i_id
        i_exclusions = self.i_exclusions
        i_covered = self.i_covered
        i_lkf = self.i_lkf
        i_referral = self.i_referral
        pairs = self.pairs
        ids = self.ids
        get_id = ids.get
        max_ids = self.max_ids
        # While the ids come in ascending order (an export sorted by id), none can repeat an
        # earlier one: they are kept in a list, in order, with the rows they are on, and not
        # looked up. The first id that does not ascend turns the list into the table of ids,
        # where every id is looked up from then on. The same findings, less work per row.
        ascending = self._ascending
        ascending_rows = self._ascending_rows  # the rows, 8 bytes each
        last = ""  # the last id seen while they ascend
        in_order = True

        def first_row(ident: str, number: int) -> int | None:
            """The row *ident* was first on, or ``None`` (and remember it, within the bound)."""
            nonlocal last, in_order
            if in_order:
                if ident > last:  # after every id before it: not a repeat
                    last = ident
                    if len(ascending) < max_ids:
                        ascending.append(ident)
                        ascending_rows.append(number)
                    else:
                        summary.capped = True
                    return None
                in_order = False
                ids.update(zip(ascending, ascending_rows, strict=True))
                ascending.clear()
                del ascending_rows[:]
            first = get_id(ident)
            if first is None:
                if len(ids) < max_ids:
                    ids[ident] = number
                else:
                    summary.capped = True
            return first

        keep = self.findings
        finding = self._finding
        open_case = self._open_case
        referral = self._referral
        deviation = self._deviation
        coverage = self._coverage
        after_completion = self._after_completion
        outside_month = self._outside_month
        monthly = self.monthly
        carried_out = self.carried_out
        row_error = self._row_error
        referred_before = self._referred_before
        invalid = self._invalid
        i_referred = self.i_referred
        national = self.i_sex >= 0 or self.i_birth >= 0 or self.id_min > 1
        # the findings of a row's cells alone, for a row evaluated or not (V009, V012, V015)
        cell_checks = i_lkf >= 0 or i_id >= 0 or national

        def of_cells(row: AssessedRow, ident: str, found: list[Finding]) -> None:
            cells = row.cells
            if i_lkf >= 0:
                lkf = cells[i_lkf]
                code = municipality(lkf)
                if code == "0000":
                    found.append(finding(unknown_municipality, row, column=self.lkf_name))
                elif code is None and lkf.strip():
                    found.append(
                        self._finding(
                            FindingCode.INVALID_VALUE,
                            row,
                            ".lkf",
                            column=self.lkf_name,
                            value=echo(lkf.strip()),
                        )
                    )
            if i_id >= 0 and not ident:
                found.append(finding(missing_id, row, column=self.name_of["id"]))
            if national:
                invalid(row, ident, found)

        count = summary.count
        duplicate_id = FindingCode.DUPLICATE_ID
        unknown_municipality = FindingCode.UNKNOWN_MUNICIPALITY
        missing_id = FindingCode.MISSING_ID
        by_code = _CODE_OF

        def check(row: AssessedRow) -> list[Finding]:
            nonlocal last
            summary.rows += 1
            assessed = row.assessed
            found: list[Finding] = []
            if assessed is None:
                if row.error is None:
                    summary.empty += 1
                    return found
                return error_row(row, found)
            # one unpacking rather than an attribute at a time: this runs for every row
            (
                _level, _rule, _start, clock_start, completed, booked, _status, deadline,
                _care_deadline, _waited, _left, _over, excluded, _care, uncovered, deviation_code,
                _referred, _periods,
            ) = assessed  # fmt: skip
            cells = row.cells
            if (completed is None or completed > as_of) and (
                clock_start < stale_before or (booked is not None and booked < as_of)
            ):
                open_case(row, found)
            ident = ""
            if i_id >= 0:
                ident = cells[i_id].strip()
                if in_order and ident > last:  # first_row() for the common id, inlined
                    last = ident
                    if len(ascending) < max_ids:
                        ascending.append(ident)
                        ascending_rows.append(row.number)
                    else:
                        summary.capped = True
                elif ident:
                    first = first_row(ident, row.number)
                    if first is not None:
                        values = _repeat_values(duplicate_id, ident, first)
                        found.append(finding(duplicate_id, row, "", **values))
            if i_referral >= 0 and cells[i_referral]:
                referral(row, found)
            if (
                deadline is not None
                and (completed is None or completed > deadline)
                and (
                    deviation_code is not None
                    or (i_exclusions >= 0 and cells[i_exclusions])
                    or pairs
                )
            ):
                deviation(row, found)
            if i_covered >= 0 and (uncovered is not None or not cells[i_covered].strip()):
                coverage(row, found)
            if completed is not None and excluded:  # (a counted period after the care?)
                after_completion(row, found)
            if completed is not None and monthly and (completed <= as_of or carried_out):
                # (later: still open, unless the delivery says every contact was carried out)
                outside_month(row, completed, found)
            if i_referred >= 0 and cells[i_referred].strip():
                referred_before(row, found)
            if cell_checks:
                of_cells(row, ident, found)
            if found:
                if len(found) > 1:
                    found.sort(key=by_code)
                count(found)
                if not keep:
                    return []
            return found

        def error_row(row: AssessedRow, found: list[Finding]) -> list[Finding]:
            """A row that cannot be evaluated: its duplicates and what is wrong with it.

            A line inside a quoted cell (:class:`~vardgaranti._records.InsideQuote`) may be
            text of that cell: only its V013 is said; its cells are no id, referral or value
            to check (a real row with the same id got a V003).
            """
            cells = row.cells
            ident = ""
            if type(row.error) is InsideQuote:
                summary.errors += 1
                row_error(row, found)
                count(found)
                return found if keep else []
            if i_id >= 0:
                ident = cells[i_id].strip()
                if ident:
                    first = first_row(ident, row.number)
                    if first is not None:
                        values = _repeat_values(duplicate_id, ident, first)
                        found.append(finding(duplicate_id, row, "", **values))
            if i_referral >= 0 and cells[i_referral]:
                referral(row, found)
            summary.errors += 1
            row_error(row, found)
            if cell_checks:
                of_cells(row, ident, found)
            if len(found) > 1:
                found.sort(key=by_code)
            count(found)
            return found if keep else []

        return check

    def _referred_before(self, row: AssessedRow, found: list[Finding]) -> None:
        """V014 and V019: the referral elsewhere dated before the wait, or after the care.

        V019 as ``costs_covered`` reads the date (``referred-after-care``): on a level with a
        duty of care elsewhere, care given by the as-of day and referred after it is a date to
        correct, also when the referral is after the as-of day; care given after the as-of day
        has not happened, nor has its referral. (V014 is said of any level.)
        """
        assessed = row.assessed
        assert assessed is not None
        column = self.name_of["referred"]
        try:  # (a date that cannot be read is the row's error, and the row is not here)
            referred = self.day(row.cells[self.i_referred], column)
        except VardgarantiError:
            return
        if referred is None:
            return
        if referred < assessed.start:
            found.append(
                self._finding(
                    FindingCode.REFERRED_BEFORE_START,
                    row,
                    referred=referred,
                    column=column,
                    start=assessed.start,
                )
            )
            return
        completed = assessed.completed
        if (
            completed is not None
            and referred > completed
            and completed <= self.as_of
            and assessed.care_deadline is not None  # (a duty of care elsewhere, as the costs)
            and referred >= assessed.clock_start  # (before a restart: the period before's)
        ):
            found.append(
                self._finding(
                    FindingCode.REFERRED_AFTER_CARE,
                    row,
                    referred=referred,
                    column=column,
                    completed=completed,
                )
            )

    def _invalid(self, row: AssessedRow, ident: str, found: list[Finding]) -> None:
        """V015: the national variables the information model bounds, each by itself."""
        cells = row.cells
        if ident and len(ident) < self.id_min:
            found.append(
                self._finding(
                    FindingCode.INVALID_VALUE,
                    row,
                    ".id",
                    column=self.name_of["id"],
                    value=echo(ident),
                )
            )
        i_sex = self.i_sex
        if i_sex >= 0:
            sex = cells[i_sex].strip()
            if sex and sex.lower() not in _SEX_CODES:
                found.append(
                    self._finding(
                        FindingCode.INVALID_VALUE,
                        row,
                        ".sex",
                        column=self.file_header[i_sex],
                        value=echo(sex),
                    )
                )
        i_period = self.i_period
        if i_period >= 0:
            text = cells[i_period]
            good, _month = self._period(text)
            if not good:
                found.append(
                    self._finding(
                        FindingCode.INVALID_VALUE,
                        row,
                        ".period",
                        column=self.file_header[i_period],
                        value=echo(text.strip()),
                    )
                )
        i_deviation = self.i_deviation
        assessed = row.assessed
        if i_deviation >= 0 and assessed is not None and assessed.uncovered is not None:
            # check reads no deviation of a contact outside the guarantee; the national
            # database still refuses a code it does not know
            code = cells[i_deviation].strip()
            if code:
                try:
                    self.profile.read_deviation(code)
                except VardgarantiError:
                    found.append(
                        self._finding(
                            FindingCode.INVALID_VALUE,
                            row,
                            ".deviation",
                            column=self.file_header[i_deviation],
                            value=echo(code),
                            codes=self.deviation_codes,
                        )
                    )
        i_birth = self.i_birth
        if i_birth >= 0:
            year = cells[i_birth].strip()
            if year and not (
                len(year) == 4
                and year.isascii()
                and year.isdigit()
                and int(year) >= _FIRST_BIRTH_YEAR
            ):
                found.append(
                    self._finding(
                        FindingCode.INVALID_VALUE,
                        row,
                        ".birth",
                        column=self.file_header[i_birth],
                        value=echo(year),
                    )
                )

        self._formed(row, found)

    def _formed(self, row: AssessedRow, found: list[Finding]) -> None:
        """V015: the variables with a form, a code list or a phase that requires them."""
        cells = row.cells
        if self.bounded and not all(map(set.__contains__, self.goods, self.bounded_cells(cells))):
            self._forms(row, found)
        if self.required:
            phase = cells[self.i_phase]
            if phase in self.required_phases or phase.strip() in self.required_phases:
                self._required(row, phase.strip(), found)

    def _forms(self, row: AssessedRow, found: list[Finding]) -> None:
        """V015: each variable of :data:`_BOUNDED` and :data:`_DATED` in its form."""
        cells = row.cells
        for i, good, name, variant, form, test in self.bounded:
            text = cells[i]
            if text in good:
                continue
            stripped = text.strip()
            if not stripped or test(stripped):
                if len(good) >= _GOOD_KEPT:
                    good.clear()
                good.add(text)
            else:
                found.append(
                    self._finding(
                        FindingCode.INVALID_VALUE,
                        row,
                        variant,
                        column=name,
                        value=echo(stripped),
                        form=form,
                    )
                )

    def _required(self, row: AssessedRow, phase: str, found: list[Finding]) -> None:
        """V015: a variable the information model requires on a contact of *phase*, empty."""
        cells = row.cells
        for i, name, phases, listed in self.required:
            if phase in phases and not cells[i].strip():
                found.append(
                    self._finding(
                        FindingCode.INVALID_VALUE,
                        row,
                        ".required",
                        column=name,
                        phases=listed,
                        phase_column=self.file_header[self.i_phase],
                    )
                )

    def _is_date(self, text: str) -> bool:
        """*text* is a date the national format's reader reads."""
        try:
            self.day(text, "")
        except VardgarantiError:
            return False
        return True

    def _open_case(self, row: AssessedRow, found: list[Finding]) -> None:
        assessed = row.assessed
        assert assessed is not None
        as_of = self.as_of
        completed = assessed.completed
        if completed is not None and completed <= as_of:
            return  # closed: nothing to clean
        booked = assessed.booked
        if booked is not None and booked < as_of:
            found.append(self._finding(FindingCode.PAST_BOOKING, row, booked=booked))
        waited = (as_of - assessed.clock_start).days
        if (booked is None or booked < as_of) and waited > self.stale_days:
            found.append(
                self._finding(
                    FindingCode.STALE_WAIT,
                    row,
                    "" if self.i_booked >= 0 else ".unbooked",
                    days=lambda lang: days(waited, lang),
                    start=assessed.clock_start,
                    limit=lambda lang: days(self.stale_days, lang),
                )
            )

    def referral_key(self, cells: list[str]) -> tuple[str, str, str] | None:
        """What a row's referral is known by (V004): referral, unit, activity.

        Args:
            cells: the row's cells, as written.

        Returns:
            The referral, unit and activity (the level read, where the file writes levels as
            words, after :data:`_FROM_LEVEL`), stripped; ``None`` where the row names no
            referral.
        """
        referral = cells[self.i_referral].strip() if self.i_referral >= 0 else ""
        if not referral:
            return None
        unit = cells[self.i_unit].strip() if self.i_unit >= 0 else ""
        activity = cells[self.i_activity].strip() if self.i_activity >= 0 else ""
        if not activity and self.i_level >= 0:  # (marked: its text names the level's column)
            activity = _FROM_LEVEL + self._level_key(cells[self.i_level])
        values = self.values
        if len(values) < _VALUES_KEPT:  # a unit or activity repeats: keep one of each
            unit = values.setdefault(unit, unit)
            activity = values.setdefault(activity, activity)
        return referral, unit, activity

    def _level_key(self, text: str) -> str:
        """A level cell as a referral's key holds it.

        The level read, where the file writes levels as words (``besök``, ``Visit`` and
        ``visit`` alike); else, or when it is not a level, the text as written.
        """
        known = self.level_keys.get(text)
        if known is None:
            known = text.strip()
            if self.profile.levels is None:  # level words (a code, as Fas 1, is one already)
                with contextlib.suppress(VardgarantiError):  # not a level: as written
                    known = str(self.profile.read_level(text).value)
            if len(self.level_keys) < _VALUES_KEPT:
                self.level_keys[text] = known
        return known

    def _referral(self, row: AssessedRow, found: list[Finding]) -> None:
        key = self.referral_key(row.cells)
        if key is not None:
            referrals = self.referrals
            first = referrals.get(key)
            if first is None:  # remember it, within the bound
                if len(referrals) < self.max_ids:
                    referrals[key] = row.number
                else:
                    self.summary.capped = True
            else:
                code = FindingCode.DUPLICATE_REFERRAL
                values = _repeat_values(code, key, first, self.level_column)
                found.append(self._finding(code, row, "", **values))

    def repeated(
        self, code: FindingCode, key: object, number: int, line: int, id_cell: str, unit_cell: str
    ) -> Finding:
        """The finding *code* (a duplicate id or referral) on a row that repeats *key*.

        Its texts name the row *key* was first on, as :meth:`check` names it: the rows
        remembered (and merged) so far tell which. For a row of a slice, made where the
        slices meet (:meth:`merge`).

        Args:
            code: ``V003`` (a duplicate id) or ``V004`` (a duplicate referral).
            key: the id or referral repeated.
            number: the row's number in the whole file.
            line: the row's line in the file.
            id_cell: the row's id, as written.
            unit_cell: the row's unit, as written.

        Returns:
            The finding, its texts naming the row *key* was first on.
        """
        known: dict[Any, int] = (
            self.remembered() if code is FindingCode.DUPLICATE_ID else self.referrals
        )
        values = _repeat_values(code, key, known[key], self.level_column)
        return _render(code, number, line, id_cell, unit_cell, "", values)

    def _deviation(self, row: AssessedRow, found: list[Finding]) -> None:
        assessed = row.assessed
        assert assessed is not None
        # The law's day (HSL 9 kap. 1 §), not a region's shorter limit or the BUP target: a
        # deviation after those is no deviation after the guarantee is broken (SKR FAQ
        # 2021-03-10 is of the guarantee); the law's day counts the deviation's own time.
        deadline = assessed.care_deadline
        if deadline is None and not (assessed.rule is not None and assessed.rule.is_target):
            deadline = assessed.deadline  # (a target with no law beneath: no guarantee)
        if deadline is None:
            return
        completed = assessed.completed
        if completed is not None and completed <= deadline:
            return  # care was given in time: a later period changes nothing
        booked = assessed.booked
        # A booking on or before the deadline shows a time offered within the limit, even once
        # its day has passed; and before the deadline has passed, nothing is broken yet: for a
        # period and a code alike.
        offered = self.i_booked >= 0 and booked is not None and booked <= deadline
        if offered or self.as_of <= deadline:
            return  # (one condition for both variants below: they told the same row apart)
        for reason, start, end in self._exclusions(row.cells):
            if start > deadline and reason is not ExclusionReason.REGION:
                found.append(
                    self._finding(
                        FindingCode.DEVIATION_AFTER_DEADLINE,
                        row,
                        ".period",
                        reason=_REASON_CODES[reason],
                        start=start,
                        end=end,
                        deadline=deadline,
                    )
                )
                return
        code = assessed.deviation
        if (
            code in _DEVIATION_CODES  # PvV, MoV and SoV alike (SKR FAQ 2021-03-10)
            and self.i_booked >= 0
            and assessed.status is Status.DEVIATION
            and (assessed.completed is None or assessed.completed > self.as_of)
        ):
            found.append(
                self._finding(
                    FindingCode.DEVIATION_AFTER_DEADLINE,
                    row,
                    ".code",
                    deviation=_DEVIATION_CODES[code],
                    deadline=deadline,
                )
            )

    def _after_completion(self, row: AssessedRow, found: list[Finding]) -> None:
        """V017: a counted exclusion period that begins after the care was given.

        HSF (2017:80) 6 kap. 2 § leaves out time when the patient cannot be given care for
        medical reasons, has chosen care in another region or declines care; once the care was
        given there is no such time, yet a period that begins by the (extended) deadline still
        extends it.
        """
        assessed = row.assessed
        assert assessed is not None
        completed, deadline = assessed.completed, assessed.deadline
        if completed is None or deadline is None or completed > self.as_of:
            return  # (a completion after the as-of day has not happened yet: the case is open)
        # Counted periods form a prefix, each beginning by the deadline extended so far: one
        # that begins by the final deadline was counted. With roll-forward, that deadline is
        # the one before it rolled, which lies after the vardag before the rolled one: a period
        # that begins by that vardag was counted (one later may not have been: not said).
        limit = deadline
        if self.roll_forward:
            try:
                limit = self.calendar.add_vardagar(deadline, -1)
            except VardgarantiError:  # (outside the calendar's years: nothing said)
                return
        for reason, start, end in self._exclusions(row.cells):
            if completed < start <= limit:
                found.append(
                    self._finding(
                        FindingCode.EXCLUSION_AFTER_COMPLETION,
                        row,
                        # (care chosen in another region, HSF 6 kap. 2 § 2: named in words)
                        ".region" if reason is ExclusionReason.REGION else "",
                        reason=_REASON_CODES[reason],
                        start=start,
                        end=end,
                        completed=completed,
                        deadline=deadline,
                    )
                )
                return

    def _period(self, text: str) -> tuple[bool, tuple[int, int] | None]:
        """A ``DatatGallerFor`` text read: a date or blank (V015), and its month (V018)."""
        found = self.periods.get(text)
        if found is None:
            try:  # (a blank cell says nothing: stats then takes the census day's month)
                day = delivery_month(self.day, text)
                found = (True, None if day is None else (day.year, day.month))
            except VardgarantiError:
                found = (False, None)
            if len(self.periods) < _VALUES_KEPT:
                self.periods[text] = found
        return found

    def _outside_month(self, row: AssessedRow, completed: date, found: list[Finding]) -> None:
        """V018: a contact carried out outside the month of its delivery.

        A completed delivery (Genomförda) holds the contacts carried out during its calendar
        month, ``DatatGallerFor`` (national-reporting.md, "Two deliveries"); one carried out in
        another month belongs to another delivery (a blank or unreadable month says nothing
        here: V015 names the latter).
        """
        text = self.meta_period if self.i_period < 0 else row.cells[self.i_period]
        _good, month = self._period(text)
        if month is None or (completed.year, completed.month) == month:
            return
        found.append(
            self._finding(
                FindingCode.COMPLETED_OUTSIDE_MONTH,
                row,
                completed=completed,
                month=f"{month[0]:04d}-{month[1]:02d}",
            )
        )

    def _exclusions(self, cells: list[str]) -> list[tuple[ExclusionReason, date, date]]:
        """The row's exclusion periods, as the evaluation read them (none: they cannot be read).

        Read by the evaluator's own reader (the profile's date forms, compact dates, blanks
        around the separators, dates with a time), so that a finding looks at the periods
        ``check`` counted, in every form it reads them.
        """
        try:
            spans = self.spans(cells, None)
        except VardgarantiError:
            return []
        return [(reason, start, end) for start, end, reason in spans]

    def _coverage(self, row: AssessedRow, found: list[Finding]) -> None:
        assessed = row.assessed
        assert assessed is not None
        if self.i_covered < 0:
            return
        cells = row.cells
        if assessed.uncovered is Uncovered.OUT_OF_SCOPE:
            text = cells[self.i_covered]
            known = self.covered_cells
            if text in known:
                covered = known[text]
            else:
                try:
                    covered = self.profile.read_yes_no(text)
                except VardgarantiError as error:
                    # (check leaves the row out of scope without reading it: the value is
                    # still one the national database refuses)
                    message = str(error)
                    found.append(
                        self._finding(
                            FindingCode.ROW_ERROR,
                            row,
                            ".coverage",
                            column=self.name_of["covered"],
                            error=lambda lang: error_text_cut(message, lang, 300),
                        )
                    )
                    return
                if len(known) < _COVERED_LIMIT:
                    known[text] = covered
            if covered:
                found.append(
                    self._finding(FindingCode.COVERED_OUT_OF_SCOPE, row, **self._names(cells))
                )
        elif assessed.uncovered is Uncovered.REPORTED:
            found.append(self._finding(FindingCode.IN_SCOPE_NOT_COVERED, row, **self._names(cells)))
        elif assessed.uncovered is None and not cells[self.i_covered].strip():
            found.append(self._finding(FindingCode.COVERAGE_MISSING, row, **self._names(cells)))

    def _names(self, cells: list[str]) -> dict[str, str]:
        """The columns and the level named in the coverage findings (none when only counted)."""
        if not self.findings:
            return {}
        return {
            "level_column": self.name_of["level"],
            "level": echo(cells[self.i_level].strip()),
            "covered_column": self.name_of["covered"],
        }

    def _row_error(self, row: AssessedRow, found: list[Finding]) -> None:
        """Name the row error where it is one of the date-order cases; else report it whole."""
        cells = row.cells
        error = row.error or ""
        explained = False
        start = self._date(cells, self.i_start, "start")
        earliest = self.profile.earliest
        if start is not None and earliest is not None and start < earliest:
            found.append(
                self._finding(
                    FindingCode.START_TOO_EARLY,
                    row,
                    column=self.name_of["start"],
                    start=start,
                    earliest=earliest,
                    profile=self.profile.name,
                )
            )
            explained |= _same_column(row.field, self.name_of["start"])
        if start is not None:
            for field, index, code in (
                ("completed", self.i_completed, FindingCode.COMPLETED_BEFORE_START),
                ("booked", self.i_booked, FindingCode.BOOKED_BEFORE_START),
            ):
                day = self._date(cells, index, field)
                if day is not None and day < start:
                    column = self.name_of[field]
                    values: dict[str, object] = {"column": column, "start": start, field: day}
                    found.append(self._finding(code, row, "", **values))
                    explained |= _same_column(row.field, column)
        if not explained:
            # (check's error quotes the cells after the header's, in a file that holds them
            # anyway; the findings list carries id and unit, not the cells of other columns)
            error = without_extra_cells(error)
            found.append(
                self._finding(
                    FindingCode.ROW_ERROR,
                    row,
                    error=lambda lang: error_text_cut(error, lang, 300),
                )
            )


def _same_column(field: str | None, column: str) -> bool:
    """Whether a row's error about *field* is about *column* (names are read regardless of case).

    The reader finds a column by its name in any case and with blanks around it, and its error
    names the profile's spelling (``StartAktivitet``) where the file has ``startaktivitet``.
    """
    return field is not None and column_key(field) == column_key(column)


#: A finding as a slice spools it: its fields but the source, and the key it repeats (or None).
_Spooled = tuple[FindingCode, int, int, str, str, str, str, object]


#: The row number after a slice's last spooled finding (no slice reaches it).
_END: Final = 1 << 62


def _spooled_items(spool: IO[bytes]) -> Iterator[_Spooled]:
    """The findings a slice spooled, in order, then one marked with the row :data:`_END`."""
    while True:
        try:
            yield from pickle.load(spool)  # our own process's bytes
        except EOFError:
            break
    yield (FindingCode.ROW_ERROR, _END, 0, "", "", "", "", None)


def _repeat_values(
    code: FindingCode, key: Any, first: int, level_column: str = ""
) -> dict[str, object]:
    """The values of the texts of a duplicate id (*key* the id) or referral (its key).

    *level_column* names the level column: a level's code read there for want of an activity
    (the national format's ``Fas 1``) is named with it.
    """
    if code is FindingCode.DUPLICATE_ID:
        return {"id": echo(key), "first": first}
    referral, unit, activity = key
    from_level = activity.startswith(_FROM_LEVEL)
    activity = activity.removeprefix(_FROM_LEVEL)
    level = f"report.level.{activity}"  # an activity that is a level: named in the language
    named: object
    if has_message(level):
        named = lambda lang: echo(message(level, lang))  # noqa: E731 - a text per language
    elif from_level and level_column:
        named = f"{shown(level_column)} {echo(activity)}"
    else:
        named = echo(activity)
    return {"referral": echo(referral), "unit": echo(unit), "activity": named, "first": first}


def _render(
    code: FindingCode,
    number: int,
    line: int,
    id_cell: str,
    unit_cell: str,
    variant: str,
    values: dict[str, object],
) -> Finding:
    """A finding, its texts made in each language (a value that is a function: of the language)."""
    key = f"validate.{code.value}{variant}"
    texts = [
        message(key, lang, **{k: v(lang) if callable(v) else v for k, v in values.items()})
        for lang in LANGUAGES
    ]
    return Finding(code, number, line, id_cell, unit_cell, texts[0], texts[1], finding_source(code))


class Validation:
    """A file being validated: its findings, streamed, and the summary they add up to.

    Made by :func:`validate_file`; use it as a context manager. :attr:`findings` can be read
    once; :attr:`summary` is complete when it has been read to the end:

    >>> from vardgaranti import EXAMPLE_AS_OF, example_waiting_list
    >>> with validate_file(example_waiting_list(), as_of=EXAMPLE_AS_OF) as validation:
    ...     before = validation.summary.findings
    ...     found = list(validation.findings)
    >>> before, len(found), validation.summary.findings
    (0, 24, 24)

    Attributes:
        file: the open file (its ``table`` has the name, format and notes).
        validator: the checks.
        findings: every finding, in row order (and by code within a row).

    With *workers* above 1 a large CSV file is checked in slices, in as many processes side by
    side (see :meth:`AssessedFile.slices <vardgaranti._waiting_list.AssessedFile.slices>`),
    each slice's findings spooled to an unlinked temporary file; the rows of a slice that
    repeat an id or referral of an earlier slice get their findings where the slices are
    merged, so the findings and the summary are those of one pass. Where they cannot be (more
    distinct ids or referrals than the validator remembers), the file is checked again in one
    process by a new validator from *fresh*, and *notes* is told.
    """

    def __init__(
        self,
        file: AssessedFile,
        validator: Validator,
        *,
        workers: int = 1,
        notes: Callable[[str], None] | None = None,
        fresh: Callable[[], Validator] | None = None,
    ) -> None:
        self.file = file
        self.validator = validator
        self._workers = workers
        self._notes = notes
        self._fresh = fresh
        self.findings: Iterator[Finding] = self._findings()

    @property
    def summary(self) -> ValidationSummary:
        """The counts so far (complete once :attr:`findings` is exhausted)."""
        return self.validator.summary

    def _findings(self) -> Iterator[Finding]:
        if self._workers > 1:
            sliced = self._sliced()
            if sliced is not None:
                yield from sliced
                return
        check = self.validator.check
        for row in self.file.rows:
            yield from check(row)

    def _sliced(self) -> Iterator[Finding] | None:
        """The findings of the file checked in slices, or ``None``: check it in one piece."""
        validator = self.validator
        spools: list[IO[bytes]] = []

        def work(rows: Iterator[AssessedRow], k: int) -> ValidatorState | None:
            if k:  # a child: what the merge needs, and what a finding names
                validator.track(cells=True)
            check, key_of = validator.check, validator.referral_key
            out = spools[k]
            batch: list[_Spooled] = []
            for row in rows:
                found = check(row)
                if found:
                    for f in found:  # (a repeat's key: its first row is named anew)
                        code = f.code
                        key: object = None
                        if k and code is FindingCode.DUPLICATE_ID:
                            key = f.id.strip()
                        elif k and code is FindingCode.DUPLICATE_REFERRAL:
                            key = key_of(row.cells)
                        batch.append((code, f.row, f.line, f.id, f.unit, f.sv, f.en, key))
                    if len(batch) >= _SPOOLED:
                        out.write(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
                        batch = []
            if batch:
                out.write(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
            out.flush()
            return validator.state() if k else None

        try:
            parts = self.file.slices(self._workers, work, self._notes, spools)
            if parts is None:
                return None
            merged: list[tuple[int, dict[int, list[tuple[FindingCode, object]]], Firsts]]
            merged = [(0, {}, validator.firsts)]
            with contextlib.closing(parts):
                next(parts)
                for state in parts:
                    assert state is not None
                    shift = validator.summary.rows
                    repeats: dict[int, list[tuple[FindingCode, object]]] = {}
                    if not validator.merge(state, shift, repeats):
                        break
                    merged.append((shift, repeats, state.firsts))
        except BaseException:
            for spool in spools:
                spool.close()
            raise
        if len(merged) < len(spools):  # a merge refused: the file anew, in one process
            for spool in spools:
                spool.close()
            if self._notes is not None:
                self._notes(
                    f"{self.file.table.name}: checked again in one process: the findings of "
                    "its slices cannot be merged into those of one pass (more distinct ids or "
                    "referrals than the duplicate checks remember)"
                )
            assert self._fresh is not None
            self.validator = self._fresh()
            return None
        return self._spooled(spools, merged)

    def _spooled(
        self,
        spools: list[IO[bytes]],
        merged: list[tuple[int, dict[int, list[tuple[FindingCode, object]]], Firsts]],
    ) -> Iterator[Finding]:
        """The spooled findings of each slice in order, the repeats across slices put in.

        A slice's rows are numbered from its first: *shift* makes them the file's. The rows
        that repeat an id or referral of an earlier slice (*repeats*, in row order) get those
        findings here, among the row's own (held until the row is whole).
        """
        repeated = self.validator.repeated
        try:
            for spool, (shift, repeats, firsts) in zip(spools, merged, strict=True):
                spool.seek(0)
                names = list(firsts.cell_numbers)
                pending = sorted(repeats)
                at = 0
                due = pending[0] if pending else None  # the next row with repeats
                held: list[Finding] = []  # that row's own findings, while it is read
                for code, number, line, ident, unit, sv, en, key in _spooled_items(spool):
                    while due is not None and due < number:  # (_END: every row left)
                        yield from self._repeats(shift, due, held, repeats, firsts, names)
                        held = []
                        at += 1
                        due = pending[at] if at < len(pending) else None
                    if number == _END:
                        break
                    finding = (
                        Finding(code, number + shift, line, ident, unit, sv, en,
                                finding_source(code))
                        if key is None
                        # a repeat within the slice: of the first row of all
                        else repeated(code, key, number + shift, line, ident, unit)
                    )  # fmt: skip
                    if number == due:
                        held.append(finding)
                    else:
                        yield finding
        finally:
            for spool in spools:
                spool.close()

    def _repeats(
        self,
        shift: int,
        number: int,
        found: list[Finding],
        repeats: dict[int, list[tuple[FindingCode, object]]],
        firsts: Firsts,
        names: list[str],
    ) -> list[Finding]:
        """A later slice's row *number* that repeats an earlier slice's: all its findings."""
        at = bisect.bisect_left(firsts.rows, number)
        line, ident = firsts.lines[at], firsts.ids[at]
        unit = names[firsts.unit_cells[at]]
        for code, key in repeats[number]:
            found.append(self.validator.repeated(code, key, number + shift, line, ident, unit))
        found.sort(key=_CODE_OF)  # (stable: as check() sorts a row's findings)
        return found

    def close(self) -> None:
        """Close the file (and the temporary files of findings not read)."""
        close = getattr(self.findings, "close", None)
        if close is not None:
            close()
        self.file.close()

    def __enter__(self) -> Validation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def validate_file(
    source: str | Path | IO[str] | IO[bytes],
    *,
    as_of: date,
    rules: RuleSet = NATIONAL,
    policy: Policy = Policy(),  # noqa: B008 - frozen, safe as a default
    profile: str | Path | Profile = "auto",
    encoding: str = "auto",
    sheet: str | None = None,
    stale_days: int = DEFAULT_STALE_DAYS,
    max_ids: int = DEFAULT_MAX_IDS,
    workers: int = 1,
    notes: Callable[[str], None] | None = None,
) -> Validation:
    """Open a waiting list and validate it row by row (``vardgaranti validate``).

    Args:
        source: a path (CSV, national XML or Excel), ``"-"`` for standard input, or a stream.
        as_of: the day the list is judged on.
        rules: the rule set (the deadlines behind V005).
        policy: roll-forward and the at-risk window.
        profile: how to read the columns (``auto``, ``native``, ``skr``, a file, a Profile).
        encoding: for CSV: ``auto``, ``utf-8``, ``cp1252`` or ``utf-16``.
        sheet: for Excel: the sheet.
        stale_days: the threshold of V001.
        max_ids: the bound of the duplicate checks (see the module's notes on memory).
        workers: check a large CSV file given by its path in up to this many processes side
            by side (on Linux; see :class:`Validation`): the same findings and summary.
        notes: told when the file is read in one process after all (see :class:`Validation`).

    Returns:
        A :class:`Validation` (a context manager) whose ``findings`` stream.

    Raises:
        WaitingListError: the file cannot be used at all.

    >>> from vardgaranti import EXAMPLE_AS_OF, example_waiting_list
    >>> with validate_file(example_waiting_list(), as_of=EXAMPLE_AS_OF) as validation:
    ...     first = next(validation.findings)
    >>> first.code.value, first.row, first.name
    ('V017', 15, 'exclusion-after-completion')
    """
    callback(notes, "notes")
    file = assess_file(
        source,
        as_of=as_of,
        rules=rules,
        policy=policy,
        profile=profile,
        encoding=encoding,
        sheet=sheet,
    )
    try:
        check_workers(workers)

        def fresh() -> Validator:
            return Validator(file, as_of=as_of, stale_days=stale_days, max_ids=max_ids)

        validator = fresh()
    except BaseException:
        file.close()
        raise
    return Validation(file, validator, workers=workers, notes=notes, fresh=fresh)


def write_findings_csv(findings: Iterator[Finding], output: IO[str], lang: Lang = "en") -> None:
    """Write findings as ``;``-separated CSV (:data:`FINDING_COLUMNS`), cells escaped."""
    import csv

    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow(FINDING_COLUMNS)
    for finding in findings:
        writer.writerow(
            [
                finding.code.value,
                finding.name,
                str(finding.row),
                str(finding.line),
                escape_formula(finding.id),
                escape_formula(finding.unit),
                escape_formula(finding.text(lang)),
                finding_source(finding.code, lang),
            ]
        )


def write_findings_json(
    validation: Validation, output: IO[str], lang: Lang = "en", *, as_of: date | None = None
) -> None:
    """Write the findings and the summary as one JSON object, streaming the findings."""
    output.write("{")
    if as_of is not None:
        output.write(f'"as_of": "{as_of.isoformat()}", ')
    output.write('"findings": [')
    first = True
    for finding in validation.findings:
        output.write(
            ("\n  " if first else ",\n  ") + json.dumps(finding.as_dict(lang), ensure_ascii=False)
        )
        first = False
    output.write("\n],\n" if not first else "],\n")
    output.write(
        '"summary": ' + json.dumps(validation.summary.as_dict(), ensure_ascii=False, indent=2)
    )
    output.write("}\n")


def plain(text: str, limit: int = 60) -> str:
    """*text* for a text table: unsafe characters shown as ``?``, cut to *limit*.

    Unsafe: control characters, line separators and bidirectional controls (:func:`unsafe`).
    """
    cleaned = visible(text.strip())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"
