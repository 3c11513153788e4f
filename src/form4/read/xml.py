"""Read ownership XML (every schema version, 2003 to X0609) into a Filing.

Two steps, so nothing is dropped unseen: the document is parsed safely (no DTD, no entities, no
network), then walked element by element against the layout in ``form4._layout``; every value is
typed on the way, and whatever does not fit (an unknown element, a value outside its wrapper) is
recorded as a warning with its element path. Missing essentials and values that are not what they
claim to be (``"12,5x"`` as a number) raise ``InvalidFilingError`` naming the element.
"""

from __future__ import annotations

import base64
import binascii
import re
import threading
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from form4 import _layout as L
from form4.errors import (
    InvalidFilingError,
    MalformedXMLError,
    ReadWarning,
    UnrecognizedFormatError,
    UnsafeInputError,
)
from form4.model import (
    Address,
    EdgarHeader,
    Filing,
    Issuer,
    ReportingOwner,
    Signature,
    Source,
)
from form4.read._build import builder

__all__ = ["DOCUMENT_TYPES", "parse_xml", "read_xml"]

DOCUMENT_TYPES = frozenset({"3", "3/A", "4", "4/A", "5", "5/A"})

_parsers = threading.local()


def _parser() -> etree.XMLParser:
    # lxml parsers are not safe to share between threads; one per thread is cheap.
    parser: etree.XMLParser | None = getattr(_parsers, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_blank_text=True,  # fewer nodes: faster to build and to walk
            remove_comments=True,
            remove_pis=True,
            collect_ids=False,
        )
        _parsers.parser = parser
    return parser


_XML_DECL = re.compile(rb"^<\?xml[^>]*?\?>")
_DECL_ENCODING = re.compile(rb"""encoding\s*=\s*["'][^"']*["']""")


