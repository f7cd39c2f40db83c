"""One constructor for every check a record carries (the report's prose, its tables, its metadata).

`actual` is always what the report prints; `expected` what govreport computes from the report's own
numbers (or, for text_vs_table and year, the other printed number); `where` a table cell path or the
offsets of the numbers involved. Adding a rule is a function returning these, and its pass and fail
cases in the tests.
"""
from __future__ import annotations

from typing import Any

from govreport.schemas.shape import CHECK_KEYS


def new_check(rule: str, status: str | bool | None, expected: Any, actual: Any, where: str | list[int],
              message: str) -> dict[str, Any]:
    """`status`: pass, fail or unknown, or True / False / None for them."""
    if not isinstance(status, str):
        status = "unknown" if status is None else "pass" if status else "fail"
    check = {"rule": rule, "status": status, "expected": expected, "actual": actual, "where": where, "message": message}
    assert tuple(check) == CHECK_KEYS
    return check
