"""Reading what the web serves: HTML pages, PDF and Word attachments, and their bad cases.

Offsets refer to the text `govreport text` prints for every format; PDF facts carry their page.
"""
from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import pytest

import govreport
from govreport.extract.read import InputError, read_bytes
from conftest import SHARED

PDFS = sorted((SHARED / "corpus" / "pdf").glob("*.pdf"))

# Word-exported table cells: <p><span> in every cell, &nbsp;, a number split over styled runs,
# rowspan/colspan, an unclosed </td>, blank zero cells.
HTML = """<html><head><meta charset="utf-8"><meta name="PubDate" content="2024-01-26 10:00">
<title>某县某局2023年度政府信息公开工作年度报告_政府信息公开年报_某县人民政府</title>
<style>p{margin:0}</style><script>var x = "<table>";</script></head><body>
<div class=TRS_Editor><p><span>本报告所列数据统计期限自2023年1月1日起至</span><span>2023年12月31日止。</span></p>
<p>一、总体情况</p><p>全年主动公开政府信息<span style="x">30</span><span style="y">01</span>条。</p>
<p>三、收到和处理政府信息公开申请情况</p>
<table>
<tr><td colspan="3" rowspan="2"><p><span>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</span></p></td>
<td colspan="7"><p>申请人情况</p></td></tr>
<tr><td rowspan="2"><p>自然人</p></td><td colspan="5"><p>法人或其他组织</p></td><td rowspan="2"><p>总计</p></td></tr>
<tr><td colspan="3"></td><td><p>商业</p><p>企业</p></td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3"><p><span>一、本年新收政府信息公开申请数量</span></p></td>
<td><p><span>3</span></p></td><td><p>1</p></td><td><p>&nbsp;</p></td><td>0<td>0</td><td>0</td><td><p><span>4</span></p></td></tr>
<tr><td colspan="3"><p>二、上年结转政府信息公开申请数量</p></td>
<td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p></div></body></html>"""


def test_html_reads_as_a_reader_sees_it():
    doc = read_bytes(HTML.encode("utf-8"), "page.html")
    assert doc.format == "html" and "var x" not in doc.text and "3001条" in doc.text
    [rec] = govreport.extract_text(HTML)
    assert rec["source"]["format"] == "html"
    assert rec["title"] == "某县某局2023年度政府信息公开工作年度报告"
    assert rec["published"] == "2024-01-26"
    assert rec["period"] == {"start": "2023-01-01", "end": "2023-12-31"}
    assert any(f["type"] == "count" and f["value"] == 3001 for f in rec["facts"])
    t3 = rec["tables"]["table3"]
    assert list(t3["new_requests"].values()) == [3, 1, None, 0, 0, 0, 4]
    assert list(t3["carried_over"].values()) == [1, 0, 0, 0, 0, 0, 1]
    for f in rec["facts"]:
        assert doc.text[f["start"]:f["end"]] == f["text"]


def test_html_in_gbk_declared_by_meta_charset():
    page = HTML.replace('charset="utf-8"', 'charset="gb2312"').encode("gb18030")
    doc = read_bytes(page, "page.htm")
    assert doc.encoding == "gb18030" and "收到和处理政府信息公开申请情况" in doc.text


def test_an_html_page_with_no_text_is_refused_in_one_line():
    with pytest.raises(InputError, match="no text"):
        read_bytes(b"<html><head><script>var a=1;</script></head><body><div></div></body></html>", "empty.html")


