"""The reporting persons of the SEC's page (its stylesheets' reduced look) in a text that keeps
the page's table cells (markdown pipe tables): box 1's address, whose lines a converter moves
away from the name, and the "Reporting Owners" table of name-and-address cells.

Box 1 prints the name, then the (Last) (First) (Middle) hints, the street lines, the (Street)
hint, a row of city, state (by name) and zip cells, the (City) (State) (Zip/Postal Code) hints and
the country line. A converter that writes the grid's cells one after another keeps that order,
with the cells of the boxes to the right (box 3's date, boxes 4 and 6) in between."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from form4.model import Address
from form4.printed import LABELS, SEC_OWNER_COLUMNS, SEC_OWNER_GROUP
from form4.read._sec_page import CITY_STATE_ZIP
from form4.read._state_codes import UNITED_STATES, us_state_code
from form4.read._text_cells import plain
from form4.read._text_layout import chunks
from form4.read._text_page import BOX_LABELS, HINTS, OWNERS_TITLE, SECTIONS, Page

__all__ = [
    "ListedOwner",
    "hinted_address",
    "joined_streets",
    "listed_owners",
    "listed_values",
    "merge_owner",
    "older_look",
]

# A numbered box label anywhere in a line ("...SUITE 31003. Date of Earliest Transaction"): the
# page's boxes are numbered with one digit, and 2a/3a is the foreign trading symbol's box.
_LABEL_IN_LINE = re.compile(
    rf"\d[a-z]?\.\s*(?:{'|'.join(BOX_LABELS.values())}|Foreign Trading Symbol)", re.I
)


def _table_start(reader: Page) -> int:
    start = reader.tables_start()
    return len(reader.lines) if start is None else start


def _cells(texts: list[str]) -> list[str] | None:
    """The cells of one table row, written on one line or broken over several (the parts joined
    as they are: a cell never holds a pipe, which markdown escapes); a row framed by pipes
    ("| a | b | c |") or not ("a| b | c")."""
    text = "".join(t.strip() for t in texts)
    if "|" not in text:
        return None
    parts = [p.strip() for p in text.split("|")]
    if text.startswith("|") and text.endswith("|") and len(parts) > 3:
        parts = parts[1:-1]
    return parts


def hinted_address(reader: Page, place: str) -> Address | None:
    """Box 1's address read by its hints (see the module's docstring), where box 1 shows the
    name alone; None when the hints are not in that order.

    The street lines are street1, a line break, then street2, and box 3's label follows in a cell
    of its own: a converter that runs that cell into the line before it ("...SUITE 31003. Date")
    leaves street2 before the label, street1 on the line above. A text that writes a cell's
    line breaks as spaces runs the two streets together: they are left out. The state is read
    back to its code by the name the page prints, under a US country line only."""
    table = _table_start(reader)
    last = reader.find(r"\(Last\)", 0, table)
    street = reader.find(r"\(Street\)", last + 1, table) if last is not None else None
    city = reader.find(r"\(City\)", street + 1, table) if street is not None else None
    if last is None or street is None or city is None:
        return None
    if not any("(Zip/Postal Code)" in line.text for line in reader.lines[:table]):
        # The older looks of the page print "(Zip)", the streets as one line and no country.
        return _older_address(reader, place, last, street, city)
    values: dict[str, Any] = {}
    lines = [line for line in reader.lines[last + 1 : street] if not HINTS.match(plain(line.text))]
    at = next((i for i, line in enumerate(lines) if _LABEL_IN_LINE.search(line.text)), None)
    if reader.flattened:
        reader.warn(place, "street lines run together in one cell; left out")
    elif at is None:
        reader.warn(place, "street lines not followed by box 3's label; left out")
    else:
        text = lines[at].text
        label = _LABEL_IN_LINE.search(text)
        start = label.start() if label else 0
        glued, before = text[:start], lines[:at]
        if not start and at and lines[at].glued:
            glued, before = lines[at - 1].text, lines[: at - 1]  # split from the label's line
        streets = [plain(line.text) for line in before if plain(line.text)]
        if glued[-1:].isspace() or len(streets) > 1:
            reader.warn(place, "street lines not told apart; left out")
        else:
            values["street1"] = streets[0] if streets else None
            values["street2"] = plain(glued) or None
    row: list[str] = []
    for line in reader.lines[street + 1 : city]:
        if _LABEL_IN_LINE.match(plain(line.text)):
            break
        row.append(line.text)
    cells = [plain(c) for c in _cells(row) or []] or None
    country = next(
        (plain(t) for line in reader.lines[city + 1 : table] if (t := line.text).strip()
         and not HINTS.match(plain(t))),
        None,
    )  # fmt: skip
    if cells is None or len(cells) != 3:
        reader.warn(place, "(City) (State) (Zip) cells not told apart; left out")
    else:
        values["city"] = cells[0] or None
        values["zip_code"] = cells[2] or None
        values.update(_state(reader, cells[1], country, place))
    address = Address(**values)
    return None if address.is_empty else address


def _older_address(reader: Page, place: str, last: int, street: int, city: int) -> Address | None:
    """Box 1's address on the older looks, each part a cell of its own: the streets' line
    between the (Last) hints and box 3's label, "CITY, ST ZIP" between the (Street) hint and box
    4's label (a US zip: the only layout read). The streets' line joins street1 and street2 by
    ", " (``_split_streets``)."""

    def one(start: int, end: int) -> str | None:
        texts = [plain(line.text) for line in reader.lines[start:end]]
        texts = [t for t in texts if t and not HINTS.match(t)]
        at = next((i for i, t in enumerate(texts) if _LABEL_IN_LINE.match(t)), None)
        if at != 1 or any(_LABEL_IN_LINE.search(t) for t in texts[:1]):
            return None  # not one cell before the next box's label
        return texts[0]

    streets, where = one(last + 1, street), one(street + 1, city)
    match = CITY_STATE_ZIP.fullmatch(where) if where else None
    if match is None:
        reader.warn(place, "(City) (State) (Zip) line not told apart; left out")
    values: dict[str, Any] = {}
    if match is not None:
        values.update(city=match[1], state=match[2], zip_code=match[3])
    if streets is None:
        reader.warn(place, "street line not followed by box 3's label; left out")
    elif match is not None and (split := _split_streets(reader, streets, match[0])) is not None:
        values.update(street1=split[0], street2=split[1])
    else:
        reader.warn(place, "street1 and street2 printed on one line, not told apart; left out")
    address = Address(**values)
    return None if address.is_empty else address


def _split_streets(reader: Page, joined: str, where: str) -> tuple[str, str | None] | None:
    """street1 and street2 from the line the older looks print ("street1, street2"): a line
    with no ", " is street1. Else the first owner's name-and-address cell in the list of
    owners, written as one line, runs name, street1, street2 and "CITY, ST ZIP" together with
    spaces: the line is split at the one ", " (or taken whole) that gives that cell's text."""
    if ", " not in joined and not joined.endswith(","):
        return joined, None
    rows = listed_owners(reader)
    row = rows[0] if rows else None
    if row is None or len(row.lines) != 1:
        return None
    cell = plain(row.lines[0])
    found: list[tuple[str, str | None]] = []
    candidates: list[tuple[str, str | None]] = [(joined, None)]
    if joined.endswith(","):
        candidates.append((joined[:-1], None))
    at = joined.find(", ")
    while at >= 0:
        candidates.append((joined[:at], joined[at + 2 :]))
        at = joined.find(", ", at + 1)
    for first, second in candidates:
        text = " ".join(t for t in (first, second, where) if t)
        if cell.endswith(" " + text):
            found.append((first, second))
    return found[0] if len(found) == 1 else None


