"""Rule-based fact extraction: counts, percentages, money, dates, periods and document numbers.

Extractors run from the most to the least specific; a span claimed by one (or masked as a
non-fact: phone numbers, URLs, codes…) is not read again by the next.
"""
from __future__ import annotations

import calendar
import itertools
import re
from functools import lru_cache
from typing import Any

from govreport.extract.text import innermost, long_line_ends, soft_break, squeeze, wrap_resumes
from govreport.extract.normalise import drop_pinyin, has_pinyin, pinyin_free
from govreport.extract.numbers import parse_number, plain_number
from govreport.extract.patterns import anchored, compile_rule, load, rule, words
from govreport.extract.report import Report
from govreport.extract.scan import AnchoredRegex

# The rules and word lists are patterns/facts.yaml's, each rule with its examples.
DOC_BRACKET = anchored("facts", "doc_bracket")  # searched bracket first: a leading run of Han would be retried everywhere
_ISSUER_BEFORE = rule("facts", "issuer_before")
DECREE_NUMBER = anchored("facts", "decree_number")
_ISSUER_STOP = set(words("facts", "issuer_stop"))
YEAR_DATE = anchored("facts", "year_date")
MONTH_DATE = anchored("facts", "month_date")
_NOT_BEFORE_MONTH = "".join(words("facts", "not_before_month"))
PERIOD_JOIN = rule("facts", "period_join")
PERIOD_END = rule("facts", "period_end")
PERCENT = anchored("facts", "percent")
PERCENT_CN = anchored("facts", "percent_cn")
PERCENT_POINTS = anchored("facts", "percent_points")
_PERCENT_HEDGES = words("facts", "percent_hedges")
_CLAUSE_DELIMS = set(words("facts", "clause_delims"))
_LABEL_TRIM_HEAD = words("facts", "label_trim_head")
_LABEL_TRIM_TAIL = words("facts", "label_trim_tail")
_POST_CUTS = rule("facts", "post_cuts")
_SHARE_GAP = rule("facts", "share_gap")
_NOT_A_NOUN_START = frozenset(words("facts", "not_a_noun_start"))
_RELATIVE_CLAUSE_OPENERS = words("facts", "relative_clause_openers")
_MINUS_SIGNS = frozenset(words("facts", "minus_signs"))
_LONE_ONE_COUNTS_WITH = frozenset(words("facts", "lone_one_counts_with"))


# A fact's keys in the record's order; every fact holds all of them (None when not printed), so
# records need no reordering.
from govreport.schemas.shape import FACT_KEYS  # noqa: E402,F401  (re-exported: the shape lives in schemas/shape.py)


def new_fact(kind: str, a: int, b: int, original: str, value: Any = None, unit: str | None = None,
             approx: str | None = None, label: str | None = None, currency: str | None = None,
             issuer: str | None = None, year: int | None = None, serial: int | None = None) -> dict[str, Any]:
    return {"type": kind, "value": value, "unit": unit, "approx": approx, "label": label, "text": original[a:b],
            "start": a, "end": b, "section": None, "currency": currency, "issuer": issuer, "year": year,
            "serial": serial}


class Claim:
    """Characters already read as (or masked from) a fact, as a byte per character of the region."""

    def __init__(self, start: int, end: int):
        self.start = start
        self.used = bytearray(end - start)

    def free(self, a: int, b: int) -> bool:
        return self.used.find(1, a - self.start, b - self.start) == -1

    def take(self, a: int, b: int) -> None:
        self.used[a - self.start:b - self.start] = b"\x01" * (b - a)


def _wrapped_inside(text: str, a: int, b: int) -> bool:
    """Whether a line break in text[a:b] (a number and its unit) is a PDF line wrap."""
    nl = text.find("\n", a, b)
    return nl < 0 or long_line_ends(text, nl)


@lru_cache(maxsize=1)
def _scales() -> dict[str, float]:
    return {word: float(factor) for word, factor in load("numbers")["scales"].items()}


@lru_cache(maxsize=1)
def _hedges_before() -> tuple[str, ...]:
    return tuple(sorted(load("numbers")["hedges_before"], key=len, reverse=True))


