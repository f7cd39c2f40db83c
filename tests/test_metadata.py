"""Title, agency and year read from a report's opening lines."""
from __future__ import annotations

import pytest

import govreport

BODY = "\n一、总体情况\n全年共受理政府信息公开申请3件。\n"
TITLE_CASES = [
    # (opening lines, title, agency, year)
    ("上海市科学技术委员会2020年政府信息公开工作年度报告", "上海市科学技术委员会2020年政府信息公开工作年度报告", "上海市科学技术委员会", 2020),
    ("上海市科学技术委员会\n2020年政府信息公开工作年度报告", "上海市科学技术委员会2020年政府信息公开工作年度报告", "上海市科学技术委员会", 2020),
    # a title set with letter spacing reads without it
    ("2 0 2 0 年 上 海 市 科 委 政 府 信 息 公 开 工 作 年 度 报 告", "2020年上海市科委政府信息公开工作年度报告", "上海市科委", 2020),
    ("上海市科学技术委员会\n2 0 2 0 年 政 府 信 息 公 开 工 作 年 度 报 告", "上海市科学技术委员会2020年政府信息公开工作年度报告", "上海市科学技术委员会", 2020),
    # negative: a numbered heading (一、总体情况) is not the second line of a title
    ("上海市科学技术委员会", None, None, None),
    # a year in Chinese numerals opens the title; titles that name no agency before their subject
    ("二〇二三年度平潭综合实验区政府信息公开工作年度报告", "二〇二三年度平潭综合实验区政府信息公开工作年度报告", "平潭综合实验区", 2023),
    ("政府信息公开工作年度报告（2023年）", "政府信息公开工作年度报告（2023年）", None, 2023),
    ("关于报送2022年政府信息公开工作年度报告的函", "关于报送2022年政府信息公开工作年度报告的函", None, 2022),
    # a year the page stripped leaves its 年 behind the name, which is no part of it (青年 is)
    ("平潭综合实验区年政府信息公开工作年度报告", "平潭综合实验区年政府信息公开工作年度报告", "平潭综合实验区", None),
    ("共青团平潭综合实验区工委青年政务公开工作总结", "共青团平潭综合实验区工委青年政务公开工作总结", "共青团平潭综合实验区工委青年", None),
]


@pytest.mark.parametrize("opening,title,agency,year", TITLE_CASES, ids=[str(i) for i in range(len(TITLE_CASES))])
def test_title_agency_and_year(opening, title, agency, year):
    [rec] = govreport.extract_text(opening + BODY)
    assert (rec["title"], rec["agency"], rec["year"]) == (title, agency, year)


ESSAY_SITE = """政务公开工作总结（精选3篇）
下面是小编整理的政务公开工作总结，欢迎阅读。
篇一：{a}
一、总体情况
全年主动公开政府信息120条。
篇二：{b}
一、总体情况
全年主动公开政府信息45条。
篇三：{c}
一、总体情况
全年受理政府信息公开申请3件。
"""
TITLES = ["某县2019年政务公开工作总结", "平潭综合实验区2020年度政府信息公开工作年度报告", "长春经济技术开发区2012年度政府信息公开工作报告"]


def test_an_essay_site_page_splits_at_its_part_marks_with_their_titles():
    records = govreport.extract_text(ESSAY_SITE.format(a=TITLES[0], b=TITLES[1], c=TITLES[2]))
    assert [r["title"] for r in records] == TITLES
    assert [r["year"] for r in records] == [2019, 2020, 2012]
    assert [r["source"]["part"] for r in records] == [1, 2, 3]


@pytest.mark.parametrize("marks", [("篇一：", "篇三：", "篇二："), ("篇一：", "篇一：", "篇二：")])
def test_part_marks_out_of_order_are_not_a_split(marks):
    page = ESSAY_SITE.replace("篇一：", "@1").replace("篇二：", "@2").replace("篇三：", "@3")
    page = page.replace("@1", marks[0]).replace("@2", marks[1]).replace("@3", marks[2])
    assert len(govreport.extract_text(page.format(a=TITLES[0], b=TITLES[1], c=TITLES[2]))) == 1
