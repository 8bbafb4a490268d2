"""``vardgaranti report``: one self-contained HTML page, its structure and its numbers.

The numbers of the page are checked against the other commands' own APIs on the same file:
the counts per status and care elsewhere against ``check``'s summary, the waiting, the share
within the guarantee and the bands against the law's count of ``stats`` (census = as-of day),
the forecast against ``worklist``, the findings against ``validate``, the differences against
``stats`` by the official method and the law. The page is read with :mod:`html.parser` into a
small tree, which must close every element it opens.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import sys
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from fractions import Fraction
from html import unescape
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Final

import pytest

from tests.national_fixtures import contacts, national_csv, national_xml
from tests.pipes import NEEDS_DEV_FD, piped
from vardgaranti import _report as report_module
from vardgaranti import rule_set
from vardgaranti._cli import main
from vardgaranti._core import Policy, Status
from vardgaranti._messages import Lang, message
from vardgaranti._report import (
    FORECAST_WEEKS,
    MAX_CHARTED_GROUPS,
    MAX_PATIENTS_SHOWN,
    REPORT_EXTRA,
    Report,
    gather_report,
    render_report,
    write_report,
)
from vardgaranti._rows import BANDS, RowEvaluator
from vardgaranti._rules import load_rule_set
from vardgaranti._stats import compute_stats, percent_text
from vardgaranti._validate import validate_file
from vardgaranti._waiting_list import (
    EXAMPLE_AS_OF,
    check_waiting_list,
    example_waiting_list,
)
from vardgaranti._worklist import WEEKS, build_worklist
from vardgaranti.errors import InvalidTypeError, WaitingListError

EXAMPLE: Final = example_waiting_list()
VOID: Final = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
HOSTILE_UNIT: Final = "<script>alert('unit')</script>"
HOSTILE_ID: Final = '"><img src=x onerror=alert(1)>'
CLOSING_UNIT: Final = "</svg></figure><script>alert(2)</script>"
TEMPLATE_UNIT: Final = "{{ 7*7 }}{% raw %}"


# -- a small tree of the page ---------------------------------------------------------------------


class Element:
    """An element of the page: its tag, attributes, children and text."""

    def __init__(self, tag: str, attrs: dict[str, str], parent: Element | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Element] = []
        self.parts: list[str] = []

    @property
    def text(self) -> str:
        """The text of the element and its descendants, blanks collapsed."""
        return " ".join("".join(self._texts()).split())

    def _texts(self) -> Iterator[str]:
        yield from self.parts
        for child in self.children:
            yield " "
            yield from child._texts()

    def iter(self, tag: str | None = None) -> Iterator[Element]:
        """Every descendant (and the element itself) with *tag* (any when ``None``)."""
        if tag is None or self.tag == tag:
            yield self
        for child in self.children:
            yield from child.iter(tag)

    def find(self, element_id: str) -> Element:
        """The descendant with the id *element_id*."""
        for element in self.iter():
            if element.attrs.get("id") == element_id:
                return element
        raise AssertionError(f"no element with id {element_id!r}")

    def rows(self) -> list[list[str]]:
        """A table's body rows, as the text of their cells."""
        body = next(self.iter("tbody"))
        return [
            [cell.text for cell in row.children if cell.tag in ("td", "th")]
            for row in body.iter("tr")
        ]


