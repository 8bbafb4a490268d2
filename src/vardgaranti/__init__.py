"""Swedish vårdgaranti deadlines, computed correctly and explained with the law.

The public surface is re-exported here; the modules behind it are private. Names are loaded
on first use (PEP 562), so that ``import vardgaranti`` and the command line start fast and a
Ctrl-C while the command starts up is caught like any other.

>>> from datetime import date
>>> import vardgaranti
>>> case = vardgaranti.Case(level="visit", start=date(2025, 3, 1), booked=date(2025, 6, 4))
>>> result = vardgaranti.evaluate(case, as_of=date(2025, 5, 20))
>>> result.deadline, result.status.value, result.days_left, result.care_elsewhere
(datetime.date(2025, 5, 30), 'at_risk', 10, True)
"""

from ._version import __version__

# Not ``from typing import TYPE_CHECKING``: typing costs the start-up some 10 ms (it imports re
# and enum), a window in which a Ctrl-C could only end in a traceback. Type checkers treat a
# module-level ``TYPE_CHECKING = False`` as the same constant.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from ._calendar import FIRST_YEAR, LAST_YEAR, Holiday, HolidayKind, SwedishCalendar
    from ._case import AlternativeStart, Case, Exclusion, SelfReferralStart, parse_exclusions
    from ._core import Plan, Policy, Status, Uncovered, extend_deadline
    from ._costs import (
        CostReason,
        CostsCovered,
        TravelEstimate,
        TravelRules,
        costs_covered,
        decide_costs,
        load_travel_rules,
        travel_rules,
    )
    from ._dates import parse_date
    from ._evaluate import Result, evaluate, merge_exclusions
    from ._events import (
        AppointmentBooked,
        Completed,
        ContactSought,
        DecisionToTreat,
        Event,
        ExclusionBegan,
        ExclusionEnded,
        ListingRecorded,
        OfferDeclined,
        ReferralIssued,
        ReferralReceived,
        Restarted,
        SelfReferralAccepted,
        SelfReferralReceived,
        WaiverGiven,
    )
    from ._explain import Alternative, Step, StepCode
    from ._frame import evaluate_frame
    from ._messages import Lang
    from ._profiles import Profile, load_profile
    from ._report import Report, gather_report, render_report, write_report
    from ._rows import Assessed
    from ._rules import (
        BUP,
        NATIONAL,
        Citation,
        ExclusionReason,
        Level,
        Rule,
        RuleKind,
        RuleSet,
        StartEvent,
        load_rule_set,
        overlay_rule_set,
        rule_set,
    )
    from ._stats import (
        ErrorCount,
        Figures,
        GroupStats,
        Method,
        PublishedRow,
        Reconciled,
        Reconciliation,
        ScenarioFigures,
        Stats,
        StatsCounter,
        compute_stats,
        load_method,
        method_from_data,
        parse_bands,
        percent_text,
        read_published,
        reconcile,
    )
    from ._validate import (
        Finding,
        FindingCode,
        Validation,
        ValidationSummary,
        Validator,
        validate_file,
    )
    from ._waiting_list import (
        BANDS,
        EXAMPLE_AS_OF,
        RESULT_COLUMNS,
        AssessedFile,
        AssessedRow,
        CheckSummary,
        Evaluated,
        WaitingListRow,
        assess_file,
        check_waiting_list,
        escape_formula,
        evaluate_many,
        example_waiting_list,
        read_waiting_list,
    )
    from ._worklist import (
        Worklist,
        WorklistAction,
        WorklistBuilder,
        WorklistEntry,
        WorklistGroup,
        build_worklist,
    )
    from .errors import VardgarantiError

