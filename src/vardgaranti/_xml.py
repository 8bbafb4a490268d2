"""Read the national waiting-time deliveries (XML) contact by contact, in bounded memory.

A delivery (``TillgangligVardSpeciVantande`` or ``TillgangligVardSpeciGenomforda``) holds one
``Kontakt`` element with the month it is for (``DatatGallerFor``), and inside it one ``Besok``
element per contact, every variable an attribute. :func:`open_xml` turns that into a table: a
header, and one row per ``Besok`` with the attribute values as text, untouched.

How it reads:

* Two streaming passes over the file with expat (:mod:`xml.parsers.expat`), fed 64 KiB at a
  time. The first collects the attribute names the ``Besok`` elements actually use, so that the
  header is known before the first row; the second yields the rows. A stream that cannot seek
  (standard input) is copied to an anonymous temporary file during the first pass.
* The header: the national variables used, in the order of the reference (the constant
  :data:`NATIONAL_VARIABLES`), then any other attribute in the order it first appears, then
  ``DatatGallerFor``, filled in every row from the enclosing ``Kontakt`` (a ``Besok`` that has
  its own ``DatatGallerFor`` attribute keeps its own value). An attribute a ``Besok`` lacks is
  ``""``. A delivery without any ``Besok`` has the required variables (``VardkontaktId``,
  ``Fas``, ``BeslutAktivitet``) and ``DatatGallerFor``, and no row.
* Element and attribute names are matched on their local name: ``ns:Besok`` is a ``Besok``,
  ``ns:Fas`` is ``Fas``, and names that differ only in case are one column (``Fas``, ``fas``:
  named as first met); namespace declarations (``xmlns``) are not columns. A ``Besok`` that
  gives one variable twice (``Fas`` and ``ns:Fas``) with two values is a row with an error
  (:attr:`XmlContacts.problems`); with one value, it has that value. The format's
  own element names (the deliveries, ``Kontakt``, ``Besok``) and the attributes read from
  them (``DatatGallerFor``, ...) are matched regardless of case, and ``ö`` as ``o``
  (``besok``, ``BESOK`` and ``Besök`` are a ``Besok``), as the columns of a table are.
* The ``Besok`` elements are found wherever they are. The root may have another name (a
  wrapper, such as a RIV-TA envelope): the delivery is the first of the two delivery elements
  met (``meta["delivery"]``), and a delivery of the other kind after it is refused; a file
  with neither delivery element and no ``Besok`` is refused. A delivery of more than one
  ``Kontakt`` (months put together), and a ``Besok`` outside any ``Kontakt``, are read, each
  with a note (:attr:`XmlContacts.notes`): the format has one ``Kontakt`` holding every
  contact.
* A ``Kontakt`` holds ``Besok`` elements only, and a ``Besok`` no other element and no text:
  the format writes every variable of a contact as an attribute, so an element in either place
  (a misspelt ``Besk``, a variable written as a child element) or text in a ``Besok`` would be
  data left unread. The file is refused, naming the line, before any row is read. An element
  there of another namespace is a schema's extension, passed over with all it holds (a
  ``Besok`` in it too); a ``Kontakt``'s ``Besok`` is a contact whatever its namespace.
  Namespaces are compared by their names, however the file binds them to prefixes; an element
  of no namespace (or of a prefix bound nowhere) counts as the format's.
* Two attributes of a ``Kontakt`` or the root that are one of the format's by their local name
  (``DatatGallerFor`` and ``x:DatatGallerFor``) with different values are refused.
* A byte-order mark at the start decides the encoding, whatever *encoding* says (with a note
  when it says otherwise).

Hostile files are refused with a one-line :class:`~vardgaranti.errors.WaitingListError` naming
the line and column, and memory stays bounded:

* A document type declaration (``<!DOCTYPE``) is refused outright: the national format has none,
  and a DTD is what "billion laughs" entity expansion and external entities (local files, URLs)
  need. Entity declarations and external references are refused too, should expat report one.
  This is the policy of ``defusedxml`` (stricter: no DTD at all), applied directly to expat so
  that the rows come from expat's callbacks without an extra layer.
* Elements nested deeper than :data:`MAX_DEPTH` (64; the format needs 3).
* A single piece of markup (a start tag with all its attributes, a comment, ...) longer than
  :data:`MAX_TOKEN_BYTES` (1 MiB; a ``Besok`` with every variable is under 2 KB): expat buffers a
  whole tag before reporting it, so the reader checks after each chunk how much expat holds.
  Text between elements is not buffered and has no limit.
* More than :data:`MAX_COLUMNS` (1,000) different attribute names on ``Besok`` elements
  (namespace declarations included), or more than :data:`MAX_NAMES` (10,000) different element
  and other attribute names, or a name longer than :data:`MAX_NAME_CHARS` (1,000 characters; the
  format's longest has 20): expat and this reader remember every name they meet.

A file that breaks half-way (not well-formed, truncated, or one of the limits above) gives every
row before the break, then the error. An error before the first ``Besok`` is raised by
:func:`open_xml` itself.
"""

from __future__ import annotations

import codecs
import itertools
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, BinaryIO, Final, NoReturn
from xml.parsers import expat

from ._profiles import NATIONAL_VARIABLES
from ._records import RowSource
from ._text import column_key, echo
from .errors import WaitingListError

__all__ = [
    "DELIVERIES",
    "MAX_COLUMNS",
    "MAX_DEPTH",
    "MAX_NAMES",
    "MAX_NAME_CHARS",
    "MAX_TOKEN_BYTES",
    "NATIONAL_VARIABLES",
    "PERIOD",
    "XmlContacts",
    "open_xml",
]

