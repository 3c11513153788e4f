"""The Filing as plain JSON-ready data: numbers as exact decimal strings, dates as ISO strings.

Every field of the model appears, ``None`` included, so a consumer sees what the form left empty.
Rows carry a ``kind`` ("non_derivative_transaction", ...) and keep document order.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from form4.model import Filing

__all__ = ["to_data", "to_dict", "to_json"]

_KINDS = {
    "NonDerivativeTransaction": "non_derivative_transaction",
    "NonDerivativeHolding": "non_derivative_holding",
    "DerivativeTransaction": "derivative_transaction",
    "DerivativeHolding": "derivative_holding",
}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        kind = _KINDS.get(type(value).__name__)
        if kind:
            out["kind"] = kind
        for field in dataclasses.fields(value):
            out[field.name] = _plain(getattr(value, field.name))
        return out
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def to_data(value: Any) -> Any:
    """Any of the model's values (a row, an owner; a dataclass, a decimal, a date, containers of
    them) as JSON-ready data, written as ``to_dict`` writes a Filing's."""
    return _plain(value)


def to_dict(filing: Filing) -> dict[str, Any]:
    """Every field of the Filing (header and source included) as JSON-ready data."""
    data: dict[str, Any] = _plain(filing)
    data["accession_number"] = filing.accession_number
    return data


def to_json(filing: Filing, *, indent: int | None = 2) -> str:
    """The Filing as JSON text: ``to_dict`` (every field, header and source included), exact
    decimals as strings, dates as ISO strings; what ``form4 read --format json`` prints."""
    return json.dumps(to_dict(filing), indent=indent, ensure_ascii=False)
