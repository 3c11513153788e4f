"""Read text and markdown renderings of Forms 3, 4 and 5 (converted from the rendered page or its
PDF) into a Filing, never inventing what the page does not say."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from form4.errors import InvalidFilingError, ReadWarning, UnrecognizedFormatError
from form4.model import (
    UNKNOWN_FOOTNOTE_PREFIX,
    Address,
    Filing,
    Issuer,
    ReportingOwner,
    Signature,
    Source,
)
from form4.read._text_table import PIPE as _PIPE
from form4.read._text_table import RULE as _RULE
from form4.read._text_table import (
    RowReader,
    cells_of,
    footnote_id,
    is_header_word,
    parse_date,
    table_rows,
)
from form4.read._text_table import plain as _plain
from form4.write.render import BOXES, LABELS, OWNER_COLUMNS

__all__ = ["is_form_text", "read_text"]

_HEAD_BYTES = 16384
_FORM_MARK = re.compile(rb"FORM\s*[345]\b", re.I)
_STATEMENT = re.compile(rb"STATEMENT\s+OF\s+(?:CHANGES\s+IN\s+)?BENEFICIAL\s+OWNERSHIP", re.I)


def is_form_text(data: bytes) -> bool:
    """Whether text looks like a rendering of an ownership form (looks at the first 16 KB)."""
    head = data[:_HEAD_BYTES]
    return _STATEMENT.search(head) is not None and _FORM_MARK.search(head) is not None


# -- facts: the labels of the printed form ---------------------------------------------------------
# Box labels, checkbox texts and section titles are the renderer's (form4.write.render, from the
# SEC's renderings and REFERENCE.md §6), matched case-insensitively at the start of a line after
# an optional box number; a few older wordings are added where noted.


def _label(text: str) -> str:
    """A printed label as a pattern: without its box number, ``(Month/Day/Year)`` or final dot."""
    text = re.sub(r"^\d+[A-Z]?\.\s*", "", text)
    text = re.sub(r"\s*\((?:Month/Day/Year|Check Applicable Line)\)$", "", text).rstrip(".")
    return r"\s+".join(re.escape(word) for word in text.split())


def _any(*labels: str) -> str:
    return "|".join(dict.fromkeys(labels))


_BOXES: dict[str, str] = {
    key: _any(*(_label(boxes[key]) for boxes in BOXES.values()))
    for key in ("owner", "issuer", "period", "amendment", "relationship")
}
_BOXES["owner"] += r"|Name and Address of Reporting Person"
_BOXES["amendment"] += r"|If Amendment, Date"  # "Date of Original (Month/Year)" before 2003
_BOXES["period"] += r"|Statement for Month/Year"  # the typed pre-2003 Form 4
_BOXES["joint"] = _any(*(_label(boxes["filing"]) for boxes in BOXES.values()))
_BOXES["irs"] = r"I\.?R\.?S\.? (?:or Social Security )?(?:Identification )?Number"  # pre-2003
_SECTIONS: dict[str, str] = {
    # The dash after the table's number is "-" on the SEC's page, "--" on typed forms.
    "table1": r"Table I\s*[-\u2013\u2014]+\s*Non-Derivative",
    "table2": r"Table II\s*[-\u2013\u2014]+\s*Derivative",
    "owners": rf"{_label(LABELS['owners'])}\s*$",
    "explanation": _label(LABELS["explanation"].rstrip(":")) + ":?",
    "remarks": _label(LABELS["remarks"].rstrip(":")) + r"\s*:",
    "signature": r"\**\s*Signature of Reporting Person",
}
_CHECKBOXES = {
    "not_subject_to_section16": _label(LABELS["section16"].split(".")[0]),
    "aff10b5one": _label(LABELS["aff10b5one"][:60].rsplit(" ", 1)[0]),
    "form3_holdings_reported": _label(LABELS["form3_holdings"]),
    "form4_transactions_reported": _label(LABELS["form4_transactions"]),
    "no_securities_owned": _label(LABELS["no_securities"]),
}
_RELATIONS = (
    ("is_director", _label(LABELS["director"])),
    ("is_ten_percent_owner", _label(LABELS["ten_percent"])),
    ("is_officer", r"Officer(?:\s*\(give title below\))?"),
    ("is_other", r"Other(?:\s*\(specify below\))?"),
)
# Printed instructions and notes of the form: never values, never footnotes.
_BOILERPLATE = re.compile(
    r"^(?:Reminder:|\*\s*If the form is filed by more than one|\*\*\s*Intentional misstatements|"
    r"Note:\s*File three copies|Potential persons who are to respond|Persons who respond to|"
    r"SEC \d{4}|OMB |Expires:|Estimated average burden|hours per response|"
    r"UNITED STATES SECURITIES AND EXCHANGE COMMISSION|Washington,? D\.?C\.?|"
    r"Filed pursuant to Section|\(Print or Type Responses\)|Check this box|Form 4 or Form 5 "
    r"obligations|Form 3 Holdings Reported|Form 4 Transactions Reported|"
    r"\(?Instr(?:uction)?\.?\s|Date$|DATE$|contained in this form|unless the form displays|"
    r"OMB APPROVAL|OMB Number|(?:INITIAL |ANNUAL )?STATEMENT OF (?:CHANGES IN )?BENEFICIAL|"
    r"\(Check all applicable\)|or Section 30\(h\))",
    re.I,
)
_HINTS = re.compile(
    r"^\((?:Last|First|Middle|Street|City|State|Zip|Check all applicable|Month/Day/Year|"
    r"Month/Year)\b.*\)$",
    re.I,
)
_MARKED = r"\[\s*[xX\u2713\u2714]\s*\]|\(\s*[xX]\s*\)|[\u2612\u2611\u25a0]"
_UNMARKED = r"\[\s*\]|\(\s*\)|[\u2610\u25a1]"
_BOX_MARK = re.compile(rf"({_MARKED})|({_UNMARKED})")

_PAGE_HEADER = re.compile(r"^#*\s*Edgar Filing:.*$", re.I)
_HEADING = re.compile(r"^#{1,6}\s+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$<>~&])")
_SGML = re.compile(r"^\s*</?(?:TABLE|CAPTION|S|C|FN|PAGE)>.*$", re.I)
_SGML_BODY = re.compile(r"^\s*<S>", re.I)
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_RULE = re.compile(r"^\s*(?:\*\s*){3,}$")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((https?://[^)\s]*)\)")
_MD_EMPHASIS = re.compile(r"(?<![\w\\])_([^_\n]+?)_(?!\w)")
_INDENT = "    "  # further lines of a footnote or the remarks, as the renderer writes them


@dataclass
class _Line:
    text: str  # markup removed; tabs and leading spaces kept
    number: int  # 1-based line of the source
    body: bool = False  # an SGML <S> line: the data rows of a typed table follow it


class _Reader:
    """One rendering being read: its lines, its name and the warnings met."""

    def __init__(self, text: str, name: str) -> None:
        self.name = name
        self.warnings: list[ReadWarning] = []
        self.markdown = bool(
            re.search(r"^\s*\|.*\|\s*$", text, re.M) and re.search(r"^\s*\|?\s*:?-{3,}", text, re.M)
        ) or bool(re.search(r"\\\$|\*\*\S|^#{1,6} ", text, re.M))
        self.lines = [
            _Line(self._clean(raw), n, _SGML_BODY.match(raw) is not None)
            for n, raw in enumerate(text.splitlines(), 1)
        ]
        if self.markdown:
            self.lines = self._split_boxes(self.lines)
        self.refs: dict[str, str] = {}

    def _split_boxes(self, lines: list[_Line]) -> list[_Line]:
        """Above the tables, a markdown line whose cells hold box labels or checkbox marks (how
        converters lay out the page's grid) becomes one line per cell."""
        out: list[_Line] = []
        table = re.compile(rf"^[\s|*]*(?:{_SECTIONS['table1']}|{_SECTIONS['table2']})", re.I)
        for index, line in enumerate(lines):
            if table.match(line.text):
                return out + lines[index:]
            cells = [c.strip() for c in line.text.split("|")]
            if len(cells) > 1 and any(_BOX_CELL.match(c) for c in cells):
                out.extend(_Line(c, line.number) for c in cells if c)
            else:
                out.append(line)
        return out

    def _clean(self, raw: str) -> str:
        # Trailing spaces go (markdown's line breaks); trailing tabs stay: they are empty cells.
        line = raw.rstrip(" \r").replace("\\|", _PIPE)
        if _PAGE_HEADER.match(line) or _SGML.match(line):
            return ""
        if self.markdown and (_MD_SEPARATOR.match(line) or _MD_RULE.match(line)):
            return ""
        line = _HEADING.sub("", line).replace("**", "")
        if self.markdown:
            line = _MD_LINK.sub(_link_text, line)
            line = _MD_EMPHASIS.sub(r"\1", line)
        return _ESCAPE.sub(r"\1", line)

    def warn(self, place: str, message: str) -> None:
        self.warnings.append(ReadWarning(place, message))

    def find(self, pattern: str, start: int = 0, end: int | None = None) -> int | None:
        regex = re.compile(
            rf"^[\s|*\-]*(?:(?:{_MARKED}|{_UNMARKED})\s*)?(?:\d+[A-Z]?\.\s*)?(?:{pattern})", re.I
        )
        for index in range(start, len(self.lines) if end is None else end):
            if regex.match(self.lines[index].text):
                return index
        return None

    def find_all(self, pattern: str) -> list[int]:
        found = []
        index = self.find(pattern)
        while index is not None:
            found.append(index)
            index = self.find(pattern, index + 1)
        return found


def _link_text(match: re.Match[str]) -> str:
    """A markdown link as its text; a link to EDGAR's company page shows the CIK, so keep it."""
    cik = re.search(r"[?&]CIK=(\d{1,10})", match.group(2), re.I)
    return f"{match.group(1)} (CIK {cik.group(1)})" if cik else match.group(1)


_BOX_CELL = re.compile(
    rf"^(?:X|\d+\.\s*(?:{'|'.join(_BOXES.values())})|{'|'.join(p for _, p in _RELATIONS)}|"
    rf"{'|'.join(_CHECKBOXES.values())}|Form filed by|\(Check all applicable\))",
    re.I,
)


# -- boxes ---------------------------------------------------------------------------------------
def _starts(reader: _Reader) -> list[int]:
    """Line indexes where a box or section begins: a box's value ends at the next of these."""
    found: set[int] = set()
    for pattern in (*_BOXES.values(), *_SECTIONS.values(), *_CHECKBOXES.values()):
        found.update(reader.find_all(pattern))
    return sorted(found)


def _box(reader: _Reader, key: str, starts: list[int], nth: int = 0) -> list[str] | None:
    """The value lines of a box (tabs kept): what follows its label on its line and below it."""
    found = reader.find_all(_BOXES[key])
    if nth >= len(found):
        return None
    index = found[nth]
    label_line = reader.lines[index].text
    match = re.match(
        rf"^[\s|*\-]*(?:\d+[A-Z]?\.\s*)?(?:{_BOXES[key]})[^\t]*?(?:\((?:Month/Day/Year|"
        r"Month/Year|Voluntary|Check all applicable|Check Applicable Line)\)|\s\*|(?=\t)|$)",
        label_line,
        re.I,
    )
    rest = label_line[match.end() :] if match else ""
    end = next((s for s in starts if s > index), len(reader.lines))
    values = [rest, *(line.text for line in reader.lines[index + 1 : end])]
    return [v.strip(" ") for v in values if _plain(v) and not _HINTS.match(_plain(v))]


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


def _box_place(key: str, form: str) -> str:
    return f"box {_NUMBERS.get(form, _NUMBERS['4'])[key]} ({_WORDS[key]})"


def _date_box(reader: _Reader, key: str, starts: list[int], form: str) -> date | None:
    place = _box_place(key, form)
    values = _box(reader, key, starts)
    if values is None:
        reader.warn(place, "box not found; left out")
        return None
    if not values:
        if key == "period":
            reader.warn(place, "no date shown; left out")
        return None
    value, note = parse_date(_plain(values[0]))
    if note:
        reader.warn(place, note)
    if value is None:
        reader.warn(place, f"{_plain(values[0])!r} is not a date; left out")
    return value


_CIK = re.compile(r"\(?\bCIK:?\s*#?\s*(\d{1,10})\)?", re.I)
_TICKER = re.compile(r"\[\s*([^\]]*?)\s*\]\s*$")


def _issuer(reader: _Reader, starts: list[int], form: str) -> Issuer:
    place = _box_place("issuer", form)
    values = [_plain(v) for v in _box(reader, "issuer", starts) or []]
    cik = _CIK.search(" ".join(values))
    values = [t for v in values if (t := _CIK.sub("", v).strip(" |"))]
    # A date is never an issuer's name: a converter that reads the grid by columns may put the
    # period box's date here.
    values = [v for v in values if parse_date(v)[0] is None and not _BOILERPLATE.match(v)]
    if not values:
        # Converters that read the page's grid column by column put the box's value after
        # other boxes' labels; the form prints it as "Name [ TICKER ]", found once above Table I.
        table = reader.find(_SECTIONS["table1"]) or reader.find(_SECTIONS["table2"])
        named = [
            _plain(line.text)
            for line in reader.lines[:table]
            if _TICKER.search(_plain(line.text)) and not _BOX_MARK.match(_plain(line.text))
        ]
        if len(named) != 1:
            raise InvalidFilingError(reader.name, "no issuer name shown", place)
        reader.warn(place, "the box is empty; issuer read from the one 'Name [ TICKER ]' line")
        values = named
    text = values[0]
    ticker_match = _TICKER.search(text)
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


_CITY_STATE_ZIP = re.compile(
    r"(.+?)[,\s]\s*([A-Z][A-Z0-9])\s+(\d{5}(?:-\d{4})?|[A-Z0-9][A-Z0-9 \-]{2,9})"
)


def _owner_box(reader: _Reader, starts: list[int], place: str) -> ReportingOwner | None:
    index = reader.find(_BOXES["owner"])
    if index is None:
        return None
    end = next((s for s in starts if s > index), len(reader.lines))
    label = reader.lines[index].text
    rest = re.sub(rf"^.*?(?:{_BOXES['owner']})\s*\*?", "", label, flags=re.I)
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
    with_hints = any(_HINTS.match(_plain(t)) for t in unglued)
    for text in unglued:
        if _BOILERPLATE.match(_plain(text)) or (
            not with_hints and _plain(text) and not re.search(r"[A-Za-z]", text)
        ):
            # A converter reading the grid by columns mixes the title block in (its OMB
            # number and hours among them); with the hints' frame such lines are the filer's.
            continue
        if _HINTS.match(_plain(text)):
            hinted = True
            groups.append([])
        elif _plain(text):
            groups[-1].append(text.strip(" "))
    cik = _CIK.search(" ".join(_plain(t) for g in groups for t in g))
    groups = [[c for t in g if (c := _CIK.sub("", t).strip(" |"))] for g in groups]
    if hinted and len(groups) >= 3:
        name_lines, streets, city_lines = groups[0], groups[1], groups[2]
        extra = [t for g in groups[3:] for t in g]
    else:
        flat = [t for g in groups for t in g]
        name_lines, rest_lines = flat[:1], flat[1:]
        city_at = max(
            (i for i, t in enumerate(rest_lines) if _CITY_STATE_ZIP.fullmatch(_plain(t))),
            default=None,
        )
        if city_at is None:
            streets, city_lines, extra = rest_lines, [], []
        else:
            streets, city_lines = rest_lines[:city_at], [rest_lines[city_at]]
            extra = rest_lines[city_at + 1 :]
        if flat:
            reader.warn(place, "no (Last) (Street) (City) hints; lines placed by their order")
    name = _plain(" ".join(name_lines)) or None
    if name is None:
        reader.warn(place, "no reporting person name shown")
    values: dict[str, Any] = {}
    if len(streets) > 2:
        reader.warn(place, f"{len(streets)} street lines; the ones after the second left out")
    for key, text in zip(("street1", "street2"), streets, strict=False):
        values[key] = _plain(text)
    if city_lines:
        values.update(_city_state_zip(reader, city_lines[0], place))
    for text in extra:
        reader.warn(place, f"{_plain(text)!r} under the address not read")
    address = Address(**values)
    return ReportingOwner(
        cik=cik.group(1) if cik else None, name=name, address=None if address.is_empty else address
    )


def _city_state_zip(reader: _Reader, text: str, place: str) -> dict[str, str]:
    if "\t" in text.strip(" "):
        cells = [_plain(c) for c in text.strip(" ").split("\t")]
        if len(cells) == 3:  # a tab-separated line keeps each part in its place
            return {k: v for k, v in zip(("city", "state", "zip_code"), cells, strict=True) if v}
    cells = [c.strip() for c in re.split(r"\s{2,}|\|", text.strip()) if c.strip()]
    if len(cells) == 3 and re.fullmatch(r"[A-Z][A-Z0-9]", cells[1]):
        # The cells are explicit, so a comma written after the city belongs to it.
        return {"city": cells[0], "state": cells[1], "zip_code": cells[2]}
    match = _CITY_STATE_ZIP.fullmatch(_plain(text))
    if match:
        return {"city": match[1].rstrip(", "), "state": match[2], "zip_code": match[3]}
    reader.warn(place, f"city, state and zip not told apart in {_plain(text)!r}; left out")
    return {}


def _relationship(reader: _Reader, lines: list[str] | None, place: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if lines is None:
        reader.warn(place, "box not found; relationship unknown")
        return values
    last = -1  # the last line holding a checkbox label: the title line comes after it
    for key, label in _RELATIONS:
        flag = key[3:].replace("_", " ")
        pattern = re.compile(rf"(?:({_MARKED})|({_UNMARKED}))?\s*\b(?:{label})", re.I)
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
    hint = re.compile(r"\((?:give title below|specify below|Check all applicable)\)", re.I)
    leftover = [t for line in lines[last + 1 :] if _plain(t := hint.sub("", line))]
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
        values["officer_title"] = _plain(cells[0]) or None
        values["other_text"] = _plain(cells[1]) or None
        return values
    title = _plain(" ".join(leftover))
    if values.get("is_officer") and not values.get("is_other"):
        values["officer_title"] = title
    elif values.get("is_other") and not values.get("is_officer"):
        values["other_text"] = title
    else:
        reader.warn(place, f"{title!r} not told apart as officer title or other; left out")
    return values


def _checkbox(reader: _Reader, key: str, expected: bool) -> bool | None:
    index = reader.find(_CHECKBOXES[key])
    place = f"{key.replace('_', ' ')} checkbox"
    if index is None:
        if expected:
            reader.warn(place, "not found; left out")
        return None
    text = reader.lines[index].text
    label = re.search(_CHECKBOXES[key], text, re.I)
    before = text[: label.start()] if label else ""
    previous = reader.lines[index - 1].text.strip() if index else ""
    mark = _BOX_MARK.search(before) or _BOX_MARK.fullmatch(previous)
    if mark is None:
        reader.warn(place, "checkbox mark not shown (lost); left out")
        return None
    return bool(mark.group(1))


def _owners(reader: _Reader, starts: list[int], form: str) -> tuple[ReportingOwner, ...]:
    place = _box_place("owner", form)
    first = _owner_box(reader, starts, place)
    if first is None:
        reader.warn(place, "box not found; no reporting owner")
        return ()
    relation_place = _box_place("relationship", form)
    relation = _relationship(reader, _box(reader, "relationship", starts), relation_place)
    owners = [ReportingOwner(cik=first.cik, name=first.name, address=first.address, **relation)]
    table = _owner_table(reader)
    if table:
        # The boxes show the first person only; the table shows every one of them.
        return table
    return tuple(owners)


_OWNER_FIELDS = (
    "name", "cik", "street1", "street2", "city", "state", "zip_code", "is_director",
    "is_ten_percent_owner", "is_officer", "is_other", "officer_title", "other_text",
)  # fmt: skip  # the fields of OWNER_COLUMNS, in their order


def _owner_table(reader: _Reader) -> tuple[ReportingOwner, ...]:
    """The "Reporting Owners" table a form with several reporting persons shows."""
    index = reader.find(_SECTIONS["owners"])
    if index is None:
        return ()
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
        cells = [_plain(c) for c in cells_of(text, mode)]
        if cells[:1] == [OWNER_COLUMNS[0]] or _RULE.fullmatch(text):
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


# -- tables --------------------------------------------------------------------------------------
def _table(
    reader: _Reader, key: str, end_keys: list[str], form: str, legacy: bool
) -> tuple[tuple[Any, ...], int] | None:
    """The rows of one table and the index of the line after it; None when the page lacks it."""
    start = reader.find(_SECTIONS[key])
    if start is None:
        return None
    derivative = key == "table2"
    ends = [i for k in end_keys if (i := reader.find(_SECTIONS[k], start + 1)) is not None]
    end = min(ends, default=len(reader.lines))
    region = reader.lines[start + 1 : end]
    rows = RowReader("legacy" if legacy else form, derivative, reader.warnings)
    built, stop = table_rows(
        [line.text for line in region], [line.body for line in region], rows, legacy
    )
    for fid, place in rows.refs.items():
        reader.refs.setdefault(fid, place)
    return tuple(built), end if stop is None else start + 1 + stop


# -- footer --------------------------------------------------------------------------------------
_FOOTNOTE = re.compile(r"^\s*(?:[-*+\u2022]\s+)?(?:\((\d{1,2}|\?\d{1,3})\)|(\d{1,2})[.)])\s*(.*)$")
_FOOTER_END = [
    _SECTIONS["remarks"],
    _SECTIONS["signature"],
    _SECTIONS["owners"],
    r"Reminder:",
    r"\*\s*If the form is filed",
    r"\*\*\s*Intentional",
    r"Note:\s*File three",
    r"Potential persons",
    r"SIGNATURE",
    r"/s/",
]


def _footnotes(reader: _Reader, start: int) -> dict[str, str]:
    ends = [i for p in _FOOTER_END if (i := reader.find(p, start)) is not None]
    end = min(ends, default=len(reader.lines))
    end = min([end, *(s for s in _signature_lines(reader) if s >= start)])
    notes: dict[str, str] = {}
    current: str | None = None
    last: str | None = None  # the footnote read last, which a wrapped line may continue
    unknown = 0
    for line in reader.lines[start:end]:
        text = _plain(line.text)
        if not text:
            last = current or last
            current = None  # a blank line ends a paragraph
            continue
        if re.fullmatch(_SECTIONS["explanation"], text, re.I) or _BOILERPLATE.match(text):
            current = None
            continue
        text = re.sub(rf"^{_SECTIONS['explanation']}\s*", "", text, flags=re.I)
        match = _FOOTNOTE.match(text)
        if current is not None and line.text.startswith(_INDENT):
            # The renderer writes a footnote's further lines indented: they are its own lines.
            notes[current] = f"{notes[current]}\n{_plain(line.text)}"
        elif match:
            fid = footnote_id(match.group(1) or match.group(2))
            if fid in notes:
                reader.warn("Explanation of Responses", f"footnote {fid} given twice; last kept")
            notes[fid] = match.group(3).strip()
            current = fid
        elif (target := current or (last if text[:1].islower() else None)) is not None:
            # A line wrapped by the page; after a blank line only a lowercase start says so.
            current = target
            notes[target] = f"{notes[target]} {text}".strip()
        else:
            unknown += 1
            current = f"{UNKNOWN_FOOTNOTE_PREFIX}{unknown}"
            while current in notes:
                unknown += 1
                current = f"{UNKNOWN_FOOTNOTE_PREFIX}{unknown}"
            notes[current] = text
            reader.warn(
                f"Explanation of Responses, line {line.number}",
                f"footnote text without its number: read as {current}",
            )
    return notes


def _remarks(reader: _Reader) -> str | None:
    index = reader.find(_SECTIONS["remarks"])
    if index is None:
        return None
    ends = [i for p in _FOOTER_END[1:] if (i := reader.find(p, index + 1)) is not None]
    end = min([*ends, *(s for s in _signature_lines(reader) if s > index), len(reader.lines)])
    label = reader.find(_SECTIONS["signature"], index + 1)
    if label is not None and label == end and _block_above(reader, label) is False:
        # A signer's name wrapped over lines runs into the remarks: where they end is unknown.
        reader.warn("remarks", "not told apart from the signer's name below them; left out")
        return None
    first = re.sub(rf"^.*?{_SECTIONS['remarks']}\s*", "", reader.lines[index].text, flags=re.I)
    kept = [_plain(first)] if _plain(first) else []
    for line in reader.lines[index + 1 : end]:
        text = _plain(line.text)
        if kept and line.text.startswith(_INDENT):
            kept[-1] += "\n" + text  # the renderer's further lines of the remarks
        elif text and not _BOILERPLATE.match(text):
            kept.append(text)
    if any(is_header_word(line) for line in kept):
        # A converter reading the page by columns put table headers here: not the remarks.
        reader.warn("remarks", "mixed with table headers by the conversion; left out")
        return None
    return "\n".join(kept) or None


def _signature_lines(reader: _Reader) -> list[int]:
    """Where each signed block above a signature label starts (its label when unsure)."""
    found = []
    for index in reader.find_all(_SECTIONS["signature"]):
        block = _block_above(reader, index)
        if block is not None:
            found.append(index if block is False else block[0])
    return found


def _block_above(reader: _Reader, index: int) -> tuple[int, str] | Literal[False] | None:
    """The signed line above a signature label: (its index, name TAB date); None when the label
    has none above it; False when the name cannot be told apart from the lines above it."""
    above = _line_above(reader, index)
    if above is None or not _signed(reader.lines[above].text):
        return None
    date_line = _plain(reader.lines[above].text)
    if parse_date(date_line)[0] is None:
        return above, reader.lines[above].text
    # A date alone on its line (one cell per line): the name is the line above it, unless that
    # line may be the end of a name wrapped over several lines.
    name_at = above - 1
    name = _plain(reader.lines[name_at].text) if name_at >= 0 else ""
    before = _plain(reader.lines[name_at - 1].text) if name_at > 0 else ""
    ends_block = (
        not before
        or before.lower() == "date"
        or re.match(rf"^(?:{_SECTIONS['remarks']}|{_SECTIONS['explanation']})\s*$", before, re.I)
    )
    if not name or _BOILERPLATE.match(name) or not ends_block:
        return False
    return name_at, f"{name}\t{date_line}"


def _line_above(reader: _Reader, index: int) -> int | None:
    """The nearest non-blank line above a line, looking past at most two blank ones."""
    for above in range(index - 1, max(-1, index - 4), -1):
        if reader.lines[above].text.strip(" |"):
            return above
    return None


_SIGNED = re.compile(
    r"^(.*?)\s*(\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|[A-Za-z]+\.? \d{1,2},\s*\d{4})$"
)


def _signed(text: str) -> bool:
    plain = _plain(text)
    if not plain or _BOILERPLATE.match(plain) or _FOOTNOTE.match(plain):
        return False
    if re.match(rf"^(?:{_SECTIONS['explanation']}|{_SECTIONS['remarks']})", plain, re.I):
        return False
    return "\t" in text or "/s/" in plain or _SIGNED.match(plain) is not None


def _signatures(reader: _Reader) -> tuple[Signature, ...]:
    labels = reader.find_all(_SECTIONS["signature"])
    if not labels:
        reader.warn("signature", "no signature block shown; no signatures read")
        return ()
    signatures: list[Signature] = []
    for number, index in enumerate(labels, 1):
        place = "signature" if len(labels) == 1 else f"signature {number}"
        block = _block_above(reader, index)
        if block is False:
            # Signatures are a list: one left out would shift every one after it.
            reader.warn(place, "the signer's name is not told apart from the lines above it; "
                        "no signature is read")  # fmt: skip
            return ()
        if isinstance(block, tuple):
            # The SEC's page and our renderer put the signed line right above its label.
            found = _signature(reader, [block[1]], place)
        else:
            # Typed forms put the name below the label, then DATE and the date.
            below = []
            for line in reader.lines[index + 1 : index + 6]:
                text = _plain(line.text)
                if (_BOILERPLATE.match(text) and text.lower() != "date") or re.match(
                    _SECTIONS["signature"], text, re.I
                ):
                    break
                if text and text.lower() != "date":
                    below.append(text)
            found = _signature(reader, below, place)
        if not found:
            reader.warn(place, "signature label without a signed name")
        signatures.extend(found)
    return tuple(signatures)


def _signature(reader: _Reader, lines: list[str], place: str) -> list[Signature]:
    found: list[Signature] = []
    for line in lines:
        cells = [c.strip() for c in line.split("|") if c.strip()]
        if len(cells) > 1 or line.strip().startswith("|"):
            line = "\t".join(cells)  # a converter's grid: name cell, date cell
        if "\t" in line.strip(" "):
            name, _, raw = (_plain(c) for c in line.strip(" ").rpartition("\t"))
        else:
            match = _SIGNED.match(_plain(line))
            name, raw = (match[1], match[2]) if match else (_plain(line), "")
        signed, note = parse_date(raw) if raw else (None, None)
        if note:
            reader.warn(f"{place}, date", note)
        if raw and signed is None:
            reader.warn(f"{place}, date", f"{raw!r} is not a date; left out")
        if not name and found and found[-1].date is None:
            found[-1] = Signature(name=found[-1].name, date=signed)  # the date on its own line
        elif name or signed is not None:
            found.append(Signature(name=name, date=signed))
    return found


# -- the document --------------------------------------------------------------------------------
# "FORM 4", not "Form 4 or Form 5 obligations" or "Form 3 Holdings Reported"
_DOC_TYPE = re.compile(
    r"\bFORM\s*([345])\s*(/\s*A)?\b(?!\s*(?:Holdings|Transactions|or\s+Form|obligations))", re.I
)


def _document_type(reader: _Reader) -> str:
    for line in reader.lines[:200]:
        if match := _DOC_TYPE.search(line.text):
            return match.group(1) + ("/A" if match.group(2) else "")
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
    reader = _Reader(_decode(data), name)
    document_type = _document_type(reader)
    form = document_type[0]
    starts = _starts(reader)
    legacy = reader.find(r"Statement for Month/Year") is not None
    values: dict[str, Any] = {}
    if form != "3":
        values["not_subject_to_section16"] = _checkbox(reader, "not_subject_to_section16", True)
    for key in ("aff10b5one", "no_securities_owned"):
        values[key] = _checkbox(reader, key, False)
    if form == "5":
        for key in ("form3_holdings_reported", "form4_transactions_reported"):
            values[key] = _checkbox(reader, key, True)
    values["period_of_report"] = _date_box(reader, "period", starts, form)
    original = _date_box(reader, "amendment", starts, form)
    values["date_of_original_submission"] = original
    if original is not None and not document_type.endswith("/A"):
        reader.warn(_box_place("amendment", form), f"a date of original filing on a FORM {form}")
    issuer = _issuer(reader, starts, form)
    owners = _owners(reader, starts, form)
    if legacy:
        reader.warn("document", "a typed pre-2003 form: columns read with that form's layout")
    ends = ["owners", "explanation", "remarks", "signature"]
    first = _table(reader, "table1", ["table2", *ends], form, legacy)
    second = _table(reader, "table2", ends, form, legacy)
    if first is None and second is None:
        raise InvalidFilingError(name, "neither Table I nor Table II found", "tables")
    for label, found in (("Table I", first), ("Table II", second)):
        if found is None:
            reader.warn(label, "table not shown; its rows, if any, are unknown")
    after = max(found[1] for found in (first, second) if found is not None)
    explanation = reader.find(_SECTIONS["explanation"], after)
    footnotes = _footnotes(reader, explanation if explanation is not None else after)
    for fid, place in reader.refs.items():
        if fid not in footnotes:
            reader.warn(place, f"footnote {fid} is referred to but its text is not shown")
    remarks = _remarks(reader)
    signatures = _signatures(reader)
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
