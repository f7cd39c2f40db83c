"""Normalise scraped text in named steps that never change its length.

Every step maps one character to one character (blanking furniture with spaces), so a position in
the normalised text *is* the offset in the original decoded file: the offset map is the identity,
and `original[start:end]` is always the printed surface of a fact. `explain()` says what changed.
"""
from __future__ import annotations

import itertools
import os
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator

from govreport.extract.patterns import compile_rule, load, rule

_HALFWIDTH = {c: chr(ord(c) - 0xFEE0) for c in
              "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ％．"}
_HALFWIDTH.update({"\u00a0": " ", "\u3000": " ", "\r": " ", "\t": " ", "\u2002": " ", "\u2003": " ", "\u200b": " ", "\ufeff": " "})
_FOLDED = re.compile("[" + "".join(re.escape(c) for c in _HALFWIDTH) + "]")


@dataclass
class Normalised:
    original: str
    text: str
    script: str
    changes: dict[str, int] = field(default_factory=dict)
    furniture: list[tuple[int, int, str]] = field(default_factory=list)
    kept: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    # the original without its HTML markup and escapes (the same text for a text page): what a
    # title is printed as
    printed: str = ""
    # the text with a mirror's inserted pinyin blanked (區(qū) reads 区): what table labels and names are
    # matched against; labels and headings are still quoted as printed
    reading: str = ""

    def explain(self) -> list[str]:
        if self.changes.get("traditional_to_simplified") == -1:
            folded = to_halfwidth(self.original)
            self.changes["traditional_to_simplified"] = sum(
                1 for a, b in zip(folded, to_simplified(folded)) if a != b)
        lines = [f"{step}: {n} character(s) changed" for step, n in self.changes.items() if n]
        lines += [f"furniture [{a}:{b}] {rule}: {self.original[a:b].strip()[:40]!r}" for a, b, rule in self.furniture]
        return lines




def _opencc_dictionary(name: str) -> str:
    import importlib.util  # the package's data file; its phrase converter runs at ~0.2 M chars/s
    spec = importlib.util.find_spec("opencc")
    return os.path.join(os.path.dirname(spec.origin), "dictionary", name)


@lru_cache(maxsize=1)
def _t2s_table() -> tuple[list[int | str], frozenset[str]]:
    """Character map of opencc-python-reimplemented's TSCharacters dictionary (first reading).

    Converting character by character keeps every offset and runs at str.translate speed; of the
    phrase dictionary only the phrases that keep their length are used (`_t2s_phrases`).
    """
    table: dict[int, str] = {}
    with open(_opencc_dictionary("TSCharacters.txt"), encoding="utf-8") as fh:
        for line in fh:
            trad, _, simp = line.rstrip("\n").partition("\t")
            first = simp.split(" ")[0] if simp else ""
            if len(trad) == 1 and len(first) == 1 and first != trad:
                table[ord(trad)] = first
    # A list indexed by code point translates twice as fast as a dict; unmapped points map to themselves.
    as_list: list[int | str] = list(range(max(table) + 1))
    for code, simp in table.items():
        as_list[code] = simp
    return as_list, frozenset(chr(k) for k in table)


# Frequent characters that exist only in traditional script: enough to tell the script of a page
# without loading the full conversion table.
_TRADITIONAL_MARKERS = frozenset(
    "們這個來對說時會為與關於開發國學務業單經過還進當實現動應機點種總問題員條報資區縣鎮傳讓從見長門間"
    "產處據構覽瀏訪諮詢復訴訟費項數辦屬規範體權徵專統計劃級網頁議舉證書記錄狀態類準則興樂選層財檔導節")


# X X* rather than X+: a pattern opening with a repeat gets no first-character test from the engine.
_MARKER = "[" + "".join(sorted(_TRADITIONAL_MARKERS)) + "]"
_MARKER_RUNS = re.compile(_MARKER + _MARKER + "*")


@lru_cache(maxsize=1)
def _han_runs() -> re.Pattern[str]:
    # Compiled only for a page that shows traditional markers: the Han range costs CPython's
    # compiler 1.6 ms a class (it marks each of its 20,992 code points in Python).
    return re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff]*")


def _traditional_count(text: str) -> int:
    return sum(map(len, _MARKER_RUNS.findall(text)))


