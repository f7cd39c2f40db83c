"""Attach the tables to a record: cells, template, indicators from cells, and the table checks."""
from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from govreport.extract.text import format_number as _num
from govreport.extract.checks import new_check
from govreport.extract.report import Report
from govreport.extract.tables import TableResult, read_tables, spec, table_anchors

_TABLE_NAMES = {"table2": "表二", "table3": "表三", "table4": "表四", "stats": "统计表"}

_check = new_check


def _sum_rule(rule: str, parts: list, total, where: str, what: str) -> dict[str, Any] | None:
    if total is None or any(p is None for p in parts):
        return _check(rule, None, None, total, where, f"{what}: a needed cell is blank, cannot check")
    s = sum(parts)
    ok = abs(s - total) < 1e-9
    msg = f"{what}: cells add to {_num(s)}" + ("" if ok else f", but the printed total is {_num(total)}")
    return _check(rule, ok, s, total, where, msg)


def table_checks(t3: TableResult | None, t4: TableResult | None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    s = spec()
    if t3:
        cols = s["table3_columns"]
        rows = t3.cells
        passed = 0
        for row, cells in rows.items():
            c = _sum_rule("table3_columns_sum", [cells[k] for k in cols[:-1]], cells["total"],
                          f"table3.{row}.total", f"表三 row {row}")
            if c["status"] == "pass":
                passed += 1
            else:
                out.append(c)
        if passed:
            out.append(_check("table3_columns_sum", True, passed, passed, "table3",
                              f"表三: in {passed} row(s) the six applicant columns add to 总计"))
        results = [r for r in s["table3_results"] if r in rows]
        for col in cols:
            if {"new_requests", "carried_over", "total_processed", "carried_forward"} <= rows.keys():
                a, b = rows["new_requests"][col], rows["carried_over"][col]
                t, f = rows["total_processed"][col], rows["carried_forward"][col]
                if None in (a, b, t, f):
                    out.append(_check("table3_balance", None, None, None, f"table3.total_processed.{col}",
                                      f"表三 column {col}: 一+二 vs （七）总计+四 has a blank cell"))
                else:
                    ok = abs(a + b - t - f) < 1e-9
                    out.append(_check("table3_balance", ok, a + b, t + f, f"table3.total_processed.{col}",
                                      f"表三 column {col}: 一+二 = {_num(a)}+{_num(b)} = {_num(a + b)}, "
                                      f"（七）总计+四 = {_num(t)}+{_num(f)} = {_num(t + f)}"))
            if "total_processed" in rows and results:
                c = _sum_rule("table3_results_sum", [rows[r][col] for r in results], rows["total_processed"][col],
                              f"table3.total_processed.{col}", f"表三 column {col}: results vs （七）总计")
                out.append(c)
    if t4:
        for block, cells in t4.cells.items():
            cols = s["table4_columns"]
            c = _sum_rule("table4_sum", [cells[k] for k in cols[:-1]], cells["total"], f"table4.{block}.total",
                          f"表四 {block}: 维持+纠正+其他+尚未审结 vs 总计")
            out.append(c)
    return out


@dataclass
class TablesPart:
    """What the tables add to a record: the stage hands these back, it changes nothing it is given."""
    template: str | None = None
    tables: dict[str, Any] = field(default_factory=dict)
    indicators: dict[str, dict[str, Any]] = field(default_factory=dict)  # from cells, replacing the prose's
    checks: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)


def apply_tables(text: str, original: str, start: int, end: int,
                 prose: dict[str, dict[str, Any]]) -> TablesPart:
    """The tables of text[start:end]; `prose` (the indicators read from the text) is only compared with."""
    template, found = read_tables(text, start, end)
    if not found:
        return TablesPart()
    checks: list[dict[str, Any]] = []
    warnings: list[dict[str, Any]] = []
    indicators: dict[str, dict[str, Any]] = {}
    tables: dict[str, Any] = {name: res.cells for name, res in found.items()}
    # where each cell is printed (table.row.column -> [start, end]): a panel value traces to its characters
    tables["spans"] = {f"{name}.{key}": list(span) for name, res in found.items() for key, span in res.where.items()}
    ambiguous = {name: res.ambiguous for name, res in found.items() if res.ambiguous}
    if ambiguous:
        tables["ambiguous"] = ambiguous
    for name, candidates in ambiguous.items():
        warnings.append({"code": "table_ambiguous", "start": None, "end": None,
                         "message": f"{name}: {len(candidates)} row(s) read more than one way; see tables.ambiguous"})
    checks.extend(table_checks(found.get("table3"), found.get("table4")))
    for name, res in found.items():
        # With not one row readable, the layout (a converter's order of cells) is the likelier cause
        # than the report's arithmetic: unknown, not fail.
        layout = not res.cells
        for row, note in res.unreadable:
            if layout:
                note += f"; no row of {_TABLE_NAMES.get(name, name)} could be read, so this says nothing about the report's arithmetic"
            checks.append(_check(f"{name}_columns_sum" if name == "table3" else "table4_sum", None if layout else False,
                                 None, None, f"{name}.{row}", note))
        if layout and res.unreadable:
            warnings.append({"code": "table_unreadable", "start": None, "end": None,
                             "message": f"{_TABLE_NAMES.get(name, name)} ({name}) is printed but could not be read: its numbers "
                                        "read neither row by row nor column by column into rows that add up; its cells are left empty"})

    def cell(table: str, row: str, col: str):
        res = found.get(table)
        if not res or row not in res.cells:
            return None
        value = res.cells[row].get(col)
        span = res.where.get(f"{row}.{col}")
        return (value, span) if value is not None and span else None

    table_values: dict[str, tuple[float, tuple[int, int] | None, str]] = {}
    for name, source in spec()["indicator_cells"].items():
        table, row, col = source["cell"].split(".")
        res = found.get(table)
        rows = [r for r in res.cells if fnmatchcase(r, row)] if res else []
        hits = [cell(table, r, col) for r in rows]
        if len(hits) >= source.get("rows", 1) and all(hits):
            table_values[name] = (sum(h[0] for h in hits) if len(hits) > 1 else hits[0][0], hits[0][1], source["cell"])
    for name, (value, span, where) in table_values.items():
        said = prose.get(name)
        if said is not None and said.get("source", "text") == "text":
            ok = abs(float(said["value"]) - float(value)) < 1e-9
            checks.append(_check("text_vs_table", ok, value, said["value"], where,
                                 f"{name}: the text says {_num(said['value'])} ({said['text']!r}), "
                                 f"the table {where} says {_num(value)}"))
        a, b = span
        indicators[name] = {"value": value, "unit": "件", "text": original[a:b], "start": a, "end": b, "source": "table"}
    stats = found.get("stats")
    if stats:
        tables["stats"] = stats.cells
    return TablesPart(template, tables, indicators, checks, warnings)


def headings_stage(report: Report) -> dict[str, Any]:
    """table_headings: where 表三's and 表四's headings stand, found once (the sections pass over 表三's numbered rows)."""
    return {"table_headings": table_anchors(report.text, report.start, report.end)}


def stage(report: Report) -> dict[str, Any]:
    """tables: the tables' cells, template, indicators from cells, checks and warnings (a TablesPart)."""
    return {"tables": apply_tables(report.reading, report.original, report.start, report.end, report["prose_indicators"])}
