"""Field-by-field comparison of a Filing read back from a rendering with the Filing rendered.

``shown_fields(filing)`` flattens a Filing to ``path -> value`` over what the printed form shows
(document type, dates, issuer name and ticker, owners, checkboxes, every table cell's value and
footnote marks, footnote texts, remarks, signatures), e.g.::

    "table1[2].price": Decimal("7.05")
    "table1[2].price.footnotes": ("F1",)

Paths follow the printed cells, so footnote marks are compared where the page prints them: the
marks of the transaction code and of the timeliness share one cell on Forms 3 and 5, the A/D
marks of Table II sit on the amount. Not compared: what the page does not print (CIKs, the
schema version, EDGAR-internal address flags, the form type of a holding).

``compare(truth, got)`` counts, over the paths of both:

* ``exact``: the truth has a value and ``got`` has the same one;
* ``missing``: the truth has a value and ``got`` has none;
* ``invented``: ``got`` has a value that differs from the truth, including a value where the
  truth has none (an extra row, a checked box the filer left empty, a footnote mark too many).

``fields`` is the number of paths where the truth has a value; ``exact + missing + (invented
where the truth has a value) == fields``. Text is compared with runs of white space made one
space (a page cannot keep line breaks inside a value). Checkboxes count only when checked: an
unchecked box and a box read as ``False`` or ``None`` are the same. Empty strings and empty
footnote tuples are no value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from form4.model import Filing

__all__ = ["Counts", "Mismatch", "compare", "shown_fields"]

Value = str | Decimal | date | bool | tuple[str, ...] | None

_ADDRESS = ("street1", "street2", "city", "state", "zip_code")
_FLAGS = ("is_director", "is_officer", "is_ten_percent_owner", "is_other")
_CHECKBOXES = (
    "not_subject_to_section16",
    "aff10b5one",
    "form3_holdings_reported",
    "form4_transactions_reported",
    "no_securities_owned",
)
#: Values of a row the printed form has a cell for (on the forms where the column exists).
_HOLDING_VALUES = ("security_title", "shares_owned_after", "value_owned_after")
_TAIL_VALUES = ("direct_indirect", "nature")
_DERIVATIVE_VALUES = (
    "conversion_price",
    "exercise_date",
    "expiration_date",
    "underlying_title",
    "underlying_shares",
    "underlying_value",
)
_TRANSACTION_VALUES = (
    "transaction_date",
    "deemed_execution_date",
    "code",
    "shares",
    "total_value",
    "price",
    "acquired_disposed",
)


def _norm(value: Any) -> Value:
    """The comparable form of a value: no empty strings or tuples, text with single spaces."""
    if value is None or isinstance(value, bool | Decimal | date):
        return value
    if isinstance(value, str):
        text = " ".join(value.split())
        return text or None
    if isinstance(value, tuple):
        return tuple(value) or None
    return str(value)


def _checked(value: Any) -> bool | None:
    """A checkbox: True when checked, None otherwise."""
    return True if value is True else None


def _either(row: Any, value_field: str, shares_field: str) -> str:
    """The field a printed "amount" cell shows: the dollar value when there is one."""
    if getattr(row, value_field, None) is not None or value_field in row.footnotes:
        return value_field
    return shares_field


def _marks(row: Any, *names: str) -> tuple[str, ...]:
    ids: dict[str, None] = {}
    for name in names:
        for fid in row.footnotes.get(name, ()):
            ids.setdefault(fid, None)
    return tuple(ids)


def _row_fields(row: Any, form: str, derivative: bool) -> dict[str, Value]:
    """One table row as printed-cell paths (without the table prefix)."""
    transaction = hasattr(row, "transaction_date")
    out: dict[str, Value] = {"kind": "transaction" if transaction else "holding"}
    names = [*_HOLDING_VALUES, *_TAIL_VALUES]
    if derivative:
        names += _DERIVATIVE_VALUES
    if transaction and form != "3":
        names += _TRANSACTION_VALUES
    for name in names:
        out[name] = _norm(getattr(row, name, None))
    # Footnote marks, per printed cell.
    cells: dict[str, tuple[str, ...]] = {
        "title": _marks(row, "security_title"),
        "owned_after": _marks(row, _either(row, "value_owned_after", "shares_owned_after")),
        "direct_indirect": _marks(row, "direct_indirect"),
        "nature": _marks(row, "nature"),
    }
    if derivative:
        cells["conversion_price"] = _marks(row, "conversion_price")
        cells["exercisable"] = _marks(row, "exercise_date")
        cells["expiration"] = _marks(row, "expiration_date")
        cells["underlying_title"] = _marks(row, "underlying_title")
        cells["underlying_amount"] = _marks(
            row, _either(row, "underlying_value", "underlying_shares")
        )
    if transaction and form != "3":
        out["equity_swap"] = _checked(getattr(row, "equity_swap", None))
        cells["date"] = _marks(row, "transaction_date")
        cells["deemed"] = _marks(row, "deemed_execution_date")
        cells["price"] = _marks(row, "price")
        amount = _either(row, "total_value", "shares")
        if form == "4":
            out["early"] = _checked(getattr(row, "form_type", None) == "5")
            cells["code"] = _marks(row, "coding")
            cells["v"] = _marks(row, "timeliness")
        else:
            cells["code"] = _marks(row, "coding", "timeliness")
        if derivative:
            cells["amount"] = _marks(row, amount, "acquired_disposed")
        else:
            cells["amount"] = _marks(row, amount)
            cells["ad"] = _marks(row, "acquired_disposed")
    for cell, ids in cells.items():
        out[f"{cell}.footnotes"] = ids or None
    return out


def shown_fields(filing: Filing) -> dict[str, Value]:
    """The Filing flattened to ``path -> value`` over what its rendering shows."""
    form = filing.form if filing.form in ("3", "4", "5") else "4"
    out: dict[str, Value] = {
        "document_type": _norm(filing.document_type),
        "period_of_report": filing.period_of_report,
        "date_of_original_submission": filing.date_of_original_submission,
        "issuer.name": _norm(filing.issuer.name),
        "issuer.trading_symbol": _norm(filing.issuer.trading_symbol),
    }
    for name in _CHECKBOXES:
        out[name] = _checked(getattr(filing, name))
    for i, owner in enumerate(filing.owners):
        p = f"owners[{i}]"
        out[f"{p}.name"] = _norm(owner.name)
        for name in _ADDRESS:
            out[f"{p}.address.{name}"] = _norm(getattr(owner.address, name, None))
        for name in _FLAGS:
            out[f"{p}.{name}"] = _checked(getattr(owner, name))
        out[f"{p}.officer_title"] = _norm(owner.officer_title)
        out[f"{p}.other_text"] = _norm(owner.other_text)
    for table, rows, derivative in (
        ("table1", filing.non_derivative, False),
        ("table2", filing.derivative, True),
    ):
        for i, row in enumerate(rows):
            for key, value in _row_fields(row, form, derivative).items():
                out[f"{table}[{i}].{key}"] = value
    for fid, text in filing.footnotes.items():
        out[f"footnotes[{fid}]"] = _norm(text)
    out["remarks"] = _norm(filing.remarks)
    for i, signature in enumerate(filing.signatures):
        out[f"signatures[{i}].name"] = _norm(signature.name)
        out[f"signatures[{i}].date"] = signature.date
    return out


@dataclass(frozen=True, slots=True)
class Mismatch:
    path: str
    truth: Value
    got: Value


@dataclass(slots=True)
class Counts:
    """What came back of the shown fields; add Counts to total them."""

    fields: int = 0
    exact: int = 0
    missing: int = 0
    invented: int = 0
    missed: list[Mismatch] = field(default_factory=list)
    inventions: list[Mismatch] = field(default_factory=list)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.fields + other.fields,
            self.exact + other.exact,
            self.missing + other.missing,
            self.invented + other.invented,
            [*self.missed, *other.missed],
            [*self.inventions, *other.inventions],
        )

    @property
    def exact_share(self) -> float:
        """Exact fields over shown fields (1.0 when nothing is shown)."""
        return self.exact / self.fields if self.fields else 1.0


def _compare_values(truth: Mapping[str, Value], got: Mapping[str, Value]) -> Counts:
    counts = Counts()
    paths: Iterable[str] = dict.fromkeys([*truth, *got])
    for path in paths:
        want = truth.get(path)
        have = got.get(path)
        if want is not None:
            counts.fields += 1
        if have is None:
            if want is not None:
                counts.missing += 1
                counts.missed.append(Mismatch(path, want, have))
        elif have == want and type(have) is type(want):
            counts.exact += 1
        else:
            counts.invented += 1
            counts.inventions.append(Mismatch(path, want, have))
    return counts


def compare(truth: Filing, got: Filing | None) -> Counts:
    """Count exact, missing and invented shown fields of ``got`` against ``truth``.

    ``got=None`` (a rendering that could not be read) makes every shown field missing.
    """
    want = shown_fields(truth)
    have = shown_fields(got) if got is not None else {}
    return _compare_values(want, have)
