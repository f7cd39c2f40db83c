"""Report metadata: kind, title, agency, year, period, published and signed dates, anonymisation."""
from __future__ import annotations

import itertools
import re
from collections import Counter
from functools import lru_cache
from typing import Any

from govreport.extract.normalise import detect_script, drop_pinyin, to_halfwidth, to_simplified
from govreport.extract.text import sentence_start, squeeze
from govreport.extract.checks import new_check
from govreport.extract.numbers import parse_number
from govreport.extract.patterns import compile_rule, load, rule, rule_source, words
from govreport.extract.report import Report
from govreport.extract.scan import AnyOf

# The rules are patterns/metadata.yaml's, each with its examples. patterns.rule compiles one the first
# time a page needs it: a Han range costs CPython's compiler 1.6 ms a class, and most pages name their
# body in the title before the agency rules are asked.


def _year_of(s: str) -> int | None:
    m = rule("metadata", "year").search(s)
    if not m:
        return None
    y = int(m.group(1)) if m.group(1) else int(parse_number(m.group(2)))
    return y if 1990 <= y <= 2100 else None


def find_title(text: str, printed: str, start: int, end: int, kept: dict) -> tuple[str | None, str | None, int]:
    """The report's own title line as printed and as normalised (simplified, which the rules for
    kind, year and agency read), and where it ends; (None, None, start) when there is none."""
    if "标题" in kept:
        _, a, b = kept["标题"]
        title = re.split(r"[:：]", printed[a:b], maxsplit=1)[-1].strip()
        if title:
            return title, (normalise_title(title) or None), start  # (a furniture line: blanked in text)
    lines: list[tuple[int, int]] = []
    pos = start
    for line in text[start:min(end, start + 3000)].split("\n"):
        # a page's metadata block (索引号: | … |, a lone |) stands above the title: not a candidate
        if line.strip() and not rule("metadata", "metadata_line").match(line):
            lines.append((pos, pos + len(line)))
        pos += len(line) + 1
        if len(lines) >= 5:
            break
    for i, (a, b) in enumerate(lines[:3]):
        a, b = _title_segment(text, a, b)
        if b - a - _blanked(text, printed, a, b) > _TITLE_MAX:
            a, b = _title_opening(text, a, b)
        s = text[a:b].strip()
        if len(s) - _blanked(text, printed, a, b) > _TITLE_MAX or rule("metadata", "not_a_title").search(s) or rule("metadata", "numbered").match(s):
            continue
        if rule("metadata", "title_words").search(squeeze(s)):
            if _letter_spaced(s):  # 2 0 2 0 年 政 府 信 息 公 开 …: the title without its spacing
                return squeeze(printed[a:b]), squeeze(s), b
            return printed[a:b].strip(), s, b
        title, read, last = squeeze(printed[a:b]), squeeze(s), b
        for a2, b2 in lines[i + 1:i + 3]:  # a title set over two or three short lines
            s2 = squeeze(text[a2:b2])
            if len(s2) > 20 or rule("metadata", "not_a_title").search(s2) or rule("metadata", "numbered").match(s2) or not rule("metadata", "title_words").search(s2):
                break
            title, read, last = title + squeeze(printed[a2:b2]), read + s2, b2
            if read.endswith(words("metadata", "title_last_words")):
                break
        if last != b:
            return title, read, last
    return None, None, start


# A title line carrying the site's furniture: `标题_栏目_网站` (an HTML <title>), `名称 | 标题 | ||`,
# `每日一报 | 标题`: the segment holding a title word is the title.


_TITLE_MAX = 80


def _blanked(text: str, printed: str, a: int, b: int) -> int:
    """How many characters of text[a:b] are a mirror's pinyin, blanked (spaces where something is printed)."""
    if " " not in text[a:b] or text[a:b] == printed[a:b]:
        return 0
    return sum(1 for x, y in zip(text[a:b], printed[a:b]) if x == " " and not y.isspace())


def _title_opening(text: str, a: int, b: int) -> tuple[int, int]:
    """A page flattened into one line opens with its title, set off by a space: the words up to the
    first space after which they hold a title word (2018年政务公开工作总结 今年以来，…)."""
    head = text[a:min(b, a + _TITLE_MAX + 1)]
    for gap in re.finditer(r"\s+", head):
        words_so_far = head[:gap.start()].strip()
        if rule("metadata", "not_a_title").search(words_so_far):
            break
        if len(words_so_far) >= 6 and rule("metadata", "title_words").search(squeeze(words_so_far)):
            return a, a + gap.start()
    return a, b


