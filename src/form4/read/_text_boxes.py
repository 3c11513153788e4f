"""The numbered boxes and checkboxes above the tables of a text rendering: reporting person and
address, issuer and ticker, dates, relationship, and the Reporting Owners table."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from form4.errors import InvalidFilingError
from form4.model import Address, Issuer, ReportingOwner
from form4.printed import BOXES, LABELS, OWNER_COLUMNS
from form4.read._row import parse_date
from form4.read._state_codes import CODE_OF_NAME, UNITED_STATES, us_state_code
from form4.read._text_cells import RULE, cells_of, plain
from form4.read._text_grid import titled_rows
from form4.read._text_layout import SLACK, chunks
from form4.read._text_owners import (
    hinted_address,
    joined_streets,
    listed_owners,
    listed_values,
    merge_owner,
    older_look,
)
from form4.read._text_page import (
    BOILERPLATE,
    BOX_LABELS,
    BOX_MARK,
    CHECKBOX_LABELS,
    HINTS,
    MARKED,
    OWNERS_TITLE,
    RELATIONS,
    SECTIONS,
    UNMARKED,
    Line,
    Page,
    checkbox_place,
    is_label_fragment,
)

__all__ = [
    "box_place",
    "box_starts",
    "date_box",
    "read_checkbox",
    "read_issuer",
    "read_owners",
]


def box_starts(reader: Page) -> list[int]:
    """Line indexes where a box or section begins: a box's value ends at the next of these."""
    found: set[int] = set()
    for pattern in (*BOX_LABELS.values(), *SECTIONS.values(), *CHECKBOX_LABELS.values()):
        found.update(reader.find_all(pattern))
    return sorted(found)


def _box(
    reader: Page, key: str, starts: list[int], nth: int = 0, blanks: bool = False
) -> list[str] | None:
    """The value lines of a box (tabs kept): what follows its label on its line and below it;
    with ``blanks``, blank lines are kept as ""."""
    found = reader.find_all(BOX_LABELS[key])
    if nth >= len(found):
        return None
    index = found[nth]
    label_line = reader.lines[index].text
    label = rf"^[\s|*\-]*(?:\d+[A-Z]?\.\s*)?(?:{BOX_LABELS[key]})"
    # The label ends at its hint, as in "(Month/Day/Year)", or else where its words end.
    match = re.match(
        rf"{label}[^\t]*?(?:\((?:Month/Day/Year|Month/Year|Voluntary|Check all applicable|"
        r"Check Applicable Line)\)|\s\*)",
        label_line,
        re.I,
    ) or re.match(rf"{label}\s*\*?", label_line, re.I)
    rest = label_line[match.end() :] if match else ""
    end = next((s for s in starts if s > index), len(reader.lines))
    values = [rest, *(line.text for line in reader.lines[index + 1 : end])]
    if blanks:
        # Box 1's address hints are never the box's: a converter that writes the grid's cells
        # one after another puts box 1's street lines after the relationship box's title line.
        cut = next((i for i, v in enumerate(values) if _is_address_hints(v)), None)
        values = values[:cut]
    return [
        v.strip(" ") if plain(v) else ""
        for v in values
        if (plain(v) or blanks) and not HINTS.match(plain(v))
    ]


_ADDRESS_HINT = re.compile(r"\((?:Last|First|Middle|Street|City|State|Zip)\b.*\)", re.I)


def _is_address_hints(text: str) -> bool:
    """Whether a line shows box 1's hints alone: "(Last)", "| (Last)| (First)| (Middle)"."""
    cells = [c.strip() for c in text.split("|") if c.strip()]
    return bool(cells) and all(_ADDRESS_HINT.fullmatch(c) for c in cells)


_NUMBERS = {
    "3": {"owner": 1, "period": 2, "issuer": 3, "relationship": 4, "amendment": 5},
    "4": {"owner": 1, "issuer": 2, "period": 3, "amendment": 4, "relationship": 5},
}
_WORDS = {
    "owner": "reporting person",
    "issuer": "issuer",
    "period": "period of report",
    "amendment": "amendment",
    "relationship": "relationship",
}


def box_place(key: str, form: str) -> str:
    return f"box {_NUMBERS.get(form, _NUMBERS['4'])[key]} ({_WORDS[key]})"


def date_box(reader: Page, key: str, starts: list[int], form: str) -> date | None:
    place = box_place(key, form)
    if reader.visual:
        return _visual_date(reader, key, place)
    values = _box(reader, key, starts)
    if values is None and not reader.markdown:
        values = _date_below_label(reader, key)
    if values is None:
        reader.warn(place, "box not found; left out")
        return None
    # A narrow box wraps its label over lines ("4. If Amendment, Date Original" then
    # "Filed(Month/Day/Year)"): lines of the label's own words are no value.
    words = {w.lower() for b in BOXES.values() for w in _WORD.findall(b[key])} | _LABEL_WORDS
    values = [
        v
        for v in values
        if not (
            (found := {w.lower() for w in _WORD.findall(plain(v))})
            and found <= words
            and not re.search(r"\d", v)
        )
    ]
    if not values:
        if key == "period":
            reader.warn(place, "no date shown; left out")
        return None
    value, note = parse_date(plain(values[0]))
    if note:
        reader.warn(place, note)
    if value is None:
        reader.warn(place, f"{plain(values[0])!r} is not a date; left out")
    return value


def _date_below_label(reader: Page, key: str) -> list[str] | None:
    """A date box whose label stands inside a line, beside the labels of the boxes to its left,
    in a text that keeps the page's columns (a row of the grid written as one line): its value
    is what starts under the label's first letter on the next line that shows anything there
    ([] when that line shows nothing there: the box is empty; a wrapped label's next line is
    passed over). None when the label is not found once, or more than one text starts there."""
    label = re.compile(rf"(?:\d[a-z]?\.\s*)?(?:{BOX_LABELS[key]})", re.I)
    lines = reader.lines[: reader.tables_start()]
    hits = [
        (index, chunk.x)
        for index, line in enumerate(lines)
        for chunk in chunks(line.text)
        if chunk.x > 0 and label.match(chunk.text)
    ]
    if len(hits) != 1:
        return None
    index, x = hits[0]
    for line in lines[index + 1 : index + 4]:
        if not plain(line.text):
            continue
        found = [c.text for c in chunks(line.text) if abs(c.x - x) <= SLACK]
        if len(found) == 1 and is_label_fragment(found[0]):
            continue
        return found if len(found) <= 1 else None
    return None


