"""The reader's fast constructors build exactly what the dataclasses' own __init__ builds."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from form4 import model
from form4.read._build import builder

CLASSES = [
    model.Issuer,
    model.Address,
    model.ReportingOwner,
    model.Signature,
    model.NonDerivativeTransaction,
    model.NonDerivativeHolding,
    model.DerivativeTransaction,
    model.DerivativeHolding,
    model.Filing,
]
SAMPLE = {"str": "x", "Decimal": Decimal("1.5"), "date": date(2024, 1, 2), "bool": True}


def _value(field: dataclasses.Field[object]) -> object:
    text = str(field.type)
    for name, value in SAMPLE.items():
        if text.startswith(name):
            return value
    if "tuple" in text:
        return ()
    if text == "Issuer":
        return model.Issuer(cik="1")
    if text == "Source":
        return model.Source(format="xml")
    if text == "Mapping[str, str]":  # Filing.footnotes: id -> text
        return {"F1": "a footnote"}
    if "Mapping" in text or "FootnoteRefs" in text:
        return {"price": ("F1",)}
    return None


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_builder_equals_init_with_all_and_with_only_required_fields(cls: type) -> None:
    fields = dataclasses.fields(cls)
    full = {f.name: _value(f) for f in fields}
    required = {
        f.name: full[f.name]
        for f in fields
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    build = builder(cls)
    for values in (full, required):
        built, expected = build(dict(values)), cls(**values)
        assert built == expected
        assert all(getattr(built, f.name) == getattr(expected, f.name) for f in fields)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(build(dict(full)), fields[0].name, None)
