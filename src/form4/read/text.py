"""Read text and markdown renderings of Forms 3, 4 and 5 (converted from the rendered page or its
PDF) into a Filing, never inventing what the page does not say.

The parts of the page are read by their own modules: ``_text_page`` (the lines and the form's
labels), ``_text_boxes`` (the boxes above the tables), ``_text_table`` (the rows of Tables I and
II) and ``_text_footer`` (footnotes, remarks, signatures)."""

from __future__ import annotations

import re
from typing import Any

from form4.errors import InvalidFilingError, UnrecognizedFormatError
from form4.model import Filing, Source
from form4.read._text_boxes import (
    box_starts,
    date_box,
    read_checkbox,
    read_issuer,
    read_owners,
)
from form4.read._text_cells import plain
from form4.read._text_footer import read_footnotes, read_remarks, read_signatures
from form4.read._text_page import SECTIONS, Page
from form4.read._text_table import RowReader, is_visual, table_rows

__all__ = ["is_form_text", "read_text"]

_HEAD_BYTES = 16384
_FORM_MARK = re.compile(rb"FORM\s*[345]\b", re.I)
_STATEMENT = re.compile(rb"STATEMENT\s+OF\s+(?:CHANGES\s+IN\s+)?BENEFICIAL\s+OWNERSHIP", re.I)


def is_form_text(data: bytes) -> bool:
    """Whether text looks like a rendering of an ownership form (looks at the first 16 KB)."""
    head = data[:_HEAD_BYTES]
    return _STATEMENT.search(head) is not None and _FORM_MARK.search(head) is not None


# -- tables --------------------------------------------------------------------------------------
def _region(reader: Page, key: str, end_keys: list[str]) -> tuple[int, int] | None:
    """The index of a table's title line and of the line after its region; None when the page
    lacks it."""
    start = reader.find(SECTIONS[key])
    if start is None:
        return None
    ends = [i for k in end_keys if (i := reader.find(SECTIONS[k], start + 1)) is not None]
    return start, min(ends, default=len(reader.lines))


def _table(
    reader: Page, key: str, end_keys: list[str], form: str, legacy: bool, visual: bool
) -> tuple[tuple[Any, ...], int] | None:
    """The rows of one table and the index of the line after it; None when the page lacks it."""
    found = _region(reader, key, end_keys)
    if found is None:
        return None
    start, end = found
    derivative = key == "table2"
    region = reader.lines[start + 1 : end]
    rows = RowReader("legacy" if legacy else form, derivative, reader.warnings)
    built, stop = table_rows(
        [line.text for line in region], [line.body for line in region], rows, legacy, visual
    )
    for fid, place in rows.refs.items():
        reader.refs.setdefault(fid, place)
    return tuple(built), end if stop is None else start + 1 + stop


# -- the document --------------------------------------------------------------------------------
# "FORM 4", not "Form 4 or Form 5 obligations" or "Form 3 Holdings Reported"
_DOC_TYPE = re.compile(
    r"\bFORM\s*([345])\s*(/\s*A)?\b(?!\s*(?:Holdings|Transactions|or\s+Form|obligations))", re.I
)


def _document_type(reader: Page) -> str:
    for line in reader.lines[:200]:
        if match := _DOC_TYPE.search(line.text):
            return match.group(1) + ("/A" if match.group(2) else "")
    # A page written as its visual lines sets the heading's large number below its "FORM"
    # ("| FORM | ... |", lines later "3"); the statement's title must agree with it.
    lines = [plain(line.text.replace("|", " ")) for line in reader.lines[:200]]
    head = " ".join(lines)
    for i, text in enumerate(lines):
        if text.split()[:1] != ["FORM"]:
            continue
        number = next((t for t in lines[i + 1 : i + 7] if t in ("3", "4", "5")), None)
        initial = re.search(r"\bINITIAL STATEMENT OF BENEFICIAL OWNERSHIP\b", head) is not None
        changes = re.search(r"\bSTATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP\b", head) is not None
        if number is not None and (initial, changes) == (
            (True, False) if number == "3" else (False, True)
        ):
            return number
    raise InvalidFilingError(reader.name, "no FORM 3, 4 or 5 heading", "page heading")


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_text(data: bytes, name: str = "<bytes>") -> Filing:
    """Read one text or markdown rendering of a Form 3, 4 or 5 (or amendment) into a Filing."""
    if not is_form_text(data):
        raise UnrecognizedFormatError(name, "text that is not an ownership form", "line 1")
    reader = Page(_decode(data), name)
    document_type = _document_type(reader)
    form = document_type[0]
    starts = box_starts(reader)
    legacy = reader.find(r"Statement for Month/Year") is not None
    ends = ["owners", "explanation", "remarks", "signature"]
    # A page written as its visual lines shows it in a table with rows: both are read so.
    regions = [_region(reader, "table1", ["table2", *ends]), _region(reader, "table2", ends)]
    reader.visual = not legacy and any(
        is_visual([line.text for line in reader.lines[r[0] + 1 : r[1]]]) for r in regions if r
    )
    values: dict[str, Any] = {}
    if form != "3":
        values["not_subject_to_section16"] = read_checkbox(reader, "not_subject_to_section16", True)
    for key in ("aff10b5one", "no_securities_owned"):
        values[key] = read_checkbox(reader, key, False)
    if form == "5":
        for key in ("form3_holdings_reported", "form4_transactions_reported"):
            values[key] = read_checkbox(reader, key, True)
    values["period_of_report"] = date_box(reader, "period", starts, form)
    original = date_box(reader, "amendment", starts, form)
    values["date_of_original_submission"] = original
    if original is not None and not document_type.endswith("/A"):
        # The SEC's page heads an amendment "FORM 4" as well: the date of the original filing in
        # its box is what makes it one (as the HTML reader reads the page).
        document_type += "/A"
    issuer = read_issuer(reader, starts, form)
    owners = read_owners(reader, starts, form)
    if legacy:
        reader.warn("document", "a typed pre-2003 form: columns read with that form's layout")
    first = _table(reader, "table1", ["table2", *ends], form, legacy, reader.visual)
    second = _table(reader, "table2", ends, form, legacy, reader.visual)
    if first is None and second is None:
        raise InvalidFilingError(name, "neither Table I nor Table II found", "tables")
    for label, found in (("Table I", first), ("Table II", second)):
        if found is None:
            reader.warn(label, "table not shown; its rows, if any, are unknown")
    after = max(found[1] for found in (first, second) if found is not None)
    explanation = reader.find(SECTIONS["explanation"], after)
    footnotes = read_footnotes(reader, explanation if explanation is not None else after)
    for fid, place in reader.refs.items():
        if fid not in footnotes:
            reader.warn(place, f"footnote {fid} is referred to but its text is not shown")
    remarks = read_remarks(reader)
    signatures = read_signatures(reader)
    return Filing(
        document_type=document_type,
        issuer=issuer,
        owners=owners,
        non_derivative=first[0] if first else (),
        derivative=second[0] if second else (),
        footnotes=footnotes,
        remarks=remarks,
        signatures=signatures,
        source=Source(
            format="markdown" if reader.markdown else "text",
            name=name,
            warnings=tuple(reader.warnings),
        ),
        **values,
    )