_WORD = re.compile(r"[A-Za-z]+")
_LABEL_WORDS = {"original", "filed"}  # the SEC's page: "If Amendment, Date Original Filed"
_CIK = re.compile(r"\(?\bCIK:?\s*#?\s*(\d{1,10})\)?", re.I)
_TICKER = re.compile(r"\[\s*([^\]]*?)\s*\]\s*$")


def _ticker(text: str) -> re.Match[str] | None:
    """``_TICKER.search(text)``, tried at the one "[" a match can start at: the first after the
    "]" before the last one (the text must end with "]"). A search tries every "[" in turn,
    each up to the next "]" or the end of the text."""
    end = len(text.rstrip()) - 1
    if end < 0 or text[end] != "]":
        return None
    start = text.find("[", text.rfind("]", 0, end) + 1, end)
    return _TICKER.match(text, start) if start >= 0 else None


_FORM_TITLE = re.compile(r"STATEMENT\W+OF\W+(?:CHANGES\W+IN\W+)?BENEFICIAL\W+OWNERSHIP", re.I)


def read_issuer(reader: Page, starts: list[int], form: str) -> Issuer:
    place = box_place("issuer", form)
    if reader.visual:
        return _visual_issuer(reader, place)
    values = [plain(v) for v in _box(reader, "issuer", starts) or []]
    cik = _CIK.search(" ".join(values))
    values = [t for v in values if (t := _CIK.sub("", v).strip(" |"))]
    # A date is never an issuer's name: a converter that reads the grid by columns may put the
    # period box's date here.
    values = [v for v in values if parse_date(v)[0] is None and not BOILERPLATE.match(v)]
    if not values:
        # Converters that read the page's grid column by column put the box's value after
        # other boxes' labels; the form prints it as "Name [ TICKER ]", found once above Table I.
        table = reader.tables_start()
        named = [
            plain(line.text)
            for line in reader.lines[:table]
            if _ticker(plain(line.text))
            and not BOX_MARK.match(plain(line.text))
            and not _FORM_TITLE.search(line.text)  # the form's own title is no issuer
        ]
        if len(named) == 1:
            reader.warn(place, "the box is empty; issuer read from the one 'Name [ TICKER ]' line")
        else:
            named = _under_label(reader, table)
            if len(named) != 1:
                raise InvalidFilingError(reader.name, "no issuer name shown", place)
            reader.warn(place, "the boxes are not read apart; issuer read from the one 'Name "
                        "[ TICKER ]' right under the box's label")  # fmt: skip
        values = named
    text = values[0]
    for k in range(1, min(len(values), 3)) if not _ticker(text) else ():
        if _ticker(joined := " ".join(values[: k + 1])):
            text = joined  # the name wrapped over lines before its "[ TICKER ]"
            break
    ticker_match = _ticker(text)
    ticker: str | None = None
    if ticker_match:
        ticker = ticker_match.group(1) or None
        text = text[: ticker_match.start()].strip()
    elif len(values) > 1 and re.fullmatch(r"[A-Z0-9.\-]{1,10}", values[1]):
        # The typed pre-2003 forms put the symbol on the line under the name.
        ticker = values[1]
        reader.warn(place, "ticker read from the line under the issuer's name")
    else:
        reader.warn(place, "no [TICKER] shown; symbol left out")
    return Issuer(cik=cik.group(1) if cik else None, name=text or None, trading_symbol=ticker)


_RELATION_HINT = re.compile(r"\s*\(Check all applicable\)$", re.I)
# The Reporting Owners table's own header lines, above its first owner's name.
_OWNERS_HEAD = re.compile(
    r"^(?:Relationships|Reporting Owner Name\s*/\s*Address|Director|10% Owner|Officer|Other"
    r"|[\s/]+)+$",
    re.I,
)


#: The title of the names' column of the SEC page's list of reporting owners.


def _visual_issuer(reader: Page, place: str) -> Issuer:
    """Box 2 of a page written as its visual lines: the one "Name [TICKER]" above the tables.

    The boxes side by side share a line, joined by spaces: the reporting person's name comes
    first ("Hoffman Reid Aurora Innovation, Inc. [AUR] (Check all applicable)"). The ticker
    ends the issuer's name for sure; where the name starts is known only when the text before
    it opens with the first reporting owner's name as the Reporting Owners table shows it
    (the two are the same value), or when a converter's cell holds it alone.
    """
    table = reader.tables_start()
    last = reader.lines[table].number if table is not None else None
    written = [line for line in reader.written if last is None or line.number < last]
    found: list[tuple[str, str | None, bool]] = []  # (text before the ticker, ticker, whole?)
    for index, line in enumerate(written):
        cell = line.text.count("|") >= 2
        for k, text in enumerate(cells_of(line.text, "pipe") if cell else [line.text]):
            text = _RELATION_HINT.sub("", plain(text))
            if (match := _ticker(text)) and not BOX_MARK.match(text):
                name = text[: match.start()].strip()
                above = _cell_above(written, index, k) if cell else None
                if above is not None:
                    name = f"{above} {name}".strip()
                found.append((name, match.group(1) or None, above is not None))
    if len(found) != 1:
        reader.warn(place, f"{len(found)} 'Name [TICKER]' texts above the tables; left out")
        return Issuer(cik=None)
    text, ticker, whole = found[0]
    owner = _first_owner_name(reader)
    if owner and text.startswith(owner + " "):
        return Issuer(cik=None, name=text[len(owner) :].strip() or None, trading_symbol=ticker)
    if whole and text and owner and not owner.startswith(text) and not text.startswith(owner):
        return Issuer(cik=None, name=text, trading_symbol=ticker)
    reader.warn(place, "the issuer's name is not told apart from the boxes beside it; left out")
    return Issuer(cik=None, trading_symbol=ticker)


