# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled fast path for reading table rows of ownership XML (optional).

``form4.read.xml._row`` walks a row element through lxml's Python API: one Python proxy object
per element, which costs more than parsing the document. This module reads the same row straight
from libxml2's tree through lxml's public C API, for rows that are entirely regular: every
element where the schema puts it, every value in its schema spelling. Anything else (an unknown
or misplaced element, a value that needs a lenient reading, a duplicate) makes ``row`` return
``None`` and the pure-Python walk reads that row again, with its warnings. The two paths give
equal rows; ``tests/test_walk.py`` checks it over every test filing.

A row spec, built by ``form4.read.xml`` from the shared element layout, is
``(build, children, allowed)``: ``build(values)`` makes the model object, ``children`` is a tuple
of ``(tag, role, field, kind, leaves)`` for the row's direct children, ``leaves`` a tuple of
``(tag, field, kind)`` for a group's (or the coding's) children, and ``allowed`` the model's
field names. Tags are bytes (UTF-8), roles and kinds small ints (see ``ROLE_*``/``KIND_*``).
"""

from cpython.datetime cimport import_datetime, date_new
from libc.string cimport strcmp

cimport lxml.includes.etreepublic as cetree
from lxml.includes.tree cimport xmlAttr, xmlNode

from decimal import Decimal

cetree.import_lxml__etree()
import_datetime()

cdef enum:
    ELEMENT_NODE = 1
    TEXT_NODE = 3
    CDATA_NODE = 4

ROLE_LEAF = 0
ROLE_GROUP = 1
ROLE_CODING = 2
ROLE_TIMELINESS = 3
KIND_TEXT = 0
KIND_DECIMAL = 1
KIND_DATE = 2
KIND_BOOL = 3

cdef object _IRREGULAR = object()  # a value the fast path leaves to the Python walk


cdef inline bint _is_text(xmlNode* node) noexcept nogil:
    return node.type == TEXT_NODE or node.type == CDATA_NODE


cdef object _leading_text(xmlNode* el):
    """lxml's ``el.text``: the text (and CDATA) before the first child element, or None."""
    cdef xmlNode* node = el.children
    if node is NULL or not _is_text(node):
        return None
    if node.next is NULL or not _is_text(node.next):
        return (<bytes>(<char*>node.content)).decode("utf-8")
    parts = []
    while node is not NULL and _is_text(node):
        parts.append((<bytes>(<char*>node.content)).decode("utf-8"))
        node = node.next
    return "".join(parts)


cdef bint _has_element_child(xmlNode* el) noexcept nogil:
    cdef xmlNode* node = el.children
    while node is not NULL:
        if node.type == ELEMENT_NODE:
            return True
        node = node.next
    return False


cdef object _id_attribute(xmlNode* el):
    """The ``id`` attribute (no namespace), stripped, or None when absent or blank."""
    cdef xmlAttr* attr = el.properties
    cdef xmlNode* text
    while attr is not NULL:
        if attr.ns is NULL and strcmp(<const char*>attr.name, b"id") == 0:
            text = attr.children
            if text is NULL:
                return None
            if text.next is not NULL:
                return None  # several text nodes: leave it to the Python walk
            value = (<bytes>(<char*>text.content)).decode("utf-8").strip()
            return value or None
        attr = attr.next
    return None


cdef inline bint _ascii_digits(str text, Py_ssize_t start, Py_ssize_t end):
    cdef Py_ssize_t i
    cdef Py_UCS4 c
    if start >= end:
        return False
    for i in range(start, end):
        c = text[i]
        if c < 48 or c > 57:
            return False
    return True


cdef object _typed(object raw, int kind):
    """A value in its schema spelling, typed; None when blank; _IRREGULAR otherwise."""
    cdef str text = raw.strip()
    cdef Py_ssize_t n = len(text)
    cdef Py_ssize_t dot
    if n == 0:
        return None
    if kind == KIND_TEXT:
        return text
    if kind == KIND_DECIMAL:
        dot = text.find(".")
        if dot < 0:
            return Decimal(text) if _ascii_digits(text, 0, n) else _IRREGULAR
        if (dot == 0 or _ascii_digits(text, 0, dot)) and (
            dot == n - 1 or _ascii_digits(text, dot + 1, n)
        ) and n > 1:
            return Decimal(text)
        return _IRREGULAR
    if kind == KIND_DATE:
        if (
            n == 10 and text[4] == "-" and text[7] == "-"
            and _ascii_digits(text, 0, 4) and _ascii_digits(text, 5, 7)
            and _ascii_digits(text, 8, 10)
        ):
            try:
                return date_new(int(text[0:4]), int(text[5:7]), int(text[8:10]))
            except ValueError:
                return _IRREGULAR
        return _IRREGULAR
    if text == "0" or text == "false":
        return False
    if text == "1" or text == "true":
        return True
    return _IRREGULAR