class Page(HTMLParser):
    """The page as a tree; every element opened must be closed, in order."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.current = self.root
        self.doctype = ""
        self.feed(html)
        self.close()
        assert self.current is self.root, f"unclosed <{self.current.tag}>"

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Element(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag: str) -> None:
        assert tag not in VOID, f"</{tag}>"
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        assert self.current.parent is not None
        self.current = self.current.parent

    def handle_data(self, data: str) -> None:
        self.current.parts.append(data)


def number(text: str) -> int:
    """A whole number as the page writes it (grouped with a space or a comma)."""
    digits = re.sub(r"[\s,\u00a0\u202f]", "", text)
    assert digits.lstrip("-").isdigit(), text
    return int(digits)


def _page(report: Report, lang: str = "sv") -> Element:
    return Page(render_report(report, lang)).root  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def example() -> Report:
    return gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF)


@pytest.fixture(scope="module")
def example_page(example: Report) -> Element:
    return _page(example)


def _units(path: Path) -> set[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["unit"].strip() for row in csv.DictReader(handle, delimiter=";")}


def _level_name(level: str, lang: str = "sv") -> str:
    return message(f"report.level.{level}", lang)  # type: ignore[arg-type]


# -- structure -----------------------------------------------------------------------------------


def test_the_page_parses_with_every_element_closed_and_headings_in_order(
    example_page: Element,
) -> None:
    html = next(example_page.iter("html"))
    assert html.attrs["lang"] == "sv"
    levels = [int(e.tag[1]) for e in example_page.iter() if re.fullmatch(r"h[1-6]", e.tag)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels
    assert next(example_page.iter("title")).text.startswith("Vårdgarantirapport")


def test_the_page_loads_nothing_from_outside(example: Report) -> None:
    html = render_report(example)
    root = Page(html).root
    for element in root.iter():
        assert element.tag not in ("script", "link", "img", "iframe", "object", "embed", "image")
        for name, value in element.attrs.items():
            assert not name.startswith("on"), (element.tag, name)
            if name in ("src", "href", "xlink:href", "action", "data"):
                assert value.startswith("#"), (element.tag, name, value)
    styles = " ".join(style.text for style in root.iter("style"))
    assert "url(" not in styles
    assert "@import" not in styles
    assert "@font-face" not in styles
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", html)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", html)


def test_every_link_in_the_page_points_to_an_element_of_it(example_page: Element) -> None:
    ids = {e.attrs["id"] for e in example_page.iter() if "id" in e.attrs}
    for link in example_page.iter("a"):
        assert link.attrs["href"][1:] in ids, link.attrs["href"]
    for svg in example_page.iter("svg"):
        for target in svg.attrs["aria-labelledby"].split():
            assert target in ids


def test_every_unit_of_the_input_appears(example_page: Element) -> None:
    text = example_page.text
    units = _units(EXAMPLE)
    assert len(units) == 8
    for unit in units:
        assert unit in text
    table_units = {row[0] for row in example_page.find("units-table").rows()}
    assert units <= table_units


def test_every_unit_of_a_national_delivery_appears() -> None:
    report = gather_report(io.BytesIO(national_xml()), as_of=date(2025, 3, 31))
    page = _page(report)
    units = {row[0] for row in page.find("units-table").rows()}
    assert {group.unit for group in report.groups} <= units
    assert report.kind == "xml"
    assert report.profile == "skr"
    assert report.rows == 22


def test_each_chart_has_its_bars_a_text_alternative_and_its_numbers_in_a_table(
    example: Report, example_page: Element
) -> None:
    figures = [f for f in example_page.iter("figure") if "chart" in f.attrs.get("class", "")]
    assert len(figures) == 2 * (1 + len(example.charted))
    for figure in figures:
        svg = next(figure.iter("svg"))
        assert svg.attrs["role"] == "img"
        title = next(svg.iter("title"))
        desc = next(svg.iter("desc"))
        assert svg.children[0] is title
        assert svg.children[1] is desc
        expected = len(BANDS) if figure.attrs["data-kind"] == "bands" else FORECAST_WEEKS
        bars = [g for g in svg.iter("g") if g.attrs.get("class") == "bar"]
        assert len(bars) == expected == int(figure.attrs["data-bars"])
        table = next(figure.iter("table"))
        cells = [th for th in table.iter("th") if th.attrs.get("class") == "n"]
        header = [" ".join("".join(th.parts).split()) for th in cells]
        values = [number(td.text) for td in table.iter("td")]
        assert len(header) == len(values) == expected
        red = _red_bars(figure, figure.attrs["id"].removesuffix("-figure"))
        # the bars past the limit are named so in the text and marked in the table's heading
        assert desc.text == "; ".join(
            f"{label}: {value}" + (" (efter gränsen)" if late else "")
            for label, value, late in zip(header, values, red, strict=True)
        )
        marked = [[s.text for s in th.iter("span")] == ["*"] for th in cells]
        assert marked == red


def test_the_charts_numbers_are_the_reports(example: Report, example_page: Element) -> None:
    whole = example_page.find("chart-bands-all-table")
    assert [number(td.text) for td in whole.iter("td")] == list(example.total.bands)
    weeks = example_page.find("chart-forecast-all-table")
    assert [number(td.text) for td in weeks.iter("td")] == list(example.total.forecast)
    for index, group in enumerate(example.charted, 1):
        table = example_page.find(f"chart-bands-g{index}-table")
        assert [number(td.text) for td in table.iter("td")] == list(group.bands)
        table = example_page.find(f"chart-forecast-g{index}-table")
        assert [number(td.text) for td in table.iter("td")] == list(group.forecast)


@pytest.mark.parametrize(
    ("as_of", "lang", "expected"),
    [
        (
            date(2025, 6, 25),
            "sv",
            ["25 juni", "2 juli", "9 juli", "16 juli", "23 juli", "30 juli", "6 aug", "13 aug"],
        ),
        (
            date(2025, 12, 29),
            "en",
            ["29 Dec", "5 Jan", "12 Jan", "19 Jan", "26 Jan", "2 Feb", "9 Feb", "16 Feb"],
        ),
    ],
)
def test_the_forecast_names_each_week_by_its_first_deadline(
    as_of: date, lang: str, expected: list[str]
) -> None:
    # Week n holds the deadlines as_of + 7(n - 1) to as_of + 7n - 1; "v. 1" read as the
    # calendar's week 1.
    report = gather_report(EXAMPLE, as_of=as_of)
    page = _page(report, lang)
    table = page.find("chart-forecast-all-table")
    header = [th.text for th in table.iter("th") if th.attrs.get("class") == "n"]
    assert [text.replace("\u00a0", " ") for text in header] == expected


# -- the numbers equal the other commands' --------------------------------------------------------


def test_status_counts_and_care_elsewhere_equal_check_summary(
    example: Report, example_page: Element
) -> None:
    summary = check_waiting_list(EXAMPLE, io.StringIO(), as_of=EXAMPLE_AS_OF, summarize=True)
    expected = {(g["unit"], g["level"] or ""): g for g in summary.groups()}
    ours = {(g.unit, g.level.value if g.level else ""): g for g in example.groups}
    assert set(ours) == set(expected)
    for key, group in ours.items():
        statuses = expected[key]["statuses"]
        assert isinstance(statuses, dict)
        for status in Status:
            assert group.count(status) == statuses.get(status.value, 0), (key, status)
        assert group.care_elsewhere == expected[key]["care_elsewhere"]
        assert group.total == expected[key]["total"]
    assert example.rows == summary.rows
    assert example.errors == summary.errors
    # the page's table says the same
    statuses = [s for s in Status if example.total.count(s) or s.value in _ALWAYS]
    rows = example_page.find("units-table").rows()
    assert len(rows) == len(example.groups) + 1
    for row, group in zip(rows, (*example.groups, example.total), strict=True):
        counts = [number(cell) for cell in row[2 : 3 + len(statuses)]]
        assert counts == [group.total, *(group.count(s) for s in statuses)]
        assert number(row[-1]) == group.care_elsewhere_now


def test_care_elsewhere_now_counts_those_whose_law_limit_has_passed_not_the_booked_late(
    example: Report, example_page: Element
) -> None:
    # Issue 13: "care elsewhere due now". A patient booked after the deadline gets
    # care_elsewhere "yes" from check, but the duty arises only the day after the deadline
    # (counting.md); the page counted them as due now. Under the national rules the duty has
    # arisen exactly for the overdue rows check marks "yes".
    out = io.StringIO()
    check_waiting_list(EXAMPLE, out, as_of=EXAMPLE_AS_OF)
    now: dict[tuple[str, str], int] = {}
    late: dict[tuple[str, str], int] = {}
    for row in csv.DictReader(io.StringIO(out.getvalue().lstrip("\ufeff")), delimiter=";"):
        if row["care_elsewhere"] == "yes":
            key = (row["unit"].strip(), row["level"])
            into = now if row["status"] == "overdue" else late
            into[key] = into.get(key, 0) + 1
    assert sum(late.values()) > 0  # the example has patients booked too late
    for group in example.groups:
        assert group.level is not None or group.care_elsewhere == 0
        names = {group.level.value, _level_name(group.level.value)} if group.level else set()
        found_now = sum(n for (unit, level), n in now.items() if unit == group.unit
                        and level in names)  # fmt: skip
        found_late = sum(n for (unit, level), n in late.items() if unit == group.unit
                         and level in names)  # fmt: skip
        assert group.care_elsewhere_now == found_now, group
        assert group.care_elsewhere_booked_late == found_late, group
    assert example.total.care_elsewhere_now == sum(now.values())
    overview = " ".join(example_page.find("overview").text.split())
    assert (
        f"{sum(now.values())} ska få vård hos en annan vårdgivare nu: lagens tidsgräns har "
        "passerat (HSL 9 kap. 2 §)." in overview
    )
    assert f"{sum(late.values())} till är bokade efter lagens sista dag" in overview
    assert "(de försenade" not in overview


_ALWAYS: Final = ("within", "at_risk", "overdue", "met", "missed")


def test_waiting_share_and_bands_equal_the_laws_count_of_stats(
    example: Report, example_page: Element
) -> None:
    stats = compute_stats(EXAMPLE, census=EXAMPLE_AS_OF, methods=("legal",), min_group=0)
    expected = {group.key: group.figures(0, "waiting") for group in stats.groups}
    ours = {(g.unit, g.level.value): g for g in example.groups if g.level is not None}
    assert {key for key, figures in expected.items() if figures.count} == {
        key for key, group in ours.items() if group.waiting
    }
    for key, figures in expected.items():
        group = ours[key]  # type: ignore[index]
        assert group.waiting == figures.count
        assert group.within == figures.within
        assert group.share == figures.share
        assert group.bands == figures.bands
    total = stats.total.figures(0, "waiting")
    assert (example.total.waiting, example.total.share) == (total.count, total.share)
    rows = example_page.find("units-table").rows()
    for row, group in zip(rows, (*example.groups, example.total), strict=True):
        assert number(row[-4]) == group.waiting
        share = group.share
        assert row[-3] == ("–" if share is None else percent_text(share, ",") + " %")
        met = group.share_met
        assert row[-2] == ("–" if met is None else percent_text(met, ",") + " %")


def test_the_forecast_adds_up_to_the_worklists(example: Report) -> None:
    def cumulative(weekly: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(sum(weekly[: 7 * weeks // 7]) for weeks in WEEKS)

    assert cumulative(example.total.forecast) == example.worklist.forecast
    by_unit = build_worklist(EXAMPLE, as_of=EXAMPLE_AS_OF, group_by=("unit", "level"))
    ours = {(g.unit, g.level.value): g for g in example.groups if g.level is not None}
    for group in by_unit.groups:
        assert cumulative(ours[group.keys].forecast) == group.forecast  # type: ignore[index]
    assert by_unit.forecast == example.worklist.forecast
    assert example.worklist.overdue == example.total.count(Status.OVERDUE)


def test_the_worklist_tables_are_the_first_groups_of_worklist(
    example: Report, example_page: Element
) -> None:
    worklist = build_worklist(EXAMPLE, as_of=EXAMPLE_AS_OF)
    assert worklist.as_dict() == example.worklist.as_dict()
    assert len(worklist.groups) > example.top == 10
    for group in worklist.groups[: example.top]:
        rows = example_page.find(f"w{group.number}-table").rows()
        assert [row[0] for row in rows] == [p.id for p in group.patients[:MAX_PATIENTS_SHOWN]]
        assert [row[3] for row in rows] == [
            p.deadline.isoformat() for p in group.patients[:MAX_PATIENTS_SHOWN]
        ]
    with pytest.raises(AssertionError, match="no element"):
        example_page.find(f"w{example.top + 1}-table")
    note = message("report.groups-capped", "sv", shown=10, groups=len(worklist.groups))
    assert note in example_page.text


def test_the_findings_per_code_equal_validate(example: Report, example_page: Element) -> None:
    with validate_file(EXAMPLE, as_of=EXAMPLE_AS_OF) as validation:
        for _finding in validation.findings:
            pass
        summary = validation.summary
    assert summary.by_code == example.validation.by_code
    rows = example_page.find("findings-table").rows()
    assert [(row[0], number(row[2])) for row in rows] == [
        (code.value, count) for code, count in sorted(summary.by_code.items())
    ]


def test_the_differences_equal_stats_by_both_methods(
    example: Report, example_page: Element
) -> None:
    stats = compute_stats(EXAMPLE, census=EXAMPLE_AS_OF, methods=("skr", "legal"), min_group=0)
    expected = []
    for group in (*stats.groups, stats.total):
        official, legal = group.figures(0, "waiting"), group.figures(1, "waiting")
        if (official.count, official.within) != (legal.count, legal.within):
            expected.append((group.key, official.count, official.share, legal.count, legal.share))
    ours = [
        (
            (d.unit, d.level) if not d.total else (),
            d.official.count,
            d.official.share,
            d.legal.count,
            d.legal.share,
        )
        for d in example.differences
    ]
    assert sorted(ours, key=repr) == sorted(expected, key=repr)
    rows = example_page.find("official-table").rows()
    assert len(rows) == len(example.differences)
    for row, difference in zip(rows, example.differences, strict=True):
        assert number(row[2]) == difference.official.count
        assert number(row[4]) == difference.legal.count
        assert row[-1].endswith(".")
    total = rows[-1]
    assert total[0] == "Hela listan"
    assert "PvV" in total[-1]
    assert "kontakt" in total[-1]


_LATER: Final = """id;unit;level;start;completed;booked;exclusions;restart
A1;Ögon;visit;2025-05-01;;;;
A2;Ögon;visit;2025-06-05;2025-06-20;;;
A3;Ögon;visit;2025-06-10;;;;
A4;Ögon;visit;2025-03-01;2025-06-15;;;
A5;Ögon;visit;2025-02-01;;;;2025-06-10
A6;Ögon;treatment;2025-01-10;2025-06-03;;pvv:2025-02-01..2025-02-20;
"""


def test_the_official_figures_are_stats_when_rows_start_or_end_after_the_day(
    tmp_path: Path,
) -> None:
    # One pass, as of the day: A2 and A3 start after it, an error that day (as check says);
    # stats counts A3 outside and A2 completed in the period. A4 and A6 complete after the
    # day (in its month), A5 restarts after it.
    path = tmp_path / "later.csv"
    path.write_text(_LATER, encoding="utf-8")
    day = date(2025, 6, 2)
    report = gather_report(path, as_of=day)
    stats = compute_stats(path, census=day, methods=("skr", "legal"), min_group=0)
    assert report.official == stats
    assert stats.rows == {"read": 6, "empty": 0, "errors": 0, "outside": 1, "counted": 5}
    assert (
        stats.total.figures(0, "completed").count,
        stats.total.figures(1, "completed").count,
    ) == (
        2,
        3,
    )
    assert report.errors == 2
    assert [(r.reason, r.rows, r.first_line) for r in report.error_reasons] == [("start", 2, 3)]


def test_each_row_is_evaluated_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    make = RowEvaluator._make_assess

    def counted(self: RowEvaluator) -> Callable[[list[str]], object]:
        assess = make(self)

        def once(cells: list[str]) -> object:
            calls.append(1)
            return assess(cells)

        return once

    monkeypatch.setattr(RowEvaluator, "_make_assess", counted)
    lines = ["id;unit;level;start;completed;booked;exclusions"]
    for n in range(60):
        start = date(2025, 1, 1) + timedelta(days=2 * n)
        done = (start + timedelta(days=20)).isoformat() if n % 3 == 0 else ""
        first, last = start + timedelta(days=5), start + timedelta(days=9)
        pause = f"pvv:{first.isoformat()}..{last.isoformat()}"
        lines.append(
            f"P{n};U{n % 4};visit;{start.isoformat()};{done};;{pause if n % 5 == 0 else ''}"
        )
    path = tmp_path / "clean.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = gather_report(path, as_of=date(2025, 5, 20))
    assert report.rows == 60
    assert report.errors == 0
    assert len(calls) == 60  # the statistics' law's count is the pass's evaluation
    assert report.official == compute_stats(
        path, census=date(2025, 5, 20), methods=("skr", "legal"), min_group=0
    )


def test_the_worklist_keeps_the_patients_shown_and_counts_them_all(tmp_path: Path) -> None:
    report = gather_report(_repeated(tmp_path, 20), as_of=EXAMPLE_AS_OF)
    full = build_worklist(_repeated(tmp_path, 20), as_of=EXAMPLE_AS_OF)
    assert report.worklist.limit == MAX_PATIENTS_SHOWN
    assert report.worklist.patients == full.patients
    assert [g.keys for g in report.worklist.groups] == [g.keys for g in full.groups]
    for kept, whole in zip(report.worklist.groups, full.groups, strict=True):
        assert kept.count == len(whole.patients)
        assert kept.patients == whole.patients[:MAX_PATIENTS_SHOWN]
        assert (kept.overdue, kept.forecast, kept.next_breach) == (
            whole.overdue,
            whole.forecast,
            whole.next_breach,
        )
    assert max(g.count for g in full.groups) > MAX_PATIENTS_SHOWN


def test_why_names_the_levels_the_statistics_do_not_count(example: Report) -> None:
    contact = [d for d in example.differences if d.level == "contact"]
    assert contact
    assert all(d.official.count == 0 for d in contact)
    for difference in contact:
        assert difference.uncounted == difference.legal.count
    whole = example.differences[-1]
    assert whole.total
    assert whole.uncounted == sum(
        g.waiting for g in example.groups if g.level is not None and g.level.value in _PRIMARY
    )


_PRIMARY: Final = ("contact", "assessment")


def test_rows_with_errors_are_counted_by_reason_with_a_link(
    example: Report, example_page: Element
) -> None:
    rows = example_page.find("errors-table").rows()
    assert sum(number(row[1]) for row in rows) == example.errors == 13
    assert {row[0] for row in rows} == {"start", "exclusions", "booked", "level"}
    link = next(a for a in example_page.iter("a") if a.text == "13")
    assert link.attrs["href"] == "#errors"


# -- hostile input --------------------------------------------------------------------------------


def _hostile_file(tmp_path: Path) -> Path:
    lines = EXAMPLE.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(";")
    rows = [line.split(";") for line in lines[1:]]
    unit, ident = header.index("unit"), header.index("id")
    for row in rows[:40]:
        row[unit] = HOSTILE_UNIT
    for row in rows[40:60]:
        row[unit] = CLOSING_UNIT
    for row in rows[60:70]:
        row[unit] = TEMPLATE_UNIT
    for row in rows:
        row[ident] = HOSTILE_ID + row[ident]
    path = tmp_path / "hostile.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([header, *rows])
    return path


def test_hostile_values_are_text_never_markup(tmp_path: Path) -> None:
    report = gather_report(_hostile_file(tmp_path), as_of=EXAMPLE_AS_OF)
    html = render_report(report)
    root = Page(html).root
    assert not list(root.iter("script"))
    assert not list(root.iter("img"))
    for element in root.iter():
        assert not any(name.startswith("on") for name in element.attrs), element.tag
    text = root.text
    for value in (HOSTILE_UNIT, CLOSING_UNIT, TEMPLATE_UNIT, HOSTILE_ID):
        assert value in text
    # in the charts' text alternatives too
    titles = " ".join(t.text for svg in root.iter("svg") for t in svg.iter("title"))
    assert HOSTILE_UNIT in titles
    assert CLOSING_UNIT in titles
    assert "<script>" not in html.replace("&lt;script&gt;", "")


def test_a_hostile_file_name_is_text(tmp_path: Path) -> None:
    path = tmp_path / "<b>list<i>.csv"
    path.write_bytes(EXAMPLE.read_bytes())
    html = render_report(gather_report(path, as_of=EXAMPLE_AS_OF))
    root = Page(html).root
    assert not list(root.iter("b"))
    assert not list(root.iter("i"))
    assert "<b>list<i>.csv" in root.text


# -- size, languages, the command -----------------------------------------------------------------


def _repeated(tmp_path: Path, times: int) -> Path:
    lines = EXAMPLE.read_text(encoding="utf-8-sig").splitlines()
    out = [lines[0]]
    for copy in range(times):
        out += [f"C{copy}-{line}" for line in lines[1:]]
    path = tmp_path / f"x{times}.csv"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def test_the_page_grows_with_the_groups_not_with_the_rows(tmp_path: Path) -> None:
    one = render_report(gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF))
    many = render_report(gather_report(_repeated(tmp_path, 20), as_of=EXAMPLE_AS_OF))
    assert len(one.encode()) < 400_000
    # 20 times the rows, the same groups: only the numbers get longer, the tables are capped
    assert len(many.encode()) < len(one.encode()) * 1.25
    assert message("report.patients-capped", "sv", shown=25, patients="140") in Page(many).root.text


def test_the_english_page_has_no_swedish_headings(example: Report) -> None:
    root = _page(example, "en")
    assert next(root.iter("html")).attrs["lang"] == "en"
    headings = " ".join(e.text for e in root.iter() if re.fullmatch(r"h[1-6]", e.tag))
    assert "Overview" in headings
    assert "Worklist" in headings
    for word in ("Översikt", "Arbetslista", "Rader med fel", "Innehåll"):
        assert word not in headings
    rows = root.find("units-table").rows()
    assert _level_name("visit", "en") in {row[1] for row in rows}


def test_the_page_is_the_same_for_the_same_list(example: Report) -> None:
    again = gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF)
    assert render_report(example) == render_report(again)


def test_the_command_writes_the_page(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code = main(["report", "--example", "--output", str(out), "--lang", "en", "--top", "3"])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.out == ""
    assert "13 of 300 rows have errors" in captured.err
    root = Page(out.read_text(encoding="utf-8")).root
    assert sum(1 for e in root.iter("h3") if re.match(r"\d+\. ", e.text)) == 3


@pytest.mark.parametrize(("as_of", "weeks"), [("9999-12-31", 1), ("9999-12-20", 2)])
def test_a_forecast_reaching_past_the_last_day_labels_those_weeks_with_a_dash(
    tmp_path: Path, as_of: str, weeks: int
) -> None:
    # The forecast's weeks are labelled by their first day: as of the last weeks of 9999 the
    # eighth week's began after 9999-12-31, "internal error: OverflowError", exit 70.
    listed = tmp_path / "one.csv"
    listed.write_text("id;level;start\nA;besök;2025-01-01\n", encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", str(listed), "--as-of", as_of, "--output", str(out)]) == 0
    labels = report_module._Words("sv").week_labels(date.fromisoformat(as_of))
    assert len(labels) == FORECAST_WEEKS
    assert labels[weeks:] == ("–",) * (FORECAST_WEEKS - weeks)
    assert "–" not in labels[:weeks]


def test_the_command_writes_report_html_by_default(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--example"]) == 0
    assert (tmp_path / "report.html").stat().st_size > 10_000
    # A review: a script's `report FILE > page.html` got an empty file and exit 0, the page in
    # report.html without a word (every other command writes to standard output by default).
    out, err = capsys.readouterr()
    assert out == ""
    assert "vardgaranti: sidan skrivs till report.html (ge -o - för standard ut" in err
    assert main(["report", "--example", "--lang", "en", "--output", "report.html"]) == 0
    assert "the page is written to" not in capsys.readouterr().err  # (a name given: no note)


def test_a_replaced_page_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    out.write_text("old", encoding="utf-8")
    os.chmod(out, 0o600)
    write_report(EXAMPLE, str(out), as_of=EXAMPLE_AS_OF)
    assert out.stat().st_mode & 0o777 == 0o600
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_write_report_takes_a_path_object_and_refuses_what_is_no_path_before_reading(
    tmp_path: Path,
) -> None:
    # A pathlib.Path was an AttributeError ('endswith'), after the whole list was read.
    out = tmp_path / "r.html"
    report = write_report(EXAMPLE, out, as_of=EXAMPLE_AS_OF)
    assert report.rows == 300
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    for wrong in (None, b"r.html", 5):
        with pytest.raises(InvalidTypeError) as raised:
            # (a list that cannot be read: the output is checked first)
            write_report(tmp_path / "missing.csv", wrong, as_of=EXAMPLE_AS_OF)  # type: ignore[arg-type]
        assert raised.value.field == "output"


def test_standard_input_gives_the_page_of_the_same_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = national_csv().encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    out = tmp_path / "r.html"
    assert main(["report", "-", "--as-of", "2025-03-31", "--output", str(out)]) == 0
    from_stdin = out.read_text(encoding="utf-8")
    path = tmp_path / "same.csv"
    path.write_bytes(data)
    from_path = render_report(gather_report(path, as_of=date(2025, 3, 31)))
    assert from_stdin.replace("&lt;stdin&gt;", path.name) == from_path


@pytest.mark.parametrize("shape", ["csv", "xml"])
def test_a_delivery_on_standard_input_is_judged_on_its_census_day_as_from_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    # A review: `cat leverans.xml | vardgaranti report -` was judged as of today (every
    # contact overdue, 0 % within), while `report leverans.xml` and `stats -` took the last
    # day of its DatatGallerFor month.
    records = contacts()
    data = national_csv(records).encode("utf-8") if shape == "csv" else national_xml(records)
    path = tmp_path / f"leverans.{shape}"
    path.write_bytes(data)
    from_path = tmp_path / "path.html"
    assert main(["report", str(path), "--output", str(from_path), "--lang", "en"]) == 0
    said = capsys.readouterr().err
    assert "the last day of the file's DatatGallerFor month" in said
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    from_stdin = tmp_path / "stdin.html"
    assert main(["report", "-", "--output", str(from_stdin), "--lang", "en"]) == 0
    assert capsys.readouterr().err == said
    page = from_stdin.read_text(encoding="utf-8")
    assert page.replace("&lt;stdin&gt;", path.name) == from_path.read_text(encoding="utf-8")


@NEEDS_DEV_FD
def test_a_delivery_through_a_pipe_is_kept_to_be_read_for_its_month_and_then_whole(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # `report <(cat leverans.csv)` said "empty file": the month was read ahead from the pipe,
    # which then held nothing for the page; it is kept as standard input is
    data = national_csv(contacts()).encode("utf-8")
    path = tmp_path / "leverans.csv"
    path.write_bytes(data)
    assert main(["report", str(path), "--output", str(tmp_path / "file.html")]) == 0
    said = capsys.readouterr().err
    with piped(data) as pipe:
        code = main(["report", pipe, "--output", str(tmp_path / "pipe.html")])
        read = pipe.rsplit("/", 1)[1]
    assert (code, capsys.readouterr().err) == (0, said)  # the same day, and nothing else said
    page = (tmp_path / "pipe.html").read_text(encoding="utf-8")
    named = page.replace(f"<dd>{read} (", "<dd>leverans.csv (").replace(
        f": {read} (", ": leverans.csv ("
    )  # (the page names the file by its name: the pipe's is its descriptor's number)
    assert named == (tmp_path / "file.html").read_text(encoding="utf-8")


def test_without_the_extra_the_command_says_which_to_install_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pygal", None)
    out = tmp_path / "r.html"
    assert main(["report", "--example", "--output", str(out), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "pip install 'vardgaranti[report]'" in err
    assert REPORT_EXTRA in err
    assert not out.exists()
    # (Swedish by default: the same one line in Swedish, see test_messages)
    assert main(["report", "--example", "--output", str(out)]) == 2
    assert "pip install 'vardgaranti[report]'" in capsys.readouterr().err


def test_the_official_method_must_be_an_official_one(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(WaitingListError, match="give skr, socialstyrelsen"):
        gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF, method="legal")
    assert main(["report", "--example", "--method", "nonesuch", "-o", os.devnull]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    # (it offered legal, which the report then refused)
    assert "ange skr, socialstyrelsen eller en metodfil (.toml) (rapporten visar" in err
    assert "legal" not in err


def test_socialstyrelsen_leaves_out_mov_of_both(example: Report) -> None:
    other = gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF, method="socialstyrelsen")
    assert other.method == "socialstyrelsen"
    assert other.groups == example.groups  # the law's count does not depend on the method
    stats = compute_stats(
        EXAMPLE, census=EXAMPLE_AS_OF, methods=("socialstyrelsen", "legal"), min_group=0
    )
    assert other.official.total == stats.total


def test_a_file_that_cannot_be_read_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nothing.csv"
    assert main(["report", str(missing), "--as-of", "2025-06-02", "-o", os.devnull]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_top_zero_shows_no_worklist_group(example: Report) -> None:
    report = gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF, top=0)
    root = _page(report)
    assert not [e for e in root.iter("table") if re.fullmatch(r"w\d+-table", e.attrs.get("id", ""))]
    with pytest.raises(ValueError, match="top: must be"):
        gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF, top=-1)


def test_an_empty_list_gives_a_page_with_empty_charts(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("id;unit;level;start\n", encoding="utf-8")
    report = gather_report(path, as_of=EXAMPLE_AS_OF)
    assert report.rows == 0
    assert report.groups == ()
    assert report.charted == ()
    root = _page(report)
    assert [number(td.text) for td in root.find("chart-bands-all-table").iter("td")] == [0] * 6
    assert message("report.worklist-none", "sv") in root.text
    # (it said the two counts agree "for every group", of no group at all)
    assert message("report.official-none", "sv") in root.text
    assert message("report.official-same", "sv", count="Lagens räkning") not in root.text
    assert message("report.overview-none", "sv", as_of="2025-06-02") in root.text


def test_shares_are_exact_fractions(example: Report) -> None:
    for group in (*example.groups, example.total):
        if group.waiting:
            assert group.share == Fraction(group.within, group.waiting)
            assert 0 <= group.share <= 1


def test_charts_are_capped_at_the_groups_with_the_most_waiting(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    lines = ["id;unit;level;start"]
    for unit in range(MAX_CHARTED_GROUPS + 5):
        lines += [f"U{unit}-{n};Enhet {unit:02d};visit;2025-05-01" for n in range(1 + unit % 3)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = gather_report(path, as_of=EXAMPLE_AS_OF)
    assert len(report.groups) == MAX_CHARTED_GROUPS + 5
    assert len(report.charted) == MAX_CHARTED_GROUPS
    assert min(g.waiting for g in report.charted) >= max(
        g.waiting for g in report.groups if g not in report.charted
    )
    root = _page(report)
    figures = [f for f in root.iter("figure") if "chart" in f.attrs.get("class", "")]
    assert len(figures) == 2 * (1 + MAX_CHARTED_GROUPS)
    shown = message(
        "report.charts-capped", "sv", shown=MAX_CHARTED_GROUPS, groups=MAX_CHARTED_GROUPS + 5
    )
    assert shown in root.text
    assert len(root.find("units-table").rows()) == MAX_CHARTED_GROUPS + 5 + 1


def test_a_list_without_units_is_grouped_by_level(tmp_path: Path) -> None:
    lines = EXAMPLE.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(";")
    unit = header.index("unit")
    rows = [";".join(c for i, c in enumerate(line.split(";")) if i != unit) for line in lines]
    path = tmp_path / "no-unit.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = gather_report(path, as_of=EXAMPLE_AS_OF)
    assert {group.unit for group in report.groups} == {""}
    example = gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF)
    assert report.total == example.total
    assert [d.level for d in report.differences if not d.total] == [
        "contact",
        "assessment",
        "visit",
        "treatment",
    ]
    root = _page(report)
    assert message("report.unit.none", "sv") in {row[0] for row in root.find("units-table").rows()}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_count_of_one_takes_the_singular(tmp_path: Path, lang: str) -> None:
    # "1 patients", "1 patienter", "varav 1 tomma"
    path = tmp_path / "one.csv"
    path.write_text(
        "id;unit;level;start\nA;Hud;besök;2025-05-01\n;;;\nB;Hud;kontakt;2025-05-30\n", "utf-8"
    )
    page = render_report(gather_report(path, as_of=date(2025, 6, 2)), lang)  # type: ignore[arg-type]
    text = re.sub(r"<[^>]+>", " ", page)
    text = re.sub(r"\s+", " ", text)
    for wrong in ("1 patients", "1 patienter", "1 tomma", "1 rader", "1 rows", "1 grupper"):
        assert wrong not in text, wrong
    assert "1 patient" in text
    assert "1 are " not in text


@pytest.mark.parametrize(
    ("rows", "sv", "en"),
    [
        (1, "varav 1 tom", "1 of them empty"),
        ("1", "varav 1 tom", "1 of them empty"),
        (2, "varav 2 tomma", "2 of them empty"),
        ("1\u00a0001", "varav 1\u00a0001 tomma", "1\u00a0001 of them empty"),
        (0, "varav 0 tomma", "0 of them empty"),
    ],
)
def test_a_message_gives_its_noun_in_the_number_its_count_needs(
    rows: object, sv: str, en: str
) -> None:
    assert message("report.rows-empty", "sv", rows=rows) == sv
    assert message("report.rows-empty", "en", rows=rows) == en


def test_rows_without_a_coverage_value_are_a_reason_the_counts_differ(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_text(
        "DatatGallerFor;VardkontaktId;Vardgaranti;Fas;BeslutAktivitet;StartAktivitet\n"
        "2025-03-01;E1;;1;2025-01-02;\n"
        "2025-03-01;E2;;1;2025-02-02;\n"
        "2025-03-01;E3;JA;1;2025-01-02;\n",
        encoding="utf-8",
    )
    report = gather_report(path, as_of=date(2025, 3, 31))
    total = next(d for d in report.differences if d.total)
    assert (total.official.count, total.legal.count, total.no_coverage) == (1, 3, 2)
    page = render_report(report, "en")
    assert "The statistics do not count rows without a Vardgaranti value (2 rows in the list)" in (
        re.sub(r"\s+", " ", page)
    )


def _why(report: Report, unit: str, lang: Lang = "sv") -> str:
    """The page's sentence on why *unit*'s row of the law's count and the statistics differ."""
    page = Page(render_report(report, lang)).root
    assert isinstance(page, Element)
    for row in page.find("official-table").rows():
        if row[0] == unit:
            return row[-1]
    raise AssertionError(f"no row of {unit!r}")


