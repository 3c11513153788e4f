"""The footer of a text rendering: the Explanation of Responses (footnotes), the remarks and
the signatures with their dates."""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise
from typing import Literal

from form4.model import UNKNOWN_FOOTNOTE_PREFIX, Signature
from form4.printed import TABLE_I_COLUMNS, TABLE_II_COLUMNS
from form4.read._row import parse_date
from form4.read._text_cells import footnote_id, is_header_word, is_value, plain
from form4.read._text_layout import Chunk, chunks, joined_lines
from form4.read._text_page import BOILERPLATE, INDENT, SECTIONS, Page

__all__ = ["read_footnotes", "read_remarks", "read_signatures"]


# The form's starred notes above the footnotes, their stars perhaps escaped or in a cell of their
# own ("*****|  Intentional misstatements ...").
_STARRED = re.compile(
    r"^[*\\\s|]*(?:If the form is filed by more than one|Intentional misstatements)", re.I
)
# A footnote's first line: its mark, then its text; a converter that keeps the page's two-cell
# rows puts cell separators around them ("(1)| The shares ...", "| (1) | The shares ... |").
_FOOTNOTE = re.compile(
    r"^\s*(?:\|\s*)?(?:[-*+\u2022]\s+)?(?:\((\d{1,2}|\?\d{1,3})\)|(\d{1,2})[.)])\s*(?:\|\s*)?"
    r"(.*?)(?:\s*\|)?\s*$"
)
_FOOTER_END = [
    SECTIONS["remarks"],
    SECTIONS["signature"],
    SECTIONS["owners"],
    r"Reminder:",
    r"\*\s*If the form is filed",
    r"\*\*\s*Intentional",
    r"Note:\s*File three",
    r"Potential persons",
    r"SIGNATURE",
    r"/s/",
]


# The numbered column titles of the tables ("1. Title of Security (Instr. 3)"), never footnotes.
_COLUMN_TITLES = tuple(
    dict.fromkeys(
        " ".join(column.header.split()).lower()
        for columns in (*TABLE_I_COLUMNS.values(), *TABLE_II_COLUMNS.values())
        for column in columns
    )
)


def _is_column_title(text: str) -> bool:
    """A column title, or a line of one wrapped over lines ("9. Number of", "derivative
    Securities Beneficially")."""
    lowered = text.lower()
    return any(
        (len(lowered) > 12 and lowered in title)
        or (len(lowered) > 4 and title.startswith(lowered))
        or lowered.startswith(title[:30])
        for title in _COLUMN_TITLES
    )


def _is_debris(text: str) -> bool:
    """A line of table values only (codes, amounts, dates, marks): cells out of their table."""
    return all(is_value(word) for word in text.split())


def _is_cell_like(text: str) -> bool:
    """A few capitalized words without a sentence's punctuation ("Common Stock"): a table
    cell's title more likely than a paragraph of the remarks."""
    words = text.split()
    return (
        len(words) <= 4
        and all(w[:1].isupper() or w[:1].isdigit() for w in words)
        and not (re.search(r"[.:;]", text))
    )


def _renumbers(match: re.Match[str], current: str, notes: dict[str, list[str]]) -> bool:
    """Whether a "(1)" starting a line inside footnote ``current`` is an enumeration in its text:
    the number is in parentheses, and a note of that number is read already or comes before."""
    if not match[1] or not current[1:].isdigit():
        return False
    fid = footnote_id(match[1])
    return fid in notes or (fid[1:].isdigit() and int(fid[1:]) < int(current[1:]))


def _is_prose(text: str) -> bool:
    """Whether text without a footnote number reads as a footnote: a sentence or more, not a
    cell's value or title that a converter put among the footnotes."""
    words = text.split()
    return len(words) >= 6 and sum(word[:1].islower() for word in words) * 3 >= len(words)