def parse_xml(
    data: bytes,
    name: str,
    warnings: list[ReadWarning],
    *,
    line_offset: int = 0,
    from_text: bool = False,
) -> etree._Element:
    """Parse bytes into an element tree, refusing DTDs and entities; errors name the line.

    ``line_offset`` shifts reported lines when the XML sits inside a larger file (a submission).
    ``from_text`` says the bytes were encoded by us as UTF-8, so a declared encoding is void.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data[:1].isspace():
        # An XML declaration must be the very first bytes; filings sometimes lead with blank lines.
        stripped = data.lstrip()
        line_offset += data.count(b"\n", 0, len(data) - len(stripped))
        data = stripped
    root_start = _ROOT_START.search(data)
    end = root_start.start() if root_start else len(data)
    if data.find(b"<!DOCTYPE", 0, end) >= 0 or data.find(b"<!ENTITY", 0, end) >= 0:
        line = line_offset + data.count(b"\n", 0, data.find(b"<!")) + 1
        raise _unsafe(name, f"line {line}")
    if from_text:
        data = _without_encoding(data)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        if "UTF-8" in str(error) or "character encoding" in str(error):
            root = _recoded(data, warnings, line_offset)
            if root is not None:
                return _no_doctype(root, name)
        raise _syntax_error(error, name, line_offset) from None
    return _no_doctype(root, name)


# A character decoded from UTF-8 that is not ASCII, and not one of the lone surrogates that
# ``surrogateescape`` makes of bytes that are not UTF-8.
_DECODED = re.compile("[\u0080-\udc7f\udd00-\U0010ffff]")
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def _recoded(data: bytes, warnings: list[ReadWarning], line_offset: int) -> Any:
    """The tree of a document whose bytes are not all UTF-8, or None when it still fails.

    A document without a single UTF-8 sequence beyond ASCII is taken as Windows-1252 (older
    filings were sometimes written so without saying it). A document that has UTF-8 sequences is
    UTF-8 with some bytes damaged: each value holding such a byte is left out with a warning
    naming its place, and every other value is read as written.
    """
    text = data.decode("utf-8", "surrogateescape")
    first = _ESCAPED_BYTE.search(text)
    if first is None:  # the parser's complaint was not about the bytes
        return None
    line = line_offset + text.count("\n", 0, first.start()) + 1
    if _DECODED.search(text) is None:
        try:
            root = etree.fromstring(_without_encoding(data.decode("cp1252").encode()), _parser())
        except (etree.XMLSyntaxError, UnicodeDecodeError):
            return None
        warnings.append(
            ReadWarning(f"line {line}", "not UTF-8 and no UTF-8 anywhere; read as Windows-1252")
        )
        return root
    used = set(_PRIVATE_USE.findall(text))  # looked for once, not once per candidate
    marker = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in used)
    repaired = _ESCAPED_BYTE.sub(marker, text).encode()
    try:
        root = etree.fromstring(_without_encoding(repaired), _parser())
    except etree.XMLSyntaxError:
        return None  # a damaged byte inside markup: the document is broken, not one value
    ctx = _Context("", warnings, line_offset)
    for el in root.iter():
        if el.text is not None and marker in el.text:
            el.text = None
            ctx.warn(el, "bytes that are not UTF-8; value left out")
        if el.tail is not None and marker in el.tail:
            el.tail = None
    return root


# The root element's start tag: a DTD (and so any entity declaration) can only come before it.
_ROOT_START = re.compile(rb"<[A-Za-z_:]")


def _unsafe(name: str, place: str) -> UnsafeInputError:
    return UnsafeInputError(
        name,
        "declares a DTD or entities; ownership filings never do, so it is refused "
        "(entity expansion and external entities are a known attack)",
        place,
    )


def _no_doctype(root: etree._Element, name: str) -> etree._Element:
    """A backstop to the byte scan: the parsed document must carry no DTD at all."""
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:  # type: ignore[attr-defined]
        raise _unsafe(name, "document type declaration")
    return root


def _without_encoding(data: bytes) -> bytes:
    """The bytes with a declared encoding rewritten to UTF-8 (for bytes we know to be UTF-8)."""
    match = _XML_DECL.match(data)
    if match and _DECL_ENCODING.search(match.group(0)):
        return _DECL_ENCODING.sub(b'encoding="utf-8"', match.group(0)) + data[match.end() :]
    return data


def _syntax_error(error: etree.XMLSyntaxError, name: str, line_offset: int) -> MalformedXMLError:
    line, column = error.position if error.position else (error.lineno or 0, 0)
    message = error.msg or str(error)
    if "Premature end" in message or "EndTag" in message or "end of data" in message.lower():
        reason = f"XML ends too early (truncated?): {message}"
    else:
        reason = f"not well-formed XML: {message}"
    return MalformedXMLError(name, reason, f"line {line + line_offset}, column {column}")


class _Context:
    """What the walk needs to type values and report places: the source name and warnings."""

    __slots__ = ("_paths", "_steps", "line_offset", "name", "warnings")

    def __init__(self, name: str, warnings: list[ReadWarning], line_offset: int) -> None:
        self.name = name
        self.warnings = warnings
        self.line_offset = line_offset
        # Per parent element: how its children's path steps are found (None when a child has
        # a namespace), and its own path. See ``_path``.
        self._steps: dict[Any, _Steps | None] = {}
        self._paths: dict[Any, str] = {}

    def _path(self, el: etree._Element) -> str:
        """``el.getroottree().getpath(el)``, without counting an element's siblings anew for
        each element warned about.

        libxml2 finds an element's index (``x[3]``) by counting its same-named siblings on every
        call, which a document with many warned siblings pays once per warning. The steps here
        are the same (see ``_Steps``); a namespaced child (a step spelt ``*`` or ``prefix:name``)
        leaves its siblings to libxml2.
        """
        parent = el.getparent()
        if parent is not None:
            if parent in self._steps:
                steps = self._steps[parent]
            else:
                steps = self._steps[parent] = _Steps.of(parent)
            step = None if steps is None else steps.step(el)
            if step is not None:
                path = self._paths.get(parent)
                if path is None:
                    path = self._paths[parent] = self._path(parent)
                return f"{path}/{step}"
        return el.getroottree().getpath(el)

    def place(self, el: etree._Element) -> str:
        path = self._path(el)
        line = el.sourceline
        if not isinstance(line, int):
            return path
        return f"{path} (line {line + self.line_offset})"

    def warn(self, el: etree._Element, message: str) -> None:
        self.warnings.append(ReadWarning(self.place(el), message))

    def invalid(self, el: etree._Element, reason: str) -> InvalidFilingError:
        return InvalidFilingError(self.name, reason, self.place(el))

    # -- typed values --------------------------------------------------------------------------
    def text(self, el: etree._Element, raw: str) -> str | None:
        value = raw.strip()
        return value or None

    _NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
    _LENIENT_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")

    def decimal(self, el: etree._Element, raw: str) -> Decimal | None:
        text = raw.strip()
        if not text:
            return None
        if self._NUMBER.fullmatch(text):
            return Decimal(text)
        cleaned = text.replace(",", "").replace("$", "").replace(" ", "")
        if self._LENIENT_NUMBER.fullmatch(cleaned):
            self.warn(el, f"number {text!r} is not in the schema's form; read as {cleaned}")
            try:
                return Decimal(cleaned)
            except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
                pass
        raise self.invalid(el, f"{text!r} is not a number")

    _DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(.*)", re.ASCII)
    _US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)

    def date(self, el: etree._Element, raw: str) -> date | None:
        text = raw.strip()
        if not text:
            return None
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        match = self._DATE.fullmatch(text)
        us = None if match else self._US_DATE.fullmatch(text)
        try:
            if match:
                value = date(int(match[1]), int(match[2]), int(match[3]))
                if match[4]:
                    self.warn(el, f"date {text!r} carries a time zone or suffix; read as {value}")
                return value
            if us:
                value = date(int(us[3]), int(us[1]), int(us[2]))
                self.warn(el, f"date {text!r} is not YYYY-MM-DD; read as {value}")
                return value
        except ValueError:
            pass
        raise self.invalid(el, f"{text!r} is not a date")

    _TRUE = frozenset({"1", "true"})
    _FALSE = frozenset({"0", "false"})

    def boolean(self, el: etree._Element, raw: str) -> bool | None:
        text = raw.strip()
        if not text:
            return None
        if text in self._TRUE:
            return True
        if text in self._FALSE:
            return False
        lowered = text.lower()
        if lowered in self._TRUE or lowered in ("y", "yes", "x"):
            self.warn(el, f"boolean {text!r} read as true")
            return True
        if lowered in self._FALSE or lowered in ("n", "no"):
            self.warn(el, f"boolean {text!r} read as false")
            return False
        raise self.invalid(el, f"{text!r} is not a boolean (0, 1, true or false)")


class _Steps:
    """The last path steps of one element's children as libxml2 spells them: the name, with the
    child's 1-based place among the children of that name when there are several (``x[3]``).

    A place is counted walking forward from the child asked last: the reader warns about the
    children in document order, so each child is passed once in all, and only their names are
    kept. Asked about children out of order time and again, it indexes them all once instead.
    """

    __slots__ = ("counts", "index", "last", "parent", "restarts", "seen")

    def __init__(self, parent: etree._Element, counts: dict[str, int]) -> None:
        self.parent = parent
        self.counts = counts  # name -> how many children have it
        self.last: etree._Element | None = None  # the child whose place was found last
        self.seen: dict[str, int] = {}  # name -> children of it up to ``last``, included
        self.restarts = 0  # walks begun again from the first child
        self.index: dict[Any, str] | None = None  # child -> step, once built

    @classmethod
    def of(cls, parent: etree._Element) -> _Steps | None:
        """The steps of ``parent``'s children; None when one of them has a namespace."""
        counts: dict[str, int] = {}
        for child in parent:
            tag = child.tag
            if isinstance(tag, str):
                if tag[:1] == "{":
                    return None
                counts[tag] = counts.get(tag, 0) + 1
        return cls(parent, counts)

    def step(self, child: etree._Element) -> str | None:
        """The step of ``child``; None when it is no element child of this parent."""
        tag = child.tag
        if not isinstance(tag, str) or tag not in self.counts:
            return None
        if self.counts[tag] == 1:
            return tag
        if self.index is not None:
            return self.index.get(child)
        if child is self.last:
            return f"{tag}[{self.seen[tag]}]"
        number = self._walk(self.last, child) if self.last is not None else None
        if number is None and self.last is not None:
            self.restarts += 1
            if self.restarts > 8:
                self.index = self._indexed()
                return self.index.get(child)
        if number is None:  # before the child asked last: count from the first child again
            number = self._walk(None, child)
        return None if number is None else f"{tag}[{number}]"

    def _walk(self, start: etree._Element | None, child: etree._Element) -> int | None:
        """Count names from after ``start`` (from the first child when None) up to ``child``;
        its place among its name, or None when ``child`` does not come after ``start``."""
        if start is None:
            self.seen = {}
            node = self.parent[0] if len(self.parent) else None
        else:
            node = start.getnext()
        seen = self.seen
        while node is not None:
            tag = node.tag
            if isinstance(tag, str):
                seen[tag] = seen.get(tag, 0) + 1
                if node is child:
                    self.last = child
                    return seen[tag]
            node = node.getnext()
        return None

    def _indexed(self) -> dict[Any, str]:
        seen: dict[str, int] = {}
        steps: dict[Any, str] = {}
        for child in self.parent:
            tag = child.tag
            if isinstance(tag, str):
                seen[tag] = number = seen.get(tag, 0) + 1
                steps[child] = f"{tag}[{number}]" if self.counts[tag] > 1 else tag
        return steps


