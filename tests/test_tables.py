"""Reading the annual-report tables in every flattened layout, with negative cases."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import govreport
from govreport.extract.tables import segmentations, Token
from conftest import SHARED
from tables_render import COLS, LABELS_2021, T4, T4_COLS, balanced, render, render_by_columns

LAYOUTS = ["pipes", "lines", "spaces", "glued"]

EXAMPLE3 = balanced({"granted": [21, 0, 0, 0, 0, 0], "partially_granted": [8, 1, 0, 0, 0, 0],
                     "unavailable_not_held": [37, 0, 0, 0, 0, 0], "other_other": [0, 2, 0, 0, 0, 0],
                     "carried_over": [1, 0, 0, 0, 0, 0]})
EXAMPLE4 = [0, 1, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]


def _read(text: str) -> dict:
    [rec] = govreport.extract_text(text)
    return rec


def _assert_reads_back(rec: dict, table3: dict[str, list[int]], why: str) -> None:
    """Every 表三 row reads back as rendered, and every table check passes."""
    assert {key: [rec["tables"]["table3"][key][c] for c in COLS] for key, _ in LABELS_2021} == table3, why
    assert {c["status"] for c in rec["checks"] if c["rule"].startswith("table")} == {"pass"}, why


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_reads_back(layout):
    rec = _read(render(EXAMPLE3, EXAMPLE4, layout))
    t3 = rec["tables"]["table3"]
    for key, _ in LABELS_2021:
        assert [t3[key][c] for c in COLS] == EXAMPLE3[key], (layout, key)
    assert [rec["tables"]["table4"][b][c] for b in T4 for c in T4_COLS] == EXAMPLE4
    assert rec["template"] == "2021"
    assert rec["indicators"]["requests_received"]["value"] == EXAMPLE3["new_requests"][6]
    assert {c["status"] for c in rec["checks"] if c["rule"].startswith("table")} == {"pass"}


def test_cells_keep_offsets():
    text = render(EXAMPLE3, EXAMPLE4, "glued")
    rec = _read(text)
    ind = rec["indicators"]["requests_received"]
    assert text[ind["start"]:ind["end"]] == ind["text"] == str(EXAMPLE3["new_requests"][6])


def test_glued_row_number_is_not_a_cell():
    # …00000002.其他法律… : the 2 numbers the next row, it is not the seventh cell
    rec = _read(render(EXAMPLE3, EXAMPLE4, "glued"))
    assert rec["tables"]["table3"]["denied_state_secret"]["total"] == 0


def test_table4_run_together_splits_by_block_sums():
    values = [2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19]
    rec = _read(render(EXAMPLE3, values, "glued"))
    assert [rec["tables"]["table4"][b][c] for b in T4 for c in T4_COLS] == values


def test_unbalanced_spaced_row_gives_a_failing_check_not_a_fill():
    bad = {k: list(v) for k, v in EXAMPLE3.items()}
    bad["granted"] = [21, 0, 0, 0, 0, 0, 22]  # printed total is wrong
    rec = _read(render(bad, EXAMPLE4, "spaces"))
    assert rec["tables"]["table3"]["granted"]["total"] == 22
    failing = [c for c in rec["checks"] if c["status"] == "fail"]
    assert any(c["where"] == "table3.granted.total" for c in failing)


def test_unbalanced_glued_row_is_not_filled():
    bad = {k: list(v) for k, v in EXAMPLE3.items()}
    bad["granted"] = [21, 0, 0, 0, 0, 0, 23]
    rec = _read(render(bad, EXAMPLE4, "glued"))
    assert "granted" not in rec["tables"]["table3"]
    assert any(c["status"] == "fail" and "granted" in (c["where"] or "") for c in rec["checks"])


def test_blank_cells_are_null_not_zero():
    text = render(EXAMPLE3, EXAMPLE4, "pipes").replace(
        "| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | / |")
    rec = _read(text)
    assert rec["tables"]["table3"]["carried_forward"]["total"] is None
    assert any(c["status"] == "unknown" for c in rec["checks"] if c["rule"] == "table3_columns_sum")


@pytest.mark.parametrize("none", ["—", "-", "－", "/", "无"])
def test_a_pipe_cell_printed_as_a_dash_is_null_never_zero(none):
    """record.md: a cell printed blank, /, - or — states no number: null, never 0. Rows of dashes
    only are still rows, and a check that needs such a cell is unknown, never a pass or a fail."""
    text = render(EXAMPLE3, EXAMPLE4, "pipes").replace("| 0 |", f"| {none} |").replace("| 0 |", f"| {none} |")
    assert f"| {none} | {none} |" in text
    t3 = _read(text)["tables"]["table3"]
    want = {key: [None if v == 0 else v for v in EXAMPLE3[key]] for key, _ in LABELS_2021}
    assert {key: [t3[key][c] for c in COLS] for key, _ in LABELS_2021} == want
    rec = _read(text)
    assert not [c for c in rec["checks"] if c["rule"].startswith("table3") and c["status"] == "fail"]


def test_a_zero_printed_as_0_is_not_null():
    """The negative twin: 0 printed as 0 stays 0."""
    _assert_reads_back(_read(render(EXAMPLE3, EXAMPLE4, "pipes")), EXAMPLE3, "zeros")


BIG3 = balanced({"granted": [1362, 0, 0, 0, 0, 0], "partially_granted": [454, 1, 0, 0, 0, 0],
                 "unavailable_not_held": [1037, 0, 0, 0, 0, 0], "other_other": [0, 2, 0, 0, 0, 0],
                 "carried_over": [34, 0, 0, 0, 0, 0]})


@pytest.mark.parametrize("layout", ["pipes", "lines", "spaces", "columns"])
def test_cells_printed_with_thousands_separators(layout):
    """A city's 表三 prints 1,362 and 2,822: each is one cell, the rows add up, offsets hold."""
    import re
    text = render_by_columns(BIG3, EXAMPLE4) if layout == "columns" else render(BIG3, EXAMPLE4, layout)
    text = re.sub(r"(?<![\d,])(\d)(\d{3})(?![\d年])", r"\1,\2", text)
    assert "2,822" in text
    rec = _read(text)
    _assert_reads_back(rec, BIG3, layout)
    ind = rec["indicators"]["requests_received"]
    assert (ind["value"], ind["text"], text[ind["start"]:ind["end"]]) == (2822, "2,822", "2,822")


