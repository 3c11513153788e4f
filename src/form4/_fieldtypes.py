"""The model's field types, read once from its dataclasses' annotations, and the check that holds
every model object to them when it is made.

The annotations of ``form4.model`` are the one statement of what each field holds; nothing here
lists fields or types again. ``Checked`` is the base of the model's classes: its
``__post_init__``, which the dataclass's ``__init__`` calls, is replaced on each class by a
function generated once from that class's annotations (``install``), when the first object of
the class is made: ``import form4`` compiles only what its readers use. A field
costs one identity test of its value's class (``v is None or v.__class__ is Decimal``), a tuple or
a mapping a loop over its items; only when that fast test fails does the full check run, which
accepts a subclass or raises. ``form4.read._build`` writes the same statements
(``field_tests``) into the constructors the XML reader uses instead of ``__init__``. A wrong value
raises ``ModelTypeError`` (a ``TypeError`` too) naming the class, the field, and the item inside
a tuple or mapping.

The rule: a value is accepted when it is an instance of its annotation, as a static type checker
reads it, and nothing is converted: what was passed is what the object holds. Two instances a
type checker lets through are refused, because they break the model's arithmetic and comparisons
without a word:

- a ``datetime`` where a ``date`` is declared (``datetime`` is a subclass of ``date``, but one
  never equals a date, and comparing the two raises); a ``datetime`` field takes a datetime;
- a ``bool`` where an ``int`` is declared (``True`` is not a count).

So a ``Decimal`` field refuses ``int``, ``float`` and ``str`` alike (``Decimal(100)``,
``Decimal("12.5")``: a float is binary and inexact, a string is for a reader to parse); a
``date`` field refuses strings; a ``bool`` field refuses ``0`` and ``1``; a ``tuple`` field
refuses a list; a ``Mapping`` field takes any mapping (a dict, a ``MappingProxyType``) whose keys
and values are of the declared types. Elements of a tuple of model objects are checked to be of
the declared classes; they were checked themselves when they were made.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from form4.errors import ModelTypeError

__all__ = ["Checked", "check", "field_tests", "install"]

_NONE = type(None)
_ARTICLE_AN = frozenset("AEIOUaeiou")


def _a(name: str) -> str:
    return f"{'an' if name[0] in _ARTICLE_AN else 'a'} {name}"


def _shown(value: object, limit: int = 60) -> str:
    """``str '2024-01-05'``: the value's type and a repr cut to ``limit`` characters."""
    if value is None:
        return "None"
    if isinstance(value, Checked):  # a model object: its class says it
        return _a(type(value).__name__)
    text = str(value) if isinstance(value, date) else repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"{type(value).__name__} {text}"


# -- kinds: what an annotation accepts ----------------------------------------------------------


class _Kind:
    """What one annotation accepts: ``accepts`` answers, ``describe`` says it in words.

    ``fast`` and ``loop`` write the generated check's fast path, which tests exact classes by
    identity: ``fast`` an expression over the variable ``var``, true for the common good values
    (for a value that is not a container); ``loop`` statements that ``return False`` at the
    first item of a tuple or mapping they cannot pass. When the fast path fails, ``check``
    decides, and may still accept a subclass. ``names`` collects what the code refers to."""

    def accepts(self, value: object) -> bool:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def fast(self, var: str, names: dict[str, object]) -> str | None:
        return None

    def loop(self, var: str, names: dict[str, object], depth: int) -> list[str] | None:
        test = self.fast(var, names)
        return None if test is None else [f"if not ({test}):", "    return False"]

    def check(self, value: object, place: str) -> None:
        """Raise ``ModelTypeError`` unless ``value`` is accepted (items checked one by one)."""
        if not self.accepts(value):
            raise ModelTypeError(place, self.refusal(value), value)

    def refusal(self, value: object) -> str:
        return f"expected {self.describe()}, got {_shown(value)}{_hint(self, value)}"


class _Instance(_Kind):
    """An instance of ``cls`` (a subclass too), except of the ``refused`` subclasses."""

    def __init__(self, cls: type, refused: tuple[type, ...] = ()) -> None:
        self.cls = cls
        self.refused = refused

    def accepts(self, value: object) -> bool:
        return isinstance(value, self.cls) and not (
            self.refused and isinstance(value, self.refused)
        )

    def describe(self) -> str:
        return _a(self.cls.__name__)

    def fast(self, var: str, names: dict[str, object]) -> str:
        return f"{var}.__class__ is {_name(names, self.cls)}"