def detect_script(text: str) -> str:
    """Traditional when more than 2% of the Han characters of a sample exist only in traditional script."""
    n = len(text)
    sample = text if n < 3000 else text[:1000] + text[n // 2 - 500:n // 2 + 500] + text[-1000:]
    markers = _traditional_count(sample)
    if not markers:
        return "simplified"
    han = sum(map(len, _han_runs().findall(sample)))
    return "traditional" if han and markers / han > 0.02 else "simplified"


def to_halfwidth(text: str) -> str:
    return _fold(text)[0]


def _fold(text: str) -> tuple[str, int]:
    # Most pages hold few such characters: replacing matches beats translating every character.
    return _FOLDED.subn(lambda m: _HALFWIDTH[m.group()], text)


@lru_cache(maxsize=1)
def _t2s_phrases() -> tuple[re.Pattern[str], dict[str, str]]:
    """Phrases of opencc's TSPhrases dictionary whose simplified form is not their characters' first
    readings (答覆 → 答复, where 覆 alone stays 覆), kept only when both forms have the same length."""
    table = _t2s_table()[0]
    fixes: dict[str, str] = {}
    with open(_opencc_dictionary("TSPhrases.txt"), encoding="utf-8") as fh:
        for line in fh:
            trad, _, simp = line.rstrip("\n").partition("\t")
            first = simp.split(" ")[0]
            if len(first) == len(trad) and trad.translate(table) != first:
                fixes.setdefault(trad, first)
    # longest first: 反反覆覆 before 反覆
    return re.compile("|".join(map(re.escape, sorted(fixes, key=len, reverse=True)))), fixes


def to_simplified(text: str) -> str:
    """Character by character, then the phrases that read otherwise (same length: offsets hold)."""
    simplified = text.translate(_t2s_table()[0])
    phrases, fixes = _t2s_phrases()
    parts, pos = [], 0
    for m in phrases.finditer(text):
        parts += [simplified[pos:m.start()], fixes[m.group()]]
        pos = m.end()
    return "".join(parts) + simplified[pos:] if parts else simplified


def _line_spans(text: str):
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


@lru_cache(maxsize=1)
def _boilerplate_rules():
    rules = load("boilerplate")
    # Tested one line at a time, so without MULTILINE: then a rule opening with ^ is tried at the
    # line's start only, instead of at every character of a long flattened line.
    line_rules = [(r["name"], compile_rule(r["regex"], f"boilerplate.{r['name']}", multiline=False), r.get("keep"))
                  for r in rules["lines"]]
    # (an inline rule with anchors is searched only on a page holding one of them: a scan of the whole page
    # for an alternation of openers costs more than a few `in` tests)
    inline_rules = [(r["name"], compile_rule(r["regex"], f"boilerplate.{r['name']}"), tuple(r.get("anchors") or ()))
                    for r in rules.get("inline", [])]
    trigger = re.compile("|".join(re.escape(t) for t in sorted(rules["triggers"], key=len, reverse=True)))
    return line_rules, inline_rules, trigger


_PROSE_LINE = 300  # a furniture line is shorter (the longest in the corpora: a spam footer of 216)


def _is_prose(line: str) -> bool:
    """A line longer than any furniture line, holding sentences: a flattened page, not a footer list."""
    return len(line) > _PROSE_LINE and line.count("。") >= 2


def _lines_with_a_trigger(text: str, trigger: re.Pattern[str], pinyin: bool) -> Iterator[tuple[int, int, PinyinFree | None]]:
    """(start, end) of each line holding a trigger word; on a mirror's page also the line without its
    pinyin (as its rules read it), made once here."""
    if pinyin:
        pos = 0
        for line in text.split("\n"):
            view = pinyin_free(text, pos, pos + len(line))
            if trigger.search(view.text):
                yield pos, pos + len(line), view
            pos += len(line) + 1
        return
    t = trigger.search(text)
    while t:
        a = text.rfind("\n", 0, t.start()) + 1
        b = text.find("\n", t.end())
        b = len(text) if b < 0 else b
        yield a, b, None
        t = trigger.search(text, b)  # the next line holding a trigger


@dataclass(frozen=True)
class PinyinFree:
    """A stretch of the page without a mirror's pinyin (發(fā)布 reads 發布), and where each of its
    characters is printed: what rules read on a mirror's page, and the way back to its offsets."""
    text: str
    at: list[int]  # the page offset of each character of `text`, then the stretch's end

    def start_of(self, i: int) -> int:
        """The page offset where character i begins (i == len(text): the stretch's end)."""
        return self.at[i]

    def end_of(self, j: int) -> int:
        """The page offset just after character j - 1: the end of a match ending at j (pinyin after it left out)."""
        return self.at[j - 1] + 1 if j else self.at[0]

    def index_of(self, offset: int) -> int:
        """The first character at or after a page offset."""
        return bisect_left(self.at, offset)


def pinyin_free(text: str, start: int = 0, end: int | None = None) -> PinyinFree:
    """text[start:end] without its pinyin (a syllable is known by the character before it, even before start)."""
    end = len(text) if end is None else end
    parts, at, pos = [], [], start
    for m in _pinyin_rule().finditer(text, start, end):
        parts.append(text[pos:m.start()])
        at.extend(range(pos, m.start()))
        pos = m.end()
    parts.append(text[pos:end])
    at.extend(range(pos, end))
    at.append(end)
    return PinyinFree("".join(parts), at)


def strip_boilerplate(text: str, pinyin: bool = False) -> tuple[str, list[tuple[int, int, str]], dict[str, tuple[str, int, int]]]:
    """Furniture blanked (offsets kept), the furniture spans, and the metadata lines kept (published date,
    archive fields). `pinyin`: the page holds a mirror's pinyin, which its rules read past."""
    line_rules, inline_rules, trigger = _boilerplate_rules()
    hits: dict[int, tuple[int, int, str, str | None]] = {}  # line start -> (furniture start, end, rule, keep)
    readings: dict[int, str] = {}  # a line with a mirror's pinyin, as its rules read it (發布時間)
    lines = list(_lines_with_a_trigger(text, trigger, pinyin))
    if not lines:
        return text, [], {}  # no furniture without a trigger word, whole lines and inline alike
    for a, b, view in lines:
        line = text[a:b]
        for name, rx, keep in line_rules:
            m = rx.search(view.text if view else line)
            if m:
                # A page flattened into one line (or a few) holds its furniture inside prose: only what
                # the rule matched is furniture there, never the report around it.
                if not _is_prose(line):
                    hits[a] = (a, b, name, keep)
                elif view:
                    hits[a] = (view.start_of(m.start()), view.end_of(m.end()), name, keep)
                else:
                    hits[a] = (a + m.start(), a + m.end(), name, keep)
                if view:
                    readings[a] = view.text
                break
    furniture: list[tuple[int, int, str]] = []
    kept: dict[str, tuple[str, int, int]] = {}
    for line_start in sorted(hits):
        a, b, name, keep = hits[line_start]
        line = readings.get(line_start) or text[a:b]
        if keep == "published" and "published" not in kept:
            kept["published"] = (line, a, b)
        elif keep == "archive_field":
            key = line.split(":")[0].split("：")[0].strip()
            kept.setdefault(key, (line, a, b))
        furniture.append((a, b, name))
    for name, rx, anchors in inline_rules:
        if anchors and not any(a in text for a in anchors):
            continue
        furniture.extend((m.start(), m.end(), name) for m in rx.finditer(text))
    if not furniture:
        return text, furniture, kept
    furniture.sort()
    # Blank the furniture with spaces, keeping line breaks, so no offset moves.
    out, pos = [], 0
    for a, b, _ in furniture:
        a = max(a, pos)  # spans may overlap (an inline match inside a furniture line)
        if a >= b:
            continue
        out.append(text[pos:a])
        out.append("\n".join(" " * len(part) for part in text[a:b].split("\n")))
        pos = b
    out.append(text[pos:])
    return "".join(out), furniture, kept


# Scraped pages keep some HTML escapes (&nbsp; &ldquo; &#12288;); bounded, so a stray & costs nothing.
_HTML_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,23});")


