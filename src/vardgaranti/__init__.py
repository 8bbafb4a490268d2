"""Swedish vårdgaranti deadlines, computed correctly and explained with the law.

The public surface is re-exported here; the modules behind it are private.

>>> from datetime import date
>>> import vardgaranti
>>> case = vardgaranti.Case(level="visit", start=date(2025, 3, 1), booked=date(2025, 6, 4))
>>> result = vardgaranti.evaluate(case, as_of=date(2025, 5, 20))
>>> result.deadline, result.status.value, result.days_left, result.care_elsewhere
(datetime.date(2025, 5, 30), 'at_risk', 10, True)
"""

from ._calendar import FIRST_YEAR, LAST_YEAR, Holiday, HolidayKind, SwedishCalendar
from ._case import AlternativeStart, Case, Exclusion, SelfReferralStart, parse_exclusions
from ._clock import (
    Alternative,
    Policy,
    Result,
    Status,
    Step,
    evaluate,
    extend_deadline,
    merge_exclusions,
)
from ._dates import parse_date
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
from ._version import __version__
from ._waiting_list import (
    BANDS,
    EXAMPLE_AS_OF,
    RESULT_COLUMNS,
    CheckSummary,
    Evaluated,
    WaitingListRow,
    check_waiting_list,
    escape_formula,
    evaluate_many,
    example_waiting_list,
    read_waiting_list,
)
from .errors import VardgarantiError

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
    "Case",
    "CheckSummary",
    "Citation",
    "Completed",
    "ContactSought",
    "DecisionToTreat",
    "Evaluated",
    "Event",
    "Exclusion",
    "ExclusionBegan",
    "ExclusionEnded",
    "ExclusionReason",
    "Holiday",
    "HolidayKind",
    "Level",
    "ListingRecorded",
    "OfferDeclined",
    "Policy",
    "ReferralIssued",
    "ReferralReceived",
    "Restarted",
    "Result",
    "Rule",
    "RuleKind",
    "RuleSet",
    "SelfReferralAccepted",
    "SelfReferralReceived",
    "SelfReferralStart",
    "StartEvent",
    "Status",
    "Step",
    "SwedishCalendar",
    "VardgarantiError",
    "WaitingListRow",
    "WaiverGiven",
    "__version__",
    "check_waiting_list",
    "escape_formula",
    "evaluate",
    "evaluate_many",
    "example_waiting_list",
    "extend_deadline",
    "load_rule_set",
    "merge_exclusions",
    "overlay_rule_set",
    "parse_date",
    "parse_exclusions",
    "read_waiting_list",
    "rule_set",
]
