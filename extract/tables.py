"""Read the annual-report tables (表二/表三/表四 and the pre-2019 统计表) from flattened text.

Pages flatten tables in many ways: one cell per line, pipes, runs of spaces, or cells run together
with no separator at all (`一、本年新收政府信息公开申请数量713000074` = 71,3,0,0,0,0,74). Rows are
found as runs of digits after a label; glued runs are split with the template's own arithmetic
(every 表三 row's six applicant columns sum to its total, every 表四 block's four results sum to its
total, per column 一+二 = （七）总计 + 四). When more than one split satisfies the whole table, the
table is flagged `ambiguous` with the candidates instead of silently picking one.
"""
from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Optional

from govreport.extract.normalise import squeeze
from govreport.extract.patterns import load
from govreport.extract.scan import AnyOf

Cell = Optional[float]

# A cell: a number, or one printed with thousands separators (3,119), which is never split.
_TOKEN = re.compile(r"-?\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|-?\d+(?:\.\d+)?")
_GROUP = re.compile(r"\d(?:[\d \t.\-]|,(?=\d{3}(?!\d))|\n(?=[ \t]*\d))*")
_MD_RULE = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$", re.MULTILINE)
# A table cell printed as a dash or 无 states none: 0 (a blank or / cell is left unknown).
_NONE_PRINTED = {"-", "—", "–", "－", "无"}
_BLANK = {"", "/"} | _NONE_PRINTED
# a pipe line holding a number or a none
_PIPE_CELLS = re.compile(r"\d|\|[ \t]*(?:" + "|".join(map(re.escape, sorted(_NONE_PRINTED))) + r")[ \t]*(?=\|)")
# a note printed inside a cell, 18（其中修订16件）: its numbers are not cells
_CELL_NOTE = re.compile(r"[（(]\s*(?:其中|含|包括)[^）)\n]{0,30}[）)]")


@dataclass(slots=True)
class Token:
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Group:
    """A run of numeric cells and the label text printed before it."""
    label: str
    lines: list[list[Optional[Token]]]  # pipe lines keep blank cells as None
    piped: list[bool]
    start: int
    end: int


@dataclass
class TableResult:
    cells: dict[str, dict[str, Cell]] = field(default_factory=dict)
    where: dict[str, tuple[int, int]] = field(default_factory=dict)
    ambiguous: list[dict[str, Any]] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (row, why): printed but cannot balance


@lru_cache(maxsize=1)
def spec() -> dict[str, Any]:
    data = load("tables")
    data["_template_signs"] = [(sign["template"], AnyOf(sign["regex"])) for sign in data["template_signs"]]
    data["_anchor"] = {k: re.compile(_spaced(v) if k != "end" else v) for k, v in data["anchors"].items()}
    return data


@lru_cache(maxsize=None)
def row_rules(name: str) -> list[tuple[str, re.Pattern[str], str | None]]:
    """(key, label regex, template) of a table's rows, compiled when a table is first read."""
    return [(r["key"], re.compile(r["regex"]), r.get("template")) for r in spec()[name]]


def _spaced(regex: str) -> str:
    """Let printed labels carry stray spaces or line breaks between their characters.

    Character classes ([、和及]) are copied as they are: a space inside one would join the class.
    """
    parts = re.split(r"(\[(?:\\.|[^\]])*\])", regex)  # odd items are classes
    return "".join(p if i % 2 else _spaced_han(p) for i, p in enumerate(parts))


def _spaced_han(part: str) -> str:
    # (a loop, not a regex of the Han range: that costs CPython's compiler 1.6 ms a class)
    out = []
    for a, b in zip(part, part[1:] + " "):
        out.append(a + r"\s*" if "\u4e00" <= a <= "\u9fff" and "\u4e00" <= b <= "\u9fff" else a)
    return "".join(out)


def _squeeze_label(s: str) -> str:
    return re.sub(r"[\s|#*]+", "", s)


@lru_cache(maxsize=4096)  # cells repeat (0, 1, 2…) and are read again for every candidate split
def _value(text: str) -> Cell:
    v = float(text.replace(",", ""))
    return int(v) if v == int(v) and "." not in text else v


# ---------------------------------------------------------------- grouping