def read_footnotes(reader: Page, start: int) -> dict[str, str]:
    if reader.visual:
        return _visual_footnotes(reader, start)
    # The SEC's page prints the form's starred notes under the section's title, before the
    # footnotes: there they do not end the footnotes, as they do where they follow them, in a
    # text that keeps the page's columns, when the footnotes after them open with their numbers
    # (or, on printed pages, stand centred beside them, read by ``_centred_notes``). Elsewhere
    # what follows them is not known to be whole footnotes (a PDF's text may cut them).
    skipped = start
    while skipped < len(reader.lines) and (
        not (text := plain(reader.lines[skipped].text))
        or re.fullmatch(SECTIONS["explanation"], text, re.I)
        or _STARRED.match(text)
    ):
        skipped += 1
    if skipped < len(reader.lines) and (
        reader.paged
        or (
            reader.columns
            and _FOOTNOTE.match(plain(reader.lines[skipped].text))
            and not any(_LONE_MARK.fullmatch(plain(line.text)) for line in reader.lines[skipped:])
        )
    ):
        start = skipped
    ends = [i for p in _FOOTER_END if (i := reader.find(p, start)) is not None]
    end = min(ends, default=len(reader.lines))
    end = min([end, *(s for s in _signature_lines(reader) if s >= start)])
    centred = _centred_notes(reader, start, end)
    if centred is not None:
        return centred
    # Each footnote's text as its parts, joined at the end: a note may run over many lines.
    notes: dict[str, list[str]] = {}
    current: str | None = None
    last: str | None = None  # the footnote read last, which a wrapped line may continue
    lost = False  # a footnote was left out: text up to the next number may be its own
    unknown = 0
    for line in reader.lines[start:end]:
        text = plain(line.text)
        if not text:
            last = current or last
            current = None  # a blank line ends a paragraph
            continue
        if (
            re.fullmatch(SECTIONS["explanation"], text, re.I)
            or BOILERPLATE.match(text)
            or _STARRED.match(text)
        ):
            current = None
            continue
        text = re.sub(rf"^{SECTIONS['explanation']}\s*", "", text, flags=re.I)
        match = _FOOTNOTE.match(text)
        if _is_column_title(text) or (match and not match.group(3).strip()):
            # A table's column title, or a footnote mark alone, that a converter put here: what
            # follows continues no footnote.
            current = last = None
            continue
        if current is not None and line.text.startswith(INDENT):
            # The renderer writes a footnote's further lines indented: they are its own lines.
            notes[current] += ("\n", plain(line.text))
        elif match and current is not None and _renumbers(match, current, notes):
            # "(1) the sale..." in a wrapped footnote's text: an enumeration, not a new note.
            notes[current] += (" ", text)
        elif match:
            lost = False
            fid = footnote_id(match.group(1) or match.group(2))
            if fid in notes:
                reader.warn("Explanation of Responses", f"footnote {fid} given twice; last kept")
            notes[fid] = [match.group(3).strip()]
            current = fid
        elif (target := current or (last if text[:1].islower() else None)) is not None:
            # A line wrapped by the page; after a blank line only a lowercase start says so.
            current = target
            notes[target] += (" ", text)  # both stripped and not empty: nothing to strip
        elif last is not None and current is None:
            # Text after a blank line may go on with the footnote above (a page break in it)
            # or stand apart: neither is known to be whole.
            reader.warn(f"Explanation of Responses, line {line.number}",
                        f"text not told apart from footnote {last}; both left out")  # fmt: skip
            notes.pop(last, None)
            current, last, lost = None, None, True
        elif lost or not _is_prose(text):
            current = last = None
            reader.warn(f"Explanation of Responses, line {line.number}", f"{text!r} not read")
        else:
            unknown += 1
            current = f"{UNKNOWN_FOOTNOTE_PREFIX}{unknown}"
            while current in notes:
                unknown += 1
                current = f"{UNKNOWN_FOOTNOTE_PREFIX}{unknown}"
            notes[current] = [text]
            reader.warn(
                f"Explanation of Responses, line {line.number}",
                f"footnote text without its number: read as {current}",
            )
    return {fid: "".join(parts) for fid, parts in notes.items()}


_LONE_MARK = re.compile(r"\(\d{1,2}\)")  # a number alone on its line, beside its note
# A footnote's number at the page's margin, alone or before its text's first characters, in a
# text that keeps the page's columns: its text stands a column of its own to the right.
_MARGIN_MARK = re.compile(r"^\((\d{1,2})\)(?: +(\S.*))?$")
#: How far apart (in characters) the lines of one footnote's text may start.
_NOTE_SLACK = 1
#: How near the widest line of the notes a line cut at the page's edge may end, as a share of
#: that line's width (both measured in ``_width``).
_EDGE_SHARE = 0.85


_DOTTED = re.compile(r"\s*\d{1,2}\.\s")  # a footnote numbered "1. ..."


def _notes_may_run_over(reader: Page, rows: list[str], widest: float) -> bool:
    """Whether the notes' table of a printed page may be wider than the paper, which then cuts
    their lines at its right edge. The page wraps a note's text within the table's width, so
    only text it does not wrap widens the table: the remarks printed under the notes as the
    filer's lines (as wide as the page, ``_may_be_cut``), or a word of a note too long for
    its line. Without either, the table is as wide as the page and its lines are whole."""
    index = reader.find(SECTIONS["remarks"])
    if index is not None and _may_be_cut(reader, index, _remarks_end(reader, index)):
        return True
    return any(_width(word) >= widest * _LONG_WORD for row in rows for word in row.split())