def _own_text(el: etree._Element) -> str:
    if len(el):
        return "".join(str(text) for text in el.itertext())
    return el.text or ""


# Roles of the elements inside a table row, for the one-pass walk in ``_row``.
_LEAF, _GROUP, _CODING, _TIMELINESS, _DIRECT, _VALUE, _FOOTNOTE = range(7)
_CODING_CHILDREN = {
    "transactionFormType": ("form_type", "text"),
    "transactionCode": ("code", "text"),
    "equitySwapInvolved": ("equity_swap", "bool"),
}


def _row_spec(layout: tuple[L.Part, ...]) -> dict[str, tuple[int, Any, str, str | None]]:
    """Element tag -> (role, model field, kind, parent group) for every element of such a row.

    The parent group is None for elements that sit directly in the row.
    """
    spec: dict[str, tuple[int, Any, str, str | None]] = {
        "value": (_VALUE, None, "", None),
        "footnoteId": (_FOOTNOTE, None, "", None),
    }
    for part in layout:
        if isinstance(part, L.Leaf):
            spec[part.tag] = (_LEAF, part.field, part.kind, None)
        elif isinstance(part, L.Group):
            spec[part.tag] = (_GROUP, None, "", None)
            for leaf in part.leaves:
                spec[leaf.tag] = (_LEAF, leaf.field, leaf.kind, part.tag)
        elif isinstance(part, L.Coding):
            spec[part.tag] = (_CODING, "coding", "", None)
            for tag, (field, kind) in _CODING_CHILDREN.items():
                spec[tag] = (_DIRECT, field, kind, part.tag)
        else:
            spec[part.tag] = (_TIMELINESS, "timeliness", "text", None)
    return spec


