"""Layout reader: tables whose cells stand apart.

Pages print a table's cells separated by pipes (`| 规章 | 0 | 0 | 0 |`, with or without the leading
pipe, with `||` padding), one cell per line or per paragraph (often with a lone `|` line or a `x |`
terminator), a cell split over two lines (`| ` then ` 0  | `), or cells separated by spaces only.
All of these are one stream of printed items once pipes, line breaks and spaces are read as
separators: text, a number, a cell printed as none (`/`, `-`, `—`), or a blank cell (nothing between
two pipes, or a paragraph holding only spaces).

A row is known by its template label, wherever the table starts or stops: the text printed since the
previous run of cells names the row, and the run gives its cells. A row is read only when the run
holds exactly its cells (blanks filling the gaps of a pipe row), so a run that is ambiguous here is
left to the `runs` reader; a number touching the end of a cut page may be cut in half and is never read.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional

from govreport.extract.patterns import rule
from govreport.extract.tables.model import Cell, squeeze_label

# A number standing alone as a cell: 12, 1,362, 0.5, +19, -8, with a money unit when a page prints one.
_NUMBER = rule("tables", "cell_number")
_MOJIBAKE = rule("tables", "mojibake")
_NOTE_AT_END = rule("tables", "note_at_end")
# Cells that print no number (record.md: a blank, /, - or — cell is null, never 0).
_NONE = frozenset({"/", "／", "\\", "-", "—", "–", "－", "——", "无"})
# Mojibake left where a page's font had a glyph the scrape could not decode (`? 0`): not a cell.
_MOJIBAKE_CHARS = frozenset("?？\ufffd")


@dataclass(slots=True)
class Item:
    kind: str  # "text", "number", "none" or "blank"
    text: str
    start: int
    value: Cell = None
    unit: str = ""

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(slots=True)
class Row:
    key: str
    cells: list[Optional[Item]]  # None: a blank cell


def items(text: str, start: int, end: int) -> list[Item]:
    """The printed items of text[start:end], pipes, line breaks and spaces read as separators."""
    out: list[Item] = []
    pos = start
    for line in text[start:end].split("\n"):
        pieces = line.split("|")
        piped = len(pieces) > 1
        at = pos
        for i, piece in enumerate(pieces):
            if not piece.strip():
                # a blank cell: nothing between two pipes, or a paragraph of spaces only
                if (piped and 0 < i < len(pieces) - 1) or (not piped and piece):
                    out.append(Item("blank", "", at))
            else:
                _words(piece, at, out)
            at += len(piece) + 1
        pos += len(line) + 1
    return out


def _words(piece: str, at: int, out: list[Item]) -> None:
    words = piece.split()
    pos = 0
    for n, word in enumerate(words):
        pos = piece.find(word, pos)
        start = at + pos
        pos += len(word)
        first = word[0]
        if first in _MOJIBAKE_CHARS:
            bad = _MOJIBAKE.match(word)
            if bad.end() == len(word) and n + 1 < len(words) and _NUMBER.fullmatch(words[n + 1]):
                continue  # `? 0`: the mojibake stands before the cell's number
            word, start = word[bad.end():], start + bad.end()
            first = word[:1]
        number = _NUMBER.fullmatch(word) if first and (first.isdigit() or first in "+-") else None
        if number:
            value = float(number.group(2).replace(",", ""))
            value = int(value) if value.is_integer() and "." not in number.group(2) else value
            out.append(Item("number", word, start, -value if number.group(1) == "-" else value, number.group(3) or ""))
        elif word in _NONE:
            out.append(Item("none", word, start))
        else:
            out.append(Item("text", word, start))


def runs(found: list[Item]) -> Iterator[tuple[str, list[Item], bool]]:
    """(the text printed since the previous run, a run of cells, whether it is the region's last)."""
    label: list[str] = []
    i = 0
    while i < len(found):
        if found[i].kind == "text":
            label.append(found[i].text)
            i += 1
            continue
        j = i
        while j < len(found) and found[j].kind != "text":
            j += 1
        yield "".join(label), found[i:j], j == len(found)
        label = []
        i = j


def _cut_at_end(run: list[Item], last: bool, text: str, end: int) -> bool:
    """Whether the page stops inside the run's last number (it may be cut in half)."""
    return last and end >= len(text) and bool(run) and run[-1].kind == "number" and run[-1].end >= len(text)


def read_rows(text: str, start: int, end: int, match, widths: dict[str, int], blank_rows: bool = False) -> list[Row]:
    """Rows of one table: `match(label)` names the row a label prints (or None), `widths` its cell count.

    With `blank_rows`, a row printed with blank cells only is read (表二 rows of a body with nothing to
    report); a 表三 header cell such as 其他 must not pass for a row.
    """
    rows: list[Row] = []
    seen: set[str] = set()
    for label, run, last in runs(items(text, start, end)):
        key = _row_key(label, match)
        if key and key not in seen:
            if _cut_at_end(run, last, text, end):
                run = run[:-1]
            cells = _cells(run, widths[key], blank_rows, last=last and end >= len(text))
            if cells is not None:
                rows.append(Row(key, cells))
                seen.add(key)
    return rows


def _row_key(label: str, match) -> str | None:
    label = squeeze_label(label)[-160:]
    key = match(label)
    while key is None and _NOTE_AT_END.search(label):
        # a note printed after the label (规章(设区的市、自治州人民政府应提供相关数据))
        label = _NOTE_AT_END.sub("", label)
        key = match(label)
    return key


def _cells(run: list[Item], width: int, blank_rows: bool, last: bool) -> list[Optional[Item]] | None:
    stated = [it for it in run if it.kind != "blank"]
    if len(stated) == width:
        return [it if it.kind == "number" else None for it in stated]
    if len(stated) > width:
        return None  # more cells than the row has: left to the runs reader
    if last:
        # the page stops inside this row: the cells printed whole are read, the rest are not printed
        return [it if it.kind == "number" else None for it in stated] + [None] * (width - len(stated)) if stated else None
    if not stated and not blank_rows:
        return None
    if len(run) >= width:
        # a pipe row with blank cells: the blanks hold their places
        return [it if it.kind == "number" else None for it in run[:width]]
    return None


def cell_of(it: Item, column: str) -> Cell:
    """The cell's value in the column's unit (procurement in yuan, 表二 fees in 10k yuan)."""
    value = it.value
    if value is None:
        return None
    if column == "amount_yuan" and it.unit == "万元":
        return round(value * 10000, 6)
    if column == "amount_10k_yuan" and it.unit == "元":
        return value / 10000
    return value


def read_block(text: str, start: int, end: int, width: int) -> list[Optional[Item]] | None:
    """The first run of exactly `width` cells in the region (表四 prints its 15 cells as one row)."""
    for _, run, last in runs(items(text, start, end)):
        cut = _cut_at_end(run, last, text, end)
        stated = [it for it in (run[:-1] if cut else run) if it.kind != "blank"]
        if len(stated) == width:
            return [it if it.kind == "number" else None for it in stated]
        if last and end >= len(text) and 0 < len(stated) < width:
            # the page stops inside the row: the cells printed whole are read, the rest are not printed
            return [it if it.kind == "number" else None for it in stated] + [None] * (width - len(stated))
    return None