def _visual_date(reader: Page, key: str, place: str) -> date | None:
    """The period of report or the date of the original filing on a page written as its visual
    lines: the boxes' dates are the only dates above the tables, the period's box above the
    amendment's, so one date is the period's and a second the original filing's. More, or
    none, and neither is told for sure."""
    table = reader.tables_start()
    if table is None:
        # Without the tables' headings the rows' dates cannot be told from the boxes'.
        reader.warn(place, "no table heading below the boxes: their dates not told apart; left out")
        return None
    found = [
        value
        for line in reader.lines[:table]
        for word in plain(line.text.replace("|", " ")).split()
        if (value := parse_date(word)[0]) is not None
    ]
    if not 1 <= len(found) <= 2:
        reader.warn(place, f"{len(found)} dates above the tables: not told apart; left out")
        return None
    if key == "period":
        return found[0]
    return found[1] if len(found) == 2 else None


def _visual_owners(reader: Page, place: str, relation_place: str) -> tuple[ReportingOwner, ...]:
    """The first reporting owner of a page written as its visual lines: the name the Reporting
    Owners table shows first (a line of its own), its address where the table's block for it
    reads for sure (``_owner_block``), and each relationship box whose mark stands right before
    its label. Further owners are left out: their relationships share lines with others."""
    name = _first_owner_name(reader)
    if name is None:
        reader.warn(place, "no Reporting Owners table; no reporting owner")
        return ()
    reader.warn(place, "further owners not told apart from the lines around; left out")
    address = _owner_block(reader, name, place)
    table = reader.tables_start()
    lines = [plain(line.text.replace("|", " ")) for line in reader.lines[:table]]
    values: dict[str, Any] = {}
    for key, label in RELATIONS:
        pattern = re.compile(rf"(?:({MARKED})|({UNMARKED}))\s*(?:{label})\b", re.I)
        hits = [m for line in lines for m in pattern.finditer(line)]
        if len(hits) == 1:
            values[key] = bool(hits[0].group(1))
        else:
            reader.warn(relation_place, f"{key[3:].replace('_', ' ')} checkbox not told apart; "
                        "left out")  # fmt: skip
    if values.get("is_officer") or values.get("is_other"):
        reader.warn(relation_place, "title not told apart from the lines around; left out")
    return (ReportingOwner(cik=None, name=name, address=address, **values),)


_ZIP = re.compile(r"\d{5}(?:-\d{4})?")
_MARKS = re.compile(r"(?:^|\s)X(?:\s+X)*(?=\s|$)")  # the table's relationship marks


def _relationship_marks(reader: Page) -> tuple[bool | None, bool | None]:
    """Whether the boxes mark the first owner an officer and "other" (None: not shown)."""
    table = reader.tables_start()
    lines = [plain(line.text.replace("|", " ")) for line in reader.lines[:table]]
    found: list[bool | None] = []
    for key, label in RELATIONS:
        if key not in ("is_officer", "is_other"):
            continue
        pattern = re.compile(rf"(?:({MARKED})|({UNMARKED}))\s*(?:{label})\b", re.I)
        hits = [m for line in lines for m in pattern.finditer(line)]
        found.append(bool(hits[0].group(1)) if len(hits) == 1 else None)
    return found[0], found[1]


def _owner_block(reader: Page, name: str, place: str) -> Address | None:
    """The first owner's address in the Reporting Owners table of a page written as its visual
    lines. The page prints a US owner as lines: name, street, a second street if any, city,
    state (its name), zip, "UNITED STATES"; the relationship marks (X) join one of them. The
    streets are known for sure when each also shows as a line of its own, or a cell, in the
    boxes above the tables (a name or street wrapped in the narrow table would not); else the
    address is left out, as are non-US addresses (no fixed order of lines)."""
    index = reader.find(SECTIONS["owners"])
    if index is None:
        return None
    block: list[str] = []
    marked: list[str] = []  # what follows the marks on their line: an officer's title, ...
    for line in reader.lines[index + 1 : index + 20]:
        cells = cells_of(line.text, "pipe") if line.text.count("|") >= 2 else [line.text]
        if len(cells) > 1 and any(plain(c) for c in cells[1:]):
            # A converter's row: the first column is the owner's, the others the relationships.
            marked.append(plain(" ".join(cells[1:])))
        text = plain(cells[0])
        if match := _MARKS.search(text):
            marked.append(text[match.end() :].strip())
            text = text[: match.start()].strip()
        if not text or (not block and _OWNERS_HEAD.match(text)):
            continue
        block.append(text)
        if text == "UNITED STATES":
            break
    # The marks share one line with the block (an owner has a relationship); a title or a text
    # for "Other" shows beside them, or it may stand on a line of its own, among the block's.
    titled = any(_MARKS.sub(" ", text).strip() for text in marked)
    relation = _relationship_marks(reader)
    if not marked or not (titled or relation == (False, False)):
        reader.warn(f"{place}, address", "the owner's lines not told apart from the "
                    "relationship columns; left out")  # fmt: skip
        return None
    if len(block) < 6 or block[0] != name or block[-1] != "UNITED STATES":
        reader.warn(f"{place}, address", "the owner's lines not told apart; left out")
        return None
    city, state, zip_code = block[-4:-1]
    streets = block[1:-4]
    table = reader.tables_start()
    above = {
        plain(cell)
        for line in reader.written
        if table is None or line.number < reader.lines[table].number
        for cell in (cells_of(line.text, "pipe") if "|" in line.text else [line.text])
    }
    if (
        not 1 <= len(streets) <= 2
        or not all(street in above for street in streets)
        or state not in CODE_OF_NAME
        or not _ZIP.fullmatch(zip_code)
    ):
        reader.warn(f"{place}, address", "the owner's lines not told apart; left out")
        return None
    return Address(
        street1=streets[0],
        street2=streets[1] if len(streets) == 2 else None,
        city=city,
        state=CODE_OF_NAME[state],
        zip_code=zip_code,
    )