_ROW_INDEX = {
    tag: (builder(cls), _row_spec(layout), frozenset(cls.__dataclass_fields__))
    for tag, (cls, layout) in L.ROWS.items()
}


_KINDS = {"text": 0, "decimal": 1, "date": 2, "bool": 3}  # _walk.pyx's KIND_* numbers


def _fast_spec(layout: tuple[L.Part, ...], build: Any, allowed: frozenset[str]) -> tuple[Any, ...]:
    """The row's layout in the compiled walker's terms (roles and kinds as numbers, tags as bytes).

    The roles are this module's ``_LEAF``, ``_GROUP``, ``_CODING`` and ``_TIMELINESS``, which
    ``_walk.pyx`` knows as ``ROLE_*``; ``tests/test_walk.py`` checks they agree.
    """
    children: list[tuple[Any, ...]] = []
    for part in layout:
        if isinstance(part, L.Leaf):
            children.append((part.tag.encode(), _LEAF, part.field, _KINDS[part.kind], ()))
        elif isinstance(part, L.Group):
            leaves = tuple(
                (leaf.tag.encode(), leaf.field, _KINDS[leaf.kind]) for leaf in part.leaves
            )
            children.append((part.tag.encode(), _GROUP, "", 0, leaves))
        elif isinstance(part, L.Coding):
            coding = tuple((tag.encode(), f, _KINDS[k]) for tag, (f, k) in _CODING_CHILDREN.items())
            children.append((part.tag.encode(), _CODING, "coding", 0, coding))
        else:
            children.append((part.tag.encode(), _TIMELINESS, "timeliness", 0, ()))
    return (build, tuple(children), allowed)


try:  # the optional compiled walker; the pure-Python walk below reads the same rows
    from form4.read import _walk
