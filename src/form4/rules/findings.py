"""What validation returns: a ``Report`` of ``Finding``s, each naming its rule, severity and place.

Severities, from worst:

- ``error``: the filing breaks a rule that EDGAR or the form itself enforces (EDGAR would
  suspend the document, or the form contradicts its own instructions);
- ``warning``: probably wrong, or late, but of a kind accepted filings carry;
- ``info``: worth knowing; nothing to correct.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

if TYPE_CHECKING:
    from rich.console import RenderableType

__all__ = ["SEVERITIES", "Finding", "Report", "Severity"]

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


@dataclass(frozen=True, slots=True, repr=False)
class Report:
    """The findings of ``validate(filing)``, errors first, then warnings, then info; within a
    severity in the order of the rule catalogue.

    ``source`` names the filing's source, ``filed`` is the filing date the dates were judged
    against (``None`` when it was not known). A report is ``ok`` when it holds no error.
    ``repr`` is one line (source and counts); a notebook (``_repr_html_``) and a Rich console
    (``__rich__``) show the findings table.
    """

    findings: tuple[Finding, ...] = ()
    source: str = ""
    filed: date | None = None

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
        """A JSON-ready dict: source, filing date used, counts and the findings."""
        return {
            "source": self.source,
            "filed": self.filed.isoformat() if self.filed else None,
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "infos": len(self.infos),
            "findings": [f.to_dict() for f in self.findings],
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