def find_groups(text: str, start: int, end: int) -> list[Group]:
    """Numeric runs with their labels. Markdown rows (| a | 1 | 2 |) are read line by line, the label
    being the row's own text cells; elsewhere the label is the text printed since the previous run."""
    region = _MD_RULE.sub(lambda m: " " * len(m.group()), text[start:end])
    region = _CELL_NOTE.sub(lambda m: " " * len(m.group()), region)
    text = text[:start] + region + text[end:]
    groups: list[Group] = []
    pos, flat_from = 0, 0
    for line in region.split("\n"):
        if line.strip().startswith("|") and _PIPE_CELLS.search(line):
            groups.extend(_flat_groups(text, start + flat_from, start + pos))
            groups.append(_pipe_group(line, start + pos))
            flat_from = pos + len(line) + 1
        pos += len(line) + 1
    groups.extend(_flat_groups(text, start + flat_from, end))
    return [g for g in groups if g is not None]


def _pipe_group(line: str, offset: int) -> Group | None:
    cells = line.split("|")[1:]
    if line.rstrip().endswith("|"):
        cells = cells[:-1]
    label, row, pos = [], [], offset + line.index("|") + 1
    for c in cells:
        t = _TOKEN.fullmatch(c.strip())
        if t:
            row.append(Token(t.group(), pos + c.index(t.group())))
        elif c.strip() in _NONE_PRINTED:
            row.append(Token("0", pos + c.index(c.strip())))  # (its span is the printed dash)
        elif row or c.strip() in _BLANK and label:
            row.append(None)
        else:
            label.append(c)
        pos += len(c) + 1
    if not any(row):
        return None
    return Group(label=_squeeze_label("".join(label)), lines=[row], piped=[True], start=offset, end=offset + len(line))


def _flat_groups(text: str, start: int, end: int) -> list[Group]:
    region = text[start:end]
    groups: list[Group] = []
    last = 0
    carry = ""  # an item number (2、 / 3.) glued to the end of the previous run belongs to the next label
    for m in _GROUP.finditer(region):
        g_text = m.group()
        nxt = region[m.end():m.end() + 1]
        label_text = carry + region[last:m.start()]
        carry = ""
        last = m.end()
        # 00000002.其他…: a final digit followed by 、 or . (not a decimal point) numbers the next row.
        if nxt and nxt in "、.．" or g_text.endswith((".", "．")):
            tail = re.search(r"(\d)[.．]?$", g_text)
            if tail:
                carry = tail.group(1)
                g_text = g_text[:tail.start()]
        tokens = [Token(t.group(), start + m.start() + t.start()) for t in _TOKEN.finditer(g_text)]
        if not tokens:
            continue
        groups.append(Group(label=_squeeze_label(label_text), lines=[tokens], piped=[False],
                            start=start + m.start(), end=start + m.end()))
    return groups


# ---------------------------------------------------------------- segmentation


def _number_ok(part: str) -> bool:
    if not part or part in ("-", "."):
        return False
    body = part[1:] if part.startswith("-") else part
    if not body or body.startswith(".") or body.endswith("."):
        return False
    return body == "0" or not body.startswith("0") or body.startswith("0.")


def segmentations(tokens: list[Token], n: int, blocks: int = 0, limit: int = 2000) -> list[list[Token]]:
    """Ways to read `tokens` (some glued together) as exactly n cells, with their offsets.

    A cell never spans two printed tokens and never starts with a zero (unless it is 0). With
    `blocks`, the n cells form blocks whose last cell is the sum of the others; the sum is then
    read off the digits instead of guessed, which keeps long runs (表四: 15 cells) cheap.
    """
    out: list[list[Token]] = []
    if not tokens or len(tokens) > n:
        return out
    width = n // blocks if blocks else 0
    texts = [t.text for t in tokens]
    if sum(map(len, texts)) == n and all(x.isdigit() for x in texts):
        # one digit per cell (0000000 and its like): the only reading
        cells = [Token(c, t.start + i) for t in tokens for i, c in enumerate(t.text)]
        if not width or _sums_ok([float(c.text) for c in cells], blocks, width):
            return [cells]
        return []
    if len(texts) == 1 and texts[0].isascii() and texts[0].isdigit():
        if blocks == 1:
            return _split_summed_run(tokens[0], n, limit)
        if not blocks:
            return _split_run(tokens[0], n, limit)
    return _walk_segmentations(tokens, n, blocks, limit)


