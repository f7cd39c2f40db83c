"""From records to a dataset: one row per agency, year and kind, copies merged, years checked.

`agency_key` makes the names one body prints across years and pages meet (simplified script, no
spaces, punctuation or inserted pinyin, 人民政府 = 政府, a place prefix completed from the title);
`build_panel` merges the records of one (key, year, kind) and checks consecutive years against
each other (`CROSS_YEAR_RULES`). Records stream through: only the cells the panel keeps are held.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Iterator

from govreport.extract.patterns import piece, rule
from govreport.extract.region import region_of  # (an optional extra: empty columns without it)

REGION_COLUMNS = ("region_province", "region_city", "region_county", "region_code")


@lru_cache(maxsize=65536)
def agency_key(name: str | None, title: str | None = None) -> str | None:
    """The key one body meets under, however a page names it.

    >>> agency_key("平潭综合实验区 财政金融局") == agency_key("平潭綜合實驗區財政金融局")
    True
    >>> agency_key("X市人民政府办公室") == agency_key("X市政府办公室")
    True
    """
    if not name:
        return None
    from govreport.extract.normalise import drop_pinyin, to_halfwidth, to_simplified
    key = to_simplified(drop_pinyin(to_halfwidth(name)))  # (the normaliser's own pinyin rule)
    key = rule("metadata", "name_punctuation").sub("", key).replace("人民政府", "政府")
    if title and key[:1] in "市县区镇乡" and not rule("metadata", "place_start").match(key[1:] or "-"):
        # 区政府办公室 in a report titled X市Y区…: the place the title names comes first
        head = rule("metadata", "name_punctuation").sub("", to_simplified(to_halfwidth(title)))
        m = re.match(piece("metadata", "place_before") + re.escape(key[0]), head)
        if m:
            key = m.group(1) + key
    return key or None


def load_crosswalk(path: str) -> dict[str, str]:
    """name -> key, from YAML (a mapping) or CSV (two columns, name and key)."""
    import csv
    if path.endswith((".yaml", ".yml")):
        import yaml
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a mapping of name: key")
        return {str(k): str(v) for k, v in data.items()}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return {row[0].strip(): row[1].strip() for row in csv.reader(fh) if len(row) >= 2 and row[0].strip()
                and row[0].strip().lower() != "name"}


# ------------------------------------------------------------------ columns


@lru_cache(maxsize=1)
def cell_columns() -> list[str]:
    """Every canonical table cell, in template order: the panel's columns never change with the batch."""
    from govreport.extract.tables import spec
    s = spec()
    cols: list[str] = []
    for name in ("table2_2021", "table2_2019"):
        for row in s[name]:
            cols += [f"table2.{row['key']}.{c}" for c in row["cells"] if f"table2.{row['key']}.{c}" not in cols]
    cols += [f"table3.{r['key']}.{c}" for r in s["table3_rows"] for c in s["table3_columns"]]
    cols += [f"table4.{b}.{c}" for b in s["table4_blocks"] for c in s["table4_columns"]]
    return cols


@lru_cache(maxsize=1)
def indicator_names() -> list[str]:
    from govreport.extract.patterns import load
    return list(load("indicators")["indicators"])


# ------------------------------------------------------------------ rows


@dataclass
class Copy:
    """What the panel keeps of one record."""
    path: str
    part: int
    agency: str | None
    title: str | None
    year: int
    kind: str
    template: str | None
    failed: int
    values: dict[str, Any]  # variable -> value
    spans: dict[str, tuple[int, int] | None]
    units: dict[str, str | None]


def copy_of(rec: dict[str, Any]) -> Copy | None:
    if not rec.get("year"):
        return None
    values: dict[str, Any] = {}
    spans: dict[str, tuple[int, int] | None] = {}
    units: dict[str, str | None] = {}
    for name, ind in (rec.get("indicators") or {}).items():
        values[name], units[name] = ind.get("value"), ind.get("unit")
        spans[name] = (ind.get("start"), ind.get("end"))
    tables = rec.get("tables") or {}
    where = tables.get("spans") or {}
    for t in ("table2", "table3", "table4"):
        for row, cells in (tables.get(t) or {}).items():
            for col, v in (cells or {}).items():
                key = f"{t}.{row}.{col}"
                values[key] = v
                spans[key] = tuple(where[key]) if key in where else None
    for name, row in (tables.get("stats") or {}).items():
        for col in ("this_year", "cumulative"):
            if row.get(col) is not None:
                key = f"stats.{name}.{col}"
                values[key], units[key], spans[key] = row[col], row.get("unit"), tuple(where[key]) if key in where else None
    failed = sum(1 for c in rec.get("checks") or [] if c.get("status") == "fail")
    src = rec.get("source") or {}
    return Copy(src.get("path", "-"), src.get("part", 1), rec.get("agency"), rec.get("title"), int(rec["year"]),
                rec.get("kind") or "other", rec.get("template"), failed, values, spans, units)