cdef bint _container(xmlNode* el, str field, int kind, dict values, dict footnotes):
    """``<tag><value>..</value><footnoteId id=".."/>..</tag>``; False when irregular."""
    cdef xmlNode* node = el.children
    cdef const char* name
    while node is not NULL:
        if node.type == ELEMENT_NODE:
            if node.ns is not NULL:
                return False
            name = <const char*>node.name
            if strcmp(name, b"value") == 0:
                if _has_element_child(node):
                    return False
                raw = _leading_text(node)
                if raw is not None:
                    value = _typed(raw, kind)
                    if value is _IRREGULAR:
                        return False
                    if value is not None:
                        if field in values:
                            return False
                        values[field] = value
            elif strcmp(name, b"footnoteId") == 0:
                fid = _id_attribute(node)
                if fid is None:
                    return False
                known = footnotes.get(field)
                if known is None:
                    footnotes[field] = [fid]
                else:
                    known.append(fid)
            else:
                return False
        elif _is_text(node):
            if (<bytes>(<char*>node.content)).decode("utf-8").strip():
                return False  # a value without <value>: the Python walk warns and reads it
        node = node.next
    return True


cdef object _find(tuple entries, const char* name):
    for entry in entries:
        if strcmp(name, <const char*>(<bytes>entry[0])) == 0:
            return entry
    return None


def row(cetree._Element element not None, tuple spec):
    """The model object for one regular table row, or None to use the Python walk."""
    build, children, allowed = spec
    cdef xmlNode* row_node = element._c_node
    cdef xmlNode* child = row_node.children
    cdef xmlNode* leaf
    cdef int role
    cdef dict values = {}
    cdef dict footnotes = {}
    while child is not NULL:
        if child.type != ELEMENT_NODE:
            child = child.next
            continue
        if child.ns is not NULL:
            return None
        entry = _find(children, <const char*>child.name)
        if entry is None:
            return None
        role = entry[1]
        if role == ROLE_LEAF:
            if not _container(child, entry[2], entry[3], values, footnotes):
                return None
        elif role == ROLE_GROUP:
            leaf = child.children
            while leaf is not NULL:
                if leaf.type == ELEMENT_NODE:
                    if leaf.ns is not NULL:
                        return None
                    spec_leaf = _find(entry[4], <const char*>leaf.name)
                    if spec_leaf is None:
                        return None
                    if not _container(leaf, spec_leaf[1], spec_leaf[2], values, footnotes):
                        return None
                leaf = leaf.next
        elif role == ROLE_TIMELINESS:
            raw = _leading_text(child)
            if raw is not None and raw.strip():
                values["timeliness"] = raw.strip()  # older documents hold the letter directly
                if _has_element_child(child):
                    return None
            elif not _container(child, "timeliness", KIND_TEXT, values, footnotes):
                return None
        else:
            if not _coding(child, entry[4], values, footnotes):
                return None
        child = child.next
    for key in values:
        if key not in allowed:
            return None
    if footnotes:
        # Lists while the row is read (a value may hold thousands of ids), tuples in the model.
        values["footnotes"] = {key: tuple(ids) for key, ids in footnotes.items()}
    return build(values)


cdef bint _coding(xmlNode* el, tuple leaves, dict values, dict footnotes):
    """``transactionCoding``: direct values, and footnotes that belong to the coding."""
    cdef xmlNode* node = el.children
    while node is not NULL:
        if node.type == ELEMENT_NODE:
            if node.ns is not NULL:
                return False
            if strcmp(<const char*>node.name, b"footnoteId") == 0:
                fid = _id_attribute(node)
                if fid is None:
                    return False
                known = footnotes.get("coding")
                if known is None:
                    footnotes["coding"] = [fid]
                else:
                    known.append(fid)
            else:
                entry = _find(leaves, <const char*>node.name)
                if entry is None or _has_element_child(node):
                    return False
                raw = _leading_text(node)
                if raw is not None and raw.strip():
                    value = _typed(raw, entry[2])
                    if value is _IRREGULAR or entry[1] in values:
                        return False
                    values[entry[1]] = value
        elif _is_text(node) and (<bytes>(<char*>node.content)).decode("utf-8").strip():
            return False
        node = node.next
    return True


def fields(cetree._Element element not None, dict by_tag):
    """The values of an element of simple fields (issuer, owner id, address, relationship).

    ``by_tag`` maps a child's tag (bytes) to ``(field, kind)``. Returns the dict of non-blank
    values, or None when a child is unknown, holds elements, or needs a lenient reading.
    A field given twice keeps the last value, as the Python walk does.
    """
    cdef xmlNode* node = element._c_node.children
    cdef dict values = {}
    while node is not NULL:
        if node.type == ELEMENT_NODE:
            if node.ns is not NULL or _has_element_child(node):
                return None
            spec = by_tag.get(<bytes>(<const char*>node.name))
            if spec is None:
                return None
            raw = _leading_text(node)
            if raw is not None:
                value = _typed(raw, spec[1])
                if value is _IRREGULAR:
                    return None
                if value is not None:
                    values[spec[0]] = value
        node = node.next
    return values


def footnotes(cetree._Element element not None):
    """``<footnotes>`` as {id: text}, or None when anything needs the Python walk's warnings."""
    cdef xmlNode* node = element._c_node.children
    cdef dict notes = {}
    while node is not NULL:
        if node.type == ELEMENT_NODE:
            if (
                node.ns is not NULL
                or strcmp(<const char*>node.name, b"footnote") != 0
                or _has_element_child(node)
            ):
                return None
            fid = _id_attribute(node)
            if fid is None or fid in notes:
                return None
            raw = _leading_text(node)
            notes[fid] = "" if raw is None else raw.strip()
        node = node.next
    return notes
