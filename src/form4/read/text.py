"""Read text and markdown renderings of Forms 3, 4 and 5 (converted from the rendered page or its
PDF) into a Filing, never inventing what the page does not say.

The parts of the page are read by their own modules: ``_text_page`` (the lines and the form's
labels), ``_text_boxes`` (the boxes above the tables), ``_text_table`` (the rows of Tables I and
II) and ``_text_footer`` (footnotes, remarks, signatures)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from form4.errors import InvalidFilingError, UnrecognizedFormatError
from form4.model import Address, Filing, ReportingOwner, Signature, Source
from form4.printed import CHECKBOXES, LABELS, PAGE_TITLE, SEC_NUMBERS, TITLES
from form4.read._print_margins import ADDRESS, PAGE_OF, PRINTED_AT
from form4.read._row import parse_date
from form4.read._text_boxes import (
    box_starts,
    date_box,
    read_checkbox,
    read_issuer,
    read_owners,
)
from form4.read._text_cells import plain
from form4.read._text_footer import read_footnotes, read_remarks, read_signatures
from form4.read._text_page import OWNERS_TITLE, SECTIONS, Page
from form4.read._text_ruled import (
    SHORT,
    Grid,
    block_notes,
    box_streets,
    browser_margins,
    cut_words,
    flat_lines,
    grids,
    is_ruled,
    joined_streets,
    listed_name,
    listed_owners,
    page_words,
    paragraph_notes,
    ruled_rows,
    signature_grid,
    single_line_notes,
    streets_confirmed,
    width,
)
from form4.read._text_table import RowReader, is_visual, table_rows

__all__ = ["is_form_text", "read_text"]

_HEAD_BYTES = 16384
_FORM_MARK = re.compile(rb"FORM[\s*]*[345]\b", re.I)  # "**FORM** **3**" too
# The heading's word at the start of a line, its number set apart (on a line below).
_FORM_WORD = re.compile(rb"^[ \t]*FORM(?: {2,}|[ \t]*$)", re.M)
_STATEMENT = re.compile(rb"STATEMENT\s+OF\s+(?:CHANGES\s+IN\s+)?BENEFICIAL\s+OWNERSHIP", re.I)


def is_form_text(data: bytes) -> bool:
    """Whether text looks like a rendering of an ownership form (looks at the first 16 KB): the
    form's title, and its heading "FORM 4" (a page's columns may set the number apart from the
    word, on another line)."""
    head = data[:_HEAD_BYTES]
    return _STATEMENT.search(head) is not None and (
        _FORM_MARK.search(head) is not None or _FORM_WORD.search(head) is not None
    )


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
        [line.text for line in region],
        [line.body for line in region],
        rows,
        legacy,
        [line.number in reader.page_starts for line in region] if reader.paged else None,
        visual,
    )
    for fid, place in rows.refs.items():
        reader.refs.setdefault(fid, place)
    return tuple(built), end if stop is None else start + 1 + stop


def _ruled_table(
    reader: Page, found: list[Grid], derivative: bool, form: str
) -> tuple[tuple[Any, ...], int] | None:
    """The rows of one table of a page whose tables are grids (``_text_ruled``); None when the
    page lacks it. The index is the table's title line, the rows being read from the grids."""
    label = "Table II" if derivative else "Table I"
    rows = RowReader(form, derivative, reader.warnings)
    got = ruled_rows(found, form, derivative, rows, label)
    if got is None:
        return None
    for fid, place in rows.refs.items():
        reader.refs.setdefault(fid, place)
    title = reader.find(SECTIONS["table2" if derivative else "table1"])
    return tuple(got[0]), 0 if title is None else title


