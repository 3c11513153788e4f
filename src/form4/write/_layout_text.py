"""Text and markdown layouts of the printed form (see ``form4.write.render``).

Text: blocks separated by one blank line; a box is its label line then its value lines; a
checkbox is ``[X] label`` or ``[ ] label``; a table is its title line(s), a tab-separated header
line of the numbered column titles, a tab-separated sub-header line when the table has
sub-columns, then one line per row of exactly as many tab-separated cells as the form has (empty
cells empty). Footnotes read ``(n) text``; a footnote or the remarks spanning several lines has
its further lines indented by four spaces. Markdown: the same blocks, labels in ``**bold**``,
lines ending in two spaces, tables as pipe tables (header row of one cell per physical column,
the sub-header as first body row), and ``\\`*_[]<>|$&#~`` in any text escaped with a backslash.
In both, text inside a table cell's value that would read as a footnote mark (``(1)``, ``[1]``,
``<sup>``) has its opening bracket escaped with a backslash (``form4.printed.MARK_RUN``).
"""

from __future__ import annotations

import re

from form4.model import Filing, ReportingOwner
from form4.printed import (
    BOXES,
    LABELS,
    MARK_RUN,
    OMB,
    OWNER_COLUMNS,
    TABLE_II_SUBTITLE,
    TABLE_TITLES,
    TITLES,
    Cell,
    Column,
    cell_keys,
    cell_text,
    footnote_mark,
    format_date,
    header_checkboxes,
    owner_cells,
    table_cells,
)

__all__ = ["render_lines"]

INDENT = "    "
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|$&#~])")
_LIST_START = re.compile(r"^(\s*)(\d+)([.)])")
_ONE_LINE = re.compile(r"[\t\r\n]+")
_MARK_LIKE = re.compile(MARK_RUN)
_MD_MARK_LIKE = re.compile(rf"(?={MARK_RUN})\(")  # markdown escapes [ and < already


def _escape_mark(match: re.Match[str]) -> str:
    return "\\" + match.group(0)


class _Doc:
    """Blocks of lines, rendered as text or as markdown."""

    def __init__(self, markdown: bool) -> None:
        self.md = markdown
        self.blocks: list[str] = []

    def esc(self, text: str) -> str:
        if not self.md:
            return text
        return _MD_SPECIAL.sub(r"\\\1", text)

    def para(self, text: str) -> str:
        """A line of its own: also keep a leading ``1.`` from starting a markdown list."""
        return _LIST_START.sub(r"\1\2\\\3", self.esc(text)) if self.md else text

    def line(self, text: str) -> str:
        """One filer or label string on one line (tabs and line breaks become spaces)."""
        return self.esc(_ONE_LINE.sub(" ", text))

    def cell(self, cell: Cell) -> str:
        """A table cell on one line, its footnote marks after it; text in the value that reads
        as a mark gets its opening bracket escaped (``MARK_RUN``), so it reads back as text."""
        value = self.line(cell.value)
        value = (_MD_MARK_LIKE if self.md else _MARK_LIKE).sub(_escape_mark, value)
        return cell_text(Cell(value, self.esc(cell.prefix), cell.marks))

    def bold(self, text: str) -> str:
        return f"**{self.esc(text)}**" if self.md else text

    def check(self, checked: bool | None, label: str) -> str:
        return f"[{'X' if checked else ' '}] {self.esc(label)}"

    def block(self, *lines: str) -> None:
        self.blocks.append(("  \n" if self.md else "\n").join(lines))

    def long_text(self, first: str, text: str) -> list[str]:
        """Text of several lines: the first after ``first``, the others indented."""
        head, *rest = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        start = f"{first} {head}" if first else head
        out = [self.para(start)]
        out.extend(self.para(INDENT + part) for part in rest)
        return out

    def table(self, titles: list[str], columns: tuple[Column, ...], rows: list[list[str]]) -> None:
        width = len(cell_keys(columns))
        lines = [self.bold(t) for t in titles]
        has_sub = any(c.sub for c in columns)
        sub: list[str] = []
        for column in columns:
            sub.extend(column.sub or [""] * len(column.cells))
        if not self.md:
            lines.append("\t".join(c.header for c in columns))
            if has_sub:
                last = max(i for i, s in enumerate(sub) if s)
                lines.append("\t".join(sub[: last + 1]))
            lines.extend("\t".join(row) for row in rows)
            self.block(*lines)
            return
        self.block(*lines)
        header: list[str] = []
        for column in columns:
            header.extend([column.header] + [""] * (len(column.cells) - 1))
        heads = [[self.line(c) for c in header], ["---"] * width]
        if has_sub:
            heads.append([self.line(c) for c in sub])
        self.blocks.append("\n".join("| " + " | ".join(row) + " |" for row in [*heads, *rows]))

    def text(self) -> str:
        return "\n\n".join(self.blocks) + "\n"


