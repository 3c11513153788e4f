"""A text rendering as lines, and the printed labels of the form that find its parts: box labels,
checkbox texts, section titles and the form's boilerplate (never values)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import pairwise

from form4.errors import ReadWarning
from form4.printed import BOXES, CHECKBOXES, LABELS, MARK_RUN
from form4.read._print_margins import ADDRESS, PAGE_OF, PRINTED_AT
from form4.read._text_cells import PIPE
from form4.read._text_grid import is_layout, read_grid

__all__ = [
    "BOILERPLATE",
    "BOX_LABELS",
    "BOX_MARK",
    "CHECKBOX_LABELS",
    "HINTS",
    "INDENT",
    "MARKED",
    "OWNERS_TITLE",
    "RELATIONS",
    "SECTIONS",
    "UNMARKED",
    "Line",
    "Page",
    "checkbox_place",
    "is_label_fragment",
    "label_pattern",
]

# -- facts: the labels of the printed form ---------------------------------------------------------
# Box labels, checkbox texts and section titles are the printed form's (form4.printed, from the
# SEC's renderings of the printed forms), matched case-insensitively at the start of a line after
# an optional box number; a few older wordings are added where noted.


def label_pattern(text: str) -> str:
    """A printed label as a pattern: without its box number, ``(Month/Day/Year)`` or final dot."""
    text = re.sub(r"^\d+[A-Z]?\.\s*", "", text)
    text = re.sub(r"\s*\((?:Month/Day/Year|Check Applicable Line)\)$", "", text).rstrip(".")
    return r"\s+".join(re.escape(word) for word in text.split())


def _any(*labels: str) -> str:
    return "|".join(dict.fromkeys(labels))


BOX_LABELS: dict[str, str] = {
    key: _any(*(label_pattern(boxes[key]) for boxes in BOXES.values()))
    for key in ("owner", "issuer", "period", "amendment", "relationship")
}
BOX_LABELS["owner"] += r"|Name and Address of Reporting Person"
BOX_LABELS["amendment"] += r"|If Amendment, Date"  # "Date of Original (Month/Year)" before 2003
BOX_LABELS["period"] += r"|Statement for Month/Year"  # the typed pre-2003 Form 4
BOX_LABELS["joint"] = _any(*(label_pattern(boxes["filing"]) for boxes in BOXES.values()))
BOX_LABELS["joint"] += r"|Individual or Joint/Group Reporting"  # the SEC's page of Form 5
BOX_LABELS["irs"] = r"I\.?R\.?S\.? (?:or Social Security )?(?:Identification )?Number"  # pre-2003
SECTIONS: dict[str, str] = {
    # The dash after the table's number is "-" on the SEC's page, "--" on typed forms.
    "table1": r"Table I\s*[-\u2013\u2014]+\s*Non-Derivative",
    "table2": r"Table II\s*[-\u2013\u2014]+\s*Derivative",
    "owners": rf"{label_pattern(LABELS['owners'])}[\s|*]*$",
    "explanation": label_pattern(LABELS["explanation"].rstrip(":")) + ":?",
    "remarks": label_pattern(LABELS["remarks"].rstrip(":")) + r"\s*:",
    "signature": r"\**\s*Signature of Reporting Person",
}
#: A checkbox's label by the field it sets: its first words (printed.CHECKBOXES), as a pattern.
CHECKBOX_LABELS = {field: label_pattern(box.cue) for field, box in CHECKBOXES.items()}


def checkbox_place(field: str) -> str:
    """How a warning names the checkbox that sets ``field``."""
    return f"{field.replace('_', ' ')} checkbox"


#: The title of the names' column of the SEC's list of reporting owners (its page only).
OWNERS_TITLE = r"Reporting Owner Name\s*/\s*Address"
RELATIONS = (
    ("is_director", label_pattern(LABELS["director"])),
    ("is_ten_percent_owner", label_pattern(LABELS["ten_percent"])),
    ("is_officer", r"Officer(?:\s*\(give title below\))?"),
    ("is_other", r"Other(?:\s*\(specify below\))?"),
)
# Printed instructions and notes of the form: never values, never footnotes.
BOILERPLATE = re.compile(
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
HINTS = re.compile(
    r"^\((?:Last|First|Middle|Street|City|State|Zip|Country|Check all applicable|Month/Day/Year|"
    r"Month/Year)\b.*\)$",
    re.I,
)
# A box as the pages print it: [X], (X), a box character; the SEC's reduced-content page
# (its X07/X09 stylesheets) writes a checked box as an X between underscores ("__X__ Director",
# "_X_ Form filed by One ...") and an empty one as underscores alone ("_____ 10% Owner").
MARKED = r"\[\s*[xX\u2713\u2714]\s*\]|\(\s*[xX]\s*\)|[\u2612\u2611\u25a0]|_+[xX]_+"
UNMARKED = r"\[\s*\]|\(\s*\)|[\u2610\u25a1]|_{3,}(?![_xX])"
BOX_MARK = re.compile(rf"({MARKED})|({UNMARKED})")

_PAGE_HEADER = re.compile(r"^#*\s*Edgar Filing:.*$", re.I)
_HEADING = re.compile(r"^#{1,6}\s+")
# Markdown's backslash escapes, undone; an escaped bracket that opens a footnote mark stays
# escaped for the cell reader, which takes it as the value's own text (render.MARK_RUN).
_ESCAPE = re.compile(rf"\\(?!{MARK_RUN})([\\`*_{{}}\[\]()#+\-.!$<>~&])")
_SGML = re.compile(r"^\s*</?(?:TABLE|CAPTION|S|C|FN|PAGE)>.*$", re.I)
_SGML_BODY = re.compile(r"^\s*<S>", re.I)
# Each run taken whole (what follows a run of spaces is never a space): a run given back one
# character at a time costs a scan of the rest of the run for each.
_MD_SEPARATOR = re.compile(r"^\s*+\|?\s*+:?-{3,}+:?\s*+(?:\|\s*+:?-{3,}+:?\s*+)*+\|?\s*+$")
_MD_RULE = re.compile(r"^\s*(?:\*\s*){3,}$")
_RULES = re.compile(r"(?:^|\s)-{3,}(?=\s|$)")  # rules a converter writes for <hr> in a cell
# A "[" and the text up to the next "]", then the link's (url) if one follows; without it, the
# text is left as it is (see ``_link_text``). Taking the text whole, never a later "[" of it,
# finds the links a search for "[text](url)" finds: each "[" before that "]" would end there too.
# A link within the page ("[(1)](#F1)", the footnote marks' links to their footnotes) is its text.
_MD_LINK = re.compile(r"\[([^\]]*+)(?:\]\((https?://[^)\s]*|#[^)\s]*)\))?")
_MD_EMPHASIS = re.compile(r"(?<![\w\\])_([^_\n]+?)_(?!\w)")
INDENT = "    "  # further lines of a footnote or the remarks, as the renderer writes them


# A numbered box label as a converter keeping the page's columns shows it, beside other boxes.
# Its first words are enough: a narrow box wraps the rest ("2. Date of Event Requiring").
_GRID_LABEL = re.compile(
    rf"\d\.\s*(?:{'|'.join(BOX_LABELS.values())}|"
    + "|".join(
        dict.fromkeys(
            label_pattern(" ".join(text.split()[1:3]))
            for b in BOXES.values()
            for text in b.values()
        )
    )
    + ")",
    re.I,
)
# A numbered box label run into the text before it by a converter that joins a line's cells
# ("EVP & CFO3. Date of Earliest Transaction"): the label starts a line of its own.
_INNER_LABEL = re.compile(rf"(?<=\S)\s*(?=\d\.\s*(?:{'|'.join(BOX_LABELS.values())}))", re.I)
# The same in markdown that escapes the dot of a number opening a text ("3\. Date"): the escape
# says the label opened a text of its own (a cell), run into the line of the cell before it
# ("...SUITE 31003\. Date of Earliest Transaction", "FREMONT, CA 94538 4\. If Amendment").
_ESCAPED_LABEL = re.compile(rf"(?<=.)(?=\d\\\.\s*(?:{'|'.join(BOX_LABELS.values())}))", re.I)


# A table's first cell run into the text printed before the table ("(Print or Type
# Responses)1. Name and Address", "(e.g., puts, calls, ... securities)1. Title of Derivative
# Security"), as a converter that writes that text on the table's first line leaves it: the
# line's cells then stand the text's length right of the columns of the lines below. The line is
# cut in two there, the table's line starting at the margin again.
_GLUED_TABLE = re.compile(r"(?<=\))(?=1\.\s*(?:Name and Address|Title of))", re.I)
# The older looks of the page set Table I's title beside box 1's last line, the hints "(City)
# (State) (Zip)": a converter writing the page's lines as they stand runs the two into one
# line (pdfminer's "(City) (State) (Zip) Table I - Non-Derivative ..."). The title starts a line.
_TITLE_BESIDE_HINTS = re.compile(r"(?<=\(Zip\))[ \t]+(?=Table I\s*[-\u2013\u2014])", re.I)


def _opening(key: str) -> str:
    """A box's numbered label by its first words, as a narrow box wraps the rest."""
    return "|".join(
        dict.fromkeys(label_pattern(" ".join(b[key].split()[1:3])) for b in BOXES.values())
    )