def test_a_table_saved_as_html_source_reads_back():
    from tables_render import HEAD, T4_HEAD, TAIL
    rows = "".join(f"<tr><td>{label}</td>" + "".join(f"<td>{v}</td>" for v in EXAMPLE3[key]) + "</tr>\n"
                   for key, label in LABELS_2021)
    cells4 = "".join(f"<td>{v}</td>" for v in EXAMPLE4)
    page = (f"<html><body><p>{HEAD.replace(chr(10), '</p><p>')}</p><table>{rows}</table>"
            f"<p>{T4_HEAD.replace(chr(10), '</p><p>')}</p><table><tr>{cells4}</tr></table><p>{TAIL}</p></body></html>")
    rec = _read(page)
    _assert_reads_back(rec, EXAMPLE3, "html")
    assert [rec["tables"]["table4"][b][c] for b in T4 for c in T4_COLS] == EXAMPLE4


def test_segmentations_respect_leading_zeros():
    cands = segmentations([Token("713000074", 0)], 7)
    assert ["71", "3", "0", "0", "0", "0", "74"] in [[t.text for t in c] for c in cands]
    assert all(not (len(t.text) > 1 and t.text.startswith("0")) for c in cands for t in c)


def test_stats_table_run_together(extracted):
    _, [rec] = extracted["changwu__pingtan-gov-zwgk-archive__zfxxgknb_201701_80485__page.txt"]
    row = rec["tables"]["stats"]["主动公开文件数"]
    assert (row["this_year"], row["cumulative"]) == (3460, 85376)


small = st.integers(min_value=0, max_value=40)
row6 = st.lists(small, min_size=6, max_size=6)


