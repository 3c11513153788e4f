"""Read EDGAR full submissions: the ``.txt`` (``<SEC-DOCUMENT>``/``<SEC-HEADER>``) and ``.nc``
dissemination (``<SUBMISSION>``) forms.

The header gives accession number, dates, acceptance time and EDGAR's own records of the issuer
and the reporting owners (the header tags of the SEC's EDGAR Public Dissemination Service
Technical Specification); the embedded ``<XML>`` ownership document gives the rest. A submission
without an ownership document (a header alone, or a pre-2003 text filing) reads into a Filing
built from the header, with a warning that says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from form4.errors import MalformedSubmissionError, MalformedXMLError, ReadWarning
from form4.model import (
    EdgarHeader,
    Filing,
    HeaderAddress,
    HeaderDocument,
    HeaderEntity,
    Issuer,
    ReportingOwner,
    Source,
)
from form4.read.xml import DOCUMENT_TYPES, filing_from_root, parse_xml

__all__ = ["is_submission", "read_submission"]

# Header keys, in both spellings (tab-aligned ``KEY:`` lines and ``.nc`` ``<TAG>`` lines), mapped
# to one name. Sources: the EDGAR Public Dissemination Service Technical Specification (header
# tags); the real submissions in tests/data, in both forms.
_TOP_KEYS = {
    "ACCESSION NUMBER": "accession_number",
    "ACCESSION-NUMBER": "accession_number",
    "CONFORMED SUBMISSION TYPE": "submission_type",
    "TYPE": "submission_type",
    "PUBLIC DOCUMENT COUNT": "document_count",
    "PUBLIC-DOCUMENT-COUNT": "document_count",
    "CONFORMED PERIOD OF REPORT": "period",
    "PERIOD": "period",
    "FILED AS OF DATE": "filed",
    "FILING-DATE": "filed",
    "DATE AS OF CHANGE": "date_of_change",
    "DATE-OF-FILING-DATE-CHANGE": "date_of_change",
    "ACCEPTANCE-DATETIME": "accepted",
}
_ENTITY_SECTIONS = {
    "ISSUER": "issuer",
    "SUBJECT COMPANY": "subject-company",
    "SUBJECT-COMPANY": "subject-company",
    "REPORTING-OWNER": "reporting-owner",
    "REPORTING OWNER": "reporting-owner",
    "FILER": "filer",
    "FILED BY": "filed-by",
    "FILED-BY": "filed-by",
}
_SUB_SECTIONS = {
    "COMPANY DATA": "data",
    "COMPANY-DATA": "data",
    "OWNER DATA": "data",
    "OWNER-DATA": "data",
    "FILING VALUES": "data",
    "FILING-VALUES": "data",
    "BUSINESS ADDRESS": "business_address",
    "BUSINESS-ADDRESS": "business_address",
    "MAIL ADDRESS": "mail_address",
    "MAIL-ADDRESS": "mail_address",
    "FORMER COMPANY": "former",
    "FORMER-COMPANY": "former",
    "FORMER NAME": "former",
    "FORMER-NAME": "former",
}
_ENTITY_KEYS = {
    "COMPANY CONFORMED NAME": "name",
    "CONFORMED-NAME": "name",
    "CENTRAL INDEX KEY": "cik",
    "CIK": "cik",
    "ORGANIZATION NAME": "organization_name",
    "ORGANIZATION-NAME": "organization_name",
    "STANDARD INDUSTRIAL CLASSIFICATION": "sic",
    "ASSIGNED-SIC": "sic",
    "IRS NUMBER": "irs_number",
    "IRS-NUMBER": "irs_number",
    "STATE OF INCORPORATION": "state_of_incorporation",
    "STATE-OF-INCORPORATION": "state_of_incorporation",
    "FISCAL YEAR END": "fiscal_year_end",
    "FISCAL-YEAR-END": "fiscal_year_end",
    "FORM TYPE": "form_type",
    "FORM-TYPE": "form_type",
    "SEC ACT": "act",
    "ACT": "act",
    "SEC FILE NUMBER": "file_number",
    "FILE-NUMBER": "file_number",
    "FILM NUMBER": "film_number",
    "FILM-NUMBER": "film_number",
    "RELATIONSHIP": "relationship",
}
_ADDRESS_KEYS = {
    "STREET 1": "street1",
    "STREET1": "street1",
    "STREET 2": "street2",
    "STREET2": "street2",
    "CITY": "city",
    "STATE": "state",
    "ZIP": "zip_code",
    "BUSINESS PHONE": "phone",
    "PHONE": "phone",
}
_FORMER_KEYS = {
    "FORMER CONFORMED NAME": "name",
    "FORMER-CONFORMED-NAME": "name",
    "DATE OF NAME CHANGE": "date",
    "DATE-CHANGED": "date",
}

# The value is everything after the colon (or the tag), taken without the white space around it
# by ``str.strip`` (the same white space as ``\s``): a pattern that trims it itself backtracks
# over a long run of spaces inside the value.
_KEY_LINE = re.compile(r"\s*+([A-Z0-9][A-Z0-9 \-/&]*?):(.*)")
_TAG_LINE = re.compile(r"\s*+<(/?)([A-Z0-9][A-Z0-9\-]*+)>(.*)")


def is_submission(head: bytes) -> bool:
    """Whether the first bytes look like an EDGAR submission (either form)."""
    return (
        head.startswith(b"-----BEGIN PRIVACY-ENHANCED MESSAGE-----")
        or b"<SEC-DOCUMENT>" in head
        or b"<SEC-HEADER>" in head
        or head.startswith(b"<SUBMISSION>")
        or head.startswith((b"<IMS-HEADER>", b"<ACCEPTANCE-DATETIME>", b"ACCESSION NUMBER:"))
    )


class _HeaderBuilder:
    """Collects header lines into top-level values and entity blocks."""

    def __init__(self, name: str, warnings: list[ReadWarning]) -> None:
        self.name = name
        self.warnings = warnings
        self.top: dict[str, str] = {}
        self.entities: list[dict[str, Any]] = []
        self.entity: dict[str, Any] | None = None
        self.section = "data"

    def start_entity(self, role: str) -> None:
        self.entity = {"role": role, "data": {}, "former": []}
        self.entities.append(self.entity)
        self.section = "data"

    def start_section(self, section: str) -> None:
        if self.entity is None:  # a sub-section before any entity: attach to an anonymous one
            self.start_entity("filer")
        self.section = section
        assert self.entity is not None
        if section == "former":
            self.entity["former"].append({})
        elif section != "data":
            self.entity.setdefault(section, {})

    def value(self, key: str, value: str, line_no: int) -> None:
        if key in _TOP_KEYS and (self.entity is None or key == "ACCEPTANCE-DATETIME"):
            self.top.setdefault(_TOP_KEYS[key], value)
            return
        if self.entity is None:
            if key in _ENTITY_KEYS or key in _ADDRESS_KEYS:
                self.warnings.append(
                    ReadWarning(f"header line {line_no}", f"{key} outside any entity block ignored")
                )
            return
        if not value:
            return
        section = self.section
        if section == "former":
            field = _FORMER_KEYS.get(key)
            if field:
                self.entity["former"][-1][field] = value
        elif section in ("business_address", "mail_address"):
            field = _ADDRESS_KEYS.get(key)
            if field:
                self.entity[section][field] = value
        else:
            field = _ENTITY_KEYS.get(key)
            if field:
                self.entity["data"].setdefault(field, value)

    def build(self, documents: list[HeaderDocument]) -> EdgarHeader:
        entities = tuple(self._entity(e) for e in self.entities)
        top = self.top
        return EdgarHeader(
            accession_number=top.get("accession_number"),
            submission_type=top.get("submission_type"),
            document_count=_int(top.get("document_count")),
            period=self._date(top.get("period"), "CONFORMED PERIOD OF REPORT"),
            filed=self._date(top.get("filed"), "FILED AS OF DATE"),
            accepted=self._datetime(top.get("accepted")),
            date_of_change=self._date(top.get("date_of_change"), "DATE AS OF CHANGE"),
            entities=entities,
            documents=tuple(documents),
        )

    def _entity(self, raw: dict[str, Any]) -> HeaderEntity:
        data = dict(raw["data"])
        former = tuple(
            (f["name"], self._date(f.get("date"), "DATE OF NAME CHANGE"))
            for f in raw["former"]
            if f.get("name")
        )
        return HeaderEntity(
            role=raw["role"],
            business_address=HeaderAddress(**raw["business_address"])
            if raw.get("business_address")
            else None,
            mail_address=HeaderAddress(**raw["mail_address"]) if raw.get("mail_address") else None,
            former_names=former,
            **data,
        )

    def _date(self, text: str | None, key: str) -> date | None:
        if not text:
            return None
        digits = text[:8]
        try:
            if len(digits) == 8 and digits.isascii() and digits.isdigit():  # the usual form
                return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
            return datetime.strptime(digits, "%Y%m%d").date()
        except ValueError:
            self.warnings.append(ReadWarning("header", f"{key} {text!r} is not a date; ignored"))
            return None

    def _datetime(self, text: str | None) -> datetime | None:
        if not text:
            return None
        digits = text[:14]
        try:
            if len(digits) == 14 and digits.isascii() and digits.isdigit():  # the usual form
                year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
                hour, minute, second = int(digits[8:10]), int(digits[10:12]), int(digits[12:])
                return datetime(year, month, day, hour, minute, second)
            return datetime.strptime(digits, "%Y%m%d%H%M%S")
        except ValueError:
            self.warnings.append(
                ReadWarning("header", f"ACCEPTANCE-DATETIME {text!r} is not a time; ignored")
            )
            return None


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isascii() and text.isdigit() else None


def _parse_header(text: str, first_line: int, builder: _HeaderBuilder) -> None:
    for offset, line in enumerate(text.splitlines()):
        line_no = first_line + offset
        if not line.strip():
            continue
        tag = _TAG_LINE.match(line)
        if tag:
            closing, name, value = tag.group(1), tag.group(2), tag.group(3).strip()
            if name in ("SEC-HEADER", "SUBMISSION", "SEC-DOCUMENT", "IMS-HEADER"):
                continue
            if closing:
                if name in _ENTITY_SECTIONS:
                    builder.entity = None
                elif name in _SUB_SECTIONS:
                    builder.section = "data"
                continue
            if name in _ENTITY_SECTIONS and not value:
                builder.start_entity(_ENTITY_SECTIONS[name])
            elif name in _SUB_SECTIONS and not value:
                builder.start_section(_SUB_SECTIONS[name])
            else:
                builder.value(name, value, line_no)
            continue
        key = _KEY_LINE.match(line)
        if not key:
            continue
        name, value = key.group(1), key.group(2).strip()
        if not value and name in _ENTITY_SECTIONS:
            builder.start_entity(_ENTITY_SECTIONS[name])
        elif not value and name in _SUB_SECTIONS:
            builder.start_section(_SUB_SECTIONS[name])
        else:
            builder.value(name, value, line_no)


_DOC_FIELD = re.compile(rb"^<(TYPE|SEQUENCE|FILENAME|DESCRIPTION)>[ \t]*([^\r\n]*)", re.M)
_WHITESPACE = b" \t\n\r\x0b\x0c"  # what bytes.strip() and a bytes pattern's \s take


def _documents(data: bytes, start: int) -> Iterator[tuple[int, int, bool]]:
    """(body start, body end, closed) of each ``<DOCUMENT>`` from ``start``: the body runs to
    the first ``</DOCUMENT>`` after it, or to the end of the data when there is none."""
    while (found := data.find(b"<DOCUMENT>", start)) >= 0:
        body = found + len(b"<DOCUMENT>")
        end = data.find(b"</DOCUMENT>", body)
        if end < 0:
            yield body, len(data), False
            return
        yield body, end, True
        start = end + len(b"</DOCUMENT>")


def _xml_block(body: bytes) -> tuple[int, bytes] | None:
    """(offset in ``body``, content) of the first ``<XML>...</XML>`` block, the content without
    the whitespace around it; None when there is no complete block."""
    opening = body.find(b"<XML>")
    if opening < 0:
        return None
    closing = body.find(b"</XML>", opening)
    if closing < 0:
        return None
    inside = body[opening + len(b"<XML>") : closing]
    content = inside.lstrip(_WHITESPACE)
    start = opening + len(b"<XML>") + len(inside) - len(content)
    return start, content.rstrip(_WHITESPACE)


_WRAP_WIDTH = 1023  # EDGAR's text dissemination broke lines longer than 1,024 bytes


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _rejoin_wrapped(xml: bytes) -> tuple[bytes, int]:
    lines = xml.split(b"\n")
    out: list[bytes] = []
    joined = 0
    carry: list[bytes] = []  # the broken parts of the line being joined, joined once at its end
    for line in lines:
        if len(line) == _WRAP_WIDTH:
            carry.append(line)
            joined += 1
            continue
        if carry:
            carry.append(line)
            line = b"".join(carry)
            carry = []
        out.append(line)
    if carry:
        out.append(b"".join(carry))
    return b"\n".join(out), joined


# The envelopes a complete submission closes: what it opens with, and where the closing tag is
# looked for (a PEM-wrapped submission ends with its -----END PRIVACY-ENHANCED MESSAGE----- line).
_ENVELOPES = (
    (b"<SEC-DOCUMENT>", b"</SEC-DOCUMENT>"),
    (b"<SUBMISSION>", b"</SUBMISSION>"),
)


def _check_complete(data: bytes, name: str, header_start: int) -> None:
    """Refuse a submission cut short: an envelope or the header opened and never closed."""
    end = f"line {_line_of(data, len(data))}"
    if data.find(b"<SEC-HEADER>", header_start, header_start + 4096) >= 0 and (
        data.find(b"</SEC-HEADER>") < 0
    ):
        raise MalformedSubmissionError(
            name, "the EDGAR header has no closing </SEC-HEADER>: the submission is cut short", end
        )
    head = data[:4096]
    for opening, closing in _ENVELOPES:
        if opening in head and closing not in data[-4096:]:
            raise MalformedSubmissionError(
                name,
                f"no closing {closing.decode()} after its {opening.decode()}: the submission is "
                "cut short",
                end,
            )


def read_submission(data: bytes, name: str = "<bytes>") -> Filing:
    """Read an EDGAR full submission into a Filing (header plus embedded ownership XML)."""
    warnings: list[ReadWarning] = []
    header_end = data.find(b"</SEC-HEADER>")
    first_doc = data.find(b"<DOCUMENT>")
    if header_end < 0:
        header_end = first_doc if first_doc >= 0 else len(data)
    header_start = data.find(b"<SEC-HEADER>")
    if header_start < 0:
        header_start = max(data.find(b"<SUBMISSION>"), 0)
    header_text = data[header_start:header_end].decode("latin-1")
    builder = _HeaderBuilder(name, warnings)
    _parse_header(header_text, data.count(b"\n", 0, header_start) + 1, builder)
    if not builder.top and not builder.entities:
        raise MalformedSubmissionError(name, "no EDGAR header found", "line 1")
    _check_complete(data, name, header_start)

    documents: list[HeaderDocument] = []
    xml: bytes | None = None
    xml_offset = 0
    for body_start, body_end, closed in _documents(data, max(first_doc, 0)):
        body = data[body_start:body_end]
        fields = {k.decode(): v.decode("latin-1").strip() for k, v in _DOC_FIELD.findall(body)}
        documents.append(
            HeaderDocument(
                type=fields.get("TYPE") or None,
                sequence=_int(fields.get("SEQUENCE")),
                filename=fields.get("FILENAME") or None,
                description=fields.get("DESCRIPTION") or None,
            )
        )
        if not closed:
            raise MalformedSubmissionError(
                name,
                f"document {len(documents)} has no closing </DOCUMENT>: the submission is cut "
                "short",
                f"line {_line_of(data, len(data))}",
            )
        if xml is None:
            block = _xml_block(body)
            if block and b"ownershipDocument" in block[1][:4096]:
                xml = block[1]
                xml_offset = data.count(b"\n", 0, body_start + block[0])
            elif block is None and b"<XML>" in body:
                raise MalformedXMLError(
                    name,
                    "embedded XML has no closing </XML>: the submission is cut short",
                    f"line {_line_of(data, body_start)}",
                )
    header = builder.build(documents)
    if xml is None:
        return _from_header(header, name, warnings, data)
    try:
        root = parse_xml(xml, name, warnings, line_offset=xml_offset)
    except MalformedXMLError as error:
        repaired, joined = _rejoin_wrapped(xml)
        if not joined:
            raise
        try:
            root = parse_xml(repaired, name, warnings, line_offset=xml_offset)
        except MalformedXMLError:
            raise error from None  # the first error's lines match the file; the repair's do not
        warnings.append(
            ReadWarning(
                "<XML>",
                f"{joined} line(s) broken at 1,024 characters by EDGAR's text dissemination "
                "were joined again",
            )
        )
    fmt = "submission-nc" if data.lstrip().startswith(b"<SUBMISSION>") else "submission"
    filing = filing_from_root(
        root, name=name, fmt=fmt, warnings=warnings, header=header, line_offset=xml_offset
    )
    return _cross_check(filing, header, warnings)


def _cross_check(filing: Filing, header: EdgarHeader, warnings: list[ReadWarning]) -> Filing:
    """Warn where EDGAR's header and the document disagree."""
    before = len(warnings)
    if header.submission_type and header.submission_type != filing.document_type:
        warnings.append(
            ReadWarning(
                "header",
                f"submission type {header.submission_type!r} differs from the document's "
                f"{filing.document_type!r}",
            )
        )
    if header.period and filing.period_of_report and header.period != filing.period_of_report:
        warnings.append(
            ReadWarning(
                "header",
                f"period of report {header.period} differs from the document's "
                f"{filing.period_of_report}",
            )
        )
    if len(warnings) == before:
        return filing
    return replace(filing, source=replace(filing.source, warnings=tuple(warnings)))