# A numbered box label one space after the text before it ("2. Date of Event 3. Issuer Name"):
# in a text keeping the page's columns, two boxes whose text runs together. A second space
# sets the label apart as a cell of its own (the line's further text then stands one character
# right, within a column's slack).
_GLUED_LABEL = re.compile(rf"(?<=\S) (?=\d\.\s*(?:{'|'.join(BOX_LABELS.values())}))", re.I)


# Texts printed only in the relationship box and in the joint-filing box.
_GRID_HOMES = (
    (
        re.compile(r"\(Check all applicable\)|\(give title below\)|\(specify below\)", re.I),
        re.compile(rf"\d\.\s*(?:{_opening('relationship')})", re.I),
    ),
    (
        re.compile(r"Form filed by (?:One|More than One) Reporting Person", re.I),
        re.compile(rf"\d\.\s*(?:{_opening('filing')})", re.I),
    ),
)
_GRID_END = re.compile(rf"{SECTIONS['table1']}|{SECTIONS['table2']}", re.I)


# The numbered box labels in full, as a narrow box may wrap them over lines.
_FULL_LABELS = tuple(dict.fromkeys(" ".join(t.split()) for b in BOXES.values() for t in b.values()))


def is_label_fragment(text: str) -> bool:
    """Whether text is part of a box label, two words or more ("Statement (Month/Day/Year)"),
    as a converter moving a wrapped label's lines about leaves it."""
    text = " ".join(text.split())
    return len(text.split()) > 1 and any(text in label for label in _FULL_LABELS)


