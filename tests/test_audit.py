"""Table-driven cases for the arithmetic audit: each rule with passing, failing and unknown texts."""
from __future__ import annotations

import pytest

import govreport

CASES = [
    # (rule, text, status)
    ("parts_sum_to_total", "共受理咨询355人次，其中现场咨询80人次，电话咨询265人次，网上咨询10人次。", "pass"),
    ("parts_sum_to_total", "共主动公开政府信息3025条，其中：规范性文件类326条，规划计划类32条，其他信息类920条。", "fail"),
    ("parts_sum_to_total", "全年政务公开信息4217条，其中工作动态类消息340条，通知公告类183条。", "unknown"),
    ("parts_sum_to_total", "共受理申请6件，其中网上申请5件，信函申请3件。", "fail"),
    # a list wrapped over lines, as PDF text (blank lines between) and Markdown print it
    ("parts_sum_to_total", "（二）依申请公开情况。2024 年，全市共受理政府信息公开申请 355 件，其中\n\n当面申请 80 件，"
                           "网上申请 265 件，信函申请 10 件。", "pass"),
    ("parts_sum_to_total", "“上海科技”网站全年累计发布信息 2139 条，其中动态类\n信息发布 1744 条，政务信息发布 393 条，解读类信息发布 21 条，\n"
                           "回应公众关注热点信息 2 条。", "fail"),
    ("percent_of_total", "中心共发布信息332条。机构类发布5条，占1.5%；业务类发布272条，占81.9%；其他信息55条，占16.6%。", "pass"),
    ("percent_of_total", "中心共发布信息332条。机构类发布5条，占1.5%；业务类发布272条，占81.7%；其他信息55条，占16.6%。", "fail"),
    ("ratio", "共受理各类事项12998件，办结12712件，办结率97.8%。", "pass"),
    ("ratio", "共受理各类事项12998件，办结12712件，办结率95.1%。", "fail"),
    ("reduction_rate", "审批环节从2165个精简到769个，精简率64.48%。", "pass"),
    ("reduction_rate", "承诺时限从8660个工作日减少到1520个工作日，提速率82.44%。", "pass"),  # truncated, not rounded
    ("reduction_rate", "审批环节从2165个精简到769个，精简率60%。", "fail"),
    ("change", "全程网办的事项达到324项，比年初的249项增加75项。", "pass"),
    ("change", "全程网办的事项达到324项，比年初的249项增加70项。", "fail"),
    ("year", "某局2019年度政府信息公开工作报告\n本报告所列数据统计期限自2019年1月1日起至2019年12月31日止。", "pass"),
    ("year", "某局2019年度政府信息公开工作报告\n本报告所列数据统计期限自2018年1月1日起至2018年12月31日止。", "fail"),
]


@pytest.mark.parametrize("rule,text,status", CASES, ids=[f"{r}-{s}-{i}" for i, (r, _, s) in enumerate(CASES)])
def test_audit_case(rule, text, status):
    [rec] = govreport.extract_text(text)
    found = [c for c in rec["checks"] if c["rule"] == rule]
    assert found, rec["checks"]
    assert status in {c["status"] for c in found}, found
    if status == "pass":
        assert all(c["status"] == "pass" for c in found), found


def test_failing_check_locates_both_numbers():
    text = "中心共发布信息332条。机构类发布5条，占1.5%；业务类发布272条，占81.7%；其他信息55条，占16.8%。"
    [rec] = govreport.extract_text(text)
    [bad] = [c for c in rec["checks"] if c["rule"] == "percent_of_total" and "81.7" in c["message"]]
    a, b, c, d = bad["where"]
    assert text[a:b] == "272条" and text[c:d] == "81.7%"
    assert "332" in bad["message"] and "81.93" in bad["message"]


def test_doc_number_label_is_the_cited_title():
    [rec] = govreport.extract_text("根据《关于深化政务公开的实施意见》（鲁办发〔2012〕18号）要求。")
    [doc] = [f for f in rec["facts"] if f["type"] == "doc_number"]
    assert (doc["issuer"], doc["year"], doc["serial"]) == ("鲁办发", 2012, 18)
    assert doc["label"].startswith("《关于深化政务公开的实施意见》")


LABEL_CASES = [
    # (text, fact text, label) — the label of a count is the clause that says what it counts
    ("（一）主动公开情况。2024 年，市政府网站主动公开各类政\n\n府信息 5500 余条，全年新增公开市政府规章 1 件。", "5500 余条", "市政府网站主动公开各类政府信息"),
    ("（一）主动公开情况。2024 年，市政府网站主动公开各类政\n府信息 5500 余条，全年新增公开市政府规章 1 件。", "5500 余条", "市政府网站主动公开各类政府信息"),
    ("全年新增公开市政府规章 1 件、市政府及市\n\n政府办政策性文件 11 件，通过文字。", "11 件", "市政府及市政府办政策性文件"),
    ("（二）平台建设情况。为方便群众办事，共新增推动事项升级转换 86 个工作\n\n事项，均已办结。", "86 个", "共新增推动事项升级转换工作事项"),
    # a paragraph's end, or a short line (a heading), is not wrapping: the label stays on its line
    ("全年主动公开政府信息，共计形成了一份报告。\n\n公开规章 12 件。", "12 件", "公开规章"),
    ("（一）主动公开政府信息情况\n\n规章 12 件。", "12 件", "规章"),
    # saved on Windows (CRLF: the \r folds to a space), or with spaces left at a line's end
    ("（一）主动公开情况。2024 年，市政府网站主动公开各类政\r\n府信息 5500 余条。", "5500 余条", "市政府网站主动公开各类政府信息"),
    ("（一）主动公开情况。2024 年，市政府网站主动公开各类政\r\n\r\n府信息 5500 余条。", "5500 余条", "市政府网站主动公开各类政府信息"),
    ("（一）主动公开情况。2024 年，市政府网站主动公开各类政  \n府信息 5500 余条。", "5500 余条", "市政府网站主动公开各类政府信息"),
    ("（二）平台建设情况。为方便群众办事，共新增推动事项升级转换 86 个工作\r\n\r\n事项，均已办结。", "86 个", "共新增推动事项升级转换工作事项"),
    ("全年主动公开政府信息，共计形成了一份报告。\r\n\r\n公开规章 12 件。", "12 件", "公开规章"),
    # several spaces between a number and its unit, as a scraped page's cells leave them
    ("市政府网站主动公开各类政府信息   5500   余条。", "5500   余条", "市政府网站主动公开各类政府信息"),
    ("截至2024年底，全市在运维政务新媒体共计 95 \r\n\r\n个，均已备案。", "95 \r\n\r\n个", "全市在运维政务新媒体共计"),
]


@pytest.mark.parametrize("text,fact,label", LABEL_CASES, ids=[str(i) for i in range(len(LABEL_CASES))])
def test_count_label_reads_across_wrapped_lines(text, fact, label):
    [rec] = govreport.extract_text(text)
    [f] = [f for f in rec["facts"] if f["text"] == fact]
    assert f["label"] == label
