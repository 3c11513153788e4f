"""Every rule of the catalogue, on a real filing that passes it and on a minimally changed copy
that fails it: the XML bytes edited with ``.replace`` and read again, or the Filing changed with
``dataclasses.replace``. A last test checks that no rule is left without a case."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

import form4
from form4 import RULES, Filing, validate

from .conftest import DATA

TESLA = "xml/0000899243-21-044232.xml"  # Form 4: 30 sales by a trust, officer CEO, 29 footnotes
MVIS = "xml/candlechaser_form4.xml"  # Form 4, X0609: RSUs vest (M), tax (F), grants (A)
LAM_4A = "txt/0000707549-25-000004.txt"  # Form 4/A submission, gift G, filed 2025-01-21
UNITY_3 = "xml/0000899243-20-025608.xml"  # Form 3, period 2020-09-17
MUSK_5 = "xml/0000899243-22-006240.xml"  # Form 5, gifts of 2021 as Form 5 items
ISABELLA = "txt/0000842517-24-000086.txt"  # Form 4 submission: P on 2024-04-29, filed 05-01
HOLDINGS_ONLY = "xml/0000899243-22-012864.xml"  # Form 4 with one holding, no transaction
SNOW_5 = "xml/edgartools_form5.snow.xml"  # Form 5, also in tests/data/html as SEC rendering

TESLA_FILED = date(2021, 11, 10)  # the signature date; transactions of 2021-11-09
SAME = object()  # the mutated filing is judged with the same filing date as the original


def _read(name: str) -> Filing:
    return form4.read(DATA / name)


def swap(*pairs: tuple[str, str], count: int = 1) -> Callable[[str], Filing]:
    """Read ``name`` with each ``old`` replaced by ``new`` (``count`` times; -1 for all)."""

    def mutate(name: str) -> Filing:
        data = (DATA / name).read_bytes()
        for old, new in pairs:
            assert old.encode() in data, f"{old!r} not in {name}"
            data = data.replace(old.encode(), new.encode(), count)
        return form4.read(data, name=f"{name} (changed)")

    return mutate


def change(edit: Callable[[Filing], Filing]) -> Callable[[str], Filing]:
    """Read ``name`` and change the Filing with ``edit``."""
    return lambda name: edit(_read(name))


def row(table: str, index: int, **values: Any) -> Callable[[Filing], Filing]:
    """Change one row (0-based ``index``) of Table I (``"I"``) or II with dataclasses.replace."""

    def edit(filing: Filing) -> Filing:
        attr = "non_derivative" if table == "I" else "derivative"
        rows = list(getattr(filing, attr))
        rows[index] = dataclasses.replace(rows[index], **values)
        return dataclasses.replace(filing, **{attr: tuple(rows)})

    return edit


def _renamed_footnote(old: str, new: str) -> Callable[[Filing], Filing]:
    """The footnote ``old`` renamed ``new``, in its text and in every row referring to it."""

    def rename(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(new if fid == old else fid for fid in ids)

    def edit(filing: Filing) -> Filing:
        def fix(rows: tuple[Any, ...]) -> tuple[Any, ...]:
            return tuple(
                dataclasses.replace(r, footnotes={k: rename(v) for k, v in r.footnotes.items()})
                for r in rows
            )

        notes = {new if k == old else k: v for k, v in filing.footnotes.items()}
        return dataclasses.replace(
            filing,
            footnotes=notes,
            non_derivative=fix(filing.non_derivative),
            derivative=fix(filing.derivative),
        )

    return edit


def without_price_footnote(table: str, index: int, **values: Any) -> Callable[[Filing], Filing]:
    def edit(filing: Filing) -> Filing:
        rows = filing.non_derivative if table == "I" else filing.derivative
        notes = {k: v for k, v in rows[index].footnotes.items() if k != "price"}
        return row(table, index, footnotes=notes, **values)(filing)

    return edit


@dataclass(frozen=True)
class Case:
    rule: str
    base: str
    mutate: Callable[[str], Filing]
    filed: date | None = None
    mutated_filed: Any = SAME
    where: str | None = None
    says: str | None = None  # a piece of the message
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.base.split('/')[-1]}-{self.where or ''}"


LONG_TITLE = "Chief Executive Officer and Technoking"  # 38 characters; the limit is 30
F2_TEXT = (
    "The Elon Musk Revocable Trust dated July 22, 2003, for which the reporting person is trustee."
)

CASES = [
    Case(
        "R001",
        SNOW_5,
        lambda _name: _read("html/edgartools_form5.snow.html"),
        where="filing",
        says="HTML rendering",
    ),
    Case(
        # The readers refuse such a document (tests/test_hostile.py); a Filing built in Python
        # can still hold one.
        "S001",
        TESLA,
        change(lambda f: dataclasses.replace(f, document_type="4/B")),
        where="document type",
    ),
    Case(
        "S002",
        TESLA,
        swap(("<issuerTradingSymbol>TSLA</issuerTradingSymbol>", "")),
        where="issuer, trading symbol",
    ),
    Case(
        "S002",
        MVIS,
        swap(("<equitySwapInvolved>0</equitySwapInvolved>", "")),
        where="Table I row 1, equity swap",
    ),
    Case(
        "S002",
        LAM_4A,
        swap(("<dateOfOriginalSubmission>2024-11-04</dateOfOriginalSubmission>", "")),
        where="date of original submission",
    ),
    Case(
        "S002",
        TESLA,
        swap(("<signatureDate>2021-11-10</signatureDate>", "")),
        where="signature 1, date",
    ),
    Case(
        "S003",
        TESLA,
        swap(("<documentType>4</documentType>", "<documentType>3</documentType>")),
        where="Table I row 1",
        says="a transaction on a Form 3",
    ),
    Case(
        "S003",
        "xml/0000707549-25-000004.xml",
        swap(("<documentType>4/A</documentType>", "<documentType>4</documentType>")),
        where="date of original submission",
    ),
    Case(
        "S003",
        MVIS,
        change(
            row(
                "II",
                0,
                footnotes={
                    "acquired_disposed": ("F4",),
                    "conversion_price": ("F4",),
                    "exercise_date": ("F5",),
                },
            )
        ),
        where="Table II row 1, acquired or disposed",
    ),
    Case(
        "S004",
        TESLA,
        swap(("<transactionCode>S</transactionCode>", "<transactionCode>V</transactionCode>")),
        where="Table I row 1, transaction code",
        says="not a transactionCode",
    ),
    Case(
        "S004",  # the readers refuse such a code; a Filing built in Python can hold one
        TESLA,
        change(row("I", 0, direct_indirect="X")),
        where="Table I row 1, direct or indirect",
    ),
    Case(
        "S005",
        TESLA,
        swap(("<transactionCode>S</transactionCode>", "<transactionCode>s</transactionCode>")),
        where="Table I row 1, transaction code",
    ),
    Case(
        "S006",
        MVIS,
        swap(("<isOfficer>1</isOfficer>", "<isOfficer>0</isOfficer>")),
        where="reporting owner 1, relationship",
    ),
    Case(
        "S007",
        MVIS,
        swap(("<officerTitle>GC</officerTitle>", "<officerTitle></officerTitle>")),
        where="reporting owner 1, officer title",
    ),
    Case(
        "S008",
        MVIS,
        swap(
            ("<isDirector>0</isDirector>", "<isDirector>1</isDirector>"),
            ("<isOfficer>1</isOfficer>", "<isOfficer>0</isOfficer>"),
        ),
        where="reporting owner 1, officer title",
    ),
    Case(
        "S009",
        TESLA,
        swap(("<value>by Trust</value>", "<value></value>")),
        where="Table I row 1, nature of ownership",
        says="missing for indirect ownership (only a footnote)",
    ),
    Case(
        "S009",
        MVIS,
        change(row("I", 0, nature="By spouse")),
        where="Table I row 1, nature of ownership",
        says="given for direct ownership",
    ),
    Case(
        "S010",
        TESLA,
        change(row("I", 4, value_owned_after=Decimal(1000))),
        where="Table I row 5, value owned after",
    ),
    Case(
        "S010",
        MVIS,
        change(row("II", 0, underlying_shares=None)),
        where="Table II row 1, underlying shares",
    ),
    Case(
        "S011",
        MVIS,
        change(without_price_footnote("I", 2, price=None)),
        where="Table I row 3, price",
    ),
    Case(
        "S011",
        MVIS,
        change(row("II", 1, exercise_date=None, footnotes={})),
        where="Table II row 2, exercise date",
    ),
    Case(
        "S012",
        TESLA,
        change(
            lambda f: dataclasses.replace(
                f, non_derivative=(*f.non_derivative, f.non_derivative[0])
            )
        ),
        where="Table I",
        says="31 given; at most 30",
    ),
    Case(
        "S013",
        TESLA,
        change(lambda f: dataclasses.replace(f, owners=f.owners * 2)),
        where="reporting owner 2, CIK",
    ),
    Case(
        "S014",
        TESLA,
        swap(("<officerTitle>CEO</officerTitle>", f"<officerTitle>{LONG_TITLE}</officerTitle>")),
        where="reporting owner 1, officer title",
        says="38 characters",
    ),
    Case(
        "S014",
        TESLA,
        swap(("<issuerCik>0001318605</issuerCik>", "<issuerCik>01318605X</issuerCik>")),
        where="issuer, CIK",
    ),
    Case(
        "S015",
        TESLA,
        swap(("<value>1073.04</value>", "<value>1073.04125</value>")),
        where="Table I row 1, price",
        says="5 decimals",
    ),
    Case(
        "S015",
        TESLA,
        change(row("I", 0, shares_owned_after=Decimal("Infinity"))),
        where="Table I row 1, shares owned after",
        says="Infinity is not a number",
    ),
    Case(
        "S016",
        HOLDINGS_ONLY,
        change(lambda f: dataclasses.replace(f, non_derivative=())),
        where="filing",
    ),
    Case(
        "F001",  # the readers refuse such an id; a Filing built in Python can hold one
        TESLA,
        change(_renamed_footnote("F2", "F02")),
        where="footnote F02",
    ),
    Case(
        "F002",
        TESLA,
        swap(('<footnote id="F2">', '<footnote id="F31">')),
        where="Table I row 1, nature of ownership",
        says="footnote F2",
    ),
    Case(
        "F003",
        TESLA,
        swap(("</footnotes>", '<footnote id="F30">Not referred to.</footnote></footnotes>')),
        where="footnote F30",
    ),
    Case(
        "F004",
        TESLA,
        swap(("</footnotes>", '<footnote id="F1">Again.</footnote></footnotes>')),
        where="footnote F1",
    ),
    Case(
        "F005",
        TESLA,
        swap(('<footnoteId id="F1"/>', '<footnoteId id="F1"/><footnoteId id="F1"/>')),
        where="Table I row 1, price",
    ),
    Case("F006", TESLA, swap((F2_TEXT, "")), where="footnote F2"),
    Case("F007", TESLA, swap((F2_TEXT, "x" * 1001)), where="footnote F2", says="1,001 characters"),
    Case(
        "C001",
        TESLA,
        change(row("I", 0, acquired_disposed="A")),
        where="Table I row 1, acquired or disposed",
        says="code S",
    ),
    Case(
        "C002",
        ISABELLA,
        change(without_price_footnote("I", 0, price=Decimal(0))),
        where="Table I row 1, price",
    ),
    Case(
        "C003",
        MVIS,
        change(lambda f: dataclasses.replace(f, non_derivative=f.non_derivative[2:])),
        where="Table II row 2",
    ),
    Case(
        "C004",
        TESLA,
        lambda name: _read(name),
        filed=TESLA_FILED,
        mutated_filed=date(2021, 11, 8),
        where="period of report",
    ),
    Case(
        "C005",
        TESLA,
        swap(
            (
                "<periodOfReport>2021-11-09</periodOfReport>",
                "<periodOfReport>2021-11-10</periodOfReport>",
            )
        ),
        where="Table I row 1, transaction date",
    ),
    Case(
        "C006",
        MUSK_5,
        change(row("I", 4, transaction_date=date(2022, 1, 3))),
        where="Table I row 5, transaction date",
    ),
    Case(
        "C007",
        MVIS,
        swap(("<aff10b5One>0</aff10b5One>", "")),
        where="Rule 10b5-1 checkbox",
        says="schema X0609",
    ),
    Case(
        "C007",
        TESLA,
        lambda name: _read(name),
        filed=TESLA_FILED,
        mutated_filed=date(2023, 4, 3),
        where="Rule 10b5-1 checkbox",
        says="filed 2023-04-03",
    ),
    Case(
        "C008",
        LAM_4A,
        swap(
            (
                "<transactionFormType>4</transactionFormType>",
                "<transactionFormType>5</transactionFormType>",
            )
        ),
        where="Table I row 1, transaction form type",
    ),
    Case(
        "C009",
        TESLA,
        swap(
            (
                "<value></value>\n            </transactionTimeliness>",
                "<value>L</value>\n            </transactionTimeliness>",
            )
        ),
        where="Table I row 1, timeliness",
    ),
    Case(
        "C010",
        TESLA,
        swap(
            (
                "<deemedExecutionDate></deemedExecutionDate>",
                "<deemedExecutionDate><value>2021-11-19</value></deemedExecutionDate>",
            )
        ),
        where="Table I row 1, deemed execution date",
        says="later than 2021-11-15, the third business day",  # 11-11 is Veterans Day
    ),
    Case(
        "C011",
        MVIS,
        change(row("II", 0, expiration_date=date(2026, 6, 7))),
        where="Table II row 1, expiration date",
    ),
    Case(
        "C012",
        ISABELLA,
        change(lambda f: dataclasses.replace(f, non_derivative=f.non_derivative[1:])),
        where="filing",
    ),
    Case(
        "H001",
        TESLA,
        swap(("<value>168833814</value>", "<value>168833815</value>")),
        where="Table I row 2, shares owned after",
        says="difference 1",
    ),
    Case(
        "H002",
        TESLA,
        change(row("I", 1, transaction_date=date(2021, 11, 10), shares_owned_after=Decimal(5))),
        where="Table I row 2, shares owned after",
        says="rows of different dates",
    ),
    Case(
        "T001",
        TESLA,
        lambda name: _read(name),
        filed=TESLA_FILED,
        mutated_filed=None,
        where="filing",
    ),
    Case(
        "T002",
        ISABELLA,
        lambda name: _read(name),
        mutated_filed=date(2024, 5, 3),
        where="Table I row 1",
        says="filed 2024-05-03, 2 business days after the due date 2024-05-01",
    ),
    Case(
        "T003",
        UNITY_3,
        lambda name: _read(name),
        filed=date(2020, 9, 28),  # 10 days after 2020-09-17 is Sunday the 27th: due Monday
        mutated_filed=date(2020, 9, 29),
        where="period of report",
        says="1 business day after the due date 2020-09-28",
    ),
    Case(
        "T004",
        MUSK_5,
        lambda name: _read(name),
        filed=date(2022, 2, 14),  # 45 days after 2021-12-31
        mutated_filed=date(2022, 2, 16),
        where="period of report",
        says="2 business days after the due date 2022-02-14",
    ),
    Case(
        "T005",
        ISABELLA,
        swap(
            ("<documentType>4</documentType>", "<documentType>4/A</documentType>"),
            (
                "<periodOfReport>2024-04-29</periodOfReport>",
                "<periodOfReport>2024-04-29</periodOfReport>\n"
                "<dateOfOriginalSubmission>2024-05-06</dateOfOriginalSubmission>",
            ),
        ),
        where="Table I row 1",
        says="the original was filed 2024-05-06, 3 business days after the due date 2024-05-01",
    ),
    Case(
        "T006",
        ISABELLA,
        lambda name: _read(name),
        mutated_filed=date(2003, 6, 27),
        where="filing",
    ),
    Case(
        "T007",
        MUSK_5,
        swap(
            (
                "<transactionFormType>5</transactionFormType>",
                "<transactionFormType>4</transactionFormType>",
            )
        ),
        filed=date(2022, 2, 14),
        where="Table I row 1",
        # Nov 24-30: 4 (Thanksgiving); Dec: 21 (24th and 31st observed); Jan: 20 (MLK); Feb: 10
        says="due on Form 4 by 2021-11-23; filed 2022-02-14, 55 business days after",
    ),
]

SEVERITY = {r.id: r.severity for r in RULES}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_passes_the_real_filing_and_fails_the_changed_copy(case: Case) -> None:
    before = validate(_read(case.base), filed=case.filed)
    assert case.rule not in before.rules, [str(f) for f in before if f.rule == case.rule]
    filed = case.filed if case.mutated_filed is SAME else case.mutated_filed
    after = validate(case.mutate(case.base), filed=filed)
    hits = [f for f in after if f.rule == case.rule]
    assert hits, f"{case.rule} not found in {[str(f) for f in after]}"
    assert {f.severity for f in hits} == {SEVERITY[case.rule]}
    if case.where is not None:
        assert case.where in [f.where for f in hits], [str(f) for f in hits]
    if case.says is not None:
        assert any(case.says in f.message for f in hits), [f.message for f in hits]


def test_every_rule_has_a_case() -> None:
    assert {c.rule for c in CASES} == {r.id for r in RULES}


# -- real filings that trip a rule as they are --------------------------------------------------

REAL_TRIPS = [
    # A purchase (P) coded as disposed of (D): the filing contradicts its own code.
    ("C001", "xml/edgar-pipeline_form4_tz_suffix_date.xml", "Table I row 1, acquired or disposed"),
    # An option exercise (M) in Table II with no acquisition of the common stock in Table I.
    ("C003", "txt/0000019446-06-000081.txt", "Table II row 1"),
    # A Form 5 for the fiscal year ended 2020-01-31 reporting gifts of 2020-03-04.
    ("C006", "xml/0001441816-20-000060.xml", "Table I row 1, transaction date"),
    # "This Form 4 is not being filed in connection with the acquisition or disposition...".
    ("C012", HOLDINGS_ONLY, "filing"),
    # Two funds sell on one day; rows 3 and 4 do not follow from rows 1 and 2.
    ("H001", "xml/SecForm4Analysis_sampleForm4.xml", "Table I row 3, shares owned after"),
    # Transfers of June and August 2021 on one Form 4: other reports fall between them.
    ("H002", "xml/0001062993-21-007940.xml", "Table I row 2, shares owned after"),
    # Filed 2014-04-24 for RSUs vesting on 2014-04-17: due 2014-04-21 (Good Friday is open).
    ("T002", "txt/0001209191-14-029113.txt", "Table I row 1"),
    ("T005", LAM_4A, "date of original submission"),
    ("T006", "txt/0001012325-98-000004.txt", "filing"),
    ("R001", "txt/0001012325-98-000004.txt", "filing"),
]


@pytest.mark.parametrize(("rule", "name", "where"), REAL_TRIPS, ids=[r[0] for r in REAL_TRIPS])
def test_real_filings_that_trip_a_rule(rule: str, name: str, where: str) -> None:
    report = validate(_read(name))
    assert where in [f.where for f in report if f.rule == rule], [str(f) for f in report]


def test_late_form4_counts_business_days_and_late_transactions() -> None:
    report = validate(_read("txt/0001209191-14-029113.txt"))
    (late,) = [f for f in report if f.rule == "T002"]
    assert late.message == (
        "filed 2014-04-24, 3 business days after the due date 2014-04-21 of this transaction of "
        "2014-04-17; 3 of 3 transactions late"
    )


def test_deemed_execution_date_moves_the_form4_deadline() -> None:
    # Executed 2024-04-29, deemed 2024-05-01 (a plan trade): due 2024-05-03, so 05-03 is on time.
    edit = row("I", 0, deemed_execution_date=date(2024, 5, 1))
    filing = edit(_read(ISABELLA))
    assert "T002" not in validate(filing, filed=date(2024, 5, 3)).rules
    assert "T002" in validate(filing, filed=date(2024, 5, 6)).rules


def test_form5_items_and_old_gifts_on_a_form4_have_no_form4_deadline() -> None:
    filing = _read(ISABELLA)
    early = row("I", 0, form_type="5")(filing)
    assert "T002" not in validate(early, filed=date(2024, 6, 3)).rules
    old_gift = row("I", 0, code="G", acquired_disposed="D", transaction_date=date(2023, 2, 24))
    assert "T002" not in validate(old_gift(filing), filed=date(2023, 6, 1)).rules
    new_gift = row("I", 0, code="G", acquired_disposed="D", transaction_date=date(2023, 2, 27))
    assert "T002" in validate(new_gift(filing), filed=date(2023, 6, 1)).rules


def test_header_only_form4_is_judged_from_its_period() -> None:
    report = validate(_read("txt/0001140361-23-028639.txt"))
    (late,) = [f for f in report if f.rule == "T002"]
    assert late.where == "period of report"
    assert "136 business days after the due date 2022-11-18" in late.message
    assert "R001" in report.rules


def test_amendment_is_not_judged_late_itself() -> None:
    report = validate(_read(LAM_4A), filed=date(2026, 1, 5))
    assert "T002" not in report.rules
    (note,) = [f for f in report if f.rule == "T005"]
    assert note.message.endswith("the original, filed 2024-11-04, was on time")


def test_dates_outside_the_calendar_do_not_raise() -> None:
    filing = _read(TESLA)
    for day in (date(1, 1, 1), date(1970, 12, 31), date(9999, 12, 31)):
        edited = row("I", 0, transaction_date=day, deemed_execution_date=day + timedelta(0))(filing)
        edited = dataclasses.replace(edited, period_of_report=day)
        for filed in (None, day, date(2024, 1, 2)):
            validate(edited, filed=filed)