def _unwrap_labels(lines: list[Line]) -> list[Line]:
    """The lines with each box label wrapped over lines ("2. Date of Event Requiring" then
    "Statement (Month/Day/Year)") joined back on its first line."""
    out: list[Line] = []
    skip = 0
    for index, line in enumerate(lines):
        if skip:
            skip -= 1
            continue
        text = " ".join(line.text.split())
        heads = [f for f in _FULL_LABELS if f.startswith(text) and f != text] if text else []
        if len(text) > 10 and heads:
            joined = text
            for ahead, following in enumerate(lines[index + 1 : index + 5], 1):
                if not following.text.strip():
                    continue  # pdfminer sets a label's lines apart by blank lines
                joined = f"{joined} {' '.join(following.text.split())}"
                if any(f == joined.rstrip(" *") for f in heads):
                    out.append(Line(joined, line.number, line.body))
                    skip = ahead
                    break
                if not any(f.startswith(joined) for f in heads):
                    break
            if skip:
                continue
        out.append(line)
    return out


@dataclass
class Line:
    text: str  # markup removed; tabs and leading spaces kept
    number: int  # 1-based line of the source
    body: bool = False  # an SGML <S> line: the data rows of a typed table follow it
    flat: bool = False  # a row of a table the converter wrote into one cell of another's line
    glued: bool = False  # a box label the converter ran into the line before (``_ESCAPED_LABEL``)


# What ends a line of a rendering: line feeds, carriage returns and the page and vertical breaks
# converters emit. Not U+0085, U+2028 or U+2029 (``str.splitlines`` breaks there too): those are
# characters a filer's value may hold, and the renderer prints them inside the value.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\f\v\x1c-\x1e]")


_LINE_PARTS = re.compile(f"({_LINE_BREAK.pattern})")


def _split_lines(text: str) -> tuple[list[str], set[int]]:
    """A text's lines, and the (1-based) numbers of those that start a page after the first (a
    table's columns may stand elsewhere on the next page). A page break (form feed) after a line
    feed starts the next page's first line: no paragraph ends there, so no blank line is made."""
    pieces = _LINE_PARTS.split(text)
    raws = [pieces[0]]
    starts: set[int] = set()
    previous = ""
    for separator, raw in zip(pieces[1::2], pieces[2::2], strict=True):
        if separator == "\f":
            if previous.endswith("\n") and raws[-1] == "":
                raws.pop()
            starts.add(len(raws) + 1)
        raws.append(raw)
        previous = separator
    return raws, starts