def _title_segment(text: str, a: int, b: int) -> tuple[int, int]:
    line = text[a:b]
    if not rule("metadata", "title_split").search(line):
        return a, b
    best, pos = (a, b), 0
    for part in rule("metadata", "title_split").split(line):
        at = line.find(part, pos) if part else pos
        pos = at + len(part)
        words_of_part = squeeze(part)  # (a mirror's blanked pinyin aside: 报(bào)告)
        if rule("metadata", "title_words").search(words_of_part) and len(words_of_part) >= 6:
            lead = len(part) - len(part.lstrip())
            return a + at + lead, a + at + len(part.rstrip())
    return best





def _letter_spaced(line: str) -> bool:
    """Whether most characters of a line stand apart (a title set with letter spacing)."""
    return line.count(" ") * 2 >= len(line) - 1


def normalise_title(title: str) -> str:
    """A title as its rules read it: half-width, simplified, without a mirror's pinyin."""
    title = drop_pinyin(to_halfwidth(title))
    return to_simplified(title) if detect_script(title) == "traditional" else title


def is_placeholder(name: str | None) -> bool:
    return bool(name) and bool(rule("metadata", "placeholder_name").search(name))


def find_agency(title: str | None, text: str, start: int, end: int, head: object = "") -> str | None:
    """The reporting body's name: from the title, 由…编制, the report naming itself (现将X2022年度…),
    the signature, its own sentences (X严格按照…), or the page's metadata block (发布机构 | X)."""
    partial = None
    for c in _agency_candidates(title, text, start, end, head):
        c = c.strip()
        if c and not is_placeholder(c) and not rule("metadata", "not_a_name").search(c):
            if c.startswith(words("metadata", "names_without_their_place")) and partial is None:
                partial = c  # 市政府办公室: a fuller name may follow (宿迁市人民政府办公室)
                continue
            if partial and not c.endswith(partial[-3:]):
                return partial
            return c
    return partial


# furniture or markup glued to a name is no name (record.md): 名称|…, <span>, a website's name

# The report names itself: 现将茅坪回族镇2022年度…, 现公布昆明市人民政府2023年…, 现向社会公开《X2022年度…

# …, 中南街道认真贯彻… / 2020年,X局严格按照…: a body's own sentence opening with its name
# (found from the verb, a literal the engine skips to; the name is then read back from it)


# 发布机构 | 镇安县政府 |, 發布單位: | 下管鎮 |, 来源:区人民政府办公室



# 某办公室关于印发…的通知, 某委办公室某政府办公室印发《…》的通知: the issuer is all before 关于/印发

# A title that opens with these names no agency before them (关于报送…的函, 政府信息公开工作年度报告（2023年）).


def _agency_candidates(title: str | None, text: str, start: int, end: int, page_head: object = ""):
    """Names of the reporting body, most trusted first (a generator: the first good one ends the search)."""
    if title:
        t = rule("metadata", "year_first").sub("", squeeze(title))
        m = (rule("metadata", "issuer_in_title").match(t) or rule("metadata", "agency_in_title").match(t)) if not t.startswith(words("metadata", "no_agency_first")) else None
        if m and len(m.group("a")) >= 2:
            yield m.group("a")
    head = text[start:min(end, start + 4000)]
    m = rule("metadata", "agency_by").search(head, 0, 3000)
    if m:
        yield m.group("a")
    m = rule("metadata", "names_itself").search(head, 0, 1500)
    if m and rule("metadata", "org_or_place_end").search(m.group("a")):
        yield m.group("a")
    yield from _signature_agency(text, start, end)
    for verb in rule("metadata", "acts_verb").finditer(head, 0, 1500):
        m = rule("metadata", "acts_name").search(head[max(0, verb.start() - 36):verb.start()])
        if m:
            yield m.group("a")
            break
    for m in rule("metadata", "metadata_agency").finditer(str(page_head), 0, 1500):
        if rule("metadata", "org_end").search(m.group("a")):
            yield m.group("a")
    m = rule("metadata", "self_at_start").match(head) or rule("metadata", "self_after_a_break").search(head)
    if m:
        a = m.group("a")
        if a.startswith(words("metadata", "names_without_their_place")) and not is_placeholder(a):
            city = Counter(c.group("c") for c in rule("metadata", "city_in_title").finditer(text, start, end)).most_common(1)
            if city and not is_placeholder(city[0][0]) and city[0][0][-1] == a[0]:
                a = city[0][0][:-1] + a
        yield a


def _signature_agency(text: str, start: int, end: int) -> list[str]:
    # The signature sits in the last lines: split off the last 60 only, unless they are mostly blank.
    parts = text[start:end].rsplit("\n", 60)
    more_above = len(parts) == 61  # parts[0] is then everything above, not one line
    lines = [ln.strip() for ln in parts[more_above:] if ln.strip()]
    if more_above and len(lines) < 10:
        lines = [ln.strip() for ln in text[start:end].split("\n") if ln.strip()]
    for i in range(len(lines) - 1, max(len(lines) - 8, 0) - 1, -1):
        if rule("metadata", "iso_date").fullmatch(lines[i]) or rule("metadata", "signature_date").fullmatch(lines[i]):
            prev = lines[i - 1] if i > 0 else ""
            if 2 <= len(prev) <= 30 and rule("metadata", "org_end").search(prev) and not any(c in prev for c in "。，,；"):
                return [prev]
            return []
    return []