def _docx(body: str, prolog: str = '<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", prolog + '<w:document xmlns:w='
                   '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body + "</w:body></w:document>")
    return buf.getvalue()


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{_p(text)}</w:tc>"


DOCX_BODY = (_p("某县某局2022年度政府信息公开工作年度报告") + _p("二、主动公开政府信息情况")
             + "<w:tbl>"
             + "<w:tr>" + _tc("第二十条第（一）项", '<w:gridSpan w:val="4"/>') + "</w:tr>"
             + "<w:tr>" + _tc("信息内容") + _tc("本年制发件数") + _tc("本年废止件数") + _tc("现行有效件数") + "</w:tr>"
             + "<w:tr>" + _tc("规章") + _tc("0") + _tc("0") + _tc("0") + "</w:tr>"
             + "<w:tr>" + _tc("行政规范性文件") + _tc("3") + _tc("1") + _tc("12") + "</w:tr>"
             + "<w:tr>" + _tc("第二十条第（五）项", '<w:vMerge w:val="restart"/>') + _tc("本年处理决定数量", '<w:gridSpan w:val="3"/>') + "</w:tr>"
             + "<w:tr>" + _tc("", '<w:vMerge/>') + _tc("", '<w:gridSpan w:val="3"/>') + "</w:tr>"
             + "<w:tr>" + _tc("行政许可") + _tc("325", '<w:gridSpan w:val="3"/>') + "</w:tr>"
             + "</w:tbl>" + _p("三、收到和处理政府信息公开申请情况"))


def test_docx_paragraphs_and_tables_in_order_with_merges_printed_once():
    doc = read_bytes(_docx(DOCX_BODY), "report.docx")
    assert doc.format == "docx" and doc.text.count("第二十条第（五）项") == 1
    [rec] = govreport.extract.pipeline.extract_document(doc)
    t2 = rec["tables"]["table2"]
    assert t2["normative_documents"] == {"issued": 3, "repealed": 1, "in_force": 12}
    assert t2["administrative_licensing"] == {"decisions": 325}


def test_a_docx_that_is_not_one_and_a_legacy_doc_are_refused_in_one_line():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(InputError, match="zip archive"):
        read_bytes(buf.getvalue(), "report.docx")
    with pytest.raises(InputError, match="save it as .docx or PDF|antiword"):
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.doc")


def test_a_docx_declaring_entities_is_refused():
    body = _p("x")
    data = _docx(body, '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]>')
    with pytest.raises(InputError, match="entities"):
        read_bytes(data, "bomb.docx")


@pytest.mark.skipif(not PDFS, reason="../shared/corpus/pdf is not beside the clone")
@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name[-24:])
def test_real_pdfs_give_tables_2_3_4_whole_with_pages_and_offsets(pdf):
    doc = read_bytes(pdf.read_bytes(), str(pdf))
    [rec] = govreport.extract.pipeline.extract_document(doc)
    assert rec["source"]["format"] == "pdf" and rec["source"]["pages"] >= 5
    tables = rec["tables"]
    assert len(tables["table2"]) == 6 and len(tables["table4"]) == 3 and len(tables["table3"]) >= 23
    assert all(v is not None for row in tables["table3"].values() for v in row.values())
    twin = govreport.extract_file(str(pdf) + ".pdfminer.txt")[0]
    assert tables["table4"] == twin["tables"]["table4"]
    assert tables["table3"] == twin["tables"]["table3"]
    status = lambda r: sorted((c["rule"], c["status"]) for c in r["checks"] if c["rule"].startswith("table4"))
    assert status(rec) == status(twin)
    for f in rec["facts"]:
        assert doc.text[f["start"]:f["end"]] == f["text"] and 1 <= f["page"] <= rec["source"]["pages"]


def test_a_pdf_with_no_text_layer_says_it_needs_ocr(tmp_path):
    pdfium = pytest.importorskip("pypdfium2")
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    out = tmp_path / "scan.pdf"
    pdf.save(str(out))
    with pytest.raises(InputError, match="OCR"):
        govreport.extract_file(str(out))


def test_a_truncated_pdf_fails_in_one_line():
    with pytest.raises(InputError, match="fetch it again"):
        read_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog", "cut.pdf")


def test_the_bytes_decide_the_format_and_verbose_says_so(tmp_path):
    page = tmp_path / "report.pdf"
    page.write_text("某局2020年政府信息公开工作年度报告\n一、总体情况\n共受理申请3件。\n", encoding="utf-8")
    run = lambda *a: subprocess.run([sys.executable, "-m", "govreport.cli.main", *a], capture_output=True, text=True)
    quiet, loud = run("extract", "-q", str(page)), run("extract", "--verbose", str(page))
    assert quiet.returncode == 0 and json.loads(quiet.stdout)["source"]["format"] == "text"
    assert "named as pdf but its bytes are text" in loud.stderr


def test_govreport_text_prints_the_text_offsets_refer_to(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    run = lambda *a: subprocess.run([sys.executable, "-m", "govreport.cli.main", *a], capture_output=True, text=True)
    text = run("text", str(page)).stdout
    rec = json.loads(run("extract", "-q", "--format", "jsonl", str(page)).stdout)
    assert rec["facts"] and all(text[f["start"]:f["end"]] == f["text"] for f in rec["facts"])


def test_a_docx_that_unzips_beyond_the_limit_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>" + " " * (3 * 1024 * 1024) + "</w:document>")
    from govreport.extract.formats import docx
    with pytest.raises(InputError, match="max-bytes"):
        docx.read(buf.getvalue(), "bomb.docx", max_bytes=1024 * 1024)