#: How wide (a share of the widest line of the notes) a word of a note may be and still not
#: widen the notes' table.
_LONG_WORD = 0.3


def _centred_notes(reader: Page, start: int, end: int) -> dict[str, str] | None:
    """The footnotes of a printed page's text that keeps its columns (``pdftotext -layout``),
    where each number stands at the margin in a cell of its own, centred in the height of its
    footnote's text: None when the lines are not of that shape.

    The number stands on the middle line of a text of an odd number of lines, or alone between
    the two middle lines of an even number; so a footnote's text has as many lines above its
    number as below it. Taken in order, the lines above the first number are all its own, which
    tells how many below it are; what is left above the next number is that one's, and so on:
    the lines must come out even at the end, each footnote's lines starting at one column, or no
    footnote is read (warned). A page narrower than the notes' table cuts their lines at its
    right edge, where the widest of them ends, and a line that reaches it is not told from one
    that ends there by itself: a note with such a line may be cut, and is left out."""
    rows = [line.text.rstrip() for line in reader.lines[start:end] if line.text.strip()]
    shapes = [_MARGIN_MARK.match(text) for text in rows]
    if not reader.paged or not rows or (not any(shapes) and _DOTTED.match(rows[0])):
        # Not a printed page's notes, or notes numbered "1." (form4's own page): line by line.
        return None
    place = "Explanation of Responses"
    notes: dict[str, str] = {}
    widest = max(
        _width(m.group(2) or "" if m else text.strip())
        for m, text in zip(shapes, rows, strict=True)
    )
    edge = max(len(line.text.rstrip()) for line in reader.written)
    wide = _notes_may_run_over(reader, rows, widest)
    numbers = [line.number for line in reader.lines[start:end] if line.text.strip()]
    # Where a page break falls among the notes and they do not read whole across it, a note
    # runs over it, its number with either part: each part is read from its end away from the
    # break (the lines before the first break from the top, those after the last from the
    # bottom), and the note next to the break left out; the notes between two breaks are left
    # out.
    cuts = [0, *(i for i in range(1, len(rows)) if _page_between(reader, numbers, i)), len(rows)]
    spans: list[tuple[int, list[int]]] = []
    if not isinstance(_note_spans(shapes, whole=True), str) or any(
        m is None and len(text) - len(text.lstrip()) < _TEXT_INDENT
        for m, text in zip(shapes, rows, strict=True)
    ):
        # The notes read whole across the breaks (none runs over them), or a line without a
        # number stands at the margin, not in the texts' column right of the numbers (what
        # it is, is not known): read whole, or not at all.
        cuts = [0, len(rows)]
    for low, high in pairwise(cuts):
        if len(cuts) > 2 and low > 0 and high < len(rows):
            continue  # between two breaks
        backward = len(cuts) > 2 and low > 0
        order = list(range(high - 1, low - 1, -1)) if backward else list(range(low, high))
        found = _note_spans([shapes[k] for k in order], whole=len(cuts) == 2)
        if isinstance(found, str):
            reader.warn(place, found)
            return {}
        if len(cuts) > 2:
            found = found[:-1]  # the note next to the break, which may run over it
        for index, own in found:
            mapped = sorted(order[k] for k in own)
            spans.append((order[index], mapped))
    if len(cuts) > 2:
        reader.warn(place, "a page break among the notes: the note next to it left out")
    for index, own in sorted(spans):
        mark = shapes[index]
        assert mark is not None
        parts = [mark.group(2) if k == index else rows[k].strip() for k in own]
        xs = [len(rows[k]) - len(rows[k].lstrip()) if k != index else mark.start(2) for k in own]
        if max(xs) - min(xs) > _NOTE_SLACK:
            reader.warn(place, "footnotes' lines not told apart; left out")
            return {}
        fid = footnote_id(mark.group(1))
        if fid in notes:
            reader.warn(place, f"footnote {fid} given twice; footnotes left out")
            return {}
        if wide and any(
            _width(parts[i]) >= widest * _EDGE_SHARE and _near_edge(rows[k], edge)
            for i, k in enumerate(own)
        ):
            reader.warn(f"{place}, footnote {fid}", "its line reaches the page's right edge, "
                        "which may cut it; left out")  # fmt: skip
        else:
            notes[fid] = joined_lines(parts)
    return notes