@settings(max_examples=60, phases=[Phase.explicit, Phase.reuse, Phase.generate], deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(granted=row6, not_held=row6, other=row6, carried=row6, t4=st.lists(st.lists(small, min_size=4, max_size=4), min_size=3, max_size=3),
       layout=st.sampled_from(LAYOUTS))
def test_property_render_and_parse_back(granted, not_held, other, carried, t4, layout):
    table3 = balanced({"granted": granted, "unavailable_not_held": not_held, "other_other": other, "carried_forward": carried})
    table4 = [v for block in t4 for v in block + [sum(block)]]
    rec = _read(render(table3, table4, layout))
    tables = rec["tables"]
    ambiguous = tables.get("ambiguous", {})
    if "table3" not in ambiguous:
        for key, _ in LABELS_2021:
            assert [tables["table3"][key][c] for c in COLS] == table3[key], (layout, key)
    if "table4" not in ambiguous:
        assert [tables["table4"][b][c] for b in T4 for c in T4_COLS] == table4


def test_negative_change_and_cell_notes_and_page_furniture():
    text = ("2019年度政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n"
            "规章 0 0 0\n规范性文件 18（其中修订16件） 18 18\n— 2 —\n第二十条第（五）项\n信息内容 上一年项目数量 本年增/减 处理决定数量\n"
            "行政处罚2648-18538\n" + render(EXAMPLE3, EXAMPLE4, "spaces").split("\n", 1)[1])
    rec = _read(text)
    t2 = rec["tables"]["table2"]
    assert t2["normative_documents"] == {"made": 18, "published": 18, "total_public": 18}
    assert t2["administrative_penalty"] == {"previous_year_items": 2648, "change": -18, "decisions": 538}
    assert rec["template"] == "2019"


def test_ambiguous_table_is_flagged_in_warnings(extracted):
    _, [rec] = extracted["changwu__pingtan-gov-zwgk-archive__zfxxgknb_202001_80576__page.txt"]
    assert "table2" in rec["tables"]["ambiguous"]
    assert any(w["code"] == "table_ambiguous" for w in rec["warnings"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=3000), min_size=6, max_size=6), st.booleans(), st.integers(0, 9))
def test_a_summed_run_is_split_exactly_as_the_general_walk_splits_it(cells, spoil, digit):
    """The fast path for one glued 表三 row gives the general search's readings, in its order."""
    from govreport.extract.tables.segment import split_summed_run as _split_summed_run, walk_segmentations as _walk_segmentations
    from govreport.extract.tables import Token
    text = "".join(map(str, [*cells, sum(cells)]))
    if spoil:
        text = text[:-1] + str(digit)
    token = Token(text, 40)
    fast = [[(t.text, t.start) for t in c] for c in _split_summed_run(token, 7, 2000)]
    assert fast == [[(t.text, t.start) for t in c] for c in _walk_segmentations([token], 7, 1, 2000)]
    if not spoil:
        assert [str(c) for c in [*cells, sum(cells)]] in [[t for t, _ in c] for c in fast]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0000123456789", min_size=1, max_size=12), st.integers(min_value=2, max_value=4))
def test_a_free_run_is_split_exactly_as_the_general_walk_splits_it(digits, n):
    """The fast path for one glued 表二 row gives the general search's readings, in its order."""
    from govreport.extract.tables.segment import split_run as _split_run, walk_segmentations as _walk_segmentations
    from govreport.extract.tables import Token
    token = Token(digits, 3)
    fast = [[(t.text, t.start) for t in c] for c in _split_run(token, n, 2000)]
    assert fast == [[(t.text, t.start) for t in c] for c in _walk_segmentations([token], n, 0, 2000)]


def test_a_table_with_no_readable_row_is_unknown_and_warned_not_failed():
    # Every row printed as a run of digits that no split balances: the layout, not the report, is at fault.
    bad = {k: [*v[:6], v[6] + 1] for k, v in EXAMPLE3.items()}
    rec = _read(render(bad, EXAMPLE4, "glued"))
    table3 = [c for c in rec["checks"] if c["rule"] == "table3_columns_sum"]
    assert table3 and {c["status"] for c in table3} == {"unknown"}
    assert [w["code"] for w in rec["warnings"]] == ["table_unreadable"]
    assert rec["tables"]["table3"] == {}


PDF_CORPUS = SHARED / "corpus" / "pdf"


@pytest.mark.parametrize("total_before_other", [False, True])
def test_table3_printed_column_by_column_reads_back(total_before_other):
    text = render_by_columns(EXAMPLE3, EXAMPLE4, total_before_other=total_before_other)
    rec = _read(text)
    t3 = rec["tables"]["table3"]
    assert {key: [t3[key][c] for c in COLS] for key, _ in LABELS_2021} == EXAMPLE3
    assert {c["status"] for c in rec["checks"] if c["rule"].startswith("table")} == {"pass"}
    ind = rec["indicators"]["requests_received"]
    assert ind["source"] == "table" and text[ind["start"]:ind["end"]] == str(EXAMPLE3["new_requests"][6])


def test_table3_by_columns_with_one_other_row_is_the_23_row_set():
    labels = [(k, label) for k, label in LABELS_2021 if not k.startswith("other_")]
    labels.insert(-2, ("other", "（六）其他处理"))
    values = {k: v for k, v in EXAMPLE3.items() if not k.startswith("other_")}
    values["other"] = [0, 2, 0, 0, 0, 0, 2]
    rec = _read(render_by_columns(values, EXAMPLE4, labels=labels))
    assert rec["tables"]["table3"]["other"]["total"] == 2
    assert "other_other" not in rec["tables"]["table3"]