except ImportError:  # pragma: no cover - depends on how the package was installed
    _walk = None  # type: ignore[assignment]

_FAST_ROWS = {
    tag: _fast_spec(layout, _ROW_INDEX[tag][0], _ROW_INDEX[tag][2])
    for tag, (_, layout) in L.ROWS.items()
}
_build_address = builder(Address)
_build_owner = builder(ReportingOwner)
_build_issuer = builder(Issuer)
_build_filing = builder(Filing)


def _row(el: etree._Element, ctx: _Context) -> Any:
    """One table row in a single pass over its descendants (the reader's hot path).

    ``current`` is the value container being read; a ``<value>`` or ``<footnoteId>`` counts only
    when it is a child of that container, and a container only where the schema puts it (in the
    row, or in its group), so a misplaced element is reported, never misattributed.
    """
    build, spec, allowed = _ROW_INDEX[el.tag]
    lookup = spec.get
    parents: dict[str | None, etree._Element] = {None: el}  # group tag -> that group element
    values: dict[str, Any] = {}
    footnotes: dict[str, list[str]] = {}  # made tuples at the end: a row may hold thousands
    current: etree._Element | None = None
    current_key = ""
    field: str | None = None
    kind = "text"
    nodes = el.iter()
    next(nodes)  # the row itself
    for node in nodes:
        tag = node.tag
        entry = lookup(tag)
        if entry is None:
            if isinstance(tag, str):
                ctx.warn(node, f"unexpected element <{tag}> in <{el.tag}> ignored")
            continue
        role = entry[0]
        if role == _VALUE:
            if field is None or node.getparent() is not current:
                ctx.warn(node, "<value> outside a value element ignored")
                continue
            raw = node.text
            if raw is not None:
                value = _typed(ctx, current, kind, raw)  # type: ignore[arg-type]
                if value is not None:
                    if field in values:
                        ctx.warn(node, f"a second value for {field}; the last one is kept")
                    values[field] = value
        elif role == _LEAF:
            if node.getparent() is not parents.get(entry[3]):
                ctx.warn(node, f"<{tag}> out of its place in <{el.tag}> ignored")
                current = field = None
                continue
            current = node
            current_key = field = entry[1]
            kind = entry[2]
            raw = node.text
            if raw is not None and raw.strip():  # old documents: a value without <value>
                ctx.warn(node, "value given without a <value> element; read as the value")
                values[current_key] = _typed(ctx, node, kind, raw)
        elif role == _FOOTNOTE:
            if current is None or node.getparent() is not current:
                ctx.warn(node, "<footnoteId> outside a value element ignored")
                continue
            fid = node.get("id")
            if fid and fid.strip():
                footnotes.setdefault(current_key, []).append(fid.strip())
            else:
                ctx.warn(node, "<footnoteId> without an id attribute is ignored")
        elif role == _GROUP:
            current = field = None
            if node.getparent() is el:
                parents[tag] = node
            else:
                ctx.warn(node, f"<{tag}> out of its place in <{el.tag}> ignored")
        elif role == _DIRECT:
            if node.getparent() is not parents.get(entry[3]):
                ctx.warn(node, f"<{tag}> out of its place in <{el.tag}> ignored")
                continue
            raw = node.text
            if raw is not None and raw.strip():
                name = entry[1]
                if name in values:
                    ctx.warn(node, f"<{tag}> repeated; the last one is kept")
                values[name] = _typed(ctx, node, entry[2], raw)
        else:  # transactionCoding or transactionTimeliness: footnotes attach to the element
            if node.getparent() is not el:
                ctx.warn(node, f"<{tag}> out of its place in <{el.tag}> ignored")
                current = field = None
                continue
            if role == _CODING:
                parents[tag] = node
            current = node
            current_key = entry[1]
            field = None if role == _CODING else current_key
            kind = "text"
            raw = node.text
            if field is not None and raw is not None and raw.strip():
                values[field] = raw.strip()  # older timeliness elements hold the letter directly
    if not allowed.issuperset(values):
        for key in [k for k in values if k not in allowed]:  # e.g. a swap flag on a holding
            ctx.warn(el, f"{key.replace('_', ' ')} is not part of <{el.tag}>; ignored")
            del values[key]
    if footnotes:
        values["footnotes"] = {key: tuple(ids) for key, ids in footnotes.items()}
    return build(values)