#: How far right of the margin (in characters) the notes' texts stand, the numbers in a column
#: of their own left of them (``pdftotext -layout``: "(1) " and more).
_TEXT_INDENT = 3


def _page_between(reader: Page, numbers: list[int], i: int) -> bool:
    """Whether a page starts after row ``i - 1`` of the notes, up to row ``i`` (their lines'
    numbers in the source)."""
    return any(n in reader.page_starts for n in range(numbers[i - 1] + 1, numbers[i] + 1))


def _note_spans(
    shapes: list[re.Match[str] | None], whole: bool
) -> list[tuple[int, list[int]]] | str:
    """Per footnote number of the notes' lines (``shapes``: each line's number, if any), the
    lines of its text, each number centred on them (see ``_centred_notes``); a warning's text
    when they are not of that shape. Not ``whole``: the lines end at a page break, the last
    note may go on past it (its lines as many as there are)."""
    spans: list[tuple[int, list[int]]] = []
    at = 0  # the first line not yet given to a footnote
    for index, mark in enumerate(shapes):
        if mark is None:
            continue
        if index < at:
            return "a footnote's number stands among the lines of the one above; footnotes left out"
        above = index - at
        own = [*range(at, index), *([index] if mark.group(2) else []),
               *range(index + 1, index + 1 + above)]  # fmt: skip
        if own and own[-1] >= len(shapes) and not whole:
            spans.append((index, [k for k in own if k < len(shapes)]))
            return spans
        if (
            not own
            or own[-1] >= len(shapes)
            or any(shapes[k] is not None for k in own if k != index)
        ):
            return "footnotes' numbers not centred on their texts; left out"
        spans.append((index, own))
        at = own[-1] + 1 if own[-1] >= index else index + 1
    if at != len(shapes) and whole:
        return "footnotes' numbers not centred on their texts; left out"
    return spans


_MARK_LINE = re.compile(r"^\((\d{1,2})\)(?:\s+(.*))?$")
_VISUAL_END = re.compile(
    rf"^(?:{SECTIONS['remarks']}|{SECTIONS['signature']}|{SECTIONS['owners']}|Note:\s*File three"
    r"|Potential persons|\*\s*Form [345]\s*:|SEC 14\d\d)",
    re.I,
)


def _visual_footnotes(reader: Page, start: int) -> dict[str, str]:
    """The footnotes of a page written as its visual lines.

    The page sets each footnote's number beside the middle of its text: a text of an odd
    number of lines has the number opening its middle line ("(3) for any 20 trading days"),
    one of an even number has it on a line of its own between its two halves. So the lines
    before the first number are the upper half of the first footnote, whose lower half is as
    long, and so on down: the halves must add up to the lines between the numbers and end with
    the last line, or nothing is read. A footnote whose last line reaches the page's right edge
    may be cut there (the page wider than the paper): then none is read, the others may be cut
    too. Numbers must run 1, 2, 3... (a "(2)" opening a wrapped line of text would break the
    run, and the count).
    """
    lines: list[str] = []
    for line in reader.lines[start:]:
        text = plain(line.text)
        if not text:
            continue
        text = re.sub(rf"^{SECTIONS['explanation']}\s*", "", text, flags=re.I)
        if not text or _STARRED.match(text):
            continue
        if _VISUAL_END.match(text):
            break
        lines.append(text)
    place = "Explanation of Responses"
    marks = [(i, m) for i, text in enumerate(lines) if (m := _MARK_LINE.match(text))]
    if not lines:
        return {}
    if [int(m[1]) for _, m in marks] != list(range(1, len(marks) + 1)) or not marks:
        reader.warn(place, "footnote numbers not in order 1, 2, 3...: footnotes left out")
        return {}
    notes: dict[str, str] = {}
    upper = marks[0][0]
    last_lines: list[str] = []
    for k, (at, match) in enumerate(marks):
        below = (marks[k + 1][0] if k + 1 < len(marks) else len(lines)) - at - 1
        if upper < 0 or below < upper or (match[2] is None and upper == 0):
            reader.warn(place, "footnotes' lines not told apart: left out")
            return {}
        middle = [match[2]] if match[2] else []
        parts = [*lines[at - upper : at], *middle, *lines[at + 1 : at + 1 + upper]]
        joined = _join_wrapped(parts)
        if joined is None:
            reader.warn(f"{place}, footnote {match[1]}", "a line broken after a hyphen: left out")
        else:
            notes[f"F{match[1]}"] = joined
        last_lines.append(lines[at + upper])  # the whole line, its number too
        upper = below - upper  # the next footnote's upper half
    if upper != 0:
        reader.warn(place, "footnotes' lines not told apart: left out")
        return {}
    edge = max(len(text) for text in lines)
    # A footnote's last line ends its text, which ends a sentence; one reaching the edge
    # without a sentence's end was cut there.
    cut = [t for t in last_lines if len(t) >= 0.98 * edge and not re.search(r"[.)\]\"'!?;:]$", t)]
    if cut or _cut_words(reader, lines, edge):
        reader.warn(place, "lines reach the page's right edge, where the page may cut them: "
                    "footnotes left out")  # fmt: skip
        return {}
    return notes