def unescape_html(text: str) -> tuple[str, int]:
    """Each HTML escape becomes its character, padded with spaces to the escape's length (&nbsp; is a
    space and five more), so no offset moves; an unknown name (&foo;) is left as printed."""
    if "&" not in text:
        return text, 0
    import html  # (its entity table costs a few ms to import: only for a page that holds an &)
    count = 0

    def one(m: re.Match[str]) -> str:
        nonlocal count
        char = html.unescape(m.group())
        if char == m.group() or len(char) > len(m.group()):
            return m.group()
        count += 1
        return char + " " * (len(m.group()) - len(char))

    return _HTML_ENTITY.sub(one, text), count


# A page saved as HTML source: its markup is blanked with spaces (offsets kept), a block tag
# (<p>, <br>, </tr>, </div>…) leaving a line break, so its text and table rows read as a text
# page's (a cell's tags become the spaces between cells). A tag names a Latin element: the book
# title marks of <中华人民共和国政府信息公开条例> are not tags.
@lru_cache(maxsize=1)
def _html_tags() -> tuple[re.Pattern[str], dict[str, re.Pattern[str]]]:  # (compiled for an HTML page only)
    opening = re.compile(r"<(?:(?P<comment>!--)|(?P<closing>/)?(?P<name>[A-Za-z][A-Za-z0-9]{0,15})\b[^<>]{0,2000}>)")
    ends = {"!--": re.compile(r"-->"), "script": re.compile(r"</script\s{0,9}>", re.I),
            "style": re.compile(r"</style\s{0,9}>", re.I)}
    return opening, ends