def _confirmed(
    reader: Page,
    owners: tuple[ReportingOwner, ...],
    listed: list[tuple[list[str], list[str]]],
    box: list[str] | None = None,
) -> tuple[ReportingOwner, ...]:
    """The owners, the first one's streets kept only when the Reporting Owners table shows the
    same lines (a page's cell breaks a long street over lines, read as two streets); then the
    table's further owners whose cells end with the first one's address lines."""
    if not owners:
        return owners
    first = owners[0]
    address = first.address
    lines = listed[0][0] if listed else []
    streets = [s for s in (address.street1, address.street2) if s] if address else []
    confirmed = bool(
        address
        and first.name
        and address.city
        and streets
        and streets_confirmed(lines, first.name, streets, address.city, _city_line(address))
    )
    if address is not None and first.name and address.city and box and not confirmed:
        # The older look prints box 1's streets as one text, "street1, street2".
        joined = joined_streets(lines, first.name, box, address.city, _city_line(address))
        if joined is not None:
            address = replace(
                address, street1=joined[0], street2=joined[1] if len(joined) > 1 else None
            )
            first = replace(first, address=address)
            streets, confirmed = joined, True
    if address is not None and streets and not confirmed:
        reader.warn("box 1 (reporting person)", "street lines not confirmed by the Reporting "
                    "Owners table (a street may wrap over lines); left out")  # fmt: skip
        first = replace(first, address=replace(address, street1=None, street2=None))
    found = [first]
    if not confirmed or not first.name or lines[:1] != [first.name]:
        if len(listed) > 1:
            reader.warn(LABELS["owners"], "the further owners' names not told apart from their "
                        "addresses; left out")  # fmt: skip
        return tuple(found)
    for number, (cell, relations) in enumerate(listed[1:], 2):
        name = listed_name(cell, lines[1:])
        if name is None:
            reader.warn(f"{LABELS['owners']} row {number}", "name not told apart from the "
                        "address; this owner and the ones after it left out")  # fmt: skip
            break
        director, ten, officer, other = (" ".join(c.split()) for c in relations)
        found.append(
            ReportingOwner(
                cik=None,
                name=name,
                address=address,
                is_director=director == "X",
                is_ten_percent_owner=ten == "X",
                is_officer=True if officer else None,
                officer_title=officer or None,
                is_other=True if other else None,
                other_text=other or None,
            )
        )
    return tuple(found)


def _city_line(address: Address) -> str | None:
    """The line the older look of the Reporting Owners table prints under the streets: "City,
    ST Zip" (None without all three)."""
    if not (address.city and address.state and address.zip_code):
        return None
    return f"{address.city}, {address.state} {address.zip_code}"


def _widest(reader: Page) -> float:
    """The width of the page's widest line of prose (a table's row is no line of the page)."""
    return max(
        (
            width(plain(line.text))
            for line in reader.lines
            if not line.text.lstrip().startswith("|")
        ),
        default=0.0,
    )


def _may_be_cut(reader: Page, lines: list[str]) -> bool:
    """Whether lines of prose may have lost their ends at the edge of a page wider than the
    paper: a line about as wide as the page's widest may be wrapped there or cut, and a page
    whose lines end in cut words is cut."""
    widest = _widest(reader)
    wide = any(width(plain(line)) >= SHORT * widest for line in lines[-1:])
    return wide or (len(lines) > 1 and bool(_cut_words(reader, [lines])))


def _cut_words(reader: Page, blocks: list[list[str]]) -> list[str]:
    """The words ending lines of ``blocks`` (all but their last) or lines that reach the page's
    edge that the page shows nowhere else whole (``cut_words``)."""
    widest = _widest(reader)
    prose = [t for line in reader.lines if (t := plain(line.text)) and not t.startswith("|")]
    words = page_words(prose)
    # The lines that reach the page's edge, each taken as a last line would be: wrapped there
    # or cut, they end in a whole word only if wrapped.
    edge = [[t, ""] for t in prose if width(t) >= SHORT * widest]
    return [w for block in [*blocks, *edge] for w in cut_words(block, words)]