def _hedge_before(text: str, pos: int, floor: int) -> tuple[str, int] | None:
    """The hedge word (约, 近, 超过 …) written just before a number at pos, and where it starts."""
    while pos > floor and text[pos - 1] == " ":
        pos -= 1  # 约 5500 条, as PDF text prints it
    if not text.endswith(_hedges_before(), max(floor, pos - 8), pos):
        return None
    for h in _hedges_before():
        if pos - len(h) >= floor and text.startswith(h, pos - len(h)):
            return h, pos - len(h)
    return None


@lru_cache(maxsize=1)
def _masks() -> list[AnchoredRegex]:
    return [AnchoredRegex(compile_rule(r["regex"], f"nonfacts.{r['name']}"), r.get("anchors"))
            for r in load("nonfacts")["masks"]]


def cn_or_int(s: str) -> int:
    return int(parse_number(s.replace("O", "〇").replace("Ｏ", "〇")))


def _date_value(y: int | None, m: int, d: int | None, edge: str | None = None) -> str:
    if d is None and edge in ("底", "末") and y is not None:
        d = calendar.monthrange(y, m)[1]
    if y is None:
        return f"--{m:02d}-{d:02d}" if d else f"--{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}" if d else f"{y:04d}-{m:02d}"


def _valid(y: int | None, m: int, d: int | None) -> bool:
    if not 1 <= m <= 12:
        return False
    if y is not None and not 1900 <= y <= 2100:
        return False
    if d is not None:
        return 1 <= d <= (calendar.monthrange(y or 2000, m)[1])
    return True


def _month_bounds(value: str) -> tuple[str, str]:
    """ISO start/end of a date that may lack its day."""
    if len(value) == 7:
        y, m = int(value[:4]), int(value[5:7])
        return f"{value}-01", f"{value}-{calendar.monthrange(y, m)[1]:02d}"
    return value, value


def _issuer_before(region: str, pos: int, window: int) -> tuple[int, str] | None:
    """The issuer printed just before a document number (鲁办发 in …以鲁办发〔2012〕18号), or None."""
    head = _ISSUER_BEFORE.search(region, max(0, pos - window), pos)
    if not head:
        return None
    issuer = head.group()
    cut = max((i for i, c in enumerate(issuer) if c in _ISSUER_STOP), default=-1)
    issuer = issuer[cut + 1:]
    return (head.start() + cut + 1, issuer) if len(issuer) >= 2 else None


def _label_documents(text: str, facts: list[dict[str, Any]], floor: int) -> None:
    """A document number cited right after a title (《…》（鲁办发〔2012〕18号）) is labelled with that title."""
    for f in facts:
        if f["type"] != "doc_number":
            continue
        close = text.rfind("》", max(floor, f["start"] - 6), f["start"])
        open_ = text.rfind("《", max(floor, f["start"] - 120), close) if close >= 0 else -1
        if open_ >= 0:
            f["label"] = squeeze(text[open_:f["start"]])


def _label_shares(text: str, facts: list[dict[str, Any]]) -> None:
    """占X% is a share of the count printed just before it: label it with that count's clause."""
    for prev, f in zip(facts, facts[1:]):
        if f["type"] == "percent" and prev["type"] == "count" and _SHARE_GAP.fullmatch(text, prev["end"], f["start"]):
            f["label"] = (prev.get("label") or "") + squeeze(text[prev["start"]:f["start"]])


def clause_label(text: str, start: int, end: int, floor: int, post: bool = True, reading: str | None = None) -> str | None:
    """What a number counts: the clause before it, joined with the noun phrase right after it.
    `reading` (the text with a mirror's pinyin blanked) says where the clause begins, so the brackets
    of 總數(shù) do not end it; the label is quoted from `text`, as printed."""
    pre = _pre_label(text, start, floor, reading or text)
    if not post:
        return pre
    if reading is not None and reading is not text:
        # a mirror's: the noun is read without its pinyin (发布136条(shù)信(xìn)息) and quoted with it
        view = pinyin_free(text, end, min(len(text), end + 60))
        found = _noun_phrase(view.text[:30])
        return (pre or "") + text[view.start_of(found[0]):view.end_of(found[1])] if found else pre
    after = text[end:end + 30]
    wrap = after.find("\n")
    if wrap >= 0:  # the noun phrase may run on past a wrapped line (…行政复议申 / 请)
        resume = wrap_resumes(text, end + wrap)
        if soft_break(text, resume) is not None:
            after = after[:wrap].rstrip(" ") + text[resume:resume + 30 - wrap]
    found = _noun_phrase(after)
    return (pre or "") + after[found[0]:found[1]] if found else pre


