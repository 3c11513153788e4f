"""The page of the SEC's current reduced-content stylesheets (``4_X09``, ``3_X07``, ``5_X09``):
boxes as label cells, "__X__" relationship marks, Table I's title in the header grid, Table II's
and the sections after it titled outside any table, and the owners listed in a "Reporting Owner
Name / Address" table. Read with the HTML reader's cells and the shared row builder."""

from __future__ import annotations

import re
from typing import Any

from form4.model import Address, ReportingOwner, Signature
from form4.printed import CHECKBOXES, ROW_FIELDS
from form4.read import _html_cells as html
from form4.read._row import KIND
from form4.read._state_codes import CODE_OF_NAME, UNITED_STATES, us_state_code
from form4.read._text_page import CHECKBOX_LABELS, checkbox_place

__all__ = ["CITY_STATE_ZIP", "is_reduced", "read_reduced"]

# The sheets print a number with at most four decimals (``format-number(., '#,##0.####')``):
# one shown with four may have been rounded.
_ROUNDED = re.compile(r"\d\.\d{4}\s*$")


def is_reduced(reader: Any) -> bool:
    """Whether a page is of the reduced look: Table I's title in a plain cell, not a header."""
    return any(
        td.tag == "td" and re.match(r"Table I\s*-", text) for text, td in reader.tds
    ) and not any(td.tag == "th" and re.match(r"Table I\s*-", text) for text, td in reader.tds)