#: The share of the page's width in characters (its widest line's) that, in ems of ``_width``, a
#: line may fill and still end short of the page's right edge. ``pdftotext -layout`` sets a
#: line's words on a grid of about 0.4 em a character, so a line printed up to the edge
#: measures about 0.4 of the widest line's characters in ems; a line well short of that ends
#: before the edge, and is whole.
_SHORT_OF_EDGE = 0.34


def _near_edge(row: str, edge: int) -> bool:
    """Whether a line of the notes may reach the page's right edge (``edge``: the page's widest
    line, in characters): its text's width in ems and its indent (at half an em a character,
    more than the grid's) not well short of the edge."""
    text = row.lstrip()
    return (len(row) - len(text)) * 0.5 + _width(text) >= edge * _SHORT_OF_EDGE


def _width(text: str) -> float:
    """About how wide a line of text is printed, in ems of the page's sans-serif type: a
    converter counts a line's characters, not its width, and capitals are wider than the
    small letters and spaces it counts alike."""
    return sum(
        0.67 if c.isupper() else 0.55 if c.isdigit() else 0.28 if c in " .,;:'()-/" else 0.5
        for c in text
    )


# English words short enough to start many others, that a page may show once at a line's end.
_SHORT_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "is",
        "it",
        "its",
        "no",
        "not",
        "of",
        "on",
        "or",
        "per",
        "so",
        "the",
        "to",
        "up",
        "we",
    ]
)


def _cut_words(reader: Page, lines: list[str], edge: int) -> bool:
    """Whether a line reaching the page's right edge ends in a part of a word: a word that the
    page never shows whole but starts a longer word of the page ("may be de", "deemed"). A page
    wider than the paper cuts its lines there, where wrapping would have kept words whole."""
    words = {w for line in reader.lines for w in re.findall(r"[A-Za-z]+", line.text)}
    for text in lines:
        if len(text) < 0.9 * edge or not (last := re.search(r"([A-Za-z]+)$", text)):
            continue
        end = last[1]
        if end.lower() in _SHORT_WORDS:
            continue
        longer = any(w.startswith(end) and w != end for w in words)
        if longer and _only_at_ends(reader, end, edge):
            return True
    return False


def _only_at_ends(reader: Page, word: str, edge: int) -> bool:
    """Whether a word shows nowhere on the page but at the end of lines reaching its edge."""
    pattern = re.compile(rf"\b{re.escape(word)}\b")
    for line in reader.lines:
        text = plain(line.text)
        for match in pattern.finditer(text):
            if match.end() != len(text) or len(text) < 0.9 * edge:
                return False
    return True


def _join_wrapped(parts: list[str]) -> str | None:
    """Lines a page wrapped, joined: at a space, or after a hyphen before a digit ("10b5-" then
    "1"); a hyphen before anything else ("pre-" then "and") hides whether a space was there."""
    text = parts[0] if parts else ""
    for part in parts[1:]:
        if text.endswith("-"):
            if not part[:1].isdigit():
                return None
            text += part
        else:
            text += " " + part
    return text


def _boxes_apart(reader: Page) -> bool:
    """Whether a PDF's text boxes are written one after another (pdfminer's layout analysis):
    a table's first column title stands alone on its line, its words the box's. Lines reaching
    the page's edge are wrapped or cut there, as on a page written as its visual lines."""
    return any(re.fullmatch(r"1\.\s*Title of Security", plain(line.text)) for line in reader.lines)


def _may_run_on(reader: Page, index: int, lines: list[str]) -> bool:
    """Whether remarks on a page written as its visual lines may be cut or wrapped: a line as
    long as the longest of the page's footer reaches its right edge, where the page either
    wraps the text (a break the filer did not write) or cuts it. Then they are left out."""
    if not lines:
        return False
    edge = max((len(plain(line.text)) for line in reader.lines[index:]), default=0)
    if len(lines) > 1 or len(lines[0]) >= 0.75 * edge:
        reader.warn("remarks", "text reaching the page's right edge: wrapped or cut there; "
                    "left out")  # fmt: skip
        return True
    return False


