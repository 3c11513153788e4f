"""Fast constructors for the model's frozen dataclasses, for the reader's hot path.

A frozen dataclass's ``__init__`` parses keywords and sets every slot through
``object.__setattr__``; reading thousands of filings a second builds tens of thousands of
objects. ``builder(cls)`` returns a function taking a dict of field values that sets the same
slots directly, with the defaults the class declares: same object, half the cost.
``tests/read/test_build.py`` checks the result equals ``cls(**values)`` for every model class.
Each value is checked against the class's annotations as ``__init__`` checks it, by the same
statements (``form4._fieldtypes.field_tests``): a reader that made a value of the wrong type
fails there, never later.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

from form4._fieldtypes import field_tests

T = TypeVar("T")

__all__ = ["builder"]


def builder(cls: type[T]) -> Callable[[dict[str, Any]], T]:
    """A function ``values -> cls(**values)`` for a frozen, slotted dataclass."""
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    tests = dict(field_tests(cls, namespace))
    lines = ["def build(values):", "    obj = new(cls)", "    get = values.get"]
    for index, field in enumerate(dataclasses.fields(cls)):  # type: ignore[arg-type]
        namespace[f"set{index}"] = getattr(cls, field.name).__set__
        if field.default_factory is not dataclasses.MISSING:
            namespace[f"factory{index}"] = field.default_factory
            value = f"values[{field.name!r}] if {field.name!r} in values else factory{index}()"
        elif field.default is not dataclasses.MISSING:
            namespace[f"default{index}"] = field.default
            value = f"get({field.name!r}, default{index})"
        else:
            value = f"values[{field.name!r}]"
        lines += [f"    v = {value}", f"    {tests[field.name]}", f"    set{index}(obj, v)"]
    lines.append("    return obj")
    exec("\n".join(lines), namespace)
    build: Callable[[dict[str, Any]], T] = namespace["build"]
    return build
