"""Split a report into reports (第N篇) and into a tree of numbered sections."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from govreport.extract.normalise import has_pinyin, pinyin_free
from govreport.extract.numbers import parse_number
from govreport.extract.patterns import anchored, compile_rule, load, rule
from govreport.extract.report import Report
from govreport.extract.scan import AnchoredRegex

_SENTENCE_END = "。！？"


@dataclass
class Span:
    start: int
    end: int


@lru_cache(maxsize=1)
def _part_mark() -> AnchoredRegex:
    return anchored("headings", "part_marks")


def split_reports(text: str) -> list[Span]:
    """A page holding several texts marked 第1篇 … 第N篇 (or 篇一：…) yields one span per text; else the whole.
    A mirror's pinyin (第(dì)1篇(piān)) is read past: the marks are found without it and placed back."""
    if "篇" not in text:  # (a MULTILINE ^ pattern is tried at every character: ask first)
        return [Span(0, len(text))]
    if has_pinyin(text):
        view = pinyin_free(text)
        return [Span(view.start_of(span.start), view.start_of(span.end)) for span in _split(view.text)]
    return _split(text)


def _split(text: str) -> list[Span]:
    marks = [m for m in _part_mark().finditer(text) if not text[text.rfind("\n", 0, m.start()) + 1:m.start()].strip(" \t")]
    try:
        numbers = [int(parse_number(m.group("a") or m.group("b") or m.group("c"))) for m in marks]
    except ValueError:
        return [Span(0, len(text))]
    if len(marks) < 2 or numbers != list(range(1, len(marks) + 1)):
        return [Span(0, len(text))]
    spans = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        spans.append(Span(m.end(), end))
    return spans


@lru_cache(maxsize=1)
def _heading_rules():
    data = load("headings")
    rules = [(r["level"], compile_rule(r["regex"], f"headings.level{r['level']}")) for r in data["levels"]]
    # The lines that open with any level's number, found in one scan of the text: most lines open
    # with none, and need no further test.
    # (A search for the line break, a plain character, is much faster than a MULTILINE ^ tried everywhere.)
    openings = "|".join(r["regex"].replace("(?P<number>", "(?:") for r in data["levels"])
    any_level = re.compile(rf"\n[^\S\n]*(?:{openings})"), re.compile(rf"[^\S\n]*(?:{openings})")
    return rules, int(data.get("max_heading_chars", 60)), any_level


def match_heading(line: str):
    """Return (level, number, heading_length) when the line opens with a section heading."""
    rules, max_chars, _ = _heading_rules()
    stripped = line.lstrip()
    indent = len(line) - len(stripped)
    for level, rx in rules:
        m = rx.match(stripped)
        if not m:
            continue
        rest = stripped[m.end():]
        if not rest.strip():
            return None
        # The heading runs to the first sentence end when body text follows on the same line, or
        # to the end of a known title that the body text runs into.
        cut = min((rest.find(c) for c in _SENTENCE_END if c in rest), default=-1)
        heading_len = m.end() + (cut + 1 if cut >= 0 else len(rest.rstrip()))
        if level == 1:
            title = rule("headings", "report_titles").match(stripped, m.end() + len(rest) - len(rest.lstrip()))
            if title and title.end() < heading_len and not stripped.startswith(_SENTENCE_END, title.end()):
                heading_len = title.end()
        if heading_len > max_chars:
            if cut >= 0 or len(rest) > max_chars:
                return None
        return level, m.group("number"), indent, heading_len
    return None


# A page flattened into one long line, or a PDF page run into one paragraph, still shows its headings
# between sentences (headings.yaml's inline rules): only lines this long are searched for them.
_LONG_LINE = 200
_CN_ORDER = "一二三四五六七八九十"


def _headings_in_line(text: str, line_start: int, line: str, may_open: bool = True):
    """(start, level, number, heading_length) of headings on one line, in reading order."""
    hit = match_heading(line) if may_open else None
    if hit:
        level, number, indent, length = hit
        yield line_start + indent, level, number, length
    if len(line) < _LONG_LINE:
        return
    expected: dict[int, int] = {}
    titled = {m.start("h"): m for m in rule("headings", "inline_numbered_title").finditer(line)}
    found = {m.start("h"): m for m in rule("headings", "inline_heading").finditer(line)}
    for m in sorted({**found, **titled}.values(), key=lambda m: m.start("h")):
        h = m.group("h")
        level = 1 if "、" in h[:5] else 2
        number = rule("headings", "numeral").search(h).group()
        index = _CN_ORDER.find(number) + 1 if len(number) == 1 else 10 + _CN_ORDER.find(number[-1]) + 1
        # numbering must run in order for a mid-line numeral to count as a heading, and a table row
        # (（一）予以公开 210000021) is followed by its cells
        # (one numeral may be skipped: its heading ran into a long parenthesis and was not seen)
        if index - expected.get(level, 1) not in (0, 1) or rule("headings", "cells_follow").match(line, m.end()):
            continue
        expected[level] = index + 1
        if level == 1:
            expected[2] = 1
        yield line_start + m.start("h"), level, number, len(h)