def _cut_ends(
    reader: Page, region: list[str], bounds: list[bool], inner: set[str], finals: set[str]
) -> list[str]:
    """The lines of the notes (``region``, blank lines kept) that show the page cut at its edge
    (the page wider than the paper). A line that ends a paragraph (a blank line after it) and
    reaches the page's edge ends a note there, or was cut there: cut, it ends in a word the page
    shows nowhere else whole (``cut_words``); or, the last line of a note (``finals``), the cut
    fell between words and it ends no sentence. A line the page wrapped there (``inner``: a
    note's lines before its last, a note's first line that the converter brackets) ends in any
    word, and tells nothing."""
    widest = _widest(reader)
    words = page_words([t for line in reader.lines if (t := plain(line.text))])
    edge = [t for k, t in enumerate(region) if t and not bounds[k] and width(t) >= SHORT * widest]
    # A page cut at its edge cuts most lines that reach it, in the middle of a word most
    # often: where most of them end in the start of a longer word the page shows whole, the
    # page is cut (a line the page wrapped ends in a whole word, one rare on the page or not).
    started = [t for t in edge if any(_starts_word(w, words) for w in cut_words([t, ""], words))]
    if edge and 2 * len(started) > len(edge):
        return started
    return [
        text
        for k, text in enumerate(region)
        if text
        and not bounds[k]
        and not (k + 1 < len(region) and region[k + 1])
        and text not in inner
        and not text.endswith("]")
        and width(text) >= SHORT * widest
        and (cut_words([text, ""], words) or (text in finals and text[-1:] not in _SENTENCE_ENDS))
    ]


def _starts_word(part: str, words: set[str]) -> bool:
    """Whether a word's start is the start of a longer word of ``words``."""
    lowered = part.lower()
    return any(w != lowered and w.startswith(lowered) for w in words)


_NOTES_END = re.compile(
    rf"^(?:{SECTIONS['remarks']}|{SECTIONS['signature']}|Note:\s*File three|Potential persons)",
    re.I,
)
_SENTENCE_ENDS = frozenset('.)"\u201d')
_STARRED_NOTE = re.compile(r"^[*\s]*(?:If the form is filed by more|Intentional misstatements)")


def _ruled_notes(reader: Page, explanation: int | None) -> dict[str, str]:
    """The footnotes of a page whose tables are grids (``single_line_notes``)."""
    if explanation is None:
        return {}
    texts: list[str] = []
    paragraphs: list[list[str]] = [[]]
    region: list[str] = []  # every line, blank ones too
    for line in reader.lines[explanation + 1 :]:
        text = plain(line.text)
        if _NOTES_END.match(text):
            break
        region.append(text)
        if text and not _STARRED_NOTE.match(text):
            paragraphs[-1].append(text)
        elif paragraphs[-1]:
            paragraphs.append([])
        if text:
            texts.append(text)
    widest = _widest(reader)
    starred = [_STARRED_NOTE.match(t) is not None for t in texts]
    blocks = [p for p in paragraphs if p]
    bounds = [_STARRED_NOTE.match(t) is not None for t in region]
    read, inner, finals = paragraph_notes(region, bounds, width)
    cut = _cut_ends(reader, region, bounds, inner, finals)
    notes, lost = single_line_notes(texts, starred, widest, uncut=not cut)
    if cut:
        # Lines ending in part of a word: the page is wider than the paper, cut at its edge.
        reader.warn("Explanation of Responses", f"lines end at the page's edge cut ({cut[0]!r}); "
                    "notes of several lines left out")  # fmt: skip
    else:
        for fid, note in block_notes(blocks).items():
            notes.setdefault(fid, note)
    for fid, (note, one_line) in read.items():
        shown = f"({fid[1:]}) {note}"  # the line, its number too
        short = width(shown) < SHORT * widest or (not cut and note[-1:] in _SENTENCE_ENDS)
        if (short if one_line else not cut) and fid not in notes:
            notes[fid] = note
    lost = [fid for fid in lost if fid not in notes]
    for fid in lost:
        reader.warn(
            f"Explanation of Responses, footnote {fid}",
            "its lines are not told apart from the other notes' around its number; left out",
        )
    return notes


