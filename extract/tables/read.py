"""Read each table of a report from its region, trying the layout readers in turn."""
from __future__ import annotations

import math
import re
from functools import lru_cache, partial
from typing import Callable, Optional

from govreport.extract.patterns import piece, rule
from govreport.extract.tables.arithmetic import choose_table3, table3_consistent
from govreport.extract.tables.layouts import cells
from govreport.extract.tables.layouts.columns import number_blocks, read_table3_by_columns
from govreport.extract.tables.layouts.runs import find_groups, read_row, with_unlabelled_runs
from govreport.extract.tables.model import (Cell, TableResult, Token, cell_value, detect_template, label_key,
                                            row_rules, spec)
from govreport.extract.text import squeeze
from govreport.extract.tables.segment import segmentations

def find_region(text: str, name: str, start: int, end: int, after: int | None = None, last: bool = False):
    rx = spec()["_anchor"][name]
    if not last:
        return rx.search(text, after if after is not None else start, end)
    hit = None
    for hit in rx.finditer(text, after if after is not None else start, end):
        pass
    return hit


@lru_cache(maxsize=4)  # asked by the section splitter and by read_tables for the same report
def table_anchors(text: str, start: int, end: int) -> tuple[re.Match[str] | None, re.Match[str] | None]:
    """The headings of 表三 and of the 表四 after it (their last occurrences: a summary may name them first)."""
    t3 = find_region(text, "table3", start, end, last=True)
    t4 = find_region(text, "table4", start, end, after=t3.end(), last=True) if t3 else None
    return t3, t4


def read_table3(text: str, start: int, end: int, template: str | None) -> TableResult:
    s = spec()
    cols = s["table3_columns"]
    rows_spec = [r for r in row_rules("table3_rows") if not r[2] or not template or r[2] == template]
    order = [k for k, _, _ in rows_spec]
    res = TableResult()
    pending: list[tuple[str, list[list[Optional[Token]]]]] = []
    next_index = 0
    for g in find_groups(text, start, end):
        key = label_key(g.label, "table3_rows", template)
        for li, (line, piped) in enumerate(zip(g.lines, g.piped)):
            cands = read_row(line, piped, len(cols), blocks=1)
            row_key = key if li == 0 and key else (order[next_index] if next_index < len(order) else None)
            if not cands:
                printed = "".join(t.text for t in line if t)
                if len(printed) >= 7 and row_key:
                    res.unreadable.append((row_key, f"表三 row {row_key} printed as {printed!r} cannot be split "
                                                    f"into 7 cells whose six columns add up to the total"))
                    next_index = order.index(row_key) + 1 if row_key in order else next_index
                continue
            if row_key is None or row_key in dict(pending):
                continue
            pending.append((row_key, cands))
            next_index = order.index(row_key) + 1 if row_key in order else next_index
    if not pending:
        blocks = number_blocks(text, start, end)
        by_columns = read_table3_by_columns(blocks)
        if by_columns.cells:
            return by_columns
        printed = sum(len(b) for b in blocks)
        if not res.unreadable and printed >= len(cols):
            res.unreadable.append(("all", f"表三 printed as {printed} numbers, one a line, that read neither row by row "
                                          "nor column by column into rows that add up"))
        return res
    chosen = choose_table3(pending, res)
    for (key, _), picked in zip(pending, chosen):
        res.cells[key] = {c: (cell_value(t.text) if t else None) for c, t in zip(cols, picked)}
        for c, t in zip(cols, picked):
            if t:
                res.where[f"{key}.{c}"] = (t.start, t.end)
    return res


def read_table4(text: str, start: int, end: int) -> TableResult:
    s = spec()
    blocks, cols = s["table4_blocks"], s["table4_columns"]
    res = TableResult()
    tokens: list[Optional[Token]] = []
    piped = False
    for g in find_groups(text, start, end):
        for line, p in zip(g.lines, g.piped):
            tokens.extend(line if p else line)
            piped = piped or p
    n = len(blocks) * len(cols)
    cands = read_row(tokens, piped and len(tokens) >= n, n, blocks=len(blocks))
    if not cands:
        printed = " ".join(t.text for t in tokens if t)
        if tokens:
            res.unreadable.append(("all", f"表四 printed as {printed!r} cannot be read as 15 cells whose blocks add up"))
        return res
    if len(cands) > 1:
        res.ambiguous.append({"rows": blocks, "candidates": [[cell_value(t.text) if t else None for t in c] for c in cands[:5]]})
    for b, block in enumerate(blocks):
        res.cells[block] = {}
        for c, col in enumerate(cols):
            t = cands[0][b * len(cols) + c]
            res.cells[block][col] = cell_value(t.text) if t else None
            if t:
                res.where[f"{block}.{col}"] = (t.start, t.end)
    return res