def _remarks_end(reader: Page, index: int) -> int:
    """Where the remarks whose title is line ``index`` end: at the next of the footer's parts
    or signature lines, or the text's end."""
    ends = [i for p in _FOOTER_END[1:] if (i := reader.find(p, index + 1)) is not None]
    return min([*ends, *(s for s in _signature_lines(reader) if s > index), len(reader.lines)])


def read_remarks(reader: Page) -> str | None:
    index = reader.find(SECTIONS["remarks"])
    if index is None:
        return None
    end = _remarks_end(reader, index)
    label = reader.find(SECTIONS["signature"], index + 1)
    if label is not None and label == end and label - 1 > index:
        block = _block_above(reader, label)
        if block is False or (block is None and plain(reader.lines[label - 1].text)):
            # A signer's name (wrapped over lines, or not recognised) runs into the remarks:
            # where they end is unknown.
            reader.warn("remarks", "not told apart from the signer's name below them; left out")
            return None
    first = re.sub(rf"^.*?{SECTIONS['remarks']}\s*", "", reader.lines[index].text, flags=re.I)
    # Each line kept, with the further lines the renderer indents under it (joined below).
    parts = [[plain(first)]] if plain(first) else []
    blocks: list[list[str]] = [[lines[0] for lines in parts]]  # the lines between blank lines
    margin_after: int | None = None  # the last line at the margin before ``end``, found once
    for number, line in enumerate(reader.lines[index + 1 : end], index + 1):
        text = plain(line.text)
        if _is_signed_date(line.text):
            if margin_after is None:
                margin_after = _last_at_margin(reader, index + 1, end)
            if margin_after <= number:
                # A signature's date, standing apart above the signer's name (WeasyPrint's PDF
                # read with the page's columns), nothing at the margin after it: remarks end.
                break
        if not text:
            blocks.append([])
        if parts and line.text.startswith(INDENT):
            parts[-1].append(text)  # the renderer's further lines of the remarks
        elif text and not BOILERPLATE.match(text):
            parts.append([text])
            blocks[-1].append(text)
    kept = ["\n".join(lines) for lines in parts]
    blocks = [block for block in blocks if block]
    if (reader.visual or _boxes_apart(reader)) and _may_run_on(
        reader, index, [line for lines in parts for line in lines]
    ):
        return None
    if len(blocks) > 1 and label == end and _block_above(reader, label) is None:
        # Paragraphs apart, and no signed line above the signature: the last one may be the
        # signer's name.
        reader.warn("remarks", "not told apart from the signer's name below them; left out")
        return None
    if any(is_header_word(line) or _is_debris(line) for line in kept) or (
        len(blocks) > 1 and any(_is_cell_like(" ".join(block)) for block in blocks)
    ):
        # A converter reading the page by columns put table headers or cells here.
        reader.warn("remarks", "mixed with the tables' text by the conversion; left out")
        return None
    if reader.paged and kept and _may_be_cut(reader, index, end):
        reader.warn("remarks", "a line reaches the page's right edge, which may cut it; left out")
        return None
    return "\n".join(kept) or None


def _may_be_cut(reader: Page, index: int, end: int) -> bool:
    """Whether the remarks (lines ``index`` to ``end``) of a printed page show a line about as
    wide as the page, where a page narrower than their table cuts them (see ``_centred_notes``):
    as wide as the widest of the form's notes printed across the page after them in the same
    type ("Potential persons who are to respond ..."), or, without them, any line at all."""
    own = [_width(t) for line in reader.lines[index + 1 : end] if (t := line.text.strip())]
    notes = [
        _width(t)
        for line in reader.lines[end:]
        if (t := line.text.strip()) and BOILERPLATE.match(t) and not _STARRED.match(t)
    ]
    if not notes:
        return bool(own)
    return bool(own) and max(own) >= max(notes) * _EDGE_SHARE


def _last_at_margin(reader: Page, start: int, end: int) -> int:
    """The last line from ``start`` to before ``end`` that shows text at the page's margin (not
    right of it); ``start - 1`` when none does."""
    for index in range(end - 1, start - 1, -1):
        if not _right_of_margin(reader.lines[index].text):
            return index
    return start - 1


