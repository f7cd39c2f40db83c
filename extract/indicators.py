"""Canonical research variables, from count facts or from phrases that state a zero."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

from govreport.extract.text import heading_path, sentence_start, squeezed_view
from govreport.extract.patterns import compile_rule, load
from govreport.extract.normalise import drop_pinyin
from govreport.extract.report import Report
from govreport.extract.scan import AnchoredRegex


Shown = Callable[[str], str]  # how a label or heading is read: as printed, or without a mirror's pinyin


@lru_cache(maxsize=1)
def _rules() -> dict[str, dict[str, Any]]:
    rules = {}
    for name, spec in load("indicators")["indicators"].items():
        rules[name] = {
            "units": frozenset(spec.get("units", [])),
            "money": bool(spec.get("money")),
            "label": compile_rule(spec["label"], f"indicators.{name}.label") if spec.get("label") else None,
            "scope": compile_rule(spec["require_section_or_label"], f"indicators.{name}.scope")
            if spec.get("require_section_or_label") else None,
            "sentence": compile_rule(spec["require_sentence"], f"indicators.{name}.sentence")
            if spec.get("require_sentence") else None,
            "zero": AnchoredRegex(compile_rule(spec["zero"], f"indicators.{name}.zero"), spec.get("zero_anchors"))
            if spec.get("zero") else None,
        }
    return rules


def _label_fits(rule: dict[str, Any], fact: dict[str, Any], sections: list[dict], shown: Shown | None = None) -> bool:
    """Whether a fact of the rule's type and unit counts what the rule names."""
    # What is counted sits at the end of the clause: 受理政府信息公开咨询|355人次.
    label = fact.get("label") or ""
    label = (shown(label) if shown else label)[-16:]
    if not rule["label"] or not rule["label"].search(label):
        return False
    if rule["scope"] and not rule["scope"].search(label):
        path = heading_path(sections, fact.get("section"))
        return bool(rule["scope"].search(shown(path) if shown else path))
    return True


def _about_disclosure(rule: dict[str, Any], text: str, fact: dict[str, Any], sections: list[dict],
                      shown: Shown | None = None) -> bool:
    """Whether the fact's sentence, or the heading right above it, is about information disclosure (when the
    rule asks: a construction fee or a tax reconsideration is not the indicator)."""
    if rule["sentence"] is None:
        return True
    sentence = text[sentence_start(text, fact["start"], 120):fact["end"]]
    # (the innermost heading only: a whole report is under some 政务公开 heading)
    heading = sections[fact["section"]]["heading"] if fact.get("section") is not None else ""
    if shown:
        sentence, heading = shown(sentence), shown(heading)
    return bool(rule["sentence"].search(sentence) or rule["sentence"].search(heading))


class _ZeroPhrases:
    """Phrases stating a zero in a report's text. One that a PDF line wrap splits (未发生…行政 / 诉讼)
    is looked for again in the text without whitespace (built once, when first needed)."""

    def __init__(self, region: str):
        self.region = region
        self.view: tuple[str, Callable[[int], int]] | None = None

    def find(self, rule: AnchoredRegex) -> tuple[int, int] | None:
        m = next(rule.finditer(self.region), None)
        if m:
            return m.start(), m.end()
        if self.view is None:
            self.view = squeezed_view(self.region)
        view, back = self.view
        m = next(rule.finditer(view), None)
        return (back(m.start()), back(m.end() - 1) + 1) if m else None


def find_indicators(text: str, original: str, start: int, end: int, facts: list[dict[str, Any]],
                    sections: list[dict], reading: str | None = None, shown: Shown | None = None) -> dict[str, dict[str, Any]]:
    """The indicators of text[start:end]. On a mirror's page `reading` is the text with its pinyin blanked
    (where zero phrases are looked for) and `shown` drops the pinyin from a label, heading or sentence."""
    found: dict[str, dict[str, Any]] = {}
    region = (reading or text)[start:end]
    counts = [f for f in facts if f["type"] == "count"]
    money = [f for f in facts if f["type"] == "money"]
    pools: dict[frozenset[str], list[dict[str, Any]]] = {}  # several rules count in the same units
    zeros = _ZeroPhrases(region)
    for name, rule in _rules().items():
        best: dict[str, Any] | None = None
        if rule["money"]:
            pool = money
        else:
            pool = pools.get(rule["units"])
            if pool is None:
                pool = pools[rule["units"]] = [f for f in counts if f["unit"] in rule["units"]]
        for f in pool:
            if _label_fits(rule, f, sections, shown) and _about_disclosure(rule, text, f, sections, shown):
                best = {"value": f["value"], "unit": f.get("unit"), "text": f["text"], "start": f["start"], "end": f["end"]}
                break
        if rule["zero"]:
            span = zeros.find(rule["zero"])
            if span and (best is None or start + span[0] < best["start"]):
                a, b = start + span[0], start + span[1]
                best = {"value": 0, "unit": None, "text": original[a:b], "start": a, "end": b}
        if best is not None:
            found[name] = best
    return found


def stage(report: Report) -> dict[str, Any]:
    """prose_indicators: the research variables as the text states them (a table's cells come later and outrank them)."""
    pinyin = bool(report.page.changes.get("pinyin"))
    return {"prose_indicators": find_indicators(report.text, report.original, report.start, report.end,
                                                report["facts"], report["sections"], report.reading,
                                                drop_pinyin if pinyin else None)}
