"""A count's label: the clause before it, quoted as printed (cases with a near miss beside each)."""
from __future__ import annotations

import pytest

import govreport

CASES = [
    # (text, the number as printed, its label)
    ("全年主动公开信息数330条。", "330条", "全年主动公开信息数"),
    # a total is labelled as one; a word that only joins the number to its clause is no label
    ("在网站发布信息514条,总计2401条。", "2401条", "总计"),
    ("受理申请后，共有12件。", "12件", None),
    # a note in brackets between the label and the number is passed over
    ("其中：行政职权类信息（包括行政审批、执法等）5条，动态类信息320条。", "5条", "行政职权类信息"),
    ("收到申诉案(包括举报、控告)0件。", "0件", "收到申诉案"),
    # …but a bracketed heading number is no note: nothing before it names the count
    ("（一）12件，（二）3件。", "12件", None),
    # a mirror's pinyin does not end the clause; the label is quoted with it, as printed
    ("主動(dòng)公開(kāi)信息數(shù)330條,其中", "330條", "主动(dòng)公开(kāi)信息数(shù)"),
    # …nor the noun after the unit, which is read without it and quoted with it
    ("全年共发布136条(shù)信(xìn)息，其中", "136条", "全年共发布信(xìn)息"),
    # …and counts its 40 characters without it: the whole clause here
    ("被區(qū)新聞網(wǎng)、區(qū)人大網(wǎng)、區(qū)先鋒網(wǎng)、安徽農(nóng)網(wǎng)等發(fā)布信息共計300多條", "300多條",
     "被区(qū)新闻网(wǎng)、区(qū)人大网(wǎng)、区(qū)先锋网(wǎng)、安徽农(nóng)网(wǎng)等发(fā)布信息共计"),
]


@pytest.mark.parametrize("text,number,label", CASES, ids=[c[1] + "-" + c[0][:8] for c in CASES])
def test_label(text, number, label):
    facts = [f for r in govreport.extract_text(text) for f in r["facts"] if f["text"] == number]
    assert [f["label"] for f in facts] == [label]


def test_a_long_label_in_a_mirror_starts_on_a_character_never_inside_its_pinyin():
    from govreport.extract.normalise import drop_pinyin
    text = "在" + "區(qū)新聞網(wǎng)、" * 9 + "等發(fā)布信息共計300多條。"
    label = [f["label"] for r in govreport.extract_text(text) for f in r["facts"] if f["text"] == "300多條"][0]
    assert "\u4e00" <= label[0] <= "\u9fff" and label.endswith("等发(fā)布信息共计")
    assert 30 <= len(drop_pinyin(label)) <= 40


DOC_NUMBERS = [
    # (text, the document number as printed, its issuer)
    ("根据國辦公(gong)開辦函〔2019〕60號文件要求", "國辦公(gong)開辦函〔2019〕60號", "国办公开办函"),
    ("按照国(guo)务院令第711号", "国(guo)务院令第711号", "国务院令"),
    ("以鲁办发〔2012〕18号印发", "鲁办发〔2012〕18号", "鲁办发"),
    # a stop word ends the issuer on either side of the pinyin
    ("依據(jù)國辦發〔2019〕14號", "國辦發〔2019〕14號", "国办发"),
]


@pytest.mark.parametrize("text,printed,issuer", DOC_NUMBERS, ids=[c[1] for c in DOC_NUMBERS])
def test_a_document_numbers_issuer_reads_on_over_a_mirrors_pinyin(text, printed, issuer):
    found = [(f["text"], f["issuer"]) for r in govreport.extract_text(text) for f in r["facts"] if f["type"] == "doc_number"]
    assert found == [(printed, issuer)]
