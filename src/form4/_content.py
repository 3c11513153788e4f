"""The content digest: SHA-256 of what a filing says (``content_digest``), the store's key for a
filing without an accession number and its way to find the same document stored under another
key. The bytes hashed are written by the optional compiled encoder (``form4._digest``) or, byte
for byte the same, by ``_encode`` here.

Private to ``rows.py``, which exports ``content_digest`` and the key made from it
(``content_key``); at the top of the package beside it. The digest is part of the store's format
(``form4.store._migrate``): a change to the bytes hashed changes stored keys.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import Any

from form4.model import Filing

__all__ = ["content_digest"]

try:  # the compiled content encoder, built where a C compiler was (setup.py)
    from form4 import _digest
except ImportError:  # pure Python: _encode writes the same bytes
    _digest = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class _Spec:
    """How content_digest writes a dataclass: a prefix (tag, qualified name), then the fields
    that take part in its equality (``compare=True``), in their order."""

    prefix: str  # "C", the length-prefixed module.qualname, "("
    fields: Callable[[Any], tuple[Any, ...]]


_SPECS: dict[type, _Spec | None] = {}  # filled as classes are met; None: not a dataclass


def _spec(cls: type) -> _Spec | None:
    """The _Spec of a dataclass, None for any other class (kept in _SPECS)."""
    if cls in _SPECS:
        return _SPECS[cls]
    spec = None
    if dataclasses.is_dataclass(cls):
        names = tuple(f.name for f in dataclasses.fields(cls) if f.compare)
        fields: Callable[[Any], tuple[Any, ...]]
        if len(names) > 1:
            fields = attrgetter(*names)
        else:  # attrgetter of one name returns the value, not a tuple
            fields = lambda obj: tuple(getattr(obj, name) for name in names)  # noqa: E731
        name = f"{cls.__module__}.{cls.__qualname__}"
        spec = _Spec(f"C{len(name)}:{name}(", fields)
    _SPECS[cls] = spec
    return spec


# "s", a string's length, ":" for the short strings: formatting each costs more than the rest.
_PREFIXED = 1024
_STRING_PREFIXES = tuple(f"s{n}:" for n in range(_PREFIXED))


def _other(value: Any) -> str:
    """A value of a type the model does not hold: its type's name and its repr."""
    name = f"{type(value).__module__}.{type(value).__qualname__}"
    text = repr(value)
    return f"R{len(name)}:{name}{len(text)}:{text}"


def _dict_keys(mapping: dict[Any, Any]) -> list[Any]:
    """A dict's keys in the order content_digest writes them: sorted, so that equal dicts (in any
    order) are written alike; keys other than str by their encoding."""
    keys = list(mapping)
    if all(type(key) is str for key in keys):
        keys.sort()
        return keys
    return sorted(keys, key=lambda key: "".join(_encode(key, [])))


def _encode(value: Any, out: list[str]) -> list[str]:
    """Append the encoding of one value to ``out`` (see content_digest) and return ``out``.

    Leaves are written inline in the loops (a call a leaf would double the cost).
    """
    kind = type(value)
    if value is None:
        out.append("N")
    elif kind is str:
        n = len(value)
        out.append(_STRING_PREFIXES[n] if n < _PREFIXED else f"s{n}:")
        out.append(value)
    elif kind is Decimal:
        out.append(f"d{value!s};")
    elif kind is bool:
        out.append("T" if value else "F")
    elif kind is date:
        out.append(f"D{value.toordinal()};")
    elif kind is int:
        out.append(f"i{value!s};")
    elif kind is tuple:
        out.append("(")
        _encode_items(value, out)
        out.append(")")
    elif kind is dict:
        out.append("{")
        for key in _dict_keys(value):
            _encode(key, out)
            _encode(value[key], out)
        out.append("}")
    else:
        spec = _SPECS[kind] if kind in _SPECS else _spec(kind)
        if spec is None:
            out.append(_other(value))
        else:
            out.append(spec.prefix)
            _encode_items(spec.fields(value), out)
            out.append(")")
    return out


def _encode_items(items: tuple[Any, ...], out: list[str]) -> None:
    """_encode of each item, the common leaves written here."""
    append = out.append
    for value in items:
        kind = type(value)
        if value is None:
            append("N")
        elif kind is str:
            n = len(value)
            append(_STRING_PREFIXES[n] if n < _PREFIXED else f"s{n}:")
            append(value)
        elif kind is Decimal:
            append(f"d{value!s};")
        elif kind is bool:
            append("T" if value else "F")
        elif kind is date:
            append(f"D{value.toordinal()};")
        else:
            _encode(value, out)


def _content_bytes_python(filing: Filing) -> bytes:
    """The bytes content_digest hashes, written by Python."""
    return "".join(_encode(filing, [])).encode("utf-8", "surrogatepass")


def _content_bytes(filing: Filing) -> bytes:
    """The bytes content_digest hashes: the compiled encoder's when built, else Python's."""
    if _digest is not None:
        return _digest.content_bytes(filing, _spec, _other, _dict_keys)
    return _content_bytes_python(filing)


def content_digest(filing: Filing) -> str:
    """SHA-256 (hex) of what the form says: every field that takes part in Filing equality, so not
    the EDGAR header nor the source.

    Filings read from the same document, from XML or from its EDGAR submission, get the same
    digest; equal Filings get equal digests, except that the digest keeps what equality forgets:
    a Decimal's exponent (``1.0`` and ``1``). Each value is written with its type, strings with
    their length, dataclasses with their class, dict items sorted by key, so Filings that differ
    in any compared field get different digests. No hash(), id() nor pickle: the digest is the
    same in every process and Python version, and the compiled encoder (form4._digest, when
    built) writes the same bytes as the Python one. A change to the encoding or to the model's
    fields changes the digests of stored filings.
    """
    return hashlib.sha256(_content_bytes(filing)).hexdigest()