def _noun_phrase(after: str) -> tuple[int, int] | None:
    """Where the noun phrase a number's unit opens stands in `after` (36个|市级重点建设项目), when it
    has two characters or more."""
    if not (after[:1] and "\u4e00" <= after[:1] <= "\u9fff" and after[:1] not in _NOT_A_NOUN_START):
        return None
    a = 0
    # 36个在大厅办理相关手续的市级重点建设项目: skip the relative clause up to 的.
    if after.startswith(_RELATIVE_CLAUSE_OPENERS) and "的" in after:
        a = after.index("的") + 1
    cut = _POST_CUTS.search(after, a)
    b = cut.start() if cut else len(after)
    return (a, b) if b - a >= 2 else None


_LABEL_MAX = 40  # a clause longer than this is prose, not a label; the nearest words name the count


_UNDELIMITED = re.compile("[^" + re.escape("".join(sorted(_CLAUSE_DELIMS))) + "]*")
_HEADS = re.compile("(?:(?:" + "|".join(map(re.escape, _LABEL_TRIM_HEAD)) + r")\s*)+")
_LABEL_NOISE = rule("facts", "label_noise")


def _before_a_note(bounds: str, start: int, floor: int) -> int:
    """Where a label ends when a note in brackets stands between it and the number (行政职权类信息
    （包括行政审批、执法等）5条): at the note's opening bracket; else at the number."""
    j = start
    while j > floor and bounds[j - 1] == " ":
        j -= 1
    if j <= floor or bounds[j - 1] not in ")）":
        return start
    opening = max(bounds.rfind("(", floor, j - 1), bounds.rfind("（", floor, j - 1))
    closing = max(bounds.rfind(")", floor, j - 1), bounds.rfind("）", floor, j - 1))
    return opening if opening > floor and closing < opening else start


def _chars_back(text: str, bounds: str, pos: int, n: int) -> int:
    """Where the n characters before pos start, a mirror's blanked pinyin not counted."""
    if bounds is text:
        return pos - n
    while n > 0 and pos > 0:
        pos -= 1
        n -= not (bounds[pos] == " " and text[pos] != " ")
    return pos


def _pre_label(text: str, start: int, floor: int, bounds: str) -> str | None:
    floor = max(floor, _chars_back(text, bounds, start, _LABEL_MAX))
    start = _before_a_note(bounds, start, floor)
    i = start
    while i > floor:
        # back to the nearest clause delimiter: match the reversed text up to it
        i -= _UNDELIMITED.match(bounds[floor:i][::-1]).end()
        if i > floor and bounds[i - 1] == "\n":
            wrapped = soft_break(bounds, i)
            if wrapped is not None and wrapped > floor:
                i = wrapped
                continue
        break
    while i < start and bounds[i] != text[i]:
        i += 1  # (a mirror's pinyin that the window cut into)
    label = _LABEL_NOISE.sub("", text[i:start])
    head = _HEADS.match(label)
    if head:
        label = label[head.end():]
    return None if label in _LABEL_TRIM_TAIL else (label or None)


def extract_facts(text: str, start: int, end: int, original: str, reading: str | None = None) -> list[dict[str, Any]]:
    """All facts in text[start:end] (normalised text), with offsets into the original; `reading` is the
    text with a mirror's pinyin blanked. On a mirror's page the facts are read in the text without its
    pinyin (2018年(nián)1-11月 is a period) and placed back where they are printed; labels are bounded
    on `reading` and quoted as printed."""
    if reading is not None and reading is not text and has_pinyin(text[start:end]):
        facts = _found_without_pinyin(text, start, end, original)
    else:
        facts = _found(text, start, end, original)
    facts.sort(key=lambda f: (f["start"], f["end"]))
    floor = start
    for f in facts:
        if f["type"] in ("count", "money", "percent", "date"):
            f["label"] = clause_label(text, f["start"], f["end"], floor, post=f["type"] != "date", reading=reading)
        if f["type"] != "period":
            floor = f["end"]
    _label_shares(text, facts)
    _label_documents(text, facts, start)
    _label_dates(text, facts, start)
    return facts


