"""表二 as real pages print it, one table-driven case per layout, each with a negative twin.

The same cells are rendered in every layout of corpus/pages (pipes with and without a leading pipe
and `||` padding, lone `|` lines, one cell per line, one per paragraph with stray spaces, cells split
over two lines, spaces only), with full-width and half-width punctuation; each must read back whole.
The twins cut the page inside the last number (that cell is not read, the rows before it are), or
print a dash (null, never 0).
"""
from __future__ import annotations

import pytest

import govreport

ROWS_2021 = [("规章", "regulations", [0, 0, 0]), ("行政规范性文件", "normative_documents", [3, 0, 12]),
             ("行政许可", "administrative_licensing", [325]), ("行政处罚", "administrative_penalty", [49]),
             ("行政强制", "administrative_coercion", [0]), ("行政事业性收费", "administrative_fees", [17])]
COLS_2021 = {1: ["decisions"], 3: ["issued", "repealed", "in_force"]}
HEADS = ["第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]


def _cells(values, layout: str) -> str:
    s = [str(v) for v in values]
    return {
        "pipes": "| " + " | ".join(s) + " | ",
        "pipes_no_lead": " | ".join(s) + " | ||",
        "lone_pipes": "".join(f"{v} |\n" for v in s).rstrip("\n"),
        "lines": "\n".join(s),
        "paragraphs": "\n\n".join(f" {v} " if i % 2 else f"  {v}" for i, v in enumerate(s)),
        "split": "".join(f"| \n {v}  " for v in s) + "| ",
        "spaces": " ".join(s),
    }[layout]


def _row(label: str, values, layout: str) -> str:
    if layout == "pipes":
        return f"| {label} {_cells(values, layout)}"
    if layout == "pipes_no_lead":
        return f"{label} | {_cells(values, layout)}"
    if layout == "lone_pipes":
        return f"|\n{label} |\n{_cells(values, layout)}"
    if layout == "split":
        return f"| \n {label}  {_cells(values, layout)}"
    sep = {"lines": "\n", "paragraphs": "\n\n", "spaces": " "}[layout]
    return f"{label}{sep}{_cells(values, layout)}"


def page(layout: str, halfwidth: bool = False, rows=ROWS_2021) -> str:
    sep = "\n\n" if layout == "paragraphs" else "\n"
    heads = [h.replace("（", "(").replace("）", ")") if halfwidth else h for h in HEADS]
    body = sep.join([*heads, *(_row(label, values, layout) for label, _, values in rows)])
    colon = ":" if halfwidth else "："
    return (f"某县某局2022年度政府信息公开工作年度报告\n一、总体情况\n本报告所列数据统计期限{colon}2022年1月1日至2022年12月31日。\n"
            f"二、主动公开政府信息情况\n{body}\n三、收到和处理政府信息公开申请情况\n")


LAYOUTS = ["pipes", "pipes_no_lead", "lone_pipes", "lines", "paragraphs", "split", "spaces"]


def _table2(text: str) -> dict:
    [rec] = govreport.extract_text(text)
    return rec["tables"].get("table2", {}), rec["template"]


@pytest.mark.parametrize("halfwidth", [False, True], ids=["fullwidth", "halfwidth"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_page_layout_reads_every_row(layout, halfwidth):
    table2, template = _table2(page(layout, halfwidth))
    assert template == "2021"
    for _, key, values in ROWS_2021:
        assert list(table2[key].values()) == values, (layout, key)
        assert list(table2[key]) == (["amount_10k_yuan"] if key == "administrative_fees" else COLS_2021[len(values)])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_negative_twin_a_page_cut_inside_the_last_number_reads_the_rows_before_it(layout):
    text = page(layout)
    cut = text[:text.rindex("17") + 1]  # the fees cell 17 printed as 1: cut in half
    table2, _ = _table2(cut)
    assert "administrative_fees" not in table2 or table2["administrative_fees"]["amount_10k_yuan"] is None
    for _, key, values in ROWS_2021[:-1]:
        assert list(table2[key].values()) == values, (layout, key)


@pytest.mark.parametrize("dash", ["-", "—", "/"])
@pytest.mark.parametrize("layout", ["pipes", "lone_pipes", "paragraphs"])
def test_negative_twin_a_dash_cell_is_null_not_zero(layout, dash):
    rows = [(label, key, [dash if (key, i) == ("normative_documents", 1) else v for i, v in enumerate(values)])
            for label, key, values in ROWS_2021]
    table2, _ = _table2(page(layout, rows=rows))
    assert table2["normative_documents"] == {"issued": 3, "repealed": None, "in_force": 12}


def test_a_label_in_prose_followed_by_a_number_line_is_no_row():
    """Negative: the prose ends with a row's label and the next line is a number; no 表二 printed."""
    text = "某县某局2022年度政府信息公开工作年度报告\n一、总体情况\n本年度依法办理行政许可\n325\n件，均按时办结。\n"
    table2, _ = _table2(text)
    assert "administrative_licensing" not in table2


HUBEI_2019 = """某街道2020年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第(一)项 | |||
信息内容 | 本年新 制作数量 | 本年新 公开数量 | 对外公开总数量 | ||
规章(设区的市、自治州人民政府应提供相关数据) | 0 | 0 | 0 | ||
规范性文件(行政机关制定发布的决定、公告、通告、意见、通 知,以及标题采用“规定”“办法”等字样的公文) | 2 | 2 | 19 | ||
其他主动公开文件(含以本单位名义正式签发的、除规范性文件以外的主动公开文件) | 186 | 86 | 255 | ||
第二十条第(五)项 | |||
信息内容 | 上一年项目数量(指2019年事项数) | 本年增/减(指2020年增加或减少的事项数,减用负值表示,如-8) | 处理决定数量 | ||
行政许可 | 8 | +19 | 93 | ||
第二十条第(九)项 | |||
信息内容 | 采购项目数量 | 采购总金额 | ||
政府集中采购 | 3 | 240万元 | ||
三、收到和处理政府信息公开申请情况
"""


def test_hubei_variant_keeps_its_extra_row_apart_and_reads_signed_changes_and_amounts():
    table2, template = _table2(HUBEI_2019)
    assert template == "2019"
    assert table2["regulations"] == {"made": 0, "published": 0, "total_public": 0}
    assert table2["normative_documents"] == {"made": 2, "published": 2, "total_public": 19}
    assert table2["other_proactive_documents"] == {"made": 186, "published": 86, "total_public": 255}
    assert table2["administrative_licensing"] == {"previous_year_items": 8, "change": 19, "decisions": 93}
    assert table2["government_procurement"] == {"items": 3, "amount_yuan": 2400000}


def test_negative_twin_an_amount_printed_in_yuan_is_not_scaled():
    table2, _ = _table2(HUBEI_2019.replace("240万元", "70487元"))
    assert table2["government_procurement"] == {"items": 3, "amount_yuan": 70487}


@pytest.mark.parametrize("halfwidth", [False, True], ids=["fullwidth", "halfwidth"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_page_of_each_layout_cut_anywhere_reads_no_wrong_cell(layout, halfwidth):
    """The truncation property for every page layout rendered from the same cells: wherever the page
    is cut, every cell read is the printed cell, and every row whose line ended before the cut is read."""
    text = page(layout, halfwidth)
    whole = {key: values for _, key, values in ROWS_2021}
    first = text.index("规章")
    for cut in range(first, len(text), 3):
        table2, _ = _table2(text[:cut])
        for key, cells in table2.items():
            got = [v for v in cells.values()]
            assert all(v is None or v == w for v, w in zip(got, whole[key])), (cut, key, got)
        if layout in ("pipes", "pipes_no_lead", "spaces"):  # one row a line: a row ended is read whole
            for label, key, values in ROWS_2021:
                row_end = text.index("\n", text.index(label, first))
                if row_end < cut:
                    assert list(table2[key].values()) == values, (cut, key)
