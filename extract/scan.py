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
import sys
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


def _syntax(pattern: str) -> Iterator[tuple[int, str]]:
    """(index, character) of a pattern's characters that are syntax: not escaped, not in a class."""
    i, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += 1
            if pattern[i:i + 1] == "^":
                i += 1
            if pattern[i:i + 1] == "]":  # a ] right after [ or [^ is a member, not the end
                i += 1
            continue
        else:
            yield i, c
        i += 1


def _top_level_bars(pattern: str) -> list[int]:
    """Positions of the | that separate a pattern's top-level alternatives."""
    bars, depth = [], 0
    for i, c in _syntax(pattern):
        depth += (c == "(") - (c == ")")
        if c == "|" and depth == 0:
            bars.append(i)
    return bars


def _closing_paren(pattern: str, open_at: int) -> int:
    """Index of the ) closing the group that opens at open_at."""
    depth = 0
    for i, c in _syntax(pattern):
        if i >= open_at:
            depth += (c == "(") - (c == ")")
            if depth == 0:
                return i
    raise ValueError(f"unbalanced group in {pattern[:60]!r}")


def split_alternation(pattern: str) -> list[str]:
    """Alternatives that together match where the pattern matches: A|B → [A, B]; (?:A|B)C → [AC, BC].

    For a yes/no search only (group numbers are not kept).
    """
    cuts = [-1, *_top_level_bars(pattern), len(pattern)]
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        branch = pattern[a + 1:b]
        if branch.startswith("(?:"):
            close = _closing_paren(branch, 0)
            rest = branch[close + 1:]
            inner = branch[3:close]
            if _top_level_bars(inner) and rest[:1] not in ("?", "*", "+", "{"):
                for alt in split_alternation(inner):
                    out.extend(split_alternation(alt + rest))
                continue
        out.append(branch)
    return out


def _literal_led(branch: str) -> bool:
    """Whether a regex opens with a literal character that must be present (the engine's fast path)."""
    if not branch:
        return False
    if branch[0] == "\\":
        first, rest = branch[:2], branch[2:]
        if len(first) < 2 or first[1].isalnum():  # \d, \s, \b… are classes or assertions
            return False
    else:
        first, rest = branch[0], branch[1:]
        if first in "^$.[(|)*+?{":
            return False
    return not rest.startswith(("?", "*", "{0"))


class AnyOf:
    """Whether a text holds a match of a regex, searched one alternative at a time.

    The regex engine jumps straight to a literal that opens a pattern, but tests every position
    against an opening alternation (or class): five to ten times slower on this text. A yes/no
    question needs no leftmost match, so when every alternative opens with a literal, each is
    searched on its own, from the first place its literal stands, and compiled only when its
    literal is in some text at all (most never are: xx市, *镇, 〔2021〕30号 …).
    `search` returns a true value when some alternative matches.
    """

    def __init__(self, pattern: str, flags: int = 0, max_branches: int = 6):
        branches = split_alternation(pattern)
        self.pattern, self.flags = pattern, flags
        # Every search is one more pass over the text: past a few, one alternation scan is cheaper.
        if 1 < len(branches) <= max_branches and all(map(_literal_led, branches)) and not flags & re.IGNORECASE:
            self.branches = [(_first_literal(b), b) for b in branches]
            self._compiled: dict[str, re.Pattern[str]] = {}
        else:
            self.search = re.compile(pattern, flags).search  # type: ignore[method-assign]  # one regex: no Python between

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        for literal, branch in self.branches:
            at = text.find(literal, pos, endpos)
            if at < 0:
                continue
            rx = self._compiled.get(branch)
            if rx is None:
                rx = self._compiled[branch] = re.compile(branch, self.flags)
            if rx.search(text, at, endpos):
                return True
        return False


def _first_literal(branch: str) -> str:
    """The character a literal-led branch opens with (unescaped)."""
    return branch[1] if branch[0] == "\\" else branch[0]
