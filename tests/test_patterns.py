"""Every pattern file loads; every regex compiles, cannot match empty; examples behave."""
from __future__ import annotations

import pytest

from govreport.extract.normalise import normalise
from govreport.extract.patterns import PATTERN_FILES, compile_rule, iter_regexes, load

RULE_FILES = [("boilerplate", "lines"), ("boilerplate", "inline"), ("nonfacts", "masks"), ("headings", "levels")]


@pytest.mark.parametrize("name", PATTERN_FILES)
def test_pattern_file_loads_and_compiles(name):
    data = load(name)
    for where, regex in iter_regexes(data, name):
        rx = compile_rule(regex, where)
        assert not rx.fullmatch(""), where


def _rule_cases():
    for name, key in RULE_FILES:
        for rule in load(name)[key]:
            rule_name = rule.get("name", rule.get("level"))
            for text in rule.get("positive", []):
                yield pytest.param(name, rule["regex"], text, True, id=f"{name}-{rule_name}-pos-{text[:12]}")
            for text in rule.get("negative", []):
                yield pytest.param(name, rule["regex"], text, False, id=f"{name}-{rule_name}-neg-{text[:12]}")


@pytest.mark.parametrize("name,regex,text,should_match", list(_rule_cases()))
def test_rule_examples(name, regex, text, should_match):
    rx = compile_rule(regex, name)
    if name == "headings":
        hit = bool(rx.match(text))
    else:
        hit = bool(rx.search(text))
    assert hit is should_match


def test_every_rule_has_positive_and_negative_examples():
    for name, key in RULE_FILES:
        for rule in load(name)[key]:
            assert rule.get("positive") and rule.get("negative"), f"{name}: {rule.get('name', rule.get('level'))}"


def test_boilerplate_blanking_keeps_every_offset():
    text = "标题行\n发布日期:2014-02-20 03:59 浏览次数:\n正文一段。\n打印\n关闭\n"
    norm = normalise(text)
    assert len(norm.text) == len(text)
    assert "浏览次数" not in norm.text and "打印" not in norm.text and "正文一段。" in norm.text
    assert any("furniture" in line for line in norm.explain())


def test_every_furniture_example_holds_a_trigger():
    data = load("boilerplate")
    for rule in data["lines"]:
        for text in rule["positive"]:
            assert any(t in normalise(text).original or t in text for t in data["triggers"]), (rule["name"], text)


@pytest.mark.parametrize("should_match", [True, False])
def test_report_title_examples(should_match):
    titles = load("headings")["report_titles"]
    rx = compile_rule(titles["regex"], "headings.report_titles")
    for text in titles["positive" if should_match else "negative"]:
        assert bool(rx.match(text)) is should_match, text
