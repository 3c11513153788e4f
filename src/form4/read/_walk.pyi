# Types of the optional compiled row walker (_walk.pyx).
from typing import Any

from lxml import etree

ROLE_LEAF: int
ROLE_GROUP: int
ROLE_CODING: int
ROLE_TIMELINESS: int
KIND_TEXT: int
KIND_DECIMAL: int
KIND_DATE: int
KIND_BOOL: int

def row(element: etree._Element, spec: tuple[Any, ...]) -> Any | None: ...
def fields(
    element: etree._Element, by_tag: dict[bytes, tuple[str, int]]
) -> dict[str, Any] | None: ...
def footnotes(element: etree._Element) -> dict[str, str] | None: ...