def _prose_numbers(text: str) -> set[float]:
    return {float(m.group(1)) for m in rule("tables", "prose_number").finditer(text)}


def _mentions_near(text: str, label: str) -> set[float]:
    """Numbers the prose prints right after the row's label (制发行政规范性文件62件)."""
    word = re.sub(r"[$^\\]", "", label)
    return {float(m.group(1)) for m in re.finditer(word + piece("tables", "mention_after_label"), text)}


def _table2_preference(key: str, cols: list[str], mentioned: set[float]) -> Callable[[list[Cell]], float]:
    def score(values: list[Cell]) -> float:
        digits = [len(str(int(abs(v)))) for v in values if v is not None]
        mean = sum(digits) / len(digits) if digits else 0
        s = float(max(digits) if digits else 0) + 0.1 * sum((d - mean) ** 2 for d in digits)
        s -= 2.0 * sum(1 for v in values if v is not None and v != 0 and float(v) in mentioned)
        if "change" in cols and values[cols.index("change")] == 0:
            s -= 1.5  # 本年增/减 is most often printed as 0
        if key == "government_procurement" and values[0]:
            # a typical procurement item costs around 10^5.5 yuan
            s = abs(math.log10(max(values[1], 1) / values[0]) - 5.5)
        return s
    return score


def read_table2(text: str, start: int, end: int, template: str | None) -> TableResult:
    rows_name = "table2_2019" if template == "2019" else "table2_2021"
    label_of = {k: rx.pattern for k, rx, _ in row_rules(rows_name)}
    cells_of = {r["key"]: r["cells"] for r in spec()[rows_name]}
    res = TableResult()
    prose = squeeze(text)  # (where the prose states a row's number: a stray space or blanked pinyin aside)
    for g, line in with_unlabelled_runs(find_groups(text, start, end)):
        key = label_key(g.label, rows_name, None)
        if not key or key in res.cells:
            continue
        # PDF text: 行政处罚 行政强制 printed together, then 2776 84; a label's one cell each, in order.
        stacked = _stacked_keys(g.label, rows_name)
        if len(stacked) > 1 and len(line) == len(stacked) and all(len(cells_of[k]) == 1 for k in stacked):
            for k, t in zip(stacked, line):
                if t and k not in res.cells:
                    res.cells[k] = {cells_of[k][0]: cell_value(t.text)}
                    res.where[f"{k}.{cells_of[k][0]}"] = (t.start, t.end)
            continue
        cols = cells_of[key]
        mentioned = _mentions_near(prose, label_of[key])
        cands = read_row(line, any(g.piped) and len(line) == len(cols), len(cols), blocks=0,
                         prefer=_table2_preference(key, cols, mentioned))
        if not cands:
            continue
        if len(cands) > 1:
            res.ambiguous.append({"row": key, "chosen": [cell_value(t.text) if t else None for t in cands[0]],
                                  "candidates": [[cell_value(t.text) if t else None for t in c] for c in cands[1:4]]})
        res.cells[key] = {c: (cell_value(t.text) if t else None) for c, t in zip(cols, cands[0])}
        for c, t in zip(cols, cands[0]):
            if t:
                res.where[f"{key}.{c}"] = (t.start, t.end)
    return res


@lru_cache(maxsize=1024)
def _stacked_keys(label: str, rows_name: str) -> list[str]:
    """The rows whose labels a printed label holds one after another, in printed order."""
    found = []
    for key, rx, _ in row_rules(rows_name):
        inner = _inner_label(rx.pattern)
        found.extend((m.start(), key) for m in inner.finditer(label))
    return [key for _, key in sorted(found)]


@lru_cache(maxsize=None)
def _inner_label(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.removesuffix("$"))