#: The root elements of the two deliveries (waiting, completed).
DELIVERIES: Final = ("TillgangligVardSpeciVantande", "TillgangligVardSpeciGenomforda")
#: The last column of every table: the measurement month, from ``Kontakt``.
PERIOD: Final = "DatatGallerFor"
#: The deepest nesting of elements accepted.
MAX_DEPTH: Final = 64
#: The longest single piece of markup (a start tag with its attributes, a comment) accepted.
MAX_TOKEN_BYTES: Final = 1 << 20
#: The most different attribute names on ``Besok`` elements (the columns) accepted.
MAX_COLUMNS: Final = 1_000
#: The most different element names and attribute names of other elements accepted.
MAX_NAMES: Final = 10_000
#: The longest element or attribute name accepted (in characters, with its prefix).
MAX_NAME_CHARS: Final = 1_000

_CHUNK: Final = 1 << 16
_ROOT_ATTRIBUTES: Final = ("ErsattningsId", "LeveransReferens")
_NATIONAL: Final = frozenset(NATIONAL_VARIABLES)
#: The variables every Besok has (required by the format).
_REQUIRED: Final = ("VardkontaktId", "Fas", "BeslutAktivitet")


class XmlContacts(RowSource):
    """The contacts of a national delivery, read by :func:`open_xml`.

    Use it as a context manager, or call :meth:`close` (reading :attr:`rows` to the end closes
    the file too).

    Attributes:
        header: the column names (see the module's docstring for the order).
        meta: facts about the delivery: ``"root"`` (the root element's local name),
            ``"namespace"`` (its namespace, or ``""``), ``"delivery"`` (the first delivery
            element met, at the root or in a wrapper, or ``""``), ``"DatatGallerFor"`` (of the first
            ``Kontakt``, or ``""``), ``"contacts"`` (the number of ``Besok`` elements, up to a
            break if the file has one), and the root's ``ErsattningsId`` and
            ``LeveransReferens`` when present.
        rows: ``(line, cells)`` for every ``Besok`` in order: the line its start tag is on,
            and its values aligned with :attr:`header`. An iterator: it can be read once.
        notes: one-line notes for the user (a declaration the bytes contradict).
        problems: the row error of a contact that gives one variable twice with two values
            (``Fas="1" a:Fas="2"``), by its position among the rows (0-based); filled as
            :attr:`rows` reads them, each before its row is given.
    """

    def __init__(
        self,
        header: tuple[str, ...],
        meta: dict[str, str],
        rows: Iterator[tuple[int, list[str]]],
        close: Callable[[], None],
    ) -> None:
        super().__init__(header, rows, close)
        self.meta = meta
        self.notes: tuple[str, ...] = ()
        self.problems: dict[int, str] = {}

    def __enter__(self) -> XmlContacts:
        return self


def open_xml(source: str | Path | BinaryIO, name: str, encoding: str | None = None) -> XmlContacts:
    """Open a national delivery (XML) and read its header; the rows stream from it.

    Args:
        source: a path, or an open binary stream (e.g. ``sys.stdin.buffer``; a stream that
            cannot seek is copied to a temporary file). A stream stays the caller's to close.
        name: the file's name for messages.
        encoding: read the bytes in this encoding (``utf-8``, ``cp1252``, ``utf-16``...),
            whatever the XML declaration says; ``None``: as it says, except that a file
            declared ISO-8859-1 or Windows-1252 whose bytes are UTF-8 (with letters beyond
            ASCII) is read as UTF-8, with a note (:attr:`XmlContacts.notes`): the file is then
            read once more.

    Returns:
        The header, the delivery's facts and the rows (see :class:`XmlContacts`).

    Raises:
        WaitingListError: the file cannot be opened, is empty, is not well-formed XML before
            its first ``Besok``, breaks a limit there, or has no ``Besok`` and another root
            than the two deliveries. One line, naming the line and column. An error after the
            first ``Besok`` is raised by :attr:`XmlContacts.rows`, after every row before it.

    >>> import io
    >>> data = b'''<TillgangligVardSpeciVantande xmlns="urn:example">
    ... <Kontakt DatatGallerFor="2025-03-01">
    ... <Besok VardkontaktId="K1" Fas="1" Vardgaranti="JA" BeslutAktivitet="2025-01-02T08:00:00"/>
    ... <Besok VardkontaktId="K2" Fas="2" Egen="x" Vardgaranti="NEJ"/>
    ... </Kontakt></TillgangligVardSpeciVantande>'''
    >>> with open_xml(io.BytesIO(data), "mars.xml") as contacts:
    ...     print(contacts.header)
    ...     print(contacts.meta["root"], contacts.meta["DatatGallerFor"])
    ...     for line, cells in contacts.rows:
    ...         print(line, cells)
    ('VardkontaktId', 'Vardgaranti', 'Fas', 'BeslutAktivitet', 'Egen', 'DatatGallerFor')
    TillgangligVardSpeciVantande 2025-03-01
    3 ['K1', 'JA', '1', '2025-01-02T08:00:00', '', '2025-03-01']
    4 ['K2', 'NEJ', '2', '', 'x', '2025-03-01']
    """
    handle, owned = _open(source, name)
    spool: IO[bytes] | None = None
    try:
        start = 0
        try:
            seekable = handle.seekable()
            if seekable:
                start = handle.tell()
        except (OSError, ValueError):
            seekable = False
        if not seekable:
            spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the XmlContacts
        scan = _scan(_chunks(handle, spool, _CHUNK), name, encoding)
        reread = _rewound(handle, spool, start)
        if scan.reread_as is not None:  # declared otherwise than its bytes are: read again
            scan = _scan(_chunks(reread, None, _CHUNK), name, scan.reread_as, scan.notes)
            reread = _rewound(handle, spool, start)
    except BaseException:
        _close_all(handle if owned else None, spool)
        raise

    def close() -> None:
        _close_all(handle if owned else None, spool)

    rows = _rows(scan, _chunks(reread, None, _row_chunk(len(scan.header))), name, close)
    contacts = XmlContacts(scan.header, scan.meta, rows, close)
    contacts.notes = tuple(scan.notes)
    contacts.problems = scan.problems
    return contacts