@dataclass
class Origin:
    path: str
    failed: int
    span: tuple[int, int] | None
    unit: str | None


@dataclass
class Row:
    """One (agency key, year, kind): its copies merged as they arrive (memory does not grow with them)."""
    key: str
    year: int
    kind: str
    agency: str | None = None
    template: str | None = None
    sources: int = 0
    failed: int = 0  # failed checks of the copies whose values the row keeps
    paths: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, Origin] = field(default_factory=dict)  # variable -> the copy its value comes from

    @property
    def first_path(self) -> str:
        return self.paths[0] if self.paths else "-"

    def add(self, c: Copy, checks: list[dict[str, Any]]) -> None:
        """Merge a copy: where copies disagree, the value of the copy whose own checks pass best is kept,
        and the disagreement is a check naming both files."""
        self.sources += 1
        if c.path not in self.paths and len(self.paths) < 50:
            self.paths.append(c.path)
        self.agency = self.agency or c.agency
        self.template = self.template or c.template
        for var, v in c.values.items():
            if v is None:
                continue
            kept = self.origin.get(var)
            if kept is None:
                self.values[var], self.origin[var] = v, Origin(c.path, c.failed, c.spans.get(var), c.units.get(var))
            elif self.values[var] != v and not _same(self.values[var], v) and kept.path != c.path:
                here = Origin(c.path, c.failed, c.spans.get(var), c.units.get(var))
                keep_new = c.failed < kept.failed
                chosen, other = (here, kept) if keep_new else (kept, here)
                values = (v, self.values[var]) if keep_new else (self.values[var], v)
                checks.append(check(
                    "duplicate_disagrees", "fail", self.key, [self.year], [kept.path, c.path], var, values[0], values[1],
                    f"{kept.path} and {c.path} both report {self.year} for {self.agency or self.key}, but print "
                    f"{_num(self.values[var])} and {_num(v)} for {var}; the panel keeps {_num(values[0])}, from "
                    f"{chosen.path} ({chosen.failed} failed check(s) of its own, against {other.failed})"))
                if keep_new:
                    self.values[var], self.origin[var] = v, here


def check(rule: str, status: str, key: str, years: list[int], files: list[str], where: str, expected, actual,
          message: str) -> dict[str, Any]:
    return {"rule": rule, "status": status, "agency_key": key, "years": years, "files": files, "where": where,
            "expected": expected, "actual": actual, "message": message}


def _same(a, b) -> bool:
    try:
        return abs(float(a) - float(b)) < 1e-9
    except (TypeError, ValueError):
        return a == b


def _num(v) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


# ------------------------------------------------------------------ cross-year rules

_T3_COLS = ["natural_person", "commercial_enterprise", "research_institution", "social_organization",
            "legal_service_agency", "other_organization", "total"]


def _rules() -> Iterator[tuple[str, str | None, str, list[tuple[int, str, int]], str]]:
    """(rule, template both years must carry, checked cell, [(sign, cell, which year: 0 = Y-1, 1 = Y)], words)."""
    for col in _T3_COLS:
        yield ("cross_year_carried_over", None, f"table3.carried_over.{col}",
               [(1, f"table3.carried_forward.{col}", 0)], "结转下年度继续办理")
    for row in ("regulations", "normative_documents"):
        yield ("cross_year_in_force", "2021", f"table2.{row}.in_force",
               [(1, f"table2.{row}.in_force", 0), (1, f"table2.{row}.issued", 1), (-1, f"table2.{row}.repealed", 1)],
               "现行有效件数 + 本年制发 − 本年废止")
        yield ("cross_year_total_public", "2019", f"table2.{row}.total_public",
               [(1, f"table2.{row}.total_public", 0), (1, f"table2.{row}.published", 1)],
               "对外公开总数量 + 本年新公开数量")
    for row in ("administrative_licensing", "other_management_services", "administrative_penalty",
                "administrative_coercion", "administrative_fees"):
        yield ("cross_year_previous_items", "2019", f"table2.{row}.previous_year_items",
               [(1, f"table2.{row}.previous_year_items", 0), (1, f"table2.{row}.change", 0)],
               "上一年项目数量 + 本年增/减")


