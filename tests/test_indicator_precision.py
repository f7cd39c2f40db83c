"""Indicators must be what they name, over every sample and every shared corpus: a number taken from
prose is about information disclosure (the 6.6亿元 construction fee of seed 000 is not fees_collected)."""
from __future__ import annotations

import re

import pytest

import govreport
from conftest import SHARED, sample_files

CORPORA = [p for d in ("corpus/dev", "corpus/pages", "corpus/years") for p in sorted((SHARED / d).glob("*.txt"))]
DISCLOSURE = re.compile(r"信息公开|政务公开|依申请|公开申请|政府信息|信息处理费|检索|复制|邮寄")


def _texts():
    return [pytest.param(p, id=p.name[:30]) for p in [*sample_files(), *CORPORA]]


@pytest.mark.parametrize("path", _texts())
def test_indicators_taken_from_prose_are_about_disclosure(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    for rec in govreport.extract_file(str(path)):
        for name, ind in rec["indicators"].items():
            if ind.get("source") != "text" or not ind["value"]:
                continue
            if name in ("fees_collected", "reconsiderations", "lawsuits"):
                # its sentence, or the heading right above it, names disclosure
                sentence_start = max(text.rfind("。", 0, ind["start"]), text.rfind("\n", 0, ind["start"])) + 1
                heading = next((s["heading"] for s in reversed(rec["sections"]) if s["start"] <= ind["start"]), "")
                assert DISCLOSURE.search(text[sentence_start:ind["end"]]) or DISCLOSURE.search(heading), (name, ind)
            if name == "fees_collected":
                assert ind["value"] < 10_000_000, ind  # a disclosure fee is never tens of millions
