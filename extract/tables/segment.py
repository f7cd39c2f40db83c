"""Segmentation: ways to read a run of digits printed with no separators as a row's cells.

A cell never spans two printed tokens and never starts with a zero (unless it is 0); with blocks,
each block's last cell is the sum of the others (表三 rows, 表四 blocks), which is what makes a
glued run readable at all.
"""
from __future__ import annotations

import itertools

from govreport.extract.tables.model import Cell, Token, cell_value

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
        if not width or sums_ok([float(c.text) for c in cells], blocks, width):
            return [cells]
        return []
    if len(texts) == 1 and texts[0].isascii() and texts[0].isdigit():
        if blocks == 1:
            return split_summed_run(tokens[0], n, limit)
        if not blocks:
            return split_run(tokens[0], n, limit)
    return walk_segmentations(tokens, n, blocks, limit)


def walk_segmentations(tokens: list[Token], n: int, blocks: int, limit: int) -> list[list[Token]]:
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
            parts = [text] if ci == 0 and (not width or len(acc) % width != width - 1 or cell_value(text) == block_sum) else []
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
            nsum = 0.0 if width and len(acc) % width == 0 else block_sum + cell_value(part)
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


def split_run(token: Token, n: int, limit: int) -> list[list[Token]]:
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


def split_summed_run(token: Token, n: int, limit: int) -> list[list[Token]]:
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


def sums_ok(values: list[Cell], blocks: int, width: int) -> bool:
    for b in range(blocks):
        block = values[b * width:(b + 1) * width]
        if any(v is None for v in block):
            continue
        if abs(sum(block[:-1]) - block[-1]) > 1e-9:
            return False
    return True