# The running lines a browser prints on each page of a PDF: at its top the date and time ("12/2/26,
# 2:25 PM") before the page's title; at its foot the page's address and its number "N/M".
_RUNNING_HEAD = re.compile(rf"\s*{PRINTED_AT}\b", re.I)
_RUNNING_FOOT = re.compile(rf"\s*{ADDRESS}(?:\s+{PAGE_OF})?\s*$", re.I)
_PAGE_OF = re.compile(rf"\s{PAGE_OF}\s*$")


def _running_lines(raws: list[str], starts: set[int]) -> set[int]:
    """The (0-based) places of the lines a browser prints at the top and foot of every page of a
    PDF (date and time, title; address, page number), with the blank lines setting them apart
    from the page's text. A line counts only as the first or last that shows anything on its
    page, and only when its kind is sure: a head starting with a date and a time, a foot
    starting with an address or ending in the page's own number of the page count ("2/4"), or
    a line the same on every page of several (its digits aside), which no part of the form
    is (the form's heading opens its first page only)."""
    bounds = [0, *sorted(n - 1 for n in starts), len(raws)]
    pages = [
        shown
        for low, high in pairwise(bounds)
        if (shown := [i for i in range(low, high) if raws[i].strip()])
    ]
    if not pages:
        return set()

    def same(index: int) -> bool:
        texts = {re.sub(r"\d+", "0", " ".join(raws[page[index]].split())) for page in pages}
        return len(pages) > 1 and len(texts) == 1

    dropped: set[int] = set()
    heads = same(0) or all(_RUNNING_HEAD.match(raws[page[0]]) for page in pages)
    feet = same(-1) or all(
        _RUNNING_FOOT.match(raws[page[-1]])
        or ((m := _PAGE_OF.search(raws[page[-1]])) and m.groups() == (str(k), str(len(pages))))
        for k, page in enumerate(pages, 1)
    )
    for page in pages:
        first, last = page[0], page[-1]
        if heads and len(page) > 1:
            dropped.update(range(first, page[1]))
            first = page[1]
        if feet and last > first:
            dropped.update(range(page[page.index(last) - 1] + 1, last + 1))
    return dropped