def _typed(ctx: _Context, el: etree._Element, kind: str, raw: str) -> Any:
    """Type one raw value; the common, clean spellings take the short path."""
    if kind == "text":
        return raw.strip() or None
    if kind == "decimal":
        if raw.isascii():
            if raw.isdigit():
                return Decimal(raw)
            whole, dot, fraction = raw.partition(".")
            if dot and whole.isdigit() and (fraction.isdigit() or not fraction):
                return Decimal(raw)
        return ctx.decimal(el, raw)
    if kind == "date":
        if len(raw) == 10 and raw[4] == "-" and raw[7] == "-":  # not a week date (2021-W01-1)
            try:
                return date.fromisoformat(raw)
            except ValueError:
                pass
        return ctx.date(el, raw)
    if raw == "0" or raw == "false":
        return False
    if raw == "1" or raw == "true":
        return True
    return ctx.boolean(el, raw)


_BY_TAG: dict[int, dict[str, tuple[str, str]]] = {
    id(fields): {tag: (name, kind) for tag, name, kind in fields}
    for fields in (L.ISSUER_FIELDS, L.OWNER_ID_FIELDS, L.ADDRESS_FIELDS, L.RELATIONSHIP_FIELDS)
}


_FAST_BY_TAG: dict[int, dict[bytes, tuple[str, int]]] = {
    key: {tag.encode(): (name, _KINDS[kind]) for tag, (name, kind) in by_tag.items()}
    for key, by_tag in _BY_TAG.items()
}


def _simple(
    el: etree._Element, fields: tuple[tuple[str, str, str], ...], ctx: _Context
) -> dict[str, Any]:
    if _walk is not None:
        fast: dict[str, Any] | None = _walk.fields(el, _FAST_BY_TAG[id(fields)])
        if fast is not None:
            return fast
    by_tag = _BY_TAG[id(fields)]
    values: dict[str, Any] = {}
    for child in el:
        spec = by_tag.get(child.tag)
        if spec is None:
            if isinstance(child.tag, str):
                ctx.warn(child, f"unexpected element <{child.tag}> ignored")
            continue
        name, kind = spec
        value = _typed(ctx, child, kind, _own_text(child))
        if value is not None:
            values[name] = value
    return values


# An empty CIK element: the writer's mark for a CIK the source did not show (a rendering).
_UNKNOWN_CIK = "empty: the CIK is not known"


def _owner(el: etree._Element, ctx: _Context) -> ReportingOwner:
    values: dict[str, Any] = {}
    for child in el:
        tag = child.tag
        if tag == "reportingOwnerId":
            values.update(_simple(child, L.OWNER_ID_FIELDS, ctx))
        elif tag == "reportingOwnerAddress":
            address = _build_address(_simple(child, L.ADDRESS_FIELDS, ctx))
            if not address.is_empty:
                values["address"] = address
        elif tag == "reportingOwnerRelationship":
            values.update(_simple(child, L.RELATIONSHIP_FIELDS, ctx))
        elif isinstance(tag, str):
            ctx.warn(child, f"unexpected element <{tag}> ignored")
    if "cik" not in values:
        cik = el.find("reportingOwnerId/rptOwnerCik")
        if cik is None:
            raise ctx.invalid(el, "reporting owner without <rptOwnerCik>")
        ctx.warn(cik, _UNKNOWN_CIK)
        values["cik"] = None
    return _build_owner(values)


def _signature(el: etree._Element, ctx: _Context) -> Signature | None:
    name: str | None = None
    signed: date | None = None
    for child in el:
        if child.tag == "signatureName":
            name = ctx.text(child, _own_text(child))
        elif child.tag == "signatureDate":
            signed = ctx.date(child, _own_text(child))
        elif isinstance(child.tag, str):
            ctx.warn(child, f"unexpected element <{child.tag}> ignored")
    if name is None:
        if signed is None:
            ctx.warn(el, "empty <ownerSignature> ignored")
            return None
        ctx.warn(el, "signature without a name")
        name = ""
    return Signature(name=name, date=signed)


_HEAD = {tag: (name, kind) for tag, name, kind in L.HEAD_FIELDS}