_NATIONAL_HEAD: Final = (
    "DatatGallerFor;VardkontaktId;HSAIdVardenhet;Vardgaranti;Fas;BeslutAktivitet;StartAktivitet\n"
)


def test_a_groups_rows_without_a_coverage_value_are_its_own_not_the_lists(
    tmp_path: Path,
) -> None:
    # A group was given the whole list's rows without a Vardgaranti value as its reason ("1
    # rad i listan" for a unit that has none); a group's are counted from its own figures.
    path = tmp_path / "blank.csv"
    path.write_text(
        _NATIONAL_HEAD + "2025-03-01;E1;UNIT-A;JA;1;2025-03-01;\n"  # 30 days: within 90
        "2025-03-01;E2;UNIT-A;JA;1;2025-01-15;\n"  # 75 days: over 60, within 90
        "2025-03-01;E3;UNIT-A;JA;1;2024-11-01;\n"  # 150 days: over 60 and 90
        "2025-03-01;E4;UNIT-B;;1;2025-02-01;\n"  # blank: the law counts it, the statistics not
        "2025-03-01;E5;UNIT-B;;1;2025-03-01;\n"
        "2025-03-01;E6;UNIT-B;JA;1;2024-11-01;\n",
        encoding="utf-8",
    )
    report = gather_report(path, as_of=date(2025, 3, 31))
    by_unit = {d.unit: d for d in report.differences if not d.total}
    assert by_unit["UNIT-B"].no_coverage == 2
    assert "utan värde i Vardgaranti (2 rader här)" in _why(report, "UNIT-B")
    total = next(d for d in report.differences if d.total)
    assert total.no_coverage == 2
    # UNIT-A's counts agree, and its share too under the same limit: no row at all
    assert "UNIT-A" not in by_unit
    # ... and with a 60-day statistic its only reason is the limit, said with the days
    skr = resources.files("vardgaranti").joinpath("data/methods/skr.toml").read_text("utf-8")
    method = tmp_path / "strikt60.toml"
    method.write_text(
        skr.replace('name = "skr"', 'name = "strikt60"').replace("days = 90", "days = 60", 1),
        encoding="utf-8",
    )
    report = gather_report(path, as_of=date(2025, 3, 31), method=str(method))
    why = _why(report, "UNIT-A")
    assert why == "Lagen mäter mot 90 dagar, statistiken mot 60.", why
    assert "UNIT-A" not in {d.unit for d in report.differences if d.no_coverage}
    both = _why(report, "UNIT-B")  # two reasons, both said
    assert "utan värde i Vardgaranti (2 rader här)" in both
    assert "lagen mäter mot 90 dagar, statistiken mot 60" in both