def _walk_segmentations(tokens: list[Token], n: int, blocks: int, limit: int) -> list[list[Token]]:
    out: list[list[Token]] = []
    width = n // blocks if blocks else 0
    texts = [t.text for t in tokens]
    # digits still unread after token i (for pruning: every remaining cell needs one)
    after = [sum(len(x) for x in texts[i + 1:]) for i in range(len(texts))]
    longest = max(len(x) for x in texts)
    max_part = min(longest, 7) if blocks else longest  # a 表三/表四 cell above 9,999,999 is not credible
    if sum(map(len, texts)) > n * max_part:
        return out  # more digits than n cells can hold
    acc: list[tuple[str, int]] = []
    budget = [200_000]  # steps: a pathological run gives up instead of hanging a nightly batch

    def walk(ti: int, ci: int, block_sum: float) -> None:
        budget[0] -= 1
        if len(out) >= limit or budget[0] <= 0:
            return
        if ti == len(texts):
            if len(acc) == n:
                out.append([Token(p, pos) for p, pos in acc])
            return
        text = texts[ti]
        need_after = n - len(acc) - 1  # cells still to read after this one
        if need_after < 0:
            return
        if "," in text:  # 3,119: one cell, whole
            parts = [text] if ci == 0 and (not width or len(acc) % width != width - 1 or _value(text) == block_sum) else []
        elif width and len(acc) % width == width - 1:
            total = str(int(block_sum)) if float(block_sum).is_integer() else repr(block_sum)
            parts = [total] if text.startswith(total, ci) else []
        else:
            parts = [text[ci:j] for j in range(ci + 1, min(len(text), ci + max_part) + 1)]
        for part in parts:
            if len(part) > 1 and part[0] == "0" and part[1] != "." or part in ("-", ".") or part.endswith("."):
                continue
            end = ci + len(part)
            left = (len(text) - end) + after[ti]
            tokens_left = len(texts) - ti - 1 + (end < len(text))
            if need_after > left or need_after < tokens_left:
                continue
            acc.append((part, tokens[ti].start + ci))
            nsum = 0.0 if width and len(acc) % width == 0 else block_sum + _value(part)
            if width and len(acc) % width:
                # the block's total, still to come, needs at least as many digits as the sum so far
                cells_to_total = width - len(acc) % width - 1
                if left < cells_to_total + len(str(int(nsum))):
                    acc.pop()
                    continue
            if end == len(text):
                walk(ti + 1, 0, nsum)
            else:
                walk(ti, end, nsum)
            acc.pop()

    walk(0, 0, 0.0)
    return out


def _split_run(token: Token, n: int, limit: int) -> list[list[Token]]:
    """segmentations() of one run of digits into n free cells: every choice of cut points, in the
    general search's order (cut positions ascending), skipping cells that open with a zero."""
    text = token.text
    out: list[list[Token]] = []
    # at most as many tries as the general search's step budget: a pathological run gives up
    for cuts in itertools.islice(itertools.combinations(range(1, len(text)), n - 1), 200_000):
        bounds = (0, *cuts, len(text))
        if any(text[a] == "0" and b - a > 1 for a, b in zip(bounds, bounds[1:])):
            continue
        out.append([Token(text[a:b], token.start + a) for a, b in zip(bounds, bounds[1:])])
        if len(out) >= limit:
            break
    return out


def _split_summed_run(token: Token, n: int, limit: int) -> list[list[Token]]:
    """segmentations() of one run of digits into n cells whose last is the sum of the others
    (a 表三 row printed without spaces), in the same order, found from the total backwards:
    with the total known, a split whose running sum passes it is abandoned at once."""
    text = token.text
    max_part = min(len(text), 7)
    found: list[tuple[tuple[int, ...], list[tuple[int, int]]]] = []

    def split(i: int, end: int, target: int, total: int, cells: list[tuple[int, int]]) -> None:
        left = n - 1 - len(cells)  # cells still to read before the total
        if left == 0:
            if i == end and total == target:
                found.append((tuple(b - a for a, b in cells), [*cells, (end, len(text))]))
            return
        if not left <= end - i <= left * max_part:
            return
        for j in range(i + 1, min(end, i + max_part) + 1):
            if j - i > 1 and text[i] == "0":
                break  # no cell but 0 itself starts with a zero
            value = int(text[i:j])
            if total + value > target:
                break  # a longer cell is larger still
            cells.append((i, j))
            split(j, end, target, total + value, cells)
            cells.pop()

    for length in range(1, max_part + 1):
        head = len(text) - length
        last = text[head:]
        if head < n - 1 or (length > 1 and last[0] == "0"):
            continue
        split(0, head, int(last), 0, [])
    found.sort(key=lambda f: f[0])
    return [[Token(text[a:b], token.start + a) for a, b in cells] for _, cells in found[:limit]]


