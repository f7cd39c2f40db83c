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
