"""Swedish vårdgaranti deadlines, computed correctly and explained with the law.

The public surface is re-exported here; the modules behind it are private.

>>> from datetime import date
>>> import vardgaranti
>>> vardgaranti.SwedishCalendar().roll_forward(date(2025, 12, 24))
datetime.date(2025, 12, 29)
"""

from ._calendar import FIRST_YEAR, LAST_YEAR, Holiday, HolidayKind, SwedishCalendar
from ._version import __version__
from .errors import VardgarantiError

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "Holiday",
    "HolidayKind",
    "SwedishCalendar",
    "VardgarantiError",
    "__version__",
]