# -- the document --------------------------------------------------------------------------------
# "FORM 4", not "Form 4 or Form 5 obligations" or "Form 3 Holdings Reported"
_DOC_TYPE = re.compile(
    r"\bFORM\s*([345])\s*(/\s*A)?\b(?!\s*(?:Holdings|Transactions|or\s+Form|obligations))", re.I
)


_SEC_NUMBER = re.compile(
    r"\bSEC\s+(" + "|".join(n for numbers in SEC_NUMBERS.values() for n in numbers) + r")\b"
)


# The heading alone on its line, as a page whose lines a converter kept apart shows it.
_HEADING_LINE = re.compile(r"^[\W_]*FORM\s*([345])\s*(/\s*A)?[\W_]*$", re.I)


# Each form's title by its first words (Form 3's wraps before "OF SECURITIES"), the longer
# titles first: "STATEMENT OF CHANGES IN ..." is the end of Form 5's title too.
_TITLE_OF = tuple(
    (form, re.compile(r"\s+".join(map(re.escape, TITLES[form].split()[:5])), re.I))
    for form in ("5", "3", "4")
)


_LONE_NUMBER = re.compile(r"\s*([345])(?:\s{2,}|$)")


def _document_type(reader: Page, alone: bool = False) -> str:
    """The form named by the page's heading; with ``alone`` (a page whose lines a converter kept
    apart), only a heading on a line of its own counts ("Form 5" ends a line of the checkbox's
    text on a page that wraps it), and without one, the SEC's number for the form does."""
    heading = _HEADING_LINE if alone else _DOC_TYPE
    for line in reader.lines[:200]:
        if match := heading.search(line.text):
            return match.group(1) + ("/A" if match.group(2) else "")
    # The heading's large number may stand apart from its "FORM": at the start of a line, beside
    # other text, where a page's columns set it (layout texts), or on a line of its own a few
    # lines below "FORM" where a page is written as its visual lines ("| FORM | ... |", then
    # "3"). Such a number is read only when the statement's title names the same form.
    head = reader.lines[:200]
    lines = [plain(line.text.replace("|", " ")) for line in head]
    numbers = set()
    if not reader.markdown:
        numbers = {m.group(1) for line in head if (m := _LONE_NUMBER.match(line.text))}
    for i, text in enumerate(lines):
        if text.split()[:1] == ["FORM"]:
            below = next((t for t in lines[i + 1 : i + 7] if t in ("3", "4", "5")), None)
            numbers |= {below} if below else set()
    statement = " ".join(lines)
    titled = next((form for form, title in _TITLE_OF if title.search(statement)), None)
    if titled is not None and titled in numbers:
        return titled
    if not alone:
        raise InvalidFilingError(reader.name, "no FORM 3, 4 or 5 heading", "page heading")
    # A page whose heading a converter lost still names its form by the SEC's number for it.
    numbers = {m.group(1) for line in reader.lines if (m := _SEC_NUMBER.search(line.text))}
    forms = {form for form, known in SEC_NUMBERS.items() if numbers & set(known)}
    if len(forms) == 1:
        reader.warn("page heading", "no FORM heading; the form read from the SEC's number")
        return forms.pop()
    raise InvalidFilingError(reader.name, "no FORM 3, 4 or 5 heading", "page heading")


# The SEC's page (its 3_X07 sheet) has no such checkbox: it states the fact first thing under
# "Explanation of Responses:", a line of its own.
_NONE_OWNED = re.compile(r"No securities are beneficially owned", re.I)


def _none_owned(reader: Page) -> bool | None:
    """True where the line right under the explanation's heading states that no securities are
    beneficially owned; None otherwise (the page shows nothing else for it)."""
    heading = reader.find(SECTIONS["explanation"] + r"[\s|*]*$")
    if heading is None:
        return None
    first = next((t for line in reader.lines[heading + 1 :] if (t := line.text.strip())), "")
    return True if _NONE_OWNED.fullmatch(" ".join(first.strip(" |*").split())) else None


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# What a browser prints in each page's margins: at the top the date and time it printed at
# ("12/2/26, 2:26 PM") and the page's title, at the bottom the page's address and "N/M". The SEC's
# page prints no time of day, nor its title; a converter may keep these on one line or two.
_PRINTED_AT = re.compile(PRINTED_AT, re.I)
_ADDRESS = re.compile(ADDRESS, re.I)
_PAGE_OF = re.compile(PAGE_OF)
_RULE_ROW = re.compile(r"[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*:?(?:-{3,}:?)?[ \t]*")