class _None(_Kind):
    def accepts(self, value: object) -> bool:
        return value is None

    def describe(self) -> str:
        return "None"

    def fast(self, var: str, names: dict[str, object]) -> str:
        return f"{var} is None"


class _Any(_Kind):
    def accepts(self, value: object) -> bool:
        return True

    def describe(self) -> str:
        return "any value"

    def fast(self, var: str, names: dict[str, object]) -> str:
        return "True"


class _Literal(_Kind):
    def __init__(self, values: tuple[object, ...]) -> None:
        self.values = values

    def accepts(self, value: object) -> bool:
        return any(type(value) is type(v) and value == v for v in self.values)

    def describe(self) -> str:
        return "one of " + ", ".join(repr(v) for v in self.values)


class _Union(_Kind):
    """Any of the options. A literal whose every value another option accepts (``Literal["D",
    "I"] | str``) says nothing a check can use, and is left out."""

    def __init__(self, options: tuple[_Kind, ...]) -> None:
        self.options = tuple(
            option
            for option in options
            if not (
                isinstance(option, _Literal)
                and any(
                    all(other.accepts(v) for v in option.values)
                    for other in options
                    if other is not option
                )
            )
        )

    def accepts(self, value: object) -> bool:
        return any(option.accepts(value) for option in self.options)

    def _not_none(self) -> tuple[_Kind, ...]:
        return tuple(option for option in self.options if not isinstance(option, _None))

    def describe(self) -> str:
        # None is every optional field's "absent": never the reason a value is refused.
        words = [option.describe() for option in self._not_none()]
        return " or ".join(words) if words else "None"

    def check(self, value: object, place: str) -> None:
        for option in self.options:
            if option.accepts(value):
                return
        for option in self.options:  # a tuple or mapping of wrong items: name the item
            if isinstance(option, _TupleOf | _FixedTuple | _MappingOf) and isinstance(
                value, tuple if not isinstance(option, _MappingOf) else Mapping
            ):
                option.check(value, place)
        raise ModelTypeError(place, self.refusal(value), value)

    def fast(self, var: str, names: dict[str, object]) -> str | None:
        # None first: the cheapest test, and the value of most optional fields
        options = sorted(self.options, key=lambda option: not isinstance(option, _None))
        parts = [option.fast(var, names) for option in options]
        if any(part is None for part in parts):
            return None
        return "(" + " or ".join(f"({part})" for part in parts) + ")"

    def refusal(self, value: object) -> str:
        hints = {_hint(option, value) for option in self._not_none()} - {""}
        hint = hints.pop() if len(hints) == 1 else ""
        return f"expected {self.describe()}, got {_shown(value)}{hint}"


class _TupleOf(_Kind):
    """``tuple[X, ...]``: a tuple (not a list) whose every item is an X."""

    def __init__(self, item: _Kind) -> None:
        self.item = item

    def accepts(self, value: object) -> bool:
        return isinstance(value, tuple) and all(self.item.accepts(v) for v in value)

    def describe(self) -> str:
        return f"a tuple of {_bare(self.item.describe())}"

    def check(self, value: object, place: str) -> None:
        if not isinstance(value, tuple):
            raise ModelTypeError(place, self.refusal(value), value)
        accepts = self.item.accepts
        for index, item in enumerate(value):
            if not accepts(item):
                self.item.check(item, f"{place}[{index}]")

    def loop(self, var: str, names: dict[str, object], depth: int) -> list[str] | None:
        item = self.item.loop(f"x{depth}", names, depth + 1)
        if item is None:
            return None
        head = [f"if {var}.__class__ is not tuple:", "    return False", f"for x{depth} in {var}:"]
        return head + _indent(item)


