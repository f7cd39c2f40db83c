"""Layout reader: 表三 printed column by column, one number a line (PDF converters)."""
from __future__ import annotations

import re

from govreport.extract.patterns import rule
from govreport.extract.tables.arithmetic import table3_consistent
from govreport.extract.tables.model import TableResult, Token, cell_value, row_rules, spec

_NUMBER_LINE = re.compile(r"[ \t]*(\d{1,3}(?:,\d{3})+|\d+)[ \t]*")


def number_blocks(text: str, start: int, end: int) -> list[list[Token]]:
    """Runs of lines that each hold one number (blank lines and page numbers between them allowed)."""
    blocks: list[list[Token]] = []
    current: list[Token] = []
    pos = start
    for line in text[start:end].split("\n"):
        m = _NUMBER_LINE.fullmatch(line)
        if m:
            current.append(Token(m.group(1), pos + m.start(1)))
        elif line.strip() and not rule("tables", "page_number_line").fullmatch(line):
            if current:
                blocks.append(current)
            current = []
        pos += len(line) + 1
    if current:
        blocks.append(current)
    return blocks


def read_table3_by_columns(blocks: list[list[Token]]) -> TableResult:
    """表三 as PDF converters print it: the row labels, then each page's cells one column at a time.

    A run of 7×k number lines is the k rows of one page, printed column by column (the converter
    may print 总计 before 其他, whose header cell sits lower), or row by row. The count of rows says
    which row set the report prints: 25 with （六）'s three rows (the 2021 template), 23 with one
    其他处理 row. A run is read in the order in which every one of its rows adds up; the table is read
    only when each run has one such reading and the columns balance (一+二 = （七）+四, results =
    （七）), so a converter's layout is never reported as the report's own arithmetic.
    """
    cols = spec()["table3_columns"]
    width = len(cols)
    if not blocks or any(len(b) % width for b in blocks):
        return TableResult()
    variant = {25: "2021", 23: "2019"}.get(sum(len(b) for b in blocks) // width)
    if variant is None:
        return TableResult()
    keys = [k for k, _, tmpl in row_rules("table3_rows") if not tmpl or tmpl == variant]
    rows: list[list[Token]] = []
    for block in blocks:
        k = len(block) // width
        column = [block[c * k:(c + 1) * k] for c in range(width)]
        total_last = [[column[c][i] for c in range(width)] for i in range(k)]
        total_before_other = [[*(column[c][i] for c in range(width - 2)), column[-1][i], column[-2][i]] for i in range(k)]
        by_rows = [block[i * width:(i + 1) * width] for i in range(k)]
        readings = {tuple(map(tuple, _texts(r))): r for r in (total_last, total_before_other, by_rows)
                    if all(row_adds_up(row) for row in r)}
        if len(readings) != 1:
            return TableResult()
        rows.extend(*readings.values())
    res = TableResult()
    for key, row in zip(keys, rows):
        res.cells[key] = {c: cell_value(t.text) for c, t in zip(cols, row)}
        for c, t in zip(cols, row):
            res.where[f"{key}.{c}"] = (t.start, t.end)
    assign = {key: list(cells.values()) for key, cells in res.cells.items()}
    return res if table3_consistent(assign, spec()["table3_results"]) else TableResult()


def row_adds_up(row: list[Token]) -> bool:
    values = [cell_value(t.text) for t in row]
    return abs(sum(values[:-1]) - values[-1]) < 1e-9


def _texts(rows: list[list[Token]]) -> list[list[str]]:
    return [[t.text for t in row] for row in rows]