#: Where each public name lives.
_EXPORTS: dict[str, str] = {
    "FIRST_YEAR": "_calendar",
    "Holiday": "_calendar",
    "HolidayKind": "_calendar",
    "LAST_YEAR": "_calendar",
    "SwedishCalendar": "_calendar",
    "AlternativeStart": "_case",
    "Case": "_case",
    "Exclusion": "_case",
    "SelfReferralStart": "_case",
    "parse_exclusions": "_case",
    "Plan": "_core",
    "Policy": "_core",
    "Status": "_core",
    "Uncovered": "_core",
    "Result": "_evaluate",
    "evaluate": "_evaluate",
    "extend_deadline": "_core",
    "merge_exclusions": "_evaluate",
    "Alternative": "_explain",
    "Step": "_explain",
    "StepCode": "_explain",
    "parse_date": "_dates",
    "Lang": "_messages",
    "Profile": "_profiles",
    "load_profile": "_profiles",
    "AppointmentBooked": "_events",
    "Completed": "_events",
    "ContactSought": "_events",
    "DecisionToTreat": "_events",
    "Event": "_events",
    "ExclusionBegan": "_events",
    "ExclusionEnded": "_events",
    "ListingRecorded": "_events",
    "OfferDeclined": "_events",
    "ReferralIssued": "_events",
    "ReferralReceived": "_events",
    "Restarted": "_events",
    "SelfReferralAccepted": "_events",
    "SelfReferralReceived": "_events",
    "WaiverGiven": "_events",
    "BUP": "_rules",
    "Citation": "_rules",
    "ExclusionReason": "_rules",
    "Level": "_rules",
    "NATIONAL": "_rules",
    "Rule": "_rules",
    "RuleKind": "_rules",
    "RuleSet": "_rules",
    "StartEvent": "_rules",
    "load_rule_set": "_rules",
    "overlay_rule_set": "_rules",
    "rule_set": "_rules",
    "Assessed": "_rows",
    "AssessedFile": "_waiting_list",
    "AssessedRow": "_waiting_list",
    "BANDS": "_waiting_list",
    "CheckSummary": "_waiting_list",
    "EXAMPLE_AS_OF": "_waiting_list",
    "Evaluated": "_waiting_list",
    "RESULT_COLUMNS": "_waiting_list",
    "WaitingListRow": "_waiting_list",
    "assess_file": "_waiting_list",
    "check_waiting_list": "_waiting_list",
    "escape_formula": "_waiting_list",
    "evaluate_many": "_waiting_list",
    "example_waiting_list": "_waiting_list",
    "read_waiting_list": "_waiting_list",
    "VardgarantiError": "errors",
    "Worklist": "_worklist",
    "WorklistAction": "_worklist",
    "WorklistBuilder": "_worklist",
    "WorklistEntry": "_worklist",
    "WorklistGroup": "_worklist",
    "build_worklist": "_worklist",
    "Finding": "_validate",
    "FindingCode": "_validate",
    "Validation": "_validate",
    "ValidationSummary": "_validate",
    "Validator": "_validate",
    "validate_file": "_validate",
    "CostReason": "_costs",
    "CostsCovered": "_costs",
    "TravelEstimate": "_costs",
    "TravelRules": "_costs",
    "costs_covered": "_costs",
    "decide_costs": "_costs",
    "load_travel_rules": "_costs",
    "travel_rules": "_costs",
    "ErrorCount": "_stats",
    "Figures": "_stats",
    "GroupStats": "_stats",
    "Method": "_stats",
    "PublishedRow": "_stats",
    "Reconciled": "_stats",
    "Reconciliation": "_stats",
    "ScenarioFigures": "_stats",
    "Stats": "_stats",
    "StatsCounter": "_stats",
    "compute_stats": "_stats",
    "load_method": "_stats",
    "method_from_data": "_stats",
    "parse_bands": "_stats",
    "percent_text": "_stats",
    "read_published": "_stats",
    "reconcile": "_stats",
    "Report": "_report",
    "gather_report": "_report",
    "render_report": "_report",
    "write_report": "_report",
    "evaluate_frame": "_frame",
}


if not TYPE_CHECKING:  # (a type checker that saw it would let any misspelt name through)

    def __getattr__(name: str) -> object:
        module = _EXPORTS.get(name)
        if module is None:
            if name == "errors":  # the public submodule, as ``import vardgaranti.errors`` binds it
                import importlib

                return importlib.import_module(".errors", __name__)
            raise AttributeError(f"module 'vardgaranti' has no attribute {name!r}")
        import importlib

        value = getattr(importlib.import_module(f".{module}", __name__), name)
        globals()[name] = value  # later lookups find it directly
        return value


def __dir__() -> list[str]:
    return sorted([*__all__, "errors"])


__all__ = [
    "BANDS",
    "BUP",
    "EXAMPLE_AS_OF",
    "FIRST_YEAR",
    "LAST_YEAR",
    "NATIONAL",
    "RESULT_COLUMNS",
    "Alternative",
    "AlternativeStart",
    "AppointmentBooked",
    "Assessed",
    "AssessedFile",
    "AssessedRow",
    "Case",
    "CheckSummary",
    "Citation",
    "Completed",
    "ContactSought",
    "CostReason",
    "CostsCovered",
    "DecisionToTreat",
    "ErrorCount",
    "Evaluated",
    "Event",
    "Exclusion",
    "ExclusionBegan",
    "ExclusionEnded",
    "ExclusionReason",
    "Figures",
    "Finding",
    "FindingCode",
    "GroupStats",
    "Holiday",
    "HolidayKind",
    "Lang",
    "Level",
    "ListingRecorded",
    "Method",
    "OfferDeclined",
    "Plan",
    "Policy",
    "Profile",
    "PublishedRow",
    "Reconciled",
    "Reconciliation",
    "ReferralIssued",
    "ReferralReceived",
    "Report",
    "Restarted",
    "Result",
    "Rule",
    "RuleKind",
    "RuleSet",
    "ScenarioFigures",
    "SelfReferralAccepted",
    "SelfReferralReceived",
    "SelfReferralStart",
    "StartEvent",
    "Stats",
    "StatsCounter",
    "Status",
    "Step",
    "StepCode",
    "SwedishCalendar",
    "TravelEstimate",
    "TravelRules",
    "Uncovered",
    "Validation",
    "ValidationSummary",
    "Validator",
    "VardgarantiError",
    "WaitingListRow",
    "WaiverGiven",
    "Worklist",
    "WorklistAction",
    "WorklistBuilder",
    "WorklistEntry",
    "WorklistGroup",
    "__version__",
    "assess_file",
    "build_worklist",
    "check_waiting_list",
    "compute_stats",
    "costs_covered",
    "decide_costs",
    "escape_formula",
    "evaluate",
    "evaluate_frame",
    "evaluate_many",
    "example_waiting_list",
    "extend_deadline",
    "gather_report",
    "load_method",
    "load_profile",
    "load_rule_set",
    "load_travel_rules",
    "merge_exclusions",
    "method_from_data",
    "overlay_rule_set",
    "parse_bands",
    "parse_date",
    "parse_exclusions",
    "percent_text",
    "read_published",
    "read_waiting_list",
    "reconcile",
    "render_report",
    "rule_set",
    "travel_rules",
    "validate_file",
    "write_report",
]
