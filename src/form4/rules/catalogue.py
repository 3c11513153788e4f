"""The rule catalogue: every rule's id, name, severity, one-line summary and source, and what a
rule's check is given (``Context``: the filing, the filing date, whether the document was read in
full). The family modules register their checks here with ``@rule(...)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any, TypeAlias, TypeVar, cast

from form4.model import DerivativeTransaction, Filing, NonDerivativeTransaction, Row, Transaction
from form4.rules.findings import Severity

__all__ = [
    "COMPLETE_FORMATS",
    "FAMILIES",
    "TECH_SPEC",
    "Check",
    "Context",
    "Rule",
    "catalogue",
    "place",
    "rule",
    "runs",
]

_T = TypeVar("_T")

#: Rule families by the first letter of the id, in catalogue order.
FAMILIES: dict[str, str] = {
    "R": "source",
    "S": "structure",
    "F": "footnotes",
    "C": "coding",
    "H": "holdings",
    "T": "timeliness",
}

#: How rule sources name the SEC's EDGAR Ownership XML Technical Specification (v5.5, March
#: 2026, with the schema files distributed with it); docs/sources.md lists every public source
#: the rules cite and where to find it.
TECH_SPEC = "EDGAR Ownership XML Technical Specification v5.5"

#: Source formats that carry the whole ownership document, so that a value missing from the
#: Filing is missing from the filing. Renderings (the SEC's HTML page, text or markdown made from
#: it) show only part of the form, and a submission without XML only its EDGAR header: rules that
#: judge absence are not run on them. "model" is a Filing built in Python.
COMPLETE_FORMATS = frozenset(
    {"xml", "submission", "submission-nc", "edgar-submission-xml", "model"}
)


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of the catalogue.

    ``needs_document`` rules judge what is absent (a required element, a footnote nobody refers
    to); they run only when the whole ownership document was read (``COMPLETE_FORMATS``).
    """

    id: str
    name: str
    severity: Severity
    summary: str
    source: str
    needs_document: bool = False

    @property
    def family(self) -> str:
        return FAMILIES[self.id[0]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "severity": self.severity,
            "family": self.family,
            "summary": self.summary,
            "source": self.source,
            "needs_document": self.needs_document,
        }


@dataclass(frozen=True, slots=True)
class Context:
    """What a check sees: the filing, the filing date its dates are judged against (``None`` when
    unknown) and whether the whole ownership document was read.

    ``rows`` and ``transactions`` list the rows once for every check; ``shared`` keeps what
    several checks derive from the filing alike.
    """

    filing: Filing
    filed: date | None
    complete: bool
    #: ``filing.form``: "3", "4" or "5" (or what else the document type says).
    form: str = field(init=False, repr=False, compare=False)
    #: ``("I" | "II", 1-based row number, row)`` for every row, Table I first.
    rows: tuple[tuple[str, int, Row], ...] = field(init=False, repr=False, compare=False)
    #: The entries of ``rows`` that are transactions.
    transactions: tuple[tuple[str, int, Transaction], ...] = field(
        init=False, repr=False, compare=False
    )
    _shared: dict[Callable[[Context], object], object] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        rows: list[tuple[str, int, Row]] = [
            ("I", number, row) for number, row in enumerate(self.filing.non_derivative, 1)
        ]
        rows += [("II", number, row) for number, row in enumerate(self.filing.derivative, 1)]
        transactions = [
            (table, number, row)
            for table, number, row in rows
            if isinstance(row, NonDerivativeTransaction | DerivativeTransaction)
        ]
        object.__setattr__(self, "form", self.filing.form)
        object.__setattr__(self, "rows", tuple(rows))
        object.__setattr__(self, "transactions", tuple(transactions))
        object.__setattr__(self, "_shared", {})

    def table_rows(self) -> Iterator[tuple[str, int, Row]]:
        """``("I" | "II", 1-based row number, row)`` for every row, Table I first."""
        return iter(self.rows)

    def shared(self, compute: Callable[[Context], _T]) -> _T:
        """``compute(self)``, computed on the first call only: for what several checks derive
        from the filing alike (their findings come from one pass over the rows)."""
        shared = self._shared
        if compute in shared:
            return cast(_T, shared[compute])
        value = compute(self)
        shared[compute] = value
        return value


#: A check yields ``(where, message)`` pairs; the catalogue adds the rule id and severity.
Check: TypeAlias = Callable[[Context], Iterable[tuple[str, str]]]

_REGISTERED: dict[str, tuple[Rule, Check]] = {}


def rule(
    id: str,
    name: str,
    severity: Severity,
    summary: str,
    *,
    source: str,
    needs_document: bool = False,
) -> Callable[[Check], Check]:
    """Register a check under a new rule of the catalogue."""
    entry = Rule(id, name, severity, summary, source, needs_document)

    def register(check: Check) -> Check:
        if id in _REGISTERED or any(r.name == name for r, _ in _REGISTERED.values()):
            raise ValueError(f"rule {id} {name} registered twice")
        if id[0] not in FAMILIES:
            raise ValueError(f"rule id {id} does not start with a family letter {list(FAMILIES)}")
        _REGISTERED[id] = (entry, check)
        catalogue.cache_clear()
        runs.cache_clear()
        return check

    return register


@cache
def catalogue() -> tuple[tuple[Rule, Check], ...]:
    """Every registered rule with its check, by family then id (sorted once per registration)."""
    order = list(FAMILIES)
    return tuple(
        sorted(_REGISTERED.values(), key=lambda item: (order.index(item[0].id[0]), item[0].id))
    )


@cache
def runs(complete: bool) -> tuple[tuple[str, Severity, Check], ...]:
    """``(rule id, severity, check)`` of the rules run on a filing, in catalogue order: all of
    them when the whole document was read (``complete``), else those not ``needs_document``."""
    return tuple(
        (entry.id, entry.severity, check)
        for entry, check in catalogue()
        if complete or not entry.needs_document
    )


#: How fields are named in ``where``: the model's attribute names in words, as on the form.
_FIELD_WORDS = {
    "coding": "transaction code",
    "code": "transaction code",
    "timeliness": "timeliness",
    "form_type": "transaction form type",
    "equity_swap": "equity swap",
    "acquired_disposed": "acquired or disposed",
    "direct_indirect": "direct or indirect",
    "nature": "nature of ownership",
    "conversion_price": "conversion or exercise price",
    "total_value": "total value",
    "deemed_execution_date": "deemed execution date",
}


def field_words(field: str) -> str:
    return _FIELD_WORDS.get(field, field.replace("_", " "))


def place(table: str, number: int, field: str | None = None) -> str:
    """``Table I row 3`` or ``Table I row 3, price``."""
    where = f"Table {table} row {number}"
    return f"{where}, {field_words(field)}" if field else where