def _from_header(
    header: EdgarHeader, name: str, warnings: list[ReadWarning], data: bytes
) -> Filing:
    """A submission with no ownership XML: what the header says, and a warning that says so."""
    document_type = header.submission_type
    if not document_type or document_type not in DOCUMENT_TYPES:
        raise MalformedSubmissionError(
            name,
            f"submission of type {document_type!r} holds no ownership document",
            "header",
        )
    issuer = header.issuer
    owners = header.owners
    if issuer is None or not issuer.cik:
        raise MalformedSubmissionError(name, "no ownership document and no issuer in the header")
    if not owners:
        raise MalformedSubmissionError(
            name, "no ownership document and no reporting owner in the header"
        )
    if any(not o.cik for o in owners):
        raise MalformedSubmissionError(
            name, "no ownership document, and a reporting owner in the header has no CIK"
        )
    if header.documents:
        what = "its document is not ownership XML (a text filing from before XML, 2003)"
        if b"<ownershipDocument" in data:
            what = "its ownership XML could not be found inside <XML> tags"
    else:
        what = "it holds the EDGAR header only, no document"
    warnings.append(
        ReadWarning(
            "submission",
            f"{what}; issuer, owners, form type and period come from the EDGAR header, "
            "the tables are not read",
        )
    )
    return Filing(
        document_type=document_type,
        period_of_report=header.period,
        issuer=Issuer(cik=issuer.cik, name=issuer.name),
        owners=tuple(
            ReportingOwner(
                cik=o.cik,
                name=o.name,
                is_director=True if (o.relationship or "").upper() == "DIRECTOR" else None,
                is_officer=True if (o.relationship or "").upper() == "OFFICER" else None,
            )
            for o in owners
        ),
        header=header,
        source=Source(format="submission-header", name=name, warnings=tuple(warnings)),
    )