def _cell_above(lines: list[Line], index: int, k: int) -> str | None:
    """The start of a name wrapped over the cells above cell ``k`` of a converter's table row,
    up to the issuer box's label ("" when the cell right under it holds the whole name); None
    when the cells above do not lead up to the label, so the name's start is unknown."""
    width = len(cells_of(lines[index].text, "pipe"))
    labels = {" ".join(boxes["issuer"].split()[1:]) for boxes in BOXES.values()}
    parts: list[str] = []
    for line in reversed(lines[max(0, index - 6) : index]):
        if not plain(line.text):
            continue
        if re.search(rf"\d\.\s*(?:{BOX_LABELS['issuer']})", line.text, re.I):
            return " ".join(parts)
        if line.text.count("|") < 2:
            # A plain line of the label's last words alone ("Symbol"): the label ends there.
            whole = any(f" {label}".endswith(f" {plain(line.text)}") for label in labels)
            return " ".join(parts) if whole else None
        cells = cells_of(line.text, "pipe")
        if len(cells) != width:
            return None
        text = plain(cells[k])
        if not text or any(label.endswith(text) for label in labels):
            return " ".join(parts)
        parts.insert(0, text)
    return None


def _first_owner_name(reader: Page) -> str | None:
    """The first reporting owner's name as the Reporting Owners table shows it: the first line
    under the table's header."""
    index = reader.find(SECTIONS["owners"])
    if index is None:
        return None
    titled = False  # the SEC page's title of the names' column seen: the table is that page's
    for line in reader.lines[index + 1 : index + 8]:
        text = plain(line.text.replace("|", " "))
        titled = titled or re.search(OWNERS_TITLE, text, re.I) is not None
        if text and not _OWNERS_HEAD.match(text):
            return _name_before_marks(reader, line.text, index) if titled else None
    return None


_FIRST_MARK = re.compile(r"\s+X(?=\s|$)")


def _name_before_marks(reader: Page, text: str, index: int) -> str | None:
    """The name on the first line of the Reporting Owners table, whose relationship columns (X
    marks, then an officer's title or a text for "Other") run into it: in a converter's row,
    the first cell; else the text before the first mark, when marks follow it. A text before
    a title (marks, then words) is the name only where box 1 shows it as a line of its own
    above the list: a name may hold a lone "X" too."""
    cells = [c for part in text.split("|") if (c := plain(part))] if "|" in text else []
    line = cells[0] if cells else plain(text)
    mark = _FIRST_MARK.search(line)
    if mark is None:
        return line
    name, after = line[: mark.start()], line[mark.end() :]
    if not re.sub(r"(?:^|\s+)X(?=\s|$)", "", after).strip():
        return name  # marks alone after the name
    shown = {plain(t.text.replace("|", " ")) for t in reader.lines[:index]}
    if name not in shown:
        reader.warn(f"{LABELS['owners']} row 1", "the name not told apart from the title after "
                    "it; left out")  # fmt: skip
        return None
    return name


def _under_label(reader: Page, table: int | None) -> list[str]:
    """The "Name [ TICKER ]" texts that start right under the issuer box's label, on the next
    line that shows anything (so the name does not wrap from a line above), in a text that
    keeps the page's columns but whose boxes run into each other. The relationship box's hint,
    run into the name's end by the converter ("... [ AMD ] (Check all applicable)"), is not
    the name's."""
    found: list[str] = []
    label = re.compile(rf"(?:\d+\.\s*)?(?:{BOX_LABELS['issuer']})", re.I)
    lines = reader.lines[:table]
    for index, line in enumerate(lines):
        starts = [c.x for c in chunks(line.text) if label.match(c.text)]
        if not starts:
            continue  # looked for below a label only: from every line, it costs a pass each
        below = next((lines[k] for k in range(index + 1, len(lines)) if plain(lines[k].text)), None)
        for chunk in chunks(below.text) if below is not None else ():
            text = _RELATION_HINT.sub("", chunk.text)
            if abs(chunk.x - starts[0]) <= SLACK and _ticker(text):
                found.append(text)
    return found


_CITY_STATE_ZIP = re.compile(
    r"(.+?)[,\s]\s*([A-Z][A-Z0-9])\s+(\d{5}(?:-\d{4})?|[A-Z0-9][A-Z0-9 \-]{2,9})"
)