def read_stats(text: str, start: int, end: int) -> TableResult:
    """Pre-2019 统计表: 指标名称 / 计量单位 / 本年度 / 历年累计."""
    s = spec()
    res = TableResult()
    anchor = find_region(text, "stats", start, end, last=True)
    if not anchor:
        return res
    header = s["_anchor"]["stats_header_end"].search(text, anchor.end(), min(end, anchor.end() + 200))
    if not header:
        return res
    one_column = "历年累计" not in squeeze(header.group())  # 年末统计 only: no cumulative column
    units = "|".join(sorted(s["stats_units"], key=len, reverse=True))
    unit_rx = re.compile(rf"(?P<name>.+?)\s*(?P<unit>{units})$")
    mentioned = _prose_numbers(text[start:anchor.start()])
    for g in find_groups(text, header.end(), end):
        m = unit_rx.match(g.label)
        if not m:
            continue
        name = rule("tables", "stats_name_head").sub("", m.group("name"))
        name = rule("tables", "stats_row_number").sub("", name).strip("：:")
        tokens = [t for ln in g.lines for t in ln if t]
        if one_column:
            cells = [tokens[0] if tokens else None, None]
        elif len(tokens) >= 2 or len(tokens) == 0:
            cells = tokens[:2] + [None] * (2 - len(tokens[:2]))
        else:
            t = tokens[0]
            cands = [c for c in segmentations([t], 2, limit=200) if cell_value(c[1].text) >= cell_value(c[0].text)]

            def pref(c):
                # the prose's own number first, then the most even split of the digits
                return (-(cell_value(c[0].text) in mentioned), abs(len(c[0].text) - len(c[1].text)))
            cands.sort(key=pref)
            if len(t.text) == 1 or not cands:
                cells = [t, None]
            else:
                cells = list(cands[0])
                if len(cands) > 1 and not (cell_value(cands[0][0].text) in mentioned):
                    res.ambiguous.append({"row": name, "candidates": [[cell_value(x.text) for x in c] for c in cands[:4]]})
        res.cells[name] = {"unit": m.group("unit"),
                           "this_year": cell_value(cells[0].text) if cells[0] else None,
                           "cumulative": cell_value(cells[1].text) if cells[1] else None}
        for col, t in zip(("this_year", "cumulative"), cells):
            if t:
                res.where[f"{name}.{col}"] = (t.start, t.end)
    return res


def read_tables(text: str, start: int, end: int) -> tuple[str | None, dict[str, TableResult]]:
    region = text[start:end]
    template = detect_template(region)
    out: dict[str, TableResult] = {}
    t3, t4 = table_anchors(text, start, end)
    t2 = (find_region(text, "table2", start, t3.start() if t3 else end) or find_region(text, "table2", start, end)
          or find_region(text, "table2_rows", start, end))
    if t2 and t3 and t3.start() < t2.start():
        t3 = None  # 表三's heading named in a summary before the tables (the page stops before 表三)
        t4 = t4 if t4 and t4.start() > t2.start() else None
    if (t3 and (template or t4)) or (t2 and template):
        if t2:
            out["table2"] = read_table2(text, t2.end(), t3.start() if t3 else t4.start() if t4 else end, template)
        if t3:
            t3_end = t4.start() if t4 else min(end, t3.end() + 4000)
            out["table3"] = read_table3(text, t3.end(), t3_end, template)
        if t4:
            stop = spec()["_anchor"]["end"].search(text, t4.end(), end)
            out["table4"] = read_table4(text, t4.end(), stop.start() if stop else min(end, t4.end() + 800))
        if end >= len(text):
            _drop_cut_rows(out, len(text))
    template = _add_printed_cells(text, start, end, template, t2, t3, t4, out)
    if not out:
        stats = read_stats(text, start, end)
        if stats.cells:
            out["stats"] = stats
    out = {k: v for k, v in out.items() if v.cells or v.unreadable}
    if template is None and ("table3" in out or "table2" in out):
        template = "2021" if "other_no_correction" in out.get("table3", TableResult()).cells else "2019"
    return template, out


_TABLE3_WORDS = ("本年新收", "结转下年度")
_TABLE2_WORDS = ("第二十条", "本年制发", "本年新制作", "上一年项目")


def _holds(text: str, words: tuple[str, ...], start: int, end: int) -> bool:
    return any(text.find(w, start, end) >= 0 for w in words)


def _drop_cut_rows(out: dict[str, TableResult], page_end: int) -> None:
    """A page cut inside a row of run-together cells: that row's digits may be cut, so none is read."""
    for res in out.values():
        cut = {key.split(".")[0] for key, (_, b) in res.where.items() if b >= page_end}
        for row in cut:
            res.cells.pop(row, None)
            for key in [k for k in res.where if k.split(".")[0] == row]:
                del res.where[key]


def _add_printed_cells(text: str, start: int, end: int, template: str | None, t2, t3, t4,
                       out: dict[str, TableResult]) -> str | None:
    """Rows whose cells stand apart (layouts/cells.py), wherever the page starts or stops the table:
    they take the place of what the runs reader made of the same rows. Returns the template, which
    a 表二 read without its column heads tells by its rows' widths."""
    t3_end = t4.start() if t4 else end
    t2_from, t2_to = (t2.end() if t2 else start), (t3.start() if t3 else t3_end)
    template = _cells_table2(text, start, t2_from, t2_to, template, bool(t2), out)
    _cells_table3(text, t3.end() if t3 else t2_from, t3_end, template, bool(t3), out)
    if t4 and not _whole(out.get("table4"), spec()["table4_blocks"]):
        _cells_table4(text, t4, end, out)
    return template