class _FixedTuple(_Kind):
    """``tuple[X, Y]``: a tuple of exactly these items."""

    def __init__(self, items: tuple[_Kind, ...]) -> None:
        self.items = items

    def accepts(self, value: object) -> bool:
        return (
            isinstance(value, tuple)
            and len(value) == len(self.items)
            and all(kind.accepts(v) for kind, v in zip(self.items, value, strict=True))
        )

    def describe(self) -> str:
        return f"a tuple ({', '.join(kind.describe() for kind in self.items)})"

    def fast(self, var: str, names: dict[str, object]) -> str | None:
        parts = [kind.fast(f"{var}[{i}]", names) for i, kind in enumerate(self.items)]
        if any(part is None for part in parts):
            return None
        length = f"{var}.__class__ is tuple and len({var}) == {len(self.items)}"
        return "(" + " and ".join([length, *(f"({part})" for part in parts)]) + ")"

    def check(self, value: object, place: str) -> None:
        if not isinstance(value, tuple) or len(value) != len(self.items):
            raise ModelTypeError(place, self.refusal(value), value)
        for index, (kind, item) in enumerate(zip(self.items, value, strict=True)):
            kind.check(item, f"{place}[{index}]")


class _MappingOf(_Kind):
    """``Mapping[K, V]``: any mapping whose keys are K and values V."""

    def __init__(self, key: _Kind, value: _Kind) -> None:
        self.key = key
        self.value = value

    def accepts(self, value: object) -> bool:
        return isinstance(value, Mapping) and all(
            self.key.accepts(k) and self.value.accepts(v) for k, v in value.items()
        )

    def describe(self) -> str:
        return f"a mapping of {self.key.describe()} to {self.value.describe()}"

    def check(self, value: object, place: str) -> None:
        if not isinstance(value, Mapping):
            raise ModelTypeError(place, self.refusal(value), value)
        key_accepts, value_accepts = self.key.accepts, self.value.accepts
        for key, item in value.items():
            if not key_accepts(key):
                raise ModelTypeError(
                    f"{place} key {key!r}",
                    f"expected {self.key.describe()}, got {_shown(key)}",
                    key,
                )
            if not value_accepts(item):
                self.value.check(item, f"{place}[{key!r}]")

    def loop(self, var: str, names: dict[str, object], depth: int) -> list[str] | None:
        key = self.key.loop(f"k{depth}", names, depth + 1)
        value = self.value.loop(f"x{depth}", names, depth + 1)
        if key is None or value is None:
            return None
        head = [f"if {var}.__class__ is not dict:", "    return False"]
        head.append(f"for k{depth}, x{depth} in {var}.items():")
        return head + _indent(key) + _indent(value)


def _name(names: dict[str, object], value: object) -> str:
    """The name ``value`` goes by in the generated code (one name per object)."""
    for name, known in names.items():
        if known is value:
            return name
    name = f"N{len(names)}"
    names[name] = value
    return name


def _indent(lines: list[str]) -> list[str]:
    return [f"    {line}" for line in lines]


def _bare(words: str) -> str:
    """The words without their articles: ``a str`` -> ``str``, ``a ReportingOwner or an Issuer``
    -> ``ReportingOwner or Issuer`` (as in "a tuple of str")."""
    parts = []
    for word in words.split(" or "):
        for article in ("a ", "an "):
            if word.startswith(article):
                word = word[len(article) :]
        parts.append(word)
    return " or ".join(parts)


def _hint(kind: _Kind, value: object) -> str:
    """The obvious fix, when there is one: ``; use Decimal('12.5')``."""
    if not isinstance(kind, _Instance):
        if isinstance(kind, _TupleOf | _FixedTuple) and isinstance(value, list):
            return "; use a tuple, not a list"
        return ""
    if kind.cls is Decimal:
        if isinstance(value, bool):
            return ""
        if isinstance(value, int):
            return f"; use Decimal({value})"
        if isinstance(value, float):
            return f"; use Decimal({str(value)!r}) (a float is binary and inexact)"
        if isinstance(value, str):
            return f"; use Decimal({value!r})"
    if kind.cls is date:
        if isinstance(value, datetime):
            return "; use its .date(): a datetime is not a date here"
        if isinstance(value, str):
            return f"; use date.fromisoformat({value!r})"
    if kind.cls is datetime and isinstance(value, str):
        return f"; use datetime.fromisoformat({value!r})"
    return ""


# -- from annotations to kinds -------------------------------------------------------------------

#: Subclasses refused where their base is declared: a datetime is not a date, True is not a count.
_REFUSED: dict[type, tuple[type, ...]] = {date: (datetime,), int: (bool,)}