def _owner_box(reader: Page, starts: list[int], place: str) -> ReportingOwner | None:
    index = reader.find(BOX_LABELS["owner"])
    if index is None:
        return None
    end = next((s for s in starts if s > index), len(reader.lines))
    label = reader.lines[index].text
    rest = re.sub(rf"^.*?(?:{BOX_LABELS['owner']})\s*\*?", "", label, flags=re.I)
    raw = [rest, *(line.text for line in reader.lines[index + 1 : end])]
    # Hint lines split the box: name, then (Last) (First) (Middle), street, (Street), city line,
    # (City) (State) (Zip). Pre-2003 typed forms have no hints: name first, city line last.
    groups: list[list[str]] = [[]]
    hinted = False
    unglued: list[str] = []
    for text in raw:
        text = text.strip(" |")
        glued = re.match(r"^(\((?:Last|Street|City)\))\s*([^\s(|].*)$", text)
        unglued.extend(glued.groups() if glued else [text])
    with_hints = any(HINTS.match(plain(t)) for t in unglued)
    hints = [plain(t).lower() for t in unglued if HINTS.match(plain(t))]
    foreign = [t for t in unglued if _FOREIGN.fullmatch(plain(t)) or is_label_fragment(t)]
    if foreign or (hints and not hints[0].startswith("(last")):
        # A converter mixed other boxes' text in (or moved the hints): the lines' order is lost.
        reader.warn(place, "the box is mixed with other boxes' text; name and address left out")
        cik = _CIK.search(" ".join(plain(t) for t in unglued))
        return ReportingOwner(cik=cik.group(1) if cik else None)
    if reader.tangled:
        # The lines under the label run across the other boxes side by side with it.
        reader.warn(place, "the box is not told apart from the boxes beside it; name and "
                    "address left out")  # fmt: skip
        return ReportingOwner(cik=None)
    mixed = any(BOILERPLATE.match(plain(t)) for t in unglued)
    for text in unglued:
        if BOILERPLATE.match(plain(text)) or (
            (mixed or not with_hints) and plain(text) and not re.search(r"[A-Za-z]", text)
        ):
            # A converter reading the grid by columns mixes the title block in (its OMB
            # number and hours among them); without the title block's words and within the
            # hints' frame, such lines are the filer's.
            continue
        if HINTS.match(plain(text)):
            hinted = True
            # "(Last) (First) (Middle)" and "(City) (State) (Zip)" may come one word a line.
            if not re.match(r"\((?:First|Middle|State|Zip)\)", plain(text), re.I):
                groups.append([])
        elif plain(text):
            groups[-1].append(text.strip(" "))
    cik = _CIK.search(" ".join(plain(t) for g in groups for t in g))
    groups = [[c for t in g if (c := _CIK.sub("", t).strip(" |"))] for g in groups]
    if hinted and len(groups) >= 3:
        name_lines, streets, city_lines = groups[0], groups[1], groups[2]
        extra = [t for g in groups[3:] for t in g]
    else:
        flat = [t for g in groups for t in g]
        name_lines, rest_lines = flat[:1], flat[1:]
        city_at = max(
            (i for i, t in enumerate(rest_lines) if _CITY_STATE_ZIP.fullmatch(plain(t))),
            default=None,
        )
        if city_at is None:
            streets, city_lines, extra = rest_lines, [], []
        else:
            streets, city_lines = rest_lines[:city_at], [rest_lines[city_at]]
            extra = rest_lines[city_at + 1 :]
        if flat:
            reader.warn(place, "no (Last) (Street) (City) hints; lines placed by their order")
    name = plain(" ".join(name_lines)) or None
    if name is None:
        reader.warn(place, "no reporting person name shown")
    values: dict[str, Any] = {}
    if len(streets) > 2 and not reader.markdown and older_look(reader):
        # The older looks print the streets as one run ("street1, street2"), which a PDF wraps
        # over as many lines as the box's width makes: joined_streets tells the two apart.
        streets = [" ".join(plain(t) for t in streets)]
    if len(streets) > 2:
        reader.warn(place, f"{len(streets)} street lines; the ones after the second left out")
    for key, text in zip(("street1", "street2"), streets, strict=False):
        values[key] = plain(text)
    if (
        len(city_lines) == 3
        and [plain(t) for t in extra] == [UNITED_STATES]
        and plain(city_lines[1]) in CODE_OF_NAME
    ):
        # The SEC's page prints a US state by its name, the country on a line of its own.
        city_lines = [plain(city_lines[0]), CODE_OF_NAME[plain(city_lines[1])], city_lines[2]]
        extra = []
    if (
        len(city_lines) == 3
        and not any("\t" in t for t in city_lines)
        and re.fullmatch(r"[A-Z][A-Z0-9]", plain(city_lines[1]))
    ):
        city_lines = ["\t".join(city_lines)]  # city, state and zip one cell a line
    if city_lines:
        values.update(_city_state_zip(reader, city_lines[0], place))
    for text in extra:
        reader.warn(place, f"{plain(text)!r} under the address not read")
    address = Address(**values)
    return ReportingOwner(
        cik=cik.group(1) if cik else None, name=name, address=None if address.is_empty else address
    )


# Text of other boxes, never in the reporting person's box: relationship labels, marks.
_FOREIGN = re.compile(
    rf"(?:X\s*)?(?:{'|'.join(p for _, p in RELATIONS)})|X|\(Check all applicable\)|Form filed by.*",
    re.I,
)


def _city_state_zip(reader: Page, text: str, place: str) -> dict[str, str]:
    if "\t" in text.strip(" "):
        cells = [plain(c) for c in text.strip(" ").split("\t")]
        if len(cells) == 3:  # a tab-separated line keeps each part in its place
            cells[1] = _state_code(reader, cells[1], place)
            return {k: v for k, v in zip(("city", "state", "zip_code"), cells, strict=True) if v}
    cells = [c.strip() for c in re.split(r"\s{2,}|\|", text.strip()) if c.strip()]
    if len(cells) == 3 and re.fullmatch(r"[A-Z][A-Z0-9]", cells[1]):
        # The cells are explicit, so a comma written after the city belongs to it.
        return {"city": cells[0], "state": cells[1], "zip_code": cells[2]}
    match = _CITY_STATE_ZIP.fullmatch(plain(text))
    if match and plain(text)[match.end(1)] == "," and not reader.city_comma:
        # A comma the page does not print as a separator may be the filer's own, in the city.
        reader.warn(place, f"whether the comma in {plain(text)!r} ends the city is unknown; "
                    "city left out")  # fmt: skip
        return {"state": match[2], "zip_code": match[3]}
    if match:
        # The page's separator is one comma: a comma before it is the city's own.
        city = match[1] if plain(text)[match.end(1)] == "," else match[1].rstrip(", ")
        return {"city": city, "state": match[2], "zip_code": match[3]}
    reader.warn(place, f"city, state and zip not told apart in {plain(text)!r}; left out")
    return {}


_COUNTRY = re.compile(r"\(Country\)")


def _state_code(reader: Page, state: str, place: str) -> str:
    """The state's code from its cell: a code as shown; the SEC's page prints a US state's name
    ("CALIFORNIA"), read back as its code only when the page prints "UNITED STATES" over the
    "(Country)" hint (for an address abroad the cell holds the filer's own text). Else ""
    (warned)."""
    if not state or re.fullmatch(r"[A-Z][A-Z0-9]", state):
        return state
    shown = [plain(line.text) for line in reader.lines]
    us = any(
        text == UNITED_STATES and _COUNTRY.fullmatch(next((t for t in shown[i + 1 :] if t), ""))
        for i, text in enumerate(shown)
    )
    if code := us_state_code(state, UNITED_STATES if us else None):
        return code
    reader.warn(place, f"state {state!r} is not a US state's printed name; left out")
    return ""


