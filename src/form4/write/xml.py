"""Write a Filing as an ownershipDocument, every element in the order the SEC's schema requires.

The output is the disseminated form of the document (with ``schemaVersion``, issuer and owner
names when the Filing has them). Values are written exactly: decimals in plain notation with the
digits they were read with, dates as YYYY-MM-DD, booleans as 1/0.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from lxml import etree

from form4 import _layout as L
from form4._xmlchars import first_unwritable
from form4.errors import WriteError
from form4.model import Filing, ReportingOwner

__all__ = ["to_xml"]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _simple(parent: etree._Element, tag: str, value: Any) -> None:
    if value is not None:
        etree.SubElement(parent, tag).text = _text(value)


def _cik(parent: etree._Element, tag: str, value: str | None) -> None:
    """A CIK element, empty when the CIK is not known (a Filing read from a rendering)."""
    el = etree.SubElement(parent, tag)
    if value is not None:
        el.text = value


def _footnote_ids(parent: etree._Element, ids: tuple[str, ...]) -> None:
    for fid in ids:
        etree.SubElement(parent, "footnoteId", id=fid)


def _leaf(parent: etree._Element, leaf: L.Leaf, row: Any, footnotes: Mapping[str, Any]) -> None:
    value = getattr(row, leaf.field, None)
    ids = footnotes.get(leaf.field, ())
    if value is None and not ids:
        return
    el = etree.SubElement(parent, leaf.tag)
    if value is not None:
        etree.SubElement(el, "value").text = _text(value)
    _footnote_ids(el, ids)


def _row(parent: etree._Element, row: Any) -> None:
    tag = L.ROW_TAG[type(row)]
    _, layout = L.ROWS[tag]
    el = etree.SubElement(parent, tag)
    footnotes = row.footnotes
    for part in layout:
        if isinstance(part, L.Leaf):
            _leaf(el, part, row, footnotes)
        elif isinstance(part, L.Group):
            if any(
                getattr(row, leaf.field, None) is not None or leaf.field in footnotes
                for leaf in part.leaves
            ):
                group = etree.SubElement(el, part.tag)
                for leaf in part.leaves:
                    _leaf(group, leaf, row, footnotes)
        elif isinstance(part, L.Coding):
            ids = footnotes.get("coding", ())
            values = (
                (("transactionFormType", row.form_type),)
                if part.holding
                else (
                    ("transactionFormType", row.form_type),
                    ("transactionCode", row.code),
                    ("equitySwapInvolved", row.equity_swap),
                )
            )
            if any(v is not None for _, v in values) or ids:
                coding = etree.SubElement(el, part.tag)
                for child_tag, value in values:
                    _simple(coding, child_tag, value)
                _footnote_ids(coding, ids)
        else:
            ids = footnotes.get("timeliness", ())
            if row.timeliness is not None or ids:
                timeliness = etree.SubElement(el, part.tag)
                _simple(timeliness, "value", row.timeliness)
                _footnote_ids(timeliness, ids)


def _owner(parent: etree._Element, owner: ReportingOwner) -> None:
    el = etree.SubElement(parent, "reportingOwner")
    ident = etree.SubElement(el, "reportingOwnerId")
    for tag, field, _ in L.OWNER_ID_FIELDS:
        if field == "cik":
            _cik(ident, tag, owner.cik)
        else:
            _simple(ident, tag, getattr(owner, field))
    if owner.address is not None and not owner.address.is_empty:
        address = etree.SubElement(el, "reportingOwnerAddress")
        for tag, field, _ in L.ADDRESS_FIELDS:
            _simple(address, tag, getattr(owner.address, field))
    relationship = etree.SubElement(el, "reportingOwnerRelationship")
    for tag, field, _ in L.RELATIONSHIP_FIELDS:
        _simple(relationship, tag, getattr(owner, field))


def to_xml_element(filing: Filing) -> etree._Element:
    """The ownershipDocument as an lxml element (for callers that post-process the tree)."""
    root = etree.Element("ownershipDocument")
    for tag, field, _ in L.HEAD_FIELDS:
        _simple(root, tag, getattr(filing, field))
    issuer = etree.SubElement(root, "issuer")
    for tag, field, _ in L.ISSUER_FIELDS:
        if field == "cik":
            _cik(issuer, tag, filing.issuer.cik)
        else:
            _simple(issuer, tag, getattr(filing.issuer, field))
    for owner in filing.owners:
        _owner(root, owner)
    _simple(root, "aff10b5One", filing.aff10b5one)
    for table_tag, rows in (
        ("nonDerivativeTable", filing.non_derivative),
        ("derivativeTable", filing.derivative),
    ):
        if rows:
            table = etree.SubElement(root, table_tag)
            for row in rows:
                _row(table, row)
    if filing.footnotes:
        notes = etree.SubElement(root, "footnotes")
        for fid, text in filing.footnotes.items():
            etree.SubElement(notes, "footnote", id=fid).text = text
    _simple(root, "remarks", filing.remarks)
    for signature in filing.signatures:
        el = etree.SubElement(root, "ownerSignature")
        _simple(el, "signatureName", signature.name)
        _simple(el, "signatureDate", signature.date)
    return root


def to_xml(filing: Filing, *, pretty: bool = True) -> str:
    """The Filing as ownership XML text, starting with the XML declaration.

    Raises ``WriteError`` naming the value when the Filing holds text XML cannot hold (a control
    character); the readers never return such a Filing.
    """
    try:
        element = to_xml_element(filing)
    except ValueError as error:  # lxml refuses text XML 1.0 cannot hold
        place = first_unwritable(filing) or "a footnote id"
        raise WriteError(place, f"holds a character XML cannot hold ({error})") from None
    body = etree.tostring(element, encoding="unicode", pretty_print=pretty)
    return '<?xml version="1.0"?>\n' + body