def _strip_namespaces(root: etree._Element, ctx: _Context) -> None:
    ctx.warnings.append(
        ReadWarning(
            f"/{etree.QName(root).localname}",
            f"namespace {etree.QName(root).namespace!r} on the root ignored",
        )
    )
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith("{"):
            el.tag = etree.QName(el).localname
    etree.cleanup_namespaces(root)


def filing_from_root(
    root: etree._Element,
    *,
    name: str,
    fmt: str,
    warnings: list[ReadWarning],
    header: EdgarHeader | None = None,
    line_offset: int = 0,
) -> Filing:
    """Walk a parsed ``<ownershipDocument>`` into a Filing."""
    ctx = _Context(name, warnings, line_offset)
    if isinstance(root.tag, str) and root.tag.startswith("{"):
        _strip_namespaces(root, ctx)
    if root.tag != "ownershipDocument":
        raise UnrecognizedFormatError(
            name,
            f"root element is <{root.tag}>, not <ownershipDocument>",
            f"line {root.sourceline}",
        )
    values: dict[str, Any] = {}
    owners: list[ReportingOwner] = []
    signatures: list[Signature] = []
    footnotes: dict[str, str] = {}
    tables: dict[str, list[Any]] = {"non_derivative": [], "derivative": []}
    issuer: Issuer | None = None
    for child in root:
        tag = child.tag
        head = _HEAD.get(tag)
        if head is not None:
            field_name, kind = head
            value = _typed(ctx, child, kind, _own_text(child))
            if value is not None:
                values[field_name] = value
        elif tag == "issuer":
            issuer_values = _simple(child, L.ISSUER_FIELDS, ctx)
            if "cik" not in issuer_values:
                cik = child.find("issuerCik")
                if cik is None:
                    raise ctx.invalid(child, "issuer without <issuerCik>")
                ctx.warn(cik, _UNKNOWN_CIK)
                issuer_values["cik"] = None
            issuer = _build_issuer(issuer_values)
        elif tag == "reportingOwner":
            owners.append(_owner(child, ctx))
        elif tag == "aff10b5One":
            flag = ctx.boolean(child, _own_text(child))
            if flag is not None:
                values["aff10b5one"] = flag
        elif tag in L.TABLES:
            rows = tables[L.TABLES[tag]]
            for row in child:
                spec = _FAST_ROWS.get(row.tag)
                if spec is not None:  # the compiled walker reads regular rows, Python the rest
                    fast = _walk.row(row, spec) if _walk is not None else None
                    rows.append(fast if fast is not None else _row(row, ctx))
                elif isinstance(row.tag, str):
                    ctx.warn(row, f"unexpected element <{row.tag}> in <{tag}> ignored")
        elif tag == "footnotes":
            fast = _walk.footnotes(child) if _walk is not None else None
            if fast is not None:
                footnotes.update(fast)
                continue
            for note in child:
                if note.tag != "footnote":
                    if isinstance(note.tag, str):
                        ctx.warn(note, f"unexpected element <{note.tag}> in <footnotes> ignored")
                    continue
                fid = (note.get("id") or "").strip()
                if not fid:
                    ctx.warn(note, "footnote without an id ignored")
                    continue
                if fid in footnotes:
                    ctx.warn(note, f"footnote {fid} defined twice; the last one is kept")
                footnotes[fid] = _own_text(note).strip()
        elif tag == "remarks":
            remarks = ctx.text(child, _own_text(child))
            if remarks is not None:
                values["remarks"] = remarks
        elif tag == "ownerSignature":
            signature = _signature(child, ctx)
            if signature is not None:
                signatures.append(signature)
        elif isinstance(tag, str):
            ctx.warn(child, f"unexpected element <{tag}> ignored")
    document_type = values.pop("document_type", None)
    if document_type is None:
        raise InvalidFilingError(name, "no <documentType>", "/ownershipDocument")
    if document_type not in DOCUMENT_TYPES:
        raise InvalidFilingError(
            name,
            f"document type {document_type!r} is not a Form 3, 4 or 5 "
            f"({', '.join(sorted(DOCUMENT_TYPES))})",
            "/ownershipDocument/documentType",
        )
    if issuer is None:
        raise InvalidFilingError(name, "no <issuer>", "/ownershipDocument")
    if not owners:
        raise InvalidFilingError(name, "no <reportingOwner>", "/ownershipDocument")
    for table, rows in tables.items():
        _check_codes(name, table, rows)
    for fid in footnotes:
        if _FOOTNOTE_ID.fullmatch(fid) is None:
            raise InvalidFilingError(name, _bad_id(fid), "/ownershipDocument/footnotes")
    values["document_type"] = document_type
    values["issuer"] = issuer
    values["owners"] = tuple(owners)
    values["non_derivative"] = tuple(tables["non_derivative"])
    values["derivative"] = tuple(tables["derivative"])
    values["footnotes"] = footnotes
    values["signatures"] = tuple(signatures)
    values["header"] = header
    values["source"] = Source(format=fmt, name=name, warnings=tuple(warnings))
    return _build_filing(values)