def _words(line: str) -> str:
    return " ".join(line.replace("|", " ").replace("\ufb01", "fi").split())


def _page_of(text: str) -> bool:
    match = _PAGE_OF.fullmatch(text)
    return match is not None and 1 <= int(match.group(1)) <= int(match.group(2))


def _margin_lines(lines: list[str]) -> set[int]:
    """The lines a browser printed in a page's margins: a line of the time it printed at, of the
    page's title, or both; a line of an address followed by the page's number "N/M" (on the next
    line that is not blank, where a converter broke them apart). A filer's value is never one of
    these: the time of day and the page's title are no values of the form, and a bare address is
    taken only beside a page number."""
    found: set[int] = set()
    words = [_words(line) for line in lines]
    title = " ".join(PAGE_TITLE.split())
    for i, text in enumerate(words):
        at = _PRINTED_AT.match(text)
        if text == title or (at and text[at.end() :].strip() in ("", title)):
            found.add(i)
            continue
        parts = text.rsplit(" ", 1)
        if len(parts) == 2 and _ADDRESS.fullmatch(parts[0]) and _page_of(parts[1]):
            found.add(i)
        elif _ADDRESS.fullmatch(text):
            after = next((j for j in range(i + 1, len(words)) if words[j]), None)
            if after is not None and _page_of(words[after]):
                found.update((i, after))
    return found


def _without_margins(text: str) -> tuple[str, int]:
    """A text whose pages are not told apart (no page breaks) without the lines a browser printed
    in its pages' margins (``_margin_lines``), and how many went. A pipe table's first row that
    goes takes its rule along, set below the row that now heads the table."""
    if "\f" in text:
        return text, 0  # printed pages: the page reads their running lines (``Page``)
    lines = text.split("\n")
    found = _margin_lines(lines)
    if not found:
        return text, 0
    kept: list[str] = []
    rule: str | None = None
    for i, line in enumerate(lines):
        if i in found:
            if i + 1 < len(lines) and _RULE_ROW.fullmatch(lines[i + 1]):
                rule = lines[i + 1]
            continue
        if rule is not None and line == rule:
            continue
        kept.append(line)
        if rule is not None and line.strip().startswith("|"):
            kept.append(rule)
        rule = None
    return "\n".join(kept), len(found)


def _grid_signatures(reader: Page, shown: list[tuple[str | None, str]]) -> tuple[Signature, ...]:
    """The signatures of a page's grid of them (``signature_grid``), in order. A name the grid
    does not show for sure is left empty with a warning ("" as the XML reader reads a
    signature without one), not made up; a date not read for sure leaves every signature out
    (they are a list: one left out would shift those after it)."""
    found: list[Signature] = []
    for number, (name, raw) in enumerate(shown, 1):
        place = "signature" if len(shown) == 1 else f"signature {number}"
        signed, note = parse_date(raw)
        if signed is None or note:
            reader.warn(f"{place}, date", f"{raw!r} not read for sure; no signatures read")
            return ()
        if name is None:
            reader.warn(place, "the signer's name not shown, or not whole (a word broken at a "
                        "line's end); left out")  # fmt: skip
        found.append(Signature(name=name or "", date=signed))
    return tuple(found)