def cross_year_checks(before: Row, after: Row) -> list[dict[str, Any]]:
    out = []
    rows = (before, after)
    files = [before.first_path, after.first_path]
    years = [before.year, after.year]
    for rule_name, template, target, terms, words in _rules():
        if template and not (before.template == template and after.template == template):
            continue
        present = [target in after.values] + [cell in rows[which].values for _, cell, which in terms]
        if not all(present):
            continue  # a template or page that does not carry the cells: not applicable
        actual = after.values[target]
        parts = [(sign, rows[which].values[cell]) for sign, cell, which in terms]
        if actual is None or any(v is None for _, v in parts):
            out.append(check(rule_name, "unknown", after.key, years, files, target, None, actual,
                             f"{target}: a needed cell is blank in one of the two reports, so it cannot be checked"))
            continue
        expected = sum(sign * v for sign, v in parts)
        ok = abs(expected - actual) < 1e-9
        sums = " ".join(f"{'+' if sign > 0 else '−'} {_num(v)} ({years[which]} {cell.split('.', 1)[1]})"
                        for (sign, v), (_, cell, which) in zip(parts, terms)).lstrip("+ ")
        message = (f"{after.year}'s report ({files[1]}) prints {_num(actual)} for {target}; with "
                   f"{before.year}'s report ({files[0]}) the cells imply {sums} = {_num(expected)} ({words})")
        out.append(check(rule_name, "pass" if ok else "fail", after.key, years, files, target, expected, actual, message))
    for var in sorted(v for v in after.values if v.startswith("stats.") and v.endswith(".cumulative")):
        this_year = var.rsplit(".", 1)[0] + ".this_year"
        prev = before.values.get(var)
        if prev is None or after.values.get(this_year) is None or after.values[var] is None:
            continue
        expected, actual = prev + after.values[this_year], after.values[var]
        ok = abs(expected - actual) < 1e-9
        out.append(check("cross_year_cumulative", "pass" if ok else "fail", after.key, years, files, var, expected, actual,
                         f"{after.year}'s report prints {_num(actual)} as 历年累计 for {var}; {before.year}'s "
                         f"{_num(prev)} plus {after.year}'s {_num(after.values[this_year])} is {_num(expected)}"))
    return out


# ------------------------------------------------------------------ the panel


def build_panel(records: Iterable[dict[str, Any]], crosswalk: dict[str, str] | None = None
                ) -> tuple[list[Row], list[dict[str, Any]]]:
    crosswalk = {agency_key(k) or k: v for k, v in (crosswalk or {}).items()}
    rows: dict[tuple[str, int, str], Row] = {}
    checks: list[dict[str, Any]] = []
    for rec in records:
        c = copy_of(rec)
        if c is None:
            continue
        key = agency_key(c.agency, c.title) or "(unknown agency)"
        key = crosswalk.get(key, key)
        row = rows.setdefault((key, c.year, c.kind), Row(key, c.year, c.kind))
        row.add(c, checks)
        row.failed = max(row.failed, c.failed) if row.sources == 1 else min(row.failed, c.failed)
    by_agency: dict[tuple[str, str], list[Row]] = {}
    for row in rows.values():
        by_agency.setdefault((row.key, row.kind), []).append(row)
    for series in by_agency.values():
        series.sort(key=lambda r: r.year)
        for before, after in zip(series, series[1:]):
            if after.year == before.year + 1:
                checks.extend(cross_year_checks(before, after))
    ordered = sorted(rows.values(), key=lambda r: (r.key, r.year, r.kind))
    return ordered, checks


def wide_rows(rows: list[Row], checks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    failed: dict[tuple[str, int], int] = {}
    for c in checks:
        if c["status"] == "fail":
            y = c["years"][-1]
            failed[(c["agency_key"], y)] = failed.get((c["agency_key"], y), 0) + 1
    for row in rows:
        out = {"agency": row.agency or "", "agency_key": row.key, **region_of(row.key), "year": row.year, "kind": row.kind,
               "template": row.template or "", "sources": row.sources, "paths": ";".join(row.paths),
               "failed_checks": row.failed + failed.get((row.key, row.year), 0)}
        for name in indicator_names():
            out[name] = row.values.get(name, "")
        for col in cell_columns():
            v = row.values.get(col)
            out[col] = "" if v is None else v
        yield out


def wide_header() -> list[str]:
    return ["agency", "agency_key", *REGION_COLUMNS, "year", "kind", "template", "sources", "paths", "failed_checks",
            *indicator_names(), *cell_columns()]


def long_rows(rows: list[Row]) -> Iterator[dict[str, Any]]:
    for row in rows:
        for var, v in sorted(row.values.items()):
            if v is None:
                continue
            c = row.origin[var]
            span = c.span
            yield {"agency": row.agency or "", "agency_key": row.key, "year": row.year, "kind": row.kind,
                   "variable": var, "value": v, "unit": c.unit or "", "path": c.path,
                   "start": span[0] if span else "", "end": span[1] if span else ""}


LONG_HEADER = ["agency", "agency_key", "year", "kind", "variable", "value", "unit", "path", "start", "end"]