def _sums_ok(values: list[Cell], blocks: int, width: int) -> bool:
    for b in range(blocks):
        block = values[b * width:(b + 1) * width]
        if any(v is None for v in block):
            continue
        if abs(sum(block[:-1]) - block[-1]) > 1e-9:
            return False
    return True


def read_row(line: list[Optional[Token]], piped: bool, n: int, blocks: int,
             prefer: Callable[[list[Cell]], float] | None = None) -> list[list[Optional[Token]]]:
    """Candidate cell lists for one printed row of n cells (blocks of `width` that sum, if blocks)."""
    if piped or len(line) == n:
        cells = list(line)
        while len(cells) > n and cells[-1] is None:
            cells.pop()
        if len(cells) == n:
            return [cells]
        line = [c for c in cells if c is not None]
    tokens = [t for t in line if t is not None]
    if blocks:
        return segmentations(tokens, n, blocks=blocks)
    cands = segmentations(tokens, n)
    if prefer:
        cands.sort(key=lambda c: prefer([_value(t.text) for t in c]))
    return cands


# ---------------------------------------------------------------- tables


def find_region(text: str, name: str, start: int, end: int, after: int | None = None, last: bool = False):
    rx = spec()["_anchor"][name]
    hits = [m for m in rx.finditer(text, after if after is not None else start, end)]
    if not hits:
        return None
    return hits[-1] if last else hits[0]


@lru_cache(maxsize=4)  # asked by the section splitter and by read_tables for the same report
def table_anchors(text: str, start: int, end: int) -> tuple[re.Match[str] | None, re.Match[str] | None]:
    """The headings of 表三 and of the 表四 after it (their last occurrences: a summary may name them first)."""
    t3 = find_region(text, "table3", start, end, last=True)
    t4 = find_region(text, "table4", start, end, after=t3.end(), last=True) if t3 else None
    return t3, t4


def detect_template(text: str) -> str | None:
    squeezed = squeeze(text)
    for template, sign in spec()["_template_signs"]:
        if sign.search(squeezed):
            return template
    return None


@lru_cache(maxsize=8192)
def _label_key(label: str, rows_name: str, template: str | None) -> str | None:
    """The row a printed label names (cached: the template's labels recur in every report)."""
    for key, rx, tmpl in row_rules(rows_name):
        if tmpl and template and tmpl != template:
            continue
        if rx.search(label):
            return key
    return None


def read_table3(text: str, start: int, end: int, template: str | None) -> TableResult:
    s = spec()
    cols = s["table3_columns"]
    rows_spec = [r for r in row_rules("table3_rows") if not r[2] or not template or r[2] == template]
    order = [k for k, _, _ in rows_spec]
    res = TableResult()
    pending: list[tuple[str, list[list[Optional[Token]]]]] = []
    next_index = 0
    for g in find_groups(text, start, end):
        key = _label_key(g.label, "table3_rows", template)
        for li, (line, piped) in enumerate(zip(g.lines, g.piped)):
            cands = read_row(line, piped, len(cols), blocks=1)
            row_key = key if li == 0 and key else (order[next_index] if next_index < len(order) else None)
            if not cands:
                printed = "".join(t.text for t in line if t)
                if len(printed) >= 7 and row_key:
                    res.unreadable.append((row_key, f"表三 row {row_key} printed as {printed!r} cannot be split "
                                                    f"into 7 cells whose six columns add up to the total"))
                    next_index = order.index(row_key) + 1
                continue
            if row_key is None or row_key in dict(pending):
                continue
            pending.append((row_key, cands))
            next_index = order.index(row_key) + 1
    if not pending:
        blocks = _number_blocks(text, start, end)
        by_columns = _read_table3_by_columns(blocks)
        if by_columns.cells:
            return by_columns
        printed = sum(len(b) for b in blocks)
        if not res.unreadable and printed >= len(cols):
            res.unreadable.append(("all", f"表三 printed as {printed} numbers, one a line, that read neither row by row "
                                          "nor column by column into rows that add up"))
        return res
    chosen = _choose_table3(pending, res)
    for (key, _), cells in zip(pending, chosen):
        res.cells[key] = {c: (_value(t.text) if t else None) for c, t in zip(cols, cells)}
        for c, t in zip(cols, cells):
            if t:
                res.where[f"{key}.{c}"] = (t.start, t.end)
    return res