def read_text(data: bytes, name: str = "<bytes>") -> Filing:
    """Read one text or markdown rendering of a Form 3, 4 or 5 (or amendment) into a Filing."""
    if not is_form_text(data):
        raise UnrecognizedFormatError(name, "text that is not an ownership form", "line 1")
    text, margins = _decode(data), 0
    found: list[Grid] | None = None
    if is_ruled(text):
        # The footers a browser prints there tell where the pages end: the ruled tables read them.
        lines, page_ends = browser_margins([line.rstrip("\r") for line in text.split("\n")])
        found = grids(lines, page_ends or None)
        text = "\n".join(flat_lines(lines, found))
    else:
        text, margins = _without_margins(text)
    reader = Page(text, name)
    if margins:
        reader.warn("pages", f"{margins} lines a browser prints at the top and foot of each page "
                    "left out (the line numbers of other warnings count without them)")  # fmt: skip
    document_type = _document_type(reader, alone=found is not None)
    form = document_type[0]
    starts = box_starts(reader)
    legacy = reader.find(r"Statement for Month/Year") is not None
    ends = ["owners", "explanation", "remarks", "signature"]
    # A page written as its visual lines shows it in a table with rows: both are read so. The
    # reading follows the geometry of the SEC's page (each row's one-line cells on one line), so
    # only a page that shows that page's list of owners ("Reporting Owner Name / Address") is.
    regions = [_region(reader, "table1", ["table2", *ends]), _region(reader, "table2", ends)]
    reader.visual = (
        not legacy
        and reader.find(OWNERS_TITLE) is not None
        and any(
            is_visual([line.text for line in reader.lines[r[0] + 1 : r[1]]]) for r in regions if r
        )
    )
    values: dict[str, Any] = {}
    for key, box in CHECKBOXES.items():
        if form in box.forms:
            values[key] = read_checkbox(reader, key, box.always)
    if form == "3" and values["no_securities_owned"] is None:
        values["no_securities_owned"] = _none_owned(reader)
    values["period_of_report"] = date_box(reader, "period", starts, form)
    original = date_box(reader, "amendment", starts, form)
    values["date_of_original_submission"] = original
    if original is not None and not document_type.endswith("/A"):
        # The SEC's page heads an amendment "FORM 4" as well: the date of the original filing in
        # its box is what makes it one (as the HTML reader reads the page).
        document_type += "/A"
    issuer = read_issuer(reader, starts, form)
    owners = read_owners(reader, starts, form)
    if found is not None:
        owners = _confirmed(reader, owners, listed_owners(found), box_streets(found))
    if legacy:
        reader.warn("document", "a typed pre-2003 form: columns read with that form's layout")
    ends = ["owners", "explanation", "remarks", "signature"]
    if found is not None:
        first = _ruled_table(reader, found, False, form)
        second = _ruled_table(reader, found, True, form)
    else:
        first = _table(reader, "table1", ["table2", *ends], form, legacy, reader.visual)
        second = _table(reader, "table2", ends, form, legacy, reader.visual)
    if first is None and second is None:
        raise InvalidFilingError(name, "neither Table I nor Table II found", "tables")
    for label, table in (("Table I", first), ("Table II", second)):
        if table is None:
            reader.warn(label, "table not shown; its rows, if any, are unknown")
    after = max(table[1] for table in (first, second) if table is not None)
    explanation = reader.find(SECTIONS["explanation"], after)
    if found is not None:
        if explanation is None:
            # The section's title on the line of the signatures' (a converter joins headings).
            merged = rf"Signatures\W+{SECTIONS['explanation']}\s*$"
            explanation = reader.find(merged, after)
        footnotes = _ruled_notes(reader, explanation)
    else:
        footnotes = read_footnotes(reader, explanation if explanation is not None else after)
    for fid, place in reader.refs.items():
        if fid not in footnotes:
            reader.warn(place, f"footnote {fid} is referred to but its text is not shown")
    remarks = read_remarks(reader)
    if found is not None and remarks and _may_be_cut(reader, remarks.split("\n")):
        reader.warn("remarks", "lines as long as the page's widest, which its edge may cut; "
                    "left out")  # fmt: skip
        remarks = None
    shown = signature_grid(found) if found is not None else None
    signatures = _grid_signatures(reader, shown) if shown else read_signatures(reader)
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