def _lines(el: Any) -> list[str]:
    """The text of an element cut at its ``<br>``s (nested tables left out)."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            if child.tag == "br":
                parts.append("")
            elif child.tag != "table" and child.find(".//table") is None:
                parts[-1] += child.text_content()
        parts[-1] += child.tail or ""
    return [" ".join(p.split()) for p in parts]


def _after(heading: str, root: Any) -> Any | None:
    """The table following an ``<h2>`` heading."""
    for h2 in root.iter("h2"):
        if " ".join(h2.text_content().split()).rstrip(":") == heading:
            for sibling in h2.itersiblings():
                if sibling.tag == "table":
                    return sibling
                if sibling.tag == "h2":
                    return None
    return None


def _own_rows(table: Any) -> list[Any]:
    return [r for r in table.iter("tr") if html.enclosing(r, "table") is table]


def _table(reader: Any, label: str) -> Any | None:
    """The table whose first column is headed ``label`` (Table I, Table II)."""
    found = reader.find(label)
    return html.enclosing(found[0], "table") if found else None


def _rows(reader: Any, derivative: bool, document_type: str) -> tuple[Any, ...]:
    place_name = "Table II" if derivative else "Table I"
    label = r"1\.\s*Title of Derivative Security" if derivative else r"1\.\s*Title of Security"
    table = _table(reader, label)
    if table is None:
        reader.warn(place_name, "table not found; no rows read")
        return ()
    rows = _own_rows(table)
    header = 1
    if rows:
        spans = [td.get("rowspan") or "1" for td in rows[0].findall("td")]
        header = max((int(s) for s in spans if s.isdigit() and 0 < int(s) < 5), default=1)
    form = document_type[0]
    layout = ROW_FIELDS[(form, derivative)]
    out = []
    for index, row in enumerate(rows[header:], 1):
        place = f"{place_name} row {index}"
        out.append(html.read_row(reader, row, layout, form, derivative, place, doubt=_doubt))
    return tuple(out)


# -- boxes ---------------------------------------------------------------------------------------
def _doubt(column: str, text: str) -> str | None:
    """Why an amount the page shows cannot be trusted: the sheets print four decimals at most,
    so a value with four may be a longer one rounded."""
    if KIND.get(column) == "number" and _ROUNDED.search(text):
        return "may be rounded to four decimals by the page"
    return None


def _checkbox(reader: Any, pattern: str, place: str, expected: bool) -> bool | None:
    found = reader.find(pattern)
    if not found:
        if expected:
            reader.warn(place, "checkbox not found")
        return None
    box = html.box_before(found[0])
    inputs = box.findall(".//input") if box is not None else []
    if len(inputs) != 1:
        reader.warn(place, "checkbox label without its box")
        return None
    return inputs[0].get("checked") is not None


_MARKED = re.compile(r"_*(X?)_*\s+(.+)$")


def _relations(reader: Any) -> dict[str, Any]:
    place = "relationship box"
    # Form 3 prints box 3a's label in the same cell, before it.
    found = reader.find(r"(?:3a\.\s*Foreign Trading Symbol\s*)?\d\.\s*Relationship of Reporting")
    values: dict[str, Any] = {}
    if not found:
        reader.warn(place, "box not found")
        return values
    for td in found[0].iter("td"):
        match = _MARKED.match(html.text(td))
        key = html.RELATIONS.get(match.group(2).lower()) if match else None
        if match and key:
            values[key] = match.group(1) == "X"
    for key in html.RELATIONS.values():
        if key not in values:
            reader.warn(place, f"no {key[3:].replace('_', ' ')} checkbox")
    return values


def _first_address(reader: Any, place: str) -> Address | None:
    """Box 1's address: street lines under (Last) (First) (Middle), the (City) (State) (Zip)
    cells, and the country line that tells a US address (its state printed by name)."""
    if not reader.find(r"\(Zip/Postal Code\)$"):
        return None  # the older sheets' box 1: read from the list of owners
    parts: dict[str, Any] = {}
    last = [td for td in reader.find(r"\(Last\)") if html.enclosing(td, "table") is not None]
    holder = html.enclosing(html.enclosing(last[0], "table"), "td") if last else None
    if holder is not None:
        streets = _lines(holder)  # street1, always a <br>, then street2
        if len(streets) == 2:
            parts["street1"] = streets[0] or None
            parts["street2"] = streets[1] or None
        else:
            reader.warn(place, "street lines not in the usual layout; left out")
    else:
        reader.warn(place, "street lines not found; left out")
    street = reader.find(r"\(Street\)$")
    holder = html.enclosing(html.enclosing(street[0], "table"), "td") if street else None
    cells: list[Any] = []
    if holder is not None:
        tables = [t for t in holder.iter("table") if t is not holder]
        cells = tables[-1].findall(".//td") if len(tables) >= 2 else []
    country: str | None = None
    city_label = reader.find(r"\(City\)$")
    table = html.enclosing(city_label[0], "table") if city_label else None
    if table is not None:
        rows = _own_rows(table)
        country = html.text(rows[-1]) if len(rows) == 2 else None
    if len(cells) == 3:
        parts["city"] = html.text(cells[0]) or None
        parts["zip_code"] = html.text(cells[2]) or None
        state = html.text(cells[1])
        if state and (code := us_state_code(state, country)):
            parts["state"] = code
        elif state:
            reader.warn(place, f"state {state!r} not a US state's printed name; left out")
    else:
        reader.warn(place, "(City) (State) (Zip) cells not found; left out")
    address = Address(**parts)
    return None if address.is_empty else address


def _first_name(reader: Any, place: str) -> tuple[str | None, str | None]:
    found = reader.find(r"1\.\s*Name and Address of Reporting Person")
    row = html.enclosing(found[0], "tr") if found else None
    following = row.getnext() if row is not None else None
    if following is None:
        reader.warn(place, "no reporting person name shown")
        return None, None
    link = following.find(".//a")
    cik = html.cik(link) if link is not None else None
    return html.text(following) or None, cik


def _owner_rows(reader: Any) -> list[tuple[list[str], list[Any]]]:
    table = _after("Reporting Owners", reader.root)
    if table is None:
        reader.warn("Reporting Owners", "table not found")
        return []
    out = []
    for row in _own_rows(table):
        cells = row.findall("td")
        if len(cells) == 5 and "Reporting Owner Name" not in html.text(cells[0]):
            out.append((_lines(cells[0]), cells))
    return out


# The older sheets' last address line: "CITY, ST ZIP" with the state's code.
CITY_STATE_ZIP = re.compile(r"(.+), ([A-Z][A-Z0-9]) (\d{5}(?:-\d{4})?)")


def _listed_address(reader: Any, lines: list[str], place: str) -> Address | None:
    """An owner's address in the list of owners: name, street1, [street2] (a line only when
    both are given), then city, state by name, zip and "UNITED STATES" on lines of their own
    (4_X09); or city, state's code and zip on one line (the older sheets)."""
    if len(lines) in (6, 7) and lines[-1] == UNITED_STATES:
        streets, city, state, zip_code = lines[1:-4], lines[-4], lines[-3], lines[-2]
        if state and state not in CODE_OF_NAME:
            reader.warn(place, f"state {state!r} not a printed state name; left out")
        code = CODE_OF_NAME.get(state)
    elif len(lines) in (3, 4) and (match := CITY_STATE_ZIP.fullmatch(lines[-1])):
        streets, (city, code, zip_code) = lines[1:-1], match.groups()
    else:
        reader.warn(place, "address not in a layout read for sure; left out")
        return None
    address = Address(
        street1=streets[0] or None,
        street2=streets[1] or None if len(streets) == 2 else None,
        city=city or None,
        state=code,
        zip_code=zip_code or None,
    )
    return None if address.is_empty else address