class Page:
    """One rendering being read: its lines, its name and the warnings met."""

    def __init__(self, text: str, name: str) -> None:
        self.name = name
        self.warnings: list[ReadWarning] = []
        # Boxes printed side by side whose text runs from one into the next: a box read from its
        # label down may hold other boxes' text.
        self.tangled = False
        # The page's boxes read side by side, by the columns its text keeps.
        self.columns = False
        # The page written as its visual lines (the reader of the tables tells): boxes side by
        # side share a line, their values joined by spaces.
        self.visual = False
        # A line that is a pipe table's row, and a line that is its rule. The runs of spaces stay
        # on their line: a run running on over blank lines would be scanned again from each line.
        self.markdown = bool(
            re.search(r"^[^\S\n]*+\|.*\|[^\S\n]*$", text, re.M)
            and re.search(r"^[^\S\n]*+\|?[^\S\n]*+:?-{3,}", text, re.M)
        ) or bool(re.search(r"\\\$|\*\*[^*\s][^*\n]*\*\*|^#{1,6} ", text, re.M))
        # A text of printed pages (a PDF's, page breaks as form feeds): its lines are cut where
        # the page ends.
        self.paged = "\f" in text
        raws, self.page_starts = _split_lines(text)
        running = _running_lines(raws, self.page_starts) if self.paged else set()
        if running:
            self.warn("pages", "the lines a browser prints at the top and foot of each page "
                      "left out")  # fmt: skip
            # Each page starts at its first line kept.
            self.page_starts = {
                next((k + 1 for k in range(n - 1, len(raws)) if k not in running), n)
                for n in self.page_starts
            }
        self.lines = [
            Line(
                self._clean(piece),
                n,
                _SGML_BODY.match(raw) is not None,
                len(rows) > 1,
                k > 0 and j == 0,
            )
            for n, raw in enumerate(raws, 1)
            if n - 1 not in running
            for rows in [_flat_rows(raw) if self.markdown else [raw]]
            for row in rows
            for k, part in enumerate(_label_parts(row) if self.markdown else [row])
            for j, piece in enumerate(_TITLE_BESIDE_HINTS.split(part))
        ]
        # A converter that writes a table nested in a cell into its cell's line also writes the
        # page's line breaks within a cell as spaces: lines a cell holds are not told apart.
        self.flattened = any(line.flat for line in self.lines)
        # The lines as the converter wrote them, before any is cut into its cells.
        self.written = self.lines
        if self.markdown:
            self.lines = self._split_boxes(self.lines)
        else:
            self.lines = [
                Line(part, line.number, line.body)
                for line in self.lines
                for part in _GLUED_TABLE.split(line.text)
            ]
            texts = [line.text for line in self.lines]
            if is_layout(texts, _GRID_LABEL):
                # In a text keeping the page's columns, a label one space after the text before
                # it is a box of its own (in a text that keeps none, the line is one box's).
                texts = [_GLUED_LABEL.sub("  ", text) for text in texts]
                grid = read_grid(texts, _GRID_LABEL, _GRID_END, _GRID_HOMES)
                if grid is None:
                    self.tangled = True
                    self.warn("boxes", "boxes side by side whose text is not told apart")
                else:
                    self.lines = [
                        Line(text, self.lines[i].number, self.lines[i].body) for i, text in grid
                    ]
                    self.columns = True
            else:
                self.lines = [
                    Line(part, line.number, line.body)
                    for line in self.lines
                    for part in _INNER_LABEL.split(line.text)
                ]
            self.lines = _unwrap_labels(self.lines)
        # Older pages and typed forms print "City, ST Zip" on one line: the comma is the form's.
        self.city_comma = (
            self.find(r"\(Print or Type Responses\)|Statement for Month/Year") is not None
        )
        self.refs: dict[str, str] = {}

    def _split_boxes(self, lines: list[Line]) -> list[Line]:
        """Above the tables, a markdown line whose cells hold box labels or checkbox marks (how
        converters lay out the page's grid) becomes one line per cell, without the rules (---)
        that nested tables and lines leave; after the tables, a row of one filled cell becomes
        that cell."""
        out: list[Line] = []
        table = re.compile(rf"^[\s|*]*(?:{SECTIONS['table1']}|{SECTIONS['table2']})", re.I)
        footer = re.compile(rf"^[\s|*]*(?:{SECTIONS['explanation']})", re.I)
        first = next((i for i, line in enumerate(lines) if table.match(line.text)), len(lines))
        if first < len(lines) and lines[first].flat:
            # The title of Table I in a row of the boxes' grid: the grid's rows after it on
            # that line ("(Country)") are the boxes' too.
            while first + 1 < len(lines) and lines[first + 1].number == lines[first].number:
                first += 1
            first += 1
        for line in lines[:first]:
            cells = [_RULES.sub("", c).strip() for c in line.text.split("|")]
            filled = [c for c in cells if c]
            if line.flat and len(filled) <= 1:
                # A nested table's row of one cell (a box's value) or of none.
                out.append(Line("".join(filled), line.number, line.body, True))
            elif len(cells) > 1 and any(
                _BOX_CELL.match(c) or (line.flat and (HINTS.match(c) or BOX_MARK.match(c)))
                for c in cells
            ):
                # A nested table's row of marked checkboxes or of hints is one cell a line too.
                out.extend(Line(c, line.number, line.body, line.flat) for c in filled)
            else:
                out.append(line)
        after = next((i for i in range(first, len(lines)) if footer.match(lines[i].text)), None)
        out.extend(lines[first:after])
        for line in lines[len(lines) if after is None else after :]:
            cells = [c.strip() for c in line.text.split("|")]
            filled = [c for c in cells if c]
            if len(cells) > 1 and len(filled) <= 1:
                line = Line("".join(filled), line.number, line.body)
            out.append(line)
        return out

    def _clean(self, raw: str) -> str:
        # Trailing spaces go (markdown's line breaks); trailing tabs stay: they are empty cells.
        line = raw.rstrip(" \r").replace("\\|", PIPE)
        if _PAGE_HEADER.match(line) or _SGML.match(line):
            return ""
        if self.markdown and (_MD_SEPARATOR.match(line) or _MD_RULE.match(line)):
            return ""
        line = _HEADING.sub("", line).replace("**", "")
        if self.markdown:
            line = _MD_LINK.sub(_link_text, line)
            line = _MD_EMPHASIS.sub(r"\1", line)
        return _ESCAPE.sub(r"\1", line) if self.markdown else line

    def warn(self, place: str, message: str) -> None:
        self.warnings.append(ReadWarning(place, message))

    def find(self, pattern: str, start: int = 0, end: int | None = None) -> int | None:
        # The runs before the label are taken whole: a run given back one character at a time
        # costs, for each, a scan of the spaces after it by a label opening with ``\**\s*``.
        # Whole runs find the same lines: no label opens with a space or a "|", and a label's
        # optional stars and spaces are ones a run takes anyway. A label that needs a star of
        # its own ("\*\s*If the form") gets the first run's end back (each "*" then scans only
        # the spaces after it).
        run = "*" if _OPENS_WITH_STAR.match(pattern) else "*+"
        regex = re.compile(
            rf"^[\s|*\-]{run}(?:(?:{MARKED}|{UNMARKED}|X(?=[\s|]))[\s|]*+)?(?:\d+[A-Z]?\.\s*+)?"
            rf"(?:{pattern})",
            re.I,
        )
        # Only the lines that show anything: no label is blank, and a page may be mostly blank.
        shown = self._shown()
        stop = len(self.lines) if end is None else end
        for at in range(bisect_left(shown, start), bisect_left(shown, stop)):
            if regex.match(self.lines[shown[at]].text):
                return shown[at]
        return None

    def _shown(self) -> list[int]:
        """The indexes of the lines that are not blank, in order (found once for ``lines``)."""
        cached: tuple[list[Line], list[int]] | None = self.__dict__.get("_shown_lines")
        if cached is None or cached[0] is not self.lines:
            shown = [index for index, line in enumerate(self.lines) if line.text.strip()]
            cached = self._shown_lines = (self.lines, shown)
        return cached[1]

    def find_all(self, pattern: str) -> list[int]:
        found = []
        index = self.find(pattern)
        while index is not None:
            found.append(index)
            index = self.find(pattern, index + 1)
        return found

    def tables_start(self) -> int | None:
        """The first line of the page's tables, where its boxes end: Table I's heading, else
        Table II's, else the first table's column titles (a converter may run a heading into
        the line before it, the hints of box 1 there); None where the page shows none."""
        found = [
            index
            for pattern in (SECTIONS["table1"], SECTIONS["table2"], _FIRST_COLUMN)
            if (index := self.find(pattern)) is not None
        ]
        return min(found, default=None)