def kind_of(annotation: Any) -> _Kind:
    """The kind an evaluated annotation declares; an annotation of a form not handled here
    raises at once (at import of the model), never passes unchecked."""
    if annotation is None or annotation is _NONE:
        return _None()
    if annotation is Any:
        return _Any()
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Union or origin is types.UnionType:
        options: list[_Kind] = []
        for arg in args:
            kind = kind_of(arg)
            options.extend(kind.options if isinstance(kind, _Union) else (kind,))
        return _Union(tuple(options))
    if origin is typing.Literal:
        return _Literal(args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _TupleOf(kind_of(args[0]))
        if args == ((),):
            return _FixedTuple(())
        return _FixedTuple(tuple(kind_of(arg) for arg in args)) if args else _Instance(tuple)
    if origin in (Mapping, dict, typing.Mapping):
        key, value = args or (Any, Any)
        return _MappingOf(kind_of(key), kind_of(value))
    if origin is None and isinstance(annotation, type):
        return _Instance(annotation, _REFUSED.get(annotation, ()))
    raise TypeError(f"form4._fieldtypes: cannot check the annotation {annotation!r}")


# -- the generated check -------------------------------------------------------------------------

_CHECKS: dict[type, Callable[[Any], None]] = {}


@functools.cache
def _field_kinds(cls: type) -> list[tuple[str, _Kind]]:
    """Each field's name and kind, from the class's annotations (read once a class)."""
    hints = typing.get_type_hints(cls)
    return [(f.name, kind_of(hints[f.name])) for f in dataclasses.fields(cls)]


def field_tests(cls: type, names: dict[str, object]) -> list[tuple[str, str]]:
    """For each field of ``cls``, in order: its name, and one statement that checks the variable
    ``v`` holding its value: a fast test of the value's class, then the full check (which may
    still accept a subclass, or raises) only when that fails. ``names`` receives what the
    statements refer to; ``form4.read._build`` writes them into its constructors."""
    tests: list[tuple[str, str]] = []
    for index, (name, kind) in enumerate(_field_kinds(cls)):
        names[f"K{index}"] = kind
        names[f"P{index}"] = f"{cls.__name__}.{name}"
        full = f"K{index}.check(v, P{index})"
        fast = kind.fast("v", names)
        loop = None if fast else kind.loop("v", names, 0)
        if fast:
            tests.append((name, f"if not ({fast}): {full}"))
        elif loop:  # a tuple or a mapping: its items in a function of their own
            container = "dict" if isinstance(kind, _MappingOf) else "tuple"
            helper = f"L{index}"
            exec("\n".join([f"def {helper}(v):", *_indent(loop), "    return True"]), names)
            empty = f"v.__class__ is {container} and not v"
            tests.append((name, f"if not ({empty} or {helper}(v)): {full}"))
        else:
            tests.append((name, full))
    return tests


def _generate(cls: type) -> Callable[[Any], None]:
    """The check of ``cls``: each field's test (``field_tests``) on the value it holds."""
    names: dict[str, object] = {"cls": cls, "_lazy": _lazy}
    lines = ["def __post_init__(self):", "    if self.__class__ is not cls:", "        _lazy(self)"]
    lines.append("        return")
    for name, test in field_tests(cls, names):
        lines += [f"    v = self.{name}", f"    {test}"]
    exec("\n".join(lines), names)
    check: Callable[[Any], None] = names["__post_init__"]  # type: ignore[assignment]
    check.__qualname__ = f"{cls.__qualname__}.__post_init__"
    check.__doc__ = f"Refuse values of the wrong type for the fields of {cls.__name__}."
    return check


def install(cls: type) -> Callable[[Any], None]:
    """Generate the check of ``cls`` from its annotations (once) and make it the class's
    ``__post_init__``; the check is returned."""
    check = _CHECKS.get(cls)
    if check is None:
        check = _CHECKS[cls] = _generate(cls)
        setattr(cls, "__post_init__", check)  # noqa: B010
    return check


def _lazy(obj: Any) -> None:
    """A class's first object (or an object of a subclass the model does not define): generate
    and install its check, then run it."""
    install(type(obj))(obj)


def check(obj: Any) -> None:
    """Check a model object's fields against its annotations (as its ``__init__`` did); raise
    ``ModelTypeError`` on the first wrong value."""
    install(type(obj))(obj)


class Checked:
    """The model classes' base: their ``__init__`` refuses values of the wrong type."""

    __slots__ = ()

    def __post_init__(self) -> None:
        _lazy(self)
