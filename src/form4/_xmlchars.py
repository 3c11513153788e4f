"""Text that XML 1.0 cannot hold, found in (and cleaned out of) a Filing's values.

XML 1.0 (https://www.w3.org/TR/xml/#charsets) allows tab, line feed and carriage return but no
other C0 control character, no lone surrogate and neither U+FFFE nor U+FFFF. An ownership XML
document therefore never holds them, but a rendering, an EDGAR header or a Filing built in Python
can. The readers of those clean such values with a warning naming the place, so that
``to_xml(read(x))`` always writes; the writer names the place where a Filing built in Python
holds one. At the top of the package because both sides use it: ``read/__init__.py`` and
``write/xml.py``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any, TypeVar

from form4.errors import ReadWarning

__all__ = ["UNWRITABLE", "cleaned", "first_unwritable"]

UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: How the places of the Filing's parts are named in warnings and errors.
_PARTS = {
    "owners": "reporting owner {}",
    "non_derivative": "Table I row {}",
    "derivative": "Table II row {}",
    "signatures": "signature {}",
    "footnotes": "footnote {}",
}
#: Fields not written as XML: what EDGAR's header said and where the Filing came from.
_NOT_WRITTEN = frozenset({"header", "source"})

T = TypeVar("T")


def _name(place: str, part: str) -> str:
    part = part.replace("_", " ")
    return f"{place}, {part}" if place else part


def _walk(value: Any, place: str, found: list[str], fix: bool) -> Any:
    """``value`` with unwritable characters removed (``fix``), their places added to ``found``."""
    if isinstance(value, str):
        if UNWRITABLE.search(value) is None:
            return value
        found.append(place)
        # What is left is taken as the readers take a value: without white space around it.
        return UNWRITABLE.sub("", value).strip() if fix else value
    if isinstance(value, tuple):
        items = tuple(_walk(item, f"{place} {i}", found, fix) for i, item in enumerate(value, 1))
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if isinstance(value, Mapping):
        fixed = {key: _walk(item, f"{place} {key}", found, fix) for key, item in value.items()}
        return fixed if any(fixed[k] is not value[k] for k in value) else value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in dataclasses.fields(value):
            if field.name in _NOT_WRITTEN:
                continue
            old = getattr(value, field.name)
            pattern = _PARTS.get(field.name)
            if pattern is not None and isinstance(old, tuple | Mapping):
                new = _walk_part(old, pattern, found, fix)
            else:
                new = _walk(old, _name(place, field.name), found, fix)
            if new == "" and field.default is None:
                new = None  # nothing left of an optional value: absent, as a reader reads it
            if new is not old:
                changes[field.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value


def _walk_part(value: Any, pattern: str, found: list[str], fix: bool) -> Any:
    if isinstance(value, Mapping):
        fixed = {k: _walk(v, pattern.format(k), found, fix) for k, v in value.items()}
        return fixed if any(fixed[k] is not value[k] for k in value) else value
    items = tuple(_walk(v, pattern.format(i), found, fix) for i, v in enumerate(value, 1))
    return items if any(a is not b for a, b in zip(items, value, strict=True)) else value


def first_unwritable(obj: Any) -> str | None:
    """The place of the first value XML cannot hold, or None when every value can be written."""
    found: list[str] = []
    _walk(obj, "", found, fix=False)
    return found[0] if found else None


def cleaned(obj: T) -> tuple[T, list[ReadWarning]]:
    """``obj`` with the characters XML cannot hold removed, and a warning for each value."""
    found: list[str] = []
    fixed = _walk(obj, "", found, fix=True)
    warnings = [
        ReadWarning(place, "control characters XML cannot hold were removed") for place in found
    ]
    return fixed, warnings