def _markup(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, is a block tag) of each tag; a comment, script or style runs to its end tag.
    (Each end tag is looked for once past where the last search found it: a page of unclosed
    <script> tags is not rescanned from each.)"""
    opening, ends = _html_tags()
    next_end: dict[str, tuple[int, int]] = {}  # what -> (searched from, end found or -1)

    def end_of(what: str, start: int) -> int:
        known = next_end.get(what)
        if known is None or known[0] > start or 0 <= known[1] < start:
            m = ends[what].search(text, start)
            known = next_end[what] = (start, m.end() if m else -1)
        return known[1]

    pos = 0
    while (m := opening.search(text, pos)) is not None:
        name = "!--" if m.group("comment") else m.group("name").lower()
        end = m.end()
        if name in ends and not m.group("closing"):
            end = max(end, end_of(name, end))
        yield m.start(), end, name in _BLOCK_TAGS
        pos = end
_BLOCK_TAGS = frozenset("p div br tr li ul ol dl dt dd table tbody thead tfoot caption h1 h2 h3 h4 h5 h6 title "
                        "section article header footer nav aside blockquote pre hr form".split())
_TAG_OF_A_PAGE = re.compile(r"<(?:p|div|br|td|tr|span|table|html|body|li)\b[^<>]{0,2000}>", re.I)


def strip_html_markup(text: str) -> tuple[str, int]:
    """Blank the markup of a page saved as HTML source (two or more tags of a page); else no change.

    Tags that touch (or stand apart by whitespace only) are blanked as one run, which breaks the
    line once when it holds a block tag and no line break of its own: </p>\n<p> stays one break."""
    if "<" not in text or len(list(itertools.islice(_TAG_OF_A_PAGE.finditer(text, 0, 200_000), 2))) < 2:
        return text, 0
    runs: list[list[int]] = []  # [start, end, holds a block tag]
    for start, end, block in _markup(text):
        if runs and not text[runs[-1][1]:start].strip():
            runs[-1][1] = end
            runs[-1][2] |= block
        else:
            runs.append([start, end, block])
    out, pos = [], 0
    for a, b, block in runs:
        out.append(text[pos:a])
        blanked = "".join("\n" if c == "\n" else " " for c in text[a:b])
        if block and "\n" not in blanked:
            blanked = "\n" + blanked[1:]
        out.append(blanked)
        pos = b
    out.append(text[pos:])
    return "".join(out), len(runs)




def has_pinyin(text: str) -> bool:
    """Whether text holds a mirror's pinyin (a bracket before a Latin letter is asked first: (a) and (app) are none)."""
    return bool(rule("boilerplate", "pinyin_hint").search(text) or rule("boilerplate", "pinyin_hint_fullwidth").search(text)) \
        and _pinyin_rule().search(text) is not None


@lru_cache(maxsize=1)
def _pinyin_rule() -> re.Pattern[str]:
    return compile_rule(load("boilerplate")["pinyin"]["regex"], "boilerplate.pinyin")


def blank_pinyin(text: str) -> tuple[str, int]:
    """Pinyin inserted by a mirror after each character (區(qū)) becomes spaces, offsets kept."""
    if not has_pinyin(text):
        return text, 0
    return _pinyin_rule().subn(lambda m: " " * len(m.group()), text)


def drop_pinyin(text: str) -> str:
    """The text without a mirror's pinyin (發(fa)布時(shi)間 reads 發布時間); offsets are not kept."""
    return _pinyin_rule().sub("", text) if has_pinyin(text) else text


def normalise(original: str) -> Normalised:
    text, tags = strip_html_markup(original)
    text, unescaped = unescape_html(text)
    printed = text
    text, folded = _fold(text)
    changes = {"html_markup": tags, "html_entities": unescaped, "halfwidth": folded}
    script = detect_script(text)
    if script == "traditional":
        changes["traditional_to_simplified"] = -1  # counted by explain(), not on the hot path
        text = to_simplified(text)
    pinyin = has_pinyin(text)
    text, furniture, kept = strip_boilerplate(text, pinyin)
    reading, changes["pinyin"] = blank_pinyin(text) if pinyin else (text, 0)
    if not changes["pinyin"]:
        reading = text  # (the same string: stages ask `reading is text` to know a page has no pinyin)
    changes["furniture"] = sum(b - a for a, b, _ in furniture)
    assert len(text) == len(original), "normalisation must keep every offset"
    return Normalised(original=original, text=text, script=script, changes=changes, furniture=furniture, kept=kept,
                      printed=printed, reading=reading)
