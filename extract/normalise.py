"""Normalise scraped text in named steps that never change its length.

Every step maps one character to one character (blanking furniture with spaces), so a position in
the normalised text *is* the offset in the original decoded file: the offset map is the identity,
and `original[start:end]` is always the printed surface of a fact. `explain()` says what changed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from govreport.extract.patterns import compile_rule, load

# Characters that exist only in traditional script and are frequent in government prose.
_TRADITIONAL_ONLY = set(
    "們這個來對說時會為與關於開發國學務業單經過還進當實現動應機點種總問題員條報資區縣鎮傳讓從見長門間"
    "產處據構覽瀏訪諮詢復訴訟費項數辦屬規範體權徵專統計劃級網頁議舉證書記錄狀態類準則興樂選層財檔導節"
)
_HALFWIDTH = {c: chr(ord(c) - 0xFEE0) for c in
              "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ％．"}
_HALFWIDTH.update({"\u00a0": " ", "\u3000": " ", "\r": " ", "\t": " ", "\u2002": " ", "\u2003": " ", "\u200b": " ", "\ufeff": " "})
_HALFWIDTH_TABLE = str.maketrans(_HALFWIDTH)


@dataclass
class Normalised:
    original: str
    text: str
    script: str
    changes: dict[str, int] = field(default_factory=dict)
    furniture: list[tuple[int, int, str]] = field(default_factory=list)
    kept: dict[str, tuple[str, int, int]] = field(default_factory=dict)

    def explain(self) -> list[str]:
        lines = [f"{step}: {n} character(s) changed" for step, n in self.changes.items() if n]
        lines += [f"furniture [{a}:{b}] {rule}: {self.original[a:b].strip()[:40]!r}" for a, b, rule in self.furniture]
        return lines


def detect_script(text: str) -> str:
    sample = text if len(text) < 20000 else text[:10000] + text[-10000:]
    han = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    trad = sum(1 for c in sample if c in _TRADITIONAL_ONLY)
    return "traditional" if han and trad / han > 0.02 else "simplified"


def to_halfwidth(text: str) -> str:
    return text.translate(_HALFWIDTH_TABLE)


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC  # imported only for traditional input: conversion is slow
    return OpenCC("t2s").convert


def to_simplified(text: str) -> str:
    converted = _t2s()(text)
    if len(converted) == len(text):
        return converted
    # A phrase rule changed the length somewhere: fall back to converting char by char.
    convert = _t2s()
    out = []
    for c in text:
        s = convert(c)
        out.append(s if len(s) == 1 else c)
    return "".join(out)


def _line_spans(text: str):
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def strip_boilerplate(text: str) -> tuple[str, list[tuple[int, int, str]], dict[str, tuple[str, int, int]]]:
    rules = load("boilerplate")
    line_rules = [(r["name"], compile_rule(r["regex"], f"boilerplate.{r['name']}"), r.get("keep")) for r in rules["lines"]]
    inline_rules = [(r["name"], compile_rule(r["regex"], f"boilerplate.{r['name']}")) for r in rules.get("inline", [])]
    chars = list(text)
    furniture: list[tuple[int, int, str]] = []
    kept: dict[str, tuple[str, int, int]] = {}
    for start, line in _line_spans(text):
        if not line.strip():
            continue
        for name, rx, keep in line_rules:
            if rx.search(line):
                end = start + len(line)
                if keep == "published" and "published" not in kept:
                    kept["published"] = (line, start, end)
                elif keep == "archive_field":
                    key = line.split(":")[0].split("：")[0].strip()
                    kept.setdefault(key, (line, start, end))
                furniture.append((start, end, name))
                chars[start:end] = " " * len(line)
                break
    for name, rx in inline_rules:
        for m in rx.finditer(text):
            furniture.append((m.start(), m.end(), name))
            chars[m.start():m.end()] = " " * (m.end() - m.start())
    furniture.sort()
    return "".join(chars), furniture, kept


def normalise(original: str) -> Normalised:
    text = to_halfwidth(original)
    changes = {"halfwidth": sum(1 for a, b in zip(original, text) if a != b)}
    script = detect_script(text)
    if script == "traditional":
        simplified = to_simplified(text)
        changes["traditional_to_simplified"] = sum(1 for a, b in zip(text, simplified) if a != b)
        text = simplified
    text, furniture, kept = strip_boilerplate(text)
    changes["furniture"] = sum(b - a for a, b, _ in furniture)
    assert len(text) == len(original), "normalisation must keep every offset"
    return Normalised(original=original, text=text, script=script, changes=changes, furniture=furniture, kept=kept)


_SPACES = re.compile(r"\s+")


def squeeze(s: str) -> str:
    """Remove all whitespace (for labels and headings printed with stray spaces)."""
    return _SPACES.sub("", s)