def _cells_table2(text: str, start: int, t2_from: int, t2_to: int, template: str | None, headed: bool,
                  out: dict[str, TableResult]) -> str | None:
    # with no heading, only where 表二's words stand; after a whole reading by the runs reader, only where
    # an amount carries its unit (240万元), which that reader does not read
    runs_whole = template and _whole(out.get("table2"), [r["key"] for r in spec()[f"table2_{template}"]])
    if not (headed or (template and _holds(text, _TABLE2_WORDS, start, t2_to))):
        return template
    if runs_whole and text.find("元", t2_from, t2_to) < 0:
        return template
    best: tuple[int, str | None, list[cells.Row]] = (0, template, [])
    for name in ([f"table2_{template}"] if template else ["table2_2021", "table2_2019"]):
        widths = {r["key"]: len(r["cells"]) for r in spec()[name]}
        rows = cells.read_rows(text, t2_from, t2_to, partial(label_key, rows_name=name, template=None), widths,
                               blank_rows=True)
        if len(rows) > best[0]:
            best = (len(rows), name[-4:], rows)
    if best[2]:
        template = template or best[1]
        rows_spec = spec()[f"table2_{template}"]
        _merge(out, "table2", best[2], {r["key"]: r["cells"] for r in rows_spec}, [r["key"] for r in rows_spec])
    return template


def _cells_table3(text: str, t3_start: int, t3_end: int, template: str | None, headed: bool,
                  out: dict[str, TableResult]) -> None:
    legacy = out.get("table3")
    if _whole(legacy, [k for k, _, tmpl in row_rules("table3_rows") if not tmpl or tmpl == template]
              if template else None) and _balances(legacy):
        return  # read whole by the runs reader, and it balances: nothing to add
    if not headed and not _holds(text, _TABLE3_WORDS, t3_start, t3_end):
        return  # with no heading, only a page printing 表三's own row words can hold its rows
    cols = spec()["table3_columns"]
    order = [k for k, _, _ in row_rules("table3_rows")]
    rows = cells.read_rows(text, t3_start, t3_end, partial(label_key, rows_name="table3_rows", template=template),
                           {k: len(cols) for k in order})
    if not rows or not (headed or len(rows) > 1):
        return
    in_order = all(order.index(a.key) < order.index(b.key) for a, b in zip(rows, rows[1:]))
    if legacy and legacy.cells and (not in_order or _balances(legacy)):
        # labels detached from their cells (a converter's layout) read out of template order; a
        # reading that balances by the template's arithmetic keeps its rows
        rows = [r for r in rows if r.key not in legacy.cells] if in_order else []
    _merge(out, "table3", rows, {r.key: cols for r in rows}, order)


def _cells_table4(text: str, t4, end: int, out: dict[str, TableResult]) -> None:
    blocks, t4_cols = spec()["table4_blocks"], spec()["table4_columns"]
    stop = spec()["_anchor"]["end"].search(text, t4.end(), end)
    row = cells.read_block(text, t4.end(), stop.start() if stop else end, len(blocks) * len(t4_cols))
    if row:
        w = len(t4_cols)
        _merge(out, "table4", [cells.Row(b, row[i * w:(i + 1) * w]) for i, b in enumerate(blocks)],
               {b: t4_cols for b in blocks}, blocks)


def _whole(res: TableResult | None, rows: list[str] | None) -> bool:
    """Whether the runs reader read every row of the table, each with a number in every cell."""
    return bool(res and rows and all(r in res.cells and None not in res.cells[r].values()
                                     for r in rows if r != "other_proactive_documents"))


def _balances(res: TableResult) -> bool:
    cols = spec()["table3_columns"]
    assign = {k: [v.get(c) for c in cols] for k, v in res.cells.items()}
    rows_add_up = all(None in vals or abs(sum(vals[:-1]) - vals[-1]) < 1e-9 for vals in assign.values())
    return rows_add_up and table3_consistent(assign, spec()["table3_results"])


def _merge(out: dict[str, TableResult], name: str, rows: list[cells.Row], columns: dict[str, list[str]],
           order: list[str]) -> None:
    if not rows:
        return
    res = out.setdefault(name, TableResult())
    added = False
    for row in rows:
        added = added or row.key not in res.cells
        res.cells[row.key] = {c: (cells.cell_of(it, c) if it else None) for c, it in zip(columns[row.key], row.cells)}
        for c, it in zip(columns[row.key], row.cells):
            res.where.pop(f"{row.key}.{c}", None)
            if it is not None:
                res.where[f"{row.key}.{c}"] = (it.start, it.end)
    read = {row.key for row in rows}
    res.unreadable = [(k, why) for k, why in res.unreadable if k not in read and k != "all"]
    if added:
        res.cells = {k: res.cells[k] for k in sorted(res.cells, key=lambda k: order.index(k) if k in order else len(order))}
