"""Layout reader: numeric runs and the label printed before each (the reader of last resort).

Digits are grouped into runs wherever they stand (one cell per line, runs of spaces, or glued with
no separator at all), a Markdown pipe row is read line by line; a run may still need segmenting
into cells (see segment.py). Its output is candidate cell lists, not rows: the table's arithmetic
chooses among them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional

from govreport.extract.patterns import rule
from govreport.extract.tables.model import BLANK, NONE_PRINTED, TOKEN, Cell, Token, cell_value, squeeze_label
from govreport.extract.tables.segment import segmentations

_GROUP = re.compile(r"\d(?:[\d \t.\-]|,(?=\d{3}(?!\d))|\n(?=[ \t]*\d))*")
_MD_RULE = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$", re.MULTILINE)
# a pipe line holding a number or a none
_PIPE_CELLS = re.compile(r"\d|\|[ \t]*(?:" + "|".join(map(re.escape, sorted(NONE_PRINTED))) + r")[ \t]*(?=\|)")
# a note printed inside a cell, 18（其中修订16件）: its numbers are not cells


@dataclass
class Group:
    """A run of numeric cells and the label text printed before it."""
    label: str
    lines: list[list[Optional[Token]]]  # pipe lines keep blank cells as None
    piped: list[bool]
    start: int
    end: int


def find_groups(text: str, start: int, end: int) -> list[Group]:
    """Numeric runs with their labels. Markdown rows (| a | 1 | 2 |) are read line by line, the label
    being the row's own text cells; elsewhere the label is the text printed since the previous run."""
    region = _MD_RULE.sub(lambda m: " " * len(m.group()), text[start:end])
    region = rule("tables", "cell_note").sub(lambda m: " " * len(m.group()), region)
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
        t = TOKEN.fullmatch(c.strip())
        if t:
            row.append(Token(t.group(), pos + c.index(t.group())))
        elif c.strip() in NONE_PRINTED:
            row.append(None)  # record.md: a dash states no number
        elif row or c.strip() in BLANK and label:
            row.append(None)
        else:
            label.append(c)
        pos += len(c) + 1
    if not any(row):
        return None
    return Group(label=squeeze_label("".join(label)), lines=[row], piped=[True], start=offset, end=offset + len(line))


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
        tokens = [Token(t.group(), start + m.start() + t.start()) for t in TOKEN.finditer(g_text)]
        if not tokens:
            continue
        groups.append(Group(label=squeeze_label(label_text), lines=[tokens], piped=[False],
                            start=start + m.start(), end=start + m.end()))
    return groups


# ---------------------------------------------------------------- segmentation


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
        cands.sort(key=lambda c: prefer([cell_value(t.text) for t in c]))
    return cands


def with_unlabelled_runs(groups: list[Group]) -> list[tuple[Group, list[Optional[Token]]]]:
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