def _is_signed_date(text: str) -> bool:
    """A date alone on its line far right of the margin, where a signature's date stands."""
    row = chunks(text)
    return len(row) == 1 and _right_of_margin(text) and parse_date(row[0].text)[0] is not None


def _right_of_margin(text: str) -> bool:
    """Whether a line is blank or starts far right of the margin (a signature block's line)."""
    row = chunks(text)
    return not row or row[0].x >= _MARGIN


def _signature_lines(reader: Page) -> list[int]:
    """Where each signed block above a signature label starts (its label when unsure)."""
    found = []
    for index in reader.find_all(SECTIONS["signature"]):
        block = _block_above(reader, index)
        if block is not None:
            found.append(index if block is False else block[0])
    return found


def _block_above(reader: Page, index: int) -> tuple[int, str] | Literal[False] | None:
    """The signed line above a signature label: (its index, name TAB date); None when the label
    has none above it; False when the name cannot be told apart from the lines above it."""
    aligned = _aligned_block(reader, index)
    if aligned is not None:
        return aligned
    above = _line_above(reader, index)
    if above is None or not _signed(reader.lines[above].text):
        return _run_above(reader, index)
    date_line = plain(reader.lines[above].text)
    if parse_date(date_line)[0] is None:
        signed = _grid_cells(reader.lines[above].text)
        parts = chunks(signed)
        if len(parts) == 2 and re.search(r"\d", parts[1].text):
            # The name's cell and the date's, set apart by spaces (a converter keeping the
            # page's columns): the second cell is the date, read or left out as it shows.
            return above, f"{parts[0].text}\t{parts[1].text}"
        if not _SIGNED.match(plain(signed)) and "\t" not in signed.strip(" "):
            # Signed but undated: the name may have wrapped from the lines above.
            return _run_above(reader, index) or False
        return above, reader.lines[above].text
    # A date alone on its line (one cell per line): the name is the line above it, unless that
    # line may be the end of a name wrapped over several lines.
    name_at = above - 1
    name = plain(reader.lines[name_at].text) if name_at >= 0 else ""
    before = plain(reader.lines[name_at - 1].text) if name_at > 0 else ""
    ends_block = (
        not before
        or before.lower() == "date"
        or re.match(rf"^(?:{SECTIONS['remarks']}|{SECTIONS['explanation']})\s*$", before, re.I)
    )
    if not name or BOILERPLATE.match(name) or not ends_block:
        return False
    return name_at, f"{name}\t{date_line}"


def _run_above(reader: Page, index: int) -> tuple[int, str] | None:
    """A signer's name alone right above its label, wrapped over a few lines, its date shown
    elsewhere (pdfminer's text boxes): the lines from the blank line above them to the label,
    or to the one blank line that may set them apart from it."""
    sections = rf"^(?:{SECTIONS['remarks']}|{SECTIONS['explanation']}|{SECTIONS['signature']})"
    bottom = index
    if bottom > 0 and not plain(reader.lines[bottom - 1].text):
        bottom -= 1
    start = bottom
    # Five lines are enough to tell: more than four are no name.
    while start > 0 and bottom - start < 5 and plain(reader.lines[start - 1].text):
        start -= 1
    lines = [plain(line.text) for line in reader.lines[start:bottom]]
    if start == 0 or not lines or len(lines) > 4:
        return None
    if bottom < index:
        # Set apart from the label, the lines are the name only when nothing but a section's
        # title stands above them (else they may be a name's last line, its first above).
        above = _line_above(reader, start)
        if above is not None and not re.match(sections, plain(reader.lines[above].text), re.I):
            return None
    for text in lines:
        if BOILERPLATE.match(text) or _FOOTNOTE.match(text) or re.match(sections, text, re.I):
            return None
        if parse_date(text)[0] is not None or "\t" in text:
            return None
    return start, " ".join(lines) + "\t"


def _aligned_block(reader: Page, index: int) -> tuple[int, str] | Literal[False] | None:
    """The signed block above its label in a text that keeps the page's columns (None in other
    texts): lines right of the margin, with nothing between them and the label; the signer's name
    may wrap over several of them, each part starting at the same column, and its date stands
    right of it on one of them."""
    label = reader.lines[index].text
    if len(label) - len(label.lstrip(" ")) < _MARGIN or "\t" in label:
        return None
    block: list[tuple[int, list[Chunk]]] = []
    for above in range(index - 1, -1, -1):
        text = reader.lines[above].text
        row = chunks(text)
        if not row:
            continue  # some converters leave blank lines between a cell's lines
        if row[0].x < _MARGIN or re.match(SECTIONS["signature"], plain(text), re.I):
            break
        block.append((above, row))
    if not block:
        return None
    block.reverse()  # top to bottom
    x = block[0][1][0].x
    names: list[str] = []
    dates: list[str] = []
    for _, row in block:
        for chunk in row:
            if abs(chunk.x - x) <= 1:
                names.append(chunk.text)
            elif chunk.x > x and parse_date(chunk.text)[0] is not None:
                dates.append(chunk.text)
            else:
                return False  # text beside the name that is not its date
    if len(dates) > 1 or not names or BOILERPLATE.match(names[0]):
        return False
    return block[0][0], f"{' '.join(names)}\t{''.join(dates)}"