def find_sections(text: str, start: int, end: int, table_headings: tuple = (None, None)) -> list[dict]:
    """The section tree of text[start:end]. `table_headings` are the matches of 表三's and 表四's
    headings (found once by the pipeline), whose rows are numbered like sections but are not.
    Each section is a dict with level, number, heading, start, end, parent, group."""
    sections: list[dict] = []
    pos = start
    group = 0
    region = text[start:end]
    after_break, at_start = _heading_rules()[2]
    opening = {start + m.start() + 1 for m in after_break.finditer(region)}
    if at_start.match(region):
        opening.add(start)
    rows_from, rows_to = _table3_rows(text, end, table_headings)
    open_: list[int] = []  # the open sections, outermost first: their levels rise
    rooted: set[int] = set()  # levels at which a section without a parent was seen
    for line in region.split("\n"):
        line_start = pos
        pos += len(line) + 1
        if line_start not in opening and len(line) < _LONG_LINE:
            continue
        for s, level, number, length in _headings_in_line(text, line_start, line, line_start in opening):
            if sections and s <= sections[-1]["start"] or rows_from <= s < rows_to:
                continue
            heading = text[s:s + length].strip()
            # the parent is the latest section of a lower level: what stays open once the sections
            # of this level or deeper are closed (a stack, so a page of 10,000 headings stays linear)
            while open_ and sections[open_[-1]]["level"] >= level:
                open_.pop()
            parent = open_[-1] if open_ else None
            if parent is None and level > 1 and number in ("1", "一", "①") and level in rooted:
                group += 1
            if parent is None:
                rooted.add(level)
            sections.append({"level": level, "number": number, "heading": heading, "start": s, "end": end,
                             "parent": parent, "group": group if parent is None else sections[parent]["group"]})
            open_.append(len(sections) - 1)
    _close_sections(text, sections)
    return sections


def _table3_rows(text: str, end: int, table_headings: tuple) -> tuple[int, int]:
    """Where 表三's row labels stand: from its heading to the line of 表四's heading. Its rows are
    numbered like sections (一、本年新收… （一）予以公开), and PDF text prints each on a line of its own."""
    t3, t4 = table_headings
    if not t4:
        return end, end
    numbered = rule("headings", "numbering_before").search(text, max(t3.end(), t4.start() - 8), t4.start())
    return t3.end(), numbered.start() if numbered else t4.start()




def _close_sections(text: str, sections: list[dict]) -> None:
    # A section ends where the next heading of the same or a higher level begins.
    waiting: list[dict] = []  # sections not yet closed, outermost first
    for nxt in sections:
        while waiting and waiting[-1]["level"] >= nxt["level"]:
            waiting.pop()["end"] = nxt["start"]
        waiting.append(nxt)
    for sec in sections:
        while sec["end"] > sec["start"] and text[sec["end"] - 1].isspace():
            sec["end"] -= 1


def stage(report: Report) -> dict:
    """sections: the report's section tree (表三's numbered rows, whose headings the pipeline found, are no sections)."""
    if report.page.changes.get("pinyin") and has_pinyin(report.region):
        return {"sections": _sections_without_pinyin(report.text, report.start, report.end, report["table_headings"])}
    return {"sections": find_sections(report.text, report.start, report.end, report["table_headings"])}


@dataclass
class _At:
    """A found heading's place, as a re.Match gives it (start(), end())."""
    a: int
    b: int

    def start(self) -> int:
        return self.a

    def end(self) -> int:
        return self.b


def _sections_without_pinyin(text: str, start: int, end: int, table_headings: tuple) -> list[dict]:
    """A mirror's sections: found in the text without its pinyin (（一(yī)）主动… is a heading), placed
    back on the page, each heading quoted as printed."""
    view = pinyin_free(text, start, end)
    def inside(m):  # a table heading's place in the pinyin-free text
        return m and _At(view.index_of(m.start()), view.index_of(m.end()))
    sections = find_sections(view.text, 0, len(view.text), tuple(inside(m) for m in table_headings))
    for sec in sections:
        a, length = sec["start"], len(sec["heading"])
        if length:
            sec["heading"] = text[view.start_of(a):view.end_of(a + length)]
        sec["start"], sec["end"] = view.start_of(a), view.end_of(sec["end"]) if sec["end"] > a else view.start_of(a)
    return sections
