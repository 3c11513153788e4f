# Types of the optional compiled content encoder (_digest.pyx).
from collections.abc import Callable
from typing import Any

def content_bytes(
    value: Any,
    spec_of: Callable[[type], Any],
    other: Callable[[Any], str],
    dict_keys: Callable[[dict[Any, Any]], list[Any]],
) -> bytes: ...
