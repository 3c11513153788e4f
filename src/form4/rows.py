"""Filing -> rows of the SEC Form 345 data-set tables (placeholder until written)."""
from typing import Any
def to_rows(filing: Any) -> dict[str, list[dict[str, Any]]]:
    raise NotImplementedError
