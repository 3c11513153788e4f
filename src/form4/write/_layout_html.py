"""The HTML layout of the printed form (see ``form4.write.render``): one self-contained page
shaped like the SEC's rendering, every filer-supplied string escaped."""

from __future__ import annotations

import re
from datetime import date
from html import escape

from form4.model import Filing, ReportingOwner
from form4.printed import (
    BOXES,
    LABELS,
    OMB,
    OWNER_COLUMNS,
    TABLE_II_SUBTITLE,
    TABLE_TITLES,
    TITLES,
    Cell,
    cell_keys,
    footnote_mark,
    format_date,
    header_checkboxes,
    owner_cells,
    table_cells,
)

__all__ = ["render_html"]


def _day(value: date | None) -> str:
    return format_date(value) if value else ""


# The page prints on US Letter turned sideways, like the paper form. For text taken back out of
# a PDF of it, each table row prints its values on one line (cells aligned on their first
# baseline, values never wrapped, wide gaps between cells, every cell left-aligned under its
# column's title), rows stand apart by more than a line, and only text cells wrap, at spaces.
# Without kerning, the space in "SAHARA AVENUE" keeps its width in the PDF, so converters see it.
# The tables' HTML attributes (width, border, align...) are repeated as CSS for engines that do
# not read them (WeasyPrint by default).
# Text kept from wrapping is "pre" (its spaces made single by the writer), not "nowrap", around
# which xhtml2pdf drops spaces. xhtml2pdf cuts long pre-wrap lines at the page's edge and aligns
# no cell on its baseline: @supports, which it ignores, keeps those rules from it (WeasyPrint
# ignores them too).
_CSS = """
@page {size: letter landscape; margin: 0.35in 0.3in;}
table[width="100%"], hr[width="98%"] {width: 100%;}
td[width="15%"] {width: 15%;} td[width="20%"] {width: 20%;} td[width="30%"] {width: 30%;}
td[width="33%"] {width: 33%;} td[width="35%"] {width: 35%;} td[width="60%"] {width: 60%;}
td[width="85%"] {width: 85%;}
table[border="1"] > tbody > tr > td, table[border="1"] > thead > tr > th,
table[border="1"] > tbody > tr > th {border: 1px solid black;}
table[cellpadding="4"] > tbody > tr > td, table[cellpadding="4"] > thead > tr > th {padding: 4px;}
[align="center"] {text-align: center;} [align="left"] {text-align: left;}
[valign="top"] {vertical-align: top;} [valign="middle"] {vertical-align: middle;}
body {background: white; font-family: Times, serif; font-kerning: none;}
table {border-collapse: collapse;}
.FormData {color: blue; font-size: small; font-family: Times, serif;}
.SmallFormData {color: blue; font-size: x-small; font-family: Times, serif;}
.FootnoteData {color: green; font-size: x-small; font-family: Times, serif;}
.FormName {font-size: large; font-family: arial, helvetica, sans-serif; font-weight: bold;}
.FormTitle {font-size: medium; font-family: arial, helvetica, sans-serif; font-weight: bold;}
.FormText {font-size: small; font-family: arial, helvetica, sans-serif;}
.FormTextC {font-size: small; font-family: arial, helvetica, sans-serif; text-align: center;}
.SmallFormText {font-size: xx-small; font-family: arial, helvetica, sans-serif; text-align: left;}
.SmallFormTextR {font-size: xx-small; font-family: arial, helvetica, sans-serif;
  text-align: right;}
.MedSmallFormText {font-size: x-small; font-family: arial, helvetica, sans-serif;}
sup {vertical-align: 0.25em; font-size: 75%; line-height: 0;}
.CheckBox {display: inline-block; border: thin solid black; width: 12px; height: 12px;
  line-height: 12px; text-align: center;}
.CheckBox .FormData {font-size: xx-small;}
tr.Check > td {vertical-align: baseline; font-size: xx-small;}
table.FormTable th {vertical-align: top; padding: 3px 6px;}
table.FormTable th.SubColumn {font-size: small;}
table.FormTable td {vertical-align: top; text-align: left; padding: 8px 14px 8px 6px;}
table.FormTable td.Text {min-width: 7em;}
table.FormTable tr {page-break-inside: avoid; break-inside: avoid;}
table.Signatures td {vertical-align: top; padding: 2px 14px 2px 4px;}
table.FormTable td.Value, td.Line {white-space: pre;}
@supports (display: table-cell) {
  .FootnoteData {white-space: pre-wrap;}
  table.FormTable td {vertical-align: baseline;}
  table.FormTable .FootnoteData {white-space: inherit;}
}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


# Browsers may break a line after a hyphen or a slash: such a word is printed whole, so that a
# value wrapped over lines breaks only at its spaces and reads back joined by spaces. <nobr>, not
# CSS: xhtml2pdf drops the spaces around text that CSS keeps from wrapping, and ignores <nobr>.
# A match is a whole word (a run of non-space characters) holding a hyphen, a slash or a dash. It
# starts only where a word starts, so a long word without any costs one pass, not one per letter.
_BREAKABLE = re.compile(r"(?<!\S)[^\s\-/\u2010-\u2015]*+[-/\u2010-\u2015]\S*+")


def _words(text: str) -> str:
    """Escaped text whose lines can break only at spaces."""
    out: list[str] = []
    last = 0
    for match in _BREAKABLE.finditer(text):
        out.append(_e(text[last : match.start()]))
        out.append(f"<nobr>{_e(match.group())}</nobr>")
        last = match.end()
    out.append(_e(text[last:]))
    return "".join(out)


def _data(text: str, cls: str = "FormData") -> str:
    return f'<span class="{cls}">{_words(" ".join(text.split()))}</span>'


def _html_cell(cell: Cell, cls: str = "FormData") -> str:
    parts = []
    if cell.value or cell.prefix:
        if cell.prefix:
            parts.append(f'<span class="FormText">{_e(cell.prefix)}</span>')
        parts.append(_data(cell.value, cls))
    parts.extend(f'<span class="FootnoteData"><sup>({_e(m)})</sup></span>' for m in cell.marks)
    return "".join(parts)


def _link(name: str | None, cik: str | None) -> str:
    if not cik:
        return _data(name or "")
    url = f"https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK={cik}"
    return f'<a href="{_e(url)}">{_words(" ".join((name or "").split()))}</a>'


def _mark(checked: bool | None) -> str:
    return _data("X") if checked else ""


def _checkbox_row(checked: bool | None, label: str) -> str:
    # The box is inline, so that its mark stands on the first line of the label beside it.
    return (
        f'<tr class="Check"><td><span class="CheckBox">{_mark(checked)}</span></td>'
        f'<td class="SmallFormText">{_e(label)}</td></tr>'
    )


def _html_header(filing: Filing, form: str) -> str:
    number, hours = OMB[form]
    boxes = header_checkboxes(filing)
    span = len(boxes) + 1
    return (
        '<table width="100%" border="0" cellspacing="0" cellpadding="4"><tr>'
        '<td width="20%" colspan="2" valign="top" align="center" class="FormName">'
        f"FORM {_e(filing.document_type)}</td>"
        f'<td rowspan="{span}" width="60%" valign="middle" align="center">'
        f'<span class="FormTitle">{LABELS["sec"]}</span><br>'
        f'<span class="MedSmallFormText">{LABELS["washington"]}</span><br><br>'
        f'<span class="FormTitle">{TITLES[form]}</span><br><br>'
        f'<span class="MedSmallFormText">{LABELS["pursuant"]}</span><br>'
        f'<span class="MedSmallFormText">{LABELS["pursuant2"]}</span></td>'
        f'<td rowspan="{span}" width="20%" valign="top" align="center">'
        '<table width="100%" border="1" summary="OMB Approval Status Box">'
        f'<tr><td class="FormTextC">{LABELS["omb_approval"]}</td></tr>'
        '<tr><td><table width="100%" border="0" summary="OMB Interior Box">'
        f'<tr><td class="SmallFormText" colspan="3">{LABELS["omb_number"]}</td>'
        f'<td class="SmallFormTextR">{number}</td></tr>'
        f'<tr><td class="SmallFormText" colspan="4">{LABELS["burden"]}</td></tr>'
        f'<tr><td class="SmallFormText" colspan="3">{LABELS["hours"]}</td>'
        f'<td class="SmallFormTextR">{hours}</td></tr>'
        "</table></td></tr></table></td></tr>"
        + "".join(_checkbox_row(checked, label) for checked, label in boxes)
        + "</table>"
    )


def _label(text: str) -> str:
    return f'<span class="MedSmallFormText">{_e(text)}</span>'


def _html_owner_box(filing: Filing, label: str) -> str:
    owner = filing.owners[0] if filing.owners else ReportingOwner(cik=None)
    a = owner.address
    street = [getattr(a, "street1", None) or "", getattr(a, "street2", None) or ""]
    place = [getattr(a, f, None) or "" for f in ("city", "state", "zip_code")]
    thirds = "".join(
        f'<td width="33%" class="MedSmallFormText">{_e(t)}</td>'
        for t in LABELS["last_first_middle"].split()
    )
    places = "".join(
        f'<td width="33%" class="MedSmallFormText">{_e(t)}</td>'
        for t in LABELS["city_state_zip"].split()
    )
    return (
        f'<span class="MedSmallFormText">{_e(label)}<sup>*</sup></span>'
        f'<table border="0" width="100%"><tr><td>{_link(owner.name, owner.cik)}</td></tr></table>'
        f'<hr width="98%"><table border="0" width="100%"><tr>{thirds}</tr></table>'
        '<table border="0" width="100%">'
        + "".join(f'<tr><td class="Line">{_data(s)}</td></tr>' for s in street)
        + '</table><hr width="98%">'
        + _label(LABELS["street"])
        + '<table border="0" width="100%"><tr>'
        + "".join(f'<td width="33%" class="Line">{_data(p)}</td>' for p in place)
        + f'</tr></table><hr width="98%"><table border="0" width="100%"><tr>{places}</tr></table>'
    )


def _html_relationship(filing: Filing, label: str) -> str:
    o = filing.owners[0] if filing.owners else ReportingOwner(cik=None)

    def pair(c1: bool | None, l1: str, c2: bool | None, l2: str) -> str:
        return (
            f'<tr><td width="15%" align="center">{_mark(c1)}</td>'
            f'<td width="35%" class="MedSmallFormText Line">{_e(l1)}</td>'
            f'<td width="15%" align="center">{_mark(c2)}</td>'
            f'<td width="35%" class="MedSmallFormText Line">{_e(l2)}</td></tr>'
        )

    return (
        f"{_label(label)}<br>{_label(LABELS['check_all'])}"
        '<table border="0" width="100%">'
        + pair(o.is_director, LABELS["director"], o.is_ten_percent_owner, LABELS["ten_percent"])
        + pair(o.is_officer, LABELS["officer"], o.is_other, LABELS["other"])
        + '<tr><td width="15%" align="center"></td>'
        f'<td width="35%" align="left" style="color: blue">{_e(o.officer_title or "")}</td>'
        '<td width="15%" align="center"></td>'
        f'<td width="35%" align="left" style="color: blue">{_e(o.other_text or "")}</td></tr>'
        "</table>"
    )


def _html_joint(filing: Filing, label: str) -> str:
    several = len(filing.owners) > 1
    rows = "".join(
        f'<tr><td width="15%" align="center">{_mark(checked)}</td>'
        f'<td width="85%" class="MedSmallFormText">{_e(text)}</td></tr>'
        for checked, text in (
            (not several, LABELS["one_person"]),
            (several, LABELS["more_persons"]),
        )
    )
    return f'{_label(label)}<table border="0" width="100%">{rows}</table>'


def _html_boxes(filing: Filing, form: str) -> str:
    b = BOXES[form]
    issuer = filing.issuer
    box = {
        "owner": _html_owner_box(filing, b["owner"]),
        "issuer": f"{_label(b['issuer'])}<br><nobr>{_link(issuer.name, issuer.cik)} "
        f"[ {_data(issuer.trading_symbol or '')} ]</nobr>",
        "period": f"{_label(b['period'])}<br>{_data(_day(filing.period_of_report))}",
        "amendment": f"{_label(b['amendment'])}<br>"
        f"{_data(_day(filing.date_of_original_submission))}",
        "relationship": _html_relationship(filing, b["relationship"]),
        "filing": _html_joint(filing, b["filing"]),
    }
    td = '<td valign="top"'
    if form == "3":
        layout = (
            f'<tr>{td} rowspan="3" width="30%">{box["owner"]}</td>'
            f'{td} rowspan="3" width="20%">{box["period"]}</td>'
            f'{td} colspan="2">{box["issuer"]}</td></tr>'
            f'<tr>{td} rowspan="2">{box["relationship"]}</td>{td}>{box["amendment"]}</td></tr>'
            f"<tr>{td}>{box['filing']}</td></tr>"
        )
    else:
        layout = (
            f'<tr>{td} rowspan="3" width="35%">{box["owner"]}</td>'
            f'{td} width="35%">{box["issuer"]}</td>'
            f'{td} rowspan="2">{box["relationship"]}</td></tr>'
            f"<tr>{td}>{box['period']}</td></tr>"
            f"<tr>{td}>{box['amendment']}</td>{td}>{box['filing']}</td></tr>"
        )
    return f'<table width="100%" border="1" cellspacing="0" cellpadding="4">{layout}</table>'


_TEXT_CELLS = frozenset({"title", "underlying_title", "nature"})


def _html_table(filing: Filing, form: str, table: int) -> str:
    columns, rows = table_cells(filing, table)
    keys = cell_keys(columns)
    width = len(keys)
    title = f"<b>{_e(TABLE_TITLES[form][table - 1])}</b>"
    if table == 2:
        title += f"<br><b>{_e(TABLE_II_SUBTITLE)}</b>"
    has_sub = any(c.sub for c in columns)
    heads = []
    for column in columns:
        span = f'colspan="{len(column.cells)}"' if column.sub else ""
        span = span or ('rowspan="2"' if has_sub else "")
        heads.append(
            f'<th valign="top" {span} align="left" class="SmallFormText">{_e(column.header)}</th>'
        )
    subs = "".join(
        f'<th align="left" class="SmallFormText SubColumn">{_e(s)}</th>'
        for column in columns
        for s in column.sub
    )
    cls = "FormData" if table == 1 else "SmallFormData"
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"Text" if key in _TEXT_CELLS else "Value"}">{_html_cell(c, cls)}</td>'
            for key, c in zip(keys, cells, strict=True)
        )
        + "</tr>"
        for cells in rows
    )
    return (
        f'<table class="FormTable{" Derivative" if table == 2 else ""}" width="100%" border="1" '
        'cellspacing="0"><thead>'
        f'<tr><th width="100%" valign="top" colspan="{width}" align="center" class="FormTextC">'
        f"{title}</th></tr><tr>{''.join(heads)}</tr>"
        + (f"<tr>{subs}</tr>" if has_sub else "")
        + f"</thead><tbody>{body}</tbody></table>"
    )


# Cells of the Reporting Owners table that may wrap: name, streets, city, officer and other text.
_OWNER_TEXT = frozenset({0, 2, 3, 4, 11, 12})


def _html_owners(filing: Filing) -> str:
    if len(filing.owners) < 2:
        return ""
    head = "".join(
        f'<th align="left" class="SmallFormText SubColumn">{_e(c)}</th>' for c in OWNER_COLUMNS
    )
    rows: list[str] = []  # joined once: a string grown row by row may be copied for each
    for owner in filing.owners:
        cells = owner_cells(owner)
        name = _link(owner.name, owner.cik)
        rows.append(f'<tr><td class="Text">{name}</td>')
        rows.extend(
            f'<td class="{"Text" if i in _OWNER_TEXT else "Value"}">{_data(c)}</td>'
            for i, c in enumerate(cells[1:], 1)
        )
        rows.append("</tr>")
    body = "".join(rows)
    return (
        '<table class="FormTable" width="100%" border="1" cellspacing="0" '
        'summary="Reporting Owners">'
        f'<thead><tr><th colspan="{len(OWNER_COLUMNS)}" class="FormTextC">'
        f"<b>{LABELS['owners']}</b></th></tr><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _html_footer(filing: Filing) -> str:
    notes = "".join(
        f'<tr><td class="FootnoteData">{_e(footnote_mark(fid))}. {_words(text)}</td></tr>'
        for fid, text in filing.footnotes.items()
    )
    signatures = "".join(
        '<tr><td width="60%"></td>'
        f'<td width="20%"><u>{_data(s.name)}</u></td>'
        f'<td width="20%"><u>{_data(_day(s.date))}</u></td></tr>'
        f'<tr><td></td><td class="MedSmallFormText">{_e(LABELS["signature"])}</td>'
        f'<td class="MedSmallFormText">{LABELS["date"]}</td></tr>'
        for s in filing.signatures
    )
    notices = "".join(
        f'<tr><td colspan="3" class="MedSmallFormText">{_e(LABELS[key])}</td></tr>'
        for key in ("reminder", "note_star", "note_stars", "note_copies")
    )
    return (
        '<table border="0" width="100%">'
        f'<tr><td class="MedSmallFormText"><b>{LABELS["explanation"]}</b></td></tr>{notes}'
        f'<tr><td class="FormText"><b>{LABELS["remarks"]}</b></td></tr>'
        f'<tr><td class="FootnoteData">{_words(filing.remarks or "")}</td></tr></table>'
        f'<table class="Signatures" width="100%" border="0">{signatures}{notices}'
        f'<tr><td colspan="3" class="MedSmallFormText"><b>{LABELS["note_omb"]}</b></td></tr>'
        "</table>"
    )


def render_html(filing: Filing) -> str:
    form = filing.form if filing.form in TITLES else "4"
    doc = _e(filing.document_type)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>SEC FORM {doc}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>SEC Form {doc}\n"
        + "\n".join(
            (
                _html_header(filing, form),
                _html_boxes(filing, form),
                _html_table(filing, form, 1),
                _html_table(filing, form, 2),
                _html_owners(filing),
                _html_footer(filing),
            )
        )
        + "\n</body>\n</html>\n"
    )
