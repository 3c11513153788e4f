"""What validation returns: a ``Report`` of ``Finding``s, each naming its rule, severity and place.

Severities, from worst:

- ``error``: the filing breaks a rule that EDGAR or the form itself enforces (EDGAR would
  suspend the document, or the form contradicts its own instructions);
- ``warning``: probably wrong, or late, but of a kind accepted filings carry;
- ``info``: worth knowing; nothing to correct.

Beside the findings, a report lists the due date of every transaction (``DueDate``), on time or
not: what the filer needs to know whether anything was wrong or not. They are part of the report
only, never stored as findings.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

if TYPE_CHECKING:
    from rich.console import RenderableType

    from form4.calendar import Deadline

__all__ = ["SEVERITIES", "DueDate", "Finding", "Report", "Severity"]

Severity: TypeAlias = Literal["error", "warning", "info"]

#: The severities, worst first.
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a rule found: ``rule`` is the rule's id (see ``form4.RULES``), ``where`` the
    place (``Table I row 3, price``; ``reporting owner 2, officer title``; ``filing``)."""

    rule: str
    severity: Severity
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity} {self.rule} {self.where}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "where": self.where,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class DueDate:
    """When one transaction of the filing was due, or for a Form 3 or 5 the filing itself.

    ``where`` names the row as findings do (``Table I row 2``), or ``filing``;
    ``transaction_date`` is the row's. ``deadline`` (``form4.Deadline``: ``due``, ``cutoff``,
    ``counted_from``) is the one that applies: a Form 4 transaction's (from the deemed execution
    date where it counts), or on a Form 5 the Form 5's (45 days after the fiscal year end), except
    for a transaction of form type 4, due on Form 4; None when there is none (a Form 5 item
    reported early on a Form 4, no usable date), and ``note`` says why. ``on_time``: whether the
    filing date the report judged against (``Report.filed``) met the deadline; None when that
    date is unknown or the filing is not judged (an amendment, a filing before 2003-06-30:
    ``note`` says which).
    """

    where: str
    transaction_date: date | None
    deadline: Deadline | None
    on_time: bool | None
    note: str = ""

    @property
    def due(self) -> date | None:
        """The last timely filing date, None without a deadline."""
        return self.deadline.due if self.deadline is not None else None

    def __str__(self) -> str:
        due = f"due {self.due}" if self.due is not None else "no deadline"
        state = {True: "on time", False: "late", None: ""}[self.on_time]
        traded = f" of {self.transaction_date}" if self.transaction_date is not None else ""
        text = ", ".join(part for part in (f"{self.where}{traded}: {due}", state) if part)
        return f"{text} ({self.note})" if self.note else text

    def to_dict(self) -> dict[str, Any]:
        deadline = self.deadline
        return {
            "where": self.where,
            "transaction_date": _iso(self.transaction_date),
            "form": deadline.form if deadline is not None else None,
            "counted_from": _iso(deadline.counted_from) if deadline is not None else None,
            "due": _iso(self.due),
            "on_time": self.on_time,
            "note": self.note,
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


@dataclass(frozen=True, slots=True, repr=False)
class Report:
    """The findings of ``validate(filing)``, errors first, then warnings, then info; within a
    severity in the order of the rule catalogue.

    ``source`` names the filing's source, ``filed`` is the filing date the dates were judged
    against (``None`` when it was not known). A report is ``ok`` when it holds no error.
    ``due_dates`` holds the due date of every transaction, in table order (and of the filing
    itself for a Form 3 or 5), with whether it was met: see ``DueDate``.
    ``repr`` is one line (source and counts); a notebook (``_repr_html_``) and a Rich console
    (``__rich__``) show the findings table.
    """

    findings: tuple[Finding, ...] = ()
    source: str = ""
    filed: date | None = None
    due_dates: tuple[DueDate, ...] = ()

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def infos(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "info")

    @property
    def ok(self) -> bool:
        """No error finding (warnings and info allowed)."""
        return not self.errors

    @property
    def rules(self) -> tuple[str, ...]:
        """The ids of the rules that found something, each once, in report order."""
        return tuple(dict.fromkeys(f.rule for f in self.findings))

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def __bool__(self) -> bool:
        # A report is always truthy (``if report:`` should not mean "has findings"); use ``ok``.
        return True

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: source, filing date used, counts, the findings and the due dates."""
        return {
            "source": self.source,
            "filed": self.filed.isoformat() if self.filed else None,
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "infos": len(self.infos),
            "findings": [f.to_dict() for f in self.findings],
            "due_dates": [d.to_dict() for d in self.due_dates],
        }

    def __repr__(self) -> str:
        from form4._display import report_repr

        return report_repr(self)

    def _repr_html_(self) -> str:
        from form4._display import html, report_view

        return html(report_view(self))

    def __rich__(self) -> RenderableType:
        from form4._display import report_view, rich

        return rich(report_view(self))
