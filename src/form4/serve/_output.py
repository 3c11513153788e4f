"""Answers as JSON, CSV or NDJSON: values as ``form4.to_json`` writes them (exact decimals as
strings, dates ISO), lists streamed batch by batch so that a long answer is never held whole."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

import pyarrow as pa

from form4._display import csv_cell, show

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "Format",
    "chosen_format",
    "dumps",
    "plain",
    "records",
    "stream",
]

Format = Literal["json", "csv", "ndjson"]
FORMATS: tuple[Format, ...] = ("json", "csv", "ndjson")
MEDIA_TYPES: dict[Format, str] = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "ndjson": "application/x-ndjson",
}
_ACCEPTED: dict[str, Format] = {
    "text/csv": "csv",
    "application/x-ndjson": "ndjson",
    "application/ndjson": "ndjson",
}


def plain(value: Any) -> Any:
    """A value of the store's tables as JSON holds it: decimals as exact strings (without the
    zeros the store's fixed scale adds), dates ISO, containers walked."""
    if isinstance(value, Decimal):  # the store's fixed-scale zeros dropped, never an exponent
        return show(value, padded=True, grouped=False)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def dumps(data: Any) -> bytes:
    return json.dumps(plain(data), ensure_ascii=False, separators=(",", ":")).encode()


def records(table: pa.Table | pa.RecordBatch) -> list[dict[str, Any]]:
    return [plain(row) for row in table.to_pylist()]


def chosen_format(format_param: str | None, accept: str | None) -> Format:
    """``?format=`` when given (a ValueError naming it when unknown), else the Accept header's
    first type form4 writes, else JSON."""
    if format_param is not None:
        for fmt in FORMATS:
            if fmt == format_param:
                return fmt
        raise ValueError(f"format: {format_param!r} is not one of {', '.join(FORMATS)}")
    for part in (accept or "").split(","):
        kind = part.split(";")[0].strip().lower()
        if kind in _ACCEPTED:
            return _ACCEPTED[kind]
    return "json"


def stream(
    names: list[str], batches: Iterable[pa.RecordBatch | pa.Table], fmt: Format
) -> Iterator[bytes]:
    """The rows of ``batches`` as CSV (a header row first, even with no rows) or NDJSON."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(names)
        yield buffer.getvalue().encode()
        for batch in batches:
            buffer.seek(0)
            buffer.truncate()
            for row in batch.to_pylist():
                writer.writerow([csv_cell(row[name]) for name in names])
            yield buffer.getvalue().encode()
        return
    for batch in batches:
        lines = [json.dumps(plain(row), ensure_ascii=False) for row in batch.to_pylist()]
        if lines:
            yield ("\n".join(lines) + "\n").encode()