# The first column's title of either table: "1.Title of Security", "1. Title of Derivative
# Security".
_FIRST_COLUMN = r"Title\s+of\s+(?:Derivative\s+)?Security"

# A label pattern that opens with a star the line must show: ``\*``, not ``\**`` or ``\*?``.
_OPENS_WITH_STAR = re.compile(r"\\\*(?![*?{])")


# A pipe table nested in a cell of another, written into that cell's line: its rows one after
# another ("| a | b | | --- | --- | | c | d |"), each row's closing pipe a space from the next
# row's opening one. An empty cell is two spaces between pipes ("|  |"), so a single space
# between pipes is where a row ends (or a nested table starts its cell).
_INLINE_RULE = re.compile(r"\| :?-{3,}:? \|")
_ROW_END = re.compile(r"(?<=\|) (?=\|)")


def _flat_rows(raw: str) -> list[str]:
    """The rows of a line holding nested pipe tables (a rule row within the line); else the
    line itself."""
    if not _INLINE_RULE.search(raw) or _MD_SEPARATOR.match(raw):
        return [raw]
    return _ROW_END.split(raw)


def _label_parts(row: str) -> list[str]:
    """A markdown line with each escaped box label run into the text before it a part of its
    own (``_ESCAPED_LABEL``); a label after pipes and markup alone stays on its line."""
    parts = _ESCAPED_LABEL.split(row)
    if len(parts) > 1 and not parts[0].strip(" |*_"):
        parts[:2] = [parts[0] + parts[1]]
    # The pipe between the text and the label is the cell's edge, no part of the text.
    return [part.rstrip(" |") for part in parts[:-1]] + parts[-1:]


def _link_text(match: re.Match[str]) -> str:
    """A markdown link as its text; a link to EDGAR's company page shows the CIK, so keep it.
    A "[" not followed by a link is left as it is."""
    if match.group(2) is None:
        return match.group(0)
    if match.group(2).startswith("#"):
        return match.group(1)
    cik = re.search(r"[?&]CIK=(\d{1,10})", match.group(2), re.I)
    return f"{match.group(1)} (CIK {cik.group(1)})" if cik else match.group(1)


_BOX_CELL = re.compile(
    rf"^(?:X|\d+\.\s*(?:{'|'.join(BOX_LABELS.values())})|{'|'.join(p for _, p in RELATIONS)}|"
    rf"{'|'.join(CHECKBOX_LABELS.values())}|Form filed by|\(Check all applicable\))",
    re.I,
)
