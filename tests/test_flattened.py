"""A page flattened into one line (a scrape that lost its line breaks) reads as the page did: its
furniture is blanked where a rule matches, never the whole line; its title is the words it opens with."""
from __future__ import annotations

import pytest

import govreport
from govreport.extract.normalise import normalise
from conftest import SAMPLES

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


def _headings(text: str) -> list[str]:
    return [s["heading"] for r in govreport.extract_text(text) for s in r["sections"]]


def test_a_pdf_page_run_into_one_paragraph_shows_its_headings_between_sentences():
    paragraph = ("县政府大力推进政府信息与政务公开工作，不断规范公开内容，创新公开形式，提高公开水平，有力地促进了各项工作的进展。"
                 "同时，县政府督促政府组成部门和各乡镇政府进一步加强组织领导、建立健全工作机制。(一)做好组织保障。根据现有的领导班子成员，"
                 "调整了领导小组和公开专门机构，明确了县政府领导和政府办公室领导、具体科室和工作人员。(二)完善工作制度。建立健全了信息发布协调、保密审查、依申请公开办理等相关制度，并严格执行，确保各项工作有章可循。")
    assert 200 <= len(paragraph) < 300
    assert _headings(paragraph) == ["(一)做好组织保障。", "(二)完善工作制度。"]
    # negative: numbering that does not follow a sentence end, or runs out of order, is prose
    assert _headings(paragraph.replace("。(一)", "，(一)").replace("。(二)", "，(二)")) == []
    assert _headings(paragraph.replace("(一)做好", "(四)做好").replace("(二)完善", "(六)完善")) == []
