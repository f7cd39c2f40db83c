"""The examples kept beside the number, kind and indicator patterns, run through the pipeline."""
from __future__ import annotations

import pytest

import govreport
from govreport.extract.facts import extract_facts
from govreport.extract.metadata import find_kind
from govreport.extract.normalise import normalise
from govreport.extract.patterns import load

NUMBERS = load("numbers")["examples"]


def _facts(text: str, kind: str) -> list[dict]:
    norm = normalise(text)
    return [f for f in extract_facts(norm.text, 0, len(text), text) if f["type"] == kind]


@pytest.mark.parametrize("kind", ["count", "money", "percent"])
def test_number_examples_positive(kind):
    for case in NUMBERS[kind]["positive"]:
        hits = [f for f in _facts(case["text"], kind) if f["value"] == case["value"]]
        assert hits, (kind, case)
        if "unit" in case:
            assert any(f["unit"] == case["unit"] for f in hits), case
        if "approx" in case:
            assert any(f["approx"] == case["approx"] for f in hits), case


@pytest.mark.parametrize("kind", ["count", "money", "percent"])
def test_number_examples_negative(kind):
    for text in NUMBERS[kind]["negative"]:
        if kind == "percent" and "%" in text:
            continue  # "50%的" is a percentage, listed to show no count is read from it
        assert not _facts(text, kind), (kind, text)


@pytest.mark.parametrize("case", load("kinds")["examples"], ids=lambda c: c["title"][:12])
def test_kind_examples(case):
    assert find_kind(case["title"], "", 0, 0) == case["kind"]


@pytest.mark.parametrize("case", load("indicators")["examples"], ids=lambda c: c["text"][:12])
def test_indicator_examples(case):
    [rec] = govreport.extract_text(case["text"])
    if case["value"] is None:  # a negative case: a number of another subject
        assert case["indicator"] not in rec["indicators"], rec["indicators"].get(case["indicator"])
    else:
        assert rec["indicators"][case["indicator"]]["value"] == case["value"]