@pytest.mark.parametrize("spoil", ["a row that adds up in no order", "a missing row"])
def test_table3_by_columns_that_does_not_add_up_is_not_read(spoil):
    values = {k: list(v) for k, v in EXAMPLE3.items()}
    labels = list(LABELS_2021)
    if spoil == "a missing row":
        labels.remove(("not_processed_repeat", "2.重复申请"))
    else:
        values["granted"][6] += 1
    rec = _read(render_by_columns(values, EXAMPLE4, labels=labels))
    assert rec["tables"]["table3"] == {}
    assert not [c for c in rec["checks"] if c["rule"].startswith("table3") and c["status"] == "fail"]
    assert "table_unreadable" in [w["code"] for w in rec["warnings"]]


PDF_CORPUS = SHARED / "corpus" / "pdf"


@pytest.mark.skipif(not PDF_CORPUS.is_dir(), reason="needs ../shared/corpus/pdf beside the clone")
@pytest.mark.parametrize("name", ["hzq2023_working", "hzq2024_working", "szfgs2024"])
def test_pdfminer_column_order_table3_is_read(name):
    """All three PDF texts print 表三 column by column (hzq: 总计 before 其他 on the first page)."""
    [path] = PDF_CORPUS.glob(f"*{name}.pdf.pdfminer.txt")
    original = path.read_text(encoding="utf-8")
    [rec] = govreport.extract_file(str(path))
    t3 = rec["tables"]["table3"]
    assert len(t3) in (23, 25)
    assert {c["status"] for c in rec["checks"] if c["rule"].startswith("table3")} == {"pass"}
    assert "table_unreadable" not in [w["code"] for w in rec["warnings"]]
    ind = rec["indicators"]["requests_received"]
    assert ind["source"] == "table" and original[ind["start"]:ind["end"]] == str(t3["new_requests"]["total"])


def test_spaced_labels_leave_character_classes_alone():
    from govreport.extract.tables.model import spaced as _spaced
    assert _spaced("复议[、和及]行政") == r"复\s*议[、和及]行\s*政"
    assert _spaced(r"第[（(]九[)）]项") == r"第[（(]九[)）]项"
    import re
    anchor = re.compile(_spaced("行政复议[、和及]行政诉讼情况"))
    assert anchor.search("行政 复议、行政\n诉讼情况") and not anchor.search("行政复议*行政诉讼情况")


TABLE2_PDF = ("2024年政府信息公开工作年度报告\n二、主动公开政府信息情况\n\n第二十条第（一）项\n\n信息内容\n\n"
              "本年制发件数 本年废止件数 现行有效件数\n\n规章\n\n行政规范性文件\n\n0\n\n3\n\n0\n\n0\n\n0\n\n8\n\n"
              "第二十条第（六）项\n\n信息内容\n\n本年处理决定数量\n\n行政处罚\n\n行政强制\n\n{cells}\n\n"
              "第二十条第（八）项\n\n信息内容\n\n本年收费金额（单位：万元）\n\n行政事业性收费\n\n7545\n\n"
              "三、收到和处理政府信息公开申请情况\n\n四、政府信息公开行政复议、行政诉讼情况\n\n0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n")


def test_table2_stacked_labels_take_their_one_cell_each_in_order():
    t2 = _read(TABLE2_PDF.format(cells="2776\n\n84"))["tables"]["table2"]
    assert t2["administrative_penalty"] == {"decisions": 2776}
    assert t2["administrative_coercion"] == {"decisions": 84}
    assert t2["administrative_fees"] == {"amount_10k_yuan": 7545}


def test_table2_stacked_labels_with_a_cell_too_many_are_not_read():
    t2 = _read(TABLE2_PDF.format(cells="2776\n\n84\n\n5"))["tables"]["table2"]
    assert "administrative_penalty" not in t2
    assert t2.get("administrative_coercion") != {"decisions": 2776}


@pytest.mark.parametrize("layout", ["lines", "columns"])
def test_table3_row_labels_are_not_sections(layout):
    text = render_by_columns(EXAMPLE3, EXAMPLE4) if layout == "columns" else render(EXAMPLE3, EXAMPLE4, layout)
    headings = [s["heading"] for s in _read(text)["sections"]]
    assert headings == ["三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"]
