"""Every error the library raises, in one place.

All errors derive from :class:`VardgarantiError`, so ``except VardgarantiError`` catches
every error the library raises on purpose. (:class:`SignalExit`, a signal that stopped a file
being written, is no error: a :class:`BaseException`, as :class:`SystemExit` is.) Each specific
error is also the builtin it really is (a :class:`ValueError` for a bad value, a
:class:`TypeError` for a wrong type), so code that already catches those keeps working.

A file the system will not open, read or write (missing, a folder, no permission, a full
disk) is its kind's error, named by what it is for: :class:`WaitingListError` for a waiting
list or an output, :class:`RuleSetError` (or :class:`ProfileError`, :class:`MethodError`,
:class:`TravelRulesError`) for a rule, profile, method or travel-rules file, with the message
naming the file and the system's reason. The system's own :class:`OSError` is its
``__cause__``, with its ``errno`` and ``filename``:

>>> from vardgaranti import read_waiting_list
>>> from vardgaranti.errors import WaitingListError
>>> try:
...     rows = list(read_waiting_list("no-such-list.csv"))
... except WaitingListError as error:
...     print(error, "|", type(error.__cause__).__name__)
no-such-list.csv: cannot open (No such file or directory) | FileNotFoundError

>>> from datetime import date
>>> from vardgaranti import SwedishCalendar
>>> from vardgaranti.errors import UnsupportedYearError
>>> try:
...     SwedishCalendar().is_vardag(date(1800, 1, 2))
... except UnsupportedYearError as error:
...     print(error)
day: year 1800 is outside the supported years 1990–2100
"""

from __future__ import annotations

import signal
from typing import Any

__all__ = [
    "DateTypeError",
    "ExclusionNotAllowedError",
    "InvalidCaseError",
    "InvalidDateError",
    "InvalidTypeError",
    "InvalidValueError",
    "MethodError",
    "NoRuleInForceError",
    "ProfileError",
    "RuleSetError",
    "SignalExit",
    "SignalInterrupt",
    "TravelRulesError",
    "UnknownLevelError",
    "UnknownReasonError",
    "UnsupportedYearError",
    "VardgarantiError",
    "WaitingListError",
]