def _rewound(handle: IO[bytes], spool: IO[bytes] | None, start: int) -> IO[bytes]:
    """The file at its start again: the spooled copy of a stream, or the file itself."""
    if spool is not None:
        spool.seek(0)
        return spool
    handle.seek(start)
    return handle


# -- internals ---------------------------------------------------------------------------------


class _Stop(Exception):
    """A limit or a forbidden construct met in a handler, with where it was.

    *whole*: the file is refused whole, not read up to it (the delivery's shape is wrong).
    """

    def __init__(self, reason: str, line: int, column: int, *, whole: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.column = column
        self.whole = whole


class _Refused(WaitingListError):
    """A :class:`_Stop` that refuses the whole file: raised by the first pass, before any row."""


class _Scan:
    """What the first pass found."""

    def __init__(self) -> None:
        self.header: tuple[str, ...] = ()
        self.index: dict[str, int] = {}  # attribute name as written -> column
        self.aliases = False  # two names as written share a local name
        self.meta: dict[str, str] = {}
        self.deferred: str | None = None  # the error that ended the first pass after a Besok
        # where the first pass refused a Besok's attribute names (its byte), or -1: the second
        # pass stops there too (it passes namespace declarations over, and would read on)
        self.stop_byte = -1
        self.encoding: str | None = None  # the encoding the passes read in (None: declared)
        self.reread_as: str | None = None  # read the file again in this encoding
        self.utf8 = True  # the file is read as UTF-8
        self.notes: list[str] = []
        self.besok_declares = False  # a Besok declares a namespace itself
        # the row error of the contact at each position (0-based, in the order of the rows)
        # that gives one variable twice with two values: filled as the rows are read
        self.problems: dict[int, str] = {}


def _open(source: str | Path | BinaryIO, name: str) -> tuple[BinaryIO, bool]:
    if isinstance(source, (str, Path)):
        try:
            return open(source, "rb"), True
        except OSError as error:
            raise WaitingListError(f"{name}: cannot open ({error.strerror})") from error
    return source, False


def _close_all(*handles: IO[bytes] | None) -> None:
    for handle in handles:
        if handle is not None:
            handle.close()


def _chunks(handle: IO[bytes], spool: IO[bytes] | None, size: int) -> Iterator[bytes]:
    while chunk := handle.read(size):
        if spool is not None:
            spool.write(chunk)
        yield chunk


def _row_chunk(width: int) -> int:
    """Bytes fed at a time in the second pass: rows pending between feeds stay near 4 MB.

    A ``Besok`` takes at least 8 bytes, and its row 8 bytes a column.
    """
    return max(4096, min(_CHUNK, (4 << 20) // max(width, 1)))


def _new_parser(encoding: str | None = None) -> expat.XMLParserType:
    parser = expat.ParserCreate(encoding)
    # Text comes to the handler in pieces of up to 64 KiB, not a call per line: the text
    # between elements (whitespace) is looked at (`_Shape.text`).
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.ordered_attributes = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(what: str) -> Callable[..., NoReturn]:
        def handler(*_: object) -> NoReturn:
            raise _Stop(what, parser.CurrentLineNumber, parser.CurrentColumnNumber)

        return handler

    parser.StartDoctypeDeclHandler = refuse(
        "a document type declaration (<!DOCTYPE ...>) is not allowed: the national format has "
        "none, and it could expand entities or read other files"
    )
    parser.EntityDeclHandler = refuse("an entity declaration is not allowed")
    parser.UnparsedEntityDeclHandler = refuse("an entity declaration is not allowed")
    parser.ExternalEntityRefHandler = refuse("an external entity is not allowed")
    return parser


class _Names:
    """Element names and other elements' attribute names met, with their local names."""

    def __init__(self, parser: expat.XMLParserType) -> None:
        self.parser = parser
        self.local: dict[str, str] = {}

    def add(self, qname: str) -> str:
        if len(self.local) >= MAX_NAMES:
            raise _Stop(
                f"more than {MAX_NAMES} different element and attribute names",
                self.parser.CurrentLineNumber,
                self.parser.CurrentColumnNumber,
            )
        _check_name(qname, self.parser)
        local = qname.rpartition(":")[2]
        local = self.local[qname] = _CANONICAL.get(_folded(local), local)
        return local

    def register(self, attributes: list[str]) -> None:
        """Count the names of an element's attributes against :data:`MAX_NAMES`, reading none.

        An element passed over (an extension's) is read no further, but the parser keeps every
        name it meets: a file of millions of different attribute names there would grow the
        memory without bound.
        """
        local = self.local
        for position in range(0, len(attributes), 2):
            if attributes[position] not in local:
                self.add(attributes[position])

    def attributes(self, attributes: list[str], element: str = "") -> dict[str, str]:
        """The attributes of an element other than ``Besok``, by local name.

        Two attributes that are one of the format's (``DatatGallerFor``, ...) by their local
        name, with different values, are refused: which one the month is would be a guess.
        """
        found: dict[str, str] = {}
        for position in range(0, len(attributes), 2):
            qname = attributes[position]
            local = self.local.get(qname)
            if local is None:
                local = self.add(qname)
            if qname == "xmlns" or qname.startswith("xmlns:"):
                found[qname] = attributes[position + 1]
            elif (
                found.setdefault(local, attributes[position + 1]) != attributes[position + 1]
                and local in _READ_ATTRIBUTES
            ):
                first = next(
                    attributes[k]
                    for k in range(0, position, 2)
                    if self.local.get(attributes[k]) == local
                )
                raise _Stop(
                    f"{element} has both {first!r} and {qname!r} (the same name) with "
                    f"different values ({found[local]!r}, {attributes[position + 1]!r})",
                    self.parser.CurrentLineNumber,
                    self.parser.CurrentColumnNumber,
                    whole=True,
                )
        return found


def _check_name(qname: str, parser: expat.XMLParserType) -> None:
    """Refuse a name longer than :data:`MAX_NAME_CHARS`."""
    if len(qname) > MAX_NAME_CHARS:
        raise _Stop(
            f"a name longer than {MAX_NAME_CHARS} characters ({qname[:40]!r}…)",
            parser.CurrentLineNumber,
            parser.CurrentColumnNumber,
        )


def _folded(name: str) -> str:
    """*name* as the format's own names are matched: regardless of case, ``ö`` as ``o``."""
    return name.casefold().replace("ö", "o")


#: The format's element names, and the attributes read from elements other than ``Besok``,
#: by their folded form (:func:`_folded`).
_CANONICAL: Final = {
    _folded(name): name for name in (*DELIVERIES, "Kontakt", "Besok", PERIOD, *_ROOT_ATTRIBUTES)
}
#: The attributes read from elements other than ``Besok``.
_READ_ATTRIBUTES: Final = frozenset((PERIOD, *_ROOT_ATTRIBUTES))
#: ``DatatGallerFor`` as :func:`_folded` folds it: a ``Besok`` attribute of this name is the month.
_PERIOD_FOLDED: Final = _folded(PERIOD)


class _Shape:
    """Refuses an element where the format has none, and passes over a schema's extensions.

    An element in a ``Kontakt`` (its child), in a ``Besok`` (its descendant) or in the delivery
    element (its child) in the namespace of that element is the format's: in a ``Kontakt``
    only a ``Besok`` may be one, in a ``Besok`` only a ``Besok`` (which is read wherever it
    is), in the delivery element a ``Kontakt`` (or a ``Besok``); any other is refused (a
    misspelt ``Kontakt`` or ``Besok`` would leave contacts unread).
    One of another namespace is a schema's extension (RIV-TA types allow them) and is passed
    over with everything in it, a ``Besok`` in it too. A ``Besok`` that is a ``Kontakt``'s
    child is a contact whatever its namespace (deliveries qualify their elements in many ways:
    an unprefixed ``Besok`` in a SOAP envelope's default namespace, a prefixed one under an
    unqualified ``Kontakt``), and its namespace is the format's from then on. Namespaces are
    compared by their names (URIs), however the file binds them to prefixes; the format's are
    those of the delivery element, the ``Kontakt``, the ``Besok`` elements read, and none (an
    element of no namespace, or of a prefix bound nowhere: an extension is of another
    namespace, never of none).

    A ``Besok`` holds no text either (its variables are attributes): text in one is refused,
    as an element there is; so is text (whitespace aside) directly in a ``Kontakt`` or in the
    delivery element, which hold elements only: a contact written as text there was dropped
    without a word.
    """

    def __init__(self, parser: expat.XMLParserType, *, besok_declares: bool = False) -> None:
        self.parser = parser
        self.kontakt = 0  # the depth of the Kontakt element we are in (0: none)
        self.besok = 0  # the depth of the outermost Besok we are in (0: none)
        self.delivery = 0  # the depth of the delivery element we are in (0: none)
        self.delivery_name = ""
        self.skip = 0  # the depth of the extension we are in (0: none): passed over
        #: the Besok elements passed over in extensions, and the line of the first
        self.passed = 0
        self.passed_line = 0
        self.besok_namespace = ""  # the outermost Besok's namespace
        #: the format's namespaces: none, the delivery element's, the Kontakt's, the Besok's
        self.formats: set[str] = {""}
        # the namespace declarations in scope: (depth, prefix -> namespace) of each element
        # that makes some; and each name's namespace under them
        self.bindings: list[tuple[int, dict[str, str]]] = []
        self.known: dict[str, str] = {}
        #: whether a Besok may declare namespaces itself (the first pass sets it as it meets
        #: one; the second is told): else a Besok's attributes are not looked through for them
        self.besok_declares = besok_declares
        parser.CharacterDataHandler = self.text

    def start(self, local: str, qname: str, depth: int, attributes: list[str]) -> bool:
        """Look at an element as it starts: ``True`` for a ``Besok`` to read as a contact."""
        if self.skip:
            if local == "Besok":  # (not read; said, so that none is lost in silence)
                self.passed += 1
                if self.passed == 1:
                    self.passed_line = self.parser.CurrentLineNumber
            return False
        own = None
        if local != "Besok" or self.besok_declares:
            own = _declarations(attributes)
            if own:
                self.bindings.append((depth, own))
                self.known.clear()
        namespace = self.known.get(qname)
        if namespace is None:
            namespace = self._namespace(qname)
            self.known[qname] = namespace
        where = None
        if self.besok:
            same, where = (
                namespace in (self.besok_namespace, ""),
                "a Besok, whose variables are all attributes",
            )
        elif self.kontakt and depth == self.kontakt + 1:
            same, where = (
                namespace in self.formats,
                "a Kontakt, which holds Besok elements only",
            )
        elif (
            self.delivery
            and depth == self.delivery + 1
            and local not in ("Kontakt", "Besok")
            and not self.kontakt
        ):
            same, where = (
                namespace in self.formats,
                f"a {self.delivery_name}, which holds a Kontakt",
            )
        if local == "Besok":
            if self.besok and not same:  # in a Besok, of another namespace: an extension
                self.skip = depth
                return False
            if where is not None and not self.besok:  # a Kontakt's: a contact
                self.formats.add(namespace)
            if not self.besok:
                self.besok, self.besok_namespace = depth, namespace
            return True
        if where is not None:
            if same:
                raise _Stop(
                    f"an element {qname!r} in {where} (national-reporting: XML shape); its "
                    "data would be left unread",
                    self.parser.CurrentLineNumber,
                    self.parser.CurrentColumnNumber,
                    whole=True,
                )
            self.skip = depth  # an extension, with all it holds
            return False
        if local == "Kontakt" and not self.kontakt:
            self.kontakt = depth
            self.formats.add(namespace)
        elif local in DELIVERIES:
            self.formats.add(namespace)
            if not self.delivery:
                self.delivery, self.delivery_name = depth, local
        return False

    def end(self, depth: int) -> None:
        if depth == self.skip:
            self.skip = 0
        elif depth == self.besok:
            self.besok = 0
        elif depth == self.kontakt:
            self.kontakt = 0
        elif depth == self.delivery:
            self.delivery = 0
        if self.bindings and self.bindings[-1][0] == depth:
            self.bindings.pop()
            self.known.clear()

    def text(self, data: str) -> None:
        """Text (whitespace aside) in a ``Besok``, a ``Kontakt`` or the delivery: refused."""
        if self.skip or data.isspace():
            return
        if self.besok:
            where = "a Besok (national-reporting: XML shape, every variable an attribute)"
        elif self.kontakt:
            where = "a Kontakt (national-reporting: XML shape, a Kontakt holds Besok elements)"
        elif self.delivery:
            where = (
                f"a {self.delivery_name} (national-reporting: XML shape, it holds Kontakt elements)"
            )
        else:  # (outside the delivery: a wrapper's, not the format's)
            return
        raise _Stop(
            f"text in {where}: {data.strip()[:40]!r}; its data would be left unread",
            self.parser.CurrentLineNumber,
            self.parser.CurrentColumnNumber,
            whole=True,
        )

    def _namespace(self, qname: str) -> str:
        prefix = qname.rpartition(":")[0]
        for _depth, bound in reversed(self.bindings):
            if prefix in bound:
                return bound[prefix]
        return ""  # (none, or a prefix bound nowhere: taken as none)


def _declarations(attributes: list[str]) -> dict[str, str]:
    """The namespace declarations among an element's attributes: prefix (``""``) -> name."""
    found: dict[str, str] = {}
    for position in range(0, len(attributes), 2):
        name = attributes[position]
        if name.startswith("xmlns"):
            if name == "xmlns":
                found[""] = attributes[position + 1]
            elif name.startswith("xmlns:"):
                found[name[6:]] = attributes[position + 1]
    return found


def _too_deep(parser: expat.XMLParserType) -> _Stop:
    return _Stop(
        f"elements nested more than {MAX_DEPTH} deep",
        parser.CurrentLineNumber,
        parser.CurrentColumnNumber,
    )


def _steps(
    parser: expat.XMLParserType, chunks: Iterator[bytes], name: str, *, utf8: bool = True
) -> Iterator[int]:
    """Feed *chunks* to *parser*, yielding the bytes fed so far after each.

    Raises:
        WaitingListError: expat's error, a :class:`_Stop` from a handler, or a piece of markup
            longer than :data:`MAX_TOKEN_BYTES`, naming the line and column (1-based).
    """
    fed = 0
    ending = False
    chunk = b""
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
            fed += len(chunk)
            # Outside a callback the index is just past the last complete piece of markup:
            # what lies beyond is what expat holds, waiting for the end of a tag.
            if fed - max(parser.CurrentByteIndex, 0) > MAX_TOKEN_BYTES:
                raise _Stop(
                    f"a tag, attribute value or comment longer than {MAX_TOKEN_BYTES} bytes",
                    parser.CurrentLineNumber,
                    parser.CurrentColumnNumber,
                )
            yield fed
        ending = True
        parser.Parse(b"", True)
        yield fed
    except expat.ExpatError as error:
        reason = expat.ErrorString(error.code)
        if ending:
            reason = f"the file ends before the XML is complete ({reason}; is it cut short?)"
        elif error.code == expat.errors.codes[expat.errors.XML_ERROR_INCORRECT_ENCODING]:
            reason += (
                "; the file is not in the encoding its declaration names (give --encoding with "
                "the file's: utf-8, cp1252 or utf-16)"
            )
        elif error.code == expat.errors.codes[expat.errors.XML_ERROR_INVALID_TOKEN]:
            # (the bytes where expat stopped, if they are in the chunk it was given last)
            at = parser.ErrorByteIndex - fed
            there = chunk[at : at + 4] if 0 <= at < len(chunk) else b""
            if utf8 and there and _not_utf8(there):
                reason += (
                    "; the bytes there are not UTF-8 (Windows-1252? then give --encoding cp1252)"
                )
            elif not utf8 and there[:1] >= b"\x80" and not _not_utf8(there):
                # (a declaration of US-ASCII, say, over UTF-8 bytes)
                reason += "; the bytes there are UTF-8 (then give --encoding utf-8)"
        raise WaitingListError(
            f"{name}: line {error.lineno}, column {error.offset + 1}: XML error: {reason}"
        ) from None
    except _Stop as stop:
        kind = _Refused if stop.whole else WaitingListError
        raise kind(f"{name}: line {stop.line}, column {stop.column + 1}: {stop.reason}") from None
    except (LookupError, ValueError) as error:
        # expat asks Python for the codec its declaration names: an unknown name is a
        # LookupError, a codec of several bytes a character (utf-7, a CJK one) a ValueError,
        # a codec that is no character encoding (idna, punycode) a UnicodeError
        if not (
            type(error) is LookupError
            or isinstance(error, UnicodeError)
            or "encoding" in str(error)
        ):
            raise
        raise WaitingListError(
            f"{name}: line 1: the XML declaration names an encoding that cannot be read "
            f"({error}); save the file as UTF-8"
        ) from None


#: Encodings a declaration may name in which (nearly) every byte is a character: a UTF-8 file
#: so declared reads without an error, its letters beyond ASCII as two or three others. (By
#: the codec's own name: every other name of them, ``ISO_8859-1``, ``cp819``, ``latin``, too.)
_SINGLE_BYTE: Final = frozenset({"iso8859-1", "cp1252", "iso8859-15"})


def _not_utf8(data: bytes) -> bool:
    """Whether *data*, from where a character begins, holds a byte that is not UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.reason != "unexpected end of data"  # (a character cut at the end)
    return False


def _single_byte(declared: str | None) -> bool:
    """Whether *declared* names one of the :data:`_SINGLE_BYTE` encodings, by any name."""
    if declared is None:
        return False
    try:
        return codecs.lookup(declared).name in _SINGLE_BYTE
    except LookupError:
        return False


_DECLARATION: Final = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']"""
)


#: The XML declaration's encoding in text (a UTF-16 file's, decoded).
_DECLARED_TEXT: Final = re.compile(
    r"""\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']"""
)


def _marked(first: bytes) -> tuple[str, tuple[str, ...]] | None:
    """The byte-order mark *first* begins with: its encoding's name and the codecs it fits."""
    if first.startswith((b"\xff\xfe", b"\xfe\xff")):
        big = first.startswith(b"\xfe\xff")
        return "UTF-16", ("utf-16", "utf-16-be" if big else "utf-16-le")
    if first.startswith(b"\xef\xbb\xbf"):
        return "UTF-8", ("utf-8", "utf-8-sig")
    return None


def _codec(encoding: str) -> str:
    """The codec's own name for *encoding* (``UTF8`` -> ``utf-8``), or *encoding* unknown."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding


def _declared(first: bytes) -> str | None:
    """The encoding the XML declaration at the start of *first* names (lowercased), if any."""
    found = _DECLARATION.match(first)
    return None if found is None else found.group(1).decode("ascii").lower()


class _Utf8:
    """Whether the bytes fed through it are UTF-8, and any is beyond ASCII."""

    def __init__(self) -> None:
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.valid = True
        self.beyond_ascii = False

    def through(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            if not self.beyond_ascii and not chunk.isascii():
                self.beyond_ascii = True
            if self.valid and self.beyond_ascii:
                try:
                    self.decoder.decode(chunk)
                except UnicodeDecodeError:
                    self.valid = False
            yield chunk
        if self.valid:
            try:
                self.decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                self.valid = False


def _scan(
    chunks: Iterator[bytes],
    name: str,
    encoding: str | None = None,
    notes: list[str] | None = None,
) -> _Scan:
    """The first pass: the attribute names used, the root and the period.

    With *encoding* ``None``, it also looks whether the bytes of a file declared in a
    single-byte encoding are UTF-8 (:attr:`_Scan.reread_as`). A byte-order mark at the start
    decides over *encoding* (with a note when they differ).
    """
    first = next(chunks, b"")
    if not first:
        raise WaitingListError(f"{name}: empty file (no XML)")
    marked = _marked(first)
    if encoding is not None and marked is not None and _codec(encoding) not in marked[1]:
        notes = [] if notes is None else notes
        notes.append(
            f"{name}: the file begins with a {marked[0]} byte-order mark: read as {marked[0]}, "
            f"not as --encoding {encoding}"
        )
        encoding = None  # (expat reads the mark)
    if encoding is None and marked is not None and marked[0] == "UTF-16":
        # A declaration of another encoding (PowerShell 5's Out-File keeps "UTF-8" and writes
        # UTF-16): expat refuses the file; the mark decides, as over --encoding
        head = first[2:400].decode(marked[1][1], "ignore")
        found = _DECLARED_TEXT.match(head)
        if found is not None and _codec(found.group(1)) not in marked[1]:
            notes = [] if notes is None else notes
            notes.append(
                f"{name}: the XML declaration says {found.group(1).lower()}, but the file "
                "begins with a UTF-16 byte-order mark: read as UTF-16"
            )
            encoding = "UTF-16"  # (given to expat, it overrides the declaration)
    elif encoding is None and marked is not None:  # a UTF-8 mark under a UTF-16 declaration
        found = _DECLARED_TEXT.match(first[3:400].decode("utf-8", "ignore"))
        if found is not None and _codec(found.group(1)).startswith(("utf-16", "utf-32")):
            notes = [] if notes is None else notes
            notes.append(
                f"{name}: the XML declaration says {found.group(1).lower()}, but the file "
                "begins with a UTF-8 byte-order mark: read as UTF-8"
            )
            encoding = "UTF-8"
    parser = _new_parser(encoding)
    names = _Names(parser)
    shape = _Shape(parser)
    seen: set[str] = set()  # Besok attribute names as written
    written: dict[str, str] = {}  # ... with their columns, in order of first appearance
    # A variable's column, by its local name as the profile matches columns (column_key: in
    # any case, in either Unicode form; not ö as o, which the format's own names only get):
    # names that differ so are one variable, under the spelling met first.
    spelt: dict[str, str] = {}
    depth = 0
    contacts = 0
    meta: dict[str, str] = {"root": "", "namespace": "", "delivery": "", PERIOD: ""}
    has_period = False

    def new_columns(attributes: list[str]) -> None:
        for qname in attributes:
            if qname in seen:
                continue
            try:
                if len(seen) >= MAX_COLUMNS:
                    raise _Stop(
                        f"more than {MAX_COLUMNS} different attribute names on Besok elements",
                        parser.CurrentLineNumber,
                        parser.CurrentColumnNumber,
                    )
                _check_name(qname, parser)
            except _Stop:
                scan.stop_byte = parser.CurrentByteIndex  # (where the second pass stops too)
                raise
            seen.add(qname)
            if qname != "xmlns" and not qname.startswith("xmlns:"):
                local = qname.rpartition(":")[2]
                # (the month, as the Kontakt's, is matched as the format's names are: one column)
                written[qname] = (
                    PERIOD
                    if _folded(local) == _PERIOD_FOLDED
                    else spelt.setdefault(column_key(local), local)
                )

    # The month (DatatGallerFor) of the delivery: that of the Kontakt of its first contact in
    # one that has it (an empty Kontakt before it, of another month, does not say the
    # delivery's); else the first Kontakt's.
    period = ""  # the current Kontakt's
    first_period: str | None = None  # the first Kontakt's
    # A delivery holds one Kontakt, and its contacts are in it (national-reporting: XML
    # shape): the Kontakt elements, and the contacts outside any, each with its first line.
    kontakts = outside = 0
    second_line = outside_line = 0

    def start(qname: str, attributes: list[str]) -> None:
        nonlocal depth, contacts, has_period, period, first_period
        nonlocal kontakts, outside, second_line, outside_line
        depth += 1
        if depth > MAX_DEPTH:
            raise _too_deep(parser)
        local = names.local.get(qname)
        if local is None:
            local = names.add(qname)
        if local == "Besok":
            used = attributes[0::2]
            fresh = not seen.issuperset(used)
            if fresh and not shape.besok_declares:
                shape.besok_declares = any(qname.startswith("xmlns") for qname in used)
            if shape.start(local, qname, depth, attributes):
                if fresh:  # (a limit here stops before this contact: with none before it,
                    new_columns(used)  # the file is refused, not read in part)
                contacts += 1
                if not shape.kontakt:
                    outside += 1
                    outside_line = outside_line or parser.CurrentLineNumber
                if not has_period and period:
                    meta[PERIOD] = period
                    has_period = True
            else:  # (in an extension: passed over, its names counted)
                names.register(attributes)
            return
        shape.start(local, qname, depth, attributes)
        if shape.skip:  # an extension: passed over, its names counted
            names.register(attributes)
            return
        found = names.attributes(attributes, qname)
        if local in DELIVERIES:
            if not meta["delivery"]:
                meta["delivery"] = local
            elif local != meta["delivery"]:  # its contacts would be read as the first's
                raise _Stop(
                    f"a second delivery, {qname}, after {meta['delivery']}: a file holds "
                    "one delivery (waiting or completed); give each its own file",
                    parser.CurrentLineNumber,
                    parser.CurrentColumnNumber,
                    whole=True,
                )
        if depth == 1:
            meta["root"] = local
            prefix = qname.rpartition(":")[0]
            meta["namespace"] = found.get(f"xmlns:{prefix}" if prefix else "xmlns", "")
            meta.update((key, found[key]) for key in _ROOT_ATTRIBUTES if key in found)
        if local == "Kontakt":
            period = found.get(PERIOD, "")
            if first_period is None:
                first_period = period
            kontakts += 1
            if kontakts == 2:
                second_line = parser.CurrentLineNumber

    def end(_: str) -> None:
        nonlocal depth
        shape.end(depth)
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    scan = _Scan()
    scan.encoding = encoding
    scan.notes = notes if notes is not None else []
    declared = _declared(first) if encoding is None else None
    watch = _Utf8() if _single_byte(declared) else None
    # (read as UTF-8: expat's "invalid token" may be a byte of another encoding, to name)
    scan.utf8 = (encoding or declared or "utf-8").lower().replace("_", "-") in (
        "utf-8",
        "utf8",
    ) and not first.startswith((b"\xff\xfe", b"\xfe\xff"))
    fed = itertools.chain((first,), chunks)
    try:
        for _ in _steps(parser, fed if watch is None else watch.through(fed), name, utf8=scan.utf8):
            pass
    except _Refused as error:  # a delivery of the wrong shape: no row is read
        raise WaitingListError(str(error)) from None
    except WaitingListError as error:
        if not contacts:
            raise
        scan.deferred = str(error)
        if scan.stop_byte < 0:  # (the second pass stops where this one did, whatever stopped it)
            scan.stop_byte = parser.CurrentByteIndex
    if not contacts and not meta["delivery"]:
        expected = " or ".join(DELIVERIES)
        raise WaitingListError(
            f"{name}: no Besok elements (the root element is {meta['root']!r}, and there is no "
            f"{expected})"
        )
    if not has_period:
        meta[PERIOD] = first_period or ""
    meta["contacts"] = str(contacts)
    scan.besok_declares = shape.besok_declares
    if kontakts > 1:
        scan.notes.append(
            f"{name}: {kontakts} Kontakt elements (the second on line {second_line}): a "
            "delivery holds one, for its month (national-reporting: XML shape); each contact is "
            "read with the DatatGallerFor of its own Kontakt"
        )
    if outside:
        scan.notes.append(
            f"{name}: {outside} Besok element{'s' if outside > 1 else ''} outside any Kontakt "
            f"(the first on line {outside_line}): a delivery's contacts are in its Kontakt "
            "(national-reporting: XML shape); read without a Kontakt's DatatGallerFor"
        )
    if shape.passed:
        scan.notes.append(
            f"{name}: {shape.passed} Besok element{'s' if shape.passed > 1 else ''} inside "
            "elements of another namespace (schema extensions) passed over, not read as "
            f"contacts (the first on line {shape.passed_line}); if they are contacts, move them "
            "out of those elements"
        )
    if watch is not None and watch.valid and watch.beyond_ascii:
        scan.reread_as = "utf-8"
        scan.notes.append(
            f"{name}: the XML declaration says {declared}, but the file begins with a UTF-8 "
            "byte-order mark: read as UTF-8"
            if marked is not None  # (the mark decides, whatever --encoding says)
            else f"{name}: the XML declaration says {declared}, but the bytes are UTF-8 (å, ä, "
            "ö would read as Ã¥, Ã¤, Ã¶): read as UTF-8 (--encoding cp1252 reads it as declared)"
        )
    elif watch is not None and marked is not None and not watch.valid:
        scan.notes.append(  # (the mark and the declaration differ, and the bytes side with it)
            f"{name}: the file begins with a UTF-8 byte-order mark, but its bytes are not UTF-8: "
            f"read as the XML declaration says, {declared}"
        )
    locals_ = list(dict.fromkeys(written.values()))
    # A delivery with no Besok (nothing waiting, nothing completed) is a valid one: it gets the
    # variables every Besok has, so that it reads as a national delivery of no rows.
    used = set(written.values()) if contacts else set(_REQUIRED)
    columns = [
        *(variable for variable in NATIONAL_VARIABLES if variable in used),
        *(local for local in locals_ if local not in _NATIONAL and local != PERIOD),
        PERIOD,
    ]
    position = {column: number for number, column in enumerate(columns)}
    scan.header = tuple(columns)
    scan.index = {qname: position[local] for qname, local in written.items()}
    scan.aliases = len(written) != len(locals_)
    scan.meta = meta
    return scan


def _rows(
    scan: _Scan, chunks: Iterator[bytes], name: str, close: Callable[[], None]
) -> Iterator[tuple[int, list[str]]]:
    """The second pass: one ``(line, cells)`` per ``Besok``."""
    parser = _new_parser(scan.encoding)
    names = _Names(parser)
    shape = _Shape(parser, besok_declares=scan.besok_declares)
    index = scan.index
    template = [""] * len(scan.header)
    period = len(template) - 1
    pending: list[tuple[int, list[str]]] = []
    depth = 0
    kontakt_depth = 0
    rows = 0  # the contacts read so far (the position of the next, in scan.problems)

    def unknown(qname: str) -> NoReturn:
        reason = scan.deferred or (
            f"{name}: line {parser.CurrentLineNumber}: attribute {qname!r} was not there when the "
            "file was first read (did the file change while being read?)"
        )
        raise WaitingListError(reason)

    def duplicates(attributes: list[str]) -> str | None:
        """The row error of one variable given twice on a ``Besok`` with two values, if so.

        Two names are one variable by their local name (``Fas``, ``a:Fas``), in any case
        (``Fas``, ``fas``); the same value twice is one value. The contact is a row with an
        error, naming the variable: the rows around it are read on.
        """
        taken: dict[int, tuple[str, str]] = {}
        for position in range(0, len(attributes), 2):
            qname, value = attributes[position], attributes[position + 1]
            column = index.get(qname)
            if column is None:
                continue
            first, seen = taken.setdefault(column, (qname, value))
            if first != qname and seen != value:
                return (
                    f"{scan.header[column]}: given twice on the Besok, as {echo(first)} "
                    f"({echo(seen)}) and {echo(qname)} ({echo(value)}); give it once"
                )
        return None

    def start(qname: str, attributes: list[str]) -> None:
        nonlocal depth, kontakt_depth, rows
        depth += 1
        if depth > MAX_DEPTH:
            raise _too_deep(parser)
        if 0 <= scan.stop_byte <= parser.CurrentByteIndex:  # where the first pass stopped
            unknown(attributes[0] if attributes else "")
        local = names.local.get(qname)
        if local is None:
            local = names.add(qname)
        if local == "Besok":
            if not shape.start(local, qname, depth, attributes):
                return
            row = template[:]
            for position in range(0, len(attributes), 2):
                column = index.get(attributes[position])
                if column is None:
                    qname = attributes[position]
                    if qname == "xmlns" or qname.startswith("xmlns:"):
                        continue
                    unknown(qname)
                row[column] = attributes[position + 1]
            if scan.aliases:
                problem = duplicates(attributes)
                if problem is not None:
                    scan.problems[rows] = problem
            rows += 1
            pending.append((parser.CurrentLineNumber, row))
            return
        shape.start(local, qname, depth, attributes)
        if shape.skip:  # an extension: passed over
            return
        found = names.attributes(attributes, qname)
        if local == "Kontakt":
            template[period] = found.get(PERIOD, "")
            kontakt_depth = depth

    def end(_: str) -> None:
        nonlocal depth, kontakt_depth
        shape.end(depth)
        if depth == kontakt_depth:
            template[period] = ""
            kontakt_depth = 0
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        steps = _steps(parser, chunks, name, utf8=scan.utf8)
        while True:
            try:
                next(steps)
            except StopIteration:
                break
            except WaitingListError:
                yield from pending
                raise
            yield from pending
            pending.clear()
    finally:
        close()