_MARGIN = 8  # a signature block stands this many characters or more right of the page's margin


def _line_above(reader: Page, index: int) -> int | None:
    """The nearest non-blank line above a line, looking past at most two blank ones."""
    for above in range(index - 1, max(-1, index - 4), -1):
        if reader.lines[above].text.strip(" |"):
            return above
    return None


# The month's name is tried only where a word starts: a match with the name starting inside a
# word has an earlier one taking the whole word, which the lazy name before it finds first; and
# a try at each letter of a long word would scan the rest of the word.
_SIGNED = re.compile(
    r"^(.*?)\s*(\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}"
    r"|(?<![A-Za-z])[A-Za-z]+\.? \d{1,2},\s*\d{4})$"
)


def _grid_cells(text: str) -> str:
    """A row of a converter's grid (``| name | date |``) as tab-separated cells."""
    return "\t".join(c.strip() for c in text.split("|") if c.strip()) if "|" in text else text


def _signed(text: str) -> bool:
    text = _grid_cells(text)
    shown = plain(text)
    if not shown or BOILERPLATE.match(shown) or _FOOTNOTE.match(shown):
        return False
    if re.match(rf"^(?:{SECTIONS['explanation']}|{SECTIONS['remarks']})", shown, re.I):
        return False
    return "\t" in text or "/s/" in shown or _SIGNED.match(shown) is not None


def read_signatures(reader: Page) -> tuple[Signature, ...]:
    labels = reader.find_all(SECTIONS["signature"])
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
            if len(labels) == 1 and found and found[-1].date is None:
                found[-1] = Signature(name=found[-1].name, date=_date_below(reader, index))
        elif not _opens_block(reader, index):
            # Text above the label that is not a signed line: the name may be in it.
            reader.warn(place, "the signer's name is not told apart from the lines above it; "
                        "no signature is read")  # fmt: skip
            return ()
        else:
            # Typed forms put the name below the label, then DATE and the date.
            below = []
            for line in reader.lines[index + 1 : index + 6]:
                text = plain(line.text)
                if (BOILERPLATE.match(text) and text.lower() != "date") or re.match(
                    SECTIONS["signature"], text, re.I
                ):
                    break
                if text and text.lower() != "date":
                    below.append(text)
            found = _signature(reader, below, place)
        if not found:
            reader.warn(place, "signature label without a signed name")
        signatures.extend(found)
    return tuple(signatures)


def _opens_block(reader: Page, index: int) -> bool:
    """Whether nothing but a section's title stands right above a signature label (the typed
    forms print the signer's name below it)."""
    above = _line_above(reader, index)
    if above is None:
        return True
    text = plain(reader.lines[above].text)
    sections = rf"(?:{SECTIONS['explanation']}|{SECTIONS['remarks']})\s*"
    return re.fullmatch(sections, text, re.I) is not None


def _date_below(reader: Page, index: int) -> date | None:
    """The date of the one signature of a page when a converter puts it below the label: the
    next line that shows anything is the date, and the one after it reads "Date"."""
    shown = [plain(line.text) for line in reader.lines[index + 1 : index + 8] if plain(line.text)]
    if len(shown) >= 2 and shown[1].lower() == "date":
        return parse_date(shown[0])[0]
    return None


def _signature(reader: Page, lines: list[str], place: str) -> list[Signature]:
    found: list[Signature] = []
    for line in lines:
        cells = [c.strip() for c in line.split("|") if c.strip()]
        if len(cells) > 1 or line.strip().startswith("|"):
            line = "\t".join(cells)  # a converter's grid: name cell, date cell
        if "\t" in line.strip(" "):
            name, _, raw = (plain(c) for c in line.strip(" ").rpartition("\t"))
        else:
            match = _SIGNED.match(plain(line))
            name, raw = (match[1], match[2]) if match else (plain(line), "")
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
