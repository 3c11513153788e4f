"""The SEC's own rendering of a filing: its ownership XML through EDGAR's stylesheet for the form.

EDGAR shows every Form 3, 4 or 5 as an HTML page made by an XSLT stylesheet of the Ownership XML
Technical Specification (v5.5: ``3_X07.xsl``, ``4_X09.xsl``, ``5_X09.xsl``; the folder keeps the
older looks too, ``X06`` to ``X08``, not every one for every form). The sheet goes by the form,
not by the filing's schema version: EDGAR renders an old filing with today's sheet. An amendment
uses its form's sheet (``4/A`` is rendered by the Form 4 sheet).

``render_sec(xml)`` is what a person saves from EDGAR's "view" link, before any converter; the
benchmark (bench/renderings.py ``--renderer sec``) converts it on each route and reads it back.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from lxml import etree

__all__ = ["DEFAULT_XSL_DIR", "VERSIONS", "SecRenderError", "render_sec", "sheet_for"]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_XSL_DIR = ROOT.parent / "shared" / "corpus" / "xsl"
#: The looks of the page, oldest first (the stylesheet versions, not the schema's).
VERSIONS = ("X06", "X07", "X08", "X09")
_SHEET = re.compile(r"([345])_(X\d\d)\.xsl")


class SecRenderError(RuntimeError):
    """The filing has no sheet or the stylesheet failed on it."""


def _sheets(xsl_dir: Path) -> dict[str, list[str]]:
    """The versions in ``xsl_dir`` per form, oldest first."""
    found: dict[str, list[str]] = {}
    for path in sorted(xsl_dir.glob("*.xsl")):
        match = _SHEET.fullmatch(path.name)
        if match:
            found.setdefault(match.group(1), []).append(match.group(2))
    return found


def sheet_for(
    document_type: str, xsl_dir: Path = DEFAULT_XSL_DIR, version: str | None = None
) -> Path:
    """The stylesheet for a document type: its form's newest sheet, or with ``version`` the
    newest at or before that version (Form 3 has no X08 or X09: ``version="X09"`` gives
    ``3_X07.xsl``)."""
    form = document_type.strip().upper().removesuffix("/A")
    versions = _sheets(xsl_dir).get(form)
    if not versions:
        raise SecRenderError(f"no SEC stylesheet for document type {document_type!r} in {xsl_dir}")
    if version is not None:
        older = [v for v in versions if v <= version]
        if not older:
            raise SecRenderError(f"no Form {form} stylesheet at or before {version} in {xsl_dir}")
        versions = older
    return xsl_dir / f"{form}_{versions[-1]}.xsl"


@cache
def _transform(sheet: Path) -> etree.XSLT:
    # The sheets include State_Codes.xsl by a relative href: parsed from the file, it is found.
    return etree.XSLT(etree.parse(str(sheet)))


def render_sec(
    xml: bytes | Path, xsl_dir: Path = DEFAULT_XSL_DIR, version: str | None = None
) -> tuple[str, Path]:
    """The SEC's HTML page of an ownership XML document and the sheet that made it."""
    data = xml.read_bytes() if isinstance(xml, Path) else xml
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        doc = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as error:
        raise SecRenderError(f"not well-formed XML: {error}") from error
    if doc.getroot().tag != "ownershipDocument":
        raise SecRenderError(f"the root is <{doc.getroot().tag}>, not <ownershipDocument>")
    document_type = doc.findtext("documentType") or ""
    sheet = sheet_for(document_type, xsl_dir, version)
    transform = _transform(sheet)
    try:
        result = transform(doc)
    except etree.XSLTApplyError as error:
        raise SecRenderError(f"{sheet.name}: {error}") from error
    html = str(result)
    if not html.strip():
        raise SecRenderError(f"{sheet.name} gave an empty page")
    return html, sheet
