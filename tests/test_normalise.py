"""The normaliser's steps, each with cases that must change and cases that must not."""
from __future__ import annotations

import pytest

from govreport.extract.normalise import normalise, to_simplified, unescape_html


@pytest.mark.parametrize("traditional,simplified", [
    ("對申請的答覆數", "对申请的答复数"),        # 覆 alone stays 覆: the phrase reads 复
    ("反反覆覆地修改", "反反复复地修改"),        # the longest phrase wins
    ("回覆、函覆各一件", "回复、函复各一件"),
    ("行政複議案0件", "行政复议案0件"),          # character by character
    ("覆蓋全區的網站", "覆盖全区的网站"),        # negative: 覆盖 keeps its 覆
    ("乾淨的辦公環境", "干净的办公环境"),        # negative: 乾 alone is 干 …
    ("乾隆年間的檔案", "乾隆年间的档案"),        # … but not in 乾隆
])
def test_to_simplified_reads_phrases_without_moving_offsets(traditional, simplified):
    assert to_simplified(traditional) == simplified


@pytest.mark.parametrize("escaped,plain", [
    ("共受理申请&nbsp;3件", "共受理申请\u00a0     3件"),   # a no-break space (folded to a space later), padded
    ("&ldquo;最多跑一次&rdquo;", "“      最多跑一次”      "),
    ("&#12288;二、主动公开", "\u3000       二、主动公开"),
    ("&#x4e00;", "一       "),
    ("A&amp;B", "A&    B"),
    ("&foo;", "&foo;"),                                  # negative: no such name
    ("a.php?x=1&id=2;", "a.php?x=1&id=2;"),                # negative: a URL's query, not an escape
    ("R&D 5件", "R&D 5件"),                                # negative: no closing ;
])
def test_unescape_html_keeps_every_offset(escaped, plain):
    text, _ = unescape_html(escaped)
    assert text == plain and len(text) == len(escaped)


def test_html_escapes_on_a_scraped_page_are_read_as_their_characters(extracted):
    """&nbsp; after every full stop (as some CMS pages print): the same headings and facts."""
    import govreport

    def read(records):
        return ([(s["level"], "".join(s["heading"].split())) for r in records for s in r["sections"]],
                [(f["type"], str(f["value"]), f["label"]) for r in records for f in r["facts"]])

    for name, (original, records) in extracted.items():
        assert read(govreport.extract_text(original.replace("。", "。&nbsp;"))) == read(records), name
    assert normalise("共&nbsp;3件").explain() == ["html_entities: 1 character(s) changed", "halfwidth: 1 character(s) changed"]


@pytest.mark.parametrize("page,text", [
    # a run of touching tags is blanked as one; one holding a block tag breaks the line once
    ("<p>一、概述</p><p>共受理申请3件。</p>", "\n  一、概述\n" + " " * 6 + "共受理申请3件。\n   "),
    # a table row is a line, its cells apart
    ("<tr><td>予以公开</td><td>21</td><td>0</td></tr>", "\n" + " " * 7 + "予以公开" + " " * 9 + "21" + " " * 9 + "0\n" + " " * 9),
    # script, style and comments are blanked whole (the 12件 inside is no fact)
    ("<div>正文<script>var n = 5;</script><!-- 12件 --><br/>下一行</div>", "\n    正文\n" + " " * 43 + "下一行\n     "),
    # a line break printed between the tags is the run's only one
    ("<p>二、主动公开</p>\n<p>全文</p>", "\n  二、主动公开    \n   全文\n   "),
])
def test_html_markup_is_blanked_keeping_offsets(page, text):
    from govreport.extract.normalise import strip_html_markup
    blanked, _ = strip_html_markup(page)
    assert blanked == text and len(blanked) == len(page)


@pytest.mark.parametrize("page", [
    "根据《关于印发<中华人民共和国政府信息公开工作年度报告格式>的通知》要求。",   # book title marks
    "换行<br>只有一个标签，不是网页。",
    "若a<b且b>c，则……",
])
def test_text_that_is_not_an_html_page_is_left_alone(page):
    from govreport.extract.normalise import strip_html_markup
    assert strip_html_markup(page) == (page, 0)


def test_a_page_saved_as_html_reads_as_its_text(extracted):
    """Each sample saved as HTML source (a paragraph per line, a head with style and script):
    the same sections, facts, indicators, tables, kind, agency, year and printed title."""
    import govreport

    def read(records):
        return ([(s["level"], "".join(s["heading"].split())) for r in records for s in r["sections"]],
                [(f["type"], str(f["value"]), f["label"]) for r in records for f in r["facts"]],
                [({k: v["value"] for k, v in r["indicators"].items()},
                  {k: v for k, v in r["tables"].items() if k != "spans"}, r["kind"], r["agency"], r["year"],
                  r["title"]) for r in records])

    for name, (original, records) in extracted.items():
        if name.endswith(".md"):
            continue  # (its lines are a PDF's wrapped lines: made paragraphs each, they would read otherwise)
        page = ("<html><head><title>政务公开</title><style>p {margin: 0}</style><script>var n = 5;</script></head><body>\n"
                + "".join(f'<p class="x">{line}</p>\n' for line in original.split("\n")) + "</body></html>")
        assert read(govreport.extract_text(page)) == read(records), name


def test_pinyin_examples_are_blanked_and_others_kept():
    from govreport.extract.normalise import blank_pinyin
    from govreport.extract.patterns import load
    rule = load("boilerplate")["pinyin"]
    for text in rule["positive"]:
        blanked, n = blank_pinyin(text)
        assert n == 1 and len(blanked) == len(text) and not any("a" <= c <= "z" for c in blanked), text
    for text in rule["negative"]:
        assert blank_pinyin(text) == (text, 0), text


def test_pinyin_in_a_traditional_mirror_reads_as_the_plain_label():
    from govreport.extract.normalise import normalise
    norm = normalise("主動(dòng)公開(kāi)政府信息情況 行政許(xǔ)可")
    assert "".join(norm.reading.split()) == "主动公开政府信息情况行政许可"
    assert "(xǔ)" in norm.text  # labels and headings are still quoted as printed
