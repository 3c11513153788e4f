"""A model object built with a value of the wrong type is refused when it is made.

The types are the dataclasses' annotations (form4._fieldtypes reads them); these tests keep an
oracle of their own, written from the annotations' text, so that a check that drifted from them
would show. Every field of every class is tried with a value of every kind; the readers' objects
(every filing of tests/data) pass the same check.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

import form4
from form4 import _fieldtypes
from form4 import model as M
from form4.errors import Form4Error, ModelTypeError, ReadError, ReadWarning
from form4.read import xml as xml_reader
from form4.read._build import builder

from .conftest import DATA

CLASSES: list[type] = [
    M.Issuer,
    M.Address,
    M.ReportingOwner,
    M.Signature,
    M.NonDerivativeTransaction,
    M.NonDerivativeHolding,
    M.DerivativeTransaction,
    M.DerivativeHolding,
    M.HeaderAddress,
    M.HeaderEntity,
    M.HeaderDocument,
    M.EdgarHeader,
    M.Source,
    M.Filing,
]

#: What each class needs besides its defaults.
REQUIRED: dict[type, dict[str, Any]] = {
    M.Issuer: {"cik": "0000320193"},
    M.ReportingOwner: {"cik": "0001214156"},
    M.Signature: {"name": "/s/ Jane Doe"},
    M.HeaderEntity: {"role": "issuer"},
    M.Source: {"format": "model"},
    M.Filing: {"document_type": "4", "issuer": M.Issuer(cik="1"), "owners": ()},
}

#: One value of each kind.
POOL: dict[str, Any] = {
    "str": "2024-01-05",
    "int": 7,
    "bool": True,
    "float": 1.5,
    "Decimal": Decimal("1.5"),
    "date": date(2024, 1, 5),
    "datetime": datetime(2024, 1, 5, 12, 30),
    "bytes": b"x",
    "list": [],
    "dict": {},
    "tuple": (),
    "None": None,
    "Issuer": M.Issuer(cik="1"),
    "Address": M.Address(),
    "HeaderAddress": M.HeaderAddress(),
    "EdgarHeader": M.EdgarHeader(),
    "Source": M.Source(format="xml"),
}

#: The oracle: the kinds of POOL each annotation (as written in model.py) accepts.
ACCEPTS: dict[str, set[str]] = {
    "str": {"str"},
    "str | None": {"str", "None"},
    "bool | None": {"bool", "None"},
    "date | None": {"date", "None"},
    "datetime | None": {"datetime", "None"},
    "Decimal | None": {"Decimal", "None"},
    "int | None": {"int", "None"},
    "Literal['D', 'I'] | str | None": {"str", "None"},
    "Literal['A', 'D'] | str | None": {"str", "None"},
    "Literal['issuer', 'reporting-owner', 'subject-company', 'filer', 'filed-by'] | str": {"str"},
    "FootnoteRefs": {"dict"},
    "Mapping[str, str]": {"dict"},
    "Issuer": {"Issuer"},
    "Source": {"Source"},
    "Address | None": {"Address", "None"},
    "HeaderAddress | None": {"HeaderAddress", "None"},
    "EdgarHeader | None": {"EdgarHeader", "None"},
    "tuple[tuple[str, date | None], ...]": {"tuple"},
    "tuple[HeaderEntity, ...]": {"tuple"},
    "tuple[HeaderDocument, ...]": {"tuple"},
    "tuple[ReadWarning, ...]": {"tuple"},
    "tuple[ReportingOwner, ...]": {"tuple"},
    "tuple[NonDerivativeRow, ...]": {"tuple"},
    "tuple[DerivativeRow, ...]": {"tuple"},
    "tuple[Signature, ...]": {"tuple"},
}

FIELDS = [(cls, field) for cls in CLASSES for field in dataclasses.fields(cls)]


def _make(cls: type, **values: Any) -> Any:
    return cls(**{**REQUIRED.get(cls, {}), **values})


def test_every_model_class_is_checked() -> None:
    defined = {
        value
        for value in vars(M).values()
        if isinstance(value, type)
        and dataclasses.is_dataclass(value)
        and value.__module__ == M.__name__
    }
    assert defined - {M._RowBase, M._TransactionFields} == set(CLASSES)
    assert all(issubclass(cls, _fieldtypes.Checked) for cls in defined)


@pytest.mark.parametrize(
    ("cls", "field"), FIELDS, ids=[f"{cls.__name__}.{field.name}" for cls, field in FIELDS]
)
def test_every_field_takes_its_type_and_refuses_every_other(
    cls: type, field: dataclasses.Field[Any]
) -> None:
    accepted = ACCEPTS[str(field.type)]  # a new annotation needs its line in the oracle
    for kind, value in POOL.items():
        if kind in accepted:
            made = _make(cls, **{field.name: value})
            assert getattr(made, field.name) is value  # kept as given: nothing converted
        else:
            with pytest.raises(ModelTypeError) as refused:
                _make(cls, **{field.name: value})
            assert refused.value.place == f"{cls.__name__}.{field.name}", kind
            assert str(refused.value).startswith(f"{cls.__name__}.{field.name}: expected ")
            assert refused.value.value is value


def test_the_message_names_the_row_class_the_field_and_the_value() -> None:
    with pytest.raises(ModelTypeError) as refused:
        M.NonDerivativeTransaction(transaction_date="2024-01-05")  # type: ignore[arg-type]
    assert str(refused.value) == (
        "NonDerivativeTransaction.transaction_date: expected a date, got str '2024-01-05'; "
        "use date.fromisoformat('2024-01-05')"
    )
    assert isinstance(refused.value, TypeError) and isinstance(refused.value, Form4Error)
    assert refused.value.reason.startswith("expected a date, got str '2024-01-05'")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        # A datetime is a date to Python, not here: it never equals a date, comparing raises.
        (
            {"transaction_date": datetime(2024, 1, 5, 9, 30)},
            "NonDerivativeTransaction.transaction_date: expected a date, got datetime "
            "2024-01-05 09:30:00; use its .date(): a datetime is not a date here",
        ),
        (
            {"shares": 100},
            "NonDerivativeTransaction.shares: expected a Decimal, got int 100; use Decimal(100)",
        ),
        (
            {"price": 12.1},
            "NonDerivativeTransaction.price: expected a Decimal, got float 12.1; "
            "use Decimal('12.1') (a float is binary and inexact)",
        ),
        (
            {"price": "12.50"},
            "NonDerivativeTransaction.price: expected a Decimal, got str '12.50'; "
            "use Decimal('12.50')",
        ),
        ({"shares": True}, "NonDerivativeTransaction.shares: expected a Decimal, got bool True"),
        ({"equity_swap": 0}, "NonDerivativeTransaction.equity_swap: expected a bool, got int 0"),
        ({"code": 83}, "NonDerivativeTransaction.code: expected a str, got int 83"),
        (
            {"footnotes": {"price": ["F1"]}},
            "NonDerivativeTransaction.footnotes['price']: expected a tuple of str, got list "
            "['F1']; use a tuple, not a list",
        ),
        (
            {"footnotes": {"price": ("F1", 2)}},
            "NonDerivativeTransaction.footnotes['price'][1]: expected a str, got int 2",
        ),
        (
            {"footnotes": {3: ("F1",)}},
            "NonDerivativeTransaction.footnotes key 3: expected a str, got int 3",
        ),
    ],
)
def test_messages_say_what_came_and_how_to_fix_it(values: dict[str, Any], message: str) -> None:
    with pytest.raises(ModelTypeError) as refused:
        M.NonDerivativeTransaction(**values)
    assert str(refused.value) == message


def test_tuples_of_model_objects_check_each_item() -> None:
    owner = M.ReportingOwner(cik="2")
    with pytest.raises(ModelTypeError, match=r"^Filing\.owners: expected a tuple of "):
        _make(M.Filing, owners=[owner])
    with pytest.raises(ModelTypeError) as refused:
        _make(M.Filing, owners=(owner, "0001214156"))
    assert refused.value.place == "Filing.owners[1]"
    # A row of Table II in Table I, a holding where a transaction could be: by class.
    with pytest.raises(ModelTypeError) as refused:
        _make(M.Filing, non_derivative=(M.NonDerivativeHolding(), M.DerivativeTransaction()))
    assert str(refused.value) == (
        "Filing.non_derivative[1]: expected a NonDerivativeTransaction or a "
        "NonDerivativeHolding, got a DerivativeTransaction"
    )
    assert _make(M.Filing, derivative=(M.DerivativeHolding(), M.DerivativeTransaction()))
    with pytest.raises(ModelTypeError, match=r"^Filing\.signatures\[0\]: expected a Signature"):
        _make(M.Filing, signatures=({"name": "x"},))
    with pytest.raises(ModelTypeError, match=r"^Filing\.footnotes\['F1'\]: expected a str"):
        _make(M.Filing, footnotes={"F1": ("text",)})
    with pytest.raises(ModelTypeError, match=r"^Source\.warnings\[0\]: expected a ReadWarning"):
        M.Source(format="xml", warnings=("odd",))
    with pytest.raises(ModelTypeError, match=r"^EdgarHeader\.entities\[0\]: expected a Header"):
        M.EdgarHeader(entities=(M.HeaderDocument(),))
    names = (("OLD NAME INC", date(2001, 2, 3)), ("OLDER NAME", None))
    assert M.HeaderEntity(role="issuer", former_names=names).former_names is names
    with pytest.raises(ModelTypeError) as refused:
        M.HeaderEntity(role="issuer", former_names=(("OLD NAME INC", "20010203"),))
    assert refused.value.place == "HeaderEntity.former_names[0][1]"
    with pytest.raises(ModelTypeError, match=r"former_names\[0\]: expected a tuple \(a str"):
        M.HeaderEntity(role="issuer", former_names=(("OLD NAME INC",),))


class _Code(enum.StrEnum):
    SALE = "S"


class _Shares(Decimal):
    pass


def test_subclasses_and_other_mappings_are_instances() -> None:
    row = M.NonDerivativeTransaction(
        code=_Code.SALE,
        shares=_Shares("10"),
        footnotes=MappingProxyType({"price": ("F1",)}),
    )
    assert row.code == "S" and row.shares == 10 and row.footnotes_of("price") == ("F1",)
    filing = _make(M.Filing, footnotes=MappingProxyType({"F1": "a note"}))
    assert filing.footnotes["F1"] == "a note"
    # ... but not the subclasses that break the model: a datetime is refused as a date (above),
    # and True as an int.
    with pytest.raises(ModelTypeError, match="expected an int, got bool True"):
        M.HeaderDocument(sequence=True)


def test_replace_and_the_readers_fast_constructor_check_alike() -> None:
    row = M.NonDerivativeTransaction(shares=Decimal(5))
    with pytest.raises(ModelTypeError, match=r"^NonDerivativeTransaction\.shares: "):
        dataclasses.replace(row, shares=5)
    build = builder(M.NonDerivativeTransaction)
    assert build({"shares": Decimal(5)}) == row
    with pytest.raises(ModelTypeError) as by_builder:
        build({"shares": 5})
    with pytest.raises(ModelTypeError) as by_init:
        M.NonDerivativeTransaction(shares=5)  # type: ignore[arg-type]
    assert str(by_builder.value) == str(by_init.value)


def test_a_subclass_of_a_model_class_gets_a_check_of_its_own() -> None:
    @dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
    class Tagged(M.NonDerivativeTransaction):
        tag: str = ""

    assert Tagged(tag="x", shares=Decimal(1)).tag == "x"
    with pytest.raises(ModelTypeError, match=r"^Tagged\.tag: expected a str, got int 1"):
        Tagged(tag=1)  # type: ignore[arg-type]
    with pytest.raises(ModelTypeError, match=r"^Tagged\.shares: "):
        Tagged(shares=1.0)  # type: ignore[arg-type]
    # the parent's check is its own still
    with pytest.raises(ModelTypeError, match=r"^NonDerivativeTransaction\.shares: "):
        M.NonDerivativeTransaction(shares=1.0)  # type: ignore[arg-type]


def test_validate_is_never_reached_with_a_badly_typed_filing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    validated: list[object] = []
    real = form4.validate
    monkeypatch.setattr(form4, "validate", lambda *a, **k: validated.append(a) or real(*a, **k))

    def filing(traded: Any) -> M.Filing:
        row = M.NonDerivativeTransaction(
            security_title="Common Stock",
            transaction_date=traded,
            code="P",
            shares=Decimal(100),
            price=Decimal("12.5"),
            acquired_disposed="A",
            shares_owned_after=Decimal(100),
            direct_indirect="D",
        )
        return _make(M.Filing, period_of_report=date(2024, 1, 5), non_derivative=(row,))

    # Before the check, this filing reached the rules and crashed there with "TypeError: '>'
    # not supported between instances of 'str' and 'datetime.date'".
    with pytest.raises(ModelTypeError, match=r"^NonDerivativeTransaction\.transaction_date: "):
        form4.validate(filing("2024-01-05"), filed=date(2024, 1, 9))
    assert validated == []
    report = form4.validate(filing(date(2024, 1, 5)), filed=date(2024, 1, 9))
    assert len(validated) == 1 and report.due_dates[0].due == date(2024, 1, 9)


def test_a_reader_making_a_wrong_type_fails_as_a_bug_of_the_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every value read as its text: the first number or date the pure-Python walk meets is
    # refused by the row's constructor, and reading reports a bug of form4's, naming the file.
    monkeypatch.setattr(xml_reader, "_walk", None)
    monkeypatch.setattr(xml_reader, "_typed", lambda ctx, node, kind, raw: raw.strip())
    path = DATA / "xml" / "0000707549-25-000004.xml"
    with pytest.raises(form4.InternalReadError) as failed:
        form4.read(path)
    assert "ModelTypeError" in str(failed.value) and path.name in str(failed.value)


# -- every filing the readers make passes the check ---------------------------------------------

_READ_DIRS = (
    "xml",
    "txt",
    "html",
    "text",
    "samples",
    "seed",
    "renderings",
    "sec-renderings",
    "sec-renderings-more",
    "sec-renderings-older",
)


def _readable_files() -> list[Path]:
    return sorted(
        path for folder in _READ_DIRS for path in (DATA / folder).rglob("*") if path.is_file()
    )


def _objects(value: Any) -> Iterator[Any]:
    if isinstance(value, _fieldtypes.Checked):
        yield value
        for field in dataclasses.fields(value):  # type: ignore[arg-type]
            yield from _objects(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _objects(item)


def test_every_filing_the_readers_make_from_tests_data_holds_its_types() -> None:
    read = 0
    formats: set[str] = set()
    for path in _readable_files():
        try:
            filing = form4.read(path)
        except ReadError:
            continue
        read += 1
        formats.add(filing.source.format)
        for obj in _objects(filing):
            _fieldtypes.check(obj)  # as its __init__ would
            again = dataclasses.replace(obj)  # through __init__ itself
            assert again == obj
            if isinstance(obj, M.Filing):
                assert again.header == obj.header and again.source == obj.source
    assert read > 240
    assert {"xml", "submission", "submission-header", "sec-html", "text", "markdown"} <= formats


def test_the_read_warning_is_what_a_source_holds() -> None:
    warning = ReadWarning("line 3", "odd")
    assert M.Source(format="xml", warnings=(warning,)).warnings == (warning,)


def test_an_annotation_the_check_cannot_read_is_refused_not_passed() -> None:
    @dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
    class Odd(_fieldtypes.Checked):
        ids: set[str] = dataclasses.field(default_factory=set)

    with pytest.raises(TypeError, match=r"cannot check the annotation set\[str\]"):
        Odd()