# Closed sets of the schema (Ownership XML Technical Specification v5.5: footnote ids are
# F1..F99; the acquired/disposed and the direct/indirect codes are A/D and D/I). A value outside
# them is no value the printed form can show, and no filing EDGAR disseminates.
_FOOTNOTE_ID = re.compile(r"F[1-9][0-9]*|\?[1-9][0-9]*")  # ?n: form4's id for a lost number
_CODES = (
    ("acquired_disposed", frozenset("AD"), "A/D"),
    ("direct_indirect", frozenset("DI"), "D/I"),
)
_TABLE_NAMES = {"non_derivative": "Table I", "derivative": "Table II"}


def _bad_id(fid: str) -> str:
    return f"footnote id {fid!r} is not one the schema allows (F1, F2, ...)"


def _check_codes(name: str, table: str, rows: list[Any]) -> None:
    """Refuse a row whose A/D or D/I code or footnote id is outside the schema's closed set."""
    for index, row in enumerate(rows, 1):
        place = f"{_TABLE_NAMES[table]} row {index}"
        for field, allowed, label in _CODES:
            value = getattr(row, field, None)
            if value is not None and value not in allowed:
                raise InvalidFilingError(
                    name,
                    f"{label} code {value!r} is neither {' nor '.join(sorted(allowed))}",
                    place,
                )
        for ids in row.footnotes.values():
            for fid in ids:
                if _FOOTNOTE_ID.fullmatch(fid) is None:
                    raise InvalidFilingError(name, _bad_id(fid), place)


_MAX_EMBEDDED = 50 * 1024 * 1024


def _from_edgar_submission(root: etree._Element, name: str, warnings: list[ReadWarning]) -> Filing:
    """A filer-built ``<edgarSubmission>``: the primary document travels base64-encoded."""
    submission_type = (root.findtext("submissionType") or "").strip()
    primary = None
    for doc in root.iter("edgarDocument"):
        doc_type = (doc.findtext("documentType") or "").strip()
        if doc_type == submission_type or (primary is None and doc_type in DOCUMENT_TYPES):
            primary = doc
            if doc_type == submission_type:
                break
    if primary is None:
        raise InvalidFilingError(
            name,
            f"no <edgarDocument> of type {submission_type!r} (the primary document)",
            "/edgarSubmission",
        )
    doc_name = (primary.findtext("documentName") or "primary document").strip()
    block = primary.findtext("documentMimeBlock") or ""
    if len(block) > _MAX_EMBEDDED * 4 // 3 + 4096:
        raise InvalidFilingError(name, "embedded document larger than 50 MB", doc_name)
    try:
        data = base64.b64decode("".join(block.split()), validate=True)
    except (binascii.Error, ValueError) as error:
        raise InvalidFilingError(
            name, f"primary document is not valid base64: {error}", f"/edgarSubmission/{doc_name}"
        ) from None
    inner = f"{name}!{doc_name}"
    root = parse_xml(data, inner, warnings)
    return filing_from_root(root, name=inner, fmt="edgar-submission-xml", warnings=warnings)


def read_xml(
    data: bytes,
    name: str = "<bytes>",
    *,
    warnings: list[ReadWarning] | None = None,
    from_text: bool = False,
) -> Filing:
    """Read one ownership XML document (or a filer-built ``edgarSubmission``) into a Filing."""
    found: list[ReadWarning] = [] if warnings is None else warnings
    root = parse_xml(data, name, found, from_text=from_text)
    if root.tag == "edgarSubmission":
        return _from_edgar_submission(root, name, found)
    return filing_from_root(root, name=name, fmt="xml", warnings=found)