# (?:^|\n)… as two patterns, and \d\d\d\d for \d{4}: a pattern opening with a repeat or an
# alternation with ^ is tried at every character; these open with a literal or a class.


def find_year(title: str | None, text: str, start: int, end: int, facts: list[dict[str, Any]]) -> int | None:
    if title and _year_of(title):
        return _year_of(title)
    period = find_period(text, facts)
    if period:
        return int(period["start"][:4])
    head = drop_pinyin(text[start:min(end, start + max((end - start) * 2 // 5, 2000))])  # (a mirror's: 2011年(nián))
    m = (rule("metadata", "year_opens_text").match(head) or rule("metadata", "year_opens_line").search(head) or rule("metadata", "year_reported").search(head)
         or rule("metadata", "year_printed").search(head))
    return int(m.group(1)) if m else None


def find_period(text: str, facts: list[dict[str, Any]]) -> dict | None:
    for f in facts:
        if f["type"] == "period":
            # (the words that name a statistics period stand near it, within 200 characters)
            # (squeezed: a mirror's blanked pinyin or a PDF's spacing may split 统计)
            if rule("metadata", "stat_sentence").search(squeeze(text[sentence_start(text, f["start"], 200):f["start"]])):
                return dict(f["value"])
    return None


# The page's own metadata, however laid out: `发布日期：2020-01-20`, `公开日期: | 2015-07-27 16:32 |`,
# `来源:区人民政府办公室 时间:2017-01-12`, a byline `辽宁省人民政府办公厅 2016-04-15`, a line opening
# with the date and time (`2015-11-10 01:51:51信息来源:浏览次数:`). Never 更新时间, 归档时间 or 成文日期.
# (led by the literal 日期/时间, which the engine skips to; the word before it is checked after)


# a blog or mirror's line (时间: 2024-07-26 | 作者: 亚洲九游会) dates the copy, not the report

# <meta name="PubDate" content="2020-01-09 09:49"> and its kin, in a page saved as HTML


def find_published(kept: dict, head: object = "", original: str = "") -> str | None:
    """The date the page says it was published, from its metadata line, block or <meta> tag."""
    line = kept.get("published", ("",))[0]
    key = rule("metadata", "published_key").search(line)  # 成文日期 (the signing date) is not publication
    m = rule("metadata", "iso_date").search(line, key.end()) if key and not line[key.start():key.end()].startswith("更新") else None
    if not m and "<meta" in original[:20000]:
        m = rule("metadata", "published_meta").search(original, 0, 20000)
    if not m and head:
        head = str(head)
        labelled = (hit for hit in rule("metadata", "published_labelled").finditer(head)
                    if head[max(0, hit.start() - 2):hit.start()] in words("metadata", "published_words")
                    or not rule("metadata", "han").match(head, max(0, hit.start() - 1)) or hit.start() == 0)
        bare = rule("metadata", "published_bare").finditer(head) if "-" in head else ()
        m = next((hit for hit in itertools.chain(labelled, bare)
                  if not rule("metadata", "by_author").search(head, hit.start(), head.find("\n", hit.end()) % (len(head) + 1))), None)
    return _iso(m) if m else None




def iso_date(printed: str) -> str | None:
    """2020-01-09 09:49, 2020/1/9, 2020年1月9日 -> 2020-01-09."""
    m = rule("metadata", "iso_date").search(printed)
    return _iso(m) if m else None


def _iso(m: re.Match[str]) -> str | None:
    """Year, month and day matched as groups 1-3, as an ISO date (None when they are no date)."""
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1990 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31 else None


def find_signed(text: str, facts: list[dict[str, Any]], end: int) -> str | None:
    for f in reversed(facts):
        if f["type"] != "date" or len(str(f["value"])) != 10 or str(f["value"]).startswith("-"):
            continue
        line_start = text.rfind("\n", 0, f["start"]) + 1
        line_end = text.find("\n", f["end"])
        line_end = len(text) if line_end < 0 else line_end
        own_line = not text[line_start:f["start"]].strip() and not text[f["end"]:line_end].strip()
        after_closing = (rule("metadata", "after_a_closing").search(text[max(0, f["start"] - 4):f["start"]])
                         and rule("metadata", "nothing_but_an_appendix_after").match(text[f["end"]:f["end"] + 40]))
        # a report run into one line ends `…事项。 平潭综合实验区财政金融局 2020年1月2日`: the date right
        # after the body's name, with nothing but furniture after it
        after_name = (f["end"] >= end - 60 and rule("metadata", "signature_name_end").search(text, max(0, f["start"] - 8), f["start"])
                      and not rule("metadata", "han").search(text, f["end"], end))
        if own_line or after_closing or after_name:
            return str(f["value"])
        if f["end"] < end - 600:
            break
    return None


@lru_cache(maxsize=None)
def _kind_rules(part: str) -> list[tuple[str, AnyOf, tuple[str, ...]]]:
    rules = load("kinds")["title_rules" if part == "title" else "body_rules"]
    for r in rules:
        compile_rule(r["regex"], f"kinds.{part}.{r['kind']}")  # names the rule if it does not compile
    return [(r["kind"], AnyOf(r["regex"], re.MULTILINE), tuple(r.get("requires", ()))) for r in rules]




def find_kind(title: str | None, text: str, start: int, end: int) -> str:
    if title:
        t = rule("metadata", "doc_number_at_end").sub("", squeeze(title))
        for kind, kind_rule, _ in _kind_rules("title"):
            if kind_rule.search(t):
                return kind
    body = squeeze(text[start:min(end, start + 30000)])
    for kind, kind_rule, requires in _kind_rules("body"):
        if (not requires or any(word in body for word in requires)) and kind_rule.search(body):
            return kind
    return "other"


@lru_cache(maxsize=1)
def _placeholder() -> AnyOf:
    # a yes/no question: each alternative searched on its own from its literal (scan.AnyOf)
    return AnyOf(rule_source("metadata", "placeholder"), max_branches=12)


def is_anonymised(text: str) -> bool:
    if not any(c in text for c in "_＿*×xX") and "市区" not in text and "市县" not in text:
        return False  # cheap test first: most reports hold none of these
    return bool(_placeholder().search(text))


def year_checks(title: str | None, year: int | None, facts: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The year the statistics cover (统计期限…) against the year the report says it reports on."""
    if not year or not title or not _year_of(title):
        return []
    period = find_period(text, facts)
    if not period:
        return []
    covered = int(period["start"][:4])
    ok = covered == year and int(period["end"][:4]) == year
    return [new_check("year", ok, year, covered, "period",
                      f"the title reports on {year}; the statistics period runs {period['start']} to {period['end']}")]


def title_stage(report: Report) -> dict[str, Any]:
    """title as printed, and title_read: as normalised (what kind, year and agency are read from)."""
    page = report.page
    title, read, _ = find_title(page.reading, page.printed, report.start, report.end, page.kept)
    return {"title": title, "title_read": read}


def year_stage(report: Report) -> dict[str, Any]:
    """year: the year reported on (the title's, the statistics period's, or the opening's)."""
    return {"year": find_year(report["title_read"], report.text, report.start, report.end, report["facts_found"])}


def kind_stage(report: Report) -> dict[str, Any]:
    return {"kind": find_kind(report["title_read"], report.reading, report.start, report.end)}


def stage(report: Report) -> dict[str, Any]:
    """agency, period, published, signed, anonymised, and year_checks (the title's year against the period's)."""
    text, facts, page = report.text, report["facts"], report.page
    head = PageHead(page, report.start)
    return {
        "agency": _agency(report, head),
        "period": find_period(report.reading, facts),
        "published": find_published(page.kept, head, page.original),
        "signed": find_signed(text, facts, report.end),
        "anonymised": is_anonymised(report.region),
        "year_checks": year_checks(report["title_read"], report["year"], facts, report.reading),
    }


def _agency(report: Report, head: PageHead) -> str | None:
    title = report["title_read"]
    if report.page.changes.get("pinyin"):
        # names are read without a mirror's pinyin, not with the spaces it leaves (中南街道认(rèn)真)
        body = drop_pinyin(report.region)
        return find_agency(title and squeeze(title), body, 0, len(body), head)  # (title_read: pinyin blanked or dropped)
    return find_agency(title, report.text, report.start, report.end, head)


class PageHead:
    """The opening of the page as printed (furniture lines included), simplified and without pinyin:
    where its metadata lines stand. Made only when a reader asks for it (str(head))."""

    def __init__(self, page, start: int):
        self.page, self.start, self.text = page, start, None

    def __str__(self) -> str:
        if self.text is None:
            a, b, page = self.start, self.start + 1500, self.page
            parts, pos = [], a
            for x, y, _ in page.furniture:  # the text, with its furniture lines as printed
                if y <= a or x >= b:
                    continue
                x, y = max(x, a), min(y, b)
                line = to_halfwidth(page.printed[x:y])
                parts += [page.text[pos:x], to_simplified(line) if page.script == "traditional" else line]
                pos = y
            parts.append(page.text[pos:b])
            self.text = drop_pinyin("".join(parts))
        return self.text