_NUMBER_LINE = re.compile(r"[ \t]*(\d{1,3}(?:,\d{3})+|\d+)[ \t]*")
_PAGE_NUMBER_LINE = re.compile(r"[ \t]*[-—－]\s*\d+\s*[-—－][ \t]*")


def _number_blocks(text: str, start: int, end: int) -> list[list[Token]]:
    """Runs of lines that each hold one number (blank lines and page numbers between them allowed)."""
    blocks: list[list[Token]] = []
    current: list[Token] = []
    pos = start
    for line in text[start:end].split("\n"):
        m = _NUMBER_LINE.fullmatch(line)
        if m:
            current.append(Token(m.group(1), pos + m.start(1)))
        elif line.strip() and not _PAGE_NUMBER_LINE.fullmatch(line):
            if current:
                blocks.append(current)
            current = []
        pos += len(line) + 1
    if current:
        blocks.append(current)
    return blocks


def _read_table3_by_columns(blocks: list[list[Token]]) -> TableResult:
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
                    if all(_row_adds_up(row) for row in r)}
        if len(readings) != 1:
            return TableResult()
        rows.extend(*readings.values())
    res = TableResult()
    for key, row in zip(keys, rows):
        res.cells[key] = {c: _value(t.text) for c, t in zip(cols, row)}
        for c, t in zip(cols, row):
            res.where[f"{key}.{c}"] = (t.start, t.end)
    assign = {key: list(cells.values()) for key, cells in res.cells.items()}
    return res if _table3_consistent(assign, spec()["table3_results"]) else TableResult()


def _row_adds_up(row: list[Token]) -> bool:
    values = [_value(t.text) for t in row]
    return abs(sum(values[:-1]) - values[-1]) < 1e-9


def _texts(rows: list[list[Token]]) -> list[list[str]]:
    return [[t.text for t in row] for row in rows]


def _table3_consistent(assign: dict[str, list[Cell]], results: list[str]) -> bool:
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


def _choose_table3(pending, res: TableResult) -> list[list[Optional[Token]]]:
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
    values = [[[_value(t.text) if t else None for t in cells] for cells in cands] for _, cands in pending]
    assign = {k: values[i][0] for i, (k, _) in enumerate(pending)}
    good = []
    for combo in itertools.product(*(range(len(pending[i][1])) for i in multi)):
        for i, j in zip(multi, combo):
            assign[pending[i][0]] = values[i][j]
        if _table3_consistent(assign, results):
            pick = list(first)
            for i, j in zip(multi, combo):
                pick[i] = pending[i][1][j]
            good.append(pick)
            if len(good) > 5:
                break
    if len(good) == 1:
        return good[0]
    res.ambiguous.append({"rows": [pending[i][0] for i in multi],
                          "candidates": [[[_value(t.text) if t else None for t in pick[i]] for i in multi] for pick in (good or [first])[:5]]})
    return (good or [first])[0]


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
        res.ambiguous.append({"rows": blocks, "candidates": [[_value(t.text) if t else None for t in c] for c in cands[:5]]})
    for b, block in enumerate(blocks):
        res.cells[block] = {}
        for c, col in enumerate(cols):
            t = cands[0][b * len(cols) + c]
            res.cells[block][col] = _value(t.text) if t else None
            if t:
                res.where[f"{block}.{col}"] = (t.start, t.end)
    return res


_PROSE_NUMBER = re.compile(r"(\d\d*(?:\.\d+)?)\s*(?:件|条|个|项|万元|元)")  # (\d\d*, not \d+: see facts.py)


def _prose_numbers(text: str) -> set[float]:
    return {float(m.group(1)) for m in _PROSE_NUMBER.finditer(text)}


