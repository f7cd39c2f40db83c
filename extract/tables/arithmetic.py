"""The template's own arithmetic, used to choose among readings of a table."""
from __future__ import annotations

import itertools
import math
from typing import Optional

from govreport.extract.tables.model import Cell, TableResult, Token, cell_value, spec

def table3_consistent(assign: dict[str, list[Cell]], results: list[str]) -> bool:
    if not {"new_requests", "carried_over", "total_processed", "carried_forward"} <= assign.keys():
        return True
    for c in range(7):
        a, b, t, f = (assign[k][c] for k in ("new_requests", "carried_over", "total_processed", "carried_forward"))
        if None not in (a, b, t, f) and abs(a + b - t - f) > 1e-9:
            return False
        parts = [assign[k][c] for k in results if k in assign]
        if t is not None and None not in parts and abs(sum(parts) - t) > 1e-9:
            return False
    return True


def choose_table3(pending, res: TableResult) -> list[list[Optional[Token]]]:
    results = spec()["table3_results"]
    multi = [i for i, (_, c) in enumerate(pending) if len(c) > 1]
    first = [c[0] for _, c in pending]
    if not multi:
        return first
    space = math.prod(len(pending[i][1]) for i in multi)
    if space > 50000:
        res.ambiguous.append({"rows": [pending[i][0] for i in multi], "reason": "too many readings to test"})
        return first
    # Each reading's values, read once: the combinations below reuse them many times over.
    values = [[[cell_value(t.text) if t else None for t in cells] for cells in cands] for _, cands in pending]
    assign = {k: values[i][0] for i, (k, _) in enumerate(pending)}
    good = []
    for combo in itertools.product(*(range(len(pending[i][1])) for i in multi)):
        for i, j in zip(multi, combo):
            assign[pending[i][0]] = values[i][j]
        if table3_consistent(assign, results):
            pick = list(first)
            for i, j in zip(multi, combo):
                pick[i] = pending[i][1][j]
            good.append(pick)
            if len(good) > 5:
                break
    if len(good) == 1:
        return good[0]
    res.ambiguous.append({"rows": [pending[i][0] for i in multi],
                          "candidates": [[[cell_value(t.text) if t else None for t in pick[i]] for i in multi] for pick in (good or [first])[:5]]})
    return (good or [first])[0]
