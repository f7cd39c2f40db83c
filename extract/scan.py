"""Scan for a rule only around its anchors: words at least one of which every match contains.

A regex scan visits every character; most rules can only match next to a rare word (`%`, `年`,
`令`, `@`). Finding those words with `str.find` and running the regex in a window of the rule's
maximum match length around each one gives exactly the matches of a full scan, far faster:

- every match holds an anchor at some q, so it lies inside [q - reach, q + reach];
- overlapping windows are merged, so no full-scan match straddles a window's start, and a scan
  begun at a window's start proceeds exactly as the full scan does from there;
- a window's scan may read as far past its end as the rule's widest look-ahead.

tests/test_scan.py checks the equality on every sample and every rule.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

try:
    from re import _parser as _sre_parse  # Python ≥ 3.11
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_UNBOUNDED = 1 << 16
_MERGE_GAP = 200


def max_width(regex: re.Pattern[str]) -> int:
    """The longest match the regex can make; ValueError when it is unbounded."""
    width = _sre_parse.parse(regex.pattern, regex.flags).getwidth()[1]
    if width >= _UNBOUNDED:
        raise ValueError(f"regex {regex.pattern[:60]!r} has no bounded length; bound every repetition ({{0,8}}, not *)")
    return width


def max_lookahead(regex: re.Pattern[str]) -> int:
    """How far past a match's end the regex may look: the widest look-ahead it holds."""
    def walk(node) -> int:
        widest = 0
        for item in node if isinstance(node, (list, tuple, _sre_parse.SubPattern)) else ():
            if isinstance(item, tuple) and len(item) == 2 and str(item[0]) in ("ASSERT", "ASSERT_NOT"):
                direction, sub = item[1]
                if direction == 1:
                    width = sub.getwidth()[1]
                    if width >= _UNBOUNDED:
                        raise ValueError(f"regex {regex.pattern[:60]!r} has an unbounded look-ahead; bound it")
                    widest = max(widest, width)
                widest = max(widest, walk(sub))
            elif isinstance(item, (list, tuple, _sre_parse.SubPattern)):
                widest = max(widest, walk(item))
        return widest
    return walk(_sre_parse.parse(regex.pattern, regex.flags))


class AnchoredRegex:
    """A compiled regex plus its anchors; `finditer` gives the same matches as `regex.finditer`."""

    def __init__(self, regex: re.Pattern[str], anchors: tuple[str, ...] | list[str] | None):
        self.regex = regex
        self.anchors = tuple(anchors) if anchors else ()
        if any(not a for a in self.anchors):
            raise ValueError(f"regex {regex.pattern[:60]!r}: an anchor is empty")
        self.reach = max_width(regex) if self.anchors else 0
        self.lookahead = max_lookahead(regex) if self.anchors else 0
        # One literal regex per anchor: the engine finds a literal fast, not an alternation of them.
        self._widest = max(map(len, self.anchors), default=0)
        self._anchor_rxs = [re.compile(re.escape(a)) for a in self.anchors]

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def windows(self, text: str, pos: int, endpos: int) -> list[tuple[int, int]]:
        merged: list[tuple[int, int]] = []
        # An occurrence overlapping a found one (the second 11 of 111) starts inside it: widen by one anchor.
        reach = self.reach + self._widest
        hits: list[int] = []
        found = 0
        for anchor, rx in zip(self.anchors, self._anchor_rxs):
            first = text.find(anchor, pos, endpos)  # most anchors are absent from most texts
            if first >= 0:
                hits += [m.start() for m in rx.finditer(text, first, endpos)]
                found += 1
        if found > 1:
            hits.sort()
        # Windows closer than _MERGE_GAP are scanned as one: the engine crosses a short gap faster
        # than Python starts another scan. Exactness holds, as every window still starts at a
        # window's start of the unmerged list.
        start = end = None
        for q in hits:
            if end is not None and q - reach <= end + _MERGE_GAP:
                end = q + reach
            else:
                if end is not None:
                    merged.append((max(pos, start), min(endpos, end)))
                start, end = q - reach, q + reach
        if end is not None:
            merged.append((max(pos, start), min(endpos, end)))
        return merged

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        endpos = len(text) if endpos is None else endpos
        if not self.anchors:
            yield from self.regex.finditer(text, pos, endpos)
            return
        for a, b in self.windows(text, pos, endpos):
            found = list(self.regex.finditer(text, a, min(endpos, b + self.lookahead)))
            while found and found[-1].start() >= b:  # read only for its look-ahead; the next window owns it
                found.pop()
            if found and found[-1].end() > b:  # no true match leaves its window: the cut-off view misled it
                found = self._starting_before(b, self.regex.finditer(text, a, endpos))
            yield from found

    @staticmethod
    def _starting_before(b: int, matches: Iterator[re.Match[str]]) -> list[re.Match[str]]:
        found = []
        for m in matches:
            if m.start() >= b:
                break
            found.append(m)
        return found


def literal_trie(words: list[str]) -> str:
    """An alternation of literal words as a prefix tree: 个(?:工作日|[月次])? instead of 个工作日|个月|个次|个.

    The regex engine tries a plain alternation's branches one by one at every candidate position;
    the tree tests each character once. Longer words still win (each optional tail is greedy).
    """
    tree: dict[str, dict] = {}
    for word in set(words):
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str | None:
        branches, leaves = [], []
        for ch in sorted(k for k in node if k):
            tail = emit(node[ch])
            if tail is None:
                leaves.append(re.escape(ch))
            else:
                branches.append(re.escape(ch) + tail)
        if leaves:
            branches.append(leaves[0] if len(leaves) == 1 else "[" + "".join(leaves) + "]")
        if not branches:
            return None
        body = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body

    return emit(tree) or ""