def _regional_report(tmp_path: Path) -> Report:
    """The example's report under a region's 30-day visit (Region Exempel)."""
    region = tmp_path / "region.toml"
    region.write_text(
        'name = "Region Exempel"\nextends = "national"\n[levels.visit]\ndays = 30\n'
        'source = "Regionfullmäktige 2024-05-01 § 12"\n',
        encoding="utf-8",
    )
    return gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF, rules=load_rule_set(region))


def test_under_a_regional_limit_the_count_is_the_rule_sets_and_its_limit_a_reason(
    tmp_path: Path,
) -> None:
    # A region's 30 days is not the law: the columns and sentences name the rule set, and its
    # shorter limit is a reason of its own beside the left-out and paused rows.
    report = _regional_report(tmp_path)
    visits = [d for d in report.differences if d.level == "visit" and not d.total]
    assert visits
    assert all(d.limit_differs and d.law_days == 30 for d in visits)
    page = render_report(report, "sv")
    assert "Antal (Region Exempel)" in page
    assert "Antal (lagen)" not in page
    assert "Räkningen enligt Region Exempel och den officiella statistiken" in page
    why = _why(report, visits[0].unit)
    assert why.endswith("regelverket Region Exempel mäter mot 30 dagar, statistiken mot 90."), why


def test_the_official_text_names_what_the_method_leaves_out(tmp_path: Path) -> None:
    # It always said "PvV or MoV", whatever the method left out.
    skr = resources.files("vardgaranti").joinpath("data/methods/skr.toml").read_text("utf-8")
    assert 'leave_out = ["pvv", "mov", "sov"]' in skr
    method = tmp_path / "onlypvv.toml"
    method.write_text(
        skr.replace('name = "skr"', 'name = "onlypvv"').replace(
            'leave_out = ["pvv", "mov", "sov"]', 'leave_out = ["pvv"]'
        ),
        encoding="utf-8",
    )
    report = gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF, method=str(method))
    text = " ".join(re.sub(r"<[^>]+>", " ", render_report(report, "sv")).split())
    assert "från beslutet och räknar inte patienter med patientvald väntan (PvV); lagen" in text
    assert "medicinskt orsakad väntan (MoV)" not in text
    default = " ".join(re.sub(r"<[^>]+>", " ", render_report(gather_report(
        EXAMPLE, as_of=EXAMPLE_AS_OF), "en")).split())  # fmt: skip
    assert (
        "leave out patients with patient-chosen waiting (PvV), medically caused waiting (MoV) "
        "or special reasons (SoV); the law instead pauses" in default
    )