# The newest look's hints, which a converter may break over lines ("(Zip/Postal" / "Code)").
_NEWER_HINT = re.compile(r"\(Zip/Postal|\(Country\)")


def older_look(reader: Page) -> bool:
    """Whether the page is one of the SEC's older looks: its list of owners ("Reporting Owner
    Name / Address", which form4's own page does not print), box 1's hints "(City) (State)
    (Zip)" above the tables, and none of the newest look's ("(Zip/Postal Code)", "(Country)")."""
    table = _table_start(reader)
    above = reader.lines[:table]
    return (
        any(re.search(OWNERS_TITLE, line.text, re.I) for line in reader.lines[table:])
        and reader.find(r"\(City\)", 0, table) is not None
        and not any(_NEWER_HINT.search(line.text) for line in above)
    )


def joined_streets(reader: Page, address: Address, name: str | None, place: str) -> Address:
    """Box 1's street lines on the older looks of the SEC's page (its "(City) (State) (Zip)"
    hints, no "(Zip/Postal Code)"), which print street1 and street2 on one line joined by ", ".

    Such a line is told apart by the first owner's lines in the list of owners written as the
    page's columns (name, street1, [street2], "CITY, ST ZIP" at the line's start): the streets
    are taken when the list's street lines, joined by ", ", are the box's line (a street wrapped
    over lines would join by a space, not ", "); the page prints the ", " when any owner has a
    street2, so a line "street1," is street1 alone when the list shows it so. A box's line
    without a comma of its own is street1 alone; any other is left out."""
    # The box prints the streets as one run: two lines are that run wrapped by the page's width
    # (a PDF's line), so they join by a space, never as street1 and street2.
    street = " ".join(s for s in (address.street1, address.street2) if s) or None
    older = (
        not reader.markdown
        and street is not None
        and reader.find(SECTIONS["owners"]) is not None
        and older_look(reader)
    )
    if not older or street is None:
        return address
    if ", " not in street and not street.endswith(","):
        return replace(address, street1=street, street2=None)
    streets = _listed_streets(reader, name)
    if streets is not None and (
        street == ", ".join(streets) or (len(streets) == 1 and street == f"{streets[0]},")
    ):
        # The page's ", " follows street1 when any owner has a street2: an empty one leaves ",".
        return replace(address, street1=streets[0], street2=streets[1] if streets[1:] else None)
    reader.warn(place, "street1 and street2 printed on one line, not told apart; left out")
    return replace(address, street1=None, street2=None)


