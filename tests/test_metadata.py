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
]


@pytest.mark.parametrize("opening,title,agency,year", TITLE_CASES, ids=[str(i) for i in range(len(TITLE_CASES))])
def test_title_agency_and_year(opening, title, agency, year):
    [rec] = govreport.extract_text(opening + BODY)
    assert (rec["title"], rec["agency"], rec["year"]) == (title, agency, year)