def _found_without_pinyin(text: str, start: int, end: int, original: str) -> list[dict[str, Any]]:
    """The facts of text[start:end] read with its pinyin dropped, each placed back on the page: its
    offsets and text as printed (pinyin inside a fact stays in its text: 2018年(nián)1-11月)."""
    view = pinyin_free(text, start, end)
    facts = _found(view.text, 0, len(view.text), view.text)
    for f in facts:
        a, b = view.start_of(f["start"]), view.end_of(f["end"])
        f.update(start=a, end=b, text=original[a:b])
        if f["type"] == "doc_number":
            f["value"] = squeeze(drop_pinyin(original[a:b]))  # as printed, without the pinyin
    return facts


def _found(text: str, start: int, end: int, original: str) -> list[dict[str, Any]]:
    """The facts of text[start:end], unlabelled."""
    region = text[start:end]
    claim = Claim(start, end)
    for rx in _masks():
        for m in rx.finditer(region):
            claim.take(start + m.start(), start + m.end())
    facts: list[dict[str, Any]] = []

    def add(kind: str, a: int, b: int, **fields: Any) -> None:
        claim.take(a, b)
        facts.append(new_fact(kind, a, b, original, **fields))

    for m in DOC_BRACKET.finditer(region):
        found = _issuer_before(region, m.start(), 14)
        if found:
            issuer_start, issuer = found
            a, b = start + issuer_start, start + m.end()
            add("doc_number", a, b, value=squeeze(original[a:b]), issuer=issuer,
                year=int(m.group("year")), serial=int(m.group("serial")))

    for m in DECREE_NUMBER.finditer(region):
        found = _issuer_before(region, m.start() + 1, 10)  # 国务院令第711号: the issuer ends with 令
        if found:
            issuer_start, issuer = found
            a, b = start + issuer_start, start + m.end()
            add("doc_number", a, b, value=squeeze(original[a:b]), issuer=issuer,
                year=None, serial=int(m.group("serial")))

    dates: list[dict[str, Any]] = []
    for rx in (YEAR_DATE, MONTH_DATE):
        for m in rx.finditer(region):
            a, b = start + m.start(), start + m.end()
            if not claim.free(a, b) or (rx is MONTH_DATE and m.start() > 0 and region[m.start() - 1] in _NOT_BEFORE_MONTH):
                continue
            gd = m.groupdict()
            try:
                y = cn_or_int(gd["y"]) if gd.get("y") else None
                if gd.get("m1"):
                    m1, m2 = cn_or_int(gd["m1"]), cn_or_int(gd["m2"])
                    if _valid(y, m1, None) and _valid(y, m2, None) and m1 <= m2:
                        add("period", a, b, value={"start": _month_bounds(f"{y:04d}-{m1:02d}")[0],
                                                    "end": _month_bounds(f"{y:04d}-{m2:02d}")[1]})
                    continue
                mo = cn_or_int(gd["m"])
                d = cn_or_int(gd["d"]) if gd.get("d") else None
            except ValueError:
                continue
            if not _valid(y, mo, d):
                continue
            claim.take(a, b)
            dates.append({"type": "date", "start": a, "end": b, "y": y, "m": mo, "d": d, "edge": gd.get("edge")})
    dates.sort(key=lambda f: f["start"])
    used: set[int] = set()
    for i, d1 in enumerate(dates):
        if i in used:
            continue
        if i + 1 < len(dates):
            d2 = dates[i + 1]
            gap = text[d1["end"]:d2["start"]] if d2["start"] - d1["end"] <= 12 else ""
            if gap.strip() and PERIOD_JOIN.match(gap) and d1["y"] is not None:
                y2 = d2["y"] if d2["y"] is not None else d1["y"]
                s_val = _month_bounds(_date_value(d1["y"], d1["m"], d1["d"]))[0]
                e_val = _month_bounds(_date_value(y2, d2["m"], d2["d"], d2["edge"]))[1]
                tail = PERIOD_END.match(text[d2["end"]:d2["end"] + 4])
                b = d2["end"] + (tail.end() if tail else 0)
                used.update((i, i + 1))
                add("period", d1["start"], b, value={"start": s_val, "end": e_val})
                for d in (d1, d2):  # each end of a period is a date as printed, too
                    y = d["y"] if d["y"] is not None else d1["y"]
                    facts.append(new_fact("date", d["start"], d["end"], original, value=_date_value(y, d["m"], d["d"], d["edge"])))
                continue
        facts.append(new_fact("date", d1["start"], d1["end"], original, value=_date_value(d1["y"], d1["m"], d1["d"], d1["edge"])))

    percents = ((m, None) for m in itertools.chain(PERCENT.finditer(region), PERCENT_CN.finditer(region)))
    points = ((m, "百分点") for m in PERCENT_POINTS.finditer(region))
    for m, unit in itertools.chain(percents, points):
        a, b = start + m.start(), start + m.end()
        if not claim.free(a, b) or (m.start() > 0 and region[m.start() - 1] in "0123456789."):
            continue
        try:
            raw = m.groupdict().get("num") or m.group("cn")
            value = 100 if raw == "百" else parse_number(raw)
        except ValueError:
            continue
        if a > start and text[a - 1] in _MINUS_SIGNS and (a - 1 == start or text[a - 2] not in "0123456789."):
            a, value = a - 1, -value
        hedge = next((h for h in _PERCENT_HEDGES if text.startswith(h, a - len(h)) and a - len(h) >= start), None)
        if hedge:
            a -= len(hedge)
        add("percent", a, b, value=plain_number(value), unit=unit, approx=hedge, label=None)

    for m in rule("facts", "quantity").finditer(region):
        a, b = start + m.start(), start + m.end()
        if not claim.free(a, b) or not _wrapped_inside(text, a, b):
            continue
        raw, _, h1, scale_word, h2, unit, post = m.groups()  # num, digits, h1, scale, h2, unit, post
        if raw == "一" and unit not in _LONE_ONE_COUNTS_WITH and not scale_word:
            continue  # 一个窗口 / 一项制度: a lone 一 is nearly always idiom, not a statistic
        if raw == "十" and unit == "分":
            continue
        if scale_word == "千" and unit not in ("元", "圆"):
            continue
        try:
            value = parse_number(raw)
        except ValueError:
            continue
        if scale_word:
            value *= _scales()[scale_word]
        value = plain_number(value)
        hedge = _hedge_before(text, a, start)
        pre, a_eff = hedge or (None, a)
        approx = pre or h1 or h2 or post
        if unit in ("元", "圆"):
            add("money", a_eff, b, value=value, currency="CNY", approx=approx, unit="元")
        else:
            add("count", a_eff, b, value=value, unit=unit, approx=approx)

    return facts