@pytest.mark.parametrize(
    ("errors", "en"),
    [
        (1, "1 of 5 rows cannot be evaluated and is not in the figures above; correct it in"),
        (2, "2 of 5 rows cannot be evaluated and are not in the figures above; correct them in"),
    ],
)
def test_a_verb_agrees_with_its_count(errors: int, en: str) -> None:
    assert message("report.errors-text", "en", errors=errors, rows=5).startswith(en)
    assert message("stats.errors", "en", rows=errors, items="x", line=2, first="y").startswith(
        f"{errors} row with errors is not" if errors == 1 else f"{errors} rows with errors are not"
    )
    # "1 of 5 rows have errors and are not counted" said the commands' last line
    verb = "has" if errors == 1 else "have"
    for key in ("cli.report-errors", "cli.stats-errors", "cli.worklist-errors", "cli.costs-errors"):
        said = message(key, "en", errors=errors, rows=5, reasons="x")
        be = "is" if errors == 1 else "are"
        assert said.startswith(f"{errors} of 5 rows {verb} errors and {be} not "), said


@pytest.mark.parametrize("make", [national_xml, lambda: national_csv().encode("utf-8")])
def test_a_delivery_without_as_of_is_reported_as_of_its_months_end_as_stats_counts(
    make: Callable[[], bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A March 2025 delivery was reported as of today (about 20 months of waiting too many),
    # where stats counts it on 2025-03-31 (national-reporting.md, "Two deliveries").
    source = tmp_path / "leverans.bin"
    source.write_bytes(make())
    out = tmp_path / "r.html"
    assert main(["report", str(source), "-o", str(out)]) == 0
    err = capsys.readouterr().err  # (the page is Swedish by default, and so is the note)
    assert "per 2025-03-31, sista dagen i filens DatatGallerFor-månad, som stats räknar" in err
    assert main(["report", str(source), "-o", str(out), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert "as of 2025-03-31, the last day of the file's DatatGallerFor month" in err
    assert main(["report", str(source), "-o", str(out)]) == 0
    capsys.readouterr()
    page = out.read_text(encoding="utf-8")
    assert "<dt>Datum</dt><dd>2025-03-31</dd>" in page or ">2025-03-31<" in page
    assert page == render_report(gather_report(source, as_of=date(2025, 3, 31)), "sv")
    # a list that names no month is as of today, and says so
    native = tmp_path / "lista.csv"
    native.write_text("id;level;start\nA;visit;2025-01-02\n", encoding="utf-8")
    assert main(["report", str(native), "-o", str(out)]) == 0
    assert ", i dag (ange --as-of för en annan dag)" in capsys.readouterr().err
    assert main(["report", str(native), "-o", str(out), "--lang", "en"]) == 0
    assert ", today (give --as-of for another day)" in capsys.readouterr().err


def test_a_delivery_naming_a_month_that_is_no_date_needs_as_of_as_stats_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # stats stopped ("--census is needed"), the report was made as of today without a word
    # beyond its usual note: a February 2025 delivery then waited some 20 months too long
    source = tmp_path / "leverans.csv"
    source.write_text(
        "VardkontaktId;DatatGallerFor;BeslutAktivitet;Fas;Vardgaranti\n"
        "K1;2025-02-29;2025-01-10T08:00:00;1;1\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.html"
    assert main(["report", str(source), "-o", str(out), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "--as-of is needed" in err
    assert "DatatGallerFor: '2025-02-29' is not a date" in err
    assert not out.exists()
    assert main(["report", str(source), "-o", str(out), "--as-of", "2025-02-28"]) == 0
    assert out.exists()


def test_the_charts_write_numbers_as_the_tables_do_and_each_numbers_table_is_named(
    example: Report,
) -> None:
    from vardgaranti._report import _bar_svg

    # pygal wrote "16052" on the bars and the axis where the tables write "16 052"
    svg = str(_bar_svg("c", "t", "d", ["a", "b"], [16052, 3], ["#2b6cb0"] * 2,
                       lambda n: f"{n:,}".replace(",", "\u00a0")))  # fmt: skip
    assert ">16\u00a0052<" in svg
    assert ">16052<" not in svg
    # every numbers table had the same caption: a screen reader could not tell them apart
    page = _page(example)
    captions = [next(table.iter("caption")).text for table in page.iter("table")
                if table.attrs.get("id", "").startswith("chart-")]  # fmt: skip
    assert len(captions) == len(set(captions)) == 2 * (1 + len(example.charted))
    assert captions[0] == "Siffrorna i diagrammet: Väntande efter väntetid i dagar: Hela listan"


def test_top_0_says_no_group_is_shown_not_that_none_is_to_act_on(tmp_path: Path) -> None:
    page = " ".join(re.sub(r"<[^>]+>", " ", render_report(
        gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF, top=0), "sv")).split())  # fmt: skip
    assert message("report.groups-none-shown", "sv") in page
    assert message("report.worklist-none", "sv") not in page


def test_the_swedish_page_gives_the_rows_errors_in_swedish(example: Report) -> None:
    # The errors table of the Swedish page gave check's English ("start: the date is empty").
    rows = _page(example, "sv").find("errors-table").rows()
    firsts = {row[0]: row[-1] for row in rows}
    assert firsts["start"] == "start: datumet saknas"
    assert firsts["exclusions"] == (
        "exclusions: undantaget mov slutar (2025-05-01) innan det börjar (2025-05-10)"
    )
    english = {row[0]: row[-1] for row in _page(example, "en").find("errors-table").rows()}
    assert english["start"] == "start: the date is empty"
    # ... and the findings' sources ("Grund")
    sources = {row[0]: row[-1] for row in _page(example, "sv").find("findings-table").rows()}
    assert sources["V013"] == (
        "vardgaranti check: radens fel (eller, i en nationell fil, ett värde i Vardgaranti som "
        "check inte läser)"
    )


def test_the_example_is_named_on_the_page_not_the_folder_it_is_installed_in(
    tmp_path: Path,
) -> None:
    out = tmp_path / "r.html"
    assert main(["report", "--example", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<title>Vårdgarantirapport: example_waiting_list.csv (2025-06-02)</title>" in page
    assert str(EXAMPLE.parent) not in page


def test_the_swedish_errors_table_names_the_file_line_filrad(example: Report) -> None:
    # (validate's Swedish says "rad 41 (filrad 42)": "rad" alone is a data row)
    table = _page(example, "sv").find("errors-table")
    headers = [cell.text.strip() for cell in table.iter() if cell.tag == "th"]
    assert "Första filrad" in headers
    assert "Första rad" not in headers


def test_a_value_that_would_turn_the_pages_text_is_shown_as_its_escape(tmp_path: Path) -> None:
    # An unclosed U+202E in a unit turned "Ortopedi · besök" into "köseb · idepotrO", and the
    # captions and chart titles with it; zero-width characters made three groups look alike.
    source = tmp_path / "lista.csv"
    source.write_text(
        "id;unit;level;start\n"
        "A;\u202eOrtopedi;visit;2025-03-01\n"
        "B;Orto\u200bpedi;visit;2025-03-01\n"
        "C;Ortopedi;visit;2025-03-01\n"
        # ids too: P123\u202e4567 was shown as P1237654 in the worklist (a review)
        "P123\u202e4567;Hud;visit;2025-03-01\n"
        "P12\u200b34567;Hud;visit;2025-03-01\n",
        encoding="utf-8",
    )
    html = render_report(gather_report(source, as_of=date(2025, 6, 2)), "sv")
    assert "\u202e" not in html
    assert "\u200b" not in html
    assert "\\u202eOrtopedi · besök" in html
    assert "Orto\\u200bpedi · besök" in html
    assert ">P123\\u202e4567<" in html
    assert ">P12\\u200b34567<" in html


def test_the_swedish_worklist_lines_agree_in_number_and_list_the_grouping() -> None:
    # "1 försenade" (the plural after one), and "grupperade efter enhet, nivå".
    html = render_report(gather_report(example_waiting_list(), as_of=EXAMPLE_AS_OF), "sv")
    assert "1 försenad," in html
    assert "1 försenade" not in html
    assert "grupperade efter enhet och nivå så" in html
    assert "<dt>Läget den</dt>" in html


def test_a_level_is_printed_whole_on_a4() -> None:
    # The print style let every cell wrap anywhere: "behandling" printed as "beha/ndlin/g".
    html = render_report(gather_report(example_waiting_list(), as_of=EXAMPLE_AS_OF), "sv")
    assert '<td class="level">behandling</td>' in html
    # (whole words, wrapped between them: "utanför garantin" on one line pushed the numbers off)
    assert "td.level { white-space: normal; overflow-wrap: normal; }" in html


def _text_of(report: Report, lang: Lang = "sv") -> str:
    """The page's text, its tags and runs of blanks made one space."""
    return " ".join(re.sub(r"<[^>]+>", " ", render_report(report, lang)).split())


def test_top_0_and_1_say_how_many_groups_are_shown_in_words(tmp_path: Path) -> None:
    """'Här visas de 0 första av 16 grupper' (beside 'Inga grupper visas') and 'de 1 första'."""
    none = _text_of(gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF, top=0))
    assert "de 0 första" not in none
    assert message("report.groups-none-shown", "sv") in none
    one = gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF, top=1)
    assert "Här visas den första av" in _text_of(one)
    assert "de 1 första" not in _text_of(one)
    assert "The first of" in _text_of(one, "en")
    assert "The first 1 of" not in _text_of(one, "en")
    two = _text_of(gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF, top=2))
    assert "Här visas de 2 första av" in two


def test_a_group_all_past_its_deadline_has_no_next_breach_not_a_dash(tmp_path: Path) -> None:
    """The worklist says 'next breach: none'; the report said 'nästa garantibrott om –'."""
    path = tmp_path / "late.csv"
    path.write_text(
        "id;unit;level;start\nA;Orto;visit;2025-01-02\nB;Orto;visit;2025-01-03\n", encoding="utf-8"
    )
    report = gather_report(path, as_of=date(2025, 6, 2))
    assert "nästa garantibrott: inget" in _text_of(report)
    assert "next breach: none" in _text_of(report, "en")
    for lang in ("sv", "en"):
        assert "–;" not in _text_of(report, lang)
    path.write_text("id;unit;level;start\nA;Orto;visit;2025-03-10\n", encoding="utf-8")
    report = gather_report(path, as_of=date(2025, 6, 2))
    assert "nästa garantibrott om 7 dagar" in _text_of(report)  # (the day after 06-08)


def test_rows_with_a_deviation_code_are_said_not_to_be_judged_where_none_waits(
    tmp_path: Path,
) -> None:
    """'Ingen patient väntar' alone, while coded patients wait, read as an empty list."""
    report = gather_report(io.BytesIO(national_xml(period="2025-05-01")), as_of=date(2025, 5, 31))
    assert report.total.count(Status.DEVIATION) == 5
    assert report.total.waiting == 0
    text = _text_of(report)
    assert "Ingen patient väntar den 2025-05-31." in text
    assert "5 rader med avvikelsekod (PvV, MoV eller SoV) bedöms inte mot vårdgarantin" in text
    assert "5 rows have a deviation code (PvV, MoV or SoV)" in _text_of(report, "en")
    # (written as the page's other numbers are: 1 000, not 1000)
    many = tmp_path / "many.csv"
    many.write_text(
        "VardkontaktId;HSAIdVardenhet;Fas;BeslutAktivitet;Avvikelse\n"
        + "".join(f"K{i};SE1-ORTO;2;2025-01-02;1\n" for i in range(1000)),
        encoding="utf-8",
    )
    text = _text_of(gather_report(many, as_of=date(2025, 5, 31)))
    assert "1 000 rader med avvikelsekod" in text  # (the no-break space: made one blank)
    plain = tmp_path / "plain.csv"
    plain.write_text("id;unit;level;start\nA;Orto;visit;2025-05-02\n", encoding="utf-8")
    assert "avvikelsekod (PvV" not in _text_of(gather_report(plain, as_of=date(2025, 6, 2)))


def test_the_corner_of_each_charts_numbers_table_is_no_empty_header(
    example_page: Element,
) -> None:
    """An empty <th> is a header cell without a name, which a screen reader announces."""
    for figure in example_page.iter("figure"):
        table = next(figure.iter("table"))
        head = next(table.iter("thead"))
        for cell in head.iter("th"):
            assert cell.text.strip(), figure.attrs.get("id")


def test_the_file_is_named_without_its_folders_and_a_reversing_character_escaped(
    tmp_path: Path,
) -> None:
    """A page is mailed: the user's folders stay out; U+202E turned the title's date around."""
    folder = tmp_path / "Hemlig mapp"
    folder.mkdir()
    path = folder / "lista\u202ecsv.csv"
    path.write_bytes(EXAMPLE.read_bytes())
    html = render_report(gather_report(path, as_of=EXAMPLE_AS_OF))
    assert "Hemlig mapp" not in html
    assert "\u202e" not in html
    title = next(Page(html).root.iter("title")).text
    assert title.endswith("lista\\u202ecsv.csv (2025-06-02)"), title


def test_rows_of_another_months_delivery_are_said_to_be_left_out_of_the_comparison_only(
    tmp_path: Path,
) -> None:
    # A review: the page counted the row of December in its tables (5 waiting, 60 %), its notes
    # said "not counted", and the comparison said "the same for every group" over 4 rows; as of
    # a day in another month, both official counts were 0 and "the same" still.
    source = tmp_path / "leverans.csv"
    source.write_text(
        "VardkontaktId;Vardgaranti;Fas;BeslutAktivitet;Mvo;DatatGallerFor\n"
        "K01;1;1;2025-12-20T08:00:00;101;2026-01-01\n"
        "K02;1;1;2025-09-01T08:00:00;101;2025-12-01\n"
        "K03;1;1;2025-10-01T08:00:00;101;2026-01-01\n",
        encoding="utf-8",
    )
    text = unescape(_text_of(gather_report(source, as_of=date(2026, 1, 31)), "en"))
    assert (
        "1 row names another month's delivery (DatatGallerFor) than 2026-01: the comparison "
        "here leaves it out; the tables above count it, as of 2026-01-31."
    ) in text
    # (and the page's notes say so too: "not counted" there contradicted the tables)
    assert (
        "1 row names another month (DatatGallerFor) than the census day's (2026-01): left out "
        "of the statistics (another month's delivery)"
    ) in text
    assert "not counted" not in text
    sv = _text_of(gather_report(source, as_of=date(2026, 1, 31)), "sv")
    assert "1 rad anger en annan månads leverans (DatatGallerFor) än 2026-01" in sv
    later = unescape(_text_of(gather_report(source, as_of=date(2026, 2, 15)), "en"))
    assert "give the same counts and shares" not in later
    assert (
        "The official statistics, and the law's count beside them, count no waiting patient "
        "on 2026-02-15."
    ) in later
    assert "3 rows name another month's delivery (DatatGallerFor) than 2026-02" in later


@pytest.mark.parametrize("workers", [1, 2])
def test_a_unit_whose_every_row_has_an_error_is_named_on_the_page(
    tmp_path: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A review: Kardiologi, its two rows with date errors, appeared nowhere on the page (the
    # errors table is per reason), where `validate` names it (issue 13: every unit appears).
    from vardgaranti import _waiting_list

    monkeypatch.setattr(_waiting_list, "_SLICE_MIN", 4096)  # (two slices of this small file)
    monkeypatch.setattr(_waiting_list, "_fork_safe", lambda: True)
    source = tmp_path / "lista.csv"
    good = "".join(f"A{i};Ortopedi;visit;2025-03-01\n" for i in range(600))
    source.write_text(
        "id;unit;level;start\nK3;<b>Hud</b>;visit;x\n"
        + good
        + "K1;Kardiologi;visit;2025-02-30\nK2; Kardiologi ;visit;soon\n",
        encoding="utf-8",
    )
    report = gather_report(source, as_of=date(2025, 6, 2), workers=workers)
    assert report.error_units == (("<b>Hud</b>", 1), ("Kardiologi", 2))
    html = render_report(report, "sv")
    assert "Enheter där varje rad har fel (och som därför saknas i tabellerna ovan):" in html
    assert "Kardiologi (2 rader)" in html
    assert "&lt;b&gt;Hud&lt;/b&gt; (1 rad)" in html
    english = unescape(_text_of(report, "en"))
    assert "Units whose every row has an error (so missing from the tables above):" in english
    assert "Kardiologi (2 rows)" in english


def _red_bars(page: Element, chart_id: str) -> list[bool]:
    """Which bars of the chart are red (past the limit), in the order of its bands."""
    bars = [g for g in page.find(chart_id).iter("g") if g.attrs.get("class") == "bar"]
    return [report_module._LATE_COLOUR in bar.attrs.get("style", "") for bar in bars]


def _charted(report: Report, unit: str, level: str) -> str:
    """The bands chart's id of the group of *unit* and *level*."""
    for index, group in enumerate(report.charted, 1):
        if group.unit == unit and group.level is not None and group.level.value == level:
            return f"chart-bands-g{index}"
    raise AssertionError(f"{unit} {level} not charted")


def _past(limit: int) -> list[bool]:
    """The bands every day of which is past *limit* days (an independent reading of BANDS)."""
    return [low > limit for _name, low, _high in BANDS]


def test_under_the_law_the_bars_past_90_days_are_red_and_a_primary_care_groups_past_its_limit(
    example: Report,
) -> None:
    # HSF 6 kap. 1 §: visits and treatments 90 days, the primary-care assessment 3 days.
    page = _page(example)
    assert _red_bars(page, "chart-bands-all") == [False] * 3 + [True] * 3
    assert _red_bars(page, _charted(example, "Ögonkliniken", "treatment")) == _past(90)
    assessment = _charted(example, "Vårdcentralen Norr", "assessment")
    assert _red_bars(page, assessment) == [False] + [True] * 5
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", render_report(example, "en"))).split())
    assert (
        "Red bars (the dark ones; marked * in the table under the chart): everyone in the bar "
        "has waited longer than the limit of the chart's level (contact 0 days, assessment 3 "
        "days, visit 90 days, treatment 90 days); in the chart of the whole list, longer than "
        "the longest limit, 90 days."
    ) in text


def test_under_a_regional_limit_the_bars_past_it_are_red_not_only_those_past_90_days(
    tmp_path: Path,
) -> None:
    # A region's 30-day visit: a visit waiting 31-60 days is past it (the bar was blue).
    report = _regional_report(tmp_path)
    assert dict(report.limits)["visit"] == 30
    page = _page(report)
    assert _red_bars(page, _charted(report, "Ögonkliniken", "visit")) == _past(30)
    assert _red_bars(page, _charted(report, "Ögonkliniken", "treatment")) == _past(90)
    assert _red_bars(page, "chart-bands-all") == _past(90)  # the longest limit of the list
    assert "besök 30 dagar, behandling 90 dagar" in render_report(report, "sv")


def test_under_the_bup_rules_the_bars_past_30_days_are_red(tmp_path: Path) -> None:
    path = tmp_path / "bup.csv"
    months = (1, 2, 3, 4, 5, 5)
    rows = "".join(f"B{i};BUP Länet;first-assessment;2025-0{m}-01\n" for i, m in enumerate(months))
    path.write_text("id;unit;level;start\n" + rows, encoding="utf-8")
    report = gather_report(path, as_of=date(2025, 6, 2), rules=rule_set("bup"))
    page = _page(report)
    assert _red_bars(page, "chart-bands-all") == _past(30) == [False] + [True] * 5
    assert _red_bars(page, _charted(report, "BUP Länet", "first-assessment")) == _past(30)


def test_with_roll_forward_a_bar_is_red_only_past_the_limit_and_the_move_to_a_vardag(
    tmp_path: Path,
) -> None:
    # A review: under --roll-forward the 91-120 bar was red, yet a visit whose 90th day was a
    # Saturday (2025-05-31) is due on Monday 2025-06-02 (Lag 1930:173 2 §): 92 days waited,
    # still within the guarantee that day.
    path = tmp_path / "lista.csv"
    path.write_text(
        "id;unit;level;start\nA;Hud;visit;2025-03-02\nB;Hud;visit;2024-12-01\n",
        encoding="utf-8",
    )
    as_of = date(2025, 6, 2)
    report = gather_report(path, as_of=as_of, policy=Policy(roll_forward=True))
    # By hand: the longest move in the two years before is 4 days (långfredagen 2025-04-18 to
    # tisdagen 2025-04-22, annandag påsk between).
    assert report.moved == 4
    waited = {row["id"]: row for row in _checked_rows(path, as_of, "--roll-forward")}
    assert (waited["A"]["days_waited"], waited["A"]["status"]) == ("92", "at_risk")
    page = _page(report)
    assert _red_bars(page, "chart-bands-all") == _past(94) == [False] * 4 + [True] * 2
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", render_report(report, "en"))).split())
    assert (
        "With the move to the next vardag (--roll-forward) a last day may move up to 4 days: a "
        "bar is red only where everyone has waited longer than the limit and that move."
    ) in text
    plain = gather_report(path, as_of=as_of)
    assert plain.moved == 0
    assert _red_bars(_page(plain), "chart-bands-all") == _past(90)
    assert "--roll-forward" not in render_report(plain, "en")


def test_with_roll_forward_a_target_or_a_regions_limit_that_never_rolls_keeps_its_red_bars(
    tmp_path: Path,
) -> None:
    # A mend: the move was added to every chart, though Lag (1930:173) 2 § moves the law's
    # periods only: BUP's 30-day target and a region's 30-day visit never roll.
    path = tmp_path / "bup.csv"
    path.write_text(
        "id;unit;level;start\nB1;BUP;first-assessment;2025-04-25\n"
        "B2;BUP;first-assessment;2025-04-20\n",
        encoding="utf-8",
    )
    bup = gather_report(path, as_of=date(2025, 6, 1), rules=rule_set("bup"),
                        policy=Policy(roll_forward=True))  # fmt: skip
    assert (bup.moved, bup.rolling) == (0, ())
    assert _red_bars(_page(bup), "chart-bands-all") == _past(30)
    assert "--roll-forward" not in render_report(bup, "en")
    region = tmp_path / "region.toml"
    region.write_text(
        'name = "Region Exempel"\nextends = "national"\n[levels.visit]\ndays = 30\n'
        'source = "Regionfullmäktige 2024-05-01 § 12"\n',
        encoding="utf-8",
    )
    report = gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF, rules=load_rule_set(region),
                           policy=Policy(roll_forward=True))  # fmt: skip
    assert "visit" not in report.rolling
    assert "treatment" in report.rolling
    page = _page(report)
    assert _red_bars(page, _charted(report, "Ögonkliniken", "visit")) == _past(30)
    assert _red_bars(page, _charted(report, "Ögonkliniken", "treatment")) == _past(
        90 + report.moved
    )


def test_with_roll_forward_a_report_as_of_the_calendars_last_day_is_made(tmp_path: Path) -> None:
    # A mend: the scan for the longest move rolled 2100-12-31 into 2101, past the calendar.
    path = tmp_path / "sent.csv"
    path.write_text("id;unit;level;start\nA1;Hud;visit;2100-09-03\n", encoding="utf-8")
    report = gather_report(path, as_of=date(2100, 12, 31), policy=Policy(roll_forward=True))
    assert report.moved >= 3


def _checked_rows(path: Path, as_of: date, *options: str) -> list[dict[str, str]]:
    out = path.with_name("checked.csv")
    main(["check", str(path), "--as-of", as_of.isoformat(), "-o", str(out), *options])
    with out.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_a_report_without_limits_marks_the_bars_past_90_days() -> None:
    # A Report made before it had limits (or by hand) keeps the statutory 90 days.
    import attrs

    bare = attrs.evolve(gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF), limits=())
    page = _page(bare)
    assert _red_bars(page, "chart-bands-all") == _past(90)
    assert _red_bars(page, _charted(bare, "Vårdcentralen Norr", "assessment")) == _past(90)
    assert "longest limit in the list, 90 days." in render_report(bare, "en")


def test_the_findings_labels_fit_a_file_without_bookings_and_a_coverage_value() -> None:
    # V001 in a file without a booking column says a booking "cannot be seen", and V013's
    # coverage variant that the row is evaluated: the labels said "without a booking ahead"
    # and "the row cannot be evaluated".
    text = (
        "VardkontaktId;Vardgaranti;Fas;BeslutAktivitet;StartAktivitet\n"
        "K1;JA;1;2024-01-10T08:00:00;\n"
        "K2;kanske;1;2025-05-10T08:00:00;\n"
    )
    report = gather_report(io.StringIO(text), as_of=date(2025, 6, 2))
    codes = {code.value for code in report.validation.by_code}
    assert {"V001", "V013"} <= codes, codes
    rows = {row[0]: row[1] for row in _page(report, "en").find("findings-table").rows()}
    assert rows["V001"] == "long wait without a booking ahead (that the file shows)"
    assert rows["V013"] == "the row cannot be evaluated, or a value cannot be read"


def test_under_the_bup_target_the_share_is_within_the_target_not_the_guarantee(
    tmp_path: Path,
) -> None:
    # BUP 30 + 30 is a state-SKR target since 2011, not statute (reference §5.7): the page
    # said "within the guarantee" for the share measured against it.
    path = tmp_path / "bup.csv"
    path.write_text(
        "id;unit;level;start\nB1;BUP Länet;first-assessment;2025-05-20\n"
        "B2;BUP Länet;first-assessment;2025-03-01\n",
        encoding="utf-8",
    )
    report = gather_report(path, as_of=date(2025, 6, 2), rules=rule_set("bup"))
    assert report.target
    cases: list[tuple[Lang, str, str]] = [
        ("en", "within the target (a target, not law)", "within the guarantee"),
        ("sv", "inom målet (ett mål, inte lag)", "inom vårdgarantin"),
    ]
    for lang, within, guarantee in cases:
        text = " ".join(unescape(re.sub(r"<[^>]+>", " ", render_report(report, lang))).split())
        assert within in text
        assert guarantee not in text.lower()
        # the forecast and the worklist's groups: no "guarantee breach" of a target either
        for word in ("garantibrott", "bryter garantin", "breach", "break the guarantee"):
            assert word not in text.lower(), word
    assert not gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF).target  # the law: the guarantee


def test_the_worklist_says_a_groups_forecast_counts_patients_beyond_the_horizon(
    example: Report,
) -> None:
    # A review: group 5's line said "next breach in 32 days ... 8 weeks: 2" and none of its
    # listed patients had 31 days left: the forecast counts the group's waiting beyond the
    # horizon too (as worklist documents), which the page did not say.
    beyond = [
        group
        for group in example.worklist.groups
        if group.next_breach is not None
        and group.next_breach > example.worklist.horizon
        and group.patients
    ]
    assert beyond  # (such a group in the example: the sentence is needed)
    english = _text_of(example, "en")
    assert (
        "A group's forecast counts every waiting patient of it, also those with more days left "
        "than the horizon, who are not listed."
    ) in unescape(english)
    assert (
        "En grupps prognos räknar alla dess väntande, även dem med fler dagar kvar än "
        "horisonten, som inte listas."
    ) in _text_of(example, "sv")


def test_for_a_national_delivery_the_comparison_says_the_law_judges_no_deviation_code(
    tmp_path: Path,
) -> None:
    # A review: the page said the law "instead pauses the clock for the days not to be
    # counted" for a national delivery, which has no dates to pause by: its coded contacts
    # are not judged (docs/statistics.md: "For a national delivery the law cannot pause").
    source = tmp_path / "leverans.csv"
    source.write_text(national_csv(contacts()), encoding="utf-8")
    report = gather_report(source, as_of=date(2026, 1, 31))
    english = unescape(_text_of(report, "en"))
    assert (
        "the law counts from the decision too, but does not judge a contact with a deviation "
        "code: the delivery has no dates to pause the clock by."
    ) in english
    assert "instead pauses" not in english
    assert "men bedömer inte en kontakt med avvikelsekod" in _text_of(report, "sv")
    native = unescape(_text_of(gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF), "en"))
    assert "the law instead pauses the clock for the days not to be counted" in native


def test_why_the_counts_differ_names_its_patients_and_lists_levels_with_and(
    example: Report,
) -> None:
    # A review: "lagen pausar klockan för 23" and "leave out 1 with a deviation code" had no
    # noun, and "räknar inte kontakt, bedömning (22 patienter)" a comma for "och".
    sv = " ".join(re.sub(r"<[^>]+>", " ", render_report(example, "sv")).split())
    en = unescape(" ".join(re.sub(r"<[^>]+>", " ", render_report(example, "en")).split()))
    assert re.search(r"räknar inte kontakt och bedömning \(\d+ patienter\)", sv)
    assert re.search(r"lagen pausar klockan för \d+ patient(er)?[;.]", sv)
    assert re.search(r"the law pauses the clock for \d+ patients?[;.]", en)
    assert re.search(r"the statistics leave out \d+ patients? with a deviation code", en)


def test_every_table_heading_has_its_scope(example: Report) -> None:
    # A review: the corner cell of each chart's numbers ("Väntat", "Week") had none.
    for lang in ("sv", "en"):
        headings = list(_page(example, lang).iter("th"))
        assert headings
        scopes = ("col", "row", "colgroup")  # (a patient table's group, repeated in print)
        assert [th.text for th in headings if th.attrs.get("scope") not in scopes] == []


def test_a_chart_says_in_words_which_bars_are_red(example: Report) -> None:
    # A review: red was the only sign of the bars past the limit.
    page = _page(example, "en")
    chart = page.find("chart-bands-all")
    described = next(chart.iter("desc")).text  # (the chart's own; its bars have theirs)
    red = _red_bars(page, "chart-bands-all")
    marked = [part.endswith("(past the limit)") for part in described.split("; ")]
    assert marked == red == [False] * 3 + [True] * 3


def test_an_empty_list_says_it_has_no_rows_and_no_red_bars_note(tmp_path: Path) -> None:
    source = tmp_path / "tom.csv"
    source.write_text("id;unit;level;start\n", encoding="utf-8")
    report = gather_report(source, as_of=date(2025, 6, 2))
    cases: list[tuple[Lang, str, str, str]] = [
        ("sv", "Listan har inga rader att bedöma.", "Alla rader kunde bedömas.", "Röda staplar"),
        ("en", "The list has no rows to evaluate.", "Every row could be evaluated.", "Red bars"),
    ]
    for lang, said, wrong, red in cases:
        text = unescape(_text_of(report, lang))
        assert said in text
        assert wrong not in text
        assert red not in text


def test_a_file_name_with_a_byte_that_is_no_utf8_is_shown_not_an_internal_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A mend: "lästa.csv" in Latin-1 bytes (a name Python keeps as a surrogate) stopped the
    # page's UTF-8 with an internal error, which was then blamed on standard output.
    name = os.fsdecode(b"l\xe4sta.csv")
    source = tmp_path / name
    source.write_text("id;unit;level;start\nA;Hud;visit;2025-03-01\n", encoding="utf-8")
    target = tmp_path / "r.html"
    code = main(["report", str(source), "--as-of", "2025-06-02", "-o", str(target)])
    assert (code, capsys.readouterr().err) == (0, "")
    assert "l\ufffdsta.csv" in target.read_text(encoding="utf-8")


def test_the_errors_table_leaves_out_a_long_rows_extra_cells(tmp_path: Path) -> None:
    """The page is passed on: the cells past the header's (a personnummer after a shift) are
    not in it, as validate leaves them out (the count of cells stays)."""
    path = tmp_path / "extra.csv"
    path.write_text(
        "id;unit;level;start;note\nE1;Ort;visit;2025-02-01;ok\n"
        "E2;Ort;visit;2025-02-01;ok;19121212-1212;hemlig anteckning\n",
        encoding="utf-8",
    )
    html = render_report(gather_report(path, as_of=date(2025, 6, 2)), "en")
    assert "the row has 7 cells but the header has 5" in html
    assert "19121212" not in html
    assert "hemlig" not in html


def test_a_long_error_is_translated_then_cut_in_the_errors_table(tmp_path: Path) -> None:
    """A review: cut at 300 characters in English first, the message was one the Swedish
    catalogue no longer knew, and the page showed it in English ("(14 more characters)")."""
    path = tmp_path / "bup.csv"
    path.write_text(
        "id;unit;level;start;exclusions\n"
        "B1;BUP;first-assessment;2025-03-01;mov:2025-03-05..2025-03-10\n"
        "B2;BUP;first-assessment;2025-03-01;\n",
        encoding="utf-8",
    )
    report = gather_report(path, as_of=date(2025, 6, 2), rules=rule_set("bup"))
    (reason,) = report.error_reasons
    assert len(reason.first) > 300  # (kept whole until shown)
    html = render_report(report, "sv")
    assert "exclusions: undantaget &#39;mov&#39; är inte tillåtet enligt" in html
    assert "tecken till)" in html
    assert "more characters" not in html


def test_the_official_figures_after_the_day_skr_is_known_for_are_said_to_be_unverified() -> None:
    # HSF 6 kap. 3 § (Förordning 2025:312): Socialstyrelsen's database from 2025-07-01; the
    # report said "Den officiella statistiken (skr …)" of 2025-09-30 without a word of it.
    later = _text_of(gather_report(EXAMPLE, as_of=date(2025, 9, 30)))
    assert (
        "Metoden SKR är känd att ge den officiella statistiken till och med 2025-06-30; om dess "
        "siffror till och med 2025-09-30 är den officiella statistikens är inte känt: HSF "
        "(2017:80) 6 kap. 3 §"
    ) in later
    english = _text_of(gather_report(EXAMPLE, as_of=date(2025, 9, 30)), "en")
    assert "The method SKR is known to give the official statistics up to 2025-06-30" in english
    assert "är känd att ge" not in _text_of(gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF))


def test_write_report_refuses_to_write_over_the_list_it_reads_or_to_a_name_of_another_kind(
    tmp_path: Path,
) -> None:
    # An integrator's review: write_report(list, list) replaced the waiting list by the page,
    # which the command line refuses; and wrote HTML into a file named .csv.
    source = tmp_path / "list.csv"
    text = example_waiting_list().read_bytes()
    source.write_bytes(text)
    for output in (source, str(source), tmp_path / "." / "list.csv"):
        with pytest.raises(WaitingListError, match="the waiting list the report reads"):
            write_report(source, output, as_of=EXAMPLE_AS_OF)
        with pytest.raises(WaitingListError, match="the waiting list the report reads"):
            write_report(str(source), output, as_of=EXAMPLE_AS_OF)
    assert source.read_bytes() == text
    with (  # (the diff review: an open file of the list, too)
        source.open("rb") as handle,
        pytest.raises(WaitingListError, match="the waiting list the report reads"),
    ):
        write_report(handle, source, as_of=EXAMPLE_AS_OF)
    assert source.read_bytes() == text
    with pytest.raises(WaitingListError, match=r"an HTML page; name the file \.html"):
        write_report(source, tmp_path / "r.csv", as_of=EXAMPLE_AS_OF)
    assert not (tmp_path / "r.csv").exists()
    for fine in ("r.html", "r.HTM", "r"):  # (a name without a suffix is taken, as --output's)
        write_report(source, tmp_path / fine, as_of=EXAMPLE_AS_OF)
        assert (tmp_path / fine).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def _luminance(colour: str) -> float:
    """WCAG 2's relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_bars_past_the_limit_are_told_apart_in_greyscale_and_every_bar_from_the_page() -> None:
    # A review: the red bars (#c53030) and the blue ones (#2b6cb0) had the same luminance
    # (1.01:1): on a black-and-white printer a bar past the limit looked like any other.
    bar, late = report_module._BAR_COLOUR, report_module._LATE_COLOUR
    assert _contrast(bar, late) >= 3
    for colour in (bar, late, report_module._FORECAST_COLOUR):
        assert _contrast(colour, "#ffffff") >= 3  # WCAG 1.4.11, non-text contrast
    css = (resources.files("vardgaranti") / "templates" / "_report.css.j2").read_text("utf-8")
    assert f"--bar: {bar};" in css  # the stylesheet draws the bars in the same blue


def test_the_page_names_a_built_in_method_by_its_body_and_the_rule_set_and_profile_as_code(
    example: Report,
) -> None:
    # A review: the Swedish page said "Lagens räkning och skr där de skiljer sig" (a word to
    # a screen reader) and "Regler: national", "kolumner enligt native" as if they were words.
    html = render_report(example, "sv")
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    assert "den officiella statistiken (SKR)" in text
    assert "(skr)" not in text
    assert "<dd><code>national</code></dd>" in html
    assert "kolumner enligt <code>native</code>" in html


def test_the_official_method_is_named_once_beside_its_title() -> None:
    # A language review: "Den officiella statistiken (SKR: SKR, Väntetider i vården
    # (vantetider.se)) räknar …": the built-in method's title begins with its name.
    html = render_report(gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF))
    text = " ".join(html.split())
    assert "Den officiella statistiken (SKR, Väntetider i vården (vantetider.se)) räknar" in text
    assert "SKR: SKR" not in text
    english = " ".join(render_report(gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF), "en").split())
    assert "The official statistics (SKR, Väntetider i vården (vantetider.se)) count" in english


def test_a_file_with_more_groups_than_a_page_lists_shows_the_first_and_counts_them_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A scaling review: a unit per row (a wrong column read as the unit) made a page of one
    # row per patient (29 MB for 100,000 rows), where issue 13 asks for an aggregate of a few
    # MB. The page lists the first groups, says so, and its whole-list row counts them all.
    monkeypatch.setattr(report_module, "MAX_GROUPS_SHOWN", 30)
    rows = ["id;unit;level;start"]
    rows += [f"P{i};Enhet {i:03d};visit;2025-0{1 + i % 5}-1{i % 10}" for i in range(45)]
    rows += [f"E{i};Fel {i:03d};visit;2025-13-01" for i in range(40)]
    report = gather_report(io.StringIO("\n".join(rows) + "\n"), as_of=EXAMPLE_AS_OF)
    assert len(report.groups) == 45
    assert len(report.error_units) == 40
    page = _page(report, "sv")
    names = [row[0] for row in page.find("units-table").rows()]
    assert names == [*(f"Enhet {i:03d}" for i in range(30)), "Hela listan"]  # and the total
    text = page.text
    assert "Tabellen visar de första 30 av 45 grupperna; raden Hela listan räknar dem alla" in text
    assert "alla 45 grupper står i tabellen" not in text
    assert "Fel 029" in text
    assert "Fel 030" not in text
    assert "och 10 enheter till" in text
    assert report.total.total == 45  # (the whole list: every group)


@pytest.mark.parametrize(
    ("name", "title", "shown"),
    [
        (
            "skr",
            "SKR, Väntetider i vården (vantetider.se)",
            "SKR, Väntetider i vården (vantetider.se)",
        ),
        ("region", "Regionens egen räkning", "region: Regionens egen räkning"),
        ("egen", "Regionens egen räkning", "egen: Regionens egen räkning"),
        ("vgr", "VGR: väntande per månad", "VGR: väntande per månad"),
        ("skr", "", "SKR"),
    ],
)
def test_a_methods_name_is_said_once_and_never_lost_in_a_title_that_begins_alike(
    name: str, title: str, shown: str
) -> None:
    # "(SKR: SKR, …)" named it twice; "Regionens …" of the method `region` must keep the
    # name the user gives --method (a word, not the first letters, of the title).
    assert report_module._Words("sv").method_and_title(name, title) == shown


def test_the_differences_table_lists_the_first_groups_and_always_the_whole_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # (a mutation audit: the cap of the differences table, and the whole list's row kept
    # past it, were never rendered by a test)
    report = gather_report(EXAMPLE, as_of=EXAMPLE_AS_OF)
    groups = [d for d in report.differences if not d.total]
    assert len(groups) == 15
    assert report.differences[-1].total
    monkeypatch.setattr(report_module, "MAX_GROUPS_SHOWN", 4)
    page = _page(report, "sv")
    rows = page.find("official-table").rows()
    assert [row[0] for row in rows] == [*(t.unit for t in groups[:4]), "Hela listan"]
    assert "Tabellen visar skillnaderna i de första 4 grupperna, och hela listans." in page.text
