"""A page flattened into one line (a scrape that lost its line breaks) reads as the page did: its
furniture is blanked where a rule matches, never the whole line; its title is the words it opens with."""
from __future__ import annotations

import pytest

import govreport
from govreport.extract.normalise import normalise
from tests.conftest import SAMPLES

PAGES = sorted(SAMPLES.glob("changwu__*.txt")) + sorted(SAMPLES.glob("00[0124]_*.txt"))


def _essentials(records):
    return [{"kind": r["kind"], "year": r["year"], "template": r["template"],
             "indicators": {k: v["value"] for k, v in r["indicators"].items()},
             "tables": {k: v for k, v in r["tables"].items() if k not in ("spans", "ambiguous")}} for r in records]


@pytest.mark.parametrize("path", PAGES, ids=[p.name[:40] for p in PAGES])
def test_a_page_flattened_into_one_line_gives_the_same_tables_indicators_kind_and_year(path):
    text = path.read_text(encoding="utf-8")
    assert _essentials(govreport.extract_text(text.replace("\n", " "))) == _essentials(govreport.extract_text(text))


def test_furniture_inside_a_flattened_page_is_blanked_where_the_rule_matched_only():
    body = "一、概述。本年度共受理申请12件，办结12件。二、主动公开情况。主动公开信息300条。" * 8
    page = "网站首页 " + body + " 浏览次数：35"
    norm = normalise(page)
    assert norm.text.rstrip().endswith("共受理申请12件，办结12件。二、主动公开情况。主动公开信息300条。")
    assert "浏览次数" not in norm.text and "受理申请12件" in norm.text
    line = normalise("本年度共受理申请12件。\n浏览次数：35\n")  # a line of its own is blanked whole
    assert line.text == "本年度共受理申请12件。\n" + " " * len("浏览次数：35") + "\n"


def test_the_title_of_a_flattened_page_is_the_words_it_opens_with():
    page = "2018年政务公开工作总结 今年以来，我中心认真贯彻落实。" + "全年共发布信息120条。" * 40
    rec = govreport.extract_text(page)[0]
    assert rec["title"] == "2018年政务公开工作总结" and rec["kind"] == "work_summary" and rec["year"] == 2018
    sentence = "根据《条例》规定，现将2018年工作总结如下 " + "全年共发布信息120条。" * 40
    assert govreport.extract_text(sentence)[0]["title"] is None  # a sentence is no title