# A signature: the signing body on the line just above the date (blank lines between allowed).
_SIGNER = rule("facts", "signer")


def _label_dates(text: str, facts: list[dict[str, Any]], floor: int) -> None:
    """A date's label says what the date is: the body signing above a signature date, the words before
    a colon (统计期限为:2022年1月1日). (Read back with str methods: a regex ending in $ would be tried
    from every position of the window.)"""
    for f in facts:
        if f["type"] != "date" or f["label"]:
            continue
        before = text[max(floor, f["start"] - 200):f["start"]]
        kept = before.rstrip()
        if not kept:
            continue
        if "\n" in before[len(kept):]:  # the date opens its line: the line above may be the signer
            line = kept[kept.rfind("\n") + 1:].strip()
            if _SIGNER.fullmatch(line):
                f["label"] = line
            continue
        if kept[-1] in ":：":
            words = kept[:-1].rstrip()[-20:]
            cut = max(words.rfind(c) for c in " \n，。；,;:：")
            if len(words) - cut - 1 >= 2:
                f["label"] = words[cut + 1:]


def stage(report: Report) -> dict[str, Any]:
    """facts_found: every fact of the report, each in the innermost section that holds it."""
    sections = report["sections"]
    starts = [sec["start"] for sec in sections]
    facts = extract_facts(report.text, report.start, report.end, report.original, report.reading)
    for f in facts:
        f["section"] = innermost(sections, f["start"], starts)
    return {"facts_found": facts}


def dated_stage(report: Report) -> dict[str, Any]:
    """facts: the facts found, year-less dates (7月20日, 8月底) given the report's year."""
    return {"facts": with_year(report["facts_found"], report["year"])}


def with_year(facts: list[dict[str, Any]], year: int | None) -> list[dict[str, Any]]:
    """The facts, a year-less date (value --MM or --MM-DD) dated in `year` (a new fact; the list given is not changed)."""
    if not year:
        return facts
    out = []
    for f in facts:
        v = f["value"]
        if f["type"] == "date" and str(v).startswith("--"):
            edge = f["text"].rstrip()[-1:]  # 8月底: the month's last day
            f = {**f, "value": _date_value(year, int(v[2:4]), int(v[5:7]) if len(v) > 5 else None, edge)}
        out.append(f)
    return out

