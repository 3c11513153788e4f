"""Read the SEC's HTML rendering of a Form 3, 4 or 5 (the ``xslF345X0n`` pages) into a Filing,
finding boxes by their labels and tables by their titles, and never inventing what is not shown."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from form4.errors import InvalidFilingError, UnrecognizedFormatError
from form4.model import (
    Address,
    Filing,
    Issuer,
    ReportingOwner,
    Signature,
    Source,
)
from form4.printed import CHECKBOXES, ROW_FIELDS
from form4.read import _html_cells as hc
from form4.read._sec_page import is_reduced, read_reduced
from form4.read._text_page import CHECKBOX_LABELS, checkbox_place

__all__ = ["is_form_html", "read_html"]

FORMAT = "sec-html"
_HEAD_BYTES = 65536
_STATEMENT = re.compile(
    rb"(?:INITIAL\s+STATEMENT\s+OF\s+BENEFICIAL|ANNUAL\s+STATEMENT\s+OF\s+CHANGES|"
    rb"STATEMENT\s+OF\s+CHANGES\s+IN\s+BENEFICIAL)",
    re.I,
)
_FORM_MARK = re.compile(rb"FORM\s*[345](?:/A)?\b", re.I)


def is_form_html(data: bytes) -> bool:
    """Whether an HTML page is a rendering of an ownership form (looks at the first 64 KB)."""
    head = data[:_HEAD_BYTES]
    return _STATEMENT.search(head) is not None and _FORM_MARK.search(head) is not None


# -- boxes ---------------------------------------------------------------------------------------
def _header_box(reader: hc.Reader, pattern: str, place: str, expected: bool) -> bool | None:
    found = reader.find(pattern)
    if not found:
        if expected:
            reader.warn(place, "checkbox not found")
        return None
    box = hc.box_before(found[0])
    if box is None:
        reader.warn(place, "checkbox label without its box")
        return None
    return hc.checked(box)


def _owner(reader: hc.Reader, td: Any, place: str) -> ReportingOwner:
    name: str | None = None
    cik: str | None = None
    links = td.findall(".//a")
    if links:
        name = hc.text(links[0]) or None
        cik = hc.cik(links[0])
    tables = [t for t in td.iter("table") if t is not td]
    data = [t for t in tables if not re.search(r"\((?:Last|City)\)", hc.text(t))]
    if not links and data:
        name = hc.text(data[0]) or None
    if name is None:
        reader.warn(place, "no reporting person name shown")
    parts: dict[str, Any] = {}
    if len(data) == 3:
        streets = [hc.text(row) or None for row in data[1].iter("tr")][:2]
        parts.update(zip(("street1", "street2"), streets, strict=False))
        cells = data[2].findall(".//td")
        if len(cells) == 3:
            place_parts = ("city", "state", "zip_code")
            parts.update(zip(place_parts, (hc.text(c) or None for c in cells), strict=True))
        else:
            reader.warn(place, f"(City) (State) (Zip) line of {len(cells)} cells; left out")
    else:
        reader.warn(place, "address block not in the usual layout; address left out")
    address = Address(**parts)
    return ReportingOwner(cik=cik, name=name, address=None if address.is_empty else address)


def _relationship(reader: hc.Reader, td: Any, place: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    title_row = None
    for row in td.iter("tr"):
        cells = row.findall("td")
        labelled = False
        for cell in cells:
            key = hc.RELATIONS.get(hc.text(cell).lower())
            if key is not None:
                labelled = True
                box = hc.box_before(cell)
                values[key] = hc.checked(box) if box is not None else None
        if not labelled and cells:
            title_row = cells
    for key in hc.RELATIONS.values():
        if key not in values:
            reader.warn(place, f"no {key[3:].replace('_', ' ')} checkbox")
    if title_row is not None:
        if len(title_row) == 4:
            texts = [hc.text(title_row[1]), hc.text(title_row[3])]
        else:
            spans = title_row[0].findall("span")
            texts = (
                [hc.text(s) for s in spans[:2]] if len(spans) >= 2 else [hc.text(title_row[0]), ""]
            )
            if len(spans) < 2 and texts[0]:
                reader.warn(place, "officer title and other text not told apart; read as title")
        values["officer_title"] = texts[0] or None
        values["other_text"] = texts[1] or None
    return values


_DATE_LABEL = re.compile(r"\(Month/Day/Year\)\s*(.*)$", re.I)


def _date_box(reader: hc.Reader, pattern: str, place: str) -> date | None:
    found = reader.find(pattern)
    if not found:
        reader.warn(place, "box not found")
        return None
    match = _DATE_LABEL.search(hc.text(found[0]))
    return reader.typed(place, "date", match.group(1) if match else "")  # type: ignore[no-any-return]


_TICKER = re.compile(r"\[\s*(.*?)\s*\]\s*$")


def _issuer(reader: hc.Reader, form: str) -> Issuer:
    place = f"box {'3' if form == '3' else '2'} (issuer)"
    found = reader.find(r"\d\.\s*Issuer Name and Ticker")
    if not found:
        reader.warn(place, "box not found; issuer unknown")
        return Issuer(cik=None)
    td = found[0]
    text = re.sub(
        r"^\d\.\s*Issuer Name and Ticker or Trading Symbol\s*", "", hc.text(td), flags=re.I
    )
    link = td.find(".//a")
    # A cell's text is one line (``hc.clean``), so a match starts at the first "[" or nowhere: a
    # later "[" would end at the same last "]". It is tried there alone, where a search would
    # try every "[" in turn, each to the end of the text.
    first = text.find("[")
    ticker_match = _TICKER.match(text, first) if first >= 0 else None
    name = (
        hc.text(link)
        if link is not None
        else text[: ticker_match.start()]
        if ticker_match
        else text
    )
    ticker = ticker_match.group(1) if ticker_match else None
    if ticker_match is None:
        reader.warn(place, "no [ TICKER ] shown")
    return Issuer(
        cik=hc.cik(link) if link is not None else None,
        name=name.strip() or None,
        trading_symbol=ticker or None,
    )


_OWNER_COLUMNS = {
    "reporting owner name": "name",
    "cik": "cik",
    "street": "street1",
    "street 2": "street2",
    "city": "city",
    "state": "state",
    "zip": "zip_code",
    "director": "is_director",
    "10% owner": "is_ten_percent_owner",
    "officer": "is_officer",
    "other": "is_other",
    "officer title": "officer_title",
    "other (specify)": "other_text",
}


def _owners_table(reader: hc.Reader) -> list[ReportingOwner] | None:
    """The "Reporting Owners" table of a page for several owners: one row per owner."""
    titles = [td for text, td in reader.tds if td.tag == "th" and text == "Reporting Owners"]
    if not titles:
        return None
    table = hc.enclosing(titles[0], "table")
    if table is None:
        reader.warn("Reporting Owners", "title outside any table; owners read from box 1")
        return None
    header = [hc.text(th).lower() for th in table.iter("th") if th is not titles[0]]
    owners = []
    for index, row in enumerate(_data_rows(table), 1):
        place = f"Reporting Owners row {index}"
        cells = row.findall("td")
        if len(cells) != len(header):
            reader.warn(place, f"{len(cells)} cells under {len(header)} headers; row left out")
            continue
        values: dict[str, Any] = {}
        for head, cell in zip(header, cells, strict=True):
            key = _OWNER_COLUMNS.get(head)
            if key is None:
                reader.warn(place, f"unknown column {head!r} ignored")
            elif key.startswith("is_"):
                values[key] = hc.checked(cell)
            elif hc.text(cell):
                values[key] = hc.text(cell)
        link = cells[0].find(".//a")
        if link is not None and "cik" not in values:
            values["cik"] = hc.cik(link)
        parts = ("street1", "street2", "city", "state", "zip_code")
        address = Address(**{k: values.pop(k) for k in parts if k in values})
        values["address"] = None if address.is_empty else address
        owners.append(ReportingOwner(**{"cik": None, **values}))
    return owners


# -- tables --------------------------------------------------------------------------------------


def _table(reader: hc.Reader, title: str, place: str) -> Any:
    for text, cell in reader.tds:
        if cell.tag == "th" and re.match(title, text, re.I):
            for ancestor in cell.iterancestors("table"):
                return ancestor
    raise InvalidFilingError(reader.name, f"no {place} (the page has no table titled so)", place)


def _data_rows(table: Any) -> list[Any]:
    rows = []
    for row in table.iter("tr"):
        if row.getparent() is not None and row.getparent().tag == "thead":
            continue
        if row.find("th") is not None or not row.findall("td"):
            continue
        if hc.enclosing(row, "table") is not table:  # a nested table's row
            continue
        rows.append(row)
    return rows


# The codes of a closed set a cell may hold (the schema's A/D and D/I).


def _rows(reader: hc.Reader, table: Any, derivative: bool, form: str) -> Any:
    label = "Table II" if derivative else "Table I"
    layout = ROW_FIELDS[(form[0], derivative)]
    return tuple(
        hc.read_row(reader, row, layout, form, derivative, f"{label} row {index}")
        for index, row in enumerate(_data_rows(table), 1)
    )


# -- footer --------------------------------------------------------------------------------------
_FOOTNOTE = re.compile(r"\(?(\??)(\d{1,3})\)?[.)]?\s+(.*)", re.S)


def _explanation(reader: hc.Reader) -> tuple[dict[str, str], str | None]:
    found = [td for td in reader.find(r"Explanation of Responses:?$")]
    remarks_cells = reader.find(r"Remarks:?$")
    footnotes: dict[str, str] = {}
    remarks: list[str] = []
    if not found:
        if reader.refs:
            reader.warn("Explanation of Responses", "section not found")
        return footnotes, None
    table = hc.enclosing(found[0], "table")
    start = hc.enclosing(found[0], "tr")
    if table is None or start is None:
        reader.warn("Explanation of Responses", "heading outside a table row; footnotes not read")
        return footnotes, None
    in_remarks = False
    unknown = 0
    remarks_set = set(remarks_cells)  # a page may hold many such cells: each row looks them up
    for row in start.itersiblings("tr"):
        text = hc.text(row)
        if remarks_set and any(c in remarks_set for c in row.iter("td")):
            in_remarks = True
            continue
        if not text:
            continue
        if in_remarks:
            remarks.append(text)
            continue
        match = _FOOTNOTE.fullmatch(text)
        if match:
            fid = hc.mark_id(match.group(1), match.group(2))
            if fid in footnotes:
                reader.warn("Explanation of Responses", f"footnote {fid} given twice; last kept")
            footnotes[fid] = match.group(3).strip()
        else:
            unknown += 1
            footnotes[f"?{unknown}"] = text
            reader.warn(
                "Explanation of Responses", f"footnote without a number: read as ?{unknown}"
            )
    if not remarks and remarks_cells and remarks_cells[0] not in table.iter("td"):
        row = hc.enclosing(remarks_cells[0], "tr")
        if row is None:
            reader.warn("Remarks", "heading outside a table row; remarks not read")
        else:
            remarks = [t for r in row.itersiblings("tr") if (t := hc.text(r))]
    return footnotes, "\n".join(remarks) or None


def _signatures(reader: hc.Reader) -> tuple[Signature, ...]:
    """Each signature line stands above a "** Signature of Reporting Person" / "Date" line."""
    found = reader.find(r"\*\*\s*Signature of Reporting Person")
    if not found:
        reader.warn("signature", "no signature block found")
        return ()
    label = found[0]
    table = hc.enclosing(label, "table")
    row = hc.enclosing(label, "tr")
    cells = row.findall("td") if row is not None else []
    index = next((i for i, td in enumerate(cells) if td is label), None)
    if table is None or index is None:
        reader.warn("signature", "signature label outside a table row; signatures not read")
        return ()
    signatures: list[Signature] = []
    labels = set(found)  # a page may hold many labels: each row looks them up
    for row in table.iter("tr"):
        cells = row.findall("td")
        if any(td in labels for td in cells) or len(cells) <= index:
            continue
        name = hc.text(cells[index])
        raw = hc.text(cells[index + 1]) if len(cells) > index + 1 else ""
        if (name or raw) and (len(cells) > 1 and not hc.text(cells[0])):
            signed = reader.typed(f"signature {len(signatures) + 1}, date", "date", raw)
            if name or signed is not None:  # neither a name nor a date: no signature
                signatures.append(Signature(name=name, date=signed))
    if not signatures:
        reader.warn("signature", "signature line empty")
    return tuple(signatures)


# -- the page ------------------------------------------------------------------------------------
_DOC_TYPE = re.compile(r"FORM\s*([345])\s*(/\s*A)?\b", re.I)


def _document_type(reader: hc.Reader) -> str:
    candidates = [
        hc.text(td) for td in reader.root.iter("td") if "FormName" in (td.get("class") or "")
    ]
    title = reader.root.find(".//title")
    if title is not None:
        candidates.append(hc.text(title))
    for text in candidates:
        match = _DOC_TYPE.search(text)
        if match:
            return match.group(1) + ("/A" if match.group(2) else "")
    match = _DOC_TYPE.search(hc.text(reader.root)[:2000])
    if match is None:
        raise InvalidFilingError(reader.name, "no FORM 3, 4 or 5 heading", "page heading")
    reader.warn("page heading", "no form name cell; form number taken from the page text")
    return match.group(1) + ("/A" if match.group(2) else "")


def _parse(data: bytes, name: str) -> Any:
    parser = lxml_html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False
    )
    try:
        root = lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise UnrecognizedFormatError(name, f"not readable HTML: {error}", "line 1") from None
    for bad in root.iter("script", "style"):
        bad.text = None  # never page text
    return root


_END = re.compile(rb"</(?:body|html)\s*>", re.I)


def read_html(data: bytes, name: str = "<bytes>") -> Filing:
    """Read one SEC rendering of a Form 3, 4 or 5 (or amendment) into a Filing."""
    if not is_form_html(data):
        raise UnrecognizedFormatError(name, "an HTML page that is not an ownership form", "line 1")
    if _END.search(data[-4096:]) is None:
        raise InvalidFilingError(name, "the page ends early (no </body> or </html>): truncated?")
    reader = hc.Reader(_parse(data, name), name)
    if is_reduced(reader):
        reader.innermost = True
        return _read_reduced(reader)
    document_type = _document_type(reader)
    form = document_type[0]
    table1 = _table(reader, r"Table I\s*-", "Table I")
    table2 = _table(reader, r"Table II\s*-", "Table II")
    values: dict[str, Any] = {
        key: _header_box(reader, CHECKBOX_LABELS[key], checkbox_place(key), box.always)
        for key, box in CHECKBOXES.items()
        if form in box.forms
    }
    period_label = {
        "3": r"2\.\s*Date of Event Requiring Statement",
        "4": r"3\.\s*Date of Earliest Transaction",
        "5": r"3\.\s*Statement for Issuer's Fiscal Year Ended",
    }[form]
    values["period_of_report"] = _date_box(reader, period_label, "period of report box")
    original = _date_box(reader, r"\d\.\s*If Amendment", "amendment box")
    values["date_of_original_submission"] = original
    if original is not None and not document_type.endswith("/A"):
        document_type += "/A"
    issuer = _issuer(reader, form)
    owners = _owners(reader)
    if not (issuer.cik or issuer.name or owners):
        raise InvalidFilingError(
            name, "the page shows neither a reporting person nor an issuer", "boxes 1 and 2"
        )
    non_derivative = _rows(reader, table1, False, document_type)
    derivative = _rows(reader, table2, True, document_type)
    footnotes, remarks = _explanation(reader)
    reader.unexplained(footnotes)
    signatures = _signatures(reader)
    return Filing(
        document_type=document_type,
        issuer=issuer,
        owners=tuple(owners),
        non_derivative=non_derivative,
        derivative=derivative,
        footnotes=footnotes,
        remarks=remarks,
        signatures=signatures,
        source=Source(format=FORMAT, name=name, warnings=tuple(reader.warnings)),
        **values,
    )


def _read_reduced(reader: hc.Reader) -> Filing:
    """A page of the SEC's reduced-content stylesheets (``form4.read._sec_page``)."""
    heading = [hc.text(c) for c in reader.root.iter("center") if _DOC_TYPE.fullmatch(hc.text(c))]
    if not heading:
        raise InvalidFilingError(reader.name, "no FORM 3, 4 or 5 heading", "page heading")
    match = _DOC_TYPE.fullmatch(heading[0])
    assert match is not None
    document_type = match.group(1) + ("/A" if match.group(2) else "")
    form = document_type[0]
    period_label = {
        "3": r"2\.\s*Date of Event Requiring Statement",
        "4": r"3\.\s*Date of Earliest Transaction",
        "5": r"3\.\s*Statement for Issuer's Fiscal Year Ended",
    }[form]
    period = _date_box(reader, period_label, "period of report box")
    original = _date_box(reader, r"\d\.\s*If Amendment", "amendment box")
    if original is not None and not document_type.endswith("/A"):
        document_type += "/A"
    issuer = _issuer(reader, form)
    values = read_reduced(reader, document_type)
    if not (issuer.name or values["owners"]):
        raise InvalidFilingError(
            reader.name, "the page shows neither a reporting person nor an issuer", "boxes 1-3"
        )
    reader.unexplained(values["footnotes"])
    return Filing(
        document_type=document_type,
        period_of_report=period,
        date_of_original_submission=original,
        issuer=issuer,
        source=Source(format=FORMAT, name=reader.name, warnings=tuple(reader.warnings)),
        **values,
    )


def _owners(reader: hc.Reader) -> list[ReportingOwner]:
    """Box 1 and the relationship box (first owner); the other owners listed after the tables."""
    cells = reader.find(r"1\.\s*Name and Address of Reporting Person")
    if not cells:
        reader.warn("box 1 (reporting person)", "box not found; no reporting owner")
        return []
    first = _owner(reader, cells[0], "box 1 (reporting person)")
    rest = [_owner(reader, td, f"reporting person {i}") for i, td in enumerate(cells[1:], 1)]
    if rest and (rest[0].name, rest[0].cik) == (first.name, first.cik):
        rest = rest[1:]  # the SEC's list of owners repeats the first
    relation_cells = reader.find(r"\d\.\s*Relationship of Reporting Person")
    if relation_cells:
        first = replace(first, **_relationship(reader, relation_cells[0], "relationship box"))
    else:
        reader.warn("relationship box", "box not found")
    listed = _owners_table(reader)
    if listed is None:
        return [first, *rest]
    if not listed or listed[0].name != first.name:
        reader.warn("Reporting Owners", "first owner differs from box 1; the table is kept")
    return listed