# A checked box as pages print it: an X alone in the box's cell, right before its label on the
# same line (an empty box prints nothing, so an X never stands for a box further on).
_BARE_X = r"(?<![^\s|])X(?=[\s|])"


def _relationship(reader: Page, lines: list[str] | None, place: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if lines is None:
        reader.warn(place, "box not found; relationship unknown")
        return values
    last = -1  # the last line holding a checkbox label: the title line comes after it
    for key, label in RELATIONS:
        flag = key[3:].replace("_", " ")
        # Never from inside a run of spaces: a match there would start at the run's first
        # space too (no mark opens with a space), and each try scans the rest of the run.
        pattern = re.compile(
            rf"(?!(?<=\s)\s)(?:({MARKED}|{_BARE_X})|({UNMARKED}))?\s*\b(?:{label})", re.I
        )
        hits = ((n, m) for n, line in enumerate(lines) if (m := pattern.search(line)))
        number, match = next(hits, (-1, None))
        if match is None:
            reader.warn(place, f"no {flag} checkbox shown; left out")
            continue
        last = max(last, number)
        if match.group(1) or match.group(2):
            values[key] = bool(match.group(1))
        elif match.start() == 0 and number > 0 and lines[number - 1].strip(" |") == "X":
            values[key] = True  # a converter's grid: the mark in the cell before the label
        else:
            reader.warn(f"{place}, {flag}", "checkbox mark not shown (lost); left out")
    # The boxes' hints, whole or wrapped over two lines ("(give title" / "below) CEO").
    hint = re.compile(
        r"\((?:give title below|specify below|Check all applicable)\)"
        r"|\((?:give\s+title|specify)\s*(?=\t|$)|(?:^|(?<=\t))\s*(?:title\s+)?below\)",
        re.I,
    )
    rest = [plain(hint.sub("", line)) for line in lines[last + 1 :]]
    parts = " ".join(t or "\n" for t in rest).split("\n")
    if sum(1 for part in parts if part.strip()) > 1:
        # Text set apart by blank lines: a converter may have put other boxes' values here.
        shown = " / ".join(part.strip() for part in parts if part.strip())
        reader.warn(place, f"{shown!r} below the checkboxes not told apart; left out")
        return values
    leftover = [t for line in lines[last + 1 :] if plain(t := hint.sub("", line))]
    if not leftover:
        return values
    leftover = [t for line in leftover if (t := line.strip(" |"))]
    if len(leftover) == 1 and "|" in leftover[0]:
        leftover = [" ".join(c.strip() for c in leftover[0].split("|") if c.strip())]
    if not leftover:
        return values
    cells = leftover[0].split("\t") if len(leftover) == 1 else []
    if len(cells) == 2:
        # The renderer's title line: officer title, a tab, the other relationship's text.
        values["officer_title"] = plain(cells[0]) or None
        values["other_text"] = plain(cells[1]) or None
        return values
    title = plain(" ".join(leftover))
    if values.get("is_officer") and not values.get("is_other"):
        values["officer_title"] = title
    elif values.get("is_other") and not values.get("is_officer"):
        values["other_text"] = title
    else:
        reader.warn(place, f"{title!r} not told apart as officer title or other; left out")
    return values


def read_checkbox(reader: Page, key: str, expected: bool) -> bool | None:
    index = reader.find(CHECKBOX_LABELS[key])
    place = checkbox_place(key)
    if index is None:
        if expected:
            reader.warn(place, "not found; left out")
        return None
    text = reader.lines[index].text
    label = re.search(CHECKBOX_LABELS[key], text, re.I)
    before = text[: label.start()] if label else ""
    previous = reader.lines[index - 1].text.strip() if index else ""
    if re.fullmatch(rf"[\s|]*{_BARE_X}[\s|]*", before) or (reader.markdown and previous == "X"):
        return True  # the page's mark alone in the box's cell, left of the label's cell
    mark = BOX_MARK.search(before) or BOX_MARK.fullmatch(previous)
    if mark is None:
        reader.warn(place, "checkbox mark not shown (lost); left out")
        return None
    return bool(mark.group(1))


def read_owners(reader: Page, starts: list[int], form: str) -> tuple[ReportingOwner, ...]:
    place = box_place("owner", form)
    if reader.visual:
        return _visual_owners(reader, place, box_place("relationship", form))
    first = _owner_box(reader, starts, place)
    if first is None:
        reader.warn(place, "box not found; no reporting owner")
        return ()
    relation_place = box_place("relationship", form)
    lines = _box(reader, "relationship", starts, blanks=True)
    relation = _relationship(reader, lines, relation_place)
    address = first.address
    if address is None and reader.markdown:
        address = hinted_address(reader, place)
    if address is not None:
        address = joined_streets(reader, address, first.name, place)
    boxes = {"cik": first.cik, "name": first.name, "address": address, **relation}
    listed = listed_owners(reader)
    if listed:
        # The SEC's page: the boxes show the first person, the table every one of them.
        found: list[ReportingOwner] = []
        for number, row in enumerate(listed, 1):
            row_place = f"{LABELS['owners']} row {number}"
            values = listed_values(reader, row, row_place) if row else {}
            if number == 1:
                values = merge_owner(reader, boxes, values, place)
            found.append(ReportingOwner(**{"cik": None, **values}))
        return tuple(found)
    owners = [ReportingOwner(**boxes)]
    table = _owner_table(reader)
    if table and all(_relations_unknown(owner) for owner in table):
        # The list without its relationships (a printed page's, ``_owners_printed``): the
        # boxes show the first person's, when the list's first person is the boxes' one.
        if table[0].name is None or table[0].name != first.name:
            reader.warn(LABELS["owners"], "the list's first person is not box 1's; only box 1's "
                        "is read")  # fmt: skip
            return tuple(owners)
        return (_filled(owners[0], table[0].address), *table[1:])
    if table:
        # The boxes show the first person only; the table shows every one of them.
        return table
    return tuple(owners)


def _filled(owner: ReportingOwner, listed: Address | None) -> ReportingOwner:
    """The boxes' person with the parts of the address box 1 left out taken from the list (all
    of them when box 1 shows none), when every part both show is the same."""
    shown = owner.address
    if listed is None:
        return owner
    if shown is None:
        return replace(owner, address=listed)
    parts = ("street1", "street2", "city", "state", "zip_code")
    if any(
        getattr(shown, part) is not None and getattr(shown, part) != getattr(listed, part)
        for part in parts
    ):
        return owner
    merged = {part: getattr(shown, part) or getattr(listed, part) for part in parts}
    return replace(owner, address=replace(shown, **merged))


def _relations_unknown(owner: ReportingOwner) -> bool:
    return all(
        flag is None
        for flag in (owner.is_director, owner.is_officer, owner.is_ten_percent_owner,
                     owner.is_other)
    )  # fmt: skip


_OWNER_FIELDS = (
    "name", "cik", "street1", "street2", "city", "state", "zip_code", "is_director",
    "is_ten_percent_owner", "is_officer", "is_other", "officer_title", "other_text",
)  # fmt: skip  # the fields of OWNER_COLUMNS, in their order


def _owner_table(reader: Page) -> tuple[ReportingOwner, ...]:
    """The "Reporting Owners" table a form with several reporting persons shows."""
    index = reader.find(SECTIONS["owners"])
    if index is None:
        return ()
    following = [line.text for line in reader.lines[index + 1 :]]
    first = next((text for text in following if text.strip()), "")
    if "\t" not in first and first.count("|") < 2:
        return _owner_layout(reader, following)
    owners: list[ReportingOwner] = []
    for line in reader.lines[index + 1 :]:
        text = line.text
        if not text.strip():
            if owners:
                break
            continue
        mode = "tab" if "\t" in text else "pipe" if text.count("|") >= 2 else ""
        if not mode:
            break
        cells = [plain(c) for c in cells_of(text, mode)]
        if cells[:1] == [OWNER_COLUMNS[0]] or RULE.fullmatch(text):
            continue
        place = f"{LABELS['owners']} row {len(owners) + 1}"
        if len(OWNER_COLUMNS) - 2 <= len(cells) < len(OWNER_COLUMNS):
            # Trailing empty cells (officer title, other text) are dropped by some converters.
            cells += [""] * (len(OWNER_COLUMNS) - len(cells))
        if len(cells) != len(OWNER_COLUMNS):
            reader.warn(place, f"{len(cells)} cells where {len(OWNER_COLUMNS)} were expected; "
                        "only the name is kept")  # fmt: skip
            owners.append(ReportingOwner(cik=None, name=_CIK.sub("", cells[0]).strip() or None))
            continue
        values: dict[str, Any] = {}
        if cik := _CIK.search(cells[0]):
            cells[0] = _CIK.sub("", cells[0]).strip()
            cells[1] = cells[1] or cik.group(1)
        for field, cell in zip(_OWNER_FIELDS, cells, strict=True):
            if field.startswith("is_"):
                values[field] = cell.upper() == "X"
            elif cell:
                values[field] = cell
        address = Address(**{k: values.pop(k) for k in list(values) if k in _ADDRESS_FIELDS})
        values.setdefault("cik", None)
        owners.append(ReportingOwner(address=None if address.is_empty else address, **values))
    return tuple(owners)


_ADDRESS_FIELDS = frozenset({"street1", "street2", "city", "state", "zip_code"})
_OWNER_TEXT = frozenset({0, 2, 3, 4, 11, 12})  # the cells that may wrap: name, streets, city...
#: What the CIK and the relationship marks of a Reporting Owners row look like.
_OWNER_SHAPES = {1: re.compile(r"\d{1,10}"), **dict.fromkeys(range(7, 11), re.compile("X"))}


def _owner_layout(reader: Page, texts: list[str]) -> tuple[ReportingOwner, ...]:
    """The Reporting Owners table in a text that keeps the page's columns by spacing."""
    end = next(
        (i for i, t in enumerate(texts) if re.match(rf"\s*(?:{SECTIONS['explanation']})", t)),
        len(texts),
    )
    apart = _owners_cell_after_cell(reader, texts[:end])
    if apart is not None:
        return apart
    printed = _owners_printed(reader, texts[:end])
    if printed is not None:
        return printed
    rows = titled_rows(texts[:end], LABELS["owners"], OWNER_COLUMNS, _OWNER_TEXT, _OWNER_SHAPES)
    if rows is None:
        reader.warn(
            LABELS["owners"],
            "the table's cells are not told apart by where its column titles stand; owners not "
            "read (the first reporting person is read from box 1)",
        )
        return ()
    owners: list[ReportingOwner] = []
    for number, cells in enumerate(rows, 1):
        place = f"{LABELS['owners']} row {number}"
        values: dict[str, Any] = {}
        for field, cell in zip(_OWNER_FIELDS, cells, strict=True):
            if cell is None:
                continue
            if field.startswith("is_"):
                values[field] = cell.upper() == "X"
            elif cell:
                values[field] = cell
        if any(cell is None for cell in cells):
            reader.warn(place, "cells not told apart by their places; left out")
        address = Address(**{k: values.pop(k) for k in list(values) if k in _ADDRESS_FIELDS})
        values.setdefault("cik", None)
        owners.append(ReportingOwner(address=None if address.is_empty else address, **values))
    return tuple(owners)


_SIGNATURES = r"Signatures?:?"  # the SEC's page's title of the signatures below the list
_RELATION_TITLES = tuple(OWNER_COLUMNS[7:11])  # Director, 10% Owner, Officer, Other


def _owners_cell_after_cell(reader: Page, texts: list[str]) -> tuple[ReportingOwner, ...] | None:
    """The SEC's list of reporting owners as a converter lays it out that ignores the header's
    spanning cell (inscriptis, see ``_text_layout._cell_starts``): the relationship titles
    (Director, 10% Owner, Officer, Other) one after another from the margin, each starting the
    column of the row's cell after it (the first holds the name and address). None when the
    text is not of that shape.

    Each owner is the page's lines of name, street (one or two), city, state by name, zip and
    "UNITED STATES"; its X marks stand in the columns of its relationships. An owner of another
    shape (abroad, a title beside a mark), or a mark between columns, leaves all out (warned)."""
    lines = [t.rstrip() for t in texts]
    at = next((i for i, t in enumerate(lines) if t.split()[:1] == ["Director"]), None)
    if at is None:
        return None
    titles = chunks(lines[at])
    if [c.text for c in titles] != list(_RELATION_TITLES) or titles[0].x > SLACK:
        return None
    starts = [c.x for c in titles]
    place = LABELS["owners"]
    owners: list[ReportingOwner] = []
    block: list[str] = []
    marks: set[int] = set()
    for text in lines[at + 1 :]:
        row = chunks(text)
        if not row:
            continue
        if not block and re.fullmatch(_SIGNATURES, text.strip()):
            break  # the list is over
        if row[0].x > SLACK:
            reader.warn(place, "text out of the name's column; owners not read from the table")
            return ()
        for chunk in row[1:]:
            column = _relation_column(chunk, starts, titles)
            if chunk.text != "X" or column is None:
                reader.warn(place, f"{chunk.text!r} not told apart as a relationship's mark; "
                            "owners not read from the table")  # fmt: skip
                return ()
            marks.add(column)
        block.append(row[0].text)
        if row[0].text == UNITED_STATES:
            owner = _listed_owner(block, marks)
            if owner is None:
                reader.warn(place, "an owner's lines not read for sure; owners not read from "
                            "the table")  # fmt: skip
                return ()
            owners.append(owner)
            block, marks = [], set()
    if block or not owners:
        reader.warn(place, "an owner's lines not read for sure; owners not read from the table")
        return ()
    return tuple(owners)


def _owners_printed(reader: Page, texts: list[str]) -> tuple[ReportingOwner, ...] | None:
    """The SEC's list of reporting owners on a printed page read with its columns (Chromium's
    PDF through ``pdftotext -layout``): the relationship titles (Director, 10% Owner, Officer,
    Other) on one line right of the margin, each owner's lines at the margin (name, one or two
    streets, city, state by name, zip, "UNITED STATES"). None when the text is not of that
    shape (an owner abroad, text between the margin and the titles).

    The owners' names and addresses are read; their relationships are not: the marks and
    titles stand centred in the owner's lines, set by the converter on the page's grid of
    characters, which does not keep them under their titles (an "Other" text under
    "Officer"). They are left unknown (the boxes show the first person's)."""
    lines = [t.rstrip() for t in texts]
    at = next((i for i, t in enumerate(lines) if t.split()[:1] == ["Director"]), None)
    if at is None:
        return None
    titles = chunks(lines[at])
    if " ".join(c.text for c in titles).split() != " ".join(_RELATION_TITLES).split():
        return None
    right = titles[0].x - SLACK  # where the relationships' cells may start
    if right <= SLACK:
        return None
    owners: list[ReportingOwner] = []
    block: list[str] = []
    for text in lines[at + 1 :]:
        row = chunks(text)
        if not row:
            continue
        if not block and re.fullmatch(_SIGNATURES, text.strip()):
            break  # the list is over
        left = [c for c in row if c.x < right]
        if len(left) > 1 or (left and (left[0].x > SLACK or left[0].end > right)):
            return None  # text between the margin and the relationships: not told apart
        if not left:
            continue  # a relationship's mark or title alone on its line
        block.append(left[0].text)
        if left[0].text == UNITED_STATES:
            owner = _printed_owner(block)
            if owner is None:
                return None
            owners.append(owner)
            block = []
    if block or not owners:
        return None
    if len(owners) > 1:
        reader.warn(LABELS["owners"], "relationships not placed for sure under their titles; "
                    "left out (box 5 gives the first person's)")  # fmt: skip
    return tuple(owners)


def _printed_owner(block: list[str]) -> ReportingOwner | None:
    """An owner of the SEC's list from its lines (see ``_listed_owner``), its relationships
    unknown."""
    if len(block) not in (6, 7) or block[-3] not in CODE_OF_NAME:
        return None
    return ReportingOwner(cik=None, name=block[0], address=_block_address(block))


def _block_address(block: list[str]) -> Address:
    """The address of an owner's lines in the SEC's list (name, one or two streets, city, the
    state's printed name, zip, country), their count and state already checked."""
    streets = block[1:-4]
    return Address(
        street1=streets[0] or None,
        street2=streets[1] if len(streets) == 2 else None,
        city=block[-4],
        state=CODE_OF_NAME[block[-3]],
        zip_code=block[-2],
    )


def _relation_column(chunk: Any, starts: list[int], titles: list[Any]) -> int | None:
    """The relationship (0 to 3) of a mark by where it stands: title k starts the column of
    the row's cell k + 1, relationship k - 1 (the name's cell first); the last title's column
    is as wide as its title (its marks are no wider), the last relationship's stands right of
    it."""
    for k in (1, 2):
        if starts[k] <= chunk.x and chunk.end <= starts[k + 1] - 1:
            return k - 1
    last = titles[3]
    if last.x <= chunk.x and chunk.end <= last.end:
        return 2
    if chunk.x >= last.end + 2:
        return 3
    return None


def _listed_owner(block: list[str], marks: set[int]) -> ReportingOwner | None:
    """An owner of the SEC's list from its lines: name, one or two streets, city, the state's
    printed name, zip and "UNITED STATES" (the page prints a second street only with a first)."""
    if len(block) not in (6, 7) or block[-3] not in CODE_OF_NAME or not marks or "X" in block:
        return None  # every owner has a relationship, marked in its column
    return ReportingOwner(
        cik=None,
        name=block[0],
        address=_block_address(block),
        is_director=0 in marks,
        is_ten_percent_owner=1 in marks,
        is_officer=2 in marks,
        is_other=3 in marks,
    )