def _listed_streets(reader: Page, name: str | None) -> list[str] | None:
    """The street lines of the first owner in the list of owners written as columns: the text
    at each line's start after the column titles, from the name to the "CITY, ST ZIP" line."""
    index = reader.find(SECTIONS["owners"])
    if index is None or name is None:
        return None
    block: list[str] = []
    for line in reader.lines[index + 1 : index + 12]:
        found = chunks(line.text)
        if not found:
            if block:
                return None
            continue
        if found[0].x != 0:
            continue  # the relationship columns' text alone
        text = plain(found[0].text)
        if not block and text != name:
            if text.lower() in _HEADS:
                continue  # the titles' lines
            return None
        block.append(text)
        if len(block) > 1 and CITY_STATE_ZIP.fullmatch(text):
            streets = block[1:-1]
            return streets if 1 <= len(streets) <= 2 else None
    return None


def _state(reader: Page, name: str, country: str | None, place: str) -> dict[str, str]:
    if not name:
        return {}
    if code := us_state_code(name, country):
        return {"state": code}
    reader.warn(place, f"state {name!r} not a US state's printed name; left out")
    return {}


# -- the Reporting Owners table --------------------------------------------------------------------
_PLACE = LABELS["owners"]
_HEADS = frozenset(h.lower() for h in (*SEC_OWNER_COLUMNS, SEC_OWNER_GROUP))
_FOOTER = re.compile(
    rf"^(?:{SECTIONS['explanation']}|{SECTIONS['remarks']}|{SECTIONS['signature']}|Signatures$)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class ListedOwner:
    """One row of the table: the name-and-address cell's lines and the four relationship cells."""

    lines: tuple[str, ...]
    cells: tuple[str, ...]


def listed_owners(reader: Page) -> list[ListedOwner | None] | None:
    """The rows of the SEC's "Reporting Owners" table (None for a row whose cells are not the
    table's five); None when the page has no such table (its header row not found).

    A row is a line of pipe cells; a converter that keeps the line breaks of the first cell
    writes its lines above that line, the last one (the country) in the row's first cell."""
    index = reader.find(SECTIONS["owners"])
    if index is None:
        return None
    rows: list[ListedOwner | None] = []
    headed = False
    pending: list[str] = []
    for line in reader.lines[index + 1 :]:
        text = line.text.strip()
        if _FOOTER.match(plain(text)):
            break
        if not text:
            if pending:
                pending.append("")
            elif rows:
                break
            continue
        cells = _cells([text])  # runs of spaces kept: they tell a state apart (``_state_zip``)
        if cells is None:
            pending.append(plain(text))
            continue
        filled = [plain(c) for c in cells if c]
        if not filled:
            continue
        if all(c.lower() in _HEADS for c in filled):
            headed = True
            pending = []
            continue
        if not headed:
            return None
        if len(cells) != len(SEC_OWNER_COLUMNS):
            reader.warn(f"{_PLACE} row {len(rows) + 1}",
                        f"{len(cells)} cells where {len(SEC_OWNER_COLUMNS)} were expected; "
                        "row not read")  # fmt: skip
            rows.append(None)
        else:
            relations = tuple(plain(c) for c in cells[1:])
            rows.append(ListedOwner((*_trim(pending), cells[0]), relations))
        pending = []
    return rows if headed else None


def _trim(lines: list[str]) -> list[str]:
    while lines and not lines[0]:
        lines = lines[1:]
    return lines


def listed_values(reader: Page, row: ListedOwner, place: str) -> dict[str, Any]:
    """A row's name, address, director and 10% owner marks, officer title and other text.

    The cell's lines are the name, street1, street2 (a line of its own only when both are
    given), city, state by name, zip and "UNITED STATES"; a US address is read from those
    six or seven lines only (on the older looks, from three or four ending "CITY, ST ZIP").
    A cell written on one line runs them together: only its state and zip are told apart
    (``_state_zip``). The officer and other boxes are not shown for the table's owners."""
    values: dict[str, Any] = {}
    for key, cell in zip(("is_director", "is_ten_percent_owner"), row.cells, strict=False):
        if cell in ("X", ""):
            values[key] = cell == "X"
        else:
            reader.warn(place, f"{cell!r} is not a relationship's mark; left out")
    values["officer_title"] = row.cells[2] or None
    values["other_text"] = row.cells[3] or None
    if len(row.lines) == 1:
        reader.warn(place, "name and address run together in one cell; name, street lines "
                    "and city left out")  # fmt: skip
        values["address"] = _state_zip(reader, row.lines[0], place)
        return values
    lines = [plain(line) for line in row.lines]
    if len(lines) in (6, 7) and lines[-1] == UNITED_STATES:
        streets, city, state, zip_code = lines[1:-4], lines[-4], lines[-3], lines[-2]
        values["name"] = lines[0] or None
        address = Address(
            street1=streets[0] or None,
            street2=streets[1] or None if len(streets) == 2 else None,
            city=city or None,
            state=_state(reader, state, UNITED_STATES, place).get("state"),
            zip_code=zip_code or None,
        )
        values["address"] = None if address.is_empty else address
    elif len(lines) in (3, 4) and (match := CITY_STATE_ZIP.fullmatch(lines[-1])):
        # The older looks: city, the state's code and zip on the last line, as the form prints.
        streets = lines[1:-1]
        address = Address(
            street1=streets[0] or None,
            street2=streets[1] or None if len(streets) == 2 else None,
            city=match[1],
            state=match[2],
            zip_code=match[3],
        )
        values["name"] = lines[0] or None
        values["address"] = address
    else:
        values["name"] = lines[0] or None
        reader.warn(place, "address not in a layout read for sure; left out")
    return values


def _state_zip(reader: Page, text: str, place: str) -> Address | None:
    """The state and zip of a name-and-address cell written as one line. The page prints the
    state by name between the spaces its stylesheet leaves around it, and the zip and country
    after it ("... SUITE 3100 AUSTIN  TEXAS  78701 UNITED STATES"): the one run of spaces on
    each side of the state tells it apart, and a cell with other runs of spaces is not read.
    The city runs into the street before it with a single space: it is not told apart."""
    parts = re.split(r"\s{2,}", text.strip())
    if len(parts) != 3:
        return None
    if parts[2] == UNITED_STATES:
        zip_code = ""
    elif parts[2].endswith(" " + UNITED_STATES):
        zip_code = parts[2][: -len(UNITED_STATES)].strip()
    else:
        return None
    address = Address(
        state=_state(reader, parts[1], UNITED_STATES, place).get("state"),
        zip_code=zip_code or None,
    )
    return None if address.is_empty else address


def merge_owner(
    reader: Page, boxes: dict[str, Any], listed: dict[str, Any], place: str
) -> dict[str, Any]:
    """The first reporting person: what boxes 1 and 5 show, with what only the table's first row
    shows; a value the two show differently is left out."""
    merged = dict(boxes)
    for key, theirs in listed.items():
        mine = merged.get(key)
        if key == "address":
            merged[key] = _merge_address(reader, mine, theirs, place)
        elif mine is None:
            merged[key] = theirs
        elif theirs is not None and mine != theirs:
            reader.warn(place, f"{key.replace('_', ' ')}: {mine!r} in the boxes, {theirs!r} in "
                        "the table; left out")  # fmt: skip
            merged[key] = None
    return merged


def _merge_address(
    reader: Page, boxed: Address | None, listed: Address | None, place: str
) -> Address | None:
    if boxed is None or listed is None:
        return boxed or listed
    values: dict[str, Any] = {}
    for key in ("street1", "street2", "city", "state", "zip_code"):
        mine, theirs = getattr(boxed, key), getattr(listed, key)
        if mine is not None and theirs is not None and mine != theirs:
            reader.warn(place, f"{key}: {mine!r} in box 1, {theirs!r} in the table; left out")
            continue
        values[key] = mine if mine is not None else theirs
    address = Address(**values)
    return None if address.is_empty else address