def _mentions_near(text: str, label: str) -> set[float]:
    """Numbers the prose prints right after the row's label (制发行政规范性文件62件)."""
    word = re.sub(r"[$^\\]", "", label)
    return {float(m.group(1)) for m in re.finditer(rf"{word}[^，。；\d]{{0,6}}?(\d+(?:\.\d+)?)\s*(?:件|条|个|项|万元|元)", text)}


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
    for g, line in _with_unlabelled_runs(find_groups(text, start, end)):
        key = _label_key(g.label, rows_name, None)
        if not key or key in res.cells:
            continue
        # PDF text: 行政处罚 行政强制 printed together, then 2776 84; a label's one cell each, in order.
        stacked = _stacked_keys(g.label, rows_name)
        if len(stacked) > 1 and len(line) == len(stacked) and all(len(cells_of[k]) == 1 for k in stacked):
            for k, t in zip(stacked, line):
                if t and k not in res.cells:
                    res.cells[k] = {cells_of[k][0]: _value(t.text)}
                    res.where[f"{k}.{cells_of[k][0]}"] = (t.start, t.end)
            continue
        cols = cells_of[key]
        mentioned = _mentions_near(text, label_of[key])
        cands = read_row(line, any(g.piped) and len(line) == len(cols), len(cols), blocks=0,
                         prefer=_table2_preference(key, cols, mentioned))
        if not cands:
            continue
        if len(cands) > 1:
            res.ambiguous.append({"row": key, "chosen": [_value(t.text) if t else None for t in cands[0]],
                                  "candidates": [[_value(t.text) if t else None for t in c] for c in cands[1:4]]})
        res.cells[key] = {c: (_value(t.text) if t else None) for c, t in zip(cols, cands[0])}
        for c, t in zip(cols, cands[0]):
            if t:
                res.where[f"{key}.{c}"] = (t.start, t.end)
    return res


def _with_unlabelled_runs(groups: list[Group]) -> list[tuple[Group, list[Optional[Token]]]]:
    """Each labelled run with its cells and those of the unlabelled runs after it (PDF text prints
    one number per line, with blank lines between)."""
    out: list[tuple[Group, list[Optional[Token]]]] = []
    for g in groups:
        cells = [t for ln in g.lines for t in ln]
        if out and not g.label and not any(g.piped):
            out[-1][1].extend(cells)
        else:
            out.append((g, cells))
    return out


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
    units = "|".join(sorted(s["stats_units"], key=len, reverse=True))
    unit_rx = re.compile(rf"(?P<name>.+?)\s*(?P<unit>{units})$")
    mentioned = _prose_numbers(text[start:anchor.start()])
    for g in find_groups(text, header.end(), end):
        m = unit_rx.match(g.label)
        if not m:
            continue
        name = re.sub(r"^其中[:：]?", "", m.group("name"))
        name = re.sub(r"^[（(]?\d{1,2}[)）.．、]?", "", name).strip("：:")
        tokens = [t for ln in g.lines for t in ln if t]
        if len(tokens) >= 2 or len(tokens) == 0:
            cells = tokens[:2] + [None] * (2 - len(tokens[:2]))
        else:
            t = tokens[0]
            cands = [c for c in segmentations([t], 2, limit=200) if _value(c[1].text) >= _value(c[0].text)]

            def pref(c):
                # the prose's own number first, then the most even split of the digits
                return (-(_value(c[0].text) in mentioned), abs(len(c[0].text) - len(c[1].text)))
            cands.sort(key=pref)
            if len(t.text) == 1 or not cands:
                cells = [t, None]
            else:
                cells = list(cands[0])
                if len(cands) > 1 and not (_value(cands[0][0].text) in mentioned):
                    res.ambiguous.append({"row": name, "candidates": [[_value(x.text) for x in c] for c in cands[:4]]})
        res.cells[name] = {"unit": m.group("unit"),
                           "this_year": _value(cells[0].text) if cells[0] else None,
                           "cumulative": _value(cells[1].text) if cells[1] else None}
        for col, t in zip(("this_year", "cumulative"), cells):
            if t:
                res.where[f"{name}.{col}"] = (t.start, t.end)
    return res


def read_tables(text: str, start: int, end: int) -> tuple[str | None, dict[str, TableResult]]:
    region = text[start:end]
    template = detect_template(region)
    out: dict[str, TableResult] = {}
    t3, t4 = table_anchors(text, start, end)
    if t3 and (template or t4):
        t2 = find_region(text, "table2", start, t3.start())
        if t2:
            out["table2"] = read_table2(text, t2.end(), t3.start(), template)
        t3_end = t4.start() if t4 else min(end, t3.end() + 4000)
        out["table3"] = read_table3(text, t3.end(), t3_end, template)
        if t4:
            stop = spec()["_anchor"]["end"].search(text, t4.end(), end)
            out["table4"] = read_table4(text, t4.end(), stop.start() if stop else min(end, t4.end() + 800))
    else:
        stats = read_stats(text, start, end)
        if stats.cells:
            out["stats"] = stats
    out = {k: v for k, v in out.items() if v.cells or v.unreadable}
    if template is None and ("table3" in out or "table2" in out):
        template = "2021" if "other_no_correction" in out.get("table3", TableResult()).cells else "2019"
    return template, out