class VardgarantiError(Exception):
    """Base class of every error raised on purpose by :mod:`vardgaranti`.

    An error about one input field says which: :attr:`field` is its name (``"start"``,
    ``"exclusions"``, ``"level"``…, or a file's column), and the text of the error begins with
    it (``field: message``, unless the message already begins with the name), so that a row's
    error in a waiting list names the column to correct.

    Attributes:
        message: the message without the field.
        field: the input field the error is about, or ``None``.

    >>> error = VardgarantiError("'2025-13-01' is not a date", field="start")
    >>> str(error), error.field
    ("start: '2025-13-01' is not a date", 'start')
    >>> str(error.about("BeslutAktivitet"))
    "BeslutAktivitet: '2025-13-01' is not a date"
    """

    def __init__(self, message: str = "", *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        if self.field and not self.message.startswith(f"{self.field} "):
            return f"{self.field}: {self.message}"
        return self.message  # no field, or a message that begins with its name already

    def about(self, field: str | None) -> VardgarantiError:
        """This error, said of *field* (e.g. the file's name for the column); the same class.

        Args:
            field: the field to name, or ``None`` for none.

        Returns:
            This error itself when *field* is already its field; else a new error of the same
            class and cause, whose message begins with *field* where it began with the old
            field's name.
        """
        if field == self.field:
            return self
        message = self.message
        if self.field and field and message.startswith(f"{self.field} "):
            message = field + message[len(self.field) :]
        other = type(self)(message, field=field)
        other.__cause__ = self.__cause__
        return other


class InvalidTypeError(VardgarantiError, TypeError):
    """An argument of the wrong type (e.g. a year given as text)."""


class InvalidValueError(VardgarantiError, ValueError):
    """A value that is not one of those allowed (e.g. a yes/no cell reading ``kanske``)."""


class DateTypeError(InvalidTypeError):
    """A value that should be a date is not one (or is a naive ``datetime``)."""


class InvalidDateError(VardgarantiError, ValueError):
    """A text that should be an ISO date (``YYYY-MM-DD``) is not a real date."""


class UnsupportedYearError(VardgarantiError, ValueError):
    """A date falls outside the years the Swedish calendar supports (1990–2100)."""


class UnknownLevelError(VardgarantiError, ValueError):
    """A guarantee level that no rule set knows (e.g. a typo for ``visit``)."""


class UnknownReasonError(VardgarantiError, ValueError):
    """An exclusion reason other than ``mov``, ``pvv`` or ``region``."""


class NoRuleInForceError(VardgarantiError, ValueError):
    """No rule of the rule set was in force on the case's start date."""


class InvalidCaseError(VardgarantiError, ValueError):
    """A case whose facts contradict each other (e.g. completed before it started)."""


class ExclusionNotAllowedError(InvalidCaseError):
    """An exclusion on a level or under a rule version that does not allow it.

    HSF (2017:80) 6 kap. 2 § lets time be left out only for the 90-day steps
    (6 kap. 1 § 3 and 4), so an exclusion on ``contact`` or ``assessment`` is an error.
    """


class RuleSetError(VardgarantiError, ValueError):
    """A rule set or regional overlay that is malformed or not allowed.

    The most common case: a regional overlay that lengthens a national limit. Regions may
    shorten limits, never lengthen them.
    """


class MethodError(RuleSetError):
    """A method file that is malformed (an unknown key, a figure without its source...)."""


class ProfileError(RuleSetError):
    """A profile file that is malformed (an unknown key, a missing field, a bad format)."""


class TravelRulesError(RuleSetError):
    """A travel-rules file that is malformed (an unknown key, a missing source, a bad amount)."""


class WaitingListError(VardgarantiError, ValueError):
    """A waiting-list file that cannot be read at all (not a single bad row), or an output.

    Where the system refused the file, its :class:`OSError` is the ``__cause__``.
    """


class SignalExit(BaseException):
    """A signal (SIGTERM, SIGHUP, SIGINT) asked the process to stop while an output was open.

    Raised while the library writes an output file (:func:`~vardgaranti.write_report`, and
    every output of the command line), so the write unwinds and its temporary file is removed
    rather than left half-written. Only a signal whose handler is Python's
    default is taken over, for the time of the write: a program that set its own handler keeps
    it, and the library leaves that signal alone. Like :class:`KeyboardInterrupt` it is not
    an :class:`Exception`, so ``except Exception`` does not swallow it; for SIGINT (Ctrl-C) it
    is a :class:`KeyboardInterrupt` too (:class:`SignalInterrupt`). The command line catches
    it and exits with :attr:`exit_code`, the shell convention for death by a signal.

    Attributes:
        signum: The number of the signal.
        exit_code: ``128 + signum`` (143 for SIGTERM, 129 for SIGHUP, 130 for SIGINT).
        written: the signal came while the finished file was being moved into place, and was
            held back until it was: the output was written in full (else it was left as it
            was).

    >>> import signal
    >>> error = SignalExit(signal.SIGTERM)
    >>> error.exit_code, str(error)
    (143, 'interrupted by SIGTERM')
    """

    signum: int
    exit_code: int
    written: bool
    #: What was written and what not, said instead of the output file's fate (a command that
    #: writes several files, such as the letters, sets it), or ``None``.
    note: str | None = None

    def __init__(self, signum: int, *, written: bool = False) -> None:
        self.signum = int(signum)
        self.exit_code = 128 + self.signum
        self.written = written
        self.note = None
        super().__init__(f"interrupted by {self.signal_name}")

    @property
    def signal_name(self) -> str:
        """The signal's name (``SIGTERM``), or ``signal N`` for a number without one."""
        try:
            return signal.Signals(self.signum).name
        except ValueError:
            return f"signal {self.signum}"

    def __reduce__(self) -> tuple[Any, ...]:
        # (pickled across processes as its signal and state: its text is made from them)
        return (_signal_exit, (type(self), self.signum, self.written, self.note))


class SignalInterrupt(SignalExit, KeyboardInterrupt):
    """SIGINT (Ctrl-C) while an output was being written.

    A :class:`SignalExit`, and a :class:`KeyboardInterrupt`, which is what a program expects of
    Ctrl-C.

    >>> import signal
    >>> isinstance(SignalInterrupt(signal.SIGINT), KeyboardInterrupt)
    True
    """


def _signal_exit(
    kind: type[SignalExit], signum: int, written: bool, note: str | None
) -> SignalExit:
    """A :class:`SignalExit` (or :class:`SignalInterrupt`) unpickled: its signal and state."""
    stop = kind(signum, written=written)
    stop.note = note
    return stop
