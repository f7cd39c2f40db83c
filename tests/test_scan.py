"""Anchored scanning finds exactly what a full regex scan finds (extract/scan.py)."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport.extract import facts, indicators
from govreport.extract.normalise import normalise
from govreport.extract.patterns import load
from govreport.extract.read import read_file
from govreport.extract.scan import AnchoredRegex, AnyOf, literal_trie, max_width, split_alternation
from conftest import sample_files


def _anchored_rules() -> list[tuple[str, AnchoredRegex]]:
    rules = [(name, getattr(facts, name)) for name in ("DOC_BRACKET", "DECREE_NUMBER", "YEAR_DATE", "MONTH_DATE",
                                                        "PERCENT", "PERCENT_CN")]
    rules += [(f"nonfacts.{r['name']}", rx) for r, rx in zip(load("nonfacts")["masks"], facts._masks())]
    rules += [(f"indicators.{name}.zero", rule["zero"]) for name, rule in indicators._rules().items() if rule["zero"]]
    return [(name, rx) for name, rx in rules if rx.anchors]


@pytest.fixture(scope="module")
def sample_texts() -> list[str]:
    return [normalise(read_file(p).text).text for p in sample_files()]


@pytest.mark.parametrize("name,rule", _anchored_rules(), ids=[n for n, _ in _anchored_rules()])
def test_anchored_scan_equals_full_scan_on_every_sample(name, rule, sample_texts):
    for text in sample_texts:
        full = [(m.span(), m.group()) for m in rule.regex.finditer(text)]
        assert [(m.span(), m.group()) for m in rule.finditer(text)] == full, name
        # and inside a region, as extraction scans one report of a page at a time
        a, b = len(text) // 3, 2 * len(text) // 3
        full = [(m.span(), m.group()) for m in rule.regex.finditer(text, a, b)]
        assert [(m.span(), m.group()) for m in rule.finditer(text, a, b)] == full, name


@pytest.mark.parametrize("name,rule", _anchored_rules(), ids=[n for n, _ in _anchored_rules()])
def test_every_match_of_an_anchored_rule_holds_an_anchor(name, rule, sample_texts):
    rules = {r["name"]: r for r in load("nonfacts")["masks"]}
    examples = rules[name.split(".", 1)[1]]["positive"] if name.startswith("nonfacts.") else []
    if name.startswith("indicators."):
        examples = [e["text"] for e in load("indicators")["examples"]]
    for text in [*sample_texts, *examples]:
        for m in rule.regex.finditer(text):
            assert any(a in m.group() for a in rule.anchors), (name, m.group())


def test_matches_crowded_together_and_at_the_edges():
    rule = AnchoredRegex(re.compile(r"\d{1,6}(?:\s{0,2}[+＋]\s{0,2}\d{1,6}){1,10}"), ["+", "＋"])
    for text in ["1+2+3", "1+2 3+4", "x" * 50 + "12+3" + "y" * 50 + "4+5", "+", "1+", "+1", "1234567+1",
                 "+".join("1" * 5 for _ in range(30))]:
        assert [m.span() for m in rule.finditer(text)] == [m.span() for m in rule.regex.finditer(text)], text


def test_a_look_ahead_past_the_window_is_still_honoured():
    rule = AnchoredRegex(re.compile(r"\d{1,3}%(?!\s{0,40}x)"), ["%"])
    text = "5%" + " " * 39 + "x 6% y"
    assert [m.group() for m in rule.finditer(text)] == [m.group() for m in rule.regex.finditer(text)] == ["6%"]


def test_an_anchored_rule_must_have_a_bounded_length():
    with pytest.raises(ValueError, match="bounded"):
        AnchoredRegex(re.compile(r"\d+%"), ["%"])
    assert max_width(re.compile(r"\d{1,3}\s{0,2}%")) == 6


@pytest.mark.parametrize("words", [["个", "个月", "个工作日", "工作日", "人", "人次", "万人次", "万份"], ["元"], ["a", "ab", "abc"]])
def test_literal_trie_matches_the_longest_word_like_the_plain_alternation(words):
    trie = re.compile(literal_trie(words))
    plain = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
    for w in words:
        assert trie.fullmatch(w)
        for tail in ("", "次", "x"):
            assert trie.match(w + tail).group() == plain.match(w + tail).group()
    assert not trie.match("z")


def test_overlapping_anchor_occurrences_are_all_covered():
    rule = AnchoredRegex(re.compile(r"(?<![1])11[0-9]{0,3}x"), ["11"])
    for text in ["1111x", "11111x", "a" * 10 + "111" + "22x", "1" * 9 + "x"]:
        assert [m.span() for m in rule.finditer(text)] == [m.span() for m in rule.regex.finditer(text)], text


@pytest.mark.parametrize("pattern,branches", [
    ("a|b", ["a", "b"]), ("(?:a|b)c", ["ac", "bc"]), ("(?:a|b)?c", ["(?:a|b)?c"]), ("[|]x|y", ["[|]x", "y"]),
    (r"\|a|b", [r"\|a", "b"]), ("(a|b)|c", ["(a|b)", "c"]), ("(?:(?:a|b)|c)d", ["ad", "bd", "cd"]),
    ("(?:x(?:a|b)|c)d", ["x(?:a|b)d", "cd"]), ("[]|]a|b", ["[]|]a", "b"]), ("[^|]a", ["[^|]a"]), ("(?:|a)b", ["b", "ab"]),
])
def test_split_alternation(pattern, branches):
    assert split_alternation(pattern) == branches


def _yes_no_rules() -> list[tuple[str, str, int]]:
    from govreport.extract import tables
    from govreport.extract.patterns import rule_source
    rules = [("placeholder", rule_source("metadata", "placeholder"), 0),
             ("placeholder.original", r"_{2,}|＿|\*{1,5}[\u4e00-\u9fff]|[xX]{2}[\u4e00-\u9fff]|××|[(（]\*[)）]?年|\*[)）]?年|[由《]市[区县]", 0)]
    rules += [(f"tables.template.{s['template']}", s["regex"], 0) for s in tables.spec()["template_signs"]]
    rules += [(f"kinds.{part}.{r['kind']}", r["regex"], re.MULTILINE) for part in ("title", "body")
              for r in load("kinds")[f"{part}_rules"]]
    return rules


@pytest.mark.parametrize("name,pattern,flags", _yes_no_rules(), ids=[r[0] for r in _yes_no_rules()])
def test_any_of_answers_as_the_whole_regex_does(name, pattern, flags, sample_texts):
    probes = ["__市", "＊镇", "**镇", "xx市", "XX县", "××局", "(*)年", "（*）年", "由市区人民政府编制", "《市县", "x年", "_",
              "本年制发件数", "本年新制作数量", "逾期不补正", "〔2021〕30号", "关于报送2020年工作情况的函", "工作要点", "工作报告"]
    rule, whole = AnyOf(pattern, flags, max_branches=99), re.compile(pattern, flags)
    for text in [*sample_texts, *probes]:
        assert bool(rule.search(text)) == bool(whole.search(text)), (name, text[:40])
    if name == "placeholder":  # the rewritten placeholder answers as the original alternation did
        original = re.compile(_yes_no_rules()[1][1])
        for text in [*sample_texts, *probes]:
            assert bool(rule.search(text)) == bool(original.search(text)), text[:40]


@given(st.text(alphabet="abcx|", max_size=12))
def test_any_of_equals_search_on_random_text(text):
    for pattern in ["(?:a|b)c", "(?:x(?:a|b)|c)a", "a|(?:b|c)x", "(?:|a)b", "^(?:a|b)"]:
        assert bool(AnyOf(pattern).search(text)) == bool(re.search(pattern, text)), (pattern, text)
