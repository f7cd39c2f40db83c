"""A page cut anywhere (a truncated download, one page of a paginated report) gives every table row
printed whole before the cut, and never a wrong cell: a number cut in half is not read.

For every table of the bundled samples (seeds and real reports), the text is cut at random points
across its tables, and what is read from the cut text is compared with what the whole text gives.
"""
from __future__ import annotations

import random

import pytest

from govreport.extract.normalise import normalise
from govreport.extract.read import read_file
from govreport.extract.tables import read_tables

from conftest import sample_files


def _tables(text: str) -> dict:
    norm = normalise(text)
    _, found = read_tables(norm.reading, 0, len(text))
    return found


def _cells(found: dict) -> dict[tuple[str, str, str], tuple[object, tuple[int, int] | None]]:
    out = {}
    for name, res in found.items():
        for row, cols in res.cells.items():
            for col, value in cols.items():
                out[(name, row, col)] = (value, res.where.get(f"{row}.{col}"))
    return out


def _with_tables():
    out = []
    for path in sample_files():
        text = read_file(path).text
        cells = _cells(_tables(text))
        spans = [span for _, span in cells.values() if span]
        if spans and all(name != "stats" for name, _, _ in cells):
            out.append(pytest.param(text, cells, min(a for a, _ in spans), max(b for _, b in spans), id=path.name[:30]))
    return out


@pytest.mark.parametrize("text,whole,first,last", _with_tables())
def test_a_cut_page_reads_the_rows_printed_before_the_cut_and_no_wrong_cell(text, whole, first, last):
    rng = random.Random(first * 7919 + last)
    rows: dict[tuple[str, str], int] = {}
    for (name, row, _), (_, span) in whole.items():
        if span:
            rows[(name, row)] = max(rows.get((name, row), 0), span[1])
    for cut in sorted(rng.sample(range(first, last + 2), min(25, last + 2 - first))):
        got = _cells(_tables(text[:cut]))
        for key, (value, _) in got.items():
            if value is not None:
                assert key in whole and whole[key][0] == value, (cut, key, value, whole.get(key))
        # a row whose line ends before the cut is read whole
        for (name, row), row_end in rows.items():
            if "\n" in text[row_end:cut]:
                for (n, r, col), (value, _) in whole.items():
                    if (n, r) == (name, row):
                        assert got.get((n, r, col), (None,))[0] == value, (cut, n, r, col)