def _owners(reader: Any) -> list[ReportingOwner]:
    name, cik = _first_name(reader, "box 1 (reporting person)")
    first: dict[str, Any] = {
        "cik": cik,
        "name": name,
        "address": _first_address(reader, "box 1 (reporting person)"),
        **_relations(reader),
    }
    owners: list[ReportingOwner] = []
    for index, (lines, cells) in enumerate(_owner_rows(reader)):
        place = f"Reporting Owners row {index + 1}"
        title = html.text(cells[3]) or None
        other = html.text(cells[4]) or None
        if index == 0:
            if lines and lines[0] != name:
                reader.warn(place, "first owner differs from box 1; box 1 kept")
            elif first["address"] is None and not reader.find(r"\(Zip/Postal Code\)$"):
                # The older sheets run box 1's lines together ("street1, street2"): the list
                # of owners keeps them apart.
                first["address"] = _listed_address(reader, lines, "box 1 (reporting person)")
            owners.append(ReportingOwner(**first, officer_title=title, other_text=other))
            continue
        values: dict[str, Any] = {
            "cik": None,
            "name": lines[0] or None if lines else None,
            "is_director": html.text(cells[1]) == "X",
            "is_ten_percent_owner": html.text(cells[2]) == "X",
            "officer_title": title,
            "other_text": other,
        }
        reader.warn(place, "officer and other boxes are not shown for this owner; left out")
        values["address"] = _listed_address(reader, lines, place)
        owners.append(ReportingOwner(**values))
    if not owners:
        if first["address"] is None:
            reader.warn("box 1 (reporting person)", "address not read")
        owners.append(ReportingOwner(**first))
    return owners


# -- after the tables ----------------------------------------------------------------------------
_NUMBERED = re.compile(r"\((\d{1,3})\)")


def _explanation(reader: Any) -> tuple[dict[str, str], str | None, bool | None]:
    table = _after("Explanation of Responses", reader.root)
    footnotes: dict[str, str] = {}
    remarks: str | None = None
    none_owned: bool | None = None
    if table is None:
        reader.warn("Explanation of Responses", "section not found")
        return footnotes, remarks, none_owned
    for row in _own_rows(table):
        cells = row.findall("td")
        if len(cells) == 2:
            mark = html.text(cells[0])
            match = _NUMBERED.fullmatch(mark)
            if match:
                fid = f"F{int(match.group(1))}"
                if fid in footnotes:
                    reader.warn("Explanation of Responses", f"footnote {fid} given twice")
                footnotes[fid] = html.text(cells[1])
            elif mark not in ("*", "**"):
                reader.warn("Explanation of Responses", f"row {mark!r} not read")
        elif len(cells) == 1:
            bold = [html.text(b) for b in cells[0].iter("b")]
            if "Remarks:" in bold:
                lines = _lines(cells[0])
                at = next(i for i, x in enumerate(lines) if x.endswith("Remarks:"))
                remarks = "\n".join(x for x in lines[at + 1 :] if x) or None
            elif "No securities are beneficially owned" in bold:
                none_owned = True
    return footnotes, remarks, none_owned


def _signatures(reader: Any) -> tuple[Signature, ...]:
    table = _after("Signatures", reader.root)
    if table is None:
        reader.warn("signature", "no signature block found")
        return ()
    signatures: list[Signature] = []
    for row in _own_rows(table):
        cells = row.findall("td")
        if len(cells) != 3:
            continue
        name = html.text(cells[0])
        signed = reader.typed(f"signature {len(signatures) + 1}, date", "date", html.text(cells[2]))
        if name or signed is not None:
            signatures.append(Signature(name=name, date=signed))
    if not signatures:
        reader.warn("signature", "signature line empty")
    return tuple(signatures)


def read_reduced(reader: Any, document_type: str) -> dict[str, Any]:
    """The Filing's fields of a page of the reduced look, but for the header boxes the HTML
    reader reads alike on both looks (dates, issuer)."""
    form = document_type[0]
    values: dict[str, Any] = {}
    for key, box in CHECKBOXES.items():
        # This look shows "no securities owned" in the explanation, not as a box.
        if form in box.forms and key != "no_securities_owned":
            values[key] = _checkbox(reader, CHECKBOX_LABELS[key], checkbox_place(key), box.always)
    values["owners"] = tuple(_owners(reader))
    values["non_derivative"] = _rows(reader, False, document_type)
    values["derivative"] = _rows(reader, True, document_type)
    footnotes, remarks, none_owned = _explanation(reader)
    values["footnotes"] = footnotes
    values["remarks"] = remarks
    if none_owned is not None or form == "3":
        values["no_securities_owned"] = none_owned
    values["signatures"] = _signatures(reader)
    return values