def _header(doc: _Doc, filing: Filing, form: str) -> None:
    doc.block(doc.line(f"SEC Form {filing.document_type}"))
    doc.block(
        doc.bold(f"FORM {_ONE_LINE.sub(' ', filing.document_type)}"),
        *(doc.check(checked, label) for checked, label in header_checkboxes(filing)),
    )
    doc.block(doc.bold(LABELS["sec"]), doc.esc(LABELS["washington"]))
    doc.block(doc.bold(TITLES[form]))
    doc.block(doc.esc(LABELS["pursuant"]), doc.esc(LABELS["pursuant2"]))
    number, hours = OMB[form]
    doc.block(
        doc.esc(LABELS["omb_approval"]),
        doc.esc(f"{LABELS['omb_number']} {number}"),
        doc.esc(LABELS["burden"]),
        doc.esc(f"{LABELS['hours']} {hours}"),
    )


def _boxes(doc: _Doc, filing: Filing, form: str) -> None:
    b = BOXES[form]
    owner = filing.owners[0] if filing.owners else ReportingOwner(cik=None)
    a = owner.address
    issuer = filing.issuer
    cik = LABELS["cik"]

    def val(value: object) -> str:
        if value is None:
            return ""
        if hasattr(value, "strftime"):
            return format_date(value)  # type: ignore[arg-type]
        return doc.para(_ONE_LINE.sub(" ", str(value)))

    street = [val(getattr(a, "street1", None))]
    if getattr(a, "street2", None) is not None:
        street.append(val(a.street2 if a else None))
    place = "\t".join(val(getattr(a, f, None)) for f in ("city", "state", "zip_code"))
    boxes = {
        "owner": [
            doc.bold(b["owner"] + " *"),
            val(owner.name),
            *([doc.line(f"{cik} {owner.cik}")] if owner.cik else []),
            doc.esc(LABELS["last_first_middle"]),
            *street,
            doc.esc(LABELS["street"]),
            place,
            doc.esc(LABELS["city_state_zip"]),
        ],
        "issuer": [
            doc.bold(b["issuer"]),
            f"{val(issuer.name)} [ {val(issuer.trading_symbol)} ]",
            *([doc.line(f"{cik} {issuer.cik}")] if issuer.cik else []),
        ],
        "period": [doc.bold(b["period"]), val(filing.period_of_report)],
        "amendment": [doc.bold(b["amendment"]), val(filing.date_of_original_submission)],
        "relationship": [
            doc.bold(b["relationship"]),
            doc.esc(LABELS["check_all"]),
            doc.check(owner.is_director, LABELS["director"])
            + "\t"
            + doc.check(owner.is_ten_percent_owner, LABELS["ten_percent"]),
            doc.check(owner.is_officer, LABELS["officer"])
            + "\t"
            + doc.check(owner.is_other, LABELS["other"]),
        ],
        "filing": [
            doc.bold(b["filing"]),
            doc.check(len(filing.owners) < 2, LABELS["one_person"]),
            doc.check(len(filing.owners) > 1, LABELS["more_persons"]),
        ],
    }
    if owner.officer_title or owner.other_text:
        boxes["relationship"].append(f"{val(owner.officer_title)}\t{val(owner.other_text)}")
    for key in b:
        lines = boxes[key]
        while len(lines) > 1 and lines[-1] == "":
            lines.pop()
        doc.block(*lines)


def _tables(doc: _Doc, filing: Filing, form: str) -> None:
    for table in (1, 2):
        columns, rows = table_cells(filing, table)
        titles = [TABLE_TITLES[form][table - 1]] + ([TABLE_II_SUBTITLE] if table == 2 else [])
        doc.table(titles, columns, [[doc.cell(c) for c in row] for row in rows])
    if len(filing.owners) > 1:
        owners = tuple(Column(name, (name,)) for name in OWNER_COLUMNS)
        doc.table([LABELS["owners"]], owners, [owner_cells(o) for o in filing.owners])


def _footer(doc: _Doc, filing: Filing) -> None:
    notes = [doc.bold(LABELS["explanation"])]
    for fid, text in filing.footnotes.items():
        notes.extend(doc.long_text(f"({footnote_mark(fid)})", text))
    doc.block(*notes)
    doc.block(
        doc.bold(LABELS["remarks"]),
        *(doc.long_text("", filing.remarks) if filing.remarks else []),
    )
    for signature in filing.signatures:
        when = format_date(signature.date) if signature.date else ""
        doc.block(
            f"{doc.line(signature.name)}\t{when}",
            f"{doc.esc(LABELS['signature'])}\t{doc.esc(LABELS['date'])}",
        )
    keys = ("reminder", "note_star", "note_stars", "note_copies", "note_omb")
    doc.block(*(doc.esc(LABELS[key]) for key in keys))


def render_lines(filing: Filing, *, markdown: bool) -> str:
    """The filing as text (``markdown=False``) or markdown laid out like the printed form."""
    form = filing.form if filing.form in TITLES else "4"
    doc = _Doc(markdown)
    _header(doc, filing, form)
    _boxes(doc, filing, form)
    _tables(doc, filing, form)
    _footer(doc, filing)
    return doc.text()
