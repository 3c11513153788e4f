"""Validation: ``validate(filing)`` runs every rule of the catalogue on a Filing and returns a
``Report`` of ``Finding``s. It never raises on a Filing that ``form4.read`` returned.

One module per family of rules, each registering its checks in ``catalogue``:

    source.py      R  the Filing came from a rendering or a header only
    structure.py   S  required and allowed elements, pick lists, relationships, limits
    footnotes.py   F  footnote ids, references resolved and used
    coding.py      C  codes against direction, price, pairs, dates, checkbox, gift rule
    holdings.py    H  amounts owned after chaining from row to row
    timeliness.py  T  deadlines, counted in EDGAR business days (``form4.calendar``)
"""

from __future__ import annotations

from datetime import date

from form4.calendar import FIRST_YEAR, filing_date
from form4.model import Filing
from form4.rules import coding, footnotes, holdings, source, structure, timeliness
from form4.rules.catalogue import COMPLETE_FORMATS, Context, Rule, catalogue, runs
from form4.rules.findings import SEVERITIES, DueDate, Finding, Report, Severity

__all__ = ["RULES", "SEVERITIES", "DueDate", "Finding", "Report", "Rule", "Severity", "validate"]

# The family modules register their rules when imported (above); the names keep them imported.
_FAMILIES = (source, structure, footnotes, coding, holdings, timeliness)

#: The rule catalogue, by family (R, S, F, C, H, T) then id.
RULES: tuple[Rule, ...] = tuple(entry for entry, _check in catalogue())

_RANK: dict[str, int] = {severity: rank for rank, severity in enumerate(SEVERITIES)}


def _rank(finding: Finding) -> int:
    return _RANK[finding.severity]


def _filing_date(filing: Filing, filed: date | None) -> date | None:
    """The date deadlines are judged against: given, else EDGAR's filed-as-of date, else the
    acceptance time's filing date."""
    if filed is not None:
        return filed
    header = filing.header
    if header is None:
        return None
    if header.filed is not None:
        return header.filed
    if header.accepted is not None and header.accepted.year >= FIRST_YEAR:
        return filing_date(header.accepted)
    return None


def validate(filing: Filing, *, filed: date | None = None) -> Report:
    """Check a filing against every rule of ``RULES``.

    ``filed`` is the filing date to judge deadlines by; by default the EDGAR header's filed-as-of
    date when the filing was read from a submission. Without either, the timeliness rules report
    only that the date is unknown (rule T001). The report lists the due date of every transaction
    either way (``Report.due_dates``), on time or not.
    """
    context = Context(
        filing=filing,
        filed=_filing_date(filing, filed),
        complete=filing.source.format in COMPLETE_FORMATS,
    )
    found: list[Finding] = []
    for rule_id, severity, check in runs(context.complete):
        for where, message in check(context):
            found.append(Finding(rule_id, severity, where, message))
    if len(found) > 1:
        found.sort(key=_rank)
    return Report(
        findings=tuple(found),
        source=filing.source.name,
        filed=context.filed,
        due_dates=timeliness.due_dates(context),
    )
